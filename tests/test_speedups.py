"""The shortcuts taken for speed give exactly what the slow, obvious way gives.

- wheel file names: the plain-name fast path against ``packaging.utils.parse_wheel_filename``;
- supported tags: prefixes times platform tags against ``packaging.tags`` itself;
- which targets a release has no wheel for: the wheels' tags split by platform tag against
  each target's supported tags, and a ``*-none-any.whl`` name taken as pure without its tags;
- readers: the pin-line pattern against the plain-line one, the fast marker language read
  without its pattern against the pattern, plain Poetry constraints against Poetry's
  grammar, a lock's ``key = "value"`` line found without a pattern per key;
- which environments install a locked package: the one walk with environment sets
  (rules/python.py) against one plain walk per environment;
- the backports graph: the one breadth-first walk with environment sets against one
  breadth-first walk per environment;
- wheel gaps worked out once per distinct set of wheel tags against the per-file split, the
  plain-name patterns read with str methods against the patterns, and the versions
  rules/python.py skips without a subject against _check_subject;
- lock readers' values taken whole (file names, arrays of strings, uv edges) against the
  value-by-value checks they skip.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import parse_wheel_filename

from reqhooks import wheels
from reqhooks.model import LockedDep, LockedPackage, LockFile, Project
from reqhooks.rules import backports, python
from tests.conftest import bench_projects

FIXTURES = Path(__file__).parent / "fixtures"


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


_PLATFORMS = [
    *wheels.PLATFORMS,
    "manylinux_2_17_x86_64",
    "manylinux2014_aarch64",
    "musllinux_1_1_x86_64",
    "macosx_14_0_arm64",
    "macosx_11_0_universal2",
    "win32",
    "linux_x86_64",
]


@pytest.mark.parametrize("seed", range(10))
def test_which_targets_miss_a_wheel_is_what_the_supported_tags_say(seed: int) -> None:
    """missing_wheels() splits the wheels' tags by platform tag instead of building each
    target's supported tags: the same verdicts as wheel_matches(), target by target."""
    names = _wheel_names()
    rng = random.Random(seed)
    for _ in range(200):
        files = rng.sample(names, rng.randrange(0, 12))
        targets = [((3, rng.randrange(6, 16)), rng.choice(_PLATFORMS)) for _ in range(rng.randrange(0, 12))]
        expected = [t for t in targets if not any(wheels.wheel_matches(f, *t) for f in files)]
        assert wheels.missing_wheels(files, targets) == expected, files


def test_a_pure_wheel_name_needs_no_tags() -> None:
    for name in _wheel_names():
        tags = _reference_tags(name)
        pure = tags is None or all(tag.endswith("-none-any") for tag in tags)
        assert wheels.is_pure([name]) is pure, name


# -- readers -------------------------------------------------------------------------------


def test_a_pin_line_reads_as_a_plain_line() -> None:
    """_PIN_LINE takes the commonest lines before _plain_line() is compiled: with its groups."""
    from reqhooks.readers import requirements

    full = requirements._plain_line()
    rng = random.Random(4)
    pieces = ["pkg", "Foo_Bar", "a.b-c", "x", "==", "!=", "<=", ">=", "<", ">", "~=", "===", "1", "1.2", "10.0.3", ".", ",", " ", "[a]", "*", "-", "_"]
    taken = 0
    for _ in range(50_000):
        text = rng.choice(pieces[:4]) + "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 7)))
        pin = requirements._PIN_LINE.fullmatch(text)
        if pin is None:
            continue
        taken += 1
        plain = full.fullmatch(text)
        assert plain is not None, text
        for group in ("name", "extras", "spec"):
            assert pin.span(group) == plain.span(group) and pin.group(group) == plain.group(group), text
    assert taken > 1000


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_plain_line_is_written_with_plain_line_characters(data: st.DataObject) -> None:
    from reqhooks.readers import requirements

    text = data.draw(st.from_regex(requirements._plain_line(), fullmatch=True))
    assert requirements._PLAIN_LINE_CHARS.issuperset(text), text


