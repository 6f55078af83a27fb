r"""Finite-horizon lot sizing: Wagner-Whitin (exact), Silver-Meal, least unit cost and
part-period balancing for known demand (batched over SKUs), and the stochastic
finite-horizon dynamic program for any discrete demand per period.

Deterministic model: demand :math:`d_t` in periods t = 1..T must be met without backorders;
an order in period t costs :math:`K_t` and arrives at once; :math:`h_t` is charged per unit
on hand at the end of period t (carried into t + 1). A unit ordered in period i for period
t >= i costs :math:`\sum_{u=i}^{t-1} h_u` to hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import Interval, OneOf, as_float_array, check, invalid
from opsmodels.inventory._demand import DemandModel, _lattice_table, demand_model

__all__ = [
    "FiniteHorizonResult",
    "LotSizingResult",
    "finite_horizon_dp",
    "least_unit_cost",
    "lot_sizing",
    "part_period_balancing",
    "silver_meal",
    "wagner_whitin",
]

LotMethod = Literal["wagner_whitin", "silver_meal", "least_unit_cost", "part_period_balancing"]
_METHODS = ("wagner_whitin", "silver_meal", "least_unit_cost", "part_period_balancing")
_NONNEG = Interval(0, None)
_POSITIVE = Interval(0, None, closed="neither")
_MAX_LATTICE = 5_000_000  # inventory levels the finite-horizon DP may tabulate


@dataclass(frozen=True, slots=True, kw_only=True)
class LotSizingResult(Result):
    """An ordering plan for known demand and its cost.

    Attributes
    ----------
    order_quantities : ndarray, Series or DataFrame
        Q_t, the quantity ordered in each period (shaped like ``demand``: one row per SKU
        for 2-D demand) [units].
    total_cost : float, ndarray or Series
        Ordering plus holding cost of the plan over the horizon (one per SKU).
    method : str
        The method used.
    """

    order_quantities: Any
    total_cost: Any
    method: str


def _prepare(
    func: str, demand: object, ordering_cost: object, holding_cost: object
) -> tuple[FloatArray, FloatArray, FloatArray, Any]:
    """Demand as (SKUs, T) plus costs broadcast to it, and a function restoring the kind."""
    raw = demand.to_numpy() if isinstance(demand, pd.DataFrame) else demand
    d = as_float_array(func, "demand", raw, ndim=(1, 2))
    check(func, "demand", d, _NONNEG)
    k = as_float_array(func, "ordering_cost", ordering_cost, ndim=(0, 1, 2), min_size=1)
    check(func, "ordering_cost", k, _NONNEG)
    h = as_float_array(func, "holding_cost", holding_cost, ndim=(0, 1, 2), min_size=1)
    check(func, "holding_cost", h, _NONNEG)
    d2 = d.reshape(1, -1) if d.ndim == 1 else d
    out = []
    for name, arr in (("ordering_cost", k), ("holding_cost", h)):
        try:
            out.append(np.broadcast_to(arr, d2.shape).astype(np.float64))
        except ValueError:
            raise invalid(
                func,
                name,
                f"a scalar or an array that broadcasts to the demand's shape {d2.shape} "
                "(per period, per SKU as a column, or both)",
                f"<an array of shape {arr.shape}>",
            ) from None
    one_dim = d.ndim == 1

    def restore(quantities: FloatArray, cost: FloatArray) -> tuple[Any, Any]:
        if isinstance(demand, pd.DataFrame):
            return (
                pd.DataFrame(quantities, index=demand.index, columns=demand.columns),
                pd.Series(cost, index=demand.index, name="total_cost"),
            )
        if one_dim:
            q = quantities[0]
            if isinstance(demand, pd.Series):
                return pd.Series(q, index=demand.index, name="order_quantity"), float(cost[0])
            return q, float(cost[0])
        return quantities, cost

    return d2.astype(np.float64), out[0], out[1], restore


def _plan_cost(q: FloatArray, d: FloatArray, k: FloatArray, h: FloatArray) -> FloatArray:
    """Ordering plus holding cost of plans q (rows) for demand d."""
    level = np.cumsum(q - d, axis=1)
    level = np.where(np.abs(level) < 1e-9 * (1.0 + np.cumsum(d, axis=1)), 0.0, level)
    return np.asarray(np.sum(k * (q > 0), axis=1) + np.sum(h * level, axis=1))


def _cumulative(d: FloatArray, h: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    n = d.shape[0]
    zero = np.zeros((n, 1))
    dc = np.concatenate([zero, np.cumsum(d, axis=1)], axis=1)  # demand before period j
    hc = np.concatenate([zero, np.cumsum(h, axis=1)], axis=1)  # holding from 0 to period t
    ac = np.concatenate([zero, np.cumsum(d * hc[:, :-1], axis=1)], axis=1)
    return dc, hc, ac


def _wagner_whitin(d: FloatArray, k: FloatArray, h: FloatArray) -> FloatArray:
    n, big_t = d.shape
    dc, hc, ac = _cumulative(d, h)
    f = np.zeros((n, big_t + 1))
    pred = np.full((n, big_t + 1), -1, dtype=np.int64)
    rows = np.arange(n)
    for j in range(big_t):  # f[j + 1]: cheapest plan for periods 0..j (O(T^2) over all SKUs)
        i = slice(0, j + 1)
        cover = (ac[:, j + 1, None] - ac[:, i]) - hc[:, i] * (dc[:, j + 1, None] - dc[:, i])
        total = f[:, i] + k[:, i] + cover
        best = np.argmin(total, axis=1)
        cost = total[rows, best]
        skip = (d[:, j] == 0) & (f[:, j] <= cost)  # nothing to cover in period j
        f[:, j + 1] = np.where(skip, f[:, j], cost)
        pred[:, j + 1] = np.where(skip, -1, best)
    q = np.zeros((n, big_t))
    cur = np.full(n, big_t)
    for _ in range(big_t):
        live = np.flatnonzero(cur > 0)
        if not live.size:
            break
        i = pred[live, cur[live]]
        order = i >= 0
        lr, li = live[order], i[order]
        q[lr, li] = dc[lr, cur[lr]] - dc[lr, li]
        cur[live] = np.where(order, i, cur[live] - 1)
    return q


def _heuristic(d: FloatArray, k: FloatArray, h: FloatArray, method: str) -> FloatArray:
    """Forward lot-by-lot heuristics, all SKUs stepping together."""
    n, big_t = d.shape
    dc, hc, ac = _cumulative(d, h)
    # next period with positive demand at or after t (T if none)
    nxt = np.full((n, big_t + 1), big_t, dtype=np.int64)
    for t in range(big_t - 1, -1, -1):
        nxt[:, t] = np.where(d[:, t] > 0, t, nxt[:, t + 1])
    rows = np.arange(n)
    q = np.zeros((n, big_t))
    pos = np.zeros(n, dtype=np.int64)

    def holding(r: Any, s: Any, e: Any) -> FloatArray:
        return np.asarray(
            (ac[r, e + 1] - ac[r, s]) - hc[r, s] * (dc[r, e + 1] - dc[r, s]), dtype=np.float64
        )

    def score(r: Any, s: Any, e: Any) -> FloatArray:
        cost = k[r, s] + holding(r, s, e)
        if method == "silver_meal":
            return np.asarray(cost / (e - s + 1.0))
        return np.asarray(cost / (dc[r, e + 1] - dc[r, s]))  # least unit cost

    while True:
        live = rows[pos < big_t]
        start = nxt[live, pos[live]]
        live, start = live[start < big_t], start[start < big_t]
        if not live.size:
            break
        end = start.copy()
        grow = np.arange(live.size)
        while grow.size:
            r, s, e = live[grow], start[grow], end[grow]
            can = e + 1 < big_t
            r, s, e, grow = r[can], s[can], e[can], grow[can]
            if not grow.size:
                break
            if method == "part_period_balancing":
                now, then = holding(r, s, e), holding(r, s, e + 1)
                cap = k[r, s]
                ok = (then <= cap) | (np.abs(then - cap) < np.abs(now - cap))
                stop_after = then > cap  # took the closer overshoot: extend once, then stop
            else:
                ok = score(r, s, e + 1) <= score(r, s, e)
                stop_after = np.zeros(ok.shape, dtype=bool)
            end[grow[ok]] += 1
            grow = grow[ok & ~stop_after]
        q[live, start] = dc[live, end + 1] - dc[live, start]
        pos[live] = end + 1
    return q


def lot_sizing(
    demand: ArrayLike,
    ordering_cost: ArrayLike,
    holding_cost: ArrayLike,
    *,
    method: LotMethod = "wagner_whitin",
) -> LotSizingResult:
    r"""Ordering plan for known, time-varying demand (dynamic lot sizing), batched over SKUs.

    Parameters
    ----------
    demand : array_like, Series or DataFrame
        Demands :math:`d_t >= 0`: 1-D over the periods, or 2-D with one row per SKU.
    ordering_cost : float or array_like
        Fixed cost :math:`K_t >= 0` per order: a scalar, one per period, one per SKU (a
        column, shape (SKUs, 1)) or one per SKU and period.
    holding_cost : float or array_like
        :math:`h_t >= 0` per unit on hand at the end of period t (same shapes).
    method : {"wagner_whitin", "silver_meal", "least_unit_cost", "part_period_balancing"}
        ``"wagner_whitin"``: the exact optimum (dynamic program, O(T²)). Heuristics, each
        starting a lot at the next period with positive demand and extending it over
        following periods: ``"silver_meal"`` while the cost per period covered does not
        rise; ``"least_unit_cost"`` while the cost per unit does not rise;
        ``"part_period_balancing"`` while the lot's holding cost stays <= K, then by one more
        period if that brings the holding cost closer to K.

    Returns
    -------
    LotSizingResult
        ``order_quantities`` (shaped like ``demand``; a Series or DataFrame with its labels),
        ``total_cost`` (one per SKU) and ``method``.

    Raises
    ------
    InvalidInputError
        For negative or missing demand or costs, costs that do not broadcast to the demand,
        an unknown method.

    Notes
    -----
    Wagner-Whitin: with :math:`f_0 = 0`,
    :math:`f_j = \min_{i \le j}\{f_{i-1} + K_i + \sum_{t=i}^{j} d_t\sum_{u=i}^{t-1}h_u\}`
    (:math:`f_j = f_{j-1}` allowed when :math:`d_j = 0`), each inner sum in O(1) from
    cumulative sums; ties keep the earliest order period.

    References
    ----------
    .. [1] H. M. Wagner and T. M. Whitin, "Dynamic version of the economic lot size model",
       *Management Science* 5(1), 1958, 89-96.
    .. [2] E. A. Silver and H. C. Meal, "A heuristic for selecting lot size quantities for the
       case of a deterministic time-varying demand rate and discrete opportunities for
       replenishment", *Production and Inventory Management* 14(2), 1973, 64-74.
    .. [3] E. A. Silver, D. F. Pyke and R. Peterson, *Inventory Management and Production
       Planning and Scheduling*, 3rd ed., Wiley, 1998, chapter 6.
    .. [4] S. Nahmias, *Production and Operations Analysis*, 6th ed., McGraw-Hill, 2009,
       section 7.5 (lot sizing).

    Examples
    --------
    >>> r = lot_sizing([90, 120, 80, 70], 500, 2)
    >>> r.order_quantities, r.total_cost
    (array([210.,   0., 150.,   0.]), 1380.0)
    >>> lot_sizing([18, 30, 42, 5, 20], 80, 2, method="silver_meal").order_quantities
    array([48.,  0., 47.,  0., 20.])
    """
    func = "lot_sizing"
    check(func, "method", method, OneOf(*_METHODS))
    d, k, h, restore = _prepare(func, demand, ordering_cost, holding_cost)
    q = _wagner_whitin(d, k, h) if method == "wagner_whitin" else _heuristic(d, k, h, method)
    quantities, cost = restore(q, _plan_cost(q, d, k, h))
    return LotSizingResult(order_quantities=quantities, total_cost=cost, method=method)


def wagner_whitin(
    demand: ArrayLike, ordering_cost: ArrayLike, holding_cost: ArrayLike
) -> LotSizingResult:
    """Exact dynamic lot sizing (Wagner & Whitin 1958): :func:`lot_sizing` with
    ``method="wagner_whitin"``; time-varying costs allowed.

    Examples
    --------
    >>> wagner_whitin([90, 120, 80, 70], 500, 2).total_cost
    1380.0
    """
    return lot_sizing(demand, ordering_cost, holding_cost, method="wagner_whitin")


def silver_meal(
    demand: ArrayLike, ordering_cost: ArrayLike, holding_cost: ArrayLike
) -> LotSizingResult:
    """Silver-Meal heuristic (least cost per period): :func:`lot_sizing` with
    ``method="silver_meal"``.

    Examples
    --------
    >>> silver_meal([18, 30, 42, 5, 20], 80, 2).total_cost
    310.0
    """
    return lot_sizing(demand, ordering_cost, holding_cost, method="silver_meal")


def least_unit_cost(
    demand: ArrayLike, ordering_cost: ArrayLike, holding_cost: ArrayLike
) -> LotSizingResult:
    """Least-unit-cost heuristic: :func:`lot_sizing` with ``method="least_unit_cost"``.

    Examples
    --------
    >>> least_unit_cost([18, 30, 42, 5, 20], 80, 2).order_quantities
    array([48.,  0., 42., 25.,  0.])
    """
    return lot_sizing(demand, ordering_cost, holding_cost, method="least_unit_cost")


def part_period_balancing(
    demand: ArrayLike, ordering_cost: ArrayLike, holding_cost: ArrayLike
) -> LotSizingResult:
    """Part-period balancing: :func:`lot_sizing` with ``method="part_period_balancing"``.

    Examples
    --------
    >>> part_period_balancing([18, 30, 42, 5, 20], 80, 2).order_quantities
    array([48.,  0., 67.,  0.,  0.])
    """
    return lot_sizing(demand, ordering_cost, holding_cost, method="part_period_balancing")


# --- stochastic finite horizon ---------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class FiniteHorizonResult(Result):
    """Optimal policy of the finite-horizon stochastic inventory problem, per period.

    Attributes
    ----------
    reorder_points : ndarray
        s_t: order in period t when the starting inventory level is <= s_t (with no fixed
        cost, s_t = S_t - 1: a base-stock policy) [units].
    order_up_to : ndarray
        S_t: the level ordered up to in period t [units].
    total_cost : float
        Optimal expected cost over the horizon from ``initial_inventory``.
    """

    reorder_points: Any
    order_up_to: Any
    total_cost: float


def _period_models(func: str, demand: object) -> list[DemandModel]:
    if isinstance(demand, Sequence) and not isinstance(demand, str):
        if len(demand) == 0:
            raise invalid(func, "demand", "at least one period", demand)
        models = [demand_model(d, func, "demand") for d in demand]
        for m in models:
            if m.batch_shape != ():
                raise invalid(func, "demand", "a list of single-period demand models", demand)
        return models
    model = demand_model(demand, func, "demand")
    if len(model.batch_shape) != 1:
        raise invalid(
            func,
            "demand",
            "a demand model with one parameter per period (batch shape (T,))",
            demand,
        )
    return [model._select([t]) for t in range(model.batch_shape[0])]


def _pmf(model: DemandModel, upper: int) -> FloatArray:
    """pmf on 0..upper: exact for integer models, rounded to integers for continuous ones."""
    if model.discrete:
        top = int(model._upper())  # type: ignore[attr-defined]
        table = _lattice_table(model, max(upper, top))
        return np.asarray(table, dtype=np.float64).reshape(-1)[: upper + 1]
    edges = np.arange(upper + 1.0) + 0.5
    cdf = np.asarray(model._cdf(edges), dtype=np.float64).reshape(-1)
    return np.diff(np.concatenate([[0.0], cdf]))


def _per_period(func: str, name: str, value: object, periods: int, spec: Interval) -> FloatArray:
    arr = as_float_array(func, name, value, ndim=(0, 1))
    check(func, name, arr, spec)
    if arr.ndim == 1 and arr.size != periods:
        raise invalid(func, name, f"a scalar or one value per period ({periods})", value)
    return np.broadcast_to(arr, (periods,)).astype(np.float64)


def finite_horizon_dp(
    holding_cost: ArrayLike,
    shortage_cost: ArrayLike,
    demand: DemandModel | Sequence[DemandModel | Any] | Any,
    *,
    ordering_cost: ArrayLike = 0.0,
    purchase_cost: ArrayLike = 0.0,
    terminal_holding_cost: float = 0.0,
    terminal_shortage_cost: float = 0.0,
    initial_inventory: float = 0.0,
    discount: float = 1.0,
) -> FiniteHorizonResult:
    r"""Non-stationary finite-horizon stochastic inventory problem solved by dynamic programming.

    Parameters
    ----------
    holding_cost, shortage_cost : float or array_like
        :math:`h_t, p_t > 0` per unit on hand / backordered at the end of period t (scalars or
        one per period).
    demand : DemandModel or list of demand models
        Demand of each period: a model with batch shape (T,) (e.g. ``Poisson(means)``, a
        :class:`Discrete` with one row of probabilities per period) or a list of T scalar
        models. Integer-valued models are used exactly; continuous ones are rounded to the
        nearest integer (mass of (d - 1/2, d + 1/2] at d) for the expectation of future cost,
        with the current period's cost from the model itself.
    ordering_cost : float or array_like
        Fixed cost :math:`K_t >= 0` per order.
    purchase_cost : float or array_like
        :math:`c_t >= 0` per unit ordered.
    terminal_holding_cost, terminal_shortage_cost : float
        Cost per unit left over / still backordered after period T.
    initial_inventory : float
        Whole-number inventory level at the start of period 1.
    discount : float
        Discount factor γ in (0, 1].

    Returns
    -------
    FiniteHorizonResult
        ``reorder_points`` (s_t), ``order_up_to`` (S_t) and ``total_cost``
        (:math:`\theta_1(x_1)`).

    Raises
    ------
    InvalidInputError
        For negative costs, a discount outside (0, 1], demand that is not a per-period demand
        model, cost arrays of the wrong length.

    Notes
    -----
    With :math:`\theta_{T+1}(x) = h_T x^+ + p_T x^-` and
    :math:`H_t(y) = c_t y + h_t E(y-D_t)^+ + p_t E(D_t-y)^+ + \gamma E\,\theta_{t+1}(y-D_t)`,
    :math:`\theta_t(x) = -c_t x + \min\{H_t(x),\ \min_{y \ge x} K_t + H_t(y)\}` on a lattice
    of integer levels. Below the lattice :math:`\theta_{t+1}` is extended linearly with the
    slope :math:`-c_{t+1}` (an order is placed there) or :math:`-p_T` (terminal); the
    lattice grows until every s_t and S_t lies inside it. :math:`S_t = \arg\min H_t` (the
    smallest minimizer) and s_t is the largest level below S_t at which ordering is
    strictly cheaper.

    References
    ----------
    .. [1] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, sections
       4.3.3 and 4.5.3 (Algorithm 4.1, the finite-horizon examples).
    .. [2] H. Scarf, "The optimality of (S,s) policies in the dynamic inventory problem", in
       *Mathematical Methods in the Social Sciences*, Stanford University Press, 1960.

    Examples
    --------
    >>> from opsmodels.inventory import Normal
    >>> r = finite_horizon_dp(1, 20, Normal([100.0] * 5, 20.0), ordering_cost=50,
    ...                       purchase_cost=2, terminal_holding_cost=1, terminal_shortage_cost=20)
    >>> r.reorder_points, r.order_up_to
    (array([110., 110., 110., 110., 111.]), array([133., 133., 133., 133., 126.]))
    """
    func = "finite_horizon_dp"
    models = _period_models(func, demand)
    big_t = len(models)
    h = _per_period(func, "holding_cost", holding_cost, big_t, _POSITIVE)
    p = _per_period(func, "shortage_cost", shortage_cost, big_t, _POSITIVE)
    k = _per_period(func, "ordering_cost", ordering_cost, big_t, _NONNEG)
    c = _per_period(func, "purchase_cost", purchase_cost, big_t, _NONNEG)
    check(func, "terminal_holding_cost", terminal_holding_cost, _NONNEG)
    check(func, "terminal_shortage_cost", terminal_shortage_cost, _NONNEG)
    check(func, "initial_inventory", initial_inventory, Interval(integer=True))
    check(func, "discount", discount, Interval(0, 1, closed="right"))
    h_end, p_end = float(terminal_holding_cost), float(terminal_shortage_cost)
    x0, gamma = float(initial_inventory), float(discount)
    means = np.array([float(np.ravel(m.mean)[0]) for m in models])
    stds = np.array([float(np.ravel(m.std)[0]) for m in models])
    tops = np.array([float(np.ravel(m.ppf(1.0 - 1e-12))[0]) for m in models])
    tops = np.where(np.isfinite(tops), tops, means + 12.0 * stds)
    dmax = int(np.ceil(np.max(tops))) + 1
    spread = float(np.max(means + 6.0 * stds)) + float(
        np.sqrt(2.0 * np.max(k) * np.max(means + 1.0))
    )
    lo = int(np.floor(min(0.0, x0) - spread)) - 2
    hi = int(np.ceil(max(x0, 0.0) + 2.0 * spread + float(np.max(tops)))) + 2
    pmfs = [_pmf(m, dmax) for m in models]
    for _ in range(8):
        if hi - lo > _MAX_LATTICE:
            break
        x = np.arange(lo, hi + 1.0)
        theta = h_end * np.maximum(x, 0.0) + p_end * np.maximum(-x, 0.0)
        slope = -p_end if lo < 0 else h_end
        small_s, big_s = np.zeros(big_t), np.zeros(big_t)
        ok = True
        for t in range(big_t - 1, -1, -1):
            below = theta[0] + slope * (np.arange(-dmax, 0.0))  # theta at lo - dmax .. lo - 1
            ext = np.concatenate([below, theta])
            future = np.convolve(ext, pmfs[t], mode="full")[dmax : dmax + x.size]
            m = models[t]
            now = h[t] * np.maximum(x - np.ravel(m.mean)[0] + np.asarray(m._loss(x)), 0.0) + p[
                t
            ] * np.asarray(m._loss(x))
            big_h = c[t] * x + now + gamma * future
            best = int(np.argmin(big_h))
            suffix = np.minimum.accumulate(big_h[::-1])[::-1]
            order = k[t] + suffix < big_h - 1e-12 * np.maximum(1.0, np.abs(big_h))
            cand = np.flatnonzero(order[:best])
            s_idx = int(cand[-1]) if cand.size else -1
            if best >= x.size - 1 or s_idx <= 0:
                ok = False
                break
            small_s[t], big_s[t] = x[s_idx], x[best]
            theta = -c[t] * x + np.minimum(big_h, k[t] + suffix)
            slope = -c[t]
        if ok:
            total = float(np.interp(x0, x, theta))
            return FiniteHorizonResult(reorder_points=small_s, order_up_to=big_s, total_cost=total)
        width = hi - lo
        lo, hi = lo - width, hi + width
    raise invalid(
        func,
        "initial_inventory",
        f"a problem whose inventory levels fit in a lattice of {_MAX_LATTICE} integers "
        "(with the demand, costs and initial inventory given)",
        initial_inventory,
    )
