"""Python compatibility: PYV001-PYV005.

- PYV001: a locked (or, online, pinned) version whose Requires-Python excludes a target
  Python it is installed on.
- PYV002: a locked version with no wheel for a target Python on a target platform, so pip
  builds it from source (or cannot install it at all).
- PYV003: the project's declared Pythons disagree across files.
- PYV004: a requirement whose marker is false on every Python the project targets or
  declares, or that no target platform can satisfy because of a misspelt platform value.
- PYV005: a deployment pin (or ``--target-python``) on an end-of-life or unreleased CPython.

"Installed on" is decided per target environment (a Python and a platform): from the lock's
own per-package marker where the format records the transitive one (poetry.lock 2.1,
pdm.lock with ``inherit_metadata``, pylock.toml, Pipfile.lock), otherwise (uv.lock, older
Poetry and PDM locks) by walking the lock's dependency edges from its roots with each edge's
marker evaluated in that environment; uv's ``resolution-markers`` restrict a version to its
forks either way.

Offline, Requires-Python comes only from the locks that record it (poetry.lock, pdm.lock,
pylock.toml) and file names only from the locks that list them (poetry.lock, uv.lock,
pdm.lock, pylock.toml).  With ``--online``, an index client (see :class:`PackageIndex`)
fills in what the files do not say: Requires-Python for uv.lock and Pipfile.lock packages,
and both for ``==`` pins in requirements files and pyproject.toml that no lock covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from reqhooks._lazy import lazy_pattern
from reqhooks.findings import Finding
from reqhooks.rules import _edges as edges

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Final, Protocol

    from reqhooks.data.cpython import Day
    from reqhooks.engine import Context
    from reqhooks.findings import Severity
    from reqhooks.model import Loc, LockedPackage, LockFile, Project, PythonDecl, Requirement
    from reqhooks.targets import Targets

    class IndexFile(Protocol):
        """One file of a project on the index, as the online client reports it."""

        @property
        def filename(self) -> str: ...

        @property
        def requires_python(self) -> str | None: ...

    class PackageIndex(Protocol):
        """What these rules need from the online index client (``ctx.index()``).

        A client that also has ``prefetch(names: Iterable[str]) -> None`` is handed every name
        these rules will ask about first, so that it can fetch them concurrently.
        """

        def project_files(
            self, name: str, index_urls: Sequence[str] | None = None
        ) -> Sequence[IndexFile] | None:
            """Every file of project ``name`` (PEP 691) on ``index_urls`` (None: the default
            indexes), or None when the index cannot say."""
            ...


Minor = tuple[int, int]
Env = tuple[Minor, str]  # (CPython minor, platform)


#: Packages whose source build needs more than a C compiler, by the toolchain it needs.
#: Source: each project's ``[build-system]`` (maturin or setuptools-rust for Rust; meson
#: with a Fortran compiler for SciPy).
TOOLCHAINS: Final[dict[str, str]] = {
    **dict.fromkeys(
        (
            "bcrypt",
            "cryptography",
            "jiter",
            "orjson",
            "polars",
            "pydantic-core",
            "rpds-py",
            "safetensors",
            "tiktoken",
            "tokenizers",
            "watchfiles",
        ),
        "a Rust toolchain",
    ),
    "scipy": "C, C++ and Fortran compilers",
}
_DEFAULT_TOOLCHAIN: Final = "a compiler toolchain"

_RELOCK: Final[dict[str, str]] = {
    "poetry": "run `poetry lock`",
    "uv": "run `uv lock`",
    "pdm": "run `pdm lock`",
    "pipfile": "run `pipenv lock`",
}
#: Requirement kinds whose ``==`` pins PYV001/PYV002 check online when no lock covers them.
_PIN_KINDS: Final = frozenset(
    {"requirements", "constraints", "compiled", "project", "optional", "group", "poetry",
     "pdm-dev", "uv-dev", "pipfile", "conda-pip"}
)  # fmt: skip
# Compiled on first use (by re's cache): few markers name an extra.
_DIGITS = lazy_pattern(r"\d+")
_EXTRA = lazy_pattern(r"""\bextra\s*==\s*['"]([^'"]+)['"]""")


def check(project: Project, ctx: Context) -> Iterator[Finding]:
    """PYV001-PYV005 for one project."""
    from reqhooks.engine import selected_codes

    codes = selected_codes(ctx.settings, ("python",))
    targets = ctx.targets(project)
    if "PYV003" in codes:
        yield from _disagreements(project)
    if "PYV005" in codes:
        yield from _unsupported(project, ctx)
    if not targets.pythons:
        return
    if codes & {"PYV001", "PYV002"}:
        index = _index(ctx)
        for lock in project.locks if ctx.locks_reported(project) else ():
            yield from _lock_findings(project, lock, targets, index)
        if index is not None:
            covered = {p.name for lock in project.locks for p in lock.packages}
            yield from _pin_findings(project, targets, index, covered)
    if "PYV004" in codes:
        yield from _dead_markers(project, targets)


def _index(ctx: Context) -> PackageIndex | None:
    """The online index client when there is one that answers :class:`PackageIndex`."""
    if not ctx.settings.online:
        return None
    try:
        client = ctx.index()
    except ImportError:  # the online client is not part of this build
        return None
    return client if callable(getattr(client, "project_files", None)) else None


# -- which environments install a locked package ------------------------------------------


def _possible(marker: str | None, env: Env, extra: str | None = None) -> bool:
    """Whether ``marker`` can hold in ``env``; with ``extra=None``, for any extra it names."""
    from reqhooks._pep import marker_applies

    if not marker:
        return True
    python, platform = env
    if extra is not None or "extra" not in marker:
        return marker_applies(marker, python, platform, extra or "")
    return marker_applies(marker, python, platform) or any(
        marker_applies(marker, python, platform, e) for e in set(_EXTRA().findall(marker))
    )


def _trusts_package_markers(lock: LockFile) -> bool:
    """Whether the lock's per-package marker is the transitive one (absent = always)."""
    data = lock.data if isinstance(lock.data, dict) else {}
    metadata = data.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    if lock.kind == "poetry":
        version = metadata.get("lock-version")
        return isinstance(version, str) and _version_tuple(version) >= (2, 1)
    if lock.kind == "pdm":
        strategy = metadata.get("strategy")
        return isinstance(strategy, list) and "inherit_metadata" in strategy
    return lock.kind in ("pylock", "pipfile", "compiled")


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in _DIGITS().findall(text))


