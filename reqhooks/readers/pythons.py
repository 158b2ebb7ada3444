"""Deployment Python declarations: the files that say which CPython a project runs on.

``.python-version``, ``runtime.txt``, Dockerfiles (``FROM python:3.12-slim``),
``.tool-versions``, ``render.yaml`` (``PYTHON_VERSION``) and the ``python-version`` values of
GitHub Actions workflows.  Each becomes a :class:`~reqhooks.model.PythonDecl` whose ``loc``
is the version text itself (``3.12`` in ``python:3.12-slim``), so that a finding underlines
exactly what to change; ``value`` is what the declaration says as a whole (the token, the
image reference).

These files are read line by line, without a YAML library: only a few well-known shapes
matter, and a program that runs on every save must not pay for a YAML parser.  Anything that
is not a CPython version (``pypy3.10``, ``system``, ``python:latest``, ``python:3``,
``${{ matrix.python-version }}``) is skipped without a finding.
"""

from __future__ import annotations

import functools
import re
from collections import namedtuple

from reqhooks._lazy import compile_pattern, lazy_pattern
from reqhooks.findings import Finding
from reqhooks.model import Loc, PythonDecl

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Final, Literal

    from reqhooks._text import Document

    DeclKind = Literal[
        ".python-version", "runtime.txt", "Dockerfile", ".tool-versions", "render.yaml", "workflow"
    ]

KINDS: Final[frozenset[str]] = frozenset(
    {".python-version", "runtime.txt", "Dockerfile", ".tool-versions", "render.yaml", "workflow"}
)  # the values of DeclKind

#: A CPython version as these files write it: ``3.12``, ``3.12.1``, ``3.14.0rc1``.
#: (At most nine digits a part: int() refuses a string of more than 4300 digits.)
_VERSION: Final = (
    r"(?P<v>(?P<major>\d{1,9})\.(?P<minor>\d{1,9})(?:\.(?P<micro>\d{1,9}))?(?:(?:a|b|rc)\d+)?)"
)


@functools.cache
def _request_token() -> re.Pattern[str]:
    """A version request token of pyenv / uv / asdf: ``3.12``,
    ``cpython-3.12.1-macos-aarch64-none``, ``cpython@3.12``, ``python3.12``, ``3.13t``,
    ``3.12-dev``.  Compiled on first use (IGNORECASE makes it slow): this module is imported
    to classify files, in projects that have none of these."""
    return compile_pattern(
        rf"(?:c?python|cp)?[-@]?{_VERSION}(?:t|\+freethreaded)?(?:[-+].*)?", re.IGNORECASE
    )


_BARE_MAJOR: Final = compile_pattern(r"\d+")
_WORD = lazy_pattern(r"\S+")

_EXPECTED: Final = "Expected a Python version like 3.12 or 3.12.1"


def read(doc: Document, kind: str) -> tuple[list[PythonDecl], list[Finding]]:
    """The Python versions ``doc`` declares, and REQ001 findings for malformed ones."""
    reader = _READERS.get(kind)
    if reader is None:
        return [], []
    decls: list[PythonDecl] = []
    findings: list[Finding] = []
    reader(doc, decls, findings)
    return decls, findings


# -- helpers -----------------------------------------------------------------------------


def _version_tuple(m: re.Match[str]) -> tuple[int, ...]:
    micro = m.group("micro")
    major, minor = int(m.group("major")), int(m.group("minor"))
    return (major, minor) if micro is None else (major, minor, int(micro))


