"""Reference, property and bad-input tests of attribute capability and sigma levels."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma import (
    binomial_capability,
    dpmo,
    dpmo_to_sigma,
    dpu,
    first_time_yield,
    normalized_yield,
    poisson_capability,
    rolled_throughput_yield,
    sigma_to_dpmo,
    yield_from_dpu,
)

# Pyzdek & Keller, The Six Sigma Handbook, 4th ed. (McGraw-Hill, 2014), sigma level to DPMO
# conversion table (1.5 sigma shift, one tail), also in every Six Sigma primer.
SIGMA_TABLE = {6.0: 3.4, 5.0: 233.0, 4.0: 6210.0, 3.0: 66807.0, 2.0: 308538.0}


@pytest.mark.parametrize(("sigma", "published"), sorted(SIGMA_TABLE.items()))
def test_published_sigma_table(sigma: float, published: float) -> None:
    """Pyzdek & Keller, Six Sigma Handbook (4th ed.), sigma-to-DPMO table, to its rounding."""
    half_unit = 0.05 if published < 10 else 0.5
    assert sigma_to_dpmo(sigma) == pytest.approx(published, abs=half_unit)
    # The table rounds DPMO, so the inverse is checked to the sigma that rounding allows.
    assert dpmo_to_sigma(published) == pytest.approx(sigma, abs=2e-3)


def test_shift_zero_is_the_long_term_z() -> None:
    """With shift=0, DPMO is the plain normal tail: Z = 3 gives 1349.9 DPMO (Phi(-3))."""
    assert sigma_to_dpmo(3.0, shift=0.0) == pytest.approx(1349.898, abs=1e-3)
    assert dpmo_to_sigma(1349.898, shift=0.0) == pytest.approx(3.0, abs=1e-6)


def test_sigma_infinite_ends() -> None:
    """DPMO = 0 has no finite sigma level (inf); DPMO = 1e6 gives -inf; never NaN."""
    assert dpmo_to_sigma(0.0) == math.inf
    assert dpmo_to_sigma(1e6) == -math.inf
    assert sigma_to_dpmo(math.inf) == 0.0


def test_kinds_in_and_out() -> None:
    """Float in -> float out, ndarray -> ndarray, Series -> Series with its index."""
    assert isinstance(dpmo_to_sigma(3.4), float)
    assert isinstance(sigma_to_dpmo(np.array([3.0, 4.0])), np.ndarray)
    s = pd.Series([3.0, 4.5], index=["a", "b"])
    out = sigma_to_dpmo(s)
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["a", "b"]
    back = dpmo_to_sigma(out)
    pd.testing.assert_series_equal(back, s, check_exact=False, atol=1e-9)
    assert isinstance(dpu(pd.Series([1, 2]), 4), pd.Series)
    assert isinstance(dpmo(5, 100, 3), float)
    assert isinstance(yield_from_dpu(np.array([0.1])), np.ndarray)
    assert isinstance(first_time_yield(pd.Series([9, 8]), pd.Series([10, 10])), pd.Series)


def test_dpu_dpmo_yield_hand_values() -> None:
    """DPU = D/U, DPMO = 1e6 D/(U O), Poisson yield e^-DPU (Pyzdek & Keller, Six Sigma Handbook, 4th ed.)."""
    assert dpu(12, 400) == pytest.approx(0.03)
    assert dpmo(12, 400, 5) == pytest.approx(6000.0)
    assert yield_from_dpu(0.03) == pytest.approx(math.exp(-0.03))
    assert yield_from_dpu(np.array([0.0, 1.0, 2.0])) == pytest.approx([1.0, 0.36787944, 0.13533528])
    assert first_time_yield(970, 1000) == pytest.approx(0.97)
    assert rolled_throughput_yield([0.9, 0.95, 0.99]) == pytest.approx(0.84645)
    assert normalized_yield([0.9, 0.95, 0.99]) == pytest.approx(0.84645 ** (1 / 3))


def test_yields_on_frames_and_axes() -> None:
    frame = pd.DataFrame({"s1": [0.9, 1.0], "s2": [0.8, 0.5]}, index=["line a", "line b"])
    rty = rolled_throughput_yield(frame)
    assert list(rty.index) == ["line a", "line b"]
    assert rty.to_numpy() == pytest.approx([0.72, 0.5])
    by_step = rolled_throughput_yield(frame, axis=0)
    assert list(by_step.index) == ["s1", "s2"]
    assert by_step.to_numpy() == pytest.approx([0.9, 0.4])
    arr = rolled_throughput_yield(np.array([[0.9, 0.8], [1.0, 0.5]]))
    assert arr == pytest.approx([0.72, 0.5])


@pytest.mark.parametrize(
    ("x", "n", "low", "high"),
    [
        (81, 263, 0.2527, 0.3676),
        (15, 148, 0.0578, 0.1617),
        (0, 20, 0.0, 0.1684),
        (1, 29, 0.0009, 0.1776),
    ],
)
def test_clopper_pearson_against_newcombe(x: int, n: int, low: float, high: float) -> None:
    """Newcombe, "Two-sided confidence intervals for the single proportion", Statistics in
    Medicine 17 (1998) 857-872, Table II, method 5 (Clopper-Pearson exact), 4 decimals."""
    r = binomial_capability([x], n)
    lo, hi = r.intervals["mean_defective"]
    assert lo == pytest.approx(low, abs=6e-5)
    assert hi == pytest.approx(high, abs=6e-5)
    assert r.mean_defective == pytest.approx(x / n)


def test_binomial_capability_fields() -> None:
    """Minitab's conventions: pooled p-bar, PPM = 1e6 p-bar, Z = Phi^-1(1 - p-bar)."""
    r = binomial_capability(pd.Series([3, 5, 2, 4]), [200, 250, 150, 200])
    assert r.mean_defective == pytest.approx(14 / 800)
    assert r.ppm_defective == pytest.approx(1e6 * 14 / 800)
    assert r.process_z == pytest.approx(2.10835, abs=1e-5)
    lo, hi = r.intervals["mean_defective"]
    z_lo, z_hi = r.intervals["process_z"]
    assert z_lo < r.process_z < z_hi
    assert z_lo == pytest.approx(norm.isf(hi))
    assert z_hi == pytest.approx(norm.isf(lo))
    assert r.proportion == pytest.approx([0.015, 0.02, 2 / 150, 0.02])
    assert r.cumulative_proportion == pytest.approx([3 / 200, 8 / 450, 10 / 600, 14 / 800])
    assert r.to_dict()["intervals"]["ppm_defective"][0] == pytest.approx(1e6 * lo)


