"""Reference, property and bad-input tests of non-normal capability and the normality test."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma import capability, nonnormal_capability, normality_test
from opsmodels.sixsigma._nonnormal import (
    _JOHNSON_Z,
    _ad_statistic,
    _boxcox,
    _johnson,
    _johnson_apply,
    _johnson_candidates,
    _p_normal,
    _table_pvalue,
)

RNG_SEED = 20261127


def exact_sample(dist: stats.rv_continuous, n: int, *args: float, **kwds: float) -> np.ndarray:
    """Quantiles at the plotting positions (i - 0.5)/n: a sample that fits exactly."""
    return dist.ppf((np.arange(1, n + 1) - 0.5) / n, *args, **kwds)


# ---------------------------------------------------------------------------------------------
# Anderson-Darling normality test


@pytest.mark.parametrize(
    ("adjusted", "level"),
    [(0.561, 0.15), (0.631, 0.10), (0.752, 0.05), (0.873, 0.025), (1.035, 0.01)],
)
def test_normal_pvalue_formula_matches_stephens_critical_values(
    adjusted: float, level: float
) -> None:
    """D'Agostino & Stephens (1986), Goodness-of-Fit Techniques, Table 4.7 (case 3, mean and
    variance estimated): upper-tail percentage points of A*^2 are 0.561 (15 %), 0.631 (10 %),
    0.752 (5 %), 0.873 (2.5 %), 1.035 (1 %). The p-value formula of their Table 4.9 (used by
    Minitab and R nortest) must give those levels back to the formula's accuracy."""
    assert float(_p_normal(adjusted)) == pytest.approx(level, rel=0.06)


def test_normal_pvalue_is_monotone_and_in_unit_interval() -> None:
    a = np.linspace(0.0, 400.0, 40_001)
    p = _p_normal(a)
    assert np.all((p >= 0) & (p <= 1))
    assert np.all(np.diff(p) <= 1e-12)


def test_anderson_darling_statistic_agrees_with_scipy() -> None:
    """A^2 is the statistic of Stephens (1974) that scipy.stats.anderson also computes."""
    x = np.random.default_rng(RNG_SEED).gamma(3.0, size=57)
    expected = stats.anderson(x, dist="norm", method="interpolate").statistic
    assert normality_test(x).statistic == pytest.approx(expected, rel=1e-10)


def test_anderson_darling_core_matches_boost_documentation() -> None:
    """Boost.Math documentation, "Anderson-Darling test" (anderson_darling_normality_statistic):
    the values 1, 2, 3, 4, 5 against N(0, 1) give A^2 = 19.49684."""
    x = np.arange(1.0, 6.0)
    a2 = _ad_statistic(special.log_ndtr(x)[None, :], special.log_ndtr(-x)[None, :])[0]
    assert a2 == pytest.approx(19.49684, abs=5e-6)


def test_normality_test_fields_and_modification() -> None:
    x = np.array([2.1, 2.5, 2.2, 2.8, 2.4, 2.3, 2.6, 2.2, 2.9, 2.5])
    r = normality_test(x)
    n = x.size
    assert r.adjusted_statistic == pytest.approx(r.statistic * (1 + 0.75 / n + 2.25 / n**2))
    assert r.mean == pytest.approx(x.mean())
    assert r.std == pytest.approx(x.std(ddof=1))
    assert r.n == n


@pytest.mark.parametrize(
    ("table", "crit", "level", "n"),
    [
        ("extreme", 0.757, 0.05, 10**12),  # Stephens (1977), extreme value, both estimated
        ("extreme", 1.038, 0.01, 10**12),
        ("logistic", 0.660, 0.05, 10**12),  # Stephens (1979), logistic
        ("expon", 1.341, 0.05, 10**12),  # D'Agostino & Stephens (1986) Table 4.14
    ],
)
def test_table_pvalues_at_published_critical_values(
    table: str, crit: float, level: float, n: int
) -> None:
    """At a published critical value (n large, so the modification factor is 1) the
    interpolated p-value is the table's significance level."""
    p, _ = _table_pvalue(table, crit, n)
    assert p == pytest.approx(level, rel=1e-6)


