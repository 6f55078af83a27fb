"""Tests of the control charts (opsmodels.sixsigma._charts*): references, laws, bad input."""

from __future__ import annotations

import contextlib
import inspect
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma import (
    ChartLimits,
    ControlChart,
    CusumChart,
    c_chart,
    control_constants,
    cusum_chart,
    ewma_chart,
    g_chart,
    imr_chart,
    laney_p_chart,
    laney_u_chart,
    np_chart,
    p_chart,
    t2_chart,
    u_chart,
    xbar_r_chart,
    xbar_s_chart,
)
from tests.sixsigma.reference_data import CIRCUIT, ORANGE_JUICE, PISTON, PISTON_NEW, TABLE_9_1

# ---------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------


def test_xbar_r_piston_rings_montgomery_example_6_1() -> None:
    """Montgomery, ISQC 7th ed., Example 6.1: x-double-bar 74.001, R-bar 0.023,
    X-bar limits 73.988 / 74.014, R chart 0 / 0.049 (3-decimal rounding). qcc's
    ``qcc(pistonrings[1:25], "xbar")`` (exact d2/d3) prints 74.00118, 73.98805, 74.01430 and
    R-bar 0.02276, UCL 0.04812."""
    chart = xbar_r_chart(PISTON)
    assert chart.xbar.center == pytest.approx(74.00118, abs=1e-5)
    assert chart.xbar.lcl == pytest.approx(73.98805, abs=2e-5)
    assert chart.xbar.ucl == pytest.approx(74.01430, abs=2e-5)
    assert chart.r.center == pytest.approx(0.02276, abs=1e-5)
    assert chart.r.ucl == pytest.approx(0.04812, abs=2e-5)
    assert chart.r.lcl == 0.0
    # the book's rounded figures
    assert chart.xbar.center == pytest.approx(74.001, abs=5e-4)
    assert chart.xbar.ucl == pytest.approx(74.014, abs=5e-4)
    assert chart.xbar.lcl == pytest.approx(73.988, abs=5e-4)
    assert chart.r.center == pytest.approx(0.023, abs=5e-4)
    assert len(chart.xbar.violations) == 0
    assert len(chart.r.violations) == 0
    assert chart.xbar.phase == "I"
    assert chart.xbar.excluded.size == 0


def test_xbar_r_phase_two_flags_montgomery_samples_37_to_39() -> None:
    """Montgomery, ISQC 7th ed., Section 6.2.1 (Table 6.4, Fig. 6.4): the Phase I limits of
    Example 6.1 applied to samples 26-40 put samples 37, 38 and 39 above the X-bar UCL."""
    phase1 = xbar_r_chart(PISTON)
    chart = xbar_r_chart(PISTON_NEW, limits=phase1.limits)
    assert chart.xbar.phase == "II"
    np.testing.assert_array_equal(chart.xbar.violations.points() + 26, [37, 38, 39])
    assert chart.xbar.ucl == phase1.xbar.ucl


def test_xbar_s_piston_rings_montgomery_example_6_3() -> None:
    """Montgomery, ISQC 7th ed., Example 6.3: s-bar 0.0094 (from s rounded to 4 decimals),
    X-bar limits 73.988 / 74.014, S chart UCL 0.0196, LCL 0."""
    chart = xbar_s_chart(PISTON)
    assert chart.s.center == pytest.approx(0.0094, abs=2e-4)
    assert chart.xbar.ucl == pytest.approx(74.014, abs=5e-4)
    assert chart.xbar.lcl == pytest.approx(73.988, abs=5e-4)
    assert chart.s.ucl == pytest.approx(0.0196, abs=4e-4)
    assert chart.s.lcl == 0.0
    k = control_constants(5)
    assert chart.s.ucl == pytest.approx(k.B4 * chart.s.center, rel=1e-12)
    assert chart.xbar.ucl - chart.xbar.center == pytest.approx(k.A3 * chart.s.center, rel=1e-12)


def test_p_chart_orange_juice_montgomery_example_7_1() -> None:
    """Montgomery, ISQC 7th ed., Example 7.1: p-bar 0.2313, UCL 0.4102, LCL 0.0524; samples
    15 and 23 above the UCL; without them p-bar 0.2150, UCL 0.3893, LCL 0.0407."""
    chart = p_chart(ORANGE_JUICE, 50)
    assert chart.center == pytest.approx(0.2313, abs=5e-5)
    assert chart.ucl == pytest.approx(0.4102, abs=5e-5)
    assert chart.lcl == pytest.approx(0.0524, abs=5e-5)
    np.testing.assert_array_equal(chart.violations.points() + 1, [15, 23])
    revised = p_chart(np.delete(ORANGE_JUICE, [14, 22]), 50)
    assert revised.center == pytest.approx(0.2150, abs=5e-5)
    assert revised.ucl == pytest.approx(0.3893, abs=5e-5)
    assert revised.lcl == pytest.approx(0.0407, abs=5e-5)


def test_np_chart_orange_juice() -> None:
    """Montgomery, ISQC 7th ed., Section 7.2.3: the np chart of Example 7.1 has center
    n p-bar = 11.57 and limits 2.62 / 20.51."""
    chart = np_chart(ORANGE_JUICE, 50)
    assert chart.center == pytest.approx(11.57, abs=5e-3)
    assert chart.ucl == pytest.approx(20.51, abs=5e-3)
    assert chart.lcl == pytest.approx(2.62, abs=5e-3)


def test_c_chart_circuit_boards_montgomery_example_7_3() -> None:
    """Montgomery, ISQC 7th ed., Example 7.3: c-bar 19.85, UCL 33.22, LCL 6.48; samples 6 and
    20 beyond; revised without them: c-bar 19.67, UCL 32.97, LCL 6.36."""
    chart = c_chart(CIRCUIT)
    assert chart.center == pytest.approx(19.85, abs=5e-3)
    assert chart.ucl == pytest.approx(33.22, abs=1e-2)  # the book rounds c-bar first
    assert chart.lcl == pytest.approx(6.48, abs=5e-3)
    np.testing.assert_array_equal(chart.violations.points() + 1, [6, 20])
    revised = c_chart(CIRCUIT, revise=True)
    np.testing.assert_array_equal(revised.excluded + 1, [6, 20])
    assert revised.center == pytest.approx(19.67, abs=5e-3)
    assert revised.ucl == pytest.approx(32.97, abs=5e-3)
    assert revised.lcl == pytest.approx(6.36, abs=5e-3)


