"""One frozen settings object, built once from defaults < config file < command-line flags."""

from __future__ import annotations

import os
import re

from reqhooks._record import Frozen, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path
    from typing import Any, Final, Literal, TypeAlias

    from reqhooks.data.cpython import Day

    Policy: TypeAlias = Literal["exact", "bounded", "any"]
else:
    Policy = str  # the alias is for type checkers; the name stays importable

#: Kinds of declaration a pin policy can name, and their defaults.
DEFAULT_PIN_POLICY: Final[dict[str, Policy]] = {
    "requirements": "exact",  # requirements*.txt that an application deploys
    "constraints": "exact",
    "project": "bounded",  # [project] dependencies of a library (also Poetry main deps)
    "optional-dependencies": "bounded",
    "dependency-groups": "any",  # dev/test tooling
    "pipfile": "any",  # Pipfile: the lock pins
    "conda": "exact",
    "build": "any",
}
_POLICIES: Final = frozenset({"exact", "bounded", "any"})

KNOWN_KEYS: Final = frozenset(
    {
        "select",
        "ignore",
        "extend-select",
        "per-file-ignores",
        "target-python",
        "platforms",
        "critical",
        "extend-critical",
        "pin-policy",
        "fully-pinned",
        "online",
        "index-url",
        "exclude",
        "fail-on",
        "timeout",
    }
)

DEFAULT_PLATFORMS: Final = ("linux-x86_64", "linux-aarch64", "macos-arm64", "windows-amd64")


class ConfigError(Exception):
    """A configuration or usage error: exit status 2 with this message."""


_setattr = object.__setattr__
#: The default of a field computed per instance (a dataclass's ``default_factory``).
_FACTORY: Any = object()


class Settings(Frozen):
    __slots__ = (
        "select",
        "ignore",
        "per_file_ignores",
        "target_python",
        "platforms",
        "critical",  # None = the bundled default list
        "extend_critical",
        "pin_policy",
        "fully_pinned",
        "online",
        "index_url",
        "exclude",
        "fail_on",
        "timeout",
        "output_format",
        "fix",
        "unsafe_fixes",
        "diff",
        "stdin_filename",
        "exit_zero",
        "today",
        "config_path",
        "config_root",  # directory of the config file: per-file-ignores are relative to it
        "color",
    )

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...]
    target_python: tuple[tuple[int, int], ...] | None
    platforms: tuple[str, ...]
    critical: tuple[str, ...] | None
    extend_critical: tuple[str, ...]
    pin_policy: dict[str, Policy]
    fully_pinned: tuple[str, ...]
    online: bool
    index_url: str | None
    exclude: tuple[str, ...]
    fail_on: Literal["error", "warning"]
    timeout: float
    output_format: Literal["text", "json", "sarif", "github"]
    fix: bool
    unsafe_fixes: bool
    diff: bool
    stdin_filename: str | None
    exit_zero: bool
    today: Day  # a date given is kept as a Day: it compares with the CPython table
    config_path: Path | None
    config_root: Path | None
    color: bool

    def __init__(
        self,
        select: tuple[str, ...] = ("ALL",),
        ignore: tuple[str, ...] = (),
        per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
        target_python: tuple[tuple[int, int], ...] | None = None,
        platforms: tuple[str, ...] = DEFAULT_PLATFORMS,
        critical: tuple[str, ...] | None = None,
        extend_critical: tuple[str, ...] = (),
        pin_policy: dict[str, Policy] = _FACTORY,
        fully_pinned: tuple[str, ...] = (),
        online: bool = False,
        index_url: str | None = None,
        exclude: tuple[str, ...] = (),
        fail_on: Literal["error", "warning"] = "warning",
        timeout: float = 5.0,
        output_format: Literal["text", "json", "sarif", "github"] = "text",
        fix: bool = False,
        unsafe_fixes: bool = False,
        diff: bool = False,
        stdin_filename: str | None = None,
        exit_zero: bool = False,
        today: Day | date = _FACTORY,
        config_path: Path | None = None,
        config_root: Path | None = None,
        color: bool = False,
    ) -> None:
        if pin_policy is _FACTORY:
            pin_policy = dict(DEFAULT_PIN_POLICY)
        from reqhooks.data.cpython import Day

        today = Day.today() if today is _FACTORY else Day.of(today)
        _setattr(self, "select", select)
        _setattr(self, "ignore", ignore)
        _setattr(self, "per_file_ignores", per_file_ignores)
        _setattr(self, "target_python", target_python)
        _setattr(self, "platforms", platforms)
        _setattr(self, "critical", critical)
        _setattr(self, "extend_critical", extend_critical)
        _setattr(self, "pin_policy", pin_policy)
        _setattr(self, "fully_pinned", fully_pinned)
        _setattr(self, "online", online)
        _setattr(self, "index_url", index_url)
        _setattr(self, "exclude", exclude)
        _setattr(self, "fail_on", fail_on)
        _setattr(self, "timeout", timeout)
        _setattr(self, "output_format", output_format)
        _setattr(self, "fix", fix)
        _setattr(self, "unsafe_fixes", unsafe_fixes)
        _setattr(self, "diff", diff)
        _setattr(self, "stdin_filename", stdin_filename)
        _setattr(self, "exit_zero", exit_zero)
        _setattr(self, "today", today)
        _setattr(self, "config_path", config_path)
        _setattr(self, "config_root", config_root)
        _setattr(self, "color", color)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def parse_codes(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = [v.strip() for v in value]
    else:
        raise ConfigError(f"{where}: expected a list of rule codes")
    out = []
    for item in items:
        if not item:
            continue
        code = item.upper()
        if code != "ALL" and not re.fullmatch(r"(REQ|BKP|PIN|LCK|PYV)\d{0,3}|(REQ|BKP|PIN|LCK|PYV)", code):
            raise ConfigError(f"{where}: unknown rule code or prefix {item!r}")
        out.append(code)
    return tuple(out)


def parse_pythons(value: object, where: str) -> tuple[tuple[int, int], ...]:
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",") if v.strip()]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = [v.strip() for v in value]
    else:
        raise ConfigError(f"{where}: expected Python minor versions like \"3.12,3.13\"")
    out = []
    for item in items:
        m = re.fullmatch(r"(?:py|python|cp)?(\d+)\.(\d+)", item)
        if not m:
            raise ConfigError(f"{where}: {item!r} is not a Python minor version (expected e.g. 3.12)")
        out.append((int(m.group(1)), int(m.group(2))))
    if not out:
        raise ConfigError(f"{where}: no Python versions given")
    return tuple(sorted(set(out)))


