"""REQ004-REQ006: secrets in URLs, insecure indexes, conflicting duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from reqhooks._text import Document, read_document
from reqhooks.model import Project
from reqhooks.readers import pipfile, pyproject, requirements
from reqhooks.rules.hygiene import check, mask_url

COMPILED = Path(__file__).parent / "fixtures" / "compiled"


def project(root: Path, files: dict[str, str], environ: dict[str, str] | None = None) -> Project:
    p = Project(root=root)
    for name, text in files.items():
        doc = Document(root / name, text)
        if name.endswith("pyproject.toml"):
            pp, found = pyproject.read(doc)
            p.pyproject = pp
        elif name == "Pipfile":
            pf, found = pipfile.read(doc)
            p.pipfile = pf
        else:
            constraints = name.startswith("constraints")
            rf, found = requirements.read(doc, constraints=constraints, environ=environ or {})
            p.requirement_files.append(rf)
        assert found == []
    return p


def run(p: Project) -> list[str]:
    return [
        f"{f.display}:{f.line}:{f.column}-{f.end_line}:{f.end_column} {f.code} {f.message}"
        + (f" [{f.package}]" if f.package else "")
        for f in sorted(check(p, object()), key=lambda f: f.sort_key)
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    (
        pytest.param(
            {
                "requirements.txt": "--index-url https://user:s3cret@pypi.example.com/simple\nfoo==1\n"
            },
            [
                "requirements.txt:1:21-1:32 REQ004 Credentials in URL https://****@pypi.example.com/simple; use a ${VAR} placeholder, keyring or .netrc instead"
            ],
            id="a password in the index URL",
        ),
        pytest.param(
            {"requirements.txt": "--extra-index-url=https://ghp_abc123@pkgs.example.com/simple\n"},
            [
                "requirements.txt:1:27-1:37 REQ004 Credentials in URL https://****@pkgs.example.com/simple; use a ${VAR} placeholder, keyring or .netrc instead"
            ],
            id="a token in an extra index URL",
        ),
        pytest.param(
            {"requirements.txt": "-f https://u:p@files.example.com/links\n"},
            [
                "requirements.txt:1:12-1:15 REQ004 Credentials in URL https://****@files.example.com/links; use a ${VAR} placeholder, keyring or .netrc instead"
            ],
            id="credentials in find-links",
        ),
        pytest.param(
            {
                "requirements.txt": "private @ git+https://ghp_abc123@github.com/org/private.git@v1\n"
            },
            [
                "requirements.txt:1:23-1:33 REQ004 Credentials in URL git+https://****@github.com/org/private.git@v1; use a ${VAR} placeholder, keyring or .netrc instead [private]"
            ],
            id="a token in a requirement URL",
        ),
        pytest.param(
            {
                "requirements.txt": "-e git+https://oauth2:glpat-xyz@gitlab.example.com/g/p.git#egg=p\n"
            },
            [
                "requirements.txt:1:16-1:32 REQ004 Credentials in URL git+https://****@gitlab.example.com/g/p.git#egg=p; use a ${VAR} placeholder, keyring or .netrc instead [p]"
            ],
            id="a token in an editable URL, reported once",
        ),
        pytest.param(
            {"requirements.txt": "-r https://u:pw@example.com/base.txt\n"},
            [
                "requirements.txt:1:12-1:16 REQ004 Credentials in URL https://****@example.com/base.txt; use a ${VAR} placeholder, keyring or .netrc instead"
            ],
            id="a password in an included URL",
        ),
        pytest.param(
            {"requirements.txt": "-i https://user:p@ss@pypi.example.com/simple\n"},
            [
                "requirements.txt:1:12-1:21 REQ004 Credentials in URL https://****@pypi.example.com/simple; use a ${VAR} placeholder, keyring or .netrc instead"
            ],
            id="an @ in the password is masked too",
        ),
        pytest.param(
            {
                "requirements.txt": "foo @ \\\n  https://tok@example.com/foo.zip \\\n  --hash=sha256:aa\n"
            },
            [
                "requirements.txt:2:11-2:14 REQ004 Credentials in URL https://****@example.com/foo.zip; use a ${VAR} placeholder, keyring or .netrc instead [foo]"
            ],
            id="a URL on a continued line",
        ),
        pytest.param(
            {"requirements.txt": "x @ git+ssh://deploy:hunter2@git.example.com/x.git\n"},
            [
                "requirements.txt:1:15-1:29 REQ004 Credentials in URL git+ssh://****@git.example.com/x.git; use a ${VAR} placeholder, keyring or .netrc instead [x]"
            ],
            id="a password over ssh",
        ),
        pytest.param(
            {
                "requirements.txt": "-i https://${PIP_USER}:${PIP_PASSWORD}@pypi.example.com/simple\n--extra-index-url https://${TOKEN}@pkgs.example.com/simple\n-f https://user:${PASSWORD}@files.example.com/\n"
            },
            [],
            id="placeholders are the right way",
        ),
        pytest.param(
            {
                "requirements.txt": "x @ git+ssh://git@github.com/org/x.git\ny @ git+ssh://deploy@git.example.com/y.git\n"
            },
            [],
            id="a user name over ssh is not a secret",
        ),
        pytest.param(
            {"requirements.txt": "x @ git+https://git@github.com/org/x.git\n"},
            [],
            id="the git user over https is not a secret",
        ),
        pytest.param(
            {"requirements.txt": "x @ git+https://github.com/org/x.git@v1.0\n"},
            [],
            id="an @ in the path is not a user",
        ),
        pytest.param(
            {
                "pyproject.toml": '[project]\nname = "demo"\nversion = "1"\n\n[[tool.poetry.source]]\nname = "private"\nurl = "https://user:pw@pkgs.example.com/simple"\n\n[[tool.uv.index]]\nname = "corp"\nurl = "https://tok@uv.example.com/simple"\n\n[[tool.pdm.source]]\nname = "pdm"\nurl = "https://a:b@pdm.example.com/simple"\n'
            },
            [
                "pyproject.toml:7:16-7:23 REQ004 Credentials in URL https://****@pkgs.example.com/simple; use a ${VAR} placeholder, keyring or .netrc instead",
                "pyproject.toml:11:16-11:19 REQ004 Credentials in URL https://****@uv.example.com/simple; use a ${VAR} placeholder, keyring or .netrc instead",
                "pyproject.toml:15:16-15:19 REQ004 Credentials in URL https://****@pdm.example.com/simple; use a ${VAR} placeholder, keyring or .netrc instead",
            ],
            id="sources in pyproject.toml",
        ),
        pytest.param(
            {
                "Pipfile": '[[source]]\nurl = "https://user:pw@pypi.example.com/simple"\nverify_ssl = true\nname = "corp"\n\n[packages]\nrequests = "*"\n'
            },
            [
                "Pipfile:2:16-2:23 REQ004 Credentials in URL https://****@pypi.example.com/simple; use a ${VAR} placeholder, keyring or .netrc instead"
            ],
            id="a source in a Pipfile",
        ),
        pytest.param(
            {
                "requirements.txt": "--index-url http://pypi.example.com/simple\n--extra-index-url http://mirror.example.com/simple\n"
            },
            [
                "requirements.txt:1:13-1:43 REQ005 Plain http index URL http://pypi.example.com/simple; use https",
                "requirements.txt:2:19-2:51 REQ005 Plain http index URL http://mirror.example.com/simple; use https",
            ],
            id="a plain http index",
        ),
        pytest.param(
            {"requirements.txt": "--find-links http://files.example.com/wheels/\n"},
            [
                "requirements.txt:1:14-1:46 REQ005 Plain http find-links URL http://files.example.com/wheels/; use https"
            ],
            id="plain http find-links",
        ),
        pytest.param(
            {"requirements.txt": "--trusted-host mirror.example.com\n"},
            [
                "requirements.txt:1:1-1:34 REQ005 --trusted-host mirror.example.com turns off TLS verification; serve the index over https with a valid certificate"
            ],
            id="a trusted host",
        ),
        pytest.param(
            {"requirements.txt": "-i http://u:pw@pypi.example.com/simple\n"},
            [
                "requirements.txt:1:4-1:39 REQ005 Plain http index URL http://****@pypi.example.com/simple; use https",
                "requirements.txt:1:11-1:15 REQ004 Credentials in URL http://****@pypi.example.com/simple; use a ${VAR} placeholder, keyring or .netrc instead",
            ],
            id="a plain http index with a secret",
        ),
        pytest.param(
            {
                "requirements.txt": "-i http://localhost:8080/simple\n--extra-index-url http://127.0.0.1/simple\n--extra-index-url http://[::1]:3141/root/pypi\n-f https://files.example.com/\n-f ./wheels\n"
            },
            [],
            id="local indexes and https are fine",
        ),
        pytest.param(
            {
                "pyproject.toml": '[project]\nname = "demo"\nversion = "1"\n\n[[tool.uv.index]]\nname = "corp"\nurl = "http://uv.example.com/simple"\n\n[tool.uv]\nfind-links = ["http://files.example.com/"]\n'
            },
            [
                "pyproject.toml:7:7-7:37 REQ005 Plain http index URL http://uv.example.com/simple; use https",
                "pyproject.toml:10:15-10:42 REQ005 Plain http find-links URL http://files.example.com/; use https",
            ],
            id="a plain http index in pyproject.toml",
        ),
        pytest.param(
            {"requirements.txt": "foo>=1\nbar\nfoo<2\n"},
            [
                "requirements.txt:3:1-3:6 REQ006 Duplicate requirement for foo with a different specifier (first on line 1); merge them into one [foo]"
            ],
            id="different specifiers in one file",
        ),
        pytest.param(
            {"requirements.txt": "foo==1\nfoo==1.0\nFoo_Bar>=1,<2\nfoo-bar<2,>=1\n"},
            [],
            id="the same requirement twice is harmless",
        ),
        pytest.param(
            {
                "requirements.txt": 'foo==1 ; python_version < "3.11"\nfoo==2 ; python_version >= "3.11"\n'
            },
            [],
            id="disjoint python versions do not overlap",
        ),
        pytest.param(
            {
                "requirements.txt": "foo==1 ; sys_platform == 'win32'\nfoo==2 ; sys_platform != 'win32'\nbar==1 ; platform_system == 'Linux'\nbar==2 ; platform_system == 'Darwin'\n"
            },
            [],
            id="disjoint platforms do not overlap",
        ),
        pytest.param(
            {
                "requirements.txt": 'foo==1 ; python_version < "3.12"\nfoo==2 ; python_version >= "3.11"\n'
            },
            [
                "requirements.txt:2:1-2:34 REQ006 Duplicate requirement for foo with a different specifier (first on line 1); merge them into one [foo]"
            ],
            id="overlapping python versions",
        ),
        pytest.param(
            {
                "requirements.txt": "foo==1 ; python_full_version < '3.11.4'\nfoo==2 ; python_full_version >= '3.11.4'\nbar==1 ; python_full_version <= '3.11.4'\nbar==2 ; python_full_version >= '3.11.4'\n"
            },
            [
                "requirements.txt:4:1-4:41 REQ006 Duplicate requirement for bar with a different specifier (first on line 3); merge them into one [bar]"
            ],
            id="a patch release boundary",
        ),
        pytest.param(
            {"requirements.txt": 'foo>=1\nfoo>=1 ; python_version < "3.11"\n'},
            [
                "requirements.txt:2:1-2:33 REQ006 Duplicate requirement for foo with a different marker (first on line 1); merge them into one [foo]"
            ],
            id="a marker on one of them only",
        ),
        pytest.param(
            {
                "requirements.txt": "foo @ https://example.com/foo-1.zip\nfoo @ https://example.com/foo-2.zip\n"
            },
            [
                "requirements.txt:2:1-2:36 REQ006 Duplicate requirement for foo with a different URL (first on line 1); merge them into one [foo]"
            ],
            id="a different URL",
        ),
        pytest.param(
            {"requirements.txt": "-r base.txt\nfoo==2\n", "base.txt": "foo==1\n"},
            [
                "requirements.txt:2:1-2:7 REQ006 Duplicate requirement for foo with a different specifier (first at base.txt:1); merge them into one [foo]"
            ],
            id="across an included file",
        ),
        pytest.param(
            {
                "requirements.txt": "-c constraints.txt\nfoo>=1\n",
                "constraints.txt": "foo==1.5\nfoo<2\n",
            },
            [],
            id="constraints are not requirements",
        ),
        pytest.param(
            {
                "pyproject.toml": '[project]\nname = "demo"\nversion = "1"\ndependencies = [\n  "foo>=1",\n  "bar",\n  "foo<2",\n]\n[project.optional-dependencies]\ntest = ["foo==1.5"]\n'
            },
            [
                "pyproject.toml:7:4-7:9 REQ006 Duplicate requirement for foo with a different specifier (first on line 5); merge them into one [foo]"
            ],
            id="PEP 621 dependencies",
        ),
    ),
)
def test_hygiene(files: dict[str, str], expected: list[str], in_tmp: Path) -> None:
    assert run(project(in_tmp, files)) == expected


def test_an_expanded_variable_is_not_a_leak(in_tmp: Path) -> None:
    files = {
        "requirements.txt": "-i https://${TOKEN}@pypi.example.com/simple\nx @ https://${TOKEN}@example.com/x.zip\n"
    }
    p = project(in_tmp, files, environ={"TOKEN": "s3cret"})
    assert p.requirement_files[0].requirements[0].url == "https://s3cret@example.com/x.zip"
    assert run(p) == []


def test_no_message_holds_a_secret(in_tmp: Path) -> None:
    files = {
        "requirements.txt": "-i http://alice:s3cret@pypi.example.com/simple\n"
        "--extra-index-url https://s3cret@x.example.com/\n"
        "pkg @ git+https://alice:s3cret@github.com/o/pkg.git\n",
    }
    found = run(project(in_tmp, files))
    assert len(found) == 4
    assert not any("s3cret" in f or "alice" in f for f in found)


@pytest.mark.parametrize(
    ("url", "expected"),
    (
        pytest.param(
            "https://user:pw@host/simple", "https://****@host/simple", id="user and password"
        ),
        pytest.param("https://token@host/simple", "https://****@host/simple", id="a token"),
        pytest.param(
            "https://user:p@ss@host/simple", "https://****@host/simple", id="an @ in the password"
        ),
        pytest.param(
            "git+https://tok@github.com/o/r.git@v1",
            "git+https://****@github.com/o/r.git@v1",
            id="vcs",
        ),
        pytest.param("https://host/simple", "https://host/simple", id="no credentials"),
        pytest.param(
            "https://${USER}:${PASS}@host/", "https://${USER}:${PASS}@host/", id="placeholders stay"
        ),
        pytest.param(
            "git+ssh://git@github.com/o/r", "git+ssh://git@github.com/o/r", id="the git user stays"
        ),
        pytest.param("ssh://deploy@host/r", "ssh://deploy@host/r", id="an ssh user stays"),
        pytest.param(
            "pkg @ https://a:b@x.example/p.zip ; python_version < '3'",
            "pkg @ https://****@x.example/p.zip ; python_version < '3'",
            id="every URL in a longer text",
        ),
        pytest.param("https://host/p@v1", "https://host/p@v1", id="an @ in the path"),
    ),
)
def test_mask_url(url: str, expected: str) -> None:
    assert mask_url(url) == expected


@pytest.mark.parametrize("name", ["uv-universal.txt", "uv-export.txt", "poetry-export.txt"])
def test_universal_locks_repeat_names_for_disjoint_markers(name: str, in_tmp: Path) -> None:
    rf, _ = requirements.read(read_document(COMPILED / name))
    assert run(Project(root=in_tmp, requirement_files=[rf])) == []
