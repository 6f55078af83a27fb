r"""Data-driven bottleneck detection from machine state logs and event logs.

A *machine state log* has one row per state interval of a machine: the machine, the start and
end of the interval and the state the machine was in (working, setup, repair, blocked,
starved, ...). Which states count as *active* (the machine works or cannot work for reasons
of its own: processing, setup or changeover, repair), *blocked* (finished work cannot leave),
*starved* (no work arrives) or are *excluded* from the observed time (planned downtime, no
shift) is given by arguments; a state outside that vocabulary is an error. Times are numbers
(any unit) or timestamps (durations are then reported in seconds).

Four methods:

* :func:`utilization_bottleneck` - the machine active for the largest share of its observed
  time;
* :func:`waiting_time_bottleneck` - the activity with the longest mean waiting time in front
  of it, from an event log (through :func:`opsmodels.process.from_event_log`);
* :func:`active_period` - Roser's active period method: sole and shifting bottlenecks over
  time;
* :func:`turning_point` - Li, Chang and Ni's turning point of blockage minus starvation along a
  serial line, with Kuo, Lim and Meerkov's arrow method.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from opsmodels._results import Result
from opsmodels._validation import (
    Interval,
    as_float_array,
    as_scalar,
    invalid,
    is_dask,
    require_columns,
)
from opsmodels.errors import InvalidInputError
from opsmodels.process._eventlog import _labels, _timestamps
from opsmodels.process._eventlog import from_event_log as _from_event_log

__all__ = [
    "ActivePeriodResult",
    "TurningPointResult",
    "UtilizationBottleneckResult",
    "WaitingTimeBottleneckResult",
    "active_period",
    "turning_point",
    "utilization_bottleneck",
    "waiting_time_bottleneck",
]

_NS = 1_000_000_000
_ACTIVE, _BLOCKED, _STARVED, _EXCLUDED = 0, 1, 2, 3
_CATEGORY_NAMES = ("active", "blocked", "starved", "excluded")
_DEFAULT_ACTIVE = ("working", "setup", "repair")


# --------------------------------------------------------------------------------------------
# reading a log of intervals
# --------------------------------------------------------------------------------------------


def _reword(exc: InvalidInputError, name: str) -> InvalidInputError:
    """The event-log helpers name their frame 'log'; give it the caller's parameter name."""
    return InvalidInputError(str(exc).replace("'log' parameter", f"{name!r} parameter"))


def _check_column(func: str, name: str, column: object, *, optional: bool = False) -> None:
    if column is None and optional:
        return
    if column is None or isinstance(column, bool) or not isinstance(column, str | int | tuple):
        allowed = "None or a column name" if optional else "a column name"
        raise invalid(func, name, allowed, column)


def _check_states(func: str, name: str, states: object, *, empty_ok: bool) -> tuple[Any, ...]:
    """A state vocabulary: a label, or a list/tuple/set of labels."""
    if isinstance(states, str):
        return (states,)
    allowed = "a state label or a list, tuple or set of state labels" + (
        "" if empty_ok else " (at least one)"
    )
    if not isinstance(states, list | tuple | set | frozenset):
        raise invalid(func, name, allowed, states)
    out = tuple(states)
    if not out and not empty_ok:
        raise invalid(func, name, allowed, states)
    for s in out:
        if s is None or (isinstance(s, float) and np.isnan(s)) or not isinstance(s, Hashable):
            raise invalid(func, name, allowed, states)
    return out


def _times(func: str, name: str, frame: pd.DataFrame, column: Any) -> tuple[Any, bool]:
    """A time column as int64 nanoseconds (timestamps) or float64 (numbers); and which."""
    values = frame[column]
    if values.dtype.kind in "iuf":
        arr = as_float_array(func, name, values, nan_hint="drop rows with missing times first")
        return arr, False
    if values.dtype.kind == "b":
        raise invalid(func, name, f"a column {column!r} of numbers or timestamps", "<booleans>")
    try:
        return _timestamps(func, frame, column, wall_clock=False), True
    except InvalidInputError as exc:
        raise _reword(exc, name) from None


@dataclass(slots=True)
class _Log:
    """Intervals of a log sorted by (machine, start): codes, times and state categories."""

    machines: pd.Index
    machine: Any  # int64 codes
    start: Any  # int64 ns (timestamps) or float64
    end: Any
    category: Any  # int64 category codes, or None
    datetime: bool

    @property
    def scale(self) -> float:
        """Seconds per time unit of ``start``/``end`` (1 for numeric times)."""
        return 1.0 / _NS if self.datetime else 1.0

    def to_time(self, values: Any) -> Any:
        """Times on the internal axis back to the user's kind (Timestamps or floats)."""
        if self.datetime:
            return pd.to_datetime(np.asarray(values, dtype=np.int64), unit="ns")
        return np.asarray(values, dtype=np.float64)


def _read_log(
    func: str,
    name: str,
    frame: object,
    machine: Any,
    start: Any,
    end: Any,
    state: Any = None,
    vocabulary: dict[int, tuple[Any, ...]] | None = None,
    *,
    overlap: Literal["raise", "merge"] = "raise",
) -> _Log:
    """Validate a log of intervals and return it sorted by (machine, start), never mutated."""
    for param, col in (("machine", machine), ("start", start), ("end", end)):
        _check_column(func, param, col)
    _check_column(func, "state", state, optional=True)
    if not isinstance(frame, pd.DataFrame):
        raise invalid(func, name, "a pandas DataFrame", frame)
    names = [machine, start, end] + ([] if state is None else [state])
    if len(set(names)) != len(names):
        raise invalid(func, name, "distinct columns for machine, start, end and state", names)
    require_columns(func, name, frame, names)
    if len(frame) == 0:
        raise invalid(func, name, "a non-empty log of intervals", "<0 rows>")
    try:
        codes, machines = _labels(func, frame, machine)
    except InvalidInputError as exc:
        raise _reword(exc, name) from None
    t0, dt0 = _times(func, name, frame, start)
    t1, dt1 = _times(func, name, frame, end)
    if dt0 != dt1:
        raise invalid(
            func, name, f"columns {start!r} and {end!r} both numbers or both timestamps", names
        )
    bad = t1 < t0
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise invalid(
            func,
            name,
            f"intervals that end no earlier than they start ({start!r} <= {end!r})",
            f"<an interval at row {pos} ending before it starts>",
        )
    category = None
    if state is not None and vocabulary is not None:
        category = _categories(func, name, frame, state, vocabulary)
    order = _sort_by(codes, t0, len(machines))
    if order is not None:
        codes, t0, t1 = codes[order], t0[order], t1[order]
        if category is not None:
            category = category[order]
    keep = t1 > t0  # zero-length intervals carry no time
    if not keep.all():
        codes, t0, t1 = codes[keep], t0[keep], t1[keep]
        category = None if category is None else category[keep]
    if overlap == "raise" and len(codes) > 1:
        same = codes[1:] == codes[:-1]
        clash = same & (t0[1:] < t1[:-1])
        if clash.any():
            i = int(np.flatnonzero(clash)[0])
            raise invalid(
                func,
                name,
                "a log whose intervals of one machine do not overlap",
                f"<overlapping intervals of machine {_plain(machines[codes[i]])!r}>",
            )
    return _Log(machines, codes, t0, t1, category, dt0)


