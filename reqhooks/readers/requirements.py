"""Requirements and constraints files, read with pip's own line grammar.

pip reads a requirements file in four steps (``pip/_internal/req/req_file.py``), and so do
we, in the same order, because the order decides what a line means:

1. **join** a line ending in ``\\`` with the next one (a comment line never continues, and
   ends a continuation);
2. **strip comments**: ``#`` at the start of the line or after whitespace (so ``#egg=`` and
   ``#sha256=`` in URLs stay), then surrounding whitespace; blank lines go;
3. **expand** ``${NAME}`` (``NAME`` in ``[A-Z0-9_]+``) from the environment; unknown or
   empty variables stay as written;
4. **split** at the first space-separated token that starts with ``-``: what comes before is
   the requirement (never shell-split: markers would not survive), what comes after is
   shell-split and read as options (``-r``, ``--hash`` ...).

Every value keeps the span it came from in the original text, through continuations and
expansions, so findings and fixes point at the characters as written.  The requirement
itself is read as pip's ``install_req_from_line`` does: a marker is split off at the first
``;`` (``"; "`` for a bare URL), a bare URL or archive path is a direct reference, anything
else is PEP 508.  Plain ``name``, ``name[extras]``, ``name==1.2`` / ``name>=1,<2``,
``name @ url`` and simple markers are recognised by precompiled regexes; only anything else
imports ``packaging``, so a file of pins is read without importing it at all.

A line that cannot be read becomes a REQ001 finding at the column of the error, with
packaging's "Expected ..." message, and reading carries on with the next line.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path

from reqhooks._lazy import compile_pattern, lazy_pattern
from reqhooks._names import canonical
from reqhooks.findings import Finding
from reqhooks.model import CompiledInfo, Include, Loc, Option, Requirement, RequirementsFile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Literal, Protocol

    from reqhooks._text import Document

    class Environ(Protocol):
        """Where ``${NAME}`` is looked up: ``os.environ``, a dict, or the engine's
        recording of each lookup."""

        def get(self, name: str, /) -> str | None: ...

__all__ = ["read"]

Span = tuple[int, int]

#: Tests switch this off to check that the packaging path builds the very same model.
_FAST_PATH = True

# -- step 1-3: logical lines ---------------------------------------------------------------

# What str.splitlines() splits on (pip splits with it), for taking a line's terminator off.
_LINE_BREAKS: Final = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


# This module's patterns are compiled on first use, but _PIN_LINE: a file of plain pins
# needs few of them, and compiling them all would cost more than reading it.
_comment = lazy_pattern(r"(^|\s+)#.*$")


_env_var = lazy_pattern(r"\$\{([A-Z0-9_]+)\}")


class _Map:
    """Where each character of a logical line was written in the document.

    ``segs`` are ``(lstart, lend, ostart, oend)``: logical ``[lstart, lend)`` came from
    document ``[ostart, oend)``, character for character when the lengths agree; otherwise
    (an expanded ``${VAR}``, pip's synthetic space) the whole stretch maps to the whole span.
    """

    __slots__ = ("segs",)

    def __init__(self, segs: list[tuple[int, int, int, int]]) -> None:
        self.segs = segs

    def start(self, i: int) -> int:
        for ls, le, os_, oe in self.segs:
            if i < le:
                return os_ + (i - ls) if le - ls == oe - os_ else os_
        return self.segs[-1][3] if self.segs else 0

    def end(self, i: int) -> int:
        """The document offset just after logical character ``i - 1``."""
        if i <= 0:
            return self.start(0)
        for ls, le, os_, oe in self.segs:
            if i <= le:
                return os_ + (i - ls) if le - ls == oe - os_ else oe
        return self.segs[-1][3] if self.segs else 0

    def span(self, a: int, b: int) -> Span:
        if b <= a:
            o = self.end(a) if a > 0 else self.start(0)
            return o, o
        return self.start(a), self.end(b)

    def sub(self, a: int, b: int) -> _Map:
        """The map of logical characters ``[a, b)``, renumbered from 0."""
        out: list[tuple[int, int, int, int]] = []
        for ls, le, os_, oe in self.segs:
            lo, hi = max(ls, a), min(le, b)
            if lo >= hi:
                continue
            if le - ls == oe - os_:
                out.append((lo - a, hi - a, os_ + (lo - ls), os_ + (hi - ls)))
            else:
                out.append((lo - a, hi - a, os_, oe))
        return _Map(out)


class _Logical:
    # This and the other small records of this module are plain classes with slots: cheaper
    # to define than named tuples (which every run would pay for) and to make.
    __slots__ = ("comment", "comment_start", "map", "text")

    text: str  # after joining, comment stripping, strip() and ${VAR} expansion
    map: _Map
    comment: str | None  # the comment from its '#', if the line has one
    comment_start: int  # document offset of that '#'

    def __init__(self, text: str, lmap: _Map, comment: str | None, comment_start: int) -> None:
        self.text = text
        self.map = lmap
        self.comment = comment
        self.comment_start = comment_start


def _logical_lines(text: str, environ: Environ) -> Iterator[_Logical]:
    """pip's ``preprocess``: join_lines, ignore_comments, expand_env_variables."""
    pos = 0
    pending: list[tuple[str, int, int]] | None = None  # pieces of a continued line
    comment = _comment() if "#" in text else None
    for raw in text.splitlines(True):
        start = pos
        pos += len(raw)
        if raw.endswith("\r\n"):
            line = raw[:-2]
        elif raw and raw[-1] in _LINE_BREAKS:
            line = raw[:-1]
        else:
            line = raw
        is_comment = comment is not None and "#" in line and comment.match(line) is not None
        if not line.endswith("\\") or is_comment:
            pieces = [(line, start, start + len(line))]
            if is_comment:
                # pip puts a space in front so that the comment is stripped after joining.
                pieces.insert(0, (" ", start, start))
            if pending is not None:
                pending.extend(pieces)
                pieces, pending = pending, None
            logical = _build(pieces, environ)
            if logical is not None:
                yield logical
        else:
            # line.strip("\\"): pip drops backslashes at both ends.
            stripped = line.strip("\\")
            lead = len(line) - len(line.lstrip("\\"))
            if pending is None:
                pending = []
            pending.append((stripped, start + lead, start + lead + len(stripped)))
    if pending is not None:
        logical = _build(pending, environ)
        if logical is not None:
            yield logical


def _build(pieces: list[tuple[str, int, int]], environ: Environ) -> _Logical | None:
    if len(pieces) == 1:
        joined, o1, o2 = pieces[0]
        segs = [(0, len(joined), o1, o2)] if joined else []
    else:
        joined = "".join(p[0] for p in pieces)
        segs = []
        at = 0
        for piece, o1, o2 in pieces:
            if piece:
                segs.append((at, at + len(piece), o1, o2))
                at += len(piece)
    full = _Map(segs)
    comment: str | None = None
    comment_start = 0
    content_end = len(joined)
    if "#" in joined:
        m = _comment().search(joined)
        if m is not None:
            content_end = m.start()
            hash_at = joined.index("#", m.start())
            comment = joined[hash_at:]
            comment_start = full.start(hash_at)
    content = joined[:content_end]
    stripped = content.strip()
    if not stripped:
        if comment is None:
            return None
        return _Logical("", _Map([]), comment, comment_start)
    a = len(content) - len(content.lstrip())
    b = a + len(stripped)
    lmap = full if (a == 0 and b == len(joined)) else full.sub(a, b)
    if "${" in stripped:
        stripped, lmap = _expand(stripped, lmap, environ)
    return _Logical(stripped, lmap, comment, comment_start)


def _expand(text: str, lmap: _Map, environ: Environ) -> tuple[str, _Map]:
    out: list[str] = []
    segs: list[tuple[int, int, int, int]] = []
    at = 0
    last = 0

    def keep(a: int, b: int) -> None:
        nonlocal at
        if a < b:
            out.append(text[a:b])
            for ls, le, os_, oe in lmap.sub(a, b).segs:
                segs.append((ls + at, le + at, os_, oe))
            at += b - a

    for m in _env_var().finditer(text):
        value = environ.get(m.group(1))
        if not value:
            continue
        keep(last, m.start())
        o1, o2 = lmap.span(m.start(), m.end())
        out.append(value)
        segs.append((at, at + len(value), o1, o2))
        at += len(value)
        last = m.end()
    if not out:
        return text, lmap
    keep(last, len(text))
    return "".join(out), _Map(segs)


# -- step 4: options -----------------------------------------------------------------------

#: pip's requirements-file options (``SUPPORTED_OPTIONS`` + ``SUPPORTED_OPTIONS_REQ``) and
#: whether each takes a value.  ``--global-option`` is for older pips (pip 26 rejects it).
_LONG_OPTIONS: Final = {
    "--index-url": True,
    "--pypi-url": True,
    "--extra-index-url": True,
    "--no-index": False,
    "--constraint": True,
    "--requirement": True,
    "--editable": True,
    "--find-links": True,
    "--no-binary": True,
    "--only-binary": True,
    "--prefer-binary": False,
    "--require-hashes": False,
    "--no-require-hashes": False,
    "--pre": False,
    "--all-releases": True,
    "--only-final": True,
    "--trusted-host": True,
    "--use-feature": True,
    "--hash": True,
    "--config-settings": True,
    "--global-option": True,
}
_ALIASES: Final = {"--pypi-url": "--index-url"}
_SHORT_OPTIONS: Final = {
    "-i": "--index-url",
    "-c": "--constraint",
    "-r": "--requirement",
    "-e": "--editable",
    "-f": "--find-links",
    "-C": "--config-settings",
}
_STRONG_HASHES: Final = ("sha256", "sha384", "sha512")
_SHLEX_SPACE: Final = " \t\r\n"


_word = lazy_pattern(r"[^ \t\r\n]+")


class _Token:
    __slots__ = ("end", "start", "value", "verbatim")

    value: str  # after shell unquoting
    start: int  # [start, end) in the logical line
    end: int
    verbatim: bool  # value == the text as written (no quotes or escapes)

    def __init__(self, value: str, start: int, end: int, verbatim: bool) -> None:
        self.value = value
        self.start = start
        self.end = end
        self.verbatim = verbatim


class _Opt:
    __slots__ = ("end", "name", "start", "value", "value_span", "value_verbatim")

    name: str  # long form
    value: str | None
    start: int
    end: int
    value_span: Span | None
    value_verbatim: bool

    def __init__(
        self,
        name: str,
        value: str | None,
        start: int,
        end: int,
        value_span: Span | None,
        value_verbatim: bool,
    ) -> None:
        self.name = name
        self.value = value
        self.start = start
        self.end = end
        self.value_span = value_span
        self.value_verbatim = value_verbatim


class _Problem(Exception):
    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


def _shell_split(s: str, base: int) -> list[_Token]:
    """``shlex.split(s)`` (POSIX mode), remembering where each word was written."""
    if "'" not in s and '"' not in s and "\\" not in s:
        return [
            _Token(m.group(), base + m.start(), base + m.end(), True) for m in _word().finditer(s)
        ]
    tokens: list[_Token] = []
    i, n = 0, len(s)
    while True:
        while i < n and s[i] in _SHLEX_SPACE:
            i += 1
        if i >= n:
            return tokens
        start = i
        buf: list[str] = []
        while i < n and s[i] not in _SHLEX_SPACE:
            c = s[i]
            if c == "'":
                close = s.find("'", i + 1)
                if close < 0:
                    raise _Problem("No closing quotation", (base + i, base + n))
                buf.append(s[i + 1 : close])
                i = close + 1
            elif c == '"':
                j = i + 1
                while True:
                    if j >= n:
                        raise _Problem("No closing quotation", (base + i, base + n))
                    d = s[j]
                    if d == '"':
                        break
                    if d == "\\" and j + 1 < n and s[j + 1] in '"\\':
                        buf.append(s[j + 1])
                        j += 2
                        continue
                    if d == "\\" and j + 1 >= n:
                        raise _Problem("No closing quotation", (base + i, base + n))
                    buf.append(d)
                    j += 1
                i = j + 1
            elif c == "\\":
                if i + 1 >= n:
                    raise _Problem("No escaped character", (base + i, base + n))
                buf.append(s[i + 1])
                i += 2
            else:
                buf.append(c)
                i += 1
        value = "".join(buf)
        tokens.append(_Token(value, base + start, base + i, value == s[start:i]))


def _match_long(opt: str, span: Span) -> str:
    """optparse's unique-prefix matching of long options."""
    if opt in _LONG_OPTIONS:
        return opt
    candidates = [o for o in _LONG_OPTIONS if o.startswith(opt)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise _Problem(f"Unknown option {opt}", span)
    raise _Problem(f"Ambiguous option {opt} ({', '.join(sorted(candidates))})", span)


def _parse_options(text: str, tokens: list[_Token], problems: list[_Problem]) -> list[_Opt]:
    """optparse over pip's option table; a bad option is a problem, the rest is still read.

    Words that are not options or their values (pip drops them without a word, e.g. a
    marker written after ``--hash``) are reported, one problem per run of them.
    """
    opts: list[_Opt] = []
    strays: list[_Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        v = tok.value
        try:
            if v == "--":
                strays.extend(tokens[i:])
                break
            if v.startswith("--"):
                raw, eq, attached = v.partition("=")
                name = _match_long(raw, (tok.start, tok.end))
                takes_value = _LONG_OPTIONS[name]
                name = _ALIASES.get(name, name)
                if not takes_value:
                    if eq:
                        raise _Problem(f"Option {raw} does not take a value", (tok.start, tok.end))
                    opts.append(_Opt(name, None, tok.start, tok.end, None, False))
                    continue
                if eq:
                    cut = _value_start(tok, len(raw) + 1)
                    opts.append(
                        _Opt(name, attached, tok.start, tok.end, (cut, tok.end), tok.verbatim)
                    )
                    continue
            elif v.startswith("-") and v != "-":
                short = v[:2]
                name = _SHORT_OPTIONS.get(short, "")
                if not name:
                    raise _Problem(f"Unknown option {short}", (tok.start, tok.end))
                if len(v) > 2:
                    cut = _value_start(tok, 2)
                    opts.append(_Opt(name, v[2:], tok.start, tok.end, (cut, tok.end), tok.verbatim))
                    continue
                raw = short
            else:
                strays.append(tok)
                continue
            if i >= len(tokens):
                raise _Problem(f"Option {raw} needs a value", (tok.start, tok.end))
            val = tokens[i]
            i += 1
            opts.append(
                _Opt(name, val.value, tok.start, val.end, (val.start, val.end), val.verbatim)
            )
        except _Problem as p:
            problems.append(p)
            # An unknown option's value is not worth a second finding.
            bare = "=" not in v if v.startswith("--") else len(v) == 2
            unknown = p.message.startswith("Unknown") and bare
            if unknown and i < len(tokens) and not tokens[i].value.startswith("-"):
                i += 1
    _report_strays(text, strays, tokens, problems)
    return opts


def _value_start(tok: _Token, prefix: int) -> int:
    """Where an attached value (``--opt=VALUE``, ``-rVALUE``) starts as written."""
    return tok.start + prefix


def _report_strays(
    text: str, strays: list[_Token], tokens: list[_Token], problems: list[_Problem]
) -> None:
    from reqhooks._mask import mask_secrets

    runs: list[list[_Token]] = []
    for tok in strays:
        index = tokens.index(tok)
        if runs and tokens.index(runs[-1][-1]) == index - 1:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    for run in runs:
        start, end = run[0].start, run[-1].end
        shown = mask_secrets(text[start:end])
        hint = "; quote a `name @ URL` after -e" if run[0].value == "@" else ""
        problems.append(_Problem(f"pip ignores {shown!r} after an option{hint}", (start, end)))


def _check_option_value(opt: _Opt) -> str | None:
    """pip's callbacks' own checks (``--hash``, ``--config-settings``)."""
    value = opt.value or ""
    if opt.name == "--hash":
        algo, sep, _ = value.partition(":")
        if not sep:
            return (
                "Arguments to --hash must be a hash name followed by a value, "
                "like --hash=sha256:abcde..."
            )
        if algo not in _STRONG_HASHES:
            return f"Allowed hash algorithms for --hash are {', '.join(_STRONG_HASHES)}."
    elif opt.name == "--config-settings" and "=" not in value:
        return "Arguments to --config-settings must be of the form KEY=VAL"
    return None


# -- the requirement -----------------------------------------------------------------------

_NAME: Final = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_V: Final = r"[0-9]+(?:\.[0-9]+)*(?:(?:a|b|rc)[0-9]+)?(?:\.post[0-9]+)?(?:\.dev[0-9]+)?"
_ONE_SPEC: Final = (
    rf"(?:(?:==|!=)[ \t]*(?:[0-9]+(?:\.[0-9]+)*\.\*|{_V}(?:\+[a-z0-9]+(?:\.[a-z0-9]+)*)?)"
    rf"|(?:<=|>=|<|>)[ \t]*{_V}"
    r"|~=[ \t]*[0-9]+(?:\.[0-9]+)+(?:(?:a|b|rc)[0-9]+)?(?:\.post[0-9]+)?(?:\.dev[0-9]+)?)"
)
_EXTRAS: Final = rf"\[[ \t]*(?:{_NAME}(?:[ \t]*,[ \t]*{_NAME})*)?[ \t]*\]"


# Most lines of most files: ``name``, ``name[extras]``, ``name==1.2`` ... and nothing else.
_plain_line = lazy_pattern(
        rf"(?P<name>{_NAME})[ \t]*(?:(?P<extras>{_EXTRAS})[ \t]*)?"
        rf"(?P<spec>{_ONE_SPEC}(?:[ \t]*,[ \t]*{_ONE_SPEC})*)?"
    )


# Every character _plain_line() can match: a line with another (a marker, a URL) skips it.
_PLAIN_LINE_CHARS: Final = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-[], \t=!<>~*+"
)


# The commonest plain lines, ``name``, ``name==1.2.3``, ``name>=1.2,<2``, ``name~=1.2``:
# lines _plain_line() matches with the same groups (``extras`` never takes part), for a
# tenth of its compile time.
_PIN: Final = r"(?:(?:[=!<>]=|[<>])[0-9]+(?:\.[0-9]+)*|~=[0-9]+(?:\.[0-9]+)+)"
_PIN_LINE: Final = compile_pattern(rf"(?P<name>{_NAME})(?P<extras>(?!))?(?P<spec>{_PIN}(?:,{_PIN})*)?")
# The fast paths: every string these accept, packaging accepts with the same meaning (the
# tests compare both paths); anything else goes to packaging.
_FAST_REQ_PATTERN: Final = (
    rf"[ \t]*{_NAME}[ \t]*(?:{_EXTRAS}[ \t]*)?"
    rf"(?:{_ONE_SPEC}(?:[ \t]*,[ \t]*{_ONE_SPEC})*|@[ \t]*[^ \t]+)?[ \t]*"
)
_VAR: Final = (
    r"(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)"
    r"|platform[._](?:version|machine|python_implementation)|python_implementation"
    r"|implementation_(?:name|version)|extras?|dependency_groups)"
)
# literal_eval() rejects backslashes and control characters: leave those to packaging.
_QSTR: Final = r"""(?:'[^'\\\x00-\x1f\x7f]*'|"[^"\\\x00-\x1f\x7f]*")"""
_MARKER_VAR: Final = rf"(?:{_VAR}|{_QSTR})"
_ATOM: Final = (
    rf"{_MARKER_VAR}(?:[ \t]*(?:===|==|~=|!=|<=|>=|<|>)[ \t]*|[ \t]+(?:not[ \t]+)?in[ \t]+)"
    rf"{_MARKER_VAR}"
)
_FAST_MARKER_PATTERN: Final = rf"[ \t]*{_ATOM}(?:[ \t]+(?:and|or)[ \t]+{_ATOM})*[ \t]*"


# Compiled on first use (a file of plain pins needs neither), then from the program cache.
_fast_req = lazy_pattern(_FAST_REQ_PATTERN)


_fast_marker = lazy_pattern(_FAST_MARKER_PATTERN)


# To find the pieces of a string packaging (or the fast path) has accepted.
@functools.cache
def _pep508_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A name, a URL."""
    return compile_pattern(r"\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b"), compile_pattern(r"[^ \t]+")


_spaces = lazy_pattern(r"\s+")


_scheme = lazy_pattern(r"[\x00-\x20]*([A-Za-z][A-Za-z0-9+.\-]*):")


_VCS: Final = ("bzr", "git", "hg", "svn")
_VCS_SCHEMES: Final = frozenset(
    [
        "bzr+http",
        "bzr+https",
        "bzr+ssh",
        "bzr+sftp",
        "bzr+ftp",
        "bzr+lp",
        "bzr+file",
        "git+http",
        "git+https",
        "git+ssh",
        "git+git",
        "git+file",
        "hg+file",
        "hg+http",
        "hg+https",
        "hg+ssh",
        "hg+static-http",
        "svn+ssh",
        "svn+http",
        "svn+https",
        "svn+svn",
        "svn+file",
    ]
)
_URL_SCHEMES: Final = frozenset({"http", "https", "file", "ftp"}) | _VCS_SCHEMES
_ARCHIVES: Final = (
    ".zip", ".whl", ".tar.bz2", ".tbz", ".tar.gz", ".tgz", ".tar", ".tar.xz", ".txz", ".tlz",
    ".tar.lz", ".tar.lzma",
)  # fmt: skip


# Only URLs, editables, paths and includes need these.
_egg_fragment = lazy_pattern(r"[#&]egg=([^&]*)")


_path_extras = lazy_pattern(r"^(.+)(\[[^\]]+\])$", re.DOTALL)


_include_url = lazy_pattern(r"(http|https|file):", re.IGNORECASE)


_name_at = lazy_pattern(r"\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\]\s*)?@")


@functools.cache
def _egg_name() -> re.Pattern[str]:
    """pip's egg name pattern (IGNORECASE makes it slow to compile)."""
    return compile_pattern(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)


_canonical = canonical  # reqhooks._names


def _normalise_specifier(text: str) -> str:
    spaces = _spaces()
    return ",".join(spaces.sub("", part) for part in text.split(",") if part.strip())


class _Parts:
    """A requirement's pieces; spans are ``[start, end)`` in the string that was read."""

    __slots__ = (
        "extras",
        "marker",
        "marker_span",
        "name",
        "name_span",
        "spec_span",
        "specifier",
        "url",
    )

    def __init__(self) -> None:
        self.name = ""
        self.name_span: Span | None = None
        self.specifier = ""
        self.spec_span: Span | None = None
        self.extras: tuple[str, ...] = ()
        self.url: str | None = None
        self.marker: str | None = None
        self.marker_span: Span | None = None


def _is_url(s: str) -> bool:
    """pip's ``is_url``: a scheme pip can fetch from."""
    m = _scheme().match(s)
    return m is not None and m.group(1).lower() in _URL_SCHEMES


def _looks_like_path(s: str) -> bool:
    return (
        "/" in s or os.sep in s or (os.altsep is not None and os.altsep in s) or s.startswith(".")
    )


def _is_archive(path: str) -> bool:
    return path.lower().endswith(_ARCHIVES)


def _syntax_error(exc: Exception, length: int) -> _Problem:
    """packaging's message and caret (the position of the error)."""
    cause = exc.__cause__
    span = getattr(cause, "span", None)
    message = getattr(cause, "message", None)
    if isinstance(span, tuple) and isinstance(message, str):
        caret = min(max(int(span[1]), 0), length)
        return _Problem(message, (caret, min(caret + 1, length)))
    first = str(exc).splitlines()[0] if str(exc) else "Invalid requirement"
    return _Problem(first, (0, length))


def _check_pep508(s: str) -> None:
    """Raise a :class:`_Problem` (spans in ``s``) unless ``s`` is a valid PEP 508 string."""
    # A pin (``certifi==1.2`` before its marker) is in the fast language too: no need to
    # compile that pattern for it.
    if _FAST_PATH and (_PIN_LINE.fullmatch(s) or _fast_req().fullmatch(s)):
        return
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement as _Requirement

    try:
        _Requirement(s)
    except InvalidRequirement as e:
        raise _syntax_error(e, len(s)) from None


def _check_marker(s: str) -> None:
    if _FAST_PATH and _fast_marker().fullmatch(s):
        return
    from packaging.markers import InvalidMarker, Marker

    try:
        Marker(s)
    except InvalidMarker as e:
        raise _syntax_error(e, len(s)) from None


def _pep508_parts(s: str, parts: _Parts, *, with_marker: bool) -> None:
    """Fill ``parts`` from ``s``, which has been checked; ``with_marker``: ``s`` may hold one."""
    pos = _skip_ws(s, 0)
    identifier, url_token = _pep508_patterns()
    m = identifier.match(s, pos)
    if m is None:  # pragma: no cover - s was checked
        raise _Problem("Expected package name at the start of dependency specifier", (pos, pos))
    parts.name = _canonical(m.group())
    parts.name_span = m.span()
    pos = _skip_ws(s, m.end())
    after_name = m.end()
    if s.startswith("[", pos):
        close = s.index("]", pos)
        extras: list[str] = []
        for extra in s[pos + 1 : close].split(","):
            normalised = _canonical(extra.strip())
            if normalised and normalised not in extras:
                extras.append(normalised)
        parts.extras = tuple(extras)
        after_name = close + 1
        pos = _skip_ws(s, close + 1)
    if s.startswith("@", pos):
        u = url_token.match(s, _skip_ws(s, pos + 1))
        if u is None:  # pragma: no cover - s was checked
            raise _Problem("Expected URL after @", (pos, pos))
        parts.url = u.group()
        pos = u.end()
    else:
        if s.startswith("(", pos):
            close = s.index(")", pos)
            spec = _strip_span(s, pos + 1, close)
            pos = close + 1
        else:
            semicolon = s.find(";", pos) if with_marker else -1
            spec = _strip_span(s, pos, len(s) if semicolon < 0 else semicolon)
            pos = spec[1]
        if spec[0] == spec[1]:
            spec = (after_name, after_name)
        parts.spec_span = spec
        parts.specifier = _normalise_specifier(s[spec[0] : spec[1]])
    if with_marker:
        semicolon = s.find(";", pos)
        if semicolon >= 0:
            span = _strip_span(s, semicolon + 1, len(s))
            parts.marker = s[span[0] : span[1]]
            parts.marker_span = span


def _skip_ws(s: str, pos: int) -> int:
    while pos < len(s) and s[pos] in " \t":
        pos += 1
    return pos


def _strip_span(s: str, start: int, end: int) -> Span:
    while start < end and s[start].isspace():
        start += 1
    while end > start and s[end - 1].isspace():
        end -= 1
    return start, end


def _egg(url: str, parts: _Parts, offset: int) -> None:
    m = _egg_fragment().search(url)
    if m is None:
        return
    name = m.group(1)
    if not _egg_name().match(name):
        raise _Problem(
            f"Invalid #egg= name {name!r}: write the requirement as `name[extras] @ URL`",
            (offset + m.start(1), offset + m.end(1)),
        )
    parts.name = _canonical(name)
    parts.name_span = (offset + m.start(1), offset + m.end(1))


def _wheel(filename: str, parts: _Parts, name_at: int | None) -> None:
    from packaging.utils import InvalidWheelFilename, parse_wheel_filename

    try:
        name, version, _, _ = parse_wheel_filename(filename)
    except InvalidWheelFilename as e:
        at = name_at if name_at is not None else 0
        raise _Problem(str(e), (at, at + len(filename))) from None
    parts.name = _canonical(name)
    parts.specifier = f"=={version}"
    if name_at is not None:
        parts.name_span = (name_at, name_at + len(filename.split("-", 1)[0]))


def _url_parts(url: str, offset: int, parts: _Parts) -> None:
    """A bare URL (``install_req_from_line`` with a link): name from a wheel or ``#egg=``."""
    parts.url = url
    path_end = len(url)
    for sep in ("#", "?"):
        cut = url.find(sep)
        if 0 <= cut < path_end:
            path_end = cut
    path = url[:path_end].rstrip("/")
    base = path.rfind("/") + 1
    filename = path[base:]
    if filename.lower().endswith(".whl"):
        from urllib.parse import unquote

        decoded = unquote(filename)
        _wheel(decoded, parts, offset + base if decoded == filename else None)
    else:
        _egg(url, parts, offset)


def _line_requirement(r: str) -> _Parts:
    """pip's ``parse_req_from_line`` on the requirement part of a line; spans are in ``r``."""
    parts = _Parts()
    sep = "; " if _is_url(r) else ";"
    cut = r.find(sep)
    name_end = len(r) if cut < 0 else cut
    if cut >= 0:
        span = _strip_span(r, cut + len(sep), len(r))
        if span[0] < span[1]:
            marker = r[span[0] : span[1]]
            try:
                _check_marker(marker)
            except _Problem as p:
                raise _Problem(p.message, (span[0] + p.span[0], span[0] + p.span[1])) from None
            parts.marker = marker
            parts.marker_span = span
    n0, n1 = _strip_span(r, 0, name_end)
    s = r[n0:n1]
    if _is_url(s):
        _url_parts(s, n0, parts)
        return parts
    path, extras = s, ""
    m = _path_extras().match(s)
    if m is not None:
        path, extras = m.group(1).rstrip(), m.group(2)
    if _is_archive(path) and not ("@" in s and not _looks_like_path(s.split("@", 1)[0])):
        _local_parts(path, extras, n0, parts)
        if path.lower().endswith(".whl"):
            base = max(path.rfind("/"), path.rfind(os.sep)) + 1
            _wheel(path[base:], parts, n0 + base)
        return parts
    if _looks_like_path(s) and not _name_at().match(s):
        _local_parts(path, extras, n0, parts)
        return parts
    try:
        _check_pep508(s)
    except _Problem as p:
        raise _Problem(p.message, (n0 + p.span[0], n0 + p.span[1])) from None
    sub = _Parts()
    _pep508_parts(s, sub, with_marker=False)
    parts.name, parts.extras, parts.url, parts.specifier = (
        sub.name,
        sub.extras,
        sub.url,
        sub.specifier,
    )
    parts.name_span = _shift(sub.name_span, n0)
    parts.spec_span = _shift(sub.spec_span, n0)
    return parts


def _local_parts(path: str, extras: str, offset: int, parts: _Parts) -> None:
    parts.url = path
    if extras:
        # pip reads path extras through a placeholder requirement, lower-cased.
        names: list[str] = []
        for extra in extras[1:-1].split(","):
            name = extra.strip()
            if not re.fullmatch(_NAME, name):
                at = offset + len(path)
                raise _Problem(f"Invalid extras {extras!r}", (at, at + len(extras)))
            if _canonical(name) not in names:
                names.append(_canonical(name))
        parts.extras = tuple(names)


def _editable(e: str) -> _Parts:
    """pip's ``parse_editable``: ``name @ url``, a local path, or a VCS URL with ``#egg=``."""
    parts = _Parts()
    if _name_at().match(e):
        try:
            _check_pep508(e)
        except _Problem:
            pass  # pip tries its own syntax next
        else:
            _pep508_parts(e, parts, with_marker=True)
            if parts.url is not None:
                return parts
            parts = _Parts()
    path, extras = e, ""
    m = _path_extras().match(e)
    if m is not None:
        path, extras = m.group(1).rstrip(), m.group(2)
    scheme = _scheme().match(path)
    if scheme is None or len(scheme.group(1)) < 2:  # no scheme, or a Windows drive
        _local_parts(path, extras, 0, parts)
        return parts
    if path.lower().startswith("file:"):
        _local_parts(path, extras, 0, parts)
        _egg(path, parts, 0)
        return parts
    url = e
    for vcs in _VCS:
        if e.lower().startswith(f"{vcs}:"):
            url = f"{vcs}+{e}"
            break
    parts.url = url
    m2 = _scheme().match(url)
    if m2 is None or m2.group(1).lower() not in _VCS_SCHEMES:
        raise _Problem(
            "An editable requirement must be a local directory or a VCS URL (git+https://...)",
            (0, len(e)),
        )
    _egg(e, parts, 0)
    if not parts.name:
        raise _Problem(
            "Cannot tell the name of this editable VCS requirement: "
            "write it as `name @ URL` or add #egg=name",
            (0, len(e)),
        )
    return parts


def _shift(span: Span | None, by: int) -> Span | None:
    return None if span is None else (span[0] + by, span[1] + by)


# -- compiled files ------------------------------------------------------------------------


@functools.cache
def _header_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """pip-compile's header, uv's, and the line before the command."""
    return (
        compile_pattern(r"#\s*This file is autogenerated by pip-compile(?: with [Pp]ython (\S+))?"),
        compile_pattern(r"#\s*This file was autogenerated by uv via the following command:"),
        compile_pattern(r"#\s*(?:by the following command:|To update, run:)\s*$"),
    )


_comment_body_pattern = lazy_pattern(r"#[ \t]*(\S(?:.*\S)?)?[ \t]*$")


_via_one = lazy_pattern(r"via\s+(\S.*)")


_via_source_file = lazy_pattern(r"\((pyproject\.toml|setup\.cfg|setup\.py)(?::[^)]*)?\)$")


_INPUT_SUFFIXES: Final = (".in", ".txt", ".toml", ".cfg", ".py")
# Options of uv pip compile / pip-compile / uv export that take a separate value.
_COMMAND_VALUE_OPTIONS: Final = frozenset(
    [
        "-o",
        "--output-file",
        "-p",
        "--python",
        "--python-version",
        "--python-platform",
        "-c",
        "--constraint",
        "--constraints",
        "--override",
        "--overrides",
        "-b",
        "--build-constraint",
        "--build-constraints",
        "--extra",
        "--group",
        "--only-group",
        "--no-group",
        "--package",
        "--annotation-style",
        "--custom-compile-command",
        "--resolution",
        "--prerelease",
        "--fork-strategy",
        "--exclude-newer",
        "--exclude-newer-package",
        "-P",
        "--upgrade-package",
        "-i",
        "--index-url",
        "--extra-index-url",
        "--index",
        "--default-index",
        "-f",
        "--find-links",
        "--index-strategy",
        "--keyring-provider",
        "-C",
        "--config-setting",
        "--no-binary",
        "--only-binary",
        "--link-mode",
        "--torch-backend",
        "--cache-dir",
        "--color",
        "--directory",
        "--project",
        "--config-file",
        "--format",
        "--no-emit-package",
        "--python-preference",
        "--refresh-package",
        "--prune",
        "--script",
        "--pip-args",
    ]
)
_POETRY_OPTIONS: Final = frozenset(
    {"--index-url", "--extra-index-url", "--find-links", "--trusted-host"}
)


_poetry_line = lazy_pattern(rf"{_NAME}(?:\[[^\]]*\])?(?:==[^ ;]+| @ [^ ]+) ; \S")


def _comment_body(comment: str) -> str:
    m = _comment_body_pattern().match(comment)
    return (m.group(1) or "") if m else comment.lstrip("#").strip()


def _header(lines: list[_Logical], doc: Document) -> CompiledInfo | None:
    """pip-compile's or uv's header, from the comment lines before the first requirement."""
    generator: Literal["pip-compile", "uv", "uv-export"] | None = None
    python: str | None = None
    expect_command = False
    if not lines:
        return None
    pip_compile, uv_header, command_intro = _header_patterns()
    for line in lines:
        comment = line.comment or ""
        if generator is None:
            m = pip_compile.match(comment)
            if m is not None:
                generator, python, expect_command = "pip-compile", m.group(1), True
                continue
            if uv_header.match(comment):
                generator, expect_command = "uv", True
            continue
        if not expect_command or command_intro.match(comment):
            continue
        body = _comment_body(comment)
        if not body:
            continue
        start = line.comment_start + comment.index(body)
        command_loc = Loc(doc, start, start + len(body))
        words = _command_words(body)
        if generator == "uv" and words[:2] == ["uv", "export"]:
            generator = "uv-export"
        sources, py = _command_sources(words)
        return CompiledInfo(generator, body, command_loc, python or py, sources)
    if generator is not None:
        return CompiledInfo(generator, None, None, python, ())
    return None


def _command_words(command: str) -> list[str]:
    import shlex

    try:
        return shlex.split(command)
    except ValueError:
        return command.split()


def _command_sources(words: list[str]) -> tuple[tuple[str, ...], str | None]:
    sources: list[str] = []
    python: str | None = None
    i = 1
    while i < len(words):
        word = words[i]
        i += 1
        if word.startswith("-") and word != "-":
            if "=" in word or word not in _COMMAND_VALUE_OPTIONS:
                name, _, value = word.partition("=")
                if name == "--python-version" and value:
                    python = value
                continue
            if i < len(words):
                if word == "--python-version":
                    python = words[i]
                i += 1
            continue
        if word.endswith(_INPUT_SUFFIXES) and word not in sources:
            sources.append(word)
    return tuple(sources), python


def _via_sources(requirements: list[Requirement]) -> list[str]:
    out: list[str] = []
    for req in requirements:
        for via in req.via:
            if via.startswith("-r "):
                out.append(via[3:].strip())
            else:
                m = _via_source_file().search(via)
                if m is not None:
                    out.append(m.group(1))
    return out


def _split_via(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


def _poetry_export(rf: RequirementsFile, saw_comment: bool) -> bool:
    """poetry export has no header: every line is ``name==version ; marker`` (+ hashes)."""
    if saw_comment or not rf.requirements:
        return False
    first = rf.requirements[0].loc.start
    for opt in rf.options:
        if opt.name not in _POETRY_OPTIONS or opt.loc.start > first:
            return False
    hashed = bool(rf.requirements[0].hashes)
    for req in rf.requirements:
        if req.editable or req.marker is None or bool(req.hashes) != hashed:
            return False
        if not _poetry_line().match(req.text):
            return False
    return True


# -- the reader ----------------------------------------------------------------------------


def read(
    doc: Document, *, constraints: bool = False, environ: Environ | None = None
) -> tuple[RequirementsFile, list[Finding]]:
    """Read ``doc`` as pip reads a requirements (or, with ``constraints``, constraints) file.

    ``-r``/``-c`` are recorded as :class:`~reqhooks.model.Include` entries (paths relative to
    ``doc``'s directory), not followed.  Never raises: what cannot be read is a REQ001 finding.
    """
    reader = _Reader(doc, constraints, os.environ if environ is None else environ)
    reader.run()
    return reader.file, reader.findings


class _Reader:
    def __init__(self, doc: Document, constraints: bool, environ: Environ) -> None:
        self.doc = doc
        self.kind: Literal["requirements", "constraints"] = (
            "constraints" if constraints else "requirements"
        )
        self.environ = environ
        self.file = RequirementsFile(doc=doc, constraints_file=constraints)
        self.findings: list[Finding] = []

    def problem(self, start: int, end: int, message: str) -> None:
        self.findings.append(Finding.at("REQ001", Loc(self.doc, start, end), message))

    def run(self) -> None:
        leading: list[_Logical] = []  # comment lines before the first content line
        seen_content = False
        saw_comment = False
        last: Requirement | None = None  # the requirement "# via" comments belong to
        via_block: list[str] | None = None  # "# via" followed by "#   X" lines
        for line in _logical_lines(self.doc.text, self.environ):
            if line.comment is not None:
                saw_comment = True
            if not line.text:
                if not seen_content:
                    leading.append(line)
                    continue
                body = _comment_body(line.comment or "")
                if last is None:
                    continue
                if body == "via":
                    via_block = []
                    last.via = ()
                elif via_block is not None and body and (line.comment or "").startswith("#  "):
                    via_block.append(body)
                    last.via = tuple(via_block)
                else:
                    via_block = None
                    m = _via_one().fullmatch(body)
                    if m is not None:
                        last.via = _split_via(m.group(1))
                continue
            seen_content = True
            via_block = None
            last = self.line(line)
            if last is not None and line.comment is not None:
                m = _via_one().fullmatch(_comment_body(line.comment))
                if m is not None:
                    last.via = _split_via(m.group(1))
        self.file.compiled = _header(leading, self.doc)
        if self.file.compiled is not None:
            info = self.file.compiled
            extra = [s for s in _via_sources(self.file.requirements) if s not in info.sources]
            if extra:
                info.sources = (*info.sources, *dict.fromkeys(extra))
        elif _poetry_export(self.file, saw_comment):
            self.file.compiled = CompiledInfo("poetry-export", None, None, None, ())

    def line(self, line: _Logical) -> Requirement | None:
        text = line.text
        lmap = line.map
        # pip's break_args_options: split at the first " "-separated token starting with "-".
        if text.startswith("-"):
            opt_at = 0
        else:
            found = text.find(" -")
            opt_at = found + 1 if found >= 0 else -1
        if opt_at < 0 and _FAST_PATH:
            plain = _PIN_LINE.fullmatch(text)
            if plain is None and _PLAIN_LINE_CHARS.issuperset(text):  # (else it cannot match)
                plain = _plain_line().fullmatch(text)
            # A bare "x.whl" is an archive path to pip, not a name.
            if plain is not None and (plain.group("spec") or not _is_archive(plain.group("name"))):
                return self.plain(text, lmap, plain)
        args = text if opt_at < 0 else text[: max(opt_at - 1, 0)]
        opts: list[_Opt] = []
        if opt_at >= 0:
            problems: list[_Problem] = []
            try:
                tokens = _shell_split(text[opt_at:], opt_at)
            except _Problem as unsplittable:
                # pip rejects the line ("Could not split options"); the requirement stands.
                problems.append(
                    _Problem(f"Could not split options: {unsplittable.message}", unsplittable.span)
                )
                tokens = []
            opts = _parse_options(text, tokens, problems)
            for problem in problems:
                self.problem(*lmap.span(*problem.span), problem.message)
        editables = [o for o in opts if o.name == "--editable"]
        req: Requirement | None = None
        if args:
            req = self.requirement(args, lmap, editable=bool(editables), token=None)
        elif editables:
            req = self.requirement(
                editables[0].value or "", lmap, editable=True, token=editables[0]
            )
        hashes: list[str] = []
        for o in opts:
            message = _check_option_value(o)
            vspan = lmap.span(*o.value_span) if o.value_span else None
            if message is not None:
                s, e = vspan or lmap.span(o.start, o.end)
                self.problem(s, e, message)
            if o.name == "--hash" and (args or editables):
                if message is None:
                    hashes.append(o.value or "")
                continue
            if o.name == "--hash" and message is None:
                s, e = lmap.span(o.start, o.end)
                self.problem(
                    s,
                    e,
                    "--hash without a requirement on its line is ignored; "
                    "end the requirement's line with \\",
                )
            loc = Loc(self.doc, *lmap.span(o.start, o.end))
            value_loc = Loc(self.doc, *vspan) if vspan else None
            self.file.options.append(Option(o.name, o.value, loc, value_loc))
        if req is not None:
            if hashes and not req.editable:
                req.hashes = tuple(hashes)
            req.line_end = lmap.end(len(text))
            return req
        includes = [o for o in opts if o.name == "--requirement"] or [
            o for o in opts if o.name == "--constraint"
        ]
        if includes and not args:
            self.include(includes[0], lmap)
        return None

    def plain(self, text: str, lmap: _Map, m: re.Match[str]) -> Requirement:
        """What :meth:`requirement` makes of a plain line, without the detours."""
        name_start, name_end = m.span("name")
        extras_text = m.group("extras")
        extras: tuple[str, ...] = ()
        after = name_end
        if extras_text:
            names: list[str] = []
            for extra in extras_text[1:-1].split(","):
                normalised = _canonical(extra.strip())
                if normalised and normalised not in names:
                    names.append(normalised)
            extras = tuple(names)
            after = m.end("extras")
        spec = m.group("spec")
        if spec is None:
            specifier = ""
            spec_start = spec_end = after
        else:
            specifier = _normalise_specifier(spec) if (" " in spec or "\t" in spec) else spec
            spec_start, spec_end = m.span("spec")
        doc = self.doc
        segs = lmap.segs
        ls, le, os_, oe = segs[0]
        if len(segs) == 1 and le - ls == oe - os_:
            loc = Loc(doc, os_, os_ + len(text))
            name_loc = Loc(doc, os_ + name_start, os_ + name_end)
            spec_loc = Loc(doc, os_ + spec_start, os_ + spec_end)
            line_end = os_ + len(text)
        else:
            loc = Loc(doc, *lmap.span(0, len(text)))
            name_loc = Loc(doc, *lmap.span(name_start, name_end))
            spec_loc = Loc(doc, *lmap.span(spec_start, spec_end))
            line_end = lmap.end(len(text))
        req = Requirement(
            name=_canonical(text[name_start:name_end]),
            text=text,
            loc=loc,
            kind=self.kind,
            specifier=specifier,
            extras=extras,
            name_loc=name_loc,
            spec_loc=spec_loc,
            line_end=line_end,
        )
        self.file.requirements.append(req)
        return req

    def include(self, o: _Opt, lmap: _Map) -> None:
        target = o.value or ""
        path = None
        if not _include_url().match(target):
            base = os.path.dirname(self.doc.path)
            path = Path(os.path.abspath(os.path.join(base, target)))
        vspan = o.value_span or (o.start, o.end)
        loc = Loc(self.doc, *lmap.span(*vspan))
        self.file.includes.append(Include(target, path, o.name == "--constraint", loc))

    def requirement(
        self, r: str, lmap: _Map, *, editable: bool, token: _Opt | None
    ) -> Requirement | None:
        if token is not None:
            span = token.value_span or (token.start, token.end)
            exact = token.value_verbatim
            base = span[0]
        else:
            r = r.rstrip()
            span = (0, len(r))
            exact = True
            base = 0

        def to_doc(s: Span | None) -> Loc | None:
            if s is None:
                return None
            if not exact:
                return Loc(self.doc, *lmap.span(*span))
            return Loc(self.doc, *lmap.span(base + s[0], base + s[1]))

        try:
            parts = _editable(r) if editable else _line_requirement(r)
            if editable and self.kind == "constraints":
                raise _Problem("Editable requirements are not allowed as constraints", (0, len(r)))
        except _Problem as p:
            loc = to_doc(p.span)
            assert loc is not None
            self.findings.append(Finding.at("REQ001", loc, p.message))
            return None
        loc = Loc(self.doc, *lmap.span(*span))
        req = Requirement(
            name=parts.name,
            text=r,
            loc=loc,
            kind=self.kind,
            specifier=parts.specifier,
            marker=parts.marker,
            extras=parts.extras,
            url=parts.url,
            editable=editable,
            name_loc=to_doc(parts.name_span),
            spec_loc=to_doc(parts.spec_span),
            marker_loc=to_doc(parts.marker_span),
        )
        self.file.requirements.append(req)
        return req
