r"""Bottleneck analysis on process graphs: load per unit released, capacity, shadow price and
what-if elevation (theory of constraints), built on the flow balance of :mod:`opsmodels.process`."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from opsmodels._results import Plottable, Result
from opsmodels._validation import Interval, NoneValue, as_scalar, check, invalid
from opsmodels.errors import InvalidInputError
from opsmodels.process._flow import arrival_rates
from opsmodels.process._schema import _check_graph

__all__ = ["BottleneckResult", "ElevationResult", "bottleneck", "elevate"]

_REL_TOL = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class BottleneckResult(Result, Plottable):
    """Bottleneck, near-bottlenecks and capacity of a process graph.

    Attributes
    ----------
    bottleneck : object
        The node with the highest load per unit released (the first such node in graph order
        on a tie; see ``near_bottlenecks``).
    utilization : Series
        :math:`u_i` by node at the given external arrivals, or the load per unit of release
        rate :math:`v_i t_{e,i} / m_i` when no arrivals are given.
    load_per_unit : Series
        :math:`v_i t_{e,i} / m_i`: busy time of one server of node *i* per unit released.
    near_bottlenecks : list
        Nodes whose load is at least ``near`` times the bottleneck's (bottleneck included),
        highest load first.
    capacity : float
        Maximum release rate :math:`r^* = 1 / \\max_i v_i t_{e,i} / m_i` [units per time];
        ``inf`` when no node carries load, 0 when some load is infinite (a rework loop units
        never leave).
    throughput_capacity : float
        Good output rate at that release rate (capacity times the fraction of released units
        that leaves good).
    shadow_price : float
        Good throughput gained per unit of extra bottleneck capacity (one more unit per time
        at the bottleneck node), :math:`y / v_b` with *y* the good fraction and
        :math:`v_b` the bottleneck's visit ratio; 0 when another node ties with the
        bottleneck (elevating one of them gains nothing).
    release_rate : float or None
        Total external arrival rate given, None when none was.
    """

    bottleneck: Any
    utilization: pd.Series
    load_per_unit: pd.Series
    near_bottlenecks: list[Any]
    capacity: float
    throughput_capacity: float
    shadow_price: float
    release_rate: float | None

    def to_frame(self) -> pd.DataFrame:
        """Return the per-node table, highest load first.

        Returns
        -------
        pandas.DataFrame
            Columns ``utilization, load_per_unit`` and the bools ``near_bottleneck`` and
            ``bottleneck``, indexed by node.

        Examples
        --------
        >>> import networkx as nx
        >>> g = nx.DiGraph([("a", "b")])
        >>> nx.set_node_attributes(g, {"a": 1.0, "b": 2.0}, "process_time")
        >>> bottleneck(g, external_arrivals=0.25).to_frame()
           utilization  load_per_unit  near_bottleneck  bottleneck
        b         0.50            2.0             True        True
        a         0.25            1.0            False       False
        """
        frame = pd.DataFrame({"utilization": self.utilization, "load_per_unit": self.load_per_unit})
        frame["near_bottleneck"] = frame.index.isin(self.near_bottlenecks)
        frame["bottleneck"] = frame.index.isin([self.bottleneck])
        order = np.argsort(-frame["load_per_unit"].to_numpy(), kind="stable")
        return frame.iloc[order]


@dataclass(frozen=True, slots=True, kw_only=True)
class ElevationResult(Result):
    """What-if: the system before and after elevating one node.

    Attributes
    ----------
    node : object
        The elevated node.
    capacity_before, capacity_after : float
        Maximum release rate before and after.
    bottleneck_before, bottleneck_after : object
        The bottleneck before and after (it moves when the elevation breaks the constraint).
    gain : float
        ``capacity_after - capacity_before`` (0 when the node was not the only constraint).
    moved : bool
        Whether the bottleneck moved to another node.
    after : BottleneckResult
        The full analysis of the elevated graph.
    """

    node: Any
    capacity_before: float
    capacity_after: float
    bottleneck_before: Any
    bottleneck_after: Any
    gain: float
    moved: bool
    after: BottleneckResult


def _flow(func: str, graph: Any, arrivals: Any, **kwargs: Any) -> Any:
    try:
        return arrival_rates(graph, arrivals, **kwargs)
    except InvalidInputError as exc:
        raise InvalidInputError(str(exc).replace("of arrival_rates", f"of {func}")) from None


def _unit_loads(
    func: str, graph: Any, external_arrivals: Any, kwargs: dict[str, Any]
) -> tuple[Any, pd.Series, pd.Series, float, float]:
    """The checked graph's flow, utilization, load per unit released, release rate and good
    fraction (units leaving good per unit released)."""
    if isinstance(graph, Mapping):
        if not graph:
            raise invalid(
                func, "graph", "a DiGraph or a non-empty mapping product -> DiGraph", graph
            )
        for g in graph.values():
            _check_graph(func, g)
    else:
        _check_graph(func, graph)
    given = external_arrivals is not None
    flow = _flow(func, graph, external_arrivals if given else 1.0, **kwargs)
    if flow.utilization is None:
        raise invalid(
            func,
            "graph",
            "a process graph whose every node with arrivals has a process time or rate",
            "<a node without one>",
        )
    release = float(flow.release_rate)
    if given and release <= 0:
        raise invalid(func, "external_arrivals", "rates with a positive sum", external_arrivals)
    util = flow.utilization.astype(float)
    with np.errstate(invalid="ignore"):
        load = (util / release).rename("load_per_unit")
    return flow, util, load, release, float(flow.throughput) / release


def _analyse(
    func: str,
    graph: Any,
    external_arrivals: Any,
    near: Any,
    kwargs: dict[str, Any],
) -> BottleneckResult:
    near_f = as_scalar(func, "near", near, Interval(0, 1, closed="right"))
    given = external_arrivals is not None
    flow, util, load, release, good = _unit_loads(func, graph, external_arrivals, kwargs)
    values = load.to_numpy()
    top = int(np.argmax(values))
    worst = float(values[top])
    nodes = list(load.index)
    if worst == np.inf:
        capacity = 0.0
    elif worst <= 0:
        capacity = np.inf
    else:
        capacity = 1.0 / worst
    order = np.argsort(-values, kind="stable")
    near_nodes = [nodes[i] for i in order if values[i] >= near_f * worst and values[i] > 0]
    if not near_nodes:
        near_nodes = [nodes[top]]
    ties = int(np.count_nonzero(values >= worst * (1 - _REL_TOL)))
    visits = float(flow.visit_ratios.to_numpy()[top])
    if ties > 1 or not np.isfinite(worst) or worst <= 0 or visits <= 0:
        shadow = 0.0
    else:
        shadow = good / visits
    throughput_capacity = good * capacity if np.isfinite(capacity) else np.inf
    return BottleneckResult(
        bottleneck=nodes[top],
        utilization=util if given else load.rename("utilization"),
        load_per_unit=load,
        near_bottlenecks=near_nodes,
        capacity=float(capacity),
        throughput_capacity=float(throughput_capacity),
        shadow_price=float(shadow),
        release_rate=release if given else None,
    )


def bottleneck(
    graph: nx.DiGraph[Any] | Mapping[Any, nx.DiGraph[Any]],
    *,
    external_arrivals: float | Mapping[Any, float] | pd.Series | None = None,
    near: float = 0.9,
    mix: Mapping[Any, float] | None = None,
    probability: Any = "probability",
    yield_: Any = "yield",
    process_time: Any = "process_time",
    rate: Any = "rate",
    servers: Any = "servers",
    availability: Any = "availability",
    setup_time: Any = "setup_time",
    batch_size: Any = "batch_size",
) -> BottleneckResult:
    """The bottleneck, near-bottlenecks, capacity and shadow price of a process graph.

    Parameters
    ----------
    graph : networkx.DiGraph or mapping product -> DiGraph
        The process graph (schema: :mod:`opsmodels.process`; routing probabilities on edges,
        rework and scrap allowed), or one routing per product with ``mix``. Not modified.
    external_arrivals : float, mapping node -> float, Series or None
        Release rate(s) as in :func:`opsmodels.process.arrival_rates`. They fix where units
        enter (and the proportions between entry points); ``utilization`` is then at these
        rates. None: one unit per time into the graph's only source, and ``utilization`` is
        the load per unit of release rate.
    near : float
        Share in (0, 1] of the bottleneck's load from which a node is a near-bottleneck.
    mix, probability, yield_, process_time, rate, servers, availability, setup_time, batch_size
        Product mix and attribute names, as in :func:`opsmodels.process.arrival_rates`.

    Returns
    -------
    BottleneckResult
        ``bottleneck, utilization, load_per_unit, near_bottlenecks, capacity,
        throughput_capacity, shadow_price, release_rate``.

    Raises
    ------
    InvalidInputError
        A graph that breaks the schema, a node with arrivals and no process time or rate,
        bad arrivals, ``near`` outside (0, 1].

    Notes
    -----
    With visit ratios :math:`v_i` (from the traffic equations, rework and yield loss
    included), effective process times :math:`t_{e,i}` and :math:`m_i` servers, node *i*
    is busy :math:`\\ell_i = v_i t_{e,i} / m_i` per server per unit released. The bottleneck
    is :math:`b = \\arg\\max_i \\ell_i` -- not necessarily the slowest station, since rework
    raises visit ratios and upstream scrap lowers them downstream. The capacity (maximum
    release rate) is :math:`r^* = 1/\\ell_b`, where the bottleneck's utilization reaches 1;
    Hopp and Spearman's bottleneck rate :math:`r_b` for a serial line. One more unit per
    time of capacity at *b* raises :math:`r^*` by :math:`1/v_b` and good throughput by the
    shadow price :math:`y/v_b` (*y* good units per unit released) while *b* stays the
    constraint. Capacity is ``inf`` when no node carries load.

    References
    ----------
    .. [1] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008, ch. 7
       (bottleneck rate, the Penny Fab) and ch. 8 (rework, yield).
    .. [2] E. M. Goldratt and J. Cox, *The Goal*, 3rd ed., North River Press, 2004 (the constraint).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("cut", process_time=1.0)
    >>> g.add_node("weld", process_time=0.6)
    >>> g.add_node("test", process_time=0.2)
    >>> g.add_edge("cut", "weld", probability=1.0)
    >>> g.add_edge("weld", "test", probability=1.0)
    >>> g.add_edge("test", "weld", probability=0.5)  # half the welds are redone
    >>> result = bottleneck(g)
    >>> result.bottleneck, round(result.capacity, 4)
    ('weld', 0.8333)
    >>> bottleneck(g, near=0.8).near_bottlenecks  # cut carries 1.0 / 1.2 of weld's load
    ['weld', 'cut']
    """
    kwargs = {
        "mix": mix,
        "probability": probability,
        "yield_": yield_,
        "process_time": process_time,
        "rate": rate,
        "servers": servers,
        "availability": availability,
        "setup_time": setup_time,
        "batch_size": batch_size,
    }
    return _analyse("bottleneck", graph, external_arrivals, near, kwargs)


def elevate(
    graph: nx.DiGraph[Any] | Mapping[Any, nx.DiGraph[Any]],
    node: Any,
    *,
    servers: int | None = None,
    process_time: float | None = None,
    external_arrivals: float | Mapping[Any, float] | pd.Series | None = None,
    near: float = 0.9,
    mix: Mapping[Any, float] | None = None,
    probability: Any = "probability",
    yield_: Any = "yield",
    process_time_attribute: Any = "process_time",
    rate: Any = "rate",
    servers_attribute: Any = "servers",
    availability: Any = "availability",
    setup_time: Any = "setup_time",
    batch_size: Any = "batch_size",
) -> ElevationResult:
    """What-if: capacity and bottleneck after elevating a node (more servers, a faster time).

    Parameters
    ----------
    graph : networkx.DiGraph or mapping product -> DiGraph
        The process graph. Never modified: the what-if runs on a copy.
    node : object
        The node to elevate.
    servers : int, optional
        New number of servers (>= 1) at the node.
    process_time : float, optional
        New natural process time (> 0) at the node (replaces a rate attribute); with a
        mapping of graphs, set in every graph holding the node.
    external_arrivals, near, mix, probability, yield_, rate, availability, setup_time, batch_size
        As in :func:`bottleneck`.
    process_time_attribute, servers_attribute : str
        Node attribute names of the process time and the servers.

    Returns
    -------
    ElevationResult
        ``capacity_before, capacity_after, bottleneck_before, bottleneck_after, gain, moved``
        and the full analysis ``after``.

    Raises
    ------
    InvalidInputError
        An unknown node, neither ``servers`` nor ``process_time`` given, bad values, or any
        error of :func:`bottleneck`.

    Notes
    -----
    Goldratt's five focusing steps: (1) *identify* the constraint (:func:`bottleneck`);
    (2) *exploit* it (no idle time, no defects reaching it: yield and availability at the
    node); (3) *subordinate* everything else to it (release at the capacity rate, e.g.
    drum-buffer-rope); (4) *elevate* it (more servers or a faster process time: this
    function); (5) if the constraint has moved, go back to step 1 without letting inertia
    become the constraint. Lowering the bottleneck's load to :math:`\\ell_b'` raises the
    capacity to :math:`1 / \\max(\\ell_b', \\max_{i \\ne b} \\ell_i)`: only up to the
    next-highest load, where the constraint moves.

    References
    ----------
    .. [1] E. M. Goldratt and J. Cox, *The Goal*, 3rd ed., North River Press, 2004 (the
       five focusing steps).
    .. [2] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008, ch. 7.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(g, {"a": 1.0, "b": 2.0, "c": 1.5}, "process_time")
    >>> what_if = elevate(g, "b", servers=2)
    >>> what_if.capacity_before, round(what_if.capacity_after, 4), what_if.bottleneck_after
    (0.5, 0.6667, 'c')
    >>> g.nodes["b"].get("servers") is None  # the input graph is unchanged
    True
    """
    func = "elevate"
    check(func, "servers", servers, [NoneValue(), Interval(1, None, integer=True)])
    check(func, "process_time", process_time, [NoneValue(), Interval(0, None, closed="neither")])
    if servers is None and process_time is None:
        raise invalid(func, "servers", "given when process_time is not", servers)
    graphs = dict(graph) if isinstance(graph, Mapping) else {None: graph}
    for g in graphs.values():
        _check_graph(func, g)
    if not isinstance(node, Hashable) or not any(node in g for g in graphs.values()):
        raise invalid(func, "node", "a node of the graph", node)
    for name, value in (
        ("process_time_attribute", process_time_attribute),
        ("servers_attribute", servers_attribute),
    ):
        if not isinstance(value, str):
            raise invalid(func, name, "a node attribute name (str)", value)
    kwargs = {
        "mix": mix,
        "probability": probability,
        "yield_": yield_,
        "process_time": process_time_attribute,
        "rate": rate,
        "servers": servers_attribute,
        "availability": availability,
        "setup_time": setup_time,
        "batch_size": batch_size,
    }
    before = _analyse(func, graph, external_arrivals, near, kwargs)
    copies = {k: g.copy() for k, g in graphs.items()}
    for g in copies.values():
        if node not in g:
            continue
        attrs = g.nodes[node]
        if servers is not None:
            attrs[servers_attribute] = int(servers)
        if process_time is not None:
            attrs[process_time_attribute] = float(process_time)
            if isinstance(rate, str):
                attrs.pop(rate, None)
    new_graph: Any = copies if isinstance(graph, Mapping) else copies[None]
    after = _analyse(func, new_graph, external_arrivals, near, kwargs)
    same = after.capacity == before.capacity  # also both inf: no gain rather than nan
    return ElevationResult(
        node=node,
        capacity_before=before.capacity,
        capacity_after=after.capacity,
        bottleneck_before=before.bottleneck,
        bottleneck_after=after.bottleneck,
        gain=0.0 if same else after.capacity - before.capacity,
        moved=after.bottleneck != before.bottleneck,
        after=after,
    )
