"""uv.lock: the comparisons ``uv lock --check`` makes, decided from the files alone.

uv.lock stores no hash.  It records the declarations it was resolved from instead
(``[package.metadata]`` of every workspace member, ``[manifest]``, ``[options]`` and the
top-level ``requires-python``, ``supported-markers``, ``required-markers`` and
``conflicts``), and ``uv lock --check`` re-reads the workspace and compares
(``uv/src/commands/project/lock.rs``, ``ValidatedLock::validate``, and
``uv-resolver/src/lock/mod.rs``, ``Lock::satisfies``).  Any difference makes uv re-resolve,
which offline (pre-commit.ci, or ``--offline`` with an empty cache) fails: the lock is stale.

Compared here, with uv's normalisation (canonical names and extras, specifiers as sets of
parsed clauses, markers by meaning within the lock's Python range):

- ``requires-python``: the intersection over the members, as a range (LCK005);
- ``[manifest]``: members, requirements, constraints, overrides, excludes, build
  constraints, the dependency groups of a virtual root, static dependency metadata;
- each member: virtual or editable, version (or that it is dynamic), ``provides-extras``,
  ``requires-dist`` with ``[tool.uv.sources]`` applied, ``requires-dev`` per group (empty
  groups and extras count);
- ``[options]`` (resolution, prerelease, fork strategy, exclude-newer), environments,
  required environments, conflicts, and the indexes packages come from.

Each difference is reported where a declaration explains it: LCK002 for something declared
that the lock does not record, LCK003 for something recorded differently (a changed specifier,
marker, version or setting), LCK004 for something the lock records that is no longer
declared, LCK005 for the Python range.

Not decided offline: members whose dependencies are ``dynamic`` (uv would build them),
path dependencies outside the workspace (their own pyproject is not read), locks written
without ``[package.metadata]``, and PEP 723 script locks (``x.py.lock``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath

from reqhooks._lazy import compile_pattern
from reqhooks._names import canonical
from reqhooks._record import Record
from reqhooks.findings import Finding
from reqhooks.model import Loc
from reqhooks.rules import _lock_common as common
from reqhooks.rules import _lock_norm as norm

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Final

    from reqhooks._toml import KeyPath
    from reqhooks.findings import Severity
    from reqhooks.model import LockFile, Project, Pyproject, Requirement

_COMMAND: Final = "uv lock"
_SOURCE_TREE: Final = ("editable", "virtual", "directory")
_KINDS: Final = {"editable": "editable", "virtual": "virtual", "directory": "non-editable"}
_ARCHIVES: Final = (".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz", ".tar")
_PYPI: Final = "https://pypi.org/simple"
_EXTRA_IN_MARKER: Final = compile_pattern(r"""\bextra\s*==\s*['"]([^'"]+)['"]""")
_DEFAULT_OPTIONS: Final = {
    "resolution": ("resolution-mode", "highest"),
    "prerelease": ("prerelease-mode", "if-necessary-or-explicit"),
    "fork-strategy": ("fork-strategy", "requires-python"),
}
#: Declared values uv locks as it locks the default: it records no mode for them and its
#: check passes (uv 0.13.9, measured: tests/fixtures/lock/verdicts.json).
_LOCKED_AS_DEFAULT: Final = {("prerelease", "if-necessary")}


_canonical = canonical  # reqhooks._names
# -- normalised requirements ---------------------------------------------------------------


class _Req(Record):
    """A requirement as uv compares it."""

    __slots__ = ("name", "extras", "spec", "source", "marker", "locate", "extra")

    name: str
    extras: frozenset[str]
    spec: str
    source: tuple[str, ...]  # () for a registry requirement without an explicit index
    marker: str | None
    locate: Callable[[], Loc]
    extra: str | None  # the extra a requires-dist entry belongs to

    def __init__(
        self,
        name: str,
        extras: frozenset[str],
        spec: str,
        source: tuple[str, ...],
        marker: str | None,
        locate: Callable[[], Loc],
        extra: str | None = None,
    ) -> None:
        self.name = name
        self.extras = extras
        self.spec = spec
        self.source = source
        self.marker = marker
        self.locate = locate
        self.extra = extra

    def __repr__(self) -> str:  # every field but ``locate``
        shown = ("name", "extras", "spec", "source", "marker", "extra")
        fields = ", ".join([f"{name}={getattr(self, name)!r}" for name in shown])
        return f"{type(self).__qualname__}({fields})"

    def same(self, other: _Req, python: str | None, extras: tuple[str, ...]) -> bool:
        if (self.name, self.extras, self.source) != (other.name, other.extras, other.source):
            return False
        if (not self.source or self.source[0] == "index") and not norm.same_versions(
            self.spec, other.spec
        ):
            return False
        return norm.equivalent_markers(self.marker, other.marker, python, extras)

    def implies(self, other: _Req, python: str | None) -> bool:
        """Whether this requirement asks for all ``other`` does: the same name, extras and
        source, a range within ``other``'s, wherever ``other``'s marker holds.  uv drops
        ``other`` from what it locks (``six`` beside ``six>=1.16,<2``, ``six<3`` beside
        ``six<2``, ``idna>=2; sys_platform == 'win32'`` beside ``idna>=3``)."""
        if self is other or (self.name, self.extras, self.source, self.extra) != (
            other.name, other.extras, other.source, other.extra
        ):  # fmt: skip
            return False
        if (
            other.spec
            and other.spec != self.spec
            and (not self.spec or norm.specifier_covers(other.spec, self.spec) is not True)
        ):
            return False
        if not self.marker or norm.equivalent_markers(self.marker, other.marker, python):
            return True
        if "extra" in self.marker or (other.marker and "extra" in other.marker):
            return False
        outside = norm.negate_marker(self.marker)  # where this one does not hold
        if outside is None:
            return False
        return outside != "" and not norm.possible(norm.and_markers(other.marker, outside), python)

    def __str__(self) -> str:
        extras = f"[{','.join(sorted(self.extras))}]" if self.extras else ""
        source = ""
        if len(self.source) > 1:
            kind = self.source[0]
            where = _short(" ".join(self.source[1:]).strip())
            source = f" @ {where}" if kind in ("git", "url") else f" ({kind} {where})"
        marker = f"; {self.marker}" if self.marker else ""
        return f"{self.name}{extras}{norm.render_specifier(self.spec)}{source}{marker}"


def _short(text: str) -> str:
    """A long URL as its host and last segment: messages stay one readable line."""
    if len(text) <= 60 or "://" not in text:
        return text
    scheme, _, rest = text.partition("://")
    host, _, path = rest.partition("/")
    return f"{scheme}://{host}/.../{path.rstrip('/').rsplit('/', 1)[-1]}"


def _git_key(url: str) -> tuple[str, ...]:
    from urllib.parse import parse_qsl, urlsplit

    url = url.removeprefix("git+")
    parts = urlsplit(url)
    params = {
        k: v
        for k, v in parse_qsl(parts.query)
        if k in ("subdirectory", "rev", "tag", "branch", "path", "lfs")
    }
    base = parts._replace(netloc=_host(parts.netloc), query="", fragment="").geturl()
    return ("git", base, *sorted(f"{k}={v}" for k, v in params.items()))


def _host(netloc: str) -> str:
    """A URL's host and port: uv records repositories without credentials."""
    return netloc.rpartition("@")[2]


