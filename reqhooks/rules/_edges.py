"""Where a dependency edge of a lock leads, shared by the walks of the backports and
Python-compatibility rules (each walks the lock once for every target environment at once,
environments as the bits of an int)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reqhooks.model import LockedDep, LockedPackage


def targets(
    dep: LockedDep,
    live: int,
    candidates: Sequence[int],
    packages: Sequence[LockedPackage],
    in_fork: Callable[[int], int],
) -> list[tuple[int, int]]:
    """The packages (indexes into ``packages``) the edge ``dep`` leads to in the environments
    ``live``, each with the environments it leads there in.  A lock with several versions of
    a name (uv's forks) says which one with ``==version`` on the edge; otherwise each
    environment takes the versions of its fork, or all of them when no fork claims it."""
    if len(candidates) <= 1:
        return [(c, live) for c in candidates]
    pinned = dep.specifier[2:] if dep.specifier.startswith("==") else None
    chosen = [c for c in candidates if packages[c].version == pinned]
    if chosen:
        return [(c, live) for c in chosen]
    forked = [(c, in_fork(c)) for c in candidates]
    nowhere = live
    for _, fork in forked:
        nowhere &= ~fork
    return [(c, live & (fork | nowhere)) for c, fork in forked]
