"""Kanban count, supermarket size and heijunka sequences."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.lean import heijunka, kanban_count, supermarket_size


def test_kanban_textbook() -> None:
    """Toyota's formula N = D·T·(1 + X)/C as in the operations-management textbooks
    (e.g. Stevenson's JIT chapter); worked exercise published at qammunity.org/8438284:
    D = 2,000 wheels a day, T = 0.25 + 0.15 = 0.4 day, X = 10%, C = 200 wheels:
    N = 4.4, rounded up to 5 containers."""
    assert kanban_count(2000, 0.4, 200, 0.1) == 5
    assert kanban_count(2000, 0.25 + 0.15, 200, 0.1) == 5  # 0.4000000000000001 days


def test_kanban_rounding_noise_and_kinds() -> None:
    # 100 * 2 * 1.1 / 10 = 22.000000000000004 in floating point: 22 cards, not 23
    assert kanban_count(100.0, 2.0, 10.0, 0.1) == 22
    s = kanban_count(pd.Series([100.0, 250.0], index=["p", "q"]), 2.0, 50.0)
    assert list(s) == [4, 10]
    assert list(s.index) == ["p", "q"]
    assert kanban_count(0.0, 2.0, 10.0) == 0


@settings(max_examples=50, deadline=None)
@given(
    st.floats(0.0, 1e5),
    st.floats(0.0, 100.0),
    st.floats(0.1, 1e3),
    st.floats(0.0, 1.0),
)
def test_kanban_covers_lead_time_demand(d: float, lt: float, c: float, a: float) -> None:
    n = kanban_count(d, lt, c, a)
    need = d * lt * (1 + a)
    assert n * c >= need * (1 - 1e-9)
    assert (n - 1) * c < need * (1 + 1e-9) or n == 0


def test_supermarket() -> None:
    r = supermarket_size(600.0, 1.5, 50.0, review_period=0.5, safety_factor=0.1)
    assert r.containers == 27
    assert r.max_inventory == 1350.0
    assert r.coverage == pytest.approx(2.25)
    assert supermarket_size(0.0, 1.0, 10.0).coverage == np.inf


@pytest.mark.parametrize("method", ["goal_chasing", "webster", "bottleneck"])
def test_heijunka_levels(method: str) -> None:
    r = heijunka({"A": 20, "B": 10, "C": 10}, method=method)
    assert Counter(r.sequence) == {"A": 2, "B": 1, "C": 1}
    assert r.repetitions == 10
    assert r.max_deviation <= 0.5 + 1e-12


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=6).filter(lambda v: sum(v) > 0))
def test_heijunka_keeps_mix(values: list[int]) -> None:
    """Every method makes each product's demand; the bottleneck method (Steiner & Yeomans,
    Management Science 39(6), 1993) keeps every cumulative quantity within less than one unit
    of its ideal k·d_i/D (Tijdeman's theorem) and is never worse than goal chasing."""
    demand = {f"p{i}": v for i, v in enumerate(values)}
    results = {m: heijunka(demand, method=m) for m in ("goal_chasing", "webster", "bottleneck")}
    for r in results.values():
        counts = Counter(r.sequence)
        for product, v in demand.items():
            assert counts.get(product, 0) * r.repetitions == v
    best = results["bottleneck"].max_deviation
    assert best < 1.0
    assert best <= results["goal_chasing"].max_deviation + 1e-9
    assert best <= results["webster"].max_deviation + 1e-9


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="container_size"):
        kanban_count(100.0, 1.0, 0.0)
    with pytest.raises(InvalidInputError, match="safety_factor"):
        kanban_count(100.0, 1.0, 10.0, -0.1)
    with pytest.raises(InvalidInputError, match="lead_time"):
        supermarket_size(100.0, float("nan"), 10.0)
    with pytest.raises(InvalidInputError, match="demand"):
        heijunka({"A": 1.5})
    with pytest.raises(InvalidInputError, match="demand"):
        heijunka({"A": 0})
    with pytest.raises(InvalidInputError, match="method"):
        heijunka({"A": 1}, method="bogus")  # type: ignore[arg-type]
