"""Crossed gauge repeatability and reproducibility (gauge R&R) studies."""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from opsmodels._results import Plottable, Result
from opsmodels._typing import FloatArray
from opsmodels._validation import (
    InstanceOf,
    Interval,
    NanPolicy,
    OneOf,
    as_float_array,
    as_scalar,
    check,
    inf_error,
    invalid,
    is_dask,
    nan_error,
    require_columns,
)
from opsmodels.sixsigma._constants import d2, d3

__all__ = ["GaugeRRConstants", "GaugeRRResult", "gauge_rr", "gauge_rr_constants"]

_FUNC = "gauge_rr"


@dataclass(frozen=True, slots=True, kw_only=True)
class GaugeRRResult(Result, Plottable):
    """Result of a crossed gauge R&R study.

    Variances are in squared measurement units; percentages are in percent.

    Attributes
    ----------
    var_repeatability : float
        Equipment variation :math:`\\sigma^2_{E}` (EV²).
    var_reproducibility : float
        Appraiser variation :math:`\\sigma^2_{O} + \\sigma^2_{PO}` (AV²).
    var_operator, var_interaction : float
        The operator and part x operator parts of the reproducibility (the interaction is 0
        when it was pooled into the error, and always 0 for the X-bar/R method).
    var_grr : float
        Measurement system variance :math:`\\sigma^2_{GRR}` = repeatability + reproducibility.
    var_part : float
        Part-to-part variance :math:`\\sigma^2_{P}` (PV²).
    var_total : float
        :math:`\\sigma^2_{GRR} + \\sigma^2_{P}` (TV²).
    pct_contribution_grr : float
        100·var_grr/var_total.
    pct_study_var_grr : float
        %GRR: 100·σ_GRR/σ_total.
    pct_tolerance_grr : float or None
        100·k·σ_GRR/tolerance (k = ``study_multiplier``); None without a tolerance.
    pct_process_grr : float or None
        100·σ_GRR/historical_sigma; None without a historical sigma.
    ndc : float
        Number of distinct categories, floor(1.41·σ_P/σ_GRR), at least 1 (``inf`` when the
        gauge shows no variation at all).
    method : str
        ``"anova"`` or ``"xbar_r"``.
    interaction_pooled : bool
        Whether the part x operator interaction was pooled into the repeatability (its
        ANOVA p-value was at least ``alpha_interaction``). The test is reported for both
        methods; only the ANOVA components depend on it.
    p_interaction : float
        p-value of the interaction's F test.
    anova : DataFrame
        Two-way ANOVA with interaction (computed for both methods): columns
        ``source, df, SS, MS, F, p`` and rows
        Part, Operator, Part*Operator, Repeatability, Total (main effects tested against the
        interaction mean square; cells that do not apply are NaN).
    anova_reduced : DataFrame
        The ANOVA without interaction (interaction pooled into the repeatability).
    components : DataFrame
        One row per source (Total Gage R&R, Repeatability, Reproducibility, Operator,
        Part*Operator when kept, Part-To-Part, Total Variation) with ``variance,
        pct_contribution, std_dev, study_var, pct_study_var`` and, when given,
        ``pct_tolerance`` and ``pct_process``. This is what ``to_frame()`` returns.
    intervals : dict of str to (float, float)
        Confidence intervals on the variance components, keyed by field name (ANOVA
        method only; empty for X-bar/R).
    confidence : float
        Two-sided confidence level of ``intervals``.
    study_multiplier : float
        Number of standard deviations in the study variation (6 or 5.15).
    tolerance, historical_sigma : float or None
        As given.
    n_parts, n_operators, n_trials : int
        Size of the study.
    interaction_means : DataFrame
        Mean of each part (rows, in order of first appearance) by operator (columns): the
        data of the part x operator interaction plot.

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> study = 10 + rng.normal(0, 0.5, (10, 1, 1)) + rng.normal(0, 0.05, (10, 3, 2))
    >>> r = gauge_rr(study, tolerance=3.0)  # 10 parts, 3 operators, 2 trials
    >>> round(r.pct_study_var_grr, 1), r.ndc
    (5.7, 24.0)
    >>> r.var_total == r.var_grr + r.var_part
    True
    """

    var_repeatability: float
    var_reproducibility: float
    var_operator: float
    var_interaction: float
    var_grr: float
    var_part: float
    var_total: float
    pct_contribution_grr: float
    pct_study_var_grr: float
    pct_tolerance_grr: float | None
    pct_process_grr: float | None
    ndc: float
    method: str
    interaction_pooled: bool
    p_interaction: float
    anova: pd.DataFrame
    anova_reduced: pd.DataFrame
    components: pd.DataFrame
    intervals: dict[str, tuple[float, float]]
    confidence: float
    study_multiplier: float
    tolerance: float | None
    historical_sigma: float | None
    n_parts: int
    n_operators: int
    n_trials: int
    interaction_means: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """Return the variance-components table (one row per source).

        Returns
        -------
        pandas.DataFrame
            A copy of :attr:`components`.
        """
        return self.components.copy()


