"""Comparing declarations the way the lock tools do: specifiers, Python ranges and markers.

uv compares requirements after normalising them: canonical names, specifiers as sets of
parsed clauses (``>=2`` equals ``>=2.0``, and clause order does not matter) and markers in
its own normal form, simplified under the lock's ``requires-python``.  Markers are compared
here by meaning: both are evaluated on every environment that can tell them apart (each
Python version a literal of either marker puts a boundary at, and the values either marker
names for every other variable), restricted to the Pythons the lock covers.

Python ranges (``requires-python``, Poetry's ``python-versions``) are compared as sets of
versions, sampled on the boundaries either range names and on a grid of releases.

Everything is cached: a lock repeats the same markers and ranges many times.
"""

from __future__ import annotations

import functools
import itertools
import re

from reqhooks import _pep
from reqhooks._lazy import compile_pattern, lazy_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

    from packaging.markers import Marker
    from packaging.version import Version

#: A specifier set as uv compares it: its clauses, each an operator and a parsed version
#: (a string for wildcards and ``===``).
Clauses = frozenset[tuple[str, object]]

_PYTHON_VARIABLES: Final = frozenset({"python_version", "python_full_version"})
_OTHER_SENTINEL: Final = "\x00other"
_QUOTES: Final = compile_pattern(r"""["']""")
# uv's marker algebra reads these platform_system values as the sys_platform they imply
# (``uv-pep508/src/marker/algebra.rs``): compare them the same way.
_PLATFORM_SYSTEM: Final = {
    "Windows": "win32", "Darwin": "darwin", "Linux": "linux", "AIX": "aix",
    "Emscripten": "emscripten", "Android": "android",
}  # fmt: skip
# os_name and sys_platform values that no environment combines (uv's exclusions).
_IMPOSSIBLE: Final = frozenset(
    {("nt", "linux"), ("nt", "darwin"), ("nt", "ios"), ("posix", "win32")}
)
_SPACES: Final = compile_pattern(r"\s+")
# ``python_version < 'X.Y'`` and ``>= 'X.Y'`` mean what ``python_full_version`` with the same
# operator and literal means on every release (3.10.12 < 3.11 as 3.10 < 3.11), and uv writes
# the requirements of its lock in the second form.
_TWO_PART_PYTHON: Final = compile_pattern(r"\bpython(?:_full)?_version ?(<|>=) ?'(\d+\.\d+)'")
# And python_version <= / > 'X.Y' mean python_full_version < / >= 'X.Y+1' (uv's rewrite).
_PYTHON_VERSION_UPPER: Final = compile_pattern(r"\bpython_version ?(<=|>) ?'(\d+)\.(\d+)'")
# The neighbourhood of a Python boundary: the release itself and the ones around it.
_GRID: Final = tuple(
    (major, minor, patch) for major, minors in ((2, 8), (3, 31)) for minor in range(minors)
    for patch in (0, 999)
)  # fmt: skip


# -- specifiers --------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def clauses(specifier: str) -> Clauses | None:
    """The clauses of ``specifier`` as uv compares them; None if it is not valid PEP 440."""
    spec = _pep.specifier_set(specifier)
    if spec is None:
        return None
    out: set[tuple[str, object]] = set()
    for clause in spec:
        text = clause.version
        if clause.operator == "===" or text.endswith(".*"):
            out.add((clause.operator, text))
            continue
        version = _pep.version(text)
        out.add((clause.operator, version if version is not None else text))
    return frozenset(out)


def same_specifier(a: str, b: str) -> bool:
    """``a`` and ``b`` name the same clauses (uv's notion: ``>=2,<3`` == ``<3, >=2.0``)."""
    if a == b:
        return True
    ca, cb = clauses(a), clauses(b)
    return ca is not None and ca == cb


def render_specifier(text: str) -> str:
    return _SPACES.sub("", text)


# -- Python ranges -----------------------------------------------------------------------


def _release(text: str) -> tuple[int, ...] | None:
    version = _pep.version(text.removesuffix(".*"))
    return None if version is None else version.release


def _neighbours(release: tuple[int, ...]) -> set[tuple[int, int, int]]:
    """Releases on both sides of every boundary ``release`` can mark."""
    padded = (*release, 0, 0, 0)
    a, b, c = padded[0], padded[1], padded[2]
    out = {
        (a, b, c), (a, b, c + 1), (a, b, 999), (a, b, 0), (a, b + 1, 0), (a + 1, 0, 0),
        (a, max(b - 1, 0), 999), (max(a - 1, 0), 999, 999),
    }  # fmt: skip
    if c > 0:
        out.add((a, b, c - 1))
    return out


