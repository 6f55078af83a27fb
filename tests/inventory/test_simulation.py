"""Simulation: agreement with the exact expected costs (newsvendor base stock, (r,Q), (s,S)),
vectorization over SKUs, lost sales, random lead times, seeding, progress and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import (
    RQ,
    SS,
    BaseStock,
    Discrete,
    Normal,
    PeriodicReview,
    Poisson,
    newsvendor,
    newsvendor_cost,
    rq_cost,
    rq_policy,
    simulate,
    ss_cost,
)

# 99.99 % intervals (about 3.9 standard errors): a failure means a real disagreement
LEVEL = 0.9999


def _inside(result: object, name: str, exact: float) -> bool:
    lo, hi = result.intervals[name]  # type: ignore[attr-defined]
    return bool(lo <= exact <= hi)


@settings(max_examples=10, deadline=None, derandomize=True)
@given(
    mean=st.floats(2, 40),
    cv=st.floats(0.1, 0.4),
    h=st.floats(0.1, 2),
    p=st.floats(0.5, 20),
    lead=st.integers(0, 3),
)
def test_base_stock_agrees_with_the_newsvendor(
    mean: float, cv: float, h: float, p: float, lead: int
) -> None:
    """Base stock at the newsvendor level costs the newsvendor's expected cost (demand over
    L + 1 periods, Snyder & Shen's convention) within the simulation's interval."""
    demand = Normal(mean, cv * mean)
    nv = newsvendor(h, p, demand, lead_time=lead)
    r = simulate(
        BaseStock(nv.order_up_to),
        demand,
        periods=3000,
        lead_time=lead,
        holding_cost=h,
        shortage_cost=p,
        replications=10,
        confidence=LEVEL,
        rng=7,
    )
    assert _inside(r, "total_cost", nv.expected_cost)
    assert _inside(r, "fill_rate", nv.fill_rate)


def test_rq_agrees_with_the_exact_cost() -> None:
    """Snyder & Shen's Example 5.8 (Poisson 1.5 per period, h = 20, p = 150, K = 100): the
    periodic simulation with lead time L matches the exact C(r,Q) with lead time L + 1; the
    optimizer's policy (r, Q) = (3, 5) is used as it is."""
    policy = rq_policy(20, 150, 100, Poisson(1.5), 2)
    r = simulate(
        policy,
        Poisson(1.5),
        periods=20_000,
        lead_time=1,
        holding_cost=20,
        shortage_cost=150,
        ordering_cost=100,
        replications=10,
        confidence=LEVEL,
        rng=11,
    )
    holding_shortage = rq_cost(3, 5, 20, 150, 100, Poisson(1.5), 2) - 100 * 1.5 / 5
    lo, hi = r.intervals["holding_cost"]
    lo2, hi2 = r.intervals["shortage_cost"]
    assert lo + lo2 <= holding_shortage <= hi + hi2
    # (r, nQ) orders: fewer orders than batches (lambda / Q) when one order carries two lots
    assert r.order_frequency <= 1.5 / 5


def test_ss_agrees_with_the_exact_cost() -> None:
    """(s,S) = (4, 10), Poisson(6), h = 1, p = 4, K = 5 (Snyder & Shen's Example 4.7 data):
    the exact cost from ss_cost, with lead times 0 and 1."""
    for lead in (0, 1):
        r = simulate(
            SS(4, 10),
            Poisson(6),
            periods=10_000,
            lead_time=lead,
            holding_cost=1,
            shortage_cost=4,
            ordering_cost=5,
            replications=10,
            confidence=LEVEL,
            rng=lead,
        )
        assert _inside(r, "total_cost", ss_cost(4, 10, 1, 4, 5, Poisson(6), lead_time=lead))


def test_fixed_ordering_cost_is_counted() -> None:
    """Deterministic demand of 2 per period, (r, Q) = (8, 10): one order every 5 periods."""
    r = simulate(
        RQ(8, 10),
        Discrete([2], [1]),
        periods=1000,
        lead_time=1,
        holding_cost=1,
        shortage_cost=5,
        ordering_cost=50,
        replications=2,
    )
    assert r.ordering_cost == pytest.approx(10.0)
    assert r.order_frequency == pytest.approx(0.2)
    assert r.fill_rate == 1.0
    assert r.cycle_service_level == 1.0


def test_many_skus_at_once_match_one_at_a_time_in_law() -> None:
    """A batch of SKUs gives per-SKU results shaped like the batch; each agrees with its own
    newsvendor cost; Series in, Series out."""
    means = pd.Series([5.0, 20.0, 60.0], index=["a", "b", "c"])
    demand = Poisson(means)
    nv = newsvendor(1.0, 9.0, demand, lead_time=1)
    r = simulate(
        BaseStock(nv.order_up_to),
        demand,
        periods=4000,
        lead_time=1,
        holding_cost=1.0,
        shortage_cost=9.0,
        replications=8,
        confidence=LEVEL,
        rng=3,
    )
    assert isinstance(r.total_cost, pd.Series)
    assert list(r.total_cost.index) == ["a", "b", "c"]
    assert list(r.to_frame().index) == ["a", "b", "c"]
    lo, hi = r.intervals["total_cost"]
    assert ((lo <= nv.expected_cost) & (nv.expected_cost <= hi)).all()
    arr = simulate(
        BaseStock(np.array([7.0, 26.0])),
        Poisson([5.0, 20.0]),
        periods=100,
        lead_time=[0, 2],
        holding_cost=1.0,
        shortage_cost=9.0,
        replications=3,
        rng=3,
    )
    assert arr.total_cost.shape == (2,)
    assert arr.to_frame().shape[0] == 2


