"""Shared fixtures of the segmentation tests: the CDNOW sample log and the donations data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parents[2].parent / "shared" / "data"


@pytest.fixture(scope="session")
def cdnow_log() -> pd.DataFrame:
    """CDNOW 1/10th sample: 6,919 purchases of 2,357 customers (Fader & Hardie)."""
    path = DATA / "CDNOW_sample.txt"
    if not path.exists():
        pytest.skip(f"reference data {path} is absent (the project root's sibling shared/data)")
    return pd.read_csv(
        path,
        sep=r"\s+",
        header=None,
        names=["master_id", "customer", "date", "cds", "value"],
        dtype={"date": str},
    )


@pytest.fixture(scope="session")
def cdnow_calibration(cdnow_log: pd.DataFrame) -> pd.DataFrame:
    """Calibration summary to 1997-09-30 (39 weeks), times in weeks, with the holdout."""
    from opsmodels.segmentation import calibration_holdout

    return calibration_holdout(
        cdnow_log,
        customer="customer",
        date="date",
        amount="value",
        calibration_end="1997-09-30",
        observation_end="1998-06-30",
        time_unit="W",
        date_format="%Y%m%d",
    )


@pytest.fixture(scope="session")
def donations() -> pd.DataFrame:
    """Fader, Hardie & Shang (2010) donation histories: 11,104 donors in 22 rows."""
    path = DATA / "donations.csv"
    if not path.exists():
        pytest.skip(f"reference data {path} is absent (the project root's sibling shared/data)")
    return pd.read_csv(path)
