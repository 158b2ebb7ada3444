"""The language server: diagnostics on open, change and save; quick fixes; rule docs on hover.

The unit of work is a project (the directory discovery groups files by).  Opening, editing or
saving any dependency file schedules a check of its project with every open buffer in place
of its file on disk; the check speaks for the project's files the server knows of (open ones,
the pyproject/lock/Python-declaration companions, and with ``workspaceDiagnostics`` every
dependency file of the workspace), so editing ``pyproject.toml`` re-publishes the lock
drift found in ``poetry.lock`` and the other way round.  Checks run one at a time in a worker
thread, edits are debounced, and :mod:`reqhooks.lsp._checker` keeps parsed files between
checks.
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

from reqhooks import __version__
from reqhooks.lsp import _convert
from reqhooks.lsp._checker import (
    CONFIG_NAMES,
    Buffer,
    Checked,
    Checker,
    Options,
    is_dependency_file,
    root_of,
)

logger = logging.getLogger(__name__)

#: Seconds to wait after an edit before checking: typing does not queue a check per key.
DEBOUNCE: Final = 0.2

EXPLAIN_COMMAND: Final = "reqhooks.explain"
STATS_COMMAND: Final = "reqhooks.stats"

#: What the editor should tell the server about when it changes on disk.
WATCH_GLOBS: Final = (
    "**/{pyproject.toml,Pipfile,Pipfile.lock,poetry.lock,uv.lock,pdm.lock,reqhooks.toml,.reqhooks.toml}",
    "**/{pylock.toml,pylock.*.toml,*requirements*.txt,*constraints*.txt,*.in}",
    "**/{.python-version,runtime.txt,.tool-versions,Dockerfile,Dockerfile.*,environment.yml}",
)


def path_of(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    fs = to_fs_path(uri)
    return Path(fs).absolute() if fs else None


class ReqhooksServer(LanguageServer):
    """pygls' server with the state of the open workspace."""

    def __init__(self) -> None:
        super().__init__(
            "reqhooks", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.checker = Checker()
        self.known: dict[Path, set[Path]] = {}  # project root -> files it speaks for
        self.uris: dict[Path, str] = {}  # the client's spelling of each file's URI
        self.results: dict[Path, tuple[int | None, Checked]] = {}  # file -> (version, check)
        self.published: dict[Path, tuple[int | None, list[types.Diagnostic]]] = {}
        self.timers: dict[Path, asyncio.TimerHandle] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.lock: asyncio.Lock | None = None
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reqhooks-check")
        self.warned: set[str] = set()

    # --- state -----------------------------------------------------------------------------

    def uri_of(self, path: Path) -> str:
        return self.uris.get(path) or from_fs_path(str(path)) or path.as_uri()

    def open_documents(self) -> dict[Path, TextDocument]:
        out: dict[Path, TextDocument] = {}
        for doc in self.workspace.text_documents.values():
            path = path_of(doc.uri)
            if path is not None:
                out[path] = doc
        return out

    def buffers(self) -> dict[Path, Buffer]:
        return {p: Buffer(p, d.source, d.version) for p, d in self.open_documents().items()}

    def current_version(self, path: Path) -> int | None:
        doc = self.open_documents().get(path)
        return doc.version if doc is not None else None

    def document_changes(self) -> bool:
        caps = self.client_capabilities.workspace
        edit = caps.workspace_edit if caps is not None else None
        return bool(edit is not None and edit.document_changes)

    # --- checking --------------------------------------------------------------------------

    def schedule(self, root: Path, delay: float) -> None:
        timer = self.timers.pop(root, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self.timers[root] = loop.call_later(delay, self._start, root)

    def _start(self, root: Path) -> None:
        self.timers.pop(root, None)
        task = asyncio.ensure_future(self.check_now(root))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def check_now(self, root: Path) -> None:
        """Check ``root`` with the buffers as they are now, and publish the result."""
        from reqhooks.engine import InternalError
        from reqhooks.settings import ConfigError

        timer = self.timers.pop(root, None)
        if timer is not None:
            timer.cancel()
        if self.lock is None:
            self.lock = asyncio.Lock()
        async with self.lock:
            buffers = self.buffers()
            files = self.checker.files_for(root, self.known.get(root, ()), buffers)
            self.known[root] = files
            loop = asyncio.get_running_loop()
            try:
                checked = await loop.run_in_executor(
                    self.worker, self.checker.check, root, files, buffers
                )
            except ConfigError as e:
                self.warn(f"reqhooks: configuration error: {e}")
                return
            except InternalError as e:
                self.warn(
                    f"reqhooks {__version__}: internal error while checking {e.where}: {e.original!r}"
                )
                logger.exception("internal error")
                return
        self.publish(checked)

    def publish(self, checked: Checked) -> None:
        encoding = str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)
        for path in sorted(checked.files | set(checked.findings)):
            findings = checked.findings.get(path, [])
            version = checked.versions.get(path)
            self.results[path] = (version, checked)
            positions = self.positions(checked, path, encoding)
            diagnostics = [
                _convert.diagnostic(f, positions if f.doc is not None else None) for f in findings
            ]
            if self.published.get(path) == (version, diagnostics):
                continue  # a big lock's thousand diagnostics are not sent again on every key
            self.published[path] = (version, diagnostics)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=self.uri_of(path), diagnostics=diagnostics, version=version
                )
            )

    def positions(self, checked: Checked, path: Path, encoding: str) -> _convert.Positions | None:
        doc = checked.documents.get(path)
        if doc is None:
            return None
        buffer = self.open_documents().get(path)
        bom = (
            buffer is not None
            and checked.versions.get(path) is not None
            and buffer.source.startswith("\ufeff")
        )
        return _convert.Positions(doc, encoding, bom=bom)

    def clear(self, path: Path) -> None:
        previous = self.published.pop(path, None)
        if previous is not None and previous[1]:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=self.uri_of(path), diagnostics=[])
            )
        self.results.pop(path, None)

    def warn(self, message: str) -> None:
        logger.warning(message)
        self.window_log_message(
            types.LogMessageParams(type=types.MessageType.Warning, message=message)
        )
        if message not in self.warned:  # say it once in the editor's face, always in the log
            self.warned.add(message)
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=message)
            )

    async def fresh(self, path: Path) -> tuple[Checked, int | None] | None:
        """The check that matches the buffer as it is now (checking again if it is stale)."""
        version = self.current_version(path)
        cached = self.results.get(path)
        if (
            cached is None
            or cached[0] != version
            or path in self.timers
            or root_of(path) in self.timers
        ):
            await self.check_now(root_of(path))
            cached = self.results.get(path)
        if cached is None or cached[0] != version:
            return None
        return cached[1], version


