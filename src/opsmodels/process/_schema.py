"""The process graph: a NetworkX DiGraph of stations (activities) and routings.

Schema (every attribute name is a parameter of the functions that read it, like NetworkX's
``weight="weight"``; the defaults are listed here):

Nodes are stations or activities:

* ``process_time`` [time per unit, >= 0] or ``rate`` [units per time, > 0]: the mean process
  time of one unit on one server (one of them; ``process_time = 1 / rate``);
* ``servers`` [integer >= 1, default 1]: parallel identical servers (machines, tellers);
* ``availability`` [in (0, 1], default 1]: fraction of time a server is up;
* ``yield`` [in (0, 1], default 1]: fraction of the units completed at the node that are good;
  the rest is scrapped there and leaves the system;
* ``setup_time`` [>= 0, default 0] and ``batch_size`` [> 0, default 1]: a setup of
  ``setup_time`` per batch of ``batch_size`` units;
* ``cost`` [>= 0, default 0]: cost per unit processed.

Edges carry routing probabilities ``probability`` in [0, 1]: the fraction of the good units
completed at the tail that go to the head next. Rework loops (cycles) are allowed. The
outgoing probabilities of a node may sum below 1: the rest leaves the system at that node
(finished output). So there is no special exit node: a node without outgoing edges is an exit,
and any node whose outgoing probabilities sum to less than 1 is a partial exit. An edge without
the attribute is read as probability 1 when it is its tail's only outgoing edge.

Sources (where units enter) are the nodes without incoming edges unless given explicitly.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from opsmodels._results import Result
from opsmodels._typing import FloatArray, IntArray
from opsmodels._validation import describe, invalid, require_columns
from opsmodels.errors import InvalidInputError

__all__ = ["ProcessGraphInfo", "process_graph_from_frame", "validate_process_graph"]

_TOL = 1e-9  # slack on sums of probabilities


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessGraphInfo(Result):
    """What :func:`validate_process_graph` found in a valid process graph.

    Attributes
    ----------
    sources : list
        Nodes where units enter the system.
    exits : list
        Nodes where units leave the system: outgoing probabilities summing below 1, or a
        yield below 1 (scrap).
    exit_probability : dict
        Node -> probability that a unit completed there leaves the system as output,
        ``yield × (1 − Σ outgoing probabilities)``.
    scrap_probability : dict
        Node -> ``1 − yield``, the probability that a unit completed there is scrapped.
    has_rework : bool
        Whether the routing has a cycle (rework loop).
    nodes, edges : int
        Counts.
    """

    sources: list[Any]
    exits: list[Any]
    exit_probability: dict[Any, float]
    scrap_probability: dict[Any, float]
    has_rework: bool
    nodes: int
    edges: int


def _is_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Real)


def _check_name(func: str, name: str, value: object) -> None:
    if value is None or not isinstance(value, Hashable) or isinstance(value, bool | float):
        raise invalid(func, name, "an attribute name (a string)", value)


def _check_graph(func: str, graph: object) -> nx.DiGraph[Any]:
    if not isinstance(graph, nx.DiGraph) or isinstance(graph, nx.MultiDiGraph):
        raise invalid(func, "graph", "a networkx.DiGraph", graph)
    if graph.number_of_nodes() == 0:
        raise invalid(func, "graph", "a graph with at least one node", "<an empty graph>")
    return graph


def _numbers(values: list[Any]) -> tuple[FloatArray, BoolArray, int | None]:
    """Floats of ``values`` (None -> NaN), where they are not None, and the position of the
    first non-number, if any."""
    for i, v in enumerate(values):
        if not (
            v is None
            or type(v) in _PLAIN
            or (not isinstance(v, bool) and isinstance(v, numbers.Real))
        ):
            return np.zeros(0), np.zeros(0, dtype=bool), i
    x = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    present = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    return x, present, None


_PLAIN = {float, int, np.float64, np.int64}
BoolArray = npt.NDArray[np.bool_]


def _node_array(
    func: str,
    graph: nx.DiGraph[Any],
    attr: Any,
    default: float | None,
    *,
    low: float,
    low_open: bool = False,
    high: float | None = None,
    integer: bool = False,
) -> FloatArray:
    """A numeric node attribute for every node (graph order), checked; ``default`` (NaN when
    None) where absent."""
    nodes = list(graph.nodes)
    values = [v for _, v in graph.nodes(data=attr, default=None)]
    x, present, bad = _numbers(values)
    if bad is None:
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(x) & ((x > low) if low_open else (x >= low))
            if high is not None:
                ok &= x <= high
            if integer:
                ok &= np.floor(x) == x
        wrong = present & ~ok
        if wrong.any():
            bad = int(np.flatnonzero(wrong)[0])
    if bad is not None:
        bound = f"> {low:g}" if low_open else f">= {low:g}"
        if high is not None:
            bound = f"in {'(' if low_open else '['}{low:g}, {high:g}]"
        what = f"{'an integer' if integer else 'a finite number'} {bound}"
        raise invalid(
            func,
            "graph",
            f"node attributes {attr!r} that are {what}",
            f"<{describe(values[bad])} at node {nodes[bad]!r}>",
        )
    if default is not None:
        x = np.where(present, x, default)
    return x


def _edge_probabilities(
    func: str, graph: nx.DiGraph[Any], probability: Any
) -> tuple[list[Any], dict[Any, int], IntArray, IntArray, FloatArray]:
    """Nodes, their index and the edge arrays (tail, head, probability), checked."""
    nodes = list(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    edges = list(graph.edges(data=probability, default=None))
    m = len(edges)
    rows = np.fromiter((index[u] for u, _, _ in edges), dtype=np.int64, count=m)
    cols = np.fromiter((index[v] for _, v, _ in edges), dtype=np.int64, count=m)
    values = [p for _, _, p in edges]
    p, present, bad = _numbers(values)
    if bad is None:
        wrong = present & ~((p >= 0.0) & (p <= 1.0))
        if wrong.any():
            bad = int(np.flatnonzero(wrong)[0])
    if bad is not None:
        u, v, _ = edges[bad]
        raise invalid(
            func,
            "graph",
            f"edge attributes {probability!r} in [0, 1]",
            f"<{describe(values[bad])} on edge {(u, v)!r}>",
        )
    outdeg = np.bincount(rows, minlength=len(nodes))
    missing = ~present
    if missing.any():
        several = missing & (outdeg[rows] > 1)
        if several.any():
            u, v, _ = edges[int(np.flatnonzero(several)[0])]
            raise invalid(
                func,
                "graph",
                f"an edge attribute {probability!r} on every edge of a node with several "
                "outgoing edges",
                f"<edge {(u, v)!r} without it>",
            )
        p = np.where(missing, 1.0, p)
    total = np.bincount(rows, weights=p, minlength=len(nodes))
    over = total > 1.0 + _TOL
    if over.any():
        i = int(np.flatnonzero(over)[0])
        raise invalid(
            func,
            "graph",
            f"outgoing {probability!r} summing to at most 1 at every node",
            f"<{total[i]:g} at node {nodes[i]!r}>",
        )
    return nodes, index, rows, cols, p


def _yields(func: str, graph: nx.DiGraph[Any], yield_: Any) -> FloatArray:
    return _node_array(func, graph, yield_, 1.0, low=0.0, low_open=True, high=1.0)


def _node_times(
    func: str, graph: nx.DiGraph[Any], process_time: Any, rate: Any, *, required: bool
) -> FloatArray:
    """Process time of one unit on one server at every node (NaN where neither is given)."""
    t = _node_array(func, graph, process_time, None, low=0.0)
    r = _node_array(func, graph, rate, None, low=0.0, low_open=True)
    nodes = list(graph.nodes)
    both = ~np.isnan(t) & ~np.isnan(r)
    if both.any():
        node = nodes[int(np.flatnonzero(both)[0])]
        raise invalid(
            func,
            "graph",
            f"nodes with either {process_time!r} or {rate!r}, not both",
            f"<both at node {node!r}>",
        )
    with np.errstate(divide="ignore"):
        te = np.where(np.isnan(t), 1.0 / r, t)
    if required and np.isnan(te).any():
        node = nodes[int(np.flatnonzero(np.isnan(te))[0])]
        raise invalid(
            func,
            "graph",
            f"a node attribute {process_time!r} or {rate!r} on every node",
            f"<node {node!r} without it>",
        )
    return te


def _routing(
    func: str, graph: nx.DiGraph[Any], probability: Any, yield_: Any
) -> tuple[list[Any], dict[Any, int], sp.csr_array, FloatArray, FloatArray]:
    """Nodes, index, Q (Q[i, j] = yield_i p_ij, sparse), the yields and the routed sums Σ_j p_ij."""
    nodes, index, r, c, p = _edge_probabilities(func, graph, probability)
    y = _yields(func, graph, yield_)
    n = len(nodes)
    q = sp.csr_array((p * y[r], (r, c)), shape=(n, n))
    routed = np.bincount(r, weights=p, minlength=n)
    return nodes, index, q, y, np.minimum(routed, 1.0)


def _sources(func: str, graph: nx.DiGraph[Any], sources: Any) -> list[Any]:
    if sources is None:
        found = [n for n, d in graph.in_degree() if d == 0]
        if not found:
            raise invalid(
                func,
                "graph",
                "a graph with a source (a node without incoming edges), or pass sources=",
                "<no node without incoming edges>",
            )
        return found
    if isinstance(sources, str) or not isinstance(sources, Iterable):
        sources = [sources]
    found = list(sources)
    if not found:
        raise invalid(func, "sources", "None or a non-empty list of nodes", sources)
    for s in found:
        if not isinstance(s, Hashable) or s not in graph:
            raise invalid(func, "sources", "None or nodes of the graph", s)
    return found


def _check_reachable(func: str, graph: nx.DiGraph[Any], sources: list[Any]) -> None:
    seen: set[Any] = set(sources)
    frontier = list(seen)
    succ = graph.succ
    while frontier:  # one breadth-first search from all sources
        following = []
        for u in frontier:
            for v in succ[u]:
                if v not in seen:
                    seen.add(v)
                    following.append(v)
        frontier = following
    if len(seen) < graph.number_of_nodes():
        lost = [n for n in graph.nodes if n not in seen]
        shown = ", ".join(repr(n) for n in lost[:5]) + (" ..." if len(lost) > 5 else "")
        raise invalid(
            func,
            "graph",
            "a graph whose every node is reachable from a source",
            f"<unreachable nodes {shown}>",
        )


def validate_process_graph(
    graph: nx.DiGraph[Any],
    *,
    probability: Any = "probability",
    process_time: Any = "process_time",
    rate: Any = "rate",
    servers: Any = "servers",
    availability: Any = "availability",
    yield_: Any = "yield",
    setup_time: Any = "setup_time",
    batch_size: Any = "batch_size",
    cost: Any = "cost",
    sources: Any = None,
    require_time: bool = False,
) -> ProcessGraphInfo:
    """Check a process graph against the schema and describe its sources and exits.

    Parameters
    ----------
    graph : networkx.DiGraph
        The process graph (see the module notes for the schema). Not modified.
    probability : str
        Edge attribute holding the routing probability.
    process_time, rate, servers, availability, yield_, setup_time, batch_size, cost : str
        Node attribute names (see the schema). Absent attributes take their defaults.
    sources : node or list of nodes, optional
        Where units enter; default: the nodes without incoming edges.
    require_time : bool
        Require every node to carry ``process_time`` or ``rate``.

    Returns
    -------
    ProcessGraphInfo
        Sources, exits, exit and scrap probabilities, whether there is rework.

    Raises
    ------
    InvalidInputError
        Not a DiGraph or empty; a routing probability outside [0, 1], outgoing probabilities
        summing above 1, a missing probability on a node with several outgoing edges;
        a negative or non-finite process time, a rate <= 0, both ``process_time`` and ``rate``
        on a node, a missing time when ``require_time``; servers not an integer >= 1;
        availability or yield outside (0, 1]; negative setup time or cost, batch size <= 0;
        no source; nodes unreachable from the sources.

    Notes
    -----
    A unit completed at node *i* is scrapped with probability :math:`1 - y_i`; a good unit
    goes to *j* with probability :math:`p_{ij}` and leaves the system with probability
    :math:`1 - \\sum_j p_{ij}`.

    References
    ----------
    .. [1] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008,
       ch. 7-8 (process times, availability, setups, yield and rework).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("cut", process_time=2.0)
    >>> g.add_node("weld", process_time=3.0, **{"yield": 0.9})
    >>> g.add_node("inspect", process_time=1.0)
    >>> g.add_edge("cut", "weld", probability=1.0)
    >>> g.add_edge("weld", "inspect", probability=1.0)
    >>> g.add_edge("inspect", "weld", probability=0.2)  # rework
    >>> info = validate_process_graph(g, require_time=True)
    >>> info.sources, info.exits, info.has_rework
    (['cut'], ['weld', 'inspect'], True)
    >>> round(info.exit_probability["inspect"], 3)
    0.8
    >>> g.add_edge("inspect", "cut", probability=0.9)
    >>> validate_process_graph(g)
    Traceback (most recent call last):
    ...
    opsmodels.errors.InvalidInputError: The 'graph' parameter of validate_process_graph must be outgoing 'probability' summing to at most 1 at every node. Got 1.1 at node 'inspect' instead.
    """
    func = "validate_process_graph"
    graph = _check_graph(func, graph)
    for name, value in (
        ("probability", probability),
        ("process_time", process_time),
        ("rate", rate),
        ("servers", servers),
        ("availability", availability),
        ("yield_", yield_),
        ("setup_time", setup_time),
        ("batch_size", batch_size),
        ("cost", cost),
    ):
        _check_name(func, name, value)
    if not isinstance(require_time, bool):
        raise invalid(func, "require_time", "a bool", require_time)
    nodes, _, rows, _, probs = _edge_probabilities(func, graph, probability)
    y = _yields(func, graph, yield_)
    _node_times(func, graph, process_time, rate, required=require_time)
    _node_array(func, graph, servers, 1.0, low=1.0, integer=True)
    _node_array(func, graph, availability, 1.0, low=0.0, low_open=True, high=1.0)
    _node_array(func, graph, setup_time, 0.0, low=0.0)
    _node_array(func, graph, batch_size, 1.0, low=0.0, low_open=True)
    _node_array(func, graph, cost, 0.0, low=0.0)
    found = _sources(func, graph, sources)
    _check_reachable(func, graph, found)
    routed = np.minimum(np.bincount(rows, weights=probs, minlength=len(nodes)), 1.0)
    leave = y * (1.0 - routed)
    exits = [n for n, out, yi in zip(nodes, leave, y, strict=True) if out > _TOL or yi < 1.0]
    return ProcessGraphInfo(
        sources=found,
        exits=exits,
        exit_probability={n: float(v) for n, v in zip(nodes, leave, strict=True) if v > _TOL},
        scrap_probability={n: float(1.0 - yi) for n, yi in zip(nodes, y, strict=True) if yi < 1.0},
        has_rework=not nx.is_directed_acyclic_graph(graph),
        nodes=len(nodes),
        edges=len(rows),
    )


def process_graph_from_frame(
    steps: pd.DataFrame,
    *,
    step: Any = "step",
    next_step: Any = "next_step",
    probability: Any = "probability",
    node_attributes: Sequence[Any] | None = None,
) -> nx.DiGraph[Any]:
    """Build a process graph from a table of steps and their routings.

    Parameters
    ----------
    steps : pandas.DataFrame
        One row per routing ``step -> next_step``; a step with no successor (an exit) has a
        row with a missing ``next_step``. Not modified.
    step, next_step : column name
        The step and the step that follows it.
    probability : column name or None
        Routing probability of each row (missing values: 1 for a step's only successor). The
        edge attribute has the same name. None: every step has at most one successor,
        reached with probability 1.
    node_attributes : list of column names, optional
        Columns copied to the nodes (each must hold one value per step, repeated on the
        step's rows; missing values are left out). Default: every other column.

    Returns
    -------
    networkx.DiGraph
        The process graph, validated with :func:`validate_process_graph` (probabilities and
        node attributes under their default names; every node reachable from a source).

    Raises
    ------
    InvalidInputError
        A missing column, an empty frame, a missing step, a node attribute that differs
        between rows of the same step, and everything :func:`validate_process_graph` rejects.

    Examples
    --------
    >>> import pandas as pd
    >>> steps = pd.DataFrame({
    ...     "step": ["cut", "weld", "inspect", "inspect"],
    ...     "next_step": ["weld", "inspect", "weld", None],
    ...     "probability": [1.0, 1.0, 0.2, None],
    ...     "process_time": [2.0, 3.0, 1.0, 1.0],
    ... })
    >>> g = process_graph_from_frame(steps)
    >>> list(g.edges(data="probability"))
    [('cut', 'weld', 1.0), ('weld', 'inspect', 1.0), ('inspect', 'weld', 0.2)]
    >>> g.nodes["inspect"]
    {'process_time': 1.0}
    """
    func = "process_graph_from_frame"
    if not isinstance(steps, pd.DataFrame):
        raise invalid(func, "steps", "a pandas DataFrame", steps)
    for name, value in (("step", step), ("next_step", next_step)):
        if value is None or not isinstance(value, str | int | tuple):
            raise invalid(func, name, "a column name of steps", value)
    if probability is not None and not isinstance(probability, str | int | tuple):
        raise invalid(func, "probability", "None or a column name of steps", probability)
    columns: list[Any] = [step, next_step, probability]
    require_columns(func, "steps", steps, columns)
    if len(steps) == 0:
        raise invalid(func, "steps", "a non-empty frame", "<0 rows>")
    used = {step, next_step, probability}
    if node_attributes is None:
        attrs = [c for c in steps.columns if c not in used]
    else:
        if isinstance(node_attributes, str) or not isinstance(node_attributes, Sequence):
            raise invalid(
                func, "node_attributes", "None or a list of column names", node_attributes
            )
        attrs = list(node_attributes)
        require_columns(func, "steps", steps, attrs)
    if steps[step].isna().any():
        pos = int(np.flatnonzero(steps[step].isna().to_numpy())[0])
        raise invalid(func, "steps", f"free of missing values in column {step!r}", f"<row {pos}>")
    graph: nx.DiGraph[Any] = nx.DiGraph()
    for s in pd.unique(steps[step]):
        graph.add_node(s)
    for s in pd.unique(steps[next_step].dropna()):
        graph.add_node(s)
    for column in attrs:
        values = steps[[step, column]].dropna()
        per_step = values.groupby(step, sort=False)[column].nunique()
        if (per_step > 1).any():
            bad = per_step.index[int(np.flatnonzero((per_step > 1).to_numpy())[0])]
            raise invalid(
                func,
                "steps",
                f"one value of {column!r} per step",
                f"<several values at step {bad!r}>",
            )
        first = values.drop_duplicates(step)
        for s, v in zip(first[step], first[column], strict=True):
            graph.nodes[s][column] = v.item() if isinstance(v, np.generic) else v
    routes = steps[steps[next_step].notna()]
    prob_values = [None] * len(routes) if probability is None else routes[probability].tolist()
    for u, v, p in zip(routes[step], routes[next_step], prob_values, strict=True):
        if graph.has_edge(u, v):
            raise invalid(func, "steps", "one row per routing", f"<routing {(u, v)!r} twice>")
        if p is None or (isinstance(p, float) and math.isnan(p)):
            graph.add_edge(u, v)
        else:
            graph.add_edge(u, v, **{str(probability): p.item() if isinstance(p, np.generic) else p})
    edge_attr = "probability" if probability is None else probability
    try:
        validate_process_graph(graph, probability=edge_attr)
    except InvalidInputError as exc:  # reword as a problem of the frame
        raise invalid(
            func, "steps", "a valid process (see validate_process_graph)", f"<{exc}>"
        ) from None
    return graph


def _graph_nodes(mapping: Mapping[Any, nx.DiGraph[Any]]) -> list[Any]:
    """Union of the nodes of several graphs, in order of first appearance."""
    seen: dict[Any, None] = {}
    for g in mapping.values():
        for n in g.nodes:
            seen.setdefault(n, None)
    return list(seen)