def _pep508_git(url: str) -> tuple[str, ...]:
    """``git+https://host/repo@rev#subdirectory=x`` as uv records it."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url.removeprefix("git+"))
    path, rev = parts.path, None
    if "@" in path:
        path, rev = path.rsplit("@", 1)
    params = {k: v for k, v in parse_qsl(parts.fragment) if k == "subdirectory"}
    if rev:
        params["rev"] = rev
    base = parts._replace(netloc=_host(parts.netloc), path=path, query="", fragment="").geturl()
    return ("git", base, *sorted(f"{k}={v}" for k, v in params.items()))


def _lock_req(entry: Any, locate: Callable[[], Loc]) -> _Req | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        return None
    source: tuple[str, ...] = ()
    for key in ("editable", "virtual", "directory", "path"):
        if isinstance(entry.get(key), str):
            source = (key, common.normalize_rel(entry[key]))
            break
    else:
        if isinstance(entry.get("git"), str):
            source = _git_key(entry["git"])
        elif isinstance(entry.get("url"), str):
            source = ("url", entry["url"], str(entry.get("subdirectory") or ""))
        elif isinstance(entry.get("index"), str):
            source = ("index", entry["index"])
    marker = entry.get("marker") if isinstance(entry.get("marker"), str) else None
    extra = _EXTRA_IN_MARKER.search(marker) if marker else None
    return _Req(
        name=_canonical(entry["name"]),
        extras=frozenset(
            _canonical(e) for e in common.array(entry.get("extras")) if isinstance(e, str)
        ),
        spec=str(entry.get("specifier") or ""),
        source=source,
        marker=marker or None,
        locate=locate,
        extra=_canonical(extra.group(1)) if extra else None,
    )


# -- the workspace ---------------------------------------------------------------------------


class _Member(Record):
    __slots__ = ("pp", "name", "rel")

    pp: Pyproject
    name: str
    rel: str  # the member's directory relative to the workspace root ("." for the root)

    def __init__(self, pp: Pyproject, name: str, rel: str) -> None:
        self.pp = pp
        self.name = name
        self.rel = rel


class _Workspace(Record):
    __slots__ = (
        "root",
        "root_dir",
        "members",
        "virtual_root",
        "required",
        "not_editable",
        "both_editabilities",
        "indexes",
    )

    root: Pyproject
    root_dir: Path
    members: dict[str, _Member]
    virtual_root: bool  # the root has no [project]: its dependency groups are the manifest's
    required: dict[str, bool | None]  # members another member requires, and their editability
    not_editable: dict[str, tuple[Pyproject, str]]  # where `editable = false` says so
    # Members some source asks for as editable and another as not (uv refuses to lock):
    # where each of the two says so.
    both_editabilities: dict[str, tuple[tuple[Pyproject, str], tuple[Pyproject, str]]]
    indexes: dict[str, str]  # [[tool.uv.index]] name -> URL

    def __init__(
        self,
        root: Pyproject,
        root_dir: Path,
        members: dict[str, _Member],
        virtual_root: bool,
        required: dict[str, bool | None],
        not_editable: dict[str, tuple[Pyproject, str]],
        both_editabilities: dict[str, tuple[tuple[Pyproject, str], tuple[Pyproject, str]]],
        indexes: dict[str, str],
    ) -> None:
        self.root = root
        self.root_dir = root_dir
        self.members = members
        self.virtual_root = virtual_root
        self.required = required
        self.not_editable = not_editable
        self.both_editabilities = both_editabilities
        self.indexes = indexes

    def is_package(self, member: _Member) -> bool:
        """``PyProjectToml::is_package``: ``tool.uv.package``, else a build system (a member
        another member requires is a package without one)."""
        package = member.pp.tool("uv").get("package")
        if isinstance(package, bool):
            return package
        return "build-system" in member.pp.data or member.name in self.required

    def sources(self, member: _Member) -> dict[str, Any]:
        out = {
            _canonical(k): v for k, v in common.table(self.root.tool("uv").get("sources")).items()
        }
        if member.pp is not self.root:
            own = common.table(member.pp.tool("uv").get("sources"))
            out.update({_canonical(k): v for k, v in own.items()})
        return out


def _workspace(project: Project, root: Pyproject) -> _Workspace:
    members: dict[str, _Member] = {}
    for pp in (root, *project.members):
        name = common.project_name(pp)
        rel = common.rel_posix(pp.doc.path.parent, project.root)
        if name is None or rel is None or name in members:
            continue
        members[name] = _Member(pp, name, rel)
    # One editability per member, as uv's `required_members`: the root's sources, then every
    # member's in the order of their names (the root's again among them), the last one
    # saying it wins; it holds for the member's own entry and for every requirement of it.
    required: dict[str, bool | None] = {}
    not_editable: dict[str, tuple[Pyproject, str]] = {}
    said: dict[str, dict[bool, tuple[Pyproject, str]]] = {}  # the first to say each
    for pp in (root, *(m.pp for _, m in sorted(members.items()))):
        own = common.project_name(pp)
        for name, entries in common.table(pp.tool("uv").get("sources")).items():
            if _canonical(name) == own:
                continue
            for entry in entries if isinstance(entries, list) else [entries]:
                if isinstance(entry, dict) and entry.get("workspace") is True:
                    editable = entry.get("editable")
                    required[_canonical(name)] = editable if isinstance(editable, bool) else None
                    if isinstance(editable, bool):
                        said.setdefault(_canonical(name), {}).setdefault(editable, (pp, name))
                    if editable is False:
                        not_editable[_canonical(name)] = (pp, name)
                    else:
                        not_editable.pop(_canonical(name), None)
    indexes: dict[str, str] = {}
    for pp in (root, *project.members):
        for index in common.array(pp.tool("uv").get("index")):
            if isinstance(index, dict) and isinstance(index.get("url"), str):
                indexes.setdefault(str(index.get("name", index["url"])), index["url"])
    return _Workspace(
        root=root,
        root_dir=project.root,
        members=members,
        virtual_root="project" not in root.data,
        required=required,
        not_editable=not_editable,
        both_editabilities={n: (w[True], w[False]) for n, w in said.items() if len(w) == 2},
        indexes=indexes,
    )


# -- the check -------------------------------------------------------------------------------


def check(project: Project, lock: LockFile) -> Iterator[Finding]:
    root = project.pyproject
    if root is None or not isinstance(lock.data, dict) or lock.doc.path.name != "uv.lock":
        return
    ws = _workspace(project, root)
    checker = _Checker(ws, lock)
    yield from checker.run()


class _Checker:
    def __init__(self, ws: _Workspace, lock: LockFile) -> None:
        self.ws = ws
        self.lock = lock
        self.data: dict[str, Any] = lock.data
        self.lock_name = common.name_of(lock.doc)
        self.python = lock.requires_python
        revision = self.data.get("revision", 0)
        version = self.data.get("version", 1)
        self.revision = (
            version if isinstance(version, int) else 1,
            revision if isinstance(revision, int) else 0,
        )
        self.packages: list[Any] = common.array(self.data.get("package"))
        self.manifest = common.table(self.data.get("manifest"))
        self.missing_members: set[str] = set()
        self.related_pyprojects: tuple[Path, ...] = tuple(
            m.pp.doc.path for m in ws.members.values()
        ) or (ws.root.doc.path,)

    # -- helpers

    def lock_loc(self, path: KeyPath, *, key: bool = False) -> Loc:
        return common.toml_loc(self.lock.doc, self.lock.index, path, key=key)

    def at_pyproject(
        self, code: str, loc: Loc, message: str, package: str | None = None
    ) -> Finding:
        return Finding.at(
            code,
            loc,
            f"{message}; run `{_COMMAND}`",
            package=package,
            related=(self.lock.doc.path,),
            severity=_severity(code),
        )

    def at_lock(self, code: str, loc: Loc, message: str, package: str | None = None) -> Finding:
        return Finding.at(
            code,
            loc,
            f"{message}; run `{_COMMAND}`",
            package=package,
            related=self.related_pyprojects,
            severity=_severity(code),
        )

    def locator(self, path: KeyPath) -> Callable[[], Loc]:
        """Where ``path`` is in the lock, looked up only when a finding needs it."""
        return lambda: self.lock_loc(path)

    def pp_loc(self, pp: Pyproject, path: KeyPath, *, key: bool = False) -> Loc:
        return common.toml_loc(pp.doc, pp.index, path, key=key)

    # -- all checks

    def run(self) -> Iterator[Finding]:
        findings: list[Finding] = []
        findings.extend(self.requires_python())
        findings.extend(self.options())
        findings.extend(self.environments("environments", "supported-markers"))
        findings.extend(self.environments("required-environments", "required-markers"))
        findings.extend(self.conflicts())
        findings.extend(self.manifest_members())
        findings.extend(self.manifest_lists())
        findings.extend(self.manifest_groups())
        findings.extend(self.dependency_metadata())
        for member in self.ws.members.values():
            findings.extend(self.member(member))
        findings.extend(self.indexes())
        yield from common.unique(findings)

    # -- requires-python

    def requires_python(self) -> Iterator[Finding]:
        locked = self.data.get("requires-python")
        decls = [
            (m.pp.requires_python.specifier, m.pp.requires_python.loc, m)
            for m in self.ws.members.values()
            if m.pp.requires_python is not None and m.pp.requires_python.specifier is not None
        ]
        if not isinstance(locked, str) or not decls:
            return
        expected = norm.intersect([spec for spec, _, _ in decls])
        # uv keeps a range's bounds only: `>=3.9,!=3.9.1` is the `>=3.9` it locked.
        if norm.same_bounds(expected, locked) is not False:
            return
        culprits = [d for d in decls if norm.same_range(d[0], expected)]
        note = ""
        if not culprits:
            culprits = [d for d in decls if norm.same_range(d[0], locked) is False]
            note = f" (the workspace's range is {expected})"
        for spec, loc, _member in culprits:
            yield self.at_pyproject(
                "LCK005",
                loc,
                f"requires-python {spec}{note} differs from requires-python {locked} in "
                f"{self.lock_name}",
            )

    # -- options and environments

    def options(self) -> Iterator[Finding]:
        uv = self.ws.root.tool("uv")
        options = common.table(self.data.get("options"))
        for key, (lock_key, default) in _DEFAULT_OPTIONS.items():
            declared = uv.get(key, default)
            locked = options.get(lock_key, default)
            expected = default if (key, declared) in _LOCKED_AS_DEFAULT else declared
            if expected != locked:
                yield self.at_pyproject(
                    "LCK003",
                    self.pp_loc(self.ws.root, ("tool", "uv", key))
                    if key in uv
                    else self.pp_loc(self.ws.root, ("tool", "uv"), key=True),
                    f"{key} {declared} differs from {lock_key} {locked} in {self.lock_name}",
                )
        declared_newer = uv.get("exclude-newer")
        locked_newer = options.get("exclude-newer")
        locked_span = options.get("exclude-newer-span")
        if declared_newer is None and locked_newer is None:
            return
        if isinstance(declared_newer, str) and not re.match(r"\d{4}-\d{2}-\d{2}", declared_newer):
            # A relative span: uv records it as an ISO 8601 duration (`7 days` as `P7D`) and
            # compares that, not the date it stands for.
            days = re.fullmatch(r"\s*(\d+)\s*days?\s*", declared_newer)
            if isinstance(locked_span, str) and (
                days is None or locked_span == f"P{int(days.group(1))}D"
            ):
                return  # the same span, or one spelt in a way not decided here
            yield self.at_pyproject(
                "LCK003",
                self.pp_loc(self.ws.root, ("tool", "uv", "exclude-newer")),
                f"exclude-newer {declared_newer} differs from exclude-newer-span {locked_span} "
                f"in {self.lock_name}"
                if isinstance(locked_span, str)
                else f"exclude-newer {declared_newer} is not in {self.lock_name}, which records "
                "no exclude-newer-span",
            )
            return
        if declared_newer is None and isinstance(locked_span, str):
            locked_newer = f"exclude-newer-span {locked_span}"
        if _timestamp(declared_newer) != _timestamp(locked_newer):
            loc = (
                self.pp_loc(self.ws.root, ("tool", "uv", "exclude-newer"))
                if declared_newer is not None
                else self.lock_loc(("options", "exclude-newer"))
            )
            yield (self.at_pyproject if declared_newer is not None else self.at_lock)(
                "LCK003",
                loc,
                f"exclude-newer {declared_newer or '(none)'} differs from {locked_newer or '(none)'} "
                f"in {self.lock_name}",
            )

    def environments(self, key: str, lock_key: str) -> Iterator[Finding]:
        declared = self.ws.root.tool("uv").get(key)
        if isinstance(declared, str):
            declared = [declared]
        expected = [m for m in common.array(declared) if isinstance(m, str)]
        actual = [m for m in common.array(self.data.get(lock_key)) if isinstance(m, str)]
        if len(expected) == len(actual) and all(
            norm.equivalent_markers(a, b, self.python) for a, b in zip(expected, actual)
        ):
            return
        if declared is not None:
            yield self.at_pyproject(
                "LCK003",
                self.pp_loc(self.ws.root, ("tool", "uv", key)),
                f"[tool.uv] {key} differs from {lock_key} in {self.lock_name}",
            )
        else:
            yield self.at_lock(
                "LCK004",
                self.lock_loc((lock_key,), key=True),
                f"{self.lock_name} still records {lock_key}, but [tool.uv] declares no {key}",
            )

    def conflicts(self) -> Iterator[Finding]:
        expected: list[frozenset[tuple[str, str, str]]] = []
        sources: list[tuple[Pyproject, str | None]] = []
        if self.ws.virtual_root:
            sources.append((self.ws.root, None))
        sources += [(m.pp, m.name) for m in self.ws.members.values()]
        declared_anywhere: Pyproject | None = None
        for pp, owner in sources:
            for group in common.array(pp.tool("uv").get("conflicts")):
                declared_anywhere = declared_anywhere or pp
                expected.append(_conflict_set(group, owner))
        actual = [_conflict_set(g, None) for g in common.array(self.data.get("conflicts"))]
        if sorted(map(sorted, expected)) == sorted(map(sorted, actual)):
            return
        if declared_anywhere is not None:
            yield self.at_pyproject(
                "LCK003",
                self.pp_loc(declared_anywhere, ("tool", "uv", "conflicts")),
                f"[tool.uv] conflicts differ from conflicts in {self.lock_name}",
            )
        else:
            yield self.at_lock(
                "LCK004",
                self.lock_loc(("conflicts",), key=True),
                f"{self.lock_name} still records conflicts that [tool.uv] no longer declares",
            )

    # -- [manifest]

    def manifest_members(self) -> Iterator[Finding]:
        expected = sorted(self.ws.members)
        if len(expected) == 1 and not self.ws.virtual_root:
            expected = []  # a one-project workspace records no members
        actual = [
            _canonical(m) for m in common.array(self.manifest.get("members")) if isinstance(m, str)
        ]
        if sorted(set(actual)) == expected:
            return
        found: list[Finding] = []
        for name in expected:
            if name not in actual:
                self.missing_members.add(name)
                found.append(
                    self.at_pyproject(
                        "LCK002",
                        self.pp_loc(self.ws.members[name].pp, ("project", "name")),
                        f"workspace member {name} is not in {self.lock_name}",
                        package=name,
                    )
                )
        for i, name in enumerate(actual):
            if name not in expected and name not in self.ws.members:
                found.append(
                    self.at_lock(
                        "LCK004",
                        self.lock_loc(("manifest", "members", i)),
                        f"{self.lock_name} still lists workspace member {name}, which is no "
                        "longer in the workspace",
                        package=name,
                    )
                )
        if not found:
            found.append(
                self.at_lock(
                    "LCK004",
                    self.lock_loc(("manifest", "members"), key=True),
                    f"{self.lock_name} lists workspace members, but the workspace is now one "
                    "project",
                )
            )
        yield from found

    def manifest_lists(self) -> Iterator[Finding]:
        root = self.ws.root
        kinds = (
            ("constraint-dependencies", "constraints", "uv-constraint"),
            ("override-dependencies", "overrides", "uv-override"),
            ("build-constraint-dependencies", "build-constraints", None),
        )
        # uv records constraints and overrides of the packages it locked only.
        held = {
            _canonical(p["name"])
            for p in self.packages
            if isinstance(p, dict) and isinstance(p.get("name"), str)
        }
        for key, lock_key, kind in kinds:
            declared = (
                [
                    self.declared_req(r, None)
                    for r in root.requirements
                    if kind is not None and r.kind == kind
                ]
                if kind is not None
                else self.strings(root, ("tool", "uv", key))
            )
            locked = self.locked_list(
                ("manifest", lock_key), common.array(self.manifest.get(lock_key))
            )
            if kind is not None:
                declared = [d for d in declared if d.name in held]
            yield from self.compare(
                declared, locked, f"[tool.uv] {key}", f"{lock_key} in {self.lock_name}"
            )
        # Scripts and legacy root requirements: a workspace has none.
        requirements = common.array(self.manifest.get("requirements"))
        for i, entry in enumerate(requirements):
            req = _lock_req(entry, self.locator(("manifest", "requirements", i)))
            if req is not None:
                yield self.at_lock(
                    "LCK004",
                    req.locate(),
                    f"{self.lock_name} still records root requirement {req}, which the workspace "
                    "does not declare",
                    package=req.name,
                )
        # Excludes are plain names.
        declared_ex = {
            _canonical(n): n
            for n in common.array(root.tool("uv").get("exclude-dependencies"))
            if isinstance(n, str)
        }
        locked_ex = [n for n in common.array(self.manifest.get("excludes")) if isinstance(n, str)]
        for name, written in declared_ex.items():
            if name not in {_canonical(n) for n in locked_ex}:
                yield self.at_pyproject(
                    "LCK002",
                    self.pp_loc(root, ("tool", "uv", "exclude-dependencies")),
                    f"excluded dependency {written} is not in {self.lock_name}'s manifest",
                    package=name,
                )
        for i, n in enumerate(locked_ex):
            if _canonical(n) not in declared_ex:
                yield self.at_lock(
                    "LCK004",
                    self.lock_loc(("manifest", "excludes", i)),
                    f"{self.lock_name} still excludes {n}, which [tool.uv] exclude-dependencies "
                    "no longer lists",
                    package=_canonical(n),
                )

    def manifest_groups(self) -> Iterator[Finding]:
        """The dependency groups of a workspace root without ``[project]``."""
        locked_groups = common.table(self.manifest.get("dependency-groups"))
        declared: dict[str, list[_Req]] = {}
        locs: dict[str, Loc] = {}
        if self.ws.virtual_root:
            root_member = _Member(self.ws.root, "", ".")
            declared, locs = self.groups(root_member)
        expected = {g: reqs for g, reqs in declared.items() if reqs}
        actual = {
            _canonical(g): self.locked_list(("manifest", "dependency-groups", g), common.array(v))
            for g, v in locked_groups.items()
            if common.array(v)
        }
        yield from self.compare_groups(
            expected, actual, locs, ("manifest", "dependency-groups"), locked_groups
        )

    def dependency_metadata(self) -> Iterator[Finding]:
        declared = common.array(self.ws.root.tool("uv").get("dependency-metadata"))
        locked = common.array(self.manifest.get("dependency-metadata"))
        if sorted(map(_static_metadata, declared)) == sorted(map(_static_metadata, locked)):
            return
        if declared:
            yield self.at_pyproject(
                "LCK003",
                self.pp_loc(self.ws.root, ("tool", "uv", "dependency-metadata"), key=True),
                f"[tool.uv] dependency-metadata differs from {self.lock_name}",
            )
        else:
            yield self.at_lock(
                "LCK004",
                self.lock_loc(("manifest", "dependency-metadata"), key=True),
                f"{self.lock_name} still records dependency-metadata that [tool.uv] no longer declares",
            )

    # -- members

    def package_of(self, member: _Member) -> tuple[int, dict[str, Any]] | None:
        for i, package in enumerate(self.packages):
            if (
                isinstance(package, dict)
                and isinstance(package.get("name"), str)
                and _canonical(package["name"]) == member.name
                and any(k in common.table(package.get("source")) for k in _SOURCE_TREE)
            ):
                return i, package
        return None

    def member(self, member: _Member) -> Iterator[Finding]:
        pp = member.pp
        found = self.package_of(member)
        if found is None:
            if member.name in self.missing_members:
                return  # reported with the workspace's members
            yield self.at_pyproject(
                "LCK002",
                self.pp_loc(pp, ("project", "name")),
                f"{member.name} is not in {self.lock_name}",
                package=member.name,
            )
            return
        i, package = found
        source = common.table(package.get("source"))
        kind = next(k for k in _SOURCE_TREE if k in source)
        expected_virtual = not self.ws.is_package(member)
        both = self.ws.both_editabilities.get(member.name)
        if both is not None and not expected_virtual:
            (yes_pp, yes_name), (no_pp, _) = both
            elsewhere = common.rel_posix(no_pp.doc.path, self.ws.root_dir) or str(no_pp.doc.path)
            yield Finding.at(
                "LCK003",
                self.pp_loc(yes_pp, ("tool", "uv", "sources", yes_name)),
                f"{member.name} is asked for as editable here and as not editable in "
                f"{elsewhere}: `{_COMMAND}` fails until the workspace's sources agree",
                package=member.name,
                related=(self.lock.doc.path, no_pp.doc.path),
                severity=_severity("LCK003"),
            )
        expected_kind = (
            "virtual"
            if expected_virtual
            else ("directory" if self.ws.required.get(member.name) is False else "editable")
        )
        if kind != expected_kind and (both is None or expected_virtual):
            uv_package = pp.tool("uv").get("package")
            source_pp = self.ws.not_editable.get(member.name)
            if isinstance(uv_package, bool):
                loc = self.pp_loc(pp, ("tool", "uv", "package"))
                why = f"tool.uv.package = {str(uv_package).lower()}"
            elif expected_virtual:
                loc = self.pp_loc(pp, ("project", "name"))
                why = "it has no [build-system]"
            elif expected_kind == "directory" and source_pp is not None:
                loc = self.pp_loc(source_pp[0], ("tool", "uv", "sources", source_pp[1]))
                why = "its workspace source says editable = false"
            else:
                loc = self.pp_loc(pp, ("build-system",), key=True)
                why = "it has a [build-system]"
            yield self.at_pyproject(
                "LCK003",
                loc,
                f"{self.lock_name} records {member.name} as {_KINDS[kind]}, but {why}, so uv "
                f"treats it as {_KINDS[expected_kind]}",
                package=member.name,
            )
        project = common.project_table(pp)
        dynamic = {d for d in common.array(project.get("dynamic")) if isinstance(d, str)}
        locked_version = package.get("version")
        declared_version = project.get("version")
        if "version" in dynamic:
            if locked_version is not None:
                yield self.at_pyproject(
                    "LCK003",
                    self.pp_loc(pp, ("project", "dynamic")),
                    f"the version of {member.name} is dynamic, but {self.lock_name} records {locked_version}",
                    package=member.name,
                )
        elif isinstance(declared_version, str) and not _same_version(
            declared_version, locked_version
        ):
            yield self.at_pyproject(
                "LCK003",
                self.pp_loc(pp, ("project", "version")),
                f"{member.name} {locked_version or '(no version)'} in {self.lock_name} does not match "
                f"version {declared_version}",
                package=member.name,
            )
        yield from self.default_groups(member, package, i)
        metadata = package.get("metadata")
        if not isinstance(metadata, dict):
            return  # a lock without declaration metadata: uv must build to compare
        if dynamic & {"dependencies", "optional-dependencies"}:
            return  # uv builds the member to know its dependencies
        base: KeyPath = ("package", i, "metadata")
        yield from self.extras(member, metadata, base)
        yield from self.requires_dist(member, metadata, base)
        declared, locs = self.groups(member)
        locked_dev = common.table(metadata.get("requires-dev", metadata.get("dependency-groups")))
        dev_key = "requires-dev" if "requires-dev" in metadata else "dependency-groups"
        keep_empty = self.revision >= (1, 1)
        expected = {g: r for g, r in declared.items() if r or keep_empty}
        actual = {
            _canonical(g): self.locked_list((*base, dev_key, g), common.array(v))
            for g, v in locked_dev.items()
            if common.array(v) or keep_empty
        }
        yield from self.compare_groups(expected, actual, locs, (*base, dev_key), locked_dev)

    def default_groups(
        self, member: _Member, package: dict[str, Any], i: int
    ) -> Iterator[Finding]:
        """``[tool.uv] default-groups``, which uv records on the member's package unless it is
        the default (``["dev"]``): ``"all"`` or the groups' names."""
        declared = _default_groups(member.pp.tool("uv").get("default-groups"))
        locked = _default_groups(package.get("default-groups"))
        if declared == locked or declared is _UNREADABLE or locked is _UNREADABLE:
            return
        shown = "the default groups (dev)" if locked is None else f"default-groups {_shown_groups(locked)}"
        if "default-groups" in member.pp.tool("uv"):
            loc = self.pp_loc(member.pp, ("tool", "uv", "default-groups"))
            said = f"default-groups {_shown_groups(declared)}"
        else:
            loc = self.pp_loc(member.pp, ("project", "name"))
            said = "no default-groups (dev)"
        yield self.at_pyproject(
            "LCK003",
            loc,
            f"{said} differs from {shown} recorded for {member.name} in {self.lock_name}",
            package=member.name,
        )

    def extras(self, member: _Member, metadata: dict[str, Any], base: KeyPath) -> Iterator[Finding]:
        if self.revision < (1, 1):
            return
        declared = {
            _canonical(e): e
            for e in common.table(common.project_table(member.pp).get("optional-dependencies"))
        }
        key = "provides-extras" if "provides-extras" in metadata else "provides-extra"
        locked = [e for e in common.array(metadata.get(key)) if isinstance(e, str)]
        locked_set = {_canonical(e) for e in locked}
        for name, written in declared.items():
            if name not in locked_set:
                yield self.at_pyproject(
                    "LCK002",
                    self.pp_loc(member.pp, ("project", "optional-dependencies", written), key=True),
                    f"extra {written} of {member.name} is not in {self.lock_name}",
                    package=member.name,
                )
        for i, extra in enumerate(locked):
            if _canonical(extra) not in declared:
                yield self.at_lock(
                    "LCK004",
                    self.lock_loc((*base, key, i)),
                    f"{self.lock_name} still records extra {extra} of {member.name}, which is no "
                    "longer declared",
                    package=member.name,
                )

    def requires_dist(
        self, member: _Member, metadata: dict[str, Any], base: KeyPath
    ) -> Iterator[Finding]:
        declared: list[_Req] = []
        extras_declared = {
            _canonical(e)
            for e in common.table(common.project_table(member.pp).get("optional-dependencies"))
        }
        key = "provides-extras" if "provides-extras" in metadata else "provides-extra"
        extras_locked = {
            _canonical(e) for e in common.array(metadata.get(key)) if isinstance(e, str)
        }
        for req in member.pp.requirements:
            if req.kind == "project":
                declared.extend(self.lower(req, member, None, None))
            elif req.kind == "optional" and req.group is not None:
                extra = _canonical(req.group)
                if self.revision >= (1, 1) and extra not in extras_locked:
                    continue  # reported once, for the extra
                declared.extend(self.lower(req, member, extra, None))
        locked = [
            r
            for r in self.locked_list(
                (*base, "requires-dist"), common.array(metadata.get("requires-dist"))
            )
            if not (
                self.revision >= (1, 1) and r.extra is not None and r.extra not in extras_declared
            )
        ]
        extras = tuple(sorted(extras_declared | extras_locked))
        yield from self.compare(
            declared,
            locked,
            f"{member.pp.doc.path.name}",
            self.lock_name,
            extras=extras,
            member=member,
        )

    def groups(self, member: _Member) -> tuple[dict[str, list[_Req]], dict[str, Loc]]:
        """A member's dependency groups, includes expanded, ``tool.uv.dev-dependencies`` in
        ``dev``, sources applied; and where each group is declared."""
        from reqhooks.readers.pyproject import group_requirements

        pp = member.pp
        out: dict[str, list[_Req]] = {}
        locs: dict[str, Loc] = {}
        for written in common.table(pp.data.get("dependency-groups")):
            group = _canonical(written)
            locs.setdefault(group, self.pp_loc(pp, ("dependency-groups", written), key=True))
            reqs = out.setdefault(group, [])
            for req in group_requirements(pp, written):
                reqs.extend(self.lower(req, member, None, group))
        dev = [r for r in pp.requirements if r.kind == "uv-dev"]
        if "dev-dependencies" in pp.tool("uv"):
            locs.setdefault("dev", self.pp_loc(pp, ("tool", "uv", "dev-dependencies"), key=True))
            reqs = out.setdefault("dev", [])
            for req in dev:
                reqs.extend(self.lower(req, member, None, "dev"))
        return out, locs

    # -- indexes

    def indexes(self) -> Iterator[Finding]:
        uv = self.ws.root.tool("uv")
        configured = [url for url in self.ws.indexes.values()]
        for key in ("index-url", "extra-index-url"):
            value = uv.get(key)
            configured += (
                [value]
                if isinstance(value, str)
                else [v for v in common.array(value) if isinstance(v, str)]
            )
        if not configured:
            return
        allowed = set(configured)  # as written: uv records a trailing slash, and compares it
        defaults = [
            i
            for pp in (self.ws.root, *(m.pp for m in self.ws.members.values()))
            for i in common.array(pp.tool("uv").get("index"))
            if isinstance(i, dict) and i.get("default") is True
        ]
        if not defaults and "index-url" not in uv:
            allowed.add(_PYPI)
        elsewhere: dict[str, list[str]] = {}
        for package in self.packages:
            registry = (
                common.table(package.get("source")).get("registry")
                if isinstance(package, dict)
                else None
            )
            if (
                isinstance(registry, str)
                and "://" in registry
                and registry not in allowed
            ):
                names = elsewhere.setdefault(registry, [])
                name = _canonical(str(package.get("name", "")))
                if name not in names:
                    names.append(name)
        declared = next(
            (
                pp
                for pp in (self.ws.root, *(m.pp for m in self.ws.members.values()))
                if pp.tool("uv").get("index")
            ),
            self.ws.root,
        )
        for registry, names in elsewhere.items():
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            yield self.at_pyproject(
                "LCK003",
                self.pp_loc(declared, ("tool", "uv", "index"), key=True),
                f"{self.lock_name} takes {shown} from {registry}, which is not among the "
                "configured indexes",
            )

    # -- lowering and comparing

    def strings(self, pp: Pyproject, path: KeyPath) -> list[_Req]:
        """An array of PEP 508 strings the pyproject reader does not keep, as requirements."""
        from reqhooks.readers.pyproject import SyntaxProblem, parse_requirement

        out: list[_Req] = []
        value: Any = pp.data
        for key in path:
            value = common.table(value).get(str(key))
        for i, text in enumerate(common.array(value)):
            if not isinstance(text, str):
                continue
            parsed = parse_requirement(text)
            if isinstance(parsed, SyntaxProblem):
                continue
            loc = self.pp_loc(pp, (*path, i))
            out.append(
                _Req(
                    parsed.name,
                    frozenset(parsed.extras),
                    parsed.specifier,
                    (),
                    parsed.marker,
                    _fixed(loc),
                )
            )
        return out

    def declared_req(self, req: Requirement, extra: str | None) -> _Req:
        marker = norm.and_markers(req.marker, f"extra == '{extra}'" if extra else None)
        return _Req(
            req.name, frozenset(req.extras), req.specifier, (), marker, lambda: req.loc, extra
        )

    def lower(
        self, req: Requirement, member: _Member, extra: str | None, group: str | None
    ) -> list[_Req]:
        """``req`` as uv records it: ``[tool.uv.sources]`` applied, the extra in the marker."""
        marker = norm.and_markers(req.marker, f"extra == '{extra}'" if extra else None)
        extras = frozenset(req.extras)

        def make(source: tuple[str, ...], spec: str, m: str | None) -> _Req:
            return _Req(req.name, extras, spec, source, m, lambda: req.loc, extra)

        if req.url:
            return [make(self.url_source(req.url, member), "", marker)]
        entries = self.ws.sources(member).get(req.name)
        if entries is None:
            return [make((), req.specifier, marker)]
        out: list[_Req] = []
        covered: list[str | None] = []  # the source markers: what they leave stays a registry
        for entry in entries if isinstance(entries, list) else [entries]:
            if not isinstance(entry, dict):
                continue
            if "extra" in entry and _canonical(str(entry["extra"])) != extra:
                continue
            if "group" in entry and _canonical(str(entry["group"])) != group:
                continue
            source = self.source_key(entry, req.name, member)
            own = entry.get("marker") if isinstance(entry.get("marker"), str) else None
            covered.append(own)
            m = norm.and_markers(marker, own)
            if source is None:
                out.append(make((), req.specifier, m))
            elif source[0] == "index":
                out.append(make(source, req.specifier, m))
            else:
                out.append(make(source, "", m))
        if out and all(covered):
            # uv's lowering fills the space no source marker covers with the registry.
            rest = [norm.negate_marker(c) for c in covered]
            if all(r is not None for r in rest):
                remaining = norm.and_markers(*rest, marker)
                if remaining and norm.possible(remaining, self.python):
                    out.append(make((), req.specifier, remaining))
        return out or [make((), req.specifier, marker)]

    def source_key(
        self, entry: dict[str, Any], name: str, member: _Member
    ) -> tuple[str, ...] | None:
        if entry.get("workspace") is True:
            target = self.ws.members.get(name)
            if target is None:
                return None
            if not self.ws.is_package(target):
                return ("virtual", target.rel)
            editable = self.ws.required.get(name)  # the member's one editability (_workspace)
            return ("directory" if editable is False else "editable", target.rel)
        if isinstance(entry.get("path"), str):
            rel = self.relative(entry["path"], member)
            if entry.get("editable") is True:
                return ("editable", rel)
            if rel.endswith(_ARCHIVES):
                return ("path", rel)
            if entry.get("package") is False:
                return ("virtual", rel)
            return ("directory", rel)
        if isinstance(entry.get("git"), str):
            params = [
                f"{k}={entry[k]}"
                for k in ("subdirectory", "rev", "tag", "branch")
                if isinstance(entry.get(k), str)
            ]
            base = _git_key(entry["git"])[1]
            return ("git", base, *sorted(params))
        if isinstance(entry.get("url"), str):
            return ("url", entry["url"], str(entry.get("subdirectory") or ""))
        if isinstance(entry.get("index"), str):
            url = self.ws.indexes.get(entry["index"])
            return ("index", url) if url else None
        return None

    def relative(self, path: str, member: _Member) -> str:
        p = PurePosixPath(path.replace("\\", "/"))
        if p.is_absolute():
            from pathlib import Path

            rel = common.rel_posix(Path(path), self.ws.root_dir)
            return rel if rel is not None else path
        return common.normalize_rel(f"{member.rel}/{path}")

    def url_source(self, url: str, member: _Member) -> tuple[str, ...]:
        if url.startswith("git+"):
            return _pep508_git(url)
        if url.startswith("file:"):
            from urllib.parse import unquote, urlsplit

            path = unquote(urlsplit(url).path)
            rel = self.relative(path, member)
            return ("path" if rel.endswith(_ARCHIVES) else "directory", rel)
        from urllib.parse import parse_qsl, urlsplit

        parts = urlsplit(url)
        subdirectory = dict(parse_qsl(parts.fragment)).get("subdirectory", "")
        return ("url", parts._replace(fragment="").geturl(), subdirectory)

    def locked_list(self, path: KeyPath, entries: list[Any]) -> list[_Req]:
        out = []
        for j, entry in enumerate(entries):
            req = _lock_req(entry, self.locator((*path, j)))
            if req is not None:
                out.append(req)
        return out

    def compare(
        self,
        declared: list[_Req],
        locked: list[_Req],
        declared_in: str,
        locked_in: str,
        *,
        extras: tuple[str, ...] = (),
        member: _Member | None = None,
    ) -> Iterator[Finding]:
        """Set comparison of normalised requirements; each difference where it is written."""
        python = self.python
        # Requirements of different names never match: compare within a name only, so a
        # lock of thousands of requirements costs linear time, not quadratic.
        left: list[_Req] = []
        kept: dict[str, list[_Req]] = {}
        for d in declared:  # a set: one declaration written twice is one requirement
            same_name = kept.setdefault(d.name, [])
            if not any(d.same(x, python, extras) for x in same_name):
                same_name.append(d)
                left.append(d)
        waiting: dict[str, list[int]] = {}
        for j, lk in enumerate(locked):
            waiting.setdefault(lk.name, []).append(j)
        taken: set[int] = set()
        unmatched: list[_Req] = []
        found: dict[str, list[_Req]] = {}  # by name, the declarations the lock records
        for d in left:
            candidates = waiting.get(d.name, [])
            for k, j in enumerate(candidates):
                if d.same(locked[j], python, extras):
                    del candidates[k]
                    taken.add(j)
                    found.setdefault(d.name, []).append(d)
                    break
            else:
                unmatched.append(d)
        # What another requirement found in the lock implies, uv does not record.
        unmatched = [
            d for d in unmatched if not any(x.implies(d, python) for x in found.get(d.name, ()))
        ]
        right = [lk for j, lk in enumerate(locked) if j not in taken]
        changed = {d.name for d in unmatched} & {lk.name for lk in right}
        for d in unmatched:
            if d.name in changed:
                old = next(lk for lk in right if lk.name == d.name)
                yield self.at_pyproject(
                    "LCK003", d.locate(), self.changed_message(d, old), package=d.name
                )
            else:
                yield self.at_pyproject(
                    "LCK002", d.locate(), f"{d} is not in {locked_in}", package=d.name
                )
        for lk in right:
            if lk.name in changed:
                continue
            yield self.at_lock(
                "LCK004",
                lk.locate(),
                f"{self.lock_name} still records {lk}, which {declared_in} no longer declares",
                package=lk.name,
            )

    def changed_message(self, new: _Req, old: _Req) -> str:
        if not new.source and not old.source and new.spec != old.spec:
            bad = [
                str(p.get("version"))
                for p in self.packages
                if isinstance(p, dict)
                and _canonical(str(p.get("name", ""))) == new.name
                and isinstance(p.get("version"), str)
                and common.satisfied(new.spec, p["version"]) is False
            ]
            if bad:
                return (
                    f"{new.name} {', '.join(dict.fromkeys(bad))} in {self.lock_name} does not "
                    f"satisfy {new}"
                )
        return f"{new} differs from {old} recorded in {self.lock_name}"

    def compare_groups(
        self,
        expected: dict[str, list[_Req]],
        actual: dict[str, list[_Req]],
        locs: dict[str, Loc],
        base: KeyPath,
        locked_raw: dict[str, Any],
    ) -> Iterator[Finding]:
        written = {_canonical(g): g for g in locked_raw}
        for group, reqs in expected.items():
            if group not in actual:
                yield self.at_pyproject(
                    "LCK002",
                    locs.get(group) or common.start_of(self.ws.root.doc),
                    f"dependency group {group} is not in {self.lock_name}",
                )
                continue
            yield from self.compare(
                reqs,
                actual[group],
                f"dependency group {group}",
                f"group {group} in {self.lock_name}",
            )
        for group in actual:
            if group not in expected:
                yield self.at_lock(
                    "LCK004",
                    self.lock_loc((*base, written.get(group, group)), key=True),
                    f"{self.lock_name} still records dependency group {group}, which is no longer "
                    "declared",
                )


