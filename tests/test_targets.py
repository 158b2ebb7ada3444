"""Target selection: explicit, deployment pins plus the declared range on supported CPythons."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reqhooks.discovery import discover
from reqhooks.engine import Loader
from reqhooks.settings import Settings
from reqhooks.targets import Targets, compute, minor_in_range
from tests.conftest import write

TODAY = date(2026, 11, 23)  # supported: 3.11-3.15 (3.10 ended on 2026-10-01)


def targets_of(root: Path, files: dict[str, str], settings: Settings | None = None) -> Targets:
    """Read ``files`` as reqhooks does and compute the project's targets."""
    content: dict[str, str | bytes] = dict(files)
    write(root, content)
    settings = settings or Settings(today=TODAY)
    found = discover([root])
    ((project_root, project_files),) = found.projects.items()
    project = Loader(settings).load_project(project_root, project_files)
    return compute(project, settings)


def pythons(targets: Targets) -> list[str]:
    return [f"{a}.{b}" for a, b in targets.pythons]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"requirements.txt": "six\n"},
            ["3.11", "3.12", "3.13", "3.14", "3.15"],
            id="nothing declared",
        ),
        pytest.param(
            {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.12"\n'},
            ["3.12", "3.13", "3.14", "3.15"],
            id="requires-python on supported CPythons",
        ),
        pytest.param(
            {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.9,<3.13"\n'},
            ["3.11", "3.12"],
            id="end-of-life minors of the range are not targets",
        ),
        pytest.param(
            {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.11.4"\n'},
            ["3.11", "3.12", "3.13", "3.14", "3.15"],
            id="a patch lower bound keeps its minor",
        ),
        pytest.param(
            {
                "pyproject.toml": '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "~3.12"\n'
            },
            ["3.12"],
            id="Poetry's python when there is no requires-python",
        ),
        pytest.param(
            {
                "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.13"\n\n'
                '[tool.poetry.dependencies]\npython = "^3.11"\n'
            },
            ["3.13", "3.14", "3.15"],
            id="requires-python wins over Poetry's python",
        ),
        pytest.param(
            {"Pipfile": '[packages]\nsix = "*"\n\n[requires]\npython_version = "3.12"\n'},
            ["3.12"],
            id="the Pipfile's python_version",
        ),
        pytest.param(
            {
                "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.12"\n',
                "Dockerfile": "FROM python:3.10-slim\n",
                ".python-version": "3.13.1\n",
            },
            ["3.10", "3.12", "3.13", "3.14", "3.15"],
            id="deployment pins are added, end-of-life or not",
        ),
        pytest.param(
            {".tool-versions": "python 3.13.1 2.7.18\n", ".python-version": "3.14\n3.9\n"},
            ["3.11", "3.12", "3.13", "3.14", "3.15"],
            id="only the default version of pyenv and asdf files is a pin",
        ),
        pytest.param(
            {
                "pyproject.toml": '[project]\nname = "x"\nrequires-python = "<3.10"\n',
            },
            ["3.8", "3.9"],
            id="a range that excludes every supported CPython targets what it allows",
        ),
        pytest.param(
            {
                "pyproject.toml": '[project]\nname = "x"\nrequires-python = "<3.10"\n',
                "runtime.txt": "python-3.9.20\n",
            },
            ["3.9"],
            id="with a pin, the pin is the target",
        ),
        pytest.param(
            {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.16"\n'},
            ["3.16"],
            id="a range of unreleased Pythons only",
        ),
        pytest.param(
            {
                ".github/workflows/ci.yml": 'jobs:\n  t:\n    steps:\n      - with:\n          python-version: "3.9"\n',
                "pyproject.toml": '[project]\nname = "x"\n',
            },
            ["3.11", "3.12", "3.13", "3.14", "3.15"],
            id="a CI matrix is not a target",
        ),
    ],
)
def test_targets_from_the_files(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    targets = targets_of(tmp_path, files)
    assert pythons(targets) == expected
    assert not targets.explicit
    assert targets.platforms == ("linux-x86_64", "linux-aarch64", "macos-arm64", "windows-amd64")


def test_explicit_targets_win(tmp_path: Path) -> None:
    settings = Settings(
        today=TODAY, target_python=((3, 13), (3, 9)), platforms=("musllinux-x86_64",)
    )
    targets = targets_of(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.12"\n',
            "Dockerfile": "FROM python:3.12\n",
        },
        settings,
    )
    assert pythons(targets) == ["3.9", "3.13"]
    assert targets.explicit
    assert targets.deployment == ((3, 12),)
    assert targets.range == ">=3.12"
    assert list(targets.environments()) == [
        ((3, 9), "musllinux-x86_64"),
        ((3, 13), "musllinux-x86_64"),
    ]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(
            date(2025, 10, 6), ["3.10", "3.11", "3.12", "3.13"], id="the day before 3.14.0"
        ),
        pytest.param(
            date(2025, 10, 7), ["3.10", "3.11", "3.12", "3.13", "3.14"], id="the day of 3.14.0"
        ),
        pytest.param(
            date(2026, 10, 1),
            ["3.11", "3.12", "3.13", "3.14", "3.15"],
            id="3.10 ends as 3.15 arrives",
        ),
        pytest.param(date(2030, 1, 1), ["3.14", "3.15", "3.16"], id="years later"),
    ],
)
def test_the_date_decides_what_is_supported(
    tmp_path: Path, today: date, expected: list[str]
) -> None:
    files = {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.10"\n'}
    assert pythons(targets_of(tmp_path, files, Settings(today=today))) == expected


@pytest.mark.parametrize(
    ("minor", "specifier", "expected"),
    [
        ((3, 10), ">=3.10.4", True),
        ((3, 10), "<3.10", False),
        ((3, 12), "<3.12,>=3.8", False),
        ((3, 11), "<3.12,>=3.8", True),
        ((3, 13), ">=3.13.0rc1", True),
        ((3, 13), "==3.13.*", True),
        ((3, 13), "!=3.13.*", False),
        ((3, 13), "", True),
        ((3, 13), "not a specifier", True),
    ],
)
def test_minor_in_range(minor: tuple[int, int], specifier: str, expected: bool) -> None:
    assert minor_in_range(minor, specifier) is expected


def test_declared_adds_what_the_range_still_allows(tmp_path: Path) -> None:
    files = {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.9,<3.13"\n'}
    targets = targets_of(tmp_path, files)
    assert pythons(targets) == ["3.11", "3.12"]
    assert targets.declared() == ((3, 9), (3, 10), (3, 11), (3, 12))
    explicit = Settings(today=TODAY, target_python=((3, 12),))
    assert targets_of(tmp_path, {}, explicit).declared() == ((3, 12),)


def test_targets_is_a_frozen_record() -> None:
    import copy
    import pickle

    from reqhooks._record import FrozenInstanceError, replace

    t = Targets(((3, 12),), ("linux-x86_64",), False, ((3, 12),), ">=3.9", "x")
    assert t == Targets(((3, 12),), ("linux-x86_64",), False, ((3, 12),), ">=3.9", "x")
    assert hash(t) == hash(copy.copy(t)) and pickle.loads(pickle.dumps(t)) == t
    assert replace(t, explicit=True).explicit is True
    assert repr(t).startswith("Targets(pythons=((3, 12),), platforms=('linux-x86_64',)")
    with pytest.raises(FrozenInstanceError):
        t.range = None
    assert t.declared()[0] == (3, 9) and list(t.environments()) == [((3, 12), "linux-x86_64")]
