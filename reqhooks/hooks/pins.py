"""The `pin-critical-requirements` pre-commit hook: `reqhooks pins FILE ...`."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    import sys

    from reqhooks.cli import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    return cli_main(["pins", *args])


if __name__ == "__main__":
    raise SystemExit(main())
