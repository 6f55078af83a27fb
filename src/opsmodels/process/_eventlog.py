"""Event log -> process graph: the directly-follows graph with performance statistics.

An event log has one row per completed activity instance (event): the case it belongs to, the
activity, its completion timestamp and, optionally, its start timestamp. Events of a case are
ordered by completion time, then (on equal completions) by start time, full ties kept in log
order; two consecutive events A, B of a case form a directly-follows pair A -> B.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from opsmodels._typing import FloatArray, IntArray
from opsmodels._validation import invalid, is_dask, require_columns

__all__ = ["case_lead_times", "from_event_log"]

_NS = 1_000_000_000  # nanoseconds per second
_DAY_NS = 86_400 * _NS
Calendar = (
    tuple[float, float]
    | tuple[float, float, Sequence[int]]
    | pd.offsets.BusinessHour
    | pd.offsets.CustomBusinessHour
)


# --------------------------------------------------------------------------------------------
# timestamps and the working calendar
# --------------------------------------------------------------------------------------------


_Cal = tuple[float, float, tuple[int, ...], tuple[int, ...]]
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _hours(t: Any) -> float:
    return float(t.hour + t.minute / 60 + t.second / 3600 + t.microsecond / 3.6e9)


def _check_business_hours(func: str, calendar: Any) -> _Cal:
    """(start_hour, end_hour, weekdays, holidays) of a pandas (Custom)BusinessHour offset."""
    if len(calendar.start) != 1 or _hours(calendar.start[0]) >= _hours(calendar.end[0]):
        raise invalid(
            func,
            "calendar",
            "a business-hour offset with one daily interval that ends after it starts",
            calendar,
        )
    weekmask = getattr(calendar, "weekmask", None)
    if not isinstance(weekmask, str):  # BusinessHour: Monday to Friday
        weekmask = "Mon Tue Wed Thu Fri"
    weekdays = tuple(i for i, d in enumerate(_WEEKDAYS) if d in str(weekmask))
    if not weekdays:
        raise invalid(func, "calendar", "a business-hour offset with working weekdays", calendar)
    holidays = getattr(calendar, "holidays", ()) or ()
    days = sorted({int(np.datetime64(h, "D").astype(np.int64)) for h in holidays})
    return _hours(calendar.start[0]), _hours(calendar.end[0]), weekdays, tuple(days)


def _check_calendar(func: str, calendar: object) -> _Cal | None:
    """Validate ``calendar``; return ``(start_hour, end_hour, weekdays, holidays)`` or None."""
    if calendar is None:
        return None
    if isinstance(calendar, pd.offsets.BusinessHour | pd.offsets.CustomBusinessHour):
        return _check_business_hours(func, calendar)
    allowed = (
        "None, a pandas BusinessHour or CustomBusinessHour, or a tuple (start_hour, end_hour) "
        "or (start_hour, end_hour, weekdays) with 0 <= start_hour < end_hour <= 24 and "
        "weekdays a non-empty set of integers 0 (Monday) to 6 (Sunday)"
    )
    if not isinstance(calendar, tuple) or len(calendar) not in (2, 3):
        raise invalid(func, "calendar", allowed, calendar)
    lo, hi = calendar[0], calendar[1]
    days: object = calendar[2] if len(calendar) == 3 else (0, 1, 2, 3, 4)
    ok = (
        not isinstance(lo, bool)
        and not isinstance(hi, bool)
        and isinstance(lo, numbers.Real)
        and isinstance(hi, numbers.Real)
        and 0 <= float(lo) < float(hi) <= 24
    )
    if ok and isinstance(days, Sequence | set | frozenset) and not isinstance(days, str):
        weekdays = list(days)
        ok = bool(weekdays) and all(
            not isinstance(d, bool) and isinstance(d, numbers.Integral) and 0 <= int(d) <= 6
            for d in weekdays
        )
    else:
        ok = False
    if not ok:
        raise invalid(func, "calendar", allowed, calendar)
    return float(lo), float(hi), tuple(sorted({int(d) for d in weekdays})), ()


def _working_ns(t: IntArray, calendar: _Cal) -> IntArray:
    """Working time (ns) elapsed from the epoch to each wall-clock time ``t`` (ns).

    Differences of the result are durations counted in working time only.
    """
    lo_h, hi_h, weekdays, holidays = calendar
    lo = round(lo_h * 3600 * _NS)
    hi = round(hi_h * 3600 * _NS)
    day = np.floor_divide(t, _DAY_NS)
    tod = t - day * _DAY_NS
    working = np.zeros(7, dtype=np.int64)  # by day offset from a Thursday (1970-01-01)
    for k in range(7):
        working[k] = (3 + k) % 7 in weekdays
    before = np.concatenate([[0], np.cumsum(working)])  # working days among the first r
    weeks, rest = np.divmod(day, 7)
    days_before = weeks * before[7] + before[rest]
    works = working[rest]
    hol = np.array([h for h in holidays if working[(h % 7)]], dtype=np.int64)
    if len(hol):  # holidays on working weekdays: not worked, and not counted before
        passed = np.searchsorted(hol, day)
        days_before = days_before - passed
        works = works * (hol[np.minimum(passed, len(hol) - 1)] != day)
    inside = (np.clip(tod, lo, hi) - lo) * works
    result: IntArray = days_before * (hi - lo) + inside
    return result


def _timestamps(func: str, frame: pd.DataFrame, column: Any, *, wall_clock: bool) -> IntArray:
    """A timestamp column as int64 nanoseconds (UTC, or wall-clock time when asked)."""
    values = frame[column]
    expected = f"a column {column!r} of timestamps (datetime64 or parseable strings)"
    if not isinstance(values.dtype, pd.DatetimeTZDtype) and values.dtype.kind != "M":
        if values.dtype.kind in "iufbc" or isinstance(values.dtype, pd.CategoricalDtype):
            raise invalid(func, "log", expected, f"<a column {column!r} of dtype {values.dtype}>")
        try:
            with warnings.catch_warnings():  # "could not infer format": parsed one by one
                warnings.simplefilter("ignore", UserWarning)
                try:
                    values = pd.to_datetime(values)
                except ValueError:  # mixed UTC offsets: compare them in UTC
                    values = pd.to_datetime(values, utc=True)
        except (ValueError, TypeError, OverflowError) as exc:
            shown = str(exc).split("\n")[0][:120]
            raise invalid(func, "log", expected, f"<unparseable timestamps: {shown}>") from None
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        if not wall_clock:
            values = values.dt.tz_convert("UTC")
        values = values.dt.tz_localize(None)
    if values.isna().any():
        pos = int(np.flatnonzero(values.isna().to_numpy())[0])
        raise invalid(
            func, "log", f"free of missing timestamps in column {column!r}", f"<NaT at row {pos}>"
        )
    out: IntArray = values.dt.as_unit("ns").to_numpy().view(np.int64)
    return out


def _labels(func: str, frame: pd.DataFrame, column: Any) -> tuple[IntArray, pd.Index]:
    codes, uniques = pd.factorize(frame[column], sort=False, use_na_sentinel=True)
    if len(codes) and codes.min() < 0:
        pos = int(np.flatnonzero(codes < 0)[0])
        raise invalid(
            func,
            "log",
            f"free of missing values in column {column!r}",
            f"<a missing value at row {pos}>",
        )
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


# --------------------------------------------------------------------------------------------
# grouped statistics
# --------------------------------------------------------------------------------------------


def _group_stats(groups: IntArray, values_ns: IntArray, n_groups: int) -> dict[str, FloatArray]:
    """count, mean, median, p90, max, std [s] of int64 nanosecond ``values_ns`` per group.

    The standard deviation is the sample one (ddof=1; 0 for a single value); quantiles
    interpolate linearly between order statistics (numpy's default "linear" method). The order
    statistics come from one ``np.partition`` of (group, value) keys packed in an int64.
    """
    count_i = np.bincount(groups, minlength=n_groups)
    count = count_i.astype(np.float64)
    present = count_i > 0
    zeros = np.zeros(n_groups)
    if len(values_ns) == 0:
        return {
            "count": count,
            "mean": zeros,
            "std": zeros,
            "median": zeros,
            "p90": zeros,
            "max": zeros,
        }
    values = values_ns / _NS
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(
            present, np.bincount(groups, weights=values, minlength=n_groups) / count, 0.0
        )
        dev = values - mean[groups]
        ss = np.bincount(groups, weights=dev * dev, minlength=n_groups)
        std = np.sqrt(np.where(count_i > 1, ss / (count - 1), 0.0))
    low = int(values_ns.min())
    shifted = values_ns - low  # >= 0
    span_bits = max(int(shifted.max()).bit_length(), 1)
    group_bits = max(int(n_groups - 1).bit_length(), 1)
    starts = np.concatenate([[0], np.cumsum(count_i[:-1])]).astype(np.int64)
    n = np.maximum(count_i, 1).astype(np.int64)
    positions = {}
    for name, q in (("median", 0.5), ("p90", 0.9)):
        h = (n - 1) * q
        lo = np.floor(h).astype(np.int64)
        positions[name] = (h - lo, starts + lo, starts + np.minimum(lo + 1, n - 1))
    last = len(values_ns) - 1
    kth = np.unique(np.concatenate([p for _, a, b in positions.values() for p in (a, b)]))
    kth = kth[kth <= last]
    if span_bits + group_bits <= 62:
        keys = (groups.astype(np.int64) << span_bits) | shifted
        part = np.partition(keys, kth) & ((1 << span_bits) - 1)
    else:  # values too spread to pack: sort by value, then stably by group
        order = np.argsort(shifted)
        part = shifted[order[np.argsort(groups[order], kind="stable")]]
    out = {"count": count, "mean": mean, "std": np.where(present, std, 0.0)}
    for name, (frac, a, b) in positions.items():
        xa = (part[np.minimum(a, last)] + low) / _NS
        xb = (part[np.minimum(b, last)] + low) / _NS
        out[name] = np.where(present, xa + frac * (xb - xa), 0.0)
    top = np.full(n_groups, np.iinfo(np.int64).min)
    np.maximum.at(top, groups, values_ns)
    out["max"] = np.where(present, top / _NS, 0.0)
    return out


# --------------------------------------------------------------------------------------------
# the core on one pandas frame (a whole log, or a partition holding whole cases)
# --------------------------------------------------------------------------------------------


class _Log:
    """A log reduced to codes and int64 times, its events sorted by (case, end, start, log
    order)."""

    __slots__ = ("act", "activities", "case", "cases", "end", "start")

    def __init__(
        self,
        func: str,
        frame: pd.DataFrame,
        case: Any,
        activity: Any,
        end: Any,
        start: Any,
        calendar: _Cal | None,
        row: Any = None,
    ) -> None:
        case_codes, self.cases = _labels(func, frame, case)
        act_codes, self.activities = _labels(func, frame, activity)
        wall = calendar is not None
        end_ns = _timestamps(func, frame, end, wall_clock=wall)
        start_ns = None if start is None else _timestamps(func, frame, start, wall_clock=wall)
        if start_ns is not None:
            bad = start_ns > end_ns
            if bad.any():
                pos = int(np.flatnonzero(bad)[0])
                raise invalid(
                    func,
                    "log",
                    f"events that complete no earlier than they start ({start!r} <= {end!r})",
                    f"<an event at row {pos} completing before it starts>",
                )
        keys = [end_ns, case_codes] if start_ns is None else [start_ns, end_ns, case_codes]
        if row is not None:  # the global log order of a Dask partition
            order: IntArray | None = np.lexsort((frame[row].to_numpy(), *keys))
        elif _is_grouped(case_codes, end_ns, start_ns):
            order = None
        else:
            order = np.lexsort(keys)  # stable: full ties keep their log order
        if calendar is not None:
            end_ns = _working_ns(end_ns, calendar)
            if start_ns is not None:
                start_ns = _working_ns(start_ns, calendar)
        if order is not None:
            case_codes, act_codes, end_ns = case_codes[order], act_codes[order], end_ns[order]
            start_ns = None if start_ns is None else start_ns[order]
        self.case, self.act, self.end, self.start = case_codes, act_codes, end_ns, start_ns

    def case_bounds(self) -> IntArray:
        """Index of each case's first event in the sorted arrays."""
        first = np.flatnonzero(np.diff(self.case, prepend=-1) != 0)
        return first

    def lead_times(self) -> tuple[IntArray, IntArray]:
        """Case codes and lead times [ns]: first start (or completion) to last completion."""
        first = self.case_bounds()
        begin = self.end[first] if self.start is None else np.minimum.reduceat(self.start, first)
        finish = np.maximum.reduceat(self.end, first)
        return self.case[first], finish - begin

    def pairs(self) -> tuple[IntArray, IntArray, IntArray]:
        """Directly-follows pairs: source and target activity codes and the edge time [ns]."""
        same = self.case[1:] == self.case[:-1]
        src = self.act[:-1][same]
        dst = self.act[1:][same]
        after = self.end if self.start is None else self.start
        time = after[1:][same] - self.end[:-1][same]
        return src, dst, time


def _is_grouped(case: IntArray, end: IntArray, start: IntArray | None = None) -> bool:
    """Whether events already come grouped by case (first-appearance codes), then by end and
    (on equal ends) by start."""
    if len(case) < 2:
        return True
    dc = np.diff(case)
    if (dc < 0).any() or (dc > 1).any():
        return False
    in_order = end[1:] > end[:-1]
    tie = end[1:] == end[:-1]
    in_order |= tie if start is None else tie & (start[1:] >= start[:-1])
    return bool(((dc > 0) | in_order).all())


_EDGE_FIELDS = ("mean", "median", "p90", "max", "std")
_NODE_FIELDS = ("mean", "median", "p90", "max", "std")


def _lead_time_summary(lead: IntArray) -> dict[str, float]:
    stats = _group_stats(np.zeros(len(lead), dtype=np.int64), lead, 1)
    return {k: (int(v[0]) if k == "count" else float(v[0])) for k, v in stats.items()}


def _pandas_tables(
    func: str, log: pd.DataFrame, case: Any, activity: Any, end: Any, start: Any, cal: Any
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series, pd.Series]:
    """Node table, edge table, case lead times, start and end activity counts of a log."""
    lg = _Log(func, log, case, activity, end, start, cal)
    return _tables(lg)


def _tables(lg: _Log) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series, pd.Series]:
    n_act = len(lg.activities)
    freq = np.bincount(lg.act, minlength=n_act)
    nodes = pd.DataFrame({"activity": lg.activities.to_numpy(object), "frequency": freq})
    if lg.start is not None:
        stats = _group_stats(lg.act, lg.end - lg.start, n_act)
        for k in _NODE_FIELDS:
            nodes[f"{k}_service_time"] = stats[k]
    src, dst, time = lg.pairs()
    if n_act * n_act <= max(4 * len(src), 1 << 16):
        key = src * n_act + dst
        seen = np.flatnonzero(np.bincount(key, minlength=n_act * n_act))
        remap = np.zeros(n_act * n_act, dtype=np.int64)
        remap[seen] = np.arange(len(seen))
        groups = remap[key]
        usrc, udst = np.divmod(seen, n_act)
    else:
        keys, groups = np.unique(src * n_act + dst, return_inverse=True)
        usrc, udst = np.divmod(keys, n_act)
    stats = _group_stats(groups.astype(np.int64), time, len(usrc))
    edges = pd.DataFrame(
        {
            "source": lg.activities.take(usrc).to_numpy(object),
            "target": lg.activities.take(udst).to_numpy(object),
            "frequency": stats["count"].astype(np.int64),
        }
    )
    for k in _EDGE_FIELDS:
        edges[f"{k}_time"] = stats[k]
    codes, lead = lg.lead_times()
    leads = pd.Series(lead, index=lg.cases.take(codes).rename("case"), name="lead_time")
    first = lg.case_bounds()
    last = np.append(first[1:], len(lg.case)) - 1
    acts = lg.activities.to_numpy(object)
    starts = pd.Series(np.bincount(lg.act[first], minlength=n_act), index=acts)
    ends = pd.Series(np.bincount(lg.act[last], minlength=n_act), index=acts)
    return nodes, edges, leads, starts[starts > 0], ends[ends > 0]


