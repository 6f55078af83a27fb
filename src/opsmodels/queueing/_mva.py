r"""Exact mean value analysis (MVA) of closed product-form queueing networks.

Single-server (FCFS, exponential) stations, multi-server stations (load dependent, through
their marginal queue-length probabilities) and delay (infinite-server) stations, one job
class, every population from 1 to N in one pass. The recursion over the population is
inherent; each step is vectorized over the stations.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from opsmodels._results import Plottable, Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import InstanceOf, Interval, as_float_array, check, invalid

__all__ = ["MVAResult", "mva"]


@dataclass(frozen=True, slots=True, kw_only=True)
class MVAResult(Result, Plottable):
    """Performance of a closed network for every population n = 1..N.

    Attributes
    ----------
    population : ndarray of int, shape (N,)
        n = 1..N.
    throughput : ndarray, shape (N,)
        X(n), the system throughput (visits to the reference station per unit time).
    response_time : ndarray, shape (N,)
        R(n) = Σₖ Rₖ(n), the time through the stations (think time excluded); Little's law
        gives n = X(n)·(R(n) + Z).
    queue_lengths : ndarray, shape (N, K)
        Qₖ(n), the mean number at each station (waiting and in service).
    residence_times : ndarray, shape (N, K)
        Rₖ(n), the time per job cycle spent at each station (all visits).
    utilization : ndarray, shape (K,)
        Uₖ = X(N)·Dₖ/mₖ at the full population N, the busy fraction per server (0 at delay
        stations); for another population n, ``throughput[n - 1] * demands / servers``.
    """

    population: Any
    throughput: Any
    response_time: Any
    queue_lengths: Any
    residence_times: Any
    utilization: Any

    def to_frame(self) -> pd.DataFrame:
        """One row per population n: throughput and response time.

        The per-station fields (``queue_lengths``, ``residence_times``, ``utilization``) stay
        attributes: their length is the number of stations, not of populations.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``population``.
        """
        return pd.DataFrame(
            {"throughput": self.throughput, "response_time": self.response_time},
            index=pd.Index(self.population, name="population"),
        )


def mva(
    demands: ArrayLike,
    servers: ArrayLike,
    population: int,
    *,
    think_time: float = 0.0,
) -> MVAResult:
    r"""Exact mean value analysis of a closed network, populations 1..N.

    Parameters
    ----------
    demands : array_like, shape (K,)
        Service demand per job cycle at each station, Dₖ = Vₖ·Sₖ >= 0 [time] (visits times
        the mean service time).
    servers : int, array_like of shape (K,)
        Servers at each station: a whole number mₖ >= 1, or ``inf`` for a delay
        (infinite-server) station. A scalar applies to every station.
    population : int
        N >= 1, the number of jobs circulating.
    think_time : float
        Z >= 0, a delay outside the stations (terminals' think time) [time].

    Returns
    -------
    MVAResult
        ``population, throughput, response_time`` (length N), ``queue_lengths,
        residence_times`` (N × K) and ``utilization`` (K, at population N).

    Raises
    ------
    InvalidInputError
        If a demand is negative or not finite, every demand and the think time are 0, a server
        count is not a whole number >= 1 (or inf), the shapes differ, or the population is
        not a whole number >= 1.

    Notes
    -----
    Single-server station: :math:`R_k(n) = D_k(1 + Q_k(n-1))`; delay station:
    :math:`R_k(n) = D_k`; then :math:`X(n) = n/(Z + \sum_k R_k(n))` and
    :math:`Q_k(n) = X(n)R_k(n)`. A station with m servers keeps its marginal probabilities
    :math:`p_k(j|n)`, j < m (Reiser & Lavenberg):

    .. math:: R_k(n) = \frac{D_k}{m}\Big(1 + Q_k(n-1) + \sum_{j=0}^{m-2}(m-1-j)\,p_k(j|n-1)\Big),

    :math:`p_k(j|n) = \frac{X(n)D_k}{j}\,p_k(j-1|n-1)` for 1 <= j < m, and
    :math:`p_k(0|n) = p_k(0|n-1)\,X(n)/X_{-k}(n)`, where :math:`X_{-k}` is the throughput of
    the network without station k (from :math:`p_k(0|n) = G_{-k}(n)/G(n)`). The subtraction
    :math:`1 - \sum_{j\ge1} p_k(j|n)` used in the original algorithm loses all accuracy near
    saturation; the product form is stable but solves one complementary network per subset of
    multi-server stations (2^M networks for M of them; above 10 such stations the utilization
    law :math:`p_k(0|n) = 1 - (X D_k + \sum_{j=1}^{m-1}(m-j)p_k(j|n))/m` is used instead). Throughput is nondecreasing in n
    and bounded by :math:`\min_k m_k/D_k`.

    References
    ----------
    .. [1] M. Reiser and S. S. Lavenberg, "Mean-value analysis of closed multichain queuing
       networks", *Journal of the ACM* 27(2), 313-322, 1980. DOI 10.1145/322186.322195.
    .. [2] E. D. Lazowska, J. Zahorjan, G. S. Graham and K. C. Sevcik, *Quantitative System
       Performance*, Prentice Hall, 1984, chapter 6 (single class MVA) and chapter 8
       (load-dependent centers).
    .. [3] G. Bolch, S. Greiner, H. de Meer and K. S. Trivedi, *Queueing Networks and Markov
       Chains*, 2nd ed., Wiley, 2006, section 8.2.

    Examples
    --------
    A balanced line of four single machines, 2 hours each (Hopp & Spearman's practical
    worst case, TH(w) = w/(T0 + (w − 1)·te)):

    >>> r = mva([2.0, 2.0, 2.0, 2.0], 1, 4)
    >>> r.throughput
    array([0.125     , 0.2       , 0.25      , 0.28571429])
    >>> float(r.response_time[-1])
    14.0
    """
    func = "mva"
    d = as_float_array(func, "demands", demands, ndim=1, nan_hint=False)
    if np.any(d < 0):
        check(func, "demands", d, Interval(0, None))
    check(func, "population", population, InstanceOf(numbers.Integral, name="an integer >= 1"))
    check(func, "population", population, Interval(1, None, integer=True))
    check(func, "think_time", think_time, Interval(0, None))
    z = float(think_time)
    m = as_float_array(func, "servers", servers, ndim=(0, 1), allow_inf=True, nan_hint=False)
    finite_m = np.where(np.isfinite(m), m, 1.0)
    if not np.all((m >= 1) & (np.isinf(m) | (np.floor(finite_m) == finite_m))):
        raise invalid(func, "servers", "whole numbers >= 1 or inf (delay stations)", servers)
    if m.ndim == 0:
        m = np.full(d.shape, float(m))
    if m.shape != d.shape:
        raise invalid(func, "servers", f"a scalar or {d.size} values (one per station)", m)
    if not np.any(d > 0) and z == 0.0:
        raise invalid(func, "demands", "positive somewhere (or think_time > 0)", demands)
    n_total = int(population)
    delay = np.isinf(m)
    cache: dict[tuple[int, ...], FloatArray] = {}
    throughput, resid, queue = _solve(d, m, n_total, z, tuple(range(d.size)), cache)
    util = np.where(delay, 0.0, throughput[-1] * d / np.where(delay, 1.0, m))
    return MVAResult(
        population=np.arange(1, n_total + 1),
        throughput=throughput,
        response_time=resid.sum(axis=1),
        queue_lengths=queue,
        residence_times=resid,
        utilization=util,
    )


_MAX_STABLE_MULTI = 10  # beyond this many multi-server stations, p(0|n) by the utilization law


def _solve(
    d_all: FloatArray,
    m_all: FloatArray,
    n_total: int,
    z: float,
    keep: tuple[int, ...],
    cache: dict[tuple[int, ...], FloatArray],
    *,
    details: bool = True,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """MVA of the stations ``keep``: throughput (N,), residence times and queues (N, K').

    The empty-server probability of a multi-server station k is carried by the product
    p_k(0|n) = p_k(0|n-1)·X(n)/X_{-k}(n) (X_{-k}: the network without k, solved once per
    subset and cached), which has no cancellation, unlike 1 − Σ_j p_k(j|n).
    """
    idx = np.array(keep, dtype=np.int64)
    d, m = d_all[idx], m_all[idx]
    k = d.size
    delay = np.isinf(m)
    multi = np.flatnonzero(~delay & (m > 1))
    single = ~delay & (m == 1)
    d_single = np.where(single, d, 0.0)
    d_delay = np.where(delay, d, 0.0)
    d_multi, m_multi = d[multi], m[multi]
    stable = 0 < multi.size <= _MAX_STABLE_MULTI
    if stable:
        others = []
        for s in multi.tolist():
            sub = tuple(keep[i] for i in range(k) if i != s)
            if sub not in cache:
                cache[sub] = _solve(d_all, m_all, n_total, z, sub, cache, details=False)[0]
            others.append(cache[sub])
        x_without = np.array(others)  # (multi, N)
    width = int(np.max(m_multi)) if multi.size else 1
    j = np.arange(width, dtype=np.float64)
    p = np.zeros((multi.size, width))
    p[:, 0] = 1.0
    inside = j[None, :] < m_multi[:, None]
    w_resid = np.where(inside, m_multi[:, None] - 1.0 - j[None, :], 0.0)  # (m-1-j)
    w_util = np.where(inside, m_multi[:, None] - j[None, :], 0.0)  # (m-j)
    w_util[:, 0] = 0.0
    with np.errstate(divide="ignore"):
        inv_j = np.where(inside & (j[None, :] > 0), 1.0 / np.maximum(j[None, :], 1.0), 0.0)
    dm_over_j = d_multi[:, None] * inv_j
    throughput = np.empty(n_total)
    rows = n_total if details else 1
    queue = np.zeros((rows, k))
    resid = np.zeros((rows, k))
    q_prev = np.zeros(k)
    has_delay = bool(np.any(d_delay > 0.0))
    if stable:
        with np.errstate(divide="ignore"):
            inv_without = np.where(np.isinf(x_without), 0.0, 1.0 / x_without)
    dm_shift = dm_over_j[:, 1:]
    w_util_shift = w_util[:, 1:]
    rate_multi = d_multi / m_multi
    for n in range(1, n_total + 1):
        row = n - 1 if details else 0
        r = resid[row]
        np.add(q_prev, 1.0, out=r)
        r *= d_single
        if has_delay:
            r += d_delay
        if multi.size:
            extra = (w_resid * p).sum(axis=1)
            r[multi] = rate_multi * (1.0 + q_prev[multi] + extra)
        total = z + float(r.sum())
        x = n / total if total > 0.0 else np.inf
        q_prev = queue[row]
        np.multiply(r, x, out=q_prev)
        throughput[n - 1] = x
        if multi.size:
            p0 = p[:, 0].copy()
            p[:, 1:] = p[:, :-1] * (x * dm_shift)
            if stable:
                p[:, 0] = p0 * x * inv_without[:, n - 1]
            else:
                p[:, 0] = np.maximum(
                    1.0 - (x * d_multi + (w_util_shift * p[:, 1:]).sum(axis=1)) / m_multi, 0.0
                )
    return throughput, resid, queue
