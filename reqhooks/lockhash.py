"""The input hashes that poetry.lock, pdm.lock and Pipfile.lock store, recomputed.

Each of these tools writes a digest of the declarations it locked from and, when asked whether
the lock is stale, recomputes that digest and compares. Nothing else about the declarations is
checked, so mirroring the digest bit for bit is what makes our verdict agree with the tool's.
The functions here are pure: they take already-parsed data (``tomllib`` for TOML, ``json`` for
Pipfile.lock) and never read a file.

Where each algorithm lives upstream (see also ``shared/reference/lock-formats.md``):

* Poetry: ``poetry/packages/locker.py``, ``Locker._get_content_hash`` and ``Locker.is_fresh``
  (Poetry 2.5.1; the fallback for locks written before 2.3.0 is part of ``is_fresh``).
* PDM: ``pdm/project/project_file.py``, ``PyProject.content_hash`` and ``dev_dependencies``;
  ``pdm/project/workspace.py``, ``WorkspaceManager.content_hash``; ``Project.is_lockfile_fresh``
  (PDM 2.29.3). The ``legacy`` variant is ``PyProject.content_hash`` of PDM 2.3 to 2.15.
* pipenv: ``pipenv/utils/pipfile.py``, ``Pipfile.calculate_hash`` (pipenv >= 2026.4.0) and the
  plette ``Pipfile.get_hash`` it replaced (verbatim package names), both over a tomlkit load
  that inserts PyPI as the source when the Pipfile declares none.

A declaration the tool itself cannot hash (a TOML date, a table where a list belongs ...) makes
the tool crash rather than answer; here it raises :class:`LockHashError`, from the hash
functions and the ``*_is_fresh`` functions alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reqhooks._hash import sha256
from reqhooks._lazy import compile_pattern
from reqhooks._names import canonical

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = [
    "LockHashError",
    "pdm_content_hash",
    "pdm_is_fresh",
    "pdm_workspace_hash",
    "pipfile_hash",
    "pipfile_is_fresh",
    "poetry_content_hash",
    "poetry_generator_version",
    "poetry_is_fresh",
]


class LockHashError(ValueError):
    """The declarations cannot be hashed: the owning tool would crash on them too."""


# -- shared ------------------------------------------------------------------------------

_SCALARS: Final = (str, int, float, type(None))  # bool is an int; None is Poetry's padding


def _check_jsonable(value: Any, where: str, *, bool_in_array: bool = True) -> None:
    """Raise LockHashError for what ``json.dumps`` rejects in the tool's own data.

    TOML dates and times are never JSON-serialisable. With *bool_in_array* false a boolean
    directly inside an array is rejected too: tomlkit keeps it as a ``Bool`` item there (a table
    unwraps it on access, a list does not), and pipenv's ``json.dumps`` fails on it.
    """
    if isinstance(value, Mapping):
        for key, item in value.items():
            _check_jsonable(item, f"{where}.{key}", bool_in_array=bool_in_array)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, bool) and not bool_in_array:
                raise LockHashError(
                    f"Expected no boolean inside an array, found one at {where}[{index}]"
                )
            _check_jsonable(item, f"{where}[{index}]", bool_in_array=bool_in_array)
    elif not isinstance(value, _SCALARS):
        raise LockHashError(
            f"Expected a string, number, boolean, array or table at {where}, "
            f"found {type(value).__name__}"
        )


def _dumps(value: Any, *, compact: bool = False) -> str:
    """``json.dumps(value, sort_keys=True)``; with ``separators=(",", ":")`` when *compact*.

    Importing json costs 1.5 to 3 ms a process (its decoder compiles regular expressions); a
    pyproject's declarations are strings, integers, booleans, arrays and tables, so those are
    written here exactly as json writes them.  Anything else (a float, a subclass, a cycle,
    nesting too deep for this recursion) goes to json itself, so the digest and the exceptions
    stay the tool's.
    """
    chunks: list[str] = []
    try:
        plain = _write_json(value, chunks, "," if compact else ", ", ":" if compact else ": ")
    except RecursionError:
        plain = False
    if plain:
        return "".join(chunks)
    import json

    if compact:
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return json.dumps(value, sort_keys=True)


def _write_json(value: Any, out: list[str], item_sep: str, key_sep: str) -> bool:
    """Append *value* to *out* as ``_dumps`` writes it; False (*out* is then junk) if not plain.

    Exact types only: ``True`` is an int, and a subclass can change how it iterates or compares
    (json's C encoder decides those).  Integers past 64 bits are left to json, which may refuse
    them (``sys.set_int_max_str_digits``).
    """
    kind = type(value)
    if kind is str:
        out.append(_json_string(value))
    elif kind is dict:
        if not all(type(key) is str for key in value):
            return False  # json converts or rejects other keys, and sorts mixed ones badly
        out.append("{")
        for index, key in enumerate(sorted(value)):
            if index:
                out.append(item_sep)
            out.append(_json_string(key))
            out.append(key_sep)
            if not _write_json(value[key], out, item_sep, key_sep):
                return False
        out.append("}")
    elif kind is list or kind is tuple:
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(item_sep)
            if not _write_json(item, out, item_sep, key_sep):
                return False
        out.append("]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int and value.bit_length() <= 64:
        out.append(repr(value))
    else:
        return False
    return True


def _json_string(text: str) -> str:
    """*text* quoted as json quotes it (``ensure_ascii``): printable ASCII is kept as it is."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    try:  # the json package's own escaper, from its C module: no json import
        from _json import encode_basestring_ascii
    except ImportError:  # pragma: no cover - a build without the C module
        from json.encoder import encode_basestring_ascii
    return encode_basestring_ascii(text)


def _table(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    """``data.get(key, {})`` where the tool calls ``.get`` on the result, so it must be a table."""
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise LockHashError(f"Expected a table at {where}, found {type(value).__name__}")
    return value


def _new_hasher(algo: str) -> Any:
    try:
        if algo == "sha256":
            return sha256()
        import hashlib

        return hashlib.new(algo)
    except (ValueError, TypeError) as e:
        raise LockHashError(f"Expected a hashlib algorithm name, found {algo!r}") from e


# -- Poetry ------------------------------------------------------------------------------

_POETRY_LEGACY_KEYS: Final = ("dependencies", "source", "extras", "dev-dependencies")
_POETRY_RELEVANT_KEYS: Final = (*_POETRY_LEGACY_KEYS, "group")
_POETRY_PROJECT_KEYS: Final = ("requires-python", "dependencies", "optional-dependencies")
# Locks written before this Poetry release hashed without [dependency-groups].
_POETRY_GROUPS_HASHED_SINCE: Final = (0, 2, 3, 0)  # as poetry_generator_version gives it
_POETRY_HEADER_RE: Final = compile_pattern(r"Poetry ([^ ]+)")


def poetry_content_hash(pyproject: Mapping[str, Any], *, with_groups: bool = True) -> str:
    """The ``[metadata] content-hash`` Poetry >= 2.3 writes for *pyproject* (sha256 hex).

    ``with_groups=False`` leaves ``[dependency-groups]`` out, as Poetry 2.0 to 2.2 did. For a
    project with only ``[tool.poetry]`` the result is also what Poetry 1.x wrote: absent legacy
    keys are then hashed as ``null`` and the keys sit at the top level.
    """
    project = _table(pyproject, "project", "project")
    groups: Any = pyproject.get("dependency-groups", {}) if with_groups else {}
    poetry = _table(_table(pyproject, "tool", "tool"), "poetry", "tool.poetry")

    relevant_project = {
        key: project[key] for key in _POETRY_PROJECT_KEYS if project.get(key) is not None
    }
    relevant_poetry: dict[str, Any] = {}
    for key in _POETRY_RELEVANT_KEYS:
        value = poetry.get(key)
        # Null padding of absent legacy keys only survives for [tool.poetry]-only projects.
        if value is None and (key not in _POETRY_LEGACY_KEYS or relevant_project or groups):
            continue
        relevant_poetry[key] = value

    content: dict[str, Any] = {}
    if relevant_project:
        content["project"] = relevant_project
    if groups:  # an empty [dependency-groups] is left out, so older hashes still hold
        content["dependency-groups"] = groups
    if content:
        content["tool"] = {"poetry": relevant_poetry}
    else:
        content = relevant_poetry

    _check_jsonable(content, "pyproject")
    return sha256(_dumps(content).encode()).hexdigest()


def poetry_generator_version(first_line: str) -> tuple[int, ...] | None:
    """The Poetry version in a poetry.lock header, as ``poetry_is_fresh`` compares it with
    the release 2.3.0.

    ``# This file is automatically @generated by Poetry 2.2.1 and ...`` gives
    ``(0, 2, 2, 1, 0)``: the epoch, the release padded to three parts, then -1 for a pre- or
    development release of it (``2.3.0b1``, ``2.3.0.dev0``: before it, as for Poetry), 1 for
    a post-release (``2.3.0.post1``, ``2.3.0.post1.dev0``: after it) and 0 otherwise.  Compared
    with a release padded with zeros (``_release_lt``), it sorts as PEP 440 does.  ``None``
    when Poetry would find no version there either.
    """
    match = _POETRY_HEADER_RE.search(first_line)
    if match is None:
        return None
    from reqhooks import _pepfast

    simple = _pepfast._split(match.group(1))  # N(.N)*[(a|b|rc)N]: no need for packaging
    if simple is not None and not simple[2]:
        release, pre, _ = simple
        release += (0,) * (3 - len(release))
        return (0, *release, -1 if pre != _pepfast._FINAL else 0)
    from packaging.version import Version

    try:
        version = Version(match.group(1))
    except ValueError:  # InvalidVersion, or a number too long for int()
        return None
    release = version.release + (0,) * (3 - len(version.release))
    if version.pre is not None:
        phase = -1  # 2.3.0rc1.post1 is still before 2.3.0
    elif version.post is not None:
        phase = 1
    elif version.dev is not None:
        phase = -1
    else:
        phase = 0
    return (version.epoch, *release, phase)


def _release_lt(left: tuple[int, ...], right: tuple[int, ...]) -> bool:
    """``left < right`` with the shorter one padded with zeros (``(2, 3) == (2, 3, 0)``)."""
    width = max(len(left), len(right))
    return left + (0,) * (width - len(left)) < right + (0,) * (width - len(right))


def poetry_is_fresh(
    pyproject: Mapping[str, Any],
    lock_content_hash: str | None,
    generator_version: tuple[int, ...] | None,
) -> bool:
    """Whether ``poetry check --lock`` (Poetry >= 2.3) accepts the lock.

    *lock_content_hash* is ``[metadata] content-hash`` (``None`` when absent: never fresh) and
    *generator_version* the version in the lock's first line (see ``poetry_generator_version``).
    A lock from Poetry < 2.3 is also accepted when it matches the hash without
    ``[dependency-groups]``.
    """
    current = poetry_content_hash(pyproject)  # Poetry computes it up front, even with no lock
    if lock_content_hash is None:
        return False
    if current == lock_content_hash:
        return True
    if generator_version is None:
        return False
    if _release_lt(tuple(generator_version), _POETRY_GROUPS_HASHED_SINCE):
        return poetry_content_hash(pyproject, with_groups=False) == lock_content_hash
    return False


# -- PDM ---------------------------------------------------------------------------------

_PDM_LOCK_MAJOR: Final = 4
_PDM_LOCK_MAX_MINOR: Final = 5  # lock_version 4.5.x is what PDM 2.29 writes


def _normalize_name(name: str) -> str:
    return canonical(name)


def _pdm_dev_dependencies(pyproject: Mapping[str, Any], settings: Mapping[str, Any]) -> Any:
    """``PyProject.dev_dependencies``: [dependency-groups] then tool.pdm.dev-dependencies."""
    groups: dict[str, list[Any]] = {}
    for group, deps in _table(pyproject, "dependency-groups", "dependency-groups").items():
        name = _normalize_name(group)
        if name in groups:
            raise LockHashError(f"Expected each dependency group once, found {name!r} twice")
        groups[name] = list(deps) if isinstance(deps, list) else deps
    for group, deps in _table(settings, "dev-dependencies", "tool.pdm.dev-dependencies").items():
        existing = groups.setdefault(_normalize_name(group), [])
        if not isinstance(existing, list) or not isinstance(deps, list):
            raise LockHashError(f"Expected an array at tool.pdm.dev-dependencies.{group}")
        existing.extend(deps)
    return groups


def pdm_content_hash(
    pyproject: Mapping[str, Any], algo: str = "sha256", *, legacy: bool = False
) -> str:
    """The ``[metadata] content_hash`` PDM writes for one pyproject: ``"<algo>:<hex>"``.

    This is the project's own hash; a workspace root combines it with its members' through
    ``pdm_workspace_hash``. ``legacy=True`` gives what PDM 2.3 to 2.15 wrote: it hashed
    ``tool.pdm.resolution.overrides`` instead of the whole ``[tool.pdm.resolution]`` and the raw
    ``tool.pdm.dev-dependencies`` (no ``[dependency-groups]``).

    Not mirrored: PDM converts a Poetry or Flit project without ``[project]`` before hashing.
    """
    project = _table(pyproject, "project", "project")
    settings = _table(_table(pyproject, "tool", "tool"), "pdm", "tool.pdm")
    resolution = _table(settings, "resolution", "tool.pdm.resolution")
    dump: dict[str, Any] = {
        "sources": settings.get("source", []),
        "dependencies": project.get("dependencies", []),
        "optional-dependencies": project.get("optional-dependencies", {}),
        "requires-python": project.get("requires-python", ""),
    }
    if legacy:
        dump["dev-dependencies"] = settings.get("dev-dependencies", {})
        dump["overrides"] = resolution.get("overrides", {})
    else:
        dump["dev-dependencies"] = _pdm_dev_dependencies(pyproject, settings)
        dump["resolution"] = resolution
    _check_jsonable(dump, "pyproject")
    hasher = _new_hasher(algo)
    hasher.update(_dumps(dump).encode("utf-8"))
    return f"{algo}:{hasher.hexdigest()}"


def _split_hash(value: str) -> tuple[str, str]:
    algo, sep, digest = value.rpartition(":")
    return (algo if sep else "sha256"), digest


def pdm_workspace_hash(root_hash: str, members: Sequence[tuple[str, str]]) -> str:
    """The hash PDM >= 2.28.1 writes for a workspace root.

    *root_hash* is the root's ``pdm_content_hash``; *members* pairs each member's path relative
    to the root (POSIX separators, as PDM globs it from ``[tool.pdm.workspace] members``) with
    its ``pdm_content_hash``. The digest is taken over the root's hex digest, then for each
    member in path order ``\\0`` + path + ``\\0`` + its hex digest. A root whose members list is
    empty still gets this combined form. Returns ``"<algo>:<hex>"``.
    """
    algo, root_hex = _split_hash(root_hash)
    hasher = _new_hasher(algo)
    hasher.update(root_hex.encode("utf-8"))
    for path, member_hash in sorted(members, key=lambda member: member[0]):
        member_algo, member_hex = _split_hash(member_hash)
        if member_algo != algo:
            raise LockHashError(f"Expected {algo} hashes for every member, found {member_algo}")
        hasher.update(b"\0" + path.encode("utf-8") + b"\0" + member_hex.encode("utf-8"))
    return f"{algo}:{hasher.hexdigest()}"


def _pdm_lock_compatible(lock_version: Any) -> bool:
    """``PDMLock.compatibility() != Compatibility.NONE``."""
    if not lock_version:
        return False
    from reqhooks import _pepfast

    release = _pepfast.release(str(lock_version))
    if release is not None:  # N.N.N[(a|b|rc)N]: no need for packaging
        minor = release[1] if len(release) > 1 else 0
        return release[0] == _PDM_LOCK_MAJOR and minor <= _PDM_LOCK_MAX_MINOR
    from packaging.version import Version

    try:
        version = Version(str(lock_version))
    except ValueError as e:  # InvalidVersion, or a number too long for int()
        raise LockHashError(f"Expected a version as lock_version, found {lock_version!r}") from e
    return version.major == _PDM_LOCK_MAJOR and version.minor <= _PDM_LOCK_MAX_MINOR


def pdm_is_fresh(
    pyproject: Mapping[str, Any],
    lock_metadata: Mapping[str, Any],
    *,
    members: Sequence[tuple[str, Mapping[str, Any]]] = (),
    accept_legacy: bool = False,
) -> bool | None:
    """Whether ``pdm lock --check`` (PDM 2.29) accepts the lock, from its ``[metadata]`` table.

    ``None`` when the lock records ``lock_inputs``: PDM then ignores the hash and compares a
    resolved snapshot of the inputs instead, which cannot be decided from the pyproject alone.
    For a workspace root (a non-empty ``[tool.pdm.workspace]``) pass the members as
    ``(relative posix path, parsed pyproject)`` pairs. ``accept_legacy`` also accepts the hash
    of PDM < 2.16, which PDM itself does not.
    """
    if not _pdm_lock_compatible(lock_metadata.get("lock_version", "")):
        return False
    if "lock_inputs" in lock_metadata:
        return None
    settings = _table(_table(pyproject, "tool", "tool"), "pdm", "tool.pdm")
    resolution = _table(settings, "resolution", "tool.pdm.resolution")
    if resolution.get("lock_inputs") is True:
        return False  # the project wants lock inputs and this lock has none
    stored = lock_metadata.get("content_hash", "")
    if not isinstance(stored, str):
        return False
    algo, sep, digest = stored.partition(":")
    if not sep or not digest:
        return False

    def combined(*, legacy: bool) -> str:
        own = pdm_content_hash(pyproject, algo, legacy=legacy)
        if not settings.get("workspace"):
            return own
        return pdm_workspace_hash(
            own, [(path, pdm_content_hash(data, algo, legacy=legacy)) for path, data in members]
        )

    if combined(legacy=False) == stored:
        return True
    return accept_legacy and combined(legacy=True) == stored


# -- pipenv ------------------------------------------------------------------------------

_PIPFILE_NOT_CATEGORIES: Final = frozenset(
    {"source", "packages", "dev-packages", "requires", "scripts", "pipfile", "pipenv"}
    | {"default", "develop"}
)
# plette.pipfiles.DEFAULT_SOURCE_TOML, prepended to the Pipfile text when it has no [[source]].
_PIPFILE_DEFAULT_SOURCE: Final[Mapping[str, Any]] = {
    "name": "pypi",
    "url": "https://pypi.org/simple",
    "verify_ssl": True,
}


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _pipfile_with_source(pipfile: Mapping[str, Any]) -> dict[str, Any]:
    """The Pipfile as plette loads it: with the default source when it declares none.

    plette prepends the ``[[source]]`` text, so top-level keys written before the first table
    header land in that source table. Plain values and arrays of values can only have been
    written there; an inline table or array of inline tables cannot be told apart from a
    ``[table]`` header in parsed data and is taken to be one.
    """
    data = dict(pipfile)
    if "source" in data:
        return data
    source = dict(_PIPFILE_DEFAULT_SOURCE)
    for key, value in pipfile.items():
        if isinstance(value, Mapping) or _is_table_array(value):
            continue
        if key in source:
            raise LockHashError(f"Expected no top-level {key!r} in a Pipfile without [[source]]")
        source[key] = data.pop(key)
    data["source"] = [source]
    return data


def _canonical_keys(section: Any, where: str) -> dict[str, Any]:
    if not isinstance(section, Mapping):
        raise LockHashError(f"Expected a table at {where}, found {type(section).__name__}")
    return {_normalize_name(name): value for name, value in section.items()}


def pipfile_hash(pipfile: Mapping[str, Any], *, canonical_names: bool = True) -> str:
    """The ``_meta.hash.sha256`` pipenv writes to Pipfile.lock for *pipfile* (sha256 hex).

    With ``canonical_names`` (pipenv >= 2026.4.0) package names are PEP 503-normalised first;
    without, they are hashed as written, as older pipenv and plette did.
    """
    raw = _pipfile_with_source(pipfile)
    section: Any = (lambda value, _where: value) if not canonical_names else _canonical_keys
    data: dict[str, Any] = {
        "_meta": {"sources": raw["source"], "requires": raw.get("requires", {})},
        "default": section(raw.get("packages", {}), "packages"),
        "develop": section(raw.get("dev-packages", {}), "dev-packages"),
    }
    for category, values in raw.items():
        if category not in _PIPFILE_NOT_CATEGORIES:
            data[category] = section(values, category)
    _check_jsonable(data, "Pipfile", bool_in_array=False)
    content = _dumps(data, compact=True)
    return sha256(content.encode("utf-8")).hexdigest()


def pipfile_is_fresh(pipfile: Mapping[str, Any], lock_meta_hash: str | None) -> bool:
    """Whether *lock_meta_hash* (``_meta.hash.sha256``) matches *pipfile*.

    Both the canonical-name hash (what ``pipenv verify`` compares) and the verbatim-name hash
    (locks written by pipenv < 2026.4.0) are accepted; they can only differ when the Pipfile
    spells a name non-canonically, and then the verbatim one is what the old lock holds.
    """
    if not lock_meta_hash:
        return False
    if pipfile_hash(pipfile) == lock_meta_hash:
        return True
    return pipfile_hash(pipfile, canonical_names=False) == lock_meta_hash
