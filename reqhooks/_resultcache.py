"""A run's findings, remembered for a run with the same input.

pre-commit and editors run reqhooks again and again on files that did not change; a project's
findings are a function of its files, the settings and reqhooks itself.  Like ruff's cache,
this one remembers them: a later run with the same inputs reads and hashes its files, prints
what the earlier run found, and neither parses a lock nor imports a rule.

An entry is found by the run's *key* and holds the run's *probes*:

- the key: this cache's format, reqhooks' version and the size and modification time of each
  of its modules and of ``packaging``'s (a checkout that changes a rule, an upgrade of
  either, never meets the old code's findings), the Python version, the working directory
  (findings name files relative to it), the rule families, the paths given, every setting
  that can change a finding (the date among them) and the files discovery found;
- the probes: every question the run asked of the file system and the environment, with the
  answer it got: the BLAKE2b digest of the bytes of each file it read (the bytes its findings
  come from: a file changed meanwhile is never remembered with findings it did not produce),
  whether a path leads out of the repository, what an include names, what a workspace glob
  matches, each environment variable a requirements file expands.  The entry is used only if
  every probe, asked again, gets the same answer.

An entry keeps the last :data:`KEPT` runs made under its key, newest first, each with its own
probes: checking out another branch and back, or undoing an edit, finds the earlier run.

The engine asks every question through :class:`Probes`; rules never read files
(``engine.py``).  Runs that write files (``--fix``), read stdin (editors) or use the network
(``--online``) are not remembered.  Entries live in ``results-<FORMAT>`` beside the other
local caches, written whole or not at all; ``REQHOOKS_NO_CACHE=1`` (or ``=results``) turns
it off.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reqhooks.findings import Edit, Finding, Fix

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Final

    from reqhooks.discovery import Discovered
    from reqhooks.settings import Settings

FORMAT: Final = 2
#: Runs kept per key (the oldest goes first).
KEPT: Final = 4
_MAGIC: Final = b"reqhooks-results\x00"

#: Settings that change how findings are shown or the exit status, not which are found.
_PRESENTATION: Final = frozenset({"output_format", "color", "exit_zero", "fail_on"})


#: What reading a directory gives.
DIRECTORY: Final = ("directory",)


def fingerprint(path: Path) -> tuple[Any, ...]:
    """What reading ``path`` gives: the digest of its bytes, or why there are none (the
    answers :meth:`reqhooks.engine.Loader.document` records when it reads a file)."""
    from reqhooks import _text
    from reqhooks._hash import blake2b

    try:
        if path.is_dir():
            return DIRECTORY
        data, _ = _text._read(path)
    except (_text.DecodeError, OSError) as e:
        return failed_read(e)
    return ("bytes", blake2b(data).digest())


def failed_read(e: Exception) -> tuple[Any, ...]:
    """What a read that raised ``e`` gives: the digest of bytes that are not text (a
    decoding error holds them), else why there were none (not a regular file, too large,
    an error of the operating system's)."""
    from reqhooks._text import DecodeError

    if isinstance(e, DecodeError):
        if e.data:
            from reqhooks._hash import blake2b

            return ("bytes", blake2b(e.data).digest())
        return ("unreadable", e.message)
    if isinstance(e, OSError):
        return ("error", e.errno, e.strerror)
    raise TypeError(e)


class Probes:
    """The questions a run asks of the file system and the environment, and the answers,
    for the entry ``digest`` in ``where`` (:func:`directory`, :func:`key`), which holds the
    runs ``earlier`` already (:func:`recall`)."""

    __slots__ = ("asked", "where", "digest", "earlier")

    def __init__(self, where: Path, digest: bytes, earlier: tuple[Any, ...] = ()) -> None:
        self.asked: list[tuple[str, Any, Any]] = []
        self.where = where
        self.digest = digest
        self.earlier = earlier

    def ask(self, kind: str, question: Any, answer: Any) -> Any:
        self.asked.append((kind, question, answer))
        return answer

    def remember(self, findings: list[Finding], files: int, notes: list[str]) -> None:
        """Write the entry: the run's findings, file count and notes with its probes, before
        the runs remembered under the same key already (the oldest beyond :data:`KEPT` goes)."""
        from reqhooks._parsecache import write_entry

        run = {
            "probes": tuple(self.asked),
            "findings": tuple(_dump(f) for f in findings),
            "files": files,
            "notes": tuple(notes),
        }
        data = {"runs": (run, *self.earlier[: KEPT - 1])}
        write_entry(self.where, self.where / self.digest.hex(), self.digest, data, _MAGIC)


def _code_stamp() -> list[str]:
    """The name, size and modification time of each module of reqhooks and of ``packaging``
    (which decides the specifiers and markers reqhooks' own code does not): an upgrade, or
    an edit to a checkout, never meets the findings of the code before it."""
    out = []
    for top in (os.path.dirname(os.path.abspath(__file__)), _packaging_directory()):
        if top is None:
            continue
        out.append(top)
        pending = [top]
        while pending:
            directory = pending.pop()
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                if entry.name.endswith(".py"):
                    st = entry.stat()
                    out.append(f"{entry.path[len(top) :]}:{st.st_size}:{st.st_mtime_ns}")
                elif entry.name != "__pycache__" and entry.is_dir():
                    pending.append(entry.path)
    return out


def _packaging_directory() -> str | None:
    """Where ``import packaging`` would find it, without importing it (a remembered run
    never needs it)."""
    module = sys.modules.get("packaging")
    if module is not None:
        return os.path.dirname(os.path.abspath(module.__file__ or ""))
    for finder in sys.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        if find_spec is None:
            continue
        try:
            spec = find_spec("packaging", None)
        except Exception:  # noqa: BLE001, S112 - a third-party finder that fails: ask the next
            continue
        if spec is not None:
            locations = spec.submodule_search_locations
            return str(next(iter(locations))) if locations else None
    return None


def key(
    settings: Settings, paths: list[Path], families: tuple[str, ...], found: Discovered
) -> bytes:
    from reqhooks import __version__
    from reqhooks._hash import blake2b

    chosen = [
        (name, getattr(settings, name)) for name in settings.__slots__ if name not in _PRESENTATION
    ]
    projects = [
        (str(root), [(str(p), kind) for p, kind in files])
        for root, files in sorted(found.projects.items())
    ]
    parts = (
        FORMAT,
        __version__,
        sys.version,
        _code_stamp(),
        os.getcwd(),
        families,
        [str(p) for p in paths],
        repr(chosen),
        projects,
        sorted(str(p) for p in found.explicit),
        found.all_reported,
        [str(p) for p in found.missing],
    )
    return blake2b(repr(parts).encode()).digest()


def directory() -> Path | None:
    from reqhooks._parsecache import local_cache

    return local_cache(f"results-{FORMAT}")


class _Positions:
    """Stands in for a fix's document: the line and column of each edit's ends, as the run
    that found them computed them (the JSON reporter asks ``doc.position(offset)``)."""

    __slots__ = ("table",)

    def __init__(self, table: list[tuple[int, int]]) -> None:
        self.table = table

    def position(self, offset: int) -> tuple[int, int]:
        return self.table[offset]


def _dump(f: Finding) -> tuple[Any, ...]:
    fix = None
    if f.fix is not None:
        edits: tuple[Any, ...] = ()  # without the document, the JSON reporter shows none either
        if f.doc is not None:
            position = f.doc.position
            edits = tuple((e.text, *position(e.start), *position(e.end)) for e in f.fix.edits)
        fix = (f.fix.message, f.fix.safe, edits)
    return (
        f.code, f.message, str(f.path), f.display, f.line, f.column, f.end_line, f.end_column,
        f.severity, f.package, tuple(str(p) for p in f.related), fix,
    )  # fmt: skip


def _load(row: tuple[Any, ...]) -> Finding:
    code, message, path, display, line, column, end_line, end_column, severity, package, related, fix = row  # fmt: skip
    doc: Any = None
    remade = None
    if fix is not None:
        fix_message, safe, edits = fix
        table: list[tuple[int, int]] = []
        remade_edits = []
        for text, line1, col1, line2, col2 in edits:
            remade_edits.append(Edit(len(table), len(table) + 1, text))
            table += [(line1, col1), (line2, col2)]
        remade = Fix(fix_message, tuple(remade_edits), safe)
        doc = _Positions(table)
    return Finding(
        code, message, Path(path), display, line, column, end_line, end_column, severity,
        package, remade, doc, tuple(Path(p) for p in related),
    )  # fmt: skip


def recall(
    where: Path, digest: bytes, answer: Callable[[str, Any], Any]
) -> tuple[tuple[list[Finding], int, list[str]] | None, tuple[Any, ...]]:
    """The findings, file count and notes of the newest run remembered under ``digest``
    whose every probe gets the answer it got then (``answer(kind, question)`` asks again,
    once per question), else None; and the runs the entry holds, for :class:`Probes`."""
    from reqhooks._parsecache import read_entry

    data = read_entry(where / digest.hex(), digest, _MAGIC)
    if data is None:
        return None, ()
    try:
        runs = data["runs"]
        if type(runs) is not tuple:
            return None, ()
        now: dict[tuple[str, Any], Any] = {}
        for run in runs:
            for kind, question, then in run["probes"]:
                asked = (kind, question)
                if asked not in now:
                    now[asked] = answer(kind, question)
                if now[asked] != then:
                    break
            else:
                found = [_load(row) for row in run["findings"]], run["files"], list(run["notes"])
                return found, runs
        return None, runs
    except (KeyError, TypeError, ValueError, IndexError):  # not an entry this code wrote
        return None, ()
