r"""Continuous-review (r,Q) policies with backorders: exact expected cost, exact optimization
(Federgruen-Zheng for integer demand, a nested monotone search for continuous demand) and the
textbook approximations, batched over SKUs.

Model (Snyder & Shen, ch. 5): demand of rate λ per unit time, lead time L, lead-time demand
:math:`D_L`; holding cost h and backorder cost p per unit per unit time, fixed cost K per
order. With :math:`g(y) = h\,E[(y-D_L)^+] + p\,E[(D_L-y)^+]`, the expected cost per unit time
of ordering Q when the inventory position falls to r is

.. math::

    C(r,Q) = \frac{K\lambda + \int_r^{r+Q} g(y)\,dy}{Q}
    \quad\text{(continuous)}, \qquad
    C(r,Q) = \frac{K\lambda + \sum_{y=r+1}^{r+Q} g(y)}{Q} \quad\text{(integer demand)},

evaluated in closed form through the second-order loss function:
:math:`\int_r^{r+Q} n(y)dy = \sum_{y=r+1}^{r+Q} n(y) = n^{(2)}(r) - n^{(2)}(r+Q)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from opsmodels._numeric import POSITIVE, REAL, Kind, as_array
from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import Interval, OneOf, check, invalid
from opsmodels.inventory._demand import DemandModel, _is_scipy, demand_model
from opsmodels.inventory._safety_stock import _smallest_level

__all__ = ["RQResult", "rq_cost", "rq_policy"]

RQMethod = Literal["exact", "eoqb", "eoqss", "eil", "loss_function"]
_METHODS = ("exact", "eoqb", "eoqss", "eil", "loss_function")


@dataclass(frozen=True, slots=True, kw_only=True)
class RQResult(Result):
    """(r,Q) policy and its expected cost, per SKU.

    Attributes
    ----------
    reorder_point : float, ndarray or Series
        r: an order is placed when the inventory position falls to r [units].
    order_quantity : float, ndarray or Series
        Q [units].
    expected_cost : float, ndarray or Series
        C(r,Q), the exact expected holding, backorder and ordering cost per unit time of the
        returned policy (whatever the method that chose it).
    method : str
        The method used.
    """

    reorder_point: Any
    order_quantity: Any
    expected_cost: Any
    method: str


def _setup(
    func: str,
    holding: object,
    shortage: object,
    ordering: object,
    demand: object,
    lead_time: object,
    extra: dict[str, object] | None = None,
) -> tuple[Kind, FloatArray, FloatArray, FloatArray, FloatArray, DemandModel]:
    model = demand_model(demand, func, "demand")
    h = as_array(func, "holding_cost", holding, POSITIVE)
    p = as_array(func, "shortage_cost", shortage, POSITIVE)
    k = as_array(func, "ordering_cost", ordering, POSITIVE)
    if isinstance(lead_time, DemandModel) or _is_scipy(lead_time):
        ltd = model.over(lead_time)
        lead_value: object = 0.0
    else:
        check(func, "lead_time", lead_time, POSITIVE)
        ltd = model.over(np.asarray(lead_time, dtype=np.float64))
        lead_value = lead_time
    named: dict[str, object] = dict(extra or {})
    named.update(
        holding_cost=holding,
        shortage_cost=shortage,
        ordering_cost=ordering,
        lead_time=lead_value,
        demand=np.broadcast_to(0.0, np.broadcast_shapes(model.batch_shape, ltd.batch_shape)),
    )
    kind = Kind(func, list(named), list(named.values()), model.index)
    rate = np.asarray(model.mean, dtype=np.float64)
    return kind, h, p, k, rate, ltd


def _g(ltd: DemandModel, y: Any, h: Any, p: Any) -> FloatArray:
    """Newsvendor cost g(y) = h (y - mu) + (h + p) n(y)."""
    y = np.asarray(y, dtype=np.float64)
    return np.asarray(h * (y - np.asarray(ltd.mean)) + (h + p) * ltd._loss(y))  # checked inputs


def _cost(ltd: DemandModel, r: Any, q: Any, h: Any, p: Any, k: Any, rate: Any) -> FloatArray:
    mu = np.asarray(ltd.mean)
    r = np.asarray(r, dtype=np.float64)
    tail = ltd._loss2(r) - ltd._loss2(np.asarray(r + q, dtype=np.float64))
    step = 1.0 if ltd.discrete else 0.0  # sum of (y - mu) over r+1..r+Q, or the integral
    linear = q * (r - mu) + 0.5 * q * (q + step)
    return np.asarray((k * rate + h * linear + (h + p) * tail) / q)


def rq_cost(
    reorder_point: ArrayLike,
    order_quantity: ArrayLike,
    holding_cost: ArrayLike,
    shortage_cost: ArrayLike,
    ordering_cost: ArrayLike,
    demand: DemandModel | Any,
    lead_time: ArrayLike | DemandModel | Any,
) -> Any:
    r"""Exact expected cost per unit time of an (r,Q) policy with backorders.

    Parameters
    ----------
    reorder_point : float, array_like or Series
        r (whole numbers for integer demand).
    order_quantity : float, array_like or Series
        Q > 0 (whole numbers for integer demand).
    holding_cost, shortage_cost, ordering_cost : float, array_like or Series
        h, p (per unit per unit time) and K (per order), all > 0.
    demand : DemandModel or frozen scipy.stats distribution
        Demand per unit time (its mean is the rate λ).
    lead_time : float, array_like or demand model
        Lead time L > 0 in the same time unit, or its distribution.

    Returns
    -------
    float, ndarray or Series
        C(r,Q) (see the module notes).

    References
    ----------
    .. [1] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, section 5.2
       (eq. 5.7; Examples 5.1 and 5.8).

    Examples
    --------
    >>> from opsmodels.inventory import Normal, Poisson
    >>> round(rq_cost(126.8, 328.5, 0.225, 7.5, 8, Normal(1300, 150), 1 / 12), 4)
    78.0712
    >>> round(rq_cost(3, 5, 20, 150, 100, Poisson(1.5), 2), 4)
    107.9236
    """
    func = "rq_cost"
    r = as_array(func, "reorder_point", reorder_point, REAL)
    q = as_array(func, "order_quantity", order_quantity, POSITIVE)
    kind, h, p, k, rate, ltd = _setup(
        func,
        holding_cost,
        shortage_cost,
        ordering_cost,
        demand,
        lead_time,
        {"reorder_point": reorder_point, "order_quantity": order_quantity},
    )
    if ltd.discrete:
        check(func, "reorder_point", reorder_point, Interval(integer=True))
        check(func, "order_quantity", order_quantity, Interval(1, None, integer=True))
    return kind(_cost(ltd, r, q, h, p, k, rate))


def _bisect(fn: Any, lo: FloatArray, hi: FloatArray, *, integer: bool) -> FloatArray:
    """Smallest x in (lo, hi] with fn(x) true, for predicates false at lo and true at hi."""
    lo, hi = lo.copy(), hi.copy()
    for _ in range(200):
        if integer:
            open_ = hi - lo > 1
            if not open_.any():
                break
            mid = np.floor(0.5 * (lo + hi))
        else:
            open_ = hi - lo > 1e-10 * (1.0 + np.abs(hi))
            if not open_.any():
                break
            mid = 0.5 * (lo + hi)
        ok = fn(mid)
        hi = np.where(open_ & ok, mid, hi)
        lo = np.where(open_ & ~ok, mid, lo)
    return hi


def _best_r(ltd: DemandModel, q: FloatArray, h: Any, p: Any) -> FloatArray:
    """Optimal r for given Q: g(r) = g(r + Q) (continuous); the smallest integer r with
    g(r + Q + 1) >= g(r + 1) (integer demand)."""
    mu = np.asarray(ltd.mean)
    sd = np.asarray(ltd.std)
    shape = np.broadcast_shapes(np.shape(q), np.shape(h), np.shape(p), ltd.batch_shape)
    lo = np.broadcast_to(mu - q - 40.0 * sd - 2.0, shape).astype(np.float64)
    hi = np.broadcast_to(mu + 40.0 * sd + 2.0, shape).astype(np.float64)
    if ltd.discrete:
        lo, hi = np.floor(lo), np.ceil(hi)
        return _bisect(
            lambda r: _g(ltd, r + q + 1.0, h, p) >= _g(ltd, r + 1.0, h, p), lo, hi, integer=True
        )
    return _bisect(lambda r: _g(ltd, r + q, h, p) >= _g(ltd, r, h, p), lo, hi, integer=False)


def _exact_discrete(ltd: DemandModel, h: Any, p: Any, k: Any, rate: Any) -> tuple[Any, Any]:
    """Federgruen-Zheng: grow the interval {r+1..r+Q} by the cheaper neighbour while the next
    g-value is below the current average cost; all SKUs step together."""
    ratio = p / (p + h)
    start = np.asarray(ltd.ppf(ratio), dtype=np.float64)  # argmin of g
    shape = np.broadcast_shapes(start.shape, np.shape(h), np.shape(p), np.shape(k * rate))
    left = np.broadcast_to(start, shape).astype(np.float64).ravel()  # lowest y in the set
    right = left.copy()  # highest y in the set
    hh = np.broadcast_to(h, shape).ravel()
    pp = np.broadcast_to(p, shape).ravel()
    fixed = np.broadcast_to(k * rate, shape).ravel()
    batch_rows = np.arange(int(np.prod(ltd.batch_shape, dtype=np.int64)))
    flat = ltd._select(np.broadcast_to(batch_rows.reshape(ltd.batch_shape), shape).ravel())

    def g_at(idx: Any, y: FloatArray) -> FloatArray:
        return _g(flat._select(idx), y, hh[idx], pp[idx])

    total = g_at(np.arange(left.size), left)
    count = np.ones(left.size)
    active = np.arange(left.size)
    while active.size:
        lo_val = g_at(active, left[active] - 1.0)
        hi_val = g_at(active, right[active] + 1.0)
        nxt = np.minimum(lo_val, hi_val)
        average = (fixed[active] + total[active]) / count[active]
        grow = nxt < average
        idx = active[grow]
        take_left = (lo_val < hi_val)[grow]
        left[idx] = np.where(take_left, left[idx] - 1.0, left[idx])
        right[idx] = np.where(take_left, right[idx], right[idx] + 1.0)
        total[idx] += nxt[grow]
        count[idx] += 1.0
        active = idx
    return (left - 1.0).reshape(shape), count.reshape(shape)


def _exact_continuous(ltd: DemandModel, h: Any, p: Any, k: Any, rate: Any) -> tuple[Any, Any]:
    """Nested monotone search: r(Q) solves g(r) = g(r+Q); C*(Q) is convex in Q with
    derivative sign g(r(Q)+Q) - C(r(Q),Q), so bisect Q on that sign."""
    eoqb = np.sqrt(2.0 * k * rate * (h + p) / (h * p))
    shape = np.broadcast_shapes(np.shape(eoqb), ltd.batch_shape)
    lo = np.broadcast_to(0.25 * eoqb, shape).astype(np.float64)  # Q* >= EOQB (Zheng 1992)

    def rising(q: FloatArray) -> Any:
        r = _best_r(ltd, q, h, p)
        return _g(ltd, r + q, h, p) >= _cost(ltd, r, q, h, p, k, rate)

    hi = np.broadcast_to(2.0 * eoqb + 8.0 * np.asarray(ltd.std) + 1.0, shape).astype(np.float64)
    for _ in range(60):  # widen until C* is rising at hi
        up = ~rising(hi)
        if not up.any():
            break
        hi = np.where(up, 2.0 * hi, hi)
    q = _bisect(rising, lo, hi, integer=False)
    return _best_r(ltd, q, h, p), q


def rq_policy(
    holding_cost: ArrayLike,
    shortage_cost: ArrayLike,
    ordering_cost: ArrayLike,
    demand: DemandModel | Any,
    lead_time: ArrayLike | DemandModel | Any,
    *,
    method: RQMethod = "exact",
) -> RQResult:
    r"""Optimal or approximate (r,Q) policy with backorders, batched over SKUs.

    Parameters
    ----------
    holding_cost : float, array_like or Series
        h > 0 per unit held per unit time.
    shortage_cost : float, array_like or Series
        p > 0 per unit backordered per unit time.
    ordering_cost : float, array_like or Series
        K > 0 per order.
    demand : DemandModel or frozen scipy.stats distribution
        Demand per unit time (rate λ = its mean); its batch shape is the SKUs.
    lead_time : float, array_like or demand model
        Lead time L > 0 (same time unit), or its distribution.
    method : {"exact", "eoqb", "eoqss", "eil", "loss_function"}
        ``"exact"``: for integer demand Federgruen and Zheng's algorithm (exact, integer r and
        Q); for continuous demand the joint optimum of C(r,Q) by a nested monotone search
        (C*(Q) = min_r C(r,Q) is convex; to about 1e-9 relative). ``"eoqb"``: Q from the EOQ
        with backorders, r optimal for it. ``"eoqss"``: Q = EOQ,
        r = F⁻¹(p/(p+h)). ``"eil"``: the expected-inventory-level iteration
        r = F⁻¹(1 − Qh/(pλ)), Q = √(2λ(K + p n(r))/h). ``"loss_function"``: the iteration
        Q = √(2(Kλ + (h+p) n⁽²⁾(r))/h), n(r) = hQ/(h+p).

    Returns
    -------
    RQResult
        ``reorder_point, order_quantity, expected_cost`` (the exact cost of the returned
        policy) and ``method``.

    Notes
    -----
    The optimality conditions are :math:`g(r) = g(r+Q)` and :math:`g(r+Q) = C(r,Q)`; the
    loss-function approximation drops the :math:`n(r+Q)` and :math:`n^{(2)}(r+Q)` terms,
    the EIL approximation charges holding on the expected inventory level only.

    References
    ----------
    .. [1] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, chapter 5
       (Examples 5.1, 5.2, 5.5, 5.6, 5.8).
    .. [2] A. Federgruen and Y.-S. Zheng, "An efficient algorithm for computing an optimal
       (r,Q) policy in continuous review stochastic inventory systems", *Operations
       Research* 40(4), 1992, 808-813.
    .. [3] Y.-S. Zheng, "On properties of stochastic inventory systems", *Management Science*
       38(1), 1992, 87-103.

    Examples
    --------
    >>> from opsmodels.inventory import Normal, Poisson
    >>> r = rq_policy(20, 150, 100, Poisson(1.5), 2)
    >>> r.reorder_point, r.order_quantity, round(r.expected_cost, 4)
    (3.0, 5.0, 107.9236)
    >>> r = rq_policy(0.225, 7.5, 8, Normal(1300, 150), 1 / 12, method="loss_function")
    >>> round(r.reorder_point, 2), round(r.order_quantity, 2)
    (126.87, 328.45)
    """
    func = "rq_policy"
    check(func, "method", method, OneOf(*_METHODS))
    kind, h, p, k, rate, ltd = _setup(
        func, holding_cost, shortage_cost, ordering_cost, demand, lead_time
    )
    if np.any(rate <= 0):
        raise invalid(func, "demand", "a model with positive mean demand", demand)
    integer = ltd.discrete
    if method == "exact":
        if integer:
            r, q = _exact_discrete(ltd, h, p, k, rate)
        else:
            r, q = _exact_continuous(ltd, h, p, k, rate)
    elif method == "eoqb":
        q = np.sqrt(2.0 * k * rate * (h + p) / (h * p))
        if integer:
            q = np.maximum(np.round(q), 1.0)
        r = _best_r(ltd, q, h, p)
    elif method == "eoqss":
        q = np.sqrt(2.0 * k * rate / h)
        if integer:
            q = np.maximum(np.round(q), 1.0)
        r = np.asarray(ltd.ppf(p / (p + h)), dtype=np.float64)
    elif method == "eil":
        q = np.sqrt(2.0 * k * rate / h)
        for _ in range(200):
            r = np.asarray(ltd.ppf(np.clip(1.0 - q * h / (p * rate), 0.0, 1.0 - 1e-15)))
            new_q = np.sqrt(2.0 * rate * (k + p * np.asarray(ltd.loss(r))) / h)
            done = np.all(np.abs(new_q - q) <= 1e-10 * new_q)
            q = new_q
            if done:
                break
        if integer:
            q = np.maximum(np.round(q), 1.0)
        r = np.asarray(ltd.ppf(np.clip(1.0 - q * h / (p * rate), 0.0, 1.0 - 1e-15)))
    else:  # loss_function
        q = np.sqrt(2.0 * k * rate / h)
        for _ in range(200):
            r = _smallest_level(ltd, np.asarray(h * q / (h + p)))
            new_q = np.sqrt(2.0 * (k * rate + (h + p) * np.asarray(ltd.loss2(r))) / h)
            done = np.all(np.abs(new_q - q) <= 1e-10 * new_q)
            q = new_q
            if done:
                break
        if integer:
            q = np.maximum(np.round(q), 1.0)
        r = _smallest_level(ltd, np.asarray(h * q / (h + p)))
    cost = _cost(ltd, r, q, h, p, k, rate)
    return RQResult(
        reorder_point=kind(r), order_quantity=kind(q), expected_cost=kind(cost), method=method
    )
