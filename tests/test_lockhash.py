"""reqhooks.lockhash against the hashes and verdicts the real tools recorded (offline)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reqhooks import lockhash
from reqhooks.lockhash import (
    _POETRY_GROUPS_HASHED_SINCE,
    LockHashError,
    _release_lt,
    pdm_content_hash,
    pdm_is_fresh,
    pdm_workspace_hash,
    pipfile_hash,
    pipfile_is_fresh,
    poetry_content_hash,
    poetry_generator_version,
    poetry_is_fresh,
)
from reqhooks.rules import _lock_pdm_inputs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DRIFT = Path(__file__).parent / "fixtures" / "drift"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_drift_{name}", DRIFT / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


cases = _load("cases")
generate = _load("generate")
VERDICTS: dict[str, Any] = json.loads((DRIFT / "verdicts.json").read_text(encoding="utf-8"))


def _toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)


# -- the recorded verdicts ---------------------------------------------------------------


def _pdm_members(root: Path, pyproject: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The workspace members the way PDM globs them (WorkspaceManager.iter_members)."""
    workspace = pyproject.get("tool", {}).get("pdm", {}).get("workspace") or {}
    members: dict[Path, tuple[str, dict[str, Any]]] = {}
    for pattern in workspace.get("members", []):
        paths = root.glob(pattern) if any(c in pattern for c in "*?[") else [root / pattern]
        for path in paths:
            path = path.resolve()
            if path not in members and (path / "pyproject.toml").is_file():
                rel = path.relative_to(root.resolve()).as_posix()
                members[path] = (rel, _toml(path / "pyproject.toml"))
    return list(members.values())


def _our_verdict(tool: str, root: Path) -> bool | None:
    """``True`` when reqhooks.lockhash calls the mutated project fresh."""
    if tool == "poetry":
        lock = root / "poetry.lock"
        header = lock.read_text(encoding="utf-8").partition("\n")[0]
        stored = _toml(lock).get("metadata", {}).get("content-hash")
        return poetry_is_fresh(
            _toml(root / "pyproject.toml"), stored, poetry_generator_version(header)
        )
    if tool == "pdm":
        pyproject = _toml(root / "pyproject.toml")
        metadata = _toml(root / "pdm.lock").get("metadata", {})
        return pdm_is_fresh(pyproject, metadata, members=_pdm_members(root, pyproject))
    if tool == "pipenv":
        lock = json.loads((root / "Pipfile.lock").read_text(encoding="utf-8"))
        return pipfile_is_fresh(_toml(root / "Pipfile"), lock["_meta"]["hash"]["sha256"])
    raise AssertionError(tool)


HASHED_CASES = [c for c in cases.CASES if c.tool in {"poetry", "pdm", "pipenv"}]


def test_every_case_has_a_recorded_verdict() -> None:
    assert sorted(VERDICTS["cases"]) == sorted(c.id for c in cases.CASES)


