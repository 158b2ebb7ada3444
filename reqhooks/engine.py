"""The pipeline: files -> model -> findings -> filtered, sorted findings.

Data flows one way.  Settings are built before this runs; readers build the model; rules
(one module per family) produce findings; this module filters them in one place
(select/ignore, per-file-ignores, inline suppressions, which files were asked about),
then sorts them.  No rule reads a file, parses argv or prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reqhooks._record import Record
from reqhooks.findings import Finding
from reqhooks.registry import BY_CODE, matches

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any, Final

    from reqhooks._resultcache import Probes
    from reqhooks._text import Document
    from reqhooks.discovery import FileKind
    from reqhooks.model import Project, RequirementsFile
    from reqhooks.settings import Settings
    from reqhooks.targets import Targets

FAMILY_MODULES: Final = {
    "hygiene": "reqhooks.rules.hygiene",
    "backports": "reqhooks.rules.backports",
    "pins": "reqhooks.rules.pins",
    "lock": "reqhooks.rules.lock",
    "python": "reqhooks.rules.python",
}

#: Whether a run asked about some files only skips the work whose findings nobody would see
#: and leaves the locks no rule needs unread (``Context.explicit``, ``Loader.asked``);
#: tests turn it off to compare.
SKIP_UNSEEN = True

#: Codes every family reports: a hook that cannot read its file must say so.
ALWAYS: Final = ("REQ001", "REQ002", "REQ003")


class InternalError(Exception):
    """An unexpected exception, with the file or project it happened in."""

    def __init__(self, where: str, original: BaseException) -> None:
        super().__init__(f"{where}: {type(original).__name__}: {original}")
        self.where = where
        self.original = original


#: The default of a field that gets a fresh object per instance (a dataclass's
#: ``default_factory``): passing None explicitly still stores None.
_FACTORY: Any = object()


class Context(Record):
    """What rules may consult besides the project: settings, the date, targets, the index."""

    __slots__ = (
        "settings",
        "projects",
        "_targets",
        "_index",
        "notes",  # one-line notes for stderr (e.g. network)
        "explicit",  # the files whose findings are reported (None: every file)
    )

    settings: Settings
    projects: list[Project]
    _targets: dict[Path, Targets]
    _index: Any
    notes: list[str]
    explicit: set[Path] | None

    def __init__(
        self,
        settings: Settings,
        projects: list[Project] = _FACTORY,
        _targets: dict[Path, Targets] = _FACTORY,
        _index: Any = None,
        notes: list[str] = _FACTORY,
        explicit: set[Path] | None = None,
    ) -> None:
        self.settings = settings
        self.projects = [] if projects is _FACTORY else projects
        self._targets = {} if _targets is _FACTORY else _targets
        self._index = _index
        self.notes = [] if notes is _FACTORY else notes
        self.explicit = explicit

    def reported(self, path: Path) -> bool:
        """Whether findings in the file ``path`` are reported (it was asked about)."""
        return self.explicit is None or path.absolute() in self.explicit

    def locks_reported(self, project: Project) -> bool:
        """Whether a finding about the project's locks can be reported: one is asked about,
        or a file such a finding names as related (its pyproject.toml or Pipfile, a workspace
        member's, a file that declares a target Python).

        A run asked about a requirements file only (pre-commit after an edit to it, an
        editor showing it) skips the work on the locks whose findings nobody would see, and
        so never reads them (:class:`Loader` defers them).  A pylock.toml's findings concern
        the requirements files it was made from: a project with one is always checked.
        """
        explicit = self.explicit
        if explicit is None:
            return True
        paths = project.lock_paths()
        if any(path.name.startswith("pylock.") for path in paths):
            return True
        for declared in (project.pyproject, project.pipfile, *project.members):
            if declared is not None:
                paths.append(declared.doc.path)
        paths.extend(decl.loc.doc.path for decl in project.pythons)
        return any(path.absolute() in explicit for path in paths)

    @property
    def today(self) -> Any:
        return self.settings.today

    def targets(self, project: Project) -> Targets:
        cached = self._targets.get(project.root)
        if cached is None:
            from reqhooks.targets import compute

            cached = compute(project, self.settings)
            self._targets[project.root] = cached
        return cached

    def index(self) -> Any:
        """The online index client, or None when offline (the default)."""
        if not self.settings.online:
            return None
        if self._index is None:
            from reqhooks.index import IndexClient

            self._index = IndexClient.from_settings(self.settings, self.notes)
        return self._index


class Result(Record):
    __slots__ = ("findings", "files_checked", "documents", "notes")

    findings: list[Finding]
    files_checked: int
    documents: dict[Path, Document]
    notes: list[str]

    def __init__(
        self,
        findings: list[Finding],
        files_checked: int,
        documents: dict[Path, Document],
        notes: list[str],
    ) -> None:
        self.findings = findings
        self.files_checked = files_checked
        self.documents = documents
        self.notes = notes


def _decode_error_finding(path: Path, display: str, message: str, line: int, col: int) -> Finding:
    return Finding(
        code="REQ001",
        message=message,
        path=path,
        display=display,
        line=line,
        column=col,
        end_line=line,
        end_column=col,
        severity="error",
    )


class Loader:
    """Reads files into the model, once each, following -r/-c includes."""

    def __init__(
        self, settings: Settings, stdin: dict[Path, bytes] | None = None, probes: Probes | None = None
    ) -> None:
        self.settings = settings
        self.stdin = stdin or {}
        #: Every question asked of the file system and the environment, with its answer, for
        #: the result cache (None: not recorded).
        self.probes = probes
        self.documents: dict[Path, Document] = {}
        self.findings: list[Finding] = []
        self.requirement_files: dict[Path, RequirementsFile] = {}
        self._repositories: dict[Path, Path | None] = {}
        #: The files asked about, when the locks among the others are to be left unread
        #: until a rule uses them (see ``Context.locks_reported``); None: read every file.
        self.asked: set[Path] | None = None
        self._deferring = False

    def repository(self, path: Path) -> Path | None:
        """The root of the git work tree ``path`` (as written, links not followed) is in."""
        directory = path.absolute().parent
        if directory not in self._repositories:
            from reqhooks.discovery import _boundary

            self._repositories[directory] = _boundary(directory)
        return self._repositories[directory]

    def outside(self, path: Path, base: Path) -> bool:
        """Whether ``path`` leads out of the repository of the file ``base``."""
        answer = _outside(path, self.repository(base))
        if self.probes is not None:
            self.probes.ask("outside", (str(path), str(base)), answer)
        return answer

    def document(self, path: Path) -> Document | None:
        from reqhooks import _text

        doc = self.documents.get(path)
        if doc is not None:
            return doc
        display = _text._display(path)
        data = self.stdin.get(path)
        # What reading the file gave, for the result cache: the digest of the very bytes the
        # run used, or why there were none (the answers _resultcache.fingerprint gives).
        probes = self.probes if data is None else None
        try:
            if data is None and path.is_dir():
                if probes is not None:
                    from reqhooks._resultcache import DIRECTORY

                    probes.ask("file", str(path), DIRECTORY)
                self.findings.append(
                    _decode_error_finding(path, display, "Expected a file, found a directory", 1, 1)
                )
                return None
            if data is None and self.outside(path, path):
                # A checked-out symbolic link must not make reqhooks print what is in, say,
                # ~/.netrc of the machine that runs it.
                message = "Expected a file in the repository, found a symbolic link out of it"
                self.findings.append(_decode_error_finding(path, display, message, 1, 1))
                return None
            doc = _text.read_document(path, data=data)
        except _text.DecodeError as e:
            if probes is not None:
                from reqhooks._resultcache import failed_read

                probes.ask("file", str(path), failed_read(e))
            line, col = _text.error_position(e.data, e.offset)
            self.findings.append(_decode_error_finding(path, display, e.message, line, col))
            return None
        except OSError as e:
            if probes is not None:
                from reqhooks._resultcache import failed_read

                probes.ask("file", str(path), failed_read(e))
            reason = e.strerror or str(e)
            self.findings.append(_decode_error_finding(path, display, f"Cannot read the file: {reason}", 1, 1))
            return None
        if probes is not None and doc.raw is not None:
            # The digest the parse and lock model caches key on too: hashed once.
            probes.ask("file", str(path), ("bytes", doc.digest()))
        self.documents[path] = doc
        return doc

    def load_project(self, root: Path, files: list[tuple[Path, FileKind]]) -> Project:
        from reqhooks.model import Project

        project = Project(root=root)
        # Its locks are left unread when none is asked about (read together, later, they
        # keep the order they were found in).
        asked = self.asked
        self._deferring = asked is not None and not any(
            kind == "lock" and path.absolute() in asked for path, kind in files
        )
        for path, kind in files:
            try:
                self._load(project, path, kind)
            except Exception as e:  # noqa: BLE001 - reported as one line naming the file
                raise InternalError(_display(path), e) from e
        return project

    def _load(self, project: Project, path: Path, kind: FileKind) -> None:
        if kind in ("requirements", "constraints"):
            self._load_requirements(project, path, kind == "constraints", chain=())
            return
        if kind == "lock":
            if self._deferring:
                project.deferred.append((path, lambda: self._read_lock(project, path)))
            else:
                self._load_lock(project, path)
            return
        doc = self.document(path)
        if doc is None:
            return
        if kind == "pyproject":
            from reqhooks.readers import pyproject

            pp, found = pyproject.read(doc)
            self.findings.extend(found)
            if pp is None:
                return
            if path.parent == project.root and project.pyproject is None:
                project.pyproject = pp
                if pp.requires_python is not None:
                    project.pythons.append(pp.requires_python)
                if pp.poetry_python is not None:
                    project.pythons.append(pp.poetry_python)
                self._load_members(project, pp)
            else:
                project.members.append(pp)
        elif kind == "pipfile":
            from reqhooks.readers import pipfile

            pf, found = pipfile.read(doc)
            self.findings.extend(found)
            if pf is not None:
                project.pipfile = pf
                if pf.python is not None:
                    project.pythons.append(pf.python)
        elif kind == "python-decl":
            from reqhooks.discovery import python_decl_kind
            from reqhooks.readers import pythons

            decl_kind = python_decl_kind(path)
            if decl_kind is None:
                return
            decls, found = pythons.read(doc, decl_kind)
            self.findings.extend(found)
            project.pythons.extend(decls)
        elif kind == "conda":
            from reqhooks.readers import conda

            reqs, found = conda.read(doc)
            self.findings.extend(found)
            project.conda_requirements.extend(reqs)

    def _load_lock(self, project: Project, path: Path) -> None:
        doc = self.document(path)
        if doc is None:
            return
        from reqhooks.readers import locks

        lock_kind = locks.kind_for(path)
        if lock_kind is None:
            return
        lock, found = locks.read(doc, lock_kind)
        self.findings.extend(found)
        if lock is not None:
            project.locks.append(lock)

    def _read_lock(self, project: Project, path: Path) -> None:
        """Read a deferred lock (on a rule's first use of ``project.locks``)."""
        try:
            self._load_lock(project, path)
        except Exception as e:  # noqa: BLE001 - reported as one line naming the file
            raise InternalError(_display(path), e) from e

    def _load_members(self, project: Project, pp: Any) -> None:
        """Workspace members (uv, pdm) are context for the root's lock."""
        for tool in ("uv", "pdm"):
            settings = pp.tool(tool)
            workspace = settings.get("workspace") if isinstance(settings, dict) else None
            if not isinstance(workspace, dict):
                continue
            members = workspace.get("members") or []
            excludes = workspace.get("exclude") or []  # uv; PDM writes "!pattern" in members
            if not members or not isinstance(members, list) or not isinstance(excludes, list):
                continue
            excludes = [*excludes, *(m[1:] for m in members if isinstance(m, str) and m.startswith("!"))]
            excluded: set[Path] = set()
            for pattern in excludes:
                if isinstance(pattern, str):
                    excluded.update(Path(p).absolute() for p in self._glob(str(project.root / pattern)))
            for pattern in members:
                if not isinstance(pattern, str) or pattern.startswith("!"):
                    continue
                for match in sorted(self._glob(str(project.root / pattern))):
                    member_dir = Path(match).absolute()
                    candidate = member_dir / "pyproject.toml"
                    if member_dir in excluded or member_dir == project.root or not self._is_file(candidate):
                        continue
                    if any(m.doc.path.absolute() == candidate for m in project.members):
                        continue
                    self._load(project, candidate, "pyproject")

    def _glob(self, pattern: str) -> list[str]:
        answer = _glob(pattern)
        if self.probes is not None:
            self.probes.ask("glob", pattern, answer)
        return answer

    def _is_file(self, path: Path) -> bool:
        answer = path.is_file()
        if self.probes is not None:
            self.probes.ask("is_file", str(path), answer)
        return answer

    def _load_requirements(
        self, project: Project, path: Path, constraints: bool, chain: tuple[Path, ...]
    ) -> None:
        from reqhooks.model import Loc

        key = path.absolute()
        if key in self.requirement_files:
            rf = self.requirement_files[key]
            if rf not in project.requirement_files:
                project.requirement_files.append(rf)
            return
        doc = self.document(key)
        if doc is None:
            return
        from reqhooks.readers import requirements

        environ = None if self.probes is None else _Environ(self.probes)
        rf, found = requirements.read(doc, constraints=constraints or _constraints_name(key), environ=environ)
        self.findings.extend(found)
        rf.included_by = chain[-1] if chain else None
        self.requirement_files[key] = rf
        project.requirement_files.append(rf)
        for inc in rf.includes:
            if inc.path is None:
                continue
            target = inc.path.absolute()
            loc: Loc = inc.loc
            if target == key or target in chain:
                cycle = " -> ".join(_display(p) for p in (*chain, key, target))
                # Reported wherever the cycle closes, for whichever of its files was asked about.
                self.findings.append(
                    Finding.at("REQ003", loc, f"Include cycle: {cycle}", related=(*chain, key))
                )
                continue
            if self.outside(target, key):
                problem: str | None = "is outside the repository, not read"
            else:
                problem = _include_problem(target)
                if self.probes is not None:
                    self.probes.ask("include", str(target), problem)
            if problem is not None:
                flag = "-c" if inc.constraint else "-r"
                self.findings.append(
                    Finding.at("REQ002", loc, f"{flag} {inc.target}: {problem}")
                )
                continue
            self._load_requirements(project, target, inc.constraint, (*chain, key))


class _Environ:
    """``os.environ`` for a requirements file's ``${NAME}``, each lookup a probe."""

    __slots__ = ("probes",)

    def __init__(self, probes: Probes) -> None:
        self.probes = probes

    def get(self, name: str) -> str | None:
        import os

        value: str | None = self.probes.ask("environ", name, os.environ.get(name))
        return value


def _glob(pattern: str) -> list[str]:
    import glob  # here, not at the top: most projects have no workspace (1.4 ms)

    return glob.glob(pattern)


def _answer(kind: str, question: Any) -> Any:
    """Ask a probe's question again (see :class:`Loader`, :mod:`reqhooks._resultcache`)."""
    if kind == "file":
        from reqhooks._resultcache import fingerprint

        return fingerprint(Path(question))
    if kind == "outside":
        from reqhooks.discovery import _boundary

        path, base = question
        return _outside(Path(path), _boundary(Path(base).absolute().parent))
    if kind == "include":
        return _include_problem(Path(question))
    if kind == "glob":
        return _glob(question)
    if kind == "is_file":
        return Path(question).is_file()
    if kind == "environ":
        import os

        return os.environ.get(question)
    raise ValueError(kind)


def _constraints_name(path: Path) -> bool:
    from reqhooks.discovery import classify

    return classify(path) == "constraints"


def _outside(path: Path, repository: Path | None) -> bool:
    """Whether ``path``, its symbolic links followed, lies outside ``repository``.

    pip follows ``-r /etc/passwd``; reqhooks does not read files outside the repository it
    checks, so that a pull request cannot make it print them into a CI log.
    """
    if repository is None:
        return False
    import os

    real, root = os.path.realpath(path), os.path.realpath(repository)
    try:
        return os.path.commonpath([real, root]) != root
    except ValueError:  # another drive on Windows
        return True


def _include_problem(path: Path) -> str | None:
    import stat

    try:
        st = path.stat()
    except FileNotFoundError:
        return "file not found" if not path.is_symlink() else "broken symbolic link"
    except OSError as e:
        return e.strerror or "cannot read the file"
    if stat.S_ISDIR(st.st_mode):
        return "is a directory, not a requirements file"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    return None


def _display(path: Path) -> str:
    from reqhooks._text import _display as d

    return d(path)


def selected_codes(settings: Settings, families: tuple[str, ...]) -> frozenset[str]:
    out = set()
    for code, rule in BY_CODE.items():
        if rule.family not in families and code not in ALWAYS:
            continue
        if not matches(code, settings.select) or matches(code, settings.ignore):
            continue
        out.add(code)
    return frozenset(out)


def run(
    settings: Settings,
    paths: list[Path],
    families: tuple[str, ...],
    *,
    stdin: dict[Path, bytes] | None = None,
) -> Result:
    """Check ``paths`` with the rule ``families``: the filtered, sorted findings."""
    import gc

    # A run builds a large tree of small objects and no garbage cycles worth collecting;
    # the cyclic collector would walk the growing heap again and again (a tenth of the
    # time of a 3,000-package lock).  Paused for the run only: the LSP server is long-lived.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(settings, paths, families, stdin=stdin)
    finally:
        if collecting:
            gc.enable()


def _run(
    settings: Settings,
    paths: list[Path],
    families: tuple[str, ...],
    *,
    stdin: dict[Path, bytes] | None,
) -> Result:
    from reqhooks.discovery import discover

    found = discover(paths, exclude=settings.exclude, virtual=frozenset(stdin or ()))
    probes = None  # what this run asks, when its findings are to be remembered
    if not stdin and not settings.online and not settings.fix and not settings.diff:
        from reqhooks import _resultcache

        cache = _resultcache.directory()
        if cache is not None:
            digest = _resultcache.key(settings, paths, families, found)
            remembered, earlier = _resultcache.recall(cache, digest, _answer)
            if remembered is not None:
                return Result(remembered[0], remembered[1], {}, remembered[2])
            probes = _resultcache.Probes(cache, digest, earlier)
    explicit = None if found.all_reported else found.explicit
    loader = Loader(settings, stdin, probes)
    ctx = Context(settings)
    if SKIP_UNSEEN:
        loader.asked = ctx.explicit = explicit
    findings: list[Finding] = []
    for missing in found.missing:
        findings.append(
            _decode_error_finding(missing.absolute(), _display(missing), "No such file or directory", 1, 1)
        )
    projects = [loader.load_project(root, files) for root, files in sorted(found.projects.items())]
    ctx.projects = projects
    findings.extend(loader.findings)
    read = len(loader.findings)
    codes = selected_codes(settings, families)
    wanted_families = {BY_CODE[c].family for c in codes if c not in ALWAYS}
    for family in ("hygiene", "backports", "pins", "lock", "python"):
        if family not in wanted_families:
            continue
        name = FAMILY_MODULES[family]
        __import__(name)  # importlib.import_module's work, without importing importlib
        module = sys.modules[name]
        for project in projects:
            try:
                findings.extend(module.check(project, ctx))
            except InternalError:  # reading a deferred lock: it names the lock already
                raise
            except Exception as e:  # noqa: BLE001 - reported as one line naming the project
                raise InternalError(_display(project.root) or ".", e) from e

    findings.extend(loader.findings[read:])  # what reading a deferred lock found
    out = list(filter_findings(findings, settings, codes, explicit))
    # A lock no rule needed counts as checked: nothing in it concerns the files asked about.
    checked = len(loader.documents) + sum(
        1 for project in projects for path, _ in project.deferred if loader._is_file(path)
    )
    if probes is not None:
        probes.remember(out, checked, ctx.notes)
    return Result(out, checked, loader.documents, ctx.notes)


def filter_findings(
    findings: Iterable[Finding],
    settings: Settings,
    codes: frozenset[str],
    explicit: set[Path] | None,
) -> Iterator[Finding]:
    from reqhooks.suppressions import apply_suppressions

    kept: dict[tuple[object, ...], Finding] = {}
    for f in findings:
        if f.code not in codes:
            continue
        if explicit is not None and f.path.absolute() not in explicit and not any(
            r.absolute() in explicit for r in f.related
        ):
            continue
        if _per_file_ignored(f, settings):
            continue
        key = (f.display, f.line, f.column, f.code, f.message)
        kept.setdefault(key, f)
    result = apply_suppressions(list(kept.values()), settings)
    result.sort(key=lambda f: f.sort_key)
    yield from result


def _per_file_ignored(f: Finding, settings: Settings) -> bool:
    if not settings.per_file_ignores:
        return False
    import fnmatch
    import os

    base = settings.config_root or Path.cwd()
    try:
        rel = Path(os.path.relpath(f.path.absolute(), base)).as_posix()
    except ValueError:
        rel = f.path.as_posix()
    for pattern, codes in settings.per_file_ignores:
        if (
            fnmatch.fnmatch(rel, pattern)
            or fnmatch.fnmatch(f.path.name, pattern)
            or fnmatch.fnmatch(f.display, pattern)
        ) and matches(f.code, codes):
            return True
    return False
