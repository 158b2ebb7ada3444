from __future__ import annotations

import functools
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reqhooks-cache")


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch: pytest.MonkeyPatch, _cache_dir: Path) -> None:
    """Every test runs on the same day unless it says otherwise (targets depend on the date),
    and never touches the user's cache directory."""
    monkeypatch.setenv("REQHOOKS_TODAY", "2026-11-23")
    monkeypatch.setenv("REQHOOKS_CACHE_DIR", str(_cache_dir))
    monkeypatch.delenv("REQHOOKS_DEBUG", raising=False)
    monkeypatch.delenv("PIP_INDEX_URL", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty directory that is its own git repository (so no config leaks in)."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))


os.environ.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")


def edited(text: str, edits: list[tuple[int, str, int]]) -> str:
    """``text`` after each edit (where, what, 0 insert / 1 delete a character / 2 replace
    one); ``where`` wraps around the text's length, so any integer is a place."""
    for at, piece, kind in edits:
        at %= len(text) + 1
        if kind == 0:
            text = text[:at] + piece + text[at:]
        elif kind == 1:
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + piece + text[at + 1 :]
    return text


@functools.cache
def bench_projects() -> ModuleType:
    """benchmarks/projects.py (the benchmark's generated projects), loaded once."""
    path = Path(__file__).parent.parent / "benchmarks" / "projects.py"
    spec = importlib.util.spec_from_file_location("_bench_projects", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
