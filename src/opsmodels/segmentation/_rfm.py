"""RFM scores with an explicit tie policy, segment maps supplied as data, and segment
migration between two snapshots."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from opsmodels._typing import FloatArray
from opsmodels._validation import (
    InstanceOf,
    Interval,
    NoneValue,
    OneOf,
    as_float_array,
    check,
    invalid,
    require_columns,
)

__all__ = ["SEGMENT_MAPS", "rfm_scores", "rfm_segments", "segment_migration"]

_SCORES = "rfm_scores"
_SEGMENTS = "rfm_segments"


def _rf10() -> pd.DataFrame:
    rows = [
        ("Champions", 5, 5, 4, 5),
        ("Loyal", 3, 4, 4, 5),
        ("Potential Loyalists", 4, 5, 2, 3),
        ("New", 5, 5, 1, 1),
        ("Promising", 4, 4, 1, 1),
        ("Need Attention", 3, 3, 3, 3),
        ("About to Sleep", 3, 3, 1, 2),
        ("Can't Lose", 1, 2, 5, 5),
        ("At Risk", 1, 2, 3, 4),
        ("Hibernating", 1, 2, 1, 2),
    ]
    return pd.DataFrame(rows, columns=["segment", "R_min", "R_max", "F_min", "F_max"])


def _rfm11() -> pd.DataFrame:
    codes = {
        "Champions": ["55", "54", "45"],
        "Loyal": ["53", "44", "35", "34"],
        "Potential Loyalists": ["52", "42", "33", "43"],
        "Recent": ["51"],
        "Promising": ["41", "31"],
        "Needing Attention": ["32", "23", "22"],
        "About to Sleep": ["21"],
        "At Risk": ["25", "24", "13"],
        "Can't Lose Them": ["15", "14"],
        "Hibernating": ["12"],
        "Lost": ["11"],
    }
    rows = [
        (name, int(code[0]), int(code[0]), int(code[1]), int(code[1]))
        for name, items in codes.items()
        for code in items
    ]
    return pd.DataFrame(rows, columns=["segment", "R_min", "R_max", "FM_min", "FM_max"])


#: Segment maps seen in practice, as rule tables (one row per rule; a customer belongs to the
#: segment of the one rule whose every ``<score>_min <= score <= <score>_max`` holds):
#: ``"rf10"``, the 10-segment recency x frequency grid, and ``"rfm11"``, the 11-segment
#: recency x combined frequency-monetary grid. Scores are 1-5 with 5 best.
SEGMENT_MAPS: dict[str, pd.DataFrame] = {"rf10": _rf10(), "rfm11": _rfm11()}


def _value_scores(values: FloatArray, bins: int, thresholds: FloatArray | None) -> FloatArray:
    """Score 1..bins: the number of breakpoints strictly below the value, plus one."""
    if thresholds is None:
        thresholds = np.quantile(values, np.arange(1, bins) / bins)
    out: FloatArray = 1.0 + np.searchsorted(thresholds, values, side="left").astype(np.float64)
    return out


def _rank_scores(values: FloatArray, bins: int) -> FloatArray:
    """Equal-size bins of the ranks; ties broken by row order (stable sort)."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values))
    return 1.0 + np.floor(ranks * bins / len(values))


