"""Which wheel files a target Python and platform can install, as pip decides it.

A target platform is a short name from the contract (``linux-x86_64`` ...), which stands
for a documented baseline host, or an exact platform tag (``manylinux_2_17_x86_64``,
``macosx_14_0_arm64``, ``win_amd64``), which stands for the oldest host that tag allows.
Either way it expands to the platform tags a pip running on that host accepts, and the
supported tags for a CPython on it are those of ``packaging.tags.cpython_tags`` and
``packaging.tags.compatible_tags``: the default GIL-enabled, non-debug ABI only.

``packaging`` is imported inside the functions that need it: this module sits on the
hot path of every run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

Family = Literal["manylinux", "musllinux", "macosx", "windows"]


@dataclass(frozen=True, slots=True)
class Baseline:
    """The oldest host a platform short name promises to cover."""

    family: Family
    arch: str
    version: tuple[int, int] | None  # glibc, musl or macOS version; None on Windows

    @property
    def tag(self) -> str:
        """The exact platform tag of the baseline host, e.g. ``manylinux_2_28_x86_64``."""
        if self.version is None:
            return f"win_{self.arch}"
        major, minor = self.version
        return f"{self.family}_{major}_{minor}_{self.arch}"


PLATFORMS: Final[dict[str, Baseline]] = {
    "linux-x86_64": Baseline("manylinux", "x86_64", (2, 28)),
    "linux-aarch64": Baseline("manylinux", "aarch64", (2, 28)),
    "musllinux-x86_64": Baseline("musllinux", "x86_64", (1, 2)),
    "macos-arm64": Baseline("macosx", "arm64", (11, 0)),
    "macos-x86_64": Baseline("macosx", "x86_64", (10, 13)),
    "windows-amd64": Baseline("windows", "amd64", None),
    "windows-arm64": Baseline("windows", "arm64", None),
}

DEFAULT_PLATFORMS: Final[tuple[str, ...]] = (
    "linux-x86_64",
    "linux-aarch64",
    "macos-arm64",
    "windows-amd64",
)

SDIST_SUFFIXES: Final[tuple[str, ...]] = (".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz")

_LEGACY_MANYLINUX: Final[dict[str, tuple[int, int]]] = {
    "manylinux1": (2, 5),
    "manylinux2010": (2, 12),
    "manylinux2014": (2, 17),
}
_LEGACY_ALIAS: Final[dict[tuple[int, int], str]] = {v: k for k, v in _LEGACY_MANYLINUX.items()}
# glibc 2.x minor assumed for every older major, as packaging.tags does.
_LAST_GLIBC_MINOR: Final = 50

_MANYLINUX_RE: Final = re.compile(r"manylinux_(\d+)_(\d+)_([a-z0-9_]+)")
_LEGACY_RE: Final = re.compile(r"(manylinux1|manylinux2010|manylinux2014)_([a-z0-9_]+)")
_MUSLLINUX_RE: Final = re.compile(r"musllinux_(\d+)_(\d+)_([a-z0-9_]+)")
_MACOSX_RE: Final = re.compile(r"macosx_(\d+)_(\d+)_([a-z0-9_]+)")
_LINUX_RE: Final = re.compile(r"linux_[a-z0-9_]+")
_WINDOWS_TAGS: Final = frozenset({"win32", "win_amd64", "win_arm64", "win_ia64"})


class PlatformError(ValueError):
    """A platform that is neither a known short name nor a recognised platform tag."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        names = ", ".join(PLATFORMS)
        super().__init__(
            f"Unknown platform {platform!r}; expected one of {names}"
            " or an exact tag like manylinux_2_17_x86_64"
        )


def _manylinux_tags(glibc: tuple[int, int], arch: str) -> list[str]:
    # Mirrors packaging._manylinux.platform_tags for a host with this glibc.
    oldest = (2, 5) if arch in {"x86_64", "i686"} else (2, 17)
    maxima = [glibc] + [(major, _LAST_GLIBC_MINOR) for major in range(glibc[0] - 1, 1, -1)]
    tags = []
    for major, newest_minor in maxima:
        lowest_minor = oldest[1] if major == oldest[0] else 0
        for minor in range(newest_minor, lowest_minor - 1, -1):
            tags.append(f"manylinux_{major}_{minor}_{arch}")
            if alias := _LEGACY_ALIAS.get((major, minor)):
                tags.append(f"{alias}_{arch}")
    return tags