@dataclass(frozen=True, slots=True, kw_only=True)
class GaugeRRConstants(Result):
    """AIAG's Average and Range gauge constants for one study size.

    Attributes
    ----------
    k1 : float
        :math:`K_1 = 1/d_2(r)`, multiplies the average range of the trials (EV).
    k2 : float
        :math:`K_2 = 1/d_2^*(o)`, multiplies the range of the operator means (AV).
    k3 : float
        :math:`K_3 = 1/d_2^*(p)`, multiplies the range of the part means (PV).

    Examples
    --------
    >>> k = gauge_rr_constants(10, 3, 3)
    >>> round(k.k1, 4), round(k.k2, 4), round(k.k3, 4)
    (0.5908, 0.5231, 0.3146)
    >>> sorted(k.to_dict())
    ['k1', 'k2', 'k3']
    """

    k1: float
    k2: float
    k3: float


def gauge_rr_constants(n_parts: int, n_operators: int, n_trials: int) -> GaugeRRConstants:
    """AIAG X-bar/R gauge constants K1, K2 and K3.

    Parameters
    ----------
    n_parts, n_operators, n_trials : int
        Size of the study (each >= 2).

    Returns
    -------
    GaugeRRConstants
        ``k1`` = :math:`K_1 = 1/d_2(r)`, ``k2`` = :math:`K_2 = 1/d_2^*(o)`, ``k3`` =
        :math:`K_3 = 1/d_2^*(p)`.

    Raises
    ------
    InvalidInputError
        If a size is not an integer >= 2.

    Notes
    -----
    AIAG's K1 divides the average of many ranges, so it uses the unbiased :math:`d_2` of
    the range of ``n_trials`` normals. K2 and K3 divide a *single* range (of the operator
    means, of the part means), for which AIAG uses Duncan's :math:`d_2^*` with one range
    (g = 1). Duncan's constants come from Patnaik's approximation
    :math:`d_2^*(m, g)^2 = d_2(m)^2 + d_3(m)^2/g`, computed here exactly from :math:`d_2`
    and :math:`d_3`; with g = 1 this reproduces AIAG's tabled K2 (0.7071, 0.5231) and K3
    (0.7071, 0.5231, 0.4467, 0.4030, ..., 0.3146 for 10 parts) to their four decimals.

    References
    ----------
    .. [1] AIAG, *Measurement Systems Analysis Reference Manual*, 4th ed., 2010, ch. III,
       section B (Average and Range method), K1/K2/K3 tables.
    .. [2] A. J. Duncan, *Quality Control and Industrial Statistics*, 5th ed., Irwin, 1986,
       Appendix Table D3 (d2*).

    Examples
    --------
    >>> k = gauge_rr_constants(10, 3, 3)
    >>> round(k.k1, 4), round(k.k2, 4), round(k.k3, 4)
    (0.5908, 0.5231, 0.3146)
    """
    sizes = [
        int(as_scalar("gauge_rr_constants", name, value, Interval(2, None, integer=True)))
        for name, value in (
            ("n_parts", n_parts),
            ("n_operators", n_operators),
            ("n_trials", n_trials),
        )
    ]
    return GaugeRRConstants(
        k1=1.0 / d2(sizes[2]), k2=_k_single_range(sizes[1]), k3=_k_single_range(sizes[0])
    )


def _k_single_range(m: int) -> float:
    return 1.0 / math.sqrt(d2(m) ** 2 + d3(m) ** 2)


def _ratio(num: float, den: float) -> float:
    """num/den for an F statistic: inf when only the denominator is 0, 0 when both are."""
    if den > 0:
        return num / den
    return math.inf if num > 0 else 0.0


@dataclass(frozen=True, slots=True)
class _Cells:
    """Per part x operator cell statistics: all the study needs (shape (parts, operators))."""

    mean: FloatArray
    ss: FloatArray  # within-cell sum of squared deviations from the cell mean
    low: FloatArray
    high: FloatArray
    trials: int
    part_labels: Any
    op_labels: Any


def _check_design(counts: Any, part_labels: Any, op_labels: Any) -> int:
    """Check a crossed, balanced design from its cell counts (parts x operators); return r."""
    p, o = len(part_labels), len(op_labels)
    if p < 2:
        raise invalid(_FUNC, "frame", "a study of at least 2 parts", f"<{p} part>")
    if o < 2:
        raise invalid(_FUNC, "frame", "a study of at least 2 operators", f"<{o} operator>")
    counts = np.asarray(counts).reshape(p * o)
    if counts.min() == 0:
        k = int(np.argmin(counts))
        raise invalid(
            _FUNC,
            "frame",
            "a crossed design in which every operator measures every part",
            f"<no measurement of part {part_labels[k // o]!r} by operator {op_labels[k % o]!r}>",
        )
    if counts.min() != counts.max():
        raise invalid(
            _FUNC,
            "frame",
            "a balanced study (the same number of trials in every part x operator cell)",
            f"<between {counts.min()} and {counts.max()} trials per cell>",
        )
    r = int(counts[0])
    if r < 2:
        raise invalid(_FUNC, "frame", "a study of at least 2 trials per cell", f"<{r} trial>")
    return r


