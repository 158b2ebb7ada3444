"""PIN006: a pinned or locked version that its index has yanked (PEP 592).

A version is yanked when every file of it on the index is yanked; pip then installs it only
because a pin names it exactly, and says so with a warning that nobody reads in CI.  The
index is asked (online runs only, through ``ctx.index()``) about every ``==``/``===`` pin
of the project and every version its locks hold from a registry, each on the index it comes
from: the requirements file's own ``--index-url``/``--extra-index-url``, the registry a
uv.lock, poetry.lock, Pipfile.lock or pylock.toml names, else the default index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from reqhooks._record import Frozen
from reqhooks.findings import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Final, Protocol

    from reqhooks.engine import Context
    from reqhooks.model import Loc, Project, Requirement

    class _File(Protocol):
        @property
        def filename(self) -> str: ...

        @property
        def version(self) -> str | None: ...

        @property
        def yanked(self) -> str | None: ...

    class _Index(Protocol):
        """What PIN006 needs from ``ctx.index()`` (:class:`reqhooks.index.IndexClient`)."""

        def requirement_indexes(
            self, project: Project
        ) -> Iterable[tuple[Requirement, tuple[str, ...] | None]]: ...

        def prefetch(
            self, names: Iterable[str], index_urls: Sequence[str] | None = ...
        ) -> None: ...

        def files(
            self, name: str, index_urls: Sequence[str] | None = ...
        ) -> Sequence[_File] | None: ...


__all__ = ["check_yanked", "yank_reason"]

#: How to move a lock off one package's version, by lock format.
_RELOCK: Final = {
    "poetry": "run `poetry update {name}`",
    "uv": "run `uv lock --upgrade-package {name}`",
    "pdm": "run `pdm update {name}`",
    "pipfile": "run `pipenv update {name}`",
}
_REASON_LIMIT: Final = 200
_SPACES: Final = re.compile(r"\s+")


class _Subject(Frozen):
    __slots__ = ("name", "version", "arbitrary", "loc", "index_urls", "relock")

    name: str
    version: str
    arbitrary: bool  # ``===``: the version string itself, not PEP 440 equality
    loc: Loc
    index_urls: tuple[str, ...] | None  # None: the default indexes
    relock: str | None  # None for a requirement, advice for a lock entry

    def __init__(
        self,
        name: str,
        version: str,
        arbitrary: bool,
        loc: Loc,
        index_urls: tuple[str, ...] | None,
        relock: str | None,
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "version", version)
        object.__setattr__(self, "arbitrary", arbitrary)
        object.__setattr__(self, "loc", loc)
        object.__setattr__(self, "index_urls", index_urls)
        object.__setattr__(self, "relock", relock)


def check_yanked(project: Project, ctx: Context) -> Iterator[Finding]:
    """PIN006 for one project; nothing unless the run is online."""
    index: _Index | None = ctx.index()
    if index is None:
        return
    subjects = _subjects(project, index)
    groups: dict[tuple[str, ...] | None, list[str]] = {}
    for s in subjects:
        groups.setdefault(s.index_urls, []).append(s.name)
    for urls, names in groups.items():
        index.prefetch(names, urls)
    for s in subjects:
        files = index.files(s.name, s.index_urls)
        if not files:
            continue  # None: the index cannot say; []: it does not know the project
        reason = yank_reason(files, s.version, arbitrary=s.arbitrary)
        if reason is None:
            continue
        why = f'(reason: "{reason}")' if reason else "(no reason given)"
        if s.relock is None:
            fix = "pin a release that is not yanked"
        else:
            fix = f"lock a release that is not yanked: {s.relock}"
        yield Finding.at(
            "PIN006",
            s.loc,
            f"{s.name} {s.version} is yanked from the index {why}; {fix}",
            package=s.name,
        )


def yank_reason(files: Iterable[_File], version: str, *, arbitrary: bool = False) -> str | None:
    """The yank reason ("" when none is given) if every file of ``version`` is yanked;
    None when one is not, or when the index has no file of it."""
    from reqhooks._pep import contains

    verdicts: dict[str, bool] = {}
    matching = []
    for f in files:
        if f.version is None:
            continue
        if f.version not in verdicts:
            verdict = None if arbitrary else contains(f"=={version}", f.version)
            if verdict is None:  # ``===``, or a version PEP 440 cannot parse
                verdict = f.version.lower() == version.lower()
            verdicts[f.version] = verdict
        if verdicts[f.version]:
            matching.append(f)
    if not matching or any(f.yanked is None for f in matching):
        return None
    reason = next((f.yanked for f in matching if f.yanked), "")
    return _clean(reason or "")


def _clean(reason: str) -> str:
    from reqhooks._mask import mask_secrets

    text = mask_secrets(_SPACES.sub(" ", reason).strip())
    if len(text) > _REASON_LIMIT:
        text = text[: _REASON_LIMIT - 3].rstrip() + "..."
    return text.replace('"', "'")


# -- what to ask about -----------------------------------------------------------------


def _subjects(project: Project, index: _Index) -> list[_Subject]:
    out: list[_Subject] = []
    seen: set[tuple[Path, int]] = set()

    def add(subject: _Subject) -> None:
        key = (subject.loc.doc.path, subject.loc.start)
        if key not in seen:
            seen.add(key)
            out.append(subject)

    from reqhooks.index import lock_indexes

    for req, urls in index.requirement_indexes(project):
        if req.url is None and req.pinned_version is not None:
            add(_pin(req.name, req.specifier, req.loc, urls))
    for lock in project.locks:
        registries = lock_indexes(lock)
        advice = _RELOCK.get(lock.kind, f"regenerate {lock.doc.path.name}")
        for pkg in lock.packages:
            if pkg.version is None or pkg.source not in (None, "registry"):
                continue
            add(
                _Subject(
                    pkg.name,
                    pkg.version,
                    False,
                    pkg.version_loc or pkg.loc,
                    registries.get((pkg.name, pkg.version)),
                    advice.format(name=pkg.name),
                )
            )
    return out


def _pin(name: str, specifier: str, loc: Loc, urls: tuple[str, ...] | None) -> _Subject:
    spec = specifier.strip()
    arbitrary = spec.startswith("===")
    return _Subject(name, spec.lstrip("=").strip(), arbitrary, loc, urls, None)