def _sort_by(codes: Any, times: Any, n_codes: int) -> Any:
    """Order by (code, time): a sort of the times, then a stable (radix) sort of small codes.

    A log already in time order (the usual export) skips the sort of the times; one already
    grouped by machine in time order is not sorted at all (None).
    """
    small = np.int16 if n_codes < 2**15 else np.int64
    if len(times) < 2:
        return None
    dc = np.diff(codes)
    if (dc >= 0).all() and ((dc > 0) | (times[1:] >= times[:-1])).all():
        return None
    if (times[1:] >= times[:-1]).all():
        return np.argsort(codes.astype(small), kind="stable")
    order = np.argsort(times)
    return order[np.argsort(codes[order].astype(small), kind="stable")]


def _plain(label: Any) -> Any:
    return label.item() if isinstance(label, np.generic) else label


def _categories(
    func: str, name: str, frame: pd.DataFrame, state: Any, vocabulary: dict[int, tuple[Any, ...]]
) -> Any:
    lookup: dict[Any, int] = {}
    params = {_ACTIVE: "active", _BLOCKED: "blocked", _STARVED: "starved", _EXCLUDED: "excluded"}
    for cat, labels in vocabulary.items():
        for label in labels:
            if label in lookup and lookup[label] != cat:
                raise invalid(
                    func,
                    params[cat],
                    f"states not already listed as {params[lookup[label]]!r}",
                    label,
                )
            lookup[label] = cat
    try:
        codes, uniques = _labels(func, frame, state)
    except InvalidInputError as exc:
        raise _reword(exc, name) from None
    table = np.empty(len(uniques), dtype=np.int64)
    for i, label in enumerate(uniques):  # one entry per distinct state, not per row
        if label not in lookup:
            known = ", ".join(repr(k) for k in lookup)
            raise invalid(
                func,
                name,
                f"a log whose states are all listed in active, blocked, starved or excluded "
                f"({known})",
                f"<unknown state {label!r} in column {state!r}>",
            )
        table[i] = lookup[label]
    return table[codes]


def _vocabulary(
    func: str, active: object, blocked: object, starved: object, excluded: object
) -> dict[int, tuple[Any, ...]]:
    return {
        _ACTIVE: _check_states(func, "active", active, empty_ok=False),
        _BLOCKED: _check_states(func, "blocked", blocked, empty_ok=True),
        _STARVED: _check_states(func, "starved", starved, empty_ok=True),
        _EXCLUDED: _check_states(func, "excluded", excluded, empty_ok=True),
    }


def _merge(machine: Any, start: Any, end: Any) -> tuple[Any, Any, Any]:
    """Merge overlapping or touching intervals of each machine (input sorted by machine, start).

    The running maximum of the end within a machine comes from one cumulative maximum of the
    ends' ranks in (machine, end) order: a machine's ranks all exceed the previous machines'.
    """
    n = len(machine)
    if n == 0:
        return machine, start, end
    if _sort_by(machine, end, int(machine.max()) + 1) is None:
        # ends already in order within each machine (a state log): no sort needed
        head = np.ones(n, dtype=bool)
        head[1:] = (machine[1:] != machine[:-1]) | (start[1:] > end[:-1])
        first = np.flatnonzero(head)
        return machine[first], start[first], np.maximum.reduceat(end, first)
    by_end = np.lexsort((end, machine))
    rank = np.empty(n, dtype=np.int64)
    rank[by_end] = np.arange(n)
    reach = end[by_end][np.maximum.accumulate(rank)]  # max end so far within the machine
    head = np.ones(n, dtype=bool)
    head[1:] = (machine[1:] != machine[:-1]) | (start[1:] > reach[:-1])
    first = np.flatnonzero(head)
    return machine[first], start[first], np.maximum.reduceat(end, first)


# --------------------------------------------------------------------------------------------
# utilization method
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class UtilizationBottleneckResult(Result):
    """Utilization method: the machine active for the largest share of its observed time.

    Attributes
    ----------
    bottleneck : object
        The machine with the highest utilization (the first in log order on a tie).
    utilization : Series
        Active time over observed time (active + blocked + starved), by machine, in [0, 1].
    near_bottlenecks : list
        Machines whose utilization is at least ``near`` times the bottleneck's, highest first.
    active_time, blocked_time, starved_time : Series
        Time in each category by machine [the times' unit; seconds for timestamps].
    blocked_share, starved_share : Series
        Blocked and starved time over observed time, by machine.
    blocked_frequency, starved_frequency : Series
        Number of blocked and starved episodes by machine (touching intervals of one category
        count as one episode).
    """

    bottleneck: Any
    utilization: pd.Series
    near_bottlenecks: list[Any]
    active_time: pd.Series
    blocked_time: pd.Series
    starved_time: pd.Series
    blocked_share: pd.Series
    starved_share: pd.Series
    blocked_frequency: pd.Series
    starved_frequency: pd.Series


def _near(func: str, near: object) -> float:
    return as_scalar(func, "near", near, Interval(0, 1, closed="right"))


def _ranked(values: Any, index: pd.Index, near: float) -> tuple[Any, list[Any]]:
    top = int(np.argmax(values))
    order = np.argsort(-values, kind="stable")
    worst = float(values[top])
    chosen = [index[i] for i in order if values[i] >= near * worst]
    return index[top], chosen or [index[top]]


