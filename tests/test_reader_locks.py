"""The lock readers: real locks written by each tool, hand-written edge cases, and speed.

The samples in ``fixtures/locks`` were written by the tools themselves (poetry 1.8.5 and
2.5.1, uv 0.13.9, pdm 2.29.3, pipenv 2026.10.3, pip 26.3); every expected value below was
read off those files by eye.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from reqhooks._text import Document, read_document
from reqhooks._toml import TomlIndex
from reqhooks.findings import Finding
from reqhooks.model import LockedDep, LockedPackage, LockFile, LockKind
from reqhooks.readers import locks

LOCKS = Path(__file__).parent / "fixtures" / "locks"

SAMPLES = {
    "poetry-1.8": "poetry/v1.8-legacy/poetry.lock",
    "poetry-2": "poetry/v2-pep621/poetry.lock",
    "uv-project": "uv/project/uv.lock",
    "uv-workspace": "uv/workspace/uv.lock",
    "uv-virtual": "uv/virtual-workspace/uv.lock",
    "uv-script": "uv/script/script.py.lock",
    "pdm": "pdm/pdm.lock",
    "pipenv": "pipenv/Pipfile.lock",
    "pylock-pip": "pylock/pip-lock/pylock.toml",
    "pylock-uv": "pylock/uv-export/pylock.toml",
}


def sample(key: str) -> tuple[LockFile, list[Finding]]:
    path = LOCKS / SAMPLES[key]
    kind = locks.kind_for(path)
    assert kind is not None
    lock, findings = locks.read(read_document(path), kind)
    assert lock is not None
    return lock, findings


def read_text(name: str, text: str) -> tuple[LockFile | None, list[Finding]]:
    kind = locks.kind_for(Path(name))
    assert kind is not None
    return locks.read(Document(Path(name), text), kind)


def package(lock: LockFile, name: str, version: str | None = None) -> LockedPackage:
    found = [
        p for p in lock.packages if p.name == name and (version is None or p.version == version)
    ]
    assert len(found) == 1, found
    return found[0]


def where(finding: Finding) -> tuple[int, int, str]:
    return finding.line, finding.column, finding.message


def position(lock: LockFile, offset: int) -> tuple[int, int]:
    return lock.doc.position(offset)


# --- file names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    (
        pytest.param("poetry.lock", "poetry", id="poetry.lock is poetry"),
        pytest.param("uv.lock", "uv", id="uv.lock is uv"),
        pytest.param("script.py.lock", "uv", id="a script lock is uv"),
        pytest.param("pdm.lock", "pdm", id="pdm.lock is pdm"),
        pytest.param("Pipfile.lock", "pipfile", id="Pipfile.lock is pipenv"),
        pytest.param("pylock.toml", "pylock", id="pylock.toml is PEP 751"),
        pytest.param("pylock.dev.toml", "pylock", id="a named pylock is PEP 751"),
        pytest.param("pylock.a.b.toml", None, id="a pylock name with a dot is not a lock"),
        pytest.param("pylock.toml.bak", None, id="a backup is not a lock"),
        pytest.param(".py.lock", None, id="a bare .py.lock is not a script lock"),
        pytest.param("requirements.txt", None, id="a requirements file is not read here"),
        pytest.param("pipfile.lock", None, id="file names are case sensitive"),
    ),
)
def test_kind_for(name: str, kind: LockKind | None) -> None:
    assert locks.kind_for(Path("some/dir") / name) == kind


def test_compiled_requirements_are_not_read_here() -> None:
    with pytest.raises(ValueError, match="compiled"):
        locks.read(Document(Path("requirements.txt"), ""), "compiled")


# --- the real samples ---------------------------------------------------------------------

DATEUTIL_3 = ("python-dateutil", "3.0.0")
COMMON = [
    ("exceptiongroup", "1.3.1"),
    ("idna", "3.20"),
    ("iniconfig", "2.1.0"),
    DATEUTIL_3,
    ("six", "1.17.0"),
    ("typing-extensions", "4.16.0"),
    ("tzdata", "2026.6"),
]


@pytest.mark.parametrize(
    ("key", "expected"),
    (
        pytest.param(
            "poetry-1.8",
            [("colorama", "0.4.6")] + [p for p in COMMON if p[0] != "idna"],
            id="poetry 1.8 locks seven packages",
        ),
        pytest.param(
            "poetry-2", [("colorama", "0.4.6")] + COMMON, id="poetry 2 locks eight packages"
        ),
        pytest.param(
            "uv-project",
            [
                ("colorama", "0.4.6"),
                ("demo-uv", "0.1.0"),
                ("exceptiongroup", "1.3.1"),
                ("idna", "3.20"),
                ("iniconfig", "2.1.0"),
                ("iniconfig", "2.3.1"),
                DATEUTIL_3,
                ("python-dateutil", "4.0.0"),
                ("six", "1.17.0"),
                ("typing-extensions", "4.16.0"),
                ("tzdata", "2026.6"),
            ],
            id="a uv project locks two versions of a name in different forks",
        ),
        pytest.param(
            "uv-workspace",
            [
                ("demo-lib", "0.2.0"),
                ("demo-uv-ws", "0.1.0"),
                ("iniconfig", "2.3.1"),
                DATEUTIL_3,
                ("python-dateutil", "4.0.0"),
                ("six", "1.17.0"),
                ("tzdata", "2026.6"),
            ],
            id="a uv workspace locks both members",
        ),
        pytest.param(
            "uv-virtual",
            [
                ("demo-lib", "0.2.0"),
                ("iniconfig", "2.3.1"),
                DATEUTIL_3,
                ("python-dateutil", "4.0.0"),
                ("six", "1.17.0"),
                ("tzdata", "2026.6"),
            ],
            id="a virtual uv workspace has no package for its root",
        ),
        pytest.param(
            "uv-script", [("six", "1.17.0")], id="a uv script lock holds the script's requirements"
        ),
        pytest.param("pdm", [("colorama", "0.4.6")] + COMMON, id="pdm locks eight packages"),
        pytest.param(
            "pipenv",
            [
                ("exceptiongroup", "1.3.1"),
                ("idna", "3.20"),
                ("python-dateutil", "4.0.0"),
                ("typing-extensions", "4.16.0"),
                ("tzdata", "2026.6"),
                ("iniconfig", "2.3.1"),
            ],
            id="pipenv locks default then develop",
        ),
        pytest.param(
            "pylock-pip",
            [
                ("exceptiongroup", "1.3.1"),
                ("idna", "3.20"),
                ("python-dateutil", "4.0.0"),
                ("typing-extensions", "4.16.0"),
                ("tzdata", "2026.6"),
            ],
            id="pip lock writes one environment",
        ),
        pytest.param(
            "pylock-uv",
            [
                ("colorama", "0.4.6"),
                ("demo-uv", None),
                ("exceptiongroup", "1.3.1"),
                ("idna", "3.20"),
                ("iniconfig", "2.1.0"),
                ("iniconfig", "2.3.1"),
                DATEUTIL_3,
                ("python-dateutil", "4.0.0"),
                ("six", "1.17.0"),
                ("typing-extensions", "4.16.0"),
                ("tzdata", "2026.6"),
            ],
            id="uv export to pylock keeps the project without a version",
        ),
    ),
)
def test_sample_packages(key: str, expected: list[tuple[str, str | None]]) -> None:
    lock, findings = sample(key)
    assert findings == []
    assert [(p.name, p.version) for p in lock.packages] == expected


@pytest.mark.parametrize(
    ("key", "kind", "requires_python", "requires_python_at", "generator"),
    (
        pytest.param(
            "poetry-1.8",
            "poetry",
            ">=3.9,<4.0",
            (130, 19),
            "Poetry 1.8.5",
            id="poetry caret python becomes a range",
        ),
        pytest.param(
            "poetry-2", "poetry", ">=3.9", (160, 19), "Poetry 2.5.1", id="poetry 2 metadata python"
        ),
        pytest.param("uv-project", "uv", ">=3.9", (3, 19), None, id="uv top-level requires-python"),
        pytest.param("uv-script", "uv", ">=3.11", (3, 19), None, id="uv script requires-python"),
        pytest.param(
            "pdm", "pdm", ">=3.9", (11, 19), "PDM", id="pdm requires-python from its one target"
        ),
        pytest.param(
            "pipenv", "pipfile", "==3.11.*", (8, 31), None, id="pipenv python_version is one minor"
        ),
        pytest.param(
            "pylock-pip", "pylock", None, None, "pip", id="pip lock has no requires-python"
        ),
        pytest.param("pylock-uv", "pylock", ">=3.9", (5, 19), "uv", id="uv pylock requires-python"),
    ),
)
def test_sample_lock_metadata(
    key: str,
    kind: str,
    requires_python: str | None,
    requires_python_at: tuple[int, int] | None,
    generator: str | None,
) -> None:
    lock, _ = sample(key)
    assert lock.kind == kind
    assert lock.requires_python == requires_python
    if requires_python_at is None:
        assert lock.requires_python_loc is None
    else:
        assert lock.requires_python_loc is not None
        assert position(lock, lock.requires_python_loc.start) == requires_python_at
    assert lock.generator == generator


TYPING_EXT_EDGE = LockedDep("typing-extensions", ">=4.6.0", 'python_version < "3.13"')
DATEUTIL_EDGES = (LockedDep("six", ">=1.6"), LockedDep("tzdata"))
UV_WHEEL = "{}-py3-none-any.whl"


@pytest.mark.parametrize(
    ("key", "name", "version", "expected"),
    (
        pytest.param(
            "poetry-2",
            "colorama",
            None,
            {
                "requires_python": "!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,!=3.5.*,!=3.6.*,>=2.7",
                "files": ("colorama-0.4.6-py2.py3-none-any.whl", "colorama-0.4.6.tar.gz"),
                "groups": ("main",),
                "marker": 'extra == "color"',
                "optional": True,
                "source": "registry",
            },
            id="poetry 2 optional package with its extra marker and legacy source",
        ),
        pytest.param(
            "poetry-2",
            "exceptiongroup",
            None,
            {
                "requires_python": ">=3.7",
                "dependencies": (TYPING_EXT_EDGE,),
                "marker": 'python_version < "3.11"',
                "optional": False,
            },
            id="poetry 2 table dependency keeps version and markers",
        ),
        pytest.param(
            "poetry-2",
            "python-dateutil",
            None,
            {"dependencies": DATEUTIL_EDGES, "requires_python": "!=3.0.*,!=3.1.*,!=3.2.*,>=2.7"},
            id="poetry string dependencies, star means any version",
        ),
        pytest.param(
            "poetry-2",
            "iniconfig",
            None,
            {"groups": ("dev",), "marker": None},
            id="poetry 2 dev group package",
        ),
        pytest.param(
            "poetry-1.8",
            "six",
            None,
            {
                "requires_python": ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*",
                "groups": (),
                "marker": None,
                "files": ("six-1.17.0-py2.py3-none-any.whl", "six-1.17.0.tar.gz"),
            },
            id="poetry 1.8 writes no groups and python-versions with spaces",
        ),
        pytest.param(
            "uv-project",
            "demo-uv",
            None,
            {
                "source": "editable",
                "files": (),
                "groups": ("main",),
                "dependencies": (
                    LockedDep("exceptiongroup", "", "python_full_version < '3.11'"),
                    LockedDep("idna"),
                    LockedDep("python-dateutil", "==3.0.0", "python_full_version < '3.11'"),
                    LockedDep("python-dateutil", "==4.0.0", "python_full_version >= '3.11'"),
                    LockedDep("colorama", "", 'extra == "color"'),
                    LockedDep("iniconfig", "==2.1.0", "python_full_version < '3.10'"),
                    LockedDep("iniconfig", "==2.3.1", "python_full_version >= '3.10'"),
                ),
            },
            id="uv project edges: main, the color extra, then the dev group",
        ),
        pytest.param(
            "uv-project",
            "iniconfig",
            "2.1.0",
            {
                "source": "registry",
                "groups": ("dev",),
                "requires_python": None,
                "resolution_markers": ("python_full_version < '3.10'",),
                "files": ("iniconfig-2.1.0.tar.gz", UV_WHEEL.format("iniconfig-2.1.0")),
            },
            id="uv dev-only package in one fork with files from its URLs",
        ),
        pytest.param(
            "uv-project",
            "colorama",
            None,
            {"groups": ("color",)},
            id="uv package reached only through an extra is in that extra",
        ),
        pytest.param(
            "uv-project",
            "typing-extensions",
            None,
            {"groups": ("main",)},
            id="uv groups follow edges transitively",
        ),
        pytest.param(
            "uv-workspace",
            "demo-uv-ws",
            None,
            {
                "groups": ("main",),
                "dependencies": (LockedDep("demo-lib"), LockedDep("six"), LockedDep("iniconfig")),
            },
            id="uv workspace member depends on the other member",
        ),
        pytest.param(
            "uv-workspace",
            "iniconfig",
            None,
            {"groups": ("dev",)},
            id="uv workspace dev group",
        ),
        pytest.param(
            "uv-virtual",
            "iniconfig",
            None,
            {"groups": ("dev",)},
            id="uv virtual root dev group from the manifest",
        ),
        pytest.param(
            "uv-script",
            "six",
            None,
            {"groups": ("main",)},
            id="uv script requirements are main",
        ),
        pytest.param(
            "pdm",
            "exceptiongroup",
            None,
            {
                "requires_python": ">=3.7",
                "groups": ("default",),
                "marker": 'python_version < "3.11"',
                "dependencies": (TYPING_EXT_EDGE,),
                "source": "registry",
                "files": ("exceptiongroup-1.3.1-py3-none-any.whl", "exceptiongroup-1.3.1.tar.gz"),
            },
            id="pdm package with an inherited marker and a PEP 508 dependency",
        ),
        pytest.param(
            "pdm",
            "python-dateutil",
            None,
            {"dependencies": DATEUTIL_EDGES},
            id="pdm dependency without a specifier",
        ),
        pytest.param(
            "pdm",
            "colorama",
            None,
            {"groups": ("color",), "marker": None},
            id="pdm extra group",
        ),
        pytest.param(
            "pipenv",
            "idna",
            None,
            {
                "marker": "python_version >= '3.9'",
                "groups": ("default",),
                "files": (),
                "dependencies": (),
                "source": "registry",
            },
            id="pipenv default package",
        ),
        pytest.param(
            "pipenv",
            "iniconfig",
            None,
            {"groups": ("develop",), "marker": "python_version >= '3.10'"},
            id="pipenv develop package",
        ),
        pytest.param(
            "pylock-pip",
            "idna",
            None,
            {
                "files": ("idna-3.20-py3-none-any.whl",),
                "marker": None,
                "requires_python": None,
                "source": "registry",
            },
            id="pip lock wheel names",
        ),
        pytest.param(
            "pylock-uv",
            "exceptiongroup",
            None,
            {
                "files": ("exceptiongroup-1.3.1.tar.gz", UV_WHEEL.format("exceptiongroup-1.3.1")),
                "marker": "python_full_version < '3.11'",
            },
            id="uv pylock file names from URLs",
        ),
        pytest.param(
            "pylock-uv",
            "demo-uv",
            None,
            {"source": "editable", "files": ()},
            id="uv pylock editable project directory",
        ),
    ),
)
def test_sample_package_details(
    key: str, name: str, version: str | None, expected: dict[str, Any]
) -> None:
    lock, _ = sample(key)
    found = package(lock, name, version)
    assert {field: getattr(found, field) for field in expected} == expected


@pytest.mark.parametrize(
    ("key", "name", "version", "name_at", "version_at"),
    (
        pytest.param("poetry-2", "colorama", None, (4, 8), (5, 11), id="poetry first package"),
        pytest.param("poetry-2", "tzdata", None, (139, 8), (140, 11), id="poetry last package"),
        pytest.param("poetry-1.8", "six", None, (78, 8), (79, 11), id="poetry 1.8 package"),
        pytest.param("uv-project", "demo-uv", None, (20, 8), (21, 11), id="uv project package"),
        pytest.param(
            "uv-project", "iniconfig", "2.3.1", (87, 8), (88, 11), id="uv second version of a name"
        ),
        pytest.param("uv-script", "six", None, (9, 8), (10, 11), id="uv script package"),
        pytest.param("pdm", "colorama", None, (14, 8), (15, 11), id="pdm first package"),
        pytest.param(
            "pipenv", "exceptiongroup", None, (19, 9), (25, 24), id="pipenv package key and version"
        ),
        pytest.param(
            "pipenv", "iniconfig", None, (63, 9), (70, 24), id="pipenv develop package key"
        ),
        pytest.param("pylock-pip", "tzdata", None, (49, 8), (50, 11), id="pylock package"),
        pytest.param(
            "pylock-uv", "demo-uv", None, (15, 8), None, id="pylock package without a version"
        ),
    ),
)
def test_sample_positions(
    key: str,
    name: str,
    version: str | None,
    name_at: tuple[int, int],
    version_at: tuple[int, int] | None,
) -> None:
    lock, _ = sample(key)
    found = package(lock, name, version)
    assert position(lock, found.loc.start) == name_at
    assert found.loc.text() == f'"{name}"'
    if version_at is None:
        assert found.version_loc is None
    else:
        assert found.version_loc is not None
        assert position(lock, found.version_loc.start) == version_at
        assert found.version_loc.text().strip('"').lstrip("=") == found.version


@pytest.mark.parametrize("key", [k for k in SAMPLES if k != "pipenv"])
def test_every_name_and_version_span_agrees_with_the_toml_index(key: str) -> None:
    lock, _ = sample(key)
    index = TomlIndex(lock.doc.text)
    array = "packages" if lock.kind == "pylock" else "package"
    assert len(lock.packages) == len(lock.data[array])
    for i, found in enumerate(lock.packages):
        assert (found.loc.start, found.loc.end) == index.value_span((array, i, "name"))
        if found.version_loc is not None:
            assert (found.version_loc.start, found.version_loc.end) == index.value_span(
                (array, i, "version")
            )


@pytest.mark.parametrize("key", ["pylock-pip", "pylock-uv"])
def test_pylock_names_and_versions_agree_with_packaging(key: str) -> None:
    from packaging.pylock import Pylock

    lock, _ = sample(key)
    oracle = Pylock.from_dict(lock.data)
    assert [(p.name, p.version) for p in lock.packages] == [
        (str(p.name), str(p.version) if p.version is not None else None) for p in oracle.packages
    ]
    assert [p.requires_python for p in lock.packages] == [
        str(p.requires_python) if p.requires_python else None for p in oracle.packages
    ]


@pytest.mark.parametrize("key", [k for k in SAMPLES if k != "pipenv"])
def test_toml_locks_carry_their_index_for_rules_and_fixes(key: str) -> None:
    lock, _ = sample(key)
    assert lock.index is not None
    span = lock.index.value_span(("package" if lock.kind != "pylock" else "packages", 0, "name"))
    assert span == (lock.packages[0].loc.start, lock.packages[0].loc.end)


def test_poetry_content_hash_stays_in_data() -> None:
    lock, _ = sample("poetry-2")
    assert lock.data["metadata"]["content-hash"].startswith("78bdc92f")


def test_uv_top_level_resolution_markers_stay_in_data() -> None:
    lock, _ = sample("uv-project")
    assert lock.data["resolution-markers"] == [
        "python_full_version >= '3.11'",
        "python_full_version == '3.10.*'",
        "python_full_version < '3.10'",
    ]
    assert lock.data["revision"] == 5


# --- poetry edge cases ------------------------------------------------------------------

POETRY_1_1 = """\
# This file is automatically @generated by Poetry 1.1.15 and should not be changed by hand.
[[package]]
name = "Django"
version = "3.2.1"
description = ""
category = "main"
optional = false
python-versions = ">=3.6"

