r"""Single-station queues: M/M/c, M/M/1, M/M/c/K, M/G/1 (Pollaczek-Khinchine), M/D/1 and the
Kingman/VUT approximation for G/G/1 and G/G/m (Sakasegawa).

Every function broadcasts its arguments like numpy and returns values of the kind of the inputs.
Where the queue is unstable (utilization >= 1) the waiting times and queue lengths are ``inf``
(never NaN), so Little's law L = λW holds on every result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from opsmodels._numeric import NONNEGATIVE, POSITIVE, SERVERS, broadcast_numeric
from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import OneOf, check, invalid
from opsmodels.queueing._erlang import _erlang_b, _erlang_c

__all__ = [
    "FiniteQueueResult",
    "QueueResult",
    "ggc",
    "kingman",
    "md1",
    "mg1",
    "mm1",
    "mmc",
    "mmck",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueResult(Result):
    """Steady-state measures of one queueing station.

    Attributes
    ----------
    p_wait : float, ndarray or Series
        P(W > 0), the probability that an arrival waits (1 when unstable).
    lq : float, ndarray or Series
        Lq, the mean number waiting (``inf`` when utilization >= 1).
    wq : float, ndarray or Series
        Wq, the mean time in queue [time] (``inf`` when utilization >= 1).
    l : float, ndarray or Series
        L, the mean number in the system (``inf`` when utilization >= 1).
    w : float, ndarray or Series
        W = Wq + 1/μ, the mean time in the system [time] (``inf`` when utilization >= 1).
    utilization : float, ndarray or Series
        ρ = λ/(cμ), the offered load per server (may exceed 1: the queue is then unstable).
    """

    p_wait: Any
    lq: Any
    wq: Any
    l: Any
    w: Any
    utilization: Any


@dataclass(frozen=True, slots=True, kw_only=True)
class FiniteQueueResult(Result):
    """Steady-state measures of the M/M/c/K queue (room for K customers in all).

    Attributes
    ----------
    blocking_probability : float, ndarray or Series
        P_K, the probability that an arrival finds the system full and is lost.
    effective_arrival_rate : float, ndarray or Series
        λ_eff = λ(1 − P_K), the rate of admitted customers.
    p_wait : float, ndarray or Series
        P(an admitted customer waits) = (P(N >= c) − P_K)/(1 − P_K).
    lq, wq, l, w : float, ndarray or Series
        Mean number waiting, time in queue, number in system and time in system (Little's
        law with λ_eff: L = λ_eff·W, Lq = λ_eff·Wq). Always finite.
    utilization : float, ndarray or Series
        λ_eff/(cμ), the fraction of time a server is busy.
    """

    blocking_probability: Any
    effective_arrival_rate: Any
    p_wait: Any
    lq: Any
    wq: Any
    l: Any
    w: Any
    utilization: Any


def _mmc(lam: FloatArray, mu: FloatArray, c: FloatArray) -> dict[str, FloatArray]:
    a = lam / mu
    rho = a / c
    p_wait = _erlang_c(a, c)
    stable = rho < 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        wq = np.where(stable, p_wait / (c * mu - lam), np.inf)
    lq = np.where(stable, lam * wq, np.inf)
    w = wq + 1.0 / mu
    return {
        "p_wait": p_wait,
        "lq": lq,
        "wq": wq,
        "l": np.where(stable, lam * w, np.inf),
        "w": w,
        "utilization": rho,
    }


def mmc(arrival_rate: ArrayLike, service_rate: ArrayLike, servers: ArrayLike) -> QueueResult:
    r"""The M/M/c queue: Poisson arrivals, exponential service, c identical servers.

    Parameters
    ----------
    arrival_rate : float, array_like or Series
        λ >= 0 [customers/time].
    service_rate : float, array_like or Series
        μ > 0, the service rate of one server [customers/time].
    servers : int, array_like or Series
        c >= 1.

    Returns
    -------
    QueueResult
        ``p_wait, lq, wq, l, w, utilization``; where ρ = λ/(cμ) >= 1 the queue grows without
        bound: ``p_wait`` is 1 and ``lq, wq, l, w`` are ``inf``.

    Raises
    ------
    InvalidInputError
        If ``arrival_rate`` is negative, ``service_rate`` is not positive, ``servers`` is not
        a whole number >= 1, or a value is not finite.

    Notes
    -----
    With A = λ/μ and the Erlang C probability :math:`C(c, A)` (:func:`erlang_c`):

    .. math:: W_q = \frac{C(c, A)}{c\mu - \lambda}, \quad L_q = \lambda W_q, \quad
              W = W_q + 1/\mu, \quad L = \lambda W.

    References
    ----------
    .. [1] D. Gross, J. F. Shortle, J. M. Thompson and C. M. Harris, *Fundamentals of
       Queueing Theory*, 4th ed., Wiley, 2008, section 2.3.
    .. [2] L. Kleinrock, *Queueing Systems, Volume 1: Theory*, Wiley, 1975, section 3.5.

    Examples
    --------
    >>> r = mmc(2.0, 1.0, 3)
    >>> round(r.p_wait, 4), round(r.lq, 4), round(r.w, 4), round(r.utilization, 4)
    (0.4444, 0.8889, 1.4444, 0.6667)
    >>> mmc(3.0, 1.0, 3).wq
    inf
    """
    kind, (lam, mu, c) = broadcast_numeric(
        "mmc",
        arrival_rate=(arrival_rate, NONNEGATIVE),
        service_rate=(service_rate, POSITIVE),
        servers=(servers, SERVERS),
    )
    return QueueResult(**{k: kind(v) for k, v in _mmc(lam, mu, c).items()})


def mm1(arrival_rate: ArrayLike, service_rate: ArrayLike) -> QueueResult:
    r"""The M/M/1 queue.

    Parameters
    ----------
    arrival_rate : float, array_like or Series
        λ >= 0 [customers/time].
    service_rate : float, array_like or Series
        μ > 0 [customers/time].

    Returns
    -------
    QueueResult
        As :func:`mmc` with one server; ``inf`` waiting where ρ = λ/μ >= 1.

    Raises
    ------
    InvalidInputError
        If ``arrival_rate`` is negative or ``service_rate`` not positive.

    Notes
    -----
    :math:`\rho = \lambda/\mu`, :math:`L = \rho/(1-\rho)`, :math:`W = 1/(\mu-\lambda)`,
    :math:`W_q = \rho/(\mu - \lambda)`, :math:`L_q = \rho^2/(1-\rho)`, :math:`P(W>0) = \rho`.

    References
    ----------
    .. [1] L. Kleinrock, *Queueing Systems, Volume 1: Theory*, Wiley, 1975, section 3.2.

    Examples
    --------
    >>> r = mm1(0.75, 1.0)
    >>> r.l, r.w, r.lq
    (3.0, 4.0, 2.25)
    """
    kind, (lam, mu) = broadcast_numeric(
        "mm1",
        arrival_rate=(arrival_rate, NONNEGATIVE),
        service_rate=(service_rate, POSITIVE),
    )
    return QueueResult(**{k: kind(v) for k, v in _mmc(lam, mu, np.ones_like(lam)).items()})


def mmck(
    arrival_rate: ArrayLike, service_rate: ArrayLike, servers: ArrayLike, capacity: ArrayLike
) -> FiniteQueueResult:
    r"""The M/M/c/K queue: c servers and room for K customers in all (K − c waiting places).

    Parameters
    ----------
    arrival_rate : float, array_like or Series
        λ >= 0 [customers/time].
    service_rate : float, array_like or Series
        μ > 0, per server [customers/time].
    servers : int, array_like or Series
        c >= 1.
    capacity : int, array_like or Series
        K >= c, the most customers in the system (K = c is the Erlang loss system).

    Returns
    -------
    FiniteQueueResult
        ``blocking_probability, effective_arrival_rate, p_wait, lq, wq, l, w, utilization``;
        finite for every load (arrivals finding the system full are lost).

    Raises
    ------
    InvalidInputError
        If a rate is invalid, ``servers`` is not a whole number >= 1 or ``capacity`` is not a
        whole number >= ``servers``.

    Notes
    -----
    :math:`p_n = p_0 A^n/n!` for n <= c and :math:`p_n = p_c\rho^{n-c}` for c < n <= K, with
    A = λ/μ and ρ = A/c. Normalizing through Erlang B :math:`E = B(c, A)`,
    :math:`\sum_{n<c} p_n = p_c(1/E - 1)` and :math:`\sum_{n=c}^{K} p_n = p_c\sum_{j=0}^{K-c}\rho^j`;
    the blocking probability is :math:`P_K = p_c\rho^{K-c}` and
    :math:`L_q = p_c\sum_j j\rho^j`. The sums are evaluated without overflow for any ρ and
    without cancellation near ρ = 1.

    References
    ----------
    .. [1] D. Gross, J. F. Shortle, J. M. Thompson and C. M. Harris, *Fundamentals of
       Queueing Theory*, 4th ed., Wiley, 2008, section 2.5.

    Examples
    --------
    >>> r = mmck(1.0, 1.0, 1, 3)  # rho = 1: the states 0..3 are equally likely
    >>> r.blocking_probability, r.l, r.effective_arrival_rate
    (0.25, 1.5, 0.75)
    """
    kind, (lam, mu, c, k) = broadcast_numeric(
        "mmck",
        arrival_rate=(arrival_rate, NONNEGATIVE),
        service_rate=(service_rate, POSITIVE),
        servers=(servers, SERVERS),
        capacity=(capacity, SERVERS),
    )
    short = k < c
    if np.any(short):
        pos = int(np.flatnonzero(short.ravel())[0])
        got = f"<{float(k.ravel()[pos]):g} with servers {float(c.ravel()[pos]):g}"
        got += f" at position {pos}>" if short.size > 1 else ">"
        raise invalid("mmck", "capacity", "a whole number >= servers", got)
    out = _mmck(*np.broadcast_arrays(lam, mu, c, k))
    return FiniteQueueResult(**{key: kind(v) for key, v in out.items()})


def _truncated_geometric(rho: FloatArray, m: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Σ_{j=0}^m ρ^j / ρ^m-normalized pieces: returns (total, mean) of weights ρ^j, j = 0..m.

    ``total`` is Σ ρ^j divided by max(1, ρ^m) (so it never overflows) and ``mean`` is the mean
    of j under weights ∝ ρ^j.
    """
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        r = np.log(rho)
        near = np.abs(r * (m + 1.0)) < 1e-3
        # mean of j: 1/(e^{-r} - 1) - (m+1)/(e^{-r(m+1)} - 1), Taylor near r = 0
        exact_mean = 1.0 / np.expm1(-r) - (m + 1.0) / np.expm1(-r * (m + 1.0))
        taylor_mean = m / 2.0 + r * m * (m + 2.0) / 12.0
        mean = np.where(near, taylor_mean, exact_mean)
        mean = np.where(rho == 0.0, 0.0, mean)
        # total relative to the largest weight: Σ_j e^{-|r| j} = expm1(-(m+1)|r|)/expm1(-|r|)
        ar = np.abs(r)
        total = np.expm1(-(m + 1.0) * ar) / np.expm1(-ar)
        total = np.where(ar == 0.0, m + 1.0, total)
        total = np.where(np.isinf(ar), 1.0, total)
    return total, np.clip(mean, 0.0, m)


