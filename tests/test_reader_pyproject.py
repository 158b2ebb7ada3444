from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqhooks._text import Document
from reqhooks.model import Loc, Pyproject, Requirement
from reqhooks.readers import pyproject
from reqhooks.readers.pyproject import (
    ParsedRequirement,
    SyntaxProblem,
    _parse_fast,
    _parse_slow,
    group_requirements,
    parse_requirement,
    parse_specifier,
)

FIXTURES = Path(__file__).parent / "fixtures" / "pyproject"

Pos = tuple[int, int, int, int]


def pos(loc: Loc | None) -> Pos | None:
    if loc is None:
        return None
    line, col = loc.doc.position(loc.start)
    end_line, end_col = loc.doc.position(loc.end)
    return line, col, end_line, end_col


def read(src: str) -> tuple[Pyproject, list[tuple[Pos, str]]]:
    doc = Document(Path("pyproject.toml"), src)
    pp, findings = pyproject.read(doc)
    assert pp is not None
    return pp, [((f.line, f.column, f.end_line, f.end_column), f.message) for f in findings]


def summary(r: Requirement) -> tuple[object, ...]:
    return (r.kind, r.group, r.name, r.specifier, r.marker, pos(r.loc))


def parts(r: Requirement) -> tuple[object, ...]:
    """Each sub-location as (text, position)."""

    def one(loc: Loc | None) -> tuple[str, Pos] | None:
        return None if loc is None else (loc.text(), pos(loc))  # type: ignore[return-value]

    return one(r.name_loc), one(r.spec_loc), one(r.marker_loc)


# -- the sample projects written by the real tools ------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        pytest.param(
            "uv-project.toml",
            [
                ("project", None, "idna", ">=3.0", None, (7, 6, 7, 15)),
                ("project", None, "python-dateutil", ">=2.8", None, (8, 6, 8, 26)),
                (
                    "project",
                    None,
                    "exceptiongroup",
                    ">=1.0",
                    "python_version < '3.11'",
                    (9, 6, 9, 50),
                ),
                ("optional", "color", "colorama", ">=0.4", None, (13, 11, 13, 24)),
                ("build", None, "hatchling", "", None, (19, 14, 19, 23)),
                ("group", "dev", "iniconfig", ">=2", None, (16, 9, 16, 21)),
            ],
            id="a uv project reads project, optional, group and build requirements",
        ),
        pytest.param(
            "pdm.toml",
            [
                ("project", None, "idna", ">=3.0", None, (7, 6, 7, 15)),
                ("project", None, "python-dateutil", ">=2.8", None, (8, 6, 8, 26)),
                (
                    "project",
                    None,
                    "exceptiongroup",
                    ">=1.0",
                    "python_version < '3.11'",
                    (9, 6, 9, 50),
                ),
                ("optional", "color", "colorama", ">=0.4", None, (13, 11, 13, 24)),
                ("group", "dev", "iniconfig", ">=2", None, (16, 9, 16, 21)),
            ],
            id="a pdm project with no build system",
        ),
        pytest.param(
            "poetry-v2-pep621.toml",
            [
                ("project", None, "idna", ">=3.0", None, (7, 6, 7, 15)),
                ("project", None, "six", ">=1.16,<2", None, (8, 6, 8, 21)),
                ("project", None, "python-dateutil", ">=2.8", None, (9, 6, 9, 26)),
                (
                    "project",
                    None,
                    "exceptiongroup",
                    ">=1.0",
                    "python_version < '3.11'",
                    (10, 6, 10, 50),
                ),
                ("optional", "color", "colorama", ">=0.4", None, (14, 11, 14, 24)),
                ("build", None, "poetry-core", ">=2.0.0,<3.0.0", None, (23, 14, 23, 39)),
                ("group", "dev", "iniconfig", ">=2", None, (17, 9, 17, 21)),
            ],
            id="poetry 2 with PEP 621 tables and a parenthesised specifier",
        ),
        pytest.param(
            "poetry-v1.8-legacy.toml",
            [
                ("build", None, "poetry-core", "", None, (27, 14, 27, 25)),
                ("poetry", "main", "six", ">=1.16,<2.0", None, (10, 1, 10, 4)),
                ("poetry", "main", "python-dateutil", ">=2.8", None, (11, 1, 11, 16)),
                (
                    "poetry",
                    "main",
                    "exceptiongroup",
                    ">=1.0",
                    'python_version < "3.11"',
                    (12, 1, 12, 15),
                ),
                ("poetry", "main", "colorama", ">=0.4", None, (13, 1, 13, 9)),
                ("poetry", "dev", "iniconfig", ">=2", None, (19, 1, 19, 10)),
            ],
            id="poetry 1.8 tables: the key is the location, python is not a requirement",
        ),
        pytest.param(
            "uv-workspace.toml",
            [
                ("project", None, "demo-lib", "", None, (5, 18, 5, 26)),
                ("project", None, "six", ">=1.16", None, (5, 30, 5, 39)),
                ("build", None, "hatchling", "", None, (21, 14, 21, 23)),
                ("group", "dev", "iniconfig", ">=2", None, (8, 9, 8, 21)),
                ("uv-constraint", None, "six", "<2", None, (11, 29, 11, 34)),
                ("uv-override", None, "tzdata", ">=2024.1", None, (12, 27, 12, 41)),
            ],
            id="a uv workspace root with constraint and override dependencies",
        ),
        pytest.param(
            "uv-workspace-lib.toml",
            [
                ("project", None, "python-dateutil", ">=2.8", None, (5, 18, 5, 38)),
                ("build", None, "hatchling", "", None, (8, 14, 8, 23)),
            ],
            id="a workspace member",
        ),
        pytest.param(
            "uv-virtual-workspace.toml",
            [("group", "dev", "iniconfig", ">=2", None, (5, 9, 5, 21))],
            id="a virtual workspace has only dependency groups",
        ),
    ],
)
def test_sample_projects(fixture: str, expected: list[tuple[object, ...]]) -> None:
    pp, findings = read((FIXTURES / fixture).read_text())
    assert findings == []
    assert [summary(r) for r in pp.requirements] == expected


