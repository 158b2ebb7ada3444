"""Realistic, deterministic projects for the benchmark and the linearity test.

One :class:`Universe` of packages (a dependency graph with markers, wheels and Python ranges,
made from a seed) is written out in the shapes the tools themselves write: ``poetry.lock``
(lock-version 2.1), ``uv.lock`` (version 1, revision 3), ``pdm.lock`` (lock_version 4.5.1),
pip-compile style ``requirements.txt`` files, and the ``pyproject.toml`` each lock was made
from.  The input hashes of poetry.lock and pdm.lock are computed with :mod:`reqhooks.lockhash`
and uv's root metadata mirrors the pyproject, so ``poetry check --lock``, ``pdm lock --check``
and ``uv lock --check --offline`` accept the locks as fresh and do their whole check.

Nothing here needs the network; everything is a pure function of its arguments.
"""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

#: Names of real, popular distributions, used first so that projects look like real ones
#: (and meet reqhooks' rules: critical libraries, backports behind markers).
REAL_NAMES: Final = (
    "requests", "urllib3", "idna", "certifi", "charset-normalizer", "numpy", "pandas",
    "python-dateutil", "pytz", "six", "click", "jinja2", "markupsafe", "attrs", "packaging",
    "pyyaml", "typing-extensions", "pydantic", "pydantic-core", "annotated-types",
    "sqlalchemy", "greenlet", "cryptography", "cffi", "pycparser", "protobuf", "grpcio",
    "boto3", "botocore", "s3transfer", "jmespath", "fastapi", "starlette", "anyio", "sniffio",
    "h11", "httpx", "httpcore", "uvicorn", "pillow", "scipy", "matplotlib", "kiwisolver",
    "cycler", "fonttools", "pyparsing", "contourpy", "tqdm", "rich", "pygments",
    "markdown-it-py", "mdurl", "wrapt", "decorator", "psutil", "lxml", "regex", "orjson",
    "tomli", "exceptiongroup",
)
_WORDS: Final = (
    "async", "auth", "cache", "cloud", "codec", "core", "data", "event", "flow", "graph",
    "http", "io", "json", "kit", "log", "meta", "net", "orm", "path", "query", "rpc", "schema",
    "store", "task", "text", "time", "util", "web", "xml", "zip",
)
#: Markers as the tools write them on edges (PEP 508, double quotes; uv rewrites them).
_EDGE_MARKERS: Final = (
    'python_version < "3.11"',
    'sys_platform == "win32"',
    'platform_machine == "x86_64"',
    'python_version < "3.12"',
    'sys_platform != "emscripten"',
)
_UV_MARKERS: Final = {
    'python_version < "3.11"': "python_full_version < '3.11'",
    'python_version < "3.12"': "python_full_version < '3.12'",
    'sys_platform == "win32"': "sys_platform == 'win32'",
    'platform_machine == "x86_64"': "platform_machine == 'x86_64'",
    'sys_platform != "emscripten"': "sys_platform != 'emscripten'",
}
_PLATFORM_TAGS: Final = (
    "manylinux_2_17_x86_64.manylinux2014_x86_64",
    "manylinux_2_17_aarch64.manylinux2014_aarch64",
    "musllinux_1_2_x86_64",
    "macosx_11_0_arm64",
    "macosx_10_12_x86_64",
    "win_amd64",
)
PROJECT_PYTHON: Final = ">=3.10"
#: CPython minors binary packages ship wheels for (a few lack the newest one).
NEWEST_MINORS: Final = (10, 11, 12, 13, 14, 15)


def _hex(*parts: object) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()


