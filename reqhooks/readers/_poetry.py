"""Poetry's dependency specifications, translated to PEP 440 specifiers and PEP 508 strings.

Poetry writes version constraints in its own syntax (``^1.2``, ``~1.2``, ``1.2.*``, ``>=1 <2``,
``^1 || ^2``) and dependencies as tables (``{version = "^1", python = "^3.8", extras = [...]}``)
or arrays of tables.  The readers of ``pyproject.toml`` and ``poetry.lock`` hand them to this
module, and every rule then sees plain PEP 440 / PEP 508 text.

Constraint syntax, as poetry-core reads it:

- ``^1.2.3`` is ``>=1.2.3,<2.0.0``: the first non-zero component written may not change
  (``^0.2.3`` -> ``<0.3.0``, ``^0.0.3`` -> ``<0.0.4``, ``^0`` -> ``<1``);
- ``~1.2.3`` is ``>=1.2.3,<1.3.0``, and ``~1`` is ``>=1,<2``;
- ``1.2.*`` and ``!=1.2.*`` are PEP 440 wildcards; ``*``, ``x`` and ``""`` allow any version;
- a bare ``1.2.3`` (or ``=1.2.3``) is ``==1.2.3``;
- a comma or a space means AND (``>=1.2 <2``), and a trailing comma is ignored;
- PEP 440 clauses pass through, except ``~=1`` (one component, which PEP 440 rejects), read
  as ``>=1,<2``, and ``>=3.5.*``, whose wildcard Poetry drops;
- ``||`` (or ``|``) means OR.

PEP 440 has no OR.  :func:`constraint_to_specifiers` returns the alternatives one by one, and
:func:`constraint_to_pep440` merges alternatives that overlap or touch into one specifier set
(``^1 || ^2`` -> ``>=1,<3``), raising :class:`PoetryConstraintError` when a gap remains
(``^1 || ^3``).  Where two alternatives only touch, PEP 440 leaves the pre-releases of the
seam version in neither (``2.0rc1`` for ``<2`` then ``>=2``; the post-releases of 2 for
``<=2`` then ``>2``), while the merged set holds them: the one way a merge is wider than its
alternatives, and a resolver takes such a version only when pre-releases are allowed.

Each clause keeps its PEP 440 meaning.  poetry-core departs from it in two corners, both about
the post-releases of a version named after ``!=`` or ``>``: it refuses ``1.0.post1`` for
``^1,!=1`` (though not for ``!=1`` alone), and reads ``>1 || ==1`` as ``>=1``.

Not supported (:class:`PoetryConstraintError`): hyphen ranges (``1 - 2``, which poetry-core
rejects too), ``x`` after a number (``1.2.x``), wildcards after a pre-, post- or dev-release,
local version labels (``+abc``) with anything but ``==`` and ``!=``, Poetry's ``dev``
pseudo-version, and ``<>`` (Composer's "not equal", which poetry-core reads as ``==``).
"""

from __future__ import annotations

import re

from reqhooks import _pepfast
from reqhooks._lazy import lazy_pattern
from reqhooks._record import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import Final, TypeAlias

    from packaging.version import Version

    _AnyVersion: TypeAlias = "Version | _SimpleVersion"

__all__ = [
    "PoetryConstraintError",
    "PoetryDependency",
    "constraint_to_pep440",
    "constraint_to_specifiers",
    "parse_dependency",
]


