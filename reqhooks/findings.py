"""Findings and the fixes they carry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from reqhooks._text import Document
    from reqhooks.model import Loc

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``[start, end)`` of the original text with ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    message: str  # e.g. 'Add `; python_version < "3.11"`'
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(slots=True)
class Finding:
    code: str
    message: str
    path: Path
    display: str  # path relative to the working directory, posix separators
    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int  # 1-based, exclusive
    severity: Severity
    package: str | None = None
    fix: Fix | None = None
    doc: Document | None = None
    related: tuple[Path, ...] = ()  # other files this finding is about (lock <-> pyproject)

    @classmethod
    def at(
        cls,
        code: str,
        loc: Loc,
        message: str,
        *,
        package: str | None = None,
        fix: Fix | None = None,
        severity: Severity | None = None,
        related: tuple[Path, ...] = (),
    ) -> Finding:
        from reqhooks.registry import default_severity

        doc = loc.doc
        line, column = doc.position(loc.start)
        end_line, end_column = doc.position(max(loc.end, loc.start))
        return cls(
            code=code,
            message=message,
            path=doc.path,
            display=doc.display,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            severity=severity or default_severity(code),
            package=package,
            fix=fix,
            doc=doc,
            related=related,
        )

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.display, self.line, self.column, self.code, self.message)
