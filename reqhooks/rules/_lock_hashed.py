"""poetry.lock, pdm.lock and Pipfile.lock: the locks that store a hash of their inputs.

The verdict is the tool's own: the hash is recomputed exactly as the tool does
(:mod:`reqhooks.lockhash`) and LCK001 is reported iff the tool's check would fail.  When it
does, the semantic findings say what changed, at the declaration that changed: LCK002 (a
declared dependency the lock does not have), LCK003 (a locked version the declaration no
longer allows), LCK004 (a package nothing declared reaches any more) and LCK005 (the Python
range).  They are not reported for a lock whose hash matches: the tool accepts that lock, so
reqhooks does too (a lock edited by hand is not drift from the declarations).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from reqhooks._record import Record
from reqhooks.findings import Finding
from reqhooks.model import Loc
from reqhooks.rules import _lock_common as common
from reqhooks.rules import _lock_norm as norm

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Final

    from reqhooks.engine import Context
    from reqhooks.model import LockedPackage, LockFile, Project, Pyproject, Requirement

_PIPFILE_CATEGORIES: Final = {"packages": "default", "dev-packages": "develop"}


class Semantics(Record):
    """What the semantic comparison of one lock needs to know."""

    __slots__ = (
        "lock",
        "command",
        "declared",
        "declaring",
        "python",
        "python_label",
        "python_shown",
        "lock_python_label",
        "lock_python_shown",
        "roots",
        "edges",
        "alternatives",
        "skip",
    )

    lock: LockFile
    command: str  # the fix, e.g. "poetry lock"
    declared: list[Requirement]  # declarations the lock must hold
    declaring: Path  # the file the declarations are in (pyproject.toml, Pipfile)
    python: tuple[str, Loc] | None  # the project's Python range and where it is
    python_label: str
    python_shown: str | None  # the project's range as written
    lock_python_label: str
    lock_python_shown: str | None  # the lock's range as written
    roots: set[str]  # further names that are roots (members)
    edges: bool  # whether the lock records dependency edges (for LCK004)
    alternatives: Callable[[Requirement], tuple[str, ...]] | None
    skip: frozenset[str]  # names that are not dependencies (the project itself)

    def __init__(
        self,
        lock: LockFile,
        command: str,
        declared: list[Requirement],
        declaring: Path,
        python: tuple[str, Loc] | None = None,
        python_label: str = "requires-python",
        python_shown: str | None = None,
        lock_python_label: str = "requires-python",
        lock_python_shown: str | None = None,
        roots: set[str] | None = None,
        edges: bool = True,
        alternatives: Callable[[Requirement], tuple[str, ...]] | None = None,
        skip: frozenset[str] = frozenset(),
    ) -> None:
        self.lock = lock
        self.command = command
        self.declared = declared
        self.declaring = declaring
        self.python = python
        self.python_label = python_label
        self.python_shown = python_shown
        self.lock_python_label = lock_python_label
        self.lock_python_shown = lock_python_shown
        self.roots = set() if roots is None else roots
        self.edges = edges
        self.alternatives = alternatives
        self.skip = skip


def semantic_findings(s: Semantics) -> Iterator[Finding]:
    lock = s.lock
    lock_name = common.name_of(lock.doc)
    decl_name = s.declaring.name
    python = s.python[0] if s.python else lock.requires_python
    by_name = lock.by_name()
    related_lock = (lock.doc.path,)
    for req in s.declared:
        if req.name in s.skip or not common.applies(req, python):
            continue
        locked = by_name.get(req.name)
        what = common.describe_requirement(req)
        if not locked:
            yield Finding.at(
                "LCK002",
                req.loc,
                f"{what} is not in {lock_name}; run `{s.command}`",
                package=req.name,
                related=related_lock,
            )
            continue
        if req.url or not req.specifier:
            continue
        specs = s.alternatives(req) if s.alternatives is not None else (req.specifier,)
        found = [p.version for p in locked if p.version is not None]
        if not found:
            continue
        if any(common.satisfied(spec, v) is not False for spec in specs for v in found):
            continue
        shown = ", ".join(dict.fromkeys(found))
        yield Finding.at(
            "LCK003",
            req.spec_loc or req.loc,
            f"{req.name} {shown} in {lock_name} does not satisfy {what}; run `{s.command}`",
            package=req.name,
            related=related_lock,
        )
    if s.edges:
        for package in _former_roots(lock, {r.name for r in s.declared} | s.roots):
            version = f" {package.version}" if package.version else ""
            yield Finding.at(
                "LCK004",
                package.loc,
                f"{lock_name} still locks {package.name}{version}, which {decl_name} no longer "
                f"requires; run `{s.command}`",
                package=package.name,
                related=(s.declaring,),
            )
    if s.python is not None and lock.requires_python:
        spec, loc = s.python
        same = norm.same_range(spec, lock.requires_python)
        if same is False:
            yield Finding.at(
                "LCK005",
                loc,
                f"{s.python_label} {s.python_shown or spec} differs from {s.lock_python_label} "
                f"{s.lock_python_shown or lock.requires_python} in {lock_name}; run `{s.command}`",
                related=related_lock,
            )


def _former_roots(lock: LockFile, declared: set[str]) -> list[LockedPackage]:
    """Locked packages nothing declared reaches, and that no other such package requires."""
    by_name = lock.by_name()
    seen: set[str] = set()
    todo = [name for name in declared if name in by_name]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for package in by_name.get(name, ()):
            todo.extend(d.name for d in package.dependencies if d.name not in seen)
    unreached = [p for p in lock.packages if p.name not in seen]
    if not unreached:
        return []
    names = {p.name for p in unreached}
    required = {d.name for p in unreached for d in p.dependencies if d.name != p.name}
    roots = [p for p in unreached if p.name not in required]
    if not roots:  # a cycle of former dependencies: name them all
        roots = unreached
    return [p for p in roots if p.name in names]


# -- poetry.lock -------------------------------------------------------------------------


def poetry(project: Project, lock: LockFile) -> Iterator[Finding]:
    from reqhooks import lockhash

    pp = project.pyproject
    if pp is None:
        return
    metadata = common.table(lock.data.get("metadata")) if isinstance(lock.data, dict) else {}
    stored = metadata.get("content-hash")
    first_line = lock.doc.text.split("\n", 1)[0]
    try:
        fresh = lockhash.poetry_is_fresh(
            pp.data,
            stored if isinstance(stored, str) else None,
            lockhash.poetry_generator_version(first_line),
        )
    except lockhash.LockHashError:
        return  # Poetry itself cannot hash this pyproject; the reader reports what it can
    if fresh:
        return
    lock_name = common.name_of(lock.doc)
    decl = pp.doc.path.name
    if isinstance(stored, str) and stored:
        loc = common.toml_loc(lock.doc, lock.index, ("metadata", "content-hash"))
        message = (
            f"{decl} changed significantly since {lock_name} was last generated; run `poetry lock`"
        )
    else:
        where = ("metadata", "content-hash") if "content-hash" in metadata else ("metadata",)
        loc = common.toml_loc(lock.doc, lock.index, where, key=len(where) == 1)
        message = f"{lock_name} has no content-hash, so Poetry treats it as out of date; run `poetry lock`"
    yield Finding.at("LCK001", loc, message, related=(pp.doc.path,))
    own = common.project_name(pp) or _poetry_name(pp)
    python_decl = pp.poetry_python or pp.requires_python
    locked_python = metadata.get("python-versions")
    yield from semantic_findings(
        Semantics(
            lock=lock,
            command="poetry lock",
            declared=_poetry_declared(pp),
            declaring=pp.doc.path,
            python=common.declared_python(pp, poetry_first=True),
            python_label="Poetry's python" if pp.poetry_python is not None else "requires-python",
            python_shown=python_decl.value if python_decl is not None else None,
            lock_python_label="python-versions",
            lock_python_shown=locked_python if isinstance(locked_python, str) else None,
            alternatives=_poetry_alternatives,
            skip=frozenset({own} if own else ()),
        )
    )


def _poetry_name(pp: Pyproject) -> str | None:
    from reqhooks.readers.pyproject import canonical_name

    name = pp.tool("poetry").get("name")
    return canonical_name(name) if isinstance(name, str) else None


def _poetry_declared(pp: Pyproject) -> list[Requirement]:
    """What Poetry locks: PEP 621 dependencies (or ``[tool.poetry.dependencies]`` when
    ``[project]`` declares none), extras, PEP 735 groups and Poetry groups."""
    pep621 = "dependencies" in common.project_table(pp)
    out = []
    for req in pp.requirements:
        if req.kind not in ("project", "optional", "group", "poetry"):
            continue
        if req.kind == "poetry" and req.group == "main" and pep621:
            continue  # enrichment of [project] dependencies, not a dependency of its own
        out.append(req)
    return out


def _poetry_alternatives(req: Requirement) -> tuple[str, ...]:
    if req.kind != "poetry" or not req.original_spec or "|" not in req.original_spec:
        return (req.specifier,)
    from reqhooks.readers._poetry import PoetryConstraintError, constraint_to_specifiers

    try:
        return constraint_to_specifiers(req.original_spec) or (req.specifier,)
    except PoetryConstraintError:
        return (req.specifier,)


# -- pdm.lock ----------------------------------------------------------------------------


def pdm(project: Project, lock: LockFile, ctx: Context) -> Iterator[Finding]:
    from reqhooks import lockhash

    pp = project.pyproject
    if pp is None or not isinstance(lock.data, dict):
        return
    metadata = common.table(lock.data.get("metadata"))
    members = pdm_members(project, pp, ctx)
    if _members_not_loaded(project, pp, lock, members):
        return  # the hash covers members this run did not read: it cannot be decided
    if "lock_inputs" in metadata:
        from reqhooks.rules import _lock_pdm_inputs

        yield from _lock_pdm_inputs.check(project, pp, lock, members)
        return
    try:
        fresh = lockhash.pdm_is_fresh(
            pp.data, metadata, members=[(rel, m.data) for rel, m in members]
        )
    except lockhash.LockHashError:
        return
    if fresh is not False:
        return
    lock_name = common.name_of(lock.doc)
    yield Finding.at(
        "LCK001",
        _pdm_hash_loc(lock),
        _pdm_stale_reason(pp, metadata, lock_name, bool(members)),
        related=(pp.doc.path, *(m.doc.path for _, m in members)),
    )
    groups = {_group_key(g) for g in common.array(metadata.get("groups")) if isinstance(g, str)}
    declared = [r for r in pp.requirements if _pdm_locked(r, groups)]
    roots: set[str] = set()
    for _, member in members:
        name = common.project_name(member)
        if name:
            roots.add(name)
        declared.extend(r for r in member.requirements if r.kind == "project")
    python = common.declared_python(pp)
    yield from semantic_findings(
        Semantics(
            lock=lock,
            command="pdm lock",
            declared=declared,
            declaring=pp.doc.path,
            python=python,
            python_shown=pp.requires_python.value if pp.requires_python is not None else None,
            lock_python_label="requires_python",
            roots=roots,
            skip=frozenset(n for n in [common.project_name(pp)] if n),
        )
    )


def _pdm_stale_reason(
    pp: Pyproject, metadata: dict[str, Any], lock_name: str, workspace: bool
) -> str:
    lock_version = metadata.get("lock_version")
    resolution = common.table(pp.tool("pdm").get("resolution"))
    if resolution.get("lock_inputs") is True:
        return (
            f"{pp.doc.path.name} enables lock_inputs but {lock_name} records a content hash; "
            "run `pdm lock`"
        )
    from packaging.version import InvalidVersion, Version

    try:
        version = Version(str(lock_version))
        compatible = version.major == 4 and version.minor <= 5
    except InvalidVersion:
        compatible = False
    if not compatible:
        return f"{lock_name} has lock_version {lock_version!s}, which PDM 2.29 does not read; run `pdm lock`"
    stored = metadata.get("content_hash")
    if not isinstance(stored, str) or ":" not in stored or not stored.partition(":")[2]:
        return f"{lock_name} has no valid content_hash, so PDM treats it as out of date; run `pdm lock`"
    both = {_group_key(g) for g in common.table(pp.data.get("dependency-groups"))} & {
        _group_key(g) for g in common.table(pp.tool("pdm").get("dev-dependencies"))
    }
    if both:
        group = min(both)
        return (
            f"group {group} is in both [dependency-groups] and [tool.pdm.dev-dependencies], "
            f"which PDM hashes differently each time, so {lock_name} never matches; merge them, "
            "then run `pdm lock`"
        )
    changed = f"{pp.doc.path.name} (or a workspace member's)" if workspace else pp.doc.path.name
    return f"{changed} changed since {lock_name} was last generated; run `pdm lock`"


def _pdm_hash_loc(lock: LockFile) -> Loc:
    metadata = common.table(lock.data.get("metadata"))
    key = "content_hash" if "content_hash" in metadata else "lock_version"
    return common.toml_loc(lock.doc, lock.index, ("metadata", key))


def _group_key(group: str) -> str:
    from reqhooks.readers.pyproject import canonical_name

    return canonical_name(group)


def _pdm_locked(req: Requirement, groups: set[str]) -> bool:
    """Whether PDM locked the group ``req`` is in (all of them when the lock does not say)."""
    if req.kind == "project":
        group = "default"
    elif req.kind in ("optional", "group", "pdm-dev") and req.group:
        group = _group_key(req.group)
    else:
        return False
    return not groups or group in groups


def _members_not_loaded(
    project: Project, pp: Pyproject, lock: LockFile, members: list[tuple[str, Pyproject]]
) -> bool:
    """Whether the lock holds workspace members whose pyproject this run did not load.

    A hook handed only ``pdm.lock`` loads the root's files, not the members' (unless the
    engine reads PDM workspaces), and without them the workspace hash cannot be computed.
    """
    workspace = common.table(pp.tool("pdm").get("workspace"))
    patterns = [p for p in common.array(workspace.get("members")) if isinstance(p, str)]
    if not patterns:
        return False
    loaded = {rel for rel, _ in members}
    for package in common.array(lock.data.get("package")):
        path = common.table(package).get("path")
        if not isinstance(path, str):
            continue
        rel = common.normalize_rel(path)
        if rel not in loaded and any(
            common.glob_match(p, rel) for p in patterns if not p.startswith("!")
        ):
            return True
    return False


def pdm_members(project: Project, pp: Pyproject, ctx: Context) -> list[tuple[str, Pyproject]]:
    """The members of a PDM workspace root, as ``(relative posix path, pyproject)``.

    They are found among the pyprojects the run loaded: the root's workspace members and the
    other projects of the run (a member directory is a project of its own).
    """
    workspace = common.table(pp.tool("pdm").get("workspace"))
    patterns = [p for p in common.array(workspace.get("members")) if isinstance(p, str)]
    if not patterns:
        return []
    candidates: list[Pyproject] = list(project.members)
    candidates += [p.pyproject for p in ctx.projects if p.pyproject is not None]
    found: dict[str, Pyproject] = {}
    for candidate in candidates:
        rel = common.rel_posix(candidate.doc.path.parent, project.root)
        if rel is None or rel == "." or rel in found:
            continue
        included = [p for p in patterns if not p.startswith("!")]
        excluded = [p[1:] for p in patterns if p.startswith("!")]
        if any(common.glob_match(p, rel) for p in included) and not any(
            common.glob_match(p, rel) for p in excluded
        ):
            found[rel] = candidate
    return sorted(found.items())


# -- Pipfile.lock ------------------------------------------------------------------------


def pipfile(project: Project, lock: LockFile) -> Iterator[Finding]:
    import re

    from reqhooks import lockhash

    pf = project.pipfile
    if pf is None or not isinstance(lock.data, dict):
        return
    meta = common.table(lock.data.get("_meta"))
    stored = common.table(meta.get("hash")).get("sha256")
    try:
        fresh = lockhash.pipfile_is_fresh(pf.data, stored if isinstance(stored, str) else None)
    except lockhash.LockHashError:
        return
    if fresh:
        return
    lock_name = common.name_of(lock.doc)
    match = re.search(r'"hash"\s*:\s*\{\s*"sha256"\s*:\s*"([^"]*)"', lock.doc.text)
    loc = Loc(lock.doc, *match.span(1)) if match else common.start_of(lock.doc)
    yield Finding.at(
        "LCK001",
        loc,
        f"{lock_name} is out of date: {pf.doc.path.name} changed since it was last generated; "
        "run `pipenv lock`",
        related=(pf.doc.path,),
    )
    python = None
    if pf.python is not None and pf.python.specifier:
        python = (pf.python.specifier, pf.python.loc)
    yield from _pipfile_semantics(pf.requirements, lock, pf.doc.path, python)


def _pipfile_semantics(
    declared: Iterable[Requirement],
    lock: LockFile,
    pipfile_path: Path,
    python: tuple[str, Loc] | None,
) -> Iterator[Finding]:
    # Pipfile.lock sections are categories: compare each declaration with its own category.
    by_category: dict[str, list[Requirement]] = {}
    for req in declared:
        category = _PIPFILE_CATEGORIES.get(req.group or "packages", req.group or "default")
        by_category.setdefault(category, []).append(req)
    lock_python = lock.requires_python
    for category, reqs in sorted(by_category.items()):
        yield from semantic_findings(
            Semantics(
                lock=_category(lock, category),
                command="pipenv lock",
                declared=reqs,
                declaring=pipfile_path,
                python=None,
                edges=False,
            )
        )
    if python is not None and lock_python:
        same = norm.same_range(python[0], lock_python)
        if same is False:
            yield Finding.at(
                "LCK005",
                python[1],
                f"python_version {_pipfile_python(python[0])} differs from "
                f"{_pipfile_python(lock_python)} in {common.name_of(lock.doc)}; run `pipenv lock`",
                related=(lock.doc.path,),
            )


def _pipfile_python(specifier: str) -> str:
    """``==3.11.*`` as Pipenv writes it: ``3.11``."""
    if specifier.startswith("==") and "," not in specifier:
        return specifier[2:].removesuffix(".*")
    return specifier


def _category(lock: LockFile, category: str) -> LockFile:
    """The lock with only the packages of one Pipfile.lock section."""
    from reqhooks.model import LockFile

    return LockFile(
        kind=lock.kind,
        doc=lock.doc,
        data=lock.data,
        packages=[p for p in lock.packages if category in p.groups],
        requires_python=lock.requires_python,
    )
