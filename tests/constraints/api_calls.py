"""One valid call per public constraints function, for the public-API sweep (tests/test_public_api.py)."""

from __future__ import annotations

from typing import Any

VALID_CALLS: dict[str, dict[str, Any]] = {}