def test_poetry_legacy_sample_details() -> None:
    pp, _ = read((FIXTURES / "poetry-v1.8-legacy.toml").read_text())
    by_name = {r.name: r for r in pp.requirements if r.kind == "poetry"}
    six = by_name["six"]
    assert (six.original_spec, six.spec_loc and six.spec_loc.text(), pos(six.spec_loc)) == (
        "^1.16",
        "^1.16",
        (10, 8, 10, 13),
    )
    assert six.text == "six>=1.16,<2.0"
    assert by_name["exceptiongroup"].spec_loc is not None
    assert pos(by_name["exceptiongroup"].spec_loc) == (12, 30, 12, 35)
    assert by_name["colorama"].optional is True  # optional = true, and listed in an extra
    assert by_name["six"].optional is False
    assert pp.poetry_python is not None
    assert (pp.poetry_python.source, pp.poetry_python.value, pp.poetry_python.specifier) == (
        "poetry",
        "^3.9",
        ">=3.9,<4.0",
    )
    assert pos(pp.poetry_python.loc) == (9, 11, 9, 15)
    assert pp.requires_python is None


def test_requires_python_sample() -> None:
    pp, _ = read((FIXTURES / "uv-project.toml").read_text())
    rp = pp.requires_python
    assert rp is not None
    assert (rp.source, rp.value, rp.specifier, pos(rp.loc)) == (
        "requires-python",
        ">=3.9",
        ">=3.9",
        (5, 20, 5, 25),
    )


