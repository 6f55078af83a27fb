"""EOQ family: published examples, laws, kinds of input and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import (
    eoq,
    eoq_cost,
    eoq_discount,
    eoq_sensitivity,
    epq,
    joint_replenishment,
    power_of_two,
)

FAST = settings(max_examples=40, deadline=None)
positive = st.floats(0.01, 1e4)


# --- reference values ----------------------------------------------------------------------


def test_eoq_snyder_shen_example_3_1() -> None:
    """Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., Wiley, 2019, Example 3.1:
    K = 8, h = 0.225, lambda = 1300 -> Q* = 304.05, g* = 68.41 (reproduced by stockpyl's
    documented example)."""
    r = eoq(1300, 8, 0.225)
    assert r.order_quantity == pytest.approx(304.0467800, rel=1e-9)
    assert r.total_cost == pytest.approx(68.4105255, rel=1e-9)
    assert r.cycle_time == pytest.approx(304.0467800 / 1300, rel=1e-9)
    assert r.max_backorder is None
    assert r.stockout_fraction is None


def test_eoq_with_backorders_snyder_shen() -> None:
    """Snyder & Shen, 2nd ed., section 3.4 example with p = 5 (K = 8, h = 0.225,
    lambda = 1300): Q* = 310.81, x* = 0.0431, g* = 66.92."""
    r = eoq(1300, 8, 0.225, shortage_cost=5)
    assert r.order_quantity == pytest.approx(310.8125552, rel=1e-9)
    assert r.stockout_fraction == pytest.approx(0.0430622, rel=1e-6)
    assert r.total_cost == pytest.approx(66.9213636, rel=1e-9)
    assert r.max_backorder == pytest.approx(310.8125552 * 0.0430622, rel=1e-6)


def test_eoq_hillier_lieberman() -> None:
    """Hillier & Lieberman, *Introduction to Operations Research*, 7th ed., 2001 (the example
    in R's SCperf EOQ documentation; demand and holding cost per month): d = 8000,
    k = 12000, h = 0.3 -> Q = 25298 units every 3.2 months, total variable cost 7589.5."""
    r = eoq(8000, 12000, 0.3)
    assert r.order_quantity == pytest.approx(25298, abs=0.5)
    assert r.cycle_time == pytest.approx(3.2, abs=0.05)
    assert r.total_cost == pytest.approx(7589.5, abs=0.05)


def test_epq_snyder_shen() -> None:
    """Snyder & Shen, 2nd ed., section 3.5 (Example 3.1 data with production rate 1700):
    Q* = 626.81, g* = 33.18."""
    r = epq(1300, 8, 0.225, 1700)
    assert r.order_quantity == pytest.approx(626.8084946, rel=1e-9)
    assert r.total_cost == pytest.approx(33.1839791, rel=1e-9)
    assert r.max_inventory == pytest.approx(626.8084946 * (1 - 1300 / 1700), rel=1e-9)
    assert r.production_time == pytest.approx(626.8084946 / 1700, rel=1e-9)


def test_all_units_discount_nahmias_trash_bags() -> None:
    """Nahmias, *Production and Operations Analysis*, 6th ed., 2009, section 4.7 (trash bags:
    lambda = 600/yr, K = 8, I = 0.2; 0.30 below 500, 0.29 below 1000, 0.28 above): the
    realizable EOQ is 400 at the 0.30 price (G = 204), the breakpoint 500 costs 198.10 and
    1000 costs 200.80, so Q* = 500."""
    r = eoq_discount(600, 8, 0.2, [0, 500, 1000], [0.30, 0.29, 0.28])
    assert r.order_quantity == 500
    assert r.price_break == 1
    assert r.unit_price == pytest.approx(0.29)
    assert r.total_cost == pytest.approx(198.10, abs=1e-9)


def test_all_units_discount_snyder_shen() -> None:
    """All-units example from stockpyl's documentation (Snyder & Shen's section 3.6 setting):
    K = 200, i = 0.2, lambda = 1000, prices 500/475/450 from 0/200/500 -> Q* = 500 in region 2,
    g = 472,900."""
    r = eoq_discount(1000, 200, 0.2, [0, 200, 500], [500, 475, 450])
    assert (r.order_quantity, r.price_break) == (500.0, 2)
    assert r.total_cost == pytest.approx(472900.0)


def test_incremental_discount() -> None:
    """Incremental example from stockpyl's documentation (Snyder & Shen, section 3.6):
    K = 150, i = 0.25, lambda = 2400, prices 100/90/80 from 0/300/600 -> Q* = 1481.89 in
    region 2, g = 222,762.81; checked against a fine grid of the exact cost as well."""
    r = eoq_discount(2400, 150, 0.25, [0, 300, 600], [100, 90, 80], kind="incremental")
    assert r.order_quantity == pytest.approx(1481.8906842, rel=1e-9)
    assert r.price_break == 2
    assert r.total_cost == pytest.approx(222762.8136845, rel=1e-10)
    q = np.linspace(1, 5000, 200_000)
    purchase = np.where(
        q < 300, 100 * q, np.where(q < 600, 30000 + 90 * (q - 300), 57000 + 80 * (q - 600))
    )
    grid = 2400 * purchase / q + 150 * 2400 / q + 0.25 * purchase / 2
    assert r.total_cost <= grid.min() + 1e-6


def test_joint_replenishment_silver() -> None:
    """Silver's heuristic (Silver 1976; Snyder & Shen, 2nd ed., section 3.7 example as
    documented by stockpyl): K = 600, k = (120, 840, 300), h = (160, 20, 50), lambda = 1 ->
    m = (1, 3, 1), T = 3.1032, g = 837.85."""
    r = joint_replenishment(600, [120, 840, 300], [160, 20, 50], [1, 1, 1])
    np.testing.assert_array_equal(r.multiples, [1, 3, 1])
    assert r.base_cycle_time == pytest.approx(3.103164454, rel=1e-9)
    assert r.total_cost == pytest.approx(837.8544026, rel=1e-9)
    np.testing.assert_allclose(r.order_quantities, [3.103164454, 9.309493363, 3.103164454])


def test_power_of_two_and_sensitivity() -> None:
    """The cost penalty 1/2 (q/q* + q*/q): ordering 2x the EOQ costs 25 % more; the
    power-of-two interval nearest T* = 0.2339 is 1/4 (Snyder & Shen, 2nd ed., section 3.2.3)."""
    assert eoq_sensitivity(2.0, 1.0) == pytest.approx(1.25)
    r = power_of_two(1300, 8, 0.225)
    assert r.cycle_time == 0.25
    assert r.exponent == -2
    assert r.order_quantity == pytest.approx(325.0)
    assert r.total_cost == pytest.approx(eoq_cost(325.0, 1300, 8, 0.225))
    assert r.cost_ratio == pytest.approx(eoq_sensitivity(325.0, 304.0467800))


# --- laws ---------------------------------------------------------------------------------


@FAST
@given(lam=positive, k=positive, h=positive, factor=st.floats(0.2, 5.0))
def test_eoq_cost_is_minimal_at_q_star(lam: float, k: float, h: float, factor: float) -> None:
    r = eoq(lam, k, h)
    assert eoq_cost(r.order_quantity, lam, k, h) == pytest.approx(r.total_cost, rel=1e-12)
    assert r.total_cost <= eoq_cost(r.order_quantity * factor, lam, k, h) * (1 + 1e-12)
    ratio = eoq_cost(r.order_quantity * factor, lam, k, h) / r.total_cost
    assert ratio == pytest.approx(eoq_sensitivity(factor, 1.0), rel=1e-9)


@FAST
@given(lam=positive, k=positive, h=positive, p=positive)
def test_backorders_cost_less_and_tend_to_eoq(lam: float, k: float, h: float, p: float) -> None:
    plain = eoq(lam, k, h)
    with_b = eoq(lam, k, h, shortage_cost=p)
    assert with_b.total_cost <= plain.total_cost * (1 + 1e-12)
    assert with_b.order_quantity >= plain.order_quantity * (1 - 1e-12)
    far = eoq(lam, k, h, shortage_cost=h * 1e12)
    assert far.order_quantity == pytest.approx(plain.order_quantity, rel=1e-9)
    assert far.total_cost == pytest.approx(plain.total_cost, rel=1e-9)


@FAST
@given(lam=positive, k=positive, h=positive, base=st.floats(0.01, 10.0))
def test_power_of_two_within_six_percent(lam: float, k: float, h: float, base: float) -> None:
    r = power_of_two(lam, k, h, base_period=base)
    assert 1.0 <= r.cost_ratio <= (2**0.5 + 2**-0.5) / 2 + 1e-12
    assert r.total_cost == pytest.approx(eoq(lam, k, h).total_cost * r.cost_ratio, rel=1e-9)
    assert r.cycle_time == pytest.approx(base * 2.0**r.exponent)


@FAST
@given(
    lam=st.floats(10, 1e4),
    k=st.floats(1, 1e3),
    i=st.floats(0.05, 0.5),
    steps=st.lists(st.floats(0.5, 0.99), min_size=1, max_size=3),
    gaps=st.lists(st.floats(10, 1000), min_size=3, max_size=3),
    kind=st.sampled_from(["all_units", "incremental"]),
)
def test_discount_beats_every_quantity_on_a_grid(
    lam: float, k: float, i: float, steps: list[float], gaps: list[float], kind: str
) -> None:
    prices = 10.0 * np.cumprod([1.0, *steps])
    b = np.concatenate([[0.0], np.cumsum(gaps[: len(steps)])])
    r = eoq_discount(lam, k, i, b, prices, kind=kind)  # type: ignore[arg-type]
    q = np.linspace(0.5, 4 * max(b[-1], r.order_quantity), 20_000)
    region = np.searchsorted(b, q, side="right") - 1
    if kind == "all_units":
        avg = prices[region]
    else:
        cum = np.concatenate([[0.0], np.cumsum(prices[:-1] * np.diff(b))])
        avg = (cum[region] + prices[region] * (q - b[region])) / q
    grid = lam * avg + k * lam / q + 0.5 * i * avg * q
    assert r.total_cost <= grid.min() * (1 + 1e-9)


@FAST
@given(
    lam=st.lists(positive, min_size=1, max_size=5),
    k=positive,
    h=positive,
    p=positive,
)
def test_vector_call_equals_loop(lam: list[float], k: float, h: float, p: float) -> None:
    vector = eoq(np.array(lam), k, h, shortage_cost=p)
    for j, x in enumerate(lam):
        scalar = eoq(x, k, h, shortage_cost=p)
        assert vector.order_quantity[j] == pytest.approx(scalar.order_quantity, rel=1e-14)
        assert vector.total_cost[j] == pytest.approx(scalar.total_cost, rel=1e-14)
    b = np.array([0.0, 100.0])
    many = eoq_discount(np.array(lam), k, 0.2, b, [2.0, 1.9])
    for j, x in enumerate(lam):
        assert many.order_quantity[j] == eoq_discount(x, k, 0.2, b, [2.0, 1.9]).order_quantity


def test_kinds_of_input() -> None:
    idx = pd.Index(["a", "b"], name="sku")
    r = eoq(pd.Series([100.0, 400.0], index=idx), 50.0, 1.0)
    assert isinstance(r.order_quantity, pd.Series)
    assert r.order_quantity.index.equals(idx)
    assert r.to_frame().index.equals(idx)
    assert isinstance(eoq(100, 50, 1).order_quantity, float)
    assert isinstance(epq(np.array([1.0, 2.0]), 1, 1, 5).order_quantity, np.ndarray)
    assert isinstance(eoq_sensitivity(pd.Series([1.0, 2.0]), 1.0), pd.Series)
    grid = eoq(np.array([[100.0], [400.0]]), np.array([1.0, 2.0, 3.0]), 1.0)
    assert grid.order_quantity.shape == (2, 3)
    jr = joint_replenishment([600, 300], [[120, 840, 300]], [160, 20, 50], [1, 1, 1])
    assert jr.multiples.shape == (2, 3)


def test_inputs_are_not_mutated() -> None:
    lam = np.array([100.0, 400.0])
    b = np.array([0.0, 500.0, 1000.0])
    eoq(lam, 50.0, 1.0)
    eoq_discount(lam, 8.0, 0.2, b, [0.3, 0.29, 0.28])
    np.testing.assert_array_equal(lam, [100.0, 400.0])
    np.testing.assert_array_equal(b, [0.0, 500.0, 1000.0])


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["demand_rate", "ordering_cost", "holding_cost"])
@pytest.mark.parametrize("value", [0.0, -2.0, np.inf, np.nan, np.array([1.0, -1.0])])
def test_eoq_rejects_nonpositive_or_infinite(name: str, value: object) -> None:
    args = {"demand_rate": 100.0, "ordering_cost": 5.0, "holding_cost": 1.0, name: value}
    with pytest.raises(InvalidInputError, match=name):
        eoq(**args)  # type: ignore[arg-type]


def test_bad_input_messages() -> None:
    with pytest.raises(InvalidInputError, match="shortage_cost"):
        eoq(100, 5, 1, shortage_cost=0)
    with pytest.raises(InvalidInputError, match="broadcast"):
        eoq([1.0, 2.0, 3.0], [1.0, 2.0], 1.0)
    with pytest.raises(InvalidInputError, match="production_rate"):
        epq(100, 5, 1, 100)
    with pytest.raises(InvalidInputError, match="breakpoints"):
        eoq_discount(100, 5, 0.2, [10, 500], [1.0, 0.9])
    with pytest.raises(InvalidInputError, match="breakpoints"):
        eoq_discount(100, 5, 0.2, [0, 500, 400], [1.0, 0.9, 0.8])
    with pytest.raises(InvalidInputError, match="unit_prices"):
        eoq_discount(100, 5, 0.2, [0, 500], [1.0, 0.9, 0.8])
    with pytest.raises(InvalidInputError, match="unit_prices"):
        eoq_discount(100, 5, 0.2, [0, 500], [1.0, 0.0])
    with pytest.raises(InvalidInputError, match="kind"):
        eoq_discount(100, 5, 0.2, [0, 500], [1.0, 0.9], kind="bulk")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="base_period"):
        power_of_two(100, 5, 1, base_period=0)
    with pytest.raises(InvalidInputError, match="minor_costs"):
        joint_replenishment(600, [-1, 2], [1, 1], [1, 1])
    with pytest.raises(InvalidInputError, match="demand_rates"):
        joint_replenishment(600, [1, 2], [1, 1], [1, 1, 1])
    with pytest.raises(InvalidInputError, match="optimal_quantity"):
        eoq_sensitivity(1.0, 0.0)
    with pytest.raises(InvalidInputError, match="index"):
        eoq(pd.Series([1.0, 2.0]), pd.Series([1.0, 2.0], index=[5, 6]), 1.0)
