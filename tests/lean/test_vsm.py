"""Tests for opsmodels.lean value stream maps (value_stream, future_state)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.lean import future_state, value_stream

DAY = 86_400.0


def _acme() -> pd.DataFrame:
    # Coils: 5 days before stamping, entered as 5 x 920 pieces; then the LH + RH pieces observed.
    return pd.DataFrame(
        {
            "step": ["stamping", "weld_1", "weld_2", "assembly_1", "assembly_2", "shipping"],
            "cycle_time": [1.0, 39.0, 46.0, 62.0, 40.0, 0.0],
            "changeover": [3_600.0, 600.0, 600.0, 0.0, 0.0, 0.0],
            "uptime": [0.85, 1.0, 0.80, 1.0, 1.0, 1.0],
            "operators": [1, 1, 1, 1, 1, 0],
            "value_added_time": [1.0, 39.0, 46.0, 62.0, 40.0, 0.0],
            "inventory_before": [4_600.0, 7_000.0, 1_700.0, 2_450.0, 1_840.0, 4_140.0],
        }
    )


def test_acme_stamping_current_state() -> None:
    """Rother & Shook, *Learning to See* (LEI, 1999), Acme Stamping current-state map.

    Demand 18,400 per month over 20 working days (920 per day), two shifts of 27,600 s per day:
    takt 60 s; production lead time 23.6 days and processing time 188 s (pp. 28-35). The data
    set (cycle times 1/39/46/62/40 s, uptime 85 %/100 %/80 %/100 %/100 %, inventories 5 days of
    coils, 4,600 + 2,400, 1,100 + 600, 1,600 + 850, 1,200 + 640 and 2,700 + 1,440 pieces) as
    reproduced in the "Acme Stamping Data Set" handout (scribd.com/document/638436638); the
    23.6-day current-state lead time and 4.5 days of finished goods are also restated in the
    course notes "Process Mapping Example" (scribd.com/document/823107496, citing the book).
    The book rounds each inventory to 0.1 day, hence the 0.05 day tolerance.
    """
    r = value_stream(_acme(), demand=18_400.0, available_time=2 * 27_600.0, working_days=20)
    assert r.daily_demand == pytest.approx(920.0)
    assert r.takt_time == pytest.approx(60.0)
    assert r.value_added_time == pytest.approx(188.0)
    assert r.inventory_days == pytest.approx(23.6, abs=0.05)
    assert r.lead_time_days == pytest.approx(23.6, abs=0.05)
    assert r.lead_time == pytest.approx(r.inventory_days * DAY + 188.0)
    assert r.process_cycle_efficiency == pytest.approx(188.0 / r.lead_time)
    assert r.steps_over_takt == ["assembly_1"]
    assert r.constraint_step == "assembly_1"  # 62 s beats weld 2 at 46 / 0.8 = 57.5 s
    ladder = r.ladder
    assert ladder.loc["weld_2", "effective_cycle_time"] == pytest.approx(57.5)
    np.testing.assert_allclose(ladder["inventory_days"].round(1), [5.0, 7.6, 1.8, 2.7, 2.0, 4.5])
    assert r.critical_path == list(ladder.index)


def test_takt_and_inventory_days_by_hand() -> None:
    """Daily demand 100 / 5 days = 20; takt 8 h / 20 = 1,440 s; inventory 30 units = 1.5 days."""
    steps = pd.DataFrame(
        {"step": ["a", "b"], "cycle_time": [1_000.0, 2_000.0], "inventory_before": [30.0, 10.0]}
    )
    r = value_stream(
        steps,
        demand=100.0,
        available_time=28_800.0,
        working_days=5.0,
        changeover=None,
        uptime=None,
        operators=None,
        value_added_time=None,
    )
    assert r.takt_time == 1_440.0
    assert list(r.ladder["inventory_days"]) == [1.5, 0.5]
    assert r.total_inventory_days == 2.0
    assert r.lead_time == pytest.approx(2.0 * DAY + 3_000.0)
    assert r.steps_over_takt == ["b"]


def test_step_index_and_renamed_columns() -> None:
    steps = pd.DataFrame({"ct": [5.0, 7.0], "inv": [2.0, 4.0]}, index=["x", "y"])
    r = value_stream(
        steps,
        demand=2.0,
        available_time=20.0,
        day_length=10.0,
        step=None,
        cycle_time="ct",
        inventory_before="inv",
        changeover=None,
        uptime=None,
        operators=None,
        value_added_time=None,
    )
    assert r.lead_time == pytest.approx(30.0 + 12.0)
    f = future_state(r, {"y": {"cycle_time": 3.0}})
    assert f.deltas["value_added_time"] == pytest.approx(-4.0)


def test_branching_and_merging_graph() -> None:
    """Two feeder branches merge at assembly; the lead time follows the longer branch."""
    g: nx.DiGraph[str] = nx.DiGraph()
    g.add_node("press", cycle_time=10.0, inventory_before=200.0)
    g.add_node("mould", cycle_time=20.0, inventory_before=50.0)
    g.add_node("assembly", cycle_time=30.0, inventory_before=100.0)
    g.add_edges_from([("press", "assembly"), ("mould", "assembly")])
    kw = {"changeover": None, "uptime": None, "operators": None, "value_added_time": None}
    r = value_stream(g, demand=100.0, available_time=3_600.0, day_length=1_000.0, **kw)
    assert r.critical_path == ["press", "assembly"]
    assert r.inventory_days == pytest.approx(3.0)
    assert r.total_inventory_days == pytest.approx(3.5)
    assert r.lead_time == pytest.approx(3_000.0 + 40.0)
    assert r.value_added_time == pytest.approx(40.0)
    f = future_state(r, {"press": {"inventory_before": 0.0}})
    assert f.future.critical_path == ["mould", "assembly"]
    assert f.future.lead_time == pytest.approx(1_500.0 + 50.0)


def test_future_state_acme_pacemaker() -> None:
    """Cutting every inventory but shipping's to 0 leaves 4.5 days plus the 188 s."""
    changes = {s: {"inventory_before": 0.0} for s in _acme()["step"][:-1]}
    f = future_state(_acme(), changes, demand=18_400.0, available_time=55_200.0, working_days=20.0)
    assert f.future.inventory_days == pytest.approx(4.5)
    assert f.deltas["lead_time_days"] == pytest.approx(4.5 + 188.0 / DAY - f.current.lead_time_days)
    assert f.deltas["process_cycle_efficiency"] > 0
    assert f.current.ladder.loc["weld_1", "inventory_before"] == 7_000.0  # not mutated


