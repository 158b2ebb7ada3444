"""The packaging-free fast paths give packaging 26.3's answers, or none.

Differential: generated versions (pre-releases, zero padding, leading zeros, large
numbers, spellings the fast path leaves to packaging), specifier sets (every operator,
wildcards, whitespace, several clauses, invalid ones) and markers (nested and/or/parentheses,
both quotes, reversed operands, every supported variable, extras with odd case and
separators, constructs the fast path does not handle) are evaluated by ``reqhooks._pepfast``
and by ``packaging`` (over ``_pep.environment()`` for Pythons 3.8-3.16, every platform of
``_pep._PLATFORM_ENV``, patch 0 and 99): wherever the fast path answers, the answers are
equal; and ``_pep.contains``, ``_pep.marker_applies`` and ``targets.minor_in_range`` equal
their packaging-only implementations.  Markers and specifiers copied from real lock files are
answered by the fast path, and answering them imports neither packaging nor dataclasses.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.markers import InvalidMarker, Marker
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from reqhooks import _pep, _pepfast, targets

PYTHONS = [(3, m) for m in range(8, 17)]
PLATFORMS = list(_pep._PLATFORM_ENV)
EXTRAS = ["", "socks", "Foo_Bar"]
ENVIRONMENTS = [
    _pep.environment(py, plat, patch=patch, extra=extra)
    for py in PYTHONS
    for plat in PLATFORMS
    for patch in (0, 99)
    for extra in EXTRAS
]

# -- references: the packaging-only implementations ------------------------------------


def ref_specifier_set(text: str) -> SpecifierSet | None:
    if _pep._HUGE_NUMBER.search(text):
        return None
    try:
        return SpecifierSet(text)
    except ValueError:
        return None


def ref_version(text: str) -> Version | None:
    if _pep._HUGE_NUMBER.search(text):
        return None
    try:
        return Version(text)
    except ValueError:
        return None


def ref_contains(specifier: str, version_text: str) -> bool | None:
    spec = ref_specifier_set(specifier)
    if spec is None or ref_version(version_text) is None:
        return None
    try:
        return spec.contains(version_text, prereleases=True)
    except ValueError:
        return None


def ref_minor_in_range(minor: tuple[int, int], specifier: str) -> bool:
    if not specifier.strip():
        return True
    spec = ref_specifier_set(specifier)
    if spec is None:
        return True
    major, mnr = minor
    try:
        return any(
            spec.contains(f"{major}.{mnr}.{patch}", prereleases=True) for patch in range(31)
        ) or any(
            spec.contains(f"{major}.{mnr}.0{pre}", prereleases=True) for pre in ("a1", "b1", "rc1")
        )
    except ValueError:
        return True


def ref_marker_applies(
    text: str | None, python: tuple[int, int], platform: str | None = None, extra: str = ""
) -> bool:
    if not text:
        return True
    try:
        m = Marker(text)
    except InvalidMarker:
        return True
    platforms = (platform,) if platform else tuple(_pep._PLATFORM_ENV)
    for plat in platforms:
        for patch in (0, 99):
            try:
                if m.evaluate(_pep.environment(python, plat, patch=patch, extra=extra)):
                    return True
            except Exception:  # noqa: BLE001
                return True
    return False


def ref_evaluate(text: str, env: dict[str, str]) -> object:
    """packaging's verdict: True/False, "invalid" or "raises"."""
    try:
        m = Marker(text)
    except InvalidMarker:
        return "invalid"
    try:
        return m.evaluate(env)
    except Exception:  # noqa: BLE001
        return "raises"


def fast_evaluate(text: str, env: dict[str, str]) -> object:
    """The fast path's verdict, in ref_evaluate's terms; None when it does not answer."""
    compiled = _pepfast.marker(text)
    if compiled is None:
        return None
    if isinstance(compiled, str):
        assert compiled is _pepfast.RAISES
        return "raises"
    try:
        return _pepfast.evaluate(compiled, env)
    except _pepfast.Unknown:
        return None


