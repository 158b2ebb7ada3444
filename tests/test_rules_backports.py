"""BKP001-BKP004 through the command line: every class on every input kind, and the fixes.

The locks under ``fixtures/backports/`` were written by ``fixtures/backports/generate.py``
with the real tools (poetry, uv, pdm, pipenv, pip-compile, ``uv pip compile``, ``uv export
--format pylock.toml``) and PyPI.  Each project declares ``mega.py==1.0.8`` (which requires
``pathlib==1.0.1``), ``opentelemetry-api==1.27.0`` (which requires ``importlib-metadata``,
which requires ``zipp``, both unguarded) and ``anyio==4.6.2`` (which requires
``exceptiongroup; python_version < "3.11"``), plus ``pytest==8.3.3`` for development.  The
date is frozen at 2026-11-23 (conftest): the supported CPythons are 3.11-3.15.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from reqhooks.cli import main
from tests.conftest import FIXTURES, write

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOCKS = FIXTURES / "backports"

# The table's words, spelled out here so that a change to the table shows up in a test.
TYPING = (
    "3.10.0.0 requires Python < 3.5, so pip backtracks to 3.7.4.3, whose top-level `typing.py` "
    "fails with \"type object 'Callable' has no attribute '_abc_registry'\" when it wins over the "
    "stdlib (Lambda, pip -t), and PyInstaller refuses it; delete it, or write "
    '`typing; python_version < "3.5"`; for newer typing features use `typing-extensions`'
)
ENUM34 = (
    "installs a top-level `enum` package without `IntFlag` (3.6), so `import re` fails with "
    "\"module 'enum' has no attribute 'IntFlag'\" when it wins (pip's own build subprocess "
    "included), and PyInstaller refuses it; delete it and use the stdlib `enum`; if Python < 3.4 "
    'is supported, write `enum34; python_version < "3.4"`'
)
DATACLASSES = (
    "0.7 and 0.8 require Python < 3.7, so pip falls back to 0.6, whose top-level `dataclasses.py` "
    "fails with \"module 'typing' has no attribute '_ClassVar'\" when it wins over the stdlib "
    "(Lambda layers, Azure Functions, vendored directories); delete it, or write "
    '`dataclasses; python_version < "3.7"`'
)
ZONEINFO = (
    "0.2.1 has wheels only up to cp38 and its C extension fails to compile on Python >= 3.10 "
    "(`_PyLong_One` undeclared), so the install fails; use the stdlib `zoneinfo` module (plus "
    "`tzdata` where the OS has no tz database); if Python < 3.9 is supported, write "
    '`backports.zoneinfo; python_version < "3.9"`'
)
PATHLIB_BREAKS = (
    "1.0.1 installs a top-level `pathlib.py` that fails to import on Python >= 3.10 "
    "(`from collections import Sequence`) wherever it wins over the stdlib (pip -t, Lambda, "
    "vendored directories), and PyInstaller refuses to build while it is installed"
)
TOMLI_USE = (
    'use `tomllib`; if older Pythons are supported, write `tomli; python_version < "3.11"` and '
    "`import tomllib` under `if sys.version_info >= (3, 11)`"
)
ZIPP_USE = (
    'use `zipfile.Path`; if older Pythons are supported, write `zipp; python_version < "3.10"` '
    "(usually only importlib-metadata pulls it in)"
)
MOCK_USE = (
    "use `unittest.mock` (`AsyncMock` since 3.8); keep `mock` only for fixes newer than your "
    "oldest Python"
)
CONSTRAINT = (
    "and a constraint does not keep it out: pip still installs it when a dependency requires it; "
    "drop or replace the package that requires it, install that package with "
    "`pip install --no-deps` and list its other requirements, or with uv add "
    "`pathlib; sys_platform == 'never'` to `[tool.uv] override-dependencies` (Poetry cannot "
    "override a dependency's requirements)"
)
TOMLI = "tomli backports `tomllib` (in CPython since 3.11)"
EXCEPTIONGROUP = "exceptiongroup backports `ExceptionGroup` and `except*` (in CPython since 3.11)"
IMGHDR = "standard-imghdr brings back `imghdr`, removed from CPython in 3.13"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """``reqhooks backports ARGS``: the exit code and the finding lines (no summary)."""
    code = main(["backports", *args])
    out = capsys.readouterr().out.splitlines()
    return code, [line for line in out if not line.startswith("Found ")]


def copy(project: str, dest: Path) -> None:
    shutil.copytree(LOCKS / project, dest, dirs_exist_ok=True)


# -- requirements and constraints files ------------------------------------------------------

REQUIREMENTS = (
    pytest.param(
        {"requirements.txt": "flask==3.1.0\ntyping==3.7.4.3\n"},
        ("--target-python", "3.12,3.13"),
        [f"requirements.txt:2:1: BKP001 typing backports `typing` (in CPython since 3.5) and breaks on Python 3.12, 3.13: {TYPING}"],
        id="a pinned harmful backport is an error, since pip backtracks to an unguarded release",
    ),
    pytest.param(
        {"requirements.txt": 'dataclasses; python_version < "3.7"\nenum34==1.1.10; python_version < "3.4"\n'},
        ("--target-python", "3.12,3.13"),
        [],
        id="a harmful backport whose marker excludes the Pythons that ship it is fine",
    ),
    pytest.param(
        {"requirements.txt": 'enum34 ; python_version >= "3.0"\n'},
        ("--target-python", "3.13"),
        [f"requirements.txt:1:1: BKP001 enum34 backports `enum` (in CPython since 3.4) and breaks on Python 3.13: {ENUM34}"],
        id="a python_version marker that still admits a target does not guard it",
    ),
    pytest.param(
        {"requirements.txt": "Backports.ZoneInfo==0.2.1\n"},
        ("--target-python", "3.12"),
        [f"requirements.txt:1:1: BKP001 Backports.ZoneInfo backports `zoneinfo` (in CPython since 3.9) and breaks on Python 3.12: {ZONEINFO}"],
        id="any spelling of the name is recognised and echoed as written",
    ),
    pytest.param(
        {"requirements.txt": "tomli>=2.0\n"},
        ("--target-python", "3.10,3.11,3.12,3.13"),
        [f'requirements.txt:1:1: BKP003 [*] {TOMLI}: needed on Python 3.10 only, but also installed on 3.11, 3.12, 3.13; add `python_version < "3.11"`'],
        id="unguarded tomli for 3.10 to 3.13 wants a marker",
    ),
    pytest.param(
        {"requirements.txt": "tomli>=2.0\n"},
        ("--target-python", "3.11,3.12,3.13"),
        [f"requirements.txt:1:1: BKP002 {TOMLI}, which every target Python ships (3.11, 3.12, 3.13); {TOMLI_USE}"],
        id="unguarded tomli for 3.11 and later is redundant",
    ),
    pytest.param(
        {"requirements.txt": 'tomli>=2.0; python_version < "3.11"\n'},
        ("--target-python", "3.10,3.11,3.12,3.13"),
        [],
        id="guarded tomli is quiet",
    ),
    pytest.param(
        {"requirements.txt": "tomli>=2.0; python_version >= '3.12'\n"},
        ("--target-python", "3.10,3.11,3.12,3.13"),
        [f"requirements.txt:1:1: BKP002 {TOMLI}, which every Python it is installed on ships (3.12, 3.13); {TOMLI_USE}"],
        id="a marker that keeps it only where it is redundant",
    ),
    pytest.param(
        {"requirements.txt": "exceptiongroup ; sys_platform == 'linux'\n"},
        ("--target-python", "3.10,3.13"),
        [f'requirements.txt:1:1: BKP003 [*] {EXCEPTIONGROUP}: needed on Python 3.10 only, but also installed on 3.13; add `python_version < "3.11"`'],
        id="a platform marker is no python_version guard",
    ),
    pytest.param(
        {"requirements.txt": "standard-imghdr==3.13.0\n"},
        ("--target-python", "3.12,3.13"),
        [f'requirements.txt:1:1: BKP003 [*] {IMGHDR}, but is also installed on Python 3.12, which still ships it; add `python_version >= "3.13"` so that it is installed only where it is gone'],
        id="a reverse backport on a Python that still ships the module",
    ),
    pytest.param(
        {"requirements.txt": "standard-imghdr==3.13.0\nlegacy-cgi\n"},
        ("--target-python", "3.11,3.12"),
        [
            f'requirements.txt:1:1: BKP003 [*] {IMGHDR}, but every target Python (3.11, 3.12) still ships it; add `python_version >= "3.13"` so that it is installed only where it is gone',
            'requirements.txt:2:1: BKP003 [*] legacy-cgi brings back `cgi` and `cgitb`, removed from CPython in 3.13, but every target Python (3.11, 3.12) still ships it; add `python_version >= "3.13"` so that it is installed only where it is gone',
        ],
        id="a reverse backport where no target needs it yet",
    ),
    pytest.param(
        {"requirements.txt": 'standard-imghdr; python_version >= "3.13"\nstandard-telnetlib\n'},
        ("--target-python", "3.12,3.13,3.14"),
        [
            'requirements.txt:2:1: BKP003 [*] standard-telnetlib brings back `telnetlib`, removed from CPython in 3.13, but is also installed on Python 3.12, which still ships it; add `python_version >= "3.13"` so that it is installed only where it is gone',
        ],
        id="a guarded reverse backport is quiet",
    ),
    pytest.param(
        {"requirements.txt": "standard-imghdr\n"},
        ("--target-python", "3.13,3.14"),
        [],
        id="a reverse backport on Pythons that removed the module is quiet",
    ),
    pytest.param(
        {
            "requirements.txt": "tzdata\nsimplejson\ntyping-extensions>=4.12\ntomli-w\naenum\ntoml\n"
            "dataclasses-json\nsix\nfuture\nunicodedata2\npysqlite3-binary\nrequests\n"
        },
        ("--target-python", "3.11,3.12,3.13"),
        [],
        id="false friends, feature backports and Python 2 layers are never flagged",
    ),
    pytest.param(
        {"constraints.txt": "pathlib==1.0.1\nzipp<4\nstandard-imghdr\n"},
        ("--target-python", "3.13"),
        [f"constraints.txt:1:1: BKP001 pathlib backports `pathlib` (in CPython since 3.4) and breaks on Python 3.13, {CONSTRAINT}"],
        id="a constraint naming a harmful backport does not keep it out, and says what does",
    ),
    pytest.param(
        {"requirements.txt": "-c pins.txt\nmega.py==1.0.8\n", "pins.txt": "# keep pathlib out\npathlib==1.0.1\n"},
        ("--target-python", "3.12"),
        [f"pins.txt:2:1: BKP001 pathlib backports `pathlib` (in CPython since 3.4) and breaks on Python 3.12, {CONSTRAINT}"],
        id="a file reached by -c is read as constraints",
    ),
    pytest.param(
        {"requirements.txt": "tomli\n", "pyproject.toml": '[project]\nname = "lib"\nversion = "1"\nrequires-python = ">=3.10"\n'},
        (),
        [f'requirements.txt:1:1: BKP003 [*] {TOMLI}: needed on Python 3.10 only, but also installed on 3.11, 3.12, 3.13, 3.14, 3.15; add `python_version < "3.11"`'],
        id="an end-of-life Python the declared range allows still needs the backport",
    ),
    pytest.param(
        {"requirements.txt": "tomli\nmock\n", ".python-version": "3.12\n"},
        (),
        [
            f"requirements.txt:1:1: BKP002 {TOMLI}, which every target Python ships (3.11, 3.12, 3.13, 3.14, 3.15); {TOMLI_USE}",
            f"requirements.txt:2:1: BKP002 mock backports `unittest.mock` (in CPython since 3.3), which every target Python ships (3.11, 3.12, 3.13, 3.14, 3.15); {MOCK_USE}",
        ],
        id="with no declared range the targets are the supported CPythons",
    ),
)


@pytest.mark.parametrize(("files", "args", "expected"), REQUIREMENTS)
def test_requirements_files(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str | bytes],
    args: tuple[str, ...],
    expected: list[str],
) -> None:
    write(in_tmp, files)
    assert run(capsys, *args) == (1 if expected else 0, expected)


# -- pyproject.toml, Pipfile, conda ----------------------------------------------------------

PYPROJECT_LIBRARY = """\
[project]
name = "lib"
version = "1.0"
requires-python = ">=3.10"
dependencies = [
    "tomli>=1.1; python_version < '3.11'",
    "exceptiongroup>=1.2",
    "typing-extensions>=4.12",
]