class _Installs:
    """The target environments in which each package of one lock is installed."""

    def __init__(self, project: Project, lock: LockFile, envs: Sequence[Env]) -> None:
        self.lock = lock
        self.envs = envs
        # Per package, the environments whose walk reaches it: bit i stands for envs[i].
        self._walked: list[int] | None = None
        # Where the lock's own per-package marker holds, by marker; the environments of a
        # set of bits (a lock's packages share a few).
        self._by_marker: dict[str | None, tuple[Env, ...]] = {}
        self._by_bits: dict[int, tuple[Env, ...]] = {}
        if not _trusts_package_markers(lock):
            self._walked = self._walk_all(project)

    def of(self, k: int) -> tuple[Env, ...]:
        pkg = self.lock.packages[k]
        if not pkg.resolution_markers:  # the common cases, without a call per environment
            if self._walked is not None:
                bits = self._walked[k]
                envs = self._by_bits.get(bits)
                if envs is None:
                    envs = tuple(env for i, env in enumerate(self.envs) if bits >> i & 1)
                    self._by_bits[bits] = envs
                return envs
            envs = self._by_marker.get(pkg.marker)
            if envs is None:
                envs = tuple(env for env in self.envs if _possible(pkg.marker, env))
                self._by_marker[pkg.marker] = envs
            return envs
        return tuple(env for i, env in enumerate(self.envs) if self._installed(k, pkg, i, env))

    def _installed(self, k: int, pkg: LockedPackage, i: int, env: Env) -> bool:
        if pkg.resolution_markers and not any(_possible(m, env) for m in pkg.resolution_markers):
            return False
        if self._walked is not None:
            return bool(self._walked[k] >> i & 1)
        return _possible(pkg.marker, env)

    def _walk_all(self, project: Project) -> list[int]:
        """Per package, the environments (as bits) in which it is reachable from the lock's
        roots along edges whose markers hold there.  Roots are workspace members (every extra
        and group counts) and packages nothing depends on, under the markers the project
        declares them with.

        Every environment is walked at once: a state carries the set of environments that
        reach it, and is walked on only for the environments new to it, so the cost is that
        of one walk, not one per environment.
        """
        packages = self.lock.packages
        envs = self.envs
        by_name: dict[str, list[int]] = {}
        for k, pkg in enumerate(packages):
            by_name.setdefault(pkg.name, []).append(k)
        depended = {dep.name for pkg in packages for dep in pkg.dependencies}
        declared: dict[str, list[str | None]] = {}
        for req in project.all_requirements():
            declared.setdefault(req.name, []).append(req.marker)
        members = [k for k, pkg in enumerate(packages) if pkg.source in ("editable", "virtual")]
        tops = [
            k for k, pkg in enumerate(packages) if pkg.name not in depended and k not in members
        ]
        space = edges.Environments(envs, _possible, packages)  # type: ignore[arg-type]
        where, in_fork, everywhere = space.where, space.in_fork, space.everywhere

        reached: dict[tuple[int, str | None], int] = {}
        pending: dict[tuple[int, str | None], int] = {}  # environments not yet walked on
        stack: list[tuple[int, str | None]] = []

        def push(state: tuple[int, str | None], bits: int) -> None:
            old = reached.get(state, 0)
            bits &= ~old
            if bits:
                reached[state] = old | bits
                if state in pending:
                    pending[state] |= bits
                else:
                    pending[state] = bits
                    stack.append(state)

        for k in members:
            push((k, "*"), everywhere)
        for k in tops:
            live = 0
            for m in declared.get(packages[k].name, [None]):
                live |= where(m)
            push((k, None), in_fork(k) & live)
        targets_of = edges.targets
        while stack:
            state = stack.pop()
            bits = pending.pop(state)
            k, extra = state
            dep_extra = None if extra == "*" else extra or ""
            for dep in packages[k].dependencies:
                marker = dep.marker
                # No marker holds everywhere: ``bits`` is already within ``everywhere``.
                live = bits & where(marker, dep_extra) if marker else bits
                if not live:
                    continue
                candidates = by_name.get(dep.name)
                if candidates is None:
                    continue
                if len(candidates) == 1 and not dep.extras:
                    # What push((target, None), live) does, inline: the commonest edge.
                    target_state = (candidates[0], None)
                    old = reached.get(target_state, 0)
                    new = live & ~old
                    if new:
                        reached[target_state] = old | new
                        if target_state in pending:
                            pending[target_state] |= new
                        else:
                            pending[target_state] = new
                            stack.append(target_state)
                    continue
                for target, target_bits in targets_of(dep, live, candidates, packages, in_fork):
                    push((target, None), target_bits)
                    for e in dep.extras:
                        push((target, e), target_bits)
        walked = [0] * len(packages)
        for (k, _), bits in reached.items():
            walked[k] |= bits
        return walked


