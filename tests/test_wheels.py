from __future__ import annotations

import subprocess
import sys
import sysconfig
import time

import pytest

from reqhooks.wheels import (
    DEFAULT_PLATFORMS,
    PLATFORMS,
    Coverage,
    PlatformError,
    _interpreter_abis,
    _mac_platforms,
    coverage,
    has_sdist,
    is_pure,
    platform_tags,
    supported_tags,
    wheel_matches,
)


@pytest.mark.parametrize(
    ("platform", "tag"),
    (
        ("linux-x86_64", "manylinux_2_28_x86_64"),
        ("linux-aarch64", "manylinux_2_28_aarch64"),
        ("musllinux-x86_64", "musllinux_1_2_x86_64"),
        ("macos-arm64", "macosx_11_0_arm64"),
        ("macos-x86_64", "macosx_10_13_x86_64"),
        ("windows-amd64", "win_amd64"),
        ("windows-arm64", "win_arm64"),
    ),
)
def test_each_short_name_stands_for_its_documented_baseline(platform: str, tag: str) -> None:
    assert PLATFORMS[platform].tag == tag
    assert platform_tags(platform)[0] == tag


def test_default_platforms_are_short_names() -> None:
    assert DEFAULT_PLATFORMS == ("linux-x86_64", "linux-aarch64", "macos-arm64", "windows-amd64")
    assert set(DEFAULT_PLATFORMS) <= set(PLATFORMS)


@pytest.mark.parametrize(
    ("platform", "expected"),
    (
        pytest.param("windows-amd64", ("win_amd64",), id="windows amd64 is win_amd64 alone"),
        pytest.param("windows-arm64", ("win_arm64",), id="windows arm64 is win_arm64 alone"),
        pytest.param("win32", ("win32",), id="an exact windows tag stands for itself"),
        pytest.param("linux_x86_64", ("linux_x86_64",), id="a bare linux tag stands for itself"),
        pytest.param(
            "musllinux-x86_64",
            (
                "musllinux_1_2_x86_64",
                "musllinux_1_1_x86_64",
                "musllinux_1_0_x86_64",
                "linux_x86_64",
            ),
            id="musl 1.2 takes musllinux 1.2 down to 1.0",
        ),
        pytest.param(
            "musllinux_1_1_x86_64",
            ("musllinux_1_1_x86_64", "musllinux_1_0_x86_64", "linux_x86_64"),
            id="an exact musllinux tag is the oldest host it allows",
        ),
        pytest.param(
            "macos-arm64",
            (
                "macosx_11_0_arm64",
                "macosx_11_0_universal2",
                *(f"macosx_10_{minor}_universal2" for minor in range(16, 3, -1)),
            ),
            id="macOS 11 on arm64 takes universal2 wheels for older macOS",
        ),
        pytest.param(
            "manylinux_2_12_x86_64",
            (
                "manylinux_2_12_x86_64",
                "manylinux2010_x86_64",
                *(f"manylinux_2_{minor}_x86_64" for minor in range(11, 5, -1)),
                "manylinux_2_5_x86_64",
                "manylinux1_x86_64",
                "linux_x86_64",
            ),
            id="glibc 2.12 takes the legacy aliases of 2.12 and 2.5",
        ),
    ),
)
def test_platform_tags(platform: str, expected: tuple[str, ...]) -> None:
    assert platform_tags(platform) == expected


def test_linux_x86_64_keeps_every_glibc_down_to_2_5_with_aliases() -> None:
    tags = platform_tags("linux-x86_64")
    assert tags[:3] == ("manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_26_x86_64")
    assert tags.index("manylinux2014_x86_64") == tags.index("manylinux_2_17_x86_64") + 1
    assert tags.index("manylinux2010_x86_64") == tags.index("manylinux_2_12_x86_64") + 1
    assert tags[-3:] == ("manylinux_2_5_x86_64", "manylinux1_x86_64", "linux_x86_64")
    assert "manylinux_2_29_x86_64" not in tags