def _category_times(lg: _Log) -> tuple[Any, Any]:
    """Time by (machine, category) and episode counts by (machine, category)."""
    n_m = len(lg.machines)
    key = lg.machine * 4 + lg.category
    dur = (lg.end - lg.start).astype(np.float64) * lg.scale
    time = np.bincount(key, weights=dur, minlength=4 * n_m).reshape(n_m, 4)
    new = np.ones(len(key), dtype=bool)  # an episode starts unless it continues the previous one
    new[1:] = (key[1:] != key[:-1]) | (lg.start[1:] != lg.end[:-1])
    episodes = np.bincount(key[new], minlength=4 * n_m).reshape(n_m, 4)
    return time, episodes


def _dask_category_times(
    func: str,
    log: Any,
    machine: Any,
    start: Any,
    end: Any,
    state: Any,
    vocabulary: dict[int, tuple[Any, ...]],
) -> tuple[pd.Index, Any, Any, bool]:
    """Per-partition time and episode counts by (machine, category), summed on the client."""
    require_columns(func, "log", log, [machine, start, end, state])

    def part(frame: pd.DataFrame) -> pd.DataFrame:
        if len(frame) == 0:
            return meta
        lg = _read_log(func, "log", frame, machine, start, end, state, vocabulary)
        time, episodes = _category_times(lg)
        out = pd.DataFrame(
            {"machine": np.repeat(lg.machines.to_numpy(object), 4)},
        )
        out["category"] = np.tile(np.arange(4), len(lg.machines))
        out["time"] = time.ravel()
        out["episodes"] = episodes.ravel()
        out["datetime"] = lg.datetime
        return out

    meta = pd.DataFrame(
        {
            "machine": np.array([], object),
            "category": np.array([], np.int64),
            "time": np.array([], np.float64),
            "episodes": np.array([], np.int64),
            "datetime": np.array([], bool),
        }
    )
    parts = log.map_partitions(part, meta=meta)
    total = (
        parts.groupby(["machine", "category"])
        .agg({"time": "sum", "episodes": "sum", "datetime": "max"})
        .compute()
    )
    if len(total) == 0:
        raise invalid(func, "log", "a non-empty log of intervals", "<0 rows>")
    total = total.reset_index()
    machines = pd.Index(pd.unique(total["machine"]))
    mcode = machines.get_indexer(total["machine"])
    cat = total["category"].to_numpy(np.int64)
    time = np.zeros((len(machines), 4))
    episodes = np.zeros((len(machines), 4), dtype=np.int64)
    time[mcode, cat] = total["time"].to_numpy(np.float64)
    episodes[mcode, cat] = total["episodes"].to_numpy(np.int64)
    return machines, time, episodes, bool(total["datetime"].any())


def utilization_bottleneck(
    log: Any,
    *,
    machine: Any = "machine",
    start: Any = "start",
    end: Any = "end",
    state: Any = "state",
    active: Sequence[Any] | str = _DEFAULT_ACTIVE,
    blocked: Sequence[Any] | str = ("blocked",),
    starved: Sequence[Any] | str = ("starved",),
    excluded: Sequence[Any] | str = (),
    near: float = 0.9,
) -> UtilizationBottleneckResult:
    """Utilization method: the machine active for the largest share of its observed time.

    Parameters
    ----------
    log : pandas.DataFrame or dask.dataframe.DataFrame
        Machine state log, one row per state interval (any row order; never modified).
    machine, start, end, state : column name
        Machine label, interval start and end (numbers or timestamps), state label.
    active : state label or list of labels
        States in which the machine is active: working, setup or changeover, repair (failures
        count as active, they belong to the machine).
    blocked, starved : state label or list of labels
        States in which the machine waits for space downstream / for work from upstream.
    excluded : state label or list of labels
        States left out of the observed time (planned downtime, no shift).
    near : float
        A machine is a near-bottleneck when its utilization is at least ``near`` times the
        bottleneck's, in (0, 1].

    Returns
    -------
    UtilizationBottleneckResult

    Raises
    ------
    InvalidInputError
        A missing column, an empty log, an interval ending before it starts, overlapping
        intervals of one machine, a state outside the vocabulary, a state listed twice,
        missing machine labels or times.

    Notes
    -----
    :math:`u_i = A_i / (A_i + B_i + S_i)` with :math:`A_i, B_i, S_i` the active, blocked and
    starved time of machine *i*. The bottleneck has the highest :math:`u_i`. The method is
    simple but does not see blocking and starving caused by other machines' variability
    (Roser et al., 2001, compare it with the active period method).

    A Dask log is reduced per partition to times and episode counts by (machine, state
    category) and summed with one groupby (no shuffle of the rows); the overlap check then
    runs within each partition only, and an episode that crosses a partition boundary counts
    once per partition.

    References
    ----------
    .. [1] C. Roser, M. Nakano and M. Tanaka, "A practical bottleneck detection method",
       Proc. 2001 Winter Simulation Conference, pp. 949-953, doi:10.1109/WSC.2001.977398
       (the utilization method as the usual baseline).
    .. [2] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008, ch. 7
       (the bottleneck as the station with the highest utilization).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "machine": ["M1", "M1", "M2", "M2", "M2"],
    ...     "start": [0.0, 6.0, 0.0, 2.0, 9.0],
    ...     "end": [6.0, 10.0, 2.0, 9.0, 10.0],
    ...     "state": ["working", "blocked", "starved", "working", "setup"],
    ... })
    >>> r = utilization_bottleneck(log)
    >>> r.bottleneck, r.utilization.round(2).to_dict()
    ('M2', {'M1': 0.6, 'M2': 0.8})
    """
    func = "utilization_bottleneck"
    near_f = _near(func, near)
    vocabulary = _vocabulary(func, active, blocked, starved, excluded)
    _check_column(func, "state", state)
    if is_dask(log):
        for param, col in (("machine", machine), ("start", start), ("end", end)):
            _check_column(func, param, col)
        machines, time, episodes, _ = _dask_category_times(
            func, log, machine, start, end, state, vocabulary
        )
    else:
        lg = _read_log(func, "log", log, machine, start, end, state, vocabulary)
        machines = lg.machines
        time, episodes = _category_times(lg)
    observed = time[:, :3].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(
            (observed > 0)[:, None], time[:, :3] / np.where(observed > 0, observed, 1)[:, None], 0
        )
    index = machines.rename("machine") if machines.name is None else machines
    util = share[:, _ACTIVE]
    top, near_list = _ranked(util, index, near_f)

    def series(values: Any, name: str) -> pd.Series:
        return pd.Series(values, index=index, name=name)

    return UtilizationBottleneckResult(
        bottleneck=top,
        utilization=series(util, "utilization"),
        near_bottlenecks=near_list,
        active_time=series(time[:, _ACTIVE], "active_time"),
        blocked_time=series(time[:, _BLOCKED], "blocked_time"),
        starved_time=series(time[:, _STARVED], "starved_time"),
        blocked_share=series(share[:, _BLOCKED], "blocked_share"),
        starved_share=series(share[:, _STARVED], "starved_share"),
        blocked_frequency=series(episodes[:, _BLOCKED], "blocked_frequency"),
        starved_frequency=series(episodes[:, _STARVED], "starved_frequency"),
    )


