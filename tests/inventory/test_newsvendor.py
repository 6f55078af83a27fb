"""Newsvendor: Snyder & Shen's examples, the critical-ratio law, kinds and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import (
    Discrete,
    Gamma,
    NegativeBinomial,
    Normal,
    Poisson,
    newsvendor,
    newsvendor_cost,
    newsvendor_profit,
)

FAST = settings(max_examples=40, deadline=None)


# --- reference values ----------------------------------------------------------------------


def test_normal_snyder_shen_examples_4_1_and_4_3() -> None:
    """Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., Wiley, 2019: h = 0.18,
    p = 0.70, D ~ N(50, 8^2). Example 4.3: S* = 56.60, g(S*) = 1.9976 (stockpyl reproduces
    56.60396, 1.99761); Example 4.1: g(60) = 2.1561. (The brief's "54.6" is not the book's
    value: alpha = 0.7955 gives z = 0.8255 and S* = 50 + 8 z = 56.60.)"""
    r = newsvendor(0.18, 0.70, Normal(50, 8))
    assert r.order_up_to == pytest.approx(56.60395592743389, rel=1e-12)
    assert r.expected_cost == pytest.approx(1.9976051931766445, rel=1e-9)
    assert r.critical_ratio == pytest.approx(0.70 / 0.88)
    assert newsvendor_cost(60, 0.18, 0.70, Normal(50, 8)) == pytest.approx(
        2.156131552870387, rel=1e-9
    )


def test_poisson_snyder_shen() -> None:
    """Snyder & Shen, 2nd ed., section 4.3 with Poisson(50) demand (h = 0.18, p = 0.70):
    S* = 56, g = 1.79724; Example 4.7: Poisson(6), h = 1, p = 4 -> S* = 8, g = 3.57011, and
    g(5) = 6.59030 (stockpyl's documented values)."""
    r = newsvendor(0.18, 0.70, Poisson(50))
    assert r.order_up_to == 56
    assert r.expected_cost == pytest.approx(1.797235211809178, rel=1e-10)
    r = newsvendor(1, 4, Poisson(6))
    assert r.order_up_to == 8
    assert r.expected_cost == pytest.approx(3.5701069457709416, rel=1e-10)
    assert newsvendor_cost(5, 1, 4, Poisson(6)) == pytest.approx(6.590296024616343, rel=1e-10)
    # the same with the pmf given as a table, and with scipy's frozen Poisson
    values = np.arange(0, 41.0)
    pmf = stats.poisson(6).pmf(values)
    table = newsvendor(1, 4, Discrete(values, pmf / pmf.sum()))
    assert table.order_up_to == 8
    assert newsvendor(1, 4, stats.poisson(6)).expected_cost == pytest.approx(3.5701069, rel=1e-7)


def test_lognormal_scipy_snyder_shen_problem_4_8() -> None:
    """Snyder & Shen, 2nd ed., Problem 4.8(b): lognormal demand (sigma 0.3, scale e^6),
    h = 1, p = 0.1765 -> S* = 295.63, g = 29.44 (a frozen scipy distribution as demand)."""
    r = newsvendor(1, 0.1765, stats.lognorm(0.3, 0, np.exp(6)))
    assert r.order_up_to == pytest.approx(295.6266448071368, rel=1e-9)
    assert r.expected_cost == pytest.approx(29.44254351324322, rel=1e-7)


def test_lead_time_covers_l_plus_one_periods() -> None:
    """Snyder & Shen, 2nd ed., section 4.4 (periodic review with lead time L): the base-stock
    level is the newsvendor level for demand over L + 1 periods."""
    r = newsvendor(0.18, 0.70, Normal(50, 8), lead_time=2)
    z = special.ndtri(0.70 / 0.88)
    assert r.order_up_to == pytest.approx(150 + 8 * np.sqrt(3) * z, rel=1e-12)
    assert r.expected_cost == pytest.approx(0.88 * 8 * np.sqrt(3) * stats.norm.pdf(z))
    p = newsvendor(0.18, 0.70, Poisson(5.0), lead_time=3)
    assert p.order_up_to == newsvendor(0.18, 0.70, Poisson(20.0)).order_up_to


def test_explicit_form_matches_cost_form() -> None:
    """Price 1, cost 0.25, salvage 0 (overage 0.25, underage 0.75, alpha = 0.75) on N(100, 20):
    S* = 100 + 20 z_0.75 = 113.49, expected profit (r - c) mu - g(S*) = 75 - 20 phi(z) = 68.64
    (Nahmias, *Production and Operations Analysis*, 6th ed., 2009, section 5.3 identities)."""
    r = newsvendor_profit(1.0, 0.25, 0.0, Normal(100, 20))
    assert r.critical_ratio == pytest.approx(0.75)
    assert r.order_up_to == pytest.approx(100 + 20 * special.ndtri(0.75))
    assert r.expected_profit == pytest.approx(75 - 20 * stats.norm.pdf(special.ndtri(0.75)))
    cost_form = newsvendor(0.25, 0.75, Normal(100, 20))
    assert r.expected_cost == pytest.approx(cost_form.expected_cost)
    # Monte Carlo check of the profit identity
    rng = np.random.default_rng(1)
    d = rng.normal(100, 20, 400_000)
    s = r.order_up_to
    profit = 1.0 * np.minimum(s, d) - 0.25 * s
    assert r.expected_profit == pytest.approx(profit.mean(), rel=2e-3)


def test_fill_rate_and_shortage_match_simulation() -> None:
    rng = np.random.default_rng(3)
    d = rng.poisson(20, 400_000).astype(float)
    r = newsvendor(1.0, 9.0, Poisson(20.0))
    short = np.maximum(d - r.order_up_to, 0)
    assert r.expected_shortage == pytest.approx(short.mean(), rel=2e-2)
    assert r.expected_leftover == pytest.approx(np.maximum(r.order_up_to - d, 0).mean(), rel=1e-2)
    assert r.fill_rate == pytest.approx(1 - short.sum() / d.sum(), abs=2e-3)


# --- laws ---------------------------------------------------------------------------------


@FAST
@given(
    h=st.floats(0.01, 100.0),
    p=st.floats(0.01, 100.0),
    mean=st.floats(0.5, 200.0),
    lead=st.integers(0, 3),
    family=st.sampled_from(["poisson", "negbin", "discrete"]),
)
def test_discrete_critical_ratio(h: float, p: float, mean: float, lead: int, family: str) -> None:
    """F(S*) >= alpha > F(S* - 1) for integer demand over L + 1 periods."""
    if family == "poisson":
        model = Poisson(mean)
    elif family == "negbin":
        model = NegativeBinomial(mean, np.sqrt(2 * mean))
    else:
        model = Discrete([0, 1, 3, 7], [0.2, 0.3, 0.4, 0.1])
    r = newsvendor(h, p, model, lead_time=lead)
    protected = model.over(lead + 1) if lead else model
    alpha = p / (p + h)
    assert protected.cdf(r.order_up_to) >= alpha * (1 - 1e-12)
    assert protected.cdf(r.order_up_to - 1) < alpha
    assert r.order_up_to == np.floor(r.order_up_to)


@FAST
@given(
    h=st.floats(0.01, 100.0),
    p=st.floats(0.01, 100.0),
    mean=st.floats(1.0, 200.0),
    cv=st.floats(0.05, 1.5),
    step=st.floats(-3.0, 3.0),
)
def test_optimum_beats_neighbours(h: float, p: float, mean: float, cv: float, step: float) -> None:
    for model in (Normal(mean, cv * mean), Gamma(mean, cv * mean), Poisson(mean)):
        r = newsvendor(h, p, model)
        other = r.order_up_to + step * model.std
        assert r.expected_cost <= newsvendor_cost(other, h, p, model) * (1 + 1e-9) + 1e-12
        assert r.expected_cost == pytest.approx(
            newsvendor_cost(r.order_up_to, h, p, model), rel=1e-9, abs=1e-12
        )
        assert 0.0 <= r.fill_rate <= 1.0


@FAST
@given(
    means=st.lists(st.floats(1.0, 300.0), min_size=1, max_size=5),
    h=st.floats(0.1, 10.0),
    p=st.floats(0.1, 10.0),
)
def test_vector_equals_loop(means: list[float], h: float, p: float) -> None:
    m = np.array(means)
    for make in (Poisson, lambda mu: Normal(mu, 0.2 * mu)):
        vector = newsvendor(h, p, make(m))
        for j, mu in enumerate(means):
            scalar = newsvendor(h, p, make(mu))
            assert vector.order_up_to[j] == pytest.approx(scalar.order_up_to, rel=1e-13)
            assert vector.expected_cost[j] == pytest.approx(scalar.expected_cost, rel=1e-11)


def test_kinds_of_input() -> None:
    idx = pd.Index(["a", "b"])
    r = newsvendor(pd.Series([0.1, 0.2], index=idx), 0.7, Normal([50.0, 60.0], 8.0))
    assert isinstance(r.order_up_to, pd.Series)
    assert r.order_up_to.index.equals(idx)
    assert isinstance(newsvendor(1.0, 2.0, Poisson(3.0)).order_up_to, float)
    costs = newsvendor_cost(np.array([50.0, 55.0]), 0.18, 0.7, Normal(50, 8))
    assert costs.shape == (2,)


# --- bad input ----------------------------------------------------------------------------


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="holding_cost"):
        newsvendor(0.0, 1.0, Normal(50, 8))
    with pytest.raises(InvalidInputError, match="shortage_cost"):
        newsvendor(1.0, -1.0, Normal(50, 8))
    with pytest.raises(InvalidInputError, match="lead_time"):
        newsvendor(1.0, 1.0, Normal(50, 8), lead_time=1.5)
    with pytest.raises(InvalidInputError, match="demand"):
        newsvendor(1.0, 1.0, 50.0)
    with pytest.raises(InvalidInputError, match="demand"):
        newsvendor([1.0, 2.0], 1.0, Normal([50.0, 60.0, 70.0], 8.0))
    with pytest.raises(InvalidInputError, match="salvage"):
        newsvendor_profit(1.0, 0.5, 0.6, Normal(50, 8))
    with pytest.raises(InvalidInputError, match="price"):
        newsvendor_profit(0.4, 0.5, 0.1, Normal(50, 8))
    with pytest.raises(InvalidInputError, match="order_up_to"):
        newsvendor_cost(np.nan, 1.0, 1.0, Normal(50, 8))


def test_lead_time_with_non_integer_discrete_values_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="'demand'"):
        newsvendor(1.0, 2.0, Discrete([0.5, 1.5], [0.5, 0.5]), lead_time=1)
    assert newsvendor(1.0, 2.0, Discrete([0.5, 1.5], [0.5, 0.5])).order_up_to == 1.5
