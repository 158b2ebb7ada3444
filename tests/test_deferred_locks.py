"""A run asked about some files leaves the locks nobody would see findings of unread.

pre-commit passes the files a commit changes, an editor the one it shows; when none of them
is a lock, its pyproject.toml or Pipfile, a workspace member or a file declaring a target
Python, no finding about the project's locks could be reported, and the engine skips that
work and never reads them (``engine.Loader.asked``, ``Context.locks_reported``).  A rule that
needs a lock for a finding elsewhere (a version to pin to, an exported requirements file)
reads it on first use (``Project.locks``).

The output must be exactly what reading every lock gives: the differential tests below
check it for every file of every fixture project and of every recorded drift case.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reqhooks import __version__, engine
from reqhooks.cli import main
from reqhooks.discovery import discover
from tests.conftest import FIXTURES, write
from tests.test_drift_agreement import CASES, Case, drift_generate

ROOT = Path(__file__).parent.parent
TREES = {
    "demo": ROOT / "examples" / "demo",
    "backports": FIXTURES / "backports",
    "pins": FIXTURES / "pins",
    "python": FIXTURES / "python",
    "lock": FIXTURES / "lock",
    "drift": FIXTURES / "drift",
}


def _check(path: Path, capsys: pytest.CaptureFixture[str], *, skip: bool) -> tuple[int, object]:
    engine.SKIP_UNSEEN = skip
    try:
        capsys.readouterr()
        code = main(["check", "--isolated", "--format", "json", str(path)])
    finally:
        engine.SKIP_UNSEEN = True
    return code, json.loads(capsys.readouterr().out)


#: Written beside every pyproject.toml and Pipfile of the trees: requirements files with
#: something for each family to say: a critical library unpinned, whose version a lock may
#: know, and a VCS branch a lock may have resolved (these read the lock); backports and a
#: requirement no rule speaks of (these need no lock); and a target Python, which findings
#: in a lock name as related (PYV001, PYV002).
EXTRA = {
    "requirements-extra.txt": "numpy>=1\ntorch\nsix @ git+https://github.com/benjaminp/six@main\n",
    "requirements-plain.txt": "pathlib\ntomli>=1\niniconfig\n",
    ".python-version": "3.14\n",
}


def _files(root: Path) -> Iterator[Path]:
    found = discover([root])
    for _, files in sorted(found.projects.items()):
        for path, _ in files:
            yield path


def _same_for_every_file(root: Path, capsys: pytest.CaptureFixture[str], reads: list[Path]) -> int:
    """Check each file under the working directory ``root`` alone, skipping what nobody would
    see and computing everything: the same output.  The number of checks that left a lock
    unread."""
    for declaration in [*root.rglob("pyproject.toml"), *root.rglob("Pipfile")]:
        write(declaration.parent, {k: v for k, v in EXTRA.items() if not (declaration.parent / k).exists()})
    unread = 0
    for path in sorted(set(_files(Path(".")))):
        reads.clear()
        skipping = _check(path, capsys, skip=True)
        read = len(reads)
        assert skipping == _check(path, capsys, skip=False), path
        unread += len(reads) - 2 * read > 0
    return unread


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The lock files read, in order."""
    out: list[Path] = []
    load_lock = engine.Loader._load_lock

    def spy(self: engine.Loader, project: Any, path: Path) -> None:
        out.append(path)
        load_lock(self, project, path)

    monkeypatch.setattr(engine.Loader, "_load_lock", spy)
    return out


@pytest.fixture
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # Both ways must compute their findings: a remembered run would answer for the other.
    monkeypatch.setenv("REQHOOKS_NO_CACHE", "1")


@pytest.mark.usefixtures("no_cache")
@pytest.mark.parametrize("tree", sorted(TREES))
def test_each_file_alone_gets_what_reading_every_lock_gives(
    tree: str, in_tmp: Path, capsys: pytest.CaptureFixture[str], reads: list[Path]
) -> None:
    shutil.copytree(TREES[tree], in_tmp, dirs_exist_ok=True)
    assert _same_for_every_file(in_tmp, capsys, reads) >= 2


@pytest.mark.usefixtures("no_cache")
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_file_of_a_drifted_project_alone(
    case: Case, in_tmp: Path, capsys: pytest.CaptureFixture[str], reads: list[Path]
) -> None:
    """The recorded drift cases: each a project with one edit the real tool judged."""
    shutil.copytree(case.project, in_tmp, dirs_exist_ok=True)
    drift_generate.apply_edits(in_tmp, case.edits)
    # pip-tools' "lock" is requirements.txt itself: no lock file to leave unread.
    assert _same_for_every_file(in_tmp, capsys, reads) >= (case.tool != "pip-tools")


