"""The common model every reader produces and every rule consumes.

Readers (one per file format, in :mod:`reqhooks.readers`) turn files into these objects;
rules (one module per family, in :mod:`reqhooks.rules`) turn them into findings.  Every
value a finding may point at carries a :class:`Loc`: a document and a character span.

Specifiers and markers are kept as PEP 440 / PEP 508 *strings*: parsing them with
``packaging`` costs time, and a run over plain pins should not pay for it.  Rules that need
the parsed objects use :mod:`reqhooks._pep` (cached).
"""

from __future__ import annotations

from collections import namedtuple

from reqhooks._record import Frozen, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any, Literal, NamedTuple, TypeAlias

    from reqhooks._text import Document
    from reqhooks._toml import TomlIndex

    class _LocTuple(NamedTuple):
        doc: Document
        start: int
        end: int

else:
    _LocTuple = namedtuple("Loc", "doc start end")

_setattr = object.__setattr__
#: The default of a field that gets a fresh empty list per instance (a dataclass's
#: ``default_factory``): passing None explicitly still stores None.
_FACTORY: Any = object()


class Loc(_LocTuple):
    """A span ``[start, end)`` of character offsets in a document.

    A named tuple rather than a frozen record: readers make three per requirement,
    and tuple construction is several times cheaper.
    """

    __slots__ = ()

    @property
    def path(self) -> Path:
        return self.doc.path

    @property
    def line(self) -> int:
        return self.doc.position(self.start)[0]

    def text(self) -> str:
        return self.doc.text[self.start : self.end]


if TYPE_CHECKING:
    #: Where a requirement was declared; rules choose their policy from this.
    ReqKind: TypeAlias = Literal[
        "requirements",  # a requirements file (or .in file) line
        "constraints",  # a constraints file line (-c target or constraints*.txt)
        "project",  # [project] dependencies
        "optional",  # [project.optional-dependencies] (group = the extra)
        "group",  # PEP 735 [dependency-groups] (group = the group)
        "poetry",  # [tool.poetry.dependencies] / groups / dev-dependencies (group = "main" or the group)
        "pdm-dev",  # [tool.pdm.dev-dependencies]
        "uv-dev",  # [tool.uv] dev-dependencies
        "uv-constraint",  # [tool.uv] constraint-dependencies
        "uv-override",  # [tool.uv] override-dependencies
        "build",  # [build-system] requires
        "pipfile",  # Pipfile [packages] / [dev-packages] / custom categories (group = the category)
        "conda-pip",  # the pip: list of a conda environment.yml
        "compiled",  # a line of a compiled/exported requirements file (pip-compile, uv, poetry export)
    ]
    LockKind: TypeAlias = Literal["poetry", "uv", "pdm", "pipfile", "pylock", "compiled"]
    Generator: TypeAlias = Literal["pip-compile", "uv", "poetry-export", "uv-export", "unknown"]
    PythonSource: TypeAlias = Literal[
        "requires-python",
        "poetry",
        ".python-version",
        "runtime.txt",
        "Dockerfile",
        ".tool-versions",
        "render.yaml",
        "workflow",
        "Pipfile",
        "uv.lock",
        "poetry.lock",
        "pdm.lock",
    ]
else:
    # The aliases are for type checkers; the names stay importable at run time.
    ReqKind = LockKind = str