def _mmck(lam: FloatArray, mu: FloatArray, c: FloatArray, k: FloatArray) -> dict[str, FloatArray]:
    a = lam / mu
    rho = a / c
    e = _erlang_b(a, c)
    m = k - c
    total, mean_j = _truncated_geometric(rho, m)
    # scale: weights ρ^j divided by ρ^m when ρ > 1 (else by 1); p_c relative to that scale
    up = rho > 1.0
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        scale_log = np.where(up, m * np.log(np.where(up, rho, 1.0)), 0.0)
        below = np.where(e > 0.0, (1.0 / e - 1.0), np.inf) * np.exp(-scale_log)  # Σ_{n<c}/scale
        below = np.where(e >= 1.0, 0.0, below)
        pc_scaled = 1.0 / (below + total)  # p_c / scale
        # P_K = p_c ρ^m = pc_scaled·scale·ρ^m; with scale = ρ^m (ρ > 1) or 1
        p_k = np.where(up, pc_scaled, pc_scaled * np.where(m > 0, rho**m, 1.0))
        p_queue_states = pc_scaled * total  # P(N >= c)
    p_k = np.where(lam == 0.0, 0.0, np.clip(p_k, 0.0, 1.0))
    p_queue_states = np.where(lam == 0.0, 0.0, np.clip(p_queue_states, 0.0, 1.0))
    lq = p_queue_states * mean_j
    lam_eff = lam * (1.0 - p_k)
    with np.errstate(divide="ignore", invalid="ignore"):
        wq = np.where(lam_eff > 0.0, lq / lam_eff, 0.0)
        p_wait = np.where(p_k < 1.0, (p_queue_states - p_k) / (1.0 - p_k), 1.0)
    w = wq + 1.0 / mu
    return {
        "blocking_probability": p_k,
        "effective_arrival_rate": lam_eff,
        "p_wait": np.clip(p_wait, 0.0, 1.0),
        "lq": lq,
        "wq": wq,
        "l": lam_eff * w,
        "w": w,
        "utilization": lam_eff / (c * mu),
    }


