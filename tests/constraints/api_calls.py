"""One valid call per public constraints function, for the public-API sweep (tests/test_public_api.py)."""

from __future__ import annotations

from typing import Any

VALID_CALLS: dict[str, dict[str, Any]] = {
    "factory_physics": {
        "process_times": [2.0, 2.0, 2.0, 2.0],
        "machines": 1,
        "wip": [1.0, 4.0, 8.0],
    },
}
