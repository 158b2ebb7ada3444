"""``pyproject.toml``: every dependency declaration, with the exact text it came from.

Read here: PEP 621 ``[project]`` dependencies and optional dependencies, PEP 735
``[dependency-groups]``, ``[build-system] requires``, Poetry's dependency tables (main,
groups, legacy ``dev-dependencies``, ``extras``), PDM's ``dev-dependencies`` and uv's
``dev-``, ``constraint-`` and ``override-dependencies``, plus ``requires-python`` and Poetry's
``python`` constraint.

For a PEP 508 string in an array, a requirement's ``loc`` is the string's content (without
its quotes) and ``name_loc``, ``spec_loc`` and ``marker_loc`` lie inside it, mapped through
any escapes of a basic string.  For a Poetry dependency, ``loc`` is its key and ``spec_loc``
the content of its constraint string.

Most requirement strings are a name and a few comparisons (``numpy>=1.26,<2``): those are
read by one regular expression, and only strings with extras, markers or URLs (or anything
unusual) go through ``packaging``, which is imported then and not before.  Both paths give
identical results (the tests check it).

This module also holds the helpers the other TOML readers share: :func:`parse_requirement`,
:func:`parse_specifier` and :func:`toml_string`.
"""

from __future__ import annotations

import functools
import re
from collections import namedtuple

from reqhooks._lazy import compile_pattern, lazy_pattern
from reqhooks._names import canonical
from reqhooks._record import Frozen
from reqhooks.findings import Finding
from reqhooks.model import Loc, Pyproject, PythonDecl, Requirement

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from reqhooks._text import Document
    from reqhooks._toml import KeyPath, TomlIndex
    from reqhooks.model import ReqKind

__all__ = [
    "ParsedRequirement",
    "SyntaxProblem",
    "TomlString",
    "canonical_name",
    "group_requirements",
    "parse_requirement",
    "parse_specifier",
    "read",
    "toml_error",
    "toml_string",
]

# -- PEP 508 requirement strings -----------------------------------------------------------


_valid_name = lazy_pattern(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")


# The fast path: a name and plain comparisons, nothing that packaging could read otherwise.
# Every string it accepts, packaging accepts with the same meaning (a property test checks).
_V: Final = r"\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?"
_ONE_SPEC: Final = (
    rf"(?:(?:==|!=)[ \t]*(?:\d+(?:\.\d+)*\.\*|{_V})"
    rf"|(?:<=|>=|<|>)[ \t]*{_V}"
    rf"|~=[ \t]*\d+(?:\.\d+)+(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?)"
)
_SPEC_LIST: Final = rf"{_ONE_SPEC}(?:[ \t]*,[ \t]*{_ONE_SPEC})*"
_FAST_REQUIREMENT: Final = compile_pattern(
    rf"[ \t]*(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)"
    rf"[ \t]*(?P<spec>{_SPEC_LIST})?[ \t]*"
)
_FAST_SPECIFIER: Final = compile_pattern(rf"[ \t]*(?:{_SPEC_LIST})?[ \t]*")

# What packaging's tokenizer calls a name, and the other pieces, to find spans in a string
# packaging has already accepted.
_IDENTIFIER: Final = compile_pattern(r"\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b")
_URL: Final = compile_pattern(r"[^ \t]+")
_SPACES: Final = compile_pattern(r"\s+")


canonical_name = canonical  # reqhooks._names; re-exported for other readers


class ParsedRequirement(
    namedtuple(
        "ParsedRequirement",
        "name specifier extras url marker name_span spec_span marker_span",
    )
):
    """A PEP 508 string's parts; spans are ``[start, end)`` offsets into the string."""

    __slots__ = ()

    name: str  # canonical
    specifier: str  # PEP 440, whitespace removed ("" = any)
    extras: tuple[str, ...]  # canonical, in the order written
    url: str | None
    marker: str | None  # as written, stripped
    name_span: tuple[int, int]
    spec_span: tuple[int, int] | None  # inside parentheses when they are used
    marker_span: tuple[int, int] | None


class SyntaxProblem(Frozen):
    """Why a string cannot be read, and where: ``span`` is ``[start, end)`` in the string."""

    __slots__ = ("message", "span")

    message: str
    span: tuple[int, int]

    def __init__(self, message: str, span: tuple[int, int]) -> None:
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "span", span)


