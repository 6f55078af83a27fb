"""Normal capability and gauge R&R against their numpy/pandas floors and the peer packages.

Cases (sizes from issue 2, "Speed"):

* 10 million individuals: ``capability(x)`` (within sigma by the moving range) vs numpy's
  ``x.mean(); x.std()`` (floor), vs capstat_core's ``capability`` (also moving range for 1-D
  data) and manufacturing's ``calc_ppk`` (overall sigma only).
* 2,000,000 subgroups of 5 (a 2-D array, pooled SD) vs the same numpy floor on the array and
  capstat_core's pooled ``capability``. capstat_core refuses the pooled c4 beyond 100,000
  degrees of freedom, so it is timed at 20,000 subgroups and scaled per value; manufacturing
  has no subgroups.
* 10,000 characteristics x 1,000 values in one ``by=`` call vs pandas
  ``frame.groupby(...)["value"].agg(["mean", "std"])`` and vs a Python loop of the peers'
  single-characteristic calls, timed on the first 200 characteristics and extrapolated.
* Gauge R&R (crossed ANOVA) on 10,000 parts x 10 operators x 10 trials (1,000,000 rows) vs
  a pandas floor (cell mean and variance, part and operator means) and capstat_core's
  ``gage_rr`` on its native (parts, operators, trials) array.

Every peer call is compute-only: none of these functions plots. The peers always run their
normality tests (capstat_core: Anderson-Darling, Shapiro-Wilk and lag-1 autocorrelation;
manufacturing: Shapiro-Wilk and D'Agostino K^2) and cannot be told not to; opsmodels computes
no normality test in ``capability``, so the peers do more work than we do there.

A peer that is not importable is skipped with a note, so ``python benchmarks/run_all.py`` works
in an environment without them. Run by hand: ``python benchmarks/bench_capability.py`` (every
case) or with case names: ``individuals subgroups characteristics gauge``.
"""

from __future__ import annotations

import importlib
import logging
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _harness import best_time, report

from opsmodels.sixsigma import capability, gauge_rr


def _peer(module: str) -> ModuleType | None:
    """Import a peer package, or print a note and return None when it is not installed."""
    try:
        if module == "manufacturing":
            import matplotlib

            matplotlib.use("Agg")
        return importlib.import_module(module)
    except ImportError:
        print(f"  note: peer {module} is not importable here; its comparison is skipped")
        return None


