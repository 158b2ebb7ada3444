"""The cache of parsed locks: used for identical bytes only, and never able to change a run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from reqhooks import _parsecache, _toml, _tomlfast
from reqhooks._text import Document

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _lock(n: int = 1000, version: str = "1.0") -> str:
    body = "".join(
        f'\n[[package]]\nname = "pkg-{i}"\nversion = "{version}"\n'
        f'source = {{ registry = "https://pypi.org/simple" }}\n'
        f'wheels = [\n    {{ url = "https://example.org/pkg_{i}-{version}-py3-none-any.whl", '
        f'hash = "sha256:{i:064x}", size = {1000 + i} }},\n]\n'
        for i in range(n)
    )
    text = 'version = 1\nrevision = 3\nrequires-python = ">=3.10"\n' + body
    assert len(text) >= _parsecache.MIN_BYTES
    return text


def _doc(tmp_path: Path, text: str, name: str = "uv.lock") -> Document:
    raw = text.encode("utf-8")
    return Document(tmp_path / name, text, raw=raw)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("REQHOOKS_CACHE_DIR", str(directory))
    monkeypatch.delenv("REQHOOKS_NO_CACHE", raising=False)
    return directory / f"toml-{_parsecache.FORMAT}"


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if not p.name.startswith(".")) if cache.exists() else []


def test_a_second_read_of_the_same_bytes_comes_from_the_cache(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _lock()
    first = _parsecache.load_toml(_doc(tmp_path, text))
    assert first == tomllib.loads(text)
    assert len(_entries(cache)) == 1

    def no_parsing(text: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(_tomlfast, "load", no_parsing)
    second = _parsecache.load_toml(_doc(tmp_path, text))
    assert second == first
    assert second is not first  # a fresh document: callers may change theirs


def test_other_bytes_are_another_entry(tmp_path: Path, cache: Path) -> None:
    a = _parsecache.load_toml(_doc(tmp_path, _lock(version="1.0")))
    b = _parsecache.load_toml(_doc(tmp_path, _lock(version="1.1")))
    assert a["package"][0]["version"] == "1.0"
    assert b["package"][0]["version"] == "1.1"
    assert len(_entries(cache)) == 2


def test_the_same_text_with_other_newlines_is_another_entry(tmp_path: Path, cache: Path) -> None:
    text = _lock()
    _parsecache.load_toml(_doc(tmp_path, text))
    crlf = text.replace("\n", "\r\n")
    assert _parsecache.load_toml(_doc(tmp_path, crlf)) == tomllib.loads(crlf)
    assert len(_entries(cache)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="a truncated entry"),
        pytest.param(lambda b: b[:-10] + b"0123456789", id="a payload that fails its checksum"),
        pytest.param(lambda b: b"", id="an empty file"),
        pytest.param(lambda b: b"not an entry at all", id="a foreign file"),
        pytest.param(lambda b: b[:14] + bytes(32) + b[46:], id="an entry for other bytes"),
    ],
)
def test_a_damaged_entry_is_ignored_and_replaced(tmp_path: Path, cache: Path, damage) -> None:  # type: ignore[no-untyped-def]
    text = _lock()
    expected = _parsecache.load_toml(_doc(tmp_path, text))
    (entry,) = _entries(cache)
    entry.write_bytes(damage(entry.read_bytes()))
    assert _parsecache.load_toml(_doc(tmp_path, text)) == expected
    assert _parsecache.load_toml(_doc(tmp_path, text)) == expected


def test_small_files_invalid_toml_and_dates_are_not_cached(tmp_path: Path, cache: Path) -> None:
    assert _parsecache.load_toml(_doc(tmp_path, 'a = "b"\n')) == {"a": "b"}
    small = _lock()[: _parsecache.MIN_BYTES // 2].rpartition("\n[[package]]")[0] + "\n"
    assert _parsecache.load_toml(_doc(tmp_path, small)) == tomllib.loads(small)
    broken = _lock() + "[[package]\n"
    with pytest.raises(_toml.TomlError) as info:
        _parsecache.load_toml(_doc(tmp_path, broken))
    with pytest.raises(_toml.TomlError) as expected:
        _toml.load(broken)
    assert (info.value.message, info.value.offset) == (expected.value.message, expected.value.offset)
    dated = _lock() + "\n[meta]\ncreated = 2025-01-01T00:00:00Z\n"
    assert _parsecache.load_toml(_doc(tmp_path, dated)) == tomllib.loads(dated)
    assert _entries(cache) == []


def test_turned_off_or_unwritable_it_is_just_slower(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _lock()
    monkeypatch.setenv("REQHOOKS_NO_CACHE", "1")
    assert _parsecache.cache_dir() is None
    assert _parsecache.load_toml(_doc(tmp_path, text)) == tomllib.loads(text)
    assert not cache.exists()
    monkeypatch.delenv("REQHOOKS_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("REQHOOKS_CACHE_DIR", str(blocker))
    assert _parsecache.load_toml(_doc(tmp_path, text)) == tomllib.loads(text)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_entries_are_private_and_written_whole(tmp_path: Path, cache: Path) -> None:
    _parsecache.load_toml(_doc(tmp_path, _lock()))
    (entry,) = _entries(cache)
    assert entry.stat().st_mode & 0o077 == 0
    assert cache.stat().st_mode & 0o077 == 0
    assert [p.name for p in cache.iterdir() if p.name.startswith(".tmp-")] == []


def test_the_oldest_entries_go_first(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_parsecache, "MAX_ENTRIES", 3)
    paths: list[Path] = []
    for k in range(5):
        _parsecache.load_toml(_doc(tmp_path, _lock(version=f"1.{k}")))
        (newest,) = set(_entries(cache)) - set(paths)
        os.utime(newest, ns=(k * 10**9, k * 10**9))
        paths.append(newest)
    assert _entries(cache) == sorted(paths[-3:])


def test_a_lock_reader_gives_the_same_lock_with_and_without_the_cache(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reqhooks.readers import uv_lock

    text = _lock()
    cold, cold_findings = uv_lock.read(_doc(tmp_path, text))
    warm, warm_findings = uv_lock.read(_doc(tmp_path, text))
    assert len(_entries(cache)) == 1
    monkeypatch.setenv("REQHOOKS_NO_CACHE", "1")
    plain, plain_findings = uv_lock.read(_doc(tmp_path, text))
    assert cold is not None and warm is not None and plain is not None
    assert [(p.name, p.version, p.files) for p in warm.packages] == [
        (p.name, p.version, p.files) for p in plain.packages
    ] == [(p.name, p.version, p.files) for p in cold.packages]
    assert warm.data == plain.data
    assert cold_findings == warm_findings == plain_findings


def test_the_cache_stays_under_its_size(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _parsecache.load_toml(_doc(tmp_path, _lock(version="1.0")))
    (first,) = _entries(cache)
    monkeypatch.setattr(_parsecache, "MAX_BYTES", first.stat().st_size * 2 + 10)
    for k in range(1, 4):
        _parsecache.load_toml(_doc(tmp_path, _lock(version=f"1.{k}")))
        os.utime(max(_entries(cache), key=lambda p: p.stat().st_mtime_ns), ns=(k * 10**9, k * 10**9))
    assert len(_entries(cache)) == 2


@pytest.mark.parametrize("data", [b"", b"abc", bytes(range(256)) * 1000])
def test_builtin_digests_are_hashlibs(data: bytes) -> None:
    import hashlib

    from reqhooks import _hash

    assert _hash.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert _hash.blake2b(data).digest() == hashlib.blake2b(data, digest_size=32).digest()


def test_the_first_entry_of_a_new_format_retires_the_older_formats(
    tmp_path: Path, cache: Path
) -> None:
    root = cache.parent
    older = [root / f"toml-{n}" for n in range(1, _parsecache.FORMAT)]
    assert older  # the format has been bumped before: there is something to retire
    for directory in older:
        directory.mkdir(parents=True)
        (directory / "0123abcd").write_bytes(b"an entry of an older format")
        (directory / ".tmp-1-ff").write_bytes(b"a half-written one")
    kept = root / "toml-1" / "kept"  # not something reqhooks writes: stays, with its directory
    kept.mkdir()
    others = [root / "index-v1" / "x", root / "model-1" / "y", root / "toml-x" / "z"]
    for other in others:
        other.parent.mkdir(parents=True, exist_ok=True)
        other.write_bytes(b"not this cache's")
    _parsecache.load_toml(_doc(tmp_path, _lock()))
    assert len(_entries(cache)) == 1
    files = sorted(p for p in root.rglob("*") if p.is_file())
    assert files == sorted([*others, *_entries(cache)])
    assert [d.name for d in older if d.exists()] == ["toml-1"]
    assert kept.is_dir()
    # Made already: a later write looks at nothing else.
    (root / "toml-2").mkdir(exist_ok=True)
    (root / "toml-2" / "late").write_bytes(b"")
    _parsecache.load_toml(_doc(tmp_path, _lock(version="2.0")))
    assert (root / "toml-2" / "late").exists()