class PoetryConstraintError(ValueError):
    """A Poetry constraint or dependency table that cannot be read.

    ``str(error)`` is one line starting with "Expected"; ``constraint`` is the text that was
    being read and ``span`` the ``(start, end)`` offsets of the bad part within it.
    """

    def __init__(
        self, message: str, constraint: str = "", span: tuple[int, int] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.constraint = constraint
        self.span = span if span is not None else (0, len(constraint))


class _UnionError(PoetryConstraintError):
    """Alternatives that no single PEP 440 specifier set can express."""


_OR = lazy_pattern(r"\s*\|\|?\s*")
_ATOM = lazy_pattern(r"(?P<op>===|==|!=|<>|<=|>=|~=|<|>|=|\^|~)?\s*(?P<version>[^\s,|]*)")
_SEPARATOR = lazy_pattern(r"\s*,\s*|\s+")
_ANY = lazy_pattern(r"v?[xX*](?:\.[xX*])*")
_WILDCARD_TAIL = lazy_pattern(r"(?:\.\*)+$")
_RELEASE = lazy_pattern(r"v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*", re.IGNORECASE)
_NAME = lazy_pattern(r"[A-Z0-9](?:[A-Z0-9._-]*[A-Z0-9])?", re.IGNORECASE)
_PLATFORM = lazy_pattern(r"[A-Za-z0-9_.+-]+")
_SCP_LIKE = lazy_pattern(r"(?P<user>[^@/:]+@)?(?P<host>[^/:]+):(?P<path>(?!/).+)")


class _Clause(Frozen):
    """One PEP 440 clause, e.g. ``>=`` and ``1.2``; ``version`` may end in ``.*``."""

    __slots__ = ("op", "version")

    op: str
    version: str

    def __init__(self, op: str, version: str) -> None:
        object.__setattr__(self, "op", op)
        object.__setattr__(self, "version", version)

    def __str__(self) -> str:
        return f"{self.op}{self.version}"


class _Branch(Frozen):
    """One alternative of an OR: clauses joined by AND (none: any version)."""

    __slots__ = ("clauses", "span")

    clauses: tuple[_Clause, ...]
    span: tuple[int, int]

    def __init__(self, clauses: tuple[_Clause, ...], span: tuple[int, int]) -> None:
        object.__setattr__(self, "clauses", clauses)
        object.__setattr__(self, "span", span)

    def __str__(self) -> str:
        return ",".join(str(clause) for clause in self.clauses)


def _error(message: str, constraint: str, start: int, end: int) -> PoetryConstraintError:
    return PoetryConstraintError(message, constraint, (start, end))


# Versions.  Importing packaging.version costs about a bare interpreter start-up, and nearly
# every constraint names only simple versions ("1.2.3", "2.0rc1"), so those are read here.
# Anything else (epochs, post-, dev- and local releases, "v1", "1.0-beta.2", "1.0RC1") goes to
# packaging.  Constraint by constraint the output is the same either way: a clause's text is
# str(version) in both, and the interval code below runs on one kind of version at a time.

#: Off only in tests, which compare the two paths.
_FAST = True

_PRE_LETTERS: Final = ("a", "b", "rc")


class _NotSimple(Exception):
    """A version :class:`_SimpleVersion` does not read: packaging must."""


class _SimpleVersion:
    """``packaging.version.Version`` for simple versions, as far as this module uses it.

    :meth:`parse` reads ``N(.N)*`` with an optional ``aN``, ``bN`` or ``rcN``, exactly the
    versions :func:`reqhooks._pepfast._split` calls simple (lower-case, ASCII digits, at most 18
    a number; no ``v``, epoch, post, dev or local part, no other spelling).  :meth:`read`, for
    the interval code, also reads a release (``N(.N)*``, numbers of any length) followed by
    ``.devN`` or ``.postN``: the cuts that code builds from simple clauses (``2.dev0``,
    ``1.0.post9223372036854775808``).  Each value is what packaging 26.3 gives: ``str``
    (normalised: ``01.2rc01`` is ``1.2rc1``), ``release`` (as written), ``epoch`` (0),
    ``local`` (None), ``pre``, ``post``, ``dev``, ``public``, ``base_version``,
    ``is_prerelease``, ``is_postrelease``, and the order (packaging's ``_cmpkey`` without
    epoch and local).  A simple version only compares with another: with a packaging
    ``Version`` it raises ``TypeError``, so a mix of the two kinds cannot go unnoticed.
    """

    __slots__ = ("_key", "dev", "post", "pre", "release")

    _key: tuple[tuple[int, ...], tuple[int, ...]]
    release: tuple[int, ...]
    pre: tuple[str, int] | None
    post: int | None
    dev: int | None
    epoch = 0
    local = None

    def __init__(
        self,
        release: tuple[int, ...],
        pre: tuple[str, int] | None,
        post: int | None,
        dev: int | None,
    ) -> None:
        self.release = release
        self.pre = pre
        self.post = post
        self.dev = dev
        end = len(release)
        while end and release[end - 1] == 0:
            end -= 1
        if pre is not None:
            pre_key = (_PRE_LETTERS.index(pre[0]), pre[1])
        elif post is None and dev is not None:
            pre_key = (-1, 0)  # a dev-only release sorts before the alpha releases
        else:
            pre_key = (3, 0)  # a final or post-release after the release candidates
        post_key = (0, 0) if post is None else (1, post)
        dev_key = (1, 0) if dev is None else (0, dev)
        self._key = (release[:end], (*pre_key, *post_key, *dev_key))

    @classmethod
    def parse(cls, text: str) -> _SimpleVersion | None:
        """The version ``text`` names if it is simple, else None."""
        if not _FAST:
            return None
        parts = _pepfast._split(text)
        if parts is None or parts[2]:
            return None
        release, (rank, number), _ = parts
        pre = None if rank == 3 else (_PRE_LETTERS[rank], number)
        return cls(release, pre, None, None)

    @classmethod
    def read(cls, text: str) -> _SimpleVersion:
        """:meth:`parse`, and a release then ``.devN`` or ``.postN``; else :class:`_NotSimple`."""
        simple = cls.parse(text)
        if simple is not None:
            return simple
        if not _FAST or not text.isascii():
            raise _NotSimple(text)
        post = dev = None
        release_text, dot_dev, number = text.rpartition(".dev")
        if dot_dev:
            dev = _digits(number)
        else:
            release_text, dot_post, number = text.rpartition(".post")
            if dot_post:
                post = _digits(number)
            else:
                release_text = text
        return cls(tuple([_digits(part) for part in release_text.split(".")]), None, post, dev)

    def __str__(self) -> str:
        text = ".".join(map(str, self.release))
        if self.pre is not None:
            text += f"{self.pre[0]}{self.pre[1]}"
        if self.post is not None:
            text += f".post{self.post}"
        if self.dev is not None:
            text += f".dev{self.dev}"
        return text

    def __repr__(self) -> str:
        return f"<_SimpleVersion({str(self)!r})>"

    @property
    def public(self) -> str:
        return str(self)

    @property
    def base_version(self) -> str:
        return ".".join(map(str, self.release))

    @property
    def is_prerelease(self) -> bool:
        return self.pre is not None or self.dev is not None

    @property
    def is_postrelease(self) -> bool:
        return self.post is not None

    def _other(self, other: object) -> tuple[tuple[int, ...], tuple[int, ...]]:
        if not isinstance(other, _SimpleVersion):
            raise TypeError(f"cannot compare a simple version with {other!r}")
        return other._key

    def __eq__(self, other: object) -> bool:
        return self._key == self._other(other)

    def __ne__(self, other: object) -> bool:
        return self._key != self._other(other)

    def __lt__(self, other: object) -> bool:
        return self._key < self._other(other)

    def __le__(self, other: object) -> bool:
        return self._key <= self._other(other)

    def __gt__(self, other: object) -> bool:
        return self._key > self._other(other)

    def __ge__(self, other: object) -> bool:
        return self._key >= self._other(other)

    def __hash__(self) -> int:
        return hash(self._key)


def _digits(text: str) -> int:
    """An ASCII number of any length (within ``int()``'s limit), else :class:`_NotSimple`."""
    if not text.isdigit():  # (the caller checked that the text is ASCII)
        raise _NotSimple(text)
    try:
        return int(text)
    except ValueError:  # more digits than int() takes
        raise _NotSimple(text) from None


def _packaging_version(text: str) -> Version:
    from packaging.version import Version

    return Version(text)


def _any_version(text: str) -> _AnyVersion:
    """A clause's version as :meth:`_SimpleVersion.read` reads it, else as packaging's."""
    try:
        return _SimpleVersion.read(text)
    except _NotSimple:
        return _packaging_version(text)


def _version(text: str, constraint: str, start: int) -> _AnyVersion:
    simple = _SimpleVersion.parse(text)
    if simple is not None:
        return simple
    try:
        return _packaging_version(text)
    except ValueError:  # InvalidVersion, or a part of more digits than int() takes
        raise _error(
            f"Expected a PEP 440 version, got {text!r} in {constraint!r}",
            constraint,
            start,
            start + len(text),
        ) from None


def _release_text(epoch: int, release: Sequence[int]) -> str:
    prefix = f"{epoch}!" if epoch else ""
    return prefix + ".".join(str(part) for part in release)


def _caret_upper(version: _AnyVersion) -> str:
    # Poetry's "next breaking" version: bump the first non-zero component among the
    # ones written, keeping as many components as the user wrote.
    release = version.release
    if release[0] > 0 or len(release) == 1:
        index = 0
    elif release[1] > 0 or len(release) == 2:
        index = 1
    else:
        index = 2
    upper = [*release[:index], release[index] + 1] + [0] * (len(release) - index - 1)
    return _release_text(version.epoch, upper)


def _tilde_upper(version: _AnyVersion) -> str:
    release = version.release
    index = 0 if len(release) == 1 else 1
    upper = [*release[:index], release[index] + 1] + [0] * (len(release) - index - 1)
    return _release_text(version.epoch, upper)


def _atom(
    op: str | None, token: str, constraint: str, op_start: int, start: int
) -> tuple[_Clause, ...]:
    """The PEP 440 clauses for one Poetry atom (``token`` starts at ``start``)."""
    end = start + len(token)
    shown = constraint[op_start:end]
    if not token:
        raise _error(f"Expected a version after {shown!r}", constraint, op_start, end)
    if _ANY().fullmatch(token):
        if op is not None:
            raise _error(f"Expected a version, got {shown!r}", constraint, op_start, end)
        return ()
    if op == "<>":
        # Composer's "not equal", but poetry-core reads it as "==": refuse the ambiguity.
        raise _error(
            f"Expected '!=' instead of '<>', which Poetry reads as '==', in {shown!r}",
            constraint,
            op_start,
            end,
        )
    if op == "=":
        op = "=="

    if token.endswith(".*"):
        base = _WILDCARD_TAIL().sub("", token)
        if op in (None, "==", "!="):
            if not _RELEASE().fullmatch(base):
                raise _error(
                    f"Expected a release number before '.*', got {shown!r}",
                    constraint,
                    op_start,
                    end,
                )
            version = _version(base, constraint, start)
            return (_Clause(op or "==", f"{version}.*"),)
        if op in ("<", "<=", ">", ">="):
            # Poetry reads ">=3.5.*" (seen in old package metadata) as ">=3.5".
            return (_Clause(op, str(_version(base, constraint, start))),)
        raise _error(f"Expected no wildcard after {op!r}, got {shown!r}", constraint, op_start, end)

    if op == "===":
        return (_Clause(op, token),)
    version = _version(token, constraint, start)
    if version.local is not None and op not in (None, "==", "!="):
        raise _error(
            f"Expected a version without a local label ('+{version.local}') in {shown!r}",
            constraint,
            op_start,
            end,
        )
    text = str(version)
    if op == "^":
        return _Clause(">=", text), _Clause("<", _caret_upper(version))
    if op == "~":
        return _Clause(">=", text), _Clause("<", _tilde_upper(version))
    if op == "~=" and len(version.release) == 1:
        # PEP 440 needs two components after ~=; Poetry reads "~=1" as ">=1,<2".
        return _Clause(">=", text), _Clause("<", _tilde_upper(version))
    return (_Clause(op or "==", text),)


def _branch(constraint: str, start: int, end: int) -> _Branch:
    text = constraint[start:end].rstrip().rstrip(",").rstrip()
    end = start + len(text)
    if not text:
        where = "after '||'" if start else "before '||'"
        raise _error(
            f"Expected a version constraint {where} in {constraint!r}", constraint, start, end
        )
    if _ANY().fullmatch(text):
        return _Branch((), (start, end))
    clauses: list[_Clause] = []
    pos = start
    while True:
        match = _ATOM().match(constraint, pos, end)
        assert match is not None  # every part of the pattern is optional
        op = match.group("op")
        clauses.extend(_atom(op, match.group("version"), constraint, pos, match.start("version")))
        pos = match.end()
        if pos >= end:
            return _Branch(tuple(clauses), (start, end))
        separator = _SEPARATOR().match(constraint, pos, end)
        if separator is None or separator.end() >= end or constraint[separator.end()] == ",":
            bad = separator.end() if separator is not None else pos
            raise _error(
                f"Expected a version constraint at {constraint[bad:end]!r} in {constraint!r}",
                constraint,
                bad,
                end,
            )
        pos = separator.end()


def _parse(constraint: object) -> tuple[_Branch, ...]:
    if not isinstance(constraint, str):
        raise PoetryConstraintError(
            f"Expected a version constraint string, got {type(constraint).__name__}"
        )
    stripped = constraint.strip()
    if not stripped or stripped == "*":
        return (_Branch((), (0, len(constraint))),)
    head = len(constraint) - len(constraint.lstrip())
    tail = head + len(stripped)
    branches: list[_Branch] = []
    pos = head
    for match in _OR().finditer(constraint, head, tail):
        branches.append(_branch(constraint, pos, match.start()))
        pos = match.end()
    branches.append(_branch(constraint, pos, tail))
    return tuple(branches)


def constraint_to_specifiers(constraint: str) -> tuple[str, ...]:
    """The alternatives of a Poetry constraint, each as a PEP 440 specifier string.

    ``"^1.0 || ^2.0"`` gives ``(">=1.0,<2.0", ">=2.0,<3.0")``; a constraint without ``||``
    gives one string.  An empty string stands for "any version".
    """
    return tuple(str(branch) for branch in _parse(constraint))


def constraint_to_pep440(constraint: str) -> str:
    """A Poetry constraint as one PEP 440 specifier string, ``""`` for any version.

    Alternatives (``||``) are merged where they overlap or touch; a gap between them
    raises :class:`PoetryConstraintError` (see the module documentation).
    """
    plain = _plain_constraint(constraint)
    if plain is not None:
        return plain
    branches = _parse(constraint)
    if len(branches) == 1:
        return str(branches[0])
    return _merge(constraint, branches)


_PLAIN_OPERATORS: Final = ("==", "!=", "<=", ">=", "<", ">")


def _plain_constraint(constraint: str) -> str | None:
    """What :func:`constraint_to_pep440` makes of the constraints locks are mostly made of,
    ``*``, ``>=3.8``, ``>=2,<3``, ``3.21.7``: comparisons of plain release numbers, which
    PEP 440 writes the same (``==`` made explicit).  None for any other constraint.  A lock of
    a few hundred packages names a hundred or more of these; this spares them the grammar."""
    if not isinstance(constraint, str):
        return None  # the grammar reports it
    if constraint == "*":
        return ""
    clauses = []
    for clause in constraint.split(","):
        op = next((op for op in _PLAIN_OPERATORS if clause.startswith(op)), "")
        release = clause[len(op) :]
        if not all(map(_plain_number, release.split("."))):
            return None
        clauses.append((op or "==") + release)
    return ",".join(clauses)


def _plain_number(text: str) -> bool:
    # As packaging writes it back: ASCII digits, no leading zero, within _pepfast's 18.
    return (
        text.isdigit()
        and text.isascii()
        and len(text) <= 18
        and (text == "0" or not text.startswith("0"))
    )


# Merging alternatives.  Each alternative becomes an interval of the version line minus some
# excluded versions or wildcard ranges, and intervals that overlap or touch are joined.
#
# A bound is a cut in the version line, keyed (v, 0) for "just below v" and (v, 1) for "just
# above v and its local variants", so that PEP 440's special cases become plain intervals:
# "<2" stops just below 2.dev0 (it refuses 2.0's pre-releases) and ">2" starts just above the
# last post-release of 2.  The few clauses that are no interval at all ("===", "+local"
# labels, ">" a pre- or post-release, "<" a post-release) are not merged.

_Key = tuple["_AnyVersion", int]  # one kind of version in all the keys of a merge

# Larger than any post-release number in practice: "just above 2.post<_HUGE>" is "just above
# every post-release of 2".
_HUGE: Final = 2**63


class _Bound(Frozen):
    __slots__ = ("key", "text")

    key: _Key
    text: str  # the clause that states this bound, e.g. ">=1.2"

    def __init__(self, key: _Key, text: str) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "text", text)


