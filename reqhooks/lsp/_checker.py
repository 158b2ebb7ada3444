"""Check a project with the editor's buffers, keeping parsed files between checks.

This module knows nothing of the protocol: the server hands it the open buffers and the
files it speaks for, and gets back findings grouped by file.  What makes it fast on large
projects is :class:`_CachingLoader`: a document is read again only when its buffer or its
file on disk changed, and a lock file (or Pipfile, deployment Python declaration ...) is
parsed again only when one of the documents its reading touched changed.  A keystroke in
``requirements.txt`` therefore neither reads nor parses the 3,000-package ``poetry.lock``
beside it; the rules still run over the whole project, as they must.
"""

from __future__ import annotations

import gc
import importlib
import os
from pathlib import Path

from reqhooks import engine
from reqhooks._record import Frozen, Record, fields
from reqhooks.registry import BY_CODE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any, Final

    from reqhooks._text import Document
    from reqhooks.discovery import FileKind
    from reqhooks.findings import Finding
    from reqhooks.model import Project
    from reqhooks.settings import Settings

FAMILIES: Final = ("hygiene", "backports", "pins", "lock", "python")

#: Kinds whose parse is kept between checks.  Requirements files are read through includes
#: whose handling depends on the chain that reached them, and pyproject.toml may pull in
#: workspace members found by glob: both are cheap to read and are read every time.
_CACHED_KINDS: Final = frozenset({"lock", "pipfile", "python-decl", "conda"})

_OPTION_KEYS: Final = frozenset(
    {
        "select",
        "extendSelect",
        "ignore",
        "targetPython",
        "platforms",
        "config",
        "isolated",
        "workspaceDiagnostics",
    }
)

#: Files whose change on disk changes the settings of the projects below them.
CONFIG_NAMES: Final = frozenset({"pyproject.toml", "reqhooks.toml", ".reqhooks.toml"})


_setattr = object.__setattr__
#: The default of a field that gets a fresh object per instance (a dataclass's
#: ``default_factory``): passing None explicitly still stores None.
_FACTORY: Any = object()


class Buffer(Frozen):
    """An editor's open document: its text as the user sees it, saved or not."""

    __slots__ = ("path", "text", "version")

    path: Path
    text: str
    version: int | None

    def __init__(self, path: Path, text: str, version: int | None = None) -> None:
        _setattr(self, "path", path)
        _setattr(self, "text", text)
        _setattr(self, "version", version)

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")


class Options(Frozen):
    """What the editor may set (``initializationOptions`` or ``workspace/didChangeConfiguration``).

    The names follow the command-line flags; the configuration file still applies, and these
    win over it, as flags do.
    """

    __slots__ = (
        "select",
        "extend_select",
        "ignore",
        "target_python",
        "platforms",
        "config",
        "isolated",
        "workspace_diagnostics",
    )

    select: tuple[str, ...] | None
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    target_python: tuple[tuple[int, int], ...] | None
    platforms: tuple[str, ...] | None
    config: Path | None
    isolated: bool
    workspace_diagnostics: bool

    def __init__(
        self,
        select: tuple[str, ...] | None = None,
        extend_select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        target_python: tuple[tuple[int, int], ...] | None = None,
        platforms: tuple[str, ...] | None = None,
        config: Path | None = None,
        isolated: bool = False,
        workspace_diagnostics: bool = False,
    ) -> None:
        _setattr(self, "select", select)
        _setattr(self, "extend_select", extend_select)
        _setattr(self, "ignore", ignore)
        _setattr(self, "target_python", target_python)
        _setattr(self, "platforms", platforms)
        _setattr(self, "config", config)
        _setattr(self, "isolated", isolated)
        _setattr(self, "workspace_diagnostics", workspace_diagnostics)

    @classmethod
    def from_json(cls, data: object) -> Options:
        """Read the editor's settings; raises :class:`~reqhooks.settings.ConfigError`."""
        from reqhooks import settings as s

        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise s.ConfigError("reqhooks settings: expected an object")
        table: dict[str, Any] = data
        if isinstance(
            table.get("reqhooks"), dict
        ):  # {"reqhooks": {...}} from didChangeConfiguration
            table = table["reqhooks"]
        unknown = sorted(set(table) - _OPTION_KEYS)
        if unknown:
            raise s.ConfigError(
                f"reqhooks settings: unknown key{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(repr(k) for k in unknown)}; known keys: {', '.join(sorted(_OPTION_KEYS))}"
            )
        changes: dict[str, Any] = {}
        if table.get("select") is not None:
            changes["select"] = s.parse_codes(table["select"], "select")
        if table.get("extendSelect") is not None:
            changes["extend_select"] = s.parse_codes(table["extendSelect"], "extendSelect")
        if table.get("ignore") is not None:
            changes["ignore"] = s.parse_codes(table["ignore"], "ignore")
        if table.get("targetPython") is not None:
            changes["target_python"] = s.parse_pythons(table["targetPython"], "targetPython")
        if table.get("platforms") is not None:
            changes["platforms"] = s.parse_platforms(table["platforms"], "platforms")
        if table.get("config") is not None:
            if not isinstance(table["config"], str):
                raise s.ConfigError("config: expected a path")
            changes["config"] = Path(table["config"]).expanduser()
        for key, attr in (
            ("isolated", "isolated"),
            ("workspaceDiagnostics", "workspace_diagnostics"),
        ):
            if table.get(key) is not None:
                if not isinstance(table[key], bool):
                    raise s.ConfigError(f"{key}: expected true or false")
                changes[attr] = table[key]
        out = cls(**changes)
        return out


