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

from reqhooks._record import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Final, Literal

    Family = Literal["manylinux", "musllinux", "macosx", "windows"]


class Baseline(Frozen):
    """The oldest host a platform short name promises to cover."""

    __slots__ = ("family", "arch", "version")

    family: Family
    arch: str
    version: tuple[int, int] | None  # glibc, musl or macOS version; None on Windows

    def __init__(self, family: Family, arch: str, version: tuple[int, int] | None) -> None:
        object.__setattr__(self, "family", family)
        object.__setattr__(self, "arch", arch)
        object.__setattr__(self, "version", version)

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
_WINDOWS_TAGS: Final = frozenset({"win32", "win_amd64", "win_arm64", "win_ia64"})


@functools.cache
def _tag_patterns() -> tuple[re.Pattern[str], ...]:
    """The patterns of exact platform tags: manylinux, legacy manylinux, musllinux, macOS,
    linux.  Compiled on first use: the default platforms are short names, which need none."""
    return (
        re.compile(r"manylinux_(\d+)_(\d+)_([a-z0-9_]+)"),
        re.compile(r"(manylinux1|manylinux2010|manylinux2014)_([a-z0-9_]+)"),
        re.compile(r"musllinux_(\d+)_(\d+)_([a-z0-9_]+)"),
        re.compile(r"macosx_(\d+)_(\d+)_([a-z0-9_]+)"),
        re.compile(r"linux_[a-z0-9_]+"),
    )


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


def _mac_binary_formats(version: tuple[int, int], arch: str) -> list[str]:
    # packaging.tags._mac_binary_formats (26.3), written out: see _mac_platforms.
    formats = [arch]
    if arch in {"x86_64", "i386"}:
        if version < (10, 4):
            return []
        formats += ["intel", "fat64", "fat3"] if arch == "x86_64" else ["intel", "fat3", "fat"]
    elif arch == "ppc64":
        if version > (10, 5) or version < (10, 4):
            return []
        formats.append("fat64")
    elif arch == "ppc":
        if version > (10, 6):
            return []
        formats += ["fat3", "fat"]
    if arch in {"arm64", "x86_64"}:
        formats.append("universal2")
    if arch in {"x86_64", "i386", "ppc64", "ppc", "intel"}:
        formats.append("universal")
    return formats


def _mac_platforms(version: tuple[int, int], arch: str) -> list[str]:
    """``packaging.tags.mac_platforms(version, arch)`` (26.3), written out: importing
    ``packaging.tags`` costs more than the interpreter's start-up, and a default target
    platform is a Mac.  ``tests/test_wheels.py`` compares the two."""
    tags: list[str] = []
    if (10, 0) <= version < (11, 0):
        for minor in range(version[1], -1, -1):
            tags += [f"macosx_10_{minor}_{f}" for f in _mac_binary_formats((10, minor), arch)]
    if version >= (11, 0):
        for major in range(version[0], 10, -1):
            tags += [f"macosx_{major}_0_{f}" for f in _mac_binary_formats((major, 0), arch)]
        for minor in range(16, 3, -1):
            if arch == "x86_64":
                tags += [f"macosx_10_{minor}_{f}" for f in _mac_binary_formats((10, minor), arch)]
            else:
                tags.append(f"macosx_10_{minor}_universal2")
    return tags


def _expand(baseline: Baseline) -> tuple[str, ...]:
    arch = baseline.arch
    if baseline.version is None:
        return (baseline.tag,)
    if baseline.family == "macosx":
        return tuple(_mac_platforms(baseline.version, arch))
    if baseline.family == "manylinux":
        tags = _manylinux_tags(baseline.version, arch)
    else:
        major, newest_minor = baseline.version
        tags = [f"musllinux_{major}_{minor}_{arch}" for minor in range(newest_minor, -1, -1)]
    # pip on any Linux host also takes the host's own, unportable linux_<arch> wheels.
    return (*tags, f"linux_{arch}")


