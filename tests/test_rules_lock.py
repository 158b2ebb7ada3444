"""LCK001-LCK006 through the command line, on locks and compiled files the real tools wrote.

The projects come from ``fixtures/drift/`` (poetry 2.5.1 and 1.8.5, uv 0.13.9, pdm 2.29.3,
pipenv 2026.10.3, pip-compile 7.6.2; see its ``generate.py``) and ``fixtures/lock/``
(``generate.py`` there: a uv workspace with markers, sources and settings of every kind, a
virtual workspace root, ``uv export`` and ``poetry export`` outputs, pip-compile from
pyproject.toml, ``uv pip compile`` with and without ``--universal``, and a monorepo).  Each
test copies one, edits it the way a commit would, and checks ``reqhooks lock``'s exact output.
That the verdicts agree with the tools' own checks is ``test_drift_agreement.py``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reqhooks.cli import main
from tests.conftest import FIXTURES, write

Edit = tuple[str, str, str]  # (file, old, new): the one occurrence of old becomes new; "" appends

PY = "pyproject.toml"
POETRY_HASH = "bbdd4bdaa3595241378632bd1f3aad69ff9fbcf279b0ae8ab4b35b89eb6c1253"
POETRY_HASH_NO_GROUPS = "257e14694a3e40156cec0b6150224fe02210dd12b6f276cfdadccbc8cd60e28d"
POETRY_STALE = (
    "poetry.lock:123:17: LCK001 pyproject.toml changed significantly since poetry.lock was "
    "last generated; run `poetry lock`"
)
LEGACY_STALE = (
    "poetry.lock:114:17: LCK001 pyproject.toml changed significantly since poetry.lock was "
    "last generated; run `poetry lock`"
)
PDM_STALE = (
    "pdm.lock:8:17: LCK001 pyproject.toml changed since pdm.lock was last generated; run `pdm lock`"
)
PIPENV_STALE = (
    "Pipfile.lock:4:24: LCK001 Pipfile.lock is out of date: Pipfile changed since it was last "
    "generated; run `pipenv lock`"
)


def project(root: Path, fixture: str, edits: tuple[Edit, ...] = ()) -> None:
    shutil.copytree(FIXTURES / fixture, root, dirs_exist_ok=True)
    for file, old, new in edits:
        path = root / file
        text = path.read_text("utf-8") if path.exists() else ""
        if old:
            assert text.count(old) == 1, f"{file}: {old!r}"
            text = text.replace(old, new)
        else:
            text += new
        write(root, {file: text})


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """``reqhooks lock ARGS``: the exit code and the finding lines (no summary)."""
    capsys.readouterr()
    code = main(["lock", *args])
    out = capsys.readouterr().out.splitlines()
    return code, [line for line in out if not line.startswith("Found ")]


def check(
    root: Path,
    capsys: pytest.CaptureFixture[str],
    fixture: str,
    edits: tuple[Edit, ...],
    expected: list[str],
    args: tuple[str, ...] = (".",),
) -> None:
    project(root, fixture, edits)
    assert run(capsys, *args) == (1 if expected else 0, expected)


# -- poetry.lock -------------------------------------------------------------------------------

POETRY = [
    pytest.param("drift/poetry/pep621", (), [], id="a fresh poetry lock has no finding"),
    pytest.param(
        "drift/poetry/pep621",
        ((PY, '    "six>=1.16,<2",\n', '    "six>=1.16,<2",\n    "packaging>=24",\n'),),
        [
            POETRY_STALE,
            "pyproject.toml:10:6: LCK002 packaging>=24 is not in poetry.lock; run `poetry lock`",
        ],
        id="a new dependency is a stale hash and a missing package at its line",
    ),
    pytest.param(
        "drift/poetry/pep621",
        ((PY, '    "six>=1.16,<2",\n', ""),),
        [
            (
                "poetry.lock:83:8: LCK004 poetry.lock still locks six 1.17.0, which pyproject.toml "
                "no longer requires; run `poetry lock`"
            ),
            POETRY_STALE,
        ],
        id="a removed dependency is still locked",
    ),
    pytest.param(
        "drift/poetry/pep621",
        ((PY, '[dependency-groups]\ndev = ["iniconfig>=2"]\n\n', ""),),
        [
            (
                "poetry.lock:66:8: LCK004 poetry.lock still locks iniconfig 2.1.0, which "
                "pyproject.toml no longer requires; run `poetry lock`"
            ),
            POETRY_STALE,
        ],
        id="a removed dependency group leaves its package locked",
    ),
    pytest.param(
        "drift/poetry/pep621",
        ((PY, '"idna>=3.0"', '"idna>=3.0,<3.1"'),),
        [
            POETRY_STALE,
            (
                "pyproject.toml:8:10: LCK003 idna 3.20 in poetry.lock does not satisfy "
                "idna>=3.0,<3.1; run `poetry lock`"
            ),
        ],
        id="a bound the locked version misses is named at the specifier",
    ),
    pytest.param(
        "drift/poetry/pep621",
        ((PY, '"idna>=3.0"', '"idna>=3.5"'),),
        [POETRY_STALE],
        id="a tightened bound the locked version meets is only a stale hash",
    ),
    pytest.param(
        "drift/poetry/pep621",
        ((PY, 'requires-python = ">=3.9"', 'requires-python = ">=3.10"'),),
        [
            POETRY_STALE,
            (
                "pyproject.toml:6:20: LCK005 requires-python >=3.10 differs from python-versions "
                ">=3.9 in poetry.lock; run `poetry lock`"
            ),
        ],
        id="a changed requires-python is named against python-versions",
    ),
    pytest.param(
        "drift/poetry/pep621",
        (
            (
                PY,
                '    "six>=1.16,<2",\n',
                '    "six>=1.16,<2",\n    "enum34>=1; python_version < \'3\'",\n',
            ),
        ),
        [POETRY_STALE],
        id="a dependency no supported Python installs is not missing",
    ),
    pytest.param(
        "drift/poetry/pep621",
        ((PY, '"Lock drift fixture"', '"Another description"'),),
        [],
        id="a description change is not drift",
    ),
    pytest.param(
        "drift/poetry/pep621",
        (("poetry.lock", f'content-hash = "{POETRY_HASH}"\n', ""),),
        [
            (
                "poetry.lock:120:1: LCK001 poetry.lock has no content-hash, so Poetry treats it "
                "as out of date; run `poetry lock`"
            )
        ],
        id="a lock without content-hash is stale",
    ),
    pytest.param(
        "drift/poetry/pep621",
        (
            ("poetry.lock", "@generated by Poetry 2.5.1 and", "@generated by Poetry 2.2.1 and"),
            ("poetry.lock", POETRY_HASH, POETRY_HASH_NO_GROUPS),
        ),
        [],
        id="a lock written before Poetry 2.3 may hash without dependency-groups",
    ),
    pytest.param(
        "drift/poetry/pep621",
        (("poetry.lock", POETRY_HASH, POETRY_HASH_NO_GROUPS),),
        [POETRY_STALE],
        id="a lock written by Poetry 2.3 or later may not",
    ),
    pytest.param(
        "drift/poetry/legacy",
        ((PY, 'python = "^3.9"', 'python = "^3.10"'),),
        [
            LEGACY_STALE,
            (
                "pyproject.toml:9:11: LCK005 Poetry's python ^3.10 differs from python-versions "
                "^3.9 in poetry.lock; run `poetry lock`"
            ),
        ],
        id="a Poetry 1.8 lock of a tool.poetry project compares Poetry's python as written",
    ),
    pytest.param(
        "drift/poetry/legacy",
        ((PY, 'six = "^1.16"', 'six = "^0.9 || ^3"'),),
        [
            LEGACY_STALE,
            (
                "pyproject.toml:11:8: LCK003 six 1.17.0 in poetry.lock does not satisfy "
                "six ^0.9 || ^3; run `poetry lock`"
            ),
        ],
        id="no alternative of an OR constraint allows the locked version",
    ),
    pytest.param(
        "drift/poetry/legacy",
        ((PY, 'six = "^1.16"', 'six = "^0.9 || ^1.17"'),),
        [LEGACY_STALE],
        id="one alternative of an OR constraint allows the locked version",
    ),
]


@pytest.mark.parametrize(("fixture", "edits", "expected"), POETRY)
def test_poetry_lock(
    fixture: str,
    edits: tuple[Edit, ...],
    expected: list[str],
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    check(in_tmp, capsys, fixture, edits, expected)


# -- uv.lock -----------------------------------------------------------------------------------

MEMBER = "packages/lib/pyproject.toml"
RICH_MEMBER = "packages/lib-member/pyproject.toml"

UV = [
    pytest.param(
        "drift/uv/project",
        (
            (PY, '"idna>=3.0"', '"IDNA >= 3"'),
            (PY, "; python_version < '3.11'", ';python_version<\\"3.11\\"'),
        ),
        [],
        id="respelling a name, a specifier and a marker is not drift",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, '"idna>=3.0"', '"idna>=3.5"'),),
        [
            (
                "pyproject.toml:8:6: LCK003 idna>=3.5 differs from idna>=3.0 recorded in uv.lock; "
                "run `uv lock`"
            )
        ],
        id="a tightened bound is drift for uv even when the locked version meets it",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, '"idna>=3.0"', '"idna>=3.0,<3.1"'),),
        [
            (
                "pyproject.toml:8:6: LCK003 idna 3.20 in uv.lock does not satisfy idna>=3.0,<3.1; "
                "run `uv lock`"
            )
        ],
        id="a bound the locked version misses names the locked version",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, '    "six>=1.16,<2",\n', ""),),
        [
            (
                "uv.lock:44:5: LCK004 uv.lock still records six>=1.16,<2, which pyproject.toml no "
                "longer declares; run `uv lock`"
            )
        ],
        id="a removed dependency is named at its entry in the lock",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, "python_version < '3.11'", "python_version < '3.12'"),),
        [
            (
                "pyproject.toml:10:6: LCK003 exceptiongroup>=1.0; python_version < '3.12' differs "
                "from exceptiongroup>=1.0; python_full_version < '3.11' recorded in uv.lock; run "
                "`uv lock`"
            )
        ],
        id="a changed marker is drift",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, 'dev = ["iniconfig>=2"]', 'dev = ["iniconfig>=2"]\nlint = []'),),
        ["pyproject.toml:18:1: LCK002 dependency group lint is not in uv.lock; run `uv lock`"],
        id="a new empty dependency group counts",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, 'color = ["colorama>=0.4"]', 'color = ["colorama>=0.4"]\nyaml = []'),),
        ["pyproject.toml:15:1: LCK002 extra yaml of drift-uv is not in uv.lock; run `uv lock`"],
        id="a new empty extra counts",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, 'version = "0.1.0"', 'version = "0.2.0"'),),
        [
            (
                "pyproject.toml:3:12: LCK003 drift-uv 0.1.0 in uv.lock does not match version "
                "0.2.0; run `uv lock`"
            )
        ],
        id="the project's version is recorded",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, 'requires-python = ">=3.9"', 'requires-python = ">=3.10"'),),
        [
            (
                "pyproject.toml:6:20: LCK005 requires-python >=3.10 differs from requires-python "
                ">=3.9 in uv.lock; run `uv lock`"
            )
        ],
        id="a changed requires-python is compared as a range",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, 'requires-python = ">=3.9"', 'requires-python = ">=3.9.0"'),),
        [],
        id="the same range respelt is not drift",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, "", "\n[tool.uv]\npackage = false\n"),),
        [
            (
                "pyproject.toml:24:11: LCK003 uv.lock records drift-uv as editable, but "
                "tool.uv.package = false, so uv treats it as virtual; run `uv lock`"
            )
        ],
        id="a project turned virtual is drift",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, "", '\n[tool.uv]\noverride-dependencies = ["six>=1.16"]\n'),),
        ["pyproject.toml:24:27: LCK002 six>=1.16 is not in overrides in uv.lock; run `uv lock`"],
        id="a new override is missing from the manifest",
    ),
    pytest.param(
        "drift/uv/project",
        ((PY, "", '\n[tool.uv]\nresolution = "lowest-direct"\n'),),
        [
            (
                "pyproject.toml:24:15: LCK003 resolution lowest-direct differs from resolution-mode "
                "highest in uv.lock; run `uv lock`"
            )
        ],
        id="a changed resolution mode is drift",
    ),
    pytest.param(
        "drift/uv/workspace",
        ((MEMBER, 'version = "0.2.0"', 'version = "0.2.1"'),),
        [
            (
                "packages/lib/pyproject.toml:3:12: LCK003 drift-lib 0.2.0 in uv.lock does not match "
                "version 0.2.1; run `uv lock`"
            )
        ],
        id="a workspace member's version is recorded",
    ),
    pytest.param(
        "drift/uv/workspace",
        ((MEMBER, '["idna>=3.0"]', '["idna>=3.0", "packaging>=24"]'),),
        [
            (
                "packages/lib/pyproject.toml:5:31: LCK002 packaging>=24 is not in uv.lock; run "
                "`uv lock`"
            )
        ],
        id="a workspace member's new dependency is named in its own pyproject",
    ),
    pytest.param(
        "drift/uv/workspace",
        ((MEMBER, 'requires-python = ">=3.10"', 'requires-python = ">=3.11"'),),
        [
            (
                "packages/lib/pyproject.toml:4:20: LCK005 requires-python >=3.11 differs from "
                "requires-python >=3.10 in uv.lock; run `uv lock`"
            )
        ],
        id="the narrowest member decides the workspace's requires-python",
    ),
    pytest.param(
        "drift/uv/workspace",
        (
            (
                "packages/other/pyproject.toml",
                "",
                (
                    '[project]\nname = "drift-other"\nversion = "0.1.0"\nrequires-python = ">=3.10"\n'
                    'dependencies = []\n\n[build-system]\nrequires = ["hatchling"]\n'
                    'build-backend = "hatchling.build"\n'
                ),
            ),
        ),
        [
            (
                "packages/other/pyproject.toml:2:9: LCK002 workspace member drift-other is not in "
                "uv.lock; run `uv lock`"
            )
        ],
        id="a new workspace member is missing from the lock",
    ),
    pytest.param(
        "drift/uv/workspace",
        ((PY, '["drift-lib", "six>=1.16"]', '["six>=1.16"]'),),
        [
            (
                "uv.lock:39:5: LCK004 uv.lock still records drift-lib (editable packages/lib), which "
                "pyproject.toml no longer declares; run `uv lock`"
            )
        ],
        id="a dropped dependency on a member shows its workspace source",
    ),
    pytest.param(
        "drift/uv/workspace",
        ((PY, '["six<2"]', '["six<1.18"]'),),
        [
            (
                "pyproject.toml:12:29: LCK003 six<1.18 differs from six<2 recorded in uv.lock; run "
                "`uv lock`"
            )
        ],
        id="a changed constraint is drift",
    ),
    pytest.param(
        "drift/uv/workspace",
        ((PY, '["six<2"]', '["Six < 2.0"]'),),
        [],
        id="a respelt constraint is not",
    ),
    pytest.param(
        "lock/uv-rich",
        (
            (PY, "python_version <= '3.11'", "python_full_version < '3.12'"),
            (PY, "platform_system != 'Windows'", "sys_platform != 'win32'"),
            (PY, '"typing_extensions>=4.6"', '"Typing.Extensions>=4.6.0"'),
        ),
        [],
        id="markers are compared as uv normalises them",
    ),
    pytest.param(
        "lock/uv-rich",
        ((PY, 'lint = ["tomli>=2"]', 'lint = ["tomli>=2", "packaging>=24"]'),),
        [
            (
                "pyproject.toml:21:22: LCK002 packaging>=24 is not in group lint in uv.lock; run "
                "`uv lock`"
            )
        ],
        id="a group another group includes is compared too",
    ),
    pytest.param(
        "lock/uv-rich",
        (
            (
                PY,
                "lib-member = { workspace = true }",
                "lib-member = { workspace = true, editable = false }",
            ),
        ),
        [
            (
                "pyproject.toml:12:6: LCK003 lib-member (directory packages/lib-member) differs from "
                "lib-member (editable packages/lib-member) recorded in uv.lock; run `uv lock`"
            ),
            (
                "pyproject.toml:29:14: LCK003 uv.lock records lib-member as editable, but its "
                "workspace source says editable = false, so uv treats it as non-editable; run "
                "`uv lock`"
            ),
        ],
        id="a workspace source made non-editable is drift",
    ),
    pytest.param(
        "lock/uv-rich",
        (
            (
                PY,
                "",
                (
                    '\n[[tool.uv.index]]\nname = "internal"\nurl = "https://example.invalid/simple"\n'
                    "default = true\n"
                ),
            ),
        ),
        [
            (
                "pyproject.toml:38:1: LCK003 uv.lock takes colorama, exceptiongroup, idna and 5 more "
                "from https://pypi.org/simple, which is not among the configured indexes; run "
                "`uv lock`"
            )
        ],
        id="an index that replaces PyPI leaves the locked packages without theirs",
    ),
    pytest.param(
        "lock/uv-rich",
        (
            (
                PY,
                "",
                (
                    '\n[[tool.uv.index]]\nname = "internal"\nurl = "https://example.invalid/simple"\n'
                    "explicit = true\n"
                ),
            ),
        ),
        [],
        id="an explicit index beside PyPI does not",
    ),
    pytest.param(
        "lock/uv-rich",
        (
            (
                PY,
                "\"sys_platform == 'linux'\", \"sys_platform == 'darwin'\"",
                "\"sys_platform == 'darwin'\", \"sys_platform == 'linux'\"",
            ),
        ),
        [
            (
                "pyproject.toml:26:16: LCK003 [tool.uv] environments differs from supported-markers "
                "in uv.lock; run `uv lock`"
            )
        ],
        id="reordered environments are drift as uv compares them in order",
    ),
    pytest.param(
        "lock/uv-rich",
        ((RICH_MEMBER, "\n[project.optional-dependencies]\nextra = []\n", ""),),
        [
            (
                "uv.lock:97:21: LCK004 uv.lock still records extra extra of lib-member, which is no "
                "longer declared; run `uv lock`"
            )
        ],
        id="a removed empty extra is still recorded",
    ),
    pytest.param(
        "lock/uv-sources",
        ((PY, "six-1.17.0-py2.py3-none-any.whl", "six-1.17.0-py3-none-any.whl"),),
        [
            (
                "pyproject.toml:6:6: LCK003 six @ https://files.pythonhosted.org/.../six-1.17.0-py3-"
                "none-any.whl differs from six @ https://files.pythonhosted.org/.../six-1.17.0-py2.py3-"
                "none-any.whl recorded in uv.lock; run `uv lock`"
            )
        ],
        id="a changed direct URL is drift",
    ),
    pytest.param(
        "lock/uv-sources",
        ((PY, 'path = "vendor/localpkg"', 'path = "./vendor/../vendor/localpkg/"'),),
        [],
        id="a path source respelt is not",
    ),
    pytest.param(
        "lock/uv-sources",
        ((PY, 'url = "https://pypi.org/simple"', 'url = "https://pypi.org/simple/"'),),
        [
            (
                "pyproject.toml:8:6: LCK003 iniconfig>=2 (index https://pypi.org/simple/) differs "
                "from iniconfig>=2 (index https://pypi.org/simple) recorded in uv.lock; run `uv lock`"
            )
        ],
        id="an index URL respelt with a slash is, as uv compares URLs as written",
    ),
    pytest.param(
        "lock/uv-virtual",
        ((PY, 'dev = ["iniconfig>=2"]', 'dev = ["iniconfig>=2", "tomli>=2"]'),),
        ["pyproject.toml:5:25: LCK002 tomli>=2 is not in group dev in uv.lock; run `uv lock`"],
        id="a virtual root's groups are the lock's manifest",
    ),
    pytest.param(
        "lock/uv-virtual",
        ((PY, 'dev = ["iniconfig>=2"]', 'dev = ["iniconfig>=2"]\nlint = []'),),
        [],
        id="where empty groups are ignored",
    ),
    pytest.param(
        "lock/uv-virtual",
        ((PY, "", '\n[tool.uv]\nexclude-newer = "7 days"\n'),),
        [
            (
                "pyproject.toml:8:18: LCK003 exclude-newer 7 days is not in uv.lock, which records "
                "no exclude-newer-span; run `uv lock`"
            )
        ],
        id="a relative exclude-newer is recorded as a span",
    ),
    pytest.param(
        "lock/uv-rich",
        ((PY, "[tool.uv]\n", '[tool.uv]\ndefault-groups = ["lint", "dev"]\n'),),
        [
            (
                'pyproject.toml:24:18: LCK003 default-groups ["dev", "lint"] differs from the '
                "default groups (dev) recorded for lock-uv-rich in uv.lock; run `uv lock`"
            )
        ],
        id="default-groups other than dev are recorded",
    ),
    pytest.param(
        "lock/uv-editability",
        (),
        [],
        # beta's `editable = false` is overruled by the root's source, later by name ("root"):
        # uv locks alpha editable, for itself and in beta's requirements.
        id="a member's editability is the last source's by member name",
    ),
    pytest.param(
        "lock/uv-editability",
        ((PY, "alpha = { workspace = true }", "alpha = { workspace = true, editable = false }"),),
        [
            (
                "packages/beta/pyproject.toml:5:18: LCK003 alpha (directory packages/alpha) "
                "differs from alpha (editable packages/alpha) recorded in uv.lock; run `uv lock`"
            ),
            (
                "pyproject.toml:9:9: LCK003 uv.lock records alpha as editable, but its workspace "
                "source says editable = false, so uv treats it as non-editable; run `uv lock`"
            ),
        ],
        id="every source saying not editable is drift",
    ),
    pytest.param(
        "lock/uv-editability",
        ((PY, "alpha = { workspace = true }", "alpha = { workspace = true, editable = true }"),),
        [
            (
                "pyproject.toml:9:9: LCK003 alpha is asked for as editable here and as not "
                "editable in packages/beta/pyproject.toml: `uv lock` fails until the "
                "workspace's sources agree"
            ),
        ],
        id="sources that disagree on a member's editability are reported",
    ),
]


@pytest.mark.parametrize(("fixture", "edits", "expected"), UV)
def test_uv_lock(
    fixture: str,
    edits: tuple[Edit, ...],
    expected: list[str],
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    check(in_tmp, capsys, fixture, edits, expected)


def test_a_uv_removal_alone_fails_at_error_level(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """uv has no hash: the removal is what makes `uv lock --check` fail, so it is an error."""
    project(in_tmp, "drift/uv/project", ((PY, '    "six>=1.16,<2",\n', ""),))
    code, _ = run(capsys, "--fail-on", "error", "--format", "json", ".")
    assert code == 1


# -- pdm.lock ----------------------------------------------------------------------------------

PDM = [
    pytest.param("drift/pdm/project", (), [], id="a fresh pdm lock has no finding"),
    pytest.param(
        "drift/pdm/project",
        ((PY, '    "six>=1.16,<2",\n', '    "six>=1.16,<2",\n    "packaging>=24",\n'),),
        [PDM_STALE, "pyproject.toml:10:6: LCK002 packaging>=24 is not in pdm.lock; run `pdm lock`"],
        id="a new dependency is a stale content_hash and a missing package",
    ),
    pytest.param(
        "drift/pdm/project",
        ((PY, '    "six>=1.16,<2",\n', ""),),
        [
            PDM_STALE,
            (
                "pdm.lock:62:8: LCK004 pdm.lock still locks six 1.17.0, which pyproject.toml no "
                "longer requires; run `pdm lock`"
            ),
        ],
        id="a removed dependency is still locked by pdm",
    ),
    pytest.param(
        "drift/pdm/project",
        (("pdm.lock", 'lock_version = "4.5.1"', 'lock_version = "3.1.0"'),),
        [
            (
                "pdm.lock:8:17: LCK001 pdm.lock has lock_version 3.1.0, which PDM 2.29 does not "
                "read; run `pdm lock`"
            )
        ],
        id="a lock version PDM does not read is stale",
    ),
    pytest.param(
        "drift/pdm/project",
        (
            (
                "pdm.lock",
                "sha256:94af0ff362666145fc1f9892250b9fa31279984ce3e1be29dbc1deb5e3413365",
                "md5:7fa6ddfa93b314450965a5f06d6307ac",
            ),
        ),
        [],
        id="a content_hash in another algorithm is recomputed in it",
    ),
    pytest.param(
        "drift/pdm/mixed-groups",
        (),
        [
            (
                "pdm.lock:8:17: LCK001 group dev is in both [dependency-groups] and "
                "[tool.pdm.dev-dependencies], which PDM hashes differently each time, so pdm.lock "
                "never matches; merge them, then run `pdm lock`"
            )
        ],
        id="a group in both tables never matches and the message says why",
    ),
    pytest.param(
        "drift/pdm/workspace",
        ((MEMBER, '["idna>=3.0"]', '["idna>=3.0", "packaging>=24"]'),),
        [
            (
                "packages/lib/pyproject.toml:5:31: LCK002 packaging>=24 is not in pdm.lock; run "
                "`pdm lock`"
            ),
            (
                "pdm.lock:8:17: LCK001 pyproject.toml (or a workspace member's) changed since "
                "pdm.lock was last generated; run `pdm lock`"
            ),
        ],
        id="a workspace member's change breaks the workspace hash",
    ),
    pytest.param(
        "drift/pdm/lock-inputs",
        ((PY, '"idna>=3.0"', '"idna>=3.5"'),),
        [],
        id="in lock_inputs mode a bound the locked version meets is not drift",
    ),
    pytest.param(
        "drift/pdm/lock-inputs",
        ((PY, '"idna>=3.0"', '"idna>=3.0,<3.1"'),),
        [
            (
                "pyproject.toml:5:22: LCK003 idna 3.20 in pdm.lock does not satisfy idna>=3.0,<3.1; "
                "run `pdm lock`"
            )
        ],
        id="in lock_inputs mode a bound the locked version misses is",
    ),
    pytest.param(
        "drift/pdm/lock-inputs",
        ((PY, '"six>=1.16"]', '"six>=1.16", "six>=1.16; os_name == \'nt\'"]'),),
        [
            (
                "pyproject.toml:5:44: LCK002 six; os_name == \"nt\" is not among the lines "
                "pdm.lock records for group default; run `pdm lock`"
            )
        ],
        id="in lock_inputs mode a name declared twice is recorded twice",
    ),
    pytest.param(
        "drift/pdm/lock-inputs",
        (
            (PY, '"idna>=3.0"', '"idna>=3.0,<3.1"'),
            (PY, "lock_inputs = true\n", 'lock_inputs = true\n\n[tool.pdm.resolution.overrides]\nidna = ">=3.4"\n'),
            (
                "pdm.lock",
                "[metadata.lock_inputs.project.resolution]\n",
                '[metadata.lock_inputs.project.resolution]\n\n[metadata.lock_inputs.project.resolution.overrides]\nidna = ">=3.4"\n',
            ),
        ),
        [],
        id="in lock_inputs mode an override's specifier is the one the locked version must meet",
    ),
    pytest.param(
        "drift/pdm/lock-inputs",
        (
            (PY, "lock_inputs = true\n", 'lock_inputs = true\n\n[tool.pdm.resolution.overrides]\nidna = ">=4"\n'),
            (
                "pdm.lock",
                "[metadata.lock_inputs.project.resolution]\n",
                '[metadata.lock_inputs.project.resolution]\n\n[metadata.lock_inputs.project.resolution.overrides]\nidna = ">=4"\n',
            ),
        ),
        [
            (
                "pyproject.toml:14:9: LCK003 idna 3.20 in pdm.lock does not satisfy idna>=4 (its "
                "override in [tool.pdm.resolution]); run `pdm lock`"
            )
        ],
        id="in lock_inputs mode a locked version an override excludes is drift",
    ),
    pytest.param(
        "drift/pdm/lock-inputs",
        ((PY, '"idna>=3.0"', '"IDNA >= 3.0"'),),
        [
            (
                "pyproject.toml:5:18: LCK001 IDNA is recorded as idna in pdm.lock's lock inputs; run "
                "`pdm lock`"
            )
        ],
        id="in lock_inputs mode a respelt name is drift as PDM records names as written",
    ),
    pytest.param(
        "drift/pdm/lock-inputs",
        ((PY, '["idna>=3.0", "six>=1.16"]', '["idna>=3.0"]'),),
        [
            (
                "pdm.lock:17:1: LCK004 pdm.lock still records six in group default, which "
                "pyproject.toml no longer declares; run `pdm lock`"
            )
        ],
        id="in lock_inputs mode a removed dependency is still recorded",
    ),
    pytest.param(
        "drift/pdm/lock-inputs",
        ((PY, 'requires-python = ">=3.9"', 'requires-python = ">=3.10"'),),
        [
            (
                "pyproject.toml:4:20: LCK005 requires-python >=3.10 differs from >=3.9 in pdm.lock; "
                "run `pdm lock`"
            )
        ],
        id="in lock_inputs mode requires-python is recorded",
    ),
]


@pytest.mark.parametrize(("fixture", "edits", "expected"), PDM)
def test_pdm_lock(
    fixture: str,
    edits: tuple[Edit, ...],
    expected: list[str],
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    check(in_tmp, capsys, fixture, edits, expected)


def test_a_pdm_workspace_hash_is_not_guessed_without_its_members(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Handed only pdm.lock, the run does not read the members the workspace hash covers."""
    project(in_tmp, "drift/pdm/workspace")
    assert run(capsys, "pdm.lock") == (0, [])


