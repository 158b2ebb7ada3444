"""``Pipfile``: Pipenv's package categories and its ``[requires]`` Python.

::

    [packages]
    requests = "*"
    django = "==4.2"
    tomli = {version = ">=2", markers = "python_version < '3.11'"}
    mylib = {git = "https://github.com/org/mylib.git", ref = "v1.0", editable = true}

    [dev-packages]
    pytest = ">=8"

    [requires]
    python_version = "3.11"

``[packages]`` and ``[dev-packages]`` are the usual categories; any other table that is not one
of Pipenv's own (``source``, ``requires``, ``scripts``, ``pipenv``) is a custom category.  A
requirement's ``loc`` and ``name_loc`` are its key, ``spec_loc`` the content of its version
string, ``original_spec`` that string as written.  A bare version (``"1.2"``) means ``==1.2``
and ``"*"`` any version, as Pipenv reads them.
"""

from __future__ import annotations

import re

from reqhooks.findings import Finding
from reqhooks.model import Loc, Pipfile, PythonDecl, Requirement
from reqhooks.readers.pyproject import (
    SyntaxProblem,
    TomlString,
    canonical_name,
    parse_specifier,
    toml_error,
    toml_string,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from reqhooks._text import Document
    from reqhooks._toml import KeyPath, TomlIndex

#: Tables that are Pipenv's own settings, not package categories.
NOT_CATEGORIES: Final = frozenset({"source", "requires", "scripts", "pipenv"})
_VCS: Final = ("git", "hg", "svn", "bzr")
#: Marker variables Pipenv accepts as keys of a package table (``sys_platform = "== 'win32'"``).
_MARKER_KEYS: Final = (
    "os_name", "sys_platform", "platform_machine", "platform_python_implementation",
    "platform_release", "platform_system", "platform_version", "python_version",
    "python_full_version", "implementation_name", "implementation_version",
)  # fmt: skip
_NAME: Final = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_VERSION: Final = re.compile(r"(\d{1,9})\.(\d{1,9})(?:\.(\d{1,9}))?")  # int() takes <= 4300 digits
_OPERATOR: Final = re.compile(r"[=!<>~]")


def read(doc: Document) -> tuple[Pipfile | None, list[Finding]]:
    """Read ``doc`` as a Pipfile; None only when it is not valid TOML."""
    from reqhooks._toml import TomlError, TomlIndex
    from reqhooks._tomlfast import load

    try:
        data = load(doc.text)
    except TomlError as e:
        return None, [toml_error(doc, e.message, e.offset)]
    reader = _Reader(doc, TomlIndex(doc.text))
    pipfile = Pipfile(doc=doc, data=data, index=reader.index)
    for category, packages in data.items():
        if category in NOT_CATEGORIES:
            continue
        if not isinstance(packages, dict):
            reader.problem(reader.loc((category,)), "Expected a table of packages")
            continue
        for name, value in packages.items():
            reader.package(category, name, value, pipfile.requirements)
    requires = data.get("requires")
    if isinstance(requires, dict):
        pipfile.python = reader.python(requires)
    return pipfile, reader.findings


class _Reader:
    def __init__(self, doc: Document, index: TomlIndex) -> None:
        self.doc = doc
        self.index = index
        self.findings: list[Finding] = []

    def loc(self, path: KeyPath) -> Loc:
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

    def package(self, category: str, name: str, value: Any, out: list[Requirement]) -> None:
        path: KeyPath = (category, name)
        key = self.key_loc(path)
        if not _NAME.fullmatch(name):
            self.problem(key, f"Expected a package name, got {name!r}")
            return
        table: dict[str, Any]
        if isinstance(value, str):
            table, version_path = {"version": value}, path
        elif isinstance(value, dict):
            table, version_path = value, (*path, "version")
        else:
            self.problem(self.loc(path), "Expected a version string or a table")
            return

        version = table.get("version", "*")
        if not isinstance(version, str):
            self.problem(self.loc(version_path), 'Expected a version string such as "==1.2" or "*"')
            return
        spec_string = self.string(version_path, version) if "version" in table else None
        specifier = self.specifier(version, spec_string)
        if specifier is None:
            return

        extras_value = table.get("extras", [])
        if not isinstance(extras_value, list) or not all(
            isinstance(e, str) and _NAME.fullmatch(e.strip()) for e in extras_value
        ):
            self.problem(self.loc((*path, "extras")), "Expected an array of extra names")
            return
        extras = tuple(dict.fromkeys(canonical_name(e.strip()) for e in extras_value))

        marker, marker_loc = self.marker(path, table)
        url = self.url(table)
        editable = table.get("editable") is True
        requirement = name + (f"[{','.join(extras)}]" if extras else "")
        requirement += f" @ {url}" if url is not None else specifier
        if marker:
            requirement += (" ; " if url is not None else "; ") + marker
        out.append(
            Requirement(
                name=canonical_name(name),
                text=requirement,
                loc=key,
                kind="pipfile",
                specifier="" if url is not None else specifier,
                marker=marker,
                extras=extras,
                url=url,
                group=category,
                editable=editable,
                name_loc=key,
                spec_loc=spec_string.loc() if spec_string is not None else None,
                marker_loc=marker_loc,
                original_spec=version if "version" in table else None,
            )
        )

    def specifier(self, version: str, s: TomlString | None) -> str | None:
        stripped = version.strip()
        if stripped in ("*", ""):
            return ""
        if not _OPERATOR.match(stripped):
            stripped = f"=={stripped}"  # Pipenv reads a bare version as an exact pin
            offset = -2
        else:
            offset = 0
        parsed = parse_specifier(stripped)
        if isinstance(parsed, SyntaxProblem):
            if s is not None:
                lead = len(version) - len(version.lstrip())
                start = max(0, parsed.span[0] + offset) + lead
                end = max(start, parsed.span[1] + offset + lead)
                self.problem(s.loc(start, end), parsed.message)
            return None
        return parsed

    def marker(self, path: KeyPath, table: dict[str, Any]) -> tuple[str | None, Loc | None]:
        parts: list[str] = []
        loc: Loc | None = None
        markers = table.get("markers")
        if isinstance(markers, str) and markers.strip():
            parts.append(markers.strip())
            loc = self.string((*path, "markers"), markers).loc()
        for key in _MARKER_KEYS:
            value = table.get(key)
            if isinstance(value, str) and value.strip():
                parts.append(f"{key} {value.strip()}")
                loc = None  # the marker is made of several strings
        if not parts:
            return None, None
        if len(parts) == 1:
            return parts[0], loc
        return " and ".join(f"({p})" if " or " in p else p for p in parts), None

    def url(self, table: dict[str, Any]) -> str | None:
        for vcs in _VCS:
            location = table.get(vcs)
            if isinstance(location, str):
                url = location if location.startswith(f"{vcs}+") else f"{vcs}+{location}"
                ref = table.get("ref")
                if isinstance(ref, str) and ref:
                    url += f"@{ref}"
                subdirectory = table.get("subdirectory")
                if isinstance(subdirectory, str) and subdirectory:
                    url += f"#subdirectory={subdirectory}"
                return url
        for key in ("file", "path"):
            location = table.get(key)
            if isinstance(location, str):
                return location
        return None

    def python(self, requires: dict[str, Any]) -> PythonDecl | None:
        for key in ("python_full_version", "python_version"):
            value = requires.get(key)
            path: KeyPath = ("requires", key)
            if value is None:
                continue
            if not isinstance(value, str):
                self.problem(self.loc(path), 'Expected a Python version string such as "3.12"')
                return None
            s = self.string(path, value)
            m = _VERSION.fullmatch(value.strip())
            if m is None:
                self.problem(s.loc(), 'Expected a Python version such as "3.12" or "3.12.1"')
                return None
            version = tuple(int(g) for g in m.groups() if g is not None)
            text = ".".join(str(v) for v in version)
            specifier = f"=={text}.*" if len(version) == 2 else f"=={text}"
            return PythonDecl("Pipfile", value, s.loc(), specifier=specifier, version=version)
        return None
