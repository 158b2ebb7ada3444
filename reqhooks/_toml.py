"""TOML loading with an error offset, and a lazy locator of keys and values in TOML text.

tomllib gives values without positions, yet every finding in a pyproject.toml or a lock
file must point at a line and column.  :class:`TomlIndex` maps a key path back to the
characters it came from.  It is built for lock files of thousands of packages: table
headers are found with one regex over the text (C speed), and only the tables a lookup
actually needs are tokenized, once, then kept.

This module is imported on every run that reads TOML, so importing it compiles nothing:
each regular expression is compiled on first use (see :data:`_re`).  Compiling is pure
Python in CPython and costs about a millisecond per thousand characters of pattern, so the
long patterns that skip a whole flat value in one match serve only texts large enough to
repay them (:data:`FLAT_WORTH_IT`); smaller ones are tokenized with short patterns.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right

from reqhooks._lazy import compile_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final, TypeAlias

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


def load(text: str) -> dict[str, Any]:
    """Parse ``text`` as TOML; raise :class:`TomlError` (with an offset) if it is invalid.

    A document in the regular layout tools write is read by :mod:`reqhooks._tomlfast`
    (the same result, checked against ``tomllib``): importing ``tomllib`` (with ``typing``
    and ``string``) costs more than compiling that reader's patterns.  Anything else, and
    every error, is ``tomllib``'s.
    """
    from reqhooks import _tomlfast

    data = _tomlfast.loads(text)
    if data is not None:
        return data
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
        match = _re.ERROR_SUFFIX.search(full)
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
# input costs linear time, never exponential backtracking.  Compiling a pattern costs
# about as much as it is long (pure Python in CPython), so the element of a list is written
# once: "{ (X (, X)*)? }" as "{ (X (, (?!}) | (?=})))* }".  The lookaheads let the list end
# after an element only, and not after a comma; nothing that ends a list can begin an X,
# so the two match the same text.  (Arrays allow a trailing comma: "(, | (?=]))".)

_KEY_PART: Final = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_DOTTED_KEY: Final = _KEY_PART + r"(?:[ \t]*\.[ \t]*" + _KEY_PART + r")*"
# Numbers, booleans, inf/nan, dates and times: a run of these characters.
_SCALAR: Final = r"[0-9A-Za-z_+.:-]+"
_LOCAL_DATE_TIME_WITH_SPACE: Final = (
    r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?"
)
# Fast path: an array or inline table holding only strings, numbers, booleans, dates and
# inline tables of those, skipped in one match (wheels lists of lock files are like that).
_FLAT_SCALAR: Final = (
    r"""(?:"(?!"")[^"\\\n]*(?:\\.[^"\\\n]*)*"|'(?!'')[^'\n]*'|"""
    + _LOCAL_DATE_TIME_WITH_SPACE
    + "|"
    + _SCALAR
    + ")"
)
# `dotted.key = scalar` and the blanks after it.  (Written once, "(KEY_PART (. | before
# the =))+", the key would compile faster but match slower.)
_FLAT_PAIR: Final = _DOTTED_KEY + r"[ \t]*=[ \t]*" + _FLAT_SCALAR + r"[ \t]*"
_FLAT_INLINE_TABLE: Final = r"\{[ \t]*(?:" + _FLAT_PAIR + r"(?:,[ \t]*(?!\})|(?=\})))*\}"
# A comment runs to the end of its line: "(?:\n|\Z)" stops a backtracking match from
# ending it early, at a "]" inside it.
_NL: Final = r"[ \t\r\n]*(?:#[^\n]*(?:\n|\Z)[ \t\r\n]*)*"
_FLAT_ITEM: Final = r"(?:" + _FLAT_SCALAR + "|" + _FLAT_INLINE_TABLE + ")"
# "[ (ITEM ,)* ITEM? ]", blanks and comments anywhere between.
_FLAT_ARRAY: Final = r"\[" + _NL + r"(?:" + _FLAT_ITEM + _NL + r"(?:," + _NL + r"|(?=\])))*\]"
_FLAT_VALUE: Final = "(" + _FLAT_SCALAR + "|" + _FLAT_INLINE_TABLE + "|" + _FLAT_ARRAY + ")"

