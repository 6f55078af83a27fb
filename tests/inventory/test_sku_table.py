"""SKU tables: sku_policies equals direct batched calls, on pandas and Dask frames."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels import datasets
from opsmodels.errors import InvalidInputError
from opsmodels.inventory import (
    Normal,
    Poisson,
    eoq,
    newsvendor,
    reorder_point,
    rq_policy,
    sku_policies,
    ss_policy,
)

FAST = settings(max_examples=20, deadline=None)
OUTPUTS = {
    "eoq": ["order_quantity", "cycle_time", "total_cost"],
    "reorder_point": ["reorder_point", "safety_stock"],
    "newsvendor": ["order_up_to", "expected_cost"],
    "rq": ["reorder_point", "order_quantity", "expected_cost"],
    "ss": ["reorder_point", "order_up_to", "expected_cost"],
}


def _direct(t: pd.DataFrame, policy: str, distribution: str = "normal", **options: Any) -> Any:
    col = {c: t[c].to_numpy() for c in t.columns}
    d: Any = (
        Normal(col["demand_mean"], col["demand_std"])
        if distribution == "normal"
        else Poisson(col["demand_mean"])
    )
    h, p, k = col["holding_cost"], col["shortage_cost"], col["ordering_cost"]
    if policy == "eoq":
        return eoq(col["demand_mean"], k, h)
    if policy == "reorder_point":
        return reorder_point(d, col["lead_time"], cycle_service_level=col["service_level"])
    if policy == "newsvendor":
        return newsvendor(h, p, d)
    if policy == "rq":
        return rq_policy(h, p, k, d, col["lead_time"], **options)
    return ss_policy(h, p, k, d, **options)


CASES = [
    ("eoq", "normal", {}),
    ("reorder_point", "normal", {}),
    ("reorder_point", "poisson", {}),
    ("newsvendor", "normal", {}),
    ("newsvendor", "poisson", {}),
    ("rq", "normal", {}),
    ("rq", "poisson", {}),
    ("rq", "normal", {"method": "loss_function"}),
    ("ss", "poisson", {}),
    ("ss", "normal", {"method": "power"}),
]


@pytest.mark.parametrize(("policy", "distribution", "options"), CASES)
def test_columns_equal_the_batched_functions(
    policy: str, distribution: str, options: dict[str, Any]
) -> None:
    """Every new column equals the field of one direct batched call, row by row."""
    t = datasets.skus()
    before = t.copy()
    out = sku_policies(t, policy=policy, distribution=distribution, **options)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(t, before)  # input untouched
    pd.testing.assert_frame_equal(out[list(t.columns)], t)
    assert list(out.columns) == [*t.columns, *OUTPUTS[policy]]
    direct = _direct(t, policy, distribution, **options)
    for name in OUTPUTS[policy]:
        np.testing.assert_array_equal(out[name].to_numpy(), np.asarray(getattr(direct, name)))
    assert out.index.equals(t.index)


def test_snyder_shen_example_5_8_through_a_table() -> None:
    """Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, Example 5.8:
    Poisson demand 1.5, L = 2, h = 20, p = 150, K = 100 -> r = 3, Q = 5, C = 107.9236."""
    t = pd.DataFrame(
        {
            "lam": [1.5],
            "L": [2.0],
            "h": [20.0],
            "p": [150.0],
            "K": [100.0],
        }
    )
    out = sku_policies(
        t,
        policy="rq",
        distribution="poisson",
        demand_mean="lam",
        lead_time="L",
        holding_cost="h",
        shortage_cost="p",
        ordering_cost="K",
    )
    assert out.loc[0, "reorder_point"] == 3.0
    assert out.loc[0, "order_quantity"] == 5.0
    assert out.loc[0, "expected_cost"] == pytest.approx(107.9236, abs=1e-4)


def test_eoq_example_3_1_through_a_table() -> None:
    """Snyder & Shen, 2nd ed., 2019, Example 3.1: lambda = 1300, K = 8, h = 0.225 ->
    Q* = 304.05, g* = 68.41."""
    t = pd.DataFrame({"demand_mean": [1300.0], "ordering_cost": [8.0], "holding_cost": [0.225]})
    out = sku_policies(t, policy="eoq")
    assert out.loc[0, "order_quantity"] == pytest.approx(304.05, abs=0.005)
    assert out.loc[0, "total_cost"] == pytest.approx(68.41, abs=0.005)


@FAST
@given(st.permutations(range(8)))
def test_rows_are_independent_of_order(order: list[int]) -> None:
    """Shuffling the rows shuffles the answers: each SKU's policy depends on its row only."""
    t = datasets.skus()
    full = sku_policies(t, policy="rq", distribution="poisson")
    part = sku_policies(t.iloc[order], policy="rq", distribution="poisson")
    pd.testing.assert_frame_equal(part, full.iloc[order])


