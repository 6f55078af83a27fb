"""Lean plots: the OEE loss waterfall, the value-stream lead-time ladder, the Yamazumi chart of a
line balance and the cumulative flow diagram of a kanban board."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from opsmodels._validation import InstanceOf, Interval, NoneValue, check, invalid
from opsmodels.plotting import _common as c

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "cumulative_flow_diagram",
    "oee_waterfall",
    "value_stream_timeline",
    "yamazumi_chart",
]

_TEXT = InstanceOf(str, name="a str")
_TOTAL = "#1f4e79"
_LOSS = "#c62828"
_PLANNED_STOP = "#9e9e9e"
_WAIT = "#c62828"
_VALUE = "#2e7d32"

_LOSS_LABELS = {
    "calendar_time": "calendar\ntime",
    "planned_stops": "planned\nstops",
    "planned_time": "planned\ntime",
    "breakdowns": "break-\ndowns",
    "setups_and_adjustments": "setups &\nadjustments",
    "small_stops": "small\nstops",
    "reduced_speed": "reduced\nspeed",
    "startup_rejects": "startup\nrejects",
    "production_rejects": "production\nrejects",
    "availability_loss": "availability\nloss",
    "performance_loss": "performance\nloss",
    "quality_loss": "quality\nloss",
    "fully_productive_time": "fully\nproductive",
}


# --------------------------------------------------------------------------------------------
# OEE loss waterfall
# --------------------------------------------------------------------------------------------


def _scalar(func: str, result: Any, name: str) -> float:
    value = getattr(result, name, None)
    if value is None or np.ndim(value) != 0:
        raise invalid(
            func, "result", f"a result with a single (scalar) {name}", type(result).__name__
        )
    return float(value)


def _waterfall_steps(result: Any) -> tuple[list[str], list[float], list[str]]:
    """Step names, heights and kinds ("total", "loss" or "stop") from the calendar or planned
    time down to the fully productive time."""
    func = "oee_waterfall"
    waterfall = getattr(result, "waterfall", None)
    if isinstance(waterfall, pd.DataFrame):
        names = [str(s) for s in waterfall.index]
        heights = waterfall["time"].to_numpy(dtype=np.float64).tolist()
        kinds = [str(k) for k in waterfall["kind"]]
        table = getattr(result, "table", None)
        if isinstance(table, pd.DataFrame) and "calendar_time" in table:
            calendar = float(table["calendar_time"].sum())
            stops = calendar - heights[0]
            if stops > 1e-9 * max(calendar, 1.0):
                names = ["calendar_time", "planned_stops", *names]
                heights = [calendar, stops, *heights]
                kinds = ["total", "stop", *kinds]
        return names, heights, kinds
    if not all(hasattr(result, f) for f in ("availability", "run_time", "net_run_time")):
        raise invalid(func, "result", "an OEELossesResult or an OEEResult", type(result).__name__)
    availability = _scalar(func, result, "availability")
    run = _scalar(func, result, "run_time")
    net = _scalar(func, result, "net_run_time")
    productive = _scalar(func, result, "fully_productive_time")
    if availability <= 0:
        raise invalid(
            func, "result", "an OEEResult with availability > 0 (to recover the planned time)", 0.0
        )
    planned = run / availability
    names = ["planned_time", "availability_loss", "performance_loss", "quality_loss"]
    heights = [planned, planned - run, run - net, net - productive]
    kinds = ["total", "loss", "loss", "loss"]
    teep = getattr(result, "teep", None)
    oee = _scalar(func, result, "oee")
    if teep is not None and np.ndim(teep) == 0 and float(teep) > 0 and oee > 0:
        calendar = planned * oee / float(teep)
        if calendar - planned > 1e-9 * calendar:
            names = ["calendar_time", "planned_stops", *names]
            heights = [calendar, calendar - planned, *heights]
            kinds = ["total", "stop", *kinds]
    return [*names, "fully_productive_time"], [*heights, productive], [*kinds, "total"]


def oee_waterfall(
    result: Any,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    unit: str | None = None,
) -> Axes:
    """OEE loss waterfall: from calendar or planned time down to the fully productive time.

    Parameters
    ----------
    result : OEELossesResult or OEEResult
        :func:`opsmodels.lean.oee_from_states` (the six big losses, and the planned stops
        when the log holds any) or :func:`opsmodels.lean.oee` for one machine (the
        availability, performance and quality losses; the planned stops too when TEEP is
        known).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Axes title (default gives the OEE, and the TEEP when known).
    unit : str, optional
        Time unit for the axis label, e.g. "min".

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Totals are drawn from zero (dark), each loss as a floating bar (red; planned stops grey)
    from the level left after the previous losses. Each bar is labelled with its time and its
    share of the planned production time, so the fully productive bar reads as the OEE.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import lean
    >>> r = lean.oee(420.0, 47.0, 1.0 / 60.0, 19_271, 18_848, calendar_time=480.0)
    >>> ax = oee_waterfall(r, unit="min")
    >>> ax.get_title()
    'OEE loss waterfall: OEE 74.8 %, TEEP 65.4 %'
    >>> plt.close("all")
    """
    check("oee_waterfall", "unit", unit, [NoneValue(), _TEXT])
    names, heights, kinds = _waterfall_steps(result)
    values = np.asarray(heights, dtype=np.float64)
    values = np.where(np.abs(values) < 1e-12 * max(float(values.max()), 1.0), 0.0, values)
    bottoms = np.zeros(len(values))
    level = 0.0
    for i, (height, kind) in enumerate(zip(values.tolist(), kinds, strict=True)):
        if kind == "total":
            level = height
        else:
            level -= height
            bottoms[i] = level
    planned = float(values[names.index("planned_time")])
    axes = c.new_axes(ax, figsize=(max(7.0, 1.05 * len(names) + 1.5), 4.8))
    colours = [_TOTAL if k == "total" else (_PLANNED_STOP if k == "stop" else _LOSS) for k in kinds]
    x = np.arange(len(names))
    axes.bar(x, values, bottom=bottoms, color=colours, width=0.7, zorder=2, edgecolor="white")
    top = float(values.max()) if values.size else 1.0
    for i in range(len(names) - 1):  # connectors at the level carried to the next bar
        carried = bottoms[i] + values[i] if kinds[i] == "total" else bottoms[i]
        axes.plot([i + 0.35, i + 0.65], [carried, carried], color="0.45", lw=0.8, zorder=1)
    for i, (height, bottom) in enumerate(zip(values.tolist(), bottoms.tolist(), strict=True)):
        share = f"{100 * height / planned:.1f} %" if planned > 0 else ""
        text = f"{c.fmt(height, 4)}\n{share}" if names[i] != "calendar_time" else c.fmt(height, 4)
        axes.annotate(
            text,
            (i, bottom + height),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7.5,
        )
    axes.set_xticks(x, [_LOSS_LABELS.get(n, n) for n in names], fontsize=8)
    axes.set_ylim(0, top * 1.16 if top > 0 else 1.0)
    axes.set_xlim(-0.6, len(names) - 0.4)
    axes.set_ylabel(f"time ({unit})" if unit else "time")
    axes.grid(True, axis="y", color="#dddddd", lw=0.6, zorder=0)
    if title is None:
        overall = getattr(result, "overall", result)
        oee = float(np.asarray(overall.oee))
        title = f"OEE loss waterfall: OEE {100 * oee:.1f} %"
        teep = getattr(overall, "teep", None)
        if teep is not None and np.ndim(teep) == 0:
            title += f", TEEP {100 * float(teep):.1f} %"
    axes.set_title(title)
    return axes


# --------------------------------------------------------------------------------------------
# value-stream timeline (lead-time ladder)
# --------------------------------------------------------------------------------------------


def _ladder(axes: Axes, stream: Any, y_wait: float, y_value: float, unit: str) -> None:
    """One ladder: inventory days up (non-value-added), process times down (value-added)."""
    ladder = stream.ladder
    steps = ladder.index[ladder["critical"].to_numpy(dtype=bool)]
    days = ladder.loc[steps, "inventory_days"].to_numpy(dtype=np.float64)
    process = ladder.loc[steps, "process_time"].to_numpy(dtype=np.float64)
    xs: list[float] = []
    ys: list[float] = []
    for k in range(len(steps)):
        x0 = 2.0 * k
        xs += [x0, x0 + 1.0, x0 + 1.0, x0 + 2.0, x0 + 2.0]
        ys += [y_wait, y_wait, y_value, y_value, y_wait]
        axes.text(
            x0 + 0.5,
            y_wait + 0.05,
            f"{days[k]:.3g} d" if days[k] < 100 else f"{days[k]:.0f} d",
            ha="center",
            va="bottom",
            fontsize=8,
            color=_WAIT,
        )
        axes.text(
            x0 + 1.5,
            y_value - 0.05,
            f"{c.fmt(process[k], 3)} {unit}",
            ha="center",
            va="top",
            fontsize=8,
            color=_VALUE,
        )
        axes.text(
            x0 + 1.5,
            (y_wait + y_value) / 2,
            textwrap.fill(str(steps[k]), 11, break_long_words=True),
            ha="center",
            va="center",
            fontsize=8 if len(str(steps[k])) <= 11 else 7,
            color="0.1",
            bbox={"facecolor": "#eef3f8", "edgecolor": "0.6", "pad": 2.0},
        )
    axes.plot(xs[:-1], ys[:-1], color="0.2", lw=1.5)
    end = 2.0 * len(steps) + 0.15
    axes.text(
        end,
        y_wait,
        f"lead time {stream.lead_time_days:.3g} d",
        ha="left",
        va="center",
        fontsize=8.5,
        color=_WAIT,
    )
    axes.text(
        end,
        y_value,
        f"VA {c.fmt(stream.value_added_time, 4)} {unit}\nPCE {100 * stream.process_cycle_efficiency:.3g} %",
        ha="left",
        va="center",
        fontsize=8.5,
        color=_VALUE,
    )


def value_stream_timeline(
    result: Any,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    unit: str = "s",
) -> Axes:
    """The value-stream timeline (lead-time ladder) under the steps of the critical path.

    Parameters
    ----------
    result : ValueStreamResult or FutureStateResult
        :func:`opsmodels.lean.value_stream` (one ladder) or :func:`opsmodels.lean.future_state`
        (the current ladder above the future one).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Axes title (default gives lead time, value-added time and PCE).
    unit : str
        Label of the steps' time unit (process times).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    As on a value stream map (Rother and Shook, *Learning to See*, 1999, pp. 28-29), the upper
    treads carry the inventory waiting in front of each step in days (non-value-added) and the
    lower treads the step's process (value-added) time; the totals sit at the right end.
    Branching streams show their critical (longest) path, the one that sets the lead time.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from opsmodels import lean
    >>> steps = pd.DataFrame({"step": ["cut", "weld"], "cycle_time": [30.0, 70.0],
    ...                       "inventory_before": [120.0, 60.0]})
    >>> r = lean.value_stream(steps, demand=120.0, available_time=3_600.0, changeover=None,
    ...                       uptime=None, operators=None, value_added_time=None)
    >>> ax = value_stream_timeline(r)
    >>> ax.get_title()
    'Value-stream timeline: lead time 1.5 days, VA 100 s, PCE 0.0771 %'
    >>> plt.close("all")
    """
    check("value_stream_timeline", "unit", unit, _TEXT)
    if hasattr(result, "current") and hasattr(result, "future"):
        streams = [("current", result.current), ("future", result.future)]
    elif hasattr(result, "ladder") and hasattr(result, "lead_time_days"):
        streams = [("", result)]
    else:
        raise invalid(
            "value_stream_timeline",
            "result",
            "a ValueStreamResult or a FutureStateResult",
            type(result).__name__,
        )
    width = max(int(s.ladder["critical"].sum()) for _, s in streams)
    axes = c.new_axes(
        ax, figsize=(min(max(7.0, 1.3 * width + 3.0), 18.0), 0.8 + 1.9 * len(streams))
    )
    for row, (label, stream) in enumerate(streams):
        base = -2.0 * row
        _ladder(axes, stream, base + 1.0, base, unit)
        if label:
            axes.text(-0.2, base + 0.5, label, ha="right", va="center", fontsize=9, weight="bold")
    axes.set_xlim(-1.4 if len(streams) > 1 else -0.3, 2.0 * width + 3.2)
    axes.set_ylim(-2.0 * (len(streams) - 1) - 0.35, 1.35)
    axes.set_axis_off()
    if title is None:
        last = streams[-1][1]
        title = (
            f"Value-stream timeline: lead time {last.lead_time_days:.3g} days, "
            f"VA {c.fmt(last.value_added_time, 4)} {unit}, "
            f"PCE {100 * last.process_cycle_efficiency:.3g} %"
        )
        if len(streams) > 1:
            title = "Future state " + title[0].lower() + title[1:]
    axes.set_title(title)
    return axes


# --------------------------------------------------------------------------------------------
# Yamazumi chart
# --------------------------------------------------------------------------------------------


def yamazumi_chart(
    result: Any,
    ax: Axes | None = None,
    *,
    takt: float | None = None,
    title: str | None = None,
    unit: str | None = None,
) -> Axes:
    """Yamazumi chart: the task times stacked per station against the cycle time and takt.

    Parameters
    ----------
    result : LineBalanceResult
        A result of :func:`opsmodels.lean.line_balance` (its ``yamazumi()`` data).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    takt : float, optional
        Takt time (> 0), drawn as a dashed line when given.
    title : str, optional
        Axes title (default gives the stations, efficiency and smoothness index).
    unit : str, optional
        Time unit for the axis label.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Each task is a block labelled with its name (and time when the block is tall enough), in
    precedence order from the bottom of its station's column; the solid line is the cycle
    time the line was balanced for, so the gap above each column is the station's idle time.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import networkx as nx
    >>> from opsmodels import lean
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("a", {"duration": 4.0}), ("b", {"duration": 3.0}),
    ...                   ("c", {"duration": 5.0})])
    >>> g.add_edges_from([("a", "b"), ("a", "c")])
    >>> ax = yamazumi_chart(lean.line_balance(g, 7.0), takt=7.5)
    >>> ax.get_title()
    'Yamazumi: 2 stations, efficiency 85.7 %, smoothness 2'
    >>> plt.close("all")
    """
    func = "yamazumi_chart"
    check(func, "takt", takt, [NoneValue(), Interval(0, None, closed="neither")])
    check(func, "unit", unit, [NoneValue(), _TEXT])
    if not callable(getattr(result, "yamazumi", None)) or not hasattr(result, "cycle_time"):
        raise invalid(func, "result", "a LineBalanceResult", type(result).__name__)
    data: pd.DataFrame = result.yamazumi()
    cycle = float(result.cycle_time)
    stations = data.index.to_numpy()
    axes = c.new_axes(ax, figsize=(max(6.0, 0.9 * len(stations) + 2.5), 5.0))
    cmap = c.pyplot().get_cmap("tab20")
    bottom = np.zeros(len(stations))
    top = max(cycle, float(takt) if takt is not None else 0.0, float(data.sum(axis=1).max()))
    for j, task in enumerate(data.columns):
        times = data[task].to_numpy(dtype=np.float64)
        where = np.flatnonzero(times > 0)
        if where.size == 0:
            continue
        axes.bar(
            stations[where],
            times[where],
            bottom=bottom[where],
            color=cmap(j % 20),
            edgecolor="white",
            width=0.7,
            zorder=2,
        )
        for k in where.tolist():
            height = times[k]
            if height >= 0.045 * top:
                label = f"{task}" if height < 0.06 * top else f"{task} ({c.fmt(height, 3)})"
                axes.text(
                    stations[k],
                    bottom[k] + height / 2,
                    label,
                    ha="center",
                    va="center",
                    fontsize=7.5 if height >= 0.06 * top else 6.5,
                    color="0.1",
                    zorder=3,
                )
        bottom[where] += times[where]
    axes.axhline(cycle, color=c.LIMIT, lw=1.6, zorder=4)
    axes.annotate(
        f"cycle time {c.fmt(cycle, 4)}",
        xy=(1.0, cycle),
        xycoords=axes.get_yaxis_transform(),
        xytext=(-3, 3),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=8,
        color=c.LIMIT,
    )
    if takt is not None:
        axes.axhline(float(takt), color=c.CENTER, lw=1.4, ls="--", zorder=4)
        above = float(takt) >= cycle
        axes.annotate(
            f"takt {c.fmt(float(takt), 4)}",
            xy=(0.0, float(takt)),
            xycoords=axes.get_yaxis_transform(),
            xytext=(3, 3 if above else -3),
            textcoords="offset points",
            ha="left",
            va="bottom" if above else "top",
            fontsize=8,
            color=c.CENTER,
        )
    axes.set_xticks(stations, [f"S{s}" for s in stations.tolist()])
    axes.set_xlim(stations.min() - 0.6, stations.max() + 0.6)
    axes.set_ylim(0, top * 1.12)
    axes.set_xlabel("station")
    axes.set_ylabel(f"work content ({unit})" if unit else "work content")
    axes.grid(True, axis="y", color="#dddddd", lw=0.6, zorder=0)
    if title is None:
        title = (
            f"Yamazumi: {int(result.stations)} stations, efficiency "
            f"{100 * float(result.efficiency):.1f} %, smoothness "
            f"{c.fmt(float(result.smoothness_index), 3)}"
        )
    axes.set_title(title)
    return axes


# --------------------------------------------------------------------------------------------
# cumulative flow diagram
# --------------------------------------------------------------------------------------------


def cumulative_flow_diagram(
    result: Any,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Axes:
    """Cumulative flow diagram: one stacked band per workflow state over time.

    Parameters
    ----------
    result : FlowMetricsResult
        A result of :func:`opsmodels.lean.flow_metrics` (its ``cfd`` frame).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Axes title (default gives the items done, the WIP at the end and the throughput).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The top edge of each band is the number of items that had reached at least that state by
    the end of the period (Vacanti, *Actionable Agile Metrics for Predictability*, 2015,
    ch. 4): done at the bottom, the first state on top. The vertical gap between the start
    and done lines is the WIP, the horizontal gap the approximate cycle time. A box gives the
    Little's law check.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from opsmodels import lean
    >>> log = pd.DataFrame({"item": ["a", "a", "b", "b", "c"],
    ...     "state": ["doing", "done", "doing", "done", "doing"],
    ...     "timestamp": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-02",
    ...                                  "2024-01-03", "2024-01-03"])})
    >>> ax = cumulative_flow_diagram(lean.flow_metrics(log, workflow=["doing", "done"]))
    >>> ax.get_title()
    'Cumulative flow: 2 done, WIP 1 at the end, throughput 1 per day'
    >>> plt.close("all")
    """
    func = "cumulative_flow_diagram"
    cfd = getattr(result, "cfd", None)
    if not isinstance(cfd, pd.DataFrame) or cfd.shape[1] < 2:
        raise invalid(func, "result", "a FlowMetricsResult", type(result).__name__)
    index = cfd.index
    if isinstance(index, pd.PeriodIndex):
        x: Any = (index + 1).to_timestamp(how="start")  # counts stand at the period's end
        start = index[:1].to_timestamp(how="start")
        x = start.append(x)
    else:
        x = index
    values = cfd.to_numpy(dtype=np.float64)
    if isinstance(index, pd.PeriodIndex):
        values = np.vstack([np.zeros((1, values.shape[1])), values])
    states = list(cfd.columns)
    axes = c.new_axes(ax, figsize=(9.0, 5.0))
    cmap = c.pyplot().get_cmap("viridis")
    n = len(states)
    handles = []
    for k in range(n - 1, -1, -1):  # done at the bottom
        upper = values[:, k]
        lower = values[:, k + 1] if k + 1 < n else np.zeros(len(upper))
        colour = cmap(0.15 + 0.75 * (n - 1 - k) / max(n - 1, 1))
        handles.append(
            axes.fill_between(x, lower, upper, step=None, color=colour, alpha=0.9, lw=0.0)
        )
        axes.plot(x, upper, color="white", lw=0.6)
    legend = axes.legend(
        handles[::-1],
        [str(s) for s in states],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        framealpha=0.95,
        title="state",
        title_fontsize=8,
    )
    axes.set_ylabel("items (cumulative)")
    axes.set_xlim(x[0], x[-1])
    axes.set_ylim(0, max(float(values.max()), 1.0) * 1.05)
    axes.grid(True, color="#dddddd", lw=0.6, zorder=0)
    fig = axes.get_figure()
    if fig is not None:
        fig.autofmt_xdate()
    little = getattr(result, "littles_law", None)
    if little is not None:
        from matplotlib.patches import Rectangle

        lines = [
            f"L    {c.fmt(little.average_wip, 4)}",
            f"λ·W  {c.fmt(little.predicted_wip, 4)}",
            f"λ    {c.fmt(little.throughput_rate, 4)} /day",
            f"W    {c.fmt(little.average_cycle_time, 4)} d",
        ]
        blank = [Rectangle((0, 0), 0, 0, visible=False) for _ in lines]
        axes.add_artist(legend)
        axes.legend(
            blank,
            lines,
            loc="lower left",
            bbox_to_anchor=(1.01, 0.0),
            handlelength=0,
            handletextpad=0,
            prop={"family": "monospace", "size": 8},
            title="Little's law",
            title_fontsize=8,
            framealpha=0.95,
        )
    if title is None:
        done = int(values[-1, -1])
        wip = int(values[-1, states.index(getattr(result, "start_state", states[0]))] - done)
        rate = getattr(little, "throughput_rate", None)
        title = f"Cumulative flow: {done} done, WIP {wip} at the end"
        if rate is not None:
            title += f", throughput {c.fmt(float(rate), 3)} per day"
    axes.set_title(title)
    return axes
