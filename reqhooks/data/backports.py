"""Standard-library backports on PyPI, and the false friends that only look like them.

Each entry says which stdlib module a distribution stands in for, from which CPython on that
is pointless or dangerous, what to write instead, and where the fact comes from.  The
backport rules (BKP001-BKP004) read this table; they hold no knowledge of their own.

Kinds:

``harmful``
    On a current CPython 3 the distribution breaks something: its install fails (a Python 2
    setup script, a C extension that no longer compiles, or every release excludes the
    target through ``Requires-Python``); or it installs a top-level module under the stdlib's
    own import name that is broken today and wins import resolution wherever the install
    directory precedes the stdlib (``pip install -t``, AWS Lambda layers, Azure Functions,
    vendored directories, zipapps); or common tools refuse it (PyInstaller rejects
    ``enum34``, ``typing`` and ``pathlib``).  ``breaks`` says how.  A ``Requires-Python``
    guard on the newest release does not help: pip backtracks to an older, unguarded one.
``redundant``
    Installs and works, but is useless once every target Python is at least ``since``.
``feature-backport``
    Tracks features newer than the stdlib has, so it is used legitimately on new Pythons.
``py2-compat``
    A Python 2/3 compatibility layer rather than a backport of one module.
``not-a-backport``
    A false friend: the name suggests a backport, but it is an independent library, a data
    package or a different build.  Listed so that no name heuristic ever flags it.
``reverse-backport``
    Redistributes a module that CPython ``removed`` (PEP 594 "dead batteries" and the like):
    needed on new Pythons, redundant on the ones that still ship the module.

``since`` is the CPython version X for which ``python_version < "X"`` is the right marker:
the first CPython 3 that ships the module at the parity the package's users need (3.10 for
``importlib-metadata``, whose selectable entry points arrived then).  Distributions that
refuse Python 3 altogether use ``(3, 0)``.

Facts marked "reproduced" were checked by installing the distribution into a scratch target
directory with pip on CPython 3.11.7, 3.12.1 or 3.13.0 in November 2026.

This module imports only the standard library: it is read on every run.
"""

from __future__ import annotations

from reqhooks._names import canonical
from reqhooks._record import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Literal, TypeAlias

    Kind: TypeAlias = Literal[
        "harmful", "redundant", "feature-backport", "py2-compat", "not-a-backport", "reverse-backport"
    ]
else:
    Kind = str  # the alias is for type checkers; the name stays importable

__all__ = ["BACKPORTS", "KINDS", "Backport", "Kind", "canonical", "lookup"]

#: The values ``Kind`` allows.
KINDS: Final[frozenset[str]] = frozenset(
    ("harmful", "redundant", "feature-backport", "py2-compat", "not-a-backport", "reverse-backport")
)

_setattr = object.__setattr__


class Backport(Frozen):
    """One distribution that backports, redistributes or merely resembles a stdlib module."""

    __slots__ = (
        "name",  # PEP 503 canonical distribution name, e.g. "backports-zoneinfo"
        "modules",  # stdlib module(s) or feature it stands in for
        "since",  # first CPython at the parity users need (see module doc)
        "kind",
        "replacement",  # what to write instead, one short sentence
        "source",  # where the facts come from
        "removed",  # reverse backports: CPython that removed the module
        "breaks",  # harmful only: how it breaks
    )

    name: str
    modules: tuple[str, ...]
    since: tuple[int, int] | None
    kind: Kind
    replacement: str
    source: str
    removed: tuple[int, int] | None
    breaks: str

    def __init__(
        self,
        name: str,
        modules: tuple[str, ...],
        since: tuple[int, int] | None,
        kind: Kind,
        replacement: str,
        source: str,
        removed: tuple[int, int] | None = None,
        breaks: str = "",
    ) -> None:
        _setattr(self, "name", name)
        _setattr(self, "modules", modules)
        _setattr(self, "since", since)
        _setattr(self, "kind", kind)
        _setattr(self, "replacement", replacement)
        _setattr(self, "source", source)
        _setattr(self, "removed", removed)
        _setattr(self, "breaks", breaks)


def _dead_battery(
    module: str,
    removed: tuple[int, int],
    pep: str = "PEP 594 (https://peps.python.org/pep-0594/)",
) -> Backport:
    """A ``standard-<module>`` wheel of the python-deadlib project: the removed module, as is."""
    return Backport(
        name=f"standard-{module}",
        modules=(module,),
        since=None,
        kind="reverse-backport",
        replacement=(
            f"keep it where `{module}` is gone; write `standard-{module}; python_version >="
            f' "{removed[0]}.{removed[1]}"` so older Pythons use their own copy'
        ),
        source=(
            f"https://pypi.org/project/standard-{module}/ (Standard library {module}"
            f' redistribution, "dead battery"); https://github.com/youknowone/python-deadlib; {pep}'
        ),
        removed=removed,
    )


_PYINSTALLER: Final = (
    "PyInstaller compat.py refuses it (https://github.com/pyinstaller/pyinstaller/blob/develop/"
    "PyInstaller/compat.py)"
)

