"""BG/NBD, Pareto/NBD and Gamma-Gamma: published CDNOW estimates, laws, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from opsmodels.errors import ConvergenceError, InvalidInputError
from opsmodels.segmentation import BGNBD, MBGNBD, GammaGamma, ParetoNBD

BG_CDNOW = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PNBD_CDNOW = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}


@pytest.fixture(scope="module")
def bgnbd_cdnow(cdnow_calibration: pd.DataFrame) -> BGNBD:
    return BGNBD.fit(cdnow_calibration)


@pytest.fixture(scope="module")
def pnbd_cdnow(cdnow_calibration: pd.DataFrame) -> ParetoNBD:
    return ParetoNBD.fit(cdnow_calibration)


def test_bgnbd_cdnow_estimates(bgnbd_cdnow: BGNBD) -> None:
    """Fader, Hardie & Lee (2005), "'Counting your customers' the easy way", Marketing
    Science 24(2), section 4: on CDNOW (2,357 customers, 39-week calibration, weeks)
    r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4 (3 decimals / 1 decimal)."""
    m = bgnbd_cdnow
    for name, value in BG_CDNOW.items():
        assert m.params[name] == pytest.approx(value, abs=6e-4), name
    assert m.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    assert m.n_customers == 2357
    assert m.standard_errors is not None
    assert all(0 < se < math.inf for se in m.standard_errors.values())


def test_bgnbd_conditional_expectation_published() -> None:
    """Fader, Hardie & Lee, "Implementing the BG/NBD model for customer base analysis in
    Excel" (brucehardie.com note 004): with the CDNOW estimates, a customer with x = 2,
    t_x = 30.43, T = 38.86 weeks is expected to make 1.226 purchases in the next 39 weeks."""
    m = BGNBD(params=BG_CDNOW)
    assert m.conditional_expected_purchases(39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=5e-4)


def test_pareto_nbd_cdnow_estimates(pnbd_cdnow: ParetoNBD) -> None:
    """Fader, Hardie & Lee (2005), Marketing Science 24(2): Pareto/NBD on CDNOW gives
    r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669, LL = -9595.0. The likelihood is
    flat in beta (FIELD_NOTES), so beta is tested loosely and LL tightly."""
    m = pnbd_cdnow
    assert m.log_likelihood == pytest.approx(-9595.0, abs=0.05)
    assert m.params["r"] == pytest.approx(0.553, abs=2e-3)
    assert m.params["alpha"] == pytest.approx(10.578, abs=0.02)
    assert m.params["s"] == pytest.approx(0.606, abs=2e-3)
    assert m.params["beta"] == pytest.approx(11.669, rel=0.05)
    assert m.standard_errors is not None
    assert m.standard_errors["beta"] > m.standard_errors["alpha"]  # the flat direction


def test_gamma_gamma_cdnow_estimates(cdnow_calibration: pd.DataFrame) -> None:
    """Fader & Hardie, "The Gamma-Gamma model of monetary value" (2013, brucehardie.com
    note 025; model of Fader, Hardie & Lee 2005, JMR 42(4)): on the 946 CDNOW repeat
    customers p = 6.25, q = 3.74, gamma = 15.44."""
    m = GammaGamma.fit(cdnow_calibration)
    assert m.n_customers == 946
    assert m.params["p"] == pytest.approx(6.25, abs=0.006)
    assert m.params["q"] == pytest.approx(3.74, abs=0.006)
    assert m.params["gamma"] == pytest.approx(15.44, abs=0.006)
    spend = m.conditional_expected_spend(
        cdnow_calibration["frequency"], cdnow_calibration["monetary_value"]
    )
    assert isinstance(spend, pd.Series)
    assert spend.index.equals(cdnow_calibration.index)
    assert spend[cdnow_calibration["frequency"] == 0].eq(m.expected_spend()).all()


def _pareto_ll_by_quadrature(params: dict[str, float], x: int, t_x: float, T: float) -> float:
    """Individual Pareto/NBD likelihood mixed over the two gamma laws numerically."""
    r, alpha, s, beta = params["r"], params["alpha"], params["s"], params["beta"]
    lam_max = stats.gamma(r, scale=1 / alpha).isf(1e-13)
    mu_max = stats.gamma(s, scale=1 / beta).isf(1e-13)

    def gamma_pdf(v: float, shape: float, rate: float) -> float:
        return math.exp(
            shape * math.log(rate) + (shape - 1) * math.log(v) - rate * v - math.lgamma(shape)
        )

    def integrand(mu: float, lam: float) -> float:
        rate = lam + mu
        individual = lam**x * math.exp(-rate * T) + lam**x * mu / rate * (
            math.exp(-rate * t_x) - math.exp(-rate * T)
        )
        return individual * gamma_pdf(lam, r, alpha) * gamma_pdf(mu, s, beta)

    value, _ = integrate.dblquad(integrand, 0, lam_max, 0, mu_max, epsabs=1e-14, epsrel=1e-10)
    return math.log(value)


@pytest.mark.parametrize(
    "params",
    [PNBD_CDNOW, {"r": 0.8, "alpha": 6.0, "s": 1.3, "beta": 2.0}],
    ids=["alpha<beta", "alpha>beta"],
)
def test_pareto_nbd_likelihood_against_quadrature(params: dict[str, float]) -> None:
    """The hypergeometric closed form (both branches) equals direct numerical mixing of
    the individual-level likelihood (Schmittlein, Morrison & Colombo 1987, eq. for L)."""
    m = ParetoNBD(params=params)
    for x, t_x, T in [(2, 30.43, 38.86), (0, 0.0, 20.0), (5, 10.0, 35.0)]:
        expected = _pareto_ll_by_quadrature(params, x, t_x, T)
        assert m.log_likelihood_of(x, t_x, T) == pytest.approx(expected, abs=1e-6)


MBG_CDNOW = {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}


def test_mbgnbd_cdnow_against_lifetimes(cdnow_calibration: pd.DataFrame) -> None:
    """MBG/NBD (Batislam, Denizel & Filiztekin 2007) has no published CDNOW estimates; this
    is a cross-check against a peer: lifetimes 0.11.3's ModifiedBetaGeoFitter on the same
    summary gives r = 0.525, alpha = 6.183, a = 0.891, b = 1.614,
    P(alive | x = 0, T = 38.86) = 0.3897 and E[X(39)] = 1.1823 (its log-likelihood is on a
    rescaled time axis, so it is not compared)."""
    m = MBGNBD.fit(cdnow_calibration)
    assert isinstance(m, MBGNBD)
    for name, value in MBG_CDNOW.items():
        assert m.params[name] == pytest.approx(value, abs=6e-4), name
    assert m.log_likelihood is not None
    assert m.log_likelihood > -9582.43  # one more free drop-out point than BG/NBD fits better
    assert m.p_alive(0, 0.0, 38.86) == pytest.approx(0.3897, abs=1e-4)
    assert m.expected_purchases(39.0) == pytest.approx(1.1823, abs=1e-4)


@pytest.mark.parametrize(
    "model", [BGNBD(params=BG_CDNOW), ParetoNBD(params=PNBD_CDNOW), MBGNBD(params=MBG_CDNOW)]
)
def test_probability_of_purchases_sums_to_expectation(model: BGNBD | ParetoNBD) -> None:
    """P(X(t) = x) is a distribution whose mean is E[X(t)]."""
    x = np.arange(5000)
    for t in (1.0, 39.0, 200.0):
        p = model.probability_of_purchases(x, t)
        assert p.sum() == pytest.approx(1.0, abs=1e-8)
        assert (x * p).sum() == pytest.approx(model.expected_purchases(t), rel=1e-6)


@pytest.mark.parametrize(
    "model", [BGNBD(params=BG_CDNOW), ParetoNBD(params=PNBD_CDNOW), MBGNBD(params=MBG_CDNOW)]
)
def test_simulation_matches_expectations(model: BGNBD | ParetoNBD) -> None:
    """The exact simulator's mean frequency matches E[X(T)] and its P(alive)-free moments."""
    sim = model.simulate(39.0, n_customers=100_000, rng=3)
    assert sim["frequency"].mean() == pytest.approx(model.expected_purchases(39.0), rel=0.02)
    assert (sim["recency"] <= sim["T"]).all()
    assert ((sim["frequency"] > 0) == (sim["recency"] > 0)).all()


