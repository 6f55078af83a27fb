"""Reference, property and bad-input tests of normal process capability."""

from __future__ import annotations

import contextlib
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma import CapabilityResult, capability
from opsmodels.sixsigma._constants import c4, control_constants, d2


def _sample(n: int, mean: float, sd: float, seed: int = 1) -> np.ndarray:
    """A sample with exactly the given mean and sample standard deviation (N - 1)."""
    z = np.random.default_rng(seed).standard_normal(n)
    z = (z - z.mean()) / z.std(ddof=1)
    return mean + sd * z


def _pairs(center: float, sigma: float, k: int = 10) -> np.ndarray:
    """k subgroups of 2 whose pooled SD (no c4) is exactly ``sigma`` and mean ``center``."""
    a = sigma / math.sqrt(2.0)
    return np.tile([center - a, center + a], (k, 1))


# ------------------------------------------------------------------------------------------
# references


def test_nist_handbook_indices() -> None:
    """NIST/SEMATECH e-Handbook of Statistical Methods, section 6.1.6 (process capability):
    USL = 20, LSL = 8, mean 16, sigma 2 gives Cp = 1, Cpk = min(1.3333, 0.6667) = 0.6667."""
    r = capability(_pairs(16.0, 2.0), lsl=8, usl=20, sigma_method="pooled", unbias=False)
    assert r.sigma_within == pytest.approx(2.0, rel=1e-12)
    assert r.mean == pytest.approx(16.0)
    assert r.cp == pytest.approx(1.0, abs=1e-12)
    assert r.cpl == pytest.approx(4 / 3, abs=1e-12)
    assert r.cpu == pytest.approx(2 / 3, abs=1e-12)
    assert r.cpk == pytest.approx(0.6667, abs=5e-5)


def test_montgomery_example_cp_chi_square_interval() -> None:
    """Montgomery, Introduction to Statistical Quality Control, 7th ed. (Wiley, 2013),
    section 8.3.5, Example 8.5: USL = 62, LSL = 38, n = 20, s = 1.75, centred:
    Cp = 2.29 with 95 % interval 1.57 <= Cp <= 3.01 (chi-square, n - 1 = 19 d.f.).
    The textbook's Cp uses the sample SD, i.e. our overall Pp. The book multiplies the
    rounded 2.29 (not 24/10.5 = 2.2857) by the quantile ratio, hence the 0.01 tolerance."""
    r = capability(_sample(20, 50.0, 1.75), lsl=38, usl=62)
    assert r.pp == pytest.approx(2.29, abs=0.005)
    lo, hi = r.intervals["pp"]
    assert lo == pytest.approx(1.57, abs=0.01)
    assert hi == pytest.approx(3.01, abs=0.005)


def test_montgomery_example_cpk_bissell_interval() -> None:
    """Montgomery, 7th ed., section 8.3.5, Example 8.6: n = 20 and Cpk-hat = 1.33 give the
    approximate 95 % interval 0.88 <= Cpk <= 1.78 (Bissell's normal approximation)."""
    sd = 1.0
    mean = 10.0 + 3 * 1.33 * sd  # LSL = 10, USL far away: Ppk = Ppl = 1.33
    r = capability(_sample(20, mean, sd), lsl=10.0, usl=100.0)
    assert r.ppk == pytest.approx(1.33, abs=1e-9)
    lo, hi = r.intervals["ppk"]
    assert lo == pytest.approx(0.88, abs=0.005)
    assert hi == pytest.approx(1.78, abs=0.005)


def test_montgomery_glass_bottles_one_sided() -> None:
    """Montgomery, 7th ed., section 8.3.1, Example 8.1 (glass bottle bursting strength,
    100 bottles): mean 264.06, s = 32.02, LSL = 200 psi give Cpl = 0.67 with the sample SD;
    with one limit Cp is undefined and Cpk is the lower index."""
    r = capability(_sample(100, 264.06, 32.02), lsl=200)
    assert r.ppl == pytest.approx(0.67, abs=0.005)
    assert r.ppk == r.ppl
    assert r.pp is None
    assert r.ppu is None
    assert r.cp is None
    assert r.cpk == r.cpl
    assert "cp" not in r.intervals
    assert "cpk" in r.intervals


