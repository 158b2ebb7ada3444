"""Live differential test: the real tools' own lock checks still give the recorded verdicts.

Every case of ``fixtures/drift/cases.py`` is applied to a scratch copy of its project and the
owning tool's check runs there (``poetry check --lock``, ``uv lock --check --offline``,
``pdm lock --check``, ``pipenv verify``), offline, with every cache and config under tmp. The
verdict and exit code must equal ``verdicts.json``; a difference means the tool changed its
mind and the data (and reqhooks) need a look: re-record with ``generate.py --record``.

The tools are found on PATH, or at ``REQHOOKS_DRIFT_<TOOL>`` (``POETRY``, ``UV``, ``PDM``,
``PIPENV``). A missing tool skips its cases, unless ``REQHOOKS_DRIFT_REQUIRE_TOOLS=1`` (CI).
pip-tools is not replayed: pip-compile has no check mode and its re-run needs the index.
"""

from __future__ import annotations

import concurrent.futures
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

DRIFT = Path(__file__).parent / "fixtures" / "drift"
LIVE_TOOLS = ("poetry", "uv", "pdm", "pipenv")


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_drift_{name}", DRIFT / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


cases = _load("cases")
generate = _load("generate")
RECORDED: dict[str, Any] = json.loads((DRIFT / "verdicts.json").read_text(encoding="utf-8"))
LIVE_CASES = [c for c in cases.CASES if c.tool in LIVE_TOOLS]


def _executable(tool: str) -> str | None:
    if override := os.environ.get(f"REQHOOKS_DRIFT_{tool.upper()}"):
        return override
    name: str = generate.TOOL_EXECUTABLES[tool]
    # The test environment's own scripts folder, even when it is not on PATH.
    return shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))


EXECUTABLES = {tool: _executable(tool) for tool in LIVE_TOOLS}


def _check(case: Any, tmp: Path) -> Any:
    """The tool's verdict on the mutated copy, or the exception that prevented one."""
    work = tmp / "work"
    try:
        shutil.copytree(DRIFT / case.tool / case.project, work)
        generate.apply_edits(work, case.edits)
        return generate.run_check(case.tool, work, tmp / "scratch", EXECUTABLES[case.tool])
    except (OSError, ValueError, subprocess.SubprocessError) as e:  # reported by the case's test
        return e


@pytest.fixture(scope="module")
def live_verdicts(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Run the selected cases' checks concurrently, once; the tests then read the results."""
    selected = {
        getattr(item.callspec.params["case"], "id", None)
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.obj is test_tool_verdict_is_the_recorded_one
    }
    todo = [c for c in LIVE_CASES if c.id in selected and EXECUTABLES[c.tool]]
    with concurrent.futures.ThreadPoolExecutor(max(2, (os.cpu_count() or 1) * 2)) as pool:
        futures = {c.id: pool.submit(_check, c, tmp_path_factory.mktemp(c.id)) for c in todo}
        return {case_id: future.result() for case_id, future in futures.items()}


@pytest.fixture(scope="module")
def tool_versions() -> dict[str, str]:
    return {tool: generate.tool_version(exe) for tool, exe in EXECUTABLES.items() if exe}


@pytest.mark.parametrize("case", LIVE_CASES, ids=[c.id for c in LIVE_CASES])
def test_tool_verdict_is_the_recorded_one(
    case: Any, live_verdicts: dict[str, Any], tool_versions: dict[str, str], tmp_path: Path
) -> None:
    if EXECUTABLES[case.tool] is None:
        # The tools are in the test extra: in CI a missing tool is a failure, never a skip.
        if os.environ.get("REQHOOKS_DRIFT_REQUIRE_TOOLS") == "1" or os.environ.get("CI") == "true":
            pytest.fail(f"{case.tool} not found on PATH (REQHOOKS_DRIFT_REQUIRE_TOOLS=1)")
        pytest.skip(f"{case.tool} not found on PATH")
    verdict = live_verdicts.get(case.id) or _check(case, tmp_path)
    if isinstance(verdict, Exception):
        raise verdict
    recorded = RECORDED["cases"][case.id]
    context = (
        f"{case.tool} {tool_versions[case.tool]} (recorded with "
        f"{RECORDED['tool_versions'][case.tool]}) said:\n{verdict.output}"
    )
    assert (verdict.stale, verdict.exit_code) == (recorded["stale"], recorded["exit_code"]), context
