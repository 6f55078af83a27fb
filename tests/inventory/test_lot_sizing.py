"""Lot sizing (Wagner-Whitin, Silver-Meal, least unit cost, part-period balancing) and the
finite-horizon stochastic DP: published examples, brute force, laws and bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import (
    Normal,
    Poisson,
    finite_horizon_dp,
    least_unit_cost,
    lot_sizing,
    newsvendor,
    part_period_balancing,
    silver_meal,
    wagner_whitin,
)

FAST = settings(max_examples=30, deadline=None)
METHODS = ("wagner_whitin", "silver_meal", "least_unit_cost", "part_period_balancing")


def test_wagner_whitin_1958_example() -> None:
    """Wagner & Whitin, "Dynamic version of the economic lot size model", *Management
    Science* 5(1), 1958: 12 months, demands 69, 29, 36, 61, 61, 26, 34, 67, 45, 67, 79, 56,
    setup costs 85, 102, 102, 101, 98, 114, 105, 86, 119, 110, 98, 114, holding cost 1 per
    unit per month: minimum total cost 864."""
    demand = [69, 29, 36, 61, 61, 26, 34, 67, 45, 67, 79, 56]
    setup = [85, 102, 102, 101, 98, 114, 105, 86, 119, 110, 98, 114]
    res = wagner_whitin(demand, setup, 1)
    assert res.total_cost == pytest.approx(864.0)
    assert res.order_quantities.sum() == sum(demand)


def test_snyder_shen_example_3_9() -> None:
    """Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, Example 3.9:
    demands 90, 120, 80, 70, K = 500, h = 2: Q = (210, 0, 150, 0), cost 1380."""
    res = wagner_whitin([90, 120, 80, 70], 500, 2)
    np.testing.assert_array_equal(res.order_quantities, [210, 0, 150, 0])
    assert res.total_cost == 1380.0


def test_heuristics_nahmias_example() -> None:
    """Nahmias, *Production and Operations Analysis*, 6th ed., 2009, section 7.5: demands
    18, 30, 42, 5, 20, K = 80, h = 2. Silver-Meal: lots 48, 47, 20 (C(2) = 70 < C(3) =
    102.67, then 45 < 56.67), cost 310. Hand-computed on the same data: least unit cost
    48, 42, 25 (140/48 < 308/90; 80/42 < 90/47), cost 340; part-period balancing with
    K/h = 40 part periods: 48 (30 closer to 40 than 114) then 67 (45 closer than 5), cost
    310; Wagner-Whitin 310."""
    demand = [18, 30, 42, 5, 20]
    expected = {
        "silver_meal": ([48, 0, 47, 0, 20], 310.0),
        "least_unit_cost": ([48, 0, 42, 25, 0], 340.0),
        "part_period_balancing": ([48, 0, 67, 0, 0], 310.0),
    }
    for fn, (plan, cost) in zip(
        (silver_meal, least_unit_cost, part_period_balancing), expected.values(), strict=True
    ):
        res = fn(demand, 80, 2)
        np.testing.assert_array_equal(res.order_quantities, plan)
        assert res.total_cost == cost
    assert wagner_whitin(demand, 80, 2).total_cost == 310.0


def _brute_force(demand: list[float], setup: np.ndarray, hold: np.ndarray) -> float:
    big_t = len(demand)
    best = np.inf
    for pattern in itertools.product([0, 1], repeat=big_t - 1):
        starts = [0] + [t + 1 for t, o in enumerate(pattern) if o]
        q = np.zeros(big_t)
        for a, b in itertools.pairwise([*starts, big_t]):
            q[a] = sum(demand[a:b])
        level = np.cumsum(q - np.asarray(demand))
        cost = float(np.sum(setup * (q > 0)) + np.sum(hold * level))
        best = min(best, cost)
    return best


@FAST
@given(
    demand=st.lists(st.integers(0, 60), min_size=1, max_size=8),
    setup=st.floats(1.0, 200.0),
    hold=st.floats(0.1, 3.0),
    vary=st.booleans(),
)
def test_wagner_whitin_is_optimal_and_beats_heuristics(
    demand: list[int], setup: float, hold: float, vary: bool
) -> None:
    big_t = len(demand)
    k = setup * (1.0 + 0.5 * np.sin(np.arange(big_t))) if vary else np.full(big_t, setup)
    h = hold * (1.0 + 0.3 * np.cos(np.arange(big_t))) if vary else np.full(big_t, hold)
    exact = wagner_whitin(demand, k, h)
    if sum(demand) > 0:
        assert exact.total_cost == pytest.approx(_brute_force(demand, k, h), abs=1e-9)
    else:
        assert exact.total_cost == 0.0
    for method in METHODS[1:]:
        res = lot_sizing(demand, k, h, method=method)  # type: ignore[arg-type]
        assert exact.total_cost <= res.total_cost + 1e-9
        assert res.order_quantities.sum() == pytest.approx(sum(demand))
        # never short: cumulative orders cover cumulative demand
        assert np.all(np.cumsum(res.order_quantities) >= np.cumsum(demand) - 1e-9)


def test_batched_rows_and_frames() -> None:
    rng = np.random.default_rng(3)
    demand = rng.integers(0, 100, (50, 12)).astype(float)
    k = rng.uniform(20, 200, (50, 1))
    for method in METHODS:
        batch = lot_sizing(demand, k, 0.5, method=method)  # type: ignore[arg-type]
        for i in (0, 17, 49):
            one = lot_sizing(demand[i], float(k[i, 0]), 0.5, method=method)  # type: ignore[arg-type]
            np.testing.assert_array_equal(batch.order_quantities[i], one.order_quantities)
            assert batch.total_cost[i] == pytest.approx(one.total_cost)
    frame = pd.DataFrame(demand[:3], index=["a", "b", "c"])
    res = wagner_whitin(frame, 100.0, 1.0)
    assert isinstance(res.order_quantities, pd.DataFrame)
    assert list(res.total_cost.index) == ["a", "b", "c"]
    series = pd.Series([5.0, 0.0, 7.0], index=pd.period_range("2024-01", periods=3, freq="M"))
    one = wagner_whitin(series, 10.0, 1.0)
    assert isinstance(one.order_quantities, pd.Series)
    assert isinstance(one.total_cost, float)


def test_finite_horizon_snyder_shen_example() -> None:
    """Snyder & Shen, 2nd ed., sections 4.3.3/4.5.3 (the finite-horizon example as documented
    by stockpyl's finite_horizon_dp): T = 5, h = 1, p = 20, terminal h = 1, p = 20, c = 2,
    N(100, 20) demand rounded to integers. K = 0: S = 133, 133, 133, 133, 126;
    K = 50: s = 110, 110, 110, 110, 111 (order when x <= s) and the same S. (Their total
    cost, 1558.69 for K = 50, truncates demand at mu +- 4 sigma without renormalizing; ours
    keeps the whole distribution: 1558.90.)"""
    common = {
        "purchase_cost": 2,
        "terminal_holding_cost": 1,
        "terminal_shortage_cost": 20,
    }
    base = finite_horizon_dp(1, 20, Normal([100.0] * 5, 20.0), **common)  # type: ignore[arg-type]
    np.testing.assert_array_equal(base.order_up_to, [133, 133, 133, 133, 126])
    np.testing.assert_array_equal(base.reorder_points, base.order_up_to - 1)
    fixed = finite_horizon_dp(
        1,
        20,
        Normal([100.0] * 5, 20.0),
        ordering_cost=50,
        **common,  # type: ignore[arg-type]
    )
    np.testing.assert_array_equal(fixed.reorder_points, [110, 110, 110, 110, 111])
    np.testing.assert_array_equal(fixed.order_up_to, [133, 133, 133, 133, 126])
    assert fixed.total_cost == pytest.approx(1558.69, rel=1e-3)


def test_finite_horizon_last_period_is_a_newsvendor_and_lists_work() -> None:
    means = [4.0, 9.0, 15.0]
    res = finite_horizon_dp(1.0, 6.0, Poisson(means))
    assert res.order_up_to[-1] == newsvendor(1.0, 6.0, Poisson(15.0)).order_up_to
    same = finite_horizon_dp(1.0, 6.0, [Poisson(m) for m in means])
    np.testing.assert_array_equal(res.order_up_to, same.order_up_to)
    assert res.total_cost == pytest.approx(same.total_cost)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: wagner_whitin([1, -2], 10, 1), "demand"),
        (lambda: wagner_whitin([1, np.nan], 10, 1), "demand"),
        (lambda: wagner_whitin([1, 2], -10, 1), "ordering_cost"),
        (lambda: wagner_whitin([1, 2], 10, [1, 2, 3]), "holding_cost"),
        (lambda: lot_sizing([1, 2], 10, 1, method="eoq"), "method"),  # type: ignore[arg-type]
        (lambda: finite_horizon_dp(-1, 9, Poisson([3.0, 4.0])), "holding_cost"),
        (lambda: finite_horizon_dp(1, 9, Poisson(3.0)), "demand"),
        (lambda: finite_horizon_dp(1, 9, []), "demand"),
        (lambda: finite_horizon_dp(1, [9, 9, 9], Poisson([3.0, 4.0])), "shortage_cost"),
        (lambda: finite_horizon_dp(1, 9, Poisson([3.0, 4.0]), discount=0.0), "discount"),
        (lambda: finite_horizon_dp(1, 9, Poisson([3.0]), initial_inventory=0.5), "initial"),
    ],
)
def test_bad_input(call: object, name: str) -> None:
    with pytest.raises(InvalidInputError, match=name):
        call()  # type: ignore[operator]