# --------------------------------------------------------------------------------------------
# Dask: shuffle by case, then the pandas core per partition
# --------------------------------------------------------------------------------------------

_ROW = "__opsmodels_row__"


def _dask_prepare(func: str, log: Any, case: Any, activity: Any, end: Any, start: Any) -> Any:
    """Columns needed, a global log-order column, and one partition per set of whole cases."""
    cols = list(dict.fromkeys(c for c in (case, activity, end, start) if c is not None))
    frame = log[cols]
    lengths = frame.map_partitions(len).compute()
    offsets = np.concatenate([[0], np.cumsum(np.asarray(lengths, dtype=np.int64))])
    if offsets[-1] == 0:
        raise invalid(func, "log", "a non-empty event log", "<0 events>")

    def number(part: pd.DataFrame, partition_info: Any = None) -> pd.DataFrame:
        i = 0 if partition_info is None else partition_info["number"]
        out = part.copy()
        out[_ROW] = np.arange(offsets[i], offsets[i] + len(part), dtype=np.int64)
        return out

    meta = frame._meta.assign(**{_ROW: np.array([], dtype=np.int64)})
    numbered = frame.map_partitions(number, meta=meta)
    return numbered.shuffle(on=case)


def _dask_tables(
    func: str, log: Any, case: Any, activity: Any, end: Any, start: Any, cal: Any
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series, pd.Series]:
    """The pandas core on each partition after a shuffle by case; exact statistics gathered by
    a second shuffle of the directly-follows pairs (and of the events) by edge (activity)."""
    import dask  # the 'dask' extra, imported only for Dask input

    require_columns(func, "log", log, [case, activity, end, start])
    shuffled = _dask_prepare(func, log, case, activity, end, start)

    def part_pairs(part: pd.DataFrame) -> pd.DataFrame:
        if part.empty:
            return pair_meta
        lg = _Log(func, part, case, activity, end, start, cal, row=_ROW)
        src, dst, time = lg.pairs()
        first = lg.case_bounds()
        last = np.append(first[1:], len(lg.case)) - 1
        codes, lead = lg.lead_times()
        n = len(src)
        m = len(codes)
        service = np.zeros(len(lg.act), np.int64) if lg.start is None else lg.end - lg.start
        acts = lg.activities.to_numpy(object)
        kind = np.concatenate(
            [np.zeros(n, np.int8), np.ones(len(lg.act), np.int8), np.full(m, 2, np.int8)]
        )
        a = np.concatenate([acts[src], acts[lg.act], acts[lg.act[first]]])
        b = np.concatenate([acts[dst], acts[lg.act], acts[lg.act[last]]])
        case_col = np.concatenate(
            [
                np.full(n, None, object),
                np.full(len(lg.act), None, object),
                lg.cases.take(codes).to_numpy(object),
            ]
        )
        return pd.DataFrame(
            {
                "kind": kind,
                "a": a,
                "b": b,
                "case": case_col,
                "time": np.concatenate([time, service, lead]),
            }
        )

    pair_meta = pd.DataFrame(
        {
            "kind": np.array([], np.int8),
            "a": np.array([], object),
            "b": np.array([], object),
            "case": np.array([], object),
            "time": np.array([], np.int64),
        }
    )
    rows = shuffled.map_partitions(part_pairs, meta=pair_meta)
    pairs = rows[rows["kind"] == 0]
    events = rows[rows["kind"] == 1]
    cases = rows[rows["kind"] == 2]

    def part_stats(part: pd.DataFrame) -> pd.DataFrame:
        if part.empty:
            return stat_meta
        codes, uniques = pd.factorize(pd.MultiIndex.from_arrays([part["a"], part["b"]]))
        stats = _group_stats(codes.astype(np.int64), part["time"].to_numpy(np.int64), len(uniques))
        frame = pd.DataFrame(
            {"a": uniques.get_level_values(0), "b": uniques.get_level_values(1)}
        ).astype(object)
        for k, v in stats.items():
            frame[k] = v
        return frame

    stat_meta = pd.DataFrame(
        {"a": np.array([], object), "b": np.array([], object)}
        | {k: np.array([], np.float64) for k in ("count", "mean", "std", "median", "p90", "max")}
    )
    edge_stats = pairs.shuffle(on=["a", "b"]).map_partitions(part_stats, meta=stat_meta)
    node_stats = events.shuffle(on=["a", "b"]).map_partitions(part_stats, meta=stat_meta)
    edge_t, node_t, case_t = dask.compute(  # type: ignore[attr-defined,no-untyped-call]
        edge_stats, node_stats, cases[["a", "b", "case", "time"]]
    )
    node_t = node_t.reset_index(drop=True)
    nodes = pd.DataFrame(
        {"activity": node_t["a"].to_numpy(object), "frequency": node_t["count"].astype(np.int64)}
    )
    if start is not None:
        for k in _NODE_FIELDS:
            nodes[f"{k}_service_time"] = node_t[k].to_numpy()
    edge_t = edge_t.reset_index(drop=True)
    edges = pd.DataFrame(
        {
            "source": edge_t["a"].to_numpy(object),
            "target": edge_t["b"].to_numpy(object),
            "frequency": edge_t["count"].astype(np.int64).to_numpy(),
        }
    )
    for k in _EDGE_FIELDS:
        edges[f"{k}_time"] = edge_t[k].to_numpy()
    leads = pd.Series(
        case_t["time"].to_numpy(np.int64),
        index=pd.Index(case_t["case"].to_numpy(object), name="case"),
        name="lead_time",
    )
    starts = case_t["a"].value_counts(sort=False)
    ends = case_t["b"].value_counts(sort=False)
    return nodes, edges, leads, starts, ends


