"""Pareto chart: sorted category bars with the cumulative percentage on a twin axis."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from opsmodels._validation import invalid
from opsmodels.plotting import _common as c

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["pareto_chart"]

_FUNC = "pareto_chart"


def _first(result: Any, *names: str) -> Any:
    for name in names:
        value = getattr(result, name, None)
        if value is not None:
            return value
    return None


def _pareto_parts(result: Any) -> tuple[list[str], Any, Any, float | None, Any]:
    """Categories, counts, cumulative fraction, threshold fraction and vital-few mask."""
    categories = _first(result, "categories", "category")
    counts = _first(result, "counts", "count", "frequency")
    if categories is None or counts is None:
        raise invalid(_FUNC, "result", "a Pareto result", type(result).__name__)
    labels = [str(v) for v in np.asarray(categories, dtype=object).tolist()]
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum()
    cumulative = _first(result, "cumulative_fraction", "cumulative_share", "cumulative_percent")
    if cumulative is None:
        cumulative = np.cumsum(counts) / total if total > 0 else np.zeros_like(counts)
    cumulative = np.asarray(cumulative, dtype=np.float64)
    if cumulative.size and np.nanmax(cumulative) > 1.0 + 1e-9:  # given in percent
        cumulative = cumulative / 100.0
    threshold = _first(result, "threshold")
    threshold = None if threshold is None else float(threshold)
    if threshold is not None and threshold > 1.0:
        threshold /= 100.0
    vital = _first(result, "vital_few")
    mask = np.zeros(len(labels), dtype=bool)
    if vital is not None:
        vital_arr = np.asarray(vital)
        if vital_arr.dtype == bool and vital_arr.size == len(labels):
            mask = vital_arr
        else:
            names = {str(v) for v in np.asarray(vital, dtype=object).ravel().tolist()}
            mask = np.array([label in names for label in labels], dtype=bool)
    elif threshold is not None and cumulative.size:
        # the categories needed to reach the threshold
        mask = np.concatenate(([True], cumulative[:-1] < threshold - 1e-12))
    return labels, counts, cumulative, threshold, mask


def pareto_chart(
    result: Any,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    ylabel: str | None = None,
) -> Axes:
    """Draw a Pareto chart: bars by category, cumulative percentage and threshold line.

    Parameters
    ----------
    result : ParetoResult
        The result of :func:`opsmodels.sixsigma.pareto` (categories sorted by count).
    ax : matplotlib Axes, optional
        Where to draw the bars; a new figure when None. The cumulative percentage goes on a
        twin y axis (``ax.right_ax``).
    title, ylabel : str, optional
        Texts.

    Returns
    -------
    matplotlib Axes
        The axes of the bars.

    Notes
    -----
    The "vital few" categories (those needed to reach the threshold share) are drawn dark,
    the rest light. The cumulative axis runs from 0 to 100 %.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import datasets, sixsigma
    >>> from opsmodels.plotting import pareto_chart
    >>> kinds = datasets.defects(by_type=True).groupby("defect_type")["defects"].sum()
    >>> ax = pareto_chart(sixsigma.pareto(kinds))
    >>> [t.get_text() for t in ax.get_xticklabels()][:2]
    ['scratch', 'dent']
    >>> plt.close("all")
    """
    labels, counts, cumulative, threshold, vital = _pareto_parts(result)
    ax = c.new_axes(ax, figsize=(9.0, 5.0))
    x = np.arange(len(labels))
    colours = [c.BAR_DARK if v else c.BAR for v in vital.tolist()]
    bars = ax.bar(x, counts, color=colours, width=0.75, zorder=2)
    ax.bar_label(bars, fmt="%g", fontsize=8, padding=2)
    ax.set_xticks(
        x,
        labels,
        rotation=30 if max(map(len, labels), default=0) > 6 else 0,
        ha="right" if max(map(len, labels), default=0) > 6 else "center",
    )
    ax.set_ylim(0, max(float(counts.max()) if counts.size else 1.0, 1e-12) * 1.12)
    ax.set_ylabel(ylabel if ylabel is not None else "count")
    right = ax.twinx()
    right.plot(x, 100.0 * cumulative, "-o", color=c.LINE, ms=4, lw=1.5, zorder=3)
    for xi, yi in zip(x.tolist(), (100.0 * cumulative).tolist(), strict=True):
        right.annotate(
            f"{yi:.0f}%",
            (xi, yi),
            xytext=(0, 6),
            textcoords="offset points",
            ha="center",
            fontsize=7,
            color=c.LINE,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.8},
        )
    if threshold is not None:
        right.axhline(100.0 * threshold, color="#777777", ls="--", lw=1.0)
        right.annotate(
            f"{100 * threshold:.0f} %",
            xy=(1.0, 100.0 * threshold),
            xycoords=right.get_yaxis_transform(),
            xytext=(-3, 3),
            textcoords="offset points",
            ha="right",
            fontsize=8,
            color="#555555",
        )
    right.set_ylim(0, 110)
    right.set_yticks([0, 20, 40, 60, 80, 100])
    right.set_ylabel("cumulative %")
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.grid(True, axis="y", color="#dddddd", lw=0.6, zorder=0)
    ax.set_title(title if title is not None else "Pareto chart")
    ax.right_ax = right  # type: ignore[attr-defined]
    return ax
