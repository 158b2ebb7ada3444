from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from reqhooks._text import Document
from reqhooks.model import Loc
from reqhooks.readers import conda

Pos = tuple[int, int, int, int]


def pos(loc: Loc | None) -> Pos | None:
    if loc is None:
        return None
    line, col = loc.doc.position(loc.start)
    end_line, end_col = loc.doc.position(loc.end)
    return line, col, end_line, end_col


ENVIRONMENT = textwrap.dedent(
    """\
    name: ml
    channels:
      - conda-forge
    dependencies:
      - python=3.11
      - pip
      - numpy=1.26  # from conda, not read
      - pip:
          - torch==2.3.1  # pinned for the GPU image
          - "tomli>=2; python_version < '3.11'"
          - 'transformers[torch] >= 4.40'
          - -r requirements.txt
          - --extra-index-url https://download.pytorch.org/whl/cpu
          - -e git+https://github.com/org/lib.git@v1#egg=my_lib
          - git+https://github.com/org/other.git
          - ./local/pkg
          - requests>=2.31 --hash=sha256:0123

      - pip: [six, "attrs>=23"]
    variables:
      - name: x
    """
)


def test_environment_yml() -> None:
    reqs, findings = conda.read(Document(Path("environment.yml"), ENVIRONMENT))
    assert findings == []
    got = [
        (r.kind, r.name, r.specifier, r.marker, r.extras, r.url, r.editable, r.text, pos(r.loc))
        for r in reqs
    ]
    assert got == [
        ("conda-pip", "torch", "==2.3.1", None, (), None, False, "torch==2.3.1", (9, 9, 9, 21)),
        (
            "conda-pip", "tomli", ">=2", "python_version < '3.11'", (), None, False,
            "tomli>=2; python_version < '3.11'", (10, 10, 10, 43),
        ),
        (
            "conda-pip", "transformers", ">=4.40", None, ("torch",), None, False,
            "transformers[torch] >= 4.40", (11, 10, 11, 37),
        ),
        (
            "conda-pip", "my-lib", "", None, (), "git+https://github.com/org/lib.git@v1#egg=my_lib",
            True, "-e git+https://github.com/org/lib.git@v1#egg=my_lib", (14, 9, 14, 60),
        ),
        ("conda-pip", "requests", ">=2.31", None, (), None, False, "requests>=2.31", (17, 9, 17, 23)),
        ("conda-pip", "six", "", None, (), None, False, "six", (19, 11, 19, 14)),
        ("conda-pip", "attrs", ">=23", None, (), None, False, "attrs>=23", (19, 17, 19, 26)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("index", "name", "spec", "marker"),
    [
        pytest.param(
            0, ("torch", (9, 9, 9, 14)), ("==2.3.1", (9, 14, 9, 21)), None, id="a plain item"
        ),
        pytest.param(
            1,
            ("tomli", (10, 10, 10, 15)),
            (">=2", (10, 15, 10, 18)),
            ("python_version < '3.11'", (10, 20, 10, 43)),
            id="a double-quoted item with a marker",
        ),
        pytest.param(
            2,
            ("transformers", (11, 10, 11, 22)),
            (">= 4.40", (11, 30, 11, 37)),
            None,
            id="a single-quoted item with extras",
        ),
    ],
)
def test_locations(
    index: int, name: tuple[str, Pos], spec: tuple[str, Pos] | None, marker: tuple[str, Pos] | None
) -> None:
    reqs, _ = conda.read(Document(Path("environment.yml"), ENVIRONMENT))
    r = reqs[index]

    def one(loc: Loc | None) -> tuple[str, Pos] | None:
        return None if loc is None else (loc.text(), pos(loc))  # type: ignore[return-value]

    assert (one(r.name_loc), one(r.spec_loc), one(r.marker_loc)) == (name, spec, marker)


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        pytest.param(
            "dependencies:\n  - pip:\n    - numpy>=\n    - scipy\n",
            [((3, 12, 3, 13), "Expected semicolon (after name with no version specifier) or end")],
            id="an unfinished specifier",
        ),
        pytest.param(
            'dependencies:\n  - pip:\n    - "a\\"b>=1"\n',
            [((3, 9, 3, 11), "Expected semicolon (after name with no version specifier) or end")],
            id="the column is mapped back through an escape",
        ),
        pytest.param(
            "dependencies:\n  - pip: [a, b>=\n",
            [((2, 10, 2, 17), "Expected ']' to end the pip list")],
            id="an unclosed flow list",
        ),
    ],
)
def test_problems(src: str, expected: list[tuple[Pos, str]]) -> None:
    _, findings = conda.read(Document(Path("environment.yml"), src))
    assert [((f.line, f.column, f.end_line, f.end_column), f.message) for f in findings] == expected


def test_reading_goes_on_after_a_bad_item() -> None:
    reqs, findings = conda.read(
        Document(Path("environment.yml"), "dependencies:\n  - pip:\n    - bad>=\n    - good\n")
    )
    assert [r.name for r in reqs] == ["good"]
    assert len(findings) == 1


@pytest.mark.parametrize(
    "src",
    [
        pytest.param("name: x\ndependencies:\n  - python=3.12\n", id="no pip list"),
        pytest.param("dependencies:\n  - pip:\n  - numpy\n", id="an empty pip list"),
        pytest.param("pip:\n  - numpy\n", id="a pip key that is not a list item"),
        pytest.param("", id="an empty file"),
    ],
)
def test_nothing_to_read(src: str) -> None:
    assert conda.read(Document(Path("environment.yml"), src)) == ([], [])


def test_crlf_and_comments() -> None:
    src = "dependencies:\r\n  - pip:   # from PyPI\r\n      # - old\r\n      - six==1.16.0\r\n"
    reqs, findings = conda.read(Document(Path("environment.yml"), src))
    assert findings == []
    assert [(r.name, r.specifier, pos(r.loc)) for r in reqs] == [("six", "==1.16.0", (4, 9, 4, 20))]
