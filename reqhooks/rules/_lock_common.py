"""What the lock-drift checks of every format share: positions, declarations, messages."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from reqhooks import _pep
from reqhooks.findings import Finding
from reqhooks.model import Loc
from reqhooks.rules import _lock_norm as norm

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from reqhooks._text import Document
    from reqhooks._toml import KeyPath, TomlIndex
    from reqhooks.model import LockedPackage, LockFile, Pyproject, Requirement

#: pyproject requirement kinds that are dependencies of the project (what a lock resolves).
PROJECT_KINDS: Final = frozenset({"project", "optional", "group", "poetry", "pdm-dev", "uv-dev"})


def span_loc(doc: Document, span: tuple[int, int] | None) -> Loc | None:
    """The Loc of a TOML value span, without the quotes of a string."""
    if span is None:
        return None
    start, end = span
    text = doc.text
    for quote in ('"""', "'''", '"', "'"):
        q = len(quote)
        if (
            end - start >= 2 * q
            and text.startswith(quote, start)
            and text.startswith(quote, end - q)
        ):
            return Loc(doc, start + q, end - q)
    return Loc(doc, start, end)


def toml_loc(doc: Document, index: TomlIndex | None, path: KeyPath, *, key: bool = False) -> Loc:
    """Where ``path`` is written (its value, or with ``key`` its key); the nearest ancestor
    the text shows when it is not there, and the start of the file at worst."""
    if index is not None:
        for depth in range(len(path), 0, -1):
            sub = path[:depth]
            span = index.key_span(sub) if key or depth < len(path) else index.value_span(sub)
            if span is None and depth == len(path):
                span = index.key_span(sub)
            loc = span_loc(doc, span)
            if loc is not None:
                return loc
    return start_of(doc)


def start_of(doc: Document) -> Loc:
    return Loc(doc, 0, 0)


def table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def array(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def name_of(doc: Document) -> str:
    return doc.path.name


def project_table(pp: Pyproject) -> dict[str, Any]:
    return table(pp.data.get("project"))


def project_name(pp: Pyproject) -> str | None:
    from reqhooks.readers.pyproject import canonical_name

    name = project_table(pp).get("name")
    return canonical_name(name) if isinstance(name, str) else None


def declared_python(pp: Pyproject | None, *, poetry_first: bool = False) -> tuple[str, Loc] | None:
    """The project's Python range as PEP 440 and where it is written."""
    if pp is None:
        return None
    decls = [pp.poetry_python, pp.requires_python]
    if not poetry_first:
        decls.reverse()
    for decl in decls:
        if decl is not None and decl.specifier is not None:
            return decl.specifier, decl.loc
    return None


def versions(lock: LockFile) -> dict[str, list[LockedPackage]]:
    return lock.by_name()


def satisfied(specifier: str, version: str | None) -> bool | None:
    """Whether a locked version satisfies ``specifier`` (None when it cannot be told)."""
    if not specifier or version is None:
        return None
    return _pep.contains(specifier, version)


def describe_requirement(req: Requirement) -> str:
    """``name[extras]specifier`` as a message shows a declaration."""
    extras = f"[{','.join(req.extras)}]" if req.extras else ""
    spec = req.original_spec if req.original_spec not in (None, "") else req.specifier
    if req.kind in ("poetry", "pipfile") and spec and spec[0] not in "<>=!~":
        spec = f" {spec}"
    if req.url and not spec:
        return f"{req.name}{extras} @ {req.url}"
    return f"{req.name}{extras}{spec or ''}"


def applies(req: Requirement, python: str | None) -> bool:
    """Whether a declaration can apply to some environment the project supports."""
    extra = req.group if req.kind == "optional" and req.group else ""
    return norm.possible(req.marker, python, extra)


def rel_posix(path: Path, root: Path) -> str | None:
    """``path`` relative to ``root`` with ``/`` separators; None when it is not under it."""
    try:
        rel = os.path.relpath(path.absolute(), root.absolute())
    except ValueError:
        return None
    rel = Path(rel).as_posix()
    if rel == ".." or rel.startswith("../"):
        return None
    return rel


def normalize_rel(path: str) -> str:
    """A relative POSIX path with ``.`` and ``..`` resolved lexically (``.`` for empty)."""
    parts: list[str] = []
    for part in PurePosixPath(path.replace("\\", "/")).parts:
        if part in ("", "."):
            continue
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts) or "."


def glob_match(pattern: str, rel: str) -> bool:
    """Whether relative path ``rel`` matches glob ``pattern`` component by component."""
    pat = normalize_rel(pattern).split("/")
    parts = rel.split("/")

    def match(i: int, j: int) -> bool:
        if i == len(pat):
            return j == len(parts)
        if pat[i] == "**":
            return any(match(i + 1, k) for k in range(j, len(parts) + 1))
        return j < len(parts) and fnmatch.fnmatchcase(parts[j], pat[i]) and match(i + 1, j + 1)

    return match(0, 0)


def unique(findings: Iterable[Finding]) -> Iterator[Finding]:
    seen: set[tuple[object, ...]] = set()
    for f in findings:
        key = (f.path, f.line, f.column, f.code, f.message)
        if key not in seen:
            seen.add(key)
            yield f
