"""reqhooks: pre-commit hooks and a linter for Python dependency files."""

from __future__ import annotations

__version__ = "0.1.0"


def _pathlib_without_urllib() -> None:
    """Import ``pathlib`` without ``urllib.parse`` (and its ``ipaddress``), as Python 3.13 does.

    Up to 3.12, ``pathlib`` imports ``urllib.parse`` for one function that only
    ``Path.as_uri()`` calls; importing it (and ``ipaddress``, which it imports) is about
    4 ms of a run that should take a few times the interpreter's start-up.  CPython 3.13
    defers that import into ``as_uri()``; this does the same for older Pythons: ``pathlib``
    is imported while ``sys.modules`` holds a stand-in for ``urllib.parse`` whose
    ``quote_from_bytes`` imports the real module when first called, and the stand-in is
    removed at once, so any later ``import urllib.parse`` gets the real module.  Nothing
    happens when either module is already imported (a test run, an editor's server, an
    interpreter whose site hooks import them): only a fresh ``reqhooks`` process gains.
    tests/test_imports.py checks both halves: a check imports neither module, and
    ``as_uri()`` still works.
    """
    import sys

    if sys.version_info >= (3, 13) or "pathlib" in sys.modules or "urllib.parse" in sys.modules:
        return
    from types import ModuleType

    def quote_from_bytes(bs: bytes, safe: str = "/") -> str:
        from urllib.parse import quote_from_bytes as real

        return real(bs, safe)

    stand_in = ModuleType("urllib.parse")
    stand_in.quote_from_bytes = quote_from_bytes  # type: ignore[attr-defined]
    sys.modules["urllib.parse"] = stand_in
    try:
        import pathlib  # noqa: F401
    finally:
        if sys.modules.get("urllib.parse") is stand_in:
            del sys.modules["urllib.parse"]


_pathlib_without_urllib()
del _pathlib_without_urllib
