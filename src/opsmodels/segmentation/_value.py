"""Customer lifetime value: discounted expected residual transactions of a fitted
buy-till-you-die model times expected spend, with every time unit explicit."""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from opsmodels._validation import InstanceOf, Interval, OneOf, as_scalar, check, invalid
from opsmodels.errors import InvalidInputError
from opsmodels.segmentation._btyd import BGNBD, GammaGamma, ParetoNBD
from opsmodels.segmentation._discrete import BGBB
from opsmodels.segmentation._fitting import as_values
from opsmodels.segmentation._summary import _DAY_NS, _as_duration

__all__ = ["customer_lifetime_value"]

TRANSACTION_MODEL = InstanceOf(
    BGNBD, ParetoNBD, BGBB, name="a BGNBD, MBGNBD, ParetoNBD or BGBB model"
)

# Calendar units have no fixed length: a year is the mean Gregorian year, a month 1/12 of it.
_YEAR_NS = int(365.2425 * _DAY_NS)
_CALENDAR = {"Y": _YEAR_NS, "M": _YEAR_NS // 12, "W": 7 * _DAY_NS}
_CALENDAR_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)?\s*([YMW])\s*$")

_DURATION = (
    "a length of time: a Timedelta or a string such as '365D', '52W', '12h', 'M' (a mean "
    "Gregorian month, 30.436875 days), '12M' or 'Y' (a mean Gregorian year, 365.2425 days)"
)


def _duration_ns(func: str, name: str, value: object, *, infinite: bool = False) -> float:
    """A positive length of time in nanoseconds; ``inf`` too when ``infinite``."""
    if infinite and isinstance(value, float | int) and not isinstance(value, bool):
        if math.isinf(value) and value > 0:
            return math.inf
        raise invalid(
            func,
            name,
            f"{_DURATION}, or math.inf for no horizon (a bare number has no unit)",
            value,
        )
    if isinstance(value, str):
        match = _CALENDAR_RE.match(value)
        if match is not None:
            count = float(match.group(1)) if match.group(1) else 1.0
            if count <= 0:
                raise invalid(func, name, _DURATION, value)
            return count * _CALENDAR[match.group(2)]
    expected = _DURATION + (", or math.inf for no horizon" if infinite else "")
    if not isinstance(value, str | pd.Timedelta | _dt.timedelta | np.timedelta64):
        raise invalid(func, name, expected + " (a bare number has no unit)", value)
    try:
        return float(_as_duration(func, name, value))
    except InvalidInputError:
        pass
    if not re.search("[A-Za-z]", str(value)):  # pandas reads a bare "52" as nanoseconds
        raise invalid(func, name, expected + " (a bare number has no unit)", value)
    try:  # a Timedelta's text, e.g. "7 days 00:00:00" in a summary's attrs
        length = pd.Timedelta(str(value))
    except (ValueError, TypeError):
        raise invalid(func, name, expected, value) from None
    if pd.isna(length) or not length > pd.Timedelta(0):
        raise invalid(func, name, expected, value)
    return float(length.value)


def _model_unit(
    func: str, model: Any, summary: pd.DataFrame, time_unit: object
) -> tuple[float, str]:
    """The model's time unit in nanoseconds: the argument, the unit the model was fitted in,
    or the summary's ``attrs["time_unit"]``; all that are known must agree."""
    known: list[tuple[str, object]] = []
    if time_unit is not None:
        known.append(("time_unit", time_unit))
    fitted = getattr(model, "time_unit", None)
    if fitted is not None:
        known.append(("the model's fit", fitted))
    attr = summary.attrs.get("time_unit") if hasattr(summary, "attrs") else None
    if attr is not None:
        known.append(("summary.attrs['time_unit']", attr))
    if not known:
        raise invalid(
            func,
            "time_unit",
            "given (the time unit of the model's recency and T, e.g. 'W' or '1D') when "
            "neither the model nor the summary records one",
            time_unit,
        )
    lengths = [(source, _duration_ns(func, "time_unit", unit), unit) for source, unit in known]
    first = lengths[0]
    for source, length, unit in lengths[1:]:
        if not math.isclose(length, first[1], rel_tol=1e-12):
            raise invalid(
                func,
                "time_unit",
                f"the unit of {source} ({unit!r})",
                f"<{first[2]!r} from {first[0]}>",
            )
    return first[1], str(first[2])