def test_plain_poetry_constraints_convert_as_poetrys_grammar_does(monkeypatch: pytest.MonkeyPatch) -> None:
    from reqhooks.readers import _poetry

    _plain_constraint = _poetry._plain_constraint
    # constraint_to_pep440 takes the shortcut first: the reference is the grammar alone.
    monkeypatch.setattr(_poetry, "_plain_constraint", lambda constraint: None)
    constraint_to_pep440 = _poetry.constraint_to_pep440

    rng = random.Random(6)
    numbers = ["0", "1", "3", "10", "01", "00", "123456789012345678", "1234567890123456789", "\u00b2", "x", ""]
    operators = ["", "==", "!=", "<=", ">=", "<", ">", "=", "===", "~=", "^", "~", " >="]
    taken = 0
    for _ in range(20_000):
        clauses = [
            rng.choice(operators) + ".".join(rng.choice(numbers) for _ in range(rng.randrange(1, 4)))
            for _ in range(rng.randrange(1, 4))
        ]
        constraint = rng.choice([",", ", ", " "]).join(clauses)
        plain = _plain_constraint(constraint)
        if plain is not None:
            taken += 1
            assert plain == constraint_to_pep440(constraint), constraint
    assert taken > 500
    assert _plain_constraint("*") == constraint_to_pep440("*") == ""


def test_a_key_line_is_found_as_its_pattern_finds_it() -> None:
    from reqhooks.readers import locks

    rng = random.Random(7)
    checked = 0
    for _ in range(20_000):
        lines = [
            rng.choice(["", " ", "\t", "x ", "#"])
            + rng.choice(["key", "keys", "xkey", "k"])
            + rng.choice(["", " ", "\t"])
            + rng.choice(["=", "", "=="])
            + rng.choice(["", " "])
            + rng.choice(['"v"', "'v'", '"a\\b"', '"x', "'y", "''", "'a\"b'", "v"])
            + rng.choice(["", " # c"])
            for _ in range(rng.randrange(1, 5))
        ]
        text = rng.choice(["\n", "\r\n"]).join(lines)
        start = rng.randrange(len(text) + 1)
        match = re.compile(r"^[ \t]*key" + locks._STRING_VALUE, re.MULTILINE).search(text, start)
        assert locks._key_line(text, "key", start) == (match.span(1) if match else None), (text, start)
        checked += match is not None
    assert checked > 200


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


