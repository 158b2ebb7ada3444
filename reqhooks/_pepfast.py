"""Simple PEP 440 specifiers and PEP 508 markers, answered without importing ``packaging``.

Importing ``packaging.specifiers`` and ``packaging.markers`` costs about three bare
interpreter start-ups (they pull in ``logging``, ``platform``, ``subprocess``,
``dataclasses``...), and nearly every ``reqhooks check`` evaluates a few markers and
``requires-python`` ranges.  Most of those are simple (``>=3.9,<4``, ``python_full_version <
'3.11'``, ``sys_platform == 'win32'``), so this module answers them itself, with results
identical to ``packaging`` 26.3, and says "not simple" (``None``) for anything else so that
:mod:`reqhooks._pep` asks ``packaging``.

What counts as simple:

* a version is ``N(.N)*`` with an optional pre-release ``aN``, ``bN`` or ``rcN`` (ASCII digits,
  at most 18 a number; no epoch, post, dev or local part, no ``v``, no other spelling);
* a specifier set is comma-separated clauses ``OP VERSION`` with OP one of ``== != <= >= < >
  ~=`` (``.*`` after ``==`` / ``!=``), ASCII whitespace around the parts.  A clause that
  ``packaging`` certainly rejects (``>=3.*``, ``~=3``, ``3.8`` with no operator...) makes the
  whole set :data:`INVALID`; ``===`` and anything unusual is "not simple";
* a marker is ``and`` / ``or`` / parentheses over ``VARIABLE OP 'literal'`` (either order,
  either quote; OP any but ``===`` on a version variable, ``in`` and ``not in`` included)
  where the variable is a Python version (``python_version``, ``python_full_version``,
  ``implementation_version``), a platform string (``sys_platform``, ``platform_system``,
  ``platform_machine``, ``os_name``, ``implementation_name``,
  ``platform_python_implementation`` and their dotted spellings) or ``extra``; the literal
  is printable ASCII without a backslash, and one compared with a version variable is a
  simple version (or wildcard prefix) or certainly no valid one (``''``, ``'abc'``).
  ``platform_release``, ``platform_version``, ``extras``, ``dependency_groups`` are not
  simple, nor is a comparison of two variables or of two literals.

The semantics follow ``packaging`` 26.3 (``SpecifierSet.contains(v, prereleases=True)`` and
``Marker._evaluate_markers``), worked out for versions without epoch/post/dev/local parts:

* versions compare by (release without trailing zeros, pre-release rank) -- ``1.0 == 1.0.0``;
* ``<V`` for a final V excludes V's pre-releases (``3.10.0a1`` is not ``<3.10``); ``>V`` is a
  plain comparison (only post-releases, never simple, are carved out);
* ``~=X.Y`` is ``>=X.Y`` and below ``X+1``'s first (dev) release; ``==X.Y.*`` is the releases
  (with pre-releases) from ``X.Y`` up to ``X.(Y+1)``'s first, zero-padded;
* a marker compares a version variable with a version when ``Specifier(op + right)`` is valid,
  otherwise with ``packaging``'s string operators (``<`` / ``>`` false, ``<=`` / ``>=`` / ``==``
  equality, ``~=`` undefined: evaluation raises, which :func:`reqhooks._pep.marker_applies`
  counts as applying); every other variable is compared as a string (26.x tries versions on
  the four version variables only); ``extra`` literals, nested ones too (new in 26.3), and
  the environment's extra are normalised as names (PEP 685).

``tests/test_pepfast.py`` checks all of it against ``packaging``.
"""

from __future__ import annotations

import functools

from reqhooks._names import canonical

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Final

    #: (release without trailing zeros, (pre-release rank, number)); final releases rank 3.
    Key = tuple[tuple[int, ...], tuple[int, int]]
    Clause = Callable[[Key], bool]
    #: (environment key, test of its value)
    Atom = tuple[str, Callable[[str], bool]]
    #: or-ed groups of and-ed atoms and parenthesised markers
    Compiled = list[list["Atom | Compiled"]]

