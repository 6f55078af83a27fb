"""Reference cases shown in the lean validation table: (source, quantity, published, ours,
tolerance). Each mirrors a reference test under tests/lean/, which cites the same source; the
Acme Stamping and Jackson data come from those tests."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
from tests.lean.test_line_balancing import jackson
from tests.lean.test_vsm import _acme
from tests.lean.test_waste import _running_example

from opsmodels import lean

Case = tuple[str, str, float, float, float]

VORNE = "Vorne, *Calculating OEE* worksheet (oee.com)"
ROTHER = "Rother & Shook, *Learning to See* (1999), Acme Stamping"


def oee() -> Iterator[Case]:
    r = lean.oee(420.0, 47.0, 1.0 / 60.0, 19_271, 18_848)
    yield VORNE, "availability", 0.8881, r.availability, 5e-5
    yield VORNE, "performance", 0.8611, r.performance, 5e-5
    yield VORNE, "quality", 0.9780, r.quality, 5e-5
    yield VORNE, "OEE", 0.7479, r.oee, 5e-5
    index = lean.oee_index(373.0, 420.0, 1 / 60, 19_271, 18_848)
    yield f"ISO 22400-2 OEE index on {VORNE}", "OEE index", 0.7479, index, 5e-5


def flow() -> Iterator[Case]:
    yield ROTHER, "takt time (s)", 60.0, lean.takt_time(27_600.0, 460.0), 1e-12
    r = lean.value_stream(_acme(), demand=18_400.0, available_time=2 * 27_600.0, working_days=20)
    yield ROTHER, "processing (value-added) time (s)", 188.0, r.value_added_time, 1e-9
    yield (
        ROTHER,
        "production lead time (days, book rounds each inventory)",
        23.6,
        r.lead_time_days,
        0.05,
    )
    src = "Toyota formula, textbook exercise (qammunity.org/8438284: D 2,000/day, L 0.4 day)"
    yield src, "kanban containers", 5.0, float(lean.kanban_count(2000, 0.4, 200, 0.1)), 0.0


def balancing() -> Iterator[Case]:
    g = jackson()
    src = "Jackson (1956) 11-task problem, optimum per Scholl's SALBP data"
    for cycle, stations in [(7, 8), (9, 6), (10, 5), (13, 4), (14, 4), (21, 3)]:
        r = lean.line_balance(g, cycle)
        yield src, f"stations at c = {cycle}", float(stations), float(r.stations), 0.0
    times = {"A": 70, "B": 60, "C": 120, "D": 60, "E": 240, "F": 100, "G": 190}
    edges = [("A", "B"), ("B", "C"), ("C", "E"), ("D", "E"), ("A", "F"), ("E", "G"), ("F", "G")]
    h = nx.DiGraph()
    h.add_nodes_from((k, {"duration": v}) for k, v in times.items())
    h.add_edges_from(edges)
    lcr = lean.line_balance(h, 300, method="lcr")
    src = "Heizer & Render-style problem, c = 300 s (qoschin.com solution)"
    yield src, "theoretical minimum", 3.0, float(lcr.theoretical_minimum), 0.0
    yield src, "stations, longest task time first", 4.0, float(lcr.stations), 0.0
    yield src, "efficiency, longest task time first", 0.70, lcr.efficiency, 1e-12
    yield (
        src,
        "stations, exact (3-station balance exists)",
        3.0,
        float(lean.line_balance(h, 300).stations),
        0.0,
    )


def waste() -> Iterator[Case]:
    happy = {
        "register request",
        "examine thoroughly",
        "examine casually",
        "check ticket",
        "decide",
        "pay compensation",
        "reject request",
    }
    kw = {"case": "case", "activity": "activity", "end": "time", "resource": "resource"}
    r = lean.waste(_running_example(), **kw, standard_path=happy)
    src = "van der Aalst, *Process Mining*, 2nd ed., sec. 1.2 (running example log)"
    yield src, "rework events (repeats within a case)", 9.0, float(r.rework_events), 0.0
    yield src, "cases with rework", 2.0, float(r.rework_cases), 0.0
    yield (
        src,
        "events off the happy path (reinitiate request)",
        3.0,
        float(r.off_path_events or 0),
        0.0,
    )
    yield src, "hand-offs between resources", 32.0, float(r.handoff_count or 0), 0.0
    lead = float(r.cases.loc[1, "lead_time"]) / 3600.0
    yield src, "lead time of case 1 (h): 8 d 3 h 22 min", 8 * 24 + 3 + 22 / 60, lead, 1e-9


def cases() -> Iterator[Case]:
    for group in (oee, flow, balancing, waste):
        yield from group()