[package.dependencies]
asgiref = ">=3.3.2,<4"
pytz = "*"

[[package]]
name = "enum34"
version = "1.1.10"
description = ""
category = "dev"
optional = false
python-versions = "*"

[[package]]
name = "enum34"
version = "1.1.6"
description = ""
category = "dev"
optional = false
python-versions = "*"

[metadata]
lock-version = "1.1"
python-versions = "^3.8"
content-hash = "abc"

[metadata.files]
django = [
    {file = "Django-3.2.1-py3-none-any.whl", hash = "sha256:aa"},
    {file = "Django-3.2.1.tar.gz", hash = "sha256:bb"},
]
enum34 = [
    {file = "enum34-1.1.10-py3-none-any.whl", hash = "sha256:cc"},
    {file = "enum34-1.1.10.tar.gz", hash = "sha256:dd"},
    {file = "enum34-1.1.6-py3-none-any.whl", hash = "sha256:ee"},
]
"""


def test_poetry_lock_1_1_reads_categories_and_metadata_files() -> None:
    lock, findings = read_text("poetry.lock", POETRY_1_1)
    assert findings == []
    assert lock is not None
    assert lock.generator == "Poetry 1.1.15"
    assert lock.requires_python == ">=3.8,<4.0"
    assert [(p.name, p.version, p.groups, p.files, p.requires_python) for p in lock.packages] == [
        (
            "django",
            "3.2.1",
            ("main",),
            ("Django-3.2.1-py3-none-any.whl", "Django-3.2.1.tar.gz"),
            ">=3.6",
        ),
        (
            "enum34",
            "1.1.10",
            ("dev",),
            ("enum34-1.1.10-py3-none-any.whl", "enum34-1.1.10.tar.gz"),
            None,
        ),
        ("enum34", "1.1.6", ("dev",), ("enum34-1.1.6-py3-none-any.whl",), None),
    ]
    assert lock.packages[0].dependencies == (LockedDep("asgiref", ">=3.3.2,<4"), LockedDep("pytz"))
    assert lock.packages[0].loc.text() == '"Django"'
    assert position(lock, lock.packages[2].loc.start) == (23, 8)


POETRY_MARKERS = """\
[[package]]
name = "colorama"
version = "0.4.6"
python-versions = "*"
groups = ["main", "dev"]
markers = {main = "sys_platform == \\"win32\\"", dev = "platform_system == \\"Windows\\""}
files = []