def _reference_chains(project: Project, lock: LockFile, envs: list[backports.Env]) -> list[list[str] | None]:
    """The backports graph before it walked every environment at once: a breadth-first walk
    per environment, each package's chain the shortest over the environments that install it
    (the first found of that length)."""
    graph = backports._Graph(project, lock, envs, {})  # for its roots and names only
    packages = lock.packages
    depended = {dep.name for pkg in packages for dep in pkg.dependencies}

    def walk(env: backports.Env) -> dict[tuple[int, str | None], tuple[int, str | None] | None]:
        def applies(marker: str | None, extra: str | None = None) -> bool:
            return backports._applies(marker, env[0], env[1], extra)

        def in_fork(k: int) -> bool:
            markers = packages[k].resolution_markers
            return not markers or any(applies(m) for m in markers)

        previous: dict[tuple[int, str | None], tuple[int, str | None] | None] = {}
        queue: list[tuple[int, str | None]] = []

        def push(state: tuple[int, str | None], parent: tuple[int, str | None] | None) -> None:
            if state not in previous:
                previous[state] = parent
                queue.append(state)

        for k, pkg in enumerate(packages):
            if pkg.source in ("editable", "virtual"):
                push((k, "*"), None)
        for k, pkg in enumerate(packages):
            reqs = graph.declared.get(pkg.name)
            if reqs is not None:
                live = [r for r in reqs if applies(r.marker)]
                if live and in_fork(k):
                    push((k, None), None)
                    for r in live:
                        for e in r.extras:
                            push((k, e), None)
            elif pkg.name not in depended and pkg.source not in ("editable", "virtual") and in_fork(k):
                push((k, None), None)
        while queue:
            state = queue.pop(0)
            k, extra = state
            for dep in packages[k].dependencies:
                if dep.marker and not applies(dep.marker, None if extra == "*" else extra or ""):
                    continue
                targets = graph.by_name.get(dep.name, [])
                if len(targets) > 1:
                    pinned = dep.specifier[2:] if dep.specifier.startswith("==") else None
                    chosen = [t for t in targets if packages[t].version == pinned]
                    targets = chosen or [t for t in targets if in_fork(t)] or targets
                for target in targets:
                    push((target, None), state)
                    for e in dep.extras:
                        push((target, e), state)
        return previous

    def path(walk: dict[tuple[int, str | None], tuple[int, str | None] | None], end: tuple[int, str | None]) -> list[int]:
        out: list[int] = []
        state: tuple[int, str | None] | None = end
        while state is not None:
            if packages[state[0]].source not in ("editable", "virtual") and (not out or out[-1] != state[0]):
                out.append(state[0])
            state = walk[state]
        return out[::-1]

    walks = [walk(env) for env in envs]
    chains: list[list[str] | None] = []
    for k in range(len(packages)):
        best: list[int] | None = None
        for walked in walks:
            for end in (state for state in walked if state[0] == k):
                found = path(walked, end)
                if best is None or len(found) < len(best):
                    best = found
        chains.append(None if best is None else [graph._label(packages[i]) for i in best])
    return chains


@pytest.mark.parametrize("seed", range(60))
def test_one_backports_walk_for_every_environment_is_one_walk_per_environment(seed: int, tmp_path: Path) -> None:
    project, lock = _random_lock(seed, tmp_path)
    graph = backports._Graph(project, lock, ENVS, {})
    assert [graph.chain(k) for k in range(len(lock.packages))] == _reference_chains(project, lock, ENVS)
    installs = python._Installs(project, lock, ENVS)  # uv.lock: reached is installed, as there
    for k in range(len(lock.packages)):
        expected = tuple(sorted({env[0] for env in installs.of(k)}))
        assert backports._Graph(project, lock, ENVS, {}).installed_pythons(k) == expected


def test_the_generated_benchmark_locks_agree_too(tmp_path: Path) -> None:
    from reqhooks._text import Document
    from reqhooks.readers import uv_lock

    projects = bench_projects()
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


# -- wheel gaps per distinct set of tags, and versions with nothing to report ---------------


@pytest.mark.parametrize("seed", range(10))
def test_wheel_gaps_per_distinct_tag_set_are_the_per_file_ones(seed: int) -> None:
    """missing_wheels() works out plain names once per distinct set of tags parts
    (_plain_tag_key, _missing_plain): the same targets as splitting every file's tags."""
    names = _wheel_names()
    rng = random.Random(seed)
    plain = 0
    for _ in range(300):
        release = rng.choice(["numpy-2.1.0", "Foo_Bar-1.0", "foo-1.0rc1", "foo__bar-1.0", "x-1"])
        files = [
            rng.choice(
                [
                    rng.choice(names),
                    f"{release}-{rng.choice(names).split('-', 2)[-1]}",
                    f"https://host/a/{release}-cp312-cp312-manylinux_2_17_x86_64.whl",
                    f"{release}.tar.gz",
                ]
            )
            for _ in range(rng.randrange(0, 8))
        ]
        targets = [((3, rng.randrange(6, 16)), rng.choice(_PLATFORMS)) for _ in range(rng.randrange(0, 12))]
        expected = wheels._missing(wheels._prefixes_by_platform(files), targets) if targets else []
        assert wheels.missing_wheels(files, targets) == expected, files
        assert wheels.missing_wheels(iter(files), iter(targets)) == expected, files  # one pass each
        key = wheels._plain_tag_key(files)
        if key is not None and targets and wheels._missing_plain(key, tuple(targets)) is not None:
            plain += 1
    assert plain > 50


