"""Timing helpers shared by the benchmark suites: best-of-N wall time and ratio lines."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any


def best_time(func: Callable[[], Any], *, repeat: int = 5, budget: float = 20.0) -> float:
    """Best wall time of ``func()`` over ``repeat`` runs (fewer when one run exceeds ``budget``)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        if elapsed * repeat > budget:
            break
    return best


def report(
    name: str, ours: float, floor: float, peer: float | None = None, peer_name: str = ""
) -> str:
    """Format one benchmark line with the ours/floor and ours/peer ratios."""
    line = f"{name}: ours {ours * 1e3:.1f} ms, floor {floor * 1e3:.1f} ms, ours/floor {ours / floor:.2f}"
    if peer is not None:
        line += f", {peer_name} {peer * 1e3:.1f} ms, ours/peer {ours / peer:.3f}"
    print(line)
    return line


def interleaved(*funcs: Callable[[], Any], repeat: int = 5) -> list[float]:
    """Best wall time of each function, the runs interleaved (fair under a changing load)."""
    best = [float("inf")] * len(funcs)
    for _ in range(repeat):
        for i, func in enumerate(funcs):
            gc.collect()
            start = time.perf_counter()
            func()
            best[i] = min(best[i], time.perf_counter() - start)
    return best
