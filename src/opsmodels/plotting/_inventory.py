"""Inventory plots: the inventory position and level of a simulated SKU over time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from opsmodels.plotting import _common as c

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["inventory_trace"]


def inventory_trace(result: Any, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Inventory position and inventory level of a simulated SKU, period by period.

    Parameters
    ----------
    result : SimulationResult
        A result of :func:`opsmodels.inventory.simulate` (its traces of the first SKU in the
        first replication).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    title : str, optional
        Axes title (default names the mean cost and fill rate).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import inventory as inv
    >>> sim = inv.simulate(inv.BaseStock(12), inv.Poisson(8), periods=60, lead_time=1,
    ...                    holding_cost=1, shortage_cost=9, replications=2, rng=1)
    >>> ax = inventory_trace(sim)
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['inventory position', 'inventory level']
    >>> plt.close("all")
    """
    axes = c.new_axes(ax)
    position = np.asarray(result.inventory_position_trace, dtype=np.float64)
    level = np.asarray(result.inventory_level_trace, dtype=np.float64)
    periods = np.arange(1, position.size + 1)
    axes.step(periods, position, where="post", color="#1f4e79", label="inventory position")
    axes.step(periods, level, where="post", color="#d95f02", label="inventory level")
    axes.axhline(0.0, color="0.3", linewidth=0.8)
    warmup = int(getattr(result, "warmup", 0) or 0)
    if 0 < warmup < position.size:
        axes.axvspan(0.5, warmup + 0.5, color="0.9", zorder=0, label="warm-up")
    below = level < 0
    if below.any():
        axes.fill_between(
            periods, level, 0.0, where=below, step="post", color="#d62728", alpha=0.25
        )
    cost = float(np.ravel(np.asarray(result.total_cost, dtype=np.float64))[0])
    fill = float(np.ravel(np.asarray(result.fill_rate, dtype=np.float64))[0])
    axes.set_title(
        title or f"Simulated inventory: cost {c.fmt(cost)} per period, fill rate {fill:.1%}"
    )
    axes.set_xlabel("period")
    axes.set_ylabel("units")
    axes.legend(loc="upper right", fontsize="small")
    return axes
