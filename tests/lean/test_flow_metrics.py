"""Tests for opsmodels.lean.flow_metrics (kanban flow metrics from work-item state changes)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.lean import FlowMetricsResult, flow_metrics

WORKFLOW = ["backlog", "analysis", "dev", "test", "done"]
AS_OF = "2024-01-08 00:00"


def _board() -> pd.DataFrame:
    """A hand-worked board: five items, one skipping states, one moved back, one not started."""
    rows = [
        ("A", "backlog", "2024-01-01 09:00"),
        ("A", "analysis", "2024-01-02 09:00"),
        ("A", "dev", "2024-01-03 09:00"),
        ("A", "test", "2024-01-05 09:00"),
        ("A", "done", "2024-01-06 09:00"),
        ("B", "backlog", "2024-01-01 10:00"),
        ("B", "analysis", "2024-01-03 12:00"),
        ("B", "done", "2024-01-03 18:00"),  # skips dev and test
        ("C", "backlog", "2024-01-02 08:00"),
        ("C", "analysis", "2024-01-02 12:00"),
        ("C", "dev", "2024-01-04 12:00"),
        ("C", "test", "2024-01-05 12:00"),
        ("C", "dev", "2024-01-06 12:00"),  # moved back: furthest state stays test
        ("D", "backlog", "2024-01-04 09:00"),  # never started
        ("E", "dev", "2024-01-05 06:00"),  # enters at dev: reached backlog and analysis then
        ("E", "done", "2024-01-07 06:00"),
        ("F", "backlog", "2024-01-09 09:00"),  # after as_of: left out
    ]
    frame = pd.DataFrame(rows, columns=["ticket", "column", "entered"])
    frame["entered"] = pd.to_datetime(frame["entered"])
    return frame.sample(frac=1.0, random_state=3).reset_index(drop=True)  # order must not matter


def _metrics(convention: str = "elapsed", **kwargs: object) -> FlowMetricsResult:
    return flow_metrics(
        _board(),
        workflow=WORKFLOW,
        item="ticket",
        state="column",
        timestamp="entered",
        start_state="analysis",
        as_of=AS_OF,
        convention=convention,  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def test_hand_worked_board_elapsed() -> None:
    """Hand-worked board, Vacanti's definitions (D. S. Vacanti, *Actionable Agile Metrics for
    Predictability*, ActionableAgile Press, 2015, ch. 2: cycle time is the time an item spends
    as WIP, between the arrival point (here "analysis") and the departure point (done);
    throughput is items finished per unit of time; ch. 4-5: the CFD's line of a state counts the
    items that have arrived in that state or beyond).

    Cycle times: A 01-02 09:00 -> 01-06 09:00 = 4 days; B 01-03 12:00 -> 18:00 = 0.25 day;
    E enters at dev on 01-05 06:00 (that is its arrival) and is done 01-07 06:00 = 2 days.
    """
    r = _metrics()
    assert r.cycle_times.to_dict() == {"A": 4.0, "B": 0.25, "E": 2.0}
    assert r.items == 5
    assert r.items_done == 3
    assert r.items_in_progress == 1
    days = pd.period_range("2024-01-01", "2024-01-08", freq="D")
    assert list(r.cfd.index) == list(days)
    assert r.cfd.to_dict(orient="list") == {
        "backlog": [2, 3, 3, 4, 5, 5, 5, 5],
        "analysis": [0, 2, 3, 3, 4, 4, 4, 4],
        "dev": [0, 0, 2, 3, 4, 4, 4, 4],
        "test": [0, 0, 1, 1, 3, 3, 4, 4],
        "done": [0, 0, 1, 1, 1, 2, 3, 3],
    }
    assert r.throughput.tolist() == [0, 0, 1, 0, 0, 1, 1, 0]
    assert r.wip["end"].tolist() == [0, 2, 2, 2, 3, 2, 1, 1]
    assert r.wip["active"].tolist() == [0, 2, 3, 2, 3, 3, 2, 1]
    # day 2: A from 09:00 (15 h) and C from 12:00 (12 h); day 3: A, C all day, B 6 h
    np.testing.assert_allclose(r.wip["average"].iloc[1:3], [27 / 24, 2.25])
    # nearest rank over (0.25, 2, 4): p50 -> 2nd value, p70/85/95 -> 3rd
    assert r.cycle_time_percentiles.to_dict() == {50.0: 2.0, 70.0: 4.0, 85.0: 4.0, 95.0: 4.0}
    aging = r.aging_wip
    assert list(aging.index) == ["C"]
    assert aging.loc["C", "age"] == pytest.approx(5.5)  # 01-02 12:00 -> 01-08 00:00
    assert aging.loc["C", "state"] == "dev"
    assert aging.loc["C", "furthest_state"] == "test"
    assert aging.loc["C", "start"] == pd.Timestamp("2024-01-02 12:00")
    moves = r.backward_moves
    assert moves.to_dict(orient="records") == [
        {
            "item": "C",
            "from_state": "test",
            "to_state": "dev",
            "timestamp": pd.Timestamp("2024-01-06 12:00"),
        }
    ]


def test_hand_worked_board_days_inclusive() -> None:
    """Vacanti (2015), ch. 2: cycle time = end date - start date + 1 (an item started and
    finished on the same day took one day). A: 6 - 2 + 1 = 5, B: 1, E: 7 - 5 + 1 = 3; C has
    aged 8 - 2 + 1 = 7 days on 01-08."""
    r = _metrics("days_inclusive")
    assert r.cycle_times.to_dict() == {"A": 5.0, "B": 1.0, "E": 3.0}
    assert r.cycle_time_percentiles.loc[50.0] == 3.0
    assert r.cycle_time_percentiles.loc[85.0] == 5.0
    assert r.aging_wip.loc["C", "age"] == 7.0


def test_littles_law_check_on_the_board() -> None:
    """Little's law (Vacanti 2015, ch. 3; Little 1961) over the whole board: C is still ageing,
    so L exceeds lambda W. Elapsed: window 01-02 09:00 .. 01-08 00:00 = 5.625 days, WIP
    item-days 4 + 0.25 + 5.5 + 2 = 11.75, three finishes of mean 6.25/3 days. Days inclusive:
    7 days, WIP item-days 5 + 1 + 7 + 3 = 16, three finishes of mean 3 days."""
    little = _metrics().littles_law
    assert little.days == pytest.approx(5.625)
    assert little.average_wip == pytest.approx(11.75 / 5.625)
    assert little.throughput_rate == pytest.approx(3 / 5.625)
    assert little.average_cycle_time == pytest.approx(6.25 / 3)
    assert little.predicted_wip == pytest.approx(6.25 / 5.625)
    assert little.relative_difference == pytest.approx((11.75 - 6.25) / 11.75)
    days = _metrics("days_inclusive").littles_law
    assert days.days == 7.0
    assert days.average_wip == pytest.approx(16 / 7)
    assert days.predicted_wip == pytest.approx(9 / 7)
    assert days.window_start == pd.Timestamp("2024-01-02")


def test_littles_law_exact_when_the_window_starts_and_ends_empty() -> None:
    """Little's law is exact between two instants at which nothing is in progress
    (Vacanti 2015, ch. 3)."""
    log = _board()
    log = log[log["ticket"] != "C"]  # C never finishes
    for convention in ("elapsed", "days_inclusive"):
        r = flow_metrics(
            log,
            workflow=WORKFLOW,
            item="ticket",
            state="column",
            timestamp="entered",
            start_state="analysis",
            convention=convention,  # type: ignore[arg-type]
            window=("2024-01-01", "2024-01-10"),
        )
        assert r.littles_law.relative_difference == pytest.approx(0.0, abs=1e-12)


def test_wide_layout_matches_long() -> None:
    """The same board as one row per item and one entry-time column per state."""
    long = _board()
    long = long[(long["ticket"] != "F")]
    wide = (
        long.sort_values("entered")
        .groupby(["ticket", "column"])["entered"]
        .min()
        .unstack()
        .reindex(columns=WORKFLOW)
        .reset_index()
    )
    r_wide = flow_metrics(wide, workflow=WORKFLOW, layout="wide", item="ticket", as_of=AS_OF)
    r_long = flow_metrics(
        long,
        workflow=WORKFLOW,
        item="ticket",
        state="column",
        timestamp="entered",
        as_of=AS_OF,
    )
    pd.testing.assert_frame_equal(r_wide.cfd, r_long.cfd)
    pd.testing.assert_series_equal(r_wide.cycle_times.sort_index(), r_long.cycle_times.sort_index())
    assert r_wide.backward_moves.empty  # first entries only: C's move back is not in the table


def test_weekly_periods_and_frame_and_dict() -> None:
    r = _metrics(freq="W")
    assert len(r.throughput) == 2  # Mon 01-01 .. Sun 01-07, and the week of 01-08
    assert r.throughput.tolist() == [3, 0]
    assert r.cfd["done"].tolist() == [3, 3]
    frame = r.to_frame()
    assert {"throughput", "wip_end", "cfd_done"} <= set(frame.columns)
    import json

    json.dumps(r.to_dict(), allow_nan=False)


def test_default_start_state_and_as_of() -> None:
    """Default start is the first workflow state; as_of the last entry (F on 01-09)."""
    r = flow_metrics(
        _board(), workflow=WORKFLOW, item="ticket", state="column", timestamp="entered"
    )
    assert r.start_state == "backlog"
    assert r.as_of == pd.Timestamp("2024-01-09 09:00")
    assert r.cycle_times["A"] == pytest.approx(5.0)  # 01-01 09:00 -> 01-06 09:00
    assert set(r.aging_wip.index) == {"C", "D", "F"}


def test_input_not_modified() -> None:
    log = _board()
    before = log.copy()
    _ = flow_metrics(log, workflow=WORKFLOW, item="ticket", state="column", timestamp="entered")
    pd.testing.assert_frame_equal(log, before)


def test_no_finished_item_gives_inf_percentiles() -> None:
    log = pd.DataFrame(
        {"item": ["a"], "state": ["doing"], "timestamp": pd.to_datetime(["2024-01-01"])}
    )
    r = flow_metrics(log, workflow=["doing", "done"])
    assert np.isinf(r.cycle_time_percentiles).all()
    assert r.items_done == 0
    assert r.cycle_times.empty
    assert r.littles_law.average_cycle_time == 0.0  # no time passed: nothing in progress


def _same(a: FlowMetricsResult, b: FlowMetricsResult) -> None:
    pd.testing.assert_frame_equal(a.cfd, b.cfd)
    pd.testing.assert_frame_equal(a.wip, b.wip)
    pd.testing.assert_series_equal(a.throughput, b.throughput)
    # Dask reads strings as pyarrow strings: compare the labels' values, not their dtype
    pd.testing.assert_series_equal(
        a.cycle_times.sort_index(), b.cycle_times.sort_index(), check_index_type=False
    )
    pd.testing.assert_frame_equal(
        a.aging_wip.sort_index(), b.aging_wip.sort_index(), check_index_type=False
    )
    pd.testing.assert_frame_equal(
        a.backward_moves.reset_index(drop=True),
        b.backward_moves.reset_index(drop=True),
        check_dtype=False,
    )
    assert a.littles_law == b.littles_law
    assert a.as_of == b.as_of


@pytest.mark.parametrize("as_of", [None, AS_OF])
def test_dask_frame_matches_pandas(as_of: str | None) -> None:
    """The shuffled board in three partitions: C's entries (and its move back) are split."""
    dd = pytest.importorskip("dask.dataframe")
    log = _board()
    kwargs = {
        "workflow": WORKFLOW,
        "item": "ticket",
        "state": "column",
        "timestamp": "entered",
        "start_state": "analysis",
        "as_of": as_of,
    }
    _same(
        flow_metrics(dd.from_pandas(log, npartitions=3), **kwargs),  # type: ignore[arg-type]
        flow_metrics(log, **kwargs),  # type: ignore[arg-type]
    )