def fast_contains(specifier: str, version_text: str) -> object:
    clauses = _pepfast.specifiers(specifier)
    if isinstance(clauses, str):
        assert clauses is _pepfast.INVALID
        return "invalid"
    key = _pepfast.version(version_text)
    if clauses is None or key is None:
        return None
    return _pepfast.matches(clauses, key)


def ref_contains_verdict(specifier: str, version_text: str) -> object:
    spec = ref_specifier_set(specifier)
    if spec is None:
        return "invalid"
    return spec.contains(version_text, prereleases=True)


# -- strategies -----------------------------------------------------------------------

_number = st.one_of(
    st.integers(0, 3),
    st.integers(0, 30),
    st.integers(0, 10**6),
    st.integers(10**17, 10**20),  # around the fast path's 18-digit limit
).map(str)
_zero_padded = st.builds(lambda zeros, n: "0" * zeros + n, st.integers(0, 2), _number)
_number_text = st.one_of(_number, _number, _zero_padded)
_release = st.lists(_number_text, min_size=1, max_size=5).map(".".join)
_small_release = st.lists(
    st.sampled_from(["0", "1", "2", "3", "10", "00", "01"]), min_size=1, max_size=4
).map(".".join)
_pre = st.one_of(
    st.just(""),
    st.builds(lambda letter, n: letter + n, st.sampled_from(["a", "b", "rc"]), _number_text),
)
_odd_tail = st.sampled_from(
    [
        "",
        "",
        "",
        "",
        "",
        "",
        ".post1",
        "post2",
        "-1",
        ".dev0",
        "dev3",
        "+local",
        "+ubuntu.1",
        "c1",
        "alpha1",
        "beta2",
        "RC1",
        "A1",
        "pre1",
        "preview1",
        "a",
        "rc",
        ".a1",
        "-rc1",
        "_b1",
        ".",
        "..1",
        "x",
        " ",
        "*",
        ".*",
        ",",
        "!",
        "1!",
    ]
)
_prefix = st.sampled_from(["", "", "", "", "", "v", "V", "1!", " ", "\t"])
_simple_version = st.one_of(
    st.builds(lambda r, p: r + p, _release, _pre),
    st.builds(lambda r, p: r + p, _small_release, _pre),
)
version_text = st.one_of(
    _simple_version,
    _simple_version,
    st.builds(lambda pf, r, p, t: pf + r + p + t, _prefix, _small_release, _pre, _odd_tail),
)
_op = st.one_of(
    st.sampled_from(["==", "!=", "<=", ">=", "<", ">", "~="]),
    st.sampled_from(["==", "!=", "<=", ">=", "<", ">", "~="]),
    st.sampled_from(["===", "=", "!", "~", "", "=>", "<>"]),
)
_ws = st.one_of(
    st.just(""),
    st.just(""),
    st.sampled_from([" ", "  ", "\t"]),
    st.sampled_from(["\n", "\x0b", "\x1c", "\u00a0"]),
)
_clause = st.one_of(
    st.builds(lambda op, w, v: op + w + v, _op, _ws, _simple_version),
    st.builds(
        lambda w1, op, w2, v, star, w3: w1 + op + w2 + v + star + w3,
        _ws,
        _op,
        _ws,
        version_text,
        st.sampled_from(["", "", "", ".*"]),
        _ws,
    ),
)
specifier_text = st.one_of(
    st.lists(_clause, min_size=0, max_size=4).map(",".join),
    st.lists(_clause, min_size=1, max_size=3).map(lambda cs: " , ".join(cs) + ","),
    st.lists(_clause, min_size=1, max_size=3).map(",,".join),
)

