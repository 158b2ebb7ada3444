"""Pinning policy: PIN001-PIN005.

- PIN001: a critical library not pinned exactly (``==X``/``===X``) where the policy says exact.
- PIN002: a critical library without an upper bound where the policy says bounded.
- PIN003: a URL or VCS requirement not pinned to an immutable revision.
- PIN004: a requirement in a ``fully-pinned`` file that is not ``==``.
- PIN005: a requirement that pip's hash-checking mode would refuse.

Every declaration has a *kind* (the keys of ``pin-policy``) and the policy of that kind
decides what a critical library needs there.  Some declarations are pinned by something
else and get no policy at all: lock files; compiled requirements files (pip-compile,
``uv pip compile``, ``uv export``, ``poetry export``) and the ``.in`` files they are compiled
from; an application's ``pyproject.toml`` when a lock pins it (Poetry ``package-mode =
false``, uv ``package = false``, PDM ``distribution = false`` or no ``[build-system]``, with a
poetry/uv/pdm lock or ``pylock.toml``); uv's ``constraint-`` and ``override-dependencies``.

A library's published metadata (``[project]`` dependencies and extras, Poetry main
dependencies of a package) is held to ``bounded`` only for the critical libraries the project
names itself (``critical``, ``extend-critical``): the bundled list says what breaks
*deployments*, and capping all of it in published metadata would make every downstream
resolution fail the day one of them releases.  An explicit ``exact`` there covers the whole set.

pip reads every file of one command line (and every ``-r``/``-c`` they reach) as one
install: a looser line is fine when another line of the same install pins the package
(``torch>=2`` next to ``-c constraints.txt`` holding ``torch==2.5.1``), and hash-checking
mode, once any line has ``--hash``, holds for all of them.  Installs are found from the
requirements files that no other file includes.

Workspace members are checked as the projects they are (discovery makes each one its own
project), not again as context of the workspace root.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from reqhooks._lazy import compile_pattern, lazy_pattern
from reqhooks._names import canonical
from reqhooks._record import Frozen, Record
from reqhooks.findings import Edit, Finding, Fix
from reqhooks.model import Loc

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final, Literal

    from reqhooks._text import Document
    from reqhooks._toml import KeyPath, TomlIndex
    from reqhooks.engine import Context
    from reqhooks.model import Project, Pyproject, Requirement, RequirementsFile
    from reqhooks.settings import Settings

__all__ = ["check", "critical_names"]

_NAME: Final = compile_pattern(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_CLAUSE: Final = compile_pattern(r"\s*(===|==|!=|~=|<=|>=|<|>)\s*([^,\s]+)\s*")
_VCS_SCHEMES: Final = ("git+", "hg+", "svn+", "bzr+")


# The patterns of URLs, VCS references and TOML specs are compiled on first use: most
# requirements are neither URLs nor in need of a suggested spelling.
_table_version = lazy_pattern(r"\bversion\s*=\s*[\"']$")


_commit = lazy_pattern(r"[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?")


@functools.cache
def _ref_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (
        compile_pattern(r"[0-9a-f]{7,39}"),  # a short commit
        compile_pattern(r"\d+"),  # svn and bzr revision numbers
        # A tag that names a release: v1.2.3, 1.2, mylib-1.2.0, release/2.0rc1.
        compile_pattern(
            r"(?:[A-Za-z][A-Za-z0-9_.-]*?[-_/])?[vV]?\d+(?:\.\d+)+"
            r"(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview|post|dev)[-_.]?\d*)*"
        ),
    )


_hash_fragment = lazy_pattern(r"[#&](?:sha1|sha224|sha256|sha384|sha512|md5)=[0-9a-fA-F]+")


_remote = lazy_pattern(r"(?:https?|ftp)://", re.IGNORECASE)


_ARCHIVES: Final = (
    ".zip", ".whl", ".tar.bz2", ".tbz", ".tar.gz", ".tgz", ".tar", ".tar.xz", ".txz", ".tlz",
    ".tar.lz", ".tar.lzma",
)  # fmt: skip

#: Lock formats that pin what a pyproject declares.
_PROJECT_LOCKS: Final = frozenset({"poetry", "uv", "pdm", "pylock"})
#: Locked packages whose version says nothing about an index release (the project itself).
_LOCAL_SOURCES: Final = frozenset({"virtual", "editable", "directory", "path"})

if TYPE_CHECKING:
    PolicyKey = Literal[
        "requirements",
        "constraints",
        "project",
        "optional-dependencies",
        "dependency-groups",
        "pipfile",
        "conda",
        "build",
    ]


def check(project: Project, ctx: Context) -> Iterator[Finding]:
    """PIN001-PIN006 for one project."""
    from reqhooks.engine import selected_codes

    codes = selected_codes(ctx.settings, ("pins",))
    run = _Run(project, ctx.settings, codes, ctx.explicit)
    yield from run.policy()
    if "PIN003" in codes:
        yield from run.urls()
    if "PIN005" in codes:
        yield from run.hashes()
    if "PIN006" in codes and ctx.index() is not None:  # only online: not imported offline
        from reqhooks.rules._yanked import check_yanked

        yield from check_yanked(project, ctx)


# -- the critical set ----------------------------------------------------------------------


def critical_names(settings: Settings) -> frozenset[str]:
    """``critical`` (or the bundled list) plus ``extend-critical``, canonical names."""
    if settings.critical is None:
        from reqhooks.data.critical import CRITICAL

        base: Iterable[str] = CRITICAL
    else:
        base = settings.critical
    return _names(base) | _names(settings.extend_critical)


def _configured_names(settings: Settings) -> frozenset[str]:
    """The critical libraries the project names itself."""
    return _names(settings.critical or ()) | _names(settings.extend_critical)


def _names(items: Iterable[str]) -> frozenset[str]:
    """Canonical names of entries such as ``Torch``, ``torch[cuda]`` or ``torch>=2; ...``."""
    out: set[str] = set()
    for item in items:
        m = _NAME.match(item)
        if m is not None:
            out.add(_canonical(m.group(1)))
    return frozenset(out)


_canonical = canonical  # reqhooks._names
# -- specifiers ----------------------------------------------------------------------------


def _clauses(spec: str) -> list[tuple[str, str]]:
    out = []
    for part in spec.split(","):
        m = _CLAUSE.fullmatch(part)
        if m is not None:
            out.append((m.group(1), m.group(2)))
    return out


def _is_exact(spec: str) -> bool:
    """``==X`` (not a wildcard) or ``===X`` among the clauses: exactly one version."""
    return any(op == "===" or (op == "==" and not v.endswith("*")) for op, v in _clauses(spec))


def _has_upper(spec: str) -> bool:
    """An upper bound: ``<``, ``<=``, ``~=``, ``==`` (wildcards too) or ``===``."""
    return any(op in ("<", "<=", "~=", "==", "===") for op, _ in _clauses(spec))


def _lower(spec: str) -> str | None:
    for op, v in _clauses(spec):
        if op in (">=", ">", "~=") and not v.endswith("*"):
            return v
    return None


def _next_breaking(version: str) -> str | None:
    """The first release a caret range (Poetry's ``^``) excludes: ``2.3`` -> ``3``, ``0.4`` -> ``0.5``."""
    from reqhooks._pep import version as parse

    v = parse(version)
    if v is None:
        return None
    release = v.release
    if release[0] > 0:
        return str(release[0] + 1)
    if len(release) >= 2 and release[1] > 0:
        return f"0.{release[1] + 1}"
    if len(release) >= 3:
        return f"0.0.{release[2] + 1}"
    return "0.1" if len(release) == 2 else "1"


# -- URLs ----------------------------------------------------------------------------------

if TYPE_CHECKING:
    RefKind = Literal["commit", "tag", "none", "short", "other"]


def _is_vcs(url: str) -> bool:
    return url.lower().startswith(_VCS_SCHEMES)


def _is_local(url: str) -> bool:
    return not _is_vcs(url) and not _remote().match(url)


def _is_archive(url: str) -> bool:
    path = url.split("#", 1)[0].split("?", 1)[0]
    return path.lower().rstrip("/").endswith(_ARCHIVES)


def _vcs_ref(url: str) -> tuple[str, str | None]:
    """pip's split of a VCS URL: ``(url without the revision, revision or None)``."""
    base = url.split("#", 1)[0]
    scheme, sep, rest = base.partition("://")
    if not sep:
        return base, None
    netloc, slash, path = rest.partition("/")
    if "@" not in path:
        return base, None
    path, rev = path.rsplit("@", 1)
    return f"{scheme}://{netloc}{slash}{path}", rev or None


def _classify_ref(ref: str | None, vcs: str) -> RefKind:
    if ref is None:
        return "none"
    if _commit().fullmatch(ref):
        return "commit"
    short_commit, revno, release_tag = _ref_patterns()
    if vcs in ("svn", "bzr") and revno.fullmatch(ref):
        return "commit"
    if release_tag.fullmatch(ref):
        return "tag"
    if short_commit.fullmatch(ref):
        return "short"
    return "other"


def _has_hash(req: Requirement) -> bool:
    return bool(req.hashes) or (
        req.url is not None and _hash_fragment().search(req.url) is not None
    )


# -- declarations --------------------------------------------------------------------------


class _Decl(Record):
    """One requirement with what the policy needs to know about where it is declared."""

    __slots__ = ("req", "key", "where", "library", "rf", "syntax", "sourced")

    req: Requirement
    key: PolicyKey | None  # None: pinned by something else (a lock, a compiled file)
    where: str  # for messages: "requirements.txt", "[project.dependencies]" ...
    library: bool  # a library's published metadata
    rf: RequirementsFile | None
    syntax: Literal["pep508", "toml"]  # how to spell a suggestion
    sourced: bool  # a [tool.uv.sources] git, URL or path source gives the version

    def __init__(
        self,
        req: Requirement,
        key: PolicyKey | None,
        where: str,
        library: bool = False,
        rf: RequirementsFile | None = None,
        syntax: Literal["pep508", "toml"] = "pep508",
        sourced: bool = False,
    ) -> None:
        self.req = req
        self.key = key
        self.where = where
        self.library = library
        self.rf = rf
        self.syntax = syntax
        self.sourced = sourced


class _Install(Record):
    """One pip command line: a requirements file and every file it reaches by -r/-c."""

    __slots__ = ("root", "files")

    root: RequirementsFile
    files: list[RequirementsFile]

    def __init__(self, root: RequirementsFile, files: list[RequirementsFile] | None = None) -> None:
        self.root = root
        self.files = [] if files is None else files

    def requirements(self) -> Iterator[Requirement]:
        for rf in self.files:
            yield from rf.requirements


class _Run:
    def __init__(
        self,
        project: Project,
        settings: Settings,
        codes: frozenset[str],
        explicit: set[Path] | None = None,
    ) -> None:
        self.project = project
        self.settings = settings
        self.codes = codes
        self.explicit = explicit  # the files whose findings are reported (None: all)
        self.critical = critical_names(settings)
        self.configured = _configured_names(settings)
        self.installs = _installs(project)
        self._versions: dict[str, dict[str, list[str]]] | None = None
        self._fully: dict[Path, bool] = {}

    # -- PIN001, PIN002, PIN004 -----------------------------------------------------------

    def policy(self) -> Iterator[Finding]:
        wanted = self.codes & {"PIN001", "PIN002", "PIN004"}
        if not wanted:
            return
        for decl in self.declarations():
            req = decl.req
            if not req.name or req.url is not None or decl.sourced:
                continue  # URLs are PIN003's; local paths have no version to pin
            found = None
            if decl.key is not None and req.name in self.critical:
                found = self.critical_finding(decl, wanted)
            if (
                found is None
                and "PIN004" in wanted
                and not _is_exact(req.specifier)
                and self.fully_pinned(req.loc.doc)
            ):
                found = self.pin004(decl)
            if found is not None:
                yield found

    def critical_finding(self, decl: _Decl, wanted: frozenset[str]) -> Finding | None:
        req = decl.req
        assert decl.key is not None
        policy = self.settings.pin_policy.get(decl.key, "any")
        if policy == "exact" and "PIN001" in wanted:
            if not _is_exact(req.specifier) and not self.covered(decl, _is_exact):
                return self.pin001(decl)
        elif policy == "bounded" and "PIN002" in wanted:
            if decl.library and req.name not in self.configured:
                return None
            if self.fully_pinned(req.loc.doc) and "PIN004" in wanted:
                return None  # the stricter PIN004 speaks for it
            if not _has_upper(req.specifier) and not self.covered(decl, _has_upper):
                return self.pin002(decl)
        return None

    def declarations(self) -> Iterator[_Decl]:
        project = self.project
        inputs = _compiled_inputs(project)
        # A declaration's findings are at its own line: those of files nobody asked about
        # are not made (nor the locks read that their messages would quote).
        for rf in project.requirement_files:
            if not self.reported(rf.doc.path):
                continue
            name = rf.doc.path.name
            skip = rf.compiled is not None or rf.doc.path.absolute() in inputs
            for req in rf.requirements:
                key: PolicyKey | None
                if skip or req.kind == "compiled":
                    key = None
                elif rf.constraints_file or req.kind == "constraints":
                    key = "constraints"
                else:
                    key = "requirements"
                yield _Decl(req, key, name, rf=rf)
        pp = project.pyproject
        if pp is not None and self.reported(pp.doc.path):
            locked = any(lock.kind in _PROJECT_LOCKS for lock in project.locks)
            yield from _pyproject_declarations(pp, locked)
        if project.pipfile is not None:
            for req in project.pipfile.requirements:
                yield _Decl(req, "pipfile", f"Pipfile [{req.group}]", syntax="toml")
        for req in project.conda_requirements:
            yield _Decl(req, "conda", req.loc.doc.path.name)

    def reported(self, path: Path) -> bool:
        """Whether findings in the file ``path`` are reported in this run."""
        return self.explicit is None or path.absolute() in self.explicit

    def covered(self, decl: _Decl, test: Any) -> bool:
        """Whether another line of every install holding this one passes ``test``."""
        if decl.rf is None:
            return False
        installs = [i for i in self.installs if decl.rf in i.files]
        if not installs:
            return False
        req = decl.req
        for install in installs:
            if not any(
                other is not req
                and other.name == req.name
                and other.url is None
                and (other.marker is None or other.marker == req.marker)
                and test(other.specifier)
                for other in install.requirements()
            ):
                return False
        return True

    def fully_pinned(self, doc: Document) -> bool:
        path = doc.path.absolute()
        cached = self._fully.get(path)
        if cached is None:
            cached = _matches_globs(path, self.settings)
            self._fully[path] = cached
        return cached

    # -- messages and fixes

    def pin001(self, decl: _Decl) -> Finding:
        req = decl.req
        written = _written_spec(decl)
        version, why = self.version_for(req)
        suggestion = _spelled(decl, f"=={version or '<version>'}")
        message = f"{req.name} is critical and must be pinned exactly in {decl.where}"
        if written:
            message += f", not `{written}`"
        message += f": write `{suggestion}` ({why})"
        fix = None
        if version is not None:
            edit = _spec_edit(decl, f"=={version}")
            if edit is not None:
                fix = Fix(f"Pin {req.name} to {version}", (edit,), safe=True)
        return Finding.at("PIN001", req.loc, message, package=req.name, fix=fix)

    def pin002(self, decl: _Decl) -> Finding:
        req = decl.req
        spec = req.specifier
        lower = _lower(spec)
        base = lower
        if base is None:
            version, _ = self.version_for(req)
            base = version
        upper = _next_breaking(base) if base is not None else None
        message = f"{req.name} is critical and has no upper bound in {decl.where}"
        if upper is not None:
            current = _written_spec(decl)
            current = "" if current == "*" else current
            bounded = f"{current},<{upper}" if current else f"<{upper}"
            release = "0.x minor release" if upper.startswith("0.") else "major release"
            message += (
                f": write `{_spelled(decl, bounded)}`, so that its next {release} cannot "
                "arrive untested"
            )
        else:
            message += (
                f": add one below the first release you have not tested (`{_spelled(decl, '<N')}`)"
            )
        return Finding.at("PIN002", req.loc, message, package=req.name)

    def pin004(self, decl: _Decl) -> Finding:
        req = decl.req
        written = _written_spec(decl)
        version, why = self.version_for(req)
        suggestion = _spelled(decl, f"=={version or '<version>'}")
        what = f"`{req.text}`" if decl.syntax == "pep508" and req.text else req.name
        message = (
            f"{what} is not pinned with `==`, and `fully-pinned` says every requirement of "
            f"{req.loc.doc.path.name} must be"
        )
        if not written:
            message = (
                f"{req.name} has no version, and `fully-pinned` says every requirement of "
                f"{req.loc.doc.path.name} must be pinned with `==`"
            )
        message += f": write `{suggestion}` ({why})"
        return Finding.at("PIN004", req.loc, message, package=req.name)

    def versions(self) -> dict[str, dict[str, list[str]]]:
        """name -> version -> the files that resolve it (locks and compiled files)."""
        if self._versions is None:
            out: dict[str, dict[str, list[str]]] = {}
            root = self.project.root
            for lock in self.project.locks:
                source = _rel(lock.doc.path, root)
                for pkg in lock.packages:
                    if pkg.version is None or pkg.source in _LOCAL_SOURCES:
                        continue
                    sources = out.setdefault(pkg.name, {}).setdefault(pkg.version, [])
                    if source not in sources:
                        sources.append(source)
            for rf in self.project.requirement_files:
                if rf.compiled is None:
                    continue
                source = _rel(rf.doc.path, root)
                for req in rf.requirements:
                    version = req.pinned_version
                    if version is None or req.url is not None:
                        continue
                    sources = out.setdefault(req.name, {}).setdefault(version, [])
                    if source not in sources:
                        sources.append(source)
            self._versions = out
        return self._versions

    def version_for(self, req: Requirement) -> tuple[str | None, str]:
        """The one version the project's locks resolve for ``req``, and how we know it."""
        found = self.versions().get(req.name)
        if not found:
            return None, "no lock file says which version works"
        if len(found) > 1:
            by_source: dict[str, list[str]] = {}
            for version, sources in found.items():
                for source in sources:
                    by_source.setdefault(source, []).append(version)
            listed = ", ".join(
                f"{source} has {_and(sorted(vs, key=_version_key))}"
                for source, vs in by_source.items()
            )
            return None, f"no single version to pin: {listed}"
        ((version, sources),) = found.items()
        from reqhooks._pep import contains

        if req.specifier and contains(req.specifier, version) is not True:
            return (
                None,
                f"{_and(sources)} {_verb(sources)} {version}, which `{req.specifier}` excludes",
            )
        if len(sources) == 1:
            return version, f"the version {sources[0]} {_verb(sources)}"
        return version, f"the version {_and(sources)} agree on"

    # -- PIN003 ---------------------------------------------------------------------------

    def urls(self) -> Iterator[Finding]:
        seen: set[tuple[Path, int]] = set()
        for decl in self.declarations():
            req = decl.req
            if req.url is None or req.kind in ("poetry", "pipfile"):
                continue  # the TOML tables below say which key holds the reference
            key = (req.loc.doc.path, req.loc.start)
            if key in seen:
                continue
            seen.add(key)
            found = self.url_finding(decl)
            if found is not None:
                yield found
        pp = self.project.pyproject
        if pp is not None and self.reported(pp.doc.path):
            for source in _poetry_git_sources(pp):
                yield from self.table_finding(source, "poetry")
            for source in _uv_git_sources(pp):
                yield from self.table_finding(source, "uv")
        pipfile = self.project.pipfile
        if pipfile is not None and self.reported(pipfile.doc.path):
            for source in _pipfile_vcs_sources(pipfile.data, pipfile.index, pipfile.doc):
                yield from self.table_finding(source, "pipfile")

    def url_finding(self, decl: _Decl) -> Finding | None:
        req = decl.req
        url = req.url
        assert url is not None
        loc = _url_loc(req, url)
        label = req.name or url
        if _is_vcs(url):
            vcs = url.split("+", 1)[0].lower()
            base, ref = _vcs_ref(url)
            kind = _classify_ref(ref, vcs)
            if kind in ("commit", "tag"):
                return None
            commit = self.locked_commit(req.name)
            pinned = (
                f"`@{commit[0]}` (the commit {commit[1]} resolved)"
                if commit
                else "`@<full commit hash>`"
            )
            if kind == "none":
                message = (
                    f"{label} installs whatever the default branch of {base} holds at install "
                    f"time: add {pinned} to the URL"
                )
            elif kind == "short":
                message = (
                    f"{label} names `{ref}`, an abbreviated commit that pip fetches anew on every "
                    f"install: write the full 40-character hash"
                )
            else:
                message = (
                    f"{label} follows `{ref}` of {base}, a branch or a tag that is not a release: "
                    f"replace `@{ref}` with {pinned}"
                )
            return Finding.at("PIN003", loc, message, package=req.name or None)
        if _is_local(url) or _has_hash(req):
            return None
        where = "add `#sha256=<hash>` to the URL"
        if decl.rf is not None or req.kind == "conda-pip":
            where += " or a `--hash=sha256:<hash>` option"
        what = "archive" if _is_archive(url) else "file"
        message = (
            f"{label} is downloaded from {url} with no hash: whatever {what} the URL serves "
            f"is installed; {where}"
        )
        return Finding.at("PIN003", loc, message, package=req.name or None)

    def table_finding(self, source: _VcsSource, tool: str) -> Iterator[Finding]:
        kind: RefKind
        if source.ref_key == "branch":
            kind = "other"
        elif source.ref_key == "tag":
            kind = "tag"
        else:
            kind = _classify_ref(source.ref, source.vcs)
        if kind in ("commit", "tag"):
            return
        name = source.name
        commit = self.locked_commit(name)
        key = "ref" if tool == "pipfile" else "rev"
        suggestion = (
            f'`{key} = "{commit[0]}"` (the commit {commit[1]} resolved)'
            if commit
            else f'`{key} = "<full commit hash>"`'
        )
        relock = {"poetry": "`poetry lock`", "uv": "`uv lock`", "pipfile": "`pipenv lock`"}[tool]
        moves = f"every {relock} moves it to whatever the branch holds then"
        if source.ref_key == "branch":
            message = (
                f"{name} follows branch `{source.ref}` of {source.url}: {moves}; replace "
                f'`branch = "{source.ref}"` with {suggestion}'
            )
        elif kind == "none":
            message = (
                f"{name} follows the default branch of {source.url}: {moves}; add {suggestion}"
            )
        elif kind == "short":
            message = (
                f"{name} names `{source.ref}`, an abbreviated commit: write the full hash: "
                f"{suggestion}"
            )
        else:
            message = (
                f"{name} follows `{source.ref}` of {source.url}, a branch or a tag that is not a "
                f"release: {moves}; write {suggestion}"
            )
        yield Finding.at("PIN003", source.loc, message, package=_canonical(name))

    def locked_commit(self, name: str) -> tuple[str, str] | None:
        """The commit a lock resolved for a VCS dependency ``name``: (commit, lock file)."""
        if not name:
            return None
        canonical = _canonical(name)
        for lock in self.project.locks:
            commit = _lock_commit(lock.kind, lock.data, canonical)
            if commit is not None:
                return commit, _rel(lock.doc.path, self.project.root)
        return None

    # -- PIN005 ---------------------------------------------------------------------------

    def hashes(self) -> Iterator[Finding]:
        seen: set[tuple[Path, int]] = set()
        for install in self.installs:
            origin = _hash_mode(install)
            if origin is None:
                continue
            hashed_constraints: dict[str, RequirementsFile] = {}
            for rf in install.files:
                if rf.constraints_file:
                    for req in rf.requirements:
                        if req.hashes and req.name:
                            hashed_constraints.setdefault(req.name, rf)
            for rf in install.files:
                if rf.constraints_file:
                    continue
                for req in rf.requirements:
                    key = (rf.doc.path, req.loc.start)
                    if key in seen or req.kind == "constraints":
                        continue
                    message = _hash_problem(req, rf, origin, hashed_constraints)
                    if message is not None:
                        seen.add(key)
                        yield Finding.at("PIN005", req.loc, message, package=req.name or None)


# -- pyproject declarations ----------------------------------------------------------------


def _published(pp: Pyproject) -> bool:
    """Whether the pyproject builds a package whose metadata others install."""
    poetry = pp.tool("poetry")
    if poetry.get("package-mode") is False:
        return False
    uv_package = pp.tool("uv").get("package")
    if isinstance(uv_package, bool):
        return uv_package
    distribution = pp.tool("pdm").get("distribution")
    if isinstance(distribution, bool):
        return distribution
    return "build-system" in pp.data


def _pyproject_declarations(pp: Pyproject, locked: bool) -> Iterator[_Decl]:
    published = _published(pp)
    sourced = _uv_direct_sources(pp)
    # An application deployed from its lock: the lock pins what the pyproject declares.
    pinned_by_lock = locked and not published
    for req in pp.requirements:
        kind = req.kind
        key: PolicyKey | None
        library = False
        syntax: Literal["pep508", "toml"] = "pep508"
        if kind == "project":
            key, where = "project", "[project.dependencies]"
            library = published
        elif kind == "optional":
            key, where = "optional-dependencies", f"[project.optional-dependencies.{req.group}]"
            library = published
        elif kind == "poetry":
            syntax = "toml"
            if req.group == "main":
                key = "optional-dependencies" if req.optional else "project"
                where = "[tool.poetry.dependencies]"
                library = published
            else:
                key, where = "dependency-groups", f"Poetry group `{req.group}`"
        elif kind in ("group", "pdm-dev", "uv-dev"):
            key, where = "dependency-groups", f"dependency group `{req.group}`"
        elif kind == "build":
            yield _Decl(req, "build", "[build-system] requires")
            continue
        else:  # uv constraint- and override-dependencies only shape the lock
            key, where = None, "[tool.uv]"
        if pinned_by_lock or (locked and key == "dependency-groups"):
            key = None
        yield _Decl(req, key, where, library=library, syntax=syntax, sourced=req.name in sourced)


def _uv_direct_sources(pp: Pyproject) -> frozenset[str]:
    """Names whose ``[tool.uv.sources]`` entry is a git, URL, path or workspace source."""
    sources = pp.tool("uv").get("sources")
    if not isinstance(sources, dict):
        return frozenset()
    out = set()
    for name, value in sources.items():
        for table, _ in _tables(value, ()):
            if any(k in table for k in ("git", "url", "path", "workspace")):
                out.add(_canonical(name))
    return frozenset(out)


def _compiled_inputs(project: Project) -> set[Path]:
    """The ``.in`` files compiled into the project's compiled requirements files."""
    out: set[Path] = set()
    for rf in project.requirement_files:
        if rf.doc.path.suffix == ".in":
            out.add(rf.doc.path.absolute())
        if rf.compiled is None:
            continue
        here = rf.doc.path.absolute().parent
        for source in rf.compiled.sources:
            out.add(Path(os.path.normpath(here / source)))
    return out


# -- installs ------------------------------------------------------------------------------


def _installs(project: Project) -> list[_Install]:
    """One install per requirements file that no other file of the project includes."""
    by_path = {rf.doc.path.absolute(): rf for rf in project.requirement_files}
    included: set[Path] = set()
    for rf in project.requirement_files:
        for inc in rf.includes:
            if inc.path is not None and inc.path.absolute() != rf.doc.path.absolute():
                included.add(inc.path.absolute())
    installs = []
    for path, rf in by_path.items():
        if rf.constraints_file or path in included:
            continue
        install = _Install(rf)
        stack = [rf]
        seen = {path}
        while stack:
            current = stack.pop(0)
            install.files.append(current)
            for inc in current.includes:
                if inc.path is None:
                    continue
                target = by_path.get(inc.path.absolute())
                if target is not None and inc.path.absolute() not in seen:
                    seen.add(inc.path.absolute())
                    stack.append(target)
        installs.append(install)
    return installs


class _Origin(Frozen):
    """What turned hash-checking mode on: a line of some file of the install."""

    __slots__ = ("rf", "line", "option")

    rf: RequirementsFile
    line: int
    option: str  # "--hash" or "--require-hashes"

    def __init__(self, rf: RequirementsFile, line: int, option: str) -> None:
        object.__setattr__(self, "rf", rf)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "option", option)


