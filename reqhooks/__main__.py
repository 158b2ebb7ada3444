"""``python -m reqhooks``."""

from __future__ import annotations

import sys

# `python -m` puts the working directory first on sys.path: a checked project's own
# `json.py` or `packaging/` would then be imported, and run, in our place.
if sys.path and sys.path[0] in ("", "."):
    del sys.path[0]
else:
    import os

    try:
        if sys.path and os.path.abspath(sys.path[0]) == os.getcwd():
            del sys.path[0]
    except FileNotFoundError:  # the working directory is gone: the command says so
        pass

from reqhooks.cli import run  # noqa: E402

run()
