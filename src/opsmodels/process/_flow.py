"""Flow balance on a process graph: the traffic equations, visit ratios, arrival rates and
utilization, with rework, scrap and several products each with its own routing."""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import spsolve

from opsmodels._results import Result
from opsmodels._typing import FloatArray
from opsmodels._validation import invalid
from opsmodels.errors import InvalidInputError
from opsmodels.process._schema import (
    _check_graph,
    _check_name,
    _graph_nodes,
    _node_array,
    _node_times,
    _routing,
)

__all__ = ["FlowResult", "arrival_rates", "effective_process_times", "visit_ratios"]

_TOL = 1e-12


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowResult(Result):
    """Flow balance of a process graph (all rates in units per time unit of the arrivals).

    Attributes
    ----------
    arrival_rates : Series
        Total arrival rate at each node, :math:`\\lambda_i` (all products, rework included);
        ``inf`` where units enter a rework loop they can never leave.
    visit_ratios : Series
        Visits to each node per unit released, :math:`v_i = \\lambda_i / \\sum_j \\gamma_j`.
    output_rates : Series
        Good units leaving the system at each node, :math:`\\lambda_i y_i (1 - \\sum_j p_{ij})`.
    scrap_rates : Series
        Units scrapped at each node, :math:`\\lambda_i (1 - y_i)`.
    utilization : Series or None
        :math:`u_i = \\sum_k \\lambda_{k,i} t_{e,k,i} / m_i` with the effective process time
        :math:`t_e = t / A + t_s / n_s` (availability *A*, setup :math:`t_s` per batch of
        :math:`n_s`); above 1 where the node cannot keep up, ``inf`` where the arrival rate
        is; None when some node with arrivals has no process time or rate.
    throughput : float
        Good output rate of the system, :math:`\\sum_i` ``output_rates``.
    scrap_rate : float
        Total scrap rate.
    release_rate : float
        Total external arrival rate :math:`\\sum_j \\gamma_j` (equals throughput + scrap rate
        when every arrival rate is finite).
    by_product : DataFrame or None
        Arrival rates per node (rows) and product (columns) for a product mix.
    """

    arrival_rates: pd.Series
    visit_ratios: pd.Series
    output_rates: pd.Series
    scrap_rates: pd.Series
    utilization: pd.Series | None
    throughput: float
    scrap_rate: float
    release_rate: float
    by_product: pd.DataFrame | None


def _solve_traffic(q: sp.csr_array, gamma: FloatArray) -> FloatArray:
    """Solve λ = γ + Qᵀλ sparsely; inf on closed rework classes that receive flow."""
    n = len(gamma)
    leak = 1.0 - np.asarray(q.sum(axis=1)).ravel()
    coo = q.tocoo()
    positive = coo.data > 0
    row, col = coo.row[positive], coo.col[positive]
    pattern = sp.csr_array((np.ones(len(row)), (row, col)), shape=(n, n))
    ncomp, labels = connected_components(pattern, directed=True, connection="strong")
    open_comp = np.zeros(ncomp, dtype=bool)
    open_comp[labels[row[labels[row] != labels[col]]]] = True
    open_comp[labels[leak > 1e-12]] = True
    closed = ~open_comp[labels]
    keep = np.flatnonzero(~closed)
    lam = np.zeros(n)
    if len(keep):
        qt = q[keep][:, keep]
        a = (sp.identity(len(keep), format="csc") - qt.T.tocsc()).tocsc()
        solved = np.atleast_1d(spsolve(a, gamma[keep]))
        lam[keep] = np.maximum(solved, 0.0)
    if closed.any():
        into = gamma + q.T @ np.where(closed, 0.0, lam)
        fed = np.bincount(labels, weights=np.where(closed, into, 0.0), minlength=ncomp) > _TOL
        lam[closed & fed[labels]] = np.inf
    return lam


def _is_rate(value: object) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, numbers.Real)
        and math.isfinite(float(value))
        and float(value) >= 0
    )