class _Interval(Frozen):
    __slots__ = ("lower", "upper", "excluded", "branch")

    lower: _Bound | None  # None: unbounded
    upper: _Bound | None
    excluded: tuple[tuple[_Clause, _Bound, _Bound], ...]
    branch: _Branch

    def __init__(
        self,
        lower: _Bound | None,
        upper: _Bound | None,
        excluded: tuple[tuple[_Clause, _Bound, _Bound], ...],
        branch: _Branch,
    ) -> None:
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "upper", upper)
        object.__setattr__(self, "excluded", excluded)
        object.__setattr__(self, "branch", branch)


def _with_suffix(version: _AnyVersion, suffix: str) -> _AnyVersion:
    """``version``'s release with ``suffix``, as the same kind of version."""
    text = _release_text(version.epoch, version.release) + suffix
    if isinstance(version, _SimpleVersion):
        return _SimpleVersion.read(text)
    return _packaging_version(text)


def _next_release(version: _AnyVersion, index: int) -> str:
    """The release after ``version`` when component ``index`` is bumped, as text."""
    release = version.release
    return _release_text(version.epoch, [*release[:index], release[index] + 1])


class _Unmergeable(Exception):
    pass


def _clause_bounds(
    clause: _Clause, read: Callable[[str], _AnyVersion]
) -> tuple[_Bound | None, _Bound | None]:
    """The interval a clause allows (for ``!=``: the interval it excludes).

    ``read`` reads the versions: :meth:`_SimpleVersion.read` or packaging's ``Version``.
    """
    op, text = clause.op, clause.version
    if op == "===" or "+" in text:
        raise _Unmergeable
    if text.endswith(".*"):
        base = read(text[:-2])
        upper = _next_release(base, len(base.release) - 1)
        low = f"{text[:-2]}.dev0"
        return (
            _Bound((read(low), 0), f">={low}"),
            _Bound((_with_suffix(read(upper), ".dev0"), 0), f"<{upper}"),
        )
    version = read(text)
    final = not version.is_prerelease and not version.is_postrelease
    if op == ">=":
        return _Bound((version, 0), str(clause)), None
    if op == ">":
        if not final:
            raise _Unmergeable
        return _Bound((_with_suffix(version, f".post{_HUGE}"), 1), str(clause)), None
    if op == "<":
        if version.is_postrelease:
            raise _Unmergeable
        cut = _with_suffix(version, ".dev0") if final else version
        return None, _Bound((cut, 0), str(clause))
    if op == "<=":
        return None, _Bound((version, 1), str(clause))
    if op == "~=":
        upper = _next_release(version, len(version.release) - 2)
        return (
            _Bound((version, 0), f">={text}"),
            _Bound((_with_suffix(read(upper), ".dev0"), 0), f"<{upper}"),
        )
    # "==" and "!=" without wildcard: one version and its local variants.
    return _Bound((version, 0), f">={text}"), _Bound((version, 1), f"<={text}")


