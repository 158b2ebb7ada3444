"""The requirements-file reader: pip's line grammar, exact positions, compiled files.

Positions are ``(line, column, end_line, end_column)``, 1-based, end exclusive, as findings
show them.  What pip itself makes of these files is checked in test_reader_requirements_pip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqhooks._text import Document, read_document
from reqhooks.findings import Finding
from reqhooks.model import Loc, RequirementsFile
from reqhooks.readers import requirements as reader

FIXTURES = Path(__file__).parent / "fixtures"
COMPILED = FIXTURES / "compiled"
CORPUS = FIXTURES / "pip-corpus"
ENV = {"VER": "1.2.3", "TOKEN": "s3cr3t", "BAD": "1.0 2", "DIR": "shared"}
REQUIREMENTS = Path("/proj/requirements.txt")


def read(
    src: str, *, path: Path = REQUIREMENTS, constraints: bool = False
) -> tuple[Document, RequirementsFile, list[Finding]]:
    doc = Document(path, src)
    rf, findings = reader.read(doc, constraints=constraints, environ=ENV)
    return doc, rf, findings


def pos(loc: Loc | None) -> tuple[int, int, int, int] | None:
    if loc is None:
        return None
    return (*loc.doc.position(loc.start), *loc.doc.position(loc.end))


def problems(findings: list[Finding]) -> list[str]:
    assert {f.code for f in findings} <= {"REQ001"}
    return [f"{f.line}:{f.column}-{f.end_line}:{f.end_column} {f.message}" for f in findings]


# -- requirements --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "expected"),
    (
        pytest.param(
            "foo==1.0\n",
            {
                "name": "foo",
                "text": "foo==1.0",
                "specifier": "==1.0",
                "marker": None,
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 9),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 9),
                "marker_loc": None,
                "line_end": (1, 9),
            },
            id="a plain pin",
        ),
        pytest.param(
            "Foo_Bar[Sec, Test] >= 1.0 , < 2\n",
            {
                "name": "foo-bar",
                "text": "Foo_Bar[Sec, Test] >= 1.0 , < 2",
                "specifier": ">=1.0,<2",
                "marker": None,
                "extras": ("sec", "test"),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 32),
                "name_loc": (1, 1, 1, 8),
                "spec_loc": (1, 20, 1, 32),
                "marker_loc": None,
                "line_end": (1, 32),
            },
            id="extras and spaced specifiers",
        ),
        pytest.param(
            "foo\n",
            {
                "name": "foo",
                "text": "foo",
                "specifier": "",
                "marker": None,
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 4),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 4),
                "marker_loc": None,
                "line_end": (1, 4),
            },
            id="a bare name has an empty specifier span after the name",
        ),
        pytest.param(
            "foo[bar]\n",
            {
                "name": "foo",
                "text": "foo[bar]",
                "specifier": "",
                "marker": None,
                "extras": ("bar",),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 9),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 9, 1, 9),
                "marker_loc": None,
                "line_end": (1, 9),
            },
            id="a bare name with extras: the span is after the bracket",
        ),
        pytest.param(
            'foo==1 ; python_version < "3.11"\n',
            {
                "name": "foo",
                "text": 'foo==1 ; python_version < "3.11"',
                "specifier": "==1",
                "marker": 'python_version < "3.11"',
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 33),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 7),
                "marker_loc": (1, 10, 1, 33),
                "line_end": (1, 33),
            },
            id="a marker",
        ),
        pytest.param(
            'foo==1;python_version<"3.11"\n',
            {
                "name": "foo",
                "text": 'foo==1;python_version<"3.11"',
                "specifier": "==1",
                "marker": 'python_version<"3.11"',
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 29),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 7),
                "marker_loc": (1, 8, 1, 29),
                "line_end": (1, 29),
            },
            id="a marker without spaces",
        ),
        pytest.param(
            'foo ; os_name == "nt"\n',
            {
                "name": "foo",
                "text": 'foo ; os_name == "nt"',
                "specifier": "",
                "marker": 'os_name == "nt"',
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 22),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 4),
                "marker_loc": (1, 7, 1, 22),
                "line_end": (1, 22),
            },
            id="a bare name with a marker",
        ),
        pytest.param(
            "foo (>=1.0)\n",
            {
                "name": "foo",
                "text": "foo (>=1.0)",
                "specifier": ">=1.0",
                "marker": None,
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 12),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 6, 1, 11),
                "marker_loc": None,
                "line_end": (1, 12),
            },
            id="a specifier in parentheses",
        ),
        pytest.param(
            "foo>=1,\n",
            {
                "name": "foo",
                "text": "foo>=1,",
                "specifier": ">=1",
                "marker": None,
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 8),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 8),
                "marker_loc": None,
                "line_end": (1, 8),
            },
            id="a trailing comma is accepted, as by pip",
        ),
        pytest.param(
            "foo ;\n",
            {
                "name": "foo",
                "text": "foo ;",
                "specifier": "",
                "marker": None,
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 6),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 4),
                "marker_loc": None,
                "line_end": (1, 6),
            },
            id="an empty marker is dropped, as by pip",
        ),
        pytest.param(
            "fo\\\no==1.0\n",
            {
                "name": "foo",
                "text": "foo==1.0",
                "specifier": "==1.0",
                "marker": None,
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 2, 7),
                "name_loc": (1, 1, 2, 2),
                "spec_loc": (2, 2, 2, 7),
                "marker_loc": None,
                "line_end": (2, 7),
            },
            id="a continuation in the middle of the name",
        ),
        pytest.param(
            'foo==1 ; python_version \\\n  < "3.11"\n',
            {
                "name": "foo",
                "text": 'foo==1 ; python_version   < "3.11"',
                "specifier": "==1",
                "marker": 'python_version   < "3.11"',
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 2, 11),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 7),
                "marker_loc": (1, 10, 2, 11),
                "line_end": (2, 11),
            },
            id="a continuation in the middle of a marker",
        ),
        pytest.param(
            "foo==1 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n",
            {
                "name": "foo",
                "text": "foo==1",
                "specifier": "==1",
                "marker": None,
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 7),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 7),
                "marker_loc": None,
                "line_end": (3, 21),
            },
            id="a continuation before the hashes",
        ),
        pytest.param(
            'foo \\\r\n  >=1 \\\r\n  ; os_name == "nt"\r\n',
            {
                "name": "foo",
                "text": 'foo   >=1   ; os_name == "nt"',
                "specifier": ">=1",
                "marker": 'os_name == "nt"',
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 3, 20),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (2, 3, 2, 6),
                "marker_loc": (3, 5, 3, 20),
                "line_end": (3, 20),
            },
            id="CRLF newlines and continuations",
        ),
        pytest.param(
            "\tfoo\t==\t1.0\t# c\n",
            {
                "name": "foo",
                "text": "foo\t==\t1.0",
                "specifier": "==1.0",
                "marker": None,
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 2, 1, 12),
                "name_loc": (1, 2, 1, 5),
                "spec_loc": (1, 6, 1, 12),
                "marker_loc": None,
                "line_end": (1, 12),
            },
            id="tabs around the parts",
        ),
        pytest.param(
            "foo==${VER}\n",
            {
                "name": "foo",
                "text": "foo==1.2.3",
                "specifier": "==1.2.3",
                "marker": None,
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 12),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 12),
                "marker_loc": None,
                "line_end": (1, 12),
            },
            id="a variable in the version",
        ),
        pytest.param(
            'foo==1 ; platform_release != "${NOPE}"\n',
            {
                "name": "foo",
                "text": 'foo==1 ; platform_release != "${NOPE}"',
                "specifier": "==1",
                "marker": 'platform_release != "${NOPE}"',
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 39),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 7),
                "marker_loc": (1, 10, 1, 39),
                "line_end": (1, 39),
            },
            id="an unknown variable stays as written",
        ),
        pytest.param(
            "foo==1  # pinned\n",
            {
                "name": "foo",
                "text": "foo==1",
                "specifier": "==1",
                "marker": None,
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 7),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 7),
                "marker_loc": None,
                "line_end": (1, 7),
            },
            id="a comment after the requirement",
        ),
        pytest.param(
            "foo==1 --hash=sha256:aa  # c\n",
            {
                "name": "foo",
                "text": "foo==1",
                "specifier": "==1",
                "marker": None,
                "extras": (),
                "url": None,
                "editable": False,
                "loc": (1, 1, 1, 7),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": (1, 4, 1, 7),
                "marker_loc": None,
                "line_end": (1, 24),
            },
            id="options end the line after the last option",
        ),
        pytest.param(
            "foo @ https://x.example/foo.zip#sha256=abc\n",
            {
                "name": "foo",
                "text": "foo @ https://x.example/foo.zip#sha256=abc",
                "specifier": "",
                "marker": None,
                "extras": (),
                "url": "https://x.example/foo.zip#sha256=abc",
                "editable": False,
                "loc": (1, 1, 1, 43),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": None,
                "marker_loc": None,
                "line_end": (1, 43),
            },
            id="a URL fragment is not a comment",
        ),
        pytest.param(
            "https://x.example/foo-1.0-py3-none-any.whl #egg=bar\n",
            {
                "name": "foo",
                "text": "https://x.example/foo-1.0-py3-none-any.whl",
                "specifier": "==1.0",
                "marker": None,
                "extras": (),
                "url": "https://x.example/foo-1.0-py3-none-any.whl",
                "editable": False,
                "loc": (1, 1, 1, 43),
                "name_loc": (1, 19, 1, 22),
                "spec_loc": None,
                "marker_loc": None,
                "line_end": (1, 43),
            },
            id="a hash mark after a space is a comment, even after a URL",
        ),
        pytest.param(
            'foo[x] @ https://x.example/f.zip ; python_version < "3"\n',
            {
                "name": "foo",
                "text": 'foo[x] @ https://x.example/f.zip ; python_version < "3"',
                "specifier": "",
                "marker": 'python_version < "3"',
                "extras": ("x",),
                "url": "https://x.example/f.zip",
                "editable": False,
                "loc": (1, 1, 1, 56),
                "name_loc": (1, 1, 1, 4),
                "spec_loc": None,
                "marker_loc": (1, 36, 1, 56),
                "line_end": (1, 56),
            },
            id="a direct reference with a marker",
        ),
        pytest.param(
            "git+https://github.com/a/b@v1#egg=b\n",
            {
                "name": "b",
                "text": "git+https://github.com/a/b@v1#egg=b",
                "specifier": "",
                "marker": None,
                "extras": (),
                "url": "git+https://github.com/a/b@v1#egg=b",
                "editable": False,
                "loc": (1, 1, 1, 36),
                "name_loc": (1, 35, 1, 36),
                "spec_loc": None,
                "marker_loc": None,
                "line_end": (1, 36),
            },
            id="a VCS URL names the package with #egg=",
        ),
        pytest.param(
            "https://x.example/w/Foo_Bar-1.0-py3-none-any.whl\n",
            {
                "name": "foo-bar",
                "text": "https://x.example/w/Foo_Bar-1.0-py3-none-any.whl",
                "specifier": "==1.0",
                "marker": None,
                "extras": (),
                "url": "https://x.example/w/Foo_Bar-1.0-py3-none-any.whl",
                "editable": False,
                "loc": (1, 1, 1, 49),
                "name_loc": (1, 21, 1, 28),
                "spec_loc": None,
                "marker_loc": None,
                "line_end": (1, 49),
            },
            id="a wheel URL names the package and pins its version",
        ),
        pytest.param(
            "./wheels/foo-2.0-py3-none-any.whl\n",
            {
                "name": "foo",
                "text": "./wheels/foo-2.0-py3-none-any.whl",
                "specifier": "==2.0",
                "marker": None,
                "extras": (),
                "url": "./wheels/foo-2.0-py3-none-any.whl",
                "editable": False,
                "loc": (1, 1, 1, 34),
                "name_loc": (1, 10, 1, 13),
                "spec_loc": None,
                "marker_loc": None,
                "line_end": (1, 34),
            },
            id="a local wheel",
        ),
        pytest.param(
            "./pkg[dev]\n",
            {
                "name": "",
                "text": "./pkg[dev]",
                "specifier": "",
                "marker": None,
                "extras": ("dev",),
                "url": "./pkg",
                "editable": False,
                "loc": (1, 1, 1, 11),
                "name_loc": None,
                "spec_loc": None,
                "marker_loc": None,
                "line_end": (1, 11),
            },
            id="a local directory with extras has no name",
        ),
        pytest.param(
            "-e git+https://github.com/a/b#egg=b\n",
            {
                "name": "b",
                "text": "git+https://github.com/a/b#egg=b",
                "specifier": "",
                "marker": None,
                "extras": (),
                "url": "git+https://github.com/a/b#egg=b",
                "editable": True,
                "loc": (1, 4, 1, 36),
                "name_loc": (1, 35, 1, 36),
                "spec_loc": None,
                "marker_loc": None,
                "line_end": (1, 36),
            },
            id="an editable VCS URL",
        ),
        pytest.param(
            "--editable=./pkg\n",
            {
                "name": "",
                "text": "./pkg",
                "specifier": "",
                "marker": None,
                "extras": (),
                "url": "./pkg",
                "editable": True,
                "loc": (1, 12, 1, 17),
                "name_loc": None,
                "spec_loc": None,
                "marker_loc": None,
                "line_end": (1, 17),
            },
            id="an editable with the option's long form",
        ),
        pytest.param(
            '-e "b @ git+https://x.example/b"\n',
            {
                "name": "b",
                "text": "b @ git+https://x.example/b",
                "specifier": "",
                "marker": None,
                "extras": (),
                "url": "git+https://x.example/b",
                "editable": True,
                "loc": (1, 4, 1, 33),
                "name_loc": (1, 4, 1, 33),
                "spec_loc": None,
                "marker_loc": None,
                "line_end": (1, 33),
            },
            id="an editable direct reference must be quoted",
        ),
        pytest.param(
            "./pkg -e ignored\n",
            {
                "name": "",
                "text": "./pkg",
                "specifier": "",
                "marker": None,
                "extras": (),
                "url": "./pkg",
                "editable": True,
                "loc": (1, 1, 1, 6),
                "name_loc": None,
                "spec_loc": None,
                "marker_loc": None,
                "line_end": (1, 17),
            },
            id="a requirement on a line with -e is editable, as in pip",
        ),
    ),
)
def test_requirement(src: str, expected: dict[str, Any]) -> None:
    doc, rf, findings = read(src)
    assert problems(findings) == []
    (req,) = rf.requirements
    assert req.kind == "requirements"
    assert req.line_end is not None
    got = {
        "name": req.name,
        "text": req.text,
        "specifier": req.specifier,
        "marker": req.marker,
        "extras": req.extras,
        "url": req.url,
        "editable": req.editable,
        "loc": pos(req.loc),
        "name_loc": pos(req.name_loc),
        "spec_loc": pos(req.spec_loc),
        "marker_loc": pos(req.marker_loc),
        "line_end": doc.position(req.line_end),
    }
    assert got == expected


def test_hashes_are_kept_in_order() -> None:
    _, rf, findings = read(
        "foo==1 \\\n  --hash=sha256:bb \\\n  --hash sha512:aa\nbar==2 --hash=sha384:cc\n"
    )
    assert problems(findings) == []
    assert [(r.name, r.hashes) for r in rf.requirements] == [
        ("foo", ("sha256:bb", "sha512:aa")),
        ("bar", ("sha384:cc",)),
    ]
    assert rf.options == []


def test_a_bom_is_not_part_of_the_first_line() -> None:
    doc = read_document(Path("requirements.txt"), data=b"\xef\xbb\xbffoo==1.0\r\nbar\r\n")
    rf, findings = reader.read(doc)
    assert findings == []
    assert [(r.name, pos(r.loc)) for r in rf.requirements] == [
        ("foo", (1, 1, 1, 9)),
        ("bar", (2, 1, 2, 4)),
    ]


def test_lines_that_pip_skips() -> None:
    src = "# comment\n\n   \n\t# indented comment\n#foo==1\n\\\n"
    _, rf, findings = read(src)
    assert (rf.requirements, rf.options, rf.includes, findings) == ([], [], [], [])


def test_a_comment_line_ends_a_continuation() -> None:
    _, rf, _ = read("foo \\\n# comment \\\nbar==1\n")
    assert [r.text for r in rf.requirements] == ["foo", "bar==1"]


def test_a_trailing_comment_swallows_the_continued_line() -> None:
    # pip joins lines before it strips comments: "bar==1" is part of the comment.
    _, rf, _ = read("foo==1 # comment \\\nbar==1\nbaz\n")
    assert [r.name for r in rf.requirements] == ["foo", "baz"]


def test_constraints_files() -> None:
    _, rf, findings = read("foo<2\n-e ./pkg\n", constraints=True)
    assert rf.constraints_file
    assert [(r.name, r.kind) for r in rf.requirements] == [("foo", "constraints")]
    assert problems(findings) == ["2:4-2:9 Editable requirements are not allowed as constraints"]


def test_variables_come_from_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQHOOKS_TEST_VERSION", "4.5")
    rf, _ = reader.read(Document(REQUIREMENTS, "foo==${REQHOOKS_TEST_VERSION}\nbar==${lower}\n"))
    assert [r.specifier for r in rf.requirements] == ["==4.5"]  # ${lower} is not a variable


# -- options and includes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "expected"),
    (
        pytest.param(
            "-i https://x.example/simple\n",
            [("--index-url", "https://x.example/simple", (1, 1, 1, 28), (1, 4, 1, 28))],
            id="short index URL",
        ),
        pytest.param(
            "--index-url=https://x.example/simple\n",
            [("--index-url", "https://x.example/simple", (1, 1, 1, 37), (1, 13, 1, 37))],
            id="long index URL with =",
        ),
        pytest.param(
            "--pypi-url https://x.example/simple\n",
            [("--index-url", "https://x.example/simple", (1, 1, 1, 36), (1, 12, 1, 36))],
            id="the --pypi-url alias",
        ),
        pytest.param(
            "--extra-index https://y.example/simple\n",
            [("--extra-index-url", "https://y.example/simple", (1, 1, 1, 39), (1, 15, 1, 39))],
            id="an unambiguous abbreviation, as optparse allows",
        ),
        pytest.param(
            "-f 'https://x.example/a b'\n",
            [("--find-links", "https://x.example/a b", (1, 1, 1, 27), (1, 4, 1, 27))],
            id="a quoted value keeps its quotes in the span",
        ),
        pytest.param(
            "--no-index --pre\n",
            [("--no-index", None, (1, 1, 1, 11), None), ("--pre", None, (1, 12, 1, 17), None)],
            id="flags",
        ),
        pytest.param(
            "--prefer-binary\n--only-binary :all:\n--no-binary=foo\n--require-hashes\n"
            "--use-feature fast-deps\n--trusted-host h.example\n",
            [
                ("--prefer-binary", None, (1, 1, 1, 16), None),
                ("--only-binary", ":all:", (2, 1, 2, 20), (2, 15, 2, 20)),
                ("--no-binary", "foo", (3, 1, 3, 16), (3, 13, 3, 16)),
                ("--require-hashes", None, (4, 1, 4, 17), None),
                ("--use-feature", "fast-deps", (5, 1, 5, 24), (5, 15, 5, 24)),
                ("--trusted-host", "h.example", (6, 1, 6, 25), (6, 16, 6, 25)),
            ],
            id="the other file options",
        ),
        pytest.param(
            "--index-url \\\n    https://x.example/simple\n",
            [("--index-url", "https://x.example/simple", (1, 1, 2, 29), (2, 5, 2, 29))],
            id="an option split by a continuation",
        ),
        pytest.param(
            "foo==1 --config-settings k=v -C x=y --global-option=--quiet\n",
            [
                ("--config-settings", "k=v", (1, 8, 1, 29), (1, 26, 1, 29)),
                ("--config-settings", "x=y", (1, 30, 1, 36), (1, 33, 1, 36)),
                ("--global-option", "--quiet", (1, 37, 1, 60), (1, 53, 1, 60)),
            ],
            id="per-requirement options other than --hash",
        ),
        pytest.param(
            "-e ./pkg\n-r base.txt\n",
            [
                ("--editable", "./pkg", (1, 1, 1, 9), (1, 4, 1, 9)),
                ("--requirement", "base.txt", (2, 1, 2, 12), (2, 4, 2, 12)),
            ],
            id="-e and -r are options too",
        ),
    ),
)
def test_options(src: str, expected: list[tuple[str, str | None, Any, Any]]) -> None:
    _, rf, findings = read(src)
    assert problems(findings) == []
    assert [(o.name, o.value, pos(o.loc), pos(o.value_loc)) for o in rf.options] == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    (
        pytest.param(
            "-r base.txt\n",
            [("base.txt", "/proj/sub/base.txt", False, (1, 4, 1, 12))],
            id="-r with a space",
        ),
        pytest.param(
            "-rbase.txt\n",
            [("base.txt", "/proj/sub/base.txt", False, (1, 3, 1, 11))],
            id="-r attached",
        ),
        pytest.param(
            "--requirement=base.txt\n",
            [("base.txt", "/proj/sub/base.txt", False, (1, 15, 1, 23))],
            id="--requirement with =",
        ),
        pytest.param(
            "--constraint constraints.txt\n",
            [("constraints.txt", "/proj/sub/constraints.txt", True, (1, 14, 1, 29))],
            id="--constraint with a space",
        ),
        pytest.param(
            "-cconstraints.txt\n",
            [("constraints.txt", "/proj/sub/constraints.txt", True, (1, 3, 1, 18))],
            id="-c attached",
        ),
        pytest.param(
            "-r ../common/base.txt\n",
            [("../common/base.txt", "/proj/common/base.txt", False, (1, 4, 1, 22))],
            id="a path relative to the including file",
        ),
        pytest.param(
            "-r https://x.example/req.txt\n",
            [("https://x.example/req.txt", None, False, (1, 4, 1, 29))],
            id="a URL has no path",
        ),
        pytest.param(
            "-c ${DIR}/c.txt\n",
            [("shared/c.txt", "/proj/sub/shared/c.txt", True, (1, 4, 1, 16))],
            id="a variable in the path",
        ),
        pytest.param(
            "-c c.txt -r r.txt\n",
            [("r.txt", "/proj/sub/r.txt", False, (1, 13, 1, 18))],
            id="-r wins over -c on one line, as in pip",
        ),
        pytest.param("foo==1 -r r.txt\n", [], id="pip ignores -r on a requirement line"),
    ),
)
def test_includes(
    src: str,
    expected: list[tuple[str, str | None, bool, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # paths are relative to the file, never to the working directory
    _, rf, findings = read(src, path=Path("/proj/sub/requirements.txt"))
    assert problems(findings) == []
    got = [
        (i.target, i.path.as_posix() if i.path else None, i.constraint, pos(i.loc))
        for i in rf.includes
    ]
    assert got == expected


# -- what cannot be read -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "expected"),
    (
        pytest.param(
            "foo==\n",
            ["1:4-1:5 Expected semicolon (after name with no version specifier) or end"],
            id="a specifier without a version",
        ),
        pytest.param(
            "foo; python_version <\n",
            ["1:22-1:22 Expected a marker variable or quoted string"],
            id="a marker cut short",
        ),
        pytest.param(
            "[extra]\n",
            ["1:1-1:2 Expected package name at the start of dependency specifier"],
            id="extras without a name",
        ),
        pytest.param(
            "foo bar\n",
            ["1:5-1:6 Expected semicolon (after name with no version specifier) or end"],
            id="two names",
        ),
        pytest.param(
            "foo=1.0\n",
            ["1:4-1:5 Expected semicolon (after name with no version specifier) or end"],
            id="a single equals sign",
        ),
        pytest.param(
            "foo[bar\n",
            ["1:8-1:8 Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras"],
            id="an unclosed bracket",
        ),
        pytest.param(
            "foo>=1.0+local\n",
            ["1:9-1:10 Local version label can only be used with `==` or `!=` operators"],
            id="a local version with >=",
        ),
        pytest.param(
            "foo>=1.0.*\n",
            ["1:10-1:11 .* suffix can only be used with `==` or `!=` operators"],
            id="a wildcard with >=",
        ),
        pytest.param(
            "foo @ \n", ["1:6-1:6 Expected URL after @"], id="a URL requirement without the URL"
        ),
        pytest.param(
            "foo \\\n  ==\n",
            ["2:3-2:4 Expected semicolon (after name with no version specifier) or end"],
            id="an error after a continuation points at the next line",
        ),
        pytest.param(
            "foo==${BAD}\n",
            [
                (
                    "1:6-1:12 Expected comma (within version specifier), "
                    "semicolon (after version specifier) or end"
                )
            ],
            id="an error inside an expanded variable points at the variable",
        ),
        pytest.param(
            "foo==1.0\t--hash=sha256:abc\n",
            [
                (
                    "1:10-1:11 Expected comma (within version specifier), "
                    "semicolon (after version specifier) or end"
                )
            ],
            id="a tab does not separate options, as in pip",
        ),
        pytest.param("--foo\n", ["1:1-1:6 Unknown option --foo"], id="an unknown option"),
        pytest.param(
            "foo==1 --foo=bar\n",
            ["1:8-1:17 Unknown option --foo"],
            id="an unknown option after a requirement",
        ),
        pytest.param(
            "-x foo\n", ["1:1-1:3 Unknown option -x"], id="an unknown short option and its value"
        ),
        pytest.param(
            "--pr\n",
            ["1:1-1:5 Ambiguous option --pr (--pre, --prefer-binary)"],
            id="an ambiguous abbreviation",
        ),
        pytest.param(
            "--pre=yes\n",
            ["1:1-1:10 Option --pre does not take a value"],
            id="a flag given a value",
        ),
        pytest.param("-r\n", ["1:1-1:3 Option -r needs a value"], id="an option without its value"),
        pytest.param(
            "foo==1 --hash=md5:abc\n",
            ["1:15-1:22 Allowed hash algorithms for --hash are sha256, sha384, sha512."],
            id="a weak hash algorithm",
        ),
        pytest.param(
            "foo==1 --hash=abc\n",
            [
                (
                    "1:15-1:18 Arguments to --hash must be a hash name followed by a value, "
                    "like --hash=sha256:abcde..."
                )
            ],
            id="a hash without an algorithm",
        ),
        pytest.param(
            "foo --config-settings novalue\n",
            ["1:23-1:30 Arguments to --config-settings must be of the form KEY=VAL"],
            id="config settings without =",
        ),
        pytest.param(
            "foo==1 --hash 'sha256:abc\n",
            ["1:15-1:26 Could not split options: No closing quotation"],
            id="an unclosed quote",
        ),
        pytest.param(
            "foo==1 --hash=sha256:aa ; python_version < '3'\n",
            ["1:25-1:47 pip ignores \"; python_version < '3'\" after an option"],
            id="a marker after the options is ignored by pip",
        ),
        pytest.param(
            "-e b @ git+https://x.example/b\n",
            [
                "1:6-1:31 pip ignores '@ git+https://x.example/b' after an option; quote a `name @ URL` after -e"
            ],
            id="an unquoted editable direct reference",
        ),
        pytest.param(
            "foo==1\n    --hash=sha256:aa\n",
            [
                "2:5-2:21 --hash without a requirement on its line is ignored; end the requirement's line with \\"
            ],
            id="a hash on a line of its own",
        ),
        pytest.param(
            "-e https://x.example/y.tar.gz\n",
            [
                "1:4-1:30 An editable requirement must be a local directory or a VCS URL (git+https://...)"
            ],
            id="an editable that is neither a directory nor VCS",
        ),
        pytest.param(
            "-e git+https://x.example/y\n",
            [
                (
                    "1:4-1:27 Cannot tell the name of this editable VCS requirement: "
                    "write it as `name @ URL` or add #egg=name"
                )
            ],
            id="an editable VCS URL without a name",
        ),
        pytest.param(
            "git+https://x.example/y#egg=y[extra]\n",
            [
                "1:29-1:37 Invalid #egg= name 'y[extra]': write the requirement as `name[extras] @ URL`"
            ],
            id="an egg fragment with extras",
        ),
        pytest.param(
            "https://x.example/notawheel.whl\n",
            ["1:19-1:32 Invalid wheel filename (wrong number of parts): 'notawheel'"],
            id="a wheel URL with a bad file name",
        ),
        pytest.param(
            "-i https://user:s3cr3t@x.example/simple extra\n",
            ["1:41-1:46 pip ignores 'extra' after an option"],
            id="stray text is shown, never a secret",
        ),
        pytest.param(
            "-i https://x.example/simple https://user:s3cr3t@y.example/\n",
            ["1:29-1:59 pip ignores 'https://****@y.example/' after an option"],
            id="a secret in stray text is masked",
        ),
    ),
)
def test_problems(src: str, expected: list[str]) -> None:
    _, _, findings = read(src)
    assert problems(findings) == expected


def test_reading_carries_on_after_a_broken_line() -> None:
    _, rf, findings = read("foo==\nbar==1\n[x]\n--nope\nbaz\n")
    assert [r.name for r in rf.requirements] == ["bar", "baz"]
    assert [f.line for f in findings] == [1, 3, 4]
    assert all(f.severity == "error" for f in findings)


_FRAGMENTS = [
    "foo", "Bar_b", "==", "1.0", ">=", ",", " ", "\t", "\\\n", "\n", "\r\n", "#", " # c", "-e ", "-r ",
    "-c ", "--hash=", "sha256:aa", "--pre", "--foo", ";", " ; ", "python_version", " < ", '"3"', "'3'",
    "${A}", "${B}", "@", " @ ", "git+https://x.example/", "#egg=", "[", "]", "(", ")", "-", "--",
    ".whl", "./", "file:", "x-1.0-py3-none-any.whl", "\ufeff", "é",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=24).map("".join)
    | st.text(alphabet=st.characters(), max_size=60)
)
def test_never_raises(src: str) -> None:
    doc = Document(REQUIREMENTS, src)
    rf, findings = reader.read(doc, environ={"A": "x y", "B": ""})
    locs = [
        loc for r in rf.requirements for loc in (r.loc, r.name_loc, r.spec_loc, r.marker_loc) if loc
    ]
    locs += [o.loc for o in rf.options] + [i.loc for i in rf.includes]
    assert all(0 <= loc.start <= loc.end <= len(src) for loc in locs)
    assert all(f.code == "REQ001" and f.line >= 1 and f.column >= 1 for f in findings)


# -- compiled files ------------------------------------------------------------------------

Via = list[tuple[str, tuple[str, ...]]]


@pytest.mark.parametrize(
    ("name", "info", "via"),
    (
        pytest.param(
            "pip-compile-custom-header.txt",
            ("pip-compile", "make lock", (5, 6, 5, 15), "3.11", ("requirements.in",)),
            [
                ("exceptiongroup", ("-r requirements.in",)),
                ("idna", ("-r requirements.in",)),
                ("python-dateutil", ("-r requirements.in",)),
                ("typing-extensions", ("exceptiongroup",)),
                ("tzdata", ("python-dateutil",)),
            ],
            id="pip-compile with CUSTOM_COMPILE_COMMAND: sources from # via -r",
        ),
        pytest.param(
            "pip-compile-dev-line.txt",
            (
                "pip-compile",
                "pip-compile --annotation-style=line --output-file=dev-line.txt --strip-extras dev.in",
                (5, 6, 5, 90),
                "3.11",
                ("dev.in", "requirements.in"),
            ),
            [
                ("exceptiongroup", ("-c requirements.txt", "-r requirements.in")),
                ("idna", ("-c requirements.txt", "-r requirements.in")),
                ("iniconfig", ("-r dev.in",)),
                ("python-dateutil", ("-c requirements.txt", "-r requirements.in")),
                ("typing-extensions", ("-c requirements.txt", "exceptiongroup")),
                ("tzdata", ("-c requirements.txt", "-r dev.in", "python-dateutil")),
            ],
            id="pip-compile, line-style annotations",
        ),
        pytest.param(
            "pip-compile-dev.txt",
            (
                "pip-compile",
                "pip-compile --strip-extras dev.in",
                (5, 6, 5, 39),
                "3.11",
                ("dev.in", "requirements.in"),
            ),
            [
                ("exceptiongroup", ("-c requirements.txt", "-r requirements.in")),
                ("idna", ("-c requirements.txt", "-r requirements.in")),
                ("iniconfig", ("-r dev.in",)),
                ("python-dateutil", ("-c requirements.txt", "-r requirements.in")),
                ("typing-extensions", ("-c requirements.txt", "exceptiongroup")),
                ("tzdata", ("-c requirements.txt", "-r dev.in", "python-dateutil")),
            ],
            id="pip-compile, split annotations",
        ),
        pytest.param(
            "pip-compile-hashes.txt",
            (
                "pip-compile",
                "pip-compile --generate-hashes requirements.in",
                (5, 6, 5, 51),
                "3.11",
                ("requirements.in",),
            ),
            [
                ("exceptiongroup", ("-r requirements.in",)),
                ("idna", ("-r requirements.in",)),
                ("python-dateutil", ("-r requirements.in",)),
                ("typing-extensions", ("exceptiongroup",)),
                ("tzdata", ("python-dateutil",)),
            ],
            id="pip-compile with hashes",
        ),
        pytest.param(
            "pip-compile-pyproject.txt",
            (
                "pip-compile",
                "pip-compile --extra=color --output-file=requirements-pyproject.txt --strip-extras pyproject.toml",
                (5, 6, 5, 102),
                "3.11",
                ("pyproject.toml",),
            ),
            [
                ("colorama", ("demo-uv (pyproject.toml)",)),
                ("idna", ("demo-uv (pyproject.toml)",)),
                ("python-dateutil", ("demo-uv (pyproject.toml)",)),
                ("tzdata", ("python-dateutil",)),
            ],
            id="pip-compile of pyproject.toml",
        ),
        pytest.param(
            "poetry-export-nohashes.txt",
            ("poetry-export", None, None, None, ()),
            [
                ("colorama", ()),
                ("exceptiongroup", ()),
                ("idna", ()),
                ("iniconfig", ()),
                ("python-dateutil", ()),
                ("six", ()),
                ("typing-extensions", ()),
                ("tzdata", ()),
            ],
            id="poetry export without hashes has no header",
        ),
        pytest.param(
            "poetry-export.txt",
            ("poetry-export", None, None, None, ()),
            [
                ("exceptiongroup", ()),
                ("idna", ()),
                ("python-dateutil", ()),
                ("six", ()),
                ("typing-extensions", ()),
                ("tzdata", ()),
            ],
            id="poetry export with hashes has no header",
        ),
        pytest.param(
            "uv-dev-line.txt",
            (
                "uv",
                "uv pip compile dev.in --annotation-style line -o uv-dev-line.txt",
                (2, 6, 2, 70),
                None,
                ("dev.in", "requirements.in"),
            ),
            [
                ("exceptiongroup", ("-c requirements.txt", "-r requirements.in")),
                ("idna", ("-c requirements.txt", "-r requirements.in")),
                ("iniconfig", ("-r dev.in",)),
                ("python-dateutil", ("-c requirements.txt", "-r requirements.in")),
                ("typing-extensions", ("exceptiongroup", "-c requirements.txt")),
                ("tzdata", ("python-dateutil", "-c requirements.txt", "-r dev.in")),
            ],
            id="uv pip compile, line-style annotations",
        ),
        pytest.param(
            "uv-dev.txt",
            (
                "uv",
                "uv pip compile dev.in -o uv-dev.txt",
                (2, 6, 2, 41),
                None,
                ("dev.in", "requirements.in"),
            ),
            [
                ("exceptiongroup", ("-c requirements.txt", "-r requirements.in")),
                ("idna", ("-c requirements.txt", "-r requirements.in")),
                ("iniconfig", ("-r dev.in",)),
                ("python-dateutil", ("-c requirements.txt", "-r requirements.in")),
                ("typing-extensions", ("-c requirements.txt", "exceptiongroup")),
                ("tzdata", ("-c requirements.txt", "-r dev.in", "python-dateutil")),
            ],
            id="uv pip compile, split annotations",
        ),
        pytest.param(
            "uv-export.txt",
            (
                "uv-export",
                "uv export --format requirements.txt -o export-requirements.txt",
                (2, 6, 2, 68),
                None,
                (),
            ),
            [
                ("", ()),
                ("exceptiongroup", ("demo-uv",)),
                ("idna", ("demo-uv",)),
                ("iniconfig", ()),
                ("iniconfig", ()),
                ("python-dateutil", ("demo-uv",)),
                ("python-dateutil", ("demo-uv",)),
                ("six", ("python-dateutil",)),
                ("typing-extensions", ("exceptiongroup",)),
                ("tzdata", ("python-dateutil",)),
            ],
            id="uv export",
        ),
        pytest.param(
            "uv-group.txt",
            (
                "uv",
                "uv pip compile pyproject.toml --group dev -o uv-group.txt",
                (2, 6, 2, 63),
                None,
                ("pyproject.toml",),
            ),
            [
                ("idna", ("demo-uv (pyproject.toml)",)),
                ("iniconfig", ("demo-uv (pyproject.toml:dev)",)),
                ("python-dateutil", ("demo-uv (pyproject.toml)",)),
                ("tzdata", ("python-dateutil",)),
            ],
            id="uv pip compile of a dependency group",
        ),
        pytest.param(
            "uv-pyproject.txt",
            (
                "uv",
                "uv pip compile pyproject.toml --extra color --universal -o uv-pyproject.txt",
                (2, 6, 2, 81),
                None,
                ("pyproject.toml",),
            ),
            [
                ("colorama", ("demo-uv (pyproject.toml)",)),
                ("idna", ("demo-uv (pyproject.toml)",)),
                ("python-dateutil", ("demo-uv (pyproject.toml)",)),
                ("tzdata", ("python-dateutil",)),
            ],
            id="uv pip compile of pyproject.toml",
        ),
        pytest.param(
            "uv-requirements.txt",
            (
                "uv",
                "uv pip compile requirements.in --generate-hashes -o uv-requirements.txt",
                (2, 6, 2, 77),
                None,
                ("requirements.in",),
            ),
            [
                ("exceptiongroup", ("-r requirements.in",)),
                ("idna", ("-r requirements.in",)),
                ("python-dateutil", ("-r requirements.in",)),
                ("typing-extensions", ("exceptiongroup",)),
                ("tzdata", ("python-dateutil",)),
            ],
            id="uv pip compile with hashes",
        ),
        pytest.param(
            "uv-universal.txt",
            (
                "uv",
                "uv pip compile pyproject.toml --universal --python-version 3.9 -o uv-universal.txt",
                (2, 6, 2, 88),
                "3.9",
                ("pyproject.toml",),
            ),
            [
                ("exceptiongroup", ("demo-uv (pyproject.toml)",)),
                ("idna", ("demo-uv (pyproject.toml)",)),
                ("python-dateutil", ("demo-uv (pyproject.toml)",)),
                ("python-dateutil", ("demo-uv (pyproject.toml)",)),
                ("six", ("python-dateutil",)),
                ("typing-extensions", ("exceptiongroup",)),
                ("tzdata", ("python-dateutil",)),
            ],
            id="uv pip compile --universal with --python-version",
        ),
    ),
)
def test_compiled_files(name: str, info: tuple[Any, ...] | None, via: Via) -> None:
    doc = read_document(COMPILED / name)
    rf, findings = reader.read(doc)
    assert findings == []
    c = rf.compiled
    got = (c.generator, c.command, pos(c.command_loc), c.python, c.sources) if c else None
    assert got == info
    assert [(r.name, r.via) for r in rf.requirements] == via
    assert {r.kind for r in rf.requirements} == {"requirements"}


def test_compiled_hashes_and_markers() -> None:
    rf, _ = reader.read(read_document(COMPILED / "pip-compile-hashes.txt"))
    first = rf.requirements[0]
    assert (first.text, first.marker, pos(first.marker_loc)) == (
        'exceptiongroup==1.3.1 ; python_version < "3.13"',
        'python_version < "3.13"',
        (7, 25, 7, 48),
    )
    assert [len(r.hashes) for r in rf.requirements] == [2, 2, 2, 2, 2]
    assert first.hashes[0].startswith("sha256:8b41")
    assert pos(Loc(first.loc.doc, first.line_end or 0, first.line_end or 0)) == (9, 83, 9, 83)


@pytest.mark.parametrize(
    ("src", "expected"),
    (
        pytest.param(
            "#\n# This file is autogenerated by pip-compile\n# To update, run:\n#\n"
            "#    pip-compile --output-file=req.txt req.in\n#\nfoo==1\n    # via -r req.in\n",
            ("pip-compile", "pip-compile --output-file=req.txt req.in", None, ("req.in",)),
            id="an old pip-compile header",
        ),
        pytest.param(
            "#\n# This file is autogenerated by pip-compile with python 3.8\n"
            "# To update, run:\n#\n#    pip-compile\n#\nfoo==1\n",
            ("pip-compile", "pip-compile", "3.8", ()),
            id="pip-compile said python in lower case",
        ),
        pytest.param(
            "# This file was autogenerated by uv via the following command:\n"
            "#    uv pip compile -c constraints.txt requirements.in -p 3.12 -o out.txt\nfoo==1\n",
            (
                "uv",
                "uv pip compile -c constraints.txt requirements.in -p 3.12 -o out.txt",
                None,
                ("requirements.in",),
            ),
            id="uv options with values are not sources",
        ),
        pytest.param(
            'foo==1.0 ; python_version >= "3.9"\nbar==2.0 ; python_version >= "3.9"\n',
            ("poetry-export", None, None, ()),
            id="pins with markers and nothing else look like poetry export",
        ),
        pytest.param("foo==1.0\nbar==2.0\n", None, id="plain pins are not compiled"),
        pytest.param(
            'foo==1.0 ; python_version >= "3.9"\n# a comment\n',
            None,
            id="a comment rules out poetry export",
        ),
        pytest.param(
            'foo>=1.0 ; python_version >= "3.9"\n', None, id="a range rules out poetry export"
        ),
        pytest.param(
            '--index-url https://x.example/simple\n\nfoo==1 ; python_version >= "3.9" --hash=sha256:aa\n'
            'bar==1 ; python_version >= "3.9"\n',
            None,
            id="hashes on some lines only rule out poetry export",
        ),
        pytest.param(
            "# This file is autogenerated by pip-compile\nfoo==1\n",
            ("pip-compile", None, None, ()),
            id="a header without a command",
        ),
    ),
)
def test_compiled_headers(src: str, expected: tuple[Any, ...] | None) -> None:
    _, rf, findings = read(src)
    assert problems(findings) == []
    c = rf.compiled
    assert ((c.generator, c.command, c.python, c.sources) if c else None) == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    (
        pytest.param("foo==1\n    # via bar\n", ("bar",), id="one source"),
        pytest.param(
            "foo==1\n    # via\n    #   -r a.in\n    #   bar\n",
            ("-r a.in", "bar"),
            id="several sources",
        ),
        pytest.param("foo==1  # via -c c.txt, bar\n", ("-c c.txt", "bar"), id="line style"),
        pytest.param("foo==1\n\n    # via bar\n", ("bar",), id="after a blank line"),
        pytest.param("foo==1\n# just a comment\n", (), id="other comments are not via"),
        pytest.param("foo==1\n--pre\n    # via bar\n", (), id="an option in between"),
        pytest.param("foo==1  # via bar\n    # via baz\n", ("baz",), id="the last one wins"),
    ),
)
def test_via(src: str, expected: tuple[str, ...]) -> None:
    _, rf, _ = read(src)
    assert rf.requirements[0].via == expected


# -- the fast path -------------------------------------------------------------------------

TRICKY = [
    "foo==1.0\nBar_Baz[X, y] >= 1.0 , < 2\nqux\nquux[a]\n",
    'a==1 ; python_version < "3.11"\nb ; sys_platform == "win32" and python_version >= "3.8"\n',
    "c (>=1)\nd>=1,\ne===1.0-custom\nf==1.0.*\ng~=1.4.2\nh!=1.5\ni==1.0+local.1\n",
    "j @ https://x.example/j.zip\nk[x] @ git+https://x.example/k@v1 ; os_name == 'nt'\n",
    "fo\\\no==1\nbar \\\n  >=1 \\\n  --hash=sha256:aa\n",
    "foo==\n[x]\nfoo; python_version <\nbad==1.0\t--hash=x\n",
    "foo==${VER}\n-e git+https://x.example/a#egg=a\n./wheels/w-1.0-py3-none-any.whl\n",
    "x.whl\nfoo.tar.gz[extra]\nfoo-1.0-py3-none-any.whl[e]\n",
]
FILES = sorted(COMPILED.iterdir()) + sorted(CORPUS.glob("[0-9][0-9]-*.txt"))


def _snapshot(doc: Document) -> tuple[Any, ...]:
    rf, findings = reader.read(doc, environ=ENV)
    return (
        rf.requirements,
        rf.options,
        rf.includes,
        rf.compiled,
        [(f.line, f.column, f.end_line, f.end_column, f.message) for f in findings],
    )


@pytest.mark.parametrize(
    "doc",
    [pytest.param(Document(REQUIREMENTS, src), id=f"tricky-{i}") for i, src in enumerate(TRICKY)]
    + [pytest.param(read_document(p), id=p.name) for p in FILES],
)
def test_the_fast_path_and_packaging_agree(doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _snapshot(doc)
    monkeypatch.setattr(reader, "_FAST_PATH", False)
    assert _snapshot(doc) == fast


_ws = st.sampled_from(["", " ", "\t", "  "])
_name = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,6}[A-Za-z0-9])?", fullmatch=True)
_release = st.lists(st.integers(0, 30), min_size=1, max_size=4).map(
    lambda xs: ".".join(map(str, xs))
)
_suffix = st.tuples(
    st.sampled_from(["", "a1", "b2", "rc3"]),
    st.sampled_from(["", ".post1"]),
    st.sampled_from(["", ".dev4"]),
).map("".join)


@st.composite
def _specifier(draw: st.DrawFn) -> str:
    op = draw(st.sampled_from(["==", "!=", ">=", "<=", ">", "<", "~="]))
    release = draw(_release)
    if op == "~=" and "." not in release:
        release += ".0"
    if op in ("==", "!=") and draw(st.booleans()):
        version = release + draw(st.sampled_from([".*", "+local", "+abc.7"]))
    else:
        version = release + draw(_suffix)
    return op + draw(_ws) + version


@st.composite
def _fast_requirement(draw: st.DrawFn) -> str:
    text = draw(_ws) + draw(_name) + draw(_ws)
    if draw(st.booleans()):
        extras = draw(st.lists(_name, max_size=3))
        text += (
            "["
            + draw(_ws)
            + (draw(_ws) + "," + draw(_ws)).join(extras)
            + draw(_ws)
            + "]"
            + draw(_ws)
        )
    kind = draw(st.sampled_from(["bare", "spec", "url"]))
    if kind == "spec":
        specs = draw(st.lists(_specifier(), min_size=1, max_size=3))
        text += (draw(_ws) + "," + draw(_ws)).join(specs)
    elif kind == "url":
        text += (
            "@"
            + draw(_ws)
            + draw(st.sampled_from(["https://x.example/a.zip", "git+https://x/b@v1#egg=b"]))
        )
    return text + draw(_ws)


_VARIABLES = [
    "python_version",
    "python_full_version",
    "os_name",
    "os.name",
    "sys_platform",
    "extra",
]


@st.composite
def _fast_marker(draw: st.DrawFn) -> str:
    atoms = []
    for _ in range(draw(st.integers(1, 3))):
        var = draw(st.sampled_from(_VARIABLES))
        value = draw(
            st.text(
                st.characters(blacklist_characters="'\\\"", blacklist_categories=["Cc", "Cs"]),
                max_size=6,
            )
        )
        quoted = f'"{value}"'
        op = draw(st.sampled_from(["==", "!=", "<", ">=", "===", "~=", " in ", " not in "]))
        left, right = (var, quoted) if draw(st.booleans()) else (quoted, var)
        atoms.append(left + (op if op.startswith(" ") else draw(_ws) + op + draw(_ws)) + right)
    return draw(_ws) + (" " + draw(st.sampled_from(["and", "or"])) + " ").join(atoms) + draw(_ws)


@settings(max_examples=300, deadline=None)
@given(_fast_requirement())
def test_what_the_fast_path_accepts_packaging_reads_alike(text: str) -> None:
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.utils import canonicalize_name

    assert reader._fast_req().fullmatch(text), text
    parsed = Requirement(text)
    parts = reader._Parts()
    reader._pep508_parts(text, parts, with_marker=False)
    assert parts.name == canonicalize_name(parsed.name)
    assert SpecifierSet(parts.specifier) == parsed.specifier
    assert set(parts.extras) == {canonicalize_name(e) for e in parsed.extras}
    assert parts.url == parsed.url


@settings(max_examples=300, deadline=None)
@given(_fast_marker())
def test_what_the_fast_marker_path_accepts_packaging_accepts(text: str) -> None:
    from packaging.markers import Marker

    assert reader._fast_marker().fullmatch(text), text
    Marker(text)


@settings(max_examples=25, deadline=None)
@given(
    st.from_regex(reader._FAST_REQ_PATTERN, fullmatch=True)
    | st.from_regex(reader._FAST_MARKER_PATTERN, fullmatch=True)
)
def test_the_fast_languages_are_within_packaging(text: str) -> None:
    from packaging.markers import Marker
    from packaging.requirements import Requirement

    if reader._fast_req().fullmatch(text):
        Requirement(text)
    else:
        Marker(text)


def test_plain_pins_do_not_import_packaging(tmp_path: Path) -> None:
    lines = []
    for i in range(5000):
        lines.append(
            (
                f"pkg{i}==1.{i}.0",
                f"Pkg_{i}[extra, other]>=1.0,<2",
                f"pkg-{i}",
                f"pkg{i} == 2.0  # via x",
            )[i % 4]
        )
    path = tmp_path / "requirements.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from reqhooks._text import read_document
        from reqhooks.readers.requirements import read
        rf, findings = read(read_document(Path({str(path)!r})))
        assert len(rf.requirements) == 5000 and findings == [], findings
        loaded = sorted(m for m in sys.modules if m == "packaging" or m.startswith("packaging."))
        print(loaded)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"
