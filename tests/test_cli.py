"""The command line through ``main([...])``: commands, exit codes and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reqhooks import __version__
from reqhooks.cli import main
from tests.conftest import write


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"reqhooks {__version__}\n"
    # With other arguments argparse prints it, the same way.
    with pytest.raises(SystemExit) as info:
        main(["--version", "check"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"reqhooks {__version__}\n"


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["code", "name", "severity", "fix", "summary"]
    assert len(lines) == 28
    assert lines[1].split()[:4] == ["REQ001", "parse-error", "error", "-"]


def test_rules_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    bkp003 = next(r for r in rules if r["code"] == "BKP003")
    assert bkp003 == {
        "code": "BKP003",
        "name": "unguarded-backport",
        "family": "backports",
        "severity": "warning",
        "fixable": "safe",
        "summary": "Backport needed on only some targets, without a python_version marker",
    }


def test_explain_prints_the_rule_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "req004"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "REQ004 (credentials-in-url): Credentials embedded in a URL\nDefault severity: error; no fix.\n\n## What it does\n"
    )


def test_explain_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "PIN9"]) == 2
    assert capsys.readouterr().err == "reqhooks: unknown rule code 'PIN9'; `reqhooks rules` lists them\n"


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert "argument --format: invalid choice: 'xml'" in err
    assert err.endswith("Try 'reqhooks --help'.\n")


def test_unknown_config_key_exits_2(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, {"reqhooks.toml": 'selct = ["PIN"]\n', "requirements.txt": "flask==3.1.0\n"})
    assert main(["check"]) == 2
    assert capsys.readouterr().err.startswith(
        "reqhooks: configuration error: reqhooks.toml: unknown configuration key 'selct'; known keys: "
    )


@pytest.mark.parametrize(
    "pyproject",
    [
        '[tool.reqhooks]\nignore = ["BKP"]\n',
        '[tool."\\u0072eqhooks"]\nignore = ["BKP"]\n',  # spelled with an escape
        '[tool]\n"req\\U00000068ooks" = { ignore = ["BKP"] }\n',
    ],
)
def test_pyproject_configuration_however_its_key_is_spelled(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], pyproject: str
) -> None:
    # Most pyprojects have no [tool.reqhooks]: one whose text cannot spell it is not parsed.
    write(in_tmp, {"pyproject.toml": pyproject, "requirements.txt": "enum34==1.1.10\n"})
    assert main(["check", "requirements.txt"]) == 0
    assert capsys.readouterr().out == ""
    write(in_tmp, {"pyproject.toml": '[tool.other]\nignore = ["BKP"]\n'})
    assert main(["check", "requirements.txt"]) == 1


def test_bad_target_python_flag_exits_2(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--target-python", "3.x"]) == 2
    assert capsys.readouterr().err == (
        "reqhooks: configuration error: --target-python: '3.x' is not a Python minor version (expected e.g. 3.12)\n"
    )


def test_stdin_needs_a_filename(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-"]) == 2
    assert "reading from stdin (-) needs --stdin-filename NAME" in capsys.readouterr().err


def test_missing_path_is_a_finding_not_a_crash(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "nope.txt"]) == 1
    assert capsys.readouterr().out == "nope.txt:1:1: REQ001 No such file or directory\nFound 1 problem.\n"


def test_directory_named_like_a_lock_file(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "poetry.lock").mkdir()
    assert main(["lock", "poetry.lock"]) == 1
    assert capsys.readouterr().out == "poetry.lock:1:1: REQ001 Expected a file, found a directory\nFound 1 problem.\n"


def test_internal_error_is_one_line_naming_the_file(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(in_tmp, {"requirements.txt": "flask==3.1.0\n"})

    def boom(*args: object, **kwargs: object) -> object:
        raise RuntimeError("kaput")

    monkeypatch.setattr("reqhooks.readers.requirements.read", boom)
    assert main(["check", "requirements.txt"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"reqhooks {__version__}: internal error while checking requirements.txt: RuntimeError: kaput "
        "(set REQHOOKS_DEBUG=1 for the traceback; please report it)\n"
    )
    monkeypatch.setenv("REQHOOKS_DEBUG", "1")
    assert main(["check", "requirements.txt"]) == 2
    assert "Traceback (most recent call last)" in capsys.readouterr().err


# -- the command line's fast path (no argparse) agrees with argparse ------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from reqhooks.cli import _fast_args, build_parser  # noqa: E402

_TOKENS = st.sampled_from(
    [
        "--select", "--select=BKP", "BKP001,PIN", "--ignore", "--extend-select", "--format",
        "json", "sarif", "github", "text", "xml", "--format=json", "--target-python", "3.12",
        "--platform", "linux-x86_64", "--config", "reqhooks.toml", "--isolated", "--fix",
        "--unsafe-fixes", "--diff", "--stdin-filename", "--online", "--offline", "--index-url",
        "http://127.0.0.1:1/simple", "--exit-zero", "--fail-on", "error", "warning",
        "--color", "always", "never", "auto", "--color=never", "requirements.txt", ".", "-",
        "a b", "", "--", "-h", "--help", "--sel", "--fix=1", "-x", "--select=", "-1", "check",
        "pyproject.toml", "--format=", "--online=1",
    ]
)  # fmt: skip


def _argparse(argv: list[str]) -> dict[str, object] | str:
    from reqhooks.cli import UsageError

    import contextlib
    import io

    try:
        with contextlib.redirect_stdout(io.StringIO()):  # --help's text
            return vars(build_parser().parse_args(argv))
    except UsageError as e:
        return f"usage error: {e}"
    except SystemExit as e:  # --help
        return f"exit {e.code}"


@settings(max_examples=600, deadline=None)
@given(
    command=st.sampled_from(["check", "backports", "pins", "lock", "python"]),
    tokens=st.lists(_TOKENS, max_size=7),
)
def test_fast_command_line_agrees_with_argparse(command: str, tokens: list[str]) -> None:
    argv = [command, *tokens]
    fast = _fast_args(argv)
    if fast is not None:
        assert vars(fast) == _argparse(argv), argv


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "requirements.txt", "requirements-dev.txt"],
        ["lock", "--format", "json", "poetry.lock", "pyproject.toml"],
        ["backports", "--select=BKP001", "--target-python", "3.12,3.13", "--fix", "."],
        ["check", "--stdin-filename", "requirements.txt", "-", "--color=never"],
        ["python", "--offline", "--fail-on", "error", "--exit-zero", "requirements.txt"],
    ],
)
def test_common_command_lines_take_the_fast_path(argv: list[str]) -> None:
    fast = _fast_args(argv)
    assert fast is not None
    assert vars(fast) == _argparse(argv)


# -- the command's exit: main(), then os._exit without the interpreter's teardown ------------

EXAMPLES = Path(__file__).parent.parent / "examples"


def _command(args: list[str], cache: Path, **kwargs: object) -> object:
    import os
    import subprocess
    import sys

    env = {**os.environ, "REQHOOKS_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    env.pop("REQHOOKS_NO_CACHE", None)
    return subprocess.run(
        [sys.executable, "-m", "reqhooks", *args], env=env, check=False, **kwargs  # type: ignore[call-overload]
    )


def test_the_command_exits_with_mains_code_and_all_of_its_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Output larger than a pipe's buffer, through a pipe: flushed in full before os._exit.
    project = tmp_path / "project"
    write(project, {"requirements.txt": "".join(f"enum34==1.1.{i}\n" for i in range(1500))})
    (project / ".git").mkdir()
    args = ["check", "--format", "json", str(project)]
    assert main(args) == 1
    expected = capsys.readouterr().out
    assert len(expected) > 65536
    proc = _command(args, tmp_path / "cache", capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, expected, "")  # type: ignore[attr-defined]
    # Exit handlers ran: the pattern cache was written at exit.
    assert list((tmp_path / "cache").glob("re-*/*"))


def test_the_command_into_a_file_and_with_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with out.open("w", encoding="utf-8") as f:
        proc = _command(["check", str(EXAMPLES / "demo")], tmp_path / "cache", stdout=f)
    assert proc.returncode == 1  # type: ignore[attr-defined]
    assert out.read_text(encoding="utf-8").endswith("Found 16 problems (2 more with --unsafe-fixes).\n")
    usage = _command(["check", "--no-such-flag"], tmp_path / "cache", capture_output=True, text=True)
    assert usage.returncode == 2  # type: ignore[attr-defined]
    assert "--no-such-flag" in usage.stderr  # type: ignore[attr-defined]


_GC_AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: sys.stderr.write(f"@@gc={gc.isenabled()}\\n"))
from reqhooks.cli import run
sys.argv = ["reqhooks", *sys.argv[1:]]
run()
"""


@pytest.mark.parametrize(
    ("args", "collecting"),
    [
        (["--version"], False),
        (["check", str(EXAMPLES / "demo")], False),
        (["lsp"], True),  # an editor's session: garbage must be collected
    ],
)
def test_a_one_shot_command_runs_without_the_garbage_collector(
    tmp_path: Path, args: list[str], collecting: bool
) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "REQHOOKS_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-c", _GC_AT_EXIT, *args],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False,
        timeout=60,
    )
    assert proc.stderr.splitlines()[-1] == f"@@gc={collecting}"


def test_a_working_directory_that_no_longer_exists_is_said_so(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    gone = tmp_path / "gone"
    gone.mkdir()
    write(tmp_path, {"requirements.txt": "enum34==1.1.10\n"})
    # The shell enters the directory, removes it, then runs reqhooks there.
    script = f'cd "{gone}" && rmdir "{gone}" && exec "$0" -m reqhooks check "$1"'
    env = {**os.environ, "REQHOOKS_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    proc = subprocess.run(
        ["sh", "-c", script, sys.executable, str(tmp_path / "requirements.txt")],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2, "", "reqhooks: the working directory no longer exists\n"
    )  # fmt: skip
