"""Find dependency files and group them into projects.

Given directories, reqhooks looks at the files git tracks (or, outside a repository, walks
the tree without entering virtual environments, ``node_modules`` and caches).  Given files
(as pre-commit passes them), it checks those files and loads their project's companion
files as context, so that a hook handed only ``poetry.lock`` still compares it with its
``pyproject.toml``.
"""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

from reqhooks._lazy import compile_pattern, lazy_pattern
from reqhooks._record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final, Literal, TypeAlias

    FileKind: TypeAlias = Literal[
        "requirements", "constraints", "pyproject", "pipfile", "lock", "python-decl", "conda"
    ]
else:
    FileKind = str  # the alias is for type checkers; the name stays importable

SKIP_DIRS: Final = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".nox", ".venv", "venv",
        ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", "site-packages",
        ".eggs", "__pypackages__", ".direnv", ".cache",
    }
)

#: Files whose presence makes a directory a project root.
PROJECT_MARKERS: Final = (
    "pyproject.toml", "Pipfile", "setup.py", "setup.cfg", "poetry.lock", "uv.lock", "pdm.lock",
    "Pipfile.lock",
)

_REQ_TXT: Final = compile_pattern(r"(?:.*[-_.])?requirements(?:[-_.].*)?\.txt|requirements\.txt", re.I)
_CONSTRAINTS: Final = compile_pattern(r"(?:.*[-_.])?constraints(?:[-_.].*)?\.txt", re.I)
#: Compiled on first use (most projects have no ``.in`` file): see :func:`_in_names`.
_IN_NAMES: Final = (
    r"(?:.*[-_.])?(?:requirements|constraints|dev|test|tests|testing|docs|doc|lint|typing|base|"
    r"prod|production|local|ci|main|all|extras?)(?:[-_.].*)?\.in"
)
_PYLOCK: Final = compile_pattern(r"pylock(?:\.[^.]+)?\.toml")


def classify(path: Path, *, explicit: bool = False) -> FileKind | None:
    """Which kind of dependency file ``path`` is, judged by its name and place."""
    name = path.name
    if name == "pyproject.toml":
        return "pyproject"
    if name == "Pipfile":
        return "pipfile"
    if name in ("poetry.lock", "uv.lock", "pdm.lock", "Pipfile.lock") or _PYLOCK.fullmatch(name):
        return "lock"
    if name.endswith(".py.lock"):
        return "lock"
    if name in ("environment.yml", "environment.yaml") or (
        name.endswith((".yml", ".yaml")) and name.startswith("environment")
    ):
        return "conda"
    if python_decl_kind(path) is not None:
        return "python-decl"
    if _CONSTRAINTS.fullmatch(name):
        return "constraints"
    parent = path.parent.name.lower()
    in_req_dir = parent.startswith("requirements") or parent in ("reqs", "deps", "constraints")
    if name.endswith(".txt") and (_REQ_TXT.fullmatch(name) or in_req_dir):
        return "constraints" if parent == "constraints" else "requirements"
    if name.endswith(".in") and name != "MANIFEST.in":
        if _in_names().fullmatch(name) or in_req_dir or path.with_suffix(".txt").is_file():
            return "requirements"
    if explicit:
        # A file named on the command line (or passed by pre-commit's `files:`) with a name
        # we do not recognise is read as a requirements file: that is what users pass.
        return "requirements"
    return None


_in_names = lazy_pattern(_IN_NAMES, re.I)


def python_decl_kind(path: Path) -> str | None:
    """Which kind of Python declaration ``path`` is, judged by its name and place (here, not
    in :mod:`reqhooks.readers.pythons`: discovery asks about every file, and a run whose
    findings are remembered reads none of them)."""
    name = path.name
    if name in (".python-version", "runtime.txt", ".tool-versions"):
        return name
    if name in ("render.yaml", "render.yml"):
        return "render.yaml"
    if (
        name == "Dockerfile"
        or name.startswith("Dockerfile.")
        or name.endswith(".Dockerfile")
        or name.lower() == "containerfile"
    ):
        return "Dockerfile"
    if (
        name.endswith((".yml", ".yaml"))
        and path.parent.name == "workflows"
        and path.parent.parent.name == ".github"
    ):
        return "workflow"
    return None


#: The default of a field that gets a fresh object per instance (a dataclass's
#: ``default_factory``): passing None explicitly still stores None.
_FACTORY: Any = object()


