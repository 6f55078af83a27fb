"""Tests of data-driven bottleneck detection (opsmodels.constraints._detection)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.constraints import (
    active_period,
    turning_point,
    utilization_bottleneck,
    waiting_time_bottleneck,
)
from opsmodels.errors import InvalidInputError
from opsmodels.process import from_event_log

# --------------------------------------------------------------------------------------------
# a brute-force oracle of the active period method on integer times (one loop per time unit)
# --------------------------------------------------------------------------------------------


def _oracle(frame: pd.DataFrame) -> tuple[dict[Any, float], dict[Any, float], list[int]]:
    """Sole and shifting time per machine by walking unit time steps (integer times only)."""
    machines = list(pd.unique(frame["machine"]))
    periods = []  # (machine index, start, end)
    for mi, m in enumerate(machines):
        rows = frame[frame["machine"] == m].sort_values("start")
        cur: list[int] | None = None
        for s, e in zip(rows["start"], rows["end"], strict=True):
            s, e = int(s), int(e)
            if e <= s:
                continue
            if cur is not None and s <= cur[1]:
                cur[1] = max(cur[1], e)
            else:
                if cur is not None:
                    periods.append((mi, cur[0], cur[1]))
                cur = [s, e]
        if cur is not None:
            periods.append((mi, cur[0], cur[1]))
    lo = min(p[1] for p in periods)
    hi = max(p[2] for p in periods)
    winner: list[int] = []
    for t in range(lo, hi):
        best = -1
        for k, (mi, s, e) in enumerate(periods):
            if s <= t < e:
                if best < 0:
                    best = k
                    continue
                b = periods[best]
                key = (-(e - s), s, mi)
                bkey = (-(b[2] - b[1]), b[1], b[0])
                if key < bkey:
                    best = k
        winner.append(best)
    runs = []
    for w in winner:
        if w >= 0 and (not runs or runs[-1] != w):
            runs.append(w)
    shifting_cells: dict[int, set[int]] = {}
    all_shift: set[int] = set()
    for a, b in itertools.pairwise(runs):
        s = max(periods[a][1], periods[b][1])
        e = min(periods[a][2], periods[b][2])
        for t in range(s, e):
            all_shift.add(t)
            for k in (a, b):
                shifting_cells.setdefault(periods[k][0], set()).add(t)
    sole = dict.fromkeys(machines, 0.0)
    shifting = dict.fromkeys(machines, 0.0)
    for i, w in enumerate(winner):
        t = lo + i
        if w >= 0 and t not in all_shift:
            sole[machines[periods[w][0]]] += 1
    for mi, cells in shifting_cells.items():
        shifting[machines[mi]] = float(len(cells))
    return sole, shifting, winner


interval_frames = st.lists(
    st.tuples(st.sampled_from(["A", "B", "C", "D"]), st.integers(0, 40), st.integers(1, 15)),
    min_size=1,
    max_size=14,
).map(
    lambda rows: pd.DataFrame(
        {
            "machine": [r[0] for r in rows],
            "start": [float(r[1]) for r in rows],
            "end": [float(r[1] + r[2]) for r in rows],
        }
    )
)


# --------------------------------------------------------------------------------------------
# active period: reference cases
# --------------------------------------------------------------------------------------------


def test_active_period_roser_shifting_example() -> None:
    """Roser, Nakano & Tanaka, "Shifting bottleneck detection", Proc. WSC 2002, Sec. 3 and
    their figure of two machines: the machine with the longest active period is the momentary
    bottleneck, its period overlapping the next bottleneck's period is a shifting bottleneck,
    the rest is sole (also C. Roser, "Mathematically Accurate Bottleneck Detection 2 - The
    Active Period Method", AllAboutLean.com, 2014: the two fundamentals, longest period is the
    momentary bottleneck, overlap of consecutive bottleneck periods is shifting). Reconstructed
    by hand: machine 1 active 0-10 and 12-20, machine 2 active
    3-16 (longest, 13). Sole: M1 0-3 and 16-20, M2 10-12; shifting 3-10 and 12-16 for both.
    """
    periods = pd.DataFrame(
        {
            "machine": ["M1", "M2", "M1", "M2"],
            "start": [0.0, 3.0, 12.0, 14.0],
            "end": [10.0, 15.0, 20.0, 16.0],
        }
    )
    r = active_period(periods)
    assert r.sole_time.to_dict() == {"M1": 7.0, "M2": 2.0}
    assert r.shifting_time.to_dict() == {"M1": 11.0, "M2": 11.0}
    assert r.horizon == 20.0
    assert r.bottleneck == "M1"
    assert r.sole_share["M1"] == pytest.approx(0.35)
    sole = r.timeline[r.timeline["kind"] == "sole"]
    assert sole[["start", "end"]].to_numpy().tolist() == [[0, 3], [10, 12], [16, 20]]
    assert list(sole["machine"]) == ["M1", "M2", "M1"]


def test_active_period_sole_bottleneck_when_nothing_overlaps() -> None:
    """Roser et al. (2001), Sec. 3: a machine whose period is the longest at every instant it
    is active, with neighbours' periods not overlapping, is the sole bottleneck all along."""
    periods = pd.DataFrame(
        {
            "machine": ["A", "B", "A", "B"],
            "start": [0.0, 10.0, 15.0, 22.0],
            "end": [8.0, 12.0, 21.0, 30.0],
        }
    )
    r = active_period(periods)
    assert r.shifting_time.to_dict() == {"A": 0.0, "B": 0.0}
    assert r.sole_time.to_dict() == {"A": 14.0, "B": 10.0}


