"""Which Pythons and platforms a project targets.

As the contract says: ``--target-python`` / ``target-python`` when given; otherwise the
deployment pins the repository declares (``.python-version``, ``runtime.txt``, Dockerfile
``FROM python:X``, ``.tool-versions``, ``render.yaml``) plus the project's
``requires-python`` (or Poetry's ``python``, or the Pipfile's) intersected with the CPython
minors that are released and not end-of-life on the day of the run.

When the declared range leaves no supported minor (``requires-python = "<3.10"`` in 2026)
and nothing is pinned, the targets are the released minors the range allows, end-of-life or
not: the project still runs there, and checking nothing would hide every problem.
"""

from __future__ import annotations

import functools

from reqhooks._record import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Final

    from packaging.specifiers import SpecifierSet

    from reqhooks.model import Project, PythonDecl
    from reqhooks.settings import Settings

Minor = tuple[int, int]

DEPLOYMENT_SOURCES: Final = frozenset(
    {".python-version", "runtime.txt", "Dockerfile", ".tool-versions", "render.yaml"}
)
RANGE_SOURCES: Final = ("requires-python", "poetry", "Pipfile")

_setattr = object.__setattr__


class Targets(Frozen):
    """The Pythons and platforms a project is checked for (a frozen record)."""

    __slots__ = ("pythons", "platforms", "explicit", "deployment", "range", "origin")  # noqa: RUF023 - field order

    pythons: tuple[Minor, ...]  # sorted
    platforms: tuple[str, ...]
    explicit: bool  # given by --target-python / target-python
    deployment: tuple[Minor, ...]  # minors pinned by deployment files
    range: str | None  # the project's declared requires-python (PEP 440), if any
    origin: str  # how they were chosen, for messages

    def __init__(
        self,
        pythons: tuple[Minor, ...],
        platforms: tuple[str, ...],
        explicit: bool,
        deployment: tuple[Minor, ...],
        range: str | None,
        origin: str,
    ) -> None:
        _setattr(self, "pythons", pythons)
        _setattr(self, "platforms", platforms)
        _setattr(self, "explicit", explicit)
        _setattr(self, "deployment", deployment)
        _setattr(self, "range", range)
        _setattr(self, "origin", origin)

    def describe(self) -> str:
        return ", ".join(f"{a}.{b}" for a, b in self.pythons)

    def declared(self) -> tuple[Minor, ...]:
        """The targets plus every minor (3.x, up to the newest the table knows) that the
        declared range still allows: a library that supports an end-of-life Python keeps its
        markers and backports for it.  Explicit targets are taken as they are."""
        if self.range is None or self.explicit:
            return self.pythons
        from reqhooks.data import cpython

        newest = cpython.RELEASES[-1].minor
        allowed = {(3, m) for m in range(newest[1] + 1) if minor_in_range((3, m), self.range)}
        return tuple(sorted(allowed | set(self.pythons)))

    def environments(self) -> Iterator[tuple[Minor, str]]:
        """Every (Python, platform) pair, Pythons first."""
        for python in self.pythons:
            for platform in self.platforms:
                yield python, platform


@functools.lru_cache(maxsize=256)
def minor_in_range(minor: Minor, specifier: str) -> bool:
    """Whether some release of ``minor`` satisfies ``specifier`` (e.g. 3.10 is in ``>=3.10.4``).

    An empty or unparsable specifier allows everything (the reader reports a bad one).
    """
    if not specifier.strip():
        return True
    from reqhooks import _pepfast

    major, mnr = minor
    clauses = _pepfast.specifiers(specifier)
    if isinstance(clauses, str):  # INVALID
        return True  # as specifier_set() below gives None
    if clauses is not None and type(major) is int and type(mnr) is int and major >= 0 and mnr >= 0:
        return _pepfast.any_release(clauses, major, mnr)
    from reqhooks._pep import specifier_set

    spec = specifier_set(specifier)
    if spec is None:
        return True
    # Patch releases stop before 30; .0 pre-releases count (3.13.0rc1 is "3.13").
    try:
        return _any_release(spec, major, mnr)
    except ValueError:  # a clause whose number is too long for int(): the reader reports it
        return True


def _any_release(spec: SpecifierSet, major: int, mnr: int) -> bool:
    return any(
        spec.contains(f"{major}.{mnr}.{patch}", prereleases=True) for patch in range(31)
    ) or any(
        spec.contains(f"{major}.{mnr}.0{pre}", prereleases=True) for pre in ("a1", "b1", "rc1")
    )


def declared_range(project: Project) -> PythonDecl | None:
    """The declaration whose range the project's targets come from: ``requires-python``
    first, then Poetry's ``python``, then the Pipfile's ``[requires]``."""
    for source in RANGE_SOURCES:
        for decl in project.pythons:
            if decl.source == source and decl.specifier is not None:
                return decl
    return None


def deployment_pins(project: Project) -> list[PythonDecl]:
    """The Pythons the project's deployment files pin: every ``FROM`` stage of a Dockerfile,
    but only the first (default) version of a ``.python-version`` or ``.tool-versions`` file;
    pyenv and asdf install the others next to it for tools, not to run the project on."""
    out: list[PythonDecl] = []
    seen_defaults: set[object] = set()
    for decl in sorted(project.pythons, key=lambda d: (str(d.loc.doc.path), d.loc.start)):
        if decl.source not in DEPLOYMENT_SOURCES or decl.version is None or len(decl.version) < 2:
            continue
        if decl.source in (".python-version", ".tool-versions"):
            if decl.loc.doc.path in seen_defaults:
                continue
            seen_defaults.add(decl.loc.doc.path)
        out.append(decl)
    return out


def deployment_minors(project: Project) -> tuple[Minor, ...]:
    """The minors the project's deployment files pin, sorted."""
    return tuple(
        sorted({(d.version[0], d.version[1]) for d in deployment_pins(project) if d.version})
    )


def compute(project: Project, settings: Settings) -> Targets:
    from reqhooks.data import cpython

    platforms = tuple(settings.platforms)
    deployment = deployment_minors(project)
    rng = declared_range(project)
    spec = rng.specifier if rng is not None else None
    if settings.target_python:
        return Targets(
            tuple(sorted(set(settings.target_python))),
            platforms,
            True,
            deployment,
            spec,
            "--target-python / target-python",
        )
    in_range = tuple(
        m for m in cpython.supported(settings.today) if spec is None or minor_in_range(m, spec)
    )
    origin = []
    if deployment:
        origin.append("deployment files")
    if spec is not None and rng is not None:
        origin.append(f"{rng.source} {spec} on supported CPythons")
    else:
        origin.append("supported CPythons")
    if not in_range and spec is not None and not deployment:
        # The range excludes every supported CPython: target what it allows that is out,
        # else (a range of future Pythons only) what the table knows of.
        allowed = [r.minor for r in cpython.RELEASES if minor_in_range(r.minor, spec)]
        released = [m for m in allowed if cpython.status(m, settings.today) != "unreleased"]
        in_range = tuple(released or allowed)
    pythons = tuple(sorted(set(deployment) | set(in_range)))
    return Targets(pythons, platforms, False, deployment, spec, " + ".join(origin))
