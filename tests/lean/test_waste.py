"""Tests of lean.waste: wastes measured from event logs."""

from __future__ import annotations

import datetime
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.lean import WasteResult, waste

H = 3600.0
DAY = 86_400.0


def _hand_log() -> pd.DataFrame:
    """Two cases; case a repeats 'check' after an off-path 'repair' at another site."""
    ts = pd.to_datetime
    return pd.DataFrame(
        {
            "case": ["a"] * 5 + ["b"] * 3,
            "activity": [
                "register",
                "check",
                "repair",
                "check",
                "ship",
                "register",
                "check",
                "ship",
            ],
            "resource": ["r1", "r2", "r3", "r2", "r1", "r1", "r2", "r1"],
            "site": ["L1", "L1", "L2", "L1", "L1", "L1", "L1", "L1"],
            "start": ts(
                [
                    "2024-01-01 08:00",
                    "2024-01-01 09:00",
                    "2024-01-01 11:00",
                    "2024-01-01 13:00",
                    "2024-01-02 08:00",
                    "2024-01-01 10:00",
                    "2024-01-01 10:30",
                    "2024-01-01 12:00",
                ]
            ),
            "end": ts(
                [
                    "2024-01-01 08:30",
                    "2024-01-01 10:00",
                    "2024-01-01 12:00",
                    "2024-01-01 13:30",
                    "2024-01-02 09:00",
                    "2024-01-01 10:15",
                    "2024-01-01 11:30",
                    "2024-01-01 12:30",
                ]
            ),
        }
    )


KW = {"case": "case", "activity": "activity", "end": "end", "start": "start"}
FULL = dict(KW, resource="resource", location="site", standard_path=["register", "check", "ship"])


