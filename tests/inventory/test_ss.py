"""(s,S) policies: Zheng & Federgruen's algorithm against published optima and brute force,
the power approximation, optimality laws and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import Discrete, Normal, Poisson
from opsmodels.inventory._ss import _power, ss_cost, ss_policy

FAST = settings(max_examples=20, deadline=None)


def test_snyder_shen_example_4_7() -> None:
    """Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, Example 4.7
    (Algorithm 4.2, after Zheng & Federgruen 1991): h = 1, p = 4, K = 5, Poisson(6) demand:
    s = 4, S = 10, g(s,S) = 8.0341 (stockpyl's documented 8.034111561471642)."""
    res = ss_policy(1, 4, 5, Poisson(6.0))
    assert (res.reorder_point, res.order_up_to) == (4.0, 10.0)
    assert res.expected_cost == pytest.approx(8.034111561471642, rel=1e-12)
    assert ss_cost(4, 10, 1, 4, 5, Poisson(6.0)) == pytest.approx(8.034111561471642, rel=1e-12)


def test_zheng_federgruen_test_problem_mean_10() -> None:
    """Zheng & Federgruen (1991), *Operations Research* 39(4), test problems with K = 64,
    h = 1, p = 9 and Poisson demand; for mean 10 the optimum is s = 6, S = 40, cost 35.02
    (also the result stockpyl documents for s_s_poisson_exact(1, 9, 64, 10))."""
    res = ss_policy(1, 9, 64, Poisson(10.0))
    assert (res.reorder_point, res.order_up_to) == (6.0, 40.0)
    assert res.expected_cost == pytest.approx(35.02, abs=0.005)


def test_power_approximation_example_4_7() -> None:
    """Snyder & Shen, 2nd ed., Example 4.7 (power approximation, eqs. 4.77-4.80):
    h = 0.18, p = 0.70, K = 2.5, N(50, 8): s = 40.1946, S_p = s + Q = 74.2902. With
    Ehrhardt & Mosier's rule for Q_p / mu <= 1.5 (here 0.68), S = min(S_p, S0) with
    S0 = 50 + 8 z_{0.7955} = 56.604."""
    s, big = _power(
        Normal(50.0, 8.0), Normal(50.0, 8.0), np.array(0.18), np.array(0.70), np.array(2.5)
    )
    assert float(s) == pytest.approx(40.19461695647407, rel=1e-12)
    res = ss_policy(0.18, 0.70, 2.5, Normal(50.0, 8.0), method="power")
    assert res.reorder_point == pytest.approx(40.19461695647407, rel=1e-12)
    assert res.order_up_to == pytest.approx(56.60395592743389, rel=1e-9)
    # raw power S before the min with S0 (large-Q branch)
    q = 74.29017010980579 - 40.19461695647407
    assert float(big) == pytest.approx(min(40.19461695647407 + q, 56.60395592743389))


def test_continuous_cost_matches_simulation() -> None:
    """The lattice evaluation of c(s,S) for normal demand agrees with a long simulation."""
    rng = np.random.default_rng(1)
    s, big = 40.19461695647407, 56.60395592743389
    demand = rng.normal(50.0, 8.0, (2000, 200))
    # run 2000 independent chains of 200 periods in lockstep
    x = np.full(2000, big)
    total = np.zeros(2000)
    for t in range(200):
        order = x <= s
        total += 2.5 * order
        x = np.where(order, big, x) - demand[:, t]
        total += 0.18 * np.maximum(x, 0) + 0.70 * np.maximum(-x, 0)
    sim = total / 200
    exact = ss_cost(s, big, 0.18, 0.70, 2.5, Normal(50.0, 8.0))
    assert abs(sim.mean() - exact) < 4 * sim.std() / np.sqrt(sim.size) + 0.01


def test_batch_equals_one_at_a_time_and_series_kept() -> None:
    means = pd.Series([1.0, 4.5, 10.0, 37.0], index=list("abcd"))
    res = ss_policy(1.0, 9.0, 64.0, Poisson(means))
    assert isinstance(res.reorder_point, pd.Series)
    assert list(res.order_up_to.index) == list("abcd")
    for key, mean in means.items():
        one = ss_policy(1.0, 9.0, 64.0, Poisson(mean))
        assert res.reorder_point[key] == one.reorder_point
        assert res.order_up_to[key] == one.order_up_to
        assert res.expected_cost[key] == pytest.approx(one.expected_cost, rel=1e-12)


def test_brute_force_and_lead_time() -> None:
    """The exact search equals the minimum of c(s,S) over a grid (Discrete demand, L = 1)."""
    demand = Discrete([0, 1, 2, 4], [0.2, 0.3, 0.3, 0.2])
    res = ss_policy(1.0, 6.0, 12.0, demand, lead_time=1)
    grid = [
        (ss_cost(s, big, 1.0, 6.0, 12.0, demand, lead_time=1), s, big)
        for s in range(-5, 15)
        for big in range(s + 1, 25)
    ]
    best = min(grid)
    assert res.expected_cost == pytest.approx(best[0], rel=1e-12)


def test_large_poisson_mean_stays_exact() -> None:
    """Poisson mean 10,000: finite, and no neighbouring (s,S) is cheaper."""
    res = ss_policy(1, 9, 64, Poisson(10_000.0))
    assert np.isfinite(res.expected_cost)
    for ds, dbig in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1)):
        assert res.expected_cost <= ss_cost(
            res.reorder_point + ds, res.order_up_to + dbig, 1, 9, 64, Poisson(10_000.0)
        ) * (1 + 1e-12)


