"""``reqhooks lsp``: a real client drives the server over stdio (pytest-lsp), plus its pure parts.

The server runs as ``python -m reqhooks.lsp`` in a subprocess, in a fresh workspace per test.
Positions in these tests are LSP positions: 0-based lines, UTF-16 columns.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls.lsp.server")  # the lsp extra (pygls 2)
pytest.importorskip("pytest_lsp")

from lsprotocol import types
from pytest_lsp import LanguageClient, make_test_lsp_client

from reqhooks._text import Document
from reqhooks.findings import Edit, Finding
from reqhooks.lsp import _convert
from reqhooks.lsp._checker import Buffer, Checker, Options, root_of
from reqhooks.settings import ConfigError
from tests.conftest import write

REPO = Path(__file__).resolve().parent.parent
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
TIMEOUT = 15.0

# --- a client ------------------------------------------------------------------------------


@asynccontextmanager
async def session(
    root: Path, *, options: dict[str, Any] | None = None
) -> AsyncIterator[LanguageClient]:
    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "reqhooks.lsp", cwd=str(REPO))
    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(
                    workspace=types.WorkspaceClientCapabilities(
                        workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)
                    ),
                    text_document=types.TextDocumentClientCapabilities(
                        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                            version_support=True, code_description_support=True, data_support=True
                        ),
                        code_action=types.CodeActionClientCapabilities(
                            code_action_literal_support=types.ClientCodeActionLiteralOptions(
                                code_action_kind=types.ClientCodeActionKindOptions(
                                    value_set=[
                                        types.CodeActionKind.QuickFix,
                                        types.CodeActionKind.SourceFixAll,
                                    ]
                                )
                            ),
                            is_preferred_support=True,
                        ),
                        hover=types.HoverClientCapabilities(
                            content_format=[types.MarkupKind.Markdown]
                        ),
                    ),
                ),
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
                initialization_options=options,
            )
        )
        yield client
        await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
    except BaseException:
        client.exit(None)  # a failed test: the server exits without the shutdown handshake
        raise
    finally:
        await asyncio.wait_for(client.stop(), TIMEOUT)  # type: ignore[no-untyped-call]


async def diagnostics(
    client: LanguageClient,
    path: Path,
    until: Callable[[Sequence[types.Diagnostic]], bool] = lambda _: True,
) -> Sequence[types.Diagnostic]:
    """The diagnostics of ``path`` once they satisfy ``until`` (waiting for publications)."""
    uri = path.as_uri()

    async def wait() -> Sequence[types.Diagnostic]:
        while True:
            got = client.diagnostics.get(uri)
            if got is not None and until(got):
                return list(got)
            await client.wait_for_notification(PUBLISH)

    return await asyncio.wait_for(wait(), TIMEOUT)


def codes(diags: Sequence[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diags]


def summary(diags: Sequence[types.Diagnostic]) -> list[tuple[str, tuple[int, int, int, int], str]]:
    return [
        (
            str(d.code),
            (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character),
            "error" if d.severity == types.DiagnosticSeverity.Error else "warning",
        )
        for d in diags
    ]


def offset(text: str, position: types.Position) -> int:
    """An LSP position (UTF-16 columns) to an index into ``text`` (the client's side)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    units = 0
    i = start
    while units < position.character:
        units += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return i


def apply(text: str, edits: Sequence[types.TextEdit]) -> str:
    spans = sorted(
        ((offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def only_edits(action: types.CodeAction, uri: str, version: int) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.document_changes is not None
    (change,) = action.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.uri == uri
    assert change.text_document.version == version
    return [e for e in change.edits if isinstance(e, types.TextEdit)]


def open_doc(client: LanguageClient, path: Path, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=path.as_uri(), language_id="pip-requirements", version=version, text=text
            )
        )
    )


def change_all(client: LanguageClient, path: Path, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def code_actions(client: LanguageClient, path: Path, line: int) -> list[types.CodeAction]:
    result = await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
                range=types.Range(
                    start=types.Position(line=line, character=0),
                    end=types.Position(line=line, character=0),
                ),
                context=types.CodeActionContext(diagnostics=[]),
            )
        ),
        TIMEOUT,
    )
    assert result is not None
    return [a for a in result if isinstance(a, types.CodeAction)]


