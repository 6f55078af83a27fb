"""Tests of flow balance: arrival_rates and visit_ratios."""

from __future__ import annotations

import copy

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.process import arrival_rates, effective_process_times, visit_ratios


def test_rework_loop_visit_ratio() -> None:
    """One rework loop returning a fraction p: visit ratio 1/(1-p) (geometric number of
    passes; Hopp & Spearman, Factory Physics, 3rd ed., 2008, ch. 8)."""
    for p in (0.0, 0.1, 0.5, 0.9):
        g = nx.DiGraph([("release", "machine"), ("machine", "test")])
        g.add_edge("test", "machine", probability=p)
        v = visit_ratios(g, source="release")
        assert v["release"] == pytest.approx(1.0)
        assert v["machine"] == pytest.approx(1 / (1 - p))
        assert v["test"] == pytest.approx(1 / (1 - p))


def test_fabtime_scrap_in_series() -> None:
    """FabTime, "M/M/1 queues in series with scrap" (fabtime.com/MM1Scrap.shtml): lambda1 = 1.0
    lot/h, 10% scrapped at step 1 and 20% at step 2 -> lambda2 = 0.9, lambda3 = 0.72; with
    rates 2.5, 2.0, 2.5 the utilizations are 0.4, 0.45, 0.288."""
    g = nx.DiGraph([(1, 2), (2, 3)])
    nx.set_node_attributes(g, {1: 0.9, 2: 0.8, 3: 1.0}, "yield")
    nx.set_node_attributes(g, {1: 2.5, 2: 2.0, 3: 2.5}, "rate")
    flow = arrival_rates(g, 1.0)
    np.testing.assert_allclose(flow.arrival_rates.to_numpy(), [1.0, 0.9, 0.72])
    np.testing.assert_allclose(flow.utilization.to_numpy(), [0.4, 0.45, 0.288])
    np.testing.assert_allclose(flow.scrap_rates.to_numpy(), [0.1, 0.18, 0.0])
    assert flow.throughput == pytest.approx(0.72)
    assert flow.throughput + flow.scrap_rate == pytest.approx(flow.release_rate)


def test_fabtime_rework() -> None:
    """FabTime, "M/M/1 with rework" (fabtime.com/MM1Rework.php): lambda = 1 lot/h, 20% of the
    lots leaving step 1 visit a rework station and return to step 1, the rest go to step 3;
    all rates 2.0 -> arrival rates 1/(1-0.2) = 1.25 at step 1, 0.25 at rework, 1.0 at step 3."""
    g = nx.DiGraph()
    g.add_edge("step1", "rework", probability=0.2)
    g.add_edge("step1", "step3", probability=0.8)
    g.add_edge("rework", "step1", probability=1.0)
    nx.set_node_attributes(g, 2.0, "rate")
    flow = arrival_rates(g, {"step1": 1.0})
    assert flow.arrival_rates.to_dict() == pytest.approx(
        {"step1": 1.25, "rework": 0.25, "step3": 1.0}
    )
    assert flow.utilization.to_dict() == pytest.approx(
        {"step1": 0.625, "rework": 0.125, "step3": 0.5}
    )
    assert flow.throughput == pytest.approx(1.0)


def test_open_jackson_network_three_nodes() -> None:
    """The three-node open Jackson network (external arrivals 1, 4, 3; routing p12 = 0.6,
    p13 = 0.3, p21 = 0.1, p23 = 0.3, p31 = 0.4, p32 = 0.4) whose traffic equations give
    lambda = (5, 10, 7.5): the classic example of Hillier & Lieberman's Introduction to
    Operations Research (Jackson networks), as solved in the "Open Jackson Network Lab" of
    github.com/health-data-science-OR/stochastic_systems."""
    g = nx.DiGraph()
    for u, v, p in [(1, 2, 0.6), (1, 3, 0.3), (2, 1, 0.1), (2, 3, 0.3), (3, 1, 0.4), (3, 2, 0.4)]:
        g.add_edge(u, v, probability=p)
    flow = arrival_rates(g, {1: 1.0, 2: 4.0, 3: 3.0})
    assert flow.arrival_rates.to_dict() == pytest.approx({1: 5.0, 2: 10.0, 3: 7.5}, rel=1e-12)
    assert flow.throughput == pytest.approx(8.0)
    assert flow.output_rates.to_dict() == pytest.approx({1: 0.5, 2: 6.0, 3: 1.5})