def test_hand_worked_log() -> None:
    """Every number worked by hand.

    Case a: register 08:00-08:30, check 09:00-10:00, repair 11:00-12:00 (site L2), check
    13:00-13:30, ship next day 08:00-09:00. Waits 30 + 60 + 60 + 1110 min = 75,600 s; lead time
    25 h; service 240 min. Case b: register 10:00-10:15, check 10:30-11:30, ship 12:00-12:30:
    waits 15 + 30 min = 2,700 s, lead 2.5 h, service 105 min.
    """
    log = _hand_log()
    before = log.copy()
    r = waste(log.sample(frac=1.0, random_state=3), **FULL, demand=0.5)
    pd.testing.assert_frame_equal(log, before)  # input not mutated
    assert isinstance(r, WasteResult)
    assert r.waiting_basis == "waiting"
    assert r.n_cases == 2
    assert r.n_events == 8
    # waiting
    assert r.total_waiting_time == pytest.approx(78_300.0)
    assert r.waiting_share == pytest.approx(78_300.0 / (25 * H + 2.5 * H))
    assert r.cases.loc["a", "waiting_time"] == pytest.approx(75_600.0)
    assert r.cases.loc["b", "waiting_time"] == pytest.approx(2_700.0)
    assert r.cases.loc["a", "waiting_share"] == pytest.approx(75_600.0 / (25 * H))
    assert r.cases.loc["a", "lead_time"] == pytest.approx(25 * H)
    assert r.cases.loc["b", "service_time"] == pytest.approx(105 * 60.0)
    acts = r.activities
    assert list(acts.index) == ["check", "register", "repair", "ship"]
    assert acts.loc["ship", "waiting_time"] == pytest.approx((1110 + 30) * 60.0)
    assert acts.loc["ship", "mean_waiting_time"] == pytest.approx((1110 + 30) * 60.0 / 2)
    assert acts.loc["check", "waiting_time"] == pytest.approx((30 + 60 + 15) * 60.0)
    assert acts.loc["register", "waiting_time"] == 0.0
    assert acts.loc["check", "events"] == 3
    assert acts.loc["check", "cases"] == 2
    assert acts.loc["check", "service_time"] == pytest.approx((60 + 30 + 60) * 60.0)
    # rework: the second 'check' of case a, 30 min
    assert (r.rework_events, r.rework_cases, r.rework_time) == (1, 1, 1800.0)
    assert acts.loc["check", "rework_events"] == 1
    assert r.cases.loc["a", "rework_events"] == 1
    assert r.cases.loc["b", "rework_events"] == 0
    # overprocessing: 'repair' is off the standard path, 1 h
    assert (r.off_path_events, r.off_path_time) == (1, 3600.0)
    assert not acts.loc["repair", "on_standard_path"]
    assert acts.loc["ship", "on_standard_path"]
    # hand-offs: a r1>r2>r3>r2>r1 (4), b r1>r2>r1 (2); sites a L1>L2>L1 (2)
    assert r.handoff_count == 6
    assert r.location_changes == 2
    assert r.cases["handoffs"].to_dict() == {"a": 4, "b": 2}
    edges = r.handoffs.set_index(["kind", "source", "target"])
    assert edges.loc[("resource", "r1", "r2"), "count"] == 2
    assert edges.loc[("resource", "r2", "r1"), "waiting_time"] == pytest.approx((1110 + 30) * 60.0)
    assert edges.loc[("location", "L1", "L2"), "count"] == 1
    assert acts.loc["ship", "handoffs_in"] == 2
    # where the waiting sits: check -> ship (1110 + 30 min) first, then register -> check
    flow = r.transitions
    assert list(flow.iloc[0][["source", "target", "count"]]) == ["check", "ship", 2]
    assert flow.iloc[0]["mean_waiting_time"] == pytest.approx(570 * 60.0)
    assert flow.set_index(["source", "target"]).loc[("register", "check"), "waiting_time"] == 2700
    assert flow["count"].sum() == 6
    # inventory: a open 08:00 day 1 to 09:00 day 2 (25 h), b 10:00 to 12:30 (2.5 h)
    assert r.average_wip == pytest.approx(27.5 / 25)
    assert r.arrival_rate == pytest.approx(2 / (25 * H))
    assert r.mean_lead_time == pytest.approx(13.75 * H)
    assert r.littles_law_wip == pytest.approx(1.1)
    assert r.littles_law_gap == pytest.approx(0.0)
    assert r.window_start == pd.Timestamp("2024-01-01 08:00")
    assert r.window_end == pd.Timestamp("2024-01-02 09:00")
    assert list(r.wip["wip"]) == [1, 2, 1, 0]
    # overproduction: one case completes each day against a demand of 0.5 a day
    assert r.overproduction == pytest.approx(1.0)
    assert list(r.output["output"]) == [1.0, 1.0]
    assert list(r.output["overproduction"]) == [0.5, 0.5]
    # the summary
    s = r.to_frame()
    assert list(s.columns) == [
        "waste",
        "measure",
        "value",
        "unit",
        "share",
        "share_of",
        "measurable",
        "evidence",
    ]
    assert list(s["waste"].unique()) == [
        "waiting",
        "defects",
        "overprocessing",
        "inventory",
        "transport",
        "motion",
        "overproduction",
    ]
    assert s.loc[0, "value"] == pytest.approx(78_300.0)
    assert "ship 87%" in s.loc[0, "evidence"]
    assert "edge check -> ship (87%)" in s.loc[0, "evidence"]
    assert "repair" in s.loc[s["waste"] == "overprocessing", "evidence"].iloc[0]
    assert not s.loc[s["waste"] == "motion", "measurable"].item()
    assert s.loc[s["waste"] != "motion", "measurable"].all()
    json.dumps(r.to_dict(), allow_nan=False)


def test_without_optional_columns_reports_why() -> None:
    """Without start, waiting is complete-to-complete (it then sums to the lead time), and the
    wastes without data say why."""
    r = waste(_hand_log(), case="case", activity="activity", end="end")
    assert r.waiting_basis == "complete_to_complete"
    assert r.total_waiting_time == pytest.approx(r.cases["lead_time"].sum())
    assert r.waiting_share == pytest.approx(1.0)
    s = r.summary.set_index("waste")
    assert "cannot be separated" in s.loc["waiting", "evidence"]
    assert not s.loc["overprocessing", "measurable"]
    assert "no standard_path" in s.loc["overprocessing", "evidence"]
    assert "no resource" in s["evidence"][s["measure"] == "hand-offs between resources"].item()
    assert "no demand" in s.loc["overproduction", "evidence"]
    assert r.off_path_events is None
    assert r.handoff_count is None
    assert r.overproduction is None
    assert r.output is None
    assert r.handoffs.empty
    # rework time without starts: the complete-to-complete time in front of the repeat
    assert r.rework_time == pytest.approx(1.5 * H)  # repair done 12:00, check done 13:30
    assert "service_time" not in r.cases
    assert "service_time" not in r.activities


