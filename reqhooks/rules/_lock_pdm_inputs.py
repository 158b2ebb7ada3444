"""pdm.lock in PDM's "lock inputs" mode (``[metadata.lock_inputs]``, PDM >= 2.28.1).

Such a lock records no hash but a snapshot of its inputs, and ``pdm lock --check`` compares
the snapshot (``pdm/project/lockfile/freshness.py``, ``lock_inputs_match``): per group the
requirements with their version specifiers removed (``idna``, ``exceptiongroup;
python_version < "3.11"``), the Python range, ``[tool.pdm.resolution]`` and the sources; and
then checks that every locked version still satisfies its requirement's specifier.  So
tightening ``idna>=3.0`` to ``idna>=3.5`` is not drift while 3.20 is locked, but respelling
the name (``IDNA``) is.

Mirrored here: named requirements (name as written, extras, marker as packaging renders it),
group names, ``requires-python``, resolution and sources, workspace members' names and
versions, and the specifier check against the locked versions of the group.  URL and path
requirements are recorded as opaque fingerprints: they are compared only by count, so that
adding or removing one is drift but editing one in place is not seen.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from reqhooks._hash import sha256
from reqhooks.findings import Finding
from reqhooks.rules import _lock_common as common
from reqhooks.rules import _lock_norm as norm

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from reqhooks.model import LockFile, Project, Pyproject, Requirement

_URL: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
# PDM's normalize_name(name, lowercase=False): every other run of characters, dots too.
_SAFE_NAME: Final = re.compile(r"[^A-Za-z0-9]+")
_OPAQUE: Final = "url-sha256:"
_EXTRAS: Final = re.compile(r"\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*\[([^\]]*)\]")
_COMMAND: Final = "pdm lock"


def check(
    project: Project, pp: Pyproject, lock: LockFile, members: list[tuple[str, Pyproject]]
) -> Iterator[Finding]:
    locked = common.table(common.table(lock.data.get("metadata")).get("lock_inputs"))
    lock_name = common.name_of(lock.doc)
    related = (lock.doc.path,)
    recorded = common.table(locked.get("project"))
    yield from _project(pp, recorded, lock, ("metadata", "lock_inputs", "project"))
    workspace = common.table(locked.get("workspace"))
    current = {rel for rel, _ in members}
    for rel, member in members:
        entry = workspace.get(rel)
        if not isinstance(entry, dict):
            yield Finding.at(
                "LCK002",
                common.toml_loc(member.doc, member.index, ("project", "name")),
                f"workspace member {rel} is not in the inputs {lock_name} records; "
                f"run `{_COMMAND}`",
                related=related,
            )
            continue
        yield from _project(member, entry, lock, ("metadata", "lock_inputs", "workspace", rel))
        package = common.table(entry.get("package"))
        project_table = common.project_table(member)
        for key in ("name", "version"):
            value = project_table.get(key, "")
            if package and package.get(key, "") != value:
                yield Finding.at(
                    "LCK001",
                    common.toml_loc(member.doc, member.index, ("project", key)),
                    f"{key} {value!s} differs from {package.get(key)!s} recorded in {lock_name}'s "
                    f"lock inputs; run `{_COMMAND}`",
                    related=related,
                )
    for rel in sorted(set(workspace) - current):
        yield Finding.at(
            "LCK004",
            common.toml_loc(lock.doc, lock.index, ("metadata", "lock_inputs", "workspace", rel)),
            f"{lock_name} still records workspace member {rel}, which is no longer in the "
            f"workspace; run `{_COMMAND}`",
            related=(pp.doc.path,),
            severity="error",  # with no hash, this difference alone makes the lock stale
        )


def _project(
    pp: Pyproject, recorded: dict[str, Any], lock: LockFile, where: tuple[str, ...]
) -> Iterator[Finding]:
    lock_name = common.name_of(lock.doc)
    related = (lock.doc.path,)
    # requires-python, rendered as PDM's PySpecSet does.
    decl = pp.requires_python
    current_python = _render_python(decl.value if decl is not None else "")
    recorded_python = recorded.get("requires-python", "")
    if current_python != recorded_python:
        loc = (
            decl.loc
            if decl is not None
            else common.toml_loc(pp.doc, pp.index, ("project",), key=True)
        )
        yield Finding.at(
            "LCK005",
            loc,
            f"requires-python {current_python or '(none)'} differs from {recorded_python or '(none)'} "
            f"in {lock_name}; run `{_COMMAND}`",
            related=related,
        )
    settings = pp.tool("pdm")
    resolution = dict(common.table(settings.get("resolution")))
    resolution.pop("lock_inputs", None)
    if _sanitize(_builtin(resolution)) != recorded.get("resolution", {}):
        yield Finding.at(
            "LCK001",
            common.toml_loc(pp.doc, pp.index, ("tool", "pdm", "resolution"), key=True),
            f"[tool.pdm.resolution] differs from the settings {lock_name} records; run `{_COMMAND}`",
            related=related,
        )
    if _sources(common.array(settings.get("source"))) != recorded.get("sources", []):
        yield Finding.at(
            "LCK001",
            common.toml_loc(pp.doc, pp.index, ("tool", "pdm", "source"), key=True),
            f"[[tool.pdm.source]] differs from the sources {lock_name} records; run `{_COMMAND}`",
            related=related,
        )
    yield from _groups(pp, common.table(recorded.get("groups")), lock, where)


def _groups(
    pp: Pyproject, recorded: dict[str, Any], lock: LockFile, where: tuple[str, ...]
) -> Iterator[Finding]:
    from reqhooks.readers.pyproject import canonical_name

    lock_name = common.name_of(lock.doc)
    related = (lock.doc.path,)
    current = _current_groups(pp)
    recorded_keys = {canonical_name(k): k for k in recorded}
    python = lock.requires_python
    by_name = lock.by_name()
    # The version check takes [tool.pdm.resolution]: an override's specifier in place of the
    # requirement's, and no check for an excluded name (PDM's `_effective_requirement`).
    resolution = common.table(pp.tool("pdm").get("resolution"))
    overrides = {
        canonical_name(str(k)): (str(k), v)
        for k, v in common.table(resolution.get("overrides")).items()
    }
    excludes = {
        canonical_name(n) for n in common.array(resolution.get("excludes")) if isinstance(n, str)
    }
    for group, reqs in current.items():
        key = recorded_keys.get(group)
        lines = (
            [line for line in common.array(recorded.get(key)) if isinstance(line, str)]
            if key
            else []
        )
        # PDM compares each group's lines as a sorted list: a name may be recorded twice
        # (under two markers, or in two tables of the same group).
        named: dict[str, list[str]] = {}
        for written in lines:
            if not written.startswith(_OPAQUE):
                named.setdefault(_name_of_line(written), []).append(written)
        opaque = sum(1 for line in lines if line.startswith(_OPAQUE))
        if key is None:
            for req in reqs:
                yield _missing(req, lock, f"group {group}")
            continue
        seen_opaque = 0
        for req in reqs:
            line = _line(req)
            if line is None:
                seen_opaque += 1
                continue
            recorded_lines = named.get(canonical_name(req.name))
            if not recorded_lines:
                if req.marker and recorded_lines is not None:
                    # The name is recorded, under another marker: say which line is missing.
                    yield Finding.at(
                        "LCK002",
                        req.loc,
                        f"{line} is not among the lines {lock_name} records for group "
                        f"{group}; run `{_COMMAND}`",
                        package=req.name,
                        related=related,
                    )
                else:
                    yield _missing(req, lock, "lock inputs")
                continue
            locked_line = recorded_lines.pop(
                recorded_lines.index(line) if line in recorded_lines else 0
            )
            if locked_line != line:
                yield Finding.at(
                    "LCK001",
                    req.loc,
                    f"{line} is recorded as {locked_line} in {lock_name}'s lock inputs; "
                    f"run `{_COMMAND}`",
                    package=req.name,
                    related=related,
                )
                continue
            specifier: str | None = req.specifier
            where_specified = req.spec_loc or req.loc
            if req.name in excludes:
                continue
            if req.name in overrides:
                written, override = overrides[req.name]
                if not isinstance(override, str) or _URL.search(override) or "/" in override:
                    continue  # a URL or path: which files PDM takes is not decided here
                specifier = "" if override.strip() in ("", "*") else override
                where_specified = common.toml_loc(
                    pp.doc, pp.index, ("tool", "pdm", "resolution", "overrides", written)
                )
            if not specifier or not norm.possible(req.marker, python):
                continue
            packages = [
                p
                for p in by_name.get(req.name, ())
                if (not p.groups or group in p.groups) and p.version is not None
            ]
            bad = [p for p in packages if common.satisfied(specifier, p.version) is False]
            if bad:
                versions = ", ".join(dict.fromkeys(str(p.version) for p in bad))
                wanted = (
                    common.describe_requirement(req)
                    if specifier == req.specifier
                    else f"{req.name}{specifier} (its override in [tool.pdm.resolution])"
                )
                yield Finding.at(
                    "LCK003",
                    where_specified,
                    f"{req.name} {versions} in {lock_name} does not satisfy {wanted}; "
                    f"run `{_COMMAND}`",
                    package=req.name,
                    related=related,
                )
        for left_line in itertools.chain.from_iterable(named.values()):
            yield Finding.at(
                "LCK004",
                common.toml_loc(lock.doc, lock.index, (*where, "groups", key), key=True),
                f"{lock_name} still records {left_line} in group {group}, which "
                f"{pp.doc.path.name} no longer declares; run `{_COMMAND}`",
                related=(pp.doc.path,),
                severity="error",
            )
        if seen_opaque != opaque:
            yield Finding.at(
                "LCK001",
                common.toml_loc(pp.doc, pp.index, ("project",), key=True),
                f"the URL and path requirements of group {group} differ from those "
                f"{lock_name} records; run `{_COMMAND}`",
                related=related,
            )
    for group in sorted(set(recorded_keys) - set(current)):
        yield Finding.at(
            "LCK004",
            common.toml_loc(
                lock.doc, lock.index, (*where, "groups", recorded_keys[group]), key=True
            ),
            f"{lock_name} still records group {group}, which {pp.doc.path.name} no longer "
            f"declares; run `{_COMMAND}`",
            related=(pp.doc.path,),
            severity="error",  # with no hash, this difference alone makes the lock stale
        )


def _missing(req: Requirement, lock: LockFile, where: str) -> Finding:
    return Finding.at(
        "LCK002",
        req.loc,
        f"{common.describe_requirement(req)} is not in {common.name_of(lock.doc)} ({where}); "
        f"run `{_COMMAND}`",
        package=req.name,
        related=(lock.doc.path,),
    )


def _current_groups(pp: Pyproject) -> dict[str, list[Requirement]]:
    """Each group's requirements as PDM resolves them: includes and self-extras expanded."""
    from reqhooks.readers.pyproject import canonical_name, group_requirements

    own = common.project_name(pp)
    direct: dict[str, list[Requirement]] = {"default": []}
    for req in pp.requirements:
        if req.kind == "project":
            direct["default"].append(req)
        elif (
            req.kind == "optional"
            and req.group is not None
            or req.kind == "pdm-dev"
            and req.group is not None
        ):
            direct.setdefault(canonical_name(req.group), []).append(req)
    groups = common.table(pp.data.get("dependency-groups"))
    for group in groups:
        direct.setdefault(canonical_name(group), []).extend(group_requirements(pp, group))
    for extra in common.table(common.project_table(pp).get("optional-dependencies")):
        direct.setdefault(canonical_name(extra), [])

    def expand(group: str, stack: tuple[str, ...]) -> list[Requirement]:
        out: list[Requirement] = []
        for req in direct.get(group, []):
            if own is not None and req.name == own and not req.url:
                for extra in req.extras:
                    if extra not in stack:
                        out.extend(expand(extra, (*stack, extra)))
                continue
            out.append(req)
        return out

    return {group: expand(group, (group,)) for group in direct}


