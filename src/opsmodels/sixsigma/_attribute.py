"""Attribute capability: DPU, DPMO, yields, sigma levels, binomial and Poisson capability."""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import pandas as pd
from scipy import special, stats

from opsmodels._numeric import check_le
from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import (
    Interval,
    NanPolicy,
    OneOf,
    as_float_array,
    as_scalar,
    check,
    invalid,
    nan_error,
)
from opsmodels._yields import normalized_yield, rolled_throughput_yield

__all__ = [
    "BinomialCapabilityResult",
    "PoissonCapabilityResult",
    "binomial_capability",
    "dpmo",
    "dpmo_to_sigma",
    "dpu",
    "first_time_yield",
    "normalized_yield",
    "poisson_capability",
    "rolled_throughput_yield",
    "sigma_to_dpmo",
    "yield_from_dpu",
]

_NONNEG = Interval(0, None)
_POSITIVE = Interval(0, None, closed="neither")
_CONFIDENCE = Interval(0, 1, closed="neither")


def _prepare(value: Any) -> Any:
    """Keep scalars, ndarrays and Series as they are; lists and tuples become arrays."""
    if isinstance(value, list | tuple):
        return np.asarray(value)
    return value


def _finish(out: Any) -> Any:
    """A 0-d result becomes a Python float; arrays and Series pass through as float."""
    if isinstance(out, pd.Series):
        return out.astype(np.float64)
    if np.ndim(out) == 0:
        return float(out)
    return np.asarray(out, dtype=np.float64)


@overload
def dpu(defects: float, units: float) -> float: ...
@overload
def dpu(defects: pd.Series, units: Any) -> pd.Series: ...
@overload
def dpu(defects: ArrayLike, units: ArrayLike) -> Any: ...
def dpu(defects: Any, units: Any) -> Any:
    r"""Defects per unit.

    Parameters
    ----------
    defects : float, ndarray or Series
        Number of defects found (>= 0).
    units : float, ndarray or Series
        Number of units inspected (> 0).

    Returns
    -------
    float, ndarray or Series
        :math:`DPU = D / U`, of the same kind as the input.

    Raises
    ------
    InvalidInputError
        If ``defects`` is negative or ``units`` is not positive.

    Notes
    -----
    :math:`DPU = D / U` with :math:`D` defects found on :math:`U` units.

    References
    ----------
    .. [1] T. Pyzdek and P. Keller, *The Six Sigma Handbook*, 4th ed., McGraw-Hill, 2014
       (yield and DPU metrics; chapter numbering differs between editions).

    Examples
    --------
    >>> dpu(12, 400)
    0.03
    >>> dpu(np.array([3, 0]), 10)
    array([0.3, 0. ])
    """
    check("dpu", "defects", defects, _NONNEG)
    check("dpu", "units", units, _POSITIVE)
    return _finish(np.true_divide(_prepare(defects), _prepare(units)))


@overload
def dpmo(defects: float, units: float, opportunities: float) -> float: ...
@overload
def dpmo(defects: pd.Series, units: Any, opportunities: Any) -> pd.Series: ...
@overload
def dpmo(defects: ArrayLike, units: ArrayLike, opportunities: ArrayLike) -> Any: ...
def dpmo(defects: Any, units: Any, opportunities: Any) -> Any:
    r"""Defects per million opportunities.

    Parameters
    ----------
    defects : float, ndarray or Series
        Number of defects (>= 0).
    units : float, ndarray or Series
        Number of units inspected (> 0).
    opportunities : float, ndarray or Series
        Opportunities for a defect per unit (> 0).

    Returns
    -------
    float, ndarray or Series
        :math:`DPMO = 10^6 \cdot D / (U \cdot O)`.

    Raises
    ------
    InvalidInputError
        If ``defects`` is negative, or ``units`` or ``opportunities`` is not positive.

    Notes
    -----
    :math:`DPMO = 10^6 \cdot D / (U \cdot O)` with :math:`O` opportunities per unit.

    References
    ----------
    .. [1] T. Pyzdek and P. Keller, *The Six Sigma Handbook*, 4th ed., McGraw-Hill, 2014
       (DPMO metric).

    Examples
    --------
    >>> dpmo(34, 1000, 10)
    3400.0
    """
    check("dpmo", "defects", defects, _NONNEG)
    check("dpmo", "units", units, _POSITIVE)
    check("dpmo", "opportunities", opportunities, _POSITIVE)
    d, u, o = _prepare(defects), _prepare(units), _prepare(opportunities)
    return _finish(1e6 * d / (u * o))


