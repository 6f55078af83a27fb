r"""Periodic-review (s,S) policies with backorders: exact expected cost of any (s,S), the exact
optimum for integer demand (Zheng-Federgruen, batched over SKUs) and the power approximation.

Model (Zheng & Federgruen 1991; Snyder & Shen, section 4.6): at the start of each period the
inventory position x is reviewed; if x <= s an order brings it up to S at fixed cost K. An
order arrives after L periods; holding cost h and backorder cost p are charged per unit on the
inventory level at the end of each period. With :math:`D_{L+1}` the demand over L + 1
periods, the expected end-of-period cost of position y is the newsvendor function
:math:`G(y) = h\,E[(y-D_{L+1})^+] + p\,E[(D_{L+1}-y)^+]`, and the expected cost per period is

.. math::

    c(s,S) = \frac{K + \sum_{j=0}^{S-s-1} m(j)\,G(S-j)}{M(S-s)},

where :math:`m(0) = 1/(1-p_0)`, :math:`m(j) = \sum_{l=1}^{j} p_l\,m(j-l)/(1-p_0)` is the
renewal function of one period's demand (:math:`p_l = P(D_1 = l)`) and
:math:`M(j) = \sum_{i<j} m(i)` the expected number of periods between orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import special

from opsmodels._numeric import POSITIVE, REAL, Kind, as_array
from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import Interval, OneOf, check, describe, invalid
from opsmodels.inventory._demand import DemandModel, Discrete, _lattice_table, demand_model
from opsmodels.inventory._rq import _bisect, _g

__all__ = ["SSResult", "ss_cost", "ss_policy"]

SSMethod = Literal["exact", "power"]
_LEAD = Interval(0, None, integer=True)
_MAX_STEPS = 200_000  # lattice points per SKU in a cost evaluation or a search window
_GRID = 40.0  # lattice steps per demand standard deviation for continuous demand (cost only)


@dataclass(frozen=True, slots=True, kw_only=True)
class SSResult(Result):
    """(s,S) policy and its expected cost per period, per SKU.

    Attributes
    ----------
    reorder_point : float, ndarray or Series
        s: order when the inventory position is at or below s [units].
    order_up_to : float, ndarray or Series
        S: the order brings the inventory position up to S [units].
    expected_cost : float, ndarray or Series
        c(s,S): expected holding, backorder and ordering cost per period of the returned
        policy (exact for integer demand; for continuous demand computed on a fine lattice,
        see :func:`ss_cost`).
    method : str
        The method used.
    """

    reorder_point: Any
    order_up_to: Any
    expected_cost: Any
    method: str


# --- shared machinery ---------------------------------------------------------------------


def _renewal(pmf: FloatArray, width: int) -> FloatArray:
    """m(0..width) per row of a one-period pmf table on 0, 1, 2, ... (rows = SKUs)."""
    rows = pmf.shape[0]
    support = np.flatnonzero(np.any(pmf > 0.0, axis=0))
    top = int(support[-1]) if support.size else 0  # demand beyond it has no mass
    m = np.zeros((rows, width + 1))
    rest = np.maximum(1.0 - pmf[:, 0], 1e-300)
    m[:, 0] = 1.0 / rest
    for j in range(1, width + 1):  # O(width * min(width, top)), vectorized over SKUs
        k = min(j, top)
        recent = m[:, j - k : j][:, ::-1]  # m(j-1), ..., m(j-k)
        m[:, j] = np.einsum("ij,ij->i", pmf[:, 1 : k + 1], recent) / rest
    return m


class _Cost:
    """Expected cost per period of the position y after a review, averaged over the R periods
    of a review cycle: G(y) = (1/R) sum_t [h E(y - D_{L+t})^+ + p E(D_{L+t} - y)^+]."""

    def __init__(self, models: list[DemandModel], h: FloatArray, p: FloatArray) -> None:
        self.models, self.h, self.p = models, h, p

    def at(self, rows: Any, y: FloatArray) -> FloatArray:
        """G of SKUs ``rows`` at points ``y`` (same shape, 1-D)."""
        total = sum(_g(m._select(rows), y, self.h[rows], self.p[rows]) for m in self.models)
        return np.asarray(total, dtype=np.float64) / len(self.models)

    def grid(self, grid: FloatArray) -> FloatArray:
        """G on a (SKUs, points) grid."""
        total = sum(_g_rows(m, grid, self.h, self.p) for m in self.models)
        return np.asarray(total, dtype=np.float64) / len(self.models)

    def mean(self, which: int) -> FloatArray:
        return np.broadcast_to(
            np.asarray(self.models[which].mean, dtype=np.float64), self.h.shape
        ).astype(np.float64)

    def argmin(self) -> FloatArray:
        """Smallest integer minimizer of G: the mean cdf of the D_{L+t} reaches p/(p+h)."""
        ratio = self.p / (self.p + self.h)
        quantiles = [
            np.broadcast_to(np.asarray(m.ppf(ratio), dtype=np.float64), self.h.shape)
            for m in self.models
        ]
        if len(self.models) == 1:
            return quantiles[0].copy()
        lo = np.floor(np.min(quantiles, axis=0)) - 1.0
        hi = np.ceil(np.max(quantiles, axis=0))

        def enough(y: FloatArray) -> Any:
            rows = np.arange(y.size)
            cdfs = [np.asarray(m._select(rows)._cdf(y)) for m in self.models]
            return np.mean(cdfs, axis=0) >= ratio

        return _bisect(enough, lo, hi, integer=True)


class _Lattice:
    """Per-SKU tables on a lattice y = base + step * t (t = 0..width): G(y) and m, M."""

    def __init__(
        self,
        one: DemandModel,
        cost: _Cost,
        base: FloatArray,
        width: int,
        step: FloatArray | None,
    ) -> None:
        n = base.size
        self.base, self.width = base, width
        t = np.arange(width + 1.0)
        self.step = np.ones(n) if step is None else step
        self.cost = cost
        grid = base[:, None] + self.step[:, None] * t  # (n, width + 1)
        self.G = cost.grid(grid)
        self.m = _renewal(_pmf_rows(one, n, width, step), width)
        self.M = np.concatenate([np.zeros((n, 1)), np.cumsum(self.m, axis=1)], axis=1)

    def g(self, rows: Any, t: FloatArray) -> FloatArray:
        """G at lattice positions t of SKUs rows (direct evaluation outside the table)."""
        ti = t.astype(np.int64)
        inside = (ti >= 0) & (ti <= self.width)
        out = np.empty(ti.shape)
        out[inside] = self.G[rows[inside], ti[inside]]
        if not inside.all():
            r = rows[~inside]
            y = self.base[r] + self.step[r] * t[~inside]
            out[~inside] = self.cost.at(r, y)
        return out

    def numerator(self, rows: Any, ts: FloatArray, d: FloatArray) -> FloatArray:
        """sum_{j<d} m(j) G(base + step (ts - j)) for each SKU (ts, d lattice integers)."""
        if rows.size == 0:
            return np.zeros(0)
        depth = int(d.max())
        j = np.arange(depth)
        pos = ts[:, None] - j[None, :]
        mask = j[None, :] < d[:, None]
        pos_c = np.clip(pos, 0, self.width).astype(np.int64)
        vals = self.G[rows[:, None], pos_c]
        if np.any(mask & ((pos < 0) | (pos > self.width))):
            bad = mask & ((pos < 0) | (pos > self.width))
            rr = np.broadcast_to(rows[:, None], pos.shape)[bad]
            vals[bad] = self.g(rr, pos[bad].astype(np.float64))
        return np.asarray(
            np.sum(
                np.where(mask, self.m[rows[:, None], np.minimum(j, self.width)] * vals, 0.0), axis=1
            )
        )


def _rows_model(model: DemandModel, n: int, k: int) -> DemandModel:
    """The flat model (batch (n,) or ()) repeated k times per SKU, for an (n, k) grid."""
    return model._select(np.repeat(np.arange(n), k))


def _g_rows(ltd: DemandModel, grid: FloatArray, h: FloatArray, p: FloatArray) -> FloatArray:
    """G on a (SKUs, points) grid for a flat model of batch shape (SKUs,) or ()."""
    n, k = grid.shape
    flat = _rows_model(ltd, n, k)
    return _g(flat, grid.ravel(), np.repeat(h, k), np.repeat(p, k)).reshape(n, k)


def _pmf_rows(one: DemandModel, n: int, width: int, step: FloatArray | None) -> FloatArray:
    """One-period pmf on the lattice 0, step, 2 step, ... (lengths width + 1), rows = SKUs."""
    if step is None:
        upper = max(width, int(one._upper()) if isinstance(one, Discrete) else width)
        table = _lattice_table(one, upper)[..., : width + 1]
        table = np.broadcast_to(table.reshape(-1, table.shape[-1]), (n, table.shape[-1]))
        out = np.zeros((n, width + 1))
        out[:, : table.shape[1]] = table
        return out
    # continuous demand: mass of ((k - 1/2) step, (k + 1/2) step] at k step (negative mass at 0)
    edges = (np.arange(width + 1.0) + 0.5)[None, :] * step[:, None]
    cdf = _rows_model(one, n, width + 1)._cdf(edges.ravel()).reshape(n, width + 1)
    return np.diff(np.concatenate([np.zeros((n, 1)), cdf], axis=1), axis=1)


def _flat(
    func: str,
    holding: object,
    shortage: object,
    ordering: object,
    demand: object,
    lead_time: object,
    review_period: object,
    extra: dict[str, object],
) -> tuple[Kind, tuple[int, ...], FloatArray, FloatArray, FloatArray, DemandModel, _Cost]:
    model = demand_model(demand, func, "demand")
    h = as_array(func, "holding_cost", holding, POSITIVE)
    p = as_array(func, "shortage_cost", shortage, POSITIVE)
    k = as_array(func, "ordering_cost", ordering, POSITIVE)
    check(func, "lead_time", lead_time, _LEAD)
    lead = int(np.max(np.asarray(lead_time, dtype=np.float64), initial=0.0))
    if np.asarray(lead_time, dtype=np.float64).ndim != 0:
        raise invalid(
            func, "lead_time", "a whole number of periods >= 0 (one for all SKUs)", lead_time
        )
    check(func, "review_period", review_period, Interval(1, None, integer=True))
    if np.asarray(review_period, dtype=np.float64).ndim != 0:
        raise invalid(func, "review_period", "one whole number for every SKU", review_period)
    big_r = int(np.asarray(review_period, dtype=np.float64))
    if np.any(np.asarray(model.mean) <= 0):
        raise invalid(func, "demand", "a model with positive mean demand", demand)
    named: dict[str, object] = dict(extra)
    named.update(
        holding_cost=holding,
        shortage_cost=shortage,
        ordering_cost=ordering,
        demand=np.broadcast_to(0.0, model.batch_shape),
    )
    kind = Kind(func, list(named), list(named.values()), model.index)
    shape = kind.shape
    n = int(np.prod(shape, dtype=np.int64))
    rows = np.broadcast_to(
        np.arange(int(np.prod(model.batch_shape, dtype=np.int64))).reshape(model.batch_shape), shape
    ).ravel()
    one = model._select(rows)
    cycle = one.over(big_r) if big_r > 1 else one
    models = [one.over(lead + t) if lead + t > 1 else one for t in range(1, big_r + 1)]
    hf = np.broadcast_to(h, shape).ravel().astype(np.float64)
    pf = np.broadcast_to(p, shape).ravel().astype(np.float64)
    kf = np.broadcast_to(k, shape).ravel().astype(np.float64) / big_r
    del n
    return kind, shape, hf, pf, kf, cycle, _Cost(models, hf, pf)


def _policy_cost(
    one: DemandModel,
    cost: _Cost,
    k: FloatArray,
    s: FloatArray,
    big_s: FloatArray,
) -> FloatArray:
    """c(s,S) per SKU (flat arrays); continuous demand on a lattice of sigma/_GRID steps."""
    n = k.size
    if one.discrete:
        step = None
        d = (big_s - s).astype(np.int64)
        base = s + 1.0
        ts = (big_s - base).astype(np.float64)
    else:
        sd = np.broadcast_to(np.asarray(one.std, dtype=np.float64), (n,))
        stp = np.where(
            sd > 0,
            sd / _GRID,
            np.maximum(np.abs(np.broadcast_to(np.asarray(one.mean), (n,))), 1.0) / _GRID,
        )
        step = np.asarray(np.minimum(stp, (big_s - s) / 4.0), dtype=np.float64)
        d = np.maximum(np.round((big_s - s) / step), 1.0).astype(np.int64)
        step = (big_s - s) / d
        base = big_s - (d - 1) * step
        ts = (d - 1).astype(np.float64)
    width = int(d.max())
    if width > _MAX_STEPS:
        raise invalid(
            "ss_cost",
            "order_up_to",
            f"at most {_MAX_STEPS} lattice steps above reorder_point (integer demand: units; "
            "continuous demand: steps of std/40)",
            f"<a gap of {width} steps>",
        )
    lat = _Lattice(one, cost, base, width, step)
    rows = np.arange(n)
    num = k + lat.numerator(rows, ts, d.astype(np.float64))
    return np.asarray(num / lat.M[rows, d])


# --- exact optimization ---------------------------------------------------------------------


def _zheng_federgruen(
    one: DemandModel, cost_fn: _Cost, k: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Zheng & Federgruen's search, every SKU stepping together (integer demand)."""
    h, p = cost_fn.h, cost_fn.p
    n = h.size
    rows = np.arange(n)
    ystar = cost_fn.argmin()
    g_star = cost_fn.at(rows, ystar)
    bound = k + g_star  # c(y* - 1, y*) <= K + G(y*) bounds the optimal cost
    # G(y) >= p (E D_{L+1} - y) and G(y) >= h (y - E D_{L+R})
    lo = np.floor(np.minimum(cost_fn.mean(0) - bound / p, ystar - 1.0)) - 2.0
    hi = np.ceil(np.maximum(cost_fn.mean(-1) + bound / h, ystar + 1.0)) + 2.0
    width = int(np.max(hi - lo))
    if width > _MAX_STEPS:
        raise invalid(
            "ss_policy",
            "ordering_cost",
            f"small enough that the search window (K + G(y*))(1/h + 1/p) spans at most "
            f"{_MAX_STEPS} demand units",
            f"<a window of {width} units>",
        )
    lat = _Lattice(one, cost_fn, lo, width, None)
    tstar = ystar - lo  # lattice position of y*

    # phase 1: lower s from y* - 1 until c(s, y*) <= G(s)
    ts = tstar - 1.0  # position of s
    num = k + lat.g(rows, tstar) * lat.m[:, 0]
    depth = np.ones(n, dtype=np.int64)  # S - s
    active = rows
    while active.size:
        c = num[active] / lat.M[active, depth[active]]
        go = c > lat.g(active, ts[active])
        active = active[go]
        if not active.size:
            break
        # s -> s - 1 adds the term m(S - s) G(s)
        num[active] += lat.m[active, np.minimum(depth[active], width)] * lat.g(active, ts[active])
        depth[active] += 1
        ts[active] -= 1.0
    t_s = ts.copy()
    t_best = tstar.copy()
    cost = num / lat.M[rows, depth]

    # phase 2: raise S while G(S) <= current best cost
    t_up = tstar + 1.0
    active = rows[lat.g(rows, t_up) <= cost]
    while active.size:
        d = (t_up[active] - t_s[active]).astype(np.int64)
        c = (k[active] + lat.numerator(active, t_up[active], d.astype(np.float64))) / lat.M[
            active, np.minimum(d, width + 1)
        ]
        better = c < cost[active]
        idx = active[better]
        if idx.size:
            t_best[idx] = t_up[idx]
            # raise s while c(s, S) <= G(s + 1)
            dd = (t_best[idx] - t_s[idx]).astype(np.int64)
            nm = k[idx] + lat.numerator(idx, t_best[idx], dd.astype(np.float64))
            move = idx
            sub = np.arange(idx.size)
            while move.size:
                cc = nm[sub] / lat.M[move, dd[sub]]
                up = cc <= lat.g(move, t_s[move] + 1.0)
                up &= dd[sub] > 1
                move, sub = move[up], sub[up]
                if not move.size:
                    break
                # s -> s + 1 removes the term m(S - s - 1) G(s + 1)
                nm[sub] -= lat.m[move, dd[sub] - 1] * lat.g(move, t_s[move] + 1.0)
                dd[sub] -= 1
                t_s[move] += 1.0
            cost[idx] = nm / lat.M[idx, dd]
        t_up[active] += 1.0
        active = active[lat.g(active, t_up[active]) <= cost[active]]
    return lo + t_s, lo + t_best, cost