def mg1(arrival_rate: ArrayLike, service_rate: ArrayLike, service_scv: ArrayLike) -> QueueResult:
    r"""The M/G/1 queue by the Pollaczek-Khinchine formula.

    Parameters
    ----------
    arrival_rate : float, array_like or Series
        λ >= 0 [customers/time].
    service_rate : float, array_like or Series
        μ = 1/E[S] > 0 [customers/time].
    service_scv : float, array_like or Series
        :math:`c_s^2 = \mathrm{Var}(S)/E[S]^2 >= 0`, the squared coefficient of variation
        of the service time (0 deterministic, 1 exponential).

    Returns
    -------
    QueueResult
        ``p_wait`` (= ρ), ``lq, wq, l, w, utilization``; ``inf`` where ρ = λ/μ >= 1.

    Raises
    ------
    InvalidInputError
        If a rate is invalid or ``service_scv`` is negative.

    Notes
    -----
    .. math:: W_q = \frac{1 + c_s^2}{2}\,\frac{\rho}{1-\rho}\,\frac{1}{\mu}
              = \frac{\lambda E[S^2]}{2(1-\rho)}, \qquad L_q = \lambda W_q.

    References
    ----------
    .. [1] L. Kleinrock, *Queueing Systems, Volume 1: Theory*, Wiley, 1975, section 5.6.
    .. [2] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008,
       section 8.4.

    Examples
    --------
    >>> r = mg1(0.5, 1.0, 1.0)  # exponential service: the M/M/1 values
    >>> r.wq, r.l
    (1.0, 1.0)
    """
    kind, (lam, mu, cs2) = broadcast_numeric(
        "mg1",
        arrival_rate=(arrival_rate, NONNEGATIVE),
        service_rate=(service_rate, POSITIVE),
        service_scv=(service_scv, NONNEGATIVE),
    )
    return QueueResult(**{k: kind(v) for k, v in _mg1(lam, mu, cs2).items()})