[[package]]
name = "pywin32"
version = "306"
python-versions = "*"
groups = ["main", "dev"]
markers = {main = "sys_platform == \\"win32\\""}
files = []

[[package]]
name = "tomli"
version = "2.0.1"
python-versions = ">=3.7"
groups = ["dev"]
markers = {dev = "python_version < \\"3.11\\""}
files = []

[metadata]
lock-version = "2.1"
python-versions = ">=3.9"
content-hash = "abc"
"""


@pytest.mark.parametrize(
    ("name", "marker"),
    (
        pytest.param(
            "colorama",
            '(sys_platform == "win32") or (platform_system == "Windows")',
            id="a marker per group installs when any group's marker holds",
        ),
        pytest.param(
            "pywin32", None, id="a group without a marker makes the package unconditional"
        ),
        pytest.param(
            "tomli", 'python_version < "3.11"', id="one group with a marker is that marker"
        ),
    ),
)
def test_poetry_markers_keyed_by_group(name: str, marker: str | None) -> None:
    lock, findings = read_text("poetry.lock", POETRY_MARKERS)
    assert findings == []
    assert lock is not None
    assert package(lock, name).marker == marker


POETRY_DEPENDENCIES = """\
[[package]]
name = "demo"
version = "1.0"
python-versions = ">=2.7,<2.8 || >=3.4"

