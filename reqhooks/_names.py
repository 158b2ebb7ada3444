"""PEP 503 name normalisation, the one implementation every module uses.

Standard library only: the data modules and the readers import it on the hot path.
"""

from __future__ import annotations

import functools

from reqhooks._lazy import compile_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

_SEPARATORS: Final = compile_pattern(r"[-_.]+")


@functools.lru_cache(maxsize=65536)
def canonical(name: str) -> str:
    """The PEP 503 normalised form of a distribution name (``Python_Dateutil`` ->
    ``python-dateutil``), as ``packaging.utils.canonicalize_name`` computes it."""
    lowered = name.lower()
    if "_" in lowered or "." in lowered or "--" in lowered:
        return _SEPARATORS.sub("-", lowered)
    return lowered
