"""The on-disk cache of index answers, shared by every reqhooks process of one user.

One JSON file per project page, named by the SHA-256 of the page's URL *without* its
userinfo: credentials are neither part of a file name nor of a file's content.  Writers
write a temporary file next to the entry and ``os.replace`` it, so that a concurrent reader
(pre-commit runs hooks in parallel) sees the old entry or the new one, never half of one;
an entry that does not parse or does not look like one is a miss, and is overwritten by
the next answer.
"""

from __future__ import annotations

import os
from pathlib import Path

from reqhooks._record import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

#: Bump when the entry layout changes: old entries then live in a directory nobody reads.
FORMAT: Final = 1
#: (filename, version, requires_python, yanked, url): a :class:`reqhooks.index.IndexFile`.
FileRow = tuple[str, str | None, str | None, str | None, str]


def cache_dir() -> Path:
    """The user's cache directory for reqhooks (``REQHOOKS_CACHE_DIR`` overrides it)."""
    from reqhooks._parsecache import cache_root

    return cache_root()


_setattr = object.__setattr__


class Entry(Frozen):
    """One cached answer for a project page."""

    __slots__ = (
        "url",  # the page URL, never with userinfo
        "stored",  # when the answer was generated (time.time(), the server's Age deducted)
        "fresh_for",  # seconds it may be used without asking again
        "status",  # 200, or 404 for "no such project on this index"
        "files",  # (filename, version, requires_python, yanked, url)
        "etag",
        "last_modified",
    )

    url: str
    stored: float
    fresh_for: float
    status: int
    files: tuple[FileRow, ...]
    etag: str | None
    last_modified: str | None

    def __init__(
        self,
        url: str,
        stored: float,
        fresh_for: float,
        status: int,
        files: tuple[FileRow, ...],
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        _setattr(self, "url", url)
        _setattr(self, "stored", stored)
        _setattr(self, "fresh_for", fresh_for)
        _setattr(self, "status", status)
        _setattr(self, "files", files)
        _setattr(self, "etag", etag)
        _setattr(self, "last_modified", last_modified)

    def fresh(self, now: float) -> bool:
        return self.stored <= now + 60 and now < self.stored + self.fresh_for

    def revalidated(self, stored: float, fresh_for: float) -> Entry:
        return Entry(
            self.url, stored, fresh_for, self.status, self.files, self.etag, self.last_modified
        )


class Cache:
    """Entries under ``root``; every failure to read is a miss and every failure to write is
    ignored: the cache only ever saves time."""

    def __init__(self, root: Path) -> None:
        self.root = root / f"index-v{FORMAT}"

    def _path(self, url: str) -> Path:
        import hashlib

        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.root / key[:2] / f"{key}.json"

    def get(self, url: str) -> Entry | None:
        import json

        try:
            with open(self._path(url), "rb") as f:
                data = json.loads(f.read())
            return _entry(data, url)
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return None

    def put(self, entry: Entry) -> None:
        import json
        import tempfile

        path = self._path(entry.url)
        payload = {
            "format": FORMAT,
            "url": entry.url,
            "stored": entry.stored,
            "fresh_for": entry.fresh_for,
            "status": entry.status,
            "etag": entry.etag,
            "last_modified": entry.last_modified,
            "files": [list(row) for row in entry.files],
        }
        data = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        try:
            try:
                fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
            except FileNotFoundError:  # the first entry of its directory
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _entry(data: Any, url: str) -> Entry | None:
    """The entry ``data`` describes, if it is a whole, well-formed entry for ``url``."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("url") != url:
        return None
    stored, fresh_for, status = data["stored"], data["fresh_for"], data["status"]
    etag, last_modified, rows = data.get("etag"), data.get("last_modified"), data["files"]
    if not (
        _number(stored)
        and _number(fresh_for)
        and status in (200, 404)
        and _optional_str(etag)
        and _optional_str(last_modified)
        and isinstance(rows, list)
    ):
        return None
    files: list[FileRow] = []
    for row in rows:
        if not (
            isinstance(row, list)
            and len(row) == 5
            and isinstance(row[0], str)
            and isinstance(row[4], str)
            and all(_optional_str(v) for v in row[1:4])
        ):
            return None
        files.append((row[0], row[1], row[2], row[3], row[4]))
    return Entry(url, float(stored), float(fresh_for), status, tuple(files), etag, last_modified)


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _optional_str(value: object) -> bool:
    return value is None or isinstance(value, str)