def test_table_pvalues_beyond_the_table_are_reported_as_bounds() -> None:
    assert _table_pvalue("extreme", 0.1, 10**12) == (0.25, "> 0.250")
    assert _table_pvalue("logistic", 5.0, 10**12) == (0.005, "< 0.005")


# ---------------------------------------------------------------------------------------------
# Percentile method (ISO 22514-2) and Minitab's Z-score form


def test_percentile_method_by_hand_for_a_known_weibull() -> None:
    """ISO 22514-2 percentile indices of Weibull(c = 1.5, scale = 2) computed by hand from its
    quantile function x_p = 2(-ln(1-p))^(1/1.5) at p = Phi(-3), 0.5, Phi(3)."""
    c, scale, lsl, usl = 1.5, 2.0, 0.05, 9.0
    q = {p: scale * (-math.log1p(-p)) ** (1 / c) for p in (special.ndtr(-3), 0.5, special.ndtr(3))}
    lo, mid, hi = q.values()
    frozen = stats.weibull_min(c, scale=scale)
    x = exact_sample(stats.weibull_min, 100, c, scale=scale)
    r = nonnormal_capability(x, lsl=lsl, usl=usl, method="percentile", distribution=frozen)
    assert r.pp == pytest.approx((usl - lsl) / (hi - lo), rel=1e-10)
    assert r.ppu == pytest.approx((usl - mid) / (hi - mid), rel=1e-10)
    assert r.ppl == pytest.approx((mid - lsl) / (mid - lo), rel=1e-10)
    assert r.ppk == pytest.approx(min(r.ppu, r.ppl))
    assert r.ppm_above == pytest.approx(1e6 * math.exp(-((usl / scale) ** c)), rel=1e-9)
    assert r.ppm_below == pytest.approx(1e6 * -math.expm1(-((lsl / scale) ** c)), rel=1e-9)
    assert r.percentiles[0.5] == pytest.approx(mid)
    assert r.cp is None
    assert r.cpk is None


def test_percentile_method_fitted_on_a_large_exact_sample() -> None:
    """Fitting by maximum likelihood to 5000 exact Weibull quantiles recovers the parameters,
    so the indices approach the hand values of the true distribution."""
    c, scale, usl = 2.2, 3.0, 9.0
    x = exact_sample(stats.weibull_min, 5000, c, scale=scale)
    r = nonnormal_capability(x, usl=usl, method="percentile", distribution="weibull")
    assert r.parameters["c"] == pytest.approx(c, rel=2e-3)
    assert r.parameters["scale"] == pytest.approx(scale, rel=1e-3)
    mid = scale * math.log(2) ** (1 / c)
    hi = scale * (-math.log(special.ndtr(-3))) ** (1 / c)
    assert r.ppk == pytest.approx((usl - mid) / (hi - mid), rel=5e-3)
    assert r.pp is None
    assert r.ppl is None


def test_zscore_method_matches_minitab_example() -> None:
    """Minitab 21 Support, "Z-score method for nonnormal capability": with P1 = P(X < LSL) = 0.01
    and P2 = P(X < USL) = 0.90, Z.LSL = -2.3, Z.USL = 1.3 and Ppk = PPU = 0.43 (rounded)."""
    frozen = stats.weibull_min(2.0, scale=10.0)
    lsl, usl = frozen.ppf(0.01), frozen.ppf(0.90)
    x = frozen.rvs(size=50, random_state=RNG_SEED)
    r = nonnormal_capability(
        x, lsl=lsl, usl=usl, method="percentile", distribution=frozen, indices="zscore"
    )
    assert r.ppu == pytest.approx(stats.norm.ppf(0.90) / 3)
    assert round(r.ppk, 2) == 0.43
    assert r.ppl == pytest.approx(-stats.norm.ppf(0.01) / 3)
    assert r.pp == pytest.approx((stats.norm.ppf(0.90) - stats.norm.ppf(0.01)) / 6)
    assert r.index_method == "zscore"