def build_server() -> ReqhooksServer:
    server = ReqhooksServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: ReqhooksServer, params: types.InitializeParams) -> None:
        try:
            ls.checker.options = Options.from_json(params.initialization_options)
        except Exception as e:  # noqa: BLE001 - a bad option is reported, not fatal
            ls.warned.add(str(e))
            logger.warning("ignoring initializationOptions: %s", e)
        root = ls.workspace.root_path
        if root and os.path.isdir(root):
            # Messages name files relative to the working directory, as the CLI's do.
            os.chdir(root)

    @server.feature(types.INITIALIZED)
    def initialized(ls: ReqhooksServer, params: types.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps is not None else None
        if watched is not None and watched.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=g) for g in WATCH_GLOBS]
            )
            ls.client_register_capability(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="reqhooks-watch",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=options,
                        )
                    ]
                )
            )
        if ls.checker.options.workspace_diagnostics:
            scan_workspace(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ReqhooksServer, params: types.DidOpenTextDocumentParams) -> None:
        opened(ls, params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ReqhooksServer, params: types.DidChangeTextDocumentParams) -> None:
        opened(ls, params.text_document.uri, DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ReqhooksServer, params: types.DidSaveTextDocumentParams) -> None:
        opened(ls, params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ReqhooksServer, params: types.DidCloseTextDocumentParams) -> None:
        path = path_of(params.text_document.uri)
        if path is None or not is_dependency_file(path):
            return
        root = root_of(path)
        files = ls.known.get(root, set())
        if not ls.checker.options.workspace_diagnostics:
            files.discard(path)
            ls.clear(path)
        if path.exists():
            ls.schedule(root, 0)  # its companions now see the file on disk again

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: ReqhooksServer, params: types.DidChangeWatchedFilesParams) -> None:
        roots: set[Path] = set()
        for event in params.changes:
            path = path_of(event.uri)
            if path is None:
                continue
            ls.checker.forget(path)
            if path.name in CONFIG_NAMES:
                roots.update(r for r in ls.known if r == path.parent or path.parent in r.parents)
            if not is_dependency_file(path):
                continue
            root = root_of(path)
            if event.type == types.FileChangeType.Deleted:
                ls.known.get(root, set()).discard(path)
                ls.clear(path)
            if root in ls.known:
                roots.add(root)
        for root in roots:
            ls.schedule(root, 0.05)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(
        ls: ReqhooksServer, params: types.DidChangeConfigurationParams
    ) -> None:
        if not isinstance(params.settings, dict) or "reqhooks" not in params.settings:
            return
        try:
            ls.checker.options = Options.from_json(params.settings)
        except Exception as e:  # noqa: BLE001
            ls.warn(f"reqhooks: {e}")
            return
        for root in list(ls.known):
            ls.schedule(root, 0)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[
                types.CodeActionKind.QuickFix,
                f"{types.CodeActionKind.SourceFixAll.value}.{_convert.SOURCE}",
            ],
            resolve_provider=False,
        ),
    )
    async def code_action(
        ls: ReqhooksServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        path = path_of(params.text_document.uri)
        if path is None or not is_dependency_file(path):
            return None
        got = await ls.fresh(path)
        if got is None:
            return None
        checked, version = got
        positions = ls.positions(checked, path, str(ls.workspace.position_encoding or "utf-16"))
        if positions is None:
            return None
        only = params.context.only
        uri = params.text_document.uri
        changes = ls.document_changes()
        findings = checked.findings.get(path, [])
        actions: list[types.CodeAction] = []
        wants_quickfix = only is None or any(str(k).startswith("quickfix") for k in only)
        if wants_quickfix:
            suppress: list[types.CodeAction] = []
            for f in findings:
                if f.doc is not positions.doc:
                    continue
                diag = _convert.diagnostic(f, positions)
                if not _convert.overlaps(diag.range, params.range):
                    continue
                fix = _convert.fix_action(
                    f, positions, uri, version, diag, document_changes=changes
                )
                if fix is not None:
                    actions.append(fix)
                sup = _convert.suppress_action(
                    f, positions, uri, version, diag, document_changes=changes
                )
                if sup is not None and all(sup.title != s.title for s in suppress):
                    suppress.append(sup)
            actions.extend(suppress)
        wants_fix_all = only is None or any(
            str(k) in ("source", "source.fixAll", f"source.fixAll.{_convert.SOURCE}") for k in only
        )
        if wants_fix_all:
            fix_all = _convert.fix_all_action(
                findings, positions, uri, version, document_changes=changes
            )
            if fix_all is not None:
                actions.append(fix_all)
        return actions

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ReqhooksServer, params: types.HoverParams) -> types.Hover | None:
        path = path_of(params.text_document.uri)
        if path is None:
            return None
        cached = ls.results.get(path)
        if cached is None or cached[0] != ls.current_version(path):
            return None
        diagnostics = ls.published.get(path, (None, []))[1]
        hits = [d for d in diagnostics if _convert.contains(d.range, params.position)]
        codes = list(dict.fromkeys(str(d.code) for d in hits if d.code is not None))
        texts = [t for t in (_convert.explain(c) for c in codes) if t is not None]
        if not texts:
            return None
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(texts)
            ),
            range=hits[0].range,
        )

    @server.command(EXPLAIN_COMMAND)
    def explain(ls: ReqhooksServer, code: str) -> str | None:
        """``reqhooks explain CODE`` as a command: the rule's documentation (markdown)."""
        return _convert.explain(str(code))

    @server.command(STATS_COMMAND)
    def stats(ls: ReqhooksServer) -> dict[str, Any]:
        """How much the cache saved (for benchmarks and tests)."""
        s = ls.checker.stats
        return {
            "reads": s.reads,
            "reused": s.reused,
            "parses": s.parses,
            "replays": s.replays,
            "lastReads": [str(p) for p in s.read_paths],
            "lastParses": [str(p) for p in s.parsed_paths],
        }

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: ReqhooksServer, *args: object) -> None:
        for timer in ls.timers.values():
            timer.cancel()
        ls.timers.clear()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    return server


def opened(ls: ReqhooksServer, uri: str, delay: float) -> None:
    path = path_of(uri)
    if path is None or not is_dependency_file(path):
        return
    ls.uris[path] = uri
    root = root_of(path)
    ls.known.setdefault(root, set()).add(path)
    ls.schedule(root, delay)


def scan_workspace(ls: ReqhooksServer) -> None:
    """Know every dependency file of the workspace folders, and check their projects."""
    from reqhooks.discovery import discover

    folders = [path_of(f.uri) for f in ls.workspace.folders.values()]
    if not folders and ls.workspace.root_path:
        folders = [Path(ls.workspace.root_path).absolute()]
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        found = discover([folder])
        for root, files in found.projects.items():
            ls.known.setdefault(root.absolute(), set()).update(
                p for p, _ in files if p in found.explicit
            )
            ls.schedule(root.absolute(), 0)