def rfm_scores(
    summary: pd.DataFrame,
    *,
    bins: int = 5,
    ties: Literal["value", "rank"] = "value",
    recency: str = "time_since_last",
    frequency: str = "n_transactions",
    monetary: str | None = "total_amount",
    thresholds: Mapping[str, Sequence[float]] | None = None,
    weights: Sequence[float] = (1.0, 1.0, 1.0),
) -> pd.DataFrame:
    r"""Recency, frequency and monetary scores from 1 (worst) to ``bins`` (best).

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per customer, e.g. from :func:`customer_summary`.
    bins : int
        Number of score levels (>= 2).
    ties : {"value", "rank"}
        ``"value"`` (default): breakpoints at the quantiles :math:`k/\text{bins}` of the
        values; a customer's score is one plus the number of breakpoints strictly below its
        value, so equal values always share a score (bins may be unequal, and with heavy
        ties some scores may not occur). ``"rank"``: equal-size bins of the ranks, ties
        broken by row order (deterministic for a given frame; :func:`customer_summary`
        sorts by customer).
    recency, frequency, monetary : str
        Columns scored. Recency is a time since the last purchase: smaller is better, so its
        score is reversed. ``monetary=None`` leaves the M score out.
    thresholds : dict, optional
        Custom increasing breakpoints per dimension, keyed ``"recency"``, ``"frequency"``
        or ``"monetary"``, each with ``bins - 1`` values (in the column's units), replacing
        the quantiles for that dimension.
    weights : sequence of 3 floats
        Weights of R, F and M in the composite ``rfm_score`` (M's ignored without M).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``summary``: integer columns ``R``, ``F``, ``M`` and ``FM`` (F and M
        averaged, rounded half up), the string ``rfm_code`` (e.g. ``"545"``) and the
        weighted mean score ``rfm_score``.

    Raises
    ------
    InvalidInputError
        Missing columns, NaN or infinite values, bad options or thresholds.

    Notes
    -----
    The FIELD_NOTES warning applies: rank-based quantiles (``rank(method="first")``) make
    scores depend on row order; value breakpoints do not.

    References
    ----------
    .. [1] A. M. Hughes, *Strategic Database Marketing*, 4th ed., McGraw-Hill, 2012.

    Examples
    --------
    >>> summary = pd.DataFrame({
    ...     "time_since_last": [1.0, 10.0, 30.0, 60.0, 90.0],
    ...     "n_transactions": [9, 5, 5, 2, 1],
    ...     "total_amount": [500.0, 120.0, 80.0, 40.0, 10.0],
    ... }, index=list("abcde"))
    >>> rfm_scores(summary)[["R", "F", "M", "rfm_code"]]
       R  F  M rfm_code
    a  5  5  5      555
    b  4  3  4      434
    c  3  3  3      333
    d  2  2  2      222
    e  1  1  1      111
    """
    check(_SCORES, "summary", summary, InstanceOf(pd.DataFrame, name="a DataFrame"))
    check(_SCORES, "bins", bins, Interval(2, 100, integer=True))
    check(_SCORES, "ties", ties, OneOf("value", "rank"))
    for name, column in (("recency", recency), ("frequency", frequency)):
        check(_SCORES, name, column, InstanceOf(str, name="a column name"))
    check(_SCORES, "monetary", monetary, [NoneValue(), InstanceOf(str, name="a column name")])
    require_columns(_SCORES, "summary", summary, [recency, frequency, monetary])
    if len(summary) == 0:
        raise invalid(_SCORES, "summary", "a frame with at least one customer", "<empty>")
    check(_SCORES, "thresholds", thresholds, [NoneValue(), InstanceOf(Mapping, name="a dict")])
    thresholds = dict(thresholds or {})
    unknown = set(thresholds) - {"recency", "frequency", "monetary"}
    if unknown:
        raise invalid(
            _SCORES, "thresholds", "keyed by 'recency', 'frequency' or 'monetary'", thresholds
        )
    try:
        w = np.asarray(weights, dtype=np.float64)
    except (TypeError, ValueError):
        raise invalid(_SCORES, "weights", "3 nonnegative numbers", weights) from None
    if w.shape != (3,):
        raise invalid(_SCORES, "weights", "3 nonnegative numbers", weights)
    check(_SCORES, "weights", w, Interval(0, None))
    columns = {"R": ("recency", recency), "F": ("frequency", frequency)}
    if monetary is not None:
        columns["M"] = ("monetary", monetary)
    scores: dict[str, FloatArray] = {}
    for key, (dimension, column) in columns.items():
        values = as_float_array(_SCORES, "summary", summary[column], nan_hint=False)
        cut = thresholds.get(dimension)
        if cut is not None:
            edges = as_float_array(_SCORES, "thresholds", cut, ndim=1, nan_hint=False)
            if len(edges) != bins - 1 or np.any(np.diff(edges) <= 0):
                raise invalid(
                    _SCORES,
                    "thresholds",
                    f"{bins - 1} increasing breakpoints for {dimension!r}",
                    list(cut),
                )
        sign = -1.0 if key == "R" else 1.0
        if cut is not None:
            score = _value_scores(sign * values, bins, np.sort(sign * edges))
        elif ties == "value":
            score = _value_scores(sign * values, bins, None)
        else:
            score = _rank_scores(sign * values, bins)
        scores[key] = score
    frame = pd.DataFrame({k: v.astype(np.int64) for k, v in scores.items()}, index=summary.index)
    if monetary is not None:
        frame["FM"] = np.floor((scores["F"] + scores["M"]) / 2.0 + 0.5).astype(np.int64)
        code = frame["R"].astype(str) + frame["F"].astype(str) + frame["M"].astype(str)
        used = w
    else:
        code = frame["R"].astype(str) + frame["F"].astype(str)
        used = w[:2]
    frame["rfm_code"] = code
    if used.sum() <= 0:
        raise invalid(_SCORES, "weights", "not all 0", weights)
    stacked = np.column_stack([scores[k] for k in ("R", "F", "M") if k in scores])
    frame["rfm_score"] = stacked @ used / used.sum()
    return frame


def _rule_table(segment_map: Any) -> pd.DataFrame:
    if isinstance(segment_map, str):
        if segment_map not in SEGMENT_MAPS:
            raise invalid(
                _SEGMENTS,
                "segment_map",
                f"one of {', '.join(map(repr, SEGMENT_MAPS))} or a rule DataFrame",
                segment_map,
            )
        return SEGMENT_MAPS[segment_map]
    if not isinstance(segment_map, pd.DataFrame) or "segment" not in segment_map.columns:
        raise invalid(
            _SEGMENTS,
            "segment_map",
            "a built-in map name or a DataFrame with a 'segment' column and "
            "<score>_min/<score>_max columns",
            segment_map,
        )
    return segment_map


