"""Event log -> process graph over 1 million events (100,000 cases) against the numpy floor.

* ours: ``from_event_log(log, case=, activity=, end=, start=)`` (directly-follows graph with
  frequency, mean/median/p90/max/std of waiting and service times, case lead times).
* floor: the least any implementation does from the same frame: factorize the case and
  activity columns, one ``np.lexsort`` by (case, end), the directly-follows pairs, and
  ``np.bincount`` of the pair frequencies and of the summed waiting times (means only).
* both on a shuffled log and on a log already grouped by case and sorted by time.
* the runs of ours, the floor and the peer are interleaved and the best of each is kept, so
  that a changing load on a shared machine hits all of them alike.
* pm4py (if importable, e.g. run with ``/work/peers/bin/python``): its performance DFG
  (``pm4py.discover_performance_dfg``) on the same shuffled log.

Run by hand: ``python benchmarks/bench_process.py`` (prints ours/floor and ours/peer ratios).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _harness import interleaved, report, synthetic_event_log

from opsmodels.process import from_event_log

N_CASES = 100_000
EVENTS_PER_CASE = 10
N_ACTIVITIES = 20


def make_log(rng: np.random.Generator) -> pd.DataFrame:
    return synthetic_event_log(
        rng, N_CASES, events_per_case=EVENTS_PER_CASE, activities=N_ACTIVITIES
    )


def floor(log: pd.DataFrame) -> None:
    case, _ = pd.factorize(log["case"])
    act, acts = pd.factorize(log["activity"])
    end = log["end"].to_numpy().view(np.int64)
    start = log["start"].to_numpy().view(np.int64)
    order = np.lexsort((end, case))
    c, a, e, s = case[order], act[order], end[order], start[order]
    same = c[1:] == c[:-1]
    key = a[:-1][same] * len(acts) + a[1:][same]
    np.bincount(key, minlength=len(acts) ** 2)
    np.bincount(key, weights=(s[1:][same] - e[:-1][same]) / 1e9, minlength=len(acts) ** 2)


def main() -> None:
    rng = np.random.default_rng(0)
    grouped = make_log(rng)
    shuffled = grouped.sample(frac=1.0, random_state=1).reset_index(drop=True)
    kw = dict(case="case", activity="activity", end="end", start="start")
    for name, log in (("shuffled", shuffled), ("grouped and sorted", grouped)):
        f, ours = interleaved(lambda log=log: floor(log), lambda log=log: from_event_log(log, **kw))
        report(f"from_event_log, 1e6 events, 1e5 cases, {name}", ours, f)
    try:
        import pm4py
    except ImportError:
        print("pm4py not importable: run with /work/peers/bin/python for the peer comparison")
        return
    pm_log = shuffled.rename(
        columns={
            "case": "case:concept:name",
            "activity": "concept:name",
            "end": "time:timestamp",
            "start": "start_timestamp",
        }
    )
    f, ours, peer = interleaved(
        lambda: floor(shuffled),
        lambda: from_event_log(shuffled, **kw),
        lambda: pm4py.discover_performance_dfg(pm_log),
        repeat=3,
    )
    report("from_event_log vs pm4py performance DFG, shuffled", ours, f, peer, "pm4py")


if __name__ == "__main__":
    main()
