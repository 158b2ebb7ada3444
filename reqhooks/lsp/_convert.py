"""Findings to protocol objects: positions, diagnostics, code actions, hovers.

reqhooks positions are 1-based lines and columns counted in characters (code points) of a
document's text; LSP positions are 0-based lines and columns counted in the code units the
client and server agreed on (UTF-16 unless the client offered another).  The conversion
happens here, once, from the document text itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types

from reqhooks._mask import mask_secrets
from reqhooks.registry import BY_CODE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

    from reqhooks._text import Document
    from reqhooks.findings import Edit, Finding

SOURCE: Final = "reqhooks"

_SEVERITY: Final = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
}

#: Codes whose finding marks text that can simply go: editors grey it out.
_UNNECESSARY: Final = frozenset({"BKP002", "PYV004"})

#: Suppression comments are offered where a ``#`` comment at the end of a line is allowed and
#: survives: not in generated locks (the next lock rewrites them), not in a Dockerfile (a ``#``
#: after an instruction is part of it), not in one-value files like ``.python-version``.
_COMMENT_KINDS: Final = frozenset({"requirements", "constraints", "pyproject", "pipfile", "conda"})
_YAML_DECLS: Final = frozenset({"render.yaml", "workflow"})

_IGNORE_BRACKET: Final = re.compile(r"#\s*reqhooks:\s*ignore\[(?P<codes>[^\]]*)\]", re.IGNORECASE)


def units(text: str, encoding: str) -> int:
    """Length of ``text`` in code units of the negotiated position encoding."""
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class Positions:
    """Converts offsets and reqhooks line/columns of one document to LSP positions.

    ``bom`` is true when the editor's text starts with U+FEFF, which reqhooks' decoder drops:
    the editor counts it on the first line, so columns there shift by its width.
    """

    def __init__(self, doc: Document, encoding: str, *, bom: bool = False) -> None:
        self.doc = doc
        self.encoding = encoding
        self._bom = units("\ufeff", encoding) if bom else 0

    def at_offset(self, offset: int) -> types.Position:
        line, column = self.doc.position(offset)
        return self.at(line, column)

    def at(self, line: int, column: int) -> types.Position:
        """1-based ``line``/``column`` (characters) to an LSP position."""
        text = self.doc.text
        start, _ = self.doc.line_span(line)
        line = min(max(line, 1), self.doc.position(len(text))[0])
        prefix = text[start : start + max(column - 1, 0)]
        character = units(prefix, self.encoding) + (self._bom if line == 1 else 0)
        return types.Position(line=line - 1, character=character)

    def range(self, f: Finding) -> types.Range:
        return types.Range(start=self.at(f.line, f.column), end=self.at(f.end_line, f.end_column))

    def edit(self, e: Edit) -> types.TextEdit:
        return types.TextEdit(
            range=types.Range(start=self.at_offset(e.start), end=self.at_offset(e.end)),
            new_text=e.text,
        )


def _plain_range(f: Finding) -> types.Range:
    # No document (the file could not be read): reqhooks' columns are all there is.
    return types.Range(
        start=types.Position(line=max(f.line - 1, 0), character=max(f.column - 1, 0)),
        end=types.Position(line=max(f.end_line - 1, 0), character=max(f.end_column - 1, 0)),
    )


def doc_uri(code: str) -> str | None:
    """The installed documentation of a rule, as a ``file:`` URI (offline, matches the version)."""
    from importlib import resources

    try:
        resource = resources.files("reqhooks").joinpath("docs").joinpath(f"{code}.md")
        if not resource.is_file():
            return None
        return Path(str(resource)).absolute().as_uri()
    except (OSError, ValueError, TypeError):
        return None


def diagnostic(f: Finding, positions: Positions | None) -> types.Diagnostic:
    href = doc_uri(f.code)
    tags = [types.DiagnosticTag.Unnecessary] if f.code in _UNNECESSARY else None
    fix = None
    if f.fix is not None:
        fix = {"message": f.fix.message, "safe": f.fix.safe}
    return types.Diagnostic(
        range=positions.range(f) if positions is not None else _plain_range(f),
        message=mask_secrets(f.message),
        severity=_SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
        code=f.code,
        code_description=types.CodeDescription(href=href) if href is not None else None,
        source=SOURCE,
        tags=tags,
        data={"fix": fix} if fix is not None else None,
    )


def _edit(
    uri: str, version: int | None, edits: list[types.TextEdit], *, document_changes: bool
) -> types.WorkspaceEdit:
    if document_changes:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=uri, version=version
                    ),
                    edits=list(edits),
                )
            ]
        )
    return types.WorkspaceEdit(changes={uri: list(edits)})


def fix_action(
    f: Finding,
    positions: Positions,
    uri: str,
    version: int | None,
    diag: types.Diagnostic,
    *,
    document_changes: bool,
) -> types.CodeAction | None:
    """The rule's own fix, as a quick fix; an unsafe one is never the preferred action."""
    if f.fix is None:
        return None
    title = f.fix.message if f.fix.safe else f"{f.fix.message} (unsafe fix)"
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        is_preferred=f.fix.safe,
        edit=_edit(
            uri,
            version,
            [positions.edit(e) for e in f.fix.edits],
            document_changes=document_changes,
        ),
    )


