"""The rule registry: one explicit tuple, the single source of codes, names and defaults.

Each rule's documentation ("What it does / Why is this bad? / Example / Fix safety") lives
in ``reqhooks/docs/<CODE>.md``; ``reqhooks explain CODE`` prints it and SARIF carries it.
"""

from __future__ import annotations

from reqhooks._record import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Literal, TypeAlias

    Family: TypeAlias = Literal["hygiene", "backports", "pins", "lock", "python"]
else:
    Family = str  # the alias is for type checkers; the name stays importable

_setattr = object.__setattr__


class Rule(Frozen):
    __slots__ = (
        "code",
        "name",  # kebab-case, e.g. "harmful-backport"
        "family",
        "severity",
        "fix",
        "summary",  # one line, used by `reqhooks rules` and SARIF shortDescription
    )

    code: str
    name: str
    family: Family
    severity: Literal["error", "warning"]
    fix: Literal["safe", "unsafe"] | None
    summary: str

    def __init__(
        self,
        code: str,
        name: str,
        family: Family,
        severity: Literal["error", "warning"],
        fix: Literal["safe", "unsafe"] | None,
        summary: str,
    ) -> None:
        _setattr(self, "code", code)
        _setattr(self, "name", name)
        _setattr(self, "family", family)
        _setattr(self, "severity", severity)
        _setattr(self, "fix", fix)
        _setattr(self, "summary", summary)


RULES: Final[tuple[Rule, ...]] = (
    Rule("REQ001", "parse-error", "hygiene", "error", None, "File or requirement cannot be parsed"),
    Rule("REQ002", "missing-include", "hygiene", "error", None, "-r/-c target missing"),
    Rule("REQ003", "include-cycle", "hygiene", "error", None, "Include cycle"),
    Rule("REQ004", "credentials-in-url", "hygiene", "error", None, "Credentials embedded in a URL"),
    Rule("REQ005", "insecure-index", "hygiene", "warning", None, "Plain-http index or find-links, or --trusted-host"),
    Rule("REQ006", "conflicting-duplicate", "hygiene", "warning", None, "Same package required twice with different specifiers"),
    Rule("BKP001", "harmful-backport", "backports", "error", None, "Backport that shadows or breaks the stdlib module on a target Python"),
    Rule("BKP002", "redundant-backport", "backports", "warning", "unsafe", "Backport of a module every target Python ships"),
    Rule("BKP003", "unguarded-backport", "backports", "warning", "safe", "Backport needed on only some targets, without a python_version marker"),
    Rule("BKP004", "transitive-backport", "backports", "warning", None, "Backport pulled in through a lock, with the chain that pulls it"),
    Rule("PIN001", "critical-not-pinned", "pins", "error", "safe", "Critical library not pinned exactly where the policy says exact"),
    Rule("PIN002", "critical-not-bounded", "pins", "warning", None, "Critical library without an upper bound where the policy says bounded"),
    Rule("PIN003", "unpinned-url", "pins", "warning", None, "URL or VCS requirement not pinned to an immutable revision"),
    Rule("PIN004", "not-fully-pinned", "pins", "error", None, "Requirement in a fully-pinned file is not =="),
    Rule("PIN005", "partial-hashes", "pins", "error", None, "Hash-checking mode: requirements without --hash or not =="),
    Rule("PIN006", "yanked-version", "pins", "warning", None, "Pinned or locked version is yanked"),
    Rule("LCK001", "lock-hash-mismatch", "lock", "error", None, "Lock's stored input hash does not match the declarations"),
    Rule("LCK002", "missing-from-lock", "lock", "error", None, "Declared dependency missing from the lock"),
    Rule("LCK003", "lock-unsatisfied", "lock", "error", None, "Locked version does not satisfy the declared specifier"),
    Rule("LCK004", "stale-lock-root", "lock", "warning", None, "Lock still holds a root dependency that is no longer declared"),
    Rule("LCK005", "lock-python-mismatch", "lock", "error", None, "Lock's requires-python differs from the project's"),
    Rule("LCK006", "compiled-out-of-sync", "lock", "error", None, "Compiled or exported requirements file out of sync with its source"),
    Rule("PYV001", "requires-python-excludes-target", "python", "error", None, "Version's Requires-Python excludes a target Python"),
    Rule("PYV002", "no-wheel-for-target", "python", "warning", None, "No wheel for a target Python/platform: the install builds from source"),
    Rule("PYV003", "python-declarations-disagree", "python", "error", None, "The project's declared Pythons disagree across files"),
    Rule("PYV004", "dead-marker", "python", "warning", None, "Marker can never be true for any target"),
    Rule("PYV005", "unsupported-target-python", "python", "warning", None, "A target Python is end-of-life or not yet released"),
)

BY_CODE: Final[dict[str, Rule]] = {r.code: r for r in RULES}

def default_severity(code: str) -> Literal["error", "warning"]:
    rule = BY_CODE.get(code)
    if rule is not None:
        return rule.severity
    return "warning"


def family_of(code: str) -> Family | None:
    rule = BY_CODE.get(code)
    return rule.family if rule is not None else None


def doc(code: str) -> str:
    """The rule's documentation (markdown)."""
    from importlib import resources

    rule = BY_CODE[code]
    try:
        body = resources.files("reqhooks").joinpath("docs").joinpath(f"{code}.md").read_text("utf-8")
    except FileNotFoundError:
        body = rule.summary + ".\n"
    return body


def matches(code: str, prefixes: tuple[str, ...]) -> bool:
    """Prefix matching as in flake8/ruff: ``PIN`` selects PIN001..PIN006, ``ALL`` selects all."""
    return any(p == "ALL" or code.startswith(p) for p in prefixes)
