r"""Assembly line balancing: SALBP-1 (fewest stations for a cycle time) and SALBP-2 (shortest
cycle time for a number of stations) on a task precedence graph.

The tasks are the nodes of an ``nx.DiGraph`` whose edges point from a task to the tasks that
may start only after it; each node carries its duration as an attribute. Exact answers come
from a station-oriented, depth-first branch and bound over maximal station loads (Jackson's
dominance rule; the lower bounds LB1-LB3 of Scholl and Klein at the root, LB1 at every node;
memory of the task sets already reached), started from the best heuristic balance, with a
station-indexed MILP (Patterson and Albracht's station windows) solved by
``scipy.optimize.milp`` as a fallback past 200,000 nodes; heuristics (ranked positional weight,
largest candidate rule and a multi-rule forward/backward heuristic) report their gap to the
lower bound.
"""

from __future__ import annotations

import heapq
import math
import numbers
import time
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd

from opsmodels._results import Plottable, Result
from opsmodels._typing import FloatArray
from opsmodels._validation import InstanceOf, Interval, OneOf, as_scalar, check, invalid
from opsmodels.errors import InfeasibleError

__all__ = [
    "LineBalanceResult",
    "line_balance",
    "line_balance_bounds",
    "line_balance_type2",
]

Method = Literal["exact", "milp", "rpw", "lcr", "multi"]
_METHODS = ("exact", "milp", "rpw", "lcr", "multi")


@dataclass(frozen=True, slots=True, kw_only=True)
class LineBalanceResult(Result, Plottable):
    """A line balance: tasks assigned to stations.

    Attributes
    ----------
    stations : int
        m, the number of stations.
    assignment : dict
        Task -> station number (1, 2, ... in line order).
    cycle_time : float
        c, the cycle time balanced for.
    station_times : ndarray
        S_k, the work content of each station.
    idle_times : ndarray
        c - S_k, the idle time of each station.
    theoretical_minimum : int
        ceil(Σt / c), the classic lower bound on the stations.
    lower_bound : int
        The best lower bound known: the largest of Scholl and Klein's LB1, LB2, LB3 and
        Martello and Toth's bin-packing bound L2.
    gap : int
        stations - lower_bound (0 proves the balance optimal).
    optimal : bool
        Whether the station count is proven minimal (by the exact search or by the bound).
    efficiency : float
        E = Σt / (m c).
    balance_delay : float
        D = 1 - E.
    smoothness_index : float
        SI = sqrt(Σ_k (max S - S_k)²) (Moodie and Young).
    method : str
        The method used.
    task_times : dict
        Task -> task time t_i.
    """

    stations: int
    assignment: dict[Hashable, int]
    cycle_time: float
    station_times: FloatArray
    idle_times: FloatArray
    theoretical_minimum: int
    lower_bound: int
    gap: int
    optimal: bool
    efficiency: float
    balance_delay: float
    smoothness_index: float
    method: str
    task_times: dict[Hashable, float]

    def yamazumi(self) -> pd.DataFrame:
        """Yamazumi (stacked work) data: station x task, the task times where assigned, else 0.

        Returns
        -------
        pandas.DataFrame
            Index: station 1..m; columns: the tasks by station, in precedence order within a
            station; ``frame.sum(axis=1)`` is ``station_times``.
        """
        position = {task: i for i, task in enumerate(self.task_times)}  # precedence order
        tasks = sorted(self.assignment, key=lambda t: (self.assignment[t], position[t]))
        station = np.array([self.assignment[t] for t in tasks])
        frame = pd.DataFrame(
            0.0,
            index=pd.RangeIndex(1, self.stations + 1, name="station"),
            columns=pd.Index(tasks, name="task", dtype=object),
        )
        values = frame.to_numpy(copy=True)
        values[station - 1, np.arange(len(tasks))] = np.asarray(
            [self.task_times[t] for t in tasks], dtype=np.float64
        )
        return pd.DataFrame(values, index=frame.index, columns=frame.columns)