def _mg1(lam: FloatArray, mu: FloatArray, cs2: FloatArray) -> dict[str, FloatArray]:
    rho = lam / mu
    stable = rho < 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        wq = np.where(stable, 0.5 * (1.0 + cs2) * rho / ((1.0 - rho) * mu), np.inf)
    w = wq + 1.0 / mu
    return {
        "p_wait": np.minimum(rho, 1.0),
        "lq": np.where(stable, lam * wq, np.inf),
        "wq": wq,
        "l": np.where(stable, lam * w, np.inf),
        "w": w,
        "utilization": rho,
    }


def md1(arrival_rate: ArrayLike, service_rate: ArrayLike) -> QueueResult:
    r"""The M/D/1 queue (deterministic service): Pollaczek-Khinchine with :math:`c_s^2 = 0`.

    Parameters
    ----------
    arrival_rate : float, array_like or Series
        λ >= 0 [customers/time].
    service_rate : float, array_like or Series
        μ = 1/S > 0 [customers/time].

    Returns
    -------
    QueueResult
        ``p_wait, lq, wq, l, w, utilization``; ``inf`` where ρ >= 1.

    Raises
    ------
    InvalidInputError
        If a rate is invalid.

    Notes
    -----
    :math:`W_q = \rho/(2\mu(1-\rho))`, half the M/M/1 queueing delay.

    References
    ----------
    .. [1] L. Kleinrock, *Queueing Systems, Volume 1: Theory*, Wiley, 1975, section 5.6.

    Examples
    --------
    >>> md1(0.5, 1.0).wq
    0.5
    """
    kind, (lam, mu) = broadcast_numeric(
        "md1",
        arrival_rate=(arrival_rate, NONNEGATIVE),
        service_rate=(service_rate, POSITIVE),
    )
    out = _mg1(lam, mu, np.zeros_like(lam))
    return QueueResult(**{k: kind(v) for k, v in out.items()})


