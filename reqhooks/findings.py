"""Findings and the fixes they carry."""

from __future__ import annotations

from reqhooks._record import Frozen, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Literal, TypeAlias

    from reqhooks._text import Document
    from reqhooks.model import Loc

    Severity: TypeAlias = Literal["error", "warning"]
else:
    Severity = str  # the alias is for type checkers; the name stays importable

_setattr = object.__setattr__


class Edit(Frozen):
    """Replace ``[start, end)`` of the original text with ``text``."""

    __slots__ = ("start", "end", "text")

    start: int
    end: int
    text: str

    def __init__(self, start: int, end: int, text: str) -> None:
        _setattr(self, "start", start)
        _setattr(self, "end", end)
        _setattr(self, "text", text)


class Fix(Frozen):
    __slots__ = (
        "message",  # e.g. 'Add `; python_version < "3.11"`'
        "edits",
        "safe",
    )

    message: str
    edits: tuple[Edit, ...]
    safe: bool

    def __init__(self, message: str, edits: tuple[Edit, ...], safe: bool = True) -> None:
        _setattr(self, "message", message)
        _setattr(self, "edits", edits)
        _setattr(self, "safe", safe)


class Finding(Record):
    __slots__ = (
        "code",
        "message",
        "path",
        "display",  # path relative to the working directory, posix separators
        "line",  # 1-based
        "column",  # 1-based
        "end_line",
        "end_column",  # 1-based, exclusive
        "severity",
        "package",
        "fix",
        "doc",
        "related",  # other files this finding is about (lock <-> pyproject)
    )

    code: str
    message: str
    path: Path
    display: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: Severity
    package: str | None
    fix: Fix | None
    doc: Document | None
    related: tuple[Path, ...]

    def __init__(
        self,
        code: str,
        message: str,
        path: Path,
        display: str,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        severity: Severity,
        package: str | None = None,
        fix: Fix | None = None,
        doc: Document | None = None,
        related: tuple[Path, ...] = (),
    ) -> None:
        self.code = code
        self.message = message
        self.path = path
        self.display = display
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.severity = severity
        self.package = package
        self.fix = fix
        self.doc = doc
        self.related = related

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