# SAS/QC User's Guide, chapter "The CAPABILITY Procedure": "Computing Descriptive Statistics"
# (Cans data set, fluid weights of 100 drink cans) and CAPSPEC3 (Amps data, 75 amplifiers).
CANS = """12.07 12.02 12.00 12.01 11.98 11.96 12.04 12.05 12.01 11.97
12.03 12.03 12.00 12.04 11.96 12.02 12.06 12.00 12.02 11.91 12.05 11.98 11.91 12.01 12.06
12.02 12.05 11.90 12.07 11.98 12.02 12.11 12.00 11.99 11.95 11.98 12.05 12.00 12.10 12.04
12.06 12.04 11.99 12.06 11.99 12.07 11.96 11.97 12.00 11.97 12.09 11.99 11.95 11.99 11.99
11.96 11.94 12.03 12.09 12.03 11.99 12.00 12.05 12.04 12.05 12.01 11.97 11.93 12.00 11.97
12.13 12.07 12.00 11.96 11.99 11.97 12.05 11.94 11.99 12.02 11.95 11.99 11.91 12.06 12.03
12.06 12.05 12.04 12.03 11.98 12.05 12.05 12.11 11.96 12.00 11.96 11.96 12.00 12.01 11.98"""
AMPS = """4.54 4.87 4.66 4.90 4.68 5.22 4.43 5.14 3.07 4.22 5.09 3.41 5.75 5.16 3.96 5.37 5.70
4.11 4.83 4.51 4.57 4.16 5.73 3.64 5.48 4.95 4.57 4.46 4.75 5.38 5.19 4.35 4.98 4.87 3.53 4.46
4.57 4.69 5.27 4.67 5.03 4.50 5.35 4.55 4.05 6.63 5.32 5.24 5.73 5.08 5.07 5.42 5.05 5.70 4.79
4.34 5.06 4.64 4.82 3.24 4.79 4.46 3.84 5.05 5.46 4.64 6.13 4.31 4.81 4.98 4.95 5.57 4.11 4.15
5.95"""


def test_sas_cans_indices_and_intervals() -> None:
    """SAS/QC User's Guide, The CAPABILITY Procedure, "Computing Capability Indices"
    (Figure 5.2, Cans data, LSL 11.95, target 12, USL 12.05): Cp 0.354967 with 95 % limits
    0.305565 and 0.404288, Cpk 0.288943 with Bissell limits 0.212210 and 0.365677, CPL
    0.420991, CPU 0.288943, 7 % below LSL and 16 % above USL. SAS uses the sample SD, i.e.
    our overall (P) indices with N - 1 degrees of freedom. SAS's Cpm (0.348203) uses
    sqrt(s^2 + (mean - T)^2); Minitab's, our default, sqrt(sum (x - T)^2 / (N - 1))."""
    x = np.array(CANS.split(), dtype=float)
    r = capability(x, lsl=11.95, usl=12.05, target=12.0)
    assert r.n == 100
    assert r.pp == pytest.approx(0.354967, abs=1e-6)
    assert r.intervals["pp"] == pytest.approx((0.305565, 0.404288), abs=1e-6)
    assert r.ppl == pytest.approx(0.420991, abs=1e-6)
    assert r.ppu == pytest.approx(0.288943, abs=1e-6)
    assert r.ppk == pytest.approx(0.288943, abs=1e-6)
    assert r.intervals["ppk"] == pytest.approx((0.212210, 0.365677), abs=1e-6)
    assert r.ppm_observed_below == pytest.approx(70_000)
    assert r.ppm_observed_above == pytest.approx(160_000)
    s = np.std(x, ddof=1)
    sas_cpm = 0.1 / (6 * math.sqrt(s**2 + (x.mean() - 12.0) ** 2))
    assert sas_cpm == pytest.approx(0.348203, abs=1e-6)
    tau = math.sqrt(np.sum((x - 12.0) ** 2) / 99)
    assert r.cpm == pytest.approx(0.1 / (6 * tau), rel=1e-12)


def test_sas_amps_cpk_90_percent_interval() -> None:
    """SAS/QC User's Guide, The CAPABILITY Procedure, Example 5.3 "Displaying a Confidence
    Interval for Cpk" (Amps data, LSL 4, USL 6, ALPHA=0.10): the 90 % interval for Cpk runs
    from 0.328 to 0.496 (Bissell, sample SD)."""
    x = np.array(AMPS.split(), dtype=float)
    r = capability(x, lsl=4.0, usl=6.0, target=5.0, confidence=0.90)
    assert r.n == 75
    lo, hi = r.intervals["ppk"]
    assert lo == pytest.approx(0.328, abs=5e-4)
    assert hi == pytest.approx(0.496, abs=5e-4)


