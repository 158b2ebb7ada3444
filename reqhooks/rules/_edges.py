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


class Environments:
    """The target environments of a walk as the bits of an int: in which of them a marker
    can hold (``holds(marker, env, extra)`` decides, once per marker and extra) and which of
    them a locked package's fork (its resolution markers) covers."""

    __slots__ = ("_envs", "_forks", "_holds", "_packages", "_verdicts", "everywhere")

    def __init__(
        self,
        envs: Sequence[object],
        holds: Callable[[str, object, str | None], bool],
        packages: Sequence[LockedPackage],
    ) -> None:
        self._envs = envs
        self._holds = holds
        self._packages = packages
        self._verdicts: dict[tuple[str, str | None], int] = {}
        self._forks: dict[int, int] = {}
        self.everywhere = (1 << len(envs)) - 1

    def where(self, marker: str | None, extra: str | None = None) -> int:
        """The environments in which ``marker`` can hold."""
        if not marker:
            return self.everywhere
        key = (marker, extra)
        bits = self._verdicts.get(key)
        if bits is None:
            bits = 0
            for i, env in enumerate(self._envs):
                if self._holds(marker, env, extra):
                    bits |= 1 << i
            self._verdicts[key] = bits
        return bits

    def in_fork(self, k: int) -> int:
        """The environments the fork of package ``k`` covers (all when it has none)."""
        markers = self._packages[k].resolution_markers
        if not markers:
            return self.everywhere
        bits = self._forks.get(k)
        if bits is None:
            bits = 0
            for m in markers:
                bits |= self.where(m)
            self._forks[k] = bits
        return bits