# --------------------------------------------------------------------------------------------
# waiting-time method
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitingTimeBottleneckResult(Result):
    """Waiting-time method: the activity with the longest mean waiting time in front of it.

    Attributes
    ----------
    bottleneck : object
        The activity (machine) with the longest mean waiting time.
    mean_waiting_time : Series
        Mean waiting time [s] in front of each activity that has a predecessor in some case,
        longest first.
    waits : Series
        Number of waiting times measured per activity (its incoming directly-follows pairs).
    near_bottlenecks : list
        Activities whose mean waiting time is at least ``near`` times the bottleneck's.
    """

    bottleneck: Any
    mean_waiting_time: pd.Series
    waits: pd.Series
    near_bottlenecks: list[Any]


def waiting_time_bottleneck(
    log: Any,
    *,
    case: Any,
    activity: Any,
    start: Any,
    end: Any,
    near: float = 0.9,
) -> WaitingTimeBottleneckResult:
    """Waiting-time method: the machine with the longest mean queue time in front of it.

    Parameters
    ----------
    log : pandas.DataFrame or dask.dataframe.DataFrame
        Event log, one row per processing step (see :func:`opsmodels.process.from_event_log`).
    case, activity, start, end : column name
        Case (job), activity or machine, start and completion timestamps of each step.
    near : float
        An activity is a near-bottleneck when its mean waiting time is at least ``near`` times
        the bottleneck's, in (0, 1].

    Returns
    -------
    WaitingTimeBottleneckResult

    Raises
    ------
    InvalidInputError
        As :func:`opsmodels.process.from_event_log`; also a log in which no case has two
        steps (no waiting time to measure).

    Notes
    -----
    The waiting time in front of step B of a case is :math:`s_B - c_A`, the start of B minus
    the completion of the step A before it in the case (the edge times of
    :func:`opsmodels.process.from_event_log` with ``start`` given). The mean waiting time in
    front of B is the frequency-weighted mean over B's incoming edges,
    :math:`\\bar w_B = \\sum_A n_{AB} \\bar w_{AB} / \\sum_A n_{AB}`. First steps of cases have
    no waiting time measured and appear only when some case has them later.

    References
    ----------
    .. [1] C. Roser, M. Nakano and M. Tanaka, "A practical bottleneck detection method",
       Proc. 2001 Winter Simulation Conference, pp. 949-953, doi:10.1109/WSC.2001.977398
       (the waiting-time method).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "job": [1, 1, 2, 2],
    ...     "machine": ["cut", "weld", "cut", "weld"],
    ...     "start": pd.to_datetime(["2024-01-01 08:00", "2024-01-01 08:30",
    ...                              "2024-01-01 08:10", "2024-01-01 09:10"]),
    ...     "end": pd.to_datetime(["2024-01-01 08:10", "2024-01-01 09:00",
    ...                            "2024-01-01 08:20", "2024-01-01 09:40"]),
    ... })
    >>> r = waiting_time_bottleneck(log, case="job", activity="machine", start="start", end="end")
    >>> r.bottleneck, float(r.mean_waiting_time["weld"] / 60)
    ('weld', 35.0)
    """
    func = "waiting_time_bottleneck"
    near_f = _near(func, near)
    if start is None:
        raise invalid(func, "start", "a column name of the log", start)
    try:
        graph = _from_event_log(log, case=case, activity=activity, end=end, start=start)
    except InvalidInputError as exc:
        raise InvalidInputError(str(exc).replace("of from_event_log", f"of {func}")) from None
    edges = list(graph.edges(data=True))
    if not edges:
        raise invalid(func, "log", "a log with at least one case of two or more steps", "<none>")
    target = pd.Index([b for _, b, _ in edges])
    freq = np.array([d["frequency"] for _, _, d in edges], dtype=np.float64)
    mean = np.array([d["mean_time"] for _, _, d in edges], dtype=np.float64)
    codes, nodes = pd.factorize(target)
    n = np.bincount(codes, weights=freq, minlength=len(nodes))
    total = np.bincount(codes, weights=freq * mean, minlength=len(nodes))
    wait = total / n
    order = np.argsort(-wait, kind="stable")
    index = pd.Index(nodes, name="activity")[order]
    wait, n = wait[order], n[order]
    top, near_list = _ranked(wait, index, near_f) if wait.max() > 0 else (index[0], [index[0]])
    return WaitingTimeBottleneckResult(
        bottleneck=top,
        mean_waiting_time=pd.Series(wait, index=index, name="mean_waiting_time"),
        waits=pd.Series(n.astype(np.int64), index=index, name="waits"),
        near_bottlenecks=near_list,
    )


