"""ABC classification by value share, XYZ classification by demand variability and the
combined ABC-XYZ matrix, vectorized over SKUs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import (
    InstanceOf,
    Interval,
    NanPolicy,
    OneOf,
    as_float_array,
    check,
    invalid,
)

__all__ = ["ABCResult", "ABCXYZResult", "XYZResult", "abc_classes", "abc_xyz", "xyz_classes"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ABCResult(Result):
    """ABC classes of items by their share of the total value.

    Attributes
    ----------
    classes : ndarray or Series
        Class label of each item (``labels[0]`` for the most valuable), in input order.
    share : ndarray or Series
        Each item's share of the total value.
    cumulative_share : ndarray or Series
        Share of the items ranked at or above the item (value descending, ties in input
        order).
    rank : ndarray or Series
        1-based rank of the item by value (1 = most valuable).
    """

    classes: Any
    share: Any
    cumulative_share: Any
    rank: Any


@dataclass(frozen=True, slots=True, kw_only=True)
class XYZResult(Result):
    """XYZ classes of SKUs by the coefficient of variation of their demand.

    Attributes
    ----------
    classes : ndarray or Series
        ``labels[0]`` (steady) to ``labels[2]`` (erratic) per SKU.
    coefficient_of_variation : ndarray or Series
        CV = std / mean of each SKU's demand history (inf for a zero mean).
    """

    classes: Any
    coefficient_of_variation: Any


@dataclass(frozen=True, slots=True, kw_only=True)
class ABCXYZResult(Result):
    """Combined ABC-XYZ classes (e.g. ``"AX"``), with both parts.

    Attributes
    ----------
    classes : ndarray or Series
        The ABC label followed by the XYZ label.
    abc : ABCResult
        The value classification.
    xyz : XYZResult
        The variability classification.
    """

    classes: Any
    abc: ABCResult
    xyz: XYZResult


def _thresholds(func: str, thresholds: object) -> tuple[float, float]:
    check(func, "thresholds", thresholds, InstanceOf(tuple, list, name="a pair of numbers"))
    pair = list(thresholds)  # type: ignore[call-overload]
    if len(pair) != 2:
        raise invalid(func, "thresholds", "a pair of increasing numbers", thresholds)
    check(func, "thresholds", pair, Interval(0, None))
    if not pair[0] < pair[1]:
        raise invalid(func, "thresholds", "a pair of increasing numbers", thresholds)
    return float(pair[0]), float(pair[1])


def _labels(func: str, labels: object) -> np.ndarray[Any, Any]:
    check(func, "labels", labels, InstanceOf(tuple, list, name="three labels"))
    seq = list(labels)  # type: ignore[call-overload]
    if len(seq) != 3 or not all(isinstance(x, str) for x in seq):
        raise invalid(func, "labels", "three strings", labels)
    return np.array(seq, dtype=np.str_)


def abc_classes(
    values: ArrayLike,
    thresholds: tuple[float, float] = (0.8, 0.95),
    *,
    labels: tuple[str, str, str] = ("A", "B", "C"),
    include_crossing: bool = True,
    nan_policy: NanPolicy = "raise",
) -> ABCResult:
    """ABC (Pareto) classification of items by their share of the total value.

    Parameters
    ----------
    values : array_like or Series
        Value of each item >= 0 (e.g. annual usage value = demand x unit cost), total > 0.
    thresholds : (float, float)
        Cumulative value shares closing classes A and B (default 80 % and 95 %); must
        increase and lie in (0, 1].
    labels : (str, str, str)
        Class names.
    include_crossing : bool
        Whether the item whose value carries the cumulative share across a threshold
        belongs to the higher class (default: yes, so the most valuable item is always in A).
        With False an item is in A only if the cumulative share including it is <= the first
        threshold.
    nan_policy : {"raise", "omit"}
        ``"omit"``: missing values get no class (label ``""``), count for nothing and rank
        last.

    Returns
    -------
    ABCResult
        ``classes, share, cumulative_share, rank`` in input order (a Series keeps its index).

    Raises
    ------
    InvalidInputError
        For negative or missing values, a zero total, thresholds not increasing in (0, 1],
        labels that are not three strings.

    Notes
    -----
    Items are ranked by value, largest first; ties keep their input order (stable sort).
    With :math:`C_i` the cumulative share up to and including the item ranked i and
    :math:`C_{i-1}` the share before it, the item is in A if :math:`C_{i-1} < t_1`
    (``include_crossing``) or :math:`C_i \\le t_1` (otherwise), likewise for B with
    :math:`t_2`, else in C. Cumulative shares are compared with a tolerance of 1e-12.

    References
    ----------
    .. [1] E. A. Silver, D. F. Pyke and D. J. Thomas, *Inventory and Production Management in
       Supply Chains*, 4th ed., CRC Press, 2017, section 2.4 (the Distribution by Value).

    Examples
    --------
    >>> r = abc_classes([500.0, 300.0, 100.0, 60.0, 40.0])
    >>> r.classes
    array(['A', 'A', 'B', 'B', 'C'], dtype='<U1')
    >>> r.cumulative_share
    array([0.5 , 0.8 , 0.9 , 0.96, 1.  ])
    """
    func = "abc_classes"
    check(func, "nan_policy", nan_policy, OneOf("raise", "omit"))
    check(func, "include_crossing", include_crossing, InstanceOf(bool, name="a bool"))
    t1, t2 = _thresholds(func, thresholds)
    check(func, "thresholds", t2, Interval(0, 1, closed="right"))
    names = _labels(func, labels)
    raw = as_float_array(func, "values", values, ndim=1, nan_policy="omit", keep_nan=True)
    if nan_policy == "raise":
        as_float_array(func, "values", values, ndim=1)
    seen = ~np.isnan(raw)
    check(func, "values", raw[seen], Interval(0, None))
    x = np.where(seen, raw, 0.0)
    total = float(np.sum(x))
    if not total > 0:
        raise invalid(func, "values", "values with a positive total", values)
    order = np.argsort(-x, kind="stable")
    share = x / total
    cum = np.cumsum(share[order])
    before = cum - share[order]
    key = before if include_crossing else cum
    tol = 1e-12
    if include_crossing:
        cls = np.where(key < t1 - tol, 0, np.where(key < t2 - tol, 1, 2))
    else:
        cls = np.where(key <= t1 + tol, 0, np.where(key <= t2 + tol, 1, 2))
    width = max(1, max(len(str(n)) for n in names))
    classes = np.empty(x.size, dtype=f"<U{width}")
    classes[order] = names[cls]
    cumulative = np.empty(x.size)
    cumulative[order] = np.minimum(cum, 1.0)
    rank = np.empty(x.size, dtype=np.int64)
    rank[order] = np.arange(1, x.size + 1)
    classes[~seen] = ""
    share = np.where(seen, share, 0.0)
    if isinstance(values, pd.Series):
        idx = values.index
        return ABCResult(
            classes=pd.Series(classes, index=idx, name="abc_class"),
            share=pd.Series(share, index=idx, name="share"),
            cumulative_share=pd.Series(cumulative, index=idx, name="cumulative_share"),
            rank=pd.Series(rank, index=idx, name="rank"),
        )
    return ABCResult(classes=classes, share=share, cumulative_share=cumulative, rank=rank)


def _cv(func: str, demand: object, ddof: int, nan_policy: str) -> tuple[FloatArray, Any]:
    raw = demand.to_numpy() if isinstance(demand, pd.DataFrame) else demand
    data = as_float_array(func, "demand", raw, ndim=(1, 2), nan_policy="omit", keep_nan=True)
    if nan_policy == "raise":
        as_float_array(func, "demand", raw, ndim=(1, 2))
    rows = data.reshape(1, -1) if data.ndim == 1 else data
    seen = ~np.isnan(rows)
    check(func, "demand", rows[seen], Interval(0, None))
    count = seen.sum(axis=1)
    if np.any(count <= ddof):
        raise invalid(func, "demand", f"more than ddof={ddof} observations per SKU", demand)
    filled = np.where(seen, rows, 0.0)
    mean = filled.sum(axis=1) / count
    var = np.where(seen, (rows - mean[:, None]) ** 2, 0.0).sum(axis=1) / (count - ddof)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.sqrt(var) / mean
    cv = np.where(mean > 0, cv, np.where(var > 0, np.inf, np.inf))
    index = demand.index if isinstance(demand, pd.DataFrame) else None
    return (cv[0:1] if data.ndim == 1 else cv), index


def xyz_classes(
    demand: ArrayLike,
    thresholds: tuple[float, float] = (0.5, 1.0),
    *,
    labels: tuple[str, str, str] = ("X", "Y", "Z"),
    ddof: int = 1,
    nan_policy: NanPolicy = "raise",
) -> XYZResult:
    """XYZ classification of SKUs by the coefficient of variation of their demand.

    Parameters
    ----------
    demand : array_like or DataFrame
        Demand history >= 0: 1-D for one SKU, or 2-D with one row of periods per SKU (a
        DataFrame keeps its index).
    thresholds : (float, float)
        CV limits: X if CV <= thresholds[0], Y if CV <= thresholds[1], else Z. The defaults
        0.5 and 1.0 are the usual rule of thumb (X steady, Y fluctuating, Z erratic); set
        your own for your data.
    labels : (str, str, str)
        Class names.
    ddof : int
        Delta degrees of freedom of the standard deviation (1: sample std).
    nan_policy : {"raise", "omit"}
        ``"omit"`` skips missing periods in a SKU's history.

    Returns
    -------
    XYZResult
        ``classes`` and ``coefficient_of_variation`` per SKU (a string and a float for 1-D
        demand). A SKU with zero mean demand has CV = inf and is in Z.

    Raises
    ------
    InvalidInputError
        For negative or missing demand, too few observations, bad thresholds or labels.

    Examples
    --------
    >>> r = xyz_classes([[10, 11, 9, 10], [0, 12, 0, 3], [5, 9, 2, 8]])
    >>> r.classes
    array(['X', 'Z', 'Y'], dtype='<U1')
    """
    func = "xyz_classes"
    check(func, "nan_policy", nan_policy, OneOf("raise", "omit"))
    check(func, "ddof", ddof, Interval(0, None, integer=True))
    t1, t2 = _thresholds(func, thresholds)
    names = _labels(func, labels)
    cv, index = _cv(func, demand, int(ddof), nan_policy)
    cls = names[np.where(cv <= t1, 0, np.where(cv <= t2, 1, 2))]
    if np.ndim(np.asarray(demand.to_numpy() if isinstance(demand, pd.DataFrame) else demand)) == 1:
        return XYZResult(classes=str(cls[0]), coefficient_of_variation=float(cv[0]))
    if index is not None:
        return XYZResult(
            classes=pd.Series(cls, index=index, name="xyz_class"),
            coefficient_of_variation=pd.Series(cv, index=index, name="cv"),
        )
    return XYZResult(classes=cls, coefficient_of_variation=cv)


def abc_xyz(
    values: ArrayLike,
    demand: ArrayLike,
    *,
    abc_thresholds: tuple[float, float] = (0.8, 0.95),
    xyz_thresholds: tuple[float, float] = (0.5, 1.0),
) -> ABCXYZResult:
    """Combined ABC-XYZ classification (nine classes "AX" ... "CZ").

    Parameters
    ----------
    values : array_like or Series
        Value of each SKU (for :func:`abc_classes`).
    demand : array_like or DataFrame
        Demand history, one row per SKU in the same order (for :func:`xyz_classes`).
    abc_thresholds, xyz_thresholds : (float, float)
        Thresholds of the two classifications.

    Returns
    -------
    ABCXYZResult
        ``classes`` (e.g. ``"AX"``), and the ``abc`` and ``xyz`` results.

    Raises
    ------
    InvalidInputError
        For inputs either classification rejects, or a demand table whose number of rows
        differs from the number of values.

    Examples
    --------
    >>> r = abc_xyz([900.0, 80.0, 20.0], [[10, 11, 9, 10], [0, 12, 0, 3], [5, 9, 2, 8]])
    >>> r.classes
    array(['AX', 'BZ', 'CY'], dtype='<U2')
    """
    func = "abc_xyz"
    abc = abc_classes(values, abc_thresholds)
    xyz = xyz_classes(demand, xyz_thresholds)
    n_abc = np.size(np.asarray(abc.classes))
    n_xyz = np.size(np.asarray(xyz.classes))
    if n_abc != n_xyz:
        raise invalid(func, "demand", f"one row per value ({n_abc} rows)", f"<{n_xyz} demand rows>")
    left = np.asarray(abc.classes, dtype=np.str_)
    right = np.asarray(xyz.classes, dtype=np.str_).reshape(-1)
    combined = np.char.add(left, right)
    if isinstance(abc.classes, pd.Series):
        return ABCXYZResult(
            classes=pd.Series(combined, index=abc.classes.index, name="abc_xyz_class"),
            abc=abc,
            xyz=xyz,
        )
    return ABCXYZResult(classes=combined, abc=abc, xyz=xyz)