def _missing_labels(column: str) -> Exception:
    return invalid(_FUNC, "frame", f"free of missing labels in column {column!r}", "<a NaN label>")


def _cells_from_array(x: FloatArray, part_labels: Any, op_labels: Any) -> _Cells:
    """Cell statistics of a balanced study held as (parts, operators, trials)."""
    p, o, r = x.shape
    # Reducing along the long axis of a (trials, cells) copy is several times faster than
    # along the short last axis of (parts, operators, trials).
    X = np.ascontiguousarray(x.reshape(p * o, r).T)
    mean = X.mean(axis=0)
    dev = X - mean
    return _Cells(
        mean=mean.reshape(p, o),
        ss=np.einsum("ij,ij->j", dev, dev).reshape(p, o),
        low=X.min(axis=0).reshape(p, o),
        high=X.max(axis=0).reshape(p, o),
        trials=r,
        part_labels=part_labels,
        op_labels=op_labels,
    )


def _cells_from_3d(data: Any, nan_policy: NanPolicy) -> _Cells:
    """A study given as an array of shape (parts, operators, trials)."""
    x = as_float_array(_FUNC, "frame", data, nan_policy=nan_policy, ndim=3, keep_nan=True)
    p, o, r = x.shape
    part_labels, op_labels = pd.RangeIndex(p), pd.RangeIndex(o)
    missing = np.isnan(x)
    # NaN can only be left under nan_policy="omit": dropping them unbalances the study.
    counts = (r - missing.sum(axis=2)) if missing.any() else np.full((p, o), r)
    _check_design(counts, part_labels, op_labels)
    return _cells_from_array(x, part_labels, op_labels)


