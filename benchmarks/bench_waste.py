"""Lean wastes from an event log of 1 million events (100,000 cases) against a pandas floor.

* ours: ``lean.waste(log, case=, activity=, end=, start=, resource=, standard_path=)``: waiting
  per activity and per case, rework, off-path events, hand-offs per edge, the WIP step function
  and Little's law, the summary table.
* floor: the plain pandas groupby any implementation of even one of these measures does: sort
  by (case, end), the previous completion per case by ``groupby(case).shift``, the waiting
  time, and its sums per activity and per case by ``groupby().sum()``.
* a tighter numpy floor too: factorize, one ``np.lexsort`` by (case, end) and ``np.bincount``
  of the waiting times per activity and per case.
* both on a shuffled log and on a log already grouped by case and sorted by time; the runs
  are interleaved and the best of each kept, so a changing load hits both alike.

Run by hand: ``python benchmarks/bench_waste.py [n_cases]`` (prints ours/floor ratios).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _harness import interleaved, report, synthetic_event_log

from opsmodels.lean import waste

EVENTS_PER_CASE = 10
N_ACTIVITIES = 20
N_RESOURCES = 50


def make_log(rng: np.random.Generator, n_cases: int) -> pd.DataFrame:
    return synthetic_event_log(
        rng,
        n_cases,
        events_per_case=EVENTS_PER_CASE,
        activities=N_ACTIVITIES,
        resources=N_RESOURCES,
    )


def floor(log: pd.DataFrame) -> None:
    ordered = log.sort_values(["case", "end"], kind="stable")
    prev_end = ordered.groupby("case", sort=False)["end"].shift()
    wait = (ordered["start"] - prev_end).dt.total_seconds().clip(lower=0)
    wait.groupby(ordered["activity"], sort=False).sum()
    wait.groupby(ordered["case"], sort=False).sum()


def numpy_floor(log: pd.DataFrame) -> None:
    """The tighter floor: factorize, one lexsort by (case, end), waiting sums by bincount."""
    case, _ = pd.factorize(log["case"])
    act, acts = pd.factorize(log["activity"])
    end = log["end"].to_numpy().view(np.int64)
    start = log["start"].to_numpy().view(np.int64)
    order = np.lexsort((end, case))
    c, a, e, s = case[order], act[order], end[order], start[order]
    same = c[1:] == c[:-1]
    wait = np.where(same, np.maximum(s[1:] - e[:-1], 0), 0) / 1e9
    np.bincount(a[1:], weights=wait, minlength=len(acts))
    np.bincount(c[1:], weights=wait)


def main() -> None:
    n_cases = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = np.random.default_rng(0)
    grouped = make_log(rng, n_cases)
    shuffled = grouped.sample(frac=1.0, random_state=1).reset_index(drop=True)
    standard = [f"activity {k}" for k in range(N_ACTIVITIES - 2)]
    kw = dict(
        case="case",
        activity="activity",
        end="end",
        start="start",
        resource="resource",
        standard_path=standard,
    )
    n = n_cases * EVENTS_PER_CASE
    for name, log in (("shuffled", shuffled), ("grouped and sorted", grouped)):
        f, ours = interleaved(lambda log=log: floor(log), lambda log=log: waste(log, **kw))
        report(f"waste, {n:.0e} events, {n_cases:.0e} cases, {name}", ours, f)
    minimal = dict(case="case", activity="activity", end="end", start="start")
    f, ours = interleaved(lambda: floor(shuffled), lambda: waste(shuffled, **minimal))
    report(f"waste without resource and standard path, {n:.0e} events, shuffled", ours, f)
    f, ours = interleaved(lambda: numpy_floor(shuffled), lambda: waste(shuffled, **kw))
    report(f"waste against the numpy floor (lexsort + bincount), {n:.0e} events, shuffled", ours, f)


if __name__ == "__main__":
    main()