def parse_platforms(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [v.strip() for v in value.split(",") if v.strip()]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = [v.strip() for v in value]
    else:
        raise ConfigError(f"{where}: expected a list of platforms")
    from reqhooks import wheels

    for item in items:
        try:
            wheels.platform_tags(item)
        except ValueError as e:
            raise ConfigError(f"{where}: {e}") from None
    return tuple(items)


def _str_list(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: expected a list of strings")


def _bool(value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    raise ConfigError(f"{where}: expected true or false")


def from_config(table: dict[str, Any], where: str, base: Settings) -> Settings:
    """Apply a ``[tool.reqhooks]`` table (or a reqhooks.toml document) to ``base``."""
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        names = ", ".join(repr(k) for k in unknown)
        raise ConfigError(
            f"{where}: unknown configuration key{'s' if len(unknown) > 1 else ''} {names}; "
            f"known keys: {', '.join(sorted(KNOWN_KEYS))}"
        )
    changes: dict[str, Any] = {}
    for key, value in table.items():
        at = f"{where}: {key}"
        if key == "select":
            changes["select"] = parse_codes(value, at)
        elif key == "extend-select":
            changes["select"] = changes.get("select", base.select) + parse_codes(value, at)
        elif key == "ignore":
            changes["ignore"] = parse_codes(value, at)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{at}: expected a table of glob = [codes]")
            changes["per_file_ignores"] = tuple(
                (str(glob), parse_codes(codes, f"{at}.{glob}")) for glob, codes in value.items()
            )
        elif key == "target-python":
            changes["target_python"] = parse_pythons(value, at)
        elif key == "platforms":
            changes["platforms"] = parse_platforms(value, at)
        elif key == "critical":
            changes["critical"] = _str_list(value, at)
        elif key == "extend-critical":
            changes["extend_critical"] = _str_list(value, at)
        elif key == "pin-policy":
            if not isinstance(value, dict):
                raise ConfigError(f"{at}: expected a table like {{ requirements = \"exact\" }}")
            policy = dict(base.pin_policy)
            for kind, pol in value.items():
                if kind not in DEFAULT_PIN_POLICY:
                    raise ConfigError(
                        f"{at}: unknown kind {kind!r}; known kinds: {', '.join(DEFAULT_PIN_POLICY)}"
                    )
                if pol not in _POLICIES:
                    raise ConfigError(f"{at}.{kind}: expected \"exact\", \"bounded\" or \"any\"")
                policy[kind] = pol
            changes["pin_policy"] = policy
        elif key == "fully-pinned":
            changes["fully_pinned"] = _str_list(value, at)
        elif key == "online":
            changes["online"] = _bool(value, at)
        elif key == "index-url":
            if not isinstance(value, str):
                raise ConfigError(f"{at}: expected a URL")
            changes["index_url"] = value
        elif key == "exclude":
            changes["exclude"] = _str_list(value, at)
        elif key == "fail-on":
            if value not in ("error", "warning"):
                raise ConfigError(f"{at}: expected \"error\" or \"warning\"")
            changes["fail_on"] = value
        elif key == "timeout":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{at}: expected a positive number of seconds")
            changes["timeout"] = float(value)
    return replace(base, **changes)


CONFIG_NAMES: Final = (".reqhooks.toml", "reqhooks.toml", "pyproject.toml")


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file at or above ``start`` (stopping at a repository root)."""
    start = start.resolve()
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            try:
                text = _read_config_text(candidate)
            except (OSError, UnicodeDecodeError, ValueError):
                continue
            if name == "pyproject.toml" and not _may_configure(text):
                continue  # most pyprojects: no TOML to parse, no TOML code to import
            from reqhooks import _toml

            try:
                data = _toml.load(text)
            except _toml.TomlError as e:
                if name == "pyproject.toml":
                    continue  # a broken pyproject is reported as REQ001, not a config error
                raise ConfigError(f"{candidate}: invalid TOML: {e.message}") from None
            except (OSError, UnicodeDecodeError, ValueError):
                continue
            if name == "pyproject.toml":
                tool = data.get("tool")
                table = tool.get("reqhooks") if isinstance(tool, dict) else None
                if table is None:
                    continue
                if not isinstance(table, dict):
                    raise ConfigError(f"{candidate}: [tool.reqhooks] must be a table")
                return candidate, table
            return candidate, data
        if (directory / ".git").exists():
            break
    return None


def _may_configure(text: str) -> bool:
    """Whether a pyproject.toml's text can hold ``[tool.reqhooks]``: only if it spells
    ``reqhooks``, or has the escapes (``\\u0072eqhooks``) a quoted key could spell it with."""
    return "reqhooks" in text or "\\u" in text or "\\U" in text


def _read_config_text(path: Path) -> str:
    """A configuration file's text, read the way every input is (size limit, no FIFOs)."""
    from reqhooks._text import DecodeError, read_document

    try:
        return read_document(path).text
    except DecodeError as e:
        raise UnicodeDecodeError("utf-8", b"", 0, 1, e.message) from None


def load_config_file(path: Path) -> dict[str, Any]:
    from reqhooks import _toml

    try:
        text = path.read_text("utf-8-sig")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the configuration file: {e.strerror}") from None
    try:
        data = _toml.load(text)
    except _toml.TomlError as e:
        raise ConfigError(f"{path}: invalid TOML: {e.message}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        table = tool.get("reqhooks", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.reqhooks] must be a table")
        return table
    return data


def today_from_env() -> Day:
    """``REQHOOKS_TODAY=YYYY-MM-DD`` freezes the date (tests, reproducible CI)."""
    from reqhooks.data.cpython import Day

    value = os.environ.get("REQHOOKS_TODAY")
    if value:
        try:
            return Day.fromisoformat(value)
        except ValueError:
            raise ConfigError(f"REQHOOKS_TODAY: {value!r} is not a date (YYYY-MM-DD)") from None
    return Day.today()
