"""Cost grows linearly with input: ten times the input takes about ten times the time.

In-process, CPU time of this process (a busy machine slows both sizes alike, and the ratio
is what is asserted), medians of interleaved repetitions after a warm-up run of each size,
so that one-time costs (imports, compiled patterns, caches) are left out: what is compared
is the work per line, per package, per project.  A quadratic step would make the ratio
about 100; the bound is 20, with linear at 10.

The projects are benchmarks/projects.py's: the shapes the lock tools write, with wheels,
markers and dependency edges.
"""

from __future__ import annotations

import io
import os
import statistics
import time
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from reqhooks.cli import main
from tests.conftest import bench_projects

LINEAR_BOUND = 20.0  # for 10x the input; linear is 10, quadratic 100


projects = bench_projects()


def _cpu_of_check(root: Path) -> float:
    """CPU seconds of one ``reqhooks check`` of ``root``, in this process."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        start = time.process_time()
        with redirect_stdout(io.StringIO()):
            code = main(["check", "--exit-zero"])
        spent = time.process_time() - start
    finally:
        os.chdir(cwd)
    assert code == 0
    return spent


def growth(small: Path, large: Path, repeat: int = 3) -> float:
    """Median CPU time of checking ``large`` over that of ``small``, interleaved."""
    _cpu_of_check(small)
    _cpu_of_check(large)
    smalls, larges = [], []
    for _ in range(repeat):
        smalls.append(_cpu_of_check(small))
        larges.append(_cpu_of_check(large))
    return statistics.median(larges) / statistics.median(smalls)




@pytest.fixture(autouse=True)
def _no_parse_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # The work measured is the parsing too, not reading back a cached parse.
    monkeypatch.setenv("REQHOOKS_NO_CACHE", "1")


@pytest.fixture(scope="module")
def sizes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("linear")
    out: dict[str, Path] = {}
    for lines in (500, 5000):
        directory = root / f"requirements-{lines}"
        projects.requirements_file(directory, lines, hashes=True)
        (directory / ".git").mkdir()
        out[f"requirements-{lines}"] = directory
    for tool in ("uv", "poetry", "pdm"):
        for n in (300, 3000):
            directory = root / f"{tool}-{n}"
            projects.lock_project(directory, tool, n)
            (directory / ".git").mkdir()
            out[f"{tool}-{n}"] = directory
    for n in (20, 200):
        out[f"monorepo-{n}"] = projects.monorepo(root / f"monorepo-{n}", n)
    return out


@pytest.mark.parametrize(
    ("small", "large"),
    [
        pytest.param("requirements-500", "requirements-5000", id="requirements lines"),
        pytest.param("uv-300", "uv-3000", id="uv.lock packages"),
        pytest.param("poetry-300", "poetry-3000", id="poetry.lock packages"),
        pytest.param("pdm-300", "pdm-3000", id="pdm.lock packages"),
        pytest.param("monorepo-20", "monorepo-200", id="monorepo projects"),
    ],
)
def test_ten_times_the_input_costs_about_ten_times_the_time(
    sizes: dict[str, Path], small: str, large: str
) -> None:
    ratio = growth(sizes[small], sizes[large])
    assert 3 < ratio < LINEAR_BOUND, f"{large} took {ratio:.1f}x the CPU time of {small}"


def test_uv_drift_compares_each_requirement_with_its_namesakes_only(
    sizes: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counted, not timed: the comparison of pyproject's requirements with uv.lock's root
    # metadata once compared every requirement with every other (quadratic in the number of
    # direct dependencies, a few percent of a 3,000-package check).
    from reqhooks.rules import _lock_uv

    calls = [0]
    same = _lock_uv._Req.same

    def counted(self: _lock_uv._Req, *args: object) -> bool:
        calls[0] += 1
        return same(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(_lock_uv._Req, "same", counted)
    counts = []
    for name in ("uv-300", "uv-3000"):
        calls[0] = 0
        _cpu_of_check(sizes[name])
        counts.append(calls[0])
    assert counts[0] > 0
    assert counts[1] < LINEAR_BOUND * counts[0], counts