# The patterns, by the name they have as attributes of _re.
_SOURCES: Final = {
    "ERROR_SUFFIX": r" \(at (?:line (\d+), column (\d+)|end of document)\)\Z",
    # A line that has the shape of a table header.  Such a line may also sit inside a
    # multi-line string or be an element of a multi-line array; candidates are vetted in
    # TomlIndex._headers.  Groups: "[", the second "[" of an array of tables, the dotted
    # key, the closing "]"s.
    "HEADER_LINE": (
        r"\n[ \t]*(\[)(\[)?[ \t]*("
        + _DOTTED_KEY
        + r")[ \t]*(\](?(2)\]))[ \t]*(?:#[^\n]*)?(?=\r?\n|\Z)"
    ),
    "WS": r"[ \t]*",
    "END_OF_STATEMENT": r"[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z)",
    "SKIP_KEY": _DOTTED_KEY + r"[ \t]*",
    "BARE_KEY": r"[A-Za-z0-9_-]+",
    "BASIC_STR": r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"',
    "LITERAL_STR": r"'[^'\n]*'",
    # Up to two quotes right before the closing delimiter belong to the string.
    "ML_BASIC_STR": r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""(?:""?)?',
    "ML_LITERAL_STR": r"'''[\s\S]*?'''(?:''?)?",
    "LOCAL_DATE_TIME_WITH_SPACE": _LOCAL_DATE_TIME_WITH_SPACE,
    "SCALAR": _SCALAR,
    "PLAIN": r"[^\"'#]+",
    "WS_NL_COMMENTS": _NL,
    "FLAT_CONTAINER": _FLAT_INLINE_TABLE + "|" + _FLAT_ARRAY,
    # One whole `bare-key = flat value` statement (most lines of a lock file), its newline
    # too.
    "FLAT_STATEMENT": (
        _NL + r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*" + _FLAT_VALUE + r"[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z)"
    ),
    # One `bare-key = flat value` pair of an inline table, and the blanks after it.
    "FLAT_INLINE_PAIR": r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*" + _FLAT_VALUE + _NL,
    # One flat element of an array, and the blanks after it.
    "FLAT_ELEMENT": "(" + _FLAT_ITEM + ")" + _NL,
    "KEY_PART": _KEY_PART,
    # For these needles re's literal search beats str.find on text full of quotes.
    "TRIPLE_BASIC": '"""',
    "TRIPLE_LITERAL": "'''",
    "ESCAPE": r"(?s)\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))",
}


class _Patterns:
    """The patterns of :data:`_SOURCES`, as attributes compiled on first use."""

    if TYPE_CHECKING:
        ERROR_SUFFIX: re.Pattern[str]
        HEADER_LINE: re.Pattern[str]
        WS: re.Pattern[str]
        END_OF_STATEMENT: re.Pattern[str]
        SKIP_KEY: re.Pattern[str]
        BARE_KEY: re.Pattern[str]
        BASIC_STR: re.Pattern[str]
        LITERAL_STR: re.Pattern[str]
        ML_BASIC_STR: re.Pattern[str]
        ML_LITERAL_STR: re.Pattern[str]
        LOCAL_DATE_TIME_WITH_SPACE: re.Pattern[str]
        SCALAR: re.Pattern[str]
        PLAIN: re.Pattern[str]
        WS_NL_COMMENTS: re.Pattern[str]
        FLAT_CONTAINER: re.Pattern[str]
        FLAT_STATEMENT: re.Pattern[str]
        FLAT_INLINE_PAIR: re.Pattern[str]
        FLAT_ELEMENT: re.Pattern[str]
        KEY_PART: re.Pattern[str]
        TRIPLE_BASIC: re.Pattern[str]
        TRIPLE_LITERAL: re.Pattern[str]
        ESCAPE: re.Pattern[str]

    def __getattr__(self, name: str) -> re.Pattern[str]:
        # Called only for an attribute not set yet: compile it and keep it.
        try:
            source = _SOURCES[name]
        except KeyError:
            raise AttributeError(name) from None
        pattern = compile_pattern(source)
        setattr(self, name, pattern)
        return pattern


_re: Final = _Patterns()

#: From this size on, TomlIndex skips flat values with the FLAT_ patterns (a lock file of
#: about 50 packages and more); a pyproject.toml is tokenized without them, until the texts
#: tokenized so far reach this size too (a monorepo of many projects).
FLAT_WORTH_IT: Final = 32 * 1024
_tokenized = 0  # characters of the texts indexed without the FLAT_ patterns


def _worth_flat_patterns(size: int) -> bool:
    global _tokenized
    if size >= FLAT_WORTH_IT or _tokenized >= FLAT_WORTH_IT:
        return True
    _tokenized += size
    return False


