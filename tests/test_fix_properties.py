"""``--fix`` properties: only the reported spans change, and nothing else about the file does.

Two halves.  The machinery (:mod:`reqhooks.fixes`) with synthetic findings: edits land where
they say, the encoding, BOM, newline style, trailing newline, comments and permissions stay,
the write is atomic (a temporary file and a rename; a failure at any step leaves the original
and no temporary file), and a file that changed on disk since it was read is left alone.
Then the fixable rules themselves (BKP003 adds a marker, BKP002 removes a requirement, unsafe,
PIN001 pins to the locked version) over generated file shapes: the file after ``--fix`` is the
original with exactly the edits the JSON report announced, and a second ``--fix`` changes
nothing.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reqhooks import fixes
from reqhooks._text import Document, decode, read_document
from reqhooks.cli import main
from reqhooks.findings import Edit, Finding, Fix
from reqhooks.model import Loc
from tests.conftest import FIXTURES, write

_SCALE = float(os.environ.get("REQHOOKS_FUZZ_SCALE", "1"))


@pytest.fixture(autouse=True)
def _private_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Parsed big locks are cached on disk: in a directory of this session, not the user's."""
    monkeypatch.setenv("REQHOOKS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "reqhooks-cache"))


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=max(1, int(examples * _SCALE)),
        deadline=None,
        derandomize=bool(os.environ.get("CI")),
        suppress_health_check=[HealthCheck.too_slow],
    )


BOMS = {
    "": b"",
    "utf-8-sig": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
}


def encode(text: str, bom: str) -> bytes:
    codec = {"": "utf-8", "utf-8-sig": "utf-8", "utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be"}[
        bom
    ]
    return BOMS[bom] + text.encode(codec)