def test_standard_path_as_edges() -> None:
    """Allowed transitions: 'repair' (in no edge) and the 'check' after it (repair -> check not
    allowed) are off the path."""
    edges = {("register", "check"), ("check", "ship")}
    r = waste(_hand_log(), **KW, standard_path=edges)
    assert r.off_path_events == 2
    assert r.off_path_time == pytest.approx(H + 30 * 60.0)
    assert r.activities.loc["repair", "off_path_events"] == 1
    assert "transition" in r.summary.loc[4, "evidence"]
    assert (
        waste(_hand_log(), **KW, standard_path={"register", "check", "ship"}).off_path_events == 1
    )


def test_demand_series_and_output_activity() -> None:
    """Demand per day as a Series; output counted as 'check' events (day 1: 3, day 2: 0)."""
    demand = pd.Series([2.0, 1.0], index=pd.to_datetime(["2024-01-01", "2024-01-02"]))
    r = waste(_hand_log(), **KW, demand=demand, output_activity="check")
    assert list(r.output["output"]) == [3.0, 0.0]
    assert list(r.output["shortfall"]) == [0.0, 1.0]
    assert r.overproduction == 1.0
    weekly = waste(_hand_log(), **KW, demand=1.0, period="W")
    assert len(weekly.output) == 1
    assert weekly.overproduction == 1.0
    periods = pd.Series([0.0], index=pd.PeriodIndex(["2024-01-02"], freq="D"))
    r = waste(_hand_log(), **KW, demand=periods)
    assert r.overproduction == 1.0
    assert "1 output periods without a demand" in r.summary["evidence"].iloc[-1]


def test_acme_stamping_as_event_log() -> None:
    """Rother & Shook, *Learning to See*, LEI, 1999, Acme Stamping current state (pp. 28-35):
    processing times 1, 39, 46, 62, 40 s (188 s in all) and inventories of 4,600, 7,000,
    1,700, 2,450, 1,840 and 4,140 pieces at 920 pieces a day, a production lead time of
    23.6 days. One piece's journey as an event log: waiting = the inventory days, service =
    the processing times, so 1 - waiting share = PCE = 188 s / lead time.
    """
    process = [0.0, 1.0, 39.0, 46.0, 62.0, 40.0, 0.0]
    days = np.array([0.0, 4_600, 7_000, 1_700, 2_450, 1_840, 4_140]) / 920.0
    t = 0.0
    starts, ends = [], []
    for p, d in zip(process, days, strict=True):
        t += d * DAY
        starts.append(t)
        t += p
        ends.append(t)
    epoch = pd.Timestamp("2024-01-01")
    log = pd.DataFrame(
        {
            "case": 1,
            "activity": ["coil", "stamp", "weld_1", "weld_2", "assembly_1", "assembly_2", "ship"],
            "start": epoch + pd.to_timedelta(starts, unit="s"),
            "end": epoch + pd.to_timedelta(ends, unit="s"),
        }
    )
    r = waste(log, **KW)
    assert r.cases["service_time"].item() == pytest.approx(188.0, abs=1e-6)
    assert r.total_waiting_time / DAY == pytest.approx(23.6, abs=0.05)
    lead = r.cases["lead_time"].item()
    assert lead / DAY == pytest.approx(23.6, abs=0.05)
    assert 1 - r.waiting_share == pytest.approx(188.0 / lead, rel=1e-6)
    assert r.activities["waiting_time"].idxmax() == "weld_1"  # 7.6 days of stamped parts