_UNREADABLE: Final = ("?",)


def _default_groups(value: Any) -> str | tuple[str, ...] | None:
    """``default-groups`` as uv compares it: None for the default (``["dev"]``, or absent),
    ``"all"``, or the sorted canonical names; :data:`_UNREADABLE` for anything else."""
    if value is None:
        return None
    if value == "all":
        return "all"
    if isinstance(value, list) and all(isinstance(g, str) for g in value):
        names = tuple(sorted({_canonical(g) for g in value}))
        return None if names == ("dev",) else names
    return _UNREADABLE


def _shown_groups(value: str | tuple[str, ...] | None) -> str:
    if value is None or isinstance(value, str):
        return f'"{value}"' if value else "(dev)"
    return "[" + ", ".join(f'"{g}"' for g in value) + "]"


def _severity(code: str) -> Severity:
    """Every difference makes ``uv lock --check`` fail: a removal (LCK004, a warning where a
    hash decides) is an error here."""
    from reqhooks.registry import default_severity

    return "error" if code == "LCK004" else default_severity(code)


def _fixed(loc: Loc) -> Callable[[], Loc]:
    return lambda: loc


def _timestamp(value: Any) -> str | None:
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        text += "T00:00:00Z"
    return text.replace("+00:00", "Z")


def _same_version(declared: str, locked: Any) -> bool:
    from reqhooks import _pep

    if not isinstance(locked, str):
        return False
    same = _pep.same_version(declared, locked)
    return same if same is not None else declared == locked


def _conflict_set(group: Any, owner: str | None) -> frozenset[tuple[str, str, str]]:
    items: set[tuple[str, str, str]] = set()
    for item in common.array(group):
        if not isinstance(item, dict):
            continue
        package = item.get("package", owner)
        for kind in ("extra", "group"):
            if isinstance(item.get(kind), str):
                items.add((_canonical(str(package or "")), kind, _canonical(item[kind])))
                break
        else:
            items.add((_canonical(str(package or "")), "package", ""))
    return frozenset(items)


def _static_metadata(entry: Any) -> tuple[object, ...]:
    table = common.table(entry)
    return (
        _canonical(str(table.get("name", ""))),
        str(table.get("version", "")),
        tuple(sorted(str(r) for r in common.array(table.get("requires-dist")))),
        str(table.get("requires-python", "")),
        tuple(
            sorted(
                _canonical(str(e))
                for e in common.array(table.get("provides-extras", table.get("provides-extra")))
            )
        ),
    )
