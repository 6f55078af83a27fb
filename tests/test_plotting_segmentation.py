"""Tests of the segmentation plots (Agg backend): titles, artists, cell values, bad input."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from opsmodels import datasets, plotting, segmentation
from opsmodels.errors import InvalidInputError


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return datasets.bank_transactions(n_customers=600)


@pytest.fixture(scope="module")
def summary(log: pd.DataFrame) -> pd.DataFrame:
    return segmentation.customer_summary(
        log,
        customer="customer",
        date="date",
        amount="amount",
        observation_end="2025-12-31",
        time_unit="W",
    )


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


# --------------------------------------------------------------------------------------
# RFM grid
# --------------------------------------------------------------------------------------


def test_rfm_grid_counts_and_segments(summary: pd.DataFrame) -> None:
    scores = segmentation.rfm_scores(summary)
    ax = plotting.rfm_grid(scores)
    assert isinstance(ax, Axes)
    assert ax.get_title() == f"RFM segments (rf10 map), {len(scores)} customers"
    image = ax.get_images()[0]
    shares = np.asarray(image.get_array())
    assert shares.shape == (5, 5)
    assert shares.sum() == pytest.approx(1.0)
    # the cell R=5, F=5 (top right with origin="lower") holds its customers' share
    top_right = ((scores["R"] == 5) & (scores["F"] == 5)).mean()
    assert shares[4, 4] == pytest.approx(top_right)
    texts = _texts(ax)
    segments = segmentation.rfm_segments(scores)
    for name, count in segments.value_counts().items():
        assert any(t.startswith(f"{name}\n{count} (") for t in texts), name
    assert len(ax.lines) > 5  # segment borders


def test_rfm_grid_rfm11_and_bare_grid(summary: pd.DataFrame) -> None:
    scores = segmentation.rfm_scores(summary)
    ax = plotting.rfm_grid(scores, segment_map="rfm11")
    assert "FM" in ax.get_xlabel()
    assert any(t.startswith("Champions\n") for t in _texts(ax))
    # At Risk (codes 25, 24, 13) has two separate pieces: both are labelled
    assert sum(t.startswith("At Risk") for t in _texts(ax)) == 2
    bare = plotting.rfm_grid(scores, segment_map=None, title="grid")
    assert bare.get_title() == "grid"
    assert not bare.lines


def test_rfm_grid_user_map_and_existing_axes(summary: pd.DataFrame) -> None:
    scores = segmentation.rfm_scores(summary)
    rules = pd.DataFrame(
        {"segment": ["recent", "old"], "R_min": [4, 1], "R_max": [5, 3], "F_min": [1, 1]}
    )
    _, ax = plt.subplots()
    assert plotting.rfm_grid(scores, segment_map=rules, ax=ax) is ax
    assert sum(t.startswith(("recent\n", "old\n")) for t in _texts(ax)) == 2


def test_rfm_grid_bad_input(summary: pd.DataFrame) -> None:
    scores = segmentation.rfm_scores(summary)
    with pytest.raises(InvalidInputError, match="scores"):
        plotting.rfm_grid(scores.drop(columns="F"))
    with pytest.raises(InvalidInputError, match="scores"):
        plotting.rfm_grid("not a frame")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="segment_map"):
        plotting.rfm_grid(scores, segment_map="nope")
    gap = pd.DataFrame({"segment": ["top"], "R_min": [5], "F_min": [5]})
    with pytest.raises(InvalidInputError, match="segment_map"):
        plotting.rfm_grid(scores, segment_map=gap)
    three = pd.DataFrame({"segment": ["x"], "R_min": [1], "F_min": [1], "M_min": [1]})
    with pytest.raises(InvalidInputError, match="segment_map"):
        plotting.rfm_grid(scores, segment_map=three)
    with pytest.raises(InvalidInputError, match="ax"):
        plotting.rfm_grid(scores, ax="axes")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# Cohort heatmap
# --------------------------------------------------------------------------------------


def test_cohort_heatmap_rates_as_percent(log: pd.DataFrame) -> None:
    result = segmentation.cohort_retention(
        log, customer="customer", date="date", amount="amount", period="Q"
    )
    ax = result.plot()  # CohortResult is Plottable
    assert ax.get_title() == "Cohort retention by first-purchase quarter (% of the cohort active)"
    shown = np.ma.filled(ax.get_images()[0].get_array(), np.nan)
    expected = result.retention.to_numpy() * 100.0
    np.testing.assert_allclose(shown, expected)
    observed = int(np.isfinite(expected).sum())
    assert len(ax.texts) == observed  # one annotation per observed cell, blanks unlabelled
    assert "100" in _texts(ax)
    first_label = ax.get_yticklabels()[0].get_text()
    assert first_label == f"{result.retention.index[0]} ({result.cohort_sizes.iloc[0]})"
    assert ax.get_xlabel() == "quarters since the first purchase"


def test_cohort_heatmap_options(log: pd.DataFrame) -> None:
    result = segmentation.cohort_retention(
        log, customer="customer", date="date", amount="amount", period="M"
    )
    ax = plotting.cohort_heatmap(result, value="counts", max_periods=6)
    assert np.asarray(ax.get_images()[0].get_array()).shape == (len(result.cohort_sizes), 6)
    assert ax.get_title() == "Cohort active customers by first-purchase month"
    many = plotting.cohort_heatmap(result)
    assert not many.texts  # 36 x 36 cells: no annotations by default
    revenue = plotting.cohort_heatmap(result, value="revenue", annotate=True, max_periods=3)
    assert revenue.texts
    no_amount = segmentation.cohort_retention(log, customer="customer", date="date")
    with pytest.raises(InvalidInputError, match="result"):
        plotting.cohort_heatmap(no_amount, value="revenue")
    with pytest.raises(InvalidInputError, match="value"):
        plotting.cohort_heatmap(result, value="share")
    with pytest.raises(InvalidInputError, match="max_periods"):
        plotting.cohort_heatmap(result, max_periods=0)
    with pytest.raises(InvalidInputError, match="annotate"):
        plotting.cohort_heatmap(result, annotate="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="result"):
        plotting.cohort_heatmap(object())


# --------------------------------------------------------------------------------------
# P(alive) matrix
# --------------------------------------------------------------------------------------


def test_p_alive_matrix_values(summary: pd.DataFrame) -> None:
    model = segmentation.BGNBD.fit(summary)
    ax = plotting.p_alive_matrix(model, T=52.0, max_frequency=12, recency_cells=26)
    assert ax.get_title() == "P(alive) of BGNBD at T = 52"
    grid = np.asarray(ax.get_images()[0].get_array())
    assert grid.shape == (13, 26)
    assert np.all((grid >= 0) & (grid <= 1))
    np.testing.assert_allclose(grid[0], 1.0)  # no repeat purchase: alive in BG/NBD
    # cell (x=3, centre of the 10th recency cell = 19 weeks)
    assert grid[3, 9] == pytest.approx(model.p_alive(3, 19.0, 52.0))
    assert np.all(np.diff(grid[1:], axis=1) >= -1e-12)  # more recent, more alive
    assert ax.collections  # the contours


def test_p_alive_matrix_pareto_nbd_and_defaults(summary: pd.DataFrame) -> None:
    model = segmentation.ParetoNBD(params={"r": 0.55, "alpha": 10.58, "s": 0.61, "beta": 11.67})
    ax = plotting.p_alive_matrix(model, T=39.0)
    grid = np.asarray(ax.get_images()[0].get_array())
    assert grid.shape[0] >= 11
    assert grid[0, 0] < 1.0  # Pareto/NBD: a one-time buyer may be gone


def test_p_alive_matrix_bad_input() -> None:
    model = segmentation.BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    with pytest.raises(InvalidInputError, match="model"):
        plotting.p_alive_matrix(object(), T=10.0)
    for bad in (0.0, -1.0, float("inf"), "10", True):
        with pytest.raises(InvalidInputError, match="T"):
            plotting.p_alive_matrix(model, T=bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="max_frequency"):
        plotting.p_alive_matrix(model, T=10.0, max_frequency=0)
    with pytest.raises(InvalidInputError, match="recency_cells"):
        plotting.p_alive_matrix(model, T=10.0, recency_cells=1)


# --------------------------------------------------------------------------------------
# Calibration against holdout
# --------------------------------------------------------------------------------------


@dataclass
class Holdout:
    """Stand-in with the fields of segmentation's HoldoutResult."""

    table: pd.DataFrame
    metrics: dict[str, Any] = field(default_factory=dict)


