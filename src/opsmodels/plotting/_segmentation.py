"""Segmentation plots: the RFM segment grid, the cohort retention heatmap, the P(alive)
matrix of a BTYD model and the calibration-versus-holdout chart."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import ndimage

from opsmodels._validation import invalid
from opsmodels.errors import InvalidInputError
from opsmodels.plotting import _common as c

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["cohort_heatmap", "holdout_calibration", "p_alive_matrix", "rfm_grid"]

_PERIOD_WORDS = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def _cell_text_colour(value: float, vmax: float) -> str:
    """White text on dark cells, black on light ones."""
    return "white" if vmax > 0 and value / vmax > 0.6 else "black"


# ---------------------------------------------------------------------------------------
# RFM segment grid
# ---------------------------------------------------------------------------------------


def _map_dimensions(segment_map: Any) -> tuple[pd.DataFrame, list[str]]:
    from opsmodels.segmentation import SEGMENT_MAPS

    if isinstance(segment_map, str):
        if segment_map not in SEGMENT_MAPS:
            raise invalid(
                "rfm_grid",
                "segment_map",
                f"one of {', '.join(map(repr, SEGMENT_MAPS))}, a rule DataFrame or None",
                segment_map,
            )
        rules = SEGMENT_MAPS[segment_map]
    elif isinstance(segment_map, pd.DataFrame) and "segment" in segment_map.columns:
        rules = segment_map
    else:
        raise invalid(
            "rfm_grid", "segment_map", "a built-in map name, a rule DataFrame or None", segment_map
        )
    dims = sorted(
        {col.rsplit("_", 1)[0] for col in rules.columns if col.endswith(("_min", "_max"))}
    )
    if len(dims) != 2 or "R" not in dims:
        raise invalid(
            "rfm_grid",
            "segment_map",
            "rules on R and one other score (a two-dimensional grid)",
            f"<rules on {dims}>",
        )
    return rules, ["R", next(d for d in dims if d != "R")]


def rfm_grid(
    scores: pd.DataFrame,
    *,
    segment_map: str | pd.DataFrame | None = "rf10",
    columns: str = "F",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw the RFM grid: customers per recency x frequency score cell, segments outlined.

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`opsmodels.segmentation.rfm_scores` (integer score columns ``R``
        and ``F``, ``FM`` ...).
    segment_map : str, pandas.DataFrame or None
        The segment map whose segments are outlined and labelled (see
        :func:`opsmodels.segmentation.rfm_segments`): ``"rf10"`` (R x F), ``"rfm11"``
        (R x FM) or a rule table on R and one other score; its second score is the x axis.
        None draws the bare grid of R against ``columns``.
    columns : str
        Score on the x axis when ``segment_map`` is None.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Title (default names the map and the number of customers).

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    InvalidInputError
        When ``scores`` lacks a score column, the map is not a two-dimensional rule table
        on R, or the map does not put every cell of the grid in exactly one segment.

    Notes
    -----
    Rows are recency scores (best at the top), columns the second score (best at the right).
    The colour of a cell is its share of customers; each cell shows its count. Thick lines
    separate cells of different segments, and each segment's name, customer count and
    share sit at the cell nearest to its centre.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import datasets, segmentation
    >>> from opsmodels.plotting import rfm_grid
    >>> log = datasets.bank_transactions(n_customers=500)
    >>> summary = segmentation.customer_summary(
    ...     log, customer="customer", date="date", amount="amount",
    ...     observation_end="2025-12-31")
    >>> ax = rfm_grid(segmentation.rfm_scores(summary))
    >>> ax.get_title()
    'RFM segments (rf10 map), 500 customers'
    >>> plt.close("all")
    """
    from matplotlib.ticker import PercentFormatter

    func = "rfm_grid"
    if not isinstance(scores, pd.DataFrame):
        raise invalid(func, "scores", "a DataFrame of RFM scores", scores)
    rules: pd.DataFrame | None = None
    if segment_map is None:
        if not isinstance(columns, str):
            raise invalid(func, "columns", "a score column name", columns)
        dims = ["R", columns]
    else:
        rules, dims = _map_dimensions(segment_map)
    for dim in dims:
        if dim not in scores.columns:
            raise invalid(
                func, "scores", f"a frame with score column {dim!r}", f"<{list(scores.columns)}>"
            )
    if len(scores) == 0:
        raise invalid(func, "scores", "at least one customer", "<empty>")
    values = [pd.to_numeric(scores[d], errors="coerce").to_numpy(np.float64) for d in dims]
    for dim, v in zip(dims, values, strict=True):
        if not np.all(np.isfinite(v)) or np.any(v < 1) or np.any(v != np.round(v)):
            raise invalid(func, "scores", f"integer scores >= 1 in {dim!r}", "<other values>")
    bins = int(max(5.0, *(float(v.max()) for v in values)))
    r_idx, d_idx = (v.astype(np.int64) - 1 for v in values)
    counts = np.bincount(r_idx * bins + d_idx, minlength=bins * bins).reshape(bins, bins)
    n = int(counts.sum())
    share = counts / n

    ax = c.new_axes(ax, figsize=(8.0, 6.5))
    image = ax.imshow(
        share,
        origin="lower",
        cmap="Blues",
        vmin=0.0,
        vmax=max(float(share.max()), 1e-12),
        extent=(0.5, bins + 0.5, 0.5, bins + 0.5),
        aspect="auto",
    )
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    colorbar.set_label("share of customers")
    colorbar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    vmax = float(share.max())
    labels: np.ndarray | None = None
    if rules is not None:
        labels = _cell_segments(rules, dims, bins)
    for i in range(bins):
        for j in range(bins):
            ax.text(
                j + 1 - 0.42,
                i + 1 + 0.40,
                f"{counts[i, j]}",
                ha="left",
                va="top",
                fontsize=7,
                color=_cell_text_colour(float(share[i, j]), vmax),
            )
    if labels is not None:
        _outline_segments(ax, labels, bins)
        for name in dict.fromkeys(labels.ravel().tolist()):
            total = int(counts[labels == name].sum())
            # label every connected piece of the segment: the largest with the count
            pieces, _ = ndimage.label(labels == name)
            sizes = np.bincount(pieces.ravel())[1:]
            for rank, piece in enumerate(np.argsort(-sizes, kind="stable") + 1):
                cells = np.argwhere(pieces == piece)
                centre = cells.mean(axis=0)
                i, j = cells[np.argmin(((cells - centre) ** 2).sum(axis=1))]
                text = f"{name}\n{total} ({100.0 * total / n:.0f}%)" if rank == 0 else name
                _segment_label(ax, float(j + 1), float(i + 1 - 0.08), text)
    ax.set_xticks(np.arange(1, bins + 1))
    ax.set_yticks(np.arange(1, bins + 1))
    names = {"R": "recency", "F": "frequency", "M": "monetary", "FM": "frequency-monetary"}
    ax.set_xlabel(f"{names.get(dims[1], dims[1])} score {dims[1]} (higher is better)")
    ax.set_ylabel("recency score R (higher is more recent)")
    if title is None:
        which = f" ({segment_map} map)" if isinstance(segment_map, str) else ""
        title = f"RFM segments{which}, {n} customers"
    ax.set_title(title)
    return ax


