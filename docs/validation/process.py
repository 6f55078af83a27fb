"""Reference cases shown in the process-graph validation table: (source, quantity, published,
ours, tolerance). Each mirrors a reference test under tests/process/, which cites the same
source. The receipt-log cases need ../shared/data/receipt.csv and are left out when it is
absent (as the tests skip)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pandas as pd

from opsmodels import process

Case = tuple[str, str, float, float, float]

DATA = Path(__file__).parents[2].parent / "shared" / "data"


def flow() -> Iterator[Case]:
    g = nx.DiGraph([(1, 2), (2, 3)])
    nx.set_node_attributes(g, {1: 0.9, 2: 0.8, 3: 1.0}, "yield")
    nx.set_node_attributes(g, {1: 2.5, 2: 2.0, 3: 2.5}, "rate")
    r = process.arrival_rates(g, 1.0)
    src = "FabTime, *M/M/1 queues in series with scrap*"
    yield src, "arrival rate, step 2", 0.9, float(r.arrival_rates[2]), 1e-12
    yield src, "arrival rate, step 3", 0.72, float(r.arrival_rates[3]), 1e-12
    yield src, "utilization, step 2", 0.45, float(r.utilization[2]), 1e-12
    yield src, "utilization, step 3", 0.288, float(r.utilization[3]), 1e-12
    g = nx.DiGraph()
    g.add_edge("step1", "rework", probability=0.2)
    g.add_edge("step1", "step3", probability=0.8)
    g.add_edge("rework", "step1", probability=1.0)
    nx.set_node_attributes(g, 2.0, "rate")
    r = process.arrival_rates(g, {"step1": 1.0})
    src = "FabTime, *M/M/1 with rework*"
    yield src, "arrival rate, step 1", 1.25, float(r.arrival_rates["step1"]), 1e-12
    yield src, "arrival rate, rework", 0.25, float(r.arrival_rates["rework"]), 1e-12
    g = nx.DiGraph()
    for u, v, p in [(1, 2, 0.6), (1, 3, 0.3), (2, 1, 0.1), (2, 3, 0.3), (3, 1, 0.4), (3, 2, 0.4)]:
        g.add_edge(u, v, probability=p)
    r = process.arrival_rates(g, {1: 1.0, 2: 4.0, 3: 3.0})
    src = "Hillier & Lieberman, *Introduction to Operations Research* (Jackson network)"
    for node, published in [(1, 5.0), (2, 10.0), (3, 7.5)]:
        yield src, f"arrival rate, node {node}", published, float(r.arrival_rates[node]), 1e-12
    g = nx.DiGraph([("s1", "s2")])
    g.nodes["s1"].update(process_time=1.0, **{"yield": 0.5})
    g.nodes["s2"].update(process_time=1.6)
    util = process.arrival_rates(g, 0.9).utilization
    src = "Factory Physics glossary, *Bottleneck* (yield loss)"
    yield src, "utilization, station 1 (te 1.0, 50 % scrap)", 0.9, float(util["s1"]), 1e-12
    yield src, "utilization, station 2 (te 1.6)", 0.72, float(util["s2"]), 1e-12


def event_log() -> Iterator[Case]:
    path = DATA / "receipt.csv"
    if not path.exists():
        return
    raw = pd.read_csv(path)
    g = process.from_event_log(
        raw, case="case:concept:name", activity="concept:name", end="time:timestamp"
    )
    src = "WABO receipt log (Buijs 2014)"
    yield src, "events", 8577.0, float(g.graph["events"]), 0.0
    yield src, "cases", 1434.0, float(g.graph["cases"]), 0.0
    e = g.edges["Confirmation of receipt", "T02 Check confirmation of receipt"]
    src = "pm4py 2.7 `discover_performance_dfg` on the receipt log (complete to complete)"
    yield src, "pairs Confirmation -> T02", 1079.0, float(e["frequency"]), 0.0
    yield src, "mean time (s)", 72163.8380231696, e["mean_time"], 1e-6
    yield src, "median time (s)", 35.189, e["median_time"], 1e-9
    yield src, "max time (s)", 6223019.484, e["max_time"], 1e-6
    yield src, "std time (s, ddof = 1)", 418456.31794732384, e["std_time"], 1e-6


def cases() -> Iterator[Case]:
    for group in (flow, event_log):
        yield from group()