def test_active_period_three_machines_hand_checked() -> None:
    """Hand-checked: A 0-10 (10), B 4-18 (14), C 15-20 (5) and C 25-27 (2).

    B is the longest from 4 to 18; A is momentary 0-4; C's first period is momentary 18-20,
    its second 25-27. Overlaps: A/B 4-10, B/C 15-18 (C's second period overlaps nothing).
    Sole: A 0-4, B 10-15, C 18-20 and 25-27. Shifting: A 6, B 6 + 3, C 3.
    """
    periods = pd.DataFrame(
        {
            "machine": ["A", "B", "C", "C"],
            "start": [0.0, 4.0, 15.0, 25.0],
            "end": [10.0, 18.0, 20.0, 27.0],
        }
    )
    r = active_period(periods)
    assert r.sole_time.to_dict() == {"A": 4.0, "B": 5.0, "C": 4.0}
    assert r.shifting_time.to_dict() == {"A": 6.0, "B": 9.0, "C": 3.0}
    assert r.bottleneck == "B"
    assert r.horizon == 27.0


def test_active_period_merges_touching_and_overlapping_states() -> None:
    """Working 0-5 then setup 5-7 then working 7-9 is one active period of 9 (Roser 2001:
    setup and repair are active states)."""
    log = pd.DataFrame(
        {
            "machine": ["A", "A", "A", "A", "B", "B"],
            "start": [0.0, 5.0, 7.0, 9.0, 0.0, 3.0],
            "end": [5.0, 7.0, 9.0, 12.0, 3.0, 12.0],
            "state": ["working", "setup", "working", "starved", "starved", "working"],
        }
    )
    r = active_period(log, state="state", active=["working", "setup"])
    assert r.periods["duration"].tolist() == [9.0, 9.0]
    # equal durations: the earlier start wins the tie
    assert r.sole_time["A"] == 3.0
    assert r.shifting_time.to_dict() == {"A": 6.0, "B": 6.0}


def test_active_period_timestamps_in_seconds() -> None:
    t = pd.Timestamp("2024-03-01 06:00")
    periods = pd.DataFrame(
        {
            "machine": ["M1", "M2"],
            "start": [t, t + pd.Timedelta(minutes=5)],
            "end": [t + pd.Timedelta(minutes=10), t + pd.Timedelta(minutes=30)],
        }
    )
    r = active_period(periods)
    assert r.sole_time.to_dict() == {"M1": 300.0, "M2": 1200.0}
    assert r.shifting_time.to_dict() == {"M1": 300.0, "M2": 300.0}
    assert r.timeline["start"].iloc[0] == t
    assert r.timeline["end"].iloc[-1] == t + pd.Timedelta(minutes=30)


def test_active_period_unsorted_input_same_result_and_not_mutated() -> None:
    periods = pd.DataFrame(
        {
            "machine": ["A", "B", "C", "C"],
            "start": [0.0, 4.0, 15.0, 25.0],
            "end": [10.0, 18.0, 20.0, 27.0],
        }
    )
    shuffled = periods.iloc[[3, 1, 0, 2]]
    copy = shuffled.copy()
    a = active_period(periods)
    b = active_period(shuffled)
    pd.testing.assert_frame_equal(shuffled, copy)
    pd.testing.assert_series_equal(a.sole_time.sort_index(), b.sole_time.sort_index())
    pd.testing.assert_series_equal(a.shifting_time.sort_index(), b.shifting_time.sort_index())


