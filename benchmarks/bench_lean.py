"""Lean metrics against the plain pandas floor.

* OEE from a 1-million-row machine state log (1,000 machines x 1,000 intervals, one shift
  column): ``oee_from_states(states, counts=..., by="shift")`` vs the floor
  ``states.assign(d=end - start).groupby([machine, shift, state]).d.sum()`` (the time per state,
  without any of the checks: sortedness, overlaps, negative durations, categories).
* OEE aggregated from 1 million shift records: ``oee_aggregate(frame, by="machine")`` vs
  ``frame.groupby("machine")[columns].sum()``.
* Exact line balancing of Jackson's 11-task problem at six cycle times (milliseconds per call).
* Heuristic line balancing of a random 1,000-task problem (RPW, LCR, multi-rule; seconds).

Run by hand: ``python benchmarks/bench_lean.py`` (prints ours/floor ratios and times).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _harness import best_time, report

from opsmodels.lean import line_balance, oee_aggregate, oee_from_states

MACHINES = 1_000
INTERVALS = 1_000


def _state_log(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = MACHINES * INTERVALS
    durations = rng.exponential(60.0, n)
    machine = np.repeat(np.arange(MACHINES), INTERVALS)
    ends2 = np.cumsum(durations.reshape(MACHINES, INTERVALS), axis=1)
    starts = np.concatenate([np.zeros((MACHINES, 1)), ends2[:, :-1]], axis=1).ravel()
    ends = ends2.ravel()
    states = rng.choice(
        np.array(["running", "breakdown", "setup", "small_stop", "planned_stop"]),
        n,
        p=[0.8, 0.05, 0.05, 0.05, 0.05],
    )
    shift = np.where(np.arange(n) % INTERVALS < INTERVALS // 2, "s1", "s2")
    log = pd.DataFrame(
        {
            "machine": machine,
            "shift": shift,
            "state": pd.Categorical(states),
            "start": starts,
            "end": ends,
        }
    )
    counts = pd.DataFrame(
        {
            "machine": np.repeat(np.arange(MACHINES), 2),
            "shift": np.tile(["s1", "s2"], MACHINES),
            "total_count": 10_000,
            "good_count": 9_500,
        }
    )
    return log, counts


def _jackson() -> nx.DiGraph:
    g: nx.DiGraph = nx.DiGraph()
    times = [6, 2, 5, 7, 1, 2, 3, 6, 5, 5, 4]
    g.add_nodes_from((i + 1, {"duration": t}) for i, t in enumerate(times))
    g.add_edges_from(
        [
            *[(1, 2), (1, 3), (1, 4), (1, 5), (2, 6), (3, 7), (4, 7), (5, 7)],
            *[(6, 8), (7, 9), (8, 10), (9, 11), (10, 11)],
        ]
    )
    return g


def _large(rng: np.random.Generator, n: int = 1_000) -> nx.DiGraph:
    g: nx.DiGraph = nx.DiGraph()
    g.add_nodes_from((i, {"duration": int(t)}) for i, t in enumerate(rng.integers(1, 20, n)))
    for i in range(n):
        for j in range(i + 1, min(n, i + 10)):
            if rng.random() < 0.15:
                g.add_edge(i, j)
    return g


def main() -> None:
    rng = np.random.default_rng(0)
    log, counts = _state_log(rng)

    def ours() -> None:
        oee_from_states(log, counts=counts, ideal_cycle_time=1.0, by="shift")

    def floor() -> None:
        log.assign(d=log["end"] - log["start"]).groupby(
            ["machine", "shift", "state"], observed=True
        )["d"].sum()

    report("oee_from_states, 1e6 intervals", best_time(ours, repeat=3), best_time(floor, repeat=3))

    records = pd.DataFrame(
        {
            "machine": rng.integers(0, MACHINES, 1_000_000),
            "planned_time": 480.0,
            "downtime": rng.uniform(0, 60, 1_000_000),
            "ideal_cycle_time": 1.0,
            "total_count": 400.0,
            "good_count": 390.0,
        }
    )
    columns = ["planned_time", "downtime", "ideal_cycle_time", "total_count", "good_count"]
    report(
        "oee_aggregate, 1e6 records",
        best_time(lambda: oee_aggregate(records, by="machine"), repeat=3),
        best_time(lambda: records.groupby("machine")[columns].sum(), repeat=3),
    )

    g = _jackson()
    start = time.perf_counter()
    for c in (7, 9, 10, 13, 14, 21):
        line_balance(g, c)
    print(
        f"line_balance exact, Jackson at 6 cycle times: {(time.perf_counter() - start) * 1e3:.1f} ms"
    )

    big = _large(rng)
    for method in ("rpw", "lcr", "multi"):
        start = time.perf_counter()
        r = line_balance(big, 60, method=method)
        elapsed = time.perf_counter() - start
        print(
            f"line_balance {method}, 1,000 tasks: {elapsed:.2f} s, "
            f"{r.stations} stations, gap {r.gap} to the bound {r.lower_bound}"
        )


if __name__ == "__main__":
    main()