# -- PEP 508 strings in TOML: where each part is -------------------------------------------


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        pytest.param(
            'project.dependencies = ["numpy>=1.26,<2"]\n',
            [(("numpy", (1, 26, 1, 31)), (">=1.26,<2", (1, 31, 1, 40)), None)],
            id="a dotted key at the top level",
        ),
        pytest.param(
            'project = {name = "x", dependencies = ["numpy ==1.26.4"]}\n',
            [(("numpy", (1, 41, 1, 46)), ("==1.26.4", (1, 47, 1, 55)), None)],
            id="an inline project table",
        ),
        pytest.param(
            textwrap.dedent(
                """\
                [project]
                dependencies = [
                    # the numerical core
                    "numpy>=1.26",  # keep in sync with the lock
                    'tomli>=2; python_version < "3.11"',

                    "requests [socks, security] >= 2.31",
                ]
                """
            ),
            [
                (("numpy", (4, 6, 4, 11)), (">=1.26", (4, 11, 4, 17)), None),
                (
                    ("tomli", (5, 6, 5, 11)),
                    (">=2", (5, 11, 5, 14)),
                    ('python_version < "3.11"', (5, 16, 5, 39)),
                ),
                (("requests", (7, 6, 7, 14)), (">= 2.31", (7, 33, 7, 40)), None),
            ],
            id="a multi-line array with comments, a literal string and extras",
        ),
        pytest.param(
            '[project]\ndependencies = ["tomli>=2; python_version < \\"3.11\\""]\n',
            [
                (
                    ("tomli", (2, 18, 2, 23)),
                    (">=2", (2, 23, 2, 26)),
                    ('python_version < \\"3.11\\"', (2, 28, 2, 53)),
                ),
            ],
            id="escaped quotes inside a basic string: the marker spans the escapes",
        ),
        pytest.param(
            '[project]\ndependencies = ["\\u0074omli>=2"]\n',
            [(("\\u0074omli", (2, 18, 2, 28)), (">=2", (2, 28, 2, 31)), None)],
            id="a unicode escape in the name",
        ),
        pytest.param(
            '[project]\ndependencies = ["""\\\n    tomli>=2"""]\n',
            [(("tomli", (3, 5, 3, 10)), (">=2", (3, 10, 3, 13)), None)],
            id="a multi-line basic string with a line-ending backslash",
        ),
        pytest.param(
            "[project]\r\ndependencies = [\r\n  'tomli >=2 ; python_version<\"3.11\"',\r\n]\r\n",
            [
                (
                    ("tomli", (3, 4, 3, 9)),
                    (">=2", (3, 10, 3, 13)),
                    ('python_version<"3.11"', (3, 16, 3, 37)),
                ),
            ],
            id="CRLF newlines",
        ),
        pytest.param(
            "[project]\ndependencies = [\"pkg @ https://example.com/pkg-1.0.tar.gz ; os_name == 'nt'\"]\n",
            [(("pkg", (2, 18, 2, 21)), None, ("os_name == 'nt'", (2, 61, 2, 76)))],
            id="a direct URL with a marker",
        ),
    ],
)
def test_locations_inside_strings(src: str, expected: list[tuple[object, ...]]) -> None:
    pp, findings = read(src)
    assert findings == []
    assert [parts(r) for r in pp.requirements] == expected


def test_string_loc_is_the_content_without_quotes() -> None:
    pp, _ = read('[project]\ndependencies = ["a", \'b>=1\', """c"""]\n')
    assert [(r.loc.text(), pos(r.loc)) for r in pp.requirements] == [
        ("a", (2, 18, 2, 19)),
        ("b>=1", (2, 23, 2, 27)),
        ("c", (2, 33, 2, 34)),
    ]


def test_fields_of_a_requirement_with_everything() -> None:
    pp, _ = read(
        "[project]\ndependencies = [\"Requests[Socks,security] (>=2.31, <3) ; python_version >= '3.10'\"]\n"
    )
    (r,) = pp.requirements
    assert (r.name, r.extras, r.specifier, r.marker, r.url) == (
        "requests",
        ("socks", "security"),
        ">=2.31,<3",
        "python_version >= '3.10'",
        None,
    )
    assert r.text == "Requests[Socks,security] (>=2.31, <3) ; python_version >= '3.10'"
    assert r.spec_loc is not None and r.spec_loc.text() == ">=2.31, <3"


