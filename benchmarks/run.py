"""Benchmark: whole-process times of ``reqhooks check`` and of the tools users would otherwise
run, on generated projects of several sizes, against ``python -c pass`` as the floor.

    python benchmarks/run.py             # every size, 11 interleaved rounds
    python benchmarks/run.py --quick     # a few sizes and rounds (CI smoke test)
    python benchmarks/run.py --runs 21 --keep /tmp/bench   # more rounds; keep the projects
    python benchmarks/run.py --only typical,3000 --compare HEAD~3   # some cases, against a revision

Every command of a round runs once, in a shuffled order, and rounds repeat: a machine that
is busy for a while slows every command alike, so the medians and their ratios stay honest
where a single absolute figure would not.  The ratio to the floor is the budget's measure;
absolute milliseconds are printed for orientation only.

reqhooks runs as pre-commit runs it: from a fresh virtual environment holding reqhooks and
its dependencies, through the console script pip writes, with the bytecode pip compiles at
install; the floor is that environment's ``python -c pass``, so it is a bare interpreter's
start-up and not whatever ``.pth`` files the benchmarking interpreter's site-packages run.
The typical projects are also timed without reqhooks' bytecode (``PYTHONDONTWRITEBYTECODE=1``,
as a checkout under the test suite runs), marked "no .pyc".  The peers come from
``/work/tools/<tool>/bin``, ``$REQHOOKS_BENCH_<TOOL>`` or ``PATH``; a missing peer is left
out of the table.

Only the standard library is needed (and reqhooks itself, to write the locks' input hashes).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

import projects  # noqa: E402

TOOLS_DIR = Path(os.environ.get("REQHOOKS_BENCH_TOOLS", "/work/tools"))
PEER_EXECUTABLES = {
    "poetry": ("poetry", "poetry"),
    "uv": ("uv", "uv"),
    "pdm": ("pdm", "pdm"),
    "fixer": ("pch", "requirements-txt-fixer"),
}
#: The variant with the parse caches warm but no findings remembered (reqhooks._resultcache):
#: an upper bound of what a run costs after an edit to one of the project's files.
NOT_REMEMBERED = "findings not remembered"
#: The variant run after a real edit: before each run (untimed), one line of
#: requirements-dev.txt changes, so the result cache misses, the run checks everything again
#: and writes its findings, while the lock's parse caches stay warm.
EDITED = "after an edit to requirements-dev.txt"
#: The same edit, checked the way pre-commit runs a hook on a commit: with the changed file
#: only (``reqhooks check requirements-dev.txt``; the project's other files are read as its
#: context, the locks only if a finding in the file needs them).
EDITED_HOOK = "after an edit, the changed file as pre-commit passes it"
#: An editor's save: the buffer on stdin (``--stdin-filename requirements-dev.txt``), which
#: is never remembered; the file on disk as generated.
SAVED = "an editor's save of requirements-dev.txt, from stdin"
# Caches, configuration and virtualenvs of the peers live under the scratch directory.
_SCRUBBED = ("PIP_", "POETRY_", "PDM_", "UV_", "VIRTUAL_ENV", "CONDA_", "PYTHONPYCACHEPREFIX")


@dataclass
class Command:
    key: str  # unique, e.g. "reqhooks:typical-uv"
    argv: list[str]
    cwd: Path
    env: dict[str, str]
    ok_codes: tuple[int, ...] = (0,)
    # Run before and after each timed run, untimed (an edit, and its undoing).
    prepare: Callable[[], None] | None = None
    restore: Callable[[], None] | None = None
    stdin: Path | None = None  # a file the command reads on its standard input
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)

    def median(self) -> float:
        return statistics.median(self.wall)

    def median_cpu(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")


@dataclass
class Case:
    """One project: reqhooks on it, optionally without bytecode, and its peers."""

    name: str
    what: str  # a description for the table
    reqhooks: Command
    # Other conditions for reqhooks: without its parse cache, without its bytecode.
    variants: list[tuple[str, Command]] = field(default_factory=list)
    peers: list[tuple[str, Command]] = field(default_factory=list)


def peer_executable(tool: str) -> str | None:
    venv, exe = PEER_EXECUTABLES[tool]
    override = os.environ.get(f"REQHOOKS_BENCH_{tool.upper()}")
    if override:
        return override
    candidate = TOOLS_DIR / venv / "bin" / exe
    if candidate.is_file():
        return str(candidate)
    return shutil.which(exe)


_CONSOLE_SCRIPT = """#!{python}
# -*- coding: utf-8 -*-
import re
import sys
from {module} import {function}
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit({function}())
"""


def console_entry(package: Path) -> tuple[str, str]:
    """The ``reqhooks`` console script's ``module:function`` in the pyproject.toml beside
    ``package`` (that revision's own), as pip would write the script."""
    try:
        text = (package.parent / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:  # an installed reqhooks: its script, whatever it is, ends in main()
        return ("reqhooks.cli", "main")
    match = re.search(r'^reqhooks = "([\w.]+):(\w+)"', text, re.MULTILINE)
    return (match[1], match[2]) if match else ("reqhooks.cli", "main")


def hook_env(where: Path, *, bytecode: bool, reqhooks_source: Path | None = None) -> Path:
    """A virtual environment like the one pre-commit builds for the hooks: reqhooks and its
    dependencies copied into a fresh venv's site-packages, with the console script pip
    writes and (``bytecode``) the bytecode pip compiles at install.  Built offline; the
    interpreter's own site-packages (and whatever ``.pth`` files it holds) stay out of it, so
    the floor is a bare interpreter's start-up, as in pre-commit's environment.  Returns the
    environment's ``bin`` directory.  ``reqhooks_source`` is another version's package
    directory (``--compare``)."""
    import compileall
    import importlib

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    bindir = where / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    wanted = ["reqhooks", "packaging"] + (["tomli"] if sys.version_info < (3, 11) else [])
    for name in wanted:
        if name == "reqhooks" and reqhooks_source is not None:
            source = reqhooks_source
        else:
            source = Path(importlib.import_module(name).__file__).resolve().parent
        shutil.copytree(source, Path(site) / name, ignore=shutil.ignore_patterns("__pycache__"))
        if bytecode:
            compileall.compile_dir(str(Path(site) / name), quiet=1)
    script = bindir / "reqhooks"
    package = reqhooks_source or Path(importlib.import_module("reqhooks").__file__).resolve().parent
    module, function = console_entry(package)
    script.write_text(
        _CONSOLE_SCRIPT.format(python=python, module=module, function=function), encoding="utf-8"
    )
    script.chmod(0o755)
    return bindir


def peer_env(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # The interpreter itself first on PATH: uv and pdm look for a Python there, and a version
    # manager's shim found first (pyenv's is a shell script) costs them 200 ms a run.
    real = os.path.dirname(os.path.realpath(sys.executable))
    env["PATH"] = os.pathsep.join([real, env.get("PATH", "")])
    for sub in ("cache", "config", "data", "venvs"):
        (scratch / sub).mkdir(parents=True, exist_ok=True)
    env.update(
        XDG_CACHE_HOME=str(scratch / "cache"),
        XDG_CONFIG_HOME=str(scratch / "config"),
        XDG_DATA_HOME=str(scratch / "data"),
        NO_COLOR="1",
        POETRY_CACHE_DIR=str(scratch / "cache" / "poetry"),
        POETRY_CONFIG_DIR=str(scratch / "config" / "poetry"),
        POETRY_DATA_DIR=str(scratch / "data" / "poetry"),
        POETRY_VIRTUALENVS_PATH=str(scratch / "venvs"),
        POETRY_NO_INTERACTION="1",
        UV_CACHE_DIR=str(scratch / "cache" / "uv"),
        UV_PYTHON_DOWNLOADS="never",
        UV_NO_PROGRESS="1",
        UV_OFFLINE="1",
        PDM_CACHE_DIR=str(scratch / "cache" / "pdm"),
        PDM_CONFIG_FILE=str(scratch / "config" / "pdm.toml"),
        PDM_CHECK_UPDATE="false",
        PDM_NON_INTERACTIVE="1",
        PDM_IGNORE_SAVED_PYTHON="1",
        PDM_USE_VENV="false",
    )
    return env


def python_envs(scratch: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """(a real install: bytecode and every cache; the same with the parse caches but no
    remembered findings; without any cache; without reqhooks' bytecode and without the
    caches)."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHONPYCACHEPREFIX", "REQHOOKS_", "PYTHONPATH", "VIRTUAL_ENV"))
    }
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    base["NO_COLOR"] = "1"
    with_pyc = dict(base, REQHOOKS_CACHE_DIR=str(scratch / "parse-cache"))
    not_remembered = dict(with_pyc, REQHOOKS_NO_CACHE="results")
    no_cache = dict(base, REQHOOKS_NO_CACHE="1")
    no_pyc = dict(base, REQHOOKS_NO_CACHE="1", PYTHONDONTWRITEBYTECODE="1")
    return with_pyc, not_remembered, no_cache, no_pyc


def time_once(cmd: Command) -> None:
    if cmd.prepare is not None:
        cmd.prepare()
    stdin = open(cmd.stdin, "rb") if cmd.stdin is not None else None  # noqa: SIM115
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd.argv, cwd=cmd.cwd, env=cmd.env, stdin=stdin or subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    if stdin is not None:
        stdin.close()
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        cmd.cpu.append(usage.ru_utime + usage.ru_stime)
    else:  # pragma: no cover - Windows
        proc.wait()
        wall = time.perf_counter() - start
    cmd.wall.append(wall)
    cmd.codes.add(proc.returncode)
    if cmd.restore is not None:
        cmd.restore()


def diagnose(cmd: Command) -> str:
    proc = subprocess.run(cmd.argv, cwd=cmd.cwd, env=cmd.env, capture_output=True, text=True, check=False)
    out = (proc.stdout + proc.stderr).strip().splitlines()
    return f"exit {proc.returncode}: " + " | ".join(out[-3:])


def export_revision(rev: str, where: Path) -> Path:
    """The ``reqhooks`` package directory of git revision ``rev`` of this checkout."""
    where.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(HERE.parent), "archive", "--format=tar", rev, "reqhooks", "pyproject.toml"],
        check=True, capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    return where / "reqhooks"


def build_cases(
    root: Path, quick: bool, scratch: Path, compare: str | None = None, only: str | None = None
) -> tuple[Command, list[Case], list[str]]:
    with_pyc, not_remembered, no_cache, no_pyc = python_envs(scratch)
    penv = peer_env(scratch / "peers")
    bindir = hook_env(scratch / "hookenv", bytecode=True)
    rh = [str(bindir / "reqhooks")]
    rh_nopyc = [str(hook_env(scratch / "hookenv-nopyc", bytecode=False) / "reqhooks")]
    rh_base: list[str] = []
    if compare:
        source = export_revision(compare, scratch / "baseline-src")
        rh_base = [str(hook_env(scratch / "hookenv-base", bytecode=True, reqhooks_source=source) / "reqhooks")]
    notes: list[str] = []
    exes = {tool: peer_executable(tool) for tool in PEER_EXECUTABLES}
    for tool, exe in exes.items():
        if exe is None:
            notes.append(f"{tool}: not found, left out")

    def reqhooks(name: str, cwd: Path, args: Sequence[str] = ()) -> Command:
        return Command(f"reqhooks:{name}", [*rh, "check", *args], cwd, with_pyc, (0, 1))

    def variant(kind: str, name: str, cwd: Path, env: dict[str, str]) -> Command:
        argv = {"nopyc": rh_nopyc, "base": rh_base}.get(kind, rh)
        return Command(f"reqhooks-{kind}:{name}", [*argv, "check"], cwd, env, (0, 1))

    def edited(
        name: str, cwd: Path, kind: str = "edited", args: Sequence[str] = (), exe: list[str] = rh
    ) -> Command:
        # Its own cache directory: the result cache keeps the last few runs of a command, and
        # the edited runs, each new, would push out the "seen before" run of the project.
        env = dict(with_pyc, REQHOOKS_CACHE_DIR=str(scratch / f"{kind}-cache-{name}"))
        cmd = Command(f"reqhooks-{kind}:{name}", [*exe, "check", *args], cwd, env, (0, 1))
        cmd.prepare, cmd.restore = _line_editor(cwd / "requirements-dev.txt")
        return cmd

    def saved(name: str, cwd: Path, kind: str = "saved", exe: list[str] = rh) -> Command:
        argv = [*exe, "check", "--stdin-filename", "requirements-dev.txt"]
        return Command(f"reqhooks-{kind}:{name}", argv, cwd, with_pyc, (0, 1), stdin=cwd / "requirements-dev.txt")

    def peer(tool: str, name: str, cwd: Path, args: Sequence[str]) -> tuple[str, Command] | None:
        exe = exes[tool]
        if exe is None:
            return None
        label = {
            "poetry": "poetry check --lock",
            "uv": "uv lock --check --offline",
            "pdm": "pdm lock --check",
            "fixer": "requirements-txt-fixer",
        }[tool]
        return label, Command(f"{tool}:{name}", [exe, *args], cwd, penv)

    cases: list[Case] = []
    req_sizes = (300,) if quick else (10, 300, 5000)
    lock_sizes = (300,) if quick else (30, 300, 3000)
    lock_tools = ("uv",) if quick else ("poetry", "uv", "pdm")
    typical_tools = ("uv",) if quick else ("poetry", "uv", "pdm")
    mono_sizes = (20,) if quick else (20, 200)
    peer_args = {
        "poetry": ["check", "--lock"],
        "uv": ["lock", "--check", "--offline"],
        "pdm": ["lock", "--check"],
    }

    def want(name: str) -> bool:
        return not only or any(part in name for part in only.split(","))

    for lines in req_sizes:
        name = f"requirements-{lines}"
        if not want(name):
            continue
        path = projects.requirements_file(root / name, lines)
        c = Case(name, f"requirements.txt, {lines:,} lines", reqhooks(name, path.parent))
        if lines >= 300:
            c.variants.append((NOT_REMEMBERED, variant("nr", name, path.parent, not_remembered)))
        p = peer("fixer", name, path.parent, ["requirements.txt"])
        if p:
            c.peers.append(p)
        cases.append(c)
    for tool in lock_tools:
        for n in lock_sizes:
            name = f"{tool}-{n}"
            if not want(name):
                continue
            project = projects.lock_project(root / name, tool, n)
            size = (project / f"{tool}.lock").stat().st_size
            c = Case(name, f"{tool}.lock, {n:,} packages ({size / 1e6:.1f} MB)", reqhooks(name, project))
            if n >= 300:
                c.variants.append((NOT_REMEMBERED, variant("nr", name, project, not_remembered)))
                c.variants.append(("no parse cache", variant("nocache", name, project, no_cache)))
            p = peer(tool, name, project, peer_args[tool])
            if p:
                c.peers.append(p)
            cases.append(c)
    for tool in typical_tools:
        name = f"typical-{tool}"
        if not want(name):
            continue
        project = projects.typical_project(root / name, tool)
        c = Case(name, f"typical: pyproject + {tool}.lock (300) + 3 requirements files", reqhooks(name, project))
        c.variants.append((EDITED, edited(name, project)))
        c.variants.append((EDITED_HOOK, edited(name, project, "hook", ["requirements-dev.txt"])))
        if rh_base:
            hook_base = edited(name, project, "hook-base", ["requirements-dev.txt"], rh_base)
            c.variants.append((f"{EDITED_HOOK}, at {compare}", hook_base))
        c.variants.append((SAVED, saved(name, project)))
        if rh_base:
            c.variants.append((f"{SAVED}, at {compare}", saved(name, project, "saved-base", rh_base)))
        c.variants.append((NOT_REMEMBERED, variant("nr", name, project, not_remembered)))
        c.variants.append(("no parse cache", variant("nocache", name, project, no_cache)))
        c.variants.append(("no parse cache, no .pyc", variant("nopyc", name, project, no_pyc)))
        for p in (
            peer(tool, name, project, peer_args[tool]),
            peer("fixer", name, project, ["requirements.txt", "requirements-dev.txt", "constraints.txt"]),
        ):
            if p:
                c.peers.append(p)
        cases.append(c)
    for n in mono_sizes:
        name = f"monorepo-{n}"
        if not want(name):
            continue
        project = projects.monorepo(root / name, n)
        c = Case(name, f"monorepo of {n} projects", reqhooks(name, project))
        c.variants.append((NOT_REMEMBERED, variant("nr", name, project, not_remembered)))
        reqs = [str(p.relative_to(project)) for p in sorted(project.glob("services/*/requirements.txt"))]
        p = peer("fixer", name, project, reqs)
        if p:
            c.peers.append(p)
        cases.append(c)

    if rh_base:
        for c in cases:
            c.variants.insert(0, (f"reqhooks at {compare}", variant("base", c.name, c.reqhooks.cwd, with_pyc)))
    floor = Command("floor", [str(bindir / "python"), "-c", "pass"], root, with_pyc)
    return floor, cases, notes


def _line_editor(path: Path) -> tuple[Callable[[], None], Callable[[], None]]:
    """An edit for each run (the file as generated, and a last line seen by no earlier run:
    alternating between two contents would find both remembered), and its undoing, so that
    the other commands timed on the project see it as generated."""
    original = path.read_text(encoding="utf-8")
    count = 0

    def edit() -> None:
        nonlocal count
        count += 1
        path.write_text(f"{original}# edit {count}\n", encoding="utf-8")

    def undo() -> None:
        path.write_text(original, encoding="utf-8")

    return edit, undo


def all_commands(floor: Command, cases: list[Case]) -> list[Command]:
    out = [floor]
    for c in cases:
        out.append(c.reqhooks)
        out.extend(cmd for _, cmd in c.variants)
        out.extend(cmd for _, cmd in c.peers)
    return out


def run_rounds(commands: list[Command], runs: int, *, progress: bool) -> None:
    rng = random.Random(0)
    for cmd in commands:  # warm-up: caches, bytecode, page cache; not recorded
        time_once(cmd)
        cmd.wall.clear()
        cmd.cpu.clear()
    for r in range(runs):
        order = list(commands)
        rng.shuffle(order)
        # The floor is the reference of every ratio: measure it at both ends of the round.
        order = [commands[0], *(c for c in order if c is not commands[0]), commands[0]]
        for cmd in order:
            time_once(cmd)
        if progress:
            print(f"  round {r + 1}/{runs} done", file=sys.stderr)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores{load}; Python {platform.python_version()} "
        f"({platform.python_implementation()}) on {platform.system()} {platform.release()}; "
        f"{datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}"
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def report(floor: Command, cases: list[Case], runs: int, notes: list[str]) -> tuple[str, list[str]]:
    f = floor.median()
    lines = [
        f"Machine: {machine()}.",
        f"Medians of {runs} interleaved rounds (wall clock; CPU = user + system of the process "
        f"and its children). Floor: `python -c pass` = {ms(f)} ms wall, "
        f"{ms(floor.median_cpu())} ms CPU.",
        "",
        "| project | reqhooks check ms | × floor | CPU × floor | peer | peer ms | peer ÷ reqhooks |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    fc = floor.median_cpu()
    failures: list[str] = []
    for c in cases:
        r = c.reqhooks.median()
        first = True
        rows = c.peers or [("", None)]
        for label, peer in rows:
            cols = [c.what, ms(r), f"{r / f:.1f}", f"{c.reqhooks.median_cpu() / fc:.1f}"] if first else ["", "", "", ""]
            if peer is None:
                cols += ["", "", ""]
            else:
                bad = peer.codes - set(peer.ok_codes)
                flag = f" (exit {sorted(bad)})" if bad else ""
                cols += [f"`{label}`{flag}", ms(peer.median()), f"{peer.median() / r:.1f}"]
            lines.append("| " + " | ".join(cols) + " |")
            first = False
        for label, variant in c.variants:
            n = variant.median()
            lines.append(
                f"| ↳ {label} | {ms(n)} | {n / f:.1f} | {variant.median_cpu() / fc:.1f} | | | |"
            )
        bad = c.reqhooks.codes - set(c.reqhooks.ok_codes)
        if bad:
            failures.append(f"{c.name}: reqhooks exited {sorted(bad)}: {diagnose(c.reqhooks)}")
        for label, peer in c.peers:
            if peer.codes - set(peer.ok_codes):
                notes.append(f"{c.name}: `{label}` exited {sorted(peer.codes)}: {diagnose(peer)}")

    lines += ["", "Budgets:", ""]
    by_name = {c.name: c for c in cases}

    def budget(ok: bool, text: str) -> None:
        lines.append(f"- {'met' if ok else 'NOT MET'}: {text}")
        if not ok:
            failures.append(text)

    for c in cases:
        # The main row (every cache warm: the same files checked again, as by a second hook
        # or a second save), and where timed: the files changed since (parse caches warm, no
        # findings remembered) and a first run (no cache, as on a fresh CI machine).
        conditions = [("", c.reqhooks)] + [
            (f" ({label})", cmd)
            for label, cmd in c.variants
            if label in (EDITED, EDITED_HOOK, SAVED, NOT_REMEMBERED, "no parse cache")
        ]
        for suffix, cmd in conditions:
            r = cmd.median()
            if c.name.startswith("typical-"):
                budget(r <= 3 * f, f"{c.name}{suffix}: reqhooks {r / f:.2f}× floor (≤ 3×)")
                for label, peer in c.peers:
                    p = peer.median()
                    if label.startswith("poetry"):
                        budget(p >= 10 * r, f"{c.name}{suffix}: poetry check --lock takes {p / r:.1f}× reqhooks (≥ 10×)")
                    if label.startswith("uv"):
                        budget(p >= r, f"{c.name}{suffix}: uv lock --check takes {p / r:.2f}× reqhooks (≥ 1×)")
            elif c.name == "requirements-5000" or c.name.endswith("-3000"):
                budget(r < 10 * f, f"{c.name}{suffix}: reqhooks {r / f:.2f}× floor (< 10×)")
    small, large = by_name.get("monorepo-20"), by_name.get("monorepo-200")
    if small and large:
        pairs = [("", small.reqhooks, large.reqhooks)]
        small_nr, large_nr = (dict(c.variants).get(NOT_REMEMBERED) for c in (small, large))
        if small_nr and large_nr:
            pairs.append((f" ({NOT_REMEMBERED})", small_nr, large_nr))
        for suffix, s_cmd, l_cmd in pairs:
            growth = (l_cmd.median() - f) / max(s_cmd.median() - f, 1e-9)
            cpu_growth = (l_cmd.median_cpu() - fc) / max(s_cmd.median_cpu() - fc, 1e-9)
            budget(
                growth < 15,
                f"monorepo{suffix}: 10× the projects costs {growth:.1f}× the time above the floor "
                f"({cpu_growth:.1f}× CPU; linear is 10×, < 15× accepted)",
            )
    if notes:
        lines += ["", "Notes:", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines), failures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few sizes and rounds (CI smoke test)")
    parser.add_argument("--runs", type=int, help="interleaved rounds (default 11; 3 with --quick)")
    parser.add_argument("--keep", metavar="DIR", help="generate the projects here and keep them")
    parser.add_argument("--check", action="store_true", help="exit 1 if a budget is not met")
    parser.add_argument("--compare", metavar="REV", help="also time reqhooks at this git revision, side by side")
    parser.add_argument("--only", metavar="NAMES", help="comma-separated parts of case names to keep (e.g. typical,3000)")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 11)
    with tempfile.TemporaryDirectory(prefix="reqhooks-bench-") as tmp:
        root = Path(args.keep).absolute() if args.keep else Path(tmp) / "projects"
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        print(f"Generating projects in {root} ...", file=sys.stderr)
        floor, cases, notes = build_cases(root, args.quick, Path(tmp) / "scratch", args.compare, args.only)
        commands = all_commands(floor, cases)
        print(f"Timing {len(commands)} commands, {runs} rounds ...", file=sys.stderr)
        run_rounds(commands, runs, progress=True)
        text, failures = report(floor, cases, runs, notes)
    print(text)
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
