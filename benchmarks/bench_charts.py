"""Control charts against their numpy floors and the peer packages.

Cases:

* X-bar/R chart with all eight Nelson rules on 1,000,000 values (200,000 subgroups of 5) vs the
  floor of the limits alone: ``reshape(-1, 5)``, mean and ptp along axis 1, their means.
  Target (issue 2): ours/floor within 5. Peers:

  - capstat_core: ``xbar_r_chart`` plus ``nelson_rules`` on the X-bar chart, compute-only, at
    full size (it refuses run rules on the R chart, which gets only its beyond-limits points;
    opsmodels applies the Nelson rules to both charts, so it does more work).
  - manufacturing: ``xbar_r_chart`` cannot compute without plotting (it always draws a
    matplotlib figure, Agg backend here). With its default ``max_points=60`` it checks the
    rules on the last 60 subgroups only, so it is called with ``max_points=None`` to check
    every subgroup (its zone A/B/C, trend and beyond-limit tests, on outlier-trimmed limits).
    Timed at 4,000 subgroups and scaled per value.
  - pyshewhart: ``XbarRControlChart`` cannot compute without plotting either (the
    Western Electric rules run inside its plotting method). Building its ``Record`` grows
    quadratically with the number of subgroups (every append re-checks all samples), so it is
    timed at 1,000 subgroups and scaled per value: the true cost at 200,000 is far higher.

* The same chart with rule 1 only, and from 1-D values with ``subgroup=5`` (floor only).
* p chart with stepped limits on 1,000,000 samples vs the numpy arithmetic of the limits (no peer
  computes it without plotting: manufacturing's ``p_chart`` draws; capstat_core has none).
* EWMA (exact time-varying limits) and tabular CUSUM on 1,000,000 values vs
  ``scipy.signal.lfilter`` / two cumulative sums, and vs capstat_core's compute-only
  ``ewma_chart`` / ``cusum_chart`` with the same parameters.

A peer that is not importable is skipped with a note, so ``python benchmarks/run_all.py`` works
in an environment without them. Run by hand: ``python benchmarks/bench_charts.py``.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from scipy import signal

sys.path.insert(0, str(Path(__file__).parent))
from _harness import best_time, report

from opsmodels.sixsigma import cusum_chart, ewma_chart, p_chart, xbar_r_chart


def _peer(module: str) -> ModuleType | None:
    """Import a peer package, or print a note and return None when it is not installed."""
    try:
        if module in ("manufacturing", "pyshewhart"):
            import matplotlib

            matplotlib.use("Agg")
        return importlib.import_module(module)
    except ImportError:
        print(f"  note: peer {module} is not importable here; its comparison is skipped")
        return None


def _quiet(func: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``func`` silencing the peers' warnings and printed violation lists, closing figures."""

    def run() -> Any:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            result = func()
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
        return result

    return run


def _compare(name: str, ours: float, floor: float, peers: list[tuple[str, float]]) -> None:
    """One ``report`` line against the fastest peer, then a note for every other peer."""
    if not peers:
        report(name, ours, floor)
        return
    peers = sorted(peers, key=lambda item: item[1])
    best_name, best = peers[0]
    report(name, ours, floor, best, best_name)
    for other_name, other in peers[1:]:
        print(f"  also {other_name} {other * 1e3:.1f} ms, ours/peer {ours / other:.4f}")


def _xbar_r_floor(x: np.ndarray) -> tuple[float, float]:
    groups = x.reshape(-1, 5)
    return float(groups.mean(axis=1).mean()), float(np.ptp(groups, axis=1).mean())


def _p_floor(d: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = d / n
    pbar = d.sum() / n.sum()
    sd = np.sqrt(pbar * (1 - pbar) / n)
    return np.maximum(0, pbar - 3 * sd), (p > pbar + 3 * sd)


def main() -> None:
    logging.getLogger("manufacturing").setLevel(logging.ERROR)
    capstat = _peer("capstat_core")
    manufacturing = _peer("manufacturing")
    pyshewhart = _peer("pyshewhart")
    rng = np.random.default_rng(0)
    x = rng.normal(10.0, 1.0, 1_000_000)
    groups = x.reshape(-1, 5)
    k = groups.shape[0]

    xbar_r_chart(groups[:100], rules="nelson")
    floor = best_time(lambda: _xbar_r_floor(x))
    ours = best_time(lambda: xbar_r_chart(groups, rules="nelson"))
    peers: list[tuple[str, float]] = []
    if capstat is not None:

        def capstat_chart(data: np.ndarray) -> None:
            pair = capstat.xbar_r_chart(data)
            capstat.nelson_rules(pair.location)

        _quiet(lambda: capstat_chart(groups[:100]))()
        peers.append(
            (
                "capstat_core xbar_r_chart + nelson_rules",
                best_time(_quiet(lambda: capstat_chart(groups)), repeat=1),
            )
        )
    if manufacturing is not None:
        part = x[: 4_000 * 5]
        seconds = best_time(
            _quiet(lambda: manufacturing.xbar_r_chart(part, subgroup_size=5, max_points=None)),
            repeat=1,
        )
        peers.append(
            ("manufacturing xbar_r_chart with plot (4,000 subgroups, x50)", seconds * k / 4_000)
        )
    if pyshewhart is not None:
        values = x[: 1_000 * 5].tolist()
        seconds = best_time(
            _quiet(lambda: pyshewhart.XbarRControlChart(values, sample_size=5)), repeat=1
        )
        peers.append(
            (
                "pyshewhart XbarRControlChart with plot, WE rules (1,000 subgroups, x200)",
                seconds * k / 1_000,
            )
        )
    _compare("X-bar/R, Nelson 1-8, 200,000 subgroups of 5 (target < 5)", ours, floor, peers)

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
    peers = []
    if capstat is not None:
        peers.append(
            (
                "capstat_core.ewma_chart",
                best_time(
                    _quiet(lambda: capstat.ewma_chart(x, target=10.0, sigma=1.0, lmbda=0.2)),
                    repeat=2,
                    budget=10.0,
                ),
            )
        )
    _compare("EWMA (exact limits), 1,000,000 values", ours, floor, peers)

    floor = best_time(lambda: (np.minimum.accumulate(np.cumsum(x)), np.cumsum(-x)))
    ours = best_time(lambda: cusum_chart(x, target=10.0, sigma=1.0))
    peers = []
    if capstat is not None:
        peers.append(
            (
                "capstat_core.cusum_chart",
                best_time(
                    _quiet(lambda: capstat.cusum_chart(x, target=10.0, sigma=1.0, k=0.5, h=5.0)),
                    repeat=2,
                    budget=10.0,
                ),
            )
        )
    _compare("tabular CUSUM, 1,000,000 values", ours, floor, peers)


if __name__ == "__main__":
    main()
