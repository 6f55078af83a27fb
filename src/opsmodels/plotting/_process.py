"""Process, constraints and queueing plots: the process graph coloured by utilization with the
bottleneck marked, utilization bars, factory-physics curves against WIP, closed-network (MVA)
curves and a staffing profile over a day."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
import numpy as np
import pandas as pd

from opsmodels._validation import InstanceOf, Interval, OneOf, check, invalid
from opsmodels.plotting import _common as c

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "factory_physics_curves",
    "mva_curves",
    "process_graph",
    "staffing_profile",
    "utilization_bars",
]

Layout = Literal["layered", "spring", "kamada_kawai", "circular"]
_LAYOUTS = ("layered", "spring", "kamada_kawai", "circular")
_CMAP = "RdYlGn_r"
_NEAR = "#ef6c00"


# --------------------------------------------------------------------------------------------
# the process graph
# --------------------------------------------------------------------------------------------


def _layers(graph: nx.DiGraph[Any]) -> dict[Any, int]:
    """Left-to-right layer of every node: its topological generation once the edges that close
    a cycle (rework) are dropped. Those are the back edges of a depth-first search started at
    the sources (nodes without incoming edges), then at any node not yet reached."""
    sources = [n for n, d in graph.in_degree() if d == 0]
    seen: set[Any] = set()
    back: set[tuple[Any, Any]] = set()
    for root in [*sources, *graph.nodes]:
        if root in seen:
            continue
        seen.add(root)
        on_path = {root}
        stack = [(root, iter(graph.successors(root)))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                on_path.discard(node)
                stack.pop()
            elif child in on_path:
                back.add((node, child))
            elif child not in seen:
                seen.add(child)
                on_path.add(child)
                stack.append((child, iter(graph.successors(child))))
    forward: nx.DiGraph[Any] = nx.DiGraph()
    forward.add_nodes_from(graph.nodes)
    forward.add_edges_from(e for e in graph.edges if e not in back)
    return {n: i for i, layer in enumerate(nx.topological_generations(forward)) for n in layer}


def _positions(graph: nx.DiGraph[Any], layout: Any, seed: int) -> dict[Any, tuple[float, float]]:
    if isinstance(layout, Mapping):
        missing = [n for n in graph.nodes if n not in layout]
        if missing:
            raise invalid(
                "process_graph",
                "layout",
                "a position (x, y) for every node",
                f"<no {missing[0]!r}>",
            )
        return {n: (float(layout[n][0]), float(layout[n][1])) for n in graph.nodes}
    if layout == "layered":
        layer = _layers(graph)
        members: dict[int, list[Any]] = {}
        for n in graph.nodes:
            members.setdefault(layer[n], []).append(n)
        pos: dict[Any, tuple[float, float]] = {}
        for x, nodes in members.items():
            k = len(nodes)
            for i, n in enumerate(nodes):
                pos[n] = (float(x), (k - 1) / 2.0 - i)
        return pos
    if layout == "spring":
        found = nx.spring_layout(graph, seed=seed)
    elif layout == "kamada_kawai":
        found = nx.kamada_kawai_layout(graph)
    else:
        found = nx.circular_layout(graph)
    return {n: (float(p[0]), float(p[1])) for n, p in found.items()}


def _result_for(graph: nx.DiGraph[Any], result: Any) -> Any:
    if result is None:
        from opsmodels.constraints import bottleneck

        return bottleneck(graph)
    if not all(hasattr(result, f) for f in ("bottleneck", "utilization", "near_bottlenecks")):
        raise invalid("process_graph", "result", "None or a BottleneckResult", result)
    return result


def process_graph(
    graph: nx.DiGraph[Any],
    result: Any = None,
    *,
    ax: Axes | None = None,
    layout: Layout | Mapping[Any, tuple[float, float]] = "layered",
    seed: int = 0,
    probability: Hashable = "probability",
    edge_labels: Literal["probability", "frequency", "none"] = "probability",
    title: str | None = None,
) -> Axes:
    """The process graph with its nodes coloured by utilization and the bottleneck marked.

    Parameters
    ----------
    graph : networkx.DiGraph
        The process graph (schema: :mod:`opsmodels.process`). Not modified.
    result : BottleneckResult, optional
        The analysis of ``graph`` (:func:`opsmodels.constraints.bottleneck`); computed with
        its defaults (one unit released per time unit) when None.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    layout : {"layered", "spring", "kamada_kawai", "circular"} or mapping node -> (x, y)
        Node positions. ``"layered"`` (default, deterministic) places the nodes left to right
        by topological generations of the graph without its rework edges (lines read as
        lines); the others are NetworkX layouts (``"spring"`` seeded by ``seed``).
    seed : int
        Seed of the spring layout.
    probability : str
        Edge attribute of the routing probabilities (edge widths).
    edge_labels : {"probability", "frequency", "none"}
        What to write on the edges: the routing probability, the edge attribute
        ``frequency`` (e.g. of a graph from :func:`opsmodels.process.from_event_log`; the
        widths then follow the frequencies), or nothing.
    title : str, optional
        Axes title (default names the bottleneck and its utilization).

    Returns
    -------
    matplotlib.axes.Axes
        With a colour bar of the utilization; the bottleneck has a thick outline and the
        label "bottleneck", near-bottlenecks a dashed one. Edges that go back (rework) are
        drawn curved.

    Raises
    ------
    InvalidInputError
        A bad graph, result, layout or option (and, with ``result=None``, whatever
        :func:`opsmodels.constraints.bottleneck` rejects).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import constraints, datasets, process
    >>> g = process.process_graph_from_frame(datasets.shop_steps())
    >>> r = constraints.bottleneck(g, external_arrivals=datasets.SHOP_RELEASE_RATE)
    >>> ax = process_graph(g, r)
    >>> ax.get_title()
    'Process graph: bottleneck weld (utilization 84.4%)'
    >>> plt.close("all")
    """
    func = "process_graph"
    if not isinstance(graph, nx.DiGraph) or graph.number_of_nodes() == 0:
        raise invalid(func, "graph", "a non-empty networkx.DiGraph", graph)
    if not isinstance(layout, Mapping):
        check(func, "layout", layout, OneOf(*_LAYOUTS))
    check(func, "seed", seed, Interval(0, None, integer=True))
    check(func, "edge_labels", edge_labels, OneOf("probability", "frequency", "none"))
    check(func, "title", title, [InstanceOf(str, type(None), name="a str or None")])
    res = _result_for(graph, result)
    pos = _positions(graph, layout, int(seed))
    rows = len({p[1] for p in pos.values()}) if layout == "layered" else 4
    axes = c.new_axes(ax, figsize=(10.0, min(3.2 + 0.9 * rows, 9.0)))
    nodes = list(graph.nodes)
    util = pd.Series(res.utilization).reindex(nodes).to_numpy(dtype=np.float64)
    shown = np.nan_to_num(util, nan=0.0, posinf=np.inf)
    top = float(np.max(shown[np.isfinite(shown)], initial=0.0))
    vmax = max(1.0, top)
    collection = nx.draw_networkx_nodes(
        graph,
        pos,
        nodelist=nodes,
        node_color=np.minimum(shown, vmax).tolist(),
        cmap=_CMAP,
        vmin=0.0,
        vmax=vmax,
        node_size=1500,
        edgecolors="#333333",
        linewidths=1.0,
        ax=axes,
    )
    near = [n for n in res.near_bottlenecks if n != res.bottleneck and n in graph]
    if near:
        nx.draw_networkx_nodes(
            graph,
            pos,
            nodelist=near,
            node_color="none",
            node_size=1900,
            edgecolors=_NEAR,
            linewidths=2.0,
            ax=axes,
        ).set_linestyle("--")
    if res.bottleneck in graph:
        nx.draw_networkx_nodes(
            graph,
            pos,
            nodelist=[res.bottleneck],
            node_color="none",
            node_size=2100,
            edgecolors=c.FLAG,
            linewidths=3.5,
            ax=axes,
        )
        bx, by = pos[res.bottleneck]
        axes.annotate(
            "bottleneck",
            (bx, by),
            xytext=(0, 30),
            textcoords="offset points",
            ha="center",
            va="bottom",
            color=c.FLAG,
            fontweight="bold",
            fontsize=9,
        )
    given = getattr(res, "release_rate", None) is not None
    labels = {
        n: f"{n}\n{'' if np.isnan(u) else (f'{u:.1%}' if given else c.fmt(u, 3))}"
        for n, u in zip(nodes, util, strict=True)
    }
    nx.draw_networkx_labels(graph, pos, labels=labels, font_size=8, ax=axes)
    edges = list(graph.edges)
    weights: dict[Any, float] = {}
    for u, v in edges:
        data: dict[Any, Any] = graph.edges[u, v]
        key: Any = "frequency" if edge_labels == "frequency" else probability
        value = data.get(key, 1.0 if graph.out_degree(u) == 1 and key == probability else 0.0)
        weights[u, v] = float(value) if isinstance(value, int | float) else 0.0
    largest = max(weights.values(), default=1.0) or 1.0
    xs = {n: pos[n][0] for n in nodes}
    if layout == "layered":  # edges that go back (rework) bend below the line
        back = [(u, v) for u, v in edges if xs[v] <= xs[u]]
        rad = -0.45
    else:  # both directions of a pair bend apart
        back = [(u, v) for u, v in edges if graph.has_edge(v, u)]
        rad = 0.2
    ahead = [e for e in edges if e not in set(back)]
    for group, style in ((ahead, "arc3,rad=0.0"), (back, f"arc3,rad={rad}")):
        if not group:
            continue
        nx.draw_networkx_edges(
            graph,
            pos,
            edgelist=group,
            width=[0.8 + 3.2 * weights[e] / largest for e in group],
            edge_color="#555555",
            arrows=True,
            arrowsize=14,
            node_size=1500,
            connectionstyle=style,
            ax=axes,
        )
        if edge_labels != "none":
            text = {
                e: (f"{weights[e]:.0f}" if edge_labels == "frequency" else f"{weights[e]:.2g}")
                for e in group
            }
            nx.draw_networkx_edge_labels(
                graph,
                pos,
                edge_labels=text,
                font_size=7,
                connectionstyle=style,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"},
                ax=axes,
            )
    from matplotlib.lines import Line2D

    keys = [
        Line2D([], [], ls="none", marker="o", ms=11, mfc="none", mec=c.FLAG, mew=3,
               label="bottleneck"),
        Line2D([], [], ls="none", marker="o", ms=11, mfc="none", mec=_NEAR, mew=2,
               label="near-bottleneck"),
    ]  # fmt: skip
    axes.legend(handles=keys[: 2 if near else 1], loc="lower left", fontsize="small")
    colorbar = axes.figure.colorbar(collection, ax=axes, shrink=0.8, pad=0.02)
    colorbar.set_label("utilization" if given else "load per unit released")
    u_b = float(pd.Series(res.utilization).get(res.bottleneck, np.nan))
    what = "utilization" if given else "load per unit"
    value = f"{u_b:.1%}" if given else c.fmt(u_b)
    axes.set_title(title or f"Process graph: bottleneck {res.bottleneck} ({what} {value})")
    xs_all = [p[0] for p in pos.values()]
    ys_all = [p[1] for p in pos.values()]
    axes.set_xlim(*c.padded_range(xs_all, 0.12))
    lo, hi = c.padded_range(ys_all, 0.3)
    axes.set_ylim(lo - 0.3, hi + 0.3)
    axes.set_axis_off()
    return axes


def utilization_bars(result: Any, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Utilization (or load per unit released) of every node, highest first.

    Parameters
    ----------
    result : BottleneckResult
        A result of :func:`opsmodels.constraints.bottleneck`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Axes title (default names the bottleneck and the capacity).

    Returns
    -------
    matplotlib.axes.Axes
        Horizontal bars; the bottleneck red, near-bottlenecks orange.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import constraints, datasets, process
    >>> g = process.process_graph_from_frame(datasets.shop_steps())
    >>> ax = utilization_bars(constraints.bottleneck(g, external_arrivals=0.12))
    >>> [t.get_text() for t in ax.get_yticklabels()][-1]
    'weld'
    >>> plt.close("all")
    """
    if not all(hasattr(result, f) for f in ("bottleneck", "utilization", "near_bottlenecks")):
        raise invalid("utilization_bars", "result", "a BottleneckResult", result)
    axes = c.new_axes(ax, figsize=(8.0, 4.0))
    util = pd.Series(result.utilization).astype(np.float64)
    order = util.sort_values(kind="stable")
    colours = [
        c.FLAG if n == result.bottleneck else (_NEAR if n in result.near_bottlenecks else c.BAR)
        for n in order.index
    ]
    labels = [str(n) for n in order.index]
    axes.barh(labels, order.to_numpy(), color=colours)
    given = getattr(result, "release_rate", None) is not None
    if given:
        axes.axvline(1.0, color="0.3", ls="--", lw=1)
    axes.set_xlabel("utilization" if given else "load per unit released")
    capacity = c.fmt(float(result.capacity))
    axes.set_title(title or f"Bottleneck {result.bottleneck}: capacity {capacity} per time unit")
    return axes


