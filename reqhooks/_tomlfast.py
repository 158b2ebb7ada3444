"""A fast reader for TOML written the regular way lock tools write it; None for anything else.

``tomllib`` reads strings one character at a time in Python: a 600 kB uv.lock takes it
60 ms, a 6 MB one 600 ms.  Lock files (and most pyproject.toml files) use a small, regular
part of TOML: one ``key = value`` or ``[table]`` / ``[[array.of.tables]]`` header per line,
bare keys, one-line strings, integers, booleans, one-line inline tables and arrays of those.
:func:`loads` reads exactly that part with a few regular expressions that validate and
split whole statements at C speed (about four times faster than ``tomllib``), and returns
None at the first thing outside it (a float, a date, a quoted or dotted key, a multi-line
string, a comment inside an array, a table opened twice ...), so that the caller hands the
text to ``tomllib``, which decides.  Where it returns a document, it is the one ``tomllib``
returns: tests/test_tomlfast.py compares the two on every fixture and on fuzzed mutations.

Every pattern is unambiguous (alternatives start with different characters, repetitions are
delimited), so a failed match costs linear time.  The patterns take about 4 ms to compile,
so they are compiled on first use, and :func:`load` uses them only for texts large enough
to repay it.
"""

from __future__ import annotations

from reqhooks._lazy import compile_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = ["load", "loads"]

#: Below this size ``tomllib`` (imported anyway, for configuration files) is as quick as
#: compiling the patterns: a pyproject.toml goes to it, a lock of 20 packages or more here.
WORTH_IT: Final = 32 * 1024

# Characters TOML forbids in strings and comments: control characters except tab.
_CTRL: Final = r"\x00-\x08\x0a-\x1f\x7f"
_KEY: Final = r"[A-Za-z0-9_-]+"
# Escapes every TOML version has; \u, \U (surrogates) and TOML 1.1's \e, \x go to tomllib.
_BASIC: Final = rf'"[^"\\{_CTRL}]*(?:\\["\\bfnrt][^"\\{_CTRL}]*)*"'
_LITERAL: Final = rf"'[^'{_CTRL}]*'"
# At most 19 digits (TOML integers are 64-bit): a longer one goes to tomllib, which decides.
_INT: Final = r"-?(?:0|[1-9][0-9]{0,18})"
_SCALAR: Final = rf"(?:{_BASIC}|{_LITERAL}|{_INT}|true|false)"
# What may not follow a scalar: "1.5", "1979-05-27", "0x1f", "1e3", "truex" stop here.
_AFTER_SCALAR: Final = r"(?![0-9A-Za-z_.:+-])"
_WS: Final = r"[ \t]*"
_FLAT_PAIR: Final = rf"{_KEY}{_WS}={_WS}{_SCALAR}{_AFTER_SCALAR}"
# "{ (PAIR (, PAIR)*)? }" with the pair written once, which takes the patterns that hold
# a table a third to a half less time to compile: the lookaheads let the table end after a
# pair only, never after a comma (TOML forbids a trailing comma there), and since a pair
# cannot begin with "}", the two match the same.
_FLAT_TABLE: Final = rf"\{{{_WS}(?:{_FLAT_PAIR}{_WS}(?:,{_WS}(?!\}})|(?=\}})))*\}}"
_PAIR: Final = rf"{_KEY}{_WS}={_WS}(?:{_SCALAR}{_AFTER_SCALAR}|{_FLAT_TABLE})"
_TABLE: Final = rf"\{{{_WS}(?:{_PAIR}{_WS}(?:,{_WS}(?!\}})|(?=\}})))*\}}"
# Inside arrays: blanks and newlines, no comments (telling a "#" that starts a comment from
# one inside a string needs tokenizing; the rare array with a comment goes to tomllib).
_NL: Final = r"(?:[ \t\n]|\r\n)*"
_COMMENT: Final = rf"#[^{_CTRL}]*"
_END: Final = rf"{_WS}(?:{_COMMENT})?(?:\r?\n|\Z)"
# Array elements that are inline tables of up to this many pairs with plain string, integer
# or boolean values (a lock's file and dependency entries) are split by the match that
# finds them, in one pass over their text; other inline tables by the pairs pattern.
_CAPTURED: Final = 6
_PLAIN_VALUE: Final = rf'"[^"\\{_CTRL}]*"|(?:{_INT}|true|false){_AFTER_SCALAR}'


