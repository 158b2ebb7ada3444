"""Pipfile.lock: pipenv's JSON lock, one object of packages per Pipfile category.

Layout (``pipfile-spec`` 6): ``_meta`` (``hash.sha256``, ``requires``, ``sources``), then
``default`` (``[packages]``), ``develop`` (``[dev-packages]``) and one object per custom
category, each mapping a package name to ``{"version": "==x", "hashes": [...], "markers":
..., "index": ...}`` (or ``git``/``ref``/``path``/``file``/``editable`` for direct references).
The lock has no file names, no per-package Requires-Python (pipenv folds it into
``markers``) and no dependency edges.

JSON parsers give no positions, so the top two levels are walked here with the json
module's own scanner: keys are decoded with ``json.decoder.scanstring`` and every package
entry with ``JSONDecoder.raw_decode`` (both C code), which yields the parsed data and the
exact span of every package key in one pass.  Errors carry the offset json reports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from reqhooks.findings import Finding
from reqhooks.model import Loc, LockedPackage, LockFile
from reqhooks.readers.locks import canonical_name, describe, syntax_error

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from reqhooks._text import Document

__all__ = ["read"]

Span = tuple[int, int]

_WS: Final = re.compile(r"[ \t\n\r]*")
_VCS: Final = ("git", "hg", "svn", "bzr")
_NOT_REGISTRY: Final = frozenset(("editable", "path", "file", *_VCS))
_ARCHIVES: Final = (".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar")


class _Spans:
    """What the walk remembers: key and value spans of the top two levels."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, ...], Span] = {}
        self.values: dict[tuple[str, ...], Span] = {}


def read(doc: Document) -> tuple[LockFile | None, list[Finding]]:
    """Read a Pipfile.lock."""
    text = doc.text
    spans = _Spans()
    try:
        data = _document(text, spans)
    except json.JSONDecodeError as e:
        return None, [syntax_error(doc, e.pos, _message(e.msg))]
    lock = LockFile(kind="pipfile", doc=doc, data=data)
    findings: list[Finding] = []

    def report(span: Span, message: str) -> None:
        findings.append(Finding.at("REQ001", Loc(doc, *span), message))

    if not isinstance(data, dict):
        report(spans.values.get((), (0, 0)), f"Expected a JSON object, got {describe(data)}")
        return lock, findings
    meta = data.get("_meta")
    if isinstance(meta, dict):
        _meta(doc, meta, spans, lock, report)
    elif meta is not None:
        report(spans.values[("_meta",)], f"Expected an object for '_meta', got {describe(meta)}")
    for category, entries in data.items():
        if category == "_meta":
            continue
        if not isinstance(entries, dict):
            report(
                spans.values[(category,)],
                f"Expected an object of packages for category {category!r}, got {describe(entries)}",
            )
            continue
        for name, entry in entries.items():
            package = _package(doc, category, name, entry, spans, report)
            if package is not None:
                lock.packages.append(package)
    return lock, findings


_MESSAGES: Final = {
    "Expecting value": "Expected a JSON value",
    "Extra data": "Expected the end of the document, got more data",
    "Unterminated string starting at": "Expected a closing quote for the string that starts here",
    "Invalid control character at": "Expected no control character inside a string",
    "Invalid \\escape": "Expected a valid escape sequence",
    "Invalid \\uXXXX escape": "Expected four hex digits after \\u",
}


def _message(msg: str) -> str:
    """json's message as a finding says it: "Expecting ',' delimiter" -> "Expected ..."."""
    if msg in _MESSAGES:
        return _MESSAGES[msg]
    if msg.startswith("Expecting "):
        return "Expected " + msg[len("Expecting ") :]
    return f"Expected valid JSON ({msg})"


def _meta(
    doc: Document,
    meta: dict[str, Any],
    spans: _Spans,
    lock: LockFile,
    report: Callable[[Span, str], None],
) -> None:
    requires = meta.get("requires")
    if not isinstance(requires, dict):
        return
    for key, template in (("python_full_version", "=={}"), ("python_version", "=={}.*")):
        value = requires.get(key)
        if value is None:
            continue
        span = spans.values.get(("_meta", "requires", key), (0, 0))
        if not isinstance(value, str):
            report(
                span, f"Expected a string for {key!r} in '_meta.requires', got {describe(value)}"
            )
            continue
        lock.requires_python = template.format(value)
        lock.requires_python_loc = Loc(doc, *span)
        return


