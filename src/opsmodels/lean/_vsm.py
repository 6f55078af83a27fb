r"""Value stream maps as data: the lead-time ladder, PCE, takt against cycle time, the constraint
step, inventory days, a future-state what-if, and branching or merging streams.

A value stream is a table of steps in flow order (a DataFrame) or an ``nx.DiGraph`` of steps
(branching and merging streams), each step with its cycle time, changeover, uptime, operators,
value-added time and the inventory waiting in front of it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from opsmodels._results import Plottable, Result
from opsmodels._validation import Interval, as_scalar, check, invalid, require_columns
from opsmodels.lean._flow import process_cycle_efficiency, takt_time

__all__ = ["FutureStateResult", "ValueStreamResult", "future_state", "value_stream"]

_FUNC = "value_stream"
_NONNEG = Interval(0, None)
_COLUMNS = (
    "cycle_time",
    "changeover",
    "uptime",
    "operators",
    "value_added_time",
    "inventory_before",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueStreamResult(Result, Plottable):
    """A value stream map's numbers.

    Attributes
    ----------
    ladder : pandas.DataFrame
        One row per step (indexed by step): the inputs under their standard names
        (``cycle_time, changeover, uptime, operators, value_added_time, inventory_before``) plus ``inventory_days`` (the
        inventory in front of the step over the daily demand), ``process_time`` (its
        value-added time), ``effective_cycle_time`` (cycle time / uptime), ``takt_ratio``
        (cycle time / takt), ``over_takt`` and ``critical`` (on the longest path).
    lead_time : float
        LT, production lead time along the critical path [time units of the steps]:
        inventory days x ``day_length`` plus the process times.
    lead_time_days : float
        The same lead time in days.
    value_added_time : float
        VA, the process (value-added) time along the critical path [time].
    process_cycle_efficiency : float
        PCE = VA / LT, in [0, 1].
    takt_time : float
        Takt, the available time per day over the daily demand [time per unit].
    daily_demand : float
        Demand per working day [units].
    inventory_days : float
        Inventory days along the critical path (the ladder's waiting part of the lead time).
    total_inventory_days : float
        Inventory days of every step (equal to ``inventory_days`` for a linear stream).
    steps_over_takt : list
        Steps whose cycle time exceeds the takt time, in flow order.
    constraint_step : Hashable
        The step with the highest effective cycle time (cycle time / uptime).
    critical_path : list
        Steps on the longest (critical) path, in flow order.
    edges : list
        The stream's flow edges (consecutive steps for a table).
    available_time, demand, working_days, day_length : float
        The arguments, kept for :func:`future_state`.
    value_added_given : bool
        False when the value-added time was taken from the cycle time (no column); a
        future-state change of the cycle time then changes the value-added time too.

    Examples
    --------
    >>> steps = pd.DataFrame({"step": ["a", "b"], "cycle_time": [20.0, 40.0],
    ...                       "inventory_before": [50.0, 25.0]})
    >>> r = value_stream(steps, demand=50.0, available_time=1_800.0, day_length=3_600.0,
    ...                  changeover=None, uptime=None, operators=None, value_added_time=None)
    >>> r.ladder["inventory_days"].tolist(), r.lead_time, r.critical_path
    ([1.0, 0.5], 5460.0, ['a', 'b'])
    """

    ladder: pd.DataFrame
    lead_time: float
    lead_time_days: float
    value_added_time: float
    process_cycle_efficiency: float
    takt_time: float
    daily_demand: float
    inventory_days: float
    total_inventory_days: float
    steps_over_takt: list[Hashable]
    constraint_step: Hashable
    critical_path: list[Hashable]
    edges: list[tuple[Hashable, Hashable]]
    available_time: float
    demand: float
    working_days: float
    day_length: float
    value_added_given: bool


def _frame_from_graph(graph: Any, names: dict[str, str | None]) -> tuple[pd.DataFrame, list[Any]]:
    if graph.number_of_nodes() == 0:
        raise invalid(_FUNC, "steps", "a non-empty DataFrame or nx.DiGraph of steps", graph)
    if not nx.is_directed_acyclic_graph(graph):
        raise invalid(_FUNC, "steps", "an acyclic nx.DiGraph (a stream flows one way)", graph)
    order = list(nx.topological_sort(graph))
    rows: dict[str, list[Any]] = {}
    for col, attr in names.items():
        if attr is None:
            continue
        missing = [n for n in order if attr not in graph.nodes[n]]
        if missing:
            raise invalid(
                _FUNC,
                col,
                f"an attribute of every node of steps ({attr!r})",
                f"<node {missing[0]!r} without it>",
            )
        rows[attr] = [graph.nodes[n][attr] for n in order]
    frame = pd.DataFrame(rows, index=pd.Index(order, name="step"))
    return frame, list(graph.edges)


def _steps_frame(
    steps: Any, step: str | None, names: dict[str, str | None]
) -> tuple[pd.DataFrame, list[Any]]:
    if isinstance(steps, nx.DiGraph):
        return _frame_from_graph(steps, names)
    if not isinstance(steps, pd.DataFrame):
        raise invalid(_FUNC, "steps", "a DataFrame or nx.DiGraph of steps", steps)
    require_columns(_FUNC, "steps", steps, [step, *names.values()])
    if len(steps) == 0:
        raise invalid(_FUNC, "steps", "a DataFrame with at least one step", "<an empty DataFrame>")
    labels = steps[step] if step is not None else steps.index
    index = pd.Index(list(labels), name="step")
    if index.has_duplicates:
        raise invalid(
            _FUNC, "step", "unique step labels", f"<duplicated {index[index.duplicated()][0]!r}>"
        )
    frame = pd.DataFrame(
        {attr: steps[attr].to_numpy() for attr in names.values() if attr is not None}, index=index
    )
    return frame, list(pairwise(index))


def _column(
    frame: pd.DataFrame, param: str, attr: str | None, spec: Interval, default: float | None
) -> Any:
    if attr is None:
        return np.full(len(frame), default, dtype=np.float64)
    try:
        values = pd.to_numeric(frame[attr], errors="raise").to_numpy(dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid(_FUNC, param, "a numeric column", frame[attr]) from None
    check(_FUNC, param, values, spec)
    return values


def _build(
    frame: pd.DataFrame,
    edges: list[Any],
    names: dict[str, str | None],
    demand: float,
    available_time: float,
    working_days: float,
    day_length: float,
) -> ValueStreamResult:
    cycle = _column(frame, "cycle_time", names["cycle_time"], _NONNEG, None)
    changeover = _column(frame, "changeover", names["changeover"], _NONNEG, 0.0)
    uptime = _column(frame, "uptime", names["uptime"], Interval(0, 1, closed="right"), 1.0)
    operators = _column(frame, "operators", names["operators"], _NONNEG, 0.0)
    va_attr = names["value_added_time"]
    va = (
        cycle.copy()
        if va_attr is None
        else _column(frame, "value_added_time", va_attr, _NONNEG, None)
    )
    inventory = _column(frame, "inventory_before", names["inventory_before"], _NONNEG, 0.0)

    daily_demand = demand / working_days
    takt = float(takt_time(available_time, daily_demand))
    inv_days = inventory / daily_demand
    weight = inv_days * day_length + va

    # Longest path through the stream (node weights), by dynamic programming in flow order.
    order = list(frame.index)
    pos = {s: i for i, s in enumerate(order)}
    preds: dict[int, list[int]] = {i: [] for i in range(len(order))}
    for u, v in edges:
        preds[pos[v]].append(pos[u])
    best = np.zeros(len(order))
    back = np.full(len(order), -1)
    for i in range(len(order)):
        if preds[i]:
            j = max(preds[i], key=lambda k: best[k])
            best[i] = best[j] + weight[i]
            back[i] = j
        else:
            best[i] = weight[i]
    end = int(np.argmax(best))
    path = [end]
    while back[path[-1]] >= 0:
        path.append(int(back[path[-1]]))
    path.reverse()
    critical = np.zeros(len(order), dtype=bool)
    critical[path] = True

    lead_time = float(best[end])
    va_total = float(va[critical].sum())
    effective = cycle / uptime
    # A stream with no waiting and no process time has nothing to be efficient about: PCE 0.
    pce = float(process_cycle_efficiency(va_total, lead_time)) if lead_time > 0 else 0.0
    ladder = pd.DataFrame(
        {
            "cycle_time": cycle,
            "changeover": changeover,
            "uptime": uptime,
            "operators": operators,
            "value_added_time": va,
            "inventory_before": inventory,
        },
        index=frame.index,
    )
    ladder["inventory_days"] = inv_days
    ladder["process_time"] = va
    ladder["effective_cycle_time"] = effective
    ladder["takt_ratio"] = cycle / takt
    ladder["over_takt"] = cycle > takt
    ladder["critical"] = critical
    return ValueStreamResult(
        ladder=ladder,
        lead_time=lead_time,
        lead_time_days=lead_time / day_length,
        value_added_time=va_total,
        process_cycle_efficiency=pce,
        takt_time=float(takt),
        daily_demand=float(daily_demand),
        inventory_days=float(inv_days[critical].sum()),
        total_inventory_days=float(inv_days.sum()),
        steps_over_takt=[order[i] for i in np.flatnonzero(cycle > takt)],
        constraint_step=order[int(np.argmax(effective))],
        critical_path=[order[i] for i in path],
        edges=list(edges),
        available_time=available_time,
        demand=demand,
        working_days=working_days,
        day_length=day_length,
        value_added_given=va_attr is not None,
    )


def _names(
    cycle_time: str,
    changeover: str | None,
    uptime: str | None,
    operators: str | None,
    value_added_time: str | None,
    inventory_before: str | None,
) -> dict[str, str | None]:
    names = {
        "cycle_time": cycle_time,
        "changeover": changeover,
        "uptime": uptime,
        "operators": operators,
        "value_added_time": value_added_time,
        "inventory_before": inventory_before,
    }
    for param, value in names.items():
        if value is not None and not isinstance(value, str):
            raise invalid(_FUNC, param, "a column name (str) or None", value)
    if not isinstance(cycle_time, str):
        raise invalid(_FUNC, "cycle_time", "a column name (str)", cycle_time)
    return names


def value_stream(
    steps: pd.DataFrame | nx.DiGraph[Any],
    *,
    demand: float,
    available_time: float,
    working_days: float = 1.0,
    day_length: float = 86_400.0,
    step: str | None = "step",
    cycle_time: str = "cycle_time",
    changeover: str | None = "changeover",
    uptime: str | None = "uptime",
    operators: str | None = "operators",
    value_added_time: str | None = "value_added_time",
    inventory_before: str | None = "inventory_before",
) -> ValueStreamResult:
    r"""The numbers of a value stream map: lead-time ladder, PCE, takt and the constraint.

    Parameters
    ----------
    steps : DataFrame or nx.DiGraph
        The steps in flow order, one row each (a DataFrame), or a directed acyclic graph of
        steps (branching and merging streams) whose nodes carry the columns as attributes.
    demand : float
        Customer demand over ``working_days`` days (> 0) [units].
    available_time : float
        Net available working time per day (> 0) [time units of the steps].
    working_days : float
        Working days in the demand period (> 0); the daily demand is demand / working_days.
    day_length : float
        Length of one lead-time day in the steps' time unit (> 0; default 86,400 s), used to add
        inventory days and process times into one lead time.
    step : str or None
        Column with the step labels (None: the DataFrame's index; ignored for a graph, whose
        nodes are the steps).
    cycle_time, changeover, uptime, operators, value_added_time, inventory_before : str or None
        Column (node attribute) names. ``cycle_time`` is required (>= 0); the others may be None:
        no changeover, uptime 1 (in (0, 1]), no operators, value-added time equal to the cycle
        time, no inventory (units waiting in front of the step, >= 0).

    Returns
    -------
    ValueStreamResult
        The ladder table and the stream's totals; the lead time runs along the longest path.

    Raises
    ------
    InvalidInputError
        If ``steps`` is not a non-empty DataFrame with the named columns or an acyclic graph
        whose nodes carry them, a column is non-numeric, negative, NaN or infinite, an uptime is
        outside (0, 1], step labels repeat, or a scalar is not positive.

    Notes
    -----
    With daily demand :math:`d = D / n_{days}`: takt :math:`= T_{available}/d`; inventory days
    :math:`I_i/d` (Little's law); lead time :math:`LT = \max_{paths} \sum_{i \in path}
    (I_i/d \cdot T_{day} + VA_i)`; :math:`PCE = VA_{path}/LT`; the constraint is
    :math:`\arg\max_i C_i/U_i`, and steps with :math:`C_i > T_{takt}` cannot keep pace.

    References
    ----------
    .. [1] M. Rother and J. Shook, *Learning to See*, Lean Enterprise Institute, 1999,
       pp. 28-35 (the Acme Stamping current-state map: takt 60 s, lead time 23.6 days,
       processing time 188 s).
    .. [2] M. L. George, *Lean Six Sigma*, McGraw-Hill, 2002, ch. 2 (process cycle efficiency).

    Examples
    --------
    >>> steps = pd.DataFrame({"step": ["cut", "weld"], "cycle_time": [30.0, 70.0],
    ...                       "inventory_before": [120.0, 60.0], "uptime": [1.0, 0.9]})
    >>> r = value_stream(steps, demand=120.0, available_time=3_600.0, changeover=None,
    ...                  operators=None, value_added_time=None)
    >>> r.takt_time, r.total_inventory_days, r.steps_over_takt, r.constraint_step
    (30.0, 1.5, ['weld'], 'weld')
    """
    names = _names(cycle_time, changeover, uptime, operators, value_added_time, inventory_before)
    if step is not None and not isinstance(step, str):
        raise invalid(_FUNC, "step", "a column name (str) or None", step)
    d = as_scalar(_FUNC, "demand", demand, Interval(0, None, closed="neither"))
    t = as_scalar(_FUNC, "available_time", available_time, Interval(0, None, closed="neither"))
    n = as_scalar(_FUNC, "working_days", working_days, Interval(0, None, closed="neither"))
    day = as_scalar(_FUNC, "day_length", day_length, Interval(0, None, closed="neither"))
    for name, value in (
        ("demand", d),
        ("available_time", t),
        ("working_days", n),
        ("day_length", day),
    ):
        if not np.isfinite(value):
            raise invalid(_FUNC, name, "finite", value)
    frame, edges = _steps_frame(steps, step, names)
    return _build(frame, edges, names, d, t, n, day)


@dataclass(frozen=True, slots=True, kw_only=True)
class FutureStateResult(Result, Plottable):
    """A future-state what-if of a value stream.

    Attributes
    ----------
    current : ValueStreamResult
        The stream as it is.
    future : ValueStreamResult
        The stream with the changes applied.
    deltas : dict
        Future minus current for ``lead_time``, ``lead_time_days``, ``value_added_time``,
        ``process_cycle_efficiency``, ``inventory_days`` and ``total_inventory_days``.

    Examples
    --------
    >>> steps = pd.DataFrame({"step": ["a", "b"], "cycle_time": [20.0, 40.0],
    ...                       "inventory_before": [50.0, 25.0]})
    >>> f = future_state(steps, {"b": {"cycle_time": 30.0}}, demand=50.0,
    ...                  available_time=1_800.0, changeover=None, uptime=None,
    ...                  operators=None, value_added_time=None)
    >>> f.deltas["value_added_time"], f.future.steps_over_takt
    (-10.0, [])
    """

    current: ValueStreamResult
    future: ValueStreamResult
    deltas: dict[str, float]


_DELTAS = (
    "lead_time",
    "lead_time_days",
    "value_added_time",
    "process_cycle_efficiency",
    "inventory_days",
    "total_inventory_days",
)


def future_state(
    current: ValueStreamResult | pd.DataFrame | nx.DiGraph[Any],
    changes: Mapping[Hashable, Mapping[str, float]],
    *,
    demand: float | None = None,
    available_time: float | None = None,
    working_days: float = 1.0,
    day_length: float = 86_400.0,
    **columns: str | None,
) -> FutureStateResult:
    r"""Future-state what-if: change some steps' values and compare the value streams.

    Parameters
    ----------
    current : ValueStreamResult, DataFrame or nx.DiGraph
        The current state, as a result of :func:`value_stream` or as its ``steps``.
    changes : mapping
        Step label -> {column name: new value}, e.g. ``{"weld": {"inventory_before": 0}}``.
    demand, available_time, working_days, day_length : float
        As in :func:`value_stream`, when ``current`` is steps (``demand`` and
        ``available_time`` are then required); ignored for a result, which keeps its own.
    **columns : str or None
        Column names (``step``, ``cycle_time``, ...) as in :func:`value_stream`, for steps.

    Returns
    -------
    FutureStateResult
        ``current``, ``future`` and the ``deltas`` (future - current) of the totals.

    Raises
    ------
    InvalidInputError
        If a changed step or column does not exist, a new value is invalid, or ``current`` is
        none of the accepted kinds.

    Notes
    -----
    The future state is recomputed from scratch with the same demand and available time, so
    every derived number (takt ratios, constraint, critical path) follows the changes.

    References
    ----------
    .. [1] M. Rother and J. Shook, *Learning to See*, Lean Enterprise Institute, 1999,
       pp. 57-81 (drawing the future-state map).

    Examples
    --------
    >>> steps = pd.DataFrame({"step": ["cut", "weld"], "cycle_time": [30.0, 70.0],
    ...                       "inventory_before": [120.0, 60.0]})
    >>> r = value_stream(steps, demand=120.0, available_time=3_600.0, changeover=None,
    ...                  uptime=None, operators=None, value_added_time=None)
    >>> f = future_state(r, {"weld": {"inventory_before": 0.0}})
    >>> f.deltas["total_inventory_days"]
    -0.5
    """
    fs = "future_state"
    if isinstance(current, ValueStreamResult):
        base = current
    elif isinstance(current, (pd.DataFrame, nx.DiGraph)):
        if demand is None:
            raise invalid(fs, "demand", "given (> 0) when current is steps", demand)
        if available_time is None:
            raise invalid(fs, "available_time", "given (> 0) when current is steps", available_time)
        unknown = sorted(set(columns) - {"step", *_COLUMNS})
        if unknown:
            msg = f"future_state() got an unexpected keyword argument {unknown[0]!r}"
            raise TypeError(msg)
        base = value_stream(
            current,
            demand=demand,
            available_time=available_time,
            working_days=working_days,
            day_length=day_length,
            **columns,  # type: ignore[arg-type]
        )
    else:
        raise invalid(fs, "current", "a ValueStreamResult, a DataFrame or an nx.DiGraph", current)
    if not isinstance(changes, Mapping):
        raise invalid(fs, "changes", "a mapping of step -> {column: value}", changes)
    ladder = base.ladder.copy()
    inputs = list(_COLUMNS)
    for label, new in changes.items():
        if label not in ladder.index:
            raise invalid(
                fs, "changes", f"keyed by steps of the stream {list(ladder.index)!r}", label
            )
        if not isinstance(new, Mapping):
            raise invalid(fs, "changes", "a mapping of step -> {column: value}", new)
        for col, value in new.items():
            if col not in inputs:
                raise invalid(fs, "changes", f"naming columns among {inputs!r}", col)
            check(fs, "changes", value, Interval(0, None))
            ladder.loc[label, col] = float(value)
        if not base.value_added_given and "cycle_time" in new and "value_added_time" not in new:
            ladder.loc[label, "value_added_time"] = float(new["cycle_time"])
    names: dict[str, str | None] = {c: c for c in _COLUMNS}
    future = _build(
        ladder[inputs],
        base.edges,
        names,
        base.demand,
        base.available_time,
        base.working_days,
        base.day_length,
    )
    future = replace(future, value_added_given=base.value_added_given)
    deltas = {k: float(getattr(future, k) - getattr(base, k)) for k in _DELTAS}
    return FutureStateResult(current=base, future=future, deltas=deltas)