def test_active_period_large_input_runs() -> None:
    rng = np.random.default_rng(3)
    n = 20_000
    start = rng.uniform(0, 1e5, n)
    frame = pd.DataFrame(
        {"machine": rng.integers(0, 20, n), "start": start, "end": start + rng.exponential(5, n)}
    )
    r = active_period(frame)
    assert (r.sole_time + r.shifting_time <= r.horizon + 1e-6).all()


# --------------------------------------------------------------------------------------------
# active period: laws
# --------------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(interval_frames)
def test_active_period_matches_brute_force(frame: pd.DataFrame) -> None:
    sole, shifting, _ = _oracle(frame)
    r = active_period(frame)
    assert r.sole_time.to_dict() == pytest.approx(sole)
    assert r.shifting_time.to_dict() == pytest.approx(shifting)


@settings(max_examples=50, deadline=None)
@given(interval_frames)
def test_active_period_laws(frame: pd.DataFrame) -> None:
    r = active_period(frame)
    active = r.periods.groupby("machine", sort=False)["duration"].sum()
    total = (r.sole_time + r.shifting_time).reindex(active.index)
    assert (total <= active + 1e-9).all()
    assert ((r.sole_share >= 0) & (r.sole_share <= 1)).all()
    assert ((r.shifting_share >= 0) & (r.shifting_share <= 1)).all()
    tl = r.timeline
    assert (tl["end"] > tl["start"]).all()
    # kinds never overlap in time
    sole = tl[tl["kind"] == "sole"][["start", "end"]].to_numpy()
    shift = tl[tl["kind"] == "shifting"][["start", "end"]].to_numpy()
    for s, e in sole:
        assert not ((shift[:, 0] < e) & (shift[:, 1] > s)).any()
    # sole rows do not overlap each other
    order = np.argsort(sole[:, 0])
    assert (sole[order][1:, 0] >= sole[order][:-1, 1]).all()
    # the timeline covers every instant some machine is active
    grid = np.arange(0, 60) + 0.5
    busy = (
        (frame["start"].to_numpy()[:, None] < grid) & (frame["end"].to_numpy()[:, None] > grid)
    ).any(0)
    rows = tl[["start", "end"]].to_numpy()
    covered = ((rows[:, 0][:, None] < grid) & (rows[:, 1][:, None] > grid)).any(0)
    assert (busy == covered).all()


# --------------------------------------------------------------------------------------------
# utilization method
# --------------------------------------------------------------------------------------------


def _state_log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "machine": ["M1", "M1", "M1", "M2", "M2", "M2", "M2", "M3", "M3"],
            "start": [0.0, 6.0, 8.0, 0.0, 2.0, 9.0, 10.0, 0.0, 5.0],
            "end": [6.0, 8.0, 10.0, 2.0, 9.0, 10.0, 12.0, 5.0, 12.0],
            "state": [
                "working",
                "blocked",
                "blocked",
                "starved",
                "working",
                "setup",
                "break",
                "starved",
                "repair",
            ],
        }
    )


def test_utilization_hand_checked() -> None:
    """Hand-checked: M1 active 6 of 10; M2 8 of 10 (the break is excluded); M3 7 of 12."""
    r = utilization_bottleneck(_state_log(), excluded="break")
    assert r.utilization.to_dict() == pytest.approx({"M1": 0.6, "M2": 0.8, "M3": 7 / 12})
    assert r.bottleneck == "M2"
    assert r.near_bottlenecks == ["M2"]
    assert r.blocked_time["M1"] == 4.0
    assert r.blocked_frequency["M1"] == 1  # two touching blocked intervals: one episode
    assert r.starved_frequency.to_dict() == {"M1": 0, "M2": 1, "M3": 1}
    r2 = utilization_bottleneck(_state_log(), excluded="break", near=0.7)
    assert r2.near_bottlenecks == ["M2", "M1", "M3"]