def test_u_chart_stepped_limits_montgomery_example_7_5() -> None:
    """Montgomery, ISQC 7th ed., Section 7.3.2 (variable sample size): limits
    u-bar ± 3 sqrt(u-bar / n_i); checked on qcc's dyedcloth data (center 1.40367)."""
    defects = np.array([14, 12, 20, 11, 7, 10, 21, 16, 19, 23])
    units = np.array([10, 8, 13, 10, 10, 10, 12, 11, 12, 13])
    chart = u_chart(defects, units)
    assert chart.center == pytest.approx(1.40367, abs=1e-5)
    np.testing.assert_allclose(chart.ucl, chart.center + 3 * np.sqrt(chart.center / units))
    np.testing.assert_allclose(chart.lcl, chart.center - 3 * np.sqrt(chart.center / units))


def test_cusum_montgomery_example_9_1() -> None:
    """Montgomery, ISQC 7th ed., Example 9.1 / Table 9.2 (target 10, sigma 1, k 0.5, h 5):
    C+ rises above H = 5 first at period 29 (C+ = 5.28, N+ = 7); shift estimate 11.25."""
    chart = cusum_chart(TABLE_9_1, target=10, sigma=1, k=0.5, h=5)
    assert isinstance(chart, CusumChart)
    np.testing.assert_allclose(chart.upper[:8], [0, 0, 0, 1.16, 2.82, 2.50, 0.04, 1.00], atol=1e-9)
    np.testing.assert_allclose(chart.lower[:4], [0.05, 1.56, 1.77, 0.0], atol=1e-9)
    assert chart.upper[28] == pytest.approx(5.28, abs=1e-9)
    assert chart.upper_count[28] == 7
    signals = chart.signals()
    assert signals["index"].iloc[0] == 28
    assert signals["side"].iloc[0] == "upper"
    assert chart.violations.points()[0] == 28
    assert chart.shift_estimate()[28] == pytest.approx(11.25, abs=5e-3)
    assert chart.decision_interval == 5.0
    assert chart.reference_value == 0.5


def test_cusum_units() -> None:
    """k and h in data units when sigma is None, in sigmas otherwise (DESIGN section 8)."""
    in_sigmas = cusum_chart(TABLE_9_1 * 2, target=20, sigma=2, k=0.5, h=5)
    in_data = cusum_chart(TABLE_9_1 * 2, target=20, k=1.0, h=10.0)
    np.testing.assert_allclose(in_sigmas.upper, in_data.upper)
    assert in_data.process_sigma is None
    assert in_sigmas.process_sigma == 2.0
    estimated = cusum_chart(TABLE_9_1, sigma="estimate")
    mr_sigma = np.abs(np.diff(TABLE_9_1)).mean() / control_constants(2).d2
    assert estimated.process_sigma == pytest.approx(mr_sigma)
    assert estimated.decision_interval == pytest.approx(5 * mr_sigma)


def test_cusum_head_start() -> None:
    """A head start sets C0+ = C0- = head_start (Lucas and Crosier's FIR, Montgomery 9.1.6)."""
    chart = cusum_chart([10.0], target=10, sigma=1, k=0.5, h=5, head_start=2.5)
    assert chart.upper[0] == pytest.approx(2.0)
    assert chart.lower[0] == pytest.approx(2.0)


def test_ewma_montgomery_example_9_2() -> None:
    """Montgomery, ISQC 7th ed., Example 9.2 (lambda 0.1, L 2.7, target 10, sigma 1):
    z1 = 9.945, z2 = 9.7495, UCL1 = 10.27, LCL1 = 9.73, UCL2 = 10.36, steady state 10.62 /
    9.38."""
    chart = ewma_chart(TABLE_9_1, target=10, sigma=1, lam=0.1, L=2.7)
    assert chart.statistic[0] == pytest.approx(9.945, abs=1e-9)
    assert chart.statistic[1] == pytest.approx(9.7495, abs=1e-9)
    assert chart.ucl[0] == pytest.approx(10.27, abs=5e-3)
    assert chart.lcl[0] == pytest.approx(9.73, abs=5e-3)
    assert chart.ucl[1] == pytest.approx(10.36, abs=5e-3)
    steady = ewma_chart(TABLE_9_1, target=10, sigma=1, lam=0.1, L=2.7, asymptotic=True)
    assert steady.ucl == pytest.approx(10.62, abs=5e-3)
    assert steady.lcl == pytest.approx(9.38, abs=5e-3)
    assert chart.phase == "II"
    # z29 = 10.6468 is the first EWMA above 10.6186 (our computation from the table's data)
    np.testing.assert_array_equal(chart.violations.points(), [28, 29])


def test_ewma_nist_handbook_6_3_2_4() -> None:
    """NIST/SEMATECH e-Handbook 6.3.2.4: EWMA0 = 50, s = 2.0539, lambda = 0.3, k = 3:
    UCL = 52.5884, LCL = 47.4115 (steady-state limits)."""
    chart = ewma_chart([52.0, 47.0, 53.0], target=50, sigma=2.0539, lam=0.3, L=3, asymptotic=True)
    assert chart.ucl == pytest.approx(52.5884, abs=2e-4)
    assert chart.lcl == pytest.approx(47.4115, abs=2e-4)


def test_ewma_frozen_limits_keep_asymptotic() -> None:
    """Phase II EWMA limits carry the asymptotic choice through JSON; hand-built limits
    without it mean the exact limits."""
    phase1 = ewma_chart(TABLE_9_1, lam=0.1, L=2.7, asymptotic=True)
    assert phase1.limits.parameters["asymptotic"] is True
    assert phase1.limits.limit_type == "sigma"
    again = ewma_chart(TABLE_9_1, limits=ChartLimits.from_json(phase1.limits.to_json()))
    assert isinstance(again.ucl, float)
    assert again.ucl == pytest.approx(phase1.ucl)
    known = ChartLimits(chart="ewma", parameters={"target": 10.0, "sigma": 1.0, "lam": 0.1})
    exact = ewma_chart(TABLE_9_1, limits=known, asymptotic=True)
    np.testing.assert_allclose(
        exact.ucl, ewma_chart(TABLE_9_1, target=10.0, sigma=1.0, lam=0.1).ucl
    )


