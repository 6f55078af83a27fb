r"""Overall equipment effectiveness: OEE and TEEP from totals, from machine state logs (the six
big losses and the loss waterfall) and aggregated over machines, shifts and days.

Aggregation always sums the times and counts of the groups and computes the ratios from the
sums; an average of per-group ratios would weight a short shift like a long one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from opsmodels._numeric import NONNEGATIVE, POSITIVE, check_le, numeric, ratio
from opsmodels._results import Plottable, Result
from opsmodels._typing import ArrayLike, FloatArray
from opsmodels._validation import (
    InstanceOf,
    Interval,
    NoneValue,
    check,
    invalid,
    is_dask,
    require_columns,
)

__all__ = [
    "OEELossesResult",
    "OEEResult",
    "oee",
    "oee_aggregate",
    "oee_from_states",
]

#: Loss categories a machine state can belong to.
CATEGORIES = ("running", "breakdown", "setup", "small_stop", "planned_stop")
SIX_BIG_LOSSES = (
    "breakdowns",
    "setups_and_adjustments",
    "small_stops",
    "reduced_speed",
    "startup_rejects",
    "production_rejects",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class OEEResult(Result, Plottable):
    """OEE and its factors.

    Attributes
    ----------
    availability : float, ndarray or Series
        A = run time / planned production time.
    performance : float, ndarray or Series
        P = ideal cycle time x total count / run time.
    quality : float, ndarray or Series
        Q = good count / total count.
    oee : float, ndarray or Series
        OEE = A x P x Q = fully productive time / planned production time.
    teep : float, ndarray, Series or None
        TEEP = OEE x planned production time / calendar time (None without a calendar time).
    run_time : float, ndarray or Series
        Planned production time minus downtime [time].
    net_run_time : float, ndarray or Series
        Ideal cycle time x total count [time].
    fully_productive_time : float, ndarray or Series
        Ideal cycle time x good count [time].
    """

    availability: Any
    performance: Any
    quality: Any
    oee: Any
    teep: Any = None
    run_time: Any = None
    net_run_time: Any = None
    fully_productive_time: Any = None


def oee(
    planned_time: ArrayLike,
    downtime: ArrayLike,
    ideal_cycle_time: ArrayLike,
    total_count: ArrayLike,
    good_count: ArrayLike,
    *,
    calendar_time: ArrayLike | None = None,
) -> OEEResult:
    r"""Overall equipment effectiveness (Nakajima) from planned time, downtime and counts.

    Parameters
    ----------
    planned_time : float, array_like or Series
        Planned production time (> 0) [time].
    downtime : float, array_like or Series
        Stop time within the planned time: breakdowns, setups and adjustments
        (>= 0, <= planned_time) [time].
    ideal_cycle_time : float, array_like or Series
        Ideal (design) time per unit (> 0) [time per unit].
    total_count : float, array_like or Series
        Units made, good and bad (>= 0, at most run time / ideal cycle time) [units].
    good_count : float, array_like or Series
        Units good first time (>= 0, <= total_count) [units].
    calendar_time : float, array_like, Series or None
        All time (>= planned_time), for TEEP [time].

    Returns
    -------
    OEEResult
        ``availability, performance, quality, oee, teep`` and the times, of the inputs' kind.
        With no run time performance is 0; with no unit made quality is 0 (OEE is then 0, and
        still A x P x Q).

    Raises
    ------
    InvalidInputError
        If the downtime exceeds the planned time (a run time above the planned time), the good
        count exceeds the total count, the total count could not have been made in the run
        time at the ideal cycle time (performance above 1), the calendar time is shorter than
        the planned time, or a value is negative, NaN or infinite.

    Notes
    -----
    With run time :math:`T_{run} = T_{planned} - T_{down}`:
    :math:`A = T_{run}/T_{planned}`, :math:`P = t_{ideal} N_{total} / T_{run}`,
    :math:`Q = N_{good}/N_{total}`, :math:`OEE = A P Q = t_{ideal} N_{good} / T_{planned}`,
    :math:`TEEP = OEE \cdot T_{planned} / T_{calendar}`.

    References
    ----------
    .. [1] S. Nakajima, *Introduction to TPM: Total Productive Maintenance*, Productivity
       Press, 1988, ch. 2.
    .. [2] Vorne Industries, "Calculating OEE" worksheet (oee.com): shift of 480 min with 60 min
       of breaks, 47 min down, 60 pieces per minute, 19,271 pieces of which 423 rejected.

    Examples
    --------
    >>> r = oee(420.0, 47.0, 1 / 60, 19_271, 18_848)
    >>> round(r.availability, 4), round(r.performance, 4), round(r.quality, 4), round(r.oee, 4)
    (0.8881, 0.8611, 0.978, 0.7479)
    """
    func = "oee"
    args: dict[str, Any] = {
        "planned_time": (planned_time, POSITIVE),
        "downtime": (downtime, NONNEGATIVE),
        "ideal_cycle_time": (ideal_cycle_time, POSITIVE),
        "total_count": (total_count, NONNEGATIVE),
        "good_count": (good_count, NONNEGATIVE),
    }
    if calendar_time is not None:
        args["calendar_time"] = (calendar_time, POSITIVE)
    kind, arrays = numeric(func, **args)
    planned, down, ideal, total, good = arrays[:5]
    check_le(func, "downtime", down, "planned_time", planned)
    check_le(func, "good_count", good, "total_count", total)
    run = planned - down
    net = ideal * total
    check_le(func, "total_count", total, "run time / ideal_cycle_time", ratio(run, ideal))
    availability = run / planned
    performance = np.minimum(ratio(net, run), 1.0)
    quality = ratio(good, total)
    value = availability * performance * quality
    teep = None
    if calendar_time is not None:
        calendar = arrays[5]
        check_le(func, "planned_time", planned, "calendar_time", calendar)
        teep = kind(value * planned / calendar)
    return OEEResult(
        availability=kind(availability),
        performance=kind(performance),
        quality=kind(quality),
        oee=kind(value),
        teep=teep,
        run_time=kind(run),
        net_run_time=kind(net),
        fully_productive_time=kind(ideal * good),
    )


def _ratios(table: pd.DataFrame) -> pd.DataFrame:
    """Add availability ... oee (and teep) to a frame of summed times and counts."""
    planned = table["planned_time"].to_numpy(dtype=np.float64)
    run = table["run_time"].to_numpy(dtype=np.float64)
    net = table["net_run_time"].to_numpy(dtype=np.float64)
    total = table["total_count"].to_numpy(dtype=np.float64)
    good = table["good_count"].to_numpy(dtype=np.float64)
    out = table.copy()
    out["availability"] = ratio(run, planned)
    out["performance"] = np.minimum(ratio(net, run), 1.0)
    out["quality"] = ratio(good, total)
    out["oee"] = out["availability"] * out["performance"] * out["quality"]
    if "calendar_time" in out.columns:
        out["teep"] = out["oee"] * ratio(planned, out["calendar_time"].to_numpy(np.float64))
    return out


def _keys(func: str, name: str, value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    check(func, name, value, InstanceOf(list, tuple, name="a column name or a list of them"))
    assert isinstance(value, list | tuple)
    for item in value:
        check(func, name, item, InstanceOf(str, name="a column name or a list of them"))
    return list(value)


def _group_ids(
    func: str,
    part: pd.DataFrame,
    keys: list[str],
    *,
    first_codes: tuple[Any, Any] | None = None,
) -> tuple[Any, int, dict[str, Any]]:
    """Group number of every row by the key columns, the number of groups and the key labels
    of each group (a dense number when the key combinations are few, else a factorization).

    ``first_codes`` passes the factorization of ``keys[0]`` when the caller has it already.
    """
    codes_list = []
    uniques_list = []
    for i, key in enumerate(keys):
        if i == 0 and first_codes is not None:
            codes, uniques = first_codes
        else:
            codes, uniques = pd.factorize(part[key], use_na_sentinel=True)
        if (codes < 0).any():
            raise invalid(func, key, "free of missing labels", "<a missing label>")
        codes_list.append(np.asarray(codes, dtype=np.int64))
        uniques_list.append(uniques)
    dims = [max(len(u), 1) for u in uniques_list]
    if len(keys) == 1:
        group = codes_list[0]
        return group, dims[0], {keys[0]: uniques_list[0]}
    flat = np.ravel_multi_index(codes_list, dims)
    size = int(np.prod(dims))
    if size <= max(4 * len(flat), 1_000_000):  # dense numbers; empty groups dropped later
        combined = np.arange(size)
        group = flat
    else:
        group, combined = pd.factorize(flat)
        size = len(combined)
    per_key = np.unravel_index(np.asarray(combined, dtype=np.int64), dims)
    labels = {
        key: uniques.take(codes)
        for key, uniques, codes in zip(keys, uniques_list, per_key, strict=True)
    }
    return group, size, labels


def _group_sums(
    func: str, part: pd.DataFrame, keys: list[str], columns: dict[str, Any]
) -> pd.DataFrame:
    """Sum float columns by the key columns (factorize + bincount); keys become columns."""
    if not keys:
        return pd.DataFrame({name: [float(np.sum(v))] for name, v in columns.items()})
    group, size, labels = _group_ids(func, part, keys)
    present = np.bincount(group, minlength=size) > 0
    out: dict[str, Any] = {key: value[present] for key, value in labels.items()}
    for name, values in columns.items():
        out[name] = np.bincount(group, weights=values, minlength=size)[present]
    return pd.DataFrame(out)


def oee_aggregate(
    frame: Any,
    *,
    by: str | Sequence[str] | None = None,
    planned_time: str = "planned_time",
    downtime: str = "downtime",
    ideal_cycle_time: str = "ideal_cycle_time",
    total_count: str = "total_count",
    good_count: str = "good_count",
    calendar_time: str | None = None,
) -> pd.DataFrame:
    r"""OEE of groups of records (machines, shifts, days) from their summed times and counts.

    Parameters
    ----------
    frame : pandas.DataFrame or dask.dataframe.DataFrame
        One row per record (e.g. per machine and shift) with the columns named below.
    by : str, list of str or None
        Columns to group by; None aggregates every row into one.
    planned_time, downtime, ideal_cycle_time, total_count, good_count : str
        Column names (as in :func:`oee`; the ideal cycle time may differ by row, e.g. by
        product: the net run time is the sum of ideal cycle time x count).
    calendar_time : str or None
        Column of calendar time, for TEEP.

    Returns
    -------
    pandas.DataFrame
        One row per group (indexed by the ``by`` columns) with the summed ``planned_time,
        run_time, net_run_time, fully_productive_time, total_count, good_count`` (and
        ``calendar_time``) and ``availability, performance, quality, oee`` (and ``teep``).
        A Dask frame is reduced with a combinable groupby-sum; only the per-group sums are
        brought to the caller.

    Raises
    ------
    InvalidInputError
        If a column is missing or a record is invalid as in :func:`oee` (downtime above planned
        time, more good than total units, performance above 1, negative or NaN values).

    Notes
    -----
    For a group :math:`G`: :math:`A_G = \sum T_{run}/\sum T_{planned}`,
    :math:`P_G = \sum t_{ideal} N_{total}/\sum T_{run}`, :math:`Q_G = \sum N_{good}/\sum N_{total}`,
    so that with one ideal cycle time :math:`OEE_G = \sum t_{ideal} N_{good} / \sum T_{planned}`,
    the planned-time-weighted mean of the records' OEE; a plain mean of ratios is not. Quality
    counts units, also when the ideal cycle times differ between records.

    References
    ----------
    .. [1] S. Nakajima, *Introduction to TPM*, Productivity Press, 1988, ch. 2.

    Examples
    --------
    >>> shifts = pd.DataFrame({"machine": ["m1", "m1"], "planned_time": [480.0, 240.0],
    ...     "downtime": [60.0, 0.0], "ideal_cycle_time": [1.0, 1.0],
    ...     "total_count": [400, 200], "good_count": [400, 180]})
    >>> round(float(oee_aggregate(shifts, by="machine")["oee"].iloc[0]), 4)
    0.8056
    """
    func = "oee_aggregate"
    keys = _keys(func, "by", by)
    for name, value in (
        ("planned_time", planned_time),
        ("downtime", downtime),
        ("ideal_cycle_time", ideal_cycle_time),
        ("total_count", total_count),
        ("good_count", good_count),
    ):
        check(func, name, value, InstanceOf(str, name="a column name"))
    check(
        func, "calendar_time", calendar_time, [NoneValue(), InstanceOf(str, name="a column name")]
    )
    columns = [planned_time, downtime, ideal_cycle_time, total_count, good_count]
    if calendar_time is not None:
        columns.append(calendar_time)
    if not is_dask(frame):
        check(func, "frame", frame, InstanceOf(pd.DataFrame, name="a pandas or Dask DataFrame"))
    require_columns(func, "frame", frame, [*keys, *columns])

    out_columns = ["planned_time", "run_time", "net_run_time", "fully_productive_time"]
    out_columns += ["total_count", "good_count"]
    if calendar_time is not None:
        out_columns.append("calendar_time")

    def per_partition(part: pd.DataFrame) -> pd.DataFrame:
        if len(part) == 0:
            empty: dict[str, Any] = {key: part[key].iloc[:0] for key in keys}
            empty.update({column: np.empty(0) for column in out_columns})
            return pd.DataFrame(empty)
        values = {}
        for name, column in zip(
            ["planned_time", "downtime", "ideal_cycle_time", "total_count", "good_count"],
            columns,
            strict=False,
        ):
            try:
                values[name] = part[column].to_numpy(dtype=np.float64)
            except (TypeError, ValueError):
                raise invalid(
                    func, name, "a column of numbers", f"<dtype {part[column].dtype}>"
                ) from None
        result = oee(**values)
        sums = {
            "planned_time": values["planned_time"],
            "run_time": result.run_time,
            "net_run_time": result.net_run_time,
            "fully_productive_time": result.fully_productive_time,
            "total_count": values["total_count"],
            "good_count": values["good_count"],
        }
        if calendar_time is not None:
            cal = part[calendar_time].to_numpy(dtype=np.float64)
            check(func, "calendar_time", cal, POSITIVE)
            check_le(func, "planned_time", values["planned_time"], "calendar_time", cal)
            sums["calendar_time"] = cal
        return _group_sums(func, part, keys, sums)

    if is_dask(frame):
        meta = per_partition(frame._meta)
        prepared = frame.map_partitions(per_partition, meta=meta)
        if keys:
            sums = prepared.groupby(keys).sum().compute()
        else:
            sums = prepared[out_columns].sum().compute().to_frame().T
    else:
        prepared = per_partition(frame)
        sums = prepared.set_index(keys).sort_index() if keys else prepared
    if sums.shape[0] == 0:
        raise invalid(func, "frame", "a frame with at least one row", "<an empty frame>")
    return _ratios(sums.astype(np.float64))


@dataclass(frozen=True, slots=True, kw_only=True)
class OEELossesResult(Result, Plottable):
    """OEE from machine state logs, by group, with the six big losses and the loss waterfall.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per group (machine and the ``by`` columns): ``calendar_time, planned_time,
        breakdowns, setups_and_adjustments, small_stops, reduced_speed, startup_rejects,
        production_rejects`` (all as time), ``run_time, net_run_time, fully_productive_time,
        total_count, good_count, availability, performance, quality, oee, teep``.
    overall : OEEResult
        OEE of all groups together, from the summed times and counts.
    losses : pandas.Series
        The six big losses over all groups, as time (index: breakdowns,
        setups_and_adjustments, small_stops, reduced_speed, startup_rejects,
        production_rejects).
    waterfall : pandas.DataFrame
        The OEE loss waterfall over all groups: rows ``planned_time``, each loss, and
        ``fully_productive_time``, with columns ``time`` (the bar's height), ``bottom`` (where a
        loss bar starts) and ``kind`` ("total" or "loss").
    """

    table: pd.DataFrame
    overall: OEEResult
    losses: pd.Series
    waterfall: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """Return the per-group table."""
        return self.table.copy()


def _time_values(func: str, frame: pd.DataFrame, column: str) -> tuple[Any, float]:
    """Return the column as int64 nanoseconds (datetimes) or float64, and the seconds scale."""
    series = frame[column]
    if series.isna().any():
        pos = int(np.flatnonzero(series.isna().to_numpy())[0])
        raise invalid(func, column, "free of missing times", f"<a missing value at row {pos}>")
    kind = series.dtype.kind
    if kind == "M":
        return series.to_numpy(dtype="datetime64[ns]").view(np.int64), 1e-9
    if kind == "m":
        return series.to_numpy(dtype="timedelta64[ns]").view(np.int64), 1e-9
    if kind not in "iuf":
        raise invalid(func, column, "a column of numbers or datetimes", f"<dtype {series.dtype}>")
    values = series.to_numpy(dtype=np.float64)
    if not np.isfinite(values).all():
        raise invalid(func, column, "finite", "<an infinite time>")
    return values, 1.0


def _state_sums(
    part: pd.DataFrame,
    *,
    func: str,
    machine: str,
    state: str,
    start: str,
    end: str,
    keys: list[str],
    mapping: Mapping[Any, str],
    small_stop_threshold: float | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate one partition of a state log; return the time per category by group and the
    first start and last end of every machine (for checks across partitions)."""
    columns = ["calendar_time", *CATEGORIES]
    if len(part) == 0:
        sums = pd.DataFrame({c: pd.Series(dtype=np.float64) for c in columns})
        sums = sums.set_index(pd.MultiIndex.from_arrays([[]] * len(keys), names=keys))
        bounds = pd.DataFrame({machine: [], "first_start": [], "last_end": []})
        return sums, bounds
    s, scale = _time_values(func, part, start)
    e, scale_end = _time_values(func, part, end)
    if scale != scale_end:
        raise invalid(func, end, f"of the same type as the {start!r} column", "<another type>")
    negative = e < s
    if negative.any():
        pos = int(np.flatnonzero(negative)[0])
        raise invalid(
            func,
            "states",
            f"intervals with {end!r} >= {start!r} (no negative durations)",
            f"<row {part.index[pos]!r} ending before it starts>",
        )
    codes, uniques = pd.factorize(part[machine], use_na_sentinel=True)
    if (codes < 0).any():
        raise invalid(func, machine, "free of missing machine labels", "<a missing label>")
    order = np.argsort(codes, kind="stable")
    sc, ss, se = codes[order], s[order], e[order]
    same = sc[1:] == sc[:-1]
    unsorted = same & (ss[1:] < ss[:-1])
    if unsorted.any():
        pos = int(np.flatnonzero(unsorted)[0])
        raise invalid(
            func,
            "states",
            f"sorted by {start!r} within each machine",
            f"<row {part.index[order[pos + 1]]!r} of machine {uniques[sc[pos]]!r} starting "
            "before the row above it>",
        )
    overlap = same & (ss[1:] < se[:-1])
    if overlap.any():
        pos = int(np.flatnonzero(overlap)[0])
        raise invalid(
            func,
            "states",
            "free of overlapping intervals for one machine",
            f"<rows {part.index[order[pos]]!r} and {part.index[order[pos + 1]]!r} of machine "
            f"{uniques[sc[pos]]!r} overlapping>",
        )
    duration = (e - s).astype(np.float64) * scale
    state_codes, state_uniques = pd.factorize(part[state], use_na_sentinel=True)
    if (state_codes < 0).any():
        raise invalid(func, state, "free of missing state labels", "<a missing label>")
    unknown = [u for u in state_uniques if u not in mapping]
    if unknown:
        raise invalid(
            func,
            "categories",
            f"a mapping covering every state in the log (states -> one of {CATEGORIES})",
            f"<no category for state {unknown[0]!r}>",
        )
    category_of = np.array([CATEGORIES.index(mapping[u]) for u in state_uniques])
    category = category_of[state_codes]
    if small_stop_threshold is not None:
        short = (category == CATEGORIES.index("breakdown")) & (duration < small_stop_threshold)
        category = np.where(short, CATEGORIES.index("small_stop"), category)
    group, size, labels = _group_ids(func, part, keys, first_codes=(codes, uniques))
    ncat = len(CATEGORIES)
    table = np.bincount(group * ncat + category, weights=duration, minlength=size * ncat)
    table = table.reshape(size, ncat)
    present = np.bincount(group, minlength=size) > 0
    data: dict[str, Any] = {key: value[present] for key, value in labels.items()}
    data["calendar_time"] = table[present].sum(axis=1)
    for i, name in enumerate(CATEGORIES):
        data[name] = table[present, i]
    sums = pd.DataFrame(data).set_index(keys)
    first = np.ones(len(sc), dtype=bool)
    first[1:] = ~same
    last = np.ones(len(sc), dtype=bool)
    last[:-1] = ~same
    bounds = pd.DataFrame(
        {
            machine: uniques[sc[first]],
            "first_start": ss[first].astype(np.float64),
            "last_end": se[last].astype(np.float64),
        }
    )
    return sums, bounds


