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

Days are :class:`Day`, ISO text, not ``datetime.date``: the table is read on every run, and
importing :mod:`datetime` for it and for "today" would cost 2 ms of a run's start-up.
"""

from __future__ import annotations

import time

from reqhooks._record import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date
    from typing import Final, Literal, TypeAlias

    Status: TypeAlias = Literal["unreleased", "supported", "end-of-life", "unknown"]
else:
    Status = str  # the alias is for type checkers; the name stays importable

_setattr = object.__setattr__

_MONTH_DAYS: Final = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class Day(str):
    """A calendar day as ``YYYY-MM-DD``, which sorts as text in date order.

    It stands in for ``datetime.date`` where reqhooks only compares days and prints them
    (``isoformat`` is the text itself); :meth:`of` takes a ``date`` wherever a caller has one.
    """

    __slots__ = ()

    @classmethod
    def of(cls, day: Day | date) -> Day:
        return day if isinstance(day, Day) else cls(day.isoformat())

    @classmethod
    def today(cls) -> Day:
        """Today in local time, as ``date.today()``."""
        year, month, day = time.localtime()[:3]
        return cls(f"{year:04d}-{month:02d}-{day:02d}")

    @classmethod
    def fromisoformat(cls, text: str) -> Day:
        """As ``date.fromisoformat``: a valid ``YYYY-MM-DD`` is accepted here; anything else
        (``20261123``, a week date, a typo) is left to :mod:`datetime` to accept or reject."""
        digits = text[:4] + text[5:7] + text[8:]
        if len(text) == 10 and text[4] == text[7] == "-" and digits.isascii() and digits.isdigit():
            year, month, day = int(text[:4]), int(text[5:7]), int(text[8:])
            leap = month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
            if year >= 1 and 1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month] + leap:
                return cls(text)
        from datetime import date

        return cls.of(date.fromisoformat(text))

    def isoformat(self) -> str:
        return str(self)


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
    released: Day
    end_of_life: Day
    source: str
    scheduled: bool

    def __init__(
        self,
        minor: tuple[int, int],
        released: Day,
        end_of_life: Day,
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
TABLE_DATE: Final = Day("2026-11-23")

RELEASES: Final[tuple[Release, ...]] = (
    Release((3, 8), Day("2019-10-14"), Day("2024-10-07"), "PEP 569", scheduled=False),
    Release((3, 9), Day("2020-10-05"), Day("2025-10-31"), "PEP 596", scheduled=False),
    Release((3, 10), Day("2021-10-04"), Day("2026-10-01"), "PEP 619", scheduled=False),
    Release((3, 11), Day("2022-10-24"), Day("2027-10-01"), "PEP 664", scheduled=False),
    Release((3, 12), Day("2023-10-02"), Day("2028-10-01"), "PEP 693", scheduled=False),
    Release((3, 13), Day("2024-10-07"), Day("2029-10-01"), "PEP 719", scheduled=False),
    Release((3, 14), Day("2025-10-07"), Day("2030-10-01"), "PEP 745", scheduled=False),
    Release((3, 15), Day("2026-10-01"), Day("2031-10-01"), "PEP 790", scheduled=True),
    Release((3, 16), Day("2027-10-05"), Day("2032-10-01"), "PEP 826", scheduled=True),
)

_BY_MINOR: Final[dict[tuple[int, int], Release]] = {r.minor: r for r in RELEASES}


def status(minor: tuple[int, int], today: Day | date) -> Status:
    """Where ``minor`` stands on ``today``; ``"unknown"`` when the table does not list it.

    A scheduled release date counts once it has passed: the table cannot know of a slip
    that happened after ``TABLE_DATE``.
    """
    release = _BY_MINOR.get(minor)
    if release is None:
        return "unknown"
    today = Day.of(today)
    if today < release.released:
        return "unreleased"
    if today >= release.end_of_life:
        return "end-of-life"
    return "supported"


def supported(today: Day | date) -> tuple[tuple[int, int], ...]:
    """The minors released and not end-of-life on ``today``, oldest first."""
    today = Day.of(today)
    return tuple(r.minor for r in RELEASES if status(r.minor, today) == "supported")
