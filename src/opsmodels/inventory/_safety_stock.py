r"""Safety stock and reorder points for continuous review, vectorized over SKUs.

The reorder point r protects against demand over the replenishment lead time (lead-time
demand, LTD). Three ways to set it:

* by cycle service level α (probability of no stockout in a replenishment cycle):
  :math:`r = F_{LTD}^{-1}(\alpha)`;
* by fill rate β with order quantity Q (fraction of demand met from stock): the smallest r with
  :math:`n_{LTD}(r) \le (1-\beta)Q`, i.e. for normal LTD :math:`\sigma_L L(k) = (1-\beta)Q`;
* by a cost B1 per stockout occasion (Silver, Pyke & Peterson): minimize
  :math:`h k\sigma_L + B_1 (\mu/Q) P(\text{stockout})`.

Lead-time variability enters through the lead-time demand model: ``lead_time`` may be a
number of periods or a distribution (then mean :math:`\mu_D\mu_L`, variance
:math:`\mu_L\sigma_D^2 + \mu_D^2\sigma_L^2`, or exact compounding for discrete models).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, overload

import numpy as np
import pandas as pd
from scipy import special

from opsmodels._numeric import POSITIVE, REAL, Kind, as_array
from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import Interval, NoneValue, OneOf, check, invalid
from opsmodels.inventory._demand import DemandModel, Normal, _is_scipy, demand_model

__all__ = [
    "ReorderPointResult",
    "fill_rate",
    "normal_loss_inverse",
    "reorder_point",
]

_OPEN_UNIT = Interval(0, 1, closed="neither")
_SQRT_2PI = np.sqrt(2.0 * np.pi)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReorderPointResult(Result):
    """Reorder point, safety stock and the service they give, per SKU.

    Attributes
    ----------
    reorder_point : float, ndarray or Series
        r [units].
    safety_stock : float, ndarray or Series
        ss = r − E(LTD) [units].
    safety_factor : float, ndarray or Series
        k = ss/σ_L (the standard normal z for normal lead-time demand).
    cycle_service_level : float, ndarray or Series
        P(LTD <= r), the probability of no stockout in a cycle.
    fill_rate : float, ndarray, Series or None
        1 − n(r)/Q, the fraction of demand met from stock (None when no order quantity is
        known).
    expected_shortage : float, ndarray or Series
        n(r) = E[(LTD − r)^+], expected units short per replenishment cycle.
    lead_time_demand_mean : float, ndarray or Series
        μ_L = E[LTD].
    lead_time_demand_std : float, ndarray or Series
        σ_L, the standard deviation of lead-time demand.
    """

    reorder_point: Any
    safety_stock: Any
    safety_factor: Any
    cycle_service_level: Any
    fill_rate: Any
    expected_shortage: Any
    lead_time_demand_mean: Any
    lead_time_demand_std: Any


@overload
def normal_loss_inverse(loss: float) -> float: ...
@overload
def normal_loss_inverse(loss: pd.Series[float]) -> pd.Series[float]: ...
@overload
def normal_loss_inverse(loss: ArrayLike) -> FloatArray: ...
def normal_loss_inverse(loss: Any) -> Any:
    r"""Inverse of the standard normal loss function: the z with :math:`L(z) = \ell`.

    Parameters
    ----------
    loss : float, array_like or Series
        Values :math:`\ell > 0` of :math:`L(z) = \phi(z) - z(1-\Phi(z))`.

    Returns
    -------
    float, ndarray or Series
        z, accurate to about 1e-12 (for :math:`\ell` below 1e-30, z is capped near 11.4).

    Notes
    -----
    L is decreasing and log-concave, so Newton's method on :math:`\log L(z) = \log\ell`
    started above the root converges monotonically. The start is an upper bound of the
    root: :math:`\sqrt{-2\log(\ell\sqrt{2\pi})}` when :math:`\ell < \phi(0)` (from
    :math:`L \le \phi`), else :math:`\phi(0) - \ell` (from :math:`L(z) \le \phi(0) - z`). All
    values are solved together (no loop over SKUs).

    Examples
    --------
    >>> round(normal_loss_inverse(0.0833), 3)
    1.0
    >>> normal_loss_inverse([0.3989, 1.0]).round(3)
    array([ 0.   , -0.899])
    """
    kind = Kind("normal_loss_inverse", ["loss"], [loss])
    target = as_array("normal_loss_inverse", "loss", loss, POSITIVE)
    return kind(_loss_inverse(target))


def _loss_inverse(target: FloatArray) -> FloatArray:
    t = np.maximum(np.asarray(target, dtype=np.float64), 1e-300)
    phi0 = 1.0 / _SQRT_2PI
    with np.errstate(divide="ignore", invalid="ignore"):
        start = np.where(t < phi0, np.sqrt(np.maximum(-2.0 * np.log(t * _SQRT_2PI), 0.0)), phi0 - t)
    z = np.minimum(start, 11.4).ravel().copy()
    log_t = np.log(t).ravel() if t.ndim else np.log(t).reshape(1)
    z = np.broadcast_to(z, log_t.shape).copy()
    active = np.arange(z.size)
    for _ in range(60):
        if not active.size:
            break
        za = z[active]
        tail = special.ndtr(-za)
        loss = np.exp(-0.5 * za * za) / _SQRT_2PI - za * tail
        loss = np.maximum(loss, 1e-300)
        step = (np.log(loss) - log_t[active]) * loss / np.maximum(tail, 1e-300)
        z[active] = za + step
        active = active[np.abs(step) > 1e-13 * (1.0 + np.abs(za))]
    return z.reshape(np.shape(target))


def _index_of(demand: object) -> pd.Index | None:
    return demand.index if isinstance(demand, DemandModel) else None


def _lead_time_demand(func: str, demand: object, lead_time: object) -> DemandModel:
    model = demand_model(demand, func, "demand")
    if isinstance(lead_time, DemandModel) or _is_scipy(lead_time):
        return model.over(lead_time)
    check(func, "lead_time", lead_time, POSITIVE)
    return model.over(np.asarray(lead_time, dtype=np.float64))


def _smallest_level(model: DemandModel, target: FloatArray) -> FloatArray:
    """Smallest r with n(r) <= target (vectorized bisection; integer r for discrete models)."""
    mean = np.asarray(model.mean, dtype=np.float64)
    std = np.asarray(model.std, dtype=np.float64)
    shape = np.broadcast_shapes(np.shape(target), model.batch_shape)
    target = np.broadcast_to(target, shape)
    # n(r) >= mean - r, so r = mean - target - 1 is below the answer; a far quantile is above
    lo = np.broadcast_to(mean - target - 1.0, shape).copy()
    hi = np.broadcast_to(np.asarray(model.ppf(1.0 - 1e-12)), shape).copy()
    hi = np.where(np.isfinite(hi), hi, mean + 40.0 * std + 1.0)
    hi = np.maximum(hi, lo + 1.0)
    if model.discrete:
        lo, hi = np.floor(lo), np.ceil(hi)
        for _ in range(200):
            open_ = hi - lo > 1
            if not open_.any():
                break
            mid = np.floor((lo + hi) / 2)
            ok = np.asarray(model.loss(mid)) <= target
            hi = np.where(open_ & ok, mid, hi)
            lo = np.where(open_ & ~ok, mid, lo)
        return np.asarray(hi, dtype=np.float64)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        ok = np.asarray(model.loss(mid)) <= target
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid)
        if np.all(hi - lo <= 1e-12 * (1.0 + np.abs(hi))):
            break
    return np.asarray(hi, dtype=np.float64)


def reorder_point(
    demand: DemandModel | Any,
    lead_time: ArrayLike | DemandModel | Any,
    *,
    cycle_service_level: ArrayLike | None = None,
    fill_rate: ArrayLike | None = None,
    stockout_cost: ArrayLike | None = None,
    order_quantity: ArrayLike | None = None,
    holding_cost: ArrayLike | None = None,
    min_safety_factor: float = 0.0,
) -> ReorderPointResult:
    r"""Reorder point and safety stock for a service-level or stockout-cost target.

    Give exactly one of ``cycle_service_level``, ``fill_rate`` and ``stockout_cost``.

    Parameters
    ----------
    demand : DemandModel or frozen scipy.stats distribution
        Demand per period (its batch shape is the SKUs).
    lead_time : float, array_like or demand model
        Lead time L > 0 in periods, or its distribution (lead-time variability).
    cycle_service_level : float or array_like, optional
        Target α in (0, 1): probability of no stockout per replenishment cycle.
    fill_rate : float or array_like, optional
        Target β in (0, 1): fraction of demand met from stock; needs ``order_quantity``.
    stockout_cost : float or array_like, optional
        Cost B1 > 0 per stockout occasion; needs ``order_quantity`` and ``holding_cost``
        and normal lead-time demand.
    order_quantity : float or array_like, optional
        Order quantity Q > 0 [units] (gives the achieved ``fill_rate`` in any case).
    holding_cost : float or array_like, optional
        Holding cost h > 0 per unit per period.
    min_safety_factor : float
        Lowest safety factor allowed with ``stockout_cost`` (Silver, Pyke & Peterson's rule
        when the cost per occasion is too small for an interior optimum).

    Returns
    -------
    ReorderPointResult
        Fields of the kind of the target argument (Series index kept).

    Raises
    ------
    InvalidInputError
        If no target or several are given, a target is outside its range, a needed argument
        is missing, or ``stockout_cost`` is used with non-normal lead-time demand.

    Notes
    -----
    Fill rate: the smallest r with :math:`n(r) \le (1-\beta)Q` (the classical approximation
    that ignores the second term of :math:`[n^{(2)}(r) - n^{(2)}(r+Q)]/Q`); for normal LTD the
    safety factor solves :math:`L(k) = (1-\beta)Q/\sigma_L` (:func:`normal_loss_inverse`).
    Stockout cost per occasion: setting the derivative of
    :math:`hk\sigma_L + B_1(\mu/Q)(1-\Phi(k))` to zero gives
    :math:`\phi(k) = hQ\sigma_L/(\mu B_1)`, so
    :math:`k = \sqrt{2\ln\left(\mu B_1/(\sqrt{2\pi}\,hQ\sigma_L)\right)}` when the
    argument of the logarithm exceeds 1, else ``min_safety_factor`` (μ is the demand per
    period, h the holding cost per unit per period).

    References
    ----------
    .. [1] E. A. Silver, D. F. Pyke and R. Peterson, *Inventory Management and Production
       Planning and Scheduling*, 3rd ed., Wiley, 1998, sections 7.7-7.9 (decision rules for
       B1, P1 and P2).
    .. [2] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, section 5.2
       (type-1 and type-2 service in (r,Q) systems).

    Examples
    --------
    >>> r = reorder_point(Normal(100, 20), 4, cycle_service_level=0.95)
    >>> round(r.reorder_point, 2), round(r.safety_stock, 2)
    (465.79, 65.79)
    >>> r = reorder_point(Normal(100, 20), 4, fill_rate=0.98, order_quantity=200)
    >>> round(r.safety_factor, 4), round(r.fill_rate, 4)
    (0.9023, 0.98)
    """
    func = "reorder_point"
    targets = {
        "cycle_service_level": cycle_service_level,
        "fill_rate": fill_rate,
        "stockout_cost": stockout_cost,
    }
    given = [name for name, value in targets.items() if value is not None]
    if len(given) != 1:
        raise invalid(
            func,
            "cycle_service_level",
            "given as the only target (or fill_rate, or stockout_cost)",
            f"<targets {given or 'none'}>",
        )
    name = given[0]
    value = targets[name]
    optional = [NoneValue(), POSITIVE]
    check(func, "order_quantity", order_quantity, optional)
    check(func, "holding_cost", holding_cost, optional)
    check(func, "min_safety_factor", min_safety_factor, REAL)
    ltd = _lead_time_demand(func, demand, lead_time)
    named: dict[str, object] = {name: value}
    if order_quantity is not None:
        named["order_quantity"] = order_quantity
    if holding_cost is not None and name == "stockout_cost":
        named["holding_cost"] = holding_cost
    named["demand"] = np.broadcast_to(0.0, ltd.batch_shape)
    kind = Kind(func, list(named), list(named.values()), _index_of(demand))
    q = (
        None
        if order_quantity is None
        else as_array(func, "order_quantity", order_quantity, POSITIVE)
    )
    mean = np.asarray(ltd.mean, dtype=np.float64)
    std = np.asarray(ltd.std, dtype=np.float64)
    normal = isinstance(ltd, Normal)
    if name == "cycle_service_level":
        alpha = as_array(func, name, value, _OPEN_UNIT)
        if normal:  # closed form from z alone: CSL = alpha, n(r) = sigma L(z)
            z = special.ndtri(alpha)
            level = mean + std * z
            short = std * (np.exp(-0.5 * z * z) / _SQRT_2PI - z * (1.0 - alpha))
            spread = bool(np.all(std > 0))
            return ReorderPointResult(
                reorder_point=kind(level),
                safety_stock=kind(std * z),
                safety_factor=kind(z if spread else np.where(std > 0, z, 0.0)),
                cycle_service_level=kind(alpha if spread else np.where(std > 0, alpha, 1.0)),
                fill_rate=None if q is None else kind(np.clip(1.0 - short / q, 0.0, 1.0)),
                expected_shortage=kind(short),
                lead_time_demand_mean=kind(mean),
                lead_time_demand_std=kind(std),
            )
        else:
            level = np.asarray(ltd.ppf(alpha), dtype=np.float64)
    elif name == "fill_rate":
        beta = as_array(func, name, value, _OPEN_UNIT)
        if q is None:
            raise invalid(func, "order_quantity", "given with fill_rate", None)
        allowed = (1.0 - beta) * q
        if normal:
            with np.errstate(divide="ignore"):
                scaled = allowed / std
            k = _loss_inverse(np.where(std > 0, scaled, 1.0))
            level = np.where(std > 0, mean + std * k, mean)
        else:
            level = _smallest_level(ltd, allowed)
    else:
        b1 = as_array(func, name, value, POSITIVE)
        if q is None or holding_cost is None:
            missing = "order_quantity" if q is None else "holding_cost"
            raise invalid(func, missing, "given with stockout_cost", None)
        if not normal:
            raise invalid(
                func,
                "demand",
                "normal lead-time demand with stockout_cost (Normal demand, or a lead-time "
                "distribution, which gives the normal moment approximation)",
                demand,
            )
        h = as_array(func, "holding_cost", holding_cost, POSITIVE)
        rate = np.asarray(demand_model(demand, func, "demand").mean, dtype=np.float64)
        with np.errstate(divide="ignore"):
            ratio = rate * b1 / (_SQRT_2PI * h * q * std)
            k = np.sqrt(2.0 * np.log(np.maximum(ratio, 1.0)))
        k = np.where(ratio > 1.0, np.maximum(k, min_safety_factor), min_safety_factor)
        level = mean + std * k
    short = np.asarray(ltd.loss(level), dtype=np.float64)
    csl = np.asarray(ltd.cdf(level), dtype=np.float64)
    ss = level - mean
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(std > 0, ss / std, 0.0)
    achieved = None if q is None else kind(np.clip(1.0 - short / q, 0.0, 1.0))
    return ReorderPointResult(
        reorder_point=kind(level),
        safety_stock=kind(ss),
        safety_factor=kind(factor),
        cycle_service_level=kind(csl),
        fill_rate=achieved,
        expected_shortage=kind(short),
        lead_time_demand_mean=kind(mean),
        lead_time_demand_std=kind(std),
    )


def fill_rate(
    demand: DemandModel | Any,
    lead_time: ArrayLike | DemandModel | Any,
    reorder_point: ArrayLike,
    order_quantity: ArrayLike,
    *,
    method: Literal["approximate", "exact"] = "approximate",
) -> Any:
    r"""Fill rate of a reorder point r with order quantity Q in a continuous-review system.

    Parameters
    ----------
    demand : DemandModel or frozen scipy.stats distribution
        Demand per period.
    lead_time : float, array_like or demand model
        Lead time in periods, or its distribution.
    reorder_point : float, array_like or Series
        r (any real).
    order_quantity : float, array_like or Series
        Q > 0.
    method : {"approximate", "exact"}
        ``"approximate"``: :math:`1 - n(r)/Q`, the expected shortage per cycle over Q (the
        classical rule that :func:`reorder_point` inverts); ``"exact"``: with backorders the
        units short in a cycle are :math:`(D_L-r)^+ - (D_L-r-Q)^+`, so
        :math:`1 - [n(r) - n(r+Q)]/Q`.

    Returns
    -------
    float, ndarray or Series
        The type-2 service level, clipped to [0, 1]; non-decreasing in r.

    References
    ----------
    .. [1] S. Axsäter, *Inventory Control*, 2nd ed., Springer, 2006, section 5.3 (fill rate
       of (R,Q) policies).
    .. [2] Silver, Pyke and Peterson, 3rd ed., 1998, section 7.7.5 (the approximation).

    Examples
    --------
    >>> round(fill_rate(Normal(100, 20), 4, 440.0, 200.0), 4)
    0.9833
    >>> round(fill_rate(Normal(100, 20), 4, 380.0, 100.0, method="exact"), 4)
    0.7243
    """
    func = "fill_rate"
    check(func, "method", method, OneOf("approximate", "exact"))
    ltd = _lead_time_demand(func, demand, lead_time)
    r = as_array(func, "reorder_point", reorder_point, REAL)
    q = as_array(func, "order_quantity", order_quantity, POSITIVE)
    kind = Kind(
        func,
        ["reorder_point", "order_quantity", "demand"],
        [reorder_point, order_quantity, np.broadcast_to(0.0, ltd.batch_shape)],
        _index_of(demand),
    )
    short = np.asarray(ltd.loss(r))
    if method == "exact":
        short = short - np.asarray(ltd.loss(r + q))
    return kind(np.clip(1.0 - short / q, 0.0, 1.0))
