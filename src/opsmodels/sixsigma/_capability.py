"""Normal process capability: Cp, Cpk, Pp, Ppk, Cpm, Cpmk, expected and observed PPM,
Z.bench and confidence intervals, for one characteristic or many at once."""

from __future__ import annotations

import numbers
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import numpy as np
import pandas as pd
from scipy import special

from opsmodels._results import Plottable, Result
from opsmodels._typing import FloatArray, IntArray
from opsmodels._validation import (
    InstanceOf,
    Interval,
    NanPolicy,
    OneOf,
    as_float_array,
    as_scalar,
    check,
    describe,
    inf_error,
    invalid,
    is_dask,
    nan_error,
    require_columns,
)
from opsmodels.sixsigma._constants import c4
from opsmodels.sixsigma._sigma import (
    INDIVIDUAL_METHODS,
    SUBGROUP_METHODS,
    Layout,
    Moments,
    SigmaMethod,
    moments,
    segment_sum,
    within_sigma,
)

__all__ = ["CapabilityResult", "capability"]

_FUNC = "capability"

#: A statistic: a float for one characteristic, a Series (indexed by characteristic) for many.
Stat: TypeAlias = "float | pd.Series[float]"
#: A limit: a real number, or per characteristic a Series or dict keyed by characteristic.
LimitLike: TypeAlias = "float | pd.Series[float] | Mapping[Any, float] | None"

_INTERVAL_KEYS = ("cp", "cpl", "cpu", "cpk", "pp", "ppl", "ppu", "ppk", "cpm")


@dataclass(frozen=True, slots=True, kw_only=True)
class CapabilityResult(Result, Plottable):
    """Normal process capability of one characteristic (floats) or many (Series).

    A field the specification does not define is ``None`` for one characteristic (Cp and Pp
    without both limits, CPL/PPL without ``lsl``, CPU/PPU without ``usl``, Cpm and Cpmk without
    ``target``); in the grouped form (``by=``) every field is a Series indexed by
    characteristic and such a field is NaN for the characteristics lacking that limit.

    Attributes
    ----------
    mean : float or Series
        Process mean :math:`\\bar x`.
    n : int or Series
        Number of measurements :math:`N` used.
    sigma_within : float or Series
        Within-subgroup (short-term) standard deviation :math:`\\sigma_{within}`.
    sigma_overall : float or Series
        Overall (long-term) standard deviation :math:`\\sigma_{overall}`.
    cp, cpl, cpu, cpk : float, Series or None
        Potential capability :math:`C_p, C_{pl}, C_{pu}, C_{pk}` (with sigma within).
    cpm : float, Series or None
        Taguchi index :math:`C_{pm}` (needs ``target``).
    cpmk : float, Series or None
        :math:`C_{pmk}` (needs ``target``).
    pp, ppl, ppu, ppk : float, Series or None
        Overall performance :math:`P_p, P_{pl}, P_{pu}, P_{pk}` (with sigma overall).
    ppm_within, ppm_overall : float or Series
        Expected parts per million outside the limits with sigma within / overall.
    ppm_observed : float or Series
        Observed parts per million outside the limits.
    ppm_within_below, ppm_within_above, ppm_overall_below, ppm_overall_above,
    ppm_observed_below, ppm_observed_above : float or Series
        The same split into below LSL and above USL (0 for a side without a limit).
    z_bench_within, z_bench_overall : float or Series
        :math:`Z_{bench} = \\Phi^{-1}(1 - p)` with p the expected fraction out of
        specification (``inf`` when p underflows to 0).
    intervals : dict
        Two-sided confidence intervals at level ``confidence``, keyed by field name
        (``cp, cpl, cpu, cpk, pp, ppl, ppu, ppk`` and ``cpm`` when a target is given):
        ``(lower, upper)`` floats, or a pair of Series in the grouped form. Only the
        intervals the specification defines are present (one characteristic); in the
        grouped form a key is present when any characteristic defines it.
    sigma_method : str
        The within-sigma estimator used (``"auto"`` resolved).
    dof : float or Series
        Degrees of freedom :math:`\\nu` of the within estimator used by the within intervals.
    dof_overall : float or Series
        Degrees of freedom of the overall intervals, :math:`N - 1`.
    lsl, usl, target : float, Series or None
        The specification used.
    confidence : float
        Confidence level of ``intervals``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[10.1, 9.9, 10.0], [10.2, 10.0, 10.1], [9.8, 10.0, 9.9], [10.0, 10.1, 9.9]])
    >>> r = capability(x, lsl=9.5, usl=10.6)
    >>> round(r.cpk, 3), round(r.ppk, 3)
    (1.616, 1.477)
    >>> r.to_dict()["cpk"] == r.cpk
    True
    """

    mean: Stat
    n: int | pd.Series[int]
    sigma_within: Stat
    sigma_overall: Stat
    cp: Stat | None
    cpl: Stat | None
    cpu: Stat | None
    cpk: Stat | None
    cpm: Stat | None
    cpmk: Stat | None
    pp: Stat | None
    ppl: Stat | None
    ppu: Stat | None
    ppk: Stat | None
    ppm_within: Stat
    ppm_overall: Stat
    ppm_observed: Stat
    z_bench_within: Stat
    z_bench_overall: Stat
    ppm_within_below: Stat
    ppm_within_above: Stat
    ppm_overall_below: Stat
    ppm_overall_above: Stat
    ppm_observed_below: Stat
    ppm_observed_above: Stat
    intervals: dict[str, tuple[Any, Any]]
    sigma_method: str
    dof: Stat
    dof_overall: Stat
    lsl: Stat | None
    usl: Stat | None
    target: Stat | None
    confidence: float

    def to_frame(self) -> pd.DataFrame:
        """Return the fields as a DataFrame, with ``<index>_lower`` / ``<index>_upper`` columns.

        One row per characteristic in the grouped form, else a single row.

        Returns
        -------
        pandas.DataFrame
        """
        frame = Result.to_frame(self)
        for key, (lower, upper) in self.intervals.items():
            frame[f"{key}_lower"] = lower.to_numpy() if isinstance(lower, pd.Series) else lower
            frame[f"{key}_upper"] = upper.to_numpy() if isinstance(upper, pd.Series) else upper
        return frame


# ---------------------------------------------------------------------------------------------
# input handling


def _values(data: Any, name: str) -> FloatArray:
    """Float array of ``data`` with NaN kept (the caller applies the NaN policy)."""
    if isinstance(data, pd.Series | np.ndarray | list | tuple):
        return as_float_array(
            _FUNC, name, data, nan_policy="omit", min_size=0, allow_inf=True, keep_nan=True
        )
    # anything else: the library's converter words the error
    return as_float_array(_FUNC, name, data, nan_policy="raise", ndim=(1, 2), min_size=0)


