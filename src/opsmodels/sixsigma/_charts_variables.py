"""Shewhart control charts for variables: X-bar/R, X-bar/S and individuals/moving range."""

from __future__ import annotations

import functools
import numbers
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from opsmodels._results import Plottable, Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import (
    InstanceOf,
    Interval,
    NanPolicy,
    NoneValue,
    OneOf,
    as_float_array,
    check,
    inf_error,
    invalid,
    is_dask,
    nan_error,
    require_columns,
)
from opsmodels.sixsigma._constants import c4, d2, d3
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
    real,
    series_values,
    z_quantile,
)

__all__ = ["IMRChart", "XbarRChart", "XbarSChart", "imr_chart", "xbar_r_chart", "xbar_s_chart"]

LimitType = Literal["sigma", "probability"]


@dataclass(frozen=True, slots=True, kw_only=True)
class XbarRChart(Result, Plottable):
    """X-bar and R charts of the same subgroups.

    Attributes
    ----------
    xbar : ControlChart
        Chart of the subgroup means :math:`\\bar x_i`.
    r : ControlChart
        Chart of the subgroup ranges :math:`R_i`.
    limits : ChartLimits
        Frozen limits of the pair (process ``mean`` and within-subgroup ``sigma``).

    Examples
    --------
    >>> import numpy as np
    >>> chart = xbar_r_chart(np.random.default_rng(1).normal(10.0, 1.0, size=(25, 5)))
    >>> chart.xbar.chart, chart.r.chart, chart.limits.chart
    ('xbar', 'r', 'xbar_r')
    >>> chart.to_frame().shape
    (25, 14)
    """

    xbar: ControlChart
    r: ControlChart
    limits: ChartLimits

    def to_frame(self) -> pd.DataFrame:
        """Both charts side by side, columns prefixed ``xbar_`` and ``r_``."""
        return _pair_frame(self.xbar, self.r)


@dataclass(frozen=True, slots=True, kw_only=True)
class XbarSChart(Result, Plottable):
    """X-bar and S charts of the same subgroups.

    Attributes
    ----------
    xbar : ControlChart
        Chart of the subgroup means :math:`\\bar x_i`.
    s : ControlChart
        Chart of the subgroup standard deviations :math:`s_i`.
    limits : ChartLimits
        Frozen limits of the pair (process ``mean`` and within-subgroup ``sigma``).

    Examples
    --------
    >>> import numpy as np
    >>> chart = xbar_s_chart(np.random.default_rng(1).normal(10.0, 1.0, size=(25, 5)))
    >>> chart.xbar.chart, chart.s.chart, chart.limits.chart
    ('xbar', 's', 'xbar_s')
    """

    xbar: ControlChart
    s: ControlChart
    limits: ChartLimits

    def to_frame(self) -> pd.DataFrame:
        """Both charts side by side, columns prefixed ``xbar_`` and ``s_``."""
        return _pair_frame(self.xbar, self.s)


@dataclass(frozen=True, slots=True, kw_only=True)
class IMRChart(Result, Plottable):
    """Individuals and moving-range charts.

    Attributes
    ----------
    individuals : ControlChart
        Chart of the individual values :math:`x_i`.
    moving_range : ControlChart
        Chart of the moving ranges :math:`MR_i` (one fewer point per extra span unit; its
        positions are 0-based in the moving-range series, whose first point ends at
        observation ``span - 1``).
    limits : ChartLimits
        Frozen limits (process ``mean``, ``sigma`` and ``span``).

    Examples
    --------
    >>> chart = imr_chart([10.0, 11.0, 9.5, 10.5, 10.0, 9.0, 10.5])
    >>> len(chart.individuals.statistic), len(chart.moving_range.statistic)
    (7, 6)
    >>> round(chart.limits.parameters["sigma"], 4)
    0.9601
    """

    individuals: ControlChart
    moving_range: ControlChart
    limits: ChartLimits

    def to_frame(self) -> pd.DataFrame:
        """Both charts side by side (``individuals_`` and ``moving_range_`` columns; the
        moving range is empty on the first ``span - 1`` rows)."""
        return _pair_frame(self.individuals, self.moving_range)


def _pair_frame(first: ControlChart, second: ControlChart) -> pd.DataFrame:
    top = first.to_frame().add_prefix(f"{first.chart}_")
    bottom = second.to_frame().add_prefix(f"{second.chart}_")
    bottom.index = top.index[len(top) - len(bottom) :]
    return top.join(bottom)


# ---------------------------------------------------------------------------------------
# Data handling
# ---------------------------------------------------------------------------------------


