"""Normal capability against its numpy/pandas floors.

* 10 million individuals: ``capability(x)`` vs numpy's ``x.mean(); x.std()``.
* 2,000,000 subgroups of 5 (a 2-D array, pooled SD) vs the same numpy floor on the array.
* 10,000 characteristics x 1,000 values in one ``by=`` call vs pandas
  ``frame.groupby(...)["value"].agg(["mean", "std"])``.

Run by hand: ``python benchmarks/bench_capability.py`` (prints ours/floor ratios).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _harness import best_time, report

from opsmodels.sixsigma import capability


def main() -> None:
    rng = np.random.default_rng(0)

    x = rng.normal(10.0, 1.0, 10_000_000)
    floor = best_time(lambda: (x.mean(), x.std()))
    ours = best_time(lambda: capability(x, lsl=6.0, usl=14.0, target=10.0))
    report("individuals 1e7 (moving range)", ours, floor)

    groups = x.reshape(2_000_000, 5)
    floor = best_time(lambda: (groups.mean(), groups.std()))
    ours = best_time(lambda: capability(groups, lsl=6.0, usl=14.0))
    report("2e6 subgroups of 5 (pooled)", ours, floor)

    k, m = 10_000, 1_000
    frame = pd.DataFrame(
        {"characteristic": np.repeat(np.arange(k), m), "value": rng.normal(10.0, 1.0, k * m)}
    )
    lsl = pd.Series(6.0, index=np.arange(k))
    floor = best_time(
        lambda: frame.groupby("characteristic")["value"].agg(["mean", "std"]), repeat=3
    )
    ours = best_time(
        lambda: capability(frame, value="value", by="characteristic", lsl=lsl, usl=14.0),
        repeat=3,
    )
    report("10,000 characteristics x 1,000 (by=)", ours, floor)


if __name__ == "__main__":
    main()