def _quiet_subjects(seed: int) -> list[tuple[tuple[str, ...], str | None]]:
    names = _wheel_names()
    rng = random.Random(seed)
    sdists = ["foo-1.0.tar.gz", "https://host/foo-1.0.zip", "foo-1.0.TAR.GZ", "foo-1.0.egg"]
    ranges = [None, "", " ", ">=3.8", ">=3.12", "<3.12", ">=3.10,<3.14", "==3.11.*", "~=3.13.0", ">=4", "junk"]
    return [
        (
            tuple(rng.sample(names, rng.randrange(0, 4)) + rng.sample(sdists, rng.randrange(0, 2))),
            rng.choice(ranges),
        )
        for _ in range(400)
    ]


@pytest.mark.parametrize("seed", range(5))
def test_a_quiet_version_is_one_with_no_finding(seed: int, tmp_path: Path) -> None:
    """_lock_findings skips a version _Quiet calls quiet without making a subject: it is one
    _check_subject finds nothing for, in whichever environments install it."""
    from reqhooks._text import Document
    from reqhooks.model import Loc
    from reqhooks.targets import Targets

    rng = random.Random(seed)
    loc = Loc(Document(tmp_path / "uv.lock", "x"), 0, 0)
    project = Project(root=tmp_path)
    quiet_ones = loud = 0
    for pythons in [((3, 11), (3, 12), (3, 13), (3, 14)), ((3, 12),), ((3, 9), (3, 14))]:
        targets = Targets(pythons, ("linux-x86_64", "macos-arm64", "windows-amd64"), True, (), None, "test")
        envs = [(py, p) for py in pythons for p in targets.platforms]
        quiet = python._Quiet(targets)
        mentions = python._Mentions(project, targets, None)
        for files, requires_python in _quiet_subjects(seed):
            subject_envs = tuple(env for env in envs if rng.random() < 0.7) or tuple(envs)
            subject = python._Subject("foo", "1.0", loc, files, requires_python, subject_envs, "run `uv lock`")
            found = list(python._check_subject(subject, targets, mentions))
            if quiet(files, requires_python):
                quiet_ones += 1
                assert found == [], (files, requires_python)
            else:
                loud += bool(found)
    assert quiet_ones > 100 and loud > 100


# -- readers: plain values without a check per value -------------------------------------

_FILE_URLS = [
    "https://files.example/a/b/foo-1.0-py3-none-any.whl",
    "https://files.example/foo-1.0.tar.gz",
    "https://files.example/x/foo-1.0%2Blocal-py3-none-any.whl",
    "https://files.example/x/foo-1.0.tar.gz?download=1",
    "https://files.example/x/foo-1.0.tar.gz#sha256=00",
    "file:///C:/wheels/foo-1.0-py3-none-any.whl",
    "../wheels/foo-1.0-py3-none-any.whl",
    "..\\wheels\\foo-1.0-py3-none-any.whl",
    "foo-1.0.tar.gz",
    "",
    "/",
]
_TOML_VALUES: st.SearchStrategy[object] = st.one_of(st.integers(), st.booleans(), st.lists(st.integers(), max_size=1), st.just({}))
_FILE_TABLES = st.one_of(
    st.fixed_dictionaries({"url": st.sampled_from(_FILE_URLS)}),
    st.fixed_dictionaries({"url": st.sampled_from(_FILE_URLS), "hash": st.just("sha256:00"), "size": st.integers()}),
    st.fixed_dictionaries({"url": _TOML_VALUES}),
    st.fixed_dictionaries({"path": st.sampled_from(_FILE_URLS)}),
    st.fixed_dictionaries({"filename": st.sampled_from(_FILE_URLS)}),
    _TOML_VALUES,
    st.sampled_from(_FILE_URLS),
)