def rfm_segments(
    scores: pd.DataFrame,
    *,
    segment_map: str | pd.DataFrame = "rf10",
) -> pd.Series:
    """Name each customer's segment from its scores, by a segment map given as data.

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`rfm_scores` (or any frame of integer score columns).
    segment_map : str or pandas.DataFrame
        ``"rf10"`` (10-segment R x F grid), ``"rfm11"`` (11-segment R x FM grid), see
        :data:`SEGMENT_MAPS`, or a user rule table: a ``segment`` column plus
        ``<score>_min`` and ``<score>_max`` columns (inclusive bounds; a missing bound means
        unbounded) for score columns of ``scores``.

    Returns
    -------
    pandas.Series
        Categorical segment names (categories in map order), indexed like ``scores``.

    Raises
    ------
    InvalidInputError
        When the map refers to missing score columns, or any customer falls in no rule or
        in more than one (every customer must be in exactly one segment).

    Examples
    --------
    >>> scores = pd.DataFrame({"R": [5, 1, 3], "F": [5, 1, 3]}, index=["a", "b", "c"])
    >>> rfm_segments(scores).tolist()
    ['Champions', 'Hibernating', 'Need Attention']
    """
    check(_SEGMENTS, "scores", scores, InstanceOf(pd.DataFrame, name="a DataFrame"))
    rules = _rule_table(segment_map)
    bounds = [c for c in rules.columns if c.endswith("_min") or c.endswith("_max")]
    dims = sorted({c.rsplit("_", 1)[0] for c in bounds})
    if not dims:
        raise invalid(_SEGMENTS, "segment_map", "rules with <score>_min/_max columns", "<none>")
    require_columns(_SEGMENTS, "scores", scores, dims)
    n = len(scores)
    member = np.ones((len(rules), n), dtype=bool)
    for dim in dims:
        values = as_float_array(_SEGMENTS, "scores", scores[dim], nan_hint=False, min_size=0)
        for side, op in (("min", np.greater_equal), ("max", np.less_equal)):
            column = f"{dim}_{side}"
            if column in rules.columns:
                limit = pd.to_numeric(rules[column], errors="coerce").to_numpy(dtype=np.float64)
                ok = op(values[None, :], limit[:, None]) | np.isnan(limit)[:, None]
                member &= ok
    hits = member.sum(axis=0)
    if np.any(hits != 1):
        i = int(np.flatnonzero(hits != 1)[0])
        row = {d: scores[d].iloc[i] for d in dims}
        problem = "no segment" if hits[i] == 0 else f"{int(hits[i])} segments"
        raise invalid(
            _SEGMENTS,
            "segment_map",
            "rules putting every customer in exactly one segment",
            f"<customer {scores.index[i]!r} with scores {row} falls in {problem}>",
        )
    names = rules["segment"].to_numpy()[np.argmax(member, axis=0)]
    categories = list(dict.fromkeys(rules["segment"].tolist()))
    return pd.Series(
        pd.Categorical(names, categories=categories), index=scores.index, name="segment"
    )


def segment_migration(
    before: pd.Series,
    after: pd.Series,
    *,
    normalize: bool = False,
) -> pd.DataFrame:
    """Segment migration matrix between two snapshots.

    Parameters
    ----------
    before, after : pandas.Series
        Segment per customer at two dates (indexed by customer). Customers missing from one
        snapshot appear as ``"(absent)"`` there (new or lost customers).
    normalize : bool
        Rows as shares of the ``before`` segment (each row sums to 1) instead of counts.

    Returns
    -------
    pandas.DataFrame
        Rows: segment before; columns: segment after.

    Examples
    --------
    >>> b = pd.Series(["New", "New", "Loyal"], index=[1, 2, 3])
    >>> a = pd.Series(["Loyal", "New", "Loyal", "New"], index=[1, 2, 3, 4])
    >>> segment_migration(b, a)
    after     Loyal  New
    before
    (absent)      0    1
    Loyal         1    0
    New           1    1
    """
    for name, value in (("before", before), ("after", after)):
        check("segment_migration", name, value, InstanceOf(pd.Series, name="a pandas Series"))
    check("segment_migration", "normalize", normalize, InstanceOf(bool, name="a bool"))
    for name, value in (("before", before), ("after", after)):
        if value.index.has_duplicates:
            raise invalid(
                "segment_migration", name, "indexed by unique customers", "<duplicate labels>"
            )
    joined = pd.concat(
        [before.astype(object).rename("before"), after.astype(object).rename("after")], axis=1
    ).fillna("(absent)")
    table = pd.crosstab(joined["before"], joined["after"])
    if normalize:
        table = table.div(table.sum(axis=1), axis=0)
    return table