def _clean(
    arr: FloatArray, name: str, nan_policy: str, *, nan_is_missing: bool
) -> tuple[FloatArray, Any, float | None]:
    """Check finiteness in one pass when possible.

    Returns the array, the keep-mask (None when nothing is dropped) and the sum of the
    values when it is finite (reused as the mean's numerator).
    """
    total = float(np.sum(arr)) if arr.size else 0.0
    if np.isfinite(total):
        return arr, None, total
    if np.isinf(arr).any():
        raise inf_error(_FUNC, name, arr)
    nan = np.isnan(arr)
    if not nan.any():
        return arr, None, None  # the sum overflowed; values are finite
    if nan_policy == "raise" and not nan_is_missing:
        raise nan_error(_FUNC, name, arr)
    return arr, ~nan, None


def _labels(name: str, labels: Any, size: int) -> IntArray:
    """Integer codes (first-appearance order) of a label array of length ``size``."""
    if isinstance(labels, pd.Series | pd.Index | np.ndarray | list | tuple):
        if len(labels) != size:
            raise invalid(
                _FUNC,
                name,
                f"labels of the same length as data ({size})",
                f"<{len(labels)} labels>",
            )
        try:
            codes, _ = pd.factorize(
                np.asarray(labels) if isinstance(labels, list | tuple) else labels
            )
        except TypeError:
            raise invalid(_FUNC, name, "hashable labels", labels) from None
        codes = np.asarray(codes, dtype=np.int64)
        if (codes < 0).any():
            pos = int(np.flatnonzero(codes < 0)[0])
            raise invalid(
                _FUNC, name, "labels without missing values", f"<missing at position {pos}>"
            )
        return codes
    raise invalid(
        _FUNC, name, "an array of labels, a column name (with a DataFrame) or None", labels
    )


def _stable_order(key: IntArray) -> IntArray:
    """Stable argsort of non-negative integer codes by LSD radix passes on 16-bit digits.

    numpy sorts 16-bit keys stably by radix sort in linear time, so codes below 2**16 take one
    pass and codes below 2**32 two (low digit, then high digit); larger keys use mergesort.
    """
    top = int(key.max()) if key.size else 0
    if top < 2**16:
        return np.argsort(key.astype(np.uint16), kind="stable")
    if top < 2**32:
        order = np.argsort((key & 0xFFFF).astype(np.uint16), kind="stable")
        high = (key >> 16).astype(np.uint16)[order]
        return np.asarray(order[np.argsort(high, kind="stable")], dtype=np.int64)
    return np.argsort(key, kind="stable").astype(np.int64)


def _build_layout(
    x: FloatArray, char_codes: IntArray | None, sub_codes: IntArray | None, n_char: int
) -> tuple[Layout, IntArray | None]:
    """Sort by (characteristic, subgroup) stably and build the offsets.

    Returns the layout and, for subgrouped data, the characteristic of each subgroup.
    """
    size = len(x)
    if char_codes is None and sub_codes is None:
        return Layout(x, np.array([0, size]), None, None), None
    if sub_codes is None:
        assert char_codes is not None
        key = char_codes
    elif char_codes is None:
        key = sub_codes
    else:
        # one subgroup code per (characteristic, subgroup label) pair
        key = char_codes * (int(sub_codes.max()) + 1) + sub_codes
    unsorted = size > 1 and bool(np.any(key[1:] < key[:-1]))
    if sub_codes is None:
        assert char_codes is not None
        if unsorted:
            x = x[_stable_order(key)]
        counts = np.bincount(char_codes)
        char_off = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return Layout(x, char_off, None, None), None
    if unsorted:
        order = _stable_order(key)
        x = x[order]
        key = key[order]
        if char_codes is not None:
            char_codes = char_codes[order]
    sub_starts = np.concatenate(([0], np.flatnonzero(key[1:] != key[:-1]) + 1)).astype(np.int64)
    sub_off = np.concatenate((sub_starts, [size])).astype(np.int64)
    if char_codes is None:
        char_sub_off = np.array([0, len(sub_starts)], dtype=np.int64)
        sub_char = np.zeros(len(sub_starts), dtype=np.int64)
    else:
        sub_char = char_codes[sub_starts]
        bounds = np.flatnonzero(sub_char[1:] != sub_char[:-1]) + 1
        char_sub_off = np.concatenate(([0], bounds, [len(sub_starts)])).astype(np.int64)
    char_off = sub_off[char_sub_off]
    return Layout(x, char_off, sub_off, char_sub_off), sub_char


