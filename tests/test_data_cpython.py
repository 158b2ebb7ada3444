from __future__ import annotations

from datetime import date, timedelta

import pytest

from reqhooks.data.cpython import RELEASES, TABLE_DATE, Day, Release, status, supported


def test_table_covers_3_8_to_3_16_in_order() -> None:
    assert [r.minor for r in RELEASES] == [(3, minor) for minor in range(8, 17)]


def test_every_release_has_a_source_and_a_five_year_life() -> None:
    for release in RELEASES:
        assert release.source.startswith("PEP "), release
        life = date.fromisoformat(release.end_of_life) - date.fromisoformat(release.released)
        years = life.days / 365.25
        assert 4.9 < years < 5.1, release


def test_only_releases_after_the_table_date_are_scheduled() -> None:
    # 3.15.0 was due on 2026-10-01, before TABLE_DATE, but no source read on that day
    # recorded it as history yet, so it stays marked scheduled.
    assert [r.minor for r in RELEASES if r.scheduled] == [(3, 15), (3, 16)]
    for release in RELEASES:
        if release.released > TABLE_DATE:
            assert release.scheduled, release


def test_release_is_immutable() -> None:
    with pytest.raises(AttributeError):
        RELEASES[0].minor = (2, 7)
    assert isinstance(RELEASES[0], Release)


@pytest.mark.parametrize(
    ("minor", "today", "expected"),
    (
        pytest.param((3, 9), date(2025, 10, 30), "supported", id="3.9 the day before its EOL"),
        pytest.param((3, 9), date(2025, 10, 31), "end-of-life", id="3.9 on the day it went EOL"),
        pytest.param((3, 8), date(2024, 10, 7), "end-of-life", id="3.8 on the day 3.13 came out"),
        pytest.param((3, 14), date(2025, 10, 6), "unreleased", id="3.14 the day before release"),
        pytest.param((3, 14), date(2025, 10, 7), "supported", id="3.14 on its release day"),
        pytest.param((3, 10), date(2026, 9, 30), "supported", id="3.10 in September 2026"),
        pytest.param((3, 10), date(2026, 11, 23), "end-of-life", id="3.10 after October 2026"),
        pytest.param((3, 15), date(2026, 9, 30), "unreleased", id="3.15 before its schedule"),
        pytest.param((3, 15), date(2026, 11, 23), "supported", id="3.15 after its schedule"),
        pytest.param((3, 16), date(2026, 11, 23), "unreleased", id="3.16 in 2026"),
        pytest.param((3, 16), date(2032, 10, 1), "end-of-life", id="3.16 in October 2032"),
        pytest.param((3, 7), date(2026, 11, 23), "unknown", id="older than the table"),
        pytest.param((3, 17), date(2026, 11, 23), "unknown", id="newer than the table"),
        pytest.param((2, 7), date(2010, 7, 3), "unknown", id="Python 2"),
    ),
)
def test_status(minor: tuple[int, int], today: date, expected: str) -> None:
    assert status(minor, today) == expected
    assert status(minor, Day(today.isoformat())) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    (
        pytest.param(date(2026, 11, 23), [(3, 11), (3, 12), (3, 13), (3, 14), (3, 15)],
                     id="the day this table was checked"),
        pytest.param(date(2025, 10, 31), [(3, 10), (3, 11), (3, 12), (3, 13), (3, 14)],
                     id="the day 3.9 went EOL"),
        pytest.param(date(2025, 10, 7), [(3, 9), (3, 10), (3, 11), (3, 12), (3, 13), (3, 14)],
                     id="the day 3.14 was released"),
        pytest.param(date(2024, 10, 7), [(3, 9), (3, 10), (3, 11), (3, 12), (3, 13)],
                     id="the day 3.8 went EOL and 3.13 was released"),
        pytest.param(date(2019, 10, 13), [], id="before 3.8"),
        pytest.param(date(2040, 1, 1), [], id="after 3.16's end of life"),
    ),
)  # fmt: skip
def test_supported(today: date, expected: list[tuple[int, int]]) -> None:
    assert supported(today) == tuple(expected)
    assert supported(Day.of(today)) == tuple(expected)


def test_supported_changes_only_on_table_dates() -> None:
    boundaries = {date.fromisoformat(d) for r in RELEASES for d in (r.released, r.end_of_life)}
    day = date(2019, 1, 1)
    previous = supported(day)
    while day < date(2033, 1, 1):
        day += timedelta(days=1)
        current = supported(day)
        assert (current != previous) == (day in boundaries), day
        previous = current


def test_days_compare_and_print_as_dates() -> None:
    days = [date(2019, 1, 1) + timedelta(days=n) for n in range(0, 5000, 37)]
    assert sorted(Day.of(d) for d in reversed(days)) == [d.isoformat() for d in days]
    assert Day.of(date(999, 1, 2)).isoformat() == "0999-01-02" == date(999, 1, 2).isoformat()
    assert Day.of(TABLE_DATE) is TABLE_DATE
    assert f"{TABLE_DATE.isoformat()}" == "2026-11-23"
    assert type(TABLE_DATE.isoformat()) is str


def test_today_is_the_local_date() -> None:
    before = date.today()
    today = Day.today()
    assert today in (before.isoformat(), date.today().isoformat())  # the clock may pass midnight


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2026-01-31",
        "2026-04-30", "20261123", "2026-W48-1",  # other ISO forms: datetime's decision
        "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-11-00",
        "0000-01-01", "2026-11-2", "2026/11/23", " 2026-11-23", "2026-11-23 ", "",
        "２０２６-11-23", "2026-1１-23", "+026-11-23", "2026-+1-23",
    ],
)  # fmt: skip
def test_fromisoformat_agrees_with_datetime(text: str) -> None:
    try:
        expected: str | None = date.fromisoformat(text).isoformat()
    except ValueError:
        expected = None
    try:
        got: str | None = Day.fromisoformat(text)
    except ValueError:
        got = None
    assert got == expected
