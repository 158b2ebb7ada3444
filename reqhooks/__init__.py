"""reqhooks: pre-commit hooks and a linter for Python dependency files."""

from __future__ import annotations

__version__ = "0.1.0"