@pytest.mark.parametrize("case", HASHED_CASES, ids=[c.id for c in HASHED_CASES])
def test_fresh_verdict_matches_the_tool(case: Any, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(DRIFT / case.tool / case.project, root)
    generate.apply_edits(root, case.edits)
    expected = VERDICTS["cases"][case.id]
    ours = _our_verdict(case.tool, root)
    if case.tool == "pdm" and case.project == "lock-inputs":
        # The lock stores a resolved snapshot; the hash says nothing (the tool still decided).
        assert ours is None
    else:
        assert ours is (not expected["stale"])


# -- exact hashes of the committed base projects -----------------------------------------


def test_poetry_pep621_hash() -> None:
    pyproject = _toml(DRIFT / "poetry/pep621/pyproject.toml")
    assert poetry_content_hash(pyproject) == (
        "bbdd4bdaa3595241378632bd1f3aad69ff9fbcf279b0ae8ab4b35b89eb6c1253"
    )
    assert poetry_content_hash(pyproject, with_groups=False) == (
        "257e14694a3e40156cec0b6150224fe02210dd12b6f276cfdadccbc8cd60e28d"
    )
    assert _toml(DRIFT / "poetry/pep621/poetry.lock")["metadata"]["content-hash"] == (
        poetry_content_hash(pyproject)
    )


def test_poetry_legacy_hash_is_poetry_1_8s() -> None:
    pyproject = _toml(DRIFT / "poetry/legacy/pyproject.toml")
    expected = "62108ee737fa469fa106fa597c79f5009791330c2821928ffec8d2e048971a0a"
    assert poetry_content_hash(pyproject) == expected
    assert poetry_content_hash(pyproject, with_groups=False) == expected
    assert _toml(DRIFT / "poetry/legacy/poetry.lock")["metadata"]["content-hash"] == expected


@pytest.mark.parametrize(
    ("project", "expected"),
    [
        pytest.param(
            "project",
            "sha256:94af0ff362666145fc1f9892250b9fa31279984ce3e1be29dbc1deb5e3413365",
            id="project",
        ),
        pytest.param(
            "mixed-groups",
            "sha256:26e4f1d3f3d44f116b3d9d992dc83241661b5c85687be9087bb0d0843079b47b",
            id="mixed groups, as a fresh PDM process first computes it",
        ),
    ],
)
def test_pdm_hash(project: str, expected: str) -> None:
    assert pdm_content_hash(_toml(DRIFT / "pdm" / project / "pyproject.toml")) == expected


def test_pdm_hash_variants() -> None:
    pyproject = _toml(DRIFT / "pdm/project/pyproject.toml")
    assert pdm_content_hash(pyproject, "md5") == "md5:7fa6ddfa93b314450965a5f06d6307ac"
    assert pdm_content_hash(pyproject, legacy=True) == (
        "sha256:b8797f4b9168225db9cf9c0ab34b61e4b873666c1696b89d19ff8737b8ba79bb"
    )


def test_pdm_mixed_groups_lock_was_written_after_repeated_merges() -> None:
    # PDM 2.29 extends the parsed [dependency-groups] list in place on every merge with
    # tool.pdm.dev-dependencies; `pdm lock` had merged three times when it wrote the hash.
    pyproject = _toml(DRIFT / "pdm/mixed-groups/pyproject.toml")
    pyproject["dependency-groups"]["dev"] += ["idna>=3.0", "idna>=3.0"]
    stored = _toml(DRIFT / "pdm/mixed-groups/pdm.lock")["metadata"]["content_hash"]
    assert pdm_content_hash(pyproject) == stored


def test_pdm_workspace_hash_matches_the_real_workspace_lock() -> None:
    root = _toml(DRIFT / "pdm/workspace/pyproject.toml")
    member = _toml(DRIFT / "pdm/workspace/packages/lib/pyproject.toml")
    expected = "sha256:41dd39f9e6eb6ef17d83dd4f30c90d456e25f005b6d29ad7100a679f48ecceea"
    combined = pdm_workspace_hash(
        pdm_content_hash(root), [("packages/lib", pdm_content_hash(member))]
    )
    assert combined == expected
    assert _toml(DRIFT / "pdm/workspace/pdm.lock")["metadata"]["content_hash"] == expected
    assert pdm_content_hash(root) != expected


def test_pipfile_hash() -> None:
    pipfile = _toml(DRIFT / "pipenv/project/Pipfile")
    expected = "c5cba4c2853175c0ff9d4c3a779aea77e1e1ae51cdf758567b43b5b77d31f850"
    assert pipfile_hash(pipfile) == expected
    assert pipfile_hash(pipfile, canonical_names=False) == expected  # names already canonical
    lock = json.loads((DRIFT / "pipenv/project/Pipfile.lock").read_text(encoding="utf-8"))
    assert lock["_meta"]["hash"]["sha256"] == expected


# -- Poetry details ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "# This file is automatically @generated by Poetry 2.2.1 and should not be changed by hand.\n",
            (0, 2, 2, 1, 0),
            id="release",
        ),
        pytest.param("# @generated by Poetry 1.8 and", (0, 1, 8, 0, 0), id="padded to three parts"),
        pytest.param("# @generated by Poetry 2.3.0b1 and", (0, 2, 3, 0, -1), id="pre-release"),
        pytest.param("# @generated by Poetry 2.3.0.dev0 and", (0, 2, 3, 0, -1), id="dev release"),
        pytest.param("# @generated by Poetry 2.3.0.post1 and", (0, 2, 3, 0, 1), id="post release"),
        pytest.param(
            "# @generated by Poetry 2.3.0.post1.dev0 and", (0, 2, 3, 0, 1), id="post's dev release"
        ),
        pytest.param("# @generated by Poetry 1!1.0 and", (1, 1, 0, 0, 0), id="an epoch"),
        pytest.param("# @generated by Poetry unknown and", None, id="not a version"),
        pytest.param("# This file is @generated by PDM.", None, id="no Poetry"),
    ],
)
def test_poetry_generator_version(line: str, expected: tuple[int, ...] | None) -> None:
    assert poetry_generator_version(line) == expected


