"""Control-chart plots: one chart, and paired charts (X-bar/R, X-bar/S, I-MR) on stacked axes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from opsmodels._validation import invalid
from opsmodels.plotting import _common as c

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["control_chart", "paired_chart"]

TITLES = {
    "xbar": "X̄ chart",
    "r": "R chart",
    "s": "S chart",
    "individuals": "Individuals chart",
    "moving_range": "Moving range chart",
    "p": "p chart",
    "np": "np chart",
    "c": "c chart",
    "u": "u chart",
    "laney_p": "Laney p′ chart",
    "laney_u": "Laney u′ chart",
    "g": "g chart",
    "ewma": "EWMA chart",
    "cusum": "CUSUM chart",
    "t2": "Hotelling T² chart",
}

#: Most flagged points labelled with their rule numbers (beyond, only the red marks).
MAX_LABELS = 60
#: Most points drawn with markers (beyond, a plain line).
MAX_MARKERS = 400

#: Field pairs of the paired-chart results, top chart first.
PAIRS = (("xbar", "r"), ("xbar", "s"), ("individuals", "moving_range"))


def _is_chart(obj: object) -> bool:
    return all(hasattr(obj, f) for f in ("statistic", "center", "lcl", "ucl"))


def _decimals(*arrays: Any) -> int:
    """Decimals that resolve the spread of the limits (3 significant digits of it)."""
    values = np.concatenate([np.ravel(a) for a in arrays])
    values = values[np.isfinite(values)]
    spread = float(values.max() - values.min()) if values.size else 0.0
    if spread <= 0:
        spread = float(np.max(np.abs(values))) if values.size else 1.0
    if spread <= 0:
        return 2
    return int(min(max(2 - np.floor(np.log10(spread)), 0), 10))


def _label_line(ax: Axes, y: float, text: str, color: str, decimals: int = 3) -> None:
    """Label a horizontal line at its right end, just outside the axes."""
    if not np.isfinite(y):
        return
    ax.annotate(
        f"{text} = {y:.{decimals}f}",
        xy=(1.0, y),
        xycoords=ax.get_yaxis_transform(),
        xytext=(4, 0),
        textcoords="offset points",
        va="center",
        ha="left",
        fontsize=8,
        color=color,
        annotation_clip=False,
    )


def _line(ax: Axes, x: Any, values: Any, *, constant: bool, **style: Any) -> None:
    if constant:
        finite = values[np.isfinite(values)]
        if finite.size:
            ax.axhline(finite[0], **style)
    else:
        ax.step(x, np.where(np.isfinite(values), values, np.nan), where="mid", **style)


def _zones(ax: Axes, x: Any, center: Any, sigma: Any, lcl: Any, ucl: Any, step: bool) -> None:
    """Shade zone C (within 1 sigma), B (1-2 sigma) and A (2-3 sigma), clipped to the limits."""
    lo_clip = np.where(np.isfinite(lcl), lcl, -np.inf)
    hi_clip = np.where(np.isfinite(ucl), ucl, np.inf)
    kw: dict[str, Any] = {"step": "mid"} if step else {}
    if not step:  # constant limits: stretch the bands over the whole x range
        x = np.array([x[0], x[-1]])
        center, sigma, lo_clip, hi_clip = (
            np.resize(a, 2) for a in (center, sigma, lo_clip, hi_clip)
        )
    for k, colour in ((1, c.ZONE_C), (2, c.ZONE_B), (3, c.ZONE_A)):
        inner, outer = center + (k - 1) * sigma, center + k * sigma
        hi_lo, hi_hi = np.minimum(inner, hi_clip), np.minimum(outer, hi_clip)
        ax.fill_between(x, hi_lo, hi_hi, color=colour, lw=0, zorder=0, **kw)
        inner, outer = center - (k - 1) * sigma, center - k * sigma
        lo_hi, lo_lo = np.maximum(inner, lo_clip), np.maximum(outer, lo_clip)
        ax.fill_between(x, lo_lo, lo_hi, color=colour, lw=0, zorder=0, **kw)


def _flags(ax: Axes, x: Any, y: Any, violations: Any, center: Any) -> int:
    """Mark flagged points in red with their rule numbers; return how many points.

    The labels are written vertically (so that neighbouring flagged points do not overlap),
    above the points on or above the center line and below those under it.
    """
    rules = np.asarray(getattr(violations, "rule", []), dtype=np.int64)
    index = np.asarray(getattr(violations, "index", []), dtype=np.int64)
    if index.size == 0:
        return 0
    points = np.unique(index)
    if len(y) > MAX_MARKERS:  # a long chart: small red dots only
        ax.plot(x[points], y[points], "o", color=c.FLAG, ms=2.5, zorder=4)
        return int(points.size)
    ax.plot(x[points], y[points], "o", color=c.FLAG, ms=7, mfc="none", mew=1.6, zorder=4)
    ax.plot(x[points], y[points], "o", color=c.FLAG, ms=4, zorder=4)
    if points.size > MAX_LABELS:  # too many to read: the red marks say it all
        return int(points.size)
    for p in points.tolist():
        label = ",".join(str(r) for r in sorted(set(rules[index == p].tolist())))
        below = bool(y[p] < center[p])
        ax.annotate(
            label,
            xy=(x[p], y[p]),
            xytext=(0, -7 if below else 7),
            textcoords="offset points",
            ha="center",
            va="top" if below else "bottom",
            rotation=90,
            fontsize=7,
            color=c.FLAG,
            zorder=5,
        )
    return int(points.size)


def control_chart(
    chart: Any,
    ax: Axes | None = None,
    *,
    zones: bool = True,
    title: str | None = None,
    ylabel: str | None = None,
    xlabel: str | None = None,
    positions: Any = None,
) -> Axes:
    """Draw a control chart: points, center line, control limits, zones and flagged points.

    Parameters
    ----------
    chart : ControlChart
        A chart result of :mod:`opsmodels.sixsigma` (fields ``statistic``, ``center``,
        ``lcl``, ``ucl``, ``sigma``, ``violations``; a CUSUM chart also ``upper``/``lower``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    zones : bool, default True
        Shade the 1-, 2- and 3-sigma zones (center ± k·sigma, clipped to the limits).
    title, ylabel, xlabel : str, optional
        Texts; the title defaults to the chart's name and number of flagged points.
    positions : array_like, optional
        x positions of the points (default: the statistic's index when it holds numbers or
        dates, else the point numbers 1..n).

    Returns
    -------
    matplotlib Axes

    Notes
    -----
    Limits that vary from point to point (unequal subgroup sizes, EWMA) are drawn as steps.
    Flagged points are ringed in red and labelled with the numbers of the rules they break
    (up to 60 labelled points; long charts are drawn without point markers);
    points excluded from the limits by a Phase I revision are crossed out in grey.
    A CUSUM chart shows the upper sum above zero and the lower sum mirrored below it, with the
    decision interval ±H.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import datasets, sixsigma
    >>> from opsmodels.plotting import control_chart
    >>> daily = datasets.defects()
    >>> chart = sixsigma.p_chart(daily["defective"], daily["inspected"])
    >>> ax = control_chart(chart)
    >>> ax.get_title()
    'p chart: 1 point flagged'
    >>> plt.close("all")
    """
    if not _is_chart(chart):
        raise invalid("control_chart", "chart", "a control-chart result", type(chart).__name__)
    ax = c.new_axes(ax)
    kind = str(getattr(chart, "chart", ""))
    if hasattr(chart, "upper") and hasattr(chart, "lower"):
        return _cusum(chart, ax, title=title, ylabel=ylabel, xlabel=xlabel)
    y = c.floats(chart.statistic, len(chart.statistic))
    n = y.size
    x, numbered = c.positions(chart.statistic)
    if positions is not None:
        x = np.asarray(positions)
        if x.shape != (n,):
            raise invalid("control_chart", "positions", f"{n} x positions", positions)
    center, lcl, ucl = (c.floats(v, n) for v in (chart.center, chart.lcl, chart.ucl))
    sigma = c.floats(getattr(chart, "sigma", np.nan), n)
    constant = all(c.is_constant(v) for v in (center, lcl, ucl, sigma))
    if zones and n and np.all(np.isfinite(sigma)) and np.all(sigma > 0):
        _zones(ax, x, center, sigma, lcl, ucl, step=not constant)
    _line(ax, x, ucl, constant=c.is_constant(ucl), color=c.LIMIT, ls="--", lw=1.2)
    _line(ax, x, lcl, constant=c.is_constant(lcl), color=c.LIMIT, ls="--", lw=1.2)
    _line(ax, x, center, constant=c.is_constant(center), color=c.CENTER, lw=1.2)
    ax.plot(x, y, "-o" if n <= MAX_MARKERS else "-", color=c.POINT, ms=3.5, lw=1.0, zorder=3)
    flagged = _flags(ax, x, y, getattr(chart, "violations", None), center)
    excluded = np.asarray(getattr(chart, "excluded", []), dtype=np.int64)
    excluded = excluded[(excluded >= 0) & (excluded < n)]
    if excluded.size:
        ax.plot(x[excluded], y[excluded], "x", color="#555555", ms=9, mew=1.4, zorder=5)
    default_x = "subgroup" if kind in ("xbar", "r", "s") else "sample"
    _finish(
        ax, chart.statistic, numbered, xlabel, ylabel, default_x, x if positions is None else None
    )
    if flagged:  # room for the vertical rule labels above and below the points
        points = np.unique(np.asarray(chart.violations.index, dtype=np.int64))
        low, high = ax.get_ylim()
        pad = 0.1 * (high - low)
        below = bool(np.any(y[points] < center[points]))
        ax.set_ylim(low - pad if below else low, high + pad)
    if n:
        decimals = _decimals(ucl, lcl, center, y)
        _label_line(ax, float(ucl[-1]), "UCL", c.LIMIT, decimals)
        _label_line(ax, float(center[-1]), "CL", c.CENTER, decimals)
        _label_line(ax, float(lcl[-1]), "LCL", c.LIMIT, decimals)
    name = TITLES.get(kind, kind or "Control chart")
    if getattr(chart, "phase", "I") == "II":
        name += " (Phase II)"
    plural = "" if flagged == 1 else "s"
    default = f"{name}: {flagged} point{plural} flagged"
    if excluded.size:
        default += f", {excluded.size} excluded from the limits"
    ax.set_title(title if title is not None else default)
    return ax


def _finish(
    ax: Axes,
    statistic: Any,
    numbered: bool,
    xlabel: str | None,
    ylabel: str | None,
    default_x: str = "sample",
    x: Any = None,
) -> None:
    """Axis labels, date or label ticks, margins (head-room for the rule labels) and grid."""
    index = getattr(statistic, "index", None)
    labelled = (
        isinstance(index, pd.Index)
        and not isinstance(index, pd.RangeIndex)
        and not pd.api.types.is_numeric_dtype(index)
        and not pd.api.types.is_datetime64_any_dtype(index)
    )
    if xlabel is None:
        name = getattr(index, "name", None)
        xlabel = str(name) if (labelled or not numbered) and name is not None else default_x
    ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if labelled and isinstance(index, pd.Index) and x is not None and len(index) <= 30:
        texts = [str(v) for v in index]  # text labels (e.g. batch names) as ticks
        long = max(map(len, texts), default=0) > 4
        ax.set_xticks(x, texts, rotation=45 if long else 0, ha="right" if long else "center")
    if not numbered and index is not None and np.issubdtype(np.asarray(index).dtype, np.datetime64):
        from matplotlib import dates

        locator = dates.AutoDateLocator(maxticks=8)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.margins(x=0.02, y=0.12)
    ax.grid(True, axis="y", color="#dddddd", lw=0.6)


def _cusum(
    chart: Any, ax: Axes, *, title: str | None, ylabel: str | None, xlabel: str | None
) -> Axes:
    upper = c.floats(chart.upper, len(chart.upper))
    lower = c.floats(chart.lower, len(chart.lower))
    n = upper.size
    x, numbered = c.positions(chart.upper if hasattr(chart.upper, "index") else chart.statistic)
    ucl = c.floats(chart.ucl, n)
    h = float(ucl[-1]) if n else np.nan
    ax.axhline(0.0, color=c.CENTER, lw=1.2)
    ax.axhline(h, color=c.LIMIT, ls="--", lw=1.2)
    ax.axhline(-h, color=c.LIMIT, ls="--", lw=1.2)
    ax.plot(x, upper, "-o", color=c.POINT, ms=3.5, lw=1.0, zorder=3, label="C⁺ (upper)")
    ax.plot(x, -lower, "-s", color="#6a1b9a", ms=3.5, lw=1.0, zorder=3, label="−C⁻ (lower)")
    signal = np.flatnonzero((upper > h) | (lower > h))
    for p in signal.tolist():
        yv = upper[p] if upper[p] > h else -lower[p]
        ax.plot(x[p], yv, "o", color=c.FLAG, ms=7, mfc="none", mew=1.6, zorder=4)
    decimals = _decimals(upper, lower, np.array([h]))
    _label_line(ax, h, "H", c.LIMIT, decimals)
    _label_line(ax, -h, "−H", c.LIMIT, decimals)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    plural = "" if signal.size == 1 else "s"
    ax.set_title(title if title is not None else f"CUSUM chart: {signal.size} signal{plural}")
    _finish(
        ax,
        chart.upper if hasattr(chart.upper, "index") else chart.statistic,
        numbered,
        xlabel,
        ylabel,
    )
    return ax


def pair_fields(result: object) -> tuple[str, str] | None:
    """The (top, bottom) field names of a paired-chart result, or None."""
    for top, bottom in PAIRS:
        if _is_chart(getattr(result, top, None)) and _is_chart(getattr(result, bottom, None)):
            return top, bottom
    return None


def paired_chart(
    result: Any,
    axes: Sequence[Axes] | None = None,
    *,
    zones: bool = True,
    ylabel: str | None = None,
) -> tuple[Axes, Axes]:
    """Draw a paired control chart (X-bar/R, X-bar/S, I-MR) on two stacked axes.

    Parameters
    ----------
    result : paired chart result
        The result of ``xbar_r_chart``, ``xbar_s_chart`` or ``imr_chart`` (fields ``xbar``
        and ``r`` / ``s``, or ``individuals`` and ``moving_range``).
    axes : sequence of two matplotlib Axes, optional
        Top and bottom axes; a new figure with two rows sharing the x axis when None.
    zones : bool, default True
        Shade the sigma zones (see :func:`control_chart`).
    ylabel : str, optional
        Label of the top chart's y axis (e.g. the measured characteristic and unit).

    Returns
    -------
    tuple of two matplotlib Axes
        The location chart on top, the dispersion chart below.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import datasets, sixsigma
    >>> from opsmodels.plotting import paired_chart
    >>> d = datasets.diameters()
    >>> top, bottom = paired_chart(sixsigma.xbar_r_chart(d, value="diameter", subgroup="subgroup"))
    >>> top.get_title().startswith("X̄ chart"), bottom.get_title().startswith("R chart")
    (True, True)
    >>> plt.close("all")
    """
    fields = pair_fields(result)
    if fields is None:
        raise invalid(
            "paired_chart", "result", "a paired control-chart result", type(result).__name__
        )
    if axes is None:
        plt = c.pyplot()
        _, grid = plt.subplots(2, 1, figsize=(9.0, 7.0), sharex=True, layout="constrained")
        top_ax, bottom_ax = grid[0], grid[1]
    else:
        pair: Any = axes
        if not hasattr(pair, "__len__") or isinstance(pair, str) or len(pair) != 2:
            raise invalid("paired_chart", "axes", "a pair of matplotlib Axes or None", axes)
        top_ax, bottom_ax = pair[0], pair[1]
        c.check_axes("axes", top_ax, "paired_chart")
        c.check_axes("axes", bottom_ax, "paired_chart")
    top, bottom = fields
    upper, lower = getattr(result, top), getattr(result, bottom)
    control_chart(upper, top_ax, zones=zones, ylabel=ylabel, xlabel="")
    # a moving range of span w starts at observation w: align it under the individuals
    x_top, _ = c.positions(upper.statistic)
    lag = len(upper.statistic) - len(lower.statistic)
    shifted = x_top[lag:] if 0 < lag < len(x_top) else None
    control_chart(lower, bottom_ax, zones=zones, positions=shifted)
    return top_ax, bottom_ax