@FAST
@given(
    mean=st.floats(0.5, 30.0),
    h=st.floats(0.5, 3.0),
    p=st.floats(1.0, 20.0),
    k=st.floats(1.0, 100.0),
)
def test_optimum_no_worse_than_neighbours(mean: float, h: float, p: float, k: float) -> None:
    res = ss_policy(h, p, k, Poisson(mean))
    s, big = res.reorder_point, res.order_up_to
    assert s < big
    for ds, dbig in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1)):
        if big + dbig > s + ds:
            other = ss_cost(s + ds, big + dbig, h, p, k, Poisson(mean))
            assert res.expected_cost <= other * (1 + 1e-10)
    power = ss_policy(h, p, k, Poisson(mean), method="power")
    assert res.expected_cost <= power.expected_cost * (1 + 1e-10)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"holding_cost": -1.0}, "holding_cost"),
        ({"shortage_cost": 0.0}, "shortage_cost"),
        ({"ordering_cost": np.nan}, "ordering_cost"),
        ({"demand": "poisson"}, "demand"),
        ({"demand": Poisson(0.0)}, "demand"),
        ({"demand": Normal(10.0, 2.0)}, "demand"),
        ({"lead_time": -1}, "lead_time"),
        ({"lead_time": 1.5}, "lead_time"),
        ({"method": "brute"}, "method"),
    ],
)
def test_bad_input(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {
        "holding_cost": 1.0,
        "shortage_cost": 9.0,
        "ordering_cost": 64.0,
        "demand": Poisson(10.0),
    }
    args.update(kwargs)
    with pytest.raises(InvalidInputError, match=name):
        ss_policy(**args)  # type: ignore[arg-type]


def test_bad_cost_input() -> None:
    with pytest.raises(InvalidInputError, match="order_up_to"):
        ss_cost(10, 5, 1, 9, 64, Poisson(10.0))
    with pytest.raises(InvalidInputError, match="reorder_point"):
        ss_cost(4.5, 10, 1, 9, 64, Poisson(10.0))


def test_windows_too_large_to_tabulate_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="order_up_to"):
        ss_cost(0, 10**9, 1, 9, 64, Poisson(10.0))
    with pytest.raises(InvalidInputError, match="order_up_to"):
        ss_cost(0.0, 1e9, 1, 9, 64, Normal(10.0, 1.0))
    with pytest.raises(InvalidInputError, match="ordering_cost"):
        ss_policy(1e-6, 9, 1e9, Poisson(10.0))


def test_review_period_brute_force_and_simulation() -> None:
    """(R,s,S) with R = 3, L = 2: the exact search equals the grid minimum of c(s,S), and
    a simulation that charges costs at every period end agrees with c(s,S)."""
    res = ss_policy(1, 9, 64, Poisson(5.0), review_period=3, lead_time=2)
    best = min(
        (ss_cost(a, b, 1, 9, 64, Poisson(5.0), review_period=3, lead_time=2), a, b)
        for a in range(0, 60)
        for b in range(a + 1, 90)
    )
    assert res.expected_cost == pytest.approx(best[0], rel=1e-12)
    assert ss_policy(1, 9, 64, Poisson(10.0), review_period=1).order_up_to == 40.0
    s, big = res.reorder_point, res.order_up_to
    rng = np.random.default_rng(2)
    chains, periods = 3000, 240
    demand = rng.poisson(5.0, (chains, periods))
    on_hand = np.full(chains, big)
    position = np.full(chains, big)
    pipeline = np.zeros((chains, 3))
    total = np.zeros(chains)
    for t in range(periods):
        on_hand = on_hand + pipeline[:, 0]
        pipeline = np.roll(pipeline, -1, axis=1)
        pipeline[:, -1] = 0.0
        if t % 3 == 0:
            order = position <= s
            qty = np.where(order, big - position, 0.0)
            total += 64.0 * order
            position = position + qty
            pipeline[:, 1] += qty  # arrives two periods later
        on_hand = on_hand - demand[:, t]
        position = position - demand[:, t]
        total += np.maximum(on_hand, 0) + 9.0 * np.maximum(-on_hand, 0)
    sim = total / periods
    assert abs(sim.mean() - res.expected_cost) < 4 * sim.std() / np.sqrt(chains) + 0.05
    power = ss_policy(1, 9, 64, Normal(20.0, 5.0), review_period=2, method="power")
    assert power.reorder_point < power.order_up_to
    with pytest.raises(InvalidInputError, match="review_period"):
        ss_policy(1, 9, 64, Poisson(5.0), review_period=0)
