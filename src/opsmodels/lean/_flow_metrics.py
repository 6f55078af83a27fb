r"""Kanban flow metrics for service and IT work: throughput, WIP, cycle-time percentiles, aging
WIP, cumulative-flow data and a Little's law check, from a table of work-item state changes.

A work item moves through the states of a workflow (the board's columns, in order; the last
state is "done"). The table gives, per item, the time it entered each state: in *long* layout
one row per entry (item, state, timestamp), in *wide* layout one row per item with one column
per state holding its entry timestamp (missing where the item never entered the state).

Skipped states and backward moves
---------------------------------
Every metric follows the *furthest state reached*: an item has reached state ``s`` at time
``t`` when by ``t`` it has entered ``s`` or any later state. An item that skips a column
(``to do -> done``) so counts as having passed through it (at the time it went beyond), and an
item moved back (``review -> in progress``, a reopened ``done``) keeps the furthest state it
reached; its position on the board (``state`` of the aging WIP) is its latest entry. This is
what keeps the cumulative-flow lines non-decreasing and ordered. Every backward move is
reported in ``backward_moves``.
"""

from __future__ import annotations

import numbers
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from opsmodels._results import Plottable, Result
from opsmodels._typing import FloatArray, IntArray
from opsmodels._validation import (
    InstanceOf,
    Interval,
    OneOf,
    check,
    invalid,
    is_dask,
    require_columns,
)
from opsmodels.process._eventlog import _labels, _timestamps

__all__ = ["FlowMetricsResult", "LittlesLawCheck", "flow_metrics"]

_FUNC = "flow_metrics"
_DAY_NS = 86_400 * 1_000_000_000
_NEVER = np.iinfo(np.int64).max  # "not reached (by as_of)"
_MAX_PERIODS = 1_000_000

