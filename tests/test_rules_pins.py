"""PIN001-PIN005 through the command line: ``reqhooks pins ...``.

The locks under ``fixtures/pins/`` were written by the real tools (``generate.py`` next to
them): urllib3 2.8.0 is the critical library they resolve (1.26.20 and 2.8.0 in the forked
uv lock), and ``mylib`` is a git dependency following the branch ``main``, which the locks
resolve to commit ``0c587fc6...``.  Everything else is written by the tests.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reqhooks.cli import main
from tests.conftest import FIXTURES, write

PINS = FIXTURES / "pins"
COMMIT = "0c587fc6db2098f34c421f26f0982dcdfbe3948c"
HASH_A = "sha256:" + "a" * 64
HASH_B = "sha256:" + "b" * 64

LIBRARY = """\
[project]
name = "typical-lib"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = [
    "numpy>=1.24,<3",
    "pydantic>=2",
    "requests>=2.28",
    "torch>=2; sys_platform != 'win32'",
    "sqlalchemy",
]

[project.optional-dependencies]
pandas = ["pandas>=2"]

[dependency-groups]
dev = ["pytest>=8", "numpy"]

[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """``reqhooks pins ARGS``: the exit code and the finding lines (no summary)."""
    code = main(["pins", *args])
    out = capsys.readouterr().out.splitlines()
    return code, [line for line in out if not line.startswith("Found ")]


def copy(fixture: str, dest: Path) -> None:
    shutil.copytree(PINS / fixture, dest, dirs_exist_ok=True)


def config(body: str) -> dict[str, str]:
    return {".reqhooks.toml": body}


# -- PIN001: exact where the policy says exact -----------------------------------------------


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"requirements.txt": "torch>=2\n"},
            [
                (
                    "requirements.txt:1:1: PIN001 torch is critical and must be pinned exactly in "
                    "requirements.txt, not `>=2`: write `torch==<version>` (no lock file says which "
                    "version works)"
                )
            ],
            id="an application deploying torch>=2 is an error",
        ),
        pytest.param(
            {"requirements.txt": "numpy\n"},
            [
                (
                    "requirements.txt:1:1: PIN001 numpy is critical and must be pinned exactly in "
                    "requirements.txt: write `numpy==<version>` (no lock file says which version works)"
                )
            ],
            id="a bare name is not pinned",
        ),
        pytest.param(
            {"requirements.txt": "numpy==1.*\n"},
            [
                (
                    "requirements.txt:1:1: PIN001 numpy is critical and must be pinned exactly in "
                    "requirements.txt, not `==1.*`: write `numpy==<version>` (no lock file says which "
                    "version works)"
                )
            ],
            id="a wildcard is not exact",
        ),
        pytest.param(
            {"requirements.txt": "numpy>=1.26,<2\n"},
            [
                (
                    "requirements.txt:1:1: PIN001 numpy is critical and must be pinned exactly in "
                    "requirements.txt, not `>=1.26,<2`: write `numpy==<version>` (no lock file says "
                    "which version works)"
                )
            ],
            id="a bounded range is not exact",
        ),
        pytest.param(
            {"requirements.txt": 'torch[cuda] >= 2 ; sys_platform == "linux"  # GPU boxes\n'},
            [
                (
                    "requirements.txt:1:1: PIN001 torch is critical and must be pinned exactly in "
                    "requirements.txt, not `>=2`: write `torch[cuda]==<version>` (no lock file says "
                    "which version works)"
                )
            ],
            id="extras and markers are understood",
        ),
        pytest.param(
            {"requirements.txt": "Scikit_Learn>=1.5\n"},
            [
                (
                    "requirements.txt:1:1: PIN001 scikit-learn is critical and must be pinned exactly "
                    "in requirements.txt, not `>=1.5`: write `Scikit_Learn==<version>` (no lock file "
                    "says which version works)"
                )
            ],
            id="names are compared normalised and written as the user wrote them",
        ),
        pytest.param(
            {"constraints.txt": "torch>=2\n"},
            [
                (
                    "constraints.txt:1:1: PIN001 torch is critical and must be pinned exactly in "
                    "constraints.txt, not `>=2`: write `torch==<version>` (no lock file says which "
                    "version works)"
                )
            ],
            id="constraints files are exact too",
        ),
        pytest.param(
            {
                "environment.yml": "dependencies:\n  - python=3.12\n  - pip\n  - pip:\n      - torch>=2\n",
            },
            [
                (
                    "environment.yml:5:9: PIN001 torch is critical and must be pinned exactly in "
                    "environment.yml, not `>=2`: write `torch==<version>` (no lock file says which "
                    "version works)"
                )
            ],
            id="the pip list of a conda environment is exact",
        ),
        pytest.param(
            {"requirements.txt": "-c constraints.txt\ntorch\n", "constraints.txt": "torch>=2\n"},
            [
                (
                    "constraints.txt:1:1: PIN001 torch is critical and must be pinned exactly in "
                    "constraints.txt, not `>=2`: write `torch==<version>` (no lock file says which "
                    "version works)"
                ),
                (
                    "requirements.txt:2:1: PIN001 torch is critical and must be pinned exactly in "
                    "requirements.txt: write `torch==<version>` (no lock file says which version works)"
                ),
            ],
            id="a loose constraint does not pin the requirement",
        ),
        pytest.param(
            {
                "requirements.txt": "-c constraints.txt\ntorch\n",
                "constraints.txt": "torch==2.5.1; sys_platform == 'linux'\n",
            },
            [
                (
                    "requirements.txt:2:1: PIN001 torch is critical and must be pinned exactly in "
                    "requirements.txt: write `torch==<version>` (no lock file says which version works)"
                ),
            ],
            id="a pin under another marker does not cover the requirement",
        ),
        pytest.param(
            {"base.txt": "torch>=2\n", "requirements.txt": "-r base.txt\n"},
            [
                (
                    "base.txt:1:1: PIN001 torch is critical and must be pinned exactly in base.txt, "
                    "not `>=2`: write `torch==<version>` (no lock file says which version works)"
                )
            ],
            id="a -r include is checked with its own policy",
        ),
    ],
)
def test_pin001_reports(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str | bytes],
    expected: list[str],
) -> None:
    write(in_tmp, files)
    assert run(capsys) == (1, expected)


