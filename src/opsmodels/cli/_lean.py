"""Lean commands of ``opsmodels``: ``oee`` over machine state logs, ``waste`` over event logs,
and the lean sections of the demo (OEE, value stream, line balance, waste).
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from opsmodels import lean
from opsmodels._results import jsonable
from opsmodels.cli._common import (
    Handler,
    Section,
    UsageError,
    get_column,
    json_records,
    json_text,
    numeric_column,
    one_line,
    read_table,
    real,
    save_plot,
    write_plot,
)
from opsmodels.errors import InvalidInputError
from opsmodels.lean._oee import CATEGORIES, SIX_BIG_LOSSES
from opsmodels.process._eventlog import _timestamps

__all__ = ["add_commands", "demo_sections", "oee_lines", "waste_lines"]


# ---------------------------------------------------------------------------------------
# Reading logs
# ---------------------------------------------------------------------------------------


def _columns(text: str | None, option: str) -> list[str]:
    """Comma-separated column names (``--by day,shift``)."""
    if text is None:
        return []
    names = [name.strip() for name in text.split(",")]
    if not all(names):
        raise UsageError(f"{option} needs column names separated by commas, got {text!r}")
    return names


def _categories(text: str | None) -> dict[str, str]:
    """``--categories LABEL=CATEGORY,...`` on top of the category names themselves."""
    mapping = {c: c for c in CATEGORIES}
    if text is None:
        return mapping
    for item in text.split(","):
        label, sep, category = item.partition("=")
        label, category = label.strip(), category.strip()
        if not sep or not label:
            raise UsageError(
                f"--categories needs LABEL=CATEGORY pairs separated by commas, got {item!r}"
            )
        if category not in CATEGORIES:
            raise UsageError(
                f"--categories: unknown category {category!r} for state {label!r} "
                f"(use one of {', '.join(CATEGORIES)})"
            )
        mapping[label] = category
    return mapping


def _times(frame: pd.DataFrame, column: str, path: str) -> pd.Series:
    """A time column as numbers (any one unit) or as timestamps (naive UTC)."""
    series = get_column(frame, column, path)
    if series.isna().any():
        pos = int(np.flatnonzero(series.isna().to_numpy())[0])
        raise UsageError(f"column {column!r} of {path} has a missing time (data row {pos + 1})")
    if series.dtype.kind in "iuf":
        return series.astype(np.float64)
    if series.dtype.kind != "M" and not isinstance(series.dtype, pd.DatetimeTZDtype):
        numbers = pd.to_numeric(series, errors="coerce")
        if numbers.notna().all():
            return numbers.astype(np.float64)
    try:  # the event-log reader of opsmodels.process: strings, zones, mixed offsets
        ns = _timestamps("oee", frame, column, wall_clock=False)
    except InvalidInputError:
        bad = series[pd.to_numeric(series, errors="coerce").isna()].iloc[0]
        raise UsageError(
            f"column {column!r} of {path} holds neither numbers nor timestamps (first: {bad!r})"
        ) from None
    return pd.Series(ns.view("datetime64[ns]"), index=series.index)


def _count_column(frame: pd.DataFrame, column: str, path: str, *, blank_is_zero: bool) -> Any:
    """A column of counts; empty cells are 0 units when ``blank_is_zero``, else an error."""
    missing = get_column(frame, column, path).isna().to_numpy()
    if missing.any() and not blank_is_zero:
        pos = int(np.flatnonzero(missing)[0])
        raise UsageError(f"column {column!r} of {path} has a missing count (data row {pos + 1})")
    values = np.zeros(len(frame))
    if not missing.all():
        values[~missing] = numeric_column(frame.loc[~missing], column, path).to_numpy()
    return values


def _ideal(text: str) -> float | str:
    """``--ideal-cycle-time``: a number, else a column name."""
    try:
        value = float(text)
    except ValueError:
        return text
    if not np.isfinite(value) or value <= 0:
        raise UsageError(f"--ideal-cycle-time must be a number > 0 or a column name, got {text!r}")
    return value


def _counts(
    source: pd.DataFrame,
    path: str,
    keys: list[str],
    args: argparse.Namespace,
    *,
    from_log: bool,
) -> tuple[pd.DataFrame, float | str]:
    """The counts frame for oee_from_states: key columns, counts (and the ideal cycle time)."""
    data: dict[str, Any] = {key: get_column(source, key, path).to_numpy() for key in keys}
    roles = {"total_count": args.total, "good_count": args.good}
    if args.startup_rejects is not None:
        roles["startup_rejects"] = args.startup_rejects
    for role, column in roles.items():
        data[role] = _count_column(source, column, path, blank_is_zero=from_log)
    ideal = _ideal(args.ideal_cycle_time)
    if isinstance(ideal, str):
        data["ideal_cycle_time"] = pd.to_numeric(
            get_column(source, ideal, path), errors="coerce"
        ).to_numpy(dtype=np.float64)
    counts = pd.DataFrame(data)
    if from_log:  # intervals that made nothing need no ideal cycle time
        made = (counts[list(roles)] != 0).any(axis=1)
        counts = counts[made]
    if isinstance(ideal, str):
        values = counts["ideal_cycle_time"]
        bad = ~(values > 0) | ~np.isfinite(values)
        if bad.any():
            raise UsageError(
                f"column {ideal!r} of {path} needs an ideal cycle time > 0 on every row that "
                f"made units (first bad: {source.loc[bad.index[bad.to_numpy()][0], ideal]!r})"
            )
        return counts, "ideal_cycle_time"
    return counts, ideal


def _group_label(value: Any) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
    return str(value)


# ---------------------------------------------------------------------------------------
# OEE
# ---------------------------------------------------------------------------------------


def oee_lines(result: Any, *, scale: float = 1.0, unit: str = "") -> list[str]:
    """A readable summary of an OEELossesResult: a row per group, overall, the six losses.

    Times are divided by ``scale`` and labelled with ``unit`` (e.g. 3600 and "h").
    """
    table = result.table
    names = [str(n) for n in table.index.names]
    labels = [
        [_group_label(v) for v in (key if isinstance(key, tuple) else (key,))]
        for key in table.index
    ]
    widths = [
        max([len(name), len("overall") if i == 0 else 0, *(len(row[i]) for row in labels)])
        for i, name in enumerate(names)
    ]
    u = f" {unit}" if unit else ""
    head = "  ".join(f"{n:<{w}}" for n, w in zip(names, widths, strict=True))
    lines = [
        f"  {head}  {'planned' + u:>11}{'A %':>7}{'P %':>7}{'Q %':>7}{'OEE %':>7}{'TEEP %':>8}"
    ]

    def row(label: str, planned: float, a: float, p: float, q: float, o: float, t: Any) -> str:
        teep = f"{100 * float(t):8.1f}" if t is not None else f"{'-':>8}"
        return (
            f"  {label}  {planned / scale:11.1f}{100 * a:7.1f}{100 * p:7.1f}{100 * q:7.1f}"
            f"{100 * o:7.1f}{teep}"
        )

    for key, values in zip(labels, table.itertuples(index=False), strict=True):
        label = "  ".join(f"{v:<{w}}" for v, w in zip(key, widths, strict=True))
        r = values._asdict()
        lines.append(
            row(
                label,
                r["planned_time"],
                r["availability"],
                r["performance"],
                r["quality"],
                r["oee"],
                r.get("teep"),
            )
        )
    overall = result.overall
    total_width = sum(widths) + 2 * (len(widths) - 1)
    lines.append(
        row(
            f"{'overall':<{total_width}}",
            float(table["planned_time"].sum()),
            overall.availability,
            overall.performance,
            overall.quality,
            overall.oee,
            overall.teep,
        )
    )
    planned = float(table["planned_time"].sum())
    lines.append(
        f"Six big losses (all groups; share of the planned time {planned / scale:.1f}{u}):"
    )
    for loss in SIX_BIG_LOSSES:
        value = float(result.losses[loss])
        share = 100 * value / planned if planned > 0 else 0.0
        lines.append(f"  {loss.replace('_', ' '):<26}{value / scale:10.1f}{u}{share:7.1f} %")
    fully = float(overall.fully_productive_time)
    share = 100 * fully / planned if planned > 0 else 0.0
    lines.append(f"  {'= fully productive time':<26}{fully / scale:10.1f}{u}{share:7.1f} %")
    lines.append(
        "OEE = A x P x Q. Groups and overall come from summed times and counts, never from "
        "averaged ratios; TEEP = OEE x planned time / calendar time (the whole logged time)."
    )
    return lines


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON records of a frame, its index as columns, timestamps as ISO text, periods as text."""
    flat = frame.reset_index()
    for column in flat.columns:
        dtype = flat[column].dtype
        if dtype.kind == "M" or isinstance(dtype, pd.DatetimeTZDtype):
            flat[column] = flat[column].map(lambda t: t.isoformat())
        elif isinstance(dtype, pd.PeriodDtype):
            flat[column] = flat[column].astype(str)
    return json_records(flat)