def _hash_mode(install: _Install) -> _Origin | None:
    """The first line of the install that turns hash-checking mode on (None: it stays off)."""
    first: _Origin | None = None
    for rf in install.files:
        found: list[_Origin] = []
        for opt in rf.options:
            if opt.name == "--no-require-hashes":
                return None
            if opt.name == "--require-hashes":
                found.append(_Origin(rf, opt.loc.line, "--require-hashes"))
        for req in rf.requirements:
            if req.hashes:
                found.append(_Origin(rf, req.loc.line, "--hash"))
                break
        if first is None and found:
            first = min(found, key=lambda o: o.line)
    return first


def _hash_problem(
    req: Requirement,
    rf: RequirementsFile,
    origin: _Origin,
    constraints: dict[str, RequirementsFile],
) -> str | None:
    """What pip says about ``req`` in hash-checking mode, or None if pip accepts it."""
    if origin.rf is rf:
        on = f"line {origin.line} has {origin.option}"
    else:
        on = f"{_rel(origin.rf.doc.path, rf.doc.path.parent)}:{origin.line} has {origin.option}"
    mode = f"hash-checking mode is on ({on})"
    text = req.text
    url = req.url
    if req.editable:
        return (
            f'`-e {text}` cannot be installed while {mode}: pip stops with "The editable '
            f"requirement ... cannot be installed when requiring hashes, because there is no single "
            f'file to hash"; install it with a separate `pip install -e`'
        )
    if url is not None and _is_vcs(url):
        return (
            f"`{text}` comes from version control, which pip cannot hash, and {mode}: pip stops "
            f"with \"Can't verify hashes for these requirements because we don't have a way to hash "
            f'version control repositories"; point it at a wheel or sdist URL with `#sha256=`, or '
            f"install it with a separate pip command"
        )
    if url is not None and _is_local(url) and not _is_archive(url):
        return (
            f"`{text}` is a local directory, which pip cannot hash, and {mode}: pip stops with "
            f"\"Can't verify hashes for these file:// requirements because they point to "
            f'directories"; build a wheel and require it with its `--hash`, or install it with a '
            f"separate pip command"
        )
    own = _has_hash(req)
    constraint = constraints.get(req.name) if req.name else None
    pinned = url is not None or _is_exact(req.specifier)
    if not own and constraint is None:
        if not pinned:
            return (
                f"`{text}` is not pinned with `==` and has no `--hash`, and {mode}: pip stops with "
                f'"In --require-hashes mode, all requirements must have their versions pinned '
                f'with =="; pin it and add its hashes (`pip-compile --generate-hashes` writes both)'
            )
        fix = "add `#sha256=<hash>` to the URL" if url is not None else "add its `--hash` options"
        return (
            f'`{text}` has no `--hash`, and {mode}: pip stops with "Hashes are required in '
            f'--require-hashes mode, but they are missing from some requirements"; {fix}'
        )
    if not pinned:
        source = "its hashes"
        if not own and constraint is not None:
            source = f"the hashes in {_rel(constraint.doc.path, rf.doc.path.parent)}"
        return (
            f'`{text}` is not pinned with `==`: pip before 26.1 stops with "In --require-hashes '
            f'mode, all requirements must have their versions pinned with ==", and pip 26.1 '
            f"installs only what {source} allow; write the `==` version they are for"
        )
    if not own and constraint is not None:
        return (
            f"`{text}` has no `--hash` of its own, and {mode}: pip before 26.1 ignores the hashes "
            f'in {_rel(constraint.doc.path, rf.doc.path.parent)} and stops with "Hashes are '
            f'required in --require-hashes mode, but they are missing from some requirements"; '
            f"repeat its `--hash` options here"
        )
    return None


