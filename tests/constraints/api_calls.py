"""One valid call per public constraints function, for the public-API sweep (tests/test_public_api.py)."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd


def _project() -> nx.DiGraph:
    g = nx.DiGraph([("A", "C"), ("B", "C")])
    for node, (a, m, b) in {"A": (1, 2, 3), "B": (2, 3, 4), "C": (1, 1, 4)}.items():
        g.add_node(node, duration=float(m), optimistic=a, most_likely=m, pessimistic=b)
    return g


def _line() -> nx.DiGraph:
    g = nx.DiGraph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(g, {"a": 1.0, "b": 2.0, "c": 1.5}, "process_time")
    return g


VALID_CALLS: dict[str, dict[str, Any]] = {
    "factory_physics": {
        "process_times": [2.0, 2.0, 2.0, 2.0],
        "machines": 1,
        "wip": [1.0, 4.0, 8.0],
    },
    "critical_path": {"graph": _project(), "duration": "duration"},
    "pert": {"graph": _project(), "due_date": 5.0},
    "product_mix": {
        "products": pd.DataFrame(
            {"price": [90.0, 100.0], "material_cost": [45.0, 40.0], "demand": [100.0, 50.0]},
            index=["P", "Q"],
        ),
        "usage": pd.DataFrame({"P": [15.0, 15.0], "Q": [10.0, 30.0]}, index=["A", "B"]),
        "capacity": pd.Series([2400.0, 2400.0], index=["A", "B"]),
        "operating_expense": 6000.0,
        "method": "toc",
    },
    "bottleneck": {"graph": _line(), "external_arrivals": 0.3, "near": 0.9},
    "elevate": {"graph": _line(), "node": "b", "servers": 2, "process_time": 1.5},
}