def _numeric_keep_nan(func: str, name: str, data: Any) -> FloatArray:
    """1-D float array aligned with ``data`` (NaN kept), after the library's checks."""
    return as_float_array(func, name, data, nan_policy="omit", ndim=1, min_size=0, keep_nan=True)


@dataclass(frozen=True, slots=True)
class _Subgroups:
    values: FloatArray  # (m, n_max), NaN = missing
    sizes: FloatArray  # (m,)
    complete: bool  # no NaN at all
    index: pd.Index | None
    # (means, ranges, standard deviations) already aggregated (Dask input)
    summary: tuple[FloatArray, FloatArray, FloatArray] | None = None


def _from_dask(
    func: str, frame: Any, subgroup: Any, value: str, nan_policy: NanPolicy
) -> _Subgroups:
    """Per-subgroup count, mean, range and SD with one combinable groupby aggregation."""
    check(func, "subgroup", subgroup, InstanceOf(str, name="a column name"))
    require_columns(func, "data", frame, [value, subgroup])
    table = (
        frame.groupby(subgroup)[value]
        .agg(["size", "count", "sum", "min", "max", "var"])
        .compute()
        .sort_index()
    )
    if len(table) == 0:
        raise invalid(func, "data", "at least one subgroup", "<no rows>")
    size = table["size"].to_numpy(dtype=np.float64)
    count = table["count"].to_numpy(dtype=np.float64)
    if nan_policy == "raise" and bool((size != count).any()):
        label = table.index[int(np.flatnonzero(size != count)[0])]
        raise nan_error(func, "data", f"NaN in subgroup {label!r}")
    if bool((count == 0).any()):
        label = table.index[int(np.flatnonzero(count == 0)[0])]
        raise invalid(func, "data", "at least one value in every subgroup", f"<none in {label!r}>")
    low, high = table["min"].to_numpy(dtype=np.float64), table["max"].to_numpy(dtype=np.float64)
    if not (np.isfinite(low).all() and np.isfinite(high).all()):
        raise inf_error(func, "data", "an infinite value")
    means = table["sum"].to_numpy(dtype=np.float64) / count
    sds = np.sqrt(np.maximum(table["var"].to_numpy(dtype=np.float64, na_value=np.nan), 0.0))
    return _Subgroups(
        np.empty((len(table), 0)),
        count,
        bool((count == count[0]).all()),
        pd.Index(table.index),
        (means, high - low, sds),
    )


def _subgroups(
    func: str, data: Any, subgroup: Any, value: str | None, nan_policy: NanPolicy
) -> _Subgroups:
    check(func, "nan_policy", nan_policy, OneOf("raise", "omit"))
    check(func, "value", value, [NoneValue(), InstanceOf(str, name="a column name")])
    index: pd.Index | None = None
    if is_dask(data):
        if value is None:
            raise invalid(func, "value", "a column name for a Dask DataFrame", value)
        return _from_dask(func, data, subgroup, value, nan_policy)
    if isinstance(data, pd.DataFrame) and value is not None:
        check(func, "subgroup", subgroup, InstanceOf(str, name="a column name"))
        require_columns(func, "data", data, [value, subgroup])
        return _grouped(func, data[value], data[subgroup].to_numpy(), nan_policy)
    if isinstance(data, pd.DataFrame) or np.ndim(data) == 2:
        check(func, "subgroup", subgroup, NoneValue())
        if isinstance(data, pd.DataFrame):
            index = data.index
            try:
                arr = data.to_numpy(dtype=np.float64, na_value=np.nan)
            except (TypeError, ValueError):
                raise invalid(func, "data", "numeric data", data) from None
        else:
            arr = as_float_array(func, "data", data, nan_policy="omit", ndim=2)
        if arr.shape[0] == 0:
            raise invalid(func, "data", "at least one subgroup", "<no subgroups>")
        nan = np.isnan(arr)
        if np.isinf(arr).any():
            raise inf_error(func, "data", "an infinite value")
        complete = not bool(nan.any())
        sizes = np.full(arr.shape[0], float(arr.shape[1])) if complete else (~nan).sum(1) * 1.0
        return _Subgroups(arr, sizes, complete, index)
    if subgroup is None:
        raise invalid(
            func,
            "subgroup",
            "subgroup labels or a subgroup size for 1-D data",
            subgroup,
        )
    if isinstance(subgroup, bool | np.bool_):
        raise invalid(func, "subgroup", "subgroup labels or a subgroup size", subgroup)
    if isinstance(subgroup, numbers.Integral | np.integer):
        check(func, "subgroup", subgroup, Interval(1, None, integer=True))
        x = as_float_array(func, "data", data, nan_policy="raise", ndim=1)
        size = int(subgroup)
        if x.size % size:
            raise invalid(
                func,
                "subgroup",
                f"a divisor of the number of values ({x.size})",
                subgroup,
            )
        if isinstance(data, pd.Series):
            index = data.index[::size]
        arr = x.reshape(-1, size)
        return _Subgroups(arr, np.full(arr.shape[0], float(size)), True, index)
    labels = np.asarray(subgroup.to_numpy() if isinstance(subgroup, pd.Series) else subgroup)
    return _grouped(func, data, labels, nan_policy)


