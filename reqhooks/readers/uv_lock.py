"""uv.lock (and ``<script>.py.lock``): the packages uv resolved, for every fork at once.

Layout (uv's ``crates/uv-resolver/src/lock``): ``version = 1``, ``revision``, a top-level
``requires-python`` and ``resolution-markers``, an optional ``[manifest]``, then one
``[[package]]`` per locked version with ``source`` (one key: ``registry``, ``git``, ``url``,
``path``, ``directory``, ``editable`` or ``virtual``), ``dependencies``, per-extra
``optional-dependencies``, per-group ``dev-dependencies`` (source trees only), the fork
``resolution-markers`` it belongs to, and its files as ``sdist``/``wheels`` URLs.

uv records no Requires-Python per package, and no group per package.  The groups are
worked out here, so that every lock format answers "which groups install this package" the
same way: a package is in ``main`` when a workspace member (or a script's requirements)
needs it, in an extra's name when only that extra does, and in a dependency group's name
when that group does.  The edges of a member's extras carry ``extra == "..."``; the edges of
its dependency groups are in its ``dependencies`` with their own markers (which group each
belongs to is in ``data``).
"""

from __future__ import annotations

from reqhooks.model import Loc, LockedDep, LockedPackage, LockFile
from reqhooks.readers.locks import (
    TomlLockReader,
    and_marker,
    canonical_name,
    extra_marker,
    file_name,
    package_what,
    syntax_error,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from reqhooks._text import Document
    from reqhooks.findings import Finding

__all__ = ["read"]

_SOURCE_KINDS: Final = ("registry", "git", "url", "path", "directory", "editable", "virtual")
_ROOT_SOURCES: Final = frozenset(("editable", "virtual"))
MAIN: Final = "main"

# An edge as the group walk follows it.
_Edge = tuple[str, str | None, tuple[str, ...]]  # name, version, extras requested


def read(doc: Document) -> tuple[LockFile | None, list[Finding]]:
    """Read a uv.lock or a uv script lock."""
    from reqhooks import _parsecache, _toml

    try:
        data = _parsecache.load_toml(doc)
    except _toml.TomlError as e:
        return None, [syntax_error(doc, e.offset, e.message)]
    return _Reader(doc, data).read()


class _Reader(TomlLockReader):
    def __init__(self, doc: Document, data: dict[str, Any]) -> None:
        super().__init__(doc, data)
        # Per locked package (by position in LockFile.packages): its edges by extra (None:
        # always; "group:<g>": a dependency group) and its editable/virtual path, if any.
        self._edges: list[dict[str | None, list[_Edge]]] = []
        self._tree_paths: list[object] = []
        self._dep_cache: dict[
            tuple[str, str | None, str | None, str | None], tuple[LockedDep, _Edge]
        ] = {}

    def read(self) -> tuple[LockFile, list[Finding]]:
        data = self.data
        lock = LockFile(kind="uv", doc=self.doc, data=data, index=self.index)
        version = self.get_int(data, "version", (), "")
        if version is None and "version" not in data:
            self.findings.append(
                syntax_error(self.doc, 0, "Expected 'version = 1' at the top of the uv lock file")
            )
        elif version is not None and version != 1:
            self.report(("version",), f"Expected lock version 1 (what uv reads), got {version}")
        self.get_int(data, "revision", (), "")
        requires_python = self.get_str(data, "requires-python", (), "")
        if requires_python is not None:
            lock.requires_python = requires_python
            lock.requires_python_loc = self.value_loc(("requires-python",), requires_python)
        self.get_strings(data, "resolution-markers", (), "")

        manifest = self.get_table(data, "manifest", (), "") or {}
        members = set(
            map(
                canonical_name,
                self.get_strings(manifest, "members", ("manifest",), " in [manifest]"),
            )
        )
        packages = self.get_list(data, "package", (), "")
        if packages:
            lock.packages = self._packages(packages)
            self._groups(lock.packages, members, manifest)
        return lock, self.findings

    # -- packages

    def _packages(self, packages: list[Any]) -> list[LockedPackage]:
        doc = self.doc
        spans = self.package_spans("package", packages)
        out: list[LockedPackage] = []
        for i, package in enumerate(packages):
            path: tuple[str | int, ...] = ("package", i)
            if not isinstance(package, dict):
                self.wrong(path, "a [[package]] table", package)
                continue
            raw_name = package.get("name")
            what = package_what(raw_name, i)
            if not isinstance(raw_name, str):
                if raw_name is None:
                    self.missing(path, "name", what)
                else:
                    self.wrong(path + ("name",), f"a string for 'name'{what}", raw_name)
                continue
            name_span, version_span = spans[i]
            if name_span is None:
                name_span = self.span(path + ("name",))
            # (Each ``get_*`` below only where the value is not what it should be: it
            # reports that, and gives None.)
            version = package.get("version")
            if version is not None and type(version) is not str:
                version = self.get_str(package, "version", path, what)

            source = tree_path = None
            source_table = package.get("source")
            if source_table is not None and type(source_table) is not dict:
                source_table = self.get_table(package, "source", path, what)
            if source_table is not None:
                if "registry" in source_table:  # the first of _SOURCE_KINDS
                    source = "registry"
                else:
                    source = next((k for k in _SOURCE_KINDS if k in source_table), None)
                if source in _ROOT_SOURCES:
                    tree_path = source_table[source]
                if source is None:
                    self.report(
                        path + ("source",),
                        f"Expected one of {', '.join(_SOURCE_KINDS)} in 'source'{what}",
                    )

            # Edges by extra (None: always) for the group walk; groups are keyed "group:<g>".
            edges: dict[str | None, list[_Edge]] = {}
            deps = self._deps(package, "dependencies", path, what, None, edges)
            optional = package.get("optional-dependencies")
            if optional is not None and type(optional) is not dict:
                optional = self.get_table(package, "optional-dependencies", path, what)
            if optional:
                for extra in optional:
                    deps.extend(
                        self._deps(
                            optional, extra, path + ("optional-dependencies",), what, extra, edges
                        )
                    )
            dev_key = "dev-dependencies" if "dev-dependencies" in package else "dependency-groups"
            dev = package.get(dev_key)
            if dev is not None and type(dev) is not dict:
                dev = self.get_table(package, dev_key, path, what)
            if dev:
                for group in dev:
                    deps.extend(
                        self._deps(dev, group, path + (dev_key,), what, "group:" + group, edges)
                    )

            self._edges.append(edges)
            self._tree_paths.append(tree_path)
            out.append(
                LockedPackage(  # positionally: cheaper than keywords, thousands of times
                    canonical_name(raw_name),  # name
                    version,
                    Loc(doc, name_span[0], name_span[1]),  # loc
                    None,  # requires_python: uv records none
                    self._files(package, path, what),  # files
                    tuple(deps),  # dependencies
                    None,  # marker
                    (),  # groups: set by _groups
                    source,
                    Loc(doc, *version_span) if version_span is not None else None,  # version_loc
                    False,  # optional
                    self.get_strings(package, "resolution-markers", path, what)
                    if "resolution-markers" in package
                    else (),  # resolution_markers
                )
            )
        return out

    def _deps(
        self,
        table: dict[str, Any],
        key: str,
        path: tuple[str | int, ...],
        what: str,
        label: str | None,
        edges: dict[str | None, list[_Edge]],
    ) -> list[LockedDep]:
        entries = table.get(key)
        if not entries:
            return []
        if type(entries) is not list:
            self.get_list(table, key, path, what)  # reports it
            return []
        extra = label if label is not None and not label.startswith("group:") else None
        found = edges.setdefault(label, [])
        out: list[LockedDep] = []
        cache = self._dep_cache
        for i, entry in enumerate(entries):
            if type(entry) is dict:
                if len(entry) == 1:  # { name = "..." }, the commonest edge (or a bad one)
                    name = entry.get("name")
                    marker = version = extras = None
                else:
                    name = entry.get("name")
                    marker = entry.get("marker")
                    version = entry.get("version")
                    extras = entry.get("extra")
                if (
                    type(name) is str
                    and (marker is None or type(marker) is str)
                    and (version is None or type(version) is str)
                    and extras is None
                ):
                    # Edges are immutable and repeat (every package that needs
                    # typing-extensions): share one object per distinct edge, and its
                    # tuple for the group walk.
                    cache_key = (name, version, marker, extra)
                    hit = cache.get(cache_key)
                    if hit is None:
                        canonical = canonical_name(name)
                        if extra is not None:
                            marker = and_marker(marker, extra_marker(extra))
                        shared = LockedDep(
                            canonical, f"=={version}" if version else "", marker or None
                        )
                        hit = cache[cache_key] = (shared, (canonical, version, ()))
                    out.append(hit[0])
                    found.append(hit[1])
                    continue
            dep = self._dep(entry, path + (key, i), f" in {key!r}{what}", extra, found)
            if dep is not None:
                out.append(dep)
        return out

    def _dep(
        self,
        entry: object,
        path: tuple[str | int, ...],
        what: str,
        extra: str | None,
        found: list[_Edge],
    ) -> LockedDep | None:
        """One edge, the slow way: every value checked and reported."""
        if not isinstance(entry, dict):
            self.wrong(path, f"a table{what}", entry)
            return None
        name = entry.get("name")
        if not isinstance(name, str):
            if name is None:
                self.missing(path, "name", what)
            else:
                self.wrong(path + ("name",), f"a string for 'name'{what}", name)
            return None
        dep_what = f" of dependency {name!r}{what}"
        marker = self.get_str(entry, "marker", path, dep_what)
        version = self.get_str(entry, "version", path, dep_what)
        extras = self.get_strings(entry, "extra", path, dep_what)
        canonical = canonical_name(name)
        found.append((canonical, version, extras))
        if extra is not None:
            marker = and_marker(marker, extra_marker(extra))
        return LockedDep(canonical, f"=={version}" if version else "", marker or None, extras)

    def _files(
        self, package: dict[str, Any], path: tuple[str | int, ...], what: str
    ) -> tuple[str, ...]:
        names = _plain_files(package)
        if names is not None:
            return names
        return self._files_checked(package, path, what)

    def _files_checked(
        self, package: dict[str, Any], path: tuple[str | int, ...], what: str
    ) -> tuple[str, ...]:
        """The files, the slow way: every value checked and reported."""
        names: list[str] = []
        sdist = package.get("sdist")
        if sdist is not None:
            url = sdist.get("url") if type(sdist) is dict else None
            if type(url) is str:
                names.append(file_name(url))
            elif self.get_table(package, "sdist", path, what) is not None:
                self._file(sdist, path + ("sdist",), f" in 'sdist'{what}", names)
        wheels = package.get("wheels")
        if wheels is not None:
            if type(wheels) is not list:
                self.get_list(package, "wheels", path, what)  # reports it
                return tuple(names)
            for i, wheel in enumerate(wheels):
                url = wheel.get("url") if type(wheel) is dict else None
                if type(url) is str:
                    names.append(file_name(url))
                elif type(wheel) is dict:
                    self._file(wheel, path + ("wheels", i), f" in 'wheels'{what}", names)
                else:
                    self.wrong(path + ("wheels", i), f"a table in 'wheels'{what}", wheel)
        return tuple(names)

    def _file(
        self, table: dict[str, Any], path: tuple[str | int, ...], what: str, out: list[str]
    ) -> None:
        for key in ("url", "path", "filename"):
            value = table.get(key)
            if isinstance(value, str):
                out.append(file_name(value) if key != "filename" else value)
                return
            if value is not None:
                self.wrong(path + (key,), f"a string for {key!r}{what}", value)
                return
        self.report(path, f"Expected 'url', 'path' or 'filename'{what}")

    # -- groups

    def _groups(
        self, locked: list[LockedPackage], members: set[str], manifest: dict[str, Any]
    ) -> None:
        """Label each package with the groups that install it (see the module docstring)."""
        by_name: dict[str, list[int]] = {}
        for k, package in enumerate(locked):
            by_name.setdefault(package.name, []).append(k)
        resolved: dict[tuple[str, str | None], list[int]] = {}

        def targets(name: str, version: str | None) -> list[int]:
            found = resolved.get((name, version))
            if found is None:
                found = by_name.get(name, [])
                if version is not None and len(found) > 1:
                    found = [k for k in found if locked[k].version == version] or found
                resolved[(name, version)] = found
            return found

        # A state is (package, extra): None follows its dependencies, an extra its
        # optional-dependencies, "group:<g>" (roots only) a dependency group.
        starts: dict[str, list[tuple[int, str | None]]] = {}
        roots = [
            k
            for k, package in enumerate(locked)
            if package.name in members or (not members and self._tree_paths[k] == ".")
        ]
        for k in roots:
            for key in (None, *(key for key in self._edges[k] if key is not None)):
                label = MAIN if key is None else key.removeprefix("group:")
                starts.setdefault(label, []).append((k, key))
        groups = manifest.get("dependency-groups")
        for label, entries in (
            (MAIN, manifest.get("requirements")),
            *(groups.items() if isinstance(groups, dict) else ()),
        ):
            for name, _, _ in _edges(entries):
                starts.setdefault(label, []).extend((k, None) for k in targets(name, None))

        labels: list[set[str]] = [set() for _ in locked]
        edges_of = self._edges
        for label, initial in starts.items():
            # A state (k, None), the commonest by far, is written k: no tuple per edge.
            seen: set[int | tuple[int, str]] = set()
            stack: list[int | tuple[int, str]] = []
            for k, key in initial:
                start = k if key is None else (k, key)
                if start not in seen:
                    seen.add(start)
                    stack.append(start)
            while stack:
                state = stack.pop()
                if type(state) is int:
                    k, extra = state, None
                else:
                    k, extra = state  # type: ignore[misc]
                labels[k].add(label)
                for name, version, extras in edges_of[k].get(extra, ()):
                    found = resolved.get((name, version))
                    if found is None:
                        found = targets(name, version)
                    for target in found:
                        if target not in seen:
                            seen.add(target)
                            stack.append(target)
                        for e in extras:
                            with_extra = (target, e)
                            if with_extra not in seen:
                                seen.add(with_extra)
                                stack.append(with_extra)
        for k in roots:
            labels[k] = {MAIN}
        for package, names in zip(locked, labels):
            if len(names) == 1:  # most packages: nothing to sort
                package.groups = tuple(names)
            elif names:
                package.groups = tuple(sorted(names, key=lambda g: (g != MAIN, g)))


def _plain_files(package: dict[str, Any]) -> tuple[str, ...] | None:
    """What ``_Reader._files_checked`` gives when the sdist and every wheel is a table with
    a string ``url`` and no URL has a character ``file_name`` treats specially (query,
    fragment, percent-escape, backslash): the text after each URL's last ``/``.  None
    otherwise, for the slow way to decide (and report)."""
    sdist = package.get("sdist")
    wheels = package.get("wheels")
    try:
        if wheels is None:
            urls = [] if sdist is None else [sdist["url"]]
        elif type(wheels) is list:
            urls = [wheel["url"] for wheel in wheels]
            if sdist is not None:
                urls.insert(0, sdist["url"])
        else:
            return None
        joined = "\n".join(urls)  # a TypeError unless every URL is a string
    except (TypeError, KeyError):
        return None
    if "?" in joined or "#" in joined or "%" in joined or "\\" in joined:
        return None
    return tuple([url[url.rfind("/") + 1 :] for url in urls])


def _edges(entries: object) -> list[_Edge]:
    if not isinstance(entries, list):
        return []
    return [
        (canonical_name(e["name"]), None, ())
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("name"), str)
    ]
