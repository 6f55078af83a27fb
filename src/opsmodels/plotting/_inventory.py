"""Inventory plots: the inventory position and level of a simulated SKU over time, and a
policy's cost curve around its optimum."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from opsmodels._validation import Interval, as_scalar, check
from opsmodels.plotting import _common as c

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["cost_curve", "inventory_trace"]


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


def cost_curve(
    cost: Callable[[Any], Any],
    optimum: float,
    *,
    components: Mapping[str, Callable[[Any], Any]] | None = None,
    lower: float | None = None,
    upper: float | None = None,
    tolerance: float = 0.05,
    points: int = 200,
    ax: Axes | None = None,
    xlabel: str = "order quantity",
    ylabel: str = "cost per unit time",
) -> Axes:
    """A policy's cost around its optimum, with the flat region near it shaded.

    Parameters
    ----------
    cost : callable
        Vectorized cost function of the decision variable (e.g.
        ``lambda q: inventory.eoq_cost(q, demand, ordering, holding)``).
    optimum : float
        The optimal decision (marked).
    components : mapping of str to callable, optional
        Cost components drawn dashed (e.g. ordering and holding cost).
    lower, upper : float, optional
        The range drawn (default 0.25 to 2.5 times the optimum).
    tolerance : float
        Shade the decisions whose cost lies within this fraction above the optimum (the
        robustness of the EOQ: ordering 50 % too much costs only 8.3 % more).
    points : int
        Number of points on the curve.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    xlabel, ylabel : str
        Axis labels.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from opsmodels import inventory as inv
    >>> q_star = inv.eoq(1200, 8, 0.225).order_quantity
    >>> ax = cost_curve(lambda q: inv.eoq_cost(q, 1200, 8, 0.225), q_star)
    >>> ax.get_lines()[0].get_label()
    'total cost'
    >>> plt.close("all")
    """
    opt = as_scalar("cost_curve", "optimum", optimum, Interval(0, None, closed="neither"))
    check("cost_curve", "tolerance", tolerance, Interval(0, None))
    check("cost_curve", "points", points, Interval(3, None, integer=True))
    lo = 0.25 * opt if lower is None else as_scalar("cost_curve", "lower", lower)
    hi = 2.5 * opt if upper is None else as_scalar("cost_curve", "upper", upper)
    check("cost_curve", "upper", hi, Interval(lo, None, closed="neither"))
    axes = c.new_axes(ax)
    grid = np.linspace(lo, hi, int(points))
    total = np.asarray(cost(grid), dtype=np.float64)
    best = float(np.asarray(cost(np.array([opt])), dtype=np.float64)[0])
    axes.plot(grid, total, color="#1f4e79", linewidth=2, label="total cost")
    for name, part in (components or {}).items():
        axes.plot(grid, np.asarray(part(grid), dtype=np.float64), linestyle="--", label=name)
    near = total <= best * (1.0 + tolerance)
    if near.any():
        axes.axvspan(
            grid[near][0],
            grid[near][-1],
            color="#2ca02c",
            alpha=0.12,
            label=f"within {tolerance:.0%} of the optimum",
        )
    axes.axvline(opt, color="#2ca02c", linewidth=1)
    axes.plot([opt], [best], "o", color="#2ca02c")
    axes.annotate(
        f"optimum {c.fmt(opt)}\ncost {c.fmt(best)}",
        (opt, best),
        textcoords="offset points",
        xytext=(8, 10),
        fontsize="small",
    )
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_title("Cost around the optimum")
    axes.legend(loc="upper right", fontsize="small")
    return axes