def _segment_label(ax: Axes, x: float, y: float, text: str) -> None:
    ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=7,
        color="#111111",
        bbox={
            "boxstyle": "round,pad=0.2",
            "facecolor": "white",
            "alpha": 0.85,
            "edgecolor": "none",
        },
        zorder=4,
    )


def _cell_segments(rules: pd.DataFrame, dims: list[str], bins: int) -> np.ndarray:
    """The segment of every (R, other) cell of the grid, by the map's rules."""
    from opsmodels.segmentation import rfm_segments

    r, d = np.meshgrid(np.arange(1, bins + 1), np.arange(1, bins + 1), indexing="ij")
    grid = pd.DataFrame({dims[0]: r.ravel(), dims[1]: d.ravel()})
    try:
        names = rfm_segments(grid, segment_map=rules)
    except InvalidInputError:
        raise invalid(
            "rfm_grid",
            "segment_map",
            f"rules putting every cell of the {bins} x {bins} grid in exactly one segment",
            "<a cell in no segment or in several>",
        ) from None
    return np.asarray(names.astype(str)).reshape(bins, bins)


def _outline_segments(ax: Axes, labels: np.ndarray, bins: int) -> None:
    """Thick lines on the edges between cells of different segments, and around the grid."""
    style: dict[str, Any] = {
        "color": "#222222",
        "lw": 2.2,
        "solid_capstyle": "projecting",
        "zorder": 3,
    }
    for i in range(bins):
        for j in range(bins):
            if j + 1 < bins and labels[i, j] != labels[i, j + 1]:
                ax.plot([j + 1.5, j + 1.5], [i + 0.5, i + 1.5], **style)
            if i + 1 < bins and labels[i, j] != labels[i + 1, j]:
                ax.plot([j + 0.5, j + 1.5], [i + 1.5, i + 1.5], **style)
    edge = [0.5, bins + 0.5]
    ax.plot(
        [edge[0], edge[1], edge[1], edge[0], edge[0]],
        [edge[0], edge[0], edge[1], edge[1], edge[0]],
        **style,
    )