@contextlib.contextmanager
def workdir() -> Iterator[Path]:
    """A fresh repository per example (a fixture would be shared by all of them), as cwd."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(before)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".reqhooks"))


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


# -- the machinery, with synthetic findings ----------------------------------------------------

LINES = st.sampled_from(
    [
        "requests", "tomli>=2", "zipp ; python_version < '3.10'", "# a comment", "", "   ",
        "torch==2.4.0  # pinned: see #123", "-r other.txt", "--index-url https://pypi.org/simple",
        "numpy \\", "    --hash=sha256:abc", "café", "日本語  # non-ASCII", "\t# tab",
    ]
)  # fmt: skip


@st.composite
def shapes(draw: st.DrawFn) -> tuple[str, str, str, int]:
    """(text, bom, newline, mode): a file as people write them."""
    lines = draw(st.lists(LINES, min_size=1, max_size=8))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    return (
        text,
        draw(st.sampled_from(list(BOMS))),
        newline,
        draw(st.sampled_from([0o644, 0o600, 0o664, 0o755, 0o444])),
    )


@st.composite
def edits(draw: st.DrawFn, text: str) -> list[Edit]:
    """Non-overlapping edits that never touch a newline (nor come after the last one): what the
    marker and pin fixes make."""
    out: list[Edit] = []
    at = 0
    while at <= len(text) and len(out) < 4 and draw(st.booleans()):
        start = draw(st.integers(at, len(text)))
        if text[start - 1 : start] == "\r" or (start == len(text) and text.endswith("\n")):
            break
        end = start
        while end < len(text) and text[end] not in "\r\n" and draw(st.integers(0, 3)):
            end += 1
        out.append(
            Edit(start, end, draw(st.sampled_from(["", "==1.0", '; python_version < "3.11"', "é"])))
        )
        at = end + 1
    return out


def finding(doc: Document, edit_list: list[Edit], *, safe: bool = True) -> Finding:
    start = min((e.start for e in edit_list), default=0)
    return Finding.at(
        "BKP003",
        Loc(doc, start, start),
        "synthetic",
        fix=Fix("synthetic", tuple(edit_list), safe=safe),
    )


@fuzz(60)
@given(shape=shapes(), data=st.data())
def test_only_the_edited_spans_change_and_the_file_keeps_its_shape(
    shape: tuple[str, str, str, int], data: st.DataObject
) -> None:
    text, bom, newline, mode = shape
    with workdir() as root:
        path = root / "requirements.txt"
        path.write_bytes(encode(text, bom))
        path.chmod(mode)
        doc = read_document(path.absolute())
        assert doc.text == text
        edit_list = data.draw(edits(text), label="edits")
        outcomes = fixes.compute([finding(doc, edit_list)], unsafe=False)
        expected = fixes.apply_edits(text, edit_list)
        if expected == text:
            assert outcomes == []
            return
        (outcome,) = outcomes
        assert outcome.new == expected
        # (a read-only file too: the rename needs the directory writable, not the file)
        assert fixes.write(outcome, doc) is None
        raw = path.read_bytes()
        assert raw == encode(expected, bom)  # the BOM and byte order too
        assert raw.startswith(BOMS[bom])
        assert stat.S_IMODE(path.stat().st_mode) == mode
        assert leftovers(root) == []
        new = decode(raw)[0]
        other = "\n" if newline == "\r\n" else "\r\n"
        assert (other in new) == (other in text) or newline == "\n"  # no CRLF turned into LF
        assert new.replace("\r\n", "").count("\n") == text.replace("\r\n", "").count("\n")
        if not new.endswith(newline) or text.endswith(newline):  # (an edit may empty the last line)
            assert new.endswith(newline) == text.endswith(newline)
        untouched = [
            line
            for line, start in _lines_with_offsets(text)
            if not any(e.start <= start + len(line) and start <= e.end for e in edit_list)
        ]
        assert all(line in new for line in untouched)


def _lines_with_offsets(text: str) -> list[tuple[str, int]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((line, at))
        at += len(line) + 1
    return out


def test_fixes_are_applied_back_to_front_and_the_first_finding_wins_a_span(tmp_path: Path) -> None:
    path = tmp_path / "requirements.txt"
    path.write_bytes(b"aaa\nbbb\n")
    doc = read_document(path)
    first = finding(doc, [Edit(0, 3, "A"), Edit(4, 4, ">")])
    overlapping = finding(doc, [Edit(1, 2, "X")])
    later = finding(doc, [Edit(7, 7, "!")])
    unsafe = finding(doc, [Edit(5, 6, "U")], safe=False)
    (outcome,) = fixes.compute([first, overlapping, later, unsafe], unsafe=False)
    assert outcome.new == "A\n>bbb!\n"
    assert outcome.applied == [first, later]
    (outcome,) = fixes.compute([first, overlapping, later, unsafe], unsafe=True)
    assert outcome.new == "A\n>bUb!\n"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [("utf-16-be", "utf-16"), ("utf-16-le", "utf-16"), ("utf-8-sig", "utf-8-sig"), ("", "utf-8")],
)
def test_the_byte_order_mark_and_byte_order_are_kept(
    tmp_path: Path, bom: str, encoding: str
) -> None:
    path = tmp_path / "requirements.txt"
    path.write_bytes(encode("tomli\r\n", bom))
    doc = read_document(path)
    assert doc.encoding == encoding
    (outcome,) = fixes.compute([finding(doc, [Edit(5, 5, "==2")])], unsafe=False)
    assert fixes.write(outcome, doc) is None
    assert path.read_bytes() == encode("tomli==2\r\n", bom)


FAILURES = [
    pytest.param(
        "tempfile.mkstemp",
        "cannot write it: No space left on device",
        id="no temporary file can be made",
    ),
    pytest.param("os.fdopen", "cannot write it: No space left on device", id="the write fails"),
    pytest.param(
        "os.fsync", "cannot write it: No space left on device", id="the flush to disk fails"
    ),
    pytest.param(
        "os.chmod", "cannot write it: No space left on device", id="the permissions cannot be set"
    ),
    pytest.param("os.replace", "cannot write it: No space left on device", id="the rename fails"),
]


@pytest.mark.parametrize(("target", "message"), FAILURES)
def test_a_failed_write_leaves_the_original_and_no_temporary_file(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    message: str,
) -> None:
    original = b"requests\ntomli\n"
    write(in_tmp, {"requirements.txt": original})
    module, name = target.rsplit(".", 1)
    holder = {"tempfile": tempfile, "os": os}[module]
    real = getattr(holder, name)

    def fail(*args: Any, **kwargs: Any) -> Any:
        if name == "fdopen":  # fail halfway through the write, after the file was opened
            f = real(*args, **kwargs)
            f.close()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(holder, name, fail)
    code = main(["backports", "--target-python", "3.10,3.12", "--fix"])
    monkeypatch.setattr(holder, name, real)
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.splitlines()[0] == f"reqhooks: requirements.txt: {message}"
    assert (in_tmp / "requirements.txt").read_bytes() == original
    assert leftovers(in_tmp) == []


def test_ctrl_c_in_the_middle_of_a_write_leaves_the_original(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(in_tmp, {"requirements.txt": "tomli\n"})

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    assert main(["backports", "--target-python", "3.10,3.12", "--fix"]) == 130
    assert (in_tmp / "requirements.txt").read_bytes() == b"tomli\n"
    assert leftovers(in_tmp) == []


def test_a_file_changed_on_disk_since_it_was_read_is_not_overwritten(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reqhooks import engine

    write(in_tmp, {"requirements.txt": "backports.tarfile\n"})
    real_run = engine.run

    def run_then_edit(*args: Any, **kwargs: Any) -> engine.Result:
        result = real_run(*args, **kwargs)
        (in_tmp / "requirements.txt").write_bytes(
            b"backports.tarfile\nrequests\n"
        )  # saved meanwhile
        return result

    monkeypatch.setattr(engine, "run", run_then_edit)
    assert main(["backports", "--target-python", "3.11,3.12", "--fix"]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "reqhooks: requirements.txt: it changed on disk while reqhooks was checking it; not fixed\n"
    )
    assert captured.out == (
        "requirements.txt:1:1: BKP003 [*] backports.tarfile backports `tarfile` (in CPython since 3.12): "
        'needed on Python 3.11 only, but also installed on 3.12; add `python_version < "3.12"`\n'
        "Found 1 problem (1 fixable with --fix).\n"
    )
    assert (in_tmp / "requirements.txt").read_bytes() == b"backports.tarfile\nrequests\n"
    assert leftovers(in_tmp) == []


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_symbolic_link_stays_a_link(in_tmp: Path) -> None:
    write(in_tmp, {"requirements/base.txt": "tomli\n"})
    (in_tmp / "requirements.txt").symlink_to("requirements/base.txt")
    main(
        ["backports", "--target-python", "3.11,3.12", "--fix", "--unsafe-fixes", "requirements.txt"]
    )
    assert (in_tmp / "requirements.txt").is_symlink()
    assert (in_tmp / "requirements" / "base.txt").read_bytes() == b""


def test_a_read_only_directory_is_a_message_not_a_crash(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(in_tmp, {"requirements.txt": "tomli\n"})

    def read_only(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    assert main(["backports", "--target-python", "3.11,3.12", "--fix", "--unsafe-fixes"]) == 1
    assert (
        capsys.readouterr().err
        == "reqhooks: requirements.txt: cannot write it: Permission denied\n"
    )
    assert (in_tmp / "requirements.txt").read_bytes() == b"tomli\n"


# -- the fixable rules, over generated file shapes ---------------------------------------------

#: With target Pythons 3.11 and 3.12: tomli and zipp are redundant (BKP002, removal, unsafe);
#: backports.tarfile is needed on 3.11 only (BKP003, a marker, safe).
REQUIREMENT_LINES = st.sampled_from(
    [
        "requests", "tomli", "tomli>=2  # reads config", "zipp==3.20.2", "backports.tarfile",
        "backports.tarfile>=1.2 ; sys_platform == 'linux'", "backports-tarfile[x]  # why",
        "Backports_TarFile ; python_version >= '3.8'", "# comment: tomli", "", "  # indented",
        "tomli==2.0.1 \\", "    --hash=sha256:abc", "six==1.17.0", "--index-url https://pypi.org/simple",
    ]
)  # fmt: skip


@st.composite
def requirements_files(draw: st.DrawFn) -> tuple[str, str, str, int]:
    lines = draw(st.lists(REQUIREMENT_LINES, min_size=1, max_size=8))
    if lines[-1].endswith("\\"):
        lines.append("    --hash=sha256:def")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    return (
        text,
        draw(st.sampled_from(list(BOMS))),
        newline,
        draw(st.sampled_from([0o644, 0o600, 0o755])),
    )


def offset(text: str, line: int, column: int) -> int:
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    return starts[line - 1] + column - 1


def announced(text: str, payload: dict[str, Any], path: str, *, unsafe: bool) -> list[list[Edit]]:
    """The fixes the JSON report announced for ``path`` (each a list of edits), in order."""
    found: list[list[Edit]] = []
    for f in payload["findings"]:
        fix = f["fix"]
        if f["path"] != path or fix is None or (fix["applicability"] == "unsafe" and not unsafe):
            continue
        found.append(
            [
                Edit(
                    offset(text, e["line"], e["column"]),
                    offset(text, e["end_line"], e["end_column"]),
                    e["content"],
                )
                for e in fix["edits"]
            ]
        )
    return found


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # an insertion collides only at the same point
        return a.start == b.start or b.start < a.start < b.end or a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def expected_after_fix(root: Path, name: str, args: list[str], *, unsafe: bool) -> str:
    """What --fix must make of ``name``: the announced fixes, the first one winning a span,
    applied and announced again until none is left.  Worked out in a copy of ``root``."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy"
        shutil.copytree(root, copy, symlinks=True)
        before = os.getcwd()
        os.chdir(copy)
        try:
            text = decode((copy / name).read_bytes())[0]
            for _ in range(10):
                code, out, err = cli(*args, "--format", "json")
                assert code in (0, 1), err
                taken: list[Edit] = []
                for fix in announced(text, json.loads(out), name, unsafe=unsafe):
                    if not any(_overlap(e, t) for e in fix for t in taken):
                        taken.extend(fix)
                if not taken:
                    break
                new = fixes.apply_edits(text, taken)
                if new == text:
                    break
                text = new
                (copy / name).write_bytes(fixes.encode(read_document(copy / name), text))
        finally:
            os.chdir(before)
    return text