def _lines(text: str) -> list[tuple[int, str]]:
    """``(start offset, line text without newline)`` for every line."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, body))
        pos += len(line)
    return out


def _strip_comment(line: str, *, need_space: bool = True) -> str:
    """``line`` without a trailing ``# comment`` (not inside quotes)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (not need_space or i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def _unquote(text: str, start: int) -> tuple[str, int]:
    """A YAML / shell scalar without its quotes, and the offset of its first character."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1], start + 1
    return text, start


def _token(
    doc: Document,
    token: str,
    start: int,
    source: DeclKind,
    decls: list[PythonDecl],
    findings: list[Finding] | None,
    pattern: re.Pattern[str],
) -> None:
    """Add the declaration ``token`` makes; report it when it means a version but is not one."""
    m = pattern.fullmatch(token)
    if m is not None:
        loc = Loc(doc, start + m.start("v"), start + m.end("v"))
        decls.append(PythonDecl(source, token, loc, version=_version_tuple(m)))
        return
    if findings is None or not token[:1].isdigit() or _BARE_MAJOR.fullmatch(token):
        return  # pypy3.10, system, a virtualenv name, "3" (any 3.x): nothing to check
    findings.append(Finding.at("REQ001", Loc(doc, start, start + len(token)), _EXPECTED))


# -- .python-version, .tool-versions, runtime.txt -----------------------------------------


def _python_version(doc: Document, decls: list[PythonDecl], findings: list[Finding]) -> None:
    # pyenv and uv read one version per line (pyenv also splits on whitespace); '#' comments.
    pattern = _request_token()
    for start, line in _lines(doc.text):
        body = line.split("#", 1)[0]
        for m in _WORD().finditer(body):
            _token(doc, m.group(), start + m.start(), ".python-version", decls, findings, pattern)


def _tool_versions(doc: Document, decls: list[PythonDecl], findings: list[Finding]) -> None:
    # asdf / mise: "python 3.12.1 3.11.9"; the first version is the default, all are installed.
    pattern = _request_token()
    for start, line in _lines(doc.text):
        body = line.split("#", 1)[0]
        words = list(_WORD().finditer(body))
        if not words or words[0].group() != "python":
            continue
        for m in words[1:]:
            _token(doc, m.group(), start + m.start(), ".tool-versions", decls, findings, pattern)


# The patterns of the other kinds of file are compiled when the first such file is read: a
# project has few of them.
_runtime = lazy_pattern(rf"python-{_VERSION}")


def _runtime_txt(doc: Document, decls: list[PythonDecl], findings: list[Finding]) -> None:
    # Heroku-style: the first non-blank line is "python-3.12.1".
    for start, line in _lines(doc.text):
        stripped = line.strip()
        if not stripped:
            continue
        offset = start + line.index(stripped)
        m = _runtime().fullmatch(stripped)
        if m is not None:
            loc = Loc(doc, offset + m.start("v"), offset + m.end("v"))
            decls.append(PythonDecl("runtime.txt", stripped, loc, version=_version_tuple(m)))
        elif stripped.lower().startswith("python"):
            loc = Loc(doc, offset, offset + len(stripped))
            findings.append(Finding.at("REQ001", loc, "Expected python-X.Y.Z, like python-3.12.1"))
        return


# -- Dockerfile ----------------------------------------------------------------------------


_var = lazy_pattern(
        r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-+])(?P<word>[^}]*))?\}"
        r"|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))"
    )


_image_tag = lazy_pattern(rf"{_VERSION}(?:-.*)?")


_uv_image_tag = lazy_pattern(rf"python{_VERSION}(?:-.*)?")


_arg = lazy_pattern(r"""([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|'[^']*'|\S*))?""")


#: A resolved string and, for each character, the offset in the file it came from.
_Resolved = tuple[str, list[int]]


def _instructions(text: str) -> list[list[tuple[str, int]]]:
    """Each Dockerfile instruction as its whitespace-separated words with their offsets.

    Lines ending in a backslash continue on the next line; comment lines inside a
    continuation are dropped, as Docker does.
    """
    out: list[list[tuple[str, int]]] = []
    words: list[tuple[str, int]] = []
    continuing = False
    for start, line in _lines(text):
        stripped = line.strip()
        if stripped.startswith("#") or (continuing and not stripped):
            continue
        body = line.rstrip()
        more = body.endswith("\\")
        if more:
            body = body[:-1]
        words.extend((m.group(), start + m.start()) for m in _WORD().finditer(body))
        continuing = more
        if not more:
            if words:
                out.append(words)
            words = []
    if words:
        out.append(words)
    return out


def _expand(word: str, start: int, args: dict[str, tuple[str, int]]) -> _Resolved | None:
    """``word`` with ``$VAR`` / ``${VAR}`` / ``${VAR:-default}`` replaced; None if unknown."""
    chars: list[str] = []
    offsets: list[int] = []

    def literal(text: str, at: int) -> None:
        chars.append(text)
        offsets.extend(range(at, at + len(text)))

    pos = 0
    for m in _var().finditer(word):
        literal(word[pos : m.start()], start + pos)
        pos = m.end()
        name = m.group("braced") or m.group("plain")
        value = args.get(name)
        op = m.group("op")
        if op is None:
            if value is None:
                return None  # a build argument without a default: the version is unknown
            literal(*value)
        elif op.endswith("-"):
            if value is not None and (value[0] or op == "-"):
                literal(*value)
            else:
                literal(m.group("word"), start + m.start("word"))
        elif value is not None and (value[0] or op == "+"):  # ${VAR:+word}
            literal(m.group("word"), start + m.start("word"))
    literal(word[pos:], start + pos)
    return "".join(chars), offsets


def _dockerfile(doc: Document, decls: list[PythonDecl], findings: list[Finding]) -> None:
    args: dict[str, tuple[str, int]] = {}  # global ARG defaults (declared before the first FROM)
    seen_from = False
    seen_locs: set[tuple[int, int]] = set()
    for words in _instructions(doc.text):
        instruction = words[0][0].upper()
        if instruction == "ARG" and not seen_from:
            for word, start in words[1:]:
                m = _arg().fullmatch(word)
                if m is None or m.group(2) is None:
                    continue
                value, value_start = _unquote(m.group(2), start + m.start(2))
                args[m.group(1)] = (value, value_start)
        elif instruction == "FROM":
            seen_from = True
            image = next(((w, s) for w, s in words[1:] if not w.startswith("--")), None)
            if image is None:
                continue
            decl = _from_image(doc, image[0], image[1], args)
            if decl is not None and (decl.loc.start, decl.loc.end) not in seen_locs:
                seen_locs.add((decl.loc.start, decl.loc.end))
                decls.append(decl)


def _from_image(
    doc: Document, word: str, start: int, args: dict[str, tuple[str, int]]
) -> PythonDecl | None:
    resolved = (
        _expand(word, start, args) if "$" in word else (word, list(range(start, start + len(word))))
    )
    if resolved is None:
        return None
    image, offsets = resolved
    reference = image.split("@", 1)[0]  # drop a digest
    slash = reference.rfind("/")
    colon = reference.rfind(":")
    if colon <= slash:
        return None  # no tag: "latest"
    repository, tag = reference[:colon].lower(), reference[colon + 1 :]
    last = repository.rsplit("/", 1)[-1]
    if last == "python":
        m = _image_tag().fullmatch(tag)
    elif last == "uv":  # ghcr.io/astral-sh/uv:python3.12-bookworm-slim
        m = _uv_image_tag().fullmatch(tag)
    else:
        return None
    if m is None:
        return None  # python:latest, python:3, python:slim
    first = colon + 1 + m.start("v")
    last_char = colon + 1 + m.end("v") - 1
    begin, end = offsets[first], offsets[last_char] + 1
    if end - begin != last_char - first + 1:
        # The version is split across a variable and literal text: underline the image.
        begin, end = start, start + len(word)
    return PythonDecl("Dockerfile", image, Loc(doc, begin, end), version=_version_tuple(m))


# -- render.yaml ---------------------------------------------------------------------------


_key_line = lazy_pattern(
        r"[ \t]*(?P<dash>-[ \t]+)?(?P<key>[\w.-]+|\"[^\"]*\"|'[^']*')"
        r"[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*"
    )


class _YamlKey(namedtuple("_YamlKey", "column dash key value value_start")):
    __slots__ = ()

    column: int  # of the key (after a list dash)
    dash: bool  # the line starts a list item
    key: str
    value: str | None
    value_start: int


def _yaml_keys(lines: list[tuple[int, str]]) -> list[_YamlKey | None]:
    """Each line as a ``key: value`` pair; None for blank and comment lines; lines that are
    neither get a key of ``""`` so that they end the list item being read."""
    out: list[_YamlKey | None] = []
    key_line = _key_line()
    for start, line in lines:
        body = _strip_comment(line)
        if not body.strip():
            out.append(None)
            continue
        m = key_line.fullmatch(body)
        if m is None:
            indent = len(body) - len(body.lstrip())
            out.append(_YamlKey(indent, body.lstrip().startswith("-"), "", None, -1))
            continue
        value = m.group("value")
        out.append(
            _YamlKey(
                m.start("key"),
                m.group("dash") is not None,
                m.group("key").strip("\"'"),
                value,
                start + m.start("value") if value is not None else -1,
            )
        )
    return out


_plain_version = lazy_pattern(_VERSION)


def _render_yaml(doc: Document, decls: list[PythonDecl], findings: list[Finding]) -> None:
    # envVars:
    #   - key: PYTHON_VERSION
    #     value: 3.12.1
    keys = _yaml_keys(_lines(doc.text))
    for i, entry in enumerate(keys):
        if (
            entry is None
            or entry.key != "key"
            or _unquote(entry.value or "", 0)[0] != "PYTHON_VERSION"
        ):
            continue
        # The other keys of the same list item: back to its dash, forward to the next item.
        item = [entry]
        current, j = entry, i
        while not current.dash and j > 0:
            j -= 1
            prev = keys[j]
            if prev is None:
                continue
            if prev.column != entry.column:
                break
            item.append(prev)
            current = prev
        for other in keys[i + 1 :]:
            if other is None:
                continue
            if other.column != entry.column or other.dash:
                break
            item.append(other)
        for other in item:
            if other.key == "value" and other.value is not None:
                text, text_start = _unquote(other.value, other.value_start)
                _token(doc, text, text_start, "render.yaml", decls, findings, _plain_version())
                break


# -- GitHub Actions workflows --------------------------------------------------------------


_pv_key = lazy_pattern(
        r"(?P<indent>[ \t]*)(?P<dash>-[ \t]+)?[\"']?python-version[\"']?[ \t]*:(?P<rest>.*)"
    )


_workflow_token = lazy_pattern(rf"{_VERSION}(?:t|\.x|-[\w.]*)?")


_parent_key = lazy_pattern(r"[ \t]*(?:-[ \t]+)?([\w.-]+)[ \t]*:")


def _workflow(doc: Document, decls: list[PythonDecl], findings: list[Finding]) -> None:
    lines = _lines(doc.text)
    pv_key = _pv_key()
    i = 0
    while i < len(lines):
        start, line = lines[i]
        m = pv_key.fullmatch(_strip_comment(line))
        i += 1
        if m is None or _excluded(lines, i - 1, m.end("indent")):
            continue
        rest = m.group("rest")
        value = rest.strip()
        value_start = start + m.start("rest") + (len(rest) - len(rest.lstrip()))
        if value.startswith("["):
            i = _flow_list(doc, lines, i - 1, value_start, decls)
        elif value:
            _workflow_item(doc, value, value_start, decls)
        else:
            key_column = m.end("indent")
            while i < len(lines):
                item_start, item_line = lines[i]
                body = _strip_comment(item_line)
                if not body.strip():
                    i += 1
                    continue
                item = re.fullmatch(r"([ \t]*)-[ \t]+(.*?)[ \t]*", body)
                if item is None or len(item.group(1)) < key_column:
                    break
                _workflow_item(doc, item.group(2), item_start + item.start(2), decls)
                i += 1


def _excluded(lines: list[tuple[int, str]], index: int, column: int) -> bool:
    """Whether the key at ``lines[index]`` sits under a matrix ``exclude:`` list."""
    for _, line in reversed(lines[:index]):
        body = _strip_comment(line)
        if not body.strip():
            continue
        indent = len(body) - len(body.lstrip())
        if indent < column:
            m = _parent_key().match(body)
            if m is not None and not body.lstrip().startswith("-"):
                return m.group(1) == "exclude"
            column = indent
    return False


def _flow_list(
    doc: Document,
    lines: list[tuple[int, str]],
    index: int,
    value_start: int,
    decls: list[PythonDecl],
) -> int:
    """Read ``[a, "b", ...]`` from ``value_start`` (possibly over several lines)."""
    text = doc.text
    end = text.find("]", value_start)
    if end == -1:
        return index + 1
    pos = value_start + 1
    for m in re.finditer(r"[^,\n]+", text[pos:end]):
        raw = m.group()
        item = _strip_comment(raw).strip()
        if item:
            _workflow_item(doc, item, pos + m.start() + raw.index(item), decls)
    # The index after the line holding ']'.  Not doc.position(): _lines() also splits at a
    # lone CR or a form feed, and going back to an earlier line would loop forever.
    while index + 1 < len(lines) and lines[index + 1][0] <= end:
        index += 1
    return index + 1


def _workflow_item(doc: Document, value: str, start: int, decls: list[PythonDecl]) -> None:
    text, text_start = _unquote(value.strip(), start)
    if "${{" in text:
        return  # an expression: the versions are written elsewhere (the matrix)
    _token(doc, text, text_start, "workflow", decls, None, _workflow_token())


_READERS: Final[dict[str, Callable[[Document, list[PythonDecl], list[Finding]], None]]] = {
    ".python-version": _python_version,
    "runtime.txt": _runtime_txt,
    "Dockerfile": _dockerfile,
    ".tool-versions": _tool_versions,
    "render.yaml": _render_yaml,
    "workflow": _workflow,
}
