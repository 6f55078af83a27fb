r"""Flow metrics: takt time, lead time, process cycle efficiency, value-added ratio, Little's law
and EPEI (every part every interval).

All functions take numbers, arrays or Series and return the same kind (arguments broadcast).
Times may be in any unit, the same unit for every argument of one call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from opsmodels._numeric import NONNEGATIVE, POSITIVE, check_le, numeric, ratio
from opsmodels._results import Result
from opsmodels._typing import ArrayLike
from opsmodels._validation import Interval, as_scalar, invalid

__all__ = [
    "LittlesLawResult",
    "epei",
    "lead_time",
    "littles_law",
    "process_cycle_efficiency",
    "takt_time",
    "value_added_ratio",
]


def takt_time(available_time: ArrayLike, demand: ArrayLike) -> Any:
    r"""Takt time: the pace of production that matches the customer demand.

    Parameters
    ----------
    available_time : float, array_like or Series
        Net available working time in the period (>= 0) [time].
    demand : float, array_like or Series
        Customer demand in the same period (>= 0) [units].

    Returns
    -------
    float, ndarray or Series
        Takt time [time per unit]; ``inf`` where the demand is 0 (no demand, no pace).

    Raises
    ------
    InvalidInputError
        If an argument is negative, NaN or infinite.

    Notes
    -----
    :math:`T_{takt} = T_{available} / D`.

    References
    ----------
    .. [1] M. Rother and J. Shook, *Learning to See*, Lean Enterprise Institute, 1999, p. 38
       (27,600 s available per shift, 460 pieces per shift: takt 60 s).

    Examples
    --------
    >>> takt_time(27_600, 460)
    60.0
    >>> takt_time(28_800.0, [480, 960, 0])
    array([60., 30., inf])
    """
    kind, (t, d) = numeric(
        "takt_time", available_time=(available_time, NONNEGATIVE), demand=(demand, NONNEGATIVE)
    )
    return kind(ratio(t, d, zero=np.inf))


def lead_time(
    process_time: ArrayLike,
    inventory: ArrayLike,
    demand_rate: ArrayLike,
    *,
    axis: int = -1,
) -> Any:
    r"""Lead time of a value stream: process times plus the time inventories wait.

    Parameters
    ----------
    process_time : array_like
        Processing (cycle) time of each step (>= 0) [time]; steps along ``axis``.
    inventory : array_like
        Inventory waiting in front of each step (>= 0) [units], shaped like ``process_time``.
    demand_rate : float or array_like
        Customer demand per unit of time (> 0) [units/time]; the inventory waits
        inventory / demand_rate (the "inventory days" of a value stream map).
    axis : int
        Axis along which the steps run.

    Returns
    -------
    float or ndarray
        :math:`LT = \sum_i PT_i + \sum_i I_i / d` [time]; a float for one value stream.

    Raises
    ------
    InvalidInputError
        If a time or inventory is negative, the demand rate is not positive, or the shapes do
        not broadcast.

    Notes
    -----
    Inventory waits :math:`I_i/d` by Little's law; the production lead time is the sum of the
    waiting times and the process times.

    References
    ----------
    .. [1] M. Rother and J. Shook, *Learning to See*, Lean Enterprise Institute, 1999,
       pp. 28-29 (the timeline: inventory divided by daily demand plus process times).

    Examples
    --------
    >>> lead_time([1.0, 2.0], [10.0, 20.0], 5.0)
    9.0
    """
    _, (pt, inv, d) = numeric(
        "lead_time",
        process_time=(process_time, NONNEGATIVE),
        inventory=(inventory, NONNEGATIVE),
        demand_rate=(demand_rate, POSITIVE),
    )
    if pt.ndim == 0:
        raise invalid("lead_time", "process_time", "an array of step times", process_time)
    ax = int(as_scalar("lead_time", "axis", axis, Interval(-pt.ndim, pt.ndim - 1, integer=True)))
    pt_b, inv_b = np.broadcast_arrays(pt, inv)
    total = pt_b.sum(axis=ax) + (inv_b / np.expand_dims(d, ax) if d.ndim else inv_b / d).sum(
        axis=ax
    )
    return float(total) if np.ndim(total) == 0 else np.asarray(total, dtype=np.float64)


def process_cycle_efficiency(value_added_time: ArrayLike, lead_time: ArrayLike) -> Any:
    r"""Process cycle efficiency: the share of the lead time that adds value.

    Parameters
    ----------
    value_added_time : float, array_like or Series
        Value-added time (>= 0, <= lead_time) [time].
    lead_time : float, array_like or Series
        Total lead time (> 0) [time].

    Returns
    -------
    float, ndarray or Series
        :math:`PCE = VA / LT`, in [0, 1].

    Raises
    ------
    InvalidInputError
        If a time is negative or the value-added time exceeds the lead time.

    Notes
    -----
    :math:`PCE = VA / LT` (George); a value above 1 would mean data error, so it is rejected.

    References
    ----------
    .. [1] M. L. George, *Lean Six Sigma: Combining Six Sigma Quality with Lean Production
       Speed*, McGraw-Hill, 2002, ch. 2 (process cycle efficiency).

    Examples
    --------
    >>> round(process_cycle_efficiency(188.0, 23.6 * 86_400 + 188.0), 6)
    9.2e-05
    """
    kind, (va, lt) = numeric(
        "process_cycle_efficiency",
        value_added_time=(value_added_time, NONNEGATIVE),
        lead_time=(lead_time, POSITIVE),
    )
    check_le("process_cycle_efficiency", "value_added_time", va, "lead_time", lt)
    return kind(np.minimum(va / lt, 1.0))


def value_added_ratio(value_added_time: ArrayLike, non_value_added_time: ArrayLike) -> Any:
    r"""Value-added ratio: value-added time over value-added plus non-value-added time.

    Parameters
    ----------
    value_added_time : float, array_like or Series
        Value-added time (>= 0) [time].
    non_value_added_time : float, array_like or Series
        Non-value-added time: waiting, transport, inspection, rework (>= 0) [time].

    Returns
    -------
    float, ndarray or Series
        :math:`VA/(VA + NVA)` in [0, 1]; 0 where both are 0.

    Raises
    ------
    InvalidInputError
        If a time is negative, NaN or infinite.

    Notes
    -----
    :math:`VAR = VA / (VA + NVA)`; equal to the process cycle efficiency when the two times
    add up to the lead time.

    References
    ----------
    .. [1] M. L. George, *Lean Six Sigma*, McGraw-Hill, 2002, ch. 2.

    Examples
    --------
    >>> value_added_ratio(30.0, 270.0)
    0.1
    """
    kind, (va, nva) = numeric(
        "value_added_ratio",
        value_added_time=(value_added_time, NONNEGATIVE),
        non_value_added_time=(non_value_added_time, NONNEGATIVE),
    )
    return kind(ratio(va, va + nva))


@dataclass(frozen=True, slots=True, kw_only=True)
class LittlesLawResult(Result):
    """The three quantities of Little's law, the missing one solved.

    Attributes
    ----------
    wip : float, ndarray or Series
        L, the average work in process [units].
    throughput : float, ndarray or Series
        λ (TH), the average throughput [units/time].
    cycle_time : float, ndarray or Series
        W (CT), the average time in the system [time].
    solved_for : str
        Which of the three was computed.
    """

    wip: Any
    throughput: Any
    cycle_time: Any
    solved_for: str


def littles_law(
    wip: ArrayLike | None = None,
    throughput: ArrayLike | None = None,
    cycle_time: ArrayLike | None = None,
) -> LittlesLawResult:
    r"""Little's law, WIP = throughput x cycle time, solved for the one quantity left out.

    Parameters
    ----------
    wip : float, array_like, Series or None
        Average work in process L (>= 0) [units].
    throughput : float, array_like, Series or None
        Average throughput λ (>= 0) [units/time].
    cycle_time : float, array_like, Series or None
        Average cycle (flow, lead) time W (>= 0) [time].

    Returns
    -------
    LittlesLawResult
        ``wip, throughput, cycle_time`` and ``solved_for``. Solving for the throughput or the
        cycle time with a zero divisor gives ``inf`` (0 when the dividend is 0 too).

    Raises
    ------
    InvalidInputError
        Unless exactly two of the three are given, each >= 0.

    Notes
    -----
    :math:`L = \lambda W` for any stable system in steady state.

    References
    ----------
    .. [1] J. D. C. Little, "A proof for the queuing formula L = λW", *Operations Research*
       9(3), 1961, 383-387, doi:10.1287/opre.9.3.383.
    .. [2] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., 2008, sec. 7.2.

    Examples
    --------
    >>> littles_law(throughput=2.0, cycle_time=5.0).wip
    10.0
    >>> littles_law(wip=10.0, throughput=2.0).cycle_time
    5.0
    """
    given = {
        name: value
        for name, value in (("wip", wip), ("throughput", throughput), ("cycle_time", cycle_time))
        if value is not None
    }
    if len(given) != 2:
        missing = "no argument" if not given else ", ".join(given)
        raise invalid(
            "littles_law",
            "wip" if wip is None else ("throughput" if throughput is None else "cycle_time"),
            "given with exactly one other of wip, throughput and cycle_time (the third is solved)",
            f"<{missing}>",
        )
    kind, arrays = numeric("littles_law", **{k: (v, NONNEGATIVE) for k, v in given.items()})
    values = dict(zip(given, arrays, strict=True))
    if wip is None:
        solved = "wip"
        values["wip"] = values["throughput"] * values["cycle_time"]
    elif throughput is None:
        solved = "throughput"
        values["throughput"] = ratio(values["wip"], values["cycle_time"], zero=np.inf)
        values["throughput"] = np.where(values["wip"] == 0, 0.0, values["throughput"])
    else:
        solved = "cycle_time"
        values["cycle_time"] = ratio(values["wip"], values["throughput"], zero=np.inf)
        values["cycle_time"] = np.where(values["wip"] == 0, 0.0, values["cycle_time"])
    return LittlesLawResult(
        wip=kind(values["wip"]),
        throughput=kind(values["throughput"]),
        cycle_time=kind(values["cycle_time"]),
        solved_for=solved,
    )


def epei(changeover_time: ArrayLike, available_time: ArrayLike, run_time: ArrayLike) -> Any:
    r"""EPEI, every part every interval: how often the whole product mix can be cycled.

    Parameters
    ----------
    changeover_time : float, array_like or Series
        Total changeover time to run every part once (the sum over the parts) (>= 0) [time].
    available_time : float, array_like or Series
        Available production time per period, e.g. per day (> 0) [time].
    run_time : float, array_like or Series
        Time needed per period to make the demand of every part (>= 0) [time].

    Returns
    -------
    float, ndarray or Series
        EPEI in periods (e.g. days); ``inf`` where the run time uses the whole available time
        (no time is left for changeovers).

    Raises
    ------
    InvalidInputError
        If a time is negative, NaN or infinite, or available time is not positive.

    Notes
    -----
    :math:`EPEI = \sum_j C_j / (T_{available} - T_{run})`: the time left after running the
    demand is spent on changeovers, one full cycle of changeovers every EPEI periods.

    References
    ----------
    .. [1] M. Rother and J. Shook, *Learning to See*, Lean Enterprise Institute, 1999, p. 54
       (EPEI and changeover time).
    .. [2] C. Marchwinski and J. Shook (eds.), *Lean Lexicon*, 4th ed., Lean Enterprise
       Institute, 2008 ("every product every interval").

    Examples
    --------
    >>> epei(60.0, 480.0, 450.0)
    2.0
    """
    kind, (c, avail, run) = numeric(
        "epei",
        changeover_time=(changeover_time, NONNEGATIVE),
        available_time=(available_time, POSITIVE),
        run_time=(run_time, NONNEGATIVE),
    )
    spare = avail - run
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(spare > 0, c / np.where(spare > 0, spare, 1.0), np.inf)
    out = np.where(c == 0, 0.0, out)
    return kind(out)