# -- every table that declares requirements -------------------------------------------------


def test_optional_dependencies_groups_build_and_tools() -> None:
    src = textwrap.dedent(
        """\
        [project]
        requires-python = ">= 3.10, <4"
        dependencies = ["attrs"]

        [project.optional-dependencies]
        cli = ["click>=8"]
        all = ["rich", "click"]

        [dependency-groups]
        test = ["pytest>=8", {include-group = "lint"}]
        lint = ["ruff==0.6.9"]

        [build-system]
        requires = ["setuptools>=69", "wheel"]

        [tool.pdm.dev-dependencies]
        docs = ["mkdocs>=1.5", "-e git+https://github.com/org/theme.git#egg=my-theme", "-e ./local"]

        [tool.uv]
        dev-dependencies = ["coverage[toml]>=7"]
        constraint-dependencies = ["urllib3<3"]
        override-dependencies = ["idna==3.7"]
        """
    )
    pp, findings = read(src)
    assert findings == []
    assert [(r.kind, r.group, r.name, r.specifier, r.editable) for r in pp.requirements] == [
        ("project", None, "attrs", "", False),
        ("optional", "cli", "click", ">=8", False),
        ("optional", "all", "rich", "", False),
        ("optional", "all", "click", "", False),
        ("build", None, "setuptools", ">=69", False),
        ("build", None, "wheel", "", False),
        ("group", "test", "pytest", ">=8", False),
        ("group", "lint", "ruff", "==0.6.9", False),
        ("pdm-dev", "docs", "mkdocs", ">=1.5", False),
        ("pdm-dev", "docs", "my-theme", "", True),
        ("uv-dev", "dev", "coverage", ">=7", False),
        ("uv-constraint", None, "urllib3", "<3", False),
        ("uv-override", None, "idna", "==3.7", False),
    ]
    assert pp.requires_python is not None
    assert (pp.requires_python.value, pp.requires_python.specifier) == (">= 3.10, <4", ">=3.10,<4")
    theme = pp.requirements[9]
    assert theme.url == "git+https://github.com/org/theme.git#egg=my-theme"
    assert pos(theme.loc) == (17, 25, 17, 77)


POETRY = textwrap.dedent(
    """\
    [tool.poetry.dependencies]
    python = "^3.10"
    numpy = "^1.2"
    scipy = "~1.11"
    attrs = "^21 || ^22"
    requests = { version = ">=2.31", extras = ["socks"], markers = "sys_platform == 'linux'" }
    mylib = { git = "https://github.com/org/mylib.git", tag = "v1.0" }
    local = { path = "../local", develop = true }
    pandas = [
        { version = "^1.5", python = "<3.12" },
        { version = "^2.1", python = ">=3.12" },
    ]
    black = { version = "*", optional = true }
    Flask = "2.3.*"

    [tool.poetry.extras]
    format = ["black"]
    web = ["flask"]

    [tool.poetry.dev-dependencies]
    pytest = "^8"

    [tool.poetry.group.docs.dependencies]
    python = "^3.11"
    sphinx = ">=7,<8"
    """
)