_ENTRIES: Final[tuple[Backport, ...]] = (
    # ------------------------------------------------------------------------------------------
    # Harmful: the install fails, or a broken module shadows the stdlib, or tools refuse it.
    # ------------------------------------------------------------------------------------------
    Backport(
        name="pathlib",
        modules=("pathlib",),
        since=(3, 4),
        kind="harmful",
        replacement=(
            "delete it and use the stdlib `pathlib`; when a dependency drags it in (mega.py"
            " 1.0.8 requires pathlib==1.0.1) a pip constraints file cannot remove it, so drop or"
            " replace that package, install it with `--no-deps`, or with uv add"
            " `pathlib; sys_platform == 'never'` to `[tool.uv] override-dependencies`"
        ),
        source=(
            "PEP 428 (https://peps.python.org/pep-0428/);"
            " https://github.com/gleitz/howdoi/issues/447;"
            " https://github.com/TexZK/hexrec/issues/13;"
            f" https://github.com/zalando/python-nsenter/issues/23; {_PYINSTALLER}"
        ),
        breaks=(
            "1.0.1 installs a top-level `pathlib.py` that fails to import on Python >= 3.10"
            " (`from collections import Sequence`) wherever it wins over the stdlib (pip -t,"
            " Lambda, vendored directories), and PyInstaller refuses to build while it is installed"
        ),
    ),
    Backport(
        name="typing",
        modules=("typing",),
        since=(3, 5),
        kind="harmful",
        replacement=(
            'delete it, or write `typing; python_version < "3.5"`; for newer typing features'
            " use `typing-extensions`"
        ),
        source=(
            "PEP 484 (https://peps.python.org/pep-0484/);"
            " https://github.com/python/cpython/issues/84812;"
            " https://github.com/CyberSource/cybersource-rest-client-python/issues/20;"
            f" {_PYINSTALLER}"
        ),
        breaks=(
            "3.10.0.0 requires Python < 3.5, so pip backtracks to 3.7.4.3, whose top-level"
            " `typing.py` fails with \"type object 'Callable' has no attribute '_abc_registry'\""
            " when it wins over the stdlib (Lambda, pip -t), and PyInstaller refuses it"
        ),
    ),
    Backport(
        name="enum34",
        modules=("enum",),
        since=(3, 4),
        kind="harmful",
        replacement=(
            "delete it and use the stdlib `enum`; if Python < 3.4 is supported, write"
            ' `enum34; python_version < "3.4"`'
        ),
        source=(
            "PEP 435 (https://peps.python.org/pep-0435/);"
            " https://github.com/llnl/maestrowf/issues/175;"
            " https://github.com/BlueBrain/NeuroM/issues/771;"
            f" https://github.com/pyinstaller/pyinstaller/issues/3621; {_PYINSTALLER}"
        ),
        breaks=(
            "installs a top-level `enum` package without `IntFlag` (3.6), so `import re` fails"
            " with \"module 'enum' has no attribute 'IntFlag'\" when it wins (pip's own build"
            " subprocess included), and PyInstaller refuses it"
        ),
    ),
    Backport(
        name="dataclasses",
        modules=("dataclasses",),
        since=(3, 7),
        kind="harmful",
        replacement='delete it, or write `dataclasses; python_version < "3.7"`',
        source=(
            "PEP 557 (https://peps.python.org/pep-0557/);"
            " https://github.com/trailofbits/cvedb/issues/6;"
            " https://github.com/konradhalas/dacite/issues/48;"
            " https://github.com/google-deepmind/launchpad/issues/3;"
            " https://github.com/mitsuse/typedjson-python/issues/8"
        ),
        breaks=(
            "0.7 and 0.8 require Python < 3.7, so pip falls back to 0.6, whose top-level"
            " `dataclasses.py` fails with \"module 'typing' has no attribute '_ClassVar'\" when it"
            " wins over the stdlib (Lambda layers, Azure Functions, vendored directories)"
        ),
    ),
    Backport(
        name="futures",
        modules=("concurrent.futures",),
        since=(3, 0),
        kind="harmful",
        replacement=(
            "use the stdlib `concurrent.futures`; if Python 2 is supported, write"
            ' `futures; python_version < "3"`'
        ),
        source=(
            "PEP 3148 (https://peps.python.org/pep-3148/);"
            " https://github.com/agronholm/pythonfutures/issues/83;"
            " https://github.com/instavm/clickclickclick/issues/13; reproduced on CPython 3.13"
        ),
        breaks=(
            "3.1.2 and later refuse Python 3 (Requires-Python < 3), so pip falls back to 3.0.5,"
            " which installs a Python 2 `concurrent/futures` package (SyntaxError) that can win"
            " over the stdlib"
        ),
    ),
    Backport(
        name="functools32",
        modules=("functools",),
        since=(3, 0),
        kind="harmful",
        replacement=(
            "use the stdlib `functools`; if Python 2 is supported, write"
            ' `functools32; python_version < "3"`'
        ),
        source="https://pypi.org/project/functools32/; reproduced on CPython 3.11",
        breaks='its install fails on Python 3: "This backport is for Python 2.7 only."',
    ),
    Backport(
        name="asyncio",
        modules=("asyncio",),
        since=(3, 4),
        kind="harmful",
        replacement=(
            "delete it: `asyncio` is in the stdlib since 3.4 (PyPI's asyncio 4.0.0 is an empty"
            " placeholder that says so)"
        ),
        source=(
            "PEP 3156 (https://peps.python.org/pep-3156/); https://pypi.org/project/asyncio/"
            ' (4.0.0: "Do not install this package"); asyncio-3.4.3 wheel, asyncio/tasks.py'
            " line 499 (reproduced)"
        ),
        breaks=(
            "3.4.3, the version old requirement files pin, installs a top-level `asyncio` package"
            " whose `tasks.py` defines `def async(...)`, a SyntaxError since Python 3.7, and it"
            " wins over the stdlib under pip -t, Lambda or vendored directories"
        ),
    ),
    Backport(
        name="backports-zoneinfo",
        modules=("zoneinfo",),
        since=(3, 9),
        kind="harmful",
        replacement=(
            "use the stdlib `zoneinfo` module (plus `tzdata` where the OS has no tz database);"
            ' if Python < 3.9 is supported, write `backports.zoneinfo; python_version < "3.9"`'
        ),
        source=(
            "PEP 615 (https://peps.python.org/pep-0615/);"
            " https://github.com/pganssle/zoneinfo/issues/111;"
            " https://github.com/basxsoftwareassociation/bread/issues/100;"
            " https://github.com/PrefectHQ/prefect/issues/9943; reproduced on CPython 3.13"
        ),
        breaks=(
            "0.2.1 has wheels only up to cp38 and its C extension fails to compile on"
            " Python >= 3.10 (`_PyLong_One` undeclared), so the install fails"
        ),
    ),
    Backport(
        name="pickle5",
        modules=("pickle",),
        since=(3, 8),
        kind="harmful",
        replacement=(
            "use the stdlib `pickle` (protocol 5 since 3.8); if Python < 3.8 is supported,"
            ' write `pickle5; python_version < "3.8"`'
        ),
        source=(
            "PEP 574 (https://peps.python.org/pep-0574/); https://pypi.org/project/pickle5/;"
            " reproduced on CPython 3.11 and 3.13"
        ),
        breaks=(
            "0.0.12 requires Python < 3.8, so pip falls back to the 0.0.11 sdist, whose C"
            " extension fails to compile on 3.11 and later"
        ),
    ),
    Backport(
        name="typed-ast",
        modules=("ast",),
        since=(3, 8),
        kind="harmful",
        replacement=(
            "use the stdlib `ast` with `type_comments=True` and `feature_version` (3.8+); if"
            ' Python < 3.8 is supported, write `typed-ast; python_version < "3.8"`'
        ),
        source=(
            "https://pypi.org/project/typed-ast/ (end of life, last release 1.5.5 in 2023);"
            " https://docs.python.org/3/library/ast.html#ast.parse (type_comments, new in 3.8);"
            " reproduced on CPython 3.12 and 3.13"
        ),
        breaks=(
            "no wheels for Python 3.12 and later, so pip compiles the sdist, and that build fails"
            " on CPython 3.13 (unknown type name `PyFutureFeatures`)"
        ),
    ),
    Backport(
        name="pysha3",
        modules=("hashlib.sha3_256",),
        since=(3, 6),
        kind="harmful",
        replacement=(
            "use `hashlib.sha3_256` and friends (3.6+); for pre-standard Keccak use"
            " `safe-pysha3` or `pycryptodome`"
        ),
        source=(
            'https://pypi.org/project/pysha3/ ("SHA-3 (Keccak) for Python 2.7 - 3.5");'
            " https://docs.python.org/3/library/hashlib.html; reproduced on CPython 3.11 and 3.13"
        ),
        breaks="its C extension fails to compile on Python >= 3.11 (`pystrhex.h` not found)",
    ),
    Backport(
        name="pyblake2",
        modules=("hashlib.blake2b",),
        since=(3, 6),
        kind="harmful",
        replacement="use `hashlib.blake2b` / `hashlib.blake2s` (3.6+)",
        source=(
            "https://pypi.org/project/pyblake2/; https://docs.python.org/3/library/hashlib.html"
            "#blake2; reproduced on CPython 3.12 and 3.13"
        ),
        breaks=(
            "1.1.2 (2018) is built from source and its C extension fails to compile on"
            " CPython 3.12 and 3.13 (lvalue required as left operand of assignment)"
        ),
    ),
    Backport(
        name="uuid",
        modules=("uuid",),
        since=(3, 0),
        kind="harmful",
        replacement="delete it: `uuid` is a stdlib module",
        source="https://pypi.org/project/uuid/ (1.30, 2007); reproduced on CPython 3.11 and 3.13",
        breaks=(
            "1.30 installs a top-level Python 2 `uuid.py` (SyntaxError) that wins over the stdlib"
            " under pip -t and similar layouts"
        ),
    ),
    Backport(
        name="wsgiref",
        modules=("wsgiref",),
        since=(3, 0),
        kind="harmful",
        replacement="delete it: `wsgiref` is a stdlib module",
        source=(
            "PEP 333 (https://peps.python.org/pep-0333/); https://pypi.org/project/wsgiref/;"
            " reproduced on CPython 3.11 and 3.13"
        ),
        breaks="0.1.2 (2006) fails to install on Python 3: its setup script is Python 2",
    ),
    Backport(
        name="hashlib",
        modules=("hashlib",),
        since=(3, 0),
        kind="harmful",
        replacement="delete it: `hashlib` is a stdlib module",
        source="https://pypi.org/project/hashlib/ (20081119, yanked); reproduced on CPython 3.11",
        breaks=(
            "its only release is yanked, and installing it pinned fails on Python 3: setup.py is"
            " Python 2 (`print` statement)"
        ),
    ),
    Backport(
        name="ssl",
        modules=("ssl",),
        since=(3, 0),
        kind="harmful",
        replacement="delete it: `ssl` is a stdlib module",
        source=(
            'https://pypi.org/project/ssl/ ("SSL wrapper for socket objects (2.3, 2.4, 2.5'
            ' compatible)"); reproduced on CPython 3.11'
        ),
        breaks="1.16 fails to install on Python 3: setup.py is Python 2 (`print` statement)",
    ),
    Backport(
        name="multiprocessing",
        modules=("multiprocessing",),
        since=(3, 0),
        kind="harmful",
        replacement="delete it: `multiprocessing` is a stdlib module",
        source=(
            'https://pypi.org/project/multiprocessing/ ("Backport of the multiprocessing package'
            ' to Python 2.4 and 2.5"); reproduced on CPython 3.11'
        ),
        breaks="2.6.2.1 fails to install on Python 3: setup.py is Python 2 (`print` statement)",
    ),
    Backport(
        name="email",
        modules=("email",),
        since=(3, 0),
        kind="harmful",
        replacement="delete it: `email` is a stdlib package",
        source=(
            'https://pypi.org/project/email/ ("Standalone email package", 4.0.2, 2007);'
            " reproduced on CPython 3.12 and 3.13"
        ),
        breaks=(
            "4.0.2 fails to install on Python 3 (SyntaxError: multiple exception types must be"
            " parenthesized)"
        ),
    ),
    Backport(
        name="logging",
        modules=("logging",),
        since=(3, 0),
        kind="harmful",
        replacement="delete it: `logging` is a stdlib package",
        source="https://pypi.org/project/logging/ (0.4.9.6); reproduced on CPython 3.12 and 3.13",
        breaks=(
            "0.4.9.6 installs a top-level Python 2 `logging` package (SyntaxError) that wins over"
            " the stdlib under pip -t and similar layouts"
        ),
    ),
    Backport(
        name="hmac",
        modules=("hmac",),
        since=(3, 0),
        kind="harmful",
        replacement="delete it: `hmac` is a stdlib module",
        source="https://pypi.org/project/hmac/ (20101005); reproduced on CPython 3.12 and 3.13",
        breaks=(
            "installs a top-level Python 2 `hmac.py` (NameError: `xrange`) that wins over the"
            " stdlib under pip -t and similar layouts"
        ),
    ),
    Backport(
        name="functools",
        modules=("functools",),
        since=(3, 0),
        kind="harmful",
        replacement="delete it: `functools` is a stdlib module",
        source=(
            'https://pypi.org/project/functools/ ("Fast tools for functional programming",'
            " 0.5, 2005); reproduced on CPython 3.13"
        ),
        breaks="0.5's C extension fails to compile on current CPython (no member `ob_type`)",
    ),
    Backport(
        name="enum",
        modules=("enum",),
        since=(3, 4),
        kind="harmful",
        replacement=(
            "delete it: this unrelated enumeration library is neither the stdlib `enum` (3.4+)"
            " nor its backport `enum34`"
        ),
        source=(
            'https://pypi.org/project/enum/ ("Robust enumerated type support in Python", 0.4.7);'
            " reproduced on CPython 3.11"
        ),
        breaks=(
            "its setup script imports `enum`, gets the stdlib module and fails (\"module 'enum'"
            " has no attribute '__version__'\"), so the install fails on Python 3"
        ),
    ),
    Backport(
        name="secrets",
        modules=("secrets",),
        since=(3, 6),
        kind="harmful",
        replacement=(
            "delete it: `secrets` is a stdlib module since 3.6 (PEP 506); the Python 2 backport"
            " is `python2-secrets`"
        ),
        source=(
            'https://pypi.org/project/secrets/ ("Scripts to manage LDAP users and change LDAP'
            ' passwords"); PEP 506; reproduced on CPython 3.11'
        ),
        breaks=(
            "an unrelated LDAP tool whose setup script imports pyOpenSSL, which pip's isolated"
            ' build environment does not have, so the install fails: "Installing this module'
            ' requires OpenSSL python bindings"'
        ),
    ),
    Backport(
        name="html",
        modules=("html",),
        since=(3, 0),
        kind="harmful",
        replacement="delete it: `html` is a stdlib package; this is an unrelated HTML generator",
        source=(
            'https://pypi.org/project/html/ ("simple, elegant HTML, XHTML and XML generation",'
            " 1.16, 2011); reproduced on CPython 3.12 and 3.13"
        ),
        breaks=(
            "1.16 fails to install on current Python: its setup script calls `str.decode`"
            " (3.12) and imports the removed `cgi` module (3.13)"
        ),
    ),
    Backport(
        name="pysqlite",
        modules=("sqlite3",),
        since=(3, 0),
        kind="harmful",
        replacement="use the stdlib `sqlite3`; for a newer SQLite library use `pysqlite3-binary`",
        source="https://pypi.org/project/pysqlite/ (2.8.3); reproduced on CPython 3.13",
        breaks=(
            'refuses Python 3: "pysqlite is not supported on Python 3. When using Python 3, use'
            ' the sqlite3 module from the standard library."'
        ),
    ),
    Backport(
        name="py2-ipaddress",
        modules=("ipaddress",),
        since=(3, 0),
        kind="harmful",
        replacement=(
            "use the stdlib `ipaddress`; if Python 2 is supported, write"
            ' `py2-ipaddress; python_version < "3"`'
        ),
        source="https://pypi.org/project/py2-ipaddress/; reproduced on CPython 3.13",
        breaks='refuses Python 3: "For Python 3.x, please use the official ipaddress module."',
    ),
    Backport(
        name="backport-ipaddress",
        modules=("ipaddress",),
        since=(3, 3),
        kind="harmful",
        replacement="delete it and use the stdlib `ipaddress` (3.3+)",
        source=(
            "https://pypi.org/project/backport-ipaddress/ (\"Backport of Python 3's ipaddress"
            ' module", 0.1); reproduced on CPython 3.13'
        ),
        breaks=(
            "installs a top-level Python 2 `ipaddress.py` (imports `__builtin__`) that wins over"
            " the stdlib under pip -t and similar layouts"
        ),
    ),
    Backport(
        name="pyliblzma",
        modules=("lzma",),
        since=(3, 3),
        kind="harmful",
        replacement="use the stdlib `lzma` (3.3+)",
        source=(
            "https://pypi.org/project/pyliblzma/ (0.5.3, 2010);"
            " https://docs.python.org/3/library/lzma.html; reproduced on CPython 3.13"
        ),
        breaks="fails to install on Python 3: its setup script uses `xrange`",
    ),
    Backport(
        name="shared-memory38",
        modules=("multiprocessing.shared_memory",),
        since=(3, 8),
        kind="harmful",
        replacement=(
            "use the stdlib `multiprocessing.shared_memory` (3.8+); if Python < 3.8 is"
            ' supported, write `shared-memory38; python_version < "3.8"`'
        ),
        source="https://pypi.org/project/shared-memory38/; reproduced on CPython 3.13",
        breaks='fails to install on Python >= 3.8: "Must run on Python 3.6 or 3.7"',
    ),
    Backport(
        name="backports-asyncio-runner",
        modules=("asyncio.Runner",),
        since=(3, 11),
        kind="harmful",
        replacement=(
            "use `asyncio.Runner` (3.11+); if older Pythons are supported, write"
            ' `backports.asyncio.runner; python_version < "3.11"`'
        ),
        source=(
            "https://pypi.org/project/backports.asyncio.runner/;"
            " https://docs.python.org/3/library/asyncio-runner.html; checked with pip on"
            " CPython 3.13"
        ),
        breaks=(
            "every release declares Requires-Python < 3.11 (1.0.0: < 3.12), so without a marker"
            ' the requirement cannot be installed on 3.12 and later ("No matching distribution")'
        ),
    ),
    Backport(
        name="backports-zstd",
        modules=("compression.zstd",),
        since=(3, 14),
        kind="harmful",
        replacement=(
            "use `compression.zstd` (3.14+); if older Pythons are supported, write"
            ' `backports.zstd; python_version < "3.14"`'
        ),
        source=(
            "PEP 784 (https://peps.python.org/pep-0784/); https://pypi.org/project/backports.zstd/;"
            " checked with pip for Python 3.14"
        ),
        breaks=(
            "every release (0.1.0 to 1.8.0) declares Requires-Python < 3.14, so without a marker"
            ' the requirement cannot be installed on 3.14 and later ("No matching distribution")'
        ),
    ),
    # ------------------------------------------------------------------------------------------
    # The backports.* namespace family.
    # ------------------------------------------------------------------------------------------
    Backport(
        name="backports-tarfile",
        modules=("tarfile",),
        since=(3, 12),
        kind="redundant",
        replacement=(
            "use the stdlib `tarfile` (extraction filters, 3.12); if older Pythons are"
            ' supported, write `backports.tarfile; python_version < "3.12"`'
        ),
        source=(
            "PEP 706 (https://peps.python.org/pep-0706/);"
            " https://pypi.org/project/backports.tarfile/"
        ),
    ),
    Backport(
        name="backports-strenum",
        modules=("enum.StrEnum",),
        since=(3, 11),
        kind="redundant",
        replacement=(
            "use `enum.StrEnum` (3.11+); if older Pythons are supported, write"
            ' `backports.strenum; python_version < "3.11"`'
        ),
        source=(
            "https://pypi.org/project/backports.strenum/ (1.3+ cannot be installed on"
            " Python >= 3.11; pip falls back to 1.2.8);"
            " https://github.com/astral-sh/ruff/issues/8102"
        ),
    ),
    Backport(
        name="backports-cached-property",
        modules=("functools.cached_property",),
        since=(3, 8),
        kind="redundant",
        replacement=(
            "use `functools.cached_property` (3.8+); if older Pythons are supported, write"
            ' `backports.cached-property; python_version < "3.8"`'
        ),
        source=(
            "https://pypi.org/project/backports.cached-property/;"
            " https://docs.python.org/3/library/functools.html#functools.cached_property"
        ),
    ),
    Backport(
        name="backports-functools-lru-cache",
        modules=("functools.lru_cache",),
        since=(3, 3),
        kind="redundant",
        replacement=(
            "use `functools.lru_cache`; if Python 2 is supported, write"
            ' `backports.functools_lru_cache; python_version < "3.3"`'
        ),
        source=(
            'https://pypi.org/project/backports.functools-lru-cache/ ("Backport of'
            ' functools.lru_cache from Python 3.3")'
        ),
    ),
    Backport(
        name="backports-functools-partialmethod",
        modules=("functools.partialmethod",),
        since=(3, 4),
        kind="redundant",
        replacement="use `functools.partialmethod` (3.4+)",
        source=(
            "https://pypi.org/project/backports.functools-partialmethod/;"
            " https://docs.python.org/3/library/functools.html#functools.partialmethod"
        ),
    ),
    Backport(
        name="backports-shutil-get-terminal-size",
        modules=("shutil.get_terminal_size",),
        since=(3, 3),
        kind="redundant",
        replacement=(
            "use `shutil.get_terminal_size`; if Python 2 is supported, write"
            ' `backports.shutil_get_terminal_size; python_version < "3.3"`'
        ),
        source=(
            "https://pypi.org/project/backports.shutil-get-terminal-size/;"
            " https://docs.python.org/3/library/shutil.html#shutil.get_terminal_size"
        ),
    ),
    Backport(
        name="backports-shutil-which",
        modules=("shutil.which",),
        since=(3, 3),
        kind="redundant",
        replacement="use `shutil.which` (3.3+)",
        source=(
            'https://pypi.org/project/backports.shutil-which/ ("Backport of shutil.which from'
            ' Python 3.3")'
        ),
    ),
    Backport(
        name="backports-shutil-chown",
        modules=("shutil.chown",),
        since=(3, 3),
        kind="redundant",
        replacement="use `shutil.chown` (3.3+)",
        source=(
            "https://pypi.org/project/backports.shutil-chown/;"
            " https://docs.python.org/3/library/shutil.html#shutil.chown"
        ),
    ),
    Backport(
        name="backports-shutil-copytree",
        modules=("shutil.copytree",),
        since=(3, 8),
        kind="redundant",
        replacement="use `shutil.copytree(..., dirs_exist_ok=True)` (3.8+)",
        source=(
            "https://pypi.org/project/backports.shutil-copytree/;"
            " https://docs.python.org/3/library/shutil.html#shutil.copytree (dirs_exist_ok, 3.8)"
        ),
    ),
    Backport(
        name="backports-ssl-match-hostname",
        modules=("ssl.match_hostname",),
        since=(3, 5),
        kind="redundant",
        replacement=(
            "delete it: since 3.7 `ssl.SSLContext.check_hostname` does the check (and"
            " `ssl.match_hostname` itself was removed in 3.12); if Python < 3.5 is supported,"
            ' write `backports.ssl_match_hostname; python_version < "3.5"`'
        ),
        source=(
            'https://pypi.org/project/backports.ssl-match-hostname/ ("The ssl.match_hostname()'
            ' function from Python 3.5");'
            " https://docs.python.org/3.11/library/ssl.html#ssl.match_hostname"
        ),
    ),
    Backport(
        name="backports-ssl",
        modules=("ssl",),
        since=(3, 4),
        kind="redundant",
        replacement="use the stdlib `ssl`",
        source=(
            'https://pypi.org/project/backports.ssl/ ("The Python 3.4 standard ssl module API'
            ' implemented on top of pyOpenSSL")'
        ),
    ),
    Backport(
        name="backports-weakref",
        modules=("weakref.finalize", "weakref.WeakMethod"),
        since=(3, 4),
        kind="redundant",
        replacement="use `weakref.finalize` and `weakref.WeakMethod` (3.4+)",
        source=(
            "https://pypi.org/project/backports.weakref/;"
            " https://docs.python.org/3/library/weakref.html#weakref.finalize"
        ),
    ),
    Backport(
        name="backports-csv",
        modules=("csv",),
        since=(3, 0),
        kind="redundant",
        replacement=(
            "use the stdlib `csv`; if Python 2 is supported, write"
            ' `backports.csv; python_version < "3"`'
        ),
        source='https://pypi.org/project/backports.csv/ ("Backport of Python 3 csv module")',
    ),
    Backport(
        name="backports-lzma",
        modules=("lzma",),
        since=(3, 3),
        kind="redundant",
        replacement=(
            "use the stdlib `lzma` (3.3+); its C extension no longer even loads on 3.13"
            " (undefined symbol `_PyDict_SetItemId`, reproduced)"
        ),
        source=(
            "https://pypi.org/project/backports.lzma/ (\"Backport of Python 3.3's 'lzma'"
            ' module"); reproduced on CPython 3.13'
        ),
    ),
    Backport(
        name="backports-datetime-fromisoformat",
        modules=("datetime.datetime.fromisoformat",),
        since=(3, 11),
        kind="redundant",
        replacement=(
            "use `datetime.fromisoformat` (full ISO 8601 since 3.11); if older Pythons are"
            ' supported, write `backports-datetime-fromisoformat; python_version < "3.11"`'
        ),
        source=(
            'https://pypi.org/project/backports-datetime-fromisoformat/ ("Backport of Python'
            " 3.11's datetime.fromisoformat\")"
        ),
    ),
    Backport(
        name="backports-datetime-timestamp",
        modules=("datetime.datetime.timestamp",),
        since=(3, 3),
        kind="redundant",
        replacement="use `datetime.datetime.timestamp()` (3.3+)",
        source=(
            'https://pypi.org/project/backports.datetime-timestamp/ ("Backport of the timestamp'
            ' method from Python 3.3")'
        ),
    ),
    Backport(
        name="backports-entry-points-selectable",
        modules=("importlib.metadata.entry_points",),
        since=(3, 10),
        kind="redundant",
        replacement=(
            "use `importlib.metadata.entry_points(group=...)` (3.10+); if older Pythons are"
            ' supported, write `backports.entry-points-selectable; python_version < "3.10"`'
        ),
        source=(
            "https://pypi.org/project/backports.entry-points-selectable/;"
            " https://docs.python.org/3/library/importlib.metadata.html#entry-points"
        ),
    ),
    Backport(
        name="backports-statistics",
        modules=("statistics",),
        since=(3, 4),
        kind="redundant",
        replacement="use the stdlib `statistics` (3.4+)",
        source=(
            'https://pypi.org/project/backports.statistics/ ("statistics backport 2.6 - 3.3");'
            " PEP 450 (https://peps.python.org/pep-0450/)"
        ),
    ),
    Backport(
        name="backports-abc",
        modules=("collections.abc",),
        since=(3, 5),
        kind="redundant",
        replacement=(
            "use `collections.abc` (Generator, Awaitable, Coroutine: 3.5); if older Pythons are"
            ' supported, write `backports_abc; python_version < "3.5"`'
        ),
        source=(
            'https://pypi.org/project/backports-abc/ ("A backport of recent additions to the'
            " 'collections.abc' module\")"
        ),
    ),
    Backport(
        name="backports-os",
        modules=("os.fsencode", "os.fsdecode"),
        since=(3, 2),
        kind="redundant",
        replacement="use `os.fsencode` / `os.fsdecode` (3.2+)",
        source="https://pypi.org/project/backports.os/ (os.fsencode and os.fsdecode, new in 3.2)",
    ),
    Backport(
        name="backports-tempfile",
        modules=("tempfile.TemporaryDirectory",),
        since=(3, 2),
        kind="redundant",
        replacement="use `tempfile.TemporaryDirectory` (3.2+)",
        source=(
            "https://pypi.org/project/backports.tempfile/;"
            " https://docs.python.org/3/library/tempfile.html#tempfile.TemporaryDirectory"
        ),
    ),
    Backport(
        name="backports-time-perf-counter",
        modules=("time.perf_counter",),
        since=(3, 3),
        kind="redundant",
        replacement="use `time.perf_counter` (3.3+)",
        source=(
            "https://pypi.org/project/backports.time-perf-counter/; PEP 418"
            " (https://peps.python.org/pep-0418/)"
        ),
    ),
    Backport(
        name="backports-unittest-mock",
        modules=("unittest.mock",),
        since=(3, 3),
        kind="redundant",
        replacement="use `unittest.mock` (3.3+)",
        source=(
            'https://pypi.org/project/backports.unittest-mock/ ("Make unittest.mock available'
            ' on older Pythons")'
        ),
    ),
    Backport(
        name="backports-unittest",
        modules=("unittest", "unittest.mock"),
        since=(3, 14),
        kind="redundant",
        replacement=(
            "use the stdlib `unittest` and `unittest.mock`; if Pythons before 3.14 need its"
            ' newer behaviour, write `backports.unittest; python_version < "3.14"`'
        ),
        source=(
            'https://pypi.org/project/backports.unittest/ ("A backport of Python 3.14.x unittest'
            ' and unittest.mock", 0.0.1)'
        ),
    ),
    Backport(
        name="backports-inspect",
        modules=("inspect.signature",),
        since=(3, 3),
        kind="redundant",
        replacement="use the stdlib `inspect` (`inspect.signature`, 3.3+)",
        source=(
            'https://pypi.org/project/backports.inspect/ ("Backport (some) Python 3 inspect'
            ' module features to 2.7")'
        ),
    ),
    Backport(
        name="backports-pbkdf2",
        modules=("hashlib.pbkdf2_hmac",),
        since=(3, 4),
        kind="redundant",
        replacement="use `hashlib.pbkdf2_hmac` (3.4+)",
        source=(
            'https://pypi.org/project/backports.pbkdf2/ ("Fast PBKDF2 for Python 2.6 - 3.4");'
            " https://docs.python.org/3/library/hashlib.html#hashlib.pbkdf2_hmac"
        ),
    ),
    Backport(
        name="backports-html",
        modules=("html",),
        since=(3, 4),
        kind="redundant",
        replacement="use the stdlib `html` (`html.escape`, `html.unescape`: 3.4)",
        source=(
            'https://pypi.org/project/backports.html/ ("Backport of Python 3.4+\'s html module")'
        ),
    ),
    Backport(
        name="backports-httpmethod",
        modules=("http.HTTPMethod",),
        since=(3, 11),
        kind="redundant",
        replacement=(
            "use `http.HTTPMethod` (3.11+); if older Pythons are supported, write"
            ' `backports.httpmethod; python_version < "3.11"`'
        ),
        source=(
            "https://pypi.org/project/backports.httpmethod/;"
            " https://docs.python.org/3/library/http.html#http.HTTPMethod"
        ),
    ),
    Backport(
        name="backports-method-request",
        modules=("urllib.request.Request.method",),
        since=(3, 4),
        kind="redundant",
        replacement="use `urllib.request.Request(..., method=...)` (3.4+)",
        source=(
            "https://pypi.org/project/backports.method-request/; https://bugs.python.org/issue18978"
        ),
    ),
    Backport(
        name="backports-hook-compressed",
        modules=("fileinput.hook_compressed",),
        since=(3, 10),
        kind="redundant",
        replacement="use `fileinput.hook_compressed(..., encoding=...)` (3.10+)",
        source=(
            'https://pypi.org/project/backports.hook-compressed/ ("Backport of'
            ' fileinput.hook_compressed from Python 3.10")'
        ),
    ),
    Backport(
        name="backports-pdb",
        modules=("pdb",),
        since=(3, 7),
        kind="redundant",
        replacement="use the stdlib `pdb` (`python -m pdb -m module`: 3.7)",
        source=(
            "https://pypi.org/project/backports.pdb/; https://docs.python.org/3/library/pdb.html"
        ),
    ),
    Backport(
        name="backports-print-function",
        modules=("print(flush=...)",),
        since=(3, 3),
        kind="redundant",
        replacement="use the builtin `print(..., flush=True)` (3.3+)",
        source=(
            'https://pypi.org/project/backports.print-function/ ("Print function with Python'
            ' 3.3 flush argument")'
        ),
    ),
    Backport(
        name="backports-range",
        modules=("range",),
        since=(3, 3),
        kind="redundant",
        replacement="use the builtin `range`",
        source=(
            'https://pypi.org/project/backports.range/ ("Backport of the python 3.X range class")'
        ),
    ),
    Backport(
        name="backports-test-support",
        modules=("test.support",),
        since=(3, 0),
        kind="redundant",
        replacement="use CPython's own `test.support` (an internal helper, not a public API)",
        source="https://pypi.org/project/backports.test.support/",
    ),
    Backport(
        name="backports-asyncio-queues",
        modules=("asyncio.Queue.shutdown",),
        since=(3, 13),
        kind="redundant",
        replacement=(
            "use `asyncio.Queue.shutdown` (3.13+); if older Pythons are supported, write"
            ' `backports.asyncio.queues; python_version < "3.13"`'
        ),
        source=(
            'https://pypi.org/project/backports.asyncio.queues/ ("Backport python 3.13 asyncio'
            ' Queue with shutdown")'
        ),
    ),
    Backport(
        name="backports-interpreters",
        modules=("concurrent.interpreters",),
        since=(3, 14),
        kind="redundant",
        replacement=(
            "use `concurrent.interpreters` (3.14+); if older Pythons are supported, write"
            ' `backports.interpreters; python_version < "3.14"`'
        ),
        source=(
            "PEP 734 (https://peps.python.org/pep-0734/);"
            " https://pypi.org/project/backports.interpreters/"
        ),
    ),
    Backport(
        name="backports-textwrap",
        modules=("textwrap",),
        since=None,
        kind="feature-backport",
        replacement=(
            "keep it while you need its `text_len` hook: the change it carries"
            " (python/cpython#28136) is not in the stdlib"
        ),
        source=(
            "https://pypi.org/project/backports.textwrap/;"
            " https://github.com/python/cpython/pull/28136"
        ),
    ),
    # ------------------------------------------------------------------------------------------
    # Version-parity backports: the stdlib module exists, the package tracks a newer version.
    # ------------------------------------------------------------------------------------------
    Backport(
        name="importlib-metadata",
        modules=("importlib.metadata",),
        since=(3, 10),
        kind="redundant",
        replacement=(
            "use `importlib.metadata`; if older Pythons are supported, write"
            ' `importlib-metadata; python_version < "3.10"` (a newer floor only if you use APIs'
            " newer than 3.10's)"
        ),
        source=(
            "https://pypi.org/project/importlib-metadata/ (compatibility table: 4.6 ~ 3.10,"
            " 4.13 ~ 3.11, 6.5 ~ 3.12, 7.0 ~ 3.13);"
            " https://docs.python.org/3/library/importlib.metadata.html"
        ),
    ),
    Backport(
        name="importlib-resources",
        modules=("importlib.resources",),
        since=(3, 9),
        kind="redundant",
        replacement=(
            "use `importlib.resources.files()`; if older Pythons are supported, write"
            ' `importlib-resources; python_version < "3.9"`'
        ),
        source=(
            "https://pypi.org/project/importlib-resources/ (compatibility table: 1.3 ~ 3.9,"
            " 5.0 ~ 3.10, 5.7 ~ 3.11, 5.12 ~ 3.12, 6.0 ~ 3.13)"
        ),
    ),
    Backport(
        name="zipp",
        modules=("zipfile.Path",),
        since=(3, 10),
        kind="redundant",
        replacement=(
            "use `zipfile.Path`; if older Pythons are supported, write"
            ' `zipp; python_version < "3.10"` (usually only importlib-metadata pulls it in)'
        ),
        source=(
            "https://pypi.org/project/zipp/ (compatibility table: 3.2 ~ 3.10, 3.5 ~ 3.11,"
            " 3.16 ~ 3.12, 3.18 ~ 3.13)"
        ),
    ),
    Backport(
        name="exceptiongroup",
        modules=("ExceptionGroup", "except*"),
        since=(3, 11),
        kind="redundant",
        replacement=(
            "use the builtin `ExceptionGroup` and `except*`; if older Pythons are supported,"
            ' write `exceptiongroup; python_version < "3.11"`'
        ),
        source=(
            "PEP 654 (https://peps.python.org/pep-0654/); https://pypi.org/project/exceptiongroup/"
        ),
    ),
    Backport(
        name="tomli",
        modules=("tomllib",),
        since=(3, 11),
        kind="redundant",
        replacement=(
            "use `tomllib`; if older Pythons are supported, write `tomli; python_version <"
            ' "3.11"` and `import tomllib` under `if sys.version_info >= (3, 11)`'
        ),
        source="PEP 680 (https://peps.python.org/pep-0680/); https://pypi.org/project/tomli/",
    ),
    Backport(
        name="async-timeout",
        modules=("asyncio.timeout",),
        since=(3, 11),
        kind="redundant",
        replacement=(
            "use `asyncio.timeout` (3.11+); if older Pythons are supported, write"
            ' `async-timeout; python_version < "3.11"`'
        ),
        source=(
            'https://pypi.org/project/async-timeout/ (README: "DEPRECATED ... upstreamed into'
            ' Python 3.11+")'
        ),
    ),
    Backport(
        name="taskgroup",
        modules=("asyncio.TaskGroup", "asyncio.Runner", "asyncio.timeout"),
        since=(3, 11),
        kind="redundant",
        replacement=(
            "use `asyncio.TaskGroup` (3.11+); if older Pythons are supported, write"
            ' `taskgroup; python_version < "3.11"`'
        ),
        source=(
            'https://pypi.org/project/taskgroup/ ("backport of asyncio.TaskGroup,'
            ' asyncio.Runner and asyncio.timeout")'
        ),
    ),
    Backport(
        name="cached-property",
        modules=("functools.cached_property",),
        since=(3, 8),
        kind="redundant",
        replacement=(
            "use `functools.cached_property` (3.8+) unless you use its threaded, async or"
            " TTL variants"
        ),
        source=(
            "https://pypi.org/project/cached-property/;"
            " https://docs.python.org/3/library/functools.html#functools.cached_property"
        ),
    ),
    Backport(
        name="graphlib-backport",
        modules=("graphlib",),
        since=(3, 9),
        kind="redundant",
        replacement=(
            "use the stdlib `graphlib`; if older Pythons are supported, write"
            ' `graphlib-backport; python_version < "3.9"`'
        ),
        source=(
            'https://pypi.org/project/graphlib-backport/ ("Backport of the Python 3.9 graphlib'
            ' module"; installs a top-level `graphlib` package)'
        ),
    ),
    Backport(
        name="contextlib2",
        modules=("contextlib",),
        since=(3, 10),
        kind="redundant",
        replacement=(
            "use the stdlib `contextlib`; if older Pythons are supported, write"
            ' `contextlib2; python_version < "3.10"`'
        ),
        source="https://pypi.org/project/contextlib2/ (21.6.0 is synced with Python 3.10)",
    ),
    Backport(
        name="singledispatch",
        modules=("functools.singledispatch",),
        since=(3, 4),
        kind="redundant",
        replacement=(
            "use `functools.singledispatch`; write `singledispatch; python_version <"
            ' "3.4"` unless you need a newer feature such as union-type registration (3.11)'
        ),
        source=(
            "PEP 443 (https://peps.python.org/pep-0443/); https://pypi.org/project/singledispatch/"
        ),
    ),
    Backport(
        name="mock",
        modules=("unittest.mock",),
        since=(3, 3),
        kind="redundant",
        replacement=(
            "use `unittest.mock` (`AsyncMock` since 3.8); keep `mock` only for fixes newer than"
            " your oldest Python"
        ),
        source=(
            'https://pypi.org/project/mock/ ("Rolling backport of unittest.mock for all'
            ' Pythons"); https://docs.python.org/3/library/unittest.mock.html'
        ),
    ),
    Backport(
        name="pathlib2",
        modules=("pathlib",),
        since=(3, 4),
        kind="redundant",
        replacement=(
            "use the stdlib `pathlib`; if older Pythons are supported, write"
            ' `pathlib2; python_version < "3.4"`'
        ),
        source="https://pypi.org/project/pathlib2/; PEP 428 (https://peps.python.org/pep-0428/)",
    ),
    Backport(
        name="pathlib3x",
        modules=("pathlib",),
        since=(3, 10),
        kind="redundant",
        replacement="use the stdlib `pathlib` unless you use pathlib3x's extensions",
        source=(
            'https://pypi.org/project/pathlib3x/ ("backport of pathlib 3.10 to python 3.6, 3.7,'
            ' 3.8, 3.9 with a few extensions")'
        ),
    ),
    Backport(
        name="configparser",
        modules=("configparser",),
        since=(3, 2),
        kind="redundant",
        replacement=(
            "use the stdlib `configparser` (`import configparser` always gets it; the package"
            " installs only `backports.configparser`)"
        ),
        source=(
            "https://pypi.org/project/configparser/ (7.x installs `backports.configparser`"
            " and needs Python >= 3.11)"
        ),
    ),
    Backport(
        name="configparser2",
        modules=("configparser",),
        since=(3, 5),
        kind="redundant",
        replacement="use the stdlib `configparser`",
        source=(
            'https://pypi.org/project/configparser2/ ("brings the updated configparser from'
            ' Python 3.5 to Python 2.6-3.5")'
        ),
    ),
    Backport(
        name="zipfile36",
        modules=("zipfile",),
        since=(3, 6),
        kind="redundant",
        replacement="use the stdlib `zipfile`",
        source=(
            'https://pypi.org/project/zipfile36/ ("backport of the zipfile module from Python 3.6")'
        ),
    ),
    Backport(
        name="zipfile37",
        modules=("zipfile",),
        since=(3, 7),
        kind="redundant",
        replacement="use the stdlib `zipfile`",
        source=(
            'https://pypi.org/project/zipfile37/ ("backport of the zipfile module from Python 3.7")'
        ),
    ),
    Backport(
        name="zipfile38",
        modules=("zipfile",),
        since=(3, 8),
        kind="redundant",
        replacement="use the stdlib `zipfile`",
        source=(
            'https://pypi.org/project/zipfile38/ ("backport of the zipfile module from Python 3.8")'
        ),
    ),
    Backport(
        name="zipfile39",
        modules=("zipfile",),
        since=(3, 9),
        kind="redundant",
        replacement="use the stdlib `zipfile` unless you use zipfile39's enhancements",
        source=(
            'https://pypi.org/project/zipfile39/ ("Backport of zipfile Python 3.9 to Python 2.7'
            ' with some enhancements")'
        ),
    ),
    Backport(
        name="inspect2",
        modules=("inspect",),
        since=(3, 6),
        kind="redundant",
        replacement="use the stdlib `inspect`",
        source=(
            'https://pypi.org/project/inspect2/ ("Backport of the Python 3.6 inspect module to'
            ' Python 2.7-3.5")'
        ),
    ),
    Backport(
        name="inspect313",
        modules=("inspect",),
        since=(3, 13),
        kind="redundant",
        replacement=(
            "use the stdlib `inspect`; if older Pythons are supported, write"
            ' `inspect313; python_version < "3.13"`'
        ),
        source=(
            'https://pypi.org/project/inspect313/ ("Backport of inspect module from Python3.13")'
        ),
    ),
    Backport(
        name="pprint36",
        modules=("pprint",),
        since=(3, 9),
        kind="redundant",
        replacement="use the stdlib `pprint`",
        source=(
            'https://pypi.org/project/pprint36/ ("Backport of pprint from Python 3.9 to Python'
            ' 3.6-3.8")'
        ),
    ),
    Backport(
        name="textwrap3",
        modules=("textwrap",),
        since=(3, 6),
        kind="redundant",
        replacement="use the stdlib `textwrap` unless you use textwrap3's tweaks",
        source=(
            'https://pypi.org/project/textwrap3/ ("textwrap from Python 3.6 backport (plus a few'
            ' tweaks)")'
        ),
    ),
    Backport(
        name="tempfile312",
        modules=("tempfile",),
        since=(3, 12),
        kind="redundant",
        replacement=(
            "use the stdlib `tempfile` (`NamedTemporaryFile(delete_on_close=...)`: 3.12); if"
            ' older Pythons are supported, write `tempfile312; python_version < "3.12"`'
        ),
        source=(
            "https://pypi.org/project/tempfile312/;"
            " https://docs.python.org/3/library/tempfile.html#tempfile.NamedTemporaryFile"
        ),
    ),
    Backport(
        name="importlib2",
        modules=("importlib",),
        since=(3, 3),
        kind="redundant",
        replacement="use the stdlib `importlib`",
        source=(
            'https://pypi.org/project/importlib2/ ("A backport of the Python 3 importlib package")'
        ),
    ),
    Backport(
        name="traceback2",
        modules=("traceback",),
        since=(3, 5),
        kind="redundant",
        replacement="use the stdlib `traceback`",
        source=(
            'https://pypi.org/project/traceback2/ ("Backports of the traceback module"; a'
            " unittest2 helper)"
        ),
    ),
    Backport(
        name="linecache2",
        modules=("linecache",),
        since=(3, 5),
        kind="redundant",
        replacement="use the stdlib `linecache`",
        source=(
            'https://pypi.org/project/linecache2/ ("Backports of the linecache module"; a'
            " unittest2 helper)"
        ),
    ),
    Backport(
        name="unittest2",
        modules=("unittest",),
        since=(3, 2),
        kind="redundant",
        replacement="use the stdlib `unittest`",
        source=(
            'https://pypi.org/project/unittest2/ ("The new features in unittest backported to'
            ' Python 2.4+"; pulls traceback2, linecache2, six, argparse)'
        ),
    ),
    # ------------------------------------------------------------------------------------------
    # Backports of single functions, classes and language features.
    # ------------------------------------------------------------------------------------------
    Backport(
        name="pkgutil-resolve-name",
        modules=("pkgutil.resolve_name",),
        since=(3, 9),
        kind="redundant",
        replacement=(
            "use `pkgutil.resolve_name` (3.9+); if older Pythons are supported, write"
            ' `pkgutil-resolve-name; python_version < "3.9"`'
        ),
        source=(
            "https://pypi.org/project/pkgutil-resolve-name/ (\"A backport of Python 3.9's"
            ' pkgutil.resolve_name")'
        ),
    ),
    Backport(
        name="astunparse",
        modules=("ast.unparse",),
        since=(3, 9),
        kind="redundant",
        replacement=(
            "use `ast.unparse` (3.9+); its output formatting differs slightly from astunparse's"
        ),
        source=(
            "https://pypi.org/project/astunparse/ (a factored-out copy of CPython's"
            " Tools/parser/unparse.py); https://docs.python.org/3/library/ast.html#ast.unparse"
        ),
    ),
    Backport(
        name="get-annotations",
        modules=("inspect.get_annotations",),
        since=(3, 10),
        kind="redundant",
        replacement="use `inspect.get_annotations` (3.10+)",
        source=(
            "https://pypi.org/project/get-annotations/ (\"A backport of Python 3.10's"
            ' inspect.get_annotation() function")'
        ),
    ),
    Backport(
        name="eval-type-backport",
        modules=("typing._eval_type",),
        since=(3, 10),
        kind="redundant",
        replacement=(
            "needed only where `X | Y` annotations are evaluated before 3.10; write"
            ' `eval-type-backport; python_version < "3.10"`'
        ),
        source=(
            "https://pypi.org/project/eval-type-backport/ (turns `X | Y` into `Union[X, Y]`"
            " on older Pythons)"
        ),
    ),
    Backport(
        name="freedesktop-os-release",
        modules=("platform.freedesktop_os_release",),
        since=(3, 10),
        kind="redundant",
        replacement="use `platform.freedesktop_os_release` (3.10+)",
        source=(
            'https://pypi.org/project/freedesktop-os-release/ ("Backport of'
            ' platform.freedesktop_os_release()")'
        ),
    ),
    Backport(
        name="contextlib-chdir",
        modules=("contextlib.chdir",),
        since=(3, 11),
        kind="redundant",
        replacement=(
            "use `contextlib.chdir` (3.11+); if older Pythons are supported, write"
            ' `contextlib-chdir; python_version < "3.11"`'
        ),
        source=(
            'https://pypi.org/project/contextlib-chdir/ ("Backport of contextlib.chdir stdlib'
            ' class added in Python3.11")'
        ),
    ),
    Backport(
        name="async-exit-stack",
        modules=("contextlib.AsyncExitStack",),
        since=(3, 7),
        kind="redundant",
        replacement="use `contextlib.AsyncExitStack` (3.7+)",
        source=(
            'https://pypi.org/project/async-exit-stack/ ("AsyncExitStack backport for Python 3.5+")'
        ),
    ),
    Backport(
        name="async-generator",
        modules=("contextlib.asynccontextmanager",),
        since=(3, 7),
        kind="redundant",
        replacement=(
            "use native async generators (3.6) and `contextlib.asynccontextmanager` (3.7)"
        ),
        source=(
            "https://pypi.org/project/async-generator/; PEP 525 (https://peps.python.org/pep-0525/)"
        ),
    ),
    Backport(
        name="async-case",
        modules=("unittest.IsolatedAsyncioTestCase",),
        since=(3, 8),
        kind="redundant",
        replacement="use `unittest.IsolatedAsyncioTestCase` (3.8+)",
        source=(
            'https://pypi.org/project/async-case/ ("Backport of Python 3.8\'s unittest.async_case")'
        ),
    ),
    Backport(
        name="singledispatchmethod",
        modules=("functools.singledispatchmethod",),
        since=(3, 8),
        kind="redundant",
        replacement="use `functools.singledispatchmethod` (3.8+)",
        source=(
            'https://pypi.org/project/singledispatchmethod/ ("Backport of'
            ' @functools.singledispatchmethod to Python 2.7-3.7")'
        ),
    ),
    Backport(
        name="sysaudit",
        modules=("sys.audit", "sys.addaudithook"),
        since=(3, 8),
        kind="redundant",
        replacement="use `sys.audit` and `sys.addaudithook` (3.8+)",
        source="PEP 578 (https://peps.python.org/pep-0578/); https://pypi.org/project/sysaudit/",
    ),
    Backport(
        name="contextvars",
        modules=("contextvars",),
        since=(3, 7),
        kind="redundant",
        replacement=(
            "use the stdlib `contextvars`; if Python 3.6 is supported, write"
            ' `contextvars; python_version < "3.7"`'
        ),
        source=(
            "PEP 567 (https://peps.python.org/pep-0567/); https://pypi.org/project/contextvars/"
            " (installs a top-level `contextvars` package)"
        ),
    ),
    Backport(
        name="aiocontextvars",
        modules=("contextvars",),
        since=(3, 7),
        kind="redundant",
        replacement="use the stdlib `contextvars`, which asyncio supports natively since 3.7",
        source=(
            'https://pypi.org/project/aiocontextvars/ ("Asyncio support for PEP-567 contextvars'
            ' backport")'
        ),
    ),
    Backport(
        name="pep562",
        modules=("module __getattr__",),
        since=(3, 7),
        kind="redundant",
        replacement="define module-level `__getattr__` and `__dir__` (3.7+)",
        source="PEP 562 (https://peps.python.org/pep-0562/); https://pypi.org/project/pep562/",
    ),
    Backport(
        name="future-fstrings",
        modules=("f-strings",),
        since=(3, 6),
        kind="redundant",
        replacement="delete it and its `# -*- coding: future_fstrings -*-` headers (3.6+)",
        source=(
            "PEP 498 (https://peps.python.org/pep-0498/); https://pypi.org/project/future-fstrings/"
        ),
    ),
    Backport(
        name="future-annotations",
        modules=("from __future__ import annotations",),
        since=(3, 7),
        kind="redundant",
        replacement="delete it and use `from __future__ import annotations` (3.7+)",
        source=(
            "PEP 563 (https://peps.python.org/pep-0563/);"
            " https://pypi.org/project/future-annotations/"
        ),
    ),
    Backport(
        name="future-breakpoint",
        modules=("breakpoint",),
        since=(3, 7),
        kind="redundant",
        replacement="use the builtin `breakpoint()` (3.7+)",
        source=(
            "PEP 553 (https://peps.python.org/pep-0553/);"
            " https://pypi.org/project/future-breakpoint/"
        ),
    ),
    Backport(
        name="tstrings-backport",
        modules=("string.templatelib",),
        since=(3, 14),
        kind="redundant",
        replacement=(
            "use t-strings (3.14+); if older Pythons are supported, write"
            ' `tstrings-backport; python_version < "3.14"`'
        ),
        source=(
            "PEP 750 (https://peps.python.org/pep-0750/);"
            " https://pypi.org/project/tstrings-backport/"
        ),
    ),
    Backport(
        name="future-tstrings",
        modules=("string.templatelib",),
        since=(3, 14),
        kind="redundant",
        replacement=(
            "use t-strings (3.14+); if older Pythons are supported, write"
            ' `future-tstrings; python_version < "3.14"`'
        ),
        source=(
            "PEP 750 (https://peps.python.org/pep-0750/); https://pypi.org/project/future-tstrings/"
            ' ("Backport of tstrings to python <3.14")'
        ),
    ),
    Backport(
        name="uuid-backport",
        modules=("uuid.uuid6", "uuid.uuid7", "uuid.uuid8"),
        since=(3, 14),
        kind="redundant",
        replacement=(
            "use `uuid.uuid7` and friends (3.14+); if older Pythons are supported, write"
            ' `uuid-backport; python_version < "3.14"`'
        ),
        source=(
            'https://pypi.org/project/uuid-backport/ ("Backport of Python 3.14 UUID module'
            ' (RFC 9562)"); https://docs.python.org/3/library/uuid.html#uuid.uuid7'
        ),
    ),
    Backport(
        name="future-uuid",
        modules=("uuid.uuid6", "uuid.uuid7", "uuid.uuid8"),
        since=(3, 14),
        kind="redundant",
        replacement=(
            "use `uuid.uuid7` and friends (3.14+); if older Pythons are supported, write"
            ' `future-uuid; python_version < "3.14"`'
        ),
        source=(
            "https://pypi.org/project/future-uuid/ (\"A backport of Python3.14's UUID6, UUID7"
            ' and UUID8 implementations")'
        ),
    ),
    Backport(
        name="python-lazyimports",
        modules=("lazy import",),
        since=(3, 15),
        kind="redundant",
        replacement=(
            "use the `lazy import` statement (3.15+); if older Pythons are supported, write"
            ' `python-lazyimports; python_version < "3.15"`'
        ),
        source=(
            "PEP 810 (https://peps.python.org/pep-0810/);"
            " https://pypi.org/project/python-lazyimports/"
        ),
    ),
    Backport(
        name="future-lazy-imports",
        modules=("lazy import",),
        since=(3, 15),
        kind="redundant",
        replacement=(
            "use the `lazy import` statement (3.15+); if older Pythons are supported, write"
            ' `future-lazy-imports; python_version < "3.15"`'
        ),
        source=(
            "PEP 810 (https://peps.python.org/pep-0810/);"
            ' https://pypi.org/project/future-lazy-imports/ ("a backport of lazy imports to'
            ' python<3.15")'
        ),
    ),
    Backport(
        name="pythonbackport-sentinel",
        modules=("sentinel",),
        since=(3, 15),
        kind="redundant",
        replacement=(
            "use the builtin `sentinel` (3.15+); if older Pythons are supported, write"
            ' `pythonbackport-sentinel; python_version < "3.15"`'
        ),
        source=(
            "https://docs.python.org/3.15/whatsnew/3.15.html (sentinel builtin);"
            " https://pypi.org/project/pythonbackport-sentinel/"
        ),
    ),
    Backport(
        name="python-profiling",
        modules=("profiling",),
        since=(3, 15),
        kind="redundant",
        replacement=(
            "use the stdlib `profiling` package (3.15+); if older Pythons are supported, write"
            ' `python-profiling; python_version < "3.15"`'
        ),
        source=(
            "PEP 799 (https://peps.python.org/pep-0799/);"
            " https://pypi.org/project/python-profiling/"
        ),
    ),
    Backport(
        name="chainmap",
        modules=("collections.ChainMap",),
        since=(3, 3),
        kind="redundant",
        replacement="use `collections.ChainMap` (3.3+)",
        source='https://pypi.org/project/chainmap/ ("Backport/clone of ChainMap for py26, py32")',
    ),
    Backport(
        name="shutilwhich",
        modules=("shutil.which",),
        since=(3, 3),
        kind="redundant",
        replacement="use `shutil.which` (3.3+)",
        source=(
            'https://pypi.org/project/shutilwhich/ ("shutil.which for those not using Python'
            ' 3.3 yet")'
        ),
    ),
    Backport(
        name="whichcraft",
        modules=("shutil.which",),
        since=(3, 3),
        kind="redundant",
        replacement="use `shutil.which` (3.3+)",
        source=(
            'https://pypi.org/project/whichcraft/ ("cross-platform cross-python shutil.which'
            ' functionality")'
        ),
    ),
    Backport(
        name="win-inet-pton",
        modules=("socket.inet_pton", "socket.inet_ntop"),
        since=(3, 4),
        kind="redundant",
        replacement=(
            "use `socket.inet_pton` / `socket.inet_ntop`, available on Windows since 3.4; if"
            ' Python 2 on Windows is supported, write `win-inet-pton; sys_platform == "win32"'
            ' and python_version < "3.4"`'
        ),
        source=(
            "https://pypi.org/project/win-inet-pton/;"
            " https://docs.python.org/3/library/socket.html#socket.inet_pton (Windows: 3.4)"
        ),
    ),
    Backport(
        name="httpstatus35",
        modules=("http.HTTPStatus",),
        since=(3, 5),
        kind="redundant",
        replacement="use `http.HTTPStatus` (3.5+)",
        source=(
            'https://pypi.org/project/httpstatus35/ ("Python 3.5 http.HTTPStatus backported to'
            ' 3.4 and 2.7")'
        ),
    ),
    Backport(
        name="shellescape",
        modules=("shlex.quote",),
        since=(3, 3),
        kind="redundant",
        replacement="use `shlex.quote` (3.3+)",
        source=(
            'https://pypi.org/project/shellescape/ ("backport of cPython shlex.quote for Python'
            ' versions 2.x & < 3.3")'
        ),
    ),
    Backport(
        name="weakrefmethod",
        modules=("weakref.WeakMethod",),
        since=(3, 4),
        kind="redundant",
        replacement="use `weakref.WeakMethod` (3.4+)",
        source=(
            "https://pypi.org/project/weakrefmethod/;"
            " https://docs.python.org/3/library/weakref.html#weakref.WeakMethod"
        ),
    ),
    Backport(
        name="selectors34",
        modules=("selectors",),
        since=(3, 4),
        kind="redundant",
        replacement=(
            "use the stdlib `selectors` (3.4+); selectors34 no longer even imports on current"
            " Python (`collections.Mapping`, reproduced on 3.13)"
        ),
        source=(
            'https://pypi.org/project/selectors34/ ("Backport of the selectors module from Python'
            ' 3.4")'
        ),
    ),
    Backport(
        name="trollius",
        modules=("asyncio",),
        since=(3, 4),
        kind="redundant",
        replacement="use the stdlib `asyncio`",
        source=(
            'https://pypi.org/project/trollius/ ("Deprecated, unmaintained port of the asyncio'
            ' module (PEP 3156) on Python 2")'
        ),
    ),
    Backport(
        name="statistics",
        modules=("statistics",),
        since=(3, 4),
        kind="redundant",
        replacement=(
            "delete it: the stdlib `statistics` (3.4+) wins in a normal environment, and this"
            " Python 2 port shadows it under pip -t"
        ),
        source=(
            'https://pypi.org/project/statistics/ ("A Python 2.* port of 3.4 Statistics'
            ' Module"); PEP 450 (https://peps.python.org/pep-0450/)'
        ),
    ),
    Backport(
        name="ipaddress",
        modules=("ipaddress",),
        since=(3, 3),
        kind="redundant",
        replacement=(
            "use the stdlib `ipaddress`; if Python 2 is supported, write"
            ' `ipaddress; python_version < "3.3"`'
        ),
        source=(
            "PEP 3144 (https://peps.python.org/pep-3144/); https://pypi.org/project/ipaddress/"
            " (1.0.23 installs a top-level `ipaddress.py`)"
        ),
    ),
    Backport(
        name="argparse",
        modules=("argparse",),
        since=(3, 2),
        kind="redundant",
        replacement=(
            "delete it: the stdlib `argparse` wins in a normal environment, and this 2015 copy"
            " (no BooleanOptionalAction) shadows it under pip -t"
        ),
        source="PEP 389 (https://peps.python.org/pep-0389/); https://pypi.org/project/argparse/",
    ),
    Backport(
        name="ordereddict",
        modules=("collections.OrderedDict",),
        since=(3, 1),
        kind="redundant",
        replacement="use `collections.OrderedDict` (or a plain `dict`, ordered since 3.7)",
        source=(
            "PEP 372 (https://peps.python.org/pep-0372/); https://pypi.org/project/ordereddict/"
            " (for Python 2.4-2.6; its module imports `UserDict`)"
        ),
    ),
    Backport(
        name="importlib",
        modules=("importlib.import_module",),
        since=(3, 1),
        kind="redundant",
        replacement="delete it: on Python 3 it installs nothing, and `importlib` is in the stdlib",
        source=(
            'https://pypi.org/project/importlib/ ("Backport of importlib.import_module() from'
            ' Python 2.7"; setup.py installs no package on 3.1+)'
        ),
    ),
    Backport(
        name="subprocess32",
        modules=("subprocess",),
        since=(3, 0),
        kind="redundant",
        replacement=(
            "use the stdlib `subprocess`; if Python 2 is supported, write"
            ' `subprocess32; python_version < "3"`'
        ),
        source=(
            "https://pypi.org/project/subprocess32/ (on Python 3 it installs only a shim that"
            " aliases the stdlib `subprocess`; reproduced)"
        ),
    ),
    Backport(
        name="funcsigs",
        modules=("inspect.signature",),
        since=(3, 3),
        kind="redundant",
        replacement=(
            "use `inspect.signature`; if Python 2 is supported, write"
            ' `funcsigs; python_version < "3.3"`'
        ),
        source="PEP 362 (https://peps.python.org/pep-0362/); https://pypi.org/project/funcsigs/",
    ),
    Backport(
        name="scandir",
        modules=("os.scandir",),
        since=(3, 5),
        kind="redundant",
        replacement=(
            "use `os.scandir` (3.5+); if older Pythons are supported, write"
            ' `scandir; python_version < "3.5"`'
        ),
        source="PEP 471 (https://peps.python.org/pep-0471/); https://pypi.org/project/scandir/",
    ),
    Backport(
        name="monotonic",
        modules=("time.monotonic",),
        since=(3, 3),
        kind="redundant",
        replacement="use `time.monotonic` (3.3+)",
        source="PEP 418 (https://peps.python.org/pep-0418/); https://pypi.org/project/monotonic/",
    ),
    Backport(
        name="python2-secrets",
        modules=("secrets",),
        since=(3, 6),
        kind="redundant",
        replacement=(
            "use the stdlib `secrets`; if Pythons before 3.6 are supported, write"
            ' `python2-secrets; python_version < "3.6"`'
        ),
        source=(
            "PEP 506 (https://peps.python.org/pep-0506/); https://pypi.org/project/python2-secrets/"
            " (installs a top-level `secrets` package)"
        ),
    ),
    Backport(
        name="pbkdf2",
        modules=("hashlib.pbkdf2_hmac",),
        since=(3, 4),
        kind="redundant",
        replacement="use `hashlib.pbkdf2_hmac` (3.4+)",
        source=(
            'https://pypi.org/project/pbkdf2/ ("PKCS#5 v2.0 PBKDF2 Module");'
            " https://docs.python.org/3/library/hashlib.html#hashlib.pbkdf2_hmac"
        ),
    ),
    Backport(
        name="bz2file",
        modules=("bz2.BZ2File",),
        since=(3, 3),
        kind="redundant",
        replacement="use `bz2.BZ2File` / `bz2.open` (multi-stream support since 3.3)",
        source="https://pypi.org/project/bz2file/; https://docs.python.org/3/library/bz2.html",
    ),
    Backport(
        name="unicodecsv",
        modules=("csv",),
        since=(3, 0),
        kind="redundant",
        replacement="use the stdlib `csv`, which handles text natively on Python 3",
        source=(
            "https://pypi.org/project/unicodecsv/ (\"Python2's stdlib csv module is nice, but it"
            " doesn't support unicode\")"
        ),
    ),
    Backport(
        name="htmlparser",
        modules=("html.parser",),
        since=(3, 0),
        kind="redundant",
        replacement="use `html.parser`",
        source='https://pypi.org/project/htmlparser/ ("Backport of HTMLParser from python 2.7")',
    ),
    Backport(
        name="total-ordering",
        modules=("functools.total_ordering",),
        since=(3, 2),
        kind="redundant",
        replacement="use `functools.total_ordering`",
        source=(
            'https://pypi.org/project/total-ordering/ ("functools.total_ordering backport for'
            ' Python 2.6")'
        ),
    ),
    Backport(
        name="graphlib",
        modules=("graphlib",),
        since=(3, 9),
        kind="redundant",
        replacement=(
            "delete it: this unrelated 2014 graph library installs a top-level `graphlib` that"
            " the stdlib `graphlib` (3.9+) hides, so it is never imported"
        ),
        source=(
            'https://pypi.org/project/graphlib/ ("Graph API", 0.9.5); reproduced on CPython 3.13'
        ),
    ),
    # ------------------------------------------------------------------------------------------
    # Feature backports: ahead of the stdlib, legitimately used on new Pythons.
    # ------------------------------------------------------------------------------------------
    Backport(
        name="typing-extensions",
        modules=("typing",),
        since=None,
        kind="feature-backport",
        replacement=(
            "keep it: it backports typing features to every supported Python and previews new ones"
        ),
        source=(
            'https://pypi.org/project/typing-extensions/ ("Backported and Experimental Type Hints")'
        ),
    ),
    Backport(
        name="unicodedata2",
        modules=("unicodedata",),
        since=None,
        kind="feature-backport",
        replacement="keep it: it ships a newer Unicode database than your Python's `unicodedata`",
        source=(
            'https://pypi.org/project/unicodedata2/ ("Unicodedata backport updated to the latest'
            ' Unicode version")'
        ),
    ),
    Backport(
        name="pathlib-abc",
        modules=("pathlib.types",),
        since=None,
        kind="feature-backport",
        replacement="keep it: it previews pathlib ABCs that the stdlib has only in part",
        source='https://pypi.org/project/pathlib-abc/ ("Backport of pathlib ABCs")',
    ),
    Backport(
        name="strenum",
        modules=("enum.StrEnum",),
        since=(3, 11),
        kind="feature-backport",
        replacement=(
            "keep it for its case-folding classes; `enum.StrEnum` (3.11+) differs in that"
            " `auto()` lower-cases member names"
        ),
        source=(
            "https://pypi.org/project/StrEnum/;"
            " https://docs.python.org/3/library/enum.html#enum.StrEnum"
        ),
    ),
    Backport(
        name="stringenum",
        modules=("enum.StrEnum",),
        since=(3, 11),
        kind="feature-backport",
        replacement="keep it for its extra `StrEnum` subclasses; otherwise use `enum.StrEnum`",
        source=(
            'https://pypi.org/project/stringenum/ ("additional enum.StrEnum subclasses and a'
            ' backport for older Python versions")'
        ),
    ),
    Backport(
        name="fissix",
        modules=("lib2to3",),
        since=None,
        kind="feature-backport",
        replacement=(
            "keep it: it is a maintained lib2to3 with enhancements, and lib2to3 itself was"
            " removed in 3.13"
        ),
        source=(
            'https://pypi.org/project/fissix/ ("Backport of latest lib2to3, with'
            ' enhancements"); PEP 594 (https://peps.python.org/pep-0594/)'
        ),
    ),
    # ------------------------------------------------------------------------------------------
    # Python 2/3 compatibility layers.
    # ------------------------------------------------------------------------------------------
    Backport(
        name="six",
        modules=(),
        since=None,
        kind="py2-compat",
        replacement="remove it once Python 2 support is gone (pyupgrade rewrites most uses)",
        source='https://pypi.org/project/six/ ("Python 2 and 3 compatibility utilities")',
    ),
    Backport(
        name="future",
        modules=(),
        since=None,
        kind="py2-compat",
        replacement="remove it once Python 2 support is gone",
        source=(
            'https://pypi.org/project/future/ ("Clean single-source support for Python 3 and 2")'
        ),
    ),
    Backport(
        name="mo-future",
        modules=(),
        since=None,
        kind="py2-compat",
        replacement="remove it once Python 2 support is gone",
        source=(
            'https://pypi.org/project/mo-future/ ("Make Python 2/3 compatibility a bit easier")'
        ),
    ),
    Backport(
        name="csv23",
        modules=("csv",),
        since=None,
        kind="py2-compat",
        replacement="use the stdlib `csv` once Python 2 support is gone",
        source='https://pypi.org/project/csv23/ ("Python 2/3 unicode CSV compatibility layer")',
    ),
    # ------------------------------------------------------------------------------------------
    # False friends: the name suggests a backport, the package is something else.
    # ------------------------------------------------------------------------------------------
    Backport(
        name="tzdata",
        modules=("zoneinfo",),
        since=None,
        kind="not-a-backport",
        replacement=(
            "keep it: it is the IANA database `zoneinfo` falls back to on Windows and minimal"
            " containers"
        ),
        source="PEP 615 (https://peps.python.org/pep-0615/); https://pypi.org/project/tzdata/",
    ),
    Backport(
        name="simplejson",
        modules=("json",),
        since=None,
        kind="not-a-backport",
        replacement=(
            "keep it: a maintained, faster JSON library (the stdlib `json` derives from it)"
        ),
        source="https://pypi.org/project/simplejson/",
    ),
    Backport(
        name="tomli-w",
        modules=("tomllib",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: `tomllib` only reads TOML, tomli-w writes it",
        source="https://pypi.org/project/tomli-w/; PEP 680 (https://peps.python.org/pep-0680/)",
    ),
    Backport(
        name="toml",
        modules=("tomllib",),
        since=None,
        kind="not-a-backport",
        replacement=(
            "not a backport of `tomllib`: an older TOML 0.5 library; to read TOML 1.0 use"
            " `tomllib` (3.11+) or `tomli`"
        ),
        source="https://pypi.org/project/toml/",
    ),
    Backport(
        name="aenum",
        modules=("enum",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: an extended enum library, not a backport",
        source=(
            "https://pypi.org/project/aenum/ (\"Advanced Enumerations (compatible with Python's"
            ' stdlib Enum)")'
        ),
    ),
    Backport(
        name="enum-compat",
        modules=("enum",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: it requires enum34 only on Pythons without `enum`",
        source='https://pypi.org/project/enum-compat/ ("enum/enum34 compatibility package")',
    ),
    Backport(
        name="dataclasses-json",
        modules=("dataclasses",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: a JSON (de)serialisation library built on `dataclasses`",
        source="https://pypi.org/project/dataclasses-json/",
    ),
    Backport(
        name="pysqlite3",
        modules=("sqlite3",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: the `sqlite3` API linked against a newer SQLite",
        source="https://pypi.org/project/pysqlite3/",
    ),
    Backport(
        name="pysqlite3-binary",
        modules=("sqlite3",),
        since=None,
        kind="not-a-backport",
        replacement=(
            "keep it: the `sqlite3` API with a bundled newer SQLite (ChromaDB's documented fix)"
        ),
        source="https://pypi.org/project/pysqlite3-binary/",
    ),
    Backport(
        name="pyzipper",
        modules=("zipfile",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: a `zipfile` fork that adds AES encryption",
        source='https://pypi.org/project/pyzipper/ ("AES encryption for zipfile")',
    ),
    Backport(
        name="ipaddr",
        modules=("ipaddress",),
        since=None,
        kind="not-a-backport",
        replacement=(
            "not a backport: Google's predecessor of `ipaddress` with a different API; migrate"
            " to the stdlib `ipaddress` when you can"
        ),
        source='https://pypi.org/project/ipaddr/ ("Google\'s IP address manipulation library")',
    ),
    Backport(
        name="backports-pampy",
        modules=(),
        since=None,
        kind="not-a-backport",
        replacement=(
            "keep it if you use it: the pampy pattern-matching library, not a stdlib backport"
        ),
        source=(
            'https://pypi.org/project/backports.pampy/ ("The Pattern Matching for Python you'
            ' always dreamed of")'
        ),
    ),
    Backport(
        name="typing-inspect",
        modules=("typing",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: runtime inspection helpers for `typing`",
        source=(
            'https://pypi.org/project/typing-inspect/ ("Runtime inspection utilities for typing'
            ' module")'
        ),
    ),
    Backport(
        name="typing-inspection",
        modules=("typing",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: runtime typing introspection tools (used by pydantic)",
        source='https://pypi.org/project/typing-inspection/ ("Runtime typing introspection tools")',
    ),
    Backport(
        name="annotated-types",
        modules=("typing.Annotated",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: reusable constraint types for `typing.Annotated`",
        source="https://pypi.org/project/annotated-types/",
    ),
    Backport(
        name="mypy-extensions",
        modules=("typing",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: type-system extensions for mypy",
        source=(
            'https://pypi.org/project/mypy-extensions/ ("Type system extensions for programs'
            ' checked with the mypy type checker")'
        ),
    ),
    Backport(
        name="datetime",
        modules=("datetime",),
        since=None,
        kind="not-a-backport",
        replacement=(
            "this is Zope's `DateTime` type; if you meant the stdlib `datetime`, delete the"
            " requirement"
        ),
        source="https://pypi.org/project/DateTime/ (installs a top-level `DateTime` package)",
    ),
    Backport(
        name="readline",
        modules=("readline",),
        since=None,
        kind="not-a-backport",
        replacement=(
            "an alternative build of the stdlib `readline` linked against GNU readline; its"
            " maintained successor is `gnureadline`, and elsewhere than macOS the stdlib"
            " module is enough"
        ),
        source=(
            'https://pypi.org/project/readline/ ("The standard Python readline extension'
            ' statically linked against the GNU readline library")'
        ),
    ),
    Backport(
        name="gnureadline",
        modules=("readline",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: GNU readline for Pythons built against libedit (macOS)",
        source="https://pypi.org/project/gnureadline/",
    ),
    Backport(
        name="safe-pysha3",
        modules=("hashlib.sha3_256",),
        since=None,
        kind="not-a-backport",
        replacement=(
            "keep it for pre-standard Keccak (`keccak_256`), which `hashlib` does not have;"
            " for SHA-3 use `hashlib.sha3_256`"
        ),
        source='https://pypi.org/project/safe-pysha3/ ("SHA-3 (Keccak) for Python 3.10 - 3.15")',
    ),
    Backport(
        name="zstandard",
        modules=("compression.zstd",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: independent Zstandard bindings, not a backport of `compression.zstd`",
        source="https://pypi.org/project/zstandard/; PEP 784 (https://peps.python.org/pep-0784/)",
    ),
    Backport(
        name="uuid6",
        modules=("uuid.uuid6", "uuid.uuid7"),
        since=None,
        kind="not-a-backport",
        replacement=(
            "an independent UUIDv6/v7 library that predates the stdlib's `uuid.uuid7` (3.14);"
            " migrate when every target is 3.14+"
        ),
        source=(
            "https://pypi.org/project/uuid6/;"
            " https://docs.python.org/3/library/uuid.html#uuid.uuid7"
        ),
    ),
    Backport(
        name="uuid7",
        modules=("uuid.uuid7",),
        since=None,
        kind="not-a-backport",
        replacement=(
            "a 2021 draft-era UUIDv7 implementation, not a backport; the stdlib `uuid.uuid7`"
            " (3.14+) follows RFC 9562"
        ),
        source="https://pypi.org/project/uuid7/ (0.1.0, 2021)",
    ),
    Backport(
        name="uuid-utils",
        modules=("uuid",),
        since=None,
        kind="not-a-backport",
        replacement="keep it: a Rust implementation of `uuid`, not a backport",
        source=(
            "https://pypi.org/project/uuid-utils/ (\"Fast, drop-in replacement for Python's uuid"
            ' module")'
        ),
    ),
    Backport(
        name="frozendict",
        modules=("frozendict",),
        since=None,
        kind="not-a-backport",
        replacement=(
            "keep it: an independent immutable-dict library; Python 3.15 adds a builtin"
            " `frozendict` whose API may differ"
        ),
        source=(
            "https://pypi.org/project/frozendict/; https://docs.python.org/3.15/whatsnew/3.15.html"
        ),
    ),
    Backport(
        name="telnetlib3",
        modules=("telnetlib",),
        since=None,
        kind="not-a-backport",
        replacement=(
            "keep it: an asyncio Telnet library that also carries Python 3.12's telnetlib as"
            " `telnetlib3.telnetlib`; for a drop-in `import telnetlib` use `standard-telnetlib`"
        ),
        source=(
            "https://pypi.org/project/telnetlib3/; https://docs.python.org/3/library/telnetlib.html"
        ),
    ),
    # ------------------------------------------------------------------------------------------
    # Reverse backports: redistributions of modules that CPython removed.
    # ------------------------------------------------------------------------------------------
    _dead_battery("aifc", (3, 13)),
    _dead_battery("asynchat", (3, 12)),
    _dead_battery("asyncore", (3, 12)),
    _dead_battery("cgi", (3, 13)),
    _dead_battery("cgitb", (3, 13)),
    _dead_battery("chunk", (3, 13)),
    _dead_battery("crypt", (3, 13)),
    _dead_battery("distutils", (3, 12), pep="PEP 632 (https://peps.python.org/pep-0632/)"),
    _dead_battery("imghdr", (3, 13)),
    _dead_battery("mailcap", (3, 13)),
    _dead_battery("nntplib", (3, 13)),
    _dead_battery("pipes", (3, 13)),
    _dead_battery("smtpd", (3, 12)),
    _dead_battery("sndhdr", (3, 13)),
    _dead_battery("sunau", (3, 13)),
    _dead_battery("telnetlib", (3, 13)),
    _dead_battery("uu", (3, 13)),
    _dead_battery("xdrlib", (3, 13)),
    Backport(
        name="legacy-cgi",
        modules=("cgi", "cgitb"),
        since=None,
        kind="reverse-backport",
        replacement=(
            'keep it where `cgi` is gone; write `legacy-cgi; python_version >= "3.13"` so older'
            " Pythons use their own copy"
        ),
        source=(
            'https://pypi.org/project/legacy-cgi/ ("Fork of the standard library cgi and cgitb'
            ' modules removed in Python 3.13"); PEP 594'
        ),
        removed=(3, 13),
    ),
    Backport(
        name="audioop-lts",
        modules=("audioop",),
        since=None,
        kind="reverse-backport",
        replacement=(
            'write `audioop-lts; python_version >= "3.13"`: every release requires'
            " Python >= 3.13, so without the marker older targets cannot install it"
        ),
        source=(
            'https://pypi.org/project/audioop-lts/ ("LTS Port of Python audioop"); PEP 594;'
            " checked with pip for Python 3.11"
        ),
        removed=(3, 13),
    ),
    Backport(
        name="zombie-imp",
        modules=("imp",),
        since=None,
        kind="reverse-backport",
        replacement=(
            'prefer porting to `importlib`; until then write `zombie-imp; python_version >= "3.12"`'
        ),
        source=(
            'https://pypi.org/project/zombie-imp/ ("A copy of the imp module that was removed in'
            ' Python 3.12")'
        ),
        removed=(3, 12),
    ),
    Backport(
        name="pyasyncore",
        modules=("asyncore",),
        since=None,
        kind="reverse-backport",
        replacement=(
            'keep it where `asyncore` is gone; write `pyasyncore; python_version >= "3.12"`'
        ),
        source=(
            'https://pypi.org/project/pyasyncore/ ("Make asyncore available for Python 3.12'
            ' onwards"); PEP 594'
        ),
        removed=(3, 12),
    ),
    Backport(
        name="pyasynchat",
        modules=("asynchat",),
        since=None,
        kind="reverse-backport",
        replacement=(
            'keep it where `asynchat` is gone; write `pyasynchat; python_version >= "3.12"`'
        ),
        source=(
            'https://pypi.org/project/pyasynchat/ ("Make asynchat available for Python 3.12'
            ' onwards"); PEP 594'
        ),
        removed=(3, 12),
    ),
    Backport(
        name="crypt-r",
        modules=("crypt",),
        since=None,
        kind="reverse-backport",
        replacement=(
            "keep it where `crypt` is gone (import it as `crypt_r`); write"
            ' `crypt-r; python_version >= "3.13"`'
        ),
        source=(
            'https://pypi.org/project/crypt-r/ ("A copy of the crypt module that was removed in'
            ' Python 3.13"); PEP 594'
        ),
        removed=(3, 13),
    ),
    Backport(
        name="telnetlib-313-and-up",
        modules=("telnetlib",),
        since=None,
        kind="reverse-backport",
        replacement=(
            'write `telnetlib-313-and-up; python_version >= "3.13"`: it requires'
            " Python >= 3.13, so without the marker older targets cannot install it"
        ),
        source=(
            'https://pypi.org/project/telnetlib-313-and-up/ ("copy of telnetlib for python'
            ' 3.13+"); PEP 594; checked with pip for Python 3.11'
        ),
        removed=(3, 13),
    ),
    Backport(
        name="xdrlib3",
        modules=("xdrlib",),
        since=None,
        kind="reverse-backport",
        replacement=(
            "keep it: a maintained fork of `xdrlib` (removed in 3.13), imported as `xdrlib3`"
        ),
        source='https://pypi.org/project/xdrlib3/ ("A forked version of xdrlib"); PEP 594',
        removed=(3, 13),
    ),
)


def _index(entries: tuple[Backport, ...]) -> dict[str, Backport]:
    index: dict[str, Backport] = {}
    for entry in entries:
        key = canonical(entry.name)
        if key in index:  # a second row for one name would silently win
            raise ValueError(f"duplicate backport entry: {entry.name}")
        index[key] = entry
    return index


BACKPORTS: Final[dict[str, Backport]] = _index(_ENTRIES)


def lookup(name: str) -> Backport | None:
    """The entry for a distribution name in any spelling (``Backports.ZoneInfo``,
    ``backports_zoneinfo``), or None when the name is not in the table."""
    return BACKPORTS.get(canonical(name))
