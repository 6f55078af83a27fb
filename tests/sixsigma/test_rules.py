"""Reference, property and bad-input tests of the Western Electric and Nelson run rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma import RuleViolations, run_rules


def flagged(values: object, rule: int, rules: str = "nelson", **kwargs: object) -> list[int]:
    kwargs.setdefault("center", 0.0)
    kwargs.setdefault("sigma", 1.0)
    v = run_rules(values, rules=rules, enabled={rule}, **kwargs)  # type: ignore[arg-type]
    return v.points(rule).tolist()


# --- hand-built sequences: each rule fires exactly where its pattern completes -------------
# The rule definitions are those of Nelson, J. Quality Technology 16(4), 1984, 237-239, and of
# the Western Electric Statistical Quality Control Handbook (1956), as listed in Montgomery,
# Introduction to Statistical Quality Control, 7th ed., Table 5.1, and in Minitab's "Tests for
# special causes" (default K of each test).


def test_rule_1_beyond_three_sigma_strict() -> None:
    """Nelson/WE rule 1: a point beyond 3 sigma; exactly 3 sigma is not beyond."""
    x = [0.0, 3.0, -3.0, 3.01, -3.5, 2.9]
    assert flagged(x, 1) == [3, 4]
    assert flagged(x, 1, rules="western_electric") == [3, 4]


def test_rule_1_with_given_limits_and_stepped_sigma() -> None:
    """lcl/ucl replace center +- 3 sigma for rule 1 only; per-point sigma gives stepped zones."""
    x = np.array([0.5, 1.5, -0.2, 2.5])
    assert flagged(x, 1, lcl=0.0, ucl=2.0) == [2, 3]
    assert flagged(x, 1, lcl=-np.inf, ucl=2.0) == [3]
    assert flagged(x, 1, sigma=[1.0, 0.4, 1.0, 1.0]) == [1]
    assert flagged(x, 1, center=[0, 0, 0, -1.0], sigma=[1, 1, 1, 1.0]) == [3]


def test_nelson_2_nine_same_side() -> None:
    """Nelson 2: the 9th point in a row above the center and every later point of that run."""
    x = [0.5] * 8 + [0.2, 0.1, -0.3, 0.4]
    assert flagged(x, 2) == [8, 9]
    assert flagged(x[:8], 2) == []
    # a point on the center line breaks the run
    assert flagged([0.5] * 4 + [0.0] + [0.5] * 8, 2) == []
    assert flagged([-0.5] * 9, 2) == [8]


def test_we_4_eight_same_side() -> None:
    """Western Electric 4: 8 in a row on one side (flags from the 8th point on)."""
    x = [-0.1] * 7 + [0.3] + [0.2] * 8
    assert flagged(x, 4, rules="western_electric") == [14, 15]
    assert flagged([-0.1] * 8, 4, rules="western_electric") == [7]


def test_nelson_3_six_trending() -> None:
    """Nelson 3: 6 points in a row all increasing (5 rises) or all decreasing; ties break it."""
    up = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.1]
    assert flagged(up, 3) == [5, 6]
    assert flagged(up[:5], 3) == []
    down = [0.5, 0.4, 0.3, 0.2, 0.1, 0.0]
    assert flagged(down, 3) == [5]
    assert flagged([0.0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5], 3) == []


def test_nelson_4_fourteen_alternating() -> None:
    """Nelson 4: 14 points alternating up and down (13 differences of alternating sign)."""
    x = np.tile([0.2, -0.2], 8)  # 16 points
    assert flagged(x, 4) == [13, 14, 15]
    assert flagged(x[:13], 4) == []
    y = x.copy()
    y[6] = y[5]  # a tie breaks the alternation
    assert flagged(y, 4) == []


def test_two_of_three_beyond_two_sigma() -> None:
    """Nelson 5 / WE 2: 2 of 3 beyond 2 sigma on the same side; the completing point is flagged."""
    x = [0.0, 2.5, 0.1, 2.1, 0.0, 0.0, -2.2, 2.3, -2.4]
    # 1 and 3 are 2 apart (within 3 points) -> point 3; 6 and 8 are on the low side -> 8;
    # 7 is on the high side with 3 (4 apart) -> not flagged
    assert flagged(x, 5) == [3, 8]
    assert flagged(x, 2, rules="western_electric") == [3, 8]
    # the window at the start may be shorter than 3
    assert flagged([2.5, 2.5], 5) == [1]
    # exactly 2 sigma is not beyond
    assert flagged([2.0, 2.0, 2.0], 5) == []


def test_four_of_five_beyond_one_sigma() -> None:
    """Nelson 6 / WE 3: 4 of 5 beyond 1 sigma on the same side."""
    x = [1.5, 1.2, 0.0, 1.1, 1.3, 0.5, 1.4, -1.5]
    # windows ending at 4: {1.5, 1.2, 1.1, 1.3} -> 4 of 5; at 6: {1.1, 1.3, 1.4} + 0.0, 0.5 -> 3
    assert flagged(x, 6) == [4]
    assert flagged(x[:4], 6) == []
    assert flagged(x, 3, rules="western_electric") == [4]
    assert flagged([-1.1, -1.2, -1.3, -1.4, 1.5, -1.6], 6) == [3, 5]


def test_nelson_7_fifteen_within_one_sigma() -> None:
    """Nelson 7: 15 in a row within 1 sigma (either side; exactly 1 sigma counts as within)."""
    x = [0.5, -0.5, 1.0, -1.0] * 4  # 16 points
    assert flagged(x, 7) == [14, 15]
    assert flagged(x[:14], 7) == []


def test_nelson_8_eight_beyond_one_sigma() -> None:
    """Nelson 8: 8 in a row beyond 1 sigma on either side."""
    x = [1.5, -1.5] * 4 + [0.2]
    assert flagged(x, 8) == [7]
    assert flagged(x[:7], 8) == []


def test_run_lengths_override() -> None:
    """Minitab's K per test: {2: 7} makes Nelson 2 a 7-point rule; K of K+1 or (k, m) pairs."""
    x = [0.5] * 7
    assert flagged(x, 2, run_lengths={2: 7}) == [6]
    assert flagged([2.5, 0.0, 2.5], 5, run_lengths={5: (2, 3)}) == [2]
    assert flagged([2.5, 0.0, 2.5], 5, run_lengths={5: 2}) == [2]  # 2 out of 3
    assert flagged([2.5, 0.0, 0.0, 2.5], 5, run_lengths={5: (2, 4)}) == [3]
    assert flagged([2.5, 0.0, 0.0, 2.5], 5) == []
    v = run_rules(x, center=0, sigma=1, rules="nelson", enabled={2}, run_lengths={2: 7})
    assert v.to_frame()["description"].iloc[0].startswith("7 points in a row")


