"""Regular expressions compiled on first use, and compiled once per Python.

CPython compiles a pattern in Python code (the parser and code generator of ``re``), up to
two milliseconds for a long one, and reqhooks starts on every commit and every save: a
typical run compiles some fifty patterns, 10 ms of a run that should take a few times the
interpreter's own start-up.  Two remedies:

- ``_NAME = lazy_pattern(r"...")`` and then ``_NAME().match(text)`` compiles a pattern the
  first time it is used, so a run pays only for the patterns it needs;
- :func:`compile_pattern` (which ``lazy_pattern`` uses) keeps what the compiler produces, the
  arguments of the C constructor ``_sre.compile``, in a small file in reqhooks' cache
  directory, and builds the pattern from them in later runs: no parsing, no code generation.

The program cache is exact by construction.  It is keyed by the interpreter (its full
``sys.version``, implementation, and ``_sre``'s ``MAGIC`` and ``CODESIZE``, which change
whenever the engine's instruction set does), and by each pattern's source and flags;
``_sre.compile`` validates a program before accepting it; a missing, truncated or
corrupt file is ignored (and replaced), and a program the interpreter rejects is compiled
again.  A pattern built from the cache is equal (``==``, which compares the compiled code)
to the one ``re.compile`` returns; tests/test_lazy.py checks it for every pattern a run
compiles.  Outside CPython, or with ``REQHOOKS_NO_CACHE=1``, :func:`compile_pattern` is
``re.compile``.  Only reqhooks' own, fixed patterns go through it: its size is bounded.
"""

from __future__ import annotations

import re
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any, Final

__all__ = ["compile_pattern", "lazy_pattern"]

FORMAT: Final = 2  # 2: each program's code packed in bytes, unpacked when used
_MAGIC: Final = b"reqhooks-re\x00"
MAX_PATTERNS: Final = 1024  # reqhooks has a few hundred; a bound all the same

#: source-and-flags key -> the arguments of ``_sre.compile`` after the source (the code
#: packed in bytes, in the machine's byte order, which the file's key includes); None until
#: read (the first compile of a run), then this run's view of the file.
_programs: dict[str, Any] | None = None
_file: tuple[Path, bytes] | None = None  # where they were read from, and its digest
_new: list[str] = []  # keys compiled in this run, written at exit


def lazy_pattern(source: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function returning ``re.compile(source, flags)``, compiled on its first call."""
    compiled: list[re.Pattern[str]] = []

    def pattern() -> re.Pattern[str]:
        if not compiled:
            compiled.append(compile_pattern(source, flags))
        return compiled[0]

    return pattern


def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, built from the program cache when this Python compiled
    the same pattern before."""
    programs = _programs if _programs is not None else _load()
    if programs is None:
        return re.compile(source, flags)
    import _sre  # type: ignore[import-not-found]  # the engine re is written on

    flags = int(flags)  # re.IGNORECASE and the like are int subclasses
    key = f"{flags}:{source}"
    packed = programs.get(key)
    if packed is not None:
        cached = _unpacked(source, packed)
        if cached is not None:
            return cached
    program = _program(source, flags)
    if program is None:
        return re.compile(source, flags)
    pattern: re.Pattern[str] = _sre.compile(source, *program)
    if len(programs) < MAX_PATTERNS and _sre.CODESIZE == 4:
        final_flags, code, *rest = program
        # Packed in the machine's order, as "I" unpacks them: a file of ints would cost a
        # millisecond to read back in full, for the few dozen patterns a run uses.
        programs[key] = (final_flags, b"".join(op.to_bytes(4, sys.byteorder) for op in code), *rest)
        if not _new:
            import atexit

            atexit.register(_save)
        _new.append(key)
    return pattern


def _unpacked(source: str, packed: tuple[Any, ...]) -> re.Pattern[str] | None:
    """The pattern a cached program builds, or None when this interpreter rejects it (then
    it is compiled again, and the entry replaced)."""
    import _sre

    try:
        final_flags, code, *rest = packed
        pattern: re.Pattern[str] = _sre.compile(
            source, final_flags, memoryview(code).cast("I").tolist(), *rest
        )
    except Exception:  # noqa: BLE001 - damaged, or not a program this interpreter accepts
        return None
    return pattern


def _program(source: str, flags: int) -> tuple[Any, ...] | None:
    """What ``re``'s compiler passes to ``_sre.compile`` after the source (its last lines,
    unchanged from 3.10 to 3.14); None where that compiler is not there to ask."""
    try:
        if sys.version_info >= (3, 11):
            from re import _compiler, _parser
        else:  # pragma: no cover - Python 3.10
            import sre_compile as _compiler
            import sre_parse as _parser
        parsed = _parser.parse(source, flags)
        opcodes = _compiler._code(parsed, flags)  # type: ignore[attr-defined]
        code = [int(op) for op in opcodes]  # some are int subclasses, which marshal refuses
        state = parsed.state
        groupindex = dict(state.groupdict)
        indexgroup: list[str | None] = [None] * state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return (int(flags | state.flags), code, state.groups - 1, groupindex, tuple(indexgroup))
    except (ImportError, AttributeError, TypeError):
        return None


def _where() -> tuple[Path, bytes] | None:
    """The cache file and the digest it must hold, or None when caching is off."""
    if sys.implementation.name != "cpython":
        return None
    from reqhooks._parsecache import local_cache

    directory = local_cache(f"re-{FORMAT}")
    if directory is None:
        return None
    import _sre

    from reqhooks._hash import blake2b

    salt = (
        f"{FORMAT}|{sys.version}|{sys.implementation.name}|{_sre.MAGIC}|{_sre.CODESIZE}"
        f"|{sys.byteorder}"
    )
    digest = blake2b(salt.encode()).digest()
    return directory / digest.hex()[:32], digest


def _load() -> dict[str, Any] | None:
    global _programs, _file
    _file = _where()
    if _file is None:
        return None
    from reqhooks._parsecache import read_entry

    _programs = read_entry(*_file, magic=_MAGIC) or {}
    return _programs


def _save() -> None:
    """Write this run's programs where they were read from (at exit: once per run)."""
    if _file is None or _programs is None:
        return
    from reqhooks._parsecache import write_entry

    path, digest = _file
    write_entry(path.parent, path, digest, _programs, _MAGIC, prune=False)
