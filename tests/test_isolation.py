"""Isolation: reqhooks reads a project, it never runs it, and it stays off the network.

The project below carries every hook Python tools are known to run: ``setup.py``, an in-tree
build backend, ``conftest.py``, ``sitecustomize.py``, a package whose ``__version__`` a
dynamic field points at, ``-e .`` and local paths in every dependency file, and modules named
like the standard library ones reqhooks imports lazily.  Each writes a marker file if it is
ever executed.  Every family runs over it, with every output format, ``--fix``,
``--unsafe-fixes`` and ``--diff``: no marker appears, no process other than ``git`` starts,
no socket is opened.  (The index client, which may use the network when asked to with
``--online``, has its own tests in test_no_network.py.)

And when reqhooks itself fails, it says so in one line naming the file and its version, exits
2, and shows the traceback only when ``REQHOOKS_DEBUG=1`` asks for it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from reqhooks import __version__
from reqhooks.cli import FAMILY_COMMANDS, main
from tests.conftest import write

#: Modules reqhooks (or what it imports) loads lazily, after start-up, when ``python -m``
#: has put the working directory first on sys.path.
SHADOWS = (
    "json",
    "tomllib",
    "tomli",
    "packaging",
    "difflib",
    "glob",
    "fnmatch",
    "shlex",
    "bisect",
    "tempfile",
)


def trap(marker: Path, name: str) -> str:
    return f"open({str(marker / name)!r}, 'w').close()\n"


def hostile_project(root: Path, markers: Path) -> None:
    """A project whose every executable part leaves a file in ``markers`` when run."""
    markers.mkdir(exist_ok=True)
    (root / ".git").mkdir(exist_ok=True)
    files: dict[str, str | bytes] = {
        "setup.py": trap(markers, "setup.py") + "from setuptools import setup\nsetup()\n",
        "setup.cfg": "[metadata]\nname = x\nversion = attr: pkg.__version__\n",
        "backend.py": trap(markers, "backend.py") + "def build_wheel(*a):\n    raise SystemExit\n",
        "conftest.py": trap(markers, "conftest.py"),
        "sitecustomize.py": trap(markers, "sitecustomize.py"),
        "usercustomize.py": trap(markers, "usercustomize.py"),
        "noxfile.py": trap(markers, "noxfile.py"),
        "pkg/__init__.py": trap(markers, "pkg") + "__version__ = '1.0'\n",
        "pyproject.toml": textwrap.dedent(
            """\
            [build-system]
            requires = ["setuptools"]
            build-backend = "backend"
            backend-path = ["."]

            [project]
            name = "x"
            dynamic = ["version", "optional-dependencies"]
            requires-python = ">=3.10"
            dependencies = ["tomli", "torch>=2", "pkg @ file:///./pkg", "x[dev] @ ."]

            [tool.setuptools.dynamic]
            version = { attr = "pkg.__version__" }

            [tool.poetry.dependencies]
            python = ">=3.10"
            local = { path = ".", develop = true }

            [tool.uv.sources]
            pkg = { path = "pkg", editable = true }
            """
        ),
        "requirements.txt": "-e .\n./pkg\nfile:.#egg=x\ntomli\ntorch>=2\n-r requirements-dev.txt\n",
        "requirements-dev.txt": "-e file:.#egg=x[dev]\n",
        "requirements.in": "-e .\ntorch\n",
        "Pipfile": '[packages]\nx = { path = ".", editable = true }\ntomli = "*"\n',
        "environment.yml": "dependencies:\n  - pip:\n      - -e .\n      - tomli\n",
        ".python-version": "3.12\n",
        "Dockerfile": "FROM python:3.12-slim\nRUN python setup.py install\n",
        "uv.lock": textwrap.dedent(
            """\
            version = 1
            revision = 2
            requires-python = ">=3.10"

            [[package]]
            name = "x"
            version = "1.0"
            source = { editable = "." }
            dependencies = [{ name = "tomli" }]

            [[package]]
            name = "tomli"
            version = "2.0.1"
            source = { registry = "https://pypi.org/simple" }
            """
        ),
    }
    for module in SHADOWS:
        files[f"{module}.py"] = (
            trap(markers, module) + "raise ImportError('a project module shadowed ours')\n"
        )
    write(root, files)


def cases() -> list[list[str]]:
    out: list[list[str]] = []
    for command in FAMILY_COMMANDS:
        out.append([command])
        out.append([command, "--fix", "--unsafe-fixes", "--target-python", "3.10,3.13"])
        out.append([command, "--diff", "--unsafe-fixes"])
    for fmt in ("json", "sarif", "github"):
        out.append(["check", "--format", fmt, "."])
    out.append(["check", "requirements.txt", "pyproject.toml", "uv.lock", "Pipfile"])
    out.append(["rules"])
    out.append(["explain", "BKP001"])
    return out


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way out through the socket module raises, and is recorded."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[1:] if what == 'connect' else args}")
            raise OSError("network access in a test that must not use the network")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


@pytest.fixture
def processes(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every process started, by its argv (git ls-files is the only one expected)."""
    started: list[list[str]] = []
    real = subprocess.Popen.__init__

    def record(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        started.append([str(a) for a in args] if isinstance(args, (list, tuple)) else [str(args)])
        real(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", record)
    return started


def test_every_family_reads_the_project_and_runs_none_of_it(
    in_tmp: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    no_network: list[str],
    processes: list[list[str]],
) -> None:
    markers = tmp_path_factory.mktemp("markers")
    hostile_project(in_tmp, markers)
    for argv in cases():
        code = main(argv)
        captured = capsys.readouterr()
        assert code in (0, 1), (argv, captured.err)
        assert "internal error" not in captured.err, (argv, captured.err)
    assert sorted(p.name for p in markers.iterdir()) == []
    assert no_network == []
    assert all(Path(argv[0]).name in ("git", "git.exe") for argv in processes), processes


def test_python_dash_m_does_not_import_the_projects_modules(
    in_tmp: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """``python -m`` puts the working directory first on sys.path; pip drops it, and so must
    reqhooks, or a project's ``json.py`` runs the moment reqhooks imports json lazily."""
    markers = tmp_path_factory.mktemp("markers")
    hostile_project(in_tmp, markers)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "REQHOOKS_DEBUG"))}
    env["PYTHONPATH"] = str(Path(__file__).parent.parent)  # this checkout, not an installed copy
    done = subprocess.run(
        [sys.executable, "-m", "reqhooks", "check", "--format", "json", "."],
        cwd=in_tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, sorted(p.name for p in markers.iterdir())) == (1, []), done.stderr
    json.loads(done.stdout)