def test_limit_beyond_bounded_support_gives_inf() -> None:
    """No product can fall below a limit under the support: the index is inf, never NaN."""
    frozen = stats.weibull_min(1.5, scale=2.0)  # support x > 0
    x = exact_sample(stats.weibull_min, 50, 1.5, scale=2.0)
    r = nonnormal_capability(
        x, lsl=-1.0, usl=8.0, method="percentile", distribution=frozen, indices="zscore"
    )
    assert r.ppl == math.inf
    assert r.ppm_below == 0.0


@pytest.mark.parametrize("name", ["lognorm3", "weibull_min3", "gamma3", "fisk3", "expon2"])
def test_threshold_models_put_the_threshold_below_the_data(name: str) -> None:
    x = np.random.default_rng(RNG_SEED).gamma(3.0, size=120) + 10.0
    r = nonnormal_capability(x, usl=40.0, method="percentile", distribution=name)
    assert r.parameters["loc"] < x.min()
    assert r.ppk is not None
    assert math.isfinite(r.ppk)
    assert math.isfinite(r.anderson_darling)  # type: ignore[arg-type]


def test_table_pvalues_only_where_the_tables_apply() -> None:
    """Stephens' tables are for estimated parameters of the stated form: a frozen model (nothing
    estimated) or a family fitted with a free threshold gets no p-value."""
    x = exact_sample(stats.weibull_min, 200, 1.5, scale=2.0)
    frozen = nonnormal_capability(
        x, usl=10.0, method="percentile", distribution=stats.weibull_min(1.5, scale=2.0)
    )
    assert frozen.anderson_darling_pvalue is None
    free = nonnormal_capability(x, usl=10.0, method="percentile", distribution=stats.weibull_min)
    assert free.anderson_darling_pvalue is None
    normal = nonnormal_capability(x, usl=10.0, method="percentile", distribution=stats.norm)
    assert normal.anderson_darling_pvalue is not None


def test_unfrozen_scipy_distribution_is_fitted() -> None:
    x = exact_sample(stats.gamma, 400, 3.0, scale=2.0)
    r = nonnormal_capability(x, usl=25.0, method="percentile", distribution=stats.gamma)
    assert r.distribution == "gamma"
    assert set(r.parameters) == {"a", "loc", "scale"}


# ---------------------------------------------------------------------------------------------
# Box-Cox


def test_boxcox_lambda_is_the_maximum_likelihood_estimate() -> None:
    """Box & Cox (1964): lambda maximises the profile log-likelihood; scipy's boxcox_normmax
    (method="mle") is an independent implementation of the same estimate."""
    x = np.random.default_rng(RNG_SEED).lognormal(1.0, 0.4, size=80) ** 0.7 + 0.5
    r = nonnormal_capability(x, lsl=0.5, usl=20.0, method="boxcox")
    assert r.lam == pytest.approx(stats.boxcox_normmax(x, method="mle"), abs=1e-5)


def test_boxcox_lambda_minimises_minitab_standardised_sd() -> None:
    """Minitab's Box-Cox criterion (Box & Cox's normalised transform W = (x^lam - 1) /
    (lam * g^(lam-1)), g the geometric mean; choose lam with the smallest SD of W) gives the
    same lambda as the likelihood."""
    x = np.random.default_rng(RNG_SEED).gamma(2.0, size=60) + 0.1
    lam = _boxcox(x, None).parameters["lambda"]
    g = math.exp(np.log(x).mean())

    def sd(v: float) -> float:
        w = np.log(x) * g if v == 0 else (x**v - 1) / (v * g ** (v - 1))
        return float(np.std(w, ddof=1))

    grid = np.linspace(lam - 0.2, lam + 0.2, 41)
    assert all(sd(lam) <= sd(v) + 1e-12 for v in grid)


def test_boxcox_lambda_is_zero_for_symmetric_log_data() -> None:
    """If ln x is symmetric about its mean, the likelihood equation is solved by lambda = 0
    (the derivative of the profile log-likelihood at 0 is a sum of odd moments)."""
    z = stats.norm.ppf((np.arange(1, 41) - 0.5) / 40)
    r = nonnormal_capability(np.exp(1.0 + 0.3 * z), usl=10.0, method="boxcox")
    assert r.lam == pytest.approx(0.0, abs=1e-6)


