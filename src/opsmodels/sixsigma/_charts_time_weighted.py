"""Time-weighted control charts: EWMA and tabular CUSUM."""

from __future__ import annotations

import numbers
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import signal

from opsmodels._typing import ArrayLike, FloatArray, IntArray
from opsmodels._validation import (
    InstanceOf,
    Interval,
    NanPolicy,
    NoneValue,
    OneOf,
    check,
    invalid,
)
from opsmodels.sixsigma._constants import d2
from opsmodels.sixsigma._limits import (
    ChartLimits,
    ControlChart,
    RuleSet,
    build_chart,
    check_common,
    frozen,
    positive_sigma,
    quiet,
    real,
    series_values,
)

__all__ = ["CusumChart", "cusum_chart", "ewma_chart"]


def _phase_one(func: str, values: FloatArray, target: Any, sigma: Any) -> tuple[float, float]:
    """Target and sigma, estimated (mean, MR-bar/d2(2)) where not given."""
    t = float(values.mean()) if target is None else float(target)
    if sigma is None or isinstance(sigma, str):
        if values.size < 2:
            raise invalid(func, "x", "at least 2 values to estimate sigma", "<1 value>")
        s = float(np.abs(np.diff(values)).mean() / d2(2))
        positive_sigma(func, "x", s, "data that vary (sigma is estimated from the moving ranges)")
        return t, s
    return t, float(sigma)