@pytest.mark.parametrize(
    "files",
    [
        pytest.param({"requirements.txt": "torch==2.5.1\n"}, id="an exact pin"),
        pytest.param({"requirements.txt": "torch===2.5.1+cu121\n"}, id="an arbitrary-equality pin"),
        pytest.param({"requirements.txt": "torch>=2,==2.5.1\n"}, id="an exact clause among others"),
        pytest.param({"requirements.txt": "six>=1\nrich\n"}, id="libraries that are not critical"),
        pytest.param(
            {"requirements.txt": f"torch @ git+https://github.com/pytorch/pytorch@{COMMIT}\n"},
            id="a URL pinned to a commit",
        ),
        pytest.param(
            {
                "requirements.txt": "-c constraints.txt\ntorch\n",
                "constraints.txt": "torch==2.5.1\n",
            },
            id="a requirement pinned by its constraints file",
        ),
        pytest.param(
            {
                "requirements-dev.txt": "-r requirements.txt\ntorch>=2\n",
                "requirements.txt": "torch==2.5.1\n",
            },
            id="a requirement pinned by the file it includes",
        ),
        pytest.param(
            {
                "requirements.txt": "-r base.txt\n-c constraints.txt\n",
                "base.txt": "torch>=2\n",
                "constraints.txt": "torch==2.5.1\n",
            },
            id="an included base file pinned by the constraints of the file that includes it",
        ),
        pytest.param(
            {"requirements.in": "torch>=2\n"},
            id="a pip-compile input is pinned by its output",
        ),
        pytest.param({"pyproject.toml": LIBRARY}, id="a typical library is quiet by default"),
        pytest.param(
            {"Pipfile": '[packages]\ntorch = ">=2"\nnumpy = "*"\n'},
            id="a Pipfile is pinned by its lock",
        ),
    ],
)
def test_pin001_quiet(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | bytes]
) -> None:
    write(in_tmp, files)
    assert run(capsys) == (0, [])


def test_compiled_requirements_and_their_input_are_quiet(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("pip-compile", in_tmp)
    write(in_tmp, {"requirements.in": "urllib3\nsix\n"})
    assert run(capsys) == (0, [])


def test_an_application_deployed_from_its_lock_is_quiet(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("uv-app", in_tmp)  # urllib3>=2 in a package = false project with uv.lock
    assert run(capsys, "--select", "PIN001,PIN002") == (0, [])


def test_an_application_without_a_lock_is_bounded(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("uv-app", in_tmp)
    (in_tmp / "uv.lock").unlink()
    assert run(capsys, "--select", "PIN001,PIN002") == (
        1,
        [
            (
                "pyproject.toml:5:18: PIN002 urllib3 is critical and has no upper bound in "
                "[project.dependencies]: write `urllib3>=2,<3`, so that its next major release cannot "
                "arrive untested"
            )
        ],
    )


# -- configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {
                "pyproject.toml": '[tool.reqhooks]\ncritical = ["my-sdk"]\n',
                "requirements.txt": "torch>=2\nMy_SDK>=1\n",
            },
            [
                (
                    "requirements.txt:2:1: PIN001 my-sdk is critical and must be pinned exactly in "
                    "requirements.txt, not `>=1`: write `My_SDK==<version>` (no lock file says which "
                    "version works)"
                )
            ],
            id="critical replaces the bundled list",
        ),
        pytest.param(
            {
                "pyproject.toml": '[tool.reqhooks]\nextend-critical = ["my_sdk[extra]"]\n',
                "requirements.txt": "torch>=2\nmy-sdk>=1\n",
            },
            [
                (
                    "requirements.txt:1:1: PIN001 torch is critical and must be pinned exactly in "
                    "requirements.txt, not `>=2`: write `torch==<version>` (no lock file says which "
                    "version works)"
                ),
                (
                    "requirements.txt:2:1: PIN001 my-sdk is critical and must be pinned exactly in "
                    "requirements.txt, not `>=1`: write `my-sdk==<version>` (no lock file says which "
                    "version works)"
                ),
            ],
            id="extend-critical adds to it, names normalised and extras dropped",
        ),
        pytest.param(
            {
                "pyproject.toml": '[tool.reqhooks]\npin-policy = { requirements = "bounded" }\n',
                "requirements.txt": "torch>=2\nnumpy<3\n",
            },
            [
                (
                    "requirements.txt:1:1: PIN002 torch is critical and has no upper bound in "
                    "requirements.txt: write `torch>=2,<3`, so that its next major release cannot "
                    "arrive untested"
                )
            ],
            id="pin-policy makes requirements files bounded",
        ),
        pytest.param(
            {
                "pyproject.toml": '[tool.reqhooks]\npin-policy = { requirements = "any", constraints = "any" }\n',
                "requirements.txt": "torch>=2\n",
                "constraints.txt": "numpy\n",
            },
            [],
            id="pin-policy any turns the check off",
        ),
        pytest.param(
            {
                ".reqhooks.toml": '[pin-policy]\ndependency-groups = "exact"\n',
                "pyproject.toml": LIBRARY,
            },
            [
                (
                    "pyproject.toml:17:22: PIN001 numpy is critical and must be pinned exactly in "
                    "dependency group `dev`: write `numpy==<version>` (no lock file says which "
                    "version works)"
                )
            ],
            id="pin-policy in reqhooks.toml makes dependency groups exact",
        ),
        pytest.param(
            {
                "Pipfile": '[packages]\ntorch = ">=2"\nnumpy = {version = "*", extras = ["dev"]}\n',
                ".reqhooks.toml": 'pin-policy = { pipfile = "exact" }\n',
            },
            [
                (
                    "Pipfile:2:1: PIN001 torch is critical and must be pinned exactly in Pipfile "
                    '[packages], not `>=2`: write `torch = "==<version>"` (no lock file says which '
                    "version works)"
                ),
                (
                    "Pipfile:3:1: PIN001 numpy is critical and must be pinned exactly in Pipfile "
                    '[packages], not `*`: write `version = "==<version>"` (no lock file says which '
                    "version works)"
                ),
            ],
            id="pin-policy makes a Pipfile exact",
        ),
    ],
)
def test_configuration(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str | bytes],
    expected: list[str],
) -> None:
    write(in_tmp, files)
    assert run(capsys) == (1 if expected else 0, expected)