# --------------------------------------------------------------------------------------------
# public entry points
# --------------------------------------------------------------------------------------------


def _check_log(
    func: str, log: Any, case: Any, activity: Any, end: Any, start: Any, calendar: Any
) -> tuple[bool, _Cal | None]:
    cal = _check_calendar(func, calendar)
    dask_input = is_dask(log)
    if not dask_input and not isinstance(log, pd.DataFrame):
        raise invalid(func, "log", "a pandas or Dask DataFrame", log)
    for name, col in (("case", case), ("activity", activity), ("end", end)):
        if col is None or not isinstance(col, str | int | tuple):
            raise invalid(func, name, "a column name of the log", col)
    if start is not None and not isinstance(start, str | int | tuple):
        raise invalid(func, "start", "None or a column name of the log", start)
    names = [case, activity, end] + ([] if start is None else [start])
    if len(set(names)) != len(names):
        raise invalid(func, "log", "distinct columns for case, activity, end and start", names)
    require_columns(func, "log", log, names)
    if not dask_input and len(log) == 0:
        raise invalid(func, "log", "a non-empty event log", "<0 events>")
    return dask_input, cal


def _label_order(index: pd.Index) -> IntArray:
    """Positions that sort ``index`` (stable), or its own order for labels of mixed types."""
    try:
        order: IntArray = np.asarray(index.argsort(kind="stable"), dtype=np.int64)
    except TypeError:  # labels of mixed types keep their order
        order = np.arange(len(index), dtype=np.int64)
    return order