#: The answer for a specifier set ``packaging`` certainly rejects (the only ``str`` answer).
INVALID: Final = "invalid"

#: The answer for a marker whose evaluation raises in ``packaging`` whatever the environment
#: (the only ``str`` answer).
RAISES: Final = "raises"

_PRE_RANK: Final = {"a": 0, "b": 1, "rc": 2}
_FINAL: Final = (3, 0)

#: Characters any valid non-``===`` specifier or any version is made of (besides whitespace).
_VERSION_CHARS: Final = frozenset(
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._+!-"
)
_SPEC_CHARS: Final = _VERSION_CHARS | {"*"}
_DIGITS: Final = frozenset("0123456789")
_FIRST: Final = frozenset("0123456789vV")
_OP_CHARS: Final = frozenset("=!~<>")
_WS: Final = " \t"
_WORD: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_NAME: Final = _WORD | {"."}


class Unknown(Exception):
    """Raised during evaluation when an input turns out not to be simple."""


def _trim(release: tuple[int, ...]) -> tuple[int, ...]:
    end = len(release)
    while end and release[end - 1] == 0:
        end -= 1
    return release[:end]


def _number(text: str) -> bool:
    return 0 < len(text) <= 18 and text.isascii() and text.isdigit()


def _split(text: str) -> tuple[tuple[int, ...], tuple[int, int], bool] | None:
    """(release, pre, wildcard) of a simple version or ``X.Y.*`` prefix; None if not simple.

    Simple: ``N(.N)*``, then optionally ``aN`` / ``bN`` / ``rcN``, then optionally ``.*``
    (N: 1 to 18 ASCII digits).  Written out: compiling a regular expression for it would
    cost more at start-up than the fast path saves on a small project.
    """
    wildcard = text.endswith(".*")
    parts = (text[:-2] if wildcard else text).split(".")
    pre = _FINAL
    last = parts[-1]
    if not _number(last):  # the last part may carry the pre-release: 0rc1
        digits = 0
        while digits < len(last) and last[digits] in _DIGITS:
            digits += 1
        letters = digits
        while letters < len(last) and last[letters] not in _DIGITS:
            letters += 1
        rank = _PRE_RANK.get(last[digits:letters])
        number = last[letters:]
        if rank is None or not _number(number):
            return None
        pre = (rank, int(number))
        parts[-1] = last[:digits]
    for part in parts:
        if not _number(part):
            return None
    return tuple([int(part) for part in parts]), pre, wildcard


def version(text: str) -> Key | None:
    """The comparison key of a simple version; None if ``text`` is not one."""
    parts = _split(text)
    if parts is None or parts[2]:
        return None
    return _trim(parts[0]), parts[1]


def release(text: str) -> tuple[int, ...] | None:
    """The release numbers of a simple version, as written (``1.0`` is ``(1, 0)``)."""
    parts = _split(text)
    return None if parts is None or parts[2] else parts[0]


def _looks_unlike_spec(rest: str) -> bool:
    """Whether no valid non-``===`` specifier has ``rest`` after its operator."""
    if not rest:
        return True
    first = rest[0]
    if first in _OP_CHARS:  # "<" + "=3" is "<=3"; "==" + "=3" is "===3"
        return False
    if first not in _FIRST and not first.isspace():
        return True
    return any(c not in _SPEC_CHARS and not c.isspace() for c in rest)


def _looks_unlike_version(text: str) -> bool:
    """Whether ``packaging.version.Version(text)`` certainly raises."""
    if not text:
        return True
    first = text[0]
    if first not in _FIRST and not first.isspace():
        return True
    return any(c not in _VERSION_CHARS and not c.isspace() for c in text)