def check_fix(
    root: Path, name: str, shape: tuple[str, str, str, int], args: list[str], *, unsafe: bool
) -> str:
    text, bom, newline, mode = shape
    path = root / name
    path.write_bytes(encode(text, bom))
    path.chmod(mode)
    expected = expected_after_fix(root, name, args, unsafe=unsafe)

    fix_args = [*args, "--fix", *(["--unsafe-fixes"] if unsafe else [])]
    code, _, err = cli(*fix_args)
    assert code in (0, 1), err
    raw = path.read_bytes()
    assert raw.startswith(BOMS[bom])
    new = decode(raw)[0]
    assert new == expected
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert leftovers(root) == []
    if newline == "\r\n":
        assert new.replace("\r\n", "").count("\n") == 0, "a LF crept into a CRLF file"
    else:
        assert "\r" not in new
    if new and not _removed_the_unterminated_last_line(text, new, newline):
        assert new.endswith(newline) == text.endswith(newline)

    again = cli(*fix_args)
    assert path.read_bytes() == raw, "the second --fix changed the file"
    assert "Fixed" not in again[2]
    return new


def _removed_the_unterminated_last_line(old: str, new: str, newline: str) -> bool:
    """BKP002 removing the last line of a file without a final newline leaves the newline
    before it: see test_removing_the_last_line_keeps_a_missing_final_newline (a rules bug)."""
    last = old.rsplit(newline, 1)[-1]
    return (
        not old.endswith(newline)
        and new.endswith(newline)
        and not new.rstrip("\r\n").endswith(last)
    )