def test_minitab_pooled_convention_by_hand() -> None:
    """Minitab, "Methods and formulas for Normal Capability Analysis" (potential capability):
    pooled SD sqrt(sum sum (x - xbar_i)^2 / sum(n_i - 1)) / c4(sum(n_i - 1) + 1), nu =
    sum(n_i - 1), Cp interval with chi-square quantiles, Bissell's Cpk interval with z_0.975.
    Data: four subgroups of three, within sums of squares 0.02 each: s_p = 0.1, d = 8;
    chi-square(8) quantiles 2.1797 and 17.5345 (table values)."""
    x = np.array([[10.1, 9.9, 10.0], [10.2, 10.0, 10.1], [9.8, 10.0, 9.9], [10.0, 10.1, 9.9]])
    r = capability(x, lsl=9.5, usl=10.6)
    sigma = 0.1 / c4(9)
    assert r.sigma_method == "pooled"
    assert r.dof == 8.0
    assert r.sigma_within == pytest.approx(sigma, rel=1e-12)
    cp = 1.1 / (6 * sigma)
    assert r.cp == pytest.approx(cp, rel=1e-12)
    lo, hi = r.intervals["cp"]
    assert lo == pytest.approx(cp * math.sqrt(2.1797 / 8), rel=2e-5)
    assert hi == pytest.approx(cp * math.sqrt(17.5345 / 8), rel=2e-5)
    cpk = 0.5 / (3 * sigma)
    half = 1.959964 * math.sqrt(1 / (9 * 12) + cpk**2 / 16)
    assert r.intervals["cpk"] == pytest.approx((cpk - half, cpk + half), rel=1e-6)
    # overall: sample SD of all 12 values, N - 1 = 11 degrees of freedom
    assert r.sigma_overall == pytest.approx(np.std(x, ddof=1), rel=1e-12)
    assert r.dof_overall == 11.0


def test_minitab_rbar_sbar_unequal_sizes_by_hand() -> None:
    """Minitab, "Methods and formulas" (estimating sigma, Rbar and Sbar methods): with unequal
    subgroup sizes sigma = sum(f_i r_i / d2(n_i)) / sum f_i, f_i = d2^2/d3^2, and
    sigma = sum(h_i s_i / c4(n_i)) / sum h_i, h_i = c4^2 / (1 - c4^2); degrees of freedom
    0.9 k (nbar - 1) and f_n k (nbar - 1) (f_n table, nbar = 3 -> 0.92)."""
    rows = [[1.0, 2.0, 4.0, np.nan], [2.0, 2.5, 3.0, 5.0], [3.0, 1.0, np.nan, np.nan]]
    x = np.array(rows)
    sizes = [3, 4, 2]
    ranges = [3.0, 3.0, 2.0]
    sds = [np.std(np.array(r)[~np.isnan(r)], ddof=1) for r in rows]
    k = control_constants(np.array(sizes))
    f = k.d2**2 / k.d3**2
    expected_r = np.sum(f * np.array(ranges) / k.d2) / np.sum(f)
    h = k.c4**2 / (1 - k.c4**2)
    expected_s = np.sum(h * np.array(sds) / k.c4) / np.sum(h)
    rr = capability(x, lsl=0, usl=6, sigma_method="rbar")
    rs = capability(x, lsl=0, usl=6, sigma_method="sbar")
    assert rr.sigma_within == pytest.approx(expected_r, rel=1e-12)
    assert rs.sigma_within == pytest.approx(expected_s, rel=1e-12)
    assert rr.dof == pytest.approx(0.9 * 3 * (3 - 1))
    assert rs.dof == pytest.approx(0.92 * 3 * (3 - 1))
    # equal sizes reduce to Rbar/d2 and Sbar/c4
    y = np.array([[1.0, 2.0, 4.0], [2.0, 2.5, 3.0], [3.0, 1.0, 1.5]])
    r_eq = capability(y, lsl=0, usl=6, sigma_method="rbar")
    rbar = np.mean(y.max(axis=1) - y.min(axis=1))
    assert r_eq.sigma_within == pytest.approx(rbar / d2(3), rel=1e-12)


def test_minitab_moving_range_conventions() -> None:
    """Minitab, "Methods and formulas" (estimating sigma for individuals): average moving range
    MRbar / d2(w) with nu = N - w + 1; median moving range / d4(w) with d4(2) = 0.954;
    MSSD with nu = N - 1. Data 1, 2, 4, 3, 5: moving ranges 1, 2, 1, 2."""
    x = [1.0, 2.0, 4.0, 3.0, 5.0]
    r = capability(x, lsl=0, usl=6)
    assert r.sigma_method == "moving_range"
    assert r.sigma_within == pytest.approx(1.5 / d2(2), rel=1e-12)
    assert r.dof == 4.0
    m = capability(x, lsl=0, usl=6, sigma_method="median_moving_range")
    assert m.sigma_within == pytest.approx(1.5 / 0.954, rel=5e-4)
    assert m.dof == 4.0
    r3 = capability(x, lsl=0, usl=6, span=3)  # ranges of (1,2,4), (2,4,3), (4,3,5): 3, 2, 2
    assert r3.sigma_within == pytest.approx((7 / 3) / d2(3), rel=1e-12)
    assert r3.dof == 3.0
    q = capability(x, lsl=0, usl=6, sigma_method="mssd", unbias=False)
    assert q.sigma_within == pytest.approx(math.sqrt((1 + 4 + 1 + 4) / (2 * 4)), rel=1e-12)
    assert q.dof == 4.0