@quiet
def ewma_chart(
    x: ArrayLike | pd.Series[float],
    *,
    target: float | None = None,
    sigma: float | None = None,
    lam: float = 0.2,
    L: float = 3.0,
    asymptotic: bool = False,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    nan_policy: NanPolicy = "raise",
) -> ControlChart:
    r"""Exponentially weighted moving average (EWMA) control chart.

    Parameters
    ----------
    x : array_like or Series
        Individual observations in time order.
    target : float, optional
        Process target :math:`\mu_0` (also the starting value :math:`z_0`); estimated by the
        mean of ``x`` when None (Phase I).
    sigma : float, optional
        Process standard deviation :math:`\sigma` (> 0); estimated by
        :math:`\overline{MR}/d_2(2)` when None.
    lam : float
        Weight :math:`\lambda` of the newest observation, in (0, 1].
    L : float
        Width of the limits in standard deviations of the EWMA.
    asymptotic : bool
        False (default): the exact, time-varying limits, narrower on the first points;
        True: their steady-state (asymptotic) value at every point.
    limits : ChartLimits, optional
        Frozen ``ewma`` limits (target, sigma, lam, L and whether they are asymptotic) for
        Phase II; they override ``lam``, ``L`` and ``asymptotic``.
    rules : {"western_electric", "nelson"}, optional
        Run rules (by default only rule 1; other rules are not designed for the
        autocorrelated EWMA statistic).
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    nan_policy : {"raise", "omit"}
        NaN in ``x``: raise, or drop the value.

    Returns
    -------
    ControlChart
        ``statistic`` = :math:`z_i`; ``sigma`` the per-point standard deviation of
        :math:`z_i`; ``limits.parameters`` = target, sigma, lam and asymptotic.

    Raises
    ------
    InvalidInputError
        lam outside (0, 1], L <= 0, sigma <= 0, constant data with sigma unknown.

    Notes
    -----
    :math:`z_i = \lambda x_i + (1-\lambda) z_{i-1}`, :math:`z_0 = \mu_0`;
    :math:`\sigma_{z_i} = \sigma\sqrt{\lambda/(2-\lambda)\,[1-(1-\lambda)^{2i}]}`; limits
    :math:`\mu_0 \pm L\sigma_{z_i}` (asymptotic: without the bracket).

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 9.2 (Example 9.2).
    .. [2] S. W. Roberts, "Control chart tests based on geometric moving averages",
       *Technometrics* 1(3), 1959, 239-250.

    Examples
    --------
    >>> chart = ewma_chart([9.45, 7.99, 9.29, 11.66], target=10, sigma=1, lam=0.1, L=2.7)
    >>> chart.statistic.round(4)
    array([9.945 , 9.7495, 9.7036, 9.8992])
    >>> round(float(chart.ucl[0]), 2)
    10.27
    """
    func = "ewma_chart"
    check_common(func, rules=rules, L=L, limits=limits, enabled=enabled)
    check(func, "asymptotic", asymptotic, InstanceOf(bool, np.bool_, name="a bool"))
    real(func, "lam", lam, Interval(0, 1, closed="right"))
    real(func, "target", target, optional=True)
    real(func, "sigma", sigma, Interval(0, None, closed="neither"), optional=True)
    values, index = series_values(func, "x", x, nan_policy)
    if limits is not None:
        if target is not None or sigma is not None:
            raise invalid(func, "limits", "None when target or sigma is given", "<ChartLimits>")
        frozen(func, limits, "ewma")
        t, s, lam = limits.value("target"), limits.value("sigma"), limits.value("lam")
        L, asymptotic = limits.L, bool(limits.parameters.get("asymptotic", False))
    else:
        t, s = _phase_one(func, values, target, sigma)
    z = signal.lfilter([lam], [1.0, -(1.0 - lam)], values, zi=[(1.0 - lam) * t])[0]
    base = lam / (2.0 - lam)
    if not asymptotic:
        # (1 - lam)^(2i) drops below double precision after a few dozen points: compute the
        # transient there and fill the rest with the steady state.
        decay = 1.0 - lam
        log_decay = float(np.log10(decay)) if 0.0 < decay < 1.0 else 0.0
        head = values.size if log_decay == 0.0 else int(min(values.size, -20.0 / log_decay + 1))
        head = max(1, head)
        sd: Any = np.full(values.size, s * np.sqrt(base))
        i = np.arange(1, head + 1, dtype=np.float64)
        sd[:head] = s * np.sqrt(base * (1.0 - decay ** (2.0 * i)))
    else:
        sd = s * np.sqrt(base)
    frozen_limits = ChartLimits(
        chart="ewma",
        parameters={"target": t, "sigma": s, "lam": float(lam), "asymptotic": bool(asymptotic)},
        L=float(L),
    )
    phase: Literal["I", "II"] = (
        "II" if limits is not None or (target is not None and sigma is not None) else "I"
    )
    return build_chart(
        "ewma",
        np.asarray(z, dtype=np.float64),
        index,
        t,
        sd,
        t - L * sd,
        t + L * sd,
        rules=rules,
        enabled=enabled,
        phase=phase,
        excluded=np.empty(0, dtype=np.int64),
        limits=frozen_limits,
        func=func,
        param="x",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CusumChart(ControlChart):
    """Tabular CUSUM chart: a :class:`ControlChart` plus the one-sided sums.

    ``statistic`` is :math:`\\max(C_i^+, C_i^-)`, center 0, ``lcl`` 0 and ``ucl`` the decision
    interval H, so rule 1 flags every period where either sum exceeds H; ``sigma`` is H/3.

    Attributes
    ----------
    upper, lower : ndarray or Series
        One-sided cumulative sums :math:`C_i^+` and :math:`C_i^-` (both >= 0).
    upper_count, lower_count : ndarray of int
        Montgomery's :math:`N^+` and :math:`N^-`: consecutive periods the sum has been
        nonzero.
    target : float
        Target :math:`\\mu_0` [data units].
    reference_value : float
        K [data units].
    decision_interval : float
        H [data units].
    process_sigma : float or None
        The sigma that k and h were multiplied by (None when they were in data units).

    Examples
    --------
    >>> chart = cusum_chart([9.45, 7.99, 9.29, 11.66, 12.16, 13.2, 12.9], target=10, sigma=1)
    >>> chart.upper.round(2)
    array([0.  , 0.  , 0.  , 1.16, 2.82, 5.52, 7.92])
    >>> chart.signals()
       index   side
    0      5  upper
    1      6  upper
    """

    upper: Any
    lower: Any
    upper_count: IntArray
    lower_count: IntArray
    target: float
    reference_value: float
    decision_interval: float
    process_sigma: float | None

    def signals(self) -> pd.DataFrame:
        """Periods where a sum exceeds H: columns ``index`` (0-based) and ``side``.

        Returns
        -------
        pandas.DataFrame
            One row per (period, side) signal, sorted by index then side.
        """
        h = self.decision_interval
        up = np.flatnonzero(np.asarray(self.upper) > h)
        lo = np.flatnonzero(np.asarray(self.lower) > h)
        frame = pd.DataFrame(
            {
                "index": np.concatenate([up, lo]).astype(np.int64),
                "side": ["upper"] * up.size + ["lower"] * lo.size,
            }
        )
        return frame.sort_values(["index", "side"], ignore_index=True)

    def shift_estimate(self) -> FloatArray:
        """Montgomery's estimate of the shifted mean at each period.

        :math:`\\mu_0 + K + C_i^+/N_i^+` where the upper sum exceeds H,
        :math:`\\mu_0 - K - C_i^-/N_i^-` where the lower sum does, NaN elsewhere.

        Returns
        -------
        ndarray of float
        """
        up, lo = np.asarray(self.upper), np.asarray(self.lower)
        h, k, t = self.decision_interval, self.reference_value, self.target
        out = np.full(up.size, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            hi_est = t + k + up / self.upper_count
            lo_est = t - k - lo / self.lower_count
        out = np.where(lo > h, lo_est, out)
        return np.where(up > h, hi_est, out)


def _lindley(steps: FloatArray, start: float) -> FloatArray:
    """C_i = max(0, C_{i-1} + y_i), C_0 = start, without a Python loop."""
    s = np.cumsum(steps)
    return s - np.minimum(np.minimum.accumulate(s), -start)


def _run_counts(sums: FloatArray) -> IntArray:
    """Periods since the sum was last zero (0 where it is zero)."""
    n = sums.size
    i = np.arange(1, n + 1)
    last_zero = np.where(sums == 0.0, i, 0)
    last_zero = np.maximum.accumulate(last_zero)
    counts = i - last_zero
    return counts.astype(np.int64)


@quiet
def cusum_chart(
    x: ArrayLike | pd.Series[float],
    *,
    target: float | None = None,
    sigma: float | Literal["estimate"] | None = None,
    k: float = 0.5,
    h: float = 5.0,
    head_start: float = 0.0,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    nan_policy: NanPolicy = "raise",
) -> CusumChart:
    r"""Tabular (two one-sided) CUSUM control chart.

    Parameters
    ----------
    x : array_like or Series
        Individual observations (or subgroup means) in time order.
    target : float, optional
        Target :math:`\mu_0`; the mean of ``x`` when None (Phase I).
    sigma : float, "estimate" or None
        Units of ``k``, ``h`` and ``head_start``: a float is the process standard deviation
        and they are in multiples of it (K = kσ, H = hσ); ``"estimate"`` estimates σ by
        :math:`\overline{MR}/d_2(2)` and uses sigma units as well; None means ``k``, ``h``
        and ``head_start`` are already in data units (K = k, H = h).
    k : float
        Reference value (allowance), >= 0: half the shift to detect, in sigma or data units.
    h : float
        Decision interval, > 0 (4 or 5 sigma are usual).
    head_start : float
        Starting value of both sums (fast initial response; H/2 is usual), in [0, h).
    limits : ChartLimits, optional
        Frozen ``cusum`` limits (target, K, H, head start in data units) for Phase II.
    rules : {"western_electric", "nelson"}, optional
        Run rules on ``statistic`` (by default only rule 1: a sum beyond H).
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    nan_policy : {"raise", "omit"}
        NaN in ``x``: raise, or drop the value.

    Returns
    -------
    CusumChart
        ``upper``, ``lower``, ``upper_count`` (N+), ``lower_count`` (N-), ``signals()``,
        and the :class:`ControlChart` fields (statistic = max of the two sums).

    Raises
    ------
    InvalidInputError
        k < 0, h <= 0, head start outside [0, h), sigma <= 0, bad options.

    Notes
    -----
    :math:`C_i^+ = \max(0, x_i - (\mu_0 + K) + C_{i-1}^+)`,
    :math:`C_i^- = \max(0, (\mu_0 - K) - x_i + C_{i-1}^-)`, :math:`C_0^\pm` = head start; a
    signal when a sum exceeds H. The sums are not reset after a signal.

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 9.1 (Example 9.1, Table 9.2).
    .. [2] E. S. Page, "Continuous inspection schemes", *Biometrika* 41, 1954, 100-115.

    Examples
    --------
    >>> chart = cusum_chart([9.45, 7.99, 9.29, 11.66, 12.16], target=10, sigma=1, k=0.5, h=5)
    >>> chart.upper.round(2), chart.lower.round(2)
    (array([0.  , 0.  , 0.  , 1.16, 2.82]), array([0.05, 1.56, 1.77, 0.  , 0.  ]))
    >>> chart.upper_count
    array([0, 0, 0, 1, 2])
    """
    func = "cusum_chart"
    check_common(func, rules=rules, limits=limits, enabled=enabled)
    real(func, "target", target, optional=True)
    if not (isinstance(sigma, str) and sigma == "estimate"):
        check(
            func,
            "sigma",
            sigma,
            [NoneValue(), OneOf("estimate"), InstanceOf(numbers.Real, name="a real number")],
        )
        real(func, "sigma", sigma, Interval(0, None, closed="neither"), optional=True)
    real(func, "k", k, Interval(0, None))
    real(func, "h", h, Interval(0, None, closed="neither"))
    real(func, "head_start", head_start, Interval(0, float(h), closed="left"))
    values, index = series_values(func, "x", x, nan_policy)
    process_sigma: float | None
    if limits is not None:
        if target is not None or sigma is not None:
            raise invalid(func, "limits", "None when target or sigma is given", "<ChartLimits>")
        frozen(func, limits, "cusum")
        t = limits.value("target")
        big_k, big_h = limits.value("reference_value"), limits.value("decision_interval")
        start = limits.value("head_start")
        raw = limits.parameters.get("sigma")
        process_sigma = None if raw is None else float(raw)
    else:
        if sigma is None:
            t = float(values.mean()) if target is None else float(target)
            process_sigma, scale = None, 1.0
        else:
            t, process_sigma = _phase_one(func, values, target, sigma)
            scale = process_sigma
        big_k, big_h, start = k * scale, h * scale, head_start * scale
    upper = _lindley(values - (t + big_k), start)
    lower = _lindley((t - big_k) - values, start)
    upper = np.maximum(upper, 0.0)
    lower = np.maximum(lower, 0.0)
    frozen_limits = ChartLimits(
        chart="cusum",
        parameters={
            "target": t,
            "reference_value": float(big_k),
            "decision_interval": float(big_h),
            "head_start": float(start),
            "sigma": process_sigma,
        },
    )
    statistic = np.maximum(upper, lower)
    known = target is not None and sigma is not None and sigma != "estimate"
    phase: Literal["I", "II"] = "II" if limits is not None or known else "I"
    base = build_chart(
        "cusum",
        statistic,
        index,
        0.0,
        big_h / 3.0,
        0.0,
        big_h,
        rules=rules,
        enabled=enabled,
        phase=phase,
        excluded=np.empty(0, dtype=np.int64),
        limits=frozen_limits,
        func=func,
        param="x",
    )
    return CusumChart(
        chart=base.chart,
        statistic=base.statistic,
        center=base.center,
        lcl=base.lcl,
        ucl=base.ucl,
        sigma=base.sigma,
        violations=base.violations,
        phase=base.phase,
        excluded=base.excluded,
        limits=frozen_limits,
        upper=upper if index is None else pd.Series(upper, index=index, name="upper"),
        lower=lower if index is None else pd.Series(lower, index=index, name="lower"),
        upper_count=_run_counts(upper),
        lower_count=_run_counts(lower),
        target=t,
        reference_value=float(big_k),
        decision_interval=float(big_h),
        process_sigma=process_sigma,
    )
