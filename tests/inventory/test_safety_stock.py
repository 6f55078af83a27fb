"""Safety stock and reorder points: textbook rules, laws, kinds and bad input."""

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
    fill_rate,
    normal_loss_inverse,
    reorder_point,
)
from opsmodels.inventory._demand import standard_normal_loss

FAST = settings(max_examples=40, deadline=None)


# --- reference values ----------------------------------------------------------------------


def test_cycle_service_level_normal() -> None:
    """P1 rule (Silver, Pyke & Peterson, 3rd ed., 1998, section 7.7.4): k = z_alpha,
    s = x_L + k sigma_L; with mu = 100, sigma = 20 per period, L = 4: sigma_L = 40 and
    alpha = 0.95 gives k = 1.645, s = 465.79."""
    r = reorder_point(Normal(100, 20), 4, cycle_service_level=0.95)
    assert r.safety_factor == pytest.approx(1.6448536, rel=1e-7)
    assert r.reorder_point == pytest.approx(400 + 40 * 1.6448536, rel=1e-8)
    assert r.cycle_service_level == pytest.approx(0.95)
    assert r.lead_time_demand_std == pytest.approx(40.0)
    assert r.fill_rate is None


def test_fill_rate_rule_against_the_loss_table() -> None:
    """P2 rule (Silver, Pyke & Peterson, 3rd ed., section 7.7.5): G(k) = Q(1 - P2)/sigma_L.
    The unit normal loss table gives G(0.90) = 0.1004 (SPP Appendix B; Nahmias Table A-4), so
    Q = 200, sigma_L = 40 and P2 = 1 - 0.1004 * 40 / 200 must give k = 0.90."""
    beta = 1 - 0.100443 * 40 / 200
    r = reorder_point(Normal(100, 20), 4, fill_rate=beta, order_quantity=200)
    assert r.safety_factor == pytest.approx(0.90, abs=1e-4)
    assert r.fill_rate == pytest.approx(beta, rel=1e-12)
    assert r.expected_shortage == pytest.approx(0.100443 * 40, rel=1e-4)


def test_stockout_cost_per_occasion_rule() -> None:
    """B1 rule (Silver, Pyke & Peterson, 3rd ed., section 7.7.2):
    k = sqrt(2 ln(D B1 / (sqrt(2 pi) Q v r sigma_L))) when the argument exceeds 1, else the
    lowest allowable k. With D = 100 per period, B1 = 1000, Q = 200, h = vr = 0.5,
    sigma_L = 40: the argument is 9.9736, k = 2.1447."""
    r = reorder_point(
        Normal(100, 20), 4, stockout_cost=1000.0, order_quantity=200, holding_cost=0.5
    )
    arg = 100 * 1000 / (np.sqrt(2 * np.pi) * 200 * 0.5 * 40)
    assert r.safety_factor == pytest.approx(np.sqrt(2 * np.log(arg)), rel=1e-12)
    assert r.safety_factor == pytest.approx(2.1447, abs=1e-4)
    low = reorder_point(
        Normal(100, 20),
        4,
        stockout_cost=10.0,
        order_quantity=200,
        holding_cost=0.5,
        min_safety_factor=-0.5,
    )
    assert low.safety_factor == pytest.approx(-0.5)


def test_lead_time_variability_moment_formula() -> None:
    """sigma_LTD = sqrt(E[L] sigma_D^2 + E[D]^2 sigma_L^2) (Silver, Pyke & Peterson, 3rd ed.,
    eq. 7.33): D ~ (100, 20) per period, L ~ (4, 1) periods -> sqrt(1600 + 10000) = 107.70."""
    r = reorder_point(Normal(100, 20), Normal(4, 1), cycle_service_level=0.9)
    assert r.lead_time_demand_mean == pytest.approx(400.0)
    assert r.lead_time_demand_std == pytest.approx(np.sqrt(11600.0))
    assert r.reorder_point == pytest.approx(400 + np.sqrt(11600.0) * special.ndtri(0.9))


