"""The README's promises: two one-line quick-start commands that work, and CI runs the second."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text("utf-8")


def _quick_start_blocks() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def test_quick_start_has_exactly_two_one_line_sh_blocks() -> None:
    blocks = _quick_start_blocks()
    assert len(blocks) == 2
    assert all(b.count("\n") == 1 for b in blocks), blocks


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8").strip().splitlines()
    assert ci[-1] == _quick_start_blocks()[1].strip()


def test_first_command_runs_reqhooks_on_the_bundled_example() -> None:
    assert _quick_start_blocks()[0].strip().endswith("reqhooks check examples/demo")


def test_the_example_prints_what_its_readme_says() -> None:
    """examples/demo/EXPECTED.txt is the output the quick start shows (exit status 1)."""
    env = {**os.environ, "REQHOOKS_TODAY": "2026-11-23", "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "reqhooks", "check", "examples/demo"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == (REPO / "examples" / "demo" / "EXPECTED.txt").read_text("utf-8")
