"""An on-disk cache of parsed lock files, keyed by the BLAKE2b digest of their exact bytes.

A lock file changes far less often than reqhooks runs on it (every commit, every save), and
parsing a 6 MB uv.lock costs 140 ms even the fast way (:mod:`reqhooks._tomlfast`), against
25 ms to hash it and read back a ``marshal`` dump.  Only documents of at least ``MIN_BYTES``
are cached; smaller ones parse about as fast as an entry is read.

Safe by construction:

- an entry is found by the digest of the file's bytes (salted with this cache's format,
  the Python version, whose ``marshal`` format and ``tomllib`` it depends on, and the size
  and time of the fast reader's source, for a checkout that changes it) and holds that
  digest and a checksum of its payload: it is used for identical bytes only, and a truncated
  or corrupt entry is ignored (and replaced);
- entries are written to a temporary file and renamed into place, so a reader never sees a
  half-written one, and two processes writing the same entry write the same bytes;
- documents that ``marshal`` cannot hold (TOML dates) are not cached, invalid TOML is
  never cached (the error is computed again, with its position), and any failure to read or
  write the cache is ignored: the cache can only make a run faster, never change it;
- the directory is private to the user (0700, files 0600): a lock may name a private index.

Where: ``toml-<FORMAT>`` in reqhooks' cache directory, beside the index cache
(``$REQHOOKS_CACHE_DIR``, else ``$XDG_CACHE_HOME/reqhooks`` or ``~/.cache/reqhooks`` on
Linux, ``~/Library/Caches/reqhooks`` on macOS, ``%LOCALAPPDATA%\\reqhooks\\Cache`` on
Windows).  ``REQHOOKS_NO_CACHE=1`` turns it off.  At most ``MAX_ENTRIES`` entries and
``MAX_BYTES`` are kept, the oldest dropped first.  pre-commit runs one process per hook on
the same files: the lock is parsed once per version, not once per hook.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from reqhooks._text import Document

__all__ = ["cache_dir", "cache_root", "load_toml", "local_cache", "read_entry", "write_entry"]

FORMAT: Final = 3  # 2: BLAKE2b keys; 3: BLAKE2b checksums (no zlib to import)
#: Smaller documents go to tomllib, which parses them about as fast as an entry is read; from
#: here on the fast reader takes them, and compiling its patterns alone (3-4 ms) costs more
#: than hashing, reading and unmarshalling an entry.
MIN_BYTES: Final = 32 * 1024  # _tomlfast.WORTH_IT
MAX_ENTRIES: Final = 256  # a monorepo's locks
MAX_BYTES: Final = 64 * 1024 * 1024  # a 3,000-package uv.lock takes 5 MB
_MAGIC: Final = b"reqhooks-toml\x00"


def _parser_stamp() -> str:
    """Size and modification time of the fast TOML reader's source: a checkout whose parser
    changed (FORMAT did not) never meets a parse the old code made."""
    try:
        st = os.stat(os.path.join(os.path.dirname(os.path.abspath(__file__)), "_tomlfast.py"))
    except OSError:  # no source beside the bytecode: FORMAT and the version say it all
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}"


_SALT: Final = f"{FORMAT}|{sys.version}|{sys.implementation.name}|{_parser_stamp()}".encode()


def cache_root() -> Path:
    """reqhooks' cache directory: ``$REQHOOKS_CACHE_DIR``, else the platform's user cache
    directory.  The index cache (:mod:`reqhooks._cache`, network code an offline run never
    imports) and the local caches all live in it.  Raises RuntimeError without a home."""
    override = os.environ.get("REQHOOKS_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(local) / "reqhooks" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "reqhooks"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "reqhooks"


#: The local caches, by the name their directories start with.
LOCAL_CACHES: Final = frozenset({"toml", "model", "re", "results"})


def local_cache(name: str) -> Path | None:
    """The directory ``name`` of a local cache (``toml-3``, ``model-3``, ``re-2``,
    ``results-2``) in :func:`cache_root`, or None when it is off or there is no home
    directory to put it in.  ``REQHOOKS_NO_CACHE=1`` turns every local cache off; a list of
    their names (``REQHOOKS_NO_CACHE=results`` or ``toml,model``) only those."""
    off = os.environ.get("REQHOOKS_NO_CACHE", "")
    if off not in ("", "0"):
        names = {part.strip() for part in off.split(",")}
        if not names <= LOCAL_CACHES or name.rpartition("-")[0] in names:
            return None
    try:
        return cache_root() / name
    except RuntimeError:
        return None


def cache_dir() -> Path | None:
    """The directory parse entries live in (``toml-<FORMAT>``), or None when caching is off."""
    return local_cache(f"toml-{FORMAT}")


def load_toml(doc: Document) -> dict[str, Any]:
    """``doc`` parsed as TOML (see :func:`reqhooks._tomlfast.load`, which raises
    :class:`~reqhooks._toml.TomlError`), from the cache when these bytes were parsed before."""
    from reqhooks import _tomlfast

    raw = doc.raw
    directory = cache_dir() if raw is not None and len(raw) >= MIN_BYTES else None
    content = doc.digest() if directory is not None else None
    if directory is None or content is None:
        return _tomlfast.load(doc.text)
    from reqhooks._hash import blake2b

    digest = blake2b(_SALT + content).digest()
    path = directory / digest.hex()
    data = read_entry(path, digest)
    if data is None:
        data = _tomlfast.load(doc.text)
        write_entry(directory, path, digest, data)
    return data


_CHECK: Final = 8  # bytes of the payload's BLAKE2b digest an entry holds after the key


def _checksum(payload: bytes | memoryview) -> bytes:
    """The payload's checksum (BLAKE2b, already imported for the keys: about as fast as
    ``zlib.crc32`` here, and without a shared library to load on every run)."""
    from reqhooks._hash import blake2b

    return blake2b(payload, digest_size=_CHECK).digest()


def read_entry(path: Path, digest: bytes, magic: bytes = _MAGIC) -> dict[str, Any] | None:
    """The entry at ``path`` if it is whole and holds ``digest`` (else None)."""
    import marshal

    try:
        with open(path, "rb") as f:
            blob = f.read()
    except OSError:
        return None
    head = len(magic) + len(digest) + _CHECK
    payload = memoryview(blob)[head:]
    if (
        len(blob) < head
        or not blob.startswith(magic)
        or blob[len(magic) : len(magic) + len(digest)] != digest
        or blob[head - _CHECK : head] != _checksum(payload)
    ):
        return None
    try:
        data = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    if type(data) is not dict:
        return None
    try:
        os.utime(path)  # the least recently used entries go first
    except OSError:
        pass
    return data


def write_entry(
    directory: Path,
    path: Path,
    digest: bytes,
    data: dict[str, Any],
    magic: bytes = _MAGIC,
    *,
    prune: bool = True,
) -> None:
    """Write ``data`` at ``path`` whole or not at all (any failure is ignored)."""
    import marshal

    try:
        payload = marshal.dumps(data)
    except ValueError:  # a TOML date or time: not cached
        return
    blob = b"".join((magic, digest, _checksum(payload), payload))
    try:
        if not directory.is_dir():
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            _retire_older_formats(directory)
        # What tempfile.mkstemp does (a new name, mode 0600), without importing tempfile
        # (random, shutil ...: a first run pays it).
        temporary = str(directory / f".tmp-{os.getpid()}-{os.urandom(8).hex()}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(temporary, flags, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        if prune:
            _prune(directory, keep=path)
    except OSError:
        pass


def _retire_older_formats(directory: Path) -> None:
    """Remove the entries of this cache's older formats (``toml-2/`` when ``toml-3/`` is
    made): after an upgrade nothing reads them again, and they would keep their megabytes for
    good.  Only the flat files reqhooks writes there go, then the directory if it is empty."""
    prefix, _, current = directory.name.rpartition("-")
    if not prefix or not current.isdigit():
        return
    for n in range(1, int(current)):
        old = directory.parent / f"{prefix}-{n}"
        try:
            entries = list(os.scandir(old))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
            except OSError:
                pass
        try:
            os.rmdir(old)
        except OSError:  # something reqhooks did not write is there: leave it
            pass


def _prune(directory: Path, keep: Path) -> None:
    import time

    entries = []
    for entry in os.scandir(directory):
        if entry.name.startswith(".tmp-"):
            # Left by a process killed while writing, an hour ago or more.
            if entry.stat().st_mtime < time.time() - 3600:
                os.unlink(entry.path)
        elif entry.is_file():
            entries.append(entry)
    entries.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)  # newest first
    total = 0
    for kept, entry in enumerate(entries, 1):
        total += entry.stat().st_size
        if (kept > MAX_ENTRIES or total > MAX_BYTES) and entry.path != str(keep):
            try:
                os.unlink(entry.path)
            except OSError:
                pass