# --------------------------------------------------------------------------------------------
# factory physics and closed networks
# --------------------------------------------------------------------------------------------


def _pair(func: str, ax: Any, figsize: tuple[float, float]) -> tuple[Axes, Axes]:
    if ax is None:
        plt = c.pyplot()
        _, grid = plt.subplots(1, 2, figsize=figsize, sharex=True, layout="constrained")
        return grid[0], grid[1]
    if not hasattr(ax, "__len__") or isinstance(ax, str) or len(ax) != 2:
        raise invalid(func, "ax", "a pair of matplotlib Axes or None", ax)
    c.check_axes("ax", ax[0], func)
    c.check_axes("ax", ax[1], func)
    return ax[0], ax[1]


def _curve(values: Any) -> Any:
    return np.atleast_1d(np.asarray(values, dtype=np.float64))


def factory_physics_curves(
    result: Any,
    ax: Sequence[Axes] | None = None,
    *,
    mva: Any = None,
    title: str | None = None,
) -> tuple[Axes, Axes]:
    """Throughput and cycle time against WIP: best case, worst case, practical worst case.

    Parameters
    ----------
    result : FactoryPhysicsResult
        A result of :func:`opsmodels.constraints.factory_physics` over a range of WIP levels
        (its exact curves are drawn too when it has them).
    ax : pair of matplotlib Axes, optional
        Throughput and cycle-time axes; a new figure with two panels when None.
    mva : MVAResult, optional
        Exact curves of a closed network (:func:`opsmodels.queueing.mva`; population = WIP),
        drawn over the bounds.
    title : str, optional
        Figure title (default names r_b, T0 and the critical WIP).

    Returns
    -------
    tuple of two matplotlib Axes
        Throughput (left) and cycle time (right) against WIP, the critical WIP W0 marked.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from opsmodels import constraints
    >>> r = constraints.factory_physics([2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2], np.arange(1, 21),
    ...                                 exact=True)
    >>> th, ct = factory_physics_curves(r)
    >>> th.get_title(), ct.get_title()
    ('Throughput', 'Cycle time')
    >>> plt.close("all")
    """
    func = "factory_physics_curves"
    fields = ("rb", "t0", "w0", "wip", "th_best", "ct_best", "th_pwc", "ct_pwc")
    if not all(hasattr(result, f) for f in fields):
        raise invalid(func, "result", "a FactoryPhysicsResult", result)
    if mva is not None and not all(hasattr(mva, f) for f in ("population", "throughput")):
        raise invalid(func, "mva", "None or an MVAResult", mva)
    check(func, "title", title, [InstanceOf(str, type(None), name="a str or None")])
    th_ax, ct_ax = _pair(func, ax, (11.0, 4.5))
    w = _curve(result.wip)
    order = np.argsort(w, kind="stable")
    w = w[order]
    style = "-" if w.size > 1 else "o"
    cases = [
        ("best case", "th_best", "ct_best", c.CENTER, "-"),
        ("practical worst case", "th_pwc", "ct_pwc", c.LINE, "--"),
        ("worst case", "th_worst", "ct_worst", c.LIMIT, ":"),
        ("exact (MVA)", "th_exact", "ct_exact", c.POINT, "-"),
    ]
    for label, th_name, ct_name, colour, line in cases:
        th = getattr(result, th_name, None)
        if th is None:
            continue
        ls = line if style == "-" else "none"
        marker = None if style == "-" else "o"
        th_ax.plot(w, _curve(th)[order], color=colour, ls=ls, marker=marker, label=label)
        ct = _curve(getattr(result, ct_name))[order]
        ct_ax.plot(w, ct, color=colour, ls=ls, marker=marker, label=label)
    if mva is not None:
        n = _curve(mva.population)
        th_ax.plot(n, _curve(mva.throughput), color="#6a1b9a", marker=".", ls="-", label="MVA")
        ct_ax.plot(n, _curve(mva.response_time), color="#6a1b9a", marker=".", ls="-", label="MVA")
    rb, t0, w0 = float(result.rb), float(result.t0), float(result.w0)
    th_ax.axhline(rb, color="0.4", lw=0.8)
    th_ax.annotate(f"r_b = {c.fmt(rb)}", (w[-1], rb), xytext=(-2, 3), textcoords="offset points",
                   fontsize=8, color="0.3", ha="right", va="bottom")  # fmt: skip
    ct_ax.axhline(t0, color="0.4", lw=0.8)
    ct_ax.annotate(f"T0 = {c.fmt(t0)}", (w[-1], t0), xytext=(-2, 3), textcoords="offset points",
                   fontsize=8, color="0.3", ha="right", va="bottom")  # fmt: skip
    for axes in (th_ax, ct_ax):
        axes.axvline(w0, color="0.3", ls="-.", lw=1)
        axes.text(w0, 0.02, f" W0 = {c.fmt(w0)}", transform=axes.get_xaxis_transform(),
                  fontsize=8, color="0.2", ha="left", va="bottom")  # fmt: skip
        axes.set_xlabel("WIP (jobs)")
        axes.set_ylim(bottom=0.0)
    th_ax.set_ylim(0.0, rb * 1.12)
    if np.all(np.isfinite(_curve(result.ct_best))):
        ct_top = float(np.max(_curve(result.ct_pwc))) * 1.6
        ct_ax.set_ylim(0.0, max(ct_top, t0 * 1.2))
    th_ax.set_title("Throughput")
    th_ax.set_ylabel("jobs per time unit")
    ct_ax.set_title("Cycle time")
    ct_ax.set_ylabel("time")
    th_ax.legend(loc="lower right", fontsize="small")
    ct_ax.legend(loc="upper left", fontsize="small")
    th_ax.figure.suptitle(
        title or f"Factory physics: r_b = {c.fmt(rb)}, T0 = {c.fmt(t0)}, critical WIP {c.fmt(w0)}"
    )
    return th_ax, ct_ax


