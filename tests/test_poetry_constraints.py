"""Poetry constraints and dependency tables, checked against exact strings and against poetry-core.

poetry-core (in the test extra, never a runtime dependency) is the oracle: for every constraint
in ``ORACLE_CONSTRAINTS`` the PEP 440 translation must allow exactly the probe versions that
``poetry.core``'s own parser allows.  Pre-releases count as versions like any other
(``prereleases=True``): whether a resolver *picks* one is a separate policy in both tools.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from reqhooks import _pepfast
from reqhooks.readers import _poetry as poetry_module
from reqhooks.readers._poetry import (
    PoetryConstraintError,
    PoetryDependency,
    constraint_to_pep440,
    constraint_to_specifiers,
    parse_dependency,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

try:
    from poetry.core.constraints.version import Version as PoetryVersion
    from poetry.core.constraints.version import parse_constraint as poetry_parse_constraint
    from poetry.core.factory import Factory
except ImportError:  # pragma: no cover - CI installs the test extra
    if os.environ.get("CI"):
        raise ImportError("poetry-core is in the test extra: CI must install it") from None
    HAVE_POETRY = False
else:
    HAVE_POETRY = True

# Skipped on a developer machine without poetry-core; in CI (CI=true) the import above fails
# loudly instead, so that a missing test dependency cannot pass silently.
oracle = pytest.mark.skipif(
    not HAVE_POETRY,
    reason="poetry-core (test extra) is not installed",
)


def _words(text: str) -> list[str]:
    return text.split()


def _probe_versions() -> tuple[str, ...]:
    releases = _words(
        """
        0 0.0 0.0.0 0.0.1 0.0.3 0.0.4 0.0.5 0.1 0.1.0 0.1.5 0.2 0.2.3 0.2.9 0.3 0.3.0 0.9
        0.99 1 1.0 1.0.0 1.0.1 1.1 1.2 1.2.0 1.2.2 1.2.3 1.2.4 1.2.9 1.2.3.4 1.2.3.5 1.2.4.0
        1.3 1.3.0 1.4 1.5 1.8 1.99 2 2.0.0 2.0.1 2.1 2.5 2.6 2.7 2.7.18 2.8 2.9 3 3.0 3.0.1
        3.1 3.2 3.3 3.4 3.5 3.5.0 3.6 3.6.0 3.6.5 3.7 3.7.9 3.8 3.8.0 3.8.1 3.8.10 3.9 3.9.7
        3.10 3.10.5 3.11 3.12 3.12.4 3.13 3.14 3.15 4 4.0 4.0.0 4.1 5 9.9 10 10.0.1 2024.1
        1!0.5
        """
    )
    variants: list[str] = []
    bases = "0.0.3 0.0.4 0.1 0.2.3 0.3 1.0 1.0.0 1.2 1.2.3 1.3 1.3.0 2.0 2.0.0 3.0 3.5 3.8 3.13 4.0"
    for base in bases.split():
        variants += [f"{base}a1", f"{base}rc1", f"{base}.dev0", f"{base}.post1", f"{base}+local"]
    variants += ["1.0.0a1.dev1", "1.0b2.post1", "2.0.0b3", "3.13.0rc2", "1.2.3+ubuntu.1"]
    return tuple(dict.fromkeys(releases + variants))


PROBES = _probe_versions()


def test_probe_list_is_large_and_valid() -> None:
    assert len(PROBES) >= 180
    for probe in PROBES:
        Version(probe)


def _ours(specifier: str) -> set[str]:
    specifiers = SpecifierSet(specifier)
    return {v for v in PROBES if specifiers.contains(v, prereleases=True)}


def _any_of(specifiers: Iterable[str]) -> set[str]:
    return set().union(*(_ours(s) for s in specifiers))


def _poetry(constraint: str) -> set[str]:
    # poetry-core's parser refuses "", which we read as "*" (an empty version field).
    parsed = poetry_parse_constraint(constraint or "*")
    return {v for v in PROBES if parsed.allows(PoetryVersion.parse(v))}


# ---------------------------------------------------------------------------------------------
# Exact translations.

EXACT = (
    pytest.param("^1.2.3", ">=1.2.3,<2.0.0", id="caret keeps the major"),
    pytest.param("^0.2.3", ">=0.2.3,<0.3.0", id="caret on 0.x keeps the minor"),
    pytest.param("^0.0.3", ">=0.0.3,<0.0.4", id="caret on 0.0.x keeps the patch"),
    pytest.param("^0", ">=0,<1", id="caret on a lone zero"),
    pytest.param("^0.0", ">=0.0,<0.1", id="caret on 0.0"),
    pytest.param("^0.0.0", ">=0.0.0,<0.0.1", id="caret on 0.0.0"),
    pytest.param("^1", ">=1,<2", id="caret on a lone major"),
    pytest.param("^1.2", ">=1.2,<2.0", id="caret with two components"),
    pytest.param("^1.2.3.4", ">=1.2.3.4,<2.0.0.0", id="caret with four components"),
    pytest.param("^0.0.3.4", ">=0.0.3.4,<0.0.4.0", id="caret with four components on 0.0"),
    pytest.param("^1.0.0a1", ">=1.0.0a1,<2.0.0", id="caret on a pre-release"),
    pytest.param("^ 1.2", ">=1.2,<2.0", id="caret followed by a space"),
    pytest.param("~1.2.3", ">=1.2.3,<1.3.0", id="tilde keeps the minor"),
    pytest.param("~1.2", ">=1.2,<1.3", id="tilde with two components"),
    pytest.param("~1", ">=1,<2", id="tilde on a lone major"),
    pytest.param("~0.0.3", ">=0.0.3,<0.1.0", id="tilde ignores zeros"),
    pytest.param("~1.2.3b1", ">=1.2.3b1,<1.3.0", id="tilde on a pre-release"),
    pytest.param("*", "", id="star is any version"),
    pytest.param("", "", id="empty is any version"),
    pytest.param("  ", "", id="blank is any version"),
    pytest.param("x", "", id="x is any version"),
    pytest.param("*.*", "", id="star star is any version"),
    pytest.param("1.2.*", "==1.2.*", id="wildcard"),
    pytest.param("==1.2.*", "==1.2.*", id="wildcard with =="),
    pytest.param("!=1.2.*", "!=1.2.*", id="negated wildcard"),
    pytest.param("1.*.*", "==1.*", id="repeated wildcard"),
    pytest.param("1.2.3", "==1.2.3", id="bare version is =="),
    pytest.param("=1.2.3", "==1.2.3", id="single = is =="),
    pytest.param("v1.2", "==1.2", id="v prefix is dropped"),
    pytest.param("1.0.0-beta.2", "==1.0.0b2", id="version is normalised"),
    pytest.param(">=1.2,<2", ">=1.2,<2", id="comma is AND"),
    pytest.param(">=1.2 <2", ">=1.2,<2", id="space is AND"),
    pytest.param(">= 1.2, < 2", ">=1.2,<2", id="spaces after operators"),
    pytest.param(">=1.2,<2,", ">=1.2,<2", id="trailing comma"),
    pytest.param("~=1.2", "~=1.2", id="compatible release passes through"),
    pytest.param("~=1", ">=1,<2", id="compatible release on one component"),
    pytest.param("==1.2", "==1.2", id="== passes through"),
    pytest.param("!=1.3", "!=1.3", id="!= passes through"),
    pytest.param("===1.0-foo", "===1.0-foo", id="arbitrary equality passes through"),
    pytest.param(">=3.5.*", ">=3.5", id="wildcard after >= is dropped"),
    pytest.param(
        "!=3.0.*,!=3.1.*,>=2.7", "!=3.0.*,!=3.1.*,>=2.7", id="lock python-versions keeps order"
    ),
    pytest.param(
        ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*",
        ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*",
        id="lock python-versions with spaces",
    ),
    pytest.param(">=3.8,<4.0", ">=3.8,<4.0", id="lock range"),
    pytest.param(">=3.9", ">=3.9", id="lock lower bound"),
    pytest.param("^1 || ^2", ">=1,<3", id="touching carets merge"),
    pytest.param("^1.0 || ^2.0", ">=1.0,<3.0", id="touching carets with minors merge"),
    pytest.param("^1 | ^2", ">=1,<3", id="single bar is OR"),
    pytest.param("^2 || ^1", ">=1,<3", id="alternatives in any order merge"),
    pytest.param("^1 || >=1.5,<1.8", ">=1,<2", id="contained alternative keeps the outer"),
    pytest.param(">=1,<1.5 || >=1.2,<2", ">=1,<2", id="overlapping alternatives merge"),
    pytest.param("1.2.* || 1.3.*", ">=1.2.dev0,<1.4", id="adjacent wildcards merge"),
    pytest.param(">=1,!=1.5 || >=2", ">=1,!=1.5", id="exclusion kept when no one allows it"),
    pytest.param("^1 || *", "", id="alternative any version"),
    pytest.param("<1.5 || >=1.2", "", id="alternatives covering everything"),
)


@pytest.mark.parametrize(("constraint", "expected"), EXACT)
def test_constraint_to_pep440(constraint: str, expected: str) -> None:
    result = constraint_to_pep440(constraint)
    assert result == expected
    SpecifierSet(result)  # packaging accepts it


@pytest.mark.parametrize(
    ("constraint", "expected"),
    (
        pytest.param("^1.0 || ^2.0", (">=1.0,<2.0", ">=2.0,<3.0"), id="two carets"),
        pytest.param("^1 || ^3", (">=1,<2", ">=3,<4"), id="disjoint carets"),
        pytest.param("~2.7 || ^3.5", (">=2.7,<2.8", ">=3.5,<4.0"), id="old python constraint"),
        pytest.param(">=1 <2 | 3.*", (">=1,<2", "==3.*"), id="AND inside OR"),
        pytest.param("^1.2", (">=1.2,<2.0",), id="no OR gives one branch"),
        pytest.param("*", ("",), id="any version"),
        pytest.param("^1 || *", (">=1,<2", ""), id="any version as a branch"),
    ),
)
def test_constraint_to_specifiers(constraint: str, expected: tuple[str, ...]) -> None:
    assert constraint_to_specifiers(constraint) == expected


@pytest.mark.parametrize(
    ("constraint", "message", "bad"),
    (
        pytest.param(
            "^1 || ^3",
            "Expected the alternatives of '^1 || ^3' to overlap or touch: PEP 440 cannot express"
            " the gap before '>=3,<4'",
            "^3",
            id="gap between carets",
        ),
        pytest.param(
            "~2.7 || ^3.5",
            "Expected the alternatives of '~2.7 || ^3.5' to overlap or touch: PEP 440 cannot"
            " express the gap before '>=3.5,<4.0'",
            "^3.5",
            id="gap between python ranges",
        ),
        pytest.param(
            "1.2.3 || 1.2.4",
            "Expected the alternatives of '1.2.3 || 1.2.4' to overlap or touch: PEP 440 cannot"
            " express the gap before '==1.2.4'",
            "1.2.4",
            id="two single versions",
        ),
        pytest.param(
            ">=1,!=1.5 || >=1.2",
            "Expected !=1.5 in '>=1,!=1.5' to exclude versions no other alternative of"
            " '>=1,!=1.5 || >=1.2' allows",
            ">=1,!=1.5",
            id="exclusion undone by another alternative",
        ),
        pytest.param(
            "==1.0+abc || ^2",
            "Expected no ==1.0+abc in an alternative: it cannot be merged with the others",
            "==1.0+abc",
            id="local version in an alternative",
        ),
        pytest.param(
            "1.2.x", "Expected a PEP 440 version, got '1.2.x' in '1.2.x'", "1.2.x", id="x after"
        ),
        pytest.param("foo", "Expected a PEP 440 version, got 'foo' in 'foo'", "foo", id="word"),
        pytest.param("^", "Expected a version after '^'", "^", id="lone caret"),
        pytest.param(">= ", "Expected a version after '>='", ">=", id="lone operator"),
        pytest.param(
            "1 - 2", "Expected a PEP 440 version, got '-' in '1 - 2'", "-", id="hyphen range"
        ),
        pytest.param(
            ">=1.0,,<2",
            "Expected a version constraint at ',<2' in '>=1.0,,<2'",
            ",<2",
            id="double comma",
        ),
        pytest.param(
            "^1 ||", "Expected a version constraint after '||' in '^1 ||'", "", id="OR at the end"
        ),
        pytest.param(
            "|| ^1", "Expected a version constraint before '||' in '|| ^1'", "", id="OR first"
        ),
        pytest.param(
            "^1.2.*", "Expected no wildcard after '^', got '^1.2.*'", "^1.2.*", id="caret wildcard"
        ),
        pytest.param(
            "1.0a1.*",
            "Expected a release number before '.*', got '1.0a1.*'",
            "1.0a1.*",
            id="wildcard after a pre-release",
        ),
        pytest.param(
            ">=1.0+abc",
            "Expected a version without a local label ('+abc') in '>=1.0+abc'",
            ">=1.0+abc",
            id="local label with >=",
        ),
        pytest.param(">=*", "Expected a version, got '>=*'", ">=*", id="operator before star"),
        pytest.param(
            "<>1.3",
            "Expected '!=' instead of '<>', which Poetry reads as '==', in '<>1.3'",
            "<>1.3",
            id="diamond operator",
        ),
    ),
)
def test_constraint_errors(constraint: str, message: str, bad: str) -> None:
    with pytest.raises(PoetryConstraintError) as excinfo:
        constraint_to_pep440(constraint)
    error = excinfo.value
    assert str(error) == message
    assert error.constraint == constraint
    start, end = error.span
    assert constraint[start:end] == bad


def test_constraint_must_be_a_string() -> None:
    with pytest.raises(
        PoetryConstraintError, match="^Expected a version constraint string, got int$"
    ):
        constraint_to_pep440(3)  # type: ignore[arg-type]


def test_specifiers_do_not_raise_for_a_gap() -> None:
    with pytest.raises(PoetryConstraintError):
        constraint_to_pep440("^1 || ^3")
    assert constraint_to_specifiers("^1 || ^3") == (">=1,<2", ">=3,<4")


# ---------------------------------------------------------------------------------------------
# poetry-core as the oracle.

ORACLE_CONSTRAINTS = (
    "^1.2.3",
    "^0.2.3",
    "^0.0.3",
    "^0",
    "^1",
    "^0.0",
    "^0.0.0",
    "^1.2",
    "^0.1",
    "^2.0.0",
    "^1.2.3.4",
    "^0.0.3.4",
    "^1.0.0a1",
    "^0.2.3rc1",
    "^1.2.3.post1",
    "^1.0.dev0",
    "^1!0.5",
    "~1.2.3",
    "~1.2",
    "~1",
    "~0.0.3",
    "~1.2.3b1",
    "~1.2.3.4",
    "~0",
    "*",
    "",
    "x",
    "1.2.*",
    "==1.2.*",
    "!=1.2.*",
    "1.*",
    "!=3.*",
    "1.2.3.*",
    "1.2.3",
    "==1.2",
    "=1.2.3",
    "v1.2",
    "!=1.3",
    "!=2.0.0",
    "==2.0.0rc1",
    ">=1.2,<2",
    ">=1.2 <2",
    ">= 1.2, < 2",
    ">=1.2,<2,",
    ">1.2",
    ">1.2.3",
    "<1.3",
    "<=1.3",
    "<2.0.0rc1",
    ">=1.0a1",
    ">2.0.0rc1,<3",
    "~=1.2",
    "~=1.2.3",
    "~=1",
    "~=0.0.1",
    "~=1.0a1",
    ">=3.5.*",
    "<=3.5.*",
    "!=3.0.*,!=3.1.*,>=2.7",
    ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*",
    ">=2.6, !=3.0.*, !=3.1.*, !=3.2.*",
    ">=3.8,<4.0",
    ">=3.7.0,<4.0.0",
    ">=3.6.2,<4.0.0",
    ">=3.9,<3.13",
    ">=3.5, <4",
    "~=3.7",
    ">=3.9",
    ">=3.8.1,<4.0",
    "^3.10",
    "^1 || ^2",
    "^1.0 || ^2.0",
    "^1 | ^2",
    "^2 || ^1",
    "^1 || >=1.5,<1.8",
    "1.2.* || 1.3.*",
    ">=1,<1.5 || >=1.2,<2",
    ">=1,!=1.5 || >=2",
    "^1 || *",
    "<1.5 || >=1.2",
    "~2.7 || ^3.5",
    "^1 || ^3",
    "1.2.3 || 1.2.4",
)

# Merging "<V" with ">=V" admits V's pre-releases, which are in neither alternative (see the
# module documentation); these are all the probes that lie on such a seam.
SEAMS = {
    "^1 || ^2": {"2.0.0a1", "2.0.0rc1", "2.0.dev0", "2.0.0.dev0", "2.0a1", "2.0rc1", "2.0.0b3"},
    "^1.0 || ^2.0": {
        "2.0.0a1",
        "2.0.0rc1",
        "2.0.dev0",
        "2.0.0.dev0",
        "2.0a1",
        "2.0rc1",
        "2.0.0b3",
    },
}
SEAMS["^1 | ^2"] = SEAMS["^2 || ^1"] = SEAMS["^1 || ^2"]


def test_oracle_table_is_large() -> None:
    assert len(ORACLE_CONSTRAINTS) >= 60
    assert len(set(ORACLE_CONSTRAINTS)) == len(ORACLE_CONSTRAINTS)


@oracle
@pytest.mark.parametrize("constraint", ORACLE_CONSTRAINTS)
def test_specifiers_allow_what_poetry_allows(constraint: str) -> None:
    expected = _poetry(constraint)
    assert _any_of(constraint_to_specifiers(constraint)) == expected


@oracle
@pytest.mark.parametrize("constraint", ORACLE_CONSTRAINTS)
def test_pep440_allows_what_poetry_allows(constraint: str) -> None:
    expected = _poetry(constraint)
    try:
        ours = _ours(constraint_to_pep440(constraint))
    except PoetryConstraintError:
        # Only a union PEP 440 cannot express may be refused; show that it really has a gap.
        assert len(constraint_to_specifiers(constraint)) > 1
        lowest, highest = min(expected, key=Version), max(expected, key=Version)
        hull = {v for v in PROBES if Version(lowest) <= Version(v) <= Version(highest)}
        assert any(not Version(v).is_prerelease for v in hull - expected)
        return
    assert ours ^ expected == SEAMS.get(constraint, set())
    assert ours >= expected


@oracle
@pytest.mark.parametrize("constraint", ("1 - 2", "1.2.x", "foo", "^", ">=1.0,,<2"))
def test_poetry_rejects_what_we_reject(constraint: str) -> None:
    with pytest.raises(PoetryConstraintError):
        constraint_to_specifiers(constraint)
    with pytest.raises(ValueError):  # poetry-core's ParseConstraintError is a ValueError
        poetry_parse_constraint(constraint)


@oracle
def test_poetry_reads_the_diamond_as_equal() -> None:
    # Why "<>" is refused: Composer means "not equal", poetry-core reads it as "==".
    assert _poetry("<>1.3") == _ours("==1.3")


_RELEASES = st.lists(st.integers(0, 3), min_size=1, max_size=4).map(
    lambda parts: ".".join(map(str, parts))
)
_SUFFIXES = st.sampled_from(["", "", "", "a1", "rc2", ".post1", ".dev0"])
_VERSIONS = st.builds(lambda release, suffix: release + suffix, _RELEASES, _SUFFIXES)
_OPERATORS = st.sampled_from(["^", "~", "~=", ">=", ">", "<", "<=", "==", "!=", ""])


@st.composite
def _atoms(draw: Callable[[Any], Any]) -> str:
    op: str = draw(_OPERATORS)
    if draw(st.booleans()) and op in ("", "==", "!="):
        return f"{op}{draw(_RELEASES)}.*"
    version: str = draw(_VERSIONS)
    if op == "~=" and "." not in version.rstrip(".post1").rstrip(".dev0"):
        op = ">="
    return f"{op}{version}"


_BRANCHES = st.lists(_atoms(), min_size=1, max_size=3).flatmap(
    lambda atoms: st.sampled_from([",", " ", ", "]).map(lambda sep: sep.join(atoms))
)
_CONSTRAINTS = st.lists(_BRANCHES, min_size=1, max_size=2).map(" || ".join)


def _poetry_quirk(constraint: str, version: str) -> bool:
    """Whether poetry-core departs from PEP 440 on ``version`` for ``constraint``.

    poetry-core lets ``!=V`` alone allow ``V.post1`` (as PEP 440 does), but refuses it once
    ``!=V`` is intersected with a range, and a union such as ``>V || ==V`` becomes ``>=V``,
    which allows ``V.post1`` although neither alternative does.  Both concern only the
    post-releases of a version named after ``!=`` or ``>``.
    """
    parsed = Version(version)
    if not parsed.is_postrelease:
        return False
    named = re.findall(r"(?:!=|>(?!=))\s*v?([0-9][^\s,|]*)", constraint)
    return any(
        not text.endswith(".*")
        and Version(Version(text).base_version) == Version(parsed.base_version)
        for text in named
    )


@oracle
@settings(max_examples=200, deadline=None)
@given(_CONSTRAINTS)
def test_random_constraints_agree_with_poetry(constraint: str) -> None:
    expected = _poetry(constraint)
    branches = _any_of(constraint_to_specifiers(constraint))
    for version in branches ^ expected:
        assert _poetry_quirk(constraint, version), version


@settings(max_examples=200, deadline=None)
@given(st.lists(_BRANCHES, min_size=2, max_size=3).map(" || ".join))
def test_merge_is_the_union_of_the_alternatives(constraint: str) -> None:
    branches = _any_of(constraint_to_specifiers(constraint))
    try:
        merged = _ours(constraint_to_pep440(constraint))
    except PoetryConstraintError:
        return
    # Only wider, and only by pre- or post-releases on a seam between alternatives.
    assert merged >= branches
    for version in merged - branches:
        assert Version(version).is_prerelease or Version(version).is_postrelease, version


# ---------------------------------------------------------------------------------------------
# Dependencies.


def _dependency(name: str = "foo", **fields: Any) -> PoetryDependency:
    defaults: dict[str, Any] = {
        "specifier": "",
        "extras": (),
        "marker": None,
        "url": None,
        "optional": False,
        "source": None,
        "allow_prereleases": False,
    }
    return PoetryDependency(name=name, **{**defaults, **fields})


DEPENDENCIES = (
    pytest.param("^1.2", [_dependency(specifier=">=1.2,<2.0")], id="string constraint"),
    pytest.param("*", [_dependency()], id="any version"),
    pytest.param(
        "^1 || ^3",
        [_dependency(specifier=">=1,<4", alternatives=(">=1,<2", ">=3,<4"))],
        id="OR with a gap keeps its branches",
    ),
    pytest.param({}, [_dependency()], id="empty table"),
    pytest.param(
        {"version": "^1.2", "extras": ["socks", "security"], "optional": True},
        [_dependency(specifier=">=1.2,<2.0", extras=("socks", "security"), optional=True)],
        id="extras and optional",
    ),
    pytest.param(
        {"version": "^1.2", "python": "^3.8"},
        [
            _dependency(
                specifier=">=1.2,<2.0",
                marker='python_version >= "3.8" and python_version < "4.0"',
            )
        ],
        id="python becomes a python_version marker",
    ),
    pytest.param(
        {"version": "*", "python": "~2.7 || ^3.5"},
        [
            _dependency(
                marker='python_version >= "2.7" and python_version < "2.8"'
                ' or python_version >= "3.5" and python_version < "4.0"'
            )
        ],
        id="python with OR",
    ),
    pytest.param(
        {"python": ">3.6,<=3.10"},
        [_dependency(marker='python_full_version > "3.6.0" and python_full_version <= "3.10.0"')],
        id="python with exclusive lower and inclusive upper bound",
    ),
    pytest.param(
        {"python": ">=3.8.1,<4.0"},
        [_dependency(marker='python_full_version >= "3.8.1" and python_version < "4.0"')],
        id="python with a patch version",
    ),
    pytest.param(
        {"python": ">=2.7,!=3.0.*,!=3.1.*"},
        [
            _dependency(
                marker='python_version >= "2.7" and python_version != "3.0"'
                ' and python_version != "3.1"'
            )
        ],
        id="python with excluded minors",
    ),
    pytest.param({"python": "*"}, [_dependency()], id="python any version adds no marker"),
    pytest.param(
        {"version": "1.0", "platform": "linux"},
        [_dependency(specifier="==1.0", marker='sys_platform == "linux"')],
        id="platform",
    ),
    pytest.param(
        {"platform": "linux || darwin", "markers": 'implementation_name == "cpython"'},
        [
            _dependency(
                marker='implementation_name == "cpython"'
                ' and (sys_platform == "linux" or sys_platform == "darwin")'
            )
        ],
        id="markers and platform with OR",
    ),
    pytest.param(
        {"markers": 'os_name == "nt" or os_name == "posix"', "python": "^3.9"},
        [
            _dependency(
                marker='(os_name == "nt" or os_name == "posix")'
                ' and python_version >= "3.9" and python_version < "4.0"'
            )
        ],
        id="markers with OR are parenthesised",
    ),
    pytest.param(
        {"version": "^2", "source": "internal", "allow-prereleases": True},
        [_dependency(specifier=">=2,<3", source="internal", allow_prereleases=True)],
        id="source and allow-prereleases",
    ),
    pytest.param(
        {"version": "^2", "allows-prereleases": True},
        [_dependency(specifier=">=2,<3", allow_prereleases=True)],
        id="older allows-prereleases spelling",
    ),
    pytest.param(
        {"git": "https://github.com/org/foo.git", "rev": "0a1b2c3", "subdirectory": "sub"},
        [_dependency(url="git+https://github.com/org/foo.git@0a1b2c3#subdirectory=sub")],
        id="git with rev and subdirectory",
    ),
    pytest.param(
        {"git": "git@github.com:org/foo.git", "branch": "main", "extras": ["x"]},
        [_dependency(url="git+ssh://git@github.com/org/foo.git@main", extras=("x",))],
        id="scp-like git address becomes an ssh URL",
    ),
    pytest.param(
        {"git": "https://github.com/org/foo.git", "tag": "v1.0", "version": "^1"},
        [_dependency(url="git+https://github.com/org/foo.git@v1.0")],
        id="git with tag ignores version",
    ),
    pytest.param(
        {"git": "https://github.com/org/foo.git"},
        [_dependency(url="git+https://github.com/org/foo.git")],
        id="git without reference",
    ),
    pytest.param(
        {"url": "https://example.com/foo-1.0.tar.gz", "python": "^3.10"},
        [
            _dependency(
                url="https://example.com/foo-1.0.tar.gz",
                marker='python_version >= "3.10" and python_version < "4.0"',
            )
        ],
        id="url",
    ),
    pytest.param(
        {"path": "../libs/foo", "develop": True},
        [_dependency(url="../libs/foo")],
        id="path stays relative",
    ),
    pytest.param(
        {"file": "dist/foo-1.0.zip", "subdirectory": "pkg"},
        [_dependency(url="dist/foo-1.0.zip#subdirectory=pkg")],
        id="file with subdirectory",
    ),
    pytest.param(
        [{"version": "<1.24", "python": "<3.8"}, {"version": "^1.24", "python": ">=3.8"}],
        [
            _dependency(specifier="<1.24", marker='python_version < "3.8"'),
            _dependency(specifier=">=1.24,<2.0", marker='python_version >= "3.8"'),
        ],
        id="multiple constraints",
    ),
)


@pytest.mark.parametrize(("value", "expected"), DEPENDENCIES)
def test_parse_dependency(value: object, expected: list[PoetryDependency]) -> None:
    assert parse_dependency("foo", value) == expected


@pytest.mark.parametrize(
    ("dependency", "expected"),
    (
        pytest.param(_dependency(specifier=">=1,<2"), "foo>=1,<2", id="specifier"),
        pytest.param(_dependency(), "foo", id="any version"),
        pytest.param(
            _dependency(specifier="==1.0", extras=("a", "b"), marker='os_name == "nt"'),
            'foo[a,b]==1.0; os_name == "nt"',
            id="extras and marker",
        ),
        pytest.param(
            _dependency(url="git+https://x.org/foo.git@v1", marker='os_name == "nt"'),
            'foo @ git+https://x.org/foo.git@v1 ; os_name == "nt"',
            id="a space ends the URL before the marker",
        ),
    ),
)
def test_to_pep508(dependency: PoetryDependency, expected: str) -> None:
    assert dependency.to_pep508() == expected
    Requirement(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    (
        pytest.param(
            3,
            "Expected a version string, a table or an array of tables for dependency 'foo',"
            " got int",
            id="number",
        ),
        pytest.param(
            {"version": 3},
            "Expected a string for 'version' of dependency 'foo', got int",
            id="number version",
        ),
        pytest.param(
            {"version": "^1", "optional": "yes"},
            "Expected true or false for 'optional' of dependency 'foo', got str",
            id="string optional",
        ),
        pytest.param(
            {"extras": "security"},
            "Expected an array for 'extras' of dependency 'foo', got str",
            id="string extras",
        ),
        pytest.param(
            {"extras": ["ok", "not ok"]},
            "Expected extra names in 'extras' of dependency 'foo', got 'not ok'",
            id="bad extra",
        ),
        pytest.param(
            {"git": "https://x.org/foo.git", "path": "../foo"},
            "Expected only one of 'git', 'url', 'path', 'file' in dependency 'foo',"
            " got 'git', 'path'",
            id="two locations",
        ),
        pytest.param(
            {"git": "https://x.org/foo.git", "tag": "v1", "branch": "main"},
            "Expected only one of 'rev', 'tag', 'branch' in dependency 'foo'",
            id="two git references",
        ),
        pytest.param({"git": ""}, "Expected a non-empty 'git' in dependency 'foo'", id="empty git"),
        pytest.param(
            {"markers": "python_version >"},
            "Expected a marker variable or quoted string in 'markers' of dependency 'foo'",
            id="broken markers",
        ),
        pytest.param(
            {"platform": 'linux" or "1'},
            "Expected a platform name such as 'linux', got 'linux\" or \"1' in 'linux\" or \"1'",
            id="platform that would inject a marker",
        ),
        pytest.param(
            {"version": "^1.2.x"},
            "Expected a PEP 440 version, got '1.2.x' in '^1.2.x'",
            id="bad version in a table",
        ),
        pytest.param([], "Expected at least one table for dependency 'foo'", id="empty array"),
        pytest.param(
            ["^1"],
            "Expected only tables in the array of dependency 'foo', got str",
            id="array of strings",
        ),
    ),
)
def test_parse_dependency_errors(value: object, message: str) -> None:
    with pytest.raises(PoetryConstraintError) as excinfo:
        parse_dependency("foo", value)
    assert str(excinfo.value) == message


def test_parse_dependency_rejects_a_bad_name() -> None:
    with pytest.raises(PoetryConstraintError, match="^Expected a package name, got 'foo bar'$"):
        parse_dependency("foo bar", "*")


PYTHONS = _words(
    """
    2.7.18 3.0.1 3.4.10 3.5.0 3.5.9 3.6.0 3.6.5 3.7.0 3.8.0 3.8.1 3.8.10 3.9.0 3.10.0 3.10.5
    3.11.2 3.12.0 3.13.1 3.14.0 4.0.0
    """
)
ENVIRONMENTS = tuple(
    {
        "python_full_version": python,
        "python_version": ".".join(python.split(".")[:2]),
        "sys_platform": platform,
        "os_name": "nt" if platform == "win32" else "posix",
        "implementation_name": implementation,
    }
    for python in PYTHONS
    for platform in ("linux", "darwin", "win32")
    for implementation in ("cpython", "pypy")
)


def _evaluations(marker: str | None) -> list[bool]:
    if marker is None:
        return [True] * len(ENVIRONMENTS)
    parsed = Marker(marker)
    return [parsed.evaluate(dict(env)) for env in ENVIRONMENTS]


ORACLE_TABLES = (
    "^1.2",
    "~1.2.3",
    ">=1.2 <2",
    "2.0.*",
    "!=1.5",
    {"version": "^1.2", "extras": ["x", "y"]},
    {"version": "^1.2", "python": "^3.8"},
    {"version": "^1.2", "python": "~2.7 || ^3.5"},
    {"version": "^1.2", "python": ">3.6,<=3.10"},
    {"version": "^1.2", "python": ">=3.8.1,<4.0"},
    {"version": "^1.2", "python": "3.8"},
    {"version": "^1.2", "python": "3.8.*"},
    {"version": "^1.2", "python": "!=3.8"},
    {"version": "^1.2", "python": ">=2.7,!=3.0.*,!=3.1.*"},
    {"version": "^1.2", "python": "~=3.7"},
    {"version": "^1.2", "python": "<3.11"},
    {"version": "^1.2", "platform": "linux"},
    {"version": "^1.2", "platform": "linux || darwin"},
    {"version": "^1.2", "platform": "!=win32"},
    {
        "version": "^1.2",
        "python": "^3.9",
        "platform": "darwin",
        "markers": 'implementation_name == "cpython" or os_name == "nt"',
    },
    {"git": "https://github.com/org/foo.git", "rev": "abc123", "subdirectory": "sub"},
    {"git": "git@github.com:org/foo.git", "branch": "main"},
    {"git": "https://github.com/org/foo.git"},
    {"url": "https://example.com/foo-1.0.tar.gz", "python": "^3.10"},
)


@oracle
@pytest.mark.parametrize("value", ORACLE_TABLES, ids=repr)
def test_dependency_agrees_with_poetry(value: Any) -> None:
    (ours,) = parse_dependency("Foo_Bar", value)
    theirs = Requirement(Factory.create_dependency("Foo_Bar", value).to_pep_508())
    mine = Requirement(ours.to_pep508())
    assert canonicalize_name(mine.name) == canonicalize_name(theirs.name)
    assert mine.extras == theirs.extras
    assert mine.url == theirs.url
    assert _ours(str(mine.specifier)) == _ours(str(theirs.specifier))
    theirs_marker = None if theirs.marker is None else str(theirs.marker)
    assert _evaluations(ours.marker) == _evaluations(theirs_marker)


# ---------------------------------------------------------------------------------------------
# Start-up cost.


def test_import_does_not_load_packaging() -> None:
    code = (
        "import sys, reqhooks.readers._poetry\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('packaging', 'poetry')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# ---------------------------------------------------------------------------------------------
# The fast path: simple versions read without packaging, with the same results.


@contextlib.contextmanager
def _packaging_only() -> Iterator[None]:
    """Turn the fast path off: every version goes through packaging."""
    saved = poetry_module._FAST
    poetry_module._FAST = False
    try:
        yield
    finally:
        poetry_module._FAST = saved


def _outcome(function: Callable[..., object], *args: object) -> object:
    """What a call returns, or the error it raises with everything a caller can see of it."""
    try:
        return ("ok", function(*args))
    except PoetryConstraintError as error:
        return (type(error).__name__, str(error), error.message, error.constraint, error.span)


def _outcomes(constraint: str) -> list[object]:
    return [
        _outcome(constraint_to_specifiers, constraint),
        _outcome(constraint_to_pep440, constraint),
        _outcome(parse_dependency, "foo", constraint),  # merged, or the hull of a gap
        _outcome(parse_dependency, "foo", {"version": "^1", "python": constraint}),
    ]


def _assert_paths_agree(constraint: str) -> None:
    fast = _outcomes(constraint)
    with _packaging_only():
        slow = _outcomes(constraint)
    assert fast == slow, constraint


# Simple versions (leading zeros, 18-digit parts, pre-releases) and every other kind, so that
# constraints mix the two paths atom by atom and branch by branch.
_NUMBERS = st.one_of(
    st.integers(0, 4).map(str),
    st.integers(0, 4).map(lambda n: f"0{n}"),
    st.sampled_from(["10", "999999999999999999", "000000000000000001"]),
)
_SIMPLE_RELEASES = st.lists(_NUMBERS, min_size=1, max_size=4).map(".".join)
_SIMPLE_VERSIONS = st.builds(
    lambda release, pre: release + pre,
    _SIMPLE_RELEASES,
    st.sampled_from(["", "", "", "a1", "b2", "rc1", "rc01", "a0"]),
)
_OTHER_VERSIONS = st.one_of(
    st.builds(
        lambda version, suffix: version + suffix,
        _SIMPLE_VERSIONS,
        st.sampled_from([".post1", ".post0", ".dev0", ".dev3", "+abc", "+1.ubuntu"]),
    ),
    st.builds(
        lambda prefix, version: prefix + version,
        st.sampled_from(["v", "V", "0!", "1!"]),
        _SIMPLE_VERSIONS,
    ),
    st.sampled_from(
        [
            "1.0RC1",
            "1.0c1",
            "1.0-beta.2",
            "1.0a",
            "1.0-1",
            "2.0.0.post0",
            "1.0a1.dev1",
            "1000000000000000000",
            "1.2.x",
            "foo",
            "",
        ]
    ),
)
_ANY_VERSIONS = st.one_of(_SIMPLE_VERSIONS, _SIMPLE_VERSIONS, _SIMPLE_VERSIONS, _OTHER_VERSIONS)


@st.composite
def _any_atoms(draw: Callable[[Any], Any]) -> str:
    op: str = draw(
        st.sampled_from(
            ["^", "~", "~=", ">=", ">", "<", "<=", "==", "!=", "", "", "=", "===", "<>"]
        )
    )
    space: str = draw(st.sampled_from(["", "", " "]))
    kind = draw(st.integers(0, 9))
    if kind == 0:
        star: str = draw(st.sampled_from(["*", "x", "*.*"]))
        return op + space + star
    if kind <= 2:  # a wildcard, on a release or on anything else
        base: str = draw(st.one_of(_SIMPLE_RELEASES, _SIMPLE_RELEASES, _ANY_VERSIONS))
        tail: str = draw(st.sampled_from([".*", ".*", ".*.*"]))
        return op + space + base + tail
    version: str = draw(_ANY_VERSIONS)
    return op + space + version


_ANY_BRANCHES = st.builds(
    lambda atoms, separator, tail: separator.join(atoms) + tail,
    st.lists(_any_atoms(), min_size=1, max_size=3),
    st.sampled_from([",", " ", ", "]),
    st.sampled_from(["", "", ","]),
)
_ANY_CONSTRAINTS = st.builds(
    lambda branches, bar: bar.join(branches),
    st.lists(_ANY_BRANCHES, min_size=1, max_size=3),
    st.sampled_from([" || ", "||", " | "]),
)


@settings(max_examples=1000, deadline=None)
@given(_ANY_CONSTRAINTS)
def test_fast_path_gives_what_packaging_gives(constraint: str) -> None:
    _assert_paths_agree(constraint)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_CONSTRAINTS, st.lists(_BRANCHES, min_size=2, max_size=3).map(" || ".join)))
def test_fast_path_agrees_on_the_oracle_constraints(constraint: str) -> None:
    _assert_paths_agree(constraint)


def _table_constraints() -> list[str]:
    listed = [str(p.values[0]) for p in EXACT] + list(ORACLE_CONSTRAINTS)
    listed += [
        "0!1.0 || ^1",  # read by packaging, yet "1.0" after normalisation: a fast merge
        "^1.0.post1 || ^2",
        ">=1.0.dev0,<2 || >=2",
        "<=2 || >2",
        "<=2.post3 || >2",
        "^999999999999999999",
        "999999999999999999.* || ^1000000000000000000",
        "01.02.* || ^1.3",
        "^01.2.0rc01",
        "~=01.0a1 || >=1.5",
        ">=1,!=1.5 || >=1.2",
        ">=1,!=1.5.* || >=2",
        "==1.0+abc || ^2",
        "===1.0 || ^2",
        ">1.0a1 || ^2",
        "<1.0.post1 || ^2",
        "^1 || ^3",
        "~2.7 || ^3.5",
        "3.8",
        "!=3.8",
        ">3.6,<=3.10",
        "~=3.7",
        "3.8.*",
        "3.*",
        "1!3.8.*",
    ]
    return listed


@pytest.mark.parametrize("constraint", _table_constraints())
def test_fast_path_gives_what_packaging_gives_on_the_tables(constraint: str) -> None:
    _assert_paths_agree(constraint)


@pytest.mark.parametrize(
    "constraint",
    (
        "^1.2.3",
        "~2.0",
        ">=1.0,<2.0",
        "1.2.*",
        "!=1.2.*,>=1",
        "^0.3 || ^1.0",
        "^1 || ^2",
        "1.2.* || 1.3.*",
        ">=1,!=1.5 || >=2",
        "<=2 || >2",
        "~=1.4 || >=2.0rc1",
        "^01.2.0rc01",
        "*",
        ">=3.5.*",
        "^999999999999999999 || >=999999999999999999.5",  # a 19-digit cut, without packaging
    ),
)
def test_simple_constraints_take_the_fast_path(
    constraint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _outcomes(constraint)
    with _packaging_only():
        assert _outcomes(constraint) == expected

    def refuse(text: str) -> object:
        raise AssertionError(f"packaging asked for {text!r}")

    monkeypatch.setattr(poetry_module, "_packaging_version", refuse)
    assert _outcomes(constraint) == expected


# Texts _SimpleVersion.read takes: simple versions, and a release (of any length) with .devN or
# .postN, as the interval code builds them (".post" + 2**63).
_READABLE = st.one_of(
    _SIMPLE_VERSIONS,
    st.builds(
        lambda release, suffix: release + suffix,
        st.one_of(_SIMPLE_RELEASES, st.just("1000000000000000000.0")),
        st.sampled_from(["", ".dev0", ".dev7", ".post0", ".post2", f".post{2**63}"]),
    ),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_READABLE, min_size=1, max_size=6))
def test_simple_versions_are_packagings(texts: list[str]) -> None:
    ours = [poetry_module._SimpleVersion.read(text) for text in texts]
    theirs = [Version(text) for text in texts]
    for text, mine, real in zip(texts, ours, theirs):
        assert str(mine) == str(real)
        for name in (
            "release",
            "epoch",
            "local",
            "pre",
            "post",
            "dev",
            "public",
            "base_version",
            "is_prerelease",
            "is_postrelease",
        ):
            assert getattr(mine, name) == getattr(real, name), (text, name)
        simple = poetry_module._SimpleVersion.parse(text)
        if simple is not None:
            assert (str(simple), simple.release) == (str(mine), mine.release)
        with _packaging_only():
            assert poetry_module._SimpleVersion.parse(text) is None
    for (a, va), (b, vb) in itertools.product(zip(ours, theirs), repeat=2):
        assert (a < b, a <= b, a == b, a != b, a >= b, a > b) == (
            va < vb,
            va <= vb,
            va == vb,
            va != vb,
            va >= vb,
            va > vb,
        ), (a, b)
        assert (hash(a) == hash(b)) >= (a == b)


@settings(max_examples=300, deadline=None)
@given(_ANY_VERSIONS)
def test_simple_means_what_pepfast_means(text: str) -> None:
    simple = poetry_module._SimpleVersion.parse(text)
    assert (simple is not None) == (_pepfast.version(text) is not None)
    if simple is not None:
        assert str(simple) == str(Version(text))


@pytest.mark.parametrize(
    "text",
    (
        "v1.2",
        "1.0RC1",
        "1.0c1",
        "1.0-beta.2",
        "1.0a",
        "1!2.0",
        "0!1.0",
        "1.0.post1",
        "1.0.dev0",
        "1.0+abc",
        " 1.0",
        "1.0 ",
        "1.2.*",
        "1000000000000000000",
        "١.٢",
    ),
)
def test_other_spellings_are_not_simple(text: str) -> None:
    assert poetry_module._SimpleVersion.parse(text) is None


def test_simple_versions_do_not_compare_with_packagings() -> None:
    simple = poetry_module._SimpleVersion.read("1.0")
    with pytest.raises(TypeError):
        simple < Version("1.0")  # noqa: B015
    with pytest.raises(TypeError):
        simple == Version("1.0")  # noqa: B015
    with pytest.raises(poetry_module._NotSimple):
        poetry_module._SimpleVersion.read("1.0.post1.dev0")
    with pytest.raises(poetry_module._NotSimple):
        poetry_module._SimpleVersion.read("1!1.0")


@pytest.mark.parametrize(
    "marker",
    (
        'sys_platform == "linux"',
        "python_version < '3.11' and (os_name == 'nt' or extra == 'Foo_Bar')",
        "platform_machine in 'x86_64 aarch64'",
        "os_name ~= 'nt'",  # packaging reads it, then cannot evaluate it
        "platform_release >= '5'",  # not simple: packaging checks it
        "python_version >",
        "python_version == '3.8' and",
        "os_name = 'nt'",
        "foo == 'bar'",
        "(os_name == 'nt'",
        "python_version == \"3.8'",
    ),
)
def test_markers_are_checked_as_packaging_checks_them(marker: str) -> None:
    fast = _outcome(parse_dependency, "foo", {"markers": marker})
    with _packaging_only():
        assert _outcome(parse_dependency, "foo", {"markers": marker}) == fast


def test_simple_constraints_do_not_load_packaging() -> None:
    code = (
        "import sys\n"
        "from reqhooks.readers._poetry import (\n"
        "    PoetryConstraintError, constraint_to_pep440, constraint_to_specifiers, parse_dependency\n"
        ")\n"
        "for c in ('^1.2.3', '~2.0', '>=1.0,<2.0', '1.2.*', '^0.3 || ^1.0', '*',\n"
        "          '^1 || ^2', '1.2.* || 1.3.*', '!=3.0.*,>=2.7', '^1.0.0rc1'):\n"
        "    constraint_to_specifiers(c)\n"
        "    parse_dependency('foo', c)\n"
        "    try:\n"
        "        constraint_to_pep440(c)\n"
        "    except PoetryConstraintError:\n"
        "        pass\n"
        "parse_dependency('foo', {'version': '^1.2', 'python': '>=3.8,<4.0 || 3.7.*',\n"
        "                         'markers': \"sys_platform == 'linux'\", 'platform': 'linux'})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'packaging'))\n"
        "constraint_to_pep440('^1.0.post1')\n"
        "print('packaging.version' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["[]", "True"]  # and a post-release asks packaging