class Requirement(Record):
    """One declared requirement, wherever it was written."""

    __slots__ = (
        "name",  # PEP 503 canonical name
        "text",  # the requirement as written (continuations joined, no options or comment)
        "loc",  # span of the requirement text in its file
        "kind",
        "specifier",  # PEP 440 specifier set ("" = any version)
        "marker",  # PEP 508 marker, as written
        "extras",
        "url",  # direct reference / VCS URL / local path
        "group",  # extra, dependency group, Poetry group or Pipfile category
        "hashes",  # --hash values (algo:hex)
        "editable",
        "name_loc",
        "spec_loc",  # span of the version specifier as written (Poetry: the constraint)
        "marker_loc",  # span of the marker text (after the ';')
        "line_end",  # end of the logical line's requirement and options (before a comment)
        "via",  # compiled files: the "# via" sources
        "original_spec",  # Poetry/Pipfile: the constraint in the tool's own syntax
        "optional",  # Poetry: optional = true (only installed through an extra)
    )

    name: str
    text: str
    loc: Loc
    kind: ReqKind
    specifier: str
    marker: str | None
    extras: tuple[str, ...]
    url: str | None
    group: str | None
    hashes: tuple[str, ...]
    editable: bool
    name_loc: Loc | None
    spec_loc: Loc | None
    marker_loc: Loc | None
    line_end: int | None
    via: tuple[str, ...]
    original_spec: str | None
    optional: bool

    def __init__(
        self,
        name: str,
        text: str,
        loc: Loc,
        kind: ReqKind,
        specifier: str = "",
        marker: str | None = None,
        extras: tuple[str, ...] = (),
        url: str | None = None,
        group: str | None = None,
        hashes: tuple[str, ...] = (),
        editable: bool = False,
        name_loc: Loc | None = None,
        spec_loc: Loc | None = None,
        marker_loc: Loc | None = None,
        line_end: int | None = None,
        via: tuple[str, ...] = (),
        original_spec: str | None = None,
        optional: bool = False,
    ) -> None:
        self.name = name
        self.text = text
        self.loc = loc
        self.kind = kind
        self.specifier = specifier
        self.marker = marker
        self.extras = extras
        self.url = url
        self.group = group
        self.hashes = hashes
        self.editable = editable
        self.name_loc = name_loc
        self.spec_loc = spec_loc
        self.marker_loc = marker_loc
        self.line_end = line_end
        self.via = via
        self.original_spec = original_spec
        self.optional = optional

    @property
    def is_pinned(self) -> bool:
        """``==X`` (not a wildcard) or ``===X``: exactly one version."""
        spec = self.specifier.strip()
        if spec.startswith("==="):
            return "," not in spec
        return spec.startswith("==") and "," not in spec and not spec.endswith("*")

    @property
    def pinned_version(self) -> str | None:
        if not self.is_pinned:
            return None
        return self.specifier.strip().lstrip("=").strip()


class Option(Record):
    """A pip option line in a requirements file (``--index-url X``, ``-r file`` ...)."""

    __slots__ = (
        "name",  # long form, e.g. "--index-url", "--requirement", "--constraint", "--editable"
        "value",
        "loc",  # the whole option text
        "value_loc",
    )

    name: str
    value: str | None
    loc: Loc
    value_loc: Loc | None

    def __init__(self, name: str, value: str | None, loc: Loc, value_loc: Loc | None = None) -> None:
        self.name = name
        self.value = value
        self.loc = loc
        self.value_loc = value_loc


class Include(Record):
    """``-r``/``-c`` (or ``--requirement``/``--constraint``) in a requirements file."""

    __slots__ = (
        "target",  # as written, after ${VAR} expansion
        "path",  # resolved local path; None for a URL
        "constraint",
        "loc",
    )

    target: str
    path: Path | None
    constraint: bool
    loc: Loc

    def __init__(self, target: str, path: Path | None, constraint: bool, loc: Loc) -> None:
        self.target = target
        self.path = path
        self.constraint = constraint
        self.loc = loc


class CompiledInfo(Record):
    """What a compiled or exported requirements file says about how it was made."""

    __slots__ = (
        "generator",
        "command",  # the command line in the header
        "command_loc",
        "python",  # pip-compile: "autogenerated by pip-compile with Python X.Y"
        "sources",  # input files named by the command or by "# via -r X"
    )

    generator: Generator
    command: str | None
    command_loc: Loc | None
    python: str | None
    sources: tuple[str, ...]

    def __init__(
        self,
        generator: Generator,
        command: str | None,
        command_loc: Loc | None,
        python: str | None,
        sources: tuple[str, ...],
    ) -> None:
        self.generator = generator
        self.command = command
        self.command_loc = command_loc
        self.python = python
        self.sources = sources


class RequirementsFile(Record):
    __slots__ = (
        "doc",
        "requirements",
        "options",
        "includes",
        "constraints_file",  # read as constraints (-c target or constraints*.txt)
        "compiled",
        "included_by",  # the file whose -r/-c brought this one in
    )

    doc: Document
    requirements: list[Requirement]
    options: list[Option]
    includes: list[Include]
    constraints_file: bool
    compiled: CompiledInfo | None
    included_by: Path | None

    def __init__(
        self,
        doc: Document,
        requirements: list[Requirement] = _FACTORY,
        options: list[Option] = _FACTORY,
        includes: list[Include] = _FACTORY,
        constraints_file: bool = False,
        compiled: CompiledInfo | None = None,
        included_by: Path | None = None,
    ) -> None:
        self.doc = doc
        self.requirements = [] if requirements is _FACTORY else requirements
        self.options = [] if options is _FACTORY else options
        self.includes = [] if includes is _FACTORY else includes
        self.constraints_file = constraints_file
        self.compiled = compiled
        self.included_by = included_by