GROUPED = {
    "project": {"name": "x", "requires-python": ">=3.9", "dependencies": ["idna"]},
    "dependency-groups": {"dev": ["pytest"]},
}


@pytest.mark.parametrize(
    ("version", "fresh"),
    [
        pytest.param((0, 2, 2, 1, 0), True, id="2.2.1 accepts the hash without groups"),
        pytest.param((0, 2, 3, 0, -1), True, id="2.3.0 pre-release too"),
        pytest.param((0, 2, 3), False, id="2.3 is 2.3.0"),
        pytest.param((0, 2, 5, 1, 0), False, id="2.5.1 does not"),
        pytest.param((1, 1, 0, 0, 0), False, id="1!1.0 does not: a later epoch"),
        pytest.param(None, False, id="unknown generator does not"),
    ],
)
def test_poetry_pre_2_3_fallback(version: tuple[int, ...] | None, fresh: bool) -> None:
    old_hash = poetry_content_hash(GROUPED, with_groups=False)
    assert poetry_is_fresh(GROUPED, old_hash, version) is fresh


def test_poetry_missing_hash_is_never_fresh() -> None:
    assert poetry_is_fresh(GROUPED, None, (2, 2, 0)) is False


def test_poetry_legacy_keys_are_padded_with_null() -> None:
    import hashlib

    pyproject = {"tool": {"poetry": {"dependencies": {"python": "^3.9"}}}}
    content = {
        "dependencies": {"python": "^3.9"},
        "source": None,
        "extras": None,
        "dev-dependencies": None,
    }
    assert (
        poetry_content_hash(pyproject)
        == hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    )


def test_poetry_empty_dependency_groups_leave_the_hash_alone() -> None:
    pyproject = {"project": {"dependencies": ["idna"]}}
    assert poetry_content_hash({**pyproject, "dependency-groups": {}}) == poetry_content_hash(
        pyproject
    )


def test_poetry_rejects_what_poetry_cannot_hash() -> None:
    import datetime

    pyproject: dict[str, Any] = {
        "project": {
            "dependencies": ["idna"],
            "optional-dependencies": {"x": [datetime.date(2024, 1, 1)]},
        }
    }
    with pytest.raises(LockHashError, match=r"project\.optional-dependencies\.x\[0\]"):
        poetry_content_hash(pyproject)
    with pytest.raises(LockHashError, match="Expected a table at tool.poetry"):
        poetry_content_hash({"tool": {"poetry": "x"}})


# -- PDM details -------------------------------------------------------------------------


