"""CPython minor versions: when each was first released and when it reaches end of life.

The table decides which Pythons are targeted by default (released and not end-of-life on
the day of the run) and which targets PYV005 warns about.  It is data, not logic: updating
it is a one-line change to ``RELEASES`` and a new ``TABLE_DATE``.

Sources: each release's schedule PEP (569, 596, 619, 664, 693, 719, 745, 790, 826) and the
devguide's "Status of Python versions" page, whose table is generated from
``release_management/python-releases.toml`` in python/peps.

- ``released`` is the date of the x.y.0 final release.  ``scheduled=True`` means the date
  is still the PEP's schedule, not history.
- ``end_of_life`` is the first day on which the branch no longer gets any fix.  Where the
  sources give only a month ("October 2026"), the first day of that month is used, as
  python-releases.toml does; every end of life after ``TABLE_DATE`` is a plan.
"""

from __future__ import annotations

from datetime import date

from reqhooks._record import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Literal, TypeAlias

    Status: TypeAlias = Literal["unreleased", "supported", "end-of-life", "unknown"]
else:
    Status = str  # the alias is for type checkers; the name stays importable

_setattr = object.__setattr__


class Release(Frozen):
    """One CPython minor version and its lifetime."""

    __slots__ = (
        "minor",
        "released",  # x.y.0 final
        "end_of_life",  # first day without support
        "source",
        "scheduled",  # True when ``released`` is a schedule, not history
    )

    minor: tuple[int, int]
    released: date
    end_of_life: date
    source: str
    scheduled: bool

    def __init__(
        self,
        minor: tuple[int, int],
        released: date,
        end_of_life: date,
        source: str,
        scheduled: bool,
    ) -> None:
        _setattr(self, "minor", minor)
        _setattr(self, "released", released)
        _setattr(self, "end_of_life", end_of_life)
        _setattr(self, "source", source)
        _setattr(self, "scheduled", scheduled)


# When the table was last checked against its sources.  The python/peps and devguide
# snapshots read on that day dated from 2026-08-22: 3.15.0 final was still scheduled there.
TABLE_DATE: Final[date] = date(2026, 11, 23)

RELEASES: Final[tuple[Release, ...]] = (
    Release((3, 8), date(2019, 10, 14), date(2024, 10, 7), "PEP 569", scheduled=False),
    Release((3, 9), date(2020, 10, 5), date(2025, 10, 31), "PEP 596", scheduled=False),
    Release((3, 10), date(2021, 10, 4), date(2026, 10, 1), "PEP 619", scheduled=False),
    Release((3, 11), date(2022, 10, 24), date(2027, 10, 1), "PEP 664", scheduled=False),
    Release((3, 12), date(2023, 10, 2), date(2028, 10, 1), "PEP 693", scheduled=False),
    Release((3, 13), date(2024, 10, 7), date(2029, 10, 1), "PEP 719", scheduled=False),
    Release((3, 14), date(2025, 10, 7), date(2030, 10, 1), "PEP 745", scheduled=False),
    Release((3, 15), date(2026, 10, 1), date(2031, 10, 1), "PEP 790", scheduled=True),
    Release((3, 16), date(2027, 10, 5), date(2032, 10, 1), "PEP 826", scheduled=True),
)

_BY_MINOR: Final[dict[tuple[int, int], Release]] = {r.minor: r for r in RELEASES}


def status(minor: tuple[int, int], today: date) -> Status:
    """Where ``minor`` stands on ``today``; ``"unknown"`` when the table does not list it.

    A scheduled release date counts once it has passed: the table cannot know of a slip
    that happened after ``TABLE_DATE``.
    """
    release = _BY_MINOR.get(minor)
    if release is None:
        return "unknown"
    if today < release.released:
        return "unreleased"
    if today >= release.end_of_life:
        return "end-of-life"
    return "supported"


def supported(today: date) -> tuple[tuple[int, int], ...]:
    """The minors released and not end-of-life on ``today``, oldest first."""
    return tuple(r.minor for r in RELEASES if status(r.minor, today) == "supported")
