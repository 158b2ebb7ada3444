"""A run imports what it needs and nothing else (start-up time is the product).

Each case runs in a fresh interpreter and lists the modules it imported beyond those
``python -c pass`` imports in the same environment (site hooks, .pth files).

Measured on the reference machine (2-core AMD EPYC shared with other test runs, CPython
3.11, bytecode compiled, ``python -X importtime`` self times summed, medians of 7;
``python tests/test_imports.py`` prints them), beyond what the interpreter imports at
start-up: ``reqhooks --version`` 10 modules for 4 ms; a check of a requirements file of
plain pins 36 modules for 11 ms; the typical project of
``test_a_typical_project_needs_no_packaging_argparse_or_subprocess`` 49 modules for 13 ms,
its patterns built from the program cache (at 7e6c55a, on a busier machine: 11 modules,
``gc`` one of them, 36 and 49, for 7, 15 and 21 ms; at 8ebad97: 10 for 6 ms, 34 for 15 ms
and 42 for 23 ms; at 5fdb113: 25 modules for 13-17 ms, 49 for 40-55 ms and 89 for 80-90 ms).  Without
bytecode (PYTHONDONTWRITEBYTECODE=1 on a fresh checkout, as this suite runs) compiling
reqhooks roughly doubles a typical run (benchmarks/README.md).
"""

from __future__ import annotations

import ast
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

import reqhooks

# Never imported offline, whatever is checked: the network, and its helpers.
NETWORK = ("http", "urllib.request", "socket", "ssl", "email", "concurrent", "asyncio", "certifi")
# Only a run that reads TOML, JSON or a lock needs these.
PARSERS = ("tomllib", "tomli", "json", "reqhooks._toml", "reqhooks._tomlfast", "hashlib")
LOCKS = (
    "reqhooks.lockhash",
    "reqhooks.readers.locks",
    "reqhooks.readers.uv_lock",
    "reqhooks.readers.poetry_lock",
    "reqhooks.readers.pdm_lock",
)