def test_result_object() -> None:
    """Sorted by (index, rule); len, iteration, points, to_frame and to_dict behave."""
    x = [0.0, 3.5, 3.6, 0.0]
    v = run_rules(x, center=0.0, sigma=1.0, rules="nelson")
    assert isinstance(v, RuleViolations)
    assert list(v) == [(1, 1), (1, 2), (5, 2)]
    assert len(v) == 3
    assert v.points().tolist() == [1, 2]
    assert v.points(5).tolist() == [2]
    frame = v.to_frame()
    assert list(frame.columns) == ["rule", "index", "description"]
    assert frame["description"].iloc[2].startswith("2 of 3")
    assert v.to_dict()["rule_set"] == "nelson"
    empty = run_rules([0.0, 0.1], center=0, sigma=1)
    assert len(empty) == 0
    assert empty.points().tolist() == []
    assert run_rules(pd.Series([4.0], index=["a"]), center=0, sigma=1).index.tolist() == [0]


def test_inputs_not_mutated() -> None:
    x = np.array([0.0, 4.0, 1.0])
    c = np.zeros(3)
    run_rules(x, center=c, sigma=np.ones(3), rules="nelson")
    assert x.tolist() == [0.0, 4.0, 1.0]
    assert c.tolist() == [0.0, 0.0, 0.0]


def test_million_points_all_nelson_rules_fast() -> None:
    """1e6 points with every Nelson rule run in one vectorized pass."""
    x = np.random.default_rng(1).normal(size=1_000_000)
    run_rules(x[:1000], center=0.0, sigma=1.0, rules="nelson")
    v = run_rules(x, center=0.0, sigma=1.0, rules="nelson")
    assert set(np.unique(v.rule).tolist()) <= set(range(1, 9))


# --- properties ---------------------------------------------------------------------------