def _said(reader: object) -> list[tuple[str, str, int, int]]:
    return [(f.code, f.message, f.line, f.column) for f in reader.findings]  # type: ignore[attr-defined]


def _uv_reader(text: str = "") -> object:
    from reqhooks._text import Document
    from reqhooks.readers import uv_lock

    return uv_lock._Reader(Document(Path("uv.lock"), text), {})


@settings(max_examples=500, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "sdist": _FILE_TABLES,
            "wheels": st.one_of(st.lists(_FILE_TABLES, max_size=5), _TOML_VALUES, st.sampled_from(_FILE_URLS)),
        },
    )
)
def test_plain_uv_files_are_what_the_checked_way_gives(package: dict[str, object]) -> None:
    """uv_lock._plain_files takes a package's file names without a check per value: when it
    answers, the slow way gives the same names and reports nothing."""
    from reqhooks.readers import uv_lock

    plain = uv_lock._plain_files(package)
    reader = _uv_reader()
    checked = reader._files_checked(package, ("package", 0), "")  # type: ignore[attr-defined]
    if plain is not None:
        assert plain == checked
        assert reader.findings == []  # type: ignore[attr-defined]
    else:
        # Only a value that is not a table with a string URL, or a URL that file_name
        # treats specially, goes the slow way.
        wheels = package.get("wheels", [])
        tables = [package.get("sdist", {"url": ""}), *(wheels if isinstance(wheels, list) else [None])]
        urls = [t.get("url") if isinstance(t, dict) else None for t in tables]
        assert not all(isinstance(url, str) for url in urls) or any(
            c in url for url in urls if isinstance(url, str) for c in "?#%\\"
        )


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.fixed_dictionaries({"file": st.one_of(st.text(max_size=5), _TOML_VALUES)}, optional={"hash": st.just("x")}), _TOML_VALUES, st.text(max_size=3)), max_size=5))
def test_plain_file_names_are_every_file(entries: list[object]) -> None:
    """locks.plain_file_names (poetry.lock, pdm.lock files) answers exactly when every entry
    is a table with a string ``file``, with those strings."""
    from reqhooks.readers import locks

    every = all(isinstance(e, dict) and isinstance(e.get("file"), str) for e in entries)
    found = locks.plain_file_names(entries)
    assert (found is not None) == every
    if found is not None:
        assert found == tuple(e["file"] for e in entries)  # type: ignore[index]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.none(), _TOML_VALUES, st.text(max_size=2), st.lists(st.one_of(st.text(max_size=3), _TOML_VALUES), max_size=4)))
def test_get_strings_reports_as_one_check_per_element_does(value: object) -> None:
    """get_strings takes an array of strings whole: the same strings, and the same findings,
    as checking each element."""
    table = {} if value is None else {"key": value}
    reader = _uv_reader('key = 1\n')
    got = reader.get_strings(table, "key", (), "")  # type: ignore[attr-defined]
    reference = _uv_reader('key = 1\n')
    listed = reference.get_list(table, "key", (), "")  # type: ignore[attr-defined]
    expected = []
    for i, item in enumerate(listed or ()):
        if isinstance(item, str):
            expected.append(item)
        else:
            reference.wrong(("key", i), "strings in 'key'", item)  # type: ignore[attr-defined]
    assert got == tuple(expected)
    assert _said(reader) == _said(reference)