def oee_from_states(
    states: Any,
    *,
    counts: pd.DataFrame,
    ideal_cycle_time: float | pd.Series | str,
    machine: str = "machine",
    state: str = "state",
    start: str = "start",
    end: str = "end",
    by: str | Sequence[str] | None = None,
    categories: Mapping[Any, str] | None = None,
    small_stop_threshold: float | None = None,
    total_count: str = "total_count",
    good_count: str = "good_count",
    startup_rejects: str | None = None,
) -> OEELossesResult:
    r"""OEE, the six big losses and the loss waterfall from a machine state log and counts.

    Parameters
    ----------
    states : pandas.DataFrame or dask.dataframe.DataFrame
        One row per state interval: machine, state, start, end (numbers in one time unit, or
        datetimes, whose durations are taken in seconds) and the ``by`` columns. Rows of a
        machine must be sorted by start and must not overlap; a Dask frame must be in log
        order across partitions.
    counts : pandas.DataFrame
        Units made by group: the machine and ``by`` columns, ``total_count``, ``good_count``
        (and ``startup_rejects``) columns; several rows of a group are summed.
    ideal_cycle_time : float, Series or str
        Ideal time per unit, in the time unit of the log (seconds for datetimes): one number,
        a Series indexed by machine, or the name of a column of ``counts`` (e.g. per product).
    machine, state, start, end : str
        Column names in ``states``.
    by : str, list of str or None
        Further grouping columns present in both frames (e.g. "shift", "day").
    categories : mapping or None
        State label -> loss category: "running", "breakdown", "setup", "small_stop" or
        "planned_stop" (planned stops such as breaks are left out of the planned time).
        Default: the labels are the category names.
    small_stop_threshold : float or None
        Breakdown intervals shorter than this are counted as small stops.
    total_count, good_count : str
        Column names in ``counts``.
    startup_rejects : str or None
        Column of ``counts`` with the rejects made during startup (part of the bad units).

    Returns
    -------
    OEELossesResult
        ``table`` (one row per group), ``overall`` (an :class:`OEEResult`), ``losses`` (the six
        big losses as time) and ``waterfall``.

    Raises
    ------
    InvalidInputError
        On a missing column, a negative duration, intervals of one machine out of order or
        overlapping, a state without category, counts for a group absent from the log, more
        good than total units, or more units than the running time allows at the ideal cycle
        time.

    Notes
    -----
    Per group: planned time = logged time - planned stops; run time = planned time -
    breakdowns - setups; net run time :math:`= \sum t_{ideal} N_{total}`; reduced speed = run
    time - small stops - net run time; startup and production rejects are counted as the time
    their units took at the ideal cycle time, so that planned time - the six losses = fully
    productive time :math:`= \sum t_{ideal} N_{good}` (and, with one ideal cycle time, OEE =
    fully productive / planned time; quality always counts units). TEEP uses the whole logged
    time as calendar time.

    References
    ----------
    .. [1] S. Nakajima, *Introduction to TPM*, Productivity Press, 1988, ch. 2 (the six big
       losses).
    .. [2] R. C. Hansen, *Overall Equipment Effectiveness*, Industrial Press, 2001, ch. 2.

    Examples
    --------
    >>> states = pd.DataFrame({"machine": ["m1"] * 4,
    ...     "state": ["running", "breakdown", "running", "setup"],
    ...     "start": [0.0, 300.0, 330.0, 450.0], "end": [300.0, 330.0, 450.0, 480.0]})
    >>> counts = pd.DataFrame({"machine": ["m1"], "total_count": [400], "good_count": [380]})
    >>> r = oee_from_states(states, counts=counts, ideal_cycle_time=1.0)
    >>> round(r.overall.oee, 4), float(r.losses["breakdowns"]), float(r.losses["reduced_speed"])
    (0.7917, 30.0, 20.0)
    """
    func = "oee_from_states"
    for name, value in (
        ("machine", machine),
        ("state", state),
        ("start", start),
        ("end", end),
        ("total_count", total_count),
        ("good_count", good_count),
    ):
        check(func, name, value, InstanceOf(str, name="a column name"))
    check(
        func,
        "startup_rejects",
        startup_rejects,
        [NoneValue(), InstanceOf(str, name="a column name")],
    )
    check(
        func,
        "small_stop_threshold",
        small_stop_threshold,
        [NoneValue(), Interval(0, None, closed="neither")],
    )
    keys = [machine, *_keys(func, "by", by)]
    if categories is None:
        mapping: Mapping[Any, str] = {c: c for c in CATEGORIES}
    else:
        check(func, "categories", categories, InstanceOf(Mapping, name="a mapping"))
        for label, category in categories.items():
            if category not in CATEGORIES:
                raise invalid(
                    func,
                    "categories",
                    f"a mapping to one of {CATEGORIES}",
                    f"<{label!r}: {category!r}>",
                )
        mapping = categories
    if not is_dask(states):
        check(func, "states", states, InstanceOf(pd.DataFrame, name="a pandas or Dask DataFrame"))
    require_columns(func, "states", states, [*keys, state, start, end])
    check(func, "counts", counts, InstanceOf(pd.DataFrame, name="a pandas DataFrame"))
    require_columns(func, "counts", counts, [*keys, total_count, good_count, startup_rejects])
    options = {
        "func": func,
        "machine": machine,
        "state": state,
        "start": start,
        "end": end,
        "keys": keys,
        "mapping": mapping,
        "small_stop_threshold": small_stop_threshold,
    }
    if is_dask(states):
        import dask

        # one task per partition: it checks the partition and returns its (small) time per
        # group and category and the first start / last end of each machine
        tasks = [
            dask.delayed(_state_sums)(part, **options)  # type: ignore[attr-defined]
            for part in states.to_delayed()
        ]
        results = dask.compute(*tasks)  # type: ignore[attr-defined,no-untyped-call]
        frames = [r[0] for r in results if len(r[0])]
        if not frames:
            raise invalid(func, "states", "a log with at least one interval", "<an empty log>")
        sums_frame = pd.concat(frames).groupby(level=list(range(len(keys)))).sum()
        bounds = pd.concat([r[1] for r in results if len(r[1])], ignore_index=True)
        if len(bounds) > 1:
            _check_partition_bounds(func, bounds, machine)
    else:
        sums_frame, _ = _state_sums(states, **options)  # type: ignore[arg-type]
        sums_frame = sums_frame.groupby(level=list(range(len(keys)))).sum()
    if len(sums_frame) == 0:
        raise invalid(func, "states", "a log with at least one interval", "<an empty log>")
    counted = _count_sums(
        func, counts, keys, total_count, good_count, startup_rejects, ideal_cycle_time
    )
    missing = counted.index.difference(sums_frame.index)
    if len(missing):
        raise invalid(
            func, "counts", "counts of groups present in the state log", f"<group {missing[0]!r}>"
        )
    counted = counted.reindex(sums_frame.index, fill_value=0.0)
    table = _loss_table(func, sums_frame.astype(np.float64), counted)
    totals = table.sum(numeric_only=True)
    overall = _overall(totals)
    losses = totals[list(SIX_BIG_LOSSES)].astype(np.float64)
    losses.name = "time"
    return OEELossesResult(
        table=table, overall=overall, losses=losses, waterfall=_waterfall(totals)
    )