def customer_lifetime_value(
    transaction_model: BGNBD | ParetoNBD | BGBB,
    spend_model: GammaGamma | Any,
    summary: pd.DataFrame | Mapping[str, Any],
    *,
    horizon: str | pd.Timedelta | float,
    discount_rate: float,
    discount_unit: str | pd.Timedelta,
    time_unit: str | pd.Timedelta | None = None,
    compounding: Literal["effective", "continuous"] = "effective",
    margin: float = 1.0,
) -> pd.DataFrame:
    r"""Discounted customer lifetime value of each customer: discounted expected residual
    transactions times expected value per transaction.

    Parameters
    ----------
    transaction_model : BGNBD, MBGNBD, ParetoNBD or BGBB
        A fitted (or given) model of the purchase process, in the time unit of ``summary``.
    spend_model : GammaGamma, float, array_like or Series
        A Gamma-Gamma model (each customer's conditional expected spend from
        ``frequency`` and ``monetary_value``), or the value per transaction itself: a
        number for everybody, an array in the order of ``summary``, or a Series by customer
        [currency].
    summary : DataFrame or mapping of column name to array
        One row per customer with the columns the model needs: ``frequency``, ``recency``
        and ``T`` (continuous-time models; :func:`customer_summary` makes them) or
        ``frequency``, ``recency`` and ``n`` (or ``periods``) for the BG/BB; plus
        ``monetary_value`` with a Gamma-Gamma spend model.
    horizon : str, Timedelta or math.inf
        How far ahead to count purchases: a length of time (``"365D"``, ``"52W"``,
        ``"3Y"``, ``pd.Timedelta(days=730)``), or ``math.inf`` for the whole residual
        lifetime. A bare number is refused: it has no unit. For the BG/BB the horizon
        covers the whole transaction opportunities that fit in it.
    discount_rate : float
        Discount rate (>= 0) per ``discount_unit``.
    discount_unit : str or Timedelta
        The period of ``discount_rate``: ``"Y"`` for a rate a year, ``"M"`` a month, ``"W"``
        a week... (no default: a rate without its period is ambiguous).
    time_unit : str or Timedelta, optional
        Time unit of the model and of ``summary`` (of ``recency`` and ``T``; for the BG/BB
        the length of one transaction opportunity). Taken from the model when it was fitted
        on a :func:`customer_summary` frame, or from ``summary.attrs["time_unit"]``; given
        here it must agree with those.
    compounding : {"effective", "continuous"}
        ``"effective"`` (default): value 1 received one ``discount_unit`` ahead is worth
        :math:`1/(1+d)` today; ``"continuous"``: it is worth :math:`e^{-d}`.
    margin : float
        Share of the value per transaction that is profit (> 0; default 1, the value
        itself).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``summary``, columns ``dert`` (discounted expected residual
        transactions), ``spend`` (expected value per transaction) and ``clv``
        (``dert * spend * margin``). ``attrs`` records ``time_unit``, ``discount_rate``
        (continuous, per time unit), ``horizon`` (in time units; for the BG/BB in
        opportunities) and the model class.

    Raises
    ------
    InvalidInputError
        A model other than the four, missing columns, a horizon or discount unit that is
        not a length of time, no time unit known, units that disagree, negative spend.

    Notes
    -----
    With the rate converted to a continuous one per model time unit,
    :math:`\delta = \ln(1+d)\,u/p` (effective) or :math:`d\,u/p` (continuous) for a time unit
    :math:`u` and discount period :math:`p`, a purchase :math:`t` time units after the end
    of the calibration period counts :math:`e^{-\delta t}`, and

    .. math::

        \text{CLV} = \text{DERT}(\delta, H)\; E[M \mid \text{history}]\; \text{margin},

    spend being independent of the purchase process (the Gamma-Gamma assumption). DERT
    comes from each model's ``discounted_expected_residual_transactions`` (closed forms
    for the Pareto/NBD and BG/BB, quadrature for the BG/NBD and MBG/NBD). For the BG/BB
    the rate becomes :math:`(1+d)^{u/p} - 1` per opportunity.

    The ``customer_lifetime_value`` of the lifetimes package (0.11) differs: its horizon
    is a number of months and its rate a monthly one, the model's unit is set by a
    ``freq`` code with a month taken as 30 days but 4.345 weeks (two different month
    lengths), and it discounts each month's expected purchases as if they all fell at the
    end of that month. Here every unit is stated, months and years are the mean Gregorian
    ones throughout, and the discounting is exact in time.

    References
    ----------
    .. [1] P. S. Fader, B. G. S. Hardie and K. L. Lee, "RFM and CLV: using iso-value curves
       for customer base analysis", *Journal of Marketing Research* 42(4), 2005, 415-430,
       doi:10.1509/jmkr.2005.42.4.415.
    .. [2] P. S. Fader, B. G. S. Hardie and J. Shang, "Customer-base analysis in a
       discrete-time noncontractual setting", *Marketing Science* 29(6), 2010, 1086-1108,
       doi:10.1287/mksc.1100.0580.

    Examples
    --------
    >>> import pandas as pd
    >>> from opsmodels.segmentation import ParetoNBD, GammaGamma
    >>> pnbd = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
    >>> gg = GammaGamma(params={"p": 6.25, "q": 3.74, "gamma": 15.44})
    >>> summary = pd.DataFrame({"frequency": [0, 2, 10], "recency": [0.0, 30.43, 38.0],
    ...                         "T": [38.86, 38.86, 38.86],
    ...                         "monetary_value": [0.0, 25.0, 40.0]}, index=["a", "b", "c"])
    >>> clv = customer_lifetime_value(pnbd, gg, summary, horizon=float("inf"),
    ...                               discount_rate=0.15, discount_unit="Y", time_unit="W")
    >>> clv.round(2)
        dert  spend      clv
    a   0.48  35.22    16.89
    b   6.52  26.84   174.85
    c  30.63  39.80  1219.16
    >>> clv.attrs["discount_rate"]  # ln(1.15) per mean Gregorian year, in weeks
    0.0026785864...
    """
    func = "customer_lifetime_value"
    check(func, "transaction_model", transaction_model, TRANSACTION_MODEL)
    check(func, "compounding", compounding, OneOf("effective", "continuous"))
    if not isinstance(summary, pd.DataFrame) and isinstance(summary, Mapping):
        try:
            summary = pd.DataFrame(dict(summary))
        except (ValueError, TypeError):
            raise invalid(func, "summary", "columns of equal length", "<mapping>") from None
    if not isinstance(summary, pd.DataFrame) or len(summary) == 0:
        raise invalid(func, "summary", "a non-empty DataFrame (one row per customer)", summary)
    rate = as_scalar(func, "discount_rate", discount_rate, Interval(0, None))
    share = as_scalar(func, "margin", margin, Interval(0, None, closed="neither"))
    period_ns = _duration_ns(func, "discount_unit", discount_unit)
    horizon_ns = _duration_ns(func, "horizon", horizon, infinite=True)
    unit_ns, unit_label = _model_unit(func, transaction_model, summary, time_unit)
    continuous = (math.log1p(rate) if compounding == "effective" else rate) * unit_ns / period_ns
    horizon_units = horizon_ns / unit_ns

    discrete = isinstance(transaction_model, BGBB)
    periods = "n" if "n" in summary.columns else "periods"
    columns = ["frequency", "recency", periods if discrete else "T"]
    if isinstance(spend_model, GammaGamma):
        columns.append("monetary_value")
    missing = [c for c in columns if c not in summary.columns]
    if missing:
        raise invalid(
            func,
            "summary",
            f"a frame with column(s) {', '.join(map(repr, columns))}",
            f"<columns {list(summary.columns)!r}>",
        )
    frequency, recency, third = (summary[c] for c in columns[:3])
    if discrete:
        per_period = math.expm1(continuous)
        whole = (
            math.floor(horizon_units * (1.0 + 1e-9)) if math.isfinite(horizon_units) else math.inf
        )
        dert = transaction_model.discounted_expected_residual_transactions(
            frequency, recency, third, discount_rate=per_period, horizon=whole
        )
        used_horizon: float = whole
    else:
        dert = transaction_model.discounted_expected_residual_transactions(
            frequency, recency, third, discount_rate=continuous, horizon=horizon_units
        )
        used_horizon = horizon_units
    spend = _spend(func, spend_model, summary)
    dert_values = np.asarray(dert, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        value = np.where(spend > 0, dert_values * spend * share, 0.0)
    out = pd.DataFrame({"dert": dert_values, "spend": spend, "clv": value}, index=summary.index)
    out.attrs.update(
        {
            "time_unit": unit_label,
            "discount_rate": continuous,
            "horizon": used_horizon,
            "model": type(transaction_model).__name__,
        }
    )
    return out


def _spend(func: str, spend_model: Any, summary: pd.DataFrame) -> Any:
    """Expected value per transaction of each customer, as a float array."""
    n = len(summary)
    if isinstance(spend_model, GammaGamma):
        spend = spend_model.conditional_expected_spend(
            summary["frequency"], summary["monetary_value"]
        )
        return np.asarray(spend, dtype=np.float64)
    if isinstance(spend_model, pd.Series):
        aligned = spend_model.reindex(summary.index)
        if aligned.isna().any() and not spend_model.isna().any():
            raise invalid(
                func,
                "spend_model",
                "a Series with a value for every customer of summary",
                f"<{int(aligned.isna().sum())} customers without one>",
            )
        spend_model = aligned
    if isinstance(spend_model, pd.DataFrame | Mapping | str) or spend_model is None:
        raise invalid(
            func,
            "spend_model",
            "a GammaGamma model or the value per transaction (a number, an array or a Series)",
            spend_model,
        )
    values = as_values(func, "spend_model", spend_model, Interval(0, None))
    if values.ndim == 0:
        return np.full(n, float(values))
    if values.shape != (n,):
        raise invalid(
            func, "spend_model", f"a scalar or 1-D data of length {n}", f"<shape {values.shape}>"
        )
    return values