_UV_EDGES = st.one_of(
    st.fixed_dictionaries(
        {"name": st.sampled_from(["idna", "Typing_Extensions", "a.b"])},
        optional={
            "marker": st.one_of(st.sampled_from(['python_version < "3.12"', "os_name == 'nt' or x", ""]), _TOML_VALUES),
            "version": st.one_of(st.sampled_from(["1.0", ""]), _TOML_VALUES),
            "extra": st.one_of(st.lists(st.sampled_from(["fast", "socks"]), max_size=2), _TOML_VALUES),
        },
    ),
    st.fixed_dictionaries({}, optional={"marker": st.just("x"), "version": st.just("1")}),
    st.fixed_dictionaries({"name": _TOML_VALUES}),
    _TOML_VALUES,
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_UV_EDGES, max_size=6), st.sampled_from([None, "fast", "group:dev"]))
def test_uv_edges_read_the_quick_way_are_the_checked_ones(entries: list[object], label: str | None) -> None:
    """uv_lock._Reader._deps reads the common edges without the per-value checks of _dep
    (and shares one object per distinct edge): the same edges, group-walk edges and findings
    as _dep gives entry by entry."""
    reader = _uv_reader("x = 1\n")
    edges: dict[str | None, list[object]] = {}
    got = reader._deps({"dependencies": entries}, "dependencies", ("package", 0), "", label, edges)  # type: ignore[attr-defined]
    got_again = reader._deps({"dependencies": entries}, "dependencies", ("package", 0), "", label, {})  # type: ignore[attr-defined]
    reference = _uv_reader("x = 1\n")
    extra = label if label is not None and not label.startswith("group:") else None
    found: list[object] = []
    expected = []
    for i, entry in enumerate(entries):
        dep = reference._dep(entry, ("package", 0, "dependencies", i), " in 'dependencies'", extra, found)  # type: ignore[attr-defined]
        if dep is not None:
            expected.append(dep)
    assert got == expected
    assert got_again == expected
    assert edges.get(label, []) == found
    assert _said(reader) == _said(reference) * 2  # each read reports


_RELEASE_ALPHABET = "aZ09._-+!é٣ \n"
_TAGS_ALPHABET = "az09_.-Aé٣ \n"


def _tag_parts_by_pattern(tags: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    plain = re.fullmatch(wheels._PLAIN_TAGS, tags)
    if plain is None:
        return None
    interpreters, abis, platforms = plain.groups()
    prefixes = tuple(f"{i}-{a}-" for i in interpreters.split(".") for a in abis.split("."))
    return prefixes, tuple(platforms.split("."))


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(_RELEASE_ALPHABET, max_size=12), st.from_regex(wheels._PLAIN_RELEASE, fullmatch=True)))
def test_a_plain_release_is_what_its_pattern_says(release: str) -> None:
    """_plain_release reads _PLAIN_RELEASE with str methods, without compiling it."""
    assert wheels._plain_release.__wrapped__(release) is (re.fullmatch(wheels._PLAIN_RELEASE, release) is not None)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(_TAGS_ALPHABET, max_size=16), st.from_regex(wheels._PLAIN_TAGS, fullmatch=True)))
def test_plain_tags_are_what_their_pattern_says(tags: str) -> None:
    """_tag_parts reads _PLAIN_TAGS with str methods, without compiling it."""
    assert wheels._tag_parts.__wrapped__(tags) == _tag_parts_by_pattern(tags)


def test_plain_names_of_the_fixtures_are_what_the_patterns_say() -> None:
    for name in _wheel_names():
        second = name.find("-", name.find("-") + 1)
        if second < 0:
            continue
        release, tags = name[:second], name[second + 1 : -4]
        assert wheels._plain_release.__wrapped__(release) is (re.fullmatch(wheels._PLAIN_RELEASE, release) is not None)
        assert wheels._tag_parts.__wrapped__(tags) == _tag_parts_by_pattern(tags), name


def test_has_sdist_skips_wheels_as_the_suffix_check_would() -> None:
    names = [*_wheel_names(), "foo-1.0.tar.gz", "x/FOO-1.0.ZIP", "foo-1.0.tgz.whl", "a.whl/b.tar.gz", "c.tar.gz/d.whl", ""]
    for name in names:
        expected = name.rpartition("/")[2].lower().endswith(wheels.SDIST_SUFFIXES)
        assert wheels.has_sdist([name]) is expected, name