_VERSION_VARS = ["python_version", "python_full_version", "implementation_version"]
_STRING_VARS = [
    "sys_platform",
    "platform_system",
    "platform_machine",
    "os_name",
    "implementation_name",
    "platform_python_implementation",
    "os.name",
    "sys.platform",
    "platform.machine",
    "platform.python_implementation",
    "python_implementation",
]
_OTHER_VARS = [
    "platform_release",
    "platform_version",
    "platform.version",
    "extras",
    "dependency_groups",
    "python.version",
    "platform.system",
    "implementation.name",
    "python_versions",
    "os_nam",
]
_marker_op = st.one_of(
    st.sampled_from(["==", "!=", "<=", ">=", "<", ">", "==", "!=", "<", ">="]),
    st.sampled_from(["~=", "===", "in", "not in", "not  in"]),
)
_version_literal = st.one_of(
    st.sampled_from(
        [
            "3",
            "3.8",
            "3.9",
            "3.10",
            "3.11",
            "3.12",
            "3.13",
            "3.16",
            "3.11.0",
            "3.11.99",
            "3.8.1",
            "3.10.*",
            "3.*",
            "3.11.0.*",
            "3.11a1",
            "3.11.0rc1",
            "3.12.0b1",
            "2.7",
            "4",
            "3.0",
            "3.00",
            "03.11",
            "3.11.0.0",
            "3.11.0a1",
            "3.16.99",
            "3.9.0b1",
        ]
    ),
    st.sampled_from(
        [
            "",
            "abc",
            "win32",
            " 3.8",
            "3.8 ",
            "=3.8",
            "<3.8",
            "3.8,<4",
            "v3.8",
            "3.8.post1",
            "3.8.dev0",
            "3.8+local",
            "3.8)",
            "3.8;",
            "3.11a1.*",
            "1!3.8",
            "3.8.x",
            "~3.8",
            "3,8",
            "3.8 3.9",
            "2.7 3.4",
        ]
    ),
    st.builds(lambda r, p: "3." + r + p, _small_release, _pre),
)
_string_literal = st.sampled_from(
    [
        "win32",
        "linux",
        "darwin",
        "cygwin",
        "Windows",
        "Linux",
        "Darwin",
        "AMD64",
        "ARM64",
        "arm64",
        "aarch64",
        "x86_64",
        "x86",
        "i686",
        "nt",
        "posix",
        "cpython",
        "CPython",
        "PyPy",
        "pypy",
        "",
        "win",
        "lin",
        "linux darwin",
        "x86_64 AMD64",
        "3.8",
        "1",
        "v1",
        "it's",
        'say "hi"',
        "a b",
    ]
)
_extra_literal = st.sampled_from(
    [
        "socks",
        "Socks",
        "SOCKS",
        "foo_bar",
        "Foo.Bar",
        "foo--bar",
        "FOO-_bar",
        "foo__.bar",
        "a",
        "",
        "-a-",
        "socks5",
        "all",
        "Foo_Bar",
        "FOO.BAR",
    ]
)


@st.composite
def _item(draw: Any) -> str:
    kind = draw(
        st.sampled_from(["version", "version", "string", "string", "extra", "other", "odd"])
    )
    if kind == "version":
        var, literal = draw(st.sampled_from(_VERSION_VARS)), draw(_version_literal)
    elif kind == "string":
        var, literal = draw(st.sampled_from(_STRING_VARS)), draw(_string_literal)
    elif kind == "extra":
        var, literal = "extra", draw(_extra_literal)
    elif kind == "other":
        var = draw(st.sampled_from(_OTHER_VARS))
        literal = draw(st.one_of(_string_literal, _version_literal))
    else:  # two variables, two literals, escapes, garbage
        odd: str = draw(
            st.sampled_from(
                [
                    "python_version == python_full_version",
                    "'3.8' == '3.8'",
                    "sys_platform == 'win\\x32'",
                    "sys_platform == 'win32\\n'",
                    "sys_platform = 'win32'",
                    "sys_platform == win32",
                    "sys_platform ==",
                    "sys_platform 'win32'",
                    "python_version >= '3.8'; extra == 'a'",
                    "sys_platform == 'win32",
                    "sys_platform == \"win32'",
                    "",
                    "()",
                    "sys_platform == 'wïn32'",
                    "sys_platform notin 'win32'",
                    "sys_platform not\tin 'win32'",
                    "'win32' in sys_platform",
                    "python_version>='3.8'",
                    "os_name=='nt'",
                    "sys_platform == 'a\tb'",
                ]
            )
        )
        return odd
    op = draw(_marker_op)
    quote = draw(st.sampled_from(["'", '"']))
    if quote in literal:
        quote = "'" if quote == '"' else '"'
    lit = quote + literal + quote
    w = [draw(st.sampled_from(["", " ", " ", "  ", "\t"])) for _ in range(2)]
    if op in ("in", "not in", "not  in"):
        w = [w_ or " " for w_ in w]  # "in" needs word boundaries
    if draw(st.booleans()):
        return f"{lit}{w[0]}{op}{w[1]}{var}"
    return f"{var}{w[0]}{op}{w[1]}{lit}"


