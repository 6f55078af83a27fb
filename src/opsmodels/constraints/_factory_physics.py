r"""Factory physics: best, worst and practical worst case throughput and cycle time against WIP.

Hopp & Spearman's bounds for a closed (CONWIP) serial line, from the stations' process times
and machine counts only, vectorized over the WIP levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from opsmodels._numeric import numeric
from opsmodels._results import Plottable, Result
from opsmodels._typing import ArrayLike
from opsmodels._validation import InstanceOf, Interval, as_float_array, check, invalid
from opsmodels.queueing import mva

__all__ = ["FactoryPhysicsResult", "factory_physics"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FactoryPhysicsResult(Result, Plottable):
    """Hopp & Spearman's throughput and cycle-time curves of a serial line.

    Attributes
    ----------
    rb : float
        Bottleneck rate r_b = minᵢ mᵢ/tᵢ [jobs per time unit].
    t0 : float
        Raw process time T₀ = Σᵢ tᵢ [time].
    w0 : float
        Critical WIP W₀ = r_b·T₀ [jobs].
    critical_wip : float
        The same W₀ under its full name.
    wip : float, ndarray or Series
        The WIP levels w, as given.
    th_best, ct_best : like ``wip``
        Best case TH = min(w/T₀, r_b) and CT = max(T₀, w/r_b).
    th_worst, ct_worst : like ``wip``
        Worst case TH = 1/T₀ and CT = w·T₀.
    th_pwc, ct_pwc : like ``wip``
        Practical worst case TH = r_b·w/(W₀ + w − 1) and CT = T₀ + (w − 1)/r_b.
    th_exact, ct_exact : like ``wip``, or None
        With ``exact=True``: TH(w) and CT(w) of the closed line with exponential process
        times, by exact mean value analysis (load-dependent multi-machine stations).
    """

    rb: float
    t0: float
    w0: float
    critical_wip: float
    wip: Any
    th_best: Any
    ct_best: Any
    th_worst: Any
    ct_worst: Any
    th_pwc: Any
    ct_pwc: Any
    th_exact: Any = None
    ct_exact: Any = None


def factory_physics(
    process_times: ArrayLike, machines: ArrayLike, wip: Any, *, exact: bool = False
) -> FactoryPhysicsResult:
    r"""Best case, worst case and practical worst case curves of a serial line against WIP.

    Parameters
    ----------
    process_times : array_like, shape (K,)
        Mean process time tᵢ > 0 of one job at each station [time].
    machines : int or array_like of shape (K,)
        Number of identical parallel machines mᵢ >= 1 at each station (whole numbers); a
        scalar applies to every station.
    wip : float, ndarray or Series
        WIP levels w >= 1 [jobs] (real numbers allowed, for smooth curves). The curves come
        back in the same kind (float, ndarray or Series with its index).
    exact : bool
        Also compute the exact curves of the line as a closed network of exponential stations
        (:func:`opsmodels.queueing.mva`); the WIP levels must then be whole numbers.

    Returns
    -------
    FactoryPhysicsResult
        ``rb, t0, w0, critical_wip`` (scalars) and ``wip, th_best, ct_best, th_worst,
        ct_worst, th_pwc, ct_pwc`` (and ``th_exact, ct_exact`` with ``exact=True``) shaped
        like ``wip``.

    Raises
    ------
    InvalidInputError
        If a process time is not finite and > 0, a machine count is not a whole number >= 1,
        the shapes differ, or a WIP level is below 1, not finite, or (with ``exact=True``) not
        a whole number.

    Notes
    -----
    With :math:`r_b = \min_i m_i/t_i`, :math:`T_0 = \sum_i t_i` and :math:`W_0 = r_b T_0`:

    .. math::

        TH_{best} = \min(w/T_0,\ r_b),\quad CT_{best} = \max(T_0,\ w/r_b),\\
        TH_{worst} = 1/T_0,\quad CT_{worst} = w T_0,\\
        TH_{pwc} = \frac{w}{W_0 + w - 1} r_b,\quad CT_{pwc} = T_0 + \frac{w - 1}{r_b}.

    Every case obeys Little's law CT = w/TH. The practical worst case is the exact mean value
    analysis of a balanced line of single exponential machines; ``exact=True`` runs that
    analysis on the actual line (its cost grows with the largest WIP level).

    References
    ----------
    .. [1] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., Waveland Press, 2008,
       chapter 7 ("Basic Factory Dynamics"), section 7.3, the Penny Fab examples.

    Examples
    --------
    Penny Fab One: four single-machine stations of 2 hours each.

    >>> r = factory_physics([2.0, 2.0, 2.0, 2.0], 1, [1.0, 4.0, 8.0])
    >>> r.rb, r.t0, r.w0
    (0.5, 8.0, 4.0)
    >>> r.th_best
    array([0.125, 0.5  , 0.5  ])
    >>> r.ct_pwc
    array([ 8., 14., 22.])

    Penny Fab Two (2, 5, 10, 3 hours on 1, 2, 6, 2 machines), exact curve with exponential
    times:

    >>> r = factory_physics([2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2], [1, 8, 20], exact=True)
    >>> r.rb, r.t0, r.w0
    (0.4, 20.0, 8.0)
    >>> bool(np.all(r.th_pwc <= r.th_exact)), bool(np.all(r.th_exact <= r.th_best))
    (True, True)
    """
    func = "factory_physics"
    t = as_float_array(func, "process_times", process_times, ndim=1, nan_hint=False)
    if not np.all(t > 0):
        raise invalid(func, "process_times", "finite numbers > 0", process_times)
    m = as_float_array(func, "machines", machines, ndim=(0, 1), nan_hint=False)
    if not np.all((m >= 1) & (np.floor(m) == m)):
        raise invalid(func, "machines", "whole numbers >= 1", machines)
    if m.ndim == 0:
        m = np.full(t.shape, float(m))
    if m.shape != t.shape:
        raise invalid(func, "machines", f"a scalar or {t.size} values (one per station)", machines)
    check(func, "exact", exact, InstanceOf(bool, np.bool_, name="a bool"))
    spec = Interval(1, None, integer=True) if exact else Interval(1, None)
    kind, (w,) = numeric(func, wip=(wip, [spec]))
    rb = float(np.min(m / t))
    t0 = float(np.sum(t))
    w0 = rb * t0
    th_best = np.minimum(w / t0, rb)
    ct_best = np.maximum(t0, w / rb)
    th_worst = np.full(w.shape, 1.0 / t0)
    ct_worst = w * t0
    th_pwc = rb * w / (w0 + w - 1.0)
    ct_pwc = t0 + (w - 1.0) / rb
    th_exact = ct_exact = None
    if exact:
        levels = w.astype(np.int64)
        curve = mva(t, m, int(levels.max()))
        th_exact = kind(curve.throughput[levels - 1])
        ct_exact = kind(curve.response_time[levels - 1])
    return FactoryPhysicsResult(
        rb=rb,
        t0=t0,
        w0=w0,
        critical_wip=w0,
        wip=kind(w),
        th_best=kind(th_best),
        ct_best=kind(ct_best),
        th_worst=kind(th_worst),
        ct_worst=kind(ct_worst),
        th_pwc=kind(th_pwc),
        ct_pwc=kind(ct_pwc),
        th_exact=th_exact,
        ct_exact=ct_exact,
    )