[project.optional-dependencies]
zones = ["backports.zoneinfo"]

[dependency-groups]
test = ["pytest>=8", "mock>=5"]

[build-system]
requires = ["setuptools>=70", "tomli; python_version < '3.11'"]
build-backend = "setuptools.build_meta"

[tool.pdm.dev-dependencies]
lint = ["async-timeout"]

[tool.uv]
dev-dependencies = ["taskgroup"]
constraint-dependencies = ["enum34<2"]
override-dependencies = ["pathlib; sys_platform == 'never'", "typing>=3.10"]
"""

PYPROJECT_POETRY = """\
[tool.poetry]
name = "app"
version = "0.1.0"
description = ""
authors = ["A <a@example.com>"]

[tool.poetry.dependencies]
python = "^3.11"
dataclasses = "^0.6"
contextlib2 = { version = "^21.6" }
tomli = { version = "^2", python = "<3.11" }
"backports.tarfile" = ">=1.2"

[tool.poetry.group.dev.dependencies]
importlib-metadata = "*"
"""

ALL_TARGETS = "3.11, 3.12, 3.13, 3.14, 3.15"

TABLES = (
    pytest.param(
        {"pyproject.toml": PYPROJECT_LIBRARY},
        (),
        [
            f'pyproject.toml:7:6: BKP003 [*] {EXCEPTIONGROUP}: needed on Python 3.10 only, but also installed on {ALL_TARGETS}; add `python_version < "3.11"`',
            f"pyproject.toml:12:11: BKP001 backports.zoneinfo backports `zoneinfo` (in CPython since 3.9) and breaks on Python {ALL_TARGETS}: {ZONEINFO}",
            f"pyproject.toml:15:23: BKP002 mock backports `unittest.mock` (in CPython since 3.3), which every target Python ships ({ALL_TARGETS}); {MOCK_USE}",
            f'pyproject.toml:22:10: BKP003 [*] async-timeout backports `asyncio.timeout` (in CPython since 3.11): needed on Python 3.10 only, but also installed on {ALL_TARGETS}; add `python_version < "3.11"`',
            f'pyproject.toml:25:22: BKP003 [*] taskgroup backports `asyncio.TaskGroup`, `asyncio.Runner` and `asyncio.timeout` (in CPython since 3.11): needed on Python 3.10 only, but also installed on {ALL_TARGETS}; add `python_version < "3.11"`',
            f"pyproject.toml:26:29: BKP001 enum34 backports `enum` (in CPython since 3.4) and breaks on Python {ALL_TARGETS}, and a constraint does not keep it out: it only limits the versions of what a dependency requires; move it to `[tool.uv] override-dependencies` as `enum34; sys_platform == 'never'`, or drop or replace the package that requires it",
            f"pyproject.toml:27:63: BKP001 typing backports `typing` (in CPython since 3.5) and breaks on Python {ALL_TARGETS}, and this override still lets it in wherever a dependency requires it; override it with `typing; sys_platform == 'never'` to keep it out",
        ],
        id="PEP 621, optional dependencies, dependency groups, build, PDM and uv tables",
    ),
    pytest.param(
        {"pyproject.toml": PYPROJECT_POETRY},
        (),
        [
            f"pyproject.toml:9:1: BKP001 dataclasses backports `dataclasses` (in CPython since 3.7) and breaks on Python {ALL_TARGETS}: {DATACLASSES}",
            f"pyproject.toml:10:1: BKP002 contextlib2 backports `contextlib` (in CPython since 3.10), which every target Python ships ({ALL_TARGETS}); use the stdlib `contextlib`; if older Pythons are supported, write `contextlib2; python_version < \"3.10\"`",
            'pyproject.toml:12:1: BKP003 [*] backports.tarfile backports `tarfile` (in CPython since 3.12): needed on Python 3.11 only, but also installed on 3.12, 3.13, 3.14, 3.15; add `python_version < "3.12"`',
            f"pyproject.toml:15:1: BKP002 importlib-metadata backports `importlib.metadata` (in CPython since 3.10), which every target Python ships ({ALL_TARGETS}); use `importlib.metadata`; if older Pythons are supported, write `importlib-metadata; python_version < \"3.10\"` (a newer floor only if you use APIs newer than 3.10's)",
        ],
        id="Poetry main and group tables, with Poetry's python key as a guard",
    ),
    pytest.param(
        {
            "Pipfile": '[packages]\nrequests = "*"\nenum34 = "*"\ntomli = "*"\nzipp = {version = ">=3.19"}\n'
            "exceptiongroup = {version = \"*\", markers = \"python_version < '3.11'\"}\n\n"
            '[dev-packages]\nmock = "==5.1.0"\n\n[requires]\npython_version = "3.10"\n'
        },
        ("--target-python", "3.10,3.11,3.12"),
        [
            f"Pipfile:3:1: BKP001 enum34 backports `enum` (in CPython since 3.4) and breaks on Python 3.10, 3.11, 3.12: {ENUM34}",
            f'Pipfile:4:1: BKP003 [*] {TOMLI}: needed on Python 3.10 only, but also installed on 3.11, 3.12; add `python_version < "3.11"`',
            f"Pipfile:5:1: BKP002 zipp backports `zipfile.Path` (in CPython since 3.10), which every target Python ships (3.10, 3.11, 3.12); {ZIPP_USE}",
            f"Pipfile:9:1: BKP002 mock backports `unittest.mock` (in CPython since 3.3), which every target Python ships (3.10, 3.11, 3.12); {MOCK_USE}",
        ],
        id="Pipfile categories",
    ),
    pytest.param(
        {
            "environment.yml": "name: app\ndependencies:\n  - python=3.12\n  - pip\n  - pip:\n"
            "      - requests>=2.31\n      - typing\n      - \"tomli>=2; sys_platform == 'linux'\"\n"
        },
        ("--target-python", "3.10,3.12"),
        [
            f"environment.yml:7:9: BKP001 typing backports `typing` (in CPython since 3.5) and breaks on Python 3.10, 3.12: {TYPING}",
            f'environment.yml:8:10: BKP003 [*] {TOMLI}: needed on Python 3.10 only, but also installed on 3.12; add `python_version < "3.11"`',
        ],
        id="the pip list of a conda environment",
    ),
)


@pytest.mark.parametrize(("files", "args", "expected"), TABLES)
def test_pyproject_pipfile_and_conda(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str | bytes],
    args: tuple[str, ...],
    expected: list[str],
) -> None:
    write(in_tmp, files)
    assert run(capsys, *args) == (1, expected)


# -- locks and compiled files (BKP004) -------------------------------------------------------


def _importlib_metadata(where: str, chain: str, pythons: str, tail: str = "") -> str:
    return (
        f"{where}: BKP004 importlib-metadata 8.4.0 {chain}; it backports `importlib.metadata` "
        f"(in CPython since 3.10) and is dead weight on Python {pythons}, which ship it; {tail}"
    )


def _zipp(where: str, chain: str, pythons: str, tail: str) -> str:
    return (
        f"{where}: BKP004 zipp 4.1.2 {chain}; it backports `zipfile.Path` (in CPython since 3.10) "
        f"and is dead weight on Python {pythons}, which ship it; {tail}"
    )


def _pathlib(where: str, chain: str, pythons: str, remedy: str) -> str:
    return (
        f"{where}: BKP004 pathlib 1.0.1 {chain}; it backports `pathlib` (in CPython since 3.4) and "
        f"breaks on Python {pythons}: {PATHLIB_BREAKS}; {remedy}"
    )


MEGA = "comes in through mega.py 1.0.8 -> pathlib 1.0.1"
OTEL = "comes in through opentelemetry-api 1.27.0 -> importlib-metadata 8.4.0"
OTEL_ZIPP = "comes in through opentelemetry-api 1.27.0 -> importlib-metadata 8.4.0 -> zipp 4.1.2"
LOOK_OTEL = 'look for a release of opentelemetry-api that requires it only with `python_version < "3.10"`'
LOOK_IMD = 'look for a release of importlib-metadata that requires it only with `python_version < "3.10"`'
LOOK_ANY = 'look for releases of what requires it that say `python_version < "3.10"`'
PY = "3.11, 3.12"

LOCK_FORMATS = (
    pytest.param(
        "poetry",
        [
            _importlib_metadata("poetry.lock:321:8", OTEL, PY, LOOK_OTEL),
            _pathlib("poetry.lock:424:8", MEGA, PY, "drop or replace mega.py (Poetry cannot override a dependency's requirements), then run `poetry lock`"),
            _zipp("poetry.lock:869:8", OTEL_ZIPP, PY, LOOK_IMD),
        ],
        id="poetry.lock",
    ),
    pytest.param(
        "uv",
        [
            _importlib_metadata("uv.lock:285:8", OTEL, PY, LOOK_OTEL + ', or add `importlib-metadata; python_version < "3.10"` to `[tool.uv] override-dependencies`'),
            _pathlib("uv.lock:344:8", MEGA, PY, "drop or replace mega.py, or add `pathlib; sys_platform == 'never'` to `[tool.uv] override-dependencies` and run `uv lock`"),
            _zipp("uv.lock:654:8", OTEL_ZIPP, PY, LOOK_IMD + ', or add `zipp; python_version < "3.10"` to `[tool.uv] override-dependencies`'),
        ],
        id="uv.lock",
    ),
    pytest.param(
        "pdm",
        [
            _importlib_metadata("pdm.lock:260:8", OTEL, PY, LOOK_OTEL),
            _pathlib("pdm.lock:328:8", MEGA, PY, 'drop or replace mega.py, or add "pathlib" to `[tool.pdm.resolution] excludes` and run `pdm lock`'),
            _zipp("pdm.lock:664:8", OTEL_ZIPP, PY, LOOK_IMD),
        ],
        id="pdm.lock",
    ),
    pytest.param(
        "pipenv",
        [
            _importlib_metadata("Pipfile.lock:230:9", "is not declared but another package requires it (Pipfile.lock does not record which)", PY, LOOK_ANY),
            _pathlib("Pipfile.lock:254:9", "is not declared but another package requires it (Pipfile.lock does not record which)", PY, "drop or replace the package that requires it (Pipenv cannot override a dependency's requirements), then run `pipenv lock`"),
            _zipp("Pipfile.lock:456:9", "is not declared but another package requires it (Pipfile.lock does not record which)", PY, LOOK_ANY),
        ],
        id="Pipfile.lock, which records no edges",
    ),
    pytest.param(
        "pylock",
        [
            _importlib_metadata("pylock.toml:222:8", "is not declared but another package requires it (pylock.toml does not record which)", PY, LOOK_ANY + ', or add `importlib-metadata; python_version < "3.10"` to `[tool.uv] override-dependencies`'),
            _pathlib("pylock.toml:257:8", "is not declared but another package requires it (pylock.toml does not record which)", PY, "drop or replace the package that requires it, or add `pathlib; sys_platform == 'never'` to `[tool.uv] override-dependencies` and run `uv lock`"),
            _zipp("pylock.toml:534:8", "is not declared but another package requires it (pylock.toml does not record which)", PY, LOOK_ANY + ', or add `zipp; python_version < "3.10"` to `[tool.uv] override-dependencies`'),
        ],
        id="pylock.toml exported by uv, which records no edges",
    ),
    pytest.param(
        "pip-compile",
        [
            _importlib_metadata("requirements.txt:19:1", OTEL, PY, LOOK_OTEL),
            _pathlib("requirements.txt:29:1", MEGA, PY, "drop or replace mega.py, or install it with `pip install --no-deps` and list its other requirements (a constraints file cannot keep it out)"),
            _zipp("requirements.txt:49:1", OTEL_ZIPP, PY, LOOK_IMD),
        ],
        id="pip-compile output, through its via comments",
    ),
    pytest.param(
        "uv-compile",
        [
            _importlib_metadata("requirements.txt:23:1", OTEL, PY, LOOK_OTEL + ', or override it with `importlib-metadata; python_version < "3.10"` (`uv pip compile --override`)'),
            _pathlib("requirements.txt:33:1", MEGA, PY, "drop or replace mega.py, or put `pathlib; sys_platform == 'never'` in an overrides file for `uv pip compile --override`"),
            _zipp("requirements.txt:59:1", OTEL_ZIPP, PY, LOOK_IMD + ', or override it with `zipp; python_version < "3.10"` (`uv pip compile --override`)'),
        ],
        id="uv pip compile --universal output, with markers on its lines",
    ),
)


@pytest.mark.parametrize(("project", "expected"), LOCK_FORMATS)
def test_transitive_backports_in_each_lock_format(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], project: str, expected: list[str]
) -> None:
    # exceptiongroup and tomli are locked only for python_version < "3.11": quiet on 3.11+.
    copy(project, in_tmp)
    assert run(capsys, "--target-python", "3.11,3.12") == (1, expected)


@pytest.mark.parametrize(
    ("project", "lock"),
    (
        pytest.param("poetry", "poetry.lock", id="poetry.lock: the package's own marker"),
        pytest.param("uv", "uv.lock", id="uv.lock: the markers on the edges"),
        pytest.param("pdm", "pdm.lock", id="pdm.lock: the package's own marker"),
        pytest.param("pylock", "pylock.toml", id="pylock.toml: the package's own marker"),
        pytest.param("uv-compile", "requirements.txt", id="uv pip compile: the line's marker"),
    ),
)
@pytest.mark.parametrize("targets", ("3.10", "3.10,3.11,3.12", "3.13"))
def test_a_backport_locked_only_where_it_is_needed_is_quiet(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], project: str, lock: str, targets: str
) -> None:
    # exceptiongroup and tomli are locked only for python_version < "3.11": installed (and
    # needed) on 3.10, not installed on 3.11 and later.
    copy(project, in_tmp)
    text = (in_tmp / lock).read_text()
    assert "exceptiongroup" in text and "tomli" in text
    code, lines = run(capsys, "--target-python", targets)
    assert code == 1
    reported = [line.split(" BKP004 ")[1].split(" ")[0] for line in lines]
    assert reported == ["importlib-metadata", "pathlib", "zipp"]


def test_an_override_that_never_applies_keeps_the_harmful_backport_out(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # uv still locks pathlib, behind an edge marked sys_platform == 'never'.
    copy("uv-override", in_tmp)
    assert "sys_platform == 'never'" in (in_tmp / "uv.lock").read_text()
    assert run(capsys, "--target-python", "3.12", "--select", "BKP001,BKP004") == (
        1,
        [
            _importlib_metadata("uv.lock:271:8", OTEL, "3.12", LOOK_OTEL + ', or add `importlib-metadata; python_version < "3.10"` to `[tool.uv] override-dependencies`').replace(", which ship it", ", which ships it"),
            _zipp("uv.lock:524:8", OTEL_ZIPP, "3.12", LOOK_IMD + ', or add `zipp; python_version < "3.10"` to `[tool.uv] override-dependencies`').replace(", which ship it", ", which ships it"),
        ],
    )


def test_a_backport_declared_directly_is_reported_at_the_declaration(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("uv", in_tmp)
    pyproject = in_tmp / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"anyio==4.6.2",', '"anyio==4.6.2",\n    "pathlib==1.0.1",'))
    code, lines = run(capsys, "--target-python", "3.12", "--select", "BKP001,BKP004")
    assert code == 1
    assert [line.split(": ")[0].split(" ")[0] for line in lines] == [
        "pyproject.toml:9:6",
        "uv.lock:285:8",
        "uv.lock:654:8",
    ]
    assert lines[0].startswith("pyproject.toml:9:6: BKP001 pathlib backports `pathlib`")


def test_a_compiled_file_whose_source_is_absent_is_read_as_declarations(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, {"requirements.txt": COMPILED})
    assert run(capsys, "--target-python", "3.12,3.13") == (
        1,
        [
            f"requirements.txt:9:1: BKP002 {TOMLI}, which every target Python ships (3.12, 3.13); {TOMLI_USE}",
            f"requirements.txt:13:1: BKP002 zipp backports `zipfile.Path` (in CPython since 3.10), which every target Python ships (3.12, 3.13); {ZIPP_USE}",
            _pathlib("requirements.txt:15:1", "comes in through mega-py 1.0.8 -> pathlib 1.0.1", "3.12, 3.13", "drop or replace mega-py, or install it with `pip install --no-deps` and list its other requirements (a constraints file cannot keep it out)"),
        ],
    )


COMPILED = """\
#
# This file is autogenerated by pip-compile with Python 3.12
# by the following command:
#
#    pip-compile requirements.in
#
requests==2.32.3
    # via -r requirements.in