def _max_lower(a: _Bound | None, b: _Bound | None) -> _Bound | None:
    if a is None or b is None:
        return b if a is None else a
    return b if b.key > a.key else a


def _min_upper(a: _Bound | None, b: _Bound | None) -> _Bound | None:
    if a is None or b is None:
        return b if a is None else a
    return b if b.key < a.key else a


def _nonempty(lower: _Bound | None, upper: _Bound | None) -> bool:
    return lower is None or upper is None or lower.key < upper.key


def _intersects(
    lower: _Bound | None,
    upper: _Bound | None,
    other_lower: _Bound | None,
    other_upper: _Bound | None,
) -> bool:
    return _nonempty(_max_lower(lower, other_lower), _min_upper(upper, other_upper))


def _seam(upper: _Bound, lower: _Bound) -> bool:
    """Whether the gap between ``upper`` and a higher ``lower`` holds only pre- or post-releases
    of one version: "<2" then ">=2" (2.0's pre-releases), "<=2" then ">2" (its post-releases)."""
    version, side = lower.key
    if side == 0 and upper.key[1] == 0:
        final = not version.is_prerelease and not version.is_postrelease
        return final and upper.key[0] == _with_suffix(version, ".dev0")
    if side == 1 and upper.key[1] == 1:
        below = upper.key[0]
        return not below.is_prerelease and version == _with_suffix(below, f".post{_HUGE}")
    return False