def _points(*specifiers: str) -> list[Version]:
    from packaging.version import Version

    releases: set[tuple[int, int, int]] = set(_GRID)
    for text in specifiers:
        spec = _pep.specifier_set(text)
        if spec is None:
            continue
        for clause in spec:
            release = _release(clause.version)
            if release is not None:
                releases |= _neighbours(release)
    return [Version(".".join(map(str, r))) for r in sorted(releases)]


@functools.lru_cache(maxsize=1024)
def same_range(a: str, b: str) -> bool | None:
    """Whether two Python ranges allow the same versions; None if either is not valid."""
    if render_specifier(a) == render_specifier(b):
        return True
    sa, sb = _pep.specifier_set(a), _pep.specifier_set(b)
    if sa is None or sb is None:
        return None
    return all(
        sa.contains(v, prereleases=True) == sb.contains(v, prereleases=True) for v in _points(a, b)
    )


@functools.lru_cache(maxsize=1024)
def same_bounds(a: str, b: str) -> bool | None:
    """Whether two Python ranges have the same lowest and highest versions (holes such as
    ``!=3.9.1`` between them aside), as uv compares a workspace's requires-python with its
    lock's; None if either is not valid."""
    if render_specifier(a) == render_specifier(b):
        return True
    sa, sb = _pep.specifier_set(a), _pep.specifier_set(b)
    if sa is None or sb is None:
        return None
    points = _points(a, b)
    allowed_a = [i for i, v in enumerate(points) if sa.contains(v, prereleases=True)]
    allowed_b = [i for i, v in enumerate(points) if sb.contains(v, prereleases=True)]
    if not allowed_a or not allowed_b:
        return not allowed_a and not allowed_b
    return (allowed_a[0], allowed_a[-1]) == (allowed_b[0], allowed_b[-1])


@functools.lru_cache(maxsize=1024)
def range_covers(outer: str, inner: str) -> bool | None:
    """Whether every version ``inner`` allows, ``outer`` allows too."""
    so, si = _pep.specifier_set(outer), _pep.specifier_set(inner)
    if so is None or si is None:
        return None
    return all(
        so.contains(v, prereleases=True)
        for v in _points(outer, inner)
        if si.contains(v, prereleases=True)
    )


@functools.lru_cache(maxsize=1024)
def specifier_covers(outer: str, inner: str) -> bool | None:
    """Whether every version ``inner`` allows, ``outer`` allows too, for any package's
    versions (the points tried are each clause's own version and the releases around it);
    None when it cannot be told (an invalid specifier, ``===``, or nothing tried allowed)."""
    so, si = _pep.specifier_set(outer), _pep.specifier_set(inner)
    if so is None or si is None:
        return None
    points = _version_points(outer, inner)
    if points is None:
        return None
    allowed = [v for v in points if si.contains(v, prereleases=True)]
    if not allowed:
        return None
    return all(so.contains(v, prereleases=True) for v in allowed)


@functools.lru_cache(maxsize=1024)
def same_versions(a: str, b: str) -> bool:
    """Whether two specifiers allow the same versions of a package, as uv compares a
    requirement with the one it locked (``~=1.16`` is ``>=1.16,<2``; ``>=3,>=2`` is ``>=3``)."""
    if same_specifier(a, b):
        return True
    return specifier_covers(a, b) is True and specifier_covers(b, a) is True


def _version_points(*specifiers: str) -> set[Version] | None:
    """Versions on both sides of every boundary the specifiers draw: each clause's version,
    its first development release and a post-release, and the releases around it."""
    from packaging.version import InvalidVersion, Version

    points = set(_points(*specifiers))
    for text in specifiers:
        spec = _pep.specifier_set(text)
        if spec is None:
            return None
        for clause in spec:
            if clause.operator == "===":
                return None
            try:
                version = Version(clause.version.removesuffix(".*"))
            except InvalidVersion:
                return None
            points.add(version)
            if not version.is_prerelease and not version.is_postrelease and not version.local:
                points.add(Version(f"{version.public}.dev0"))
                points.add(Version(f"{version.public}.post1"))
    return points


def intersect(specifiers: list[str]) -> str:
    """The conjunction of PEP 440 specifier sets (as one set: clauses are ANDed)."""
    return ",".join(s for s in specifiers if s)