# --- the round trip ------------------------------------------------------------------------

BUFFER = 'tomli==2.0.1\n-r "ré😀.txt"\ntorch>=2  # 🔥 pytorch\nenum34==1.1.10\n'


@pytest.mark.asyncio
async def test_open_fix_and_suppress_until_the_diagnostics_are_gone(in_tmp: Path) -> None:
    write(
        in_tmp,
        {
            "reqhooks.toml": 'select = ["BKP", "PIN", "REQ"]\ntarget-python = ["3.10", "3.12"]\n',
            "requirements.txt": "flask==3.1.0\n",  # what is on disk has no problem: the buffer counts
        },
    )
    req = in_tmp / "requirements.txt"
    uri = req.as_uri()
    async with session(in_tmp) as client:
        open_doc(client, req, BUFFER)
        diags = await diagnostics(client, req)
        assert summary(diags) == [
            ("BKP003", (0, 0, 0, 12), "warning"),
            ("REQ002", (1, 3, 1, 13), "error"),  # "ré😀.txt" is 9 characters, 10 UTF-16 units
            ("PIN001", (2, 0, 2, 8), "error"),
            ("BKP001", (3, 0, 3, 14), "error"),
        ]
        assert diags[1].message == "-r ré😀.txt: file not found"
        assert {d.source for d in diags} == {"reqhooks"}
        assert diags[0].code_description is not None
        assert diags[0].code_description.href.startswith("file://")
        assert diags[0].code_description.href.endswith("/reqhooks/docs/BKP003.md")

        actions = await code_actions(client, req, 0)
        assert [(a.title, a.kind, a.is_preferred) for a in actions] == [
            ('Add `python_version < "3.11"`', types.CodeActionKind.QuickFix, True),
            ("Suppress BKP003 on this line", types.CodeActionKind.QuickFix, False),
            ("Fix all safe reqhooks problems", "source.fixAll.reqhooks", None),
        ]
        edits = only_edits(actions[0], uri, 1)
        assert edits == [
            types.TextEdit(
                range=types.Range(
                    start=types.Position(line=0, character=12),
                    end=types.Position(line=0, character=12),
                ),
                new_text='; python_version < "3.11"',
            )
        ]
        text = apply(BUFFER, edits)
        assert text.startswith('tomli==2.0.1; python_version < "3.11"\n')
        change_all(client, req, text, 2)
        diags = await diagnostics(client, req, lambda ds: "BKP003" not in codes(ds))
        assert codes(diags) == ["REQ002", "PIN001", "BKP001"]

        # Suppress PIN001 after a comment holding an astral character, sent as an incremental change.
        actions = await code_actions(client, req, 2)
        suppress = next(a for a in actions if a.title == "Suppress PIN001 on this line")
        (edit,) = only_edits(suppress, uri, 2)
        assert edit.range.start == types.Position(line=2, character=22)
        assert edit.new_text == '  # reqhooks: ignore[PIN001] reason="..."'
        text = apply(text, [edit])
        assert (
            text.splitlines()[2]
            == 'torch>=2  # 🔥 pytorch  # reqhooks: ignore[PIN001] reason="..."'
        )
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)
                ],
            )
        )
        diags = await diagnostics(client, req, lambda ds: "PIN001" not in codes(ds))
        assert summary(diags) == [
            ("REQ002", (1, 3, 1, 13), "error"),
            ("BKP001", (3, 0, 3, 14), "error"),
        ]

        hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=3, character=2),
            )
        )
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        assert hover.contents.value.startswith("**BKP001** (harmful-backport): ")
        explained = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="reqhooks.explain", arguments=["bkp001"])
        )
        assert isinstance(explained, str)
        assert explained.startswith("**BKP001** (harmful-backport): ")
        assert "## What it does" in explained

    assert req.read_text() == "flask==3.1.0\n"  # the server never writes a file