def _sorted_series(s: pd.Series) -> pd.Series:
    return s.iloc[_label_order(s.index)]


def from_event_log(
    log: Any,
    *,
    case: Any,
    activity: Any,
    end: Any,
    start: Any = None,
    calendar: Calendar | None = None,
) -> nx.DiGraph[Any]:
    """Build the directly-follows process graph of an event log, with performance statistics.

    One node per activity and one edge per directly-follows pair: activity B directly follows
    A when some case has an event of A immediately followed by an event of B. The events of a
    case are ordered by completion time ``end``, equal completions by ``start`` (so a
    zero-length event that starts when its predecessor completes comes after it), and full
    ties keep their order in the log.

    Parameters
    ----------
    log : pandas.DataFrame or dask.dataframe.DataFrame
        One row per event. Timestamps are datetime64 columns (time-zone aware or naive) or
        strings ``pandas.to_datetime`` parses (strings with mixed UTC offsets are compared in
        UTC).
    case : column name
        The case (process instance) of each event.
    activity : column name
        The activity of each event.
    end : column name
        Completion timestamp of each event.
    start : column name, optional
        Start timestamp of each event. With it, edge times are waiting times and nodes get
        service times.
    calendar : tuple or pandas business-hour offset, optional
        Working calendar ``(start_hour, end_hour)`` (Monday to Friday) or
        ``(start_hour, end_hour, weekdays)`` with weekdays 0 (Monday) to 6 (Sunday), e.g.
        ``(8, 17)`` for 08:00-17:00 on weekdays; or a ``pandas.offsets.BusinessHour`` /
        ``CustomBusinessHour`` (one daily interval; its weekmask and holidays are used). All times are then counted in working time
        only, on the timestamps' wall clock (their own time zone; UTC for strings with mixed
        offsets). None (default) counts elapsed time.

    Returns
    -------
    networkx.DiGraph
        Node attributes (one node per activity): ``frequency`` (number of events) and, with
        ``start``, ``mean_service_time, median_service_time, p90_service_time,
        max_service_time, std_service_time`` [s].
        Edge attributes: ``frequency`` (number of directly-follows pairs), the edge time
        ``mean_time, median_time, p90_time, max_time, std_time`` [s] and the routing
        ``probability`` (``frequency`` over the frequency of the edge's source activity: the
        share of A's events followed by B; the rest ended their case, so the graph follows
        the process-graph schema and feeds :func:`arrival_rates`, with the start activities
        as external arrivals).
        Graph attributes: ``edge_time`` (``"waiting"``: start of B minus completion of A,
        when ``start`` is given, else ``"complete_to_complete"``: completion of B minus
        completion of A), ``case_lead_time`` (dict ``count, mean, median, p90, max, std`` [s]
        of the cases' lead times, see :func:`case_lead_times`), ``start_activities`` and
        ``end_activities`` (dict activity -> number of cases starting/ending with it),
        ``cases`` and ``events`` (counts) and ``time_unit`` (``"s"``).

    Raises
    ------
    InvalidInputError
        A missing column, an empty log, missing or unparseable timestamps, missing case or
        activity labels, an event completing before it starts, a bad calendar.

    Notes
    -----
    For each case with events :math:`e_1, \\dots, e_k` sorted by completion time
    :math:`c_i` (ties by start, then in log order) and starts :math:`s_i`, the pairs
    :math:`(a(e_i), a(e_{i+1}))` are counted; their edge time is
    :math:`s_{i+1} - c_i` (waiting; negative when B starts before A completes, e.g. parallel
    work) or :math:`c_{i+1} - c_i`. The service time of an event is :math:`c_i - s_i`.
    The standard deviation is the sample one (ddof = 1; 0 for a single value); quantiles
    interpolate linearly between order statistics (numpy's default). Edge frequencies sum to
    the number of events minus the number of cases.

    Computation: integer codes for cases and activities, one lexicographic sort by
    (case, end, start, log order) (skipped when the log is already grouped by case and
    sorted), and
    per-edge statistics by ``bincount`` and one sort of the edge times. A Dask log is
    shuffled by case (each partition then holds whole cases; the log order is kept in a
    row-number column for ties), the same core runs per partition, and the directly-follows
    pairs and events are shuffled again by edge and by activity so that the medians and
    quantiles are exact; only the per-activity and per-edge tables and one lead time per case
    reach the client.

    A working calendar maps each timestamp to the working time elapsed since the epoch
    (whole working days times the day's working hours plus the worked part of the day), so
    that differences count working time only.

    References
    ----------
    .. [1] W. M. P. van der Aalst, *Process Mining: Data Science in Action*, 2nd ed.,
       Springer, 2016, ch. 6 (the directly-follows relation) and ch. 9 (the time
       perspective: waiting and service times).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "case": [1, 1, 1, 2, 2],
    ...     "activity": ["receive", "check", "ship", "receive", "ship"],
    ...     "start": pd.to_datetime(["2024-01-01 08:00", "2024-01-01 09:00", "2024-01-01 12:00",
    ...                              "2024-01-01 08:30", "2024-01-01 10:00"]),
    ...     "end": pd.to_datetime(["2024-01-01 08:30", "2024-01-01 10:00", "2024-01-01 13:00",
    ...                            "2024-01-01 09:00", "2024-01-01 11:00"]),
    ... })
    >>> g = from_event_log(log, case="case", activity="activity", end="end", start="start")
    >>> g.graph["edge_time"]
    'waiting'
    >>> sorted(g.edges(data="frequency"))
    [('check', 'ship', 1), ('receive', 'check', 1), ('receive', 'ship', 1)]
    >>> g.edges["check", "ship"]["mean_time"] / 3600  # waiting time [h]
    2.0
    >>> g.nodes["receive"]["frequency"], g.nodes["receive"]["mean_service_time"] / 60
    (2, 30.0)
    >>> g.graph["case_lead_time"]["max"] / 3600
    5.0
    """
    func = "from_event_log"
    dask_input, cal = _check_log(func, log, case, activity, end, start, calendar)
    if dask_input:
        nodes, edges, leads, starts, ends = _dask_tables(func, log, case, activity, end, start, cal)
    else:
        nodes, edges, leads, starts, ends = _pandas_tables(
            func, log, case, activity, end, start, cal
        )
    graph: nx.DiGraph[Any] = nx.DiGraph()
    graph.graph["edge_time"] = "complete_to_complete" if start is None else "waiting"
    graph.graph["time_unit"] = "s"
    graph.graph["cases"] = len(leads)
    graph.graph["events"] = int(nodes["frequency"].sum())
    graph.graph["case_lead_time"] = _lead_time_summary(leads.to_numpy(np.int64))
    graph.graph["start_activities"] = {k: int(v) for k, v in _sorted_series(starts).items()}
    graph.graph["end_activities"] = {k: int(v) for k, v in _sorted_series(ends).items()}
    node_cols = [c for c in nodes.columns if c != "activity"]
    for row in nodes.itertuples(index=False):
        values = dict(zip(nodes.columns, row, strict=True))
        graph.add_node(
            values["activity"],
            **{c: (int(values[c]) if c == "frequency" else float(values[c])) for c in node_cols},
        )
    node_freq = dict(zip(nodes["activity"], nodes["frequency"], strict=True))
    edges = edges.assign(
        probability=edges["frequency"].to_numpy(np.float64)
        / np.array([node_freq[a] for a in edges["source"]], dtype=np.float64)
    )
    edge_cols = [c for c in edges.columns if c not in ("source", "target")]
    for row in edges.itertuples(index=False):
        values = dict(zip(edges.columns, row, strict=True))
        graph.add_edge(
            values["source"],
            values["target"],
            **{c: (int(values[c]) if c == "frequency" else float(values[c])) for c in edge_cols},
        )
    return graph


