"""Cohort retention by first-purchase period, ABC classes of customers by value, and revenue
concentration (top-share and Gini coefficient)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from opsmodels._results import Plottable, Result
from opsmodels._validation import NanPolicy, OneOf, check, invalid, is_dask, require_columns

__all__ = [
    "CohortResult",
    "ConcentrationResult",
    "CustomerABCResult",
    "cohort_retention",
    "concentration",
    "customer_abc",
]

CohortPeriod = Literal["D", "W", "M", "Q", "Y"]


def _transaction_dates(
    func: str,
    transactions: object,
    customer: Any,
    date: Any,
    amount: Any,
    nan_policy: str,
    until: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Validated (customer, date[, amount]) columns of a transaction log, missing rows handled.

    A Dask frame is reduced on its partitions to one record per customer and day (first and
    last time of the day, spend summed), and only those records are gathered: the results of
    the callers do not change, since they use the first and last times and the distinct days
    of each customer, and the spend per customer and period. Rows after ``until`` are left
    out before the reduction.
    """
    check(func, "nan_policy", nan_policy, OneOf("raise", "omit"))
    dask_input = is_dask(transactions)
    if not dask_input and not isinstance(transactions, pd.DataFrame):
        raise invalid(func, "transactions", "a pandas or Dask DataFrame", transactions)
    for name, column in (("customer", customer), ("date", date), ("amount", amount)):
        if name != "amount" or column is not None:
            try:
                hash(column)
            except TypeError:
                raise invalid(func, name, "a column name", column) from None
            if column is None:
                raise invalid(func, name, "a column name", column)
    require_columns(func, "transactions", transactions, [customer, date, amount])
    if dask_input:
        return _dask_days(func, transactions, customer, date, amount, nan_policy, until)
    assert isinstance(transactions, pd.DataFrame)
    return _clean(func, transactions, customer, date, amount, nan_policy)


def _dask_days(
    func: str,
    data: Any,
    customer: Any,
    date: Any,
    amount: Any,
    nan_policy: str,
    until: pd.Timestamp | None,
) -> pd.DataFrame:
    """Per-partition cleaning, then a combinable groupby to (customer, day) records."""
    meta = pd.DataFrame(
        {
            "customer": pd.Series(dtype=data[customer].dtype),
            "date": pd.Series(dtype="datetime64[ns]"),
            "day": pd.Series(dtype="datetime64[ns]"),
            "amount": pd.Series(dtype=np.float64),
        }
    )

    def part(frame: pd.DataFrame) -> pd.DataFrame:
        log = _clean(func, frame, customer, date, amount, nan_policy, allow_empty=True)
        if until is not None:
            log = log.loc[log["date"] <= until]
        dates = log["date"].astype("datetime64[ns]")
        return pd.DataFrame(
            {
                "customer": log["customer"],
                "date": dates,
                "day": dates.dt.normalize(),
                "amount": log["amount"] if amount is not None else 0.0,
            }
        )

    cleaned = data.map_partitions(part, meta=meta)
    reduced = (
        cleaned.groupby(["customer", "day"])
        .agg({"date": ["min", "max"], "amount": "sum"})
        .compute()
    )
    if len(reduced) == 0:
        where = "" if until is None else f" up to {until}"
        raise invalid(func, "transactions", f"a log with a complete row{where}", "<none>")
    who = reduced.index.get_level_values(0)
    first = pd.DataFrame(
        {
            "customer": who,
            "date": reduced[("date", "min")].to_numpy(),
            "amount": reduced[("amount", "sum")].to_numpy(),
        }
    )
    last = pd.DataFrame(
        {"customer": who, "date": reduced[("date", "max")].to_numpy(), "amount": 0.0}
    )
    out = pd.concat([first, last], ignore_index=True)
    return out if amount is not None else out.drop(columns="amount")