def test_utilization_unsorted_and_not_mutated() -> None:
    log = _state_log().iloc[::-1]
    copy = log.copy()
    r = utilization_bottleneck(log, excluded=["break"])
    pd.testing.assert_frame_equal(log, copy)
    assert r.utilization["M2"] == pytest.approx(0.8)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C"]),
            st.sampled_from(["working", "setup", "blocked", "starved", "off"]),
            st.integers(0, 10),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_utilization_in_unit_interval(rows: list[tuple[str, str, int]]) -> None:
    frame = pd.DataFrame(rows, columns=["machine", "state", "length"])
    frame["end"] = frame.groupby("machine")["length"].cumsum().astype(float)
    frame["start"] = frame["end"] - frame["length"]
    r = utilization_bottleneck(frame, excluded="off")
    assert ((r.utilization >= 0) & (r.utilization <= 1)).all()
    share = r.utilization + r.blocked_share + r.starved_share
    observed = r.active_time + r.blocked_time + r.starved_time
    assert np.allclose(share[observed > 0], 1.0)


def test_utilization_dask_matches_pandas(dask_client: Any) -> None:
    dd = pytest.importorskip("dask.dataframe")
    log = _state_log()
    expected = utilization_bottleneck(log, excluded="break")
    got = utilization_bottleneck(dd.from_pandas(log, npartitions=3), excluded="break")
    pd.testing.assert_series_equal(
        got.utilization.sort_index(), expected.utilization.sort_index(), check_names=False
    )
    assert got.bottleneck == expected.bottleneck


# --------------------------------------------------------------------------------------------
# waiting-time method
# --------------------------------------------------------------------------------------------


def _job_log() -> pd.DataFrame:
    t = pd.Timestamp("2024-01-01 08:00")
    m = pd.Timedelta(minutes=1)
    rows = [
        (1, "cut", 0, 10),
        (1, "weld", 30, 60),
        (1, "paint", 65, 70),
        (2, "cut", 10, 20),
        (2, "weld", 70, 100),
        (2, "paint", 100, 105),
        (3, "cut", 20, 30),
        (3, "paint", 40, 45),
    ]
    return pd.DataFrame(
        {
            "job": [r[0] for r in rows],
            "machine": [r[1] for r in rows],
            "start": [t + r[2] * m for r in rows],
            "end": [t + r[3] * m for r in rows],
        }
    )


def test_waiting_time_hand_checked() -> None:
    """Waits in front of weld: 20 and 50 min (mean 35); of paint: 5, 0 and 10 (mean 5)."""
    r = waiting_time_bottleneck(
        _job_log(), case="job", activity="machine", start="start", end="end"
    )
    assert r.bottleneck == "weld"
    assert r.mean_waiting_time["weld"] == pytest.approx(35 * 60)
    assert r.mean_waiting_time["paint"] == pytest.approx(5 * 60)
    assert r.waits.to_dict() == {"weld": 2, "paint": 3}
    assert "cut" not in r.mean_waiting_time.index


def test_waiting_time_agrees_with_event_log_graph() -> None:
    log = _job_log()
    g = from_event_log(log, case="job", activity="machine", start="start", end="end")
    r = waiting_time_bottleneck(log, case="job", activity="machine", start="start", end="end")
    for node in r.mean_waiting_time.index:
        edges = [d for _, _, d in g.in_edges(node, data=True)]
        n = sum(d["frequency"] for d in edges)
        mean = sum(d["frequency"] * d["mean_time"] for d in edges) / n
        assert r.mean_waiting_time[node] == pytest.approx(mean)


# --------------------------------------------------------------------------------------------
# turning point and arrows
# --------------------------------------------------------------------------------------------


def test_turning_point_single_turn() -> None:
    """Li, Chang & Ni (2009), Sec. 3: blockage dominates upstream of the bottleneck and
    starvation downstream; the machine where B - S turns sign is the bottleneck. Hand-checked
    five-machine line: d = B - S = (0.30, 0.23, -0.01, -0.19, -0.30) turns between M2 and M3,
    so both are candidates (each has d > 0 upstream and d < 0 downstream); M3 has the
    smaller B + S (0.05 against 0.27) and is the bottleneck."""
    b = pd.Series([0.30, 0.25, 0.02, 0.01, 0.0], index=["M1", "M2", "M3", "M4", "M5"])
    s = pd.Series([0.0, 0.02, 0.03, 0.20, 0.30], index=b.index)
    r = turning_point(b, s)
    assert r.candidates == ["M2", "M3"]
    assert r.bottleneck == "M3"
    assert r.arrows.tolist() == [1, 1, -1, -1]
    assert r.arrow_bottlenecks == ["M3"]
    assert r.arrow_bottleneck == "M3"
    assert r.severity["M3"] == pytest.approx(abs(0.20 - 0.02) + abs(0.25 - 0.03))