# -- Pipfile.lock ------------------------------------------------------------------------------

PIPFILE = [
    pytest.param("drift/pipenv/project", (), [], id="a fresh Pipfile.lock has no finding"),
    pytest.param(
        "drift/pipenv/project",
        (("Pipfile", 'six = ">=1.16,<2"\n', 'six = ">=1.16,<2"\npackaging = ">=24"\n'),),
        [
            "Pipfile:9:1: LCK002 packaging>=24 is not in Pipfile.lock; run `pipenv lock`",
            PIPENV_STALE,
        ],
        id="a new package is a stale hash and missing from its category",
    ),
    pytest.param(
        "drift/pipenv/project",
        (("Pipfile", 'idna = ">=3.0"', 'idna = ">=3.0,<3.1"'),),
        [
            (
                "Pipfile:7:9: LCK003 idna 3.20 in Pipfile.lock does not satisfy idna>=3.0,<3.1; run "
                "`pipenv lock`"
            ),
            PIPENV_STALE,
        ],
        id="a bound the locked version misses",
    ),
    pytest.param(
        "drift/pipenv/project",
        (("Pipfile", 'python_version = "3.11"', 'python_version = "3.12"'),),
        [
            (
                "Pipfile:15:19: LCK005 python_version 3.12 differs from 3.11 in Pipfile.lock; run "
                "`pipenv lock`"
            ),
            PIPENV_STALE,
        ],
        id="a changed python_version",
    ),
    pytest.param(
        "drift/pipenv/project",
        (("Pipfile", 'idna = ">=3.0"', 'IDNA = ">=3.0"'),),
        [],
        id="a name respelt in case is hashed canonically",
    ),
]