# ---------------------------------------------------------------------------------------
# Cohort retention heatmap
# ---------------------------------------------------------------------------------------


def cohort_heatmap(
    result: Any,
    ax: Axes | None = None,
    *,
    value: str = "retention",
    max_periods: int | None = None,
    annotate: bool | None = None,
    title: str | None = None,
) -> Axes:
    """Draw a cohort matrix as a heatmap: first-purchase cohorts down, periods across.

    Parameters
    ----------
    result : CohortResult
        The result of :func:`opsmodels.segmentation.cohort_retention`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    value : {"retention", "counts", "revenue"}
        The matrix drawn: retention rates (as %), active customers or revenue.
    max_periods : int, optional
        Show only the first ``max_periods`` periods since the first purchase.
    annotate : bool, optional
        Write each cell's value (default: when the matrix has at most 400 cells).
    title : str, optional
        Title.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    InvalidInputError
        For a result without the matrix asked for, or a bad option.

    Notes
    -----
    Unobserved cells (after the end of the log) stay blank. The colour scale of retention
    runs from 0 to the largest rate after period 0, so period 0 (always 100 %) does not
    wash out the rest. Cohort labels carry the cohort size.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import datasets, segmentation
    >>> log = datasets.bank_transactions(n_customers=500)
    >>> r = segmentation.cohort_retention(log, customer="customer", date="date", period="Q")
    >>> cohort_heatmap(r).get_title()
    'Cohort retention by first-purchase quarter (% of the cohort active)'
    >>> plt.close("all")
    """
    func = "cohort_heatmap"
    if value not in ("retention", "counts", "revenue"):
        raise invalid(func, "value", "'retention', 'counts' or 'revenue'", value)
    matrix = getattr(result, value, None)
    sizes = getattr(result, "cohort_sizes", None)
    if not isinstance(matrix, pd.DataFrame) or not isinstance(sizes, pd.Series):
        what = "a cohort result" + (" with revenue (pass amount=)" if value == "revenue" else "")
        raise invalid(func, "result", what, type(result).__name__)
    if max_periods is not None:
        if isinstance(max_periods, bool) or not isinstance(max_periods, int) or max_periods < 1:
            raise invalid(func, "max_periods", "an integer >= 1 or None", max_periods)
        matrix = matrix.iloc[:, :max_periods]
    if annotate is not None and not isinstance(annotate, bool):
        raise invalid(func, "annotate", "a bool or None", annotate)
    data = matrix.to_numpy(dtype=np.float64, na_value=np.nan)
    rows, cols = data.shape
    if annotate is None:
        annotate = rows * cols <= 400
    ax = c.new_axes(
        ax, figsize=(max(6.0, min(14.0, 2.5 + 0.55 * cols)), max(3.5, min(12.0, 1.2 + 0.32 * rows)))
    )
    later = data[:, 1:] if value == "retention" and cols > 1 else data
    finite = later[np.isfinite(later)]
    vmax = float(finite.max()) if finite.size else 1.0
    vmax = vmax if vmax > 0 else 1.0
    shown = data * 100.0 if value == "retention" else data
    image = ax.imshow(
        np.ma.masked_invalid(shown),
        cmap="YlGnBu",
        vmin=0.0,
        vmax=vmax * (100.0 if value == "retention" else 1.0),
        aspect="auto",
        interpolation="nearest",
    )
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colorbar.set_label(
        {"retention": "% of the cohort active", "counts": "active customers", "revenue": "revenue"}[
            value
        ]
    )
    if annotate:
        top = vmax * (100.0 if value == "retention" else 1.0)
        size = 7 if cols <= 16 else 6
        for i in range(rows):
            for j in range(cols):
                v = shown[i, j]
                if not math.isfinite(v):
                    continue
                text = f"{v:.0f}" if value != "revenue" else c.fmt(v, 3)
                ax.text(
                    j,
                    i,
                    text,
                    ha="center",
                    va="center",
                    fontsize=size,
                    color=_cell_text_colour(min(v, top), top),
                )
    step = max(1, math.ceil(rows / 30))
    ax.set_yticks(np.arange(0, rows, step))
    ax.set_yticklabels(
        [
            f"{label} ({int(n)})"
            for label, n in zip(
                matrix.index.astype(str)[::step], sizes.to_numpy()[::step], strict=True
            )
        ],
        fontsize=8,
    )
    xstep = max(1, math.ceil(cols / 24))
    ax.set_xticks(np.arange(0, cols, xstep))
    ax.set_xticklabels([str(k) for k in matrix.columns[::xstep]], fontsize=8)
    word = _PERIOD_WORDS.get(str(getattr(result, "period", "")), "period")
    ax.set_xlabel(f"{word}s since the first purchase")
    ax.set_ylabel(f"cohort: first-purchase {word} (size)")
    if title is None:
        kind = {"retention": "retention", "counts": "active customers", "revenue": "revenue"}
        suffix = " (% of the cohort active)" if value == "retention" else ""
        title = f"Cohort {kind[value]} by first-purchase {word}{suffix}"
    ax.set_title(title)
    return ax