def mva_curves(
    result: Any, ax: Sequence[Axes] | None = None, *, title: str | None = None
) -> tuple[Axes, Axes]:
    """Throughput and response time of a closed network against its population (exact MVA).

    Parameters
    ----------
    result : MVAResult
        A result of :func:`opsmodels.queueing.mva`.
    ax : pair of matplotlib Axes, optional
        Throughput and response-time axes; a new figure with two panels when None.
    title : str, optional
        Figure title.

    Returns
    -------
    tuple of two matplotlib Axes
        Throughput with its bottleneck bound :math:`\\min_k m_k/D_k` (recovered from the
        utilizations as :math:`X(N)/\\max_k U_k`), and the response time.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import queueing
    >>> th, rt = mva_curves(queueing.mva([2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2], 20))
    >>> th.get_lines()[0].get_label()
    'throughput X(n)'
    >>> plt.close("all")
    """
    func = "mva_curves"
    if not all(hasattr(result, f) for f in ("population", "throughput", "response_time")):
        raise invalid(func, "result", "an MVAResult", result)
    check(func, "title", title, [InstanceOf(str, type(None), name="a str or None")])
    th_ax, rt_ax = _pair(func, ax, (11.0, 4.5))
    n = _curve(result.population)
    x = _curve(result.throughput)
    th_ax.plot(n, x, color=c.POINT, marker=".", label="throughput X(n)")
    util = _curve(getattr(result, "utilization", np.zeros(1)))
    if util.size and float(np.max(util)) > 0:
        bound = float(x[-1] / np.max(util))
        th_ax.axhline(bound, color=c.LIMIT, ls="--", lw=1, label=f"bound {c.fmt(bound)}")
    rt_ax.plot(n, _curve(result.response_time), color=c.LINE, marker=".", label="R(n)")
    th_ax.set_title("Throughput")
    rt_ax.set_title("Response time")
    for axes in (th_ax, rt_ax):
        axes.set_xlabel("population n (jobs)")
        axes.set_ylim(bottom=0.0)
        axes.legend(loc="lower right", fontsize="small")
    th_ax.set_ylabel("jobs per time unit")
    rt_ax.set_ylabel("time")
    th_ax.figure.suptitle(title or f"Closed network by exact MVA, n = 1..{n.size}")
    return th_ax, rt_ax