# -- TOML VCS sources (Poetry, uv, Pipfile) -------------------------------------------------


class _VcsSource(Frozen):
    __slots__ = ("name", "url", "vcs", "ref_key", "ref", "loc")

    name: str  # as written
    url: str
    vcs: str  # "git", "hg" ...
    ref_key: str | None  # "branch", "tag", "rev", "ref" or None
    ref: str | None
    loc: Loc

    def __init__(
        self, name: str, url: str, vcs: str, ref_key: str | None, ref: str | None, loc: Loc
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "vcs", vcs)
        object.__setattr__(self, "ref_key", ref_key)
        object.__setattr__(self, "ref", ref)
        object.__setattr__(self, "loc", loc)


def _source_from_table(
    name: str,
    table: dict[str, Any],
    path: KeyPath,
    index: TomlIndex,
    doc: Document,
    vcs_keys: tuple[str, ...],
    ref_keys: tuple[str, ...],
) -> _VcsSource | None:
    for vcs in vcs_keys:
        url = table.get(vcs)
        if not isinstance(url, str):
            continue
        ref_key: str | None = None
        ref: str | None = None
        for k in ref_keys:
            value = table.get(k)
            if isinstance(value, str) and value:
                ref_key, ref = k, value
                break
        span = index.value_span((*path, ref_key)) if ref_key else None
        if span is None:
            span = index.value_span((*path, vcs)) or index.key_span(path) or (0, 0)
        return _VcsSource(name, url, vcs, ref_key, ref, Loc(doc, span[0], span[1]))
    return None