def _expand(baseline: Baseline) -> tuple[str, ...]:
    arch = baseline.arch
    if baseline.version is None:
        return (baseline.tag,)
    if baseline.family == "macosx":
        from packaging.tags import mac_platforms

        return tuple(mac_platforms(baseline.version, arch))
    if baseline.family == "manylinux":
        tags = _manylinux_tags(baseline.version, arch)
    else:
        major, newest_minor = baseline.version
        tags = [f"musllinux_{major}_{minor}_{arch}" for minor in range(newest_minor, -1, -1)]
    # pip on any Linux host also takes the host's own, unportable linux_<arch> wheels.
    return (*tags, f"linux_{arch}")


def _baseline_of_tag(tag: str) -> Baseline | None:
    if m := _MANYLINUX_RE.fullmatch(tag):
        return Baseline("manylinux", m[3], (int(m[1]), int(m[2])))
    if m := _LEGACY_RE.fullmatch(tag):
        return Baseline("manylinux", m[2], _LEGACY_MANYLINUX[m[1]])
    if m := _MUSLLINUX_RE.fullmatch(tag):
        return Baseline("musllinux", m[3], (int(m[1]), int(m[2])))
    if m := _MACOSX_RE.fullmatch(tag):
        return Baseline("macosx", m[3], (int(m[1]), int(m[2])))
    return None


@functools.cache
def platform_tags(platform: str) -> tuple[str, ...]:
    """The platform tags a pip on ``platform``'s baseline host accepts, most specific first.

    ``platform`` is a short name from ``PLATFORMS`` or an exact platform tag, which
    stands for the oldest host that tag allows: ``manylinux_2_17_x86_64`` expands to
    every manylinux tag down to ``manylinux_2_5_x86_64`` (with the ``manylinux2014``,
    ``manylinux2010`` and ``manylinux1`` aliases), then ``linux_x86_64``;
    ``macosx_14_0_arm64`` expands as ``packaging.tags.mac_platforms`` does; ``win_amd64``
    and ``linux_x86_64`` stand for themselves.

    Raises ``PlatformError`` for anything else.
    """
    if (baseline := PLATFORMS.get(platform)) is not None:
        return _expand(baseline)
    if platform in _WINDOWS_TAGS or _LINUX_RE.fullmatch(platform):
        return (platform,)
    if (baseline := _baseline_of_tag(platform)) is not None:
        return _expand(baseline)
    raise PlatformError(platform)


@functools.cache
def supported_tags(python: tuple[int, int], platform: str) -> frozenset[str]:
    """Every ``interpreter-abi-platform`` tag CPython ``python`` accepts on ``platform``.

    The same set as ``packaging.tags.cpython_tags`` followed by ``compatible_tags`` for
    that interpreter, its default ABI (``cp312``, not the free-threaded ``cp312t`` or a
    debug build) and ``platform_tags(platform)``.
    """
    paired, alone = _interpreter_abis(python)
    platforms = platform_tags(platform)
    return frozenset([*(pair + tag for pair in paired for tag in platforms), *alone])


