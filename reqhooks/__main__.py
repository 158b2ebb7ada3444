from __future__ import annotations

from reqhooks.cli import main

raise SystemExit(main())