@dataclass(frozen=True, slots=True)
class _Problem:
    tasks: list[Hashable]
    times: FloatArray
    preds: list[int]  # bitmask of direct predecessors
    succs: list[list[int]]
    all_preds: list[int]  # bitmask of every (transitive) predecessor
    all_succs: list[int]
    total: float

    @property
    def n(self) -> int:
        return len(self.tasks)


def _bits_to_bool(bits: int, n: int) -> Any:
    raw = np.frombuffer(bits.to_bytes((n + 7) // 8 or 1, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:n].astype(bool)


def _problem(func: str, graph: Any, duration: Any) -> _Problem:
    check(func, "graph", graph, InstanceOf(nx.DiGraph, name="a networkx DiGraph"))
    check(func, "duration", duration, InstanceOf(str, name="a node attribute name"))
    if graph.number_of_nodes() == 0:
        raise invalid(func, "graph", "a graph with at least one task", "<an empty graph>")
    if graph.is_multigraph():
        raise invalid(func, "graph", "a DiGraph (not a multigraph)", graph)
    try:
        order = list(nx.topological_sort(graph))
    except nx.NetworkXUnfeasible:
        cycle = nx.find_cycle(graph)
        raise invalid(
            func, "graph", "a directed acyclic graph of task precedence", f"<a cycle {cycle!r}>"
        ) from None
    index = {task: i for i, task in enumerate(order)}
    times = np.empty(len(order))
    for i, task in enumerate(order):
        value = graph.nodes[task].get(duration)
        if (
            isinstance(value, bool | np.bool_)
            or not isinstance(value, numbers.Real)
            or not math.isfinite(float(value))
            or float(value) < 0
        ):
            raise invalid(
                func,
                "graph",
                f"nodes whose {duration!r} attribute is a finite number >= 0",
                f"<task {task!r} with {duration!r} = {value!r}>",
            )
        times[i] = float(value)
    n = len(order)
    preds = [0] * n
    succs: list[list[int]] = [[] for _ in range(n)]
    for u, v in graph.edges():
        if u == v:
            continue
        preds[index[v]] |= 1 << index[u]
        succs[index[u]].append(index[v])
    all_preds = [0] * n
    for i in range(n):
        bits = preds[i]
        acc = bits
        j = bits
        while j:
            low = j & -j
            acc |= all_preds[low.bit_length() - 1]
            j ^= low
        all_preds[i] = acc
    all_succs = [0] * n
    for i in range(n - 1, -1, -1):
        acc = 0
        for j in succs[i]:
            acc |= (1 << j) | all_succs[j]
        all_succs[i] = acc
    return _Problem(order, times, preds, succs, all_preds, all_succs, float(times.sum()))


def _cycle(func: str, cycle_time: Any, problem: _Problem) -> float:
    c = as_scalar(func, "cycle_time", cycle_time, Interval(0, None, closed="neither"))
    longest = float(problem.times.max())
    if longest > c * (1 + 1e-12):
        task = problem.tasks[int(np.argmax(problem.times))]
        raise InfeasibleError(
            f"No balancing at cycle time {c:g} in {func}: task {task!r} takes {longest:g}, "
            "longer than the cycle time."
        )
    return c


def _eps(c: float) -> float:
    return 1e-9 * max(c, 1.0)


def _martello_toth(times: FloatArray, c: float, eps: float) -> int:
    """Martello and Toth's bin-packing bound L2 (precedence ignored)."""
    t = np.sort(times)
    small = np.unique(np.concatenate([[0.0], t[t <= c / 2 + eps]]))
    if t.size > 4000:  # keep the (thresholds x tasks) table small
        small = small[np.linspace(0, small.size - 1, 200).astype(int)]
    k = small[:, None]
    j1 = t[None, :] > c - k + eps
    j2 = (t[None, :] > c / 2 + eps) & ~j1
    j3 = (t[None, :] >= k - eps) & (t[None, :] <= c / 2 + eps)
    n2 = j2.sum(axis=1)
    spare = n2 * c - (j2 * t).sum(axis=1)
    extra = np.maximum(0.0, np.ceil(((j3 * t).sum(axis=1) - spare) / c - 1e-9))
    return int(np.max(j1.sum(axis=1) + n2 + extra))


def _lower_bounds(times: FloatArray, c: float) -> tuple[int, int]:
    """(LB1 = ceil(Σt/c), the best of LB1, LB2, LB3 of Scholl and Klein and Martello and
    Toth's L2)."""
    eps = _eps(c)
    lb1 = max(1, math.ceil(float(times.sum()) / c - eps)) if times.size else 0
    big = np.count_nonzero(times > c / 2 + eps)
    half = np.count_nonzero(np.abs(times - c / 2) <= eps)
    lb2 = math.ceil(big + half / 2 - 1e-9)
    w3 = np.where(
        times > 2 * c / 3 + eps,
        1.0,
        np.where(
            np.abs(times - 2 * c / 3) <= eps,
            2 / 3,
            np.where(times > c / 3 + eps, 0.5, np.where(np.abs(times - c / 3) <= eps, 1 / 3, 0.0)),
        ),
    )
    lb3 = math.ceil(float(w3.sum()) - 1e-9)
    return lb1, max(lb1, lb2, lb3, _martello_toth(times, c, eps))


def _greedy(problem: _Problem, c: float, priority: FloatArray) -> list[int]:
    """Station-oriented list scheduling: fill each station with the highest-priority task that
    is available and fits; return the station (0-based) of each task."""
    n = problem.n
    eps = _eps(c)
    times = problem.times
    remaining = [p.bit_count() for p in problem.preds]
    heap = [(-priority[i], i) for i in range(n) if remaining[i] == 0]
    heapq.heapify(heap)
    station = [-1] * n
    k, load, done = 0, 0.0, 0
    while done < n:
        skipped = []
        chosen = -1
        while heap:
            item = heapq.heappop(heap)
            if load + times[item[1]] <= c + eps:
                chosen = item[1]
                break
            skipped.append(item)
        for item in skipped:
            heapq.heappush(heap, item)
        if chosen < 0:
            k, load = k + 1, 0.0
            continue
        station[chosen] = k
        load += times[chosen]
        done += 1
        for j in problem.succs[chosen]:
            remaining[j] -= 1
            if remaining[j] == 0:
                heapq.heappush(heap, (-priority[j], j))
    return station


def _reversed(problem: _Problem) -> _Problem:
    n = problem.n
    order = list(range(n - 1, -1, -1))
    pos = {old: new for new, old in enumerate(order)}

    def remap(bits: int) -> int:
        out = 0
        while bits:
            low = bits & -bits
            out |= 1 << pos[low.bit_length() - 1]
            bits ^= low
        return out

    preds = [0] * n
    succs: list[list[int]] = [[] for _ in range(n)]
    for old in range(n):
        for j in problem.succs[old]:  # edge old -> j becomes j -> old
            preds[pos[old]] |= 1 << pos[j]
            succs[pos[j]].append(pos[old])
    return _Problem(
        [problem.tasks[o] for o in order],
        problem.times[order],
        preds,
        succs,
        [remap(problem.all_succs[o]) for o in order],
        [remap(problem.all_preds[o]) for o in order],
        problem.total,
    )


def _weights(problem: _Problem) -> dict[str, FloatArray]:
    n = problem.n
    follow_time = np.empty(n)
    follow_count = np.empty(n)
    for i in range(n):
        mask = _bits_to_bool(problem.all_succs[i], n)
        follow_time[i] = problem.times[mask].sum()
        follow_count[i] = mask.sum()
    tie = -np.arange(n) * 1e-12  # deterministic ties: earlier tasks first
    scale = max(problem.total, 1.0)
    return {
        "rpw": problem.times + follow_time + tie * scale,
        "lcr": problem.times + tie * scale,
        "followers": follow_count + problem.times / (scale + 1.0) + tie,
    }


def _heuristic(problem: _Problem, c: float, method: str, lb: int) -> list[int]:
    weights = _weights(problem)
    if method in ("rpw", "lcr"):
        return _greedy(problem, c, weights[method])
    best: list[int] | None = None
    backward = _reversed(problem)
    back_weights = _weights(backward)
    n = problem.n
    for rule in ("rpw", "lcr", "followers"):
        for direction in ("forward", "backward"):
            if direction == "forward":
                station = _greedy(problem, c, weights[rule])
            else:
                rev = _greedy(backward, c, back_weights[rule])
                m = max(rev) + 1
                station = [m - 1 - rev[n - 1 - i] for i in range(n)]
            if best is None or max(station) < max(best):
                best = station
            if max(best) + 1 <= lb:
                return best
    assert best is not None
    if n <= 300:  # a few randomised ranked positional weights (a fixed seed: same answer)
        rng = np.random.default_rng(20_240_601)
        for trial in range(30):
            noise = rng.uniform(0.7, 1.3, n)
            if trial % 2 == 0:
                station = _greedy(problem, c, weights["rpw"] * noise)
            else:
                rev = _greedy(backward, c, back_weights["rpw"] * noise)
                m = max(rev) + 1
                station = [m - 1 - rev[n - 1 - i] for i in range(n)]
            if max(station) < max(best):
                best = station
                if max(best) + 1 <= lb:
                    break
    return best


def _branch_and_bound(
    problem: _Problem, c: float, upper: list[int], lb: int, time_budget: float
) -> tuple[list[int], bool]:
    """Station-oriented depth-first branch and bound over maximal loads; returns the station
    of each task and whether the search finished (proving optimality)."""
    n = problem.n
    times = [float(t) for t in problem.times]
    preds = problem.preds
    eps = _eps(c)
    full = (1 << n) - 1
    best_count = max(upper) + 1
    best: list[int] = list(upper)
    seen: dict[int, int] = {}
    nodes = 0
    path: list[int] = []
    deadline = time.perf_counter() + time_budget
    # task classes of the bounds LB2 and LB3, as bitmasks
    t_arr = problem.times

    def bits_of(flags: Any) -> int:
        return sum(1 << int(i) for i in np.flatnonzero(flags))

    big = bits_of(t_arr > c / 2 + eps)
    half = bits_of(np.abs(t_arr - c / 2) <= eps)
    w1 = bits_of(t_arr > 2 * c / 3 + eps)
    w23 = bits_of(np.abs(t_arr - 2 * c / 3) <= eps)
    w12 = bits_of((t_arr > c / 3 + eps) & (t_arr < 2 * c / 3 - eps))
    w13 = bits_of(np.abs(t_arr - c / 3) <= eps)

    def bound(rest_mask: int, rest: float) -> int:
        lb1 = math.ceil(rest / c - eps)
        lb2 = (rest_mask & big).bit_count() + math.ceil((rest_mask & half).bit_count() / 2)
        lb3 = math.ceil(
            (rest_mask & w1).bit_count()
            + 2 * (rest_mask & w23).bit_count() / 3
            + (rest_mask & w12).bit_count() / 2
            + (rest_mask & w13).bit_count() / 3
            - 1e-9
        )
        return max(1, lb1, lb2, lb3)

    def loads(mask: int) -> list[tuple[float, int]]:
        found: list[tuple[float, int]] = []

        def extend(cur: int, total: float, start: int) -> None:
            done = mask | cur
            extended = False
            for j in range(start, n):
                if not (done >> j) & 1 and preds[j] & ~done == 0 and total + times[j] <= c + eps:
                    extended = True
                    extend(cur | (1 << j), total + times[j], j + 1)
            if extended:
                return
            for j in range(start):
                if not (done >> j) & 1 and preds[j] & ~done == 0 and total + times[j] <= c + eps:
                    return  # a task left out would still fit: not a maximal load
            if cur:
                found.append((total, cur))

        extend(0, 0.0, 0)
        found.sort(key=lambda item: -item[0])
        return found

    def visit(mask: int, k: int, rest: float) -> bool:
        nonlocal best_count, best, nodes
        if mask == full:
            if k < best_count:
                best_count = k
                best = [0] * n
                for s, load in enumerate(path):
                    bits = load
                    while bits:
                        low = bits & -bits
                        best[low.bit_length() - 1] = s
                        bits ^= low
            return best_count <= lb
        if seen.get(mask, n + 1) <= k:
            return False
        if k + bound(full & ~mask, rest) >= best_count:
            return False
        seen[mask] = k
        nodes += 1
        if nodes & 255 == 0 and time.perf_counter() > deadline:
            raise _NodeLimit
        for total, load in loads(mask):
            path.append(load)
            stop = visit(mask | load, k + 1, rest - total)
            path.pop()
            if stop:
                return True
        return False

    try:
        visit(0, 0, problem.total)
    except _NodeLimit:
        return best, False
    return best, True


class _NodeLimit(Exception):
    pass


def _milp(
    problem: _Problem, c: float, upper: list[int], lb: int, time_budget: float
) -> tuple[list[int], bool]:
    """SALBP-1 as a MILP (Patterson and Albracht's station windows), by scipy's HiGHS."""
    from scipy.optimize import LinearConstraint, milp
    from scipy.sparse import lil_matrix

    n = problem.n
    m_max = max(upper) + 1
    eps = _eps(c)
    times = problem.times
    earliest = np.empty(n, dtype=int)
    latest = np.empty(n, dtype=int)
    for i in range(n):
        before = times[_bits_to_bool(problem.all_preds[i], n)].sum() + times[i]
        after = times[_bits_to_bool(problem.all_succs[i], n)].sum() + times[i]
        earliest[i] = max(0, math.ceil(before / c - eps) - 1)
        latest[i] = min(m_max - 1, m_max - math.ceil(after / c - eps))
    var: dict[tuple[int, int], int] = {}
    for i in range(n):
        for s in range(earliest[i], latest[i] + 1):
            var[(i, s)] = len(var)
    ny = len(var)
    nv = ny + m_max
    rows: list[tuple[dict[int, float], float, float]] = []
    for i in range(n):
        rows.append(({var[(i, s)]: 1.0 for s in range(earliest[i], latest[i] + 1)}, 1.0, 1.0))
    for s in range(m_max):
        load = {var[(i, s)]: float(times[i]) for i in range(n) if (i, s) in var}
        load[ny + s] = -c
        rows.append((load, -np.inf, eps))
    for i in range(n):
        for j in problem.succs[i]:
            prec: dict[int, float] = {}
            for s in range(earliest[i], latest[i] + 1):
                prec[var[(i, s)]] = prec.get(var[(i, s)], 0.0) + s
            for s in range(earliest[j], latest[j] + 1):
                prec[var[(j, s)]] = prec.get(var[(j, s)], 0.0) - s
            rows.append((prec, -np.inf, 0.0))
    for s in range(m_max - 1):
        rows.append(({ny + s + 1: 1.0, ny + s: -1.0}, -np.inf, 0.0))
    a = lil_matrix((len(rows), nv))
    lo = np.empty(len(rows))
    hi = np.empty(len(rows))
    for r, (row, low, high) in enumerate(rows):
        for col, value in row.items():
            a[r, col] = value
        lo[r], hi[r] = low, high
    cost = np.zeros(nv)
    cost[ny:] = 1.0
    lower = np.zeros(nv)
    lower[ny : ny + lb] = 1.0  # the first lb stations are certainly open
    from scipy.optimize import Bounds

    res = milp(
        cost,
        constraints=LinearConstraint(a.tocsr(), lo, hi),
        integrality=np.ones(nv, dtype=np.int64),
        bounds=Bounds(lower, np.ones(nv)),
        options={"time_limit": max(time_budget, 0.5)},
    )
    if res.x is None:
        return upper, False
    station = [0] * n
    for (i, s), col in var.items():
        if res.x[col] > 0.5:
            station[i] = s
    # renumber the used stations 0..m-1 (empty stations in between are impossible: y monotone)
    used = sorted(set(station))
    rank = {s: r for r, s in enumerate(used)}
    station = [rank[s] for s in station]
    if max(station) >= max(upper):
        return upper, bool(res.status == 0)
    return station, bool(res.status == 0)


def _result(
    problem: _Problem,
    c: float,
    station: list[int],
    method: str,
    proven: bool,
    *,
    by_bound: bool = True,
) -> LineBalanceResult:
    m = max(station) + 1
    loads = np.bincount(np.asarray(station), weights=problem.times, minlength=m).astype(np.float64)
    lb1, lb = _lower_bounds(problem.times, c)
    efficiency = problem.total / (m * c)
    smooth = float(np.sqrt(np.sum((loads.max() - loads) ** 2)))
    assignment = {task: station[i] + 1 for i, task in enumerate(problem.tasks)}
    result = LineBalanceResult(
        stations=m,
        assignment=assignment,
        cycle_time=c,
        station_times=loads,
        idle_times=c - loads,
        theoretical_minimum=lb1,
        lower_bound=lb,
        gap=m - lb,
        optimal=proven or (by_bound and m == lb),
        efficiency=efficiency,
        balance_delay=1.0 - efficiency,
        smoothness_index=smooth,
        method=method,
        task_times={task: float(problem.times[i]) for i, task in enumerate(problem.tasks)},
    )
    return result


def _solve(
    problem: _Problem, c: float, method: str, time_limit: float = 10.0
) -> tuple[list[int], bool]:
    start = time.perf_counter()
    _, lb = _lower_bounds(problem.times, c)
    if method in ("rpw", "lcr"):
        station = _heuristic(problem, c, method, lb)
        return station, max(station) + 1 == lb
    station = _heuristic(problem, c, "multi", lb)
    if method == "multi" or max(station) + 1 == lb:
        return station, max(station) + 1 == lb
    if method == "exact":
        station, proven = _branch_and_bound(problem, c, station, lb, time_limit / 2)
        if proven:
            return station, True
    remaining = time_limit - (time.perf_counter() - start)
    return _milp(problem, c, station, lb, remaining)


def line_balance(
    graph: nx.DiGraph[Any],
    cycle_time: float,
    *,
    duration: str = "duration",
    method: Method = "exact",
    time_limit: float = 10.0,
) -> LineBalanceResult:
    r"""Balance an assembly line for a cycle time with the fewest stations (SALBP-1).

    Parameters
    ----------
    graph : networkx.DiGraph
        Task precedence graph: one node per task, an edge u -> v when v may start only after u;
        the task time is the node attribute ``duration``. Not modified.
    cycle_time : float
        Cycle time c (> 0), in the unit of the task times.
    duration : str
        Node attribute holding the task time (>= 0).
    method : {"exact", "milp", "rpw", "lcr", "multi"}
        "exact": branch and bound (with the MILP as a fallback when it has used half of
        ``time_limit``); "milp": ``scipy.optimize.milp``; "rpw": Helgeson and Birnie's ranked
        positional weight; "lcr": largest candidate rule; "multi": the best of ranked
        positional weight, largest candidate and most-followers rules, each run forward and
        backward, then (up to 300 tasks) 30 randomised positional weights with a fixed seed;
        it stops at the lower bound.
    time_limit : float
        Seconds the exact methods may spend (> 0). When it runs out, the best balance found is
        returned with ``optimal=False`` and its ``gap`` to the lower bound.

    Returns
    -------
    LineBalanceResult
        ``stations``, ``assignment`` (task -> station 1..m), the station and idle times, the
        bounds, ``gap`` to the lower bound, efficiency, balance delay, smoothness index, and
        ``yamazumi()`` data.

    Raises
    ------
    InvalidInputError
        If the graph is not a DiGraph, is empty or cyclic, a task time is missing or negative,
        or the cycle time or method is invalid.
    InfeasibleError
        If a task is longer than the cycle time.

    Notes
    -----
    Lower bounds (Scholl and Klein): :math:`LB_1 = \lceil \sum t_i / c \rceil`;
    :math:`LB_2` counts tasks longer than c/2 (halves for c/2); :math:`LB_3` weighs tasks
    above 2c/3 by 1, equal to 2c/3 by 2/3, in (c/3, 2c/3) by 1/2, equal to c/3 by 1/3; and
    Martello and Toth's bin-packing bound :math:`L_2` (all ignore precedence).
    Efficiency :math:`E = \sum t_i/(m c)`, balance delay :math:`1 - E`, smoothness index
    :math:`SI = \sqrt{\sum_k (S_{max} - S_k)^2}`. The branch and bound opens one station at a
    time, tries only maximal loads (Jackson's dominance rule), fuller loads first, prunes by
    :math:`k + \lceil \text{remaining work}/c \rceil` and by memory of the task sets already
    reached with as few stations.

    References
    ----------
    .. [1] J. R. Jackson, "A computing procedure for a line balancing problem", *Management
       Science* 2(3), 1956, 261-271, doi:10.1287/mnsc.2.3.261.
    .. [2] A. Scholl and R. Klein, "SALOME: A bidirectional branch-and-bound procedure for
       assembly line balancing", *INFORMS Journal on Computing* 9(4), 1997, 319-334,
       doi:10.1287/ijoc.9.4.319.
    .. [3] W. B. Helgeson and D. P. Birnie, "Assembly line balancing using the ranked
       positional weight technique", *Journal of Industrial Engineering* 12(6), 1961, 394-398.
    .. [4] J. H. Patterson and J. J. Albracht, "Assembly-line balancing: zero-one programming
       with Fibonacci search", *Operations Research* 23(1), 1975, 166-172.
    .. [5] A. Scholl, *Balancing and Sequencing of Assembly Lines*, 2nd ed., Physica, 1999
       (the benchmark data sets, e.g. JACKSON).
    .. [6] S. Martello and P. Toth, "Lower bounds and reduction procedures for the bin packing
       problem", *Discrete Applied Mathematics* 28(1), 1990, 59-70,
       doi:10.1016/0166-218X(90)90094-S.

    Examples
    --------
    >>> import networkx as nx
    >>> times = [6, 2, 5, 7, 1, 2, 3, 6, 5, 5, 4]  # Jackson (1956)
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from((i + 1, {"duration": t}) for i, t in enumerate(times))
    >>> g.add_edges_from([(1, 2), (1, 3), (1, 4), (1, 5), (2, 6), (3, 7), (4, 7), (5, 7),
    ...                   (6, 8), (7, 9), (8, 10), (9, 11), (10, 11)])
    >>> r = line_balance(g, 10)
    >>> r.stations, r.theoretical_minimum, r.optimal
    (5, 5, True)
    >>> line_balance(g, 7).stations
    8
    """
    func = "line_balance"
    check(func, "method", method, OneOf(*_METHODS))
    limit = as_scalar(func, "time_limit", time_limit, Interval(0, None, closed="neither"))
    problem = _problem(func, graph, duration)
    c = _cycle(func, cycle_time, problem)
    station, proven = _solve(problem, c, method, limit)
    return _result(problem, c, station, method, proven)


def line_balance_bounds(
    graph: nx.DiGraph[Any], cycle_time: float, *, duration: str = "duration"
) -> dict[str, int]:
    r"""Lower bounds on the number of stations of a line balance (SALBP-1).

    Parameters
    ----------
    graph : networkx.DiGraph
        Task precedence graph with task times in the node attribute ``duration``.
    cycle_time : float
        Cycle time (> 0).
    duration : str
        Node attribute of the task times.

    Returns
    -------
    dict
        ``theoretical_minimum`` (LB1 = ceil(Σt/c)) and ``lower_bound`` (max of LB1, LB2, LB3
        and Martello and Toth's L2).

    Raises
    ------
    InvalidInputError
        As :func:`line_balance`.
    InfeasibleError
        If a task is longer than the cycle time.

    Notes
    -----
    See :func:`line_balance` for the bounds of Scholl and Klein.

    References
    ----------
    .. [1] A. Scholl and R. Klein, "SALOME", *INFORMS Journal on Computing* 9(4), 1997,
       319-334, doi:10.1287/ijoc.9.4.319.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("a", {"duration": 6}), ("b", {"duration": 6}), ("c", {"duration": 6})])
    >>> line_balance_bounds(g, 10)
    {'theoretical_minimum': 2, 'lower_bound': 3}
    """
    func = "line_balance_bounds"
    problem = _problem(func, graph, duration)
    c = _cycle(func, cycle_time, problem)
    lb1, lb = _lower_bounds(problem.times, c)
    return {"theoretical_minimum": lb1, "lower_bound": lb}


def line_balance_type2(
    graph: nx.DiGraph[Any],
    stations: int,
    *,
    duration: str = "duration",
    method: Method = "exact",
    time_limit: float = 10.0,
) -> LineBalanceResult:
    r"""Balance a line of a given number of stations for the shortest cycle time (SALBP-2).

    Parameters
    ----------
    graph : networkx.DiGraph
        Task precedence graph with task times in the node attribute ``duration``.
    stations : int
        Number of stations m (>= 1).
    duration : str
        Node attribute of the task times.
    method : {"exact", "milp", "rpw", "lcr", "multi"}
        SALBP-1 method used at each trial cycle time (see :func:`line_balance`).
    time_limit : float
        Seconds each SALBP-1 solve may spend (> 0), see :func:`line_balance`.

    Returns
    -------
    LineBalanceResult
        The balance at the shortest cycle time found, ``cycle_time`` being the largest station
        time; it may use fewer than ``stations`` stations when that is as fast.

    Raises
    ------
    InvalidInputError
        As :func:`line_balance`, or if ``stations`` is not a positive integer.

    Notes
    -----
    The fewest stations of SALBP-1 does not increase with the cycle time, so the search
    bisects the cycle time between :math:`\max(t_{max}, \sum t / m)` and the cycle time of a
    heuristic m-station balance: over the integers when every task time is an integer, else
    to a relative tolerance of 1e-9, then tightens c to the largest station time.

    References
    ----------
    .. [1] A. Scholl, *Balancing and Sequencing of Assembly Lines*, 2nd ed., Physica, 1999,
       sec. 5.2 (SALBP-2 by repeated SALBP-1).

    Examples
    --------
    >>> import networkx as nx
    >>> times = [6, 2, 5, 7, 1, 2, 3, 6, 5, 5, 4]
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from((i + 1, {"duration": t}) for i, t in enumerate(times))
    >>> g.add_edges_from([(1, 2), (1, 3), (1, 4), (1, 5), (2, 6), (3, 7), (4, 7), (5, 7),
    ...                   (6, 8), (7, 9), (8, 10), (9, 11), (10, 11)])
    >>> line_balance_type2(g, 5).cycle_time
    10.0
    """
    func = "line_balance_type2"
    check(func, "method", method, OneOf(*_METHODS))
    m = int(as_scalar(func, "stations", stations, Interval(1, None, integer=True)))
    limit = as_scalar(func, "time_limit", time_limit, Interval(0, None, closed="neither"))
    problem = _problem(func, graph, duration)
    times = problem.times
    integer = bool(np.all(times == np.floor(times)))
    low = max(float(times.max()), problem.total / m)
    if integer:
        low = float(math.ceil(low - 1e-9))
    low = max(low, 1e-12)
    # an upper cycle time: grow until a quick heuristic balance fits into m stations
    high = low
    while True:
        station, _ = _solve(problem, high, "multi")
        if max(station) + 1 <= m:
            break
        high = high * 1.5 if not integer else float(math.ceil(high * 1.5))
    best_c = high
    best_station = station

    all_proven = True

    def feasible(c: float) -> tuple[bool, list[int], bool]:
        nonlocal all_proven
        st, proven = _solve(problem, c, method, limit)
        ok = max(st) + 1 <= m
        all_proven = all_proven and (proven or ok)
        return ok, st, proven

    ok, st, _ = feasible(low)
    if ok:
        best_c, best_station = low, st
    else:
        lo, hi = low, high
        ok_hi, st_hi, _ = feasible(hi)
        if ok_hi:
            best_station = st_hi
        tol = 1e-9 * max(hi, 1.0)
        while (hi - lo > 1.0) if integer else (hi - lo > tol):
            mid = math.floor((lo + hi) / 2) if integer else (lo + hi) / 2
            ok, st, _proven = feasible(mid)
            if ok:
                hi, best_station = mid, st
            else:
                lo = mid
        best_c = hi
    loads = np.bincount(np.asarray(best_station), weights=times)
    c_final = min(float(loads.max()), best_c)
    exact = (method in ("exact", "milp") and all_proven) or c_final <= low
    return _result(problem, c_final, best_station, f"{method} (SALBP-2)", exact, by_bound=False)
