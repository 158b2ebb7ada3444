"""No secret is ever printed: not in any output format, message, fix, diff, note or error.

Credentials sit where people put them: index URLs and their short options, ``--find-links``,
requirement URLs and VCS tokens, the source tables of Poetry, uv, PDM and Pipenv, lock files,
the environment (``PIP_INDEX_URL``), the configuration and the command line.  Every run below
searches everything reqhooks wrote, stdout and stderr, for the secret itself.

Decisions, for the record: a ``--diff`` whose lines hold a credential prints it masked (the
diff then no longer applies as is; ``--fix`` writes the real text); ``--fix`` on an editor's
buffer (``--stdin-filename``) returns the buffer, credentials included, because that output
*is* the file, not a log.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from reqhooks import __version__
from reqhooks._mask import mask_secrets
from reqhooks.cli import main
from tests.conftest import write

SECRET = "hunter2-Zq9"  # what must never be printed
FORMATS = ("text", "json", "sarif", "github")

REQUIREMENTS = f"""\
--index-url https://alice:{SECRET}@pypi.corp.example/simple
--extra-index-url=https://bob:{SECRET}@extra.example/simple
-i https://carol:{SECRET}@short.example/simple
-f https://dave:{SECRET}@links.example/
--find-links http://erin:{SECRET}@insecure.example/
--trusted-host frank:{SECRET}@host.example
tomli @ https://gina:{SECRET}@files.example/tomli-2.0.1-py3-none-any.whl
torch @ https://hank:{SECRET}@files.example/torch-2.4.0-cp312-none-any.whl ; python_version >
urllib3 @ git+https://{SECRET}@github.com/org/urllib3.git
requests @ git+https://x-token:{SECRET}@github.com/org/requests.git@main#egg=requests
-e git+https://oauth2:{SECRET}@gitlab.example/org/pkg.git#egg=pkg
broken @ https://ivan:{SECRET}@host.example/x.whl and more words
--bogus-option=https://judy:{SECRET}@host.example
https://ken:{SECRET}@host.example/dir/
numpy>=1 ; python_version > "https://leo:{SECRET}@x"
"""

PYPROJECT = f"""\
[project]
name = "x"
version = "1"
requires-python = ">=3.11"
dependencies = [
    "tomli @ https://mia:{SECRET}@files.example/tomli-2.0.1-py3-none-any.whl",
    "bad @ https://ned:{SECRET}@files.example/x.whl extra",
    "torch>=2",
]

[[tool.poetry.source]]
name = "corp"
url = "https://olga:{SECRET}@poetry.example/simple"

[tool.poetry.dependencies]
zipp = {{ url = "https://pam:{SECRET}@files.example/zipp-3.20.2-py3-none-any.whl" }}
typing = {{ git = "https://{SECRET}@github.com/o/typing.git" }}

[[tool.uv.index]]
name = "corp"
url = "https://quin:{SECRET}@uv.example/simple"

[tool.uv]
index-url = "https://rob:{SECRET}@uv.example/simple"
extra-index-url = ["https://sue:{SECRET}@uv.example/extra"]

[[tool.pdm.source]]
name = "corp"
url = "https://tom:{SECRET}@pdm.example/simple"
"""

PIPFILE = f"""\
[[source]]
url = "https://uma:{SECRET}@pipenv.example/simple"
verify_ssl = true
name = "corp"

[packages]
tomli = {{ file = "https://vic:{SECRET}@files.example/tomli-2.0.1-py3-none-any.whl" }}
mock = {{ git = "https://{SECRET}@github.com/o/mock.git" }}
enum34 = "*"
"""

UV_LOCK = f"""\
version = 1
revision = 2
requires-python = ">=3.11"

[[package]]
name = "tomli"
version = "2.0.1"
source = {{ registry = "https://walt:{SECRET}@uv.example/simple" }}
sdist = {{ url = "https://walt:{SECRET}@uv.example/files/tomli-2.0.1.tar.gz", hash = "sha256:ab", size = 1 }}
wheels = [{{ url = "https://walt:{SECRET}@uv.example/files/tomli-2.0.1-py3-none-any.whl", hash = "sha256:cd", size = 1 }}]