def _normalise_specifier(text: str) -> str:
    return ",".join(_SPACES.sub("", part) for part in text.split(",") if part.strip())


def parse_requirement(text: str) -> ParsedRequirement | SyntaxProblem:
    """Read a PEP 508 requirement string; a problem carries packaging's message and position."""
    fast = _parse_fast(text)
    return fast if fast is not None else _parse_slow(text)


def _parse_fast(text: str) -> ParsedRequirement | None:
    semicolon = text.find(";")
    m = _FAST_REQUIREMENT.fullmatch(text, 0, len(text) if semicolon == -1 else semicolon)
    if m is None:
        return None
    marker: str | None = None
    marker_span: tuple[int, int] | None = None
    if semicolon != -1:
        # A marker reqhooks._pepfast reads (and packaging reads alike: its tests compare
        # them); anything else is packaging's to read.
        from reqhooks import _pepfast

        marker_span = _strip_span(text, semicolon + 1, len(text))
        marker = text[marker_span[0] : marker_span[1]]
        compiled = _pepfast.marker(marker)
        if compiled is None or compiled == _pepfast.RAISES:
            return None
    spec = m.group("spec")
    if spec is None:
        spec, spec_span = "", None
    else:
        spec_span = m.span("spec")
        if " " in spec or "\t" in spec:  # the pattern allows no empty clause
            spec = _SPACES.sub("", spec)
    return ParsedRequirement(
        name=canonical_name(m.group("name")),
        specifier=spec,
        extras=(),
        url=None,
        marker=marker,
        name_span=m.span("name"),
        spec_span=spec_span,
        marker_span=marker_span,
    )


def _parse_slow(text: str) -> ParsedRequirement | SyntaxProblem:
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement as _Requirement

    try:
        _Requirement(text)
    except InvalidRequirement as e:
        cause = e.__cause__
        span = getattr(cause, "span", None)
        message = getattr(cause, "message", None)
        if isinstance(span, tuple) and isinstance(message, str):
            # packaging underlines the construct and puts its caret where reading stopped:
            # the caret is the position of the error.
            caret = min(max(int(span[1]), 0), len(text))
            return SyntaxProblem(message, (caret, min(caret + 1, len(text))))
        # A specifier the tokenizer let through but SpecifierSet rejects.
        first_line = str(e).splitlines()[0] if str(e) else "invalid requirement"
        return SyntaxProblem(f"Expected a valid version specifier ({first_line})", (0, len(text)))
    return _spans(text)


def _spans(text: str) -> ParsedRequirement:
    """The parts of ``text``, which packaging has accepted, with their spans."""
    pos = _skip_ws(text, 0)
    m = _IDENTIFIER.match(text, pos)
    assert m is not None
    name_span = m.span()
    pos = _skip_ws(text, m.end())
    extras: list[str] = []
    if text.startswith("[", pos):
        close = text.index("]", pos)
        for extra in text[pos + 1 : close].split(","):
            normalised = canonical_name(extra.strip())
            if normalised and normalised not in extras:
                extras.append(normalised)
        pos = _skip_ws(text, close + 1)
    url: str | None = None
    spec_span: tuple[int, int] | None = None
    if text.startswith("@", pos):
        pos = _skip_ws(text, pos + 1)
        u = _URL.match(text, pos)
        assert u is not None
        url = u.group()
        pos = u.end()
    elif text.startswith("(", pos):
        close = text.index(")", pos)
        spec_span = _strip_span(text, pos + 1, close)
        pos = close + 1
    else:
        semicolon = text.find(";", pos)
        spec_span = _strip_span(text, pos, len(text) if semicolon == -1 else semicolon)
    if spec_span is not None and spec_span[0] == spec_span[1]:
        spec_span = None
    marker_span: tuple[int, int] | None = None
    semicolon = text.find(";", pos)
    if semicolon != -1:
        marker_span = _strip_span(text, semicolon + 1, len(text))
    return ParsedRequirement(
        name=canonical_name(text[name_span[0] : name_span[1]]),
        specifier=_normalise_specifier(text[spec_span[0] : spec_span[1]]) if spec_span else "",
        extras=tuple(extras),
        url=url,
        marker=text[marker_span[0] : marker_span[1]] if marker_span else None,
        name_span=name_span,
        spec_span=spec_span,
        marker_span=marker_span,
    )


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    return start, end