@dataclass
class Package:
    name: str
    version: str
    summary: str
    requires_python: str
    binary: bool  # wheels per CPython and platform, else one py3-none-any wheel
    no_newest: bool  # a binary package without wheels for the newest CPython yet
    group: str  # "main", "extra" or "dev": which roots reach it
    deps: list[tuple[int, str, str | None]] = field(default_factory=list)  # (index, spec, marker)
    marker: str | None = None  # set when every edge to it has the same marker

    def files(self) -> list[str]:
        stem = self.name.replace("-", "_")
        out = [f"{stem}-{self.version}.tar.gz"]
        if not self.binary:
            out.append(f"{stem}-{self.version}-py3-none-any.whl")
            return out
        minors = NEWEST_MINORS[:-1] if self.no_newest else NEWEST_MINORS
        for minor in minors:
            for tag in _PLATFORM_TAGS:
                out.append(f"{stem}-{self.version}-cp3{minor}-cp3{minor}-{tag}.whl")
        return out


class Universe:
    """``n`` packages in three groups: the main dependencies (roots first), an extra's and the
    dev group's.  Edges only go from a package to a later one of its group, every package is
    reachable from its group's roots, and a few carry markers."""

    def __init__(self, n: int, seed: int = 0) -> None:
        rng = random.Random(f"reqhooks-bench-{n}-{seed}")
        self.n = n
        names = list(REAL_NAMES[: min(len(REAL_NAMES), n)])
        i = 0
        while len(names) < n:
            names.append(f"{_WORDS[i % len(_WORDS)]}-{_WORDS[(i // 7) % len(_WORDS)]}-{i:04d}")
            i += 1
        n_extra = max(1, n // 50)
        n_dev = max(2, n // 10)
        self.main_end = n - n_extra - n_dev
        self.extra_end = n - n_dev
        self.n_roots = max(3, self.main_end // 8)
        self.n_dev_roots = max(1, n_dev // 3)
        self.packages: list[Package] = []
        for k, name in enumerate(names):
            group = "main" if k < self.main_end else "extra" if k < self.extra_end else "dev"
            binary = rng.random() < 0.1
            self.packages.append(
                Package(
                    name=name,
                    version=f"{rng.randint(0, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}",
                    summary=f"The {name} library",
                    requires_python=rng.choice((">=3.8", ">=3.8", ">=3.9", ">=3.9", ">=3.10")),
                    binary=binary,
                    no_newest=binary and rng.random() < 0.15,
                    group=group,
                )
            )
        # Reachability: each non-root package gets a parent earlier in its group; then a few
        # more edges.  Conditional packages get the same marker on every edge to them.
        conditional: dict[int, str] = {}
        for start, end, roots in (
            (0, self.main_end, self.n_roots),
            (self.main_end, self.extra_end, 1),
            (self.extra_end, n, self.n_dev_roots),
        ):
            for k in range(start + roots, end):
                if rng.random() < 0.06:
                    conditional[k] = rng.choice(_EDGE_MARKERS)
                self._edge(rng.randrange(start, k), k, conditional, rng)
            for k in range(start, end - 1):
                for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                    self._edge(k, rng.randrange(k + 1, end), conditional, rng)
        for k, marker in conditional.items():
            self.packages[k].marker = marker
        for package in self.packages:
            package.deps.sort(key=lambda d: self.packages[d[0]].name)

    def _edge(self, src: int, dst: int, conditional: dict[int, str], rng: random.Random) -> None:
        deps = self.packages[src].deps
        if any(d == dst for d, _, _ in deps):
            return
        target = self.packages[dst]
        major = target.version.split(".")[0]
        spec = rng.choice((f">={major}", f">={target.version}", "", f">={major},<{int(major) + 1}"))
        deps.append((dst, spec, conditional.get(dst)))

    # -- declarations

    def root_requirement(self, k: int) -> str:
        p = self.packages[k]
        req = f"{p.name}>={p.version.rsplit('.', 1)[0]}"
        if p.name == "tomli" or p.name == "exceptiongroup":
            req += '; python_version < "3.11"'
        return req

    @property
    def main_roots(self) -> range:
        return range(self.n_roots)

    @property
    def extra_roots(self) -> range:
        return range(self.main_end, self.main_end + 1)

    @property
    def dev_roots(self) -> range:
        return range(self.extra_end, self.extra_end + self.n_dev_roots)

    def pyproject(self, tool: str, name: str = "bench-app") -> str:
        deps = "".join(f'    "{_q(self.root_requirement(k))}",\n' for k in self.main_roots)
        extra = "".join(f'    "{_q(self.root_requirement(k))}",\n' for k in self.extra_roots)
        dev = "".join(f'    "{_q(self.root_requirement(k))}",\n' for k in self.dev_roots)
        text = (
            f'[project]\nname = "{name}"\nversion = "0.1.0"\ndescription = "A benchmark project"\n'
            f'readme = "README.md"\nrequires-python = "{PROJECT_PYTHON}"\n'
            f"dependencies = [\n{deps}]\n\n[project.optional-dependencies]\ndocs = [\n{extra}]\n\n"
            f"[dependency-groups]\ndev = [\n{dev}]\n"
        )
        if tool == "poetry":
            text += "\n[tool.poetry]\npackage-mode = false\n"
        elif tool == "pdm":
            text += "\n[tool.pdm]\ndistribution = false\n"
        elif tool == "uv":
            text += "\n[tool.uv]\npackage = false\n"
        text += '\n[tool.ruff]\nline-length = 100\n\n[tool.pytest.ini_options]\naddopts = "-ra"\n'
        return text

    # -- locks

    def poetry_lock(self, pyproject_text: str) -> str:
        from reqhooks._toml import load  # tomllib's answers, on Python 3.10 too
        from reqhooks.lockhash import poetry_content_hash

        out = [
            "# This file is automatically @generated by Poetry 2.5.1 and should not be changed by hand.\n"
        ]
        for p in sorted(self.packages, key=lambda p: p.name):
            groups = {"main": '["main"]', "extra": '["main"]', "dev": '["dev"]'}[p.group]
            markers = p.marker
            if p.group == "extra":
                markers = 'extra == "docs"' if not markers else f'{markers} and extra == "docs"'
            out.append(
                f'\n[[package]]\nname = "{p.name}"\nversion = "{p.version}"\n'
                f'description = "{p.summary}"\noptional = {"true" if p.group == "extra" else "false"}\n'
                f'python-versions = "{p.requires_python}"\ngroups = {groups}\n'
            )
            if markers:
                out.append(f'markers = "{_q(markers)}"\n')
            out.append("files = [\n")
            for f in p.files():
                out.append(f'    {{file = "{f}", hash = "sha256:{_hex(f)}"}},\n')
            out.append("]\n")
            if p.deps:
                out.append("\n[package.dependencies]\n")
                for d, spec, marker in p.deps:
                    name = self.packages[d].name
                    version = spec or "*"
                    if marker:
                        out.append(f'{name} = {{version = "{version}", markers = "{_q(marker)}"}}\n')
                    else:
                        out.append(f'{name} = "{version}"\n')
        out.append('\n[extras]\ndocs = [' + ", ".join(f'"{self.packages[k].name}"' for k in self.extra_roots) + "]\n")
        content_hash = poetry_content_hash(load(pyproject_text))
        out.append(
            f'\n[metadata]\nlock-version = "2.1"\npython-versions = "{PROJECT_PYTHON}"\n'
            f'content-hash = "{content_hash}"\n'
        )
        return "".join(out)

    def pdm_lock(self, pyproject_text: str) -> str:
        from reqhooks._toml import load  # tomllib's answers, on Python 3.10 too
        from reqhooks.lockhash import pdm_content_hash

        content_hash = pdm_content_hash(load(pyproject_text))
        out = [
            "# This file is @generated by PDM.\n# It is not intended for manual editing.\n\n"
            '[metadata]\ngroups = ["default", "docs", "dev"]\nstrategy = ["inherit_metadata"]\n'
            f'lock_version = "4.5.1"\ncontent_hash = "{content_hash}"\n\n'
            f'[[metadata.targets]]\nrequires_python = "{PROJECT_PYTHON}"\n'
        ]
        for p in sorted(self.packages, key=lambda p: p.name):
            group = {"main": "default", "extra": "docs", "dev": "dev"}[p.group]
            out.append(
                f'\n[[package]]\nname = "{p.name}"\nversion = "{p.version}"\n'
                f'requires_python = "{p.requires_python}"\nsummary = "{p.summary}"\n'
                f'groups = ["{group}"]\n'
            )
            if p.marker:
                out.append(f'marker = "{_q(p.marker)}"\n')
            if p.deps:
                out.append("dependencies = [\n")
                for d, spec, marker in p.deps:
                    req = self.packages[d].name + spec + (f"; {marker}" if marker else "")
                    out.append(f'    "{_q(req)}",\n')
                out.append("]\n")
            out.append("files = [\n")
            for f in p.files():
                out.append(f'    {{file = "{f}", hash = "sha256:{_hex(f)}"}},\n')
            out.append("]\n")
        return "".join(out)

    def uv_lock(self, name: str = "bench-app") -> str:
        out = [
            f'version = 1\nrevision = 3\nrequires-python = "{PROJECT_PYTHON}"\n'
        ]
        root_deps = {
            "dependencies": self.main_roots,
            "docs": self.extra_roots,
            "dev": self.dev_roots,
        }
        entries = [(p.name, p) for p in self.packages] + [(name, None)]
        for entry_name, p in sorted(entries, key=lambda e: e[0]):
            if p is None:
                out.append(self._uv_root(name, root_deps))
                continue
            out.append(
                f'\n[[package]]\nname = "{p.name}"\nversion = "{p.version}"\n'
                'source = { registry = "https://pypi.org/simple" }\n'
            )
            if p.deps:
                out.append("dependencies = [\n")
                for d, _, marker in p.deps:
                    dep = self.packages[d].name
                    if marker:
                        out.append(f'    {{ name = "{dep}", marker = "{_UV_MARKERS[marker]}" }},\n')
                    else:
                        out.append(f'    {{ name = "{dep}" }},\n')
                out.append("]\n")
            sdist, *wheels = p.files()
            out.append(f"sdist = {_uv_file(sdist)}\nwheels = [\n")
            for w in wheels:
                out.append(f"    {_uv_file(w)},\n")
            out.append("]\n")
        return "".join(out)

    def _uv_root(self, name: str, roots: dict[str, range]) -> str:
        def edge(k: int) -> str:
            p = self.packages[k]
            if p.name in ("tomli", "exceptiongroup"):
                return f'{{ name = "{p.name}", marker = "python_full_version < \'3.11\'" }}'
            return f'{{ name = "{p.name}" }}'

        def meta(k: int, extra: str | None = None) -> str:
            p = self.packages[k]
            spec = self.root_requirement(k).split(";")[0][len(p.name) :]
            markers = []
            if p.name in ("tomli", "exceptiongroup"):
                markers.append("python_full_version < '3.11'")
            if extra:
                markers.append(f"extra == '{extra}'")
            marker = f', marker = "{" and ".join(markers)}"' if markers else ""
            return f'{{ name = "{p.name}"{marker}, specifier = "{spec}" }}'

        main = sorted(roots["dependencies"], key=lambda k: self.packages[k].name)
        docs = sorted(roots["docs"], key=lambda k: self.packages[k].name)
        dev = sorted(roots["dev"], key=lambda k: self.packages[k].name)
        requires = sorted(
            [(self.packages[k].name, meta(k)) for k in main]
            + [(self.packages[k].name, meta(k, "docs")) for k in docs]
        )
        return (
            f'\n[[package]]\nname = "{name}"\nversion = "0.1.0"\nsource = {{ virtual = "." }}\n'
            "dependencies = [\n" + "".join(f"    {edge(k)},\n" for k in main) + "]\n\n"
            "[package.optional-dependencies]\ndocs = [\n"
            + "".join(f"    {edge(k)},\n" for k in docs)
            + "]\n\n[package.dev-dependencies]\ndev = [\n"
            + "".join(f"    {edge(k)},\n" for k in dev)
            + "]\n\n[package.metadata]\nrequires-dist = [\n"
            + "".join(f"    {m},\n" for _, m in requires)
            + ']\nprovides-extras = ["docs"]\n\n[package.metadata.requires-dev]\ndev = [\n'
            + "".join(f"    {meta(k)},\n" for k in dev)
            + "]\n"
        )

    # -- requirements files

    def compiled_requirements(self, lines: int, *, hashes: bool = False) -> str:
        """A pip-compile output of (about) ``lines`` lines: pins, markers, ``# via``."""
        out = [
            "#\n# This file is autogenerated by pip-compile with Python 3.12\n"
            "# by the following command:\n#\n#    pip-compile requirements.in\n#\n"
        ]
        count = 6
        parents: dict[int, list[int]] = {}
        for k, p in enumerate(self.packages):
            for d, _, _ in p.deps:
                parents.setdefault(d, []).append(k)
        for p_index in sorted(range(self.n), key=lambda k: self.packages[k].name):
            if count >= lines:
                break
            p = self.packages[p_index]
            line = f"{p.name}=={p.version}"
            if p.marker:
                line += f" ; {p.marker}"
            if hashes:
                files = p.files()[:3]
                out.append(line + " \\\n")
                for i, f in enumerate(files):
                    cont = " \\" if i < len(files) - 1 else ""
                    out.append(f"    --hash=sha256:{_hex(f)}{cont}\n")
                count += 1 + len(files)
            else:
                out.append(line + "\n")
                count += 1
            via = [self.packages[k].name for k in parents.get(p_index, [])][:3]
            if p_index < self.n_roots or not via:
                out.append("    # via -r requirements.in\n")
                count += 1
            elif len(via) == 1:
                out.append(f"    # via {via[0]}\n")
                count += 1
            else:
                out.append("    # via\n" + "".join(f"    #   {v}\n" for v in sorted(via)))
                count += 1 + len(via)
        return "".join(out)

    def plain_requirements(self, lines: int) -> str:
        """``lines`` lines of hand-written requirements (pins, ranges, markers, comments),
        sorted the way pre-commit-hooks' requirements-txt-fixer leaves them."""
        entries: list[tuple[str, str]] = []
        used = 1  # the heading comment
        for k, p in enumerate(self.packages):
            if used >= lines:
                break
            major = int(p.version.split(".")[0])
            text = (
                f"{p.name}=={p.version}\n",
                f"{p.name}>={p.version},<{major + 1}\n",
                f"{p.name}~={p.version.rsplit('.', 1)[0]}  # compatible release\n",
                f'{p.name}=={p.version} ; python_version < "3.13"\n',
                f"# pinned by the platform team\n{p.name}=={p.version}\n",
            )[k % 5]
            if used + text.count("\n") > lines:
                text = f"{p.name}=={p.version}\n"
            entries.append((p.name.lower(), text))
            used += text.count("\n")
        body = "".join(text for _, text in sorted(entries))
        return "# Runtime dependencies of the service\n" + body


def _q(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _uv_file(filename: str) -> str:
    digest = _hex(filename)
    url = f"https://files.pythonhosted.org/packages/{digest[:2]}/{digest[2:4]}/{digest[4:64]}/{filename}"
    size = int(digest[:5], 16) + 1000
    return (
        f'{{ url = "{url}", hash = "sha256:{digest}", size = {size}, '
        f'upload-time = "2025-0{int(digest[5], 16) % 9 + 1}-1{int(digest[6], 16) % 9}T10:11:12.345Z" }}'
    )


# --- projects on disk -----------------------------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def git_init(root: Path) -> None:
    """Make ``root`` a git repository with every file added (as a real project is); a no-op
    without git."""
    try:
        for cmd in (["git", "init", "-q"], ["git", "add", "-A"]):
            subprocess.run(cmd, cwd=root, check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        pass


def lock_project(root: Path, tool: str, n: int, *, seed: int = 0) -> Path:
    """pyproject.toml and its ``tool`` lock of ``n`` packages (README.md too)."""
    u = Universe(n, seed)
    pyproject = u.pyproject(tool)
    files = {"pyproject.toml": pyproject, "README.md": "# bench-app\n"}
    if tool == "poetry":
        files["poetry.lock"] = u.poetry_lock(pyproject)
    elif tool == "uv":
        files["uv.lock"] = u.uv_lock()
    elif tool == "pdm":
        files["pdm.lock"] = u.pdm_lock(pyproject)
    else:
        raise ValueError(tool)
    _write(root, files)
    return root


def requirements_file(
    root: Path, lines: int, *, seed: int = 0, hashes: bool | None = None
) -> Path:
    """A requirements.txt of exactly ``lines`` lines: hand-written for a handful, a
    pip-compile output for more (with hashes from 1,000 lines on, unless ``hashes`` says)."""
    if lines <= 20:
        text = Universe(30, seed).plain_requirements(lines)
    else:
        if hashes is None:
            hashes = lines >= 1000
        u = Universe(lines // (5 if hashes else 2) + 10, seed)
        text = u.compiled_requirements(lines, hashes=hashes)
        text = "".join(text.splitlines(keepends=True)[:lines])
        while text.endswith(" \\\n"):  # do not end inside a continued line
            text = text[:-3] + "\n"
    _write(root, {"requirements.txt": text})
    return root / "requirements.txt"


def typical_project(root: Path, tool: str, *, n: int = 300, seed: int = 0) -> Path:
    """pyproject.toml + a ``n``-package lock + three requirements files, a git repository."""
    lock_project(root, tool, n, seed=seed)
    u = Universe(n, seed)
    by_name = sorted(u.packages[: u.main_end], key=lambda p: p.name.lower())
    runtime = ["-c constraints.txt\n"]
    for p in by_name[:: max(1, len(by_name) // 25)][:25]:
        runtime.append(f"{p.name}>={p.version.rsplit('.', 1)[0]}\n")
    dev_tools = sorted(u.packages[u.extra_end :], key=lambda p: p.name.lower())[:12]
    dev = ["-r requirements.txt\n"] + [f"{p.name}=={p.version}\n" for p in dev_tools]
    constraints = [f"{p.name}=={p.version}\n" for p in by_name[:: max(1, len(by_name) // 30)][:30]]
    _write(
        root,
        {
            "requirements.txt": "".join(runtime),
            "requirements-dev.txt": "".join(dev),
            "constraints.txt": "".join(constraints),
            # The Python the project is developed with: the one running this (so that uv,
            # which reads the file, finds it).
            ".python-version": f"{sys.version_info[0]}.{sys.version_info[1]}\n",
        },
    )
    git_init(root)
    return root


def monorepo(root: Path, projects: int, *, seed: int = 0) -> Path:
    """``projects`` services under ``services/``, each a pyproject.toml and a requirements.txt,
    every third one with a 30-package lock (poetry, uv, pdm in turn); one git repository."""
    tools = ("uv", "poetry", "pdm")
    for i in range(projects):
        sub = root / "services" / f"svc-{i:03d}"
        u = Universe(30, seed * 1000 + i)
        if i % 3 == 0:
            lock_project(sub, tools[(i // 3) % 3], 30, seed=seed * 1000 + i)
        else:
            _write(sub, {"pyproject.toml": u.pyproject("none", name=f"svc-{i:03d}")})
        reqs = sorted(u.packages[:15], key=lambda p: p.name.lower())
        _write(sub, {"requirements.txt": "".join(f"{p.name}=={p.version}\n" for p in reqs)})
    _write(root, {"README.md": "# monorepo\n"})
    git_init(root)
    return root
