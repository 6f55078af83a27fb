"""Reference, property and bad-input tests of OC curves and average run lengths."""

from __future__ import annotations

import math
from typing import assert_type

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from opsmodels._typing import FloatArray
from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma import (
    arl_cusum,
    arl_ewma,
    arl_shewhart,
    oc_curve,
    oc_curve_c,
    oc_curve_p,
)

SHIFTS = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0]

# --- Shewhart ------------------------------------------------------------------------------


def test_shewhart_in_control_arl_and_montgomery_example() -> None:
    """Montgomery, Introduction to SQC, 7th ed., Ch. 6 (OC function of the X-bar chart): with
    3-sigma limits ARL0 = 1/0.0027 = 370; for n = 5 and a 1-sigma shift beta ~ 0.78 and
    ARL1 = 1/(1 - beta) ~ 4.5 (the book rounds Phi(0.76) to get 0.7764)."""
    assert arl_shewhart(0.0) == pytest.approx(1.0 / (2.0 * stats.norm.cdf(-3.0)), rel=1e-12)
    assert arl_shewhart(0.0) == pytest.approx(370.4, abs=0.05)
    assert oc_curve(1.0, 5) == pytest.approx(0.7764, abs=2e-3)
    assert arl_shewhart(1.0, 5) == pytest.approx(4.5, abs=0.01)
    assert oc_curve(0.0, 1, L=2.0) == pytest.approx(0.9545, abs=1e-4)


def test_shewhart_kinds() -> None:
    """Numeric in, same kind out; n broadcasts."""
    assert isinstance(oc_curve(1.0, 4), float)
    out = oc_curve(np.array([0.0, 1.0]), np.array([1, 4]))
    assert isinstance(out, np.ndarray)
    assert out[1] == pytest.approx(stats.norm.cdf(1.0) - stats.norm.cdf(-5.0))
    s = pd.Series([0.0, 1.0], index=["a", "b"])
    res = arl_shewhart(s, 4)
    assert isinstance(res, pd.Series)
    assert list(res.index) == ["a", "b"]
    assert arl_shewhart(40.0) == pytest.approx(1.0)
    assert arl_shewhart(0.0, L=40.0) == math.inf


# --- attribute OC curves -------------------------------------------------------------------


def test_p_chart_oc_montgomery() -> None:
    """Montgomery, 7th ed., Ch. 7 (OC function of the fraction nonconforming chart; the OC table
    for n = 50, LCL = 0.0303, UCL = 0.3697, Table 7.5): beta = P(D <= 18) - P(D <= 1)."""
    p = np.array([0.01, 0.03, 0.05, 0.10, 0.20, 0.30, 0.40, 0.50, 0.55])
    published = [0.0894, 0.4447, 0.7206, 0.9662, 0.9973, 0.8594, 0.3356, 0.0325, 0.0053]
    got = oc_curve_p(p, 50, lcl=0.0303, ucl=0.3697)
    np.testing.assert_allclose(got, published, atol=1e-4)


def test_c_chart_oc_definition() -> None:
    """Montgomery, 7th ed., Ch. 7, c chart with LCL = 6.48 and UCL = 33.22:
    beta = P(x <= 33 | c) - P(x <= 6 | c) for Poisson counts."""
    c = np.array([5.0, 20.0, 30.0])
    want = stats.poisson.cdf(33, c) - stats.poisson.cdf(6, c)
    np.testing.assert_allclose(oc_curve_c(c, lcl=6.48, ucl=33.22), want, rtol=1e-12)
    assert oc_curve_c(20.0, lcl=6.48, ucl=33.22) == pytest.approx(0.9971, abs=1e-4)
    # a count exactly on a limit is a signal; no lower limit when lcl <= 0
    assert oc_curve_c(3.0, lcl=0.0, ucl=10.0) == pytest.approx(
        stats.poisson.cdf(9, 3.0) - stats.poisson.cdf(0, 3.0)
    )
    assert oc_curve_c(3.0, lcl=-np.inf, ucl=10.0) == pytest.approx(stats.poisson.cdf(9, 3.0))


# --- EWMA ----------------------------------------------------------------------------------

