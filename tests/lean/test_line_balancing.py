"""Line balancing: SALBP-1 exact and heuristics, SALBP-2, bounds, bad input."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InfeasibleError, InvalidInputError
from opsmodels.lean import (
    LineBalanceResult,
    line_balance,
    line_balance_bounds,
    line_balance_type2,
)

JACKSON_TIMES = [6, 2, 5, 7, 1, 2, 3, 6, 5, 5, 4]
JACKSON_EDGES = [
    (1, 2),
    (1, 3),
    (1, 4),
    (1, 5),
    (2, 6),
    (3, 7),
    (4, 7),
    (5, 7),
    (6, 8),
    (7, 9),
    (8, 10),
    (9, 11),
    (10, 11),
]


def jackson() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from((i + 1, {"duration": t}) for i, t in enumerate(JACKSON_TIMES))
    g.add_edges_from(JACKSON_EDGES)
    return g


def _check_feasible(g: nx.DiGraph, r: LineBalanceResult) -> None:
    assert set(r.assignment) == set(g.nodes)
    for u, v in g.edges:
        assert r.assignment[u] <= r.assignment[v]
    loads = np.zeros(r.stations)
    for task, station in r.assignment.items():
        loads[station - 1] += g.nodes[task]["duration"]
    np.testing.assert_allclose(loads, r.station_times)
    assert np.all(loads <= r.cycle_time * (1 + 1e-9))
    assert r.stations >= math.ceil(
        sum(nx.get_node_attributes(g, "duration").values()) / r.cycle_time - 1e-9
    )
    assert set(r.assignment.values()) == set(range(1, r.stations + 1))


@pytest.mark.parametrize(
    ("cycle_time", "optimum"), [(7, 8), (9, 6), (10, 5), (13, 4), (14, 4), (21, 3)]
)
@pytest.mark.parametrize("method", ["exact", "milp"])
def test_jackson_optima(cycle_time: int, optimum: int, method: str) -> None:
    """Jackson's 11-task problem (J. R. Jackson, Management Science 2(3), 1956; data set
    JACKSON.IN2 of A. Scholl's SALBP benchmark, task times 6,2,5,7,1,2,3,6,5,5,4, sum 46):
    Scholl's optimal station counts c=7: 8, c=9: 6, c=10: 5, c=13: 4, c=14: 4, c=21: 3."""
    g = jackson()
    r = line_balance(g, cycle_time, method=method)
    assert r.stations == optimum
    assert r.optimal
    _check_feasible(g, r)


@pytest.mark.parametrize("method", ["rpw", "lcr", "multi"])
def test_jackson_heuristics_report_gap(method: str) -> None:
    g = jackson()
    for c in (7, 9, 10, 13, 14, 21):
        r = line_balance(g, c, method=method)
        _check_feasible(g, r)
        assert r.gap == r.stations - r.lower_bound
        assert r.gap >= 0


def test_jackson_measures_and_yamazumi() -> None:
    r = line_balance(jackson(), 10)
    assert r.theoretical_minimum == 5
    assert r.efficiency == pytest.approx(46 / 50)
    assert r.balance_delay == pytest.approx(4 / 50)
    assert r.smoothness_index == pytest.approx(
        math.sqrt(np.sum((r.station_times.max() - r.station_times) ** 2))
    )
    np.testing.assert_allclose(r.idle_times, 10 - r.station_times)
    y = r.yamazumi()
    assert y.shape == (5, 11)
    np.testing.assert_allclose(y.sum(axis=1).to_numpy(), r.station_times)
    assert r.to_dict()["stations"] == 5


@pytest.mark.parametrize(("stations", "cycle"), [(3, 16), (4, 12), (5, 10), (6, 9), (7, 8), (8, 7)])
def test_jackson_salbp2(stations: int, cycle: int) -> None:
    """SALBP-2 on Jackson: the shortest cycle time for m stations; consistent with the SALBP-1
    optima above (c=10 -> 5 stations, c=9 -> 6, c=7 -> 8) and checked by SALBP-1 at c - 1."""
    g = jackson()
    r = line_balance_type2(g, stations)
    assert r.cycle_time == cycle
    assert r.stations <= stations
    _check_feasible(g, r)
    assert line_balance(g, cycle - 1).stations > stations if cycle - 1 >= 7 else True


def test_textbook_longest_task_time() -> None:
    """An operations-management textbook problem (Heizer & Render style, solved with POM for
    Windows; published solution at qoschin.com/qa/HAL8JQq9aR6H): tasks A 70 s, B 60 (after A),
    C 120 (after B), D 60, E 240 (after C, D), F 100 (after A), G 190 (after E, F); cycle time
    300 s. Theoretical minimum 3; the longest-task-time heuristic places A, F, D, B | C | E | G:
    4 stations, idle 10, 180, 60, 110 (360 s), efficiency 70%. A 3-station balance exists
    ({A, B, C}, {D, E}, {F, G}), which the exact search finds."""
    times = {"A": 70, "B": 60, "C": 120, "D": 60, "E": 240, "F": 100, "G": 190}
    edges = [("A", "B"), ("B", "C"), ("C", "E"), ("D", "E"), ("A", "F"), ("E", "G"), ("F", "G")]
    g = nx.DiGraph()
    g.add_nodes_from((k, {"duration": v}) for k, v in times.items())
    g.add_edges_from(edges)
    lcr = line_balance(g, 300, method="lcr")
    assert lcr.theoretical_minimum == 3
    assert lcr.stations == 4
    assert lcr.efficiency == pytest.approx(0.70)
    assert lcr.idle_times.sum() == pytest.approx(360.0)
    assert sorted(lcr.idle_times) == sorted([10.0, 180.0, 60.0, 110.0])
    assert lcr.gap == 1
    exact = line_balance(g, 300)
    assert exact.stations == 3
    assert exact.optimal
    _check_feasible(g, exact)