def test_recovery_from_simulation() -> None:
    """Data simulated from known parameters recovers them (within sampling error)."""
    truth = BGNBD(params=BG_CDNOW)
    T = np.random.default_rng(0).uniform(20, 40, size=20_000)
    fitted = BGNBD.fit(truth.simulate(T, rng=11))
    assert fitted.standard_errors is not None
    for name, value in BG_CDNOW.items():
        assert abs(fitted.params[name] - value) < 4 * fitted.standard_errors[name], name


def test_bgnbd_closed_form_matches_quadrature() -> None:
    """The hypergeometric closed form of E[Y(t) | alive] equals direct integration over
    p ~ Beta(a, b + x), including where scipy's hyp2f1 fails (then quadrature is used)."""
    from opsmodels.segmentation._btyd import _beta_mean_of_drop, _bgnbd_mean

    rng = np.random.default_rng(0)
    for _ in range(100):
        r, alpha, a, b = rng.uniform(0.05, 20.0, 4)
        x = rng.integers(0, 300, 5).astype(float)
        T, t = rng.uniform(0.5, 100.0, 5), rng.uniform(0.1, 200.0, 5)
        closed = _bgnbd_mean(r, alpha, a, b, x, T, t)
        direct = _beta_mean_of_drop(a, b + x, t / (alpha + T), r + x)
        np.testing.assert_allclose(closed, direct, rtol=1e-9)
    m = BGNBD(params={"r": 1.0, "alpha": 1.0, "a": 0.5, "b": 0.5})  # a + b - 1 = 0
    assert m.expected_purchases(1.0) == pytest.approx(
        m.simulate(1.0, n_customers=100_000, rng=1)["frequency"].mean(), rel=0.02
    )
    m = BGNBD(params={"r": 0.5, "alpha": 0.5, "a": 0.5, "b": 2.0})  # hyp2f1 returns nan
    assert np.isfinite(m.conditional_expected_purchases(14.0, 102, 1.0, 1.0))