class Discovered(Record):
    """The files to check, grouped by project root."""

    __slots__ = (
        "projects",
        "explicit",  # files whose findings are reported
        "all_reported",  # directories were given: report everything found
        "missing",  # paths given that do not exist
    )

    projects: dict[Path, list[tuple[Path, FileKind]]]
    explicit: set[Path]
    all_reported: bool
    missing: list[Path]

    def __init__(
        self,
        projects: dict[Path, list[tuple[Path, FileKind]]] = _FACTORY,
        explicit: set[Path] = _FACTORY,
        all_reported: bool = False,
        missing: list[Path] = _FACTORY,
    ) -> None:
        self.projects = {} if projects is _FACTORY else projects
        self.explicit = set() if explicit is _FACTORY else explicit
        self.all_reported = all_reported
        self.missing = [] if missing is _FACTORY else missing


def _git_argv(directory: Path) -> list[str]:
    return ["git", "-C", str(directory), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."]


#: ``git ls-files`` started ahead (see :func:`start_git_files`), by absolute directory.
_started: dict[str, tuple[int, int]] = {}


def start_git_files(directory: Path) -> None:
    """Start ``git ls-files`` for ``directory`` now, for :func:`discover` to collect.

    The command line calls this before it reads the configuration: git lists the files on
    the other core meanwhile, 2-3 ms of a run.  Only on POSIX; a listing nobody collects
    (a directory outside any repository) is reaped by :func:`discover`.
    """
    key = os.path.abspath(directory)
    if key not in _started and getattr(os, "posix_spawnp", None) is not None:
        running = _spawn(_git_argv(directory))
        if running is not None:
            _started[key] = running


def _git_files(directory: Path) -> list[Path] | None:
    """Files git tracks (plus untracked, not ignored) under ``directory``; None outside git."""
    running = _started.pop(os.path.abspath(directory), None)
    out = _capture(_git_argv(directory)) if running is None else _collect(*running)
    if out is None:
        return None
    files = []
    for raw in out.split(b"\0"):
        if not raw:
            continue
        rel = raw.decode("utf-8", "surrogateescape")
        parts = rel.split("/")
        if any(p in SKIP_DIRS for p in parts[:-1]):
            continue
        files.append(directory / rel)
    return files


def _reap_started() -> None:
    """End listings started ahead that no directory asked for."""
    while _started:
        pid, read_end = _started.popitem()[1]
        os.close(read_end)
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except OSError:  # already gone
            pass


def _capture(argv: list[str], timeout: float = 30.0) -> bytes | None:
    """The standard output of ``argv`` if it exits 0 within ``timeout`` seconds, else None.

    On POSIX through ``os.posix_spawnp`` and a pipe: importing ``subprocess`` (with
    ``signal``, ``threading``, ``selectors`` ...) costs about as much as the interpreter's
    start-up, and a hook run needs one process.  Standard input and error are the null
    device; every other descriptor Python opened is close-on-exec.
    """
    if getattr(os, "posix_spawnp", None) is None:  # pragma: no cover - Windows
        import subprocess

        try:
            done = subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode == 0 else None
    running = _spawn(argv)
    return None if running is None else _collect(*running, timeout=timeout)


def _spawn(argv: list[str]) -> tuple[int, int] | None:
    """``argv`` started with its standard output on a pipe: (pid, the pipe's read end)."""
    read_end, write_end = os.pipe()
    null = os.open(os.devnull, os.O_RDWR)
    try:
        pid = os.posix_spawnp(
            argv[0],
            argv,
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, null, 0),
                (os.POSIX_SPAWN_DUP2, write_end, 1),
                (os.POSIX_SPAWN_DUP2, null, 2),
            ],
        )
    except OSError:  # no git
        os.close(read_end)
        return None
    finally:
        os.close(write_end)
        os.close(null)
    return pid, read_end


def _collect(pid: int, read_end: int, timeout: float = 30.0) -> bytes | None:
    """What the process wrote, if it exits 0 within ``timeout`` seconds, else None."""
    import select
    import time

    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                return None
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return b"".join(chunks) if os.waitstatus_to_exitcode(status) == 0 else None


def _walk(directory: Path) -> list[Path]:
    files: list[Path] = []
    for root, dirs, names in os.walk(directory):
        keep = []
        for d in dirs:
            if d in SKIP_DIRS or d.endswith(".egg-info"):
                continue
            if (Path(root) / d / "pyvenv.cfg").exists():
                continue  # a virtual environment, whatever its name
            keep.append(d)
        dirs[:] = sorted(keep)
        files.extend(Path(root) / n for n in sorted(names))
    return files


