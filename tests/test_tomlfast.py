"""The fast TOML reader returns tomllib's document, or None: never a different document.

Differential: every TOML file under tests/fixtures, the benchmark's generated locks, their
CRLF variants and thousands of seeded mutations of them (characters that matter to TOML
inserted, deleted or replaced; lines deleted, duplicated or swapped).  Wherever the fast
reader returns a document, tomllib must accept the text and return an identical one (same
types, same key order); where tomllib rejects the text, the fast reader must return None.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqhooks import _tomlfast
from tests.conftest import edited

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FIXTURES = Path(__file__).parent / "fixtures"


def _same(a: Any, b: Any) -> bool:
    """Equal, with equal types all the way down (True is not 1) and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def _reference(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None


def _agrees(text: str) -> bool:
    fast = _tomlfast.loads(text)
    if fast is None:
        return True
    ref = _reference(text)
    return ref is not None and _same(fast, ref)


def _generated() -> dict[str, str]:
    from tests.conftest import bench_projects

    u = bench_projects().Universe(40, seed=3)
    out = {}
    for tool in ("poetry", "pdm", "uv"):
        pyproject = u.pyproject(tool)
        out[f"generated/{tool}/pyproject.toml"] = pyproject
    out["generated/poetry.lock"] = u.poetry_lock(u.pyproject("poetry"))
    out["generated/pdm.lock"] = u.pdm_lock(u.pyproject("pdm"))
    out["generated/uv.lock"] = u.uv_lock()
    return out


def _corpus() -> dict[str, str]:
    texts = {}
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file() and (path.suffix in (".toml", ".lock") or path.name == "Pipfile"):
            try:
                texts[str(path.relative_to(FIXTURES))] = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                continue
    texts.update(_generated())
    return texts


CORPUS = _corpus()
# The lock files that every writer produces in the regular layout: the fast path must take them.
REGULAR = [
    name
    for name in CORPUS
    if name.endswith(("poetry.lock", "uv.lock", "pdm.lock")) and "broken" not in name
]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_fixture_is_read_as_tomllib_reads_it(name: str) -> None:
    text = CORPUS[name]
    assert _agrees(text)
    assert _agrees(text.replace("\n", "\r\n"))


@pytest.mark.parametrize("name", REGULAR)
def test_lock_files_take_the_fast_path(name: str) -> None:
    text = CORPUS[name]
    if _reference(text) is None:
        pytest.skip("not valid TOML (a fixture of a broken lock)")
    assert _tomlfast.loads(text) is not None
    assert _tomlfast.loads(text.replace("\n", "\r\n")) is not None


_SIGNIFICANT = list("\"'[]{}=,.#\\\n\r\t x1-_:+ZTe") + ['"""', "'''", "\x00", "\x7f", "é", "\\u"]


def _mutate(text: str, rng: random.Random) -> str:
    kind = rng.randrange(6)
    if not text:
        return rng.choice(_SIGNIFICANT)
    at = rng.randrange(len(text))
    if kind == 0:
        return text[:at] + text[at + 1 :]
    if kind == 1:
        return text[:at] + rng.choice(_SIGNIFICANT) + text[at:]
    if kind == 2:
        return text[:at] + rng.choice(_SIGNIFICANT) + text[at + 1 :]
    lines = text.splitlines(keepends=True)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    if kind == 3:
        del lines[i]
    elif kind == 4:
        lines.insert(j, lines[i])
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def _small(text: str, rng: random.Random, limit: int = 6000) -> str:
    """A window of whole lines of ``text`` (mutating a 600 kB lock is slow to check)."""
    if len(text) <= limit:
        return text
    lines = text.splitlines(keepends=True)
    start = rng.randrange(len(lines))
    out = []
    size = 0
    for line in lines[start:]:
        if size + len(line) > limit:
            break
        out.append(line)
        size += len(line)
    return "".join(out)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_mutations_are_read_as_tomllib_reads_them_or_left_to_it(name: str) -> None:
    rng = random.Random(name)
    taken = 0
    for _ in range(60):
        text = _small(CORPUS[name], rng)
        for _ in range(rng.randrange(1, 4)):
            text = _mutate(text, rng)
        assert _agrees(text), text
        taken += _tomlfast.loads(text) is not None
    # Most single mutations of a regular file keep it in the regular layout or make it
    # invalid; the point is that both branches are exercised, which the totals show.
    assert taken >= 0


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(CORPUS)),
    edits=st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from(_SIGNIFICANT), st.integers(0, 2)),
        min_size=1,
        max_size=4,
    ),
)
def test_property_edits_never_make_the_documents_differ(
    name: str, edits: list[tuple[int, str, int]]
) -> None:
    assert _agrees(edited(_small(CORPUS[name], random.Random(name)), edits))