def test_busiest_is_not_the_slowest_with_yield_loss() -> None:
    """Factory Physics glossary (factoryphysics.com, "Bottleneck"): with yield loss the slowest
    station need not be the busiest. Station 1 (te 1.0, 50% scrap) feeds station 2 (te 1.6):
    releasing 0.9/h loads station 1 to 0.9 and station 2 to 0.72."""
    g = nx.DiGraph([("s1", "s2")])
    g.nodes["s1"].update(process_time=1.0, **{"yield": 0.5})
    g.nodes["s2"].update(process_time=1.6)
    util = arrival_rates(g, 0.9).utilization
    assert util.idxmax() == "s1"
    assert util.to_dict() == pytest.approx({"s1": 0.9, "s2": 0.72})


def test_effective_process_time_availability_setup_servers() -> None:
    """te = t0/A + ts/Ns (Hopp & Spearman, Factory Physics, 3rd ed., ch. 8); u = lambda te / m."""
    g = nx.DiGraph()
    g.add_node("m", process_time=1.0, availability=0.8, setup_time=2.0, batch_size=4, servers=2)
    flow = arrival_rates(g, {"m": 1.0})
    assert flow.utilization["m"] == pytest.approx((1.0 / 0.8 + 2.0 / 4) / 2)
    assert effective_process_times(g)["m"] == pytest.approx(1.0 / 0.8 + 2.0 / 4)
    del g.nodes["m"]["process_time"]
    with pytest.raises(InvalidInputError, match="'process_time' or 'rate' on every node"):
        effective_process_times(g)


def test_product_mix_with_own_routings() -> None:
    a = nx.DiGraph([("lathe", "mill"), ("mill", "pack")])
    b = nx.DiGraph([("saw", "mill"), ("mill", "drill"), ("drill", "pack")])
    b.add_edge("drill", "mill", probability=0.2)
    b.edges["drill", "pack"]["probability"] = 0.8
    for g in (a, b):
        nx.set_node_attributes(g, 0.1, "process_time")
    flow = arrival_rates({"A": a, "B": b}, 10.0, mix={"A": 3, "B": 1})
    assert flow.by_product.loc["lathe", "A"] == pytest.approx(7.5)
    assert flow.by_product.loc["mill", "B"] == pytest.approx(2.5 / 0.8)
    assert flow.arrival_rates["mill"] == pytest.approx(7.5 + 2.5 / 0.8)
    assert flow.arrival_rates["pack"] == pytest.approx(10.0)
    assert flow.throughput == pytest.approx(10.0)
    assert flow.release_rate == pytest.approx(10.0)


def test_product_mix_on_one_graph_by_edge_attribute() -> None:
    g = nx.DiGraph()
    g.add_edge("in", "x", pa=1.0, pb=0.0)
    g.add_edge("in", "y", pa=0.0, pb=1.0)
    g.add_node("in", ta=1.0, tb=2.0)
    g.add_node("x", ta=1.0, tb=1.0)
    g.add_node("y", ta=1.0, tb=3.0)
    flow = arrival_rates(
        g,
        {"in": 0.2},
        mix={"a": 0.5, "b": 0.5},
        probability={"a": "pa", "b": "pb"},
        process_time={"a": "ta", "b": "tb"},
    )
    assert flow.arrival_rates.to_dict() == pytest.approx({"in": 0.2, "x": 0.1, "y": 0.1})
    assert flow.utilization.to_dict() == pytest.approx({"in": 0.3, "x": 0.1, "y": 0.3})


def test_closed_rework_loop_is_inf() -> None:
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b")])
    flow = arrival_rates(g, {"a": 1.0})
    assert flow.arrival_rates["a"] == 1.0
    assert np.isinf(flow.arrival_rates[["b", "c"]]).all()
    assert not np.isnan(flow.visit_ratios).any()


def test_unfed_closed_loop_is_zero() -> None:
    g = nx.DiGraph([("a", "z"), ("b", "c"), ("c", "b")])
    flow = arrival_rates(g, {"a": 1.0})
    assert flow.arrival_rates.to_dict() == {"a": 1.0, "z": 1.0, "b": 0.0, "c": 0.0}