def _running_example() -> pd.DataFrame:
    """van der Aalst's running example (request for compensation): 6 cases, 42 events."""
    rows = [
        (3, "register request", "Pete", "2010-12-30 14:32"),
        (3, "examine casually", "Mike", "2010-12-30 15:06"),
        (3, "check ticket", "Ellen", "2010-12-30 16:34"),
        (3, "decide", "Sara", "2011-01-06 09:18"),
        (3, "reinitiate request", "Sara", "2011-01-06 12:18"),
        (3, "examine thoroughly", "Sean", "2011-01-06 13:06"),
        (3, "check ticket", "Pete", "2011-01-08 11:43"),
        (3, "decide", "Sara", "2011-01-09 09:55"),
        (3, "pay compensation", "Ellen", "2011-01-15 10:45"),
        (2, "register request", "Mike", "2010-12-30 11:32"),
        (2, "check ticket", "Mike", "2010-12-30 12:12"),
        (2, "examine casually", "Sean", "2010-12-30 14:16"),
        (2, "decide", "Sara", "2011-01-05 11:22"),
        (2, "pay compensation", "Ellen", "2011-01-08 12:05"),
        (1, "register request", "Pete", "2010-12-30 11:02"),
        (1, "examine thoroughly", "Sue", "2010-12-31 10:06"),
        (1, "check ticket", "Mike", "2011-01-05 15:12"),
        (1, "decide", "Sara", "2011-01-06 11:18"),
        (1, "reject request", "Pete", "2011-01-07 14:24"),
        (6, "register request", "Mike", "2011-01-06 15:02"),
        (6, "examine casually", "Ellen", "2011-01-06 16:06"),
        (6, "check ticket", "Mike", "2011-01-07 16:22"),
        (6, "decide", "Sara", "2011-01-07 16:52"),
        (6, "pay compensation", "Mike", "2011-01-16 11:47"),
        (5, "register request", "Ellen", "2011-01-06 09:02"),
        (5, "examine casually", "Mike", "2011-01-07 10:16"),
        (5, "check ticket", "Pete", "2011-01-08 11:22"),
        (5, "decide", "Sara", "2011-01-10 13:28"),
        (5, "reinitiate request", "Sara", "2011-01-11 16:18"),
        (5, "check ticket", "Ellen", "2011-01-14 14:33"),
        (5, "examine casually", "Mike", "2011-01-16 15:50"),
        (5, "decide", "Sara", "2011-01-19 11:18"),
        (5, "reinitiate request", "Sara", "2011-01-20 12:48"),
        (5, "examine casually", "Sue", "2011-01-21 09:06"),
        (5, "check ticket", "Pete", "2011-01-21 11:34"),
        (5, "decide", "Sara", "2011-01-23 13:12"),
        (5, "reject request", "Mike", "2011-01-24 14:56"),
        (4, "register request", "Pete", "2011-01-06 15:02"),
        (4, "check ticket", "Mike", "2011-01-07 12:06"),
        (4, "examine thoroughly", "Sean", "2011-01-08 14:43"),
        (4, "decide", "Sara", "2011-01-09 12:02"),
        (4, "reject request", "Ellen", "2011-01-12 15:44"),
    ]
    frame = pd.DataFrame(rows, columns=["case", "activity", "resource", "time"])
    frame["time"] = pd.to_datetime(frame["time"]).dt.tz_localize("Europe/Amsterdam")
    return frame


def test_running_example_van_der_aalst() -> None:
    """W. M. P. van der Aalst, *Process Mining: Data Science in Action*, 2nd ed., Springer,
    2016, sec. 1.2 (Table 1.1) and sec. 2.2: the request-for-compensation log, traces
    <a,b,d,e,h>, <a,d,c,e,g>, <a,c,d,e,f,b,d,e,g>, <a,d,b,e,h>, <a,c,d,e,f,d,c,e,f,c,d,e,h>,
    <a,c,d,e,g> (the log as distributed with the book and pm4py, running-example.xes).

    Rework (repeats within a case): case 3 repeats d and e; case 5 repeats d, e twice each, c
    twice and f once: 9 rework events in 2 cases, all caused by 'reinitiate request' (f, the
    3 events off the happy path). Hand-offs between resources, counted from the log's
    resources: 4 + 3 + 7 + 4 + 10 + 4 = 32 of the 36 transitions. Case 1 runs from
    30 Dec 2010 11:02 to 7 Jan 2011 14:24 (8 d 3 h 22 min).
    """
    happy = {
        "register request",
        "examine thoroughly",
        "examine casually",
        "check ticket",
        "decide",
        "pay compensation",
        "reject request",
    }
    r = waste(
        _running_example(),
        case="case",
        activity="activity",
        end="time",
        resource="resource",
        standard_path=happy,
    )
    assert r.n_cases == 6
    assert r.n_events == 42
    assert (r.rework_events, r.rework_cases) == (9, 2)
    assert r.activities["immediate_repeats"].sum() == 0  # every repeat closes a loop
    assert "0 immediate (A A), 9 loops back" in r.summary.loc[1, "evidence"]
    rework = r.activities["rework_events"]
    assert rework.to_dict() == {
        "check ticket": 3,
        "decide": 3,
        "examine casually": 2,
        "examine thoroughly": 0,
        "pay compensation": 0,
        "register request": 0,
        "reinitiate request": 1,
        "reject request": 0,
    }
    assert r.off_path_events == 3
    assert r.handoff_count == 32
    assert r.cases.loc[1, "lead_time"] == pytest.approx(8 * DAY + 3 * H + 22 * 60)
    assert list(r.cases.loc[[3, 5], "rework_events"]) == [2, 7]
    assert r.summary.loc[4, "share"] == pytest.approx(3 / 42)