@pytest.mark.asyncio
async def test_unsafe_fixes_are_offered_but_never_preferred(in_tmp: Path) -> None:
    write(in_tmp, {"reqhooks.toml": 'select = ["BKP"]\ntarget-python = ["3.12", "3.13"]\n'})
    req = in_tmp / "requirements.txt"  # not on disk at all: a new, unsaved file
    async with session(in_tmp) as client:
        open_doc(client, req, "tomli==2.0.1\nflask\n")
        diags = await diagnostics(client, req)
        assert summary(diags) == [("BKP002", (0, 0, 0, 12), "warning")]
        assert list(diags[0].tags or ()) == [types.DiagnosticTag.Unnecessary]
        actions = await code_actions(client, req, 0)
        assert [(a.title, a.is_preferred) for a in actions] == [
            ("Remove `tomli==2.0.1` (unsafe fix)", False),
            ("Suppress BKP002 on this line", False),
        ]
        text = apply("tomli==2.0.1\nflask\n", only_edits(actions[0], req.as_uri(), 1))
        change_all(client, req, text, 2)
        assert await diagnostics(client, req, lambda ds: not ds) == []


@pytest.mark.asyncio
async def test_editing_pyproject_republishes_its_partner(in_tmp: Path) -> None:
    write(
        in_tmp,
        {
            "reqhooks.toml": 'select = ["PYV003"]\n',
            "pyproject.toml": '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.12"\n',
            ".python-version": "3.11\n",
        },
    )
    pyproject = in_tmp / "pyproject.toml"
    pinned = in_tmp / ".python-version"
    async with session(in_tmp) as client:
        open_doc(client, pyproject, pyproject.read_text())
        assert await diagnostics(client, pyproject) == []
        diags = await diagnostics(client, pinned)  # not open: published as the project's companion
        assert summary(diags) == [("PYV003", (0, 0, 0, 4), "error")]
        # An unsaved edit of pyproject.toml clears the finding in the other file.
        change_all(client, pyproject, pyproject.read_text().replace(">=3.12", ">=3.11"), 2)
        assert await diagnostics(client, pinned, lambda ds: not ds) == []
        change_all(client, pyproject, pyproject.read_text(), 3)
        diags = await diagnostics(client, pinned, lambda ds: bool(ds))
        assert codes(diags) == ["PYV003"]


@pytest.mark.asyncio
async def test_lock_drift_is_computed_from_the_pyproject_buffer(in_tmp: Path) -> None:
    pytest.importorskip("reqhooks.rules.lock", reason="the lock family is not there yet")
    from tests.test_editor_cli import _poetry_project

    original = _poetry_project(in_tmp)  # a pyproject.toml and the poetry.lock made from it
    write(in_tmp, {"reqhooks.toml": 'select = ["LCK"]\n'})
    pyproject = in_tmp / "pyproject.toml"
    lock = in_tmp / "poetry.lock"
    async with session(in_tmp) as client:
        open_doc(client, pyproject, original)
        assert await diagnostics(client, pyproject) == []
        assert await diagnostics(client, lock) == []
        edited = original.replace(
            '    "six>=1.16,<2",\n', '    "six>=1.16,<2",\n    "packaging>=24",\n'
        )
        change_all(
            client, pyproject, edited, 2
        )  # unsaved: the lock on disk is compared with the buffer
        drift = await diagnostics(client, pyproject, lambda ds: bool(ds))
        assert summary(drift) == [("LCK002", (9, 5, 9, 18), "error")]
        assert drift[0].message == "packaging>=24 is not in poetry.lock; run `poetry lock`"
        stale = await diagnostics(client, lock, lambda ds: bool(ds))
        assert codes(stale) == ["LCK001"]
        assert (stale[0].range.start.line, stale[0].range.start.character) == (122, 16)
        change_all(client, pyproject, original, 3)  # undone: both files are clean again
        assert await diagnostics(client, lock, lambda ds: not ds) == []
        assert await diagnostics(client, pyproject, lambda ds: not ds) == []


def _poetry_lock(n: int) -> str:
    from tests.test_reader_locks import _poetry_lock as generate

    text: str = generate(n)
    return text