def test_aarch64_stops_at_glibc_2_17() -> None:
    tags = platform_tags("linux-aarch64")
    assert tags[-3:] == ("manylinux_2_17_aarch64", "manylinux2014_aarch64", "linux_aarch64")
    assert "manylinux_2_16_aarch64" not in tags


@pytest.mark.parametrize(
    "tag", ("manylinux2014_x86_64", "manylinux_2_17_x86_64"), ids=("legacy alias", "PEP 600")
)
def test_manylinux2014_is_glibc_2_17(tag: str) -> None:
    assert platform_tags(tag) == platform_tags("manylinux_2_17_x86_64")
    assert platform_tags(tag)[:2] == ("manylinux_2_17_x86_64", "manylinux2014_x86_64")


def _linux_host_tags(monkeypatch: pytest.MonkeyPatch, arch: str, glibc: tuple[int, int] | None,
                     musl: tuple[int, int] | None) -> list[str]:  # fmt: skip
    """What packaging.tags yields on a Linux host with this libc (private API: the oracle)."""
    from packaging import _manylinux, _musllinux, tags

    monkeypatch.setattr(sysconfig, "get_platform", lambda: f"linux-{arch}")
    monkeypatch.setattr(_manylinux, "_have_compatible_abi", lambda *_: glibc is not None)
    monkeypatch.setattr(_manylinux, "_get_glibc_version", lambda: glibc or (-1, -1))
    monkeypatch.setattr(_manylinux, "_get_manylinux_module", lambda: None, raising=False)
    monkeypatch.setattr(
        _musllinux,
        "_get_musl_version",
        lambda _: _musllinux._MuslVersion(*musl) if musl else None,
    )
    return list(tags._linux_platforms(is_32bit=False))


@pytest.mark.parametrize(
    ("platform", "arch", "glibc", "musl"),
    (
        ("linux-x86_64", "x86_64", (2, 28), None),
        ("linux-aarch64", "aarch64", (2, 28), None),
        ("manylinux_2_17_x86_64", "x86_64", (2, 17), None),
        ("manylinux2014_aarch64", "aarch64", (2, 17), None),
        ("manylinux_2_35_x86_64", "x86_64", (2, 35), None),
        ("manylinux_2_12_i686", "i686", (2, 12), None),
        ("manylinux_2_31_ppc64le", "ppc64le", (2, 31), None),
        ("musllinux-x86_64", "x86_64", None, (1, 2)),
        ("musllinux_1_1_aarch64", "aarch64", None, (1, 1)),
    ),
)
def test_linux_expansion_is_the_one_packaging_computes_on_that_host(
    monkeypatch: pytest.MonkeyPatch,
    platform: str,
    arch: str,
    glibc: tuple[int, int] | None,
    musl: tuple[int, int] | None,
) -> None:
    expected = _linux_host_tags(monkeypatch, arch, glibc, musl)
    assert set(platform_tags(platform)) == set(expected)
    assert len(platform_tags(platform)) == len(expected)


@pytest.mark.parametrize(
    ("platform", "version", "arch"),
    (
        ("macos-arm64", (11, 0), "arm64"),
        ("macos-x86_64", (10, 13), "x86_64"),
        ("macosx_14_0_arm64", (14, 0), "arm64"),
        ("macosx_10_9_universal2", (10, 9), "universal2"),
    ),
)
def test_macos_expansion_is_packaging_mac_platforms(
    platform: str, version: tuple[int, int], arch: str
) -> None:
    from packaging.tags import mac_platforms

    assert platform_tags(platform) == tuple(mac_platforms(version, arch))


@pytest.mark.parametrize(
    "platform",
    ("linux", "Linux-x86_64", "macos", "manylinux_2_x86_64", "win-amd64", "", "freebsd_14_amd64"),
)
def test_unknown_platform_is_an_error_that_names_the_choices(platform: str) -> None:
    with pytest.raises(PlatformError) as excinfo:
        platform_tags(platform)
    assert str(excinfo.value) == (
        f"Unknown platform {platform!r}; expected one of linux-x86_64, linux-aarch64,"
        " musllinux-x86_64, macos-arm64, macos-x86_64, windows-amd64, windows-arm64"
        " or an exact tag like manylinux_2_17_x86_64"
    )
    assert isinstance(excinfo.value, ValueError)