# -- PYV001 / PYV002 from locks ----------------------------------------------------------


class _Subject:
    """A version to check: a locked package, or a pin whose files come from the index.

    (A plain class with slots: thousands are made per lock, and it is cheaper than a
    dataclass or a named tuple to make and to define.)
    """

    __slots__ = ("envs", "files", "loc", "name", "relock", "requires_python", "version")

    name: str
    version: str
    loc: Loc  # where the finding points
    files: tuple[str, ...]
    requires_python: str | None
    envs: tuple[Env, ...]  # target environments that install it
    relock: str | None  # "run `poetry lock`", ...; None for a pin

    def __init__(
        self,
        name: str,
        version: str,
        loc: Loc,
        files: tuple[str, ...],
        requires_python: str | None,
        envs: tuple[Env, ...],
        relock: str | None,
    ) -> None:
        self.name = name
        self.version = version
        self.loc = loc
        self.files = files
        self.requires_python = requires_python
        self.envs = envs
        self.relock = relock


class _Mentions:
    """What findings name besides the version: the locked packages that depend on it, and
    the files that make its target Pythons targets.  Worked out on first use, per lock (or
    for a project's pins): few versions have a finding.
    """

    def __init__(self, project: Project, targets: Targets, lock: LockFile | None) -> None:
        self._project = project
        self._targets = targets
        self._lock = lock
        self._parents: dict[str, dict[str, None]] | None = None
        self._declared: set[str] = set()
        self._related: dict[frozenset[Minor], tuple[Path, ...]] = {}

    def parents(self, name: str) -> tuple[str, ...]:
        """The locked packages that depend on ``name``, in lock order; none for a pin or a
        package the project declares itself."""
        if self._lock is None:
            return ()
        if self._parents is None:
            # A dict as an ordered set: typing-extensions has hundreds of dependents.
            parents: dict[str, dict[str, None]] = {}
            for pkg in self._lock.packages:
                if pkg.source in ("editable", "virtual"):
                    continue
                for dep in pkg.dependencies:
                    parents.setdefault(dep.name, {})[pkg.name] = None
            self._parents = parents
            self._declared = {
                r.name for r in self._project.all_requirements() if r.kind != "compiled"
            }
        if name in self._declared:
            return ()
        return tuple(self._parents.get(name, ()))

    def related(self, envs: Iterable[Env]) -> tuple[Path, ...]:
        """The files that make these environments' Pythons targets."""
        minors = frozenset(py for py, _ in envs)
        related = self._related.get(minors)
        if related is None:
            related = self._related[minors] = _related_minors(
                self._project, self._targets, set(minors)
            )
        return related


def _lock_findings(
    project: Project, lock: LockFile, targets: Targets, index: PackageIndex | None
) -> Iterator[Finding]:
    envs = list(targets.environments())
    installs = _Installs(project, lock, envs)
    mentions = _Mentions(project, targets, lock)
    relock = _relock_advice(lock)
    registries: dict[tuple[str, str], tuple[str, ...]] = {}
    if index is not None:
        if _knows_indexes(index):
            from reqhooks.index import lock_indexes

            registries = lock_indexes(lock)
        wanted = [p for p in lock.packages if not p.files or p.requires_python is None]
        for urls in dict.fromkeys(registries.get((p.name, p.version or "")) for p in wanted):
            _prefetch(
                index,
                [p.name for p in wanted if registries.get((p.name, p.version or "")) == urls],
                urls,
            )
    quiet = _Quiet(targets)
    for k, pkg in enumerate(lock.packages):
        if pkg.version is None or pkg.source not in (None, "registry"):
            continue
        files, requires_python = pkg.files, pkg.requires_python
        if (index is None or (files and requires_python is not None)) and quiet(
            files, requires_python
        ):
            continue  # what _check_subject would find: nothing, in any environment
        pkg_envs = installs.of(k)
        if not pkg_envs:
            continue
        if index is not None and (not files or requires_python is None):
            found = _index_files(
                index, pkg.name, pkg.version, registries.get((pkg.name, pkg.version))
            )
            if found is not None:
                files = files or tuple(f.filename for f in found)
                requires_python = requires_python or _requires_python(found)
        subject = _Subject(
            pkg.name,
            pkg.version,
            pkg.loc,
            files,
            requires_python,
            pkg_envs,
            relock,
        )
        yield from _check_subject(subject, targets, mentions)