# Montgomery, Introduction to SQC, 7th ed., Table 9.11 "ARLs for several EWMA control schemes"
# (adapted from Lucas and Saccucci, Technometrics 32(1), 1990, 1-12, Table 3), shifts SHIFTS.
LUCAS_SACCUCCI = {
    (0.40, 3.054): [500, 224, 71.2, 28.4, 14.3, 5.9, 3.5, 2.5, 2.0, 1.4],
    (0.25, 2.998): [500, 170, 48.2, 20.1, 11.1, 5.5, 3.6, 2.7, 2.3, 1.7],
    (0.20, 2.962): [500, 150, 41.8, 18.2, 10.5, 5.5, 3.7, 2.9, 2.4, 1.9],
    (0.10, 2.814): [500, 106, 31.3, 15.9, 10.3, 6.1, 4.4, 3.4, 2.9, 2.2],
    (0.05, 2.615): [500, 84.1, 28.8, 16.4, 11.4, 7.1, 5.2, 4.2, 3.5, 2.7],
}


@pytest.mark.parametrize(("lam", "L"), sorted(LUCAS_SACCUCCI))
@pytest.mark.parametrize("method", ["integral", "markov"])
def test_ewma_lucas_saccucci(lam: float, L: float, method: str) -> None:
    """Lucas & Saccucci (1990) Table 3 via Montgomery 7th ed. Table 9.11: the in-control ARL is
    500 (the L values are rounded to 3 decimals: +-0.5 %) and the shifted ARLs match to the
    table's last digit."""
    got = arl_ewma(np.array(SHIFTS), lam=lam, L=L, method=method)  # type: ignore[arg-type]
    published = np.array(LUCAS_SACCUCCI[(lam, L)], dtype=float)
    assert got[0] == pytest.approx(500.0, rel=5e-3)
    # a unit in the last published digit (3 significant digits), or 0.2 % (the published
    # values come from a Markov-chain approximation)
    unit = np.where(published[1:] >= 100, 1.0, np.where(published[1:] >= 10, 0.1, 0.051))
    tol = np.maximum(unit, 2e-3 * published[1:])
    assert np.all(np.abs(got[1:] - published[1:]) <= tol), (got, published)


def test_ewma_lambda_one_is_shewhart() -> None:
    """With lambda = 1 the EWMA is the individuals chart: ARL = 1/(1 - beta)."""
    shifts = np.array([0.0, 0.5, 1.0, 2.0])
    np.testing.assert_allclose(arl_ewma(shifts, lam=1.0, L=3.0), arl_shewhart(shifts), rtol=1e-8)


def test_ewma_methods_agree_and_converge() -> None:
    """The Markov chain (Lucas-Saccucci) approaches the integral equation (Crowder) as the
    number of states grows; the quadrature has converged at the default."""
    exact = arl_ewma(0.0, lam=0.1, L=2.814)
    assert arl_ewma(0.0, lam=0.1, L=2.814, nodes=200) == pytest.approx(exact, rel=1e-9)
    errors = [
        abs(arl_ewma(0.0, lam=0.1, L=2.814, method="markov", nodes=m) - exact) for m in (101, 401)
    ]
    assert errors[1] < errors[0] / 8
    assert errors[1] / exact < 1e-3
    # small lambda: the default node count adapts
    small = arl_ewma(0.0, lam=0.005, L=2.5)
    assert small == pytest.approx(arl_ewma(0.0, lam=0.005, L=2.5, nodes=600), rel=1e-8)


# --- CUSUM ---------------------------------------------------------------------------------

# Montgomery, Introduction to SQC, 7th ed., Table 9.3 "ARL performance of the tabular cusum
# with k = 1/2 and h = 4 or h = 5" (two-sided), shifts SHIFTS.
MONTGOMERY_9_3 = {
    4.0: [168, 74.2, 26.6, 13.3, 8.38, 4.75, 3.34, 2.62, 2.19, 1.71],
    5.0: [465, 139, 38.0, 17.0, 10.4, 5.75, 4.01, 3.11, 2.57, 2.01],
}