def _clause(op: str, rest: str) -> Clause | str | None:
    """The test for ``op`` + ``rest`` (the text after the operator, as ``Specifier`` gets it).

    :data:`INVALID` if ``packaging`` rejects the specifier, None if it is not simple.
    """
    parts = _split(rest.lstrip())
    if parts is None:
        return INVALID if _looks_unlike_spec(rest) else None
    release, pre, wildcard = parts
    if wildcard:
        if pre != _FINAL or op not in ("==", "!="):
            return INVALID
        low = _trim(release)
        high = _trim((*release[:-1], release[-1] + 1))
        if op == "==":
            return lambda v: low <= v[0] < high
        return lambda v: not (low <= v[0] < high)
    key = (_trim(release), pre)
    if op == "==":
        return key.__eq__
    if op == "!=":
        return key.__ne__
    if op == "<=":
        return key.__ge__
    if op == ">=":
        return key.__le__
    if op == ">":
        return key.__lt__
    if op == "<":
        if pre == _FINAL:  # <V excludes V's pre-releases: below V.dev0
            low = key[0]
            return lambda v: v[0] < low
        return key.__gt__
    if op == "~=":
        if len(release) < 2:
            return INVALID
        high = _trim((*release[:-2], release[-2] + 1))
        return lambda v: v >= key and v[0] < high
    return None  # "===" and anything else


def _split_op(text: str) -> tuple[str, str] | None:
    """(operator, rest) of a stripped specifier clause; None if it starts with no operator."""
    head = text[:2]
    if head in ("~=", "==", "!=", "<=", ">="):
        return head, text[2:]
    if head[:1] in ("<", ">"):
        return head[:1], text[1:]
    return None


@functools.lru_cache(maxsize=4096)
def specifiers(text: str) -> tuple[Clause, ...] | str | None:
    """The clauses of a simple specifier set, :data:`INVALID`, or None if not simple."""
    if not text.isascii():
        return None
    out: list[Clause] = []
    unknown = False
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if part.startswith("==="):
            unknown = True
            continue
        split = _split_op(part)
        if split is None:
            return INVALID  # every clause starts with an operator
        test = _clause(*split)
        if isinstance(test, str):
            return INVALID
        if test is None:
            unknown = True
        else:
            out.append(test)
    return None if unknown else tuple(out)


def matches(clauses: tuple[Clause, ...], key: Key) -> bool:
    """Whether a simple version satisfies every clause (pre-releases allowed)."""
    for test in clauses:
        if not test(key):
            return False
    return True


_PRE_PROBES: Final = ((0, 1), (1, 1), (2, 1))  # a1, b1, rc1


def any_release(clauses: tuple[Clause, ...], major: int, minor: int) -> bool:
    """Whether some ``major.minor.P`` (P < 31) or ``major.minor.0a1/b1/rc1`` satisfies all."""
    for patch in range(31):
        if matches(clauses, (_trim((major, minor, patch)), _FINAL)):
            return True
    base = _trim((major, minor, 0))
    return any(matches(clauses, (base, pre)) for pre in _PRE_PROBES)


# -- markers -------------------------------------------------------------------------------

_VERSION_VARS: Final = frozenset(
    {"python_version", "python_full_version", "implementation_version"}
)
_VARIABLES: Final = {
    "python_version": "python_version",
    "python_full_version": "python_full_version",
    "implementation_version": "implementation_version",
    "implementation_name": "implementation_name",
    "sys_platform": "sys_platform",
    "sys.platform": "sys_platform",
    "platform_system": "platform_system",
    "platform_machine": "platform_machine",
    "platform.machine": "platform_machine",
    "os_name": "os_name",
    "os.name": "os_name",
    "platform_python_implementation": "platform_python_implementation",
    "platform.python_implementation": "platform_python_implementation",
    "python_implementation": "platform_python_implementation",
    "extra": "extra",
}
_OPS: Final = ("===", "==", "~=", "!=", "<=", ">=", "<", ">")


canonicalize_name = canonical  # reqhooks._names: packaging.utils.canonicalize_name


