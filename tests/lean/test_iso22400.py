"""ISO 22400-2 KPIs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.lean import (
    availability,
    corrective_maintenance_ratio,
    effectiveness,
    iso22400_kpis,
    mtbf,
    mttf,
    mttr,
    nee_index,
    oee,
    oee_index,
    quality_ratio,
    scrap_ratio,
    setup_rate,
    technical_efficiency,
    worker_efficiency,
)


def test_oee_index_matches_vorne_and_oee() -> None:
    """ISO 22400-2:2014 OEE index = availability x effectiveness x quality ratio with
    APT/PBT, PRU·PQ/APT, GQ/PQ: on Vorne's worksheet data (PBT 420 min, APT 373 min, PRU 1 s,
    PQ 19,271, GQ 18,848) it is 74.79%, the same as Nakajima's OEE."""
    value = oee_index(373.0, 420.0, 1 / 60, 19_271, 18_848)
    assert value == pytest.approx(0.7479, abs=5e-5)
    assert value == pytest.approx(oee(420.0, 47.0, 1 / 60, 19_271, 18_848).oee, rel=1e-12)
    assert availability(373.0, 420.0) * effectiveness(1 / 60, 19_271, 373.0) * quality_ratio(
        18_848, 19_271
    ) == pytest.approx(value)


def test_definitions() -> None:
    """Formulas of ISO 22400-2:2014 as listed in the standard's KPI descriptions."""
    assert worker_efficiency(420.0, 480.0) == 0.875
    assert setup_rate(30.0, 400.0) == 0.075
    assert technical_efficiency(360.0, 40.0) == 0.9
    assert scrap_ratio(12.0, 400.0) == 0.03
    assert corrective_maintenance_ratio(30.0, 90.0) == 0.25
    assert mtbf([100.0, 80.0, 120.0]) == 100.0
    assert mttr([10.0, 20.0]) == 15.0
    assert mttf([500.0, 700.0]) == 600.0
    assert mtbf([100.0, np.nan], nan_policy="omit") == 100.0


@settings(max_examples=50, deadline=None)
@given(
    st.floats(1.0, 1e4),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
)
def test_nee_at_least_oee(pbt: float, a: float, setup: float, e: float, q: float) -> None:
    apt = max(pbt * a, 1e-6)
    aupt = min(apt + (pbt - apt) * setup, pbt)
    pru = 1.0
    pq = max(apt * e / pru, 1.0)
    apt = max(apt, pq * pru)
    if apt > pbt:
        return
    aupt = max(aupt, apt)
    gq = pq * q
    assert nee_index(aupt, pbt, apt, pru, pq, gq) >= oee_index(apt, pbt, pru, pq, gq) - 1e-12


def test_iso22400_kpis_mapping_and_frame() -> None:
    data = {"PBT": 420.0, "APT": 373.0, "AUST": 20.0, "PRU": 1 / 60, "PQ": 19_271, "GQ": 18_848}
    kpis = iso22400_kpis(data)
    assert kpis["oee_index"] == pytest.approx(0.7479, abs=5e-5)
    assert kpis["setup_rate"] == pytest.approx(20 / 393)
    assert "nee_index" in kpis
    frame = pd.DataFrame(
        {"SQ": [1.0, 2.0], "PQ": [10.0, 40.0], "CMT": [1.0, 0.0], "PMT": [3.0, 0.0]},
        index=["line1", "line2"],
    )
    out = iso22400_kpis(frame)
    assert list(out.index) == ["line1", "line2"]
    np.testing.assert_allclose(out["scrap_ratio"], [0.1, 0.05])
    np.testing.assert_allclose(out["corrective_maintenance_ratio"], [0.25, 0.0])


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="actual_personnel_work_time"):
        worker_efficiency(500.0, 480.0)
    with pytest.raises(InvalidInputError, match="good_quantity"):
        quality_ratio(11.0, 10.0)
    with pytest.raises(InvalidInputError, match="planned_busy_time"):
        availability(1.0, 0.0)
    with pytest.raises(InvalidInputError, match="times_between_failures"):
        mtbf([])
    with pytest.raises(InvalidInputError, match="times_to_restoration"):
        mttr([1.0, -1.0])
    with pytest.raises(InvalidInputError, match="data"):
        iso22400_kpis({"XYZ": 1.0})
    with pytest.raises(InvalidInputError, match="data"):
        iso22400_kpis([1.0])  # type: ignore[arg-type]