def parse_specifier(text: str) -> str | SyntaxProblem:
    """Read a PEP 440 specifier set (``>=3.10,<4``); returns it without whitespace."""
    if _FAST_SPECIFIER.fullmatch(text):
        return _normalise_specifier(text)
    from packaging.specifiers import InvalidSpecifier, Specifier

    pos = 0
    for part in text.split(","):
        stripped = part.strip()
        if stripped:
            try:
                Specifier(stripped)
            except InvalidSpecifier:
                start = pos + part.index(stripped)
                return SyntaxProblem(
                    f"Expected a version specifier such as '>=3.10' (an operator and a PEP 440 "
                    f"version), got {stripped!r}",
                    (start, start + len(stripped)),
                )
        pos += len(part) + 1
    return _normalise_specifier(text)


# -- positions inside TOML strings ---------------------------------------------------------

_TOML_SIMPLE_ESCAPES: Final = {
    "b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b",
}  # fmt: skip


@functools.cache
def _escape_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An escape and a line-ending backslash: compiled on the first string with a backslash."""
    return (
        compile_pattern(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))", re.DOTALL),
        compile_pattern(r"\\[ \t]*\r?\n[ \t\r\n]*"),
    )


class TomlString:
    """A TOML string's content span, and where each character of its value was written."""

    __slots__ = ("_offsets", "doc", "end", "start")

    def __init__(self, doc: Document, start: int, end: int, offsets: list[int] | None) -> None:
        self.doc = doc
        self.start = start  # first character after the opening quotes
        self.end = end  # the closing quotes
        self._offsets = offsets  # None: the value is the content, character for character

    def offset(self, index: int) -> int:
        """The document offset of character ``index`` of the value (or of its end)."""
        if self._offsets is None:
            return min(self.start + max(index, 0), self.end)
        return self._offsets[min(max(index, 0), len(self._offsets) - 1)]

    def loc(self, start: int | None = None, end: int | None = None) -> Loc:
        """The Loc of value characters ``[start, end)``; the whole content by default."""
        if start is None or end is None:
            return Loc(self.doc, self.start, self.end)
        return Loc(self.doc, self.offset(start), self.offset(end))


def toml_string(doc: Document, span: tuple[int, int] | None, value: str) -> TomlString | None:
    """Map the string ``value`` that the TOML text holds at ``span`` (quotes included)."""
    if span is None:
        return None
    text = doc.text
    start, end = span
    raw = text[start:end]
    quote = ""
    for delimiter in ('"""', "'''", '"', "'"):
        if len(raw) >= 2 * len(delimiter) and raw.startswith(delimiter) and raw.endswith(delimiter):
            quote = delimiter
            break
    start, end = start + len(quote), end - len(quote)
    if len(quote) == 3:  # a newline right after the opening quotes is not part of the value
        if text.startswith("\r\n", start):
            start += 2
        elif text.startswith("\n", start):
            start += 1
    if text[start:end] == value:
        return TomlString(doc, start, end, None)
    offsets = _decode_offsets(text, start, end, value, basic=quote.startswith('"'))
    return TomlString(doc, start, end, offsets)