def test_supported_tags_for_cpython_312_on_windows() -> None:
    assert supported_tags((3, 12), "windows-amd64") == frozenset(
        {
            "cp312-cp312-win_amd64",
            *(f"cp3{minor}-abi3-win_amd64" for minor in range(2, 13)),
            "cp312-none-win_amd64",
            *(f"py3{minor}-none-win_amd64" for minor in range(13)),
            "py3-none-win_amd64",
            "cp312-none-any",
            *(f"py3{minor}-none-any" for minor in range(13)),
            "py3-none-any",
        }
    )


@pytest.mark.parametrize("arch", ["x86_64", "arm64", "i386", "ppc", "ppc64", "intel", "universal2"])
def test_mac_platforms_are_packagings(arch: str) -> None:
    from packaging.tags import mac_platforms

    versions = [(10, minor) for minor in range(17)] + [(major, minor) for major in range(11, 17) for minor in (0, 3)]
    for version in versions:
        assert _mac_platforms(version, arch) == list(mac_platforms(version, arch)), version


@pytest.mark.parametrize("python", [(3, minor) for minor in range(17)])
def test_interpreter_tags_are_packagings(python: tuple[int, int]) -> None:
    # wheels writes packaging.tags' generation out (importing packaging.tags costs more than
    # the interpreter's start-up): the same tags, for every platform list.
    from packaging.tags import compatible_tags, cpython_tags

    platforms = ["manylinux_2_17_x86_64", "manylinux2014_x86_64", "linux_x86_64"]
    interpreter = f"cp{python[0]}{python[1]}"
    expected = {
        str(tag)
        for tags in (
            cpython_tags(python, abis=[interpreter], platforms=platforms),
            compatible_tags(python, interpreter=interpreter, platforms=platforms),
        )
        for tag in tags
    }
    paired, alone = _interpreter_abis(python)
    assert {pair + platform for pair in paired for platform in platforms} | set(alone) == expected
    assert len(paired) + len(alone) == len(set(paired) | set(alone))


@pytest.mark.parametrize(
    ("python", "platform", "tag", "expected"),
    (
        pytest.param((3, 13), "linux-x86_64", "cp313-cp313t-manylinux_2_17_x86_64", False,
                     id="free-threaded ABI is not the default ABI"),
        pytest.param((3, 15), "linux-x86_64", "cp315-abi3t-manylinux_2_17_x86_64", False,
                     id="abi3t is for free-threaded builds only"),
        pytest.param((3, 15), "linux-x86_64", "cp311-abi3-manylinux_2_17_x86_64", True,
                     id="abi3 from an older minor"),
        pytest.param((3, 10), "linux-x86_64", "cp311-abi3-manylinux_2_17_x86_64", False,
                     id="abi3 from a newer minor"),
        pytest.param((3, 12), "linux-x86_64", "cp312-cp312d-manylinux_2_17_x86_64", False,
                     id="debug ABI is not the default ABI"),
        pytest.param((3, 12), "macos-x86_64", "cp312-cp312-macosx_10_9_x86_64", True,
                     id="older macOS wheel on macOS 10.13"),
        pytest.param((3, 12), "macos-x86_64", "cp312-cp312-macosx_10_14_x86_64", False,
                     id="newer macOS wheel on macOS 10.13"),
    ),
)  # fmt: skip
def test_supported_tags_membership(
    python: tuple[int, int], platform: str, tag: str, expected: bool
) -> None:
    assert (tag in supported_tags(python, platform)) is expected


