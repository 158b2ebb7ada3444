"""Documents and positions, settings, suppressions and fixes: the plumbing every rule uses."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqhooks import fixes
from reqhooks._mask import mask_secrets
from reqhooks._text import DecodeError, Document, decode, read_document
from reqhooks.findings import Edit, Finding, Fix
from reqhooks.model import Loc
from reqhooks.settings import ConfigError, Settings, from_config, parse_codes, parse_pythons
from reqhooks.suppressions import apply_suppressions, parse_line


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        pytest.param("abc", 0, (1, 1), id="first character is line 1 column 1"),
        pytest.param("abc\ndef", 5, (2, 2), id="second line"),
        pytest.param("abc\r\ndef", 6, (2, 2), id="crlf counts as one line break"),
        pytest.param("abc\n", 4, (2, 1), id="end of text after a newline"),
        pytest.param("abc", 99, (1, 4), id="clamped past the end"),
    ],
)
def test_document_positions(text: str, offset: int, expected: tuple[int, int]) -> None:
    assert Document(Path("f"), text).position(offset) == expected


def test_document_digest_is_the_blake2b_of_its_bytes_computed_once(tmp_path: Path) -> None:
    import hashlib

    (tmp_path / "f").write_bytes(b"\xef\xbb\xbfa==1\r\n")
    doc = read_document(tmp_path / "f")
    digest = doc.digest()
    assert digest == hashlib.blake2b(b"\xef\xbb\xbfa==1\r\n", digest_size=32).digest()  # BOM and all
    assert doc.digest() is digest
    assert Document(Path("f"), "a==1\n").digest() is None  # no bytes (an editor's buffer)


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        pytest.param(b"a==1\n", "a==1\n", "utf-8", id="utf-8"),
        pytest.param(b"\xef\xbb\xbfa==1\n", "a==1\n", "utf-8-sig", id="a utf-8 bom is dropped and remembered"),
        pytest.param("a==1\n".encode("utf-16"), "a==1\n", "utf-16", id="utf-16 with its bom"),
    ],
)
def test_decode(data: bytes, text: str, encoding: str) -> None:
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "message", "offset"),
    [
        pytest.param(b"a==1\nb\x00c", "File looks binary (it contains a NUL byte)", 6, id="binary"),
        pytest.param(b"caf\xe9==1\n", "File is not valid UTF-8 (byte 0xe9); save it as UTF-8", 3, id="latin-1"),
    ],
)
def test_decode_errors(data: bytes, message: str, offset: int) -> None:
    with pytest.raises(DecodeError) as info:
        decode(data)
    assert (info.value.message, info.value.offset) == (message, offset)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("https://user:pw@host/simple", "https://****@host/simple", id="user and password"),
        pytest.param("https://token@host/simple", "https://****@host/simple", id="a bare token"),
        pytest.param("https://${USER}:${TOKEN}@host/simple", "https://${USER}:${TOKEN}@host/simple", id="placeholders are fine"),
        pytest.param("git+ssh://git@github.com/a/b", "git+ssh://git@github.com/a/b", id="the git ssh user is not a secret"),
        pytest.param("see pkg @ https://a:b@h/x.whl and https://c:d@h/y", "see pkg @ https://****@h/x.whl and https://****@h/y", id="every url in a message"),
    ],
)
def test_mask_secrets(text: str, expected: str) -> None:
    assert mask_secrets(text) == expected


def test_config_rejects_unknown_keys_naming_them() -> None:
    with pytest.raises(ConfigError) as info:
        from_config({"select": ["PIN"], "slect": [], "colour": True}, "pyproject.toml [tool.reqhooks]", Settings())
    assert str(info.value).startswith(
        "pyproject.toml [tool.reqhooks]: unknown configuration keys 'colour', 'slect'; known keys: "
    )


def test_config_values_are_validated() -> None:
    s = from_config(
        {
            "select": ["PIN", "BKP001"],
            "ignore": "PIN003",
            "target-python": ["3.12", "3.13"],
            "pin-policy": {"project": "exact"},
            "fully-pinned": ["requirements/prod.txt"],
            "online": True,
        },
        "reqhooks.toml",
        Settings(),
    )
    assert s.select == ("PIN", "BKP001")
    assert s.ignore == ("PIN003",)
    assert s.target_python == ((3, 12), (3, 13))
    assert s.pin_policy["project"] == "exact" and s.pin_policy["requirements"] == "exact"
    assert s.fully_pinned == ("requirements/prod.txt",)
    assert s.online is True


@pytest.mark.parametrize(
    ("table", "message"),
    [
        pytest.param({"select": ["XYZ1"]}, "f: select: unknown rule code or prefix 'XYZ1'", id="unknown code"),
        pytest.param({"target-python": ["3"]}, "f: target-python: '3' is not a Python minor version (expected e.g. 3.12)", id="bad python"),
        pytest.param({"pin-policy": {"requirements": "loose"}}, 'f: pin-policy.requirements: expected "exact", "bounded" or "any"', id="bad policy"),
        pytest.param({"pin-policy": {"docs": "exact"}}, "f: pin-policy: unknown kind 'docs'; known kinds: requirements, constraints, project, optional-dependencies, dependency-groups, pipfile, conda, build", id="bad policy kind"),
        pytest.param({"online": "yes"}, "f: online: expected true or false", id="bad bool"),
    ],
)
def test_config_errors(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        from_config(table, "f", Settings())
    assert str(info.value) == message


def test_codes_and_pythons_parse_from_flags() -> None:
    assert parse_codes("pin, bkp001", "--select") == ("PIN", "BKP001")
    assert parse_pythons("3.13,3.12,3.12", "--target-python") == ((3, 12), (3, 13))


@pytest.mark.parametrize(
    ("line", "codes", "until", "reason"),
    [
        pytest.param("torch>=2  # reqhooks: ignore[PIN001]", ("PIN001",), None, None, id="one code"),
        pytest.param("torch>=2  # noqa: PIN001, BKP", ("PIN001", "BKP"), None, None, id="noqa with a prefix"),
        pytest.param("torch>=2  # noqa", (), None, None, id="bare noqa suppresses everything"),
        pytest.param(
            'torch>=2  # reqhooks: ignore[PIN001] reason="waiting for cuda 12.6" until=2026-12-31',
            ("PIN001",),
            date(2026, 12, 31),
            "waiting for cuda 12.6",
            id="reason and until",
        ),
    ],
)
def test_parse_suppressions(line: str, codes: tuple[str, ...], until: date | None, reason: str | None) -> None:
    (s,) = parse_line(line)
    assert (s.codes, s.until, s.reason) == (codes, until, reason)
    assert line[s.column - 1] == "#"


def _finding(doc: Document, start: int, end: int, code: str = "PIN001") -> Finding:
    return Finding.at(code, Loc(doc, start, end), "torch is not pinned", package="torch")


def test_suppression_hides_only_the_codes_it_names() -> None:
    text = "torch>=2  # reqhooks: ignore[PIN001]\n"
    doc = Document(Path("r.txt"), text)
    kept = apply_suppressions([_finding(doc, 0, 8), _finding(doc, 0, 8, "BKP002")], Settings())
    assert [f.code for f in kept] == ["BKP002"]


def test_expired_suppression_becomes_a_finding_at_the_comment() -> None:
    text = 'torch>=2  # reqhooks: ignore[PIN001] reason="cuda" until=2026-01-31\n'
    doc = Document(Path("r.txt"), text)
    (f,) = apply_suppressions([_finding(doc, 0, 8)], Settings(today=date(2026, 2, 1)))
    assert (f.line, f.column) == (1, 11)
    assert f.message == "Suppression expired on 2026-01-31 (reason: cuda): torch is not pinned"
    assert apply_suppressions([_finding(doc, 0, 8)], Settings(today=date(2026, 1, 31))) == []


def _fix_finding(doc: Document, start: int, end: int, text: str, safe: bool = True) -> Finding:
    return Finding.at("PIN001", Loc(doc, start, end), "m", fix=Fix("fix", (Edit(start, end, text),), safe=safe))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(b"torch>=2\r\nflask\r\n", b"torch==2.5.1\r\nflask\r\n", id="crlf is kept"),
        pytest.param(b"\xef\xbb\xbftorch>=2\nflask", b"\xef\xbb\xbftorch==2.5.1\nflask", id="bom and missing final newline are kept"),
        pytest.param(b"torch>=2  # keep me\n", b"torch==2.5.1  # keep me\n", id="comments are kept"),
    ],
)
def test_fix_changes_only_its_span(tmp_path: Path, raw: bytes, expected: bytes) -> None:
    path = tmp_path / "requirements.txt"
    path.write_bytes(raw)
    os.chmod(path, 0o640)
    doc = read_document(path)
    start = doc.text.index(">=2")
    (outcome,) = fixes.compute([_fix_finding(doc, start, start + 3, "==2.5.1")], unsafe=False)
    assert fixes.write(outcome, doc) is None
    assert path.read_bytes() == expected
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["requirements.txt"]


def test_fix_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "requirements.txt"
    path.write_bytes(b"torch>=2\n")
    doc = read_document(path)
    path.write_bytes(b"torch>=2\nnumpy\n")
    (outcome,) = fixes.compute([_fix_finding(doc, 5, 8, "==2.5.1")], unsafe=False)
    assert fixes.write(outcome, doc) == "it changed on disk while reqhooks was checking it; not fixed"
    assert path.read_bytes() == b"torch>=2\nnumpy\n"


def test_unsafe_fixes_need_the_flag_and_overlapping_fixes_apply_once() -> None:
    doc = Document(Path("r.txt"), "torch>=2\n")
    unsafe = _fix_finding(doc, 0, 9, "", safe=False)
    assert fixes.compute([unsafe], unsafe=False) == []
    first = _fix_finding(doc, 5, 8, "==2.5.1")
    second = _fix_finding(doc, 5, 8, "==2.4.0")
    (outcome,) = fixes.compute([first, second], unsafe=True)
    assert outcome.new == "torch==2.5.1\n"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab\n\r", max_size=200),
    offsets=st.lists(st.integers(-5, 300), max_size=400),
)
def test_positions_counted_from_known_offsets_are_the_line_index(
    text: str, offsets: list[int]
) -> None:
    # Document.position counts newlines from the nearest offset it placed before (then,
    # past 256 of them, indexes every line): the answers of the line index, in any order.
    counted, indexed = Document(Path("f"), text), Document(Path("f"), text)
    indexed._line_starts()
    for offset in offsets:
        assert counted.position(offset) == indexed.position(offset), (text, offset)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab\n\r#", max_size=300),
    queries=st.lists(
        st.one_of(st.tuples(st.just("offset"), st.integers(-5, 320)), st.tuples(st.just("line"), st.integers(-3, 120))),
        max_size=60,
    ),
)
def test_line_spans_found_near_known_positions_are_the_line_index(
    text: str, queries: list[tuple[str, int]]
) -> None:
    # Document.line_span finds a line from the nearest position placed on or before it
    # (a finding's line, where a suppression comment sits) without indexing every line:
    # the spans of the line index, between positions asked for in any order.
    near, indexed = Document(Path("f"), text), Document(Path("f"), text)
    indexed._line_starts()
    for kind, value in queries:
        if kind == "offset":
            assert near.position(value) == indexed.position(value)
        else:
            assert near.line_span(value) == indexed.line_span(value), (text, value)
            assert near.line_text(value) == indexed.line_text(value)


def test_a_finding_line_in_a_large_document_needs_no_line_index() -> None:
    text = "".join(f"line {i}\n" for i in range(100_000))
    doc = Document(Path("uv.lock"), text)
    line, _ = doc.position(text.index("line 77777"))
    assert doc.line_text(line) == "line 77777"
    assert doc.line_text(line + 3) == "line 77780"
    assert doc._starts is None  # no index of 100,000 lines for it
    assert doc.line_text(5) == "line 4"  # near the start, a position known from the outset
    assert doc._starts is None
    assert doc.line_text(50_001) == "line 50000"  # far from anything placed: the index, once
    assert doc._starts is not None
