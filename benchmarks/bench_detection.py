"""Bottleneck detection over a 10^6-row machine state log against pandas/numpy floors.

* data: 20 machines, 50,000 state intervals each (working, setup, blocked, starved, in random
  proportions, exponential lengths), rows shuffled (the worst case: a full sort is needed)
  and, second, in time order (a typical export).
* ours: ``constraints.utilization_bottleneck(log)`` (validation: no overlap, known states,
  end >= start; times and episodes per machine and state) and
  ``constraints.active_period(log, state=...)`` (the same validation, the merge of active
  states into periods and the sweep for sole and shifting bottlenecks).
* floor: the pandas groupby that sums the durations by (machine, state), which is all the
  utilization method needs from a log already known to be valid; for the active period a
  second floor, one numpy argsort of the 2n period boundaries (the least any sweep does).

Run by hand: ``python benchmarks/bench_detection.py [rows]`` (prints the ours/floor ratios).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _harness import best_time, report

from opsmodels.constraints import active_period, utilization_bottleneck

MACHINES = 20
STATES = np.array(["working", "setup", "blocked", "starved"], dtype=object)
ACTIVE = ["working", "setup"]


def make_log(rows: int, rng: np.random.Generator) -> pd.DataFrame:
    per = rows // MACHINES
    length = rng.exponential(5.0, (MACHINES, per))
    end = np.cumsum(length, axis=1)
    start = np.concatenate([np.zeros((MACHINES, 1)), end[:, :-1]], axis=1)
    state = rng.choice(STATES, (MACHINES, per), p=[0.5, 0.1, 0.2, 0.2])
    return pd.DataFrame(
        {
            "machine": np.repeat([f"M{i:02d}" for i in range(MACHINES)], per),
            "start": start.ravel(),
            "end": end.ravel(),
            "state": state.ravel(),
        }
    )


def groupby_floor(log: pd.DataFrame) -> None:
    log.assign(duration=log["end"] - log["start"]).groupby(["machine", "state"])["duration"].sum()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = np.random.default_rng(7)
    ordered = make_log(rows, rng).sort_values("start", kind="stable").reset_index(drop=True)
    shuffled = ordered.sample(frac=1.0, random_state=1).reset_index(drop=True)
    for label, log in (("shuffled", shuffled), ("time-ordered", ordered)):
        base = best_time(lambda log=log: groupby_floor(log), repeat=3)
        util = best_time(lambda log=log: utilization_bottleneck(log, active=ACTIVE), repeat=3)
        report(f"utilization_bottleneck, {rows:,}-row state log ({label})", util, base)
        ap = best_time(lambda log=log: active_period(log, state="state", active=ACTIVE), repeat=3)
        report(f"active_period, {rows:,}-row state log ({label}), groupby floor", ap, base)
    active = shuffled[shuffled["state"].isin(ACTIVE)]
    bounds = np.concatenate([active["start"].to_numpy(), active["end"].to_numpy()])
    sort_floor = best_time(lambda: np.argsort(bounds), repeat=3)
    ap = best_time(lambda: active_period(active), repeat=3)
    report(f"active_period, {len(active):,} active intervals, argsort floor", ap, sort_floor)


if __name__ == "__main__":
    main()