class Checked(Record):
    """One check of one project: findings by file, and what they were computed from."""

    __slots__ = (
        "root",
        "files",  # the files this check speaks for: publish them, with no findings too
        "findings",
        "documents",
        "versions",  # the buffer versions the findings refer to
        "notes",
    )

    root: Path
    files: set[Path]
    findings: dict[Path, list[Finding]]
    documents: dict[Path, Document]
    versions: dict[Path, int | None]
    notes: list[str]

    def __init__(
        self,
        root: Path,
        files: set[Path],
        findings: dict[Path, list[Finding]],
        documents: dict[Path, Document],
        versions: dict[Path, int | None],
        notes: list[str] = _FACTORY,
    ) -> None:
        self.root = root
        self.files = files
        self.findings = findings
        self.documents = documents
        self.versions = versions
        self.notes = [] if notes is _FACTORY else notes


class Stats(Record):
    """What the cache saved; tests and ``reqhooks.stats`` read it."""

    __slots__ = (
        "reads",  # documents read from disk or decoded from a buffer
        "reused",  # documents taken from the cache
        "parses",  # cached kinds parsed
        "replays",  # cached kinds taken from the cache
        "read_paths",  # of the last check
        "parsed_paths",  # of the last check
    )

    reads: int
    reused: int
    parses: int
    replays: int
    read_paths: list[Path]
    parsed_paths: list[Path]

    def __init__(
        self,
        reads: int = 0,
        reused: int = 0,
        parses: int = 0,
        replays: int = 0,
        read_paths: list[Path] = _FACTORY,
        parsed_paths: list[Path] = _FACTORY,
    ) -> None:
        self.reads = reads
        self.reused = reused
        self.parses = parses
        self.replays = replays
        self.read_paths = [] if read_paths is _FACTORY else read_paths
        self.parsed_paths = [] if parsed_paths is _FACTORY else parsed_paths


def _project_fields() -> tuple[str, ...]:
    from reqhooks.model import Project

    return tuple(name for name in fields(Project) if name != "root")


class _Parsed(Record):
    """What one ``Loader._load`` call did to a project, to do it again without parsing."""

    __slots__ = (
        "inputs",  # every document the reading touched
        "appended",
        "assigned",
        "findings",
    )

    inputs: tuple[tuple[Path, Document | None], ...]
    appended: dict[str, list[Any]]
    assigned: dict[str, Any]
    findings: list[Finding]

    def __init__(
        self,
        inputs: tuple[tuple[Path, Document | None], ...],
        appended: dict[str, list[Any]],
        assigned: dict[str, Any],
        findings: list[Finding],
    ) -> None:
        self.inputs = inputs
        self.appended = appended
        self.assigned = assigned
        self.findings = findings


