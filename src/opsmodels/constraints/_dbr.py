r"""Drum-buffer-rope: time buffers, the drum schedule of the constraint and the release rope.

For a line with a known constraint (the *drum*), orders are sequenced on the constraint by
their due date at the constraint (due date minus the *shipping buffer*) and loaded finitely at
its capacity; each order is released to the floor one *constraint buffer* before its drum
start (the *rope*). Buffers are time; their thirds (green, yellow, red) drive buffer
management: the share of a buffer an order has consumed says whether to expedite it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from opsmodels._numeric import POSITIVE, numeric
from opsmodels._results import Result
from opsmodels._validation import (
    Interval,
    OneOf,
    as_float_array,
    as_scalar,
    check,
    invalid,
    require_columns,
)

__all__ = ["DBRBuffersResult", "DrumBufferRopeResult", "dbr_buffers", "drum_buffer_rope"]

_STAGES = ("planned", "released", "processed", "shipped")
_ZONES = np.array(["green", "yellow", "red", "late"], dtype=object)


@dataclass(frozen=True, slots=True, kw_only=True)
class DBRBuffersResult(Result):
    """Constraint and shipping buffers with their zones.

    Attributes
    ----------
    constraint_buffer : float, ndarray or Series
        Time from release to the planned start at the constraint.
    shipping_buffer : float, ndarray or Series
        Time from the planned end at the constraint to the due date.
    constraint_yellow, constraint_red : float, ndarray or Series
        Buffer time consumed at which an order enters the yellow zone (one third of the
        buffer) and the red zone (two thirds).
    shipping_yellow, shipping_red : float, ndarray or Series
        The same for the shipping buffer.
    """

    constraint_buffer: Any
    shipping_buffer: Any
    constraint_yellow: Any
    constraint_red: Any
    shipping_yellow: Any
    shipping_red: Any


def dbr_buffers(
    constraint_lead_time: Any,
    shipping_lead_time: Any,
    *,
    fraction: float = 0.5,
) -> DBRBuffersResult:
    """Size the constraint and shipping buffers from current lead times.

    Parameters
    ----------
    constraint_lead_time : float, array_like or Series
        Current lead time from release to the constraint [time], > 0.
    shipping_lead_time : float, array_like or Series
        Current lead time from the constraint to shipping [time], > 0.
    fraction : float
        Share of the current lead time kept as buffer, in (0, 1]; 0.5 is the common rule of
        thumb (half the current lead time).

    Returns
    -------
    DBRBuffersResult
        Numeric in, same kind out (arguments broadcast).

    Raises
    ------
    InvalidInputError
        A lead time <= 0 or not finite, a fraction outside (0, 1].

    Notes
    -----
    Buffer :math:`= f \\cdot LT` with *LT* the current lead time of the segment; each buffer
    is split in thirds: green (:math:`< B/3` consumed), yellow (:math:`B/3` to
    :math:`2B/3`) and red (:math:`> 2B/3`).

    References
    ----------
    .. [1] E. Schragenheim and H. W. Dettmer, *Manufacturing at Warp Speed*, St. Lucie
       Press, 2000, ch. 6 and 8 (buffer sizing at half the current lead time; buffer zones).
    .. [2] J. F. Cox III and J. G. Schleier Jr. (eds.), *Theory of Constraints Handbook*,
       McGraw-Hill, 2010, ch. 9 (drum-buffer-rope and buffer management).

    Examples
    --------
    >>> b = dbr_buffers(12.0, 6.0)
    >>> b.constraint_buffer, b.shipping_buffer, b.constraint_red
    (6.0, 3.0, 4.0)
    """
    func = "dbr_buffers"
    f = as_scalar(func, "fraction", fraction, Interval(0, 1, closed="right"))
    kind, (cl, sl) = numeric(
        func,
        constraint_lead_time=(constraint_lead_time, POSITIVE),
        shipping_lead_time=(shipping_lead_time, POSITIVE),
    )
    cb = f * cl
    sb = f * sl
    return DBRBuffersResult(
        constraint_buffer=kind(cb),
        shipping_buffer=kind(sb),
        constraint_yellow=kind(cb / 3),
        constraint_red=kind(2 * cb / 3),
        shipping_yellow=kind(sb / 3),
        shipping_red=kind(2 * sb / 3),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DrumBufferRopeResult(Result):
    """The drum schedule, the rope (release times), late orders and buffer status.

    Attributes
    ----------
    schedule : DataFrame
        One row per order, in drum sequence (orders past the constraint last), indexed by
        order: ``due``, ``load``, ``constraint_due`` (due minus shipping buffer),
        ``drum_start``, ``drum_end`` (on the constraint), ``rope`` (drum start minus
        constraint buffer), ``release`` (when to release: the rope, or ``now`` when the rope
        is past), ``release_late`` (the rope is before ``now``), ``late`` (the drum end is
        after the constraint due date), ``lateness`` (by how much, >= 0), ``stage``,
        ``buffer`` (``"constraint"`` for released orders, ``"shipping"`` for processed ones,
        ``"none"``), ``penetration`` (share of that buffer consumed) and ``zone``
        (``"green"``, ``"yellow"``, ``"red"``, ``"late"`` or ``"none"``). Orders already past
        the constraint have no drum times (``drum_start`` = ``drum_end`` = ``rope`` =
        ``release`` = ``now``).
    late_orders : list
        Orders whose drum end is after their constraint due date.
    release_now : list
        Planned orders whose rope is at or before ``now``: release them now.
    constraint_buffer, shipping_buffer : float
        The buffers used.
    drum_load : float
        Constraint time loaded (sum of the loads of the orders not yet processed over the
        capacity).
    """

    schedule: pd.DataFrame
    late_orders: list[Any]
    release_now: list[Any]
    constraint_buffer: float
    shipping_buffer: float
    drum_load: float

    def to_frame(self) -> pd.DataFrame:
        """Return the schedule.

        Returns
        -------
        pandas.DataFrame
            :attr:`schedule`.

        Examples
        --------
        >>> import pandas as pd
        >>> orders = pd.DataFrame({"due": [10.0], "load": [2.0]}, index=["A"])
        >>> drum_buffer_rope(orders, constraint_buffer=4.0, shipping_buffer=2.0).to_frame()[
        ...     ["drum_start", "drum_end", "rope"]]
           drum_start  drum_end  rope
        A         6.0       8.0   2.0
        """
        return self.schedule


def _column(func: str, frame: pd.DataFrame, column: Any, *, low: float | None = None) -> Any:
    arr = as_float_array(
        func, "orders", frame[column], nan_hint=f"fill or drop missing {column!r} values"
    )
    if low is not None and (arr < low).any():
        pos = int(np.flatnonzero(arr < low)[0])
        raise invalid(
            func,
            "orders",
            f"a column {column!r} of values >= {low:g}",
            f"<{arr[pos]!r} at row {pos}>",
        )
    return arr


def drum_buffer_rope(
    orders: pd.DataFrame,
    *,
    due: Any = "due",
    load: Any = "load",
    order: Any = None,
    stage: Any = None,
    constraint_buffer: float,
    shipping_buffer: float,
    capacity: float = 1.0,
    now: float = 0.0,
    schedule: Literal["backward", "forward"] = "backward",
) -> DrumBufferRopeResult:
    """Drum schedule, release rope and buffer status for a line with a known constraint.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order (never modified).
    due : column name
        Due date (shipping) of each order [time, on the same axis as ``now``].
    load : column name
        Work of each order on the constraint [time], >= 0.
    order : column name, optional
        Order label; default the frame's index.
    stage : column name, optional
        Where each order is: ``"planned"`` (not released), ``"released"`` (in front of the
        constraint), ``"processed"`` (past the constraint, not shipped) or ``"shipped"``.
        Default: all planned.
    constraint_buffer : float
        Constraint buffer [time], > 0 (e.g. from :func:`dbr_buffers`).
    shipping_buffer : float
        Shipping buffer [time], > 0.
    capacity : float
        Constraint capacity: work processed per unit of time (1 for one machine), > 0.
    now : float
        The current time; nothing is scheduled on the drum before it.
    schedule : {"backward", "forward"}
        ``"backward"``: each order as late as its constraint due date allows (just in time,
        the classic drum), pushed later where the constraint would be overloaded or the time
        is past; ``"forward"``: the drum works the sequence from ``now`` without idle time.

    Returns
    -------
    DrumBufferRopeResult

    Raises
    ------
    InvalidInputError
        A missing column, an empty frame, missing or infinite due dates or loads, a negative
        load, an unknown stage, duplicate order labels, buffers or capacity <= 0.

    Notes
    -----
    Orders not yet past the constraint are sequenced by constraint due date
    :math:`d_i - SB` (ties in row order) and take :math:`p_i = \\text{load}_i / c` on the
    drum. Backward: :math:`e_i = \\min(d_i - SB, s_{i+1})`, :math:`s_i = e_i - p_i` (from the
    last order back), then forward :math:`s_i \\leftarrow \\max(s_i, \\text{now},
    e_{i-1})`, so the drum never holds two orders at once and never starts before now
    (both passes as cumulative minima / maxima). Rope :math:`r_i = s_i - CB`; release
    :math:`\\max(r_i, \\text{now})` (so release <= drum start). Late: :math:`e_i > d_i - SB`.

    Buffer status (penetration) of an order in progress is the share of its buffer
    consumed: :math:`1 - (s_i - \\text{now}) / CB` for a released order (time left until the
    drum needs it), :math:`1 - (d_i - \\text{now}) / SB` for a processed one; zones by
    thirds: green below 1/3, yellow below 2/3, red up to 1, late above.

    References
    ----------
    .. [1] E. M. Goldratt and R. E. Fox, *The Race*, North River Press, 1986 (the drum, the
       buffers as time, the rope).
    .. [2] E. Schragenheim and H. W. Dettmer, *Manufacturing at Warp Speed*, St. Lucie
       Press, 2000 (drum schedule, release and buffer management with zones).
    .. [3] J. F. Cox III and J. G. Schleier Jr. (eds.), *Theory of Constraints Handbook*,
       McGraw-Hill, 2010, ch. 9.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"due": [20.0, 14.0, 30.0, 15.0], "load": [3.0, 4.0, 5.0, 2.0]},
    ...                       index=["A", "B", "C", "D"])
    >>> r = drum_buffer_rope(orders, constraint_buffer=6.0, shipping_buffer=4.0)
    >>> r.schedule[["drum_start", "drum_end", "rope", "release"]]
       drum_start  drum_end  rope  release
    B         5.0       9.0  -1.0      0.0
    D         9.0      11.0   3.0      3.0
    A        13.0      16.0   7.0      7.0
    C        21.0      26.0  15.0     15.0
    >>> r.release_now, r.late_orders
    (['B'], [])
    """
    func = "drum_buffer_rope"
    cb = as_scalar(func, "constraint_buffer", constraint_buffer, POSITIVE)
    sb = as_scalar(func, "shipping_buffer", shipping_buffer, POSITIVE)
    cap = as_scalar(func, "capacity", capacity, POSITIVE)
    t_now = as_scalar(func, "now", now)
    check(func, "schedule", schedule, OneOf("backward", "forward"))
    for name, col, optional in (
        ("due", due, False),
        ("load", load, False),
        ("order", order, True),
        ("stage", stage, True),
    ):
        if (col is None and not optional) or (
            col is not None and (isinstance(col, bool) or not isinstance(col, str | int | tuple))
        ):
            raise invalid(func, name, "a column name" + (" or None" if optional else ""), col)
    if not isinstance(orders, pd.DataFrame):
        raise invalid(func, "orders", "a pandas DataFrame", orders)
    names = [c for c in (due, load, order, stage) if c is not None]
    if len(set(names)) != len(names):
        raise invalid(func, "orders", "distinct columns for due, load, order and stage", names)
    require_columns(func, "orders", orders, names)
    if len(orders) == 0:
        raise invalid(func, "orders", "a non-empty frame of orders", "<0 rows>")
    d = _column(func, orders, due)
    w = _column(func, orders, load, low=0.0)
    labels = orders.index if order is None else pd.Index(orders[order], name=order)
    if not labels.is_unique:
        dup = labels[labels.duplicated()][0]
        raise invalid(func, "orders", "unique order labels", f"<{dup!r} twice>")
    if stage is None:
        st = np.zeros(len(d), dtype=np.int64)
    else:
        codes, uniques = pd.factorize(orders[stage], use_na_sentinel=True)
        lookup = {s: i for i, s in enumerate(_STAGES)}
        table = np.empty(len(uniques), dtype=np.int64)
        for i, u in enumerate(uniques):  # one entry per distinct stage
            if u not in lookup:
                raise invalid(
                    func,
                    "orders",
                    f"a column {stage!r} of stages {', '.join(repr(s) for s in _STAGES)}",
                    f"<unknown stage {u!r}>",
                )
            table[i] = lookup[u]
        if (codes < 0).any():
            raise invalid(func, "orders", f"a column {stage!r} without missing values", "<NaN>")
        st = table[codes]
    on_drum = st <= 1
    idx = np.flatnonzero(on_drum)
    cdue = d - sb
    seq = idx[np.lexsort((idx, cdue[idx]))]
    p = w[seq] / cap
    cum = np.cumsum(p)
    before = cum - p
    if schedule == "backward" and len(seq):
        # e_i = min over j >= i of (D_j - (P_j - P_i)) = P_i + min_{j >= i}(D_j - P_j)
        tail = np.minimum.accumulate((cdue[seq] - cum)[::-1])[::-1]
        bstart = cum + tail - p
        early = np.maximum(bstart, t_now)
    else:
        early = np.full(len(seq), t_now)
    # e_i = P_i + max_{j <= i}(early_j - P_{j-1}): never before now, never two at once
    end = cum + np.maximum.accumulate(early - before) if len(seq) else cum
    start = end - p
    n = len(d)
    drum_start = np.full(n, t_now)
    drum_end = np.full(n, t_now)
    drum_start[seq], drum_end[seq] = start, end
    rope = np.where(on_drum, drum_start - cb, t_now)
    release = np.maximum(rope, t_now)
    release_late = on_drum & (st == 0) & (rope < t_now)
    late = on_drum & (drum_end > cdue)
    lateness = np.where(late, drum_end - cdue, 0.0)
    buffer = np.full(n, "none", dtype=object)
    pen = np.zeros(n)
    rel = st == 1
    proc = st == 2
    buffer[rel], buffer[proc] = "constraint", "shipping"
    pen[rel] = 1 - (drum_start[rel] - t_now) / cb
    pen[proc] = 1 - (d[proc] - t_now) / sb
    zone_code = np.searchsorted(np.array([1 / 3, 2 / 3, 1.0]), pen, side="right")
    zone_code = np.where(pen == 1.0, 2, zone_code)  # a fully consumed buffer is red, not late
    zone = np.where(rel | proc, _ZONES[zone_code], "none")
    frame = pd.DataFrame(
        {
            "due": d,
            "load": w,
            "constraint_due": cdue,
            "drum_start": drum_start,
            "drum_end": drum_end,
            "rope": rope,
            "release": release,
            "release_late": release_late,
            "late": late,
            "lateness": lateness,
            "stage": np.array(_STAGES, dtype=object)[st],
            "buffer": buffer,
            "penetration": pen,
            "zone": zone.astype(object),
        },
        index=labels,
    )
    rest = np.flatnonzero(~on_drum)
    frame = frame.iloc[np.concatenate([seq, rest])]
    return DrumBufferRopeResult(
        schedule=frame,
        late_orders=list(frame.index[frame["late"].to_numpy()]),
        release_now=list(
            frame.index[((frame["stage"] == "planned") & (frame["rope"] <= t_now)).to_numpy()]
        ),
        constraint_buffer=cb,
        shipping_buffer=sb,
        drum_load=float(p.sum()),
    )
