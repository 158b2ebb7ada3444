"""The common model every reader produces and every rule consumes.

Readers (one per file format, in :mod:`reqhooks.readers`) turn files into these objects;
rules (one module per family, in :mod:`reqhooks.rules`) turn them into findings.  Every
value a finding may point at carries a :class:`Loc`: a document and a character span.

Specifiers and markers are kept as PEP 440 / PEP 508 *strings*: parsing them with
``packaging`` costs time, and a run over plain pins should not pay for it.  Rules that need
the parsed objects use :mod:`reqhooks._pep` (cached).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from reqhooks._text import Document
    from reqhooks._toml import TomlIndex


class Loc(NamedTuple):
    """A span ``[start, end)`` of character offsets in a document.

    A named tuple rather than a frozen dataclass: readers make three per requirement,
    and tuple construction is several times cheaper.
    """

    doc: Document
    start: int
    end: int

    @property
    def path(self) -> Path:
        return self.doc.path

    @property
    def line(self) -> int:
        return self.doc.position(self.start)[0]

    def text(self) -> str:
        return self.doc.text[self.start : self.end]


#: Where a requirement was declared; rules choose their policy from this.
ReqKind = Literal[
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


@dataclass(slots=True)
class Requirement:
    """One declared requirement, wherever it was written."""

    name: str  # PEP 503 canonical name
    text: str  # the requirement as written (continuations joined, no options or comment)
    loc: Loc  # span of the requirement text in its file
    kind: ReqKind
    specifier: str = ""  # PEP 440 specifier set ("" = any version)
    marker: str | None = None  # PEP 508 marker, as written
    extras: tuple[str, ...] = ()
    url: str | None = None  # direct reference / VCS URL / local path
    group: str | None = None  # extra, dependency group, Poetry group or Pipfile category
    hashes: tuple[str, ...] = ()  # --hash values (algo:hex)
    editable: bool = False
    name_loc: Loc | None = None
    spec_loc: Loc | None = None  # span of the version specifier as written (Poetry: the constraint)
    marker_loc: Loc | None = None  # span of the marker text (after the ';')
    line_end: int | None = None  # end of the logical line's requirement and options (before a comment)
    via: tuple[str, ...] = ()  # compiled files: the "# via" sources
    original_spec: str | None = None  # Poetry/Pipfile: the constraint in the tool's own syntax
    optional: bool = False  # Poetry: optional = true (only installed through an extra)

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


@dataclass(slots=True)
class Option:
    """A pip option line in a requirements file (``--index-url X``, ``-r file`` ...)."""

    name: str  # long form, e.g. "--index-url", "--requirement", "--constraint", "--editable"
    value: str | None
    loc: Loc  # the whole option text
    value_loc: Loc | None = None


@dataclass(slots=True)
class Include:
    """``-r``/``-c`` (or ``--requirement``/``--constraint``) in a requirements file."""

    target: str  # as written, after ${VAR} expansion
    path: Path | None  # resolved local path; None for a URL
    constraint: bool
    loc: Loc


@dataclass(slots=True)
class CompiledInfo:
    """What a compiled or exported requirements file says about how it was made."""

    generator: Literal["pip-compile", "uv", "poetry-export", "uv-export", "unknown"]
    command: str | None  # the command line in the header
    command_loc: Loc | None
    python: str | None  # pip-compile: "autogenerated by pip-compile with Python X.Y"
    sources: tuple[str, ...]  # input files named by the command or by "# via -r X"


@dataclass(slots=True)
class RequirementsFile:
    doc: Document
    requirements: list[Requirement] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    constraints_file: bool = False  # read as constraints (-c target or constraints*.txt)
    compiled: CompiledInfo | None = None
    included_by: Path | None = None  # the file whose -r/-c brought this one in


@dataclass(slots=True)
class PythonDecl:
    """A place where the project declares which Python(s) it runs on."""

    source: Literal[
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
    value: str  # as written ("3.12.1", ">=3.10", "^3.11", "python:3.12-slim")
    loc: Loc
    specifier: str | None = None  # PEP 440 range for range sources
    version: tuple[int, ...] | None = None  # exact version for deployment pins (3, 12) / (3, 12, 1)


@dataclass(slots=True)
class Pyproject:
    doc: Document
    data: dict[str, Any]
    index: TomlIndex
    requirements: list[Requirement] = field(default_factory=list)
    requires_python: PythonDecl | None = None
    poetry_python: PythonDecl | None = None

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


@dataclass(slots=True)
class Pipfile:
    doc: Document
    data: dict[str, Any]
    index: TomlIndex
    requirements: list[Requirement] = field(default_factory=list)
    python: PythonDecl | None = None


@dataclass(frozen=True, slots=True)
class LockedDep:
    """An edge from a locked package to one of its dependencies."""

    name: str  # canonical
    specifier: str = ""
    marker: str | None = None
    extras: tuple[str, ...] = ()
    group: str | None = None  # the extra or dependency group that declares this edge, if any


LockKind = Literal["poetry", "uv", "pdm", "pipfile", "pylock", "compiled"]


@dataclass(slots=True)
class LockedPackage:
    name: str  # canonical
    version: str | None
    loc: Loc  # where the package's entry starts (its name), for findings
    requires_python: str | None = None  # PEP 440, when the format records it
    files: tuple[str, ...] = ()  # file names (wheels and sdists), when the format records them
    dependencies: tuple[LockedDep, ...] = ()
    marker: str | None = None  # the lock's own marker for this package
    groups: tuple[str, ...] = ()  # groups/categories that install it
    source: str | None = None  # "registry", "git", "path", "directory", "editable", "virtual", "url"
    version_loc: Loc | None = None
    optional: bool = False
    resolution_markers: tuple[str, ...] = ()  # uv: the forks this version belongs to
    extras: tuple[str, ...] = ()  # pdm locks a package again with the extras it was asked for


@dataclass(slots=True)
class LockFile:
    kind: LockKind
    doc: Document
    data: Any  # the parsed TOML/JSON (a dict), or the RequirementsFile for compiled files
    packages: list[LockedPackage] = field(default_factory=list)
    requires_python: str | None = None
    requires_python_loc: Loc | None = None
    generator: str | None = None  # e.g. "Poetry 2.1.3" from the header comment
    index: TomlIndex | None = None
    resolution_markers: tuple[str, ...] = ()  # uv: the lock's top-level forks

    def by_name(self) -> dict[str, list[LockedPackage]]:
        out: dict[str, list[LockedPackage]] = {}
        for p in self.packages:
            out.setdefault(p.name, []).append(p)
        return out


@dataclass(slots=True)
class Project:
    """A directory with its dependency declarations, locks and Python declarations."""

    root: Path
    pyproject: Pyproject | None = None
    pipfile: Pipfile | None = None
    requirement_files: list[RequirementsFile] = field(default_factory=list)
    locks: list[LockFile] = field(default_factory=list)
    pythons: list[PythonDecl] = field(default_factory=list)
    members: list[Pyproject] = field(default_factory=list)  # workspace members (uv, pdm)
    conda_requirements: list[Requirement] = field(default_factory=list)

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
