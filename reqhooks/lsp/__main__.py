from __future__ import annotations

from reqhooks.lsp import main

raise SystemExit(main())
