"""Standard-library backports: BKP001-BKP004.

- BKP001: a harmful backport (see :mod:`reqhooks.data.backports`) that some target Python
  can install, declared directly; also a constraint or uv override that names one, because
  neither keeps it out.
- BKP002: a redundant backport that every target on which it is installed already ships.
- BKP003: a backport needed on some targets but installed on others that ship the module
  (or, for a reverse backport, on others that still ship the removed module), without the
  ``python_version`` marker that would say so.  The fix adds the marker.
- BKP004: a harmful or redundant backport that is not declared but arrives through a lock
  or a compiled requirements file, with the chain of packages that pulls it in.

Everything is decided per target Python.  A requirement "is installed" on a target when its
marker can hold there; in a lock, when the lock's own marker for the package holds (in the
formats that record the transitive one) and the package is reachable from the project's
declared roots along edges whose markers hold.  The Pythons a project still *needs* a
backport on are the targets plus, unless ``--target-python`` names them, the older minors
its declared range allows: a library with ``requires-python = ">=3.10"`` keeps
``tomli; python_version < "3.11"`` after 3.10 reaches its end of life.

No fact about a distribution lives here: the table in :mod:`reqhooks.data.backports` says
what each one is, since when CPython ships it, how it breaks and what to write instead.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence

from reqhooks._lazy import lazy_pattern
from reqhooks._record import Frozen
from reqhooks.data.backports import lookup
from reqhooks.findings import Edit, Finding, Fix
from reqhooks.rules import _edges as edges

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Final

    from reqhooks.data.backports import Backport
    from reqhooks.engine import Context
    from reqhooks.model import (
        Loc,
        LockedPackage,
        LockFile,
        Pipfile,
        Project,
        Pyproject,
        Requirement,
        RequirementsFile,
    )
    from reqhooks.targets import Targets

Minor = tuple[int, int]
Env = tuple[Minor, str]  # (CPython minor, platform)
State = tuple[int, str | None]  # (locked package, extra): see _Graph._walk

#: Classes of the table these rules report; the others are never flagged.
_CHECKED: Final = frozenset({"harmful", "redundant", "reverse-backport"})
#: Requirement kinds that install what they name.
_INSTALLING: Final = frozenset(
    {"requirements", "project", "optional", "group", "poetry", "pdm-dev", "uv-dev", "build",
     "pipfile", "conda-pip"}
)  # fmt: skip
#: Kinds whose requirement is a PEP 508 string inside a TOML string.
_TOML_STRING_KINDS: Final = frozenset(
    {"project", "optional", "group", "pdm-dev", "uv-dev", "uv-constraint", "uv-override", "build"}
)
_TEXT_KINDS: Final = frozenset({"requirements", "constraints", "compiled"})
_UNIVERSE: Final[tuple[Minor, ...]] = tuple((3, m) for m in range(40))
# Compiled on first use (by re's cache): few markers name an extra.
_DIGITS = lazy_pattern(r"\d+")
_EXTRA = lazy_pattern(r"""\bextra\s*==\s*['"]([^'"]+)['"]""")


# The patterns of the fixes are compiled when the first fix is made.
@functools.cache
def _bound_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A marker that is nothing but one python_version bound, upper and lower: the fix
    replaces it."""
    return (
        re.compile(r"""\s*python_(?:full_)?version\s*<=?\s*(['"])[0-9.]+\1\s*"""),
        re.compile(r"""\s*python_(?:full_)?version\s*>=?\s*(['"])[0-9.]+\1\s*"""),
    )


