"""Cached access to ``packaging``'s specifiers, markers and versions, and target environments.

Rules keep specifiers and markers as strings in the model and parse them here, once each.
``packaging`` is imported on first use, never at module import; :func:`marker_applies` and
:func:`contains` answer simple inputs without it (:mod:`reqhooks._pepfast`, exactly as
``packaging`` would).
"""

from __future__ import annotations

import functools

from reqhooks import _pepfast
from reqhooks._lazy import compile_pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

    from packaging.markers import Marker
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

Minor = tuple[int, int]

_HUGE_NUMBER: Final = compile_pattern(r"\d{100}")

#: Marker environment values per platform short name (and exact-tag family).
_PLATFORM_ENV: Final = {
    "linux-x86_64": ("linux", "Linux", "x86_64", "posix"),
    "linux-aarch64": ("linux", "Linux", "aarch64", "posix"),
    "musllinux-x86_64": ("linux", "Linux", "x86_64", "posix"),
    "macos-arm64": ("darwin", "Darwin", "arm64", "posix"),
    "macos-x86_64": ("darwin", "Darwin", "x86_64", "posix"),
    "windows-amd64": ("win32", "Windows", "AMD64", "nt"),
    "windows-arm64": ("win32", "Windows", "ARM64", "nt"),
}


@functools.lru_cache(maxsize=8192)
def specifier_set(text: str) -> SpecifierSet | None:
    from packaging.specifiers import SpecifierSet

    if _HUGE_NUMBER.search(text):
        return None  # no real version has a 100-digit part; int() would refuse 4,300
    try:
        return SpecifierSet(text)
    except ValueError:  # InvalidSpecifier, or a number too long for int()
        return None


@functools.lru_cache(maxsize=8192)
def marker(text: str) -> Marker | None:
    from packaging.markers import InvalidMarker, Marker

    try:
        return Marker(text)
    except InvalidMarker:
        return None


@functools.lru_cache(maxsize=8192)
def version(text: str) -> Version | None:
    from packaging.version import Version

    if _HUGE_NUMBER.search(text):
        return None
    try:
        return Version(text)
    except ValueError:  # InvalidVersion, or a number too long for int()
        return None


def same_version(a: str, b: str) -> bool | None:
    """Whether two version strings are the same PEP 440 version; None if either is none.

    ``version(a) == version(b)``, without importing ``packaging`` for simple versions.
    """
    ka, kb = _pepfast.version(a), _pepfast.version(b)
    if ka is not None and kb is not None:
        return ka == kb
    va, vb = version(a), version(b)
    if va is None or vb is None:
        return None
    return va == vb


def platform_env(platform: str) -> tuple[str, str, str, str]:
    """(sys_platform, platform_system, platform_machine, os_name) for a platform name or tag."""
    env = _PLATFORM_ENV.get(platform)
    if env is not None:
        return env
    p = platform.lower()
    machine = "x86_64"
    for arch in ("aarch64", "arm64", "x86_64", "amd64", "i686", "ppc64le", "s390x", "armv7l", "win32"):
        if p.endswith(arch):
            machine = arch
            break
    if p.startswith("win"):
        return ("win32", "Windows", {"amd64": "AMD64", "arm64": "ARM64"}.get(machine, "x86"), "nt")
    if p.startswith("macosx"):
        return ("darwin", "Darwin", "arm64" if machine == "arm64" else "x86_64", "posix")
    return ("linux", "Linux", machine, "posix")


def environment(python: Minor, platform: str, *, patch: int = 0, extra: str = "") -> dict[str, str]:
    sys_platform, system, machine, os_name = platform_env(platform)
    major, minor = python
    return {
        "python_version": f"{major}.{minor}",
        "python_full_version": f"{major}.{minor}.{patch}",
        "implementation_name": "cpython",
        "implementation_version": f"{major}.{minor}.{patch}",
        "platform_python_implementation": "CPython",
        "sys_platform": sys_platform,
        "platform_system": system,
        "platform_machine": machine,
        "os_name": os_name,
        "platform_release": "",
        "platform_version": "",
        "extra": extra,
    }


@functools.lru_cache(maxsize=65536)
def marker_applies(text: str | None, python: Minor, platform: str | None = None, extra: str = "") -> bool:
    """Whether ``text`` can be true for some release of ``python`` on ``platform``.

    With no platform, true if it holds on any of the default platforms.  An unparsable
    marker counts as applying (the reader reports it).
    """
    if not text:
        return True
    platforms = (platform,) if platform else tuple(_PLATFORM_ENV)
    for plat in platforms:
        for patch in (0, 99):
            holds = evaluate(text, environment(python, plat, patch=patch, extra=extra))
            if holds is None or holds:  # unreadable, or a comparison packaging cannot make
                return True
    return False


def evaluate(text: str, env: dict[str, str]) -> bool | None:
    """``Marker(text).evaluate(env)``: by :mod:`reqhooks._pepfast` when the marker and the
    environment are simple, else by packaging; None when the marker cannot be read or its
    evaluation raises."""
    compiled = _pepfast.marker(text)
    if isinstance(compiled, str):  # RAISES: packaging raises on every environment
        return None
    if compiled is not None:
        try:
            return _pepfast.evaluate(compiled, env)
        except _pepfast.Unknown:
            pass  # an environment value that is not simple: ask packaging
    m = marker(text)
    if m is None:
        return None
    try:
        return bool(m.evaluate(env))
    except Exception:  # noqa: BLE001 - e.g. comparing a non-version
        return None


def contains(specifier: str, version_text: str) -> bool | None:
    """Whether ``version_text`` satisfies ``specifier`` (prereleases allowed); None if unknowable."""
    clauses = _pepfast.specifiers(specifier)
    if isinstance(clauses, str):  # INVALID
        return None
    if clauses is not None:
        key = _pepfast.version(version_text)
        if key is not None:
            return _pepfast.matches(clauses, key)
    spec = specifier_set(specifier)
    if spec is None or version(version_text) is None:
        return None
    try:
        return spec.contains(version_text, prereleases=True)
    except ValueError:  # a clause whose number is too long for int()
        return None
