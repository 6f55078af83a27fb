r"""Pull-system sizing: kanban cards (Toyota's formula), supermarket size, and heijunka
(level-loaded) production sequences from a demand mix."""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from opsmodels._numeric import NONNEGATIVE, POSITIVE, numeric
from opsmodels._results import Result
from opsmodels._typing import ArrayLike
from opsmodels._validation import InstanceOf, OneOf, check, invalid

__all__ = [
    "HeijunkaResult",
    "SupermarketResult",
    "heijunka",
    "kanban_count",
    "supermarket_size",
]


def _ceil(x: Any) -> Any:
    """Round up, forgiving floating-point noise such as 22.000000000000004."""
    return np.ceil(x * (1.0 - 1e-12))


def kanban_count(
    demand: ArrayLike,
    lead_time: ArrayLike,
    container_size: ArrayLike,
    safety_factor: ArrayLike = 0.0,
) -> Any:
    r"""Number of kanban cards (containers) for a part: Toyota's formula.

    Parameters
    ----------
    demand : float, array_like or Series
        Demand (usage) rate D (>= 0) [units per time].
    lead_time : float, array_like or Series
        Replenishment lead time L of a container: waiting, production, conveyance (>= 0) [time].
    container_size : float, array_like or Series
        Units per container C (> 0).
    safety_factor : float, array_like or Series
        Safety factor α (>= 0), e.g. 0.1 for 10%.

    Returns
    -------
    int, ndarray of int64 or Series of int64
        :math:`N = \lceil D L (1 + \alpha) / C \rceil`.

    Raises
    ------
    InvalidInputError
        If an argument is negative, NaN or infinite, or the container size is not positive.

    Notes
    -----
    :math:`N = \lceil D L (1 + \alpha) / C \rceil` (Monden); rounding up keeps the demand
    during the lead time covered. Floating-point noise (a relative excess below 1e-12) is forgiven before rounding.

    References
    ----------
    .. [1] Y. Monden, *Toyota Production System: An Integrated Approach to Just-in-Time*, 4th
       ed., CRC Press, 2011, ch. 2 (the number of kanbans).

    Examples
    --------
    >>> kanban_count(2000, 0.4, 200, 0.1)
    5
    >>> kanban_count([100.0, 250.0], 2.0, 50.0)
    array([ 4, 10])
    """
    kind, (d, lt, c, a) = numeric(
        "kanban_count",
        demand=(demand, NONNEGATIVE),
        lead_time=(lead_time, NONNEGATIVE),
        container_size=(container_size, POSITIVE),
        safety_factor=(safety_factor, NONNEGATIVE),
    )
    return kind(_ceil(d * lt * (1.0 + a) / c).astype(np.int64))


@dataclass(frozen=True, slots=True, kw_only=True)
class SupermarketResult(Result):
    """Supermarket size for a part.

    Attributes
    ----------
    containers : int, ndarray or Series
        N, the number of containers (kanbans).
    max_inventory : float, ndarray or Series
        N·C, the inventory when every container is full [units].
    coverage : float, ndarray or Series
        N·C / D, the time the full supermarket covers (inf with no demand) [time].
    """

    containers: Any
    max_inventory: Any
    coverage: Any