def test_median_moving_range_constants() -> None:
    """d4(2) = sqrt(2) Phi^-1(0.75) = 0.9539 exactly; for w = 3 the median range of three
    normals is 1.588 (JMP's published d2_Median table: 0.953, 1.588, 1.978 for n = 2, 3, 4)."""
    from opsmodels.sixsigma._sigma import median_range_constant

    assert median_range_constant(2) == pytest.approx(math.sqrt(2) * stats.norm.ppf(0.75))
    assert median_range_constant(3) == pytest.approx(1.588, abs=1.5e-3)
    assert median_range_constant(4) == pytest.approx(1.978, abs=1.5e-3)
    z = np.random.default_rng(5).standard_normal((200_000, 3))
    sample = np.median(z.max(axis=1) - z.min(axis=1))
    assert median_range_constant(3) == pytest.approx(sample, abs=0.01)


def test_mssd_unbiasing_constant() -> None:
    """c4'(N) = E[sqrt(MSSD)]/sigma: c4'(2) = c4(2) = sqrt(2/pi) (sqrt(MSSD) = |Z| for N = 2),
    and it matches a simulation for N = 3 and 5 (MSSD of von Neumann et al., 1941)."""
    from opsmodels.sixsigma._sigma import _mssd_constant

    assert _mssd_constant(np.array([2.0]))[0] == pytest.approx(math.sqrt(2 / math.pi), rel=1e-9)
    z = np.random.default_rng(11).standard_normal((200_000, 5))
    for n in (3, 5):
        sample = np.sqrt(np.sum(np.diff(z[:, :n], axis=1) ** 2, axis=1) / (2 * (n - 1))).mean()
        assert _mssd_constant(np.array([float(n)]))[0] == pytest.approx(sample, abs=3e-3)
    x = np.array([1.0, 2.0, 4.0, 3.0, 5.0])
    a = capability(x, lsl=0, usl=6, sigma_method="mssd")
    b = capability(x, lsl=0, usl=6, sigma_method="mssd", unbias=False)
    assert a.sigma_within == pytest.approx(b.sigma_within / _mssd_constant(np.array([5.0]))[0])


def test_qcc_conventions() -> None:
    """R qcc (Scrucca 2004, process.capability): Cp interval with N - 1 degrees of freedom
    whatever the estimator (dof="n-1"), and Cpm = Cp / sqrt(1 + ((mean - T)/sigma)^2)."""
    x = np.array([[10.1, 9.9, 10.0], [10.2, 10.0, 10.1], [9.8, 10.0, 9.9], [10.0, 10.1, 9.9]])
    r = capability(
        x, lsl=9.5, usl=10.6, target=10.1, dof="n-1", cpm_method="taguchi_qcc", sigma_method="rbar"
    )
    assert r.dof == 11.0
    lo, hi = r.intervals["cp"]
    assert lo == pytest.approx(r.cp * math.sqrt(stats.chi2.ppf(0.025, 11) / 11))
    assert hi == pytest.approx(r.cp * math.sqrt(stats.chi2.ppf(0.975, 11) / 11))
    assert r.cpm == pytest.approx(r.cp / math.sqrt(1 + ((10.0 - 10.1) / r.sigma_within) ** 2))


def test_minitab_cpm_forms() -> None:
    """Minitab, "Methods and formulas" (overall capability, Cpm): (USL - LSL)/(6 tau) with T at
    the midpoint, min(T - LSL, USL - T)/(3 tau) otherwise, one side's distance to T with one
    limit; tau = sqrt(sum (x - T)^2 / (N - 1)). Boyles' interval d.f. N(1+a^2)^2/(1+2a^2)."""
    x = _sample(30, 10.0, 1.0)
    tau = lambda t: math.sqrt(np.sum((x - t) ** 2) / 29)  # noqa: E731
    assert capability(x, lsl=4, usl=16, target=10).cpm == pytest.approx(12 / (6 * tau(10)))
    assert capability(x, lsl=4, usl=16, target=11).cpm == pytest.approx(5 / (3 * tau(11)))
    assert capability(x, usl=16, target=11).cpm == pytest.approx(5 / (3 * tau(11)))
    assert capability(x, lsl=4, target=11).cpm == pytest.approx(7 / (3 * tau(11)))
    r = capability(x, lsl=4, usl=16, target=11)
    a2 = ((10.0 - 11.0) / 1.0) ** 2
    nu = 30 * (1 + a2) ** 2 / (1 + 2 * a2)
    lo, hi = r.intervals["cpm"]
    assert lo == pytest.approx(r.cpm * math.sqrt(stats.chi2.ppf(0.025, nu) / nu))
    assert hi == pytest.approx(r.cpm * math.sqrt(stats.chi2.ppf(0.975, nu) / nu))
    assert r.cpmk == pytest.approx(6 / (3 * math.sqrt(r.sigma_within**2 + 1.0)))
    assert capability(x, lsl=4, usl=16).cpm is None