def _decode_offsets(
    text: str, start: int, end: int, value: str, *, basic: bool
) -> list[int] | None:
    """For each character of ``value``, the offset it was written at in ``text[start:end]``.

    Handles escapes and line-ending backslashes of basic strings and CRLF newlines of
    multi-line strings; None (no mapping) if the result does not reproduce ``value``.
    """
    decoded: list[str] = []
    offsets: list[int] = []
    pos = start
    while pos < end:
        ch = text[pos]
        if basic and ch == "\\":
            toml_escape, line_ending_backslash = _escape_patterns()
            trim = line_ending_backslash.match(text, pos, end)
            if trim is not None:
                pos = trim.end()
                continue
            m = toml_escape.match(text, pos, end)
            if m is None:
                return None
            digits = m.group(1) or m.group(2) or m.group(3)
            if digits is not None:
                try:
                    decoded.append(chr(int(digits, 16)))
                except (ValueError, OverflowError):
                    return None
            else:
                simple = _TOML_SIMPLE_ESCAPES.get(m.group(4))
                if simple is None:
                    return None
                decoded.append(simple)
            offsets.append(pos)
            pos = m.end()
        elif ch == "\r" and text.startswith("\r\n", pos):
            decoded.append("\n")
            offsets.append(pos)
            pos += 2
        else:
            decoded.append(ch)
            offsets.append(pos)
            pos += 1
    offsets.append(end)
    return offsets if "".join(decoded) == value else None


# -- the reader ----------------------------------------------------------------------------

_EXPECTED_ARRAY: Final = "Expected an array of strings"
_DEPENDENCY_GROUPS: Final = "dependency-groups"


def read(doc: Document) -> tuple[Pyproject | None, list[Finding]]:
    """Read ``doc`` as a pyproject.toml; None only when it is not valid TOML."""
    from reqhooks._toml import TomlError, TomlIndex
    from reqhooks._tomlfast import load

    try:
        data = load(doc.text)
    except TomlError as e:
        return None, [toml_error(doc, e.message, e.offset)]
    reader = _Reader(doc, TomlIndex(doc.text))
    reader.read(data)
    pyproject = Pyproject(
        doc=doc,
        data=data,
        index=reader.index,
        requirements=reader.requirements,
        requires_python=reader.requires_python,
        poetry_python=reader.poetry_python,
    )
    reader.findings.extend(_check_includes(pyproject))
    return pyproject, reader.findings


def toml_error(doc: Document, message: str, offset: int) -> Finding:
    """REQ001 for a document that is not valid TOML, at the parser's position."""
    offset = max(0, min(offset, len(doc.text)))
    if not message.startswith("Expected"):
        message = f"Expected valid TOML: {message[:1].lower()}{message[1:]}"
    return Finding.at("REQ001", Loc(doc, offset, min(offset + 1, len(doc.text))), message)


