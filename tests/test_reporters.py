"""Golden tests for every reporter, on findings built by hand."""

from __future__ import annotations

import json
from pathlib import Path

from reqhooks._text import Document
from reqhooks.findings import Edit, Finding, Fix
from reqhooks.model import Loc
from reqhooks.reporters import get

TEXT = "flask==3.1.0\ntorch>=2.2\n--extra-index-url https://user:pw@example.com/simple\n"


def _findings() -> list[Finding]:
    doc = Document(Path("requirements.txt").absolute(), TEXT, display="requirements.txt")
    torch = TEXT.index("torch")
    url = TEXT.index("https://")
    return [
        Finding.at(
            "PIN001",
            Loc(doc, torch, torch + len("torch>=2.2")),
            "torch is critical and must be pinned exactly: write `torch==2.5.1` (the version uv.lock resolved)",
            package="torch",
            fix=Fix("Pin to 2.5.1", (Edit(torch + 5, torch + 10, "==2.5.1"),)),
        ),
        Finding.at(
            "REQ004",
            Loc(doc, url, url + len("https://user:pw@example.com/simple")),
            "Credentials in --extra-index-url https://user:pw@example.com/simple",
        ),
    ]


def test_text_reporter_prints_path_line_col_code_message() -> None:
    out = get("text").render(_findings(), 1)
    assert out == (
        "requirements.txt:2:1: PIN001 [*] torch is critical and must be pinned exactly: "
        "write `torch==2.5.1` (the version uv.lock resolved)\n"
        "requirements.txt:3:19: REQ004 Credentials in --extra-index-url https://****@example.com/simple\n"
        "Found 2 problems (1 fixable with --fix).\n"
    )


def test_text_reporter_prints_nothing_without_findings() -> None:
    assert get("text").render([], 3) == ""


def test_text_reporter_colours_only_when_asked() -> None:
    out = get("text", color=True).render(_findings()[:1], 1)
    assert "\033[31m" in out and out.startswith("\033[1mrequirements.txt\033[0m:2:1: ")


def test_json_reporter_matches_the_contract() -> None:
    payload = json.loads(get("json").render(_findings(), 1))
    assert payload == {
        "version": 1,
        "files_checked": 1,
        "findings": [
            {
                "code": "PIN001",
                "severity": "error",
                "path": "requirements.txt",
                "line": 2,
                "column": 1,
                "end_line": 2,
                "end_column": 11,
                "message": "torch is critical and must be pinned exactly: write `torch==2.5.1` (the version uv.lock resolved)",
                "package": "torch",
                "fix": {
                    "message": "Pin to 2.5.1",
                    "applicability": "safe",
                    "edits": [{"content": "==2.5.1", "line": 2, "column": 6, "end_line": 2, "end_column": 11}],
                },
            },
            {
                "code": "REQ004",
                "severity": "error",
                "path": "requirements.txt",
                "line": 3,
                "column": 19,
                "end_line": 3,
                "end_column": 53,
                "message": "Credentials in --extra-index-url https://****@example.com/simple",
                "package": None,
                "fix": None,
            },
        ],
    }


def test_github_reporter_writes_workflow_commands() -> None:
    out = get("github").render(_findings(), 1)
    assert out.splitlines() == [
        "::error file=requirements.txt,line=2,col=1,endLine=2,endColumn=11,title=PIN001::PIN001 torch is "
        "critical and must be pinned exactly: write `torch==2.5.1` (the version uv.lock resolved)",
        "::error file=requirements.txt,line=3,col=19,endLine=3,endColumn=53,title=REQ004::REQ004 "
        "Credentials in --extra-index-url https://****@example.com/simple",
    ]


def test_sarif_reporter_carries_rules_and_regions() -> None:
    payload = json.loads(get("sarif").render(_findings(), 1))
    assert payload["version"] == "2.1.0"
    run = payload["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules][:3] == ["REQ001", "REQ002", "REQ003"]
    assert len(rules) == 27
    req004 = next(r for r in rules if r["id"] == "REQ004")
    assert req004["fullDescription"]["text"].startswith("## What it does\nReports credentials")
    assert run["results"][1] == {
        "ruleId": "REQ004",
        "level": "error",
        "message": {"text": "Credentials in --extra-index-url https://****@example.com/simple"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "requirements.txt"},
                    "region": {"startLine": 3, "startColumn": 19, "endLine": 3, "endColumn": 53},
                }
            }
        ],
        "ruleIndex": 3,
    }
    assert run["results"][0]["properties"] == {"package": "torch"}
    assert "pw@" not in json.dumps(payload)