@functools.cache
def _line_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The rest of a line, and a requirement's ``# via`` lines: trailing, via bare, via more,
    via line."""
    return (
        re.compile(r"[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z)"),
        re.compile(r"[ \t]*#[ \t]*via[ \t]*\r?(?:\n|\Z)"),
        re.compile(r"[ \t]*#[ \t]{2,}\S[^\n]*(?:\n|\Z)"),
        re.compile(r"[ \t]*#[ \t]*via\b[^\n]*(?:\n|\Z)"),
    )


_rest_of_line = lazy_pattern(r"[ \t]*,?[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z)")


def check(project: Project, ctx: Context) -> Iterator[Finding]:
    """BKP001-BKP004 for one project."""
    from reqhooks.engine import selected_codes

    targets = ctx.targets(project)
    if not targets.pythons:
        return
    codes = selected_codes(ctx.settings, ("backports",))
    pythons = _Pythons.of(project, targets)
    declared = _declared(project)
    for req in _direct_requirements(project):
        entry = lookup(req.name)
        if entry is not None and entry.kind in _CHECKED:
            yield from _direct(req, entry, pythons, project)
    for rf in project.requirement_files:
        if rf.compiled is not None:
            yield from _compiled(rf, project, pythons, declared)
    if "BKP004" in codes and ctx.locks_reported(project):
        for lock in project.locks:
            yield from _locked(lock, project, targets, pythons, declared)


# -- which Pythons ---------------------------------------------------------------------------


class _Pythons(Frozen):
    """The target Pythons, and the Pythons a backport may still be needed on."""

    __slots__ = ("targets", "declared")

    targets: tuple[Minor, ...]
    declared: tuple[Minor, ...]  # the targets plus the older minors the declared range allows

    def __init__(self, targets: tuple[Minor, ...], declared: tuple[Minor, ...]) -> None:
        object.__setattr__(self, "targets", targets)
        object.__setattr__(self, "declared", declared)

    @classmethod
    def of(cls, project: Project, targets: Targets) -> _Pythons:
        from reqhooks.data import cpython
        from reqhooks.targets import minor_in_range

        declared = set(targets.pythons)
        if targets.range is not None and not targets.explicit:
            newest = cpython.RELEASES[-1].minor
            declared.update(
                m for m in _UNIVERSE if m <= newest and minor_in_range(m, targets.range)
            )
        return cls(targets.pythons, tuple(sorted(declared)))


def _applies(
    marker: str | None, python: Minor, platform: str | None = None, extra: str | None = None
) -> bool:
    """Whether ``marker`` can hold on ``python``; with ``extra=None``, for any extra it names."""
    from reqhooks._pep import marker_applies

    if not marker:
        return True
    if extra is not None or "extra" not in marker:
        return marker_applies(marker, python, platform, extra or "")
    return marker_applies(marker, python, platform) or any(
        marker_applies(marker, python, platform, e) for e in set(_EXTRA().findall(marker))
    )


class _Verdict(Frozen):
    __slots__ = ("code", "on", "needed")

    code: str  # BKP001, BKP002 or BKP003
    on: tuple[Minor, ...]  # targets where it is harmful or redundant (installed and shipped)
    needed: tuple[Minor, ...]  # Pythons where it is needed (BKP003)

    def __init__(self, code: str, on: tuple[Minor, ...], needed: tuple[Minor, ...]) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "on", on)
        object.__setattr__(self, "needed", needed)


def _verdict(entry: Backport, marker: str | None, pythons: _Pythons) -> _Verdict | None:
    """What a requirement of ``entry`` with ``marker`` is, decided per Python."""
    installed = tuple(p for p in pythons.targets if _applies(marker, p))
    if entry.kind == "reverse-backport":
        if entry.removed is None:
            return None
        shipped = tuple(p for p in installed if p < entry.removed)
        needed = tuple(p for p in installed if p >= entry.removed)
        return _Verdict("BKP003", shipped, needed) if shipped else None
    if entry.since is None:
        return None
    shipped = tuple(p for p in installed if p >= entry.since)
    if not shipped:
        return None
    if entry.kind == "harmful":
        return _Verdict("BKP001", shipped, ())
    needed = tuple(p for p in pythons.declared if p < entry.since and _applies(marker, p))
    return _Verdict("BKP003" if needed else "BKP002", shipped, needed)


# -- direct declarations ---------------------------------------------------------------------


def _direct_requirements(project: Project) -> Iterator[Requirement]:
    if project.pyproject is not None:
        yield from project.pyproject.requirements
    if project.pipfile is not None:
        yield from project.pipfile.requirements
    for rf in project.requirement_files:
        if rf.compiled is None:
            yield from rf.requirements
    yield from project.conda_requirements


def _declared(project: Project) -> dict[str, str]:
    """The names the project declares itself (workspace members included), each with its
    spelling in the declaration (``mega-py`` -> ``mega.py``), for chains."""
    out: dict[str, str] = {}
    requirements = list(_direct_requirements(project))
    for member in project.members:
        requirements.extend(member.requirements)
    for req in requirements:
        if req.kind not in _INSTALLING:
            continue
        if req.name not in out or out[req.name] == req.name:
            out[req.name] = _written(req)
    return out


def _written(req: Requirement) -> str:
    """The requirement's name as written (``mega.py``, ``Backports.Tarfile``)."""
    from reqhooks.data.backports import canonical

    written = req.name_loc.text().strip("\"'") if req.name_loc is not None else ""
    return written if written and canonical(written) == req.name else req.name


