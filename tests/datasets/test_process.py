"""Tests of the process sample data: the machine shop's steps and event log, the bank branch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from opsmodels import constraints, datasets, process, queueing
from opsmodels.errors import InvalidInputError


def test_shop_steps_is_a_valid_process_with_rework_and_scrap() -> None:
    steps = datasets.shop_steps()
    pd.testing.assert_frame_equal(steps, datasets.shop_steps())
    graph = process.process_graph_from_frame(steps)
    info = process.validate_process_graph(graph, require_time=True)
    assert info.sources == ["saw"]
    assert info.has_rework
    assert info.scrap_probability == {"inspect": pytest.approx(0.02)}
    flow = process.arrival_rates(graph, datasets.SHOP_RELEASE_RATE)
    # welding is visited 1 / (1 - 0.98 * 0.15) times per part
    assert flow.visit_ratios["weld"] == pytest.approx(1.0 / (1.0 - 0.98 * 0.15))


def test_shop_story_weld_is_the_bottleneck_and_paint_takes_over() -> None:
    graph = process.process_graph_from_frame(datasets.shop_steps())
    result = constraints.bottleneck(graph, external_arrivals=datasets.SHOP_RELEASE_RATE)
    assert result.bottleneck == "weld"
    assert result.near_bottlenecks == ["weld", "paint"]
    assert float(result.utilization.max()) < 1.0  # the release rate is feasible
    what_if = constraints.elevate(graph, "weld", servers=2)
    assert what_if.moved
    assert what_if.bottleneck_after == "paint"


def test_shop_event_log_is_deterministic_and_follows_the_routing() -> None:
    log = datasets.shop_event_log()
    pd.testing.assert_frame_equal(log, datasets.shop_event_log())
    assert not log.isna().any().any()
    assert (log["end"] > log["start"]).all()
    assert log["start"].is_monotonic_increasing
    assert log["case"].nunique() == 400
    graph = process.from_event_log(log, case="case", activity="activity", end="end", start="start")
    steps = process.process_graph_from_frame(datasets.shop_steps())
    assert set(graph.edges) == set(steps.edges)
    assert graph.graph["start_activities"] == {"saw": 400}
    # the observed rework share at inspection is near the routing's 15 %
    assert graph.edges["inspect", "weld"]["probability"] == pytest.approx(0.15, abs=0.04)
    # each machine does one operation at a time
    for _, ops in log.groupby("resource"):
        ops = ops.sort_values("start")
        assert (ops["start"].to_numpy()[1:] >= ops["end"].to_numpy()[:-1]).all()


def test_shop_event_log_size() -> None:
    assert datasets.shop_event_log(jobs=5)["case"].nunique() == 5
    with pytest.raises(InvalidInputError, match="jobs"):
        datasets.shop_event_log(jobs=0)
    with pytest.raises(InvalidInputError, match="jobs"):
        datasets.shop_event_log(jobs=2.5)  # type: ignore[arg-type]


def test_branch_arrivals_profile() -> None:
    branch = datasets.branch_arrivals()
    pd.testing.assert_frame_equal(branch, datasets.branch_arrivals())
    assert branch["interval"].iloc[0] == "09:00"
    assert branch["interval"].iloc[-1] == "16:45"
    assert branch["arrivals"].dtype == np.int64
    assert (branch["handle_time"] > 0).all()
    plan = queueing.staffing(
        branch["arrivals"] / 15, branch["handle_time"], answer_time=5.0, service_level=0.8
    )
    assert (plan.service_level >= 0.8).all()
    # the lunch peak needs the most tellers
    assert branch["interval"].iloc[int(np.argmax(plan.agents))].startswith("12:")
