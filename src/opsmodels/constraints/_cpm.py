r"""Critical path method (CPM) and PERT on activity-on-node project graphs.

A project is a NetworkX DiGraph whose nodes are activities (with a duration attribute) and
whose edges are precedences (u before v). Analyses never mutate the graph.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy import stats

from opsmodels._results import Result
from opsmodels._validation import InstanceOf, as_scalar, check, invalid

__all__ = ["CriticalPathResult", "PertResult", "critical_path", "pert"]

_TOL = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class CriticalPathResult(Result):
    """Schedule of a project by the critical path method.

    Attributes
    ----------
    duration : float
        Project duration T (the largest earliest finish).
    path : list
        One critical path, activities in order (zero slack, each finishing when the next
        can start).
    slack : dict
        Total slack (float) LS − ES per activity.
    critical : list
        Every activity with zero slack, in topological order.
    earliest_start, earliest_finish, latest_start, latest_finish : dict
        ES, EF = ES + d, LS = LF − d and LF per activity.
    """

    duration: float
    path: list[Hashable]
    slack: dict[Hashable, float]
    critical: list[Hashable]
    earliest_start: dict[Hashable, float]
    earliest_finish: dict[Hashable, float]
    latest_start: dict[Hashable, float]
    latest_finish: dict[Hashable, float]

    def to_frame(self) -> pd.DataFrame:
        """Return the schedule as a table, one row per activity (topological order).

        Returns
        -------
        pandas.DataFrame
            Columns ``earliest_start, earliest_finish, latest_start, latest_finish, slack``
            and ``critical`` (bool), indexed by activity.
        """
        frame = pd.DataFrame(
            {
                "earliest_start": self.earliest_start,
                "earliest_finish": self.earliest_finish,
                "latest_start": self.latest_start,
                "latest_finish": self.latest_finish,
                "slack": self.slack,
            }
        )
        frame["critical"] = frame.index.isin(self.critical)
        return frame


@dataclass(frozen=True, slots=True, kw_only=True)
class PertResult(Result):
    """PERT estimate of a project's completion time.

    Attributes
    ----------
    mean : float
        Expected project duration, the sum of the mean times tₑ along the critical path.
    variance : float
        σ², the sum of the activity variances along that critical path.
    std : float
        σ.
    probability : float or None
        P(T <= due date) = Φ((due − mean)/σ), None when no due date was given.
    activity_mean, activity_variance : dict
        tₑ = (a + 4m + b)/6 and ((b − a)/6)² per activity.
    schedule : CriticalPathResult
        The CPM schedule on the mean times.
    """

    mean: float
    variance: float
    std: float
    probability: float | None
    activity_mean: dict[Hashable, float]
    activity_variance: dict[Hashable, float]
    schedule: CriticalPathResult


def _order(func: str, graph: Any) -> list[Hashable]:
    check(func, "graph", graph, InstanceOf(nx.DiGraph, name="a networkx DiGraph"))
    if graph.number_of_nodes() == 0:
        raise invalid(func, "graph", "a graph with at least one activity", "<empty graph>")
    try:
        return list(nx.topological_sort(graph))
    except nx.NetworkXUnfeasible:
        cycle = [u for u, _ in nx.find_cycle(graph)]
        raise invalid(func, "graph", "a directed acyclic graph", f"<cycle {cycle}>") from None


def _attribute(func: str, graph: Any, nodes: list[Hashable], name: str, attr: Any) -> np.ndarray:
    check(func, name, attr, InstanceOf(str, name="an attribute name (str)"))
    values = np.empty(len(nodes))
    for i, node in enumerate(nodes):
        value = graph.nodes[node].get(attr)
        if value is None:
            raise invalid(func, name, f"an attribute {attr!r} on every node", f"<node {node!r}>")
        try:
            x = float(value)
        except (TypeError, ValueError):
            x = math.nan
        if not (math.isfinite(x) and x >= 0) or isinstance(value, bool):
            raise invalid(
                func,
                name,
                f"finite numbers >= 0 in attribute {attr!r}",
                f"<node {node!r}: {value!r}>",
            )
        values[i] = x
    return values


def _schedule(graph: Any, nodes: list[Hashable], d: np.ndarray) -> CriticalPathResult:
    pos = {node: i for i, node in enumerate(nodes)}
    es = np.zeros(len(nodes))
    for i, node in enumerate(nodes):
        preds = [pos[p] for p in graph.predecessors(node)]
        if preds:
            es[i] = max(es[j] + d[j] for j in preds)
    ef = es + d
    total = float(ef.max())
    lf = np.full(len(nodes), total)
    for i in range(len(nodes) - 1, -1, -1):
        succs = [pos[s] for s in graph.successors(nodes[i])]
        if succs:
            lf[i] = min(lf[j] - d[j] for j in succs)
    ls = lf - d
    slack = ls - es
    tol = _TOL * max(total, 1.0)
    # one critical path: back from an activity finishing at T through tight predecessors
    i = int(np.flatnonzero(np.abs(ef - total) <= tol)[0])
    path = [nodes[i]]
    while True:
        tight = [
            pos[p]
            for p in graph.predecessors(nodes[i])
            if abs(ef[pos[p]] - es[i]) <= tol and slack[pos[p]] <= tol
        ]
        if not tight:
            break
        i = min(tight)
        path.append(nodes[i])
    path.reverse()

    def by_node(a: np.ndarray) -> dict[Hashable, float]:
        return {node: float(v) for node, v in zip(nodes, a, strict=True)}

    return CriticalPathResult(
        duration=total,
        path=path,
        slack=by_node(np.where(np.abs(slack) <= tol, 0.0, slack)),
        critical=[n for n, s in zip(nodes, slack, strict=True) if s <= tol],
        earliest_start=by_node(es),
        earliest_finish=by_node(ef),
        latest_start=by_node(ls),
        latest_finish=by_node(lf),
    )


def critical_path(graph: nx.DiGraph[Any], duration: str = "duration") -> CriticalPathResult:
    r"""Earliest and latest times, slack and a critical path of an activity-on-node project.

    Parameters
    ----------
    graph : networkx.DiGraph
        Activities as nodes, each with a duration attribute >= 0 [time]; an edge u -> v means
        u must finish before v starts. It must be acyclic; it is never modified.
    duration : str
        Name of the node attribute holding the duration.

    Returns
    -------
    CriticalPathResult
        ``duration, path, slack`` plus ``critical, earliest_start, earliest_finish,
        latest_start, latest_finish`` (dicts by activity).

    Raises
    ------
    InvalidInputError
        If ``graph`` is not a DiGraph, is empty or has a cycle, or an activity lacks the
        duration attribute or has one that is negative or not finite.

    Notes
    -----
    Forward pass in topological order: :math:`ES_j = \max_{i \to j} EF_i` (0 without
    predecessors), :math:`EF_j = ES_j + d_j`, :math:`T = \max_j EF_j`. Backward pass:
    :math:`LF_j = \min_{j \to k} LS_k` (T without successors), :math:`LS_j = LF_j - d_j`.
    Slack :math:`S_j = LS_j - ES_j`; critical activities have :math:`S_j = 0`. Time is linear
    in the number of activities and precedences.

    References
    ----------
    .. [1] J. E. Kelley and M. R. Walker, "Critical-path planning and scheduling", *Proc.
       Eastern Joint Computer Conference*, 1959, 160-173. DOI 10.1145/1460299.1460318.
    .. [2] J. Heizer, B. Render and C. Munson, *Operations Management*, 12th ed., Pearson,
       2017, chapter 3 (Milwaukee Paper Manufacturing example).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("A", "C"), ("B", "C")])
    >>> nx.set_node_attributes(g, {"A": 2.0, "B": 3.0, "C": 1.0}, "duration")
    >>> r = critical_path(g)
    >>> r.duration, r.path, r.slack
    (4.0, ['B', 'C'], {'A': 1.0, 'B': 0.0, 'C': 0.0})
    """
    func = "critical_path"
    nodes = _order(func, graph)
    d = _attribute(func, graph, nodes, "duration", duration)
    return _schedule(graph, nodes, d)


def pert(
    graph: nx.DiGraph[Any],
    *,
    optimistic: str = "optimistic",
    most_likely: str = "most_likely",
    pessimistic: str = "pessimistic",
    due_date: float | None = None,
) -> PertResult:
    r"""PERT: mean and variance of a project's duration and the chance to finish by a date.

    Parameters
    ----------
    graph : networkx.DiGraph
        Activities as nodes with three time estimates a <= m <= b [time] as attributes; an
        edge u -> v means u precedes v. Acyclic; never modified.
    optimistic, most_likely, pessimistic : str
        Names of the node attributes holding a, m and b.
    due_date : float, optional
        A date D [time] for the completion probability.

    Returns
    -------
    PertResult
        ``mean, variance, std, probability`` and the per-activity means, variances and the
        CPM ``schedule`` on the means.

    Raises
    ------
    InvalidInputError
        As :func:`critical_path`, and if a <= m <= b fails for an activity or ``due_date``
        is not a finite number.

    Notes
    -----
    Beta-distributed activity times: :math:`t_e = (a + 4m + b)/6`,
    :math:`\sigma^2 = ((b - a)/6)^2`. The project duration is taken as normal with the mean and
    the summed variance of the critical path on the mean times (when several paths tie, the one
    in ``schedule.path``); :math:`P(T \le D) = \Phi((D - T_e)/\sigma)`. With σ = 0 the
    probability is 1 when D >= Tₑ, else 0. PERT's classical approximation ignores
    near-critical paths, so it overstates the probability.

    References
    ----------
    .. [1] D. G. Malcolm, J. H. Roseboom, C. E. Clark and W. Fazar, "Application of a technique
       for research and development program evaluation", *Operations Research* 7(5), 646-669,
       1959. DOI 10.1287/opre.7.5.646.
    .. [2] J. Heizer, B. Render and C. Munson, *Operations Management*, 12th ed., Pearson,
       2017, chapter 3 (Milwaukee Paper Manufacturing example).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("A", "B")])
    >>> g.nodes["A"].update(optimistic=1.0, most_likely=2.0, pessimistic=3.0)
    >>> g.nodes["B"].update(optimistic=2.0, most_likely=4.0, pessimistic=12.0)
    >>> r = pert(g, due_date=7.0)
    >>> r.mean, round(r.variance, 4), round(r.probability, 4)
    (7.0, 2.8889, 0.5)
    """
    func = "pert"
    nodes = _order(func, graph)
    a = _attribute(func, graph, nodes, "optimistic", optimistic)
    m = _attribute(func, graph, nodes, "most_likely", most_likely)
    b = _attribute(func, graph, nodes, "pessimistic", pessimistic)
    bad = np.flatnonzero((a > m) | (m > b))
    if bad.size:
        i = int(bad[0])
        raise invalid(
            func,
            "most_likely",
            "optimistic <= most_likely <= pessimistic on every activity",
            f"<node {nodes[i]!r}: {a[i]:g}, {m[i]:g}, {b[i]:g}>",
        )
    if due_date is not None:
        due = as_scalar(func, "due_date", due_date)
    te = (a + 4.0 * m + b) / 6.0
    var = ((b - a) / 6.0) ** 2
    schedule = _schedule(graph, nodes, te)
    pos = {node: i for i, node in enumerate(nodes)}
    idx = [pos[n] for n in schedule.path]
    mean = schedule.duration
    variance = float(var[idx].sum())
    std = math.sqrt(variance)
    probability: float | None = None
    if due_date is not None:
        if std > 0:
            probability = float(stats.norm.cdf((due - mean) / std))
        else:
            probability = 1.0 if due >= mean - _TOL * max(mean, 1.0) else 0.0
    return PertResult(
        mean=mean,
        variance=variance,
        std=std,
        probability=probability,
        activity_mean={n: float(v) for n, v in zip(nodes, te, strict=True)},
        activity_variance={n: float(v) for n, v in zip(nodes, var, strict=True)},
        schedule=schedule,
    )