# values on a dyadic grid so that shifting and scaling by powers of two is exact
grid = st.lists(st.integers(-16, 16).map(lambda k: k / 4), min_size=0, max_size=60)


@settings(max_examples=50, deadline=None)
@given(z=grid, rules=st.sampled_from(["western_electric", "nelson"]))
def test_flags_in_range_and_sorted(z: list[float], rules: str) -> None:
    v = run_rules(z, center=0.0, sigma=1.0, rules=rules)  # type: ignore[arg-type]
    n_rules = 4 if rules == "western_electric" else 8
    assert np.all((v.index >= 0) & (v.index < len(z)))
    assert np.all((v.rule >= 1) & (v.rule <= n_rules))
    order = np.lexsort((v.rule, v.index))
    assert np.array_equal(order, np.arange(len(v)))
    assert len(set(v)) == len(v)  # no duplicate (rule, index) pair


@settings(max_examples=50, deadline=None)
@given(
    z=grid,
    shift=st.integers(-1000, 1000),
    scale=st.sampled_from([0.25, 0.5, 2.0, 8.0]),
    rules=st.sampled_from(["western_electric", "nelson"]),
)
def test_invariant_under_shift_and_scale(
    z: list[float], shift: int, scale: float, rules: str
) -> None:
    """Moving and stretching values, center and sigma together leaves every flag unchanged."""
    base = run_rules(z, center=0.0, sigma=1.0, rules=rules)  # type: ignore[arg-type]
    x = shift + scale * np.asarray(z, dtype=float)
    moved = run_rules(x, center=float(shift), sigma=scale, rules=rules)  # type: ignore[arg-type]
    assert list(base) == list(moved)


@settings(max_examples=50, deadline=None)
@given(z=grid, rules=st.sampled_from(["western_electric", "nelson"]))
def test_mirror_symmetry(z: list[float], rules: str) -> None:
    """Reflecting the series about the center line flags the same points by the same rules."""
    a = run_rules(z, center=0.0, sigma=1.0, rules=rules)  # type: ignore[arg-type]
    b = run_rules(-np.asarray(z, dtype=float), center=0.0, sigma=1.0, rules=rules)  # type: ignore[arg-type]
    assert list(a) == list(b)


@settings(max_examples=50, deadline=None)
@given(n=st.integers(0, 200), level=st.integers(-4, 4).map(lambda k: k / 4))
def test_constant_series_within_one_sigma(n: int, level: float) -> None:
    """A constant series at the center triggers only Nelson 7, from its 15th point on; off center
    (within 1 sigma) it also triggers the same-side rules."""
    v = run_rules(np.full(n, level), center=0.0, sigma=1.0, rules="nelson")
    expected_7 = list(range(14, n))
    assert v.points(7).tolist() == expected_7
    if level == 0:
        assert set(v.rule.tolist()) <= {7}
    else:
        assert v.points(2).tolist() == list(range(8, n))
        assert set(v.rule.tolist()) <= {2, 7}
    we = run_rules(np.full(n, level), center=0.0, sigma=1.0)
    assert len(we) == (0 if level == 0 else max(n - 7, 0))


@settings(max_examples=50, deadline=None)
@given(z=grid, enabled=st.sets(st.integers(1, 8)))
def test_enabled_subset_is_a_filter(z: list[float], enabled: set[int]) -> None:
    """Applying a subset of rules gives exactly the flags of those rules from the full set."""
    full = run_rules(z, center=0.0, sigma=1.0, rules="nelson")
    part = run_rules(z, center=0.0, sigma=1.0, rules="nelson", enabled=enabled)
    assert list(part) == [(r, i) for r, i in full if r in enabled]


@settings(max_examples=50, deadline=None)
@given(z=grid)
def test_runs_flag_from_kth_point(z: list[float]) -> None:
    """Nelson 2 flags point i exactly when the 9 points ending at i are all on one side."""
    x = np.asarray(z, dtype=float)
    got = set(flagged(x, 2))
    want = {
        i for i in range(8, len(x)) if np.all(x[i - 8 : i + 1] > 0) or np.all(x[i - 8 : i + 1] < 0)
    }
    assert got == want