def test_poetry_tables() -> None:
    pp, findings = read(POETRY)
    assert findings == []
    got = [
        (r.group, r.name, r.specifier, r.marker, r.url, r.extras, r.original_spec, r.optional)
        for r in pp.requirements
    ]
    assert got == [
        ("main", "numpy", ">=1.2,<2.0", None, None, (), "^1.2", False),
        ("main", "scipy", ">=1.11,<1.12", None, None, (), "~1.11", False),
        ("main", "attrs", ">=21,<23", None, None, (), "^21 || ^22", False),
        (
            "main",
            "requests",
            ">=2.31",
            "sys_platform == 'linux'",
            None,
            ("socks",),
            ">=2.31",
            False,
        ),
        ("main", "mylib", "", None, "git+https://github.com/org/mylib.git@v1.0", (), None, False),
        ("main", "local", "", None, "../local", (), None, False),
        ("main", "pandas", ">=1.5,<2.0", 'python_version < "3.12"', None, (), "^1.5", False),
        ("main", "pandas", ">=2.1,<3.0", 'python_version >= "3.12"', None, (), "^2.1", False),
        ("main", "black", "", None, None, (), "*", True),
        ("main", "flask", "==2.3.*", None, None, (), "2.3.*", True),
        ("dev", "pytest", ">=8,<9", None, None, (), "^8", False),
        ("docs", "sphinx", ">=7,<8", None, None, (), ">=7,<8", False),
    ]
    assert pp.poetry_python is not None
    assert (pp.poetry_python.specifier, pos(pp.poetry_python.loc)) == (
        ">=3.10,<4.0",
        (2, 11, 2, 16),
    )
    assert [r.kind for r in pp.requirements] == ["poetry"] * 12
    assert pp.requirements[5].editable is True


@pytest.mark.parametrize(
    ("index", "key", "spec", "marker"),
    [
        pytest.param(
            0, ("numpy", (3, 1, 3, 6)), ("^1.2", (3, 10, 3, 14)), None, id="a constraint string"
        ),
        pytest.param(
            3,
            ("requests", (6, 1, 6, 9)),
            (">=2.31", (6, 25, 6, 31)),
            ("sys_platform == 'linux'", (6, 65, 6, 88)),
            id="an inline table with markers",
        ),
        pytest.param(
            4, ("mylib", (7, 1, 7, 6)), None, None, id="a git dependency has no constraint"
        ),
        pytest.param(
            6,
            ("pandas", (9, 1, 9, 7)),
            ("^1.5", (10, 18, 10, 22)),
            None,
            id="the first of multiple constraints",
        ),
        pytest.param(
            7,
            ("pandas", (9, 1, 9, 7)),
            ("^2.1", (11, 18, 11, 22)),
            None,
            id="the second of multiple constraints",
        ),
        pytest.param(
            9, ("Flask", (14, 1, 14, 6)), ("2.3.*", (14, 10, 14, 15)), None, id="the key as written"
        ),
    ],
)
def test_poetry_locations(
    index: int, key: tuple[str, Pos], spec: tuple[str, Pos] | None, marker: tuple[str, Pos] | None
) -> None:
    pp, _ = read(POETRY)
    r = pp.requirements[index]
    assert (r.loc.text(), pos(r.loc)) == key
    assert parts(r) == (key, spec, marker)