def _tables(value: Any, path: KeyPath) -> Iterator[tuple[dict[str, Any], KeyPath]]:
    if isinstance(value, dict):
        yield value, path
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield item, (*path, i)


def _poetry_git_sources(pp: Pyproject) -> Iterator[_VcsSource]:
    poetry = pp.tool("poetry")
    if not poetry:
        return
    tables: list[tuple[Any, KeyPath]] = []
    base: KeyPath = ("tool", "poetry")
    for key in ("dependencies", "dev-dependencies"):
        tables.append((poetry.get(key), (*base, key)))
    groups = poetry.get("group")
    if isinstance(groups, dict):
        for group, body in groups.items():
            if isinstance(body, dict):
                tables.append((body.get("dependencies"), (*base, "group", group, "dependencies")))
    for deps, path in tables:
        if not isinstance(deps, dict):
            continue
        for name, value in deps.items():
            for table, tpath in _tables(value, (*path, name)):
                source = _source_from_table(
                    name, table, tpath, pp.index, pp.doc, ("git",), ("branch", "tag", "rev")
                )
                if source is not None:
                    yield source


def _uv_git_sources(pp: Pyproject) -> Iterator[_VcsSource]:
    sources = pp.tool("uv").get("sources")
    if not isinstance(sources, dict):
        return
    for name, value in sources.items():
        for table, tpath in _tables(value, ("tool", "uv", "sources", name)):
            source = _source_from_table(
                name, table, tpath, pp.index, pp.doc, ("git",), ("branch", "tag", "rev")
            )
            if source is not None:
                yield source


