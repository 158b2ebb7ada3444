"""Differential tests: reqhooks reads requirements files exactly as pip's own parser does.

For every file of ``fixtures/pip-corpus`` (the numbered ones; the others are reached through
``-r``/``-c``), the requirements pip yields (``parse_requirements`` +
``install_req_from_parsed_requirement``, following includes itself) must equal what reqhooks
reads, following the includes its reader records.  Nothing here touches the network.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import pytest

from reqhooks._text import read_document
from reqhooks.model import Include
from reqhooks.readers import requirements as reader

CORPUS = Path(__file__).parent / "fixtures" / "pip-corpus"
FILES = sorted(p.name for p in CORPUS.glob("[0-9][0-9]-*.txt"))

Row = tuple[str, str, "str | None", tuple[str, ...], "str | None", bool, tuple[str, ...], bool]

ENV = {"VER": "1.2.3", "HOST": "files.example.com", "SUBDIR": "sub"}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    # pip resolves local paths against the working directory; no config, no network.
    monkeypatch.chdir(CORPUS)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_NO_INPUT", "1")
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("UNSET_VARIABLE", raising=False)


def _normal_spec(spec: str) -> str:
    from packaging.specifiers import SpecifierSet

    return str(SpecifierSet(spec))


def _normal_marker(marker: str | None) -> str | None:
    from packaging.markers import Marker

    return None if marker is None else str(Marker(marker))


def _canonical(name: str | None) -> str:
    from packaging.utils import canonicalize_name

    return canonicalize_name(name) if name else ""


def pip_rows(name: str) -> list[Row]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pip._internal.network.session import PipSession
        from pip._internal.req.constructors import install_req_from_parsed_requirement
        from pip._internal.req.req_file import parse_requirements

        session = PipSession()
        rows: list[Row] = []
        for parsed in parse_requirements(str(CORPUS / name), session=session):
            ireq: Any = install_req_from_parsed_requirement(parsed)
            hashes = tuple(
                sorted(f"{algo}:{d}" for algo, ds in (ireq.hash_options or {}).items() for d in ds)
            )
            rows.append(
                (
                    _canonical(ireq.name),
                    str(ireq.req.specifier) if ireq.req is not None else "",
                    str(ireq.markers) if ireq.markers else None,
                    tuple(sorted(_canonical(e) for e in ireq.extras)),
                    ireq.link.url if ireq.link else None,
                    bool(ireq.editable),
                    hashes,
                    bool(ireq.constraint),
                )
            )
        session.close()
    return rows


def _url(url: str | None) -> str | None:
    """pip turns local paths (relative to the working directory) into file: URLs."""
    if url is None or "://" in url or url.startswith("file:"):
        return url
    from pip._internal.utils.urls import path_to_url

    return path_to_url(os.path.normpath(os.path.abspath(url)))


def reqhooks_rows(path: Path, constraint: bool = False) -> list[Row]:
    rf, findings = reader.read(read_document(path), constraints=constraint)
    assert [f.message for f in findings] == []
    items: list[tuple[int, Any]] = [(r.loc.start, r) for r in rf.requirements]
    items += [(i.loc.start, i) for i in rf.includes]
    rows: list[Row] = []
    for _, item in sorted(items, key=lambda pair: pair[0]):
        if isinstance(item, Include):
            assert item.path is not None
            rows += reqhooks_rows(item.path, item.constraint)
            continue
        rows.append(
            (
                item.name,
                _normal_spec(item.specifier),
                _normal_marker(item.marker),
                tuple(sorted(item.extras)),
                _url(item.url),
                item.editable,
                tuple(sorted(item.hashes)),
                item.kind == "constraints",
            )
        )
    return rows


@pytest.mark.parametrize("name", FILES)
def test_reads_like_pip(name: str) -> None:
    assert reqhooks_rows(CORPUS / name) == pip_rows(name)


def test_corpus_is_big_enough() -> None:
    assert len(FILES) >= 30