def _direct(
    req: Requirement, entry: Backport, pythons: _Pythons, project: Project
) -> Iterator[Finding]:
    if req.kind in ("constraints", "uv-constraint", "uv-override"):
        if entry.kind == "harmful":
            verdict = _verdict(entry, req.marker, pythons)
            if verdict is not None:
                yield Finding.at(
                    "BKP001", req.loc, _not_kept_out(req, entry, verdict.on), package=entry.name
                )
        return
    verdict = _verdict(entry, req.marker, pythons)
    if verdict is None:
        return
    name = _written(req)
    if verdict.code == "BKP001":
        message = (
            f"{name} {_what(entry)} and breaks on Python {_join(verdict.on)}: {entry.breaks}; "
            f"{entry.replacement}"
        )
        yield Finding.at("BKP001", req.loc, message, package=entry.name)
    elif verdict.code == "BKP002":
        every = _every(verdict.on, pythons)
        message = (
            f"{name} {_what(entry)}, which {every} ships ({_join(verdict.on)}); {entry.replacement}"
        )
        yield Finding.at("BKP002", req.loc, message, package=entry.name, fix=_removal(req, project))
    else:
        clause = _clause(entry)
        if entry.kind == "reverse-backport":
            assert entry.removed is not None
            removed = _version(entry.removed)
            where = (
                f"is also installed on Python {_join(verdict.on)}, which still {_ship(verdict.on)} it"
                if verdict.needed
                else f"{_every(verdict.on, pythons)} ({_join(verdict.on)}) still ships it"
            )
            message = (
                f"{name} brings back {_modules(entry)}, removed from CPython in {removed}, but "
                f"{where}; add `{clause}` so that it is installed only where it is gone"
            )
        else:
            message = (
                f"{name} {_what(entry)}: needed on Python {_join(verdict.needed)} only, but "
                f"also installed on {_join(verdict.on)}; add `{clause}`"
            )
        fix = _guard(req, entry, project)
        yield Finding.at("BKP003", req.loc, message, package=entry.name, fix=fix)


def _not_kept_out(req: Requirement, entry: Backport, on: Sequence[Minor]) -> str:
    """Why a constraint or an override naming a harmful backport does not help, and what does."""
    name = _written(req)
    breaks = f"{name} {_what(entry)} and breaks on Python {_join(on)}"
    never = f"`{name}; sys_platform == 'never'`"
    if req.kind == "uv-override":
        return (
            f"{breaks}, and this override still lets it in wherever a dependency requires it; "
            f"override it with {never} to keep it out"
        )
    if req.kind == "uv-constraint":
        return (
            f"{breaks}, and a constraint does not keep it out: it only limits the versions of "
            f"what a dependency requires; move it to `[tool.uv] override-dependencies` as {never}, "
            "or drop or replace the package that requires it"
        )
    return (
        f"{breaks}, and a constraint does not keep it out: pip still installs it when a "
        "dependency requires it; drop or replace the package that requires it, install that "
        f"package with `pip install --no-deps` and list its other requirements, or with uv add "
        f"{never} to `[tool.uv] override-dependencies` (Poetry cannot override a dependency's "
        "requirements)"
    )


# -- compiled requirements files -------------------------------------------------------------


def _compiled(
    rf: RequirementsFile, project: Project, pythons: _Pythons, declared: dict[str, str]
) -> Iterator[Finding]:
    """Lines of a compiled file: declared in a source that is not here (direct), or pulled in
    by another line (BKP004, with the chain its ``# via`` comments name)."""
    by_name = {r.name: r for r in rf.requirements}
    related = _compiled_sources(rf, project)
    for req in rf.requirements:
        entry = lookup(req.name)
        if entry is None or entry.kind not in _CHECKED or req.name in declared:
            continue
        parents = [v for v in req.via if not v.startswith("-")]
        if any(v.startswith("-r ") for v in req.via) or (not req.via and not related):
            yield from _direct(req, entry, pythons, project)
            continue
        installed = tuple(p for p in pythons.targets if _applies(req.marker, p))
        chain = _via_chain(req, by_name, declared) if parents else None
        finding = _transitive(
            entry,
            req.name,
            req.pinned_version,
            req.loc,
            installed,
            chain,
            rf.doc.path.name,
            _tool("compiled", rf.compiled.generator if rf.compiled is not None else None),
            related,
        )
        if finding is not None:
            yield finding


def _compiled_sources(rf: RequirementsFile, project: Project) -> tuple[Path, ...]:
    if rf.compiled is None:
        return ()
    base = rf.doc.path.parent
    loaded = {f.doc.path.absolute() for f in project.requirement_files}
    if project.pyproject is not None:
        loaded.add(project.pyproject.doc.path.absolute())
    out = []
    for source in rf.compiled.sources:
        path = (base / source).absolute()
        if path in loaded and path not in out:
            out.append(path)
    return tuple(out)


