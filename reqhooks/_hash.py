"""SHA-256 and BLAKE2b from CPython's built-in modules when it has them.

``import hashlib`` loads OpenSSL's bindings, about a third of a bare interpreter's start-up;
the built-in ``_sha2`` (3.12+) / ``_sha256`` and ``_blake2`` modules give the same digests
and load in a fraction of that.  OpenSSL hashes big inputs faster, but the inputs here are
a pyproject.toml's few kilobytes (lock content hashes) or a lock file hashed once
(the parse cache's key, BLAKE2b: twice SHA-256's built-in speed).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    class Hash(Protocol):
        def update(self, data: bytes, /) -> None: ...
        def digest(self) -> bytes: ...
        def hexdigest(self) -> str: ...


def sha256(data: bytes = b"") -> Hash:
    try:
        from _sha2 import sha256 as new  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        try:
            from _sha256 import sha256 as new  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:  # pragma: no cover - a build without the module
            from hashlib import sha256 as new  # type: ignore[assignment,unused-ignore]
    return new(data)  # type: ignore[no-any-return,unused-ignore]


def blake2b(data: bytes | memoryview = b"", digest_size: int = 32) -> Hash:
    try:
        from _blake2 import blake2b as new
    except ImportError:  # pragma: no cover - a build without the module
        from hashlib import blake2b as new  # type: ignore[assignment,unused-ignore]
    return new(data, digest_size=digest_size)