def _pipfile_vcs_sources(
    data: dict[str, Any], index: TomlIndex, doc: Document
) -> Iterator[_VcsSource]:
    from reqhooks.readers.pipfile import NOT_CATEGORIES

    for category, packages in data.items():
        if category in NOT_CATEGORIES or not isinstance(packages, dict):
            continue
        for name, value in packages.items():
            if isinstance(value, dict):
                source = _source_from_table(
                    name, value, (category, name), index, doc, ("git", "hg", "svn", "bzr"), ("ref",)
                )
                if source is not None:
                    yield source


def _lock_commit(kind: str, data: Any, name: str) -> str | None:
    """The commit ``data`` (a parsed lock) records for the VCS package ``name``."""
    if not isinstance(data, dict):
        return None
    if kind == "pipfile":
        for category, packages in data.items():
            if category == "_meta" or not isinstance(packages, dict):
                continue
            for key, entry in packages.items():
                if _canonical(key) == name and isinstance(entry, dict):
                    ref = entry.get("ref")
                    if isinstance(ref, str) and _commit().fullmatch(ref):
                        return ref
        return None
    packages = data.get("package") or data.get("packages")
    if not isinstance(packages, list):
        return None
    for entry in packages:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        if _canonical(entry["name"]) != name:
            continue
        source = entry.get("source")
        candidates: list[Any] = []
        if isinstance(source, dict):
            candidates += [source.get("resolved_reference")]  # poetry.lock
            git = source.get("git")  # uv.lock: "https://...?branch=main#<commit>"
            if isinstance(git, str) and "#" in git:
                candidates.append(git.rsplit("#", 1)[1])
        candidates.append(entry.get("revision"))  # pdm.lock
        vcs = entry.get("vcs")  # pylock.toml: [packages.vcs] commit-id
        if isinstance(vcs, dict):
            candidates.append(vcs.get("commit-id"))
        for candidate in candidates:
            if isinstance(candidate, str) and _commit().fullmatch(candidate):
                return candidate
    return None


