"""Inline suppressions on the offending line.

``# reqhooks: ignore[PIN001]`` or ``# noqa: PIN001`` (prefixes match, as in flake8), optionally
followed by ``reason="..."`` and ``until=YYYY-MM-DD``.  After ``until`` the suppression stops
working and the finding is reported at the comment, saying that it expired.  A bare
``# reqhooks: ignore`` or ``# noqa`` suppresses every code on the line.
"""

from __future__ import annotations

import functools
import re

from reqhooks._record import Frozen, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date

    from reqhooks.findings import Finding
    from reqhooks.settings import Settings


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The suppression comment, its ``until=`` and its ``reason=``: compiled on first use
    (half a millisecond the first time), which a run without findings never comes to."""
    from reqhooks._lazy import compile_pattern

    suppress = compile_pattern(
        r"#\s*(?:reqhooks:\s*ignore(?:\[(?P<codes>[^\]]*)\])?|noqa(?::\s*(?P<noqa>[A-Za-z]+\d*(?:[\s,]+[A-Za-z]+\d*)*))?)"
        r"(?P<rest>[^#]*)",
        re.IGNORECASE,
    )
    until = compile_pattern(r"\buntil\s*=\s*\"?(?P<date>[^\s\"]+)\"?")
    reason = compile_pattern(r"\breason\s*=\s*\"(?P<reason>[^\"]*)\"")
    return suppress, until, reason


_setattr = object.__setattr__


class Suppression(Frozen):
    __slots__ = (
        "codes",  # empty = every code
        "column",  # 1-based column of the '#'
        "end_column",
        "until",
        "bad_until",
        "reason",
    )

    codes: tuple[str, ...]
    column: int
    end_column: int
    until: date | None
    bad_until: str | None
    reason: str | None

    def __init__(
        self,
        codes: tuple[str, ...],
        column: int,
        end_column: int,
        until: date | None,
        bad_until: str | None,
        reason: str | None,
    ) -> None:
        _setattr(self, "codes", codes)
        _setattr(self, "column", column)
        _setattr(self, "end_column", end_column)
        _setattr(self, "until", until)
        _setattr(self, "bad_until", bad_until)
        _setattr(self, "reason", reason)

    def covers(self, code: str) -> bool:
        return not self.codes or any(code.startswith(c) for c in self.codes)


def parse_line(text: str) -> list[Suppression]:
    if "#" not in text:
        return []
    suppress, until_pattern, reason_pattern = _patterns()
    out = []
    for m in suppress.finditer(text):
        raw = m.group("codes") if m.group("codes") is not None else m.group("noqa")
        codes = tuple(c.upper() for c in re.split(r"[\s,]+", raw or "") if c)
        rest = m.group("rest") or ""
        until = None
        bad = None
        um = until_pattern.search(rest)
        if um:
            from datetime import date

            try:
                until = date.fromisoformat(um.group("date"))
            except ValueError:
                bad = um.group("date")
        rm = reason_pattern.search(rest)
        out.append(
            Suppression(
                codes=codes,
                column=m.start() + 1,
                end_column=m.end() + 1 - (len(rest) - len(rest.rstrip())),
                until=until,
                bad_until=bad,
                reason=rm.group("reason") if rm else None,
            )
        )
    return out


def apply_suppressions(findings: list[Finding], settings: Settings) -> list[Finding]:
    out: list[Finding] = []
    cache: dict[tuple[int, int], list[Suppression]] = {}
    for f in findings:
        doc = f.doc
        if doc is None:
            out.append(f)
            continue
        hit: tuple[int, Suppression] | None = None
        for line in range(f.line, max(f.line, f.end_line) + 1):
            key = (id(doc), line)
            sups = cache.get(key)
            if sups is None:
                sups = parse_line(doc.line_text(line))
                cache[key] = sups
            for s in sups:
                if s.covers(f.code):
                    hit = (line, s)
                    break
            if hit:
                break
        if hit is None:
            out.append(f)
            continue
        line, s = hit
        if s.bad_until is not None:
            out.append(
                replace(
                    f,
                    line=line,
                    column=s.column,
                    end_line=line,
                    end_column=s.end_column,
                    message=f"Suppression has an invalid until= date {s.bad_until!r} (expected YYYY-MM-DD): {f.message}",
                    fix=None,
                )
            )
        elif s.until is not None and settings.today > s.until.isoformat():  # today is a Day
            why = f" (reason: {s.reason})" if s.reason else ""
            out.append(
                replace(
                    f,
                    line=line,
                    column=s.column,
                    end_line=line,
                    end_column=s.end_column,
                    message=f"Suppression expired on {s.until.isoformat()}{why}: {f.message}",
                    fix=None,
                )
            )
    return out
