"""Lock files: which format a file is, and reading it into a :class:`~reqhooks.model.LockFile`.

One reader module per format turns a lock into the common model:

=================  ==========================================  ===========================
kind               file names                                  module
=================  ==========================================  ===========================
``"poetry"``       ``poetry.lock``                             :mod:`.poetry_lock`
``"uv"``           ``uv.lock``, ``<script>.py.lock``           :mod:`.uv_lock`
``"pdm"``          ``pdm.lock``                                :mod:`.pdm_lock`
``"pipfile"``      ``Pipfile.lock`` (JSON)                     :mod:`.pipfile_lock`
``"pylock"``       ``pylock.toml``, ``pylock.<name>.toml``     :mod:`.pylock`
=================  ==========================================  ===========================

:func:`read` imports only the module it needs.  Every reader returns ``(lock, findings)``:
``lock`` is None only when the file cannot be parsed at all (one REQ001 at the position of
the syntax error); a value of the wrong type or a missing key is a REQ001 at that value,
and every package that can still be read is read.

The rest of this module is what the TOML readers share: :class:`TomlLockReader` (typed
access to the parsed data, with a REQ001 for each value that is not what the format says)
and a fast way to find where each ``[[package]]`` entry's name and version are written.
Locks hold thousands of packages; asking :class:`~reqhooks._toml.TomlIndex` for each name
would tokenize every package table, so the names and versions are found with one regex
pass over the array-of-tables headers and a short match after each one, each checked
against the parsed value.  The index is used only where that check fails, and for the
positions of findings.
"""

from __future__ import annotations

import re
import sys

from reqhooks._lazy import compile_pattern, lazy_pattern
from reqhooks._names import canonical
from reqhooks.findings import Finding
from reqhooks.model import Loc, LockedDep

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Final

    from reqhooks._text import Document
    from reqhooks._toml import KeyPath, TomlIndex
    from reqhooks.model import LockFile, LockKind

__all__ = ["TomlLockReader", "canonical_name", "file_name", "kind_for", "read"]

_MODULES: Final = {
    "poetry": "reqhooks.readers.poetry_lock",
    "uv": "reqhooks.readers.uv_lock",
    "pdm": "reqhooks.readers.pdm_lock",
    "pipfile": "reqhooks.readers.pipfile_lock",
    "pylock": "reqhooks.readers.pylock",
}
_NAMES: Final[dict[str, LockKind]] = {
    "poetry.lock": "poetry",
    "uv.lock": "uv",
    "pdm.lock": "pdm",
    "Pipfile.lock": "pipfile",
    "pylock.toml": "pylock",
}


# packaging.pylock.is_valid_pylock_path: ``pylock.<name>.toml`` with no dot in the name.
# Compiled on first use, as the patterns below that most runs do not need.
_pylock_name = lazy_pattern(r"pylock\.[^.]+\.toml")


def kind_for(path: Path) -> LockKind | None:
    """Which lock format ``path`` is, by its file name; None if it is not a lock file."""
    name = path.name
    kind = _NAMES.get(name)
    if kind is not None:
        return kind
    if name.endswith(".py.lock") and len(name) > len(".py.lock"):
        return "uv"  # `uv lock --script x.py` writes x.py.lock
    if _pylock_name().fullmatch(name):
        return "pylock"
    return None


def read(doc: Document, kind: LockKind) -> tuple[LockFile | None, list[Finding]]:
    """Read ``doc`` as a lock file of ``kind`` (a large TOML lock read before, from the
    cache: :mod:`reqhooks.readers._lockcache`)."""
    module_name = _MODULES.get(kind)
    if module_name is None:
        # Compiled requirements files are read by reqhooks.readers.requirements.
        raise ValueError(f"not a lock format this module reads: {kind!r}")
    from reqhooks.readers import _lockcache

    cacheable = kind in _lockcache.KINDS
    if cacheable:
        cached = _lockcache.load(doc, kind)
        if cached is not None:
            return cached, []
    __import__(module_name)  # importlib.import_module's work, without importing importlib
    result: tuple[LockFile | None, list[Finding]] = sys.modules[module_name].read(doc)
    lock, findings = result
    if cacheable and lock is not None:
        lock.data = _lockcache.without_files(lock.data, kind)  # as a cached lock has it
        if not findings:
            _lockcache.store(doc, lock)
    return result


