from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reqhooks._record import FrozenInstanceError, replace
from reqhooks.data import backports
from reqhooks.data.backports import BACKPORTS, KINDS, Backport, canonical, lookup

ENTRIES = tuple(BACKPORTS.values())
REPO = Path(__file__).resolve().parent.parent


def _ids(entries: tuple[Backport, ...]) -> list[str]:
    return [entry.name for entry in entries]


# -- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    (
        pytest.param("Backports.ZoneInfo", "backports-zoneinfo", id="dots and capitals"),
        pytest.param("backports_zoneinfo", "backports-zoneinfo", id="underscores"),
        pytest.param("typing__extensions", "typing-extensions", id="runs of separators"),
        pytest.param("Pkgutil_-.Resolve.Name", "pkgutil-resolve-name", id="mixed separators"),
        pytest.param("zipp", "zipp", id="already canonical"),
    ),
)
def test_canonical_follows_pep_503(name: str, expected: str) -> None:
    assert canonical(name) == expected


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_every_key_is_the_canonical_name_of_its_entry(entry: Backport) -> None:
    assert canonical(entry.name) == entry.name
    assert BACKPORTS[entry.name] is entry


def test_a_duplicate_row_is_refused_rather_than_silently_winning() -> None:
    entry = BACKPORTS["pathlib"]
    with pytest.raises(ValueError, match="duplicate backport entry: pathlib"):
        backports._index((entry, replace(entry, kind="redundant")))


@pytest.mark.parametrize(
    "spelling",
    (
        pytest.param("Backports.ZoneInfo", id="as written in a setup.py"),
        pytest.param("backports_zoneinfo", id="as written in a wheel name"),
        pytest.param("backports.zoneinfo", id="as written in most requirement files"),
        pytest.param("BACKPORTS-ZONEINFO", id="shouted"),
    ),
)
def test_lookup_finds_an_entry_in_any_spelling(spelling: str) -> None:
    entry = lookup(spelling)
    assert entry is not None
    assert entry.name == "backports-zoneinfo"
    assert entry.modules == ("zoneinfo",)
    assert entry.since == (3, 9)
    assert entry.kind == "harmful"


@pytest.mark.parametrize(
    "name",
    (
        pytest.param("requests", id="an ordinary library"),
        pytest.param("backports", id="the bare namespace"),
        pytest.param("", id="an empty name"),
    ),
)
def test_lookup_of_an_unknown_name_is_none(name: str) -> None:
    assert lookup(name) is None


# -- shape of every entry ---------------------------------------------------------------------


def test_kinds_are_exactly_the_six_documented_ones() -> None:
    assert KINDS == {
        "harmful",
        "redundant",
        "feature-backport",
        "py2-compat",
        "not-a-backport",
        "reverse-backport",
    }
    assert {entry.kind for entry in ENTRIES} == KINDS


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_every_entry_is_well_formed(entry: Backport) -> None:
    assert entry.kind in KINDS
    assert entry.replacement.strip() == entry.replacement != ""
    assert entry.source.strip() == entry.source != ""
    assert "\n" not in entry.replacement + entry.source + entry.breaks
    assert all(module and module.strip() == module for module in entry.modules)
    for version in (entry.since, entry.removed):
        if version is not None:
            major, minor = version
            assert major == 3 and 0 <= minor <= 15, version


@pytest.mark.parametrize(
    "entry",
    [e for e in ENTRIES if e.kind in ("harmful", "redundant")],
    ids=_ids(tuple(e for e in ENTRIES if e.kind in ("harmful", "redundant"))),
)
def test_harmful_and_redundant_entries_say_what_they_replace_and_since_when(
    entry: Backport,
) -> None:
    assert entry.since is not None
    assert entry.modules
    assert entry.removed is None


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_only_harmful_entries_say_how_they_break(entry: Backport) -> None:
    assert bool(entry.breaks) == (entry.kind == "harmful")


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_only_reverse_backports_name_the_release_that_removed_the_module(
    entry: Backport,
) -> None:
    assert (entry.removed is not None) == (entry.kind == "reverse-backport")
    if entry.kind == "reverse-backport":
        assert entry.modules


_BELOW: re.Pattern[str] = re.compile(r'python_version < "(\d+)(?:\.(\d+))?"')
_FROM: re.Pattern[str] = re.compile(r'python_version >= "(\d+)\.(\d+)"')


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_a_marker_in_the_advice_agrees_with_the_table(entry: Backport) -> None:
    for major, minor in _BELOW.findall(entry.replacement):
        assert (int(major), int(minor or 0)) == entry.since
    for major, minor in _FROM.findall(entry.replacement):
        assert (int(major), int(minor)) == entry.removed


def test_entries_are_immutable() -> None:
    with pytest.raises(FrozenInstanceError):
        BACKPORTS["typing"].kind = "redundant"  # type: ignore[misc]