def test_ppm_and_z_bench() -> None:
    """Expected PPM from the normal tails; Z.bench = Phi^-1(1 - p); observed PPM counts values
    outside the limits (Minitab, "Methods and formulas", process performance)."""
    x = _sample(50, 10.0, 1.0)
    r = capability(x, lsl=8, usl=13)
    p_below = stats.norm.cdf((8 - 10) / 1.0)
    p_above = stats.norm.sf((13 - 10) / 1.0)
    assert r.ppm_overall_below == pytest.approx(1e6 * p_below)
    assert r.ppm_overall_above == pytest.approx(1e6 * p_above)
    assert r.ppm_overall == pytest.approx(1e6 * (p_below + p_above))
    assert r.z_bench_overall == pytest.approx(stats.norm.isf(p_below + p_above))
    observed = np.sum(x < 8) + np.sum(x > 13)
    assert r.ppm_observed == pytest.approx(1e6 * observed / 50)
    far = capability(x, lsl=-1000, usl=1000)
    assert far.z_bench_within == math.inf
    assert far.ppm_within == 0.0


def test_large_offset_accuracy() -> None:
    """One-pass sums of squares stay accurate far from the origin (shift and two-pass repair),
    and observed counts of the fused pass equal a direct count."""
    rng = np.random.default_rng(4)
    for offset in (0.0, 1e6, 1e9):
        x = offset + rng.normal(0, 1e-3, (500, 5))
        r = capability(x, lsl=offset - 0.002, usl=offset + 0.0025, unbias=False)
        exact = np.sqrt(np.sum((x - x.mean(axis=1, keepdims=True)) ** 2) / (500 * 4))
        assert r.sigma_within == pytest.approx(exact, rel=1e-6)
        assert r.sigma_overall == pytest.approx(np.std(x, ddof=1), rel=1e-6)
        below = np.sum(x < offset - 0.002) / x.size * 1e6
        above = np.sum(x > offset + 0.0025) / x.size * 1e6
        assert r.ppm_observed_below == pytest.approx(below)
        assert r.ppm_observed_above == pytest.approx(above)


def test_unbias_options() -> None:
    """unbias=False drops c4 from the pooled SD; unbias_overall divides the sample SD by c4(N)
    (Minitab's options)."""
    x = np.array([[1.0, 2.0, 4.0], [2.0, 2.5, 3.0], [3.0, 1.0, 1.5]])
    a = capability(x, lsl=0, usl=6)
    b = capability(x, lsl=0, usl=6, unbias=False)
    assert a.sigma_within == pytest.approx(b.sigma_within / c4(7))
    c = capability(x, lsl=0, usl=6, unbias_overall=True)
    assert c.sigma_overall == pytest.approx(a.sigma_overall / c4(9))


def test_data_forms_agree() -> None:
    """2-D rows, 1-D values with subgroup labels and a DataFrame give one answer."""
    rng = np.random.default_rng(3)
    x = rng.normal(10, 1, (8, 4))
    x[2, 3] = np.nan
    labels = np.repeat(np.arange(8), 4)
    flat = x.ravel()
    keep = ~np.isnan(flat)
    a = capability(x, lsl=7, usl=14)
    b = capability(flat[keep], subgroup=labels[keep], lsl=7, usl=14)
    frame = pd.DataFrame({"v": flat, "g": labels})
    c = capability(frame, value="v", subgroup="g", lsl=7, usl=14, nan_policy="omit")
    # shuffled rows: subgroups are labels, not positions
    order = rng.permutation(keep.sum())
    d = capability(flat[keep][order], subgroup=labels[keep][order], lsl=7, usl=14)
    for other in (b, c, d):
        assert other.n == a.n == 31
        assert other.sigma_within == pytest.approx(a.sigma_within, rel=1e-12)
        assert other.sigma_overall == pytest.approx(a.sigma_overall, rel=1e-12)
        assert other.cpk == pytest.approx(a.cpk, rel=1e-12)


def test_grouped_equals_loop() -> None:
    """by=: every field equals the single-characteristic result; limits per characteristic."""
    rng = np.random.default_rng(7)
    frames = []
    for name, mu in (("b", 5.0), ("a", 10.0), ("c", 0.0)):
        frames.append(
            pd.DataFrame(
                {"char": name, "value": rng.normal(mu, 1, 40), "sg": np.repeat(range(8), 5)}
            )
        )
    frame = pd.concat(frames, ignore_index=True).sample(frac=1.0, random_state=1)
    lsl = {"a": 7.0, "b": 2.0, "c": -3.0}
    usl = pd.Series({"a": 13.0, "b": 8.0})  # c has no USL
    for kwargs in ({}, {"subgroup": "sg"}, {"subgroup": "sg", "sigma_method": "rbar"}):
        g = capability(frame, value="value", by="char", lsl=lsl, usl=usl, target=None, **kwargs)
        assert list(g.cp.index) == ["a", "b", "c"]
        for name in ("a", "b", "c"):
            part = frame[frame["char"] == name]
            single = capability(
                part,
                value="value",
                lsl=lsl[name],
                usl=usl.get(name),
                **kwargs,  # type: ignore[arg-type]
            )
            for field in ("mean", "sigma_within", "sigma_overall", "cpk", "ppk", "ppm_observed"):
                assert getattr(g, field)[name] == pytest.approx(getattr(single, field), rel=1e-9)
            if single.cp is None:
                assert math.isnan(g.cp[name])
            else:
                assert g.cp[name] == pytest.approx(single.cp, rel=1e-9)
            lo, hi = g.intervals["cpk"]
            assert (lo[name], hi[name]) == pytest.approx(single.intervals["cpk"], rel=1e-9)
    table = g.to_frame()
    assert list(table.index) == ["a", "b", "c"]
    assert {"cpk", "cpk_lower", "cpk_upper"} <= set(table.columns)