def _products(
    func: str, graph: Any, probability: Any, process_time: Any, mix: Any
) -> tuple[list[Any], dict[Any, float]]:
    """The products of a mix and their normalised shares (one product ``None`` without mix)."""
    mappings = {
        name: value
        for name, value in (
            ("graph", graph),
            ("probability", probability),
            ("process_time", process_time),
        )
        if isinstance(value, Mapping)
    }
    if mix is None:
        if mappings:
            name = next(iter(mappings))
            raise invalid(func, "mix", f"a mapping product -> share when {name} is a mapping", mix)
        return [None], {None: 1.0}
    if not isinstance(mix, Mapping) or not mix:
        raise invalid(func, "mix", "None or a non-empty mapping product -> share >= 0", mix)
    for k, v in mix.items():
        if not _is_rate(v):
            raise invalid(func, "mix", "shares that are finite and >= 0", f"<{v!r} for {k!r}>")
    total = float(sum(float(v) for v in mix.values()))
    if total <= 0:
        raise invalid(func, "mix", "shares with a positive sum", mix)
    products = list(mix)
    for name, value in mappings.items():
        if set(value) != set(products):
            raise invalid(
                func, name, f"a mapping with the products of mix {products!r} as keys", list(value)
            )
    return products, {k: float(v) / total for k, v in mix.items()}


def _pick(value: Any, product: Any) -> Any:
    return value[product] if isinstance(value, Mapping) else value


def _external(
    func: str, external_arrivals: Any, graph: nx.DiGraph[Any], index: dict[Any, int], n: int
) -> FloatArray:
    gamma = np.zeros(n)
    if isinstance(external_arrivals, pd.Series):
        external_arrivals = dict(external_arrivals.items())
    if isinstance(external_arrivals, Mapping):
        if not external_arrivals:
            raise invalid(func, "external_arrivals", "a non-empty mapping node -> rate", {})
        for node, rate in external_arrivals.items():
            if not isinstance(node, Hashable) or node not in index:
                raise invalid(
                    func, "external_arrivals", "a mapping keyed by nodes of the graph", node
                )
            if not _is_rate(rate):
                raise invalid(
                    func,
                    "external_arrivals",
                    "rates that are finite and >= 0",
                    f"<{rate!r} at {node!r}>",
                )
            gamma[index[node]] += float(rate)
        return gamma
    if not _is_rate(external_arrivals):
        raise invalid(
            func,
            "external_arrivals",
            "a rate >= 0 (into the graph's only source) or a mapping node -> rate",
            external_arrivals,
        )
    sources = [v for v, d in graph.in_degree() if d == 0]
    if len(sources) != 1:
        raise invalid(
            func,
            "external_arrivals",
            "a mapping node -> rate when the graph has no single source (node without "
            f"incoming edges; found {len(sources)})",
            external_arrivals,
        )
    gamma[index[sources[0]]] = float(external_arrivals)
    return gamma