def _interval(constraint: str, branch: _Branch, read: Callable[[str], _AnyVersion]) -> _Interval:
    lower: _Bound | None = None
    upper: _Bound | None = None
    excluded: list[tuple[_Clause, _Bound, _Bound]] = []
    for clause in branch.clauses:
        try:
            low, high = _clause_bounds(clause, read)
        except _Unmergeable:
            raise _UnionError(
                f"Expected no {clause} in an alternative: it cannot be merged with the others",
                constraint,
                branch.span,
            ) from None
        if clause.op == "!=":
            assert low is not None and high is not None
            excluded.append((clause, low, high))
        else:
            lower = _max_lower(lower, low)
            upper = _min_upper(upper, high)
    # An exclusion outside the interval changes nothing.
    kept = tuple(item for item in excluded if _intersects(lower, upper, item[1], item[2]))
    return _Interval(lower, upper, kept, branch)


def _lower_key(interval: _Interval) -> tuple[()] | _Key:
    return () if interval.lower is None else interval.lower.key


def _merge(constraint: str, branches: Sequence[_Branch]) -> str:
    return _simple_versions_first(_merge_with, constraint, branches)


def _simple_versions_first(
    work: Callable[[str, Sequence[_Branch], Callable[[str], _AnyVersion]], str],
    constraint: str,
    branches: Sequence[_Branch],
) -> str:
    """``work`` with versions read the fast way, or by packaging if one is not simple."""
    try:
        return work(constraint, branches, _SimpleVersion.read)
    except _NotSimple:
        return work(constraint, branches, _packaging_version)