def test_pdm_merges_and_normalises_groups() -> None:
    merged = {
        "project": {"dependencies": []},
        "dependency-groups": {"Test_Group": ["pytest"]},
        "tool": {"pdm": {"dev-dependencies": {"test.group": ["-e ./sub"], "lint": ["ruff"]}}},
    }
    plain = {
        "project": {"dependencies": []},
        "dependency-groups": {"test-group": ["pytest", "-e ./sub"], "lint": ["ruff"]},
    }
    assert pdm_content_hash(merged) == pdm_content_hash(plain)
    assert merged["dependency-groups"] == {"Test_Group": ["pytest"]}  # not mutated, unlike PDM


def test_pdm_duplicate_group_after_normalisation() -> None:
    pyproject: dict[str, Any] = {"dependency-groups": {"dev": [], "DEV": []}}
    with pytest.raises(LockHashError, match="'dev' twice"):
        pdm_content_hash(pyproject)


def test_pdm_workspace_hash_orders_members_by_path() -> None:
    members = [("packages/b", "sha256:bb"), ("packages/a", "sha256:aa")]
    assert pdm_workspace_hash("sha256:00", members) == pdm_workspace_hash(
        "sha256:00", members[::-1]
    )
    assert pdm_workspace_hash("sha256:00", []) != "sha256:00"


def test_pdm_workspace_hash_wants_one_algorithm() -> None:
    with pytest.raises(LockHashError, match="Expected sha256 hashes for every member, found md5"):
        pdm_workspace_hash("sha256:00", [("a", "md5:11")])


PDM_PROJECT = {"project": {"requires-python": ">=3.9", "dependencies": ["idna"]}}


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        pytest.param(
            {"lock_version": "4.5.1", "content_hash": "sha256:x", "lock_inputs": {}},
            None,
            id="lock inputs",
        ),
        pytest.param({"lock_version": "4.5.0", "content_hash": ""}, False, id="empty hash"),
        pytest.param(
            {"lock_version": "4.5.0", "content_hash": "sha256:"}, False, id="empty digest"
        ),
        pytest.param({"content_hash": "HASH"}, False, id="no lock_version"),
        pytest.param({"lock_version": "5.0.0", "content_hash": "HASH"}, False, id="other major"),
        pytest.param({"lock_version": "4.6.0", "content_hash": "HASH"}, False, id="newer minor"),
        pytest.param({"lock_version": "4.1.0", "content_hash": "HASH"}, True, id="older minor"),
    ],
)
def test_pdm_is_fresh_metadata(metadata: dict[str, Any], expected: bool | None) -> None:
    if metadata.get("content_hash") == "HASH":
        metadata = {**metadata, "content_hash": pdm_content_hash(PDM_PROJECT)}
    assert pdm_is_fresh(PDM_PROJECT, metadata) is expected


def test_pdm_legacy_hash_only_on_request() -> None:
    metadata = {"lock_version": "4.4.0", "content_hash": pdm_content_hash(PDM_PROJECT, legacy=True)}
    assert pdm_is_fresh(PDM_PROJECT, metadata) is False
    assert pdm_is_fresh(PDM_PROJECT, metadata, accept_legacy=True) is True


def test_pdm_unknown_algorithm() -> None:
    with pytest.raises(LockHashError, match="Expected a hashlib algorithm name, found 'nope'"):
        pdm_is_fresh(PDM_PROJECT, {"lock_version": "4.5.1", "content_hash": "nope:00"})


# -- pipenv details ----------------------------------------------------------------------