def _via_chain(
    req: Requirement, by_name: dict[str, Requirement], spelling: dict[str, str]
) -> list[str]:
    """The shortest ``# via`` path from a line the source declares down to ``req``."""
    from reqhooks.data.backports import canonical

    def parents(r: Requirement) -> list[str]:
        return [canonical(v) for v in r.via if not v.startswith("-")]

    def is_root(r: Requirement) -> bool:
        return not r.via or any(v.startswith("-") for v in r.via)

    previous: dict[str, str | None] = {req.name: None}
    queue = deque([req.name])
    found: str | None = None
    while queue:
        name = queue.popleft()
        current = by_name.get(name)
        if current is None or (name != req.name and is_root(current)):
            found = name
            break
        for parent in parents(current):
            if parent not in previous:
                previous[parent] = name
                queue.append(parent)
    if found is None:  # a cycle with no way in: name the nearest parent
        found = parents(req)[0]
        previous.setdefault(found, req.name)
    chain = []
    step: str | None = found
    while step is not None:
        line = by_name.get(step)
        version = line.pinned_version if line is not None else None
        label = spelling.get(step, step)
        chain.append(f"{label} {version}" if version else label)
        step = previous.get(step)
    return chain


# -- locks -----------------------------------------------------------------------------------


def _locked(
    lock: LockFile,
    project: Project,
    targets: Targets,
    pythons: _Pythons,
    declared: dict[str, str],
) -> Iterator[Finding]:
    candidates = []
    for k, pkg in enumerate(lock.packages):
        if pkg.name in declared or pkg.source in ("editable", "virtual"):
            continue
        entry = lookup(pkg.name)
        if entry is not None and entry.kind in ("harmful", "redundant"):
            candidates.append((k, pkg, entry))
    if not candidates:
        return
    graph = _Graph(project, lock, list(targets.environments()), declared)
    related = _lock_related(lock, project)
    for k, pkg, entry in candidates:
        installed = graph.installed_pythons(k)
        chain = graph.chain(k) if graph.has_edges else None
        finding = _transitive(
            entry,
            pkg.name,
            pkg.version,
            pkg.loc,
            installed,
            chain,
            lock.doc.path.name,
            _tool(lock.kind, _created_by(lock)),
            related,
        )
        if finding is not None:
            yield finding


def _lock_related(lock: LockFile, project: Project) -> tuple[Path, ...]:
    if lock.kind == "pipfile":
        return (project.pipfile.doc.path,) if project.pipfile is not None else ()
    return (project.pyproject.doc.path,) if project.pyproject is not None else ()


