"""TOML loading with an error offset, and a lazy locator of keys and values in TOML text.

tomllib gives values without positions, yet every finding in a pyproject.toml or a lock
file must point at a line and column.  :class:`TomlIndex` maps a key path back to the
characters it came from.  It is built for lock files of thousands of packages: table
headers are found with one regex over the text (C speed), and only the tables a lookup
actually needs are tokenized, once, then kept.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from itertools import chain
from typing import TYPE_CHECKING, Any, Final, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Iterator

KeyPath: TypeAlias = tuple[str | int, ...]
Span: TypeAlias = tuple[int, int]


class TomlError(Exception):
    """A TOML document that cannot be parsed.

    ``message`` is the parser's message without its "(at line X, column Y)" suffix and
    ``offset`` the 0-based character offset of the error in the text that was parsed.
    """

    message: str
    offset: int

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


_ERROR_SUFFIX: Final = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)\Z")


def load(text: str) -> dict[str, Any]:
    """Parse ``text`` as TOML; raise :class:`TomlError` (with an offset) if it is invalid."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _error_from(text, exc) from None
    except RecursionError:
        # tomllib recurses once per nesting level of arrays and inline tables.
        raise TomlError("Arrays or inline tables are nested too deeply", 0) from None
    except ValueError as exc:  # e.g. an integer longer than int() accepts
        raise TomlError(f"Expected a valid value: {exc}", 0) from None


def _error_from(text: str, exc: ValueError) -> TomlError:
    msg = getattr(exc, "msg", None)
    lineno = getattr(exc, "lineno", None)
    colno = getattr(exc, "colno", None)
    if not (isinstance(msg, str) and isinstance(lineno, int) and isinstance(colno, int)):
        # Before Python 3.13 the position exists only inside the message.
        full = str(exc)
        match = _ERROR_SUFFIX.search(full)
        if match is None:
            return TomlError(full, 0)
        msg = full[: match.start()]
        if match.group(1) is None:
            return TomlError(msg, len(text))
        lineno, colno = int(match.group(1)), int(match.group(2))
    # tomllib reports lines and columns of the text with CRLF turned into LF; a line
    # start and a column within the line are the same in the original text.
    line_start = 0
    for _ in range(lineno - 1):
        newline = text.find("\n", line_start)
        if newline < 0:
            return TomlError(msg, len(text))
        line_start = newline + 1
    return TomlError(msg, min(line_start + colno - 1, len(text)))


# --- lexical pieces -----------------------------------------------------------------
# No pattern nests quantifiers over the same characters, so a match that fails on broken
# input costs linear time, never exponential backtracking.

