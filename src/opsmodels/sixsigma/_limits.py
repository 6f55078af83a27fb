"""Control-chart results and reusable (frozen) control limits shared by every chart.

A chart function returns a :class:`ControlChart` (or a pair of them for the X-bar/R, X-bar/S
and I-MR charts). Its ``limits`` field is a :class:`ChartLimits`: the process parameters the
limits were computed from (mean and sigma, p-bar, c-bar...), which can be saved with
:meth:`ChartLimits.to_json`, loaded with :meth:`ChartLimits.from_json` and passed back to the
chart function with ``limits=`` to chart new data against frozen limits (Phase II).
"""

from __future__ import annotations

import functools
import json
import math
import numbers
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, ParamSpec, TypeVar

import numpy as np
import pandas as pd
from scipy import special

from opsmodels._results import Plottable, Result
from opsmodels._typing import FloatArray, IntArray
from opsmodels._validation import (
    InstanceOf,
    Interval,
    NanPolicy,
    NoneValue,
    OneOf,
    as_float_array,
    check,
    invalid,
)
from opsmodels.sixsigma._rules import RuleViolations, run_rules

__all__ = ["ChartLimits", "ControlChart"]

RuleSet = Literal["western_electric", "nelson"]
P = ParamSpec("P")
R = TypeVar("R")

#: Parameters each kind of frozen limits needs, by chart kind.
_REQUIRED: dict[str, tuple[str, ...]] = {
    "xbar_r": ("mean", "sigma"),
    "xbar_s": ("mean", "sigma"),
    "imr": ("mean", "sigma", "span"),
    "p": ("p",),
    "np": ("p",),
    "c": ("c",),
    "u": ("u",),
    "laney_p": ("p", "sigma_z"),
    "laney_u": ("u", "sigma_z"),
    "g": ("mean",),
    "ewma": ("target", "sigma", "lam"),
    "cusum": ("target", "reference_value", "decision_interval", "head_start"),
    "t2": ("mean", "covariance", "subgroups", "subgroup_size"),
}

#: Which frozen limits each chart function accepts (charts sharing the same parameters).
_COMPATIBLE: dict[str, tuple[str, ...]] = {
    "xbar_r": ("xbar_r", "xbar_s", "imr"),
    "xbar_s": ("xbar_r", "xbar_s", "imr"),
    "imr": ("imr", "xbar_r", "xbar_s"),
    "p": ("p", "np"),
    "np": ("p", "np"),
}