def _baseline_of_tag(tag: str) -> Baseline | None:
    manylinux, legacy, musllinux, macosx, _ = _tag_patterns()
    if m := manylinux.fullmatch(tag):
        return Baseline("manylinux", m[3], (int(m[1]), int(m[2])))
    if m := legacy.fullmatch(tag):
        return Baseline("manylinux", m[2], _LEGACY_MANYLINUX[m[1]])
    if m := musllinux.fullmatch(tag):
        return Baseline("musllinux", m[3], (int(m[1]), int(m[2])))
    if m := macosx.fullmatch(tag):
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
    if platform in _WINDOWS_TAGS or _tag_patterns()[4].fullmatch(platform):
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
    """``packaging.tags``' tags for CPython ``python`` and its default ABI, split into the
    ``interpreter-abi-`` prefixes paired with every platform tag and the whole tags that
    stand alone (``*-any``).

    Written out as ``cpython_tags(python, abis=["cpXY"])`` and
    ``compatible_tags(python, interpreter="cpXY")`` generate them (packaging 26.3), because
    importing ``packaging.tags`` costs more than a bare interpreter's start-up;
    ``tests/test_wheels.py`` checks both against packaging for every minor it knows.
    """
    major, minor = python
    interpreter = f"cp{major}{minor}"
    abi3 = python >= (3, 2)
    paired = [f"{interpreter}-{interpreter}-"]
    if abi3:
        paired.append(f"{interpreter}-abi3-")
    paired.append(f"{interpreter}-none-")
    if abi3:
        paired += [f"cp{major}{older}-abi3-" for older in range(minor - 1, 1, -1)]
    pys = [f"py{major}{minor}", f"py{major}", *(f"py{major}{older}" for older in range(minor - 1, -1, -1))]
    paired += [f"{py}-none-" for py in pys]
    alone = [f"{interpreter}-none-any", *(f"{py}-none-any" for py in pys)]
    return tuple(paired), tuple(alone)


# A wheel name as build backends write it: no build tag, a plain release version, lowercase
# tags.  packaging accepts every such name, and its tags are the product of the three
# dot-separated parts; any other name is left to packaging, which decides.  No part holds a
# dash, so a name splits at its second dash into release and tags, and each half is matched
# once: a release's wheels share the one, and releases share the other.  (The patterns are
# the definition; _plain_release and _tag_parts read them with str methods, which costs
# less than compiling them, and tests/test_speedups.py holds the two to the patterns.)
_PLAIN_RELEASE: Final = r"[A-Za-z0-9]+(?:[._][A-Za-z0-9]+)*-[0-9]+(?:\.[0-9]+)*"
_PLAIN_TAGS: Final = (
    r"([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)"
    r"-([a-z0-9_]+(?:\.[a-z0-9_]+)*)"
    r"-([a-z0-9_]+(?:\.[a-z0-9_]+)*)"
)