def test_binomial_zero_defectives_gives_infinite_z() -> None:
    r = binomial_capability([0, 0], 50)
    assert r.process_z == math.inf
    assert r.intervals["process_z"][1] == math.inf
    assert np.isfinite(r.intervals["process_z"][0])


@pytest.mark.parametrize(
    ("count", "low", "high"),
    [(0, 0.0, 3.689), (1, 0.0253, 5.572), (5, 1.6235, 11.668), (10, 4.795, 18.390)],
)
def test_poisson_exact_limits(count: int, low: float, high: float) -> None:
    """Garwood (1936), Biometrika 28, 437-442: 95 % exact limits for a Poisson mean (as
    tabulated e.g. in Sahai & Khurshid (1993), Biometrical Journal 35(3), Table 1)."""
    r = poisson_capability([count], 1.0)
    lo, hi = r.intervals["mean_dpu"]
    assert lo == pytest.approx(low, abs=6e-4)
    assert hi == pytest.approx(high, abs=6e-4)


def test_poisson_capability_fields() -> None:
    r = poisson_capability(np.array([2, 0, 3]), [10, 10, 5])
    assert r.mean_dpu == pytest.approx(0.2)
    assert r.defects_per_million_units == pytest.approx(2e5)
    assert r.dpu == pytest.approx([0.2, 0.0, 0.6])
    assert r.cumulative_dpu == pytest.approx([0.2, 0.1, 0.2])
    assert (r.min_dpu, r.max_dpu) == (0.0, pytest.approx(0.6))
    # Scaling units by 10 scales the interval on DPU by 1/10.
    r10 = poisson_capability([2, 0, 3], [100, 100, 50])
    assert np.array(r10.intervals["mean_dpu"]) == pytest.approx(
        np.array(r.intervals["mean_dpu"]) / 10
    )


def test_nan_policy_drops_incomplete_samples() -> None:
    d = pd.Series([3.0, np.nan, 2.0, 4.0])
    n = np.array([200.0, 250.0, np.nan, 200.0])
    with pytest.raises(InvalidInputError, match="'defectives'.*nan_policy='omit'"):
        binomial_capability(d, n)
    r = binomial_capability(d, n, nan_policy="omit")
    assert (r.total_defectives, r.total_inspected) == (7, 400)
    p = poisson_capability([1, 2, np.nan], [2.0, np.nan, 1.0], nan_policy="omit")
    assert (p.total_defects, p.total_units) == (1, 2.0)
    with pytest.raises(InvalidInputError, match="'units'.*NaN"):
        poisson_capability([1, 2], [2.0, np.nan])
    with pytest.raises(InvalidInputError, match="'defects'.*at least 1"):
        poisson_capability([np.nan], 1.0, nan_policy="omit")


