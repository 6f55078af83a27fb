r"""Forecasts of intermittent demand for inventory (Croston, SBA, TSB), vectorized over SKUs.

Each method smooths the history of one SKU period by period (a recursion in time); all SKUs of
a 2-D history (rows = SKUs, columns = periods) are updated together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from opsmodels._results import Result
from opsmodels._typing import ArrayLike
from opsmodels._validation import Interval, OneOf, as_float_array, check

__all__ = ["IntermittentResult", "croston", "intermittent_forecast", "sba", "tsb"]

IntermittentMethod = Literal["croston", "sba", "tsb"]
_SMOOTHING = Interval(0, 1, closed="right")


@dataclass(frozen=True, slots=True, kw_only=True)
class IntermittentResult(Result):
    """Intermittent-demand forecast per SKU.

    Attributes
    ----------
    forecast : float, ndarray or Series
        Forecast demand per period after the last observed period (>= 0).
    demand_size : float, ndarray or Series
        Smoothed size of a nonzero demand (z).
    demand_probability : float, ndarray or Series
        Smoothed probability of a demand in a period: 1/p for Croston and SBA (p the smoothed
        interval between demands), π for TSB.
    fitted : ndarray or DataFrame
        One-step-ahead forecast of every period (shaped like the history; 0 before a
        SKU's first demand).
    method : str
        The method used.
    """

    forecast: Any
    demand_size: Any
    demand_probability: Any
    fitted: Any
    method: str


def intermittent_forecast(
    demand: ArrayLike,
    *,
    method: IntermittentMethod = "croston",
    alpha: float = 0.1,
    beta: float = 0.1,
) -> IntermittentResult:
    r"""Croston, SBA or TSB forecast of intermittent demand, for many SKUs at once.

    Parameters
    ----------
    demand : array_like, Series or DataFrame
        Demand history >= 0 in time order: 1-D for one SKU, or 2-D with one row per SKU (a
        DataFrame keeps its index).
    method : {"croston", "sba", "tsb"}
        ``"croston"``: Croston (1972); ``"sba"``: Syntetos-Boylan approximation, Croston's
        ratio times :math:`1 - \alpha/2` (corrects its bias); ``"tsb"``:
        Teunter-Syntetos-Babai, which smooths the probability of demand every period (so the
        forecast decays through long runs of zeros: suited to obsolescence).
    alpha : float
        Smoothing constant in (0, 1] of the demand size (and, for Croston and SBA, of the
        interval).
    beta : float
        Smoothing constant in (0, 1] of the demand probability (TSB only).

    Returns
    -------
    IntermittentResult
        ``forecast, demand_size, demand_probability, fitted, method``; a SKU that never had
        demand is forecast 0.

    Raises
    ------
    InvalidInputError
        For negative or missing demand, smoothing constants outside (0, 1], an unknown method.

    Notes
    -----
    Initialization: the size z starts at the first nonzero demand and the interval p at
    its period number (1-based), i.e. the periods from the start of the history to it
    (TSB: π = 1/p). After that, for Croston and SBA, at each period t with demand
    :math:`d_t > 0` and q periods since the previous demand:
    :math:`z \leftarrow z + \alpha(d_t - z)`, :math:`p \leftarrow p + \alpha(q - p)`
    (no update in periods without demand); forecast :math:`z/p`, times
    :math:`1-\alpha/2` for SBA. TSB updates every period:
    :math:`\pi \leftarrow \pi + \beta(1[d_t>0] - \pi)` and, when :math:`d_t > 0`,
    :math:`z \leftarrow z + \alpha(d_t - z)`; forecast :math:`\pi z`.

    References
    ----------
    .. [1] J. D. Croston, "Forecasting and stock control for intermittent demands",
       *Operational Research Quarterly* 23(3), 1972, 289-303.
    .. [2] A. A. Syntetos and J. E. Boylan, "The accuracy of intermittent demand estimates",
       *International Journal of Forecasting* 21(2), 2005, 303-314.
    .. [3] R. H. Teunter, A. A. Syntetos and M. Z. Babai, "Intermittent demand: linking
       forecasting to inventory obsolescence", *European Journal of Operational Research*
       214(3), 2011, 606-615.

    Examples
    --------
    >>> r = intermittent_forecast([0, 3, 0, 0, 5, 0, 2])
    >>> round(r.forecast, 6), round(r.demand_size, 4)
    (1.473684, 3.08)
    >>> round(intermittent_forecast([0, 3, 0, 0, 5, 0, 2], method="sba").forecast, 6)
    1.4
    """
    func = "intermittent_forecast"
    check(func, "method", method, OneOf("croston", "sba", "tsb"))
    check(func, "alpha", alpha, _SMOOTHING)
    check(func, "beta", beta, _SMOOTHING)
    raw = demand.to_numpy() if isinstance(demand, pd.DataFrame) else demand
    data = as_float_array(func, "demand", raw, ndim=(1, 2))
    check(func, "demand", data, Interval(0, None))
    rows = data.reshape(1, -1) if data.ndim == 1 else data
    a, b = float(alpha), float(beta)
    n, big_t = rows.shape
    size = np.zeros(n)
    interval = np.ones(n)
    prob = np.zeros(n)
    started = np.zeros(n, dtype=bool)
    last = np.zeros(n)  # period (1-based) of the latest demand
    fitted = np.zeros((n, big_t))
    tsb = method == "tsb"
    for t in range(big_t):
        with np.errstate(divide="ignore", invalid="ignore"):
            now = prob * size if tsb else np.where(started, size / interval, 0.0)
        fitted[:, t] = np.where(started, now, 0.0)
        d = rows[:, t]
        hit = d > 0
        first = hit & ~started
        more = hit & started
        period = t + 1.0
        # first demand: initialize
        size = np.where(first, d, size)
        interval = np.where(first, period, interval)
        prob = np.where(first, 1.0 / period, prob)
        # later periods
        if tsb:
            prob = np.where(started, prob + b * (hit - prob), prob)
            size = np.where(more, size + a * (d - size), size)
        else:
            gap = period - last
            size = np.where(more, size + a * (d - size), size)
            interval = np.where(more, interval + a * (gap - interval), interval)
            prob = np.where(started | first, 1.0 / interval, prob)
        last = np.where(hit, period, last)
        started |= first
    forecast = prob * size if tsb else np.where(started, size / interval, 0.0)
    if method == "sba":
        forecast = forecast * (1.0 - a / 2.0)
        fitted = fitted * (1.0 - a / 2.0)
    forecast = np.where(started, forecast, 0.0)
    if data.ndim == 1:
        fit: Any = fitted[0]
        if isinstance(demand, pd.Series):
            fit = pd.Series(fitted[0], index=demand.index, name="fitted")
        return IntermittentResult(
            forecast=float(forecast[0]),
            demand_size=float(size[0]),
            demand_probability=float(prob[0]),
            fitted=fit,
            method=method,
        )
    if isinstance(demand, pd.DataFrame):
        idx = demand.index
        return IntermittentResult(
            forecast=pd.Series(forecast, index=idx, name="forecast"),
            demand_size=pd.Series(size, index=idx, name="demand_size"),
            demand_probability=pd.Series(prob, index=idx, name="demand_probability"),
            fitted=pd.DataFrame(fitted, index=idx, columns=demand.columns),
            method=method,
        )
    return IntermittentResult(
        forecast=forecast, demand_size=size, demand_probability=prob, fitted=fitted, method=method
    )


def croston(demand: ArrayLike, *, alpha: float = 0.1) -> IntermittentResult:
    """Croston's method: :func:`intermittent_forecast` with ``method="croston"``.

    Examples
    --------
    >>> round(croston([0, 3, 0, 0, 5, 0, 2]).forecast, 6)
    1.473684
    """
    return intermittent_forecast(demand, method="croston", alpha=alpha)


def sba(demand: ArrayLike, *, alpha: float = 0.1) -> IntermittentResult:
    """Syntetos-Boylan approximation: :func:`intermittent_forecast` with ``method="sba"``.

    Examples
    --------
    >>> round(sba([0, 3, 0, 0, 5, 0, 2]).forecast, 6)
    1.4
    """
    return intermittent_forecast(demand, method="sba", alpha=alpha)


def tsb(demand: ArrayLike, *, alpha: float = 0.1, beta: float = 0.1) -> IntermittentResult:
    """Teunter-Syntetos-Babai method: :func:`intermittent_forecast` with ``method="tsb"``.

    Examples
    --------
    >>> round(tsb([0, 3, 0, 0, 5, 0, 2]).forecast, 6)
    1.466835
    """
    return intermittent_forecast(demand, method="tsb", alpha=alpha, beta=beta)