def test_boxcox_rounded_and_fixed_lambda() -> None:
    x = np.random.default_rng(RNG_SEED).gamma(2.0, size=60) + 0.1
    mle = _boxcox(x, None).parameters["lambda"]
    rounded = nonnormal_capability(x, usl=15.0, method="boxcox", lam="rounded").lam
    assert rounded == pytest.approx(round(mle * 2) / 2)
    assert nonnormal_capability(x, usl=15.0, method="boxcox", lam=0).lam == 0.0


def test_boxcox_percentiles_back_transform() -> None:
    x = np.random.default_rng(RNG_SEED).gamma(2.0, size=60) + 0.1
    r = nonnormal_capability(x, lsl=0.05, usl=15.0, method="boxcox")
    lam = r.lam
    assert lam is not None
    y = special.boxcox(x, lam)
    assert r.percentiles[0.5] == pytest.approx(special.inv_boxcox(y.mean(), lam))
    assert r.transformed_usl == pytest.approx(special.boxcox(15.0, lam))


@pytest.mark.parametrize("lam", [-1.0, -0.5, 0.0, 0.5, 2.0])
def test_boxcox_indices_are_normal_capability_of_transformed_data(lam: float) -> None:
    """Data and limits are transformed with the same increasing map, so the indices are those
    of the normal capability of the transformed values (Minitab's x^lambda differs from
    (x^lambda - 1)/lambda by an affine map, which leaves the indices unchanged)."""
    x = np.random.default_rng(RNG_SEED).gamma(4.0, size=70) + 0.5
    lsl, usl = 0.4, 20.0
    r = nonnormal_capability(x, lsl=lsl, usl=usl, method="boxcox", lam=lam)
    c = capability(
        special.boxcox(x, lam), lsl=special.boxcox(lsl, lam), usl=special.boxcox(usl, lam)
    )
    for name in ("pp", "ppl", "ppu", "ppk", "cp", "cpk"):
        assert getattr(r, name) == pytest.approx(getattr(c, name), rel=1e-9), name
    if lam != 0.0:  # Minitab's form x^lambda (decreasing for lambda < 0: the limits swap)
        y, lo, hi = x**lam, lsl**lam, usl**lam
        lo, hi = min(lo, hi), max(lo, hi)
        assert r.pp == pytest.approx((hi - lo) / (6 * y.std(ddof=1)), rel=1e-9)


def test_boxcox_with_subgroups_uses_pooled_within_sigma() -> None:
    x = np.random.default_rng(RNG_SEED).gamma(4.0, size=60) + 0.5
    groups = np.repeat(np.arange(12), 5)
    r = nonnormal_capability(x, lsl=0.4, usl=20.0, method="boxcox", subgroup=groups)
    assert r.capability.sigma_method == "pooled"
    assert r.lam is not None
    c = capability(special.boxcox(x, r.lam), usl=special.boxcox(20.0, r.lam), subgroup=groups)
    assert r.cpu == pytest.approx(c.cpu, rel=1e-9)


# ---------------------------------------------------------------------------------------------
# Johnson


@pytest.mark.parametrize("kind", ["gamma", "reflected_gamma", "t", "beta"])
def test_johnson_quantile_fit_maps_quantiles_to_normal_scores(kind: str) -> None:
    """Slifker & Shapiro (1980) quantile estimates: SB and SU map the four sample quantiles at
    Phi(-3z), Phi(-z), Phi(z), Phi(3z) exactly to -3z, -z, z, 3z; SL fits three of them
    (the upper three for right skew, the lower three for left skew)."""
    rng = np.random.default_rng(RNG_SEED)
    x = {
        "gamma": rng.gamma(2.0, size=400),
        "reflected_gamma": -rng.gamma(2.0, size=400),
        "t": rng.standard_t(5, size=400),
        "beta": rng.beta(2, 3, size=400),
    }[kind]
    xs = np.sort(x)
    codes, params = _johnson_candidates(xs, "weibull")
    assert codes.size > 0
    for code, par in zip(codes, params, strict=True):
        z = par[0]
        probs = special.ndtr(np.array([-3 * z, -z, z, 3 * z]))
        q = np.quantile(xs, probs, method="weibull")
        out = _johnson_apply(np.array([code]), par[None, :], q[None, :])[0]
        targets = np.array([-3 * z, -z, z, 3 * z])
        matched = np.isclose(out, targets, atol=1e-8)
        assert matched.sum() >= (3 if code == 1 else 4)
        assert matched[1]
        assert matched[2]


