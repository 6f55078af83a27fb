"""BG/BB and shifted-beta-geometric models: published estimates, laws, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import ConvergenceError, InvalidInputError
from opsmodels.segmentation import BGBB, ShiftedBetaGeometric

BGBB_DONATIONS = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}


def test_bgbb_donations(donations: pd.DataFrame) -> None:
    """Fader, Hardie & Shang (2010), "Customer-base analysis in a discrete-time
    noncontractual setting", Marketing Science 29(6): on the 11,104 donors with 6 annual
    opportunities, alpha = 1.204, beta = 0.750, gamma = 0.657, delta = 2.783,
    LL = -33,225.6."""
    m = BGBB.fit(donations)
    for name, value in BGBB_DONATIONS.items():
        assert m.params[name] == pytest.approx(value, abs=6e-4), name
    assert m.log_likelihood == pytest.approx(-33225.6, abs=0.05)
    assert m.n_customers == 11104
    assert m.standard_errors is not None
    assert all(0 < v < np.inf for v in m.standard_errors.values())


def test_bgbb_distribution_and_expectations() -> None:
    """P(X(n) = x) sums to 1 with mean E[X(n)]; conditional expectations grow with the
    horizon; P(alive) of the most active donors is below 1 and above that of lapsed ones."""
    m = BGBB(params=BGBB_DONATIONS)
    for n in (1, 6, 20):
        p = m.probability_of_purchases(np.arange(n + 1), n)
        assert p.sum() == pytest.approx(1.0, abs=1e-10)
        assert p @ np.arange(n + 1) == pytest.approx(m.expected_purchases(n), rel=1e-10)
    horizons = np.arange(0, 12)
    cond = m.conditional_expected_purchases(horizons, 3, 6, 6)
    assert np.all(np.diff(cond) > 0)
    assert cond[0] == 0.0
    assert m.p_alive(6, 6, 6) > m.p_alive(3, 3, 6) > 0
    assert m.p_alive(0, 0, 6) <= 1.0


@settings(max_examples=50, deadline=None)
@given(
    params=st.fixed_dictionaries({k: st.floats(0.05, 20.0) for k in BGBB_DONATIONS}),
    n=st.integers(1, 30),
    data=st.data(),
)
def test_bgbb_laws(params: dict[str, float], n: int, data: st.DataObject) -> None:
    m = BGBB(params=params)
    t_x = data.draw(st.integers(0, n))
    x = data.draw(st.integers(1, t_x)) if t_x > 0 else 0
    alive = m.p_alive(x, t_x, n)
    assert 0.0 <= alive <= 1.0
    e = m.conditional_expected_purchases(np.array([1, 2, 5]), x, t_x, n)
    assert np.all(e >= 0)
    assert np.all(np.diff(e) >= -1e-12)
    assert m.expected_purchases(n) <= m.expected_purchases(n + 1) + 1e-12


def test_sbg_published_segments() -> None:
    """Fader & Hardie (2007), "How to project customer retention", J. Interactive Marketing
    21(1), Table 1 and the fitted sBG: the "High End" segment (100, 86.9, 74.3, 65.3, 59.3,
    55.1, 51.7, 49.1 % surviving) gives alpha = 0.668, beta = 3.806; the "Regular" segment
    (100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1 %) gives alpha = 0.704, beta = 1.182.
    (The survival figures are per 1,000 customers.)"""
    high_end = ShiftedBetaGeometric.fit([1000, 869, 743, 653, 593, 551, 517, 491])
    assert high_end.params["alpha"] == pytest.approx(0.668, abs=6e-4)
    assert high_end.params["beta"] == pytest.approx(3.806, abs=6e-4)
    regular = ShiftedBetaGeometric.fit([1000, 631, 468, 382, 326, 289, 262, 241])
    assert regular.params["alpha"] == pytest.approx(0.704, abs=6e-4)
    assert regular.params["beta"] == pytest.approx(1.182, abs=6e-4)
    # the projected survival curve stays close to the observed one
    observed = np.array([100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1]) / 100
    np.testing.assert_allclose(regular.survival(np.arange(8)), observed, atol=0.01)


def test_sbg_identities() -> None:
    m = ShiftedBetaGeometric(params={"alpha": 0.704, "beta": 1.182})
    t = np.arange(1, 30)
    np.testing.assert_allclose(
        m.churn_probability(t), m.survival(t - 1) - m.survival(t), rtol=1e-12
    )
    np.testing.assert_allclose(m.retention_rate(t), m.survival(t) / m.survival(t - 1), rtol=1e-12)
    assert np.all(np.diff(m.retention_rate(t)) > 0)
    assert m.expected_lifetime() == np.inf
    assert ShiftedBetaGeometric(params={"alpha": 3.0, "beta": 2.0}).expected_lifetime() == 2.0


def test_sbg_no_churn_is_a_convergence_error() -> None:
    with pytest.raises(ConvergenceError):
        ShiftedBetaGeometric.fit([1000, 1000, 1000, 1000])


@pytest.mark.parametrize(
    ("active", "match"),
    [([1000], "active"), ([1000, 1100], "active"), ([0, 0], "active"), ([100, -1], "active")],
)
def test_sbg_bad_input(active: list[float], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        ShiftedBetaGeometric.fit(active)


@pytest.mark.parametrize(
    ("frequency", "recency", "n", "match"),
    [
        ([2], [1], [6], "frequency"),  # more transactions than opportunities up to t_x
        ([1], [7], [6], "recency"),
        ([1], [0], [6], "recency"),
        ([1.5], [2], [6], "frequency"),
        ([0], [0], [0], "'n'"),
        ([0, 0], [0, 0], [6, 6], "frequency"),  # nobody transacts
    ],
)
def test_bgbb_bad_input(
    frequency: list[float], recency: list[float], n: list[float], match: str
) -> None:
    with pytest.raises(InvalidInputError, match=match):
        BGBB.fit(frequency, recency, n)


def test_bgbb_simulation_recovers_parameters() -> None:
    """Histories drawn by the exact simulator have the model's distribution of (x, t_x)
    and recover the parameters within sampling error."""
    truth = BGBB(params=BGBB_DONATIONS)
    sim = truth.simulate(6, n_customers=200_000, rng=5)
    assert list(sim.columns) == ["frequency", "recency", "n"]
    assert ((sim["frequency"] <= sim["recency"]) & (sim["recency"] <= 6)).all()
    p = truth.probability_of_purchases(np.arange(7), 6)
    observed = np.bincount(sim["frequency"].astype(int), minlength=7) / len(sim)
    np.testing.assert_allclose(observed, p, atol=4e-3)
    counts = sim.groupby(["frequency", "recency", "n"]).size().reset_index(name="w")
    fitted = BGBB.fit(counts["frequency"], counts["recency"], counts["n"], weights=counts["w"])
    assert fitted.standard_errors is not None
    for name, value in BGBB_DONATIONS.items():
        assert abs(fitted.params[name] - value) < 4 * fitted.standard_errors[name], name


def test_sbg_simulation_recovers_parameters() -> None:
    truth = ShiftedBetaGeometric(params={"alpha": 0.704, "beta": 1.182})
    active = truth.simulate(200_000, periods=7, rng=3)
    assert active[0] == 200_000
    assert np.all(np.diff(active) <= 0)
    np.testing.assert_allclose(active / active[0], truth.survival(np.arange(8)), atol=4e-3)
    fitted = ShiftedBetaGeometric.fit(active)
    assert fitted.params["alpha"] == pytest.approx(0.704, rel=0.1)
    assert fitted.params["beta"] == pytest.approx(1.182, rel=0.1)


def test_simulator_bad_input() -> None:
    m = BGBB(params=BGBB_DONATIONS)
    with pytest.raises(InvalidInputError, match="'n'"):
        m.simulate(2.5, n_customers=3)
    with pytest.raises(InvalidInputError, match="n_customers"):
        m.simulate(6, n_customers=0)
    with pytest.raises(InvalidInputError, match="n_customers"):
        m.simulate(6)
    with pytest.raises(InvalidInputError, match="rng"):
        m.simulate(6, n_customers=3, rng="x")
    sbg = ShiftedBetaGeometric(params={"alpha": 0.704, "beta": 1.182})
    with pytest.raises(InvalidInputError, match="periods"):
        sbg.simulate(100, periods=0)
    with pytest.raises(InvalidInputError, match="n_customers"):
        sbg.simulate(-5, periods=3)


def test_bgbb_no_dropout_is_a_convergence_error() -> None:
    """Everybody transacting at the last opportunity: the drop-out probability collapses
    onto 0 and the error says so (issue 6: boundary fits explained)."""
    rng = np.random.default_rng(1)
    x = rng.integers(1, 7, 500)
    with pytest.raises(ConvergenceError, match="no customer appears to have dropped out") as info:
        BGBB.fit(x, np.full(500, 6), 6)
    assert set(info.value.last_estimate) == set(BGBB_DONATIONS)