[[package]]
name = "x"
version = "1"
source = {{ editable = "." }}
dependencies = [{{ name = "tomli" }}, {{ name = "enum34", marker = "https://xena:{SECRET}@h" }}]
"""

PROJECTS: dict[str, dict[str, str | bytes]] = {
    "requirements": {"requirements.txt": REQUIREMENTS},
    "pyproject": {"pyproject.toml": PYPROJECT},
    "Pipfile": {"Pipfile": PIPFILE},
    "uv.lock": {"pyproject.toml": PYPROJECT.split("[[tool.poetry.source]]")[0], "uv.lock": UV_LOCK},
    "broken TOML": {"pyproject.toml": PYPROJECT.replace('name = "corp"', 'name = = "corp"', 1)},
    "wrong types": {"pyproject.toml": PYPROJECT.replace("[[tool.uv.index]]", "[tool.uv.index]")},
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture(autouse=True)
def _credentials_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIP_INDEX_URL", f"https://env:{SECRET}@env.example/simple")
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", f"https://env2:{SECRET}@env.example/extra")
    monkeypatch.setenv("UV_INDEX_URL", f"https://env3:{SECRET}@env.example/uv")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("project", list(PROJECTS))
@pytest.mark.parametrize(
    "extra",
    [
        pytest.param((), id="check"),
        pytest.param(("--target-python", "3.10,3.12", "--diff", "--unsafe-fixes"), id="diff"),
        pytest.param(("--target-python", "3.11,3.12", "--fix", "--unsafe-fixes"), id="fix"),
    ],
)
def test_no_output_format_prints_a_secret(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], project: str, fmt: str, extra: tuple[str, ...]
) -> None:
    write(in_tmp, PROJECTS[project])
    code, output = run(capsys, "check", "--format", fmt, *extra)
    assert code in (0, 1), output
    assert SECRET not in output
    if project != "broken TOML" and not extra:  # (a file that is not TOML has one finding: that)
        assert "****@" in output


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        pytest.param(
            "text",
            "requirements.txt:1:27: REQ004 Credentials in URL https://****@pypi.corp.example/simple; "
            "use a ${VAR} placeholder, keyring or .netrc instead\nFound 1 problem.\n",
            id="text",
        ),
        pytest.param(
            "github",
            "::error file=requirements.txt,line=1,col=27,endLine=1,endColumn=44,title=REQ004::REQ004 "
            "Credentials in URL https://****@pypi.corp.example/simple; use a ${VAR} placeholder, "
            "keyring or .netrc instead\n",
            id="github",
        ),
    ],
)
def test_the_credentials_finding_is_exact_and_masked(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], fmt: str, expected: str
) -> None:
    write(
        in_tmp,
        {
            "requirements.txt": f"--extra-index-url https://alice:{SECRET}@pypi.corp.example/simple\n"
        },
    )
    assert run(capsys, "check", "--select", "REQ004", "--format", fmt) == (1, expected)


def test_json_and_sarif_carry_the_masked_url(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp,
        {
            "requirements.txt": f"--extra-index-url https://alice:{SECRET}@pypi.corp.example/simple\n"
        },
    )
    message = (
        "Credentials in URL https://****@pypi.corp.example/simple; use a ${VAR} placeholder, "
        "keyring or .netrc instead"
    )
    code, out = run(capsys, "check", "--select", "REQ004", "--format", "json")
    assert (code, [f["message"] for f in json.loads(out)["findings"]]) == (1, [message])
    code, out = run(capsys, "check", "--select", "REQ004", "--format", "sarif")
    assert (code, [r["message"]["text"] for r in json.loads(out)["runs"][0]["results"]]) == (
        1,
        [message],
    )


def test_fix_messages_and_edits_in_json_are_masked(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp,
        {
            "requirements.txt": f"tomli @ https://gina:{SECRET}@files.example/tomli-2.0.1-py3-none-any.whl\n"
        },
    )
    code, out = run(
        capsys,
        "check",
        "--select",
        "BKP",
        "--target-python",
        "3.12",
        "--format",
        "json",
        "--unsafe-fixes",
        "--diff",
    )
    assert code == 1 and SECRET not in out
    code, out = run(
        capsys, "check", "--select", "BKP", "--target-python", "3.12", "--format", "json"
    )
    (finding,) = json.loads(out)["findings"]
    assert finding["fix"]["message"] == (
        "Remove `tomli @ https://****@files.example/tomli-2.0.1-py3-none-any.whl`"
    )
    assert SECRET not in out


def test_a_diff_masks_the_line_it_changes_and_its_context(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        in_tmp,
        {
            "requirements.txt": f"--index-url https://alice:{SECRET}@pypi.corp.example/simple\n"
            f"tomli @ https://gina:{SECRET}@files.example/tomli-2.0.1-py3-none-any.whl\n",
        },
    )
    assert run(capsys, "backports", "--target-python", "3.10,3.12", "--diff") == (
        1,
        (
            "--- a/requirements.txt\n"
            "+++ b/requirements.txt\n"
            "@@ -1,2 +1,2 @@\n"
            " --index-url https://****@pypi.corp.example/simple\n"
            "-tomli @ https://****@files.example/tomli-2.0.1-py3-none-any.whl\n"
            '+tomli @ https://****@files.example/tomli-2.0.1-py3-none-any.whl ; python_version < "3.11"\n'
            "Would fix 1 problem.\n"
        ),
    )
    # --fix writes the real text: the file must keep working.
    assert main(["backports", "--target-python", "3.10,3.12", "--fix"]) == 0
    assert f"gina:{SECRET}@" in (in_tmp / "requirements.txt").read_text()
    assert SECRET not in "".join(capsys.readouterr())


def test_an_editor_buffer_comes_back_whole(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer = f"--index-url https://alice:{SECRET}@pypi.corp.example/simple\ntomli\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(buffer)))
    main(
        [
            "backports",
            "--target-python",
            "3.10,3.12",
            "--fix",
            "--stdin-filename",
            "requirements.txt",
            "-",
        ]
    )
    captured = capsys.readouterr()
    assert captured.out == buffer.decode().replace("tomli", 'tomli; python_version < "3.11"')
    assert SECRET not in captured.err


@pytest.mark.parametrize(
    ("argv", "files", "expected"),
    [
        pytest.param(
            ["check", "--format", f"https://u:{SECRET}@h"],
            {},
            "reqhooks check: error: argument --format: invalid choice: 'https://****@h' "
            "(choose from 'text', 'json', 'sarif', 'github')\nTry 'reqhooks --help'.\n",
            id="a usage error echoing the argument",
        ),
        pytest.param(
            ["check", "--target-python", f"https://u:{SECRET}@h"],
            {},
            None,
            id="a bad --target-python",
        ),
        pytest.param(
            ["check", "--config", "reqhooks.toml"],
            {
                "reqhooks.toml": f'index-url = "https://u:{SECRET}@h"\nselect = ["https://u:{SECRET}@h"]\n'
            },
            None,
            id="a configuration error",
        ),
        pytest.param(
            ["check", "--config", "reqhooks.toml"],
            {"reqhooks.toml": f'[ "https://u:{SECRET}@h"\n'},
            None,
            id="a configuration file that is not TOML",
        ),
    ],
)
def test_usage_and_configuration_errors_are_masked(
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    files: dict[str, str | bytes],
    expected: str | None,
) -> None:
    write(in_tmp, files)
    code, output = run(capsys, *argv)
    assert code == 2
    assert SECRET not in output
    if expected is not None:
        assert output == expected


def test_an_internal_error_is_one_masked_line(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reqhooks.readers import requirements

    def explode(*args: object, **kwargs: object) -> None:
        raise ValueError(
            f"cannot fetch https://alice:{SECRET}@pypi.corp.example/simple\n  (three\n  lines)"
        )

    monkeypatch.setattr(requirements, "read", explode)
    write(in_tmp, {"requirements.txt": "tomli\n"})
    assert run(capsys, "check", ".") == (
        2,
        (
            f"reqhooks {__version__}: internal error while checking requirements.txt: ValueError: cannot fetch "
            "https://****@pypi.corp.example/simple (three lines) (set REQHOOKS_DEBUG=1 for the traceback; "
            "please report it)\n"
        ),
    )
    monkeypatch.setenv("REQHOOKS_DEBUG", "1")
    code, output = run(capsys, "check", ".")
    assert code == 2
    assert "Traceback (most recent call last):" in output
    assert SECRET not in output


def test_the_online_note_names_the_index_without_its_credentials(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network blocked by the test")

    for name in ("create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("REQHOOKS_CACHE_DIR", str(in_tmp / ".cache"))
    write(in_tmp, {"requirements.txt": "torch==2.4.0\n"})
    for argv in (
        ["--online"],
        ["--online", "--index-url", f"https://cli:{SECRET}@cli.example/simple"],
    ):
        code, output = run(capsys, "check", "--select", "PIN006,PYV", *argv)
        assert code in (0, 1)
        assert SECRET not in output
        assert "cannot read the index https://" in output


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("https://u:p@h/simple", "https://****@h/simple"),
        ("https://token@h/simple", "https://****@h/simple"),
        ("git+https://u:p%40ss@h/r.git@v1", "git+https://****@h/r.git@v1"),
        ("https://u:p@ss@h/x", "https://****@h/x"),  # an unescaped '@' in the password
        ("--trusted-host u:p@h", "--trusted-host ****@h"),
        ("https://${USER}:${PASSWORD}@h/simple", "https://${USER}:${PASSWORD}@h/simple"),
        ("git+ssh://git@github.com/o/r.git", "git+ssh://git@github.com/o/r.git"),
        ("git@github.com:o/r.git", "git@github.com:o/r.git"),
        ("Demo <demo@example.com>", "Demo <demo@example.com>"),
        ("pkg @ https://h/x.whl", "pkg @ https://h/x.whl"),
        ("'https://u:p@h' and \"http://v:q@i\"", "'https://****@h' and \"http://****@i\""),
    ],
)
def test_mask_secrets(text: str, masked: str) -> None:
    assert mask_secrets(text) == masked
