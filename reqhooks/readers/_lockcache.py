"""An on-disk cache of read lock files: the parsed TOML and the model the reader built.

The parse cache (:mod:`reqhooks._parsecache`) saves parsing a lock again; reading it into
the model (packages, dependency edges, groups, positions) still cost as much again, 45 ms
of a 3,000-package poetry.lock.  A lock changes far less often than reqhooks runs on it,
so the model is kept too: each package as a tuple of its fields (positions as offsets,
dependency edges as indexes into one table of distinct edges), rebuilt in a fraction of
the reader's time.

The document kept beside the model (``LockFile.data``) leaves out each package's file
lists (:data:`FILE_KEYS`), which only the readers read: most of a large lock's objects.
Locks read by their reader leave them out too, so that a lock is the same either way.

What is kept is a function of the file's bytes alone (readers see nothing else), and the
entry is found by those bytes' BLAKE2b digest, salted with this format, reqhooks' version,
the Python version and the size and time of the reader's source files: a reader that
changes, in a new release or in a checkout, never meets an entry its predecessor wrote.
Only reads without findings are kept (a finding points into the reader's own state, and a
lock with problems is rare and worth reading again); everything
else is as in :mod:`reqhooks._parsecache`: same directory (``model-<FORMAT>``), whole
entries or none, a damaged entry ignored, ``REQHOOKS_NO_CACHE=1`` turns it off, and
tests/test_lockcache.py holds the rebuilt model equal to the reader's, field by field.
"""

from __future__ import annotations

import sys

from reqhooks.model import Loc, LockedDep, LockedPackage, LockFile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, Final

    from reqhooks._text import Document

__all__ = ["FILE_KEYS", "KINDS", "load", "store", "without_files"]

FORMAT: Final = 3  # 2: data without the packages' file lists; 3: BLAKE2b checksums
KINDS: Final = frozenset(("uv", "poetry", "pdm"))  # the TOML locks with packages to rebuild
_MAGIC: Final = b"reqhooks-lock\x00"
#: The keys of a ``[[package]]`` that list its files (URLs, hashes, sizes, upload times):
#: most of a large lock, and read by the readers alone, which keep the file names in
#: ``LockedPackage.files``.  ``LockFile.data`` leaves them out, read or rebuilt alike.
FILE_KEYS: Final = {"uv": ("wheels", "sdist"), "poetry": ("files",), "pdm": ("files",)}


def without_files(data: Any, kind: str) -> Any:
    """``data`` with each package's file lists left out (:data:`FILE_KEYS`); the packages
    are copied, never changed (a caller may hold the parsed document)."""
    drop = FILE_KEYS.get(kind, ())
    packages = data.get("package") if drop and isinstance(data, dict) else None
    if not isinstance(packages, list):
        return data
    slim = []
    for package in packages:
        if isinstance(package, dict) and any(key in package for key in drop):
            package = {key: value for key, value in package.items() if key not in drop}
        slim.append(package)
    return {**data, "package": slim}


#: The modules whose code decides what a lock of each kind reads into (besides the shared
#: ones in _code_stamp).
_READERS: Final = {
    "uv": ("uv_lock.py",),
    "poetry": ("poetry_lock.py", "_poetry.py"),
    "pdm": ("pdm_lock.py",),
}


def _code_stamp(kind: str) -> str:
    """The size and modification time of the reader's source files: a checkout whose
    reader changed (reqhooks' version did not) never meets a model the old code built."""
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    shared = ("locks.py", "_lockcache.py", "../model.py", "../_names.py", "../_tomlfast.py")
    for name in (*shared, *_READERS.get(kind, ())):
        try:
            st = os.stat(os.path.join(here, name))
        except OSError:  # no source beside the bytecode: the version says it all
            continue
        stamps.append(f"{st.st_size}:{st.st_mtime_ns}")
    return ",".join(stamps)


def _where(doc: Document, kind: str) -> tuple[Path, Path, bytes] | None:
    raw = doc.raw
    from reqhooks import _parsecache

    if raw is None or len(raw) < _parsecache.MIN_BYTES:
        return None  # a small lock is read about as fast as an entry
    models = _parsecache.local_cache(f"model-{FORMAT}")
    content = doc.digest() if models is not None else None
    if models is None or content is None:
        return None
    from reqhooks import __version__
    from reqhooks._hash import blake2b

    salt = f"{FORMAT}|{__version__}|{sys.version}|{kind}|{_code_stamp(kind)}|".encode()
    digest = blake2b(salt + content).digest()
    return models, models / digest.hex(), digest


def load(doc: Document, kind: str) -> LockFile | None:
    """The lock the reader of ``kind`` read from these bytes before, or None."""
    where = _where(doc, kind)
    if where is None:
        return None
    from reqhooks._parsecache import read_entry

    entry = read_entry(where[1], where[2], _MAGIC)
    if entry is None:
        return None
    try:
        return _rebuild(doc, kind, entry)
    except (KeyError, TypeError, ValueError, IndexError):  # not an entry this code wrote
        return None


def store(doc: Document, lock: LockFile) -> None:
    """Keep ``lock`` (read without findings) for the next run on the same bytes."""
    where = _where(doc, lock.kind)
    if where is None:
        return
    from reqhooks._parsecache import write_entry

    write_entry(where[0], where[1], where[2], _entry(lock), _MAGIC)


def _span(loc: Loc | None) -> tuple[int, int] | None:
    return None if loc is None else (loc.start, loc.end)


def _entry(lock: LockFile) -> dict[str, Any]:
    edges: dict[LockedDep, int] = {}
    table: list[tuple[Any, ...]] = []
    rows = []
    for p in lock.packages:
        indexes = []
        for dep in p.dependencies:
            i = edges.get(dep)
            if i is None:
                i = edges[dep] = len(table)
                table.append((dep.name, dep.specifier, dep.marker, dep.extras, dep.group))
            indexes.append(i)
        rows.append(
            (
                p.name,
                p.version,
                (p.loc.start, p.loc.end),
                p.requires_python,
                p.files,
                tuple(indexes),
                p.marker,
                p.groups,
                p.source,
                _span(p.version_loc),
                p.optional,
                p.resolution_markers,
                p.extras,
            )
        )
    return {
        "data": lock.data,
        "edges": table,
        "packages": rows,
        "requires_python": lock.requires_python,
        "requires_python_loc": _span(lock.requires_python_loc),
        "generator": lock.generator,
        "resolution_markers": lock.resolution_markers,
    }


def _rebuild(doc: Document, kind: str, entry: dict[str, Any]) -> LockFile:
    from reqhooks._toml import TomlIndex

    edges = [LockedDep(*edge) for edge in entry["edges"]]
    packages: list[LockedPackage] = []
    append = packages.append
    for (
        name,
        version,
        (start, end),
        requires_python,
        files,
        indexes,
        marker,
        groups,
        source,
        version_span,
        optional,
        resolution_markers,
        extras,
    ) in entry["packages"]:
        append(
            LockedPackage(
                name,
                version,
                Loc(doc, start, end),
                requires_python,
                files,
                tuple([edges[i] for i in indexes]),
                marker,
                groups,
                source,
                None if version_span is None else Loc(doc, *version_span),
                optional,
                resolution_markers,
                extras,
            )
        )
    span = entry["requires_python_loc"]
    return LockFile(
        kind,  # type: ignore[arg-type]
        doc,
        entry["data"],
        packages,
        entry["requires_python"],
        None if span is None else Loc(doc, *span),
        entry["generator"],
        TomlIndex(doc.text),
        entry["resolution_markers"],
    )