def test_result_is_frozen_and_jsonable() -> None:
    r = capability([1.0, 2.0, 4.0, 3.0, 5.0], lsl=0, usl=7)
    assert isinstance(r, CapabilityResult)
    with pytest.raises(AttributeError):
        r.cp = 2.0  # type: ignore[misc]
    json.dumps(r.to_dict(), allow_nan=False)
    assert r.to_frame().shape[0] == 1


def test_inputs_not_mutated() -> None:
    x = np.array([3.0, 1.0, 2.0, 5.0])
    labels = np.array([1, 0, 1, 0])
    capability(x, subgroup=labels, lsl=0, usl=6)
    assert x.tolist() == [3.0, 1.0, 2.0, 5.0]


# ------------------------------------------------------------------------------------------
# properties

_values = st.lists(
    st.floats(min_value=-1e3, max_value=1e3, allow_nan=False), min_size=4, max_size=40
).filter(lambda v: np.ptp(v) > 1e-3 and np.all(np.abs(np.diff(v)) > 0) and np.std(v) > 1e-3)


@settings(max_examples=50, deadline=None)
@given(_values, st.floats(0.5, 5.0), st.floats(0.5, 5.0))
def test_index_laws(values: list[float], below: float, above: float) -> None:
    x = np.asarray(values)
    spread = np.std(x)
    lsl, usl = x.mean() - below * spread, x.mean() + above * spread
    r = capability(x, lsl=lsl, usl=usl)
    assert r.cpk <= r.cp + 1e-12
    assert r.ppk <= r.pp + 1e-12
    assert r.cpk == min(r.cpl, r.cpu)
    assert r.ppk == min(r.ppl, r.ppu)
    for key, (lo, hi) in r.intervals.items():
        est = getattr(r, key)
        assert lo <= est <= hi, key
    for field in ("ppm_within", "ppm_overall", "ppm_observed"):
        assert 0.0 <= getattr(r, field) <= 1e6


@settings(max_examples=50, deadline=None)
@given(_values, st.floats(0.1, 100.0), st.floats(-1e3, 1e3))
def test_affine_invariance(values: list[float], a: float, b: float) -> None:
    x = np.asarray(values)
    lsl, usl, target = x.min() - 1.0, x.max() + 2.0, x.mean()
    r = capability(x, lsl=lsl, usl=usl, target=target)
    s = capability(a * x + b, lsl=a * lsl + b, usl=a * usl + b, target=a * target + b)
    for field in ("cp", "cpk", "cpl", "cpu", "pp", "ppk", "cpm", "cpmk", "ppm_within"):
        assert getattr(s, field) == pytest.approx(getattr(r, field), rel=1e-6, abs=1e-9), field


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(4, 15), min_size=1, max_size=4),
    st.integers(0, 2**31 - 1),
    st.sampled_from(["moving_range", "median_moving_range", "mssd"]),
)
def test_grouped_equals_loop_property(sizes: list[int], seed: int, method: str) -> None:
    """The vectorized by= result equals a loop of single-characteristic results."""
    rng = np.random.default_rng(seed)
    names = [f"c{i}" for i in range(len(sizes))]
    values = [rng.normal(rng.uniform(-5, 5), rng.uniform(0.5, 2), n) for n in sizes]
    frame = pd.DataFrame({"c": np.repeat(names, sizes), "v": np.concatenate(values)}).sample(
        frac=1.0, random_state=seed % 1000
    )
    lsl = {name: float(v.min() - 1) for name, v in zip(names, values, strict=True)}
    g = capability(frame, value="v", by="c", lsl=lsl, usl=10.0, target=None, sigma_method=method)
    for name in names:
        single = capability(
            frame.loc[frame["c"] == name, "v"], lsl=lsl[name], usl=10.0, sigma_method=method
        )
        for field in ("mean", "sigma_within", "sigma_overall", "cp", "cpk", "ppk", "dof"):
            assert getattr(g, field)[name] == pytest.approx(getattr(single, field), rel=1e-9)
        for key, pair in single.intervals.items():
            lo, hi = g.intervals[key]
            assert (lo[name], hi[name]) == pytest.approx(pair, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 8),
    st.integers(2, 6),
    st.integers(0, 2**31 - 1),
    st.sampled_from(["pooled", "rbar", "sbar"]),
)
def test_subgroup_laws(rows: int, cols: int, seed: int, method: str) -> None:
    """Subgroup estimators: Cpk <= Cp, intervals bracket the estimate, positive dof."""
    x = np.random.default_rng(seed).normal(10.0, 1.0, (rows, cols))
    r = capability(x, lsl=5.0, usl=16.0, target=10.5, sigma_method=method)
    assert r.cpk <= r.cp
    assert r.dof > 0
    for key, (lo, hi) in r.intervals.items():
        assert lo <= getattr(r, key) <= hi