# --- names, files, requirements ---------------------------------------------------------


canonical_name = canonical  # reqhooks._names; re-exported for the lock readers


def file_name(location: str) -> str:
    """The file name at the end of a URL (query and fragment dropped, percent-decoded) or a
    path (``/`` or ``\\`` separators)."""
    if "://" in location:
        if "?" in location or "#" in location:
            location = location.split("#", 1)[0].split("?", 1)[0]
        name = location[location.rfind("/") + 1 :]
        if "%" in name:
            from urllib.parse import unquote

            name = unquote(name)
        return name
    if "\\" in location:
        location = location.replace("\\", "/")
    return location[location.rfind("/") + 1 :]


def plain_file_names(entries: list[Any]) -> tuple[str, ...] | None:
    """The ``file`` of each entry of a ``files`` array (poetry.lock, pdm.lock) when every
    entry is a table with a string ``file``; None otherwise, for the reader to go through
    the entries one by one (and report)."""
    try:
        names = tuple([entry["file"] for entry in entries])
        "".join(names)  # a TypeError unless every one is a string
    except (TypeError, KeyError):
        return None
    return names


def and_marker(marker: str | None, condition: str) -> str:
    """``marker and condition``, with ``marker`` in parentheses if it has an ``or``."""
    if not marker:
        return condition
    if " or " in marker:
        marker = f"({marker})"
    return f"{marker} and {condition}"


def extra_marker(extra: str) -> str:
    return f'extra == "{extra}"'


_NAME_RE: Final = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"


# The shapes lock files write; anything else goes to packaging for a verdict.  Compiled on
# first use: only pdm.lock's reader asks.
_requirement = lazy_pattern(
        r"[ \t]*(?P<name>" + _NAME_RE + r")[ \t]*"
        r"(?:\[(?P<extras>[ \t]*(?:"
        + _NAME_RE
        + r"[ \t]*(?:,[ \t]*"
        + _NAME_RE
        + r"[ \t]*)*)?)\][ \t]*)?"
        r"(?:@[ \t]*(?P<url>[^ \t;]+)(?:[ \t]+;[ \t]*(?P<url_marker>\S.*?))?"
        r"|(?:\((?P<pspec>[^();]*)\)|(?P<spec>[<>=!~][^();]*?))?[ \t]*(?:;[ \t]*(?P<marker>\S.*?))?"
        r")[ \t]*",
        re.DOTALL,
    )


def parse_requirement(text: str) -> LockedDep | str:
    """A PEP 508 requirement as a :class:`LockedDep`, or an "Expected ..." message."""
    match = _requirement().fullmatch(text)
    if match is not None:
        name, extras, spec, pspec, marker, url_marker = match.group(
            "name", "extras", "spec", "pspec", "marker", "url_marker"
        )
        spec = spec or pspec or ""
        return LockedDep(
            canonical_name(name),
            "".join(spec.split()) if " " in spec or "\t" in spec else spec,
            marker or url_marker,
            tuple(e.strip() for e in extras.split(",")) if extras and extras.strip() else (),
        )
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        req = Requirement(text)
    except InvalidRequirement as e:
        first = str(e).splitlines()[0].rstrip(".")
        return (
            f"{first}: {text!r}"
            if first.startswith("Expected")
            else f"Expected a PEP 508 requirement, got {text!r} ({first})"
        )
    return LockedDep(
        name=canonical_name(req.name),
        specifier=str(req.specifier),
        marker=str(req.marker) if req.marker is not None else None,
        extras=tuple(sorted(req.extras)),
    )


# --- findings ---------------------------------------------------------------------------