def fix_all_action(
    findings: list[Finding],
    positions: Positions,
    uri: str,
    version: int | None,
    *,
    document_changes: bool,
) -> types.CodeAction | None:
    """Every safe fix of the document at once (``source.fixAll.reqhooks``), as ``--fix`` would."""
    from reqhooks import fixes

    planned = fixes.plan([f for f in findings if f.doc is positions.doc], unsafe=False)
    chosen = [f for _, (_, fs) in planned.items() for f in fs]
    if not chosen:
        return None
    edits = [positions.edit(e) for f in chosen if f.fix is not None for e in f.fix.edits]
    return types.CodeAction(
        title="Fix all safe reqhooks problems",
        kind=f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}",
        edit=_edit(uri, version, edits, document_changes=document_changes),
    )


def comments_allowed(path: Path) -> bool:
    """Whether a ``# reqhooks: ignore[...]`` comment can go at the end of a line of ``path``."""
    from reqhooks.discovery import classify, python_decl_kind

    kind = classify(path)
    if kind in _COMMENT_KINDS:
        return True
    return kind == "python-decl" and python_decl_kind(path) in _YAML_DECLS


def suppress_edit(f: Finding) -> tuple[int, int, str] | None:
    """The edit that suppresses ``f`` on its line, as (start, end, text); None where it cannot.

    An existing ``# reqhooks: ignore[...]`` on the line gets the code added; otherwise a new
    comment goes at the end of the line, asking for a reason.
    """
    from reqhooks.suppressions import parse_line

    doc = f.doc
    if doc is None or not comments_allowed(doc.path):
        return None
    start, end = doc.line_span(f.line)
    text = doc.text[start:end]
    if any(s.covers(f.code) for s in parse_line(text)):
        return None  # already suppressed there (the finding is about the suppression itself)
    kind = doc.path.suffix
    if text.rstrip().endswith("\\") and kind != ".toml":
        return None  # a continued requirement line: a comment would end the continuation
    m = _IGNORE_BRACKET.search(text)
    if m is not None:
        at = start + m.end("codes")
        codes = m.group("codes").strip()
        return (at, at, f", {f.code}" if codes else f.code)
    body = text.rstrip()
    at = start + len(body)
    new = f'{"  " if body else ""}# reqhooks: ignore[{f.code}] reason="..."'
    if doc.path.name == "pyproject.toml" or doc.path.name == "Pipfile":
        from reqhooks import _toml

        try:  # inside a multi-line string the "comment" would change a value: do not offer it
            if _toml.load(doc.text[:at] + new + doc.text[end:]) != _toml.load(doc.text):
                return None
        except _toml.TomlError:
            return None
    return (at, end, new)


def suppress_action(
    f: Finding,
    positions: Positions,
    uri: str,
    version: int | None,
    diag: types.Diagnostic,
    *,
    document_changes: bool,
) -> types.CodeAction | None:
    from reqhooks.findings import Edit

    planned = suppress_edit(f)
    if planned is None:
        return None
    start, end, text = planned
    return types.CodeAction(
        title=f"Suppress {f.code} on this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        is_preferred=False,
        edit=_edit(
            uri,
            version,
            [positions.edit(Edit(start, end, text))],
            document_changes=document_changes,
        ),
    )


def explain(code: str) -> str | None:
    """The rule's documentation as markdown, headed like ``reqhooks explain`` (None if unknown)."""
    from reqhooks.registry import doc

    rule = BY_CODE.get(code.upper())
    if rule is None:
        return None
    fix = {"safe": "safe fix available", "unsafe": "unsafe fix available", None: "no fix"}[rule.fix]
    return (
        f"**{rule.code}** ({rule.name}): {rule.summary}\n\n"
        f"Default severity: {rule.severity}; {fix}.\n\n{doc(rule.code)}"
    )


def contains(r: types.Range, p: types.Position) -> bool:
    start = (r.start.line, r.start.character)
    end = (r.end.line, r.end.character)
    return start <= (p.line, p.character) <= end


def overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)