def test_the_console_script_runs_nothing_of_the_project(
    in_tmp: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """What pre-commit runs: the ``reqhooks`` entry point, started in the project."""
    markers = tmp_path_factory.mktemp("markers")
    hostile_project(in_tmp, markers)
    bin_dir = tmp_path_factory.mktemp("bin")
    script = bin_dir / "reqhooks"
    script.write_text(
        "import sys\nfrom reqhooks.cli import main\n"
        "codes = [main(a) for a in ([], ['lock'], ['python', '--format', 'sarif'])]\n"
        "sys.exit(max(codes))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "REQHOOKS_DEBUG"))}
    env["PYTHONPATH"] = str(Path(__file__).parent.parent)
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=in_tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "internal error" not in done.stderr
    assert sorted(p.name for p in markers.iterdir()) == []


# -- clean failure -----------------------------------------------------------------------------


def _boom(*args: object, **kwargs: object) -> Any:
    raise RuntimeError("boom")


@pytest.mark.parametrize(
    ("target", "where"),
    [
        pytest.param(
            "reqhooks.readers.requirements.read", "requirements.txt", id="in a reader: the file"
        ),
        pytest.param(
            "reqhooks.readers.pyproject.read", "pyproject.toml", id="in the pyproject reader"
        ),
        pytest.param("reqhooks.rules.backports.check", ".", id="in a rule: the project"),
        pytest.param(
            "reqhooks.settings.find_config", "the configuration", id="reading the configuration"
        ),
    ],
)
def test_an_internal_error_is_one_line_naming_the_file_and_the_version(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    where: str,
) -> None:
    write(
        in_tmp,
        {"requirements.txt": "tomli\n", "pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n"},
    )
    monkeypatch.setattr(target, _boom)
    assert main(["check", "--ignore", "LCK"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"reqhooks {__version__}: internal error while checking {where}: RuntimeError: boom "
        "(set REQHOOKS_DEBUG=1 for the traceback; please report it)\n"
    )

    monkeypatch.setenv("REQHOOKS_DEBUG", "1")
    assert main(["check", "--ignore", "LCK"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert "RuntimeError: boom" in err
    assert err.endswith(
        f"reqhooks {__version__}: internal error while checking {where}: RuntimeError: boom "
        "(set REQHOOKS_DEBUG=1 for the traceback; please report it)\n"
    )


def test_the_real_process_exits_2_without_a_traceback(in_tmp: Path) -> None:
    """Out of process: the exit status and stderr a CI log shows."""
    write(in_tmp, {"requirements.txt": "tomli\n"})
    code = (
        "import sys, reqhooks.readers.requirements as r\n"
        "def boom(*a, **k): raise RuntimeError('boom')\n"
        "r.read = boom\n"
        "from reqhooks.cli import main\n"
        "sys.exit(main(['check']))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "REQHOOKS_DEBUG"))}
    env["PYTHONPATH"] = str(Path(__file__).parent.parent)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=in_tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"reqhooks {__version__}: internal error while checking requirements.txt: RuntimeError: boom "
        "(set REQHOOKS_DEBUG=1 for the traceback; please report it)\n"
    )
