"""File hygiene: secrets in URLs, insecure indexes, conflicting duplicates.

REQ001-REQ003 (unreadable files, missing includes, include cycles) are reported by the
readers and the engine as they read; this module checks the model they built:

- REQ004: credentials written into a URL (``user:password@``, ``token@``).
- REQ005: a plain-``http`` index or find-links URL, or ``--trusted-host``.
- REQ006: one package required twice, with specifiers or markers that disagree where both
  can apply.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from itertools import product

from reqhooks._lazy import compile_pattern, lazy_pattern
from reqhooks._mask import _USERINFO, _is_secret, mask_secrets
from reqhooks.findings import Finding
from reqhooks.model import Loc, RequirementsFile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final, Literal

    from reqhooks._text import Document
    from reqhooks._toml import TomlIndex
    from reqhooks.model import Project, Requirement

__all__ = ["check", "mask_url"]

_LOCAL_HOSTS: Final = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})

if TYPE_CHECKING:
    Where = Literal["index", "find-links", "package"]


def mask_url(url: str) -> str:
    """``url`` with its credentials replaced by ``****`` (see :func:`reqhooks._mask.mask_secrets`)."""
    return mask_secrets(url)


def check(project: Project, ctx: object) -> Iterator[Finding]:
    """REQ004, REQ005 and REQ006 for one project."""
    yield from _credentials(project)
    yield from _insecure(project)
    yield from _duplicates(project)


# -- REQ004 --------------------------------------------------------------------------------


def _credentials(project: Project) -> Iterator[Finding]:
    seen: set[tuple[str, int]] = set()

    def scan(doc: Document, start: int, end: int, package: str | None) -> Iterator[Finding]:
        # The text as written: an expanded ${VAR} is the right way, not a leak.
        text = doc.text[start:end]
        if "@" not in text:
            return
        for m in _USERINFO.finditer(text):
            if not _is_secret(m.group("scheme"), m.group("userinfo")):
                continue
            s, e = start + m.start("userinfo"), start + m.end("userinfo")
            key = (str(doc.path), s)
            if key in seen:
                continue
            seen.add(key)
            url = _url_at(text, m.start())
            yield Finding.at(
                "REQ004",
                Loc(doc, s, e),
                f"Credentials in URL {mask_url(url)}; use a ${{VAR}} placeholder, "
                "keyring or .netrc instead",
                package=package,
            )

    for req in _all_requirements(project):
        if req.url is not None or req.editable:
            yield from scan(req.loc.doc, req.loc.start, req.loc.end, req.name or None)
    for rf in project.requirement_files:
        for opt in rf.options:
            if opt.value_loc is not None and opt.name != "--editable":
                yield from scan(opt.value_loc.doc, opt.value_loc.start, opt.value_loc.end, None)
    for doc, _, start, end, _ in _toml_urls(project):
        yield from scan(doc, start, end, None)


def _url_at(text: str, start: int) -> str:
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in "'\"`":
        end += 1
    return text[start:end]


def _all_requirements(project: Project) -> list[Requirement]:
    out = project.all_requirements()
    for member in project.members:
        out.extend(member.requirements)
    return out


# -- REQ005 --------------------------------------------------------------------------------

_OPTION_WHERE: Final[dict[str, Where]] = {
    "--index-url": "index",
    "--extra-index-url": "index",
    "--find-links": "find-links",
}


def _insecure(project: Project) -> Iterator[Finding]:
    for rf in project.requirement_files:
        for opt in rf.options:
            if opt.name == "--trusted-host":
                host = opt.value or ""
                yield Finding.at(
                    "REQ005",
                    opt.loc,
                    f"--trusted-host {host} turns off TLS verification; "
                    "serve the index over https with a valid certificate",
                )
                continue
            where = _OPTION_WHERE.get(opt.name)
            if where is None or opt.value is None or opt.value_loc is None:
                continue
            finding = _plain_http(opt.value_loc, opt.value, where)
            if finding is not None:
                yield finding
    for doc, where, start, end, value in _toml_urls(project):
        if where != "package":
            finding = _plain_http(Loc(doc, start, end), value, where)
            if finding is not None:
                yield finding


_http = lazy_pattern(r"\s*http://", re.IGNORECASE)


def _plain_http(loc: Loc, url: str, where: Where) -> Finding | None:
    if not _http().match(url) or _host(url) in _LOCAL_HOSTS:
        return None
    what = "find-links URL" if where == "find-links" else "index URL"
    return Finding.at("REQ005", loc, f"Plain http {what} {mask_url(url.strip())}; use https")


def _host(url: str) -> str:
    rest = url.strip()[len("http://") :]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    hostport = authority.rpartition("@")[2]
    if hostport.startswith("["):
        return hostport[: hostport.find("]") + 1].lower()
    return hostport.partition(":")[0].lower()


# -- URLs in TOML --------------------------------------------------------------------------

_PYPROJECT_URLS: Final[tuple[tuple[tuple[str, ...], Where, bool], ...]] = (
    # (path to a table or value, kind, is an array of tables/values)
    (("tool", "poetry", "source"), "index", True),
    (("tool", "pdm", "source"), "index", True),
    (("tool", "uv", "index"), "index", True),
    (("tool", "uv", "index-url"), "index", False),
    (("tool", "uv", "extra-index-url"), "index", True),
    (("tool", "uv", "find-links"), "find-links", True),
    (("tool", "uv", "pip", "index-url"), "index", False),
    (("tool", "uv", "pip", "extra-index-url"), "index", True),
    (("tool", "uv", "pip", "find-links"), "find-links", True),
)


def _toml_urls(project: Project) -> Iterator[tuple[Document, Where, int, int, str]]:
    """Index, find-links and package URLs of pyproject.toml and Pipfile, with their spans."""
    tomls: list[tuple[Document, dict[str, Any], TomlIndex, bool]] = []
    if project.pyproject is not None:
        tomls.append((project.pyproject.doc, project.pyproject.data, project.pyproject.index, True))
    for member in project.members:
        tomls.append((member.doc, member.data, member.index, True))
    if project.pipfile is not None:
        tomls.append((project.pipfile.doc, project.pipfile.data, project.pipfile.index, False))
    for doc, data, index, is_pyproject in tomls:
        for path, where, value in _url_values(data, is_pyproject):
            span = _span(doc, index, path, value)
            if span is not None:
                yield doc, where, span[0], span[1], value


def _url_values(
    data: dict[str, Any], is_pyproject: bool
) -> Iterator[tuple[tuple[str | int, ...], Where, str]]:
    if not is_pyproject:
        yield from _urls_in(data.get("source"), ("source",), "index", array=True)
        return
    for path, where, array in _PYPROJECT_URLS:
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        yield from _urls_in(value, path, where, array=array)
    sources = _dig(data, ("tool", "uv", "sources"))
    if isinstance(sources, dict):
        for name, entry in sources.items():
            entries = entry if isinstance(entry, list) else [entry]
            for i, item in enumerate(entries):
                base: tuple[str | int, ...] = ("tool", "uv", "sources", name)
                if isinstance(entry, list):
                    base = (*base, i)
                if isinstance(item, dict):
                    for key in ("git", "url"):
                        if isinstance(item.get(key), str):
                            yield (*base, key), "package", item[key]


def _urls_in(
    value: Any, path: tuple[str | int, ...], where: Where, *, array: bool
) -> Iterator[tuple[tuple[str | int, ...], Where, str]]:
    if not array:
        if isinstance(value, str):
            yield path, where, value
        return
    if not isinstance(value, list):
        return
    for i, item in enumerate(value):
        if isinstance(item, str):
            yield (*path, i), where, item
        elif isinstance(item, dict) and isinstance(item.get("url"), str):
            yield (*path, i, "url"), where, item["url"]


def _dig(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _span(
    doc: Document, index: TomlIndex, path: tuple[str | int, ...], value: str
) -> tuple[int, int] | None:
    try:
        span = index.value_span(path)
    except Exception:  # noqa: BLE001 - a locator problem must not hide the finding
        span = None
    if span is not None:
        return span
    at = doc.text.find(value)
    return None if at < 0 else (at, at + len(value))


# -- REQ006 --------------------------------------------------------------------------------

_DUPLICATE_KINDS: Final = frozenset({"project", "optional", "group", "build", "uv-dev", "pdm-dev"})


def _duplicates(project: Project) -> Iterator[Finding]:
    reported: set[tuple[str, int]] = set()
    by_path = {os.path.abspath(rf.doc.path): rf for rf in project.requirement_files}
    for rf in project.requirement_files:
        if rf.constraints_file:
            continue
        yield from _conflicts(_expand(rf, by_path, ()), reported)
    pyprojects = [project.pyproject] if project.pyproject is not None else []
    for pp in (*pyprojects, *project.members):
        groups: dict[tuple[str, str | None], list[Requirement]] = {}
        for req in pp.requirements:
            if req.kind in _DUPLICATE_KINDS:
                groups.setdefault((req.kind, req.group), []).append(req)
        for reqs in groups.values():
            yield from _conflicts(sorted(reqs, key=lambda r: r.loc.start), reported)


def _expand(
    rf: RequirementsFile, by_path: dict[str, RequirementsFile], stack: tuple[str, ...]
) -> list[Requirement]:
    """The requirements of ``rf`` in the order pip reads them, ``-r`` files in place."""
    key = os.path.abspath(rf.doc.path)
    items: list[tuple[int, Requirement | RequirementsFile]] = [
        (r.loc.start, r) for r in rf.requirements
    ]
    for inc in rf.includes:
        if inc.constraint or inc.path is None:
            continue
        target = by_path.get(os.path.abspath(inc.path))
        if target is not None and os.path.abspath(inc.path) not in (*stack, key):
            items.append((inc.loc.start, target))
    out: list[Requirement] = []
    for _, item in sorted(items, key=lambda pair: pair[0]):
        if isinstance(item, RequirementsFile):
            out.extend(_expand(item, by_path, (*stack, key)))
        else:
            out.append(item)
    return out


def _conflicts(reqs: Iterable[Requirement], reported: set[tuple[str, int]]) -> Iterator[Finding]:
    earlier: dict[str, list[Requirement]] = {}
    for req in reqs:
        if not req.name:
            continue
        before = earlier.setdefault(req.name, [])
        for first in before:
            what = _difference(first, req)
            if what is None or not _can_overlap(first.marker, req.marker):
                continue
            key = (str(req.loc.doc.path), req.loc.start)
            if key not in reported:
                reported.add(key)
                yield Finding.at(
                    "REQ006",
                    req.loc,
                    f"Duplicate requirement for {req.name} with a different {what} "
                    f"(first {_where(first, req)}); merge them into one",
                    package=req.name,
                )
            break
        before.append(req)


def _where(first: Requirement, second: Requirement) -> str:
    line = first.loc.line
    if first.loc.doc is second.loc.doc or first.loc.doc.path == second.loc.doc.path:
        return f"on line {line}"
    return f"at {first.loc.doc.display}:{line}"


def _difference(a: Requirement, b: Requirement) -> str | None:
    if not _same_specifier(a.specifier, b.specifier):
        return "specifier"
    if (a.url or None) != (b.url or None):
        return "URL"
    if _normal_marker(a.marker) != _normal_marker(b.marker):
        return "marker"
    return None


def _same_specifier(a: str, b: str) -> bool:
    if a == b or sorted(a.split(",")) == sorted(b.split(",")):
        return True
    from reqhooks import _pep

    sa, sb = _pep.specifier_set(a), _pep.specifier_set(b)
    return sa is not None and sa == sb


def _normal_marker(text: str | None) -> str | None:
    if not text:
        return None
    from reqhooks import _pep

    m = _pep.marker(text)
    return str(m) if m is not None else text.strip()


# Marker variables, quoted literals and version literals: compiled when two markers are first
# compared.
@functools.cache
def _marker_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (
        compile_pattern(
            r"\b(python_full_version|python_version|os[._]name|sys[._]platform|platform_release"
            r"|platform_system|platform[._]version|platform[._]machine"
            r"|platform[._]python_implementation"
            r"|python_implementation|implementation_name|implementation_version|extra)\b"
        ),
        compile_pattern(r"'([^']*)'|\"([^\"]*)\""),
        compile_pattern(r"\d+(?:\.\d+)*"),
    )


# The values worth trying for each marker variable beyond the literals in the markers.
_TYPICAL: Final = {
    "sys_platform": ("linux", "darwin", "win32", "cygwin", "emscripten"),
    "platform_system": ("Linux", "Darwin", "Windows", "Emscripten"),
    "os_name": ("posix", "nt"),
    "platform_machine": ("x86_64", "aarch64", "arm64", "AMD64", "ARM64", "i686"),
    "platform_python_implementation": ("CPython", "PyPy"),
    "implementation_name": ("cpython", "pypy"),
}
_MAX_ENVIRONMENTS: Final = 20000


def _can_overlap(a: str | None, b: str | None) -> bool:
    """Whether some environment makes both markers true (no marker is always true).

    Tries every combination of the values that matter: the literals the two markers
    compare against (and the versions around them) and the usual values of each variable
    they use.  When in doubt, they overlap.
    """
    if not a or not b or a.strip() == b.strip():
        return True
    from reqhooks import _pep

    ma, mb = _pep.marker(a), _pep.marker(b)
    if ma is None or mb is None:
        return True
    text = f"{a} {b}"
    marker_variable, quoted, _ = _marker_patterns()
    variables = {v.replace(".", "_") for v in marker_variable.findall(text)}
    variables = {
        "platform_python_implementation" if v == "python_implementation" else v for v in variables
    }
    literals = [x or y for x, y in quoted.findall(text)]
    axes: list[list[dict[str, str]]] = []
    if variables & {"python_version", "python_full_version"}:
        axes.append(
            [
                {"python_version": v.rsplit(".", 1)[0], "python_full_version": v}
                for v in _pythons(literals)
            ]
        )
    for var in sorted(variables - {"python_version", "python_full_version"}):
        values = dict.fromkeys([*_TYPICAL.get(var, ()), *literals, "", "0", "reqhooks-other"])
        axes.append([{var: v} for v in values])
    total = 1
    for axis in axes:
        total *= len(axis)
    if total > _MAX_ENVIRONMENTS:
        return True
    base = _pep.environment((3, 12), "linux-x86_64")
    for combo in product(*axes):
        env = dict(base)
        for part in combo:
            env.update(part)
        if "implementation_version" not in variables:
            env["implementation_version"] = env["python_full_version"]
        try:
            if ma.evaluate(env) and mb.evaluate(env):
                return True
        except Exception:  # noqa: BLE001 - e.g. a non-version compared as one
            return True
    return False


def _pythons(literals: list[str]) -> list[str]:
    """Full versions to try: every X.Y.0 and each version literal with its neighbours."""
    out: dict[str, None] = {}
    for minor in range(8):
        out[f"2.{minor}.0"] = None
    for minor in range(21):
        out[f"3.{minor}.0"] = None
    version_literal = _marker_patterns()[2]
    for literal in literals:
        if not version_literal.fullmatch(literal):
            continue
        parts = [int(p) for p in literal.split(".")][:3]
        while len(parts) < 3:
            parts.append(0)
        major, minor, patch = parts
        for p in {max(patch - 1, 0), patch, patch + 1, 99}:
            out[f"{major}.{minor}.{p}"] = None
        out[f"{major}.{minor + 1}.0"] = None
        if minor > 0:
            out[f"{major}.{minor - 1}.99"] = None
    return list(out)
