"""Property tests: no input, however broken, makes a reader raise, and every position is in the file.

Every reader gets arbitrary text and mutations of real files (the committed fixtures, written
by the tools themselves): truncation at any point, deleted, doubled or swapped lines, random
characters, values of the wrong type (a string where a table is expected ...), huge values
and deep nesting.  Whatever comes in, a reader returns findings (REQ001 at worst), and every
position it hands out, in a finding or anywhere in the model, lies inside the file.  The
whole engine then runs over small fuzzed projects: exit status 0 or 1, never 2, never a
traceback.

The example counts keep this file at a few seconds.  ``REQHOOKS_FUZZ_SCALE=20`` explores
twenty times as many examples (a nightly run); in CI (``CI`` set) the examples are
derandomized, so that a pull request never fails on an input nobody changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import re
import signal
import tempfile
from collections.abc import Callable, Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reqhooks._record import Record, fields
from reqhooks._text import Document, decode
from reqhooks.cli import main
from reqhooks.findings import Finding
from reqhooks.model import Loc

FIXTURES = Path(__file__).parent / "fixtures"

_SCALE = float(os.environ.get("REQHOOKS_FUZZ_SCALE", "1"))


@pytest.fixture(autouse=True)
def _private_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Parsed big locks are cached on disk: in a directory of this session, not the user's."""
    monkeypatch.setenv("REQHOOKS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "reqhooks-cache"))


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=max(1, int(examples * _SCALE)),
        deadline=None,
        derandomize=bool(os.environ.get("CI")),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- the invariants --------------------------------------------------------------------------


def assert_position_inside(doc: Document, line: int, column: int, what: object) -> None:
    starts = doc._line_starts()
    assert 1 <= line <= len(starts), (what, line, len(starts))
    start = starts[line - 1]
    end = starts[line] - 1 if line < len(starts) else len(doc.text)  # the "\n" is not a column
    assert 1 <= column <= end - start + 1, (what, line, column, end - start + 1)


def assert_findings_inside(doc: Document, findings: list[Finding]) -> None:
    for f in findings:
        assert f.path == doc.path, f
        assert f.code.startswith("REQ"), f
        assert_position_inside(doc, f.line, f.column, f)
        assert_position_inside(doc, f.end_line, f.end_column, f)
        assert (f.line, f.column) <= (f.end_line, f.end_column), f
        assert f.message and "\n" not in f.message, f
        if f.fix is not None:
            for e in f.fix.edits:
                assert 0 <= e.start <= e.end <= len(doc.text), f


def locs(value: object, seen: set[int] | None = None) -> Iterator[Loc]:
    """Every :class:`Loc` reachable from a reader's model (not from parsed data or indexes)."""
    seen = set() if seen is None else seen
    if isinstance(value, Loc):
        yield value
        return
    if isinstance(value, (str, bytes, int, float, bool, type(None), Document, Path)):
        return
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Record) or (isinstance(value, tuple) and hasattr(type(value), "_fields")):
        # a record (its fields are its __slots__) or a named tuple
        names = fields(value) if isinstance(value, Record) else type(value)._fields
        for name in names:
            if name in ("data", "index", "doc"):
                continue
            yield from locs(getattr(value, name), seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name in ("data", "index", "doc"):
                continue
            yield from locs(getattr(value, f.name), seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from locs(item, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from locs(item, seen)


def assert_model_inside(doc: Document, model: object) -> None:
    for loc in locs(model):
        assert loc.doc is doc, loc
        assert 0 <= loc.start <= loc.end <= len(doc.text), loc


# -- the readers -----------------------------------------------------------------------------

Reader = Callable[[Document], tuple[object, list[Finding]]]


def _requirements(constraints: bool) -> Reader:
    def read(doc: Document) -> tuple[object, list[Finding]]:
        from reqhooks.readers import requirements

        return requirements.read(
            doc, constraints=constraints, environ={"TOKEN": "x y", "EMPTY": ""}
        )

    return read


def _pyproject(doc: Document) -> tuple[object, list[Finding]]:
    from reqhooks.readers import pyproject

    return pyproject.read(doc)


def _pipfile(doc: Document) -> tuple[object, list[Finding]]:
    from reqhooks.readers import pipfile

    return pipfile.read(doc)


def _lock(doc: Document) -> tuple[object, list[Finding]]:
    from reqhooks.readers import locks

    kind = locks.kind_for(doc.path)
    assert kind is not None
    return locks.read(doc, kind)


def _pythons(doc: Document) -> tuple[object, list[Finding]]:
    from reqhooks.discovery import python_decl_kind
    from reqhooks.readers import pythons

    kind = python_decl_kind(doc.path)
    assert kind is not None
    return pythons.read(doc, kind)


def _conda(doc: Document) -> tuple[object, list[Finding]]:
    from reqhooks.readers import conda

    return conda.read(doc)


def _fixtures(*patterns: str, limit: int = 40_000) -> list[str]:
    texts: dict[str, None] = {}
    for pattern in patterns:
        for path in sorted(FIXTURES.glob(pattern)):
            if path.is_file() and path.stat().st_size <= limit:
                texts.setdefault(decode(path.read_bytes())[0])
    assert texts, patterns
    return list(texts)


_DOCKERFILES = [
    "FROM python:3.12-slim AS build\nRUN pip install -r requirements.txt\n",
    (
        "# syntax=docker/dockerfile:1\nARG PY=3.11\nFROM python:${PY}-bookworm\n"
        "FROM --platform=$BUILDPLATFORM ghcr.io/astral-sh/uv:python3.13-bookworm-slim AS uv\n"
    ),
    'ARG PYTHON_VERSION="3.10.4"\nFROM \\\n  docker.io/library/python:$PYTHON_VERSION@sha256:abc AS base\n',
    "FROM python:${PY:-3.9}\nFROM python:3\nFROM python:latest\n",
]
_WORKFLOWS = [
    (
        "jobs:\n  test:\n    strategy:\n      matrix:\n        python-version: ['3.10', \"3.11\", 3.12]\n"
        "        exclude:\n          - python-version: '3.10'\n    steps:\n"
        "      - uses: actions/setup-python@v5\n        with:\n          python-version: ${{ matrix.python-version }}\n"
    ),
    (
        "jobs:\n  lint:\n    steps:\n      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: |\n            3.12\n            3.13\n"
    ),
]
_RENDER = [
    "services:\n  - type: web\n    envVars:\n      - key: PYTHON_VERSION\n        value: 3.12.1\n",
    "services:\n- type: worker\n  envVars:\n  - key: \"PYTHON_VERSION\"\n    value: '3.11'  # pinned\n",
]
_CONDA = [
    (
        "name: x\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n      - requests>=2.31\n"
        "      - \"tomli>=2; python_version < '3.11'\"\n      - -r requirements.txt\n"
        "      - git+https://github.com/a/b.git#egg=b\n"
    ),
    "dependencies:\n  - pip: [requests, 'numpy==1.26.*', \"torch>=2 ; sys_platform == 'linux'\"]\n",
]

READERS: dict[str, tuple[str, Reader, Callable[[], list[str]]]] = {
    "requirements": (
        "requirements.txt",
        _requirements(False),
        lambda: _fixtures("pip-corpus/*.txt", "compiled/*.txt", "*/*/requirements*.*"),
    ),
    "constraints": ("constraints.txt", _requirements(True), lambda: _fixtures("pip-corpus/*.txt")),
    "pyproject": (
        "pyproject.toml",
        _pyproject,
        lambda: _fixtures(
            "pyproject/*.toml",
            "toml/pyproject-*.toml",
            "*/*/pyproject.toml",
            "*/*/*/pyproject.toml",
        ),
    ),
    "Pipfile": (
        "Pipfile",
        _pipfile,
        lambda: _fixtures("pipfile/*", "*/*/Pipfile", "*/*/*/Pipfile"),
    ),
    "poetry.lock": (
        "poetry.lock",
        _lock,
        lambda: _fixtures("**/poetry.lock", "toml/poetry-*.lock"),
    ),
    "uv.lock": ("uv.lock", _lock, lambda: _fixtures("**/uv.lock", "toml/uv*.lock")),
    "script.py.lock": ("script.py.lock", _lock, lambda: _fixtures("**/*.py.lock")),
    "pdm.lock": ("pdm.lock", _lock, lambda: _fixtures("**/pdm.lock")),
    "Pipfile.lock": ("Pipfile.lock", _lock, lambda: _fixtures("**/Pipfile.lock")),
    "pylock.toml": ("pylock.toml", _lock, lambda: _fixtures("**/pylock*.toml")),
    ".python-version": (
        ".python-version",
        _pythons,
        lambda: [
            "3.12\n",
            "cpython-3.11.4-macos-aarch64-none\n# comment\n3.13t\n",
            "pypy3.10 3.9.18\n",
        ],
    ),
    "runtime.txt": ("runtime.txt", _pythons, lambda: ["python-3.12.1\n", "\n  python-3.9\n"]),
    ".tool-versions": (".tool-versions", _pythons, lambda: ["python 3.12.1 3.11.9\nnodejs 20\n"]),
    "Dockerfile": ("Dockerfile", _pythons, lambda: _DOCKERFILES),
    "render.yaml": ("render.yaml", _pythons, lambda: _RENDER),
    "workflow": (".github/workflows/ci.yml", _pythons, lambda: _WORKFLOWS),
    "environment.yml": ("environment.yml", _conda, lambda: _CONDA),
}


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """A reader that loops forever fails the example instead of hanging the suite."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_reader(name: str, text: str) -> None:
    filename, reader, _ = READERS[name]
    doc = Document(Path(filename), text)
    with time_limit(10):
        model, findings = reader(doc)
    assert_findings_inside(doc, findings)
    assert_model_inside(doc, model)


# -- strategies ------------------------------------------------------------------------------

# The characters the formats are made of, so that arbitrary text hits the grammar often.
_SYNTAX = st.sampled_from(
    list("[]{}()=<>!~;:,.@#'\"\\$-_ \t\r\n*^|&/+%?`")
    + ["\r\n", "'''", '"""', "${TOKEN}", "-r ", "--hash=sha256:"]
)
_WORDS = st.sampled_from(
    [
        "requests", "torch", "tomli", "python", "version", "markers", "dependencies", "package",
        "name", "[[package]]", "[project]", "[tool.poetry.dependencies]", "true", "1.0", "3.12",
        "python_version", "sys_platform", "FROM", "pip:", "- ", "==", ">=", "git+https://x/y.git",
        "extra", "optional", "metadata", "wheels", "sdist", "url", "https://u:p@h/simple",
    ]
)  # fmt: skip
_CHARS = st.characters(codec="utf-8")  # no lone surrogates: a Document is decoded text
ARBITRARY = st.one_of(
    st.text(_CHARS, max_size=200),
    st.lists(st.one_of(_SYNTAX, _WORDS, st.text(_CHARS, max_size=3)), max_size=60).map("".join),
)

# Values of another type than the one the format expects, and values no reader expects.
_WRONG = [
    "1", "-0", "true", "3.5e300", "inf", "nan", '"x"', "''", "[]", "[1, \"a\", {b = 2}]", "{}",
    "{ version = 1, markers = [] }", '{ git = "https://u:p@h/r.git", rev = [] }', '"${TOKEN}"',
    "1979-05-27T07:32:00Z", "07:32:00", "'''\nmulti\n'''", '"""a\\"b"""', "null", '{"a": [1]}',
    '[{"name": 1}]', '"\\u0000"', '"\\ud800"',
]  # fmt: skip
_VALUE = re.compile(
    r"""(?m)(?<=[=:])[ \t]*("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|-?\d[\d.]*|true|false|null|\[\]|\{\})"""
)
_HEADER = re.compile(r"(?m)^\[\[?([^\[\]\n]+)\]\]?")


def _draw_index(draw: st.DrawFn, text: str) -> int:
    return draw(st.integers(0, len(text)))


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def _truncate(draw: st.DrawFn, text: str) -> str:
    return text[: _draw_index(draw, text)]


def _delete_line(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    del lines[draw(st.integers(0, len(lines) - 1))]
    return "".join(lines)


def _double_line(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    i = draw(st.integers(0, len(lines) - 1))
    lines.insert(i, lines[i])
    return "".join(lines)


def _swap_lines(draw: st.DrawFn, text: str) -> str:
    lines = _lines(text)
    i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def _insert(draw: st.DrawFn, text: str) -> str:
    i = _draw_index(draw, text)
    piece = draw(st.one_of(ARBITRARY, st.binary(max_size=8).map(lambda b: b.decode("latin-1"))))
    return text[:i] + piece + text[i:]


def _wrong_type(draw: st.DrawFn, text: str) -> str:
    spans = [m.span(1) for m in _VALUE.finditer(text)]
    if not spans:
        return text
    a, b = draw(st.sampled_from(spans))
    return text[:a] + draw(st.sampled_from(_WRONG)) + text[b:]


def _table_shape(draw: st.DrawFn, text: str) -> str:
    """``[t]`` <-> ``[[t]]``, or a header turned into a key (a table where a string is expected ...)."""
    headers = list(_HEADER.finditer(text))
    if not headers:
        return text
    m = draw(st.sampled_from(headers))
    name = m.group(1)
    new = draw(
        st.sampled_from([f"[[{name}]]", f"[{name}]", f"{name} = 1", f'{name} = "x"', f"[{name}.x]"])
    )
    return text[: m.start()] + new + text[m.end() :]


def _huge(draw: st.DrawFn, text: str) -> str:
    spans = [m.span(1) for m in _VALUE.finditer(text)] or [(len(text), len(text))]
    a, b = draw(st.sampled_from(spans))
    n = draw(st.sampled_from([300, 4000, 100_000]))
    value = draw(
        st.sampled_from(
            [
                '"' + "9" * n + '"',
                '"1.' + "9" * n + '"',
                '">=3.' + "1" * n + '"',
                "[" + ", ".join(['"a"'] * (n // 10)) + "]",
                "9" * min(n, 4000),  # longer: see test_a_toml_integer_too_long_for_int_is_a_finding
                "1." + "5" * n,
            ]
        )
    )
    return text[:a] + value + text[b:]


def _nest(draw: st.DrawFn, text: str) -> str:
    spans = [m.span(1) for m in _VALUE.finditer(text)] or [(len(text), len(text))]
    a, b = draw(st.sampled_from(spans))
    depth = draw(st.sampled_from([2, 30, 200, 2000]))
    opener, closer = draw(st.sampled_from([("[", "]"), ("{a = ", "}"), ('{"a": ', "}")]))
    return text[:a] + opener * depth + text[a:b] + closer * depth + text[b:]


_MUTATIONS = [
    _truncate,
    _delete_line,
    _double_line,
    _swap_lines,
    _insert,
    _wrong_type,
    _table_shape,
    _huge,
    _nest,
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str]) -> str:
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 3))):
        mutation = draw(st.sampled_from(_MUTATIONS))
        text = mutation(draw, text)
    return text


_SEEDS = {name: spec[2]() for name, spec in READERS.items()}


# -- the readers never raise -----------------------------------------------------------------


@pytest.mark.parametrize("name", list(READERS))
def test_the_seeds_read_cleanly(name: str) -> None:
    for text in _SEEDS[name]:
        run_reader(name, text)


@pytest.mark.parametrize("name", list(READERS))
@fuzz(60)
@given(text=ARBITRARY)
def test_arbitrary_text_gives_findings_inside_the_file(name: str, text: str) -> None:
    run_reader(name, text)


@pytest.mark.parametrize("name", list(READERS))
@fuzz(80)
@given(data=st.data())
def test_mutated_files_give_findings_inside_the_file(name: str, data: st.DataObject) -> None:
    run_reader(name, data.draw(mutated(_SEEDS[name]), label="text"))


@pytest.mark.parametrize("name", list(READERS))
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\x0cpython-version: [3.12]\n", id="a form feed before a flow list"),
        pytest.param("a:\rpython-version: [3.12,\r 3.13]\r\n- pip: [x]\n", id="lone CRs"),
        pytest.param("\u2028python-version: ['3.12']\x1c\n", id="Unicode line separators"),
    ],
)
def test_line_breaks_other_than_lf_never_loop(name: str, text: str) -> None:
    """str.splitlines() breaks lines at CR, FF, VT, FS ... and Document positions at LF only:
    a reader that mixes the two must still move forward (the workflow reader once looped)."""
    run_reader(name, text)