tomli==2.0.1
    # via
    #   -r requirements.in
    #   pytest
zipp==3.20.2
    # via -r requirements.in
pathlib==1.0.1
    # via mega-py
mega-py==1.0.8
    # via -r requirements.in
"""


HASHED = """\
#
# This file is autogenerated by pip-compile with Python 3.12
# by the following command:
#
#    pip-compile --generate-hashes requirements.in
#
requests==2.32.3 \\
    --hash=sha256:aaa
    # via -r requirements.in
zipp==3.20.2 \\
    --hash=sha256:bbb \\
    --hash=sha256:ccc
    # via
    #   -r requirements.in
    #   importlib-metadata
urllib3==2.2.3 \\
    --hash=sha256:ddd
    # via requests
"""


def test_bkp004_severity_follows_the_class(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy("poetry", in_tmp)
    assert main(["backports", "--target-python", "3.12", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["severity"], f["package"], f["path"], f["line"]) for f in report["findings"]] == [
        ("BKP004", "warning", "importlib-metadata", "poetry.lock", 321),
        ("BKP004", "error", "pathlib", "poetry.lock", 424),
        ("BKP004", "warning", "zipp", "poetry.lock", 869),
    ]
    assert all(f["fix"] is None for f in report["findings"])


def test_a_lock_finding_is_reported_when_only_the_pyproject_is_given(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("poetry", in_tmp)
    code, lines = run(capsys, "--target-python", "3.12", "--select", "BKP004", "pyproject.toml")
    assert code == 1
    assert [line.split(": ")[0] for line in lines] == ["poetry.lock:321:8", "poetry.lock:424:8", "poetry.lock:869:8"]


def test_the_hook_entry_point(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reqhooks.hooks.backports import main as hook

    write(in_tmp, {"requirements.txt": "typing==3.7.4.3\n", "other.txt": "requests\n"})
    assert hook(["--target-python", "3.12", "requirements.txt", "other.txt"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("requirements.txt:1:1: BKP001 typing backports `typing`")


# -- fixes -----------------------------------------------------------------------------------

FIXES = (
    pytest.param(
        {"requirements.txt": "tomli==2.0.1 \\\n    --hash=sha256:abc\nrequests\n"},
        ("--target-python", "3.10,3.12", "--fix"),
        {"requirements.txt": 'tomli==2.0.1; python_version < "3.11" \\\n    --hash=sha256:abc\nrequests\n'},
        id="the marker goes after the requirement, before its options",
    ),
    pytest.param(
        {"requirements.txt": "exceptiongroup ; sys_platform == 'linux'\r\nasync-timeout ; python_version < '3.12'\r\n"},
        ("--target-python", "3.10,3.11,3.12", "--fix"),
        {"requirements.txt": "exceptiongroup ; (sys_platform == 'linux') and python_version < '3.11'\r\nasync-timeout ; python_version < '3.11'\r\n"},
        id="an existing marker is combined, a bare python_version bound replaced, CRLF kept",
    ),
    pytest.param(
        {"requirements.txt": "standard-imghdr==3.13.0\n"},
        ("--target-python", "3.12,3.13", "--fix"),
        {"requirements.txt": 'standard-imghdr==3.13.0; python_version >= "3.13"\n'},
        id="a reverse backport gets a lower bound",
    ),
    pytest.param(
        {"requirements.txt": "zipp>=3  # old\nrequests\ntomli\n"},
        ("--target-python", "3.11,3.12", "--fix"),
        {"requirements.txt": "zipp>=3  # old\nrequests\ntomli\n"},
        id="removing a redundant backport is unsafe and needs --unsafe-fixes",
    ),
    pytest.param(
        {"requirements.txt": "zipp>=3  # old\nrequests\ntomli\n"},
        ("--target-python", "3.11,3.12", "--fix", "--unsafe-fixes"),
        {"requirements.txt": "requests\n"},
        id="the unsafe fix removes whole lines, comments included",
    ),
    pytest.param(
        {"requirements.txt": COMPILED},
        ("--target-python", "3.12", "--fix", "--unsafe-fixes"),
        {"requirements.txt": COMPILED.replace("tomli==2.0.1\n    # via\n    #   -r requirements.in\n    #   pytest\n", "").replace("zipp==3.20.2\n    # via -r requirements.in\n", "")},
        id="the removal takes the via block with it",
    ),
    pytest.param(
        {"requirements.txt": HASHED},
        ("--target-python", "3.12", "--fix", "--unsafe-fixes"),
        {"requirements.txt": HASHED.replace("zipp==3.20.2 \\\n    --hash=sha256:bbb \\\n    --hash=sha256:ccc\n    # via\n    #   -r requirements.in\n    #   importlib-metadata\n", "")},
        id="and its continuation lines of hashes",
    ),
    pytest.param(
        {
            "pyproject.toml": '[project]\nname = "x"\nversion = "0"\nrequires-python = ">=3.10"\ndependencies = [\n'
            '    "tomli>=2",  # reads config\n    "zipp",\n    \'exceptiongroup; os_name == "nt"\',\n'
            '    "standard-imghdr",\n    "importlib-resources; python_version < \\"3.12\\"",\n]\n'
            'optional-dependencies.toml = ["tomli", "requests"]\n\n'
            '[dependency-groups]\ndev = ["pytest", "typing", "async-timeout>=4"]\nlint = ["mock", "ruff"]\n'
            'docs = ["sphinx", "mock"]\nsolo = ["mock"]\n'
        },
        ("--fix", "--unsafe-fixes"),
        {
            "pyproject.toml": '[project]\nname = "x"\nversion = "0"\nrequires-python = ">=3.10"\ndependencies = [\n'
            "    \"tomli>=2; python_version < '3.11'\",  # reads config\n"
            '    \'exceptiongroup; (os_name == "nt") and python_version < "3.11"\',\n'
            "    \"standard-imghdr; python_version >= '3.13'\",\n]\n"
            "optional-dependencies.toml = [\"tomli; python_version < '3.11'\", \"requests\"]\n\n"
            "[dependency-groups]\ndev = [\"pytest\", \"typing\", \"async-timeout>=4; python_version < '3.11'\"]\n"
            'lint = ["ruff"]\ndocs = ["sphinx"]\nsolo = []\n'
        },
        id="pyproject strings get the quote that needs no escaping, array elements go with their comma",
    ),
    pytest.param(
        {
            "pyproject.toml": '[tool.poetry.dependencies]\npython = ">=3.10"\ntomli = "^2.0"\n'
            'taskgroup = { version = "^0.2" }\n'
            "exceptiongroup = { version = \"*\", markers = \"sys_platform == 'linux'\" }\n"
            '"backports.tarfile" = ">=1.2"\ncontextlib2 = { version = "^21.6" }\nmock = "*"  # tests\n\n'
            '[tool.poetry.group.dev.dependencies]\nimportlib-metadata = "*"\n'
        },
        ("--fix", "--unsafe-fixes"),
        {
            "pyproject.toml": '[tool.poetry.dependencies]\npython = ">=3.10"\n'
            "tomli = { version = \"^2.0\", markers = \"python_version < '3.11'\" }\n"
            "taskgroup = { version = \"^0.2\", markers = \"python_version < '3.11'\" }\n"
            "exceptiongroup = { version = \"*\", markers = \"(sys_platform == 'linux') and python_version < '3.11'\" }\n"
            "\"backports.tarfile\" = { version = \">=1.2\", markers = \"python_version < '3.12'\" }\n\n"
            "[tool.poetry.group.dev.dependencies]\n"
        },
        id="Poetry tables: a constraint string becomes an inline table, key lines go whole",
    ),
    pytest.param(
        {"Pipfile": '[packages]\nrequests = "*"\ntomli = "*"\nzipp = {version = ">=3.19"}  # old pin\n\n[requires]\npython_version = "3.10"\n'},
        ("--target-python", "3.10,3.12", "--fix", "--unsafe-fixes"),
        {"Pipfile": '[packages]\nrequests = "*"\ntomli = { version = "*", markers = "python_version < \'3.11\'" }\n\n[requires]\npython_version = "3.10"\n'},
        id="Pipfile entries",
    ),
    pytest.param(
        {
            "environment.yml": "dependencies:\n  - pip:\n      - requests\n      - \"tomli>=2; sys_platform == 'linux'\"\n"
            "      - 'exceptiongroup'\n      - taskgroup\n      - zipp  # old\n"
        },
        ("--target-python", "3.10,3.12", "--fix", "--unsafe-fixes"),
        {
            "environment.yml": "dependencies:\n  - pip:\n      - requests\n"
            "      - \"tomli>=2; (sys_platform == 'linux') and python_version < '3.11'\"\n"
            "      - 'exceptiongroup; python_version < \"3.11\"'\n      - taskgroup; python_version < \"3.11\"\n"
        },
        id="conda pip lists, quoted or plain",
    ),
)


@pytest.mark.parametrize(("files", "args", "expected"), FIXES)
def test_fixes_round_trip(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str | bytes],
    args: tuple[str, ...],
    expected: dict[str, str],
) -> None:
    write(in_tmp, files)
    main(["backports", *args])
    after = {name: (in_tmp / name).read_bytes() for name in files}
    assert after == {name: text.encode() for name, text in expected.items()}
    for name in files:
        if name.endswith(".toml") or name == "Pipfile":  # still valid TOML
            tomllib.loads(after[name].decode())
    main(["backports", *args])  # running twice changes nothing
    assert {name: (in_tmp / name).read_bytes() for name in files} == after
    capsys.readouterr()


def test_fixed_files_have_no_findings_left_but_the_unfixable(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, {"pyproject.toml": PYPROJECT_LIBRARY})
    main(["backports", "--fix", "--unsafe-fixes"])
    capsys.readouterr()
    code, lines = run(capsys)
    assert code == 1
    assert [line.split(" ")[1] for line in lines] == ["BKP001", "BKP001", "BKP001"]
    tomllib.loads((in_tmp / "pyproject.toml").read_text())


def test_diff_prints_the_fix_and_changes_nothing(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, {"requirements.txt": "requests\ntomli>=2\nzipp\n"})
    assert main(["backports", "--target-python", "3.10,3.12", "--diff"]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        "--- a/requirements.txt\n"
        "+++ b/requirements.txt\n"
        "@@ -1,3 +1,3 @@\n"
        " requests\n"
        "-tomli>=2\n"
        '+tomli>=2; python_version < "3.11"\n'
        " zipp\n"
    )
    assert captured.err == "Would fix 1 problem.\n"
    assert main(["backports", "--target-python", "3.10,3.12", "--diff", "--unsafe-fixes"]) == 1
    assert capsys.readouterr().out.endswith(' requests\n-tomli>=2\n-zipp\n+tomli>=2; python_version < "3.11"\n')
    assert (in_tmp / "requirements.txt").read_text() == "requests\ntomli>=2\nzipp\n"


# -- documentation ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", ("BKP001", "BKP002", "BKP003", "BKP004"))
def test_every_rule_is_explained(capsys: pytest.CaptureFixture[str], code: str) -> None:
    assert main(["explain", code]) == 0
    out = capsys.readouterr().out
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == ["## What it does", "## Why is this bad?", "## Example", "## Fix safety"]
