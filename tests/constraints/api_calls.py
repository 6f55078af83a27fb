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


def _state_log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "machine": ["M1", "M1", "M2", "M2", "M2"],
            "start": [0.0, 6.0, 0.0, 2.0, 9.0],
            "end": [6.0, 10.0, 2.0, 9.0, 10.0],
            "state": ["working", "blocked", "starved", "working", "setup"],
        }
    )


def _job_log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "job": [1, 1, 2, 2],
            "machine": ["cut", "weld", "cut", "weld"],
            "start": pd.to_datetime(
                ["2024-01-01 08:00", "2024-01-01 08:30", "2024-01-01 08:10", "2024-01-01 09:10"]
            ),
            "end": pd.to_datetime(
                ["2024-01-01 08:10", "2024-01-01 09:00", "2024-01-01 08:20", "2024-01-01 09:40"]
            ),
        }
    )


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
    "mix_capacity": {
        "graphs": {"p": _line(), "q": _line()},
        "demand": {"p": 0.2, "q": 1.0},
        "value": {"p": 2.0, "q": 1.0},
    },
    "utilization_bottleneck": {
        "log": _state_log(),
        "machine": "machine",
        "start": "start",
        "end": "end",
        "state": "state",
        "active": ["working", "setup"],
        "blocked": ["blocked"],
        "starved": ["starved"],
        "excluded": ["off"],
        "near": 0.9,
    },
    "waiting_time_bottleneck": {
        "log": _job_log(),
        "case": "job",
        "activity": "machine",
        "start": "start",
        "end": "end",
        "near": 0.9,
    },
    "active_period": {
        "intervals": _state_log(),
        "machine": "machine",
        "start": "start",
        "end": "end",
        "state": "state",
        "active": ["working", "setup"],
    },
    "turning_point": {
        "blockage": [0.3, 0.2, 0.05, 0.01],
        "starvation": [0.0, 0.05, 0.1, 0.25],
        "line": ["M1", "M2", "M3", "M4"],
    },
    "dbr_buffers": {"constraint_lead_time": 12.0, "shipping_lead_time": 6.0, "fraction": 0.5},
    "drum_buffer_rope": {
        "orders": pd.DataFrame(
            {
                "due": [20.0, 14.0, 30.0],
                "load": [3.0, 4.0, 5.0],
                "stage": ["planned", "released", "processed"],
            },
            index=["A", "B", "C"],
        ),
        "due": "due",
        "load": "load",
        "stage": "stage",
        "constraint_buffer": 6.0,
        "shipping_buffer": 4.0,
        "capacity": 1.0,
        "now": 1.0,
        "schedule": "backward",
    },
}