# ------------------------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"data": []}, "data"),
        ({"data": [1.0]}, "data"),
        ({"data": [2.0, 2.0, 2.0]}, "data"),
        ({"data": [1.0, np.nan, 2.0, 3.0]}, "data"),
        ({"data": [1.0, np.inf, 2.0, 3.0]}, "data"),
        ({"data": "abc"}, "data"),
        ({"data": ["a", "b"]}, "data"),
        ({"data": ["1.0", "2.0", "3.0"]}, "data"),
        ({"data": [1.0, None, 2.0]}, "data"),
        ({"data": [[1.0, 2.0], [3.0]]}, "data"),
        ({"data": np.zeros((2, 2, 2))}, "data"),
        ({"lsl": 5.0, "usl": 5.0}, "lsl"),
        ({"lsl": None, "usl": None}, "lsl"),
        ({"lsl": np.nan}, "lsl"),
        ({"target": 99.0}, "target"),
        ({"confidence": 1.0}, "confidence"),
        ({"confidence": 0.0}, "confidence"),
        ({"sigma_method": "magic"}, "sigma_method"),
        ({"sigma_method": "pooled"}, "sigma_method"),
        ({"dof": "n"}, "dof"),
        ({"span": 1}, "span"),
        ({"span": 9}, "data"),
        ({"nan_policy": "ignore"}, "nan_policy"),
        ({"cpm_method": "x"}, "cpm_method"),
        ({"unbias": "yes"}, "unbias"),
        ({"value": "v"}, "value"),
        ({"subgroup": [1, 2]}, "subgroup"),
    ],
)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    call: dict[str, object] = {"data": [1.0, 2.0, 4.0, 3.0, 5.0], "lsl": 0.0, "usl": 7.0}
    call.update(kwargs)
    data = call.pop("data")
    with pytest.raises(InvalidInputError, match=match):
        capability(data, **call)  # type: ignore[arg-type]


def test_bad_subgroups() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0])
    with pytest.raises(InvalidInputError, match="subgroup"):
        capability(x, subgroup=[0, 1, 2, 3], lsl=0, usl=5, sigma_method="rbar")
    with pytest.raises(InvalidInputError, match="sigma_method"):
        capability(x, subgroup=[0, 0, 1, 1], lsl=0, usl=5, sigma_method="mssd")
    single = capability(x, subgroup=[0, 1, 2, 3], lsl=0, usl=5)  # one value each: individuals
    assert single.sigma_method == "moving_range"
    assert single.sigma_within == capability(x, lsl=0, usl=5).sigma_within
    with pytest.raises(InvalidInputError, match="within-subgroup variation"):
        capability([1.0, 1.0, 3.0, 3.0], subgroup=[0, 0, 1, 1], lsl=0, usl=5)
    with pytest.raises(InvalidInputError, match="subgroup"):
        capability(x, subgroup=[0, None, 1, 1], lsl=0, usl=5)
    with pytest.raises(InvalidInputError, match="data"):
        capability(pd.DataFrame({"v": x}), value="w", lsl=0, usl=5)
    with pytest.raises(InvalidInputError, match="value"):
        capability(pd.DataFrame({"v": x, "w": x}), lsl=0, usl=5)


def test_bad_grouped_limits() -> None:
    frame = pd.DataFrame({"c": ["a"] * 4 + ["b"] * 4, "v": [1.0, 2, 4, 3, 5, 6, 8, 7]})
    with pytest.raises(InvalidInputError, match="lsl"):
        capability(frame, value="v", by="c", lsl={"zz": 0.0}, usl=10)
    with pytest.raises(InvalidInputError, match="lsl"):
        capability(frame, value="v", by="c", lsl={"a": 11.0}, usl=10)
    with pytest.raises(InvalidInputError, match="'b'"):
        capability(frame, value="v", by="c", lsl={"a": 0.0})


BAD_VALUES: list[object] = [
    "not-a-valid-option",
    -1,
    0,
    float("nan"),
    float("inf"),
    -2.5,
    None,
    [],
    object(),
    np.array([np.nan, 1.0, 2.0]),
    pd.DataFrame(),
    {"unexpected": 1},
]