SOURCE = '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n'


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(SOURCE + '[packages]\nidna = "*"\n', id="plain"),
        pytest.param('[packages]\nidna = "*"\n', id="default source inserted"),
        pytest.param(
            '[packages]\nPython_Dateutil = "*"\nrequests = {version = "*", extras = ["socks"]}\n',
            id="names",
        ),
        pytest.param(
            SOURCE
            + '[packages]\na = {version = "*", editable = false, n = 0x10, f = 1.50, big = 1_000}\n'
            'b = {nested = {flag = true, list = [1, 2.5e3, "\\u00fc"]}, ml = """\nx\ny"""}\n'
            '[packages.c]\nversion = "*"\nsub = {x = [[1, 2], ["a"]], y = [{flag = true}]}\n',
            id="integers, floats, booleans in tables, nested inline tables",
        ),
        pytest.param(
            SOURCE + '[packages]\n[requires]\npython_version = "3.12"\n[scripts]\nx = "y"\n',
            id="scripts",
        ),
        pytest.param(
            SOURCE + '[docs]\nSphinx = "*"\n[pipenv]\nallow_prereleases = true\n', id="category"
        ),
        pytest.param(
            'version = "1"\n[packages]\nidna = "*"\n', id="top-level key joins the default source"
        ),
        pytest.param(SOURCE + "[packages]\na = {extras = [true]}\n", id="boolean in an array"),
        pytest.param(SOURCE + "[packages]\na = {d = 2024-01-01}\n", id="date"),
    ],
)
@pytest.mark.parametrize("canonical", [True, False], ids=["canonical", "verbatim"])
def test_pipfile_hash_mirrors_tomlkit(text: str, canonical: bool) -> None:
    """pipenv hashes tomlkit items; hashing tomllib data must give the same answer, or fail alike."""
    expected = _pipenv_reference_hash(text, canonical=canonical)
    data = tomllib.loads(text)
    if expected is None:
        with pytest.raises(LockHashError):
            pipfile_hash(data, canonical_names=canonical)
    else:
        assert pipfile_hash(data, canonical_names=canonical) == expected


def _pipenv_reference_hash(text: str, *, canonical: bool) -> str | None:
    """pipenv's Pipfile.calculate_hash / plette's get_hash, over tomlkit (None when it crashes)."""
    import hashlib

    tomlkit = pytest.importorskip("tomlkit")
    from packaging.utils import canonicalize_name

    if "source" not in tomlkit.loads(text):  # plette's DEFAULT_SOURCE_TOML, prepended as text
        default = '[[source]]\nname = "pypi"\nurl = "https://pypi.org/simple"\nverify_ssl = true\n'
        text = default + ("" if text.startswith("\n") else "\n") + text
    raw = tomlkit.loads(text)
    section = (
        (lambda s: {canonicalize_name(k): v for k, v in s.items()}) if canonical else (lambda s: s)
    )
    reserved = {
        "source",
        "packages",
        "dev-packages",
        "requires",
        "scripts",
        "pipfile",
        "pipenv",
        "default",
        "develop",
    }
    data = {
        "_meta": {"sources": raw["source"], "requires": raw.get("requires", {})},
        "default": section(raw.get("packages", {})),
        "develop": section(raw.get("dev-packages", {})),
        **{k: section(v) for k, v in raw.items() if k not in reserved},
    }
    try:
        content = json.dumps(data, sort_keys=True, separators=(",", ":"))
    except TypeError:
        return None
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def test_pipfile_accepts_the_verbatim_hash_of_old_locks() -> None:
    pipfile = tomllib.loads(SOURCE + '[packages]\nPython_Dateutil = "*"\n')
    old = pipfile_hash(pipfile, canonical_names=False)
    assert old != pipfile_hash(pipfile)
    assert pipfile_is_fresh(pipfile, old) is True
    assert pipfile_is_fresh(pipfile, pipfile_hash(pipfile)) is True
    assert pipfile_is_fresh(pipfile, None) is False
    assert pipfile_is_fresh(pipfile, "") is False


def test_pipfile_missing_source_is_pypi() -> None:
    with_source = tomllib.loads(SOURCE + '[packages]\nidna = "*"\n')
    without = tomllib.loads('[packages]\nidna = "*"\n')
    assert pipfile_hash(with_source) == pipfile_hash(without)


