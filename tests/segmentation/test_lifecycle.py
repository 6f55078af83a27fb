"""Tests of lifecycle_stages: hand-built logs with known stages, presets, personal cadence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.segmentation import LIFECYCLE_STAGES, lifecycle_stages

AS_OF = pd.Timestamp("2024-12-31")


def _log(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"who": [r[0] for r in rows], "when": [r[1] for r in rows]})


def _stages(log: pd.DataFrame, **kwargs: object) -> dict[str, str]:
    r = lifecycle_stages(log, customer="who", date="when", as_of=AS_OF, **kwargs)  # type: ignore[arg-type]
    return r.stage.astype(str).to_dict()


def test_crm_windows_hand_built() -> None:
    """CRM practice (FIELD_NOTES): new <= 30 days, due 31-60, lapsed 61-90, lost > 90."""
    log = _log(
        [
            ("new", "2024-12-15"),
            ("active", "2024-10-01"),
            ("active", "2024-11-20"),
            ("active", "2024-12-10"),
            ("risk", "2024-09-01"),
            ("risk", "2024-11-15"),  # 46 days ago
            ("lapsed", "2024-06-01"),
            ("lapsed", "2024-10-10"),  # 82 days ago
            ("dormant", "2024-01-01"),
            ("dormant", "2024-05-01"),
            ("back", "2023-01-01"),
            ("back", "2024-12-20"),  # came back after a long gap
            ("later", "2025-02-01"),  # after as_of: left out
        ]
    )
    assert _stages(log, prospects=["p", "new"]) == {
        "new": "new",
        "active": "active",
        "risk": "at_risk",
        "lapsed": "lapsed",
        "dormant": "dormant",
        "back": "reactivated",
        "p": "prospect",
    }


def test_window_edges_are_inclusive() -> None:
    log = _log([("a", "2024-01-01"), ("a", "2024-12-01"), ("b", "2024-01-01"), ("b", "2024-11-01")])
    r = lifecycle_stages(log, customer="who", date="when", as_of=AS_OF)
    assert r.days_since_last["a"] == 30.0
    assert r.stage["a"] == "reactivated"  # gap 335 > 90
    assert r.days_since_last["b"] == 60.0
    assert r.stage["b"] == "at_risk"


def test_banking_preset() -> None:
    """Banking convention: inactive after 12 months, dormant after 24 (FIELD_NOTES)."""
    log = _log(
        [
            ("a", "2020-01-01"),
            ("a", "2024-06-01"),
            ("e", "2023-09-01"),
            ("e", "2024-06-01"),
            ("b", "2020-01-01"),
            ("b", "2023-06-01"),
            ("c", "2020-01-01"),
            ("c", "2022-06-01"),
            ("d", "2024-10-01"),
        ]
    )
    assert _stages(log, windows="banking") == {
        "a": "reactivated",
        "e": "active",
        "b": "lapsed",
        "c": "dormant",
        "d": "new",
    }


def test_personal_cadence() -> None:
    """A weekly buyer silent for 30 days is dormant on its own cadence, active by calendar."""
    weekly = [("w", str(d.date())) for d in pd.date_range("2024-09-01", "2024-12-01", freq="7D")]
    log = _log([*weekly, ("one", "2024-10-01")])
    assert _stages(log)["w"] == "active"
    r = lifecycle_stages(log, customer="who", date="when", as_of=AS_OF, cadence="personal")
    assert r.stage["w"] == "dormant"
    assert r.windows.loc["w"].tolist() == [10.5, 14.0, 21.0]
    assert r.windows.loc["one"].tolist() == [30.0, 60.0, 90.0]  # one purchase: calendar


def _reference(
    log: pd.DataFrame, windows: tuple[float, float, float], new: float
) -> dict[str, str]:
    """Per-customer loop, written independently of the vectorized code."""
    out = {}
    for who, grp in log.groupby("who"):
        dates = pd.to_datetime(grp["when"])
        dates = dates[dates <= AS_OF]
        if dates.empty:
            continue
        days = sorted(set(dates.dt.normalize()))
        recency = (AS_OF - dates.max()) / pd.Timedelta(days=1)
        age = (AS_OF - dates.min()) / pd.Timedelta(days=1)
        gap = (days[-1] - days[-2]).days if len(days) > 1 else np.inf
        if age <= new:
            out[str(who)] = "new"
        elif recency <= windows[0]:
            out[str(who)] = "reactivated" if gap > windows[2] else "active"
        elif recency <= windows[1]:
            out[str(who)] = "at_risk"
        elif recency <= windows[2]:
            out[str(who)] = "lapsed"
        else:
            out[str(who)] = "dormant"
    return out


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcdefgh"), st.integers(-800, 30)), min_size=1, max_size=40
    ),
    st.sampled_from([(30.0, 60.0, 90.0), (60.0, 120.0, 180.0), (365.0, 365.0, 730.0)]),
)
def test_matches_loop_reference_and_one_stage_each(
    rows: list[tuple[str, int]], windows: tuple[float, float, float]
) -> None:
    """Every customer gets exactly one stage, the one a per-customer loop gives."""
    assume(any(r[1] <= 0 for r in rows))
    log = pd.DataFrame(
        {
            "who": [r[0] for r in rows],
            "when": [AS_OF + pd.Timedelta(days=r[1]) for r in rows],
        }
    )
    r = lifecycle_stages(log, customer="who", date="when", as_of=AS_OF, windows=windows)
    assert r.stage.index.is_unique
    assert set(r.stage.astype(str)) <= set(LIFECYCLE_STAGES)
    assert sum(r.counts.values()) == len(r.stage)
    assert r.stage.astype(str).to_dict() == _reference(log, windows, windows[0])


def test_does_not_mutate_and_deterministic() -> None:
    log = _log([("a", "2024-01-01"), ("b", "2024-12-01"), ("a", "2024-12-30")])
    copy = log.copy()
    one = lifecycle_stages(log, customer="who", date="when", as_of=AS_OF)
    two = lifecycle_stages(log, customer="who", date="when", as_of=AS_OF)
    pd.testing.assert_frame_equal(log, copy)
    pd.testing.assert_series_equal(one.stage, two.stage)
    assert one.to_frame().shape[0] == 2


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"windows": (60.0, 30.0, 90.0)}, "windows"),
        ({"windows": "weekly"}, "windows"),
        ({"multipliers": (1.0, 0.0, 2.0)}, "multipliers"),
        ({"new_window": -1.0}, "new_window"),
        ({"cadence": "fast"}, "cadence"),
        ({"as_of": "not a date"}, "as_of"),
        ({"as_of": 3}, "as_of"),
        ({"prospects": 5}, "prospects"),
        ({"nan_policy": "keep"}, "nan_policy"),
        ({"customer": "nope"}, "transactions"),
    ],
)
def test_bad_input(kwargs: dict[str, object], name: str) -> None:
    log = _log([("a", "2024-01-01")])
    call: dict[str, object] = {"customer": "who", "date": "when", "as_of": AS_OF, **kwargs}
    with pytest.raises(InvalidInputError, match=name):
        lifecycle_stages(log, **call)  # type: ignore[arg-type]


def test_missing_and_unparseable_dates() -> None:
    log = _log([("a", "2024-01-01"), ("b", "garbage")])
    with pytest.raises(InvalidInputError, match="transactions"):
        lifecycle_stages(log, customer="who", date="when", as_of=AS_OF)
    log = pd.DataFrame({"who": ["a", "b"], "when": ["2024-01-01", None]})
    with pytest.raises(InvalidInputError, match="nan_policy"):
        lifecycle_stages(log, customer="who", date="when", as_of=AS_OF)
    r = lifecycle_stages(log, customer="who", date="when", as_of=AS_OF, nan_policy="omit")
    assert list(r.stage.index) == ["a"]


def test_as_of_before_every_transaction() -> None:
    log = _log([("a", "2025-03-01")])
    with pytest.raises(InvalidInputError, match="as_of"):
        lifecycle_stages(log, customer="who", date="when", as_of=AS_OF)
    r = lifecycle_stages(log, customer="who", date="when", as_of=AS_OF, prospects=["a"])
    assert r.stage.astype(str).to_dict() == {"a": "prospect"}


def test_dask_gives_the_pandas_result() -> None:
    """A Dask log (3 partitions) gives the same stages and recencies as pandas."""
    dd = pytest.importorskip("dask.dataframe")
    rng = np.random.default_rng(3)
    log = pd.DataFrame(
        {
            "who": rng.integers(0, 40, 400),
            "when": AS_OF - pd.to_timedelta(rng.integers(0, 900 * 24, 400), unit="h"),
        }
    )
    for cadence in ("calendar", "personal"):
        want = lifecycle_stages(log, customer="who", date="when", as_of=AS_OF, cadence=cadence)  # type: ignore[arg-type]
        got = lifecycle_stages(
            dd.from_pandas(log, npartitions=3),
            customer="who",
            date="when",
            as_of=AS_OF,
            cadence=cadence,  # type: ignore[arg-type]
        )
        order = want.stage.index
        pd.testing.assert_series_equal(got.stage.reindex(order), want.stage)
        pd.testing.assert_series_equal(got.days_since_last.reindex(order), want.days_since_last)
        pd.testing.assert_series_equal(got.previous_gap.reindex(order), want.previous_gap)


def test_dask_as_of_inside_a_day() -> None:
    """Rows after an as_of with a time of day are left out before the daily reduction."""
    dd = pytest.importorskip("dask.dataframe")
    log = _log([("a", "2024-12-01 09:00"), ("a", "2024-12-01 12:00"), ("a", "2024-12-01 18:00")])
    log = pd.concat([_log([("a", "2024-01-01 00:00")]), log], ignore_index=True)
    as_of = "2024-12-01 15:00"
    want = lifecycle_stages(log, customer="who", date="when", as_of=as_of)
    got = lifecycle_stages(
        dd.from_pandas(log, npartitions=2), customer="who", date="when", as_of=as_of
    )
    assert got.days_since_last["a"] == want.days_since_last["a"] == 0.125
