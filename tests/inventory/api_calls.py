"""One valid call per public inventory function, for the public-API sweep (tests/test_public_api.py).

Keyword arguments are listed in full (options included) so that the sweep tries bad values on
every parameter.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from opsmodels.inventory import BaseStock, Normal, Poisson


def _gsm_graph() -> nx.DiGraph[int]:
    """Snyder & Shen's Example 6.5 tree for gsm_tree."""
    g = nx.DiGraph([(1, 3), (3, 2), (3, 4)])
    nx.set_node_attributes(g, {1: 2, 3: 1, 2: 1, 4: 1}, "processing_time")
    nx.set_node_attributes(g, {1: 1, 3: 2, 2: 3, 4: 3}, "holding_cost")
    nx.set_node_attributes(g, {2: 1.0, 4: 1.0}, "demand_std")
    return g


VALID_CALLS: dict[str, dict[str, Any]] = {
    "as_demand": {"demand": Poisson(4.0)},
    "eoq": {
        "demand_rate": np.array([1300.0, 600.0]),
        "ordering_cost": 8.0,
        "holding_cost": 0.225,
        "shortage_cost": 5.0,
    },
    "eoq_cost": {
        "order_quantity": 300.0,
        "demand_rate": 1300.0,
        "ordering_cost": 8.0,
        "holding_cost": 0.225,
        "shortage_cost": 5.0,
    },
    "eoq_sensitivity": {"order_quantity": 1.5, "optimal_quantity": 1.0},
    "epq": {
        "demand_rate": 1300.0,
        "ordering_cost": 8.0,
        "holding_cost": 0.225,
        "production_rate": 1700.0,
    },
    "eoq_discount": {
        "demand_rate": 600.0,
        "ordering_cost": 8.0,
        "holding_rate": 0.2,
        "breakpoints": [0.0, 500.0, 1000.0],
        "unit_prices": [0.30, 0.29, 0.28],
        "kind": "incremental",
    },
    "power_of_two": {
        "demand_rate": 1300.0,
        "ordering_cost": 8.0,
        "holding_cost": 0.225,
        "base_period": 1.0,
    },
    "joint_replenishment": {
        "major_cost": 600.0,
        "minor_costs": [120.0, 840.0, 300.0],
        "holding_costs": [160.0, 20.0, 50.0],
        "demand_rates": [1.0, 1.0, 1.0],
    },
    "newsvendor": {
        "holding_cost": 0.18,
        "shortage_cost": 0.70,
        "demand": Normal(50.0, 8.0),
        "lead_time": 1,
    },
    "newsvendor_cost": {
        "order_up_to": 60.0,
        "holding_cost": 0.18,
        "shortage_cost": 0.70,
        "demand": Poisson(50.0),
        "lead_time": 0,
    },
    "newsvendor_profit": {
        "price": 1.0,
        "cost": 0.25,
        "salvage": 0.05,
        "demand": Normal(100.0, 20.0),
        "shortage_penalty": 0.1,
    },
    "reorder_point": {
        "demand": Normal(100.0, 20.0),
        "lead_time": 4.0,
        "cycle_service_level": None,
        "fill_rate": 0.98,
        "stockout_cost": None,
        "order_quantity": 200.0,
        "holding_cost": 0.5,
        "min_safety_factor": 0.0,
    },
    "fill_rate": {
        "demand": Poisson(3.0),
        "lead_time": 2.0,
        "reorder_point": 8.0,
        "order_quantity": 10.0,
        "method": "exact",
    },
    "normal_loss_inverse": {"loss": 0.1},
    "rq_policy": {
        "holding_cost": 20.0,
        "shortage_cost": 150.0,
        "ordering_cost": 100.0,
        "demand": Poisson(1.5),
        "lead_time": 2.0,
        "method": "exact",
    },
    "rq_cost": {
        "reorder_point": 3.0,
        "order_quantity": 5.0,
        "holding_cost": 20.0,
        "shortage_cost": 150.0,
        "ordering_cost": 100.0,
        "demand": Poisson(1.5),
        "lead_time": 2.0,
    },
    "serial_base_stock": {
        "echelon_holding_costs": [3.0, 2.0, 2.0],
        "shortage_cost": 37.12,
        "demand": Normal(5.0, 1.0),
        "lead_times": [1, 1, 2],
        "step": 0.01,
    },
    "serial_cost": {
        "echelon_base_stock": [6.49, 12.02, 22.71],
        "echelon_holding_costs": [3.0, 2.0, 2.0],
        "shortage_cost": 37.12,
        "demand": Normal(5.0, 1.0),
        "lead_times": [1, 1, 2],
        "step": 0.01,
    },
    "ss_policy": {
        "holding_cost": 1.0,
        "shortage_cost": 9.0,
        "ordering_cost": 64.0,
        "demand": Poisson(10.0),
        "method": "exact",
        "lead_time": 0,
        "review_period": 1,
    },
    "ss_cost": {
        "reorder_point": 6.0,
        "order_up_to": 40.0,
        "holding_cost": 1.0,
        "shortage_cost": 9.0,
        "ordering_cost": 64.0,
        "demand": Poisson(10.0),
        "lead_time": 0,
        "review_period": 1,
    },
    "gsm_tree": {
        "graph": _gsm_graph(),
        "processing_time": "processing_time",
        "holding_cost": "holding_cost",
        "demand_mean": "demand_mean",
        "demand_std": "demand_std",
        "external_service_time": "external_service_time",
        "inbound_service_time": "inbound_service_time",
        "service_level": 0.95,
        "z": None,
    },
    "base_stock": {
        "holding_cost": 1.0,
        "shortage_cost": 9.0,
        "demand": Poisson(5.0),
        "review_period": 2,
        "lead_time": 1,
        "ordering_cost": 3.0,
        "shortages": "backorders",
    },
    "lot_sizing": {
        "demand": [90.0, 120.0, 80.0, 70.0],
        "ordering_cost": 500.0,
        "holding_cost": 2.0,
        "method": "silver_meal",
    },
    "wagner_whitin": {
        "demand": [90.0, 120.0, 80.0, 70.0],
        "ordering_cost": 500.0,
        "holding_cost": 2.0,
    },
    "silver_meal": {
        "demand": [90.0, 120.0, 80.0, 70.0],
        "ordering_cost": 500.0,
        "holding_cost": 2.0,
    },
    "least_unit_cost": {
        "demand": [90.0, 120.0, 80.0, 70.0],
        "ordering_cost": 500.0,
        "holding_cost": 2.0,
    },
    "part_period_balancing": {
        "demand": [90.0, 120.0, 80.0, 70.0],
        "ordering_cost": 500.0,
        "holding_cost": 2.0,
    },
    "finite_horizon_dp": {
        "holding_cost": 1.0,
        "shortage_cost": 9.0,
        "demand": Poisson(np.array([4.0, 9.0, 15.0])),
        "ordering_cost": 20.0,
        "purchase_cost": 1.0,
        "terminal_holding_cost": 0.0,
        "terminal_shortage_cost": 0.0,
        "initial_inventory": 0.0,
        "discount": 1.0,
    },
    "simulate": {
        "policy": BaseStock(8.0),
        "demand": Poisson(4.0),
        "periods": 50,
        "lead_time": 1,
        "holding_cost": 1.0,
        "shortage_cost": 9.0,
        "ordering_cost": 0.0,
        "backorders": True,
        "replications": 3,
        "warmup": 5,
        "confidence": 0.95,
        "rng": 1,
        "progress": False,
    },
    "distribution_base_stock": {
        "demand_rates": [0.5, 1.0, 1.5],
        "transit_times": 2.0,
        "warehouse_lead_time": 5.0,
        "warehouse_holding_cost": 1.0,
        "retailer_holding_costs": 1.5,
        "shortage_costs": 20.0,
        "warehouse_base_stock": None,
        "method": "graves",
    },
    "abc_classes": {
        "values": [500.0, 300.0, 100.0, 60.0, 40.0],
        "thresholds": (0.8, 0.95),
        "labels": ("A", "B", "C"),
        "include_crossing": True,
        "nan_policy": "raise",
    },
    "xyz_classes": {
        "demand": [[10.0, 11.0, 9.0, 10.0], [0.0, 12.0, 0.0, 3.0]],
        "thresholds": (0.5, 1.0),
        "labels": ("X", "Y", "Z"),
        "ddof": 1,
        "nan_policy": "raise",
    },
    "abc_xyz": {
        "values": [900.0, 80.0],
        "demand": [[10.0, 11.0, 9.0, 10.0], [0.0, 12.0, 0.0, 3.0]],
        "abc_thresholds": (0.8, 0.95),
        "xyz_thresholds": (0.5, 1.0),
    },
    "intermittent_forecast": {
        "demand": [[0.0, 3.0, 0.0, 0.0, 5.0], [1.0, 0.0, 0.0, 2.0, 0.0]],
        "method": "tsb",
        "alpha": 0.1,
        "beta": 0.1,
    },
    "croston": {"demand": [0.0, 3.0, 0.0, 0.0, 5.0], "alpha": 0.1},
    "sba": {"demand": [0.0, 3.0, 0.0, 0.0, 5.0], "alpha": 0.1},
    "tsb": {"demand": [0.0, 3.0, 0.0, 0.0, 5.0], "alpha": 0.1, "beta": 0.1},
    "sku_policies": {
        "skus": pd.DataFrame(
            {
                "demand_mean": [10.0, 20.0],
                "demand_std": [2.0, 4.0],
                "lead_time": [2.0, 1.0],
                "holding_cost": 1.0,
                "shortage_cost": 9.0,
                "ordering_cost": 64.0,
                "service_level": 0.95,
            }
        ),
        "policy": "rq",
        "distribution": "normal",
        "method": "exact",
        "demand_mean": "demand_mean",
        "demand_std": "demand_std",
        "lead_time": "lead_time",
        "holding_cost": "holding_cost",
        "shortage_cost": "shortage_cost",
        "ordering_cost": "ordering_cost",
        "service_level": "service_level",
    },
}