@pytest.mark.parametrize(
    ("filename", "python", "platform", "expected"),
    (
        pytest.param("numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                     (3, 12), "linux-x86_64", True, id="compressed tag set, one part matches"),
        pytest.param("numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                     (3, 13), "linux-x86_64", False, id="wrong Python"),
        pytest.param("numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                     (3, 12), "linux-aarch64", False, id="wrong architecture"),
        pytest.param("x-1.0-cp312-cp312-manylinux_2_34_x86_64.whl", (3, 12), "linux-x86_64", False,
                     id="glibc newer than the 2.28 baseline"),
        pytest.param("x-1.0-cp312-cp312-manylinux_2_34_x86_64.whl", (3, 12),
                     "manylinux_2_35_x86_64", True, id="an exact newer baseline takes it"),
        pytest.param("x-1.0-cp312-cp312-musllinux_1_1_x86_64.whl", (3, 12), "linux-x86_64", False,
                     id="musllinux wheel on a glibc host"),
        pytest.param("x-1.0-cp312-cp312-musllinux_1_1_x86_64.whl", (3, 12), "musllinux-x86_64",
                     True, id="musllinux wheel on a musl host"),
        pytest.param("x-1.0-cp39-abi3-macosx_10_9_universal2.whl", (3, 14), "macos-arm64", True,
                     id="abi3 universal2 on Apple silicon"),
        pytest.param("x-1.0-cp312-cp312-win32.whl", (3, 12), "windows-amd64", False,
                     id="32-bit Windows wheel on amd64"),
        pytest.param("x-1.0-py3-none-any.whl", (3, 14), "windows-arm64", True, id="pure wheel"),
        pytest.param("X_Y-1.0-1-py3-none-any.whl", (3, 14), "linux-x86_64", True,
                     id="build tag and unnormalised name"),
        pytest.param("https://files.example/x-1.0-py3-none-any.whl", (3, 12), "linux-x86_64", True,
                     id="a URL is judged by its last segment"),
        pytest.param("x-1.0.tar.gz", (3, 12), "linux-x86_64", False, id="an sdist is no wheel"),
        pytest.param("x-1.0-py3-none.whl", (3, 12), "linux-x86_64", False, id="too few parts"),
        pytest.param("x-not a version-py3-none-any.whl", (3, 12), "linux-x86_64", False,
                     id="invalid version"),
        pytest.param("", (3, 12), "linux-x86_64", False, id="empty name"),
    ),
)  # fmt: skip
def test_wheel_matches(
    filename: str, python: tuple[int, int], platform: str, expected: bool
) -> None:
    assert wheel_matches(filename, python, platform) is expected


def test_wheel_matches_rejects_an_unknown_platform() -> None:
    with pytest.raises(PlatformError):
        wheel_matches("x-1.0-py3-none-any.whl", (3, 12), "solaris")


TIKTOKEN_LIKE = (
    "tok-0.7.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "tok-0.7.0-cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
    "tok-0.7.0-cp312-cp312-macosx_11_0_arm64.whl",
    "tok-0.7.0-cp312-cp312-win_amd64.whl",
    "tok-0.7.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "tok-0.7.0.tar.gz",
)


def test_coverage_reports_every_target_in_order() -> None:
    result = coverage(TIKTOKEN_LIKE, [(3, 12), (3, 13)], ["linux-x86_64", "macos-arm64"])
    assert result == [
        Coverage((3, 12), "linux-x86_64", has_wheel=True),
        Coverage((3, 12), "macos-arm64", has_wheel=True),
        Coverage((3, 13), "linux-x86_64", has_wheel=True),
        Coverage((3, 13), "macos-arm64", has_wheel=False),
    ]


def test_coverage_agrees_with_wheel_matches() -> None:
    pythons = [(3, 10), (3, 12), (3, 13), (3, 14)]
    for item in coverage(TIKTOKEN_LIKE, pythons, PLATFORMS):
        expected = any(wheel_matches(f, item.python, item.platform) for f in TIKTOKEN_LIKE)
        assert item.has_wheel is expected, item


def test_coverage_with_no_files_has_no_wheel() -> None:
    assert coverage([], [(3, 12)], ["windows-amd64"]) == [Coverage((3, 12), "windows-amd64", False)]


@pytest.mark.parametrize(
    ("filenames", "expected"),
    (
        pytest.param(["x-1.0.tar.gz"], True, id="tar.gz"),
        pytest.param(["x-1.0.zip"], True, id="zip"),
        pytest.param(["x-1.0.tar.bz2"], True, id="tar.bz2"),
        pytest.param(["X-1.0.TAR.GZ"], True, id="upper case"),
        pytest.param(["https://h/x/x-1.0.tar.gz"], True, id="URL"),
        pytest.param(["x-1.0-py3-none-any.whl"], False, id="wheel only"),
        pytest.param(["x-1.0.exe", "x-1.0-py2.7.egg"], False, id="installers and eggs"),
        pytest.param([], False, id="nothing"),
    ),
)
def test_has_sdist(filenames: list[str], expected: bool) -> None:
    assert has_sdist(filenames) is expected


@pytest.mark.parametrize(
    ("filenames", "expected"),
    (
        pytest.param(["x-1.0-py3-none-any.whl", "x-1.0.tar.gz"], True, id="pure wheel and sdist"),
        pytest.param(["x-1.0-py2.py3-none-any.whl"], True, id="compressed pure tags"),
        pytest.param(["x-1.0-cp312-none-any.whl"], True, id="interpreter-specific pure"),
        pytest.param(["x-1.0.tar.gz"], True, id="sdist only: no wheel says otherwise"),
        pytest.param([], True, id="no files"),
        pytest.param(["x-1.0-py3-none-any.whl", "x-1.0-cp312-cp312-win_amd64.whl"], False,
                     id="one binary wheel"),
        pytest.param(["x-1.0-py3-none-manylinux_2_17_x86_64.whl"], False, id="platform wheel"),
        pytest.param(["x-1.0-cp39-abi3-any.whl"], False, id="abi3 is no pure ABI"),
    ),
)  # fmt: skip
def test_is_pure(filenames: list[str], expected: bool) -> None:
    assert is_pure(filenames) is expected


def _synthetic_index(count: int) -> list[list[str]]:
    """``count`` releases shaped like PyPI's: mostly pure, some with 40-odd binary wheels."""
    binary_tags = [
        f"cp3{minor}-cp3{minor}-{plat}"
        for minor in range(9, 15)
        for plat in (
            "manylinux_2_17_x86_64.manylinux2014_x86_64",
            "manylinux_2_17_aarch64.manylinux2014_aarch64",
            "musllinux_1_2_x86_64",
            "macosx_10_9_x86_64",
            "macosx_11_0_arm64",
            "win_amd64",
            "win32",
        )
    ]
    releases = []
    for n in range(count):
        name = f"pkg{n}"
        if n % 5 == 0:  # one in five is binary
            files = [f"{name}-1.{n}-{tags}.whl" for tags in binary_tags]
        else:
            files = [f"{name}-1.{n}-py3-none-any.whl"]
        releases.append([*files, f"{name}-1.{n}.tar.gz"])
    return releases


def test_deciding_a_big_lock_is_fast() -> None:
    # 3,000 releases (600 with 42 binary wheels each) x 4 Pythons x 4 platforms =
    # 48,000 decisions: measured 0.25 s on the 2-core dev machine (Python 3.11,
    # packaging 26.3), of which 0.18 s is parse_wheel_filename on the 27,600 wheel
    # names (each parsed once); the tag sets per (Python, platform) are built once.
    releases = _synthetic_index(3000)
    pythons = [(3, 11), (3, 12), (3, 13), (3, 14)]
    start = time.perf_counter()
    results = [coverage(files, pythons, DEFAULT_PLATFORMS) for files in releases]
    elapsed = time.perf_counter() - start
    assert sum(len(r) for r in results) == 48_000
    assert elapsed < 2.0  # generous: a slow CI box, not a benchmark


def test_importing_the_module_does_not_import_packaging() -> None:
    code = (
        "import sys, reqhooks.wheels, reqhooks.data.cpython;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'packaging'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out == "[]\n"
