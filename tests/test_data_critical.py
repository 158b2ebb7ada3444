from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.utils import canonicalize_name

import reqhooks.data.critical
from reqhooks.data.critical import CRITICAL, Critical, canonical

SOURCE = Path(reqhooks.data.critical.__file__)


def test_table_has_a_considered_size() -> None:
    assert 40 <= len(CRITICAL) <= 60


def test_keys_are_canonical_and_match_the_entries() -> None:
    for key, entry in CRITICAL.items():
        assert isinstance(entry, Critical)
        assert key == entry.name == canonical(key) == canonicalize_name(key)


def test_no_library_is_listed_twice() -> None:
    # A repeated key would silently overwrite the first entry in the dict literal.
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    names = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_entry"
        and isinstance(node.args[0], ast.Constant)
    ]
    assert len(names) == len(set(names)) == len(CRITICAL)


@pytest.mark.parametrize("name", sorted(CRITICAL))
def test_reason_is_a_one_line_sentence(name: str) -> None:
    reason = CRITICAL[name].reason
    assert reason == reason.strip()
    assert "\n" not in reason
    assert 20 <= len(reason) <= 120, len(reason)
    assert reason[0].isalnum() and not reason.endswith("."), reason


@pytest.mark.parametrize("name", sorted(CRITICAL))
def test_source_is_an_https_url(name: str) -> None:
    source = CRITICAL[name].source
    assert source.startswith("https://"), source
    assert " " not in source


@pytest.mark.parametrize(
    "name",
    ("torch", "transformers", "numpy", "pandas", "pydantic", "django", "protobuf", "urllib3"),
)
def test_well_known_breakers_are_listed(name: str) -> None:
    assert name in CRITICAL


def test_entries_are_immutable() -> None:
    with pytest.raises(AttributeError):
        CRITICAL["torch"].reason = ""  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "expected"),
    (
        pytest.param("torch", "torch", id="already canonical"),
        pytest.param("Scikit_Learn", "scikit-learn", id="case and underscore"),
        pytest.param("zope.interface", "zope-interface", id="dot"),
        pytest.param("A__B--C..d", "a-b-c-d", id="runs of separators"),
        pytest.param("Pillow", "pillow", id="capital"),
    ),
)
def test_canonical(name: str, expected: str) -> None:
    assert canonical(name) == expected


@given(st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", fullmatch=True))
def test_canonical_agrees_with_packaging(name: str) -> None:
    assert canonical(name) == canonicalize_name(name)


def test_import_uses_only_the_standard_library() -> None:
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import reqhooks.data.critical\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(new - set(sys.stdlib_module_names) - {'reqhooks'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