def test_sweep_only_invalid_input_errors() -> None:
    """Like the public-API sweep: any bad value gives InvalidInputError or a valid result."""
    valid: dict[str, object] = {"data": [1.0, 2.0, 4.0, 3.0, 5.0], "lsl": 0.0, "usl": 7.0}
    names = ["data", "lsl", "usl", "target", "subgroup", "sigma_method", "span", "dof"]
    names += ["confidence", "unbias", "unbias_overall", "cpm_method", "nan_policy", "value", "by"]
    for name in names:
        for bad in BAD_VALUES:
            call = dict(valid, **{name: bad})
            data = call.pop("data")
            with contextlib.suppress(InvalidInputError):
                capability(data, **call)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------
# Dask input


def _dask_frame() -> pd.DataFrame:
    rng = np.random.default_rng(21)
    frames = []
    for name, mu in (("b", 5.0), ("a", 10.0), ("c", 0.0)):
        frames.append(
            pd.DataFrame(
                {"char": name, "value": rng.normal(mu, 1, 30), "sg": np.repeat(np.arange(6), 5)}
            )
        )
    # shuffled rows, then a fresh index: dd.from_pandas keeps row order only for a sorted index
    shuffled = pd.concat(frames, ignore_index=True).sample(frac=1.0, random_state=3)
    return shuffled.reset_index(drop=True)


_DASK_FIELDS = ("n", "mean", "sigma_within", "sigma_overall", "cpk", "ppk", "ppm_observed", "dof")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sigma_method": "moving_range"},
        {"sigma_method": "mssd"},
        {"subgroup": "sg", "sigma_method": "pooled"},
        {"subgroup": "sg", "sigma_method": "rbar"},
        {"subgroup": "sg", "sigma_method": "sbar"},
    ],
)
def test_dask_matches_pandas(kwargs: dict[str, object]) -> None:
    """A Dask DataFrame (3 partitions) gives the pandas answer, grouped and single."""
    dd = pytest.importorskip("dask.dataframe")
    frame = _dask_frame()
    lsl = {"a": 7.5, "b": 3.0, "c": -2.0}
    usl = {"a": 12.0, "b": 6.5, "c": 2.0}
    expected = capability(frame, value="value", by="char", lsl=lsl, usl=usl, **kwargs)  # type: ignore[arg-type]
    ddf = dd.from_pandas(frame, npartitions=3)
    got = capability(ddf, value="value", by="char", lsl=lsl, usl=usl, **kwargs)  # type: ignore[arg-type]
    for field in _DASK_FIELDS:
        pd.testing.assert_series_equal(
            getattr(got, field),
            getattr(expected, field),
            check_dtype=False,
            check_index_type=False,
            rtol=1e-9,
        )
    single = frame[frame["char"] == "a"]
    one = capability(single, value="value", lsl=7.5, usl=12.0, **kwargs)  # type: ignore[arg-type]
    one_dask = capability(
        dd.from_pandas(single, npartitions=3), value="value", lsl=7.5, usl=12.0, **kwargs
    )  # type: ignore[arg-type]
    for field in _DASK_FIELDS:
        assert getattr(one_dask, field) == pytest.approx(getattr(one, field), rel=1e-9)


def test_dask_nan_and_bad_input() -> None:
    dd = pytest.importorskip("dask.dataframe")
    frame = _dask_frame()
    frame.loc[frame.index[4], "value"] = np.nan
    ddf = dd.from_pandas(frame, npartitions=3)
    with pytest.raises(InvalidInputError, match="NaN"):
        capability(ddf, value="value", by="char", lsl=-5, usl=15)
    got = capability(ddf, value="value", by="char", lsl=-5, usl=15, nan_policy="omit")
    expected = capability(frame, value="value", by="char", lsl=-5, usl=15, nan_policy="omit")
    pd.testing.assert_series_equal(
        got.sigma_within, expected.sigma_within, check_index_type=False, rtol=1e-9
    )
    with pytest.raises(InvalidInputError, match="value"):
        capability(ddf, by="char", lsl=-5, usl=15)
    with pytest.raises(InvalidInputError, match="sigma_method"):
        capability(ddf, value="value", lsl=-5, usl=15, sigma_method="median_moving_range")
    with pytest.raises(InvalidInputError, match="data"):
        capability(ddf, value="nope", lsl=-5, usl=15)


def test_dask_local_cluster(dask_client: object) -> None:
    """One distributed.LocalCluster run (the session's cluster): the partition summaries run
    on a worker process."""
    dd = pytest.importorskip("dask.dataframe")
    frame = _dask_frame()
    expected = capability(frame, value="value", by="char", subgroup="sg", lsl=-5.0, usl=15.0)
    got = capability(
        dd.from_pandas(frame, npartitions=3),
        value="value",
        by="char",
        subgroup="sg",
        lsl=-5.0,
        usl=15.0,
    )
    pd.testing.assert_series_equal(got.cpk, expected.cpk, check_index_type=False, rtol=1e-9)
