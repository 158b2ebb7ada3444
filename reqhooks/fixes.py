"""Apply fixes: edit spans of the original text, back to front, and write atomically.

Only the spans a fix means to change are touched; newline style, BOM, comments and every
other byte stay as they were.  A file that changed on disk since it was read is left alone.
Permissions are kept.  Running twice changes nothing the second time, because a fixed file
no longer has the finding.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reqhooks._text import Document
    from reqhooks.findings import Edit, Finding


@dataclass
class FixOutcome:
    path: Path
    display: str
    old: str
    new: str
    applied: list[Finding]
    error: str | None = None


def plan(findings: list[Finding], *, unsafe: bool) -> dict[Path, tuple[Document, list[Finding]]]:
    """Choose, per file, the non-overlapping fixes to apply (the first finding wins a span)."""
    per_file: dict[Path, tuple[Document, list[Finding]]] = {}
    taken: dict[Path, list[tuple[int, int]]] = {}
    for f in findings:
        if f.fix is None or f.doc is None or (not f.fix.safe and not unsafe):
            continue
        spans = taken.setdefault(f.path, [])
        edits = f.fix.edits
        if any(_overlaps(e.start, e.end, s, t) for e in edits for s, t in spans):
            continue
        if any(
            _overlaps(a.start, a.end, b.start, b.end) for i, a in enumerate(edits) for b in edits[i + 1 :]
        ):
            continue
        spans.extend((e.start, e.end) for e in edits)
        per_file.setdefault(f.path, (f.doc, []))[1].append(f)
    return per_file


def _overlaps(a: int, b: int, c: int, d: int) -> bool:
    if a == b or c == d:  # insertions conflict only at the same point
        return a == c or (c < a < d) or (a < c < b)
    return a < d and c < b


def apply_edits(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: e.start] + e.text + text[e.end :]
    return text


def compute(findings: list[Finding], *, unsafe: bool) -> list[FixOutcome]:
    outcomes = []
    for path, (doc, chosen) in sorted(plan(findings, unsafe=unsafe).items()):
        edits = [e for f in chosen if f.fix is not None for e in f.fix.edits]
        new = apply_edits(doc.text, edits)
        if new != doc.text:
            outcomes.append(FixOutcome(path, doc.display, doc.text, new, chosen))
    return outcomes


def encode(doc: Document, text: str) -> bytes:
    return text.encode(doc.encoding)


def write(outcome: FixOutcome, doc: Document) -> str | None:
    """Write one fixed file atomically; return an error message instead of raising."""
    path = outcome.path
    try:
        st = path.stat()
        with open(path, "rb") as f:
            current = f.read()
    except OSError as e:
        return f"cannot read it again: {e.strerror}"
    if doc.raw is not None and current != doc.raw:
        return "it changed on disk while reqhooks was checking it; not fixed"
    data = encode(doc, outcome.new)
    directory = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".reqhooks", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return f"cannot write it: {e.strerror}"
    return None


def unified_diff(outcome: FixOutcome) -> str:
    from reqhooks._mask import mask_secrets

    lines = []
    for line in difflib.unified_diff(
        outcome.old.splitlines(keepends=True),
        outcome.new.splitlines(keepends=True),
        fromfile=f"a/{outcome.display}",
        tofile=f"b/{outcome.display}",
    ):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    # A diff shows context lines: never print a credential that sits next to a fix.
    return mask_secrets("".join(lines))