def _combine(children: Any) -> Any:
    return st.one_of(
        st.builds(
            lambda a, op, b, w: f"{a}{w}{op}{w}{b}",
            children,
            st.sampled_from(["and", "or", "or", "and", "and", "or", "AND", "&&"]),
            children,
            st.sampled_from([" ", " ", "  ", "\t"]),
        ),
        st.builds(
            lambda a, w1, w2: f"({w1}{a}{w2})",
            children,
            st.sampled_from(["", "", " "]),
            st.sampled_from(["", "", " "]),
        ),
    )


_marker = st.recursive(_item(), _combine, max_leaves=6)
marker_text = st.one_of(
    _marker,
    st.builds(
        lambda w1, m, w2: w1 + m + w2,
        st.sampled_from(["", " ", "\t"]),
        _marker,
        st.sampled_from(["", " ", "\t", ")", " x"]),
    ),
)


# -- specifiers -----------------------------------------------------------------------


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specifier_text, st.lists(version_text, min_size=1, max_size=6))
def test_specifier_sets_agree_with_packaging(spec: str, versions: list[str]) -> None:
    fast_set = _pepfast.specifiers(spec)
    if fast_set is _pepfast.INVALID:
        assert ref_specifier_set(spec) is None, spec
    for v in versions:
        fast = fast_contains(spec, v)
        if fast is not None and fast != "invalid":
            assert fast == ref_contains_verdict(spec, v), (spec, v)
        assert _pep.contains(spec, v) == ref_contains(spec, v), (spec, v)


@settings(max_examples=250, deadline=None)
@given(specifier_text)
def test_minor_in_range_agrees_with_packaging(spec: str) -> None:
    for minor in [(2, 7), (3, 0), *PYTHONS, (4, 0), (3, 99)]:
        assert targets.minor_in_range(minor, spec) == ref_minor_in_range(minor, spec), (minor, spec)


@settings(max_examples=300, deadline=None)
@given(version_text, version_text)
def test_simple_versions_are_packagings(text: str, other: str) -> None:
    key = _pepfast.version(text)
    if key is not None:
        v = Version(text)
        assert v.pre is None or v.pre[0] in ("a", "b", "rc")
        assert (v.epoch, v.post, v.dev, v.local) == (0, None, None, None)
        assert key[0] == _pepfast._trim(v.release)
    for a, b in ((text, other), (text, text), (text, text + ".0"), (text, "0" + text)):
        va, vb = ref_version(a), ref_version(b)
        expected = None if va is None or vb is None else va == vb
        assert _pep.same_version(a, b) == expected, (a, b)


_SIMPLE = re.compile(r"([0-9]{1,18}(?:\.[0-9]{1,18})*)(?:(a|b|rc)([0-9]{1,18}))?(\.\*)?")


@settings(max_examples=700, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789.abrc*", max_size=12),
        st.text(alphabet="01.ac*r \u0661", max_size=8),
        st.builds(lambda a, b: a + b, version_text, st.sampled_from(["", ".*", "*", "."])),
    )
)
def test_simple_syntax_is_the_documented_grammar(text: str) -> None:
    """The hand-written splitter accepts exactly N(.N)*[(a|b|rc)N][.*], N of 1-18 digits."""
    m = _SIMPLE.fullmatch(text)
    expected = None
    if m is not None:
        pre = (3, 0) if m[2] is None else ({"a": 0, "b": 1, "rc": 2}[m[2]], int(m[3]))
        expected = (tuple(int(p) for p in m[1].split(".")), pre, m[4] is not None)
    assert _pepfast._split(text) == expected


