"""Periodic-review base stock (R,S): backorders and lost sales, against the newsvendor,
brute force and simulation; bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import Normal, Poisson, base_stock, newsvendor

FAST = settings(max_examples=20, deadline=None)


def test_review_period_one_is_the_newsvendor() -> None:
    """Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, Example 4.3:
    h = 0.18, p = 0.70, N(50, 8): S* = 56.60, g(S*) = 1.9976; with a lead time the level
    covers L + 1 periods (section 4.4)."""
    res = base_stock(0.18, 0.70, Normal(50.0, 8.0))
    assert res.order_up_to == pytest.approx(56.60395592743389, rel=1e-8)
    assert res.expected_cost == pytest.approx(1.9976, abs=5e-5)
    nv = newsvendor(1.0, 4.0, Poisson(6.0), lead_time=2)
    bs = base_stock(1.0, 4.0, Poisson(6.0), lead_time=2)
    assert bs.order_up_to == nv.order_up_to
    assert bs.expected_cost == pytest.approx(nv.expected_cost, rel=1e-12)


def _cost_rs(level: float, mean: float, r: int, lead: int, h: float, p: float) -> float:
    total = 0.0
    for t in range(1, r + 1):
        d = Poisson(mean * (lead + t))
        total += h * d.leftover(level) + p * d.loss(level)
    return total / r


@FAST
@given(
    mean=st.floats(0.5, 30.0),
    r=st.integers(1, 4),
    lead=st.integers(0, 3),
    h=st.floats(0.2, 5.0),
    p=st.floats(0.5, 30.0),
)
def test_backorder_level_is_a_minimum(mean: float, r: int, lead: int, h: float, p: float) -> None:
    res = base_stock(h, p, Poisson(mean), review_period=r, lead_time=lead)
    level = res.order_up_to
    best = _cost_rs(level, mean, r, lead, h, p)
    assert res.expected_cost == pytest.approx(best, rel=1e-10)
    assert best <= _cost_rs(level + 1, mean, r, lead, h, p) * (1 + 1e-12)
    assert best <= _cost_rs(level - 1, mean, r, lead, h, p) * (1 + 1e-12)
    assert res.exact


def test_backorders_and_lost_sales_against_simulation() -> None:
    """R = 2, L = 1 with backorders and R = 3, L = 0 with lost sales: the expected cost per
    period equals a long simulation's average within its error."""
    rng = np.random.default_rng(7)
    chains, periods = 4000, 120
    demand = rng.poisson(5.0, (chains, periods))
    # backorders, R = 2, L = 1: order at t = 0, 2, 4, ... arrives one period later
    res = base_stock(1.0, 9.0, Poisson(5.0), review_period=2, lead_time=1, ordering_cost=3.0)
    level = res.order_up_to
    on_hand = np.full(chains, level)
    pipeline = np.zeros(chains)
    total = np.zeros(chains)
    for t in range(periods):
        on_hand += pipeline
        pipeline = np.zeros(chains)
        if t % 2 == 0:
            position = on_hand
            pipeline = level - position  # arrives next period
            total += 3.0
        on_hand = on_hand - demand[:, t]
        total += 1.0 * np.maximum(on_hand, 0) + 9.0 * np.maximum(-on_hand, 0)
    sim = total / periods
    assert abs(sim.mean() - res.expected_cost) < 4 * sim.std() / np.sqrt(chains) + 0.05
    # lost sales, R = 3, L = 0
    lost = base_stock(1.0, 9.0, Poisson(5.0), review_period=3, shortages="lost_sales")
    assert lost.exact
    level = lost.order_up_to
    total = np.zeros(chains)
    stock = np.zeros(chains)
    for t in range(periods):
        if t % 3 == 0:
            stock = np.full(chains, level)
        short = np.maximum(demand[:, t] - stock, 0)
        stock = np.maximum(stock - demand[:, t], 0)
        total += 1.0 * stock + 9.0 * short
    sim = total / periods
    assert abs(sim.mean() - lost.expected_cost) < 4 * sim.std() / np.sqrt(chains) + 0.05


def test_lost_sales_zero_lead_one_period_equals_newsvendor_and_approximation_flag() -> None:
    nv = newsvendor(1.0, 9.0, Poisson(10.0))
    lost = base_stock(1.0, 9.0, Poisson(10.0), shortages="lost_sales")
    assert lost.order_up_to == nv.order_up_to
    assert lost.expected_cost == pytest.approx(nv.expected_cost, rel=1e-12)
    approx = base_stock(1.0, 9.0, Poisson(10.0), lead_time=2, shortages="lost_sales")
    assert not approx.exact
    assert approx.order_up_to == newsvendor(1.0, 9.0, Poisson(10.0), lead_time=2).order_up_to


def test_series_in_series_out() -> None:
    means = pd.Series([3.0, 8.0], index=["x", "y"])
    res = base_stock(1.0, 9.0, Poisson(means), review_period=2)
    assert isinstance(res.order_up_to, pd.Series)
    assert list(res.expected_cost.index) == ["x", "y"]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"holding_cost": 0.0}, "holding_cost"),
        ({"shortage_cost": -1.0}, "shortage_cost"),
        ({"ordering_cost": -1.0}, "ordering_cost"),
        ({"demand": 3.0}, "demand"),
        ({"review_period": 0}, "review_period"),
        ({"review_period": [1, 2]}, "review_period"),
        ({"lead_time": 0.5}, "lead_time"),
        ({"shortages": "lost"}, "shortages"),
    ],
)
def test_bad_input(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {"holding_cost": 1.0, "shortage_cost": 9.0, "demand": Poisson(5.0)}
    args.update(kwargs)
    with pytest.raises(InvalidInputError, match=name):
        base_stock(**args)  # type: ignore[arg-type]
