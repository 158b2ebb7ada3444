"""Secrets never reach the output: every message passes through :func:`mask_secrets`."""

from __future__ import annotations

import re
from typing import Final

# scheme://user:password@host or scheme://token@host; a ${VAR} placeholder is not a secret.
_USERINFO: Final = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/@\s'\"`]+)@")


def _mask(m: re.Match[str]) -> str:
    userinfo = m.group("userinfo")
    if re.fullmatch(r"(\$\{[A-Za-z0-9_]+\}|[^:]*:?\$\{[A-Za-z0-9_]+\})", userinfo) or userinfo == "git":
        return m.group(0)
    return f"{m.group('scheme')}****@"


def mask_secrets(text: str) -> str:
    """Replace credentials in every URL of ``text`` with ``****``."""
    if "@" not in text:
        return text
    return _USERINFO.sub(_mask, text)


def has_credentials(url: str) -> bool:
    return mask_secrets(url) != url
