r"""Economic order quantity family: EOQ (with planned backorders), EPQ, quantity discounts,
sensitivity, power-of-two policies and joint replenishment, vectorized over SKUs.

Costs are per unit of time in the units of ``demand_rate`` (e.g. per year for annual demand)
and exclude the purchase cost, except in :func:`eoq_discount`, where the price depends on the
order quantity and so the total includes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from opsmodels._numeric import POSITIVE, numeric
from opsmodels._results import Result
from opsmodels._typing import ArrayLike
from opsmodels._validation import Interval, NoneValue, OneOf, check, describe, invalid

__all__ = [
    "DiscountResult",
    "EOQResult",
    "EPQResult",
    "JointReplenishmentResult",
    "PowerOfTwoResult",
    "eoq",
    "eoq_cost",
    "eoq_discount",
    "eoq_sensitivity",
    "epq",
    "joint_replenishment",
    "power_of_two",
]

_SHORTAGE = [NoneValue(), POSITIVE]


@dataclass(frozen=True, slots=True, kw_only=True)
class EOQResult(Result):
    """Optimal EOQ policy, per SKU.

    Attributes
    ----------
    order_quantity : float, ndarray or Series
        Q*, the order quantity [units].
    cycle_time : float, ndarray or Series
        T* = Q*/λ, the time between orders [time].
    total_cost : float, ndarray or Series
        g* = g(Q*), ordering plus holding (plus backorder) cost per unit time.
    max_backorder : float, ndarray, Series or None
        B* = Q*·x*, the largest backorder (None without planned backorders).
    stockout_fraction : float, ndarray, Series or None
        x* = h/(h+p), the fraction of the cycle spent out of stock (None without backorders).
    """

    order_quantity: Any
    cycle_time: Any
    total_cost: Any
    max_backorder: Any = None
    stockout_fraction: Any = None


def eoq(
    demand_rate: ArrayLike,
    ordering_cost: ArrayLike,
    holding_cost: ArrayLike,
    *,
    shortage_cost: ArrayLike | None = None,
) -> EOQResult:
    r"""Economic order quantity, optionally with planned backorders.

    Parameters
    ----------
    demand_rate : float, array_like or Series
        Demand per unit time λ > 0 [units/time].
    ordering_cost : float, array_like or Series
        Fixed cost per order K > 0 [money].
    holding_cost : float, array_like or Series
        Holding cost h > 0 [money per unit per unit time].
    shortage_cost : float, array_like, Series or None
        Backorder cost p > 0 [money per unit short per unit time]; None forbids shortages.

    Returns
    -------
    EOQResult
        Fields ``order_quantity, cycle_time, total_cost`` (and ``max_backorder,
        stockout_fraction`` with backorders), of the kind of the inputs.

    Raises
    ------
    InvalidInputError
        If a cost or rate is not a finite positive number, or the shapes do not broadcast.

    Notes
    -----
    :math:`Q^* = \sqrt{2K\lambda/h}`, :math:`g^* = \sqrt{2K\lambda h}`. With backorders
    (EOQB): :math:`Q^* = \sqrt{2K\lambda(h+p)/(hp)}`, :math:`x^* = h/(h+p)`,
    :math:`g^* = \sqrt{2K\lambda h p/(h+p)}`; as :math:`p\to\infty` this tends to the EOQ.

    References
    ----------
    .. [1] L. V. Snyder and Z.-J. M. Shen, *Fundamentals of Supply Chain Theory*, 2nd ed.,
       Wiley, 2019, sections 3.2 (Example 3.1) and 3.4 (EOQ with planned backorders).

    Examples
    --------
    >>> r = eoq(1300, 8, 0.225)
    >>> round(r.order_quantity, 2), round(r.total_cost, 2)
    (304.05, 68.41)
    >>> r = eoq(1300, 8, 0.225, shortage_cost=5)
    >>> round(r.order_quantity, 2), round(r.stockout_fraction, 4), round(r.total_cost, 2)
    (310.81, 0.0431, 66.92)
    >>> eoq([100.0, 400.0], 50.0, 1.0).order_quantity
    array([100., 200.])
    """
    args: dict[str, Any] = {
        "demand_rate": (demand_rate, POSITIVE),
        "ordering_cost": (ordering_cost, POSITIVE),
        "holding_cost": (holding_cost, POSITIVE),
    }
    if shortage_cost is not None:
        args["shortage_cost"] = (shortage_cost, POSITIVE)
    else:
        check("eoq", "shortage_cost", shortage_cost, _SHORTAGE)
    kind, arrays = numeric("eoq", **args)
    lam, k, h = arrays[:3]
    if shortage_cost is None:
        q = np.sqrt(2.0 * k * lam / h)
        return EOQResult(order_quantity=kind(q), cycle_time=kind(q / lam), total_cost=kind(h * q))
    p = arrays[3]
    x = h / (h + p)
    effective = h * (1.0 - x)  # = hp/(h+p)
    q = np.sqrt(2.0 * k * lam / effective)
    return EOQResult(
        order_quantity=kind(q),
        cycle_time=kind(q / lam),
        total_cost=kind(effective * q),
        max_backorder=kind(q * x),
        stockout_fraction=kind(x),
    )


def eoq_cost(
    order_quantity: ArrayLike,
    demand_rate: ArrayLike,
    ordering_cost: ArrayLike,
    holding_cost: ArrayLike,
    *,
    shortage_cost: ArrayLike | None = None,
) -> Any:
    r"""Cost per unit time of ordering ``order_quantity`` in the EOQ model.

    Parameters
    ----------
    order_quantity : float, array_like or Series
        Order quantity Q > 0 [units].
    demand_rate, ordering_cost, holding_cost, shortage_cost
        As in :func:`eoq`. With a shortage cost, the backorder fraction is the best one for
        this Q, x* = h/(h+p).

    Returns
    -------
    float, ndarray or Series
        :math:`g(Q) = K\lambda/Q + hQ/2` (with backorders :math:`K\lambda/Q + \frac{hp}{h+p}Q/2`).

    Examples
    --------
    >>> round(eoq_cost(400.0, 1300, 8, 0.225), 2)
    71.0
    """
    args: dict[str, Any] = {
        "order_quantity": (order_quantity, POSITIVE),
        "demand_rate": (demand_rate, POSITIVE),
        "ordering_cost": (ordering_cost, POSITIVE),
        "holding_cost": (holding_cost, POSITIVE),
    }
    if shortage_cost is not None:
        args["shortage_cost"] = (shortage_cost, POSITIVE)
    else:
        check("eoq_cost", "shortage_cost", shortage_cost, _SHORTAGE)
    kind, arrays = numeric("eoq_cost", **args)
    q, lam, k, h = arrays[:4]
    if shortage_cost is not None:
        p = arrays[4]
        h = h * p / (h + p)
    return kind(k * lam / q + 0.5 * h * q)


@overload
def eoq_sensitivity(order_quantity: float, optimal_quantity: float) -> float: ...
@overload
def eoq_sensitivity(
    order_quantity: pd.Series[float], optimal_quantity: Any
) -> pd.Series[float]: ...
@overload
def eoq_sensitivity(order_quantity: ArrayLike, optimal_quantity: ArrayLike) -> Any: ...
def eoq_sensitivity(order_quantity: Any, optimal_quantity: Any) -> Any:
    r"""Cost penalty of ordering Q instead of Q*: the ratio g(Q)/g(Q*).

    Parameters
    ----------
    order_quantity : float, array_like or Series
        Quantity actually ordered Q > 0.
    optimal_quantity : float, array_like or Series
        EOQ Q* > 0.

    Returns
    -------
    float, ndarray or Series
        :math:`\tfrac12(Q/Q^* + Q^*/Q) \ge 1` (the EOQ cost curve is flat: ordering 50 % too
        much costs 8.3 % more).

    References
    ----------
    .. [1] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, section 3.2.3.

    Examples
    --------
    >>> round(eoq_sensitivity(1.5, 1.0), 4)
    1.0833
    """
    kind, (q, q_star) = numeric(
        "eoq_sensitivity",
        order_quantity=(order_quantity, POSITIVE),
        optimal_quantity=(optimal_quantity, POSITIVE),
    )
    ratio = q / q_star
    return kind(0.5 * (ratio + 1.0 / ratio))


@dataclass(frozen=True, slots=True, kw_only=True)
class EPQResult(Result):
    """Optimal economic production quantity, per SKU.

    Attributes
    ----------
    order_quantity : float, ndarray or Series
        Q*, the production lot [units].
    cycle_time : float, ndarray or Series
        T* = Q*/λ [time].
    total_cost : float, ndarray or Series
        g*, setup plus holding cost per unit time.
    max_inventory : float, ndarray or Series
        Q*(1 − λ/μ), the peak inventory [units].
    production_time : float, ndarray or Series
        Q*/μ, the length of a production run [time].
    """

    order_quantity: Any
    cycle_time: Any
    total_cost: Any
    max_inventory: Any
    production_time: Any


def epq(
    demand_rate: ArrayLike,
    ordering_cost: ArrayLike,
    holding_cost: ArrayLike,
    production_rate: ArrayLike,
) -> EPQResult:
    r"""Economic production quantity (finite production rate).

    Parameters
    ----------
    demand_rate : float, array_like or Series
        Demand per unit time λ > 0.
    ordering_cost : float, array_like or Series
        Setup cost per run K > 0.
    holding_cost : float, array_like or Series
        Holding cost h > 0 per unit per unit time.
    production_rate : float, array_like or Series
        Production rate μ > λ.

    Returns
    -------
    EPQResult

    Raises
    ------
    InvalidInputError
        If a parameter is not positive, or ``production_rate <= demand_rate``.

    Notes
    -----
    With :math:`\rho = \lambda/\mu`: :math:`Q^* = \sqrt{2K\lambda/(h(1-\rho))}`,
    :math:`g^* = \sqrt{2K\lambda h(1-\rho)}`.

    References
    ----------
    .. [1] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, section 3.5.

    Examples
    --------
    >>> r = epq(1300, 8, 0.225, 1700)
    >>> round(r.order_quantity, 2), round(r.total_cost, 2)
    (626.81, 33.18)
    """
    kind, (lam, k, h, mu) = numeric(
        "epq",
        demand_rate=(demand_rate, POSITIVE),
        ordering_cost=(ordering_cost, POSITIVE),
        holding_cost=(holding_cost, POSITIVE),
        production_rate=(production_rate, POSITIVE),
    )
    bad = ~(mu > lam)
    if bad.any():
        pos = int(np.flatnonzero(np.broadcast_to(bad, np.broadcast(mu, lam).shape).ravel())[0])
        raise invalid(
            "epq",
            "production_rate",
            "> demand_rate",
            f"<{describe(np.broadcast_to(mu, bad.shape).ravel()[pos])} at position {pos}>",
        )
    slack = 1.0 - lam / mu
    q = np.sqrt(2.0 * k * lam / (h * slack))
    return EPQResult(
        order_quantity=kind(q),
        cycle_time=kind(q / lam),
        total_cost=kind(h * slack * q),
        max_inventory=kind(q * slack),
        production_time=kind(q / mu),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscountResult(Result):
    """Optimal order quantity under quantity discounts, per SKU.

    Attributes
    ----------
    order_quantity : float or ndarray
        Q* [units].
    price_break : int or ndarray of int
        Index j of the price region holding Q* (b_j <= Q* < b_{j+1}).
    unit_price : float or ndarray
        Price per unit paid at Q* (all-units: c_j; incremental: the average C(Q*)/Q*).
    cycle_time : float or ndarray
        Q*/λ [time].
    total_cost : float or ndarray
        Purchase + ordering + holding cost per unit time at Q*.
    """

    order_quantity: Any
    price_break: Any
    unit_price: Any
    cycle_time: Any
    total_cost: Any


def eoq_discount(
    demand_rate: ArrayLike,
    ordering_cost: ArrayLike,
    holding_rate: ArrayLike,
    breakpoints: ArrayLike,
    unit_prices: ArrayLike,
    *,
    kind: Literal["all_units", "incremental"] = "all_units",
) -> DiscountResult:
    r"""EOQ with all-units or incremental quantity discounts.

    Parameters
    ----------
    demand_rate : float or array_like
        Demand per unit time λ > 0.
    ordering_cost : float or array_like
        Fixed cost per order K > 0.
    holding_rate : float or array_like
        Holding cost as a fraction of the unit price per unit time, i > 0 (h = i·c).
    breakpoints : array_like
        Quantities :math:`0 = b_0 < b_1 < \dots` where each price starts (last axis; leading
        axes are SKUs, broadcast with the other arguments).
    unit_prices : array_like
        Price per unit :math:`c_j > 0` in each region (same last-axis length).
    kind : {"all_units", "incremental"}
        ``"all_units"``: the price of the region holding Q applies to every unit;
        ``"incremental"``: price :math:`c_j` applies only to the units between :math:`b_j` and
        :math:`b_{j+1}`.

    Returns
    -------
    DiscountResult

    Notes
    -----
    For each region the unconstrained optimum is :math:`Q_j = \sqrt{2\lambda K_j/(ic_j)}` with
    :math:`K_j = K` (all-units) or :math:`K_j = K + C(b_j) - c_jb_j` (incremental, where
    :math:`C(b_j)` is the purchase cost of :math:`b_j` units). Each is clipped to its region
    and the true cost :math:`\lambda\bar c(Q) + K\lambda/Q + i\bar c(Q)Q/2` (with
    :math:`\bar c(Q) = C(Q)/Q`) is compared across candidates; the clipped points include the
    breakpoints, where the all-units optimum often lies.

    References
    ----------
    .. [1] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, section 3.6.
    .. [2] S. Nahmias, *Production and Operations Analysis*, 6th ed., McGraw-Hill, 2009,
       section 4.7 (the trash-bag example: λ = 600, K = 8, i = 0.2, prices 0.30, 0.29, 0.28
       from 0, 500, 1000 units: Q* = 500 at 198.10 per year).

    Examples
    --------
    >>> r = eoq_discount(600, 8, 0.2, [0, 500, 1000], [0.30, 0.29, 0.28])
    >>> r.order_quantity, r.price_break, round(r.total_cost, 2)
    (500.0, 1, 198.1)
    >>> r = eoq_discount(2400, 150, 0.25, [0, 300, 600], [100, 90, 80], kind="incremental")
    >>> round(r.order_quantity, 2), round(r.total_cost, 2)
    (1481.89, 222762.81)
    """
    func = "eoq_discount"
    check(func, "kind", kind, OneOf("all_units", "incremental"))
    b = np.asarray(_checked(func, "breakpoints", breakpoints, Interval(0, None)))
    c = np.asarray(_checked(func, "unit_prices", unit_prices, POSITIVE))
    if b.ndim == 0 or c.ndim == 0 or b.shape[-1] != c.shape[-1]:
        raise invalid(
            func,
            "unit_prices",
            "an array as long as breakpoints along the last axis",
            f"<shapes {b.shape} and {c.shape}>",
        )
    if np.any(b[..., 0] != 0):
        raise invalid(func, "breakpoints", "starting at 0 (the first price region)", breakpoints)
    if np.any(np.diff(b, axis=-1) <= 0):
        raise invalid(func, "breakpoints", "strictly increasing along the last axis", breakpoints)
    shaper, (lam, k, i) = numeric(
        func,
        demand_rate=(demand_rate, POSITIVE),
        ordering_cost=(ordering_cost, POSITIVE),
        holding_rate=(holding_rate, POSITIVE),
    )
    try:
        shape = np.broadcast_shapes(shaper.shape, b.shape[:-1], c.shape[:-1])
    except ValueError:
        raise invalid(
            func,
            "breakpoints",
            "leading axes that broadcast with the other arguments",
            f"<shape {b.shape}>",
        ) from None
    lam, k, i = (np.asarray(a)[..., None] for a in (lam, k, i))
    upper = np.concatenate([b[..., 1:], np.full((*b.shape[:-1], 1), np.inf)], axis=-1)
    # purchase cost of b_j units (incremental): C(b_j) = sum_{m<j} c_m (b_{m+1} - b_m)
    widths = np.diff(b, axis=-1)
    zero = np.zeros((*np.broadcast_shapes(b.shape[:-1], c.shape[:-1]), 1))
    cum_cost = np.concatenate([zero, np.cumsum(c[..., :-1] * widths, axis=-1)], axis=-1)
    if kind == "all_units":
        fixed = np.broadcast_to(k, np.broadcast_shapes(k.shape, c.shape))
    else:
        fixed = np.maximum(k + cum_cost - c * b, 0.0)
    with np.errstate(divide="ignore"):
        unconstrained = np.sqrt(2.0 * lam * fixed / (i * c))
    candidate = np.clip(unconstrained, b, upper)
    candidate = np.where(candidate > 0, candidate, upper)  # Q = 0 is never a candidate
    region = np.arange(b.shape[-1]) + (candidate >= upper)
    region = np.minimum(region, b.shape[-1] - 1)
    full = np.broadcast_shapes(candidate.shape, c.shape)
    region = np.broadcast_to(region, full)
    price = np.take_along_axis(np.broadcast_to(c, full), region, axis=-1)
    if kind == "all_units":
        average = price
    else:
        start = np.take_along_axis(np.broadcast_to(b, full), region, axis=-1)
        base = np.take_along_axis(np.broadcast_to(cum_cost, full), region, axis=-1)
        average = (base + price * (candidate - start)) / candidate
    cost = lam * average + k * lam / candidate + 0.5 * i * average * candidate
    best = np.argmin(cost, axis=-1)[..., None]

    def pick(a: Any) -> Any:
        chosen = np.take_along_axis(np.broadcast_to(a, cost.shape), best, axis=-1)[..., 0]
        return np.broadcast_to(chosen, shape)

    q = pick(candidate)
    out_region = pick(region)
    return DiscountResult(
        order_quantity=_plain(q),
        price_break=int(out_region) if out_region.ndim == 0 else out_region.astype(np.int64),
        unit_price=_plain(pick(average)),
        cycle_time=_plain(q / np.broadcast_to(lam[..., 0], shape)),
        total_cost=_plain(pick(cost)),
    )


def _checked(func: str, name: str, value: object, spec: Interval) -> Any:
    check(func, name, value, spec)
    return np.asarray(value, dtype=np.float64)


def _plain(value: Any) -> Any:
    arr = np.asarray(value, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else arr.copy()


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerOfTwoResult(Result):
    """Power-of-two policy, per SKU.

    Attributes
    ----------
    cycle_time : float, ndarray or Series
        T = T_B·2^k, the order interval [time].
    order_quantity : float, ndarray or Series
        λT [units].
    total_cost : float, ndarray or Series
        K/T + hλT/2 per unit time.
    exponent : int, ndarray or Series
        k.
    cost_ratio : float, ndarray or Series
        Cost relative to the EOQ optimum, ½(T/T* + T*/T) <= 1.0607.
    """

    cycle_time: Any
    order_quantity: Any
    total_cost: Any
    exponent: Any
    cost_ratio: Any


def power_of_two(
    demand_rate: ArrayLike,
    ordering_cost: ArrayLike,
    holding_cost: ArrayLike,
    *,
    base_period: float = 1.0,
) -> PowerOfTwoResult:
    r"""Power-of-two order intervals: the best :math:`T = T_B 2^k` (k any integer).

    Parameters
    ----------
    demand_rate, ordering_cost, holding_cost : float, array_like or Series
        As in :func:`eoq`.
    base_period : float
        Base planning period :math:`T_B > 0` [time].

    Returns
    -------
    PowerOfTwoResult

    Notes
    -----
    The cost :math:`g(T) = K/T + h\lambda T/2` is minimal at :math:`T^* = \sqrt{2K/(h\lambda)}`
    and :math:`g(T)/g(T^*) = \tfrac12(T/T^* + T^*/T)`; the best power of two is the one with
    :math:`T^*/\sqrt2 \le T < \sqrt2 T^*` (k = round(log2(T*/T_B))), whose cost is at most
    :math:`(1/\sqrt2 + \sqrt2)/2 \approx 1.0607` times the optimum (Roundy's 6 % bound). The
    intervals of different SKUs divide one another, which is what makes joint ordering work.

    References
    ----------
    .. [1] R. Roundy, "98%-effective integer-ratio lot-sizing for one-warehouse multi-retailer
       systems", *Management Science* 31(11), 1985, 1416-1430.
    .. [2] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, section 3.7.

    Examples
    --------
    >>> r = power_of_two(1300, 8, 0.225)
    >>> round(r.cycle_time, 4), r.exponent, round(r.cost_ratio, 4)
    (0.25, -2, 1.0022)
    """
    check("power_of_two", "base_period", base_period, POSITIVE)
    kind, (lam, k, h) = numeric(
        "power_of_two",
        demand_rate=(demand_rate, POSITIVE),
        ordering_cost=(ordering_cost, POSITIVE),
        holding_cost=(holding_cost, POSITIVE),
    )
    t_star = np.sqrt(2.0 * k / (h * lam))
    exponent = np.floor(np.log2(t_star / float(base_period)) + 0.5)
    t = float(base_period) * np.exp2(exponent)
    cost = k / t + 0.5 * h * lam * t
    ratio = t / t_star
    exp_out = kind(exponent.astype(np.int64))
    return PowerOfTwoResult(
        cycle_time=kind(t),
        order_quantity=kind(lam * t),
        total_cost=kind(cost),
        exponent=exp_out,
        cost_ratio=kind(0.5 * (ratio + 1.0 / ratio)),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class JointReplenishmentResult(Result):
    """Joint replenishment policy from Silver's heuristic.

    Attributes
    ----------
    base_cycle_time : float or ndarray
        T, the interval between joint orders (one per family) [time].
    multiples : ndarray of int
        m_i: item i is ordered every m_i-th joint order.
    cycle_times : ndarray
        m_i T [time].
    order_quantities : ndarray
        λ_i m_i T [units].
    total_cost : float or ndarray
        (K + Σ k_i/m_i)/T + (T/2) Σ h_i m_i λ_i per unit time (per family).
    """

    base_cycle_time: Any
    multiples: Any
    cycle_times: Any
    order_quantities: Any
    total_cost: Any


def joint_replenishment(
    major_cost: ArrayLike,
    minor_costs: ArrayLike,
    holding_costs: ArrayLike,
    demand_rates: ArrayLike,
) -> JointReplenishmentResult:
    r"""Joint replenishment of a family of items by Silver's heuristic.

    Parameters
    ----------
    major_cost : float or array_like
        Fixed cost K > 0 of every joint order (one per family: the leading axes).
    minor_costs : array_like
        Item fixed costs :math:`k_i \ge 0` when item i is included (last axis: items).
    holding_costs : array_like
        Holding costs :math:`h_i > 0` per unit per unit time.
    demand_rates : array_like
        Demand rates :math:`\lambda_i > 0`.

    Returns
    -------
    JointReplenishmentResult

    Notes
    -----
    The item with the smallest :math:`k_i/(h_i\lambda_i)` is ordered every time (m = 1); the
    others every :math:`m_i = \mathrm{round}\sqrt{\frac{k_i}{h_i\lambda_i}\cdot
    \frac{h_1\lambda_1}{K+k_1}}` joint orders (at least 1); then
    :math:`T = \sqrt{2(K+\sum k_i/m_i)/\sum h_i m_i\lambda_i}`.

    References
    ----------
    .. [1] E. A. Silver, "A simple method of determining order quantities in joint
       replenishments under deterministic demand", *Management Science* 22(12), 1976,
       1351-1361.
    .. [2] Silver, Pyke and Peterson, *Inventory Management and Production Planning and
       Scheduling*, 3rd ed., Wiley, 1998, section 10.4.

    Examples
    --------
    >>> r = joint_replenishment(600, [120, 840, 300], [160, 20, 50], [1, 1, 1])
    >>> r.multiples, round(r.base_cycle_time, 4), round(r.total_cost, 2)
    (array([1, 3, 1]), 3.1032, 837.85)
    """
    func = "joint_replenishment"
    big_k = np.asarray(_checked(func, "major_cost", major_cost, POSITIVE))
    small = np.asarray(_checked(func, "minor_costs", minor_costs, Interval(0, None)))
    h = np.asarray(_checked(func, "holding_costs", holding_costs, POSITIVE))
    lam = np.asarray(_checked(func, "demand_rates", demand_rates, POSITIVE))
    try:
        shape = np.broadcast_shapes(small.shape, h.shape, lam.shape)
    except ValueError:
        raise invalid(
            func,
            "demand_rates",
            "arrays whose shapes broadcast together",
            f"<shapes {small.shape}, {h.shape}, {lam.shape}>",
        ) from None
    if len(shape) == 0:
        raise invalid(func, "minor_costs", "an array with one entry per item", minor_costs)
    try:
        family = np.broadcast_shapes(big_k.shape, shape[:-1])
    except ValueError:
        raise invalid(
            func, "major_cost", "a shape that broadcasts with the families", major_cost
        ) from None
    full = (*family, shape[-1])
    small, h, lam = (np.broadcast_to(a, full) for a in (small, h, lam))
    kk = np.broadcast_to(big_k, family)[..., None]
    hl = h * lam
    ratio = small / hl
    first = np.argmin(ratio, axis=-1)[..., None]
    k1 = np.take_along_axis(small, first, axis=-1)
    hl1 = np.take_along_axis(hl, first, axis=-1)
    m = np.maximum(np.round(np.sqrt(ratio * hl1 / (kk + k1))), 1.0)
    np.put_along_axis(m, first, 1.0, axis=-1)
    fixed = kk[..., 0] + np.sum(small / m, axis=-1)
    weight = np.sum(hl * m, axis=-1)
    t = np.sqrt(2.0 * fixed / weight)
    cost = fixed / t + 0.5 * t * weight
    cycle = m * t[..., None]
    return JointReplenishmentResult(
        base_cycle_time=_plain(t),
        multiples=m.astype(np.int64),
        cycle_times=cycle,
        order_quantities=cycle * lam,
        total_cost=_plain(cost),
    )