def _clean(
    func: str,
    transactions: pd.DataFrame,
    customer: Any,
    date: Any,
    amount: Any,
    nan_policy: str,
    *,
    allow_empty: bool = False,
) -> pd.DataFrame:
    if len(transactions) == 0 and not allow_empty:
        raise invalid(func, "transactions", "a non-empty log", "<an empty DataFrame>")
    raw = transactions[date]
    try:
        dates = pd.to_datetime(raw, errors="coerce")
    except (ValueError, TypeError):
        raise invalid(func, "transactions", f"parseable dates in column {date!r}", "<?>") from None
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    missing = raw.isna().to_numpy() | transactions[customer].isna().to_numpy()
    bad = dates.isna().to_numpy() & ~missing
    if bad.any():
        raise invalid(
            func,
            "transactions",
            f"parseable dates in column {date!r}",
            f"<{int(bad.sum())} unparseable dates>",
        )
    out = pd.DataFrame(
        {"customer": transactions[customer].to_numpy(), "date": dates.to_numpy()},
    )
    if amount is not None:
        values = transactions[amount]
        if values.dtype.kind not in "iufb":
            raise invalid(
                func, "transactions", f"numeric amounts in column {amount!r}", f"<{values.dtype}>"
            )
        amounts = values.to_numpy(dtype=np.float64, na_value=np.nan)
        if np.isinf(amounts).any():
            raise invalid(func, "transactions", f"finite amounts in column {amount!r}", "<inf>")
        missing = missing | np.isnan(amounts)
        out["amount"] = amounts
    if missing.any():
        if nan_policy == "raise":
            raise invalid(
                func,
                "transactions",
                "free of missing customers, dates and amounts (pass nan_policy='omit' "
                "to drop those rows)",
                f"<{int(missing.sum())} rows with missing values>",
            )
        out = out.loc[~missing].reset_index(drop=True)
        if len(out) == 0 and not allow_empty:
            raise invalid(func, "transactions", "a log with a complete row", "<no complete row>")
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class CohortResult(Result, Plottable):
    """Cohort matrices: rows are first-purchase periods, columns periods since the first.

    Attributes
    ----------
    cohort_sizes : pandas.Series
        Customers acquired in each period (:math:`n_c`).
    counts : pandas.DataFrame
        Customers of cohort c buying in period c + k (:math:`n_{c,k}`); NaN for cells after
        the last period of the log (not yet observed).
    retention : pandas.DataFrame
        :math:`n_{c,k} / n_c`, in [0, 1], 1 at k = 0; NaN where not observed.
    revenue : pandas.DataFrame or None
        Spend of cohort c in period c + k (when ``amount`` is given).
    period : str
        The period alias.
    """

    cohort_sizes: pd.Series
    counts: pd.DataFrame
    retention: pd.DataFrame
    revenue: pd.DataFrame | None
    period: str


def cohort_retention(
    transactions: Any,
    *,
    customer: Any,
    date: Any,
    amount: Any = None,
    period: CohortPeriod = "M",
    nan_policy: NanPolicy = "raise",
) -> CohortResult:
    """Cohort retention matrix of a transaction log by first-purchase period.

    Parameters
    ----------
    transactions : pandas.DataFrame or dask.dataframe.DataFrame
        One row per transaction (a Dask frame is reduced on its partitions to one record
        per customer and day before anything is gathered).
    customer, date : column labels
        Customer identifier and transaction date (datetimes or parseable strings).
    amount : column label or None
        Spend of each transaction [currency]; gives the revenue matrix.
    period : {"D", "W", "M", "Q", "Y"}
        Calendar period of the cohorts and of the columns (days, weeks, months...).
    nan_policy : {"raise", "omit"}
        Rows with a missing customer, date or amount: error, or left out.

    Returns
    -------
    CohortResult
        ``cohort_sizes``, ``counts``, ``retention``, ``revenue``, ``period``.

    Raises
    ------
    InvalidInputError
        For a missing column, an empty log, unparseable dates, missing values under
        ``nan_policy="raise"``, an unknown period.

    Notes
    -----
    Each customer's cohort is the calendar period c of the first purchase. With
    :math:`n_{c,k}` the number of distinct customers of cohort c buying in period c + k,
    retention is :math:`r_{c,k} = n_{c,k} / n_{c,0}` (so :math:`r_{c,0} = 1`). Cells with
    c + k after the log's last period are unobserved and hold NaN (the upper-left triangle
    of a classic cohort table is the observed part).

    References
    ----------
    .. [1] S. Gupta et al., "Modeling Customer Lifetime Value", *Journal of Service
       Research* 9(2), 2006, 139-155, doi:10.1177/1094670506293810 (cohort retention as
       the input of CLV models).

    Examples
    --------
    >>> log = pd.DataFrame({"c": [1, 1, 2, 2, 3],
    ...     "d": ["2024-01-05", "2024-02-03", "2024-01-20", "2024-03-01", "2024-02-10"]})
    >>> r = cohort_retention(log, customer="c", date="d")
    >>> r.counts.to_numpy().tolist()
    [[2.0, 1.0, 1.0], [1.0, 0.0, nan]]
    >>> r.retention.iloc[0].tolist()
    [1.0, 0.5, 0.5]
    """
    func = "cohort_retention"
    check(func, "period", period, OneOf("D", "W", "M", "Q", "Y"))
    log = _transaction_dates(func, transactions, customer, date, amount, nan_policy)
    ordinal = np.asarray(log["date"].dt.to_period(period).array.asi8, dtype=np.int64)
    codes, labels = pd.factorize(log["customer"])
    codes = codes.astype(np.int64, copy=False)
    first = np.full(len(labels), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, codes, ordinal)
    p_min, last = int(first.min()), int(ordinal.max())
    n_periods = last - p_min + 1  # cohorts and offsets both live in 0..n_periods-1
    cohort = first[codes] - p_min
    offset = ordinal - p_min - cohort
    cell = cohort * n_periods + offset
    # distinct (customer, period) pairs, then customers per (cohort, offset) cell
    keys = np.sort(codes * n_periods + (ordinal - p_min))
    distinct = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
    keys = keys[distinct]
    key_cust, key_period = keys // n_periods, keys % n_periods
    key_cohort = first[key_cust] - p_min
    grid = np.bincount(
        key_cohort * n_periods + (key_period - key_cohort), minlength=n_periods * n_periods
    ).reshape(n_periods, n_periods)
    present = np.flatnonzero(grid[:, 0] > 0)
    full_offsets = np.arange(int(offset.max()) + 1)
    unobserved = present[:, None] + full_offsets[None, :] > last - p_min
    index = pd.PeriodIndex.from_ordinals(present + p_min, freq=period, name="cohort")  # type: ignore[attr-defined]
    columns = pd.RangeIndex(len(full_offsets), name="periods_since_first")
    count_values = np.where(unobserved, np.nan, grid[present][:, : len(full_offsets)])
    counts = pd.DataFrame(count_values, index=index, columns=columns)
    sizes = pd.Series(grid[present, 0].astype(np.int64), index=index, name="cohort_size")
    retention = pd.DataFrame(count_values / grid[present, :1], index=index, columns=columns)
    revenue = None
    if amount is not None:
        spend = np.bincount(
            cell, weights=log["amount"].to_numpy(), minlength=n_periods * n_periods
        ).reshape(n_periods, n_periods)
        revenue = pd.DataFrame(
            np.where(unobserved, np.nan, spend[present][:, : len(full_offsets)]),
            index=index,
            columns=columns,
        )
    return CohortResult(
        cohort_sizes=sizes,
        counts=counts,
        retention=retention,
        revenue=revenue,
        period=str(period),
    )


