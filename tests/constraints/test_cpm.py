"""Tests for constraints.critical_path and constraints.pert (CPM/PERT on activity-on-node DAGs)."""

from __future__ import annotations

import copy
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.constraints import critical_path, pert
from opsmodels.errors import InvalidInputError

# Heizer, Render & Munson, Operations Management, chapter 3: Milwaukee Paper Manufacturing.
# activity: (predecessors, a, m, b); the mean times are 2, 3, 2, 4, 4, 3, 5, 2 weeks.
MILWAUKEE = {
    "A": ((), 1, 2, 3),
    "B": ((), 2, 3, 4),
    "C": (("A",), 1, 2, 3),
    "D": (("A", "B"), 2, 4, 6),
    "E": (("C",), 1, 4, 7),
    "F": (("C",), 1, 2, 9),
    "G": (("D", "E"), 3, 4, 11),
    "H": (("F", "G"), 1, 2, 3),
}


def milwaukee() -> nx.DiGraph:
    g = nx.DiGraph()
    for node, (preds, a, m, b) in MILWAUKEE.items():
        g.add_node(node, optimistic=a, most_likely=m, pessimistic=b, duration=(a + 4 * m + b) / 6)
        g.add_edges_from((p, node) for p in preds)
    return g


def test_milwaukee_paper_cpm() -> None:
    """Heizer, Render & Munson, Operations Management (12th ed., chapter 3, Milwaukee Paper
    Manufacturing): project time 15 weeks, critical path A-C-E-G-H, slack B = 1, D = 1,
    F = 6 and 0 elsewhere; e.g. ES/EF/LS/LF of D = 3/7/4/8 and of F = 4/7/10/13."""
    g = milwaukee()
    before = copy.deepcopy(g)
    r = critical_path(g)
    assert r.duration == pytest.approx(15.0)
    assert r.path == ["A", "C", "E", "G", "H"]
    assert sorted(r.critical) == list("ACEGH")
    expected = {"A": 0, "B": 1, "C": 0, "D": 1, "E": 0, "F": 6, "G": 0, "H": 0}
    assert r.slack == pytest.approx(expected)
    assert (r.earliest_start["D"], r.earliest_finish["D"]) == pytest.approx((3.0, 7.0))
    assert (r.latest_start["D"], r.latest_finish["D"]) == pytest.approx((4.0, 8.0))
    assert (r.earliest_start["F"], r.latest_finish["F"]) == pytest.approx((4.0, 13.0))
    assert nx.utils.graphs_equal(g, before)
    assert g.nodes(data=True) == before.nodes(data=True)


def test_milwaukee_paper_pert() -> None:
    """Heizer, Render & Munson, Operations Management (12th ed., chapter 3): expected time 15
    weeks, project variance 3.11 (sum over A, C, E, G, H), sigma 1.76, and the probability
    of finishing within 16 weeks 0.7157 (the book rounds z to 0.57)."""
    g = milwaukee()
    r = pert(g, due_date=16.0)
    assert r.mean == pytest.approx(15.0)
    assert r.variance == pytest.approx(3.11, abs=0.005)
    assert r.std == pytest.approx(1.76, abs=0.005)
    assert r.probability == pytest.approx(0.7157, abs=0.003)
    assert r.activity_variance["F"] == pytest.approx(64 / 36)
    assert r.schedule.path == ["A", "C", "E", "G", "H"]
    assert pert(g).probability is None
    assert r.to_dict()["schedule"]["duration"] == pytest.approx(15.0)


def test_custom_attribute_and_single_node() -> None:
    g = nx.DiGraph()
    g.add_node("only", days=4)
    r = critical_path(g, duration="days")
    assert (r.duration, r.path, r.slack) == (4.0, ["only"], {"only": 0.0})


def test_zero_variance_pert() -> None:
    g = nx.DiGraph([("a", "b")])
    nx.set_node_attributes(g, 2.0, "optimistic")
    nx.set_node_attributes(g, 2.0, "most_likely")
    nx.set_node_attributes(g, 2.0, "pessimistic")
    assert pert(g, due_date=4.0).probability == 1.0
    assert pert(g, due_date=3.9).probability == 0.0


@st.composite
def dags(draw: Any) -> nx.DiGraph:
    n = draw(st.integers(1, 12))
    g = nx.DiGraph()
    for i in range(n):
        g.add_node(i, duration=draw(st.floats(0.0, 50.0)))
    for i in range(n):
        for j in range(i + 1, n):
            if draw(st.booleans()):
                g.add_edge(i, j)
    return g


@settings(max_examples=50, deadline=None)
@given(g=dags())
def test_laws(g: nx.DiGraph) -> None:
    r = critical_path(g)
    d = nx.get_node_attributes(g, "duration")
    # the duration is the longest path (nx.dag_longest_path on node weights)
    longest = (
        max(
            sum(d[v] for v in p)
            for s in g.nodes
            if g.in_degree(s) == 0
            for t in g.nodes
            if g.out_degree(t) == 0
            for p in nx.all_simple_paths(g, s, t)
        )
        if g.number_of_edges()
        else max(d.values())
    )
    assert r.duration == pytest.approx(longest)
    assert sum(d[v] for v in r.path) == pytest.approx(r.duration)
    assert all(g.has_edge(u, v) for u, v in zip(r.path, r.path[1:], strict=False))
    for v in g.nodes:
        assert r.slack[v] >= 0
        assert r.earliest_finish[v] == pytest.approx(r.earliest_start[v] + d[v])
        assert r.latest_start[v] == pytest.approx(r.latest_finish[v] - d[v])
        for w in g.successors(v):
            assert r.earliest_finish[v] <= r.earliest_start[w] + 1e-9
            assert r.latest_finish[v] <= r.latest_start[w] + 1e-9


def test_cycle_is_rejected() -> None:
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    nx.set_node_attributes(g, 1.0, "duration")
    with pytest.raises(InvalidInputError, match="graph.*acyclic"):
        critical_path(g)
    with pytest.raises(InvalidInputError, match="graph"):
        pert(g)


@pytest.mark.parametrize(
    ("value", "match"),
    [(-1.0, "duration"), (float("nan"), "duration"), (float("inf"), "duration"), ("x", "duration")],
)
def test_bad_durations(value: object, match: str) -> None:
    g = nx.DiGraph([("a", "b")])
    nx.set_node_attributes(g, {"a": 1.0, "b": value}, "duration")
    with pytest.raises(InvalidInputError, match=match):
        critical_path(g)


def test_bad_input() -> None:
    g = nx.DiGraph([("a", "b")])
    with pytest.raises(InvalidInputError, match="duration"):
        critical_path(g)  # no attribute
    with pytest.raises(InvalidInputError, match="graph"):
        critical_path(nx.DiGraph())
    with pytest.raises(InvalidInputError, match="graph"):
        critical_path(nx.Graph([("a", "b")]))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="duration"):
        critical_path(g, duration=3)  # type: ignore[arg-type]
    h = milwaukee()
    h.nodes["E"]["most_likely"] = 8
    with pytest.raises(InvalidInputError, match="most_likely"):
        pert(h)
    with pytest.raises(InvalidInputError, match="due_date"):
        pert(milwaukee(), due_date=float("nan"))


def test_schedule_table() -> None:
    r = critical_path(milwaukee())
    frame = r.to_frame()
    assert list(frame.columns) == [
        "earliest_start",
        "earliest_finish",
        "latest_start",
        "latest_finish",
        "slack",
        "critical",
    ]
    assert frame.loc["F", "slack"] == pytest.approx(6.0)
    assert sorted(frame.index[frame["critical"]]) == list("ACEGH")