def _is_excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    if not patterns:
        return False
    rel = _rel(path)
    return any(
        fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(path.name, pat) or rel.startswith(pat.rstrip("/") + "/")
        for pat in patterns
    )


def _rel(path: Path) -> str:
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:
        return path.as_posix()


def project_root(path: Path, boundary: Path | None) -> Path:
    """The nearest directory at or above ``path``'s directory holding a project marker."""
    start = path.parent
    for directory in (start, *start.parents):
        if any((directory / m).is_file() for m in PROJECT_MARKERS):
            return directory
        if boundary is not None and directory == boundary:
            break
        if (directory / ".git").exists():
            break
    return start


def _boundary(path: Path) -> Path | None:
    for directory in (path, *path.parents):
        if (directory / ".git").exists():
            return directory
    return None


def companions(root: Path) -> list[tuple[Path, FileKind]]:
    """A project's files that give context to any one of its files."""
    out: list[tuple[Path, FileKind]] = []
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return out
    for name in names:
        p = root / name
        kind = classify(p)
        if kind in ("pyproject", "pipfile", "lock", "python-decl") and p.is_file():
            out.append((p, kind))
        elif kind in ("requirements", "constraints") and p.is_file():
            # .in: a compiled file's source; others: files that -r/-c the one given, and
            # compiled files whose pins say which version works
            out.append((p, kind))
    return out


def discover(
    paths: list[Path],
    *,
    exclude: tuple[str, ...] = (),
    with_companions: bool = True,
    virtual: frozenset[Path] = frozenset(),
) -> Discovered:
    """``virtual`` files exist only as an editor's buffer (read from stdin)."""
    result = Discovered()
    seen: set[Path] = set()

    def add(path: Path, kind: FileKind, boundary: Path | None) -> None:
        resolved = path.absolute()
        if resolved in seen:
            return
        seen.add(resolved)
        root = project_root(resolved, boundary)
        result.projects.setdefault(root, []).append((resolved, kind))

    directories = []
    for given in paths:
        # A directory named like a dependency file (a "poetry.lock/") is reported, not walked.
        if given.is_dir() and classify(given) is None:
            directories.append(given)
            continue
        if not given.exists() and not given.is_symlink() and given.absolute() not in virtual:
            result.missing.append(given)
            result.explicit.add(given.absolute())
            continue
        if _is_excluded(given, exclude):
            continue
        kind = classify(given, explicit=True)
        assert kind is not None
        boundary = _boundary(given.absolute().parent)
        result.explicit.add(given.absolute())
        add(given, kind, boundary)

    for directory in directories:
        result.all_reported = True
        # Projects are found inside the directory asked about, never above it.
        boundary = directory.absolute()
        files = _git_files(directory) if _boundary(boundary) is not None else None
        if files is None:
            files = _walk(directory)
        for f in files:
            kind = classify(f)
            if kind is None or _is_excluded(f, exclude):
                continue
            if not f.is_file():
                continue
            result.explicit.add(f.absolute())
            add(f, kind, boundary)

    _reap_started()
    if with_companions:
        for root in list(result.projects):
            for p, kind in companions(root):
                add(p, kind, root)
            # A workspace member's lock is its workspace root's: check that one too.
            workspace = workspace_root(root)
            if workspace is not None:
                for p, kind in companions(workspace):
                    add(p, kind, workspace)
    return result


def workspace_root(root: Path) -> Path | None:
    """The uv or PDM workspace root above ``root`` whose ``members`` globs include it."""
    if (root / ".git").exists():
        return None  # a repository's root is nobody's member
    for directory in root.parents:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            # Imported only when there is a pyproject above: plain pins pay nothing.
            from reqhooks._text import DecodeError, read_document
            from reqhooks._toml import TomlError, load

            try:
                data = load(read_document(candidate).text)
                tool = data.get("tool")
            except (OSError, DecodeError, TomlError, ValueError):
                tool = None
            rel = root.relative_to(directory).as_posix()
            for name in ("uv", "pdm"):
                settings = tool.get(name) if isinstance(tool, dict) else None
                workspace = settings.get("workspace") if isinstance(settings, dict) else None
                members = workspace.get("members") if isinstance(workspace, dict) else None
                if isinstance(members, list) and any(
                    isinstance(m, str) and not m.startswith("!") and fnmatch.fnmatch(rel, m.rstrip("/"))
                    for m in members
                ):
                    return directory
        if (directory / ".git").exists():
            break
    return None
