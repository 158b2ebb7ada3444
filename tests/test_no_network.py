"""Offline by default, always: no invocation touches the network unless ``--online``.

Every test here runs the command line in-process with the socket layer blocked
(``socket.socket.connect``/``connect_ex``, ``socket.create_connection``,
``socket.getaddrinfo``/``gethostbyname``): a blocked call is recorded and fails as an
unreachable network would.  The last tests are the control: ``--online`` does try, and
the run still finishes with one note instead of a traceback.
"""

from __future__ import annotations

import errno
import io
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reqhooks.cli import main
from tests.conftest import FIXTURES, write

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "demo"


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The network calls made (each one refused); the cache directory is ``tmp/cache``."""
    made: list[str] = []

    def refuse(what: str) -> Callable[..., object]:
        def refused(*args: object, **kwargs: object) -> object:
            address = args[1] if what.startswith("socket.socket") else args[0]
            if isinstance(address, tuple):
                address = ":".join(map(str, address[:2]))
            elif len(args) > 1 and not what.startswith("socket.socket"):
                address = f"{address}:{args[1]}"
            made.append(f"{what} {address}")
            raise OSError(errno.ENETUNREACH, "Network is unreachable")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("socket.gethostbyname"))
    monkeypatch.setenv("REQHOOKS_CACHE_DIR", str(tmp_path / "cache"))
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "PIP_EXTRA_INDEX_URL"):
        monkeypatch.delenv(var, raising=False)
    return made


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_offline(attempts: list[str], tmp_path: Path, code: int, err: str) -> None:
    assert attempts == []
    assert code in (0, 1), err
    assert "internal error" not in err and "Traceback" not in err
    assert "index" not in err  # no network note
    # Only the local caches may be written offline (parsed locks, toml-N/; read lock models,
    # model-N/; compiled patterns, re-N/; findings, results-N/); nothing of the index cache.
    cache = tmp_path / "cache"
    local = ("toml-", "model-", "re-", "results-")
    assert not cache.exists() or all(p.name.startswith(local) for p in cache.iterdir())


# -- the example project, every family and format --------------------------------------

ON_THE_DEMO = [
    pytest.param(["check", "examples/demo"], id="check"),
    pytest.param(["examples/demo"], id="no command"),
    pytest.param(["backports", "examples/demo"], id="backports"),
    pytest.param(["pins", "examples/demo"], id="pins"),
    pytest.param(["lock", "examples/demo"], id="lock"),
    pytest.param(["python", "examples/demo"], id="python"),
    pytest.param(["check", "--format", "json", "examples/demo"], id="json"),
    pytest.param(["check", "--format", "sarif", "examples/demo"], id="sarif"),
    pytest.param(["check", "--format", "github", "examples/demo"], id="github"),
    pytest.param(["check", "--diff", "examples/demo"], id="diff"),
    pytest.param(["check", "--diff", "--unsafe-fixes", "examples/demo"], id="diff unsafe"),
    pytest.param(
        [
            "check",
            "--target-python",
            "3.13,3.14",
            "--platform",
            "linux-x86_64,macos-arm64",
            "examples/demo",
        ],
        id="targets and platforms",
    ),
    pytest.param(
        ["check", "--select", "PIN006,PYV001,PYV002", "examples/demo"],
        id="only rules that could use the index",
    ),
    pytest.param(
        [
            "check",
            "--offline",
            "--index-url",
            "https://pypi.internal.example.com/simple",
            "examples/demo",
        ],
        id="offline with an index url",
    ),
    pytest.param(
        ["pins", "--index-url", "http://127.0.0.1:9/simple/", "examples/demo/requirements.txt"],
        id="index url without online",
    ),
    pytest.param(["python", "examples/demo/services/worker/uv.lock"], id="a lock file alone"),
    pytest.param(["check", "--exit-zero", "--fail-on", "error", "examples/demo"], id="exit zero"),
]


@pytest.mark.parametrize("argv", ON_THE_DEMO)
def test_demo(
    argv: list[str],
    attempts: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = run(argv, capsys)
    assert_offline(attempts, tmp_path, code, err)
    if argv[0] != "lock" and "--diff" not in argv:
        assert out  # it did check something


@pytest.mark.parametrize("argv", [["rules"], ["rules", "--format", "json"], ["explain", "PIN006"]])
def test_commands_without_files(
    argv: list[str], attempts: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)
    assert_offline(attempts, tmp_path, code, err)
    assert out


def test_fix_on_a_copy_of_the_demo(
    attempts: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    copy = tmp_path / "demo"
    shutil.copytree(DEMO, copy)
    (copy / ".git").mkdir()
    monkeypatch.chdir(copy)
    code, _, err = run(["check", "--fix", "--unsafe-fixes", "."], capsys)
    assert_offline(attempts, tmp_path, code, err)


def test_stdin(
    attempts: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(REPO)
    data = (DEMO / "requirements.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(
        ["check", "--stdin-filename", "examples/demo/requirements.txt", "-"], capsys
    )
    assert_offline(attempts, tmp_path, code, err)
    assert "examples/demo/requirements.txt:" in out


@pytest.mark.parametrize("hook", ["backports", "pins", "lock", "python"])
def test_pre_commit_hooks(
    hook: str,
    attempts: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import importlib

    monkeypatch.chdir(REPO)
    entry = importlib.import_module(f"reqhooks.hooks.{hook}")
    files = [
        "examples/demo/requirements.txt",
        "examples/demo/services/api/poetry.lock",
        "examples/demo/Dockerfile",
    ]
    code = entry.main(files)
    _, err = capsys.readouterr()
    assert_offline(attempts, tmp_path, code, err)


# -- small projects of every format -----------------------------------------------------

LOCK_FIXTURES = sorted(
    p.parent.relative_to(FIXTURES / "locks")
    for pattern in ("*.lock", "pylock*.toml")
    for p in (FIXTURES / "locks").rglob(pattern)
)


@pytest.mark.parametrize("fixture", [pytest.param(p, id=str(p)) for p in LOCK_FIXTURES])
def test_lock_fixtures(
    fixture: Path,
    attempts: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "locks" / fixture, project)
    (project / ".git").mkdir()
    monkeypatch.chdir(project)
    code, _, err = run(["check", "--format", "json", "."], capsys)
    assert_offline(attempts, tmp_path, code, err)


SMALL_PROJECTS: dict[str, dict[str, str | bytes]] = {
    "private index in the file": {
        "requirements.txt": (
            "--index-url https://ci-bot:hunter2@pypi.internal.example.com/simple\n"
            "--extra-index-url http://mirror.example.com/simple\n"
            "requests==2.32.0\nflask==3.0.1\ntorch>=2\n"
        ),
    },
    "online = false in the config": {
        "pyproject.toml": (
            '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.10"\n'
            'dependencies = ["requests==2.32.0", "numpy==2.1.3"]\n\n'
            '[tool.reqhooks]\nonline = false\nindex-url = "https://pypi.internal.example.com/simple"\n'
        ),
        "requirements.txt": "requests==2.32.0\n",
    },
    "Pipfile": {
        "Pipfile": '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n[packages]\nrequests = "==2.32.0"\n',
    },
    "conda": {
        "environment.yml": "name: x\ndependencies:\n  - python=3.12\n  - pip:\n    - requests==2.32.0\n"
    },
    "compiled requirements": {
        "requirements.in": "requests\n",
        "requirements.txt": (
            "#\n# This file is autogenerated by pip-compile with Python 3.12\n# by the following command:\n#\n"
            "#    pip-compile requirements.in\n#\nrequests==2.32.0\n    # via -r requirements.in\n"
        ),
    },
}


@pytest.mark.parametrize("files", [pytest.param(v, id=k) for k, v in SMALL_PROJECTS.items()])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_small_projects(
    files: dict[str, str | bytes],
    fmt: str,
    attempts: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    write(project, files)
    monkeypatch.chdir(project)
    code, _, err = run(["check", "--format", fmt, "."], capsys)
    assert_offline(attempts, tmp_path, code, err)


def test_offline_flag_wins_over_the_config(
    attempts: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    write(project, {"reqhooks.toml": "online = true\n", "requirements.txt": "requests==2.32.0\n"})
    monkeypatch.chdir(project)
    code, _, err = run(["check", "--offline", "."], capsys)
    assert_offline(attempts, tmp_path, code, err)


def test_offline_run_does_not_import_the_network_code(tmp_path: Path) -> None:
    """In a fresh interpreter: an offline run on the demo loads no network module at all."""
    script = (
        "import sys\n"
        "from reqhooks.cli import main\n"
        "main(['check', 'examples/demo'])\n"
        "net = ('reqhooks.index', 'reqhooks._cache', 'socket', 'ssl', 'http.client', 'urllib.request',"
        " 'concurrent.futures', 'netrc', 'queue')\n"
        "print(sorted(m for m in net if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
        env={"PATH": "", "REQHOOKS_TODAY": "2026-11-23", "REQHOOKS_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert result.stderr.splitlines()[-1] == "[]"


# -- the control: --online does try, and a network that is down blocks nothing ------------


def test_online_tries_and_carries_on(
    attempts: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    write(project, {"requirements.txt": "requests==2.32.0\n"})
    monkeypatch.chdir(project)
    code, out, err = run(
        ["check", "--online", "--target-python", "3.12", "requirements.txt"], capsys
    )
    assert attempts  # the patch is live: without it this would have reached pypi.org
    assert (code, out) == (0, "")
    assert err == (
        "reqhooks: cannot read the index https://pypi.org/simple/: Network is unreachable; "
        "packages it did not answer are not checked\n"
    )


def test_online_credentials_in_the_file_stay_secret(
    attempts: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    write(project, SMALL_PROJECTS["private index in the file"])
    monkeypatch.chdir(project)
    code, out, err = run(
        ["check", "--online", "--select", "PIN006,REQ004", "requirements.txt"], capsys
    )
    assert sorted(set(attempts)) == [
        "socket.create_connection mirror.example.com:80",
        "socket.create_connection pypi.internal.example.com:443",
    ]
    assert "hunter2" not in out + err
    assert sorted(err.splitlines()) == [
        (
            "reqhooks: cannot read the index http://mirror.example.com/simple/: Network is "
            "unreachable; packages it did not answer are not checked"
        ),
        (
            "reqhooks: cannot read the index https://pypi.internal.example.com/simple/: Network is "
            "unreachable; packages it did not answer are not checked"
        ),
    ]
    assert code == 1  # REQ004 still reported


def test_online_never_asks_pypi_about_a_file_with_its_own_index(
    attempts: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    write(project, SMALL_PROJECTS["private index in the file"])
    monkeypatch.chdir(project)
    run(["check", "--online", "--target-python", "3.12", "requirements.txt"], capsys)
    assert attempts and not any("pypi.org" in a for a in attempts), attempts
