"""Holdout validation of a fitted buy-till-you-die model: conditional expectations against
what the customers did after the calibration period."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import pandas as pd

from opsmodels._results import Plottable, Result
from opsmodels._validation import InstanceOf, Interval, check, invalid, require_columns
from opsmodels.segmentation._btyd import BGNBD, ParetoNBD
from opsmodels.segmentation._discrete import BGBB
from opsmodels.segmentation._fitting import as_values
from opsmodels.segmentation._value import TRANSACTION_MODEL

__all__ = ["HoldoutResult", "holdout_validation"]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class HoldoutResult(Plottable, Result):
    """Calibration-versus-holdout comparison of a model.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per calibration frequency bin, indexed by the labels ``"0"``, ``"1"``, ...,
        ``"<max_frequency>+"`` (index name ``frequency``; empty bins left out), columns
        ``customers`` (number in the bin), ``actual`` and ``predicted`` (mean holdout
        purchases per customer of the bin).
    metrics : dict of str to float
        ``mae``, ``rmse``, ``mape`` (percent, over bins with actual > 0) of the binned
        means; ``total_actual``, ``total_predicted`` and ``total_error_pct`` (100 x
        (predicted - actual) / actual; inf when nobody bought in the holdout) of the
        holdout purchases of all customers; ``customer_mae``, ``customer_rmse`` and
        ``customer_correlation`` (Pearson, 0 when either side does not vary) over
        customers.
    customers : pandas.DataFrame
        Per customer (index of the data): ``frequency``, ``actual``, ``predicted``.
    tracking : pandas.DataFrame or None
        Cumulative repeat purchases per holdout period (``actual``, ``predicted``), when
        ``periods`` data are given.
    """

    table: pd.DataFrame
    metrics: dict[str, float]
    customers: pd.DataFrame
    tracking: pd.DataFrame | None = None

    def to_frame(self) -> pd.DataFrame:
        """The binned table (``customers``, ``actual``, ``predicted`` by frequency bin).

        Examples
        --------
        >>> from opsmodels.segmentation import ParetoNBD
        >>> m = ParetoNBD(params={"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
        >>> data = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 20.0], "T": [39.0, 39.0],
        ...                      "frequency_holdout": [0, 3], "duration_holdout": [39.0, 39.0]})
        >>> list(holdout_validation(m, data).to_frame().columns)
        ['customers', 'actual', 'predicted']
        """
        return self.table.copy()


def holdout_validation(
    model: BGNBD | ParetoNBD | BGBB,
    data: pd.DataFrame,
    *,
    max_frequency: int = 7,
    actual: str = "frequency_holdout",
    duration: str = "duration_holdout",
    periods: pd.DataFrame | None = None,
) -> HoldoutResult:
    r"""Compare a model's conditional expectations with the holdout-period purchases.

    Parameters
    ----------
    model : BGNBD, MBGNBD, ParetoNBD or BGBB
        The model fitted on the calibration period.
    data : pandas.DataFrame
        One row per customer: the calibration history (``frequency``, ``recency`` and ``T``;
        for the BG/BB ``frequency``, ``recency`` and ``n`` or ``periods``), the number of
        holdout purchases (column ``actual``) and the length of the holdout period (column
        ``duration``, in the model's time unit; opportunities for the BG/BB), as
        :func:`calibration_holdout` returns.
    max_frequency : int
        Calibration frequencies from this one up share the last bin, labelled
        ``"<max_frequency>+"`` (>= 1; default 7, as in Fader, Hardie and Lee's figure).
    actual, duration : str
        Column names of the holdout purchases and of the holdout length.
    periods : pandas.DataFrame, optional
        For the aggregate tracking: one row per customer (index of ``data``) and one column
        per holdout period end (the column labels are the elapsed holdout time, in the
        model's time unit, increasing), holding the customer's cumulative holdout purchases
        up to that time. The predicted column sums the conditional expectations over those
        spans.

    Returns
    -------
    HoldoutResult
        ``table`` (``customers``, ``actual``, ``predicted`` by frequency bin), ``metrics``,
        the per-customer ``customers`` frame and, with ``periods``, ``tracking``.

    Raises
    ------
    InvalidInputError
        A model other than the four, missing columns, bad histories or holdout counts, a
        ``max_frequency`` below 1, ``periods`` not aligned with ``data``.

    Notes
    -----
    The predicted value of customer :math:`i` is :math:`E[Y(t^*_i) \mid x_i, t_{x,i}, T_i]`,
    the model's ``conditional_expected_purchases`` over the holdout length
    :math:`t^*_i`. The binned table is Fader, Hardie and Lee's (2005) check of the
    conditional expectations (their Figure 4, CDNOW weeks 1-39 calibration, 40-78
    holdout); a model that fits the calibration period well can still miss it.

    References
    ----------
    .. [1] P. S. Fader, B. G. S. Hardie and K. L. Lee, "'Counting your customers' the easy
       way: an alternative to the Pareto/NBD model", *Marketing Science* 24(2), 2005,
       275-284, doi:10.1287/mksc.1040.0098.

    Examples
    --------
    >>> import pandas as pd
    >>> from opsmodels.segmentation import BGNBD
    >>> m = BGNBD(params={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    >>> data = pd.DataFrame({"frequency": [0, 0, 1, 3, 9], "recency": [0, 0, 10, 30, 37.0],
    ...                      "T": [39.0] * 5, "frequency_holdout": [0, 1, 0, 2, 8],
    ...                      "duration_holdout": [39.0] * 5})
    >>> result = holdout_validation(m, data, max_frequency=3)
    >>> result.table.round(3)
               customers  actual  predicted
    frequency
    0                  2     0.5      0.195
    1                  1     0.0      0.418
    3+                 2     5.0      3.806
    >>> round(result.metrics["total_actual"], 1), round(result.metrics["total_predicted"], 2)
    (11.0, 8.42)
    """
    func = "holdout_validation"
    check(func, "model", model, TRANSACTION_MODEL)
    if not isinstance(data, pd.DataFrame) or len(data) == 0:
        raise invalid(func, "data", "a non-empty DataFrame, one row per customer", data)
    check(func, "max_frequency", max_frequency, Interval(1, None, integer=True))
    for name, column in (("actual", actual), ("duration", duration)):
        check(func, name, column, InstanceOf(str, name="a column name"))
    discrete = isinstance(model, BGBB)
    third = ("n" if "n" in data.columns else "periods") if discrete else "T"
    require_columns(func, "data", data, ["frequency", "recency", third, actual, duration])
    observed = as_values(func, "data", data[actual], Interval(0, None))
    span = as_values(func, "data", data[duration], Interval(0, None, integer=discrete))
    frequency = as_values(func, "data", data["frequency"], Interval(0, None, integer=True))
    predicted = np.asarray(
        model.conditional_expected_purchases(span, data["frequency"], data["recency"], data[third]),
        dtype=np.float64,
    )
    cap = int(max_frequency)
    bins = np.minimum(frequency, cap).astype(np.int64)
    customers = np.bincount(bins, minlength=cap + 1)
    mean_actual = np.bincount(bins, weights=observed, minlength=cap + 1)
    mean_predicted = np.bincount(bins, weights=predicted, minlength=cap + 1)
    present = customers > 0
    labels = [str(k) for k in range(cap)] + [f"{cap}+"]
    table = pd.DataFrame(
        {
            "customers": customers[present],
            "actual": mean_actual[present] / customers[present],
            "predicted": mean_predicted[present] / customers[present],
        },
        index=pd.Index(
            [lab for lab, p in zip(labels, present, strict=True) if p], name="frequency"
        ),
    )
    per_customer = pd.DataFrame(
        {"frequency": frequency, "actual": observed, "predicted": predicted}, index=data.index
    )
    tracking = None if periods is None else _tracking(func, model, data, third, periods)
    return HoldoutResult(
        table=table,
        metrics=_metrics(table, observed, predicted),
        customers=per_customer,
        tracking=tracking,
    )


def _metrics(table: pd.DataFrame, observed: Any, predicted: Any) -> dict[str, float]:
    gap = table["predicted"].to_numpy() - table["actual"].to_numpy()
    act = table["actual"].to_numpy()
    positive = act > 0
    total_actual = float(np.sum(observed))
    total_predicted = float(np.sum(predicted))
    if total_actual > 0:
        total_error = 100.0 * (total_predicted - total_actual) / total_actual
    else:
        total_error = 0.0 if total_predicted == 0 else math.inf
    diff = predicted - observed
    if np.std(observed) > 0 and np.std(predicted) > 0:
        correlation = float(np.corrcoef(observed, predicted)[0, 1])
    else:
        correlation = 0.0
    return {
        "mae": float(np.mean(np.abs(gap))),
        "rmse": float(np.sqrt(np.mean(gap**2))),
        "mape": float(100.0 * np.mean(np.abs(gap[positive]) / act[positive]))
        if positive.any()
        else math.inf,
        "total_actual": total_actual,
        "total_predicted": total_predicted,
        "total_error_pct": total_error,
        "customer_mae": float(np.mean(np.abs(diff))),
        "customer_rmse": float(np.sqrt(np.mean(diff**2))),
        "customer_correlation": correlation,
    }


def _tracking(func: str, model: Any, data: pd.DataFrame, third: str, periods: Any) -> pd.DataFrame:
    """Cumulative actual and predicted holdout purchases at each period end."""
    if not isinstance(periods, pd.DataFrame) or periods.shape[1] == 0:
        raise invalid(
            func, "periods", "a DataFrame with one column per holdout period end", periods
        )
    if not periods.index.equals(data.index):
        raise invalid(func, "periods", "a frame indexed like data", "<another index>")
    try:
        ends = np.asarray(periods.columns, dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid(
            func, "periods", "column labels that are elapsed holdout times", "<labels>"
        ) from None
    if not (np.all(np.isfinite(ends)) and np.all(ends > 0) and np.all(np.diff(ends) > 0)):
        raise invalid(func, "periods", "increasing, positive column labels", list(ends))
    counts = as_values(func, "periods", periods.to_numpy(dtype=np.float64), Interval(0, None))
    predicted = model.conditional_expected_purchases(
        ends[None, :],
        data["frequency"].to_numpy()[:, None],
        data["recency"].to_numpy()[:, None],
        data[third].to_numpy()[:, None],
    )
    return pd.DataFrame(
        {"actual": counts.sum(axis=0), "predicted": np.asarray(predicted).sum(axis=0)},
        index=pd.Index(ends, name="holdout_time"),
    )