_SIMPLE_ESCAPES: Final = {
    "b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b",
}  # fmt: skip


class _Invalid(Exception):
    """The text is not valid TOML at this point; the lookup gives up on it."""


def _no_match(text: str, pos: int, endpos: int = 0) -> None:
    """Stands for a flat pattern's ``match`` where it is not worth compiling."""


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
    match = pattern.search(text, pos)
    return -1 if match is None else match.start()


def _decode_basic(raw: str) -> str:
    return _re.ESCAPE.sub(_unescape, raw) if "\\" in raw else raw


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
        self._element_arrays: dict[KeyPath, list[Span] | None] = {}  # see _element
        # Skip flat values with one match each (the FLAT_ patterns) or token by token: the
        # same spans either way (tests/test_toml.py checks), but the patterns take 2-4 ms
        # to compile, which only a large text repays.
        self._flat = _worth_flat_patterns(len(text))

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
            if len(path) > 1 and type(path[-1]) is int:
                found = self._element(path)
                if found is not None:
                    return found
            return self._locate(path)
        except (_Invalid, IndexError, RecursionError):
            return None

    def _element(self, path: KeyPath) -> tuple[Span, Span] | None:
        """An element of an array value, its array located once for all its elements (a
        pyproject's dependencies are located one by one): what :meth:`_locate` finds, by
        the same descent.  None (the general way decides) for anything else: an index out
        of range, an array of tables, an array in an array."""
        parent = path[:-1]
        if parent in self._element_arrays:
            elements = self._element_arrays[parent]
        else:
            found = self._locate(parent)
            elements = None
            if found is not None and found[0] != found[1] and self._text[found[1][0]] == "[":
                elements = self._array(found[1][0])
            self._element_arrays[parent] = elements
        index = path[-1]
        if elements is None or not 0 <= index < len(elements):  # type: ignore[operator]
            return None
        span = elements[index]  # type: ignore[index]
        return span, span

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
        header_line = _re.HEADER_LINE
        # The pattern wants the newline before a header: match the first line with one
        # put before it (a header ends at its line's end), and shift the positions back.
        newline = text.find("\n")
        first_line = text if newline < 0 else text[: newline + 1]
        if first_line.lstrip(" \t").startswith("["):
            match = header_line.match("\n" + first_line)
            if match is not None:
                groups[(match.start(2) >= 0, match.group(3))] = [0]
                starts.append(match.start(1) - 1)
                ends.append(match.end(4) - 1)
        next_hash = text.find("#")
        line = 0  # where the candidate before this one begins
        for match in header_line.finditer(text):
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
        key_part, blanks = _re.KEY_PART.match, _re.WS
        pos = 0
        while True:
            match = key_part(raw, pos)
            if match is None:
                raise _Invalid
            part = match.group()
            if part[0] == '"':
                keys.append(_decode_basic(part[1:-1]))
            elif part[0] == "'":
                keys.append(part[1:-1])
            else:
                keys.append(part)
            pos = _skip(blanks, raw, match.end())
            if pos >= len(raw):
                return tuple(keys)
            pos = _skip(blanks, raw, pos + 1)  # the dot

    def _scan_multiline_strings(self) -> None:
        """Find every multi-line string, so that header-like lines inside them are ignored."""
        text = self._text
        triple_basic, triple_literal = _re.TRIPLE_BASIC, _re.TRIPLE_LITERAL
        next_basic, next_literal = _find(triple_basic, text, 0), _find(triple_literal, text, 0)
        pos = 0
        while next_basic >= 0 or next_literal >= 0:
            if next_basic < 0 or 0 <= next_literal < next_basic:
                at, pattern = next_literal, _re.ML_LITERAL_STR
            else:
                at, pattern = next_basic, _re.ML_BASIC_STR
            # A line never starts inside a string once the strings before it are known.
            opens, pos = self._reaches(max(text.rfind("\n", 0, at) + 1, pos), at)
            if opens:
                match = pattern.match(text, at)
                pos = len(text) if match is None else match.end()
                self._ml_starts.append(at)
                self._ml_ends.append(pos)
            if next_basic < pos:
                next_basic = _find(triple_basic, text, pos)
            if next_literal < pos:
                next_literal = _find(triple_literal, text, pos)

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
                match = (_re.BASIC_STR if char == '"' else _re.LITERAL_STR).match(text, pos)
                if match is None:
                    newline = text.find("\n", pos)
                    return False, len(text) if newline < 0 else newline
                pos = match.end()
            else:
                plain = _re.PLAIN.match(text, pos, stop)
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
                    match = (_re.BASIC_STR if char == '"' else _re.LITERAL_STR).match(text, pos)
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
        flat_statement = _re.FLAT_STATEMENT.match if self._flat else _no_match
        try:
            while True:
                flat = flat_statement(text, pos, end)
                if flat is not None:
                    full.setdefault((flat.group(1),), ([flat.span(1)], *flat.span(2)))
                    pos = flat.end()
                    continue
                pos = _skip(_re.WS_NL_COMMENTS, text, pos, end)
                if pos >= end or text[pos] == "[":
                    break
                keys, spans, pos = self._key(pos)
                if text[pos] != "=":
                    break
                start = _skip(_re.WS, text, pos + 1)
                pos = self._skip_value(start)
                entries.add(keys, spans, start, pos)
                statement_end = _re.END_OF_STATEMENT.match(text, pos)
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
        blanks = _re.WS_NL_COMMENTS
        flat_element = _re.FLAT_ELEMENT.match if self._flat else _no_match
        pos = _skip(blanks, text, start + 1)
        try:
            while text[pos] != "]":
                flat = flat_element(text, pos)
                if flat is not None:
                    elements.append(flat.span(1))
                    pos = flat.end()
                else:
                    end = self._skip_value(pos)
                    elements.append((pos, end))
                    pos = _skip(blanks, text, end)
                if text[pos] == ",":
                    pos = _skip(blanks, text, pos + 1)
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
        blanks = _re.WS_NL_COMMENTS
        flat_pair = _re.FLAT_INLINE_PAIR.match if self._flat else _no_match
        pos = _skip(blanks, text, start + 1)
        full = entries.full
        try:
            while text[pos] != "}":
                flat = flat_pair(text, pos)
                if flat is not None:
                    full.setdefault((flat.group(1),), ([flat.span(1)], *flat.span(2)))
                    pos = flat.end()
                else:
                    keys, spans, pos = self._key(pos)
                    if text[pos] != "=":
                        break
                    value = _skip(_re.WS, text, pos + 1)
                    pos = self._skip_value(value)
                    entries.add(keys, spans, value, pos)
                    pos = _skip(blanks, text, pos)
                if text[pos] == ",":
                    pos = _skip(blanks, text, pos + 1)
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
                match = _re.BASIC_STR.match(text, pos)
            elif char == "'":
                match = _re.LITERAL_STR.match(text, pos)
            else:
                match = _re.BARE_KEY.match(text, pos)
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
            pos = _skip(_re.WS, text, end)
            if text[pos] != ".":
                return tuple(keys), spans, pos
            pos = _skip(_re.WS, text, pos + 1)

    def _skip_value(self, pos: int) -> int:
        """The end of the value that starts at ``pos``."""
        text = self._text
        char = text[pos]
        if (char == "[" or char == "{") and self._flat:
            flat = _re.FLAT_CONTAINER.match(text, pos)
            if flat is not None:
                return flat.end()
        if char == '"':
            multiline = text.startswith('"""', pos)
            match = (_re.ML_BASIC_STR if multiline else _re.BASIC_STR).match(text, pos)
        elif char == "'":
            multiline = text.startswith("'''", pos)
            match = (_re.ML_LITERAL_STR if multiline else _re.LITERAL_STR).match(text, pos)
        elif char == "[":
            blanks = _re.WS_NL_COMMENTS
            pos = _skip(blanks, text, pos + 1)
            while text[pos] != "]":
                pos = _skip(blanks, text, self._skip_value(pos))
                if text[pos] == ",":
                    pos = _skip(blanks, text, pos + 1)
                elif text[pos] != "]":
                    raise _Invalid
            return pos + 1
        elif char == "{":
            blanks = _re.WS_NL_COMMENTS
            pos = _skip(blanks, text, pos + 1)
            while text[pos] != "}":
                key = _re.SKIP_KEY.match(text, pos)
                if key is None or text[key.end()] != "=":
                    raise _Invalid
                value = _skip(_re.WS, text, key.end() + 1)
                pos = _skip(blanks, text, self._skip_value(value))
                if text[pos] == ",":
                    pos = _skip(blanks, text, pos + 1)
                elif text[pos] != "}":
                    raise _Invalid
            return pos + 1
        else:
            match = _re.LOCAL_DATE_TIME_WITH_SPACE.match(text, pos) or _re.SCALAR.match(text, pos)
        if match is None:
            raise _Invalid
        return match.end()