# ---------------------------------------------------------------- properties


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=1e-6, max_value=1e6 - 1e-3), st.floats(min_value=0, max_value=3))
def test_dpmo_sigma_inverse(value: float, shift: float) -> None:
    z = dpmo_to_sigma(value, shift=shift)
    assert sigma_to_dpmo(z, shift=shift) == pytest.approx(value, rel=1e-9, abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=-8, max_value=12), min_size=2, max_size=20))
def test_sigma_to_dpmo_monotone(levels: list[float]) -> None:
    z = np.sort(np.array(levels))
    d = sigma_to_dpmo(z)
    assert np.all(np.diff(d) <= 0)
    assert np.all((d >= 0) & (d <= 1e6))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=12))
def test_yield_laws(yields: list[float]) -> None:
    rty = rolled_throughput_yield(yields)
    assert 0.0 <= rty <= min(yields) + 1e-15
    ny = normalized_yield(yields)
    assert 0.0 <= ny <= 1.0
    assert ny ** len(yields) == pytest.approx(rty, rel=1e-9, abs=1e-300)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=15),
    st.floats(min_value=0.5, max_value=0.999),
)
def test_capability_intervals_cover_estimates(counts: list[int], conf: float) -> None:
    r = binomial_capability(counts, 40, confidence=conf)
    lo, hi = r.intervals["mean_defective"]
    assert 0.0 <= lo <= r.mean_defective <= hi <= 1.0
    assert r.cumulative_proportion[-1] == pytest.approx(r.mean_defective)
    p = poisson_capability(counts, 2.5, confidence=conf)
    plo, phi = p.intervals["mean_dpu"]
    assert 0.0 <= plo <= p.mean_dpu <= phi


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=0, max_value=50))
def test_yield_from_dpu_in_unit_interval(rate: float) -> None:
    assert 0.0 <= yield_from_dpu(rate) <= 1.0


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: dpu(-1, 10), "defects"),
        (lambda: dpu(1, 0), "units"),
        (lambda: dpu(np.array([1, -2]), 3), "defects"),
        (lambda: dpmo(1, 10, 0), "opportunities"),
        (lambda: dpmo(1, 10, -2), "opportunities"),
        (lambda: dpmo(1, 0, 3), "units"),
        (lambda: first_time_yield(11, 10), "good"),
        (lambda: first_time_yield(-1, 10), "good"),
        (lambda: first_time_yield(1, 0), "total"),
        (lambda: yield_from_dpu(-0.1), "dpu"),
        (lambda: rolled_throughput_yield([0.9, 1.1]), "yields"),
        (lambda: rolled_throughput_yield([0.9, -0.1]), "yields"),
        (lambda: rolled_throughput_yield([]), "yields"),
        (lambda: normalized_yield([0.5, float("nan")]), "yields"),
        (lambda: rolled_throughput_yield([0.9], axis=3), "axis"),
        (lambda: dpmo_to_sigma(-1.0), "dpmo"),
        (lambda: dpmo_to_sigma(2e6), "dpmo"),
        (lambda: dpmo_to_sigma(10.0, shift=float("nan")), "shift"),
        (lambda: sigma_to_dpmo(float("nan")), "sigma_level"),
        (lambda: binomial_capability([3, 12], 10), "defectives"),
        (lambda: binomial_capability([-1, 2], 10), "defectives"),
        (lambda: binomial_capability([1, 2], [10, 0]), "sample_size"),
        (lambda: binomial_capability([1, 2], [10, 10, 10]), "sample_size"),
        (lambda: binomial_capability([1, 2], 10, confidence=1.0), "confidence"),
        (lambda: binomial_capability([1, 2], 10, confidence=0.0), "confidence"),
        (lambda: binomial_capability([1.5, 2], 10), "defectives"),
        (lambda: poisson_capability([1, -2], 10), "defects"),
        (lambda: poisson_capability([1, 2], 0), "units"),
        (lambda: poisson_capability([1, 2], 1.0, confidence=1.5), "confidence"),
        (lambda: poisson_capability([], 1.0), "defects"),
        (lambda: poisson_capability([1, 2], 1.0, nan_policy="drop"), "nan_policy"),
        (lambda: binomial_capability([[1, 2]], 10), "defectives"),
        (lambda: binomial_capability(["a"], 10), "defectives"),
    ],
)
def test_bad_input(call: object, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"'{name}' parameter"):
        call()  # type: ignore[operator]
