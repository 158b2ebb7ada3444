"""Which Pythons and platforms a project targets.

As the contract says: ``--target-python`` / ``target-python`` when given; otherwise the
deployment pins the repository declares (``.python-version``, ``runtime.txt``, Dockerfile
``FROM python:X``, ``.tool-versions``, ``render.yaml``) plus the project's
``requires-python`` (or Poetry's ``python``, or the Pipfile's) intersected with the CPython
minors that are released and not end-of-life on the day of the run.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from reqhooks.model import Project, PythonDecl
    from reqhooks.settings import Settings

Minor = tuple[int, int]

DEPLOYMENT_SOURCES: Final = frozenset(
    {".python-version", "runtime.txt", "Dockerfile", ".tool-versions", "render.yaml"}
)
RANGE_SOURCES: Final = ("requires-python", "poetry", "Pipfile")


@dataclass(frozen=True)
class Targets:
    pythons: tuple[Minor, ...]  # sorted
    platforms: tuple[str, ...]
    explicit: bool  # given by --target-python / target-python
    deployment: tuple[Minor, ...]  # minors pinned by deployment files
    range: str | None  # the project's declared requires-python (PEP 440), if any
    origin: str  # how they were chosen, for messages

    def describe(self) -> str:
        return ", ".join(f"{a}.{b}" for a, b in self.pythons)


@functools.lru_cache(maxsize=256)
def minor_in_range(minor: Minor, specifier: str) -> bool:
    """Whether some release of ``minor`` satisfies ``specifier`` (e.g. 3.10 is in ``>=3.10.4``)."""
    if not specifier.strip():
        return True
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        spec = SpecifierSet(specifier)
    except InvalidSpecifier:
        return True
    major, mnr = minor
    return any(spec.contains(f"{major}.{mnr}.{patch}", prereleases=True) for patch in range(0, 31))


def declared_range(project: Project) -> PythonDecl | None:
    for source in RANGE_SOURCES:
        for decl in project.pythons:
            if decl.source == source and decl.specifier is not None:
                return decl
    return None


def compute(project: Project, settings: Settings) -> Targets:
    from reqhooks.data import cpython

    platforms = settings.platforms
    deployment = tuple(
        sorted(
            {
                (d.version[0], d.version[1])
                for d in project.pythons
                if d.source in DEPLOYMENT_SOURCES and d.version is not None and len(d.version) >= 2
            }
        )
    )
    rng = declared_range(project)
    spec = rng.specifier if rng is not None else None
    if settings.target_python:
        return Targets(
            tuple(settings.target_python), platforms, True, deployment, spec, "--target-python / target-python"
        )
    supported = cpython.supported(settings.today)
    in_range = tuple(m for m in supported if spec is None or minor_in_range(m, spec))
    origin_parts = []
    if deployment:
        origin_parts.append("deployment files")
    if spec is not None:
        origin_parts.append(f"{rng.source if rng else 'requires-python'} {spec} on supported CPythons")
    else:
        origin_parts.append("supported CPythons")
    if not in_range and spec is not None and not deployment:
        # requires-python excludes every supported CPython: target what it allows.
        in_range = tuple(r.minor for r in cpython.RELEASES if minor_in_range(r.minor, spec)
                         and cpython.status(r.minor, settings.today) != "unreleased")
    pythons = tuple(sorted(set(deployment) | set(in_range)))
    return Targets(pythons, platforms, False, deployment, spec, " + ".join(origin_parts))
