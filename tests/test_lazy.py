"""reqhooks._lazy: patterns compiled on first use, and built from the program cache after.

A pattern built from the cache must be the pattern ``re.compile`` gives (``==`` on patterns
compares their compiled code, flags and source), for every pattern reqhooks compiles; a
damaged cache must change nothing but the time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reqhooks import _lazy, _parsecache

EXAMPLES = Path(__file__).parent.parent / "examples"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory, and _lazy as a new process finds it."""
    monkeypatch.setenv("REQHOOKS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REQHOOKS_NO_CACHE", raising=False)
    monkeypatch.setattr(_lazy, "_programs", None)
    monkeypatch.setattr(_lazy, "_file", None)
    monkeypatch.setattr(_lazy, "_new", [])
    return tmp_path / "cache"


def _restart(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the next process sees: the file written at exit, nothing in memory."""
    _lazy._save()
    monkeypatch.setattr(_lazy, "_programs", None)
    monkeypatch.setattr(_lazy, "_file", None)
    monkeypatch.setattr(_lazy, "_new", [])


def _cache_file(cache: Path) -> Path:
    (entry,) = (cache / f"re-{_lazy.FORMAT}").iterdir()
    return entry


def _key(source: str, flags: int) -> str:
    return f"{flags}:{source}"


def _every_pattern_of_a_run(cache: Path) -> dict[str, tuple[str, int]]:
    """Check projects that exercise every reader and rule family in a new process (so that
    module-level patterns are compiled too); the patterns it wrote to the cache."""
    kinds = ("backports", "compiled", "drift", "locks", "pins", "pipfile", "pyproject", "python")
    script = (
        "import io, contextlib, sys\n"
        "from reqhooks.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    for project in sys.argv[1:]:\n"
        "        main(['check', '--exit-zero', '--isolated', project])\n"
    )
    projects = [str(EXAMPLES / "demo"), *(str(FIXTURES / kind) for kind in kinds)]
    env = {**os.environ, "REQHOOKS_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, "-c", script, *projects], env=env, check=True)
    where = _lazy._where()
    assert where is not None
    programs = _parsecache.read_entry(*where, magic=_lazy._MAGIC)
    assert programs is not None
    out = {}
    for key in programs:
        flags, _, source = key.partition(":")
        out[key] = (source, int(flags))
    return out


def test_a_pattern_from_the_cache_is_the_pattern_re_compiles(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patterns = _every_pattern_of_a_run(fresh)
    assert len(patterns) > 60  # the readers' and rules' patterns, not a handful

    def must_not_compile(source: str, flags: int) -> None:
        raise AssertionError(f"compiled again: {source!r}")

    monkeypatch.setattr(_lazy, "_program", must_not_compile)
    for source, flags in patterns.values():
        cached = _lazy.compile_pattern(source, flags)
        compiled = re.compile(source, flags)
        assert cached == compiled, source
        assert (cached.pattern, cached.flags, cached.groups, cached.groupindex) == (
            compiled.pattern,
            compiled.flags,
            compiled.groups,
            compiled.groupindex,
        )


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: blob[:-3] + b"\x00\x01\x02", id="corrupt"),
        pytest.param(lambda blob: b"", id="empty"),
    ],
)
def test_a_damaged_cache_is_ignored_and_replaced(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    source = r"(?P<name>[A-Za-z0-9]+)\s*==\s*(?P<version>\d+(?:\.\d+)*)"
    _lazy.compile_pattern(source)
    _restart(monkeypatch)
    path = _cache_file(fresh)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert _lazy.compile_pattern(source) == re.compile(source)
    assert _lazy._new == [_key(source, 0)]  # compiled again, to be written back
    _restart(monkeypatch)
    assert _lazy.compile_pattern(source) == re.compile(source)
    assert _lazy._new == []  # the rewritten file served it


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda code: (999_999).to_bytes(4, sys.byteorder) + code[4:], id="no-such-opcode"
        ),
        pytest.param(lambda code: code[:-1], id="not-whole-ops"),
        pytest.param(lambda code: [int.from_bytes(code[:4], sys.byteorder)], id="not-bytes"),
    ],
)
def test_a_program_the_interpreter_rejects_is_compiled_again(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    source = r"a+(b|c)*d"
    _lazy.compile_pattern(source)
    _restart(monkeypatch)
    path = _cache_file(fresh)
    where = _lazy._where()
    assert where is not None and where[0] == path
    programs = _parsecache.read_entry(path, where[1], magic=_lazy._MAGIC)
    assert programs is not None
    flags, code, *rest = programs[_key(source, 0)]
    assert isinstance(code, bytes) and len(code) % 4 == 0  # packed, one op in 4 bytes
    programs[_key(source, 0)] = (flags, damage(code), *rest)
    _parsecache.write_entry(path.parent, path, where[1], programs, _lazy._MAGIC, prune=False)
    assert _lazy.compile_pattern(source) == re.compile(source)
    assert _lazy._new == [_key(source, 0)]


def test_a_program_for_another_source_or_flags_is_not_used(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _lazy.compile_pattern("abc")
    _lazy.compile_pattern("abc", re.IGNORECASE)
    _restart(monkeypatch)
    assert _lazy.compile_pattern("abc").match("ABC") is None
    assert _lazy.compile_pattern("abc", re.IGNORECASE).match("ABC") is not None
    assert _lazy.compile_pattern("abc", re.IGNORECASE) == re.compile("abc", re.IGNORECASE)


def test_no_cache_means_re_compile_and_no_file(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQHOOKS_NO_CACHE", "1")
    assert _lazy.compile_pattern("x+y") == re.compile("x+y")
    _lazy._save()
    assert not fresh.exists()


def test_a_second_process_builds_its_patterns_from_the_file_and_finds_the_same(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "REQHOOKS_CACHE_DIR": str(tmp_path)}
    env.pop("REQHOOKS_NO_CACHE", None)
    script = (
        "import io, contextlib, sys\n"
        "from reqhooks import _lazy\n"
        "from reqhooks.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    main(['check', '--format', 'json', '--exit-zero', {str(EXAMPLES / 'demo')!r}])\n"
        "print(len(_lazy._new), len(_lazy._programs or ()))\n"
        "print(out.getvalue())\n"
    )

    def run(**extra: str) -> tuple[int, int, str]:
        proc = subprocess.run(
            [sys.executable, "-c", script],
            env={**env, **extra},
            capture_output=True,
            text=True,
            check=True,
        )
        counts, _, findings = proc.stdout.partition("\n")
        new, known = map(int, counts.split())
        return new, known, findings

    new_first, known_first, first = run()
    new_second, known_second, second = run()
    _, _, uncached = run(REQHOOKS_NO_CACHE="1")
    assert new_first == known_first > 20  # the first run compiled them all
    assert (new_second, known_second) == (0, known_first)  # the second compiled none
    assert first == second == uncached
    assert '"code": "BKP' in first  # findings, not an empty report
    (entry,) = (tmp_path / f"re-{_lazy.FORMAT}").iterdir()
    assert entry.stat().st_mode & 0o777 == 0o600
