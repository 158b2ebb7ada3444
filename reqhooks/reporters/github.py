"""GitHub Actions workflow commands: annotations on the pull request's diff."""

from __future__ import annotations

from reqhooks._mask import mask_secrets

TYPE_CHECKING = False
if TYPE_CHECKING:
    from reqhooks.findings import Finding


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    def render(self, findings: list[Finding], files_checked: int) -> str:
        lines = []
        for f in findings:
            level = "error" if f.severity == "error" else "warning"
            props = (
                f"file={_escape_property(f.display)},line={f.line},col={f.column},"
                f"endLine={f.end_line},endColumn={f.end_column},title={_escape_property(f.code)}"
            )
            message = _escape_data(f"{f.code} {mask_secrets(f.message)}")
            lines.append(f"::{level} {props}::{message}")
        return "\n".join(lines) + ("\n" if lines else "")
