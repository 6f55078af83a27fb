"""One valid call per public data-set loader, for the public-API sweep (tests/test_public_api.py)."""

from __future__ import annotations

from typing import Any

VALID_CALLS: dict[str, dict[str, Any]] = {
    "diameters": {},
    "defects": {"by_type": False},
    "gauge_study": {},
    "skus": {},
    "machine_states": {},
    "order_events": {},
    "value_stream_steps": {},
    "assembly_tasks": {},
    "bank_transactions": {"n_customers": 50},
    "shop_steps": {},
    "shop_event_log": {"jobs": 20},
    "branch_arrivals": {},
}
