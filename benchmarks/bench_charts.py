"""Control charts against their numpy floors.

* X-bar/R chart with all eight Nelson rules on 1,000,000 values (200,000 subgroups of 5) vs the
  floor of the limits alone: ``reshape(-1, 5)``, mean and ptp along axis 1, their means.
  Target: ours/floor within 5.
* The same chart with rule 1 only, and from 1-D values with ``subgroup=5``.
* p chart with stepped limits on 1,000,000 samples vs the numpy arithmetic of the limits.
* EWMA and tabular CUSUM on 1,000,000 values vs ``scipy.signal.lfilter`` / two cumulative sums.

Run by hand: ``python benchmarks/bench_charts.py`` (prints ours/floor ratios).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy import signal

sys.path.insert(0, str(Path(__file__).parent))
from _harness import best_time, report

from opsmodels.sixsigma import cusum_chart, ewma_chart, p_chart, xbar_r_chart


def _xbar_r_floor(x: np.ndarray) -> tuple[float, float]:
    groups = x.reshape(-1, 5)
    return float(groups.mean(axis=1).mean()), float(np.ptp(groups, axis=1).mean())


def _p_floor(d: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = d / n
    pbar = d.sum() / n.sum()
    sd = np.sqrt(pbar * (1 - pbar) / n)
    return np.maximum(0, pbar - 3 * sd), (p > pbar + 3 * sd)


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(10.0, 1.0, 1_000_000)
    groups = x.reshape(-1, 5)

    floor = best_time(lambda: _xbar_r_floor(x))
    ours = best_time(lambda: xbar_r_chart(groups, rules="nelson"))
    report("X-bar/R, Nelson 1-8, 200,000 subgroups of 5 (target < 5)", ours, floor)
    ours = best_time(lambda: xbar_r_chart(groups))
    report("X-bar/R, rule 1 only, 200,000 subgroups of 5", ours, floor)
    ours = best_time(lambda: xbar_r_chart(x, subgroup=5, rules="nelson"))
    report("X-bar/R, Nelson 1-8, 1-D values with subgroup=5", ours, floor)

    n = rng.integers(80, 120, 1_000_000)
    d = rng.binomial(n, 0.05)
    floor = best_time(lambda: _p_floor(d, n))
    ours = best_time(lambda: p_chart(d, n))
    report("p chart, 1,000,000 samples of varying size", ours, floor)

    floor = best_time(lambda: signal.lfilter([0.2], [1.0, -0.8], x))
    ours = best_time(lambda: ewma_chart(x, target=10.0, sigma=1.0))
    report("EWMA (exact limits), 1,000,000 values", ours, floor)

    floor = best_time(lambda: (np.minimum.accumulate(np.cumsum(x)), np.cumsum(-x)))
    ours = best_time(lambda: cusum_chart(x, target=10.0, sigma=1.0))
    report("tabular CUSUM, 1,000,000 values", ours, floor)


if __name__ == "__main__":
    main()