def test_johnson_picks_bounded_family_for_bounded_data() -> None:
    x = np.random.default_rng(RNG_SEED).beta(2.0, 5.0, size=500)
    r = nonnormal_capability(x, lsl=0.0, usl=0.9, method="johnson")
    assert r.johnson_family == "SB"
    assert r.method == "johnson"
    assert 0.25 <= r.parameters["z"] <= 1.25
    assert r.anderson_darling_pvalue is not None
    assert r.anderson_darling_pvalue > 0.1


def test_johnson_picks_unbounded_family_for_heavy_tails() -> None:
    x = np.random.default_rng(RNG_SEED).standard_t(3, size=500)
    r = nonnormal_capability(x, lsl=-15.0, usl=15.0, method="johnson")
    assert r.johnson_family == "SU"


def test_johnson_transformation_is_monotone_and_inverts() -> None:
    x = np.random.default_rng(RNG_SEED).lognormal(0.0, 0.6, size=300)
    t = _johnson(x, "weibull")
    grid = np.linspace(x.min(), x.max(), 200)
    y = t.forward(grid)
    assert np.all(np.diff(y) > 0)
    np.testing.assert_allclose(t.inverse(y), grid, rtol=1e-9)


def test_johnson_grid_is_the_published_one() -> None:
    """Chou, Polansky & Mason (1998) / Minitab: z from 0.25 to 1.25 in steps of 0.01."""
    assert _JOHNSON_Z[0] == 0.25
    assert _JOHNSON_Z[-1] == 1.25
    assert _JOHNSON_Z.size == 101


def test_johnson_reason_flags_poor_fit() -> None:
    """Minitab keeps a Johnson transformation only when its p-value exceeds 0.10; we keep the
    best one and say so in ``reason``."""
    x = np.concatenate([np.zeros(30), np.ones(30), np.full(5, 0.5)]) + np.linspace(0, 1e-3, 65)
    r = nonnormal_capability(x, lsl=-1.0, usl=2.0, method="johnson", pvalue_criterion=0.999)
    assert "no transformation reaches p > 0.999" in r.reason


# ---------------------------------------------------------------------------------------------
# Nonparametric and auto


def test_nonparametric_uses_documented_quantiles() -> None:
    x = np.arange(1.0, 1001.0)
    r = nonnormal_capability(
        x, lsl=0.0, usl=1100.0, method="nonparametric", quantile_method="linear"
    )
    lo, _mid, hi = np.quantile(x, [special.ndtr(-3), 0.5, special.ndtr(3)], method="linear")
    assert r.pp == pytest.approx(1100.0 / (hi - lo))
    assert r.percentiles[0.00135] == pytest.approx(lo)
    assert r.ppm_observed == 0.0
    assert r.anderson_darling is None


def test_auto_uses_normal_capability_for_normal_data() -> None:
    x = np.random.default_rng(RNG_SEED).normal(10.0, 1.0, size=100)
    r = nonnormal_capability(x, lsl=6.0, usl=14.0)
    c = capability(x, lsl=6.0, usl=14.0)
    assert r.method == "normal"
    assert "consistent with normality" in r.reason
    assert r.pp == pytest.approx(c.pp)
    assert r.ppk == pytest.approx(c.ppk)
    assert r.cp == pytest.approx(c.cp)
    assert r.cpk == pytest.approx(c.cpk)
    assert r.ppm_total == pytest.approx(c.ppm_overall, rel=1e-9)


def test_auto_chooses_the_generating_distribution_for_an_exact_sample() -> None:
    x = exact_sample(stats.weibull_min, 200, 1.5, scale=2.0)
    r = nonnormal_capability(x, usl=10.0)
    assert r.method == "percentile"
    assert r.distribution == "weibull_min"
    assert r.reason.startswith("weibull_min: ")
    assert "runner-up" in r.reason
    assert "data are not normal" in r.reason
    assert {"norm", "gamma", "boxcox", "johnson"} <= set(r.fits.index)
    assert r.fits.loc["weibull_min", "pvalue_text"] == "> 0.250"


