"""customer_summary and calibration_holdout: BTYD conventions, RFM raw values, Dask, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.segmentation import calibration_holdout, customer_summary

CDNOW_KW = {
    "customer": "customer",
    "date": "date",
    "amount": "value",
    "time_unit": "W",
    "date_format": "%Y%m%d",
}


def _log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "a", "a", "a", "b", "b", "c", "a"],
            "when": pd.to_datetime(
                [
                    "2024-01-01 09:00",
                    "2024-01-01 17:00",  # same day: merged with the first purchase
                    "2024-01-10",
                    "2024-01-22",
                    "2024-01-03",
                    "2024-01-03",
                    "2024-01-20",
                    "2024-03-01",  # after the observation end: left out
                ],
                format="ISO8601",
            ),
            "spend": [10.0, 5.0, 20.0, 40.0, 7.0, 3.0, 12.0, 99.0],
        }
    )


def test_hand_example_days() -> None:
    """Same-day purchases merged, first purchase excluded, times in days."""
    s = customer_summary(
        _log(), customer="id", date="when", amount="spend", observation_end="2024-01-31"
    )
    assert list(s.index) == ["a", "b", "c"]
    assert s.index.name == "id"
    a, b, c = s.loc["a"], s.loc["b"], s.loc["c"]
    assert (a.frequency, a.recency, a["T"]) == (2.0, 21.0, 30.0)
    assert a.monetary_value == pytest.approx(30.0)  # mean of 20 and 40
    assert (a.time_since_last, a.n_transactions, a.total_amount) == (9.0, 4, 75.0)
    assert (b.frequency, b.recency, b["T"], b.monetary_value) == (0.0, 0.0, 28.0, 0.0)
    assert (b.n_transactions, b.total_amount) == (2, 10.0)
    assert (c.frequency, c["T"], c.time_since_last) == (0.0, 11.0, 11.0)
    assert a.first_purchase == pd.Timestamp("2024-01-01")
    assert a.last_purchase == pd.Timestamp("2024-01-22")
    assert s.attrs["time_unit"] == "D"


def test_time_units_scale_and_week_periods() -> None:
    """'W' is days / 7; a Timedelta unit works; weekly periods merge purchases of a week."""
    kw = {"customer": "id", "date": "when", "amount": "spend", "observation_end": "2024-01-31"}
    days = customer_summary(_log(), **kw)
    weeks = customer_summary(_log(), time_unit="W", **kw)
    hours = customer_summary(_log(), time_unit=pd.Timedelta(hours=1), **kw)
    np.testing.assert_allclose(weeks["T"], days["T"] / 7)
    np.testing.assert_allclose(hours["recency"], days["recency"] * 24)
    weekly = customer_summary(_log(), period="W", time_unit="W", **kw)
    # a: Mon 1 Jan and Wed 10 Jan fall in different Monday-weeks; 22 Jan in a third.
    assert weekly.loc["a", "frequency"] == 2.0
    assert weekly.loc["a", "recency"] == 3.0
    assert weekly.loc["a", "T"] == 4.0


def test_cdnow_calibration_summary(cdnow_calibration: pd.DataFrame) -> None:
    """Fader, Hardie & Lee (2005), Marketing Science 24(2): 2,357 CDNOW customers, 39-week
    calibration ending 1997-09-30, time in weeks. Customer 1 (first purchase 1997-01-01)
    has x = 2, t_x = 30.43, T = 38.86 as in Fader and Hardie's published CDNOW summary
    (also the BTYD R package's cdnowSummary). Totals of repeat transactions are computed
    here from the raw log (2,457 in calibration, 1,882 in the 39-week holdout)."""
    s = cdnow_calibration
    assert len(s) == 2357
    assert s.loc[1, "frequency"] == 2
    assert s.loc[1, "recency"] == pytest.approx(30.43, abs=0.005)
    assert s.loc[1, "T"] == pytest.approx(38.86, abs=0.005)
    assert s["T"].max() == pytest.approx(272 / 7)
    assert s["T"].min() == pytest.approx(27.0)  # the sample's last first purchase: 1997-03-25
    assert s["frequency"].sum() == 2457
    assert s["frequency_holdout"].sum() == 1882
    assert (s["duration_holdout"] == 39.0).all()
    assert int((s["frequency"] > 0).sum()) == 946


def test_observation_end_cuts_the_log(cdnow_log: pd.DataFrame) -> None:
    """customer_summary with observation_end = the calibration end equals the calibration
    part of calibration_holdout."""
    s = customer_summary(cdnow_log, observation_end="1997-09-30", **CDNOW_KW)
    ch = calibration_holdout(
        cdnow_log, calibration_end="1997-09-30", observation_end="1998-06-30", **CDNOW_KW
    )
    pd.testing.assert_frame_equal(s, ch[s.columns])


@pytest.mark.parametrize("holdout", [False, True])
def test_dask_matches_pandas(cdnow_log: pd.DataFrame, holdout: bool) -> None:
    """Dask (3 partitions) gives the pandas result."""
    dd = pytest.importorskip("dask.dataframe")
    if holdout:
        kw = dict(CDNOW_KW, calibration_end="1997-09-30", observation_end="1998-06-30")
        func = calibration_holdout
    else:
        kw = dict(CDNOW_KW, observation_end="1997-12-31")
        func = customer_summary
    expected = func(cdnow_log, **kw)
    got = func(dd.from_pandas(cdnow_log, npartitions=3), **kw)
    pd.testing.assert_frame_equal(got, expected, check_index_type=False)


def test_dask_string_customers_and_errors() -> None:
    """String labels through Dask; errors raised inside partitions keep their type."""
    dd = pytest.importorskip("dask.dataframe")
    log = _log()
    kw = {"customer": "id", "date": "when", "amount": "spend", "observation_end": "2024-01-31"}
    got = customer_summary(dd.from_pandas(log, npartitions=3), **kw)
    pd.testing.assert_frame_equal(got, customer_summary(log, **kw), check_index_type=False)
    bad = log.assign(spend=log["spend"].where(log.index != 5, -1.0))
    with pytest.raises(InvalidInputError, match="refunds"):
        customer_summary(dd.from_pandas(bad, npartitions=3), **kw)


def test_dask_on_worker_processes(cdnow_log: pd.DataFrame) -> None:
    """One distributed.LocalCluster run (2 worker processes)."""
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    kw = dict(CDNOW_KW, calibration_end="1997-09-30", observation_end="1998-06-30")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        got = calibration_holdout(dd.from_pandas(cdnow_log, npartitions=3), **kw)
    expected = calibration_holdout(cdnow_log, **kw)
    pd.testing.assert_frame_equal(got, expected, check_index_type=False)


_rows = st.lists(
    st.tuples(
        st.integers(0, 5),  # customer
        st.integers(0, 40),  # day
        st.floats(0, 100, allow_nan=False),  # amount
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=50, deadline=None)
@given(rows=_rows, seed=st.integers(0, 1000))
def test_row_order_invariance_and_frequency_bound(
    rows: list[tuple[int, int, float]], seed: int
) -> None:
    """The summary does not depend on row order; frequency = distinct days - 1."""
    log = pd.DataFrame(rows, columns=["c", "day", "amount"])
    log["date"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(log["day"], unit="D")
    kw = {"customer": "c", "date": "date", "amount": "amount", "observation_end": "2024-03-01"}
    s = customer_summary(log, **kw)
    shuffled = log.sample(frac=1.0, random_state=seed)
    pd.testing.assert_frame_equal(customer_summary(shuffled, **kw), s, rtol=1e-9)
    distinct = log.groupby("c")["day"].nunique()
    np.testing.assert_array_equal(s["frequency"], distinct.loc[s.index] - 1)
    assert (s["recency"] <= s["T"]).all()
    assert (s["monetary_value"] >= 0).all()


def test_timezone_aware_dates_use_local_days() -> None:
    """Aware timestamps are merged by their local calendar day."""
    log = _log()
    aware = log.assign(when=log["when"].dt.tz_localize("America/New_York"))
    kw = {"customer": "id", "date": "when", "amount": "spend", "observation_end": "2024-01-31"}
    pd.testing.assert_frame_equal(customer_summary(aware, **kw), customer_summary(log, **kw))


def test_refunds_dropped_on_request() -> None:
    log = _log()
    log.loc[2, "spend"] = -20.0
    kw = {"customer": "id", "date": "when", "amount": "spend", "observation_end": "2024-01-31"}
    with pytest.raises(InvalidInputError, match=r"'transactions'.*refunds='drop'"):
        customer_summary(log, **kw)
    s = customer_summary(log, refunds="drop", **kw)
    assert s.loc["a", "frequency"] == 1.0
    assert s.loc["a", "total_amount"] == 55.0


def test_without_amount() -> None:
    s = customer_summary(_log(), customer="id", date="when", observation_end="2024-01-31")
    assert "monetary_value" not in s.columns
    assert "total_amount" not in s.columns
    assert s.loc["a", "frequency"] == 2.0


def test_missing_values_policy() -> None:
    log = _log()
    log.loc[3, "spend"] = np.nan
    kw = {"customer": "id", "date": "when", "amount": "spend", "observation_end": "2024-01-31"}
    with pytest.raises(InvalidInputError, match="nan_policy='omit'"):
        customer_summary(log, **kw)
    s = customer_summary(log, nan_policy="omit", **kw)
    assert s.loc["a", "frequency"] == 1.0


def test_unparseable_dates() -> None:
    log = _log().assign(when=["2024-01-01", "2024-01-02", "not a date", *["2024-01-05"] * 5])
    with pytest.raises(InvalidInputError, match="unparseable dates, the first 'not a date'"):
        customer_summary(log, customer="id", date="when", observation_end="2024-01-31")


def test_text_dates_with_format(cdnow_log: pd.DataFrame) -> None:
    s = customer_summary(cdnow_log.head(10), observation_end="1997-12-31", **CDNOW_KW)
    assert s.loc[1, "frequency"] == 3
    with pytest.raises(InvalidInputError, match="format '%d/%m/%Y'"):
        customer_summary(
            cdnow_log.head(10),
            observation_end="1997-12-31",
            **dict(CDNOW_KW, date_format="%d/%m/%Y"),
        )


def test_no_transaction_up_to_observation_end() -> None:
    with pytest.raises(InvalidInputError, match="at least one transaction up to"):
        customer_summary(_log(), customer="id", date="when", observation_end="2023-12-31")


def test_missing_columns() -> None:
    with pytest.raises(InvalidInputError, match="column 'amount'"):
        customer_summary(
            _log(), customer="id", date="when", amount="amount", observation_end="2024-01-31"
        )
    with pytest.raises(InvalidInputError, match="'transactions'"):
        customer_summary([1, 2], customer="id", date="when", observation_end="2024-01-31")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("time_unit", "M"),
        ("time_unit", "-1D"),
        ("time_unit", 7),
        ("period", "not-a-unit"),
        ("observation_end", "yesterday-ish"),
        ("observation_end", 3.5),
        ("refunds", "net"),
        ("nan_policy", "ignore"),
    ],
)
def test_bad_options(option: str, value: object) -> None:
    kw = {"customer": "id", "date": "when", "amount": "spend", "observation_end": "2024-01-31"}
    kw[option] = value
    with pytest.raises(InvalidInputError, match=option):
        customer_summary(_log(), **kw)


def test_calibration_end_must_precede_observation_end() -> None:
    with pytest.raises(InvalidInputError, match="calibration_end"):
        calibration_holdout(
            _log(),
            customer="id",
            date="when",
            calibration_end="2024-02-01",
            observation_end="2024-01-31",
        )


def test_inputs_not_mutated() -> None:
    log = _log()
    before = log.copy()
    customer_summary(log, customer="id", date="when", amount="spend", observation_end="2024-01-31")
    pd.testing.assert_frame_equal(log, before)