class _Quiet:
    """Whether :func:`_check_subject` finds nothing for a version with these files and this
    Requires-Python, whatever environments install it: no target Python is excluded, and
    :func:`_wheel_gaps` looks at no wheel.  Most versions of a lock are so; this answers
    without building a subject, once per distinct Requires-Python."""

    __slots__ = ("_fine", "_has_sdist", "_is_pure", "_pythons")

    def __init__(self, targets: Targets) -> None:
        from reqhooks.wheels import has_sdist, is_pure

        self._pythons = targets.pythons
        self._fine: dict[str, bool] = {}
        self._is_pure = is_pure
        self._has_sdist = has_sdist

    def __call__(self, files: tuple[str, ...], requires_python: str | None) -> bool:
        if requires_python:
            fine = self._fine.get(requires_python)
            if fine is None:
                from reqhooks.targets import minor_in_range

                fine = self._fine[requires_python] = all(
                    minor_in_range(py, requires_python) for py in self._pythons
                )
            if not fine:
                return False
        return not files or (self._is_pure(files) and self._has_sdist(files))


def _relock_advice(lock: LockFile) -> str:
    if lock.kind in _RELOCK:
        return _RELOCK[lock.kind]
    created_by = lock.data.get("created-by") if isinstance(lock.data, dict) else None
    if isinstance(created_by, str):
        return f"regenerate {lock.doc.path.name} with {created_by}"
    return f"regenerate {lock.doc.path.name}"


def _check_subject(subject: _Subject, targets: Targets, mentions: _Mentions) -> Iterator[Finding]:
    from reqhooks.targets import minor_in_range

    name, rp = subject.name, subject.requires_python
    excluded: list[Minor] = []
    if rp and not all(minor_in_range(py, rp) for py in targets.pythons):
        pythons = sorted({py for py, _ in subject.envs})
        excluded = [py for py in pythons if not minor_in_range(py, rp)]
    if excluded:
        it = "it" if len(excluded) == 1 else "them"
        parents = mentions.parents(name)
        if parents:
            who = f" (required by {_names(parents)})"
            fix = f"allow a release of {name} (or of {_names(parents)}) that supports {it}"
        elif subject.relock is not None:
            who, fix = "", f"allow a release of {name} that supports {it}"
        else:
            who, fix = "", f"pin a release that supports {it}"
        if subject.relock is not None:
            fix += f", then {subject.relock}"
        plural = "s" if len(excluded) > 1 else ""
        yield Finding.at(
            "PYV001",
            subject.loc,
            f"{name} {subject.version}{who} requires Python {rp}, which excludes "
            f"target Python{plural} {_join(excluded)}; {fix}",
            package=name,
            related=mentions.related(subject.envs),
        )
    gaps = _wheel_gaps(subject, set(excluded))
    if gaps:
        yield _no_wheel(subject, gaps, targets, mentions.related(subject.envs))


def wheel_gaps(files: Iterable[str], envs: Iterable[Env]) -> list[Env]:
    """The environments among ``envs`` for which no file in ``files`` is an installable wheel."""
    from reqhooks.wheels import missing_wheels

    return missing_wheels(files, envs)


def _wheel_gaps(subject: _Subject, excluded: set[Minor]) -> list[Env]:
    """Where pip would have to build ``subject`` from source, by the PYV002 policy.

    Quiet when the release has an sdist and no wheel but pure-Python ones, or none at all:
    building it needs no compiler, or (sdist only) it has always been built from source, so
    a new target changes nothing, and file names cannot tell a pure-Python sdist from one
    with C code.
    """
    from reqhooks.wheels import has_sdist, is_pure

    files = subject.files
    # is_pure first: it stops at the first binary wheel, has_sdist looks at every wheel
    # before the sdist (which sorts after them).
    if not files or (is_pure(files) and has_sdist(files)):
        return []
    return wheel_gaps(files, [env for env in subject.envs if env[0] not in excluded])


