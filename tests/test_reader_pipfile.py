from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from reqhooks._text import Document
from reqhooks.model import Loc, Pipfile
from reqhooks.readers import pipfile

FIXTURES = Path(__file__).parent / "fixtures" / "pipfile"

Pos = tuple[int, int, int, int]


def pos(loc: Loc | None) -> Pos | None:
    if loc is None:
        return None
    line, col = loc.doc.position(loc.start)
    end_line, end_col = loc.doc.position(loc.end)
    return line, col, end_line, end_col


def read(src: str) -> tuple[Pipfile, list[tuple[Pos, str]]]:
    pf, findings = pipfile.read(Document(Path("Pipfile"), src))
    assert pf is not None
    return pf, sorted(((f.line, f.column, f.end_line, f.end_column), f.message) for f in findings)


def test_the_pipenv_sample() -> None:
    pf, findings = read((FIXTURES / "pipenv.Pipfile").read_text())
    assert findings == []
    got = [
        (
            r.kind,
            r.group,
            r.name,
            r.specifier,
            r.marker,
            r.original_spec,
            pos(r.loc),
            pos(r.spec_loc),
        )
        for r in pf.requirements
    ]
    assert got == [
        ("pipfile", "packages", "idna", ">=3.0", None, ">=3.0", (7, 1, 7, 5), (7, 9, 7, 14)),
        ("pipfile", "packages", "python-dateutil", ">=2.8", None, ">=2.8", (8, 1, 8, 16), (8, 20, 8, 25)),
        (
            "pipfile", "packages", "exceptiongroup", ">=1.0", "python_version < '3.13'", ">=1.0",
            (9, 1, 9, 15), (9, 30, 9, 35),
        ),
        ("pipfile", "dev-packages", "iniconfig", ">=2", None, ">=2", (12, 1, 12, 10), (12, 14, 12, 17)),
    ]  # fmt: skip
    marker_loc = pf.requirements[2].marker_loc
    assert marker_loc is not None
    assert (marker_loc.text(), pos(marker_loc)) == ("python_version < '3.13'", (9, 49, 9, 72))
    assert pf.python is not None
    assert (pf.python.source, pf.python.value, pf.python.specifier, pf.python.version) == (
        "Pipfile",
        "3.11",
        "==3.11.*",
        (3, 11),
    )
    assert pos(pf.python.loc) == (15, 19, 15, 23)


SRC = textwrap.dedent(
    """\
    [[source]]
    url = "https://pypi.org/simple"
    name = "pypi"

    [packages]
    requests = "*"
    django = "==4.2"
    flask = "2.3.3"
    pywin32 = {version = "*", sys_platform = "== 'win32'"}
    tomli = {version = ">=2", markers = "python_version < '3.11'", python_version = "< '3.11'"}
    mylib = {git = "https://github.com/org/mylib.git", ref = "v1.0", editable = true}
    local = {path = ".", editable = true}
    "zope.interface" = {version = ">=6", extras = ["Test"], index = "pypi"}

    [dev-packages]
    pytest = ">=8"

    [docs]
    sphinx = "~=7.2"

    [requires]
    python_version = "3.12"
    python_full_version = "3.12.4"

    [scripts]
    test = "pytest"
    """
)


