"""reqhooks' lock-drift verdict equals the real tool's, on every recorded case, offline.

The cases are the mutations of ``fixtures/drift/cases.py`` with the verdicts the real tools
gave (``fixtures/drift/verdicts.json``: ``poetry check --lock``, ``uv lock --check
--offline``, ``pdm lock --check``, ``pipenv verify``, and a re-run of pip-compile), plus the
further uv cases of ``fixtures/lock/generate.py`` with uv's verdicts
(``fixtures/lock/verdicts.json``).  Each case is applied to a copy of its project and
``reqhooks lock`` runs there; its verdict is "stale" when it reports any LCK finding.
``test_drift_oracle.py`` checks, with the tools installed, that the recorded verdicts still
hold; this file needs none of them.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import pytest

from reqhooks.cli import main
from tests.conftest import FIXTURES

DRIFT = FIXTURES / "drift"
LOCK = FIXTURES / "lock"


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


drift_cases = _load(DRIFT / "cases.py", "_agreement_drift_cases")
drift_generate = _load(DRIFT / "generate.py", "_agreement_drift_generate")
lock_generate = _load(LOCK / "generate.py", "_agreement_lock_generate")
DRIFT_VERDICTS: dict[str, Any] = json.loads((DRIFT / "verdicts.json").read_text("utf-8"))
LOCK_VERDICTS: dict[str, Any] = json.loads((LOCK / "verdicts.json").read_text("utf-8"))


class Case(NamedTuple):
    id: str
    tool: str
    project: Path
    edits: tuple[tuple[str, str | None, str | None], ...]
    stale: bool


def _cases() -> Iterator[Case]:
    for case in drift_cases.CASES:
        yield Case(
            case.id,
            case.tool,
            DRIFT / case.tool / case.project,
            case.edits,
            DRIFT_VERDICTS["cases"][case.id]["stale"],
        )
    for case_id, (project, edits) in lock_generate.CASES.items():
        yield Case(case_id, "uv", LOCK / project, edits, LOCK_VERDICTS["cases"][case_id]["stale"])


CASES = list(_cases())


def _verdict(case: Case, root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[bool, list[str]]:
    shutil.copytree(case.project, root, dirs_exist_ok=True)
    drift_generate.apply_edits(root, case.edits)
    capsys.readouterr()
    code = main(["lock", "--isolated", "--format", "json", "."])
    findings = json.loads(capsys.readouterr().out)["findings"]
    lines = [
        f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']}"
        for f in findings
        if f["code"].startswith("LCK")
    ]
    assert code == (1 if lines else 0), lines
    return bool(lines), lines


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_reqhooks_verdict_is_the_tools(
    case: Case, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale, lines = _verdict(case, in_tmp, capsys)
    expected = "stale" if case.stale else "fresh"
    assert stale == case.stale, f"{case.tool} says {expected}; reqhooks said:\n" + "\n".join(lines)


def test_every_recorded_case_is_compared() -> None:
    """No case without a verdict, no verdict without its case."""
    assert {c.id for c in drift_cases.CASES} == set(DRIFT_VERDICTS["cases"])
    assert set(lock_generate.CASES) == set(LOCK_VERDICTS["cases"])


def test_the_cases_cover_every_tool_both_ways() -> None:
    """Each tool has cases it calls stale and cases it calls fresh (the table in the README)."""
    table: dict[str, dict[bool, int]] = {}
    for case in CASES:
        table.setdefault(case.tool, {True: 0, False: 0})[case.stale] += 1
    assert set(table) == {"poetry", "uv", "pdm", "pipenv", "pip-tools"}
    assert all(counts[True] and counts[False] for counts in table.values()), table