@functools.cache
def _interpreter_abis(python: tuple[int, int]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``packaging.tags``' tags for ``python``, split into the ``interpreter-abi-`` prefixes
    it pairs with every platform tag and the whole tags that stand alone (``*-any``).

    Both functions pair the same prefixes with each platform they are given, so one call
    with a stand-in platform yields them; building the few thousand tags of four platforms
    as strings from these is a tenth of the cost of making them as ``Tag`` objects.
    """
    from packaging.tags import compatible_tags, cpython_tags

    interpreter = f"cp{python[0]}{python[1]}"
    stand_in = "\x00platform"  # no platform tag is this
    paired: list[str] = []
    alone: list[str] = []
    for tag in (
        *cpython_tags(python, abis=[interpreter], platforms=[stand_in]),
        *compatible_tags(python, interpreter=interpreter, platforms=[stand_in]),
    ):
        if tag.platform == stand_in:
            paired.append(f"{tag.interpreter}-{tag.abi}-")
        else:
            alone.append(str(tag))
    return tuple(paired), tuple(alone)


# A wheel name as build backends write it: no build tag, a plain release version, lowercase
# tags.  packaging accepts every such name, and its tags are the product of the three
# dot-separated parts; any other name is left to packaging, which decides.
_PLAIN_WHEEL: Final = re.compile(
    r"[A-Za-z0-9]+(?:[._][A-Za-z0-9]+)*-[0-9]+(?:\.[0-9]+)*"
    r"-([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)"
    r"-([a-z0-9_]+(?:\.[a-z0-9_]+)*)"
    r"-([a-z0-9_]+(?:\.[a-z0-9_]+)*)\.whl"
)


@functools.lru_cache(maxsize=4096)
def _wheel_tags(filename: str) -> frozenset[str] | None:
    plain = _PLAIN_WHEEL.fullmatch(filename)
    if plain is not None:
        interpreters, abis, platforms = plain.groups()
        if "." not in interpreters and "." not in abis and "." not in platforms:
            return frozenset((f"{interpreters}-{abis}-{platforms}",))
        return frozenset(
            f"{interpreter}-{abi}-{platform}"
            for interpreter in interpreters.split(".")
            for abi in abis.split(".")
            for platform in platforms.split(".")
        )
    from packaging.utils import parse_wheel_filename

    try:
        tags = parse_wheel_filename(filename)[3]
    except ValueError:  # InvalidWheelFilename, and InvalidVersion on older packaging
        return None
    return frozenset(str(tag) for tag in tags)


def _basename(filename: str) -> str:
    # Lock files hold URLs or paths as often as bare names.
    return filename.rpartition("/")[2]


def wheel_matches(filename: str, python: tuple[int, int], platform: str) -> bool:
    """Whether pip for CPython ``python`` on ``platform`` would install this wheel.

    Anything that is not a valid wheel filename (an sdist, a typo) does not match.
    Raises ``PlatformError`` for an unknown platform.
    """
    tags = _wheel_tags(_basename(filename))
    return tags is not None and not tags.isdisjoint(supported_tags(python, platform))


@dataclass(frozen=True, slots=True)
class Coverage:
    """Whether a release ships a wheel that one target Python on one platform can use."""

    python: tuple[int, int]
    platform: str
    has_wheel: bool


def coverage(
    filenames: Iterable[str],
    pythons: Iterable[tuple[int, int]],
    platforms: Iterable[str],
) -> list[Coverage]:
    """One ``Coverage`` per target, in ``pythons`` then ``platforms`` order."""
    # Some wheel matches a target exactly when the union of their tags meets its tags.
    tags = frozenset().union(
        *(
            tags
            for name in filenames
            if name.endswith(".whl") and (tags := _wheel_tags(_basename(name))) is not None
        )
    )
    platform_list = list(platforms)
    result = []
    for python in pythons:
        for platform in platform_list:
            has_wheel = not tags.isdisjoint(supported_tags(python, platform))
            result.append(Coverage(python, platform, has_wheel))
    return result


def has_sdist(filenames: Iterable[str]) -> bool:
    """Whether any file is a source distribution (``.tar.gz``, ``.zip``, ...)."""
    return any(_basename(name).lower().endswith(SDIST_SUFFIXES) for name in filenames)


def is_pure(filenames: Iterable[str]) -> bool:
    """Whether every wheel among ``filenames`` is pure Python (all its tags ``*-none-any``).

    True when there is no wheel at all: from offline data an sdist-only release cannot
    be told apart from a pure one, and is taken to need no compiler.
    """
    for name in filenames:
        if not name.endswith(".whl"):
            continue
        tags = _wheel_tags(_basename(name))
        if tags is None:
            continue
        if not all(tag.endswith("-none-any") for tag in tags):
            return False
    return True