def _values(func: str, values: object) -> tuple[np.ndarray, pd.Index | None]:
    if isinstance(values, pd.Series):
        index: pd.Index | None = values.index
        if values.dtype.kind not in "iuf":
            raise invalid(func, "values", "numeric values", f"<dtype {values.dtype}>")
        arr = values.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        index = None
        try:
            arr = np.asarray(values, dtype=np.float64)
        except (ValueError, TypeError):
            raise invalid(func, "values", "a 1-D array of numbers >= 0", values) from None
    if arr.ndim != 1 or arr.size == 0:
        raise invalid(func, "values", "a non-empty 1-D array of numbers >= 0", values)
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise invalid(func, "values", "finite numbers >= 0", values)
    if not arr.sum() > 0:
        raise invalid(func, "values", "values with a positive total", values)
    return arr, index


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerABCResult(Result):
    """ABC classes of customers by value.

    Attributes
    ----------
    classes : ndarray or Series
        "A", "B" or "C" per customer, in input order.
    share : ndarray or Series
        Each customer's share of the total value.
    cumulative_share : ndarray or Series
        Cumulative share up to and including the customer, customers ranked by value.
    """

    classes: Any
    share: Any
    cumulative_share: Any


def customer_abc(values: Any, thresholds: tuple[float, float] = (0.8, 0.95)) -> CustomerABCResult:
    """ABC (Pareto) classes of customers by their share of total value.

    Parameters
    ----------
    values : array_like or Series
        Value of each customer >= 0 [currency], total > 0 (a Series keeps its index).
    thresholds : (float, float)
        Cumulative shares closing classes A and B, increasing in (0, 1].

    Returns
    -------
    CustomerABCResult
        ``classes``, ``share``, ``cumulative_share`` in input order.

    Raises
    ------
    InvalidInputError
        For negative, missing or infinite values, a zero total, bad thresholds.

    Notes
    -----
    Customers are ranked by value, largest first, ties in input order. With
    :math:`C_{i-1}` the cumulative share before customer i, the customer is in A if
    :math:`C_{i-1} < t_1`, else in B if :math:`C_{i-1} < t_2`, else in C: the customer that
    crosses a threshold belongs to the higher class (the same convention as inventory ABC).

    References
    ----------
    .. [1] E. A. Silver, D. F. Pyke and D. J. Thomas, *Inventory and Production Management in
       Supply Chains*, 4th ed., CRC Press, 2017, section 2.4 (the Distribution by Value).

    Examples
    --------
    >>> customer_abc([500.0, 300.0, 100.0, 60.0, 40.0]).classes.tolist()
    ['A', 'A', 'B', 'B', 'C']
    """
    func = "customer_abc"
    ok = (
        isinstance(thresholds, tuple | list)
        and len(thresholds) == 2
        and all(
            isinstance(t, int | float) and not isinstance(t, bool) and math.isfinite(t)
            for t in thresholds
        )
        and 0 < thresholds[0] < thresholds[1] <= 1
    )
    if not ok:
        raise invalid(func, "thresholds", "two increasing shares in (0, 1]", thresholds)
    arr, index = _values(func, values)
    order = np.argsort(-arr, kind="stable")
    share = arr / arr.sum()
    cum_sorted = np.cumsum(share[order])
    before = cum_sorted - share[order]
    t1, t2 = float(thresholds[0]), float(thresholds[1])
    cls_sorted = np.where(before < t1 - 1e-12, "A", np.where(before < t2 - 1e-12, "B", "C")).astype(
        "<U1"
    )
    classes = np.empty_like(cls_sorted)
    classes[order] = cls_sorted
    cumulative = np.empty_like(cum_sorted)
    cumulative[order] = cum_sorted
    if index is not None:
        return CustomerABCResult(
            classes=pd.Series(classes, index=index, name="class"),
            share=pd.Series(share, index=index, name="share"),
            cumulative_share=pd.Series(cumulative, index=index, name="cumulative_share"),
        )
    return CustomerABCResult(classes=classes, share=share, cumulative_share=cumulative)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConcentrationResult(Result):
    """Concentration of value among customers.

    Attributes
    ----------
    gini : float
        Gini coefficient G in [0, (n - 1)/n].
    top_fraction : float
        Fraction of customers counted as the top (x).
    top_share : float
        Share of total value held by the ceil(x n) most valuable customers.
    n_customers : int
        n.
    """

    gini: float
    top_fraction: float
    top_share: float
    n_customers: int


