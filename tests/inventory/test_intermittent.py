"""Croston, SBA and TSB: hand-computed values, batch = one at a time, laws, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import croston, intermittent_forecast, sba, tsb

FAST = settings(max_examples=40, deadline=None)
HISTORY = [0, 3, 0, 0, 5, 0, 2]


def test_croston_and_sba_hand_computed() -> None:
    """Croston (1972) recursions with alpha = 0.1 on 0, 3, 0, 0, 5, 0, 2: start z = 3,
    p = 2 (first demand in period 2); period 5 (q = 3): z = 3.2, p = 2.1; period 7 (q = 2):
    z = 3.08, p = 2.09: forecast 3.08 / 2.09 = 1.4736842; SBA (Syntetos & Boylan 2005)
    multiplies by 1 - 0.1/2: 1.4."""
    res = croston(HISTORY)
    assert res.demand_size == pytest.approx(3.08)
    assert 1.0 / res.demand_probability == pytest.approx(2.09)
    assert res.forecast == pytest.approx(3.08 / 2.09, rel=1e-12)
    assert sba(HISTORY).forecast == pytest.approx(1.4, rel=1e-12)
    # in-sample one-step forecasts: 0 until the first demand, then z/p
    np.testing.assert_allclose(res.fitted, [0, 0, 1.5, 1.5, 1.5, 3.2 / 2.1, 3.2 / 2.1], rtol=1e-12)


def test_tsb_hand_computed() -> None:
    """Teunter, Syntetos & Babai (2011) with alpha = beta = 0.1: pi starts at 1/2 in period
    2, decays to .45, .405, rises to .4645 (z = 3.2), decays to .41805, rises to .476245
    (z = 3.08): forecast .476245 * 3.08 = 1.4668346."""
    res = tsb(HISTORY)
    assert res.demand_probability == pytest.approx(0.476245, rel=1e-12)
    assert res.forecast == pytest.approx(0.476245 * 3.08, rel=1e-12)
    # long run of zeros: TSB decays, Croston does not
    tail = [*HISTORY, 0, 0, 0, 0, 0]
    assert tsb(tail).forecast < res.forecast
    assert croston(tail).forecast == pytest.approx(croston(HISTORY).forecast)


def test_batch_equals_one_at_a_time_and_frames() -> None:
    rng = np.random.default_rng(5)
    history = rng.poisson(0.3, (40, 30)) * rng.integers(1, 9, (40, 30))
    history[3] = 0  # no demand at all
    for method in ("croston", "sba", "tsb"):
        batch = intermittent_forecast(history, method=method, alpha=0.2)  # type: ignore[arg-type]
        for i in (0, 3, 39):
            one = intermittent_forecast(history[i], method=method, alpha=0.2)  # type: ignore[arg-type]
            assert batch.forecast[i] == pytest.approx(one.forecast, rel=1e-12)
            np.testing.assert_allclose(batch.fitted[i], one.fitted, rtol=1e-12)
        assert batch.forecast[3] == 0.0
    frame = pd.DataFrame(history[:2], index=["s1", "s2"])
    res = croston(frame)
    assert list(res.forecast.index) == ["s1", "s2"]
    assert isinstance(res.fitted, pd.DataFrame)


@FAST
@given(
    history=st.lists(st.integers(0, 50), min_size=1, max_size=30),
    alpha=st.floats(0.01, 1.0),
    beta=st.floats(0.01, 1.0),
)
def test_forecasts_nonnegative_and_bounded(history: list[int], alpha: float, beta: float) -> None:
    top = max(history)
    for method in ("croston", "sba", "tsb"):
        res = intermittent_forecast(history, method=method, alpha=alpha, beta=beta)  # type: ignore[arg-type]
        assert res.forecast >= 0.0
        assert res.forecast <= top + 1e-9
        assert np.all(np.asarray(res.fitted) >= 0.0)
        assert 0.0 <= res.demand_probability <= 1.0


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"demand": [1.0, -1.0]}, "demand"),
        ({"demand": [1.0, np.nan]}, "demand"),
        ({"demand": []}, "demand"),
        ({"alpha": 0.0}, "alpha"),
        ({"alpha": 1.5}, "alpha"),
        ({"beta": -0.1}, "beta"),
        ({"method": "holt"}, "method"),
    ],
)
def test_bad_input(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {"demand": HISTORY}
    args.update(kwargs)
    with pytest.raises(InvalidInputError, match=name):
        intermittent_forecast(**args)  # type: ignore[arg-type]