@overload
def first_time_yield(good: float, total: float) -> float: ...
@overload
def first_time_yield(good: pd.Series, total: Any) -> pd.Series: ...
@overload
def first_time_yield(good: ArrayLike, total: ArrayLike) -> Any: ...
def first_time_yield(good: Any, total: Any) -> Any:
    r"""First-time (first-pass) yield: the share of units good the first time through.

    Parameters
    ----------
    good : float, ndarray or Series
        Units that passed without rework or scrap (>= 0, <= ``total``).
    total : float, ndarray or Series
        Units that entered the step (> 0).

    Returns
    -------
    float, ndarray or Series
        :math:`FTY = good / total`, in [0, 1].

    Raises
    ------
    InvalidInputError
        If ``good`` is negative or above ``total``, or ``total`` is not positive.

    Notes
    -----
    :math:`FTY = good / total`, the units good the first time through over the units
    that entered the step.

    References
    ----------
    .. [1] T. Pyzdek and P. Keller, *The Six Sigma Handbook*, 4th ed., McGraw-Hill, 2014
       (first-time yield).

    Examples
    --------
    >>> first_time_yield(95, 100)
    0.95
    """
    check("first_time_yield", "good", good, _NONNEG)
    check("first_time_yield", "total", total, _POSITIVE)
    check_le("first_time_yield", "good", good, "total", total, rtol=0.0)
    return _finish(np.true_divide(_prepare(good), _prepare(total)))


@overload
def yield_from_dpu(dpu: float) -> float: ...
@overload
def yield_from_dpu(dpu: pd.Series) -> pd.Series: ...
@overload
def yield_from_dpu(dpu: ArrayLike) -> Any: ...
def yield_from_dpu(dpu: Any) -> Any:
    r"""First-time yield implied by a defect rate under the Poisson model.

    Parameters
    ----------
    dpu : float, ndarray or Series
        Defects per unit (>= 0).

    Returns
    -------
    float, ndarray or Series
        :math:`Y = e^{-DPU}`, the Poisson probability of a unit with no defect.

    Raises
    ------
    InvalidInputError
        If ``dpu`` is negative.

    Notes
    -----
    With defects Poisson distributed at :math:`DPU` per unit, the probability of a unit
    with no defect is :math:`Y = e^{-DPU}`.

    References
    ----------
    .. [1] T. Pyzdek and P. Keller, *The Six Sigma Handbook*, 4th ed., McGraw-Hill, 2014
       (Poisson yield :math:`e^{-DPU}`).

    Examples
    --------
    >>> round(yield_from_dpu(1.0), 4)
    0.3679
    """
    check("yield_from_dpu", "dpu", dpu, _NONNEG)
    return _finish(np.exp(-_prepare(dpu)))


@overload
def dpmo_to_sigma(dpmo: float, *, shift: float = 1.5) -> float: ...
@overload
def dpmo_to_sigma(dpmo: pd.Series, *, shift: float = 1.5) -> pd.Series: ...
@overload
def dpmo_to_sigma(dpmo: ArrayLike, *, shift: float = 1.5) -> Any: ...
def dpmo_to_sigma(dpmo: Any, *, shift: float = 1.5) -> Any:
    r"""Sigma level of a process from its defects per million opportunities.

    Parameters
    ----------
    dpmo : float, ndarray or Series
        Defects per million opportunities, in [0, 1e6].
    shift : float
        Assumed long-term drift of the mean in sigmas (the conventional 1.5; 0 gives the
        long-term Z itself).

    Returns
    -------
    float, ndarray or Series
        :math:`Z = \Phi^{-1}(1 - DPMO/10^6) + shift`. ``inf`` for DPMO = 0 and ``-inf`` for
        DPMO = 1e6 (valid input with no finite answer).

    Raises
    ------
    InvalidInputError
        If ``dpmo`` lies outside [0, 1e6] or ``shift`` is not a finite real number.

    Notes
    -----
    The one-tail convention: all defects are counted in one tail of a normal distribution
    whose mean has drifted ``shift`` sigmas towards the nearer limit, so
    :math:`DPMO = 10^6\,(1 - \Phi(Z - shift))` and this function is its inverse.

    References
    ----------
    .. [1] T. Pyzdek and P. Keller, *The Six Sigma Handbook*, 4th ed., McGraw-Hill, 2014
       (appendix table of process sigma levels and equivalent DPMO, 1.5 sigma shift).

    Examples
    --------
    >>> round(dpmo_to_sigma(3.4), 2), round(dpmo_to_sigma(66807), 2)
    (6.0, 3.0)
    """
    shift_ = as_scalar("dpmo_to_sigma", "shift", shift)
    check("dpmo_to_sigma", "dpmo", dpmo, Interval(0, 1e6))
    value = _prepare(dpmo)
    with np.errstate(divide="ignore"):
        return _finish(-special.ndtri(value / 1e6) + shift_)