# -- PIN002: bounded where the policy says bounded --------------------------------------------


def test_a_library_bounds_only_what_it_names(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp,
        {
            "pyproject.toml": LIBRARY
            + '\n[tool.reqhooks]\nextend-critical = ["pydantic", "pandas", "sqlalchemy"]\n'
        },
    )
    assert run(capsys) == (
        1,
        [
            (
                "pyproject.toml:7:6: PIN002 pydantic is critical and has no upper bound in "
                "[project.dependencies]: write `pydantic>=2,<3`, so that its next major release cannot "
                "arrive untested"
            ),
            (
                "pyproject.toml:10:6: PIN002 sqlalchemy is critical and has no upper bound in "
                "[project.dependencies]: add one below the first release you have not tested "
                "(`sqlalchemy<N`)"
            ),
            (
                "pyproject.toml:14:12: PIN002 pandas is critical and has no upper bound in "
                "[project.optional-dependencies.pandas]: write `pandas>=2,<3`, so that its next major "
                "release cannot arrive untested"
            ),
        ],
    )


def test_critical_makes_the_whole_list_the_librarys_own(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp, {"pyproject.toml": LIBRARY + '\n[tool.reqhooks]\ncritical = ["numpy", "torch"]\n'}
    )
    assert run(capsys) == (
        1,
        [
            (
                "pyproject.toml:9:6: PIN002 torch is critical and has no upper bound in "
                "[project.dependencies]: write `torch>=2,<3`, so that its next major release cannot "
                "arrive untested"
            )
        ],
    )


def test_an_explicit_exact_policy_covers_the_whole_list_in_a_library(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp,
        {"pyproject.toml": LIBRARY + '\n[tool.reqhooks]\npin-policy = { project = "exact" }\n'},
    )
    code, lines = run(capsys, "--select", "PIN001")
    assert code == 1
    assert [line.split(" PIN001 ")[1].split(" is critical")[0] for line in lines] == [
        "numpy", "pydantic", "requests", "torch", "sqlalchemy",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("dependencies", "expected"),
    [
        pytest.param(
            'torch = ">=2"',
            [
                (
                    "pyproject.toml:8:1: PIN002 torch is critical and has no upper bound in "
                    '[tool.poetry.dependencies]: write `torch = ">=2,<3"`, so that its next major '
                    "release cannot arrive untested"
                )
            ],
            id="poetry >=2 is not bounded",
        ),
        pytest.param(
            'fastapi = ">=0.110"',
            [
                (
                    "pyproject.toml:8:1: PIN002 fastapi is critical and has no upper bound in "
                    '[tool.poetry.dependencies]: write `fastapi = ">=0.110,<0.111"`, so that its next '
                    "0.x minor release cannot arrive untested"
                )
            ],
            id="the next breaking release of a 0.x library is its next minor",
        ),
        pytest.param(
            'torch = "*"',
            [
                (
                    "pyproject.toml:8:1: PIN002 torch is critical and has no upper bound in "
                    "[tool.poetry.dependencies]: add one below the first release you have not tested "
                    '(`torch = "<N"`)'
                )
            ],
            id="poetry star is not bounded",
        ),
        pytest.param('torch = "^2.1"', [], id="poetry caret is bounded"),
        pytest.param('torch = "~2.1"', [], id="poetry tilde is bounded"),
        pytest.param('torch = "2.5.*"', [], id="a poetry wildcard is bounded"),
        pytest.param('torch = ">=2 <3"', [], id="a poetry range with a space is bounded"),
        pytest.param(
            'torch = {version = "^2", extras = ["cuda"]}', [], id="a poetry table is read"
        ),
        pytest.param('torch = "~=2.1"', [], id="a compatible release is bounded"),
    ],
)
def test_poetry_constraints_in_an_application_without_a_lock(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], dependencies: str, expected: list[str]
) -> None:
    write(
        in_tmp,
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "app"\nversion = "0"\npackage-mode = false\n\n'
                f'[tool.poetry.dependencies]\npython = "^3.11"\n{dependencies}\n'
            )
        },
    )
    assert run(capsys) == (1 if expected else 0, expected)


