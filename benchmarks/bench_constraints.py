"""Bottleneck analysis of a 100,000-node process graph against the sparse-solve floor.

* ours: ``constraints.bottleneck(graph)`` on a 100,000-station line with rework loops (every
  station sends 5 % back ten stations) and 2 % scrap: validation of the graph, the traffic
  equations, effective process times, loads, capacity and shadow price.
* floor: the least any implementation does from the same nx.DiGraph: read the node and edge
  attributes into arrays, build the sparse routing matrix, one sparse solve of the traffic
  equations and the argmax of the loads.

Run by hand: ``python benchmarks/bench_constraints.py`` (prints the ours/floor ratio).
"""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

sys.path.insert(0, str(Path(__file__).parent))
from _harness import best_time, report

from opsmodels.constraints import bottleneck

SIZE = 100_000


def make_graph(rng: np.random.Generator) -> nx.DiGraph:
    graph: nx.DiGraph = nx.DiGraph()
    times = rng.uniform(0.5, 1.0, SIZE)
    graph.add_nodes_from((i, {"process_time": float(times[i])}) for i in range(SIZE))
    graph.add_edges_from((i, i + 1, {"probability": 0.93}) for i in range(SIZE - 1))
    graph.add_edges_from((i, i - 10, {"probability": 0.05}) for i in range(10, SIZE - 1))
    graph.add_edges_from((i, i + 1, {"probability": 0.98}) for i in range(10))
    return graph


def floor(graph: nx.DiGraph) -> None:
    nodes = list(graph.nodes)
    index = {n: k for k, n in enumerate(nodes)}
    times = np.fromiter((d["process_time"] for _, d in graph.nodes(data=True)), float, len(nodes))
    edges = list(graph.edges(data="probability"))
    rows = np.fromiter((index[u] for u, _, _ in edges), np.int64, len(edges))
    cols = np.fromiter((index[v] for _, v, _ in edges), np.int64, len(edges))
    probs = np.fromiter((p for _, _, p in edges), float, len(edges))
    routing = sp.csc_array((probs, (cols, rows)), shape=(len(nodes), len(nodes)))
    gamma = np.zeros(len(nodes))
    gamma[0] = 1.0
    visits = spla.spsolve(sp.identity(len(nodes), format="csc") - routing, gamma)
    int(np.argmax(visits * times))


def main() -> None:
    graph = make_graph(np.random.default_rng(1))
    base = best_time(lambda: floor(graph), repeat=3)
    ours = best_time(lambda: bottleneck(graph, external_arrivals={0: 1.0}), repeat=3)
    report(f"bottleneck, {SIZE:,}-node line with rework and scrap", ours, base)


if __name__ == "__main__":
    main()
