"""Run every benchmark suite in this folder and print its ratios."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

here = Path(__file__).parent
sys.path.insert(0, str(here))
for path in sorted(here.glob("bench_*.py")):
    print(f"== {path.stem}")
    runpy.run_path(str(path), run_name="__main__")