def test_discrete_demand_and_random_lead_time() -> None:
    """Poisson(3) demand over a lead time of 1, 2 or 3 periods (0.2, 0.5, 0.3): the reorder
    point is the smallest r with P(LTD <= r) >= 0.95 for the exact compound distribution."""
    r = reorder_point(Poisson(3.0), Discrete([1, 2, 3], [0.2, 0.5, 0.3]), cycle_service_level=0.95)
    x = np.arange(0, 40)
    cdf = sum(w * stats.poisson(3 * n).cdf(x) for n, w in ((1, 0.2), (2, 0.5), (3, 0.3)))
    assert r.reorder_point == x[np.argmax(cdf >= 0.95)]
    assert r.lead_time_demand_mean == pytest.approx(6.3, rel=1e-9)


def test_normal_loss_inverse_table() -> None:
    """Inverse of the unit normal loss table (SPP Appendix B): G(0) = 0.3989, G(1) = 0.0833,
    G(2) = 0.0085."""
    z = normal_loss_inverse(np.array([0.398942, 0.083315, 0.008491]))
    np.testing.assert_allclose(z, [0.0, 1.0, 2.0], atol=2e-4)


# --- laws ---------------------------------------------------------------------------------


@FAST
@given(t=st.lists(st.floats(1e-14, 1e3), min_size=1, max_size=20))
def test_normal_loss_inverse_roundtrip(t: list[float]) -> None:
    target = np.array(t)
    z = normal_loss_inverse(target)
    np.testing.assert_allclose(standard_normal_loss(z), target, rtol=1e-9)


@FAST
@given(
    mean=st.floats(0.5, 100.0),
    lead=st.floats(0.5, 6.0),
    q=st.floats(1.0, 500.0),
    r=st.lists(st.floats(-50.0, 800.0), min_size=2, max_size=10),
)
def test_fill_rate_monotone_in_reorder_point(
    mean: float, lead: float, q: float, r: list[float]
) -> None:
    levels = np.sort(np.array(r))
    for model in (Normal(mean, 0.5 * mean), Poisson(mean), Gamma(mean, mean)):
        beta = fill_rate(model, lead, levels, q)
        assert np.all(np.diff(beta) >= -1e-12)
        assert np.all((beta >= 0) & (beta <= 1))


@FAST
@given(
    mean=st.floats(0.5, 60.0),
    lead=st.integers(1, 5),
    q=st.floats(1.0, 300.0),
    beta=st.floats(0.5, 0.999),
    family=st.sampled_from(["normal", "poisson", "negbin", "gamma"]),
)
def test_fill_rate_target_is_met_by_the_smallest_level(
    mean: float, lead: int, q: float, beta: float, family: str
) -> None:
    model = {
        "normal": Normal(mean, 0.4 * mean),
        "poisson": Poisson(mean),
        "negbin": NegativeBinomial(mean, np.sqrt(3 * mean)),
        "gamma": Gamma(mean, 0.7 * mean),
    }[family]
    r = reorder_point(model, lead, fill_rate=beta, order_quantity=q)
    assert r.fill_rate >= beta - 1e-9
    if family in ("poisson", "negbin"):
        assert fill_rate(model, lead, r.reorder_point - 1, q) < beta
    else:
        assert r.fill_rate == pytest.approx(beta, abs=1e-8)


@FAST
@given(
    alpha=st.floats(0.01, 0.999),
    mean=st.floats(0.5, 100.0),
    family=st.sampled_from(["normal", "poisson", "gamma"]),
)
def test_cycle_service_level_is_reached(alpha: float, mean: float, family: str) -> None:
    model = {
        "normal": Normal(mean, 0.3 * mean),
        "poisson": Poisson(mean),
        "gamma": Gamma(mean, mean),
    }[family]
    r = reorder_point(model, 2.0, cycle_service_level=alpha)
    assert r.cycle_service_level >= alpha * (1 - 1e-9)