class _Patterns:
    """The compiled patterns, built once, on first use (see :func:`_patterns`)."""

    __slots__ = ("array_end", "element", "escape", "key_parts", "pairs", "statement", "trailer")

    def __init__(self) -> None:
        more_pairs = "".join(
            rf"(?:,{_WS}({_KEY}){_WS}={_WS}({_PLAIN_VALUE}){_WS}" for _ in range(_CAPTURED - 1)
        ) + ")?" * (_CAPTURED - 1)
        # One statement, after any blank or comment lines: a header, a key/value pair, or
        # the opening of an array, whose elements are then matched one by one.
        self.statement = compile_pattern(
            rf"(?:{_WS}(?:{_COMMENT})?\r?\n)*{_WS}(?:"
            rf"(?P<open>\[\[?){_WS}(?P<keys>{_KEY}(?:{_WS}\.{_WS}{_KEY})*){_WS}"
            rf"(?P<close>\]\]?){_END}"
            rf"|(?P<key>{_KEY}){_WS}={_WS}"
            rf"(?:(?P<value>{_SCALAR}{_AFTER_SCALAR}|{_TABLE}){_END}|\[{_NL})"
            rf")"
        )
        self.trailer = compile_pattern(rf"(?:{_WS}(?:{_COMMENT})?(?:\r?\n|\Z))*")
        self.array_end = compile_pattern(rf"\]{_END}")
        # An element and the separator after it.  Groups: 1 a scalar, then the captured
        # pairs' keys and values, then a table not captured, then the comma.
        self.element = compile_pattern(
            rf"(?:({_SCALAR}){_AFTER_SCALAR}"
            rf"|\{{{_WS}(?:({_KEY}){_WS}={_WS}({_PLAIN_VALUE}){_WS}{more_pairs})?\}}"
            rf"|({_TABLE}))"
            rf"{_NL}(,{_NL})?"
        )
        self.pairs = compile_pattern(rf"({_KEY}){_WS}={_WS}({_SCALAR}|{_FLAT_TABLE})")
        self.key_parts = compile_pattern(_KEY)
        self.escape = compile_pattern(r"\\(.)")


_compiled: _Patterns | None = None


def _patterns() -> _Patterns:
    global _compiled
    if _compiled is None:
        _compiled = _Patterns()
    return _compiled


