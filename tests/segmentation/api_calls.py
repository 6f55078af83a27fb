"""One valid call per public segmentation function, for the public-API sweep (tests/test_public_api.py).

Keyword arguments are listed in full (options included) so that the sweep tries bad values on
every parameter.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

_LOG = pd.DataFrame(
    {
        "customer": ["a", "a", "a", "b", "b", "c"],
        "date": pd.to_datetime(
            ["2024-01-01", "2024-01-09", "2024-02-10", "2024-01-05", "2024-02-20", "2024-01-20"]
        ),
        "amount": [10.0, 20.0, 15.0, 7.5, 30.0, 12.0],
    }
)

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
}
