"""The command line as editors call it: the unsaved buffer on stdin, ``--stdin-filename NAME``.

Lint-on-save integrations (nvim-lint, efm, ALE, flymake, a VS Code task) pipe the buffer in
and read ``path:line:col: CODE message`` (or JSON, for end positions) back; ``--fix`` prints
the fixed buffer.  The files beside the buffer (a lock, pyproject.toml) are read from disk.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reqhooks.cli import main
from tests.conftest import FIXTURES, write

REPO = Path(__file__).resolve().parent.parent
EDITORS = REPO / "editors"

# Flags that keep the expected output to the rules each test is about.
BKP = ["--select", "BKP,REQ", "--target-python", "3.10,3.12"]

BUFFER = "tomli==2.0.1\nenum34==1.1.10\n-r missing.txt\nflask==3.1.0\n"

TOMLI = (
    "tomli backports `tomllib` (in CPython since 3.11): needed on Python 3.10 only, but also "
    'installed on 3.12; add `python_version < "3.11"`'
)
ENUM34 = (
    "enum34 backports `enum` (in CPython since 3.4) and breaks on Python 3.10, 3.12: installs a "
    "top-level `enum` package without `IntFlag` (3.6), so `import re` fails with \"module 'enum' "
    "has no attribute 'IntFlag'\" when it wins (pip's own build subprocess included), and "
    "PyInstaller refuses it; delete it and use the stdlib `enum`; if Python < 3.4 is supported, "
    'write `enum34; python_version < "3.4"`'
)


def lines(name: str) -> str:
    return (
        f"{name}:1:1: BKP003 [*] {TOMLI}\n"
        f"{name}:2:1: BKP001 {ENUM34}\n"
        f"{name}:3:4: REQ002 -r missing.txt: file not found\n"
        "Found 3 problems (1 fixable with --fix).\n"
    )


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str | bytes) -> int:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    return main(argv)


def test_the_buffer_is_checked_not_the_file_on_disk(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, {"requirements.txt": "flask==3.1.0\n"})
    assert (
        run(monkeypatch, ["check", *BKP, "--stdin-filename", "requirements.txt", "-"], BUFFER) == 1
    )
    out, err = capsys.readouterr()
    assert out == lines("requirements.txt")
    assert err == ""
    assert (in_tmp / "requirements.txt").read_text() == "flask==3.1.0\n"


def test_a_clean_buffer_of_a_file_with_problems_passes(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, {"requirements.txt": BUFFER})
    assert (
        run(
            monkeypatch,
            ["check", *BKP, "--stdin-filename", "requirements.txt", "-"],
            "flask==3.1.0\n",
        )
        == 0
    )
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    "name",
    (
        pytest.param("requirements.txt", id="a new file"),
        pytest.param("sub/dir/requirements-dev.txt", id="in directories that do not exist yet"),
    ),
)
def test_the_file_need_not_exist_and_its_path_is_printed_as_given(
    name: str, in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, ["check", *BKP, "--stdin-filename", name, "-"], BUFFER) == 1
    assert capsys.readouterr().out == lines(name)


def test_stdin_filename_alone_reads_stdin(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, ["check", *BKP, "--stdin-filename", "requirements.txt"], BUFFER) == 1
    assert capsys.readouterr().out == lines("requirements.txt")


def test_an_absolute_name_inside_the_working_directory_prints_relative(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    name = str(in_tmp / "requirements.txt")  # what most editors pass
    assert run(monkeypatch, ["check", *BKP, "--stdin-filename", name, "-"], BUFFER) == 1
    assert capsys.readouterr().out == lines("requirements.txt")


def test_json_gives_end_positions(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["check", *BKP, "--format", "json", "--stdin-filename", "requirements.txt", "-"]
    assert run(monkeypatch, argv, 'tomli==2.0.1\n-r "ré😀.txt"\n') == 1
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "version": 1,
        "findings": [
            {
                "code": "BKP003",
                "severity": "warning",
                "path": "requirements.txt",
                "line": 1,
                "column": 1,
                "end_line": 1,
                "end_column": 13,
                "message": TOMLI,
                "package": "tomli",
                "fix": {
                    "message": 'Add `python_version < "3.11"`',
                    "applicability": "safe",
                    "edits": [
                        {
                            "content": '; python_version < "3.11"',
                            "line": 1,
                            "column": 13,
                            "end_line": 1,
                            "end_column": 13,
                        }
                    ],
                },
            },
            {
                # Columns count characters: the quoted name is 9 of them, whatever its bytes.
                "code": "REQ002",
                "severity": "error",
                "path": "requirements.txt",
                "line": 2,
                "column": 4,
                "end_line": 2,
                "end_column": 13,
                "message": "-r ré😀.txt: file not found",
                "package": None,
                "fix": None,
            },
        ],
        "files_checked": 1,
    }


def test_fix_prints_the_fixed_buffer_and_the_rest_on_stderr(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, {"requirements.txt": "flask==3.1.0\n"})
    buffer = BUFFER.replace("\n", "\r\n")
    argv = ["check", *BKP, "--fix", "--stdin-filename", "requirements.txt", "-"]
    assert run(monkeypatch, argv, buffer) == 1
    out, err = capsys.readouterr()
    assert out == (
        'tomli==2.0.1; python_version < "3.11"\r\nenum34==1.1.10\r\n-r missing.txt\r\nflask==3.1.0\r\n'
    )
    assert err == (
        f"requirements.txt:2:1: BKP001 {ENUM34}\n"
        "requirements.txt:3:4: REQ002 -r missing.txt: file not found\n"
        "Found 2 problems.\n"
    )
    assert (in_tmp / "requirements.txt").read_text() == "flask==3.1.0\n"  # never written


def test_fix_with_nothing_to_fix_prints_the_buffer_unchanged(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["check", *BKP, "--fix", "--stdin-filename", "requirements.txt", "-"]
    assert run(monkeypatch, argv, "flask==3.1.0  # web\n") == 0
    assert capsys.readouterr() == ("flask==3.1.0  # web\n", "")


def _poetry_project(root: Path) -> str:
    source = FIXTURES / "drift" / "poetry" / "pep621"
    for name in ("pyproject.toml", "poetry.lock"):
        (root / name).write_bytes((source / name).read_bytes())
    return (source / "pyproject.toml").read_text()


def test_a_pyproject_buffer_is_checked_against_the_lock_on_disk(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("reqhooks.rules.lock", reason="the lock family is not there yet")
    pyproject = _poetry_project(in_tmp)
    argv = ["check", "--select", "LCK", "--stdin-filename", "pyproject.toml", "-"]
    assert run(monkeypatch, argv, pyproject) == 0  # the lock was made from this very file
    assert capsys.readouterr() == ("", "")

    edited = pyproject.replace(
        '    "six>=1.16,<2",\n', '    "six>=1.16,<2",\n    "packaging>=24",\n'
    )
    assert run(monkeypatch, argv, edited) == 1
    assert capsys.readouterr().out == (
        "poetry.lock:123:17: LCK001 pyproject.toml changed significantly since poetry.lock was "
        "last generated; run `poetry lock`\n"
        "pyproject.toml:10:6: LCK002 packaging>=24 is not in poetry.lock; run `poetry lock`\n"
        "Found 2 problems.\n"
    )
    assert "packaging" not in (in_tmp / "pyproject.toml").read_text()  # only the buffer has it


def test_a_lock_buffer_is_checked_against_the_pyproject_on_disk(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("reqhooks.rules.lock", reason="the lock family is not there yet")
    _poetry_project(in_tmp)
    lock = (in_tmp / "poetry.lock").read_text()
    argv = ["check", "--select", "LCK", "--stdin-filename", "poetry.lock", "-"]
    assert run(monkeypatch, argv, lock) == 0
    assert capsys.readouterr() == ("", "")
    content_hash = re.search(r'content-hash = "([0-9a-f]+)"', lock)
    assert content_hash is not None
    assert run(monkeypatch, argv, lock.replace(content_hash.group(1), "0" * 64)) == 1
    out = capsys.readouterr().out
    assert out.startswith("poetry.lock:123:17: LCK001 pyproject.toml changed significantly since")


def test_the_command_editors_run_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements.txt").write_text("flask==3.1.0\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "reqhooks",
            "check",
            *BKP,
            "--stdin-filename",
            "requirements.txt",
            "-",
        ],
        input=BUFFER.encode("utf-8"),
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert proc.stderr.decode() == ""
    assert proc.stdout.decode("utf-8") == lines("requirements.txt")
    assert proc.returncode == 1


# --- the snippets in editors/ read that output ---------------------------------------------


def test_the_vscode_problem_matchers_read_the_github_format(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks = json.loads((EDITORS / "vscode" / "tasks.json").read_text())
    assert (
        run(
            monkeypatch,
            ["check", "--format", "github", *BKP, "--stdin-filename", "requirements.txt", "-"],
            BUFFER,
        )
        == 1
    )
    output = capsys.readouterr().out.splitlines()
    assert len(tasks["tasks"]) == 2
    for task in tasks["tasks"]:
        assert task["args"][:4] == ["check", "--format", "github", "--exit-zero"]
        pattern = task["problemMatcher"]["pattern"]
        regexp = re.compile(pattern["regexp"])
        found = []
        for line in output:
            m = regexp.match(line)
            assert m is not None, line
            keys = ("severity", "file", "line", "column", "endLine", "endColumn", "code", "message")
            found.append(tuple(m.group(pattern[k]) for k in keys))
        assert found == [
            ("warning", "requirements.txt", "1", "1", "1", "13", "BKP003", TOMLI),
            ("error", "requirements.txt", "2", "1", "2", "15", "BKP001", ENUM34),
            (
                "error",
                "requirements.txt",
                "3",
                "4",
                "3",
                "15",
                "REQ002",
                "-r missing.txt: file not found",
            ),
        ]


def test_the_text_pattern_of_the_snippets_reads_the_text_format() -> None:
    # The pattern flymake-free snippets (efm, and docs/editors.md) describe, as a Python regex.
    pattern = re.compile(
        r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+)(?: \[\*\])? (?P<message>.*)$"
    )
    first, second = lines("requirements.txt").splitlines()[:2]
    m = pattern.match(first)
    assert m is not None and (m["file"], m["line"], m["col"], m["code"]) == (
        "requirements.txt",
        "1",
        "1",
        "BKP003",
    )
    assert m["message"] == TOMLI
    m = pattern.match(second)
    assert m is not None and m["code"] == "BKP001"
    assert pattern.match("Found 3 problems (1 fixable with --fix).") is None


def test_the_configuration_is_the_buffers_wherever_the_editor_runs_us(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, {"project/reqhooks.toml": 'select = ["REQ"]\n'})
    name = str(in_tmp / "project" / "requirements.txt")
    assert run(monkeypatch, ["check", "--stdin-filename", name, "-"], BUFFER) == 1
    assert capsys.readouterr().out == (
        "project/requirements.txt:3:4: REQ002 -r missing.txt: file not found\nFound 1 problem.\n"
    )
