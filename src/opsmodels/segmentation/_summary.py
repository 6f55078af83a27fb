"""Customer summaries of a transaction log: BTYD frequency, recency, T and monetary value,
classic RFM raw values, and the calibration/holdout split.

Both entry points take a pandas DataFrame or a Dask DataFrame. The work is split in two
combinable steps: rows are reduced to one record per (customer, period) — purchases in the
same period merged — and those records to one row per customer. On Dask the first step is a
groupby-aggregation spread over the partitions and the second a per-partition reduction whose
per-customer partial results are combined at the end, so transaction rows never travel to
one process.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
from typing import Any, Literal

import numpy as np
import pandas as pd

from opsmodels._typing import IntArray
from opsmodels._validation import (
    InstanceOf,
    NoneValue,
    OneOf,
    check,
    invalid,
    is_dask,
    require_columns,
)

__all__ = ["calibration_holdout", "customer_summary"]

RefundPolicy = Literal["raise", "drop"]

# Periods are counted from Monday 1970-01-05 00:00, so day periods are calendar days and
# week periods are Monday-to-Sunday weeks.
_ORIGIN_NS = pd.Timestamp("1970-01-05").value
_DAY_NS = 86_400 * 10**9
_NO_PERIOD = np.iinfo(np.int64).max


def _as_duration(func: str, name: str, value: object) -> int:
    """A fixed, positive length of time in nanoseconds ("D", "W", "h", "12h", Timedelta...)."""
    allowed = (
        "'D', 'W', a fixed-length pandas offset alias such as 'h' or '14D', or a positive Timedelta"
    )
    if isinstance(value, str):
        if value == "W":
            return 7 * _DAY_NS
        try:
            offset: Any = pd.tseries.frequencies.to_offset(value)
            length = pd.Timedelta(offset)
        except (ValueError, TypeError):
            raise invalid(func, name, allowed, value) from None
    elif isinstance(value, pd.Timedelta | _dt.timedelta | np.timedelta64):
        try:
            length = pd.Timedelta(value)
        except (ValueError, TypeError):  # pragma: no cover - NaT-like timedelta64
            raise invalid(func, name, allowed, value) from None
    else:
        raise invalid(func, name, allowed, value)
    if pd.isna(length) or not length > pd.Timedelta(0):
        raise invalid(func, name, allowed, value)
    return int(length.value)


def _as_timestamp(func: str, name: str, value: object) -> pd.Timestamp:
    allowed = "a date (Timestamp, datetime, date or ISO string)"
    if isinstance(value, bool) or not isinstance(
        value, str | _dt.date | np.datetime64 | pd.Timestamp
    ):
        raise invalid(func, name, allowed, value)
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        raise invalid(func, name, allowed, value) from None
    if pd.isna(ts):
        raise invalid(func, name, allowed, value)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts


def _period_of(ts: pd.Timestamp, period_ns: int) -> int:
    return int((ts.as_unit("ns").value - _ORIGIN_NS) // period_ns)


def _prepare(
    frame: pd.DataFrame,
    *,
    fname: str,
    customer: Any,
    date: Any,
    amount: Any,
    date_format: str | None,
    period_ns: int,
    last_period: int,
    refunds: str,
    nan_policy: str,
    as_frame: bool = True,
) -> Any:
    """One partition's rows as (customer, _period, _amount, _rows), rows after the end left
    out: a DataFrame (for Dask), or a dict of columns (no copy into a frame)."""
    dates = frame[date]
    keep = np.ones(len(frame), dtype=bool)
    missing = dates.isna().to_numpy() | frame[customer].isna().to_numpy()
    if not isinstance(dates.dtype, pd.DatetimeTZDtype) and dates.dtype.kind != "M":
        try:
            parsed = pd.to_datetime(dates, errors="coerce", format=date_format)
        except (ValueError, TypeError):
            parsed = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
        bad = parsed.isna().to_numpy() & ~missing
        if bad.any():
            first = dates.to_numpy()[np.flatnonzero(bad)[0]]
            raise invalid(
                fname,
                "transactions",
                f"parseable dates in column {date!r}"
                + ("" if date_format is None else f" (format {date_format!r})"),
                f"<{int(bad.sum())} unparseable dates, the first {first!r}>",
            )
        dates = parsed
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    if amount is not None:
        values = frame[amount]
        if values.dtype.kind not in "iufb":
            raise invalid(
                fname, "transactions", f"numeric amounts in column {amount!r}", f"<{values.dtype}>"
            )
        amounts = values.to_numpy(dtype=np.float64, na_value=np.nan)
        missing |= np.isnan(amounts)
        if np.isinf(amounts).any():
            raise invalid(fname, "transactions", f"finite amounts in column {amount!r}", "<inf>")
        negative = amounts < 0
        if negative.any():
            if refunds == "raise":
                raise invalid(
                    fname,
                    "transactions",
                    f"amounts >= 0 in column {amount!r} (pass refunds='drop' to leave refunds out)",
                    f"<{int(negative.sum())} negative amounts, the first "
                    f"{amounts[np.flatnonzero(negative)[0]]}>",
                )
            keep &= ~negative
    else:
        amounts = np.zeros(len(frame))
    if missing.any():
        if nan_policy == "raise":
            raise invalid(
                fname,
                "transactions",
                "free of missing customers, dates and amounts (pass nan_policy='omit' "
                "to drop those rows)",
                f"<{int(missing.sum())} rows with missing values>",
            )
        keep &= ~missing
    ns = dates.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT")).view(np.int64)
    periods = np.where(missing, 0, (ns - _ORIGIN_NS) // period_ns)
    keep &= periods <= last_period
    labels = frame[customer]
    if not keep.all():
        labels, periods, amounts = labels[keep], periods[keep], amounts[keep]
    columns = {
        "_customer": labels.reset_index(drop=True),
        "_period": periods,
        "_amount": amounts,
        "_rows": np.ones(len(periods), dtype=np.int64),
    }
    return pd.DataFrame(columns) if as_frame else columns


_PARTIAL_COLUMNS = (
    "n_periods",
    "p_first",
    "p_last",
    "first_amount",
    "amount_cal",
    "rows_cal",
    "n_periods_hold",
    "amount_hold",
)


def _codes(values: pd.Series) -> tuple[IntArray, pd.Index]:
    """Customer codes 0..k-1 and the labels; integer labels in a dense range skip hashing."""
    if pd.api.types.is_signed_integer_dtype(values.dtype) and len(values) > 0:
        arr = values.to_numpy(dtype=np.int64)
        low, high = int(arr.min()), int(arr.max())
        if high - low <= 4 * len(arr) + 1024:
            dense = (arr - low).astype(np.int64)
            present = np.bincount(dense, minlength=high - low + 1) > 0
            remap = np.cumsum(present) - 1
            labels = pd.Index(np.flatnonzero(present) + low, dtype=values.dtype)
            return remap[dense], labels
    codes, uniques = pd.factorize(values, sort=False)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def _pandas_partials(prepared: Any, calibration_period: int) -> pd.DataFrame:
    """Per-customer partial statistics of (customer, period, amount, rows) records.

    Records of the same customer and period may repeat (raw rows); periods are counted
    once. ``p_first``/``p_last`` are the first/last calibration periods and
    ``first_amount`` the spend in the first one.
    """
    cust, labels = _codes(prepared["_customer"])
    k = len(labels)
    period = np.asarray(prepared["_period"], dtype=np.int64)
    amount = np.asarray(prepared["_amount"], dtype=np.float64)
    rows = np.asarray(prepared["_rows"], dtype=np.float64)
    stats: dict[str, Any] = {}
    if len(period) == 0:
        empty = np.zeros(0)
        stats = dict.fromkeys(_PARTIAL_COLUMNS, empty)
        return pd.DataFrame(stats, index=labels)
    p_min = int(period.min())
    span = int(period.max()) - p_min + 1
    keys = np.sort(cust * span + (period - p_min))
    distinct = np.empty(len(keys), dtype=bool)
    distinct[0] = True
    np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
    keys = keys[distinct]
    key_cust = keys // span
    key_cal = keys % span + p_min <= calibration_period
    cal = period <= calibration_period
    stats["n_periods"] = np.bincount(key_cust[key_cal], minlength=k)
    p_first = np.full(k, _NO_PERIOD, dtype=np.int64)
    np.minimum.at(p_first, cust[cal], period[cal])
    p_last = np.full(k, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(p_last, cust[cal], period[cal])
    stats["p_first"] = p_first
    stats["p_last"] = p_last
    is_first = period == p_first[cust]
    stats["first_amount"] = np.bincount(cust[is_first], weights=amount[is_first], minlength=k)
    stats["amount_cal"] = np.bincount(cust[cal], weights=amount[cal], minlength=k)
    stats["rows_cal"] = np.bincount(cust[cal], weights=rows[cal], minlength=k).astype(np.int64)
    hold = ~cal
    stats["n_periods_hold"] = np.bincount(key_cust[~key_cal], minlength=k)
    stats["amount_hold"] = np.bincount(cust[hold], weights=amount[hold], minlength=k)
    return pd.DataFrame(stats, index=labels)


def _dask_partials(
    data: Any, prepare_kwargs: dict[str, Any], customer: Any, calibration_period: int
) -> pd.DataFrame:
    """Per-customer statistics of a Dask frame: (customer, period) groupby over partitions,
    per-partition reduction to customers, then the small per-customer partials combined."""
    meta = pd.DataFrame(
        {
            "_customer": pd.Series([], dtype=data[customer].dtype),
            "_period": pd.Series([], dtype=np.int64),
            "_amount": pd.Series([], dtype=np.float64),
            "_rows": pd.Series([], dtype=np.int64),
        }
    )
    prepared = data.map_partitions(_prepare, meta=meta, **prepare_kwargs)
    pairs = (
        prepared.groupby(["_customer", "_period"], sort=False)
        .agg({"_amount": "sum", "_rows": "sum"}, split_out=max(int(data.npartitions), 1))
        .reset_index()
    )
    part_meta = pd.DataFrame({c: pd.Series([], dtype=np.float64) for c in _PARTIAL_COLUMNS})
    parts = pairs.map_partitions(_pandas_partials, calibration_period, meta=part_meta)
    partials: pd.DataFrame = parts.compute()
    if partials.index.has_duplicates:
        partials = _combine(partials)
    return partials


def _combine(partials: pd.DataFrame) -> pd.DataFrame:
    """Combine per-customer partials of disjoint sets of (customer, period) records."""
    grouped = partials.groupby(level=0, sort=False)
    p_first = grouped["p_first"].transform("min")
    partials = partials.assign(
        first_amount=partials["first_amount"].where(partials["p_first"] == p_first, 0.0)
    )
    out = grouped.agg(
        n_periods=("n_periods", "sum"),
        p_first=("p_first", "min"),
        p_last=("p_last", "max"),
        amount_cal=("amount_cal", "sum"),
        rows_cal=("rows_cal", "sum"),
        n_periods_hold=("n_periods_hold", "sum"),
        amount_hold=("amount_hold", "sum"),
    )
    out["first_amount"] = partials.groupby(level=0, sort=False)["first_amount"].sum()
    return out


def _summarize(
    func: str,
    transactions: Any,
    *,
    customer: Any,
    date: Any,
    amount: Any,
    observation_end: Any,
    calibration_end: Any,
    time_unit: Any,
    period: Any,
    date_format: Any,
    refunds: Any,
    nan_policy: Any,
) -> pd.DataFrame:
    check(func, "refunds", refunds, OneOf("raise", "drop"))
    check(func, "nan_policy", nan_policy, OneOf("raise", "omit"))
    check(func, "date_format", date_format, [NoneValue(), InstanceOf(str, name="a str")])
    unit_ns = _as_duration(func, "time_unit", time_unit)
    period_ns = _as_duration(func, "period", period)
    end = _as_timestamp(func, "observation_end", observation_end)
    last_period = _period_of(end, period_ns)
    if calibration_end is None:
        calibration_period = last_period
    else:
        cal = _as_timestamp(func, "calibration_end", calibration_end)
        calibration_period = _period_of(cal, period_ns)
        if calibration_period >= last_period:
            raise invalid(
                func,
                "calibration_end",
                f"in an earlier period than observation_end ({end})",
                cal,
            )
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
    prepare_kwargs = {
        "fname": func,
        "customer": customer,
        "date": date,
        "amount": amount,
        "date_format": date_format,
        "period_ns": period_ns,
        "last_period": last_period,
        "refunds": refunds,
        "nan_policy": nan_policy,
    }
    if dask_input:
        stats = _dask_partials(transactions, prepare_kwargs, customer, calibration_period)
    else:
        prepared = _prepare(transactions, as_frame=False, **prepare_kwargs)
        stats = _pandas_partials(prepared, calibration_period)
    stats = stats[stats["n_periods"].to_numpy() > 0]
    if len(stats) == 0:
        cut = end if calibration_end is None else calibration_end
        raise invalid(
            func,
            "transactions",
            f"a log with at least one transaction up to {cut}",
            "<no transaction in that period>",
        )
    with contextlib.suppress(TypeError):  # labels of mixed types keep their order of appearance
        stats = stats.sort_index()
    return _assemble(
        stats,
        customer=customer,
        amount=amount,
        scale=period_ns / unit_ns,
        period_ns=period_ns,
        end_period=calibration_period,
        last_period=last_period,
        holdout=calibration_end is not None,
        time_unit=time_unit,
    )


def _assemble(
    stats: pd.DataFrame,
    *,
    customer: Any,
    amount: Any,
    scale: float,
    period_ns: int,
    end_period: int,
    last_period: int,
    holdout: bool,
    time_unit: Any,
) -> pd.DataFrame:
    n_periods = stats["n_periods"].to_numpy(dtype=np.int64)
    p_first = stats["p_first"].to_numpy(dtype=np.int64)
    p_last = stats["p_last"].to_numpy(dtype=np.int64)
    frequency = (n_periods - 1).astype(np.float64)
    recency = (p_last - p_first) * scale
    T = (end_period - p_first) * scale
    columns: dict[str, Any] = {
        "frequency": frequency,
        "recency": recency,
        "T": T,
    }
    if amount is not None:
        repeat = stats["amount_cal"].to_numpy(dtype=np.float64) - stats["first_amount"].to_numpy(
            dtype=np.float64
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            columns["monetary_value"] = np.where(frequency > 0, repeat / frequency, 0.0)
    columns["time_since_last"] = (end_period - p_last) * scale
    columns["n_transactions"] = stats["rows_cal"].to_numpy(dtype=np.int64)
    if amount is not None:
        columns["total_amount"] = stats["amount_cal"].to_numpy(dtype=np.float64)
    origin = np.datetime64(_ORIGIN_NS, "ns")
    columns["first_purchase"] = origin + (p_first * period_ns).astype("timedelta64[ns]")
    columns["last_purchase"] = origin + (p_last * period_ns).astype("timedelta64[ns]")
    if holdout:
        n_hold = stats["n_periods_hold"].to_numpy(dtype=np.float64)
        columns["frequency_holdout"] = n_hold
        if amount is not None:
            hold_amount = stats["amount_hold"].to_numpy(dtype=np.float64)
            with np.errstate(invalid="ignore", divide="ignore"):
                columns["monetary_holdout"] = np.where(n_hold > 0, hold_amount / n_hold, 0.0)
        columns["duration_holdout"] = np.full(len(n_hold), (last_period - end_period) * scale)
    index = pd.Index(stats.index, name=customer)
    out = pd.DataFrame(columns, index=index)
    out.attrs["time_unit"] = str(time_unit)
    return out


def customer_summary(
    transactions: Any,
    *,
    customer: Any,
    date: Any,
    amount: Any = None,
    observation_end: Any,
    time_unit: str | pd.Timedelta = "D",
    period: str | pd.Timedelta = "D",
    date_format: str | None = None,
    refunds: RefundPolicy = "raise",
    nan_policy: Literal["raise", "omit"] = "raise",
) -> pd.DataFrame:
    r"""One row per customer: BTYD frequency, recency, T and monetary value, plus RFM raw values.

    Parameters
    ----------
    transactions : pandas.DataFrame or dask.dataframe.DataFrame
        The transaction log, one row per transaction.
    customer, date : column names
        Columns holding the customer label and the transaction date (datetime, or text or
        numbers that :func:`pandas.to_datetime` parses, with ``date_format`` if given).
    amount : column name, optional
        Column holding the transaction value [currency]; without it the monetary columns
        are left out.
    observation_end : date
        End of the observation (calibration) period, inclusive at ``period`` resolution:
        transactions in a later period are left out.
    time_unit : str or Timedelta
        Unit of ``recency``, ``T`` and ``time_since_last``: ``"D"`` days, ``"W"`` weeks of 7
        days (days / 7, as Fader and Hardie use on CDNOW), or any fixed-length pandas offset
        alias (``"h"``, ``"14D"``) or positive Timedelta.
    period : str or Timedelta
        Length of the periods within which purchases are merged into one (default one
        calendar day). Periods start at midnight; week periods start on Mondays.
    date_format : str, optional
        ``strftime`` format of text dates, e.g. ``"%Y%m%d"``.
    refunds : {"raise", "drop"}
        Negative amounts are refunds. ``"raise"`` (default) rejects them; ``"drop"`` leaves
        those rows out: they are neither purchases nor subtracted from spend.
    nan_policy : {"raise", "omit"}
        Rows with a missing customer, date or amount raise, or are left out.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), columns

        - ``frequency`` (:math:`x`): number of repeat purchase periods;
        - ``recency`` (:math:`t_x`): time from the first to the last purchase period;
        - ``T``: time from the first purchase period to the period of ``observation_end``;
        - ``monetary_value``: mean spend per repeat purchase period (0 when ``frequency`` is 0);
        - ``time_since_last``: ``T - recency``, the classic RFM recency;
        - ``n_transactions``: number of transactions (rows, not merged), the classic RFM
          frequency;
        - ``total_amount``: total spend including the first purchase, the classic RFM
          monetary value;
        - ``first_purchase``, ``last_purchase``: start of the first and last purchase periods.

        ``attrs["time_unit"]`` records the time unit.

    Raises
    ------
    InvalidInputError
        Missing columns, unparseable dates, negative amounts (with ``refunds="raise"``),
        missing values (with ``nan_policy="raise"``), no transaction up to
        ``observation_end``, or a bad option.

    Notes
    -----
    This is the convention of the buy-till-you-die literature: with purchase periods
    :math:`p_0 < p_1 < \dots < p_x` of a customer (same-period purchases merged) and
    :math:`p_e` the period holding ``observation_end``, :math:`x` is the number of repeat
    periods, :math:`t_x = (p_x - p_0)\,\ell/u` and :math:`T = (p_e - p_0)\,\ell/u` with
    :math:`\ell` the period length and :math:`u` the time unit; monetary value is the mean
    of the per-period totals of the repeat periods. The first purchase only marks the start
    of the relationship and is not counted.

    A Dask frame is reduced by combinable aggregations: a groupby on (customer, period)
    across partitions, then per-partition reductions to customers whose small partial
    results are combined; the transaction rows never leave their workers.

    References
    ----------
    .. [1] P. S. Fader, B. G. S. Hardie and K. L. Lee, "'Counting your customers' the easy
       way: an alternative to the Pareto/NBD model", *Marketing Science* 24(2), 2005,
       275-284, doi:10.1287/mksc.1040.0098.
    .. [2] A. M. Hughes, *Strategic Database Marketing*, 4th ed., McGraw-Hill, 2012 (RFM).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "id": [1, 1, 1, 2],
    ...     "day": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-15", "2024-01-08"]),
    ...     "spend": [10.0, 5.0, 20.0, 8.0],
    ... })
    >>> s = customer_summary(log, customer="id", date="day", amount="spend",
    ...                      observation_end="2024-01-29", time_unit="W")
    >>> s[["frequency", "recency", "T", "monetary_value", "n_transactions", "total_amount"]]
        frequency  recency    T  monetary_value  n_transactions  total_amount
    id
    1         1.0      2.0  4.0            20.0               3          35.0
    2         0.0      0.0  3.0             0.0               1           8.0
    """
    return _summarize(
        "customer_summary",
        transactions,
        customer=customer,
        date=date,
        amount=amount,
        observation_end=observation_end,
        calibration_end=None,
        time_unit=time_unit,
        period=period,
        date_format=date_format,
        refunds=refunds,
        nan_policy=nan_policy,
    )


def calibration_holdout(
    transactions: Any,
    *,
    customer: Any,
    date: Any,
    amount: Any = None,
    calibration_end: Any,
    observation_end: Any,
    time_unit: str | pd.Timedelta = "D",
    period: str | pd.Timedelta = "D",
    date_format: str | None = None,
    refunds: RefundPolicy = "raise",
    nan_policy: Literal["raise", "omit"] = "raise",
) -> pd.DataFrame:
    r"""Calibration summary with the holdout-period purchases of the same customers.

    Customers whose first purchase falls in the calibration period (up to
    ``calibration_end``) get their :func:`customer_summary` columns computed on that period,
    plus what they did after it, up to ``observation_end``.

    Parameters
    ----------
    transactions : pandas.DataFrame or dask.dataframe.DataFrame
        The transaction log.
    customer, date, amount : column names
        As in :func:`customer_summary`.
    calibration_end : date
        End of the calibration period (inclusive at ``period`` resolution).
    observation_end : date
        End of the holdout period; must fall in a later period than ``calibration_end``.
    time_unit, period, date_format, refunds, nan_policy
        As in :func:`customer_summary`.

    Returns
    -------
    pandas.DataFrame
        The calibration summary (``T`` measured to ``calibration_end``) with

        - ``frequency_holdout``: number of purchase periods in the holdout period (all of
          them count: the customer's first purchase is in the calibration period);
        - ``monetary_holdout``: mean spend per holdout purchase period (0 without any);
        - ``duration_holdout``: length of the holdout period in ``time_unit``.

    Raises
    ------
    InvalidInputError
        As :func:`customer_summary`, and when ``calibration_end`` is not before
        ``observation_end``.

    Notes
    -----
    Same conventions as :func:`customer_summary`; customers first seen in the holdout period
    are left out, as in Fader, Hardie and Lee's (2005) validation on CDNOW.

    References
    ----------
    .. [1] P. S. Fader, B. G. S. Hardie and K. L. Lee, "'Counting your customers' the easy
       way: an alternative to the Pareto/NBD model", *Marketing Science* 24(2), 2005,
       275-284, doi:10.1287/mksc.1040.0098.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "id": [1, 1, 1, 2, 3],
    ...     "day": pd.to_datetime(["2024-01-01", "2024-01-15", "2024-02-05",
    ...                            "2024-01-08", "2024-02-01"]),
    ...     "spend": [10.0, 20.0, 30.0, 8.0, 5.0],
    ... })
    >>> s = calibration_holdout(log, customer="id", date="day", amount="spend",
    ...                         calibration_end="2024-01-28", observation_end="2024-02-25",
    ...                         time_unit="W")
    >>> s[["frequency", "T", "frequency_holdout", "monetary_holdout", "duration_holdout"]]
        frequency    T  frequency_holdout  monetary_holdout  duration_holdout
    id
    1         1.0  3.857143        1.0             30.0              4.0
    2         0.0  2.857143        0.0              0.0              4.0
    """
    check("calibration_holdout", "calibration_end", calibration_end, _DATE_LIKE)
    return _summarize(
        "calibration_holdout",
        transactions,
        customer=customer,
        date=date,
        amount=amount,
        observation_end=observation_end,
        calibration_end=calibration_end,
        time_unit=time_unit,
        period=period,
        date_format=date_format,
        refunds=refunds,
        nan_policy=nan_policy,
    )


_DATE_LIKE = InstanceOf(
    str,
    _dt.date,
    np.datetime64,
    pd.Timestamp,
    name="a date (Timestamp, datetime, date or ISO string)",
)
