from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from reqhooks._text import Document
from reqhooks.readers import pythons

Pos = tuple[int, int, int, int]
Decl = tuple[str, str, tuple[int, ...], Pos]  # value, version text, version, position


def read(kind: str, src: str) -> tuple[list[Decl], list[tuple[Pos, str]]]:
    doc = Document(Path("x"), src)
    decls, findings = pythons.read(doc, kind)
    out: list[Decl] = []
    for d in decls:
        assert d.source == kind
        assert d.version is not None
        line, col = doc.position(d.loc.start)
        end_line, end_col = doc.position(d.loc.end)
        out.append((d.value, d.loc.text(), d.version, (line, col, end_line, end_col)))
    problems = [((f.line, f.column, f.end_line, f.end_column), f.message) for f in findings]
    return out, problems


EXPECTED_VERSION = "Expected a Python version like 3.12 or 3.12.1"


@pytest.mark.parametrize(
    ("src", "decls", "problems"),
    [
        pytest.param("3.12\n", [("3.12", "3.12", (3, 12), (1, 1, 1, 5))], [], id="a minor version"),
        pytest.param(
            "3.12.1",
            [("3.12.1", "3.12.1", (3, 12, 1), (1, 1, 1, 7))],
            [],
            id="a patch version without a newline",
        ),
        pytest.param(
            "cpython-3.12\n",
            [("cpython-3.12", "3.12", (3, 12), (1, 9, 1, 13))],
            [],
            id="uv's implementation prefix: the loc is the version",
        ),
        pytest.param(
            "# pinned for the CI image\n\n  cpython-3.11.4-macos-aarch64-none\n",
            [("cpython-3.11.4-macos-aarch64-none", "3.11.4", (3, 11, 4), (3, 11, 3, 17))],
            [],
            id="comments, blank lines and a full uv key",
        ),
        pytest.param(
            "pypy3.10\nsystem\nmyenv\n3\n",
            [],
            [],
            id="non-CPython, system, virtualenv names and a bare major are skipped",
        ),
        pytest.param(
            "3.13\n3.12.7\n",
            [
                ("3.13", "3.13", (3, 13), (1, 1, 1, 5)),
                ("3.12.7", "3.12.7", (3, 12, 7), (2, 1, 2, 7)),
            ],
            [],
            id="several lines are several versions",
        ),
        pytest.param(
            "3.13t 3.14.0rc1\r\n",
            [
                ("3.13t", "3.13", (3, 13), (1, 1, 1, 5)),
                ("3.14.0rc1", "3.14.0rc1", (3, 14, 0), (1, 7, 1, 16)),
            ],
            [],
            id="free-threaded and a release candidate on one CRLF line",
        ),
        pytest.param(
            "3.x\n",
            [],
            [((1, 1, 1, 4), EXPECTED_VERSION)],
            id="a version with a letter is reported",
        ),
        pytest.param(
            "3.12  # default\n",
            [("3.12", "3.12", (3, 12), (1, 1, 1, 5))],
            [],
            id="a trailing comment",
        ),
        pytest.param("", [], [], id="an empty file"),
    ],
)
def test_python_version(src: str, decls: list[Decl], problems: list[tuple[Pos, str]]) -> None:
    assert read(".python-version", src) == (decls, problems)


@pytest.mark.parametrize(
    ("src", "decls", "problems"),
    [
        pytest.param(
            "python-3.12.1\n",
            [("python-3.12.1", "3.12.1", (3, 12, 1), (1, 8, 1, 14))],
            [],
            id="heroku's form",
        ),
        pytest.param(
            "\n  python-3.11 \n",
            [("python-3.11", "3.11", (3, 11), (2, 10, 2, 14))],
            [],
            id="a minor after a blank line",
        ),
        pytest.param(
            "python-3.x\n",
            [],
            [((1, 1, 1, 11), "Expected python-X.Y.Z, like python-3.12.1")],
            id="a malformed version is reported",
        ),
        pytest.param("pypy3.10-7.3\n", [], [], id="pypy is not CPython: skipped"),
        pytest.param("java-17\n", [], [], id="another runtime's file is ignored"),
    ],
)
def test_runtime_txt(src: str, decls: list[Decl], problems: list[tuple[Pos, str]]) -> None:
    assert read("runtime.txt", src) == (decls, problems)