def _oee_payload(result: Any, *, time_unit: str) -> dict[str, Any]:
    payload: dict[str, Any] = result.to_dict()
    payload["table"] = _records(result.table)
    payload["waterfall"] = _records(result.waterfall)
    payload["time_unit"] = time_unit
    return payload


def _plot_function(kind: str) -> Any:
    """The lean plot of opsmodels.plotting drawing ``kind`` (imported only when drawing)."""
    from opsmodels import plotting

    return {
        "waterfall": plotting.oee_waterfall,
        "value_stream": plotting.value_stream_timeline,
        "yamazumi": plotting.yamazumi_chart,
    }[kind]


_RATIOS = ("availability", "performance", "quality", "oee", "teep", "total_count", "good_count")


def _in_hours(result: Any) -> Any:
    """A copy of an OEELossesResult with its times (seconds) in hours, for the waterfall."""
    table = result.table.copy()
    for column in table.columns:
        if column not in _RATIOS:
            table[column] = table[column] / 3_600.0
    waterfall = result.waterfall.copy()
    waterfall[["time", "bottom"]] = waterfall[["time", "bottom"]] / 3_600.0
    return dataclasses.replace(
        result, table=table, waterfall=waterfall, losses=result.losses / 3_600.0
    )


def _demo_plot(
    kind: str, result: Any, out_dir: Path | None, name: str, section: Section, **options: Any
) -> None:
    if out_dir is not None:
        draw = _plot_function(kind)
        save_plot(lambda: draw(result, **options), out_dir, name, section)


