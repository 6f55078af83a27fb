"""Tests of drum-buffer-rope (opsmodels.constraints._dbr)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.constraints import dbr_buffers, drum_buffer_rope
from opsmodels.errors import InvalidInputError


def _orders() -> pd.DataFrame:
    return pd.DataFrame(
        {"due": [20.0, 14.0, 30.0, 15.0], "load": [3.0, 4.0, 5.0, 2.0]},
        index=pd.Index(["A", "B", "C", "D"], name="order"),
    )


def test_buffers_half_lead_time_rule() -> None:
    """Schragenheim & Dettmer, Manufacturing at Warp Speed (2000), ch. 6: a first buffer is
    half the current lead time, split in thirds (green, yellow, red)."""
    b = dbr_buffers(np.array([12.0, 9.0]), 6.0)
    assert b.constraint_buffer.tolist() == [6.0, 4.5]
    assert b.shipping_buffer == pytest.approx(3.0)
    assert b.constraint_yellow.tolist() == [2.0, 1.5]
    assert b.constraint_red.tolist() == [4.0, 3.0]
    s = dbr_buffers(
        pd.Series([12.0], index=["line1"]), pd.Series([6.0], index=["line1"]), fraction=1.0
    )
    assert s.shipping_red["line1"] == 4.0


def test_drum_backward_hand_worked() -> None:
    """Hand-worked (Goldratt & Fox, The Race, 1986, drum/buffer/rope as time; backward
    loading per Schragenheim & Dettmer 2000): CB = 6, SB = 4, constraint due dates
    B 10, D 11, A 16, C 26; backward: C 21-26, A 13-16, D min(11, 13) -> 9-11, B min(10, 9)
    -> 5-9; ropes -1 (released now, late), 3, 7, 15; nothing late."""
    r = drum_buffer_rope(_orders(), constraint_buffer=6.0, shipping_buffer=4.0)
    s = r.schedule
    assert list(s.index) == ["B", "D", "A", "C"]
    assert s["drum_start"].tolist() == [5.0, 9.0, 13.0, 21.0]
    assert s["drum_end"].tolist() == [9.0, 11.0, 16.0, 26.0]
    assert s["rope"].tolist() == [-1.0, 3.0, 7.0, 15.0]
    assert s["release"].tolist() == [0.0, 3.0, 7.0, 15.0]
    assert s["release_late"].tolist() == [True, False, False, False]
    assert r.late_orders == []
    assert r.release_now == ["B"]
    assert r.drum_load == 14.0


def test_drum_pushed_forward_from_now_makes_late_orders() -> None:
    """Same orders at now = 6: B 6-10, D 10-12 (constraint due 11: late by 1), A 13-16,
    C 21-26."""
    r = drum_buffer_rope(_orders(), constraint_buffer=6.0, shipping_buffer=4.0, now=6.0)
    s = r.schedule
    assert s["drum_start"].tolist() == [6.0, 10.0, 13.0, 21.0]
    assert r.late_orders == ["D"]
    assert s.loc["D", "lateness"] == 1.0


def test_drum_forward_loading_and_capacity() -> None:
    r = drum_buffer_rope(
        _orders(), constraint_buffer=6.0, shipping_buffer=4.0, schedule="forward", capacity=2.0
    )
    s = r.schedule
    assert s["drum_start"].tolist() == [0.0, 2.0, 3.0, 4.5]
    assert s["drum_end"].tolist() == [2.0, 3.0, 4.5, 7.0]


def test_buffer_penetration_zones() -> None:
    """Buffer status: share of the buffer consumed, zones by thirds (Schragenheim & Dettmer
    2000, ch. 8). At now = 6, B (released) is needed at the drum at 6: its constraint buffer
    is fully consumed (red); A processed, due 20 with SB 4: 1 - 14/4 < 0 (green); D released,
    drum at 10: 1 - 4/6 = 1/3 (yellow)."""
    orders = _orders().assign(stage=["processed", "released", "planned", "released"])
    r = drum_buffer_rope(orders, stage="stage", constraint_buffer=6.0, shipping_buffer=4.0, now=6.0)
    s = r.schedule
    assert list(s.index) == ["B", "D", "C", "A"]
    assert s.loc["B", "zone"] == "red"
    assert s.loc["B", "penetration"] == pytest.approx(1.0)
    assert s.loc["D", "zone"] == "yellow"
    assert s.loc["A", "buffer"] == "shipping"
    assert s.loc["A", "zone"] == "green"
    assert s.loc["C", "zone"] == "none"
    late = drum_buffer_rope(
        orders.assign(due=[5.0, 14.0, 30.0, 15.0]),
        stage="stage",
        constraint_buffer=6.0,
        shipping_buffer=4.0,
        now=6.0,
    ).schedule
    assert late.loc["A", "penetration"] == pytest.approx(1.25)  # 1 - (5 - 6) / 4
    assert late.loc["A", "zone"] == "late"


def test_input_not_mutated_and_order_column() -> None:
    orders = _orders().reset_index()
    copy = orders.copy()
    r = drum_buffer_rope(orders, order="order", constraint_buffer=6.0, shipping_buffer=4.0)
    pd.testing.assert_frame_equal(orders, copy)
    assert list(r.schedule.index) == ["B", "D", "A", "C"]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 100), st.floats(0, 10)), min_size=1, max_size=20),
    st.floats(0.5, 20),
    st.floats(0.5, 20),
    st.floats(0, 50),
    st.sampled_from(["backward", "forward"]),
)
def test_dbr_laws(
    rows: list[tuple[float, float]], cb: float, sb: float, now: float, mode: str
) -> None:
    orders = pd.DataFrame(rows, columns=["due", "load"])
    r = drum_buffer_rope(
        orders,
        constraint_buffer=cb,
        shipping_buffer=sb,
        now=now,
        schedule=mode,  # type: ignore[arg-type]
    )
    s = r.schedule
    tol = 1e-9 * (1 + abs(s[["drum_end", "due"]].to_numpy()).max())
    assert (s["release"] <= s["drum_start"] + tol).all()
    assert (s["release"] >= now).all()
    assert (s["drum_start"] >= now - tol).all()
    # the drum never holds two orders at once (capacity 1)
    start, end = s["drum_start"].to_numpy(), s["drum_end"].to_numpy()
    assert (start[1:] >= end[:-1] - tol).all()
    assert np.allclose(end - start, s["load"].to_numpy())
    # a release before now only for orders whose rope is past (late to release)
    assert ((s["rope"] >= now) | s["release_late"]).all()
    # constraint due dates nondecreasing along the drum sequence
    assert (np.diff(s["constraint_due"].to_numpy()) >= 0).all()


def test_bad_dbr_input() -> None:
    with pytest.raises(InvalidInputError, match="'constraint_buffer'"):
        drum_buffer_rope(_orders(), constraint_buffer=0.0, shipping_buffer=4.0)
    with pytest.raises(InvalidInputError, match="'orders'.*column 'load' of values >= 0"):
        drum_buffer_rope(_orders().assign(load=-1.0), constraint_buffer=1.0, shipping_buffer=1.0)
    with pytest.raises(InvalidInputError, match="'orders'.*column 'deadline'"):
        drum_buffer_rope(_orders(), due="deadline", constraint_buffer=1.0, shipping_buffer=1.0)
    with pytest.raises(InvalidInputError, match="'orders'.*unknown stage 'done'"):
        drum_buffer_rope(
            _orders().assign(stage="done"),
            stage="stage",
            constraint_buffer=1.0,
            shipping_buffer=1.0,
        )
    with pytest.raises(InvalidInputError, match="'orders'.*NaN"):
        drum_buffer_rope(
            _orders().assign(due=[1.0, np.nan, 2.0, 3.0]),
            constraint_buffer=1.0,
            shipping_buffer=1.0,
        )
    with pytest.raises(InvalidInputError, match="'orders'.*unique order labels"):
        drum_buffer_rope(
            _orders().set_axis(["A", "A", "B", "C"]), constraint_buffer=1.0, shipping_buffer=1.0
        )
    with pytest.raises(InvalidInputError, match="'schedule'"):
        drum_buffer_rope(
            _orders(),
            constraint_buffer=1.0,
            shipping_buffer=1.0,
            schedule="sideways",  # type: ignore[arg-type]
        )
    with pytest.raises(InvalidInputError, match="'fraction'"):
        dbr_buffers(10.0, 5.0, fraction=1.5)
    with pytest.raises(InvalidInputError, match="'shipping_lead_time'"):
        dbr_buffers(10.0, -5.0)
