"""RFM scores, segment maps and segment migration."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.segmentation import SEGMENT_MAPS, rfm_scores, rfm_segments, segment_migration


def _summary(n: int = 200, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "time_since_last": rng.integers(0, 365, n).astype(float),
            "n_transactions": rng.geometric(0.4, n),
            "total_amount": rng.gamma(2.0, 50.0, n).round(2),
        },
        index=pd.Index(np.arange(n), name="customer"),
    )


def test_built_in_maps_partition_the_grid() -> None:
    """FIELD_NOTES segment maps: the 10-segment R x F grid and the 11-segment R x FM grid
    cover each of the 25 score cells exactly once."""
    r, f = np.meshgrid(np.arange(1, 6), np.arange(1, 6), indexing="ij")
    grid = pd.DataFrame({"R": r.ravel(), "F": f.ravel(), "FM": f.ravel()})
    rf = rfm_segments(grid, segment_map="rf10")
    assert rf.nunique() == 10
    fm = rfm_segments(grid, segment_map="rfm11")
    assert fm.nunique() == 11
    cell = dict(zip(zip(grid.R, grid.F, strict=True), rf, strict=True))
    assert cell[(5, 1)] == "New"
    assert cell[(4, 1)] == "Promising"
    assert cell[(2, 5)] == "Can't Lose"
    assert cell[(3, 3)] == "Need Attention"
    assert cell[(4, 5)] == "Loyal"
    code = dict(zip(zip(grid.R, grid.FM, strict=True), fm, strict=True))
    assert code[(5, 1)] == "Recent"
    assert code[(1, 3)] == "At Risk"
    assert code[(1, 1)] == "Lost"
    assert code[(4, 3)] == "Potential Loyalists"
    assert len(SEGMENT_MAPS["rf10"]) == 10


def test_every_cdnow_customer_in_exactly_one_segment(cdnow_calibration: pd.DataFrame) -> None:
    scores = rfm_scores(cdnow_calibration)
    for name in ("rf10", "rfm11"):
        segments = rfm_segments(scores, segment_map=name)
        assert segments.notna().all()
        assert len(segments) == 2357


def test_value_ties_stay_together() -> None:
    """Value breakpoints: equal values share one score whatever the row order."""
    s = _summary()
    scores = rfm_scores(s)
    for column, score in (("n_transactions", "F"), ("total_amount", "M")):
        assert (scores.groupby(s[column])[score].nunique() == 1).all()
    shuffled = s.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(rfm_scores(shuffled).loc[s.index], scores)


def test_rank_ties_equal_bins() -> None:
    """Rank bins have equal sizes; ties are broken by row order (documented)."""
    s = _summary(n=250)
    scores = rfm_scores(s, ties="rank")
    assert scores["F"].value_counts().tolist() == [50] * 5
    assert set(scores["R"]) == {1, 2, 3, 4, 5}


def test_recency_is_reversed_and_thresholds() -> None:
    s = pd.DataFrame(
        {"time_since_last": [5.0, 45.0, 100.0, 200.0, 400.0], "n_transactions": [1, 2, 3, 4, 5]}
    )
    scores = rfm_scores(
        s,
        monetary=None,
        thresholds={"recency": [30, 90, 180, 365], "frequency": [1.5, 2.5, 3.5, 4.5]},
    )
    assert scores["R"].tolist() == [5, 4, 3, 2, 1]
    assert scores["F"].tolist() == [1, 2, 3, 4, 5]
    assert "M" not in scores.columns
    assert scores["rfm_code"].tolist() == ["51", "42", "33", "24", "15"]


def test_composite_weights() -> None:
    s = _summary(n=50)
    scores = rfm_scores(s, weights=(2.0, 1.0, 1.0))
    expected = (2 * scores["R"] + scores["F"] + scores["M"]) / 4
    np.testing.assert_allclose(scores["rfm_score"], expected)
    assert ((scores["FM"] - (scores["F"] + scores["M"]) / 2).abs() <= 0.5).all()


def test_custom_rules_and_coverage_errors() -> None:
    rules = pd.DataFrame({"segment": ["best", "rest"], "R_min": [4, np.nan], "R_max": [np.nan, 3]})
    scores = pd.DataFrame({"R": [5, 1, 4]})
    assert rfm_segments(scores, segment_map=rules).tolist() == ["best", "rest", "best"]
    overlapping = pd.DataFrame({"segment": ["a", "b"], "R_min": [1, 3], "R_max": [4, 5]})
    with pytest.raises(InvalidInputError, match="exactly one segment.*2 segments"):
        rfm_segments(scores, segment_map=overlapping)
    gap = pd.DataFrame({"segment": ["a"], "R_min": [2], "R_max": [5]})
    with pytest.raises(InvalidInputError, match="no segment"):
        rfm_segments(scores, segment_map=gap)
    with pytest.raises(InvalidInputError, match="segment_map"):
        rfm_segments(scores, segment_map="rf99")
    with pytest.raises(InvalidInputError, match="column 'F'"):
        rfm_segments(scores, segment_map="rf10")


def test_segment_migration() -> None:
    before = pd.Series(["New", "New", "Loyal", "Loyal"], index=[1, 2, 3, 4])
    after = pd.Series(["Loyal", "New", "Loyal"], index=[1, 2, 3])
    table = segment_migration(before, after, normalize=True)
    assert table.loc["New", "Loyal"] == 0.5
    assert table.loc["Loyal", "(absent)"] == 0.5
    np.testing.assert_allclose(table.sum(axis=1), 1.0)


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.integers(0, 10), min_size=1, max_size=60),
    bins=st.integers(2, 7),
    ties=st.sampled_from(["value", "rank"]),
)
def test_score_laws(values: list[int], bins: int, ties: str) -> None:
    """Scores lie in 1..bins and are monotone in the value (non-decreasing for F)."""
    s = pd.DataFrame({"time_since_last": values, "n_transactions": values})
    scores = rfm_scores(s, bins=bins, ties=ties, monetary=None)  # type: ignore[arg-type]
    for column in ("R", "F"):
        assert scores[column].between(1, bins).all()
    v = np.asarray(values)
    lower = v[:, None] < v[None, :]
    f, r = scores["F"].to_numpy(), scores["R"].to_numpy()
    assert np.all((f[:, None] <= f[None, :])[lower])
    assert np.all((r[:, None] >= r[None, :])[lower])
    if ties == "value":
        assert np.all((f[:, None] == f[None, :])[v[:, None] == v[None, :]])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"bins": 1}, "bins"),
        ({"ties": "first"}, "ties"),
        ({"recency": "nope"}, "column 'nope'"),
        ({"thresholds": {"recency": [3, 2, 1, 0]}}, "thresholds"),
        ({"thresholds": {"age": [1, 2, 3, 4]}}, "thresholds"),
        ({"weights": (1.0, -1.0, 1.0)}, "weights"),
        ({"weights": (1.0, 1.0)}, "weights"),
    ],
)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        rfm_scores(_summary(n=20), **kwargs)  # type: ignore[arg-type]


def test_nan_rejected() -> None:
    s = _summary(n=20)
    s.loc[3, "total_amount"] = np.nan
    with pytest.raises(InvalidInputError, match="summary"):
        rfm_scores(s)