def test_fit_statistics_do_not_depend_on_data_order() -> None:
    """The AD statistic sorts the sample: shuffling the (time-ordered) data changes nothing."""
    x = exact_sample(stats.gamma, 300, 2.0, scale=1.5)
    shuffled = np.random.default_rng(RNG_SEED).permutation(x)
    a = nonnormal_capability(x, usl=15.0).fits
    b = nonnormal_capability(shuffled, usl=15.0).fits
    np.testing.assert_allclose(
        a["anderson_darling"].to_numpy(float), b["anderson_darling"].to_numpy(float), rtol=1e-6
    )


def test_auto_finds_gamma_in_a_shuffled_gamma_sample() -> None:
    x = np.random.default_rng(RNG_SEED).permutation(exact_sample(stats.gamma, 1000, 2.0))
    r = nonnormal_capability(x, usl=15.0, candidates=("norm", "lognorm", "weibull", "gamma"))
    assert r.distribution == "gamma"
    assert r.fits.loc["gamma", "anderson_darling"] < 0.05


def test_auto_rejects_insignificant_threshold_by_likelihood_ratio() -> None:
    x = exact_sample(stats.weibull_min, 200, 1.5, scale=2.0)
    fits = nonnormal_capability(x, usl=10.0).fits
    assert not fits.loc["weibull_min3", "eligible"]
    assert fits.loc["weibull_min3", "lrt_pvalue"] >= 0.05


def test_auto_skips_positive_models_for_negative_data() -> None:
    x = -np.random.default_rng(RNG_SEED).gamma(1.5, size=150)
    r = nonnormal_capability(x, lsl=-12.0)
    assert not r.fits.loc["lognorm", "eligible"]
    assert "needs data > 0" in r.fits.loc["weibull_min", "note"]
    assert r.method in {"percentile", "johnson"}


def test_monte_carlo_pvalues_are_reproducible() -> None:
    x = np.random.default_rng(RNG_SEED).gamma(2.0, size=40)
    kwargs = dict(
        usl=15.0,
        method="percentile",
        candidates=("gamma", "weibull"),
        pvalues="monte_carlo",
        n_resamples=19,
        rng=7,
    )
    a = nonnormal_capability(x, **kwargs)  # type: ignore[arg-type]
    b = nonnormal_capability(x, **kwargs)  # type: ignore[arg-type]
    assert a.fits.loc["gamma", "pvalue"] == b.fits.loc["gamma", "pvalue"]
    assert 0 < a.fits.loc["gamma", "pvalue"] <= 1


def test_result_is_json_safe_and_never_nan() -> None:
    x = np.random.default_rng(RNG_SEED).gamma(2.0, size=80)
    r = nonnormal_capability(x, lsl=0.01, usl=15.0)
    json.dumps(r.to_dict(), allow_nan=False)
    for name in ("pp", "ppl", "ppu", "ppk", "ppm_below", "ppm_above", "ppm_total"):
        value = getattr(r, name)
        assert value is not None
        assert not math.isnan(value)
    assert r.ppm_total == pytest.approx(r.ppm_below + r.ppm_above)
    assert len(r.to_frame()) == 1


def test_nan_policy_omit_and_inputs_not_mutated() -> None:
    x = np.random.default_rng(RNG_SEED).gamma(2.0, size=50)
    x[[3, 10]] = np.nan
    before = x.copy()
    r = nonnormal_capability(x, usl=15.0, method="boxcox", nan_policy="omit")
    assert r.n == 48
    np.testing.assert_array_equal(x, before)


# ---------------------------------------------------------------------------------------------
# Properties


positive_samples = st.lists(st.floats(0.1, 100.0, allow_nan=False), min_size=8, max_size=40).filter(
    lambda v: np.ptp(v) > 1e-3 * max(v)
)