def test_imr_formulas_montgomery_section_6_4() -> None:
    """Montgomery, ISQC 7th ed., Section 6.4: I chart x-bar ± 3 MR-bar / d2 (E2 = 2.66), MR
    chart D4 MR-bar = 3.267 MR-bar."""
    x = TABLE_9_1
    chart = imr_chart(x)
    mr_bar = np.abs(np.diff(x)).mean()
    assert chart.moving_range.center == pytest.approx(mr_bar)
    assert chart.individuals.ucl - chart.individuals.center == pytest.approx(
        2.66 * mr_bar, rel=1e-3
    )
    assert chart.moving_range.ucl == pytest.approx(3.267 * mr_bar, rel=1e-3)
    assert chart.moving_range.lcl == 0.0
    assert chart.moving_range.statistic.size == x.size - 1


def test_g_chart_kaminsky_benneyan_limits() -> None:
    """Kaminsky et al. (1992), Benneyan (2001): g-bar ± 3 sqrt(g-bar (g-bar + 1)), LCL floored
    at 0; probability limits from the geometric law with p = 1 / (g-bar + 1). Limits are
    returned by default (qcc's stats.g returns none)."""
    g = np.array([12, 30, 5, 48, 22, 17, 3, 61, 9, 25])
    chart = g_chart(g)
    gbar = g.mean()
    assert chart.center == pytest.approx(gbar)
    assert chart.ucl == pytest.approx(gbar + 3 * np.sqrt(gbar * (gbar + 1)))
    assert chart.lcl == 0.0
    prob = g_chart(g, limit_type="probability")
    p = 1 / (gbar + 1)
    assert prob.ucl == stats.geom.ppf(1 - 0.00135, p) - 1
    assert prob.lcl == stats.geom.ppf(0.00135, p) - 1


def test_laney_p_scales_p_chart_by_sigma_z() -> None:
    """Laney (2002): limits p-bar ± 3 sigma_p_i sigma_z, sigma_z = MR-bar(z) / 1.128."""
    d = np.array([120, 95, 160, 110, 140, 90, 170, 130])
    n = np.array([1000, 900, 1100, 1000, 1050, 980, 1200, 1010])
    plain = p_chart(d, n)
    laney = laney_p_chart(d, n)
    pbar = d.sum() / n.sum()
    z = (d / n - pbar) / np.sqrt(pbar * (1 - pbar) / n)
    sigma_z = np.abs(np.diff(z)).mean() / 1.1283791670955126
    assert laney.limits.parameters["sigma_z"] == pytest.approx(sigma_z)
    np.testing.assert_allclose(laney.ucl - pbar, (plain.ucl - pbar) * sigma_z)
    u = laney_u_chart(d, n / 100)
    assert u.limits.parameters["sigma_z"] == pytest.approx(
        np.abs(
            np.diff(
                (d / (n / 100) - d.sum() / (n.sum() / 100))
                / np.sqrt(d.sum() / (n.sum() / 100) / (n / 100))
            )
        ).mean()
        / 1.1283791670955126
    )


def test_probability_limits_p_and_c() -> None:
    """Probability limits are the binomial / Poisson alpha/2 and 1 - alpha/2 quantiles
    (Montgomery, ISQC 7th ed., Section 7.2.1 discussion of probability limits)."""
    chart = p_chart(ORANGE_JUICE, 50, limit_type="probability", alpha=0.01)
    pbar = ORANGE_JUICE.sum() / 1500
    assert chart.ucl == stats.binom.ppf(0.995, 50, pbar) / 50
    assert chart.lcl == stats.binom.ppf(0.005, 50, pbar) / 50
    c = c_chart(CIRCUIT, limit_type="probability")
    assert c.ucl == stats.poisson.ppf(1 - 0.00135, CIRCUIT.mean())


def test_r_chart_probability_limits_from_range_law() -> None:
    """Montgomery, ISQC 7th ed., Section 6.2.6: probability limits of the R chart are
    quantiles of the relative range W = R / sigma times sigma."""
    chart = xbar_r_chart(PISTON, limit_type="probability", alpha=0.002)
    sigma = chart.limits.parameters["sigma"]
    # Montgomery Appendix Table: D_{0.999} = 5.48 and D_{0.001} = 0.37 for n = 5
    assert chart.r.ucl / sigma == pytest.approx(5.48, abs=6e-3)
    assert chart.r.lcl / sigma == pytest.approx(0.37, abs=6e-3)