@pytest.mark.parametrize(
    ("src", "decls"),
    [
        pytest.param(
            "FROM python:3.12-slim\n",
            [("python:3.12-slim", "3.12", (3, 12), (1, 13, 1, 17))],
            id="a slim tag",
        ),
        pytest.param(
            "FROM python:3.12.1-bookworm AS build\n",
            [("python:3.12.1-bookworm", "3.12.1", (3, 12, 1), (1, 13, 1, 19))],
            id="a patch version and a stage name",
        ),
        pytest.param(
            "FROM --platform=$BUILDPLATFORM python:3.13\n",
            [("python:3.13", "3.13", (3, 13), (1, 39, 1, 43))],
            id="a platform flag",
        ),
        pytest.param(
            "from docker.io/library/python:3.11-alpine\n",
            [("docker.io/library/python:3.11-alpine", "3.11", (3, 11), (1, 31, 1, 35))],
            id="a registry prefix and a lower-case instruction",
        ),
        pytest.param(
            'ARG PYTHON_VERSION="3.12"\nFROM python:${PYTHON_VERSION}-slim\n',
            [("python:3.12-slim", "3.12", (3, 12), (1, 21, 1, 25))],
            id="a build argument's default: the loc is in the ARG line",
        ),
        pytest.param(
            "ARG PY=3.11\nFROM python:$PY AS base\nFROM python:${PY}-slim\n",
            [("python:3.11", "3.11", (3, 11), (1, 8, 1, 12))],
            id="the same argument in two stages is one declaration",
        ),
        pytest.param(
            "FROM python:3${MINOR:-.10}-slim\n",
            [("python:3.10-slim", "python:3${MINOR:-.10}-slim", (3, 10), (1, 6, 1, 32))],
            id="a version split across text and a default: the loc is the image",
        ),
        pytest.param(
            "FROM \\\n  # a comment in a continuation\n  python:3.10@sha256:0123 as final\n",
            [("python:3.10@sha256:0123", "3.10", (3, 10), (3, 10, 3, 14))],
            id="a continued line and a digest",
        ),
        pytest.param(
            "FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim\n",
            [("ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "3.12", (3, 12), (1, 33, 1, 37))],
            id="uv's images name the Python in the tag",
        ),
        pytest.param(
            "FROM python:latest\nFROM python:3\nFROM python\nFROM node:20\nFROM python:${UNSET}\n"
            "FROM mypython:3.12\nFROM python:slim\n",
            [],
            id="no minor version, another image or an unknown argument: skipped",
        ),
        pytest.param(
            "FROM python:3.12 AS base\nARG PY=3.9\nFROM python:${PY}\n",
            [("python:3.12", "3.12", (3, 12), (1, 13, 1, 17))],
            id="an ARG after the first FROM does not reach FROM lines",
        ),
    ],
)
def test_dockerfile(src: str, decls: list[Decl]) -> None:
    assert read("Dockerfile", src) == (decls, [])


@pytest.mark.parametrize(
    ("src", "decls", "problems"),
    [
        pytest.param(
            "nodejs 20.11.0\npython 3.12.1 3.11.9  # both installed\n",
            [
                ("3.12.1", "3.12.1", (3, 12, 1), (2, 8, 2, 14)),
                ("3.11.9", "3.11.9", (3, 11, 9), (2, 15, 2, 21)),
            ],
            [],
            id="several versions on the python line",
        ),
        pytest.param(
            "python system pypy3.10-7.3.16 ref:v3.12.0\n",
            [],
            [],
            id="system, pypy and refs are skipped",
        ),
        pytest.param(
            "python 3.12-dev\n",
            [("3.12-dev", "3.12", (3, 12), (1, 8, 1, 12))],
            [],
            id="a dev build",
        ),
        pytest.param(
            "python 3..12\n", [], [((1, 8, 1, 13), EXPECTED_VERSION)], id="a typo is reported"
        ),
    ],
)
def test_tool_versions(src: str, decls: list[Decl], problems: list[tuple[Pos, str]]) -> None:
    assert read(".tool-versions", src) == (decls, problems)


RENDER = textwrap.dedent(
    """\
    services:
      - type: web
        name: api
        envVars:
          - key: DATABASE_URL
            fromDatabase:
              name: db
          - key: PYTHON_VERSION
            value: 3.12.1
          - key: OTHER_VERSION
            value: 3.9.0
      - type: worker
        envVars:
          - value: "3.11.9"   # value first
            key: PYTHON_VERSION
          - key: "PYTHON_VERSION"
            sync: false
    envVarGroups:
      - name: shared
        envVars:
          - key: PYTHON_VERSION
            value: '3.13'
    """
)


def test_render_yaml() -> None:
    assert read("render.yaml", RENDER) == (
        [
            ("3.12.1", "3.12.1", (3, 12, 1), (9, 16, 9, 22)),
            ("3.11.9", "3.11.9", (3, 11, 9), (14, 17, 14, 23)),
            ("3.13", "3.13", (3, 13), (22, 17, 22, 21)),
        ],
        [],
    )


def test_render_yaml_bad_value() -> None:
    src = "envVars:\n  - key: PYTHON_VERSION\n    value: 3.12.x\n"
    assert read("render.yaml", src) == ([], [((3, 12, 3, 18), EXPECTED_VERSION)])


WORKFLOW = textwrap.dedent(
    """\
    name: ci
    on: [push]
    jobs:
      test:
        strategy:
          matrix:
            python-version: ["3.10", '3.11', 3.12, "pypy3.10"]  # flow
            os: [ubuntu-latest, windows-latest]
            include:
              - python-version: "3.13"
                os: ubuntu-latest
            exclude:
              - python-version: "3.10"
                os: windows-latest
        steps:
          - uses: actions/setup-python@v5
            with:
              python-version: ${{ matrix.python-version }}
      lint:
        steps:
          - uses: actions/setup-python@v5
            with:
              python-version: "3.12"
      old:
        strategy:
          matrix:
            python-version:
              - "3.9"
              # - "3.8"
              - 3.14.0-alpha.1
            other: [a]
      wrapped:
        strategy:
          matrix:
            python-version: [
              "3.7", "3.x",
            ]
      files:
        steps:
          - uses: actions/setup-python@v5
            with:
              python-version-file: .python-version
    """
)


def test_workflow() -> None:
    assert read("workflow", WORKFLOW) == (
        [
            ("3.10", "3.10", (3, 10), (7, 27, 7, 31)),
            ("3.11", "3.11", (3, 11), (7, 35, 7, 39)),
            ("3.12", "3.12", (3, 12), (7, 42, 7, 46)),
            ("3.13", "3.13", (3, 13), (10, 30, 10, 34)),
            ("3.12", "3.12", (3, 12), (23, 28, 23, 32)),
            ("3.9", "3.9", (3, 9), (28, 14, 28, 17)),
            ("3.14.0-alpha.1", "3.14.0", (3, 14, 0), (30, 13, 30, 19)),
            ("3.7", "3.7", (3, 7), (36, 12, 36, 15)),
        ],
        [],
    )


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        pytest.param(".python-version", ".python-version", id="python-version"),
        pytest.param("runtime.txt", "runtime.txt", id="runtime.txt"),
        pytest.param("deploy/Dockerfile", "Dockerfile", id="Dockerfile"),
        pytest.param("Dockerfile.prod", "Dockerfile", id="Dockerfile dot something"),
        pytest.param("api.Dockerfile", "Dockerfile", id="something dot Dockerfile"),
        pytest.param("Containerfile", "Dockerfile", id="Containerfile"),
        pytest.param(".tool-versions", ".tool-versions", id="tool-versions"),
        pytest.param("render.yaml", "render.yaml", id="render.yaml"),
        pytest.param("render.yml", "render.yaml", id="render.yml"),
        pytest.param(".github/workflows/ci.yml", "workflow", id="a workflow"),
        pytest.param("repo/.github/workflows/release.yaml", "workflow", id="a workflow with .yaml"),
        pytest.param("workflows/ci.yml", None, id="a workflows folder outside .github"),
        pytest.param(".github/ci.yml", None, id="a yaml file in .github"),
        pytest.param("requirements.txt", None, id="a requirements file"),
        pytest.param("Dockerfiles", None, id="a name that only starts like Dockerfile"),
    ],
)
def test_kind_for(path: str, kind: str | None) -> None:
    from reqhooks.discovery import python_decl_kind

    assert python_decl_kind(Path(path)) == kind


def test_unknown_kind_reads_nothing() -> None:
    assert pythons.read(Document(Path("x"), "3.12\n"), "setup.cfg") == ([], [])


@pytest.mark.parametrize("kind", sorted(pythons.KINDS))
@pytest.mark.parametrize(
    "src",
    [
        pytest.param("\x00\x01 ]]]: [[[ ${{ \\\n", id="garbage"),
        pytest.param(
            "FROM\nARG\nARG =\npython-version: [\n- key: PYTHON_VERSION\n",
            id="truncated constructs",
        ),
        pytest.param("python-version:\n  -\n  - ''\n", id="empty items"),
    ],
)
def test_broken_input_never_raises(kind: str, src: str) -> None:
    pythons.read(Document(Path("x"), src), kind)