# -- small helpers -------------------------------------------------------------------------


def _matches_globs(path: Path, settings: Settings) -> bool:
    if not settings.fully_pinned:
        return False
    base = settings.config_root or Path.cwd()
    try:
        rel = Path(os.path.relpath(path, base)).as_posix()
    except ValueError:
        rel = path.as_posix()
    for pattern in settings.fully_pinned:
        pattern = pattern.removeprefix("./")
        if fnmatch.fnmatch(rel, pattern):
            return True
        if "/" not in pattern and fnmatch.fnmatch(path.name, pattern):
            return True
    return False


def _rel(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path.absolute(), base.absolute())).as_posix()
    except ValueError:
        return path.as_posix()


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _verb(sources: list[str]) -> str:
    if len(sources) > 1:
        return "resolve"
    return "resolves" if _is_lock_name(sources[0]) else "pins"


def _is_lock_name(source: str) -> bool:
    name = source.rsplit("/", 1)[-1]
    return name.endswith(".lock") or (name.startswith("pylock") and name.endswith(".toml"))


def _version_key(version: str) -> tuple[int, Any]:
    from reqhooks._pep import version as parse

    v = parse(version)
    return (0, v) if v is not None else (1, version)


def _written_spec(decl: _Decl) -> str:
    """The requirement's version constraint as the user wrote it."""
    req = decl.req
    if req.original_spec is not None:
        return req.original_spec.strip()
    return req.specifier


