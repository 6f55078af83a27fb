r"""Lean wastes measured from an event log, each with its evidence.

An event log (one row per completed activity instance: case, activity, completion time and
optionally start time, resource and location) shows several of the seven lean wastes directly:
waiting between steps, rework (repeated activities and loops), extra processing (activities off
a standard path), inventory (cases in process over time, checked by Little's law), transport
(hand-offs between resources or locations) and, given the demand, overproduction. Motion is
not visible in an event log and is reported as not measurable.

The log is read, validated and ordered by :mod:`opsmodels.process` (events of a case by
completion time, then start, full ties in log order); every measure is one vectorized pass over the sorted
events (``bincount`` per activity, ``reduceat`` per case).
"""

from __future__ import annotations

import datetime
import numbers
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from opsmodels._results import Result
from opsmodels._typing import FloatArray, IntArray
from opsmodels._validation import NanPolicy, OneOf, check, invalid, require_columns
from opsmodels.process._eventlog import (
    _ROW,
    _check_log,
    _dask_prepare,
    _label_order,
    _labels,
    _Log,
)

__all__ = ["WasteResult", "waste"]

_FUNC = "waste"
_NS = 1_000_000_000  # nanoseconds per second
_KEY = "__opsmodels_waste_key__"

#: Columns of :attr:`WasteResult.summary`.
SUMMARY_COLUMNS = (
    "waste",
    "measure",
    "value",
    "unit",
    "share",
    "share_of",
    "measurable",
    "evidence",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class WasteResult(Result):
    """Lean wastes of an event log with their evidence.

    Times are in seconds; timestamps are UTC (time-zone-naive ``datetime64``).

    Attributes
    ----------
    summary : pandas.DataFrame
        The waste summary, one row per measure: ``waste`` (waiting, defects, overprocessing,
        inventory, transport, motion, overproduction), ``measure``, ``value``, ``unit``,
        ``share`` (value over the total named in ``share_of``), ``share_of``,
        ``measurable`` and ``evidence`` (which activities, edges or periods contribute most,
        or why the data cannot support the measure). ``value`` and ``share`` are NaN
        exactly where there is nothing to report: a waste the data cannot measure
        (``measurable`` False) or a measure without a share.
    activities : pandas.DataFrame
        One row per activity (index ``activity``): ``events``, ``cases``,
        ``waiting_time`` (total in front of the activity) and ``mean_waiting_time`` (per event
        with a predecessor), ``service_time`` (with ``start``), ``rework_events`` (of which
        ``immediate_repeats`` follow an event of the same activity; the others close a loop
        A ... A), ``rework_time``, and with the optional columns ``on_standard_path``,
        ``off_path_events``, ``off_path_time``, ``handoffs_in``, ``location_changes_in``.
    cases : pandas.DataFrame
        One row per case (index ``case``; in order of first appearance for a pandas log,
        sorted for a Dask log): ``events``, ``start`` and ``end`` (first start or
        completion, last completion), ``lead_time``, ``waiting_time``, ``waiting_share``
        (of the lead time; 0 for a zero lead time), ``service_time`` (with ``start``),
        ``rework_events``, ``rework_time``, and with the options ``off_path_events``,
        ``off_path_time``, ``handoffs``, ``location_changes``.
    handoffs : pandas.DataFrame
        Hand-offs per edge: ``kind`` ("resource" or "location"), ``source``, ``target``,
        ``count`` and ``waiting_time`` (total waiting in front of the handed-off events),
        most frequent first; empty without ``resource`` and ``location``.
    transitions : pandas.DataFrame
        Directly-follows pairs of activities: ``source``, ``target``, ``count``,
        ``waiting_time`` (total in front of the target) and ``mean_waiting_time``, most
        waiting first (where the waiting sits in the flow).
    wip : pandas.DataFrame
        Work in process as a step function: ``time`` and ``wip`` (cases open from that time
        on: arrived at their first start, or completion without ``start``, and not yet
        completed their last event).
    output : pandas.DataFrame or None
        Per period (index ``period``): ``output``, ``demand``, ``overproduction``
        (output above demand) and ``shortfall``; None without ``demand``.
    waiting_basis : str
        ``"waiting"`` (start of B minus completion of A) or ``"complete_to_complete"``
        (without ``start``: waiting cannot be separated from the service time of B).
    total_waiting_time : float
        Sum of the waiting times [s].
    waiting_share : float
        Total waiting time over the total lead time of the cases (0 when every lead time is 0).
    rework_events : int
        Events repeating an activity already done in their case.
    rework_cases : int
        Cases with at least one repeated activity.
    rework_time : float
        Service time of the repeated events (complete-to-complete time without ``start``) [s].
    off_path_events : int or None
        Events off the standard path (None without ``standard_path``).
    off_path_time : float or None
        Their service time (complete-to-complete time without ``start``) [s].
    handoff_count : int or None
        Resource hand-offs: consecutive events of a case done by different resources.
    location_changes : int or None
        Consecutive events of a case at different locations.
    overproduction : float or None
        Total output above demand over the periods with a demand [units].
    average_wip : float
        Time-average work in process L over the window [cases].
    arrival_rate : float
        Cases arriving in the window per second, lambda [1/s] (inf for a window of zero length).
    mean_lead_time : float
        Mean lead time W of the cases arriving in the window [s].
    littles_law_wip : float
        lambda x W [cases].
    littles_law_gap : float
        Relative gap abs(L - lambda W) / L (0 when both are 0, inf when only L is 0).
    window_start, window_end : pandas.Timestamp
        The window over which L, lambda and W are measured.
    n_cases, n_events : int
        Size of the log.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "case": [1, 1, 1],
    ...     "activity": ["check", "fix", "check"],
    ...     "start": pd.to_datetime(["2024-01-01 08:00", "2024-01-01 09:00", "2024-01-01 11:00"]),
    ...     "end": pd.to_datetime(["2024-01-01 08:30", "2024-01-01 10:00", "2024-01-01 11:30"]),
    ... })
    >>> r = waste(log, case="case", activity="activity", end="end", start="start")
    >>> r.rework_events, r.rework_time / 60, r.total_waiting_time / 60
    (1, 30.0, 90.0)
    """

    summary: pd.DataFrame
    activities: pd.DataFrame
    cases: pd.DataFrame
    handoffs: pd.DataFrame
    transitions: pd.DataFrame
    wip: pd.DataFrame
    output: pd.DataFrame | None
    waiting_basis: str
    total_waiting_time: float
    waiting_share: float
    rework_events: int
    rework_cases: int
    rework_time: float
    off_path_events: int | None
    off_path_time: float | None
    handoff_count: int | None
    location_changes: int | None
    overproduction: float | None
    average_wip: float
    arrival_rate: float
    mean_lead_time: float
    littles_law_wip: float
    littles_law_gap: float
    window_start: pd.Timestamp
    window_end: pd.Timestamp
    n_cases: int
    n_events: int

    def to_frame(self) -> pd.DataFrame:
        """Return the waste summary table (a copy of :attr:`summary`).

        Returns
        -------
        pandas.DataFrame
        """
        return self.summary.copy()


# --------------------------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------------------------


def _is_column(value: object) -> bool:
    return isinstance(value, str | int | tuple) and not isinstance(value, bool)


def _standard_masks(
    standard_path: object, activities: pd.Index
) -> tuple[str, np.ndarray, np.ndarray | None]:
    """Kind ("sequence", "activities", "edges"), allowed-activity mask, and the sorted codes
    ``source * n_activities + target`` of the allowed edges (None unless edges)."""
    n_act = len(activities)
    allowed = (
        "an ordered list of activities, a set of allowed activities or a set of allowed "
        "(from, to) edges, each a known activity of the log"
    )
    if isinstance(standard_path, list | tuple):
        kind = "sequence"
        items = list(standard_path)
    elif isinstance(standard_path, set | frozenset):
        items = list(standard_path)
        kind = "activities"
    else:
        raise invalid(_FUNC, "standard_path", allowed, standard_path)
    if not items:
        raise invalid(_FUNC, "standard_path", allowed, standard_path)

    def codes(labels: list[Any]) -> IntArray | None:
        try:
            found: IntArray = activities.get_indexer(pd.Index(labels, tupleize_cols=False))
        except (TypeError, ValueError):
            return None
        return found

    found = codes(items)
    if found is None:
        raise invalid(_FUNC, "standard_path", allowed, standard_path)
    if kind == "activities" and (found < 0).any():
        # a set of edges: every item a pair of known activities (and not itself an activity)
        pairs = [i for i in items if isinstance(i, tuple) and len(i) == 2]
        if len(pairs) == len(items) and (found < 0).all():
            src = codes([p[0] for p in pairs])
            dst = codes([p[1] for p in pairs])
            if src is None or dst is None:
                raise invalid(_FUNC, "standard_path", allowed, standard_path)
            unknown = (src < 0) | (dst < 0)
            if unknown.any():
                bad = pairs[int(np.flatnonzero(unknown)[0])]
                raise invalid(
                    _FUNC,
                    "standard_path",
                    allowed,
                    f"<an edge {bad!r} naming an activity that is not in the log>",
                )
            act_mask = np.zeros(n_act, dtype=bool)
            act_mask[src] = True
            act_mask[dst] = True
            return "edges", act_mask, np.unique(src * n_act + dst)
    if (found < 0).any():
        bad = items[int(np.flatnonzero(found < 0)[0])]
        raise invalid(
            _FUNC, "standard_path", allowed, f"<{bad!r}, which is not an activity of the log>"
        )
    act_mask = np.zeros(n_act, dtype=bool)
    act_mask[found] = True
    return kind, act_mask, None


def _check_demand(demand: object, period: str) -> float | pd.Series | None:
    allowed = (
        "None, a real number >= 0 (demand per period) or a pandas Series of demands >= 0 "
        "indexed by period (a PeriodIndex or a DatetimeIndex of period starts)"
    )
    if demand is None:
        return None
    if isinstance(demand, bool):
        raise invalid(_FUNC, "demand", allowed, demand)
    if isinstance(demand, numbers.Real):
        value = float(demand)
        if not np.isfinite(value) or value < 0:
            raise invalid(_FUNC, "demand", allowed, demand)
        return value
    if not isinstance(demand, pd.Series) or len(demand) == 0:
        raise invalid(_FUNC, "demand", allowed, demand)
    if demand.dtype.kind not in "iuf":
        raise invalid(_FUNC, "demand", allowed, f"<a Series of dtype {demand.dtype}>")
    values = demand.to_numpy(np.float64)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise invalid(_FUNC, "demand", allowed, f"<{values[pos]} at position {pos}>")
    index = demand.index
    if isinstance(index, pd.PeriodIndex):
        wanted = pd.Period("2024-01-01", freq=period).freqstr
        if index.freqstr != wanted:
            shown = f"<a PeriodIndex of frequency {index.freqstr!r}, not the period {wanted!r}>"
            raise invalid(_FUNC, "demand", allowed, shown)
        periods = index
    elif isinstance(index, pd.DatetimeIndex):
        if index.tz is not None:
            index = index.tz_convert("UTC").tz_localize(None)
        periods = index.to_period(period)
    else:
        shown = f"<a Series indexed by {type(index).__name__}>"
        raise invalid(_FUNC, "demand", allowed, shown)
    if periods.has_duplicates:
        raise invalid(_FUNC, "demand", "a Series with one demand per period", demand)
    return pd.Series(values, index=periods)


def _check_period(period: object) -> str:
    expected = "a pandas period frequency such as 'D', 'W' or 'M'"
    if not isinstance(period, str):
        raise invalid(_FUNC, "period", expected, period)
    try:
        pd.Period("2024-01-01", freq=period)
    except (TypeError, ValueError, AttributeError):
        raise invalid(_FUNC, "period", expected, period) from None
    return period


def _timestamp(value: object) -> int:
    if not isinstance(value, str | datetime.datetime | np.datetime64):
        raise TypeError
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        raise ValueError
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return int(ts.as_unit("ns").value)


def _check_window(window: object) -> tuple[int, int] | None:
    expected = "None or a pair (start, end) of timestamps with start < end"
    if window is None:
        return None
    if not isinstance(window, tuple | list) or len(window) != 2:
        raise invalid(_FUNC, "window", expected, window)
    try:
        lo, hi = _timestamp(window[0]), _timestamp(window[1])
    except (TypeError, ValueError, OverflowError):
        raise invalid(_FUNC, "window", expected, window) from None
    if not lo < hi:
        raise invalid(_FUNC, "window", expected, window)
    return lo, hi


# --------------------------------------------------------------------------------------------
# the measures on one sorted log (a whole pandas log, or a Dask partition of whole cases)
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Partial:
    """Additive measures of part of a log (whole cases)."""

    by_activity: dict[str, FloatArray]
    cases: pd.DataFrame
    handoffs: pd.DataFrame
    output: pd.Series


@dataclass(slots=True)
class _Spec:
    """What to measure, in global codes."""

    n_act: int
    n_res: int
    n_loc: int
    has_start: bool
    has_resource: bool
    has_location: bool
    act_mask: np.ndarray | None
    allowed_edges: np.ndarray | None
    output_code: int | None
    period: str | None


def _measure(lg: _Log, keys: IntArray, spec: _Spec) -> _Partial:
    """Every additive measure of a sorted log whose events carry global ``keys``.

    ``keys = activity + n_act * (resource + n_res * location)`` in global codes.
    """
    n_act = spec.n_act
    act = keys % n_act
    rest = keys // n_act
    res = rest % spec.n_res
    loc = rest // spec.n_res
    end = lg.end
    n = len(end)
    first = lg.case_bounds()
    new_case = np.zeros(n, dtype=bool)
    new_case[first] = True
    has_prev = ~new_case
    prev_end = np.empty(n, dtype=np.int64)
    prev_end[0] = end[0]
    prev_end[1:] = end[:-1]
    begin = end if lg.start is None else lg.start
    # waiting in front of each event: start (or completion) minus the previous completion,
    # overlapping (parallel) steps count 0; nothing in front of a case's first event
    gap = np.where(has_prev, begin - prev_end, 0)
    wait_ns = np.maximum(gap, 0)
    wait = wait_ns / _NS
    service = None if lg.start is None else (end - lg.start) / _NS
    # the time of an event counted as waste: its service time, else complete-to-complete
    step_time = service if service is not None else wait
    prev_act = np.empty(n, dtype=np.int64)
    prev_act[0] = act[0]
    prev_act[1:] = act[:-1]
    case_index = np.cumsum(new_case) - 1
    repeat = pd.Series(case_index * n_act + act).duplicated(keep="first").to_numpy()

    def per_act(weights: Any = None) -> FloatArray:
        out: FloatArray = np.bincount(act, weights=weights, minlength=n_act).astype(np.float64)
        return out

    sums: dict[str, FloatArray] = {
        "events": per_act(),
        "cases": per_act(~repeat),
        "waiting_time": per_act(wait),
        "waiting_events": per_act(has_prev),
        "rework_events": per_act(repeat),
        "immediate_repeats": per_act(has_prev & (act == prev_act)),
        "rework_time": per_act(np.where(repeat, step_time, 0.0)),
    }
    codes, lead = lg.lead_times()
    arrive = lg.end[first] if lg.start is None else np.minimum.reduceat(lg.start, first)
    depart = arrive + lead

    def per_case(values: Any) -> Any:
        return np.add.reduceat(values, first)

    case_cols: dict[str, Any] = {
        "events": np.diff(np.append(first, n)),
        "start": arrive.view("datetime64[ns]"),
        "end": depart.view("datetime64[ns]"),
        "lead_time": lead / _NS,
        "waiting_time": per_case(wait),
    }
    case_cols["waiting_share"] = np.where(
        lead > 0, case_cols["waiting_time"] / np.where(lead > 0, lead / _NS, 1.0), 0.0
    )
    if service is not None:
        sums["service_time"] = per_act(service)
        case_cols["service_time"] = per_case(service)
    case_cols["rework_events"] = per_case(repeat.astype(np.int64))
    case_cols["rework_time"] = per_case(np.where(repeat, step_time, 0.0))
    if spec.act_mask is not None:
        off = ~spec.act_mask[act]
        if spec.allowed_edges is not None:
            off |= has_prev & ~np.isin(prev_act * n_act + act, spec.allowed_edges)
        sums["off_path_events"] = per_act(off)
        sums["off_path_time"] = per_act(np.where(off, step_time, 0.0))
        case_cols["off_path_events"] = per_case(off.astype(np.int64))
        case_cols["off_path_time"] = per_case(np.where(off, step_time, 0.0))
    edge_frames = [_edge_sums("activity", prev_act[has_prev], act[has_prev], n_act, wait[has_prev])]
    for kind, labels, size, name, case_name in (
        ("resource", res, spec.n_res, "handoffs_in", "handoffs"),
        ("location", loc, spec.n_loc, "location_changes_in", "location_changes"),
    ):
        if not (spec.has_resource if kind == "resource" else spec.has_location):
            continue
        prev = np.empty(n, dtype=np.int64)
        prev[0] = labels[0]
        prev[1:] = labels[:-1]
        moved = has_prev & (labels != prev)
        sums[name] = per_act(moved)
        case_cols[case_name] = per_case(moved.astype(np.int64))
        edge_frames.append(_edge_sums(kind, prev[moved], labels[moved], size, wait[moved]))
    cases = pd.DataFrame(case_cols, index=lg.cases.take(codes).rename("case"))
    handoffs = pd.concat(edge_frames, ignore_index=True)
    output = pd.Series(dtype=np.float64)
    if spec.period is not None:
        done = depart if spec.output_code is None else end[act == spec.output_code]
        if len(done):
            stamps = pd.DatetimeIndex(done.view("datetime64[ns]"))
            output = stamps.to_period(spec.period).value_counts(sort=False).astype(np.float64)
    return _Partial(by_activity=sums, cases=cases, handoffs=handoffs, output=output)


def _edge_sums(
    kind: str, source: IntArray, target: IntArray, size: int, wait: FloatArray
) -> pd.DataFrame:
    """Count and total waiting of each (source, target) edge; codes < ``size``."""
    edge = source * size + target
    if size * size <= max(4 * len(edge), 1 << 16):  # few edges possible: count them all
        count = np.bincount(edge, minlength=size * size)
        waited = np.bincount(edge, weights=wait, minlength=size * size)
        keys = np.flatnonzero(count)
        count, waited = count[keys], waited[keys]
    else:
        keys, inverse = np.unique(edge, return_inverse=True)
        count = np.bincount(inverse, minlength=len(keys))
        waited = np.bincount(inverse, weights=wait, minlength=len(keys))
    return pd.DataFrame(
        {
            "kind": kind,
            "source": keys // size,
            "target": keys % size,
            "count": count.astype(np.int64),
            "waiting_time": waited.astype(np.float64),
        }
    )


_EMPTY_EDGES = pd.DataFrame(
    {
        "kind": np.array([], object),
        "source": np.array([], np.int64),
        "target": np.array([], np.int64),
        "count": np.array([], np.int64),
        "waiting_time": np.array([], np.float64),
    }
)


# --------------------------------------------------------------------------------------------
# pandas and Dask drivers
# --------------------------------------------------------------------------------------------


def _combined_keys(codes: list[IntArray], sizes: list[int]) -> IntArray:
    key = codes[0].copy()
    scale = sizes[0]
    for c, s in zip(codes[1:], sizes[1:], strict=True):
        key += scale * c
        scale *= s
    return key


def _pandas_partial(
    log: pd.DataFrame,
    case: Any,
    activity: Any,
    end: Any,
    start: Any,
    extra: list[Any],
    spec_of: Any,
) -> tuple[_Partial, list[pd.Index], _Spec]:
    if not extra:
        lg = _Log(_FUNC, log, case, activity, end, start, None)
        spec = spec_of([lg.activities])
        return _measure(lg, lg.act, spec), [lg.activities], spec
    codes, label_sets = [], []
    for column in (activity, *extra):
        c, u = _labels(_FUNC, log, column)
        codes.append(c)
        label_sets.append(u)
    frame = log[[c for c in (case, end, start) if c is not None]].copy(deep=False)
    frame[_KEY] = _combined_keys(codes, [len(u) for u in label_sets])
    lg = _Log(_FUNC, frame, case, _KEY, end, start, None)
    keys = lg.activities.to_numpy(np.int64)[lg.act]
    spec = spec_of(label_sets)
    return _measure(lg, keys, spec), label_sets, spec


def _sorted_index(index: pd.Index) -> pd.Index:
    return index.take(_label_order(index))


def _dask_partials(
    log: Any, case: Any, activity: Any, end: Any, start: Any, extra: list[Any], spec_of: Any
) -> tuple[list[_Partial], list[pd.Index], _Spec]:
    import dask  # the 'dask' extra, imported only for Dask input

    columns = [activity, *extra]
    uniques = dask.compute(  # type: ignore[attr-defined,no-untyped-call]
        *[log[c].dropna().unique() for c in columns]
    )
    label_sets = [_sorted_index(pd.Index(u)) for u in uniques]
    sizes = [len(u) for u in label_sets]
    spec = spec_of(label_sets)

    def keyed(part: pd.DataFrame) -> pd.DataFrame:
        codes = []
        for column, labels in zip(columns, label_sets, strict=True):
            c = labels.get_indexer(part[column])
            if len(c) and c.min() < 0:  # only missing labels are not among the uniques
                _labels(_FUNC, part, column)  # raises the event-log core's error
            codes.append(c.astype(np.int64))
        out = part[[c for c in (case, end, start) if c is not None]].copy()
        out[_KEY] = _combined_keys(codes, sizes)
        return out

    cols = [c for c in (case, end, start) if c is not None]
    meta = log._meta[cols].assign(**{_KEY: np.array([], dtype=np.int64)})
    shuffled = _dask_prepare(_FUNC, log.map_partitions(keyed, meta=meta), case, _KEY, end, start)

    def run(part: pd.DataFrame) -> _Partial | None:
        if part.empty:
            return None
        lg = _Log(_FUNC, part, case, _KEY, end, start, None, row=_ROW)
        keys = lg.activities.to_numpy(np.int64)[lg.act]
        return _measure(lg, keys, spec)

    tasks = [dask.delayed(run)(p) for p in shuffled.to_delayed()]  # type: ignore[attr-defined]
    parts = dask.compute(*tasks)  # type: ignore[attr-defined,no-untyped-call]
    return [p for p in parts if p is not None], label_sets, spec


# --------------------------------------------------------------------------------------------
# combining and reporting
# --------------------------------------------------------------------------------------------


def _top(values: pd.Series, total: float, *, n: int = 3) -> str:
    """ "a 45%, b 30%, c 10%" of the largest positive contributions."""
    values = values[values > 0]
    if values.empty or total <= 0:
        return "none"
    order = np.argsort(-values.to_numpy(), kind="stable")[:n]
    parts = []
    for i in order:
        label, v = values.index[i], float(values.iloc[i])
        parts.append(f"{label} {100 * v / total:.0f}%")
    return ", ".join(parts)


def _top_edge(transitions: pd.DataFrame, total: float) -> str:
    """ "; most on edge a -> b (40%)" for the transition with the most waiting."""
    if transitions.empty or total <= 0 or transitions["waiting_time"].iloc[0] <= 0:
        return ""
    top = transitions.iloc[0]
    share = 100 * float(top["waiting_time"]) / total
    return f"; most on the edge {top['source']} -> {top['target']} ({share:.0f}%)"


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else 0.0


def _row(
    waste: str,
    measure: str,
    value: float,
    unit: str,
    share: float,
    share_of: str,
    evidence: str,
    *,
    measurable: bool = True,
) -> dict[str, Any]:
    return {
        "waste": waste,
        "measure": measure,
        "value": float(value),
        "unit": unit,
        "share": float(share),
        "share_of": share_of,
        "measurable": measurable,
        "evidence": evidence,
    }


def _not_measurable(waste: str, measure: str, why: str) -> dict[str, Any]:
    return _row(waste, measure, np.nan, "", np.nan, "", why, measurable=False)


def _wip_table(arrive: IntArray, depart: IntArray) -> pd.DataFrame:
    times = np.concatenate([arrive, depart])
    change = np.concatenate([np.ones(len(arrive)), -np.ones(len(depart))])
    stamps, inverse = np.unique(times, return_inverse=True)
    level = np.cumsum(np.bincount(inverse, weights=change, minlength=len(stamps)))
    return pd.DataFrame(
        {"time": stamps.view("datetime64[ns]"), "wip": np.rint(level).astype(np.int64)}
    )


def _littles_law(
    arrive: IntArray, depart: IntArray, window: tuple[int, int] | None
) -> dict[str, Any]:
    lo, hi = (int(arrive.min()), int(depart.max())) if window is None else window
    span = (hi - lo) / _NS
    inside = np.clip(np.minimum(depart, hi) - np.maximum(arrive, lo), 0, None) / _NS
    arrived = (arrive >= lo) & (arrive < hi) if window is not None else np.ones(len(arrive), bool)
    lead = (depart[arrived] - arrive[arrived]) / _NS
    n_arrived = int(arrived.sum())
    mean_lead = float(lead.mean()) if n_arrived else 0.0
    if span > 0:
        average = float(inside.sum() / span)
        rate = n_arrived / span
        predicted = rate * mean_lead
    else:  # every case arrived and left at one instant: nothing is ever in process
        average, rate, predicted = 0.0, np.inf, 0.0
    # nothing in process (L = 0): the law holds when lambda W is 0 too
    gap = abs(average - predicted) / average if average > 0 else (0.0 if predicted == 0 else np.inf)
    return {
        "average_wip": average,
        "arrival_rate": float(rate),
        "mean_lead_time": mean_lead,
        "littles_law_wip": float(predicted),
        "littles_law_gap": float(gap),
        "window_start": pd.Timestamp(lo, unit="ns"),
        "window_end": pd.Timestamp(hi, unit="ns"),
    }


def _output_table(counts: pd.Series, demand: float | pd.Series) -> tuple[pd.DataFrame, int]:
    """Output against demand per period; the number of output periods without a demand."""
    if isinstance(demand, pd.Series):
        periods = demand.index
        left_out = int((~counts.index.isin(periods)).sum()) if len(counts) else 0
        demand_values = demand.to_numpy(np.float64)
    else:
        if len(counts):
            periods = pd.period_range(counts.index.min(), counts.index.max())
        else:
            periods = pd.PeriodIndex([], freq="D")
        left_out = 0
        demand_values = np.full(len(periods), demand)
    output = counts.reindex(periods, fill_value=0.0).to_numpy(np.float64)
    table = pd.DataFrame(
        {
            "output": output,
            "demand": demand_values,
            "overproduction": np.maximum(output - demand_values, 0.0),
            "shortfall": np.maximum(demand_values - output, 0.0),
        },
        index=pd.PeriodIndex(periods, name="period"),
    )
    return table, left_out


def _labelled_edges(edges: pd.DataFrame | None, labels: Any, *, by: str) -> pd.DataFrame:
    """Partial edge rows summed per (source, target), labelled, largest ``by`` first."""
    columns = ["source", "target", "count", "waiting_time"]
    if edges is None or edges.empty:
        return _EMPTY_EDGES[columns].astype({"source": object, "target": object})
    summed = edges.groupby(["source", "target"], as_index=False, sort=False)[
        ["count", "waiting_time"]
    ].sum()
    out = pd.DataFrame(
        {
            "source": labels.take(summed["source"].to_numpy()).to_numpy(object),
            "target": labels.take(summed["target"].to_numpy()).to_numpy(object),
            "count": summed["count"].to_numpy(np.int64),
            "waiting_time": summed["waiting_time"].to_numpy(np.float64),
        }
    )
    try:  # ties by label
        out = out.sort_values([by, "source", "target"], ascending=[False, True, True])
    except TypeError:  # labels of mixed types: ties keep their order
        out = out.sort_values(by, ascending=False, kind="stable")
    return out.reset_index(drop=True)


def _combine(
    parts: list[_Partial],
    label_sets: list[pd.Index],
    spec: _Spec,
    *,
    kind: str,
    demand: float | pd.Series | None,
    window: tuple[int, int] | None,
    output_activity: Any,
) -> WasteResult:
    sums = {
        k: sum((p.by_activity[k] for p in parts[1:]), parts[0].by_activity[k])
        for k in parts[0].by_activity
    }
    cases = parts[0].cases
    if len(parts) > 1:  # Dask: partitions of whole cases, in case order where sortable
        cases = pd.concat([p.cases for p in parts])
        cases = cases.iloc[_label_order(cases.index)]
    acts = label_sets[0]
    n_events = int(sums["events"].sum())
    n_cases = len(cases)
    activities = pd.DataFrame(index=pd.Index(acts, name="activity"))
    activities["events"] = sums["events"].astype(np.int64)
    activities["cases"] = sums["cases"].astype(np.int64)
    activities["waiting_time"] = sums["waiting_time"]
    with np.errstate(invalid="ignore", divide="ignore"):
        activities["mean_waiting_time"] = np.where(
            sums["waiting_events"] > 0, sums["waiting_time"] / sums["waiting_events"], 0.0
        )
    if spec.has_start:
        activities["service_time"] = sums["service_time"]
    activities["rework_events"] = sums["rework_events"].astype(np.int64)
    activities["immediate_repeats"] = sums["immediate_repeats"].astype(np.int64)
    activities["rework_time"] = sums["rework_time"]
    if spec.act_mask is not None:
        activities["on_standard_path"] = spec.act_mask
        activities["off_path_events"] = sums["off_path_events"].astype(np.int64)
        activities["off_path_time"] = sums["off_path_time"]
    if spec.has_resource:
        activities["handoffs_in"] = sums["handoffs_in"].astype(np.int64)
    if spec.has_location:
        activities["location_changes_in"] = sums["location_changes_in"].astype(np.int64)
    activities = activities.iloc[_label_order(activities.index)]
    lead = cases["lead_time"].to_numpy()
    # edges: summed over the partitions and labelled
    all_edges = pd.concat([p.handoffs for p in parts], ignore_index=True)
    kinds = dict(list(all_edges.groupby("kind", sort=False)))
    transitions = _labelled_edges(kinds.get("activity"), acts, by="waiting_time")
    with np.errstate(invalid="ignore", divide="ignore"):
        transitions["mean_waiting_time"] = np.where(
            transitions["count"] > 0,
            transitions["waiting_time"] / np.maximum(transitions["count"], 1),
            0.0,
        )
    moves = []
    for k, flag, labels in (
        ("resource", spec.has_resource, label_sets[1] if spec.has_resource else None),
        ("location", spec.has_location, label_sets[-1]),
    ):
        if flag:
            moves.append(_labelled_edges(kinds.get(k), labels, by="count").assign(kind=k))
    columns = ["kind", "source", "target", "count", "waiting_time"]
    edges = (
        pd.concat(moves, ignore_index=True)[columns]
        if moves
        else _EMPTY_EDGES.astype({"source": object, "target": object})
    )
    arrive = cases["start"].to_numpy().view(np.int64)
    depart = cases["end"].to_numpy().view(np.int64)
    wip = _wip_table(arrive, depart)
    little = _littles_law(arrive, depart, window)

    rows = []
    n_transitions = n_events - n_cases
    total_lead = float(lead.sum())
    total_wait = float(sums["waiting_time"].sum())
    waiting_share = _ratio(total_wait, total_lead)
    by_act_wait = activities["waiting_time"]
    if kind == "waiting":
        rows.append(
            _row(
                "waiting",
                "idle time between steps (start of a step minus completion of the previous)",
                total_wait,
                "s",
                waiting_share,
                "lead time",
                "in front of " + _top(by_act_wait, total_wait) + _top_edge(transitions, total_wait),
            )
        )
    else:
        rows.append(
            _row(
                "waiting",
                "complete-to-complete time between steps (includes service time)",
                total_wait,
                "s",
                waiting_share,
                "lead time",
                "without a start column waiting cannot be separated from service time: "
                "this is the time from one completion to the next; in front of "
                + _top(by_act_wait, total_wait)
                + _top_edge(transitions, total_wait),
            )
        )
    rework_events = int(activities["rework_events"].sum())
    rework_cases = int((cases["rework_events"].to_numpy() > 0).sum())
    rework_time = float(activities["rework_time"].sum())
    immediate = int(activities["immediate_repeats"].sum())
    rows.append(
        _row(
            "defects",
            "rework events (an activity repeated within its case)",
            rework_events,
            "events",
            _ratio(rework_events, n_events),
            "events",
            "repeats of "
            + _top(activities["rework_events"].astype(float), rework_events)
            + f"; {immediate} immediate (A A), {rework_events - immediate} loops back "
            "(A ... A)",
        )
    )
    rows.append(
        _row(
            "defects",
            "cases with rework",
            rework_cases,
            "cases",
            _ratio(rework_cases, n_cases),
            "cases",
            f"{rework_cases} of {n_cases} cases repeat at least one activity",
        )
    )
    time_base = float(sums["service_time"].sum()) if spec.has_start else total_lead
    time_name = "service time" if spec.has_start else "lead time"
    time_note = "service time" if spec.has_start else "complete-to-complete time"
    rows.append(
        _row(
            "defects",
            f"{time_note} of repeated events",
            rework_time,
            "s",
            _ratio(rework_time, time_base),
            time_name,
            "in " + _top(activities["rework_time"], rework_time),
        )
    )
    off_events = off_time = None
    if spec.act_mask is not None:
        off_events = int(activities["off_path_events"].sum())
        off_time = float(activities["off_path_time"].sum())
        what = (
            "activities not on the standard path"
            if spec.allowed_edges is None
            else "events of an activity not on the standard path or reached by a transition "
            "not among the allowed edges"
        )
        rows.append(
            _row(
                "overprocessing",
                "events off the standard path",
                off_events,
                "events",
                _ratio(off_events, n_events),
                "events",
                f"counted: {what}; most: "
                + _top(activities["off_path_events"].astype(float), off_events),
            )
        )
        rows.append(
            _row(
                "overprocessing",
                f"{time_note} of events off the standard path",
                off_time,
                "s",
                _ratio(off_time, time_base),
                time_name,
                "in " + _top(activities["off_path_time"], off_time),
            )
        )
    else:
        rows.append(
            _not_measurable(
                "overprocessing",
                "events off the standard path",
                "not measurable: no standard_path given",
            )
        )
    peak = int(wip["wip"].max()) if len(wip) else 0
    peak_at = wip["time"].iloc[int(np.argmax(wip["wip"].to_numpy()))] if len(wip) else None
    rows.append(
        _row(
            "inventory",
            "time-average work in process (cases open)",
            little["average_wip"],
            "cases",
            np.nan,
            "",
            f"Little's law: L = {little['average_wip']:.6g} against lambda x W = "
            f"{little['arrival_rate']:.6g}/s x {little['mean_lead_time']:.6g} s = "
            f"{little['littles_law_wip']:.6g} (relative gap {little['littles_law_gap']:.3g}); "
            f"peak {peak} cases at {peak_at}",
        )
    )
    handoff_count = location_changes = None
    for k, flag, measure in (
        ("resource", spec.has_resource, "hand-offs between resources"),
        ("location", spec.has_location, "changes of location between steps"),
    ):
        if not flag:
            column = "resource" if k == "resource" else "location"
            rows.append(
                _not_measurable("transport", measure, f"not measurable: no {column} column given")
            )
            continue
        sub = edges[edges["kind"] == k]
        count = int(sub["count"].sum())
        if k == "resource":
            handoff_count = count
        else:
            location_changes = count
        top = ", ".join(
            f"{s} -> {t} ({c})"
            for s, t, c in zip(sub["source"][:3], sub["target"][:3], sub["count"][:3], strict=True)
        )
        rows.append(
            _row(
                "transport",
                measure,
                count,
                "events",
                _ratio(count, n_transitions),
                "transitions",
                f"{_ratio(count, n_cases):.3g} per case; most: {top or 'none'}",
            )
        )
    rows.append(
        _not_measurable(
            "motion",
            "movement of people or tools within a step",
            "not measurable: an event log records steps, not movements within them",
        )
    )
    output_table = None
    overproduction = None
    if demand is not None:
        found = [p.output for p in parts if len(p.output)]
        counts = (
            pd.concat(found).groupby(level=0).sum()
            if found
            else pd.Series([], index=pd.PeriodIndex([], freq=spec.period), dtype=np.float64)
        )
        output_table, left_out = _output_table(counts, demand)
        overproduction = float(output_table["overproduction"].sum())
        total_out = float(output_table["output"].sum())
        over = output_table["overproduction"]
        over = pd.Series(over.to_numpy(), index=over.index.astype(str))
        what = "completed cases" if output_activity is None else f"events of {output_activity!r}"
        note = f"; {left_out} output periods without a demand left out" if left_out else ""
        rows.append(
            _row(
                "overproduction",
                f"output ({what}) above demand",
                overproduction,
                "units",
                _ratio(overproduction, total_out),
                "output",
                f"{int((over > 0).sum())} of {len(over)} periods above demand; most: "
                + _top(over, overproduction)
                + note,
            )
        )
    else:
        rows.append(
            _not_measurable(
                "overproduction", "output above demand", "not measurable: no demand given"
            )
        )
    summary = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    return WasteResult(
        summary=summary,
        activities=activities,
        cases=cases,
        handoffs=edges,
        transitions=transitions,
        wip=wip,
        output=output_table,
        waiting_basis=kind,
        total_waiting_time=total_wait,
        waiting_share=waiting_share,
        rework_events=rework_events,
        rework_cases=rework_cases,
        rework_time=rework_time,
        off_path_events=off_events,
        off_path_time=off_time,
        handoff_count=handoff_count,
        location_changes=location_changes,
        overproduction=overproduction,
        n_cases=n_cases,
        n_events=n_events,
        **little,
    )


# --------------------------------------------------------------------------------------------
# public entry point
# --------------------------------------------------------------------------------------------


def waste(
    log: Any,
    *,
    case: Hashable,
    activity: Hashable,
    end: Hashable,
    start: Hashable | None = None,
    resource: Hashable | None = None,
    location: Hashable | None = None,
    standard_path: Sequence[Any] | set[Any] | frozenset[Any] | None = None,
    demand: float | pd.Series | None = None,
    period: str = "D",
    output_activity: Hashable | None = None,
    window: tuple[Any, Any] | None = None,
    nan_policy: NanPolicy = "raise",
) -> WasteResult:
    r"""Measure the lean wastes an event log supports, per activity and per case, with evidence.

    Parameters
    ----------
    log : pandas.DataFrame or dask.dataframe.DataFrame
        One row per event, in any order (see :func:`opsmodels.process.from_event_log`).
    case, activity : column name
        Case (process instance) and activity of each event.
    end : column name
        Completion timestamp of each event.
    start : column name, optional
        Start timestamp. With it waiting is idle time (start of a step minus completion of
        the previous one) and the time of a step is its service time; without it only the
        complete-to-complete time is known, which includes the service time.
    resource, location : column name, optional
        Who did the step and where; consecutive steps of a case with different values are
        hand-offs (transport).
    standard_path : list, set or None
        The standard route. A list or tuple of activities (the standard sequence) or a set of
        activities: events of other activities are off the path (overprocessing); the order
        of a list does not judge events (a skipped step is not extra processing). A set of
        ``(from, to)`` pairs of activities: allowed transitions; an event is off the path
        when its activity is in no allowed edge, or when the transition into it from the
        previous event of its case is not allowed (a case may start with any activity of the
        edges). Every activity named must occur in the log.
    demand : float, pandas.Series or None
        Demand per period [units]: one number for every period from the first to the last
        period with output, or a Series indexed by period (PeriodIndex, or DatetimeIndex of
        period starts) giving the periods compared. None: overproduction is not measured.
    period : str
        Pandas period frequency of the demand, e.g. "D" (default), "W", "M".
    output_activity : label, optional
        Output counted as the events of this activity (e.g. "ship"); default: cases
        completed (by their last completion).
    window : pair of timestamps, optional
        Window ``(start, end)`` over which WIP, arrival rate and lead time are compared by
        Little's law; default from the first arrival to the last completion (which contains
        every case, so that the law holds exactly).
    nan_policy : {"raise", "omit"}
        Missing values in the used columns raise (default) or drop their events.

    Returns
    -------
    WasteResult
        ``summary`` (also ``to_frame()``), the ``activities`` and ``cases`` tables, the
        ``handoffs`` edges, the ``wip`` step function, the ``output`` table and the totals.

    Raises
    ------
    InvalidInputError
        A missing column, an empty log, missing or unparseable timestamps, an event
        completing before it starts, an activity of ``standard_path`` or ``output_activity``
        that is not in the log, a negative or non-finite demand, a bad period or window.

    Notes
    -----
    With the events :math:`e_1, \dots, e_k` of a case sorted by completion :math:`c_i`
    (starts :math:`s_i`):

    * waiting in front of :math:`e_i` is :math:`w_i = \max(0, s_i - c_{i-1})` (overlapping,
      parallel steps wait 0), or :math:`c_i - c_{i-1}` without starts; the waiting share is
      :math:`\sum w_i / \sum_{cases} W`, with lead time :math:`W = \max c_i - \min s_i`;
    * :math:`e_i` is rework when its activity already occurred in :math:`e_1 .. e_{i-1}`
      (loops A ... A and immediate repeats A A alike); an off-path event of a repeated
      activity counts under both wastes;
    * a hand-off is a pair :math:`e_{i-1}, e_i` with different resources (or locations);
    * WIP at time t is the number of cases with :math:`\min s_i \le t < \max c_i`; over a
      window of length T, :math:`L = \frac{1}{T}\int WIP(t)\,dt`, :math:`\lambda` = cases
      arriving in the window / T and W their mean lead time. Over a window containing every
      case :math:`L = \lambda W` holds exactly (Little's law as an identity on the sample
      path); a shorter window shows the edge effects as ``littles_law_gap``;
    * overproduction :math:`= \sum_p \max(0, output_p - demand_p)`.

    Computation: the log is reduced to integer codes and sorted by (case, completion, log
    order) once by the :mod:`opsmodels.process` event-log core; every measure is a
    ``bincount`` over activities or a ``reduceat`` over cases. A Dask log is shuffled by
    case (each partition then holds whole cases, with global activity, resource and location
    codes); the additive per-partition measures are summed and one row per case reaches the
    client.

    References
    ----------
    .. [1] T. Ohno, *Toyota Production System: Beyond Large-Scale Production*, Productivity
       Press, 1988, ch. 2 (the seven wastes).
    .. [2] W. M. P. van der Aalst, *Process Mining: Data Science in Action*, 2nd ed.,
       Springer, 2016, sec. 9.4 (waiting and service times from start and complete events).
    .. [3] J. D. C. Little, "A proof for the queuing formula L = λW", *Operations Research*
       9(3), 1961, 383-387, doi:10.1287/opre.9.3.383.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "case": [1, 1, 1, 2, 2],
    ...     "activity": ["receive", "check", "check", "receive", "ship"],
    ...     "resource": ["ann", "bob", "bob", "ann", "cy"],
    ...     "start": pd.to_datetime(["2024-01-01 08:00", "2024-01-01 09:00", "2024-01-01 10:00",
    ...                              "2024-01-01 08:00", "2024-01-01 09:00"]),
    ...     "end": pd.to_datetime(["2024-01-01 08:30", "2024-01-01 09:30", "2024-01-01 11:00",
    ...                            "2024-01-01 08:30", "2024-01-01 10:00"]),
    ... })
    >>> r = waste(log, case="case", activity="activity", end="end", start="start",
    ...           resource="resource", standard_path=["receive", "ship"])
    >>> r.total_waiting_time / 60, r.rework_events, r.off_path_events, r.handoff_count
    (90.0, 1, 2, 2)
    >>> r.summary[["waste", "value", "unit"]].iloc[0]
    waste    waiting
    value     5400.0
    unit           s
    Name: 0, dtype: object
    >>> round(r.average_wip, 4), round(r.littles_law_wip, 4)
    (1.6667, 1.6667)
    """
    dask_input, _ = _check_log(_FUNC, log, case, activity, end, start, None)
    check(_FUNC, "nan_policy", nan_policy, OneOf("raise", "omit"))
    extra = []
    for name, column in (("resource", resource), ("location", location)):
        if column is None:
            continue
        if not _is_column(column):
            raise invalid(_FUNC, name, "None or a column name of the log", column)
        extra.append(column)
    require_columns(_FUNC, "log", log, extra)
    period_ = _check_period(period)
    demand_ = _check_demand(demand, period_)
    window_ = _check_window(window)
    if output_activity is not None and demand is None:
        raise invalid(_FUNC, "output_activity", "None when no demand is given", output_activity)
    if nan_policy == "omit":
        used = [c for c in (case, activity, end, start, *extra) if c is not None]
        log = log.dropna(subset=used)
        if not dask_input and len(log) == 0:
            raise invalid(_FUNC, "log", "a log with events left after omitting NaN", "<0 events>")

    def spec_of(label_sets: list[pd.Index]) -> _Spec:
        acts = label_sets[0]
        act_mask = allowed_edges = None
        if standard_path is not None:
            _, act_mask, allowed_edges = _standard_masks(standard_path, acts)
        output_code = None
        if output_activity is not None:
            try:
                found = acts.get_indexer(pd.Index([output_activity], tupleize_cols=False))
            except (TypeError, ValueError):
                found = np.array([-1])
            if found[0] < 0:
                raise invalid(_FUNC, "output_activity", "an activity of the log", output_activity)
            output_code = int(found[0])
        sizes = [len(u) for u in label_sets]
        return _Spec(
            n_act=sizes[0],
            n_res=sizes[1] if resource is not None else 1,
            n_loc=sizes[-1] if location is not None else 1,
            has_start=start is not None,
            has_resource=resource is not None,
            has_location=location is not None,
            act_mask=act_mask,
            allowed_edges=allowed_edges,
            output_code=output_code,
            period=None if demand_ is None else period_,
        )

    if dask_input:
        parts, label_sets, spec = _dask_partials(log, case, activity, end, start, extra, spec_of)
    else:
        part, label_sets, spec = _pandas_partial(log, case, activity, end, start, extra, spec_of)
        parts = [part]
    return _combine(
        parts,
        label_sets,
        spec,
        kind="waiting" if start is not None else "complete_to_complete",
        demand=demand_,
        window=window_,
        output_activity=output_activity,
    )