def test_output_columns_replace_existing_ones_in_the_copy() -> None:
    t = datasets.skus().assign(order_quantity=-1.0)
    out = sku_policies(t, policy="eoq")
    assert (out["order_quantity"] > 0).all()
    assert (t["order_quantity"] == -1.0).all()
    assert list(out.columns).count("order_quantity") == 1


def test_writing_to_the_result_leaves_the_input_alone() -> None:
    t = datasets.skus()
    before = t.copy()
    out = sku_policies(t, policy="eoq")
    out.loc["SKU-01", "demand_mean"] = -1.0
    out["holding_cost"] *= 2
    pd.testing.assert_frame_equal(t, before)


def test_empty_table() -> None:
    out = sku_policies(datasets.skus().iloc[:0], policy="rq")
    assert len(out) == 0
    assert "order_quantity" in out.columns


# ---------------------------------------------------------------------------------------
# Dask
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("policy", "distribution", "options"), CASES)
def test_dask_equals_pandas(policy: str, distribution: str, options: dict[str, Any]) -> None:
    dd = pytest.importorskip("dask.dataframe")
    t = datasets.skus()
    lazy = sku_policies(
        dd.from_pandas(t, npartitions=3),
        policy=policy,  # type: ignore[arg-type]
        distribution=distribution,  # type: ignore[arg-type]
        **options,
    )
    assert isinstance(lazy, dd.DataFrame)
    expected = sku_policies(t, policy=policy, distribution=distribution, **options)  # type: ignore[arg-type]
    assert list(lazy.columns) == list(expected.columns)
    got = lazy.compute(scheduler="sync")
    # Dask stores the string index with its own string dtype: compare labels, not dtypes.
    assert got.index.tolist() == expected.index.tolist()
    pd.testing.assert_frame_equal(got, expected, check_index_type=False)


def test_dask_on_worker_processes(dask_client: Any) -> None:
    """The partitions are computed on a distributed LocalCluster's worker processes."""
    dd = pytest.importorskip("dask.dataframe")
    t = pd.concat([datasets.skus()] * 5, ignore_index=True)
    lazy = sku_policies(dd.from_pandas(t, npartitions=3), policy="ss", distribution="poisson")
    got = dask_client.compute(lazy).result()
    pd.testing.assert_frame_equal(got, sku_policies(t, policy="ss", distribution="poisson"))


def test_dask_missing_or_text_column_raises_before_computing() -> None:
    dd = pytest.importorskip("dask.dataframe")
    t = dd.from_pandas(datasets.skus().drop(columns="lead_time"), npartitions=2)
    with pytest.raises(InvalidInputError, match="lead_time"):
        sku_policies(t, policy="rq")
    t = dd.from_pandas(datasets.skus().assign(holding_cost="cheap"), npartitions=2)
    with pytest.raises(InvalidInputError, match="holding_cost"):
        sku_policies(t, policy="rq")


# ---------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------


def test_not_a_frame() -> None:
    with pytest.raises(InvalidInputError, match="skus"):
        sku_policies(np.ones((3, 7)), policy="eoq")  # type: ignore[type-var]


def test_missing_column_is_named() -> None:
    with pytest.raises(InvalidInputError, match="demand_std"):
        sku_policies(datasets.skus().drop(columns="demand_std"), policy="newsvendor")


def test_poisson_does_not_need_demand_std() -> None:
    t = datasets.skus().drop(columns="demand_std")
    assert "order_up_to" in sku_policies(t, policy="newsvendor", distribution="poisson")


def test_unknown_options() -> None:
    t = datasets.skus()
    with pytest.raises(InvalidInputError, match="policy"):
        sku_policies(t, policy="sS")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="distribution"):
        sku_policies(t, distribution="gamma")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="method"):
        sku_policies(t, policy="rq", method="fast")
    with pytest.raises(InvalidInputError, match="method"):
        sku_policies(t, policy="eoq", method="exact")
    with pytest.raises(InvalidInputError, match="lead_time"):
        sku_policies(t, policy="rq", lead_time=3)  # type: ignore[arg-type]


def test_non_numeric_column() -> None:
    t = datasets.skus().assign(holding_cost="cheap")
    with pytest.raises(InvalidInputError, match="holding_cost"):
        sku_policies(t, policy="eoq")


def test_bad_values_report_the_batched_function() -> None:
    t = datasets.skus().assign(holding_cost=-1.0)
    with pytest.raises(InvalidInputError, match="holding_cost"):
        sku_policies(t, policy="rq")
    t = datasets.skus().assign(service_level=1.5)
    with pytest.raises(InvalidInputError, match="cycle_service_level"):
        sku_policies(t, policy="reorder_point")
