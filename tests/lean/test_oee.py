"""OEE from totals, from machine state logs, and aggregated over groups."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.lean import oee, oee_aggregate, oee_from_states


def test_vorne_worksheet() -> None:
    """Vorne Industries, "Calculating OEE" worksheet (oee.com, 2002-2005): shift 480 min, two
    15-min breaks and a 30-min meal (planned 420 min), 47 min down, ideal run rate 60 pieces per
    minute, 19,271 pieces, 423 rejects. Published: availability 88.81%, performance 86.11%,
    quality 97.80%, OEE 74.79%.

    (The brief quoted P 0.9780 and OEE 0.8495, which repeats the quality figure as the
    performance; the worksheet's own data give P = 19,271 / (373 x 60) = 0.8611.)
    """
    r = oee(420.0, 47.0, 1.0 / 60.0, 19_271, 18_848)
    assert r.availability == pytest.approx(0.8881, abs=5e-5)
    assert r.performance == pytest.approx(0.8611, abs=5e-5)
    assert r.quality == pytest.approx(0.9780, abs=5e-5)
    assert r.oee == pytest.approx(0.7479, abs=5e-5)
    # the same in seconds
    s = oee(420.0 * 60, 47.0 * 60, 1.0, 19_271, 18_848, calendar_time=480.0 * 60)
    assert s.oee == pytest.approx(r.oee, rel=1e-12)
    assert s.teep == pytest.approx(r.oee * 420 / 480, rel=1e-12)


def test_numeric_kinds() -> None:
    idx = pd.Index(["a", "b"])
    r = oee(pd.Series([480.0, 480.0], index=idx), 60.0, 1.0, 300.0, 290.0)
    assert isinstance(r.oee, pd.Series)
    assert r.oee.index.equals(idx)
    a = oee(np.array([480.0, 400.0]), 0.0, 1.0, 300.0, 300.0)
    assert isinstance(a.oee, np.ndarray)
    assert a.oee.shape == (2,)
    assert isinstance(oee(480.0, 0.0, 1.0, 300.0, 300.0).oee, float)
    assert oee(480.0, 480.0, 1.0, 0.0, 0.0).oee == 0.0  # all down: no NaN


@settings(max_examples=50, deadline=None)
@given(
    planned=st.floats(1.0, 1e4),
    down_share=st.floats(0.0, 1.0),
    speed=st.floats(0.0, 1.0),
    good_share=st.floats(0.0, 1.0),
    ideal=st.floats(0.01, 10.0),
)
def test_oee_is_product_of_factors_each_at_most_one(
    planned: float, down_share: float, speed: float, good_share: float, ideal: float
) -> None:
    down = planned * down_share
    total = np.floor((planned - down) * speed / ideal)
    good = np.floor(total * good_share)
    r = oee(planned, down, ideal, total, good)
    for factor in (r.availability, r.performance, r.quality, r.oee):
        assert 0.0 <= factor <= 1.0
    assert r.oee == pytest.approx(r.availability * r.performance * r.quality, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"downtime": 500.0}, "downtime"),  # run time above planned time
        ({"good_count": 350.0}, "good_count"),
        ({"downtime": -1.0}, "downtime"),
        ({"total_count": 1000.0, "good_count": 10.0}, "total_count"),  # performance above 1
        ({"planned_time": 0.0}, "planned_time"),
        ({"ideal_cycle_time": float("nan")}, "ideal_cycle_time"),
        ({"calendar_time": 100.0}, "planned_time"),
    ],
)
def test_oee_bad_input(kwargs: dict[str, Any], match: str) -> None:
    args = {
        "planned_time": 480.0,
        "downtime": 60.0,
        "ideal_cycle_time": 1.0,
        "total_count": 300.0,
        "good_count": 290.0,
    }
    args.update(kwargs)
    with pytest.raises(InvalidInputError, match=match):
        oee(**args)


def _log() -> tuple[pd.DataFrame, pd.DataFrame]:
    states = pd.DataFrame(
        {
            "machine": ["m1", "m2", "m1", "m1", "m2", "m1", "m2", "m1"],
            "shift": ["s1", "s1", "s1", "s1", "s1", "s1", "s1", "s1"],
            "state": [
                "running",
                "running",
                "breakdown",
                "running",
                "setup",
                "short",
                "running",
                "break",
            ],
            "start": [0.0, 0.0, 300.0, 330.0, 200.0, 450.0, 260.0, 455.0],
            "end": [300.0, 200.0, 330.0, 450.0, 260.0, 455.0, 480.0, 480.0],
        }
    )
    counts = pd.DataFrame(
        {
            "machine": ["m1", "m2", "m2"],
            "shift": ["s1", "s1", "s1"],
            "total_count": [400, 200, 150],
            "good_count": [380, 190, 150],
            "startup": [5, 0, 0],
        }
    )
    return states, counts


_CATS = {
    "running": "running",
    "breakdown": "breakdown",
    "setup": "setup",
    "short": "small_stop",
    "break": "planned_stop",
}


def test_six_big_losses_add_up() -> None:
    """Nakajima's loss tree: planned time minus the six losses is the fully productive time."""
    states, counts = _log()
    r = oee_from_states(
        states,
        counts=counts,
        ideal_cycle_time=1.0,
        categories=_CATS,
        by="shift",
        startup_rejects="startup",
    )
    m1 = r.table.loc[("m1", "s1")]
    assert m1["planned_time"] == 455.0
    assert m1["breakdowns"] == 30.0
    assert m1["small_stops"] == 5.0
    assert m1["reduced_speed"] == 455.0 - 30.0 - 5.0 - 400.0
    assert m1["startup_rejects"] == 5.0
    assert m1["production_rejects"] == 15.0
    losses = r.losses.sum()
    planned = r.table["planned_time"].sum()
    assert planned - losses == pytest.approx(r.overall.fully_productive_time)
    assert r.overall.oee == pytest.approx(r.overall.fully_productive_time / planned)
    assert r.overall.oee == pytest.approx(
        r.overall.availability * r.overall.performance * r.overall.quality
    )
    # overall from summed times, not averaged ratios
    assert r.overall.oee == pytest.approx((380 + 340) / (455 + 480))
    assert r.overall.oee != pytest.approx(r.table["oee"].mean())
    wf = r.waterfall
    assert wf["time"].iloc[0] == planned
    assert wf["time"].iloc[-1] == pytest.approx(720.0)
    assert wf["bottom"].iloc[-2] == pytest.approx(720.0)


def test_datetime_log_and_small_stop_threshold() -> None:
    t0 = pd.Timestamp("2026-01-05 06:00")
    minutes = [0, 100, 103, 200, 260, 480]
    states = pd.DataFrame(
        {
            "machine": ["m"] * 5,
            "state": ["running", "breakdown", "running", "breakdown", "running"],
            "start": [t0 + pd.Timedelta(minutes=m) for m in minutes[:-1]],
            "end": [t0 + pd.Timedelta(minutes=m) for m in minutes[1:]],
        }
    )
    counts = pd.DataFrame({"machine": ["m"], "total_count": [20_000], "good_count": [19_000]})
    r = oee_from_states(states, counts=counts, ideal_cycle_time=1.0, small_stop_threshold=300.0)
    assert r.losses["small_stops"] == 180.0  # the 3-minute stop, in seconds
    assert r.losses["breakdowns"] == 3600.0
    assert r.overall.oee == pytest.approx(19_000 / (480 * 60))


def test_aggregate_sums_times() -> None:
    frame = pd.DataFrame(
        {
            "machine": ["a", "a", "b"],
            "planned_time": [480.0, 60.0, 480.0],
            "downtime": [0.0, 30.0, 48.0],
            "ideal_cycle_time": [1.0, 1.0, 0.5],
            "total_count": [480, 30, 800],
            "good_count": [480, 15, 800],
        }
    )
    out = oee_aggregate(frame, by="machine")
    assert out.loc["a", "oee"] == pytest.approx(495 / 540)
    assert out.loc["a", "availability"] == pytest.approx(510 / 540)
    assert out.loc["b", "oee"] == pytest.approx(400 / 480)
    by_two = oee_aggregate(frame.assign(shift=["s1", "s2", "s1"]), by=["machine", "shift"])
    assert list(by_two.index) == [("a", "s1"), ("a", "s2"), ("b", "s1")]
    assert by_two.loc[("a", "s2"), "oee"] == pytest.approx(15 / 60)
    total = oee_aggregate(frame)
    # quality counts units (Q = sum good / sum total) even when the ideal cycle times differ
    expected = (910 / 1020) * (1295 / 1310)
    assert total["oee"].iloc[0] == pytest.approx(expected)
    for row in out.itertuples():
        single = oee(row.planned_time, row.planned_time - row.run_time, 1.0, row.net_run_time, 1.0)
        assert single.availability == pytest.approx(row.availability)


def test_dask_matches_pandas() -> None:
    dd = pytest.importorskip("dask.dataframe")
    states, counts = _log()
    states = pd.concat([states] * 1, ignore_index=True)
    kw: dict[str, Any] = {
        "counts": counts,
        "ideal_cycle_time": 1.0,
        "categories": _CATS,
        "by": "shift",
    }
    expected = oee_from_states(states, **kw)
    got = oee_from_states(dd.from_pandas(states, npartitions=3), **kw)
    # (Dask may hold string labels in its own string dtype: compare the labels, not the dtype)
    pd.testing.assert_frame_equal(
        got.table.sort_index(), expected.table.sort_index(), check_index_type=False
    )
    frame = pd.DataFrame(
        {
            "machine": ["a", "a", "b", "b", "c", "a"],
            "planned_time": [480.0, 60.0, 480.0, 100.0, 10.0, 20.0],
            "downtime": [0.0, 30.0, 48.0, 0.0, 1.0, 2.0],
            "ideal_cycle_time": [1.0, 1.0, 0.5, 1.0, 1.0, 1.0],
            "total_count": [480, 30, 800, 50, 9, 18],
            "good_count": [480, 15, 800, 40, 9, 18],
        }
    )
    pd.testing.assert_frame_equal(
        oee_aggregate(dd.from_pandas(frame, npartitions=3), by="machine").sort_index(),
        oee_aggregate(frame, by="machine").sort_index(),
        check_index_type=False,
    )


def test_dask_overlap_across_partitions() -> None:
    dd = pytest.importorskip("dask.dataframe")
    states = pd.DataFrame(
        {
            "machine": ["m"] * 6,
            "state": ["running"] * 6,
            "start": [0.0, 10.0, 20.0, 30.0, 25.0, 50.0],
            "end": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
        }
    )
    counts = pd.DataFrame({"machine": ["m"], "total_count": [1], "good_count": [1]})
    with pytest.raises(InvalidInputError, match="states"):
        oee_from_states(dd.from_pandas(states, npartitions=3), counts=counts, ideal_cycle_time=1.0)


def test_dask_on_worker_processes(dask_client: Any) -> None:
    dd = pytest.importorskip("dask.dataframe")
    states, counts = _log()
    kw: dict[str, Any] = {"counts": counts, "ideal_cycle_time": 1.0, "categories": _CATS}
    got = oee_from_states(dd.from_pandas(states, npartitions=3), **kw)
    assert got.overall.oee == pytest.approx(oee_from_states(states, **kw).overall.oee)


def _bad_log(kind: str) -> pd.DataFrame:
    states, _ = _log()
    if kind == "negative":
        states.loc[0, "end"] = -5.0
    elif kind == "overlap":
        states.loc[2, "start"] = 290.0
    elif kind == "unsorted":
        states = states.iloc[[2, 0, 1, 3, 4, 5, 6, 7]]
    elif kind == "unknown":
        states.loc[0, "state"] = "mystery"
    return states


@pytest.mark.parametrize(
    ("kind", "match"),
    [
        ("negative", "negative durations"),
        ("overlap", "overlapping"),
        ("unsorted", "sorted"),
        ("unknown", "categories"),
    ],
)
def test_state_log_bad_input(kind: str, match: str) -> None:
    _, counts = _log()
    with pytest.raises(InvalidInputError, match=match):
        oee_from_states(_bad_log(kind), counts=counts, ideal_cycle_time=1.0, categories=_CATS)


def test_counts_bad_input() -> None:
    states, counts = _log()
    bad = counts.assign(good_count=[500, 190, 150])
    with pytest.raises(InvalidInputError, match="good_count"):
        oee_from_states(states, counts=bad, ideal_cycle_time=1.0, categories=_CATS)
    with pytest.raises(InvalidInputError, match="ideal_cycle_time"):
        oee_from_states(states, counts=counts, ideal_cycle_time=10.0, categories=_CATS)
    with pytest.raises(InvalidInputError, match="counts"):
        oee_from_states(
            states,
            counts=counts.assign(machine=["m9", "m2", "m2"]),
            ideal_cycle_time=1.0,
            categories=_CATS,
        )
    with pytest.raises(InvalidInputError, match="states"):
        oee_from_states(states.drop(columns="end"), counts=counts, ideal_cycle_time=1.0)


@settings(max_examples=30, deadline=None)
@given(
    durations=st.lists(st.floats(0.5, 100.0), min_size=2, max_size=30),
    labels=st.lists(st.sampled_from(["running", "breakdown", "setup", "small_stop"]), min_size=30),
    speed=st.floats(0.0, 1.0),
    good_share=st.floats(0.0, 1.0),
)
def test_state_log_laws(
    durations: list[float], labels: list[str], speed: float, good_share: float
) -> None:
    """Planned time minus the six losses is the fully productive time; OEE = A x P x Q <= 1."""
    n = len(durations)
    state = ["running", *labels[: n - 1]]
    ends = np.cumsum(durations)
    starts = np.concatenate([[0.0], ends[:-1]])
    states = pd.DataFrame({"machine": "m", "state": state, "start": starts, "end": ends})
    running = float(np.sum(np.asarray(durations)[np.asarray(state) == "running"]))
    total = np.floor(running * speed)
    good = np.floor(total * good_share)
    counts = pd.DataFrame({"machine": ["m"], "total_count": [total], "good_count": [good]})
    r = oee_from_states(states, counts=counts, ideal_cycle_time=1.0)
    o = r.overall
    for factor in (o.availability, o.performance, o.quality, o.oee):
        assert 0.0 <= factor <= 1.0 + 1e-12
    assert o.oee == pytest.approx(o.availability * o.performance * o.quality, abs=1e-12)
    planned = float(r.table["planned_time"].sum())
    assert planned - float(r.losses.sum()) == pytest.approx(good, abs=1e-9 * planned)
