"""Source documents: decoded text that remembers how to map offsets to lines and columns.

Every position in reqhooks is a character offset into a :class:`Document`'s text.
Offsets become 1-based lines and columns in exactly one place, :meth:`Document.position`.
"""

from __future__ import annotations

import bisect
import codecs
import os
import re
import stat
from pathlib import Path

from reqhooks._lazy import compile_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

_NEWLINE: Final = compile_pattern("\n")

#: Files larger than this are not read: a dependency file this big is a mistake.
MAX_BYTES: Final = 20 * 1024 * 1024

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(Exception):
    """The file's bytes are not text reqhooks can read; ``offset`` is a byte offset into
    ``data``, the bytes that were read (empty when none were)."""

    def __init__(self, message: str, offset: int = 0, data: bytes = b"") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.data = data


class Document:
    """One file's decoded text, as read (newlines are not translated)."""

    __slots__ = ("path", "display", "text", "encoding", "raw", "_starts", "_known", "_mtime_ns", "_digest")

    def __init__(
        self,
        path: Path,
        text: str,
        *,
        display: str | None = None,
        encoding: str = "utf-8",
        raw: bytes | None = None,
        mtime_ns: int | None = None,
    ) -> None:
        self.path = path
        self.display = display if display is not None else _display(path)
        self.text = text
        self.encoding = encoding
        self.raw = raw
        self._starts: list[int] | None = None
        self._known: tuple[list[int], list[int]] = ([0], [0])  # see position
        self._mtime_ns = mtime_ns
        self._digest: bytes | None = None

    def __repr__(self) -> str:
        return f"Document({self.display!r})"

    @property
    def mtime_ns(self) -> int | None:
        return self._mtime_ns

    def digest(self) -> bytes | None:
        """The BLAKE2b digest (32 bytes) of the bytes read (None without them), computed
        once: the caches of what is made of a file (its parse, its lock model, a run's
        findings) all key on it, and hashing a 6 MB lock costs milliseconds."""
        if self._digest is None and self.raw is not None:
            from reqhooks._hash import blake2b

            self._digest = blake2b(self.raw).digest()
        return self._digest

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            # One match per newline (a uv.lock has 50,000 lines): three times faster than
            # a loop of str.find.
            starts = [0]
            starts.extend(map(re.Match.end, _NEWLINE.finditer(self.text)))
            self._starts = starts
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; clamped into the text.

        A run asks for the positions of its findings, a few dozen in a lock of 100,000
        lines: newlines are counted from the nearest offset already placed (``str.count``,
        C speed) rather than indexing every line first, unless the index exists.
        """
        text = self.text
        offset = max(0, min(offset, len(text)))
        starts = self._starts
        if starts is not None:
            line = bisect.bisect_right(starts, offset) - 1
            return line + 1, offset - starts[line] + 1
        offsets, newlines = self._known  # offsets placed so far, and the newlines before each
        if len(offsets) > 256:  # many positions: index every line once after all
            self._line_starts()
            return self.position(offset)
        i = bisect.bisect_right(offsets, offset) - 1
        before = newlines[i] + text.count("\n", offsets[i], offset)
        if offsets[i] != offset:
            offsets.insert(i + 1, offset)
            newlines.insert(i + 1, before)
        return before + 1, offset - text.rfind("\n", 0, offset)

    def line_span(self, line: int) -> tuple[int, int]:
        """[start, end) offsets of 1-based ``line`` without its newline (clamped into the
        text).  A line near a position already placed (a finding's, whose line a
        suppression comment may be on) is found from there, without indexing every line."""
        line = max(1, line)
        starts = self._starts
        if starts is None:
            span = self._span_near_known(line)
            if span is not None:
                return span
            starts = self._line_starts()
        line = min(line, len(starts))
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end

    def _span_near_known(self, line: int, reach: int = 64) -> tuple[int, int] | None:
        """``line_span`` from the nearest position placed on or before ``line``, if it is
        at most ``reach`` lines back and ``line`` exists; else None."""
        offsets, newlines = self._known
        i = bisect.bisect_right(newlines, line - 1) - 1  # newlines[0] == 0: i >= 0
        steps = line - 1 - newlines[i]
        if steps > reach:
            return None
        text = self.text
        start = text.rfind("\n", 0, offsets[i]) + 1  # the start of that position's line
        for _ in range(steps):
            newline = text.find("\n", start)
            if newline < 0:  # past the last line: the index clamps it
                return None
            start = newline + 1
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        if end > start and text[end - 1] == "\r":
            end -= 1
        return start, end

    def line_text(self, line: int) -> str:
        start, end = self.line_span(line)
        return self.text[start:end]

    @property
    def newline(self) -> str:
        """The file's newline style, for text that a fix inserts."""
        i = self.text.find("\n")
        if i > 0 and self.text[i - 1] == "\r":
            return "\r\n"
        return "\n"


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if rel.startswith(".." + os.sep) or rel == "..":
        return path.as_posix()
    return Path(rel).as_posix()


def decode(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes the way pip does (BOMs first, then UTF-8).

    Returns ``(text, encoding)``; raises :class:`DecodeError` for binary or undecodable data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise DecodeError(f"File is not valid {encoding}", e.start) from None
    nul = data.find(b"\x00", 0, 8192)
    if nul != -1:
        raise DecodeError("File looks binary (it contains a NUL byte)", nul)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        raise DecodeError(
            f"File is not valid UTF-8 (byte 0x{data[e.start]:02x}); save it as UTF-8", e.start
        ) from None


_NOT_REGULAR: Final = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _read(path: Path) -> tuple[bytes, int]:
    """The bytes of the regular file ``path`` (at most ``MAX_BYTES``) and its mtime."""
    # O_NONBLOCK: opening a named pipe waits for a writer, forever; the file type is then
    # checked on the descriptor that was opened, not on a name that may have changed since.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            what = next((name for test, name in _NOT_REGULAR if test(st.st_mode)), "not a file")
            raise DecodeError(f"Expected a regular file, found {what}")
        mib = 1024 * 1024
        if st.st_size > MAX_BYTES:
            raise DecodeError(
                f"File is {st.st_size / mib:.1f} MiB, larger than the "
                f"{MAX_BYTES // mib} MiB reqhooks reads"
            )
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DecodeError(f"File is larger than the {MAX_BYTES // mib} MiB reqhooks reads")
    return data, st.st_mtime_ns


def read_document(path: Path, *, data: bytes | None = None) -> Document:
    """Read and decode ``path`` (or the given ``data``, e.g. an editor's unsaved buffer)."""
    mtime_ns = None
    if data is None:
        data, mtime_ns = _read(path)
    try:
        text, encoding = decode(data)
    except DecodeError as e:
        e.data = data
        raise
    return Document(path, text, encoding=encoding, raw=data, mtime_ns=mtime_ns)


def error_position(data: bytes, byte_offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset in undecodable data (columns count bytes)."""
    line = data.count(b"\n", 0, byte_offset) + 1
    start = data.rfind(b"\n", 0, byte_offset) + 1
    return line, byte_offset - start + 1