def _quiet(func: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``func`` with the peers' warnings (scipy's Shapiro-Wilk N > 5000) silenced."""

    def run() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return func()

    return run


def _compare(
    name: str,
    ours: float,
    floor: float,
    peers: list[tuple[str, float]],
) -> None:
    """One ``report`` line against the fastest peer, then a note for every other peer."""
    if not peers:
        report(name, ours, floor)
        return
    peers = sorted(peers, key=lambda item: item[1])
    best_name, best = peers[0]
    report(name, ours, floor, best, best_name)
    for other_name, other in peers[1:]:
        print(f"  also {other_name} {other * 1e3:.1f} ms, ours/peer {ours / other:.4f}")


def individuals(capstat: ModuleType | None, manufacturing: ModuleType | None) -> None:
    """10 million individuals (moving-range within sigma)."""
    x = np.random.default_rng(0).normal(10.0, 1.0, 10_000_000)
    small = x[:1_000]
    capability(small, lsl=6.0, usl=14.0, target=10.0)
    floor = best_time(lambda: (x.mean(), x.std()))
    ours = best_time(lambda: capability(x, lsl=6.0, usl=14.0, target=10.0))
    peers: list[tuple[str, float]] = []
    if capstat is not None:
        _quiet(lambda: capstat.capability(small, lsl=6.0, usl=14.0, target=10.0))()
        peers.append(
            (
                "capstat_core.capability",
                best_time(
                    _quiet(lambda: capstat.capability(x, lsl=6.0, usl=14.0, target=10.0)),
                    repeat=2,
                    budget=10.0,
                ),
            )
        )
    if manufacturing is not None:
        peers.append(
            (
                "manufacturing.calc_ppk",
                best_time(
                    _quiet(lambda: manufacturing.calc_ppk(x, 14.0, 6.0)), repeat=2, budget=10.0
                ),
            )
        )
    _compare("individuals 1e7 (moving range)", ours, floor, peers)


def subgroups(capstat: ModuleType | None, manufacturing: ModuleType | None) -> None:
    """2,000,000 subgroups of 5, pooled standard deviation."""
    groups = np.random.default_rng(0).normal(10.0, 1.0, (2_000_000, 5))
    floor = best_time(lambda: (groups.mean(), groups.std()))
    ours = best_time(lambda: capability(groups, lsl=6.0, usl=14.0, sigma_method="pooled"))
    peers = []
    if capstat is not None:
        part = groups[:20_000]
        scale = groups.shape[0] / part.shape[0]
        seconds = best_time(
            _quiet(lambda: capstat.capability(part, lsl=6.0, usl=14.0, within_method="pooled")),
            repeat=3,
        )
        peers.append(
            ("capstat_core.capability (20,000 subgroups, x100 per value)", seconds * scale)
        )
    if manufacturing is not None:
        print("  note: manufacturing has no subgroup capability (calc_ppk is overall sigma only)")
    _compare("2e6 subgroups of 5 (pooled)", ours, floor, peers)


def characteristics(capstat: ModuleType | None, manufacturing: ModuleType | None) -> None:
    """10,000 characteristics x 1,000 values in one call."""
    rng = np.random.default_rng(1)
    k, m = 10_000, 1_000
    values = rng.normal(10.0, 1.0, k * m)
    frame = pd.DataFrame({"characteristic": np.repeat(np.arange(k), m), "value": values})
    lsl = pd.Series(6.0, index=np.arange(k))
    floor = best_time(
        lambda: frame.groupby("characteristic")["value"].agg(["mean", "std"]), repeat=3
    )
    ours = best_time(
        lambda: capability(frame, value="value", by="characteristic", lsl=lsl, usl=14.0),
        repeat=3,
    )
    # The peers get each characteristic's values as a ready-made row (their best case: no
    # grouping cost), for the first `subset` characteristics, extrapolated to all k.
    rows = values.reshape(k, m)
    subset = 200
    peers = []
    if capstat is not None:

        def capstat_loop() -> None:
            for row in rows[:subset]:
                capstat.capability(row, lsl=6.0, usl=14.0)

        seconds = best_time(_quiet(capstat_loop), repeat=2)
        peers.append(
            (f"capstat_core.capability loop ({subset} of {k}, extrapolated)", seconds * k / subset)
        )
    if manufacturing is not None:

        def manufacturing_loop() -> None:
            for row in rows[:subset]:
                manufacturing.calc_ppk(row, 14.0, 6.0)

        seconds = best_time(_quiet(manufacturing_loop), repeat=2)
        peers.append(
            (f"manufacturing.calc_ppk loop ({subset} of {k}, extrapolated)", seconds * k / subset)
        )
    _compare("10,000 characteristics x 1,000 (by=)", ours, floor, peers)


def gauge(capstat: ModuleType | None, manufacturing: ModuleType | None) -> None:
    """Gauge R&R (crossed ANOVA), 10,000 parts x 10 operators x 10 trials."""
    del manufacturing  # no gauge study in manufacturing
    rng = np.random.default_rng(2)
    parts, operators, trials = 10_000, 10, 10
    part_effect = rng.normal(0.0, 2.0, parts)
    operator_effect = rng.normal(0.0, 0.3, operators)
    study = (
        part_effect[:, None, None]
        + operator_effect[None, :, None]
        + rng.normal(0.0, 0.5, (parts, operators, trials))
    )
    frame = pd.DataFrame(
        {
            "part": np.repeat(np.arange(parts), operators * trials),
            "operator": np.tile(np.repeat(np.arange(operators), trials), parts),
            "value": study.ravel(),
        }
    )

    def gauge_floor() -> None:
        frame.groupby(["part", "operator"])["value"].agg(["mean", "var"])
        frame.groupby("part")["value"].mean()
        frame.groupby("operator")["value"].mean()

    floor = best_time(gauge_floor, repeat=3)
    ours = best_time(
        lambda: gauge_rr(frame, part="part", operator="operator", value="value"), repeat=3
    )
    peers = []
    if capstat is not None:

        def capstat_from_frame() -> None:
            # capstat_core takes only a (parts, operators, trials) array: the user's pivot of
            # the same long frame (sort, reshape; balance assumed, not checked) comes first.
            ordered = frame.sort_values(["part", "operator"], kind="stable")["value"]
            capstat.gage_rr(ordered.to_numpy().reshape(parts, operators, trials))

        peers.append(
            (
                "capstat_core.gage_rr (on its ready 3-D array)",
                best_time(_quiet(lambda: capstat.gage_rr(study)), repeat=3),
            )
        )
        peers.append(
            (
                "capstat_core.gage_rr (pivot of the same frame + gage_rr)",
                best_time(_quiet(capstat_from_frame), repeat=3),
            )
        )
    _compare("gauge R&R ANOVA, 10,000 x 10 x 10 (1e6 rows)", ours, floor, peers)


CASES = {
    "individuals": individuals,
    "subgroups": subgroups,
    "characteristics": characteristics,
    "gauge": gauge,
}


def main(names: list[str] | None = None) -> None:
    """Run the named cases (all by default; command line: case names)."""
    logging.getLogger("manufacturing").setLevel(logging.ERROR)
    capstat = _peer("capstat_core")
    manufacturing = _peer("manufacturing")
    unknown = sorted(set(names or ()) - set(CASES))
    if unknown:
        raise SystemExit(f"unknown case(s) {unknown}; choose from {sorted(CASES)}")
    for name in names or list(CASES):
        CASES[name](capstat, manufacturing)


if __name__ == "__main__":
    main(sys.argv[1:])