def concentration(values: Any, *, top: float = 0.2) -> ConcentrationResult:
    """Share of value held by the top customers and the Gini coefficient.

    Parameters
    ----------
    values : array_like or Series
        Value of each customer >= 0 [currency], total > 0.
    top : float
        Fraction of customers, in (0, 1], whose share is reported (default the top 20 %).

    Returns
    -------
    ConcentrationResult
        ``gini``, ``top_fraction``, ``top_share``, ``n_customers``.

    Raises
    ------
    InvalidInputError
        For negative, missing or infinite values, a zero total, ``top`` outside (0, 1].

    Notes
    -----
    With values sorted ascending :math:`x_{(1)} \\le \\dots \\le x_{(n)}`,

    .. math:: G = \\frac{2 \\sum_i i\\, x_{(i)}}{n \\sum_i x_{(i)}} - \\frac{n + 1}{n},

    0 when all customers are equal and :math:`(n - 1)/n` when one holds everything. The top
    share counts the :math:`\\lceil x n \\rceil` largest values.

    References
    ----------
    .. [1] P. J. Lambert, *The Distribution and Redistribution of Income*, 3rd ed.,
       Manchester University Press, 2001, ch. 2 (the Gini coefficient).

    Examples
    --------
    >>> r = concentration([1.0, 1.0, 1.0, 7.0], top=0.25)
    >>> round(r.gini, 4), r.top_share
    (0.45, 0.7)
    """
    func = "concentration"
    if (
        isinstance(top, bool)
        or not isinstance(top, int | float)
        or not math.isfinite(top)
        or not 0 < top <= 1
    ):
        raise invalid(func, "top", "in (0, 1]", top)
    arr, _ = _values(func, values)
    n = arr.size
    x = np.sort(arr)
    total = float(x.sum())
    ranks = np.arange(1, n + 1, dtype=np.float64)
    gini = float(2.0 * np.dot(ranks, x) / (n * total) - (n + 1) / n)
    k = max(1, math.ceil(top * n - 1e-9))
    top_share = float(x[n - k :].sum() / total)
    return ConcentrationResult(
        gini=max(gini, 0.0), top_fraction=float(top), top_share=top_share, n_customers=int(n)
    )