def test_t2_individuals_limits_montgomery_section_11_3() -> None:
    """Montgomery, ISQC 7th ed., eqs. 11.19-11.20 (Tracy, Young and Mason 1992): Phase I UCL
    ((m-1)^2/m) Beta(1-alpha; p/2, (m-p-1)/2), Phase II p(m+1)(m-1)/(m^2-mp) F(1-alpha; p, m-p)."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(40, 3))
    m, p, alpha = 40, 3, 0.001
    chart = t2_chart(X, alpha=alpha)
    assert chart.ucl == pytest.approx((m - 1) ** 2 / m * stats.beta.ppf(1 - alpha, 1.5, 18))
    future = t2_chart(X, alpha=alpha, phase="II")
    assert future.ucl == pytest.approx(
        p * (m + 1) * (m - 1) / (m * m - m * p) * stats.f.ppf(1 - alpha, p, m - p)
    )
    # T2 values against a direct computation
    d = X - X.mean(axis=0)
    direct = np.einsum("ij,jk,ik->i", d, np.linalg.inv(np.cov(X, rowvar=False)), d)
    np.testing.assert_allclose(chart.statistic, direct)
    # law: the Phase I T2 values sum to (m - 1) p
    assert chart.statistic.sum() == pytest.approx((m - 1) * p)


def test_t2_subgroups_limits_montgomery_section_11_3() -> None:
    """Montgomery, ISQC 7th ed., eqs. 11.30-11.32: subgroups of n, Phase I UCL
    p(m-1)(n-1)/(mn-m-p+1) F(alpha; p, mn-m-p+1), Phase II with (m+1)."""
    rng = np.random.default_rng(8)
    X = rng.normal(size=(20, 4, 2))
    m, n, p = 20, 4, 2
    dof = m * n - m - p + 1
    chart = t2_chart(X)
    assert chart.ucl == pytest.approx(p * (m - 1) * (n - 1) / dof * stats.f.ppf(0.9973, p, dof))
    means = X.mean(axis=1)
    pooled = np.mean([np.cov(g, rowvar=False) for g in X], axis=0)
    d = means - means.mean(axis=0)
    np.testing.assert_allclose(
        chart.statistic, n * np.einsum("ij,jk,ik->i", d, np.linalg.inv(pooled), d)
    )
    new = t2_chart(X[:5] + 0.1, limits=chart.limits)
    assert new.phase == "II"
    assert new.ucl == pytest.approx(p * (m + 1) * (n - 1) / dof * stats.f.ppf(0.9973, p, dof))


# ---------------------------------------------------------------------------------------
# Inputs: shapes, labels, unequal subgroups, Series
# ---------------------------------------------------------------------------------------


def test_inputs_long_frame_labels_and_padded_array_agree() -> None:
    """1-D values with labels, a long DataFrame and a NaN-padded 2-D array give one chart."""
    rng = np.random.default_rng(2)
    sizes = rng.integers(3, 7, size=12)
    values = rng.normal(5, 1, size=sizes.sum())
    labels = np.repeat([f"b{i:02d}" for i in range(12)], sizes)
    padded = np.full((12, sizes.max()), np.nan)
    for i, (start, n) in enumerate(zip(np.cumsum(sizes) - sizes, sizes, strict=True)):
        padded[i, :n] = values[start : start + n]
    a = xbar_s_chart(values, subgroup=labels)
    b = xbar_s_chart(pd.DataFrame({"v": values, "lot": labels}), value="v", subgroup="lot")
    c = xbar_s_chart(padded)
    for chart in (a, b):
        np.testing.assert_allclose(chart.xbar.statistic.to_numpy(), c.xbar.statistic)
        np.testing.assert_allclose(chart.s.ucl, c.s.ucl)
        assert list(chart.xbar.statistic.index) == [f"b{i:02d}" for i in range(12)]
    # stepped limits: per-point arrays of the subgroup sizes
    assert isinstance(c.xbar.ucl, np.ndarray)
    assert c.xbar.ucl.shape == (12,)
    np.testing.assert_allclose(
        c.xbar.ucl - c.xbar.center, 3 * c.limits.parameters["sigma"] / np.sqrt(sizes)
    )


def test_unequal_sizes_weighted_sigma_reduces_to_textbook() -> None:
    """With unequal sizes, sigma is the unbiased weighted average of R_i/d2(n_i) (weights
    (d2/d3)^2), which for equal sizes is R-bar/d2 (qcc's UWAVE-R; Minitab)."""
    rng = np.random.default_rng(4)
    data = rng.normal(size=(10, 6))
    data[0, 5] = np.nan
    data[3, 4:] = np.nan
    chart = xbar_r_chart(data)
    sizes = np.array([5, 6, 6, 4, 6, 6, 6, 6, 6, 6])
    k = control_constants(sizes)
    ranges = np.nanmax(data, axis=1) - np.nanmin(data, axis=1)
    w = (k.d2 / k.d3) ** 2
    assert chart.limits.parameters["sigma"] == pytest.approx((w * ranges / k.d2).sum() / w.sum())
    np.testing.assert_allclose(chart.r.center, k.d2 * chart.limits.parameters["sigma"])


def test_integer_subgroup_size_and_series_index() -> None:
    x = pd.Series(PISTON.ravel(), index=pd.RangeIndex(100, 225))
    chart = xbar_r_chart(x, subgroup=5)
    assert chart.xbar.center == pytest.approx(xbar_r_chart(PISTON).xbar.center)
    assert list(chart.xbar.statistic.index[:2]) == [100, 105]


def test_series_index_kept_attributes_and_time_weighted() -> None:
    idx = pd.date_range("2024-01-01", periods=30, freq="D")
    p = p_chart(pd.Series(ORANGE_JUICE, index=idx), 50)
    assert isinstance(p.statistic, pd.Series)
    assert p.statistic.index.equals(idx)
    e = ewma_chart(pd.Series(TABLE_9_1, index=idx))
    assert e.statistic.index.equals(idx)
    cu = cusum_chart(pd.Series(TABLE_9_1, index=idx), target=10, sigma=1)
    assert cu.upper.index.equals(idx)
    imr = imr_chart(pd.Series(TABLE_9_1, index=idx))
    assert imr.moving_range.statistic.index.equals(idx[1:])


def test_imr_nan_omit() -> None:
    x = TABLE_9_1.copy()
    x[3] = np.nan
    with pytest.raises(InvalidInputError, match="'x'"):
        imr_chart(x)
    chart = imr_chart(x, nan_policy="omit")
    assert chart.individuals.statistic.size == 29


def test_does_not_mutate_inputs() -> None:
    data = PISTON.copy()
    xbar_r_chart(data, revise=True)
    np.testing.assert_array_equal(data, PISTON)


# ---------------------------------------------------------------------------------------
# Phase I / Phase II, JSON
# ---------------------------------------------------------------------------------------


def test_limits_json_round_trip_and_reuse() -> None:
    chart = xbar_r_chart(PISTON)
    text = chart.limits.to_json()
    json.loads(text)
    loaded = ChartLimits.from_json(text)
    assert loaded == chart.limits
    again = xbar_r_chart(PISTON, limits=loaded)
    assert again.xbar.ucl == chart.xbar.ucl
    assert again.r.ucl == chart.r.ucl
    t2 = t2_chart(np.random.default_rng(0).normal(size=(30, 2)))
    assert ChartLimits.from_json(t2.limits.to_json()) == t2.limits
    cu = cusum_chart(TABLE_9_1, k=0.5, h=5)
    assert ChartLimits.from_json(cu.limits.to_json()) == cu.limits
    assert chart.to_dict()["limits"]["chart"] == "xbar_r"


def test_known_standards_chart() -> None:
    """Standards given (Montgomery 6.2.5 / 7.2.1): limits from mu and sigma, or a built p."""
    chart = xbar_r_chart(PISTON, mean=74.0, sigma=0.01)
    assert chart.xbar.phase == "II"
    assert chart.xbar.ucl == pytest.approx(74.0 + 3 * 0.01 / np.sqrt(5))
    assert chart.r.ucl == pytest.approx(control_constants(5).D4 * control_constants(5).d2 * 0.01)
    p = p_chart(ORANGE_JUICE, 50, limits=ChartLimits(chart="p", parameters={"p": 0.2}))
    assert p.center == 0.2
    assert p.phase == "II"


def test_revise_reports_excluded_and_recomputes() -> None:
    chart = p_chart(ORANGE_JUICE, 50, revise=True)
    assert {14, 22} <= set(chart.excluded.tolist())
    kept = np.setdiff1d(np.arange(30), chart.excluded)
    assert chart.center == pytest.approx(ORANGE_JUICE[kept].sum() / (50 * kept.size))


def test_rules_pass_through() -> None:
    """Default rule 1 only; rules="nelson" applies all eight."""
    phase1 = xbar_r_chart(PISTON)
    only1 = xbar_r_chart(PISTON_NEW, limits=phase1.limits)
    assert set(only1.xbar.violations.rule.tolist()) == {1}
    nelson = xbar_r_chart(PISTON_NEW, limits=phase1.limits, rules="nelson")
    assert nelson.xbar.violations.rule_set == "nelson"
    assert len(nelson.xbar.violations) > len(only1.xbar.violations)
    some = xbar_r_chart(PISTON_NEW, limits=phase1.limits, rules="nelson", enabled={1, 5})
    assert set(some.xbar.violations.rule.tolist()) <= {1, 5}


def test_result_frame() -> None:
    frame = p_chart(ORANGE_JUICE, 50).to_frame()
    assert {"statistic", "center", "lcl", "ucl"} <= set(frame.columns)
    assert len(frame) == 30


# ---------------------------------------------------------------------------------------
# Laws (hypothesis)
# ---------------------------------------------------------------------------------------

_subgroups = st.integers(min_value=5, max_value=30).flatmap(
    lambda m: st.integers(min_value=2, max_value=8).flatmap(
        lambda n: st.integers(min_value=0, max_value=2**31 - 1).map(
            lambda seed: np.random.default_rng(seed).normal(3.0, 2.0, size=(m, n))
        )
    )
)


@settings(max_examples=40, deadline=None)
@given(data=_subgroups, scale=st.floats(0.01, 100.0), shift=st.floats(-100.0, 100.0))
def test_law_variables_limits(data: np.ndarray, scale: float, shift: float) -> None:
    """LCL <= CL <= UCL, X-bar limits symmetric, affine data give affine limits, Phase II with
    the Phase I limits reproduces Phase I."""
    for fn, second in ((xbar_r_chart, "r"), (xbar_s_chart, "s")):
        chart = fn(data)
        other = getattr(chart, second)
        assert chart.xbar.lcl <= chart.xbar.center <= chart.xbar.ucl
        assert other.lcl <= other.center <= other.ucl
        assert chart.xbar.ucl - chart.xbar.center == pytest.approx(
            chart.xbar.center - chart.xbar.lcl
        )
        moved = fn(data * scale + shift)
        assert moved.xbar.ucl == pytest.approx(chart.xbar.ucl * scale + shift, rel=1e-9, abs=1e-9)
        assert getattr(moved, second).ucl == pytest.approx(other.ucl * scale, rel=1e-9)
        again = fn(data, limits=chart.limits)
        assert again.xbar.ucl == chart.xbar.ucl
        assert getattr(again, second).lcl == other.lcl
        assert list(again.xbar.violations) == list(chart.xbar.violations)


@settings(max_examples=40, deadline=None)
@given(data=_subgroups)
def test_law_revise_leaves_no_kept_point_beyond(data: np.ndarray) -> None:
    """After revision no retained subgroup is beyond the final limits."""
    data = data.copy()
    data[0] += 15.0  # a special cause
    chart = xbar_r_chart(data, revise=True)
    kept = np.setdiff1d(np.arange(data.shape[0]), chart.xbar.excluded)
    for c in (chart.xbar, chart.r):
        stat = np.asarray(c.statistic)[kept]
        assert np.all((stat >= c.lcl) & (stat <= c.ucl))
    assert 0 in chart.xbar.excluded
    x = data.ravel()
    imr = imr_chart(x, revise=True)
    kept = np.setdiff1d(np.arange(x.size), imr.individuals.excluded)
    ind = imr.individuals
    assert np.all((x[kept] >= ind.lcl) & (x[kept] <= ind.ucl))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    m=st.integers(3, 40),
    size=st.integers(20, 500),
    varying=st.booleans(),
)
def test_law_attribute_limits(seed: int, m: int, size: int, varying: bool) -> None:
    """0 <= LCL <= CL <= UCL (<= 1 for p), Phase II with Phase I limits reproduces Phase I,
    revise leaves no retained point beyond."""
    rng = np.random.default_rng(seed)
    n = rng.integers(size // 2, size + 1, size=m) if varying else size
    d = rng.binomial(n, 0.1, size=m)
    if d.sum() == 0:
        d[0] = 1
    for fn in (p_chart, np_chart, u_chart):
        chart = fn(d, n)
        assert np.all(0 <= np.asarray(chart.lcl))
        assert np.all(np.asarray(chart.lcl) <= np.asarray(chart.center))
        assert np.all(np.asarray(chart.center) <= np.asarray(chart.ucl))
        again = fn(d, n, limits=chart.limits)
        np.testing.assert_array_equal(again.ucl, chart.ucl)
        revised = fn(d, n, revise=True)
        kept = np.setdiff1d(np.arange(m), revised.excluded)
        stat = np.asarray(revised.statistic)
        lo = np.broadcast_to(revised.lcl, stat.shape)[kept]
        hi = np.broadcast_to(revised.ucl, stat.shape)[kept]
        assert np.all((stat[kept] >= lo) & (stat[kept] <= hi))
    assert np.all(np.asarray(p_chart(d, n).ucl) <= 1.0)
    c = c_chart(d)
    assert c_chart(d, limits=c.limits).ucl == c.ucl


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    n=st.integers(2, 60),
    lam=st.floats(0.05, 1.0),
    k=st.floats(0.0, 1.5),
    h=st.floats(0.5, 8.0),
)
def test_law_time_weighted_match_recursions(
    seed: int, n: int, lam: float, k: float, h: float
) -> None:
    """The vectorized EWMA and CUSUM equal their textbook recursions; exact EWMA limits lie
    inside the asymptotic ones."""
    x = np.random.default_rng(seed).normal(1.0, 2.0, size=n)
    e = ewma_chart(x, target=1.0, sigma=2.0, lam=lam)
    z, expected = 1.0, []
    for v in x:
        z = lam * v + (1 - lam) * z
        expected.append(z)
    np.testing.assert_allclose(e.statistic, expected, atol=1e-10)
    steady = ewma_chart(x, target=1.0, sigma=2.0, lam=lam, asymptotic=True)
    assert np.all(np.asarray(e.ucl) <= steady.ucl + 1e-12)
    cu = cusum_chart(x, target=1.0, sigma=2.0, k=k, h=h, head_start=h / 2)
    hi = lo = h  # head start h/2 in sigmas = h in data units (sigma 2)
    up, down = [], []
    for v in x:
        hi = max(0.0, v - (1.0 + 2 * k) + hi)
        lo = max(0.0, (1.0 - 2 * k) - v + lo)
        up.append(hi)
        down.append(lo)
    np.testing.assert_allclose(cu.upper, up, atol=1e-9)
    np.testing.assert_allclose(cu.lower, down, atol=1e-9)
    again = cusum_chart(x, limits=cu.limits)
    np.testing.assert_allclose(again.upper, cu.upper)


