"""The command line: ``reqhooks check|backports|pins|lock|python|rules|explain``.

Exit status: 0 nothing at or above ``--fail-on``, 1 findings, 2 usage, configuration or
internal error.  Entry points import only the standard library at top level.
"""

from __future__ import annotations

import os
import sys

from reqhooks import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Final, NoReturn, TextIO

    from reqhooks.engine import Result
    from reqhooks.findings import Finding
    from reqhooks.settings import Settings

FAMILY_COMMANDS: Final = {
    "check": ("hygiene", "backports", "pins", "lock", "python"),
    "backports": ("backports",),
    "pins": ("pins",),
    "lock": ("lock",),
    "python": ("python",),
}
COMMANDS: Final = (*FAMILY_COMMANDS, "rules", "explain", "lsp")

DESCRIPTION: Final = """\
Check Python dependency files (requirements*.txt, constraints, pyproject.toml, Pipfile and the
lock files of Poetry, uv, PDM, Pipenv, pip-tools and PEP 751) for stdlib backports, unpinned
critical libraries, lock drift and Python-version incompatibility.
"""


class UsageError(Exception):
    pass


def _add_check_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .); - reads stdin")
    p.add_argument("--select", metavar="CODES", help="comma-separated codes or prefixes to enable (default: ALL)")
    p.add_argument("--ignore", metavar="CODES", help="comma-separated codes or prefixes to disable")
    p.add_argument("--extend-select", metavar="CODES", help="codes to enable on top of the selection")
    p.add_argument(
        "--format", dest="output_format", choices=("text", "json", "sarif", "github"), help="output format (default: text)"
    )
    p.add_argument("--target-python", metavar="VERSIONS", help="target Python minors, e.g. 3.12,3.13")
    p.add_argument("--platform", metavar="LIST", help="target platforms, e.g. linux-x86_64,macos-arm64")
    p.add_argument("--config", metavar="FILE", help="configuration file (default: nearest [tool.reqhooks] or reqhooks.toml)")
    p.add_argument("--isolated", action="store_true", help="ignore configuration files")
    p.add_argument("--fix", action="store_true", help="apply safe fixes")
    p.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes (with --fix or --diff)")
    p.add_argument("--diff", action="store_true", help="print the fixes as a diff instead of writing them")
    p.add_argument("--stdin-filename", metavar="NAME", help="read NAME's content from stdin (for editors)")
    online = p.add_mutually_exclusive_group()
    online.add_argument("--online", dest="online", action="store_true", default=None, help="consult the package index")
    online.add_argument("--offline", dest="online", action="store_false", help="never use the network (default)")
    p.add_argument("--index-url", metavar="URL", help="index for --online (default: the file's own, PIP_INDEX_URL, PyPI)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    p.add_argument("--fail-on", choices=("error", "warning"), help="lowest severity that fails the run (default: warning)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text output")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            raise UsageError(f"{self.prog}: error: {message}")

    parser = _Parser(prog="reqhooks", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"reqhooks {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    helps = {
        "check": "run every rule family (the default command)",
        "backports": "stdlib backports (BKP)",
        "pins": "pinning policy for critical libraries (PIN)",
        "lock": "lock drift (LCK)",
        "python": "Python-version compatibility (PYV)",
    }
    for name, text in helps.items():
        _add_check_options(sub.add_parser(name, help=text, description=text))
    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", dest="output_format", choices=("text", "json"), default="text")
    explain = sub.add_parser("explain", help="show a rule's documentation")
    explain.add_argument("code", metavar="CODE")
    # Listed for --help; main() hands `lsp ...` to reqhooks.lsp before parsing.
    sub.add_parser("lsp", help="run the language server over stdio (pip install 'reqhooks[lsp]')")
    return parser


#: The check commands' options as ``build_parser`` declares them: (dest, choices or None).
_VALUE_OPTIONS: Final = {
    "--select": ("select", None),
    "--ignore": ("ignore", None),
    "--extend-select": ("extend_select", None),
    "--format": ("output_format", ("text", "json", "sarif", "github")),
    "--target-python": ("target_python", None),
    "--platform": ("platform", None),
    "--config": ("config", None),
    "--stdin-filename": ("stdin_filename", None),
    "--index-url": ("index_url", None),
    "--fail-on": ("fail_on", ("error", "warning")),
    "--color": ("color", ("auto", "always", "never")),
}
_FLAG_OPTIONS: Final = {
    "--isolated": "isolated",
    "--fix": "fix",
    "--unsafe-fixes": "unsafe_fixes",
    "--diff": "diff",
    "--exit-zero": "exit_zero",
}
_CHECK_DEFAULTS: Final = {
    **{dest: None for dest, _ in _VALUE_OPTIONS.values()},
    **{dest: False for dest in _FLAG_OPTIONS.values()},
    "color": "auto",
    "online": None,
}


def _fast_args(args_list: list[str]) -> argparse.Namespace | None:
    """What ``build_parser().parse_args(args_list)`` returns for a plain check command line
    (a check command, whole option names with their values, and one run of paths; the last
    of a repeated option wins, as in argparse), without importing ``argparse``: a hook runs on every commit, and argparse with
    its help formatter costs more than the interpreter's start-up.  None for anything else
    (help, abbreviations, ``--``, a value that starts with ``-``, a bad choice, an error),
    which argparse then decides; ``tests/test_cli.py`` compares the two."""
    from types import SimpleNamespace

    command = args_list[0]
    if command not in FAMILY_COMMANDS:
        return None
    values: dict[str, object] = {"command": command, "paths": [], **_CHECK_DEFAULTS}
    paths: list[str] = []
    path_runs = 0
    previous_was_path = False
    online_from: str | None = None
    i = 1
    while i < len(args_list):
        token = args_list[i]
        i += 1
        if not token.startswith("-") or token == "-":
            if not token:
                return None
            if not previous_was_path:
                path_runs += 1
            paths.append(token)
            previous_was_path = True
            continue
        previous_was_path = False
        name, eq, value = token.partition("=")
        if name in _VALUE_OPTIONS:
            dest, choices = _VALUE_OPTIONS[name]
            if not eq:
                if i >= len(args_list):
                    return None
                value = args_list[i]
                i += 1
            if not value or value.startswith("-") or (choices is not None and value not in choices):
                return None
            values[dest] = value
        elif eq:
            return None
        elif name in _FLAG_OPTIONS:
            values[_FLAG_OPTIONS[name]] = True
        elif name in ("--online", "--offline"):
            if online_from is not None and online_from != name:
                return None  # argparse: not allowed with
            online_from = name
            values["online"] = name == "--online"
        else:
            return None
    if path_runs > 1:
        return None  # argparse leaves a second run of paths unrecognised
    values["paths"] = paths
    return SimpleNamespace(**values)  # type: ignore[return-value]


def _settings(args: argparse.Namespace, families: tuple[str, ...]) -> Settings:
    from pathlib import Path

    from reqhooks import settings as s

    base = s.Settings(today=s.today_from_env())
    if not args.isolated:
        if args.config:
            path = Path(args.config)
            if not path.is_file():
                raise s.ConfigError(f"--config: {args.config}: no such file")
            base = s.from_config(s.load_config_file(path), str(path), base)
            base = base.with_(config_path=path, config_root=path.absolute().parent)
        else:
            start = Path.cwd()
            # An editor's buffer: its configuration is the file's, wherever the editor runs us.
            given = [p for p in args.paths if p != "-"] or [args.stdin_filename or "."]
            if given != ["."]:
                first = Path(given[0])
                start = first if first.is_dir() else first.absolute().parent
            found = s.find_config(start)
            if found is not None:
                path, table = found
                base = s.from_config(table, _rel(path), base)
                base = base.with_(config_path=path, config_root=path.parent)
    changes: dict[str, object] = {}
    if args.select is not None:
        changes["select"] = s.parse_codes(args.select, "--select")
    if args.extend_select is not None:
        changes["select"] = changes.get("select", base.select) + s.parse_codes(args.extend_select, "--extend-select")  # type: ignore[operator]
    if args.ignore is not None:
        changes["ignore"] = base.ignore + s.parse_codes(args.ignore, "--ignore")
    if args.target_python is not None:
        changes["target_python"] = s.parse_pythons(args.target_python, "--target-python")
    if args.platform is not None:
        changes["platforms"] = s.parse_platforms(args.platform, "--platform")
    if args.online is not None:
        changes["online"] = args.online
    if args.index_url is not None:
        changes["index_url"] = args.index_url
    if args.output_format is not None:
        changes["output_format"] = args.output_format
    if args.fail_on is not None:
        changes["fail_on"] = args.fail_on
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise s.ConfigError("--unsafe-fixes needs --fix or --diff")
    changes.update(
        fix=args.fix,
        unsafe_fixes=args.unsafe_fixes,
        diff=args.diff,
        stdin_filename=args.stdin_filename,
        exit_zero=args.exit_zero,
        color=_color(args.color),
    )
    return base.with_(**changes)


def _color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _rel(path: Path) -> str:
    from reqhooks._text import _display

    return _display(path)


def _check(args: argparse.Namespace) -> int:
    from pathlib import Path

    try:
        os.getcwd()  # every file is named relative to it
    except FileNotFoundError:
        print("reqhooks: the working directory no longer exists", file=sys.stderr)
        return 2

    if not args.paths and not args.stdin_filename:
        from reqhooks.discovery import start_git_files

        # Listed on the other core while the engine is imported and settings are read.
        start_git_files(Path("."))

    from reqhooks import engine
    from reqhooks.settings import ConfigError

    families = FAMILY_COMMANDS[args.command]
    try:
        settings = _settings(args, families)
    except (UsageError, ConfigError):
        raise
    except Exception as e:  # noqa: BLE001 - reported as one line, like any internal error
        raise engine.InternalError("the configuration", e) from e
    paths = [p for p in args.paths] or ["."]
    stdin: dict[Path, bytes] = {}
    if "-" in paths or settings.stdin_filename:
        if not settings.stdin_filename:
            raise UsageError("reading from stdin (-) needs --stdin-filename NAME")
        target = Path(settings.stdin_filename)
        stdin[target.absolute()] = sys.stdin.buffer.read()
        paths = [p for p in paths if p != "-"]
        if not paths or paths == ["."]:
            paths = [str(target)]
        elif str(target) not in paths:
            paths.append(str(target))
    path_objs = [Path(p) for p in paths]
    result = engine.run(settings, path_objs, families, stdin=stdin or None)
    findings = result.findings

    if settings.diff:
        from reqhooks import fixes

        outcomes = fixes.compute(findings, unsafe=settings.unsafe_fixes)
        for outcome in outcomes:
            _write(sys.stdout, fixes.unified_diff(outcome))
        n = sum(len(o.applied) for o in outcomes)
        if n:
            print(f"Would fix {n} problem{'s' if n != 1 else ''}.", file=sys.stderr)
        return 1 if outcomes and not settings.exit_zero else 0

    out = sys.stdout
    if settings.fix:

        def rerun(buffers: dict[Path, bytes] | None) -> Result:
            return engine.run(settings, path_objs, families, stdin=buffers)

        if stdin:
            # Editors: the fixed buffer goes to stdout, the remaining findings to stderr.
            findings, result = _fix_stdin(settings, result, stdin, rerun)
            out = sys.stderr
        else:
            findings, result = _fix(settings, result, rerun)

    from reqhooks import reporters

    reporter = reporters.get(settings.output_format, color=settings.color and out is sys.stdout)
    text = reporter.render(findings, result.files_checked)
    if text:
        _write(out, text)
    for note in result.notes:
        _write(sys.stderr, f"reqhooks: {_masked(note)}\n")
    if settings.exit_zero:
        return 0
    threshold = {"error": 2, "warning": 1}[settings.fail_on]
    level = {"error": 2, "warning": 1}
    return 1 if any(level[f.severity] >= threshold for f in findings) else 0


#: Fixes that touch the same span (the same package listed twice) are applied one per run;
#: --fix runs again until nothing fixable is left, so that a second --fix changes nothing.
_FIX_PASSES: Final = 10


def _pending(findings: list[Finding], settings: Settings) -> bool:
    return any(
        f.fix is not None and f.doc is not None and (f.fix.safe or settings.unsafe_fixes)
        for f in findings
    )


def _fix(
    settings: Settings, result: Result, rerun: Callable[[dict[Path, bytes] | None], Result]
) -> tuple[list[Finding], Result]:
    from reqhooks import fixes

    total = 0
    for _ in range(_FIX_PASSES):
        fixed: set[int] = set()
        failed = False
        for outcome in fixes.compute(result.findings, unsafe=settings.unsafe_fixes):
            error = fixes.write(outcome, result.documents[outcome.path])
            if error is not None:
                _write(sys.stderr, f"reqhooks: {outcome.display}: {error}\n")
                failed = True
                continue
            fixed.update(id(f) for f in outcome.applied)
        total += len(fixed)
        remaining = [f for f in result.findings if id(f) not in fixed]
        if failed or not fixed or not _pending(remaining, settings):
            break
        result = rerun(None)
        remaining = result.findings
    if total:
        print(f"Fixed {total} problem{'s' if total != 1 else ''}.", file=sys.stderr)
    return remaining, result


def _fix_stdin(
    settings: Settings,
    result: Result,
    stdin: dict[Path, bytes],
    rerun: Callable[[dict[Path, bytes] | None], Result],
) -> tuple[list[Finding], Result]:
    from reqhooks import fixes

    (path,) = stdin
    # The editor gets its buffer back byte for byte (encoding, BOM), fixed or not: a buffer
    # reqhooks could not decode is returned as it came, never "repaired".
    data = stdin[path]
    doc = result.documents.get(path)
    for _ in range(_FIX_PASSES):
        fixed: set[int] = set()
        for outcome in fixes.compute(result.findings, unsafe=settings.unsafe_fixes):
            if outcome.path == path and doc is not None:
                data = fixes.encode(doc, outcome.new)
                fixed.update(id(f) for f in outcome.applied)
        remaining = [f for f in result.findings if id(f) not in fixed]
        if not fixed or not _pending(remaining, settings):
            break
        result = rerun({path: data})
        doc = result.documents.get(path)
        remaining = result.findings
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # a text-only stream (in-process callers)
        sys.stdout.write(data.decode(doc.encoding if doc is not None else "utf-8", "surrogateescape"))
        sys.stdout.flush()
    return remaining, result


def _write(stream: TextIO, text: str) -> None:
    """Write ``text``; what the stream cannot encode (a file name that is not UTF-8 on a strict
    terminal, a package name on a cp1252 console) goes out as a backslash escape, not a crash."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def _rules(args: argparse.Namespace) -> int:
    from reqhooks.registry import RULES

    if args.output_format == "json":
        import json

        payload = [
            {
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "severity": r.severity,
                "fixable": r.fix,
                "summary": r.summary,
            }
            for r in RULES
        ]
        print(json.dumps(payload, indent=2))
        return 0
    width = max(len(r.name) for r in RULES)
    print(f"{'code':<7} {'name':<{width}} {'severity':<8} {'fix':<6} summary")
    for r in RULES:
        print(f"{r.code:<7} {r.name:<{width}} {r.severity:<8} {r.fix or '-':<6} {r.summary}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    from reqhooks.registry import BY_CODE, doc

    code = args.code.upper()
    rule = BY_CODE.get(code)
    if rule is None:
        matches = [c for c in BY_CODE if c.startswith(code)] if code else []
        hint = f"; did you mean {', '.join(matches)}?" if matches else "; `reqhooks rules` lists them"
        print(f"reqhooks: unknown rule code {args.code!r}{hint}", file=sys.stderr)
        return 2
    fix = {"safe": "safe fix available", "unsafe": "unsafe fix available (--unsafe-fixes)", None: "no fix"}[rule.fix]
    print(f"{rule.code} ({rule.name}): {rule.summary}")
    print(f"Default severity: {rule.severity}; {fix}.")
    print()
    sys.stdout.write(doc(code))
    return 0


def _import_pathlib_without_urllib() -> None:
    """Import ``pathlib`` without ``urllib.parse`` (and its ``ipaddress``), as Python 3.13 does.

    Up to 3.12, ``pathlib`` imports ``urllib.parse`` for one function that only
    ``Path.as_uri()`` calls; importing it (and ``ipaddress``, which it imports) is about
    4 ms of a run that should take a few times the interpreter's start-up.  CPython 3.13
    defers that import into ``as_uri()``; this does the same for older Pythons: ``pathlib``
    is imported while ``sys.modules`` holds a stand-in for ``urllib.parse`` whose
    ``quote_from_bytes`` imports the real module when first called, and the stand-in is
    removed at once, so any later ``import urllib.parse`` gets the real module.  Only
    :func:`run` calls it, first thing in a fresh process (one thread, nothing else
    importing); nothing happens when either module is already imported (site hooks that
    import them).  tests/test_imports.py checks both halves: the command imports neither
    module, and ``as_uri()`` still works.
    """
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


def run() -> NoReturn:
    """The ``reqhooks`` command (console script and ``python -m reqhooks``): :func:`main`,
    then the process ends without tearing its heap down.

    A run leaves hundreds of thousands of objects behind (a parsed lock alone), which the
    interpreter's shutdown would free one by one before exiting, 5-10 ms of every run; the
    operating system takes the whole address space back at once.  mypy ends its runs the
    same way.  Exit handlers run first and the standard streams are flushed, so nothing is
    lost; if flushing fails (a closed pipe) the interpreter's own exit handles it as usual.

    The garbage collector is off from the start (the engine pauses it for the run anyway):
    the imports alone allocate enough to trigger it dozens of times, each pass walking the
    same module objects, 3-4 ms of a typical run; a one-shot process frees nothing it needs
    to.  Not for ``reqhooks lsp``, which runs for an editor session.
    """
    _import_pathlib_without_urllib()
    if sys.argv[1:2] != ["lsp"]:
        import gc

        gc.disable()
    code = main()
    import atexit

    atexit._run_exitfuncs()  # e.g. the pattern cache's write (reqhooks._lazy)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["lsp"]:
        from reqhooks.lsp import main as lsp_main

        return lsp_main(args_list[1:])
    if args_list == ["--version"]:  # without argparse's import (as `--version` prints it)
        print(f"reqhooks {__version__}")
        return 0
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help", "--version")):
        args_list.insert(0, "check")
    from reqhooks.settings import ConfigError

    try:
        args = _fast_args(args_list) or build_parser().parse_args(args_list)
        if args.command == "rules":
            return _rules(args)
        if args.command == "explain":
            return _explain(args)
        return _check(args)
    except UsageError as e:
        print(_masked(str(e)), file=sys.stderr)
        print("Try 'reqhooks --help'.", file=sys.stderr)
        return 2
    except ConfigError as e:
        print(f"reqhooks: configuration error: {_masked(str(e))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - never a bare traceback at the user
        return _internal_error(e)


def _internal_error(e: BaseException) -> int:
    from reqhooks.engine import InternalError

    if os.environ.get("REQHOOKS_DEBUG"):
        import traceback

        _write(sys.stderr, _masked(traceback.format_exc()))
    where = e.where if isinstance(e, InternalError) else "?"
    original = e.original if isinstance(e, InternalError) else e
    # One line, whatever the exception says (packaging's messages span three), and no secret.
    said = " ".join(str(original).split())
    if len(said) > 300:
        said = said[:300] + "..."
    _write(
        sys.stderr,
        f"reqhooks {__version__}: internal error while checking {where}: "
        f"{type(original).__name__}: {_masked(said)} "
        "(set REQHOOKS_DEBUG=1 for the traceback; please report it)\n",
    )
    return 2


def _masked(text: str) -> str:
    from reqhooks._mask import mask_secrets

    return mask_secrets(text)


if __name__ == "__main__":
    raise SystemExit(main())