def _merge_with(
    constraint: str, branches: Sequence[_Branch], read: Callable[[str], _AnyVersion]
) -> str:
    # Every version of a merge is read by ``read``, so that the keys compare with each other.
    intervals = [_interval(constraint, branch, read) for branch in branches]
    live = [i for i in intervals if _nonempty(i.lower, i.upper)]
    if not live:
        return str(branches[0])  # nothing matches either way

    # A version excluded by one alternative must not be allowed by another, or the union
    # would be an interval with a hole only some alternatives have.
    for interval in live:
        for clause, low, high in interval.excluded:
            for other in live:
                if other is interval or any(c == clause for c, _, _ in other.excluded):
                    continue
                if _intersects(other.lower, other.upper, low, high):
                    raise _UnionError(
                        f"Expected {clause} in {str(interval.branch)!r} to exclude versions "
                        f"no other alternative of {constraint!r} allows",
                        constraint,
                        interval.branch.span,
                    )

    live.sort(key=_lower_key)  # unbounded first: () sorts before any key
    lower, upper = live[0].lower, live[0].upper
    for interval in live[1:]:
        if not (
            upper is None
            or interval.lower is None
            or interval.lower.key <= upper.key
            or _seam(upper, interval.lower)
        ):
            raise _UnionError(
                f"Expected the alternatives of {constraint!r} to overlap or touch: PEP 440 "
                f"cannot express the gap before {str(interval.branch)!r}",
                constraint,
                interval.branch.span,
            )
        if upper is not None:
            upper = None if interval.upper is None else max(upper, interval.upper, key=_key)

    excluded: list[str] = []
    for interval in live:
        for clause, _, _ in interval.excluded:
            if str(clause) not in excluded:
                excluded.append(str(clause))
    for interval in live:
        # One alternative already spans the union: keep it as written.
        if (
            interval.lower == lower
            and interval.upper == upper
            and len(interval.excluded) == len(excluded)
        ):
            return str(interval.branch)
    parts = [bound.text for bound in (lower, upper) if bound is not None]
    return ",".join(parts + excluded)


def _key(bound: _Bound) -> _Key:
    return bound.key


def _hull(constraint: str, branches: Sequence[_Branch]) -> str:
    """The smallest single range holding every alternative (exclusions dropped)."""
    return _simple_versions_first(_hull_with, constraint, branches)


def _hull_with(
    constraint: str, branches: Sequence[_Branch], read: Callable[[str], _AnyVersion]
) -> str:
    try:
        intervals = [_interval(constraint, branch, read) for branch in branches]
    except _UnionError:
        return ""
    live = [i for i in intervals if _nonempty(i.lower, i.upper)] or intervals[:1]
    lowers = [i.lower for i in live]
    uppers = [i.upper for i in live]
    lower = None if None in lowers else min((b for b in lowers if b), key=_key)
    upper = None if None in uppers else max((b for b in uppers if b), key=_key)
    return ",".join(bound.text for bound in (lower, upper) if bound is not None)


# Markers.


def _pad(version: _AnyVersion) -> str:
    release = [*version.release, 0, 0][: max(3, len(version.release))]
    return _release_text(version.epoch, release)