@fuzz(40)
@given(shape=requirements_files(), unsafe=st.booleans())
def test_backport_fixes_change_only_the_announced_spans(
    shape: tuple[str, str, str, int], unsafe: bool
) -> None:
    with workdir() as root:
        new = check_fix(
            root,
            "requirements.txt",
            shape,
            ["backports", "--target-python", "3.11,3.12"],
            unsafe=unsafe,
        )
        for line in shape[0].splitlines():
            if line.lstrip().startswith("#"):
                assert line in new, "a comment line went missing"


@st.composite
def pyproject_files(draw: st.DrawFn) -> tuple[str, str, str, int]:
    items = draw(
        st.lists(
            st.sampled_from(
                [
                    "tomli>=2",
                    "zipp",
                    "backports.tarfile",
                    "requests",
                    "backports.tarfile; os_name == Qnt",
                ]
            ),
            min_size=1,
            max_size=5,
        )
    )
    quote = draw(st.sampled_from(['"', "'"]))
    items = [i.replace("Q", "'" if quote == '"' else '"') for i in items]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    if draw(st.booleans()):
        body = "[" + ", ".join(f"{quote}{i}{quote}" for i in items) + "]"
    else:
        comment = draw(st.sampled_from(["", "  # why"]))
        body = (
            "["
            + newline
            + "".join(f"    {quote}{i}{quote},{comment}{newline}" for i in items)
            + "]"
        )
    text = newline.join(
        [
            "# project",
            "[project]",
            'name = "x"',
            'version = "1"',
            'requires-python = ">=3.11"',
            f"dependencies = {body}",
        ]
    ) + (newline if draw(st.booleans()) else "")
    return text, draw(st.sampled_from(["", "utf-8-sig"])), newline, 0o644


