"""Tests of the bank-branch transaction log sample data."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from opsmodels import datasets, segmentation
from opsmodels.errors import InvalidInputError


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return datasets.bank_transactions()


def test_deterministic_and_fresh(log: pd.DataFrame) -> None:
    again = datasets.bank_transactions()
    pd.testing.assert_frame_equal(log, again)
    again.loc[0, "amount"] = -1.0
    again.attrs["changed"] = True
    fresh = datasets.bank_transactions()
    assert float(fresh["amount"].iloc[0]) > 0
    assert "changed" not in fresh.attrs


def test_columns_and_ranges(log: pd.DataFrame) -> None:
    assert list(log.columns) == ["customer", "date", "amount", "branch", "channel"]
    assert not log.isna().any().any()
    assert log["customer"].nunique() == 3000
    assert (log["amount"] > 0).all()
    assert log["date"].is_monotonic_increasing
    assert log["date"].min() >= pd.Timestamp("2023-01-02")
    assert log["date"].max() <= pd.Timestamp("2025-12-31 23:59")
    hours = log["date"].dt.hour
    assert hours.between(9, 16).all()
    assert set(log["branch"]) == set(datasets.BANK_BRANCHES)
    assert set(log["channel"]) == set(datasets.BANK_CHANNELS)
    assert log.attrs["observation_end"] == "2025-12-31"
    assert log.attrs["true_params"] == datasets.BANK_TRUE_PARAMS


def test_size_option() -> None:
    small = datasets.bank_transactions(n_customers=200)
    assert small["customer"].nunique() == 200
    bad: Any
    for bad in (0, -5, 2.5, "many", True):
        with pytest.raises(InvalidInputError, match="n_customers"):
            datasets.bank_transactions(n_customers=bad)


def test_btyd_fit_recovers_the_generating_parameters(log: pd.DataFrame) -> None:
    """The log is drawn from a BG/NBD process with Gamma-Gamma spend (Fader, Hardie and Lee
    2005): a fit on the weekly summary is close to the generating parameters."""
    summary = segmentation.customer_summary(
        log,
        customer="customer",
        date="date",
        amount="amount",
        observation_end="2025-12-31",
        time_unit="W",
    )
    truth = datasets.BANK_TRUE_PARAMS
    bg = segmentation.BGNBD.fit(summary)
    for name in ("r", "alpha", "a", "b"):
        assert bg.params[name] == pytest.approx(truth[name], rel=0.25), name
    gg = segmentation.GammaGamma.fit(summary)
    assert gg.expected_spend() == pytest.approx(
        truth["p"] * truth["gamma"] / (truth["q"] - 1), rel=0.15
    )


def test_cohorts_reactivations_and_same_day_visits(log: pd.DataFrame) -> None:
    cohorts = segmentation.cohort_retention(log, customer="customer", date="date", period="Q")
    assert len(cohorts.cohort_sizes) == 12  # new customers in every quarter
    stages = segmentation.lifecycle_stages(
        log, customer="customer", date="date", as_of="2025-12-31", windows="banking"
    )
    assert stages.counts["reactivated"] > 0
    assert stages.counts["new"] > 0
    assert stages.counts["dormant"] > 0
    per_day = log.groupby(["customer", log["date"].dt.normalize()]).size()
    assert (per_day > 1).any()