def _spelled(decl: _Decl, spec: str) -> str:
    """``spec`` for this requirement, in the syntax of the file it is in."""
    req = decl.req
    written = req.name_loc.text() if req.name_loc is not None else req.name
    if decl.syntax == "toml":
        loc = req.spec_loc
        if loc is not None and _table_version().search(
            loc.doc.text, max(0, loc.start - 40), loc.start
        ):
            return f'version = "{spec}"'
        return f'{written} = "{spec}"'
    extras = f"[{','.join(req.extras)}]" if req.extras else ""
    return f"{written}{extras}{spec}"


def _spec_edit(decl: _Decl, spec: str) -> Edit | None:
    """Replace the requirement's version constraint with ``spec``, touching nothing else."""
    req = decl.req
    loc = req.spec_loc
    if loc is not None:
        written = "".join(loc.text().split())  # without whitespace
        expected = "".join(_written_spec(decl).split())
        if written != expected and not (decl.syntax == "toml" and written in ("*", "")):
            return None  # an expanded ${VAR} or an escape: do not guess
        return Edit(loc.start, loc.end, spec)
    if decl.syntax == "toml" or req.name_loc is None or req.specifier:
        return None
    # A PEP 508 string with no specifier (``"torch[cuda]; ..."``): insert after name[extras].
    text = req.name_loc.doc.text
    at = req.name_loc.end
    while at < len(text) and text[at] in " \t":
        at += 1
    if at < len(text) and text[at] == "[":
        close = text.find("]", at)
        if close < 0 or close > req.loc.end:
            return None
        at = close + 1
    elif at != req.name_loc.end:
        at = req.name_loc.end
    if not req.loc.start <= at <= req.loc.end:
        return None
    return Edit(at, at, spec)


def _url_loc(req: Requirement, url: str) -> Loc:
    loc = req.loc
    at = loc.text().find(url)
    if at < 0:
        return loc
    return Loc(loc.doc, loc.start + at, loc.start + at + len(url))
