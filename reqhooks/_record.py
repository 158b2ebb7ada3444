"""Plain data classes without ``dataclasses``.

``@dataclass`` compiles the methods it generates (``exec``) when the class is created, about
half a millisecond a class, and importing ``dataclasses`` pulls in ``inspect``, ``ast``,
``dis`` and ``tokenize``: together more than a bare interpreter's whole start-up.  reqhooks
starts on every commit and every save, so its data classes are written out instead: each
declares its fields in ``__slots__`` (in order) and writes its own ``__init__``; this base
gives them the value equality, ``repr`` and (for frozen ones) hash a dataclass would.

    class Point(Record):
        __slots__ = ("x", "y")

        def __init__(self, x: int, y: int = 0) -> None:
            self.x = x
            self.y = y

A frozen class derives from :class:`Frozen` and sets its fields with ``object.__setattr__``
(as frozen dataclasses do).  Records do not inherit fields from one another: a subclass's
``__slots__`` are all its fields.  :func:`replace` copies an instance with some fields changed,
without running ``__init__`` again.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    R = TypeVar("R", bound="Record")


class Record:
    """Value equality and ``repr`` over the fields named in ``__slots__``; unhashable."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self.__slots__])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, as an eq=True dataclass

    def __repr__(self) -> str:
        fields = ", ".join([f"{name}={getattr(self, name)!r}" for name in self.__slots__])
        return f"{type(self).__qualname__}({fields})"


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record."""


class Frozen(Record):
    """A :class:`Record` whose fields cannot be assigned after ``__init__``; hashable."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._values())

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle without __setattr__
        return (_rebuild, (type(self), self._values()))


def _rebuild(cls: type[Record], values: tuple[Any, ...]) -> Record:
    new = object.__new__(cls)
    for name, value in zip(cls.__slots__, values):
        object.__setattr__(new, name, value)
    return new


def fields(record: Record | type[Record]) -> tuple[str, ...]:
    """The names of a record's fields, in order."""
    return record.__slots__


def replace(record: R, **changes: Any) -> R:
    """A copy of ``record`` with ``changes`` applied (unknown names are a ``TypeError``)."""
    cls = type(record)
    unknown = set(changes).difference(cls.__slots__)
    if unknown:
        raise TypeError(f"{cls.__qualname__} has no field {min(unknown)!r}")
    new = object.__new__(cls)
    for name in cls.__slots__:
        object.__setattr__(new, name, changes[name] if name in changes else getattr(record, name))
    return new