# The probe imports nothing itself (not even json): every module it lists is reqhooks' doing.
_PROBE = """
import sys
before = set(sys.modules)
sys.argv = ["reqhooks", *sys.argv[1:]]
from reqhooks.cli import main
try:
    code = main()
except SystemExit as e:  # --version
    code = e.code
new = sorted(set(sys.modules) - before)
sys.stdout.flush()
sys.stderr.write("\\n@@" + repr({"code": code, "modules": new}) + "\\n")
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_COLOR="1", REQHOOKS_TODAY="2026-11-23")
    env.pop("REQHOOKS_DEBUG", None)
    return env


def imported(args: list[str], cwd: Path) -> tuple[int, set[str]]:
    """The exit status of ``reqhooks ARGS`` and the modules it imported, in a fresh process."""
    baseline = subprocess.run(
        [sys.executable, "-c", "import sys; print(repr(sorted(sys.modules)))"],
        cwd=cwd, env=_env(), capture_output=True, text=True, check=True,
    )
    already = set(ast.literal_eval(baseline.stdout))
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=cwd, env=_env(), capture_output=True, text=True, check=False,
    )
    report = ast.literal_eval(proc.stderr.rsplit("@@", 1)[1].strip())
    # Anything the interpreter had at start-up is not reqhooks' doing.
    modules = set(report["modules"]) - already
    return report["code"], modules


def _hits(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.fixture
def plain_pins(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements.txt").write_text(
        "# service\nrequests==2.32.3\nclick==8.1.7\nidna==3.7\ncertifi==2024.8.30\n",
        encoding="utf-8",
    )
    return tmp_path


def test_version_imports_only_the_command_line(tmp_path: Path) -> None:
    code, modules = imported(["--version"], tmp_path)
    assert code == 0
    assert _hits(modules, ("packaging", *PARSERS, *NETWORK, *LOCKS, "subprocess")) == []
    assert _hits(modules, ("reqhooks.readers", "reqhooks.rules", "reqhooks.engine", "argparse")) == []


def test_plain_pins_need_no_packaging_and_no_toml(plain_pins: Path) -> None:
    code, modules = imported(["check", "requirements.txt"], plain_pins)
    assert code == 0
    assert _hits(modules, ("packaging", "tomllib", "tomli", "json", "hashlib", *NETWORK)) == []
    assert _hits(modules, LOCKS) == []
    # Files were named (as pre-commit passes them): no `git ls-files`, so no subprocess.
    assert _hits(modules, ("subprocess",)) == []


def test_plain_pins_do_not_load_the_toml_locator(plain_pins: Path) -> None:
    _, modules = imported(["check", "requirements.txt"], plain_pins)
    assert _hits(modules, PARSERS) == []


def test_a_lock_never_needs_the_network(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.11"\n'
        'dependencies = ["idna>=3"]\n',
        encoding="utf-8",
    )
    (tmp_path / "uv.lock").write_text(
        'version = 1\nrevision = 3\nrequires-python = ">=3.11"\n\n'
        '[[package]]\nname = "app"\nversion = "1"\nsource = { editable = "." }\n'
        'dependencies = [\n    { name = "idna" },\n]\n\n'
        '[package.metadata]\nrequires-dist = [{ name = "idna", specifier = ">=3" }]\n\n'
        '[[package]]\nname = "idna"\nversion = "3.7"\n'
        'source = { registry = "https://pypi.org/simple" }\n'
        'wheels = [\n    { url = "https://files.pythonhosted.org/packages/aa/bb/idna-3.7-py3-none-any.whl",'
        ' hash = "sha256:00" },\n]\n',
        encoding="utf-8",
    )
    code, modules = imported(["check", "."], tmp_path)
    assert code in (0, 1)
    assert _hits(modules, NETWORK) == []
    assert "reqhooks.readers.uv_lock" in modules


# Heavy standard-library modules a check never needs (written out or avoided on purpose):
# argparse (the command line has a fast path), subprocess (git runs through posix_spawn),
# dataclasses (reqhooks._record), and what they pull in.
# datetime (reqhooks.data.cpython.Day) and glob (workspace members only) too.
HEAVY = (
    "argparse", "subprocess", "dataclasses", "inspect", "gettext", "locale", "shutil",
    "datetime", "glob",
)


def _typical(root: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.10"\n'
        'dependencies = ["idna>=3", "tomli>=2; python_version < \'3.11\'"]\n',
        encoding="utf-8",
    )
    (root / "uv.lock").write_text(
        'version = 1\nrevision = 3\nrequires-python = ">=3.10"\n\n'
        '[[package]]\nname = "app"\nversion = "1"\nsource = { editable = "." }\n'
        'dependencies = [\n    { name = "idna" },\n'
        '    { name = "tomli", marker = "python_full_version < \'3.11\'" },\n]\n\n'
        '[package.metadata]\nrequires-dist = [\n    { name = "idna", specifier = ">=3" },\n'
        '    { name = "tomli", marker = "python_full_version < \'3.11\'", specifier = ">=2" },\n]\n\n'
        '[[package]]\nname = "idna"\nversion = "3.7"\n'
        'source = { registry = "https://pypi.org/simple" }\n'
        'wheels = [\n    { url = "https://files.pythonhosted.org/packages/aa/bb/idna-3.7-py3-none-any.whl",'
        ' hash = "sha256:00" },\n]\n\n'
        '[[package]]\nname = "tomli"\nversion = "2.2.1"\n'
        'source = { registry = "https://pypi.org/simple" }\n'
        'wheels = [\n    { url = "https://files.pythonhosted.org/packages/aa/bb/tomli-2.2.1-cp312-cp312-macosx_11_0_arm64.whl",'
        ' hash = "sha256:00" },\n]\n',
        encoding="utf-8",
    )
    (root / "requirements.txt").write_text(
        'requests>=2.31; sys_platform != "emscripten"\nclick~=8.1\n', encoding="utf-8"
    )
    return root


def test_a_typical_project_needs_no_packaging_argparse_or_subprocess(tmp_path: Path) -> None:
    # Simple markers, specifiers and wheel tags are decided by reqhooks._pepfast and
    # reqhooks.wheels, written out and compared with packaging in their own tests.
    code, modules = imported(["check"], _typical(tmp_path))
    assert code in (0, 1)
    assert "reqhooks.readers.uv_lock" in modules
    assert "reqhooks.rules.python" in modules
    assert _hits(modules, ("packaging", *HEAVY, *NETWORK)) == []
    # Files in the layout tools write are read by reqhooks._tomlfast, not tomllib.
    assert _hits(modules, ("tomllib", "typing")) == []


def test_a_remembered_run_imports_no_reader_and_no_rule(tmp_path: Path) -> None:
    # The second run of the same command on the same files prints the findings the first
    # one remembered (reqhooks._resultcache): it hashes the files and parses none of them,
    # the pyproject.toml searched for [tool.reqhooks] included.
    root = _typical(tmp_path)
    first, modules = imported(["check"], root)
    assert "reqhooks.rules.python" in modules and "reqhooks._resultcache" in modules
    second, modules = imported(["check"], root)
    assert second == first
    assert "reqhooks._resultcache" in modules
    unused = ("reqhooks.rules", "reqhooks.readers", "reqhooks.model", "reqhooks._toml", "reqhooks._tomlfast")
    assert _hits(modules, (*unused, "reqhooks._pep", "reqhooks._pepfast", "reqhooks.wheels")) == []


def _bare_env() -> dict[str, str]:
    """For ``python -S``: reqhooks found through PYTHONPATH, no site hooks."""
    return {**_env(), "PYTHONPATH": str(Path(reqhooks.__file__).parent.parent)}


def test_the_command_imports_pathlib_without_urllib(tmp_path: Path) -> None:
    # pathlib up to Python 3.12 imports urllib.parse (and ipaddress), ~4 ms, for as_uri()
    # alone; the command (cli.run) defers it, as CPython 3.13 does.  Without site hooks:
    # this suite's environment imports pathlib at start-up (an editable-install finder).
    env = _bare_env()
    proc = subprocess.run(
        [sys.executable, "-S", "-X", "importtime", "-m", "reqhooks", "check"],
        cwd=_typical(tmp_path), env=env, capture_output=True, text=True, check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    modules = {
        line.split("|")[2].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")
    }
    assert {"pathlib", "reqhooks.rules.python"} <= modules  # not vacuous: pathlib was imported
    assert _hits(modules, ("urllib", "ipaddress", *NETWORK)) == []


def test_pathlib_imported_that_way_still_makes_uris_and_urllib_stays_whole() -> None:
    script = (
        "import sys\n"
        "from reqhooks.cli import _import_pathlib_without_urllib\n"
        "_import_pathlib_without_urllib()\n"
        "import pathlib\n"
        "assert 'urllib.parse' not in sys.modules\n"
        "print(pathlib.Path('/srv/a b/\u00fc.txt').as_uri())\n"
        "import urllib.parse\n"
        "print(urllib.parse.urlsplit('https://h/p?q').query, urllib.parse.quote('a b'))\n"
        "from urllib.parse import quote_from_bytes\n"
        "print(quote_from_bytes(b'/x y'))\n"
    )
    env = _bare_env()
    proc = subprocess.run(
        [sys.executable, "-S", "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.splitlines() == ["file:///srv/a%20b/%C3%BC.txt", "q a%20b", "/x%20y"]


def test_importing_reqhooks_leaves_pathlib_as_python_makes_it() -> None:
    # The deferral belongs to the command alone: importing reqhooks as a library (an
    # editor's server, a test) leaves the import system as it is.
    env = _bare_env()
    probe = "import sys, reqhooks.cli, reqhooks.engine; print('urllib.parse' in sys.modules)"
    proc = subprocess.run(
        [sys.executable, "-S", "-c", probe], env=env, capture_output=True, text=True, check=False
    )
    assert (proc.returncode, proc.stdout.strip()) == (0, str(sys.version_info < (3, 13)))


def test_plain_pins_need_no_typing(plain_pins: Path) -> None:
    _, modules = imported(["check", "requirements.txt"], plain_pins)
    assert _hits(modules, ("typing", *HEAVY)) == []


def import_cost(args: list[str], cwd: Path, runs: int = 7) -> tuple[int, float]:
    """(modules beyond ``python -c pass``, median milliseconds of their own import time)."""
    base = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "pass"],
        cwd=cwd, env=_env(), capture_output=True, text=True, check=True,
    )
    already = {line.split("|")[2].strip() for line in base.stderr.splitlines() if "|" in line}
    totals = []
    count = 0
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "reqhooks", *args],
            cwd=cwd, env=_env(), capture_output=True, text=True, check=False,
        )
        own = [
            int(line.split("|")[0].split(":")[1])
            for line in proc.stderr.splitlines()
            if line.startswith("import time:") and "self [us]" not in line
            and line.split("|")[2].strip() not in already
        ]
        totals.append(sum(own) / 1000)
        count = len(own)
    return count, statistics.median(totals)


if __name__ == "__main__":  # pragma: no cover - prints the figures quoted above
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()
        (root / "requirements.txt").write_text("requests==2.32.3\nclick==8.1.7\n", encoding="utf-8")
        for args in (["--version"], ["check", "requirements.txt"]):
            n, ms = import_cost(args, root)
            print(f"reqhooks {' '.join(args)}: {n} modules, {ms:.1f} ms of imports (median of 7)")
    with tempfile.TemporaryDirectory() as tmp:
        n, ms = import_cost(["check"], _typical(Path(tmp)))
        print(f"reqhooks check (typical project): {n} modules, {ms:.1f} ms of imports (median of 7)")


def test_a_poetry_project_hashes_its_pyproject_without_json(tmp_path: Path) -> None:
    # The content-hash is computed on every run (lock drift); json's import compiles regexes.
    from reqhooks._toml import load
    from reqhooks.lockhash import poetry_content_hash

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    pyproject = (
        '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.10"\n'
        'dependencies = ["idna>=3"]\n'
    )
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (tmp_path / "poetry.lock").write_text(
        "# This file is automatically @generated by Poetry 2.1.3 and should not be changed by hand.\n\n"
        '[[package]]\nname = "idna"\nversion = "3.7"\ndescription = ""\noptional = false\n'
        'python-versions = ">=3.6"\ngroups = ["main"]\nfiles = [\n'
        '    {file = "idna-3.7-py3-none-any.whl", hash = "sha256:00"},\n]\n\n'
        '[metadata]\nlock-version = "2.1"\npython-versions = ">=3.10"\n'
        f'content-hash = "{poetry_content_hash(load(pyproject))}"\n',
        encoding="utf-8",
    )
    code, modules = imported(["check"], tmp_path)
    assert code == 0  # a fresh lock: the hash was computed, and matched
    assert {"reqhooks.readers.poetry_lock", "reqhooks.lockhash"} <= modules
    assert _hits(modules, ("json", "_json", "packaging", *HEAVY, *NETWORK)) == []