# --- power approximation ----------------------------------------------------------------------


def _power(
    one: DemandModel, protect: DemandModel, h: FloatArray, p: FloatArray, k: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Ehrhardt-Mosier revised power approximation (s_p, S_p) with the Q_p/mu <= 1.5 rule;
    ``one`` is the demand of a review cycle, ``protect`` that of L + R periods, ``k/h`` the
    fixed cost over the holding cost of a review cycle."""
    mu = np.asarray(one.mean, dtype=np.float64)
    mu_l = np.asarray(protect.mean, dtype=np.float64)
    sd_l = np.asarray(protect.std, dtype=np.float64)
    q = 1.30 * mu**0.494 * (k / h) ** 0.506 * (1.0 + sd_l**2 / mu**2) ** 0.116
    with np.errstate(divide="ignore"):
        z = np.sqrt(q * h / (sd_l * p))
        s = 0.973 * mu_l + sd_l * (0.183 / z + 1.063 - 2.192 * z)
    s = np.where(sd_l > 0, s, mu_l)
    big_s = s + q
    s0 = mu_l + sd_l * special.ndtri(p / (p + h))
    small = q / mu <= 1.5
    return np.where(small, np.minimum(s, s0), s), np.where(small, np.minimum(big_s, s0), big_s)


# --- public functions ---------------------------------------------------------------------------


def ss_cost(
    reorder_point: ArrayLike,
    order_up_to: ArrayLike,
    holding_cost: ArrayLike,
    shortage_cost: ArrayLike,
    ordering_cost: ArrayLike,
    demand: DemandModel | Any,
    *,
    lead_time: int = 0,
    review_period: int = 1,
) -> Any:
    r"""Expected cost per period of a periodic-review (s,S) policy with backorders.

    Parameters
    ----------
    reorder_point : float, array_like or Series
        s (whole numbers for integer demand).
    order_up_to : float, array_like or Series
        S > s (whole numbers for integer demand).
    holding_cost, shortage_cost : float, array_like or Series
        h, p > 0 per unit per period (on the end-of-period inventory level / backorders).
    ordering_cost : float, array_like or Series
        K > 0 per order.
    demand : DemandModel or frozen scipy.stats distribution
        Demand of one period, mean > 0; its batch shape is the SKUs.
    lead_time : int
        Order lead time L >= 0 in periods (the same for every SKU).
    review_period : int
        R >= 1 periods between reviews ((R,s,S)); costs are charged every period.

    Returns
    -------
    float, ndarray or Series
        c(s,S) (see the module notes): exact for integer-valued demand; for continuous demand
        the renewal sum is taken on a lattice of at least 40 steps per standard deviation of
        one period's demand (G exact at the lattice points; relative error about 1e-3).

    References
    ----------
    .. [1] Y.-S. Zheng and A. Federgruen, "Finding optimal (s,S) policies is about as simple
       as evaluating a single policy", *Operations Research* 39(4), 1991, 654-665.
    .. [2] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, section 4.6
       (Example 4.7).

    Examples
    --------
    >>> from opsmodels.inventory import Poisson
    >>> round(ss_cost(4, 10, 1, 4, 5, Poisson(6)), 6)
    8.034112
    """
    func = "ss_cost"
    s = as_array(func, "reorder_point", reorder_point, REAL)
    big = as_array(func, "order_up_to", order_up_to, REAL)
    kind, shape, _, _, k, one, cost_fn = _flat(
        func,
        holding_cost,
        shortage_cost,
        ordering_cost,
        demand,
        lead_time,
        review_period,
        {"reorder_point": reorder_point, "order_up_to": order_up_to},
    )
    sf = np.broadcast_to(s, shape).ravel().astype(np.float64)
    bf = np.broadcast_to(big, shape).ravel().astype(np.float64)
    if one.discrete:
        check(func, "reorder_point", reorder_point, Interval(integer=True))
        check(func, "order_up_to", order_up_to, Interval(integer=True))
    if np.any(bf <= sf):
        pos = int(np.flatnonzero(bf <= sf)[0])
        raise invalid(
            func,
            "order_up_to",
            "> reorder_point",
            f"<{describe(bf[pos])} with reorder_point {describe(sf[pos])}>",
        )
    cost = _policy_cost(one, cost_fn, k, sf, bf)
    return kind(cost.reshape(shape))


def ss_policy(
    holding_cost: ArrayLike,
    shortage_cost: ArrayLike,
    ordering_cost: ArrayLike,
    demand: DemandModel | Any,
    *,
    method: SSMethod = "exact",
    lead_time: int = 0,
    review_period: int = 1,
) -> SSResult:
    r"""Optimal or approximate periodic-review (s,S) policy with backorders, batched over SKUs.

    Parameters
    ----------
    holding_cost : float, array_like or Series
        h > 0 per unit on hand at the end of a period.
    shortage_cost : float, array_like or Series
        p > 0 per unit backordered at the end of a period.
    ordering_cost : float, array_like or Series
        K > 0 per order.
    demand : DemandModel or frozen scipy.stats distribution
        Demand of one period (mean > 0); its batch shape is the SKUs. ``method="exact"``
        needs integer-valued demand (Poisson, NegativeBinomial, integer Discrete or
        Empirical, discrete scipy distributions).
    method : {"exact", "power"}
        ``"exact"``: Zheng and Federgruen's algorithm (the exact optimum, integer s and S),
        run for all SKUs in lockstep. ``"power"``: Ehrhardt and Mosier's revised power
        approximation (any demand model: only its mean and variance are used; meant for
        normal demand).
    lead_time : int
        Order lead time L >= 0 in periods (the same for every SKU).
    review_period : int
        R >= 1: the inventory position is reviewed every R periods, the (R,s,S) policy
        (the same for every SKU). Costs are still charged at the end of every period.

    Returns
    -------
    SSResult
        ``reorder_point`` (s), ``order_up_to`` (S), ``expected_cost`` (the cost
        :func:`ss_cost` of the returned policy, whatever the method) and ``method``.

    Raises
    ------
    InvalidInputError
        For costs that are not finite and positive, demand with mean <= 0, a lead time that
        is not a whole number >= 0, ``method="exact"`` with continuous demand, shapes that do
        not broadcast.

    Notes
    -----
    Exact: with :math:`y^*` the minimizer of G, s starts at :math:`y^*-1` and decreases until
    :math:`c(s,y^*) \le G(s)`; then S rises from :math:`y^*+1` while :math:`G(S) \le c^*`,
    and each improving S raises s while :math:`c(s,S) \le G(s+1)`. Every SKU's cost stays
    below :math:`K + G(y^*)`, which bounds the lattice searched:
    :math:`\mu_{L+1} - (K+G(y^*))/p \le s < S \le \mu_{L+1} + (K+G(y^*))/h`. The renewal
    function is computed once per SKU in :math:`O(w\min(w, d))` for a window of w points
    and demand support d, so Poisson means of 10,000 stay exact and finite.

    Review period R > 1 (R,s,S): seen at review epochs the policy is an (s,S) policy whose
    period demand is :math:`D_R`; the position y set at a review governs the end-of-period
    levels :math:`y - D_{L+t}`, t = 1..R, so the same search applies exactly with
    :math:`G(y) = \frac1R\sum_{t=1}^R G_{L+t}(y)`, K/R and the renewal function of
    :math:`D_R`; the power approximation then uses the review cycle as its period.

    Power approximation, with :math:`\mu, \sigma^2` one period's mean and variance and
    :math:`\mu_L = (L+1)\mu`, :math:`\sigma_L^2 = (L+1)\sigma^2`:
    :math:`Q_p = 1.30\mu^{0.494}(K/h)^{0.506}(1+\sigma_L^2/\mu^2)^{0.116}`,
    :math:`z = \sqrt{Q_p h/(\sigma_L p)}`,
    :math:`s_p = 0.973\mu_L + \sigma_L(0.183/z + 1.063 - 2.192z)`, :math:`S_p = s_p + Q_p`;
    when :math:`Q_p/\mu \le 1.5`, with :math:`S_0 = \mu_L + \sigma_L\Phi^{-1}(p/(p+h))`,
    :math:`s = \min(s_p, S_0)` and :math:`S = \min(S_p, S_0)`.

    References
    ----------
    .. [1] Y.-S. Zheng and A. Federgruen, "Finding optimal (s,S) policies is about as simple
       as evaluating a single policy", *Operations Research* 39(4), 1991, 654-665.
    .. [2] R. Ehrhardt and C. Mosier, "A revision of the power approximation for computing
       (s,S) policies", *Management Science* 30(5), 1984, 618-622; R. Ehrhardt, "The power
       approximation for computing (s,S) inventory policies", *Management Science* 25(8),
       1979, 777-786.
    .. [3] Snyder and Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, section 4.6
       (Example 4.7, Algorithm 4.2).

    Examples
    --------
    >>> from opsmodels.inventory import Normal, Poisson
    >>> r = ss_policy(1, 4, 5, Poisson(6))
    >>> r.reorder_point, r.order_up_to, round(r.expected_cost, 6)
    (4.0, 10.0, 8.034112)
    >>> r = ss_policy(1, 9, 64, Poisson([10.0, 20.0]))
    >>> r.reorder_point, r.order_up_to
    (array([ 6., 14.]), array([40., 62.]))
    >>> r = ss_policy(0.18, 0.70, 2.5, Normal(50, 8), method="power")
    >>> round(r.reorder_point, 2), round(r.order_up_to, 2)
    (40.19, 56.6)
    """
    func = "ss_policy"
    check(func, "method", method, OneOf("exact", "power"))
    kind, shape, h, p, k, one, cost_fn = _flat(
        func, holding_cost, shortage_cost, ordering_cost, demand, lead_time, review_period, {}
    )
    if method == "exact":
        if not one.discrete:
            raise invalid(
                func,
                "demand",
                "an integer-valued demand model with method='exact' (use method='power' for "
                "continuous demand)",
                demand,
            )
        s, big_s, cost = _zheng_federgruen(one, cost_fn, k)
    else:
        s, big_s = _power(one, cost_fn.models[-1], h, p, k)
        s = np.broadcast_to(s, h.shape).astype(np.float64)
        big_s = np.broadcast_to(big_s, h.shape).astype(np.float64)
        if one.discrete:
            s, big_s = np.round(s), np.maximum(np.round(big_s), np.round(s) + 1.0)
        big_s = np.maximum(big_s, s + 1e-9 * np.maximum(np.abs(s), 1.0))
        cost = _policy_cost(one, cost_fn, k, s, big_s)
    return SSResult(
        reorder_point=kind(s.reshape(shape)),
        order_up_to=kind(big_s.reshape(shape)),
        expected_cost=kind(np.asarray(cost).reshape(shape)),
        method=method,
    )
