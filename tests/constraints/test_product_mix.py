"""Tests for constraints.product_mix (throughput accounting: TOC greedy mix vs the LP/MILP)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.constraints import product_mix
from opsmodels.errors import InvalidInputError


def pq() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    products = pd.DataFrame(
        {"price": [90.0, 100.0], "material_cost": [45.0, 40.0], "demand": [100.0, 50.0]},
        index=["P", "Q"],
    )
    usage = pd.DataFrame(
        {"P": [15.0, 15.0, 15.0, 15.0], "Q": [10.0, 30.0, 5.0, 5.0]}, index=list("ABCD")
    )
    capacity = pd.Series(2400.0, index=list("ABCD"))
    return products, usage, capacity


@pytest.mark.parametrize("method", ["toc", "lp"])
@pytest.mark.parametrize("integer", [False, True])
def test_goldratt_pq(method: str, integer: bool) -> None:
    """Goldratt, The Haystack Syndrome (1990), the P&Q problem (as tabulated on the
    dbrmfg.co.nz "P&Q Answer" pages and Kanz's Wolfram demonstration): throughput per unit
    P = 45, Q = 60; resource B needs 3,000 of 2,400 minutes (125 %), so it is the
    constraint; per B-minute P earns 3 and Q 2; make 100 P and 30 Q: throughput 6,300,
    net profit 6,300 - 6,000 = 300. With one constraint the LP agrees."""
    products, usage, capacity = pq()
    r = product_mix(
        products, usage, capacity, operating_expense=6000.0, method=method, integer=integer
    )  # type: ignore[arg-type]
    assert r.quantities.to_dict() == pytest.approx({"P": 100.0, "Q": 30.0})
    assert r.net_profit == pytest.approx(300.0)
    assert r.throughput == pytest.approx(6300.0)
    assert r.constraint == "B"
    assert r.utilization["B"] == pytest.approx(1.0)
    assert r.utilization["A"] == pytest.approx((1500 + 300) / 2400)
    assert r.throughput_per_unit.to_dict() == {"P": 45.0, "Q": 60.0}
    assert r.throughput_per_constraint_minute.to_dict() == pytest.approx({"P": 3.0, "Q": 2.0})
    assert r.to_dict()["quantities"] == pytest.approx({"P": 100.0, "Q": 30.0})


def test_pq_traditional_answer_loses_money() -> None:
    """The cost-accounting answer (Q first, as it has the larger margin) makes 50 Q and 60 P
    and loses 300 a week (dbrmfg.co.nz, P&Q answer part two); the TOC mix does better."""
    products, usage, capacity = pq()
    t = products["price"] - products["material_cost"]
    traditional = float(t["P"] * 60 + t["Q"] * 50) - 6000.0
    assert traditional == -300.0
    assert product_mix(products, usage, capacity, operating_expense=6000.0).net_profit > 0


def test_greedy_not_optimal_with_two_constraints() -> None:
    """Two overloaded resources (the situation of Barnard, TOCICO 2006): the greedy ranking on
    the most loaded resource is not optimal; the LP finds the better vertex."""
    products = pd.DataFrame(
        {"price": [10.0, 9.0], "material_cost": [0.0, 0.0], "demand": [100.0, 100.0]},
        index=["X", "Y"],
    )
    usage = pd.DataFrame({"X": [1.0, 3.0], "Y": [1.0, 1.0]}, index=["B", "C"])
    capacity = pd.Series([100.0, 150.0], index=["B", "C"])
    toc = product_mix(products, usage, capacity, method="toc")
    lp = product_mix(products, usage, capacity, method="lp")
    assert toc.constraint == "C"
    assert toc.quantities.to_dict() == pytest.approx({"X": 0.0, "Y": 100.0})
    assert toc.throughput == pytest.approx(900.0)
    assert lp.quantities.to_dict() == pytest.approx({"X": 25.0, "Y": 75.0})
    assert lp.throughput == pytest.approx(925.0)
    assert lp.net_profit > toc.net_profit
    # both resources bind: duals solve y_B + 3 y_C = 10 and y_B + y_C = 9
    assert lp.shadow_price.to_dict() == pytest.approx({"B": 8.5, "C": 0.5})
    assert toc.shadow_price is None
    assert product_mix(products, usage, capacity, integer=True).shadow_price is None


def test_unprofitable_product_not_made_and_labels_kept() -> None:
    products = pd.DataFrame(
        {"price": [5.0, 20.0], "material_cost": [8.0, 5.0], "demand": [10.0, 10.0]},
        index=["loss", "gain"],
    )
    usage = pd.DataFrame({"gain": [1.0], "loss": [1.0]}, index=["M"])
    capacity = pd.Series([100.0], index=["M"])
    for method in ("lp", "toc"):
        r = product_mix(products, usage, capacity, method=method)  # type: ignore[arg-type]
        assert r.quantities["loss"] == 0.0
        assert r.quantities["gain"] == 10.0
        assert list(r.quantities.index) == ["loss", "gain"]


@settings(max_examples=30, deadline=None)
@given(
    data=st.lists(
        st.tuples(
            st.floats(0, 100),
            st.floats(0, 100),
            st.floats(0, 50),
            st.floats(0, 20),
            st.floats(0, 20),
        ),
        min_size=1,
        max_size=5,
    ),
    caps=st.tuples(st.floats(0, 500), st.floats(0, 500)),
)
def test_laws(data: list[tuple[float, ...]], caps: tuple[float, float]) -> None:
    names = [f"p{i}" for i in range(len(data))]
    products = pd.DataFrame(
        {
            "price": [d[0] for d in data],
            "material_cost": [d[1] for d in data],
            "demand": [d[2] for d in data],
        },
        index=names,
    )
    usage = pd.DataFrame(
        [[d[3] for d in data], [d[4] for d in data]], index=["R1", "R2"], columns=names
    )
    capacity = pd.Series(caps, index=["R1", "R2"])
    lp = product_mix(products, usage, capacity)
    toc = product_mix(products, usage, capacity, method="toc")
    for r in (lp, toc):
        q = r.quantities.to_numpy()
        assert np.all(q >= -1e-9)
        assert np.all(q <= products["demand"].to_numpy() + 1e-7)
        assert np.all(usage.to_numpy() @ q <= capacity.to_numpy() + 1e-6)
        assert r.net_profit == pytest.approx(r.throughput)
    # the LP optimum is never worse than the greedy mix
    assert lp.throughput >= toc.throughput - 1e-6 * max(1.0, abs(toc.throughput))


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ("negative_price", "products"),
        ("nan_demand", "products"),
        ("missing_column", "products"),
        ("extra_product_in_usage", "usage"),
        ("negative_usage", "usage"),
        ("capacity_labels", "capacity"),
        ("negative_capacity", "capacity"),
        ("capacity_not_series", "capacity"),
    ],
)
def test_bad_frames(change: str, name: str) -> None:
    products, usage, capacity = pq()
    if change == "negative_price":
        products.loc["P", "price"] = -1.0
    elif change == "nan_demand":
        products.loc["Q", "demand"] = np.nan
    elif change == "missing_column":
        products = products.drop(columns="demand")
    elif change == "extra_product_in_usage":
        usage["R"] = 1.0
    elif change == "negative_usage":
        usage.loc["A", "P"] = -2.0
    elif change == "capacity_labels":
        capacity = pd.Series(2400.0, index=list("ABCE"))
    elif change == "negative_capacity":
        capacity = capacity.copy()
        capacity["A"] = -5.0
    elif change == "capacity_not_series":
        capacity = [2400.0] * 4  # type: ignore[assignment]
    with pytest.raises(InvalidInputError, match=name):
        product_mix(products, usage, capacity)


def test_bad_options_and_inputs_untouched() -> None:
    products, usage, capacity = pq()
    before = (products.copy(), usage.copy(), capacity.copy())
    with pytest.raises(InvalidInputError, match="method"):
        product_mix(products, usage, capacity, method="greedy")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="operating_expense"):
        product_mix(products, usage, capacity, operating_expense=-1.0)
    with pytest.raises(InvalidInputError, match="integer"):
        product_mix(products, usage, capacity, integer="yes")  # type: ignore[arg-type]
    product_mix(products, usage, capacity, method="toc")
    pd.testing.assert_frame_equal(products, before[0])
    pd.testing.assert_frame_equal(usage, before[1])
    pd.testing.assert_series_equal(capacity, before[2])
