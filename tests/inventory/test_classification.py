"""ABC, XYZ and ABC-XYZ classification: worked examples, laws and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import abc_classes, abc_xyz, xyz_classes

FAST = settings(max_examples=40, deadline=None)


def test_abc_worked_example_and_conventions() -> None:
    """Hand-computed on ten items (values 4,000, 2,500, 1,200, 900, 500, 400, 200, 150, 100,
    50 of a 10,000 total; cumulative shares .40, .65, .77, .86, .91, .95, .97, .985, .995,
    1): with the crossing item in the upper class A = first four (share before the 4th is
    .77 < .80), B up to the item that starts below .95 (the 6th: .91 before it), C the rest;
    without it, A = first three (.86 > .80), B = 4th-6th (.95 <= .95)."""
    values = np.array([900, 50, 4000, 400, 100, 2500, 200, 1200, 150, 500], dtype=float)
    res = abc_classes(values)
    ranked = res.classes[np.argsort(res.rank)]
    assert list(ranked) == ["A"] * 4 + ["B"] * 2 + ["C"] * 4
    strict = abc_classes(values, include_crossing=False)
    assert list(strict.classes[np.argsort(strict.rank)]) == ["A"] * 3 + ["B"] * 3 + ["C"] * 4
    assert res.cumulative_share[np.argmax(values)] == pytest.approx(0.4)
    assert res.share.sum() == pytest.approx(1.0)
    # ties keep input order
    tie = abc_classes(pd.Series([5.0, 5.0, 5.0, 5.0], index=list("wxyz")))
    assert list(tie.rank) == [1, 2, 3, 4]
    assert list(tie.classes.index) == list("wxyz")


@FAST
@given(
    values=st.lists(st.floats(0.0, 1e6), min_size=1, max_size=40).filter(lambda v: sum(v) > 0),
    t1=st.floats(0.05, 0.9),
    gap=st.floats(0.01, 0.5),
)
def test_abc_shares_monotone(values: list[float], t1: float, gap: float) -> None:
    t2 = min(t1 + gap, 1.0)
    res = abc_classes(values, (t1, t2))
    order = np.argsort(res.rank)
    cum = res.cumulative_share[order]
    assert np.all(np.diff(cum) >= -1e-12)
    assert np.all(np.diff(np.asarray(values)[order]) <= 0)
    code = np.searchsorted(np.array(["A", "B", "C"]), res.classes[order].astype(str))
    assert np.all(np.diff(code) >= 0)  # classes never go back up the ranking
    assert res.classes[order][0] == "A"


def test_xyz_cv_and_defaults() -> None:
    """CV with the sample standard deviation: [10, 11, 9, 10] has mean 10 and std
    sqrt(2/3) = 0.8165, CV 0.0816 -> X; [0, 12, 0, 3]: mean 3.75, std 5.679, CV 1.514 -> Z;
    [5, 9, 2, 8]: mean 6, std 3.162, CV 0.527 -> Y (default limits 0.5 and 1.0)."""
    frame = pd.DataFrame([[10, 11, 9, 10], [0, 12, 0, 3], [5, 9, 2, 8]], index=["a", "b", "c"])
    res = xyz_classes(frame)
    assert list(res.classes) == ["X", "Z", "Y"]
    np.testing.assert_allclose(
        res.coefficient_of_variation,
        [np.sqrt(2 / 3) / 10, 5.678908345800274 / 3.75, 0.5270462766947299],
        rtol=1e-12,
    )
    assert xyz_classes([0.0, 0.0, 0.0]).classes == "Z"
    assert np.isinf(xyz_classes([0.0, 0.0, 0.0]).coefficient_of_variation)
    omit = xyz_classes([[10, np.nan, 10, 10]], nan_policy="omit")
    assert omit.coefficient_of_variation[0] == 0.0


def test_abc_xyz_combined() -> None:
    res = abc_xyz(
        pd.Series([900.0, 80.0, 20.0], index=["p", "q", "r"]),
        [[10, 11, 9, 10], [0, 12, 0, 3], [5, 9, 2, 8]],
    )
    assert list(res.classes) == ["AX", "BZ", "CY"]
    assert list(res.classes.index) == ["p", "q", "r"]


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: abc_classes([1.0, -1.0]), "values"),
        (lambda: abc_classes([0.0, 0.0]), "values"),
        (lambda: abc_classes([1.0, np.nan]), "values"),
        (lambda: abc_classes([1.0, 2.0], (0.9, 0.8)), "thresholds"),
        (lambda: abc_classes([1.0, 2.0], (0.8, 1.5)), "thresholds"),
        (lambda: abc_classes([1.0, 2.0], labels=("A", "B")), "labels"),
        (lambda: xyz_classes([[1.0, -2.0]]), "demand"),
        (lambda: xyz_classes([[1.0]]), "demand"),
        (lambda: xyz_classes([1.0, 2.0], ddof=-1), "ddof"),
        (lambda: abc_xyz([1.0, 2.0], [[1.0, 2.0]]), "demand"),
    ],
)
def test_bad_input(call: object, name: str) -> None:
    with pytest.raises(InvalidInputError, match=name):
        call()  # type: ignore[operator]