def cmd_oee(args: argparse.Namespace, out: TextIO) -> int:
    states = read_table(args.file)
    by = _columns(args.by, "--by")
    keys = [args.machine, *by]
    for column in (*keys, args.state):
        get_column(states, column, args.file)
    start = _times(states, args.start, args.file)
    end = _times(states, args.end, args.file)
    if (start.dtype.kind == "M") != (end.dtype.kind == "M"):
        raise UsageError(
            f"columns {args.start!r} and {args.end!r} of {args.file} must both be timestamps "
            "or both numbers"
        )
    log = states[[*dict.fromkeys([*keys, args.state])]].copy()
    log["__start"], log["__end"] = start, end
    log = log.sort_values("__start", kind="stable")  # a file need not be in time order
    if args.counts is None:
        counts, ideal = _counts(states, args.file, keys, args, from_log=True)
    else:
        counts, ideal = _counts(read_table(args.counts), args.counts, keys, args, from_log=False)
    timestamps = start.dtype.kind == "M"
    result = lean.oee_from_states(
        log,
        counts=counts,
        ideal_cycle_time=ideal,
        machine=args.machine,
        state=args.state,
        start="__start",
        end="__end",
        by=by or None,
        categories=_categories(args.categories),
        small_stop_threshold=args.small_stop_threshold,
        startup_rejects=None if args.startup_rejects is None else "startup_rejects",
    )
    if args.plot is not None:
        draw = _plot_function("waterfall")
        if timestamps:
            write_plot(lambda: draw(_in_hours(result), unit="h"), args.plot)
        else:
            write_plot(lambda: draw(result), args.plot)
    if args.json:
        payload = _oee_payload(result, time_unit="s" if timestamps else "log")
        out.write(json_text(payload))
        return 0
    groups = len(result.table)
    machines = result.table.index.get_level_values(0).nunique()
    scale, unit = (3_600.0, "h") if timestamps else (1.0, "")
    where = f"{len(log)} intervals, {machines} machine{'s' if machines != 1 else ''}"
    if by:
        where += f", {groups} groups by {', '.join(keys)}"
    lines = [
        f"OEE from {args.file} ({where}; times in {'hours' if timestamps else 'the log unit'})",
        *oee_lines(result, scale=scale, unit=unit),
    ]
    if args.plot is not None:
        lines.append(f"OEE waterfall written to {args.plot}")
    out.write("\n".join(lines) + "\n")
    return 0