Convention = Literal["elapsed", "days_inclusive"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LittlesLawCheck(Result):
    """Little's law on the flow data of a window: average WIP against throughput x cycle time.

    Attributes
    ----------
    window_start, window_end : pandas.Timestamp
        The window (for the ``days_inclusive`` convention, the whole calendar days from the
        day of ``window_start`` to the day of ``window_end``).
    days : float
        T, the window's length [days].
    average_wip : float
        L, the average number of items in progress over the window (time-weighted; for
        ``days_inclusive`` the mean over the days of the items in progress on each day).
    throughput_rate : float
        λ, items finished in the window per day [items/day].
    average_cycle_time : float
        W, the mean cycle time of the items finished in the window [days]; ``inf`` when items
        are in progress but none finished, 0 when the window saw no work at all.
    predicted_wip : float
        λ W [items].
    relative_difference : float
        (L - λ W) / L; 0 when both are 0, ``inf`` (signed) when L is 0 alone. Near 0 in a
        stable window; exactly 0 when the window starts and ends with no work in progress.
    """

    window_start: pd.Timestamp
    window_end: pd.Timestamp
    days: float
    average_wip: float
    throughput_rate: float
    average_cycle_time: float
    predicted_wip: float
    relative_difference: float


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowMetricsResult(Result, Plottable):
    """Kanban flow metrics of a board; ``plot()`` draws the cumulative flow diagram.

    Attributes
    ----------
    throughput : pandas.Series
        TH, items finished (first reaching the done state) per period (PeriodIndex).
    wip : pandas.DataFrame
        WIP per period: ``end`` (items started and not finished at the end of the period, the
        gap between the start and done lines of the CFD), ``active`` (items in progress at
        some time in the period; for daily periods, Vacanti's daily WIP) and ``average``
        (time-weighted mean over the period; the board as at ``as_of`` is carried to the end
        of the last period).
    cfd : pandas.DataFrame
        Cumulative-flow data: period x state (columns in workflow order), the number of items
        that had reached at least that state by the end of the period. Each column is
        non-decreasing and each row non-increasing along the workflow.
    cycle_times : pandas.Series
        CT per finished item (index: item), from reaching the start state to reaching done
        [days], counted by ``convention``.
    cycle_time_percentiles : pandas.Series
        Nearest-rank percentiles of the cycle times (index: the percentiles), non-decreasing;
        ``inf`` when no item has finished.
    aging_wip : pandas.DataFrame
        Items started and not done at ``as_of`` (index: item), oldest first: ``start``
        (Timestamp), ``age`` [days, by ``convention``], ``state`` (latest entry: where the
        card is) and ``furthest_state``.
    backward_moves : pandas.DataFrame
        Moves back along the workflow (consecutive entries of an item, in time order, to an
        earlier state): ``item, from_state, to_state, timestamp``, by item then time.
    littles_law : LittlesLawCheck
        L against λW over the window.
    items : int
        Items in the table (with an entry by ``as_of``).
    items_done : int
        Items that reached the done state.
    items_in_progress : int
        Items started and not done.
    workflow : list
        The states in order; ``start_state`` and ``done_state`` bound the cycle time.
    start_state, done_state : Hashable
        Where the cycle time starts and ends.
    freq : str
        The period of ``throughput``, ``wip`` and ``cfd``.
    convention : str
        "elapsed" or "days_inclusive".
    as_of : pandas.Timestamp
        The time the board is seen at; later entries are left out.

    Examples
    --------
    >>> log = pd.DataFrame({"item": ["a", "a", "b", "b", "c"],
    ...     "state": ["doing", "done", "doing", "done", "doing"],
    ...     "timestamp": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-02",
    ...                                  "2024-01-03", "2024-01-03"])})
    >>> r = flow_metrics(log, workflow=["doing", "done"], convention="days_inclusive")
    >>> r.cycle_times.to_dict(), r.throughput.tolist()
    ({'a': 3.0, 'b': 2.0}, [0, 0, 2])
    """

    throughput: pd.Series
    wip: pd.DataFrame
    cfd: pd.DataFrame
    cycle_times: pd.Series
    cycle_time_percentiles: pd.Series
    aging_wip: pd.DataFrame
    backward_moves: pd.DataFrame
    littles_law: LittlesLawCheck
    items: int
    items_done: int
    items_in_progress: int
    workflow: list[Hashable]
    start_state: Hashable
    done_state: Hashable
    freq: str
    convention: str
    as_of: pd.Timestamp

    def to_frame(self) -> pd.DataFrame:
        """Return the per-period table: throughput, the WIP columns and the CFD columns.

        Returns
        -------
        pandas.DataFrame
            Index: the periods; columns ``throughput, wip_end, wip_active, wip_average`` and
            ``cfd_<state>`` per state.
        """
        frame = pd.DataFrame({"throughput": self.throughput})
        for column in self.wip.columns:
            frame[f"wip_{column}"] = self.wip[column]
        for column in self.cfd.columns:
            frame[f"cfd_{column}"] = self.cfd[column]
        return frame


# --------------------------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------------------------


def _workflow(workflow: object) -> list[Hashable]:
    expected = "a list of at least 2 distinct states in flow order (the last is done)"
    if isinstance(workflow, str | bytes | pd.DataFrame) or not isinstance(
        workflow, Sequence | pd.Index | np.ndarray
    ):
        raise invalid(_FUNC, "workflow", expected, workflow)
    states = list(workflow)
    try:
        distinct = len(set(states)) == len(states)
    except TypeError:  # unhashable states
        raise invalid(_FUNC, "workflow", expected, workflow) from None
    if len(states) < 2 or not distinct or any(s is None for s in states):
        raise invalid(_FUNC, "workflow", expected, workflow)
    return states


def _percentiles(percentiles: object) -> FloatArray:
    expected = "a non-empty list of percentiles in (0, 100]"
    if isinstance(percentiles, str | bytes | dict | pd.DataFrame) or not isinstance(
        percentiles, Sequence | np.ndarray | pd.Series
    ):
        raise invalid(_FUNC, "percentiles", expected, percentiles)
    values = list(np.ravel(np.asarray(percentiles, dtype=object)))
    if not values or not all(
        isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_) for v in values
    ):
        raise invalid(_FUNC, "percentiles", expected, percentiles)
    arr = np.asarray(values, dtype=np.float64)
    check(_FUNC, "percentiles", arr, Interval(0, 100, closed="right"))
    return np.unique(arr)


def _timestamp(name: str, value: object) -> int:
    """A user's timestamp as int64 nanoseconds of wall-clock time (the log's convention)."""
    expected = "a timestamp (datetime, numpy datetime64 or a parseable string)"
    if isinstance(value, bool | numbers.Number) or value is None:
        raise invalid(_FUNC, name, expected, value)
    try:
        ts = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise invalid(_FUNC, name, expected, value) from None
    if pd.isna(ts):
        raise invalid(_FUNC, name, expected, value)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return int(ts.as_unit("ns").value)