def _no_wheel(
    subject: _Subject, gaps: list[Env], targets: Targets, related: tuple[Path, ...]
) -> Finding:
    from reqhooks.wheels import has_sdist

    name, version = subject.name, subject.version
    where = _describe_gaps(gaps, targets.platforms)
    upgrade = f"upgrade {name} to a release that ships {'this wheel' if len(gaps) == 1 else 'these wheels'}"
    severity: Severity
    if has_sdist(subject.files):
        toolchain = TOOLCHAINS.get(name, _DEFAULT_TOOLCHAIN)
        message = (
            f"No wheel for {where}: pip will build {name} {version} from source, "
            f"which needs {toolchain}; {upgrade}"
        )
        severity = "warning"
    else:
        message = f"No wheel for {where} and no sdist: pip cannot install {name} {version} there; {upgrade}"
        severity = "error"
    return Finding.at(
        "PYV002", subject.loc, message, package=name, severity=severity, related=related
    )


def _describe_gaps(gaps: Iterable[Env], platforms: Sequence[str]) -> str:
    """``CPython 3.13, 3.14 on linux-x86_64, macos-arm64, and for CPython 3.14 on windows-amd64``."""
    by_platform: dict[str, list[Minor]] = {}
    for python, platform in sorted(gaps, key=lambda e: (_order(e[1], platforms), e[0])):
        by_platform.setdefault(platform, []).append(python)
    groups: dict[tuple[Minor, ...], list[str]] = {}
    for platform, pythons in by_platform.items():
        groups.setdefault(tuple(pythons), []).append(platform)
    parts = [f"CPython {_join(pythons)} on {', '.join(plats)}" for pythons, plats in groups.items()]
    return ", and for ".join(parts)


def _order(platform: str, platforms: Sequence[str]) -> int:
    return platforms.index(platform) if platform in platforms else len(platforms)


# -- PYV001 / PYV002 for pins, online ---------------------------------------------------


def _index_files(
    index: PackageIndex, name: str, version: str, index_urls: Sequence[str] | None = None
) -> list[IndexFile] | None:
    """The index's files of ``name`` ``version``; None if the index cannot say."""
    from reqhooks._pep import version as parse_version

    # Only a client that knows the file's own indexes is asked with them.
    files = (
        index.project_files(name) if index_urls is None else index.project_files(name, index_urls)
    )
    if files is None:
        return None
    wanted = parse_version(version)
    out = []
    for f in files:
        found = _file_version(f.filename)
        if found is not None and (
            found == version or (wanted is not None and parse_version(found) == wanted)
        ):
            out.append(f)
    return out or None


def _file_version(filename: str) -> str | None:
    from packaging.utils import (
        InvalidSdistFilename,
        InvalidWheelFilename,
        parse_sdist_filename,
        parse_wheel_filename,
    )

    try:
        if filename.endswith(".whl"):
            return str(parse_wheel_filename(filename)[1])
        return str(parse_sdist_filename(filename)[1])
    except (InvalidWheelFilename, InvalidSdistFilename, ValueError):
        return None


def _knows_indexes(index: PackageIndex) -> bool:
    """Whether the client can be asked about a given index (``reqhooks.index.IndexClient``)."""
    return callable(getattr(index, "requirement_indexes", None))


def _prefetch(
    index: PackageIndex, names: Iterable[str], index_urls: Sequence[str] | None = None
) -> None:
    prefetch = getattr(index, "prefetch", None)
    if callable(prefetch):
        unique = list(dict.fromkeys(names))
        if index_urls is None:
            prefetch(unique)
        else:
            prefetch(unique, index_urls)


def _requires_python(files: Iterable[IndexFile]) -> str | None:
    return next((f.requires_python for f in files if f.requires_python), None)


def _pin_findings(
    project: Project, targets: Targets, index: PackageIndex, covered: set[str]
) -> Iterator[Finding]:
    envs = list(targets.environments())
    # Each pin on the indexes pip would install it from (a requirements file's own
    # --index-url / --extra-index-url): never ask PyPI about a private package.
    sources = getattr(index, "requirement_indexes", None)
    declared: Iterable[tuple[Requirement, tuple[str, ...] | None]] = (
        sources(project) if callable(sources) else ((r, None) for r in project.all_requirements())
    )
    pins = [
        (req, version, urls)
        for req, urls in declared
        if (version := req.pinned_version) is not None
        and req.url is None
        and req.kind in _PIN_KINDS
        and req.name not in covered
    ]
    for urls in dict.fromkeys(u for _, _, u in pins):
        _prefetch(index, [req.name for req, _, u in pins if u == urls], urls)
    mentions = _Mentions(project, targets, None)
    for req, version, urls in pins:
        req_envs = tuple(env for env in envs if _possible(req.marker, env))
        if not req_envs:
            continue
        found = _index_files(index, req.name, version, urls)
        if found is None:
            continue
        subject = _Subject(
            req.name,
            version,
            req.loc,
            tuple(f.filename for f in found),
            _requires_python(found),
            req_envs,
            None,
        )
        yield from _check_subject(subject, targets, mentions)


# -- PYV003: declared Pythons disagree ------------------------------------------------------