# -- what cannot be read --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        pytest.param(
            '[project]\ndependencies = "numpy"\n',
            [((2, 16, 2, 23), "Expected an array of strings, got a string")],
            id="dependencies as a string",
        ),
        pytest.param(
            '[project]\ndependencies = ["ok", 3, {a = 1}]\n',
            [
                ((2, 23, 2, 24), "Expected a requirement string, got a number"),
                ((2, 26, 2, 33), "Expected a requirement string, got a table"),
            ],
            id="items that are not strings",
        ),
        pytest.param(
            '[project]\ndependencies = ["numpy>=1 scipy"]\n',
            [
                (
                    (2, 27, 2, 28),
                    (
                        "Expected comma (within version specifier), semicolon (after version "
                        "specifier) or end"
                    ),
                )
            ],
            id="a missing comma: the error is where the next word starts",
        ),
        pytest.param(
            '[project]\ndependencies = ["\\u006eumpy>=1 scipy"]\n',
            [
                (
                    (2, 32, 2, 33),
                    (
                        "Expected comma (within version specifier), semicolon (after version "
                        "specifier) or end"
                    ),
                )
            ],
            id="the column is mapped back through an escape",
        ),
        pytest.param(
            "[project]\ndependencies = ['numpy; python_version >']\n",
            [((2, 41, 2, 41), "Expected a marker variable or quoted string")],
            id="an unfinished marker is reported at the end of the string",
        ),
        pytest.param(
            '[project]\ndependencies = [">=1"]\n',
            [((2, 18, 2, 19), "Expected package name at the start of dependency specifier")],
            id="no name",
        ),
        pytest.param(
            '[project.optional-dependencies]\nx = "a"\ny = ["b>="]\n',
            [
                ((2, 5, 2, 8), "Expected an array of strings, got a string"),
                ((3, 8, 3, 9), "Expected semicolon (after name with no version specifier) or end"),
            ],
            id="errors in optional dependencies, and reading goes on",
        ),
        pytest.param(
            '[project]\nrequires-python = ">=3.9x"\n',
            [
                (
                    (2, 20, 2, 26),
                    (
                        "Expected a version specifier such as '>=3.10' (an operator and a PEP 440 "
                        "version), got '>=3.9x'"
                    ),
                )
            ],
            id="a bad requires-python",
        ),
        pytest.param(
            '[project]\nrequires-python = ">=3.9, 3.10"\n',
            [
                (
                    (2, 27, 2, 31),
                    (
                        "Expected a version specifier such as '>=3.10' (an operator and a PEP 440 "
                        "version), got '3.10'"
                    ),
                )
            ],
            id="a bare version in requires-python",
        ),
        pytest.param(
            '[tool.poetry.dependencies]\npython = "^3.x"\nnumpy = "^1.2.x"\nok = "^1"\n',
            [
                ((2, 12, 2, 15), "Expected a PEP 440 version, got '3.x' in '^3.x'"),
                ((3, 11, 3, 16), "Expected a PEP 440 version, got '1.2.x' in '^1.2.x'"),
            ],
            id="bad Poetry constraints are reported inside the string",
        ),
        pytest.param(
            "[tool.poetry.dependencies]\nnumpy = 3\n",
            [
                (
                    (2, 1, 2, 6),
                    (
                        "Expected a version string, a table or an array of tables for dependency "
                        "'numpy', got int"
                    ),
                )
            ],
            id="a Poetry dependency of the wrong type",
        ),
        pytest.param(
            '[dependency-groups]\na = ["x", {include-group = "b"}]\nb = [{include-group = "a"}]\n'
            'c = [{include-group = "nope"}, {include = "a"}]\n',
            [
                ((3, 6, 3, 27), "Expected no include cycle in dependency groups: a -> b -> a"),
                (
                    (4, 6, 4, 30),
                    "Expected include-group to name a dependency group; there is no group 'nope'",
                ),
                ((4, 32, 4, 47), 'Expected a requirement string or {include-group = "<group>"}'),
            ],
            id="an include cycle and a missing group",
        ),
        pytest.param(
            '[dependency-groups]\nself = [{include-group = "Self"}]\n',
            [((2, 9, 2, 33), "Expected no include cycle in dependency groups: self -> Self")],
            id="a group that includes itself",
        ),
        pytest.param(
            '[dependency-groups]\nDev = ["a"]\ndev = ["b"]\n',
            [
                (
                    (3, 1, 3, 4),
                    "Expected each dependency group once, but 'dev' is the same group as 'Dev'",
                )
            ],
            id="two spellings of one group",
        ),
        pytest.param(
            '[project]\ndependencies = [\n  "numpy",\n]\noptional-dependencies = []\n',
            [((5, 25, 5, 27), "Expected a table of arrays, got an array")],
            id="optional dependencies of the wrong type",
        ),
    ],
)
def test_problems(src: str, expected: list[tuple[Pos, str]]) -> None:
    _, findings = read(src)
    assert sorted(findings) == expected


def test_good_requirements_are_kept_next_to_bad_ones() -> None:
    pp, findings = read('[project]\ndependencies = ["a>=1", "b>=", "c"]\n')
    assert [r.name for r in pp.requirements] == ["a", "c"]
    assert len(findings) == 1