def _prepare(
    data: Any,
    subgroup: Any,
    value: Any,
    by: Any,
    nan_policy: str,
) -> tuple[Layout, pd.Index | None]:
    """Turn every accepted data form into a layout (and the characteristic labels)."""
    char_labels: Any = None
    sub_labels: Any = None
    if isinstance(data, pd.DataFrame):
        if data.shape[1] == 0 or data.shape[0] == 0:
            raise invalid(
                _FUNC,
                "data",
                "a DataFrame with measurements",
                f"<a DataFrame of shape {data.shape}>",
            )
        if value is None:
            if data.shape[1] != 1:
                raise invalid(
                    _FUNC,
                    "value",
                    "the name of the measurement column when data is a DataFrame with several columns",
                    value,
                )
            column: Any = data.columns[0]
        else:
            column = value
        if not isinstance(column, Hashable):
            raise invalid(_FUNC, "value", "a column name of data", column)
        if subgroup is not None and not _is_array(subgroup):
            require_columns(_FUNC, "data", data, [subgroup])
            sub_labels = data[subgroup]
        else:
            sub_labels = subgroup
        if by is not None and not _is_array(by):
            require_columns(_FUNC, "data", data, [by])
            char_labels = data[by]
        else:
            char_labels = by
        require_columns(_FUNC, "data", data, [column])
        raw: Any = data[column]
        if raw.ndim != 1:
            raise invalid(_FUNC, "value", "a single column name", value)
    else:
        if value is not None:
            raise invalid(_FUNC, "value", "None unless data is a DataFrame", value)
        raw = data
        sub_labels, char_labels = subgroup, by
    if isinstance(raw, str | bytes | Mapping) or raw is None or isinstance(raw, numbers.Number):
        raise invalid(_FUNC, "data", "1-D or 2-D numeric data or a DataFrame", raw)
    arr = _values(raw, "data")
    if arr.ndim not in (1, 2):
        raise invalid(_FUNC, "data", "1-D or 2-D data", f"<{arr.ndim}-D data of shape {arr.shape}>")
    if arr.size == 0:
        raise invalid(_FUNC, "data", "a sample of at least 2 values", "<0 values>")
    if arr.ndim == 2:
        for pname, lab in (("subgroup", sub_labels), ("by", char_labels)):
            if lab is not None:
                raise invalid(_FUNC, pname, "None when data is 2-D (one row per subgroup)", lab)
        sub_codes: IntArray | None
        rows, cols = arr.shape
        arr2, keep, _ = _clean(arr, "data", nan_policy, nan_is_missing=True)
        flat = arr2.reshape(-1)
        if cols == 1:
            x = flat if keep is None else flat[keep.reshape(-1)]
            layout, _ = _build_layout(x, None, None, 1)
        elif keep is None:
            layout = Layout(
                flat,
                np.array([0, flat.size], dtype=np.int64),
                np.arange(0, flat.size + 1, cols, dtype=np.int64),
                np.array([0, rows], dtype=np.int64),
                width=cols,
            )
        else:
            sub_codes = np.repeat(np.arange(rows, dtype=np.int64), cols)
            if keep is None:
                x = flat
            else:
                k = keep.reshape(-1)
                x, sub_codes = flat[k], sub_codes[k]
            if x.size == 0:
                raise invalid(_FUNC, "data", "a sample of at least 2 values", "<0 values>")
            layout = _sorted_subgroups(x, sub_codes)
        return layout, None
    x, keep, total = _clean(arr, "data", nan_policy, nan_is_missing=False)
    sub_codes = None if sub_labels is None else _labels("subgroup", sub_labels, len(x))
    char_codes: IntArray | None = None
    index: pd.Index | None = None
    if char_labels is not None:
        if not _is_array(char_labels):
            raise invalid(
                _FUNC, "by", "a column name of a DataFrame data or an array of labels", by
            )
        if len(char_labels) != len(x):
            raise invalid(
                _FUNC,
                "by",
                f"labels of the same length as data ({len(x)})",
                f"<{len(char_labels)} labels>",
            )
        lab = char_labels if isinstance(char_labels, pd.Series) else pd.Series(char_labels)
        sorted_labels = False
        try:
            sorted_labels = bool(lab.is_monotonic_increasing) and not bool(lab.hasnans)
        except TypeError:  # labels of mixed, unorderable types
            sorted_labels = False
        if sorted_labels:  # already grouped in order: boundaries only, no hashing or sorting
            values = lab.to_numpy()
            starts = np.concatenate(([0], np.flatnonzero(values[1:] != values[:-1]) + 1))
            uniques: Any = values[starts]
            if keep is None and sub_codes is None:
                index = pd.Index(uniques, name=by if isinstance(by, str) else None)
                off = np.concatenate((starts, [len(values)])).astype(np.int64)
                return Layout(x, off, None, None), index
            char_codes = np.repeat(
                np.arange(len(starts), dtype=np.int64), np.diff(np.append(starts, len(values)))
            )
        else:
            try:
                codes, uniques = pd.factorize(lab, sort=False)
                ranks = np.empty(len(uniques), dtype=np.int64)
                perm = np.argsort(np.asarray(uniques), kind="stable")
                ranks[perm] = np.arange(len(uniques))
            except TypeError:
                raise invalid(_FUNC, "by", "hashable, sortable labels", char_labels) from None
            uniques = uniques.take(perm)
            char_codes = np.where(codes >= 0, ranks[codes], -1)
            if (char_codes < 0).any():
                pos = int(np.flatnonzero(char_codes < 0)[0])
                raise invalid(
                    _FUNC, "by", "labels without missing values", f"<missing at position {pos}>"
                )
        index = pd.Index(uniques, name=by if isinstance(by, str) else None)
    if keep is not None:
        x = x[keep]
        if sub_codes is not None:
            sub_codes = sub_codes[keep]
        if char_codes is not None:
            char_codes = char_codes[keep]
            present = np.unique(char_codes)
            assert index is not None
            if len(present) != len(index):
                lost = index[np.setdiff1d(np.arange(len(index)), present)[0]]
                raise invalid(
                    _FUNC,
                    "data",
                    "at least 2 non-NaN values per characteristic",
                    f"<none for {lost!r}>",
                )
    if x.size == 0:
        raise invalid(_FUNC, "data", "a sample of at least 2 values", "<0 values>")
    if char_codes is None and sub_codes is None:
        off = np.array([0, x.size], dtype=np.int64)
        return Layout(x, off, None, None, total=total if keep is None else None), None
    layout, _ = _build_layout(x, char_codes, sub_codes, 0 if index is None else len(index))
    return layout, index


def _sorted_subgroups(x: FloatArray, sub_codes: IntArray) -> Layout:
    """Layout of rows of a 2-D array (already in subgroup order)."""
    layout, _ = _build_layout(x, None, sub_codes, 1)
    return layout


def _is_array(value: Any) -> bool:
    return isinstance(value, pd.Series | pd.Index | np.ndarray | list | tuple)


def _limit(name: str, value: Any, index: pd.Index | None, size: int) -> FloatArray:
    """A specification limit as a float array over characteristics (NaN = absent)."""
    if value is None:
        return np.full(size, np.nan)
    if index is None:
        return np.array([as_scalar(_FUNC, name, value)])
    if isinstance(value, Mapping | pd.Series):
        series = pd.Series(value) if isinstance(value, Mapping) else value
        unknown = series.index.difference(index)
        if len(unknown):
            raise invalid(
                _FUNC,
                name,
                "keyed by characteristics present in the data",
                f"<unknown key {unknown[0]!r}>",
            )
        try:
            values = pd.to_numeric(series, errors="raise")
        except (TypeError, ValueError):
            raise invalid(_FUNC, name, "numeric limits", value) from None
        check(_FUNC, name, values.dropna(), Interval())
        return values.reindex(index).to_numpy(dtype=np.float64, na_value=np.nan)
    return np.full(size, as_scalar(_FUNC, name, value))


# ---------------------------------------------------------------------------------------------
# the computation


def _tail_ppm(
    lsl: FloatArray, usl: FloatArray, mean: FloatArray, sigma: FloatArray
) -> tuple[FloatArray, FloatArray]:
    below = np.where(np.isnan(lsl), 0.0, special.ndtr((np.nan_to_num(lsl) - mean) / sigma))
    above = np.where(np.isnan(usl), 0.0, special.ndtr((mean - np.nan_to_num(usl)) / sigma))
    return below * 1e6, above * 1e6