def _project(root: Path, requirements: str) -> None:
    shutil.copytree(FIXTURES / "lock" / "uv-rich", root, dirs_exist_ok=True)
    write(root, {"requirements.txt": requirements, ".python-version": "3.12\n"})


@pytest.mark.usefixtures("no_cache")
def test_a_requirements_file_alone_does_not_read_the_lock(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], reads: list[Path]
) -> None:
    _project(in_tmp, "iniconfig>=2\n")
    (in_tmp / "uv.lock").write_text("this is [not TOML", "utf-8")
    # Counted as checked (as when it is read): pyproject.toml, the member's, requirements.txt,
    # .python-version and uv.lock.
    assert _check(Path("requirements.txt"), capsys, skip=True) == (
        0, {"version": 1, "findings": [], "files_checked": 5}
    )
    assert reads == []
    assert _check(Path("requirements.txt"), capsys, skip=False) == (
        0, {"version": 1, "findings": [], "files_checked": 5}
    )
    assert reads == [in_tmp / "uv.lock"]
    # Asked about, the lock is read, and it cannot be parsed.
    code, out = _check(Path("uv.lock"), capsys, skip=True)
    assert code == 1
    assert [f["code"] for f in out["findings"]] == ["REQ001"]  # type: ignore[index]


@pytest.mark.usefixtures("no_cache")
@pytest.mark.parametrize("asked", ["requirements.txt", "pyproject.toml", ".python-version"])
def test_a_rule_that_needs_the_lock_reads_it(
    asked: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # PIN001 names the version the lock pins, read for a requirements file's finding.
    write(
        in_tmp,
        {
            "pyproject.toml": '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.12"\n'
            'dependencies = ["numpy>=2"]\n',
            "requirements.txt": "numpy>=2\n",
            ".python-version": "3.12\n",
            "uv.lock": _UV_NUMPY,
        },
    )
    code, out = _check(Path(asked), capsys, skip=True)
    assert (code, out) == _check(Path(asked), capsys, skip=False)
    if asked == "requirements.txt":
        (finding,) = out["findings"]  # type: ignore[index]
        assert finding["code"] == "PIN001"
        assert finding["message"] == (
            "numpy is critical and must be pinned exactly in requirements.txt, not `>=2`: "
            "write `numpy==2.1.3` (the version uv.lock resolves)"
        )


_UV_NUMPY = """\
version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "app"
version = "1"
source = { virtual = "." }
dependencies = [
    { name = "numpy" },
]

[package.metadata]
requires-dist = [{ name = "numpy", specifier = ">=2" }]

[[package]]
name = "numpy"
version = "2.1.3"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/numpy-2.1.3.tar.gz", hash = "sha256:aa08e04e08aaf974d4458def539dece0d28146d866a39da5639596f4921fd761", size = 20166090 }
wheels = [
    { url = "https://files.pythonhosted.org/packages/numpy-2.1.3-py3-none-any.whl", hash = "sha256:aa08e04e08aaf974d4458def539dece0d28146d866a39da5639596f4921fd762", size = 1 },
]
"""


@pytest.mark.usefixtures("no_cache")
@pytest.mark.parametrize("project", ["poetry-export", "uv-export"])
def test_a_stale_export_alone_is_compared_with_its_lock(
    project: str, in_tmp: Path, capsys: pytest.CaptureFixture[str], reads: list[Path]
) -> None:
    shutil.copytree(FIXTURES / "lock" / project, in_tmp, dirs_exist_ok=True)
    (in_tmp / "pylock.toml").unlink(missing_ok=True)  # a project with one is always checked
    export = in_tmp / "requirements.txt"
    export.write_text(export.read_text("utf-8").replace("idna==3.20", "idna==3.1"), "utf-8")
    assert _same_for_every_file(in_tmp, capsys, reads) >= 1
    code, out = _check(Path("requirements.txt"), capsys, skip=True)
    assert code == 1
    assert "LCK006" in {f["code"] for f in out["findings"]}  # type: ignore[index]


def test_an_internal_error_reading_a_deferred_lock_names_the_lock(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # numpy's PIN001 needs the lock's version: the lock is read during the rule.
    write(in_tmp, {"requirements.txt": "numpy>=2\n", "uv.lock": _UV_NUMPY})

    def boom(*args: object, **kwargs: object) -> object:
        raise RuntimeError("kaput")

    monkeypatch.setattr("reqhooks.readers.locks.read", boom)
    assert main(["check", "--isolated", "requirements.txt"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"reqhooks {__version__}: internal error while checking uv.lock: RuntimeError: kaput "
        "(set REQHOOKS_DEBUG=1 for the traceback; please report it)\n"
    )
