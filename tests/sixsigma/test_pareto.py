"""Hand-computed, property and bad-input tests of the Pareto analysis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma import pareto


def test_hand_computed_example() -> None:
    """Counts 42/25/6/25/2 (total 100): sorted 42, 25, 25, 6, 2 with the tie kept in order of
    first appearance (dent before crack); cumulative 0.42, 0.67, 0.92, 0.98, 1.00; with a
    threshold of 0.8 the vital few are the first three (0.67 < 0.8 <= 0.92)."""
    r = pareto({"scratch": 42, "dent": 25, "stain": 6, "crack": 25, "burr": 2})
    assert list(r.table["category"]) == ["scratch", "dent", "crack", "stain", "burr"]
    assert r.table["count"].tolist() == [42, 25, 25, 6, 2]
    assert r.table["share"].to_numpy() == pytest.approx([0.42, 0.25, 0.25, 0.06, 0.02])
    assert r.cumulative_share == pytest.approx([0.42, 0.67, 0.92, 0.98, 1.0])
    assert r.vital_few == ["scratch", "dent", "crack"]
    assert r.table["vital_few"].tolist() == [True, True, True, False, False]
    assert r.total == 100.0
    pd.testing.assert_frame_equal(r.to_frame(), r.table)


def test_threshold_reached_exactly() -> None:
    """Cumulative share equal to the threshold (0.67 with threshold 0.67) stops there."""
    r = pareto({"scratch": 42, "dent": 25, "crack": 25, "stain": 6, "burr": 2}, threshold=0.67)
    assert r.vital_few == ["scratch", "dent"]
    assert pareto({"a": 1, "b": 1}, threshold=1.0).vital_few == ["a", "b"]


def test_input_forms_agree() -> None:
    """A Series of counts, a mapping, raw observations and a frame give the same table."""
    obs = ["b", "a", "c", "a", "b", "a", "d"]
    expected = pareto({"a": 3, "b": 2, "c": 1, "d": 1}).table
    forms = [
        pareto(obs),
        pareto(np.array(obs)),
        pareto(pd.Series(obs)),
        pareto(pd.Series(obs, dtype="category")),
        pareto(pd.Series([3, 2, 1, 1], index=["a", "b", "c", "d"])),
        pareto(pd.DataFrame({"kind": obs}), category="kind"),
    ]
    for r in forms:
        got = r.table.assign(category=r.table["category"].astype(str))
        pd.testing.assert_frame_equal(got[["category", "count"]], expected[["category", "count"]])
    # first appearance in the raw observations orders the c/d tie: c came first
    assert pareto(obs).categories.tolist() == ["a", "b", "c", "d"]


def test_weights_and_repeated_series_labels() -> None:
    frame = pd.DataFrame({"kind": ["x", "y", "x", "z"], "cost": [1.0, 10.0, 2.5, 0.5]})
    r = pareto(frame, category="kind", weight="cost")
    assert r.categories.tolist() == ["y", "x", "z"]
    assert r.counts == pytest.approx([10.0, 3.5, 0.5])
    s = pareto(pd.Series([2, 5, 4], index=["p", "q", "p"]))
    assert s.categories.tolist() == ["p", "q"]
    assert s.counts == pytest.approx([6.0, 5.0])


def test_other_bucket() -> None:
    """Categories under 5 % go to one 'Other' bucket, placed last whatever its size."""
    counts = {"a": 50, "b": 30, "c": 4, "d": 3, "e": 2, "f": 11}
    r = pareto(counts, other_below=0.05)
    assert r.categories.tolist() == ["a", "b", "f", "Other"]
    assert r.counts.tolist() == [50, 30, 11, 9]
    assert r.other_count == 9
    assert r.cumulative_share[-1] == 1.0
    named = pareto(counts, other_below=0.05, other_label="rest")
    assert named.categories[-1] == "rest"
    assert pareto(counts, other_below=0.01).other_count == 0.0


def test_nan_policy_for_observations() -> None:
    obs = ["a", None, "b", "a"]
    with pytest.raises(InvalidInputError, match="'data' parameter of pareto.*nan_policy"):
        pareto(obs)
    r = pareto(obs, nan_policy="omit")
    assert r.total == 3
    frame = pd.DataFrame({"k": ["a", np.nan, "b"], "w": [1.0, 5.0, 2.0]})
    assert pareto(frame, category="k", weight="w", nan_policy="omit").total == 3.0


def test_serialises() -> None:
    r = pareto({"a": 4, "b": 1})  # a alone reaches 0.8
    d = r.to_dict()
    assert d["vital_few"] == ["a"]
    assert d["table"]["category"] == {"0": "a", "1": "b"}


# ---------------------------------------------------------------- properties


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=30).filter(
        lambda v: sum(v) > 0
    ),
    st.floats(min_value=0.01, max_value=1.0),
)
def test_laws(counts: list[int], threshold: float) -> None:
    """Sorted descending; cumulative share non-decreasing and ending at 1; the vital few reach
    the threshold and no shorter prefix does."""
    r = pareto({f"c{i}": c for i, c in enumerate(counts)}, threshold=threshold)
    assert np.all(np.diff(r.counts) <= 0)
    assert np.all(np.diff(r.cumulative_share) >= 0)
    assert r.cumulative_share[-1] == 1.0
    k = len(r.vital_few)
    assert r.cumulative_share[k - 1] >= threshold - 1e-12
    if k > 1:
        assert r.cumulative_share[k - 2] < threshold - 1e-12
    assert r.counts.sum() == pytest.approx(sum(counts))
    assert r.share.sum() == pytest.approx(1.0)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: pareto({"a": -1, "b": 2}), "data"),
        (lambda: pareto(pd.Series([1.0, np.nan], index=["a", "b"])), "data"),
        (lambda: pareto({"a": 0, "b": 0}), "data"),
        (lambda: pareto({}), "data"),
        (lambda: pareto([]), "data"),
        (lambda: pareto(5), "data"),
        (lambda: pareto(np.array([["a", "b"]])), "data"),
        (lambda: pareto({"a": 1}, threshold=0.0), "threshold"),
        (lambda: pareto({"a": 1}, threshold=1.2), "threshold"),
        (lambda: pareto({"a": 1}, other_below=1.0), "other_below"),
        (lambda: pareto({"a": 1}, other_below=-0.1), "other_below"),
        (lambda: pareto({"a": 1}, nan_policy="keep"), "nan_policy"),
        (lambda: pareto(pd.DataFrame({"k": ["a"]})), "category"),
        (lambda: pareto(pd.DataFrame({"k": ["a"]}), category="kind"), "data"),
        (lambda: pareto(pd.DataFrame({"k": ["a"]}), category="k", weight="w"), "data"),
        (lambda: pareto(pd.DataFrame({"k": ["a"], "w": [-2.0]}), category="k", weight="w"), "data"),
        (lambda: pareto(["a"], category="k"), "category"),
        (lambda: pareto(["a"], weight="w"), "weight"),
    ],
)
def test_bad_input(call: object, name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"'{name}' parameter of pareto"):
        call()  # type: ignore[operator]


# ---------------------------------------------------------------- Dask


def test_dask_frames() -> None:
    """A Dask frame (3 partitions) gives the pandas table; ties follow sorted labels."""
    dd = pytest.importorskip("dask.dataframe")
    frame = pd.DataFrame(
        {
            "kind": ["dent", "scratch", "dent", "burr", "scratch", "dent", "crack"] * 3,
            "cost": [1.0, 4.0, 2.0, 0.5, 1.0, 3.0, 9.0] * 3,
        }
    )
    lazy = dd.from_pandas(frame, npartitions=3)
    for kw in ({}, {"weight": "cost"}):
        base = pareto(frame, category="kind", **kw)
        got = pareto(lazy, category="kind", **kw)
        pd.testing.assert_frame_equal(got.table, base.table)
    obs = pareto(dd.from_pandas(pd.Series(["b", "a", "b", "c"]), npartitions=2))
    assert obs.categories.tolist() == ["b", "a", "c"]  # a/c tie: sorted labels
    with_nan = frame.assign(kind=frame["kind"].where(frame.index != 2))
    with pytest.raises(InvalidInputError, match="'data'.*missing categories"):
        pareto(dd.from_pandas(with_nan, npartitions=3), category="kind")
    assert (
        pareto(dd.from_pandas(with_nan, npartitions=3), category="kind", nan_policy="omit").total
        == 20
    )
    negative = frame.assign(cost=-frame["cost"])
    with pytest.raises(InvalidInputError, match="'data'.*weights"):
        pareto(dd.from_pandas(negative, npartitions=3), category="kind", weight="cost")
    with pytest.raises(InvalidInputError, match="'category' parameter"):
        pareto(lazy)
