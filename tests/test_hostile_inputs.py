"""Hostile inputs, with the exact output reqhooks gives for each.

Files that are not text, not UTF-8, too big, nested too deeply; includes that go in circles,
leave the repository, point at devices, pipes or symbolic-link loops; files nobody may read;
directories with the names of files.  Each is a finding (or nothing) with a clear message and
a position inside the file; none is a traceback, a hang, or a read of something reqhooks has
no business reading.  The byte-exact samples live in ``fixtures/hostile`` (``-text`` in its
``.gitattributes``: git must not touch their newlines).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from reqhooks import __version__
from reqhooks.cli import main
from tests.conftest import FIXTURES, write

HOSTILE = FIXTURES / "hostile"

#: Backports and hygiene only: what the samples need, with no date or network in sight.
ARGS = ("check", "--select", "REQ,BKP", "--target-python", "3.12,3.13")

TOMLI = (
    "BKP002 tomli backports `tomllib` (in CPython since 3.11), which every target Python ships "
    "(3.12, 3.13); use `tomllib`; if older Pythons are supported, write "
    '`tomli; python_version < "3.11"` and `import tomllib` under `if sys.version_info >= (3, 11)`'
)
NO_SPECIFIER = "REQ001 Expected semicolon (after name with no version specifier) or end"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*ARGS, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail, instead of hanging the suite, if the block blocks (a pipe with no writer ...)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
needs_symlinks = pytest.mark.skipif(
    sys.platform == "win32", reason="symlinks need privileges on Windows"
)
needs_alarm = pytest.mark.skipif(
    not hasattr(signal, "setitimer"), reason="the hang guard uses SIGALRM"
)


# -- bytes that are not (UTF-8) text ---------------------------------------------------------

ENCODINGS = [
    pytest.param(
        "binary.txt",
        "requirements.txt:1:8: REQ001 File looks binary (it contains a NUL byte)\nFound 1 problem.\n",
        id="an executable: binary, at its first NUL byte",
    ),
    pytest.param(
        "nul-late.txt",
        "requirements.txt:2:6: REQ001 File looks binary (it contains a NUL byte)\nFound 1 problem.\n",
        id="a NUL byte on the second line",
    ),
    pytest.param(
        "utf16-le-bom.txt",
        f"requirements.txt:1:1: {TOMLI}\nrequirements.txt:2:9: {NO_SPECIFIER}\n"
        "Found 2 problems (1 more with --unsafe-fixes).\n",
        id="UTF-16 little-endian with a BOM is read, positions in characters",
    ),
    pytest.param(
        "utf16-be-bom.txt",
        f"requirements.txt:1:1: {TOMLI}\nrequirements.txt:2:9: {NO_SPECIFIER}\n"
        "Found 2 problems (1 more with --unsafe-fixes).\n",
        id="UTF-16 big-endian with a BOM is read",
    ),
    pytest.param(
        "utf32-bom.txt",
        f"requirements.txt:1:1: {TOMLI}\nrequirements.txt:2:9: {NO_SPECIFIER}\n"
        "Found 2 problems (1 more with --unsafe-fixes).\n",
        id="UTF-32 with a BOM is read",
    ),
    pytest.param(
        "utf16-no-bom.txt",
        "requirements.txt:1:2: REQ001 File looks binary (it contains a NUL byte)\nFound 1 problem.\n",
        id="UTF-16 without a BOM cannot be told from binary, as pip cannot",
    ),
    pytest.param(
        "latin1.txt",
        "requirements.txt:1:6: REQ001 File is not valid UTF-8 (byte 0xe9); save it as UTF-8\n"
        "Found 1 problem.\n",
        id="Latin-1: the first byte that is not UTF-8, its column in bytes",
    ),
    pytest.param(
        "utf8-bom.txt",
        f"requirements.txt:1:1: {TOMLI}\nrequirements.txt:2:9: {NO_SPECIFIER}\n"
        "Found 2 problems (1 more with --unsafe-fixes).\n",
        id="a UTF-8 BOM takes no column",
    ),
    pytest.param(
        "crlf.txt",
        f"requirements.txt:1:1: {TOMLI}\nrequirements.txt:2:9: {NO_SPECIFIER}\n"
        "Found 2 problems (1 more with --unsafe-fixes).\n",
        id="CRLF: the CR is not a column",
    ),
    pytest.param(
        "mixed-newlines.txt",
        # pip splits lines with str.splitlines(): a lone CR and a form feed end a line too;
        # positions count LF-terminated lines, as editors and git do for these files.
        f"requirements.txt:2:2: {NO_SPECIFIER}\n"
        f"requirements.txt:3:1: {TOMLI}\n"
        f"requirements.txt:3:10: {NO_SPECIFIER}\n"
        f"requirements.txt:4:5: {NO_SPECIFIER}\n"
        "Found 4 problems.\n",
        id="mixed CRLF, LF, a lone CR and a form feed; no removal fix across a lone CR",
    ),
    pytest.param(
        "no-trailing-newline.txt",
        f"requirements.txt:1:1: {TOMLI}\nrequirements.txt:2:9: {NO_SPECIFIER}\n"
        "Found 2 problems (1 more with --unsafe-fixes).\n",
        id="no newline at the end: the error is at the end of the last line",
    ),
    pytest.param("only-blanks.txt", "", id="only blanks"),
    pytest.param("empty.txt", "", id="an empty file"),
]


@pytest.mark.parametrize(("sample", "expected"), ENCODINGS)
def test_encodings_and_newlines(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], sample: str, expected: str
) -> None:
    shutil.copyfile(HOSTILE / sample, in_tmp / "requirements.txt")
    assert run(capsys, "requirements.txt") == (1 if expected else 0, expected, "")


def test_a_nul_byte_after_the_first_8_kib_is_read_as_text(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, {"requirements.txt": b"# " + b"x" * 9000 + b"\nrequests\x00\n"})
    assert run(capsys) == (
        1,
        f"requirements.txt:2:9: {NO_SPECIFIER}\nFound 1 problem.\n",
        "",
    )


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        pytest.param(
            "pyproject.toml",
            b"[project]\nname = 'x'\nversion = '1'\ndependencies = [\xff]\n",
            "pyproject.toml:4:17: REQ001 File is not valid UTF-8 (byte 0xff); save it as UTF-8\n",
            id="pyproject",
        ),
        pytest.param(
            "poetry.lock",
            b"\x00" * 64,
            "poetry.lock:1:1: REQ001 File looks binary (it contains a NUL byte)\n",
            id="a lock file of zeros",
        ),
        pytest.param(
            "Pipfile.lock",
            b'{"_meta": {}, "default": {"x": {"version": "==1\xc3"}}}',
            "Pipfile.lock:1:48: REQ001 File is not valid UTF-8 (byte 0xc3); save it as UTF-8\n",
            id="a truncated UTF-8 sequence in JSON",
        ),
    ],
)
def test_undecodable_structured_files(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, expected: str
) -> None:
    write(in_tmp, {name: data})
    assert run(capsys, ".") == (1, expected + "Found 1 problem.\n", "")


# -- size --------------------------------------------------------------------------------------


@pytest.mark.parametrize("sparse", [True, False], ids=["sparse 50 MB", "21 MB written once"])
def test_a_huge_file_is_refused_in_bounded_time_and_memory(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], sparse: bool
) -> None:
    path = in_tmp / "requirements.txt"
    if sparse:
        with open(path, "wb") as f:
            f.truncate(50 * 1024 * 1024)
        size = "50.0"
    else:
        path.write_bytes(b"requests==2.32.3\n" * (21 * 1024 * 1024 // 17))
        size = "21.0"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = run(capsys, ".")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result == (
        1,
        (
            f"requirements.txt:1:1: REQ001 File is {size} MiB, larger than the 20 MiB reqhooks reads\n"
            "Found 1 problem.\n"
        ),
        "",
    )
    assert time.perf_counter() - started < 5
    assert peak < 8 * 1024 * 1024, peak  # nothing of the file is read


def test_a_huge_pyproject_is_not_read_for_the_configuration(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(in_tmp / "pyproject.toml", "wb") as f:
        f.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        result = run(capsys, ".")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result[0] == 1
    assert peak < 8 * 1024 * 1024, peak


def test_a_pyproject_whose_tool_is_not_a_table(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, {"pyproject.toml": "tool = 1\n[project]\nname = 'x'\nversion = '1'\n"})
    code, _, err = run(capsys, ".")
    assert "internal error" not in err
    assert code in (0, 1)


# -- nesting -----------------------------------------------------------------------------------

TOO_DEEP_TOML = "REQ001 Expected valid TOML: arrays or inline tables are nested too deeply"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(
            "pyproject.toml",
            "[project]\nname = 'x'\ndependencies = " + "[" * 5000 + "]" * 5000 + "\n",
            f"pyproject.toml:1:1: {TOO_DEEP_TOML}\n",
            id="arrays in a pyproject, deeper than tomllib recurses",
        ),
        pytest.param(
            "pyproject.toml",
            "[tool.poetry.dependencies]\nx = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
            f"pyproject.toml:1:1: {TOO_DEEP_TOML}\n",
            id="inline tables",
        ),
        pytest.param(
            "uv.lock",
            "version = 1\n[[package]]\nname = 'x'\nwheels = " + "[" * 5000 + "]" * 5000 + "\n",
            # The lock readers pass tomllib's own message on.
            "uv.lock:1:1: REQ001 Arrays or inline tables are nested too deeply\n",
            id="a lock",
        ),
        pytest.param(
            "Pipfile.lock",
            '{"_meta": {}, "default": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}",
            "Pipfile.lock:1:32: REQ001 Expected arrays and objects nested less deeply\n",
            id="JSON arrays, at the value that nests",
        ),
        pytest.param(
            "pyproject.toml",
            "["
            + ".".join(["a"] * 5000)
            + "]\nb = 1\n[project]\nname = 'x'\ndependencies = ['tomli']\n",
            f"pyproject.toml:5:18: {TOMLI}\n",
            id="a dotted key 5000 tables deep is just a key",
        ),
        pytest.param(
            "pyproject.toml",
            "[project]\nname = 'x'\ndependencies = ['tomli']\n[tool.x]\ny = "
            + "[" * 100
            + "]" * 100
            + "\n",
            f"pyproject.toml:3:18: {TOMLI}\n",
            id="100 levels deep is fine",
        ),
    ],
)
def test_deep_nesting(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, expected: str
) -> None:
    write(in_tmp, {name: text})
    fixable = " (1 more with --unsafe-fixes)" if "BKP002" in expected else ""
    assert run(capsys, ".") == (1, f"{expected}Found 1 problem{fixable}.\n", "")


# -- numbers too long for int() ---------------------------------------------------------------

LONG = (
    "9" * 5000
)  # int() refuses more than 4300 digits with a ValueError, by design (CVE-2020-10735)


@pytest.mark.parametrize(
    "files",
    [
        pytest.param({"requirements.txt": f"torch==1.{LONG}\nnumpy>=1.{LONG}\n"}, id="pins"),
        pytest.param(
            {
                "Pipfile": f'[packages]\ntorch = "=={LONG}"\n[requires]\npython_version = "3.{LONG}"\n'
            },
            id="Pipfile",
        ),
        pytest.param(
            {"Dockerfile": f"FROM python:3.{LONG}\n", "runtime.txt": f"python-3.{LONG}\n"},
            id="Python pins",
        ),
        pytest.param(
            {"Pipfile.lock": f'{{"_meta": {{"pipfile-spec": {LONG}}}, "default": {{}}}}'},
            id="a JSON number",
        ),
        pytest.param(
            {
                "pyproject.toml": f'[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.{LONG}"\n'
            },
            id="requires-python",
        ),
        pytest.param(
            {
                "pyproject.toml": (FIXTURES / "pyproject" / "uv-project.toml").read_text(),
                "uv.lock": (FIXTURES / "locks" / "uv" / "project" / "uv.lock")
                .read_text()
                .replace('requires-python = ">=', f'requires-python = ">=3.{LONG},>=', 1),
            },
            id="a lock's requires-python",
        ),
    ],
)
def test_a_number_too_long_for_int_is_not_a_crash(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | bytes]
) -> None:
    write(in_tmp, files)
    code = main(["check", "."])
    err = capsys.readouterr().err
    assert code in (0, 1), err
    assert "internal error" not in err


# -- includes ----------------------------------------------------------------------------------


def test_include_cycles(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        in_tmp,
        {
            "requirements.txt": "-r requirements.txt\n-r dev-requirements.txt\n",
            "dev-requirements.txt": "-c constraints.txt\ntomli\n",
            "constraints.txt": "--requirement=./dev-requirements.txt\n",
        },
    )
    assert run(capsys, ".") == (
        1,
        (
            "dev-requirements.txt:1:4: REQ003 Include cycle: constraints.txt -> dev-requirements.txt -> "
            "constraints.txt\n"
            f"dev-requirements.txt:2:1: {TOMLI}\n"
            "requirements.txt:1:4: REQ003 Include cycle: requirements.txt -> requirements.txt\n"
            "Found 3 problems (1 more with --unsafe-fixes).\n"
        ),
        "",
    )
    # pre-commit passes the changed file: the cycle it closes elsewhere is still reported.
    assert run(capsys, "constraints.txt") == (
        1,
        (
            "dev-requirements.txt:1:4: REQ003 Include cycle: constraints.txt -> dev-requirements.txt -> "
            "constraints.txt\nFound 1 problem.\n"
        ),
        "",
    )


def test_includes_outside_the_repository_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """pip follows them; reqhooks must not print what ~/.netrc or /etc/shadow holds."""
    repo = tmp_path / "repo"
    write(tmp_path, {"secret.txt": "--password-is-hunter2\n", "repo/sub/shared.txt": "tomli\n"})
    (repo / ".git").mkdir()
    write(
        repo,
        {
            "requirements.txt": "-r ../secret.txt\n"
            f"-c {tmp_path / 'secret.txt'}\n"
            "-r sub/../../secret.txt\n"
            "-r sub/shared.txt\n"
            f"-r {repo / 'sub' / 'shared.txt'}\n",
        },
    )
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, ".")
    assert (code, out, err) == (
        1,
        (
            "requirements.txt:1:4: REQ002 -r ../secret.txt: is outside the repository, not read\n"
            f"requirements.txt:2:4: REQ002 -c {tmp_path / 'secret.txt'}: is outside the repository, not read\n"
            "requirements.txt:3:4: REQ002 -r sub/../../secret.txt: is outside the repository, not read\n"
            f"sub/shared.txt:1:1: {TOMLI}\n"
            "Found 4 problems (1 more with --unsafe-fixes).\n"
        ),
        "",
    )
    assert "hunter2" not in out + err


@needs_symlinks
def test_symbolic_links_out_of_the_repository_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    write(tmp_path, {"netrc": "--machine-password-hunter2\n"})
    (repo / ".git").mkdir(parents=True)
    write(repo, {"requirements.txt": "-r linked.txt\n-r inside.txt\n", "real.txt": "tomli\n"})
    (repo / "linked.txt").symlink_to(tmp_path / "netrc")
    (repo / "inside.txt").symlink_to("real.txt")
    (repo / "requirements-dev.txt").symlink_to(tmp_path / "netrc")
    monkeypatch.chdir(repo)
    code, out, err = run(capsys, ".")
    assert (code, out, err) == (
        1,
        (
            f"inside.txt:1:1: {TOMLI}\n"
            "requirements-dev.txt:1:1: REQ001 Expected a file in the repository, found a symbolic link out of it\n"
            "requirements.txt:1:4: REQ002 -r linked.txt: is outside the repository, not read\n"
            "Found 3 problems (1 more with --unsafe-fixes).\n"
        ),
        "",
    )
    assert "hunter2" not in out + err


def test_outside_a_repository_includes_are_followed_as_pip_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if any((d / ".git").exists() for d in (tmp_path, *tmp_path.parents)):
        pytest.skip("the temporary directory is inside a git work tree")
    write(tmp_path, {"common.txt": "tomli\n", "app/requirements.txt": "-r ../common.txt\n"})
    monkeypatch.chdir(tmp_path / "app")
    assert run(capsys, ".") == (
        1,
        (
            f"{(tmp_path / 'common.txt').as_posix()}:1:1: {TOMLI}\n"
            "Found 1 problem (1 more with --unsafe-fixes).\n"
        ),
        "",
    )


@needs_fifo
@needs_alarm
def test_includes_of_devices_and_pipes_never_block(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(in_tmp / "pipe.txt")
    (in_tmp / "zero.txt").symlink_to("/dev/zero")
    (in_tmp / "sub").mkdir()
    write(
        in_tmp,
        {"requirements.txt": "-r pipe.txt\n-r /dev/zero\n-c zero.txt\n-r sub\n-r missing.txt\n"},
    )
    with deadline(10):
        code, out, err = run(capsys, ".")
    assert (code, out, err) == (
        1,
        (
            "requirements.txt:1:4: REQ002 -r pipe.txt: is not a regular file\n"
            "requirements.txt:2:4: REQ002 -r /dev/zero: is outside the repository, not read\n"
            "requirements.txt:3:4: REQ002 -c zero.txt: is outside the repository, not read\n"
            "requirements.txt:4:4: REQ002 -r sub: is a directory, not a requirements file\n"
            "requirements.txt:5:4: REQ002 -r missing.txt: file not found\n"
            "Found 5 problems.\n"
        ),
        "",
    )


@needs_fifo
@needs_alarm
@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(
            ["requirements.txt"],
            "requirements.txt:1:1: REQ001 Expected a regular file, found a named pipe\nFound 1 problem.\n",
            id="a pipe named on the command line is a finding",
        ),
        pytest.param(["."], "", id="a directory's pipes are not dependency files"),
        pytest.param(
            ["/dev/zero"],
            "/dev/zero:1:1: REQ001 Expected a regular file, found a character device\nFound 1 problem.\n",
            id="a device named on the command line",
        ),
    ],
)
def test_pipes_and_devices_as_files_never_block(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], given: list[str], expected: str
) -> None:
    for name in ("requirements.txt", "pyproject.toml", "poetry.lock", "Pipfile", ".python-version"):
        os.mkfifo(in_tmp / name)
    with deadline(10):
        assert run(capsys, *given) == (1 if expected else 0, expected, "")


@needs_symlinks
def test_symbolic_link_loops(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "loop-a.txt").symlink_to("loop-b.txt")
    (in_tmp / "loop-b.txt").symlink_to("loop-a.txt")
    (in_tmp / "requirements-loop.txt").symlink_to("requirements-loop.txt")
    (in_tmp / "sub").mkdir()
    (in_tmp / "sub" / "up").symlink_to("..")  # a directory loop: the walk must not follow it
    write(in_tmp, {"requirements.txt": "-r loop-a.txt\n"})
    code, out, err = run(capsys, ".")
    assert (code, out, err) == (
        1,
        (
            "requirements.txt:1:4: REQ002 -r loop-a.txt: Too many levels of symbolic links\n"
            "Found 1 problem.\n"
        ),
        "",
    )
    assert run(capsys, "requirements-loop.txt") == (
        1,
        (
            "requirements-loop.txt:1:1: REQ001 Cannot read the file: Too many levels of symbolic links\n"
            "Found 1 problem.\n"
        ),
        "",
    )


# -- permissions and file types ----------------------------------------------------------------


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000, and, where that does not stop the reader (root), what the kernel says to others."""
    path.chmod(0)
    if os.access(path, os.R_OK):
        real_open = os.open
        target = os.path.realpath(path)

        def refuse(file: object, flags: int, *args: object, **kwargs: object) -> int:
            if isinstance(file, (str, os.PathLike)) and os.path.realpath(file) == target:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
            return real_open(file, flags, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refuse)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(
            ".",
            "requirements-dev.txt:1:1: REQ001 Cannot read the file: Permission denied\nFound 1 problem.\n",
            id="found in a directory",
        ),
        pytest.param(
            "requirements-dev.txt",
            "requirements-dev.txt:1:1: REQ001 Cannot read the file: Permission denied\nFound 1 problem.\n",
            id="named on the command line (and reached by -r)",
        ),
    ],
)
def test_an_unreadable_file(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    given: str,
    expected: str,
) -> None:
    write(
        in_tmp, {"requirements.txt": "-r requirements-dev.txt\n", "requirements-dev.txt": "tomli\n"}
    )
    _unreadable(in_tmp / "requirements-dev.txt", monkeypatch)
    try:
        assert run(capsys, given) == (1, expected, "")
    finally:
        (in_tmp / "requirements-dev.txt").chmod(0o644)