def _line(req: Requirement) -> str | None:
    """PDM's ``_requirement_input`` for a named requirement; None for URL and path ones."""
    if req.url or req.editable:
        return None
    name = _SAFE_NAME.sub("-", _written_name(req))
    written = _written_extras(req)
    extras = f"[{','.join(sorted(written))}]" if written else ""
    marker = ""
    if req.marker:
        from reqhooks import _pep

        parsed = _pep.marker(req.marker)
        marker = f"; {parsed if parsed is not None else req.marker}"
    return f"{name}{extras}{marker}"


def _written_extras(req: Requirement) -> set[str] | tuple[str, ...]:
    """The extras as written (PDM records them so, sorted: ``[Dummy]`` is not ``[dummy]``)."""
    if not req.extras:
        return ()
    m = _EXTRAS.match(req.text)
    if m is None:
        return req.extras
    return {e.strip() for e in m.group(1).split(",") if e.strip()}


def _written_name(req: Requirement) -> str:
    if req.name_loc is not None:
        return req.name_loc.text()
    return req.name


def _name_of_line(line: str) -> str:
    from reqhooks.readers.pyproject import canonical_name

    m = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
    return canonical_name(m.group()) if m else line


def _render_python(text: str) -> str:
    """``str(PySpecSet(text))``: the clauses, each as packaging writes it, sorted."""
    from reqhooks import _pep

    if not text.strip():
        return ""
    spec = _pep.specifier_set(text)
    if spec is None:
        return text
    return ",".join(sorted({str(clause) for clause in spec}))  # a clause written twice, once