_RANGE_NAMES: Final = {
    "requires-python": "requires-python",
    "poetry": "Poetry's python",
    "Pipfile": "the Pipfile's python_version",
}
_RANGE_OWNERS: Final = {
    "requires-python": "requires-python",
    "poetry": "Poetry's",
    "Pipfile": "the Pipfile's",
}
#: Minors compared when two ranges are set side by side (3.x only: Poetry's ``^3.10``
#: means ``<4``, which no requires-python needs to say).
_UNIVERSE: Final[tuple[Minor, ...]] = tuple((3, m) for m in range(40))
# Which deployment file the others are compared with, most authoritative first.
_PIN_PRIORITY: Final = (
    "Dockerfile",
    "runtime.txt",
    "render.yaml",
    ".python-version",
    ".tool-versions",
)


def _disagreements(project: Project) -> Iterator[Finding]:
    from reqhooks.targets import RANGE_SOURCES, deployment_pins

    ranges = sorted(
        (d for d in project.pythons if d.source in RANGE_SOURCES and d.specifier is not None),
        key=lambda d: RANGE_SOURCES.index(d.source),
    )
    if ranges:
        yield from _ranges_disagree(ranges)
    pins = deployment_pins(project)
    workflows = [d for d in project.pythons if d.source == "workflow" and d.version is not None]
    for pin in [*pins, *workflows]:
        for rng in ranges:
            if pin.version is not None and not _pin_in_range(pin.version, rng.specifier or ""):
                yield _outside_range(pin, rng)
                break
    yield from _pins_disagree(pins)


def _pin_in_range(version: tuple[int, ...], specifier: str) -> bool:
    from reqhooks._pep import contains
    from reqhooks.targets import minor_in_range

    if len(version) >= 3:
        return contains(specifier, ".".join(map(str, version))) is not False
    return minor_in_range((version[0], version[1]), specifier)


def _ranges_disagree(ranges: list[PythonDecl]) -> Iterator[Finding]:
    from reqhooks.targets import minor_in_range

    first = ranges[0]
    allowed = {m for m in _UNIVERSE if minor_in_range(m, first.specifier or "")}
    for other in ranges[1:]:
        if other.source == first.source:
            continue
        theirs = {m for m in _UNIVERSE if minor_in_range(m, other.specifier or "")}
        if theirs == allowed:
            continue
        name, first_name = _RANGE_NAMES[other.source], _RANGE_NAMES[first.source]
        differences = []
        if theirs - allowed:
            differences.append(
                f"only {_RANGE_OWNERS[other.source]} allows {_spans(theirs - allowed)}"
            )
        if allowed - theirs:
            differences.append(
                f"only {_RANGE_OWNERS[first.source]} allows {_spans(allowed - theirs)}"
            )
        yield Finding.at(
            "PYV003",
            other.loc,
            f"{_cap(name)} {other.value} and {first_name} {first.value} ({_at(first)}) "
            f"allow different Pythons: {'; '.join(differences)}; make them the same",
            related=(first.loc.doc.path,),
        )


def _outside_range(pin: PythonDecl, rng: PythonDecl) -> Finding:
    assert pin.version is not None
    version = ".".join(map(str, pin.version))
    if pin.source == "workflow":
        what = f"CI runs Python {version}"
        fix = "drop it from the workflow or widen the range"
    else:
        what = f"{pin.source} pins Python {version}"
        fix = "pin a Python the project supports, or widen the range and relock"
    return Finding.at(
        "PYV003",
        pin.loc,
        f"{what}, outside {_RANGE_NAMES[rng.source]} {rng.value} ({_at(rng)}); {fix}",
        related=(rng.loc.doc.path,),
    )


def _pins_disagree(pins: list[PythonDecl]) -> Iterator[Finding]:
    """Deployment files that pin different minors, and Dockerfile stages that disagree."""
    by_file: dict[Path, list[PythonDecl]] = {}
    for pin in pins:
        by_file.setdefault(pin.loc.doc.path, []).append(pin)
    primary: list[PythonDecl] = []
    for decls in by_file.values():
        decls.sort(key=lambda d: d.loc.start)
        if decls[0].source == "Dockerfile":
            final = decls[-1]  # the stage that becomes the image
            for stage in decls[:-1]:
                if _minor(stage) != _minor(final):
                    yield Finding.at(
                        "PYV003",
                        stage.loc,
                        f"This build stage uses Python {_minor_text(stage)} but the final stage "
                        f"at {_at(final)} runs {_minor_text(final)}; use the same Python in both",
                    )
            primary.append(final)
        else:
            primary.append(decls[0])
    if len(primary) < 2:
        return
    primary.sort(key=lambda d: (_PIN_PRIORITY.index(d.source), d.loc.doc.display))
    reference = primary[0]
    for pin in primary[1:]:
        if _minor(pin) != _minor(reference):
            yield Finding.at(
                "PYV003",
                pin.loc,
                f"{pin.source} pins Python {_minor_text(pin)} but {_at(reference)} pins "
                f"{_minor_text(reference)}; pin the same Python in both",
                related=(reference.loc.doc.path,),
            )


def _minor(decl: PythonDecl) -> Minor:
    assert decl.version is not None
    return decl.version[0], decl.version[1]