def _python_clause(clause: _Clause) -> str:
    op, text = clause.op, clause.version
    if text.endswith(".*"):
        base = _any_version(text[:-2])
        if len(base.release) == 2 and not base.epoch:
            return f'python_version {op} "{text[:-2]}"'
        name = "python_version" if len(base.release) == 1 else "python_full_version"
        return f'{name} {op} "{text}"'
    if op == "===":
        return f'python_full_version === "{text}"'
    version = _any_version(text)
    plain = len(version.release) <= 2 and version.public == version.base_version
    if plain and op in (">=", "<", "=="):
        # python_version holds "X.Y": exact for these operators at this precision.
        return f'python_version {op} "{text}"'
    if plain and op == "~=":
        return f'python_version ~= "{text}"'
    if plain and op in (">", "<=", "!="):
        # python_version "3.6" is not > "3.6", yet Python 3.6.5 is: compare full versions.
        return f'python_full_version {op} "{_pad(version)}"'
    return f'python_full_version {op} "{text}"'


def _python_marker(constraint: str) -> str:
    branches = _parse(constraint)
    if any(not branch.clauses for branch in branches):
        return ""
    alternatives = [" and ".join(_python_clause(c) for c in branch.clauses) for branch in branches]
    return " or ".join(alternatives)


def _platform_marker(platform: str) -> str:
    stripped = platform.strip()
    if not stripped or stripped == "*":
        return ""
    alternatives: list[str] = []
    for alternative in _OR().split(stripped):
        parts: list[str] = []
        for atom in re.split(r"\s*,\s*", alternative):
            match = re.fullmatch(r"(?P<op>==?|!=)?\s*(?P<value>.*)", atom)
            assert match is not None
            value = match.group("value")
            if not _PLATFORM().fullmatch(value):
                raise PoetryConstraintError(
                    f"Expected a platform name such as 'linux', got {atom!r} in {platform!r}",
                    platform,
                )
            op = "!=" if match.group("op") == "!=" else "=="
            parts.append(f'sys_platform {op} "{value}"')
        alternatives.append(" and ".join(parts))
    return " or ".join(alternatives)


def _and_markers(markers: Sequence[str]) -> str | None:
    present = [marker for marker in markers if marker]
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    return " and ".join(f"({m})" if re.search(r"\sor\s", m) else m for m in present)


# Dependencies.


class PoetryDependency(Frozen):
    """One Poetry dependency, in PEP 440 / PEP 508 terms.

    ``marker`` combines the table's ``markers``, ``python`` and ``platform``; ``url`` is the
    direct reference of a ``git``, ``url``, ``path`` or ``file`` dependency (paths stay as
    written, relative or not).  When ``version`` is an OR that no single specifier set can
    express (``^1 || ^3``), ``alternatives`` holds its branches and ``specifier`` the smallest
    range containing them all, which is what :meth:`to_pep508` writes.
    """

    __slots__ = (
        "name",
        "specifier",
        "extras",
        "marker",
        "url",
        "optional",
        "source",
        "allow_prereleases",
        "alternatives",
    )

    name: str
    specifier: str
    extras: tuple[str, ...]
    marker: str | None
    url: str | None
    optional: bool
    source: str | None
    allow_prereleases: bool
    alternatives: tuple[str, ...]

    def __init__(
        self,
        name: str,
        specifier: str,
        extras: tuple[str, ...],
        marker: str | None,
        url: str | None,
        optional: bool,
        source: str | None,
        allow_prereleases: bool,
        alternatives: tuple[str, ...] = (),
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "specifier", specifier)
        object.__setattr__(self, "extras", extras)
        object.__setattr__(self, "marker", marker)
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "optional", optional)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "allow_prereleases", allow_prereleases)
        object.__setattr__(self, "alternatives", alternatives)

    def to_pep508(self) -> str:
        """The dependency as a PEP 508 requirement string."""
        requirement = self.name
        if self.extras:
            requirement += f"[{','.join(self.extras)}]"
        if self.url is not None:
            # A space must end the URL, or the marker's ";" would belong to it.
            requirement += f" @ {self.url}"
            separator = " ; "
        else:
            requirement += self.specifier
            separator = "; "
        if self.marker:
            requirement += separator + self.marker
        return requirement


_DIRECT_KEYS: Final = ("git", "url", "path", "file")
_GIT_REFERENCES: Final = ("rev", "tag", "branch")


def _get(table: Mapping[str, object], key: str, kind: type, name: str) -> object:
    value = table.get(key)
    if value is not None and not isinstance(value, kind):
        expected = {str: "a string", bool: "true or false", list: "an array"}[kind]
        raise PoetryConstraintError(
            f"Expected {expected} for {key!r} of dependency {name!r}, got {type(value).__name__}"
        )
    return value


def _str(table: Mapping[str, object], key: str, name: str) -> str | None:
    value = _get(table, key, str, name)
    return value if isinstance(value, str) else None


def _with_fragment(url: str, subdirectory: str | None) -> str:
    if not subdirectory:
        return url
    return f"{url}{'&' if '#' in url else '#'}subdirectory={subdirectory}"