@settings(max_examples=30, deadline=None)
@given(positive_samples, st.sampled_from(["percentile", "nonparametric", "boxcox"]))
def test_ppk_never_exceeds_pp(values: list[float], method: str) -> None:
    x = np.array(values)
    lsl, usl = 0.05, 2 * x.max()
    kwargs = {"distribution": "lognorm"} if method == "percentile" else {}
    r = nonnormal_capability(x, lsl=lsl, usl=usl, method=method, **kwargs)  # type: ignore[arg-type]
    assert r.pp is not None
    assert r.ppk is not None
    assert r.ppk <= r.pp + 1e-12
    if r.cp is not None and r.cpk is not None:
        assert r.cpk <= r.cp + 1e-12


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(-50.0, 50.0, allow_nan=False), min_size=5, max_size=40).filter(
        lambda v: np.ptp(v) > 1e-3
    )
)
def test_percentile_normal_fit_equals_normal_capability(values: list[float]) -> None:
    """With a normal model the percentile span X(Phi(3)) - X(Phi(-3)) is 6 sigma, so the
    percentile indices are the normal Pp, Ppl, Ppu (sigma = sample SD)."""
    x = np.array(values)
    lsl, usl = x.min() - 1.0, x.max() + 1.0
    r = nonnormal_capability(x, lsl=lsl, usl=usl, method="percentile", distribution="norm")
    c = capability(x, lsl=lsl, usl=usl)
    assert r.pp == pytest.approx(c.pp, rel=1e-9)
    assert r.ppk == pytest.approx(c.ppk, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(positive_samples)
def test_boxcox_with_lambda_one_is_normal_capability(values: list[float]) -> None:
    x = np.array(values)
    lsl, usl = 0.05, 2 * x.max()
    r = nonnormal_capability(x, lsl=lsl, usl=usl, method="boxcox", lam=1)
    c = capability(x, lsl=lsl, usl=usl)
    for name in ("pp", "ppl", "ppu", "ppk", "cp", "cpl", "cpu", "cpk"):
        assert getattr(r, name) == pytest.approx(getattr(c, name), rel=1e-9), name


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(-400, 400), min_size=3, max_size=60).filter(lambda v: max(v) > min(v)),
    st.integers(1, 64),
    st.integers(-1000, 1000),
    st.sampled_from(["weibull", "hazen", "linear", "median_unbiased"]),
)
def test_nonparametric_indices_invariant_under_affine_maps(
    values: list[int], a_quarters: int, b: int, qm: str
) -> None:
    """x -> a x + b (limits too): indices unchanged for a > 0; for a < 0 the limits swap and
    Pp, Ppk are unchanged (the quantile definitions are symmetric). Values, a and b are
    multiples of 1/4 so that the maps themselves are exact in floating point."""
    x = np.array(values, dtype=np.float64) / 4
    a = a_quarters / 4
    lsl, usl = x.min() - 1.0, x.max() + 2.0
    base = nonnormal_capability(x, lsl=lsl, usl=usl, method="nonparametric", quantile_method=qm)  # type: ignore[arg-type]
    up = nonnormal_capability(
        a * x + b,
        lsl=a * lsl + b,
        usl=a * usl + b,
        method="nonparametric",
        quantile_method=qm,  # type: ignore[arg-type]
    )
    down = nonnormal_capability(
        -a * x + b,
        lsl=-a * usl + b,
        usl=-a * lsl + b,
        method="nonparametric",
        quantile_method=qm,  # type: ignore[arg-type]
    )
    for name in ("pp", "ppl", "ppu", "ppk"):
        assert getattr(up, name) == pytest.approx(getattr(base, name), rel=1e-7, abs=1e-9)
    assert down.pp == pytest.approx(base.pp, rel=1e-7)
    assert down.ppk == pytest.approx(base.ppk, rel=1e-7, abs=1e-9)
    assert down.ppl == pytest.approx(base.ppu, rel=1e-7, abs=1e-9)


# ---------------------------------------------------------------------------------------------
# Bad input


def test_boxcox_rejects_nonpositive_data() -> None:
    with pytest.raises(InvalidInputError, match=r"'data'.*method='boxcox'"):
        nonnormal_capability([1.0, 2.0, 0.0, 3.0], usl=5.0, method="boxcox")