def test_invalid_toml_gives_no_pyproject() -> None:
    doc = Document(Path("pyproject.toml"), '[project]\ndependencies = ["a",\nname = 1\n')
    pp, findings = pyproject.read(doc)
    assert pp is None
    (f,) = findings
    assert (f.code, f.line, f.column, f.message) == (
        "REQ001",
        3,
        1,
        "Expected valid TOML: invalid value",
    )


def test_an_empty_file() -> None:
    pp, findings = read("")
    assert (pp.requirements, findings, pp.requires_python) == ([], [], None)


# -- PEP 735 includes -----------------------------------------------------------------------

GROUPS = textwrap.dedent(
    """\
    [dependency-groups]
    test = ["pytest", {include-group = "typing"}, "coverage"]
    typing = ["mypy", {include-group = "base"}]
    base = ["attrs"]
    all = [{include-group = "test"}, {include-group = "typing"}, {include-group = "missing"}]
    loop-a = ["a", {include-group = "loop_b"}]
    loop-b = ["b", {include-group = "loop-a"}]
    """
)


@pytest.mark.parametrize(
    ("group", "names"),
    [
        pytest.param("base", ["attrs"], id="a group without includes"),
        pytest.param(
            "test",
            ["pytest", "mypy", "attrs", "coverage"],
            id="includes expand where they are written",
        ),
        pytest.param("all", ["pytest", "mypy", "attrs", "coverage"], id="nothing twice"),
        pytest.param("Loop_A", ["a", "b"], id="a cycle stops, and group names are normalised"),
        pytest.param("missing", [], id="a missing group is empty"),
    ],
)
def test_group_requirements(group: str, names: list[str]) -> None:
    pp, _ = read(GROUPS)
    assert [r.name for r in group_requirements(pp, group)] == names


def test_group_requirements_are_recorded_once_where_written() -> None:
    pp, findings = read(GROUPS)
    assert [(r.group, r.name) for r in pp.requirements] == [
        ("test", "pytest"), ("test", "coverage"), ("typing", "mypy"), ("base", "attrs"),
        ("loop-a", "a"), ("loop-b", "b"),
    ]  # fmt: skip
    assert [m for _, m in findings] == [
        "Expected include-group to name a dependency group; there is no group 'missing'",
        "Expected no include cycle in dependency groups: loop-a -> loop-b -> loop-a",
    ]


# -- the fast path and packaging agree -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("numpy", id="a name"),
        pytest.param("  numpy  ", id="spaces around"),
        pytest.param("Django>=4.2,<5", id="two comparisons"),
        pytest.param("zope.interface ~= 6.1", id="compatible release with spaces"),
        pytest.param("a_b-c.d == 1.0.*", id="a wildcard"),
        pytest.param("x!=1.0rc1 , >0.9.post2 ,<=2.dev3", id="pre, post and dev releases"),
        pytest.param("x\t>=\t1", id="tabs"),
        pytest.param("tomli>=2; python_version < '3.11'", id="a marker"),
        pytest.param("x ;sys_platform=='win32' and (os_name != \"nt\" or extra == 'a') ", id="a compound marker"),
        pytest.param("x>=1;python_full_version>='3.9'", id="no spaces"),
    ],
)
def test_fast_path_matches_packaging(text: str) -> None:
    fast = _parse_fast(text)
    assert fast is not None
    assert fast == _parse_slow(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("x>=1.*", id="a wildcard after >="),
        pytest.param("x~=1", id="compatible release with one component"),
        pytest.param("x==1.0+local", id="a local version"),
        pytest.param("x>=1.0RC1", id="upper-case pre-release"),
        pytest.param("x[extra]", id="extras"),
        pytest.param("x; platform_release == '5'", id="a marker the fast path does not read"),
        pytest.param("x; os_name = 'nt'", id="an invalid marker"),
        pytest.param("x;", id="an empty marker"),
        pytest.param("x; os_name ~= 'nt'", id="a marker whose evaluation raises"),
        pytest.param("x_", id="a name ending in an underscore"),
    ],
)
def test_fast_path_declines(text: str) -> None:
    assert _parse_fast(text) is None