@FAST
@given(
    means=st.lists(st.floats(1.0, 200.0), min_size=1, max_size=5),
    beta=st.floats(0.5, 0.99),
)
def test_vector_equals_loop(means: list[float], beta: float) -> None:
    m = np.array(means)
    for make in (Poisson, lambda mu: Normal(mu, 0.3 * mu)):
        vector = reorder_point(make(m), 3, fill_rate=beta, order_quantity=50.0)
        for j, mu in enumerate(means):
            scalar = reorder_point(make(mu), 3, fill_rate=beta, order_quantity=50.0)
            assert vector.reorder_point[j] == pytest.approx(scalar.reorder_point, rel=1e-10)


def test_kinds_of_input() -> None:
    idx = pd.Index(["x", "y"], name="sku")
    r = reorder_point(
        Normal([10.0, 20.0], 3.0), 2, cycle_service_level=pd.Series([0.9, 0.95], index=idx)
    )
    assert isinstance(r.reorder_point, pd.Series)
    assert r.to_frame().index.equals(idx)
    assert isinstance(reorder_point(Poisson(4.0), 2, cycle_service_level=0.9).reorder_point, float)


# --- bad input ----------------------------------------------------------------------------


def test_bad_input() -> None:
    d = Normal(100, 20)
    with pytest.raises(InvalidInputError, match="cycle_service_level"):
        reorder_point(d, 4)
    with pytest.raises(InvalidInputError, match="cycle_service_level"):
        reorder_point(d, 4, cycle_service_level=0.9, fill_rate=0.9, order_quantity=10)
    with pytest.raises(InvalidInputError, match="cycle_service_level"):
        reorder_point(d, 4, cycle_service_level=1.0)
    with pytest.raises(InvalidInputError, match="fill_rate"):
        reorder_point(d, 4, fill_rate=-0.1, order_quantity=10)
    with pytest.raises(InvalidInputError, match="order_quantity"):
        reorder_point(d, 4, fill_rate=0.9)
    with pytest.raises(InvalidInputError, match="holding_cost"):
        reorder_point(d, 4, stockout_cost=10.0, order_quantity=5)
    with pytest.raises(InvalidInputError, match="demand"):
        reorder_point(Poisson(5.0), 4, stockout_cost=10.0, order_quantity=5, holding_cost=1.0)
    with pytest.raises(InvalidInputError, match="lead_time"):
        reorder_point(d, 0, cycle_service_level=0.9)
    with pytest.raises(InvalidInputError, match="demand"):
        reorder_point(Normal([1.0, 2.0], 1.0), 2, cycle_service_level=[0.9, 0.9, 0.9])
    with pytest.raises(InvalidInputError, match="order_quantity"):
        fill_rate(d, 4, 400.0, 0.0)
    with pytest.raises(InvalidInputError, match="loss"):
        normal_loss_inverse(-1.0)


def test_exact_fill_rate_matches_a_simulated_rq_system() -> None:
    """Continuous review (r, Q) = (6, 5), Poisson demand of rate 2 per day in units, lead time
    3 days, backorders: the fraction of demands met from stock equals
    1 - [n(r) - n(r+Q)]/Q (Axsäter, *Inventory Control*, 2nd ed., 2006, section 5.3), while
    the classical 1 - n(r)/Q understates it. Event-by-event simulation of 60,000 demands."""
    rng = np.random.default_rng(11)
    rate, lead, r, q = 2.0, 3.0, 6, 5
    times = np.cumsum(rng.exponential(1 / rate, 60_000))
    position, on_hand, arrivals, filled = r + q, r + q, [], 0
    head = 0
    for t in times:
        while head < len(arrivals) and arrivals[head] <= t:
            on_hand += q
            head += 1
        filled += on_hand > 0
        on_hand -= 1
        position -= 1
        while position <= r:
            position += q
            arrivals.append(t + lead)
    simulated = filled / len(times)
    exact = fill_rate(Poisson(rate), lead, r, q, method="exact")
    assert exact == pytest.approx(simulated, abs=0.01)
    assert fill_rate(Poisson(rate), lead, r, q) < exact