[package.dependencies]
plain = "^1.2"
table = {version = ">=2", markers = "os_name == 'nt'", extras = ["socks"]}
several = [
    {version = "<2", python = "<3.8"},
    {version = ">=2", python = ">=3.8"},
]
from-git = {git = "https://github.com/o/r.git", rev = "abc"}
only-for-extra = {version = "*", optional = true}

[package.extras]
all = ["only-for-extra (>=1)"]
fast = ["only-for-extra"]
"""


def test_poetry_dependencies_in_every_form() -> None:
    lock, findings = read_text("poetry.lock", POETRY_DEPENDENCIES)
    assert findings == []
    assert lock is not None
    (demo,) = lock.packages
    assert demo.requires_python == ">=2.7"  # the smallest range holding both alternatives
    assert demo.dependencies == (
        LockedDep("plain", ">=1.2,<2.0"),
        LockedDep("table", ">=2", "os_name == 'nt'", ("socks",)),
        LockedDep("several", "<2", 'python_version < "3.8"'),
        LockedDep("several", ">=2", 'python_version >= "3.8"'),
        LockedDep("from-git"),
        LockedDep("only-for-extra", "", '(extra == "all" or extra == "fast")'),
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    (
        pytest.param(
            "poetry.lock",
            '[[package]]\nname = "six"\nversion = "1.0"\n\n[[package]\nname = "x"\n',
            (5, 10, "Expected ']]' at the end of an array declaration"),
            id="poetry header missing a bracket",
        ),
        pytest.param(
            "uv.lock",
            'version = 1\n[[package]]\nname = "six"\nversion = "1.0\n',
            (4, 15, "Illegal character '\\n'"),
            id="uv unterminated string",
        ),
        pytest.param(
            "pdm.lock",
            '[metadata]\ngroups = ["default"\n',
            (3, 1, "Unclosed array"),
            id="pdm truncated array",
        ),
        pytest.param(
            "pylock.toml",
            'lock-version = "1.0"\nlock-version = "1.0"\n',
            (2, 21, "Cannot overwrite a value"),
            id="pylock duplicate key",
        ),
    ),
)
def test_broken_toml_is_one_finding_at_the_error(
    name: str, text: str, expected: tuple[int, int, str]
) -> None:
    lock, findings = read_text(name, text)
    assert lock is None
    assert [(f.code, f.line, f.column, f.message) for f in findings] == [("REQ001", *expected)]


POETRY_WRONG_TYPES = """\
[[package]]
name = "six"
version = 1
python-versions = "*"

[[package]]
name = 3

[[package]]
name = "idna"
version = "3.4"
python-versions = ">=3.5 ||| x"
optional = "no"
groups = ["main", 2]
files = [{file = "idna-3.4.tar.gz", hash = "sha256:x"}, {hash = "sha256:y"}, 3]

[package.dependencies]
bad = {version = "^^1"}
good = ">=1"

[[package]]
version = "1.0"