_KEY_PART: Final = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_DOTTED_KEY: Final = _KEY_PART + r"(?:[ \t]*\.[ \t]*" + _KEY_PART + r")*"
# Groups: "[", the second "[" of an array of tables, the dotted key, the closing "]"s.
_HEADER_BODY: Final = (
    r"[ \t]*(\[)(\[)?[ \t]*(" + _DOTTED_KEY + r")[ \t]*(\](?(2)\]))[ \t]*(?:#[^\n]*)?(?=\r?\n|\Z)"
)
# A line that has the shape of a table header.  Such a line may also sit inside a
# multi-line string or be an element of a multi-line array; candidates are vetted below.
_HEADER_LINE: Final = re.compile(r"\n" + _HEADER_BODY)
_HEADER_FIRST_LINE: Final = re.compile(_HEADER_BODY)
_WS: Final = re.compile(r"[ \t]*")
_END_OF_STATEMENT: Final = re.compile(r"[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z)")
_SKIP_KEY: Final = re.compile(_DOTTED_KEY + r"[ \t]*")
_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_BASIC_STR: Final = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_LITERAL_STR: Final = re.compile(r"'[^'\n]*'")
# Up to two quotes right before the closing delimiter belong to the string.
_ML_BASIC_STR: Final = re.compile(r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""(?:""?)?')
_ML_LITERAL_STR: Final = re.compile(r"'''[\s\S]*?'''(?:''?)?")
_LOCAL_DATE_TIME_WITH_SPACE: Final = re.compile(
    r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?"
)
# Numbers, booleans, inf/nan, dates and times: a run of these characters.
_SCALAR: Final = re.compile(r"[0-9A-Za-z_+.:-]+")
_PLAIN: Final = re.compile(r"[^\"'#]+")
# Fast path: an array or inline table holding only strings, numbers, booleans, dates and
# inline tables of those, skipped in one match (wheels lists of lock files are like that).
_FLAT_SCALAR: Final = (
    r"""(?:"(?!"")[^"\\\n]*(?:\\.[^"\\\n]*)*"|'(?!'')[^'\n]*'"""
    r"|\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?"
    r"|[0-9A-Za-z_+.:-]+)"
)
_FLAT_PAIR: Final = _DOTTED_KEY + r"[ \t]*=[ \t]*" + _FLAT_SCALAR + r"[ \t]*"
_FLAT_INLINE_TABLE: Final = r"\{[ \t]*(?:" + _FLAT_PAIR + r"(?:,[ \t]*" + _FLAT_PAIR + r")*)?\}"
# A comment runs to the end of its line: "(?:\n|\Z)" stops a backtracking match from
# ending it early, at a "]" inside it.
_NL: Final = r"[ \t\r\n]*(?:#[^\n]*(?:\n|\Z)[ \t\r\n]*)*"
_WS_NL_COMMENTS: Final = re.compile(_NL)
_FLAT_ITEM: Final = r"(?:" + _FLAT_SCALAR + "|" + _FLAT_INLINE_TABLE + ")"
_FLAT_ARRAY: Final = (
    r"\[" + _NL + r"(?:" + _FLAT_ITEM + _NL + r"," + _NL + r")*(?:" + _FLAT_ITEM + _NL + r")?\]"
)
_FLAT_CONTAINER: Final = re.compile(_FLAT_INLINE_TABLE + "|" + _FLAT_ARRAY)
# One whole `bare-key = flat value` statement (most lines of a lock file), its newline too.
_FLAT_STATEMENT: Final = re.compile(
    _NL
    + r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*("
    + _FLAT_SCALAR
    + "|"
    + _FLAT_INLINE_TABLE
    + "|"
    + _FLAT_ARRAY
    + r")[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z)"
)
# One `bare-key = flat value` pair of an inline table, and the blanks after it.
_FLAT_INLINE_PAIR: Final = re.compile(
    r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*("
    + _FLAT_SCALAR
    + "|"
    + _FLAT_INLINE_TABLE
    + "|"
    + _FLAT_ARRAY
    + r")"
    + _NL
)
# One flat element of an array, and the blanks after it.
_FLAT_ELEMENT: Final = re.compile("(" + _FLAT_ITEM + ")" + _NL)
_KEY_PART_RE: Final = re.compile(_KEY_PART)
_TRIPLE_BASIC: Final = re.compile('"""')
_TRIPLE_LITERAL: Final = re.compile("'''")
_ESCAPE: Final = re.compile(
    r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))", re.DOTALL
)
_SIMPLE_ESCAPES: Final = {
    "b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b",
}  # fmt: skip


class _Invalid(Exception):
    """The text is not valid TOML at this point; the lookup gives up on it."""


def _unescape(match: re.Match[str]) -> str:
    digits = match.group(1) or match.group(2) or match.group(3)
    if digits is not None:
        try:
            return chr(int(digits, 16))
        except ValueError:
            raise _Invalid from None
    char = _SIMPLE_ESCAPES.get(match.group(4))
    if char is None:
        raise _Invalid
    return char


def _skip(pattern: re.Pattern[str], text: str, pos: int, endpos: int = sys.maxsize) -> int:
    """Where ``pattern``, which also matches the empty string, stops matching."""
    match = pattern.match(text, pos, endpos)
    return pos if match is None else match.end()


def _find(pattern: re.Pattern[str], text: str, pos: int) -> int:
    # For these needles re's literal search beats str.find on text full of quotes.
    match = pattern.search(text, pos)
    return -1 if match is None else match.start()


def _decode_basic(raw: str) -> str:
    return _ESCAPE.sub(_unescape, raw) if "\\" in raw else raw


class _Entries:
    """The key/value pairs of one table body or inline table, by decoded dotted key."""

    __slots__ = ("full",)

    def __init__(self) -> None:
        # dotted key -> (spans of its parts, value start, value end)
        self.full: dict[KeyPath, tuple[list[Span], int, int]] = {}

    def add(self, keys: KeyPath, spans: list[Span], start: int, end: int) -> None:
        self.full.setdefault(keys, (spans, start, end))

    def table_named(self, keys: KeyPath) -> Span | None:
        """Where the first dotted key that defines the table ``keys`` names it."""
        size = len(keys)
        for full, (spans, _, _) in self.full.items():
            if len(full) > size and full[:size] == keys:
                return spans[size - 1]
        return None


class TomlIndex:
    """Where each key and value of a TOML document is in its text.

    A path is a tuple of keys (decoded, as tomllib gives them) and integer indexes into
    arrays or arrays of tables: ``("package", 12, "name")`` is the name of the 13th
    ``[[package]]``.  Spans are ``[start, end)`` character offsets.  Lookups never raise:
    a path that is not in the text (or that broken TOML hides) gives None.

    A table known only from a deeper header or dotted key (``tool`` in ``[tool.poetry]``)
    is located where it is first named; an array of tables at its first header.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._header_start: list[int] | None = None
        self._header_end: list[int] = []
        self._std: dict[tuple[str, ...], list[int]] = {}
        self._aot: dict[tuple[str, ...], list[int]] = {}
        self._ml_starts: list[int] = []
        self._ml_ends: list[int] = []
        self._tables: dict[int, _Entries] = {}
        self._arrays: dict[int, list[Span]] = {}
        self._inline_tables: dict[int, _Entries] = {}

    def value_span(self, path: KeyPath) -> Span | None:
        """The span of the value at ``path``: a string with its quotes, an array or inline
        table from bracket to bracket, a table from a header the header's bracketed text."""
        found = self._find(path)
        return None if found is None else found[1]

    def key_span(self, path: KeyPath) -> Span | None:
        """The span of the last key of ``path`` as written (a header for a table from a
        header, the element itself for an array element)."""
        found = self._find(path)
        return None if found is None else found[0]

    # --- finding a path ---------------------------------------------------------------

    def _find(self, path: KeyPath) -> tuple[Span, Span] | None:
        try:
            return self._locate(path)
        except (_Invalid, IndexError, RecursionError):
            return None

    def _locate(self, path: KeyPath) -> tuple[Span, Span] | None:
        if not path:
            return None
        starts = self._headers()
        ends = self._header_end
        # Walk the path through the headers: which tables along it have a header, and
        # which element of each array of tables is meant.  Headers of the current
        # element of an array of tables lie between its header and the next one.
        lo, hi = -1, len(starts)
        along: list[tuple[int, int]] = [(0, -1)]  # (path length, header); -1 = root
        keys: tuple[str, ...] = ()
        i, n = 0, len(path)
        while i < n:
            part = path[i]
            if not isinstance(part, str):
                break
            keys += (part,)
            elements = self._aot.get(keys)
            if elements is not None:
                first, stop = bisect_right(elements, lo), bisect_left(elements, hi)
                if first < stop:
                    if i + 1 == n:
                        span = (starts[elements[first]], ends[elements[first]])
                        return span, span
                    index = path[i + 1]
                    if not isinstance(index, int) or not 0 <= index < stop - first:
                        return None
                    lo = elements[first + index]
                    if first + index + 1 < stop:
                        hi = elements[first + index + 1]
                    along.append((i + 2, lo))
                    i += 2
                    continue
            tables = self._std.get(keys)
            if tables is not None:
                first = bisect_right(tables, lo)
                if first < len(tables) and tables[first] < hi:
                    along.append((i + 1, tables[first]))
            i += 1
        depth, header = along[-1]
        if depth == n and header >= 0:
            span = (starts[header], ends[header])
            return span, span
        for depth, header in reversed(along):
            found = self._find_in(self._table(header), path[depth:])
            if found is not None:
                return found
        if i == n:  # a table that only deeper headers name
            implied = self._first_header_under(keys, lo, hi)
            if implied is not None:
                span = (starts[implied], ends[implied])
                return span, span
        return None

    def _find_in(self, entries: _Entries, rest: KeyPath) -> tuple[Span, Span] | None:
        for k in range(1, len(rest) + 1):
            if not isinstance(rest[k - 1], str):
                return None
            hit = entries.full.get(rest[:k])
            if hit is not None:
                return self._descend(hit[0][-1], hit[1], hit[2], rest[k:])
        span = entries.table_named(rest)
        return None if span is None else (span, span)

    def _descend(self, key: Span, start: int, end: int, rest: KeyPath) -> tuple[Span, Span] | None:
        text = self._text
        while rest:
            part = rest[0]
            if isinstance(part, str):
                if text[start] != "{":
                    return None
                return self._find_in(self._inline_table(start), rest)
            if text[start] != "[":
                return None
            elements = self._array(start)
            if not 0 <= part < len(elements):
                return None
            start, end = elements[part]
            key = (start, end)
            rest = rest[1:]
        return key, (start, end)

    def _first_header_under(self, keys: tuple[str, ...], lo: int, hi: int) -> int | None:
        best: int | None = None
        size = len(keys)
        for table_keys, headers in (*self._std.items(), *self._aot.items()):
            if len(table_keys) < size or table_keys[:size] != keys:
                continue
            first = bisect_right(headers, lo)
            if (
                first < len(headers)
                and headers[first] < hi
                and (best is None or headers[first] < best)
            ):
                best = headers[first]
        return best

    # --- table headers ----------------------------------------------------------------

    def _headers(self) -> list[int]:
        if self._header_start is not None:
            return self._header_start
        text = self._text
        self._scan_multiline_strings()
        ml_starts = self._ml_starts
        starts: list[int] = []
        ends = self._header_end
        groups: dict[tuple[bool, str], list[int]] = {}
        first_line = _HEADER_FIRST_LINE.match(text)
        candidates: Iterator[re.Match[str]] = _HEADER_LINE.finditer(text)
        if first_line is not None:
            candidates = chain((first_line,), candidates)
        next_hash = text.find("#")
        line = 0  # where the candidate before this one begins
        for match in candidates:
            start = match.start(1)
            if ml_starts and self._in_multiline_string(start):
                line = match.start()
                continue
            # Could the line be an element of a multi-line array?  Only if the last thing
            # before it is "[" or ",".  Look at the last non-blank character, and tokenize
            # only if it is one of those or if a "#" there may hide the truth (lock files
            # have no comments but on their first lines, so this is rare).
            end = match.start()
            if 0 <= next_hash < line:
                next_hash = text.find("#", line)
            line = end
            while end > 0 and text[end - 1] in " \t\r\n":
                end -= 1
            if (
                end > 0
                and (text[end - 1] in "[," or 0 <= next_hash < end)
                and self._previous_significant(start) in ("[", ",")
            ):
                continue
            groups.setdefault((match.start(2) >= 0, match.group(3)), []).append(len(starts))
            starts.append(start)
            ends.append(match.end(4))
        for (is_array, raw), headers in groups.items():
            try:
                keys = self._decode_key(raw)
            except (_Invalid, IndexError):
                continue
            by_keys = self._aot if is_array else self._std
            known = by_keys.get(keys)
            # Spellings such as [a.b] and [ a . "b" ] name the same table.
            by_keys[keys] = headers if known is None else sorted(known + headers)
        self._header_start = starts
        return starts

    @staticmethod
    def _decode_key(raw: str) -> tuple[str, ...]:
        keys: list[str] = []
        pos = 0
        while True:
            match = _KEY_PART_RE.match(raw, pos)
            if match is None:
                raise _Invalid
            part = match.group()
            if part[0] == '"':
                keys.append(_decode_basic(part[1:-1]))
            elif part[0] == "'":
                keys.append(part[1:-1])
            else:
                keys.append(part)
            pos = _skip(_WS, raw, match.end())
            if pos >= len(raw):
                return tuple(keys)
            pos = _skip(_WS, raw, pos + 1)  # the dot

    def _scan_multiline_strings(self) -> None:
        """Find every multi-line string, so that header-like lines inside them are ignored."""
        text = self._text
        next_basic, next_literal = _find(_TRIPLE_BASIC, text, 0), _find(_TRIPLE_LITERAL, text, 0)
        pos = 0
        while next_basic >= 0 or next_literal >= 0:
            if next_basic < 0 or 0 <= next_literal < next_basic:
                at, pattern = next_literal, _ML_LITERAL_STR
            else:
                at, pattern = next_basic, _ML_BASIC_STR
            # A line never starts inside a string once the strings before it are known.
            opens, pos = self._reaches(max(text.rfind("\n", 0, at) + 1, pos), at)
            if opens:
                match = pattern.match(text, at)
                pos = len(text) if match is None else match.end()
                self._ml_starts.append(at)
                self._ml_ends.append(pos)
            if next_basic < pos:
                next_basic = _find(_TRIPLE_BASIC, text, pos)
            if next_literal < pos:
                next_literal = _find(_TRIPLE_LITERAL, text, pos)

    def _reaches(self, pos: int, stop: int) -> tuple[bool, int]:
        """Tokenize one line from ``pos``: does ``stop`` begin a token?  If not, the end of
        the string or comment that holds it."""
        text = self._text
        while pos < stop:
            char = text[pos]
            if char == "#":
                newline = text.find("\n", pos)
                return False, len(text) if newline < 0 else newline
            if char == '"' or char == "'":
                match = (_BASIC_STR if char == '"' else _LITERAL_STR).match(text, pos)
                if match is None:
                    newline = text.find("\n", pos)
                    return False, len(text) if newline < 0 else newline
                pos = match.end()
            else:
                plain = _PLAIN.match(text, pos, stop)
                pos = pos + 1 if plain is None else plain.end()
        return pos == stop, pos

    def _in_multiline_string(self, pos: int) -> bool:
        k = bisect_right(self._ml_starts, pos) - 1
        return k >= 0 and pos < self._ml_ends[k]

    def _previous_significant(self, pos: int) -> str:
        """The last character before the line of ``pos`` that is not blank or a comment."""
        text = self._text
        line_start = text.rfind("\n", 0, pos) + 1
        while line_start > 0:
            end = line_start - 1
            begin = text.rfind("\n", 0, end) + 1
            tail = begin
            k = bisect_right(self._ml_starts, begin) - 1
            if k >= 0 and self._ml_starts[k] < begin < self._ml_ends[k]:
                tail = self._ml_ends[k]  # the line begins inside a multi-line string
            last = self._last_significant(tail, end)
            if last:
                return last
            if tail != begin:
                return text[tail - 1]
            line_start = begin
        return ""

    def _last_significant(self, pos: int, end: int) -> str:
        text = self._text
        last = ""
        while pos < end:
            char = text[pos]
            if char in " \t\r":
                pos += 1
            elif char == "#":
                break
            elif char == '"' or char == "'":
                last = char
                if text.startswith(char * 3, pos) and self._in_multiline_string(pos):
                    pos = self._ml_ends[bisect_right(self._ml_starts, pos) - 1]
                else:
                    match = (_BASIC_STR if char == '"' else _LITERAL_STR).match(text, pos)
                    pos = end if match is None else match.end()
            else:
                last = char
                pos += 1
        return last

    # --- table bodies, arrays and inline tables -----------------------------------------

    def _table(self, header: int) -> _Entries:
        entries = self._tables.get(header)
        if entries is not None:
            return entries
        entries = self._tables[header] = _Entries()
        starts = self._headers()
        text = self._text
        pos = 0 if header < 0 else self._header_end[header]
        end = starts[header + 1] if header + 1 < len(starts) else len(text)
        full = entries.full
        try:
            while True:
                flat = _FLAT_STATEMENT.match(text, pos, end)
                if flat is not None:
                    full.setdefault((flat.group(1),), ([flat.span(1)], *flat.span(2)))
                    pos = flat.end()
                    continue
                pos = _skip(_WS_NL_COMMENTS, text, pos, end)
                if pos >= end or text[pos] == "[":
                    break
                keys, spans, pos = self._key(pos)
                if text[pos] != "=":
                    break
                start = _skip(_WS, text, pos + 1)
                pos = self._skip_value(start)
                entries.add(keys, spans, start, pos)
                statement_end = _END_OF_STATEMENT.match(text, pos)
                if statement_end is None:
                    break
                pos = statement_end.end()
        except (_Invalid, IndexError):
            pass  # keep what was found before the error
        return entries

    def _array(self, start: int) -> list[Span]:
        elements = self._arrays.get(start)
        if elements is not None:
            return elements
        elements = self._arrays[start] = []
        text = self._text
        pos = _skip(_WS_NL_COMMENTS, text, start + 1)
        try:
            while text[pos] != "]":
                flat = _FLAT_ELEMENT.match(text, pos)
                if flat is not None:
                    elements.append(flat.span(1))
                    pos = flat.end()
                else:
                    end = self._skip_value(pos)
                    elements.append((pos, end))
                    pos = _skip(_WS_NL_COMMENTS, text, end)
                if text[pos] == ",":
                    pos = _skip(_WS_NL_COMMENTS, text, pos + 1)
                elif text[pos] != "]":
                    break
        except (_Invalid, IndexError):
            pass
        return elements

    def _inline_table(self, start: int) -> _Entries:
        entries = self._inline_tables.get(start)
        if entries is not None:
            return entries
        entries = self._inline_tables[start] = _Entries()
        text = self._text
        pos = _skip(_WS_NL_COMMENTS, text, start + 1)
        full = entries.full
        try:
            while text[pos] != "}":
                flat = _FLAT_INLINE_PAIR.match(text, pos)
                if flat is not None:
                    full.setdefault((flat.group(1),), ([flat.span(1)], *flat.span(2)))
                    pos = flat.end()
                else:
                    keys, spans, pos = self._key(pos)
                    if text[pos] != "=":
                        break
                    value = _skip(_WS, text, pos + 1)
                    pos = self._skip_value(value)
                    entries.add(keys, spans, value, pos)
                    pos = _skip(_WS_NL_COMMENTS, text, pos)
                if text[pos] == ",":
                    pos = _skip(_WS_NL_COMMENTS, text, pos + 1)
                elif text[pos] != "}":
                    break
        except (_Invalid, IndexError):
            pass
        return entries

    def _key(self, pos: int) -> tuple[KeyPath, list[Span], int]:
        """Parse a dotted key at ``pos``: its decoded parts, their spans, and the position
        after it and the blanks that follow."""
        text = self._text
        keys: list[str] = []
        spans: list[Span] = []
        while True:
            char = text[pos]
            if char == '"':
                match = _BASIC_STR.match(text, pos)
            elif char == "'":
                match = _LITERAL_STR.match(text, pos)
            else:
                match = _BARE_KEY.match(text, pos)
            if match is None:
                raise _Invalid
            start, end = match.span()
            if char == '"':
                keys.append(_decode_basic(text[start + 1 : end - 1]))
            elif char == "'":
                keys.append(text[start + 1 : end - 1])
            else:
                keys.append(match.group())
            spans.append((start, end))
            pos = _skip(_WS, text, end)
            if text[pos] != ".":
                return tuple(keys), spans, pos
            pos = _skip(_WS, text, pos + 1)

    def _skip_value(self, pos: int) -> int:
        """The end of the value that starts at ``pos``."""
        text = self._text
        char = text[pos]
        if char == "[" or char == "{":
            flat = _FLAT_CONTAINER.match(text, pos)
            if flat is not None:
                return flat.end()
        if char == '"':
            match = (_ML_BASIC_STR if text.startswith('"""', pos) else _BASIC_STR).match(text, pos)
        elif char == "'":
            match = (_ML_LITERAL_STR if text.startswith("'''", pos) else _LITERAL_STR).match(
                text, pos
            )
        elif char == "[":
            pos = _skip(_WS_NL_COMMENTS, text, pos + 1)
            while text[pos] != "]":
                pos = _skip(_WS_NL_COMMENTS, text, self._skip_value(pos))
                if text[pos] == ",":
                    pos = _skip(_WS_NL_COMMENTS, text, pos + 1)
                elif text[pos] != "]":
                    raise _Invalid
            return pos + 1
        elif char == "{":
            pos = _skip(_WS_NL_COMMENTS, text, pos + 1)
            while text[pos] != "}":
                key = _SKIP_KEY.match(text, pos)
                if key is None or text[key.end()] != "=":
                    raise _Invalid
                value = _skip(_WS, text, key.end() + 1)
                pos = _skip(_WS_NL_COMMENTS, text, self._skip_value(value))
                if text[pos] == ",":
                    pos = _skip(_WS_NL_COMMENTS, text, pos + 1)
                elif text[pos] != "}":
                    raise _Invalid
            return pos + 1
        else:
            match = _LOCAL_DATE_TIME_WITH_SPACE.match(text, pos) or _SCALAR.match(text, pos)
        if match is None:
            raise _Invalid
        return match.end()