@pytest.mark.parametrize(
    ("constraint", "expected"),
    [
        pytest.param('"2.5.1"', [], id="a bare poetry version is exact"),
        pytest.param('"==2.5.1"', [], id="poetry == is exact"),
        pytest.param(
            '"^2.1"',
            [
                (
                    "pyproject.toml:8:1: PIN001 torch is critical and must be pinned exactly in "
                    '[tool.poetry.dependencies], not `^2.1`: write `torch = "==<version>"` (no lock '
                    "file says which version works)"
                )
            ],
            id="poetry caret is not exact and the message shows it as written",
        ),
        pytest.param(
            '"2.5.*"',
            [
                (
                    "pyproject.toml:8:1: PIN001 torch is critical and must be pinned exactly in "
                    '[tool.poetry.dependencies], not `2.5.*`: write `torch = "==<version>"` (no lock '
                    "file says which version works)"
                )
            ],
            id="a poetry wildcard is not exact",
        ),
    ],
)
def test_poetry_constraints_under_an_exact_policy(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], constraint: str, expected: list[str]
) -> None:
    write(
        in_tmp,
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "app"\nversion = "0"\npackage-mode = false\n\n'
                f'[tool.poetry.dependencies]\npython = "^3.11"\ntorch = {constraint}\n\n'
                '[tool.reqhooks]\npin-policy = { project = "exact" }\n'
            )
        },
    )
    assert run(capsys) == (1 if expected else 0, expected)