# --------------------------------------------------------------------------------------------
# active period method
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivePeriodResult(Result):
    """Roser's active period method: sole and shifting bottleneck time per machine.

    Attributes
    ----------
    bottleneck : object
        The machine with the largest sole + shifting bottleneck time.
    sole_time : Series
        Time each machine is the sole bottleneck [the times' unit; seconds for timestamps].
    shifting_time : Series
        Time each machine is a shifting bottleneck (its bottleneck period overlaps the
        previous or next bottleneck's).
    sole_share, shifting_share : Series
        Those times over the horizon (first start to last end of the active periods).
    horizon : float
        Length of the horizon.
    timeline : DataFrame
        The momentary bottlenecks over time: columns ``start, end, machine, kind`` with kind
        ``"sole"`` or ``"shifting"`` (a shifting stretch has one row per machine involved),
        sorted by start; times in the input's kind (numbers or Timestamps).
    periods : DataFrame
        The merged active periods: ``machine, start, end, duration``.
    """

    bottleneck: Any
    sole_time: pd.Series
    shifting_time: pd.Series
    sole_share: pd.Series
    shifting_share: pd.Series
    horizon: float
    timeline: pd.DataFrame
    periods: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """Return the per-machine table, largest bottleneck time first.

        Returns
        -------
        pandas.DataFrame
            Columns ``sole_time, shifting_time, sole_share, shifting_share`` by machine.

        Examples
        --------
        >>> import pandas as pd
        >>> periods = pd.DataFrame({"machine": ["A", "B"], "start": [0.0, 5.0],
        ...                         "end": [10.0, 8.0]})
        >>> active_period(periods).to_frame()
                 sole_time  shifting_time  sole_share  shifting_share
        machine
        A             10.0            0.0         1.0             0.0
        B              0.0            0.0         0.0             0.0
        """
        frame = pd.DataFrame(
            {
                "sole_time": self.sole_time,
                "shifting_time": self.shifting_time,
                "sole_share": self.sole_share,
                "shifting_share": self.shifting_share,
            }
        )
        total = (frame["sole_time"] + frame["shifting_time"]).to_numpy()
        return frame.iloc[np.argsort(-total, kind="stable")]


def _cover_max(left: Any, right: Any, priority: Any, m: int) -> Any:
    """For each of ``m`` cells, the highest priority among the ranges [left, right) covering it.

    Each range is split into two (possibly overlapping) aligned-size blocks of 2**k cells, k =
    floor(log2(length)); block maxima are pushed down level by level (a sparse table of
    range-maximum updates), O((n + m) log m) with numpy, -1 where no range covers a cell.
    """
    length = right - left
    level = np.floor(np.log2(np.maximum(length, 1))).astype(np.int64)
    # guard against rounding of log2 at exact powers of two
    level -= (np.left_shift(1, level) > length).astype(np.int64)
    level += (np.left_shift(1, level + 1) <= length).astype(np.int64)
    top = int(level.max()) if len(level) else 0
    order = np.argsort(level, kind="stable")
    bounds = np.searchsorted(level[order], np.arange(top + 2))
    carried: Any = None
    for k in range(top, -1, -1):
        idx = order[bounds[k] : bounds[k + 1]]
        cells = np.full(m, -1, dtype=np.int64)
        if len(idx):
            size = 1 << k
            p = priority[idx]
            np.maximum.at(cells, left[idx], p)
            np.maximum.at(cells, right[idx] - size, p)
        if carried is not None:
            half = 1 << k
            np.maximum(cells, carried, out=cells)
            np.maximum(cells[half:], carried[:-half], out=cells[half:])
        carried = cells
    return carried


def active_period(
    intervals: Any,
    *,
    machine: Any = "machine",
    start: Any = "start",
    end: Any = "end",
    state: Any = None,
    active: Sequence[Any] | str = _DEFAULT_ACTIVE,
) -> ActivePeriodResult:
    """Roser's active period method: sole and shifting bottlenecks over time.

    Parameters
    ----------
    intervals : pandas.DataFrame or dask.dataframe.DataFrame
        Active intervals of the machines (any row order; never modified), or a full machine
        state log when ``state`` is given.
    machine, start, end : column name
        Machine label, interval start and end (numbers or timestamps).
    state : column name, optional
        State of each interval. When given, the frame is a state log (its intervals of one
        machine must not overlap) and only the rows whose state is in ``active`` are used.
    active : state label or list of labels
        The active states (working, setup or changeover, repair), used with ``state``.

    Returns
    -------
    ActivePeriodResult
        ``sole_time``, ``shifting_time`` (Series by machine), their shares of the horizon,
        the ``bottleneck`` and the momentary bottleneck ``timeline``.

    Raises
    ------
    InvalidInputError
        A missing column, an empty frame, an interval ending before it starts, missing
        machine labels or times; with ``state``: overlapping intervals of one machine, or
        no active interval.

    Notes
    -----
    Overlapping or touching active intervals of one machine are merged into *active periods*
    (a machine working, then changing over, then working again is one period). At each
    instant *t* the *momentary bottleneck* is the machine whose active period containing *t*
    is the longest (ties: the period that started first, then the machine first in log
    order). The maximal stretches with one momentary bottleneck period form the sequence of
    *bottleneck periods* :math:`P_1, P_2, \\dots` (each the whole active period of its
    machine). Where two consecutive bottleneck periods overlap,
    :math:`P_k \\cap P_{k+1}`, both machines are *shifting* bottlenecks; the rest of the
    time of the momentary bottleneck is *sole*. The shifting time of a machine is the
    length of the union of the overlaps of its bottleneck periods with their neighbours;
    sole and shifting time never overlap, so sole + shifting time of a machine is at most its
    active time. Instants with no machine active have no bottleneck.

    A Dask frame is reduced per partition to its merged active periods (the state-log
    checks then run within each partition), which are gathered on the client and merged
    again across partition boundaries; the sweep runs on that pandas frame of periods
    (timestamps come back as naive UTC).

    Computation: one sort of the period boundaries; each period's priority (duration, then
    start) is written onto the elementary intervals between boundaries that it covers by a
    sparse table of range-maximum updates (O(n log n), no loop over instants or periods).

    References
    ----------
    .. [1] C. Roser, M. Nakano and M. Tanaka, "A practical bottleneck detection method",
       Proc. 2001 Winter Simulation Conference, pp. 949-953, doi:10.1109/WSC.2001.977398.
    .. [2] C. Roser, M. Nakano and M. Tanaka, "Shifting bottleneck detection", Proc. 2002
       Winter Simulation Conference, pp. 1079-1086, doi:10.1109/WSC.2002.1166360.

    Examples
    --------
    >>> import pandas as pd
    >>> periods = pd.DataFrame({
    ...     "machine": ["M1", "M2", "M1", "M2"],
    ...     "start": [0.0, 3.0, 12.0, 14.0],
    ...     "end": [10.0, 15.0, 20.0, 16.0],
    ... })
    >>> r = active_period(periods)
    >>> r.sole_time.to_dict(), r.shifting_time.to_dict()
    ({'M1': 7.0, 'M2': 2.0}, {'M1': 11.0, 'M2': 11.0})
    >>> r.timeline
       start   end machine      kind
    0    0.0   3.0      M1      sole
    1    3.0  10.0      M1  shifting
    2    3.0  10.0      M2  shifting
    3   10.0  12.0      M2      sole
    4   12.0  16.0      M2  shifting
    5   12.0  16.0      M1  shifting
    6   16.0  20.0      M1      sole

    M2's two touching intervals form one period (3 to 16), the longest, so M2 is the
    momentary bottleneck from 3 to 16; its period overlaps M1's first period (3 to 10) and
    second period (12 to 16): shifting bottlenecks there.
    """
    func = "active_period"
    if is_dask(intervals):
        intervals = _dask_periods(func, intervals, machine, start, end, state, active)
        state = None
    lg, mach, t0, t1 = _active_intervals(func, intervals, machine, start, end, state, active)
    pm, ps, pe = _merge(mach, t0, t1)
    return _active_period(lg, pm, ps, pe)


