"""Tests of the process, constraints and queueing plots (Agg backend)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection

from opsmodels import constraints, datasets, plotting, process, queueing
from opsmodels.errors import InvalidInputError
from opsmodels.plotting._process import _layers


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture
def shop() -> nx.DiGraph[Any]:
    return process.process_graph_from_frame(datasets.shop_steps())


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_process_graph_colours_by_utilization_and_marks_the_bottleneck(
    shop: nx.DiGraph[Any],
) -> None:
    result = constraints.bottleneck(shop, external_arrivals=datasets.SHOP_RELEASE_RATE)
    before = {n: dict(d) for n, d in shop.nodes(data=True)}
    ax = plotting.process_graph(shop, result)
    assert {n: dict(d) for n, d in shop.nodes(data=True)} == before  # not modified
    assert ax.get_title() == "Process graph: bottleneck weld (utilization 84.4%)"
    colorbars = [a for a in ax.figure.axes if a is not ax]
    assert len(colorbars) == 1
    assert colorbars[0].get_ylabel() == "utilization"
    nodes = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(nodes) == 3  # all nodes, the near-bottleneck ring, the bottleneck ring
    assert nodes[0].get_array() is not None
    np.testing.assert_allclose(
        np.asarray(nodes[0].get_array()), result.utilization.reindex(list(shop.nodes))
    )
    assert nodes[2].get_linewidths()[0] > nodes[0].get_linewidths()[0]  # thick outline
    texts = _texts(ax)
    assert "bottleneck" in texts
    assert "weld\n84.4%" in texts
    assert "0.15" in texts  # the rework edge's probability
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "bottleneck",
        "near-bottleneck",
    ]


def test_process_graph_layered_layout_reads_left_to_right(shop: nx.DiGraph[Any]) -> None:
    assert _layers(shop) == {
        "saw": 0,
        "mill": 1,
        "weld": 2,
        "inspect": 3,
        "paint": 4,
        "pack": 5,
    }
    branched = nx.DiGraph(
        [("in", "a"), ("a", "b"), ("b", "join"), ("in", "c"), ("c", "join"), ("join", "a")]
    )
    assert _layers(branched) == {"in": 0, "a": 1, "c": 1, "b": 2, "join": 3}


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda e: e[0] != e[1]),
        min_size=1,
        max_size=20,
    )
)
def test_layers_point_forward_except_on_cycles(edges: list[tuple[int, int]]) -> None:
    """Every edge goes strictly left to right unless it closes a cycle (rework)."""
    graph: nx.DiGraph[Any] = nx.DiGraph(edges)
    layer = _layers(graph)
    assert set(layer) == set(graph.nodes)
    for u, v in graph.edges:
        assert layer[v] > layer[u] or nx.has_path(graph, v, u)
    if nx.is_directed_acyclic_graph(graph):
        expected = {n: i for i, gen in enumerate(nx.topological_generations(graph)) for n in gen}
        assert layer == expected


def test_process_graph_other_layouts_and_defaults(shop: nx.DiGraph[Any]) -> None:
    ax = plotting.process_graph(shop, layout="spring", seed=3)
    assert ax.get_title().startswith("Process graph: bottleneck weld (load per unit 7.03")
    assert [a.get_ylabel() for a in ax.figure.axes if a is not ax] == ["load per unit released"]
    first = np.array([t.get_position() for t in ax.texts if t.get_text().startswith("saw")])
    again = plotting.process_graph(shop, layout="spring", seed=3)
    second = np.array([t.get_position() for t in again.texts if t.get_text().startswith("saw")])
    np.testing.assert_allclose(first, second)  # seeded
    pos = {n: (float(i), 0.0) for i, n in enumerate(shop.nodes)}
    ax = plotting.process_graph(shop, layout=pos, edge_labels="none", title="mine")
    assert ax.get_title() == "mine"
    assert not any(t.get_text() == "0.15" for t in ax.texts)


def test_process_graph_of_an_event_log_by_frequency() -> None:
    log = datasets.shop_event_log(jobs=60)
    graph = process.from_event_log(log, case="case", activity="activity", end="end", start="start")
    result = constraints.bottleneck(graph, process_time="mean_service_time")
    ax = plotting.process_graph(graph, result, edge_labels="frequency")
    assert "60" in _texts(ax)  # saw -> mill, once per job


def test_process_graph_bad_input(shop: nx.DiGraph[Any]) -> None:
    with pytest.raises(InvalidInputError, match="graph"):
        plotting.process_graph(nx.DiGraph())
    with pytest.raises(InvalidInputError, match="layout"):
        plotting.process_graph(shop, layout="dot")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="layout"):
        plotting.process_graph(shop, layout={"saw": (0.0, 0.0)})
    with pytest.raises(InvalidInputError, match="result"):
        plotting.process_graph(shop, result=3)
    with pytest.raises(InvalidInputError, match="edge_labels"):
        plotting.process_graph(shop, edge_labels="both")  # type: ignore[arg-type]


def test_bottleneck_result_plots_itself(shop: nx.DiGraph[Any]) -> None:
    result = constraints.bottleneck(shop, external_arrivals=0.12)
    bars = result.plot()
    assert isinstance(bars, Axes)
    assert bars.get_title().startswith("Bottleneck weld: capacity 0.1422")
    assert [t.get_text() for t in bars.get_yticklabels()][-2:] == ["paint", "weld"]
    drawn = result.plot(graph=shop)
    assert drawn.get_title().startswith("Process graph: bottleneck weld")


def test_factory_physics_curves_penny_fab() -> None:
    wip = np.arange(1, 21)
    result = constraints.factory_physics([2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2], wip, exact=True)
    th, ct = result.plot()
    assert (th.get_title(), ct.get_title()) == ("Throughput", "Cycle time")
    assert th.figure._suptitle is not None
    assert th.figure._suptitle.get_text() == ("Factory physics: r_b = 0.4, T0 = 20, critical WIP 8")
    labels = [line.get_label() for line in th.get_lines() if not line.get_label().startswith("_")]
    assert labels == ["best case", "practical worst case", "worst case", "exact (MVA)"]
    best = th.get_lines()[0]
    np.testing.assert_allclose(best.get_ydata(), np.minimum(wip / 20.0, 0.4))
    assert "W0 = 8" in " ".join(_texts(th))
    curve = queueing.mva([2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2], 20)
    th, ct = plotting.factory_physics_curves(result, mva=curve)
    assert "MVA" in [line.get_label() for line in ct.get_lines()]


def test_factory_physics_curves_bad_input() -> None:
    result = constraints.factory_physics([2.0, 2.0], 1, [1.0, 2.0])
    with pytest.raises(InvalidInputError, match="result"):
        plotting.factory_physics_curves(3)
    with pytest.raises(InvalidInputError, match="mva"):
        plotting.factory_physics_curves(result, mva=3)
    _, single = plt.subplots()
    with pytest.raises(InvalidInputError, match="ax"):
        plotting.factory_physics_curves(result, single)  # type: ignore[arg-type]


def test_mva_curves_bound() -> None:
    result = queueing.mva([2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2], 25)
    th, rt = result.plot()
    bound = [line for line in th.get_lines() if line.get_label().startswith("bound")]
    assert bound[0].get_label() == "bound 0.4"  # min m/D: the 2-hour single machine
    assert rt.get_title() == "Response time"
    with pytest.raises(InvalidInputError, match="result"):
        plotting.mva_curves(object())


def test_staffing_profile_branch() -> None:
    branch = datasets.branch_arrivals()
    plan = queueing.staffing(
        branch["arrivals"] / 15,
        branch["handle_time"],
        answer_time=5.0,
        service_level=0.8,
        shrinkage=0.25,
    )
    ax = plan.plot(arrivals=branch["arrivals"], intervals=branch["interval"], target=0.8)
    assert ax.get_title() == "Staffing: peak 11 agents (15 scheduled)"
    assert len(ax.containers[0]) == 32  # one bar per interval
    twin = next(a for a in ax.figure.axes if a is not ax)
    assert twin.get_ylabel() == "service level achieved"
    np.testing.assert_allclose(twin.get_lines()[0].get_ydata(), plan.service_level)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["agents", "scheduled agents", "arrivals", "service level", "target 80%"]
    assert ax.get_xticklabels()[0].get_text() == "09:00"
    plain = plotting.staffing_profile(plan)
    assert plain.get_ylabel() == "offered load (erlangs), agents"


def test_staffing_profile_bad_input() -> None:
    plan = queueing.staffing([0.1, 0.2], 240.0, answer_time=20.0, service_level=0.8)
    with pytest.raises(InvalidInputError, match="arrivals"):
        plotting.staffing_profile(plan, arrivals=[1, 2, 3])
    with pytest.raises(InvalidInputError, match="intervals"):
        plotting.staffing_profile(plan, intervals=["a"])
    with pytest.raises(InvalidInputError, match="target"):
        plotting.staffing_profile(plan, target=80)
    with pytest.raises(InvalidInputError, match="result"):
        plotting.staffing_profile(3)
