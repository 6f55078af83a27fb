"""One valid call per public process function, for the public-API sweep (tests/test_public_api.py).

Keyword arguments are listed in full (options included) so that the sweep tries bad values on
every parameter.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

_LOG = pd.DataFrame(
    {
        "case": [1, 1, 1, 2, 2],
        "activity": ["a", "b", "c", "a", "c"],
        "start": pd.to_datetime(
            ["2024-01-01 08:00", "2024-01-01 09:00", "2024-01-01 10:00", "2024-01-01 08:00",
             "2024-01-01 09:30"]
        ),
        "end": pd.to_datetime(
            ["2024-01-01 08:30", "2024-01-01 09:45", "2024-01-01 11:00", "2024-01-01 09:00",
             "2024-01-01 10:00"]
        ),
    }
)  # fmt: skip

_GRAPH: nx.DiGraph[Any] = nx.DiGraph()
_GRAPH.add_node("cut", process_time=1.0, servers=2)
_GRAPH.add_node("weld", process_time=0.8, availability=0.9, **{"yield": 0.95})
_GRAPH.add_node("test", process_time=0.5, setup_time=1.0, batch_size=10, cost=2.0)
_GRAPH.add_edge("cut", "weld", probability=1.0)
_GRAPH.add_edge("weld", "test", probability=1.0)
_GRAPH.add_edge("test", "weld", probability=0.1)

_STEPS = pd.DataFrame(
    {
        "step": ["cut", "weld", "test", "test"],
        "next_step": ["weld", "test", "weld", None],
        "probability": [1.0, 1.0, 0.1, None],
        "process_time": [1.0, 0.8, 0.5, 0.5],
    }
)

VALID_CALLS: dict[str, dict[str, Any]] = {
    "validate_process_graph": {
        "graph": _GRAPH,
        "probability": "probability",
        "process_time": "process_time",
        "rate": "rate",
        "servers": "servers",
        "availability": "availability",
        "yield_": "yield",
        "setup_time": "setup_time",
        "batch_size": "batch_size",
        "cost": "cost",
        "sources": ["cut"],
        "require_time": True,
    },
    "process_graph_from_frame": {
        "steps": _STEPS,
        "step": "step",
        "next_step": "next_step",
        "probability": "probability",
        "node_attributes": ["process_time"],
    },
    "from_event_log": {
        "log": _LOG,
        "case": "case",
        "activity": "activity",
        "end": "end",
        "start": "start",
        "calendar": (8, 17, (0, 1, 2, 3, 4)),
    },
    "case_lead_times": {
        "log": _LOG,
        "case": "case",
        "end": "end",
        "activity": "activity",
        "start": "start",
        "calendar": (8, 17),
    },
    "arrival_rates": {
        "graph": _GRAPH,
        "external_arrivals": {"cut": 1.0},
        "mix": None,
        "probability": "probability",
        "yield_": "yield",
        "process_time": "process_time",
        "rate": "rate",
        "servers": "servers",
        "availability": "availability",
        "setup_time": "setup_time",
        "batch_size": "batch_size",
    },
    "effective_process_times": {
        "graph": _GRAPH,
        "process_time": "process_time",
        "rate": "rate",
        "availability": "availability",
        "setup_time": "setup_time",
        "batch_size": "batch_size",
    },
    "visit_ratios": {
        "graph": _GRAPH,
        "source": "cut",
        "probability": "probability",
        "yield_": "yield",
    },
}
