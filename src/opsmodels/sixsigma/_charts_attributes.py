"""Shewhart control charts for attributes: p, np, c, u, Laney p' and u', and g."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import Interval, NanPolicy, as_float_array, check, invalid
from opsmodels.sixsigma._constants import d2
from opsmodels.sixsigma._limits import (
    ChartLimits,
    ControlChart,
    RuleSet,
    build_chart,
    check_common,
    excluded_positions,
    farthest,
    frozen,
    positive_sigma,
    quiet,
    series_values,
)

__all__ = [
    "c_chart",
    "g_chart",
    "laney_p_chart",
    "laney_u_chart",
    "np_chart",
    "p_chart",
    "u_chart",
]

LimitType = Literal["sigma", "probability"]
Kind = Literal["p", "np", "c", "u", "laney_p", "laney_u", "g"]


def _counts(
    func: str, name: str, data: Any, nan_policy: NanPolicy, *, integer: bool = True
) -> tuple[FloatArray, pd.Index | None]:
    """Counts of a one-input chart under the NaN policy, and the index of those kept."""
    arr, index = series_values(func, name, data, nan_policy)
    if arr.size == 0:
        raise invalid(func, name, "a sample of at least 1 value", "<0 values>")
    check(func, name, arr, Interval(0, None, integer=integer))
    return arr, index


def _paired(
    func: str,
    count_name: str,
    counts: Any,
    size_name: str,
    sizes: Any,
    nan_policy: NanPolicy,
    *,
    integer_sizes: bool,
) -> tuple[FloatArray, FloatArray, pd.Index | None]:
    """Counts and sample sizes under the NaN policy: ``"omit"`` drops every sample whose
    count or size is NaN (a scalar size applies to every sample and must not be NaN)."""
    c = as_float_array(func, count_name, counts, nan_policy=nan_policy, ndim=1, keep_nan=True)
    n = as_float_array(
        func,
        size_name,
        sizes,
        nan_policy=nan_policy if np.ndim(sizes) else "raise",
        ndim=(0, 1),
        keep_nan=True,
    )
    if n.ndim == 1 and n.size != c.size:
        raise invalid(func, size_name, f"a scalar or one value per point ({c.size})", f"<{n.size}>")
    n = np.broadcast_to(n, c.shape)
    index = counts.index if isinstance(counts, pd.Series) else None
    keep = ~(np.isnan(c) | np.isnan(n))
    if not keep.all():
        c, n = c[keep], n[keep]
        index = None if index is None else index[keep]
        if c.size == 0:
            raise invalid(func, count_name, "a sample of at least 1 value", "<0 values>")
    check(func, count_name, c, Interval(0, None, integer=True))
    check(func, size_name, n, Interval(0, None, closed="neither", integer=integer_sizes))
    return c, np.array(n, dtype=np.float64), index


def _limits_of(
    kind: Kind,
    rate: float,
    sizes: FloatArray,
    limit_type: str,
    L: float,
    alpha: float,
    sigma_z: float = 1.0,
) -> tuple[Any, Any, Any, Any]:
    """Center, sd, lcl, ucl of the plotted statistic for each point."""
    if kind in ("p", "laney_p"):
        center = np.full(sizes.shape, rate)
        sd = np.sqrt(rate * (1.0 - rate) / sizes) * sigma_z
        top: Any = 1.0
    elif kind == "np":
        center = rate * sizes
        sd = np.sqrt(sizes * rate * (1.0 - rate))
        top = sizes
    elif kind in ("u", "laney_u", "c"):
        center = np.full(sizes.shape, rate)
        sd = np.sqrt(rate / sizes) * sigma_z
        top = np.inf
    else:  # g
        center = np.full(sizes.shape, rate)
        sd = np.full(sizes.shape, np.sqrt(rate * (rate + 1.0)))
        top = np.inf
    if limit_type == "sigma":
        return center, sd, np.maximum(0.0, center - L * sd), np.minimum(top, center + L * sd)
    q = (alpha / 2.0, 1.0 - alpha / 2.0)
    if kind in ("p", "np"):
        lo, hi = (stats.binom.ppf(v, sizes, rate) for v in q)
        scale = sizes if kind == "p" else 1.0
        return center, sd, lo / scale, hi / scale
    if kind in ("u", "c"):
        lo, hi = (stats.poisson.ppf(v, rate * sizes) for v in q)
        return center, sd, lo / sizes, hi / sizes
    p_event = 1.0 / (rate + 1.0)
    lo, hi = (np.full(sizes.shape, stats.geom.ppf(v, p_event, loc=-1)) for v in q)
    return center, sd, lo, hi


_PARAM = {"p": "p", "np": "p", "laney_p": "p", "c": "c", "u": "u", "laney_u": "u", "g": "mean"}


def _laney_sigma_z(
    func: str, name: str, stat: FloatArray, rate: float, base_sd: FloatArray
) -> float:
    z = (stat - rate) / base_sd
    sigma_z = float(np.abs(np.diff(z)).mean() / d2(2)) if z.size > 1 else 0.0
    return positive_sigma(func, name, sigma_z, "data that vary between samples")


def _attribute_chart(
    func: str,
    kind: Kind,
    counts: FloatArray,
    sizes: FloatArray,
    index: pd.Index | None,
    *,
    limits: ChartLimits | None,
    rules: RuleSet | None,
    enabled: Collection[int] | None,
    revise: bool,
    limit_type: str,
    alpha: float,
    L: float,
    what: str,
) -> ControlChart:
    check_common(
        func,
        rules=rules,
        L=L,
        alpha=alpha,
        limit_type=limit_type,
        revise=revise,
        limits=limits,
        enabled=enabled,
    )
    laney = kind.startswith("laney")
    min_points = 2 if laney else 1
    if counts.size < min_points:
        raise invalid(func, what, f"at least {min_points} points", f"<{counts.size} points>")
    stat = counts if kind in ("np", "c", "g") else counts / sizes
    keep = np.ones(counts.size, dtype=bool)
    param = _PARAM[kind]
    sigma_z = 1.0
    if limits is not None:
        frozen(func, limits, kind)
        rate = limits.value(param)
        if laney:
            sigma_z = limits.value("sigma_z")
        limit_type, L, alpha = limits.limit_type, limits.L, limits.alpha
    else:
        while True:
            if not keep.any():
                raise invalid(func, "revise", "False for these data", "<every point excluded>")
            if kind == "g":
                rate = float(counts[keep].mean())
            else:
                rate = float(counts[keep].sum() / sizes[keep].sum())
            _, base_sd, _, _ = _limits_of(kind, rate, sizes, "sigma", L, alpha)
            positive_sigma(
                func, what, float(np.min(base_sd)), "data that vary (the estimated rate is 0 or 1)"
            )
            if laney:
                sigma_z = _laney_sigma_z(func, what, stat[keep], rate, base_sd[keep])
            if not revise:
                break
            _, _, lo, hi = _limits_of(kind, rate, sizes, limit_type, L, alpha, sigma_z)
            worst = farthest(keep, (stat, lo, hi))
            if worst < 0:
                break
            keep[worst] = False
    params: dict[str, Any] = {param: rate}
    if laney:
        params["sigma_z"] = sigma_z
    frozen_limits = ChartLimits(
        chart=kind, parameters=params, limit_type=limit_type, L=float(L), alpha=float(alpha)
    )
    center, sd, lo, hi = _limits_of(kind, rate, sizes, limit_type, L, alpha, sigma_z)
    return build_chart(
        kind,
        stat,
        index,
        center,
        sd,
        lo,
        hi,
        rules=rules,
        enabled=enabled,
        phase="II" if limits is not None else "I",
        excluded=excluded_positions(keep),
        limits=frozen_limits,
        func=func,
        param=what,
    )


@quiet
def p_chart(
    defectives: ArrayLike | pd.Series[float],
    sample_size: ArrayLike | float,
    *,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    revise: bool = False,
    limit_type: LimitType = "sigma",
    alpha: float = 0.0027,
    L: float = 3.0,
    nan_policy: NanPolicy = "raise",
) -> ControlChart:
    r"""Control chart for the fraction nonconforming (p chart).

    Parameters
    ----------
    defectives : array_like or Series
        Number of nonconforming units :math:`D_i` in each sample (integers >= 0).
    sample_size : int or array_like
        Sample sizes :math:`n_i` (one for all samples or one per sample); unequal sizes give
        stepped limits.
    limits : ChartLimits, optional
        Frozen limits from an earlier chart, or built for a known standard (Phase II).
    rules : {"western_electric", "nelson"}, optional
        Run rules to apply; by default only rule 1 (points beyond the limits).
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    revise : bool
        Phase I revision: drop the point farthest beyond the limits, recompute, and repeat
        until no kept point is beyond (dropped positions in ``excluded``).
    limit_type : {"sigma", "probability"}
        ``"sigma"``: center ± L sigma (LCL floored at 0); ``"probability"``: the alpha/2 and
        1 - alpha/2 quantiles of the count's distribution (a point signals when strictly
        beyond them, so each tail has probability at most alpha/2).
    alpha : float
        False-alarm probability of probability limits.
    L : float
        Width of sigma limits [standard deviations of the plotted statistic].
    nan_policy : {"raise", "omit"}
        NaN in ``defectives`` or ``sample_size``: raise, or drop the whole sample (both its
        count and its size; positions in the result count the kept samples).

    Returns
    -------
    ControlChart
        ``statistic`` = :math:`\hat p_i = D_i/n_i`.

    Raises
    ------
    InvalidInputError
        Negative or non-integer counts, defectives above the sample size, sizes <= 0,
        no variation (p-bar of 0 or 1), bad options.

    Notes
    -----
    :math:`\bar p = \sum D_i/\sum n_i`; limits
    :math:`\bar p \pm L\sqrt{\bar p(1-\bar p)/n_i}` (LCL floored at 0, UCL capped at 1).

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 7.2 (Example 7.1).

    Examples
    --------
    >>> chart = p_chart([12, 15, 8, 10, 4, 7], 50)
    >>> round(chart.center, 4), round(chart.ucl, 4)
    (0.1867, 0.352)
    """
    func = "p_chart"
    counts, sizes, index = _paired(
        func, "defectives", defectives, "sample_size", sample_size, nan_policy, integer_sizes=True
    )
    _not_above(func, counts, sizes)
    return _attribute_chart(
        func,
        "p",
        counts,
        sizes,
        index,
        limits=limits,
        rules=rules,
        enabled=enabled,
        revise=revise,
        limit_type=limit_type,
        alpha=alpha,
        L=L,
        what="defectives",
    )


def _not_above(func: str, counts: FloatArray, sizes: FloatArray) -> None:
    above = counts > sizes
    if above.any():
        pos = int(np.flatnonzero(above)[0])
        raise invalid(
            func,
            "defectives",
            "<= sample_size",
            f"<{counts[pos]:g} > {sizes[pos]:g} at position {pos}>",
        )


@quiet
def np_chart(
    defectives: ArrayLike | pd.Series[float],
    sample_size: ArrayLike | float,
    *,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    revise: bool = False,
    limit_type: LimitType = "sigma",
    alpha: float = 0.0027,
    L: float = 3.0,
    nan_policy: NanPolicy = "raise",
) -> ControlChart:
    r"""Control chart for the number nonconforming (np chart).

    Parameters
    ----------
    defectives : array_like or Series
        Number of nonconforming units :math:`D_i` in each sample.
    sample_size : int or array_like
        Sample sizes :math:`n_i`.
    limits : ChartLimits, optional
        Frozen limits from an earlier chart, or built for a known standard (Phase II).
    rules : {"western_electric", "nelson"}, optional
        Run rules to apply; by default only rule 1 (points beyond the limits).
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    revise : bool
        Phase I revision: drop the point farthest beyond the limits, recompute, and repeat
        until no kept point is beyond (dropped positions in ``excluded``).
    limit_type : {"sigma", "probability"}
        ``"sigma"``: center ± L sigma (LCL floored at 0); ``"probability"``: the alpha/2 and
        1 - alpha/2 quantiles of the count's distribution (a point signals when strictly
        beyond them, so each tail has probability at most alpha/2).
    alpha : float
        False-alarm probability of probability limits.
    L : float
        Width of sigma limits [standard deviations of the plotted statistic].
    nan_policy : {"raise", "omit"}
        NaN in ``defectives`` or ``sample_size``: raise, or drop the whole sample (both its
        count and its size; positions in the result count the kept samples).

    Returns
    -------
    ControlChart
        ``statistic`` = :math:`D_i`.

    Raises
    ------
    InvalidInputError
        As :func:`p_chart`.

    Notes
    -----
    Center :math:`n_i\bar p`, limits :math:`n_i\bar p \pm L\sqrt{n_i\bar p(1-\bar p)}`
    (LCL floored at 0).

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 7.2.4.

    Examples
    --------
    >>> chart = np_chart([12, 15, 8, 10, 4, 7], 50)
    >>> round(chart.center, 3)
    9.333
    """
    func = "np_chart"
    counts, sizes, index = _paired(
        func, "defectives", defectives, "sample_size", sample_size, nan_policy, integer_sizes=True
    )
    _not_above(func, counts, sizes)
    return _attribute_chart(
        func,
        "np",
        counts,
        sizes,
        index,
        limits=limits,
        rules=rules,
        enabled=enabled,
        revise=revise,
        limit_type=limit_type,
        alpha=alpha,
        L=L,
        what="defectives",
    )


@quiet
def c_chart(
    counts: ArrayLike | pd.Series[float],
    *,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    revise: bool = False,
    limit_type: LimitType = "sigma",
    alpha: float = 0.0027,
    L: float = 3.0,
    nan_policy: NanPolicy = "raise",
) -> ControlChart:
    r"""Control chart for the number of nonconformities per inspection unit (c chart).

    Parameters
    ----------
    counts : array_like or Series
        Nonconformities :math:`c_i` found on each inspection unit (integers >= 0).
    limits : ChartLimits, optional
        Frozen limits from an earlier chart, or built for a known standard (Phase II).
    rules : {"western_electric", "nelson"}, optional
        Run rules to apply; by default only rule 1 (points beyond the limits).
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    revise : bool
        Phase I revision: drop the point farthest beyond the limits, recompute, and repeat
        until no kept point is beyond (dropped positions in ``excluded``).
    limit_type : {"sigma", "probability"}
        ``"sigma"``: center ± L sigma (LCL floored at 0); ``"probability"``: the alpha/2 and
        1 - alpha/2 quantiles of the count's distribution (a point signals when strictly
        beyond them, so each tail has probability at most alpha/2).
    alpha : float
        False-alarm probability of probability limits.
    L : float
        Width of sigma limits [standard deviations of the plotted statistic].
    nan_policy : {"raise", "omit"}
        NaN in ``counts``: raise, or drop the value (positions in the result count
        the kept values).

    Returns
    -------
    ControlChart
        ``statistic`` = :math:`c_i`.

    Raises
    ------
    InvalidInputError
        Negative or non-integer counts, all counts 0, bad options.

    Notes
    -----
    :math:`\bar c \pm L\sqrt{\bar c}` (LCL floored at 0); probability limits from the
    Poisson quantiles.

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 7.3.1 (Example 7.3).

    Examples
    --------
    >>> chart = c_chart([21, 24, 16, 12, 15, 5, 28, 20])
    >>> round(chart.center, 3), round(chart.ucl, 3)
    (17.625, 30.22)
    """
    func = "c_chart"
    values, index = _counts(func, "counts", counts, nan_policy)
    return _attribute_chart(
        func,
        "c",
        values,
        np.ones(values.size),
        index,
        limits=limits,
        rules=rules,
        enabled=enabled,
        revise=revise,
        limit_type=limit_type,
        alpha=alpha,
        L=L,
        what="counts",
    )


@quiet
def u_chart(
    defects: ArrayLike | pd.Series[float],
    units: ArrayLike | float,
    *,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    revise: bool = False,
    limit_type: LimitType = "sigma",
    alpha: float = 0.0027,
    L: float = 3.0,
    nan_policy: NanPolicy = "raise",
) -> ControlChart:
    r"""Control chart for nonconformities per unit (u chart).

    Parameters
    ----------
    defects : array_like or Series
        Nonconformities :math:`c_i` in each sample (integers >= 0).
    units : float or array_like
        Inspection units :math:`n_i` in each sample (> 0, need not be whole).
    limits : ChartLimits, optional
        Frozen limits from an earlier chart, or built for a known standard (Phase II).
    rules : {"western_electric", "nelson"}, optional
        Run rules to apply; by default only rule 1 (points beyond the limits).
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    revise : bool
        Phase I revision: drop the point farthest beyond the limits, recompute, and repeat
        until no kept point is beyond (dropped positions in ``excluded``).
    limit_type : {"sigma", "probability"}
        ``"sigma"``: center ± L sigma (LCL floored at 0); ``"probability"``: the alpha/2 and
        1 - alpha/2 quantiles of the count's distribution (a point signals when strictly
        beyond them, so each tail has probability at most alpha/2).
    alpha : float
        False-alarm probability of probability limits.
    L : float
        Width of sigma limits [standard deviations of the plotted statistic].
    nan_policy : {"raise", "omit"}
        NaN in ``defects`` or ``units``: raise, or drop the whole sample (both its
        count and its size; positions in the result count the kept samples).

    Returns
    -------
    ControlChart
        ``statistic`` = :math:`u_i = c_i/n_i`.

    Raises
    ------
    InvalidInputError
        Negative counts, units <= 0, no defects at all, bad options.

    Notes
    -----
    :math:`\bar u = \sum c_i/\sum n_i`, limits :math:`\bar u \pm L\sqrt{\bar u/n_i}` (LCL
    floored at 0); probability limits from Poisson(:math:`\bar u n_i`) quantiles over
    :math:`n_i`.

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 7.3.1 (Example 7.4) and 7.3.2 (variable sample size).

    Examples
    --------
    >>> chart = u_chart([14, 12, 20, 11], [10, 8, 13, 10])
    >>> round(chart.center, 4)
    1.3902
    """
    func = "u_chart"
    values, sizes, index = _paired(
        func, "defects", defects, "units", units, nan_policy, integer_sizes=False
    )
    return _attribute_chart(
        func,
        "u",
        values,
        sizes,
        index,
        limits=limits,
        rules=rules,
        enabled=enabled,
        revise=revise,
        limit_type=limit_type,
        alpha=alpha,
        L=L,
        what="defects",
    )


@quiet
def laney_p_chart(
    defectives: ArrayLike | pd.Series[float],
    sample_size: ArrayLike | float,
    *,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    revise: bool = False,
    L: float = 3.0,
    nan_policy: NanPolicy = "raise",
) -> ControlChart:
    r"""Laney p' chart: a p chart corrected for over- or under-dispersion.

    Parameters
    ----------
    defectives : array_like or Series
        Nonconforming units :math:`D_i` per sample.
    sample_size : int or array_like
        Sample sizes :math:`n_i` (typically large and unequal).
    limits : ChartLimits, optional
        Frozen ``laney_p`` limits (p and sigma_z) for Phase II.
    rules : {"western_electric", "nelson"}, optional
        Run rules to apply; by default only rule 1.
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    revise : bool
        Phase I revision (drop the point farthest beyond the limits, recompute, repeat).
    L : float
        Width of the limits in standard deviations.
    nan_policy : {"raise", "omit"}
        NaN in ``defectives`` or ``sample_size``: raise, or drop the whole sample (both its
        count and its size; positions in the result count the kept samples).

    Returns
    -------
    ControlChart
        ``statistic`` = :math:`\hat p_i`; ``limits.parameters`` holds ``p`` and ``sigma_z``.

    Raises
    ------
    InvalidInputError
        As :func:`p_chart`, and fewer than 2 samples.

    Notes
    -----
    :math:`\sigma_{p_i} = \sqrt{\bar p(1-\bar p)/n_i}`, :math:`z_i = (\hat p_i - \bar p)/
    \sigma_{p_i}`, :math:`\sigma_z = \overline{MR}(z)/d_2(2)` (:math:`d_2(2) = 2/\sqrt\pi
    \approx 1.128`); limits :math:`\bar p \pm L\,\sigma_{p_i}\sigma_z`.

    References
    ----------
    .. [1] D. B. Laney, "Improved control charts for attributes", *Quality Engineering*
       14(4), 2002, 531-537. doi:10.1081/QEN-120003555

    Examples
    --------
    >>> chart = laney_p_chart([120, 95, 160, 110, 140], [1000, 900, 1100, 1000, 1050])
    >>> round(chart.center, 4)
    0.1238
    """
    func = "laney_p_chart"
    counts, sizes, index = _paired(
        func, "defectives", defectives, "sample_size", sample_size, nan_policy, integer_sizes=True
    )
    _not_above(func, counts, sizes)
    return _attribute_chart(
        func,
        "laney_p",
        counts,
        sizes,
        index,
        limits=limits,
        rules=rules,
        enabled=enabled,
        revise=revise,
        limit_type="sigma",
        alpha=0.0027,
        L=L,
        what="defectives",
    )


@quiet
def laney_u_chart(
    defects: ArrayLike | pd.Series[float],
    units: ArrayLike | float,
    *,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    revise: bool = False,
    L: float = 3.0,
    nan_policy: NanPolicy = "raise",
) -> ControlChart:
    r"""Laney u' chart: a u chart corrected for over- or under-dispersion.

    Parameters
    ----------
    defects : array_like or Series
        Nonconformities :math:`c_i` per sample.
    units : float or array_like
        Inspection units :math:`n_i` per sample.
    limits : ChartLimits, optional
        Frozen ``laney_u`` limits (u and sigma_z) for Phase II.
    rules : {"western_electric", "nelson"}, optional
        Run rules to apply; by default only rule 1.
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    revise : bool
        Phase I revision (drop the point farthest beyond the limits, recompute, repeat).
    L : float
        Width of the limits in standard deviations.
    nan_policy : {"raise", "omit"}
        NaN in ``defects`` or ``units``: raise, or drop the whole sample (both its
        count and its size; positions in the result count the kept samples).

    Returns
    -------
    ControlChart
        ``statistic`` = :math:`u_i`; ``limits.parameters`` holds ``u`` and ``sigma_z``.

    Raises
    ------
    InvalidInputError
        As :func:`u_chart`, and fewer than 2 samples.

    Notes
    -----
    :math:`\sigma_{u_i} = \sqrt{\bar u/n_i}`, :math:`z_i = (u_i-\bar u)/\sigma_{u_i}`,
    :math:`\sigma_z = \overline{MR}(z)/d_2(2)`; limits :math:`\bar u \pm L\sigma_{u_i}\sigma_z`.

    References
    ----------
    .. [1] D. B. Laney, "Improved control charts for attributes", *Quality Engineering*
       14(4), 2002, 531-537. doi:10.1081/QEN-120003555

    Examples
    --------
    >>> chart = laney_u_chart([14, 12, 20, 11, 7], [10, 8, 13, 10, 10])
    >>> round(chart.center, 4)
    1.2549
    """
    func = "laney_u_chart"
    values, sizes, index = _paired(
        func, "defects", defects, "units", units, nan_policy, integer_sizes=False
    )
    return _attribute_chart(
        func,
        "laney_u",
        values,
        sizes,
        index,
        limits=limits,
        rules=rules,
        enabled=enabled,
        revise=revise,
        limit_type="sigma",
        alpha=0.0027,
        L=L,
        what="defects",
    )


@quiet
def g_chart(
    counts_between_events: ArrayLike | pd.Series[float],
    *,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    revise: bool = False,
    limit_type: LimitType = "sigma",
    alpha: float = 0.0027,
    L: float = 3.0,
    nan_policy: NanPolicy = "raise",
) -> ControlChart:
    r"""g chart: number of units (or days) between rare events, geometric model.

    Parameters
    ----------
    counts_between_events : array_like or Series
        Conforming units (or time) :math:`g_i \ge 0` between consecutive events.
    limits : ChartLimits, optional
        Frozen limits from an earlier chart, or built for a known standard (Phase II).
    rules : {"western_electric", "nelson"}, optional
        Run rules to apply; by default only rule 1 (points beyond the limits).
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    revise : bool
        Phase I revision: drop the point farthest beyond the limits, recompute, and repeat
        until no kept point is beyond (dropped positions in ``excluded``).
    limit_type : {"sigma", "probability"}
        ``"sigma"``: center ± L sigma (LCL floored at 0); ``"probability"``: the alpha/2 and
        1 - alpha/2 quantiles of the count's distribution (a point signals when strictly
        beyond them, so each tail has probability at most alpha/2).
    alpha : float
        False-alarm probability of probability limits.
    L : float
        Width of sigma limits [standard deviations of the plotted statistic].
    nan_policy : {"raise", "omit"}
        NaN in ``counts_between_events``: raise, or drop the value (positions in the result count
        the kept values).

    Returns
    -------
    ControlChart
        ``statistic`` = :math:`g_i`; center :math:`\bar g`.

    Raises
    ------
    InvalidInputError
        Negative values, all values 0, bad options.

    Notes
    -----
    With :math:`g \sim` geometric on {0, 1, ...} and :math:`\hat p = 1/(\bar g + 1)`, the
    standard deviation is :math:`\sqrt{(1-p)}/p = \sqrt{\bar g(\bar g + 1)}`, so the limits
    are :math:`\bar g \pm L\sqrt{\bar g(\bar g+1)}` (LCL floored at 0; Kaminsky et al.;
    Benneyan). Probability limits are the geometric alpha/2 and 1 - alpha/2 quantiles
    (Minitab's G chart interpolates between them and centers on the median; this chart
    centers on the mean). Unlike qcc's default, limits are always returned.

    References
    ----------
    .. [1] F. C. Kaminsky, J. C. Benneyan, R. D. Davis and R. J. Burke, "Statistical
       control charts based on a geometric distribution", *Journal of Quality Technology*
       24(2), 1992, 63-69.
    .. [2] J. C. Benneyan, "Number-between g-type statistical quality control charts for
       monitoring adverse events", *Health Care Management Science* 4(4), 2001, 305-318.

    Examples
    --------
    >>> chart = g_chart([12, 30, 5, 48, 22, 17])
    >>> round(chart.center, 2), chart.lcl, round(chart.ucl, 2)
    (22.33, 0.0, 90.82)
    """
    func = "g_chart"
    values, index = _counts(
        func, "counts_between_events", counts_between_events, nan_policy, integer=False
    )
    return _attribute_chart(
        func,
        "g",
        values,
        np.ones(values.size),
        index,
        limits=limits,
        rules=rules,
        enabled=enabled,
        revise=revise,
        limit_type=limit_type,
        alpha=alpha,
        L=L,
        what="counts_between_events",
    )