[metadata]
lock-version = "3.0"
python-versions = ["3.8"]
"""


def test_poetry_wrong_types_are_findings_and_the_rest_is_read() -> None:
    lock, findings = read_text("poetry.lock", POETRY_WRONG_TYPES)
    assert lock is not None
    assert [where(f) for f in findings] == [
        (25, 16, "Expected lock-version 1.x or 2.x (what Poetry reads), got '3.0'"),
        (26, 19, "Expected a string for 'python-versions' in [metadata], got an array"),
        (3, 11, "Expected a string for 'version' of package 'six', got an integer"),
        (7, 8, "Expected a string for 'name' of package #2, got an integer"),
        (12, 19, "Expected a version constraint after '||' in '>=3.5 ||| x'"),
        (14, 19, "Expected strings in 'groups' of package 'idna', got an integer"),
        (15, 57, "Expected a string for 'file' in 'files' of package 'idna', but it is missing"),
        (15, 78, "Expected a {file, hash} table in 'files' of package 'idna', got an integer"),
        (18, 18, "Expected a PEP 440 version, got '^1' in '^^1'"),
        (13, 12, "Expected true or false for 'optional' of package 'idna', got a string"),
        (21, 1, "Expected a string for 'name' of package #4, but it is missing"),
    ]
    assert [(p.name, p.version, p.groups, p.files) for p in lock.packages] == [
        ("six", None, (), ()),
        ("idna", "3.4", ("main",), ("idna-3.4.tar.gz",)),
    ]
    assert lock.packages[1].dependencies == (LockedDep("bad"), LockedDep("good", ">=1"))
    assert {f.code for f in findings} == {"REQ001"}


# --- uv edge cases ----------------------------------------------------------------------

UV_FILES = """\
version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "Local_Pkg"
source = { directory = "../local" }

[[package]]
name = "a"
version = "1"
source = { registry = "https://example.org/simple" }
sdist = { url = "https://example.org/files/a%2Bb-1.tar.gz?x=1#frag" }
wheels = [
    { path = "dist/a-1-py3-none-any.whl" },
    { filename = "a-1-py2-none-any.whl" },
    { url = 3 },
    {},
]

[package.optional-dependencies]
fast = [{ name = "Local_Pkg", marker = "sys_platform == 'linux' or sys_platform == 'darwin'" }]
"""


def test_uv_files_sources_and_extras() -> None:
    lock, findings = read_text("uv.lock", UV_FILES)
    assert lock is not None
    local, a = lock.packages
    assert (local.name, local.version, local.source, local.version_loc) == (
        "local-pkg",
        None,
        "directory",
        None,
    )
    assert a.files == ("a+b-1.tar.gz", "a-1-py3-none-any.whl", "a-1-py2-none-any.whl")
    assert a.dependencies == (
        LockedDep(
            "local-pkg",
            "",
            "(sys_platform == 'linux' or sys_platform == 'darwin') and extra == \"fast\"",
        ),
    )
    assert [where(f) for f in findings] == [
        (17, 13, "Expected a string for 'url' in 'wheels' of package 'a', got an integer"),
        (18, 5, "Expected 'url', 'path' or 'filename' in 'wheels' of package 'a'"),
    ]


UV_WRONG = """\
version = 2
requires-python = 3.9

[[package]]
name = "good"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "missing-version-ok" }, { marker = "x" }, "nope"]

[[package]]
name = ["bad"]

[[package]]
name = "weird"
source = { unknown = "x" }
resolution-markers = "python_version < '3.10'"
"""


def test_uv_wrong_types_are_findings_and_the_rest_is_read() -> None:
    lock, findings = read_text("uv.lock", UV_WRONG)
    assert lock is not None
    assert [where(f) for f in findings] == [
        (1, 11, "Expected lock version 1 (what uv reads), got 2"),
        (2, 19, "Expected a string for 'requires-python', got a float"),
        (
            8,
            50,
            "Expected a string for 'name' in 'dependencies' of package 'good', but it is missing",
        ),
        (8, 68, "Expected a table in 'dependencies' of package 'good', got a string"),
        (11, 8, "Expected a string for 'name' of package #2, got an array"),
        (
            15,
            10,
            "Expected one of registry, git, url, path, directory, editable, virtual in 'source' of package 'weird'",
        ),
        (16, 22, "Expected an array for 'resolution-markers' of package 'weird', got a string"),
    ]
    assert [(p.name, p.version, p.dependencies) for p in lock.packages] == [
        ("good", "1.0", (LockedDep("missing-version-ok"),)),
        ("weird", None, ()),
    ]


def test_uv_lock_without_version_key() -> None:
    _, findings = read_text("uv.lock", '[[package]]\nname = "a"\n')
    assert [where(f) for f in findings] == [
        (1, 1, "Expected 'version = 1' at the top of the uv lock file")
    ]


def test_uv_groups_follow_extras_requested_on_edges() -> None:
    text = textwrap.dedent(
        """\
        version = 1
        requires-python = ">=3.12"

        [[package]]
        name = "app"
        version = "0.1"
        source = { virtual = "." }
        dependencies = [{ name = "requests", extra = ["socks"] }]

        [package.dev-dependencies]
        test = [{ name = "pytest" }]

        [[package]]
        name = "requests"
        version = "2.32"
        source = { registry = "https://pypi.org/simple" }

        [package.optional-dependencies]
        socks = [{ name = "pysocks" }]
        other = [{ name = "never" }]

        [[package]]
        name = "pysocks"
        version = "1.7"
        source = { registry = "https://pypi.org/simple" }

        [[package]]
        name = "never"
        version = "1.0"
        source = { registry = "https://pypi.org/simple" }

        [[package]]
        name = "pytest"
        version = "8.0"
        source = { registry = "https://pypi.org/simple" }
        dependencies = [{ name = "pysocks" }]
        """
    )
    lock, findings = read_text("uv.lock", text)
    assert findings == []
    assert lock is not None
    assert {p.name: p.groups for p in lock.packages} == {
        "app": ("main",),
        "requests": ("main",),
        "pysocks": ("main", "test"),
        "never": (),
        "pytest": ("test",),
    }
    assert package(lock, "app").dependencies == (
        LockedDep("requests", extras=("socks",)),
        LockedDep("pytest"),
    )


# --- pdm edge cases ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requirement", "expected"),
    (
        pytest.param("six>=1.6", LockedDep("six", ">=1.6"), id="plain specifier"),
        pytest.param(
            "Typing_Extensions >= 4.6.0 , < 5",
            LockedDep("typing-extensions", ">=4.6.0,<5"),
            id="spaces dropped and name normalised",
        ),
        pytest.param("pytest (>=6)", LockedDep("pytest", ">=6"), id="parenthesised specifier"),
        pytest.param(
            'requests[socks, security]>=2; python_version < "3.11"',
            LockedDep("requests", ">=2", 'python_version < "3.11"', ("socks", "security")),
            id="extras and marker",
        ),
        pytest.param(
            "demo @ file:///tmp/demo-1.0.tar.gz ; sys_platform == 'linux'",
            LockedDep("demo", "", "sys_platform == 'linux'"),
            id="direct reference with a marker",
        ),
        pytest.param(
            "demo @ git+https://x/y.git@v1;",
            LockedDep("demo"),
            id="a semicolon glued to a URL is part of it",
        ),
        pytest.param(
            "===", "Expected package name at the start of dependency specifier: '==='", id="no name"
        ),
    ),
)
def test_parse_requirement(requirement: str, expected: LockedDep | str) -> None:
    got = locks.parse_requirement(requirement)
    if isinstance(expected, str):
        assert isinstance(got, str)
        assert got.startswith(expected.split(":")[0])
    else:
        assert got == expected


PDM_WRONG = """\
# This file is @generated by PDM.
[metadata]
groups = ["default"]
lock_version = "4.5.0"
content_hash = "sha256:x"
requires_python = ">=3.10"

