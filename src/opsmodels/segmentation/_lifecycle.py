"""Customer lifecycle stages of a transaction log: prospect, new, active, reactivated, at risk,
lapsed and dormant, with CRM and banking window presets and a personal-cadence option."""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from opsmodels._results import Result
from opsmodels._validation import NanPolicy, OneOf, check, invalid
from opsmodels.segmentation._cohorts import _transaction_dates

__all__ = ["LIFECYCLE_STAGES", "LIFECYCLE_WINDOWS", "LifecycleResult", "lifecycle_stages"]

LIFECYCLE_STAGES: tuple[str, ...] = (
    "prospect",
    "new",
    "active",
    "reactivated",
    "at_risk",
    "lapsed",
    "dormant",
)
"""The stages, in the order of the categorical ``stage`` Series."""

LIFECYCLE_WINDOWS: dict[str, tuple[float, float, float]] = {
    "crm": (30.0, 60.0, 90.0),
    "crm_long": (60.0, 120.0, 180.0),
    "banking": (365.0, 365.0, 730.0),
}
"""Window presets in days: (active up to, at risk up to, lapsed up to); beyond -> dormant."""

_DAY_NS = 86_400 * 10**9


@dataclass(frozen=True, slots=True, kw_only=True)
class LifecycleResult(Result):
    """Lifecycle stage of every customer at a date.

    Attributes
    ----------
    stage : pandas.Series
        Categorical stage per customer (categories :data:`LIFECYCLE_STAGES`).
    days_since_first : pandas.Series
        Days from the first purchase to ``as_of`` (inf for prospects).
    days_since_last : pandas.Series
        Days from the last purchase to ``as_of`` (the recency; inf for prospects).
    previous_gap : pandas.Series
        Days between the last two distinct purchase days (inf with fewer than two).
    windows : pandas.DataFrame
        The (active, at_risk, lapsed) limits in days applied to each customer (personal with
        ``cadence="personal"``).
    counts : dict
        Number of customers per stage.
    as_of : pandas.Timestamp
        The snapshot date.
    """

    stage: pd.Series
    days_since_first: pd.Series
    days_since_last: pd.Series
    previous_gap: pd.Series
    windows: pd.DataFrame
    counts: dict[str, int]
    as_of: pd.Timestamp


def _positive_triple(func: str, name: str, value: object) -> tuple[float, float, float]:
    ok = (
        isinstance(value, tuple | list)
        and len(value) == 3
        and all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and v > 0
            for v in value
        )
        and value[0] <= value[1] <= value[2]
    )
    if not ok:
        raise invalid(func, name, "three finite numbers > 0 in nondecreasing order", value)
    assert isinstance(value, tuple | list)
    return (float(value[0]), float(value[1]), float(value[2]))


