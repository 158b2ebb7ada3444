"""reqhooks._resultcache: a run remembered prints what a fresh run prints, and only while
nothing it consulted has changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reqhooks import _resultcache, engine
from reqhooks.cli import main
from tests.conftest import bench_projects, edited, write

REPO = Path(__file__).resolve().parent.parent


class Runs:
    """``reqhooks`` in this process, remembering findings in a cache of the test's own."""

    def __init__(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cache: Path
    ) -> None:
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        self.cache = cache
        self.loads = 0
        real = engine.Loader.load_project

        def counted(loader: engine.Loader, *args: object) -> object:
            self.loads += 1
            return real(loader, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(engine.Loader, "load_project", counted)

    def __call__(self, *argv: str) -> tuple[int, str, str, bool]:
        """Exit status, stdout, stderr, and whether the findings were remembered ones."""
        before = self.loads
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        return code, out, err, self.loads == before

    def fresh(self, *argv: str) -> tuple[int, str, str]:
        """The same command without any cache."""
        with self.monkeypatch.context() as m:
            m.setenv("REQHOOKS_NO_CACHE", "1")
            code, out, err, _ = self(*argv)
        return code, out, err


@pytest.fixture
def runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> Runs:
    monkeypatch.setenv("REQHOOKS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REQHOOKS_NO_CACHE", raising=False)
    return Runs(monkeypatch, capsys, tmp_path / "cache")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
def test_a_remembered_run_prints_what_a_fresh_run_prints(
    runs: Runs, project: Path, output: str
) -> None:
    shutil.copytree(REPO / "examples" / "demo", project, dirs_exist_ok=True)
    argv = ("check", "--format", output)
    fresh = runs.fresh(*argv)
    code, out, err, remembered = runs(*argv)
    assert (code, out, err) == fresh and not remembered
    assert fresh[0] == 1 and "BKP001" in fresh[1]
    code, out, err, remembered = runs(*argv)
    assert (code, out, err) == fresh and remembered
    assert len(list((runs.cache / "results-2").iterdir())) == 1


FIXTURES = Path(__file__).parent / "fixtures"
PROJECTS = sorted(
    {
        p.parent
        for pattern in (
            "*.lock",
            "pylock*.toml",
            "pyproject.toml",
            "Pipfile",
            "requirements*.txt",
            "*.in",
        )
        for p in FIXTURES.rglob(pattern)
    }
)


@pytest.mark.parametrize("fixture", PROJECTS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_project_remembered_is_the_fresh_run(
    runs: Runs, project: Path, fixture: Path
) -> None:
    # The lock files the real tools wrote, the drift cases, hostile inputs: JSON carries
    # every field (positions, fixes with their edits, packages).
    shutil.copytree(fixture, project, dirs_exist_ok=True, symlinks=True)
    fresh = runs.fresh("check", "--format", "json")
    assert runs("check", "--format", "json") == (*fresh, False)
    assert runs("check", "--format", "json") == (*fresh, True)


def test_the_fixes_a_remembered_run_offers_are_the_fresh_runs(runs: Runs, project: Path) -> None:
    write(project, {"requirements.txt": "tomli==2.0.1\nenum34==1.1.10\ntorch>=2\n"})
    fresh = runs.fresh("check", "--format", "json")
    assert '"edits": [\n' in fresh[1]  # the fixes' edits, with their positions
    runs("check", "--format", "json")
    assert runs("check", "--format", "json") == (*fresh, True)


def _tomli_pin(root: Path) -> None:
    (root / "requirements.txt").write_text("tomlx==2.0.1\n")  # the same size


def _include_created(root: Path) -> None:
    (root / "extra.txt").write_text("enum34==1.1.10\n")


def _include_directory_replaced(root: Path) -> None:
    shutil.rmtree(root / "sub")
    (root / "sub").write_text("enum34==1.1.10\n")


def _config_added(root: Path) -> None:
    (root / "pyproject.toml").write_text('[tool.reqhooks]\nignore = ["BKP"]\n')


def _link_turned_inward(root: Path) -> None:
    (root / "shared.txt").unlink()
    (root / "shared.txt").symlink_to("inside.txt")


def _file_added(root: Path) -> None:
    (root / "requirements-dev.txt").write_text("enum34==1.1.10\n")


def _lock_added(root: Path) -> None:
    write(root, {"uv.lock": WORKSPACE["uv.lock"]})


def _member_added(root: Path) -> None:
    write(
        root,
        {
            "packages/b/pyproject.toml": '[project]\nname = "b"\nversion = "1"\ndependencies = ["enum34"]\n'
        },
    )


WORKSPACE = {
    "pyproject.toml": (
        '[project]\nname = "a"\nversion = "1"\nrequires-python = ">=3.10"\n'
        '[tool.uv.workspace]\nmembers = ["packages/*"]\n'
    ),
    "uv.lock": 'version = 1\nrevision = 3\nrequires-python = ">=3.10"\n\n[manifest]\nmembers = ["a"]\n\n'
    '[[package]]\nname = "a"\nversion = "1"\nsource = { editable = "." }\n',
}


CHANGES = {
    "a byte of a file": ({"requirements.txt": "tomli==2.0.1\n"}, _tomli_pin),
    "a file added": ({"requirements.txt": "flask==3.1.0\n"}, _file_added),
    "a lock added beside the pyproject.toml given": (
        {"pyproject.toml": '[project]\nname = "a"\nversion = "1"\nrequires-python = ">=3.10"\n'},
        _lock_added,
    ),
    "an include created": ({"requirements.txt": "-r extra.txt\n"}, _include_created),
    "a directory replaced by a file": (
        {"requirements.txt": "-r sub\n", "sub/.keep": ""},
        _include_directory_replaced,
    ),
    "the configuration": ({"requirements.txt": "enum34==1.1.10\n"}, _config_added),
    "a symbolic link's target": (
        {"requirements.txt": "-r shared.txt\n", "inside.txt": "enum34==1.1.10\n"},
        _link_turned_inward,
    ),
    "a workspace member's directory": ({**WORKSPACE, "packages/.keep": ""}, _member_added),
    "a workspace member's pyproject.toml": ({**WORKSPACE, "packages/b/.keep": ""}, _member_added),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_to_anything_the_run_consulted_is_seen(
    runs: Runs, project: Path, tmp_path: Path, change: str
) -> None:
    files, apply = CHANGES[change]
    write(project, files)
    (tmp_path / "outside.txt").write_text("typing==3.7.4.3\n")
    if change == "a symbolic link's target":
        (project / "shared.txt").symlink_to(tmp_path / "outside.txt")
    # One file, as pre-commit passes a changed file: discovery lists its project's other
    # files (not the workspace members), and only its findings are reported.
    argv = ("check",)
    if change.startswith("a workspace member"):
        argv = ("check", "uv.lock")
    elif change.startswith("a lock added"):
        argv = ("check", "pyproject.toml")
    before = runs.fresh(*argv)
    assert runs(*argv)[:3] == before
    assert runs(*argv) == (*before, True)
    apply(project)
    after = runs.fresh(*argv)
    assert after != before  # the change matters
    assert runs(*argv) == (*after, False)
    assert runs(*argv) == (*after, True)


def test_an_environment_variable_a_requirements_file_expands_is_consulted(
    runs: Runs, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, {"requirements.txt": "${BACKPORT}==1.1.10\n"})
    monkeypatch.setenv("BACKPORT", "enum34")
    before = runs.fresh("check")
    assert "BKP001 enum34" in before[1]
    runs("check")
    assert runs("check") == (*before, True)
    monkeypatch.setenv("BACKPORT", "enum35")
    after = runs.fresh("check")
    assert after != before
    assert runs("check") == (*after, False)
    monkeypatch.setenv("UNRELATED", "1")  # not one it asked about
    assert runs("check") == (*after, True)


def test_the_date_the_working_directory_and_the_arguments_are_part_of_the_key(
    runs: Runs, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        project,
        {".python-version": "3.9\n", "requirements.txt": "enum34==1.1.10\n", "sub/.keep": ""},
    )
    today = runs.fresh("check", str(project))
    assert "PYV005" in today[1]
    runs("check", str(project))
    assert runs("check", str(project)) == (*today, True)
    monkeypatch.setenv("REQHOOKS_TODAY", "2022-06-01")  # 3.9 still supported
    then = runs.fresh("check", str(project))
    assert then != today
    assert runs("check", str(project)) == (*then, False)
    monkeypatch.chdir(project / "sub")  # the same files, named relative to another directory
    elsewhere = runs.fresh("check", str(project))
    assert elsewhere != then and "../requirements.txt" not in elsewhere[1]
    assert runs("check", str(project)) == (*elsewhere, False)
    assert runs("check", str(project), "--select", "PYV")[3] is False
    python = runs.fresh("python", str(project))
    assert python != elsewhere
    assert runs("python", str(project)) == (*python, False)


def test_a_change_to_reqhooks_itself_is_a_new_key(
    runs: Runs, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, {"requirements.txt": "enum34==1.1.10\n"})
    runs("check")
    assert runs("check")[3] is True
    stamp = _resultcache._code_stamp()
    assert any(
        name.endswith(("rules/backports.py", "rules\\backports.py"))
        for name in (s.split(":")[0] for s in stamp)
    )
    monkeypatch.setattr(_resultcache, "_code_stamp", lambda: [*stamp[:-1], stamp[-1] + "0"])
    assert runs("check")[3] is False


def test_an_upgrade_of_packaging_is_a_new_key(
    runs: Runs, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util
    import sys

    import packaging

    assert _resultcache._packaging_directory() == str(Path(packaging.__file__).parent)
    with monkeypatch.context() as m:
        m.delitem(sys.modules, "packaging")  # found as an import would find it, not imported
        spec = importlib.util.find_spec("packaging")
        assert spec is not None and spec.submodule_search_locations
        # (where this process would import it from now: poetry-core, imported by other
        # tests, puts its vendored copy first on sys.path)
        assert _resultcache._packaging_directory() == next(iter(spec.submodule_search_locations))
        assert "packaging" not in sys.modules
    fake = tmp_path / "site" / "packaging"
    write(fake, {"__init__.py": '__version__ = "25.0"\n', "markers.py": "x = 1\n"})
    monkeypatch.setattr(_resultcache, "_packaging_directory", lambda: str(fake))
    write(project, {"requirements.txt": "enum34==1.1.10\n"})
    runs("check")
    assert runs("check")[3] is True
    write(fake, {"__init__.py": '__version__ = "26.0.1"\n'})  # another size, whatever the clock
    assert runs("check")[3] is False


def test_the_presentation_shares_one_entry(runs: Runs, project: Path) -> None:
    write(project, {"requirements.txt": "enum34==1.1.10\n"})
    runs("check")
    for argv in (
        ("--format", "json"),
        ("--exit-zero",),
        ("--fail-on", "error"),
        ("--color", "always"),
    ):
        code, out, err, remembered = runs("check", *argv)
        assert remembered and (code, out, err) == runs.fresh("check", *argv)


def test_runs_that_write_or_read_stdin_are_not_remembered(
    runs: Runs, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    write(project, {"requirements.txt": "tomli==2.0.1\n"})
    runs("check", "--diff", "--unsafe-fixes")
    runs("check", "--fix", "--unsafe-fixes")
    assert (project / "requirements.txt").read_text() == ""  # the unsafe fix: use tomllib

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"enum34==1.1.10\n")))
    runs("check", "-", "--stdin-filename", "requirements.txt")
    assert not (runs.cache / "results-2").exists()


def test_a_damaged_entry_is_ignored_and_replaced(runs: Runs, project: Path) -> None:
    write(project, {"requirements.txt": "enum34==1.1.10\n"})
    fresh = runs.fresh("check")
    runs("check")
    (entry,) = (runs.cache / "results-2").iterdir()
    data = entry.read_bytes()
    for damaged in (data[: len(data) // 2], data[:-1] + bytes([data[-1] ^ 1]), b""):
        entry.write_bytes(damaged)
        assert runs("check") == (*fresh, False)
        assert runs("check") == (*fresh, True)


def test_reqhooks_no_cache_turns_it_off(
    runs: Runs, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, {"requirements.txt": "enum34==1.1.10\n"})
    monkeypatch.setenv("REQHOOKS_NO_CACHE", "1")
    runs("check")
    assert runs("check")[3] is False
    assert not runs.cache.exists()


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("results", {"toml-3", "model-3", "re-2"}),
        ("toml, model", {"re-2", "results-2"}),
        ("results,toml,model,re", set()),
        ("yes", set()),  # not a list of cache names: every cache off
        ("results,tomll", set()),
        ("0", {"toml-3", "model-3", "re-2", "results-2"}),
    ],
)
def test_reqhooks_no_cache_names_the_caches_it_turns_off(
    runs: Runs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, kept: set[str]
) -> None:
    from reqhooks import _parsecache

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(_parsecache, "MIN_BYTES", 0)
    root = bench_projects().lock_project(tmp_path / "p", "uv", 30)
    monkeypatch.setenv("REQHOOKS_NO_CACHE", value)
    runs("check", str(root))
    made = {p.name for p in runs.cache.iterdir()} if runs.cache.exists() else set()
    assert made - {"re-2"} == kept - {"re-2"}  # this process compiled its patterns before
    assert {
        n for n in ("toml-3", "model-3", "re-2", "results-2") if _parsecache.local_cache(n)
    } == kept
    assert runs("check", str(root))[3] is ("results-2" in kept)


def test_a_file_changed_while_it_is_read_is_not_remembered_with_its_new_findings(
    runs: Runs, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reqhooks import _text

    write(project, {"requirements.txt": "enum34==1.1.10\n"})

    original = _text.read_document

    def racing(path: Path, *, data: bytes | None = None) -> object:
        if path.name == "requirements.txt" and data is None:
            path.write_text("tomli==2.0.1\n")  # changed after its digest was taken
        return original(path, data=data)

    with monkeypatch.context() as m:
        m.setattr(_text, "read_document", racing)
        first = runs("check")
    assert "tomli" in first[1]
    # Remembered with the digest of the bytes its findings came from, not the earlier ones.
    assert runs("check") == (*runs.fresh("check"), True)
    assert runs.fresh("check")[:3] == first[:3]


def _undecodable(path: Path) -> None:
    path.write_bytes(b"flask==3.1.0\n\x80\x81\n")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _too_large(path: Path) -> None:
    path.write_bytes(b"# " + b"x" * 2000 + b"\n")


@pytest.mark.parametrize(
    "make", [_undecodable, _fifo, _too_large], ids=["undecodable", "a FIFO", "too large"]
)
def test_a_file_that_cannot_be_read_is_remembered_as_such(
    runs: Runs, project: Path, monkeypatch: pytest.MonkeyPatch, make: object
) -> None:
    from reqhooks import _text

    if make is _fifo and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")  # pragma: no cover - Windows
    monkeypatch.setattr(_text, "MAX_BYTES", 1000)
    make(project / "requirements.txt")  # type: ignore[operator]
    fresh = runs.fresh("check", "requirements.txt")
    assert "REQ001" in fresh[1]
    assert runs("check", "requirements.txt") == (*fresh, False)
    assert runs("check", "requirements.txt") == (*fresh, True)  # the same answer asked again
    (project / "requirements.txt").unlink()
    (project / "requirements.txt").write_text("enum34==1.1.10\n")
    assert runs("check", "requirements.txt") == (*runs.fresh("check", "requirements.txt"), False)


EDITS = st.lists(
    st.tuples(
        st.integers(0, 200),
        st.sampled_from(["=", "1", "\n", " ", "#", "<", ";", "a", "-r x.txt\n"]),
        st.integers(0, 2),
    ),
    max_size=4,
)


@settings(max_examples=int(25 * float(os.environ.get("REQHOOKS_FUZZ_SCALE", "1"))), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(edits=st.lists(EDITS, min_size=1, max_size=4))
def test_after_any_edits_a_remembered_run_is_a_fresh_run(
    runs: Runs, project: Path, edits: list[list[tuple[int, str, int]]]
) -> None:
    text = "-c constraints.txt\ntomli==2.0.1\nenum34==1.1.10 ; python_version < '3.4'\ntorch>=2\n"
    write(project, {"constraints.txt": "typing==3.7.4.3\n", "x.txt": "pathlib\n"})
    for step in edits:
        text = edited(text, step)
        (project / "requirements.txt").write_text(text)
        assert runs("check")[:3] == runs.fresh("check")
        assert runs("check") == (*runs.fresh("check"), True)


def test_a_file_unreadable_for_another_reason_is_seen(
    runs: Runs, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reqhooks import _text

    monkeypatch.setattr(_text, "MAX_BYTES", 1000)
    _fifo(project / "requirements.txt")
    before = runs.fresh("check", "requirements.txt")
    runs("check", "requirements.txt")
    assert runs("check", "requirements.txt") == (*before, True)
    (project / "requirements.txt").unlink()
    _too_large(project / "requirements.txt")  # no bytes read either, for another reason
    after = runs.fresh("check", "requirements.txt")
    assert after != before
    assert runs("check", "requirements.txt") == (*after, False)


def test_switching_back_finds_the_earlier_run(runs: Runs, project: Path) -> None:
    # Another branch checked out and back, an edit undone: each state's run is remembered.
    states = ["enum34==1.1.10\n", "typing==3.7.4.3\ntorch>=2\n"]
    fresh = []
    for text in states:
        (project / "requirements.txt").write_text(text)
        fresh.append(runs.fresh("check"))
        assert runs("check") == (*fresh[-1], False)
    assert fresh[0] != fresh[1]
    for _ in range(2):
        for text, expected in zip(states, fresh):
            (project / "requirements.txt").write_text(text)
            assert runs("check") == (*expected, True)
    assert len(list((runs.cache / "results-2").iterdir())) == 1  # one key, two runs


def test_the_last_runs_of_a_key_are_kept_and_each_question_is_asked_once(
    runs: Runs, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, {"constraints.txt": "typing==3.7.4.3\n"})
    states = [f"-c constraints.txt\nenum34=={n}\n" for n in range(_resultcache.KEPT + 1)]
    for text in states:
        (project / "requirements.txt").write_text(text)
        assert runs("check")[3] is False
    asked: list[Path] = []
    real = _resultcache.fingerprint

    def counted(path: Path) -> tuple[object, ...]:
        asked.append(path)
        return real(path)

    monkeypatch.setattr(_resultcache, "fingerprint", counted)
    # The oldest run kept, found after the newer runs' probes failed: each file hashed once.
    (project / "requirements.txt").write_text(states[1])
    assert runs("check") == (*runs.fresh("check"), True)
    assert sorted(p.name for p in asked) == ["constraints.txt", "requirements.txt"]
    # The first run is no longer kept; remembered again, it pushes out the next oldest.
    (project / "requirements.txt").write_text(states[0])
    assert runs("check") == (*runs.fresh("check"), False)
    assert runs("check")[3] is True
    (project / "requirements.txt").write_text(states[1])
    assert runs("check")[3] is False
