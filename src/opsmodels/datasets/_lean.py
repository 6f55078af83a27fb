"""Synthetic lean sample data: a machine state log with production counts, an order event log,
a value stream and the task precedence graph of an assembly line.

Every data set is generated in code (the random ones from a fixed seed), so each call returns
the same data and no file is read. Times are in seconds.
"""

from __future__ import annotations

from typing import Any, Final

import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "MACHINE_STATE_CATEGORIES",
    "ORDER_STANDARD_PATH",
    "assembly_tasks",
    "machine_states",
    "order_events",
    "value_stream_steps",
]

#: State label of :func:`machine_states` -> loss category of
#: :func:`opsmodels.lean.oee_from_states` (the six big losses follow from the categories).
MACHINE_STATE_CATEGORIES: Final[dict[str, str]] = {
    "running": "running",
    "breakdown": "breakdown",
    "changeover": "setup",
    "minor_stop": "small_stop",
    "break": "planned_stop",
    "not_scheduled": "planned_stop",
}

#: The standard route of an order in :func:`order_events`; other activities are off it.
ORDER_STANDARD_PATH: Final[tuple[str, ...]] = (
    "receive order",
    "check design",
    "cut",
    "bend",
    "weld",
    "inspect",
    "paint",
    "pack",
    "ship",
)

_STATES_SEED: Final = 20260302
_ORDERS_SEED: Final = 20260316

_FIRST_DAY: Final = pd.Timestamp("2026-03-02")  # a Monday
_DAYS: Final = 5
_HOUR: Final = 3_600
#: Shifts as (name, start hour, scheduled); the night is not scheduled (TEEP counts it).
_SHIFTS: Final = (("early", 6, True), ("late", 14, True), ("night", 22, False))
_SHIFT_HOURS: Final = 8
_BREAK_AFTER, _BREAK_LENGTH = 4 * _HOUR, 1_800  # a 30-minute break mid-shift

#: Per machine: ideal cycle time [s], speed range (share of the ideal rate), probability of a
#: changeover at shift start, mean running time between stops [s], share of stops that are
#: breakdowns, mean breakdown length [s], reject rate.
_MACHINES: Final[dict[str, dict[str, Any]]] = {
    "press-1": {
        "ideal": 12.0,
        "speed": (0.88, 0.97),
        "changeover": 0.6,
        "run": 1_500.0,
        "breakdown": 0.10,
        "repair": 1_200.0,
        "reject": 0.015,
    },
    "press-2": {
        "ideal": 12.0,
        "speed": (0.80, 0.92),
        "changeover": 0.6,
        "run": 1_200.0,
        "breakdown": 0.18,
        "repair": 1_500.0,
        "reject": 0.025,
    },
    "lathe-1": {
        "ideal": 45.0,
        "speed": (0.90, 0.98),
        "changeover": 0.3,
        "run": 2_400.0,
        "breakdown": 0.08,
        "repair": 2_400.0,
        "reject": 0.04,
    },
}

_STATE_COLUMNS: Final = (
    "machine",
    "day",
    "shift",
    "state",
    "start",
    "end",
    "ideal_cycle_time",
    "total_count",
    "good_count",
    "startup_rejects",
)


def _fill(
    rng: np.random.Generator, begin: int, finish: int, spec: dict[str, Any]
) -> list[tuple[str, int, int]]:
    """Running intervals interrupted by minor stops and breakdowns over [begin, finish)."""
    out: list[tuple[str, int, int]] = []
    t = begin
    while t < finish:
        run = max(int(rng.exponential(spec["run"])), 120)
        out.append(("running", t, min(t + run, finish)))
        t += run
        if t >= finish:
            break
        if rng.random() < spec["breakdown"]:
            stop = "breakdown"
            length = int(np.clip(rng.exponential(spec["repair"]), 300, 5_400))
        else:
            stop = "minor_stop"
            length = int(rng.integers(45, 300))
        out.append((stop, t, min(t + length, finish)))
        t += length
    return out


