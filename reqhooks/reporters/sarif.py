"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json

from reqhooks import __version__
from reqhooks._mask import mask_secrets

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from reqhooks.findings import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HELP_URI = "https://github.com/reqhooks/reqhooks#rules"


def _rules() -> list[dict[str, Any]]:
    from reqhooks.registry import RULES, doc

    out = []
    for r in RULES:
        text = doc(r.code)
        out.append(
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": text},
                "help": {"text": text, "markdown": text},
                "helpUri": f"{HELP_URI}-{r.code.lower()}",
                "defaultConfiguration": {"level": "error" if r.severity == "error" else "warning"},
                "properties": {"family": r.family, "fix": r.fix or "none"},
            }
        )
    return out


class SarifReporter:
    def render(self, findings: list[Finding], files_checked: int) -> str:
        rules = _rules()
        index = {r["id"]: i for i, r in enumerate(rules)}
        results = []
        for f in findings:
            result: dict[str, Any] = {
                "ruleId": f.code,
                "level": "error" if f.severity == "error" else "warning",
                "message": {"text": mask_secrets(f.message)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": f.display},
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "endLine": f.end_line,
                                "endColumn": f.end_column,
                            },
                        }
                    }
                ],
            }
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            if f.package:
                result["properties"] = {"package": f.package}
            results.append(result)
        payload = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "reqhooks",
                            "version": __version__,
                            "informationUri": "https://github.com/reqhooks/reqhooks",
                            "rules": rules,
                        }
                    },
                    "results": results,
                }
            ],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