@pytest.mark.asyncio
async def test_a_keystroke_does_not_reread_a_3000_package_lock(in_tmp: Path) -> None:
    write(
        in_tmp,
        {
            "reqhooks.toml": 'select = ["BKP", "PIN", "REQ"]\ntarget-python = ["3.12"]\n',
            "pyproject.toml": '[project]\nname = "app"\nversion = "1"\ndependencies = ["pkg-0000>=1.0"]\n',
            "poetry.lock": _poetry_lock(3000),
            "requirements.txt": "flask==3.1.0\n",
        },
    )
    req = in_tmp / "requirements.txt"
    async with session(in_tmp) as client:
        open_doc(client, req, "flask==3.1.0\n")
        await diagnostics(client, req)
        first = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="reqhooks.stats")
        )
        assert isinstance(first, dict)
        assert str(in_tmp / "poetry.lock") in first["lastParses"]
        change_all(client, req, "flask==3.1.0\nenum34==1.1.10\n", 2)
        assert codes(await diagnostics(client, req, lambda ds: bool(ds))) == ["BKP001"]
        after = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="reqhooks.stats")
        )
        assert isinstance(after, dict)
        assert after["lastReads"] == [str(req)]  # the buffer, and nothing from disk
        assert after["lastParses"] == []
        assert after["replays"] == first["replays"] + 1


@pytest.mark.asyncio
async def test_a_bad_configuration_is_shown_not_fatal(in_tmp: Path) -> None:
    write(in_tmp, {"reqhooks.toml": 'selct = ["PIN"]\n'})
    req = in_tmp / "requirements.txt"
    async with session(in_tmp) as client:
        open_doc(client, req, "torch>=2\n")

        async def shown() -> None:
            while not client.messages:
                await client.wait_for_notification(types.WINDOW_SHOW_MESSAGE)

        await asyncio.wait_for(shown(), TIMEOUT)
        assert client.messages[0].type == types.MessageType.Error
        assert client.messages[0].message.startswith(
            "reqhooks: configuration error: reqhooks.toml: unknown configuration key 'selct'"
        )


# --- the pure parts ------------------------------------------------------------------------


def _doc(text: str, name: str = "requirements.txt") -> Document:
    return Document(Path("/w") / name, text, display=name)


@pytest.mark.parametrize(
    ("text", "offset", "encoding", "expected"),
    (
        pytest.param("abc\ndef\n", 5, "utf-16", (1, 1), id="ascii"),
        pytest.param("é😀x\n", 2, "utf-16", (0, 3), id="an astral character is two UTF-16 units"),
        pytest.param("é😀x\n", 2, "utf-8", (0, 6), id="and four UTF-8 bytes"),
        pytest.param("é😀x\n", 2, "utf-32", (0, 2), id="and one UTF-32 unit"),
        pytest.param("a\r\nb😀c\r\n", 5, "utf-16", (1, 3), id="CRLF lines"),
        pytest.param("ab", 99, "utf-16", (0, 2), id="clamped to the end"),
    ),
)
def test_positions(text: str, offset: int, encoding: str, expected: tuple[int, int]) -> None:
    pos = _convert.Positions(_doc(text), encoding).at_offset(offset)
    assert (pos.line, pos.character) == expected


def test_a_bom_in_the_buffer_shifts_the_first_line_only() -> None:
    positions = _convert.Positions(_doc("ab\ncd\n"), "utf-16", bom=True)
    assert positions.at(1, 2) == types.Position(line=0, character=2)
    assert positions.at(2, 2) == types.Position(line=1, character=1)


def _finding(doc: Document, line: int, code: str = "PIN001") -> Finding:
    return Finding(code, "m", doc.path, doc.display, line, 1, line, 2, "error", doc=doc)


