"""Apply fixes: edit spans of the original text, back to front, and write atomically.

Only the spans a fix means to change are touched; newline style, BOM, comments and every
other byte stay as they were.  A file that changed on disk since it was read is left alone.
Permissions are kept.  Running twice changes nothing the second time, because a fixed file
no longer has the finding.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from reqhooks._record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

    from reqhooks._text import Document
    from reqhooks.findings import Edit, Finding


class FixOutcome(Record):
    __slots__ = ("path", "display", "old", "new", "applied", "error")

    path: Path
    display: str
    old: str
    new: str
    applied: list[Finding]
    error: str | None

    def __init__(
        self,
        path: Path,
        display: str,
        old: str,
        new: str,
        applied: list[Finding],
        error: str | None = None,
    ) -> None:
        self.path = path
        self.display = display
        self.old = old
        self.new = new
        self.applied = applied
        self.error = error


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


#: UTF-16 and UTF-32 files keep the BOM and byte order they were read with (the codecs
#: named "utf-16" and "utf-32" would write the machine's own).
_BYTE_ORDERS: Final = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)


def encode(doc: Document, text: str) -> bytes:
    if doc.encoding in ("utf-16", "utf-32") and doc.raw is not None:
        for bom, codec in _BYTE_ORDERS:
            if doc.raw.startswith(bom):
                return bom + text.encode(codec)
    return text.encode(doc.encoding)


def write(outcome: FixOutcome, doc: Document) -> str | None:
    """Write one fixed file atomically; return an error message instead of raising."""
    # A symbolic link stays a link: the file it points to is the one rewritten.
    path = Path(os.path.realpath(outcome.path))
    try:
        st = path.stat()
        with open(path, "rb") as f:
            current = f.read()
    except OSError as e:
        return f"cannot read it again: {e.strerror or e}"
    if doc.raw is not None and current != doc.raw:
        return "it changed on disk while reqhooks was checking it; not fixed"
    data = encode(doc, outcome.new)
    import tempfile

    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".reqhooks", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)  # root fixing someone's file
            except OSError:
                pass
        os.replace(tmp, path)
    except OSError as e:
        _remove(tmp)
        return f"cannot write it: {e.strerror or e}"
    except BaseException:  # Ctrl-C halfway: the original is intact, leave no temporary file
        _remove(tmp)
        raise
    return None


def _remove(tmp: str | None) -> None:
    if tmp is not None:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def unified_diff(outcome: FixOutcome) -> str:
    import difflib

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