def _kingman(
    ca2: FloatArray, ce2: FloatArray, u: FloatArray, te: FloatArray, m: FloatArray
) -> FloatArray:
    stable = u < 1.0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        power = u ** (np.sqrt(2.0 * (m + 1.0)) - 1.0)
        ctq = np.where(stable, 0.5 * (ca2 + ce2) * power / (m * (1.0 - u)) * te, np.inf)
    return np.asarray(ctq, dtype=np.float64)


def kingman(
    ca2: ArrayLike,
    ce2: ArrayLike,
    utilization: ArrayLike,
    process_time: ArrayLike,
    *,
    servers: ArrayLike = 1,
) -> Any:
    r"""Kingman's VUT approximation of the time in queue, G/G/1 and G/G/m (Sakasegawa).

    Parameters
    ----------
    ca2 : float, array_like or Series
        :math:`c_a^2 >= 0`, the squared coefficient of variation of interarrival times.
    ce2 : float, array_like or Series
        :math:`c_e^2 >= 0`, the squared coefficient of variation of effective process times.
    utilization : float, array_like or Series
        u = λ·t_e/m >= 0.
    process_time : float, array_like or Series
        t_e > 0, the mean effective process time [time].
    servers : int, array_like or Series
        m >= 1, identical machines in parallel.

    Returns
    -------
    float, ndarray or Series
        :math:`CT_q`, the expected time in queue [time]; ``inf`` where u >= 1.

    Raises
    ------
    InvalidInputError
        If an SCV or the utilization is negative, ``process_time`` is not positive or
        ``servers`` is not a whole number >= 1.

    Notes
    -----
    .. math:: CT_q = \frac{c_a^2 + c_e^2}{2}\cdot
              \frac{u^{\sqrt{2(m+1)}-1}}{m(1-u)}\cdot t_e,

    Kingman's V·U·T form for m = 1 (:math:`u/(1-u)`), exact for M/M/1 and M/G/1
    (:math:`c_a^2 = 1`). The cycle time is :math:`CT = CT_q + t_e` and WIP follows from
    Little's law, :math:`WIP = \lambda CT`.

    References
    ----------
    .. [1] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008,
       section 8.5.
    .. [2] H. Sakasegawa, "An approximation formula Lq ≈ αρ^β/(1−ρ)", *Annals of the Institute
       of Statistical Mathematics* 29, 67-75, 1977. DOI 10.1007/BF02532775.

    Examples
    --------
    >>> kingman(1.0, 1.0, 0.8, 10.0)  # M/M/1: u/(1-u) te
    40.00000000000001
    >>> round(kingman(1.0, 0.25, 0.9, 2.0, servers=2), 4)
    5.3648
    """
    kind, (ca, ce, u, te, m) = broadcast_numeric(
        "kingman",
        ca2=(ca2, NONNEGATIVE),
        ce2=(ce2, NONNEGATIVE),
        utilization=(utilization, NONNEGATIVE),
        process_time=(process_time, POSITIVE),
        servers=(servers, SERVERS),
    )
    return kind(_kingman(ca, ce, u, te, m))