_GRID_RELEASES = ["0", "1", "0.0", "1.0", "1.1", "1.0.0", "1.0.1", "2", "1.2", "0.1"]
_GRID_VERSIONS = [r + p for r in _GRID_RELEASES for p in ("", "a0", "a1", "b1", "rc1", "rc2")]
_GRID_CLAUSES = (
    [op + v for op in ("==", "!=", "<=", ">=", "<", ">", "~=") for v in _GRID_VERSIONS[::2]]
    + [op + r + ".*" for op in ("==", "!=") for r in _GRID_RELEASES]
    + [">=1.*", "~=1.*", "==1.0a1.*", "~=1", "~=1a1", "<", "1.0", "=1.0", ">= 1.0", "== 1.*"]
)


def test_every_clause_pair_on_a_grid() -> None:
    """Two clauses intersect in packaging's range engine; the fast path takes them one by one."""
    checked = 0
    for first in _GRID_CLAUSES:
        for second in _GRID_CLAUSES[::7]:
            spec = f"{first}, {second}"
            for v in _GRID_VERSIONS[::4]:
                fast = fast_contains(spec, v)
                assert fast is not None, spec
                if fast != "invalid":
                    checked += 1
                assert (
                    fast == ref_contains_verdict(spec, v)
                    if fast != "invalid"
                    else ref_specifier_set(spec) is None
                ), (spec, v)
    assert checked > 5_000


@pytest.mark.parametrize(
    ("spec", "version", "expected"),
    [
        ("<3.10", "3.10.0a1", False),  # a pre-release of the bound itself
        ("<3.10", "3.9.99", True),
        ("<3.10rc1", "3.10.0a1", True),
        ("<=3.10", "3.10.0", True),
        (">3.10", "3.10.0", False),
        (">3.10", "3.10.1", True),
        (">3.10a1", "3.10a2", True),
        ("~=3.10", "4.0a1", False),
        ("~=3.10", "3.99", True),
        ("~=3.10.2", "3.11", False),
        ("==1.0", "1.0.0", True),
        ("==3.0.*", "3", True),
        ("==3.0.*", "3.0a1", True),
        ("!=3.0.*", "3.1a1", True),
        ("==3.*", "4.0a1", False),
        ("<0", "0a1", False),
        ("", "1.0", True),
        (" , ", "1.0", True),
        (">=3.8.*", "3.9", None),
        ("~=3", "3.9", None),
        ("3.8", "3.9", None),
        (">=3.8 <4", "3.9", None),
        (">=3.8,\x1c<4", "3.9", True),
    ],
)
def test_known_specifier_answers(spec: str, version: str, expected: bool | None) -> None:
    assert ref_contains(spec, version) == expected
    assert _pep.contains(spec, version) == expected
    assert fast_contains(spec, version) == ("invalid" if expected is None else expected)


# -- markers --------------------------------------------------------------------------


def _check_marker(text: str) -> None:
    answered = 0
    for env in ENVIRONMENTS:
        fast = fast_evaluate(text, env)
        if fast is None:
            break
        answered += 1
        assert fast == ref_evaluate(text, env), (text, env)
    if answered:
        assert answered == len(ENVIRONMENTS), text
    for python in PYTHONS[::4]:
        for extra in ("", "FOO_bar"):
            for platform in (None, "windows-arm64", "macosx_11_0_arm64"):
                assert _pep.marker_applies(text, python, platform, extra) == ref_marker_applies(
                    text, python, platform, extra
                ), (text, python, platform, extra)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(marker_text)
def test_markers_agree_with_packaging(text: str) -> None:
    _check_marker(text)


# -- what the fast path covers --------------------------------------------------------