def describe(value: object) -> str:
    """The TOML/JSON type of ``value``, for messages: "a string", "an array" ..."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if value is None:
        return "null"
    return "a date or time"


def syntax_error(doc: Document, offset: int, message: str) -> Finding:
    """A REQ001 at ``offset``: one character wide, or empty at a line end."""
    text = doc.text
    offset = max(0, min(offset, len(text)))
    end = offset + 1 if offset < len(text) and text[offset] not in "\r\n" else offset
    return Finding.at("REQ001", Loc(doc, offset, end), message)


# --- TOML lock files --------------------------------------------------------------------

# A basic string on one line (no escapes: those are checked with the index) or a literal string.
_STRING: Final = r"""("[^"\\\n]*"|'[^'\n]*')"""
_STRING_VALUE: Final = r"[ \t]*=[ \t]*" + _STRING
# What every lock writer puts right after a [[package]] header: the name, then the version.
_NAME_VERSION: Final = compile_pattern(
    r"[ \t]*(?:#[^\n]*)?\r?\n[ \t]*name" + _STRING_VALUE + r"[ \t]*(?:#[^\n]*)?\r?\n"
    r"(?:[ \t]*version" + _STRING_VALUE + ")?"
)


# Where the name and the version are when they do not come first: compiled on first use.
_name_line = lazy_pattern(r"^[ \t]*(?:name|\"name\"|'name')" + _STRING_VALUE, re.MULTILINE)


_version_line = lazy_pattern(r"^[ \t]*(?:version|\"version\"|'version')" + _STRING_VALUE, re.MULTILINE)


Span = tuple[int, int]