def test_hypergeometric_quadrature_matches_series() -> None:
    """log 2F1(1, m; c; z): the tanh-sinh quadrature used for z > 0.6 agrees with the
    series (used for z <= 0.6) and with a long series near z = 1."""
    from opsmodels.segmentation._btyd import _log_hyp2f1_unit, _log_hyp2f1_unit_quadrature

    rng = np.random.default_rng(0)
    m = rng.uniform(0.1, 300.0, 500)
    c = np.maximum(m + rng.uniform(0.05, 50.0, 500), 1.05)
    z = rng.uniform(0.0, 0.6, 500)
    series, _ = _log_hyp2f1_unit(m, c, z)
    np.testing.assert_allclose(_log_hyp2f1_unit_quadrature(m, c, z), series, atol=1e-12)
    term, total = 1.0, 1.0
    for k in range(100_000):  # m = 2, c = 105, z = 0.99 (scipy's hyp2f1 gives NaN here)
        term *= (2.0 + k) / (105.0 + k) * 0.99
        total += term
    quad = _log_hyp2f1_unit_quadrature(np.array([2.0]), np.array([105.0]), np.array([0.99]))
    assert quad[0] == pytest.approx(math.log(total), abs=1e-12)


def test_large_frequencies_stay_finite() -> None:
    """No overflow far above frequency 300 (FIELD_NOTES: lifetimes overflows there)."""
    x = np.array([300.0, 1000.0, 5000.0])
    for model in (BGNBD(params=BG_CDNOW), ParetoNBD(params=PNBD_CDNOW)):
        assert np.all(np.isfinite(model.log_likelihood_of(x, 38.0, 38.86)))
        alive = model.p_alive(x, 38.0, 38.86)
        assert np.all((alive >= 0) & (alive <= 1))
        assert np.all(np.isfinite(model.conditional_expected_purchases(39.0, x, 38.0, 38.86)))


