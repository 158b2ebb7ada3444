"""The contract's JSON: ``{"version": 1, "findings": [...], "files_checked": N}``."""

from __future__ import annotations

import json

from reqhooks._mask import mask_secrets

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from reqhooks.findings import Finding


def finding_dict(f: Finding) -> dict[str, Any]:
    fix = None
    if f.fix is not None:
        start = f.doc.position if f.doc is not None else None
        edits = []
        for e in f.fix.edits:
            if start is None:
                continue
            line, col = start(e.start)
            end_line, end_col = start(e.end)
            edits.append(
                {
                    "content": mask_secrets(e.text),
                    "line": line,
                    "column": col,
                    "end_line": end_line,
                    "end_column": end_col,
                }
            )
        fix = {
            "message": mask_secrets(f.fix.message),
            "applicability": "safe" if f.fix.safe else "unsafe",
            "edits": edits,
        }
    return {
        "code": f.code,
        "severity": f.severity,
        "path": f.display,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "message": mask_secrets(f.message),
        "package": f.package,
        "fix": fix,
    }


class JsonReporter:
    def render(self, findings: list[Finding], files_checked: int) -> str:
        payload = {
            "version": 1,
            "findings": [finding_dict(f) for f in findings],
            "files_checked": files_checked,
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
