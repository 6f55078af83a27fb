r"""Erlang B (loss), Erlang C (delay) and Erlang A (delay with abandonment) formulas.

Every function is vectorized: ``traffic`` and ``servers`` broadcast like numpy, and the
outputs take the kind of the inputs (float, ndarray or Series). Erlang B is computed, for
N >= 64 servers, as a ratio of Poisson probabilities in O(1) per item (or, far into overload,
by a continued fraction of a few dozen steps), and for fewer servers by its forward recursion (an array of
server counts in one pass over k = 1..max(servers), each step touching only the items that
still need it). All are exact to about 1e-13 relative up to 10,000+ servers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from opsmodels._numeric import (
    NONNEGATIVE,
    NONNEGATIVE_INT,
    POSITIVE,
    SERVERS,
    broadcast_numeric,
)
from opsmodels._results import Result
from opsmodels._typing import ArrayLike, FloatArray

__all__ = ["ErlangAResult", "erlang_a", "erlang_b", "erlang_c"]


def _erlang_b_scalar(a: float, n: int) -> float:
    b = 1.0
    for k in range(1, n + 1):
        ab = a * b
        b = ab / (k + ab)
    return b


def _stirling_error(n: FloatArray) -> FloatArray:
    """ln n! − (n ln n − n + ½ ln 2πn), by its asymptotic series for n >= 10."""
    out = np.empty_like(n)
    small = n < 10.0
    ns = n[small]
    with np.errstate(divide="ignore", invalid="ignore"):
        out[small] = special.gammaln(ns + 1.0) - (
            ns * np.log(ns) - ns + 0.5 * np.log(2.0 * np.pi * ns)
        )
    out[small & (n == 0.0)] = 0.0
    nl = n[~small]
    inv = 1.0 / nl
    inv2 = inv * inv
    out[~small] = inv * (
        1.0 / 12.0
        - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 * (1.0 / 1680.0 - inv2 / 1188.0)))
    )
    return out


def _poisson_log_pmf(a: FloatArray, n: FloatArray) -> FloatArray:
    """ln p(n; a) in Loader's saddle-point form, n·(ln(1 + d) − d) − ½ ln 2πn − δ(n) with
    d = (a − n)/n: no cancellation between the large terms of n ln a − a − ln n!."""
    d = (a - n) / n
    with np.errstate(divide="ignore", under="ignore"):  # a = 0 gives ln 0 = -inf, p = 0
        # ln(1 + d) from a/n itself where 1 + d is small (1 + d rounds to absolute eps)
        log_ratio = np.where(d < -0.5, np.log(a / n), np.log1p(d))
        return n * (log_ratio - d) - 0.5 * np.log(2.0 * np.pi * n) - _stirling_error(n)


def _erlang_b_ratio(a: FloatArray, n: FloatArray, cdf: FloatArray) -> FloatArray:
    """Erlang B as the Poisson ratio pmf(n; a)/cdf(n; a), O(1) per item.

    Used where n > a (the cdf is then at least about ½, and an underflowing pmf means
    B < 1e-280) or the cdf is above 1e-3. Relative error about 1e-13.
    """
    with np.errstate(under="ignore"):
        return np.asarray(np.exp(_poisson_log_pmf(a, n)) / cdf, dtype=np.float64)


def _erlang_b_above_load(a: FloatArray, n: FloatArray) -> FloatArray:
    """The ratio form with its cdf (for callers that know n > a)."""
    return _erlang_b_ratio(a, n, special.pdtr(n, a))


def _erlang_b_overload(a: FloatArray, n: FloatArray) -> FloatArray:
    """Erlang B for a > n far into overload through Legendre's continued fraction.

    1/B = P(X <= n; a)/p(n; a) = a·h with h = Γ(n+1, a)·e^a·a^(−n−1) =
    1/(a+1−m− 1(1−m)/(a+3−m− 2(2−m)/(a+5−m− ...))), m = n + 1, evaluated by the modified
    Lentz method (used where P(X <= n; a) < 1e-3, where it converges in a few dozen steps to
    about 1e-15 relative).
    """
    tiny = 1e-300
    m = n + 1.0
    b = a + 1.0 - m
    c = np.full(a.size, 1.0 / tiny)
    d = 1.0 / b
    h = d.copy()
    active = np.arange(a.size)
    i = 0
    while active.size and i < 100_000:
        i += 1
        an = -i * (i - m[active])
        b[active] += 2.0
        dd = an * d[active] + b[active]
        dd = np.where(np.abs(dd) < tiny, tiny, dd)
        cc = b[active] + an / c[active]
        cc = np.where(np.abs(cc) < tiny, tiny, cc)
        dd = 1.0 / dd
        delta = dd * cc
        h[active] *= delta
        d[active] = dd
        c[active] = cc
        active = active[np.abs(delta - 1.0) >= 1e-16]
    return np.asarray(1.0 / (a * h), dtype=np.float64)


_DIRECT_MIN_SERVERS = 64  # below this the recursion is as cheap and exact


def _erlang_b_recursion(a: FloatArray, n: FloatArray) -> FloatArray:
    """Erlang B by the recursion for 1-D ``a`` and whole ``n``, one pass over k = 1..max(n)."""
    flat_n = n.astype(np.int64)
    order = np.argsort(flat_n, kind="stable")
    sorted_n = flat_n[order]
    traffic = a[order]
    b = np.ones(a.size)
    top = int(sorted_n[-1]) if sorted_n.size else 0
    # first position whose server count is >= k, for every k = 1..top
    starts = np.searchsorted(sorted_n, np.arange(1, top + 1), side="left")
    for k, lo in enumerate(starts.tolist(), start=1):
        ab = traffic[lo:] * b[lo:]
        b[lo:] = ab / (k + ab)
    out = np.empty_like(b)
    out[order] = b
    return out


def _erlang_b(a: FloatArray, n: FloatArray) -> FloatArray:
    """Erlang B for broadcast arrays ``a`` (traffic) and ``n`` (whole server counts)."""
    shape = np.broadcast_shapes(a.shape, n.shape)
    flat_a = np.broadcast_to(a, shape).ravel()
    flat_n = np.broadcast_to(n, shape).ravel()
    if flat_a.size == 1 and flat_n[0] < _DIRECT_MIN_SERVERS:
        return np.full(shape, _erlang_b_scalar(float(flat_a[0]), int(flat_n[0])))
    big = (flat_n >= _DIRECT_MIN_SERVERS) & (flat_a > 0.0)
    out = np.empty(flat_a.size)
    direct = np.zeros(flat_a.size, dtype=bool)
    if np.any(big):
        # the ratio form where n > a (cdf >= about 1/2) or the cdf is not in its far tail
        # (scipy's pdtr loses digits there, 1e-11 at 1e-150); the continued fraction beyond
        a_big, n_big = flat_a[big], flat_n[big]
        cdf = special.pdtr(n_big, a_big)
        ok = (a_big < n_big) | (cdf > 1e-3)
        direct[np.flatnonzero(big)[ok]] = True
        series = big & ~direct
        out[direct] = _erlang_b_ratio(a_big[ok], n_big[ok], cdf[ok])
        if np.any(series):
            out[series] = _erlang_b_overload(flat_a[series], flat_n[series])
        direct |= series
    rest = ~direct
    if np.any(rest):
        out[rest] = _erlang_b_recursion(flat_a[rest], flat_n[rest])
    return out.reshape(shape)


def _erlang_c(a: FloatArray, n: FloatArray) -> FloatArray:
    """Erlang C for broadcast arrays, Erlang B evaluated only where a < n (else C = 1)."""
    shape = np.broadcast_shapes(a.shape, n.shape)
    flat_a = np.broadcast_to(a, shape).ravel()
    flat_n = np.broadcast_to(n, shape).ravel()
    stable = flat_a < flat_n
    b = np.ones(flat_a.size)
    if np.any(stable):
        b[stable] = _erlang_b(flat_a[stable], flat_n[stable])
    return _erlang_c_from_b(flat_a, flat_n, b).reshape(shape)


def _erlang_c_from_b(a: FloatArray, n: FloatArray, b: FloatArray) -> FloatArray:
    """C = N·B/(N − A(1 − B)) where A < N, else 1."""
    stable = a < n
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(stable, n * b / (n - a * (1.0 - b)), 1.0)
    return np.asarray(np.clip(c, 0.0, 1.0), dtype=np.float64)


def erlang_b(traffic: ArrayLike, servers: ArrayLike) -> Any:
    r"""Erlang B: the blocking probability of the M/M/N/N loss system.

    Parameters
    ----------
    traffic : float, array_like or Series
        Offered load A = λ/μ >= 0 [erlangs].
    servers : int, array_like or Series
        Number of servers N >= 0 (whole numbers).

    Returns
    -------
    float, ndarray or Series
        B(N, A), the probability that an arrival finds every server busy and is lost; of the
        kind of the inputs.

    Raises
    ------
    InvalidInputError
        If ``traffic`` is negative or not finite, or ``servers`` is not a whole number >= 0.

    Notes
    -----
    .. math:: B(N, A) = \frac{A^N/N!}{\sum_{k=0}^{N} A^k/k!},

    computed for N >= 64 in O(1) or nearly so per item: as the Poisson ratio
    :math:`B = p(N; A)/P(X \le N; A)`, with :math:`\ln p` in Loader's saddle-point form
    :math:`N(\ln(1+d) - d) - \tfrac12\ln 2\pi N - \delta(N)`, d = (A − N)/N, δ the Stirling
    series (no cancellation), where N > A or the cdf exceeds 1e-3; deeper in overload by
    Legendre's continued fraction for :math:`1/B = A\,\Gamma(N+1, A)e^A A^{-N-1}`
    (modified Lentz). Below 64 servers, the stable
    recursion :math:`B_0 = 1`, :math:`B_k = A B_{k-1}/(k + A B_{k-1})` (positive terms only).
    Against 40-digit arithmetic the relative error stays below 4e-13 up to 12,000 servers,
    light load to fourfold overload.

    References
    ----------
    .. [1] D. Gross, J. F. Shortle, J. M. Thompson and C. M. Harris, *Fundamentals of
       Queueing Theory*, 4th ed., Wiley, 2008, section 2.5 (M/M/c/c, Erlang's loss formula).
    .. [2] G. Bolch, S. Greiner, H. de Meer and K. S. Trivedi, *Queueing Networks and Markov
       Chains*, 2nd ed., Wiley, 2006, section 6.2.

    Examples
    --------
    >>> round(erlang_b(2.0, 3), 6)
    0.210526
    >>> erlang_b([5.0, 10.0], 10).round(6)
    array([0.018385, 0.214582])
    """
    kind, (a, n) = broadcast_numeric(
        "erlang_b",
        traffic=(traffic, NONNEGATIVE),
        servers=(servers, NONNEGATIVE_INT),
    )
    return kind(_erlang_b(a, n))


def erlang_c(traffic: ArrayLike, servers: ArrayLike) -> Any:
    r"""Erlang C: the probability that an arrival waits in the M/M/N queue.

    Parameters
    ----------
    traffic : float, array_like or Series
        Offered load A = λ/μ >= 0 [erlangs].
    servers : int, array_like or Series
        Number of servers N >= 1 (whole numbers).

    Returns
    -------
    float, ndarray or Series
        C(N, A) = P(W > 0); 1 where A >= N (the queue is unstable and every arrival waits).

    Raises
    ------
    InvalidInputError
        If ``traffic`` is negative or not finite, or ``servers`` is not a whole number >= 1.

    Notes
    -----
    From Erlang B (stable for thousands of servers):

    .. math:: C(N, A) = \frac{N\,B(N, A)}{N - A\,(1 - B(N, A))}, \qquad A < N.

    C >= B always, with equality only at A = 0.

    References
    ----------
    .. [1] D. Gross, J. F. Shortle, J. M. Thompson and C. M. Harris, *Fundamentals of
       Queueing Theory*, 4th ed., Wiley, 2008, section 2.3 (M/M/c).
    .. [2] G. Koole, *Call Center Optimization*, MG Books, 2013, section 5.2.

    Examples
    --------
    >>> round(erlang_c(2.0, 3), 6)
    0.444444
    >>> erlang_c([2.0, 3.0], 3)
    array([0.44444444, 1.        ])
    """
    kind, (a, n) = broadcast_numeric(
        "erlang_c", traffic=(traffic, NONNEGATIVE), servers=(servers, SERVERS)
    )
    return kind(_erlang_c(a, n))


@dataclass(frozen=True, slots=True, kw_only=True)
class ErlangAResult(Result):
    """Steady state of the Erlang A (M/M/N+M) queue: Erlang C with exponential patience.

    Attributes
    ----------
    p_wait : float, ndarray or Series
        P(W > 0), the probability that an arrival finds every agent busy.
    p_abandon : float, ndarray or Series
        P(Ab), the fraction of arrivals who abandon before service.
    service_level : float, ndarray or Series
        P(answered within ``answer_time``), over all arrivals (abandoned calls count as not
        answered in time).
    asa : float, ndarray or Series
        Average speed of answer, E(W | served) [time].
    wq : float, ndarray or Series
        E(W), the mean time in queue over all arrivals, abandoning ones included [time].
    lq : float, ndarray or Series
        E[Q], the mean number waiting (= λ·wq, Little's law).
    throughput : float, ndarray or Series
        λ(1 − P(Ab)), the rate of served customers.
    utilization : float, ndarray or Series
        Agent occupancy λ(1 − P(Ab))/(Nμ), always below 1.
    """

    p_wait: Any
    p_abandon: Any
    service_level: Any
    asa: Any
    wq: Any
    lq: Any
    throughput: Any
    utilization: Any


def _log_hyp(b: FloatArray, z: FloatArray) -> FloatArray:
    return np.asarray(np.log(special.hyp1f1(1.0, b, z)), dtype=np.float64)


def _minus_log_moment_slope(x: FloatArray, y: FloatArray) -> FloatArray:
    """E[−ln ω] for ω of density ∝ ω^x e^(−yω) on (0, 1), i.e. −d/dx ln ∫₀¹ ω^x e^(−yω) dω.

    ∫₀¹ ω^x e^(−yω) dω = e^(−y) ₁F₁(1; x+2; y)/(x+1) = y^(−x−1) γ(x+1, y); the smooth large
    parts are differentiated analytically and only ln ₁F₁ (y < x + 1) or ln P(x+1, y)
    (otherwise) numerically, by a central difference.
    """
    series = y < x + 1.0
    out = np.empty_like(x)
    xs, ys = x[series], y[series]
    hs = 1e-5 * (1.0 + xs)
    d_hyp = (_log_hyp(xs + 2.0 + hs, ys) - _log_hyp(xs + 2.0 - hs, ys)) / (2.0 * hs)
    out[series] = 1.0 / (1.0 + xs) - d_hyp
    xg, yg = x[~series], y[~series]
    hg = 1e-5 * (1.0 + xg)
    d_p = (
        np.log(special.gammainc(xg + 1.0 + hg, yg)) - np.log(special.gammainc(xg + 1.0 - hg, yg))
    ) / (2.0 * hg)
    out[~series] = np.log(yg) - special.digamma(xg + 1.0) - d_p
    return np.maximum(out, 0.0)


def _erlang_a(
    lam: FloatArray, mu: FloatArray, theta: FloatArray, n: FloatArray, t: FloatArray
) -> dict[str, FloatArray]:
    shape = lam.shape
    lam, mu, theta, n, t = (np.ravel(v).astype(np.float64) for v in (lam, mu, theta, n, t))
    a = lam / mu
    e = _erlang_b(a, n).ravel()
    x = n * mu / theta
    y = lam / theta
    series = y < x + 1.0
    inv_a = np.empty_like(x)  # 1/A(x, y), A = Σ y^j/((x+1)(x+2)...(x+j)) = 1F1(1; x+1; y)
    inv_a[series] = 1.0 / special.hyp1f1(1.0, x[series] + 1.0, y[series])
    xg, yg = x[~series], y[~series]
    log_a = np.log(xg) + yg - xg * np.log(yg) + special.gammaln(xg)
    log_a += np.log(special.gammainc(xg, yg))
    inv_a[~series] = np.exp(-log_a)
    p_wait = e / (inv_a + (1.0 - inv_a) * e)
    served_after_wait = p_wait * (1.0 - inv_a) * x / y  # P(W > 0 and served)
    p_abandon = np.clip(p_wait - served_after_wait, 0.0, 1.0)
    # answered within t: R = γ(x+1, y·e^(−θt)) / γ(x+1, y)
    u = np.exp(-theta * t)
    ratio = np.empty_like(x)
    xs, ys, us, ts = x[series], y[series], u[series], (theta * t)[series]
    log_ratio = -(xs + 1.0) * ts + ys * (-np.expm1(-ts))
    log_ratio += _log_hyp(xs + 2.0, ys * us) - _log_hyp(xs + 2.0, ys)
    ratio[series] = np.exp(log_ratio)
    ratio[~series] = special.gammainc(xg + 1.0, yg * u[~series]) / special.gammainc(xg + 1.0, yg)
    service_level = np.clip(1.0 - p_wait + served_after_wait * (1.0 - ratio), 0.0, 1.0)
    # E[W; served] = P(W > 0, served)·E[−ln ω]/θ
    wait_served = served_after_wait * _minus_log_moment_slope(x, y) / theta
    wq = p_abandon / theta
    out = {
        "p_wait": p_wait,
        "p_abandon": p_abandon,
        "service_level": service_level,
        "asa": wait_served / (1.0 - p_abandon),
        "wq": wq,
        "lq": lam * wq,
        "throughput": lam * (1.0 - p_abandon),
        "utilization": np.minimum(a * (1.0 - p_abandon) / n, 1.0),
    }
    return {k: v.reshape(shape) for k, v in out.items()}


def erlang_a(
    arrival_rate: ArrayLike,
    service_rate: ArrayLike,
    abandonment_rate: ArrayLike,
    servers: ArrayLike,
    *,
    answer_time: ArrayLike = 0.0,
) -> ErlangAResult:
    r"""Erlang A: the M/M/N+M queue (Palm's model), where waiting customers abandon.

    Parameters
    ----------
    arrival_rate : float, array_like or Series
        λ > 0 [customers/time].
    service_rate : float, array_like or Series
        μ > 0, the service rate of one agent [customers/time] (1/AHT).
    abandonment_rate : float, array_like or Series
        θ > 0, the rate of abandonment, 1/(mean patience) [1/time]. As θ → 0 the model tends
        to Erlang C (:func:`erlang_c`).
    servers : int, array_like or Series
        Number of agents N >= 1.
    answer_time : float, array_like or Series
        The service-level threshold t >= 0 [time].

    Returns
    -------
    ErlangAResult
        ``p_wait, p_abandon, service_level, asa, wq, lq, throughput, utilization`` of the kind
        of the inputs. The queue is stable for every load (impatient customers leave).

    Raises
    ------
    InvalidInputError
        If a rate is not finite and positive, ``servers`` is not a whole number >= 1 or
        ``answer_time`` is negative.

    Notes
    -----
    With :math:`x = N\mu/\theta`, :math:`y = \lambda/\theta`, the Erlang B value
    :math:`E = B(N, \lambda/\mu)` and
    :math:`A(x, y) = \sum_{j\ge0} y^j/\prod_{k=1}^{j}(x+k) = x e^y y^{-x}\gamma(x, y)`:

    .. math::
        P(W>0) = \frac{A E}{1 + (A-1)E}, \qquad
        P(Ab) = P(W>0)\left(1 - \frac{x}{y}\Big(1 - \frac{1}{A}\Big)\right), \qquad
        E[W] = P(Ab)/\theta.

    A customer finding j others waiting is answered within t with probability
    :math:`\frac{x}{x+j+1} I_{1-e^{-\theta t}}(j+1, x+1)`; summing over the queue gives
    :math:`SL(t) = 1 - P(W>0) + (P(W>0) - P(Ab))\,(1 - \gamma(x+1, y e^{-\theta t})/\gamma(x+1, y))`.
    The mean wait of served customers is
    :math:`(P(W>0) - P(Ab))\,E[-\ln\omega]/\theta` with ω of density ∝
    :math:`\omega^x e^{-y\omega}` on (0, 1) (a derivative of :math:`\ln\gamma(x+1, y)` in x,
    taken numerically: ``asa`` is accurate to about 1e-7 relative, the other outputs to
    about 1e-12). :math:`A` is evaluated as the Kummer function :math:`{}_1F_1(1; x+1; y)`
    when y < x + 1 and through the regularized incomplete gamma function otherwise.

    References
    ----------
    .. [1] O. Garnett, A. Mandelbaum and M. Reiman, "Designing a call center with impatient
       customers", *Manufacturing & Service Operations Management* 4(3), 208-227, 2002.
       DOI 10.1287/msom.4.3.208.7753.
    .. [2] A. Mandelbaum and S. Zeltyn, "The M/M/n+G queue: summary of performance
       measures", technical note, Technion, 2005 (exponential patience case).

    Examples
    --------
    >>> r = erlang_a(2.0, 1.0, 1.0, 3, answer_time=0.5)
    >>> round(r.p_wait, 6)  # theta = mu: the number in system is Poisson(2)
    0.323324
    >>> round(r.p_abandon, 6), round(r.lq, 6), round(r.service_level, 6)
    (0.109009, 0.218018, 0.838622)
    """
    kind, (lam, mu, theta, n, t) = broadcast_numeric(
        "erlang_a",
        arrival_rate=(arrival_rate, POSITIVE),
        service_rate=(service_rate, POSITIVE),
        abandonment_rate=(abandonment_rate, POSITIVE),
        servers=(servers, SERVERS),
        answer_time=(answer_time, NONNEGATIVE),
    )
    with np.errstate(over="ignore", under="ignore"):
        out = _erlang_a(lam, mu, theta, n, t)
    return ErlangAResult(**{k: kind(v) for k, v in out.items()})