# ---------------------------------------------------------------------------------------
# NaN policy of the attribute and T² charts
# ---------------------------------------------------------------------------------------


def _same_chart(a: ControlChart, b: ControlChart) -> None:
    for field in ("statistic", "center", "lcl", "ucl", "sigma"):
        np.testing.assert_allclose(np.asarray(getattr(a, field)), np.asarray(getattr(b, field)))
    assert a.limits == b.limits


def _nan_at(values: object, *positions: int) -> np.ndarray:
    out = np.array(values, dtype=np.float64)
    out[list(positions)] = np.nan
    return out


_ONE_INPUT = [(c_chart, "counts"), (g_chart, "counts_between_events")]


@pytest.mark.parametrize(("chart", "name"), _ONE_INPUT, ids=lambda v: getattr(v, "__name__", v))
def test_nan_policy_one_input_charts(chart: object, name: str) -> None:
    """raise (the default) names the parameter and suggests omit; omit drops the value and
    gives the chart of the remaining values (a Series keeps the labels of those kept)."""
    data = _nan_at(CIRCUIT, 3)
    with pytest.raises(InvalidInputError, match=f"'{name}'.*nan_policy='omit'"):
        chart(data)  # type: ignore[operator]
    omitted = chart(data, nan_policy="omit")  # type: ignore[operator]
    _same_chart(omitted, chart(np.delete(np.asarray(CIRCUIT, float), 3)))  # type: ignore[operator]
    series = pd.Series(data, index=[f"s{i}" for i in range(data.size)])
    labelled = chart(series, nan_policy="omit")  # type: ignore[operator]
    assert "s3" not in labelled.statistic.index
    assert len(labelled.statistic) == data.size - 1