def _plain_tags(filename: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A plain wheel name's tags as ``interpreter-abi-`` prefixes and platform tags (its
    tags are every prefix followed by every platform tag); None for any other name."""
    if not filename.endswith(".whl"):
        return None
    second = filename.find("-", filename.find("-") + 1)
    if second < 0 or not _plain_release(filename[:second]):
        return None
    return _tag_parts(filename[second + 1 : -4])


@functools.lru_cache(maxsize=4096)
def _plain_release(release: str) -> bool:
    """``re.fullmatch(_PLAIN_RELEASE, release)``, with str methods: compiling the pattern
    would cost more than all the names a run checks (``tests/test_speedups.py``)."""
    name, dash, version = release.partition("-")
    if not dash:
        return False
    for part in version.split("."):
        if not (part.isascii() and part.isdigit()):  # [0-9]+ ("" is not)
            return False
    for part in name.replace(".", "_").split("_"):
        if not (part.isascii() and part.isalnum()):  # [A-Za-z0-9]+
            return False
    return True


_TAG_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_TAG_START: Final = frozenset("abcdefghijklmnopqrstuvwxyz")


def _tag_words(text: str, first: frozenset[str] | None) -> list[str] | None:
    """``text``'s dot-separated words when each is non-empty, of _TAG_CHARS and (with
    ``first``) starts with one of ``first``; else None."""
    words = text.split(".")
    for word in words:
        if not word or not _TAG_CHARS.issuperset(word) or (first is not None and word[0] not in first):
            return None
    return words


@functools.lru_cache(maxsize=4096)
def _tag_parts(tags: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    # re.fullmatch(_PLAIN_TAGS, tags), with str methods (see _plain_release): no part has
    # a dash, so the three are the dash-separated ones.
    parts = tags.split("-")
    if len(parts) != 3:
        return None
    interpreter_words = _tag_words(parts[0], _TAG_START)
    abi_words = _tag_words(parts[1], None)
    platforms = _tag_words(parts[2], None)
    if interpreter_words is None or abi_words is None or platforms is None:
        return None
    prefixes = tuple(f"{i}-{a}-" for i in interpreter_words for a in abi_words)
    return prefixes, tuple(platforms)


@functools.lru_cache(maxsize=4096)
def _wheel_tags(filename: str) -> frozenset[str] | None:
    plain = _plain_tags(filename)
    if plain is not None:
        prefixes, platforms = plain
        return frozenset([prefix + platform for prefix in prefixes for platform in platforms])
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


class Coverage(Frozen):
    """Whether a release ships a wheel that one target Python on one platform can use."""

    __slots__ = ("python", "platform", "has_wheel")

    python: tuple[int, int]
    platform: str
    has_wheel: bool

    def __init__(self, python: tuple[int, int], platform: str, has_wheel: bool) -> None:
        object.__setattr__(self, "python", python)
        object.__setattr__(self, "platform", platform)
        object.__setattr__(self, "has_wheel", has_wheel)


def coverage(
    filenames: Iterable[str],
    pythons: Iterable[tuple[int, int]],
    platforms: Iterable[str],
) -> list[Coverage]:
    """One ``Coverage`` per target, in ``pythons`` then ``platforms`` order."""
    platform_list = list(platforms)
    targets = [(python, platform) for python in pythons for platform in platform_list]
    missing = set(missing_wheels(filenames, targets))
    return [
        Coverage(python, platform, (python, platform) not in missing)
        for python, platform in targets
    ]


def missing_wheels(
    filenames: Iterable[str], targets: Iterable[tuple[tuple[int, int], str]]
) -> list[tuple[tuple[int, int], str]]:
    """The (Python, platform) targets, in order, for which no file is a wheel pip installs."""
    # Some wheel matches a target exactly when one of its tags is a supported tag: an
    # ``interpreter-abi-`` prefix of the Python's followed by a platform tag of the
    # platform's, or a ``*-any`` tag of the Python's (see supported_tags).  Platform tags
    # have no dash, so each wheel tag splits one way: the wheels' prefixes are grouped by
    # platform tag once, and no target's thousand supported tags are ever built.
    wanted = list(targets)
    if not wanted:
        return []
    # Releases share their wheels' tags (every binary release built for the same Pythons
    # and platforms): plain names are worked out once per distinct set of tags and targets.
    if not isinstance(filenames, (tuple, list)):
        filenames = tuple(filenames)
    key = _plain_tag_key(filenames)
    if key is not None:
        found = _missing_plain(key, tuple(wanted))
        if found is not None:
            return list(found)
    return _missing(_prefixes_by_platform(filenames), wanted)


def _plain_tag_key(filenames: Iterable[str]) -> frozenset[str] | None:
    """The tags parts (``cp312-cp312-manylinux_2_17_x86_64``) of the wheels among
    ``filenames``, when every wheel's release part is plain (see ``_plain_tags``); else None."""
    tags: set[str] = set()
    prefix = None  # the last plain release seen and its dash: "numpy-2.1.0-"
    cut = 0
    for name in filenames:
        if not name.endswith(".whl"):
            continue
        if prefix is not None and name.startswith(prefix) and "/" not in name:
            # The prefix has one dash in it and ends with another: these are the name's
            # first two, as below.
            tags.add(name[cut:-4])
            continue
        base = name.rpartition("/")[2]
        second = base.find("-", base.find("-") + 1)
        if second < 0:
            return None
        head = base[:second]
        if not _plain_release(head):
            return None
        prefix = base[: second + 1]
        cut = second + 1
        tags.add(base[cut:-4])
    return frozenset(tags)


