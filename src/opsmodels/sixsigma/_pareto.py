"""Pareto analysis: categories by decreasing count, cumulative share and the vital few."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from opsmodels._results import Plottable, Result
from opsmodels._typing import FloatArray
from opsmodels._validation import (
    InstanceOf,
    Interval,
    NanPolicy,
    OneOf,
    as_scalar,
    check,
    invalid,
    is_dask,
    require_columns,
)

__all__ = ["ParetoResult", "pareto"]

_FUNC = "pareto"


@dataclass(frozen=True, slots=True, kw_only=True)
class ParetoResult(Result, Plottable):
    """Result of a Pareto analysis.

    Attributes
    ----------
    table : DataFrame
        One row per category, sorted by decreasing count (the "Other" bucket, when asked
        for, last): columns ``category, count, share, cumulative_share, vital_few``. This is
        what ``to_frame()`` returns.
    categories : ndarray of object
        The categories in table order.
    counts : ndarray
        Count (or summed weight) of each category.
    share : ndarray
        ``count / total``.
    cumulative_share : ndarray
        Running sum of ``share``; ends at 1.
    vital_few : list
        The smallest leading set of categories whose cumulative share reaches
        ``threshold``.
    threshold : float
        The share the vital few must reach.
    total : float
        Sum of the counts.
    other_count : float
        Count gathered in the "Other" bucket (0 when there is none).

    Examples
    --------
    >>> r = pareto({"scratch": 42, "dent": 25, "stain": 6, "crack": 25, "burr": 2})
    >>> r.vital_few
    ['scratch', 'dent', 'crack']
    """

    table: pd.DataFrame
    categories: np.ndarray
    counts: FloatArray
    share: FloatArray
    cumulative_share: FloatArray
    vital_few: list[Any]
    threshold: float
    total: float
    other_count: float

    def to_frame(self) -> pd.DataFrame:
        """Return the Pareto table (one row per category).

        Returns
        -------
        pandas.DataFrame
            A copy of :attr:`table`.
        """
        return self.table.copy()


def _count_labels(
    labels: Any, weights: FloatArray | None, nan_policy: str
) -> tuple[Any, FloatArray]:
    """Counts (or summed weights) per label, labels in order of first appearance."""
    codes, uniques = pd.factorize(labels, sort=False, use_na_sentinel=True)
    missing = codes < 0
    if missing.any():
        if nan_policy == "raise":
            pos = int(np.flatnonzero(missing)[0])
            raise invalid(
                _FUNC,
                "data",
                "free of missing categories (pass nan_policy='omit' to drop them)",
                f"<a missing category at position {pos}>",
            )
        codes = codes[~missing]
        if weights is not None:
            weights = weights[~missing]
    counts = np.bincount(codes, weights=weights, minlength=len(uniques)).astype(np.float64)
    return np.asarray(uniques, dtype=object), counts


def _numeric_counts(name: str, values: Any) -> FloatArray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid(_FUNC, name, "numeric counts", values) from None
    check(_FUNC, name, arr, Interval(0, None))
    return arr


def _gather_dask(
    data: Any, category: Any, weight: Any, nan_policy: str
) -> tuple[np.ndarray, FloatArray]:
    """Counts per category of a Dask frame by one groupby-aggregation (rows stay put)."""
    import dask  # the 'dask' extra, imported only for Dask input

    if getattr(data, "ndim", 2) == 1:  # a Dask Series of observations
        data = data.to_frame(name="category")
        category = "category"
    if category is None:
        raise invalid(_FUNC, "category", "a column name when data is a DataFrame", None)
    require_columns(_FUNC, "data", data, [category, weight])
    missing = data[category].isna()
    if weight is not None:
        w = data[weight]
        if w.dtype.kind not in "iufb":
            raise invalid(_FUNC, "data", f"numeric weights in column {weight!r}", f"<{w.dtype}>")
        bad = (w.isna() | (w < 0) | (w.abs() == np.inf)).sum()
        totals = data[~missing].groupby(category)[weight].sum()
    else:
        bad = data[category].isna().sum() * 0
        totals = data[~missing].groupby(category).size()
    table, n_missing, n_bad = dask.compute(  # type: ignore[attr-defined,no-untyped-call]
        totals, missing.sum(), bad
    )
    if n_bad:
        raise invalid(
            _FUNC, "data", "weights that are finite and >= 0", f"<{int(n_bad)} bad weights>"
        )
    if n_missing and nan_policy == "raise":
        raise invalid(
            _FUNC,
            "data",
            "free of missing categories (pass nan_policy='omit' to drop them)",
            f"<{int(n_missing)} missing categories>",
        )
    with contextlib.suppress(TypeError):  # labels of mixed types keep Dask's order
        table = table.sort_index()
    labels = np.empty(len(table), dtype=object)
    labels[:] = list(table.index)
    return labels, table.to_numpy(dtype=np.float64)


def _gather(
    data: Any, category: Any, weight: Any, nan_policy: str
) -> tuple[np.ndarray, FloatArray]:
    if is_dask(data):
        return _gather_dask(data, category, weight, nan_policy)
    if isinstance(data, pd.DataFrame):
        if category is None:
            raise invalid(_FUNC, "category", "a column name when data is a DataFrame", None)
        require_columns(_FUNC, "data", data, [category, weight])
        weights = None
        if weight is not None:
            weights = _numeric_counts("data", data[weight].to_numpy())
        return _count_labels(data[category], weights, nan_policy)
    if category is not None or weight is not None:
        name = "category" if category is not None else "weight"
        raise invalid(_FUNC, name, "None unless data is a DataFrame", category or weight)
    if isinstance(data, Mapping):
        labels = np.empty(len(data), dtype=object)
        labels[:] = list(data.keys())
        return labels, _numeric_counts("data", list(data.values()))
    if isinstance(data, pd.Series):
        if data.dtype.kind in "iuf":
            counts = _numeric_counts("data", data.to_numpy())
            codes, uniques = pd.factorize(data.index, sort=False, use_na_sentinel=False)
            summed = np.bincount(codes, weights=counts, minlength=len(uniques))
            return np.asarray(uniques, dtype=object), summed.astype(np.float64)
        return _count_labels(data, None, nan_policy)
    if isinstance(data, list | tuple | np.ndarray | pd.Index | pd.Categorical):
        arr = (
            data
            if isinstance(data, np.ndarray | pd.Index | pd.Categorical)
            else np.asarray(data, dtype=object)
        )
        if np.ndim(arr) != 1:
            raise invalid(_FUNC, "data", "1-D observations", f"<{np.ndim(arr)}-D data>")
        return _count_labels(arr, None, nan_policy)
    raise invalid(
        _FUNC,
        "data",
        "a Series of counts, a mapping, a sequence of observations or a DataFrame",
        data,
    )


def pareto(
    data: Any,
    *,
    category: str | None = None,
    weight: str | None = None,
    threshold: float = 0.8,
    other_below: float | None = None,
    other_label: str = "Other",
    nan_policy: NanPolicy = "raise",
) -> ParetoResult:
    r"""Pareto analysis: rank categories by count and find the vital few.

    Parameters
    ----------
    data : Series, mapping, sequence or DataFrame
        * a numeric Series of counts indexed by category (repeated labels are summed);
        * a mapping category -> count;
        * raw observations (a list, array, Index, Categorical, or a non-numeric Series),
          each occurrence counting 1; a numeric Series is always read as counts, so pass
          coded observations as a list or array;
        * a DataFrame with one row per observation: ``category`` names the category
          column and ``weight`` (optional) a column summed per category (cost, defects,
          minutes) instead of counting rows. A Dask DataFrame (or Series of observations)
          is reduced by one groupby-aggregation; its categories enter in sorted order, so
          ties between equal counts are broken by category label there.
    category, weight : str, optional
        Column names, for a DataFrame only.
    threshold : float
        Share of the total the vital few must reach, in (0, 1].
    other_below : float, optional
        Categories whose share is below this (in (0, 1)) are gathered into one bucket,
        placed last whatever its size.
    other_label : str
        Name of that bucket.
    nan_policy : {"raise", "omit"}
        What to do with missing categories in raw observations or frames.

    Returns
    -------
    ParetoResult

    Raises
    ------
    InvalidInputError
        If counts or weights are negative or NaN, all counts are 0, there is no category,
        a column is missing, ``category``/``weight`` are given without a DataFrame, a
        category is missing under ``nan_policy="raise"``, or ``threshold`` /
        ``other_below`` are outside their ranges.

    Notes
    -----
    Categories are sorted by decreasing count; **ties keep the order in which the
    categories first appear in the input** (a stable sort). With :math:`n_{(i)}` the
    sorted counts and :math:`N` their total, share :math:`s_i = n_{(i)}/N` and cumulative
    share :math:`S_k = \sum_{i \le k} s_i`. The vital few are the first :math:`k^*`
    categories with :math:`k^* = \min\{k : S_k \ge \text{threshold}\}` (a tolerance of
    1e-12 absorbs rounding in the running sum).

    References
    ----------
    .. [1] J. M. Juran and A. B. Godfrey, *Juran's Quality Handbook*, 5th ed.,
       McGraw-Hill, 1999 (the Pareto principle: the vital few and the useful many).
    .. [2] D. C. Montgomery, *Introduction to Statistical Quality Control*, 7th ed.,
       Wiley, 2013, §5.4 (Pareto chart).

    Examples
    --------
    >>> r = pareto({"scratch": 42, "dent": 25, "stain": 6, "crack": 25, "burr": 2})
    >>> r.table
      category  count  share  cumulative_share  vital_few
    0  scratch   42.0   0.42              0.42       True
    1     dent   25.0   0.25              0.67       True
    2    crack   25.0   0.25              0.92       True
    3    stain    6.0   0.06              0.98      False
    4     burr    2.0   0.02              1.00      False
    >>> pareto(["a", "b", "a", "c", "a", "b"], threshold=0.5).vital_few
    ['a']
    """
    check(_FUNC, "nan_policy", nan_policy, OneOf("raise", "omit"))
    limit = as_scalar(_FUNC, "threshold", threshold, Interval(0, 1, closed="right"))
    below = (
        None
        if other_below is None
        else as_scalar(_FUNC, "other_below", other_below, Interval(0, 1, closed="neither"))
    )
    check(_FUNC, "other_label", other_label, InstanceOf(str, name="a string"))
    labels, counts = _gather(data, category, weight, nan_policy)
    if counts.size == 0:
        raise invalid(_FUNC, "data", "at least one category", "<no category>")
    total = float(counts.sum())
    if not total > 0:
        raise invalid(_FUNC, "data", "counts with a positive total", "<a total of 0>")
    order = np.argsort(-counts, kind="stable")
    labels, counts = labels[order], counts[order]
    other_count = 0.0
    if below is not None:
        small = counts / total < below
        if small.any():
            other_count = float(counts[small].sum())
            bucket = np.empty(1, dtype=object)
            bucket[0] = other_label
            keep = ~small & (labels != other_label)
            other_count += float(counts[~small & (labels == other_label)].sum())
            labels = np.concatenate([labels[keep], bucket])
            counts = np.concatenate([counts[keep], [other_count]])
    share = counts / total
    cumulative = np.minimum(np.cumsum(share), 1.0)
    cumulative[-1] = 1.0  # the running sum ends exactly at 1
    k = int(np.searchsorted(cumulative, limit - 1e-12, side="left")) + 1
    k = min(k, len(counts))
    vital = np.zeros(len(counts), dtype=bool)
    vital[:k] = True
    table = pd.DataFrame(
        {
            "category": labels,
            "count": counts,
            "share": share,
            "cumulative_share": cumulative,
            "vital_few": vital,
        }
    )
    return ParetoResult(
        table=table,
        categories=labels,
        counts=counts,
        share=share,
        cumulative_share=cumulative,
        vital_few=labels[:k].tolist(),
        threshold=limit,
        total=total,
        other_count=other_count,
    )