class _Cache(Record):
    __slots__ = ("documents", "parsed", "stats")

    documents: dict[Path, tuple[tuple[object, ...], Document]]
    parsed: dict[tuple[Path, str, Path], _Parsed]
    stats: Stats

    def __init__(
        self,
        documents: dict[Path, tuple[tuple[object, ...], Document]] = _FACTORY,
        parsed: dict[tuple[Path, str, Path], _Parsed] = _FACTORY,
        stats: Stats = _FACTORY,
    ) -> None:
        self.documents = {} if documents is _FACTORY else documents
        self.parsed = {} if parsed is _FACTORY else parsed
        self.stats = Stats() if stats is _FACTORY else stats

    def forget(self, path: Path) -> None:
        self.documents.pop(path, None)


class _CachingLoader(engine.Loader):
    """The engine's loader, remembering documents and parses across checks."""

    def __init__(self, settings: Settings, buffers: Mapping[Path, Buffer], cache: _Cache) -> None:
        super().__init__(settings, {p: b.data for p, b in buffers.items()})
        self._buffers = buffers
        self._cache = cache
        self._recording: list[list[tuple[Path, Document | None]]] = []

    def _signature(self, path: Path) -> tuple[object, ...] | None:
        buffer = self._buffers.get(path)
        if buffer is not None:
            return ("buffer", buffer.text)
        try:
            st = os.stat(path)
        except OSError:
            return None
        return ("disk", st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)

    def document(self, path: Path) -> Document | None:
        doc = self.documents.get(path)
        if doc is None:
            signature = self._signature(path)
            cached = self._cache.documents.get(path)
            if signature is not None and cached is not None and cached[0] == signature:
                doc = cached[1]
                self.documents[path] = doc
                self._cache.stats.reused += 1
            else:
                doc = super().document(path)
                self._cache.stats.reads += 1
                self._cache.stats.read_paths.append(path)
                if doc is not None and signature is not None:
                    self._cache.documents[path] = (signature, doc)
        for frame in self._recording:
            frame.append((path, doc))
        return doc

    def _load(self, project: Project, path: Path, kind: FileKind) -> None:
        if kind not in _CACHED_KINDS:
            super()._load(project, path, kind)
            return
        key = (path, kind, project.root)
        hit = self._cache.parsed.get(key)
        if hit is not None and all(self.document(p) is d for p, d in hit.inputs):
            for name, items in hit.appended.items():
                getattr(project, name).extend(items)
            for name, value in hit.assigned.items():
                setattr(project, name, value)
            self.findings.extend(hit.findings)
            self._cache.stats.replays += 1
            return
        names = _project_fields()
        before = {n: getattr(project, n) for n in names}
        lengths = {n: len(v) for n, v in before.items() if isinstance(v, list)}
        first_finding = len(self.findings)
        self._recording.append([])
        try:
            super()._load(project, path, kind)
        finally:
            inputs = self._recording.pop()
        self._cache.stats.parses += 1
        self._cache.stats.parsed_paths.append(path)
        appended = {
            n: getattr(project, n)[k:] for n, k in lengths.items() if len(getattr(project, n)) > k
        }
        assigned = {
            n: getattr(project, n)
            for n in names
            if n not in lengths and getattr(project, n) is not before[n]
        }
        self._cache.parsed[key] = _Parsed(
            tuple(inputs), appended, assigned, self.findings[first_finding:]
        )


def _boundary(path: Path) -> Path | None:
    for directory in (path, *path.parents):
        if (directory / ".git").exists():
            return directory
    return None


def root_of(path: Path) -> Path:
    """The project a file belongs to, as discovery decides it."""
    from reqhooks.discovery import project_root

    path = path.absolute()
    return project_root(path, _boundary(path.parent))


def is_dependency_file(path: Path) -> bool:
    from reqhooks.discovery import classify

    return classify(path) is not None


