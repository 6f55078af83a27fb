"""Tests of constraints.bottleneck and constraints.elevate."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.constraints import bottleneck, elevate
from opsmodels.errors import InvalidInputError


def _line(times: list[float], servers: list[int] | None = None) -> nx.DiGraph[str]:
    g: nx.DiGraph[str] = nx.DiGraph()
    names = [f"s{i + 1}" for i in range(len(times))]
    for i, (name, t) in enumerate(zip(names, times, strict=True)):
        g.add_node(name, process_time=t, servers=1 if servers is None else servers[i])
    for a, b in itertools.pairwise(names):
        g.add_edge(a, b, probability=1.0)
    return g


def _penny_fab() -> nx.DiGraph[str]:
    return _line([2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2])


def test_serial_line_slowest_station() -> None:
    """Serial line of single servers: the slowest station is the bottleneck, capacity 1/t."""
    result = bottleneck(_line([1.0, 3.0, 2.0]))
    assert result.bottleneck == "s2"
    assert result.capacity == pytest.approx(1 / 3)
    assert result.shadow_price == pytest.approx(1.0)
    assert result.release_rate is None
    assert result.utilization.to_dict() == pytest.approx({"s1": 1.0, "s2": 3.0, "s3": 2.0})


def test_penny_fab() -> None:
    """Hopp & Spearman, Factory Physics, 3rd ed., ch. 7, Penny Fab Two: stations with
    (te, machines) = (2 h, 1), (5 h, 2), (10 h, 6), (3 h, 2); rates 0.5, 0.4, 0.6, 0.67
    pennies/h, bottleneck rate rb = 0.4 penny/h at station 2 (stamping)."""
    result = bottleneck(_penny_fab())
    assert result.bottleneck == "s2"
    assert result.capacity == pytest.approx(0.4)
    assert result.throughput_capacity == pytest.approx(0.4)
    at_rb = bottleneck(_penny_fab(), external_arrivals=0.4)
    assert at_rb.utilization.to_dict() == pytest.approx(
        {"s1": 0.8, "s2": 1.0, "s3": 10 * 0.4 / 6, "s4": 0.6}
    )
    assert at_rb.near_bottlenecks == ["s2"]
    assert bottleneck(_penny_fab(), near=0.75).near_bottlenecks == ["s2", "s1"]
    # Shadow price: one more job/h of capacity at station 2 adds one job/h while it binds.
    assert result.shadow_price == pytest.approx(1.0)


def test_penny_fab_one_balanced() -> None:
    """Hopp & Spearman, Factory Physics, 3rd ed., ch. 7, Penny Fab One: four single-machine
    stations of 2 h, rb = 0.5 penny/h; every station is a bottleneck, so elevating one alone
    gains nothing (shadow price 0)."""
    result = bottleneck(_line([2.0] * 4))
    assert result.capacity == pytest.approx(0.5)
    assert result.near_bottlenecks == ["s1", "s2", "s3", "s4"]
    assert result.shadow_price == 0.0
    assert elevate(_line([2.0] * 4), "s3", servers=2).gain == pytest.approx(0.0)


def test_product_mix() -> None:
    """Two products sharing two stations, half each: loads per unit 0.5*1 + 0.5*3 = 2 h at
    s1 and 0.5*2 + 0.5*1 = 1.5 h at s2, so capacity 0.5 unit/h with s1 the bottleneck."""
    g = _line([1.0, 1.0])
    nx.set_node_attributes(g, {"s1": 1.0, "s2": 2.0}, "t_a")
    nx.set_node_attributes(g, {"s1": 3.0, "s2": 1.0}, "t_b")
    result = bottleneck(g, mix={"A": 1, "B": 1}, process_time={"A": "t_a", "B": "t_b"})
    assert result.bottleneck == "s1"
    assert result.capacity == pytest.approx(0.5)
    assert result.load_per_unit.to_dict() == pytest.approx({"s1": 2.0, "s2": 1.5})


def test_rework_makes_faster_station_bottleneck() -> None:
    """FIELD_NOTES: the highest load is not always the slowest station. Rework returning half
    the units doubles the visits to a 0.6 h station (load 1.2 > 1.0 at the 1.0 h station)."""
    g: nx.DiGraph[str] = nx.DiGraph()
    g.add_node("cut", process_time=1.0)
    g.add_node("weld", process_time=0.6)
    g.add_node("test", process_time=0.1)
    g.add_edge("cut", "weld", probability=1.0)
    g.add_edge("weld", "test", probability=1.0)
    g.add_edge("test", "weld", probability=0.5)
    result = bottleneck(g)
    assert result.bottleneck == "weld"
    assert result.capacity == pytest.approx(1 / 1.2)
    # One more unit/h at weld raises releases by 1 / v_weld = 1/2.
    assert result.shadow_price == pytest.approx(0.5)


def test_yield_loss_makes_faster_station_bottleneck() -> None:
    """Scrap upstream thins the flow downstream: the slowest station (1.2 h) sees half the
    units, so the 0.8 h station with 50% yield binds; good output is half the releases."""
    g: nx.DiGraph[str] = nx.DiGraph()
    g.add_node("a", process_time=0.8, **{"yield": 0.5})
    g.add_node("b", process_time=1.2)
    g.add_edge("a", "b", probability=1.0)
    result = bottleneck(g)
    assert result.bottleneck == "a"
    assert result.capacity == pytest.approx(1 / 0.8)
    assert result.throughput_capacity == pytest.approx(0.5 / 0.8)
    assert result.shadow_price == pytest.approx(0.5)


def test_elevation_moves_bottleneck() -> None:
    """Penny Fab: a third tail-stamping machine (0.6 job/h) moves the constraint to head
    stamping (0.5 job/h), so capacity rises only to 0.5 job/h (focusing step 5)."""
    g = _penny_fab()
    what_if = elevate(g, "s2", servers=3)
    assert what_if.bottleneck_before == "s2"
    assert what_if.bottleneck_after == "s1"
    assert what_if.moved
    assert what_if.capacity_after == pytest.approx(0.5)
    assert what_if.gain == pytest.approx(0.1)
    assert g.nodes["s2"]["servers"] == 2  # input untouched
    faster = elevate(g, "s1", process_time=1.0)
    assert faster.gain == pytest.approx(0.0)  # not the constraint: no gain
    assert not faster.moved


def test_tie_has_zero_shadow_price() -> None:
    result = bottleneck(_line([2.0, 2.0]))
    assert result.shadow_price == 0.0
    assert result.near_bottlenecks == ["s1", "s2"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(0.1, 10.0), min_size=1, max_size=6),
    st.lists(st.integers(1, 4), min_size=6, max_size=6),
)
def test_bottleneck_utilization_is_one_at_capacity(times: list[float], servers: list[int]) -> None:
    g = _line(times, servers[: len(times)])
    result = bottleneck(g)
    at_cap = bottleneck(g, external_arrivals=result.capacity)
    assert at_cap.utilization[result.bottleneck] == pytest.approx(1.0)
    assert at_cap.utilization.max() <= 1.0 + 1e-9
    assert math.isclose(
        result.capacity, min(m / t for t, m in zip(times, servers, strict=False)), rel_tol=1e-9
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"near": 0.0}, "near"),
        ({"near": 1.5}, "near"),
        ({"external_arrivals": -1.0}, "external_arrivals"),
        ({"external_arrivals": {"nope": 1.0}}, "external_arrivals"),
        ({"external_arrivals": 0.0}, "external_arrivals"),
    ],
)
def test_bottleneck_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        bottleneck(_penny_fab(), **kwargs)  # type: ignore[arg-type]


def test_bad_graph() -> None:
    with pytest.raises(InvalidInputError, match="graph"):
        bottleneck("not a graph")  # type: ignore[arg-type]
    g = nx.DiGraph([("a", "b")])
    with pytest.raises(InvalidInputError, match="bottleneck"):
        bottleneck(g)
    g2 = _line([1.0, 2.0])
    g2.add_edge("s2", "s1", probability=1.5)
    with pytest.raises(InvalidInputError, match="bottleneck"):
        bottleneck(g2)


def test_elevate_bad_input() -> None:
    g = _penny_fab()
    with pytest.raises(InvalidInputError, match="node"):
        elevate(g, "nope", servers=2)
    with pytest.raises(InvalidInputError, match="servers"):
        elevate(g, "s2")
    with pytest.raises(InvalidInputError, match="servers"):
        elevate(g, "s2", servers=0)
    with pytest.raises(InvalidInputError, match="process_time"):
        elevate(g, "s2", process_time=-1.0)


def test_closed_rework_loop_has_zero_capacity() -> None:
    """Units that can never leave a rework loop: infinite load there, capacity 0 (no NaN)."""
    g: nx.DiGraph[str] = nx.DiGraph()
    g.add_node("a", process_time=1.0)
    g.add_node("b", rate=2.0)
    g.add_node("c", process_time=1.0)
    g.add_edge("a", "b", probability=1.0)
    g.add_edge("b", "c", probability=1.0)
    g.add_edge("c", "b", probability=1.0)
    result = bottleneck(g)
    assert result.capacity == 0.0
    assert result.shadow_price == 0.0
    assert result.near_bottlenecks == ["b", "c"]


def test_elevate_process_time_replaces_rate() -> None:
    g: nx.DiGraph[str] = nx.DiGraph()
    g.add_node("a", process_time=1.0)
    g.add_node("b", rate=0.5)
    g.add_edge("a", "b", probability=1.0)
    what_if = elevate(g, "b", process_time=0.25)
    assert (what_if.capacity_before, what_if.capacity_after) == (0.5, 1.0)
    assert what_if.bottleneck_after == "a"
    assert g.nodes["b"] == {"rate": 0.5}
    assert set(what_if.after.to_dict()) >= {"bottleneck", "capacity", "utilization"}


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(0.1, 10.0), min_size=2, max_size=5),
    st.integers(0, 4),
    st.floats(0.0, 0.9),
)
def test_elevation_never_lowers_capacity(times: list[float], pick: int, rework: float) -> None:
    g = _line(times)
    g.add_edge(f"s{len(times)}", "s1", probability=rework)  # rework back to the start
    node = f"s{pick % len(times) + 1}"
    what_if = elevate(g, node, servers=2, external_arrivals={"s1": 1.0})
    assert what_if.capacity_after >= what_if.capacity_before * (1 - 1e-12)
    assert what_if.gain >= -1e-12
    assert all(g.nodes[v]["servers"] == 1 for v in g)
    if what_if.bottleneck_before != node:
        assert what_if.gain == pytest.approx(0.0, abs=1e-12)