def test_values_and_categories() -> None:
    pf, findings = read(SRC)
    assert findings == []
    got = [
        (r.group, r.name, r.specifier, r.marker, r.url, r.extras, r.editable, r.text)
        for r in pf.requirements
    ]
    assert got == [
        ("packages", "requests", "", None, None, (), False, "requests"),
        ("packages", "django", "==4.2", None, None, (), False, "django==4.2"),
        ("packages", "flask", "==2.3.3", None, None, (), False, "flask==2.3.3"),
        ("packages", "pywin32", "", "sys_platform == 'win32'", None, (), False, "pywin32; sys_platform == 'win32'"),
        (
            "packages", "tomli", ">=2", "python_version < '3.11' and python_version < '3.11'", None, (),
            False, "tomli>=2; python_version < '3.11' and python_version < '3.11'",
        ),
        (
            "packages", "mylib", "", None, "git+https://github.com/org/mylib.git@v1.0", (), True,
            "mylib @ git+https://github.com/org/mylib.git@v1.0",
        ),
        ("packages", "local", "", None, ".", (), True, "local @ ."),
        ("packages", "zope-interface", ">=6", None, None, ("test",), False, "zope.interface[test]>=6"),
        ("dev-packages", "pytest", ">=8", None, None, (), False, "pytest>=8"),
        ("docs", "sphinx", "~=7.2", None, None, (), False, "sphinx~=7.2"),
    ]  # fmt: skip
    assert [r.kind for r in pf.requirements] == ["pipfile"] * 10
    assert [r.original_spec for r in pf.requirements] == [
        "*", "==4.2", "2.3.3", "*", ">=2", None, None, ">=6", ">=8", "~=7.2"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "loc", "spec_loc"),
    [
        pytest.param("requests", (6, 1, 6, 9), (6, 13, 6, 14), id="a star"),
        pytest.param("flask", (8, 1, 8, 6), (8, 10, 8, 15), id="a bare version"),
        pytest.param("tomli", (10, 1, 10, 6), (10, 21, 10, 24), id="a table's version"),
        pytest.param("mylib", (11, 1, 11, 6), None, id="a git dependency has no version"),
        pytest.param("zope-interface", (13, 1, 13, 17), (13, 32, 13, 35), id="a quoted key"),
    ],
)
def test_locations(name: str, loc: Pos, spec_loc: Pos | None) -> None:
    pf, _ = read(SRC)
    (r,) = [r for r in pf.requirements if r.name == name]
    assert (pos(r.loc), pos(r.name_loc), pos(r.spec_loc)) == (loc, loc, spec_loc)


def test_python_full_version_wins() -> None:
    pf, _ = read(SRC)
    assert pf.python is not None
    assert (pf.python.value, pf.python.specifier, pf.python.version, pos(pf.python.loc)) == (
        "3.12.4",
        "==3.12.4",
        (3, 12, 4),
        (23, 24, 23, 30),
    )


def test_no_requires_no_python() -> None:
    pf, _ = read('[packages]\nrequests = "*"\n')
    assert pf.python is None


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        pytest.param(
            '[packages]\nrequests = ">=2.0x"\nok = "*"\n',
            [
                (
                    (2, 13, 2, 19),
                    (
                        "Expected a version specifier such as '>=3.10' (an operator and a PEP 440 "
                        "version), got '>=2.0x'"
                    ),
                )
            ],
            id="a bad version string",
        ),
        pytest.param(
            '[packages]\nrequests = "2.x"\n',
            [
                (
                    (2, 13, 2, 16),
                    (
                        "Expected a version specifier such as '>=3.10' (an operator and a PEP 440 "
                        "version), got '==2.x'"
                    ),
                )
            ],
            id="a bad bare version is underlined as written",
        ),
        pytest.param(
            "[packages]\nrequests = 2\n",
            [((2, 12, 2, 13), "Expected a version string or a table")],
            id="a number",
        ),
        pytest.param(
            "[packages]\nrequests = {version = 2}\n",
            [((2, 23, 2, 24), 'Expected a version string such as "==1.2" or "*"')],
            id="a version that is not a string",
        ),
        pytest.param(
            '[packages]\nrequests = {version = "*", extras = "socks"}\n',
            [((2, 37, 2, 44), "Expected an array of extra names")],
            id="extras that are not an array",
        ),
        pytest.param(
            '[packages]\n"not a name" = "*"\n',
            [((2, 1, 2, 13), "Expected a package name, got 'not a name'")],
            id="a key that is not a package name",
        ),
        pytest.param(
            '[requires]\npython_version = "3"\n',
            [((2, 19, 2, 20), 'Expected a Python version such as "3.12" or "3.12.1"')],
            id="a Python version without a minor",
        ),
        pytest.param(
            'packages = "x"\n',
            [((1, 12, 1, 15), "Expected a table of packages")],
            id="a category that is not a table",
        ),
    ],
)
def test_problems(src: str, expected: list[tuple[Pos, str]]) -> None:
    _, findings = read(src)
    assert findings == expected


def test_invalid_toml() -> None:
    pf, findings = pipfile.read(Document(Path("Pipfile"), "[packages\nrequests = 1\n"))
    assert pf is None
    assert [(f.code, f.line, f.column, f.message) for f in findings] == [
        ("REQ001", 1, 10, "Expected ']' at the end of a table declaration")
    ]
