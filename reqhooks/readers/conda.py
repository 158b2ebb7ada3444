"""The ``pip:`` list of a conda ``environment.yml``.

::

    dependencies:
      - python=3.11
      - pip
      - pip:
          - requests>=2.31
          - "tomli>=2; python_version < '3.11'"

Only that list holds PyPI requirements; conda's own packages (``python=3.11``) follow conda's
match-spec syntax and are not read.  The file is read line by line, without a YAML library:
the list is always written in this shape (or as a one-line ``[a, b]`` flow list).  Pip options
(``-r file``, ``--index-url``) and unnamed paths or URLs are skipped without a finding.
"""

from __future__ import annotations

import re

from reqhooks.findings import Finding
from reqhooks.model import Loc, Requirement
from reqhooks.readers.pyproject import SyntaxProblem, canonical_name, parse_requirement

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

    from reqhooks._text import Document

_PIP_KEY: Final = re.compile(r"(?P<indent>[ \t]*)-[ \t]+[\"']?pip[\"']?[ \t]*:[ \t]*(?P<rest>.*)")
_ITEM: Final = re.compile(r"(?P<indent>[ \t]*)-(?:[ \t]+(?P<value>.*?))?[ \t]*")
_EDITABLE: Final = re.compile(r"(?:-e|--editable)(?:[ \t]+|=)")
_TRAILING_OPTIONS: Final = re.compile(r"[ \t]+--?[A-Za-z]")
_URL_OR_PATH: Final = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|[./~]|[A-Za-z]:[\\/])")
_EGG: Final = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


def read(doc: Document) -> tuple[list[Requirement], list[Finding]]:
    """The requirements of ``doc``'s ``pip:`` lists, and REQ001 for the unreadable ones."""
    requirements: list[Requirement] = []
    findings: list[Finding] = []
    lines = _lines(doc.text)
    i = 0
    while i < len(lines):
        start, line = lines[i]
        i += 1
        m = _PIP_KEY.fullmatch(_strip_comment(line))
        if m is None:
            continue
        rest = m.group("rest")
        if rest.startswith("["):
            _flow_list(doc, rest, start + m.start("rest"), requirements, findings)
            continue
        dash_column = len(m.group("indent"))
        while i < len(lines):
            item_start, item_line = lines[i]
            body = _strip_comment(item_line)
            if not body.strip():
                i += 1
                continue
            item = _ITEM.fullmatch(body)
            if item is None or len(item.group("indent")) <= dash_column:
                break
            value = item.group("value")
            if value:
                _item(doc, value, item_start + item.start("value"), requirements, findings)
            i += 1
    return requirements, findings


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return out


def _strip_comment(line: str) -> str:
    """``line`` without a YAML comment: a '#' at the start or after a space, outside quotes."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and (i == 0 or line[i - 1] in " \t-[,"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def _flow_list(
    doc: Document, text: str, start: int, requirements: list[Requirement], findings: list[Finding]
) -> None:
    close = text.rfind("]")
    if close == -1:
        findings.append(
            Finding.at(
                "REQ001", Loc(doc, start, start + len(text)), "Expected ']' to end the pip list"
            )
        )
        return
    for m in re.finditer(r"[^,]+", text[1:close]):
        value = m.group().strip()
        if value:
            _item(
                doc, value, start + 1 + m.start() + m.group().index(value), requirements, findings
            )


def _unquote(value: str, start: int) -> tuple[str, list[int] | None, int]:
    """A YAML scalar's text, a map of its characters to offsets (None: contiguous), and the
    offset of its first character."""
    if len(value) >= 2 and value[0] == value[-1] == "'":
        body = value[1:-1]
        if "''" not in body:
            return body, None, start + 1
        chars, offsets, pos = [], [], 0
        while pos < len(body):
            chars.append(body[pos])
            offsets.append(start + 1 + pos)
            pos += 2 if body.startswith("''", pos) else 1
        offsets.append(start + 1 + len(body))
        return "".join(chars), offsets, start + 1
    if len(value) >= 2 and value[0] == value[-1] == '"':
        body = value[1:-1]
        if "\\" not in body:
            return body, None, start + 1
        chars, offsets, pos = [], [], 0
        while pos < len(body):
            offsets.append(start + 1 + pos)
            if body[pos] == "\\" and pos + 1 < len(body):
                chars.append({"n": "\n", "t": "\t"}.get(body[pos + 1], body[pos + 1]))
                pos += 2
            else:
                chars.append(body[pos])
                pos += 1
        offsets.append(start + 1 + len(body))
        return "".join(chars), offsets, start + 1
    return value, None, start


def _item(
    doc: Document,
    value: str,
    start: int,
    requirements: list[Requirement],
    findings: list[Finding],
) -> None:
    text, offsets, text_start = _unquote(value, start)

    def at(i: int) -> int:
        if offsets is None:
            return text_start + i
        return offsets[min(max(i, 0), len(offsets) - 1)]

    def loc(begin: int, end: int) -> Loc:
        return Loc(doc, at(begin), at(end))

    skip = 0
    editable = False
    m = _EDITABLE.match(text)
    if m is not None:
        skip, editable = m.end(), True
    elif text.startswith("-"):
        return  # a pip option: -r file, --index-url, --extra-index-url ...
    options = _TRAILING_OPTIONS.search(text, skip)
    end = options.start() if options is not None else len(text)
    body = text[skip:end]
    if _URL_OR_PATH.match(body):
        egg = _EGG.search(body)
        if egg is not None:  # git+https://...#egg=name
            name = canonical_name(egg.group(1).rstrip("._-"))
            requirements.append(
                Requirement(
                    name=name,
                    text=text[:end],
                    loc=loc(0, end),
                    kind="conda-pip",
                    url=body,
                    editable=editable,
                )
            )
        return  # an unnamed path or URL: nothing to check
    parsed = parse_requirement(body)
    if isinstance(parsed, SyntaxProblem):
        findings.append(
            Finding.at("REQ001", loc(parsed.span[0] + skip, parsed.span[1] + skip), parsed.message)
        )
        return

    def sub(span: tuple[int, int] | None) -> Loc | None:
        return None if span is None else loc(span[0] + skip, span[1] + skip)

    requirements.append(
        Requirement(
            name=parsed.name,
            text=text[:end].rstrip(),
            loc=loc(0, len(text[:end].rstrip())),
            kind="conda-pip",
            specifier=parsed.specifier,
            marker=parsed.marker,
            extras=parsed.extras,
            url=parsed.url,
            editable=editable,
            name_loc=sub(parsed.name_span),
            spec_loc=sub(parsed.spec_span),
            marker_loc=sub(parsed.marker_span),
        )
    )