def test_pipfile_rejects_a_category_that_is_not_a_table() -> None:
    with pytest.raises(LockHashError, match="Expected a table at docs, found list"):
        pipfile_hash({"source": [], "docs": [{"a": 1}]})


@pytest.mark.parametrize(
    "version",
    [
        "2.2.1", "2.3.0b1", "2", "1.8.3", "2.3.0.dev1", "2.3.0rc2", "02.1", "2.3.post1", "v2.1",
        "1!2.0", "1!1.0", "2!0", "1!2.2.1", "0!2.2.9", "2.3.0.post1.dev0", "2.3.0.post0.dev0",
        "2.3.0-1.dev0", "2.3.0rc1.post1", "2.3.0rc1.post1.dev2", "2.3.0+local", "2.2.9+local",
        "2.3.0.0", "2.3.0.0.1", "2.3.0.0b1", "2.3.0.0.dev0", "2.2.99999", "2.3", "2.3.dev0",
        "3.0.0a1", "2.4", "1.8.5.post3", "2.2.1.1",
    ],
)  # fmt: skip
def test_poetry_generator_version_is_older_than_2_3_exactly_when_pep_440_says_so(
    version: str,
) -> None:
    # Which hash a lock may match depends on it (poetry-core compares the versions).
    from packaging.version import Version

    line = f"# This file is automatically @generated by Poetry {version} and should not be changed by hand."
    key = poetry_generator_version(line)
    assert key is not None
    assert _release_lt(key, _POETRY_GROUPS_HASHED_SINCE) is (Version(version) < Version("2.3.0"))


# -- JSON without the json package -------------------------------------------------------
# lockhash writes the hashed JSON itself and _lock_pdm_inputs copies the sources itself, so
# that a run does not import json (~3 ms); both must be json's results to the byte.

# Escapes json writes: controls, DEL, quotes, backslashes, non-ASCII, astral characters (no
# lone surrogates: TOML cannot hold them, and utf-8 cannot encode the digest input).
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12) | st.text(
    st.sampled_from('aZ09 -~/"\\\x00\x08\x1f\x7f\x80\u00e9\u2028\ufeff\U0001f600'), max_size=12
)
# (Named functions, not lambdas: Hypothesis reads an `extend` function's source to see that
# it uses its argument, and a multi-line lambda's source is not always found.)
def _plain_containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(_TEXT, inner, max_size=4)
    )


def _odd_containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = _TEXT | st.integers() | st.booleans() | st.none() | st.floats()
    return st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4)


_PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**64) + 1, 2**64 - 1) | _TEXT,  # 64 bits at most
    _plain_containers,
    max_leaves=24,
)
# What the hand-written paths leave to json: floats, keys json converts or cannot sort.
_ODD = st.recursive(
    st.none() | st.booleans() | st.integers() | _TEXT | st.floats(), _odd_containers, max_leaves=16
)
_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, str]:
    """What a call returns (its repr, so that ``True`` is not ``1``) or raises."""
    try:
        return "returned", repr(fn(*args, **kwargs))
    except Exception as e:  # noqa: BLE001 - the exception itself is compared
        return type(e), str(e)


def _same_as_json(value: Any) -> None:
    assert _outcome(lockhash._dumps, value) == _outcome(json.dumps, value, sort_keys=True)
    assert _outcome(lockhash._dumps, value, compact=True) == _outcome(
        json.dumps, value, sort_keys=True, separators=(",", ":")
    )
    assert _outcome(_lock_pdm_inputs._json_copy, value) == _outcome(
        lambda v: json.loads(json.dumps(v)), value
    )


@_SETTINGS
@given(_PLAIN)
def test_plain_values_are_written_as_json_writes_them(value: Any) -> None:
    _same_as_json(value)
    chunks: list[str] = []
    assert lockhash._write_json(value, chunks, ", ", ": ")  # not by the fallback


