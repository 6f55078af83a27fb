"""Kanban flow metrics against the plain pandas groupby/pivot floor.

A long work-item log of 10^6 state entries (200,000 items x 5 states over one year, 5 % of the
items skipping a state, 2 % moved back once, 3 % still in progress):
``flow_metrics(log, workflow=..., freq="D")`` (throughput, three WIP series, the CFD of every
state, cycle times and percentiles, aging WIP, backward moves, Little's law) against the floor
``log.groupby([item, state]).timestamp.min().unstack()`` followed by the cycle time of every
done item and the daily count of finishes (no checks, no skipped-state or backward-move
handling, no CFD, no WIP). The same log as a Dask frame of 4 partitions (threaded scheduler)
against the Dask floor ``groupby([item, state]).timestamp.min().compute()``.

Run by hand: ``python benchmarks/bench_flow_metrics.py [items]`` (prints the ours/floor ratio).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _harness import best_time, report

from opsmodels.lean import flow_metrics

WORKFLOW = ["backlog", "analysis", "dev", "test", "done"]


def _log(items: int, rng: np.random.Generator) -> pd.DataFrame:
    n_states = len(WORKFLOW)
    start = rng.uniform(0, 365 * 86_400, items)
    steps = rng.exponential(2 * 86_400, (items, n_states))
    steps[:, 0] = 0.0
    times = start[:, None] + np.cumsum(steps, axis=1)
    item = np.repeat(np.arange(items), n_states)
    state = np.tile(np.arange(n_states), items)
    t = times.ravel()
    keep = np.ones(items * n_states, dtype=bool)
    skip = rng.random(items) < 0.05  # skip "test"
    keep[np.flatnonzero(skip) * n_states + 3] = False
    open_ = rng.random(items) < 0.03  # not done yet
    keep[np.flatnonzero(open_) * n_states + 4] = False
    back = np.flatnonzero(rng.random(items) < 0.02)  # test -> dev again, 1 h after test
    log = pd.DataFrame(
        {
            "item": np.concatenate([item[keep], back]),
            "state": pd.Categorical.from_codes(
                np.concatenate([state[keep], np.full(back.size, 2)]), WORKFLOW
            ),
            "timestamp": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(np.concatenate([t[keep], times[back, 3] + 3_600]), unit="s"),
        }
    )
    return log


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    log = _log(items, np.random.default_rng(0))

    def ours() -> None:
        flow_metrics(log, workflow=WORKFLOW, start_state="analysis", freq="D")

    def floor() -> None:
        wide = log.groupby(["item", "state"], observed=True)["timestamp"].min().unstack()
        done = wide["done"].dropna()
        _ = (done - wide.loc[done.index, "analysis"]).dt.total_seconds() / 86_400
        _ = done.dt.floor("D").value_counts().sort_index()

    report(
        f"flow_metrics, {len(log):,} state entries ({items:,} items)",
        best_time(ours, repeat=3),
        best_time(floor, repeat=3),
    )

    import dask
    import dask.dataframe as dd

    frame = dd.from_pandas(log, npartitions=4)

    def ours_dask() -> None:
        flow_metrics(frame, workflow=WORKFLOW, start_state="analysis", freq="D")

    def floor_dask() -> None:
        frame.groupby(["item", "state"], observed=True)["timestamp"].min().compute()

    with dask.config.set(scheduler="threads"):
        report(
            "flow_metrics on Dask, 4 partitions, threads",
            best_time(ours_dask, repeat=2),
            best_time(floor_dask, repeat=2),
        )


if __name__ == "__main__":
    main()