def test_lost_sales() -> None:
    """Lost sales: no backorders, shortage cost per unit lost, fill rate = 1 - lost / demand;
    at the same level the inventory is higher than with backorders."""
    args = {
        "periods": 3000,
        "lead_time": 2,
        "holding_cost": 1.0,
        "shortage_cost": 4.0,
        "replications": 5,
        "rng": 5,
    }
    lost = simulate(BaseStock(30), Poisson(8.0), backorders=False, **args)  # type: ignore[arg-type]
    back = simulate(BaseStock(30), Poisson(8.0), **args)  # type: ignore[arg-type]
    assert lost.average_backorders == 0.0
    assert lost.shortage_cost == pytest.approx(4.0 * lost.average_lost_sales)
    assert lost.fill_rate == pytest.approx(1 - lost.average_lost_sales / 8.0, abs=0.01)
    assert lost.average_on_hand > back.average_on_hand
    assert back.average_lost_sales == 0.0


def test_random_lead_times_and_seeding() -> None:
    """A lead time that is always 2 behaves like the fixed lead time 2; a random lead time
    needs more stock for the same service; the same seed gives the same result."""
    base = dict(periods=3000, holding_cost=1.0, shortage_cost=9.0, replications=10, rng=4)
    fixed = simulate(BaseStock(28), Poisson(8.0), lead_time=2, **base)  # type: ignore[arg-type]
    constant = simulate(BaseStock(28), Poisson(8.0), lead_time=Discrete([2], [1]), **base)  # type: ignore[arg-type]
    lo, hi = fixed.intervals["total_cost"]
    assert lo - 0.5 <= constant.total_cost <= hi + 0.5
    varied = simulate(
        BaseStock(28),
        Poisson(8.0),
        lead_time=Discrete([1, 2, 3], [0.25, 0.5, 0.25]),
        **base,  # type: ignore[arg-type]
    )
    assert varied.fill_rate < fixed.fill_rate
    again = simulate(
        BaseStock(28),
        Poisson(8.0),
        lead_time=Discrete([1, 2, 3], [0.25, 0.5, 0.25]),
        **base,  # type: ignore[arg-type]
    )
    assert again.total_cost == varied.total_cost
    np.testing.assert_array_equal(again.inventory_position_trace, varied.inventory_position_trace)


def test_periodic_review_and_trace() -> None:
    r = simulate(
        PeriodicReview(4, 60.0),
        Normal(10.0, 2.0),
        periods=400,
        lead_time=1,
        holding_cost=1.0,
        shortage_cost=5.0,
        ordering_cost=20.0,
        replications=3,
        warmup=0,
        rng=0,
    )
    assert r.order_frequency == pytest.approx(0.25, abs=0.01)  # none at t = 0
    assert r.inventory_position_trace.shape == (400,)
    assert r.inventory_position_trace[0] == 60.0
    assert r.inventory_position_trace[4] == 60.0


def test_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    simulate(
        BaseStock(10),
        Poisson(5.0),
        periods=200,
        lead_time=0,
        holding_cost=1,
        shortage_cost=1,
        replications=2,
        progress=True,
    )
    assert "simulate [" in capsys.readouterr().err


def test_newsvendor_cost_of_the_exact_check_is_right() -> None:
    """The reference value used above is the textbook's: Snyder & Shen Example 4.3."""
    assert newsvendor_cost(56.60395592743389, 0.18, 0.70, Normal(50, 8)) == pytest.approx(
        1.9976051931766445
    )


GOOD: dict[str, object] = {
    "periods": 50,
    "lead_time": 1,
    "holding_cost": 1.0,
    "shortage_cost": 2.0,
    "replications": 2,
}


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"lead_time": -1}, "lead_time"),
        ({"lead_time": 1.5}, "lead_time"),
        ({"holding_cost": -1.0}, "holding_cost"),
        ({"ordering_cost": [1.0, 2.0, 3.0]}, "ordering_cost"),
        ({"periods": 0}, "periods"),
        ({"replications": 0}, "replications"),
        ({"rng": "seed"}, "rng"),
        ({"confidence": 1.0}, "confidence"),
        ({"warmup": -2}, "warmup"),
        ({"backorders": "lost"}, "backorders"),
    ],
)
def test_bad_input(change: dict[str, object], name: str) -> None:
    args = {**GOOD, **change}
    with pytest.raises(InvalidInputError, match=name):
        simulate(BaseStock([10.0, 12.0]), Poisson(5.0), **args)  # type: ignore[arg-type]


def test_bad_policy_and_demand() -> None:
    with pytest.raises(InvalidInputError, match="policy"):
        simulate("base", Poisson(5.0), **GOOD)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="policy"):
        simulate(RQ(3, 0), Poisson(5.0), **GOOD)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="demand"):
        simulate(BaseStock(5), "poisson", **GOOD)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="probabilities"):
        Discrete([1, 2], [0.5, 0.6])
    with pytest.raises(InvalidInputError, match="lead_time"):
        simulate(BaseStock(5), Poisson(5.0), **{**GOOD, "lead_time": Normal(2.0, 1.0)})  # type: ignore[arg-type]