def _add_oee(commands: Any) -> None:
    p = commands.add_parser(
        "oee",
        help="OEE, TEEP and the six big losses from a machine state log",
        description=(
            "OEE (availability x performance x quality), TEEP and the six big losses per "
            "machine (and --by groups) and overall, from a log of machine states with start "
            "and end times. Times are numbers in one unit or timestamps (durations in "
            "seconds; the ideal cycle time is then in seconds too). Group and overall values "
            "are computed from summed times and counts, never by averaging ratios. TEEP "
            "takes the whole logged time as calendar time: log unscheduled time (nights, "
            "weekends) as a planned-stop state to get TEEP over the calendar."
        ),
    )
    p.add_argument(
        "file", metavar="FILE", help="a .csv or .parquet state log, one row per interval"
    )
    p.add_argument(
        "--machine", default="machine", metavar="COL", help="machine column (default: machine)"
    )
    p.add_argument("--state", default="state", metavar="COL", help="state column (default: state)")
    p.add_argument(
        "--start", default="start", metavar="COL", help="interval start (default: start)"
    )
    p.add_argument("--end", default="end", metavar="COL", help="interval end (default: end)")
    p.add_argument("--by", metavar="COLS", help="further grouping columns, e.g. day,shift")
    p.add_argument(
        "--categories",
        metavar="MAP",
        help=(
            "state label -> loss category, e.g. changeover=setup,break=planned_stop (categories: "
            + ", ".join(CATEGORIES)
            + "; a label equal to a category maps to it)"
        ),
    )
    p.add_argument(
        "--small-stop-threshold",
        type=real,
        metavar="T",
        help="count breakdowns shorter than T as small stops",
    )
    p.add_argument(
        "--ideal-cycle-time",
        required=True,
        metavar="T|COL",
        help="ideal time per unit: a number, or a column of the counts (e.g. per product)",
    )
    p.add_argument(
        "--counts",
        metavar="FILE",
        help=(
            "a .csv or .parquet file of units made by machine (and --by groups); default: "
            "count columns of the state log, where empty cells count as 0"
        ),
    )
    p.add_argument(
        "--total", default="total_count", metavar="COL", help="units made (default: total_count)"
    )
    p.add_argument(
        "--good", default="good_count", metavar="COL", help="good units (default: good_count)"
    )
    p.add_argument("--startup-rejects", metavar="COL", help="rejects made during startup")
    p.add_argument("--plot", metavar="PNG", help="save the OEE loss waterfall (needs matplotlib)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


# ---------------------------------------------------------------------------------------
# Waste
# ---------------------------------------------------------------------------------------


def _amount(value: float, unit: str) -> str:
    """A summary value with its unit (seconds shown in hours)."""
    if unit == "s":
        return f"{value / 3_600:,.1f} h"
    if float(value).is_integer():
        return f"{value:,.0f} {unit}".rstrip()
    return f"{value:,.4g} {unit}".rstrip()


def waste_lines(result: Any) -> list[str]:
    """A readable waste summary: each measure with its value, share and evidence."""
    basis = (
        "idle time between steps"
        if result.waiting_basis == "waiting"
        else "complete-to-complete time (no start column: waiting includes service time)"
    )
    lines = [
        f"{result.n_cases:,} cases, {result.n_events:,} events, "
        f"{result.window_start:%Y-%m-%d %H:%M} to {result.window_end:%Y-%m-%d %H:%M}; "
        f"mean lead time {result.mean_lead_time / 3_600:.1f} h; waiting measured as {basis}.",
        f"  {'waste':<16}measure",
    ]
    for row in result.summary.itertuples(index=False):
        lines.append(f"  {row.waste:<16}{row.measure}")
        if not row.measurable:
            lines.append(f"  {'':<16}{row.evidence}")
            continue
        text = _amount(float(row.value), str(row.unit))
        if np.isfinite(row.share) and row.share_of:
            text += f" = {100 * row.share:.1f} % of {row.share_of}"
        lines.append(f"  {'':<16}{text}; {row.evidence}")
    return lines


def _waste_payload(result: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "summary": json_records(result.summary),
        "activities": _records(result.activities),
        "handoffs": json_records(result.handoffs),
        "output": None if result.output is None else _records(result.output),
    }
    for name in (
        "waiting_basis",
        "total_waiting_time",
        "waiting_share",
        "rework_events",
        "rework_cases",
        "rework_time",
        "off_path_events",
        "off_path_time",
        "handoff_count",
        "location_changes",
        "overproduction",
        "average_wip",
        "arrival_rate",
        "mean_lead_time",
        "littles_law_wip",
        "littles_law_gap",
        "window_start",
        "window_end",
        "n_cases",
        "n_events",
    ):
        payload[name] = jsonable(getattr(result, name))
    return payload


def cmd_waste(args: argparse.Namespace, out: TextIO) -> int:
    log = read_table(args.file)
    columns = [args.case, args.activity, args.end, args.start, args.resource, args.location]
    for column in columns:
        if column is not None:
            get_column(log, column, args.file)
    path = _columns(args.standard_path, "--standard-path") or None
    result = lean.waste(
        log,
        case=args.case,
        activity=args.activity,
        end=args.end,
        start=args.start,
        resource=args.resource,
        location=args.location,
        standard_path=path,
        demand=args.demand,
        period=args.period,
        output_activity=args.output_activity,
        nan_policy="omit" if args.dropna else "raise",
    )
    if args.cases is not None:
        try:
            result.cases.to_csv(args.cases)
        except OSError as exc:
            raise UsageError(f"cannot write {args.cases}: {one_line(exc)}") from None
    if args.json:
        out.write(json_text(_waste_payload(result)))
        return 0
    lines = [f"Waste in {args.file}", *waste_lines(result)]
    if args.cases is not None:
        lines.append(f"Per-case table written to {args.cases}")
    out.write("\n".join(lines) + "\n")
    return 0


def _add_waste(commands: Any) -> None:
    p = commands.add_parser(
        "waste",
        help="lean wastes measured from an event log, with their evidence",
        description=(
            "The lean wastes an event log supports, each with its evidence: waiting between "
            "steps, defects and rework (repeated activities), overprocessing (activities off "
            "the standard path), inventory (work in process, checked by Little's law), "
            "transport (hand-offs between resources or locations) and overproduction (output "
            "above demand); rows the data cannot support say why. Times are timestamps."
        ),
    )
    p.add_argument("file", metavar="FILE", help="a .csv or .parquet event log, one row per event")
    p.add_argument("--case", required=True, metavar="COL", help="case (order, ticket) column")
    p.add_argument("--activity", required=True, metavar="COL", help="activity column")
    p.add_argument("--end", required=True, metavar="COL", help="completion timestamp column")
    p.add_argument(
        "--start", metavar="COL", help="start timestamp column (separates waiting from work)"
    )
    p.add_argument("--resource", metavar="COL", help="resource column (hand-offs)")
    p.add_argument("--location", metavar="COL", help="location column (transport)")
    p.add_argument(
        "--standard-path",
        metavar="A,B,C",
        help="the standard activities, comma-separated; other activities are overprocessing",
    )
    p.add_argument("--demand", type=real, metavar="N", help="demand per period (overproduction)")
    p.add_argument(
        "--period", default="D", metavar="FREQ", help="period of the demand: D, W, M (default: D)"
    )
    p.add_argument(
        "--output-activity",
        metavar="A",
        help="count output as the events of activity A (default: completed cases)",
    )
    p.add_argument("--dropna", action="store_true", help="drop events with missing values")
    p.add_argument("--cases", metavar="CSV", help="also write the per-case table to CSV")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


# ---------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------


def _demo_oee(out_dir: Path | None) -> Section:
    from opsmodels import datasets

    log = datasets.machine_states()
    section = Section("Lean: OEE and the six big losses of three machines over a week")
    result = lean.oee_from_states(
        log,
        counts=log,
        ideal_cycle_time="ideal_cycle_time",
        categories=datasets.MACHINE_STATE_CATEGORIES,
        startup_rejects="startup_rejects",
    )
    section.add(
        f"State log: {len(log)} intervals of 2 presses and a lathe, Monday to Friday, early and "
        "late shifts (nights not scheduled); times in hours.",
        *oee_lines(result, scale=3_600.0, unit="h"),
    )
    table: pd.DataFrame = result.table
    worst: Any = table["oee"].idxmin()
    row = table.loc[worst]
    losses = {loss: float(row[loss]) for loss in SIX_BIG_LOSSES}
    top = max(losses, key=losses.__getitem__)
    section.add(
        f"-> {worst} has the lowest OEE ({100 * float(row['oee']):.1f} %): "
        f"{top.replace('_', ' ')} cost it {losses[top] / 3_600:.1f} h "
        f"({100 * losses[top] / float(row['planned_time']):.0f} % of its planned time).",
        "Same from a file: opsmodels oee states.csv --ideal-cycle-time ideal_cycle_time "
        "--startup-rejects startup_rejects --categories changeover=setup,minor_stop=small_stop,"
        "break=planned_stop,not_scheduled=planned_stop --by shift",
    )
    _demo_plot("waterfall", _in_hours(result), out_dir, "oee_waterfall.png", section, unit="h")
    return section


def _demo_value_stream(out_dir: Path | None) -> Section:
    from opsmodels import datasets

    steps = datasets.value_stream_steps()
    a = steps.attrs
    result = lean.value_stream(
        steps,
        demand=a["demand"],
        available_time=a["available_time"],
        working_days=a["working_days"],
        day_length=a["day_length"],
    )
    section = Section("Lean: value stream of a welded steel frame (current state)")
    section.add(
        f"Demand {a['demand']:,.0f} frames in {a['working_days']:g} days "
        f"({result.daily_demand:g} a day), {a['available_time'] / 3_600:g} h available a day "
        f"-> takt {result.takt_time:g} s.",
        f"  {'step':<10}{'C/T s':>7}{'C/O s':>7}{'uptime':>8}{'eff C/T':>9}{'C/T:takt':>9}"
        f"{'inventory':>11}{'days':>6}{'VA s':>6}",
    )
    ladder = result.ladder
    for step, r in ladder.iterrows():
        flag = "  <- constraint" if step == result.constraint_step else ""
        section.add(
            f"  {step!s:<10}{r['cycle_time']:7g}{r['changeover']:7g}{r['uptime']:8.2f}"
            f"{r['effective_cycle_time']:9.1f}{r['takt_ratio']:9.2f}{r['inventory_before']:11,.0f}"
            f"{r['inventory_days']:6.1f}{r['process_time']:6g}{flag}"
        )
    section.add(
        f"Lead time {result.lead_time_days:.1f} days ({result.inventory_days:.1f} days of "
        f"inventory) against {result.value_added_time:g} s of value-added time: "
        f"PCE = {100 * result.process_cycle_efficiency:.4f} %.",
    )
    over = ", ".join(map(str, result.steps_over_takt)) or "none"
    constraint = result.constraint_step
    effective: dict[Any, float] = ladder["effective_cycle_time"].astype(float).to_dict()
    eff = effective[constraint]
    section.add(
        f"Steps with a cycle time over takt: {over}; the constraint {constraint} "
        f"(effective C/T {eff:.1f} s with its uptime) "
        + (
            f"cannot keep pace with the takt of {result.takt_time:g} s."
            if eff > result.takt_time
            else "keeps pace."
        )
    )
    changes: dict[Any, dict[str, float]] = {
        step: {"inventory_before": float(stock) / 4}
        for step, stock in ladder["inventory_before"].items()
    }
    changes[constraint]["uptime"] = 0.95
    future = lean.future_state(result, changes)
    f = future.future
    section.add(
        f"Future state (TPM on {constraint} to 95 % uptime, every inventory cut to a quarter): "
        f"lead time {f.lead_time_days:.1f} days, PCE {100 * f.process_cycle_efficiency:.4f} %, "
        f"constraint {f.constraint_step} at "
        f"{f.ladder['effective_cycle_time'].astype(float).to_dict()[f.constraint_step]:.1f} s."
    )
    _demo_plot("value_stream", future, out_dir, "value_stream.png", section)
    return section


def _demo_line_balance(out_dir: Path | None) -> Section:
    from opsmodels import datasets

    graph = datasets.assembly_tasks()
    takt = float(graph.graph["takt_time"])
    result = lean.line_balance(graph, takt)
    section = Section("Lean: balancing the fan assembly line at takt (SALBP-1)")
    work = sum(result.task_times.values())
    section.add(
        f"{graph.number_of_nodes()} tasks, {work:g} s of work per fan, cycle time = takt "
        f"{takt:g} s: theoretical minimum ceil({work:g}/{takt:g}) = "
        f"{result.theoretical_minimum} stations; exact branch and bound: {result.stations} "
        f"stations ({'optimal' if result.optimal else f'gap {result.gap} to the bound'}).",
        f"  {'station':<9}{'tasks':<22}{'time s':>7}{'idle s':>7}",
    )
    for k in range(result.stations):
        tasks = [str(t) for t, s in result.assignment.items() if s == k + 1]
        section.add(
            f"  {k + 1:<9}{' '.join(tasks):<22}{result.station_times[k]:7g}"
            f"{result.idle_times[k]:7g}"
        )
    section.add(
        f"Efficiency {100 * result.efficiency:.1f} %, balance delay "
        f"{100 * result.balance_delay:.1f} %, smoothness index {result.smoothness_index:.1f} s."
    )
    for method in ("rpw", "lcr"):
        other = lean.line_balance(graph, takt, method=method)
        section.add(
            f"  {method}: {other.stations} stations, smoothness index "
            f"{other.smoothness_index:.1f} s"
        )
    _demo_plot("yamazumi", result, out_dir, "yamazumi.png", section, takt=takt, unit="s")
    return section


def _demo_waste() -> Section:
    from opsmodels import datasets

    log = datasets.order_events()
    result = lean.waste(
        log,
        case="case",
        activity="activity",
        end="end",
        start="start",
        resource="resource",
        location="location",
        standard_path=list(datasets.ORDER_STANDARD_PATH),
        demand=15.0,
        output_activity="ship",
    )
    section = Section("Lean: the wastes in an order event log")
    section.add(
        "A sheet-metal shop's make-to-order jobs; standard path "
        + " > ".join(datasets.ORDER_STANDARD_PATH)
        + "; demand 15 shipments a day.",
        *waste_lines(result),
        "Same from a file: opsmodels waste orders.csv --case case --activity activity --end end "
        "--start start --resource resource --location location --standard-path "
        "'" + ",".join(datasets.ORDER_STANDARD_PATH) + "' --demand 15 --output-activity ship",
    )
    return section


def demo_sections(out_dir: Path | None) -> list[Section]:
    """The lean part of the demo report."""
    return [
        _demo_oee(out_dir),
        _demo_value_stream(out_dir),
        _demo_line_balance(out_dir),
        _demo_waste(),
    ]


def add_commands(commands: Any) -> dict[str, Handler]:
    """Add ``oee`` and ``waste`` to the sub-parsers; return their handlers."""
    _add_oee(commands)
    _add_waste(commands)
    return {"oee": cmd_oee, "waste": cmd_waste}