def arrival_rates(
    graph: nx.DiGraph[Any] | Mapping[Any, nx.DiGraph[Any]],
    external_arrivals: float | Mapping[Any, float] | pd.Series,
    *,
    mix: Mapping[Any, float] | None = None,
    probability: Any = "probability",
    yield_: Any = "yield",
    process_time: Any = "process_time",
    rate: Any = "rate",
    servers: Any = "servers",
    availability: Any = "availability",
    setup_time: Any = "setup_time",
    batch_size: Any = "batch_size",
) -> FlowResult:
    """Arrival rates, visit ratios, output, scrap and utilization of every node of a process.

    Solves the traffic equations of the routing (rework loops, scrap and several products
    allowed) sparsely.

    Parameters
    ----------
    graph : networkx.DiGraph or mapping product -> DiGraph
        The process graph (schema: :mod:`opsmodels.process`), or one routing graph per
        product (nodes shared by name; node attributes other than the process time are read
        from the first graph holding the node). Not modified.
    external_arrivals : float, mapping node -> float or Series
        External arrival (release) rate [units per time]: a number enters at the graph's
        only source (each product's own source for a mix); a mapping gives the rate into
        each node. With ``mix``, product *k* gets ``share_k`` times these rates.
    mix : mapping product -> share, optional
        Product mix; shares >= 0 are divided by their sum. Required when ``graph``,
        ``probability`` or ``process_time`` is a mapping by product.
    probability : str or mapping product -> str
        Edge attribute of the routing probabilities (one per product for a mix on one graph).
    yield_ : str
        Node attribute of the yield (fraction good; the rest is scrapped at the node).
    process_time, rate : str or mapping product -> str
        Node attributes of the process time per unit [time] or the rate [units per time]
        (one of them per node; per product for a mix).
    servers, availability, setup_time, batch_size : str
        Node attributes (defaults 1, 1, 0, 1 when absent).

    Returns
    -------
    FlowResult
        ``arrival_rates, visit_ratios, output_rates, scrap_rates, utilization`` by node,
        ``throughput, scrap_rate, release_rate`` and ``by_product``.

    Raises
    ------
    InvalidInputError
        A graph that breaks the schema (probabilities outside [0, 1] or summing above 1 at a
        node, yields outside (0, 1], bad times or servers), arrivals at unknown nodes or
        negative rates, a number of arrivals with no single source, a mix whose products do
        not match the mappings.

    Notes
    -----
    With :math:`Q_{ij} = y_i p_{ij}` (yield times routing probability) and external arrivals
    :math:`\\gamma`, the arrival rates solve the traffic equations
    :math:`\\lambda_j = \\gamma_j + \\sum_i \\lambda_i Q_{ij}`, i.e.
    :math:`(I - Q^T)\\lambda = \\gamma`, solved by ``scipy.sparse.linalg.spsolve`` per product
    and summed. A node on a rework loop that units can never leave (a closed class of the
    routing) has no finite answer: its arrival rate is ``inf`` when units reach it.
    A single rework loop with return probability *p* gives visit ratio :math:`1/(1-p)`.
    Utilization :math:`u_i = \\lambda_i t_{e,i} / m_i` as in Hopp and Spearman.

    References
    ----------
    .. [1] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008,
       ch. 7-8 (utilization; effective process times under availability, setups and
       rework).
    .. [2] J. R. Jackson, "Jobshop-like queueing systems", *Management Science* 10(1),
       1963, pp. 131-142, doi:10.1287/mnsc.10.1.131 (traffic equations).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("machine", process_time=0.5)
    >>> g.add_node("test", process_time=0.2)
    >>> g.add_edge("machine", "test", probability=1.0)
    >>> g.add_edge("test", "machine", probability=0.25)  # 25% rework
    >>> flow = arrival_rates(g, {"machine": 1.2})
    >>> flow.arrival_rates.round(3).to_dict()
    {'machine': 1.6, 'test': 1.6}
    >>> flow.utilization.round(3).to_dict()
    {'machine': 0.8, 'test': 0.32}
    >>> round(flow.throughput, 6)
    1.2
    """
    func = "arrival_rates"
    products, shares = _products(func, graph, probability, process_time, mix)
    for name, value in (
        ("yield_", yield_),
        ("rate", rate),
        ("servers", servers),
        ("availability", availability),
        ("setup_time", setup_time),
        ("batch_size", batch_size),
    ):
        _check_name(func, name, value)
    for name, value in (("probability", probability), ("process_time", process_time)):
        for v in value.values() if isinstance(value, Mapping) else [value]:
            _check_name(func, name, v)
    if isinstance(graph, Mapping):
        graphs = {k: _check_graph(func, graph[k]) for k in products}
        nodes = _graph_nodes(graphs)
    else:
        g = _check_graph(func, graph)
        graphs = dict.fromkeys(products, g)
        nodes = list(g.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    lam_by: dict[Any, FloatArray] = {}
    scrap = np.zeros(n)
    output = np.zeros(n)
    te_by: dict[Any, FloatArray | None] = {}
    release = 0.0
    for k in products:
        gk = graphs[k]
        local, local_index, q, y, routed = _routing(func, gk, _pick(probability, k), yield_)
        gamma_local = _external(func, external_arrivals, gk, local_index, len(local))
        release += float(gamma_local.sum()) * shares[k]
        lam_local = _solve_traffic(q, gamma_local * shares[k])
        pos = np.fromiter((index[v] for v in local), dtype=np.int64, count=len(local))
        lam = np.zeros(n)
        lam[pos] = lam_local
        lam_by[k] = lam
        leave = y * (1.0 - routed)
        with np.errstate(invalid="ignore"):  # inf * 0 where no unit leaves: taken as 0
            scrap[pos] += np.where(y < 1.0, lam_local * (1.0 - y), 0.0)
            output[pos] += np.where(leave > 0, lam_local * leave, 0.0)
        times = _node_times(func, gk, _pick(process_time, k), rate, required=False)
        if (np.isnan(times) & (lam_local > 0)).any():
            te_by[k] = None
        else:
            te = np.zeros(n)
            te[pos] = np.where(np.isnan(times), 0.0, times)
            te_by[k] = te
    total = sum(lam_by.values(), np.zeros(n))
    util: pd.Series | None = None
    if all(te_by[k] is not None for k in products):
        m, a, ts, ns = (np.zeros(n) for _ in range(4))
        for gk in reversed(list(dict.fromkeys(graphs.values()))):  # the first graph wins
            pos = np.fromiter((index[v] for v in gk.nodes), dtype=np.int64, count=len(gk))
            m[pos] = _node_array(func, gk, servers, 1.0, low=1.0, integer=True)
            a[pos] = _node_array(func, gk, availability, 1.0, low=0.0, low_open=True, high=1.0)
            ts[pos] = _node_array(func, gk, setup_time, 0.0, low=0.0)
            ns[pos] = _node_array(func, gk, batch_size, 1.0, low=0.0, low_open=True)
        load = np.zeros(n)
        for k in products:
            te = te_by[k] / a + ts / ns  # type: ignore[operator]
            lam = lam_by[k]
            with np.errstate(invalid="ignore"):
                load += np.where((lam > 0) & (te > 0), lam * te, 0.0)
        util = pd.Series(load / m, index=pd.Index(nodes), name="utilization")
    idx = pd.Index(nodes)
    with np.errstate(invalid="ignore", divide="ignore"):
        visits = total / release if release > 0 else np.zeros(n)
    by_product = None
    if mix is not None:
        by_product = pd.DataFrame({k: lam_by[k] for k in products}, index=idx)
    return FlowResult(
        arrival_rates=pd.Series(total, index=idx, name="arrival_rate"),
        visit_ratios=pd.Series(visits, index=idx, name="visit_ratio"),
        output_rates=pd.Series(output, index=idx, name="output_rate"),
        scrap_rates=pd.Series(scrap, index=idx, name="scrap_rate"),
        utilization=util,
        throughput=float(output.sum()),
        scrap_rate=float(scrap.sum()),
        release_rate=release,
        by_product=by_product,
    )


def visit_ratios(
    graph: nx.DiGraph[Any],
    *,
    source: Any = None,
    probability: Any = "probability",
    yield_: Any = "yield",
) -> pd.Series:
    """Expected number of visits to each node per unit released into the process.

    Parameters
    ----------
    graph : networkx.DiGraph
        The process graph (schema: :mod:`opsmodels.process`). Not modified.
    source : node, optional
        Where units are released; default: the graph's only node without incoming edges.
    probability : str
        Edge attribute of the routing probabilities.
    yield_ : str
        Node attribute of the yield (fraction good).

    Returns
    -------
    pandas.Series
        Visit ratio :math:`v_i` by node; ``inf`` on a rework loop that units can never leave.

    Raises
    ------
    InvalidInputError
        A graph that breaks the schema, an unknown source, no single source.

    Notes
    -----
    :math:`v = (I - Q^T)^{-1} e_s` with :math:`Q_{ij} = y_i p_{ij}` (see
    :func:`arrival_rates`). One rework loop returning a fraction *p* gives
    :math:`v = 1 / (1 - p)` at the nodes of the loop.

    References
    ----------
    .. [1] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008,
       ch. 8 (rework).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> g.add_edge("c", "b", probability=0.5)
    >>> g.edges["b", "c"]["probability"] = 1.0
    >>> visit_ratios(g).to_dict()
    {'a': 1.0, 'b': 2.0, 'c': 2.0}
    """
    func = "visit_ratios"
    g = _check_graph(func, graph)
    if source is None:
        found = [v for v, d in g.in_degree() if d == 0]
        if len(found) != 1:
            raise invalid(
                func,
                "source",
                "a node of the graph when the graph has no single node without incoming "
                f"edges (found {len(found)})",
                source,
            )
        arrivals: Any = {found[0]: 1.0}
    else:
        if not isinstance(source, Hashable) or source not in g:
            raise invalid(func, "source", "None or a node of the graph", source)
        arrivals = {source: 1.0}
    try:
        flow = arrival_rates(g, arrivals, probability=probability, yield_=yield_)
    except InvalidInputError as exc:
        text = (
            str(exc)
            .replace("of arrival_rates", f"of {func}")
            .replace("'external_arrivals' parameter", "'source' parameter")
        )
        raise InvalidInputError(text) from None
    return flow.visit_ratios


def effective_process_times(
    graph: nx.DiGraph[Any],
    *,
    process_time: Any = "process_time",
    rate: Any = "rate",
    availability: Any = "availability",
    setup_time: Any = "setup_time",
    batch_size: Any = "batch_size",
) -> pd.Series:
    """Effective process time of one unit on one server at every node.

    Parameters
    ----------
    graph : networkx.DiGraph
        The process graph (schema: :mod:`opsmodels.process`); every node needs a process time
        or a rate. Not modified.
    process_time, rate, availability, setup_time, batch_size : str
        Node attribute names (availability 1, setup time 0 and batch size 1 when absent).

    Returns
    -------
    pandas.Series
        :math:`t_e` by node [time units of the process times].

    Raises
    ------
    InvalidInputError
        A node without process time or rate, or attributes outside the schema.

    Notes
    -----
    :math:`t_e = t_0 / A + t_s / n_s`: the natural process time :math:`t_0` (or
    :math:`1/\\text{rate}`) inflated by the availability *A*, plus the setup time
    :math:`t_s` shared by a batch of :math:`n_s` units. The capacity of a node with *m*
    servers is :math:`m / t_e`; its utilization :math:`\\lambda t_e / m` (see
    :func:`arrival_rates`).

    References
    ----------
    .. [1] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008,
       ch. 8 (effective process times: preemptive outages and setups).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("press", process_time=1.0, availability=0.8, setup_time=2.0, batch_size=4)
    >>> g.add_node("paint", rate=4.0)
    >>> effective_process_times(g).to_dict()
    {'press': 1.75, 'paint': 0.25}
    """
    func = "effective_process_times"
    g = _check_graph(func, graph)
    for name, value in (
        ("process_time", process_time),
        ("rate", rate),
        ("availability", availability),
        ("setup_time", setup_time),
        ("batch_size", batch_size),
    ):
        _check_name(func, name, value)
    t0 = _node_times(func, g, process_time, rate, required=True)
    a = _node_array(func, g, availability, 1.0, low=0.0, low_open=True, high=1.0)
    ts = _node_array(func, g, setup_time, 0.0, low=0.0)
    ns = _node_array(func, g, batch_size, 1.0, low=0.0, low_open=True)
    return pd.Series(t0 / a + ts / ns, index=pd.Index(list(g.nodes)), name="effective_process_time")