def supermarket_size(
    demand: ArrayLike,
    lead_time: ArrayLike,
    container_size: ArrayLike,
    *,
    review_period: ArrayLike = 0.0,
    safety_factor: ArrayLike = 0.0,
) -> SupermarketResult:
    r"""Size a supermarket: containers and inventory covering replenishment plus safety.

    Parameters
    ----------
    demand : float, array_like or Series
        Withdrawal (demand) rate D (>= 0) [units per time].
    lead_time : float, array_like or Series
        Replenishment lead time of the supplying process (>= 0) [time].
    container_size : float, array_like or Series
        Units per container C (> 0).
    review_period : float, array_like or Series
        Time between withdrawals or kanban collections (the pitch or milk-run interval) R
        (>= 0) [time]; the replenishment time is L + R.
    safety_factor : float, array_like or Series
        Safety factor α (>= 0).

    Returns
    -------
    SupermarketResult
        ``containers, max_inventory, coverage``.

    Raises
    ------
    InvalidInputError
        If an argument is negative, NaN or infinite, or the container size is not positive.

    Notes
    -----
    :math:`N = \lceil D (L + R)(1 + \alpha)/C \rceil`, maximum inventory :math:`N C`,
    coverage :math:`N C / D`.

    References
    ----------
    .. [1] M. Rother and J. Shook, *Learning to See*, Lean Enterprise Institute, 1999, pp. 46-49
       (supermarket pull systems).
    .. [2] Y. Monden, *Toyota Production System*, 4th ed., CRC Press, 2011, ch. 2.

    Examples
    --------
    >>> r = supermarket_size(600.0, 1.5, 50.0, review_period=0.5, safety_factor=0.1)
    >>> r.containers, r.max_inventory, round(r.coverage, 3)
    (27, 1350.0, 2.25)
    """
    kind, (d, lt, c, r, a) = numeric(
        "supermarket_size",
        demand=(demand, NONNEGATIVE),
        lead_time=(lead_time, NONNEGATIVE),
        container_size=(container_size, POSITIVE),
        review_period=(review_period, NONNEGATIVE),
        safety_factor=(safety_factor, NONNEGATIVE),
    )
    n = _ceil(d * (lt + r) * (1.0 + a) / c)
    inventory = n * c
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(d > 0, inventory / np.where(d > 0, d, 1.0), np.inf)
    return SupermarketResult(
        containers=kind(n.astype(np.int64)),
        max_inventory=kind(inventory),
        coverage=kind(coverage),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class HeijunkaResult(Result):
    """A level-loaded (heijunka) production sequence.

    Attributes
    ----------
    sequence : list
        The repeating pattern of products (one entry per unit), the shortest cycle that keeps
        the demand mix.
    cycle_quantities : dict
        Product -> units in one cycle.
    repetitions : int
        How many times the cycle runs per demand period.
    max_deviation : float
        The largest gap, over positions k and products i, between the units made and the ideal
        :math:`k d_i / D` (0.5 or less is as level as integers allow for two products).
    method : str
        "goal_chasing" or "webster".
    """

    sequence: list[Hashable]
    cycle_quantities: dict[Hashable, int]
    repetitions: int
    max_deviation: float
    method: str


def heijunka(
    demand: Mapping[Hashable, int] | pd.Series,
    *,
    method: Literal["goal_chasing", "webster", "bottleneck"] = "goal_chasing",
) -> HeijunkaResult:
    r"""Heijunka: a repeating production sequence that spreads each product evenly.

    Parameters
    ----------
    demand : mapping or Series
        Product -> units demanded per period (whole numbers >= 0, at least one > 0).
    method : {"goal_chasing", "webster", "bottleneck"}
        "goal_chasing": Toyota's goal-chasing method in its one-level form (Monden): at each
        position k make the product furthest behind its ideal cumulative quantity
        :math:`k d_i/D` (ties: larger demand, then the order given). "webster": the Webster
        (Sainte-Laguë) divisor method, the product with the largest :math:`d_i/(x_i + 1/2)`.
        "bottleneck": Steiner and Yeomans' minimum of the largest deviation, by bisection on
        the bound B with an earliest-deadline schedule of the units' position windows; its
        largest deviation is below 1 (Tijdeman), which the greedy rules do not guarantee.

    Returns
    -------
    HeijunkaResult
        ``sequence`` (one cycle), ``cycle_quantities``, ``repetitions`` per period and
        ``max_deviation`` from the ideal.

    Raises
    ------
    InvalidInputError
        If the demand is not a mapping or Series of whole numbers >= 0 with a positive total,
        or the method is unknown.

    Notes
    -----
    The demands are divided by their greatest common divisor g: the cycle holds
    :math:`d_i/g` units of product i and runs g times per period. Goal chasing picks, at
    position k, :math:`\arg\max_i (k d_i/D - x_{i,k-1})`, which minimises
    :math:`\sum_i (k d_i/D - x_{i,k})^2` one step at a time.

    References
    ----------
    .. [1] Y. Monden, *Toyota Production System*, 4th ed., CRC Press, 2011, ch. 17 (the
       goal-chasing method of sequencing mixed-model lines).
    .. [2] W. Kubiak, "Minimizing variation of production rates in just-in-time systems: a
       survey", *European Journal of Operational Research* 66(3), 1993, 259-271,
       doi:10.1016/0377-2217(93)90215-9.
    .. [3] G. Steiner and S. Yeomans, "Level schedules for mixed-model, just-in-time
       processes", *Management Science* 39(6), 1993, 728-735, doi:10.1287/mnsc.39.6.728.

    Examples
    --------
    >>> r = heijunka({"A": 20, "B": 10, "C": 10})
    >>> r.sequence, r.repetitions
    (['A', 'B', 'C', 'A'], 10)
    """
    func = "heijunka"
    check(func, "method", method, OneOf("goal_chasing", "webster", "bottleneck"))
    check(func, "demand", demand, InstanceOf(Mapping, pd.Series, name="a mapping or Series"))
    items = list(demand.items())
    if not items:
        raise invalid(func, "demand", "a non-empty mapping of demands", demand)
    products = [k for k, _ in items]
    values = [v for _, v in items]
    for product, value in items:
        if (
            isinstance(value, bool | np.bool_)
            or not isinstance(value, int | np.integer | float | np.floating)
            or not math.isfinite(float(value))
            or float(value) < 0
            or float(value) != math.floor(float(value))
        ):
            raise invalid(
                func, "demand", "whole numbers >= 0", f"<{value!r} for product {product!r}>"
            )
    d = np.asarray([int(v) for v in values], dtype=np.int64)
    if d.sum() == 0:
        raise invalid(func, "demand", "demands with a positive total", "<all zero>")
    g = int(np.gcd.reduce(d[d > 0]))
    cycle = d // g
    total = int(cycle.sum())
    share = cycle / total
    picks = _bottleneck(cycle) if method == "bottleneck" else None
    if picks is not None:
        positions = np.arange(1, total + 1)
        counts = np.zeros((total, len(cycle)))
        counts[np.arange(total), picks] = 1.0
        deviation = np.abs(np.cumsum(counts, axis=0) - positions[:, None] * share)
        return HeijunkaResult(
            sequence=[products[int(i)] for i in picks],
            cycle_quantities={p: int(c) for p, c in zip(products, cycle, strict=True)},
            repetitions=g,
            max_deviation=float(deviation.max()),
            method=method,
        )
    made = np.zeros(len(cycle), dtype=np.int64)
    order = np.arange(len(cycle))
    sequence: list[Hashable] = []
    worst = 0.0
    for k in range(1, total + 1):
        score = cycle / (made + 0.5) if method == "webster" else k * share - made
        score = np.where(made < cycle, score, -np.inf)
        # ties: larger demand first, then the order given
        best = np.lexsort((order, -cycle, -score))[0]
        made[best] += 1
        sequence.append(products[int(best)])
        worst = max(worst, float(np.max(np.abs(made - k * share))))
    return HeijunkaResult(
        sequence=sequence,
        cycle_quantities={p: int(c) for p, c in zip(products, cycle, strict=True)},
        repetitions=g,
        max_deviation=worst,
        method=method,
    )


def _edd(cycle: Any, bound: float) -> list[int] | None:
    """Units in their position windows for a largest deviation ``bound``, by earliest
    deadline first; None when a deadline is missed."""
    total = int(cycle.sum())
    releases: list[list[tuple[int, int]]] = [[] for _ in range(total + 2)]
    for i, d in enumerate(cycle):
        for j in range(1, int(d) + 1):
            earliest = max(1, math.ceil((j - bound) * total / d - 1e-9))
            latest = min(total, math.floor((j - 1 + bound) * total / d + 1e-9) + 1)
            if earliest > latest or earliest > total:
                return None
            releases[earliest].append((latest, i))
    heap: list[tuple[int, int]] = []
    picks: list[int] = []
    for k in range(1, total + 1):
        for item in releases[k]:
            heapq.heappush(heap, item)
        if not heap:
            return None
        deadline, product = heapq.heappop(heap)
        if deadline < k:
            return None
        picks.append(product)
    return picks


def _bottleneck(cycle: Any) -> list[int] | None:
    """Steiner and Yeomans: bisection on the bound of the largest deviation (None if even a
    bound of 1, always feasible by Tijdeman's theorem, failed in floating point)."""
    low, high = 0.0, 1.0
    best = _edd(cycle, high)
    if best is None:
        return None
    for _ in range(40):
        mid = (low + high) / 2
        picks = _edd(cycle, mid)
        if picks is None:
            low = mid
        else:
            high, best = mid, picks
    return best