def test_immediate_repeat_and_loop() -> None:
    """Trace <a, a, b, a>: the second a repeats immediately, the third closes a loop."""
    log = pd.DataFrame(
        {
            "case": 1,
            "activity": ["a", "a", "b", "a"],
            "end": pd.date_range("2024-01-01", periods=4, freq="h"),
        }
    )
    r = waste(log, case="case", activity="activity", end="end")
    assert r.rework_events == 2
    assert r.activities.loc["a", "immediate_repeats"] == 1
    assert r.rework_time == pytest.approx(2 * H)


def test_window_cuts_cases() -> None:
    """A window of 08:00-12:00 on day 1 cuts case a: L = (4 + 2) h / 4 h = 1.5; arrivals 2 in
    4 h, W = (25 + 2.5) / 2 h: lambda W = 6.875, gap |1.5 - 6.875| / 1.5."""
    r = waste(_hand_log(), **KW, window=("2024-01-01 08:00", "2024-01-01 12:00"))
    assert r.average_wip == pytest.approx(1.5)
    same = (datetime.datetime(2024, 1, 1, 8), np.datetime64("2024-01-01T12:00"))
    assert waste(_hand_log(), **KW, window=same).average_wip == pytest.approx(1.5)
    assert r.littles_law_wip == pytest.approx(2 / 4 * 13.75)
    assert r.littles_law_gap == pytest.approx((6.875 - 1.5) / 1.5)


def test_time_zones_and_strings() -> None:
    """Time-zone-aware and string timestamps give the same measures."""
    log = _hand_log()
    base = waste(log, **FULL)
    aware = log.assign(
        start=log["start"].dt.tz_localize("America/New_York"),
        end=log["end"].dt.tz_localize("America/New_York"),
    )
    text = log.assign(start=log["start"].astype(str), end=log["end"].astype(str))
    for other in (waste(aware, **FULL), waste(text, **FULL)):
        assert other.total_waiting_time == pytest.approx(base.total_waiting_time)
        pd.testing.assert_frame_equal(other.activities, base.activities)


def test_nan_policy_omit() -> None:
    log = _hand_log()
    log.loc[2, "resource"] = None
    with pytest.raises(InvalidInputError, match="missing"):
        waste(log, **FULL)
    r = waste(log, **FULL, nan_policy="omit")
    assert r.n_events == 7
    assert "repair" not in r.activities.index


def test_overlapping_steps_wait_zero() -> None:
    """Parallel steps (B starts before A completes) wait 0, not a negative time."""
    log = pd.DataFrame(
        {
            "case": [1, 1],
            "activity": ["a", "b"],
            "start": pd.to_datetime(["2024-01-01 08:00", "2024-01-01 08:30"]),
            "end": pd.to_datetime(["2024-01-01 09:00", "2024-01-01 10:00"]),
        }
    )
    r = waste(log, **KW)
    assert r.total_waiting_time == 0.0
    assert r.waiting_share == 0.0


def test_single_instant_log() -> None:
    """One event without start: no time passes; arrival rate inf, WIP 0, no NaN."""
    log = pd.DataFrame({"case": [1], "activity": ["a"], "end": pd.to_datetime(["2024-01-01"])})
    r = waste(log, case="case", activity="activity", end="end")
    assert r.average_wip == 0.0
    assert r.arrival_rate == np.inf
    assert r.littles_law_gap == 0.0
    assert r.waiting_share == 0.0
    assert r.cases["waiting_share"].item() == 0.0