[[package]]
name = "good"
version = "1.0"
requires_python = 3
dependencies = ["six>=1", "not a requirement!"]
files = [{url = "https://example.org/good-1.0-py3-none-any.whl#sha256=x", hash = "sha256:x"}, {hash = "x"}]

[[package]]
name = "local"
version = "0.1"
path = "./packages/local"
editable = true

[[package]]
name = "vcs"
version = "0.2"
git = "https://github.com/o/vcs.git"
revision = "abc"
"""


def test_pdm_wrong_types_and_sources() -> None:
    lock, findings = read_text("pdm.lock", PDM_WRONG)
    assert lock is not None
    assert lock.requires_python == ">=3.10"
    assert [f.line for f in findings] == [12, 11, 13]
    assert findings[0].message.startswith("Expected ")
    assert where(findings[1]) == (
        11,
        19,
        "Expected a string for 'requires_python' of package 'good', got an integer",
    )
    assert where(findings[2]) == (13, 95, "Expected 'file' or 'url' in 'files' of package 'good'")
    good, local, vcs = lock.packages
    assert (good.requires_python, good.dependencies, good.files) == (
        None,
        (LockedDep("six", ">=1"),),
        ("good-1.0-py3-none-any.whl",),
    )
    assert (local.source, vcs.source) == ("editable", "git")


# --- Pipfile.lock edge cases ------------------------------------------------------------

PIPFILE_TRUNCATED = '{\n    "_meta": {},\n    "default": {\n        "six": {\n            "version": "==1.0"\n        },\n        "idna": {\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    (
        pytest.param(
            PIPFILE_TRUNCATED,
            (8, 1, "Expected property name enclosed in double quotes"),
            id="truncated inside a package",
        ),
        pytest.param(
            '{"default": {"six": {"version": "==1.0"}',
            (1, 41, "Expected ',' delimiter"),
            id="truncated after a package",
        ),
        pytest.param(
            '{"default": {"six": {"version": "==1.0}}}',
            (1, 33, "Expected a closing quote for the string that starts here"),
            id="unterminated string",
        ),
        pytest.param("", (1, 1, "Expected a JSON value"), id="empty file"),
        pytest.param(
            '{"default": {}} x',
            (1, 17, "Expected the end of the document, got more data"),
            id="trailing data",
        ),
        pytest.param('{"default" {}}', (1, 12, "Expected ':' delimiter"), id="missing colon"),
    ),
)
def test_broken_json_is_one_finding_at_the_error(text: str, expected: tuple[int, int, str]) -> None:
    lock, findings = read_text("Pipfile.lock", text)
    assert lock is None
    assert [(f.code, f.line, f.column, f.message) for f in findings] == [("REQ001", *expected)]


def test_pipfile_wrong_types_and_custom_categories() -> None:
    text = (
        '{"_meta": {"requires": {"python_full_version": "3.11.4"}},\n'
        ' "default": {"six": {"version": 1}, "Idna": {"version": "==3.4", "markers": 3}, "x": []},\n'
        ' "develop": [],\n'
        ' "docs": {"Sphinx": {"version": "==7.0", "index": "pypi"}, "req": {"git": "https://x", "ref": "abc"}}}'
    )
    lock, findings = read_text("Pipfile.lock", text)
    assert lock is not None
    assert lock.requires_python == "==3.11.4"
    assert [where(f) for f in findings] == [
        (2, 33, "Expected a string for 'version' of package 'six' in 'default', got an integer"),
        (2, 77, "Expected a string for 'markers' of package 'Idna' in 'default', got an integer"),
        (2, 86, "Expected an object of package 'x' in 'default', got an array"),
        (3, 13, "Expected an object of packages for category 'develop', got an array"),
    ]
    assert [(p.name, p.version, p.groups, p.source) for p in lock.packages] == [
        ("six", None, ("default",), "registry"),
        ("idna", "3.4", ("default",), "registry"),
        ("sphinx", "7.0", ("docs",), "registry"),
        ("req", None, ("docs",), "git"),
    ]
    sphinx = lock.packages[2]
    assert sphinx.loc.text() == '"Sphinx"'
    assert position(lock, sphinx.loc.start) == (4, 11)
    assert sphinx.version_loc is not None and sphinx.version_loc.text() == '"==7.0"'


def test_pipfile_duplicate_keys_keep_the_last_like_json() -> None:
    text = '{"default": {"six": {"version": "==1.0"}, "six": {"version": "==2.0"}}}'
    lock, findings = read_text("Pipfile.lock", text)
    assert findings == [] and lock is not None
    assert [(p.name, p.version, p.loc.start) for p in lock.packages] == [("six", "2.0", 42)]


# --- pylock edge cases ------------------------------------------------------------------

PYLOCK_WRONG = """\
lock-version = "2.0"

[[packages]]
name = "Foo"

[[packages]]
name = "bar"
version = "1"
requires-python = ">=3.9"
vcs = { type = "git", url = "https://x/bar.git", commit-id = "abc" }
wheels = [{ url = "https://x/bar-1-py3-none-any.whl", hashes = {} }]
dependencies = [{ name = "Foo" }, { version = "1" }]

