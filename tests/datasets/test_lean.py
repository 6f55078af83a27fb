"""Tests of the lean sample data: machine state log, order event log, value stream, assembly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from opsmodels import datasets, lean, process

FRAMES: list[Callable[[], pd.DataFrame]] = [
    datasets.machine_states,
    datasets.order_events,
    datasets.value_stream_steps,
]


@pytest.mark.parametrize("load", FRAMES)
def test_deterministic_complete_and_fresh(load: Callable[[], pd.DataFrame]) -> None:
    first, second = load(), load()
    pd.testing.assert_frame_equal(first, second)
    assert not first.isna().any().any()
    assert first.attrs == second.attrs
    first.iloc[0, 0] = first.iloc[1, 0]
    first.attrs["changed"] = True
    pd.testing.assert_frame_equal(load(), second)
    assert "changed" not in load().attrs


def test_machine_states_tile_the_week_per_machine() -> None:
    log = datasets.machine_states()
    assert list(log.columns) == [
        "machine",
        "day",
        "shift",
        "state",
        "start",
        "end",
        "ideal_cycle_time",
        "total_count",
        "good_count",
        "startup_rejects",
    ]
    assert 300 <= len(log) <= 2_000
    assert log["start"].is_monotonic_increasing
    assert set(log["state"]) == set(datasets.MACHINE_STATE_CATEGORIES)
    for _, rows in log.groupby("machine"):
        start = rows["start"].to_numpy()
        end = rows["end"].to_numpy()
        assert (end > start).all()
        np.testing.assert_array_equal(start[1:], end[:-1])  # no gap, no overlap
        assert end[-1] - start[0] == np.timedelta64(5 * 24, "h")
    running = log["state"] == "running"
    assert (log.loc[~running, ["total_count", "good_count", "startup_rejects"]] == 0).all().all()
    assert (log["good_count"] <= log["total_count"]).all()
    assert (log["startup_rejects"] <= log["total_count"] - log["good_count"]).all()
    seconds = (log["end"] - log["start"]).dt.total_seconds()
    # no interval made more units than its length allows at the ideal cycle time
    assert (log["total_count"] * log["ideal_cycle_time"] <= seconds).all()


def test_machine_states_shifts_breaks_and_nights() -> None:
    log = datasets.machine_states()
    seconds = (log["end"] - log["start"]).dt.total_seconds()
    per_shift = seconds.groupby([log["machine"], log["day"], log["shift"]]).sum()
    assert (per_shift == 8 * 3_600).all()
    assert len(per_shift) == 3 * 5 * 3
    night = log["shift"] == "night"
    assert (log.loc[night, "state"] == "not_scheduled").all()
    breaks = log[log["state"] == "break"]
    assert len(breaks) == 3 * 5 * 2
    assert (breaks["start"].dt.hour.isin([10, 18])).all()
    assert (seconds[log["state"] == "minor_stop"] < 300).all()


def test_machine_states_give_a_plausible_oee_with_all_six_losses() -> None:
    """OEE of the sample week: every big loss is present, press-2 is the worst machine and
    the factors are typical of a discrete plant (60-85 % OEE on the good machines)."""
    log = datasets.machine_states()
    r = lean.oee_from_states(
        log,
        counts=log,
        ideal_cycle_time="ideal_cycle_time",
        categories=log.attrs["categories"],
        startup_rejects="startup_rejects",
    )
    assert (r.losses > 0).all()
    oee = r.table["oee"]
    assert oee.idxmin() == "press-2"
    assert 0.6 < oee["press-1"] < 0.9
    assert 0.6 < oee["lathe-1"] < 0.9
    assert r.table["quality"].idxmin() == "lathe-1"
    # calendar time is the whole week; planned time is 2 shifts x 7.5 h x 5 days
    assert r.table["calendar_time"].eq(5 * 24 * 3_600).all()
    assert r.table["planned_time"].eq(5 * 2 * 7.5 * 3_600).all()
    assert r.overall.teep == pytest.approx(r.overall.oee * 75 / 120)


def test_order_events_shape_and_order() -> None:
    log = datasets.order_events()
    assert list(log.columns) == ["case", "activity", "resource", "location", "start", "end"]
    assert log["case"].nunique() == 300
    assert 2_000 <= len(log) <= 5_000
    assert (log["end"] > log["start"]).all()
    # ordered by case then start; within a case no event starts before the previous ended
    assert log["case"].is_monotonic_increasing
    gap = log["start"].to_numpy()[1:] - log["end"].to_numpy()[:-1]
    same = log["case"].to_numpy()[1:] == log["case"].to_numpy()[:-1]
    assert (gap[same] >= np.timedelta64(0, "s")).all()
    assert log.attrs["standard_path"] == list(datasets.ORDER_STANDARD_PATH)
    assert set(log["location"]) == {"office", "fabrication", "paint shop", "warehouse"}


def test_order_events_contain_each_waste() -> None:
    log = datasets.order_events()
    first = log.groupby("case")["activity"].first()
    last = log.groupby("case")["activity"].last()
    assert (first == "receive order").all()
    assert (last == "ship").all()
    repeats = log.groupby(["case", "activity"]).size()
    welded_again = repeats.xs("weld", level="activity")
    assert 0.1 < (welded_again > 1).mean() < 0.4  # rework loops weld -> inspect -> weld
    assert (repeats.xs("check design", level="activity") > 1).any()
    off_path = ~log["activity"].isin(datasets.ORDER_STANDARD_PATH)
    assert set(log.loc[off_path, "activity"]) == {"revise design", "expedite", "extra inspection"}
    handoffs = log["resource"].to_numpy()[1:] != log["resource"].to_numpy()[:-1]
    assert handoffs.mean() > 0.8
    # waiting dominates: mean wait in front of weld is the longest of the standard steps
    graph = process.from_event_log(log, case="case", activity="activity", end="end", start="start")
    into: dict[str, float] = {}
    for _, v, data in graph.edges(data=True):
        into[v] = max(into.get(v, 0.0), data["mean_time"])
    assert max(into, key=into.__getitem__) == "weld"


def test_value_stream_steps_feed_value_stream() -> None:
    steps = datasets.value_stream_steps()
    a: dict[str, Any] = steps.attrs
    r = lean.value_stream(
        steps,
        demand=a["demand"],
        available_time=a["available_time"],
        working_days=a["working_days"],
        day_length=a["day_length"],
    )
    assert r.takt_time == pytest.approx(112.5)
    assert r.steps_over_takt == []
    assert r.constraint_step == "weld"
    assert r.ladder.loc["weld", "effective_cycle_time"] == pytest.approx(105 / 0.85)
    assert r.total_inventory_days == pytest.approx(8_160 / 480)
    assert 0 < r.process_cycle_efficiency < 0.001


def test_assembly_tasks_graph() -> None:
    g = datasets.assembly_tasks()
    assert isinstance(g, nx.DiGraph)
    assert nx.is_directed_acyclic_graph(g)
    assert g.number_of_nodes() == 12
    assert sum(t for _, t in g.nodes(data="duration")) == 300.0
    assert all(isinstance(d, str) for _, d in g.nodes(data="description"))
    assert g.graph["takt_time"] == pytest.approx(112.5)
    assert datasets.assembly_tasks() is not g
    r = lean.line_balance(g, g.graph["takt_time"])
    assert r.stations == r.theoretical_minimum == 3
    assert lean.line_balance(g, 60.0).stations >= 5
