"""Tests of process.from_event_log and process.case_lead_times."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.process import (
    arrival_rates,
    case_lead_times,
    from_event_log,
    validate_process_graph,
)

DATA = Path(__file__).parents[2].parent / "shared" / "data"
EPOCH = pd.Timestamp("2024-01-01 00:00")


def _log() -> pd.DataFrame:
    t = pd.to_datetime
    return pd.DataFrame(
        {
            "case": ["c1", "c1", "c1", "c2", "c2", "c2", "c3", "c3"],
            "activity": ["A", "B", "C", "A", "C", "B", "A", "B"],
            "start": t(
                [
                    "2024-01-01 08:00", "2024-01-01 09:00", "2024-01-01 12:00",
                    "2024-01-01 08:00", "2024-01-01 08:40", "2024-01-01 10:00",
                    "2024-01-02 08:00", "2024-01-02 08:30",
                ]
            ),
            "end": t(
                [
                    "2024-01-01 08:30", "2024-01-01 10:00", "2024-01-01 13:00",
                    "2024-01-01 08:20", "2024-01-01 09:00", "2024-01-01 11:00",
                    "2024-01-02 08:10", "2024-01-02 09:30",
                ]
            ),
        }
    )  # fmt: skip


def _random_log(rng: np.random.Generator, cases: int = 200, acts: int = 6) -> pd.DataFrame:
    sizes = rng.integers(1, 8, cases)
    n = int(sizes.sum())
    case = np.repeat(np.arange(cases), sizes)
    service = rng.integers(1, 3600, n)
    gap = rng.integers(0, 7200, n)
    end = np.zeros(n, dtype=np.int64)
    pos = 0
    for size in sizes:  # test data only
        end[pos : pos + size] = np.cumsum(service[pos : pos + size] + gap[pos : pos + size])
        pos += size
    end = end + np.repeat(rng.integers(0, 10**6, cases), sizes)
    return pd.DataFrame(
        {
            "case": case,
            "activity": np.array(list("ABCDEFGH"))[rng.integers(0, acts, n)],
            "start": EPOCH + pd.to_timedelta(end - service, unit="s"),
            "end": EPOCH + pd.to_timedelta(end, unit="s"),
        }
    )


def _pandas_dfg(log: pd.DataFrame, *, start: str | None) -> pd.DataFrame:
    """Directly-follows pairs and their times by a direct pandas computation."""
    ordered = log.reset_index(drop=True)
    ordered = ordered.assign(row=np.arange(len(ordered))).sort_values(
        ["case", "end", "row"], kind="stable"
    )
    nxt = ordered.groupby("case").shift(-1)
    pairs = pd.DataFrame(
        {
            "source": ordered["activity"],
            "target": nxt["activity"],
            "time": ((nxt[start] if start else nxt["end"]) - ordered["end"]).dt.total_seconds(),
        }
    ).dropna(subset=["target"])
    return pairs


# ------------------------------------------------------------------ reference / hand checks


def test_hand_example_waiting_times() -> None:
    """Hand-computed directly-follows graph: waiting = start(B) - complete(A), service =
    complete - start (van der Aalst, Process Mining, 2nd ed., 2016, ch. 9)."""
    g = from_event_log(_log(), case="case", activity="activity", end="end", start="start")
    assert g.graph["edge_time"] == "waiting"
    assert dict(g.nodes(data="frequency")) == {"A": 3, "B": 3, "C": 2}
    assert {(u, v): f for u, v, f in g.edges(data="frequency")} == {
        ("A", "B"): 2,
        ("B", "C"): 1,
        ("A", "C"): 1,
        ("C", "B"): 1,
    }
    ab = g.edges["A", "B"]
    # c1: 09:00 - 08:30 = 1800 s; c3: 08:30 - 08:10 = 1200 s
    assert ab["mean_time"] == pytest.approx(1500.0)
    assert ab["median_time"] == pytest.approx(1500.0)
    assert ab["p90_time"] == pytest.approx(1200 + 0.9 * 600)
    assert ab["max_time"] == pytest.approx(1800.0)
    assert ab["std_time"] == pytest.approx(np.std([1800, 1200], ddof=1))
    # c2: C starts 08:40 after A completes 08:20 -> 1200 s
    assert g.edges["A", "C"]["mean_time"] == pytest.approx(1200.0)
    # parallel work: B of c2 starts 10:00, C completed 09:00 -> 3600 s
    assert g.edges["C", "B"]["mean_time"] == pytest.approx(3600.0)
    assert g.nodes["B"]["mean_service_time"] == pytest.approx(3600.0)
    assert g.nodes["A"]["max_service_time"] == pytest.approx(1800.0)
    assert g.graph["start_activities"] == {"A": 3}
    assert g.graph["end_activities"] == {"B": 2, "C": 1}
    lead = g.graph["case_lead_time"]
    assert lead["count"] == 3
    assert lead["max"] == pytest.approx(5 * 3600.0)  # c1 08:00 -> 13:00
    assert lead["median"] == pytest.approx(3 * 3600.0)  # c2 08:00 -> 11:00


def test_complete_to_complete_without_start() -> None:
    g = from_event_log(_log(), case="case", activity="activity", end="end")
    assert g.graph["edge_time"] == "complete_to_complete"
    assert g.edges["A", "B"]["mean_time"] == pytest.approx((5400 + 4800) / 2)
    assert "mean_service_time" not in g.nodes["A"]


def test_attribute_names_of_design_section_8() -> None:
    g = from_event_log(_log(), case="case", activity="activity", end="end", start="start")
    for _, _, data in g.edges(data=True):
        assert set(data) == {
            "frequency",
            "mean_time",
            "median_time",
            "p90_time",
            "max_time",
            "std_time",
            "probability",
        }
    for _, data in g.nodes(data=True):
        assert {"frequency", "mean_service_time", "median_service_time", "p90_service_time",
                "max_service_time"} <= set(data)  # fmt: skip


def test_statistics_match_pandas_groupby() -> None:
    log = _random_log(np.random.default_rng(3))
    g = from_event_log(log, case="case", activity="activity", end="end", start="start")
    pairs = _pandas_dfg(log, start="start")
    expected = pairs.groupby(["source", "target"])["time"].agg(
        ["size", "mean", "median", "max", lambda s: s.quantile(0.9)]
    )
    expected.columns = ["size", "mean", "median", "max", "p90"]
    assert g.number_of_edges() == len(expected)
    for (u, v), row in expected.iterrows():
        e = g.edges[u, v]
        assert e["frequency"] == row["size"]
        assert e["mean_time"] == pytest.approx(row["mean"])
        assert e["median_time"] == pytest.approx(row["median"])
        assert e["p90_time"] == pytest.approx(row["p90"])
        assert e["max_time"] == pytest.approx(row["max"])
    service = (log["end"] - log["start"]).dt.total_seconds().groupby(log["activity"])
    for act, s in service:
        assert g.nodes[act]["median_service_time"] == pytest.approx(s.median())
        assert g.nodes[act]["p90_service_time"] == pytest.approx(s.quantile(0.9))
        assert g.nodes[act]["std_service_time"] == pytest.approx(s.std() if len(s) > 1 else 0.0)


def test_ties_in_end_keep_log_order() -> None:
    """Events of a case are ordered by end, and full ties by their order in the log (DESIGN.md
    sec. 8; equal ends with different starts are ordered by start, see the next test)."""
    t = pd.Timestamp("2024-03-01 10:00")
    log = pd.DataFrame({"case": [1, 1, 1], "activity": ["X", "Y", "Z"], "end": [t, t, t]})
    g = from_event_log(log, case="case", activity="activity", end="end")
    assert sorted(g.edges) == [("X", "Y"), ("Y", "Z")]
    g2 = from_event_log(log.iloc[::-1], case="case", activity="activity", end="end")
    assert sorted(g2.edges) == [("Y", "X"), ("Z", "Y")]


def test_equal_ends_are_ordered_by_start_then_log_order() -> None:
    """A zero-length event that starts when its predecessor completes comes after it, in any
    row order; the waiting time is then never clipped by a spurious overlap."""
    t = pd.Timestamp("2024-03-01 10:00")
    s = pd.Timedelta(seconds=1)
    log = pd.DataFrame(
        {
            "case": [1, 1],
            "activity": ["check", "stamp"],
            "start": [t, t + s],
            "end": [t + s, t + s],
        }
    )
    for frame in (log, log.iloc[::-1]):
        g = from_event_log(frame, case="case", activity="activity", start="start", end="end")
        assert list(g.edges) == [("check", "stamp")]
        assert g.edges["check", "stamp"]["mean_time"] == 0.0


def test_receipt_log_frequencies_match_direct_count() -> None:
    """Real data: the WABO receipt phase log (Buijs 2014, 4TU.ResearchData,
    doi:10.4121/uuid:a07386a5-7be3-4367-9535-70bc9e77dbe6): 8,577 events of 1,434 cases;
    activity and directly-follows frequencies against a direct pandas count."""
    path = DATA / "receipt.csv"
    if not path.exists():
        pytest.skip(f"reference data {path} is absent")
    raw = pd.read_csv(path)
    kw = dict(case="case:concept:name", activity="concept:name", end="time:timestamp")
    g = from_event_log(raw, **kw)
    assert g.graph["events"] == 8577
    assert g.graph["cases"] == 1434
    counts = raw["concept:name"].value_counts()
    assert dict(g.nodes(data="frequency")) == counts.to_dict()
    log = pd.DataFrame(
        {
            "case": raw["case:concept:name"],
            "activity": raw["concept:name"],
            "end": pd.to_datetime(raw["time:timestamp"], utc=True),
        }
    )
    pairs = _pandas_dfg(log, start=None)
    expected = pairs.groupby(["source", "target"]).size()
    assert {(u, v): f for u, v, f in g.edges(data="frequency")} == expected.to_dict()
    assert sum(f for _, _, f in g.edges(data="frequency")) == 8577 - 1434
    means = pairs.groupby(["source", "target"])["time"].mean()
    for (u, v), m in means.items():
        assert g.edges[u, v]["mean_time"] == pytest.approx(m, rel=1e-9, abs=1e-6)
    firsts = log.sort_values(["case", "end"], kind="stable").groupby("case")["activity"].first()
    assert g.graph["start_activities"] == firsts.value_counts().to_dict()


def test_receipt_log_performance_matches_pm4py() -> None:
    """The receipt log's edge 'Confirmation of receipt' -> 'T02 Check confirmation of receipt'
    as pm4py 2.7 reports it (``pm4py.discover_performance_dfg``, complete-to-complete, run
    side by side in a separate environment): 1079 pairs, mean 72163.8380231696 s, median
    35.189 s, max 6223019.484 s, stdev 418456.31794732384 s (sample, ddof = 1)."""
    path = DATA / "receipt.csv"
    if not path.exists():
        pytest.skip(f"reference data {path} is absent")
    raw = pd.read_csv(path)
    g = from_event_log(raw, case="case:concept:name", activity="concept:name", end="time:timestamp")
    e = g.edges["Confirmation of receipt", "T02 Check confirmation of receipt"]
    assert e["frequency"] == 1079
    assert e["mean_time"] == pytest.approx(72163.8380231696, rel=1e-12)
    assert e["median_time"] == pytest.approx(35.189, rel=1e-12)
    assert e["max_time"] == pytest.approx(6223019.484, rel=1e-12)
    assert e["std_time"] == pytest.approx(418456.31794732384, rel=1e-9)


def test_single_event_cases_have_no_edges() -> None:
    log = _log().drop_duplicates("case")
    g = from_event_log(log, case="case", activity="activity", end="end", start="start")
    assert g.number_of_edges() == 0
    assert g.graph["case_lead_time"]["count"] == 3
    assert g.nodes["A"]["frequency"] == 3


def test_many_activities_and_huge_time_spans() -> None:
    """Sparse edge keys (many activities) and times too spread to pack with the edge codes."""
    rng = np.random.default_rng(11)
    n = 400
    years = rng.integers(1700, 2250, n)
    end = pd.to_datetime([f"{y}-06-01" for y in np.sort(years)])
    log = pd.DataFrame(
        {"case": np.repeat(np.arange(n // 2), 2), "activity": np.arange(n) % 300, "end": end}
    )
    g = from_event_log(log, case="case", activity="activity", end="end")
    pairs = _pandas_dfg(log, start=None)
    assert g.number_of_edges() == len(pairs.groupby(["source", "target"]))
    for (u, v), t in pairs.groupby(["source", "target"])["time"]:
        assert g.edges[u, v]["median_time"] == pytest.approx(t.median())
        assert g.edges[u, v]["max_time"] == pytest.approx(t.max())


# ------------------------------------------------------------------ calendar


def test_working_calendar_counts_working_hours_only() -> None:
    """Friday 16:00 -> Monday 09:00 is 2 working hours on an 8-17 Mon-Fri calendar."""
    log = pd.DataFrame(
        {
            "case": [1, 1, 1],
            "activity": ["a", "b", "c"],
            "end": pd.to_datetime(["2024-03-01 16:00", "2024-03-04 09:00", "2024-03-04 20:00"]),
        }
    )
    g = from_event_log(log, case="case", activity="activity", end="end", calendar=(8, 17))
    assert g.edges["a", "b"]["mean_time"] == pytest.approx(2 * 3600.0)
    assert g.edges["b", "c"]["mean_time"] == pytest.approx(8 * 3600.0)
    g7 = from_event_log(
        log, case="case", activity="activity", end="end", calendar=(0, 24, range(7))
    )
    assert g7.edges["a", "b"]["mean_time"] == pytest.approx(65 * 3600.0)
    lead = case_lead_times(log, case="case", end="end", calendar=(8, 17))
    assert lead.iloc[0] == pytest.approx(10 * 3600.0)


def test_business_hour_offsets_and_holidays() -> None:
    """A pandas CustomBusinessHour gives the same working times as the tuple; a holiday on
    Monday 2024-03-04 moves Friday 16:00 -> Tuesday 09:00 to 2 working hours."""
    log = pd.DataFrame(
        {
            "case": [1, 1, 2, 2],
            "activity": ["a", "b", "c", "d"],
            "end": pd.to_datetime(
                ["2024-03-01 16:00", "2024-03-04 09:00", "2024-03-01 16:00", "2024-03-05 09:00"]
            ),
        }
    )
    kw = dict(case="case", activity="activity", end="end")
    g = from_event_log(log, **kw, calendar=pd.offsets.BusinessHour(start="08:00", end="17:00"))
    assert g.edges["a", "b"]["mean_time"] == pytest.approx(2 * 3600.0)
    assert g.edges["c", "d"]["mean_time"] == pytest.approx(11 * 3600.0)
    cbh = pd.offsets.CustomBusinessHour(start="08:00", end="17:00", holidays=["2024-03-04"])
    h = from_event_log(log, **kw, calendar=cbh)
    assert h.edges["c", "d"]["mean_time"] == pytest.approx(2 * 3600.0)
    assert h.edges["a", "b"]["mean_time"] == pytest.approx(1 * 3600.0)  # Fri 16-17
    sat = pd.offsets.CustomBusinessHour(
        start="08:00", end="17:00", weekmask="Mon Tue Wed Thu Fri Sat"
    )
    assert from_event_log(log, **kw, calendar=sat).edges["a", "b"]["mean_time"] == pytest.approx(
        11 * 3600.0
    )


def _brute_working_seconds(
    t1: pd.Timestamp, t2: pd.Timestamp, lo: float, hi: float, days: set[int], holidays: set
) -> float:
    """Working seconds in [t1, t2] by walking the calendar day by day."""
    total = 0.0
    day = t1.normalize()
    while day <= t2:
        if day.weekday() in days and day.date() not in holidays:
            a = max(t1, day + pd.Timedelta(hours=lo))
            b = min(t2, day + pd.Timedelta(hours=hi))
            total += max((b - a).total_seconds(), 0.0)
        day += pd.Timedelta(days=1)
    return total


@settings(max_examples=40, deadline=None)
@given(
    offsets=st.lists(st.integers(0, 20 * 86400), min_size=2, max_size=2, unique=True),
    lo=st.integers(0, 12),
    length=st.integers(1, 11),
    days=st.sets(st.integers(0, 6), min_size=1),
    holiday=st.integers(0, 20),
)
def test_working_time_matches_a_day_by_day_count(
    offsets: list[int], lo: int, length: int, days: set[int], holiday: int
) -> None:
    t1, t2 = (pd.Timestamp("2024-02-26") + pd.Timedelta(seconds=o) for o in sorted(offsets))
    hol = (pd.Timestamp("2024-02-26") + pd.Timedelta(days=holiday)).date()
    mask = " ".join(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d] for d in sorted(days))
    cal = pd.offsets.CustomBusinessHour(
        start=f"{lo:02d}:00", end=f"{lo + length:02d}:00", weekmask=mask, holidays=[hol]
    )
    log = pd.DataFrame({"case": [1, 1], "activity": ["a", "b"], "end": [t1, t2]})
    g = from_event_log(log, case="case", activity="activity", end="end", calendar=cal)
    expected = _brute_working_seconds(t1, t2, lo, lo + length, days, {hol})
    assert g.edges["a", "b"]["mean_time"] == pytest.approx(expected, abs=1e-6)


def test_overnight_business_hours_rejected() -> None:
    with pytest.raises(InvalidInputError, match="calendar"):
        from_event_log(
            _log(),
            case="case",
            activity="activity",
            end="end",
            calendar=pd.offsets.BusinessHour(start="22:00", end="06:00"),
        )


def test_calendar_uses_wall_clock_of_aware_timestamps() -> None:
    ends = pd.to_datetime(["2024-03-01 16:00", "2024-03-04 09:00"]).tz_localize("Europe/Amsterdam")
    log = pd.DataFrame({"case": [1, 1], "activity": ["a", "b"], "end": ends})
    g = from_event_log(log, case="case", activity="activity", end="end", calendar=(8, 17))
    assert g.edges["a", "b"]["mean_time"] == pytest.approx(2 * 3600.0)


# ------------------------------------------------------------------ properties


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), cases=st.integers(1, 40))
def test_frequencies_sum_to_pairs_and_shuffle_invariance(seed: int, cases: int) -> None:
    rng = np.random.default_rng(seed)
    log = _random_log(rng, cases=cases)
    log["end"] = log["end"] + pd.to_timedelta(np.arange(len(log)), unit="ms")  # unique ends
    kw = dict(case="case", activity="activity", end="end", start="start")
    g = from_event_log(log, **kw)
    n_pairs = len(log) - log["case"].nunique()
    assert sum(f for _, _, f in g.edges(data="frequency")) == n_pairs
    assert sum(f for _, f in g.nodes(data="frequency")) == len(log)
    shuffled = log.sample(frac=1.0, random_state=seed % 1000)
    g2 = from_event_log(shuffled, **kw)
    _same(g, g2)
    assert g2.graph["case_lead_time"] == pytest.approx(g.graph["case_lead_time"])


def _same(g: nx.DiGraph, h: nx.DiGraph) -> bool:
    assert set(g.edges) == set(h.edges)
    for e in g.edges:
        assert g.edges[e] == pytest.approx(h.edges[e])
    for v in g.nodes:
        assert g.nodes[v] == pytest.approx(h.nodes[v])
    return True


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6), cases=st.integers(1, 40))
def test_routing_probabilities_reproduce_activity_frequencies(seed: int, cases: int) -> None:
    """Flow balance on the directly-follows graph: with the case starts as external arrivals,
    the traffic equations give back every activity's frequency (each event either has a
    successor in its case or ends it)."""
    log = _random_log(np.random.default_rng(seed), cases=cases)
    g = from_event_log(log, case="case", activity="activity", end="end")
    starts = g.graph["start_activities"]
    info = validate_process_graph(g, sources=list(starts))
    for v in g.nodes:
        out = sum(p for _, _, p in g.out_edges(v, data="probability"))
        ends = g.graph["end_activities"].get(v, 0)
        assert out == pytest.approx(1 - ends / g.nodes[v]["frequency"])
        assert info.exit_probability.get(v, 0.0) == pytest.approx(ends / g.nodes[v]["frequency"])
    flow = arrival_rates(g, starts)
    assert flow.arrival_rates.to_dict() == pytest.approx(dict(g.nodes(data="frequency")))
    assert flow.throughput == pytest.approx(cases)


def test_input_not_mutated() -> None:
    log = _random_log(np.random.default_rng(1)).sample(frac=1.0, random_state=0)
    before = log.copy()
    from_event_log(log, case="case", activity="activity", end="end", start="start")
    case_lead_times(log, case="case", end="end", start="start")
    pd.testing.assert_frame_equal(log, before)


def test_case_lead_times_series() -> None:
    lead = case_lead_times(_log(), case="case", end="end", start="start")
    assert list(lead.index) == ["c1", "c2", "c3"]
    assert lead.index.name == "case"
    np.testing.assert_allclose(lead.to_numpy(), [5 * 3600, 3 * 3600, 1.5 * 3600])


def test_string_timestamps_with_mixed_offsets() -> None:
    log = pd.DataFrame(
        {
            "case": [1, 1],
            "activity": ["a", "b"],
            "end": ["2011-10-30 01:30:00+02:00", "2011-10-30 02:30:00+01:00"],
        }
    )
    g = from_event_log(log, case="case", activity="activity", end="end")
    assert g.edges["a", "b"]["mean_time"] == pytest.approx(2 * 3600.0)


# ------------------------------------------------------------------ Dask


def _assert_same_graph(g: nx.DiGraph, h: nx.DiGraph) -> None:
    for key in ("edge_time", "cases", "events", "start_activities", "end_activities"):
        assert g.graph[key] == h.graph[key]
    assert g.graph["case_lead_time"] == pytest.approx(h.graph["case_lead_time"])
    _same(g, h)


@pytest.mark.parametrize("start", [None, "start"])
def test_dask_matches_pandas(start: str | None) -> None:
    dd = pytest.importorskip("dask.dataframe")
    log = _random_log(np.random.default_rng(5)).sample(frac=1.0, random_state=2)
    kw = dict(case="case", activity="activity", end="end", start=start)
    expected = from_event_log(log, **kw)
    got = from_event_log(dd.from_pandas(log, npartitions=3), **kw)
    _assert_same_graph(expected, got)
    lead = case_lead_times(dd.from_pandas(log, npartitions=3), case="case", end="end", start=start)
    ref = case_lead_times(log, case="case", end="end", start=start)
    pd.testing.assert_series_equal(lead.sort_index(), ref.sort_index(), check_index_type=False)


def test_dask_receipt_log_matches_pandas() -> None:
    """The real receipt log (string timestamps with +01:00 and +02:00 offsets) through Dask."""
    dd = pytest.importorskip("dask.dataframe")
    path = DATA / "receipt.csv"
    if not path.exists():
        pytest.skip(f"reference data {path} is absent")
    raw = pd.read_csv(path)
    kw = dict(case="case:concept:name", activity="concept:name", end="time:timestamp")
    _assert_same_graph(
        from_event_log(raw, **kw), from_event_log(dd.from_pandas(raw, npartitions=3), **kw)
    )


def test_dask_ties_keep_log_order() -> None:
    dd = pytest.importorskip("dask.dataframe")
    t = pd.Timestamp("2024-03-01 10:00")
    log = pd.DataFrame(
        {"case": [1, 2, 1, 2, 1], "activity": ["X", "X", "Y", "Y", "Z"], "end": [t] * 5}
    )
    got = from_event_log(
        dd.from_pandas(log, npartitions=3), case="case", activity="activity", end="end"
    )
    assert sorted(got.edges) == [("X", "Y"), ("Y", "Z")]


def test_dask_on_worker_processes(dask_client: object) -> None:
    dd = pytest.importorskip("dask.dataframe")
    log = _random_log(np.random.default_rng(8))
    kw = dict(case="case", activity="activity", end="end", start="start", calendar=(8, 17))
    _assert_same_graph(
        from_event_log(log, **kw), from_event_log(dd.from_pandas(log, npartitions=3), **kw)
    )


# ------------------------------------------------------------------ bad input


def test_missing_column() -> None:
    with pytest.raises(InvalidInputError, match="column 'stamp'"):
        from_event_log(_log(), case="case", activity="activity", end="stamp")


def test_empty_log() -> None:
    with pytest.raises(InvalidInputError, match="non-empty"):
        from_event_log(_log().iloc[:0], case="case", activity="activity", end="end")


def test_unparseable_timestamps() -> None:
    log = _log().assign(end=["not a time"] * 8)
    with pytest.raises(InvalidInputError, match="unparseable"):
        from_event_log(log, case="case", activity="activity", end="end")


def test_numeric_timestamps_rejected() -> None:
    log = _log().assign(end=np.arange(8.0))
    with pytest.raises(InvalidInputError, match="timestamps"):
        from_event_log(log, case="case", activity="activity", end="end")


def test_missing_timestamp() -> None:
    log = _log()
    log.loc[3, "end"] = pd.NaT
    with pytest.raises(InvalidInputError, match="missing timestamps"):
        from_event_log(log, case="case", activity="activity", end="end")


def test_event_completing_before_it_starts() -> None:
    log = _log()
    log.loc[2, "start"] = log.loc[2, "end"] + pd.Timedelta(1, "s")
    with pytest.raises(InvalidInputError, match="row 2 completing before it starts"):
        from_event_log(log, case="case", activity="activity", end="end", start="start")


def test_missing_activity_label() -> None:
    log = _log()
    log.loc[1, "activity"] = None
    with pytest.raises(InvalidInputError, match="missing values in column 'activity'"):
        from_event_log(log, case="case", activity="activity", end="end")


@pytest.mark.parametrize("calendar", [(17, 8), (8,), (8, 17, [7]), (8, 25), "8-17", (8, 17, [])])
def test_bad_calendar(calendar: object) -> None:
    with pytest.raises(InvalidInputError, match="calendar"):
        from_event_log(_log(), case="case", activity="activity", end="end", calendar=calendar)  # type: ignore[arg-type]


def test_not_a_frame() -> None:
    with pytest.raises(InvalidInputError, match="'log'"):
        from_event_log([1, 2], case="case", activity="activity", end="end")


def test_same_column_twice() -> None:
    with pytest.raises(InvalidInputError, match="distinct"):
        from_event_log(_log(), case="case", activity="case", end="end")


def test_dask_bad_input() -> None:
    dd = pytest.importorskip("dask.dataframe")
    log = _log()
    log.loc[2, "start"] = log.loc[2, "end"] + pd.Timedelta(1, "s")
    with pytest.raises(InvalidInputError, match="completing before it starts"):
        from_event_log(
            dd.from_pandas(log, npartitions=2),
            case="case",
            activity="activity",
            end="end",
            start="start",
        )
    with pytest.raises(InvalidInputError, match="column 'nope'"):
        from_event_log(
            dd.from_pandas(log, npartitions=2), case="nope", activity="activity", end="end"
        )