def _grouped(func: str, data: Any, labels: Any, nan_policy: NanPolicy) -> _Subgroups:
    x = (
        as_float_array(func, "data", data, nan_policy="raise", ndim=1)
        if nan_policy == "raise"
        else _numeric_keep_nan(func, "data", data)
    )
    if np.ndim(labels) != 1 or len(labels) != x.size:
        raise invalid(
            func,
            "subgroup",
            f"one label per value ({x.size})",
            f"<{np.size(labels)} labels>",
        )
    codes, uniques = pd.factorize(labels, sort=False)
    if (codes < 0).any():
        pos = int(np.flatnonzero(codes < 0)[0])
        raise invalid(func, "subgroup", "labels without missing values", f"<NaN at position {pos}>")
    keep = ~np.isnan(x)
    x, codes = x[keep], codes[keep]
    m = len(uniques)
    counts = np.bincount(codes, minlength=m)
    if (counts == 0).any():
        empty = uniques[int(np.flatnonzero(counts == 0)[0])]
        raise invalid(func, "data", "at least one value in every subgroup", f"<none in {empty!r}>")
    order = np.argsort(codes, kind="stable")
    starts = np.cumsum(counts) - counts
    slot = np.arange(x.size) - np.repeat(starts, counts)
    arr = np.full((m, int(counts.max())), np.nan)
    arr[codes[order], slot] = x[order]
    complete = bool((counts == counts[0]).all())
    return _Subgroups(arr, counts.astype(np.float64), complete, pd.Index(uniques))