class TomlLockReader:
    """Typed access to a parsed TOML lock, reporting each value of the wrong type.

    Positions of findings come from a :class:`TomlIndex` built on first need; the positions
    of package names and versions, and of the few values a lock's model records, come from
    :meth:`package_spans` and :meth:`value_loc`, which do not need it.
    """

    def __init__(self, doc: Document, data: dict[str, Any]) -> None:
        self.doc = doc
        self.data = data
        self.findings: list[Finding] = []
        self._index: TomlIndex | None = None
        self._headers: dict[str, list[Span]] = {}

    @property
    def index(self) -> TomlIndex:
        if self._index is None:
            from reqhooks._toml import TomlIndex

            self._index = TomlIndex(self.doc.text)
        return self._index

    # -- positions

    def span(self, path: KeyPath) -> Span:
        """Where the value at ``path`` is written; for a missing key, the nearest table that
        is (the ``[[package]]`` header of a package without ``version``)."""
        index = self.index
        while path:
            span = index.value_span(path)
            if span is not None:
                return span
            if len(path) == 2 and isinstance(path[1], int) and isinstance(path[0], str):
                headers = self.headers(path[0])
                if 0 <= path[1] < len(headers):
                    return headers[path[1]]
            path = path[:-1]
        return (0, 0)

    def loc(self, path: KeyPath) -> Loc:
        start, end = self.span(path)
        return Loc(self.doc, start, end)

    def value_loc(self, path: KeyPath, value: str) -> Loc:
        """The span of the string ``value`` at ``path``, a key of the top-level table, of a
        table (``("metadata", "python-versions")``) or of an element of an array of tables
        (``("metadata", "targets", 0, "requires_python")``), found without the index when it
        is written the usual way."""
        span = self._fast_value(path, value)
        if span is None:
            span = self.span(path)
        return Loc(self.doc, span[0], span[1])

    def _fast_value(self, path: KeyPath, value: str) -> Span | None:
        text = self.doc.text
        *table, key = path
        start = 0
        if table:
            if isinstance(table[-1], int):
                names = [str(k) for k in table[:-1]]
                headers = self.headers(".".join(names))
                if not 0 <= table[-1] < len(headers):
                    return None
                start = headers[table[-1]][1]
            else:
                start = self._table_header(".".join(str(k) for k in table))
                if start < 0:
                    return None
        if not isinstance(key, str) or not key or not _is_bare_key(key):
            return None
        found = _key_line(text, key, start)
        if found is None:
            return None
        # The first such line after the header is this table's key, if it is the value.
        begin, end = found
        return (begin, end) if text[begin + 1 : end - 1] == value else None

    def _table_header(self, dotted: str) -> int:
        """The end of the first ``[dotted]`` header written without spaces, or -1."""
        text = self.doc.text
        needle = f"[{dotted}]"
        at = text.find(needle)
        while at >= 0:
            line_start = text.rfind("\n", 0, at) + 1
            if not text[line_start:at].strip(" \t") and not text.startswith("[", at + len(needle)):
                return at + len(needle)
            at = text.find(needle, at + 1)
        return -1

    def report(self, path: KeyPath, message: str) -> None:
        self.findings.append(Finding.at("REQ001", self.loc(path), message))

    def headers(self, key: str) -> list[Span]:
        """Spans of the ``[[key]]`` headers, in order (those alone on their line)."""
        found = self._headers.get(key)
        if found is not None:
            return found
        text = self.doc.text
        parts = [re.escape(part) for part in key.split(".")]
        pattern = compile_pattern(  # a few fixed keys: the program cache holds each
            r"\[\[[ \t]*"
            + r"[ \t]*\.[ \t]*".join(rf"""(?:{p}|"{p}"|'{p}')""" for p in parts)
            + r"[ \t]*\]\]"
        )
        found = []
        for match in pattern.finditer(text):
            start, end = match.span()
            if start and text[start - 1] != "\n":
                line_start = text.rfind("\n", 0, start) + 1
                if text[line_start:start].strip(" \t"):
                    continue
            after = text[end : end + 1]
            if after and after not in "\r\n":
                line_end = text.find("\n", end)
                rest = text[end : len(text) if line_end < 0 else line_end].strip(" \t\r")
                if rest and not rest.startswith("#"):
                    continue
            found.append((start, end))
        self._headers[key] = found
        return found

    def package_spans(self, key: str, packages: list[Any]) -> list[tuple[Span | None, Span | None]]:
        """For each element of the array of tables ``key``: the spans of its ``name`` and
        ``version`` values (None where the value is not a string).

        With as many ``[[key]]`` headers as elements, each element's values are looked for
        right after its header (the order every lock writer uses), then anywhere before the
        next header; a value is taken only if its text is the parsed value, else the index
        decides.  A header-like line inside a multi-line string makes the counts differ, and
        then the index decides for every element.
        """
        text = self.doc.text
        headers = self.headers(key)
        aligned = len(headers) == len(packages)
        first_keys = _NAME_VERSION.match
        out: list[tuple[Span | None, Span | None]] = []
        for i, package in enumerate(packages):
            if type(package) is not dict:
                out.append((None, None))
                continue
            name = package.get("name")
            version = package.get("version")
            name_span = version_span = None
            if aligned:
                start = headers[i][1]
                match = first_keys(text, start)
                if match is not None:
                    begin, end = match.span(1)
                    if text[begin + 1 : end - 1] == name:
                        name_span = (begin, end)
                    begin, end = match.span(2)
                    if begin >= 0 and text[begin + 1 : end - 1] == version:
                        version_span = (begin, end)
                if name_span is None or (version_span is None and type(version) is str):
                    stop = headers[i + 1][0] if i + 1 < len(headers) else len(text)
                    if name_span is None and type(name) is str:
                        name_span = _string_at(_name_line(), text, start, stop, name)
                    if version_span is None and type(version) is str:
                        version_span = _string_at(_version_line(), text, start, stop, version)
            if name_span is None and isinstance(name, str):
                name_span = self.index.value_span((key, i, "name"))
            if version_span is None and isinstance(version, str):
                version_span = self.index.value_span((key, i, "version"))
            out.append((name_span, version_span))
        return out

    # -- typed access

    def get_str(self, table: dict[str, Any], key: str, path: KeyPath, what: str) -> str | None:
        value = table.get(key)
        if value is None or isinstance(value, str):
            return value
        self.wrong(path + (key,), f"a string for {key!r}{what}", value)
        return None

    def get_bool(self, table: dict[str, Any], key: str, path: KeyPath, what: str) -> bool | None:
        value = table.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.wrong(path + (key,), f"true or false for {key!r}{what}", value)
        return None

    def get_int(self, table: dict[str, Any], key: str, path: KeyPath, what: str) -> int | None:
        value = table.get(key)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        self.wrong(path + (key,), f"an integer for {key!r}{what}", value)
        return None

    def get_table(
        self, table: dict[str, Any], key: str, path: KeyPath, what: str
    ) -> dict[str, Any] | None:
        value = table.get(key)
        if value is None or isinstance(value, dict):
            return value
        self.wrong(path + (key,), f"a table for {key!r}{what}", value)
        return None

    def get_list(
        self, table: dict[str, Any], key: str, path: KeyPath, what: str
    ) -> list[Any] | None:
        value = table.get(key)
        if value is None or isinstance(value, list):
            return value
        self.wrong(path + (key,), f"an array for {key!r}{what}", value)
        return None

    def get_strings(
        self, table: dict[str, Any], key: str, path: KeyPath, what: str
    ) -> tuple[str, ...]:
        """An array of strings; elements of another type are reported and left out."""
        value = table.get(key)
        if type(value) is list:
            if not value:
                return ()
            try:
                "".join(value)  # a TypeError unless every element is a string
            except TypeError:
                pass
            else:
                return tuple(value)
        else:
            value = self.get_list(table, key, path, what)  # None, or reported
            if not value:
                return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(item)
            else:
                self.wrong(path + (key, i), f"strings in {key!r}{what}", item)
        return tuple(out)

    def tables(
        self, value: list[Any], path: KeyPath, what: str
    ) -> list[tuple[int, dict[str, Any]]]:
        """The elements of an array that are tables, with their indexes."""
        out: list[tuple[int, dict[str, Any]]] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append((i, item))
            else:
                self.wrong(path + (i,), f"a table{what}", item)
        return out

    def wrong(self, path: KeyPath, expected: str, value: object) -> None:
        self.report(path, f"Expected {expected}, got {describe(value)}")

    def missing(self, path: KeyPath, key: str, what: str, expected: str = "a string") -> None:
        self.report(path, f"Expected {expected} for {key!r}{what}, but it is missing")


