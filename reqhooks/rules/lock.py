"""Lock drift: LCK001-LCK006, offline, agreeing with each tool's own check.

- LCK001: the input hash a lock stores does not match the declarations.  poetry.lock
  (``content-hash``, per Poetry generation), pdm.lock (``content_hash``, workspaces
  included) and Pipfile.lock (``_meta.hash``) are recomputed exactly as the tool does
  (:mod:`reqhooks.lockhash`), so the verdict is ``poetry check --lock``'s,
  ``pdm lock --check``'s and ``pipenv verify``'s.
- LCK002: a declared dependency (or extra, group, workspace member) the lock does not have.
- LCK003: a locked version the declaration no longer allows, or (uv) a declaration the lock
  records differently.
- LCK004: the lock still holds something nothing declares any more (warning).
- LCK005: the lock's Python range differs from the project's.
- LCK006: a compiled requirements file, export or pylock.toml out of sync with its source.

uv.lock stores no hash: its verdict is the comparisons ``uv lock --check`` makes
(:mod:`._lock_uv`), each reported with the most specific of LCK002-LCK005.  For the hashed
formats LCK002-LCK005 explain a stale hash and are only reported with it.  pdm.lock in PDM's
``lock_inputs`` mode is compared with its recorded inputs (:mod:`._lock_pdm_inputs`).

Every finding names the command that fixes it; no lock is ever modified.
"""

from __future__ import annotations

from collections.abc import Iterator

TYPE_CHECKING = False
if TYPE_CHECKING:
    from reqhooks.engine import Context
    from reqhooks.findings import Finding
    from reqhooks.model import Project


def check(project: Project, ctx: Context) -> Iterator[Finding]:
    """LCK001-LCK006 for one project."""
    # Each tool's comparison is imported when a project has that tool's lock (half a
    # millisecond each, on every run).
    for lock in project.locks if ctx.locks_reported(project) else ():
        if lock.kind == "poetry":
            from reqhooks.rules import _lock_hashed

            yield from _lock_hashed.poetry(project, lock)
        elif lock.kind == "uv":
            from reqhooks.rules import _lock_uv

            yield from _lock_uv.check(project, lock)
        elif lock.kind == "pdm":
            from reqhooks.rules import _lock_hashed

            yield from _lock_hashed.pdm(project, lock, ctx)
        elif lock.kind == "pipfile":
            from reqhooks.rules import _lock_hashed

            yield from _lock_hashed.pipfile(project, lock)
        elif lock.kind == "pylock":
            from reqhooks.rules import _lock_compiled

            yield from _lock_compiled.pylock(project, lock)
    for rf in project.requirement_files:
        if rf.compiled is not None:
            # An export is compared with its lock: skipped, lock unread, when nobody would
            # see the findings (in the export, or naming the lock as related).
            export = rf.compiled.generator in ("uv-export", "poetry-export")
            if export and not (ctx.reported(rf.doc.path) or ctx.locks_reported(project)):
                continue
            from reqhooks.rules import _lock_compiled

            yield from _lock_compiled.compiled(project, rf)
