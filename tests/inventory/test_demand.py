"""Demand models: loss functions, quantiles, lead-time demand, broadcasting and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import (
    Discrete,
    Empirical,
    Gamma,
    NegativeBinomial,
    Normal,
    Poisson,
    as_demand,
)

FAST = settings(max_examples=40, deadline=None)


def _brute_loss(values: np.ndarray, pmf: np.ndarray, x: float) -> tuple[float, float]:
    """E[(D-x)^+] and 1/2 E[(D-x)^+ (D-x-1)^+] by direct summation over a pmf table."""
    over = np.maximum(values - x, 0.0)
    return float(np.sum(pmf * over)), float(0.5 * np.sum(pmf * over * np.maximum(over - 1, 0)))


# --- reference values ----------------------------------------------------------------------


def test_standard_normal_loss_table() -> None:
    """Standard normal loss L(z) = phi(z) - z(1 - Phi(z)) at z = 0, 0.5, 1, 1.5, 2:
    0.3989, 0.1978, 0.0833, 0.0293, 0.0085 (S. Nahmias, *Production and Operations Analysis*,
    6th ed., McGraw-Hill, 2009, Table A-4; the same values in Snyder & Shen, *Fundamentals of
    Supply Chain Theory*, 2nd ed., 2019, Table C.1)."""
    d = Normal(0.0, 1.0)
    got = d.loss(np.array([0.0, 0.5, 1.0, 1.5, 2.0]))
    np.testing.assert_allclose(got, [0.3989, 0.1978, 0.0833, 0.0293, 0.0085], atol=6e-5)
    # sigma scales the loss: n(x) = sigma L((x - mu)/sigma)
    assert Normal(50.0, 8.0).loss(58.0) == pytest.approx(8.0 * 0.08332, abs=1e-4)


def test_normal_second_order_loss_matches_integral() -> None:
    """n2(x) = int_x^inf n(y) dy = E[((D-x)^+)^2]/2, checked by quadrature."""
    d = Normal(50.0, 8.0)
    from scipy import integrate

    for x in (30.0, 50.0, 62.0):
        ref = integrate.quad(lambda y: d.loss(y), x, np.inf)[0]
        assert d.loss2(x) == pytest.approx(ref, rel=1e-7)


@pytest.mark.parametrize("x", [0, 3, 10, 49, 50, 56, 70, 10.5])
def test_poisson_loss_closed_forms_match_pmf_sums(x: float) -> None:
    """Poisson loss functions (Zipkin, *Foundations of Inventory Management*, 2000, §6.2 and
    App. C) against direct summation of the pmf (lambda = 50)."""
    values = np.arange(0, 400.0)
    n1, n2 = _brute_loss(values, stats.poisson(50).pmf(values), x)
    d = Poisson(50.0)
    assert d.loss(x) == pytest.approx(n1, rel=1e-10, abs=1e-12)
    if float(x).is_integer():
        assert d.loss2(x) == pytest.approx(n2, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("x", [0, 3, 10, 17, 40])
def test_negative_binomial_matches_scipy(x: int) -> None:
    """NB(mean 10, sd 5) is scipy's nbinom(r = 100/15, p = 0.4): cdf, quantile and loss
    functions agree with scipy and with pmf sums."""
    ref = stats.nbinom(100 / 15, 0.4)
    d = NegativeBinomial(10.0, 5.0)
    assert d.cdf(x) == pytest.approx(ref.cdf(x), rel=1e-12)
    values = np.arange(0, 600.0)
    n1, n2 = _brute_loss(values, ref.pmf(values), x)
    assert d.loss(x) == pytest.approx(n1, rel=1e-9)
    assert d.loss2(x) == pytest.approx(n2, rel=1e-9)
    q = np.array([0.01, 0.3, 0.5, 0.9, 0.999])
    np.testing.assert_array_equal(d.ppf(q), ref.ppf(q))


@pytest.mark.parametrize("x", [-1.0, 0.0, 5.0, 20.0])
def test_gamma_loss_matches_quadrature(x: float) -> None:
    from scipy import integrate

    ref = stats.gamma(4.0, scale=2.5)  # mean 10, sd 5
    d = Gamma(10.0, 5.0)
    n1 = integrate.quad(lambda y: max(y - x, 0.0) * ref.pdf(y), 0, np.inf)[0]
    n2 = integrate.quad(lambda y: 0.5 * max(y - x, 0.0) ** 2 * ref.pdf(y), 0, np.inf)[0]
    assert d.loss(x) == pytest.approx(n1, rel=1e-8)
    assert d.loss2(x) == pytest.approx(n2, rel=1e-8)
    assert d.cdf(x) == pytest.approx(ref.cdf(x), abs=1e-14)
    assert d.ppf(0.9) == pytest.approx(ref.ppf(0.9), rel=1e-10)


def test_discrete_tables() -> None:
    """Hand-computed: D in {0,1,2,3} w.p. 0.1,0.2,0.3,0.4: E[D] = 2, n(1) = 0.3*1 + 0.4*2 =
    1.1, n2(1) = 0.5*0.4*2*1 = 0.4, F(1.5) = 0.3."""
    d = Discrete([3, 0, 2, 1], [0.4, 0.1, 0.3, 0.2])  # unsorted input
    assert d.mean == pytest.approx(2.0)
    assert d.variance == pytest.approx(1.0)
    assert d.loss(1.0) == pytest.approx(1.1)
    assert d.loss2(1.0) == pytest.approx(0.4)
    assert d.cdf(1.5) == pytest.approx(0.3)
    assert d.leftover(1.0) == pytest.approx(0.1)
    np.testing.assert_array_equal(d.ppf([0.05, 0.1, 0.3, 0.31, 1.0]), [0, 0, 1, 2, 3])


def test_discrete_per_sku_rows_and_shared_values() -> None:
    d = Discrete([[0, 1], [3, 5]], [[0.5, 0.5], [0.2, 0.8]])
    np.testing.assert_allclose(d.mean, [0.5, 4.6])
    np.testing.assert_allclose(d.cdf([[0.5], [4.0]]), [[0.5, 0.0], [1.0, 0.2]])
    shared = Discrete([0, 1], [[0.5, 0.5], [0.2, 0.8]])
    np.testing.assert_array_equal(shared.ppf(0.5), [0.0, 1.0])


def test_empirical_with_missing_values() -> None:
    e = Empirical([[1, 2, np.nan], [4, 4, 5]], nan_policy="omit")
    np.testing.assert_allclose(e.mean, [1.5, 13 / 3])
    np.testing.assert_array_equal(e.ppf(0.5), [1.0, 4.0])
    with pytest.raises(InvalidInputError, match="history"):
        Empirical([1.0, np.nan])


def test_scipy_distributions_are_wrapped() -> None:
    normal = as_demand(stats.norm(50, 8))
    assert normal.loss(56.6) == pytest.approx(Normal(50.0, 8.0).loss(56.6), rel=1e-8)
    assert normal.loss2(40.0) == pytest.approx(Normal(50.0, 8.0).loss2(40.0), rel=1e-7)
    pois = as_demand(stats.poisson(6))
    np.testing.assert_array_equal(pois.ppf([0.2, 0.8]), Poisson(6.0).ppf([0.2, 0.8]))
    assert pois.loss(5) == pytest.approx(Poisson(6.0).loss(5), rel=1e-12)


# --- lead-time demand ---------------------------------------------------------------------


def test_over_fixed_periods_keeps_the_family() -> None:
    assert Normal(10.0, 3.0).over(4).std == pytest.approx(6.0)
    assert isinstance(Poisson(2.0).over(3), Poisson)
    assert Poisson(2.0).over(3).mean == pytest.approx(6.0)
    nb = NegativeBinomial(10.0, 5.0).over(2)
    assert (nb.mean, nb.variance) == pytest.approx((20.0, 50.0))
    g = Gamma(10.0, 5.0).over(np.array([1.0, 4.0]))
    np.testing.assert_allclose(g.std, [5.0, 10.0])


def test_discrete_convolution_matches_poisson() -> None:
    """A tabulated Poisson(2) summed over 3 periods equals Poisson(6)."""
    values = np.arange(0, 40.0)
    table = stats.poisson(2).pmf(values)
    d = Discrete(values, table / table.sum()).over(3)
    x = np.arange(0, 20.0)
    np.testing.assert_allclose(d.cdf(x), stats.poisson(6).cdf(x), atol=1e-12)
    np.testing.assert_allclose(d.loss(x), Poisson(6.0).loss(x), atol=1e-10)


def test_random_lead_time_exact_compounding_and_moments() -> None:
    """Poisson(2) demand over a lead time of 1 or 2 periods (equally likely): the exact
    compound pmf is 0.5 Poisson(2) + 0.5 Poisson(4); its moments are the moment formula's
    mean mu_D mu_L = 3 and variance mu_L sigma_D^2 + mu_D^2 sigma_L^2 = 3 + 1 = 4
    (Silver, Pyke & Peterson, 3rd ed., 1998, eq. 7.33 / Snyder & Shen, 2nd ed., §4.4.3)."""
    ltd = Poisson(2.0).over(Discrete([1, 2], [0.5, 0.5]))
    assert ltd.mean == pytest.approx(3.0, abs=1e-9)
    assert ltd.variance == pytest.approx(4.0, abs=1e-8)
    x = np.arange(0, 15.0)
    mix = 0.5 * stats.poisson(2).cdf(x) + 0.5 * stats.poisson(4).cdf(x)
    np.testing.assert_allclose(ltd.cdf(x), mix, atol=1e-12)
    approx = Normal(10.0, 3.0).over(Gamma(4.0, 1.0))
    assert approx.std == pytest.approx(np.sqrt(4 * 9 + 100 * 1))
    moments = Poisson(2.0).over(Discrete([1, 2], [0.5, 0.5]), method="moments")
    assert isinstance(moments, Normal)
    assert moments.std == pytest.approx(2.0)


# --- laws ---------------------------------------------------------------------------------


@FAST
@given(
    mean=st.floats(0.5, 200.0),
    ratio=st.floats(1.05, 4.0),
    x=st.lists(st.floats(-10.0, 400.0), min_size=2, max_size=8),
)
def test_loss_functions_nonnegative_decreasing_convex(
    mean: float, ratio: float, x: list[float]
) -> None:
    xs = np.sort(np.array(x))
    std = np.sqrt(mean * ratio)
    for model in (
        Normal(mean, std),
        Gamma(mean, std),
        Poisson(mean),
        NegativeBinomial(mean, std),
    ):
        n1 = model.loss(xs)
        n2 = model.loss2(np.floor(xs))
        assert np.all(n1 >= 0)
        assert np.all(n2 >= 0)
        assert np.all(np.diff(n1) <= 1e-9 * (1 + n1[:-1]))
        assert np.all(np.diff(n2) <= 1e-9 * (1 + n2[:-1]))
        # leftover - loss = x - mean (both sides are E[(x-D)^+] - E[(D-x)^+])
        gap = np.abs(model.leftover(xs) - n1 - (xs - mean))
        assert np.all(gap <= 1e-7 * (1 + mean + np.abs(xs)))


@FAST
@given(mean=st.floats(0.0, 500.0), q=st.lists(st.floats(0.0, 0.9999999), min_size=1, max_size=8))
def test_poisson_ppf_is_the_smallest_integer_reaching_q(mean: float, q: list[float]) -> None:
    qs = np.array(q)
    k = Poisson(mean).ppf(qs)
    assert np.all(Poisson(mean).cdf(k) >= qs * (1 - 1e-12))
    assert np.all((k == 0) | (Poisson(mean).cdf(k - 1) < qs))
    np.testing.assert_array_equal(k, stats.poisson(mean).ppf(qs).clip(0))


@FAST
@given(means=st.lists(st.floats(0.1, 300.0), min_size=1, max_size=6), q=st.floats(0.01, 0.999))
def test_vector_call_equals_loop_of_scalar_calls(means: list[float], q: float) -> None:
    m = np.array(means)
    for make in (lambda mu: Poisson(mu), lambda mu: Normal(mu, 0.3 * mu + 1)):
        vector = make(m)
        np.testing.assert_array_equal(vector.ppf(q), [make(mu).ppf(q) for mu in means])
        np.testing.assert_allclose(
            vector.loss(m), [make(mu).loss(mu) for mu in means], rtol=1e-13, atol=1e-13
        )


@FAST
@given(
    probs=st.lists(st.floats(0.01, 1.0), min_size=1, max_size=6),
    q=st.floats(0.0, 1.0),
)
def test_discrete_ppf_critical_fractile(probs: list[float], q: float) -> None:
    p = np.array(probs) / np.sum(probs)
    values = np.arange(len(p), dtype=float) * 2.0
    d = Discrete(values, p)
    v = d.ppf(q)
    assert d.cdf(v) >= q * (1 - 1e-12)
    below = values[values < v]
    if below.size:
        assert d.cdf(below[-1]) < q


# --- bad input ----------------------------------------------------------------------------


def test_bad_parameters_raise() -> None:
    with pytest.raises(InvalidInputError, match="'std'"):
        Normal(10.0, -1.0)
    with pytest.raises(InvalidInputError, match="'mean'"):
        Poisson(np.inf)
    with pytest.raises(InvalidInputError, match="'mean'"):
        Normal(np.inf, 1.0)
    with pytest.raises(InvalidInputError, match="'mean'"):
        Poisson(-1.0)
    with pytest.raises(InvalidInputError, match="std\\*\\*2 > mean"):
        NegativeBinomial(10.0, 3.0)
    with pytest.raises(InvalidInputError, match="'mean'"):
        Gamma(0.0, 1.0)
    with pytest.raises(InvalidInputError, match="summing to 1"):
        Discrete([0, 1], [0.5, 0.6])
    with pytest.raises(InvalidInputError, match="'values'"):
        Discrete([-1, 1], [0.5, 0.5])
    with pytest.raises(InvalidInputError, match="'probabilities'"):
        Discrete([0, 1, 2], [0.5, 0.5])
    with pytest.raises(InvalidInputError, match="'history'"):
        Empirical([3.0, -2.0])
    with pytest.raises(InvalidInputError, match="broadcast"):
        Normal([1.0, 2.0, 3.0], [1.0, 2.0])


def test_bad_evaluation_arguments_raise() -> None:
    d = Normal([1.0, 2.0, 3.0], 1.0)
    with pytest.raises(InvalidInputError, match="'x'"):
        d.cdf([1.0, 2.0])
    with pytest.raises(InvalidInputError, match="'q'"):
        d.ppf(1.5)
    with pytest.raises(InvalidInputError, match="'x'"):
        d.loss(np.nan)
    with pytest.raises(InvalidInputError, match="'periods'"):
        d.over(0)
    with pytest.raises(InvalidInputError, match="'periods'"):
        Discrete([0, 1], [0.5, 0.5]).over(1.5)
    with pytest.raises(InvalidInputError, match="'periods'"):
        Discrete([0.5, 1], [0.5, 0.5]).over(2)
    with pytest.raises(InvalidInputError, match="'method'"):
        d.over(2, method="exact")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'demand'"):
        as_demand([1, 2, 3])
    with pytest.raises(InvalidInputError, match="scalar parameters"):
        as_demand(stats.norm([1, 2], 1))
    with pytest.raises(InvalidInputError, match="finite mean"):
        as_demand(stats.pareto(0.5))


def test_quantiles_of_many_skus_sharing_means_use_tables() -> None:
    """60,000 SKUs with 50 distinct means (the cdf-table path) give scipy's quantiles,
    including probabilities so close to 1 that they fall beyond the tables."""
    rng = np.random.default_rng(5)
    means = rng.integers(1, 51, 60_000).astype(float)
    q = rng.uniform(0.0, 1.0, 60_000)
    q[:5] = [1 - 1e-13, 1 - 1e-11, 0.0, 1e-300, 0.5]
    np.testing.assert_array_equal(Poisson(means).ppf(q), stats.poisson(means).ppf(q).clip(0))
    std = np.sqrt(3 * means)
    r, p = means**2 / (std**2 - means), means / std**2
    got = NegativeBinomial(means[5:], std[5:]).ppf(q[5:])
    np.testing.assert_array_equal(got, stats.nbinom(r[5:], p[5:]).ppf(q[5:]))


def test_second_order_loss_of_non_integer_values_is_the_integral() -> None:
    """For values off the integer lattice n2(x) = int_x^inf n(y) dy = E[((D-x)^+)^2]/2."""
    from scipy import integrate

    d = Discrete([0.5, 2.25, 4.0], [0.3, 0.5, 0.2])
    for x in (0.0, 1.0, 3.0):
        ref = integrate.quad(lambda y: d.loss(y), x, 4.0, points=[0.5, 2.25])[0]
        assert d.loss2(x) == pytest.approx(ref, rel=1e-10)