def _minor_text(decl: PythonDecl) -> str:
    return "{}.{}".format(*_minor(decl))


def _at(decl: PythonDecl) -> str:
    return f"{decl.loc.doc.display}:{decl.loc.line}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _spans(minors: set[Minor]) -> str:
    """``3.9 and earlier``, ``3.11-3.12``, ``3.14 and later``: runs of consecutive minors."""
    ordered = sorted(minors)
    runs: list[list[Minor]] = []
    for m in ordered:
        if runs and runs[-1][-1][0] == m[0] and runs[-1][-1][1] + 1 == m[1]:
            runs[-1].append(m)
        else:
            runs.append([m])
    parts = []
    for run in runs:
        first, last = run[0], run[-1]
        if last == _UNIVERSE[-1]:
            parts.append(f"{first[0]}.{first[1]} and later")
        elif first == _UNIVERSE[0]:
            parts.append(f"{last[0]}.{last[1]} and earlier")
        elif first == last:
            parts.append(f"{first[0]}.{first[1]}")
        else:
            parts.append(f"{first[0]}.{first[1]}-{last[0]}.{last[1]}")
    return ", ".join(parts)


# -- PYV005: end-of-life or unreleased targets ----------------------------------------------


def _unsupported(project: Project, ctx: Context) -> Iterator[Finding]:
    from reqhooks.targets import deployment_pins

    today = ctx.settings.today
    for decl in deployment_pins(project):
        problem = _lifecycle_problem(_minor(decl), today)
        if problem is not None:
            yield Finding.at("PYV005", decl.loc, problem, related=())
    for minor in ctx.settings.target_python or ():
        problem = _lifecycle_problem(minor, today)
        if problem is not None:
            note = f"target {problem} (--target-python / target-python)"
            if note not in ctx.notes:
                ctx.notes.append(note)


def _lifecycle_problem(minor: Minor, today: Day) -> str | None:
    from reqhooks.data import cpython

    text = f"{minor[0]}.{minor[1]}"
    status = cpython.status(minor, today)
    release = next((r for r in cpython.RELEASES if r.minor == minor), None)
    supported = cpython.supported(today)
    move = f"; move to a supported CPython ({_join(supported)})" if supported else ""
    if status == "end-of-life" and release is not None:
        return f"Python {text} reached end of life on {release.end_of_life.isoformat()}{move}"
    if status == "unreleased" and release is not None:
        when = "scheduled for" if release.scheduled else "due on"
        return f"Python {text} is not released yet ({when} {release.released.isoformat()}){move}"
    if status == "unknown":
        if minor < cpython.RELEASES[0].minor:
            return f"Python {text} is end-of-life{move}"
        if minor > cpython.RELEASES[-1].minor:
            return f"Python {text} is not released yet{move}"
    return None


# -- PYV004: dead markers ------------------------------------------------------------------

#: Platform values no CPython ever reports, each with the one that was meant.  A marker
#: comparing with one of these with ``==`` can never be true where it is meant to be.
#: Sources: ``sys.platform``, ``platform.system()``, ``os.name`` and
#: ``platform.python_implementation()`` in the Python documentation.
MISSPELT: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "sys_platform": {
        "linux2": ("linux", "Linux"),
        "windows": ("win32", "Windows"),
        "win": ("win32", "Windows"),
        "win64": ("win32", "Windows"),
        "win_amd64": ("win32", "Windows"),
        "Windows": ("win32", "Windows"),
        "Linux": ("linux", "Linux"),
        "Darwin": ("darwin", "macOS"),
        "macos": ("darwin", "macOS"),
        "macosx": ("darwin", "macOS"),
        "osx": ("darwin", "macOS"),
        "mac": ("darwin", "macOS"),
    },
    "platform_system": {
        "linux": ("Linux", "Linux"),
        "windows": ("Windows", "Windows"),
        "win32": ("Windows", "Windows"),
        "Win32": ("Windows", "Windows"),
        "darwin": ("Darwin", "macOS"),
        "macOS": ("Darwin", "macOS"),
        "MacOS": ("Darwin", "macOS"),
        "macos": ("Darwin", "macOS"),
        "osx": ("Darwin", "macOS"),
    },
    "os_name": {
        "windows": ("nt", "Windows"),
        "win32": ("nt", "Windows"),
        "linux": ("posix", "Linux"),
        "darwin": ("posix", "macOS"),
        "macos": ("posix", "macOS"),
    },
    "platform_python_implementation": {
        "cpython": ("CPython", "CPython"),
        "pypy": ("PyPy", "PyPy"),
    },
    "implementation_name": {
        "CPython": ("cpython", "CPython"),
        "PyPy": ("pypy", "PyPy"),
    },
}
_PYTHON_VARIABLES: Final = frozenset({"python_version", "python_full_version"})