def ggc(
    arrival_rate: ArrayLike,
    service_rate: ArrayLike,
    servers: ArrayLike,
    *,
    arrival_scv: ArrayLike = 1.0,
    service_scv: ArrayLike = 1.0,
    method: Literal["allen_cunneen", "kingman"] = "allen_cunneen",
) -> QueueResult:
    r"""A G/G/c station by a two-moment approximation: time in queue, WIP and cycle time.

    Parameters
    ----------
    arrival_rate : float, array_like or Series
        λ >= 0 [jobs/time].
    service_rate : float, array_like or Series
        μ = 1/tₑ > 0 per server [jobs/time].
    servers : int, array_like or Series
        c >= 1.
    arrival_scv : float, array_like or Series
        :math:`c_a^2 >= 0` of the interarrival times (1 for Poisson arrivals).
    service_scv : float, array_like or Series
        :math:`c_e^2 >= 0` of the effective process times.
    method : {"allen_cunneen", "kingman"}
        ``"allen_cunneen"``: :math:`W_q = \frac{c_a^2+c_e^2}{2}W_q^{M/M/c}` (exact for
        M/M/c and, with c = 1, for M/G/1); ``"kingman"``: the VUT equation with Sakasegawa's
        term (:func:`kingman`).

    Returns
    -------
    QueueResult
        ``p_wait`` (the M/M/c value, an approximation), ``lq, wq, l, w, utilization`` with
        :math:`W = W_q + 1/\mu` and Little's law for the counts; ``inf`` where ρ >= 1.

    Raises
    ------
    InvalidInputError
        If a rate, server count or SCV is invalid, or ``method`` is unknown.

    Notes
    -----
    Both forms scale a Markovian waiting time by the variability factor
    :math:`(c_a^2 + c_e^2)/2`; they differ in the utilization term (Erlang C against
    :math:`u^{\sqrt{2(c+1)}-1}/(c(1-u))`).

    References
    ----------
    .. [1] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland, 2008,
       section 8.5.
    .. [2] G. Bolch, S. Greiner, H. de Meer and K. S. Trivedi, *Queueing Networks and Markov
       Chains*, 2nd ed., Wiley, 2006, section 6.3.6 (Allen-Cunneen).

    Examples
    --------
    >>> r = ggc(0.5, 1.0, 1, arrival_scv=1.0, service_scv=0.0)  # M/D/1 exactly
    >>> r.wq, r.l
    (0.5, 0.75)
    """
    check("ggc", "method", method, OneOf("allen_cunneen", "kingman"))
    kind, (lam, mu, c, ca2, ce2) = broadcast_numeric(
        "ggc",
        arrival_rate=(arrival_rate, NONNEGATIVE),
        service_rate=(service_rate, POSITIVE),
        servers=(servers, SERVERS),
        arrival_scv=(arrival_scv, NONNEGATIVE),
        service_scv=(service_scv, NONNEGATIVE),
    )
    base = _mmc(lam, mu, c)
    if method == "allen_cunneen":
        wq = np.where(np.isfinite(base["wq"]), 0.5 * (ca2 + ce2) * base["wq"], np.inf)
    else:
        wq = _kingman(ca2, ce2, lam / (c * mu), 1.0 / mu, c)
    stable = np.isfinite(wq)
    w = wq + 1.0 / mu
    out = {
        "p_wait": base["p_wait"],
        "lq": np.where(stable, lam * wq, np.inf),
        "wq": wq,
        "l": np.where(stable, lam * w, np.inf),
        "w": w,
        "utilization": base["utilization"],
    }
    return QueueResult(**{k: kind(v) for k, v in out.items()})
