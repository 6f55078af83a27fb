"""Synthetic process sample data: a small machine shop (its steps table and an event log of it)
and a bank branch's arrival profile over a day for teller staffing.

Every data set is generated in code (the event log from a fixed seed), so each call returns the
same frame and no file is read.
"""

from __future__ import annotations

import heapq
from typing import Final

import numpy as np
import pandas as pd

from opsmodels._validation import InstanceOf, Interval, check

__all__ = [
    "SHOP_RELEASE_RATE",
    "branch_arrivals",
    "shop_event_log",
    "shop_steps",
]

#: Release rate of jobs into the machine shop of :func:`shop_steps` [jobs per minute]
#: (7.2 jobs an hour), the rate :func:`shop_event_log` simulates.
SHOP_RELEASE_RATE: Final = 0.12

_LOG_SEED: Final = 20260401
_LOG_START: Final = pd.Timestamp("2026-03-02 06:00")

# step, next step, routing probability, process time [min], servers, availability, yield
_STEPS: Final = [
    ("saw", "mill", 1.0, 4.0, 1, None, None),
    ("mill", "weld", 1.0, 11.0, 2, 0.95, None),
    ("weld", "inspect", 1.0, 6.0, 1, None, None),
    ("inspect", "paint", 0.85, 2.5, 1, None, 0.98),
    ("inspect", "weld", 0.15, 2.5, 1, None, 0.98),
    ("paint", "pack", 1.0, 6.8, 1, None, None),
    ("pack", None, None, 3.0, 1, None, None),
]


def shop_steps() -> pd.DataFrame:
    """The steps of a small machine shop: one row per routing, with the stations' attributes.

    Six stations in a line, saw → mill → weld → inspect → paint → pack, with a rework loop:
    15 % of the parts passing inspection go back to welding, and inspection scraps 2 %.
    Process times are in minutes per part on one server; the mill has two machines that are
    up 95 % of the time. At :data:`SHOP_RELEASE_RATE` (0.12 parts per minute) the welder,
    visited 1.17 times per part because of rework, is the bottleneck, with paint close
    behind; the values are fixed, so every call returns the same frame.

    Returns
    -------
    pandas.DataFrame
        Columns ``step, next_step, probability, process_time, servers, availability,
        yield``, the input of :func:`opsmodels.process.process_graph_from_frame` (``pack``
        has no successor; availability and yield are missing where they are 1).

    Examples
    --------
    >>> from opsmodels import constraints, process
    >>> g = process.process_graph_from_frame(shop_steps())
    >>> list(g.nodes)
    ['saw', 'mill', 'weld', 'inspect', 'paint', 'pack']
    >>> r = constraints.bottleneck(g, external_arrivals=SHOP_RELEASE_RATE)
    >>> r.bottleneck, r.near_bottlenecks, round(r.capacity * 60, 2)  # parts per hour
    ('weld', ['weld', 'paint'], 8.53)
    """
    columns = ["step", "next_step", "probability", "process_time", "servers"]
    frame = pd.DataFrame([row[:5] for row in _STEPS], columns=columns)
    frame["availability"] = [np.nan if row[5] is None else row[5] for row in _STEPS]
    frame["yield"] = [np.nan if row[6] is None else row[6] for row in _STEPS]
    frame["servers"] = frame["servers"].astype(np.int64)
    return frame