@pytest.mark.parametrize("h", sorted(MONTGOMERY_9_3))
@pytest.mark.parametrize("method", ["integral", "markov"])
def test_cusum_montgomery_table_9_3(h: float, method: str) -> None:
    """Montgomery 7th ed. Table 9.3 (k = 0.5; h = 4: ARL0 = 168, ARL(1) = 8.38; h = 5:
    ARL0 = 465, ARL(1) = 10.4), to 3 significant digits."""
    got = arl_cusum(np.array(SHIFTS), k=0.5, h=h, method=method)  # type: ignore[arg-type]
    published = np.array(MONTGOMERY_9_3[h])
    np.testing.assert_allclose(got, published, rtol=5.1e-3)


def test_cusum_siegmund_montgomery() -> None:
    """Montgomery 7th ed. Section 9.1 (Siegmund's approximation, k = 0.5, h = 5): one-sided
    ARL0 = 938.2 and two-sided ARL0 = 469.1; for k = 0.5, h = 4 two-sided ARL0 ~ 168."""
    assert arl_cusum(0.0, k=0.5, h=5, method="siegmund", sides="upper") == pytest.approx(
        938.2, abs=0.05
    )
    assert arl_cusum(0.0, k=0.5, h=5, method="siegmund") == pytest.approx(469.1, abs=0.05)
    assert arl_cusum(0.0, k=0.5, h=4, method="siegmund") == pytest.approx(169.0, abs=0.1)
    # drift exactly zero: b^2
    assert arl_cusum(0.5, k=0.5, h=4, method="siegmund", sides="upper") == pytest.approx(
        (4 + 1.166) ** 2
    )


def test_cusum_head_start_lucas_crosier() -> None:
    """Montgomery, Introduction to SQC, 7th ed., Section 9.1 (ARLs of modified CUSUMs with
    k = 1/2, h = 5: the basic CUSUM and the CUSUM with a 50 % head start, from Lucas &
    Crosier, Technometrics 24(3), 1982): FIR column 430, 122, 28.7, 11.2, 6.35, 3.37, 2.36,
    1.86, 1.54, 1.16. The Brook-Evans chain agrees with the integral equation."""
    published = [430, 122, 28.7, 11.2, 6.35, 3.37, 2.36, 1.86, 1.54, 1.16]
    fir = arl_cusum(np.array(SHIFTS), k=0.5, h=5, head_start=2.5)
    np.testing.assert_allclose(fir, published, rtol=5.1e-3)
    chain = arl_cusum(np.array(SHIFTS), k=0.5, h=5, head_start=2.5, method="markov", nodes=800)
    np.testing.assert_allclose(fir, chain, rtol=2e-3)
    assert np.all(fir < arl_cusum(np.array(SHIFTS), k=0.5, h=5))


def test_cusum_one_sided_relations() -> None:
    """The lower sum with shift d is the upper sum with shift -d; two-sided combines them."""
    up = arl_cusum(1.0, k=0.5, h=4, sides="upper")
    low = arl_cusum(1.0, k=0.5, h=4, sides="lower")
    assert low == pytest.approx(arl_cusum(-1.0, k=0.5, h=4, sides="upper"))
    assert arl_cusum(1.0, k=0.5, h=4) == pytest.approx(1 / (1 / up + 1 / low))


def test_cusum_monte_carlo() -> None:
    """A short simulation of the one-sided CUSUM (k = 0.5, h = 2, shift 0.5) agrees with the
    integral equation within Monte Carlo error."""
    rng = np.random.default_rng(7)
    reps, steps = 4000, 200
    x = rng.normal(0.5, 1.0, size=(reps, steps))
    c = np.zeros(reps)
    run = np.full(reps, steps + 1)
    for t in range(steps):  # loop over time, vectorized over replications (test only)
        c = np.maximum(0.0, c + x[:, t] - 0.5)
        run = np.where((c > 2.0) & (run > steps), t + 1, run)
    assert np.all(run <= steps)
    want = arl_cusum(0.5, k=0.5, h=2.0, sides="upper")
    se = run.std() / np.sqrt(reps)
    assert abs(run.mean() - want) < 4 * se


# --- properties ----------------------------------------------------------------------------