@pytest.mark.parametrize("name", [n for n in READERS if n.endswith(("toml", "lock", "Pipfile"))])
@pytest.mark.parametrize("depth", [1, 100, 490, 5000])
def test_deep_nesting_anywhere_is_a_finding(name: str, depth: int) -> None:
    """tomllib and json recurse once per level: too deep is REQ001, not RecursionError."""
    for text in _SEEDS[name][:3]:
        for m in list(_VALUE.finditer(text))[:40]:
            a, b = m.span(1)
            run_reader(name, text[:a] + "[" * depth + text[a:b] + "]" * depth + text[b:])


def test_an_integer_too_long_for_int_is_a_finding() -> None:
    """Python refuses int() of more than 4300 digits (ValueError, not a decode error)."""
    for name in ("Pipfile.lock", "runtime.txt", ".python-version", "Dockerfile"):
        n = "1" * 5000
        text = {
            "Pipfile.lock": f'{{"_meta": {{"pipfile-spec": {n}}}, "default": {{"x": {{"version": {n}}}}}}}',
            "runtime.txt": f"python-3.{n}\n",
            ".python-version": f"3.{n}\n",
            "Dockerfile": f"FROM python:3.{n}-slim\n",
        }[name]
        run_reader(name, text)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("pyproject", "[project]\nversion = " + "1" * 5000 + "\n", id="tomllib"),
        pytest.param(
            "uv.lock",
            "version = 1\n"
            + '[[package]]\nname = "a"\nversion = "1"\n' * 2000
            + "size = "
            + "1" * 5000
            + "\n",
            id="the fast loader",
        ),
    ],
)
def test_a_toml_integer_too_long_for_int_is_a_finding(name: str, text: str) -> None:
    run_reader(name, text)


