"""Tests of the process-graph schema: validate_process_graph and process_graph_from_frame."""

from __future__ import annotations

import copy

import networkx as nx
import pandas as pd
import pytest

from opsmodels.errors import InvalidInputError
from opsmodels.process import process_graph_from_frame, validate_process_graph


def _line() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node("cut", process_time=2.0, servers=2)
    g.add_node("weld", rate=0.5, availability=0.9, **{"yield": 0.95})
    g.add_node("inspect", process_time=1.0, setup_time=3.0, batch_size=10, cost=4.0)
    g.add_edge("cut", "weld", probability=1.0)
    g.add_edge("weld", "inspect", probability=1.0)
    g.add_edge("inspect", "weld", probability=0.1)
    return g


def test_valid_graph_info() -> None:
    g = _line()
    before = copy.deepcopy(g)
    info = validate_process_graph(g, require_time=True)
    assert info.sources == ["cut"]
    assert info.exits == ["weld", "inspect"]
    assert info.exit_probability == pytest.approx({"inspect": 0.9})
    assert info.scrap_probability == pytest.approx({"weld": 0.05})
    assert info.has_rework
    assert (info.nodes, info.edges) == (3, 3)
    assert nx.utils.graphs_equal(g, before)
    assert info.to_dict()["sources"] == ["cut"]


def test_single_outgoing_edge_without_probability_is_one() -> None:
    g = nx.DiGraph([("a", "b"), ("b", "c")])
    info = validate_process_graph(g)
    assert info.exits == ["c"]
    assert info.exit_probability == {"c": 1.0}


def test_custom_attribute_names() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b", p=0.7)
    g.add_node("a", t=1.0)
    g.add_node("b", t=2.0)
    info = validate_process_graph(g, probability="p", process_time="t", require_time=True)
    assert info.exit_probability == pytest.approx({"a": 0.3, "b": 1.0})


def test_explicit_sources() -> None:
    g = nx.DiGraph([("a", "b"), ("b", "a")])
    with pytest.raises(InvalidInputError, match="source"):
        validate_process_graph(g)
    g.edges["b", "a"]["probability"] = 0.5
    assert validate_process_graph(g, sources="a").sources == ["a"]


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda g: g.edges["inspect", "weld"].update(probability=1.5), r"in \[0, 1\]"),
        (lambda g: g.edges["inspect", "weld"].update(probability=-0.1), r"in \[0, 1\]"),
        (lambda g: g.add_edge("inspect", "cut", probability=0.95), "summing to at most 1"),
        (lambda g: g.add_edge("inspect", "cut"), "on every edge"),
        (lambda g: g.nodes["cut"].update(process_time=-1.0), "process_time"),
        (lambda g: g.nodes["cut"].update(process_time=float("nan")), "process_time"),
        (lambda g: g.nodes["weld"].update(rate=0.0), "rate"),
        (lambda g: g.nodes["cut"].update(rate=2.0), "not both"),
        (lambda g: g.nodes["cut"].update(servers=0), "servers"),
        (lambda g: g.nodes["cut"].update(servers=1.5), "servers"),
        (lambda g: g.nodes["weld"].update(availability=1.2), "availability"),
        (lambda g: g.nodes["weld"].update({"yield": 0.0}), "yield"),
        (lambda g: g.nodes["inspect"].update(setup_time=-2.0), "setup_time"),
        (lambda g: g.nodes["inspect"].update(batch_size=0), "batch_size"),
        (lambda g: g.nodes["inspect"].update(cost=-1.0), "cost"),
        (lambda g: g.nodes["inspect"].update(cost="cheap"), "cost"),
        (lambda g: g.add_edges_from([("x", "y"), ("y", "x")]), "unreachable"),
    ],
)
def test_schema_errors(edit: object, match: str) -> None:
    g = _line()
    edit(g)  # type: ignore[operator]
    with pytest.raises(InvalidInputError, match=match):
        validate_process_graph(g)


def test_missing_time_when_required() -> None:
    g = _line()
    del g.nodes["cut"]["process_time"]
    validate_process_graph(g)
    with pytest.raises(InvalidInputError, match="'process_time' or 'rate' on every node"):
        validate_process_graph(g, require_time=True)


@pytest.mark.parametrize(
    "graph", [nx.DiGraph(), nx.Graph([(1, 2)]), nx.MultiDiGraph([(1, 2)]), "g"]
)
def test_not_a_process_graph(graph: object) -> None:
    with pytest.raises(InvalidInputError, match="'graph'"):
        validate_process_graph(graph)  # type: ignore[arg-type]


def test_bad_sources() -> None:
    with pytest.raises(InvalidInputError, match="'sources'"):
        validate_process_graph(_line(), sources=["nowhere"])


# ------------------------------------------------------------------ frames


def _steps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "step": ["cut", "weld", "inspect", "inspect", "pack"],
            "next_step": ["weld", "inspect", "weld", "pack", None],
            "probability": [1.0, 1.0, 0.1, 0.9, None],
            "process_time": [2.0, 3.0, 1.0, 1.0, 0.5],
            "servers": [2, 1, 1, 1, 1],
        }
    )


def test_from_frame() -> None:
    steps = _steps()
    before = steps.copy()
    g = process_graph_from_frame(steps)
    pd.testing.assert_frame_equal(steps, before)
    assert list(g.nodes) == ["cut", "weld", "inspect", "pack"]
    assert g.edges["inspect", "weld"]["probability"] == pytest.approx(0.1)
    assert g.nodes["cut"] == {"process_time": 2.0, "servers": 2}
    assert validate_process_graph(g, require_time=True).exits == ["pack"]


def test_from_frame_custom_columns() -> None:
    steps = _steps().rename(columns={"step": "from", "next_step": "to", "probability": "p"})
    g = process_graph_from_frame(
        steps, step="from", next_step="to", probability="p", node_attributes=["process_time"]
    )
    assert g.edges["cut", "weld"]["p"] == 1.0
    assert g.nodes["cut"] == {"process_time": 2.0}


def test_from_frame_errors() -> None:
    with pytest.raises(InvalidInputError, match="column 'nxt'"):
        process_graph_from_frame(_steps(), next_step="nxt")
    with pytest.raises(InvalidInputError, match="non-empty"):
        process_graph_from_frame(_steps().iloc[:0])
    bad = _steps()
    bad.loc[3, "process_time"] = 9.0
    with pytest.raises(InvalidInputError, match="one value of 'process_time' per step"):
        process_graph_from_frame(bad)
    bad = _steps()
    bad.loc[3, "probability"] = 0.95
    with pytest.raises(InvalidInputError, match="summing to at most 1"):
        process_graph_from_frame(bad)
    with pytest.raises(InvalidInputError, match="'steps'"):
        process_graph_from_frame("steps")  # type: ignore[arg-type]
