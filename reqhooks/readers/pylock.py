"""pylock.toml and pylock.<name>.toml: the standard lock file of PEP 751.

Top level: ``lock-version`` (``"1.0"``), ``created-by``, ``packages`` (all required), and
``environments``, ``requires-python``, ``extras``, ``dependency-groups``, ``default-groups``,
``tool``.  Each ``[[packages]]`` entry has a ``name`` (normalised), optional ``version``,
``marker``, ``requires-python`` and ``dependencies`` (tables that point at other entries by
``name`` and, where needed, ``version``), and exactly one source: ``vcs``, ``directory`` or
``archive``, or an ``index`` with an ``sdist`` and/or ``wheels``.

The shape is checked here as ``packaging.pylock.Pylock.from_dict`` checks it (same required
keys, types and source rules), without importing packaging: a run over a pylock file that
is fine should not pay for it.  File names come from ``name``, else the last segment of
``url`` (percent-decoded) or ``path``.
"""

from __future__ import annotations

import re

from reqhooks.model import Loc, LockedDep, LockedPackage, LockFile
from reqhooks.readers.locks import (
    TomlLockReader,
    canonical_name,
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

_LOCK_VERSION: Final = re.compile(r"1(?:\.\d+)*")


def read(doc: Document) -> tuple[LockFile | None, list[Finding]]:
    """Read a pylock.toml."""
    from reqhooks import _parsecache, _toml

    try:
        data = _parsecache.load_toml(doc)
    except _toml.TomlError as e:
        return None, [syntax_error(doc, e.offset, e.message)]
    return _Reader(doc, data).read()


class _Reader(TomlLockReader):
    def read(self) -> tuple[LockFile, list[Finding]]:
        data = self.data
        lock = LockFile(kind="pylock", doc=self.doc, data=data, index=self.index)
        version = self.get_str(data, "lock-version", (), "")
        if version is None and "lock-version" not in data:
            self.findings.append(
                syntax_error(self.doc, 0, "Expected a 'lock-version' key (\"1.0\")")
            )
        elif version is not None and not _LOCK_VERSION.fullmatch(version):
            self.report(("lock-version",), f"Expected lock-version 1.x (PEP 751), got {version!r}")
        created_by = self.get_str(data, "created-by", (), "")
        if created_by is None and "created-by" not in data:
            self.findings.append(
                syntax_error(self.doc, 0, "Expected a 'created-by' key naming the tool")
            )
        lock.generator = created_by
        requires_python = self.get_str(data, "requires-python", (), "")
        if requires_python is not None:
            lock.requires_python = requires_python
            lock.requires_python_loc = self.value_loc(("requires-python",), requires_python)
        for key in ("environments", "extras", "dependency-groups", "default-groups"):
            self.get_strings(data, key, (), "")
        self.get_table(data, "tool", (), "")

        packages = self.get_list(data, "packages", (), "")
        if packages is None and "packages" not in data:
            self.findings.append(
                syntax_error(self.doc, 0, "Expected a 'packages' array ([[packages]] tables)")
            )
        if packages:
            lock.packages = self._packages(packages)
        return lock, self.findings

    def _packages(self, packages: list[Any]) -> list[LockedPackage]:
        doc = self.doc
        spans = self.package_spans("packages", packages)
        out: list[LockedPackage] = []
        for i, package in enumerate(packages):
            path: tuple[str | int, ...] = ("packages", i)
            if not isinstance(package, dict):
                self.wrong(path, "a [[packages]] table", package)
                continue
            raw_name = package.get("name")
            what = package_what(raw_name, i)
            if not isinstance(raw_name, str):
                if raw_name is None:
                    self.missing(path, "name", what)
                else:
                    self.wrong(path + ("name",), f"a string for 'name'{what}", raw_name)
                continue
            name = canonical_name(raw_name)
            if name != raw_name:
                self.report(
                    path + ("name",), f"Expected a normalized name ({name!r}), got {raw_name!r}"
                )
            name_span, version_span = spans[i]
            if name_span is None:
                name_span = self.span(path + ("name",))
            files, source = self._sources(package, path, what)
            out.append(
                LockedPackage(
                    name=name,
                    version=self.get_str(package, "version", path, what),
                    loc=Loc(doc, name_span[0], name_span[1]),
                    requires_python=self.get_str(package, "requires-python", path, what) or None,
                    files=files,
                    dependencies=self._dependencies(package, path, what),
                    marker=self.get_str(package, "marker", path, what) or None,
                    source=source,
                    version_loc=Loc(doc, *version_span) if version_span is not None else None,
                )
            )
            self.get_str(package, "index", path, what)
            self.get_table(package, "tool", path, what)
        return out

    def _dependencies(
        self, package: dict[str, Any], path: tuple[str | int, ...], what: str
    ) -> tuple[LockedDep, ...]:
        entries = self.get_list(package, "dependencies", path, what)
        if not entries:
            return ()
        out: list[LockedDep] = []
        for k, entry in self.tables(entries, path + ("dependencies",), f" in 'dependencies'{what}"):
            name = self.get_str(
                entry, "name", path + ("dependencies", k), f" in 'dependencies'{what}"
            )
            if name is None:
                if "name" not in entry:
                    self.missing(path + ("dependencies", k), "name", f" in 'dependencies'{what}")
                continue
            version = self.get_str(
                entry, "version", path + ("dependencies", k), f" in 'dependencies'{what}"
            )
            out.append(LockedDep(canonical_name(name), f"=={version}" if version else ""))
        return tuple(out)

    def _sources(
        self, package: dict[str, Any], path: tuple[str | int, ...], what: str
    ) -> tuple[tuple[str, ...], str | None]:
        """File names, and the source kind; reports a package whose sources break PEP 751."""
        files: list[str] = []
        direct: list[str] = []
        source: str | None = None
        vcs = self.get_table(package, "vcs", path, what)
        if vcs is not None:
            direct.append("vcs")
            source = "git"
            self._require(vcs, ("type", "commit-id"), path + ("vcs",), f" in 'vcs'{what}")
            self._location(vcs, path + ("vcs",), f" in 'vcs'{what}")
        directory = self.get_table(package, "directory", path, what)
        if directory is not None:
            direct.append("directory")
            editable = self.get_bool(
                directory, "editable", path + ("directory",), f" in 'directory'{what}"
            )
            source = "editable" if editable else "directory"
            self._require(directory, ("path",), path + ("directory",), f" in 'directory'{what}")
        archive = self.get_table(package, "archive", path, what)
        if archive is not None:
            direct.append("archive")
            location = self._location(archive, path + ("archive",), f" in 'archive'{what}")
            source = "url" if isinstance(archive.get("url"), str) else "path"
            self._hashes(archive, path + ("archive",), f" in 'archive'{what}")
            if location is not None:
                files.append(file_name(location))

        distributions = 0
        sdist = self.get_table(package, "sdist", path, what)
        if sdist is not None:
            distributions += 1
            self._distribution(sdist, path + ("sdist",), f" in 'sdist'{what}", files)
        wheels = self.get_list(package, "wheels", path, what)
        if wheels:
            for k, wheel in self.tables(wheels, path + ("wheels",), f" in 'wheels'{what}"):
                distributions += 1
                self._distribution(wheel, path + ("wheels", k), f" in 'wheels'{what}", files)
        if distributions:
            source = "registry"
            if direct:
                self.report(
                    path + (direct[0],),
                    f"Expected no {direct[0]!r} next to 'sdist' or 'wheels'{what}",
                )
        elif len(direct) != 1:
            at = path + (direct[1],) if direct else path + ("name",)
            self.report(
                at,
                f"Expected exactly one of 'vcs', 'directory', 'archive', or an 'sdist' or 'wheels'{what}",
            )
        return tuple(files), source

    def _distribution(
        self, table: dict[str, Any], path: tuple[str | int, ...], what: str, files: list[str]
    ) -> None:
        name = self.get_str(table, "name", path, what)
        location = self._location(table, path, what)
        self._hashes(table, path, what)
        if name is not None:
            files.append(name)
        elif location is not None:
            files.append(file_name(location))

    def _location(
        self, table: dict[str, Any], path: tuple[str | int, ...], what: str
    ) -> str | None:
        url = self.get_str(table, "url", path, what)
        local = self.get_str(table, "path", path, what)
        if not url and not local:
            if not any(key in table and not isinstance(table[key], str) for key in ("url", "path")):
                self.report(path, f"Expected a 'url' or a 'path'{what}")
            return None
        return url or local

    def _hashes(self, table: dict[str, Any], path: tuple[str | int, ...], what: str) -> None:
        hashes = self.get_table(table, "hashes", path, what)
        if hashes is None:
            if "hashes" not in table:
                self.report(path, f"Expected a 'hashes' table{what}")
            return
        if not hashes:
            self.report(path + ("hashes",), f"Expected at least one hash in 'hashes'{what}")
        for algorithm, value in hashes.items():
            if not isinstance(value, str):
                self.wrong(
                    path + ("hashes", algorithm), f"a string for hash {algorithm!r}{what}", value
                )

    def _require(
        self, table: dict[str, Any], keys: tuple[str, ...], path: tuple[str | int, ...], what: str
    ) -> None:
        for key in keys:
            if key not in table:
                self.report(path, f"Expected {key!r}{what}")
            else:
                self.get_str(table, key, path, what)
