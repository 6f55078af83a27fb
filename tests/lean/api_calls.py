"""One valid call per public lean function, for the public-API sweep (tests/test_public_api.py)."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

_STATES = pd.DataFrame(
    {
        "machine": ["m1", "m1", "m1"],
        "state": ["running", "breakdown", "running"],
        "start": [0.0, 300.0, 330.0],
        "end": [300.0, 330.0, 480.0],
    }
)
_COUNTS = pd.DataFrame({"machine": ["m1"], "total_count": [400], "good_count": [380]})
_RECORDS = pd.DataFrame(
    {
        "machine": ["a", "b"],
        "planned_time": [480.0, 480.0],
        "downtime": [30.0, 0.0],
        "ideal_cycle_time": [1.0, 0.5],
        "total_count": [400, 900],
        "good_count": [390, 880],
    }
)
_GRAPH = nx.DiGraph()
_GRAPH.add_nodes_from(
    [("a", {"duration": 4.0}), ("b", {"duration": 3.0}), ("c", {"duration": 5.0})]
)
_GRAPH.add_edges_from([("a", "b"), ("a", "c")])

VALID_CALLS: dict[str, dict[str, Any]] = {
    # _oee
    "oee": {
        "planned_time": 420.0,
        "downtime": 47.0,
        "ideal_cycle_time": 1.0 / 60.0,
        "total_count": 19_271,
        "good_count": 18_848,
        "calendar_time": 480.0,
    },
    "oee_aggregate": {
        "frame": _RECORDS,
        "by": "machine",
        "planned_time": "planned_time",
        "downtime": "downtime",
        "ideal_cycle_time": "ideal_cycle_time",
        "total_count": "total_count",
        "good_count": "good_count",
        "calendar_time": None,
    },
    "oee_from_states": {
        "states": _STATES,
        "counts": _COUNTS,
        "ideal_cycle_time": 1.0,
        "machine": "machine",
        "state": "state",
        "start": "start",
        "end": "end",
        "by": None,
        "categories": None,
        "small_stop_threshold": 60.0,
        "total_count": "total_count",
        "good_count": "good_count",
        "startup_rejects": None,
    },
    # _flow
    "takt_time": {"available_time": 27_600.0, "demand": 460.0},
    "lead_time": {
        "process_time": [1.0, 2.0],
        "inventory": [10.0, 20.0],
        "demand_rate": 5.0,
        "axis": -1,
    },
    "process_cycle_efficiency": {"value_added_time": 30.0, "lead_time": 300.0},
    "value_added_ratio": {"value_added_time": 30.0, "non_value_added_time": 270.0},
    "littles_law": {"wip": 10.0, "throughput": 2.0, "cycle_time": None},
    "epei": {"changeover_time": 60.0, "available_time": 480.0, "run_time": 450.0},
    # _line_balancing
    "line_balance": {
        "graph": _GRAPH,
        "cycle_time": 8.0,
        "duration": "duration",
        "method": "exact",
    },
    "line_balance_bounds": {"graph": _GRAPH, "cycle_time": 8.0, "duration": "duration"},
    "line_balance_type2": {
        "graph": _GRAPH,
        "stations": 2,
        "duration": "duration",
        "method": "exact",
    },
}