def test_compression_and_weights_agree(cdnow_calibration: pd.DataFrame) -> None:
    """Fitting repeated rows equals fitting unique rows with counts."""
    s = cdnow_calibration
    counts = s.groupby(["frequency", "recency", "T"]).size().reset_index(name="n")
    weighted = BGNBD.fit(counts["frequency"], counts["recency"], counts["T"], weights=counts["n"])
    full = BGNBD.fit(s)
    assert weighted.log_likelihood == pytest.approx(full.log_likelihood, abs=1e-6)
    for name in BG_CDNOW:
        assert weighted.params[name] == pytest.approx(full.params[name], rel=1e-5)


def test_numeric_in_same_kind_out() -> None:
    m = BGNBD(params=BG_CDNOW)
    assert isinstance(m.p_alive(1, 2.0, 5.0), float)
    arr = m.p_alive(np.array([1, 2]), np.array([2.0, 3.0]), 5.0)
    assert isinstance(arr, np.ndarray)
    series = pd.Series([1, 2], index=["u", "v"])
    out = m.conditional_expected_purchases(
        10.0, series, pd.Series([2.0, 3.0], index=["u", "v"]), 5.0
    )
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["u", "v"]


_history = st.tuples(st.integers(0, 2000), st.floats(0.01, 1.0), st.floats(0.5, 500.0)).map(
    lambda h: (h[0], h[1] * h[2] if h[0] > 0 else 0.0, h[2])
)
_bg_params = st.fixed_dictionaries(
    {k: st.floats(0.05, 20.0) for k in ("r", "alpha", "a", "b")}
).filter(lambda p: abs(p["a"] - 1.0) > 1e-3)
_pn_params = st.fixed_dictionaries({k: st.floats(0.05, 20.0) for k in ("r", "alpha", "s", "beta")})


@settings(max_examples=50, deadline=None)
@given(params=_bg_params, history=_history, t=st.floats(0.1, 100.0))
def test_bgnbd_laws(params: dict[str, float], history: tuple[int, float, float], t: float) -> None:
    """P(alive) in [0, 1]; expectations nonnegative and increasing in t."""
    m = BGNBD(params=params)
    x, t_x, T = history
    alive = m.p_alive(x, t_x, T)
    assert 0.0 <= alive <= 1.0
    e1 = m.conditional_expected_purchases(t, x, t_x, T)
    e2 = m.conditional_expected_purchases(2 * t, x, t_x, T)
    assert 0.0 <= e1 <= e2 * (1 + 1e-9) + 1e-12
    assert 0.0 <= m.expected_purchases(t) <= m.expected_purchases(2 * t) * (1 + 1e-9) + 1e-12


@settings(max_examples=50, deadline=None)
@given(params=_pn_params, history=_history, t=st.floats(0.1, 100.0))
def test_pareto_nbd_laws(
    params: dict[str, float], history: tuple[int, float, float], t: float
) -> None:
    m = ParetoNBD(params=params)
    x, t_x, T = history
    alive = m.p_alive(x, t_x, T)
    assert 0.0 <= alive <= 1.0
    e1 = m.conditional_expected_purchases(t, x, t_x, T)
    e2 = m.conditional_expected_purchases(2 * t, x, t_x, T)
    assert 0.0 <= e1 <= e2 * (1 + 1e-9) + 1e-12
    assert 0.0 <= m.expected_purchases(t) <= m.expected_purchases(2 * t) * (1 + 1e-9) + 1e-12


def test_no_churn_is_a_convergence_error() -> None:
    """Everybody still buying at the end of the window: a and b run to 0 (DESIGN section 4)."""
    rng = np.random.default_rng(4)
    T = rng.uniform(30, 40, size=500)
    x = rng.poisson(3.0, size=500) + 1.0
    with pytest.raises(ConvergenceError, match="no customer appears to have churned") as info:
        BGNBD.fit(x, T, T)
    assert set(info.value.last_estimate) == {"r", "alpha", "a", "b"}


def test_gamma_gamma_without_heterogeneity_is_a_convergence_error() -> None:
    """Too few customers to see spend heterogeneity: q and gamma run to infinity."""
    with pytest.raises(ConvergenceError, match="no heterogeneity") as info:
        GammaGamma.fit([1, 2, 3, 1, 4, 2, 1, 5], [20.0, 35.5, 18.0, 60.0, 25.0, 41.0, 15.0, 30.0])
    assert set(info.value.last_estimate) == {"p", "q", "gamma"}