_BARE_KEY_CHARS: Final = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
)


def _is_bare_key(key: str) -> bool:
    return _BARE_KEY_CHARS.issuperset(key)


def _key_line(text: str, key: str, start: int) -> Span | None:
    """The span of the string value on the first line from ``start`` on that is
    ``key = "..."`` (or ``'...'``), indented with spaces and tabs at most: what the
    pattern ``^[ \\t]*KEY`` + ``_STRING_VALUE`` (multi-line) finds, without compiling one
    pattern per key."""
    at = text.find(key, start)
    while at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        if line_start >= start and not text[line_start:at].strip(" \t"):
            span = _string_value(text, at + len(key))
            if span is not None:
                return span
        at = text.find(key, at + 1)
    return None


def _string_value(text: str, pos: int) -> Span | None:
    """The span of the quoted string after ``[ \\t]*=[ \\t]*`` at ``pos`` (see _STRING)."""
    n = len(text)
    while pos < n and text[pos] in " \t":
        pos += 1
    if not text.startswith("=", pos):
        return None
    pos += 1
    while pos < n and text[pos] in " \t":
        pos += 1
    quote = text[pos : pos + 1]
    if quote not in ('"', "'"):
        return None
    line_end = text.find("\n", pos)
    close = text.find(quote, pos + 1, n if line_end < 0 else line_end)
    if close < 0 or (quote == '"' and "\\" in text[pos + 1 : close]):
        return None
    return pos, close + 1


def _string_at(
    pattern: re.Pattern[str], text: str, start: int, stop: int, expected: str
) -> tuple[int, int] | None:
    match = pattern.search(text, start, stop)
    if match is None:
        return None
    value_start, value_end = match.span(1)
    if text[value_start + 1 : value_end - 1] != expected:
        return None  # an escape, or not this table's key: ask the index
    return value_start, value_end


def package_what(name: object, i: int) -> str:
    """`` of package "idna"`` (or `` of package #3`` when the name is unreadable)."""
    if isinstance(name, str):
        return f" of package {name!r}"
    return f" of package #{i + 1}"
