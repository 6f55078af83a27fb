r"""Periodic-review base-stock (R,S) policies with backorders or lost sales, batched over SKUs.

Every R periods the inventory position is raised to S; an order arrives L periods after it is
placed; holding cost h is charged per unit on hand and shortage cost p per unit short at the
end of every period. :math:`D_n` is the demand over n periods, :math:`F_n` its cdf.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from opsmodels._numeric import NONNEGATIVE, POSITIVE, Kind, as_array
from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import Interval, OneOf, check, invalid
from opsmodels.inventory._demand import DemandModel, demand_model
from opsmodels.inventory._rq import _bisect, _g

__all__ = ["BaseStockResult", "base_stock"]

Shortages = Literal["backorders", "lost_sales"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BaseStockResult(Result):
    """Periodic-review base-stock level and its expected cost per period, per SKU.

    Attributes
    ----------
    order_up_to : float, ndarray or Series
        S: the inventory position is raised to S at every review [units].
    expected_cost : float, ndarray or Series
        Expected holding, shortage and ordering cost per period of S.
    shortages : str
        ``"backorders"`` or ``"lost_sales"``.
    exact : bool
        False when the lost-sales level and cost come from the backorder model (lead time > 0).
    """

    order_up_to: Any
    expected_cost: Any
    shortages: str
    exact: bool


def base_stock(
    holding_cost: ArrayLike,
    shortage_cost: ArrayLike,
    demand: DemandModel | Any,
    *,
    review_period: int = 1,
    lead_time: int = 0,
    ordering_cost: ArrayLike = 0.0,
    shortages: Shortages = "backorders",
) -> BaseStockResult:
    r"""Optimal periodic-review base-stock level (R,S), with backorders or lost sales.

    Parameters
    ----------
    holding_cost : float, array_like or Series
        h > 0 per unit on hand at the end of a period.
    shortage_cost : float, array_like or Series
        p > 0: per unit backordered at the end of a period (backorders), or per unit of
        demand lost (lost sales).
    demand : DemandModel or frozen scipy.stats distribution
        Demand of one period; its batch shape is the SKUs.
    review_period : int
        R >= 1 periods between reviews (the same for every SKU).
    lead_time : int
        L >= 0 periods between an order and its arrival (the same for every SKU).
    ordering_cost : float, array_like or Series
        K >= 0 per review (an order is placed at every review: K/R per period).
    shortages : {"backorders", "lost_sales"}
        What happens to demand that finds no stock.

    Returns
    -------
    BaseStockResult
        ``order_up_to`` (S), ``expected_cost``, ``shortages`` and ``exact``.

    Raises
    ------
    InvalidInputError
        For costs outside their ranges, R or L not whole numbers in range, an unknown option,
        demand that is not a demand model, shapes that do not broadcast.

    Notes
    -----
    Backorders (exact): the order placed at a review raises the position to S and covers the
    end-of-period levels :math:`S - D_{L+t}`, t = 1..R, so the cost per period is

    .. math:: C(S) = \frac1R\Big[K + \sum_{t=1}^{R} G_{L+t}(S)\Big],\quad
              G_n(S) = h E[(S-D_n)^+] + p E[(D_n-S)^+],

    convex in S with minimum where :math:`\frac1R\sum_t F_{L+t}(S) = p/(p+h)` (the smallest
    such integer for integer demand). R = 1 is the newsvendor with lead time (L + 1 periods,
    Snyder & Shen's convention).

    Lost sales with L = 0 (exact): on-hand stock at the end of period t of a cycle is
    :math:`(S - D_t)^+` and the units lost in a cycle are :math:`E[(D_R - S)^+]`, so
    :math:`C(S) = \frac1R[K + h\sum_{t=1}^R E(S-D_t)^+ + p\,E(D_R-S)^+]`, minimal at the
    smallest S with :math:`h\sum_t F_t(S) + pF_R(S) \ge p`.

    Lost sales with L > 0 have no closed form (the state is the whole pipeline); the level
    returned is the backorder model's, the standard approximation that is asymptotically
    optimal as p/h grows (Huh et al. 2009), with the backorder model's cost, and ``exact``
    is False.

    References
    ----------
    .. [1] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, section 4.4.
    .. [2] E. A. Silver, D. F. Pyke and D. J. Thomas, *Inventory and Production Management
       in Supply Chains*, 4th ed., CRC Press, 2017, chapter 7 ((R,S) systems).
    .. [3] W. T. Huh, G. Janakiraman, J. A. Muckstadt and P. Rusmevichientong, "Asymptotic
       optimality of order-up-to policies in lost sales inventory systems", *Management
       Science* 55(3), 2009, 404-420.

    Examples
    --------
    >>> from opsmodels.inventory import Normal, Poisson
    >>> r = base_stock(0.18, 0.70, Normal(50, 8))
    >>> round(r.order_up_to, 2), round(r.expected_cost, 4)
    (56.6, 1.9976)
    >>> base_stock(1, 9, Poisson([5.0, 20.0]), review_period=2, lead_time=1).order_up_to
    array([18., 66.])
    """
    func = "base_stock"
    check(func, "shortages", shortages, OneOf("backorders", "lost_sales"))
    check(func, "review_period", review_period, Interval(1, None, integer=True))
    check(func, "lead_time", lead_time, Interval(0, None, integer=True))
    for name, value in (("review_period", review_period), ("lead_time", lead_time)):
        if np.asarray(value, dtype=np.float64).ndim != 0:
            raise invalid(func, name, "one whole number for every SKU", value)
    model = demand_model(demand, func, "demand")
    h = as_array(func, "holding_cost", holding_cost, POSITIVE)
    p = as_array(func, "shortage_cost", shortage_cost, POSITIVE)
    k = as_array(func, "ordering_cost", ordering_cost, NONNEGATIVE)
    kind = Kind(
        func,
        ["holding_cost", "shortage_cost", "ordering_cost", "demand"],
        [holding_cost, shortage_cost, ordering_cost, np.broadcast_to(0.0, model.batch_shape)],
        model.index,
    )
    big_r, lead = int(review_period), int(lead_time)
    lost = shortages == "lost_sales"
    exact = not (lost and lead > 0)
    sums = [model.over(lead + t) if lead + t > 1 else model for t in range(1, big_r + 1)]
    ratio = p / (p + h)
    shape = kind.shape
    if lost and lead == 0:
        target = np.broadcast_to(p / (p + big_r * h), shape)
    else:
        target = np.broadcast_to(ratio, shape)
    quantiles = [np.broadcast_to(np.asarray(d.ppf(target), dtype=np.float64), shape) for d in sums]
    lows = [np.broadcast_to(np.asarray(d.ppf(1e-12), dtype=np.float64), shape) for d in sums]
    lo = np.minimum(np.min(quantiles, axis=0), np.min(lows, axis=0)) - 1.0
    hi = np.max(quantiles, axis=0) + 1.0
    integer = model.discrete

    def enough(level: FloatArray) -> Any:
        cdfs = [np.asarray(d._cdf(level)) for d in sums]
        if lost and lead == 0:
            return h * np.sum(cdfs, axis=0) + p * cdfs[-1] >= p
        return np.mean(cdfs, axis=0) >= ratio

    if integer:
        lo, hi = np.floor(lo), np.ceil(hi)
    level = _bisect(enough, lo, hi, integer=integer)
    if lost and lead == 0:
        left = np.sum([np.asarray(d._loss(level)) - np.asarray(d.mean) + level for d in sums], 0)
        cost = (k + h * np.maximum(left, 0.0) + p * np.asarray(sums[-1]._loss(level))) / big_r
    else:
        cost = (k + np.sum([_g(d, level, h, p) for d in sums], axis=0)) / big_r
    return BaseStockResult(
        order_up_to=kind(level),
        expected_cost=kind(np.broadcast_to(cost, shape)),
        shortages=shortages,
        exact=exact,
    )