# ---------------------------------------------------------------------------------------
# P(alive) matrix
# ---------------------------------------------------------------------------------------


def p_alive_matrix(
    model: Any,
    *,
    T: float,
    max_frequency: int | None = None,
    recency_cells: int = 40,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw P(alive) of a fitted BTYD model over frequency and recency, at a given age T.

    Parameters
    ----------
    model : BGNBD, ParetoNBD, MBGNBD or any model with ``p_alive(frequency, recency, T)``
        The fitted (or given) model.
    T : float
        Customer age at which the matrix is drawn [time unit of the model].
    max_frequency : int, optional
        Largest number of repeat purchases shown (default three times a new customer's
        expected purchases in T plus 3, between 10 and 100).
    recency_cells : int
        Number of recency columns across (0, T].
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Title.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    InvalidInputError
        For a model without ``p_alive``, T <= 0, bad grid sizes.

    Notes
    -----
    Rows are the frequency :math:`x` (repeat purchases), columns the recency :math:`t_x`
    (time of the last purchase; the cell centres), the colour :math:`P(\\text{alive} \\mid
    x, t_x, T)`. Row 0 has :math:`t_x = 0` by definition. Contours mark 25, 50 and 75 %.
    A customer who bought often but long ago (top left) is probably gone; one who bought
    recently (right) is probably alive.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels.segmentation import BGNBD
    >>> from opsmodels.plotting import p_alive_matrix
    >>> m = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    >>> p_alive_matrix(m, T=39.0, max_frequency=15).get_title()
    'P(alive) of BGNBD at T = 39'
    >>> plt.close("all")
    """
    func = "p_alive_matrix"
    if not callable(getattr(model, "p_alive", None)):
        raise invalid(func, "model", "a model with a p_alive method", type(model).__name__)
    if (
        isinstance(T, bool)
        or not isinstance(T, int | float | np.number)
        or not (math.isfinite(float(T)) and float(T) > 0)
    ):
        raise invalid(func, "T", "a finite number > 0", T)
    big_t = float(T)
    if max_frequency is None:
        top = 10
        if callable(getattr(model, "expected_purchases", None)):
            mean = float(model.expected_purchases(big_t))
            top = max(10, math.ceil(3.0 * mean + 3.0))
        max_frequency = min(top, 100)
    if isinstance(max_frequency, bool) or not isinstance(max_frequency, int) or max_frequency < 1:
        raise invalid(func, "max_frequency", "an integer >= 1 or None", max_frequency)
    if (
        isinstance(recency_cells, bool)
        or not isinstance(recency_cells, int)
        or not 2 <= recency_cells <= 1000
    ):
        raise invalid(func, "recency_cells", "an integer in [2, 1000]", recency_cells)
    freq = np.arange(max_frequency + 1, dtype=np.float64)
    centres = (np.arange(recency_cells) + 0.5) * big_t / recency_cells
    x, t_x = np.meshgrid(freq, centres, indexing="ij")
    t_x = np.where(x == 0, 0.0, t_x)
    prob = np.asarray(
        model.p_alive(x.ravel(), t_x.ravel(), np.full(x.size, big_t)), dtype=np.float64
    ).reshape(x.shape)
    ax = c.new_axes(ax, figsize=(8.0, 6.0))
    image = ax.imshow(
        prob,
        origin="lower",
        cmap="RdYlGn",
        vmin=0.0,
        vmax=1.0,
        aspect="auto",
        extent=(0.0, big_t, -0.5, max_frequency + 0.5),
        interpolation="nearest",
    )
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    colorbar.set_label("P(alive)")
    if max_frequency >= 2:
        contours = ax.contour(
            centres, freq[1:], prob[1:], levels=[0.25, 0.5, 0.75], colors="#222222", linewidths=0.9
        )
        ax.clabel(contours, fmt=lambda v: f"{100 * v:.0f}%", fontsize=7)
    ax.set_xlabel("recency: time of the last purchase (t_x)")
    ax.set_ylabel("frequency: repeat purchases (x)")
    ax.set_title(
        title if title is not None else f"P(alive) of {type(model).__name__} at T = {c.fmt(big_t)}"
    )
    return ax


# ---------------------------------------------------------------------------------------
# Calibration against holdout
# ---------------------------------------------------------------------------------------


def holdout_calibration(
    result: Any,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Axes:
    """Draw actual against predicted mean holdout purchases by calibration frequency.

    Parameters
    ----------
    result : HoldoutResult
        A holdout validation result: ``table`` (a DataFrame indexed by calibration-period
        frequency, or frequency bin, with columns ``customers``, ``actual`` and
        ``predicted``: mean holdout purchases per customer) and ``metrics`` (a dict of error
        measures).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Title.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    InvalidInputError
        For a result without that table.

    Notes
    -----
    The classic check of Fader, Hardie and Lee (2005, figure 4): pairs of bars, the actual
    and the model's conditional expected purchases in the holdout period, for the
    customers grouped by their number of repeat purchases in the calibration period; the
    number of customers of each group is written under it and the error metrics in a box
    under the legend.

    References
    ----------
    .. [1] P. S. Fader, B. G. S. Hardie and K. L. Lee, "'Counting your customers' the easy
       way: an alternative to the Pareto/NBD model", *Marketing Science* 24(2), 2005,
       275-284, doi:10.1287/mksc.1040.0098.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from types import SimpleNamespace
    >>> table = pd.DataFrame({"customers": [1411, 439, 214], "actual": [0.24, 0.7, 1.39],
    ...                       "predicted": [0.22, 0.73, 1.2]}, index=[0, 1, 2])
    >>> r = SimpleNamespace(table=table, metrics={"mae": 0.08})
    >>> holdout_calibration(r).get_title()
    'Calibration against holdout: mean purchases per customer'
    >>> plt.close("all")
    """
    func = "holdout_calibration"
    table = getattr(result, "table", None)
    if not isinstance(table, pd.DataFrame) or not {"customers", "actual", "predicted"} <= set(
        table.columns
    ):
        raise invalid(
            func,
            "result",
            "a holdout result with a table of customers, actual and predicted",
            type(result).__name__,
        )
    metrics = getattr(result, "metrics", None) or {}
    actual = table["actual"].to_numpy(dtype=np.float64, na_value=np.nan)
    predicted = table["predicted"].to_numpy(dtype=np.float64, na_value=np.nan)
    customers = table["customers"].to_numpy(dtype=np.float64, na_value=np.nan)
    k = len(table)
    ax = c.new_axes(ax, figsize=(max(7.0, min(14.0, 3.0 + 0.6 * k)), 4.8))
    x = np.arange(k)
    width = 0.4
    ax.bar(x - width / 2, actual, width, color=c.BAR_DARK, label="actual", zorder=2)
    ax.bar(x + width / 2, predicted, width, color=c.LINE, alpha=0.85, label="predicted", zorder=2)
    labels = [
        f"{label}\n(n={int(n)})" if math.isfinite(n) else str(label)
        for label, n in zip(table.index.astype(str), customers, strict=True)
    ]
    ax.set_xticks(x, labels, fontsize=8)
    name = table.index.name or "frequency"
    ax.set_xlabel(f"repeat purchases in the calibration period ({name})")
    ax.set_ylabel("mean holdout purchases per customer")
    ax.grid(True, axis="y", color="#dddddd", lw=0.6, zorder=0)
    lines = [f"{key}: {_metric(value)}" for key, value in dict(metrics).items()]
    ax.legend(loc="upper left", fontsize=8)
    if lines:
        c.text_box(ax, lines, loc="upper left")
        ax.texts[-1].set_position((0.02, 0.84))  # under the legend
    both = np.concatenate([actual, predicted])
    top = float(np.nanmax(both)) if k and np.isfinite(both).any() else 1.0
    top = top if math.isfinite(top) and top > 0 else 1.0
    # headroom: the bars under the legend and metrics (left third) stay below their boxes
    left = np.concatenate([actual[: max(1, k // 3)], predicted[: max(1, k // 3)]])
    left_top = float(np.nanmax(left)) if k and np.isfinite(left).any() else 0.0
    share = 0.84 - 0.04 * len(lines) - 0.05 if lines else 0.8
    ax.set_ylim(0.0, max(1.15 * top, left_top / max(share, 0.2)))
    ax.set_title(
        title if title is not None else "Calibration against holdout: mean purchases per customer"
    )
    return ax


def _metric(value: Any) -> str:
    try:
        return c.fmt(float(value))
    except (TypeError, ValueError):
        return str(value)