@pytest.mark.parametrize(
    ("name", "text", "line", "expected"),
    (
        pytest.param(
            "requirements.txt",
            "torch>=2\n",
            1,
            'torch>=2  # reqhooks: ignore[PIN001] reason="..."\n',
            id="adds a comment",
        ),
        pytest.param(
            "requirements.txt",
            "torch>=2   \r\n",
            1,
            'torch>=2  # reqhooks: ignore[PIN001] reason="..."\r\n',
            id="keeps CRLF, drops trailing blanks",
        ),
        pytest.param(
            "requirements.txt",
            "torch>=2  # reqhooks: ignore[BKP002]\n",
            1,
            "torch>=2  # reqhooks: ignore[BKP002, PIN001]\n",
            id="extends an existing suppression",
        ),
        pytest.param(
            "requirements.txt",
            "torch>=2 \\\n  --hash=sha256:00\n",
            1,
            None,
            id="not on a continued line",
        ),
        pytest.param(
            "requirements.txt",
            "torch>=2  # noqa: PIN001\n",
            1,
            None,
            id="not when already suppressed",
        ),
        pytest.param(
            "pyproject.toml",
            '[project]\ndependencies = [\n  "torch>=2",\n]\n',
            3,
            '[project]\ndependencies = [\n  "torch>=2",  # reqhooks: ignore[PIN001] reason="..."\n]\n',
            id="in a TOML array",
        ),
        pytest.param(
            "pyproject.toml",
            'x = """\ntorch>=2\n"""\n',
            2,
            None,
            id="not inside a multi-line string",
        ),
        pytest.param(
            "poetry.lock", '[[package]]\nname = "torch"\n', 2, None, id="not in a generated lock"
        ),
        pytest.param("Dockerfile", "FROM python:3.11\n", 1, None, id="not in a Dockerfile"),
    ),
)
def test_suppress_edit(name: str, text: str, line: int, expected: str | None) -> None:
    planned = _convert.suppress_edit(_finding(_doc(text, name), line))
    if expected is None:
        assert planned is None
        return
    assert planned is not None
    start, end, new = planned
    assert text[:start] + new + text[end:] == expected


def test_options_from_the_editor() -> None:
    options = Options.from_json(
        {"select": ["pin"], "targetPython": "3.12", "workspaceDiagnostics": True}
    )
    assert options == Options(select=("PIN",), target_python=((3, 12),), workspace_diagnostics=True)
    assert Options.from_json({"reqhooks": {"ignore": "BKP002"}}) == Options(ignore=("BKP002",))
    assert Options.from_json(None) == Options()
    with pytest.raises(ConfigError, match=r"unknown key 'slect'; known keys: config, extendSelect"):
        Options.from_json({"slect": ["PIN"]})


def test_the_cached_checker_agrees_with_the_engine(in_tmp: Path) -> None:
    from reqhooks import engine

    write(
        in_tmp,
        {
            "pyproject.toml": '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.12"\ndependencies = ["tomli>=2", "torch>=2"]\n',
            ".python-version": "3.11\n",
            "Dockerfile": "FROM python:3.10-slim\n",
            "requirements.txt": "enum34==1.1.10\n",
            "reqhooks.toml": 'select = ["REQ", "BKP", "PIN", "PYV"]\n',
        },
    )
    req = (in_tmp / "requirements.txt").absolute()
    checker = Checker()
    root = root_of(req)
    for text in ("enum34==1.1.10\n", "torch>=2\n-r missing.txt\n", "torch>=2\n"):
        buffers = {req: Buffer(req, text, 1)}
        files = checker.files_for(root, [req], buffers)
        checked = checker.check(root, files, buffers)
        ours = sorted(
            (f.display, f.line, f.column, f.code, f.message)
            for fs in checked.findings.values()
            for f in fs
        )
        fresh = engine.run(
            checker.settings(root),
            sorted(files),
            ("hygiene", "backports", "pins", "python"),
            stdin={req: text.encode()},
        )
        assert ours == [(f.display, f.line, f.column, f.code, f.message) for f in fresh.findings]
    assert checker.stats.parses == 2  # .python-version and the Dockerfile, once each
    assert checker.stats.replays == 4


def test_edits_convert_to_utf16_text_edits() -> None:
    doc = _doc("pkg==1 # 😀\nx\n")
    edit = _convert.Positions(doc, "utf-16").edit(Edit(9, 10, "!"))
    assert edit.range.start == types.Position(line=0, character=9)
    assert edit.range.end == types.Position(line=0, character=11)


def test_without_pygls_the_server_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reqhooks.lsp import main

    monkeypatch.setitem(sys.modules, "pygls", None)  # as if the lsp extra were not installed
    monkeypatch.delitem(sys.modules, "pygls.lsp", raising=False)
    monkeypatch.delitem(sys.modules, "pygls.lsp.server", raising=False)
    monkeypatch.delitem(sys.modules, "reqhooks.lsp.server", raising=False)
    assert main([]) == 2
    assert capsys.readouterr().err == (
        "reqhooks lsp needs the language server extra: pip install 'reqhooks[lsp]' (missing module: pygls)\n"
    )