@functools.lru_cache(maxsize=1024)
def python_minors(specifier: str | None) -> tuple[tuple[int, int], ...]:
    """The 2.7 and 3.x minors with at least one release ``specifier`` allows."""
    candidates = [(2, 7)] + [(3, minor) for minor in range(31)]
    if not specifier:
        return tuple(m for m in candidates if m >= (3, 8))
    spec = _pep.specifier_set(specifier)
    if spec is None:
        return tuple(m for m in candidates if m >= (3, 8))
    return tuple(
        (a, b)
        for a, b in candidates
        if any(spec.contains(f"{a}.{b}.{p}", prereleases=True) for p in (0, 1, 99))
    )


# -- markers -----------------------------------------------------------------------------


def _variables(marker: Marker) -> dict[str, set[str]]:
    """Each variable a marker names, with the literals it compares it with."""
    out: dict[str, set[str]] = {}

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, tuple) and len(node) == 3:
            lhs, _op, rhs = node
            for var, lit in ((lhs, rhs), (rhs, lhs)):
                if type(var).__name__ == "Variable":
                    out.setdefault(str(var.value), set()).add(str(getattr(lit, "value", "")))

    walk(getattr(marker, "_markers", []))
    return out


def _python_points(literals: set[str], requires_python: str | None) -> list[str]:
    releases: set[tuple[int, int, int]] = set()
    for literal in literals:
        for token in literal.replace(",", " ").split():
            release = _release(token)
            if release is not None:
                releases |= _neighbours(release)
    if requires_python:
        spec = _pep.specifier_set(requires_python)
        if spec is not None:
            for clause in spec:
                release = _release(clause.version)
                if release is not None:
                    releases |= _neighbours(release)
    releases |= {(3, minor, 0) for minor in (8, 12, 16)}
    spec = _pep.specifier_set(requires_python) if requires_python else None
    out = []
    for r in sorted(releases):
        text = ".".join(map(str, r))
        if spec is None or spec.contains(text, prereleases=True):
            out.append(text)
    return out


def _environments(
    a: Marker | None, b: Marker | None, requires_python: str | None, extras: tuple[str, ...]
) -> list[dict[str, str]]:
    variables: dict[str, set[str]] = {}
    for m in (a, b):
        if m is not None:
            for var, values in _variables(m).items():
                variables.setdefault(var, set()).update(values)
    pythons = _python_points(
        set().union(*(v for k, v in variables.items() if k in _PYTHON_VARIABLES)),
        requires_python,
    )
    others = sorted(k for k in variables if k not in _PYTHON_VARIABLES)
    choices = [sorted(variables[k] | {_OTHER_SENTINEL}) for k in others]
    if "extra" not in variables:
        others.append("extra")
        choices.append(sorted({"", *extras}))
    base = _pep.environment((3, 12), "linux-x86_64")
    envs = []
    for full in pythons:
        parts = full.split(".")
        for combo in itertools.product(*choices):
            env = dict(base)
            env["python_full_version"] = full
            env["python_version"] = ".".join(parts[:2])
            env.update(zip(others, combo))
            # Keep the variables a marker does not name consistent with those it does.
            if "os_name" not in variables:
                env["os_name"] = "nt" if env["sys_platform"] == "win32" else "posix"
            elif "sys_platform" not in variables:
                env["sys_platform"] = "win32" if env["os_name"] == "nt" else "linux"
            if (env["os_name"], env["sys_platform"]) in _IMPOSSIBLE:
                continue
            envs.append(env)
    return envs


_platform_system_term = lazy_pattern(
        r"""platform_system\s*(==|!=)\s*(['"])(Windows|Darwin|Linux|AIX|Emscripten|Android)\2"""
        r"""|(['"])(Windows|Darwin|Linux|AIX|Emscripten|Android)\4\s*(==|!=)\s*platform_system"""
    )


def _platform_system_as_sys_platform(marker: str) -> str:
    def replace(m: re.Match[str]) -> str:
        op = m.group(1) or m.group(6)
        value = m.group(3) or m.group(5)
        return f"sys_platform {op} '{_PLATFORM_SYSTEM[value]}'"

    return _platform_system_term().sub(replace, marker)


def _evaluate(marker: Marker | None, env: dict[str, str]) -> bool | None:
    if marker is None:
        return True
    try:
        return bool(marker.evaluate(env))
    except Exception:  # noqa: BLE001 - a comparison packaging cannot make
        return None


