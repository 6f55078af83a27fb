r"""Vectorized Monte Carlo simulation of single-stage inventory policies over many SKUs.

Every SKU and every replication is simulated at once (state arrays of shape replications x
SKUs); the only Python loop is over periods. Timeline of period t (Snyder and Shen's periodic
review convention, so that a base-stock level covers demand over L + 1 periods):

1. orders due in period t arrive and clear backorders first;
2. the policy reviews the inventory position (on hand + on order - backorders) and orders;
   an order placed in period t arrives at the start of period t + L;
3. demand is met from stock; the rest is backordered (``backorders=True``) or lost;
4. costs are charged: holding h per unit on hand at the end of the period, shortage p per unit
   backordered at the end of the period (backorders) or per unit lost (lost sales), and K per
   order placed.

Random lead times are drawn independently for each order, so orders may cross (a later order
can arrive first), as in the usual model of independent lead times.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from opsmodels._numeric import NONNEGATIVE, POSITIVE, REAL, Kind, as_array
from opsmodels._results import Plottable, Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import InstanceOf, Interval, as_generator, as_scalar, check, invalid
from opsmodels.inventory._demand import DemandModel, Normal, Poisson, _is_scipy, demand_model

__all__ = ["RQ", "SS", "BaseStock", "PeriodicReview", "SimulationResult", "simulate"]

_ESTIMATES = (
    "total_cost",
    "holding_cost",
    "shortage_cost",
    "ordering_cost",
    "fill_rate",
    "cycle_service_level",
    "average_on_hand",
    "average_backorders",
    "average_lost_sales",
    "order_frequency",
)
_POLICY_HELP = "a BaseStock, RQ, SS or PeriodicReview policy (or a result with its fields)"


@dataclass(frozen=True, slots=True)
class BaseStock:
    """Order up to ``order_up_to`` (S) every period.

    Examples
    --------
    >>> BaseStock(56.6)
    BaseStock(order_up_to=56.6)
    """

    order_up_to: ArrayLike


@dataclass(frozen=True, slots=True)
class RQ:
    """(r,Q): when the inventory position is at or below r, order the smallest multiple of Q
    that lifts it above r.

    Examples
    --------
    >>> RQ(3, 5)
    RQ(reorder_point=3, order_quantity=5)
    """

    reorder_point: ArrayLike
    order_quantity: ArrayLike


@dataclass(frozen=True, slots=True)
class SS:
    """(s,S): when the inventory position is at or below s, order up to S.

    Examples
    --------
    >>> SS(10, 40)
    SS(reorder_point=10, order_up_to=40)
    """

    reorder_point: ArrayLike
    order_up_to: ArrayLike


@dataclass(frozen=True, slots=True)
class PeriodicReview:
    """(R,S): every R periods (periods 0, R, 2R, ...), order up to S.

    Examples
    --------
    >>> PeriodicReview(4, 120.0)
    PeriodicReview(review_period=4, order_up_to=120.0)
    """

    review_period: int
    order_up_to: ArrayLike


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulationResult(Result, Plottable):
    """Long-run averages per SKU estimated by simulation, with confidence intervals.

    Every per-SKU field is a float (one SKU), an ndarray or a Series (SKUs of a Series
    argument); ``intervals[name]`` is the (low, high) confidence interval of field ``name``
    across replications (Student t).

    Attributes
    ----------
    total_cost, holding_cost, shortage_cost, ordering_cost
        Average cost per period [money/period].
    fill_rate
        Fraction of demand met from stock on arrival (type-2 service level).
    cycle_service_level
        Fraction of periods with no stockout (type-1 service level per review period).
    average_on_hand
        Mean on-hand inventory at the end of a period [units].
    average_backorders
        Mean backorders at the end of a period [units] (0 with lost sales).
    average_lost_sales
        Mean units lost per period [units] (0 with backorders).
    order_frequency
        Fraction of periods in which an order is placed.
    intervals : dict
        Confidence intervals keyed by field name.
    inventory_position_trace, inventory_level_trace : ndarray
        Inventory position (after ordering) and inventory level (on hand - backorders, end of
        period) of the first SKU in the first replication, every period including warm-up,
        for plotting.
    periods, warmup, replications : int
    confidence : float
    """

    total_cost: Any
    holding_cost: Any
    shortage_cost: Any
    ordering_cost: Any
    fill_rate: Any
    cycle_service_level: Any
    average_on_hand: Any
    average_backorders: Any
    average_lost_sales: Any
    order_frequency: Any
    intervals: dict[str, tuple[Any, Any]]
    inventory_position_trace: FloatArray
    inventory_level_trace: FloatArray
    periods: int
    warmup: int
    replications: int
    confidence: float

    def to_frame(self) -> pd.DataFrame:
        """One row per SKU with the estimates (the traces and intervals left out).

        Examples
        --------
        >>> from opsmodels.inventory import Poisson
        >>> r = simulate(BaseStock(8.0), Poisson(4.0), periods=100, lead_time=1,
        ...              holding_cost=1.0, shortage_cost=9.0, replications=2, rng=0)
        >>> r.to_frame().shape
        (1, 10)
        """
        values = {name: np.atleast_1d(np.asarray(getattr(self, name))) for name in _ESTIMATES}
        index = self.total_cost.index if isinstance(self.total_cost, pd.Series) else None
        return pd.DataFrame(values, index=index)


def _policy(func: str, policy: object) -> tuple[str, list[tuple[str, object]], int]:
    """Kind of policy and its named numeric parameters (results of the optimizers accepted)."""
    if isinstance(policy, BaseStock):
        return "base", [("order_up_to", policy.order_up_to)], 1
    if isinstance(policy, RQ):
        return (
            "rq",
            [("reorder_point", policy.reorder_point), ("order_quantity", policy.order_quantity)],
            1,
        )
    if isinstance(policy, SS):
        return (
            "ss",
            [("reorder_point", policy.reorder_point), ("order_up_to", policy.order_up_to)],
            1,
        )
    if isinstance(policy, PeriodicReview):
        review = policy.review_period
        check(func, "policy", review, Interval(1, None, integer=True))
        return "base", [("order_up_to", policy.order_up_to)], int(review)
    fields = {
        name: getattr(policy, name)
        for name in ("reorder_point", "order_quantity", "order_up_to")
        if getattr(policy, name, None) is not None
    }
    if isinstance(policy, Result):
        if {"reorder_point", "order_quantity"} <= fields.keys():
            return _policy(func, RQ(fields["reorder_point"], fields["order_quantity"]))
        if {"reorder_point", "order_up_to"} <= fields.keys():
            return _policy(func, SS(fields["reorder_point"], fields["order_up_to"]))
        if "order_up_to" in fields:
            return _policy(func, BaseStock(fields["order_up_to"]))
    raise invalid(func, "policy", _POLICY_HELP, policy)


class _Sampler:
    """Draws of a demand model for shape (replications, SKUs), by the fastest exact route."""

    def __init__(self, model: DemandModel, skus: int) -> None:
        self.model = model
        self.skus = skus

    def __call__(self, rng: np.random.Generator, reps: int) -> FloatArray:
        shape = (reps, self.skus)
        m = self.model
        if isinstance(m, Normal):
            mean = np.broadcast_to(np.asarray(m.mean, dtype=np.float64), (self.skus,))
            std = np.broadcast_to(np.asarray(m.std, dtype=np.float64), (self.skus,))
            return np.maximum(rng.normal(mean, std, size=shape), 0.0)
        if isinstance(m, Poisson):
            mean = np.broadcast_to(np.asarray(m.mean, dtype=np.float64), (self.skus,))
            return rng.poisson(mean, size=shape).astype(np.float64)
        u = rng.random(shape)
        batch = m.batch_shape
        if batch == ():
            return np.asarray(m.ppf(u), dtype=np.float64)
        return np.asarray(m.ppf(u), dtype=np.float64).reshape(shape)


def _interval(samples: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Mean over replications (axis 0) and its Student-t interval."""
    reps = samples.shape[0]
    mean = samples.mean(axis=0)
    if reps < 2:
        return mean, np.full_like(mean, -np.inf), np.full_like(mean, np.inf)
    sem = samples.std(axis=0, ddof=1) / math.sqrt(reps)
    half = float(stats.t.ppf(0.5 + 0.5 * confidence, reps - 1)) * sem
    return mean, mean - half, mean + half