@functools.lru_cache(maxsize=1024)
def _missing_plain(
    key: frozenset[str], wanted: tuple[tuple[tuple[int, int], str], ...]
) -> tuple[tuple[tuple[int, int], str], ...] | None:
    """``missing_wheels`` for wheels whose tags parts are ``key`` (see _plain_tag_key); None
    when one of them is not plain, for packaging to decide."""
    by_platform: dict[str, set[str]] = {}
    for tags in key:
        plain = _tag_parts(tags)
        if plain is None:
            return None
        _merge(by_platform, *plain)
    return tuple(_missing(by_platform, wanted))


def _merge(
    by_platform: dict[str, set[str]], prefixes: Iterable[str], platform_tags: Iterable[str]
) -> None:
    """Add a wheel's ``interpreter-abi-`` prefixes under each of its platform tags."""
    for tag in platform_tags:
        known = by_platform.get(tag)
        if known is None:
            by_platform[tag] = set(prefixes)
        else:
            known.update(prefixes)


def _missing(
    by_platform: dict[str, set[str]], wanted: Iterable[tuple[tuple[int, int], str]]
) -> list[tuple[tuple[int, int], str]]:
    anywhere = by_platform.get("any", set())
    on_platform: dict[str, frozenset[str]] = {}
    out = []
    for target in wanted:
        python, platform = target
        prefixes = on_platform.get(platform)
        if prefixes is None:
            accepted = _platform_set(platform)
            prefixes = on_platform[platform] = frozenset().union(
                *(found for tag, found in by_platform.items() if tag in accepted)
            )
        paired, alone = _prefix_sets(python)
        if prefixes.isdisjoint(paired) and anywhere.isdisjoint(alone):
            out.append(target)
    return out


def _prefixes_by_platform(filenames: Iterable[str]) -> dict[str, set[str]]:
    """The ``interpreter-abi-`` prefixes of the wheels' tags, by platform tag (``any`` too)."""
    by_platform: dict[str, set[str]] = {}
    for name in filenames:
        if not name.endswith(".whl"):
            continue
        base = _basename(name)
        plain = _plain_tags(base)
        if plain is not None:  # what _wheel_tags would say, without a set per file
            _merge(by_platform, *plain)
            continue
        tags = _wheel_tags(base)
        for tag in tags or ():
            head, _, platform = tag.rpartition("-")
            by_platform.setdefault(platform, set()).add(head + "-")
    return by_platform


@functools.cache
def _platform_set(platform: str) -> frozenset[str]:
    return frozenset(platform_tags(platform))


@functools.cache
def _prefix_sets(python: tuple[int, int]) -> tuple[frozenset[str], frozenset[str]]:
    """The ``interpreter-abi-`` prefixes CPython ``python`` pairs with every platform tag,
    and those it takes with ``any`` (its ``*-none-any`` tags, ``any`` cut off)."""
    paired, alone = _interpreter_abis(python)
    return frozenset(paired), frozenset(tag[: -len("any")] for tag in alone)


def has_sdist(filenames: Iterable[str]) -> bool:
    """Whether any file is a source distribution (``.tar.gz``, ``.zip``, ...)."""
    for name in filenames:
        # (No name ending so ends with a suffix of SDIST_SUFFIXES, in any case.)
        if not name.endswith(".whl") and _basename(name).lower().endswith(SDIST_SUFFIXES):
            return True
    return False


def is_pure(filenames: Iterable[str]) -> bool:
    """Whether every wheel among ``filenames`` is pure Python (all its tags ``*-none-any``).

    True when there is no wheel at all: from offline data an sdist-only release cannot
    be told apart from a pure one, and is taken to need no compiler.
    """
    for name in filenames:
        # A name ending so is pure if it is a wheel at all: no need to read its tags.
        if not name.endswith(".whl") or name.endswith("-none-any.whl"):
            continue
        tags = _wheel_tags(_basename(name))
        if tags is None:
            continue
        if not all(tag.endswith("-none-any") for tag in tags):
            return False
    return True
