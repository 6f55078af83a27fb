"""Guaranteed-service model on trees: Snyder & Shen's Example 6.5, brute force, scale, bad input."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import gsm_tree


def example_6_5() -> nx.DiGraph[int]:
    g = nx.DiGraph([(1, 3), (3, 2), (3, 4)])
    nx.set_node_attributes(g, {1: 2, 3: 1, 2: 1, 4: 1}, "processing_time")
    nx.set_node_attributes(g, {1: 1, 3: 2, 2: 3, 4: 3}, "holding_cost")
    nx.set_node_attributes(g, {2: 1.0, 4: 1.0}, "demand_std")
    nx.set_node_attributes(g, {2: 0, 4: 1}, "external_service_time")
    g.nodes[1]["inbound_service_time"] = 1
    return g


def test_example_6_5() -> None:
    """Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, Example 6.5 (tree
    1 -> 3 -> {2, 4}, T = (2, 1, 1, 1), h = (1, 2, 3, .), z = 1, sigma = 1 at the two demand
    nodes, external service times 0 and 1, inbound 1): optimal CSTs S1 = S3 = S2 = 0, S4 = 1,
    cost 8.2779 (as stockpyl's README documents)."""
    r = gsm_tree(example_6_5(), z=1.0)
    assert r.service_time.to_dict() == {1: 0, 3: 0, 2: 0, 4: 1}
    assert r.total_cost == pytest.approx(8.277916867529369, rel=1e-12)
    assert r.net_lead_time.to_dict() == {1: 3.0, 3: 1.0, 2: 1.0, 4: 0.0}
    assert r.safety_stock[1] == pytest.approx(math.sqrt(2) * math.sqrt(3))


def test_labels_and_attribute_names_are_free() -> None:
    g = nx.relabel_nodes(example_6_5(), {1: "plant", 3: "dc", 2: "east", 4: "west"})
    for _, data in g.nodes(data=True):
        data["T"] = data.pop("processing_time")
    r = gsm_tree(g, processing_time="T", z=1.0)
    assert r.service_time.to_dict() == {"plant": 0, "dc": 0, "east": 0, "west": 1}
    assert "T" in g.nodes["plant"]  # input untouched


def _brute(g: nx.DiGraph[int], z: float) -> float:
    nodes = list(g)
    t = {n: g.nodes[n]["processing_time"] for n in nodes}
    upper: dict[object, int] = {}
    for n in nx.topological_sort(g):
        upper[n] = max((upper[p] for p in g.predecessors(n)), default=0) + t[n]
    sigma: dict[object, float] = {}
    for n in reversed(list(nx.topological_sort(g))):
        own = g.nodes[n].get("demand_std", 0.0) ** 2
        sigma[n] = math.sqrt(own + sum(sigma[s] ** 2 for s in g.successors(n)))
    ranges = [
        range(0, (upper[n] if g.out_degree(n) else g.nodes[n].get("external_service_time", 0)) + 1)
        for n in nodes
    ]
    best = math.inf
    for combo in itertools.product(*ranges):
        s = dict(zip(nodes, combo, strict=True))
        cost = 0.0
        for n in nodes:
            si = max((s[p] for p in g.predecessors(n)), default=0)
            tau = si + t[n] - s[n]
            if tau < 0:
                cost = math.inf
                break
            cost += g.nodes[n]["holding_cost"] * z * sigma[n] * math.sqrt(tau)
        best = min(best, cost)
    return best


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 6))
def test_matches_brute_force(seed: int, size: int) -> None:
    """The DP optimum equals full enumeration of integer service times on random small trees
    (random edge directions: mixed assembly and distribution)."""
    rng = np.random.default_rng(seed)
    undirected = nx.random_labeled_tree(size, seed=seed) if size > 1 else nx.empty_graph(1)
    g: nx.DiGraph[int] = nx.DiGraph()
    g.add_nodes_from(undirected)
    for a, b in undirected.edges:
        g.add_edge(*((a, b) if rng.random() < 0.5 else (b, a)))
    for n in g:
        g.nodes[n]["processing_time"] = int(rng.integers(0, 3))
        g.nodes[n]["holding_cost"] = float(rng.uniform(0.1, 3))
        if g.out_degree(n) == 0:
            g.nodes[n]["demand_std"] = float(rng.uniform(0.5, 2))
            g.nodes[n]["external_service_time"] = int(rng.integers(0, 2))
    r = gsm_tree(g, z=1.5)
    assert r.total_cost == pytest.approx(_brute(g, 1.5), rel=1e-9, abs=1e-12)
    assert (r.net_lead_time >= 0).all()


def test_ten_thousand_nodes_in_seconds() -> None:
    g = nx.DiGraph(nx.bfs_tree(nx.random_labeled_tree(10_000, seed=3), 0))  # distribution
    rng = np.random.default_rng(0)
    for n in g:
        g.nodes[n]["processing_time"] = int(rng.integers(0, 3))
        g.nodes[n]["holding_cost"] = 1.0 + g.in_degree(n)
        if g.out_degree(n) == 0:
            g.nodes[n]["demand_std"] = 1.0
    r = gsm_tree(g)
    assert len(r.service_time) == 10_000
    assert r.total_cost == pytest.approx(r.holding_cost.sum())


def test_not_a_tree() -> None:
    g = example_6_5()
    g.add_edge(1, 2)  # two paths 1 -> 2
    with pytest.raises(InvalidInputError, match="graph"):
        gsm_tree(g)
    g = example_6_5()
    g.add_node(9, processing_time=1, holding_cost=1)  # a second component
    with pytest.raises(InvalidInputError, match="graph"):
        gsm_tree(g)
    with pytest.raises(InvalidInputError, match="graph"):
        gsm_tree(nx.DiGraph())
    with pytest.raises(InvalidInputError, match="graph"):
        gsm_tree(nx.Graph([(1, 2)]))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("node", "key", "value", "name"),
    [
        (3, "processing_time", -1, "processing_time"),
        (3, "processing_time", 1.5, "processing_time"),
        (3, "holding_cost", -2.0, "holding_cost"),
        (2, "demand_std", -1.0, "demand_std"),
        (4, "external_service_time", -1, "external_service_time"),
    ],
)
def test_bad_attributes(node: int, key: str, value: object, name: str) -> None:
    g = example_6_5()
    g.nodes[node][key] = value
    with pytest.raises(InvalidInputError, match=name):
        gsm_tree(g)


def test_missing_attribute_and_bad_options() -> None:
    g = example_6_5()
    del g.nodes[3]["holding_cost"]
    with pytest.raises(InvalidInputError, match="holding_cost"):
        gsm_tree(g)
    with pytest.raises(InvalidInputError, match="service_level"):
        gsm_tree(example_6_5(), service_level=1.0)
    with pytest.raises(InvalidInputError, match="'z'"):
        gsm_tree(example_6_5(), z=-1.0)
