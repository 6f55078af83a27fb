"""Tests of the lean plots: OEE waterfall, value-stream timeline, Yamazumi chart and CFD."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from opsmodels import lean, plotting
from opsmodels.errors import InvalidInputError


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _states_result() -> lean.OEELossesResult:
    states = pd.DataFrame(
        {
            "machine": ["m1"] * 5,
            "state": ["running", "breakdown", "running", "setup", "planned_stop"],
            "start": [0.0, 300.0, 330.0, 450.0, 480.0],
            "end": [300.0, 330.0, 450.0, 480.0, 510.0],
        }
    )
    counts = pd.DataFrame({"machine": ["m1"], "total_count": [400], "good_count": [380]})
    return lean.oee_from_states(states, counts=counts, ideal_cycle_time=1.0)


def _acme() -> lean.ValueStreamResult:
    steps = pd.DataFrame(
        {
            "step": ["stamping", "weld_1", "weld_2", "assembly_1", "assembly_2", "shipping"],
            "cycle_time": [1.0, 39.0, 46.0, 62.0, 40.0, 0.0],
            "inventory_before": [4_600.0, 7_000.0, 1_700.0, 2_450.0, 1_840.0, 4_140.0],
        }
    )
    return lean.value_stream(
        steps,
        demand=18_400.0,
        available_time=55_200.0,
        working_days=20,
        changeover=None,
        uptime=None,
        operators=None,
        value_added_time=None,
    )


def _jackson() -> lean.LineBalanceResult:
    times = [6, 2, 5, 7, 1, 2, 3, 6, 5, 5, 4]
    g = nx.DiGraph()
    g.add_nodes_from((i + 1, {"duration": t}) for i, t in enumerate(times))
    edges = [(1, 2), (1, 3), (1, 4), (1, 5), (2, 6), (3, 7), (4, 7), (5, 7), (6, 8), (7, 9)]
    g.add_edges_from([*edges, (8, 10), (9, 11), (10, 11)])
    return lean.line_balance(g, 10)


def _board() -> lean.FlowMetricsResult:
    log = pd.DataFrame(
        {
            "item": ["a", "a", "a", "b", "b", "c", "c", "d"],
            "state": ["todo", "doing", "done", "todo", "doing", "todo", "done", "todo"],
            "timestamp": pd.to_datetime(
                [
                    "2024-03-01",
                    "2024-03-02",
                    "2024-03-04",
                    "2024-03-01",
                    "2024-03-03",
                    "2024-03-02",
                    "2024-03-05",
                    "2024-03-05",
                ]
            ),
        }
    )
    return lean.flow_metrics(log, workflow=["todo", "doing", "done"], start_state="doing")


def test_oee_waterfall_from_states() -> None:
    r = _states_result()
    ax = r.plot()
    assert isinstance(ax, Axes)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert labels[0] == "calendar time"  # the planned stop adds the calendar bar
    assert labels[-1] == "fully productive"
    assert "break- downs" in labels
    assert len(ax.patches) == len(labels) == 10
    heights = [p.get_height() for p in ax.patches]
    assert heights[0] == pytest.approx(510.0)
    assert heights[-1] == pytest.approx(380.0)
    # every loss bar ends where the next starts: the bars account for the planned time
    assert sum(heights[3:-1]) + heights[-1] == pytest.approx(heights[2])
    assert ax.get_title().startswith("OEE loss waterfall: OEE 79.2 %")


def test_oee_waterfall_from_totals() -> None:
    """Vorne's example (420 min planned, 47 min down, 19,271 units at 1 s, 18,848 good)."""
    r = lean.oee(420.0, 47.0, 1.0 / 60.0, 19_271, 18_848)
    ax = plotting.plot(r)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert labels == [
        "planned time",
        "availability loss",
        "performance loss",
        "quality loss",
        "fully productive",
    ]
    heights = [p.get_height() for p in ax.patches]
    assert heights[1] == pytest.approx(47.0)
    assert heights[-1] / heights[0] == pytest.approx(r.oee)
    texts = [t.get_text() for t in ax.texts]
    assert any("100.0 %" in t for t in texts)