class _Graph:
    """Which target environments install each package of a lock, and along which chain."""

    def __init__(
        self, project: Project, lock: LockFile, envs: Sequence[Env], spelling: dict[str, str]
    ) -> None:
        self.lock = lock
        self.envs = envs
        self.spelling = spelling
        packages = lock.packages
        self.has_edges = any(p.dependencies for p in packages)
        self.trusted = _trusts_package_markers(lock)
        self.by_name: dict[str, list[int]] = {}
        for k, pkg in enumerate(packages):
            self.by_name.setdefault(pkg.name, []).append(k)
        self.declared: dict[str, list[Requirement]] = {}
        for req in _direct_requirements(project):
            if req.kind in _INSTALLING:
                self.declared.setdefault(req.name, []).append(req)
        for member in project.members:
            for req in member.requirements:
                if req.kind in _INSTALLING:
                    self.declared.setdefault(req.name, []).append(req)
        # What the walk found (see _walk), environments as bits (bit i: envs[i]): per state,
        # the state each environment first reached it from; per package, its states with
        # the environments new to each, in the order they were reached; per package, the
        # environments that reach it at all.
        self._walked = False
        self._parents: dict[State, list[tuple[int, State | None]]] = {}
        self._states: dict[int, list[tuple[State, int]]] = {}
        self._reached: list[int] = []

    def installed_pythons(self, k: int) -> tuple[Minor, ...]:
        pythons = []
        for i, env in enumerate(self.envs):
            if env[0] not in pythons and self._installed(k, i):
                pythons.append(env[0])
        return tuple(sorted(pythons))

    def chain(self, k: int) -> list[str] | None:
        """The shortest chain of locked packages from a declared root to package ``k``."""
        best: list[int] | None = None
        for i in range(len(self.envs)):
            if not self._installed(k, i):
                continue
            self._walk()
            bit = 1 << i
            for end, bits in self._states.get(k, ()):
                if bits & bit:
                    path = self._path(end, bit)
                    if best is None or len(path) < len(best):
                        best = path
        if best is None:
            return None
        packages = self.lock.packages
        return [self._label(packages[i]) for i in best]

    def _label(self, pkg: LockedPackage) -> str:
        name = self.spelling.get(pkg.name, pkg.name)
        return f"{name} {pkg.version}" if pkg.version else name

    def _path(self, end: State, bit: int) -> list[int]:
        """The packages from a root to ``end`` along the way the environment ``bit`` took."""
        out: list[int] = []
        state: State | None = end
        packages = self.lock.packages
        while state is not None:
            k = state[0]
            if packages[k].source not in ("editable", "virtual") and (not out or out[-1] != k):
                out.append(k)
            state = next(parent for bits, parent in self._parents[state] if bits & bit)
        out.reverse()
        return out

    def _installed(self, k: int, i: int) -> bool:
        pkg = self.lock.packages[k]
        python, platform = self.envs[i]
        if pkg.resolution_markers and not any(
            _applies(m, python, platform) for m in pkg.resolution_markers
        ):
            return False
        if self.trusted and not _applies(pkg.marker, python, platform):
            return False
        if not self.has_edges:
            return self.trusted or _applies(pkg.marker, python, platform)
        self._walk()
        return bool(self._reached[k] >> i & 1)

    def _walk(self) -> None:
        """Breadth first from the roots, so that the first way found to a package is shortest.

        States are (package, extra): None follows a package's own dependencies, an extra
        also those of that extra, ``"*"`` every extra and group (a workspace member).

        Every environment is walked at once: an entry of the queue carries the environments
        new to its state, and each environment's entries come in the order its own walk
        would take them (an entry only queues entries for its own environments, in order),
        so each environment finds the same shortest ways as a walk of its own, for the
        cost of one walk.
        """
        if self._walked:
            return
        self._walked = True
        packages = self.lock.packages
        envs = self.envs
        depended = {dep.name for pkg in packages for dep in pkg.dependencies}
        space = edges.Environments(
            envs, lambda marker, env, extra: _applies(marker, env[0], env[1], extra), packages  # type: ignore[index]
        )
        where, in_fork, everywhere = space.where, space.in_fork, space.everywhere

        parents = self._parents
        states = self._states
        reached: dict[State, int] = {}
        queue: deque[tuple[State, int]] = deque()

        def push(state: State, bits: int, parent: State | None) -> None:
            old = reached.get(state, 0)
            bits &= ~old
            if bits:
                reached[state] = old | bits
                parents.setdefault(state, []).append((bits, parent))
                states.setdefault(state[0], []).append((state, bits))
                queue.append((state, bits))

        for k, pkg in enumerate(packages):
            if pkg.source in ("editable", "virtual"):
                push((k, "*"), everywhere, None)
        for k, pkg in enumerate(packages):
            reqs = self.declared.get(pkg.name)
            if reqs is not None:
                fork = in_fork(k)
                where_live = [where(r.marker) & fork for r in reqs]
                anywhere_live = 0
                for bits in where_live:
                    anywhere_live |= bits
                push((k, None), anywhere_live, None)
                for r, bits in zip(reqs, where_live):
                    for e in r.extras:
                        push((k, e), bits, None)
            elif pkg.name not in depended and pkg.source not in ("editable", "virtual"):
                push((k, None), in_fork(k), None)  # a root nothing declares: the lock's own view
        while queue:
            state, bits = queue.popleft()
            k, extra = state
            for dep in packages[k].dependencies:
                live = bits
                if dep.marker:
                    live &= where(dep.marker, None if extra == "*" else extra or "")
                    if not live:
                        continue
                candidates = self.by_name.get(dep.name, [])
                for target, target_bits in edges.targets(dep, live, candidates, packages, in_fork):
                    push((target, None), target_bits, state)
                    for e in dep.extras:
                        push((target, e), target_bits, state)
        self._reached = [0] * len(packages)
        for (k, _), bits in reached.items():
            self._reached[k] |= bits


def _trusts_package_markers(lock: LockFile) -> bool:
    """Whether the lock's per-package marker is the transitive one (absent = always)."""
    data = lock.data if isinstance(lock.data, dict) else {}
    metadata = data.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    if lock.kind == "poetry":
        version = metadata.get("lock-version")
        return isinstance(version, str) and tuple(int(p) for p in _DIGITS().findall(version)) >= (
            2,
            1,
        )
    if lock.kind == "pdm":
        strategy = metadata.get("strategy")
        return isinstance(strategy, list) and "inherit_metadata" in strategy
    return lock.kind in ("pylock", "pipfile")


