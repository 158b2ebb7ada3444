"""The hooks for real: `pre-commit try-repo` this repository in a fresh git repository.

pre-commit builds its own virtualenv with reqhooks installed from this checkout, exactly
as it does for users, and passes the staged files the way it does on a commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write

REPO = Path(__file__).resolve().parent.parent

FIXTURES = REPO / "tests" / "fixtures" / "precommit"  # pyproject.toml and the poetry.lock real Poetry wrote for it


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(home)
    env["REQHOOKS_TODAY"] = "2026-11-23"
    env["NO_COLOR"] = "1"
    env.update(
        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    return env


def _git(cwd: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _repo(tmp_path: Path, files: dict[str, str], env: dict[str, str]) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main", env=env)
    write(root, files)
    _git(root, "add", "-A", env=env)
    return root


def _try_repo(root: Path, hook: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    return subprocess.run(
        [pre_commit, "try-repo", str(REPO), hook, "--color", "never", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _reqhooks_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": " in line and line.split(":")[0].endswith((".txt", ".toml", ".lock"))]


def test_backports_hook_fails_a_commit_with_the_pathlib_backport(tmp_path: Path, pre_commit_home: Path) -> None:
    env = _env(pre_commit_home)
    root = _repo(
        tmp_path,
        {"requirements.txt": "flask==3.1.0\npathlib==1.0.1\n", "README.md": "hello\n"},
        env,
    )
    proc = _try_repo(root, "no-stdlib-backports", "--all-files", env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = _reqhooks_lines(proc.stdout)
    assert len(lines) == 1
    assert lines[0].startswith("requirements.txt:2:1: BKP001 ")


def test_clean_files_pass(tmp_path: Path, pre_commit_home: Path) -> None:
    env = _env(pre_commit_home)
    root = _repo(tmp_path, {"requirements.txt": "flask==3.1.0\n"}, env)
    proc = _try_repo(root, "reqhooks", "--all-files", "--verbose", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "reqhooks" in proc.stdout and "Passed" in proc.stdout


def test_lock_hook_given_only_the_lock_still_compares_it_with_pyproject(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    env = _env(pre_commit_home)
    lock = (FIXTURES / "poetry.lock").read_text()
    root = _repo(tmp_path, {"pyproject.toml": (FIXTURES / "pyproject.toml").read_text(), "poetry.lock": lock}, env)
    _git(root, "commit", "-q", "-m", "init", env=env)
    # The commit touches only the lock: pre-commit passes only poetry.lock.
    (root / "poetry.lock").write_text(lock.replace('content-hash = "', 'content-hash = "0'))
    _git(root, "add", "poetry.lock", env=env)
    proc = _try_repo(root, "check-lock-drift", env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert any(line.startswith("poetry.lock:") and " LCK001 " in line for line in _reqhooks_lines(proc.stdout)), proc.stdout
