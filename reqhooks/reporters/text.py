"""``path:line:col: CODE message``: what editors, pre-commit and people read."""

from __future__ import annotations

from reqhooks._mask import mask_secrets

TYPE_CHECKING = False
if TYPE_CHECKING:
    from reqhooks.findings import Finding

_RED = "\033[31m"
_YELLOW = "\033[33m"
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RESET = "\033[0m"


class TextReporter:
    def __init__(self, *, color: bool = False) -> None:
        self.color = color

    def render(self, findings: list[Finding], files_checked: int) -> str:
        lines = []
        for f in findings:
            message = mask_secrets(f.message)
            mark = " [*]" if f.fix is not None and f.fix.safe else ""
            if self.color:
                sev = _RED if f.severity == "error" else _YELLOW
                lines.append(
                    f"{_BOLD}{f.display}{_RESET}:{f.line}:{f.column}: "
                    f"{sev}{_BOLD}{f.code}{_RESET}{mark} {message}"
                )
            else:
                lines.append(f"{f.display}:{f.line}:{f.column}: {f.code}{mark} {message}")
        if findings:
            n = len(findings)
            fixable = sum(1 for f in findings if f.fix is not None and f.fix.safe)
            unsafe = sum(1 for f in findings if f.fix is not None and not f.fix.safe)
            summary = f"Found {n} problem{'s' if n != 1 else ''}"
            extra = []
            if fixable:
                extra.append(f"{fixable} fixable with --fix")
            if unsafe:
                extra.append(f"{unsafe} more with --unsafe-fixes")
            if extra:
                summary += f" ({', '.join(extra)})"
            summary += "."
            lines.append(f"{_DIM}{summary}{_RESET}" if self.color else summary)
        return "\n".join(lines) + ("\n" if lines else "")