def _bar(done: int, total: int) -> None:
    width = 40
    filled = int(width * done / total)
    sys.stderr.write(f"\rsimulate [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def simulate(
    policy: BaseStock | RQ | SS | PeriodicReview | Result,
    demand: DemandModel | Any,
    *,
    periods: int,
    lead_time: ArrayLike | DemandModel | Any,
    holding_cost: ArrayLike,
    shortage_cost: ArrayLike,
    ordering_cost: ArrayLike = 0.0,
    backorders: bool = True,
    replications: int = 30,
    warmup: int | None = None,
    confidence: float = 0.95,
    rng: np.random.Generator | int | None = None,
    progress: bool = False,
) -> SimulationResult:
    r"""Monte Carlo simulation of an inventory policy for many SKUs at once.

    Parameters
    ----------
    policy : BaseStock, RQ, SS, PeriodicReview or a policy result
        The policy; its parameters broadcast over SKUs. Results of :func:`newsvendor`
        (``order_up_to``), :func:`rq_policy` and :func:`ss_policy` are accepted as they are.
    demand : DemandModel or frozen scipy.stats distribution
        Demand per period; its batch shape (``()`` or ``(n,)``) is the SKUs. Normal draws are
        truncated at 0.
    periods : int
        Periods simulated after the warm-up (>= 1).
    lead_time : int, array_like or demand model
        Lead time in whole periods >= 0 (per SKU), or the distribution of a random integer
        lead time drawn for each order (orders may cross).
    holding_cost, shortage_cost : float or array_like
        h >= 0 per unit on hand per period; p >= 0 per unit backordered per period
        (backorders) or per unit lost (lost sales).
    ordering_cost : float or array_like
        K >= 0 per order placed.
    backorders : bool
        True: unmet demand is backordered; False: it is lost.
    replications : int
        Independent replications (>= 1; the intervals need >= 2).
    warmup : int, optional
        Periods discarded at the start of each replication (default ``periods // 10``).
    confidence : float
        Level of the confidence intervals, in (0, 1).
    rng : numpy Generator, int or None
        Seed or generator; the same seed gives the same result.
    progress : bool
        Show a text progress bar on stderr.

    Returns
    -------
    SimulationResult

    Raises
    ------
    InvalidInputError
        Unknown policy, negative costs or lead times, shapes that do not broadcast,
        non-positive counts.

    Notes
    -----
    Each replication starts with the inventory at the policy's top level (S, or r + Q) and
    nothing on order. The estimate of each field is the mean over replications of its
    per-replication average; the interval is :math:`\bar x \pm t_{R-1}\, s/\sqrt R`.

    References
    ----------
    .. [1] L. V. Snyder and Z.-J. M. Shen, *Fundamentals of Supply Chain Theory*, 2nd ed.,
       Wiley, 2019, chapters 4-5 and section 11.2 (simulation of inventory systems).
    .. [2] A. M. Law, *Simulation Modeling and Analysis*, 5th ed., McGraw-Hill, 2015,
       section 9.4 (replication/deletion confidence intervals).

    Examples
    --------
    Base stock at the newsvendor level (Snyder and Shen's Example 4.3, expected cost 1.9976):

    >>> from opsmodels.inventory import Normal
    >>> r = simulate(BaseStock(56.6), Normal(50, 8), periods=2000, lead_time=0,
    ...              holding_cost=0.18, shortage_cost=0.70, replications=20, rng=1)
    >>> lo, hi = r.intervals["total_cost"]
    >>> bool(lo < 1.9976 < hi), round(r.fill_rate, 2)
    (True, 0.98)
    """
    func = "simulate"
    kind_name, params, review = _policy(func, policy)
    model = demand_model(demand, func, "demand")
    for name, value, spec in (
        ("periods", periods, Interval(1, None, integer=True)),
        ("replications", replications, Interval(1, None, integer=True)),
    ):
        check(func, name, value, [InstanceOf(int, name="an int")])
        check(func, name, value, spec)
    check(func, "backorders", backorders, InstanceOf(bool, name="a bool"))
    check(func, "progress", progress, InstanceOf(bool, name="a bool"))
    if warmup is None:
        warm = periods // 10
    else:
        check(func, "warmup", warmup, InstanceOf(int, name="an int"))
        check(func, "warmup", warmup, Interval(0, None, integer=True))
        warm = int(warmup)
    level = as_scalar(func, "confidence", confidence, Interval(0, 1, closed="neither"))
    generator = as_generator(func, rng)

    arrays = {name: as_array(func, name, value, REAL) for name, value in params}
    if "order_quantity" in arrays:
        check(func, "policy", params[1][1], POSITIVE)
    h = as_array(func, "holding_cost", holding_cost, NONNEGATIVE)
    p = as_array(func, "shortage_cost", shortage_cost, NONNEGATIVE)
    k = as_array(func, "ordering_cost", ordering_cost, NONNEGATIVE)
    random_lead = isinstance(lead_time, DemandModel) or _is_scipy(lead_time)
    if random_lead:
        lead_model = demand_model(lead_time, func, "lead_time")
        if not lead_model.discrete or lead_model.batch_shape != ():
            raise invalid(
                func, "lead_time", "a model of whole-number lead times (one item)", lead_time
            )
        lead_max = int(lead_model.ppf(1.0 - 1e-12))
        lead_arr = np.zeros(())
    else:
        lead_arr = as_array(func, "lead_time", lead_time, Interval(0, None, integer=True))
        lead_max = int(lead_arr.max()) if lead_arr.size else 0
    named: dict[str, object] = dict(params)
    named.update(
        holding_cost=holding_cost,
        shortage_cost=shortage_cost,
        ordering_cost=ordering_cost,
        lead_time=0.0 if random_lead else lead_time,
        demand=np.broadcast_to(0.0, model.batch_shape),
    )
    kind = Kind(func, list(named), list(named.values()), model.index)
    if len(kind.shape) > 1:
        raise invalid(func, "demand", "one SKU or a 1-D batch of SKUs", f"<shape {kind.shape}>")
    skus = math.prod(kind.shape)

    def per_sku(a: FloatArray) -> FloatArray:
        return np.broadcast_to(a, kind.shape).reshape(skus)

    top = per_sku(arrays.get("order_up_to", np.zeros(())))
    r_pt = per_sku(arrays.get("reorder_point", np.zeros(())))
    q_lot = per_sku(arrays.get("order_quantity", np.ones(())))
    start = r_pt + q_lot if kind_name == "rq" else top
    hh, pp, kk = per_sku(h), per_sku(p), per_sku(k)
    lead_sku = np.broadcast_to(per_sku(lead_arr), (replications, skus)).astype(np.int64)
    sample = _Sampler(model, skus)

    reps = replications
    width = lead_max + 1
    pipeline = np.zeros((width, reps, skus))  # arrivals by period modulo width
    on_hand = np.broadcast_to(start, (reps, skus)).astype(np.float64).copy()
    on_hand = np.maximum(on_hand, 0.0)
    backlog = np.zeros((reps, skus))
    on_order = np.zeros((reps, skus))
    sums = {
        name: np.zeros((reps, skus))
        for name in (
            "holding",
            "shortage",
            "ordering",
            "on_hand",
            "backorders",
            "lost",
            "orders",
            "ok",
        )
    }
    demand_total = np.zeros((reps, skus))
    filled_total = np.zeros((reps, skus))
    total_periods = warm + periods
    trace_ip = np.empty(total_periods)
    trace_il = np.empty(total_periods)
    rows = np.arange(reps)[:, None]
    cols = np.arange(skus)[None, :]
    step = max(total_periods // 50, 1)
    for t in range(total_periods):
        slot = t % width
        arriving = pipeline[slot]
        on_hand += arriving
        on_order -= arriving
        pipeline[slot] = 0.0
        position = on_hand - backlog + on_order
        if kind_name == "base":
            qty = np.maximum(top - position, 0.0) if t % review == 0 else np.zeros_like(position)
        elif kind_name == "rq":
            lots = np.floor((r_pt - position) / q_lot) + 1.0
            qty = np.where(position <= r_pt, lots * q_lot, 0.0)
        else:
            qty = np.where(position <= r_pt, top - position, 0.0)
        ordered = qty > 0
        if random_lead:
            lag = np.minimum(_sample_lead(lead_model, generator, (reps, skus)), lead_max)
        else:
            lag = lead_sku
        if lead_max == 0:
            on_hand += qty
        else:
            now = lag == 0
            on_hand += np.where(now, qty, 0.0)
            later = np.where(now, 0.0, qty)
            pipeline[(t + lag) % width, rows, cols] += later  # one order per cell and period
            on_order += later
        position = position + qty
        cleared = np.minimum(on_hand, backlog)  # receipts clear backorders first
        on_hand -= cleared
        backlog -= cleared
        d = sample(generator, reps)
        filled = np.minimum(d, on_hand)
        on_hand -= filled
        short = d - filled
        if backorders:
            backlog += short
            lost = np.zeros_like(short)
            shortage = pp * backlog
        else:
            lost = short
            shortage = pp * lost
        trace_ip[t] = position[0, 0]
        trace_il[t] = on_hand[0, 0] - backlog[0, 0]
        if t >= warm:
            sums["holding"] += hh * on_hand
            sums["shortage"] += shortage
            sums["ordering"] += kk * ordered
            sums["on_hand"] += on_hand
            sums["backorders"] += backlog
            sums["lost"] += lost
            sums["orders"] += ordered
            sums["ok"] += short <= 0
            demand_total += d
            filled_total += filled
        if progress and ((t + 1) % step == 0 or t + 1 == total_periods):
            _bar(t + 1, total_periods)

    per_rep = {name: value / periods for name, value in sums.items()}
    with np.errstate(invalid="ignore", divide="ignore"):
        fill = np.where(
            demand_total > 0, filled_total / np.where(demand_total > 0, demand_total, 1.0), 1.0
        )
    samples = {
        "total_cost": per_rep["holding"] + per_rep["shortage"] + per_rep["ordering"],
        "holding_cost": per_rep["holding"],
        "shortage_cost": per_rep["shortage"],
        "ordering_cost": per_rep["ordering"],
        "fill_rate": fill,
        "cycle_service_level": per_rep["ok"],
        "average_on_hand": per_rep["on_hand"],
        "average_backorders": per_rep["backorders"],
        "average_lost_sales": per_rep["lost"],
        "order_frequency": per_rep["orders"],
    }
    values: dict[str, Any] = {}
    intervals: dict[str, tuple[Any, Any]] = {}
    for name, sample_values in samples.items():
        mean, low, high = _interval(sample_values, level)
        values[name] = kind(mean.reshape(kind.shape))
        intervals[name] = (kind(low.reshape(kind.shape)), kind(high.reshape(kind.shape)))
    return SimulationResult(
        **values,
        intervals=intervals,
        inventory_position_trace=trace_ip,
        inventory_level_trace=trace_il,
        periods=periods,
        warmup=warm,
        replications=reps,
        confidence=level,
    )


def _sample_lead(model: DemandModel, rng: np.random.Generator, shape: tuple[int, int]) -> Any:
    """Whole-number lead times drawn from ``model``."""
    if isinstance(model, Poisson):
        return rng.poisson(float(model.mean), size=shape)
    return np.asarray(model.ppf(rng.random(shape)), dtype=np.float64).astype(np.int64)