# --------------------------------------------------------------------------------------------
# staffing
# --------------------------------------------------------------------------------------------


def staffing_profile(
    result: Any,
    ax: Axes | None = None,
    *,
    arrivals: Any = None,
    intervals: Sequence[Any] | pd.Series | None = None,
    target: float | None = None,
    title: str | None = None,
) -> Axes:
    """Staffing over a day: the workload (bars), agents and scheduled agents (steps) and the
    service level achieved against its target (right axis).

    Parameters
    ----------
    result : StaffingResult
        A result of :func:`opsmodels.queueing.staffing` over the intervals of a day.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    arrivals : array_like or Series, optional
        Arrivals per interval drawn as bars; the offered load (erlangs) when None.
    intervals : sequence, optional
        Interval labels (e.g. start times); the result's Series index, else 1..n.
    target : float, optional
        The service-level target in (0, 1), drawn dashed on the right axis.
    title : str, optional
        Axes title (default names the peak and the total of agent intervals).

    Returns
    -------
    matplotlib.axes.Axes
        The left axes (workload and agents); the service level is on its twin.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import datasets, queueing
    >>> b = datasets.branch_arrivals()
    >>> plan = queueing.staffing(b["arrivals"] / 15, b["handle_time"], answer_time=5.0,
    ...                          service_level=0.8, shrinkage=0.25)
    >>> ax = staffing_profile(plan, arrivals=b["arrivals"], intervals=b["interval"], target=0.8)
    >>> ax.get_title()
    'Staffing: peak 11 agents (15 scheduled)'
    >>> plt.close("all")
    """
    func = "staffing_profile"
    if not all(hasattr(result, f) for f in ("agents", "scheduled_agents", "service_level")):
        raise invalid(func, "result", "a StaffingResult", result)
    agents = _curve(result.agents)
    n = agents.size
    scheduled = np.broadcast_to(_curve(result.scheduled_agents), (n,))
    level = np.broadcast_to(_curve(result.service_level), (n,))
    if arrivals is None:
        bars = np.broadcast_to(_curve(result.traffic), (n,))
        bar_label = "offered load (erlangs)"
    else:
        bars = _curve(arrivals.to_numpy() if isinstance(arrivals, pd.Series) else arrivals)
        if bars.shape != (n,):
            raise invalid(func, "arrivals", f"{n} values, one per interval", arrivals)
        bar_label = "arrivals"
    if target is not None:
        check(func, "target", target, Interval(0, 1, closed="neither"))
    check(func, "title", title, [InstanceOf(str, type(None), name="a str or None")])
    if intervals is None:
        idx = result.agents.index if isinstance(result.agents, pd.Series) else None
        labels = [str(v) for v in (idx if idx is not None else range(1, n + 1))]
    else:
        labels = [str(v) for v in intervals]
        if len(labels) != n:
            raise invalid(func, "intervals", f"{n} labels, one per interval", intervals)
    axes = c.new_axes(ax, figsize=(11.0, 4.8))
    x = np.arange(n)
    axes.bar(x, bars, width=0.8, color=c.BAR, alpha=0.45, label=bar_label)
    edges = np.append(x - 0.5, x[-1] + 0.5)
    axes.stairs(agents, edges, baseline=None, color=c.BAR_DARK, lw=2, label="agents")
    if np.any(scheduled != agents):
        axes.stairs(
            scheduled, edges, baseline=None, color=c.LINE, lw=2, ls="--", label="scheduled agents"
        )
    axes.set_ylabel(f"{bar_label}, agents")
    axes.set_ylim(0.0, max(float(np.max(bars)), float(np.max(scheduled))) * 1.15 + 0.5)
    step = max(1, int(np.ceil(n / 16)))
    axes.set_xticks(x[::step], labels[::step], rotation=45 if n > 8 else 0, fontsize=8)
    axes.set_xlim(-0.6, n - 0.4)
    axes.set_xlabel("interval")
    right = axes.twinx()
    right.plot(x, level, color=c.CENTER, marker="o", ms=3, lw=1.2, label="service level")
    if target is not None:
        right.axhline(float(target), color=c.CENTER, ls=":", lw=1.2, label=f"target {target:.0%}")
    right.set_ylim(0.0, 1.05)
    right.set_ylabel("service level achieved")
    right.yaxis.set_major_formatter(c.pyplot().FuncFormatter(lambda v, _: f"{v:.0%}"))
    handles, names = axes.get_legend_handles_labels()
    more, more_names = right.get_legend_handles_labels()
    axes.legend(handles + more, names + more_names, loc="upper left", fontsize="small", ncol=3)
    peak = int(np.max(agents))
    peak_scheduled = int(np.max(scheduled))
    axes.set_title(title or f"Staffing: peak {peak} agents ({peak_scheduled} scheduled)")
    return axes