class PythonDecl(Record):
    """A place where the project declares which Python(s) it runs on."""

    __slots__ = (
        "source",
        "value",  # as written ("3.12.1", ">=3.10", "^3.11", "python:3.12-slim")
        "loc",
        "specifier",  # PEP 440 range for range sources
        "version",  # exact version for deployment pins (3, 12) / (3, 12, 1)
    )

    source: PythonSource
    value: str
    loc: Loc
    specifier: str | None
    version: tuple[int, ...] | None

    def __init__(
        self,
        source: PythonSource,
        value: str,
        loc: Loc,
        specifier: str | None = None,
        version: tuple[int, ...] | None = None,
    ) -> None:
        self.source = source
        self.value = value
        self.loc = loc
        self.specifier = specifier
        self.version = version


class Pyproject(Record):
    __slots__ = ("doc", "data", "index", "requirements", "requires_python", "poetry_python")

    doc: Document
    data: dict[str, Any]
    index: TomlIndex
    requirements: list[Requirement]
    requires_python: PythonDecl | None
    poetry_python: PythonDecl | None

    def __init__(
        self,
        doc: Document,
        data: dict[str, Any],
        index: TomlIndex,
        requirements: list[Requirement] = _FACTORY,
        requires_python: PythonDecl | None = None,
        poetry_python: PythonDecl | None = None,
    ) -> None:
        self.doc = doc
        self.data = data
        self.index = index
        self.requirements = [] if requirements is _FACTORY else requirements
        self.requires_python = requires_python
        self.poetry_python = poetry_python

    @property
    def name(self) -> str | None:
        project = self.data.get("project")
        if isinstance(project, dict):
            name = project.get("name")
            if isinstance(name, str):
                return name
        poetry = self.data.get("tool", {}).get("poetry")
        if isinstance(poetry, dict) and isinstance(poetry.get("name"), str):
            return str(poetry["name"])
        return None

    def tool(self, name: str) -> dict[str, Any]:
        tool = self.data.get("tool")
        if isinstance(tool, dict):
            value = tool.get(name)
            if isinstance(value, dict):
                return value
        return {}


class Pipfile(Record):
    __slots__ = ("doc", "data", "index", "requirements", "python")

    doc: Document
    data: dict[str, Any]
    index: TomlIndex
    requirements: list[Requirement]
    python: PythonDecl | None

    def __init__(
        self,
        doc: Document,
        data: dict[str, Any],
        index: TomlIndex,
        requirements: list[Requirement] = _FACTORY,
        python: PythonDecl | None = None,
    ) -> None:
        self.doc = doc
        self.data = data
        self.index = index
        self.requirements = [] if requirements is _FACTORY else requirements
        self.python = python


class LockedDep(Frozen):
    """An edge from a locked package to one of its dependencies."""

    __slots__ = (
        "name",  # canonical
        "specifier",
        "marker",
        "extras",
        "group",  # the extra or dependency group that declares this edge, if any
    )

    name: str
    specifier: str
    marker: str | None
    extras: tuple[str, ...]
    group: str | None

    def __init__(
        self,
        name: str,
        specifier: str = "",
        marker: str | None = None,
        extras: tuple[str, ...] = (),
        group: str | None = None,
    ) -> None:
        _setattr(self, "name", name)
        _setattr(self, "specifier", specifier)
        _setattr(self, "marker", marker)
        _setattr(self, "extras", extras)
        _setattr(self, "group", group)