def _check_partition_bounds(func: str, bounds: pd.DataFrame, machine: str) -> None:
    """Intervals of one machine in consecutive partitions must not go back in time."""
    codes, uniques = pd.factorize(bounds[machine])
    order = np.argsort(codes, kind="stable")
    sc = codes[order]
    first = bounds["first_start"].to_numpy()[order]
    last = bounds["last_end"].to_numpy()[order]
    same = sc[1:] == sc[:-1]
    bad = same & (first[1:] < last[:-1])
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise invalid(
            func,
            "states",
            "sorted by start and free of overlaps within each machine (across partitions too)",
            f"<machine {uniques[sc[pos]]!r} going back in time between two partitions>",
        )


def _count_sums(
    func: str,
    counts: pd.DataFrame,
    keys: list[str],
    total_count: str,
    good_count: str,
    startup_rejects: str | None,
    ideal_cycle_time: float | pd.Series | str,
) -> pd.DataFrame:
    names = {"total_count": total_count, "good_count": good_count}
    if startup_rejects is not None:
        names["startup_rejects"] = startup_rejects
    values: dict[str, FloatArray] = {}
    for field, column in names.items():
        try:
            arr = counts[column].to_numpy(dtype=np.float64)
        except (TypeError, ValueError):
            raise invalid(
                func, field, "a column of counts", f"<dtype {counts[column].dtype}>"
            ) from None
        if arr.size:
            check(func, field, arr, NONNEGATIVE)
        values[field] = arr
    check_le(func, "good_count", values["good_count"], "total_count", values["total_count"])
    bad = values["total_count"] - values["good_count"]
    if startup_rejects is not None:
        check_le(func, "startup_rejects", values["startup_rejects"], "total - good count", bad)
    if isinstance(ideal_cycle_time, str):
        require_columns(func, "counts", counts, [ideal_cycle_time])
        ideal = counts[ideal_cycle_time].to_numpy(dtype=np.float64)
    elif isinstance(ideal_cycle_time, pd.Series):
        mapped = counts[keys[0]].map(ideal_cycle_time)
        if mapped.isna().any():
            label = counts[keys[0]][mapped.isna()].iloc[0]
            raise invalid(
                func, "ideal_cycle_time", "a Series with every machine", f"<no value for {label!r}>"
            )
        ideal = mapped.to_numpy(dtype=np.float64)
    else:
        check(func, "ideal_cycle_time", ideal_cycle_time, POSITIVE)
        ideal = np.full(len(counts), float(ideal_cycle_time))
    if ideal.size:
        check(func, "ideal_cycle_time", ideal, POSITIVE)
    data: dict[str, Any] = {key: counts[key].to_numpy() for key in keys}
    data["total_count"] = values["total_count"]
    data["good_count"] = values["good_count"]
    data["net_run_time"] = ideal * values["total_count"]
    data["fully_productive_time"] = ideal * values["good_count"]
    startup = values.get("startup_rejects", np.zeros(len(counts)))
    data["startup_rejects"] = ideal * startup
    return pd.DataFrame(data).groupby(keys).sum()