@fuzz(30)
@given(shape=pyproject_files(), unsafe=st.booleans())
def test_backport_fixes_in_pyproject_keep_it_valid_toml(
    shape: tuple[str, str, str, int], unsafe: bool
) -> None:
    from reqhooks import _toml

    with workdir() as root:
        new = check_fix(
            root,
            "pyproject.toml",
            shape,
            ["backports", "--target-python", "3.11,3.12"],
            unsafe=unsafe,
        )
        _toml.load(new)
        assert new.startswith("# project")


@st.composite
def constraint_files(draw: st.DrawFn) -> tuple[str, str, str, int]:
    lines = draw(
        st.lists(
            st.sampled_from(
                [
                    "urllib3",
                    "urllib3[socks]>=2  # keep",
                    "urllib3 >= 2, <3 ; python_version >= '3.9'",
                    "six",
                    "# c",
                    "",
                ]
            ),
            min_size=1,
            max_size=5,
        )
    )
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    return text, draw(st.sampled_from(list(BOMS))), newline, draw(st.sampled_from([0o644, 0o600]))


@fuzz(30)
@given(shape=constraint_files())
def test_the_pin_fix_changes_only_the_specifier(shape: tuple[str, str, str, int]) -> None:
    with workdir() as root:
        shutil.copytree(FIXTURES / "pins" / "pip-compile", root, dirs_exist_ok=True)
        new = check_fix(
            root, "constraints.txt", shape, ["pins", "--select", "PIN001"], unsafe=False
        )
        for line in decode(encode(shape[0], shape[1]))[0].splitlines():
            if "#" in line:
                assert line[line.index("#") :] in new


def test_removing_the_last_line_keeps_a_missing_final_newline(in_tmp: Path) -> None:
    write(in_tmp, {"requirements.txt": "requests\ntomli"})
    main(["backports", "--target-python", "3.11,3.12", "--fix", "--unsafe-fixes"])
    assert (in_tmp / "requirements.txt").read_bytes() == b"requests"


# -- editors: the buffer on stdin comes back byte for byte -------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            b"tomli  # x\r\n", b'tomli; python_version < "3.11"  # x\r\n', id="fixed, CRLF kept"
        ),
        pytest.param(
            encode("tomli\n", "utf-16-be"),
            encode('tomli; python_version < "3.11"\n', "utf-16-be"),
            id="UTF-16",
        ),
        pytest.param(
            b"# caf\xe9\ntomli\n", b"# caf\xe9\ntomli\n", id="undecodable: returned untouched"
        ),
    ],
)
def test_stdin_fix_returns_the_buffer_in_its_own_encoding(
    in_tmp: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfdbinary: pytest.CaptureFixture[bytes],
    data: bytes,
    expected: bytes,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    main(
        [
            "backports",
            "--target-python",
            "3.10,3.12",
            "--fix",
            "--stdin-filename",
            "requirements.txt",
            "-",
        ]
    )
    sys.stdout.flush()
    assert capfdbinary.readouterr().out == expected
    assert not (in_tmp / "requirements.txt").exists()
