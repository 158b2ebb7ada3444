"""Differential test: PYV002's wheel verdicts agree with what pip itself downloads.

The subjects are the registry packages of the fixture locks under ``fixtures/python/``
(written by poetry, uv and pdm from PyPI), each with the exact wheel file names its lock
records.  Each wheel is generated as a tiny valid wheel with that very name and served, with
a pure ``py3-none-any`` fallback at version ``<version>.dev0``, from a PEP 503 index on
127.0.0.1.  For each target (Python, platform) ``pip download`` fetches
``name>=<version>.dev0,<=<version>`` for every subject with ``--no-deps --only-binary=:all:``,
emulating the target with ``--python-version``, ``--implementation cp``, ``--abi`` and
``--platform``: it comes back with the locked version exactly when one of its wheels fits the
target, and with the fallback otherwise, so one miss does not abort the batch.  A name locked
at several versions (numpy) needs one pip run per version, so the subjects are split into
batches of distinct names.  The ~90 runs go through pip's own command-line entry point in one
process per core (importing pip costs more than a download from 127.0.0.1).

Two verdicts are compared with pip's:

- ``wheel_gaps``, the function PYV002 decides with, for every subject and every target;
- the PYV002 findings ``reqhooks python`` prints for each fixture project on the same
  targets: every target a finding lists lacks a wheel for pip (sound), and for every
  subject the lock installs unconditionally (no marker, no fork) every target pip cannot
  serve is listed (complete).  Requires-Python is left out: pip would read it from the
  index's ``data-requires-python``, which this index does not serve, and PYV001 owns it.

Sdist-only releases are not subjects: PYV002 is quiet about them by design.  The helpers
for wheels, the server and pip's environment are those of ``test_wheels_pip``.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from reqhooks._text import read_document
from reqhooks.cli import main
from reqhooks.model import LockedPackage
from reqhooks.readers import locks
from reqhooks.rules.python import wheel_gaps
from reqhooks.targets import minor_in_range
from tests.conftest import FIXTURES
from tests.test_wheels_pip import _pip_env, _pip_platform_args, _QuietHandler, _sha256, _write_wheel

LOCKS = FIXTURES / "python"
PROJECTS = {"poetry": "poetry.lock", "uv": "uv.lock", "pdm": "pdm.lock", "pylock": "pylock.toml"}
PYTHONS = [(3, 10), (3, 11), (3, 12), (3, 13), (3, 15)]
PLATFORMS = [
    "linux-x86_64",
    "linux-aarch64",
    "musllinux-x86_64",
    "macos-arm64",
    "macos-x86_64",
    "windows-amd64",
]
ENVS = [(py, plat) for plat in PLATFORMS for py in PYTHONS]

Env = tuple[tuple[int, int], str]


@dataclass(frozen=True)
class Subject:
    name: str  # canonical
    version: str
    files: tuple[str, ...]  # wheel file names, as the lock records them


def _read(project: str) -> list[LockedPackage]:
    path = LOCKS / project / PROJECTS[project]
    kind = locks.kind_for(path)
    assert kind is not None
    lock, findings = locks.read(read_document(path), kind)
    assert lock is not None and findings == []
    return lock.packages


def _subjects() -> list[Subject]:
    found: dict[tuple[str, str], Subject] = {}
    for project in PROJECTS:
        for pkg in _read(project):
            wheels = tuple(sorted(f for f in pkg.files if f.endswith(".whl")))
            if pkg.source != "registry" or pkg.version is None or not wheels:
                continue
            # uv leaves out the wheels its requires-python excludes (cp39 here): serve the union.
            previous = found.get((pkg.name, pkg.version))
            if previous is not None:
                wheels = tuple(sorted(set(previous.files) | set(wheels)))
            found[pkg.name, pkg.version] = Subject(pkg.name, pkg.version, wheels)
    return sorted(found.values(), key=lambda s: (s.name, s.version))


SUBJECTS = _subjects()


def _batches() -> list[list[Subject]]:
    """Subjects split so that no batch asks pip for one name twice."""
    batches: list[list[Subject]] = []
    for subject in SUBJECTS:
        for batch in batches:
            if all(s.name != subject.name for s in batch):
                batch.append(subject)
                break
        else:
            batches.append([subject])
    return batches


BATCHES = _batches()


def _fallback(version: str) -> str:
    return f"{version}.dev0"


def _build_index(root: Path) -> None:
    files = root / "files"
    files.mkdir(parents=True)
    pages: dict[str, list[Path]] = {}
    for subject in SUBJECTS:
        written = []
        for filename in subject.files:
            dist, version, tags = filename[: -len(".whl")].split("-", 2)
            wheel = _write_wheel(files, dist, version, tags)
            assert wheel.name == filename
            written.append(wheel)
        written.append(
            _write_wheel(files, subject.name, _fallback(subject.version), "py3-none-any")
        )
        pages.setdefault(subject.name, []).extend(written)
    for name, wheels in pages.items():
        page = root / "simple" / name
        page.mkdir(parents=True)
        links = "".join(
            f'<a href="../../files/{html.escape(w.name)}#sha256={_sha256(w)}">{html.escape(w.name)}</a>\n'
            for w in wheels
        )
        (page / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n")


@pytest.fixture(scope="module")
def index_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("lock-index")
    _build_index(root)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# One process runs pip's own command line for many targets in turn: importing pip costs more
# than a download from 127.0.0.1, and this test makes about a hundred of them.
_DRIVER = """
import json, sys
from pip._internal.cli.main import main
print(json.dumps([main(args) for args in json.load(sys.stdin)]))
"""


def _pip_args(index_url: str, dest: Path, env: Env, batch: list[Subject]) -> list[str]:
    python, platform = env
    nodot = f"{python[0]}{python[1]}"
    return [
        "download", "--no-deps", "--only-binary=:all:", "--progress-bar=off", "--quiet",
        "--timeout=10", "--retries=0",
        f"--python-version={python[0]}.{python[1]}", "--implementation=cp", f"--abi=cp{nodot}",
        *_pip_platform_args(platform),
        f"--index-url={index_url}", "--dest", str(dest),
        *(f"{s.name}>={_fallback(s.version)},<={s.version}" for s in batch),
    ]  # fmt: skip


def _run_pip(runs: list[list[str]]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _DRIVER],
        input=json.dumps(runs),
        env=_pip_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [0] * len(runs), result.stderr


def _taken(dest: Path) -> set[tuple[str, str]]:
    """The (name, version) pip downloaded into ``dest``, fallbacks left out."""
    taken = set()
    for wheel in dest.glob("*.whl"):
        dist, version = wheel.name.split("-")[:2]
        if not version.endswith(".dev0"):
            taken.add((locks.canonical_name(dist), version))
    return taken


@pytest.fixture(scope="module")
def pip_verdicts(
    index_url: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[Env, set[tuple[str, str]]]:
    """For every target, the (name, version) subjects pip finds a wheel for."""
    scratch = tmp_path_factory.mktemp("lock-downloads")
    dests: dict[Env, list[Path]] = {}
    runs: list[list[str]] = []
    for env in ENVS:
        for b, batch in enumerate(BATCHES):
            dest = scratch / f"{env[0][0]}.{env[0][1]}-{env[1]}-{b}"
            dests.setdefault(env, []).append(dest)
            runs.append(_pip_args(index_url, dest, env, batch))
    workers = os.cpu_count() or 2
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(_run_pip, runs[w::workers]) for w in range(workers)]:
            future.result(timeout=300)
    return {env: set().union(*map(_taken, paths)) for env, paths in dests.items()}


def test_the_subjects_exercise_both_answers(pip_verdicts: dict[Env, set[tuple[str, str]]]) -> None:
    """Not degenerate: many subjects, several versions of one name, gaps and matches."""
    assert len(SUBJECTS) >= 14 and len(BATCHES) == 3
    everything = {(s.name, s.version) for s in SUBJECTS}
    assert 0 < sum(len(taken) for taken in pip_verdicts.values()) < len(everything) * len(ENVS)
    assert {
        ("numpy", "1.22.4"),
        ("numpy", "1.26.4"),
        ("numpy", "2.5.4"),
        ("tiktoken", "0.5.2"),
    } <= everything


def test_wheel_gaps_agree_with_pip(pip_verdicts: dict[Env, set[tuple[str, str]]]) -> None:
    disagreements = {}
    for subject in SUBJECTS:
        ours = set(wheel_gaps(subject.files, ENVS))
        pips = {env for env in ENVS if (subject.name, subject.version) not in pip_verdicts[env]}
        if ours != pips:
            disagreements[f"{subject.name} {subject.version}"] = {
                "reqhooks only": sorted(ours - pips),
                "pip only": sorted(pips - ours),
            }
    assert disagreements == {}


_FINDING = re.compile(
    r"No wheel for (?P<where>.*?)(?: and no sdist)?: pip (?:will build|cannot install) (?P<name>\S+) (?P<version>\S+)"
)
_GROUP = re.compile(r"CPython (?P<pythons>[\d., ]+?) on (?P<platforms>[\w, -]+)")


def _listed(message: str) -> tuple[tuple[str, str], set[Env]]:
    """The (name, version) and the targets a PYV002 message lists."""
    m = _FINDING.match(message)
    assert m is not None, message
    envs: set[Env] = set()
    for group in m.group("where").split(", and for "):
        g = _GROUP.fullmatch(group)
        assert g is not None, group
        pythons = [tuple(int(p) for p in v.split(".")) for v in g.group("pythons").split(", ")]
        for platform in g.group("platforms").split(", "):
            envs.update(((py[0], py[1]), platform) for py in pythons)
    return (m.group("name"), m.group("version")), envs


@pytest.mark.parametrize("project", list(PROJECTS))
def test_pyv002_findings_agree_with_pip(
    project: str,
    pip_verdicts: dict[Env, set[tuple[str, str]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copytree(LOCKS / project, tmp_path / project)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    pythons = ",".join(f"{a}.{b}" for a, b in PYTHONS)
    main(["python", project, "--select", "PYV002", "--format", "json", "--target-python", pythons,
          "--platform", ",".join(PLATFORMS)])  # fmt: skip
    findings = json.loads(capsys.readouterr().out)["findings"]
    listed = dict(_listed(f["message"]) for f in findings)
    assert listed, "the fixture has PYV002 findings"
    for key, envs in listed.items():
        assert not any(key in pip_verdicts[env] for env in envs), (
            f"{key}: pip has a wheel for a listed target"
        )
    for pkg in _unconditional(_read(project)):
        key = (pkg.name, pkg.version or "")
        if not any(s.name == pkg.name and s.version == pkg.version for s in SUBJECTS):
            continue
        rp = pkg.requires_python or ""
        pips = {env for env in ENVS if key not in pip_verdicts[env] and minor_in_range(env[0], rp)}
        assert listed.get(key, set()) == pips, key


def _unconditional(packages: list[LockedPackage]) -> list[LockedPackage]:
    """Packages installed on every target: no marker and no fork, and (uv.lock, which has no
    per-package marker) reached from the project through edges without markers."""
    if not any(p.source in ("editable", "virtual") for p in packages):
        return [p for p in packages if p.marker is None and not p.resolution_markers]
    reached = {p.name for p in packages if p.source in ("editable", "virtual")}
    changed = True
    while changed:
        changed = False
        for pkg in packages:
            if pkg.name not in reached or pkg.resolution_markers:
                continue
            for dep in pkg.dependencies:
                if dep.marker is None and dep.name not in reached:
                    reached.add(dep.name)
                    changed = True
    by_name: dict[str, int] = {}
    for pkg in packages:
        by_name[pkg.name] = by_name.get(pkg.name, 0) + 1
    return [
        p
        for p in packages
        if p.name in reached and by_name[p.name] == 1 and not p.resolution_markers
    ]
