"""Differential test: ``wheel_matches`` agrees with what pip itself downloads.

Every probe below is a tiny but valid wheel of its own project ``probe-NN``, version 2.0,
next to a pure ``py3-none-any`` wheel at version 1.0.  They are served from a PEP 503
simple index on 127.0.0.1, and for each (Python, platform) case one pip process downloads
every probe project at once, emulating the target with ``--python-version``,
``--implementation cp``, ``--abi cp3XY`` and ``--platform``: a project whose 2.0 wheel pip
accepts comes back as 2.0, any other as the 1.0 fallback, so one failed match does not
abort the batch.

pip expands a macOS ``--platform`` itself, so macOS cases pass only the baseline tag and
check our expansion against pip's.  pip does not expand a manylinux or musllinux baseline
(a real host's pip asks glibc or musl), so those cases pass ``platform_tags(platform)``;
that expansion is checked against packaging's own in ``test_wheels.py``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import http.server
import os
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from reqhooks.wheels import PLATFORMS, platform_tags, wheel_matches

# Tag triples of the probe wheels: the brief's list, plus the edges of every expansion.
PROBES: tuple[str, ...] = (
    "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
    "cp313-cp313-manylinux_2_28_aarch64",
    "cp39-abi3-manylinux_2_17_x86_64",
    "cp313-cp313t-manylinux_2_17_x86_64",
    "py3-none-any",
    "cp312-cp312-musllinux_1_1_x86_64",
    "cp312-cp312-macosx_10_9_x86_64",
    "cp312-cp312-macosx_11_0_arm64",
    "cp312-cp312-macosx_10_9_universal2",
    "cp313-cp313-macosx_14_0_arm64",
    "cp312-cp312-win_amd64",
    "cp312-cp312-win32",
    "cp312-cp312-manylinux_2_34_x86_64",
    "cp312-cp312-linux_x86_64",
    "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64",
    "cp310-cp310-manylinux_2_17_aarch64.manylinux2014_aarch64",
    "cp314-cp314-manylinux_2_28_x86_64",
    "cp314-cp314t-win_amd64",
    "cp311-abi3-win_amd64",
    "cp311-abi3-macosx_11_0_arm64",
    "cp312-abi3-musllinux_1_2_x86_64",
    "cp312-cp312-musllinux_1_2_aarch64",
    "cp312-cp312-musllinux_1_3_x86_64",
    "cp312-cp312-manylinux1_x86_64",
    "cp312-cp312-manylinux2010_x86_64",
    "cp312-cp312-manylinux_2_5_aarch64",
    "cp312-cp312-manylinux_2_29_aarch64",
    "cp312-cp312-macosx_10_13_x86_64",
    "cp312-cp312-macosx_10_14_x86_64",
    "cp312-cp312-macosx_11_0_x86_64",
    "cp312-cp312-macosx_10_9_intel",
    "cp312-cp312-macosx_15_0_arm64",
    "cp312-cp312-win_arm64",
    "py3-none-manylinux_2_17_x86_64",
    "py2.py3-none-any",
    "py2-none-any",
    "py312-none-any",
    "py39-none-win_amd64",
    "cp312-none-any",
    "cp311-none-any",
    "cp3-none-any",
    "cp312-none-win_amd64",
    "cp37-cp37m-manylinux_2_17_x86_64",
    "pp310-pypy310_pp73-manylinux_2_17_x86_64",
    "cp315-cp315-manylinux_2_17_x86_64",
    "cp315-abi3t-manylinux_2_17_x86_64",
    "cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.musllinux_1_1_x86_64",
    "cp36-abi3-macosx_10_9_universal2",
    "cp312-abi3-manylinux_2_28_aarch64",
    "cp314-cp314-win_amd64",
    "cp310-cp310-macosx_10_9_x86_64",
    "cp311-cp311-macosx_11_0_arm64",
    "cp314-cp314-musllinux_1_2_x86_64",
    "cp313-cp313-macosx_10_13_universal2",
)

PYTHONS = [(3, 10), (3, 11), (3, 12), (3, 13), (3, 14)]
EXACT_TAGS = [
    "manylinux_2_17_x86_64",
    "manylinux2014_aarch64",
    "musllinux_1_1_x86_64",
    "macosx_14_0_arm64",
    "linux_x86_64",
]
CASES = [
    *(pytest.param(py, plat, id=f"{py[0]}.{py[1]}-{plat}") for plat in PLATFORMS for py in PYTHONS),
    *(pytest.param((3, 12), tag, id=f"3.12-{tag}") for tag in EXACT_TAGS),
]


def _project(index: int) -> str:
    return f"probe-{index:02d}"


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode()}"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_wheel(directory: Path, project: str, version: str, tags: str) -> Path:
    dist = project.replace("-", "_")
    path = directory / f"{dist}-{version}-{tags}.whl"
    info = f"{dist}-{version}.dist-info"
    interpreters, abis, platforms = (part.split(".") for part in tags.split("-"))
    expanded = [f"{i}-{a}-{p}" for i in interpreters for a in abis for p in platforms]
    files = {
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: reqhooks-tests\n"
        f"Root-Is-Purelib: {'true' if tags.endswith('-none-any') else 'false'}\n"
        + "".join(f"Tag: {tag}\n" for tag in expanded),
    }
    record = [
        f"{name},{_record_hash(text.encode())},{len(text.encode())}" for name, text in files.items()
    ]
    files[f"{info}/RECORD"] = "\n".join([*record, f"{info}/RECORD,,"]) + "\n"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def _build_index(root: Path) -> None:
    """Write the wheels and a PEP 503 simple index over them under ``root``."""
    files = root / "files"
    files.mkdir(parents=True)
    projects = []
    for index, tags in enumerate(PROBES):
        project = _project(index)
        projects.append(project)
        wheels = [
            _write_wheel(files, project, "2.0", tags),
            _write_wheel(files, project, "1.0", "py3-none-any"),
        ]
        page = root / "simple" / project
        page.mkdir(parents=True)
        links = "".join(
            f'<a href="../../files/{html.escape(w.name)}#sha256={_sha256(w)}">'
            f"{html.escape(w.name)}</a>\n"
            for w in wheels
        )
        (page / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n")
    anchors = "".join(f'<a href="{p}/">{p}</a>\n' for p in projects)
    (root / "simple" / "index.html").write_text(
        f"<!DOCTYPE html><html><body>\n{anchors}</body></html>\n"
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def index_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("index")
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


def _pip_env() -> dict[str, str]:
    # Neither the machine's pip configuration (PIP_FIND_LINKS, /etc/pip.conf, ...) nor a
    # proxy may change what pip sees.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.upper().startswith("PIP_") and "PROXY" not in key.upper()
    }
    env.update(
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_CACHE_DIR="1",
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_INPUT="1",
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def _pip_platform_args(platform: str) -> list[str]:
    base = PLATFORMS.get(platform)
    if base is not None and base.family == "macosx":
        return ["--platform", base.tag]
    if platform.startswith("macosx_"):
        return ["--platform", platform]
    return [arg for tag in platform_tags(platform) for arg in ("--platform", tag)]


def _pip_download(
    index_url: str, dest: Path, python: tuple[int, int], platform: str
) -> dict[str, str]:
    """Run pip for one target; map each probe project to the version pip chose."""
    nodot = f"{python[0]}{python[1]}"
    command = [
        sys.executable, "-m", "pip", "download",
        "--no-deps", "--only-binary=:all:", "--progress-bar=off", "--quiet",
        "--timeout=10", "--retries=0",
        f"--python-version={python[0]}.{python[1]}", "--implementation=cp", f"--abi=cp{nodot}",
        *_pip_platform_args(platform),
        f"--index-url={index_url}", "--dest", str(dest),
        *(_project(i) for i in range(len(PROBES))),
    ]  # fmt: skip
    result = subprocess.run(
        command, env=_pip_env(), capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    chosen: dict[str, str] = {}
    for wheel in dest.glob("*.whl"):
        dist, version = wheel.name.split("-")[:2]
        chosen[dist.replace("_", "-")] = version
    return chosen


Case = tuple[tuple[int, int], str]


class _PipRuns:
    """pip runs for the selected cases, started together; each test waits for its own."""

    def __init__(self, pool: ThreadPoolExecutor, index_url: str, scratch: Path) -> None:
        self._pool = pool
        self._index_url = index_url
        self._scratch = scratch
        self._futures: dict[Case, Future[dict[str, str]]] = {}

    def start(self, case: Case) -> Future[dict[str, str]]:
        if case not in self._futures:
            dest = self._scratch / f"{case[0][0]}.{case[0][1]}-{case[1]}"
            dest.mkdir()
            self._futures[case] = self._pool.submit(_pip_download, self._index_url, dest, *case)
        return self._futures[case]

    def cancel_pending(self) -> None:
        for future in self._futures.values():
            future.cancel()


@pytest.fixture(scope="module")
def pip_runs(
    request: pytest.FixtureRequest, index_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[_PipRuns]:
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = _PipRuns(pool, index_url, tmp_path_factory.mktemp("downloads"))
        for item in request.session.items:
            if getattr(item, "originalname", None) == "test_pip_agrees_with_wheel_matches":
                params = item.callspec.params  # type: ignore[attr-defined]
                runs.start((params["python"], params["platform"]))
        try:
            yield runs
        finally:
            runs.cancel_pending()


def _expected(python: tuple[int, int], platform: str) -> dict[str, str]:
    return {
        _project(i): "2.0"
        if wheel_matches(f"probe_{i:02d}-2.0-{tags}.whl", python, platform)
        else "1.0"
        for i, tags in enumerate(PROBES)
    }


# 40 pip runs of 54 projects each: 16 s on the 2-core dev machine, one pip per core.
@pytest.mark.parametrize(("python", "platform"), CASES)
def test_pip_agrees_with_wheel_matches(
    python: tuple[int, int], platform: str, pip_runs: _PipRuns
) -> None:
    chosen = pip_runs.start((python, platform)).result(timeout=300)
    expected = _expected(python, platform)
    disagreements = {
        PROBES[int(project.split("-")[1])]: f"pip took {chosen.get(project)}, expected {version}"
        for project, version in expected.items()
        if chosen.get(project) != version
    }
    assert disagreements == {}


def test_probes_exercise_both_answers() -> None:
    """The probe set is not degenerate: each case accepts some probes and refuses others."""
    for param in CASES:
        python, platform = param.values
        verdicts = set(_expected(python, platform).values())  # type: ignore[arg-type]
        assert verdicts == {"1.0", "2.0"}, param.id
