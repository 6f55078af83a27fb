"""Helpers shared by the plots: lazy matplotlib, axes creation, colours, argument checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from opsmodels._typing import FloatArray
from opsmodels._validation import invalid

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__: list[str] = []

#: Colours of the house style.
POINT = "#1f4e79"
CENTER = "#2e7d32"
LIMIT = "#c62828"
FLAG = "#d50000"
SPEC = "#b71c1c"
TARGET = "#2e7d32"
ZONE_C = "#e8f5e9"  # within 1 sigma
ZONE_B = "#fffde7"  # 1-2 sigma
ZONE_A = "#fff3e0"  # 2-3 sigma
BAR = "#5b8db8"
BAR_DARK = "#1f4e79"
LINE = "#e65100"


def pyplot() -> Any:
    """Import and return ``matplotlib.pyplot`` (the ``plot`` extra), with a clear error."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("opsmodels plots need matplotlib: pip install 'opsmodels[plot]'") from exc
    return plt


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (9.0, 4.5)) -> Axes:
    """Return ``ax``, or the Axes of a new figure with a constrained layout."""
    if ax is not None:
        check_axes("ax", ax)
        return ax
    plt = pyplot()
    _, new = plt.subplots(figsize=figsize, layout="constrained")
    return new  # type: ignore[no-any-return]


def check_axes(name: str, ax: object, func: str = "plot") -> None:
    """Raise InvalidInputError unless ``ax`` is a matplotlib Axes."""
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise invalid(func, name, "a matplotlib Axes or None", ax)


def floats(value: Any, n: int) -> FloatArray:
    """A per-point float array of length ``n`` from a scalar, array or Series."""
    if isinstance(value, pd.Series):
        arr = value.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        arr = np.asarray(value, dtype=np.float64)
    return np.broadcast_to(arr, (n,)).astype(np.float64)


def positions(statistic: Any) -> tuple[Any, bool]:
    """x positions of plotted points: the Series index when it is meaningful, else 1..n.

    Returns the positions and whether they are the 1-based point numbers.
    """
    n = len(statistic)
    if isinstance(statistic, pd.Series) and not isinstance(statistic.index, pd.RangeIndex):
        index = statistic.index
        if pd.api.types.is_numeric_dtype(index) or pd.api.types.is_datetime64_any_dtype(index):
            return index.to_numpy(), False
    return np.arange(1, n + 1), True


def is_constant(values: FloatArray) -> bool:
    """True when every finite value equals the first (limits drawn as one line)."""
    finite = values[np.isfinite(values)]
    return finite.size == 0 or bool(np.all(finite == finite[0]))


def fmt(value: float, digits: int = 4) -> str:
    """Format a number with ``digits`` significant digits (inf/nan spelled out)."""
    if not np.isfinite(value):
        return "inf" if value > 0 else ("-inf" if value < 0 else "n/a")
    return f"{value:.{digits}g}"


def text_box(ax: Axes, lines: Sequence[str], *, loc: str = "upper right") -> None:
    """A monospaced text box inside the axes corner ``loc``."""
    right = "right" in loc
    top = "upper" in loc
    ax.text(
        0.98 if right else 0.02,
        0.97 if top else 0.03,
        "\n".join(lines),
        transform=ax.transAxes,
        ha="right" if right else "left",
        va="top" if top else "bottom",
        multialignment="left",
        family="monospace",
        fontsize=8,
        bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#999999"},
        zorder=5,
    )


def padded_range(points: Sequence[float], fraction: float) -> tuple[float, float]:
    """The range of ``points`` widened by ``fraction`` of its width on each side (1 if flat)."""
    lo, hi = min(points), max(points)
    pad = fraction * (hi - lo) if hi > lo else 1.0
    return lo - pad, hi + pad


def density_histogram(ax: Axes, values: FloatArray, bins: int | str) -> None:
    """The data as a density histogram in the house style (behind fitted densities)."""
    ax.hist(values, bins=bins, density=True, color=BAR, alpha=0.55, edgecolor="white")


def density_legend(ax: Axes) -> None:
    """The legend of the fitted densities, top left under the specification labels."""
    ax.legend(
        loc="upper left",
        fontsize=8,
        framealpha=0.95,
        edgecolor="#999999",
        bbox_to_anchor=(0.0, 0.93),
    )


def spec_lines(ax: Axes, lsl: Any, usl: Any, target: Any) -> None:
    """Vertical specification lines (None skipped), labelled with their values above the axes."""
    for name, limit, colour, style in (
        ("LSL", lsl, SPEC, "--"),
        ("USL", usl, SPEC, "--"),
        ("Target", target, TARGET, "-."),
    ):
        if limit is None:
            continue
        ax.axvline(float(limit), color=colour, ls=style, lw=1.5)
        ax.text(
            float(limit),
            1.01,
            f"{name} {fmt(float(limit), 6)}",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color=colour,
        )


def density_labels(ax: Axes, title: str, xlabel: str | None) -> None:
    """Title (with room for the specification labels) and axis labels of a density plot."""
    ax.set_title(title, pad=18)
    ax.set_ylabel("density")
    if xlabel is not None:
        ax.set_xlabel(xlabel)