def test_a_bound_from_the_lock_when_there_is_no_lower_bound(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("uv-app", in_tmp)
    write(
        in_tmp,
        {
            "pyproject.toml": (
                '[project]\nname = "lib"\nversion = "1"\ndependencies = ["urllib3"]\n\n'
                '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
                '[tool.reqhooks]\nextend-critical = ["urllib3"]\n'
            )
        },
    )
    assert run(capsys) == (
        1,
        [
            (
                "pyproject.toml:4:18: PIN002 urllib3 is critical and has no upper bound in "
                "[project.dependencies]: write `urllib3<3`, so that its next major release cannot "
                "arrive untested"
            )
        ],
    )


# -- the PIN001 fix --------------------------------------------------------------------------


def test_fix_pins_to_the_version_the_uv_lock_resolves(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("uv-app", in_tmp)
    original = b"# deploy\r\nurllib3[socks] >= 2 ; python_version >= '3.11'  # keep me\r\nsix\r\n"
    write(in_tmp, {"requirements.txt": original})
    assert run(capsys, "--select", "PIN001") == (
        1,
        [
            (
                "requirements.txt:2:1: PIN001 [*] urllib3 is critical and must be pinned exactly in "
                "requirements.txt, not `>=2`: write `urllib3[socks]==2.8.0` (the version uv.lock "
                "resolves)"
            )
        ],
    )

    assert main(["pins", "--select", "PIN001", "--diff"]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        "--- a/requirements.txt\n"
        "+++ b/requirements.txt\n"
        "@@ -1,3 +1,3 @@\n"
        " # deploy\r\n"
        "-urllib3[socks] >= 2 ; python_version >= '3.11'  # keep me\r\n"
        "+urllib3[socks] ==2.8.0 ; python_version >= '3.11'  # keep me\r\n"
        " six\r\n"
    )
    assert captured.err == "Would fix 1 problem.\n"
    assert (in_tmp / "requirements.txt").read_bytes() == original

    assert main(["pins", "--select", "PIN001", "--fix"]) == 0
    assert capsys.readouterr().err == "Fixed 1 problem.\n"
    fixed = b"# deploy\r\nurllib3[socks] ==2.8.0 ; python_version >= '3.11'  # keep me\r\nsix\r\n"
    assert (in_tmp / "requirements.txt").read_bytes() == fixed

    assert run(capsys, "--select", "PIN001", "--fix") == (0, [])
    assert capsys.readouterr().err == ""
    assert (in_tmp / "requirements.txt").read_bytes() == fixed


def test_fix_inserts_a_pin_after_the_extras_of_a_bare_name(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("pip-compile", in_tmp)
    write(in_tmp, {"constraints.txt": "urllib3[socks]\nsix\n"})
    assert run(capsys, "--select", "PIN001") == (
        1,
        [
            (
                "constraints.txt:1:1: PIN001 [*] urllib3 is critical and must be pinned exactly in "
                "constraints.txt: write `urllib3[socks]==2.8.0` (the version requirements.txt pins)"
            )
        ],
    )
    assert main(["pins", "--select", "PIN001", "--fix"]) == 0
    assert (in_tmp / "constraints.txt").read_text() == "urllib3[socks]==2.8.0\nsix\n"


def test_fix_in_a_poetry_pyproject(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy("poetry-lib", in_tmp)
    pyproject = in_tmp / "pyproject.toml"
    original = pyproject.read_text() + '\n[tool.reqhooks]\npin-policy = { project = "exact" }\n'
    pyproject.write_text(original)
    assert run(capsys, "--select", "PIN001") == (
        1,
        [
            (
                "pyproject.toml:9:1: PIN001 [*] urllib3 is critical and must be pinned exactly in "
                '[tool.poetry.dependencies], not `>=2`: write `urllib3 = "==2.8.0"` (the version '
                "poetry.lock resolves)"
            )
        ],
    )
    assert main(["pins", "--select", "PIN001", "--fix"]) == 0
    assert pyproject.read_text() == original.replace('urllib3 = ">=2"', 'urllib3 = "==2.8.0"')
    assert run(capsys, "--select", "PIN001") == (0, [])


def test_fix_in_a_pep621_string_with_extras_and_a_marker(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("uv-app", in_tmp)
    pyproject = (
        '[project]\nname = "lib"\nversion = "1"\n'
        "dependencies = [\"urllib3[socks]; python_version >= '3.11'\"]\n\n"
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
        '[tool.reqhooks]\npin-policy = { project = "exact" }\n'
    )
    write(in_tmp, {"pyproject.toml": pyproject})
    assert run(capsys, "--select", "PIN001") == (
        1,
        [
            (
                "pyproject.toml:4:18: PIN001 [*] urllib3 is critical and must be pinned exactly in "
                "[project.dependencies]: write `urllib3[socks]==2.8.0` (the version uv.lock resolves)"
            )
        ],
    )
    assert main(["pins", "--select", "PIN001", "--fix"]) == 0
    assert (in_tmp / "pyproject.toml").read_text() == pyproject.replace(
        "urllib3[socks];", "urllib3[socks]==2.8.0;"
    )


@pytest.mark.parametrize(
    ("fixture", "requirement", "why"),
    [
        pytest.param(
            "uv-forks",
            "urllib3",
            "no single version to pin: uv.lock has 1.26.20 and 2.8.0",
            id="no fix when the lock has a version per fork",
        ),
        pytest.param(
            "uv-app",
            "urllib3<2",
            "uv.lock resolves 2.8.0, which `<2` excludes",
            id="no fix when the locked version is outside the specifier",
        ),
    ],
)
def test_no_fix_when_the_truth_is_not_known(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    fixture: str,
    requirement: str,
    why: str,
) -> None:
    copy(fixture, in_tmp)
    write(in_tmp, {"requirements.txt": f"{requirement}\n"})
    spec = requirement[len("urllib3") :]
    not_ = f", not `{spec}`" if spec else ""
    assert run(capsys, "--select", "PIN001") == (
        1,
        [
            (
                f"requirements.txt:1:1: PIN001 urllib3 is critical and must be pinned exactly in "
                f"requirements.txt{not_}: write `urllib3==<version>` ({why})"
            )
        ],
    )
    assert main(["pins", "--fix", "--select", "PIN001"]) == 1
    assert (in_tmp / "requirements.txt").read_text() == f"{requirement}\n"


def test_no_fix_where_the_specifier_comes_from_a_variable(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy("uv-app", in_tmp)
    monkeypatch.setenv("URLLIB3_SPEC", ">=2")
    write(in_tmp, {"requirements.txt": "urllib3${URLLIB3_SPEC}\n"})
    assert run(capsys, "--select", "PIN001") == (
        1,
        [
            (
                "requirements.txt:1:1: PIN001 urllib3 is critical and must be pinned exactly in "
                "requirements.txt, not `>=2`: write `urllib3==2.8.0` (the version uv.lock resolves)"
            )
        ],
    )


# -- PIN003: URLs and VCS references ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            f"mylib @ git+https://github.com/example/mylib@{COMMIT}",
            None,
            id="a full commit is pinned",
        ),
        pytest.param(
            "mylib @ git+https://github.com/example/mylib@v1.2.3",
            None,
            id="a release tag is accepted",
        ),
        pytest.param(
            "mylib @ git+https://github.com/example/mylib@1.2",
            None,
            id="a bare release tag is accepted",
        ),
        pytest.param(
            "mylib @ git+https://github.com/example/mylib@mylib-2.0.1",
            None,
            id="a prefixed release tag is accepted",
        ),
        pytest.param(
            "mylib @ svn+https://svn.example.com/mylib/trunk@1234",
            None,
            id="an svn revision is pinned",
        ),
        pytest.param(
            "mylib @ https://example.com/mylib-1.0.tar.gz#sha256=" + "a" * 64,
            None,
            id="an archive with a hash fragment is pinned",
        ),
        pytest.param(
            f"mylib @ https://example.com/mylib-1.0.tar.gz --hash={HASH_A}",
            None,
            id="an archive with a hash option is pinned",
        ),
        pytest.param("./vendor/mylib", None, id="a local path is not flagged"),
        pytest.param("mylib @ file:///opt/src/mylib", None, id="a file URL is not flagged"),
        pytest.param(
            "mylib @ git+https://github.com/example/mylib@main",
            "requirements.txt:1:9: PIN003 mylib follows `main` of git+https://github.com/example/mylib, "
            "a branch or a tag that is not a release: replace `@main` with `@<full commit hash>`",
            id="a branch is not pinned",
        ),
        pytest.param(
            "mylib @ git+https://github.com/example/mylib@v1",
            "requirements.txt:1:9: PIN003 mylib follows `v1` of git+https://github.com/example/mylib, "
            "a branch or a tag that is not a release: replace `@v1` with `@<full commit hash>`",
            id="a moving major tag is not pinned",
        ),
        pytest.param(
            "mylib @ git+https://github.com/example/mylib",
            "requirements.txt:1:9: PIN003 mylib installs whatever the default branch of "
            "git+https://github.com/example/mylib holds at install time: add `@<full commit hash>` "
            "to the URL",
            id="no reference follows the default branch",
        ),
        pytest.param(
            "mylib @ git+https://github.com/example/mylib@0c587fc",
            "requirements.txt:1:9: PIN003 mylib names `0c587fc`, an abbreviated commit that pip "
            "fetches anew on every install: write the full 40-character hash",
            id="an abbreviated commit is not pinned",
        ),
        pytest.param(
            "-e git+https://github.com/example/mylib@develop#egg=mylib",
            "requirements.txt:1:4: PIN003 mylib follows `develop` of git+https://github.com/example/mylib, "
            "a branch or a tag that is not a release: replace `@develop` with `@<full commit hash>`",
            id="an editable VCS requirement on a branch is not pinned",
        ),
        pytest.param(
            "mylib @ https://example.com/mylib-1.0.tar.gz",
            "requirements.txt:1:9: PIN003 mylib is downloaded from https://example.com/mylib-1.0.tar.gz "
            "with no hash: whatever archive the URL serves is installed; add `#sha256=<hash>` to the "
            "URL or a `--hash=sha256:<hash>` option",
            id="an archive without a hash is not pinned",
        ),
        pytest.param(
            "https://example.com/dist/mylib-1.0-py3-none-any.whl",
            "requirements.txt:1:1: PIN003 mylib is downloaded from "
            "https://example.com/dist/mylib-1.0-py3-none-any.whl with no hash: whatever archive the "
            "URL serves is installed; add `#sha256=<hash>` to the URL or a `--hash=sha256:<hash>` option",
            id="a bare wheel URL without a hash is not pinned",
        ),
    ],
)
def test_pin003_in_a_requirements_file(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], line: str, expected: str | None
) -> None:
    write(in_tmp, {"requirements.txt": f"{line}\n"})
    assert run(capsys, "--select", "PIN003") == ((1, [expected]) if expected else (0, []))


def test_pin003_in_pep621_dependencies_asks_for_a_hash_fragment(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp,
        {
            "pyproject.toml": (
                '[project]\nname = "app"\nversion = "1"\n'
                'dependencies = ["mylib @ https://example.com/mylib-1.0.zip"]\n'
            )
        },
    )
    assert run(capsys) == (
        1,
        [
            (
                "pyproject.toml:4:26: PIN003 mylib is downloaded from https://example.com/mylib-1.0.zip "
                "with no hash: whatever archive the URL serves is installed; add `#sha256=<hash>` to the URL"
            )
        ],
    )


def test_pin003_uv_source_on_a_branch_names_the_commit_uv_lock_resolved(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("uv-app", in_tmp)
    assert run(capsys) == (
        1,
        [
            (
                "pyproject.toml:11:62: PIN003 mylib follows branch `main` of https://github.com/example/mylib: "
                'every `uv lock` moves it to whatever the branch holds then; replace `branch = "main"` '
                f'with `rev = "{COMMIT}"` (the commit uv.lock resolved)'
            )
        ],
    )


def test_pin003_poetry_git_branch_names_the_commit_poetry_lock_resolved(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("poetry-lib", in_tmp)
    assert run(capsys) == (
        1,
        [
            (
                "pyproject.toml:10:62: PIN003 mylib follows branch `main` of https://github.com/example/mylib: "
                'every `poetry lock` moves it to whatever the branch holds then; replace `branch = "main"` '
                f'with `rev = "{COMMIT}"` (the commit poetry.lock resolved)'
            )
        ],
    )


@pytest.mark.parametrize(
    ("dependency", "expected"),
    [
        pytest.param(
            '{ git = "https://github.com/example/mylib", tag = "stable" }',
            None,
            id="a poetry tag is accepted",
        ),
        pytest.param(
            f'{{ git = "https://github.com/example/mylib", rev = "{COMMIT}" }}',
            None,
            id="a poetry rev commit is pinned",
        ),
        pytest.param(
            '{ git = "https://github.com/example/mylib", rev = "0c587fc" }',
            "pyproject.toml:6:59: PIN003 mylib names `0c587fc`, an abbreviated commit: write the full "
            'hash: `rev = "<full commit hash>"`',
            id="a poetry rev that is an abbreviated commit is not pinned",
        ),
        pytest.param(
            '{ git = "https://github.com/example/mylib" }',
            "pyproject.toml:6:17: PIN003 mylib follows the default branch of https://github.com/example/mylib: "
            'every `poetry lock` moves it to whatever the branch holds then; add `rev = "<full commit hash>"`',
            id="a poetry git dependency without a reference follows the default branch",
        ),
    ],
)
def test_pin003_poetry_git_references(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], dependency: str, expected: str | None
) -> None:
    write(
        in_tmp,
        {
            "pyproject.toml": (
                '[tool.poetry]\nname = "app"\nversion = "0"\npackage-mode = false\n'
                f"[tool.poetry.group.dev.dependencies]\nmylib = {dependency}\n"
            )
        },
    )
    assert run(capsys) == ((1, [expected]) if expected else (0, []))


def test_pin003_pipfile_git_ref(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        in_tmp,
        {
            "Pipfile": (
                "[packages]\n"
                'mylib = { git = "https://github.com/example/mylib.git", ref = "main" }\n'
                'other = { git = "https://github.com/example/other.git" }\n'
                f'pinned = {{ git = "https://github.com/example/pinned.git", ref = "{COMMIT}" }}\n'
                'tagged = { git = "https://github.com/example/tagged.git", ref = "v2.0.1" }\n'
            )
        },
    )
    assert run(capsys) == (
        1,
        [
            (
                "Pipfile:2:63: PIN003 mylib follows `main` of https://github.com/example/mylib.git, a branch "
                "or a tag that is not a release: every `pipenv lock` moves it to whatever the branch holds "
                'then; write `ref = "<full commit hash>"`'
            ),
            (
                "Pipfile:3:17: PIN003 other follows the default branch of https://github.com/example/other.git: "
                'every `pipenv lock` moves it to whatever the branch holds then; add `ref = "<full commit hash>"`'
            ),
        ],
    )


# -- PIN004: fully-pinned files --------------------------------------------------------------


def test_pin004_every_line_of_a_fully_pinned_file(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("pip-compile", in_tmp)
    write(
        in_tmp,
        {
            ".reqhooks.toml": 'fully-pinned = ["requirements/prod.txt"]\n',
            "requirements/prod.txt": (
                "six>=1.16\n"
                "idna\n"
                "urllib3==2.8.0\n"
                "torch>=2\n"
                "mylib @ git+https://github.com/example/mylib@main\n"
                "./vendor/tool\n"
            ),
            "requirements/dev.txt": "six>=1.16\n",
        },
    )
    assert run(capsys, "--select", "PIN001,PIN004") == (
        1,
        [
            (
                "requirements/prod.txt:1:1: PIN004 `six>=1.16` is not pinned with `==`, and `fully-pinned` "
                "says every requirement of prod.txt must be: write `six==<version>` (no lock file says "
                "which version works)"
            ),
            (
                "requirements/prod.txt:2:1: PIN004 idna has no version, and `fully-pinned` says every "
                "requirement of prod.txt must be pinned with `==`: write `idna==<version>` (no lock file "
                "says which version works)"
            ),
            (
                "requirements/prod.txt:4:1: PIN001 torch is critical and must be pinned exactly in prod.txt, "
                "not `>=2`: write `torch==<version>` (no lock file says which version works)"
            ),
        ],
    )


def test_pin004_names_the_version_a_compiled_file_pins(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("pip-compile", in_tmp)
    write(
        in_tmp,
        {".reqhooks.toml": 'fully-pinned = ["*.txt"]\n', "requirements-docker.txt": "six>=1.16\n"},
    )
    assert run(capsys) == (
        1,
        [
            (
                "requirements-docker.txt:1:1: PIN004 `six>=1.16` is not pinned with `==`, and `fully-pinned` "
                "says every requirement of requirements-docker.txt must be: write `six==1.17.0` (the version "
                "requirements.txt pins)"
            )
        ],
    )


def test_pin004_globs_are_relative_to_the_configuration_file(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp,
        {
            "app/.reqhooks.toml": 'fully-pinned = ["deploy/*.txt"]\n',
            "app/pyproject.toml": '[project]\nname = "app"\nversion = "1"\n',
            "app/deploy/requirements.txt": "rich>=13\n",
        },
    )
    assert run(capsys, "app") == (
        1,
        [
            (
                "app/deploy/requirements.txt:1:1: PIN004 `rich>=13` is not pinned with `==`, and "
                "`fully-pinned` says every requirement of requirements.txt must be: write `rich==<version>` "
                "(no lock file says which version works)"
            )
        ],
    )


def test_pin004_can_hold_an_applications_pyproject_to_exact_pins(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("uv-app", in_tmp)
    write(in_tmp, {".reqhooks.toml": 'fully-pinned = ["pyproject.toml"]\n'})
    assert run(capsys, "--select", "PIN004") == (
        1,
        [
            (
                "pyproject.toml:5:18: PIN004 `urllib3>=2` is not pinned with `==`, and `fully-pinned` says "
                "every requirement of pyproject.toml must be: write `urllib3==2.8.0` (the version uv.lock "
                "resolves)"
            )
        ],
    )


# -- PIN005: hash-checking mode --------------------------------------------------------------


def test_pin005_what_pip_refuses_in_hash_checking_mode(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_tmp / "tools").mkdir()
    write(
        in_tmp,
        {
            "requirements.txt": (
                f"urllib3==2.8.0 --hash={HASH_A}\n"
                "six==1.17.0\n"
                "idna>=3\n"
                f"certifi>=2024 --hash={HASH_B}\n"
                "-e ./tools\n"
                f"mylib @ git+https://github.com/example/mylib@{COMMIT}\n"
                "./tools\n"
                "pkg @ https://example.com/pkg-1.0.tar.gz\n"
                "ok @ https://example.com/ok-1.0.tar.gz#sha256=" + "c" * 64 + "\n"
            ),
        },
    )
    assert run(capsys, "--select", "PIN005") == (
        1,
        [
            (
                "requirements.txt:2:1: PIN005 `six==1.17.0` has no `--hash`, and hash-checking mode is on "
                '(line 1 has --hash): pip stops with "Hashes are required in --require-hashes mode, but '
                'they are missing from some requirements"; add its `--hash` options'
            ),
            (
                "requirements.txt:3:1: PIN005 `idna>=3` is not pinned with `==` and has no `--hash`, and "
                'hash-checking mode is on (line 1 has --hash): pip stops with "In --require-hashes mode, '
                'all requirements must have their versions pinned with =="; pin it and add its hashes '
                "(`pip-compile --generate-hashes` writes both)"
            ),
            (
                "requirements.txt:4:1: PIN005 `certifi>=2024` is not pinned with `==`: pip before 26.1 stops "
                'with "In --require-hashes mode, all requirements must have their versions pinned with ==", '
                "and pip 26.1 installs only what its hashes allow; write the `==` version they are for"
            ),
            (
                "requirements.txt:5:4: PIN005 `-e ./tools` cannot be installed while hash-checking mode is "
                'on (line 1 has --hash): pip stops with "The editable requirement ... cannot be installed '
                'when requiring hashes, because there is no single file to hash"; install it with a '
                "separate `pip install -e`"
            ),
            (
                f"requirements.txt:6:1: PIN005 `mylib @ git+https://github.com/example/mylib@{COMMIT}` comes "
                "from version control, which pip cannot hash, and hash-checking mode is on (line 1 has "
                "--hash): pip stops with \"Can't verify hashes for these requirements because we don't have "
                'a way to hash version control repositories"; point it at a wheel or sdist URL with '
                "`#sha256=`, or install it with a separate pip command"
            ),
            (
                "requirements.txt:7:1: PIN005 `./tools` is a local directory, which pip cannot hash, and "
                "hash-checking mode is on (line 1 has --hash): pip stops with \"Can't verify hashes for "
                'these file:// requirements because they point to directories"; build a wheel and require '
                "it with its `--hash`, or install it with a separate pip command"
            ),
            (
                "requirements.txt:8:1: PIN005 `pkg @ https://example.com/pkg-1.0.tar.gz` has no `--hash`, and "
                'hash-checking mode is on (line 1 has --hash): pip stops with "Hashes are required in '
                '--require-hashes mode, but they are missing from some requirements"; add `#sha256=<hash>` '
                "to the URL"
            ),
        ],
    )


def test_pin005_a_file_that_includes_a_hashed_file(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("pip-compile", in_tmp)
    write(in_tmp, {"requirements-dev.txt": "-r requirements.txt\npytest==8.4.2\n"})
    assert run(capsys, "--select", "PIN005") == (
        1,
        [
            (
                "requirements-dev.txt:2:1: PIN005 `pytest==8.4.2` has no `--hash`, and hash-checking mode is "
                'on (requirements.txt:7 has --hash): pip stops with "Hashes are required in '
                '--require-hashes mode, but they are missing from some requirements"; add its `--hash` options'
            )
        ],
    )


def test_pin005_the_compiled_file_alone_is_fine(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("pip-compile", in_tmp)
    assert run(capsys) == (0, [])


def test_pin005_hashes_in_a_constraints_file(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp,
        {
            "requirements.txt": "-c constraints.txt\nsix\nurllib3==2.8.0\nidna==3.10\n",
            "constraints.txt": f"six==1.17.0 --hash={HASH_A}\nurllib3==2.8.0 --hash={HASH_B}\n",
        },
    )
    assert run(capsys, "--select", "PIN005") == (
        1,
        [
            (
                "requirements.txt:2:1: PIN005 `six` is not pinned with `==`: pip before 26.1 stops with "
                '"In --require-hashes mode, all requirements must have their versions pinned with ==", and '
                "pip 26.1 installs only what the hashes in constraints.txt allow; write the `==` version "
                "they are for"
            ),
            (
                "requirements.txt:3:1: PIN005 `urllib3==2.8.0` has no `--hash` of its own, and hash-checking "
                "mode is on (constraints.txt:1 has --hash): pip before 26.1 ignores the hashes in "
                'constraints.txt and stops with "Hashes are required in --require-hashes mode, but they are '
                'missing from some requirements"; repeat its `--hash` options here'
            ),
            (
                "requirements.txt:4:1: PIN005 `idna==3.10` has no `--hash`, and hash-checking mode is on "
                '(constraints.txt:1 has --hash): pip stops with "Hashes are required in --require-hashes '
                'mode, but they are missing from some requirements"; add its `--hash` options'
            ),
        ],
    )


def test_pin005_require_hashes_turns_the_mode_on(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, {"requirements.txt": "--require-hashes\nsix==1.17.0\n"})
    assert run(capsys, "--select", "PIN005") == (
        1,
        [
            (
                "requirements.txt:2:1: PIN005 `six==1.17.0` has no `--hash`, and hash-checking mode is on "
                '(line 1 has --require-hashes): pip stops with "Hashes are required in --require-hashes '
                'mode, but they are missing from some requirements"; add its `--hash` options'
            )
        ],
    )


@pytest.mark.parametrize(
    "files",
    [
        pytest.param(
            {"requirements.txt": "six==1.17.0\nidna>=3\n-e ./tools\n"}, id="no hashes, no mode"
        ),
        pytest.param(
            {"requirements.txt": f"--no-require-hashes\nsix==1.17.0 --hash={HASH_A}\nidna>=3\n"},
            id="no-require-hashes keeps the mode off",
        ),
        pytest.param(
            {"requirements.txt": f"six==1.17.0 --hash={HASH_A}\n", "dev.txt": "idna>=3\n"},
            id="a file that does not include the hashed file is another install",
        ),
        pytest.param(
            {
                "requirements.txt": f"-c constraints.txt\nsix==1.17.0 --hash={HASH_A}\n",
                "constraints.txt": "idna>=3\nurllib3\n",
            },
            id="constraint lines need no hashes",
        ),
    ],
)
def test_pin005_quiet(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | bytes]
) -> None:
    write(in_tmp, files)
    assert run(capsys, "--select", "PIN005") == (0, [])


# -- output ----------------------------------------------------------------------------------


def test_json_names_the_package_and_the_fix(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy("uv-app", in_tmp)
    write(in_tmp, {"requirements.txt": "URLLib3>=2\n"})
    assert main(["pins", "--select", "PIN001", "--format", "json", "requirements.txt"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["package"] == "urllib3"
    assert finding["severity"] == "error"
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        1,
        1,
        1,
        11,
    )
    assert finding["fix"] is not None


def test_the_pre_commit_hook_reports_only_the_files_it_is_given(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reqhooks.hooks.pins import main as hook

    write(in_tmp, {"requirements.txt": "torch>=2\n", "constraints.txt": "numpy\n"})
    assert hook(["requirements.txt"]) == 1
    assert capsys.readouterr().out == (
        "requirements.txt:1:1: PIN001 torch is critical and must be pinned exactly in "
        "requirements.txt, not `>=2`: write `torch==<version>` (no lock file says which version "
        "works)\nFound 1 problem.\n"
    )