def test_oee_waterfall_rejects_arrays_and_other_results() -> None:
    r = lean.oee(np.array([420.0, 400.0]), 47.0, 1.0 / 60.0, 19_271, 18_848)
    with pytest.raises(InvalidInputError, match="result"):
        plotting.oee_waterfall(r)
    with pytest.raises(InvalidInputError, match="result"):
        plotting.oee_waterfall(_acme())
    with pytest.raises(InvalidInputError, match="unit"):
        plotting.oee_waterfall(_states_result(), unit=3)


def test_value_stream_timeline() -> None:
    r = _acme()
    ax = r.plot()
    assert ax.get_title().startswith("Value-stream timeline: lead time 23.6 days, VA 188 s")
    texts = [t.get_text() for t in ax.texts]
    assert "stamping" in texts
    assert "5 d" in texts  # coils: 4,600 pieces at 920 a day
    assert "62 s" in texts
    (ladder,) = ax.get_lines()
    assert len(ladder.get_xdata()) == 5 * 6 - 1


def test_future_state_timeline_draws_two_ladders() -> None:
    f = lean.future_state(_acme(), {"weld_1": {"inventory_before": 460.0}})
    ax = f.plot()
    assert len(ax.get_lines()) == 2
    texts = [t.get_text() for t in ax.texts]
    assert "current" in texts
    assert "future" in texts
    assert "0.5 d" in texts
    assert ax.get_title().startswith("Future state value-stream timeline")


def test_value_stream_timeline_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="result"):
        plotting.value_stream_timeline(_jackson())
    with pytest.raises(InvalidInputError, match="unit"):
        plotting.value_stream_timeline(_acme(), unit=None)  # type: ignore[arg-type]


def test_yamazumi_chart() -> None:
    r = _jackson()
    ax = r.plot(takt=10.5)
    assert ax.get_title() == "Yamazumi: 5 stations, efficiency 92.0 %, smoothness 2.45"
    assert len(ax.patches) == 11  # one block per task
    tops: dict[float, float] = {}
    for p in ax.patches:
        x = round(p.get_x() + p.get_width() / 2)
        tops[x] = max(tops.get(x, 0.0), p.get_y() + p.get_height())
    np.testing.assert_allclose([tops[s] for s in sorted(tops)], r.station_times)
    levels = sorted(line.get_ydata()[0] for line in ax.get_lines())
    assert levels == [10.0, 10.5]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["S1", "S2", "S3", "S4", "S5"]
    assert any(t.get_text() == "4 (7)" for t in ax.texts)


def test_yamazumi_chart_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="takt"):
        plotting.yamazumi_chart(_jackson(), takt=-1.0)
    with pytest.raises(InvalidInputError, match="result"):
        plotting.yamazumi_chart(_acme())


def test_cumulative_flow_diagram() -> None:
    r = _board()
    _, ax = plt.subplots()
    out = r.plot(ax=ax)
    assert out is ax
    assert ax.get_title() == "Cumulative flow: 2 done, WIP 1 at the end, throughput 0.667 per day"
    assert len(ax.collections) == 3  # one band per state
    state_legend, little_legend = ax.artists[0], ax.get_legend()
    assert [t.get_text() for t in state_legend.get_texts()] == ["todo", "doing", "done"]
    assert little_legend.get_title().get_text() == "Little's law"
    tops = [line.get_ydata() for line in ax.get_lines()]
    np.testing.assert_array_equal(tops[0][1:], r.cfd["done"].to_numpy())
    np.testing.assert_array_equal(tops[-1][1:], r.cfd["todo"].to_numpy())


def test_cumulative_flow_diagram_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="result"):
        plotting.cumulative_flow_diagram(_jackson())
    with pytest.raises(InvalidInputError, match="ax"):
        plotting.cumulative_flow_diagram(_board(), ax="not axes")