def _git_url(url: str) -> str:
    if url.startswith("git+"):
        return url
    if "://" not in url:
        scp = _SCP_LIKE().fullmatch(url)
        if scp is not None:
            # git@github.com:org/repo.git, the form git itself accepts, as a URL.
            url = f"ssh://{scp.group('user') or ''}{scp.group('host')}/{scp.group('path')}"
    return f"git+{url}"


def _table(name: str, table: Mapping[str, object]) -> PoetryDependency:
    for key in table:
        if not isinstance(key, str):
            raise PoetryConstraintError(f"Expected string keys in dependency {name!r}")
    direct = [key for key in _DIRECT_KEYS if key in table]
    if len(direct) > 1:
        raise PoetryConstraintError(
            f"Expected only one of 'git', 'url', 'path', 'file' in dependency {name!r}, "
            f"got {', '.join(repr(k) for k in direct)}"
        )
    extras_value = _get(table, "extras", list, name) or []
    assert isinstance(extras_value, list)
    for extra in extras_value:
        if not isinstance(extra, str) or not _NAME().fullmatch(extra):
            raise PoetryConstraintError(
                f"Expected extra names in 'extras' of dependency {name!r}, got {extra!r}"
            )
    optional = bool(_get(table, "optional", bool, name))
    allow = _get(table, "allow-prereleases", bool, name)
    if allow is None:
        allow = _get(table, "allows-prereleases", bool, name)  # Poetry's older spelling
    source = _str(table, "source", name)
    subdirectory = _str(table, "subdirectory", name)

    url: str | None = None
    specifier = ""
    alternatives: tuple[str, ...] = ()
    if direct:
        location = _str(table, direct[0], name)
        if not location:
            raise PoetryConstraintError(
                f"Expected a non-empty {direct[0]!r} in dependency {name!r}"
            )
        if direct[0] == "git":
            references = [k for k in _GIT_REFERENCES if _str(table, k, name) is not None]
            if len(references) > 1:
                raise PoetryConstraintError(
                    f"Expected only one of 'rev', 'tag', 'branch' in dependency {name!r}"
                )
            url = _git_url(location)
            if references:
                url += f"@{table[references[0]]}"
        else:
            url = location
        url = _with_fragment(url, subdirectory)
    else:
        version = _str(table, "version", name)
        specifier, alternatives = _specifier(version if version is not None else "*")

    markers = [
        (_str(table, "markers", name) or "").strip(),
        _python_marker(_str(table, "python", name) or "*"),
        _platform_marker(_str(table, "platform", name) or "*"),
    ]
    if markers[0]:
        _check_marker(markers[0], name)
    return PoetryDependency(
        name=name,
        specifier=specifier,
        extras=tuple(extras_value),
        marker=_and_markers(markers),
        url=url,
        optional=optional,
        source=source,
        allow_prereleases=bool(allow),
        alternatives=alternatives,
    )


def _specifier(constraint: str) -> tuple[str, tuple[str, ...]]:
    branches = _parse(constraint)
    if len(branches) == 1:
        return str(branches[0]), ()
    try:
        return _merge(constraint, branches), ()
    except _UnionError:
        return _hull(constraint, branches), tuple(str(b) for b in branches)


def _check_marker(marker: str, name: str) -> None:
    if _FAST and _pepfast.marker(marker) is not None:
        return  # a simple marker, which packaging reads too (tests/test_pepfast.py)
    from packaging.markers import InvalidMarker, Marker

    try:
        Marker(marker)
    except InvalidMarker as error:
        first_line = str(error).splitlines()[0].rstrip(".")
        raise PoetryConstraintError(
            f"{first_line} in 'markers' of dependency {name!r}", marker
        ) from None


def parse_dependency(name: str, value: object) -> list[PoetryDependency]:
    """Read one entry of a Poetry dependencies table.

    ``value`` is a constraint string, a table, or an array of tables (Poetry's "multiple
    constraints" form, one dependency per table).  Anything else, or a table holding a
    value of the wrong type, raises :class:`PoetryConstraintError`.
    """
    if not isinstance(name, str) or not _NAME().fullmatch(name):
        raise PoetryConstraintError(f"Expected a package name, got {name!r}")
    if isinstance(value, str):
        specifier, alternatives = _specifier(value)
        return [PoetryDependency(name, specifier, (), None, None, False, None, False, alternatives)]
    if isinstance(value, dict):
        return [_table(name, value)]
    if isinstance(value, list):
        if not value:
            raise PoetryConstraintError(f"Expected at least one table for dependency {name!r}")
        dependencies = []
        for item in value:
            if not isinstance(item, dict):
                raise PoetryConstraintError(
                    f"Expected only tables in the array of dependency {name!r}, "
                    f"got {type(item).__name__}"
                )
            dependencies.append(_table(name, item))
        return dependencies
    raise PoetryConstraintError(
        f"Expected a version string, a table or an array of tables for dependency {name!r}, "
        f"got {type(value).__name__}"
    )