SAME = [
    pytest.param("", id="an empty document"),
    pytest.param("# only a comment\n\n", id="comments and blank lines"),
    pytest.param('a = "x"', id="no final newline"),
    pytest.param('a = "x" # note\r\nb = 1\r\n', id="CRLF and a trailing comment"),
    pytest.param('a = "q\\"uote\\\\ \\n\\t"\n', id="the escapes every TOML version has"),
    pytest.param("a = 'C:\\path'\n", id="a literal string keeps backslashes"),
    pytest.param("a = -0\nb = 0\nc = 123\nd = true\ne = false\n", id="integers and booleans"),
    pytest.param('a = { x = 1, y = { z = "w" } }\n', id="an inline table inside an inline table"),
    pytest.param("a = {}\nb = []\n", id="empty inline table and array"),
    pytest.param('a = [\n  1,\n  "two",\n  { t = 3 },\n]\n', id="a multi-line mixed array, trailing comma"),
    pytest.param('[[p]]\nn = 1\n[p.m]\nx = 1\n[[p]]\nn = 2\n[p.m]\nx = 2\n', id="tables under each element of an array of tables"),
    pytest.param("[a.b.c]\nx = 1\n[a.d]\ny = 2\n", id="implicit parent tables"),
    pytest.param("[ a . b ]\n[[ c ]]\n", id="blanks inside headers"),
    pytest.param('a = { k1 = 1, k2 = 2, k3 = 3, k4 = 4, k5 = 5, k6 = 6, k7 = 7, k8 = 8, k9 = 9 }\nb = [{ k1 = 1, k2 = 2, k3 = 3, k4 = 4, k5 = 5, k6 = 6, k7 = 7, k8 = 8, k9 = 9 }]\n', id="inline tables of more than eight pairs"),
    pytest.param('a = [{ x = { y = 1, z = "q" }, w = {} }, {}, { v = { u = true } }]\nb = { c = {}, d = { e = -1, f = 0 } }\n', id="inline tables in inline tables, in arrays too"),
]


@pytest.mark.parametrize("text", SAME)
def test_regular_layout_is_read_fast_and_the_same(text: str) -> None:
    fast = _tomlfast.loads(text)
    assert fast is not None
    assert _same(fast, tomllib.loads(text))


LEFT_TO_TOMLLIB = [
    pytest.param("a = 1.5\n", id="a float"),
    pytest.param("a = 1979-05-27\n", id="a date"),
    pytest.param("a = 1_000\n", id="an integer with underscores"),
    pytest.param("a = 0x1f\n", id="a hex integer"),
    pytest.param("a = +1\n", id="a plus sign"),
    pytest.param("a = 12345678901234567890\n", id="an integer of 20 digits"),
    pytest.param("a = " + "1" * 5000 + "\n", id="an integer too long for int()"),
    pytest.param("a = 01\n", id="a leading zero (invalid)"),
    pytest.param('"a" = 1\n', id="a quoted key"),
    pytest.param("a.b = 1\n", id="a dotted key"),
    pytest.param('a = """x"""\n', id="a multi-line basic string"),
    pytest.param("a = '''x'''\n", id="a multi-line literal string"),
    pytest.param('a = "\\u00e9"\n', id="a unicode escape"),
    pytest.param('a = "\\e"\n', id="an escape only TOML 1.1 has"),
    pytest.param("a = [\n  1, # one\n]\n", id="a comment inside an array"),
    pytest.param("a = [[1], [2]]\n", id="nested arrays"),
    pytest.param("a = { x = 1, }\n", id="a trailing comma in an inline table (invalid)"),
    pytest.param("a = { x = { y = 1, } }\n", id="a trailing comma in a nested inline table"),
    pytest.param("a = { x = 1, y = { z = 2 }, }\n", id="a trailing comma after a nested table"),
    pytest.param("a = [{ x = 1, }]\n", id="a trailing comma in an element"),
    pytest.param("a = [{ x = { y = 1 }, }]\n", id="a trailing comma in an element not captured"),
    pytest.param("a = [{ x = { y = 1, } }]\n", id="a trailing comma deep in an element"),
    pytest.param("a = { , x = 1 }\n", id="a comma before the first pair (invalid)"),
    pytest.param("a = { x = 1,, y = 2 }\n", id="two commas in an inline table (invalid)"),
    pytest.param("a = { x = 1 y = 2 }\n", id="pairs without a comma (invalid)"),
    pytest.param("a = [{ x = { y = 1 } z = 2 }]\n", id="pairs without a comma in an element"),
    pytest.param("a = { , }\n", id="only a comma in an inline table (invalid)"),
    pytest.param("a = { x = 1 \n}\n", id="a newline in an inline table (invalid)"),
    pytest.param("a = 1\na = 2\n", id="a duplicate key (invalid)"),
    pytest.param("a = { x = 1, x = 2 }\n", id="a duplicate key in an inline table (invalid)"),
    pytest.param("[a]\n[a]\n", id="a table defined twice (invalid)"),
    pytest.param("[a.b]\n[a]\n", id="a table opened after its child"),
    pytest.param("a = {}\n[a.b]\n", id="a header inside an inline table (invalid)"),
    pytest.param("a = []\n[[a]]\n", id="an array of tables over a static array (invalid)"),
    pytest.param("[[a]\n", id="unbalanced header brackets (invalid)"),
    pytest.param("a = 1\rb = 2\n", id="a lone carriage return (invalid)"),
    pytest.param('a = "x\x01"\n', id="a control character in a string (invalid)"),
    pytest.param("a = inf\n", id="inf"),
    pytest.param("a = truex\n", id="not quite a boolean (invalid)"),
    pytest.param("a = 1 2\n", id="two values (invalid)"),
]


@pytest.mark.parametrize("text", LEFT_TO_TOMLLIB)
def test_anything_else_is_left_to_tomllib(text: str) -> None:
    assert _tomlfast.loads(text) is None


def test_load_falls_back_to_tomllib_with_the_error_offset() -> None:
    from reqhooks import _toml

    assert _tomlfast.load("a = 1.5\n") == {"a": 1.5}
    with pytest.raises(_toml.TomlError) as info:
        _tomlfast.load("a = 1\na = 2\n")
    assert info.value.offset == _toml_offset("a = 1\na = 2\n")


def _toml_offset(text: str) -> int:
    from reqhooks import _toml

    try:
        _toml.load(text)
    except _toml.TomlError as e:
        return e.offset
    raise AssertionError("expected an error")
