"""Tests of the built-in sample data sets."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from opsmodels import datasets
from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma import control_constants

LOADERS: list[Callable[[], pd.DataFrame]] = [
    datasets.diameters,
    datasets.defects,
    lambda: datasets.defects(by_type=True),
    datasets.gauge_study,
]


@pytest.mark.parametrize("load", LOADERS)
def test_deterministic_and_complete(load: Callable[[], pd.DataFrame]) -> None:
    first, second = load(), load()
    pd.testing.assert_frame_equal(first, second)
    assert not first.isna().any().any()
    assert first.attrs == second.attrs


@pytest.mark.parametrize("load", LOADERS)
def test_a_returned_frame_is_a_fresh_copy(load: Callable[[], pd.DataFrame]) -> None:
    frame = load()
    frame.iloc[0, 0] = frame.iloc[1, 0]
    frame.attrs["changed"] = True
    assert "changed" not in load().attrs


def test_diameters_shape_and_spec() -> None:
    d = datasets.diameters()
    assert d.shape == (250, 4)
    assert list(d.columns) == ["subgroup", "part", "diameter", "timestamp"]
    assert (d.groupby("subgroup").size() == 5).all()
    assert d["subgroup"].nunique() == 50
    spec = datasets.DIAMETER_SPEC
    assert (spec.lsl, spec.target, spec.usl) == (24.97, 25.00, 25.03)
    assert d.attrs["lsl"] == spec.lsl
    assert d.attrs["usl"] == spec.usl
    assert d["timestamp"].is_monotonic_increasing


def test_diameters_in_control_then_shifted() -> None:
    """The X-bar chart (limits from all 50 subgroups) flags nothing before subgroup 36 and
    several subgroups after it; the within sigma is about 0.01 mm and the shift about 1.5 sigma."""
    d = datasets.diameters()
    groups = d.groupby("subgroup")["diameter"]
    xbar = groups.mean().to_numpy()
    ranges = (groups.max() - groups.min()).to_numpy()
    k = control_constants(5)
    sigma_within = ranges.mean() / k.d2
    assert sigma_within == pytest.approx(0.01, rel=0.15)
    shift = xbar[35:].mean() - xbar[:35].mean()
    assert shift / sigma_within == pytest.approx(1.5, abs=0.3)
    center, half = xbar.mean(), k.A2 * ranges.mean()
    beyond = np.flatnonzero(np.abs(xbar - center) > half)
    assert beyond.size >= 3
    assert beyond.min() >= 35
    assert not (ranges > k.D4 * ranges.mean()).any()


def test_defects_daily_counts() -> None:
    daily = datasets.defects()
    assert daily.shape == (30, 4)
    assert list(daily.columns) == ["day", "inspected", "defective", "defects"]
    assert daily["inspected"].nunique() > 10  # varying sample sizes
    assert (daily["defective"] <= daily["inspected"]).all()
    assert (daily["defective"] <= daily["defects"]).all()
    assert pd.api.types.is_datetime64_any_dtype(daily["day"])


def test_defects_special_cause_day_is_the_only_p_chart_signal() -> None:
    daily = datasets.defects()
    p = daily["defective"] / daily["inspected"]
    pbar = daily["defective"].sum() / daily["inspected"].sum()
    sigma = np.sqrt(pbar * (1 - pbar) / daily["inspected"])
    flagged = np.flatnonzero(np.abs(p - pbar) > 3 * sigma)
    assert flagged.tolist() == [16]


def test_defects_by_type_adds_up_and_is_pareto_ordered() -> None:
    daily = datasets.defects()
    kinds = datasets.defects(by_type=True)
    assert list(kinds.columns) == ["day", "defect_type", "defects"]
    assert len(kinds) == 30 * len(datasets.DEFECT_TYPES)
    per_day = kinds.groupby("day")["defects"].sum()
    np.testing.assert_array_equal(per_day.to_numpy(), daily["defects"].to_numpy())
    totals = kinds.groupby("defect_type", sort=False)["defects"].sum()
    assert list(totals.index) == list(datasets.DEFECT_TYPES)
    assert (np.diff(totals.to_numpy()) < 0).all()


def test_defects_bad_flag() -> None:
    with pytest.raises(InvalidInputError, match="by_type"):
        datasets.defects(by_type="yes")  # type: ignore[arg-type]


def test_gauge_study_is_a_balanced_crossed_design() -> None:
    g = datasets.gauge_study()
    assert g.shape == (90, 4)
    assert list(g.columns) == ["part", "operator", "trial", "value"]
    cells = g.groupby(["part", "operator"]).size()
    assert len(cells) == 30
    assert (cells == 3).all()
    assert sorted(g["operator"].unique()) == ["A", "B", "C"]
    assert g.attrs["tolerance"] == datasets.GAUGE_TOLERANCE
    # parts differ far more than repeated measurements of one part
    within = g.groupby(["part", "operator"])["value"].std().mean()
    between = g.groupby("part")["value"].mean().std()
    assert between > 3 * within