REAL_MARKERS = [
    "python_full_version < '3.11'",
    "python_full_version >= '3.9' and python_full_version < '3.11'",
    "python_full_version >= '3.12.4'",
    "python_version < '3.10'",
    'python_version >= "3.8" and python_version < "4.0"',
    'python_version < "3.11"',
    'python_version == "3.8"',
    "sys_platform == 'win32'",
    "sys_platform != 'win32'",
    "sys_platform == 'darwin'",
    "sys_platform == 'linux'",
    "sys_platform == 'win32' and platform_machine != 'arm64'",
    "platform_machine == 'x86_64' and sys_platform == 'linux'",
    "platform_python_implementation == 'CPython'",
    "platform_python_implementation != 'PyPy'",
    "implementation_name == 'cpython'",
    "os_name == 'nt'",
    'platform_system == "Windows"',
    'platform_system != "Windows" and platform_system != "Darwin"',
    "extra == 'socks'",
    'extra == "dev"',
    "extra == 'test' and python_full_version < '3.11'",
    "python_full_version < '3.10' and sys_platform == 'win32'",
    "(platform_machine == 'aarch64' and sys_platform == 'linux') or (platform_machine == 'x86_64' and sys_platform == 'linux')",
    "python_full_version >= '3.10' and platform_python_implementation == 'CPython' and sys_platform != 'win32'",
    "platform_machine == 'AMD64' or platform_machine == 'WIN32' or platform_machine == 'aarch64' or platform_machine == 'amd64' or platform_machine == 'ppc64le' or platform_machine == 'win32' or platform_machine == 'x86_64'",
    "python_version >= '3.9' and python_version < '3.13' and (sys_platform == 'linux' or sys_platform == 'darwin')",
    'python_version >= "3.7" and python_version < "3.11" and extra == "toml"',
    "implementation_name != 'pypy' and python_full_version < '3.14'",
    "python_full_version == '3.9.*'",
    "sys_platform == 'cygwin'",
    'sys_platform in "linux darwin"',
]

REAL_SPECIFIERS = [
    ">=3.9,<4",
    ">=3.8",
    ">=3.10",
    "~=3.10",
    "!=3.0.*",
    ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*",
    ">=3.8,<4.0",
    ">=3.9, <3.14",
    "<3.13,>=3.9",
    "==3.11.*",
    ">=3.6.2",
    ">3.8",
    "<4",
    ">=3.10.0a1",
    "~=3.11.0",
    "!=3.9.0",
    ">=3.7,<3.12",
    "==2.31.0",
    ">=2.0.1,<3",
    "",
]


@pytest.mark.parametrize("text", REAL_MARKERS)
def test_real_markers_take_the_fast_path(text: str) -> None:
    compiled = _pepfast.marker(text)
    assert compiled is not None and compiled is not _pepfast.RAISES
    _check_marker(text)


@pytest.mark.parametrize("spec", REAL_SPECIFIERS)
def test_real_specifiers_take_the_fast_path(spec: str) -> None:
    clauses = _pepfast.specifiers(spec)
    assert clauses is not None and clauses is not _pepfast.INVALID
    for minor in [(2, 7), *PYTHONS]:
        assert targets.minor_in_range(minor, spec) == ref_minor_in_range(minor, spec)
    for v in ("2.7.18", "3.0", "3.9.0", "3.10.0a1", "3.11.4", "3.12", "3.13.0rc1", "4.0", "2.31.0"):
        assert fast_contains(spec, v) == ref_contains_verdict(spec, v), (spec, v)


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        ("python_version ~= '3'", "raises"),  # no valid specifier and no string ~=
        ("sys_platform ~= 'linux'", "raises"),
        ("extra === 'socks'", "raises"),
        ("python_version >= '3.*'", False),  # an invalid specifier: string >= is equality
        ("python_version == ''", False),
        ("python_version != 'abc'", True),
        ("'abc' < python_version", False),  # no version: contains() is false
        ("python_version in '3.8 3.11'", True),  # a substring test
        ("python_version === '3.11'", None),  # not handled
        ("platform_release >= '5'", None),
        ("'foo' in extras", None),
        ("sys_platform == 'win\\x33'", None),
        ("python_version < '3.8' and", None),
    ],
)
def test_edges(text: str, fast: object) -> None:
    env = _pep.environment((3, 11), "linux-x86_64")
    verdict = fast_evaluate(text, env)
    if fast is None:
        assert verdict is None
    else:
        assert verdict == fast == ref_evaluate(text, env)
    _check_marker(text)


