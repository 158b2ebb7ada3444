"""reqhooks.readers._lockcache: a lock read before is rebuilt equal to the reader's model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reqhooks import _parsecache
from reqhooks._record import fields
from reqhooks._text import read_document
from reqhooks.model import Loc, LockFile
from reqhooks.readers import _lockcache, locks
from tests.conftest import bench_projects

FIXTURES = Path(__file__).parent / "fixtures"
LOCKS = sorted(
    p for name in ("uv.lock", "poetry.lock", "pdm.lock") for p in FIXTURES.rglob(name)
)


@pytest.fixture
def every_size(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Cache locks of any size, in an empty cache directory."""
    monkeypatch.setattr(_parsecache, "MIN_BYTES", 0)
    monkeypatch.setenv("REQHOOKS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REQHOOKS_NO_CACHE", raising=False)
    return tmp_path / "cache"


def _plain(value: Any) -> Any:
    """A model as nested tuples of its fields (positions as offsets), for comparison."""
    if hasattr(value, "__slots__") and not isinstance(value, tuple):
        return (type(value).__name__,) + tuple(
            _plain(getattr(value, name)) for name in fields(value) if name not in ("doc", "index")
        )
    if isinstance(value, Loc):
        return ("Loc", value.start, value.end)
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


def _kind(path: Path) -> str:
    kind = locks.kind_for(path)
    assert kind is not None
    return kind


def _read(path: Path) -> tuple[LockFile | None, list[Any]]:
    return locks.read(read_document(path), _kind(path))  # type: ignore[arg-type]


@pytest.mark.parametrize("path", LOCKS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_a_lock_read_again_is_the_lock_the_reader_built(every_size: Path, path: Path) -> None:
    first, findings = _read(path)
    stored = list(every_size.glob("model-*/*"))
    if first is None or findings:
        assert stored == []  # only reads without findings are kept
        return
    assert len(stored) == 1
    doc = read_document(path)
    again = _lockcache.load(doc, _kind(path))
    assert again is not None
    assert _plain(again) == _plain(first)
    assert again.doc is doc and all(p.loc.doc is doc for p in again.packages)
    assert again.index is not None


@pytest.mark.parametrize("tool", ["uv", "poetry", "pdm"])
def test_the_benchmark_locks_read_again_are_the_same(every_size: Path, tmp_path: Path, tool: str) -> None:
    root = bench_projects().lock_project(tmp_path / tool, tool, 300)
    path = root / f"{tool}.lock"
    first, findings = _read(path)
    assert first is not None and findings == [] and len(first.packages) >= 300
    second, findings = _read(path)  # from the cache
    assert findings == []
    assert second is not None and second is not first
    assert _plain(second) == _plain(first)


def test_a_damaged_entry_is_read_again(every_size: Path) -> None:
    path = next(p for p in LOCKS if p.name == "uv.lock")
    first, _ = _read(path)
    (entry,) = every_size.glob("model-*/*")
    entry.write_bytes(entry.read_bytes()[:-10])
    assert _lockcache.load(read_document(path), "uv") is None
    again, _ = _read(path)  # read by the reader, and the entry replaced
    assert _plain(again) == _plain(first)
    assert _lockcache.load(read_document(path), "uv") is not None


def test_an_entry_is_for_its_bytes_and_its_kind(every_size: Path, tmp_path: Path) -> None:
    path = next(p for p in LOCKS if p.name == "poetry.lock")
    _read(path)
    doc = read_document(path)
    assert _lockcache.load(doc, "poetry") is not None
    assert _lockcache.load(doc, "pdm") is None
    edited = tmp_path / "poetry.lock"
    edited.write_bytes(path.read_bytes() + b"\n")
    assert _lockcache.load(read_document(edited), "poetry") is None


def test_no_cache_keeps_nothing(every_size: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQHOOKS_NO_CACHE", "1")
    path = next(p for p in LOCKS if p.name == "pdm.lock")
    _read(path)
    assert not every_size.exists()


def test_a_read_lock_has_no_file_lists_and_the_parse_is_left_alone(every_size: Path) -> None:
    from reqhooks import _tomlfast

    for path in LOCKS:
        kind = _kind(path)
        parsed = _tomlfast.load(read_document(path).text)
        lock, _ = _read(path)
        if lock is None or not isinstance(parsed.get("package"), list):
            continue
        keys = _lockcache.FILE_KEYS[kind]
        assert all(k not in p for p in lock.data["package"] for k in keys), path
        # Everything else is the parse, and the parse itself was not changed.
        reparsed = _tomlfast.load(read_document(path).text)
        assert parsed == reparsed
        assert _lockcache.without_files(parsed, kind) == lock.data


@pytest.mark.parametrize("kind", ["drift", "locks", "python", "backports"])
def test_no_rule_reads_the_file_lists_left_out(
    kind: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every rule family on the lock fixtures finds the same with the file lists kept.
    from reqhooks.cli import main

    monkeypatch.setenv("REQHOOKS_NO_CACHE", "1")
    args = ["check", "--format", "json", "--exit-zero", "--isolated", str(FIXTURES / kind)]
    main(args)
    slim = capsys.readouterr().out
    monkeypatch.setattr(_lockcache, "without_files", lambda data, kind: data)
    main(args)
    assert capsys.readouterr().out == slim
    assert '"code"' in slim


def test_a_changed_reader_does_not_meet_the_models_of_the_old_one(every_size: Path) -> None:
    import os

    path = next(p for p in LOCKS if p.name == "uv.lock")
    _read(path)
    doc = read_document(path)
    assert _lockcache.load(doc, "uv") is not None
    reader = Path(_lockcache.__file__).with_name("uv_lock.py")
    before = os.stat(reader)
    try:
        os.utime(reader, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        assert _lockcache.load(doc, "uv") is None  # as after an edit of the reader
    finally:
        os.utime(reader, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _lockcache.load(doc, "uv") is not None