# --------------------------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------------------------


@st.composite
def _logs(draw: st.DrawFn) -> pd.DataFrame:
    n_cases = draw(st.integers(1, 8))
    rows = []
    for c in range(n_cases):
        t = draw(st.integers(0, 10_000))
        for _ in range(draw(st.integers(1, 6))):
            t += draw(st.integers(0, 500))
            s = t
            t += draw(st.integers(0, 500))
            rows.append(
                (f"c{c}", draw(st.sampled_from("abcd")), draw(st.sampled_from("xyz")), s, t)
            )
    frame = pd.DataFrame(rows, columns=["case", "activity", "resource", "start", "end"])
    epoch = pd.Timestamp("2024-03-01")
    frame["start"] = epoch + pd.to_timedelta(frame["start"], unit="s")
    frame["end"] = epoch + pd.to_timedelta(frame["end"], unit="s")
    order = draw(st.permutations(range(len(frame))))
    return frame.iloc[list(order)].reset_index(drop=True)


@settings(max_examples=50, deadline=None)
@given(_logs())
def test_littles_law_over_a_window_containing_every_case(log: pd.DataFrame) -> None:
    """Little (1961): over a window holding every case, the time-average WIP (the integral of
    the WIP step function over the window length) equals arrival rate x mean lead time."""
    r = waste(log, **KW)
    wip = r.wip
    if len(wip) > 1:
        dt = np.diff(wip["time"].to_numpy().view(np.int64)) / 1e9
        integral = float((wip["wip"].to_numpy()[:-1] * dt).sum())
        span = (r.window_end - r.window_start).total_seconds()
        assert r.average_wip == pytest.approx(integral / span, rel=1e-9, abs=1e-12)
    assert r.average_wip == pytest.approx(r.littles_law_wip, rel=1e-9, abs=1e-12)
    if np.isfinite(r.arrival_rate):
        assert r.average_wip == pytest.approx(
            r.arrival_rate * r.mean_lead_time, rel=1e-9, abs=1e-12
        )
    assert r.littles_law_gap == pytest.approx(0.0, abs=1e-9)
    assert wip["wip"].iloc[-1] == 0
    assert (wip["wip"] >= 0).all()


@settings(max_examples=50, deadline=None)
@given(_logs())
def test_measures_agree_with_plain_pandas(log: pd.DataFrame) -> None:
    """Waiting + service = lead time for sequential cases; rework = events minus distinct
    (case, activity) pairs; hand-offs = resource changes between consecutive events (ordered
    by end, then start); the row order does not matter unless events tie fully (same case,
    start and end), which keep their log order."""
    r = waste(log, **KW, resource="resource")
    ordered = log.sort_values(["case", "end", "start"], kind="stable")
    lead = ordered.groupby("case")["end"].max() - ordered.groupby("case")["start"].min()
    cases = r.cases.sort_index()
    assert np.allclose(cases["lead_time"], lead.dt.total_seconds())
    assert np.allclose(cases["waiting_time"] + cases["service_time"], cases["lead_time"])
    assert r.rework_events == len(log) - len(log.drop_duplicates(["case", "activity"]))
    changed = ordered["resource"] != ordered.groupby("case")["resource"].shift()
    first = ordered["case"] != ordered["case"].shift()
    assert r.handoff_count == int((changed & ~first).sum())
    assert 0.0 <= r.waiting_share <= 1.0
    assert r.activities["events"].sum() == len(log)
    if not log.duplicated(["case", "start", "end"]).any():  # full ties keep their log order
        shuffled = waste(log.sample(frac=1.0, random_state=0), **KW, resource="resource")
        pd.testing.assert_frame_equal(shuffled.activities, r.activities)