class Checker:
    """Checks projects for the server; one check at a time (the cache is not shared)."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._cache = _Cache()

    @property
    def stats(self) -> Stats:
        return self._cache.stats

    def forget(self, path: Path) -> None:
        """Drop a file from the cache (it was deleted or renamed)."""
        self._cache.forget(path.absolute())

    def settings(self, root: Path) -> Settings:
        """The settings for a project: defaults < configuration file < editor options.

        Raises :class:`~reqhooks.settings.ConfigError` for a broken configuration.
        """
        from reqhooks import settings as s

        o = self.options
        base = s.Settings(today=s.today_from_env())
        if not o.isolated:
            if o.config is not None:
                if not o.config.is_file():
                    raise s.ConfigError(f"config: {o.config}: no such file")
                base = s.from_config(s.load_config_file(o.config), str(o.config), base)
                base = base.with_(config_path=o.config, config_root=o.config.absolute().parent)
            else:
                found = s.find_config(root)
                if found is not None:
                    path, table = found
                    base = s.from_config(table, _display(path), base)
                    base = base.with_(config_path=path, config_root=path.parent)
        changes: dict[str, object] = {"online": False}  # never the network on a keystroke
        if o.select is not None:
            changes["select"] = o.select
        if o.extend_select:
            changes["select"] = tuple(changes.get("select", base.select)) + o.extend_select  # type: ignore[arg-type]
        if o.ignore:
            changes["ignore"] = base.ignore + o.ignore
        if o.target_python is not None:
            changes["target_python"] = o.target_python
        if o.platforms is not None:
            changes["platforms"] = o.platforms
        return base.with_(**changes)

    def files_for(
        self, root: Path, known: Iterable[Path], buffers: Mapping[Path, Buffer]
    ) -> set[Path]:
        """The files a check of ``root`` speaks for: the known ones, open ones and companions."""
        from reqhooks.discovery import companions

        files = {p for p in known if p.exists() or p in buffers}
        files.update(p for p in buffers if root_of(p) == root and is_dependency_file(p))
        files.update(p.absolute() for p, _ in companions(root))
        return files

    def check(self, root: Path, files: Iterable[Path], buffers: Mapping[Path, Buffer]) -> Checked:
        """Check ``files`` (all of one project) with the editor's ``buffers`` in place of disk.

        Raises ``ConfigError`` for a broken configuration, and
        :class:`~reqhooks.engine.InternalError` for a bug.
        """
        settings = self.settings(root)
        paths = sorted({p.absolute() for p in files})
        stats = self._cache.stats
        stats.read_paths = []
        stats.parsed_paths = []
        loader = _CachingLoader(
            settings, {p.absolute(): b for p, b in buffers.items()}, self._cache
        )
        collecting = gc.isenabled()
        gc.disable()  # as engine.run does: a run makes many small objects and no cycles
        try:
            findings = _run(settings, paths, loader)
        finally:
            if collecting:
                gc.enable()
        by_path: dict[Path, list[Finding]] = {p: [] for p in paths}
        for f in findings:
            by_path.setdefault(f.path.absolute(), []).append(f)
        versions = {p: buffers[p].version for p in by_path if p in buffers}
        return Checked(root, set(paths), by_path, dict(loader.documents), versions)


def _run(settings: Settings, paths: list[Path], loader: engine.Loader) -> list[Finding]:
    """:func:`reqhooks.engine.run` with a loader of our own (the engine makes a fresh one)."""
    from reqhooks.discovery import discover

    found = discover(paths, exclude=settings.exclude, virtual=frozenset(loader.stdin))
    ctx = engine.Context(settings)
    projects = [loader.load_project(root, files) for root, files in sorted(found.projects.items())]
    ctx.projects = projects
    findings = list(loader.findings)
    codes = engine.selected_codes(settings, FAMILIES)
    wanted = {BY_CODE[c].family for c in codes if c not in engine.ALWAYS}
    for family in FAMILIES:
        if family not in wanted:
            continue
        module = importlib.import_module(engine.FAMILY_MODULES[family])
        for project in projects:
            try:
                findings.extend(module.check(project, ctx))
            except Exception as e:  # reported as one line naming the project
                raise engine.InternalError(_display(project.root) or ".", e) from e
    return list(engine.filter_findings(findings, settings, codes, found.explicit))


def _display(path: Path) -> str:
    from reqhooks._text import _display as d

    return d(path)