[[packages]]
name = "baz"
archive = { url = "https://x/baz-2.0.tar.gz", hashes = { sha256 = "x" } }
"""


def test_pylock_shape_is_validated_like_packaging() -> None:
    lock, findings = read_text("pylock.dev.toml", PYLOCK_WRONG)
    assert lock is not None
    assert [where(f) for f in findings] == [
        (1, 16, "Expected lock-version 1.x (PEP 751), got '2.0'"),
        (1, 1, "Expected a 'created-by' key naming the tool"),
        (4, 8, "Expected a normalized name ('foo'), got 'Foo'"),
        (
            4,
            8,
            "Expected exactly one of 'vcs', 'directory', 'archive', or an 'sdist' or 'wheels' of package 'Foo'",
        ),
        (11, 64, "Expected at least one hash in 'hashes' in 'wheels' of package 'bar'"),
        (10, 7, "Expected no 'vcs' next to 'sdist' or 'wheels' of package 'bar'"),
        (
            12,
            35,
            "Expected a string for 'name' in 'dependencies' of package 'bar', but it is missing",
        ),
    ]
    assert [
        (p.name, p.version, p.requires_python, p.files, p.source, p.dependencies)
        for p in lock.packages
    ] == [
        ("foo", None, None, (), None, ()),
        ("bar", "1", ">=3.9", ("bar-1-py3-none-any.whl",), "registry", (LockedDep("foo"),)),
        ("baz", None, None, ("baz-2.0.tar.gz",), "url", ()),
    ]


# --- positions when the fast path cannot be trusted -----------------------------------------


def test_positions_fall_back_to_the_index_for_escapes_and_odd_headers() -> None:
    text = textwrap.dedent(
        '''\
        [[package]]
        description = """
        [[package]]
        name = "decoy"
        """
        name = "caf\\u00e9"
        version = '1.0'

        [[ "package" ]]
        # a comment first
        "name" = "b"
        version = "2.0"
        '''
    )
    lock, findings = read_text("pdm.lock", text)
    assert findings == [] and lock is not None
    first, second = lock.packages
    assert (first.name, position(lock, first.loc.start), first.loc.text()) == (
        "café",
        (6, 8),
        '"caf\\u00e9"',
    )
    assert first.version_loc is not None and first.version_loc.text() == "'1.0'"
    assert (position(lock, second.loc.start), second.loc.text()) == ((11, 10), '"b"')


def test_crlf_positions() -> None:
    text = '[[package]]\r\nname = "a"\r\nversion = "1"\r\n\r\n[[package]]\r\nname = "b"\r\nversion = "2"\r\n'
    lock, _ = read_text("pdm.lock", text)
    assert lock is not None
    assert [(position(lock, p.loc.start), p.loc.text()) for p in lock.packages] == [
        ((2, 8), '"a"'),
        ((6, 8), '"b"'),
    ]


# --- import cost ------------------------------------------------------------------------


def test_reading_regular_locks_imports_no_packaging() -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from reqhooks._text import read_document
        from reqhooks.readers import locks
        for rel in {[SAMPLES[k] for k in ("uv-project", "pdm", "pipenv", "pylock-uv")]!r}:
            path = Path({str(LOCKS)!r}) / rel
            lock, findings = locks.read(read_document(path), locks.kind_for(path))
            assert lock.packages and not findings
        loaded = sorted(m for m in sys.modules if m.split(".")[0] == "packaging")
        assert not loaded, loaded
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)


# --- speed ------------------------------------------------------------------------------
#
# CPU time for 3,000 synthetic packages, measured on the development machine (Python 3.11.7,
# 2 cores shared with other jobs, load ~8): "parse" is tomllib (through _toml.load) or
# json.loads alone, "reader" is everything else read() does, positions included.
#
#   format        size     parse     reader
#   poetry.lock   1.7 MB   245 ms    41 ms
#   uv.lock       2.5 MB   341 ms    54 ms
#   pdm.lock      1.5 MB   215 ms    57 ms
#   pylock.toml   1.6 MB   204 ms    34 ms
#   Pipfile.lock  1.1 MB     4 ms    30 ms  (the position-tracking walk, instead of json.loads)
#
# tomllib is pure Python and dominates: a 3,000-package TOML lock cannot be read in under
# 100 ms while it parses the file.  The reader's own work is linear and held here to 100 ms
# (about twice what it takes on a loaded machine).

N = 3000
_HASH = "sha256:" + "0" * 64


def _uv_lock(n: int) -> str:
    out = ['version = 1\nrevision = 5\nrequires-python = ">=3.9"\n']
    out.append(
        '\n[[package]]\nname = "root"\nversion = "0.1.0"\nsource = { editable = "." }\n'
        'dependencies = [{ name = "pkg-0000" }]\n'
    )
    for i in range(n):
        file = f"pkg_{i:04d}-1.{i}.0"
        out.append(
            f'\n[[package]]\nname = "pkg-{i:04d}"\nversion = "1.{i}.0"\n'
            'source = { registry = "https://pypi.org/simple" }\n'
            f'dependencies = [\n    {{ name = "pkg-{(i + 1) % n:04d}" }},\n'
            f'    {{ name = "pkg-{(i + 7) % n:04d}", marker = "python_full_version < \'3.11\'" }},\n]\n'
            f'sdist = {{ url = "https://files.pythonhosted.org/packages/ab/cd/{file}.tar.gz", hash = "{_HASH}", size = 27697 }}\n'
            f'wheels = [\n    {{ url = "https://files.pythonhosted.org/packages/ab/cd/{file}-py3-none-any.whl", hash = "{_HASH}", size = 25335 }},\n'
            f'    {{ url = "https://files.pythonhosted.org/packages/ab/cd/{file}-cp312-cp312-manylinux_2_17_x86_64.whl", hash = "{_HASH}", size = 25335 }},\n]\n'
        )
    return "".join(out)


def _poetry_lock(n: int) -> str:
    out = [
        "# This file is automatically @generated by Poetry 2.1.3 and should not be changed by hand.\n"
    ]
    for i in range(n):
        file = f"pkg_{i:04d}-1.{i}.0"
        out.append(
            f'\n[[package]]\nname = "pkg-{i:04d}"\nversion = "1.{i}.0"\ndescription = "Package {i}"\n'
            f'optional = false\npython-versions = ">={3 + i % 3}.{i % 12}"\ngroups = ["main"]\n'
            f'markers = "python_version < \\"3.13\\""\nfiles = [\n'
            f'    {{file = "{file}-py3-none-any.whl", hash = "{_HASH}"}},\n'
            f'    {{file = "{file}.tar.gz", hash = "{_HASH}"}},\n]\n\n[package.dependencies]\n'
            f'pkg-{(i + 1) % n:04d} = ">=1.0"\n'
            f'pkg-{(i + 7) % n:04d} = {{version = "^1.{i % 10}", markers = "python_version < \\"3.11\\""}}\n'
        )
    out.append('\n[metadata]\nlock-version = "2.1"\npython-versions = "^3.9"\ncontent-hash = "x"\n')
    return "".join(out)


def _pdm_lock(n: int) -> str:
    header = (
        '# This file is @generated by PDM.\n\n[metadata]\ngroups = ["default"]\nlock_version = "4.5.0"\n'
        'content_hash = "sha256:x"\n\n[[metadata.targets]]\nrequires_python = ">=3.9"\n'
    )
    out = [header]
    for i in range(n):
        file = f"pkg_{i:04d}-1.{i}.0"
        out.append(
            f'\n[[package]]\nname = "pkg-{i:04d}"\nversion = "1.{i}.0"\nrequires_python = ">=3.8"\n'
            f'summary = "Package {i}"\ngroups = ["default"]\nmarker = "python_version < \\"3.13\\""\n'
            f'dependencies = [\n    "pkg-{(i + 1) % n:04d}>=1.0",\n    "pkg-{(i + 7) % n:04d}<2; python_version < \\"3.11\\"",\n]\n'
            f'files = [\n    {{file = "{file}-py3-none-any.whl", hash = "{_HASH}"}},\n'
            f'    {{file = "{file}.tar.gz", hash = "{_HASH}"}},\n]\n'
        )
    return "".join(out)


def _pylock(n: int) -> str:
    out = ['lock-version = "1.0"\ncreated-by = "uv"\nrequires-python = ">=3.9"\n']
    for i in range(n):
        file = f"pkg_{i:04d}-1.{i}.0"
        out.append(
            f'\n[[packages]]\nname = "pkg-{i:04d}"\nversion = "1.{i}.0"\nmarker = "python_full_version < \'3.13\'"\n'
            'index = "https://pypi.org/simple"\n'
            f'sdist = {{ url = "https://files.pythonhosted.org/packages/ab/cd/{file}.tar.gz", size = 1, hashes = {{ sha256 = "{_HASH[7:]}" }} }}\n'
            f'wheels = [{{ url = "https://files.pythonhosted.org/packages/ab/cd/{file}-py3-none-any.whl", size = 1, hashes = {{ sha256 = "{_HASH[7:]}" }} }}]\n'
        )
    return "".join(out)


def _pipfile_lock(n: int) -> str:
    import json

    packages = {
        f"pkg-{i:04d}": {
            "hashes": [_HASH, _HASH],
            "index": "pypi",
            "markers": "python_version >= '3.9'",
            "version": f"==1.{i}.0",
        }
        for i in range(n)
    }
    data = {
        "_meta": {
            "hash": {"sha256": "x"},
            "pipfile-spec": 6,
            "requires": {"python_version": "3.11"},
            "sources": [],
        },
        "default": packages,
        "develop": {},
    }
    return json.dumps(data, indent=4, sort_keys=True) + "\n"


@pytest.mark.parametrize(
    ("name", "generate"),
    (
        pytest.param("poetry.lock", _poetry_lock, id="poetry"),
        pytest.param("uv.lock", _uv_lock, id="uv"),
        pytest.param("pdm.lock", _pdm_lock, id="pdm"),
        pytest.param("pylock.toml", _pylock, id="pylock"),
        pytest.param("Pipfile.lock", _pipfile_lock, id="pipenv"),
    ),
)
def test_reading_3000_packages_is_fast_and_exact(
    name: str, generate: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc
    import json

    from reqhooks import _toml

    text = generate(N)
    is_json = name == "Pipfile.lock"
    parse = json.loads if is_json else _toml.load
    parsed = [parse(text)]
    if not is_json:
        # Time the reader's own work: hand it the data just parsed, as _toml.load would.
        monkeypatch.setattr(_toml, "load", lambda _text: parsed[0])
    read_text(name, text)  # warm up imports and caches
    parse_times, read_times = [], []
    # The collector paused, as a run pauses it (engine.run): otherwise the timings depend on
    # how many objects earlier tests left in this process, which full collections walk.
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            # CPU time: wall time on a busy CI machine says more about the neighbours.
            start = time.process_time()
            parsed[0] = parse(text)
            parse_times.append(time.process_time() - start)
            start = time.process_time()
            lock, findings = read_text(name, text)
            read_times.append(time.process_time() - start)
    finally:
        gc.enable()
    parse_ms, read_ms = min(parse_times) * 1000, min(read_times) * 1000
    reader_ms = read_ms - parse_ms if is_json else read_ms  # the JSON walk replaces json.loads
    print(f"{name}: {len(text) / 1e6:.1f} MB, parse {parse_ms:.0f} ms, reader {reader_ms:.0f} ms")
    assert lock is not None and findings == []
    # The reader's own work costs less than parsing the text (measured in the same run, so a
    # busy machine slows both), with a floor for the JSON format whose parse is C-fast.
    assert reader_ms < max(parse_ms, 150)
    packages = [p for p in lock.packages if p.name.startswith("pkg-")]
    assert len(packages) == N
    for i in (0, 1234, N - 1):
        p = packages[i]
        assert (p.name, p.version) == (f"pkg-{i:04d}", f"1.{i}.0")
        assert p.loc.text() == f'"pkg-{i:04d}"'
        assert p.version_loc is not None and p.version_loc.text().strip('"=') == f"1.{i}.0"
    if name not in ("Pipfile.lock", "pylock.toml"):
        assert packages[1234].dependencies[0].name == "pkg-1235"
    if name != "Pipfile.lock":
        assert packages[1234].files[0].startswith("pkg_1234-1.1234.0")


# --- no input raises ----------------------------------------------------------------------

WRONG_VALUES: tuple[object, ...] = (3, "x", [], {}, [3], {"a": 3}, True)


def _paths(value: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_paths(item, path + (key,)))
    elif isinstance(value, list):
        for i, item in enumerate(value[:2]):
            out.extend(_paths(item, path + (i,)))
    return out


def _replaced(data: Any, path: tuple[Any, ...], value: object) -> Any:
    if not path:
        return value
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _replaced(copy[path[0]], path[1:], value)
    return copy


@pytest.mark.parametrize(
    "key", ["poetry-1.8", "poetry-2", "uv-project", "uv-virtual", "pdm", "pipenv", "pylock-uv"]
)
def test_any_value_of_the_wrong_type_is_a_finding_not_an_exception(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from reqhooks import _toml

    lock, _ = sample(key)
    original, text, path = lock.data, lock.doc.text, lock.doc.path
    for where_ in _paths(original):
        for value in WRONG_VALUES:
            data = _replaced(original, where_, value)
            if lock.kind == "pipfile":
                text = json.dumps(data)
            else:
                monkeypatch.setattr(_toml, "load", lambda _text, data=data: data)
            got, findings = locks.read(Document(path, text), lock.kind)
            assert got is not None
            assert {f.code for f in findings} <= {"REQ001"}
            assert all(f.message.startswith("Expected") for f in findings)


def test_poetry_reports_every_occurrence_of_a_bad_dependency_constraint() -> None:
    """A ``name = "constraint"`` edge is read without a path per edge, and a good constraint
    is converted once; a bad one is reported wherever it is written."""
    text = textwrap.dedent(
        """\
        [[package]]
        name = "a"
        version = "1.0"
        python-versions = "*"
        files = []

        [package.dependencies]
        b = ">=1,<"
        c = ">=2"
        d = ">=1,<"

        [[package]]
        name = "b"
        version = "1.0"
        python-versions = "*"
        files = []

        [package.dependencies]
        d = ">=1,<"
        c = ">=2"

        [metadata]
        lock-version = "2.1"
        python-versions = "^3.9"
        content-hash = "x"
        """
    )
    lock, findings = read_text("poetry.lock", text)
    assert lock is not None
    assert [(f.line, f.column, f.message) for f in findings] == [
        (8, 5, "Expected a version after '<'"),
        (10, 5, "Expected a version after '<'"),
        (19, 5, "Expected a version after '<'"),
    ]
    assert [(d.name, d.specifier) for p in lock.packages for d in p.dependencies] == [
        ("b", ""), ("c", ">=2"), ("d", ""), ("d", ""), ("c", ">=2"),
    ]  # fmt: skip
