r"""Newsvendor model (single period, or periodic-review base stock with a lead time), in cost
form (holding and shortage costs) and explicit form (price, cost, salvage), for any demand
model, vectorized over SKUs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from opsmodels._numeric import NONNEGATIVE, POSITIVE, REAL, Kind, numeric
from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import Interval, invalid
from opsmodels.errors import InvalidInputError
from opsmodels.inventory._demand import DemandModel, Normal, demand_model

__all__ = [
    "NewsvendorResult",
    "newsvendor",
    "newsvendor_cost",
    "newsvendor_profit",
]

_LEAD = Interval(0, None, integer=True)
_SQRT_2PI = np.sqrt(2.0 * np.pi)


@dataclass(frozen=True, slots=True, kw_only=True)
class NewsvendorResult(Result):
    """Optimal newsvendor (base-stock) level and its performance, per SKU.

    Attributes
    ----------
    order_up_to : float, ndarray or Series
        S*, the order-up-to (base-stock) level [units].
    expected_cost : float, ndarray or Series
        g(S*) = h·E[(S*−D)^+] + p·E[(D−S*)^+], expected holding plus shortage cost per period.
    critical_ratio : float, ndarray or Series
        α = p/(p+h).
    fill_rate : float, ndarray or Series
        Type-2 service level: the fraction of demand met from stock.
    expected_shortage : float, ndarray or Series
        n(S*) = E[(D−S*)^+], expected units short (backordered) at the end of a period.
    expected_leftover : float, ndarray or Series
        E[(S*−D)^+], expected units left over.
    expected_profit : float, ndarray, Series or None
        Expected profit (explicit form, :func:`newsvendor_profit` only).
    """

    order_up_to: Any
    expected_cost: Any
    critical_ratio: Any
    fill_rate: Any
    expected_shortage: Any
    expected_leftover: Any
    expected_profit: Any = None


def _prepare(
    func: str,
    holding: object,
    shortage: object,
    demand: object,
    lead_time: object,
    extra: dict[str, object] | None = None,
) -> tuple[Kind, FloatArray, FloatArray, DemandModel, FloatArray, DemandModel]:
    model = demand_model(demand, func, "demand")
    _, (h, p, lead) = numeric(
        func,
        holding_cost=(holding, POSITIVE),
        shortage_cost=(shortage, POSITIVE),
        lead_time=(lead_time, _LEAD),
    )
    named = {"holding_cost": holding, "shortage_cost": shortage, "lead_time": lead_time}
    named.update(extra or {})
    named["demand"] = np.broadcast_to(0.0, model.batch_shape)  # its shape, at no cost
    kind = Kind(func, list(named), list(named.values()), model.index)
    if not np.any(lead):
        return kind, h, p, model, lead, model
    try:
        protected = model.over(lead + 1.0)
    except InvalidInputError:
        raise invalid(
            func,
            "demand",
            "a model whose demand over lead_time + 1 periods is defined (Discrete models "
            "need integer values)",
            model,
        ) from None
    return kind, h, p, model, lead, protected


def _performance(
    model: DemandModel, protected: DemandModel, lead: FloatArray, level: Any
) -> tuple[Any, Any, Any]:
    """(expected shortage, expected leftover, fill rate) at base-stock level ``level``."""
    short = np.asarray(protected.loss(level))
    left = np.asarray(protected.leftover(level))
    mean = np.asarray(model.mean)
    if np.any(lead):
        before = np.asarray(model.over(np.maximum(lead, 1.0)).loss(level))
        before = np.where(lead > 0, before, np.maximum(-np.asarray(level), 0.0))
    else:
        before = np.maximum(-np.asarray(level), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        fill = 1.0 - (short - before) / mean
    fill = np.where(mean > 0, np.clip(fill, 0.0, 1.0), 1.0)
    return short, left, fill


def newsvendor(
    holding_cost: ArrayLike,
    shortage_cost: ArrayLike,
    demand: DemandModel | Any,
    *,
    lead_time: ArrayLike = 0,
) -> NewsvendorResult:
    r"""Newsvendor / base-stock level minimizing expected holding plus shortage cost.

    Parameters
    ----------
    holding_cost : float, array_like or Series
        Cost h > 0 per unit left over at the end of a period (overage cost).
    shortage_cost : float, array_like or Series
        Cost p > 0 per unit short (underage or backorder cost).
    demand : DemandModel or frozen scipy.stats distribution
        Demand of one period (any model; its batch shape broadcasts with the costs).
    lead_time : int or array_like of int
        Order lead time L >= 0 in periods. With L > 0 this is the periodic-review base-stock
        model with backorders: the level covers demand over L + 1 periods (exact for the
        normal, Poisson, gamma, negative binomial and integer Discrete models; a frozen
        continuous scipy distribution is summed by the normal moment approximation).

    Returns
    -------
    NewsvendorResult
        ``order_up_to, expected_cost, critical_ratio, fill_rate, expected_shortage,
        expected_leftover`` of the kind of the cost arguments.

    Raises
    ------
    InvalidInputError
        If a cost is not finite and positive, the lead time is not a whole number >= 0, the
        demand is not a demand model, or the shapes do not broadcast.

    Notes
    -----
    With :math:`D` the demand over L + 1 periods and :math:`\alpha = p/(p+h)`,
    :math:`S^* = F^{-1}(\alpha)`; for discrete demand the smallest S with
    :math:`F(S) \ge \alpha`. The cost is :math:`g(S) = h\bar n(S) + p\,n(S)` with
    :math:`n` the loss and :math:`\bar n` the complementary loss function; for normal demand
    :math:`g(S^*) = (h+p)\sigma\phi(z_\alpha)`. The fill rate counts the units short that a
    period adds: :math:`1 - [n_{L+1}(S) - n_L(S)]/E[D_1]`.

    References
    ----------
    .. [1] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, sections 4.3
       (Examples 4.1-4.3, 4.7) and 4.4 (lead times, the L + 1 convention).

    Examples
    --------
    >>> r = newsvendor(0.18, 0.70, Normal(50, 8))
    >>> round(r.order_up_to, 2), round(r.expected_cost, 4)
    (56.6, 1.9976)
    >>> from opsmodels.inventory import Poisson
    >>> r = newsvendor(1, 4, Poisson(6))
    >>> r.order_up_to, round(r.expected_cost, 4)
    (8.0, 3.5701)
    """
    kind, h, p, model, lead, protected = _prepare(
        "newsvendor", holding_cost, shortage_cost, demand, lead_time
    )
    ratio = p / (p + h)
    if isinstance(protected, Normal) and not np.any(lead):
        # closed form: S = mu + sigma z, n(S) = sigma (phi(z) - z (1 - alpha)); the
        # per-SKU passes are kept to one per output (z is often a single number)
        z = special.ndtri(ratio)
        sigma = np.asarray(protected.std)
        mean = np.asarray(protected.mean)
        dens = np.exp(-0.5 * z * z) / _SQRT_2PI
        unit_short = dens - z * (1.0 - ratio)
        level = sigma * z
        level += mean
        short = sigma * unit_short
        left = sigma * (unit_short + z)
        cost = sigma * ((h + p) * dens)
        if bool(np.all(mean > 0)) and bool(np.all(level >= 0)):
            fill = np.asarray(short / mean)
            if fill.ndim:  # in place: one temporary for 1e7 SKUs, not three
                np.subtract(1.0, fill, out=fill)
                np.maximum(fill, 0.0, out=fill)
            else:
                fill = np.maximum(1.0 - fill, 0.0)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                fill = np.where(
                    mean > 0, np.clip(1.0 - (short - np.maximum(-level, 0.0)) / mean, 0, 1), 1.0
                )
    else:
        level = np.asarray(protected.ppf(ratio))
        short, left, fill = _performance(model, protected, lead, level)
        cost = h * left + p * short
    return NewsvendorResult(
        order_up_to=kind(level),
        expected_cost=kind(cost),
        critical_ratio=kind(ratio),
        fill_rate=kind(fill),
        expected_shortage=kind(short),
        expected_leftover=kind(left),
    )


def newsvendor_cost(
    order_up_to: ArrayLike,
    holding_cost: ArrayLike,
    shortage_cost: ArrayLike,
    demand: DemandModel | Any,
    *,
    lead_time: ArrayLike = 0,
) -> Any:
    r"""Expected cost g(S) of a given order-up-to level S in the newsvendor model.

    Parameters
    ----------
    order_up_to : float, array_like or Series
        Order-up-to level S (any real).
    holding_cost, shortage_cost, demand, lead_time
        As in :func:`newsvendor`.

    Returns
    -------
    float, ndarray or Series
        :math:`g(S) = h\,E[(S-D)^+] + p\,E[(D-S)^+]` with D the demand over L + 1 periods.

    Examples
    --------
    >>> round(newsvendor_cost(60, 0.18, 0.70, Normal(50, 8)), 4)
    2.1561
    """
    _, (level,) = numeric("newsvendor_cost", order_up_to=(order_up_to, REAL))
    kind, h, p, _, _, protected = _prepare(
        "newsvendor_cost",
        holding_cost,
        shortage_cost,
        demand,
        lead_time,
        {"order_up_to": order_up_to},
    )
    return kind(h * np.asarray(protected.leftover(level)) + p * np.asarray(protected.loss(level)))


def newsvendor_profit(
    price: ArrayLike,
    cost: ArrayLike,
    salvage: ArrayLike,
    demand: DemandModel | Any,
    *,
    shortage_penalty: ArrayLike = 0.0,
) -> NewsvendorResult:
    r"""Newsvendor in explicit form: selling price, purchase cost and salvage value.

    Parameters
    ----------
    price : float, array_like or Series
        Selling price r per unit sold.
    cost : float, array_like or Series
        Purchase cost c per unit ordered, with salvage < c and c < price + shortage_penalty.
    salvage : float, array_like or Series
        Value v per unit left over (may be negative: a disposal cost).
    demand : DemandModel or frozen scipy.stats distribution
        Demand of the selling season.
    shortage_penalty : float, array_like or Series
        Goodwill cost per unit of unmet demand, >= 0.

    Returns
    -------
    NewsvendorResult
        As :func:`newsvendor` with overage cost h = c − v and underage cost
        p = r − c + penalty, plus ``expected_profit``.

    Notes
    -----
    Expected profit :math:`r\,E[\min(S,D)] + v\,E[(S-D)^+] - cS - b\,E[(D-S)^+] =
    (r-c)E[D] - g(S)`, so the profit-maximizing S is the cost-minimizing one with
    :math:`\alpha = (r-c+b)/(r-v+b)`.

    References
    ----------
    .. [1] S. Nahmias, *Production and Operations Analysis*, 6th ed., McGraw-Hill, 2009,
       section 5.3 (overage and underage costs).

    Examples
    --------
    >>> r = newsvendor_profit(1.0, 0.25, 0.0, Normal(100, 20))
    >>> round(r.order_up_to, 2), round(r.critical_ratio, 2), round(r.expected_profit, 2)
    (113.49, 0.75, 68.64)
    """
    func = "newsvendor_profit"
    _, (r, c, v, b) = numeric(
        func,
        price=(price, POSITIVE),
        cost=(cost, POSITIVE),
        salvage=(salvage, REAL),
        shortage_penalty=(shortage_penalty, NONNEGATIVE),
    )
    if np.any(~(v < c)):
        raise invalid(func, "salvage", "< cost", salvage)
    if np.any(~(c < r + b)):
        raise invalid(func, "price", "> cost - shortage_penalty", price)
    overage = c - v
    underage = r - c + b
    res = newsvendor(overage, underage, demand)
    model = demand_model(demand, func, "demand")
    profit = (r - c) * np.asarray(model.mean) - np.asarray(res.expected_cost)
    out = Kind(
        func,
        ["price", "cost", "salvage", "shortage_penalty", "demand"],
        [price, cost, salvage, shortage_penalty, np.broadcast_to(0.0, model.batch_shape)],
        model.index,
    )
    return NewsvendorResult(
        order_up_to=out(res.order_up_to),
        expected_cost=out(res.expected_cost),
        critical_ratio=out(res.critical_ratio),
        fill_rate=out(res.fill_rate),
        expected_shortage=out(res.expected_shortage),
        expected_leftover=out(res.expected_leftover),
        expected_profit=out(profit),
    )