@functools.lru_cache(maxsize=8192)
def equivalent_markers(
    a: str | None, b: str | None, requires_python: str | None = None, extras: tuple[str, ...] = ()
) -> bool:
    """Whether two markers are true in the same environments (within ``requires_python``)."""
    na, nb = normal_text(a), normal_text(b)
    if na == nb:
        return True
    # Spelt differently with the same meaning, without packaging's parse (the check below
    # evaluates release points only, where the two spellings agree).
    if "python" in na and _full_version_form(na) == _full_version_form(nb):
        return True
    if a and "platform_system" in a:
        a = _platform_system_as_sys_platform(a)
    if b and "platform_system" in b:
        b = _platform_system_as_sys_platform(b)
    ma = _pep.marker(a) if a else None
    mb = _pep.marker(b) if b else None
    if (a and ma is None) or (b and mb is None):
        return False
    for env in _environments(ma, mb, requires_python, extras):
        left, right = _evaluate(ma, env), _evaluate(mb, env)
        if left is None or right is None:
            return normal_text(a) == normal_text(b)
        if left != right:
            return False
    return True


@functools.lru_cache(maxsize=8192)
def possible(marker: str | None, requires_python: str | None, extra: str = "") -> bool:
    """Whether ``marker`` holds in some environment within ``requires_python``."""
    if not marker:
        return True
    m = _pep.marker(marker)
    if m is None:
        return True
    for env in _environments(m, None, requires_python, (extra,) if extra else ()):
        if extra:
            env["extra"] = extra
        if _evaluate(m, env) is not False:
            return True
    return False


@functools.lru_cache(maxsize=8192)
def overlap(a: str | None, b: str | None, requires_python: str | None = None) -> bool:
    """Whether some environment satisfies both markers."""
    if not a or not b:
        return possible(a or b, requires_python)
    ma, mb = _pep.marker(a), _pep.marker(b)
    if ma is None or mb is None:
        return True
    for env in _environments(ma, mb, requires_python, ()):
        if _evaluate(ma, env) is not False and _evaluate(mb, env) is not False:
            return True
    return False


def _full_version_form(normal: str) -> str:
    def upper(m: re.Match[str]) -> str:
        op = "<" if m.group(1) == "<=" else ">="
        return f"python_full_version {op} '{m.group(2)}.{int(m.group(3)) + 1}'"

    return _TWO_PART_PYTHON.sub(r"python_full_version \1 '\2'", _PYTHON_VERSION_UPPER.sub(upper, normal))


def normal_text(marker: str | None) -> str:
    """A marker's text with quotes and spacing normalised (not its meaning)."""
    if not marker:
        return ""
    return _SPACES.sub(" ", _QUOTES.sub("'", marker)).strip()


def and_markers(*markers: str | None) -> str | None:
    parts = [m for m in markers if m]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return " and ".join(f"({m})" if " or " in m else m for m in parts)


_NEGATED_OPS: Final = {
    "==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">", "in": "not in",
    "not in": "in",
}  # fmt: skip


def negate_marker(marker: str | None) -> str | None:
    """The PEP 508 marker true exactly where ``marker`` is false ("" for never).

    PEP 508 has no ``not``: each comparison is inverted and ``and``/``or`` swapped. None when
    ``marker`` cannot be read or uses an operator with no inverse (``~=``, ``===``).
    """
    if not marker:
        return ""
    parsed = _pep.marker(marker)
    if parsed is None:
        return None
    try:
        return _negate(getattr(parsed, "_markers", []))
    except (ValueError, TypeError):
        return None


def _negate(items: object) -> str:
    if isinstance(items, tuple):
        lhs, op, rhs = items
        inverse = _NEGATED_OPS.get(op.serialize())
        if inverse is None:
            raise ValueError(op.serialize())
        return f"{lhs.serialize()} {inverse} {rhs.serialize()}"
    if not isinstance(items, list):
        raise TypeError(repr(items))
    # A flat list is an OR of ANDs; not(OR(ANDs)) is AND(OR(negated atoms)).
    groups: list[list[object]] = [[]]
    for item in items:
        if item == "or":
            groups.append([])
        elif item != "and":
            groups[-1].append(item)
    parts = []
    for group in groups:
        negated = [_negate(atom) for atom in group]
        text = " or ".join(negated)
        parts.append(f"({text})" if len(negated) > 1 else text)
    return " and ".join(parts)
