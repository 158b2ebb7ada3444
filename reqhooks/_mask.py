"""Secrets never reach the output: every message passes through :func:`mask_secrets`."""

from __future__ import annotations

import re

from reqhooks._lazy import compile_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

# scheme://userinfo@host: the userinfo runs to the last '@' before the path (a password
# may itself contain an unescaped '@').
_USERINFO: Final = compile_pattern(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?P<userinfo>[^/?#\s'\"`]+)@")
_PLACEHOLDER: Final = compile_pattern(r"\$\{[A-Za-z0-9_]+\}")
# user:password@host with no scheme (``--trusted-host user:pw@host``, a URL cut short in a
# message): masked when a password is there; ``git@github.com`` and e-mail addresses stay.
_BARE_USERINFO: Final = compile_pattern(
    r"(?<![A-Za-z0-9+.\-/:@])[^\s/?#@:'\"`\[\]]+:(?P<password>[^\s/?#@'\"`]+)@(?=[A-Za-z0-9\[])"
)
_SSH_SCHEMES: Final = frozenset({"ssh", "git+ssh", "hg+ssh", "svn+ssh", "bzr+ssh", "sftp", "bzr+sftp"})


def _is_secret(scheme: str, userinfo: str) -> bool:
    user, colon, password = userinfo.partition(":")
    if colon and password:
        return not _PLACEHOLDER.fullmatch(password)
    if _PLACEHOLDER.fullmatch(user) or user == "git":
        return False
    # A user name alone is how ssh logs in; over http(s) it is a token.
    return scheme.lower() not in _SSH_SCHEMES


def _mask_one(m: re.Match[str]) -> str:
    if not _is_secret(m.group("scheme"), m.group("userinfo")):
        return m.group(0)
    return f"{m.group('scheme')}://****@"


def mask_secrets(text: str) -> str:
    """``text`` with the credentials of every URL in it replaced by ``****``.

    A ``${VAR}`` placeholder is not a secret and stays; so does the conventional ``git@``.
    """
    if "@" not in text:
        return text
    return _BARE_USERINFO.sub(_mask_bare, _USERINFO.sub(_mask_one, text))


def _mask_bare(m: re.Match[str]) -> str:
    return m.group(0) if _PLACEHOLDER.fullmatch(m.group("password")) else "****@"


def has_credentials(url: str) -> bool:
    return mask_secrets(url) != url