def test_turning_point_several_candidates_smallest_total_wins() -> None:
    b = [0.4, 0.1, 0.05, 0.0]
    s = [0.0, 0.2, 0.3, 0.1]
    # d = (0.4, -0.1, -0.25, -0.1): candidates 0 (first, d1 < 0) and 1 (d0 > 0, d2 < 0)
    r = turning_point(b, s)
    assert r.candidates == [0, 1]
    assert r.bottleneck == 1  # totals 0.4 and 0.3: the smaller wins
    assert r.total.tolist() == pytest.approx([0.4, 0.3, 0.35, 0.1])


def test_turning_point_line_orders_series() -> None:
    b = pd.Series({"C": 0.0, "A": 0.3, "B": 0.1})
    s = pd.Series({"A": 0.0, "B": 0.05, "C": 0.3})
    r = turning_point(b, s, line=["A", "B", "C"])
    assert list(r.difference.index) == ["A", "B", "C"]
    assert r.bottleneck == "B"


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0, 1), min_size=2, max_size=8).flatmap(
        lambda b: st.tuples(st.just(b), st.lists(st.floats(0, 1), min_size=len(b), max_size=len(b)))
    )
)
def test_turning_point_laws(bs: tuple[list[float], list[float]]) -> None:
    b, s = bs
    r = turning_point(b, s)
    assert r.bottleneck in r.candidates or not r.candidates
    assert r.arrow_bottlenecks  # some machine no arrow leaves
    assert r.arrow_bottleneck in r.arrow_bottlenecks


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------


def test_bad_interval_end_before_start() -> None:
    frame = pd.DataFrame({"machine": ["A"], "start": [5.0], "end": [3.0]})
    with pytest.raises(InvalidInputError, match="intervals.*end no earlier"):
        active_period(frame)


def test_bad_overlapping_state_log() -> None:
    log = _state_log()
    log.loc[1, "start"] = 5.0
    with pytest.raises(InvalidInputError, match="'log'.*do not overlap.*'M1'"):
        utilization_bottleneck(log, excluded="break")
    with pytest.raises(InvalidInputError, match="'intervals'.*do not overlap"):
        active_period(log, state="state", active=["working"])


def test_bad_unknown_state() -> None:
    with pytest.raises(InvalidInputError, match="'log'.*unknown state 'break'"):
        utilization_bottleneck(_state_log())


def test_bad_state_listed_twice() -> None:
    with pytest.raises(InvalidInputError, match="'blocked'"):
        utilization_bottleneck(_state_log(), blocked=["blocked", "working"], excluded="break")


def test_bad_missing_column() -> None:
    with pytest.raises(InvalidInputError, match="'intervals'.*column 'begin'"):
        active_period(pd.DataFrame({"machine": ["A"], "start": [0.0], "end": [1.0]}), start="begin")


def test_bad_nan_time_and_mixed_kinds() -> None:
    frame = pd.DataFrame({"machine": ["A", "B"], "start": [0.0, np.nan], "end": [1.0, 2.0]})
    with pytest.raises(InvalidInputError, match="'intervals'.*NaN"):
        active_period(frame)
    mixed = pd.DataFrame({"machine": ["A"], "start": [0.0], "end": [pd.Timestamp("2024-01-01")]})
    with pytest.raises(InvalidInputError, match="'intervals'.*both numbers or both timestamps"):
        active_period(mixed)


def test_bad_empty_and_missing_machine() -> None:
    with pytest.raises(InvalidInputError, match="'intervals'.*non-empty"):
        active_period(pd.DataFrame({"machine": [], "start": [], "end": []}))
    frame = pd.DataFrame({"machine": ["A", None], "start": [0.0, 1.0], "end": [1.0, 2.0]})
    with pytest.raises(InvalidInputError, match="'intervals'.*missing values in column 'machine'"):
        active_period(frame)


def test_bad_vocabulary_and_near() -> None:
    with pytest.raises(InvalidInputError, match="'active'"):
        utilization_bottleneck(_state_log(), active=[])
    with pytest.raises(InvalidInputError, match="'near'"):
        utilization_bottleneck(_state_log(), excluded="break", near=0.0)


