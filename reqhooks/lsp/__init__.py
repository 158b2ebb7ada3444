"""``reqhooks lsp``: a Language Server for Python dependency files (the ``lsp`` extra).

It publishes reqhooks' findings as diagnostics while files are edited, offers the rules'
fixes and a "suppress on this line" as code actions, and explains a rule on hover.  The
server is built on pygls, which ``pip install 'reqhooks[lsp]'`` brings; nothing here is
imported by the rest of reqhooks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

_MISSING = (
    "reqhooks lsp needs the language server extra: pip install 'reqhooks[lsp]' "
    "(missing module: {name})"
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="reqhooks lsp",
        description="Run the reqhooks language server over standard input and output.",
    )
    # Editors and launchers pass --stdio by habit; it is the only transport.
    parser.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default)")
    parser.add_argument("--log-file", metavar="FILE", help="write the server's log to FILE")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages too")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        from reqhooks.lsp.server import build_server
    except ImportError as e:
        top = (e.name or "").split(".")[0]
        if top in ("pygls", "lsprotocol", "cattrs", "attrs"):
            print(_MISSING.format(name=top), file=sys.stderr)
            return 2
        raise
    import logging

    if args.log_file:
        logging.basicConfig(
            filename=args.log_file,
            level=logging.DEBUG if args.verbose else logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    else:  # stdout is the protocol: the log goes to stderr, which editors show
        logging.basicConfig(
            stream=sys.stderr, level=logging.DEBUG if args.verbose else logging.WARNING
        )
    build_server().start_io()
    return 0