@pytest.mark.parametrize(("fixture", "edits", "expected"), PIPFILE)
def test_pipfile_lock(
    fixture: str,
    edits: tuple[Edit, ...],
    expected: list[str],
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    check(in_tmp, capsys, fixture, edits, expected)


# -- compiled requirements, exports, pylock.toml ---------------------------------------------

IN = "requirements.in"
TXT = "requirements.txt"
PIP_COMPILE = "run `pip-compile requirements.in`"
UV_COMPILE = "run `uv pip compile requirements.in --python-version 3.10 -o requirements.txt`"
UV_UNIVERSAL = "run `uv pip compile requirements.in --universal -o requirements-universal.txt`"

COMPILED = [
    pytest.param(
        "drift/pip-tools/plain",
        ((IN, "six>=1.16,<2\n", "six>=1.16,<2\npackaging>=24\n"),),
        [
            (
                f"requirements.in:3:1: LCK006 packaging>=24 from requirements.in is not in "
                f"requirements.txt; {PIP_COMPILE}"
            )
        ],
        id="a new input requirement is missing from the compiled file",
    ),
    pytest.param(
        "drift/pip-tools/plain",
        ((IN, "six>=1.16,<2\n", ""),),
        [
            (
                "requirements.txt:11:1: LCK006 six==1.17.0 in requirements.txt is there for "
                f"requirements.in, which no longer requires it; {PIP_COMPILE}"
            )
        ],
        id="a pin only its removed input wanted is stale",
    ),
    pytest.param(
        "drift/pip-tools/plain",
        ((IN, "idna>=3.0", "idna>=3.5"),),
        [],
        id="a pin that still satisfies a tightened input is kept by pip-compile",
    ),
    pytest.param(
        "drift/pip-tools/plain",
        ((IN, "idna>=3.0", "idna>=3.0,<3.1"),),
        [
            (
                "requirements.txt:9:1: LCK006 idna==3.20 in requirements.txt does not satisfy "
                f"idna>=3.0,<3.1 from requirements.in; {PIP_COMPILE}"
            )
        ],
        id="a pin that no longer satisfies its input",
    ),
    pytest.param(
        "drift/pip-tools/plain",
        ((IN, 'python_version < "3.13"', 'python_version < "3.12"'),),
        [
            (
                "requirements.txt:7:25: LCK006 the marker of exceptiongroup in requirements.txt "
                '(python_version < "3.13") differs from requirements.in (python_version < "3.12"); '
                f"{PIP_COMPILE}"
            )
        ],
        id="pip-compile copies the input's marker to the pin",
    ),
    pytest.param(
        "drift/pip-tools/plain",
        ((IN, "six>=1.16,<2\n", "six>=1.16,<2\npackaging>=24; python_version < '3.11'\n"),),
        [],
        id="an input the header's Python does not install is not missing",
    ),
    pytest.param(
        "drift/pip-tools/plain",
        ((TXT, "six==1.17.0\n    # via -r requirements.in\n", ""),),
        [
            (
                "requirements.in:2:1: LCK006 six>=1.16,<2 from requirements.in is not in "
                f"requirements.txt; {PIP_COMPILE}"
            )
        ],
        id="a pin removed by hand",
    ),
    pytest.param(
        "lock/compiled",
        ((PY, 'color = ["colorama>=0.4"]', "color = []"),),
        [
            (
                "requirements-pyproject.txt:7:1: LCK006 colorama==0.4.6 in "
                "requirements-pyproject.txt is there for pyproject.toml, which no longer requires "
                "it; run `pip-compile --extra=color --output-file=requirements-pyproject.txt "
                "pyproject.toml`"
            )
        ],
        id="pip-compile of pyproject.toml with an extra that no longer asks for a pin",
    ),
    pytest.param(
        "lock/compiled",
        ((IN, "six>=1.16", "six>=1.16,<1.17"),),
        [
            (
                "requirements-universal.txt:3:1: LCK006 six==1.17.0 in requirements-universal.txt "
                f"does not satisfy six>=1.16,<1.17 from requirements.in; {UV_UNIVERSAL}"
            ),
            (
                "requirements.txt:5:1: LCK006 six==1.17.0 in requirements.txt does not satisfy "
                f"six>=1.16,<1.17 from requirements.in; {UV_COMPILE}"
            ),
        ],
        id="uv pip compile outputs name the command in their header",
    ),
    pytest.param(
        "lock/compiled",
        ((IN, "six>=1.16\n", "six>=1.16\npackaging>=24; python_version < '3.11'\n"),),
        [
            (
                "requirements.in:2:1: LCK006 packaging>=24 from requirements.in is not in "
                f"requirements.txt; {UV_COMPILE}"
            )
        ],
        id="a marker is evaluated for the --python-version of the header",
    ),
    pytest.param(
        "lock/uv-export",
        ((TXT, "idna==3.20", "idna==3.19"),),
        [
            (
                "requirements.txt:8:1: LCK006 idna==3.19 in requirements.txt is not in uv.lock (it "
                "locks 3.20); run `uv export --frozen -o requirements.txt`"
            )
        ],
        id="a uv export pin that is not what uv.lock locks",
    ),
    pytest.param(
        "lock/uv-export",
        (
            (
                TXT,
                (
                    "idna==3.20 \\\n"
                    "    --hash=sha256:a7db850025b95ded1eae8a46181a1a6c56c92c96f0e2b005d9ff8dc0210cab44 \\\n"
                    "    --hash=sha256:ab7ae7122974553370f0bdb919e1a960b2cd1bc1ef0276416d896db81c14582c\n"
                    "    # via lock-uv-export\n"
                ),
                "",
            ),
        ),
        [
            (
                "requirements.txt:2:6: LCK006 idna 3.20 from uv.lock is not in requirements.txt; "
                "run `uv export --frozen -o requirements.txt`"
            )
        ],
        id="a package uv export would write is missing",
    ),
    pytest.param(
        "lock/uv-export",
        (("pylock.toml", 'version = "3.20"', 'version = "3.19"'),),
        [
            (
                "pylock.toml:23:8: LCK006 idna==3.19 in pylock.toml is not in uv.lock (it locks "
                "3.20); run `uv export --frozen --format pylock.toml --all-extras -o pylock.toml`"
            )
        ],
        id="a pylock.toml exported by uv is compared with uv.lock",
    ),
    pytest.param(
        "lock/uv-export",
        ((PY, '"idna>=3.0", ', '"idna>=3.0", "six>=1.16", '),),
        [
            "pyproject.toml:5:31: LCK002 six>=1.16 is not in uv.lock; run `uv lock`",
            (
                "pyproject.toml:5:31: LCK006 six>=1.16 is not in pylock.toml; run `uv export --frozen "
                "--format pylock.toml --all-extras -o pylock.toml`"
            ),
        ],
        id="and with the declarations of the project it lists",
    ),
    pytest.param(
        "lock/poetry-export",
        ((TXT, "idna==3.20", "idna==3.19"),),
        [
            (
                "requirements.txt:4:1: LCK006 idna==3.19 in requirements.txt is not in poetry.lock "
                "(it locks 3.20); run `poetry export -o requirements.txt`"
            )
        ],
        id="a poetry export pin that is not what poetry.lock locks",
    ),
    pytest.param(
        "lock/poetry-export",
        ((TXT, 'idna==3.20 ; python_version >= "3.10"\n', ""),),
        [
            (
                "requirements.txt:1:1: LCK006 idna 3.20 (main group of poetry.lock) is not in "
                "requirements.txt; run `poetry export -o requirements.txt`"
            )
        ],
        id="a main-group package missing from a poetry export",
    ),
]


@pytest.mark.parametrize(("fixture", "edits", "expected"), COMPILED)
def test_compiled_and_exported_files(
    fixture: str,
    edits: tuple[Edit, ...],
    expected: list[str],
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    check(in_tmp, capsys, fixture, edits, expected)


@pytest.mark.parametrize(
    "fixture",
    [
        pytest.param("lock/uv-rich", id="a uv workspace"),
        pytest.param("lock/uv-virtual", id="a virtual uv workspace"),
        pytest.param("lock/uv-sources", id="uv sources of every kind"),
        pytest.param("lock/uv-export", id="uv exports"),
        pytest.param("lock/poetry-export", id="a poetry export"),
        pytest.param("lock/compiled", id="pip-compile and uv pip compile outputs"),
        pytest.param("lock/monorepo", id="a monorepo"),
    ],
)
def test_what_the_tools_wrote_is_in_sync(
    fixture: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project(in_tmp, fixture)
    assert run(capsys, ".") == (0, [])


# -- pre-commit: the files a commit touches ---------------------------------------------------

TIGHTENED = ((PY, '"idna>=3.0"', '"idna>=3.0,<3.1"'),)
POETRY_TIGHTENED = [
    POETRY_STALE,
    (
        "pyproject.toml:8:10: LCK003 idna 3.20 in poetry.lock does not satisfy idna>=3.0,<3.1; run "
        "`poetry lock`"
    ),
]


@pytest.mark.parametrize(
    ("fixture", "edits", "args", "expected"),
    [
        pytest.param(
            "drift/poetry/pep621", TIGHTENED, ("poetry.lock",), POETRY_TIGHTENED,
            id="a commit touching only poetry.lock still compares it with pyproject.toml",
        ),
        pytest.param(
            "drift/poetry/pep621", TIGHTENED, ("pyproject.toml",), POETRY_TIGHTENED,
            id="a commit touching only pyproject.toml still checks its poetry.lock",
        ),
        pytest.param(
            "drift/uv/project",
            TIGHTENED,
            ("uv.lock",),
            [
                ("pyproject.toml:8:6: LCK003 idna 3.20 in uv.lock does not satisfy "
                "idna>=3.0,<3.1; run `uv lock`")
            ],
            id="a commit touching only uv.lock still compares it with pyproject.toml",
        ),
        pytest.param(
            "drift/pipenv/project",
            (("Pipfile", 'idna = ">=3.0"', 'idna = ">=3.0,<3.1"'),),
            ("Pipfile.lock",),
            [
                ("Pipfile:7:9: LCK003 idna 3.20 in Pipfile.lock does not satisfy idna>=3.0,<3.1; "
                "run `pipenv lock`"),
                PIPENV_STALE,
            ],
            id="a commit touching only Pipfile.lock still compares it with the Pipfile",
        ),
        pytest.param(
            "drift/pip-tools/plain",
            ((IN, "idna>=3.0", "idna>=3.0,<3.1"),),
            (TXT,),
            [
                ("requirements.txt:9:1: LCK006 idna==3.20 in requirements.txt does not satisfy "
                f"idna>=3.0,<3.1 from requirements.in; {PIP_COMPILE}")
            ],
            id="a commit touching only the compiled file still reads its input",
        ),
    ],
)  # fmt: skip
def test_one_file_of_a_pair(
    fixture: str,
    edits: tuple[Edit, ...],
    args: tuple[str, ...],
    expected: list[str],
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    check(in_tmp, capsys, fixture, edits, expected, args)


MONOREPO_EDITS = (
    ("services/api/pyproject.toml", '"idna>=3.0"', '"idna>=3.0", "six>=1"'),
    ("services/worker/pyproject.toml", '"six>=1.16"', '"six>=1.17"'),
)
API = [
    (
        "services/api/poetry.lock:26:17: LCK001 pyproject.toml changed significantly since "
        "poetry.lock was last generated; run `poetry lock`"
    ),
    "services/api/pyproject.toml:5:31: LCK002 six>=1 is not in poetry.lock; run `poetry lock`",
]
WORKER = [
    (
        "services/worker/pyproject.toml:5:18: LCK003 six>=1.17 differs from six>=1.16 recorded in "
        "uv.lock; run `uv lock`"
    )
]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param((".",), API + WORKER, id="a monorepo is checked project by project"),
        pytest.param(
            ("services/api/pyproject.toml",), API, id="a commit to one project checks only that one"
        ),
        pytest.param(("services/worker/uv.lock",), WORKER, id="and the other one's lock alone"),
    ],
)
def test_monorepo(
    args: tuple[str, ...], expected: list[str], in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check(in_tmp, capsys, "lock/monorepo", MONOREPO_EDITS, expected, args)


# -- the contract ------------------------------------------------------------------------------


def test_json_names_the_package_and_the_severity(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project(in_tmp, "drift/poetry/pep621", ((PY, '    "six>=1.16,<2",\n', ""),))
    code, lines = run(capsys, "--format", "json", ".")
    findings = json.loads("\n".join(lines))["findings"]
    assert code == 1
    assert [(f["code"], f["severity"], f["package"], f["line"]) for f in findings] == [
        ("LCK004", "warning", "six", 83),
        ("LCK001", "error", None, 123),
    ]


@pytest.mark.parametrize(
    ("fixture", "edits"),
    [
        pytest.param("drift/poetry/pep621", TIGHTENED, id="poetry"),
        pytest.param("drift/uv/workspace", ((MEMBER, '"idna>=3.0"', '"idna>=3.5"'),), id="uv"),
        pytest.param("drift/pdm/workspace", ((MEMBER, '"idna>=3.0"', '"idna>=3.5"'),), id="pdm"),
        pytest.param("drift/pipenv/project", (("Pipfile", '">=3.0"', '">=3.5"'),), id="pipenv"),
        pytest.param("drift/pip-tools/hashes", ((IN, "idna>=3.0", "idna>=4"),), id="pip-tools"),
    ],
)
def test_every_finding_names_its_fix_and_no_file_changes(
    fixture: str, edits: tuple[Edit, ...], in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project(in_tmp, fixture, edits)
    before = {p: p.read_bytes() for p in in_tmp.rglob("*") if p.is_file()}
    code, lines = run(capsys, ".")
    assert code == 1 and lines
    assert all("; run `" in line and line.endswith("`") for line in lines), lines
    assert {p: p.read_bytes() for p in in_tmp.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("code", [f"LCK00{n}" for n in range(1, 7)])
def test_each_rule_is_documented(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", code]) == 0
    text = capsys.readouterr().out
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## What it does", "## Why is this bad?", "## Example", "## Fix safety"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("python_version < '3.11'", "python_full_version < '3.11'"),
        ('python_version>="3.9" and sys_platform == "win32"', "python_full_version >= '3.9' and sys_platform == 'win32'"),
        ("(python_version < '3.10' or os_name == 'nt')", "(python_full_version < '3.10' or os_name == 'nt')"),
        ("python_version < '3.11'", "python_full_version < '3.12'"),
        ("python_version >= '3.9'", "python_full_version >= '3.9.1'"),
        ("python_version > '3.9'", "python_full_version > '3.9'"),
        ("python_version <= '3.10'", "python_full_version < '3.11'"),
        ("python_version > '3.10' and os_name == 'nt'", "python_full_version >= '3.11' and os_name == 'nt'"),
        ("python_version <= '3.9'", "python_full_version < '3.9'"),
        ("python_version > '3.9'", "python_full_version >= '3.9'"),
        ("python_full_version <= '3.10'", "python_full_version < '3.11'"),
    ],
)
def test_python_version_spellings_shortcut_agrees_with_the_evaluation(
    a: str, b: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # uv writes python_full_version where pyproject.toml says python_version: the textual
    # shortcut (no packaging) must give the verdict of evaluating both markers.
    from reqhooks.rules import _lock_norm

    _lock_norm.equivalent_markers.cache_clear()
    fast = _lock_norm.equivalent_markers(a, b, ">=3.8")
    monkeypatch.setattr(_lock_norm, "_full_version_form", lambda normal: normal + repr(id(normal)))
    _lock_norm.equivalent_markers.cache_clear()
    try:
        assert _lock_norm.equivalent_markers(a, b, ">=3.8") == fast
    finally:
        _lock_norm.equivalent_markers.cache_clear()