_PAIRED = [
    (p_chart, "defectives", "sample_size", ORANGE_JUICE, 50),
    (np_chart, "defectives", "sample_size", ORANGE_JUICE, 50),
    (laney_p_chart, "defectives", "sample_size", ORANGE_JUICE, 50),
    (u_chart, "defects", "units", CIRCUIT, 2.5),
    (laney_u_chart, "defects", "units", CIRCUIT, 2.5),
]


@pytest.mark.parametrize(
    ("chart", "count_name", "size_name", "counts", "size"),
    _PAIRED,
    ids=lambda v: getattr(v, "__name__", None),
)
def test_nan_policy_paired_charts(
    chart: object, count_name: str, size_name: str, counts: object, size: float
) -> None:
    """Counts with sample sizes: a NaN in either raises by default (naming that parameter);
    omit drops the whole sample, count and size together."""
    counts = np.asarray(counts, dtype=np.float64)
    sizes = np.full(counts.size, float(size))
    sizes[::2] += 1.0  # unequal sizes, so dropping the wrong size would show
    with pytest.raises(InvalidInputError, match=f"'{count_name}'.*nan_policy='omit'"):
        chart(_nan_at(counts, 2), sizes)  # type: ignore[operator]
    with pytest.raises(InvalidInputError, match=f"'{size_name}'.*nan_policy='omit'"):
        chart(counts, _nan_at(sizes, 5))  # type: ignore[operator]
    omitted = chart(_nan_at(counts, 2), _nan_at(sizes, 5), nan_policy="omit")  # type: ignore[operator]
    expected = chart(np.delete(counts, [2, 5]), np.delete(sizes, [2, 5]))  # type: ignore[operator]
    _same_chart(omitted, expected)
    with pytest.raises(InvalidInputError, match=size_name):  # a scalar size is never dropped
        chart(counts, float("nan"), nan_policy="omit")  # type: ignore[operator]
    series = pd.Series(_nan_at(counts, 2), index=np.arange(counts.size) * 10)
    labelled = chart(series, sizes, nan_policy="omit")  # type: ignore[operator]
    assert 20 not in labelled.statistic.index
    assert len(labelled.statistic) == counts.size - 1