@_SETTINGS
@given(_ODD)
def test_other_values_give_jsons_result_or_exception(value: Any) -> None:
    _same_as_json(value)


class _Int(int):
    def __repr__(self) -> str:
        return "not json"


class _Str(str):
    def __str__(self) -> str:
        return "not json"


def _circular() -> list[Any]:
    loop: list[Any] = []
    loop.append({"a": loop})
    return loop


def _deep(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({"a": 1.5, "b": [float("nan"), float("inf"), -0.0, 1e300]}, id="floats"),
        pytest.param({1: "a", "1": "b"}, id="int key colliding with a string key"),
        pytest.param({True: 1, None: 2, 2.5: 3}, id="keys json converts"),
        pytest.param({1: "a", "b": 2}, id="keys json cannot sort"),
        pytest.param({"a": {1, 2}}, id="a set"),
        pytest.param({"a": b"x"}, id="bytes"),
        pytest.param([_Int(5), True, False, 2**64, -(2**64), 2**65], id="int subclass, big ints"),
        pytest.param([10**5000], id="int past sys.get_int_max_str_digits"),
        pytest.param([_Str("x\u00e9"), {_Str("k"): 1}], id="str subclass"),
        pytest.param({"a": ("x", ["y", ()])}, id="tuples"),
        pytest.param(_circular(), id="circular"),
        pytest.param(_deep(100_000), id="nesting past the recursion limit"),
        pytest.param(_deep(200), id="nesting within it"),
        pytest.param({"": [], "\x7f": {}, "\u2028": "\U0001f600"}, id="empty containers, escapes"),
    ],
)
def test_edge_values_give_jsons_result_or_exception(value: Any) -> None:
    _same_as_json(value)


_NO_JSON_PROBE = """
import sys
from reqhooks import lockhash as l
from reqhooks.rules import _lock_pdm_inputs

deps = ["idna>=3", "caf\\u00e9 ; python_version < \\"3.11\\"", 'x @ file:///C:\\\\x']
pyproject = {
    "project": {"name": "app", "requires-python": ">=3.9", "dependencies": deps,
                "optional-dependencies": {"socks": ["PySocks>=1.5"]}},
    "dependency-groups": {"dev": ["pytest", {"include-group": "lint"}], "lint": []},
    "tool": {"poetry": {"dependencies": {"python": "^3.9", "x": {"version": "1", "optional": True}},
                        "source": [{"name": "pypi", "priority": "primary"}]},
             "pdm": {"resolution": {"respect-source-order": True, "excludes": []},
                     "source": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}]}},
}
l.poetry_content_hash(pyproject)
l.poetry_is_fresh(pyproject, "00", (2, 2, 0))
own = l.pdm_content_hash(pyproject)
l.pdm_content_hash(pyproject, "md5", legacy=True)
l.pdm_workspace_hash(own, [("packages/a", own)])
l.pdm_is_fresh(pyproject, {"lock_version": "4.5.0", "content_hash": own}, accept_legacy=True)
pipfile = {"packages": {"Idna": "*", "requests": {"version": "*", "extras": ["socks"]}},
           "dev-packages": {"pytest": ">=8"}, "requires": {"python_version": "3.12"}}
l.pipfile_is_fresh(pipfile, "00")
_lock_pdm_inputs._sources(pyproject["tool"]["pdm"]["source"])
print("json" in sys.modules)
"""


def test_hashing_a_project_does_not_import_json() -> None:
    def run(code: str) -> str:
        root = Path(__file__).parent.parent  # a fresh interpreter, importing this checkout
        proc = subprocess.run(
            [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
        )
        return proc.stdout.strip()

    if run("import sys; print('json' in sys.modules)") != "False":
        pytest.skip("the interpreter imports json at start-up")
    assert run(_NO_JSON_PROBE) == "False"