def test_bad_waiting_time_log() -> None:
    log = _job_log()
    log.loc[0, "end"] = log.loc[0, "start"] - pd.Timedelta(minutes=1)
    with pytest.raises(InvalidInputError, match="'log' parameter of waiting_time_bottleneck"):
        waiting_time_bottleneck(log, case="job", activity="machine", start="start", end="end")
    single = _job_log().drop_duplicates("job")
    with pytest.raises(InvalidInputError, match="two or more steps"):
        waiting_time_bottleneck(single, case="job", activity="machine", start="start", end="end")


def test_bad_turning_point_input() -> None:
    with pytest.raises(InvalidInputError, match="'blockage'"):
        turning_point([0.1], [0.2])
    with pytest.raises(InvalidInputError, match="'starvation'"):
        turning_point([0.1, 0.2], [0.2, -0.1])
    with pytest.raises(InvalidInputError, match="'starvation'"):
        turning_point([0.1, 0.2], [0.2, 0.1, 0.3])
    with pytest.raises(InvalidInputError, match="'line'"):
        turning_point([0.1, 0.2], [0.2, 0.1], line=["A", "A"])
    with pytest.raises(InvalidInputError, match="'blockage'.*'Z'"):
        turning_point(
            pd.Series({"A": 0.1, "B": 0.2}), pd.Series({"A": 0.1, "B": 0.2}), line=["A", "Z"]
        )


def test_active_period_dask_matches_pandas(dask_client: Any) -> None:
    dd = pytest.importorskip("dask.dataframe")
    rng = np.random.default_rng(5)
    n = 400
    m = np.repeat(np.arange(4), n // 4)
    d = rng.integers(1, 6, n).reshape(4, -1).astype(float)
    e = np.cumsum(d, axis=1)
    s = e - d
    log = pd.DataFrame(
        {
            "machine": m,
            "start": s.ravel(),
            "end": e.ravel(),
            "state": rng.choice(["working", "setup", "starved"], n),
        }
    )
    expected = active_period(log, state="state", active=["working", "setup"])
    got = active_period(
        dd.from_pandas(log, npartitions=3), state="state", active=["working", "setup"]
    )
    pd.testing.assert_series_equal(got.sole_time.sort_index(), expected.sole_time.sort_index())
    pd.testing.assert_series_equal(
        got.shifting_time.sort_index(), expected.shifting_time.sort_index()
    )


def test_waiting_time_dask_matches_pandas(dask_client: Any) -> None:
    dd = pytest.importorskip("dask.dataframe")
    log = _job_log()
    expected = waiting_time_bottleneck(
        log, case="job", activity="machine", start="start", end="end"
    )
    got = waiting_time_bottleneck(
        dd.from_pandas(log, npartitions=2), case="job", activity="machine", start="start", end="end"
    )
    assert got.bottleneck == expected.bottleneck
    pd.testing.assert_series_equal(
        got.mean_waiting_time.sort_index(), expected.mean_waiting_time.sort_index()
    )


def test_turning_point_from_a_state_log() -> None:
    """A three-machine line where M2 is slow: M1 is blocked, M3 starved; the utilization
    result feeds the turning point and arrow methods."""
    rows = [
        ("M1", 0, 4, "working"),
        ("M1", 4, 10, "blocked"),
        ("M2", 0, 1, "starved"),
        ("M2", 1, 10, "working"),
        ("M3", 0, 3, "starved"),
        ("M3", 3, 5, "working"),
        ("M3", 5, 10, "starved"),
    ]
    log = pd.DataFrame(rows, columns=["machine", "start", "end", "state"])
    u = utilization_bottleneck(log)
    r = turning_point(u.blocked_share, u.starved_share, line=["M1", "M2", "M3"])
    assert u.bottleneck == "M2"
    assert r.bottleneck == "M2"
    assert r.arrow_bottleneck == "M2"
    frame = r.to_frame()
    assert frame["bottleneck"].tolist() == [False, True, False]
    assert frame["arrow"].tolist() == [1, -1, 0]


def test_bad_no_active_interval() -> None:
    zero = pd.DataFrame({"machine": ["A"], "start": [1.0], "end": [1.0]})
    with pytest.raises(InvalidInputError, match="'intervals'.*at least one active interval"):
        active_period(zero)
    log = _state_log()
    with pytest.raises(InvalidInputError, match="'intervals'.*at least one active interval"):
        active_period(log, state="state", active=["painting"])