def test_no_timing_gives_no_utilization() -> None:
    flow = arrival_rates(nx.DiGraph([(1, 2)]), 1.0)
    assert flow.utilization is None
    frame = flow.to_frame()
    assert frame.shape[0] == 2
    assert {"arrival_rates", "visit_ratios", "throughput"} <= set(frame.columns)


def test_graph_not_mutated() -> None:
    g = nx.DiGraph([("a", "b"), ("b", "a")])
    g.edges["b", "a"]["probability"] = 0.3
    before = copy.deepcopy(g)
    arrival_rates(g, {"a": 2.0})
    visit_ratios(g, source="a")
    assert nx.utils.graphs_equal(g, before)
    assert g.edges["b", "a"] == before.edges["b", "a"]


@st.composite
def _routings(draw: st.DrawFn) -> nx.DiGraph:
    n = draw(st.integers(1, 8))
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for u in range(n):
        targets = draw(st.lists(st.integers(0, n - 1), unique=True, max_size=3))
        if not targets:
            continue
        weights = np.array(
            draw(st.lists(st.floats(0.01, 1.0), min_size=len(targets), max_size=len(targets)))
        )
        total = draw(st.floats(0.05, 0.99))
        for v, w in zip(targets, weights / weights.sum() * total, strict=True):
            g.add_edge(u, v, probability=float(w))
        g.nodes[u]["yield"] = draw(st.floats(0.5, 1.0))
    return g


@settings(max_examples=50, deadline=None)
@given(g=_routings(), rates=st.lists(st.floats(0.0, 10.0), min_size=8, max_size=8))
def test_flow_conservation(g: nx.DiGraph, rates: list[float]) -> None:
    gamma = {v: rates[v] for v in g.nodes}
    flow = arrival_rates(g, gamma)
    lam = flow.arrival_rates
    assert (lam >= 0).all()
    assert np.isfinite(lam).all()  # every node leaks, so no closed class
    for v in g.nodes:  # lambda_j = gamma_j + sum_i lambda_i y_i p_ij
        inflow = gamma[v] + sum(
            lam[u] * g.nodes[u].get("yield", 1.0) * d["probability"]
            for u, _, d in g.in_edges(v, data=True)
        )
        assert lam[v] == pytest.approx(inflow, rel=1e-9, abs=1e-9)
    assert flow.throughput + flow.scrap_rate == pytest.approx(flow.release_rate, rel=1e-9, abs=1e-9)
    assert (flow.visit_ratios >= 0).all()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"external_arrivals": {"nowhere": 1.0}}, "external_arrivals"),
        ({"external_arrivals": {"a": -1.0}}, "external_arrivals"),
        ({"external_arrivals": float("nan")}, "external_arrivals"),
        ({"external_arrivals": 1.0, "mix": {"A": -1.0}}, "mix"),
        ({"external_arrivals": 1.0, "mix": {"A": 0.0}}, "mix"),
        ({"external_arrivals": 1.0, "probability": {"A": "p"}}, "mix"),
        ({"external_arrivals": 1.0, "probability": {"A": "p"}, "mix": {"B": 1.0}}, "probability"),
    ],
)
def test_arrival_rates_bad_input(kwargs: dict[str, object], match: str) -> None:
    g = nx.DiGraph([("a", "b")])
    with pytest.raises(InvalidInputError, match=match):
        arrival_rates(g, **kwargs)  # type: ignore[arg-type]


def test_several_sources_need_a_mapping() -> None:
    g = nx.DiGraph([("a", "c"), ("b", "c")])
    with pytest.raises(InvalidInputError, match="external_arrivals"):
        arrival_rates(g, 1.0)
    with pytest.raises(InvalidInputError, match="'source' parameter of visit_ratios"):
        visit_ratios(g)
    with pytest.raises(InvalidInputError, match="'source'"):
        visit_ratios(g, source="x")


def test_probabilities_above_one() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b", probability=0.7)
    g.add_edge("a", "c", probability=0.7)
    with pytest.raises(InvalidInputError, match="at most 1"):
        arrival_rates(g, 1.0)
