r"""Call-centre and teller staffing by Erlang C, vectorized over the intervals of a day.

For every interval, the fewest agents whose M/M/N queue meets every target given: a service
level (a fraction of calls answered within an answer time, e.g. 80 % within 20 s), an average
speed of answer, an occupancy cap; then the agents to schedule once shrinkage (breaks,
training, absence) is allowed for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from opsmodels._numeric import NONNEGATIVE, POSITIVE, broadcast_numeric
from opsmodels._results import Plottable, Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import Interval, NoneValue, check, invalid
from opsmodels.queueing._erlang import _erlang_b

__all__ = ["StaffingResult", "staffing"]

_SERVICE_LEVEL = Interval(0, 1, closed="neither")
_SHRINKAGE = Interval(0, 1, closed="left")
_OCCUPANCY = Interval(0, 1, closed="right")


@dataclass(frozen=True, slots=True, kw_only=True)
class StaffingResult(Result, Plottable):
    """Agents needed per interval and the service they give.

    Attributes
    ----------
    agents : int, ndarray or Series
        N, the fewest agents on the phones meeting every target.
    scheduled_agents : int, ndarray or Series
        ⌈N/(1 − shrinkage)⌉, the agents to schedule.
    traffic : float, ndarray or Series
        A = λ·AHT, the offered load [erlangs].
    service_level : float, ndarray or Series
        SL(t) = 1 − C(N, A)·e^(−(N − A)t/AHT) with N agents (1 when there is no traffic).
    asa : float, ndarray or Series
        Average speed of answer C(N, A)·AHT/(N − A) [time].
    occupancy : float, ndarray or Series
        A/N (0 when N = 0).
    p_wait : float, ndarray or Series
        C(N, A), the probability that a call waits.
    """

    agents: Any
    scheduled_agents: Any
    traffic: Any
    service_level: Any
    asa: Any
    occupancy: Any
    p_wait: Any


def _start(a: FloatArray, n: FloatArray) -> FloatArray:
    return _erlang_b(a, n)


def _search(
    a: FloatArray,
    aht: FloatArray,
    t: FloatArray | None,
    sl: FloatArray | None,
    asa: FloatArray | None,
    occupancy: FloatArray | None,
) -> FloatArray:
    """Fewest agents per item (all items have a > 0): one step of the Erlang B recursion for
    every still-unsatisfied item per pass."""
    n = np.floor(a) + 1.0
    if occupancy is not None:
        cap = np.ceil(a / occupancy)
        cap = np.where(a / cap > occupancy, cap + 1.0, cap)
        n = np.maximum(n, cap)
    if sl is None and asa is None:
        return n
    b = _start(a, n)
    agents = n.copy()
    active = np.arange(a.size)
    aa, nn, bb = a, n, b
    tt = None if t is None else t
    hh = aht
    ss, qq = sl, asa
    while active.size:
        c = nn * bb / (nn - aa * (1.0 - bb))
        ok = np.ones(active.size, dtype=bool)
        if ss is not None and tt is not None:
            ok &= 1.0 - c * np.exp(-(nn - aa) * tt / hh) >= ss
        if qq is not None:
            ok &= c * hh / (nn - aa) <= qq
        agents[active[ok]] = nn[ok]
        keep = ~ok
        active = active[keep]
        aa, nn, bb, hh = aa[keep], nn[keep] + 1.0, bb[keep], hh[keep]
        tt = None if tt is None else tt[keep]
        ss = None if ss is None else ss[keep]
        qq = None if qq is None else qq[keep]
        ab = aa * bb
        bb = ab / (nn + ab)
    return agents


def staffing(
    arrival_rate: ArrayLike,
    handle_time: ArrayLike,
    *,
    answer_time: ArrayLike | None = None,
    service_level: ArrayLike | None = None,
    shrinkage: ArrayLike = 0.0,
    max_occupancy: ArrayLike | None = None,
    asa: ArrayLike | None = None,
) -> StaffingResult:
    r"""The fewest agents meeting a service level, an ASA target and an occupancy cap (Erlang C).

    Parameters
    ----------
    arrival_rate : float, array_like or Series
        λ >= 0 per interval [calls/time], e.g. a day's arrival profile; an interval with no
        calls needs no agent.
    handle_time : float, array_like or Series
        AHT > 0, the mean handling time [time, the unit of ``1/arrival_rate``].
    answer_time : float, array_like, Series or None
        t >= 0, the service-level threshold [time]; given together with ``service_level``.
    service_level : float, array_like, Series or None
        Target fraction of calls answered within ``answer_time``, in (0, 1).
    shrinkage : float, array_like or Series
        Fraction of paid time agents are not available, in [0, 1).
    max_occupancy : float, array_like, Series or None
        Cap on A/N, in (0, 1].
    asa : float, array_like, Series or None
        Target average speed of answer > 0 [time].

    Returns
    -------
    StaffingResult
        ``agents, scheduled_agents, traffic, service_level, asa, occupancy, p_wait`` of the
        kind of the inputs (agents as integers). With no target at all, ``agents`` is the
        fewest giving a stable queue, ⌊A⌋ + 1.

    Raises
    ------
    InvalidInputError
        If a rate or time is invalid, a target is out of range, or only one of
        ``answer_time`` and ``service_level`` is given.

    Notes
    -----
    With A = λ·AHT and N > A agents, Erlang C gives
    :math:`SL(t) = 1 - C(N, A)\,e^{-(N-A)t/\mathrm{AHT}}`,
    :math:`\mathrm{ASA} = C(N, A)\,\mathrm{AHT}/(N - A)` and occupancy A/N; each is monotone
    in N, so the answer is the first N from :math:`\max(\lfloor A\rfloor + 1,
    \lceil A/\text{max occupancy}\rceil)` meeting every target. Every interval is searched at
    once: Erlang B at the starting N (directly, in O(1)), then one step of the recursion
    :math:`B_{N+1} = A B_N/(N + 1 + A B_N)` per pass for the intervals still short of their
    targets. Scheduled agents are :math:`\lceil N/(1 - \text{shrinkage})\rceil`.

    References
    ----------
    .. [1] G. Koole, *Call Center Optimization*, MG Books, 2013, sections 5.2-5.4.
    .. [2] N. Gans, G. Koole and A. Mandelbaum, "Telephone call centers: tutorial, review, and
       research prospects", *Manufacturing & Service Operations Management* 5(2), 79-141,
       2003. DOI 10.1287/msom.5.2.79.16071.

    Examples
    --------
    360 calls per half hour, 4-minute calls (A = 48 erlangs), 80 % answered in 20 seconds,
    30 % shrinkage:

    >>> r = staffing(360 / 1800, 240.0, answer_time=20.0, service_level=0.8, shrinkage=0.3)
    >>> r.agents, r.scheduled_agents, round(r.service_level, 4)
    (54, 78, 0.8172)
    >>> staffing([0.0, 0.1, 0.2], 240.0, answer_time=20.0, service_level=0.8).agents
    array([ 0, 29, 54])
    """
    func = "staffing"
    if (answer_time is None) != (service_level is None):
        missing = "answer_time" if answer_time is None else "service_level"
        raise invalid(
            func,
            missing,
            "given together with "
            + ("service_level" if missing == "answer_time" else "answer_time"),
            None,
        )
    args: dict[str, tuple[object, Any]] = {
        "arrival_rate": (arrival_rate, NONNEGATIVE),
        "handle_time": (handle_time, POSITIVE),
        "shrinkage": (shrinkage, _SHRINKAGE),
    }
    optional = {
        "answer_time": (answer_time, NONNEGATIVE),
        "service_level": (service_level, _SERVICE_LEVEL),
        "max_occupancy": (max_occupancy, _OCCUPANCY),
        "asa": (asa, POSITIVE),
    }
    for name, (value, spec) in optional.items():
        if value is None:
            check(func, name, value, [NoneValue(), spec])
        else:
            args[name] = (value, spec)
    kind, arrays = broadcast_numeric(func, **args)
    values = dict(zip(args, arrays, strict=True))
    lam = np.ravel(values["arrival_rate"])
    aht = np.ravel(values["handle_time"])
    a = lam * aht
    busy = np.flatnonzero(a > 0.0)

    def pick(name: str) -> FloatArray | None:
        return None if name not in values else np.ravel(values[name])[busy]

    agents = np.zeros(a.size)
    agents[busy] = _search(
        a[busy],
        aht[busy],
        pick("answer_time"),
        pick("service_level"),
        pick("asa"),
        pick("max_occupancy"),
    )
    b = np.zeros(a.size)
    b[busy] = _start(a[busy], agents[busy])
    with np.errstate(divide="ignore", invalid="ignore"):
        p_wait = np.where(a > 0.0, agents * b / (agents - a * (1.0 - b)), 0.0)
        delay = np.where(a > 0.0, aht / (agents - a), 0.0)
        occupancy = np.where(agents > 0.0, a / np.maximum(agents, 1.0), 0.0)
    t = np.ravel(values["answer_time"]) if "answer_time" in values else np.zeros(a.size)
    sl = np.where(a > 0.0, 1.0 - p_wait * np.exp(-t / np.where(a > 0, delay, 1.0)), 1.0)
    shrink = np.ravel(values["shrinkage"])
    scheduled = np.ceil(np.round(agents / (1.0 - shrink), 9))
    shape = kind.shape
    return StaffingResult(
        agents=kind(agents.astype(np.int64).reshape(shape)),
        scheduled_agents=kind(scheduled.astype(np.int64).reshape(shape)),
        traffic=kind(a.reshape(shape)),
        service_level=kind(np.clip(sl, 0.0, 1.0).reshape(shape)),
        asa=kind((p_wait * delay).reshape(shape)),
        occupancy=kind(occupancy.reshape(shape)),
        p_wait=kind(np.clip(p_wait, 0.0, 1.0).reshape(shape)),
    )