def test_dask_wide_layout_and_errors() -> None:
    dd = pytest.importorskip("dask.dataframe")
    wide = pd.DataFrame(
        {
            "item": ["a", "b", "c"],
            "doing": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-02"]),
            "done": pd.to_datetime(["2024-01-03", None, "2024-01-04"]),
        }
    )
    args = {"workflow": ["doing", "done"], "layout": "wide"}
    _same(
        flow_metrics(dd.from_pandas(wide, npartitions=2), **args),  # type: ignore[arg-type]
        flow_metrics(wide, **args),  # type: ignore[arg-type]
    )
    bad = _board()
    bad.loc[3, "column"] = "limbo"
    with pytest.raises(InvalidInputError, match="limbo"):
        _call(log=dd.from_pandas(bad, npartitions=2))
    with pytest.raises(InvalidInputError, match="as_of"):
        _call(log=dd.from_pandas(_board(), npartitions=2), as_of="2020-01-01")


def test_dask_on_worker_processes(dask_client: object) -> None:
    """The two passes run as tasks on a distributed LocalCluster's worker processes."""
    dd = pytest.importorskip("dask.dataframe")
    log = _board()
    kwargs = {
        "workflow": WORKFLOW,
        "item": "ticket",
        "state": "column",
        "timestamp": "entered",
        "start_state": "analysis",
        "as_of": AS_OF,
    }
    _same(
        flow_metrics(dd.from_pandas(log, npartitions=4), **kwargs),  # type: ignore[arg-type]
        flow_metrics(log, **kwargs),  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------------------------


@st.composite
def boards(draw: st.DrawFn) -> pd.DataFrame:
    n_states = draw(st.integers(2, 5))
    n_items = draw(st.integers(1, 12))
    rows = []
    for i in range(n_items):
        n_entries = draw(st.integers(1, 6))
        states = draw(
            st.lists(st.integers(0, n_states - 1), min_size=n_entries, max_size=n_entries)
        )
        gaps = draw(st.lists(st.integers(0, 3 * 24), min_size=n_entries, max_size=n_entries))
        t0 = draw(st.integers(0, 20 * 24))
        t = t0
        for s, g in zip(states, gaps, strict=True):
            t += g
            rows.append((f"i{i}", f"s{s}", pd.Timestamp("2024-01-01") + pd.Timedelta(hours=t)))
    frame = pd.DataFrame(rows, columns=["item", "state", "timestamp"])
    frame.attrs["n_states"] = n_states
    return frame


@settings(max_examples=50, deadline=None)
@given(boards(), st.sampled_from(["D", "W", "h"]), st.sampled_from(["elapsed", "days_inclusive"]))
def test_flow_laws(log: pd.DataFrame, freq: str, convention: str) -> None:
    """CFD lines non-decreasing and ordered, throughput sums to the items done, percentiles
    ordered, WIP = start line - done line, and the CFD equals a per-item reference count."""
    n_states = log.attrs["n_states"]
    workflow = [f"s{k}" for k in range(n_states)]
    r = flow_metrics(log, workflow=workflow, freq=freq, convention=convention)  # type: ignore[arg-type]
    cfd = r.cfd.to_numpy()
    assert (np.diff(cfd, axis=0) >= 0).all()
    assert (np.diff(cfd, axis=1) <= 0).all()
    assert int(r.throughput.sum()) == r.items_done == len(r.cycle_times)
    pcts = r.cycle_time_percentiles.to_numpy()
    assert (pcts[1:] >= pcts[:-1]).all()
    assert (r.wip["end"] == r.cfd.iloc[:, 0] - r.cfd.iloc[:, -1]).all()
    assert (r.wip["active"] >= r.wip["end"]).all()
    assert (r.cycle_times >= 0).all()
    # reference: per item, the time it reached at least each state, by a plain loop
    position = {s: k for k, s in enumerate(workflow)}
    ends = (r.cfd.index + 1).start_time
    expected = np.zeros_like(cfd)
    for _, group in log.groupby("item"):
        for k in range(n_states):
            later = group[group["state"].map(position) >= k]["timestamp"]
            if len(later):
                expected[:, k] += np.asarray(later.min() < ends)
    np.testing.assert_array_equal(cfd, expected)
    # reference backward moves: consecutive entries of an item in (time, log) order
    ordered = log.assign(k=log["state"].map(position), row=np.arange(len(log)))
    ordered = ordered.sort_values(["item", "timestamp", "row"])
    prev = ordered.groupby("item")["k"].shift()
    moves = ordered[prev.notna() & (ordered["k"] < prev)]
    got = r.backward_moves.sort_values(["item", "timestamp"]).reset_index(drop=True)
    assert got["item"].tolist() == moves.sort_values(["item", "timestamp"])["item"].tolist()
    assert len(got) == len(moves)
    assert (got["to_state"].map(position) < got["from_state"].map(position)).all()


@settings(max_examples=30, deadline=None)
@given(boards(), st.sampled_from(["elapsed", "days_inclusive"]))
def test_littles_law_exact_over_a_closed_window(log: pd.DataFrame, convention: str) -> None:
    """Every item finished inside the window: L = lambda W exactly."""
    n_states = log.attrs["n_states"]
    workflow = [f"s{k}" for k in range(n_states)]
    last = log["timestamp"].max() + pd.Timedelta(hours=1)
    done = pd.DataFrame({"item": log["item"].unique(), "state": workflow[-1], "timestamp": last})
    closed = pd.concat([log, done], ignore_index=True)
    r = flow_metrics(
        closed,
        workflow=workflow,
        convention=convention,  # type: ignore[arg-type]
        window=(pd.Timestamp("2023-12-31"), last + pd.Timedelta(days=1)),
    )
    little = r.littles_law
    assert little.average_wip == pytest.approx(little.predicted_wip, rel=1e-9, abs=1e-12)


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------


def _call(**kwargs: object) -> FlowMetricsResult:
    args: dict[str, object] = {
        "workflow": WORKFLOW,
        "item": "ticket",
        "state": "column",
        "timestamp": "entered",
    }
    args.update(kwargs)
    log = args.pop("log", _board())
    return flow_metrics(log, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"workflow": ["only"]}, "workflow"),
        ({"workflow": ["a", "a"]}, "workflow"),
        ({"workflow": "backlog"}, "workflow"),
        ({"workflow": ["backlog", "analysis", "dev", "done"]}, "log"),  # 'test' not listed
        ({"start_state": "done"}, "start_state"),
        ({"start_state": "nowhere"}, "start_state"),
        ({"freq": "fortnight"}, "freq"),
        ({"freq": "ns"}, "freq"),
        ({"percentiles": [50, 120]}, "percentiles"),
        ({"percentiles": []}, "percentiles"),
        ({"convention": "days"}, "convention"),
        ({"layout": "tall"}, "layout"),
        ({"as_of": "2023-01-01"}, "as_of"),
        ({"as_of": 5}, "as_of"),
        ({"window": ("2024-01-05", "2024-01-01")}, "window"),
        ({"window": "2024-01-05"}, "window"),
        ({"timestamp": "missing"}, "log"),
        ({"log": pd.DataFrame({"ticket": [], "column": [], "entered": []})}, "log"),
        ({"log": "not a frame"}, "log"),
    ],
)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        _call(**kwargs)


def test_bad_timestamps_and_missing_values() -> None:
    log = _board()
    log.loc[0, "entered"] = pd.NaT
    with pytest.raises(InvalidInputError, match="missing timestamps"):
        _call(log=log)
    log = _board().astype({"entered": object})
    log.loc[0, "entered"] = "not a time"
    with pytest.raises(InvalidInputError, match="unparseable"):
        _call(log=log)
    log = _board()
    log.loc[0, "ticket"] = None
    with pytest.raises(InvalidInputError, match="missing values"):
        _call(log=log)


def test_wide_layout_repeated_item() -> None:
    wide = pd.DataFrame(
        {"item": ["a", "a"], "doing": pd.to_datetime(["2024-01-01"] * 2), "done": pd.NaT}
    )
    with pytest.raises(InvalidInputError, match="one row per item"):
        flow_metrics(wide, workflow=["doing", "done"], layout="wide")