# -- BKP004 ----------------------------------------------------------------------------------


def _transitive(
    entry: Backport,
    name: str,
    version: str | None,
    loc: Loc,
    installed: Sequence[Minor],
    chain: list[str] | None,
    file: str,
    tool: str,
    related: tuple[Path, ...],
) -> Finding | None:
    if entry.since is None:
        return None
    shipped = [p for p in installed if p >= entry.since]
    if not shipped:
        return None
    label = f"{name} {version}" if version else name
    parent = top = ""
    if chain is None:
        how = f"{label} is not declared but another package requires it"
        how += f" ({file} does not record which)"
    elif len(chain) == 1:
        how = f"{label} is in {file} though neither the project nor its dependencies require it"
    else:
        how = f"{label} comes in through {' -> '.join(chain)}"
        parent, top = chain[-2].split(" ")[0], chain[0].split(" ")[0]
    if entry.kind == "harmful":
        message = (
            f"{how}; it {_what(entry)} and breaks on Python {_join(shipped)}: {entry.breaks}; "
            f"{_keep_out(name, top, tool, file)}"
        )
        return Finding.at(
            "BKP004", loc, message, package=entry.name, severity="error", related=related
        )
    clause = _clause(entry)
    if parent:
        look = f"look for a release of {parent} that requires it only with `{clause}`"
    else:
        look = f"look for releases of what requires it that say `{clause}`"
    message = (
        f"{how}; it {_what(entry)} and is dead weight on Python {_join(shipped)}, which {_ship(shipped)} it; "
        f"{look}"
    )
    if tool == "uv":
        message += f", or add `{name}; {clause}` to `[tool.uv] override-dependencies`"
    elif tool == "uv-pip":
        message += f", or override it with `{name}; {clause}` (`uv pip compile --override`)"
    return Finding.at(
        "BKP004", loc, message, package=entry.name, severity="warning", related=related
    )


def _tool(kind: str, generator: str | None) -> str:
    """Which tool wrote a lock or compiled file, as far as the remedy goes."""
    if kind in ("uv", "pdm", "poetry"):
        return kind
    if kind == "pipfile":
        return "pipenv"
    if kind == "compiled":
        return {"uv": "uv-pip", "uv-export": "uv", "poetry-export": "poetry"}.get(
            generator or "", "pip"
        )
    creator = (generator or "").split()[0].lower() if generator else ""
    return creator if creator in ("uv", "pdm") else "other"


def _created_by(lock: LockFile) -> str | None:
    created_by = lock.data.get("created-by") if isinstance(lock.data, dict) else None
    return created_by if isinstance(created_by, str) else None


def _keep_out(name: str, top: str, tool: str, file: str) -> str:
    """What keeps out a harmful backport that a dependency requires, with the tool that locks."""
    drop = f"drop or replace {top}" if top else "drop or replace the package that requires it"
    never = f"`{name}; sys_platform == 'never'`"
    if tool == "uv":
        return f"{drop}, or add {never} to `[tool.uv] override-dependencies` and run `uv lock`"
    if tool == "uv-pip":
        return f"{drop}, or put {never} in an overrides file for `uv pip compile --override`"
    if tool == "pdm":
        return f'{drop}, or add "{name}" to `[tool.pdm.resolution] excludes` and run `pdm lock`'
    if tool == "poetry":
        return (
            f"{drop} (Poetry cannot override a dependency's requirements), then run `poetry lock`"
        )
    if tool == "pipenv":
        return (
            f"{drop} (Pipenv cannot override a dependency's requirements), then run `pipenv lock`"
        )
    if tool == "pip":
        return (
            f"{drop}, or install it with `pip install --no-deps` and list its other requirements "
            "(a constraints file cannot keep it out)"
        )
    return f"{drop}, or exclude it in the tool that writes {file}"


# -- messages --------------------------------------------------------------------------------


def _what(entry: Backport) -> str:
    """``backports `tomllib` (in CPython since 3.11)``."""
    assert entry.since is not None
    since = (
        "in every CPython 3"
        if entry.since <= (3, 0)
        else f"in CPython since {_version(entry.since)}"
    )
    return f"backports {_modules(entry)} ({since})"