def _periods(freq: object, first: int, last: int) -> tuple[pd.PeriodIndex, IntArray]:
    """The periods from the one holding ``first`` to the one holding ``last``, and their P+1
    edges (period starts and the start of the period after the last) as int64 ns."""
    check(_FUNC, "freq", freq, InstanceOf(str, name="a period alias such as 'D' or 'W'"))
    expected = "a pandas period alias such as 'D', 'W', 'M' or 'h'"
    try:
        lo = pd.Period(pd.Timestamp(first), freq=freq)  # type: ignore[arg-type]
        hi = pd.Period(pd.Timestamp(last), freq=freq)  # type: ignore[arg-type]
    except (TypeError, ValueError, AttributeError):
        raise invalid(_FUNC, "freq", expected, freq) from None
    count = (hi - lo).n + 1
    if count > _MAX_PERIODS:
        raise invalid(
            _FUNC,
            "freq",
            f"coarse enough for at most {_MAX_PERIODS:,} periods over the log",
            f"<{freq!r}, giving {count:,} periods>",
        )
    periods = pd.period_range(start=lo, periods=count, freq=lo.freq)
    ends = (periods + 1).start_time
    starts = periods.start_time
    edges = np.concatenate([starts.as_unit("ns").asi8, ends.as_unit("ns").asi8[-1:]]).astype(
        np.int64
    )
    periods.name = "period"
    return periods, edges


# --------------------------------------------------------------------------------------------
# the log as (item, state position, time) arrays
# --------------------------------------------------------------------------------------------


def _long(
    log: pd.DataFrame, workflow: list[Hashable], item: object, state: object, timestamp: object
) -> tuple[IntArray, pd.Index, IntArray, IntArray]:
    for name, value in (("item", item), ("state", state), ("timestamp", timestamp)):
        check(_FUNC, name, value, InstanceOf(Hashable, name="a column name"))
        if value is None:
            raise invalid(_FUNC, name, "a column name for layout='long'", value)
    require_columns(_FUNC, "log", log, [item, state, timestamp])
    items, labels = _labels(_FUNC, log, item)
    position = pd.Index(workflow).get_indexer(pd.Index(log[state]))
    if len(position) and position.min() < 0:
        pos = int(np.flatnonzero(position < 0)[0])
        raise invalid(
            _FUNC,
            "log",
            f"states of the workflow {workflow!r} in column {state!r}",
            f"<{log[state].iloc[pos]!r} at row {pos}>",
        )
    times = _timestamps(_FUNC, log, timestamp, wall_clock=True)
    return items, labels, position.astype(np.int64), times


def _wide(
    log: pd.DataFrame, workflow: list[Hashable], item: object
) -> tuple[IntArray, pd.Index, IntArray, IntArray]:
    check(_FUNC, "item", item, InstanceOf(Hashable, name="a column name"))
    require_columns(_FUNC, "log", log, [item, *workflow])
    codes, labels = _labels(_FUNC, log, item)
    if len(labels) != len(codes):
        dup = log[item][log[item].duplicated()].iloc[0]
        raise invalid(_FUNC, "log", "one row per item in layout='wide'", f"<item {dup!r} twice>")
    items, positions, times = [], [], []
    for k, name in enumerate(workflow):  # a few states; each column is vectorized
        entered = log[name].notna().to_numpy()
        sub = log.loc[entered, [name]]
        times.append(_timestamps(_FUNC, sub, name, wall_clock=True))
        items.append(codes[entered])
        positions.append(np.full(int(entered.sum()), k, dtype=np.int64))
    # item by item, then by state: ties in time keep the workflow order
    item_arr = np.concatenate(items)
    order = np.argsort(item_arr, kind="stable")
    return (
        item_arr[order],
        labels,
        np.concatenate(positions)[order],
        np.concatenate(times)[order],
    )


# --------------------------------------------------------------------------------------------
# the metrics
# --------------------------------------------------------------------------------------------


def _days(ns: Any) -> Any:
    return np.asarray(ns, dtype=np.float64) / _DAY_NS


