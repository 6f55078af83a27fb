"""Tests for constraints.factory_physics (Hopp & Spearman's best, worst and practical worst case)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.constraints import factory_physics
from opsmodels.errors import InvalidInputError
from opsmodels.queueing import mva


def test_penny_fab_one() -> None:
    """Hopp & Spearman, Factory Physics, 3rd ed., chapter 7, Penny Fab One: four single-machine
    stations of 2 h each: rb = 0.5 pennies/h, T0 = 8 h, W0 = 4 pennies; with w = 4 the best
    case gives TH = 0.5, CT = 8 and the practical worst case TH = 4/7 * 0.5, CT = 14."""
    r = factory_physics([2.0, 2.0, 2.0, 2.0], 1, np.arange(1.0, 9.0))
    assert (r.rb, r.t0, r.w0, r.critical_wip) == (0.5, 8.0, 4.0, 4.0)
    np.testing.assert_allclose(r.th_best, [0.125, 0.25, 0.375, 0.5, 0.5, 0.5, 0.5, 0.5])
    np.testing.assert_allclose(r.ct_best, [8, 8, 8, 8, 10, 12, 14, 16])
    np.testing.assert_allclose(r.th_worst, 0.125)
    np.testing.assert_allclose(r.ct_worst, 8 * np.arange(1.0, 9.0))
    assert r.th_pwc[3] == pytest.approx(0.5 * 4 / 7)
    assert r.ct_pwc[3] == pytest.approx(14.0)


def test_penny_fab_two() -> None:
    """Hopp & Spearman, Factory Physics, 3rd ed., chapter 7, Penny Fab Two: stations of
    2, 5, 10, 3 h with 1, 2, 6, 2 machines: rb = 0.4 pennies/h, T0 = 20 h, W0 = 8 pennies."""
    r = factory_physics([2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2], 8.0)
    assert r.rb == pytest.approx(0.4)
    assert r.t0 == pytest.approx(20.0)
    assert r.w0 == pytest.approx(8.0)
    assert r.th_best == pytest.approx(0.4)
    assert r.ct_best == pytest.approx(20.0)


def test_pwc_is_exact_mva_of_balanced_exponential_line() -> None:
    """The practical worst case is the MVA curve of a balanced line of single machines
    (Hopp & Spearman, 3rd ed., section 7.3.3)."""
    w = np.arange(1.0, 21.0)
    r = factory_physics([1.5] * 5, 1, w)
    exact = mva([1.5] * 5, 1, 20)
    np.testing.assert_allclose(r.th_pwc, exact.throughput)
    np.testing.assert_allclose(r.ct_pwc, exact.response_time)


def test_kinds() -> None:
    s = pd.Series([1.0, 5.0], index=["a", "b"])
    r = factory_physics([2.0, 2.0], [1, 1], s)
    assert isinstance(r.th_pwc, pd.Series)
    assert list(r.th_pwc.index) == ["a", "b"]
    f = factory_physics([2.0, 2.0], 1, 3.0)
    assert isinstance(f.th_best, float)
    assert isinstance(f.ct_worst, float)
    assert f.to_dict()["rb"] == 0.5


@settings(max_examples=50, deadline=None)
@given(
    times=st.lists(st.floats(0.01, 100.0), min_size=1, max_size=8),
    machines=st.integers(1, 5),
    wips=st.lists(st.floats(1.0, 1000.0), min_size=1, max_size=20),
)
def test_laws(times: list[float], machines: int, wips: list[float]) -> None:
    w = np.sort(np.array(wips))
    r = factory_physics(times, machines, w)
    for th, ct in [(r.th_best, r.ct_best), (r.th_worst, r.ct_worst), (r.th_pwc, r.ct_pwc)]:
        assert np.all(np.diff(th) >= -1e-12 * r.rb)
        assert np.all(th <= r.rb * (1 + 1e-12))
        np.testing.assert_allclose(ct, w / th, rtol=1e-9)
    # worst <= practical worst <= best
    assert np.all(r.th_worst <= r.th_pwc * (1 + 1e-12))
    assert np.all(r.th_pwc <= r.th_best * (1 + 1e-12))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"process_times": [2.0, -1.0]}, "process_times"),
        ({"process_times": [2.0, 0.0]}, "process_times"),
        ({"process_times": [2.0, np.nan]}, "process_times"),
        ({"process_times": []}, "process_times"),
        ({"machines": 1.5}, "machines"),
        ({"machines": 0}, "machines"),
        ({"machines": [1, 1, 1]}, "machines"),
        ({"wip": 0.5}, "wip"),
        ({"wip": np.array([1.0, np.inf])}, "wip"),
        ({"wip": "x"}, "wip"),
    ],
)
def test_bad_input(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {"process_times": [2.0, 2.0], "machines": 1, "wip": 2.0}
    args.update(kwargs)
    with pytest.raises(InvalidInputError, match=name):
        factory_physics(**args)  # type: ignore[arg-type]


def test_exact_curves() -> None:
    """exact=True is queueing.mva on the line; for Penny Fab One (balanced, single machines)
    it equals the practical worst case (Hopp & Spearman, 3rd ed., section 7.3.3)."""
    w = np.arange(1, 13)
    one = factory_physics([2.0] * 4, 1, w, exact=True)
    np.testing.assert_allclose(one.th_exact, one.th_pwc)
    np.testing.assert_allclose(one.ct_exact, one.ct_pwc)
    two = factory_physics(
        [2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2], pd.Series([3, 8, 20], index=list("abc")), exact=True
    )
    curve = mva([2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2], 20)
    np.testing.assert_allclose(two.th_exact.to_numpy(), curve.throughput[[2, 7, 19]])
    assert list(two.ct_exact.index) == ["a", "b", "c"]
    assert np.all(two.th_exact <= two.th_best + 1e-12)
    np.testing.assert_allclose(two.ct_exact, two.wip / two.th_exact)
    assert factory_physics([2.0], 1, 3.0).th_exact is None


def test_exact_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="wip"):
        factory_physics([2.0, 2.0], 1, 2.5, exact=True)
    with pytest.raises(InvalidInputError, match="exact"):
        factory_physics([2.0, 2.0], 1, 2.0, exact="yes")  # type: ignore[arg-type]