def brute_force_nelson(x: np.ndarray) -> set[tuple[int, int]]:
    """Direct, loop-based reading of the eight Nelson rules with this module's flag convention."""
    out: set[tuple[int, int]] = set()
    n = len(x)
    for i in range(n):
        if abs(x[i]) > 3:
            out.add((1, i))
        w = x[max(0, i - 8) : i + 1]
        if i >= 8 and (np.all(w > 0) or np.all(w < 0)):
            out.add((2, i))
        if i >= 5:
            d = np.diff(x[i - 5 : i + 1])
            if np.all(d > 0) or np.all(d < 0):
                out.add((3, i))
        if i >= 13:
            d = np.diff(x[i - 13 : i + 1])
            if np.all(d != 0) and np.all(np.sign(d[1:]) != np.sign(d[:-1])):
                out.add((4, i))
        for rule, k, m, zone in ((5, 2, 3, 2.0), (6, 4, 5, 1.0)):
            w = x[max(0, i - m + 1) : i + 1]
            if x[i] > zone and np.sum(w > zone) >= k:
                out.add((rule, i))
            if x[i] < -zone and np.sum(w < -zone) >= k:
                out.add((rule, i))
        if i >= 14 and np.all(np.abs(x[i - 14 : i + 1]) <= 1):
            out.add((7, i))
        if i >= 7 and np.all(np.abs(x[i - 7 : i + 1]) > 1):
            out.add((8, i))
    return out


@settings(max_examples=50, deadline=None)
@given(
    z=st.lists(st.integers(-14, 14).map(lambda k: k / 4), min_size=0, max_size=80),
    pattern=st.sampled_from(["free", "alternating", "constant"]),
)
def test_matches_brute_force_reading_of_the_rules(z: list[float], pattern: str) -> None:
    """The vectorized rules flag exactly what a point-by-point reading of Nelson's rules does."""
    x = np.asarray(z, dtype=float)
    if pattern == "alternating":
        x = np.abs(x) * np.where(np.arange(x.size) % 2 == 0, 1.0, -1.0)
    elif pattern == "constant" and x.size:
        x = np.concatenate([x[: x.size // 2], np.full(20, x[0])])
    got = set(run_rules(x, center=0.0, sigma=1.0, rules="nelson"))
    assert got == brute_force_nelson(x)


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"sigma": 0.0}, "sigma"),
        ({"sigma": -1.0}, "sigma"),
        ({"sigma": [1.0, 0.0, 1.0]}, "sigma"),
        ({"rules": "westinghouse"}, "rules"),
        ({"enabled": {5}}, "enabled"),
        ({"enabled": {0}}, "enabled"),
        ({"enabled": "12"}, "enabled"),
        ({"enabled": [True]}, "enabled"),
        ({"enabled": 3}, "enabled"),
        ({"rules": "nelson", "enabled": {9}}, "enabled"),
        ({"values": [1.0, np.nan, 2.0]}, "values"),
        ({"values": [1.0, np.inf, 2.0]}, "values"),
        ({"values": [[1.0, 2.0]]}, "values"),
        ({"values": ["a", "b", "c"]}, "values"),
        ({"center": [0.0, 1.0]}, "center"),
        ({"center": np.nan}, "center"),
        ({"sigma": [1.0, 1.0]}, "sigma"),
        ({"lcl": [0.0, 0.0]}, "lcl"),
        ({"lcl": 5.0, "ucl": 4.0}, "lcl"),
        ({"ucl": [1.0, 2.0, 3.0, 4.0]}, "ucl"),
        ({"run_lengths": {1: 2}}, "run_lengths"),
        ({"run_lengths": {7: 3}}, "run_lengths"),
        ({"run_lengths": {2: 0}}, "run_lengths"),
        ({"run_lengths": {3: (4, 3)}}, "run_lengths"),
        ({"rules": "nelson", "run_lengths": {3: 1}}, "run_lengths"),
        ({"rules": "nelson", "run_lengths": {4: 2.5}}, "run_lengths"),
        ({"run_lengths": [2, 3]}, "run_lengths"),
    ],
)
def test_bad_input(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {"values": [0.1, 0.2, 0.3], "center": 0.0, "sigma": 1.0}
    args.update(kwargs)
    values = args.pop("values")
    with pytest.raises(InvalidInputError, match=name):
        run_rules(values, **args)  # type: ignore[arg-type]


def test_points_rejects_rule_outside_set() -> None:
    v = run_rules([0.0], center=0.0, sigma=1.0)
    with pytest.raises(InvalidInputError, match="rule"):
        v.points(7)
