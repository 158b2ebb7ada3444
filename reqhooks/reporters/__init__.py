"""Reporters turn sorted findings into output; one small module per format."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    from reqhooks.findings import Finding

    class Reporter(Protocol):
        def render(self, findings: list[Finding], files_checked: int) -> str: ...


def get(name: str, *, color: bool = False) -> Reporter:
    if name == "json":
        from reqhooks.reporters.json import JsonReporter

        return JsonReporter()
    if name == "sarif":
        from reqhooks.reporters.sarif import SarifReporter

        return SarifReporter()
    if name == "github":
        from reqhooks.reporters.github import GithubReporter

        return GithubReporter()
    from reqhooks.reporters.text import TextReporter

    return TextReporter(color=color)