def test_nan_policy_t2_chart() -> None:
    """T²: omit drops every observation (2-D) or subgroup (3-D) holding a NaN."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 3))
    bad = X.copy()
    bad[4, 1] = np.nan
    with pytest.raises(InvalidInputError, match="'X'.*nan_policy='omit'"):
        t2_chart(bad)
    _same_chart(t2_chart(bad, nan_policy="omit"), t2_chart(np.delete(X, 4, axis=0)))
    frame = pd.DataFrame(bad, index=[f"o{i}" for i in range(30)])
    assert "o4" not in t2_chart(frame, nan_policy="omit").statistic.index
    S = rng.normal(size=(20, 4, 2))
    bad3 = S.copy()
    bad3[7, 2, 0] = np.nan
    with pytest.raises(InvalidInputError, match="'X'"):
        t2_chart(bad3)
    _same_chart(t2_chart(bad3, nan_policy="omit"), t2_chart(np.delete(S, 7, axis=0)))


# ---------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda: p_chart([1, -2, 3], 10), "defectives"),
        (lambda: p_chart([1, 12, 3], 10), "defectives"),
        (lambda: p_chart([1, 2.5, 3], 10), "defectives"),
        (lambda: p_chart([1, 2, 3], 0), "sample_size"),
        (lambda: p_chart([1, 2, 3], [10, 10]), "sample_size"),
        (lambda: np_chart([1, 2, 3], -5), "sample_size"),
        (lambda: c_chart([1, -1, 3]), "counts"),
        (lambda: c_chart([0, 0, 0]), "counts"),
        (lambda: u_chart([1, 2, 3], [1.0, 0.0, 2.0]), "units"),
        (lambda: g_chart([3, -1, 4]), "counts_between_events"),
        (lambda: laney_p_chart([3], 100), "defectives"),
        (lambda: xbar_r_chart(np.ones((5, 1))), "data"),
        (lambda: xbar_s_chart([[1.0, 2.0], [3.0, np.nan]]), "data"),
        (lambda: xbar_r_chart(np.ones((5, 3))), "data"),
        (lambda: xbar_r_chart([1.0, 2.0, 3.0, 4.0]), "subgroup"),
        (lambda: xbar_r_chart([1.0, 2.0, 3.0, 4.0], subgroup=3), "subgroup"),
        (lambda: xbar_r_chart([1.0, 2.0, 3.0], subgroup=["a", "b"]), "subgroup"),
        (lambda: xbar_r_chart([1.0, np.nan, 3.0, 4.0], subgroup=2), "data"),
        (lambda: xbar_r_chart(PISTON, limit_type="exact"), "limit_type"),
        (lambda: xbar_r_chart(PISTON, rules="acme"), "rules"),
        (lambda: xbar_r_chart(PISTON, sigma_method="sbar"), "sigma_method"),
        (lambda: xbar_r_chart(PISTON, L=0), "L"),
        (lambda: xbar_r_chart(PISTON, alpha=1.5), "alpha"),
        (lambda: xbar_r_chart(PISTON, sigma=-1.0), "sigma"),
        (lambda: xbar_r_chart(PISTON, enabled="1"), "enabled"),
        (lambda: xbar_r_chart(PISTON, limits="x"), "limits"),
        (lambda: xbar_r_chart(PISTON, limits=p_chart([1, 2], 10).limits), "limits"),
        (lambda: xbar_r_chart(PISTON, limits=xbar_r_chart(PISTON).limits, revise=True), "revise"),
        (lambda: imr_chart([1.0, 2.0]), "x"),
        (lambda: imr_chart([1.0, 1.0, 1.0, 1.0]), "x"),
        (lambda: imr_chart(TABLE_9_1, span=1), "span"),
        (lambda: ewma_chart(TABLE_9_1, lam=0.0), "lam"),
        (lambda: ewma_chart(TABLE_9_1, lam=1.5), "lam"),
        (lambda: ewma_chart(TABLE_9_1, L=-1), "L"),
        (lambda: ewma_chart(TABLE_9_1, asymptotic="yes"), "asymptotic"),
        (lambda: ewma_chart(TABLE_9_1, asymptotic=None), "asymptotic"),
        (
            lambda: ChartLimits(
                chart="ewma",
                parameters={"target": 0.0, "sigma": 1.0, "lam": 0.2},
                limit_type="asymptotic",
            ),
            "limit_type",
        ),
        (lambda: cusum_chart(TABLE_9_1, k=-0.1), "k"),
        (lambda: cusum_chart(TABLE_9_1, h=0), "h"),
        (lambda: cusum_chart(TABLE_9_1, h=5, head_start=6), "head_start"),
        (lambda: cusum_chart(TABLE_9_1, sigma="guess"), "sigma"),
        (lambda: t2_chart(np.random.default_rng(0).normal(size=(3, 2))), "X"),
        (lambda: t2_chart(np.column_stack([np.arange(10.0), 2 * np.arange(10.0)])), "X"),
        (lambda: t2_chart(np.random.default_rng(0).normal(size=(20, 2)), phase="III"), "phase"),
        (lambda: t2_chart(np.random.default_rng(0).normal(size=(20, 1, 2))), "X"),
        (lambda: ChartLimits.from_json("{not json"), "text"),
        (lambda: ChartLimits.from_json('{"a": 1}'), "text"),
        (lambda: ChartLimits(chart="p", parameters={}), "parameters"),
        (lambda: ChartLimits(chart="zz", parameters={}), "chart"),
        (lambda: xbar_r_chart(PISTON, L=np.array([1.0, 2.0])), "L"),
        (lambda: ewma_chart(TABLE_9_1, target=[1.0, 2.0]), "target"),
        (lambda: cusum_chart(TABLE_9_1, target=-1e308, sigma=1e308), "x"),
        (lambda: p_chart([1, 2, 3], 1e308), "defectives"),
    ],
)
def test_bad_input(call: object, param: str) -> None:
    with pytest.raises(InvalidInputError, match=f"'{param}'"):
        call()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: imr_chart([1.0, 1.0, 1.0, 1.0]),
            "The 'x' parameter of imr_chart must be data that vary. "
            "Got an estimated standard deviation of 0.0 instead.",
        ),
        (
            lambda: xbar_r_chart(np.ones((5, 3))),
            "The 'data' parameter of xbar_r_chart must be data that vary within subgroups. "
            "Got an estimated standard deviation of 0.0 instead.",
        ),
        (
            lambda: laney_u_chart([5, 10, 15], [1.0, 2.0, 3.0]),
            "The 'defects' parameter of laney_u_chart must be data that vary between samples. "
            "Got an estimated standard deviation of 0.0 instead.",
        ),
    ],
)
def test_no_variation_message_follows_the_library_format(call: object, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert str(info.value) == message


def test_control_chart_type() -> None:
    assert isinstance(p_chart(ORANGE_JUICE, 50), ControlChart)
    assert isinstance(cusum_chart(TABLE_9_1, target=10, sigma=1), ControlChart)


_SWEEP_CALLS = {
    imr_chart: {"x": TABLE_9_1},
    xbar_r_chart: {"data": PISTON},
    xbar_s_chart: {"data": PISTON},
    p_chart: {"defectives": ORANGE_JUICE, "sample_size": 50},
    np_chart: {"defectives": ORANGE_JUICE, "sample_size": 50},
    c_chart: {"counts": CIRCUIT},
    u_chart: {"defects": CIRCUIT, "units": 2.5},
    laney_p_chart: {"defectives": ORANGE_JUICE, "sample_size": 50},
    laney_u_chart: {"defects": CIRCUIT, "units": 2.5},
    g_chart: {"counts_between_events": CIRCUIT},
    ewma_chart: {"x": TABLE_9_1},
    cusum_chart: {"x": TABLE_9_1},
    t2_chart: {"X": np.random.default_rng(1).normal(size=(30, 3))},
}
_SWEEP_BAD = [
    "not-an-option",
    -1,
    0,
    float("nan"),
    float("inf"),
    None,
    [],
    object(),
    True,
    np.array([[1.0, 2.0], [3.0, 4.0]]),
    1e308,
    {"a": 1},
]


@pytest.mark.parametrize("func", list(_SWEEP_CALLS), ids=lambda f: f.__name__)
def test_every_parameter_rejects_bad_values_cleanly(func: object) -> None:
    """Every parameter, given a bad value, either works or raises InvalidInputError (never a
    TypeError, a numpy warning or another exception)."""
    valid = _SWEEP_CALLS[func]  # type: ignore[index]
    for name in inspect.signature(func).parameters:  # type: ignore[arg-type]
        for bad in _SWEEP_BAD:
            kwargs = {**valid, name: bad}
            with contextlib.suppress(InvalidInputError):
                func(**kwargs)  # type: ignore[operator]


# ---------------------------------------------------------------------------------------
# Dask
# ---------------------------------------------------------------------------------------


def _long_frame() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    sizes = rng.integers(3, 7, size=15)
    return pd.DataFrame(
        {
            "diameter": rng.normal(74.0, 0.01, size=sizes.sum()),
            "batch": np.repeat([f"B{i:02d}" for i in range(15)], sizes),
        }
    )


@pytest.mark.parametrize("fn", [xbar_r_chart, xbar_s_chart])
def test_dask_frame_matches_pandas(fn: object) -> None:
    """A Dask long frame gives the pandas chart (subgroups sorted by label), aggregated with
    one combinable groupby."""
    dd = pytest.importorskip("dask.dataframe")
    frame = _long_frame()
    expected = fn(frame, value="diameter", subgroup="batch", revise=True)  # type: ignore[operator]
    got = fn(  # type: ignore[operator]
        dd.from_pandas(frame, npartitions=3), value="diameter", subgroup="batch", revise=True
    )
    np.testing.assert_allclose(got.xbar.statistic.to_numpy(), expected.xbar.statistic.to_numpy())
    np.testing.assert_allclose(got.xbar.ucl, expected.xbar.ucl)
    assert got.limits.parameters["sigma"] == pytest.approx(expected.limits.parameters["sigma"])
    assert list(got.xbar.statistic.index) == sorted(frame["batch"].unique())


def test_dask_bad_input() -> None:
    dd = pytest.importorskip("dask.dataframe")
    frame = _long_frame()
    with_nan = frame.copy()
    with_nan.loc[3, "diameter"] = np.nan
    lazy = dd.from_pandas(with_nan, npartitions=2)
    with pytest.raises(InvalidInputError, match="'data'"):
        xbar_r_chart(lazy, value="diameter", subgroup="batch")
    omitted = xbar_r_chart(lazy, value="diameter", subgroup="batch", nan_policy="omit")
    assert omitted.xbar.statistic.size == 15
    with pytest.raises(InvalidInputError, match="'data'"):
        xbar_r_chart(dd.from_pandas(frame, npartitions=2), value="nope", subgroup="batch")
    with pytest.raises(InvalidInputError, match="'value'"):
        xbar_r_chart(dd.from_pandas(frame, npartitions=2), subgroup="batch")


def test_dask_on_worker_processes(dask_client: object) -> None:
    """One distributed.LocalCluster run: the subgroup aggregation runs on a worker process."""
    dd = pytest.importorskip("dask.dataframe")
    frame = _long_frame()
    got = xbar_r_chart(dd.from_pandas(frame, npartitions=3), value="diameter", subgroup="batch")
    expected = xbar_r_chart(frame, value="diameter", subgroup="batch")
    assert got.xbar.center == pytest.approx(expected.xbar.center)


def test_t2_revise_and_frame_index() -> None:
    """Revision drops the outlying observation; a DataFrame keeps its index; Phase II limits
    from a revised chart are JSON-reusable."""
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(rng.normal(size=(40, 2)), columns=["a", "b"], index=range(100, 140))
    frame.iloc[7] = [6.0, -6.0]
    chart = t2_chart(frame, revise=True)
    assert 7 in chart.excluded
    assert list(chart.statistic.index[:2]) == [100, 101]
    kept = np.setdiff1d(np.arange(40), chart.excluded)
    assert np.all(chart.statistic.to_numpy()[kept] <= chart.ucl)
    assert chart.limits.parameters["subgroups"] == kept.size
    again = t2_chart(frame.to_numpy(), limits=ChartLimits.from_json(chart.limits.to_json()))
    assert again.phase == "II"
    assert again.statistic[7] > again.ucl