_PIECES = st.sampled_from(
    [*"ab1_.-0 \t=<>!~*,9[];@()'\"", "rc", "post", "dev", "==", ">=", "~=", ".*", " ; ", "extra",
     " and ", " or ", "python_version", "sys_platform", "'3.1'", '"win32"', " < ", " == "]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_fast_path_agrees_with_packaging_on_anything(tail: str) -> None:
    text = "name" + tail
    fast = _parse_fast(text)
    if fast is not None:
        assert _parse_slow(text) == fast


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_parse_requirement_never_raises(text: str) -> None:
    result = parse_requirement(text)
    assert isinstance(result, (ParsedRequirement, SyntaxProblem))
    if isinstance(result, SyntaxProblem):
        assert 0 <= result.span[0] <= result.span[1] <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(">=3.10", ">=3.10", id="one clause"),
        pytest.param(" >= 3.10 , < 4 ", ">=3.10,<4", id="spaces are removed"),
        pytest.param("", "", id="empty"),
        pytest.param("==3.12.*", "==3.12.*", id="a wildcard"),
        pytest.param(">=3.10a1", ">=3.10a1", id="a pre-release through packaging"),
    ],
)
def test_parse_specifier(text: str, expected: str) -> None:
    assert parse_specifier(text) == expected


def test_reading_simple_requirements_does_not_import_packaging() -> None:
    code = textwrap.dedent(
        """\
        import sys
        from pathlib import Path
        from reqhooks._text import Document
        from reqhooks.readers import pyproject
        deps = ", ".join(f'"pkg{i}>={i}.0,<{i + 1}"' for i in range(300))
        src = f'[project]\\nrequires-python = ">=3.10"\\ndependencies = [{deps}]\\n'
        pp, findings = pyproject.read(Document(Path("pyproject.toml"), src))
        assert len(pp.requirements) == 300 and not findings
        print(sorted(m for m in sys.modules if m.startswith("packaging")))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_hundreds_of_requirements_read_quickly() -> None:
    lines = "\n".join(f'    "package-{i}>={i}.0,<{i + 1}",' for i in range(1000))
    src = f"[project]\ndependencies = [\n{lines}\n]\n"
    started = time.perf_counter()
    pp, findings = read(src)
    elapsed = time.perf_counter() - started
    assert len(pp.requirements) == 1000 and not findings
    assert pos(pp.requirements[-1].loc) == (1002, 6, 1002, 30)
    assert elapsed < 1.0


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from([*"ab1 =<>!~.;[]@,'\"\\\t", "é", "\u2028", "\n"]), max_size=20
    ),
    st.booleans(),
)
def test_any_string_in_any_escaping_maps_back_into_its_quotes(value: str, ascii_only: bool) -> None:
    import json

    literal = json.dumps("pkg" + value, ensure_ascii=ascii_only)  # a valid TOML basic string
    src = f"[project]\ndependencies = [{literal}]\n"
    doc = Document(Path("pyproject.toml"), src)
    pp, findings = pyproject.read(doc)
    assert pp is not None
    first = src.index(literal) + 1
    last = first + len(literal) - 2
    for f in findings:
        start = doc.text.index("\n") + f.column  # line 2, 1-based column
        assert (f.line, f.end_line) == (2, 2)
        assert first <= start <= last
    for r in pp.requirements:
        assert r.text == "pkg" + value
        assert (r.loc.start, r.loc.end) == (first, last)
        assert r.name_loc is not None
        assert first <= r.name_loc.start <= r.name_loc.end <= last
        assert json.loads(f'"{r.name_loc.text()}"').lower().startswith("pkg")
        for sub in (r.spec_loc, r.marker_loc):
            if sub is not None:
                assert first <= sub.start <= sub.end <= last
        if r.marker_loc is not None:
            assert json.loads(f'"{r.marker_loc.text()}"') == r.marker