@pytest.mark.parametrize("model", [BGNBD, ParetoNBD])
@pytest.mark.parametrize(
    ("frequency", "recency", "T", "match"),
    [
        ([1, 0], [5.0, 0.0], [4.0, 3.0], "recency"),  # recency above T
        ([1, 2], [0.0, 1.0], [4.0, 3.0], "recency"),  # frequency > 0 with recency 0
        ([0, 2], [1.0, 1.0], [4.0, 3.0], "recency"),  # frequency 0 with recency > 0
        ([-1, 2], [0.0, 1.0], [4.0, 3.0], "frequency"),
        ([0.5, 2], [1.0, 1.0], [4.0, 3.0], "frequency"),
        ([0, 0], [0.0, 0.0], [4.0, 3.0], "frequency"),  # nobody repeats
        ([1, 2], [1.0, np.nan], [4.0, 3.0], "recency"),
        ([1, 2], [1.0, 1.0], [4.0], "recency"),
        ([1, 1, 1], [10.0, 10.0, 10.0], [20.0, 20.0, 20.0], "identical"),  # all identical
    ],
)
def test_fit_bad_histories(
    model: type[BGNBD] | type[ParetoNBD],
    frequency: list[float],
    recency: list[float],
    T: list[float],
    match: str,
) -> None:
    with pytest.raises(InvalidInputError, match=match):
        model.fit(frequency, recency, T)


def test_bad_params_and_arguments() -> None:
    with pytest.raises(InvalidInputError, match="params"):
        BGNBD(params={"r": 1.0, "alpha": 1.0, "a": 1.0})
    with pytest.raises(InvalidInputError, match="params"):
        ParetoNBD(params={"r": 1.0, "alpha": -1.0, "s": 1.0, "beta": 1.0})
    m = BGNBD(params=BG_CDNOW)
    with pytest.raises(InvalidInputError, match="'t'"):
        m.conditional_expected_purchases(-1.0, 1, 1.0, 2.0)
    with pytest.raises(InvalidInputError, match="'x'"):
        m.probability_of_purchases(1.5, 2.0)
    with pytest.raises(InvalidInputError, match="rng"):
        m.simulate(10.0, n_customers=5, rng="seed")
    with pytest.raises(InvalidInputError, match="weights"):
        BGNBD.fit([1, 0], [1.0, 0.0], [2.0, 2.0], weights=[1.0, -1.0])
    with pytest.raises(InvalidInputError, match="monetary_value"):
        GammaGamma.fit([1, 2], [10.0, 0.0])
    with pytest.raises(InvalidInputError, match="frequency"):
        GammaGamma.fit([0, 0], [0.0, 0.0])


def test_model_results_are_frozen_and_serialisable() -> None:
    m = GammaGamma(params={"p": 6.25, "q": 3.74, "gamma": 15.44})
    with pytest.raises(AttributeError):
        m.params = {}  # type: ignore[misc]
    assert m.to_dict()["params"] == {"p": 6.25, "q": 3.74, "gamma": 15.44}
    assert "GammaGamma" in m._repr_html_()


def test_gamma_gamma_simulation_recovers_parameters() -> None:
    """Mean spends drawn by the exact simulator recover p, q, gamma."""
    truth = GammaGamma(params={"p": 6.25, "q": 3.74, "gamma": 15.44})
    x = np.random.default_rng(0).integers(1, 10, size=20_000)
    sim = truth.simulate(x, rng=4)
    assert (sim["monetary_value"] > 0).all()
    fitted = GammaGamma.fit(sim)
    assert fitted.standard_errors is not None
    for name in ("p", "q", "gamma"):
        gap = abs(fitted.params[name] - truth.params[name])
        assert gap < 4 * fitted.standard_errors[name], name
    with_zero = truth.simulate(np.array([0, 2]), rng=1)
    assert with_zero["monetary_value"].iloc[0] == 0.0
    with pytest.raises(InvalidInputError, match="frequency"):
        truth.simulate([1.5, 2.0])