@settings(max_examples=30, deadline=None)
@given(_logs())
def test_agrees_with_the_process_graph(log: pd.DataFrame) -> None:
    """On sequential cases (no overlap, so no waiting is clipped at 0) the transitions table is
    process.from_event_log's directly-follows graph: same pairs, frequencies and mean waiting;
    the case lead times are process.case_lead_times."""
    from opsmodels.process import case_lead_times, from_event_log

    r = waste(log, **KW)
    graph = from_event_log(log, **KW)
    got = {
        (a, b): (c, w)
        for a, b, c, w in r.transitions[
            ["source", "target", "count", "mean_waiting_time"]
        ].itertuples(index=False)
    }
    assert set(got) == set(graph.edges)
    for (a, b), (count, mean) in got.items():
        assert count == graph.edges[a, b]["frequency"]
        assert mean == pytest.approx(graph.edges[a, b]["mean_time"], abs=1e-9)
    leads = case_lead_times(log, case="case", end="end", start="start")
    pd.testing.assert_series_equal(
        r.cases["lead_time"], leads, check_names=False, check_index_type=False
    )


# --------------------------------------------------------------------------------------------
# Dask
# --------------------------------------------------------------------------------------------


def _same(a: WasteResult, b: WasteResult) -> None:
    pd.testing.assert_frame_equal(a.summary, b.summary)
    # Dask may hold the labels as another string dtype: the values must agree
    pd.testing.assert_frame_equal(a.activities, b.activities, check_index_type=False)
    pd.testing.assert_frame_equal(
        a.cases.sort_index(), b.cases.sort_index(), check_index_type=False
    )
    pd.testing.assert_frame_equal(a.handoffs, b.handoffs)
    pd.testing.assert_frame_equal(a.transitions, b.transitions)
    pd.testing.assert_frame_equal(a.wip, b.wip)
    if a.output is not None:
        pd.testing.assert_frame_equal(a.output, b.output)


def test_dask_same_answer_as_pandas() -> None:
    dd = pytest.importorskip("dask.dataframe")
    log = pd.concat([_hand_log().assign(case=lambda f, i=i: f["case"] + str(i)) for i in range(5)])
    log = log.sample(frac=1.0, random_state=4).reset_index(drop=True)
    options = dict(FULL, demand=1.0)
    expected = waste(log, **options)
    got = waste(dd.from_pandas(log, npartitions=3), **options)
    _same(expected, got)
    holes = log.astype({"resource": object})
    holes.loc[[0, 7], "resource"] = None
    expected = waste(holes, **FULL, nan_policy="omit")
    _same(expected, waste(dd.from_pandas(holes, npartitions=3), **FULL, nan_policy="omit"))
    assert expected.n_events == len(log) - 2
    edges = {("register", "check"), ("check", "ship")}
    expected = waste(log, **KW, standard_path=edges)
    _same(expected, waste(dd.from_pandas(log, npartitions=3), **KW, standard_path=edges))


def test_dask_on_worker_processes(dask_client: object) -> None:
    dd = pytest.importorskip("dask.dataframe")
    log = _running_example()
    kw = {"case": "case", "activity": "activity", "end": "time", "resource": "resource"}
    expected = waste(log, **kw)
    got = waste(dd.from_pandas(log, npartitions=3), **kw)
    _same(expected, got)
    assert got.handoff_count == 32


def test_dask_bad_input() -> None:
    dd = pytest.importorskip("dask.dataframe")
    log = _hand_log()
    with pytest.raises(InvalidInputError, match="standard_path"):
        waste(dd.from_pandas(log, npartitions=2), **KW, standard_path=["register", "nope"])
    missing = log.astype({"resource": object})
    missing.loc[6, "resource"] = None
    with pytest.raises(InvalidInputError, match="missing values in column 'resource'"):
        waste(dd.from_pandas(missing, npartitions=2), **KW, resource="resource")
    bad = log.assign(start=log["end"] + pd.Timedelta("1h"))
    with pytest.raises(InvalidInputError, match="complete no earlier than they start"):
        waste(dd.from_pandas(bad, npartitions=2), **KW)


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------


def test_unsorted_log_is_handled() -> None:
    log = _hand_log()
    a = waste(log, **FULL)
    b = waste(log.iloc[::-1].reset_index(drop=True), **FULL)
    pd.testing.assert_frame_equal(a.activities, b.activities)
    assert a.total_waiting_time == b.total_waiting_time


def test_event_completing_before_it_starts() -> None:
    log = _hand_log()
    log.loc[1, "start"] = log.loc[1, "end"] + pd.Timedelta("1min")
    with pytest.raises(InvalidInputError, match=r"'log' parameter of waste.*row 1"):
        waste(log, **KW)


