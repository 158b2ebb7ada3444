"""Where one ``reqhooks check`` run spends its time, phase by phase, in one process.

    python benchmarks/phases.py PROJECT_DIR [--repeat N] [--cprofile]

Phases: imports (everything a run imports, measured before the run starts), discovery,
reading each file (TOML parsing is the bulk of it for locks), each rule family, and the
report.  The first pass is the one a real process pays (cold caches: lru_caches, compiled
regexes, lazily built indexes); ``--repeat`` adds warm passes for comparison.  With
``--cprofile`` the cold pass runs under cProfile and the 35 costliest functions are printed.
Run it with the bytecode a real install has (the default ``__pycache__``, or a
``PYTHONPYCACHEPREFIX``); under ``PYTHONDONTWRITEBYTECODE=1`` on a fresh checkout the
import phase includes compiling reqhooks.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

T0 = time.perf_counter()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args()
    os.chdir(args.project)
    sys.argv = ["reqhooks", "check"]
    before = set(sys.modules)
    t = time.perf_counter()
    from reqhooks import engine  # the run's own imports follow lazily; timed below
    from reqhooks.cli import FAMILY_COMMANDS, _fast_args, _settings

    print(f"import cli+engine     {1000 * (time.perf_counter() - t):7.1f} ms")
    for i in range(args.repeat):
        phases = run_phases(engine, _fast_args, _settings, FAMILY_COMMANDS, args.cprofile and i == 0)
        label = "cold" if i == 0 else "warm"
        total = sum(phases.values())
        print(f"-- pass {i + 1} ({label}): {1000 * total:.1f} ms")
        for name, seconds in phases.items():
            print(f"  {name:<22}{1000 * seconds:7.1f} ms")
    new = sorted(m for m in set(sys.modules) - before if not m.startswith("reqhooks"))
    print(f"modules imported besides reqhooks: {len(new)}: {' '.join(m for m in new if '.' not in m)}")
    return 0


def run_phases(engine, parse_args, settings_of, families_of, profile: bool) -> dict[str, float]:  # type: ignore[no-untyped-def]
    import cProfile
    import importlib
    import pstats

    from reqhooks.discovery import discover

    import gc

    gc.disable()  # as engine.run does
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    phases: dict[str, float] = {}
    t = time.perf_counter()
    args = parse_args(["check"])  # what main() runs for a plain command line
    families = families_of["check"]
    settings = settings_of(args, families)
    phases["argv + settings"] = time.perf_counter() - t

    t = time.perf_counter()
    found = discover([Path(".")], exclude=settings.exclude)
    phases["discover"] = time.perf_counter() - t
    loader = engine.Loader(settings)
    ctx = engine.Context(settings)
    projects = []
    for root, files in sorted(found.projects.items()):
        from reqhooks.model import Project

        project = Project(root=root)
        for path, kind in files:
            t = time.perf_counter()
            loader._load(project, path, kind)
            key = f"read {kind}"
            phases[key] = phases.get(key, 0.0) + time.perf_counter() - t
        projects.append(project)
    ctx.projects = projects
    codes = engine.selected_codes(settings, families)
    findings = list(loader.findings)
    for family in ("hygiene", "backports", "pins", "lock", "python"):
        t = time.perf_counter()
        module = importlib.import_module(engine.FAMILY_MODULES[family])
        for project in projects:
            findings.extend(module.check(project, ctx))
        phases[f"rules {family}"] = time.perf_counter() - t
    t = time.perf_counter()
    out = list(engine.filter_findings(findings, settings, codes, None))
    from reqhooks import reporters

    text = reporters.get("text", color=False).render(out, len(loader.documents))
    io.StringIO().write(text)
    phases["filter + report"] = time.perf_counter() - t
    if prof:
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(35)
    gc.enable()
    return phases


if __name__ == "__main__":
    raise SystemExit(main())