def test_boxcox_rejects_nonpositive_limits() -> None:
    with pytest.raises(InvalidInputError, match="lsl"):
        nonnormal_capability([1.0, 2.0, 2.5, 3.0], lsl=0.0, usl=5.0, method="boxcox")


def test_positive_distribution_rejects_nonpositive_data() -> None:
    with pytest.raises(InvalidInputError, match=r"'data'.*lognorm"):
        nonnormal_capability(
            [1.0, -2.0, 2.5, 3.0], usl=5.0, method="percentile", distribution="lognorm"
        )


def test_lsl_must_be_below_usl() -> None:
    with pytest.raises(InvalidInputError, match="lsl"):
        nonnormal_capability([1.0, 2.0, 3.0], lsl=5.0, usl=5.0)


def test_a_limit_is_required() -> None:
    with pytest.raises(InvalidInputError, match="usl"):
        nonnormal_capability([1.0, 2.0, 3.0])


@pytest.mark.parametrize(("method", "n"), [("percentile", 2), ("johnson", 4), ("boxcox", 2)])
def test_too_few_values(method: str, n: int) -> None:
    with pytest.raises(InvalidInputError, match="data"):
        nonnormal_capability(np.arange(1.0, n + 1), usl=10.0, method=method)  # type: ignore[arg-type]


def test_constant_data() -> None:
    with pytest.raises(InvalidInputError, match="data"):
        nonnormal_capability([2.0, 2.0, 2.0, 2.0], usl=3.0)
    with pytest.raises(InvalidInputError, match="data"):
        normality_test([2.0, 2.0, 2.0])


def test_unknown_method_and_distribution() -> None:
    with pytest.raises(InvalidInputError, match="method"):
        nonnormal_capability([1.0, 2.0, 3.0], usl=4.0, method="magic")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="distribution"):
        nonnormal_capability([1.0, 2.0, 3.0], usl=4.0, method="percentile", distribution="cauchy2")
    with pytest.raises(InvalidInputError, match="candidates"):
        nonnormal_capability([1.0, 2.0, 3.0], usl=4.0, candidates=("norm", "pareto9"))
    with pytest.raises(InvalidInputError, match="distribution"):
        nonnormal_capability(
            [1.0, 2.0, 3.0], usl=4.0, method="percentile", distribution=stats.poisson(3)
        )


def test_frozen_distribution_must_cover_the_data() -> None:
    with pytest.raises(InvalidInputError, match="distribution"):
        nonnormal_capability(
            [-1.0, 2.0, 3.0], usl=4.0, method="percentile", distribution=stats.expon()
        )


def test_nan_raises_by_default() -> None:
    with pytest.raises(InvalidInputError, match="data"):
        nonnormal_capability([1.0, np.nan, 3.0, 4.0], usl=5.0)
    with pytest.raises(InvalidInputError, match="data"):
        normality_test([1.0, np.nan, 3.0, 4.0])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"normality_alpha": 1.5}, "normality_alpha"),
        ({"target": 12.0}, "target"),
        ({"lsl": 2.0, "target": 1.0}, "target"),
        ({"lam": 9.0}, "lam"),
        ({"lam": "best"}, "lam"),
        ({"indices": "other"}, "indices"),
        ({"quantile_method": "nearest"}, "quantile_method"),
        ({"pvalues": "exact"}, "pvalues"),
        ({"n_resamples": 0}, "n_resamples"),
        ({"nan_policy": "drop"}, "nan_policy"),
        ({"lsl": "low"}, "lsl"),
        ({"target": float("nan")}, "target"),
        ({"pvalue_criterion": 0.0}, "pvalue_criterion"),
        ({"subgroup": [1, 2]}, "subgroup"),
        ({"candidates": None}, "candidates"),
        ({"candidates": "norm"}, "candidates"),
        ({"sigma_method": "bogus"}, "sigma_method"),
        ({"rng": "seed"}, "rng"),
    ],
)
def test_bad_options(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {"usl": 10.0, **kwargs}
    with pytest.raises(InvalidInputError, match=name):
        nonnormal_capability([1.0, 2.0, 3.0, 5.0], **args)  # type: ignore[arg-type]