def test_directories_named_like_dependency_files(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (
        "poetry.lock",
        "uv.lock",
        "Pipfile.lock",
        "pylock.toml",
        "requirements.txt",
        "Pipfile",
    ):
        (in_tmp / name).mkdir()
        (in_tmp / name / "requirements.txt").write_text("tomli\n")
    write(in_tmp, {"pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n"})
    code, out, err = run(capsys, ".")
    lines = out.splitlines()
    # Found in a directory they are not dependency files; the files inside them are checked.
    assert (code, err) == (1, "")
    assert lines == sorted(
        f"{name}/requirements.txt:1:1: {TOMLI}"
        for name in (
            "Pipfile",
            "Pipfile.lock",
            "poetry.lock",
            "pylock.toml",
            "requirements.txt",
            "uv.lock",
        )
    ) + ["Found 6 problems (6 more with --unsafe-fixes)."]
    # Named on the command line, such a directory is a finding (pre-commit never passes one).
    assert run(capsys, "poetry.lock", "pyproject.toml", "nope.txt") == (
        1,
        (
            "nope.txt:1:1: REQ001 No such file or directory\n"
            "poetry.lock:1:1: REQ001 Expected a file, found a directory\n"
            "Found 2 problems.\n"
        ),
        "",
    )


# -- names and output --------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names there are Unicode")
def test_a_file_name_that_is_not_utf8_reaches_a_strict_terminal(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    name = os.fsdecode(b"requirements-\xff.txt")
    (in_tmp / name).write_bytes(b"tomli\n")
    raw = io.BytesIO()
    strict = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdout", strict)
    code = main([*ARGS, "."])
    strict.flush()
    assert code == 1
    assert raw.getvalue().decode("utf-8") == (
        "requirements-\\udcff.txt:1:1: "
        + TOMLI
        + "\nFound 1 problem (1 more with --unsafe-fixes).\n"
    )
    assert capsys.readouterr().err == ""


def test_a_very_long_line(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        in_tmp, {"requirements.txt": "tomli" + " " * 1_000_000 + "# x\n" + "x" * 1_000_000 + "==\n"}
    )
    started = time.perf_counter()
    assert run(capsys, ".") == (
        1,
        (
            f"requirements.txt:1:1: {TOMLI}\nrequirements.txt:2:1000001: {NO_SPECIFIER}\n"
            "Found 2 problems (1 more with --unsafe-fixes).\n"
        ),
        "",
    )
    assert time.perf_counter() - started < 5


def test_the_internal_error_line_names_the_version(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not hostile input, but the last line of defence against it (more in test_isolation)."""
    from reqhooks.readers import requirements

    def explode(*args: object, **kwargs: object) -> None:
        raise MemoryError("simulated")

    monkeypatch.setattr(requirements, "read", explode)
    write(in_tmp, {"requirements.txt": "tomli\n"})
    assert run(capsys, ".") == (
        2,
        "",
        (
            f"reqhooks {__version__}: internal error while checking requirements.txt: MemoryError: "
            "simulated (set REQHOOKS_DEBUG=1 for the traceback; please report it)\n"
        ),
    )