def test_inputs_not_mutated() -> None:
    steps = _acme()
    before = steps.copy()
    value_stream(steps, demand=18_400.0, available_time=55_200.0, working_days=20)
    pd.testing.assert_frame_equal(steps, before)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1e4), st.floats(0, 1e4), st.floats(0.01, 1), st.floats(0, 1e5)),
        min_size=1,
        max_size=8,
    ),
    st.floats(0.1, 1e5),
    st.floats(1.0, 1e5),
)
def test_pce_at_most_one_and_lead_time_covers_value_added(
    rows: list[tuple[float, float, float, float]], demand: float, available: float
) -> None:
    ct, va, up, inv = (list(x) for x in zip(*rows, strict=True))
    steps = pd.DataFrame(
        {
            "step": range(len(rows)),
            "cycle_time": ct,
            "value_added_time": va,
            "uptime": up,
            "inventory_before": inv,
        }
    )
    r = value_stream(
        steps, demand=demand, available_time=available, changeover=None, operators=None
    )
    assert 0.0 <= r.process_cycle_efficiency <= 1.0
    assert r.lead_time >= r.value_added_time
    assert r.constraint_step in r.ladder.index
    assert set(r.steps_over_takt) <= set(r.ladder.index)


def _kw() -> dict[str, object]:
    return {"demand": 18_400.0, "available_time": 55_200.0, "working_days": 20.0}


@pytest.mark.parametrize("name", ["demand", "available_time", "working_days", "day_length"])
@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf"), "x"])
def test_bad_scalars(name: str, bad: object) -> None:
    kw = _kw() | {name: bad}
    with pytest.raises(InvalidInputError, match=name):
        value_stream(_acme(), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("cycle_time", -1.0),
        ("cycle_time", np.nan),
        ("uptime", 0.0),
        ("uptime", 1.5),
        ("inventory_before", -3.0),
        ("value_added_time", np.inf),
        ("changeover", -5.0),
    ],
)
def test_bad_columns(column: str, value: float) -> None:
    steps = _acme()
    steps.loc[2, column] = value
    with pytest.raises(InvalidInputError, match=column):
        value_stream(steps, **_kw())  # type: ignore[arg-type]


def test_bad_steps() -> None:
    with pytest.raises(InvalidInputError, match="steps"):
        value_stream(_acme().drop(columns="uptime"), **_kw())  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="steps"):
        value_stream(_acme().iloc[:0], **_kw())  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="steps"):
        value_stream([1, 2], **_kw())  # type: ignore[arg-type]
    dup = _acme()
    dup.loc[1, "step"] = "stamping"
    with pytest.raises(InvalidInputError, match="step"):
        value_stream(dup, **_kw())  # type: ignore[arg-type]
    text = _acme().astype({"cycle_time": object})
    text.loc[0, "cycle_time"] = "fast"
    with pytest.raises(InvalidInputError, match="cycle_time"):
        value_stream(text, **_kw())  # type: ignore[arg-type]
    cyc: nx.DiGraph[str] = nx.DiGraph([("a", "b"), ("b", "a")])
    with pytest.raises(InvalidInputError, match="steps"):
        value_stream(cyc, **_kw())  # type: ignore[arg-type]
    g: nx.DiGraph[str] = nx.DiGraph()
    g.add_node("a", cycle_time=1.0)
    with pytest.raises(InvalidInputError, match="changeover"):
        value_stream(g, **_kw())  # type: ignore[arg-type]


def test_bad_future_state() -> None:
    r = value_stream(_acme(), **_kw())  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="changes"):
        future_state(r, {"nope": {"cycle_time": 1.0}})
    with pytest.raises(InvalidInputError, match="changes"):
        future_state(r, {"weld_1": {"colour": 1.0}})
    with pytest.raises(InvalidInputError, match="changes"):
        future_state(r, {"weld_1": {"cycle_time": -1.0}})
    with pytest.raises(InvalidInputError, match="uptime"):
        future_state(r, {"weld_1": {"uptime": 2.0}})
    with pytest.raises(InvalidInputError, match="changes"):
        future_state(r, [1])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="current"):
        future_state(3.0, {})  # type: ignore[arg-type]
