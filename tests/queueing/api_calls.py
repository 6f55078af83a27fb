"""One valid call per public queueing function, for the public-API sweep (tests/test_public_api.py).

Keyword arguments are listed in full (options included) so that the sweep tries bad values on
every parameter.
"""

from __future__ import annotations

from typing import Any

import numpy as np

VALID_CALLS: dict[str, dict[str, Any]] = {
    "erlang_b": {"traffic": np.array([5.0, 10.0]), "servers": 10},
    "erlang_c": {"traffic": 2.0, "servers": np.array([3, 4])},
    "erlang_a": {
        "arrival_rate": 2.0,
        "service_rate": 1.0,
        "abandonment_rate": 0.5,
        "servers": 3,
        "answer_time": 0.25,
    },
    "mmc": {"arrival_rate": 2.0, "service_rate": 1.0, "servers": 3},
    "mm1": {"arrival_rate": 0.75, "service_rate": 1.0},
    "mmck": {"arrival_rate": 2.0, "service_rate": 1.0, "servers": 2, "capacity": 6},
    "mg1": {"arrival_rate": 0.5, "service_rate": 1.0, "service_scv": 0.5},
    "md1": {"arrival_rate": 0.5, "service_rate": 1.0},
    "kingman": {
        "ca2": 1.0,
        "ce2": 0.5,
        "utilization": 0.8,
        "process_time": 2.0,
        "servers": 2,
    },
    "staffing": {
        "arrival_rate": np.array([0.0, 0.1, 0.2]),
        "handle_time": 240.0,
        "answer_time": 20.0,
        "service_level": 0.8,
        "shrinkage": 0.3,
        "max_occupancy": 0.9,
        "asa": 30.0,
    },
    "mva": {
        "demands": np.array([2.0, 3.0, 1.0]),
        "servers": np.array([1.0, 2.0, np.inf]),
        "population": 5,
        "think_time": 1.0,
    },
    "jackson_network": {
        "external_arrivals": np.array([1.0, 0.0]),
        "routing": np.array([[0.0, 1.0], [0.25, 0.0]]),
        "service_rates": np.array([2.0, 3.0]),
        "servers": np.array([1, 2]),
    },
    "qna_network": {
        "external_arrivals": np.array([1.0, 0.0]),
        "routing": np.array([[0.0, 1.0], [0.25, 0.0]]),
        "service_rates": np.array([2.0, 3.0]),
        "servers": np.array([1, 2]),
        "arrival_scv": 1.5,
        "service_scv": np.array([0.5, 1.0]),
        "waiting": "kingman",
    },
    "ggc": {
        "arrival_rate": 1.5,
        "service_rate": 1.0,
        "servers": 2,
        "arrival_scv": 0.5,
        "service_scv": 2.0,
        "method": "kingman",
    },
}