def _z_bench(ppm: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore"):
        return np.asarray(-special.ndtri(ppm / 1e6), dtype=np.float64)


def _observed(layout: Layout, lsl: FloatArray, usl: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Observed PPM below LSL and above USL (one comparison pass per limit)."""
    x, counts = layout.x, layout.counts
    out = []
    for limit, below in ((lsl, True), (usl, False)):
        present = ~np.isnan(limit)
        if not present.any():
            out.append(np.zeros(layout.k))
            continue
        if layout.k == 1:  # blockwise counts: no data-sized temporary
            out.append(np.array([_count_beyond(x, float(limit[0]), below=below)]))
            continue
        if bool(np.all(limit == limit[0])):  # one limit for every characteristic
            mask = (x < limit[0]) if below else (x > limit[0])
        else:
            rows = np.repeat(limit, counts)
            mask = (x < rows) if below else (x > rows)  # NaN limits compare False

        hits = np.flatnonzero(mask)  # usually few: count them by characteristic
        owner = np.searchsorted(layout.char_off, hits, side="right") - 1
        out.append(np.bincount(owner, minlength=layout.k).astype(np.float64))
    n = counts.astype(np.float64)
    return out[0] / n * 1e6, out[1] / n * 1e6


def _count_beyond(x: FloatArray, limit: float, *, below: bool) -> float:
    """Number of values strictly below (or above) ``limit``, counted block by block."""
    block = 1 << 16
    total = 0
    for start in range(0, x.size, block):  # a loop over blocks of 65,536 values
        part = x[start : start + block]
        total += int(np.count_nonzero(part < limit if below else part > limit))
    return float(total)


def _bissell(
    est: FloatArray, n: FloatArray, nu: FloatArray, z: float
) -> tuple[FloatArray, FloatArray]:
    half = z * np.sqrt(1.0 / (9.0 * n) + est**2 / (2.0 * nu))
    return est - half, est + half


def _chi2_interval(est: FloatArray, nu: FloatArray, alpha: float) -> tuple[FloatArray, FloatArray]:
    lo = np.sqrt(special.chdtri(nu, 1.0 - alpha / 2.0) / nu)  # chi-square alpha/2 quantile
    hi = np.sqrt(special.chdtri(nu, alpha / 2.0) / nu)
    return est * lo, est * hi


def capability(
    data: Any,
    *,
    lsl: LimitLike = None,
    usl: LimitLike = None,
    target: LimitLike = None,
    subgroup: Any = None,
    sigma_method: SigmaMethod = "auto",
    span: int = 2,
    dof: Literal["estimator", "n-1"] = "estimator",
    confidence: float = 0.95,
    unbias: bool = True,
    unbias_overall: bool = False,
    cpm_method: Literal["minitab", "taguchi_qcc"] = "minitab",
    nan_policy: NanPolicy = "raise",
    value: Hashable | None = None,
    by: Any = None,
) -> CapabilityResult:
    r"""Normal process capability of one characteristic, or of many in one vectorized call.

    Parameters
    ----------
    data : array_like, DataFrame or dask DataFrame
        Measurements [unit of the characteristic]: 1-D individual values (in time order),
        1-D values grouped by ``subgroup`` labels, a 2-D array with one row per subgroup
        (NaN marks a missing value, so subgroups may have unequal sizes), or a DataFrame
        whose ``value`` column holds the measurements. A Dask DataFrame (the ``dask``
        extra; ``value`` required, ``subgroup`` and ``by`` column names) is reduced by
        per-partition summaries and one groupby-aggregation, never gathered in one
        process; its individuals support ``"moving_range"`` (span 2) and ``"mssd"``, with
        moving ranges across partition boundaries in partition order.
    lsl, usl : float, optional
        Lower and upper specification limits [unit]. At least one is required. With ``by``,
        a scalar applies to every characteristic and a Series or dict keyed by
        characteristic gives one limit each (a missing key means no limit there).
    target : float, optional
        Target value [unit], inside [lsl, usl]; needed for Cpm and Cpmk.
    subgroup : array_like or column name, optional
        Subgroup label of each value (1-D data), or the name of the label column when data
        is a DataFrame. Values with the same label form a subgroup (in data order).
    sigma_method : {"auto", "pooled", "rbar", "sbar", "moving_range", "median_moving_range", "mssd"}
        Within-subgroup sigma estimator. ``"auto"`` (default) uses ``"pooled"`` for
        subgrouped data and ``"moving_range"`` for individuals (Minitab's defaults);
        subgroups that all hold a single value count as individuals.
    span : int
        Length w of the moving range (``"moving_range"``, ``"median_moving_range"``), >= 2.
    dof : {"estimator", "n-1"}
        Degrees of freedom of the within intervals: by estimator (Minitab) or N - 1 for
        everything (textbooks, R qcc). Overall intervals always use N - 1.
    confidence : float
        Two-sided confidence level of the intervals, in (0, 1).
    unbias : bool
        Divide the within estimator by its unbiasing constant (c4 for pooled, S-bar and
        MSSD; R-bar and moving ranges always use d2 / the median constant).
    unbias_overall : bool
        Divide the overall sample standard deviation by c4(N).
    cpm_method : {"minitab", "taguchi_qcc"}
        Cpm from the mean squared deviation about the target (Minitab) or
        Cp / sqrt(1 + ((mean - T)/sigma_within)^2) (R qcc).
    nan_policy : {"raise", "omit"}
        NaN in 1-D data: raise, or drop the value (and its labels). In 2-D data NaN always
        marks a missing value.
    value : column name, optional
        Measurement column when data is a DataFrame (optional for a one-column frame).
    by : column name or array_like, optional
        Characteristic label of each value: every statistic is computed for all
        characteristics at once and every field becomes a Series indexed by characteristic.

    Returns
    -------
    CapabilityResult
        Indices, sigmas, PPM, Z.bench and ``intervals`` (see :class:`CapabilityResult`).

    Raises
    ------
    InvalidInputError
        Empty data, fewer than 2 values in a characteristic, no variation (a zero overall or
        within standard deviation), NaN (with ``nan_policy="raise"``) or infinite values,
        neither limit given, ``lsl >= usl``, a target outside the limits, subgroups all of
        size 1 with a subgroup estimator, a subgroup estimator without subgroups or an
        individuals estimator with subgroups, ``confidence`` outside (0, 1), unknown options.

    Notes
    -----
    With :math:`\hat\mu` the mean, :math:`\sigma_w` the within and :math:`\sigma_o` the
    overall standard deviation:

    .. math::

        C_p = \frac{USL-LSL}{6\sigma_w},\quad C_{pl} = \frac{\hat\mu-LSL}{3\sigma_w},\quad
        C_{pu} = \frac{USL-\hat\mu}{3\sigma_w},\quad C_{pk} = \min(C_{pl}, C_{pu})

    and :math:`P_p, P_{pl}, P_{pu}, P_{pk}` the same with :math:`\sigma_o`, the sample standard
    deviation (divided by :math:`c_4(N)` when ``unbias_overall``). With one limit, Cpk (Ppk) is
    that side's index. Within estimators and their degrees of freedom :math:`\nu` (Minitab):
    pooled :math:`s_p/c_4(d+1)` with :math:`s_p^2 = \sum\sum(x-\bar x_i)^2/d`,
    :math:`\nu = d = \sum(n_i-1)`; R-bar :math:`\sum f_i r_i/d_2(n_i) / \sum f_i`,
    :math:`f_i = d_2(n_i)^2/d_3(n_i)^2`, :math:`\nu = 0.9k(\bar n-1)`; S-bar
    :math:`\sum h_i s_i/c_4(n_i) / \sum h_i`, :math:`h_i = c_4(n_i)^2/(1-c_4(n_i)^2)`,
    :math:`\nu = f_n k(\bar n-1)` with Minitab's table of :math:`f_n` (0.88 at n = 2 up to
    1 from n = 65); average moving range :math:`\overline{MR}/d_2(w)` and median moving range
    :math:`\widetilde{MR}/d_4(w)`, :math:`\nu = N-w+1`, where :math:`d_4(w)` is the median of
    the range of w standard normals (exactly :math:`\sqrt2\,\Phi^{-1}(0.75) = 0.95387` for
    w = 2); MSSD :math:`\sqrt{\sum (x_{i+1}-x_i)^2/(2(N-1))}/c_4'`, :math:`\nu = N-1`, where
    :math:`c_4' = E[\sqrt{MSSD}]/\sigma` is computed exactly by quadrature for
    N <= 1000 (MSSD is a weighted sum of chi-square(1) variables) and by a chi-square match
    above (Minitab tabulates the same constant).
    Subgroups of one value carry no within information and are skipped by R-bar and S-bar.

    Cpm (Minitab) is :math:`(USL-LSL)/(6\tau)` when the target is the midpoint,
    :math:`\min(T-LSL, USL-T)/(3\tau)` otherwise and the one side's distance to T over
    :math:`3\tau` with a single limit, :math:`\tau = \sqrt{\sum(x-T)^2/(N-1)}`; qcc's form
    is :math:`C_p/\sqrt{1+((\hat\mu-T)/\sigma_w)^2}`. :math:`C_{pmk} =
    \min(USL-\hat\mu, \hat\mu-LSL)/(3\sqrt{\sigma_w^2+(\hat\mu-T)^2})`.

    Intervals at level :math:`1-\alpha`: :math:`C_p\sqrt{\chi^2_{\alpha/2,\nu}/\nu}` to
    :math:`C_p\sqrt{\chi^2_{1-\alpha/2,\nu}/\nu}` (Pp with :math:`N-1`); Bissell's
    :math:`\hat C \mp z_{1-\alpha/2}\sqrt{1/(9N) + \hat C^2/(2\nu)}` for Cpk, CPL, CPU (and the
    P indices with :math:`N-1`); Boyles' chi-square interval for Cpm with
    :math:`\nu = N(1+a^2)^2/(1+2a^2)`, :math:`a = (\hat\mu-T)/\sigma_o`.

    Expected PPM: :math:`10^6\,\Phi((LSL-\hat\mu)/\sigma)` below and
    :math:`10^6\,\Phi((\hat\mu-USL)/\sigma)` above; observed PPM counts values strictly
    outside the limits; :math:`Z_{bench} = \Phi^{-1}(1-p)`, ``inf`` when p is 0 in floating
    point.

    References
    ----------
    .. [1] NIST/SEMATECH, *e-Handbook of Statistical Methods*, section 6.1.6 "What is process
       capability?", https://doi.org/10.18434/M32189, 2012.
    .. [2] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed., Wiley,
       2013, chapter 8 (sections 8.3.1-8.3.5).
    .. [3] Minitab 21 Support, "Methods and formulas for Normal Capability Analysis"
       (potential and overall capability; estimating sigma).
    .. [4] A. F. Bissell, "How reliable is your capability index?", *Applied Statistics*
       39(3), 1990, 331-340, https://doi.org/10.2307/2347383.
    .. [5] R. A. Boyles, "The Taguchi capability index", *Journal of Quality Technology*
       23(1), 1991, 17-26.
    .. [6] L. Scrucca, "qcc: an R package for quality control charting and statistical
       process control", *R News* 4(1), 2004, 11-17.

    Examples
    --------
    >>> import numpy as np
    >>> from opsmodels.sixsigma import capability
    >>> x = np.array([[10.1, 9.9, 10.0], [10.2, 10.0, 10.1], [9.8, 10.0, 9.9], [10.0, 10.1, 9.9]])
    >>> r = capability(x, lsl=9.5, usl=10.6)
    >>> r.sigma_method, r.n, round(r.cp, 3), round(r.cpk, 3)
    ('pooled', 12, 1.777, 1.616)
    >>> lo, hi = r.intervals["cp"]
    >>> round(lo, 3), round(hi, 3)
    (0.928, 2.631)
    >>> capability([1.0, 2.0, 4.0, 3.0, 5.0], usl=10.0).cp is None   # one-sided: no Cp
    True

    Many characteristics in one call, limits per characteristic:

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"part": ["a"] * 5 + ["b"] * 5,
    ...                       "value": [1.0, 2.0, 4.0, 3.0, 5.0, 2.0, 3.0, 3.0, 4.0, 6.0]})
    >>> g = capability(frame, value="value", by="part", lsl=0.0, usl={"a": 7.0, "b": 8.0})
    >>> g.cpk.round(3)
    part
    a    0.752
    b    1.354
    Name: cpk, dtype: float64
    """
    check(
        _FUNC, "sigma_method", sigma_method, OneOf("auto", *SUBGROUP_METHODS, *INDIVIDUAL_METHODS)
    )
    span = int(as_scalar(_FUNC, "span", span, Interval(2, None, integer=True)))
    check(_FUNC, "dof", dof, OneOf("estimator", "n-1"))
    conf = as_scalar(_FUNC, "confidence", confidence, Interval(0, 1, closed="neither"))
    check(_FUNC, "unbias", unbias, InstanceOf(bool, np.bool_, name="True or False"))
    check(_FUNC, "unbias_overall", unbias_overall, InstanceOf(bool, np.bool_, name="True or False"))
    check(_FUNC, "cpm_method", cpm_method, OneOf("minitab", "taguchi_qcc"))
    check(_FUNC, "nan_policy", nan_policy, OneOf("raise", "omit"))

    if is_dask(data):
        mom, method, sigma_w, nu_w, index, observe = _dask_statistics(
            data,
            value=value,
            subgroup=subgroup,
            by=by,
            sigma_method=sigma_method,
            span=span,
            unbias=unbias,
            nan_policy=nan_policy,
        )
        k = len(mom.n)
        lo_lim = _limit("lsl", lsl, index, k)
        hi_lim = _limit("usl", usl, index, k)
        tgt = _limit("target", target, index, k)
        _check_spec(lo_lim, hi_lim, tgt, index)
    else:
        layout, index = _prepare(data, subgroup, value, by, nan_policy)
        k = layout.k
        lo_lim = _limit("lsl", lsl, index, k)
        hi_lim = _limit("usl", usl, index, k)
        tgt = _limit("target", target, index, k)
        _check_spec(lo_lim, hi_lim, tgt, index)
        limits = (float(lo_lim[0]), float(hi_lim[0])) if k == 1 else None
        mom, method, sigma_w, nu_w = _statistics(layout, index, sigma_method, span, unbias, limits)

        def observe(lo: FloatArray, hi: FloatArray) -> tuple[FloatArray, FloatArray]:
            if mom.beyond is not None:  # counted in the moments' pass
                size = float(mom.n[0])
                return (
                    np.array([mom.beyond[0] / size * 1e6]),
                    np.array([mom.beyond[1] / size * 1e6]),
                )
            return _observed(layout, lo, hi)

    counts = mom.n
    n = counts.astype(np.float64)
    mean = mom.mean
    sigma_o = np.sqrt(mom.ss / (n - 1.0))
    if unbias_overall:
        sigma_o = sigma_o / np.asarray(c4(n))
    if dof == "n-1":
        nu_w = n - 1.0
    nu_o = n - 1.0

    with np.errstate(invalid="ignore"):
        cp = (hi_lim - lo_lim) / (6.0 * sigma_w)
        cpl = (mean - lo_lim) / (3.0 * sigma_w)
        cpu = (hi_lim - mean) / (3.0 * sigma_w)
        cpk = np.fmin(cpl, cpu)
        pp = (hi_lim - lo_lim) / (6.0 * sigma_o)
        ppl = (mean - lo_lim) / (3.0 * sigma_o)
        ppu = (hi_lim - mean) / (3.0 * sigma_o)
        ppk = np.fmin(ppl, ppu)
        # Cpm and Cpmk
        tau = np.sqrt((mom.ss + n * (mean - tgt) ** 2) / (n - 1.0))
        if cpm_method == "minitab":
            mid = 0.5 * (lo_lim + hi_lim)
            near = np.fmin(tgt - lo_lim, hi_lim - tgt)
            cpm_num = np.where(
                np.isclose(tgt, mid, rtol=1e-12, atol=0.0), hi_lim - lo_lim, 2.0 * near
            )
            cpm = cpm_num / (6.0 * tau)
        else:
            cpm = cp / np.sqrt(1.0 + ((mean - tgt) / sigma_w) ** 2)
        cpm = np.where(np.isnan(tgt), np.nan, cpm)
        cpmk = np.fmin(hi_lim - mean, mean - lo_lim) / (
            3.0 * np.sqrt(sigma_w**2 + (mean - tgt) ** 2)
        )

    w_below, w_above = _tail_ppm(lo_lim, hi_lim, mean, sigma_w)
    o_below, o_above = _tail_ppm(lo_lim, hi_lim, mean, sigma_o)
    obs_below, obs_above = observe(lo_lim, hi_lim)
    ppm_w, ppm_o = w_below + w_above, o_below + o_above

    alpha = 1.0 - conf
    z = float(special.ndtri(1.0 - alpha / 2.0))
    intervals: dict[str, tuple[FloatArray, FloatArray]] = {
        "cp": _chi2_interval(cp, nu_w, alpha),
        "cpl": _bissell(cpl, n, nu_w, z),
        "cpu": _bissell(cpu, n, nu_w, z),
        "cpk": _bissell(cpk, n, nu_w, z),
        "pp": _chi2_interval(pp, nu_o, alpha),
        "ppl": _bissell(ppl, n, nu_o, z),
        "ppu": _bissell(ppu, n, nu_o, z),
        "ppk": _bissell(ppk, n, nu_o, z),
    }
    a2 = ((mean - tgt) / sigma_o) ** 2
    nu_cpm = n * (1.0 + a2) ** 2 / (1.0 + 2.0 * a2)
    intervals["cpm"] = _chi2_interval(cpm, np.where(np.isnan(nu_cpm), 1.0, nu_cpm), alpha)

    fields: dict[str, Any] = {
        "mean": mean,
        "sigma_within": sigma_w,
        "sigma_overall": sigma_o,
        "cp": cp,
        "cpl": cpl,
        "cpu": cpu,
        "cpk": cpk,
        "cpm": cpm,
        "cpmk": cpmk,
        "pp": pp,
        "ppl": ppl,
        "ppu": ppu,
        "ppk": ppk,
        "ppm_within": ppm_w,
        "ppm_overall": ppm_o,
        "ppm_observed": obs_below + obs_above,
        "z_bench_within": _z_bench(ppm_w),
        "z_bench_overall": _z_bench(ppm_o),
        "ppm_within_below": w_below,
        "ppm_within_above": w_above,
        "ppm_overall_below": o_below,
        "ppm_overall_above": o_above,
        "ppm_observed_below": obs_below,
        "ppm_observed_above": obs_above,
        "dof": np.asarray(nu_w, dtype=np.float64) * np.ones(k),
        "dof_overall": nu_o,
        "lsl": lo_lim,
        "usl": hi_lim,
        "target": tgt,
    }
    if index is None:
        scalars: dict[str, Any] = {key: _scalar(val[0]) for key, val in fields.items()}
        kept = {
            key: (float(lo[0]), float(hi[0]))
            for key, (lo, hi) in intervals.items()
            if not np.isnan(lo[0])
        }
        return CapabilityResult(
            n=int(counts[0]),
            intervals=kept,
            sigma_method=method,
            confidence=conf,
            **scalars,
        )
    series = {key: pd.Series(val, index=index, name=key) for key, val in fields.items()}
    grouped_intervals = {
        key: (
            pd.Series(lo, index=index, name=f"{key}_lower"),
            pd.Series(hi, index=index, name=f"{key}_upper"),
        )
        for key, (lo, hi) in intervals.items()
        if not np.all(np.isnan(lo))
    }
    return CapabilityResult(
        n=pd.Series(counts, index=index, name="n"),
        intervals=grouped_intervals,
        sigma_method=method,
        confidence=conf,
        **series,
    )


def _scalar(value: Any) -> float | None:
    x = float(value)
    return None if np.isnan(x) else x


def _statistics(
    layout: Layout,
    index: pd.Index | None,
    sigma_method: str,
    span: int,
    unbias: bool,
    limits: tuple[float, float] | None = None,
) -> tuple[Moments, str, FloatArray, FloatArray]:
    """Moments, resolved estimator, within sigma and its degrees of freedom, with the checks."""
    counts = layout.counts
    _require(counts >= 2, index, "a sample of at least 2 values", lambda c: f"{c} value(s)", counts)
    if (
        sigma_method in ("auto", *INDIVIDUAL_METHODS)
        and layout.sub_off is not None
        and len(layout.sub_off) - 1 == layout.x.size
    ):
        # subgroups of one value are individuals (Minitab); they are already in data order
        layout = Layout(layout.x, layout.char_off, None, None)
    method = _resolve_method(sigma_method, layout.sub_off is not None)
    if layout.sub_off is not None and layout.width is None:
        assert layout.char_sub_off is not None
        sub_n = np.diff(layout.sub_off)
        multi = segment_sum((sub_n >= 2).astype(np.float64), layout.char_sub_off[:-1])
        require_multi(multi, index, method)
    if method in INDIVIDUAL_METHODS and method != "mssd":
        _require(
            counts >= span, index, f"at least span={span} values", lambda c: f"{c} value(s)", counts
        )
    mom = moments(layout, limits)
    check_variation(mom, index)
    sigma_w, nu_w, _ = within_sigma(layout, mom, method, span=span, unbias=unbias)
    check_within(sigma_w, index)
    return mom, method, sigma_w, nu_w


def require_multi(multi: FloatArray, index: pd.Index | None, method: str) -> None:
    """Every characteristic needs a subgroup of 2 or more values for a subgroup estimator."""
    _require(
        multi > 0,
        index,
        f"subgroups of 2 or more values for sigma_method={method!r}",
        lambda c: "only subgroups of 1 value",
        multi,
        name="subgroup",
    )


def check_variation(mom: Moments, index: pd.Index | None) -> None:
    """Reject characteristics whose values are all equal."""
    _require(mom.ss > 0, index, "data with some variation", lambda c: "constant values", mom.ss)


def check_within(sigma_w: FloatArray, index: pd.Index | None) -> None:
    """Reject characteristics without within-subgroup variation."""
    _require(
        sigma_w > 0,
        index,
        "data with some within-subgroup variation",
        lambda c: "zero within-subgroup standard deviation",
        sigma_w,
    )


def _resolve_method(sigma_method: str, subgrouped: bool) -> str:
    if sigma_method == "auto":
        return "pooled" if subgrouped else "moving_range"
    if subgrouped and sigma_method in INDIVIDUAL_METHODS:
        raise invalid(
            _FUNC,
            "sigma_method",
            f"one of {', '.join(repr(m) for m in ('auto', *SUBGROUP_METHODS))} for subgrouped data",
            sigma_method,
        )
    if not subgrouped and sigma_method in SUBGROUP_METHODS:
        raise invalid(
            _FUNC,
            "sigma_method",
            "one of 'auto', 'moving_range', 'median_moving_range', 'mssd' for individual "
            "values (give subgroup= or 2-D data for subgroup estimators)",
            sigma_method,
        )
    return sigma_method


def _require(
    ok: Any,
    index: pd.Index | None,
    expected: str,
    shown: Any,
    values: Any,
    *,
    name: str = "data",
) -> None:
    """Raise naming the first characteristic (if any) where ``ok`` fails."""
    ok = np.asarray(ok)
    if bool(ok.all()):
        return
    pos = int(np.flatnonzero(~ok)[0])
    where = "" if index is None else f" for characteristic {describe(index[pos])}"
    raise invalid(_FUNC, name, expected, f"<{shown(values[pos])}{where}>")


def _check_spec(
    lsl: FloatArray, usl: FloatArray, target: FloatArray, index: pd.Index | None
) -> None:
    def label(pos: int) -> str:
        return "" if index is None else f" for characteristic {describe(index[pos])}"

    none = np.isnan(lsl) & np.isnan(usl)
    if none.any():
        pos = int(np.flatnonzero(none)[0])
        raise invalid(
            _FUNC, "lsl", "given when usl is None (at least one limit)", f"<None{label(pos)}>"
        )
    with np.errstate(invalid="ignore"):
        bad = lsl >= usl
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise invalid(
            _FUNC, "lsl", f"< usl ({describe(usl[pos])})", f"<{describe(lsl[pos])}{label(pos)}>"
        )
    with np.errstate(invalid="ignore"):
        outside = (target < lsl) | (target > usl)
    if outside.any():
        pos = int(np.flatnonzero(outside)[0])
        raise invalid(
            _FUNC,
            "target",
            f"in [lsl, usl] = [{describe(lsl[pos])}, {describe(usl[pos])}]",
            f"<{describe(target[pos])}{label(pos)}>",
        )


# ---------------------------------------------------------------------------------------------
# Dask input: combinable per-partition summaries, never all rows in one process

_Observer: TypeAlias = "Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]"


def _dask_columns(frame: Any, value: Any, subgroup: Any, by: Any) -> list[Any]:
    if value is None:
        raise invalid(_FUNC, "value", "a column name for a Dask DataFrame", value)
    for name, col in (("value", value), ("subgroup", subgroup), ("by", by)):
        if col is not None and not isinstance(col, str | int):
            raise invalid(_FUNC, name, "a column name of the Dask DataFrame", col)
    require_columns(_FUNC, "data", frame, [value, subgroup, by])
    return [c for c in (by, subgroup, value) if c is not None]


def _partition_individuals(
    part: pd.DataFrame, value: Any, by: Any, nan_policy: str
) -> pd.DataFrame:
    """Per characteristic of one partition: counts, sum, M2, first/last value, sum |diff|, sum diff^2."""
    v = part[value].to_numpy(dtype=np.float64, na_value=np.nan)
    keys = part[by] if by is not None else pd.Series(np.zeros(len(part), dtype=np.int64))
    nan = np.isnan(v)
    columns = ["key", "n", "nan", "inf", "sum", "m2", "first", "last", "mr", "sq"]
    if len(v) == 0:
        return pd.DataFrame({c: [] for c in columns})
    codes, uniques = pd.factorize(keys.to_numpy())
    k = len(uniques)
    nan_count = np.bincount(codes[nan], minlength=k)
    keep = ~nan if nan_policy == "omit" else np.ones(len(v), dtype=bool)
    v, codes = v[keep & ~nan], codes[keep & ~nan]
    inf_count = np.bincount(codes[np.isinf(v)], minlength=k)
    order = np.argsort(codes, kind="stable")
    v, codes = v[order], codes[order]
    n = np.bincount(codes, minlength=k)
    present = n > 0
    off = np.concatenate(([0], np.cumsum(n)))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        total = np.bincount(codes, weights=v, minlength=k)
        mean = total / np.where(present, n, 1)
        dev = v - mean[codes]
        m2 = np.bincount(codes, weights=dev * dev, minlength=k)
        d = np.diff(v)
        same = codes[1:] == codes[:-1]
        d = np.where(same, d, 0.0)
        mr = np.bincount(codes[1:], weights=np.abs(d), minlength=k)
        sq = np.bincount(codes[1:], weights=d * d, minlength=k)
    first = np.where(
        present, v[np.minimum(off[:-1], max(len(v) - 1, 0))] if len(v) else np.nan, np.nan
    )
    last = np.where(present, v[np.maximum(off[1:] - 1, 0)] if len(v) else np.nan, np.nan)
    return pd.DataFrame(
        {
            "key": uniques,
            "n": n,
            "nan": nan_count,
            "inf": inf_count,
            "sum": total,
            "m2": m2,
            "first": first,
            "last": last,
            "mr": mr,
            "sq": sq,
        }
    )


def _dask_statistics(
    frame: Any,
    *,
    value: Any,
    subgroup: Any,
    by: Any,
    sigma_method: str,
    span: int,
    unbias: bool,
    nan_policy: str,
) -> tuple[Moments, str, FloatArray, FloatArray, pd.Index | None, _Observer]:
    """Statistics of a Dask DataFrame from per-partition (individuals) or per-subgroup
    (groupby-aggregation) summaries; observed counts by a second combinable pass."""
    import dask  # the 'dask' extra, imported only for Dask input

    _dask_columns(frame, value, subgroup, by)
    if subgroup is None:
        method = _resolve_method(sigma_method, False)
        if method == "median_moving_range" or span != 2:
            raise invalid(
                _FUNC,
                "sigma_method",
                "'moving_range' with span=2 or 'mssd' for a Dask DataFrame of individuals",
                f"<{method!r} with span={span}>",
            )
        parts = [
            dask.delayed(_partition_individuals)(p, value, by, nan_policy)  # type: ignore[attr-defined]
            for p in frame.to_delayed()
        ]
        tables = dask.compute(*parts)  # type: ignore[attr-defined,no-untyped-call]
        table = pd.concat([t.assign(part=i) for i, t in enumerate(tables)], ignore_index=True)
        _dask_finite(table, nan_policy)
        table = table[table["n"] > 0].sort_values(["key", "part"], kind="stable")
        if len(table) == 0:
            raise invalid(_FUNC, "data", "a sample of at least 2 values", "<0 values>")
        grouped = table.groupby("key", sort=True)
        n = grouped["n"].sum()
        index = (
            pd.Index(n.index, name=by if isinstance(by, str) else None) if by is not None else None
        )
        counts = n.to_numpy(dtype=np.int64)
        _require(
            counts >= 2, index, "a sample of at least 2 values", lambda c: f"{c} value(s)", counts
        )
        mean = (grouped["sum"].sum() / n).to_numpy(dtype=np.float64)
        part_mean = table["sum"].to_numpy() / table["n"].to_numpy()
        key_codes = pd.factorize(table["key"], sort=True)[0]
        shift = part_mean - mean[key_codes]
        m2 = np.bincount(
            key_codes, weights=table["m2"].to_numpy() + table["n"].to_numpy() * shift**2
        )
        # moving ranges across partition boundaries: consecutive partitions of one key
        nxt_first = table["first"].to_numpy()[1:]
        prev_last = table["last"].to_numpy()[:-1]
        same = key_codes[1:] == key_codes[:-1]
        gap = np.where(same, nxt_first - prev_last, 0.0)
        mr = np.bincount(key_codes, weights=table["mr"].to_numpy(), minlength=len(mean))
        mr += np.bincount(key_codes[1:], weights=np.abs(gap), minlength=len(mean))
        sq = np.bincount(key_codes, weights=table["sq"].to_numpy(), minlength=len(mean))
        sq += np.bincount(key_codes[1:], weights=gap * gap, minlength=len(mean))
        mom = Moments(n=counts, mean=mean, ss=np.asarray(m2, dtype=np.float64))
        check_variation(mom, index)
        nf = counts.astype(np.float64)
        if method == "moving_range":
            from opsmodels.sixsigma._constants import d2

            sigma_w = mr / (nf - 1.0) / d2(2)
        else:
            from opsmodels.sixsigma._sigma import _mssd_constant

            sigma_w = np.sqrt(sq / (2.0 * (nf - 1.0)))
            if unbias:
                sigma_w = sigma_w / _mssd_constant(nf)
        check_within(sigma_w, index)
        nu_w = nf - 1.0
    else:
        method = _resolve_method(sigma_method, True)
        keys = [c for c in (by, subgroup) if c is not None]
        agg = frame.groupby(keys)[value].agg(["size", "count", "sum", "min", "max", "var"])
        nan_rows = frame[value].isna().sum()
        table, n_nan = dask.compute(agg, nan_rows)  # type: ignore[attr-defined,no-untyped-call]
        table = table.sort_index()
        if nan_policy == "raise" and int(n_nan) > 0:
            raise nan_error(_FUNC, "data", f"{int(n_nan)} NaN")
        table = table[table["count"] > 0]
        if len(table) == 0:
            raise invalid(_FUNC, "data", "a sample of at least 2 values", "<0 values>")
        low, high = table["min"].to_numpy(np.float64), table["max"].to_numpy(np.float64)
        if not (np.isfinite(low).all() and np.isfinite(high).all()):
            raise inf_error(_FUNC, "data", "an infinite value")
        sub_n = table["count"].to_numpy(np.int64)
        sub_mean = table["sum"].to_numpy(np.float64) / sub_n
        sub_ss = np.nan_to_num(table["var"].to_numpy(np.float64, na_value=np.nan)) * (sub_n - 1)
        if by is not None:
            char_labels = table.index.get_level_values(0)
            char_codes, uniques = pd.factorize(char_labels, sort=True)
            index = pd.Index(uniques, name=by if isinstance(by, str) else None)
        else:
            char_codes = np.zeros(len(table), dtype=np.int64)
            index = None
        k = int(char_codes.max()) + 1
        sub_counts = np.bincount(char_codes, minlength=k)
        char_sub_off = np.concatenate(([0], np.cumsum(sub_counts))).astype(np.int64)
        counts = np.bincount(char_codes, weights=sub_n, minlength=k).astype(np.int64)
        _require(
            counts >= 2, index, "a sample of at least 2 values", lambda c: f"{c} value(s)", counts
        )
        mean = np.bincount(char_codes, weights=sub_n * sub_mean, minlength=k) / counts
        between = sub_n * (sub_mean - mean[char_codes]) ** 2
        ss = np.bincount(char_codes, weights=sub_ss + between, minlength=k)
        mom = Moments(
            n=counts,
            mean=mean,
            ss=np.asarray(ss, dtype=np.float64),
            sub_n=sub_n,
            sub_mean=sub_mean,
            sub_ss=sub_ss,
        )
        check_variation(mom, index)
        multi = np.asarray(
            np.bincount(char_codes, weights=(sub_n >= 2).astype(np.float64), minlength=k),
            dtype=np.float64,
        )
        require_multi(multi, index, method)
        layout = Layout(
            np.empty(0),
            np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
            np.concatenate(([0], np.cumsum(sub_n))).astype(np.int64),
            char_sub_off,
        )
        sigma_w, nu_w, _ = within_sigma(
            layout, mom, method, span=span, unbias=unbias, ranges=high - low
        )
        check_within(sigma_w, index)

    def observe(lo: FloatArray, hi: FloatArray) -> tuple[FloatArray, FloatArray]:
        return _dask_observed(frame, value, by, index, lo, hi, mom.n)

    return mom, method, sigma_w, nu_w, index, observe


def _dask_finite(table: pd.DataFrame, nan_policy: str) -> None:
    if nan_policy == "raise" and int(table["nan"].sum()) > 0:
        raise nan_error(_FUNC, "data", f"{int(table['nan'].sum())} NaN")
    if int(table["inf"].sum()) > 0:
        raise inf_error(_FUNC, "data", "an infinite value")


def _partition_beyond(
    part: pd.DataFrame, value: Any, by: Any, lo: pd.Series, hi: pd.Series
) -> pd.DataFrame:
    v = part[value].to_numpy(dtype=np.float64, na_value=np.nan)
    if by is None:
        low = np.full(len(v), lo.iloc[0])
        high = np.full(len(v), hi.iloc[0])
        keys: Any = np.zeros(len(v), dtype=np.int64)
    else:
        keys = part[by].to_numpy()
        low = part[by].map(lo).to_numpy(dtype=np.float64, na_value=np.nan)
        high = part[by].map(hi).to_numpy(dtype=np.float64, na_value=np.nan)
    frame = pd.DataFrame({"key": keys, "below": v < low, "above": v > high})
    return frame.groupby("key", sort=False)[["below", "above"]].sum().reset_index()


def _dask_observed(
    frame: Any,
    value: Any,
    by: Any,
    index: pd.Index | None,
    lo: FloatArray,
    hi: FloatArray,
    counts: IntArray,
) -> tuple[FloatArray, FloatArray]:
    import dask  # the 'dask' extra

    labels = index if index is not None else pd.Index([0])
    lo_s, hi_s = pd.Series(lo, index=labels), pd.Series(hi, index=labels)
    parts = [
        dask.delayed(_partition_beyond)(p, value, by, lo_s, hi_s)  # type: ignore[attr-defined]
        for p in frame.to_delayed()
    ]
    tables = dask.compute(*parts)  # type: ignore[attr-defined,no-untyped-call]
    both = pd.concat(tables, ignore_index=True).groupby("key")[["below", "above"]].sum()
    both = both.reindex(labels, fill_value=0)
    n = counts.astype(np.float64)
    below = both["below"].to_numpy(np.float64) / n * 1e6
    above = both["above"].to_numpy(np.float64) / n * 1e6
    return below, above