def _dead_markers(project: Project, targets: Targets) -> Iterator[Finding]:
    pythons = targets.declared()
    related = _related_minors(project, targets, set(targets.pythons))
    for req in project.all_requirements():
        if not req.marker or req.kind == "compiled":
            continue
        verdict = _marker_verdict(req.marker, pythons)
        if verdict is None:
            continue
        loc = req.marker_loc or req.loc
        if verdict:
            variable, value, (right, platform) = verdict[0]
            message = (
                f'{req.name} is never installed: {variable} is "{right}" on {platform}, '
                f'never "{value}"; use "{right}"'
            )
        else:
            message = (
                f"{req.name} is never installed: its marker is false on every Python the "
                f"project targets ({_join(pythons)}); remove the requirement or fix the marker"
            )
        yield Finding.at("PYV004", loc, message, package=req.name, related=related)


#: The misspelt comparisons that make a marker false: (variable, value, (right value, platform)).
Verdict = list[tuple[str, str, tuple[str, str]]]


def _marker_verdict(text: str, pythons: Sequence[Minor]) -> Verdict | None:
    """None when the marker can be true on some Python in ``pythons``; else the misspelt
    platform comparisons that make it false (an empty list: the Python part is false)."""
    from reqhooks._pep import marker, marker_applies

    # A marker true somewhere is never dead (and the check below, which needs packaging's
    # parse tree, agrees: it only treats atoms no real environment satisfies as false).
    if any(marker_applies(text, python) for python in pythons):
        return None
    from reqhooks import _pepfast

    items = _pepfast.tree(text)  # packaging's parse tree, for a simple marker
    if items is None:
        parsed = marker(text)
        if parsed is None:
            return None
        items = getattr(parsed, "_markers", None)
        if not isinstance(items, list):
            return None
    misspelt: Verdict = []
    for python in pythons:
        for patch in (0, 99):
            try:
                value = _evaluate(items, python, patch, misspelt)
            except _Unknown:
                return None
            if value is not False:
                return None
    return misspelt


class _Unknown(Exception):
    """A marker shape this evaluator does not know: treat it as possibly true."""


def _evaluate(items: list[object], python: Minor, patch: int, misspelt: Verdict) -> bool | None:
    """Three-valued evaluation (None = depends on something other than the Python), in
    packaging's grouping: ``or`` separates groups of ``and``-ed items."""
    groups: list[list[bool | None]] = [[]]
    for item in items:
        if isinstance(item, list):
            groups[-1].append(_evaluate(item, python, patch, misspelt))
        elif isinstance(item, tuple) and len(item) == 3:
            groups[-1].append(_atom(item, python, patch, misspelt))
        elif item == "or":
            groups.append([])
        elif item != "and":
            raise _Unknown
    results = [_all(group) for group in groups]
    if any(r is True for r in results):
        return True
    if any(r is None for r in results):
        return None
    return False


def _all(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def _atom(atom: tuple[object, ...], python: Minor, patch: int, misspelt: Verdict) -> bool | None:
    """One comparison: evaluated when it is about the Python version, False when it compares
    a platform variable with ``==`` to a value no CPython reports, None otherwise."""
    lhs, op, rhs = atom
    kinds = [type(n).__name__ for n in (lhs, rhs)]
    if kinds.count("Variable") != 1:
        raise _Unknown
    variable, literal = (lhs, rhs) if kinds[0] == "Variable" else (rhs, lhs)
    var_name = str(getattr(variable, "value", ""))
    value = str(getattr(literal, "value", ""))
    op_text = str(getattr(op, "value", ""))
    if var_name in _PYTHON_VARIABLES:
        text = f"{_node_text(lhs)} {op_text} {_node_text(rhs)}"
        return _evaluate_python(text, python, patch)
    wrong = MISSPELT.get(var_name, {}).get(value)
    if wrong is not None and op_text in ("==", "==="):
        entry = (var_name, value, wrong)
        if entry not in misspelt:
            misspelt.append(entry)
        return False
    return None


def _node_text(node: object) -> str:
    value = str(getattr(node, "value", ""))
    if type(node).__name__ == "Variable":
        return value
    return f"'{value}'" if '"' in value else f'"{value}"'


def _evaluate_python(text: str, python: Minor, patch: int) -> bool:
    from reqhooks._pep import environment, evaluate

    holds = evaluate(text, environment(python, "linux-x86_64", patch=patch))
    if holds is None:
        raise _Unknown
    return holds


# -- shared helpers --------------------------------------------------------------------


def _related_minors(project: Project, targets: Targets, minors: set[Minor]) -> tuple[Path, ...]:
    """The files that make these Pythons targets: committing any of them reports the finding."""
    from reqhooks.targets import declared_range, deployment_pins

    if targets.explicit:
        return ()
    paths = [d.loc.doc.path for d in deployment_pins(project) if _minor(d) in minors]
    rng = declared_range(project)
    if rng is not None:
        paths.append(rng.loc.doc.path)
    return tuple(dict.fromkeys(paths))


def _join(minors: Iterable[Minor]) -> str:
    return ", ".join(f"{a}.{b}" for a, b in minors)


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