def _active_intervals(
    func: str, intervals: Any, machine: Any, start: Any, end: Any, state: Any, active: Any
) -> tuple[_Log, Any, Any, Any]:
    """The active intervals of a frame (all rows, or the rows in active states)."""
    if state is not None:
        vocab = {_ACTIVE: _check_states(func, "active", active, empty_ok=False)}
        _check_column(func, "state", state)
        lg = _read_log(
            func,
            "intervals",
            intervals,
            machine,
            start,
            end,
            state,
            _state_vocab(vocab, intervals, state),
        )
        keep = lg.category == _ACTIVE
        mach, t0, t1 = lg.machine[keep], lg.start[keep], lg.end[keep]
    else:
        _check_states(func, "active", active, empty_ok=False)
        lg = _read_log(func, "intervals", intervals, machine, start, end, overlap="merge")
        mach, t0, t1 = lg.machine, lg.start, lg.end
    if len(mach) == 0:
        raise invalid(
            func,
            "intervals",
            "at least one active interval of positive length",
            "<none>",
        )
    return lg, mach, t0, t1


def _dask_periods(
    func: str, intervals: Any, machine: Any, start: Any, end: Any, state: Any, active: Any
) -> pd.DataFrame:
    """Active periods of a Dask frame: merged per partition, then gathered (one row each)."""
    for param, col in (("machine", machine), ("start", start), ("end", end)):
        _check_column(func, param, col)
    _check_column(func, "state", state, optional=True)
    _check_states(func, "active", active, empty_ok=False)
    columns = [machine, start, end] + ([] if state is None else [state])
    require_columns(func, "intervals", intervals, columns)
    sample = intervals._meta
    numeric_times = sample[start].dtype.kind in "iuf"
    meta = pd.DataFrame(
        {
            machine: pd.Series([], dtype=sample[machine].dtype),
            start: pd.Series([], dtype=np.float64 if numeric_times else "datetime64[ns]"),
            end: pd.Series([], dtype=np.float64 if numeric_times else "datetime64[ns]"),
        }
    )

    def part(frame: pd.DataFrame) -> pd.DataFrame:
        if len(frame) == 0:
            return meta
        if (
            state is not None
            and not frame[state].isin([active] if isinstance(active, str) else list(active)).any()
        ):
            return meta
        lg, mach, t0, t1 = _active_intervals(func, frame, machine, start, end, state, active)
        pm, ps, pe = _merge(mach, t0, t1)
        return pd.DataFrame(
            {machine: lg.machines.take(pm), start: lg.to_time(ps), end: lg.to_time(pe)}
        )

    gathered: pd.DataFrame = intervals.map_partitions(part, meta=meta).compute()
    if len(gathered) == 0:
        raise invalid(
            func, "intervals", "at least one active interval of positive length", "<none>"
        )
    return gathered.reset_index(drop=True)


def _state_vocab(
    vocab: dict[int, tuple[Any, ...]], frame: object, state: Any
) -> dict[int, tuple[Any, ...]]:
    """With only the active states named, every other state of the log is inactive."""
    if not isinstance(frame, pd.DataFrame) or state not in frame.columns:
        return vocab
    others = tuple(s for s in pd.unique(frame[state].dropna()) if s not in vocab[_ACTIVE])
    return vocab | {_BLOCKED: others}


