"""Flow metrics: takt time, lead time, PCE, value-added ratio, Little's law, EPEI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.lean import (
    epei,
    lead_time,
    littles_law,
    process_cycle_efficiency,
    takt_time,
    value_added_ratio,
)


def test_takt_learning_to_see() -> None:
    """Rother & Shook, *Learning to See* (LEI, 1999), Acme Stamping: 27,600 s available per
    shift and 460 pieces demanded per shift give a takt time of 60 s."""
    assert takt_time(27_600, 460) == 60.0


def test_lead_time_learning_to_see() -> None:
    """Rother & Shook, *Learning to See* (LEI, 1999), Acme Stamping current state: daily demand
    920 pieces; coils 5 days; then 4,600 L + 2,400 R, 1,100 L + 600 R, 1,600 L + 850 R,
    1,200 L + 640 R and 2,700 L + 1,440 R pieces (7.6, 1.8, 2.7, 2 and 4.5 days); process times
    1 + 39 + 46 + 62 + 40 = 188 s; production lead time 23.6 days; PCE 188 s / 23.6 days."""
    inventory = np.array([5 * 920, 7000, 1700, 2450, 1840, 4140], dtype=float)
    process = np.array([0, 1, 39, 46, 62, 40], dtype=float) / 86_400  # in days
    days = lead_time(process, inventory, 920.0)
    assert days == pytest.approx(23.6, abs=0.05)
    pce = process_cycle_efficiency(188.0, days * 86_400)
    assert pce == pytest.approx(188 / (23.6 * 86_400), rel=3e-3)


def test_kinds() -> None:
    s = pd.Series([480.0, 960.0], index=["x", "y"])
    out = takt_time(28_800.0, s)
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["x", "y"]
    assert takt_time(28_800.0, 0.0) == np.inf
    assert isinstance(takt_time(np.array([1.0, 2.0]), 1.0), np.ndarray)


def test_littles_law_solves_each() -> None:
    """Hopp & Spearman, *Factory Physics* 3rd ed. sec. 7.2: WIP = TH x CT."""
    assert littles_law(throughput=2.0, cycle_time=5.0).wip == 10.0
    assert littles_law(wip=10.0, cycle_time=5.0).throughput == 2.0
    r = littles_law(wip=10.0, throughput=2.0)
    assert r.cycle_time == 5.0
    assert r.solved_for == "cycle_time"
    assert littles_law(wip=3.0, throughput=0.0).cycle_time == np.inf
    assert littles_law(wip=0.0, throughput=0.0).cycle_time == 0.0


@settings(max_examples=50, deadline=None)
@given(st.floats(1e-6, 1e6), st.floats(0.0, 1e6))
def test_littles_law_round_trip(throughput: float, cycle_time: float) -> None:
    wip = littles_law(throughput=throughput, cycle_time=cycle_time).wip
    if throughput > 0:
        assert littles_law(wip=wip, throughput=throughput).cycle_time == pytest.approx(
            cycle_time, rel=1e-9, abs=1e-12
        )


@settings(max_examples=50, deadline=None)
@given(st.floats(0.0, 1e6), st.floats(0.0, 1e6))
def test_pce_at_most_one(va: float, nva: float) -> None:
    if va + nva > 0:
        pce = process_cycle_efficiency(va, va + nva)
        assert 0.0 <= pce <= 1.0
        assert value_added_ratio(va, nva) == pytest.approx(pce)


def test_epei() -> None:
    """EPEI = total changeover time / time left after running the demand (Rother & Shook)."""
    assert epei(60.0, 480.0, 450.0) == 2.0
    assert epei(60.0, 480.0, 480.0) == np.inf
    assert epei(0.0, 480.0, 480.0) == 0.0


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="demand"):
        takt_time(100.0, -1.0)
    with pytest.raises(InvalidInputError, match="value_added_time"):
        process_cycle_efficiency(10.0, 5.0)
    with pytest.raises(InvalidInputError, match="cycle_time"):
        littles_law(wip=1.0)
    with pytest.raises(InvalidInputError, match="wip"):
        littles_law(wip=1.0, throughput=2.0, cycle_time=0.5)
    with pytest.raises(InvalidInputError, match="throughput"):
        littles_law(throughput=-1.0, cycle_time=2.0)
    with pytest.raises(InvalidInputError, match="available_time"):
        epei(1.0, 0.0, 0.0)
    with pytest.raises(InvalidInputError, match="process_time"):
        lead_time([1.0, -2.0], [1.0, 1.0], 1.0)