shift_st = st.floats(-4, 4, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(a=shift_st, b=shift_st, n=st.integers(1, 30), L=st.floats(1.0, 4.0))
def test_shewhart_laws(a: float, b: float, n: int, L: float) -> None:
    """OC in [0, 1], symmetric in the shift, ARL >= 1 and not increasing in |shift|."""
    beta = oc_curve(np.array([a, b]), n, L=L)
    assert np.all((beta >= 0) & (beta <= 1))
    assert oc_curve(-a, n, L=L) == pytest.approx(oc_curve(a, n, L=L), abs=1e-15)
    lo, hi = sorted([abs(a), abs(b)])
    assert arl_shewhart(hi, n, L=L) <= arl_shewhart(lo, n, L=L) * (1 + 1e-12)
    assert arl_shewhart(a, n, L=L) >= 1.0


@settings(max_examples=25, deadline=None)
@given(a=shift_st, b=shift_st, lam=st.floats(0.05, 1.0), L=st.floats(2.0, 3.2))
def test_ewma_laws(a: float, b: float, lam: float, L: float) -> None:
    """EWMA ARL is symmetric, >= 1 and not increasing in |shift|."""
    lo, hi = sorted([abs(a), abs(b)])
    got = arl_ewma(np.array([lo, hi, -lo]), lam=lam, L=L, nodes=48)
    assert got[1] <= got[0] * (1 + 1e-9)
    assert got[2] == pytest.approx(got[0], rel=1e-12)
    assert np.all(got >= 1.0)


@settings(max_examples=25, deadline=None)
@given(
    a=shift_st,
    b=shift_st,
    k=st.floats(0.25, 1.0),
    h=st.floats(1.0, 6.0),
    method=st.sampled_from(["integral", "siegmund"]),
)
def test_cusum_laws(a: float, b: float, k: float, h: float, method: str) -> None:
    """Two-sided CUSUM ARL is symmetric, >= 1 and not increasing in |shift|; the upper
    one-sided ARL is not increasing in the shift."""
    lo, hi = sorted([abs(a), abs(b)])
    got = arl_cusum(np.array([lo, hi, -lo]), k=k, h=h, method=method, nodes=32)  # type: ignore[arg-type]
    assert got[1] <= got[0] * (1 + 1e-9)
    assert got[2] == pytest.approx(got[0], rel=1e-9)
    assert np.all(got >= 1.0)
    up = arl_cusum(np.array(sorted([a, b])), k=k, h=h, sides="upper", nodes=32)
    assert up[1] <= up[0] * (1 + 1e-9)
    assert np.all(up >= 1.0)


def test_huge_arl_is_inf() -> None:
    """A one-sided ARL too large for the linear solve is reported as inf, never garbage."""
    assert arl_cusum(-4.0, k=1.0, h=6.0, sides="upper") == math.inf
    assert arl_cusum(-4.0, k=1.0, h=6.0) == pytest.approx(
        arl_cusum(4.0, k=1.0, h=6.0, sides="upper")
    )
    assert arl_ewma(0.0, lam=0.2, L=9.0) == math.inf


@settings(max_examples=50, deadline=None)
@given(p=st.floats(0, 1), n=st.integers(1, 200), c=st.floats(0, 100))
def test_attribute_oc_in_unit_interval(p: float, n: int, c: float) -> None:
    assert 0.0 <= oc_curve_p(p, n, lcl=0.01, ucl=0.3) <= 1.0
    assert 0.0 <= oc_curve_c(c, lcl=2.0, ucl=20.0) <= 1.0


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: oc_curve(np.nan, 5), "shift"),
        (lambda: oc_curve(1.0, 0), "n"),
        (lambda: oc_curve(1.0, 2.5), "n"),
        (lambda: oc_curve(1.0, 5, L=0.0), "L"),
        (lambda: oc_curve([1.0, 2.0], [1, 2, 3]), "n"),
        (lambda: arl_shewhart(np.inf), "shift"),
        (lambda: arl_shewhart(1.0, -1), "n"),
        (lambda: oc_curve_p(1.5, 10, lcl=0.0, ucl=0.5), "p"),
        (lambda: oc_curve_p(0.5, 0, lcl=0.0, ucl=0.5), "n"),
        (lambda: oc_curve_p(0.5, 10, lcl=0.6, ucl=0.5), "lcl"),
        (lambda: oc_curve_c(-1.0, lcl=0.0, ucl=5.0), "c"),
        (lambda: oc_curve_c(1.0, lcl=0.0, ucl=np.nan), "ucl"),
        (lambda: arl_ewma(1.0, lam=0.0, L=3.0), "lam"),
        (lambda: arl_ewma(1.0, lam=1.5, L=3.0), "lam"),
        (lambda: arl_ewma(1.0, lam=0.2, L=-1.0), "L"),
        (lambda: arl_ewma(1.0, lam=0.2, L=3.0, method="simulation"), "method"),
        (lambda: arl_ewma(1.0, lam=0.2, L=3.0, nodes=3), "nodes"),
        (lambda: arl_ewma([1.0, np.nan], lam=0.2, L=3.0), "shift"),
        (lambda: arl_cusum(1.0, k=-0.5, h=4.0), "k"),
        (lambda: arl_cusum(1.0, k=0.5, h=0.0), "h"),
        (lambda: arl_cusum(1.0, k=0.5, h=4.0, head_start=4.0), "head_start"),
        (lambda: arl_cusum(1.0, k=0.5, h=4.0, head_start=-1.0), "head_start"),
        (lambda: arl_cusum(1.0, k=0.5, h=4.0, head_start=2.0, method="siegmund"), "head_start"),
        (lambda: arl_cusum(1.0, k=0.5, h=4.0, method="exact"), "method"),
        (lambda: arl_cusum(1.0, k=0.5, h=4.0, sides="both"), "sides"),
        (lambda: arl_cusum(1.0, k=0.5, h=4.0, nodes=2.5), "nodes"),
        (lambda: arl_cusum("x", k=0.5, h=4.0), "shift"),
    ],
)
def test_bad_input(call: object, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"'{name}'"):
        call()  # type: ignore[operator]


