"""Timing helpers shared by the benchmark suites: best-of-N wall time and ratio lines."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


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


def synthetic_event_log(
    rng: np.random.Generator,
    n_cases: int,
    *,
    events_per_case: int = 10,
    activities: int = 20,
    resources: int = 0,
) -> pd.DataFrame:
    """An event log of ``n_cases`` sequential cases (case, activity[, resource], start, end):
    exponential waits (mean 1 h, at least 1 min) and services (mean 10 min) over a year."""
    n = n_cases * events_per_case
    case = np.repeat(np.arange(n_cases), events_per_case)
    activity = rng.integers(0, activities, n)
    resource = rng.integers(0, max(resources, 1), n)
    gaps = rng.exponential(3600.0, n) + 60.0
    service = rng.exponential(600.0, n)
    t0 = np.repeat(rng.uniform(0, 365 * 86400.0, n_cases), events_per_case)
    end = t0 + (gaps + service).reshape(n_cases, events_per_case).cumsum(axis=1).ravel()
    start = end - service
    epoch = np.datetime64("2024-01-01T00:00:00", "ns")
    columns = {
        "case": pd.Series([f"case-{i}" for i in range(n_cases)]).to_numpy(object)[case],
        "activity": np.array([f"activity {k}" for k in range(activities)], object)[activity],
        "resource": np.array([f"clerk {k}" for k in range(resources)], object)[resource]
        if resources
        else None,
        "start": epoch + (start * 1e9).astype("timedelta64[ns]"),
        "end": epoch + (end * 1e9).astype("timedelta64[ns]"),
    }
    return pd.DataFrame({k: v for k, v in columns.items() if v is not None})