def lifecycle_stages(
    transactions: Any,
    *,
    customer: Any,
    date: Any,
    as_of: Any,
    prospects: Any = None,
    windows: Literal["crm", "crm_long", "banking"] | tuple[float, float, float] = "crm",
    new_window: float | None = None,
    cadence: Literal["calendar", "personal"] = "calendar",
    multipliers: tuple[float, float, float] = (1.5, 2.0, 3.0),
    nan_policy: NanPolicy = "raise",
) -> LifecycleResult:
    """Lifecycle stage of every customer at a snapshot date.

    Parameters
    ----------
    transactions : pandas.DataFrame or dask.dataframe.DataFrame
        One row per transaction; customer-initiated transactions only (in banking, interest
        postings and charges do not count). A Dask frame is reduced on its partitions to
        one record per customer and day before anything is gathered.
    customer, date : column labels
        Customer identifier and transaction date.
    as_of : date-like
        Snapshot date; later transactions are left out (a customer whose first purchase is
        later does not appear, unless listed in ``prospects``).
    prospects : list-like or None
        Known customers; those without a purchase up to ``as_of`` get the stage "prospect".
    windows : {"crm", "crm_long", "banking"} or (float, float, float)
        Limits in days on the time since the last purchase: active up to the first, at risk
        up to the second, lapsed up to the third, dormant beyond. Presets
        (:data:`LIFECYCLE_WINDOWS`): ``"crm"`` (30, 60, 90), the common CRM practice of due
        after 30 days, lapsed after 60 and lost after 90; ``"crm_long"`` (60, 120, 180) for
        longer purchase cycles; ``"banking"`` (365, 365, 730): inactive (stage "lapsed")
        after 12 months without a customer-initiated transaction and dormant after 24.
    new_window : float or None
        Days since the first purchase within which a customer is "new" [days]; default the
        first window (30 days for "crm", 365 for "banking").
    cadence : {"calendar", "personal"}
        ``"personal"``: the windows of a customer with at least two distinct purchase days
        are ``multipliers`` times that customer's median inter-purchase time; customers with
        one purchase day keep the calendar windows.
    multipliers : (float, float, float)
        Multiples of the median inter-purchase time for the personal windows.
    nan_policy : {"raise", "omit"}
        Rows with a missing customer or date: error, or left out.

    Returns
    -------
    LifecycleResult
        ``stage`` (categorical Series by customer), ``days_since_first``,
        ``days_since_last``, ``previous_gap``, ``windows``, ``counts``, ``as_of``.

    Raises
    ------
    InvalidInputError
        For a missing column, an empty log, unparseable dates, bad windows or multipliers,
        an unknown option, an ``as_of`` before every transaction (and no prospects).

    Notes
    -----
    With recency :math:`R` (days since the last purchase), age :math:`A` (days since the
    first), the gap :math:`g` between the last two distinct purchase days and windows
    :math:`w_1 \\le w_2 \\le w_3`, the first rule that holds gives the stage:

    1. no purchase up to ``as_of`` (listed in ``prospects``): prospect;
    2. :math:`A \\le w_{new}`: new;
    3. :math:`R \\le w_1` and :math:`g > w_3` (came back after lapsing beyond the dormant
       limit): reactivated; :math:`R \\le w_1`: active;
    4. :math:`R \\le w_2`: at risk; :math:`R \\le w_3`: lapsed; else dormant.

    Personal cadence replaces :math:`w_k` by :math:`m_k \\tilde g` with :math:`\\tilde g`
    the customer's median gap between distinct purchase days. Purchases on the same day are
    one purchase day. The bank-branch view of new, returning and existing-base customers is
    ``windows=(w, w, w)``: new, active/reactivated (returning) and the rest.

    References
    ----------
    .. [1] V. Kumar and W. Reinartz, *Customer Relationship Management: Concept, Strategy,
       and Tools*, 3rd ed., Springer, 2018 (customer lifecycle and active/inactive status).
    .. [2] The windows follow common practice rather than one standard: CRM teams use 30/60/90
       days (60/120/180 for long cycles); banks call an account inactive after 12 months
       without a customer-initiated transaction and dormant after 24 (the exact periods
       differ by jurisdiction: pass explicit ``windows`` for local rules).

    Examples
    --------
    >>> log = pd.DataFrame({"c": ["a", "b", "b", "c", "d", "d"],
    ...     "d": ["2024-03-20", "2024-02-10", "2024-03-15", "2024-01-20", "2023-06-01",
    ...           "2024-03-25"]})
    >>> r = lifecycle_stages(log, customer="c", date="d", as_of="2024-03-31",
    ...                      prospects=["e"])
    >>> r.stage.astype(str).to_dict()
    {'a': 'new', 'b': 'active', 'c': 'lapsed', 'd': 'reactivated', 'e': 'prospect'}
    """
    func = "lifecycle_stages"
    check(func, "cadence", cadence, OneOf("calendar", "personal"))
    if isinstance(windows, str):
        check(func, "windows", windows, OneOf(*LIFECYCLE_WINDOWS))
        limits = LIFECYCLE_WINDOWS[windows]
    else:
        limits = _positive_triple(func, "windows", windows)
    mult = _positive_triple(func, "multipliers", multipliers)
    if new_window is None:
        new_limit = limits[0]
    elif (
        isinstance(new_window, bool)
        or not isinstance(new_window, int | float)
        or not math.isfinite(new_window)
        or new_window < 0
    ):
        raise invalid(func, "new_window", "a finite number >= 0 or None", new_window)
    else:
        new_limit = float(new_window)
    if isinstance(as_of, bool) or not isinstance(
        as_of, str | _dt.date | np.datetime64 | pd.Timestamp
    ):
        raise invalid(func, "as_of", "a date (Timestamp, datetime, date or ISO string)", as_of)
    try:
        end = pd.Timestamp(as_of)
    except (ValueError, TypeError, OverflowError):
        raise invalid(func, "as_of", "a date", as_of) from None
    if pd.isna(end):
        raise invalid(func, "as_of", "a date", as_of)
    if end.tzinfo is not None:
        end = end.tz_localize(None)
    if prospects is not None:
        if isinstance(prospects, str | bytes) or not hasattr(prospects, "__iter__"):
            raise invalid(func, "prospects", "a list-like of customer ids or None", prospects)
        known = pd.Index(list(prospects))
    else:
        known = pd.Index([])

    log = _transaction_dates(func, transactions, customer, date, None, nan_policy, end)
    ns = log["date"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    end_ns = end.as_unit("ns").value
    keep = ns <= end_ns
    earliest = pd.Timestamp(int(ns.min()))
    codes, labels = pd.factorize(log["customer"].to_numpy()[keep])
    ns = ns[keep]
    k = len(labels)
    if k == 0 and len(known) == 0:
        raise invalid(
            func,
            "as_of",
            f"on or after the first transaction ({earliest})",
            end,
        )
    first = np.full(k, np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(k, np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(first, codes, ns)
    np.maximum.at(last, codes, ns)
    # Distinct purchase days per customer, sorted; gaps between consecutive ones.
    day = ns // _DAY_NS
    if len(day):
        d_min = int(day.min())
        span = int(day.max()) - d_min + 1
        keys = np.sort(codes.astype(np.int64) * span + (day - d_min))
        distinct = np.ones(len(keys), dtype=bool)
        np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
        keys = keys[distinct]
        c_sorted, d_sorted = keys // span, keys % span
    else:
        c_sorted = d_sorted = np.zeros(0, dtype=np.int64)
    same = np.zeros(len(c_sorted), dtype=bool)
    if len(c_sorted) > 1:
        same[1:] = c_sorted[1:] == c_sorted[:-1]
    all_gaps = np.zeros(len(d_sorted))
    all_gaps[1:] = d_sorted[1:] - d_sorted[:-1]
    gap_cust = c_sorted[same]
    gaps = all_gaps[same]
    is_last = np.ones(len(c_sorted), dtype=bool)
    np.not_equal(c_sorted[1:], c_sorted[:-1], out=is_last[:-1])
    last_gap = same & is_last  # each customer's gap between its last two purchase days
    previous_gap = np.full(k, np.inf)
    previous_gap[c_sorted[last_gap]] = all_gaps[last_gap]
    median_gap = np.full(k, np.nan)
    if len(gaps):
        med = pd.Series(gaps).groupby(gap_cust).median()
        median_gap[med.index.to_numpy()] = med.to_numpy()

    w = np.broadcast_to(np.asarray(limits), (k, 3)).copy()
    if cadence == "personal":
        has = ~np.isnan(median_gap) & (median_gap > 0)
        w[has] = median_gap[has, None] * np.asarray(mult)[None, :]
    recency = (end_ns - last) / _DAY_NS
    age = (end_ns - first) / _DAY_NS
    stage_code = np.select(
        [
            age <= new_limit,
            (recency <= w[:, 0]) & (previous_gap > w[:, 2]),
            recency <= w[:, 0],
            recency <= w[:, 1],
            recency <= w[:, 2],
        ],
        [1, 3, 2, 4, 5],
        default=6,
    )
    extra = known[~known.isin(labels)].unique() if len(known) else known
    index = pd.Index(list(labels) + list(extra), name="customer")
    n_extra = len(extra)
    codes_all = np.concatenate([stage_code, np.zeros(n_extra, dtype=stage_code.dtype)])
    stage = pd.Series(
        pd.Categorical.from_codes(
            codes_all.astype(np.int64), categories=pd.Index(list(LIFECYCLE_STAGES))
        ),
        index=index,
        name="stage",
    )
    inf = np.full(n_extra, np.inf)
    window_frame = pd.DataFrame(
        np.vstack([w, np.full((n_extra, 3), np.inf)]) if n_extra else w,
        index=index,
        columns=["active", "at_risk", "lapsed"],
    )
    counts_arr = np.bincount(codes_all, minlength=len(LIFECYCLE_STAGES))
    return LifecycleResult(
        stage=stage,
        days_since_first=pd.Series(
            np.concatenate([age, inf]), index=index, name="days_since_first"
        ),
        days_since_last=pd.Series(
            np.concatenate([recency, inf]), index=index, name="days_since_last"
        ),
        previous_gap=pd.Series(
            np.concatenate([previous_gap, inf]), index=index, name="previous_gap"
        ),
        windows=window_frame,
        counts={s: int(n) for s, n in zip(LIFECYCLE_STAGES, counts_arr, strict=True)},
        as_of=end,
    )