_ESCAPES: Final = {'"': '"', "\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_TABLE_GROUP: Final = 2 + 2 * _CAPTURED
_COMMA_GROUP: Final = _TABLE_GROUP + 1


class _Unsupported(Exception):
    """Outside the regular layout: let tomllib decide."""


def load(text: str) -> dict[str, Any]:
    """Parse ``text`` as TOML: :func:`reqhooks._toml.load`, which reads the regular layout
    with :func:`loads` and anything else with ``tomllib`` (raising
    :class:`~reqhooks._toml.TomlError` with the offset of an error)."""
    from reqhooks import _toml

    return _toml.load(text)


def loads(text: str) -> dict[str, Any] | None:
    """The document ``tomllib.loads(text)`` returns, or None when ``text`` is not in the
    regular layout (then nothing is known: it may be valid TOML or not)."""
    try:
        return _Reader(text, _patterns()).read()
    except (_Unsupported, ValueError, RecursionError):  # anything unexpected: tomllib decides
        return None


class _Reader:
    def __init__(self, text: str, patterns: _Patterns) -> None:
        self.text = text
        self.patterns = patterns
        # Tables that headers may extend (the root, and those headers created), by id, and
        # arrays that [[headers]] created.  Inline tables and arrays are neither: a header
        # reaching into one is an error, which tomllib reports.
        self.root: dict[str, Any] = {}
        self.open_tables: set[int] = {id(self.root)}
        self.table_arrays: set[int] = set()

    def read(self) -> dict[str, Any]:
        text = self.text
        match_statement = self.patterns.statement.match
        key_parts = self.patterns.key_parts.findall
        current = self.root
        pos = 0
        end = len(text)
        while pos < end:
            m = match_statement(text, pos)
            if m is None:
                trailer = self.patterns.trailer.match(text, pos)
                if trailer is not None and trailer.end() == end:
                    break
                raise _Unsupported
            pos = m.end()
            key = m.group("key")
            if key is not None:
                if key in current:
                    raise _Unsupported
                raw = m.group("value")
                if raw is None:
                    current[key], pos = self._array(pos)
                elif raw[0] == "{":
                    current[key] = self._table(raw)
                else:
                    current[key] = self._scalar(raw)
            else:
                opening, closing = m.group("open", "close")
                if len(opening) != len(closing):
                    raise _Unsupported
                current = self._header(key_parts(m.group("keys")), len(opening) == 2)
        return self.root

    def _scalar(self, raw: str) -> Any:
        first = raw[0]
        if first == '"':
            body = raw[1:-1]
            if "\\" in body:
                return self.patterns.escape.sub(lambda m: _ESCAPES[m.group(1)], body)
            return body
        if first == "'":
            return raw[1:-1]
        if first == "t":
            return True
        if first == "f":
            return False
        return int(raw)

    def _table(self, raw: str) -> dict[str, Any]:
        table: dict[str, Any] = {}
        for key, value in self.patterns.pairs.findall(raw):
            if key in table:
                raise _Unsupported  # a duplicate key
            table[key] = self._table(value) if value[0] == "{" else self._scalar(value)
        return table

    def _array(self, pos: int) -> tuple[list[Any], int]:
        """The elements of the array whose ``[`` (and the blanks after it) ends at ``pos``,
        and the position after its ``]`` and the end of its statement."""
        text = self.text
        match_element = self.patterns.element.match
        scalar_of = self._scalar
        out: list[Any] = []
        append = out.append
        while True:
            m = match_element(text, pos)
            if m is None:
                break
            pos = m.end()
            groups = m.groups()
            if groups[0] is not None:
                append(scalar_of(groups[0]))
            elif groups[_TABLE_GROUP - 1] is not None:
                append(self._table(groups[_TABLE_GROUP - 1]))
            else:
                table: dict[str, Any] = {}
                for i in range(1, _TABLE_GROUP - 1, 2):
                    key = groups[i]
                    if key is None:
                        break
                    if key in table:
                        raise _Unsupported
                    value = groups[i + 1]
                    table[key] = value[1:-1] if value[0] == '"' else scalar_of(value)
                append(table)
            if groups[_COMMA_GROUP - 1] is None:
                break
        closing = self.patterns.array_end.match(text, pos)
        if closing is None:
            raise _Unsupported
        return out, closing.end()

    def _header(self, keys: list[str], array: bool) -> dict[str, Any]:
        table = self.root
        for key in keys[:-1]:
            child = table.get(key)
            if child is None:
                child = table[key] = {}
                self.open_tables.add(id(child))
            elif type(child) is list and id(child) in self.table_arrays:
                child = child[-1]
            elif type(child) is not dict or id(child) not in self.open_tables:
                raise _Unsupported
            table = child
        last = keys[-1]
        new: dict[str, Any] = {}
        self.open_tables.add(id(new))
        if last not in table:
            if array:
                table[last] = [new]
                self.table_arrays.add(id(table[last]))
            else:
                table[last] = new
            return new
        existing = table[last]
        if array and type(existing) is list and id(existing) in self.table_arrays:
            existing.append(new)
            return new
        # Re-opening a table (legal only when a header created it implicitly) and every
        # clash: tomllib knows the rules.
        raise _Unsupported
