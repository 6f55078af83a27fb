"""One valid call per public segmentation function, for the public-API sweep (tests/test_public_api.py).

Keyword arguments are listed in full (options included) so that the sweep tries bad values on
every parameter.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from opsmodels.segmentation import BGNBD, GammaGamma, ParetoNBD

_LOG = pd.DataFrame(
    {
        "customer": ["a", "a", "a", "b", "b", "c"],
        "date": pd.to_datetime(
            ["2024-01-01", "2024-01-09", "2024-02-10", "2024-01-05", "2024-02-20", "2024-01-20"]
        ),
        "amount": [10.0, 20.0, 15.0, 7.5, 30.0, 12.0],
    }
)

_SUMMARY = pd.DataFrame(
    {
        "time_since_last": [1.0, 10.0, 30.0, 60.0, 90.0, 5.0],
        "n_transactions": [9, 5, 5, 2, 1, 3],
        "total_amount": [500.0, 120.0, 80.0, 40.0, 10.0, 60.0],
    },
    index=list("abcdef"),
)
_HISTORY = pd.DataFrame(
    {
        "frequency": [0.0, 2.0, 5.0],
        "recency": [0.0, 3.0, 7.0],
        "T": [8.0, 8.0, 8.0],
        "monetary_value": [0.0, 20.0, 35.0],
        "frequency_holdout": [0.0, 1.0, 3.0],
        "duration_holdout": [4.0, 4.0, 4.0],
    },
    index=list("xyz"),
)
_SCORES = pd.DataFrame({"R": [5, 1, 3], "F": [5, 1, 3], "FM": [4, 2, 3]}, index=list("xyz"))

VALID_CALLS: dict[str, dict[str, Any]] = {
    "customer_summary": {
        "transactions": _LOG,
        "customer": "customer",
        "date": "date",
        "amount": "amount",
        "observation_end": "2024-02-29",
        "time_unit": "W",
        "period": "D",
        "date_format": None,
        "refunds": "raise",
        "nan_policy": "raise",
    },
    "calibration_holdout": {
        "transactions": _LOG,
        "customer": "customer",
        "date": "date",
        "amount": "amount",
        "calibration_end": "2024-01-31",
        "observation_end": "2024-02-29",
        "time_unit": "W",
        "period": "D",
        "date_format": None,
        "refunds": "raise",
        "nan_policy": "raise",
    },
    "rfm_scores": {
        "summary": _SUMMARY,
        "bins": 5,
        "ties": "value",
        "recency": "time_since_last",
        "frequency": "n_transactions",
        "monetary": "total_amount",
        "thresholds": {"recency": [2.0, 7.0, 20.0, 45.0]},
        "weights": (1.0, 1.0, 1.0),
    },
    "rfm_segments": {"scores": _SCORES, "segment_map": "rf10"},
    "segment_migration": {
        "before": pd.Series(["New", "Loyal"], index=[1, 2]),
        "after": pd.Series(["Loyal", "Loyal"], index=[1, 2]),
        "normalize": False,
    },
    "cohort_retention": {
        "transactions": _LOG,
        "customer": "customer",
        "date": "date",
        "amount": "amount",
        "period": "M",
        "nan_policy": "raise",
    },
    "customer_abc": {"values": [500.0, 300.0, 100.0, 60.0, 40.0], "thresholds": (0.8, 0.95)},
    "concentration": {"values": [1.0, 1.0, 1.0, 7.0], "top": 0.25},
    "lifecycle_stages": {
        "transactions": _LOG,
        "customer": "customer",
        "date": "date",
        "as_of": "2024-03-31",
        "prospects": ["z"],
        "windows": "crm",
        "new_window": 30.0,
        "cadence": "personal",
        "multipliers": (1.5, 2.0, 3.0),
        "nan_policy": "raise",
    },
    "kmeans": {
        "features": _SUMMARY,
        "k": 2,
        "rng": 0,
        "standardize": True,
        "n_init": 2,
        "max_iter": 50,
    },
    "kmeans_selection": {"features": _SUMMARY, "ks": [1, 2, 3], "rng": 0},
    "customer_lifetime_value": {
        "transaction_model": ParetoNBD(params={"r": 0.55, "alpha": 10.6, "s": 0.61, "beta": 11.7}),
        "spend_model": GammaGamma(params={"p": 6.25, "q": 3.74, "gamma": 15.44}),
        "summary": _HISTORY,
        "horizon": "52W",
        "discount_rate": 0.15,
        "discount_unit": "Y",
        "time_unit": "W",
        "compounding": "effective",
        "margin": 0.3,
    },
    "holdout_validation": {
        "model": BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}),
        "data": _HISTORY,
        "max_frequency": 3,
        "actual": "frequency_holdout",
        "duration": "duration_holdout",
        "periods": pd.DataFrame({2.0: [0, 1, 1], 4.0: [0, 1, 3]}, index=list("xyz")),
    },
}