class LockedPackage(Record):
    __slots__ = (
        "name",  # canonical
        "version",
        "loc",  # where the package's entry starts (its name), for findings
        "requires_python",  # PEP 440, when the format records it
        "files",  # file names (wheels and sdists), when the format records them
        "dependencies",
        "marker",  # the lock's own marker for this package
        "groups",  # groups/categories that install it
        "source",  # "registry", "git", "path", "directory", "editable", "virtual", "url"
        "version_loc",
        "optional",
        "resolution_markers",  # uv: the forks this version belongs to
        "extras",  # pdm locks a package again with the extras it was asked for
    )

    name: str
    version: str | None
    loc: Loc
    requires_python: str | None
    files: tuple[str, ...]
    dependencies: tuple[LockedDep, ...]
    marker: str | None
    groups: tuple[str, ...]
    source: str | None
    version_loc: Loc | None
    optional: bool
    resolution_markers: tuple[str, ...]
    extras: tuple[str, ...]

    def __init__(
        self,
        name: str,
        version: str | None,
        loc: Loc,
        requires_python: str | None = None,
        files: tuple[str, ...] = (),
        dependencies: tuple[LockedDep, ...] = (),
        marker: str | None = None,
        groups: tuple[str, ...] = (),
        source: str | None = None,
        version_loc: Loc | None = None,
        optional: bool = False,
        resolution_markers: tuple[str, ...] = (),
        extras: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.version = version
        self.loc = loc
        self.requires_python = requires_python
        self.files = files
        self.dependencies = dependencies
        self.marker = marker
        self.groups = groups
        self.source = source
        self.version_loc = version_loc
        self.optional = optional
        self.resolution_markers = resolution_markers
        self.extras = extras


class LockFile(Record):
    __slots__ = (
        "kind",
        "doc",
        # The parsed TOML/JSON (a dict), or the RequirementsFile for compiled files.  uv,
        # poetry and pdm locks leave out each package's file lists (their names are in
        # ``packages[i].files``): see reqhooks.readers._lockcache.FILE_KEYS.
        "data",
        "packages",
        "requires_python",
        "requires_python_loc",
        "generator",  # e.g. "Poetry 2.1.3" from the header comment
        "index",
        "resolution_markers",  # uv: the lock's top-level forks
    )

    kind: LockKind
    doc: Document
    data: Any
    packages: list[LockedPackage]
    requires_python: str | None
    requires_python_loc: Loc | None
    generator: str | None
    index: TomlIndex | None
    resolution_markers: tuple[str, ...]

    def __init__(
        self,
        kind: LockKind,
        doc: Document,
        data: Any,
        packages: list[LockedPackage] = _FACTORY,
        requires_python: str | None = None,
        requires_python_loc: Loc | None = None,
        generator: str | None = None,
        index: TomlIndex | None = None,
        resolution_markers: tuple[str, ...] = (),
    ) -> None:
        self.kind = kind
        self.doc = doc
        self.data = data
        self.packages = [] if packages is _FACTORY else packages
        self.requires_python = requires_python
        self.requires_python_loc = requires_python_loc
        self.generator = generator
        self.index = index
        self.resolution_markers = resolution_markers

    def by_name(self) -> dict[str, list[LockedPackage]]:
        out: dict[str, list[LockedPackage]] = {}
        for p in self.packages:
            out.setdefault(p.name, []).append(p)
        return out


class Project(Record):
    """A directory with its dependency declarations, locks and Python declarations."""

    __slots__ = (
        "root",
        "pyproject",
        "pipfile",
        "requirement_files",
        "_locks",  # read: see the ``locks`` property
        "pythons",
        "members",  # workspace members (uv, pdm)
        "conda_requirements",
        "deferred",  # lock files not read yet, each with the call that reads it
    )

    root: Path
    pyproject: Pyproject | None
    pipfile: Pipfile | None
    requirement_files: list[RequirementsFile]
    _locks: list[LockFile]
    pythons: list[PythonDecl]
    members: list[Pyproject]
    conda_requirements: list[Requirement]
    deferred: list[tuple[Path, Callable[[], None]]]

    def __init__(
        self,
        root: Path,
        pyproject: Pyproject | None = None,
        pipfile: Pipfile | None = None,
        requirement_files: list[RequirementsFile] = _FACTORY,
        locks: list[LockFile] = _FACTORY,
        pythons: list[PythonDecl] = _FACTORY,
        members: list[Pyproject] = _FACTORY,
        conda_requirements: list[Requirement] = _FACTORY,
    ) -> None:
        self.root = root
        self.pyproject = pyproject
        self.pipfile = pipfile
        self.requirement_files = [] if requirement_files is _FACTORY else requirement_files
        self._locks = [] if locks is _FACTORY else locks
        self.pythons = [] if pythons is _FACTORY else pythons
        self.members = [] if members is _FACTORY else members
        self.conda_requirements = [] if conda_requirements is _FACTORY else conda_requirements
        self.deferred = []

    @property
    def locks(self) -> list[LockFile]:
        """The project's lock files, in the order they were found.

        A run asked about some files only (pre-commit passes the changed ones, an editor the
        one it shows) may leave a lock unread until a rule needs it (``engine.Loader``): the
        first use of this property reads every deferred one.
        """
        if self.deferred:
            pending, self.deferred = self.deferred, []
            for _, read in pending:
                read()
        return self._locks

    @locks.setter
    def locks(self, value: list[LockFile]) -> None:
        self._locks = value

    def lock_paths(self) -> list[Path]:
        """The paths of the project's lock files, read or not (reads none)."""
        return [lock.doc.path for lock in self._locks] + [path for path, _ in self.deferred]

    def all_requirements(self) -> list[Requirement]:
        out: list[Requirement] = []
        if self.pyproject is not None:
            out.extend(self.pyproject.requirements)
        if self.pipfile is not None:
            out.extend(self.pipfile.requirements)
        for f in self.requirement_files:
            out.extend(f.requirements)
        out.extend(self.conda_requirements)
        return out