def machine_states() -> pd.DataFrame:
    """A machine state log: three machines over a working week, with production counts.

    Two presses and a lathe run an early (06:00-14:00) and a late (14:00-22:00) shift from
    Monday 2 March 2026 to Friday; the night (22:00-06:00) is not scheduled. Each shift has a
    30-minute break after four hours and may start with a changeover; running is interrupted by
    minor stops (under five minutes) and breakdowns. ``press-2`` breaks down most and runs
    slowest; ``lathe-1`` makes the most rejects. The states map onto the six big losses through
    :data:`MACHINE_STATE_CATEGORIES`.

    Returns
    -------
    pandas.DataFrame
        One row per state interval, in time order, with columns ``machine`` (str), ``day``
        (date the shift starts), ``shift`` ("early", "late", "night"), ``state`` ("running",
        "breakdown", "changeover", "minor_stop", "break", "not_scheduled"), ``start`` and
        ``end`` (timestamps, whole seconds; the intervals of a machine tile the week without
        gaps or overlaps), ``ideal_cycle_time`` [s per unit] and, on running intervals, the
        units made: ``total_count``, ``good_count`` and ``startup_rejects`` (rejects of the
        first run after a changeover, part of the bad units); 0 on other states.
        ``frame.attrs`` holds ``categories`` (the state -> loss category mapping) and
        ``ideal_cycle_time`` (by machine).

    Notes
    -----
    Running times between stops are exponential (a mean of 20 to 40 minutes by machine); a stop
    is a breakdown with a machine-specific probability (length exponential, 5 to 90 minutes),
    else a minor stop of 45 s to 5 min; changeovers take 15 to 45 minutes. A running interval
    makes floor(duration x speed / ideal cycle time) units at a speed drawn per shift below the
    ideal rate; rejects are binomial. Fixed seed: same output on every call.

    Examples
    --------
    >>> from opsmodels.datasets import machine_states, MACHINE_STATE_CATEGORIES
    >>> log = machine_states()
    >>> list(log.columns)[:6]
    ['machine', 'day', 'shift', 'state', 'start', 'end']
    >>> sorted(log["machine"].unique())
    ['lathe-1', 'press-1', 'press-2']
    >>> hours = (log["end"] - log["start"]).dt.total_seconds().groupby(log["machine"]).sum() / 3600
    >>> hours.tolist()
    [120.0, 120.0, 120.0]
    >>> bool((log["good_count"] <= log["total_count"]).all())
    True
    """
    rng = np.random.default_rng(_STATES_SEED)
    rows: list[tuple[Any, ...]] = []
    for machine, spec in _MACHINES.items():
        for day in range(_DAYS):
            date = _FIRST_DAY + pd.Timedelta(days=day)
            for shift, hour, scheduled in _SHIFTS:
                t0 = day * 24 * _HOUR + hour * _HOUR
                t1 = t0 + _SHIFT_HOURS * _HOUR
                if not scheduled:
                    rows.append((machine, date, shift, "not_scheduled", t0, t1, 0, 0, 0))
                    continue
                speed = rng.uniform(*spec["speed"])
                pause = t0 + _BREAK_AFTER
                intervals: list[tuple[str, int, int]] = []
                begin = t0
                changed = rng.random() < spec["changeover"]
                if changed:
                    begin = t0 + int(rng.integers(900, 2_700))
                    intervals.append(("changeover", t0, begin))
                intervals += _fill(rng, begin, pause, spec)
                intervals.append(("break", pause, pause + _BREAK_LENGTH))
                intervals += _fill(rng, pause + _BREAK_LENGTH, t1, spec)
                first_run = changed
                for state, a, b in intervals:
                    total = good = startup = 0
                    if state == "running":
                        total = int((b - a) * speed // spec["ideal"])
                        if first_run:
                            startup = min(int(rng.poisson(6)), total)
                            first_run = False
                        bad = startup + int(rng.binomial(total - startup, spec["reject"]))
                        good = total - bad
                    rows.append((machine, date, shift, state, a, b, total, good, startup))
    data = pd.DataFrame(
        rows,
        columns=[
            "machine",
            "day",
            "shift",
            "state",
            "start",
            "end",
            "total_count",
            "good_count",
            "startup_rejects",
        ],
    )
    origin = _FIRST_DAY
    data["start"] = origin + pd.to_timedelta(data["start"], unit="s")
    data["end"] = origin + pd.to_timedelta(data["end"], unit="s")
    data["ideal_cycle_time"] = data["machine"].map({m: s["ideal"] for m, s in _MACHINES.items()})
    data = data.sort_values(["start", "machine"], kind="stable", ignore_index=True)
    frame = data[list(_STATE_COLUMNS)]
    frame.attrs.update(
        categories=dict(MACHINE_STATE_CATEGORIES),
        ideal_cycle_time={m: s["ideal"] for m, s in _MACHINES.items()},
    )
    return frame


#: Order process: activity -> (resources, location, mean service time [min], mean wait in
#: front of it [h]).
_ACTIVITIES: Final[dict[str, tuple[tuple[str, ...], str, float, float]]] = {
    "receive order": (("sales-ana", "sales-ben"), "office", 15.0, 0.0),
    "check design": (("eng-chen", "eng-dara"), "office", 60.0, 3.0),
    "revise design": (("eng-chen", "eng-dara"), "office", 90.0, 2.0),
    "expedite": (("sales-ana", "sales-ben"), "office", 20.0, 0.5),
    "cut": (("laser-1",), "fabrication", 40.0, 6.0),
    "bend": (("brake-1", "brake-2"), "fabrication", 35.0, 2.0),
    "weld": (("welder-1", "welder-2", "welder-3"), "fabrication", 75.0, 10.0),
    "inspect": (("qa-1", "qa-2"), "fabrication", 20.0, 1.0),
    "paint": (("paint-line",), "paint shop", 50.0, 8.0),
    "extra inspection": (("qa-1", "qa-2"), "paint shop", 25.0, 1.0),
    "pack": (("packer-1",), "warehouse", 15.0, 2.0),
    "ship": (("packer-1", "dispatch"), "warehouse", 10.0, 4.0),
}
_ORDERS: Final = 300
_ORDER_DAYS: Final = 20
#: Probabilities: design revised (each check), order expedited, weld rejected at the first and
#: at a later inspection, painted order inspected again.
_P_REVISE, _P_EXPEDITE, _P_FAIL_FIRST, _P_FAIL_AGAIN, _P_EXTRA = 0.18, 0.10, 0.20, 0.10, 0.25


def _route(rng: np.random.Generator) -> list[str]:
    route = ["receive order", "check design"]
    while rng.random() < _P_REVISE and route.count("revise design") < 2:
        route += ["revise design", "check design"]
    if rng.random() < _P_EXPEDITE:
        route.append("expedite")
    route += ["cut", "bend", "weld", "inspect"]
    fail = _P_FAIL_FIRST
    while rng.random() < fail and route.count("weld") < 3:
        route += ["weld", "inspect"]
        fail = _P_FAIL_AGAIN
    route.append("paint")
    if rng.random() < _P_EXTRA:
        route.append("extra inspection")
    route += ["pack", "ship"]
    return route


def order_events() -> pd.DataFrame:
    """An event log of 300 make-to-order jobs in a sheet-metal shop, with waste to find.

    Orders arrive over four weeks (from 2 March 2026) and follow the standard route
    :data:`ORDER_STANDARD_PATH` (receive order, check design, cut, bend, weld, inspect, paint,
    pack, ship) with the lean wastes an event log can show: long waits (above all in front of
    welding and painting), rework loops (a design revised and checked again; welds rejected at
    inspection and welded again), activities off the standard path (expediting, an extra
    inspection after painting: overprocessing), and hand-offs between people, machines and
    locations (office, fabrication, paint shop, warehouse: transport).

    Returns
    -------
    pandas.DataFrame
        One row per event, ordered by case then start, with columns ``case`` ("order-001"
        ...), ``activity``, ``resource``, ``location``, ``start`` and ``end`` (timestamps,
        whole seconds; the shop's clock runs around the day). ``frame.attrs`` holds
        ``standard_path`` (a list).

    Notes
    -----
    Arrivals are uniform over 20 days; the wait in front of each activity is exponential with
    an activity-specific mean (0.5 to 10 hours) and service times are gamma distributed (shape
    4) with a mean of 10 to 90 minutes. A design is revised with probability 0.18 (at most
    twice), an order expedited with probability 0.10, a weld rejected with probability 0.20
    (0.10 after a repair; at most three welds) and a painted order inspected again with
    probability 0.25. Waits are drawn, not simulated queues, so a resource may serve two orders
    at once. Fixed seed: same output on every call.

    Examples
    --------
    >>> from opsmodels.datasets import order_events
    >>> log = order_events()
    >>> list(log.columns)
    ['case', 'activity', 'resource', 'location', 'start', 'end']
    >>> int(log["case"].nunique())
    300
    >>> bool((log["end"] >= log["start"]).all())
    True
    >>> log.attrs["standard_path"][:3]
    ['receive order', 'check design', 'cut']
    """
    rng = np.random.default_rng(_ORDERS_SEED)
    arrivals = np.sort(rng.uniform(0.0, _ORDER_DAYS * 24 * _HOUR, size=_ORDERS))
    cases: list[str] = []
    activities: list[str] = []
    resources: list[str] = []
    locations: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, arrival in enumerate(arrivals):
        t = float(arrival)
        for activity in _route(rng):
            pool, location, service, wait = _ACTIVITIES[activity]
            if wait > 0:
                t += rng.exponential(wait * _HOUR)
            begin = round(t)
            finish = begin + max(round(rng.gamma(4.0, service * 60.0 / 4.0)), 60)
            cases.append(f"order-{i + 1:03d}")
            activities.append(activity)
            resources.append(pool[int(rng.integers(len(pool)))])
            locations.append(location)
            starts.append(begin)
            ends.append(finish)
            t = float(finish)
    origin = _FIRST_DAY + pd.Timedelta(hours=8)
    frame = pd.DataFrame(
        {
            "case": cases,
            "activity": activities,
            "resource": resources,
            "location": locations,
            "start": origin + pd.to_timedelta(np.array(starts), unit="s"),
            "end": origin + pd.to_timedelta(np.array(ends), unit="s"),
        }
    )
    frame.attrs["standard_path"] = list(ORDER_STANDARD_PATH)
    return frame


#: Value stream of :func:`value_stream_steps`: demand per month, working days, available time
#: per day [s] (two shifts of 7.5 hours).
_VSM_DEMAND, _VSM_DAYS, _VSM_AVAILABLE = 9_600.0, 20.0, 54_000.0


def value_stream_steps() -> pd.DataFrame:
    """The current-state value stream of a welded steel frame, from raw sheet to shipping.

    Six steps in flow order: cut, bend, weld, paint, assemble and ship, with the inventory
    waiting in front of each (raw sheets before cutting, finished frames before shipping).
    Demand is 9,600 frames over 20 working days of two 7.5-hour shifts (takt 112.5 s). No cycle
    time exceeds the takt, but welding's uptime of 85 % makes it the constraint (effective
    cycle time 123.5 s).

    Returns
    -------
    pandas.DataFrame
        6 rows with the columns :func:`opsmodels.lean.value_stream` reads by default:
        ``step``, ``cycle_time`` [s], ``changeover`` [s], ``uptime`` (share), ``operators``,
        ``value_added_time`` [s] and ``inventory_before`` [units]. ``frame.attrs`` holds
        ``demand`` (per month), ``working_days``, ``available_time`` (per day, seconds) and
        ``day_length`` (seconds in a calendar day).

    Examples
    --------
    >>> from opsmodels.datasets import value_stream_steps
    >>> from opsmodels.lean import value_stream
    >>> steps = value_stream_steps()
    >>> steps["step"].tolist()
    ['cut', 'bend', 'weld', 'paint', 'assemble', 'ship']
    >>> a = steps.attrs
    >>> r = value_stream(steps, demand=a["demand"], available_time=a["available_time"],
    ...                  working_days=a["working_days"])
    >>> r.takt_time, r.constraint_step, round(r.lead_time_days, 1)
    (112.5, 'weld', 17.0)
    """
    frame = pd.DataFrame(
        {
            "step": ["cut", "bend", "weld", "paint", "assemble", "ship"],
            "cycle_time": [35.0, 60.0, 105.0, 45.0, 100.0, 0.0],
            "changeover": [1_800.0, 900.0, 600.0, 2_700.0, 0.0, 0.0],
            "uptime": [0.90, 0.95, 0.85, 0.92, 1.0, 1.0],
            "operators": [1.0, 1.0, 2.0, 1.0, 3.0, 1.0],
            "value_added_time": [35.0, 60.0, 90.0, 45.0, 85.0, 0.0],
            "inventory_before": [2_400.0, 1_200.0, 1_680.0, 960.0, 720.0, 1_200.0],
        }
    )
    frame.attrs.update(
        demand=_VSM_DEMAND,
        working_days=_VSM_DAYS,
        available_time=_VSM_AVAILABLE,
        day_length=86_400.0,
    )
    return frame


#: Assembly tasks of :func:`assembly_tasks`: task -> (description, time [s], predecessors).
_TASKS: Final[dict[str, tuple[str, float, tuple[str, ...]]]] = {
    "A": ("mount base plate", 40.0, ()),
    "B": ("fit motor bracket", 25.0, ("A",)),
    "C": ("install motor", 45.0, ("B",)),
    "D": ("pre-assemble wiring harness", 30.0, ()),
    "E": ("fit switch", 20.0, ("D",)),
    "F": ("connect harness to motor", 35.0, ("C", "E")),
    "G": ("fit fan blade", 20.0, ("C",)),
    "H": ("attach front guard", 25.0, ("G",)),
    "I": ("fit rear cover", 30.0, ("F",)),
    "J": ("fasten cover screws", 10.0, ("H", "I")),
    "K": ("function test", 15.0, ("J",)),
    "L": ("label and final check", 5.0, ("K",)),
}


def assembly_tasks() -> nx.DiGraph[str]:
    """The task precedence graph of a fan assembly line: 12 tasks, 300 s of work per unit.

    Returns
    -------
    networkx.DiGraph
        One node per task ("A" ... "L") with attributes ``duration`` [s] and ``description``;
        an edge u -> v when v needs u done first. ``graph.graph`` holds ``takt_time`` (112.5 s,
        the takt of :func:`value_stream_steps`) and ``unit`` ("s"). A new graph on every call.

    Examples
    --------
    >>> from opsmodels.datasets import assembly_tasks
    >>> from opsmodels.lean import line_balance
    >>> g = assembly_tasks()
    >>> g.number_of_nodes(), sum(d for _, d in g.nodes(data="duration"))
    (12, 300.0)
    >>> line_balance(g, g.graph["takt_time"]).stations
    3
    """
    graph: nx.DiGraph[str] = nx.DiGraph(
        takt_time=_VSM_AVAILABLE * _VSM_DAYS / _VSM_DEMAND, unit="s"
    )
    for task, (description, duration, _) in _TASKS.items():
        graph.add_node(task, duration=duration, description=description)
    for task, (_, _, preds) in _TASKS.items():
        graph.add_edges_from((p, task) for p in preds)
    return graph