def _package(
    doc: Document,
    category: str,
    raw_name: str,
    entry: object,
    spans: _Spans,
    report: Callable[[Span, str], None],
) -> LockedPackage | None:
    key_span = spans.keys[(category, raw_name)]
    value_span = spans.values[(category, raw_name)]
    if not isinstance(entry, dict):
        report(value_span, f"Expected an object{_what(raw_name, category)}, got {describe(entry)}")
        return None
    version: str | None = None
    version_loc: Loc | None = None
    pinned = entry.get("version")
    if pinned is not None:
        span = _member(doc.text, value_span, "version", pinned)
        if type(pinned) is str and pinned.startswith("=="):
            version = pinned[3:] if pinned.startswith("===") else pinned[2:].strip()
            if span is not None:
                version_loc = Loc(doc, *span)
        elif pinned != "*":
            what = _what(raw_name, category)
            report(
                span or key_span,
                f"Expected a pinned version ('==X'){what}, got {pinned!r}"
                if isinstance(pinned, str)
                else f"Expected a string for 'version'{what}, got {describe(pinned)}",
            )
    marker = entry.get("markers")
    if marker is not None and type(marker) is not str:
        span = _member(doc.text, value_span, "markers", marker) or value_span
        report(
            span,
            f"Expected a string for 'markers'{_what(raw_name, category)}, got {describe(marker)}",
        )
        marker = None
    return LockedPackage(
        name=canonical_name(raw_name),
        version=version,
        loc=Loc(doc, *key_span),
        marker=marker or None,
        groups=(category,),
        source=_source(entry),
        version_loc=version_loc,
    )


def _what(raw_name: str, category: str) -> str:
    return f" of package {raw_name!r} in {category!r}"


def _source(entry: dict[str, Any]) -> str:
    if _NOT_REGISTRY.isdisjoint(entry):
        return "registry"
    editable = entry.get("editable") is True
    if any(vcs in entry for vcs in _VCS):
        return "editable" if editable else "git"
    path = entry.get("path")
    if isinstance(path, str):
        if editable:
            return "editable"
        return "path" if path.endswith(_ARCHIVES) else "directory"
    if "file" in entry:
        return "url"
    return "registry"


_MEMBER_KEYS: Final = {
    key: re.compile(f'"{key}"' + r"[ \t\n\r]*:[ \t\n\r]*") for key in ("version", "markers")
}


def _member(text: str, span: Span, key: str, expected: object) -> Span | None:
    """The span of the value of ``key`` in the flat object at ``span``, if it is ``expected``."""
    match = _MEMBER_KEYS[key].search(text, span[0], span[1])
    if match is None:
        return None
    start = match.end()
    try:
        if text.startswith('"', start):
            value, end = _scanstring(text, start + 1)
        else:
            value, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError:
        return None
    return (start, end) if value == expected else None


# --- walking the JSON -------------------------------------------------------------------

_DECODER: Final = json.JSONDecoder()
_TOO_DEEP: Final = "Expecting arrays and objects nested less deeply"
_TOO_LONG: Final = "Expecting a number of at most 4300 digits"
_LONG_NUMBER: Final = re.compile(r"[0-9]{4301,}")
_scanstring: Final[Callable[[str, int], tuple[str, int]]] = json.decoder.scanstring  # type: ignore[attr-defined]


def _skip(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return pos if match is None else match.end()


def _document(text: str, spans: _Spans) -> Any:
    value, end = _value(text, _skip(text, 0), (), spans)
    end = _skip(text, end)
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return value


def _value(text: str, pos: int, path: tuple[str, ...], spans: _Spans) -> tuple[Any, int]:
    """Decode the value at ``pos``; descend by hand into the objects whose keys we locate:
    the document, its categories and ``_meta.requires``."""
    if text.startswith("{", pos) and _descend(path):
        value, end = _object(text, pos, path, spans)
    else:
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except RecursionError:
            raise json.JSONDecodeError(_TOO_DEEP, text, pos) from None
        except json.JSONDecodeError:
            raise
        except ValueError:
            # int() refuses more digits than sys.get_int_max_str_digits() allows.
            digits = _LONG_NUMBER.search(text, pos)
            raise json.JSONDecodeError(_TOO_LONG, text, digits.start() if digits else pos) from None
    spans.values[path] = (pos, end)
    return value, end


def _descend(path: tuple[str, ...]) -> bool:
    if not path:
        return True
    if path[0] == "_meta":
        return path in (("_meta",), ("_meta", "requires"))
    return len(path) == 1


def _object(
    text: str, pos: int, path: tuple[str, ...], spans: _Spans
) -> tuple[dict[str, Any], int]:
    result: dict[str, Any] = {}
    pos = _skip(text, pos + 1)
    if text.startswith("}", pos):
        return result, pos + 1
    while True:
        if not text.startswith('"', pos):
            raise json.JSONDecodeError(
                "Expecting property name enclosed in double quotes", text, pos
            )
        key, key_end = _scanstring(text, pos + 1)
        key_path = path + (key,)
        spans.keys[key_path] = (pos, key_end)
        pos = _skip(text, key_end)
        if not text.startswith(":", pos):
            raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
        value, pos = _value(text, _skip(text, pos + 1), key_path, spans)
        result[key] = value
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif text.startswith("}", pos):
            return result, pos + 1
        else:
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