@overload
def sigma_to_dpmo(sigma_level: float, *, shift: float = 1.5) -> float: ...
@overload
def sigma_to_dpmo(sigma_level: pd.Series, *, shift: float = 1.5) -> pd.Series: ...
@overload
def sigma_to_dpmo(sigma_level: ArrayLike, *, shift: float = 1.5) -> Any: ...
def sigma_to_dpmo(sigma_level: Any, *, shift: float = 1.5) -> Any:
    r"""Defects per million opportunities of a process at a given sigma level.

    Parameters
    ----------
    sigma_level : float, ndarray or Series
        Sigma level Z (any real number; +-inf allowed).
    shift : float
        Assumed long-term drift of the mean in sigmas (conventionally 1.5).

    Returns
    -------
    float, ndarray or Series
        :math:`DPMO = 10^6 \cdot (1 - \Phi(Z - shift))`, in [0, 1e6].

    Raises
    ------
    InvalidInputError
        If ``sigma_level`` is NaN or ``shift`` is not a finite real number.

    Notes
    -----
    One-tail convention (see :func:`dpmo_to_sigma`, its inverse).

    References
    ----------
    .. [1] T. Pyzdek and P. Keller, *The Six Sigma Handbook*, 4th ed., McGraw-Hill, 2014
       (appendix table of process sigma levels and equivalent DPMO, 1.5 sigma shift).

    Examples
    --------
    >>> round(sigma_to_dpmo(6.0), 1), round(sigma_to_dpmo(4.0))
    (3.4, 6210)
    """
    shift_ = as_scalar("sigma_to_dpmo", "shift", shift)
    check("sigma_to_dpmo", "sigma_level", sigma_level, Interval(allow_inf=True))
    value = _prepare(sigma_level)
    return _finish(1e6 * special.ndtr(shift_ - value))


def _float_1d(func: str, name: str, data: Any) -> FloatArray:
    """1-D float array keeping NaN in place (so samples stay paired)."""
    return as_float_array(
        func, name, data, nan_policy="omit", ndim=1, min_size=0, allow_inf=True, keep_nan=True
    )


def _samples(
    func: str,
    names: tuple[str, str],
    counts: Any,
    sizes: Any,
    nan_policy: str,
    integer_sizes: bool,
) -> tuple[FloatArray, FloatArray]:
    """Paired per-sample counts and sizes, checked; NaN pairs dropped under 'omit'."""
    check(func, "nan_policy", nan_policy, OneOf("raise", "omit"))
    c = _float_1d(func, names[0], counts)
    if isinstance(sizes, numbers.Number | np.generic):
        check(func, names[1], sizes, _POSITIVE)
        n = np.full(c.size, float(sizes))  # type: ignore[arg-type]
    else:
        n = _float_1d(func, names[1], sizes)
        if n.size != c.size:
            raise invalid(
                func,
                names[1],
                f"a scalar or {c.size} values (one per sample)",
                f"<{n.size} values>",
            )
    if nan_policy == "omit":
        keep = ~(np.isnan(c) | np.isnan(n))
        c, n = c[keep], n[keep]
    elif np.isnan(c).any() or np.isnan(n).any():
        name, arr = (names[0], c) if np.isnan(c).any() else (names[1], n)
        raise nan_error(func, name, arr)
    if c.size == 0:
        raise invalid(func, names[0], "a sample of at least 1 value", "<0 values>")
    check(func, names[0], c, Interval(0, None, integer=True))
    check(func, names[1], n, Interval(0, None, closed="neither", integer=integer_sizes))
    return c, n


@dataclass(frozen=True, slots=True, kw_only=True)
class BinomialCapabilityResult(Result):
    """Binomial (defectives) capability, as in Minitab's *Binomial Capability Analysis*.

    Attributes
    ----------
    mean_defective : float
        Average proportion defective :math:`\\bar p = \\sum d_i / \\sum n_i`.
    ppm_defective : float
        :math:`10^6 \\bar p`.
    process_z : float
        :math:`Z = \\Phi^{-1}(1 - \\bar p)` (``inf`` when no defective was seen).
    intervals : dict of str to (float, float)
        Confidence intervals keyed by ``"mean_defective"`` (Clopper-Pearson),
        ``"ppm_defective"`` and ``"process_z"``.
    confidence : float
        Two-sided confidence level of the intervals.
    total_defectives, total_inspected : float
        :math:`\\sum d_i` and :math:`\\sum n_i`.
    proportion : ndarray
        Per-sample proportions :math:`p_i = d_i / n_i`.
    cumulative_proportion : ndarray
        Cumulative proportions :math:`\\sum_{j \\le i} d_j / \\sum_{j \\le i} n_j`.

    Examples
    --------
    >>> r = binomial_capability([3, 5, 2, 4], 200)
    >>> round(r.mean_defective, 4), round(r.process_z, 3)
    (0.0175, 2.108)
    """

    mean_defective: float
    ppm_defective: float
    process_z: float
    intervals: dict[str, tuple[float, float]]
    confidence: float
    total_defectives: float
    total_inspected: float
    proportion: FloatArray
    cumulative_proportion: FloatArray


