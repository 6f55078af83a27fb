r"""Throughput accounting and product mix: TOC's greedy rule and the LP/MILP optimum."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from opsmodels._results import Result
from opsmodels._validation import (
    InstanceOf,
    Interval,
    OneOf,
    as_scalar,
    check,
    invalid,
    require_columns,
)
from opsmodels.errors import ConvergenceError

__all__ = ["ProductMixResult", "product_mix"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductMixResult(Result):
    """A product mix and its throughput-accounting figures.

    Attributes
    ----------
    quantities : Series
        Units to make of each product (indexed by product).
    net_profit : float
        NP = Σ T·q − OE.
    throughput : float
        Total throughput T = Σ (price − material cost)·q.
    constraint : object
        The constraint resource: the highest load Σ usage·demand / capacity (TOC's step 1);
        its name from ``usage.index``.
    utilization : Series
        Load of the chosen mix on each resource, Σ usage·q / capacity (indexed by resource).
    throughput_per_unit : Series
        price − material cost per product.
    throughput_per_constraint_minute : Series
        Throughput per unit divided by the product's time on the constraint (inf where it uses
        none of it).
    method : str
        "lp" or "toc".
    shadow_price : Series or None
        Continuous LP only: the throughput one more unit of time on each resource would add
        (the dual value of its capacity constraint; 0 on a resource with idle time). None for
        ``"toc"`` and ``integer=True``.
    """

    quantities: Any
    net_profit: float
    throughput: float
    constraint: Any
    utilization: Any
    throughput_per_unit: Any
    throughput_per_constraint_minute: Any
    method: str
    shadow_price: Any = None


def _nonnegative_frame(func: str, name: str, values: Any) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid(func, name, "numbers", "<non-numeric values>") from None
    if arr.size == 0:
        raise invalid(func, name, "not empty", "<empty>")
    if not np.all(np.isfinite(arr) & (arr >= 0)):
        bad = np.ravel(arr)[~np.ravel(np.isfinite(arr) & (arr >= 0))][0]
        raise invalid(func, name, "finite numbers >= 0", f"<{bad:g}>")
    return arr


def product_mix(
    products: pd.DataFrame,
    usage: pd.DataFrame,
    capacity: pd.Series[float],
    *,
    operating_expense: float = 0.0,
    method: Literal["lp", "toc"] = "lp",
    integer: bool = False,
) -> ProductMixResult:
    r"""The product mix that maximizes throughput: by linear programming or TOC's greedy rule.

    Parameters
    ----------
    products : DataFrame
        Indexed by product, with columns ``price``, ``material_cost`` (totally variable cost)
        [money per unit] and ``demand`` [units per period], all finite and >= 0.
    usage : DataFrame
        Resource rows × product columns: time per unit of each product on each resource
        [time], finite and >= 0. Its columns are the products of ``products.index``.
    capacity : Series
        Time available per period on each resource, indexed like ``usage.index`` [time].
    operating_expense : float
        OE >= 0 per period [money], subtracted to give the net profit.
    method : {"lp", "toc"}
        ``"lp"``: the optimum of the linear program (scipy's HiGHS). ``"toc"``: the theory of
        constraints' rule: rank products by throughput per minute on the constraint resource
        and make each in turn up to its demand or until some resource runs out.
    integer : bool
        Whole units only (a MILP for ``"lp"``, rounding down each greedy step for ``"toc"``).

    Returns
    -------
    ProductMixResult
        ``quantities, net_profit, constraint, utilization`` plus ``throughput,
        throughput_per_unit, throughput_per_constraint_minute``.

    Raises
    ------
    InvalidInputError
        If a frame or Series is of the wrong type, misses a column, holds a negative or
        non-finite number, the products of ``usage`` and ``products`` or the resources of
        ``usage`` and ``capacity`` differ, or an option is unknown.
    ConvergenceError
        If the solver fails (not expected: making nothing is always feasible).

    Notes
    -----
    Throughput per unit :math:`T_j = p_j - c_j`. The LP (solved by HiGHS: ``linprog``, or
    ``milp`` for whole units) is

    .. math:: \max_q \sum_j T_j q_j \quad\text{s.t.}\quad \sum_j a_{ij} q_j \le C_i,\;
              0 \le q_j \le D_j,

    and the net profit :math:`NP = \sum_j T_j q_j - OE`. The constraint resource is the one
    with the highest load :math:`\sum_j a_{ij} D_j / C_i`; TOC ranks products by
    :math:`T_j / a_{bj}` on it. With one overloaded resource the greedy rule is optimal (it is
    the fractional knapsack); with two or more it can fall short of the LP, which is why both
    are offered. Products with :math:`T_j \le 0` are not made by either method.

    References
    ----------
    .. [1] E. M. Goldratt, *The Haystack Syndrome*, North River Press, 1990 (the P&Q problem).
    .. [2] A. Barnard, "Challenging one of the basic laws of economics", TOCICO International
       Conference, 2006 (two overloaded resources: the greedy mix is not optimal).

    Examples
    --------
    Goldratt's P&Q problem: 2,400 minutes a week on each resource, OE = 6,000.

    >>> import pandas as pd
    >>> products = pd.DataFrame(
    ...     {"price": [90.0, 100.0], "material_cost": [45.0, 40.0], "demand": [100.0, 50.0]},
    ...     index=["P", "Q"],
    ... )
    >>> usage = pd.DataFrame(
    ...     {"P": [15.0, 15.0, 15.0, 15.0], "Q": [10.0, 30.0, 5.0, 5.0]}, index=list("ABCD")
    ... )
    >>> capacity = pd.Series(2400.0, index=list("ABCD"))
    >>> r = product_mix(products, usage, capacity, operating_expense=6000.0, method="toc")
    >>> r.quantities.to_dict(), r.net_profit, r.constraint
    ({'P': 100.0, 'Q': 30.0}, 300.0, 'B')
    >>> product_mix(products, usage, capacity).shadow_price.to_dict()
    {'A': 0.0, 'B': 2.0, 'C': 0.0, 'D': 0.0}
    """
    func = "product_mix"
    check(func, "method", method, OneOf("lp", "toc"))
    check(func, "integer", integer, InstanceOf(bool, np.bool_, name="a bool"))
    oe = as_scalar(func, "operating_expense", operating_expense, Interval(0, None))
    check(func, "products", products, InstanceOf(pd.DataFrame, name="a DataFrame"))
    require_columns(func, "products", products, ["price", "material_cost", "demand"])
    check(func, "usage", usage, InstanceOf(pd.DataFrame, name="a DataFrame"))
    check(func, "capacity", capacity, InstanceOf(pd.Series, name="a Series"))
    if len(products) == 0 or not products.index.is_unique:
        raise invalid(func, "products", "a non-empty frame with unique product labels", products)
    if not usage.columns.is_unique or set(usage.columns) != set(products.index):
        raise invalid(
            func, "usage", f"one column per product {list(products.index)!r}", usage.columns
        )
    if not usage.index.is_unique or set(usage.index) != set(capacity.index) or len(usage) == 0:
        raise invalid(
            func, "capacity", f"one value per resource {list(usage.index)!r}", capacity.index
        )
    price = _nonnegative_frame(func, "products", products["price"])
    cost = _nonnegative_frame(func, "products", products["material_cost"])
    demand = _nonnegative_frame(func, "products", products["demand"])
    a = _nonnegative_frame(func, "usage", usage[list(products.index)])
    cap = _nonnegative_frame(func, "capacity", capacity.reindex(usage.index))
    names = products.index
    resources = usage.index

    t = price - cost
    with np.errstate(all="ignore"):
        load = np.where(cap > 0, (a @ demand) / cap, np.where(a @ demand > 0, np.inf, 0.0))
    b = int(np.argmax(load))
    with np.errstate(all="ignore"):
        per_minute = np.where(a[b] > 0, t / a[b], np.where(t > 0, np.inf, -np.inf))
        per_minute = np.where((a[b] == 0) & (t == 0), 0.0, per_minute)

    upper = np.where(t > 0, demand, 0.0)
    shadow: pd.Series[float] | None = None
    if method == "toc":
        q = np.zeros(t.size)
        remaining = cap.astype(np.float64).copy()
        for j in np.argsort(-per_minute, kind="stable"):
            if upper[j] <= 0:
                continue
            col = a[:, j]
            with np.errstate(all="ignore"):
                room = np.where(col > 0, remaining / col, np.inf)
            qj = min(float(upper[j]), float(room.min()))
            if integer:
                qj = float(np.floor(qj + 1e-9))
            qj = max(qj, 0.0)
            q[j] = qj
            remaining = np.maximum(remaining - col * qj, 0.0)
    elif not integer:
        bounds = [(0.0, float(u)) for u in upper]
        lp = linprog(-t, A_ub=a, b_ub=cap, bounds=bounds, method="highs")
        if lp.x is None:  # pragma: no cover - 0 is always feasible
            raise ConvergenceError(f"product_mix: the LP solver failed: {lp.message}")
        q = np.clip(np.asarray(lp.x, dtype=np.float64), 0.0, upper)
        shadow = pd.Series(
            np.maximum(-np.asarray(lp.ineqlin.marginals, dtype=np.float64), 0.0),
            index=resources,
            name="shadow_price",
        )
    else:
        res = milp(
            c=-t,
            constraints=LinearConstraint(a, -np.inf, cap),
            bounds=Bounds(np.zeros(t.size), upper),
            integrality=np.ones(t.size),
        )
        if res.x is None:  # pragma: no cover - 0 is always feasible
            raise ConvergenceError(f"product_mix: the LP solver failed: {res.message}")
        q = np.round(np.clip(np.asarray(res.x, dtype=np.float64), 0.0, upper))
    throughput = float(t @ q)
    with np.errstate(all="ignore"):
        used = a @ q
        util = np.where(cap > 0, used / cap, np.where(used > 0, np.inf, 0.0))
    return ProductMixResult(
        quantities=pd.Series(q, index=names, name="quantity"),
        net_profit=throughput - oe,
        throughput=throughput,
        constraint=resources[b],
        utilization=pd.Series(util, index=resources, name="utilization"),
        throughput_per_unit=pd.Series(t, index=names, name="throughput_per_unit"),
        throughput_per_constraint_minute=pd.Series(
            per_minute, index=names, name="throughput_per_constraint_minute"
        ),
        method=method,
        shadow_price=shadow,
    )