def _sorted_layout(parts: Any, operators: Any, n: int) -> tuple[Any, Any, Any] | None:
    """The layout of a table sorted by part with the same operator sequence in every part.

    Returns ``(part_labels, op_labels, order)`` where ``order`` permutes the rows of one
    part (a slice when already in operator order), or None for any other table (which
    takes the general path: factorize, count, sort).
    """
    if n < 2:
        return None
    change = np.flatnonzero(parts[1:] != parts[:-1]) + 1
    p = change.size + 1
    if n % p:
        return None
    m = n // p  # rows per part
    if change.size and not bool(np.all(change == np.arange(1, p) * m)):
        return None
    part_labels = pd.Index(parts[::m])
    if part_labels.hasnans or not part_labels.is_unique:
        return None
    grid = operators.reshape(p, m)
    if not bool((grid == grid[0]).all()):
        return None
    codes, op_labels = pd.factorize(grid[0], sort=False)
    o = len(op_labels)
    if (codes < 0).any() or m % o or o < 1:
        return None
    if bool(np.all(codes == np.repeat(np.arange(o), m // o))):
        return part_labels, pd.Index(op_labels), slice(None)
    order = np.argsort(codes, kind="stable")
    if not bool(np.all(codes[order] == np.repeat(np.arange(o), m // o))):
        return None  # unbalanced within the part: the general path words the error
    return part_labels, pd.Index(op_labels), order


def _cells_from_pandas(frame: pd.DataFrame, part: Any, operator: Any, value: Any) -> _Cells:
    values = as_float_array(_FUNC, "frame", frame[value], ndim=1)  # NaN: see nan_policy
    parts, operators = frame[part].to_numpy(), frame[operator].to_numpy()
    layout = _sorted_layout(parts, operators, values.size)
    if layout is not None:  # sorted, balanced table: no factorize and no sort
        part_labels, op_labels, order = layout
        p, o = len(part_labels), len(op_labels)
        r = _check_design(np.full(p * o, values.size // (p * o)), part_labels, op_labels)
        x = values.reshape(p, o * r)[:, order].reshape(p, o, r)
        return _cells_from_array(x, part_labels, op_labels)
    part_codes, part_labels = pd.factorize(frame[part], sort=False)
    op_codes, op_labels = pd.factorize(frame[operator], sort=False)
    if (part_codes < 0).any():
        raise _missing_labels(part)
    if (op_codes < 0).any():
        raise _missing_labels(operator)
    p, o = len(part_labels), len(op_labels)
    cell = part_codes.astype(np.int64) * o + op_codes
    r = _check_design(np.bincount(cell, minlength=p * o), part_labels, op_labels)
    # Rows in any order: grouped sums and extremes in one pass each, no sort.
    mean = np.bincount(cell, weights=values, minlength=p * o) / r
    dev = values - mean[cell]
    ss = np.asarray(np.bincount(cell, weights=dev * dev, minlength=p * o), dtype=np.float64)
    low = np.full(p * o, np.inf)
    high = np.full(p * o, -np.inf)
    np.minimum.at(low, cell, values)
    np.maximum.at(high, cell, values)
    return _Cells(
        mean=mean.reshape(p, o),
        ss=ss.reshape(p, o),
        low=low.reshape(p, o),
        high=high.reshape(p, o),
        trials=r,
        part_labels=part_labels,
        op_labels=op_labels,
    )


def _ndim(data: Any) -> int:
    """Number of dimensions of array-like data (-1 when numpy cannot tell)."""
    try:
        return int(np.ndim(data))
    except (TypeError, ValueError):  # ragged nested lists
        return -1


def _cells_from_dask(frame: Any, part: Any, operator: Any, value: Any) -> _Cells:
    """Cell statistics by one combinable groupby-aggregation (never collects the rows)."""
    import dask  # the 'dask' extra, imported only for Dask input

    if frame[value].dtype.kind not in "iuf":
        raise invalid(
            _FUNC, "frame", f"numeric values in column {value!r}", f"<{frame[value].dtype}>"
        )
    head = frame[value].head(1, npartitions=-1, compute=True)
    if len(head) == 0:
        raise invalid(_FUNC, "frame", "a sample of at least 1 value", "<0 values>")
    pilot = float(head.iloc[0])
    pilot = 0.0 if not math.isfinite(pilot) else pilot
    shifted = frame[value].astype("float64") - pilot  # shift for accurate sums of squares
    work = frame[[part, operator]].assign(_d=shifted, _d2=shifted * shifted)
    agg = work.groupby([part, operator]).agg({"_d": ["count", "sum", "min", "max"], "_d2": "sum"})
    table, n_nan, n_inf, nan_part, nan_op = dask.compute(  # type: ignore[attr-defined,no-untyped-call]
        agg,
        frame[value].isna().sum(),
        (frame[value].abs() == np.inf).sum(),
        frame[part].isna().sum(),
        frame[operator].isna().sum(),
    )
    if n_nan:
        raise nan_error(_FUNC, "frame", f"{int(n_nan)} NaN values")
    if n_inf:
        raise inf_error(_FUNC, "frame", f"{int(n_inf)} infinite values")
    if nan_part:
        raise _missing_labels(part)
    if nan_op:
        raise _missing_labels(operator)
    table.columns = ["count", "sum", "min", "max", "sum2"]
    part_labels = pd.Index(table.index.get_level_values(0).unique())
    op_labels = pd.Index(table.index.get_level_values(1).unique())
    with contextlib.suppress(TypeError):  # labels of mixed types keep the order Dask gave
        part_labels, op_labels = part_labels.sort_values(), op_labels.sort_values()
    grid = table.reindex(pd.MultiIndex.from_product([part_labels, op_labels]))
    counts = grid["count"].fillna(0).to_numpy(dtype=np.int64)
    p, o = len(part_labels), len(op_labels)
    r = _check_design(counts, part_labels, op_labels)
    total = grid["sum"].to_numpy(dtype=np.float64).reshape(p, o)
    sum2 = grid["sum2"].to_numpy(dtype=np.float64).reshape(p, o)
    return _Cells(
        mean=pilot + total / r,
        ss=np.maximum(sum2 - total**2 / r, 0.0),
        low=pilot + grid["min"].to_numpy(dtype=np.float64).reshape(p, o),
        high=pilot + grid["max"].to_numpy(dtype=np.float64).reshape(p, o),
        trials=r,
        part_labels=part_labels,
        op_labels=op_labels,
    )


def _anova_tables(cells: _Cells) -> tuple[dict[str, Any], pd.DataFrame, pd.DataFrame]:
    cell_means, r = cells.mean, cells.trials
    p, o = cell_means.shape
    grand = float(cell_means.mean())
    part_means = cell_means.mean(axis=1)
    op_means = cell_means.mean(axis=0)
    ss_p = o * r * float(np.sum((part_means - grand) ** 2))
    ss_o = p * r * float(np.sum((op_means - grand) ** 2))
    ss_po = r * float(np.sum((cell_means - part_means[:, None] - op_means[None, :] + grand) ** 2))
    ss_e = float(np.sum(cells.ss))
    ss_t = ss_p + ss_o + ss_po + ss_e  # the balanced-design identity
    df_p, df_o, df_po, df_e = p - 1, o - 1, (p - 1) * (o - 1), p * o * (r - 1)
    ms_p, ms_o, ms_po, ms_e = ss_p / df_p, ss_o / df_o, ss_po / df_po, ss_e / df_e
    f_p, f_o, f_po = _ratio(ms_p, ms_po), _ratio(ms_o, ms_po), _ratio(ms_po, ms_e)
    pv_p = float(stats.f.sf(f_p, df_p, df_po))
    pv_o = float(stats.f.sf(f_o, df_o, df_po))
    pv_po = float(stats.f.sf(f_po, df_po, df_e))
    nan = math.nan
    full = pd.DataFrame(
        {
            "source": ["Part", "Operator", "Part*Operator", "Repeatability", "Total"],
            "df": [df_p, df_o, df_po, df_e, p * o * r - 1],
            "SS": [ss_p, ss_o, ss_po, ss_e, ss_t],
            "MS": [ms_p, ms_o, ms_po, ms_e, nan],
            "F": [f_p, f_o, f_po, nan, nan],
            "p": [pv_p, pv_o, pv_po, nan, nan],
        }
    )
    df_e2 = df_po + df_e
    ms_e2 = (ss_po + ss_e) / df_e2
    f_p2, f_o2 = _ratio(ms_p, ms_e2), _ratio(ms_o, ms_e2)
    reduced = pd.DataFrame(
        {
            "source": ["Part", "Operator", "Repeatability", "Total"],
            "df": [df_p, df_o, df_e2, p * o * r - 1],
            "SS": [ss_p, ss_o, ss_po + ss_e, ss_t],
            "MS": [ms_p, ms_o, ms_e2, nan],
            "F": [f_p2, f_o2, nan, nan],
            "p": [
                float(stats.f.sf(f_p2, df_p, df_e2)),
                float(stats.f.sf(f_o2, df_o, df_e2)),
                nan,
                nan,
            ],
        }
    )
    ms = {
        "ms_p": ms_p,
        "ms_o": ms_o,
        "ms_po": ms_po,
        "ms_e": ms_e,
        "ms_e2": ms_e2,
        "df_p": df_p,
        "df_o": df_o,
        "df_po": df_po,
        "df_e": df_e,
        "df_e2": df_e2,
        "p_interaction": pv_po,
    }
    return ms, full, reduced


def _mls_quantiles(df: FloatArray, alpha: float) -> tuple[FloatArray, ...]:
    """The F quantiles the MLS intervals use, for every mean square and every pair of them.

    Returns F(alpha; n, inf) (upper tail), F(1 - alpha; n, inf) per mean square, and the
    upper and lower alpha points of F(n_q, n_s) for every pair (q, s).
    """
    f_hi = stats.chi2.isf(alpha, df) / df  # F(alpha; n, inf), upper tail
    f_lo = stats.chi2.ppf(alpha, df) / df  # F(1 - alpha; n, inf)
    f1 = np.asarray(stats.f.isf(alpha, df[:, None], df[None, :]), dtype=np.float64)
    f2 = np.asarray(stats.f.ppf(alpha, df[:, None], df[None, :]), dtype=np.float64)
    return f_hi, f_lo, f1, f2


def _mls_interval(
    coef: FloatArray, ms: FloatArray, quantiles: tuple[FloatArray, ...]
) -> tuple[float, float]:
    """Modified large-sample interval on sum(coef * E[MS]) (Burdick, Borror & Montgomery).

    ``quantiles`` come from :func:`_mls_quantiles` (alpha is the tail probability on each
    side).
    """
    keep = np.flatnonzero(coef != 0)
    coef, ms = coef[keep], ms[keep]
    f_hi, f_lo = quantiles[0][keep], quantiles[1][keep]
    f1_all, f2_all = quantiles[2][np.ix_(keep, keep)], quantiles[3][np.ix_(keep, keep)]
    estimate = float(np.sum(coef * ms))
    pos, neg = coef > 0, coef < 0
    g = 1.0 - 1.0 / f_hi
    h = 1.0 / f_lo - 1.0
    term = (coef * ms) ** 2
    v_low = float(np.sum(g[pos] ** 2 * term[pos]) + np.sum(h[neg] ** 2 * term[neg]))
    v_up = float(np.sum(h[pos] ** 2 * term[pos]) + np.sum(g[neg] ** 2 * term[neg]))
    for q in np.flatnonzero(pos):
        for s in np.flatnonzero(neg):
            cross = coef[q] * ms[q] * (-coef[s]) * ms[s]
            f1 = float(f1_all[q, s])
            f2 = float(f2_all[q, s])
            g_qs = ((f1 - 1.0) ** 2 - g[q] ** 2 * f1**2 - h[s] ** 2) / f1
            h_qs = ((1.0 - f2) ** 2 - h[q] ** 2 * f2**2 - g[s] ** 2) / f2
            v_low += g_qs * cross
            v_up += h_qs * cross
    lower = max(estimate - math.sqrt(max(v_low, 0.0)), 0.0)
    upper = max(estimate + math.sqrt(max(v_up, 0.0)), 0.0)
    return lower, upper


def _anova_components(
    ms: dict[str, Any], shape: tuple[int, int, int], pooled: bool, alpha: float
) -> tuple[dict[str, float], dict[str, tuple[float, float]]]:
    p, o, r = shape
    if pooled:
        mean_squares = np.array([ms["ms_p"], ms["ms_o"], ms["ms_e2"]])
        dfs = np.array([ms["df_p"], ms["df_o"], ms["df_e2"]], dtype=np.float64)
        # Rows: coefficients of (MS_P, MS_O, MS_E') in each variance component.
        coefs = {
            "var_repeatability": [0.0, 0.0, 1.0],
            "var_operator": [0.0, 1 / (p * r), -1 / (p * r)],
            "var_interaction": [0.0, 0.0, 0.0],
            "var_reproducibility": [0.0, 1 / (p * r), -1 / (p * r)],
            "var_grr": [0.0, 1 / (p * r), 1 - 1 / (p * r)],
            "var_part": [1 / (o * r), 0.0, -1 / (o * r)],
            "var_total": [1 / (o * r), 1 / (p * r), 1 - 1 / (o * r) - 1 / (p * r)],
        }
    else:
        mean_squares = np.array([ms["ms_p"], ms["ms_o"], ms["ms_po"], ms["ms_e"]])
        dfs = np.array([ms["df_p"], ms["df_o"], ms["df_po"], ms["df_e"]], dtype=np.float64)
        # Rows: coefficients of (MS_P, MS_O, MS_PO, MS_E).
        coefs = {
            "var_repeatability": [0.0, 0.0, 0.0, 1.0],
            "var_operator": [0.0, 1 / (p * r), -1 / (p * r), 0.0],
            "var_interaction": [0.0, 0.0, 1 / r, -1 / r],
            "var_reproducibility": [0.0, 1 / (p * r), 1 / r - 1 / (p * r), -1 / r],
            "var_grr": [0.0, 1 / (p * r), 1 / r - 1 / (p * r), 1 - 1 / r],
            "var_part": [1 / (o * r), 0.0, -1 / (o * r), 0.0],
            "var_total": [
                1 / (o * r),
                1 / (p * r),
                1 / r - 1 / (o * r) - 1 / (p * r),
                1 - 1 / r,
            ],
        }
    raw = {k: float(np.dot(c, mean_squares)) for k, c in coefs.items()}
    # Negative estimates are set to 0; sums are rebuilt from the truncated parts.
    comps = {
        "var_repeatability": max(raw["var_repeatability"], 0.0),
        "var_operator": max(raw["var_operator"], 0.0),
        "var_interaction": max(raw["var_interaction"], 0.0),
        "var_part": max(raw["var_part"], 0.0),
    }
    comps["var_reproducibility"] = comps["var_operator"] + comps["var_interaction"]
    comps["var_grr"] = comps["var_repeatability"] + comps["var_reproducibility"]
    comps["var_total"] = comps["var_grr"] + comps["var_part"]
    intervals = {}
    quantiles = _mls_quantiles(dfs, alpha)
    for key, c in coefs.items():
        if pooled and key == "var_interaction":
            continue
        intervals[key] = _mls_interval(np.array(c), mean_squares, quantiles)
    return comps, intervals


def _xbar_r_components(cells: _Cells) -> dict[str, float]:
    r = cells.trials
    p, o = cells.mean.shape
    k = gauge_rr_constants(p, o, r)
    k1, k2, k3 = k.k1, k.k2, k.k3
    ev = float(np.mean(cells.high - cells.low)) * k1
    op_means = cells.mean.mean(axis=0)
    part_means = cells.mean.mean(axis=1)
    x_diff = float(op_means.max() - op_means.min())
    av2 = max((x_diff * k2) ** 2 - ev**2 / (p * r), 0.0)
    pv = float(part_means.max() - part_means.min()) * k3
    comps = {
        "var_repeatability": ev**2,
        "var_operator": av2,
        "var_interaction": 0.0,
        "var_reproducibility": av2,
        "var_part": pv**2,
    }
    comps["var_grr"] = comps["var_repeatability"] + av2
    comps["var_total"] = comps["var_grr"] + comps["var_part"]
    return comps


def _components_table(
    comps: dict[str, float],
    keep_interaction: bool,
    multiplier: float,
    tolerance: float | None,
    historical_sigma: float | None,
) -> pd.DataFrame:
    rows = [
        ("Total Gage R&R", "var_grr"),
        ("Repeatability", "var_repeatability"),
        ("Reproducibility", "var_reproducibility"),
        ("Operator", "var_operator"),
    ]
    if keep_interaction:
        rows.append(("Part*Operator", "var_interaction"))
    rows += [("Part-To-Part", "var_part"), ("Total Variation", "var_total")]
    variance = np.array([comps[k] for _, k in rows])
    total = comps["var_total"]
    sd = np.sqrt(variance)
    table = pd.DataFrame(
        {
            "source": [name for name, _ in rows],
            "variance": variance,
            "pct_contribution": 100.0 * variance / total,
            "std_dev": sd,
            "study_var": multiplier * sd,
            "pct_study_var": 100.0 * sd / math.sqrt(total),
        }
    )
    if tolerance is not None:
        table["pct_tolerance"] = 100.0 * multiplier * sd / tolerance
    if historical_sigma is not None:
        table["pct_process"] = 100.0 * sd / historical_sigma
    return table


def gauge_rr(
    frame: Any,
    *,
    part: str | None = None,
    operator: str | None = None,
    value: str | None = None,
    tolerance: float | None = None,
    method: Literal["anova", "xbar_r"] = "anova",
    alpha_interaction: float = 0.05,
    study_multiplier: float = 6.0,
    confidence: float = 0.95,
    historical_sigma: float | None = None,
    nan_policy: NanPolicy = "raise",
) -> GaugeRRResult:
    r"""Crossed gauge R&R study: how much of the observed variation the gauge makes.

    Parameters
    ----------
    frame : pandas.DataFrame, dask.dataframe.DataFrame or array_like of shape (p, o, r)
        One row per measurement, or the study as a 3-D array (parts, operators, trials):
        ``frame[i, j, k]`` is trial k of operator j on part i (parts and operators are then
        labelled 0, 1, ...). Every operator measures every part the same number of times (a
        balanced crossed design, at least 2 parts, 2 operators, 2 trials). A pandas frame
        sorted by part, with the same operator sequence within every part, is reshaped
        without sorting. A Dask frame is reduced to per-cell statistics by one combinable
        groupby-aggregation (count, sum, min, max and sum of squares about a pilot value),
        so the rows are never gathered in one process.
    part, operator, value : str, optional
        Column names of the part label, the operator label and the measurement; required
        for a frame, and left out (None) for a 3-D array.
    tolerance : float, optional
        Width of the specification (USL - LSL) [measurement units], for the % tolerance.
    method : {"anova", "xbar_r"}
        ANOVA (random-effects two-way ANOVA with interaction) or AIAG's Average and Range
        method.
    alpha_interaction : float
        The interaction is pooled into the repeatability when its p-value is at least this
        (0.05 as in Minitab's default and the SixSigma R package; AIAG suggests 0.25), in
        [0, 1].
    study_multiplier : float
        Standard deviations in the study variation: 6 (current AIAG, Minitab) or 5.15 (the
        99 % spread of older editions), > 0.
    confidence : float
        Two-sided level of the intervals on the variance components, in (0, 1).
    historical_sigma : float, optional
        Historical process standard deviation, for the % process column (> 0).
    nan_policy : {"raise", "omit"}
        ``"omit"`` drops the measurements whose value is NaN; the study that remains must
        still be balanced (so a 3-D array with a NaN is always rejected).

    Returns
    -------
    GaugeRRResult
        Variance components, percentages, ndc, ANOVA tables, components table
        (``to_frame()``), confidence intervals and the interaction-plot means.

    Raises
    ------
    InvalidInputError
        If ``frame`` lacks a column, has NaN values or labels, is unbalanced or has missing
        part x operator cells, has fewer than 2 parts, operators or trials, or all its
        values are equal; if a column name is missing for a frame or given for an array;
        or if an option is outside its range.

    Notes
    -----
    **ANOVA method** (Montgomery, §8.7; AIAG ch. III-B). With p parts, o operators and r
    trials, the mean squares of the two-way random model give

    .. math::

        \hat\sigma^2_E = MS_E,\quad \hat\sigma^2_{PO} = \frac{MS_{PO} - MS_E}{r},\quad
        \hat\sigma^2_O = \frac{MS_O - MS_{PO}}{pr},\quad
        \hat\sigma^2_P = \frac{MS_P - MS_{PO}}{or}.

    When the interaction's p-value is at least ``alpha_interaction`` it is pooled:
    :math:`MS_E` is replaced by :math:`(SS_{PO}+SS_E)/(df_{PO}+df_E)` in the formulas and
    :math:`\sigma^2_{PO} = 0`. **Negative estimates are set to 0** and the sums
    (reproducibility, GRR, total) are built from the truncated components, so
    ``var_total = var_grr + var_part`` always holds.

    Intervals: repeatability by the exact chi-square interval, every other component by
    the modified large-sample (MLS) method of Burdick, Borror & Montgomery (2005) for
    linear combinations of mean squares (the cross terms :math:`G_{qr}, H_{qr}` between
    positive and negative coefficients; the small :math:`G^*` term for several positive
    coefficients is left out). Lower ends are floored at 0.

    **X-bar/R method** (AIAG MSA 4th ed.): :math:`EV = \bar{\bar R} K_1`,
    :math:`AV = \sqrt{(\bar X_{diff} K_2)^2 - EV^2/(pr)}` (0 when negative),
    :math:`PV = R_p K_3`, with the constants of :func:`gauge_rr_constants`. It cannot
    separate an interaction (``var_interaction`` = 0) and gives no intervals.

    **Labels.** Parts and operators keep their order of first appearance for a pandas
    frame (``interaction_means``, error messages); for a Dask frame they are sorted.

    **Summaries.** % contribution = 100·σ²/σ²_total; % study variation =
    100·σ/σ_total; % tolerance = 100·k·σ/tolerance; % process = 100·σ/σ_historical;
    ndc = floor(1.41·σ_P/σ_GRR) as AIAG and Minitab state it (truncated, not rounded),
    and never below 1.

    References
    ----------
    .. [1] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, §8.7 (gauge and measurement system capability studies, Example 8.7).
    .. [2] AIAG, *Measurement Systems Analysis Reference Manual*, 4th ed., 2010, ch. III,
       section B.
    .. [3] R. K. Burdick, C. M. Borror and D. C. Montgomery, *Design and Analysis of Gauge
       R&R Studies*, ASA-SIAM Series on Statistics and Applied Probability, 2005,
       doi:10.1137/1.9780898718379.
    .. [4] E. L. Cano, J. M. Moguerza and A. Redchuk, *Six Sigma with R*, Springer, 2012,
       ch. 5 (the SixSigma package's ``ss.rr``).

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> parts = np.repeat(np.arange(10), 6)
    >>> operators = np.tile(np.repeat(["A", "B", "C"], 2), 10)
    >>> x = 10 + 0.5 * rng.standard_normal(10)[parts] + 0.05 * rng.standard_normal(60)
    >>> study = pd.DataFrame({"part": parts, "operator": operators, "value": x})
    >>> r = gauge_rr(study, part="part", operator="operator", value="value", tolerance=3.0)
    >>> r.interaction_pooled, round(r.pct_study_var_grr, 1), r.ndc
    (True, 5.7, 24.0)
    >>> list(r.to_frame()["source"])
    ['Total Gage R&R', 'Repeatability', 'Reproducibility', 'Operator', 'Part-To-Part', 'Total Variation']

    The same study as an array of shape (parts, operators, trials):

    >>> cube = x.reshape(10, 3, 2)
    >>> gauge_rr(cube, tolerance=3.0).pct_study_var_grr == r.pct_study_var_grr
    True
    """
    dask_input = is_dask(frame)
    array_input = not dask_input and not isinstance(frame, pd.DataFrame)
    if array_input:
        if isinstance(frame, pd.Series) or _ndim(frame) != 3:
            raise invalid(
                _FUNC,
                "frame",
                "a pandas or Dask DataFrame, or an array of shape (parts, operators, trials)",
                frame,
            )
        for name, col in (("part", part), ("operator", operator), ("value", value)):
            if col is not None:
                raise invalid(_FUNC, name, "None when frame is a 3-D array (no columns)", col)
    else:
        for name, col in (("part", part), ("operator", operator), ("value", value)):
            if col is None:
                raise invalid(
                    _FUNC, name, "a column name when frame is a DataFrame (given as None)", col
                )
            check(_FUNC, name, col, InstanceOf(str, int, name="a column name"))
        require_columns(_FUNC, "frame", frame, [part, operator, value])
    check(_FUNC, "method", method, OneOf("anova", "xbar_r"))
    alpha = as_scalar(_FUNC, "alpha_interaction", alpha_interaction, Interval(0, 1))
    multiplier = as_scalar(
        _FUNC, "study_multiplier", study_multiplier, Interval(0, None, closed="neither")
    )
    conf = as_scalar(_FUNC, "confidence", confidence, Interval(0, 1, closed="neither"))
    positive = Interval(0, None, closed="neither")
    tol = None if tolerance is None else as_scalar(_FUNC, "tolerance", tolerance, positive)
    hist = (
        None
        if historical_sigma is None
        else as_scalar(_FUNC, "historical_sigma", historical_sigma, positive)
    )

    check(_FUNC, "nan_policy", nan_policy, OneOf("raise", "omit"))
    if array_input:
        cells = _cells_from_3d(frame, nan_policy)
    else:
        if nan_policy == "omit":
            frame = frame[frame[value].notnull()]
        if dask_input:
            cells = _cells_from_dask(frame, part, operator, value)
        else:
            cells = _cells_from_pandas(frame, part, operator, value)
    p, o = cells.mean.shape
    r = cells.trials
    if float(cells.high.max()) <= float(cells.low.min()):
        raise invalid(_FUNC, "frame", "measurements that are not all equal", "<no variation>")
    ms, full, reduced = _anova_tables(cells)
    pooled = bool(ms["p_interaction"] >= alpha)
    if method == "anova":
        comps, intervals = _anova_components(ms, (p, o, r), pooled, (1.0 - conf) / 2.0)
        keep_interaction = not pooled
    else:
        comps, intervals = _xbar_r_components(cells), {}
        keep_interaction = False
    if comps["var_total"] <= 0.0:
        raise invalid(
            _FUNC, "frame", "measurements whose variance components are not all 0", "<none>"
        )
    table = _components_table(comps, keep_interaction, multiplier, tol, hist)
    sd_grr, sd_part = math.sqrt(comps["var_grr"]), math.sqrt(comps["var_part"])
    # ndc is unbounded (inf) when the gauge shows no variation at all.
    ndc = float(max(1.0, math.floor(1.41 * sd_part / sd_grr))) if sd_grr > 0 else math.inf
    cell_means = pd.DataFrame(
        cells.mean,
        index=pd.Index(cells.part_labels, name="part" if part is None else part),
        columns=pd.Index(cells.op_labels, name="operator" if operator is None else operator),
    )
    return GaugeRRResult(
        var_repeatability=comps["var_repeatability"],
        var_reproducibility=comps["var_reproducibility"],
        var_operator=comps["var_operator"],
        var_interaction=comps["var_interaction"],
        var_grr=comps["var_grr"],
        var_part=comps["var_part"],
        var_total=comps["var_total"],
        pct_contribution_grr=100.0 * comps["var_grr"] / comps["var_total"],
        pct_study_var_grr=100.0 * math.sqrt(comps["var_grr"] / comps["var_total"]),
        pct_tolerance_grr=None if tol is None else 100.0 * multiplier * sd_grr / tol,
        pct_process_grr=None if hist is None else 100.0 * sd_grr / hist,
        ndc=ndc,
        method=method,
        interaction_pooled=pooled,
        p_interaction=float(ms["p_interaction"]),
        anova=full,
        anova_reduced=reduced,
        components=table,
        intervals=intervals,
        confidence=conf,
        study_multiplier=multiplier,
        tolerance=tol,
        historical_sigma=hist,
        n_parts=p,
        n_operators=o,
        n_trials=r,
        interaction_means=cell_means,
    )