# -- the whole engine over fuzzed projects ---------------------------------------------------


@contextlib.contextmanager
def chdir(path: Path) -> Iterator[None]:
    """contextlib.chdir, which Python 3.10 lacks (a fixture would not be reset per example)."""
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


# `check` runs every family; while the lock family is being written, its module may not exist yet.
_CHECK = ["check"] if find_spec("reqhooks.rules.lock") else ["check", "--ignore", "LCK"]

_PROJECT_FILES = [
    "requirements.txt", "constraints.txt", "pyproject.toml", "Pipfile", "poetry.lock", "uv.lock",
    "script.py.lock", "pdm.lock", "Pipfile.lock", "pylock.toml", ".python-version", "runtime.txt",
    "Dockerfile", "environment.yml", ".github/workflows/ci.yml",
]  # fmt: skip
_READER_OF = {
    "requirements.txt": "requirements", "constraints.txt": "constraints", "pyproject.toml": "pyproject",
    ".github/workflows/ci.yml": "workflow",
}  # fmt: skip


@st.composite
def projects(draw: st.DrawFn) -> dict[str, bytes]:
    names = draw(st.lists(st.sampled_from(_PROJECT_FILES), min_size=1, max_size=5, unique=True))
    files: dict[str, bytes] = {}
    for name in names:
        seeds = _SEEDS[_READER_OF.get(name, name)]
        text = draw(st.one_of(st.sampled_from(seeds), mutated(seeds), ARBITRARY))
        data = text.encode("utf-8")
        if draw(st.integers(0, 9)) == 0:  # now and then bytes that are not UTF-8, or a BOM
            i = draw(st.integers(0, len(data)))
            data = (
                data[:i]
                + draw(st.sampled_from([b"\xff", b"\xef\xbb\xbf", b"\x00", b"\xc3"]))
                + data[i:]
            )
        files[name] = data
    if "requirements.txt" in files and draw(st.booleans()):
        target = draw(
            st.sampled_from(
                ["requirements.txt", "constraints.txt", "missing.txt", "sub/", "../x.txt"]
            )
        )
        files["requirements.txt"] = f"-r {target}\n".encode() + files["requirements.txt"]
    return files


@fuzz(40)
@given(files=projects(), fmt=st.sampled_from(["text", "json"]))
def test_the_engine_never_crashes_on_a_fuzzed_project(files: dict[str, bytes], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with (
            chdir(root),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            time_limit(30),
        ):
            code = main([*_CHECK, "--format", fmt, "--target-python", "3.10,3.13", "."])
        assert code in (0, 1), err.getvalue()
        assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
        if fmt == "json":
            payload = json.loads(out.getvalue())
            for f in payload["findings"]:
                data = files[f["path"]]
                try:
                    text = decode(data)[0]
                except Exception:  # noqa: BLE001 - undecodable: the position counts bytes
                    assert 1 <= f["line"] <= data.count(b"\n") + 1, f
                    continue
                doc = Document(Path(f["path"]), text)
                assert_position_inside(doc, f["line"], f["column"], f)
                assert_position_inside(doc, f["end_line"], f["end_column"], f)
