"""Every inventory result serializes to JSON and tabulates (scalar and per-SKU calls)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from opsmodels.inventory import (
    Normal,
    Poisson,
    eoq,
    eoq_discount,
    epq,
    joint_replenishment,
    newsvendor,
    newsvendor_profit,
    power_of_two,
    reorder_point,
    rq_policy,
)

MEANS = np.array([10.0, 20.0, 40.0])
CALLS = {
    "eoq": lambda m: eoq(m, 8.0, 0.225, shortage_cost=5.0),
    "epq": lambda m: epq(m, 8.0, 0.225, m * 2),
    "eoq_discount": lambda m: eoq_discount(m, 8.0, 0.2, [0, 500], [0.3, 0.29]),
    "power_of_two": lambda m: power_of_two(m, 8.0, 0.225),
    "newsvendor": lambda m: newsvendor(1.0, 4.0, Poisson(m), lead_time=1),
    "newsvendor_profit": lambda m: newsvendor_profit(2.0, 1.0, 0.5, Normal(m, 3.0)),
    "reorder_point": lambda m: reorder_point(Poisson(m), 2.0, fill_rate=0.95, order_quantity=30.0),
    "rq_policy": lambda m: rq_policy(1.0, 9.0, 64.0, Poisson(m), 1.0),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("means", [MEANS[0], MEANS], ids=["scalar", "array"])
def test_results_are_json_safe_and_tabular(name: str, means: object) -> None:
    result = CALLS[name](means)
    json.dumps(result.to_dict(), allow_nan=False)
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == (1 if np.ndim(means) == 0 else len(MEANS))
    assert "<table>" in result._repr_html_()


def test_joint_replenishment_result() -> None:
    r = joint_replenishment(600, [120, 840, 300], [160, 20, 50], [1, 1, 1])
    json.dumps(r.to_dict(), allow_nan=False)
    assert len(r.to_frame()) == 3


def test_series_parameters_of_demand_models_label_the_results() -> None:
    """A SKU table's columns as demand parameters give Series results indexed by SKU."""
    frame = pd.DataFrame(
        {"mean": [10.0, 20.0, 30.0], "std": [2.0, 3.0, 4.0]},
        index=pd.Index(["a", "b", "c"], name="sku"),
    )
    results = [
        newsvendor(1.0, 4.0, Normal(frame["mean"], frame["std"])).order_up_to,
        newsvendor_profit(2.0, 1.0, 0.5, Poisson(frame["mean"])).expected_profit,
        reorder_point(Poisson(frame["mean"]), 2.0, cycle_service_level=0.9).reorder_point,
        rq_policy(1.0, 9.0, 64.0, Poisson(frame["mean"]), 1.0).order_quantity,
    ]
    for values in results:
        assert isinstance(values, pd.Series)
        assert values.index.equals(frame.index)
    assert Normal(frame["mean"], frame["std"]).index.equals(frame.index)
    assert Normal(1.0, 1.0).index is None