@pytest.mark.parametrize("column", ["case", "activity", "end", "start", "resource", "location"])
def test_missing_column(column: str) -> None:
    options = dict(FULL, **{column: "nope"})
    with pytest.raises(InvalidInputError, match="column 'nope'"):
        waste(_hand_log(), **options)


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (["register", "inspect"], "inspect"),
        ({"register", "inspect"}, "inspect"),
        ({("register", "check"), ("check", "inspect")}, "inspect"),
        ([], r"\[\]"),
        ("register", "register"),
    ],
)
def test_unknown_activities_in_standard_path(path: object, shown: str) -> None:
    with pytest.raises(InvalidInputError, match=rf"'standard_path'.*{shown}"):
        waste(_hand_log(), **KW, standard_path=path)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "demand",
    [
        -1.0,
        np.nan,
        np.inf,
        True,
        "10",
        pd.Series([1.0, -2.0], index=pd.to_datetime(["2024-01-01", "2024-01-02"])),
        pd.Series([1.0], index=["monday"]),
        pd.Series([30.0], index=pd.PeriodIndex(["2024-01"], freq="M")),
        pd.Series(["x"], index=pd.to_datetime(["2024-01-01"])),
        pd.Series([1.0, 2.0], index=pd.to_datetime(["2024-01-01 00:00", "2024-01-01 06:00"])),
    ],
)
def test_bad_demand(demand: object) -> None:
    with pytest.raises(InvalidInputError, match="'demand'"):
        waste(_hand_log(), **KW, demand=demand)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "name"),
    [
        ({"period": "fortnight"}, "period"),
        ({"period": 7}, "period"),
        ({"window": ("2024-01-02", "2024-01-01")}, "window"),
        ({"window": ("2024-01-01",)}, "window"),
        ({"window": (1, 2)}, "window"),
        ({"demand": 1.0, "output_activity": "nope"}, "output_activity"),
        ({"output_activity": "ship"}, "output_activity"),
        ({"nan_policy": "drop"}, "nan_policy"),
        ({"resource": ["resource"]}, "resource"),
        ({"location": 1.5}, "location"),
    ],
)
def test_bad_options(options: dict[str, object], name: str) -> None:
    with pytest.raises(InvalidInputError, match=f"'{name}' parameter of waste"):
        waste(_hand_log(), **KW, **options)  # type: ignore[arg-type]


def test_bad_logs() -> None:
    with pytest.raises(InvalidInputError, match="'log'"):
        waste([1, 2], **KW)
    with pytest.raises(InvalidInputError, match="non-empty"):
        waste(_hand_log().iloc[:0], **KW)
    log = _hand_log()
    log.loc[0, "case"] = None
    with pytest.raises(InvalidInputError, match="missing values in column 'case'"):
        waste(log, **KW)
    log = _hand_log().assign(end="not a time")
    with pytest.raises(InvalidInputError, match="timestamps"):
        waste(log, **KW)
    log = _hand_log()
    log.loc[0, "site"] = None
    with pytest.raises(InvalidInputError, match="omitting"):
        waste(log.iloc[:1], **FULL, nan_policy="omit")


def test_sequential_zero_length_events_in_any_row_order() -> None:
    """Regression (found by hypothesis): events (0 -> 1 s) and (1 s -> 1 s) of one case end
    together; ordered by start on the tie, the case is sequential in either row order, so
    waiting + service = lead time and the repeat's (zero) rework time does not depend on the
    row order."""
    t = pd.Timestamp("2024-03-01")
    s = pd.Timedelta(seconds=1)
    log = pd.DataFrame(
        {
            "case": ["c0", "c0", "c2", "c2", "c2"],
            "activity": ["a", "a", "a", "a", "a"],
            "resource": ["x"] * 5,
            "start": [t, t + s, t, t + s, t],
            "end": [t + s, t + s, t, t + s, t + s],
        }
    )
    forward = waste(log, **KW, resource="resource")
    backward = waste(log.iloc[::-1], **KW, resource="resource")
    pd.testing.assert_frame_equal(forward.activities, backward.activities)
    cases = forward.cases
    np.testing.assert_allclose(cases["waiting_time"] + cases["service_time"], cases["lead_time"])
    assert forward.activities.loc["a", "rework_time"] == 1.0  # c2's (0 -> 1 s) is its second event