def test_graph_not_mutated_and_float_times() -> None:
    g = jackson()
    for node in g.nodes:
        g.nodes[node]["duration"] = g.nodes[node]["duration"] * 0.5
    before = nx.node_link_data(g, edges="links")
    r = line_balance(g, 5.0)
    assert nx.node_link_data(g, edges="links") == before
    assert r.stations == 5
    r2 = line_balance_type2(g, 5)
    assert r2.cycle_time == pytest.approx(5.0)


def test_bounds() -> None:
    g = nx.DiGraph()
    g.add_nodes_from([("a", {"duration": 6}), ("b", {"duration": 6}), ("c", {"duration": 6})])
    assert line_balance_bounds(g, 10) == {"theoretical_minimum": 2, "lower_bound": 3}
    assert line_balance(g, 10).stations == 3


def test_large_heuristic_fast() -> None:
    rng = np.random.default_rng(3)
    n = 1000
    g = nx.DiGraph()
    g.add_nodes_from((i, {"duration": int(t)}) for i, t in enumerate(rng.integers(1, 20, n)))
    for i in range(n):
        for j in range(i + 1, min(n, i + 10)):
            if rng.random() < 0.15:
                g.add_edge(i, j)
    r = line_balance(g, 60, method="multi")
    _check_feasible(g, r)
    assert r.gap <= 2


def test_time_limit_bounds_hard_instances() -> None:
    """A hard random instance (cycle time near the longest task): the exact search stops at
    its time limit and reports a feasible balance with its gap to the lower bound."""
    rng = np.random.default_rng(0)
    n = 50
    g = nx.DiGraph()
    g.add_nodes_from((i, {"duration": int(t)}) for i, t in enumerate(rng.integers(1, 40, n)))
    for i in range(n):
        for j in range(i + 1, min(n, i + 8)):
            if rng.random() < 0.25:
                g.add_edge(i, j)
    r = line_balance(g, 45, time_limit=1.0)
    _check_feasible(g, r)
    assert r.gap == r.stations - r.lower_bound
    assert r.optimal or r.gap > 0


@st.composite
def problems(draw: st.DrawFn) -> tuple[nx.DiGraph, float]:
    n = draw(st.integers(1, 12))
    times = draw(st.lists(st.integers(1, 10), min_size=n, max_size=n))
    g = nx.DiGraph()
    g.add_nodes_from((i, {"duration": t}) for i, t in enumerate(times))
    for i in range(n):
        for j in range(i + 1, n):
            if draw(st.booleans()) and draw(st.booleans()):
                g.add_edge(i, j)
    c = draw(st.integers(max(times), max(times) + 15))
    return g, c


@settings(max_examples=40, deadline=None)
@given(problems())
def test_exact_matches_milp_and_beats_heuristics(problem: tuple[nx.DiGraph, float]) -> None:
    g, c = problem
    exact = line_balance(g, c)
    _check_feasible(g, exact)
    assert exact.stations == line_balance(g, c, method="milp").stations
    for method in ("rpw", "lcr", "multi"):
        h = line_balance(g, c, method=method)
        _check_feasible(g, h)
        assert h.stations >= exact.stations >= h.lower_bound


def test_bad_input() -> None:
    g = jackson()
    with pytest.raises(InfeasibleError, match="cycle time"):
        line_balance(g, 6)
    cyclic = g.copy()
    cyclic.add_edge(11, 1)
    with pytest.raises(InvalidInputError, match="graph"):
        line_balance(cyclic, 10)
    missing = g.copy()
    del missing.nodes[3]["duration"]
    with pytest.raises(InvalidInputError, match="graph"):
        line_balance(missing, 10)
    negative = g.copy()
    negative.nodes[3]["duration"] = -1
    with pytest.raises(InvalidInputError, match="graph"):
        line_balance(negative, 10)
    with pytest.raises(InvalidInputError, match="cycle_time"):
        line_balance(g, -1)
    with pytest.raises(InvalidInputError, match="method"):
        line_balance(g, 10, method="bogus")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="stations"):
        line_balance_type2(g, 0)
    with pytest.raises(InvalidInputError, match="graph"):
        line_balance(nx.Graph(), 10)  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(problems(), st.integers(1, 6))
def test_salbp2_cycle_time_is_minimal(problem: tuple[nx.DiGraph, float], stations: int) -> None:
    """SALBP-2 answer c*: m stations suffice at c* and not at c* - 1 (integer task times)."""
    g, _ = problem
    r = line_balance_type2(g, stations)
    _check_feasible(g, r)
    assert r.stations <= stations
    longest = max(nx.get_node_attributes(g, "duration").values())
    if r.cycle_time - 1 >= longest:
        assert line_balance(g, r.cycle_time - 1).stations > stations