def shop_event_log(jobs: int = 400) -> pd.DataFrame:
    """An event log of the machine shop of :func:`shop_steps`: one row per operation.

    Jobs are released as a Poisson stream at :data:`SHOP_RELEASE_RATE` per minute from
    Monday 2 March 2026, 06:00, and follow the routing of :func:`shop_steps` (rework back to
    welding, scrap at inspection) through stations that serve them first come, first served
    on their machines (``mill-1``, ``mill-2``, ...), with gamma-distributed process times
    (coefficient of variation 0.5) around the effective process times. Round the clock, no
    calendar. Generated from a fixed seed: every call with the same ``jobs`` returns the same
    frame.

    Parameters
    ----------
    jobs : int
        Number of jobs (cases) released, >= 1.

    Returns
    -------
    pandas.DataFrame
        Columns ``case`` (``"J0001"`` ...), ``activity`` (the station), ``resource`` (the
        machine), ``start`` and ``end`` (datetime64 timestamps), in order of start time; about
        6.3 events per job.

    Raises
    ------
    InvalidInputError
        If ``jobs`` is not an integer >= 1.

    Examples
    --------
    >>> log = shop_event_log()
    >>> len(log), log["case"].nunique()
    (2514, 400)
    >>> log.columns.tolist()
    ['case', 'activity', 'resource', 'start', 'end']
    >>> bool((log["end"] > log["start"]).all())
    True
    """
    func = "shop_event_log"
    check(func, "jobs", jobs, InstanceOf(int, np.integer, name="an integer >= 1"))
    check(func, "jobs", jobs, Interval(1, None, integer=True))
    rng = np.random.default_rng(_LOG_SEED)
    steps = shop_steps()
    stations = list(dict.fromkeys(steps["step"]))
    first = steps.drop_duplicates("step").set_index("step")
    te = first["process_time"] / first["availability"].fillna(1.0)
    servers = first["servers"].to_dict()
    good = first["yield"].fillna(1.0).to_dict()
    routes: dict[str, tuple[list[str], list[float]]] = {}
    for s, group in steps.dropna(subset=["next_step"]).groupby("step", sort=False):
        routes[str(s)] = (group["next_step"].tolist(), group["probability"].tolist())
    free = {s: [(0.0, k) for k in range(int(servers[s]))] for s in stations}
    releases = np.cumsum(rng.exponential(1.0 / SHOP_RELEASE_RATE, size=int(jobs)))
    shape = 4.0  # gamma shape: cv 0.5
    rows: list[tuple[str, str, str, float, float]] = []
    # jobs move one station at a time in order of readiness (an event list), so every
    # station serves them first come, first served
    ready: list[tuple[float, int, str]] = [
        (float(t), j, stations[0]) for j, t in enumerate(releases)
    ]
    heapq.heapify(ready)
    while ready:
        t, j, station = heapq.heappop(ready)
        free_at, machine = heapq.heappop(free[station])
        start = max(t, free_at)
        end = start + float(rng.gamma(shape, float(te[station]) / shape))
        heapq.heappush(free[station], (end, machine))
        rows.append((f"J{j + 1:04d}", station, f"{station}-{machine + 1}", start, end))
        if rng.random() >= good[station] or station not in routes:
            continue  # scrapped, or finished
        targets, probs = routes[station]
        u = rng.random()
        cum = np.cumsum(probs)
        if u < cum[-1]:
            heapq.heappush(ready, (end, j, str(targets[int(np.searchsorted(cum, u, "right"))])))
    frame = pd.DataFrame(rows, columns=["case", "activity", "resource", "start", "end"])
    for col in ("start", "end"):
        minutes = frame[col].to_numpy() * 60_000  # ms
        frame[col] = _LOG_START + pd.to_timedelta(np.round(minutes), unit="ms")
    return frame.sort_values(["start", "case"], kind="stable", ignore_index=True)


# customers per 15 minutes, 09:00-17:00: a morning rush, a lunch peak, a late-afternoon rise
_ARRIVALS: Final = [
    8, 12, 15, 18, 20, 19, 17, 15,  # 09:00-10:45
    14, 14, 15, 17, 21, 26, 30, 31,  # 11:00-12:45
    29, 25, 20, 16, 14, 13, 13, 14,  # 13:00-14:45
    15, 17, 20, 22, 21, 18, 13, 9,  # 15:00-16:45
]  # fmt: skip
# mean handle time [min]: longer business transactions early, quick deposits at lunch
_HANDLE: Final = [
    6.5, 6.5, 6.0, 6.0, 5.5, 5.5, 5.5, 5.5,
    5.5, 5.5, 5.0, 5.0, 4.5, 4.5, 4.5, 4.5,
    4.5, 4.5, 5.0, 5.0, 5.5, 5.5, 5.5, 5.5,
    5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.5, 6.0,
]  # fmt: skip


def branch_arrivals() -> pd.DataFrame:
    """A bank branch's teller workload over a day in 15-minute intervals (09:00-17:00).

    Customers arriving per interval (a morning rush, a lunch peak, a late-afternoon rise;
    571 in the day) and the mean handle time at the counter per interval, in minutes. Fixed
    values, so every call returns the same frame: the input of a teller staffing plan with
    :func:`opsmodels.queueing.staffing`.

    Returns
    -------
    pandas.DataFrame
        32 rows, columns ``interval`` (start time, ``"09:00"`` ...), ``arrivals``
        (customers, int) and ``handle_time`` (minutes, float).

    Examples
    --------
    >>> from opsmodels import queueing
    >>> b = branch_arrivals()
    >>> b.shape, int(b["arrivals"].sum())
    ((32, 3), 571)
    >>> plan = queueing.staffing(b["arrivals"] / 15, b["handle_time"], answer_time=5.0,
    ...                          service_level=0.8, shrinkage=0.25)
    >>> int(plan.agents.max()), int(plan.scheduled_agents.max())
    (11, 15)
    """
    minutes = 9 * 60 + 15 * np.arange(len(_ARRIVALS))
    labels = [f"{m // 60:02d}:{m % 60:02d}" for m in minutes.tolist()]
    return pd.DataFrame(
        {
            "interval": labels,
            "arrivals": np.array(_ARRIVALS, dtype=np.int64),
            "handle_time": np.array(_HANDLE, dtype=np.float64),
        }
    )