def case_lead_times(
    log: Any,
    *,
    case: Any,
    end: Any,
    activity: Any = None,
    start: Any = None,
    calendar: Calendar | None = None,
) -> pd.Series:
    """Lead time of every case of an event log: first start (or completion) to last completion.

    Parameters
    ----------
    log : pandas.DataFrame or dask.dataframe.DataFrame
        One row per event (see :func:`from_event_log`).
    case, end : column name
        Case label and completion timestamp of each event.
    activity : column name, optional
        Not needed for lead times; accepted so that the same keywords as
        :func:`from_event_log` can be passed.
    start : column name, optional
        Start timestamp of each event; without it a case's lead time runs from its first
        completion.
    calendar : tuple, optional
        Working calendar, as in :func:`from_event_log`.

    Returns
    -------
    pandas.Series
        Lead time [s] indexed by case (named ``"case"``), in order of first appearance in a
        pandas log.

    Raises
    ------
    InvalidInputError
        As :func:`from_event_log`.

    Notes
    -----
    Lead time of a case :math:`= \\max_i c_i - \\min_i s_i` (or :math:`\\min_i c_i` without
    starts). Its summary statistics are stored by :func:`from_event_log` in
    ``graph.graph["case_lead_time"]``.

    References
    ----------
    .. [1] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008,
       ch. 7, Basic Factory Dynamics (cycle time).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case": ["a", "a", "b"],
    ...                     "end": pd.to_datetime(["2024-01-01 08:00", "2024-01-01 09:30",
    ...                                            "2024-01-02 08:00"])})
    >>> case_lead_times(log, case="case", end="end") / 60
    case
    a    90.0
    b     0.0
    Name: lead_time, dtype: float64
    """
    func = "case_lead_times"
    act = case  # activities play no part in lead times
    dask_input, cal = _check_lead(func, log, case, activity, end, start, calendar)
    if dask_input:
        return _dask_tables(func, log, case, act, end, start, cal)[2] / _NS
    lg = _Log(func, log, case, act, end, start, cal)
    codes, lead = lg.lead_times()  # sorted by case code: first-appearance order
    return pd.Series(lead / _NS, index=lg.cases.take(codes).rename("case"), name="lead_time")


def _check_lead(
    func: str, log: Any, case: Any, activity: Any, end: Any, start: Any, calendar: Any
) -> tuple[bool, _Cal | None]:
    cal = _check_calendar(func, calendar)
    dask_input = is_dask(log)
    if not dask_input and not isinstance(log, pd.DataFrame):
        raise invalid(func, "log", "a pandas or Dask DataFrame", log)
    for name, col in (("case", case), ("end", end)):
        if col is None or not isinstance(col, str | int | tuple):
            raise invalid(func, name, "a column name of the log", col)
    if start is not None and not isinstance(start, str | int | tuple):
        raise invalid(func, "start", "None or a column name of the log", start)
    if activity is not None and not isinstance(activity, str | int | tuple):
        raise invalid(func, "activity", "None or a column name of the log", activity)
    columns: list[Any] = [case, end, start, activity]
    require_columns(func, "log", log, columns)
    if not dask_input and len(log) == 0:
        raise invalid(func, "log", "a non-empty event log", "<0 events>")
    return dask_input, cal