def _durations(start: IntArray, end: IntArray | int, convention: str) -> FloatArray:
    """Cycle time / age [days]: elapsed, or calendar days counted inclusively (end - start + 1)."""
    if convention == "elapsed":
        return np.asarray(_days(end - start), dtype=np.float64)
    return np.asarray((end // _DAY_NS) - (start // _DAY_NS) + 1, dtype=np.float64)


def _nearest_rank(values: FloatArray, percentiles: FloatArray) -> FloatArray:
    """The smallest value that at least p % of the values do not exceed."""
    if values.size == 0:
        return np.full(percentiles.shape, np.inf)
    ordered = np.sort(values)
    rank = np.ceil(percentiles / 100.0 * values.size - 1e-9).astype(np.int64)
    return ordered[np.clip(rank, 1, values.size) - 1]


def _little(
    start: IntArray,
    finish: IntArray,
    window: tuple[int, int],
    convention: str,
) -> LittlesLawCheck:
    a, b = window
    done = finish != _NEVER
    if convention == "elapsed":
        length = _days(b - a)
        s = np.maximum(start, a)
        f = np.minimum(finish, b)
        inside = _days(np.maximum(f - s, 0))
        in_window = done & (finish >= a) & (finish <= b)
        cycle = _days(finish[in_window] - start[in_window])
    else:
        da, db = a // _DAY_NS, b // _DAY_NS
        length = float(db - da + 1)
        sd = np.maximum(start // _DAY_NS, da)
        fd = np.where(done, np.minimum(finish // _DAY_NS, db), db)
        inside = np.maximum(fd - sd + 1, 0).astype(np.float64)
        finish_day = finish // _DAY_NS
        in_window = done & (finish_day >= da) & (finish_day <= db)
        cycle = (finish_day[in_window] - start[in_window] // _DAY_NS + 1).astype(np.float64)
    average_wip = float(inside.sum() / length) if length > 0 else 0.0
    rate = float(in_window.sum() / length) if length > 0 else 0.0
    no_finish = np.inf if average_wip > 0 else 0.0
    mean_ct = float(cycle.mean()) if cycle.size else no_finish
    predicted = rate * mean_ct if rate > 0 else 0.0
    if average_wip > 0:
        diff = (average_wip - predicted) / average_wip
    else:
        diff = -np.inf if predicted > 0 else 0.0
    if convention == "elapsed":
        lo, hi = pd.Timestamp(a), pd.Timestamp(b)
    else:
        lo = pd.Timestamp(int(a // _DAY_NS * _DAY_NS))
        hi = pd.Timestamp(int(b // _DAY_NS * _DAY_NS))
    return LittlesLawCheck(
        window_start=lo,
        window_end=hi,
        days=float(length),
        average_wip=average_wip,
        throughput_rate=rate,
        average_cycle_time=mean_ct,
        predicted_wip=float(predicted),
        relative_difference=diff,
    )


@dataclass(frozen=True, slots=True)
class _Board:
    """A log reduced to what the metrics need (per item and state, not per entry)."""

    labels: pd.Index
    reached: IntArray  # (items, states): time the item reached at least the state, or _NEVER
    latest: IntArray  # (items,): workflow position of the item's latest entry (-1: none)
    moves: tuple[IntArray, IntArray, IntArray, IntArray]  # item, from, to, time
    first_time: int | None  # earliest entry (None: no entry)
    last_time: int


def _reached(first: IntArray) -> IntArray:
    """Suffix minimum along the workflow: the time an item reached a state or any later one."""
    out: IntArray = np.minimum.accumulate(first[:, ::-1], axis=1)[:, ::-1]
    return out


def _moves(
    items: IntArray, position: IntArray, times: IntArray, ties: list[IntArray]
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Backward moves among entries: consecutive entries of an item in (time, ties) order
    whose state comes earlier in the workflow."""
    order = np.lexsort((*reversed(ties), times, items))
    s_item, s_pos, s_time = items[order], position[order], times[order]
    back = np.flatnonzero((s_item[1:] == s_item[:-1]) & (s_pos[1:] < s_pos[:-1]))
    return s_item[back + 1], s_pos[back], s_pos[back + 1], s_time[back + 1]


def _first_last(
    items: IntArray,
    position: IntArray,
    first_times: IntArray,
    last_times: IntArray,
    n_items: int,
    n_states: int,
) -> tuple[IntArray, IntArray]:
    """(items, states) matrices of the first and last entry times (_NEVER / int64 min: none)."""
    key = items * n_states + position
    first = np.full(n_items * n_states, _NEVER, dtype=np.int64)
    np.minimum.at(first, key, first_times)
    last = np.full(n_items * n_states, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last, key, last_times)
    return first.reshape(n_items, n_states), last.reshape(n_items, n_states)


def _suspects(first_last: tuple[IntArray, IntArray]) -> Any:
    """Items that may have moved back: an entry into a state no earlier than the time the
    item had reached a later state (the last entry into the state tells)."""
    first, last = first_last
    reached = _reached(first)
    beyond = reached[:, 1:]
    return ((last[:, :-1] >= beyond) & (beyond != _NEVER)).any(axis=1)


def _board(
    items: IntArray, labels: pd.Index, position: IntArray, times: IntArray, n_states: int
) -> _Board:
    n_items = len(labels)
    if times.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return _Board(
            labels=labels,
            reached=np.full((n_items, n_states), _NEVER, dtype=np.int64),
            latest=np.full(n_items, -1, dtype=np.int64),
            moves=(empty, empty, empty, empty),
            first_time=None,
            last_time=0,
        )
    first2, last2 = _first_last(items, position, times, times, n_items, n_states)
    # latest entry of each item (ties in time: the later row), in O(n) without sorting
    rows = np.arange(times.size)
    latest_time = last2.max(axis=1)
    at_latest = np.flatnonzero(times == latest_time[items])
    latest_row = np.full(n_items, -1, dtype=np.int64)
    np.maximum.at(latest_row, items[at_latest], rows[at_latest])
    latest = np.where(latest_row >= 0, position[np.maximum(latest_row, 0)], -1)
    # backward moves: only the entries of items that may have moved back are sorted
    subset = np.flatnonzero(_suspects((first2, last2))[items])
    moves = _moves(items[subset], position[subset], times[subset], [rows[subset]])
    return _Board(
        labels=labels,
        reached=_reached(first2),
        latest=latest,
        moves=moves,
        first_time=int(times.min()),
        last_time=int(times.max()),
    )


def _partition_arrays(
    part: pd.DataFrame,
    layout: str,
    states: list[Hashable],
    item: Any,
    state: Any,
    timestamp: Any,
    cutoff: int | None,
) -> tuple[IntArray, pd.Index, IntArray, IntArray]:
    if layout == "long":
        items, labels, position, times = _long(part, states, item, state, timestamp)
    else:
        items, labels, position, times = _wide(part, states, item)
    if cutoff is not None:
        keep = times <= cutoff
        items, position, times = items[keep], position[keep], times[keep]
    return items, labels, position, times


def _partition_summary(
    part: pd.DataFrame, number: int, *args: Any
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pass 1 on one partition: first and last entry per (item, state) and the latest entry
    per item (time, partition, row, state)."""
    items, labels, position, times = _partition_arrays(part, *args)
    cells = pd.DataFrame({"code": items, "pos": position, "time": times})
    grouped = cells.groupby(["code", "pos"], sort=False)["time"].agg(["min", "max"])
    code = grouped.index.get_level_values(0).to_numpy()
    summary = pd.DataFrame(
        {
            "item": labels.take(code),
            "pos": grouped.index.get_level_values(1).to_numpy(),
            "first": grouped["min"].to_numpy(),
            "last": grouped["max"].to_numpy(),
        }
    )
    rows = np.arange(times.size)
    order = np.lexsort((rows, times, items))
    ends = (
        np.flatnonzero(np.append(items[order][1:] != items[order][:-1], True))
        if order.size
        else order
    )
    pick = order[ends]
    latest = pd.DataFrame(
        {
            "item": labels.take(items[pick]),
            "time": times[pick],
            "part": number,
            "row": rows[pick],
            "pos": position[pick],
        }
    )
    return summary, latest


def _partition_rows(part: pd.DataFrame, number: int, flagged: pd.Index, *args: Any) -> pd.DataFrame:
    """Pass 2 on one partition: the entries of the items that may have moved back."""
    items, labels, position, times = _partition_arrays(part, *args)
    keep = labels.isin(flagged)[items] if len(labels) else np.zeros(0, dtype=bool)
    rows = np.arange(times.size)
    return pd.DataFrame(
        {
            "item": labels.take(items[keep]),
            "pos": position[keep],
            "time": times[keep],
            "part": number,
            "row": rows[keep],
        }
    )


def _dask_board(
    log: Any,
    layout: str,
    states: list[Hashable],
    item: Any,
    state: Any,
    timestamp: Any,
    cutoff: int | None,
) -> _Board:
    """The board of a Dask frame in two passes of one task per partition, each returning a
    summary no larger than its items x states; no shuffle."""
    import dask

    require_columns(
        _FUNC, "log", log, [item, *((state, timestamp) if layout == "long" else states)]
    )
    args = (layout, states, item, state, timestamp, cutoff)
    parts = log.to_delayed()
    summaries = dask.compute(  # type: ignore[attr-defined,no-untyped-call]
        *[
            dask.delayed(_partition_summary)(part, k, *args)  # type: ignore[attr-defined]
            for k, part in enumerate(parts)
        ]
    )
    n_states = len(states)
    cells = pd.concat([s for s, _ in summaries], ignore_index=True)
    if len(cells) == 0:
        return _board(
            np.zeros(0, dtype=np.int64),
            pd.Index([]),
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
            n_states,
        )
    codes, labels = pd.factorize(cells["item"], sort=False)
    labels = pd.Index(labels)
    n_items = len(labels)
    first2, last2 = _first_last(
        codes.astype(np.int64),
        cells["pos"].to_numpy(dtype=np.int64),
        cells["first"].to_numpy(dtype=np.int64),
        cells["last"].to_numpy(dtype=np.int64),
        n_items,
        n_states,
    )
    ends = pd.concat([e for _, e in summaries], ignore_index=True)
    ends = ends.sort_values(["time", "part", "row"], kind="stable").drop_duplicates(
        "item", keep="last"
    )
    latest = np.full(n_items, -1, dtype=np.int64)
    latest[labels.get_indexer(ends["item"])] = ends["pos"].to_numpy(dtype=np.int64)
    flagged = labels[_suspects((first2, last2))]
    empty = np.zeros(0, dtype=np.int64)
    moves: tuple[IntArray, IntArray, IntArray, IntArray] = (empty, empty, empty, empty)
    if len(flagged):
        frames = dask.compute(  # type: ignore[attr-defined,no-untyped-call]
            *[
                dask.delayed(_partition_rows)(part, k, flagged, *args)  # type: ignore[attr-defined]
                for k, part in enumerate(parts)
            ]
        )
        rows = pd.concat(frames, ignore_index=True)
        moves = _moves(
            labels.get_indexer(rows["item"]).astype(np.int64),
            rows["pos"].to_numpy(dtype=np.int64),
            rows["time"].to_numpy(dtype=np.int64),
            [rows["part"].to_numpy(dtype=np.int64), rows["row"].to_numpy(dtype=np.int64)],
        )
    present = first2[first2 != _NEVER]
    return _Board(
        labels=labels,
        reached=_reached(first2),
        latest=latest,
        moves=moves,
        first_time=int(present.min()),
        last_time=int(last2.max()),
    )


def flow_metrics(
    log: pd.DataFrame,
    *,
    workflow: Sequence[Hashable],
    layout: Literal["long", "wide"] = "long",
    item: Hashable = "item",
    state: Hashable | None = "state",
    timestamp: Hashable | None = "timestamp",
    start_state: Hashable | None = None,
    freq: str = "D",
    percentiles: Sequence[float] = (50, 70, 85, 95),
    convention: Convention = "elapsed",
    as_of: Any = None,
    window: tuple[Any, Any] | None = None,
) -> FlowMetricsResult:
    r"""Kanban flow metrics from work-item state changes: throughput, WIP, cycle times, aging
    WIP, cumulative-flow data and Little's law.

    Parameters
    ----------
    log : pandas.DataFrame or dask.dataframe.DataFrame
        The work items' state entries. ``layout="long"``: one row per entry, with the item,
        the state entered and the time it was entered (an item may enter a state several
        times). ``layout="wide"``: one row per item, one column per workflow state (named
        like the state) holding the time the item entered it, missing where it never did.
        Times are datetimes (or parseable strings); time-zone aware times are taken in their
        own wall-clock time, so days are the team's days. Not modified. A Dask frame is
        reduced partition by partition (an item's entries may lie in any partitions; ties in
        time keep the partition order), in two passes that each return at most items x states
        numbers; the wide layout's one-row-per-item check is then made within partitions.
    workflow : list
        The states in flow order (at least 2, distinct); the last one is done. Every state of
        a long log must be listed.
    layout : {"long", "wide"}
        Shape of ``log``.
    item, state, timestamp : str
        Column names (``state`` and ``timestamp`` only in the long layout).
    start_state : state, optional
        Where the cycle time starts (the arrival point), a state before done; default the
        first state of the workflow (give the first "in progress" state when the workflow
        begins with a backlog).
    freq : str
        Period of throughput, WIP and the CFD: a pandas period alias ("D", "W", "M", "h" ...).
    percentiles : list of float
        Cycle-time percentiles to report, each in (0, 100].
    convention : {"elapsed", "days_inclusive"}
        How cycle times and ages are counted: "elapsed", the time between the two entries in
        days (fractional); "days_inclusive", calendar days counted as end date - start date
        + 1, so that an item started and finished on the same day took 1 day (Vacanti).
    as_of : timestamp, optional
        See the board at this time: later entries are left out; default the last entry.
    window : (timestamp, timestamp), optional
        The window of the Little's law check; default from the first start to ``as_of``.

    Returns
    -------
    FlowMetricsResult
        ``throughput``, ``wip``, ``cfd`` (per period), ``cycle_times`` (per finished item),
        ``cycle_time_percentiles``, ``aging_wip``, ``backward_moves``, ``littles_law`` and
        counts; ``plot()`` draws the cumulative flow diagram.

    Raises
    ------
    InvalidInputError
        On a missing column, a state outside the workflow, a missing or unparseable time, a
        repeated item in the wide layout, an empty log (or no entry by ``as_of``), or an
        invalid option.

    Notes
    -----
    With :math:`e_{i,s}` the first time item *i* entered state *s*, the time it *reached* *s*
    is :math:`r_{i,s} = \min_{s' \ge s} e_{i,s'}` (the furthest state reached counts: see the
    module notes on skipped states and backward moves), so :math:`r_{i,s}` is non-decreasing
    in *s*. The item starts at :math:`r_{i,start}` and finishes at :math:`r_{i,done}`;
    its cycle time is :math:`CT_i = r_{i,done} - r_{i,start}` (elapsed) or the number of
    calendar days from start to finish, both counted (days inclusive). The CFD of state *s*
    at the end of a period counts :math:`\#\{i: r_{i,s} < t_{end}\}`; throughput counts the
    finishes per period; WIP at the end of a period is the vertical gap between the start and
    done lines. Little's law :math:`L = \lambda W` is checked over a window: *L* the average
    WIP over the window (time-weighted, or the mean daily WIP for days inclusive), λ the
    items finished per day and *W* their mean cycle time. It holds exactly when the window
    begins and ends with nothing in progress; otherwise the gap shows how far the window is
    from the law's assumptions (stable arrivals and departures, no ageing WIP). Percentiles
    are nearest-rank: the smallest cycle time that at least *p* % of the items did not
    exceed, read as "p % of items finished within this time".

    References
    ----------
    .. [1] D. S. Vacanti, *Actionable Agile Metrics for Predictability: An Introduction*,
       ActionableAgile Press, 2015: ch. 2 (WIP, cycle time and throughput; cycle time as end
       date - start date + 1 day), ch. 3 (Little's law and its assumptions), ch. 4-6
       (cumulative flow diagrams), ch. 10 (cycle-time percentiles 50/70/85/95).
    .. [2] J. D. C. Little, "A proof for the queuing formula L = λW", *Operations Research*
       9(3), 1961, 383-387, doi:10.1287/opre.9.3.383.

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "item": ["a", "a", "a", "b", "b", "c"],
    ...     "state": ["todo", "doing", "done", "todo", "doing", "todo"],
    ...     "timestamp": pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-04",
    ...                                  "2024-03-01", "2024-03-03", "2024-03-04"])})
    >>> r = flow_metrics(log, workflow=["todo", "doing", "done"], start_state="doing")
    >>> r.cycle_times.to_dict(), r.items_done, r.items_in_progress
    ({'a': 2.0}, 1, 1)
    >>> r.cfd["doing"].tolist(), r.throughput.tolist()
    ([0, 1, 2, 2], [0, 0, 0, 1])
    >>> r.aging_wip[["age", "state"]]
          age  state
    item
    b     1.0  doing
    """
    if not is_dask(log):
        check(_FUNC, "log", log, InstanceOf(pd.DataFrame, name="a pandas or Dask DataFrame"))
    states = _workflow(workflow)
    check(_FUNC, "layout", layout, OneOf("long", "wide"))
    check(_FUNC, "convention", convention, OneOf("elapsed", "days_inclusive"))
    if start_state is None:
        begin = 0
    else:
        try:
            begin = states.index(start_state)
        except (ValueError, TypeError):
            begin = -1
        if begin < 0 or begin == len(states) - 1:
            raise invalid(
                _FUNC, "start_state", f"a state of the workflow before {states[-1]!r}", start_state
            )
    pcts = _percentiles(percentiles)
    cutoff_given = None if as_of is None else _timestamp("as_of", as_of)
    if is_dask(log):
        board = _dask_board(log, layout, states, item, state, timestamp, cutoff_given)
    else:
        if layout == "long":
            items, labels, position, times = _long(log, states, item, state, timestamp)
        else:
            items, labels, position, times = _wide(log, states, item)
        if times.size == 0:
            raise invalid(_FUNC, "log", "a log with at least one state entry", "<an empty log>")
        if cutoff_given is not None:
            keep = times <= cutoff_given
            if not keep.all():
                items, position, times = items[keep], position[keep], times[keep]
        board = _board(items, labels, position, times, len(states))
    if board.first_time is None:
        if cutoff_given is not None:
            raise invalid(
                _FUNC,
                "as_of",
                "no earlier than the first entry of the log",
                pd.Timestamp(cutoff_given),
            )
        raise invalid(_FUNC, "log", "a log with at least one state entry", "<an empty log>")
    cutoff = board.last_time if cutoff_given is None else cutoff_given
    labels, reached, latest = board.labels, board.reached, board.latest
    n_states = len(states)
    present = reached[:, 0] != _NEVER  # items with an entry by as_of
    start = reached[:, begin]
    finish = reached[:, -1]
    started = start != _NEVER
    done = finish != _NEVER
    workflow_arr = np.empty(n_states, dtype=object)
    workflow_arr[:] = states
    m_item, m_from, m_to, m_time = board.moves
    backward = pd.DataFrame(
        {
            "item": labels.take(m_item),
            "from_state": workflow_arr[m_from],
            "to_state": workflow_arr[m_to],
            "timestamp": pd.to_datetime(m_time),
        }
    )

    # periods and per-period counts
    first_time = board.first_time
    periods, edges = _periods(freq, first_time, cutoff)
    n_periods = len(periods)
    bins = np.searchsorted(edges, reached, side="right") - 1  # NEVER -> past the last period
    flat = (np.arange(n_states) * (n_periods + 1))[None, :] + np.minimum(bins, n_periods)
    counts = np.bincount(flat.ravel(), minlength=n_states * (n_periods + 1))
    cfd_values = np.cumsum(counts.reshape(n_states, n_periods + 1)[:, :n_periods], axis=1)
    cfd = pd.DataFrame(cfd_values.T, index=periods, columns=pd.Index(states, name="state"))
    throughput = pd.Series(
        np.diff(cfd_values[-1], prepend=0), index=periods, name="throughput", dtype=np.int64
    )
    s_sorted = np.sort(start[started])
    f_sorted = np.sort(finish[done])
    wip_end = cfd_values[begin] - cfd_values[-1]
    active = np.searchsorted(s_sorted, edges[1:], side="left") - np.searchsorted(
        f_sorted, edges[:-1], side="left"
    )
    # integral of WIP up to each edge [item-days], from the sorted starts and finishes
    x = _days(edges - edges[0])
    s_days, f_days = _days(s_sorted - edges[0]), _days(f_sorted - edges[0])
    ns_ = np.searchsorted(s_sorted, edges, side="left")
    nf_ = np.searchsorted(f_sorted, edges, side="left")
    cs = np.concatenate([[0.0], np.cumsum(s_days)])
    cf = np.concatenate([[0.0], np.cumsum(f_days)])
    integral = (ns_ * x - cs[ns_]) - (nf_ * x - cf[nf_])
    average = np.diff(integral) / np.diff(x)
    wip = pd.DataFrame(
        {"end": wip_end.astype(np.int64), "active": active.astype(np.int64), "average": average},
        index=periods,
    )

    # cycle times, percentiles, aging WIP
    done_idx = np.flatnonzero(done)
    cycle = _durations(start[done_idx], finish[done_idx], convention)
    cycle_times = pd.Series(cycle, index=labels.take(done_idx), name="cycle_time")
    cycle_times.index.name = "item"
    quantiles = pd.Series(
        _nearest_rank(cycle, pcts),
        index=pd.Index(pcts, name="percentile"),
        name="cycle_time",
    )
    aging_idx = np.flatnonzero(started & ~done)
    ages = _durations(start[aging_idx], cutoff, convention)
    furthest = (reached[aging_idx] != _NEVER).sum(axis=1) - 1
    aging = pd.DataFrame(
        {
            "start": pd.to_datetime(start[aging_idx]),
            "age": ages,
            "state": workflow_arr[latest[aging_idx]],
            "furthest_state": workflow_arr[furthest],
        },
        index=pd.Index(labels.take(aging_idx), name="item"),
    )
    aging = aging.iloc[np.argsort(-ages, kind="stable")]

    # Little's law over the window
    if window is None:
        lo = int(start[started].min()) if started.any() else first_time
        span = (lo, cutoff)
    else:
        if not isinstance(window, tuple | list) or len(window) != 2:
            raise invalid(_FUNC, "window", "a pair (start, end) of timestamps or None", window)
        span = (_timestamp("window", window[0]), _timestamp("window", window[1]))
        if span[1] <= span[0]:
            raise invalid(_FUNC, "window", "a pair (start, end) with start < end", window)
    little = _little(start[started], finish[started], span, convention)

    return FlowMetricsResult(
        throughput=throughput,
        wip=wip,
        cfd=cfd,
        cycle_times=cycle_times,
        cycle_time_percentiles=quantiles,
        aging_wip=aging,
        backward_moves=backward,
        littles_law=little,
        items=int(present.sum()),
        items_done=int(done.sum()),
        items_in_progress=int(aging_idx.size),
        workflow=states,
        start_state=states[begin],
        done_state=states[-1],
        freq=str(freq),
        convention=str(convention),
        as_of=pd.Timestamp(cutoff),
    )