def _holdout() -> Holdout:
    table = pd.DataFrame(
        {
            "customers": [1411, 439, 214, 100, 82],
            "actual": [0.24, 0.70, 1.39, 1.56, 3.10],
            "predicted": [0.22, 0.73, 1.20, 1.71, 2.95],
        },
        index=pd.Index(["0", "1", "2", "3", "4+"], name="frequency"),
    )
    return Holdout(table=table, metrics={"mae": 0.1234, "rmse": 0.15})


def test_holdout_calibration_bars_and_metrics() -> None:
    result = _holdout()
    ax = plotting.holdout_calibration(result)
    assert ax.get_title() == "Calibration against holdout: mean purchases per customer"
    heights = [p.get_height() for p in ax.patches if isinstance(p, Rectangle)]
    assert heights[:5] == pytest.approx(result.table["actual"].tolist())
    assert heights[5:10] == pytest.approx(result.table["predicted"].tolist())
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "0\n(n=1411)"
    assert labels[-1] == "4+\n(n=82)"
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["actual", "predicted"]
    assert any("mae: 0.1234" in t for t in _texts(ax))


def test_holdout_calibration_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="result"):
        plotting.holdout_calibration(object())
    broken = Holdout(table=pd.DataFrame({"actual": [1.0]}))
    with pytest.raises(InvalidInputError, match="result"):
        plotting.holdout_calibration(broken)


def test_holdout_calibration_of_a_real_holdout_result(log: pd.DataFrame) -> None:
    data = segmentation.calibration_holdout(
        log,
        customer="customer",
        date="date",
        calibration_end="2024-12-31",
        observation_end="2025-12-31",
        time_unit="W",
    )
    model = segmentation.BGNBD.fit(data[["frequency", "recency", "T"]])
    result = segmentation.holdout_validation(model, data, max_frequency=5)
    ax = result.plot()  # HoldoutResult is Plottable
    assert ax.get_title().startswith("Calibration against holdout")
    k = len(result.table)
    heights = [p.get_height() for p in ax.patches if isinstance(p, Rectangle)]
    assert heights[:k] == pytest.approx(result.table["actual"].tolist())
    assert heights[k : 2 * k] == pytest.approx(result.table["predicted"].tolist())
    assert ax.get_xticklabels()[-1].get_text().startswith("5+\n(n=")
    assert any(t.startswith("mae: ") for t in _texts(ax))


def test_dispatch_by_result_name() -> None:
    class HoldoutResult(Holdout):
        pass

    result = HoldoutResult(table=_holdout().table)
    ax = plotting.plot(result)
    assert ax.get_title().startswith("Calibration against holdout")