def _active_period(lg: _Log, pm: Any, ps: Any, pe: Any) -> ActivePeriodResult:
    n = len(pm)
    dur = pe - ps
    # priority: longer first, then earlier start, then machine order
    best_first = np.lexsort((pm, ps, -dur))
    priority = np.empty(n, dtype=np.int64)
    priority[best_first] = np.arange(n - 1, -1, -1)
    bounds, inverse = np.unique(np.concatenate([ps, pe]), return_inverse=True)
    m = len(bounds) - 1
    left, right = inverse[:n], inverse[n:]
    winner_priority = _cover_max(left, right, priority, m)
    covered = winner_priority >= 0
    winner = np.full(m, -1, dtype=np.int64)
    winner[covered] = best_first[n - 1 - winner_priority[covered]]
    # runs of one bottleneck period
    cells = np.flatnonzero(covered)
    change = np.ones(len(cells), dtype=bool)
    change[1:] = winner[cells[1:]] != winner[cells[:-1]]
    run_period = winner[cells[change]]
    rs, re_ = ps[run_period], pe[run_period]
    # overlaps of consecutive bottleneck periods
    lo = np.maximum(rs[:-1], rs[1:])
    hi = np.minimum(re_[:-1], re_[1:])
    has = hi > lo
    lo, hi = lo[has], hi[has]
    pair = np.flatnonzero(has)
    # cells inside any overlap
    mark = np.zeros(m + 1, dtype=np.int64)
    np.add.at(mark, np.searchsorted(bounds, lo), 1)
    np.add.at(mark, np.searchsorted(bounds, hi), -1)
    shifting_cell = np.cumsum(mark)[:m] > 0
    width = np.diff(bounds)
    sole_cell = covered & ~shifting_cell
    n_m = len(lg.machines)
    scale = lg.scale
    sole = np.bincount(
        pm[winner[sole_cell]], weights=width[sole_cell].astype(np.float64), minlength=n_m
    )
    # shifting time per run: union of its overlap with the previous and the next run
    n_runs = len(run_period)
    prev_lo = np.full(n_runs, 0, dtype=ps.dtype)
    prev_hi = np.full(n_runs, 0, dtype=ps.dtype)
    next_lo = np.full(n_runs, 0, dtype=ps.dtype)
    next_hi = np.full(n_runs, 0, dtype=ps.dtype)
    next_lo[pair], next_hi[pair] = lo, hi
    prev_lo[pair + 1], prev_hi[pair + 1] = lo, hi
    inter = np.maximum(
        np.minimum(prev_hi, next_hi) - np.maximum(prev_lo, next_lo), np.zeros(1, ps.dtype)
    )
    union = (prev_hi - prev_lo) + (next_hi - next_lo) - inter
    shifting = np.bincount(pm[run_period], weights=union.astype(np.float64), minlength=n_m)
    horizon = float(pe.max() - ps.min()) * scale
    index = lg.machines.rename("machine") if lg.machines.name is None else lg.machines
    sole_s = pd.Series(sole * scale, index=index, name="sole_time")
    shift_s = pd.Series(shifting * scale, index=index, name="shifting_time")
    total = sole_s.to_numpy() + shift_s.to_numpy()
    # the timeline: sole stretches (runs of sole cells of one period) and shifting rows
    sc = np.flatnonzero(sole_cell)
    brk = np.ones(len(sc), dtype=bool)
    brk[1:] = (winner[sc[1:]] != winner[sc[:-1]]) | (sc[1:] != sc[:-1] + 1)
    heads = np.flatnonzero(brk)
    last = np.append(heads[1:], len(sc)) - 1
    sole_rows = (bounds[sc[heads]], bounds[sc[last] + 1], pm[winner[sc[heads]]])
    a_lo = np.concatenate([lo, lo])
    a_hi = np.concatenate([hi, hi])
    a_m = np.concatenate([pm[run_period[pair]], pm[run_period[pair + 1]]])
    kinds = np.concatenate([np.zeros(len(heads), np.int64), np.ones(2 * len(lo), np.int64)])
    t_start = np.concatenate([sole_rows[0], a_lo])
    t_end = np.concatenate([sole_rows[1], a_hi])
    t_mach = np.concatenate([sole_rows[2], a_m])
    seq = np.concatenate([np.arange(len(heads)), np.tile(np.arange(len(lo)), 2) * 2 + 1])
    order = np.lexsort((seq, t_start))
    timeline = pd.DataFrame(
        {
            "start": lg.to_time(t_start[order]),
            "end": lg.to_time(t_end[order]),
            "machine": lg.machines.take(t_mach[order]),
            "kind": np.array(["sole", "shifting"], dtype=object)[kinds[order]],
        }
    )
    periods = pd.DataFrame(
        {
            "machine": lg.machines.take(pm),
            "start": lg.to_time(ps),
            "end": lg.to_time(pe),
            "duration": dur.astype(np.float64) * scale,
        }
    )
    denom = horizon if horizon > 0 else 1.0
    return ActivePeriodResult(
        bottleneck=index[int(np.argmax(total))],
        sole_time=sole_s,
        shifting_time=shift_s,
        sole_share=(sole_s / denom).rename("sole_share"),
        shifting_share=(shift_s / denom).rename("shifting_share"),
        horizon=horizon,
        timeline=timeline,
        periods=periods,
    )


# --------------------------------------------------------------------------------------------
# turning point and arrow methods
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TurningPointResult(Result):
    """Turning point and arrow methods on a serial line.

    Attributes
    ----------
    bottleneck : object
        The turning-point bottleneck: among the candidates, the machine with the smallest
        blockage + starvation.
    candidates : list
        Machines at which blockage minus starvation turns from positive (upstream) to
        negative (downstream), in line order.
    difference : Series
        Blockage minus starvation by machine, in line order.
    total : Series
        Blockage plus starvation by machine.
    arrows : Series
        Arrow between each machine and the next (indexed by the upstream machine): +1 points
        downstream (the machine is blocked more than the next is starved), -1 upstream, 0
        neither.
    arrow_bottlenecks : list
        Machines no arrow points away from, in line order.
    arrow_bottleneck : object
        The arrow-method bottleneck: the one of ``arrow_bottlenecks`` with the largest
        severity.
    severity : Series
        Arrow-method severity of each arrow bottleneck.
    """

    bottleneck: Any
    candidates: list[Any]
    difference: pd.Series
    total: pd.Series
    arrows: pd.Series
    arrow_bottlenecks: list[Any]
    arrow_bottleneck: Any
    severity: pd.Series

    def to_frame(self) -> pd.DataFrame:
        """Return the per-machine table in line order.

        Returns
        -------
        pandas.DataFrame
            Columns ``difference, total, arrow`` (to the next machine; 0 for the last),
            ``candidate``, ``bottleneck``, ``arrow_bottleneck`` (bools) and ``severity``
            (0 for machines an arrow leaves), indexed by machine.

        Examples
        --------
        >>> t = turning_point([0.2, 0.1, 0.0], [0.0, 0.05, 0.3]).to_frame()
        >>> t[["difference", "arrow", "bottleneck", "severity"]]
                 difference  arrow  bottleneck  severity
        machine
        0              0.20      1       False      0.00
        1              0.05     -1        True      0.35
        2             -0.30      0       False      0.00
        """
        index = self.difference.index
        frame = pd.DataFrame({"difference": self.difference, "total": self.total})
        frame["arrow"] = self.arrows.reindex(index, fill_value=0).astype(np.int64)
        frame["candidate"] = index.isin(self.candidates)
        frame["bottleneck"] = index.isin([self.bottleneck])
        frame["arrow_bottleneck"] = index.isin([self.arrow_bottleneck])
        frame["severity"] = self.severity.reindex(index, fill_value=0.0)
        return frame


