"""reqhooks.discovery: git's file list, started ahead of settings or not, is the same."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from reqhooks import discovery


def _files(found: discovery.Discovered) -> dict[Path, list[tuple[Path, str]]]:
    return {root: sorted(files) for root, files in found.projects.items()}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name in ("requirements.txt", "svc/requirements-dev.txt", "svc/pyproject.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(
            "idna==3.7\n" if name.endswith(".txt") else "", encoding="utf-8"
        )
    (tmp_path / ".gitignore").write_text("ignored/\n", encoding="utf-8")
    (tmp_path / "ignored").mkdir()
    (tmp_path / "ignored" / "requirements.txt").write_text("x==1\n", encoding="utf-8")
    return tmp_path


def test_a_listing_started_ahead_is_the_listing(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    plain = discovery.discover([Path(".")])
    discovery.start_git_files(Path("."))
    assert list(discovery._started) == [str(repo)]
    calls: list[list[str]] = []
    monkeypatch.setattr(discovery, "_capture", lambda argv, timeout=30.0: calls.append(argv))
    ahead = discovery.discover([Path(".")])
    assert calls == []  # git ran once, ahead
    assert discovery._started == {}
    assert _files(ahead) == _files(plain)
    assert not any("ignored" in str(p) for files in plain.projects.values() for p, _ in files)
    assert len([f for files in plain.projects.values() for f in files]) == 3


def test_a_listing_nobody_asks_for_is_reaped(
    tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    discovery.start_git_files(outside)
    assert discovery._started
    ((pid, _),) = discovery._started.values()
    discovery.discover([repo / "requirements.txt"])  # files named: no listing collected
    assert discovery._started == {}
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already waited for: not a zombie left behind
