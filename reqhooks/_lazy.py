"""Regular expressions compiled on first use.

CPython compiles a pattern in Python code, up to a few milliseconds for a long one, and
reqhooks starts on every commit and every save: a module-level ``re.compile`` of a pattern
that only some runs need is paid by every run.  ``_NAME = lazy_pattern(r"...")`` and then
``_NAME().match(text)`` compiles it the first time it is used.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


def lazy_pattern(source: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function returning ``re.compile(source, flags)``, compiled on its first call."""
    compiled: list[re.Pattern[str]] = []

    def pattern() -> re.Pattern[str]:
        if not compiled:
            compiled.append(re.compile(source, flags))
        return compiled[0]

    return pattern
