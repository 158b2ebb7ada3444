"""The shortcuts taken for speed give exactly what the slow, obvious way gives.

- wheel file names: the plain-name fast path against ``packaging.utils.parse_wheel_filename``;
- supported tags: prefixes times platform tags against ``packaging.tags`` itself;
- which environments install a locked package: the one walk with environment sets
  (rules/python.py) against one plain walk per environment;
- the backports graph: a walk shared between environments that give the same marker
  verdicts against a walk made for each environment alone.
"""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import parse_wheel_filename

from reqhooks import wheels
from reqhooks.model import LockedDep, LockedPackage, LockFile, Project
from reqhooks.rules import backports, python

FIXTURES = Path(__file__).parent / "fixtures"


def _bench_projects() -> ModuleType:
    path = Path(__file__).parent.parent / "benchmarks" / "projects.py"
    spec = importlib.util.spec_from_file_location("_bench_projects", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# -- wheel names -------------------------------------------------------------------------


def _reference_tags(filename: str) -> frozenset[str] | None:
    try:
        return frozenset(str(t) for t in parse_wheel_filename(filename)[3])
    except ValueError:
        return None


def _wheel_names() -> list[str]:
    names: set[str] = set()
    for path in FIXTURES.rglob("*"):
        if path.is_file() and path.suffix in (".lock", ".toml", ".txt", ".json"):
            names.update(re.findall(r"[\w.+!-]+\.whl", path.read_text("utf-8", "replace")))
    names.update(
        [
            "numpy-2.1.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "foo-1.0-py2.py3-none-any.whl",
            "Foo_Bar-1.0-py3-none-any.whl",
            "foo-1.0-1-py3-none-any.whl",  # a build tag: packaging decides
            "foo-1.0rc1-py3-none-any.whl",
            "foo-1.0-PY3-NONE-ANY.whl",  # upper case: packaging lowercases
            "foo__bar-1.0-py3-none-any.whl",  # invalid name
            "foo-1.0-3py-none-any.whl",  # invalid interpreter
            "foo-1.0-py3-none-.whl",
            "foo-1.0-py3..py2-none-any.whl",
            "foo-x.y-py3-none-any.whl",
            "foo-1.0-py3-none-any",
        ]
    )
    rng = random.Random(8)
    for name in sorted(names)[:400]:
        for _ in range(10):
            at = rng.randrange(len(name))
            names.add(name[:at] + rng.choice("-_.aZ9 !+") + name[at + 1 :])
    return sorted(names)


def test_wheel_tags_are_packagings() -> None:
    names = _wheel_names()
    assert len(names) > 1000
    for name in names:
        wheels._wheel_tags.cache_clear()
        assert wheels._wheel_tags(name) == _reference_tags(name), name


@pytest.mark.parametrize("minor", range(8, 16))
def test_supported_tags_are_packagings(minor: int) -> None:
    platforms = [
        *wheels.PLATFORMS,
        "manylinux_2_17_x86_64",
        "manylinux2014_aarch64",
        "musllinux_1_1_x86_64",
        "macosx_14_0_arm64",
        "macosx_10_9_x86_64",
        "macosx_11_0_universal2",
        "win_amd64",
        "win32",
        "linux_x86_64",
    ]
    python_version = (3, minor)
    interpreter = f"cp3{minor}"
    for platform in platforms:
        expected = frozenset(
            str(tag)
            for tag in (
                *cpython_tags(python_version, abis=[interpreter], platforms=wheels.platform_tags(platform)),
                *compatible_tags(python_version, interpreter=interpreter, platforms=wheels.platform_tags(platform)),
            )
        )
        assert wheels.supported_tags(python_version, platform) == expected, platform


# -- which environments install a locked package ------------------------------------------

_MARKERS = [
    None,
    None,
    None,
    'python_version < "3.12"',
    "python_full_version >= '3.13'",
    'sys_platform == "win32"',
    'platform_machine == "x86_64"',
    'sys_platform != "darwin" and python_version >= "3.12"',
    'extra == "fast"',
    'python_version < "3.12" or sys_platform == "linux"',
]


def _random_lock(seed: int, tmp_path: Path) -> tuple[Project, LockFile]:
    """A uv-like lock: a root, packages with marker edges, extras, forks (two versions of a
    package under resolution markers)."""
    from reqhooks._text import Document
    from reqhooks.model import Loc

    rng = random.Random(seed)
    doc = Document(tmp_path / "uv.lock", "x")
    loc = Loc(doc, 0, 0)
    n = rng.randrange(5, 40)
    names = [f"p{k}" for k in range(n)]
    packages = [
        LockedPackage(name="root", version="1", loc=loc, source="virtual", dependencies=tuple(
            LockedDep(names[k], "", rng.choice(_MARKERS)) for k in rng.sample(range(n), min(n, 3))
        ))
    ]
    for k, name in enumerate(names):
        deps = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            target = rng.randrange(n)
            extras = ("fast",) if rng.random() < 0.2 else ()
            deps.append(LockedDep(names[target], "", rng.choice(_MARKERS), extras))
        forked = rng.random() < 0.15
        packages.append(
            LockedPackage(
                name=name,
                version="1.0",
                loc=loc,
                source="registry",
                dependencies=tuple(deps),
                resolution_markers=('python_version < "3.13"',) if forked else (),
            )
        )
        if forked:
            packages.append(
                LockedPackage(
                    name=name,
                    version="2.0",
                    loc=loc,
                    source="registry",
                    resolution_markers=('python_version >= "3.13"',),
                )
            )
    lock = LockFile(kind="uv", doc=doc, data={}, packages=packages)
    project = Project(root=tmp_path)
    project.locks.append(lock)
    return project, lock


def _reference_installs(project: Project, lock: LockFile, envs: list[python.Env]) -> list[tuple[python.Env, ...]]:
    """The walk of rules/python.py before it walked every environment at once: one per env."""
    packages = lock.packages
    by_name: dict[str, list[int]] = {}
    for k, pkg in enumerate(packages):
        by_name.setdefault(pkg.name, []).append(k)
    depended = {dep.name for pkg in packages for dep in pkg.dependencies}
    declared: dict[str, list[str | None]] = {}
    for req in project.all_requirements():
        declared.setdefault(req.name, []).append(req.marker)
    members = [k for k, pkg in enumerate(packages) if pkg.source in ("editable", "virtual")]
    tops = [k for k, pkg in enumerate(packages) if pkg.name not in depended and k not in members]

    def walk(env: python.Env) -> set[int]:
        def in_fork(k: int) -> bool:
            markers = packages[k].resolution_markers
            return not markers or any(python._possible(m, env) for m in markers)

        stack: list[tuple[int, str | None]] = [(k, "*") for k in members]
        stack.extend(
            (k, None)
            for k in tops
            if in_fork(k) and any(python._possible(m, env) for m in declared.get(packages[k].name, [None]))
        )
        seen: set[tuple[int, str | None]] = set()
        while stack:
            state = stack.pop()
            if state in seen:
                continue
            seen.add(state)
            k, extra = state
            for dep in packages[k].dependencies:
                if not python._possible(dep.marker, env, None if extra == "*" else extra or ""):
                    continue
                candidates = by_name.get(dep.name, [])
                if len(candidates) > 1:
                    pinned = dep.specifier[2:] if dep.specifier.startswith("==") else None
                    chosen = [c for c in candidates if packages[c].version == pinned]
                    candidates = chosen or [c for c in candidates if in_fork(c)] or candidates
                for target in candidates:
                    stack.append((target, None))
                    stack.extend((target, e) for e in dep.extras)
        return {k for k, _ in seen}

    walked = {env: walk(env) for env in envs}
    out = []
    for k, pkg in enumerate(packages):
        out.append(
            tuple(
                env
                for env in envs
                if not (pkg.resolution_markers and not any(python._possible(m, env) for m in pkg.resolution_markers))
                and k in walked[env]
            )
        )
    return out


ENVS = [((3, m), p) for m in (11, 12, 13, 14) for p in ("linux-x86_64", "macos-arm64", "windows-amd64")]


@pytest.mark.parametrize("seed", range(60))
def test_one_walk_for_every_environment_is_one_walk_per_environment(seed: int, tmp_path: Path) -> None:
    project, lock = _random_lock(seed, tmp_path)
    installs = python._Installs(project, lock, ENVS)
    assert [installs.of(k) for k in range(len(lock.packages))] == _reference_installs(project, lock, ENVS)


@pytest.mark.parametrize("seed", range(60))
def test_a_shared_backports_walk_is_the_walk_of_each_environment(seed: int, tmp_path: Path) -> None:
    project, lock = _random_lock(seed, tmp_path)
    shared = backports._Graph(project, lock, ENVS, {})
    for env in ENVS:
        alone = backports._Graph(project, lock, ENVS, {})
        assert list(shared._walk(env).items()) == list(alone._walk(env).items())
    for k in range(len(lock.packages)):
        fresh = backports._Graph(project, lock, ENVS, {})
        assert shared.installed_pythons(k) == fresh.installed_pythons(k)
        assert shared.chain(k) == backports._Graph(project, lock, ENVS, {}).chain(k)


def test_the_generated_benchmark_locks_agree_too(tmp_path: Path) -> None:
    from reqhooks._text import Document
    from reqhooks.readers import uv_lock

    projects = _bench_projects()
    text = projects.Universe(200, seed=5).uv_lock()
    lock, _ = uv_lock.read(Document(tmp_path / "uv.lock", text, raw=text.encode()))
    assert lock is not None
    project = Project(root=tmp_path)
    installs = python._Installs(project, lock, ENVS)
    assert [installs.of(k) for k in range(len(lock.packages))] == _reference_installs(project, lock, ENVS)


@pytest.mark.parametrize("seed", range(20))
def test_a_lock_with_its_own_markers_installs_where_they_hold(seed: int, tmp_path: Path) -> None:
    _, uv_like = _random_lock(seed, tmp_path)
    rng = random.Random(seed)
    packages = [
        LockedPackage(name=p.name, version=p.version, loc=p.loc, marker=rng.choice(_MARKERS), resolution_markers=p.resolution_markers)
        for p in uv_like.packages
    ]
    lock = LockFile(kind="poetry", doc=uv_like.doc, data={"metadata": {"lock-version": "2.1"}}, packages=packages)
    installs = python._Installs(Project(root=tmp_path), lock, ENVS)
    for k, pkg in enumerate(packages):
        expected = tuple(
            env
            for env in ENVS
            if not (pkg.resolution_markers and not any(python._possible(m, env) for m in pkg.resolution_markers))
            and python._possible(pkg.marker, env)
        )
        assert installs.of(k) == expected