def _line_values(func: str, name: str, values: object) -> tuple[Any, pd.Index | None]:
    arr = as_float_array(func, name, values, ndim=1, min_size=2, nan_hint=False)
    if (arr < 0).any():
        pos = int(np.flatnonzero(arr < 0)[0])
        raise invalid(func, name, ">= 0", f"<{arr[pos]} at position {pos}>")
    index = values.index if isinstance(values, pd.Series) else None
    return arr, index


def turning_point(
    blockage: Any,
    starvation: Any,
    *,
    line: Sequence[Any] | None = None,
) -> TurningPointResult:
    """Turning point (and arrow) bottleneck of a serial line from blockage and starvation.

    Parameters
    ----------
    blockage, starvation : array_like or Series
        Blockage and starvation of each machine of the line (times, shares of time or
        frequencies, >= 0; the same measure for both), in line order, or Series by machine.
        ``UtilizationBottleneckResult`` gives them from a state log (``blocked_share``,
        ``starved_share`` or the ``_frequency`` fields).
    line : sequence of machine labels, optional
        The machines in flow order. With Series inputs it selects and orders their entries;
        with arrays it labels them. Default: the Series' order, else 0, 1, ...

    Returns
    -------
    TurningPointResult

    Raises
    ------
    InvalidInputError
        Fewer than two machines, negative or missing values, lengths that differ, a ``line``
        naming a machine the Series lack or naming one twice.

    Notes
    -----
    Turning point (Li, Chang and Ni, 2009): with :math:`d_j = B_j - S_j`, machine *j* is a
    candidate when :math:`d_{j-1} > 0` (or *j* is first) and :math:`d_{j+1} < 0` (or *j* is
    last): upstream machines are blocked more than starved, downstream ones starved more
    than blocked. Among several candidates the bottleneck has the smallest
    :math:`B_j + S_j`. When no machine qualifies (e.g. all :math:`d_j = 0`), the machine
    with the smallest :math:`B_j + S_j` is returned.

    Arrow method (Kuo, Lim and Meerkov, 1996): between machines *i* and *i+1* the arrow
    points downstream when :math:`B_i > S_{i+1}` and upstream when :math:`B_i < S_{i+1}`.
    A machine no arrow leaves is a bottleneck; the primary one has the largest severity
    :math:`|S_{j+1} - B_j| + |B_{j-1} - S_j|` (one term at the ends of the line).

    References
    ----------
    .. [1] L. Li, Q. Chang and J. Ni, "Data driven bottleneck detection of manufacturing
       systems", Int. J. Production Research 47(18), 2009, pp. 5019-5036,
       doi:10.1080/00207540701881860.
    .. [2] C.-T. Kuo, J.-T. Lim and S. M. Meerkov, "Bottlenecks in serial production lines:
       a system-theoretic approach", Mathematical Problems in Engineering 2(3), 1996,
       pp. 233-276, doi:10.1155/S1024123X96000348.

    Examples
    --------
    >>> r = turning_point([0.30, 0.20, 0.05, 0.01], [0.00, 0.05, 0.10, 0.25],
    ...                   line=["M1", "M2", "M3", "M4"])
    >>> r.candidates, r.bottleneck, r.arrow_bottleneck
    (['M2', 'M3'], 'M3', 'M3')
    """
    func = "turning_point"
    b, b_index = _line_values(func, "blockage", blockage)
    s, s_index = _line_values(func, "starvation", starvation)
    if line is not None:
        if isinstance(line, str) or not isinstance(line, Sequence | pd.Index | np.ndarray):
            raise invalid(func, "line", "None or a sequence of machine labels", line)
        labels = list(line)
        if len(set(labels)) != len(labels) or len(labels) < 2:
            raise invalid(func, "line", "at least two distinct machine labels", line)
        b = _select(func, "blockage", b, b_index, labels)
        s = _select(func, "starvation", s, s_index, labels)
        index = pd.Index(labels, name="machine")
    else:
        if len(b) != len(s):
            raise invalid(
                func, "starvation", f"as long as blockage ({len(b)} machines)", f"<{len(s)}>"
            )
        if b_index is not None and s_index is not None and not b_index.equals(s_index):
            s = _select(func, "starvation", s, s_index, list(b_index))
        index = pd.Index(b_index if b_index is not None else np.arange(len(b)), name="machine")
    n = len(b)
    d = b - s
    tot = b + s
    up = np.concatenate([[True], d[:-1] > 0])
    down = np.concatenate([d[1:] < 0, [True]])
    cand = np.flatnonzero(up & down)
    pool = cand if len(cand) else np.arange(n)
    pick = int(pool[np.argmin(tot[pool])])
    arrows = np.sign(b[:-1] - s[1:]).astype(np.int64)
    # arrow +1 between i and i+1 points from i to i+1 (it leaves i); -1 leaves i+1
    leaves_right = np.concatenate([arrows == 1, [False]])
    leaves_left = np.concatenate([[False], arrows == -1])
    no_exit = np.flatnonzero(~leaves_right & ~leaves_left)
    sev = np.zeros(n)
    sev[:-1] += np.abs(s[1:] - b[:-1])
    sev[1:] += np.abs(b[:-1] - s[1:])
    # a finite line always has a machine no arrow leaves (an arrow leaves the first machine
    # only towards the second, and so on)
    arrow_pick = int(no_exit[np.argmax(sev[no_exit])]) if len(no_exit) else pick
    return TurningPointResult(
        bottleneck=index[pick],
        candidates=[index[i] for i in cand],
        difference=pd.Series(d, index=index, name="difference"),
        total=pd.Series(tot, index=index, name="total"),
        arrows=pd.Series(arrows, index=index[:-1], name="arrows"),
        arrow_bottlenecks=[index[i] for i in no_exit],
        arrow_bottleneck=index[arrow_pick],
        severity=pd.Series(sev[no_exit], index=index[no_exit], name="severity"),
    )


def _select(func: str, name: str, values: Any, index: pd.Index | None, labels: list[Any]) -> Any:
    if index is None:
        if len(values) != len(labels):
            raise invalid(
                func, name, f"one value per machine of line ({len(labels)})", f"<{len(values)}>"
            )
        return values
    pos = index.get_indexer(pd.Index(labels)) if index.is_unique else np.full(len(labels), -1)
    if (pos < 0).any():
        missing = labels[int(np.flatnonzero(pos < 0)[0])]
        raise invalid(func, name, "a Series holding every machine of line", f"<no {missing!r}>")
    return values[pos]