def _summaries(g: _Subgroups, spread: Literal["r", "s"]) -> tuple[FloatArray, FloatArray]:
    """Subgroup means and ranges (or standard deviations), vectorized."""
    if g.summary is not None:
        return g.summary[0], g.summary[1] if spread == "r" else g.summary[2]
    # Reducing along the long axis of a (size, subgroups) copy is several times faster
    # than along the short rows of (subgroups, size).
    X = np.ascontiguousarray(g.values.T)
    if g.complete:
        means = X.mean(axis=0)
        if spread == "r":
            return means, X.max(axis=0) - X.min(axis=0)
        return means, X.std(axis=0, ddof=1)
    missing = np.isnan(X)
    means = np.where(missing, 0.0, X).sum(axis=0) / g.sizes
    if spread == "r":
        return means, np.fmax.reduce(X, axis=0) - np.fmin.reduce(X, axis=0)
    dev = np.where(missing, 0.0, X - means[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        return means, np.sqrt((dev * dev).sum(axis=0) / (g.sizes - 1.0))


def _per_size(sizes: FloatArray, fn: Any) -> FloatArray:
    """Apply a scalar function of the subgroup size to each distinct size."""
    uniq, inverse = np.unique(sizes, return_inverse=True)
    table = np.array([fn(int(s)) for s in uniq], dtype=np.float64)
    return table[inverse]


@functools.lru_cache(maxsize=512)
def _range_quantiles(n: int, alpha: float) -> tuple[float, float]:
    """alpha/2 and 1 - alpha/2 quantiles of the range of n standard normals."""
    q = np.asarray(stats.studentized_range.ppf([alpha / 2.0, 1.0 - alpha / 2.0], n, np.inf))
    return float(q[0]), float(q[1])


def _estimate_sigma(
    method: str, spread: FloatArray, sizes: FloatArray, sds: FloatArray | None
) -> float:
    """Within-subgroup sigma from ranges (R-bar/d2), SDs (S-bar/c4) or pooled."""
    if method == "pooled":
        assert sds is not None
        dof = sizes - 1.0
        total = float(dof.sum())
        return float(np.sqrt((dof * sds**2).sum() / total) / c4(total + 1.0))
    equal = bool((sizes == sizes[0]).all())
    if method == "rbar":
        if equal:
            return float(spread.mean() / d2(int(sizes[0])))
        d2s, d3s = _per_size(sizes, d2), _per_size(sizes, d3)
        weight = (d2s / d3s) ** 2
        return float((weight * spread / d2s).sum() / weight.sum())
    if equal:  # sbar
        return float(spread.mean() / c4(float(sizes[0])))
    c4s = c4(sizes)
    weight = c4s**2 / (1.0 - c4s**2)
    return float((weight * spread / c4s).sum() / weight.sum())


def _mean_limits(
    mu: float, sigma: float, sizes: Any, limit_type: str, L: float, alpha: float
) -> tuple[Any, Any, Any]:
    sd = sigma / np.sqrt(sizes)
    width = (L if limit_type == "sigma" else z_quantile(alpha)) * sd
    return sd, mu - width, mu + width


def _spread_limits(
    kind: Literal["r", "s"], sigma: float, sizes: Any, limit_type: str, L: float, alpha: float
) -> tuple[Any, Any, Any, Any]:
    """Center, sd, lcl, ucl of the R or S chart for process sigma and subgroup sizes."""
    sizes = np.asarray(sizes, dtype=np.float64)
    if kind == "r":
        mean_factor = _per_size(np.atleast_1d(sizes), d2)
        sd_factor = _per_size(np.atleast_1d(sizes), d3)
    else:
        mean_factor = np.atleast_1d(c4(sizes))
        sd_factor = np.sqrt(1.0 - mean_factor**2)
    if limit_type == "sigma":
        lo = np.maximum(0.0, mean_factor - L * sd_factor)
        hi = mean_factor + L * sd_factor
    elif kind == "r":
        qs = np.array(
            [_range_quantiles(int(n), alpha) for n in np.atleast_1d(sizes)], dtype=np.float64
        )
        lo, hi = qs[:, 0], qs[:, 1]
    else:
        dof = np.atleast_1d(sizes) - 1.0
        lo = np.sqrt(stats.chi2.ppf(alpha / 2.0, dof) / dof)
        hi = np.sqrt(stats.chi2.ppf(1.0 - alpha / 2.0, dof) / dof)
    shape = np.shape(sizes)
    out = [np.reshape(v * sigma, shape) for v in (mean_factor, sd_factor, lo, hi)]
    return out[0], out[1], out[2], out[3]


def _standards(func: str, mean: Any, sigma: Any, limits: ChartLimits | None) -> None:
    real(func, "mean", mean, optional=True)
    real(func, "sigma", sigma, Interval(0, None, closed="neither"), optional=True)
    if limits is not None and (mean is not None or sigma is not None):
        raise invalid(func, "limits", "None when mean or sigma is given", "<ChartLimits>")


# ---------------------------------------------------------------------------------------
# X-bar / R and X-bar / S
# ---------------------------------------------------------------------------------------


def _xbar_pair(
    func: str,
    kind: Literal["r", "s"],
    data: Any,
    *,
    subgroup: Any,
    value: str | None,
    limits: ChartLimits | None,
    rules: RuleSet | None,
    enabled: Collection[int] | None,
    revise: bool,
    sigma: float | None,
    mean: float | None,
    limit_type: LimitType,
    alpha: float,
    L: float,
    sigma_method: str,
    nan_policy: NanPolicy,
) -> tuple[ControlChart, ControlChart, ChartLimits]:
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
    methods = ("rbar", "pooled") if kind == "r" else ("sbar", "pooled")
    check(func, "sigma_method", sigma_method, OneOf(*methods))
    _standards(func, mean, sigma, limits)
    g = _subgroups(func, data, subgroup, value, nan_policy)
    if (g.sizes < 2).any():
        pos = int(np.flatnonzero(g.sizes < 2)[0])
        raise invalid(
            func,
            "data",
            f"subgroups of at least 2 values for an {kind.upper()} chart",
            f"<a subgroup of 1 value at position {pos}>",
        )
    need_sd = kind == "s" or sigma_method == "pooled"
    means, spread = _summaries(g, kind)
    sds = spread if kind == "s" else (_summaries(g, "s")[1] if need_sd else None)
    m = means.size
    sizes = g.sizes[0] if bool((g.sizes == g.sizes[0]).all()) else g.sizes
    key = "xbar_r" if kind == "r" else "xbar_s"
    if limits is not None:
        frozen(func, limits, key)
        mu, sig = limits.value("mean"), limits.value("sigma")
        limit_type = limits.limit_type  # type: ignore[assignment]
        L, alpha = limits.L, limits.alpha
        keep = np.ones(m, dtype=bool)
    else:
        keep = np.ones(m, dtype=bool)
        while True:
            if not keep.any():
                raise invalid(func, "revise", "False for these data", "<every subgroup excluded>")
            w = g.sizes[keep]
            mu = float(mean) if mean is not None else float((w * means[keep]).sum() / w.sum())
            if sigma is not None:
                sig = float(sigma)
            else:
                sig = _estimate_sigma(
                    sigma_method, spread[keep], w, None if sds is None else sds[keep]
                )
                positive_sigma(func, "data", sig, "data that vary within subgroups")
            if not revise:
                break
            _, lo_x, hi_x = _mean_limits(mu, sig, sizes, limit_type, L, alpha)
            _, _, lo_s, hi_s = _spread_limits(kind, sig, sizes, limit_type, L, alpha)
            worst = farthest(keep, (means, lo_x, hi_x), (spread, lo_s, hi_s))
            if worst < 0:
                break
            keep[worst] = False
    frozen_limits = ChartLimits(
        chart=key,
        parameters={"mean": mu, "sigma": sig},
        limit_type=limit_type,
        L=float(L),
        alpha=float(alpha),
    )
    phase: Literal["I", "II"] = (
        "II" if limits is not None or (mean is not None and sigma is not None) else "I"
    )
    excluded = excluded_positions(keep)
    sd_x, lo_x, hi_x = _mean_limits(mu, sig, sizes, limit_type, L, alpha)
    center_s, sd_s, lo_s, hi_s = _spread_limits(kind, sig, sizes, limit_type, L, alpha)
    common: dict[str, Any] = {
        "rules": rules,
        "enabled": enabled,
        "phase": phase,
        "excluded": excluded,
        "limits": frozen_limits,
        "func": func,
        "param": "data",
    }
    xbar = build_chart("xbar", means, g.index, mu, sd_x, lo_x, hi_x, **common)
    other = build_chart(kind, spread, g.index, center_s, sd_s, lo_s, hi_s, **common)
    return xbar, other, frozen_limits


@quiet
def xbar_r_chart(
    data: ArrayLike | pd.DataFrame | pd.Series[float],
    *,
    subgroup: ArrayLike | int | str | None = None,
    value: str | None = None,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    revise: bool = False,
    sigma: float | None = None,
    mean: float | None = None,
    limit_type: LimitType = "sigma",
    alpha: float = 0.0027,
    L: float = 3.0,
    sigma_method: Literal["rbar", "pooled"] = "rbar",
    nan_policy: NanPolicy = "raise",
) -> XbarRChart:
    r"""X-bar and R control charts.

    Parameters
    ----------
    data : array_like, DataFrame, Series or dask DataFrame
        The measurements: a 2-D array or wide DataFrame with one row per subgroup (NaN marks a
        missing value, so subgroups of unequal size fit in one array), 1-D values with
        ``subgroup`` labels (or an integer subgroup size for consecutive subgroups), or a long
        (pandas or Dask) DataFrame with ``value`` and ``subgroup`` columns.
    subgroup : array_like, int or str, optional
        Subgroup label of each value (1-D data), the size of consecutive subgroups, or the
        label column of a long DataFrame. Subgroups keep the order of first appearance
        (a Dask DataFrame is aggregated with one groupby and its subgroups sorted by label).
    value : str, optional
        Column of the measurements in a long DataFrame.
    limits : ChartLimits, optional
        Frozen limits from an earlier chart (Phase II): the chart then uses their mean and
        sigma (and limit type) instead of estimating them.
    rules : {"western_electric", "nelson"}, optional
        Run rules to apply (all of the set unless ``enabled`` says otherwise); by default only
        rule 1 (points beyond the control limits).
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    revise : bool
        Phase I revision: drop the subgroup farthest beyond the limits of either chart
        (in widths of the control band), recompute, and repeat until no kept subgroup is
        beyond; the dropped positions are reported in ``excluded``. One at a time, because
        an outlier's pull on the center can put sound subgroups beyond the first limits.
    sigma, mean : float, optional
        Known standards (process standard deviation and mean) used instead of estimates.
    limit_type : {"sigma", "probability"}
        ``"sigma"``: center ± L standard deviations of the statistic (spread chart LCL floored
        at 0); ``"probability"``: the alpha/2 and 1 - alpha/2 quantiles of the statistic under
        normality.
    alpha : float
        False-alarm probability of probability limits.
    L : float
        Width of sigma limits [standard deviations of the plotted statistic].
    nan_policy : {"raise", "omit"}
        NaN in 1-D data: raise, or drop the value. (In 2-D data NaN always marks a missing
        value.)
    sigma_method : {"rbar", "pooled"}
        Estimator of the within-subgroup sigma: :math:`\bar R/d_2` (with unequal sizes the
        unbiased weighted average of :math:`R_i/d_2(n_i)` with weights
        :math:`(d_2/d_3)^2`, as qcc and Minitab) or the pooled standard deviation divided by
        :math:`c_4(\sum(n_i-1)+1)` (Minitab).

    Returns
    -------
    XbarRChart
        ``xbar`` and ``r`` charts and the frozen ``limits``.

    Raises
    ------
    InvalidInputError
        For subgroups of fewer than 2 values, no variation within subgroups, bad options.

    Notes
    -----
    With :math:`\hat\mu` the grand mean of all values and :math:`\hat\sigma` the
    within-subgroup sigma, subgroup i of size :math:`n_i` has

    .. math::

        \bar x:\ \hat\mu \pm L\hat\sigma/\sqrt{n_i}, \qquad
        R:\ \text{CL} = d_2(n_i)\hat\sigma,\ \ \max(0, d_2 - L d_3)\hat\sigma,\
        (d_2 + L d_3)\hat\sigma,

    which for equal sizes and L = 3 are the textbook :math:`\bar{\bar x} \pm A_2\bar R`,
    :math:`D_3\bar R`, :math:`D_4\bar R` with exact constants. Unequal sizes give stepped
    (per-point) limits. Probability limits use the normal quantile for :math:`\bar x` and the
    quantiles of the range of :math:`n_i` standard normals for R.

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 6.2 (Example 6.1) and Section 6.3.
    .. [2] Minitab, "Methods and formulas for Xbar-R chart" (unequal subgroup sizes).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> chart = xbar_r_chart(rng.normal(10.0, 1.0, size=(25, 5)))
    >>> chart.xbar.lcl < chart.xbar.center < chart.xbar.ucl
    True
    >>> round(chart.r.ucl / chart.r.center, 3)  # D4 for n = 5
    2.114
    """
    a, b, lim = _xbar_pair(
        "xbar_r_chart",
        "r",
        data,
        subgroup=subgroup,
        value=value,
        limits=limits,
        rules=rules,
        enabled=enabled,
        revise=revise,
        sigma=sigma,
        mean=mean,
        limit_type=limit_type,
        alpha=alpha,
        L=L,
        sigma_method=sigma_method,
        nan_policy=nan_policy,
    )
    return XbarRChart(xbar=a, r=b, limits=lim)


@quiet
def xbar_s_chart(
    data: ArrayLike | pd.DataFrame | pd.Series[float],
    *,
    subgroup: ArrayLike | int | str | None = None,
    value: str | None = None,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    revise: bool = False,
    sigma: float | None = None,
    mean: float | None = None,
    limit_type: LimitType = "sigma",
    alpha: float = 0.0027,
    L: float = 3.0,
    sigma_method: Literal["sbar", "pooled"] = "sbar",
    nan_policy: NanPolicy = "raise",
) -> XbarSChart:
    r"""X-bar and S control charts.

    Parameters
    ----------
    data : array_like, DataFrame, Series or dask DataFrame
        The measurements: a 2-D array or wide DataFrame with one row per subgroup (NaN marks a
        missing value, so subgroups of unequal size fit in one array), 1-D values with
        ``subgroup`` labels (or an integer subgroup size for consecutive subgroups), or a long
        (pandas or Dask) DataFrame with ``value`` and ``subgroup`` columns.
    subgroup : array_like, int or str, optional
        Subgroup label of each value (1-D data), the size of consecutive subgroups, or the
        label column of a long DataFrame. Subgroups keep the order of first appearance
        (a Dask DataFrame is aggregated with one groupby and its subgroups sorted by label).
    value : str, optional
        Column of the measurements in a long DataFrame.
    limits : ChartLimits, optional
        Frozen limits from an earlier chart (Phase II): the chart then uses their mean and
        sigma (and limit type) instead of estimating them.
    rules : {"western_electric", "nelson"}, optional
        Run rules to apply (all of the set unless ``enabled`` says otherwise); by default only
        rule 1 (points beyond the control limits).
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    revise : bool
        Phase I revision: drop the subgroup farthest beyond the limits of either chart
        (in widths of the control band), recompute, and repeat until no kept subgroup is
        beyond; the dropped positions are reported in ``excluded``. One at a time, because
        an outlier's pull on the center can put sound subgroups beyond the first limits.
    sigma, mean : float, optional
        Known standards (process standard deviation and mean) used instead of estimates.
    limit_type : {"sigma", "probability"}
        ``"sigma"``: center ± L standard deviations of the statistic (spread chart LCL floored
        at 0); ``"probability"``: the alpha/2 and 1 - alpha/2 quantiles of the statistic under
        normality.
    alpha : float
        False-alarm probability of probability limits.
    L : float
        Width of sigma limits [standard deviations of the plotted statistic].
    nan_policy : {"raise", "omit"}
        NaN in 1-D data: raise, or drop the value. (In 2-D data NaN always marks a missing
        value.)
    sigma_method : {"sbar", "pooled"}
        Estimator of the within-subgroup sigma: :math:`\bar s/c_4` (with unequal sizes the
        unbiased weighted average of :math:`s_i/c_4(n_i)` with weights
        :math:`c_4^2/(1-c_4^2)`, as qcc and Minitab) or the pooled standard deviation divided
        by :math:`c_4(\sum(n_i-1)+1)` (Minitab).

    Returns
    -------
    XbarSChart
        ``xbar`` and ``s`` charts and the frozen ``limits``.

    Raises
    ------
    InvalidInputError
        For subgroups of fewer than 2 values, no variation within subgroups, bad options.

    Notes
    -----
    .. math::

        \bar x:\ \hat\mu \pm L\hat\sigma/\sqrt{n_i}, \qquad
        s:\ \text{CL} = c_4(n_i)\hat\sigma,\ \
        \left(c_4 \mp L\sqrt{1-c_4^2}\right)\hat\sigma \ (\text{LCL} \ge 0),

    for equal sizes and L = 3 the textbook :math:`\bar{\bar x} \pm A_3\bar s`,
    :math:`B_3\bar s`, :math:`B_4\bar s`; unequal sizes give Montgomery's variable-sample-size
    chart with per-point limits. Probability limits for s come from
    :math:`(n-1)s^2/\sigma^2 \sim \chi^2_{n-1}`.

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 6.3.1 (Example 6.3) and 6.3.2 (variable sample size).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> chart = xbar_s_chart(rng.normal(10.0, 1.0, size=(25, 5)))
    >>> round(chart.s.ucl / chart.s.center, 3)  # B4 for n = 5
    2.089
    """
    a, b, lim = _xbar_pair(
        "xbar_s_chart",
        "s",
        data,
        subgroup=subgroup,
        value=value,
        limits=limits,
        rules=rules,
        enabled=enabled,
        revise=revise,
        sigma=sigma,
        mean=mean,
        limit_type=limit_type,
        alpha=alpha,
        L=L,
        sigma_method=sigma_method,
        nan_policy=nan_policy,
    )
    return XbarSChart(xbar=a, s=b, limits=lim)


# ---------------------------------------------------------------------------------------
# Individuals / moving range
# ---------------------------------------------------------------------------------------


def _moving_ranges(x: FloatArray, span: int) -> FloatArray:
    if span == 2:
        return np.asarray(np.abs(np.diff(x)), dtype=np.float64)
    windows = np.lib.stride_tricks.sliding_window_view(x, span)
    return np.asarray(np.ptp(windows, axis=1), dtype=np.float64)


@quiet
def imr_chart(
    x: ArrayLike | pd.Series[float],
    *,
    span: int = 2,
    limits: ChartLimits | None = None,
    rules: RuleSet | None = None,
    enabled: Collection[int] | None = None,
    revise: bool = False,
    sigma: float | None = None,
    mean: float | None = None,
    limit_type: LimitType = "sigma",
    alpha: float = 0.0027,
    L: float = 3.0,
    nan_policy: NanPolicy = "raise",
) -> IMRChart:
    r"""Individuals (I) and moving-range (MR) control charts.

    Parameters
    ----------
    x : array_like or Series
        Individual measurements in time order (a Series keeps its index).
    span : int
        Number of consecutive values in each moving range (>= 2).
    limits : ChartLimits, optional
        Frozen limits from an earlier chart (Phase II).
    rules : {"western_electric", "nelson"}, optional
        Run rules to apply; by default only rule 1 (points beyond the limits).
    enabled : collection of int, optional
        Rule numbers of ``rules`` to apply.
    revise : bool
        Phase I revision: drop the value farthest beyond the individuals limits (and the
        moving ranges that span it), recompute, repeat until no kept value is beyond.
    sigma, mean : float, optional
        Known standards used instead of estimates.
    limit_type : {"sigma", "probability"}
        Sigma limits (center ± L sigma) or probability limits (alpha/2 quantiles).
    alpha : float
        False-alarm probability of probability limits.
    L : float
        Width of sigma limits [standard deviations of the plotted statistic].
    nan_policy : {"raise", "omit"}
        NaN in ``x``: raise, or drop the value.

    Returns
    -------
    IMRChart
        ``individuals`` and ``moving_range`` charts and the frozen ``limits``.

    Raises
    ------
    InvalidInputError
        Fewer than ``span`` + 1 values, constant data, bad options.

    Notes
    -----
    :math:`MR_i = \max(x_{i-w+1..i}) - \min(x_{i-w+1..i})`,
    :math:`\hat\sigma = \overline{MR}/d_2(w)`; I chart :math:`\bar x \pm L\hat\sigma`
    (:math:`\bar x \pm E_2\overline{MR}` for w = 2, L = 3), MR chart
    :math:`\text{CL} = \overline{MR}`, :math:`D_3(w)\overline{MR}`, :math:`D_4(w)\overline{MR}`.

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, Section 6.4.
    .. [2] NIST/SEMATECH e-Handbook of Statistical Methods, Section 6.3.2.2.

    Examples
    --------
    >>> chart = imr_chart([10.0, 11.0, 9.5, 10.5, 10.0, 9.0, 10.5])
    >>> round(chart.individuals.center, 4), round(chart.moving_range.center, 4)
    (10.0714, 1.0833)
    """
    func = "imr_chart"
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
    real(func, "span", span, Interval(2, None, integer=True))
    _standards(func, mean, sigma, limits)
    values, index = series_values(func, "x", x, nan_policy)
    w = int(span)
    if values.size < w + 1:
        raise invalid(func, "x", f"at least span + 1 = {w + 1} values", f"<{values.size} values>")
    mr = _moving_ranges(values, w)
    d2w = d2(w)
    keep = np.ones(values.size, dtype=bool)
    if limits is not None:
        frozen(func, limits, "imr")
        mu, sig = limits.value("mean"), limits.value("sigma")
        if limits.chart == "imr":
            w_limits = int(limits.value("span"))
            if w_limits != w:
                raise invalid(func, "span", f"the span of the limits ({w_limits})", span)
        limit_type = limits.limit_type  # type: ignore[assignment]
        L, alpha = limits.L, limits.alpha
    else:
        while True:
            # a moving range counts when every value of its window is kept
            mr_keep = np.lib.stride_tricks.sliding_window_view(keep, w).all(axis=1)
            if not mr_keep.any():
                raise invalid(func, "revise", "False for these data", "<every value excluded>")
            mu = float(mean) if mean is not None else float(values[keep].mean())
            if sigma is not None:
                sig = float(sigma)
            else:
                sig = float(mr[mr_keep].mean() / d2w)
                positive_sigma(func, "x", sig, "data that vary")
            if not revise:
                break
            _, lo, hi = _mean_limits(mu, sig, 1.0, limit_type, L, alpha)
            worst = farthest(keep, (values, lo, hi))
            if worst < 0:
                break
            keep[worst] = False
    frozen_limits = ChartLimits(
        chart="imr",
        parameters={"mean": mu, "sigma": sig, "span": w},
        limit_type=limit_type,
        L=float(L),
        alpha=float(alpha),
    )
    phase: Literal["I", "II"] = (
        "II" if limits is not None or (mean is not None and sigma is not None) else "I"
    )
    sd_i, lo_i, hi_i = _mean_limits(mu, sig, 1.0, limit_type, L, alpha)
    center_m, sd_m, lo_m, hi_m = _spread_limits("r", sig, float(w), limit_type, L, alpha)
    excluded = excluded_positions(keep)
    common: dict[str, Any] = {
        "rules": rules,
        "enabled": enabled,
        "phase": phase,
        "func": func,
        "param": "x",
    }
    individuals = build_chart(
        "individuals",
        values,
        index,
        mu,
        sd_i,
        lo_i,
        hi_i,
        excluded=excluded,
        limits=frozen_limits,
        **common,
    )
    moving_range = build_chart(
        "moving_range",
        mr,
        None if index is None else index[w - 1 :],
        center_m,
        sd_m,
        lo_m,
        hi_m,
        excluded=excluded_positions(np.lib.stride_tricks.sliding_window_view(keep, w).all(axis=1)),
        limits=frozen_limits,
        **common,
    )
    return IMRChart(individuals=individuals, moving_range=moving_range, limits=frozen_limits)