class _Reader:
    def __init__(self, doc: Document, index: TomlIndex) -> None:
        self.doc = doc
        self.index = index
        self.findings: list[Finding] = []
        self.requirements: list[Requirement] = []
        self.requires_python: PythonDecl | None = None
        self.poetry_python: PythonDecl | None = None

    # -- positions

    def loc(self, path: KeyPath) -> Loc:
        """The value at ``path``, or the nearest thing to it that the text shows."""
        for depth in range(len(path), 0, -1):
            span = self.index.value_span(path[:depth]) or self.index.key_span(path[:depth])
            if span is not None:
                return Loc(self.doc, span[0], span[1])
        return Loc(self.doc, 0, 0)

    def key_loc(self, path: KeyPath) -> Loc:
        span = self.index.key_span(path)
        return Loc(self.doc, span[0], span[1]) if span is not None else self.loc(path)

    def string(self, path: KeyPath, value: str) -> TomlString:
        mapped = toml_string(self.doc, self.index.value_span(path), value)
        if mapped is not None:
            return mapped
        loc = self.loc(path)
        return TomlString(self.doc, loc.start, loc.end, None)

    def problem(self, loc: Loc, message: str) -> None:
        self.findings.append(Finding.at("REQ001", loc, message))

    def table(self, value: Any, path: KeyPath, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.problem(self.loc(path), f"Expected {what}, got {_type_name(value)}")
        return None

    # -- the document

    def read(self, data: dict[str, Any]) -> None:
        project = data.get("project")
        if project is not None and self.table(project, ("project",), "a table") is not None:
            self.project(project)
        build = data.get("build-system")
        if (
            build is not None
            and self.table(build, ("build-system",), "a table") is not None
            and "requires" in build
        ):
            self.strings(("build-system", "requires"), build["requires"], "build", None)
        groups = data.get(_DEPENDENCY_GROUPS)
        if groups is not None:
            self.dependency_groups(groups)
        tool = data.get("tool")
        if isinstance(tool, dict):
            if "poetry" in tool:
                self.poetry(tool["poetry"])
            if "pdm" in tool:
                self.pdm(tool["pdm"])
            if "uv" in tool:
                self.uv(tool["uv"])

    def project(self, project: dict[str, Any]) -> None:
        if "requires-python" in project:
            self.python_requirement(project["requires-python"])
        if "dependencies" in project:
            self.strings(("project", "dependencies"), project["dependencies"], "project", None)
        optional = project.get("optional-dependencies")
        path: KeyPath = ("project", "optional-dependencies")
        if optional is not None and self.table(optional, path, "a table of arrays") is not None:
            for extra, value in optional.items():
                self.strings((*path, extra), value, "optional", extra)

    def python_requirement(self, value: Any) -> None:
        path: KeyPath = ("project", "requires-python")
        if not isinstance(value, str):
            self.problem(self.loc(path), f"Expected a string, got {_type_name(value)}")
            return
        s = self.string(path, value)
        parsed = parse_specifier(value)
        if isinstance(parsed, SyntaxProblem):
            self.problem(s.loc(*parsed.span), parsed.message)
            return
        self.requires_python = PythonDecl("requires-python", value, s.loc(), specifier=parsed)

    def dependency_groups(self, groups: Any) -> None:
        path: KeyPath = (_DEPENDENCY_GROUPS,)
        if self.table(groups, path, "a table of arrays") is None:
            return
        seen: dict[str, str] = {}
        for group, items in groups.items():
            group_path = (*path, group)
            normalised = canonical_name(group)
            if normalised in seen:
                self.problem(
                    self.key_loc(group_path),
                    f"Expected each dependency group once, but {group!r} is the same group "
                    f"as {seen[normalised]!r}",
                )
            seen.setdefault(normalised, group)
            self.strings(group_path, items, "group", group, includes=True)

    def strings(
        self,
        path: KeyPath,
        value: Any,
        kind: ReqKind,
        group: str | None,
        *,
        includes: bool = False,
        editables: bool = False,
    ) -> None:
        """An array of PEP 508 strings (and, in dependency groups, include tables)."""
        if not isinstance(value, list):
            self.problem(self.loc(path), f"{_EXPECTED_ARRAY}, got {_type_name(value)}")
            return
        for i, item in enumerate(value):
            item_path = (*path, i)
            if isinstance(item, str):
                self.requirement(item_path, item, kind, group, editables=editables)
            elif includes and isinstance(item, dict):
                include = item.get("include-group")
                if set(item) != {"include-group"} or not isinstance(include, str):
                    self.problem(
                        self.loc(item_path),
                        'Expected a requirement string or {include-group = "<group>"}',
                    )
            else:
                expected = "a requirement string" + (
                    ' or {include-group = "<group>"}' if includes else ""
                )
                self.problem(self.loc(item_path), f"Expected {expected}, got {_type_name(item)}")

    def requirement(
        self, path: KeyPath, text: str, kind: ReqKind, group: str | None, *, editables: bool
    ) -> None:
        s = self.string(path, text)
        skip = 0
        editable = False
        if editables:
            m = re.match(r"[ \t]*(?:-e|--editable)(?:[ \t]+|=)", text)
            if m is not None:
                skip, editable = m.end(), True
        body = text[skip:]
        parsed = parse_requirement(body)
        if isinstance(parsed, SyntaxProblem):
            if editable:
                named = _editable_url(body)
                if named is not None:
                    name, url = named
                    self.requirements.append(
                        Requirement(name, text, s.loc(), kind, url=url, group=group, editable=True)
                    )
                return  # a local path with no name: nothing to check
            self.problem(s.loc(parsed.span[0] + skip, parsed.span[1] + skip), parsed.message)
            return
        self.requirements.append(_requirement(text, parsed, s, kind, group, skip, editable))

    # -- Poetry

    def poetry(self, poetry: Any) -> None:
        base: KeyPath = ("tool", "poetry")
        if self.table(poetry, base, "a table") is None:
            return
        extras = self.poetry_extras(poetry.get("extras"))
        if "dependencies" in poetry:
            self.poetry_dependencies(
                (*base, "dependencies"), poetry["dependencies"], "main", extras
            )
        if "dev-dependencies" in poetry:
            self.poetry_dependencies((*base, "dev-dependencies"), poetry["dev-dependencies"], "dev")
        groups = poetry.get("group")
        if groups is not None and self.table(groups, (*base, "group"), "a table") is not None:
            for name, group in groups.items():
                path = (*base, "group", name)
                if self.table(group, path, "a table") is not None and "dependencies" in group:
                    self.poetry_dependencies((*path, "dependencies"), group["dependencies"], name)

    def poetry_extras(self, extras: Any) -> frozenset[str]:
        path: KeyPath = ("tool", "poetry", "extras")
        if extras is None or self.table(extras, path, "a table of arrays") is None:
            return frozenset()
        names: set[str] = set()
        for extra, packages in extras.items():
            if not isinstance(packages, list) or not all(isinstance(p, str) for p in packages):
                self.problem(self.loc((*path, extra)), f"{_EXPECTED_ARRAY} (package names)")
                continue
            for package in packages:
                m = _valid_name().match(package.strip())
                if m is not None:
                    names.add(canonical_name(m.group()))
        return frozenset(names)

    def poetry_dependencies(
        self, path: KeyPath, table: Any, group: str, extras: frozenset[str] = frozenset()
    ) -> None:
        if self.table(table, path, "a table of dependencies") is None:
            return
        for name, value in table.items():
            key_path = (*path, name)
            if name.lower() == "python":
                # The project's Python, not a dependency (Poetry ignores it outside main).
                if group == "main":
                    self.poetry_python_constraint(key_path, value)
                continue
            if isinstance(value, list):
                for i, item in enumerate(value):
                    self.poetry_dependency(name, key_path, (*key_path, i), item, group, extras)
            else:
                self.poetry_dependency(name, key_path, key_path, value, group, extras)

    def poetry_python_constraint(self, path: KeyPath, value: Any) -> None:
        from reqhooks.readers._poetry import PoetryConstraintError, constraint_to_pep440

        if not isinstance(value, str):
            self.problem(
                self.loc(path), f"Expected a version constraint string, got {_type_name(value)}"
            )
            return
        s = self.string(path, value)
        try:
            specifier = constraint_to_pep440(value)
        except PoetryConstraintError as e:
            self.problem(_error_loc(s, e.span), e.message)
            return
        self.poetry_python = PythonDecl("poetry", value, s.loc(), specifier=specifier)

    def poetry_dependency(
        self,
        name: str,
        key_path: KeyPath,
        path: KeyPath,
        value: Any,
        group: str,
        extras: frozenset[str],
    ) -> None:
        from reqhooks.readers._poetry import PoetryConstraintError, parse_dependency

        key = self.key_loc(key_path)
        constraint: str | None = None
        constraint_path: KeyPath | None = None
        if isinstance(value, str):
            constraint, constraint_path = value, path
        elif isinstance(value, dict) and isinstance(value.get("version"), str):
            constraint, constraint_path = value["version"], (*path, "version")
        spec_string = (
            self.string(constraint_path, constraint)
            if constraint is not None and constraint_path is not None
            else None
        )
        try:
            dependencies = parse_dependency(name, value)
        except PoetryConstraintError as e:
            loc = self.poetry_error_loc(e, value, path, spec_string, key)
            self.problem(loc, e.message)
            return
        marker_loc: Loc | None = None
        editable = False
        if isinstance(value, dict):
            markers = value.get("markers")
            if isinstance(markers, str) and not value.get("python") and not value.get("platform"):
                marker_loc = self.string((*path, "markers"), markers).loc()
            editable = value.get("develop") is True
        canonical = canonical_name(name)
        for dependency in dependencies:
            self.requirements.append(
                Requirement(
                    name=canonical,
                    text=dependency.to_pep508(),
                    loc=key,
                    kind="poetry",
                    specifier=dependency.specifier,
                    marker=dependency.marker,
                    extras=tuple(canonical_name(e) for e in dependency.extras),
                    url=dependency.url,
                    group=group,
                    editable=editable,
                    name_loc=key,
                    spec_loc=spec_string.loc() if spec_string is not None else None,
                    marker_loc=marker_loc,
                    original_spec=constraint,
                    optional=dependency.optional or (group == "main" and canonical in extras),
                )
            )

    def poetry_error_loc(
        self, error: Any, value: Any, path: KeyPath, spec_string: TomlString | None, key: Loc
    ) -> Loc:
        """Where a Poetry error is: inside the string it was reading, if that is known."""
        constraint = getattr(error, "constraint", "")
        span = getattr(error, "span", None)
        if spec_string is not None and constraint and isinstance(value, (str, dict)):
            written = value if isinstance(value, str) else value.get("version")
            if constraint == written:
                return _error_loc(spec_string, span)
        if isinstance(value, dict) and constraint:
            for field in ("markers", "python", "platform"):
                if value.get(field) == constraint:
                    return _error_loc(self.string((*path, field), constraint), span)
        return key

    # -- PDM and uv

    def pdm(self, pdm: Any) -> None:
        path: KeyPath = ("tool", "pdm")
        if self.table(pdm, path, "a table") is None or "dev-dependencies" not in pdm:
            return
        groups = pdm["dev-dependencies"]
        path = (*path, "dev-dependencies")
        if self.table(groups, path, "a table of arrays") is None:
            return
        for group, items in groups.items():
            self.strings((*path, group), items, "pdm-dev", group, editables=True)

    def uv(self, uv: Any) -> None:
        path: KeyPath = ("tool", "uv")
        if self.table(uv, path, "a table") is None:
            return
        kinds: tuple[tuple[str, ReqKind, str | None], ...] = (
            ("dev-dependencies", "uv-dev", "dev"),
            ("constraint-dependencies", "uv-constraint", None),
            ("override-dependencies", "uv-override", None),
        )
        for key, kind, group in kinds:
            if key in uv:
                self.strings((*path, key), uv[key], kind, group)


def _requirement(
    text: str,
    parsed: ParsedRequirement,
    s: TomlString,
    kind: ReqKind,
    group: str | None,
    skip: int = 0,
    editable: bool = False,
) -> Requirement:
    def loc(span: tuple[int, int] | None) -> Loc | None:
        return None if span is None else s.loc(span[0] + skip, span[1] + skip)

    return Requirement(
        name=parsed.name,
        text=text,
        loc=s.loc(),
        kind=kind,
        specifier=parsed.specifier,
        marker=parsed.marker,
        extras=parsed.extras,
        url=parsed.url,
        group=group,
        editable=editable,
        name_loc=loc(parsed.name_span),
        spec_loc=loc(parsed.spec_span),
        marker_loc=loc(parsed.marker_span),
    )


_egg = lazy_pattern(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


def _editable_url(text: str) -> tuple[str, str] | None:
    """``git+https://...#egg=name`` (an editable with its name in the URL): (name, url)."""
    url = text.strip()
    m = _egg().search(url)
    if m is None:
        return None
    return canonical_name(m.group(1).rstrip("._-")), url


def _error_loc(s: TomlString, span: Any) -> Loc:
    if isinstance(span, tuple) and len(span) == 2:
        start, end = int(span[0]), int(span[1])
        return s.loc(start, max(start, end))
    return s.loc()


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


# -- PEP 735 includes ----------------------------------------------------------------------


def _groups(pyproject: Pyproject) -> dict[str, tuple[str, list[Any]]]:
    """Dependency groups by normalised name: (the name as written, its items)."""
    table = pyproject.data.get(_DEPENDENCY_GROUPS)
    out: dict[str, tuple[str, list[Any]]] = {}
    if isinstance(table, dict):
        for name, items in table.items():
            if isinstance(items, list):
                out.setdefault(canonical_name(name), (name, items))
    return out


def _include(item: Any) -> str | None:
    if isinstance(item, dict) and set(item) == {"include-group"}:
        target = item["include-group"]
        if isinstance(target, str):
            return target
    return None


def group_requirements(pyproject: Pyproject, group: str) -> list[Requirement]:
    """The requirements of dependency group ``group`` with its includes expanded.

    Each requirement appears once, in the order written; includes of missing groups and
    includes that close a cycle are skipped (:func:`read` reports them).
    """
    groups = _groups(pyproject)
    by_group: dict[str, list[Requirement]] = {}
    for r in pyproject.requirements:
        if r.kind == "group" and r.group is not None:
            by_group.setdefault(canonical_name(r.group), []).append(r)
    out: list[Requirement] = []
    seen: set[int] = set()

    def expand(name: str, stack: tuple[str, ...]) -> None:
        entry = groups.get(name)
        if entry is None:
            return
        written, items = entry
        own = by_group.get(name, [])
        for i, item in enumerate(items):
            if isinstance(item, str):
                span = pyproject.index.value_span((_DEPENDENCY_GROUPS, written, i))
                for r in own:
                    if span is not None and span[0] <= r.loc.start < span[1] and id(r) not in seen:
                        seen.add(id(r))
                        out.append(r)
                continue
            target = _include(item)
            if target is None:
                continue
            normalised = canonical_name(target)
            if normalised not in stack:
                expand(normalised, (*stack, normalised))

    start = canonical_name(group)
    expand(start, (start,))
    return out


def _check_includes(pyproject: Pyproject) -> list[Finding]:
    """REQ001 for each include of a missing group and each include that closes a cycle."""
    groups = _groups(pyproject)
    findings: list[Finding] = []
    done: set[str] = set()

    def loc(written: str, i: int) -> Loc:
        span = pyproject.index.value_span((_DEPENDENCY_GROUPS, written, i))
        if span is None:
            span = pyproject.index.key_span((_DEPENDENCY_GROUPS, written)) or (0, 0)
        return Loc(pyproject.doc, span[0], span[1])

    def visit(name: str, stack: list[str]) -> None:
        written, items = groups[name]
        stack.append(name)
        for i, item in enumerate(items):
            target = _include(item)
            if target is None:
                continue
            normalised = canonical_name(target)
            if normalised not in groups:
                findings.append(
                    Finding.at(
                        "REQ001",
                        loc(written, i),
                        "Expected include-group to name a dependency group; "
                        f"there is no group {target!r}",
                    )
                )
            elif normalised in stack:
                cycle = [groups[n][0] for n in stack[stack.index(normalised) :]] + [target]
                findings.append(
                    Finding.at(
                        "REQ001",
                        loc(written, i),
                        f"Expected no include cycle in dependency groups: {' -> '.join(cycle)}",
                    )
                )
            elif normalised not in done:
                visit(normalised, stack)
        stack.pop()
        done.add(name)

    for name in groups:
        if name not in done:
            visit(name, [])
    return findings