# -- false friends ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    (
        pytest.param("tzdata", "not-a-backport", id="tzdata is zoneinfo's data"),
        pytest.param("simplejson", "not-a-backport", id="simplejson is a library of its own"),
        pytest.param("typing-extensions", "feature-backport", id="typing-extensions runs ahead"),
        pytest.param("tomli-w", "not-a-backport", id="tomli-w writes what tomllib cannot"),
        pytest.param("aenum", "not-a-backport", id="aenum extends enum"),
        pytest.param("dataclasses-json", "not-a-backport", id="dataclasses-json serialises"),
        pytest.param("pysqlite3", "not-a-backport", id="pysqlite3 links a newer sqlite"),
        pytest.param("pysqlite3-binary", "not-a-backport", id="pysqlite3-binary bundles it"),
        pytest.param("pyzipper", "not-a-backport", id="pyzipper adds AES to zipfile"),
        pytest.param("unicodedata2", "feature-backport", id="unicodedata2 has newer unicode"),
        pytest.param("ipaddr", "not-a-backport", id="ipaddr is the older google library"),
        pytest.param("enum-compat", "not-a-backport", id="enum-compat only selects enum34"),
        pytest.param("backports-pampy", "not-a-backport", id="backports.pampy squats the name"),
        pytest.param("typing-inspect", "not-a-backport", id="typing-inspect inspects"),
        pytest.param("annotated-types", "not-a-backport", id="annotated-types adds constraints"),
        pytest.param("mypy-extensions", "not-a-backport", id="mypy-extensions extends mypy"),
        pytest.param("telnetlib3", "not-a-backport", id="telnetlib3 is an asyncio library"),
    ),
)
def test_a_false_friend_is_listed_and_never_flagged(name: str, kind: str) -> None:
    entry = BACKPORTS[name]
    assert entry.kind == kind
    assert entry.kind not in ("harmful", "redundant")
    assert entry.since is None
    assert entry.breaks == ""


# -- spot checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "modules", "since", "kind", "removed"),
    (
        pytest.param("pathlib", ("pathlib",), (3, 4), "harmful", None, id="pathlib"),
        pytest.param("enum34", ("enum",), (3, 4), "harmful", None, id="enum34"),
        pytest.param("typing", ("typing",), (3, 5), "harmful", None, id="typing"),
        pytest.param("dataclasses", ("dataclasses",), (3, 7), "harmful", None, id="dataclasses"),
        pytest.param("futures", ("concurrent.futures",), (3, 0), "harmful", None, id="futures"),
        pytest.param("asyncio", ("asyncio",), (3, 4), "harmful", None, id="asyncio 3.4.3"),
        pytest.param("tomli", ("tomllib",), (3, 11), "redundant", None, id="tomli"),
        pytest.param(
            "importlib-metadata",
            ("importlib.metadata",),
            (3, 10),
            "redundant",
            None,
            id="importlib-metadata at selectable entry points",
        ),
        pytest.param(
            "importlib-resources",
            ("importlib.resources",),
            (3, 9),
            "redundant",
            None,
            id="importlib-resources at files()",
        ),
        pytest.param("zipp", ("zipfile.Path",), (3, 10), "redundant", None, id="zipp"),
        pytest.param(
            "exceptiongroup",
            ("ExceptionGroup", "except*"),
            (3, 11),
            "redundant",
            None,
            id="exceptiongroup",
        ),
        pytest.param("backports-tarfile", ("tarfile",), (3, 12), "redundant", None, id="tarfile"),
        pytest.param(
            "typing-extensions", ("typing",), None, "feature-backport", None, id="typing-extensions"
        ),
        pytest.param("six", (), None, "py2-compat", None, id="six"),
        pytest.param(
            "standard-imghdr", ("imghdr",), None, "reverse-backport", (3, 13), id="standard-imghdr"
        ),
        pytest.param(
            "standard-asyncore", ("asyncore",), None, "reverse-backport", (3, 12), id="asyncore"
        ),
        pytest.param(
            "audioop-lts", ("audioop",), None, "reverse-backport", (3, 13), id="audioop-lts"
        ),
        pytest.param("zombie-imp", ("imp",), None, "reverse-backport", (3, 12), id="zombie-imp"),
    ),
)
def test_spot_check(
    name: str,
    modules: tuple[str, ...],
    since: tuple[int, int] | None,
    kind: str,
    removed: tuple[int, int] | None,
) -> None:
    entry = BACKPORTS[name]
    assert (entry.modules, entry.since, entry.kind, entry.removed) == (
        modules,
        since,
        kind,
        removed,
    )


def test_pathlib_advice_covers_a_dependency_that_drags_it_in() -> None:
    entry = BACKPORTS["pathlib"]
    assert "a pip constraints file cannot remove it" in entry.replacement
    assert "`pathlib; sys_platform == 'never'`" in entry.replacement
    assert "override-dependencies" in entry.replacement
    assert "PyInstaller" in entry.breaks


def test_tomli_advice_is_the_conventional_marker() -> None:
    assert 'tomli; python_version < "3.11"' in BACKPORTS["tomli"].replacement


def test_the_pyinstaller_refusals_are_all_harmful() -> None:
    for name in ("enum34", "typing", "pathlib"):
        assert BACKPORTS[name].kind == "harmful"
        assert "PyInstaller" in BACKPORTS[name].source


def test_every_dead_battery_redistribution_is_listed() -> None:
    dead = {
        entry.modules[0]: entry.removed for entry in ENTRIES if entry.name.startswith("standard-")
    }
    assert dead == {
        **dict.fromkeys(("asynchat", "asyncore", "distutils", "smtpd"), (3, 12)),
        **dict.fromkeys(
            (
                "aifc", "cgi", "cgitb", "chunk", "crypt", "imghdr", "mailcap", "nntplib",
                "pipes", "sndhdr", "sunau", "telnetlib", "uu", "xdrlib",
            ),
            (3, 13),
        ),
    }  # fmt: skip


# -- cost of importing it ---------------------------------------------------------------------


def test_importing_the_table_imports_only_the_standard_library() -> None:
    code = (
        "import json, sys\n"
        "before = set(sys.modules)\n"
        "import reqhooks.data.backports\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    new = json.loads(done.stdout)
    assert "reqhooks.data.backports" in new
    outside = [
        name
        for name in new
        if name.partition(".")[0] not in sys.stdlib_module_names
        and name.partition(".")[0] != "reqhooks"
    ]
    assert outside == []
    assert not any(name.startswith("packaging") for name in new)