def _clopper_pearson(x: float, n: float, alpha: float) -> tuple[float, float]:
    lower = 0.0 if x == 0 else float(special.betaincinv(x, n - x + 1, alpha / 2))
    upper = 1.0 if x == n else float(special.betaincinv(x + 1, n - x, 1 - alpha / 2))
    return lower, upper


def binomial_capability(
    defectives: ArrayLike | pd.Series,
    sample_size: ArrayLike | pd.Series | float,
    *,
    confidence: float = 0.95,
    nan_policy: NanPolicy = "raise",
) -> BinomialCapabilityResult:
    r"""Capability of a process judged by defectives (pass/fail units).

    Parameters
    ----------
    defectives : array_like of int
        Defective units found in each sample (>= 0).
    sample_size : int or array_like of int
        Units inspected in each sample (> 0, and >= the sample's defectives); a scalar
        applies to every sample.
    confidence : float
        Two-sided confidence level of the intervals, in (0, 1).
    nan_policy : {"raise", "omit"}
        ``"omit"`` drops the samples whose count or size is NaN.

    Returns
    -------
    BinomialCapabilityResult

    Raises
    ------
    InvalidInputError
        If counts are negative, non-integer or NaN, a sample has more defectives than units,
        the lengths differ, or ``confidence`` is outside (0, 1).

    Notes
    -----
    :math:`\bar p = \sum d_i / \sum n_i`. The interval on :math:`\bar p` is the exact
    Clopper-Pearson interval for :math:`D = \sum d_i` defectives in :math:`N = \sum n_i`:
    :math:`[B^{-1}(\alpha/2; D, N-D+1),\ B^{-1}(1-\alpha/2; D+1, N-D)]` (beta quantiles; 0 when
    :math:`D = 0`, 1 when :math:`D = N`). PPM defective is :math:`10^6 \bar p` and the process
    Z is :math:`\Phi^{-1}(1-\bar p)`; their intervals map the ends of the interval on
    :math:`\bar p` (the Z interval is reversed: the upper p gives the lower Z).

    References
    ----------
    .. [1] C. J. Clopper and E. S. Pearson, "The use of confidence or fiducial limits
       illustrated in the case of the binomial", *Biometrika* 26(4), 1934, 404-413,
       doi:10.1093/biomet/26.4.404.
    .. [2] Minitab, "Methods and formulas for Binomial Capability Analysis" (Minitab 21
       support documentation): %Defective, PPM Def and Process Z with their intervals.

    Examples
    --------
    >>> r = binomial_capability([3, 5, 2, 4], 200)
    >>> round(r.mean_defective, 4), round(r.process_z, 3)
    (0.0175, 2.108)
    >>> r.cumulative_proportion.round(4)
    array([0.015 , 0.02  , 0.0167, 0.0175])
    """
    func = "binomial_capability"
    conf = as_scalar(func, "confidence", confidence, _CONFIDENCE)
    d, n = _samples(func, ("defectives", "sample_size"), defectives, sample_size, nan_policy, True)
    check_le(func, "defectives", d, "sample_size", n, rtol=0.0)
    total_d, total_n = float(d.sum()), float(n.sum())
    p_bar = total_d / total_n
    lo, hi = _clopper_pearson(total_d, total_n, 1.0 - conf)
    with np.errstate(divide="ignore"):
        z = float(-special.ndtri(p_bar))
        z_lo, z_hi = float(-special.ndtri(hi)), float(-special.ndtri(lo))
    return BinomialCapabilityResult(
        mean_defective=p_bar,
        ppm_defective=1e6 * p_bar,
        process_z=z,
        intervals={
            "mean_defective": (lo, hi),
            "ppm_defective": (1e6 * lo, 1e6 * hi),
            "process_z": (z_lo, z_hi),
        },
        confidence=conf,
        total_defectives=total_d,
        total_inspected=total_n,
        proportion=d / n,
        cumulative_proportion=np.cumsum(d) / np.cumsum(n),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PoissonCapabilityResult(Result):
    """Poisson (defects) capability, as in Minitab's *Poisson Capability Analysis*.

    Attributes
    ----------
    mean_dpu : float
        Mean defects per unit :math:`\\bar u = \\sum c_i / \\sum n_i`.
    defects_per_million_units : float
        :math:`10^6 \\bar u`.
    min_dpu, max_dpu : float
        Smallest and largest per-sample DPU.
    intervals : dict of str to (float, float)
        Exact (chi-square) intervals keyed by ``"mean_dpu"`` and
        ``"defects_per_million_units"``.
    confidence : float
        Two-sided confidence level of the intervals.
    total_defects, total_units : float
        :math:`\\sum c_i` and :math:`\\sum n_i`.
    dpu : ndarray
        Per-sample DPU :math:`c_i / n_i`.
    cumulative_dpu : ndarray
        :math:`\\sum_{j \\le i} c_j / \\sum_{j \\le i} n_j`.

    Examples
    --------
    >>> r = poisson_capability([3, 5, 2, 4], 10.0)
    >>> r.mean_dpu, r.total_defects
    (0.35, 14.0)
    >>> [round(v, 3) for v in r.intervals["mean_dpu"]]
    [0.191, 0.587]
    """

    mean_dpu: float
    defects_per_million_units: float
    min_dpu: float
    max_dpu: float
    intervals: dict[str, tuple[float, float]]
    confidence: float
    total_defects: float
    total_units: float
    dpu: FloatArray
    cumulative_dpu: FloatArray


def poisson_capability(
    defects: ArrayLike | pd.Series,
    units: ArrayLike | pd.Series | float,
    *,
    confidence: float = 0.95,
    nan_policy: NanPolicy = "raise",
) -> PoissonCapabilityResult:
    r"""Capability of a process judged by defect counts (Poisson model).

    Parameters
    ----------
    defects : array_like of int
        Defects counted in each sample (>= 0).
    units : float or array_like
        Size of each sample in units of inspection (> 0; need not be whole); a scalar applies
        to every sample.
    confidence : float
        Two-sided confidence level, in (0, 1).
    nan_policy : {"raise", "omit"}
        ``"omit"`` drops the samples whose count or size is NaN.

    Returns
    -------
    PoissonCapabilityResult

    Raises
    ------
    InvalidInputError
        If ``defects`` are negative, non-integer or NaN, ``units`` are not positive, the
        lengths differ, or ``confidence`` is outside (0, 1).

    Notes
    -----
    With :math:`C = \sum c_i` defects on :math:`U = \sum n_i` units, :math:`\bar u = C/U` and
    the exact (Garwood) interval is
    :math:`[\chi^2_{\alpha/2}(2C)/(2U),\ \chi^2_{1-\alpha/2}(2C+2)/(2U)]`, the lower end 0
    when :math:`C = 0`.

    References
    ----------
    .. [1] F. Garwood, "Fiducial limits for the Poisson distribution", *Biometrika*
       28(3/4), 1936, 437-442, doi:10.1093/biomet/28.3-4.437.
    .. [2] Minitab, "Methods and formulas for Poisson Capability Analysis" (Minitab 21
       support documentation).

    Examples
    --------
    >>> r = poisson_capability([2, 0, 3], [10, 10, 5])
    >>> round(r.mean_dpu, 3), tuple(round(v, 4) for v in r.intervals["mean_dpu"])
    (0.2, (0.0649, 0.4667))
    """
    func = "poisson_capability"
    conf = as_scalar(func, "confidence", confidence, _CONFIDENCE)
    c, u = _samples(func, ("defects", "units"), defects, units, nan_policy, False)
    total_c, total_u = float(c.sum()), float(u.sum())
    alpha = 1.0 - conf
    lo = 0.0 if total_c == 0 else float(stats.chi2.ppf(alpha / 2, 2 * total_c)) / (2 * total_u)
    hi = float(stats.chi2.ppf(1 - alpha / 2, 2 * total_c + 2)) / (2 * total_u)
    mean = total_c / total_u
    per_sample = c / u
    return PoissonCapabilityResult(
        mean_dpu=mean,
        defects_per_million_units=1e6 * mean,
        min_dpu=float(per_sample.min()),
        max_dpu=float(per_sample.max()),
        intervals={"mean_dpu": (lo, hi), "defects_per_million_units": (1e6 * lo, 1e6 * hi)},
        confidence=conf,
        total_defects=total_c,
        total_units=total_u,
        dpu=per_sample,
        cumulative_dpu=np.cumsum(c) / np.cumsum(u),
    )
