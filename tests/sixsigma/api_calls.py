"""One valid call per public six-sigma function, for the public-API sweep (tests/test_public_api.py).

Keyword arguments are listed in full (options included) so that the sweep tries bad values on
every parameter.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

_rng = np.random.default_rng(7)
_X = 10 + _rng.standard_normal(60)
_SUBGROUPS = 10 + _rng.standard_normal((12, 5))
_GAUGE = pd.DataFrame(
    {
        "part": np.repeat(np.arange(5), 6),
        "operator": np.tile(np.repeat(["a", "b", "c"], 2), 5),
        "value": np.repeat(np.arange(5.0), 6) + _rng.standard_normal(30) * 0.1,
    }
)
_MV = _rng.standard_normal((40, 3))
_DEFECTIVES = np.array([4, 6, 3, 5, 7, 2, 4, 5, 6, 3])
_COUNTS = np.array([10, 12, 8, 11, 9, 14, 10, 7, 12, 9])

VALID_CALLS: dict[str, dict[str, Any]] = {
    "control_constants": {"n": 5},
    "capability": {
        "data": _X,
        "lsl": 7.0,
        "usl": 13.0,
        "target": 10.0,
        "sigma_method": "moving_range",
        "dof": "estimator",
        "confidence": 0.95,
    },
    "nonnormal_capability": {
        "data": np.exp(_X / 10),
        "lsl": 1.5,
        "usl": 5.0,
        "method": "percentile",
        "distribution": "lognorm",
        "normality_alpha": 0.05,
        "nan_policy": "raise",
    },
    "normality_test": {"data": _X},
    "run_rules": {"values": _X, "center": 10.0, "sigma": 1.0, "rules": "nelson"},
    "arl_cusum": {"shift": 1.0, "k": 0.5, "h": 5.0, "head_start": 0.0},
    "arl_ewma": {"shift": 1.0, "lam": 0.2, "L": 2.962},
    "arl_shewhart": {"shift": 1.0, "n": 5, "L": 3.0},
    "oc_curve": {"shift": 1.0, "n": 5, "L": 3.0},
    "oc_curve_c": {"c": 10.0, "lcl": 1.0, "ucl": 20.0},
    "oc_curve_p": {"p": 0.1, "n": 50, "lcl": 0.01, "ucl": 0.3},
    "binomial_capability": {"defectives": _DEFECTIVES, "sample_size": 100, "confidence": 0.95},
    "poisson_capability": {"defects": _COUNTS, "units": 5.0, "confidence": 0.95},
    "dpmo": {"defects": 12, "units": 100, "opportunities": 5},
    "dpmo_to_sigma": {"dpmo": 6210.0, "shift": 1.5},
    "sigma_to_dpmo": {"sigma_level": 4.0, "shift": 1.5},
    "dpu": {"defects": 12, "units": 100},
    "first_time_yield": {"good": 95, "total": 100},
    "normalized_yield": {"yields": [0.9, 0.95, 0.99]},
    "rolled_throughput_yield": {"yields": [0.9, 0.95, 0.99]},
    "yield_from_dpu": {"dpu": 0.1},
    "gauge_rr": {
        "frame": _GAUGE,
        "part": "part",
        "operator": "operator",
        "value": "value",
        "tolerance": 6.0,
        "method": "anova",
        "alpha_interaction": 0.05,
        "study_multiplier": 6.0,
        "confidence": 0.95,
        "historical_sigma": 2.0,
        "nan_policy": "raise",
    },
    "gauge_rr_constants": {"n_parts": 10, "n_operators": 3, "n_trials": 3},
    "pareto": {
        "data": pd.Series({"scratch": 40, "dent": 25, "crack": 10, "other": 5}),
        "threshold": 0.8,
        "other_below": 0.05,
        "other_label": "Other",
        "nan_policy": "raise",
    },
    "imr_chart": {"x": _X, "span": 2},
    "xbar_r_chart": {"data": _SUBGROUPS},
    "xbar_s_chart": {"data": _SUBGROUPS},
    "c_chart": {"counts": _COUNTS, "nan_policy": "raise"},
    "g_chart": {"counts_between_events": _COUNTS, "nan_policy": "raise"},
    "laney_p_chart": {"defectives": _DEFECTIVES, "sample_size": 100, "nan_policy": "raise"},
    "laney_u_chart": {"defects": _COUNTS, "units": 5.0, "nan_policy": "raise"},
    "np_chart": {"defectives": _DEFECTIVES, "sample_size": 100, "nan_policy": "raise"},
    "p_chart": {"defectives": _DEFECTIVES, "sample_size": 100, "nan_policy": "raise"},
    "u_chart": {"defects": _COUNTS, "units": 5.0, "nan_policy": "raise"},
    "cusum_chart": {"x": _X, "target": 10.0, "sigma": 1.0, "k": 0.5, "h": 5.0},
    "ewma_chart": {
        "x": _X,
        "target": 10.0,
        "sigma": 1.0,
        "lam": 0.2,
        "L": 3.0,
        "asymptotic": False,
    },
    "t2_chart": {"X": _MV, "alpha": 0.0027, "nan_policy": "raise"},
}
