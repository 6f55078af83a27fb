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
_VSM_STEPS = pd.DataFrame(
    {
        "step": ["stamp", "weld"],
        "cycle_time": [1.0, 39.0],
        "changeover": [3600.0, 600.0],
        "uptime": [0.85, 1.0],
        "operators": [1, 1],
        "value_added_time": [1.0, 39.0],
        "inventory_before": [4600.0, 7000.0],
    }
)

VALID_CALLS: dict[str, dict[str, Any]] = {
    # _flow_metrics
    "flow_metrics": {
        "log": pd.DataFrame(
            {
                "item": ["a", "a", "b", "b", "c"],
                "state": ["doing", "done", "doing", "done", "doing"],
                "timestamp": pd.to_datetime(
                    ["2024-01-01", "2024-01-03", "2024-01-02", "2024-01-03", "2024-01-03"]
                ),
            }
        ),
        "workflow": ["doing", "done"],
        "layout": "long",
        "item": "item",
        "state": "state",
        "timestamp": "timestamp",
        "start_state": "doing",
        "freq": "D",
        "percentiles": [50, 85],
        "convention": "elapsed",
        "as_of": "2024-01-04",
        "window": ("2024-01-01", "2024-01-04"),
    },
    # _vsm
    "value_stream": {
        "steps": _VSM_STEPS,
        "demand": 18_400.0,
        "available_time": 55_200.0,
        "working_days": 20.0,
        "day_length": 86_400.0,
        "step": "step",
    },
    "future_state": {
        "current": _VSM_STEPS,
        "changes": {"weld": {"inventory_before": 0.0}},
        "demand": 18_400.0,
        "available_time": 55_200.0,
        "working_days": 20.0,
        "day_length": 86_400.0,
    },
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
        "time_limit": 5.0,
    },
    "line_balance_bounds": {"graph": _GRAPH, "cycle_time": 8.0, "duration": "duration"},
    "line_balance_type2": {
        "graph": _GRAPH,
        "stations": 2,
        "duration": "duration",
        "method": "exact",
        "time_limit": 5.0,
    },
    # _kanban
    "kanban_count": {
        "demand": 2000.0,
        "lead_time": 0.4,
        "container_size": 200.0,
        "safety_factor": 0.1,
    },
    "supermarket_size": {
        "demand": 600.0,
        "lead_time": 1.5,
        "container_size": 50.0,
        "review_period": 0.5,
        "safety_factor": 0.1,
    },
    "heijunka": {"demand": {"A": 20, "B": 10, "C": 10}, "method": "goal_chasing"},
    # _iso22400
    "worker_efficiency": {
        "actual_personnel_work_time": 420.0,
        "actual_personnel_attendance_time": 480.0,
    },
    "allocation_ratio": {"actual_unit_busy_time": 300.0, "actual_order_execution_time": 400.0},
    "throughput_rate": {"produced_quantity": 600.0, "actual_order_execution_time": 300.0},
    "allocation_efficiency": {"actual_unit_busy_time": 432.0, "planned_busy_time": 480.0},
    "utilization_efficiency": {"actual_production_time": 400.0, "actual_unit_busy_time": 500.0},
    "availability": {"actual_production_time": 373.0, "planned_busy_time": 420.0},
    "effectiveness": {
        "planned_run_time_per_unit": 1 / 60,
        "produced_quantity": 19_271.0,
        "actual_production_time": 373.0,
    },
    "quality_ratio": {"good_quantity": 18_848.0, "produced_quantity": 19_271.0},
    "oee_index": {
        "actual_production_time": 373.0,
        "planned_busy_time": 420.0,
        "planned_run_time_per_unit": 1 / 60,
        "produced_quantity": 19_271.0,
        "good_quantity": 18_848.0,
    },
    "nee_index": {
        "actual_unit_processing_time": 400.0,
        "planned_busy_time": 420.0,
        "actual_production_time": 373.0,
        "planned_run_time_per_unit": 1 / 60,
        "produced_quantity": 19_271.0,
        "good_quantity": 18_848.0,
    },
    "setup_rate": {"actual_unit_setup_time": 30.0, "actual_unit_processing_time": 400.0},
    "technical_efficiency": {"actual_production_time": 360.0, "actual_unit_delay_time": 40.0},
    "production_process_ratio": {
        "actual_production_time": 300.0,
        "actual_order_execution_time": 600.0,
    },
    "scrap_ratio": {"scrap_quantity": 12.0, "produced_quantity": 400.0},
    "rework_ratio": {"rework_quantity": 20.0, "produced_quantity": 400.0},
    "actual_to_planned_scrap_ratio": {"scrap_quantity": 15.0, "planned_scrap_quantity": 10.0},
    "first_pass_yield": {"good_first_pass_quantity": 95.0, "inspected_quantity": 100.0},
    "finished_goods_ratio": {"good_quantity": 900.0, "consumed_material": 1000.0},
    "production_loss_ratio": {"production_loss": 40.0, "consumed_material": 1000.0},
    "storage_and_transportation_loss_ratio": {
        "storage_and_transportation_loss": 10.0,
        "consumed_material": 1000.0,
    },
    "other_loss_ratio": {"other_loss": 5.0, "consumed_material": 1000.0},
    "equipment_load_ratio": {"produced_quantity": 800.0, "equipment_production_capacity": 1000.0},
    "inventory_turns": {"throughput": 1_200_000.0, "average_inventory": 150_000.0},
    "corrective_maintenance_ratio": {
        "corrective_maintenance_time": 30.0,
        "preventive_maintenance_time": 90.0,
    },
    "mtbf": {"times_between_failures": [100.0, 80.0, 120.0], "nan_policy": "raise"},
    "mttr": {"times_to_restoration": [10.0, 20.0], "nan_policy": "raise"},
    "mttf": {"times_to_failure": [500.0, 700.0], "nan_policy": "raise"},
    "iso22400_kpis": {
        "data": {"PBT": 420.0, "APT": 373.0, "PRU": 1 / 60, "PQ": 19_271.0, "GQ": 18_848.0}
    },
    "rolled_throughput_yield": {"yields": [0.9, 0.95, 0.99], "axis": -1},
    "normalized_yield": {"yields": [0.9, 0.95, 0.99], "axis": -1},
    # _waste
    "waste": {
        "log": pd.DataFrame(
            {
                "case": [1, 1, 1, 2, 2],
                "activity": ["receive", "check", "check", "receive", "ship"],
                "resource": ["ann", "bob", "bob", "ann", "cy"],
                "site": ["a", "a", "b", "a", "a"],
                "start": pd.to_datetime(
                    [
                        "2024-01-01 08:00",
                        "2024-01-01 09:00",
                        "2024-01-01 10:00",
                        "2024-01-01 08:00",
                        "2024-01-02 09:00",
                    ]
                ),
                "end": pd.to_datetime(
                    [
                        "2024-01-01 08:30",
                        "2024-01-01 09:30",
                        "2024-01-01 11:00",
                        "2024-01-01 08:30",
                        "2024-01-02 10:00",
                    ]
                ),
            }
        ),
        "case": "case",
        "activity": "activity",
        "end": "end",
        "start": "start",
        "resource": "resource",
        "location": "site",
        "standard_path": ["receive", "check", "ship"],
        "demand": 1.0,
        "period": "D",
        "output_activity": "ship",
        "window": ("2024-01-01", "2024-01-02"),
        "nan_policy": "raise",
    },
}