def _modules(entry: Backport) -> str:
    names = [f"`{m}`" for m in entry.modules] or ["a stdlib module"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _clause(entry: Backport, quote: str = '"') -> str:
    if entry.kind == "reverse-backport":
        assert entry.removed is not None
        return f"python_version >= {quote}{_version(entry.removed)}{quote}"
    assert entry.since is not None
    return f"python_version < {quote}{_version(entry.since)}{quote}"


def _version(minor: Minor) -> str:
    return f"{minor[0]}.{minor[1]}"


def _every(minors: Sequence[Minor], pythons: _Pythons) -> str:
    return "every target Python" if minors == pythons.targets else "every Python it is installed on"


def _ship(minors: Sequence[Minor]) -> str:
    return "ships" if len(minors) == 1 else "ship"


def _join(minors: Iterable[Minor]) -> str:
    return ", ".join(_version(m) for m in minors)


# -- fixes -----------------------------------------------------------------------------------


def _guard(req: Requirement, entry: Backport, project: Project) -> Fix | None:
    """BKP003's fix: the marker that installs the backport only where it is needed."""
    text = req.loc.doc.text
    upper = entry.kind != "reverse-backport"
    separator = " ; " if req.url else "; "
    if req.kind in _TEXT_KINDS:
        if req.editable:
            return None
        return _marker_edit(req, _clause(entry, _marker_quote(req)), upper, separator, exact=True)
    if req.kind in _TOML_STRING_KINDS or req.kind == "conda-pip":
        quote = _inner_quote(text, req.loc.end)
        if quote is None:
            return None
        return _marker_edit(req, _clause(entry, quote), upper, separator, exact=False)
    if req.kind in ("poetry", "pipfile"):
        return _table_guard(req, entry, upper, project)
    return None


def _inner_quote(text: str, close: int) -> str | None:
    """The quote a marker may use inside the string that closes at ``close``: ``'`` in a
    ``"..."`` string, ``"`` in a ``'...'`` string or a plain YAML scalar; None in a
    multi-line string (left to the author)."""
    delimiter = text[close : close + 1]
    if delimiter in ('"', "'"):
        if text.startswith(delimiter * 3, close):
            return None
        return "'" if delimiter == '"' else '"'
    return '"'


def _marker_quote(req: Requirement) -> str:
    """The quote the requirement's own marker uses, so the added clause matches it."""
    if req.marker and "'" in req.marker and '"' not in req.marker:
        return "'"
    return '"'


def _marker_edit(
    req: Requirement, clause: str, upper: bool, separator: str, *, exact: bool
) -> Fix | None:
    """Append ``clause`` to the requirement, or combine it with the marker it has."""
    message = f"Add `{clause}`"
    if not req.marker:
        return Fix(message, (Edit(req.loc.end, req.loc.end, f"{separator}{clause}"),), safe=True)
    loc = req.marker_loc
    if loc is None:
        return None
    written = loc.text()
    # In a requirements file the marker is taken as written; anything else (an expanded
    # ${VAR}, a line continuation inside it) is left to the author.
    if "\n" in written or (exact and written.strip() != req.marker.strip()):
        return None
    pattern = _bound_patterns()[0 if upper else 1]
    new = clause if pattern.fullmatch(written) else f"({written}) and {clause}"
    return Fix(message, (Edit(loc.start, loc.end, new),), safe=True)


def _table_guard(req: Requirement, entry: Backport, upper: bool, project: Project) -> Fix | None:
    """Poetry and Pipfile: ``tomli = "^2"`` -> ``tomli = { version = "^2", markers = "..." }``."""
    found = _table_value(req, project)
    if found is None:
        return None
    value, (start, end) = found
    text = req.loc.doc.text
    clause = _clause(entry, "'")
    message = f"Add `{clause}`"
    markers = f'markers = "{clause}"'
    if isinstance(value, str):
        edit = Edit(start, end, f"{{ version = {text[start:end]}, {markers} }}")
        return Fix(message, (edit,), safe=True)
    if not isinstance(value, dict) or text[start : start + 1] != "{" or "\n" in text[start:end]:
        return None  # a [table], or an inline table over several lines
    if req.marker:
        if not isinstance(value.get("markers"), str) or req.marker_loc is None:
            return None  # the marker comes from `python` or platform keys: left to the author
        quote = _inner_quote(text, req.marker_loc.end)
        if quote is None:
            return None
        return _marker_edit(req, _clause(entry, quote), upper, "", exact=False)
    inner_end = end - 1
    while inner_end > start + 1 and text[inner_end - 1] in " \t":
        inner_end -= 1
    lead = " " if inner_end == start + 1 else ", "
    return Fix(message, (Edit(inner_end, inner_end, lead + markers),), safe=True)


def _table_value(req: Requirement, project: Project) -> tuple[Any, tuple[int, int]] | None:
    """The value of a Poetry or Pipfile dependency key, and its span."""
    doc = req.loc.doc
    owner: Pyproject | Pipfile | None = None
    tables: list[tuple[str, ...]] = []
    if req.kind == "pipfile" and project.pipfile is not None and project.pipfile.doc is doc:
        owner = project.pipfile
        tables = [(category,) for category, table in owner.data.items() if isinstance(table, dict)]
    elif req.kind == "poetry" and project.pyproject is not None and project.pyproject.doc is doc:
        owner = project.pyproject
        tables = [("tool", "poetry", "dependencies"), ("tool", "poetry", "dev-dependencies")]
        groups = owner.tool("poetry").get("group")
        if isinstance(groups, dict):
            tables.extend(("tool", "poetry", "group", g, "dependencies") for g in groups)
    if owner is None:
        return None
    for path in tables:
        table: Any = owner.data
        for part in path:
            table = table.get(part) if isinstance(table, dict) else None
        if not isinstance(table, dict):
            continue
        for key, value in table.items():
            if owner.index.key_span((*path, key)) == (req.loc.start, req.loc.end):
                span = owner.index.value_span((*path, key))
                return (value, span) if span is not None else None
    return None


def _removal(req: Requirement, project: Project) -> Fix | None:
    """BKP002's fix: remove the requirement, and only it (unsafe: it changes what is installed)."""
    text = req.loc.doc.text
    span: tuple[int, int] | None = None
    if req.kind in _TEXT_KINDS:
        span = _line_removal(text, req.loc.start, req.line_end or req.loc.end, via=bool(req.via))
    elif req.kind in _TOML_STRING_KINDS:
        span = _element_removal(text, req.loc.start, req.loc.end)
    elif req.kind == "conda-pip":
        start = req.loc.start
        if text[start - 1 : start] in ("'", '"'):
            start -= 1
        line_start = text.rfind("\n", 0, start) + 1
        if re.fullmatch(r"[ \t]*-[ \t]+", text[line_start:start]):
            end = req.loc.end + (1 if text[req.loc.end : req.loc.end + 1] in ("'", '"') else 0)
            span = _line_removal(text, line_start, end, via=False)
    elif req.kind in ("poetry", "pipfile"):
        found = _table_value(req, project)
        # Only `name = "..."` or `name = { ... }`: a [table] or an array of constraints (one
        # of which may be needed) is left to the author.
        if found is not None and (
            isinstance(found[0], str) or text[found[1][0] : found[1][0] + 1] == "{"
        ):
            span = _line_removal(text, req.loc.start, found[1][1], via=False)
    if span is None:
        return None
    return Fix(f"Remove `{req.text}`", (Edit(span[0], span[1], ""),), safe=False)


def _line_removal(text: str, start: int, end: int, *, via: bool) -> tuple[int, int] | None:
    """The whole lines from ``start`` to ``end`` (a trailing comment included), when nothing
    else shares them; with ``via``, also the ``# via`` block that annotates them."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t"):
        return None
    trailing, via_bare, via_more, via_line = _line_patterns()
    m = trailing.match(text, end)
    if m is None:
        return None
    stop = m.end()
    if via:
        bare = via_bare.match(text, stop)
        if bare is not None:
            stop = bare.end()
            more = via_more.match(text, stop)
            while more is not None and more.end() > stop:
                stop = more.end()
                more = via_more.match(text, stop)
        else:
            line = via_line.match(text, stop)
            if line is not None:
                stop = line.end()
    if stop == len(text) and not text.endswith("\n") and line_start > 0:
        # The last line of a file with no final newline: take the newline before it
        # instead, so the file still ends without one.
        newline = 2 if text[line_start - 2 : line_start] == "\r\n" else 1
        return line_start - newline, stop
    return line_start, stop


def _element_removal(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A string element of a TOML array, with its comma, keeping the array valid."""
    for delimiter in ('"""', "'''", '"', "'"):
        if text.startswith(delimiter, end) and text[:start].endswith(delimiter):
            start, end = start - len(delimiter), end + len(delimiter)
            break
    else:
        return None
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip(" \t"):
        rest = _rest_of_line().match(text, end)
        if rest is not None:
            return line_start, rest.end()
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if text[after : after + 1] == ",":
        after += 1
        while after < len(text) and text[after] in " \t":
            after += 1
        return start, after
    before = start
    while before > 0 and text[before - 1] in " \t\r\n":
        before -= 1
    if text[before - 1 : before] == ",":
        return before - 1, end
    return start, end