_LIMIT_TYPES = ("sigma", "probability")


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartLimits(Result):
    """Frozen control limits: the process parameters a chart's limits are computed from.

    Limits are stored as parameters rather than as fixed lines so that they apply to new
    data with other subgroup or sample sizes (the limits step with the size, as in Phase I).
    Build one directly to chart against known standards (e.g. a target p).

    Attributes
    ----------
    chart : str
        Chart kind: ``"xbar_r"``, ``"xbar_s"``, ``"imr"``, ``"p"``, ``"np"``, ``"c"``,
        ``"u"``, ``"laney_p"``, ``"laney_u"``, ``"g"``, ``"ewma"``, ``"cusum"`` or ``"t2"``.
    parameters : dict
        Chart-specific estimates. Variables charts: ``mean`` (:math:`\\mu`) and ``sigma``
        (the within-subgroup process standard deviation :math:`\\sigma`), plus ``span`` for
        I-MR; p/np: ``p`` (:math:`\\bar p`); c: ``c``; u: ``u``; Laney: also ``sigma_z``;
        g: ``mean`` (:math:`\\bar g`); EWMA: ``target``, ``sigma``, ``lam`` and optionally
        ``asymptotic`` (bool, False when absent: exact time-varying limits); CUSUM:
        ``target``, ``reference_value`` (K), ``decision_interval`` (H), ``head_start`` (all
        in data units); T²: ``mean`` (vector), ``covariance`` (matrix), ``subgroups`` (m),
        ``subgroup_size`` (n, 1 for individual observations).
    limit_type : {"sigma", "probability"}
        ``"sigma"`` (center ± L·sigma) or ``"probability"`` (quantiles at alpha/2 and
        1 - alpha/2).
    L : float
        Width of sigma limits in standard deviations of the plotted statistic.
    alpha : float
        False-alarm probability of probability limits (and of the T² limit).

    Examples
    --------
    >>> limits = ChartLimits(chart="p", parameters={"p": 0.1})
    >>> ChartLimits.from_json(limits.to_json()) == limits
    True
    """

    chart: str
    parameters: dict[str, Any] = field(default_factory=dict)
    limit_type: str = "sigma"
    L: float = 3.0
    alpha: float = 0.0027

    def __post_init__(self) -> None:
        func = "ChartLimits"
        check(func, "chart", self.chart, OneOf(*_REQUIRED))
        check(func, "parameters", self.parameters, InstanceOf(Mapping, name="a mapping"))
        missing = [p for p in _REQUIRED[self.chart] if p not in self.parameters]
        if missing:
            raise invalid(
                func,
                "parameters",
                f"a mapping with keys {list(_REQUIRED[self.chart])} for a {self.chart!r} chart",
                f"<keys {sorted(self.parameters)}>",
            )
        check(func, "limit_type", self.limit_type, OneOf(*_LIMIT_TYPES))
        check(func, "L", self.L, Interval(0, None, closed="neither"))
        check(func, "alpha", self.alpha, Interval(0, 1, closed="neither"))
        object.__setattr__(self, "parameters", dict(self.parameters))

    def to_json(self) -> str:
        """Serialise the limits to a JSON string (read back with :meth:`from_json`).

        Returns
        -------
        str
        """
        payload = {"opsmodels": "ChartLimits", **self.to_dict()}
        return json.dumps(payload, allow_nan=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ChartLimits:
        """Load limits saved with :meth:`to_json`.

        Parameters
        ----------
        text : str
            The JSON text.

        Returns
        -------
        ChartLimits

        Raises
        ------
        InvalidInputError
            If the text is not JSON saved by :meth:`to_json`.
        """
        check("ChartLimits.from_json", "text", text, InstanceOf(str, name="a JSON string"))
        try:
            payload = json.loads(text)
        except json.JSONDecodeError:
            raise invalid("ChartLimits.from_json", "text", "valid JSON", text) from None
        if not isinstance(payload, dict) or payload.get("opsmodels") != "ChartLimits":
            raise invalid(
                "ChartLimits.from_json", "text", "JSON written by ChartLimits.to_json", text
            )
        params = {k: _from_jsonable(v) for k, v in dict(payload.get("parameters", {})).items()}
        return cls(
            chart=str(payload.get("chart")),
            parameters=params,
            limit_type=payload.get("limit_type", "sigma"),
            L=_from_jsonable(payload.get("L", 3.0)),
            alpha=_from_jsonable(payload.get("alpha", 0.0027)),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ChartLimits):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def value(self, name: str) -> float:
        """A scalar parameter as float (for the chart functions)."""
        return float(self.parameters[name])


def _from_jsonable(value: Any) -> Any:
    if isinstance(value, str) and value in ("inf", "-inf", "nan"):
        return float(value)
    if isinstance(value, list):
        return [_from_jsonable(v) for v in value]
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlChart(Result, Plottable):
    """One control chart: plotted statistic, center line, limits and flagged points.

    Attributes
    ----------
    chart : str
        ``"xbar"``, ``"r"``, ``"s"``, ``"individuals"``, ``"moving_range"``, ``"p"``,
        ``"np"``, ``"c"``, ``"u"``, ``"laney_p"``, ``"laney_u"``, ``"g"``, ``"ewma"``,
        ``"cusum"`` or ``"t2"``.
    statistic : ndarray or Series
        The plotted points (a Series indexed like the input when it had an index, or by
        subgroup label for grouped data).
    center : float or ndarray
        Center line (CL); per point when the limits vary with the subgroup size.
    lcl, ucl : float or ndarray
        Lower and upper control limits (LCL, UCL).
    sigma : float or ndarray
        Standard deviation of the plotted statistic; the run-rule zones are
        ``center ± k·sigma``.
    violations : RuleViolations
        Flags of the run rules applied (rule 1, points beyond the limits, by default).
    phase : {"I", "II"}
        ``"I"`` when the limits were estimated from these data, ``"II"`` when frozen
        limits or known standards were applied.
    excluded : ndarray of int
        0-based positions of the points dropped while revising Phase I limits.
    limits : ChartLimits
        The frozen limits, reusable on new data with ``limits=``.

    Examples
    --------
    >>> from opsmodels.sixsigma import p_chart
    >>> chart = p_chart([12, 15, 8, 10, 4, 7], 50)
    >>> chart.chart, chart.phase, round(chart.center, 4)
    ('p', 'I', 0.1867)
    >>> chart.out_of_control()
    array([], dtype=int64)
    """

    chart: str
    statistic: Any
    center: Any
    lcl: Any
    ucl: Any
    sigma: Any
    violations: RuleViolations
    phase: Literal["I", "II"]
    excluded: IntArray
    limits: ChartLimits

    def out_of_control(self) -> IntArray:
        """Positions of the points flagged by any applied rule.

        Returns
        -------
        ndarray of int64
        """
        return self.violations.points()


# ---------------------------------------------------------------------------------------
# Helpers shared by the chart modules
# ---------------------------------------------------------------------------------------


def check_common(
    func: str,
    *,
    rules: object,
    L: object = 3.0,
    alpha: object = 0.0027,
    limit_type: object = "sigma",
    revise: object = False,
    limits: object = None,
    enabled: object = None,
) -> None:
    """Checks of the options every chart takes."""
    check(func, "rules", rules, [NoneValue(), OneOf("western_electric", "nelson")])
    real(func, "L", L, Interval(0, None, closed="neither"))
    real(func, "alpha", alpha, Interval(0, 1, closed="neither"))
    check(func, "limit_type", limit_type, OneOf(*_LIMIT_TYPES))
    check(func, "revise", revise, InstanceOf(bool, np.bool_, name="a bool"))
    check(func, "limits", limits, [NoneValue(), InstanceOf(ChartLimits)])
    if enabled is not None and (
        not isinstance(enabled, Collection)
        or isinstance(enabled, str)
        or not all(isinstance(r, numbers.Integral) for r in enabled)
    ):
        raise invalid(func, "enabled", "None or a collection of rule numbers", enabled)
    if revise and limits is not None:
        raise invalid(func, "revise", "False when frozen limits are given", revise)


def series_values(
    func: str, name: str, x: object, nan_policy: NanPolicy
) -> tuple[FloatArray, pd.Index | None]:
    """A chart's 1-D data under the NaN policy, and the Series index of the points kept."""
    values = as_float_array(func, name, x, nan_policy=nan_policy, ndim=1, keep_nan=True)
    index = x.index if isinstance(x, pd.Series) else None
    missing = np.isnan(values)
    if not missing.any():
        return values, index
    keep = ~missing
    return values[keep], None if index is None else index[keep]


def real(
    func: str,
    name: str,
    value: object,
    constraint: Interval | None = None,
    *,
    optional: bool = False,
) -> None:
    """Check a real scalar parameter (None allowed when ``optional``)."""
    if optional and value is None:
        return
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        expected = "a real number" + (f" {constraint}" if constraint is not None else "")
        raise invalid(func, name, ("None or " if optional else "") + expected, value)
    check(func, name, value, constraint if constraint is not None else Interval())


def quiet(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a chart with overflow allowed: extreme parameters give infinite limits (or a
    clear error from the finiteness checks) instead of numpy warnings."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with np.errstate(over="ignore", invalid="ignore"):
            return fn(*args, **kwargs)

    return wrapper


def frozen(func: str, limits: ChartLimits, kind: str) -> ChartLimits:
    """Check that ``limits`` fit a chart of ``kind``."""
    allowed = _COMPATIBLE.get(kind, (kind,))
    if limits.chart not in allowed:
        names = " or ".join(repr(a) for a in allowed)
        raise invalid(func, "limits", f"limits of a {names} chart", f"<{limits.chart!r} limits>")
    return limits


def violations(
    statistic: FloatArray,
    *,
    center: Any,
    sigma: Any,
    lcl: Any,
    ucl: Any,
    rules: RuleSet | None,
    enabled: Collection[int] | None,
) -> RuleViolations:
    """Run rules on a chart: rule 1 only unless a rule set is named."""
    if rules is None:
        rule_set: RuleSet = "western_electric"
        enabled = {1} if enabled is None else enabled
    else:
        rule_set = rules
    return run_rules(
        statistic, center=center, sigma=sigma, rules=rule_set, lcl=lcl, ucl=ucl, enabled=enabled
    )


def build_chart(
    name: str,
    statistic: FloatArray,
    index: pd.Index | None,
    center: Any,
    sd: Any,
    lcl: Any,
    ucl: Any,
    *,
    rules: RuleSet | None,
    enabled: Collection[int] | None,
    phase: Literal["I", "II"],
    excluded: IntArray,
    limits: ChartLimits,
    func: str,
    param: str,
) -> ControlChart:
    """Assemble a chart: squeeze constant limits to floats and apply the run rules."""
    finite = np.isfinite(statistic).all() and np.isfinite(center).all() and np.isfinite(sd).all()
    if not finite or not bool(np.all(np.asarray(sd) > 0)):
        raise invalid(
            func,
            param,
            "data and parameters giving a finite statistic and limits",
            "<values that overflow or leave no variation>",
        )
    center, sd, lcl, ucl = (squeeze(v) for v in (center, sd, lcl, ucl))
    return ControlChart(
        chart=name,
        statistic=shaped(statistic, index, name),
        center=center,
        lcl=lcl,
        ucl=ucl,
        sigma=sd,
        violations=violations(
            statistic, center=center, sigma=sd, lcl=lcl, ucl=ucl, rules=rules, enabled=enabled
        ),
        phase=phase,
        excluded=excluded,
        limits=limits,
    )


def farthest(keep: Any, *charts: tuple[FloatArray, Any, Any]) -> int:
    """Position of the kept point farthest beyond its limits, or -1 when none is beyond.

    Each chart is ``(statistic, lcl, ucl)``; the distance beyond a limit is measured in
    widths of the control band, so points of the two charts of a pair compare. Phase I
    revision removes one point at a time: dropping every point beyond at once can discard
    sound subgroups that only an outlier's pull on the center put beyond.
    """
    best, where = 0.0, -1
    for statistic, lcl, ucl in charts:
        with np.errstate(divide="ignore", invalid="ignore"):
            width = np.asarray(ucl, dtype=np.float64) - np.asarray(lcl, dtype=np.float64)
            width = np.where(width > 0, width, 1.0)
            excess = np.maximum(statistic - ucl, lcl - statistic) / width
        excess = np.where(keep & (excess > 0), excess, 0.0)
        if excess.size:
            i = int(np.argmax(excess))
            if excess[i] > best:
                best, where = float(excess[i]), i
    return where


def shaped(values: FloatArray, index: pd.Index | None, name: str | None = None) -> Any:
    """An ndarray, or a Series on ``index`` when the input had one."""
    if index is None:
        return values
    return pd.Series(values, index=index, name=name)


def squeeze(values: Any) -> Any:
    """A float when every element of a per-point array is equal, else the array."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim == 0:
        return float(arr)
    if arr.size and bool(np.all(arr == arr.flat[0])):
        return float(arr.flat[0])
    return arr


def z_quantile(alpha: float) -> float:
    """Standard normal 1 - alpha/2 quantile."""
    return float(-special.ndtri(alpha / 2.0))


def positive_sigma(func: str, name: str, sigma: float, what: str) -> float:
    """Reject a zero or non-finite estimate of a standard deviation.

    ``what`` follows "must be", e.g. ``"data that vary within subgroups"``::

        The 'x' parameter of imr_chart must be data that vary. Got an estimated standard deviation of 0.0
        instead.
    """
    if not (math.isfinite(sigma) and sigma > 0):
        raise invalid(func, name, what, f"<an estimated standard deviation of {sigma!r}>")
    return sigma


def excluded_positions(keep: Any) -> IntArray:
    """Positions where the keep mask is False."""
    return np.flatnonzero(~np.asarray(keep, dtype=bool)).astype(np.int64)
