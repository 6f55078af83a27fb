"""Synthetic inventory sample data: a small table of SKUs with demand, costs and targets."""

from __future__ import annotations

import pandas as pd

__all__ = ["skus"]

_SKUS: dict[str, list[float]] = {
    "demand_mean": [120.0, 45.0, 8.0, 300.0, 2.5, 60.0, 15.0, 900.0],
    "demand_std": [30.0, 12.0, 3.0, 45.0, 1.5, 20.0, 6.0, 150.0],
    "lead_time": [2.0, 1.0, 4.0, 1.0, 6.0, 3.0, 2.0, 1.0],
    "holding_cost": [0.5, 1.2, 4.0, 0.1, 12.0, 0.8, 2.5, 0.05],
    "shortage_cost": [5.0, 10.0, 40.0, 2.0, 90.0, 6.0, 20.0, 0.6],
    "ordering_cost": [50.0, 40.0, 75.0, 20.0, 120.0, 35.0, 60.0, 15.0],
    "service_level": [0.95, 0.95, 0.99, 0.90, 0.99, 0.95, 0.97, 0.90],
}


def skus() -> pd.DataFrame:
    """A table of 8 SKUs: weekly demand, costs, lead time and a service target per row.

    The values are fixed (no randomness), so every call returns the same frame. Demand is per
    week; costs are per unit per week (holding, backorder) and per order; lead times are in
    weeks. It is the input :func:`opsmodels.inventory.sku_policies` expects by default.

    Returns
    -------
    pandas.DataFrame
        Index ``sku`` (``"SKU-01"`` ... ``"SKU-08"``); columns ``demand_mean, demand_std,
        lead_time, holding_cost, shortage_cost, ordering_cost, service_level``.

    Examples
    --------
    >>> t = skus()
    >>> t.shape
    (8, 7)
    >>> t.loc["SKU-01", ["demand_mean", "lead_time", "service_level"]].tolist()
    [120.0, 2.0, 0.95]
    """
    index = pd.Index([f"SKU-{i:02d}" for i in range(1, 9)], name="sku")
    return pd.DataFrame(_SKUS, index=index)