def _string_op(op: str) -> Callable[[str, str], bool] | None:
    """``packaging.markers._operators``; None for an undefined comparison (it raises)."""
    if op in ("==", "<=", ">="):
        return str.__eq__
    if op == "!=":
        return str.__ne__
    if op in ("<", ">"):
        return lambda _a, _b: False
    if op == "in":
        return lambda a, b: a in b
    if op == "not in":
        return lambda a, b: a not in b
    return None


class _Parser:
    __slots__ = ("pos", "raises", "shape", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.raises = False
        self.shape: list[object] = []  # packaging's Marker._markers, for tree()

    def ws(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in _WS:
            pos += 1
        self.pos = pos

    def word(self, word: str) -> bool:
        """Whether ``\\bword\\b`` is next (the position is left before it)."""
        text, pos = self.text, self.pos
        if not text.startswith(word, pos):
            return False
        if pos and text[pos - 1] in _WORD:
            return False
        end = pos + len(word)
        return end == len(text) or text[end] not in _WORD

    def marker(self) -> Compiled | None:
        groups: Compiled = [[]]
        shape: list[object] = []
        while True:
            atom = self.atom()
            if atom is None:
                return None
            groups[-1].append(atom)
            shape.append(self.shape)
            if self.word("and"):
                self.pos += 3
                shape.append("and")
            elif self.word("or"):
                self.pos += 2
                groups.append([])
                shape.append("or")
            else:
                self.shape = shape
                return groups

    def atom(self) -> Atom | Compiled | None:
        self.ws()
        text = self.text
        if text.startswith("(", self.pos):
            self.pos += 1
            self.ws()
            inner = self.marker()
            if inner is None:
                return None
            self.ws()
            if not text.startswith(")", self.pos):
                return None
            self.pos += 1
            self.ws()
            return inner
        item = self.item()
        self.ws()
        return item

    def operand(self) -> tuple[bool, str] | None:
        """(is a variable, its canonical name or the literal's value)."""
        text, pos = self.text, self.pos
        if pos >= len(text):
            return None
        quote = text[pos]
        if quote in "'\"":
            end = text.find(quote, pos + 1)
            if end < 0:
                return None
            value = text[pos + 1 : end]
            if "\\" in value or not value.isprintable():
                return None  # escapes (ast.literal_eval) and control characters
            self.pos = end + 1
            return False, value
        end = pos
        while end < len(text) and text[end] in _NAME:
            end += 1
        name = _VARIABLES.get(text[pos:end])
        if name is None:
            return None
        self.pos = end
        return True, name

    def op(self) -> str | None:
        text, pos = self.text, self.pos
        if self.word("in"):
            self.pos += 2
            return "in"
        if self.word("not"):
            pos += 3
            start = pos
            while pos < len(text) and text[pos] in _WS:
                pos += 1
            if pos == start:
                return None
            self.pos = pos
            if not self.word("in"):
                return None
            self.pos += 2
            return "not in"
        for op in _OPS:
            if text.startswith(op, pos):
                self.pos = pos + len(op)
                return op
        return None

    def item(self) -> Atom | None:
        left = self.operand()
        if left is None:
            return None
        self.ws()
        op = self.op()
        if op is None:
            return None
        self.ws()
        right = self.operand()
        if right is None or left[0] == right[0]:
            return None  # two variables or two literals: not simple
        var_left = left[0]
        key = left[1] if var_left else right[1]
        literal = right[1] if var_left else left[1]
        if key == "extra":
            literal = canonicalize_name(literal)
        nodes = (Variable(key), Value(literal))
        self.shape = (nodes[0], Op(op), nodes[1]) if var_left else (nodes[1], Op(op), nodes[0])  # type: ignore[assignment]
        test = _compile_item(key, op, literal, var_left)
        if test is None:
            return None
        if isinstance(test, str):  # RAISES
            self.raises = True
            test = _never
        return key, test


def _never(_value: str) -> bool:
    return False


def _compile_item(
    key: str, op: str, literal: str, var_left: bool
) -> Callable[[str], bool] | str | None:
    """The test of an environment value; :data:`RAISES` or None (not simple)."""
    if key in _VERSION_VARS:
        if op == "===":
            return None
        if op not in ("in", "not in"):  # Specifier("in...") is always invalid
            if var_left:  # Specifier(op + literal).contains(value)
                test = _clause(op, literal)
                if test is None:
                    return None
                if not isinstance(test, str):  # INVALID: string comparison below
                    clause = test  # (narrowed, for the closure)
                    return lambda value: clause(_env_version(value))
            else:  # Specifier(op + value).contains(literal)
                item = version(literal)
                if item is not None:
                    wanted = item  # (narrowed, for the closure)
                    return lambda value: _env_clause(op, value)(wanted)
                if not _looks_unlike_version(literal):
                    return None
                # contains() of something that is no version is false (once the
                # specifier is known to be valid)
                return lambda value: _env_clause(op, value) is None
    oper = _string_op(op)
    if oper is None:
        return RAISES
    if var_left:
        return lambda value: oper(value, literal)
    return lambda value: oper(literal, value)


def _env_version(value: str) -> Key:
    key = version(value)
    if key is None:
        raise Unknown(value)
    return key


@functools.lru_cache(maxsize=256)
def _env_clause(op: str, value: str) -> Clause:
    """The test of ``Specifier(op + value)`` for an environment's version value."""
    if version(value) is None:
        raise Unknown(value)
    test = _clause(op, value)
    if test is None or isinstance(test, str):
        raise Unknown(value)  # not for "X.Y" values and the operators that reach here
    return test


class _Node:
    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value


class Variable(_Node):
    """An environment variable of :func:`tree`, as packaging's ``_parser.Variable``."""


class Value(_Node):
    """A literal of :func:`tree`, as packaging's ``_parser.Value``."""


class Op(_Node):
    """An operator of :func:`tree`, as packaging's ``_parser.Op``."""


@functools.lru_cache(maxsize=1024)
def tree(text: str) -> list[object] | None:
    """packaging's parse of a simple marker (``Marker(text)._markers``): ``(lhs, Op, rhs)``
    comparisons of :class:`Variable` and :class:`Value` nodes, ``"and"``/``"or"`` between
    them, a list for each parenthesised part; ``extra`` literals normalised as packaging
    does.  None when the marker is not simple."""
    if marker(text) is None:
        return None
    parser = _Parser(text)
    if parser.marker() is None:  # pragma: no cover - marker() read it
        return None
    return parser.shape


@functools.lru_cache(maxsize=4096)
def marker(text: str) -> Compiled | str | None:
    """A simple marker compiled for :func:`evaluate`, :data:`RAISES`, or None (not simple)."""
    if not text.isascii():
        return None
    parser = _Parser(text)
    compiled = parser.marker()
    if compiled is None or parser.pos != len(text):
        return None
    return RAISES if parser.raises else compiled


def evaluate(compiled: Compiled, environment: Mapping[str, str]) -> bool:
    """``Marker.evaluate(environment)`` for a compiled simple marker.

    Raises :class:`Unknown` if an environment value is not simple.
    """
    env = dict(environment)
    extra = env.get("extra")
    env["extra"] = canonicalize_name(extra) if extra else ""
    full = env.get("python_full_version", "")
    if full.endswith("+"):
        env["python_full_version"] = full + "local"
    return _evaluate(compiled, env)


def _evaluate(compiled: Compiled, env: Mapping[str, str]) -> bool:
    result = False
    for group in compiled:
        ok = True
        for atom in group:  # packaging evaluates every atom; they have no side effects
            if isinstance(atom, tuple):
                value = env.get(atom[0])
                if value is None:
                    raise Unknown(atom[0])
                if not atom[1](value):
                    ok = False
            elif not _evaluate(atom, env):
                ok = False
        if ok:
            result = True
    return result