def test_all_combinations_of_small_atoms() -> None:
    """Every operator and order on a few literals of each variable kind, alone and and-ed."""
    atoms = []
    for var, literals in (
        ("python_version", ["3.10", "3.10.*", "3", "3.10a1", "abc", ""]),
        ("python_full_version", ["3.10.0", "3.10.99", "3.10.*", "3.10.0rc1"]),
        ("sys_platform", ["linux", "win32", "lin"]),
        ("extra", ["Socks", "a"]),
    ):
        for op in ("==", "!=", "<=", ">=", "<", ">", "~=", "in", "not in"):
            for literal in literals:
                atoms.append(f"{var} {op} '{literal}'")
                atoms.append(f"'{literal}' {op} {var}")
    envs = [
        _pep.environment(py, plat, patch=patch, extra=extra)
        for py in ((3, 9), (3, 10), (3, 11))
        for plat in ("linux-x86_64", "windows-amd64")
        for patch in (0, 99)
        for extra in ("", "socks")
    ]
    for text in atoms + [
        f"{a} and {b}" for a, b in itertools.islice(itertools.combinations(atoms, 2), 0, None, 97)
    ]:
        answered = 0
        for env in envs:
            fast = fast_evaluate(text, env)
            if fast is not None:
                answered += 1
                assert fast == ref_evaluate(text, env), (text, env)
        if "in '3" not in text and " in python" not in text and "=== " not in text:
            assert answered, text


# -- imports --------------------------------------------------------------------------

_PROBE = """
import json, sys
from reqhooks import _pep, targets
answers = [
    _pep.marker_applies("python_full_version < '3.11' and sys_platform == 'win32'", (3, 10)),
    _pep.marker_applies("extra == 'Socks' or platform_machine != 'arm64'", (3, 12), "macos-arm64", "socks"),
    _pep.contains(">=3.9,<4", "3.12.1"),
    targets.minor_in_range((3, 8), ">=3.9,!=3.10.*"),
    targets.minor_in_range((3, 11), "~=3.10"),
    _pep.same_version("1.0", "1.0.0"),
    _pep.same_version("1.0rc1", "1.0"),
]
print(json.dumps({"answers": answers, "modules": sorted(sys.modules)}))
"""


def test_simple_inputs_import_neither_packaging_nor_dataclasses() -> None:
    # -S: no site-packages (so no packaging to fall back on) and no .pth imports (typing)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    proc = subprocess.run(
        [sys.executable, "-S", "-c", _PROBE], capture_output=True, text=True, check=False, env=env
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["answers"] == [True, True, True, False, True, True, False]
    modules = set(report["modules"])
    unwanted = {"packaging", "packaging.markers", "packaging.specifiers", "dataclasses", "typing"}
    assert not modules & unwanted


def _shape(node: object) -> object:
    if isinstance(node, list):
        return [_shape(item) for item in node]
    if isinstance(node, tuple):
        return tuple((type(n).__name__, str(getattr(n, "value", n))) for n in node)
    return node


def _check_tree(text: str) -> None:
    tree = _pepfast.tree(text)
    if tree is not None:
        assert _shape(tree) == _shape(Marker(text)._markers), text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(marker_text)
def test_marker_trees_are_packagings(text: str) -> None:
    # rules/python reads PYV004's three-valued verdict off this tree when it is given.
    _check_tree(text)


@pytest.mark.parametrize("text", REAL_MARKERS)
def test_real_marker_trees_are_packagings(text: str) -> None:
    assert _pepfast.tree(text) is not None
    _check_tree(text)