def _loss_table(func: str, sums: pd.DataFrame, counted: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame(index=sums.index)
    table["calendar_time"] = sums["calendar_time"]
    table["planned_time"] = sums["calendar_time"] - sums["planned_stop"]
    table["breakdowns"] = sums["breakdown"]
    table["setups_and_adjustments"] = sums["setup"]
    table["small_stops"] = sums["small_stop"]
    run = table["planned_time"] - table["breakdowns"] - table["setups_and_adjustments"]
    net = counted["net_run_time"]
    running = sums["running"].to_numpy()
    over = net.to_numpy() > running * (1 + 1e-12)
    if over.any():
        pos = int(np.flatnonzero(over)[0])
        raise invalid(
            func,
            "ideal_cycle_time",
            "small enough that the units could be made in the running time",
            f"<group {sums.index[pos]!r}: {net.iloc[pos]:g} of net run time in "
            f"{running[pos]:g} running>",
        )
    table["reduced_speed"] = np.maximum(run - table["small_stops"] - net, 0.0)
    table["startup_rejects"] = counted["startup_rejects"]
    table["production_rejects"] = np.maximum(
        net - counted["fully_productive_time"] - counted["startup_rejects"], 0.0
    )
    table["run_time"] = run
    table["net_run_time"] = net
    table["fully_productive_time"] = counted["fully_productive_time"]
    table["total_count"] = counted["total_count"]
    table["good_count"] = counted["good_count"]
    return _ratios(table)


def _overall(totals: pd.Series) -> OEEResult:
    planned = float(totals["planned_time"])
    run = float(totals["run_time"])
    net = float(totals["net_run_time"])
    total = float(totals["total_count"])
    good = float(totals["good_count"])
    a = run / planned if planned > 0 else 0.0
    p = min(net / run, 1.0) if run > 0 else 0.0
    q = good / total if total > 0 else 0.0
    calendar = float(totals["calendar_time"])
    return OEEResult(
        availability=a,
        performance=p,
        quality=q,
        oee=a * p * q,
        teep=a * p * q * planned / calendar if calendar > 0 else 0.0,
        run_time=run,
        net_run_time=net,
        fully_productive_time=float(totals["fully_productive_time"]),
    )


def _waterfall(totals: pd.Series) -> pd.DataFrame:
    steps = ["planned_time", *SIX_BIG_LOSSES, "fully_productive_time"]
    heights = np.array([float(totals[s]) for s in steps])
    level = heights[0] - np.cumsum(np.concatenate([[0.0], heights[1:-1]]))
    bottom = np.concatenate([[0.0], level[1:], [0.0]])
    return pd.DataFrame(
        {
            "time": heights,
            "bottom": bottom,
            "kind": ["total", *["loss"] * len(SIX_BIG_LOSSES), "total"],
        },
        index=pd.Index(steps, name="step"),
    )