# --- Types: numeric in, same kind out ----------------------------------------------------------


def test_kind_out_matches_the_overloads() -> None:
    """Each call returns the kind its overload declares (``assert_type`` states the static
    type mypy infers for a user; the ``isinstance`` checks hold the runtime to it)."""
    series = pd.Series([0.0, 1.0], index=["a", "b"])
    array = np.array([0.0, 1.0])
    scalar = arl_shewhart(1.0, 5)
    assert_type(scalar, float)
    assert isinstance(scalar, float)
    assert isinstance(assert_type(arl_shewhart(array, 5), FloatArray), np.ndarray)
    assert isinstance(assert_type(arl_shewhart(series), "pd.Series[float]"), pd.Series)
    by_size = assert_type(oc_curve(1.0, pd.Series([2, 5])), "pd.Series[float]")
    assert isinstance(by_size, pd.Series)
    assert isinstance(assert_type(oc_curve(1.0, np.array([2, 5])), FloatArray), np.ndarray)
    assert isinstance(assert_type(oc_curve(1.0, 5), float), float)
    assert isinstance(assert_type(oc_curve_p(0.1, 50, lcl=0.0, ucl=0.3), float), float)
    assert isinstance(
        assert_type(oc_curve_p(series / 10, 50, lcl=0.0, ucl=0.3), "pd.Series[float]"), pd.Series
    )
    assert isinstance(
        assert_type(oc_curve_c([5.0, 9.0], lcl=1.0, ucl=20.0), FloatArray), np.ndarray
    )
    assert isinstance(assert_type(oc_curve_c(5.0, lcl=1.0, ucl=20.0), float), float)
    assert isinstance(assert_type(arl_ewma(0.5, lam=0.1, L=2.8, nodes=None), float), float)
    assert isinstance(assert_type(arl_ewma(series, lam=0.1, L=2.8), "pd.Series[float]"), pd.Series)
    assert isinstance(assert_type(arl_cusum(array, k=0.5, h=5.0), FloatArray), np.ndarray)
    assert isinstance(assert_type(arl_cusum(1.0, k=0.5, h=5.0), float), float)