def _fingerprint(value: str) -> str:
    return "sha256:" + sha256(value.encode("utf-8")).hexdigest()


def _builtin(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _builtin(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_builtin(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _sanitize(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sanitize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_sanitize(v) for v in value]
    if isinstance(value, str) and _URL.search(value):
        return _fingerprint(value)
    return value


def _json_copy(value: Any) -> Any:
    """``json.loads(json.dumps(value))``, the form PDM compares, without importing json (~2 ms).

    TOML data with its dates already strings comes back from that round trip as an equal copy
    with tuples turned into lists, so that copy is made here; anything else (a float, a
    subclass, a non-string key, a cycle) takes the real round trip, its result and exceptions.
    """
    try:
        return _plain_copy(value)
    except (TypeError, RecursionError):
        import json

        return json.loads(json.dumps(value))


def _plain_copy(value: Any) -> Any:
    """The round trip of ``_json_copy`` for exact str, int, bool, None, list, tuple and dict."""
    kind = type(value)
    if kind is dict and all(type(key) is str for key in value):
        return {key: _plain_copy(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [_plain_copy(item) for item in value]
    if kind is str or kind is bool or value is None or (kind is int and value.bit_length() <= 64):
        return value  # past 64 bits json may refuse the integer (sys.set_int_max_str_digits)
    raise TypeError(f"not plain JSON data: {kind.__name__}")


def _sources(sources: list[Any]) -> list[Any]:
    out: list[Any] = []
    for source in sources:
        if not isinstance(source, dict):
            out.append(source)
            continue
        item = dict(_builtin(source))
        item.pop("username", None)
        item.pop("password", None)
        if item.get("url"):
            item["url"] = _fingerprint(str(item["url"]))
        for key in ("include_packages", "exclude_packages"):
            if isinstance(item.get(key), list):
                item[key] = sorted(item[key])
        out.append(_sanitize(item))
    result: list[Any] = _json_copy(out)
    return result
