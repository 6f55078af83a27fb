"""Process, constraints and queueing commands of ``opsmodels``: ``bottleneck`` over a steps
table, ``eventlog`` over an event log, ``staffing`` over an arrival profile, and the demo
sections (a machine shop's bottleneck and what-if, a bank branch's teller staffing)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

import networkx as nx
import numpy as np
import pandas as pd

from opsmodels import constraints, process, queueing
from opsmodels.cli._common import (
    Handler,
    Section,
    UsageError,
    fmt,
    get_column,
    json_records,
    json_text,
    numeric_column,
    one_line,
    read_table,
    real,
    save_plot,
    write_plot,
    write_table,
)

__all__ = ["add_commands", "demo_sections"]

#: Node attributes of the process-graph schema read by ``bottleneck``: option -> attribute.
ATTRIBUTES = {
    "time_column": "process_time",
    "rate_column": "rate",
    "servers_column": "servers",
    "availability_column": "availability",
    "yield_column": "yield",
    "setup_column": "setup_time",
    "batch_column": "batch_size",
}
#: Seconds per time unit of the ``--time-unit`` options.
SECONDS = {"s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0}


def _write(path: str, write: Any) -> None:
    try:
        write(path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {one_line(exc)}") from None


# ---------------------------------------------------------------------------------------
# bottleneck
# ---------------------------------------------------------------------------------------


def _optional_numeric(frame: pd.DataFrame, column: str, path: str) -> pd.Series:
    """A numeric column whose blanks mean 'the default' (kept as NaN)."""
    series = get_column(frame, column, path)
    present = series.notna()
    values = pd.Series(np.nan, index=series.index, dtype=np.float64)
    if present.any():
        values[present] = numeric_column(frame.loc[present], column, path)
    return values


def _station_arrivals(steps: pd.DataFrame, args: argparse.Namespace) -> dict[Any, float] | None:
    """External arrival rate by station from ``--arrivals-column`` (blanks: none)."""
    if args.arrivals_column is None:
        return None
    rates = _optional_numeric(steps, args.arrivals_column, args.file)
    given = pd.DataFrame({"step": steps[args.step], "rate": rates}).dropna()
    first = given.drop_duplicates("step")
    found = {s: float(r) for s, r in zip(first["step"], first["rate"], strict=True) if r != 0}
    if not found:
        raise UsageError(f"column {args.arrivals_column!r} of {args.file} has no arrival rate")
    return found


def _steps_frame(args: argparse.Namespace) -> tuple[pd.DataFrame, str | None, list[str]]:
    """The steps in the layout of process_graph_from_frame (schema attribute names), the
    probability column (None: one successor per step) and the node attributes present."""
    steps = read_table(args.file)
    get_column(steps, args.step, args.file)
    args.station_arrivals = _station_arrivals(steps, args)
    present = {
        attr: getattr(args, option)
        for option, attr in ATTRIBUTES.items()
        if getattr(args, option) in steps.columns
    }
    if "process_time" not in present and "rate" not in present:
        raise UsageError(
            f"{args.file} has neither a process-time column {args.time_column!r} nor a rate "
            f"column {args.rate_column!r} (name yours with --time-column or --rate-column)"
        )
    stations = pd.DataFrame({"step": steps[args.step]})
    for attr, column in present.items():
        stations[attr] = _optional_numeric(steps, column, args.file)
    if args.edges is None:
        routes_path, routes = args.file, steps
        tail, head = args.step, args.next_step
    else:
        routes_path, routes = args.edges, read_table(args.edges)
        tail, head = args.edge_step or args.step, args.edge_next_step or args.next_step
        get_column(routes, tail, args.edges)
    get_column(routes, head, routes_path)
    probability: str | None = args.probability or "probability"
    if probability not in routes.columns:
        if args.probability is not None:  # named explicitly: must be there
            get_column(routes, str(probability), routes_path)
        probability = None
    if args.edges is None:
        frame = stations.assign(next_step=steps[args.next_step].to_numpy())
        if probability is not None:
            frame["probability"] = _optional_numeric(steps, probability, args.file).to_numpy()
    else:
        if stations["step"].duplicated().any():
            dup = stations["step"][stations["step"].duplicated()].iloc[0]
            raise UsageError(f"{args.file} lists station {dup!r} twice (one row per station)")
        edges = pd.DataFrame(
            {"step": routes[tail].to_numpy(), "next_step": routes[head].to_numpy()}
        )
        if probability is not None:
            edges["probability"] = _optional_numeric(routes, probability, routes_path).to_numpy()
        known = set(stations["step"].dropna())
        for column in ("step", "next_step"):
            unknown = edges[column].dropna()[~edges[column].dropna().isin(known)]
            if len(unknown):
                raise UsageError(
                    f"{routes_path} routes {'from' if column == 'step' else 'to'} "
                    f"{unknown.iloc[0]!r}, which is not a station of {args.file}"
                )
        exits = stations[~stations["step"].isin(edges["step"])][["step"]]
        frame = pd.concat([edges, exits.assign(next_step=np.nan)], ignore_index=True)
        frame = frame.merge(stations, on="step", how="left", sort=False)
    attrs = [a for a in present if a in frame.columns]
    return frame, (None if probability is None else "probability"), attrs


def _node(graph: nx.DiGraph[Any], name: str, option: str) -> Any:
    for node in graph.nodes:
        if str(node) == name:
            return node
    shown = ", ".join(str(n) for n in list(graph.nodes)[:20])
    raise UsageError(f"{option} {name!r} is not a station (stations: {shown})")


def _station_table(graph: nx.DiGraph[Any], result: Any, arrivals: Any = None) -> pd.DataFrame:
    visits = process.arrival_rates(graph, 1.0 if arrivals is None else arrivals).visit_ratios
    te = process.effective_process_times(graph)
    table: pd.DataFrame = result.to_frame()
    if result.release_rate is None:  # utilization is then the load per unit
        table = table.drop(columns="utilization")
    servers = pd.Series({n: int(graph.nodes[n].get("servers", 1)) for n in graph.nodes})
    table.insert(0, "servers", servers.reindex(table.index).to_numpy())
    table.insert(1, "effective_process_time", te.reindex(table.index).to_numpy())
    table.insert(2, "visits", visits.reindex(table.index).to_numpy())
    table.index.name = "station"
    return table


def bottleneck_lines(
    graph: nx.DiGraph[Any],
    result: Any,
    what_if: Any = None,
    *,
    unit: str = "time unit",
    arrivals: Any = None,
) -> list[str]:
    """The text report of a bottleneck analysis (and of a what-if elevation) at the external
    ``arrivals`` it was run with."""
    table = _station_table(graph, result, arrivals)
    given = result.release_rate is not None
    info = process.validate_process_graph(graph)
    lines = [
        f"Process: {info.nodes} stations, {info.edges} routings, "
        f"{'with' if info.has_rework else 'no'} rework; source "
        + ", ".join(map(str, info.sources)),
        f"Release rate: {fmt(result.release_rate)} per {unit}"
        + ("" if not isinstance(arrivals, dict) else f" (into {len(arrivals)} stations)")
        if given
        else f"No release rate given: loads are per unit released per {unit}",
        f"  {'station':<14}{'servers':>8}{'t_e':>9}{'visits':>8}{'load/unit':>11}"
        + (f"{'util':>8}" if given else ""),
    ]
    for node, row in table.iterrows():
        mark = (
            "  <- bottleneck"
            if row["bottleneck"]
            else ("  near-bottleneck" if row["near_bottleneck"] else "")
        )
        util = f"{row['utilization']:8.1%}" if given else ""
        lines.append(
            f"  {node!s:<14}{row['servers']:>8}{fmt(row['effective_process_time']):>9}"
            f"{row['visits']:8.3f}{fmt(row['load_per_unit']):>11}{util}{mark}"
        )
    near = [str(n) for n in result.near_bottlenecks if n != result.bottleneck]
    lines.append(f"Bottleneck: {result.bottleneck}; near-bottlenecks: {', '.join(near) or 'none'}")
    lines.append(
        f"Capacity: {fmt(result.capacity)} units released per {unit} "
        f"({fmt(result.throughput_capacity)} good); shadow price of bottleneck capacity "
        f"{fmt(result.shadow_price)}"
    )
    if what_if is not None:
        change = what_if.capacity_after / what_if.capacity_before - 1.0
        moved = (
            f"the bottleneck moves to {what_if.bottleneck_after}"
            if what_if.moved
            else f"the bottleneck stays at {what_if.bottleneck_after}"
        )
        lines.append(
            f"What-if, elevate {what_if.node}: capacity {fmt(what_if.capacity_before)} -> "
            f"{fmt(what_if.capacity_after)} ({change:+.1%}); {moved}"
        )
    return lines


def cmd_bottleneck(args: argparse.Namespace, out: TextIO) -> int:
    if args.servers is not None and args.elevate is None:
        raise UsageError("--servers needs --elevate NODE")
    if args.process_time is not None and args.elevate is None:
        raise UsageError("--process-time needs --elevate NODE")
    frame, probability, attrs = _steps_frame(args)
    graph = process.process_graph_from_frame(frame, probability=probability, node_attributes=attrs)
    arrivals = args.arrivals if args.station_arrivals is None else args.station_arrivals
    entries = [str(n) for n, d in graph.in_degree() if d == 0]
    if len(entries) > 1 and args.station_arrivals is None:
        raise UsageError(
            f"the process has {len(entries)} entry stations ({', '.join(entries[:5])}): give "
            "their arrival rates with --arrivals-column COL"
        )
    result = constraints.bottleneck(graph, external_arrivals=arrivals, near=args.near)
    what_if = None
    if args.elevate is not None:
        node = _node(graph, args.elevate, "--elevate")
        servers = args.servers
        if servers is None and args.process_time is None:
            servers = int(graph.nodes[node].get("servers", 1)) + 1
        what_if = constraints.elevate(
            graph,
            node,
            servers=servers,
            process_time=args.process_time,
            external_arrivals=arrivals,
            near=args.near,
        )
    if args.plot is not None:
        from opsmodels import plotting

        write_plot(lambda: plotting.process_graph(graph, result), args.plot)
    if args.json:
        payload: dict[str, Any] = {
            "bottleneck": result.bottleneck,
            "near_bottlenecks": result.near_bottlenecks,
            "capacity": result.capacity,
            "throughput_capacity": result.throughput_capacity,
            "shadow_price": result.shadow_price,
            "release_rate": result.release_rate,
            "stations": json_records(_station_table(graph, result, arrivals)),
        }
        if what_if is not None:
            payload["elevation"] = {k: v for k, v in what_if.to_dict().items() if k != "after"}
        out.write(json_text(payload))
        return 0
    text = bottleneck_lines(graph, result, what_if, unit=args.time_unit, arrivals=arrivals)
    out.write("\n".join(text) + "\n")
    return 0


def _add_bottleneck(commands: Any) -> None:
    p = commands.add_parser(
        "bottleneck", help="bottleneck, capacity and what-if of a process (a steps table)"
    )
    p.add_argument(
        "file",
        metavar="FILE",
        help="a .csv or .parquet steps table: one row per routing step -> next step (exits: "
        "blank next step), or one row per station with --edges",
    )
    p.add_argument("--edges", metavar="FILE", help="the routings in their own file")
    p.add_argument(
        "--edge-step", metavar="COL", help="station column of the edges file (as --step)"
    )
    p.add_argument("--edge-next-step", metavar="COL", help="next-station column of the edges file")
    p.add_argument("--step", default="step", metavar="COL", help="station column (step)")
    p.add_argument(
        "--next-step", default="next_step", metavar="COL", help="next-station column (next_step)"
    )
    p.add_argument(
        "--probability",
        default=None,
        metavar="COL",
        help="routing-probability column (default: probability; without such a column every "
        "station has one successor)",
    )
    for option, attr in ATTRIBUTES.items():
        p.add_argument(
            f"--{option.replace('_', '-')}",
            dest=option,
            default=attr,
            metavar="COL",
            help=f"column of the stations' {attr.replace('_', ' ')} (default: {attr})",
        )
    released = p.add_mutually_exclusive_group()
    released.add_argument(
        "--arrivals",
        type=real,
        metavar="RATE",
        help="release rate into the source (utilizations at that rate)",
    )
    released.add_argument(
        "--arrivals-column",
        metavar="COL",
        help="column of external arrival rates by station (several entry points)",
    )
    p.add_argument("--near", type=real, default=0.9, help="near-bottleneck share of its load (0.9)")
    p.add_argument("--elevate", metavar="NODE", help="what-if: elevate this station")
    p.add_argument("--servers", type=int, metavar="N", help="its new servers (default: one more)")
    p.add_argument("--process-time", type=real, metavar="T", help="or its new process time")
    p.add_argument("--time-unit", default="time unit", help="name of the time unit, for text")
    p.add_argument("--plot", metavar="PNG", help="draw the process graph to PNG")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


# ---------------------------------------------------------------------------------------
# eventlog
# ---------------------------------------------------------------------------------------


def _calendar(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        lo, hi = (float(part) for part in text.split("-"))
    except ValueError:
        raise UsageError(f"--calendar must be START-END hours, e.g. 8-17 (got {text!r})") from None
    return lo, hi


def eventlog_tables(graph: nx.DiGraph[Any], scale: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node (activity) and edge (directly-follows) tables, times divided by ``scale``."""
    nodes = pd.DataFrame.from_dict(dict(graph.nodes(data=True)), orient="index")
    nodes.index.name = "activity"
    for column in nodes.columns:
        if column.endswith("_service_time"):
            nodes[column] = nodes[column] / scale
    nodes = nodes.sort_values("frequency", ascending=False, kind="stable")
    edges = pd.DataFrame(
        [{"source": u, "target": v, **d} for u, v, d in graph.edges(data=True)],
        columns=[
            "source",
            "target",
            "frequency",
            "probability",
            "mean_time",
            "median_time",
            "p90_time",
            "max_time",
            "std_time",
        ],
    )
    for column in ("mean_time", "median_time", "p90_time", "max_time", "std_time"):
        edges[column] = edges[column] / scale
    edges = edges.sort_values("frequency", ascending=False, kind="stable", ignore_index=True)
    return nodes, edges


def eventlog_lines(graph: nx.DiGraph[Any], unit: str, *, top: int | None = None) -> list[str]:
    """The text report of an event log's performance graph (times in ``unit``)."""
    scale = SECONDS[unit]
    nodes, edges = eventlog_tables(graph, scale)
    g = graph.graph
    waiting = g["edge_time"] == "waiting"
    lines = [
        f"{g['events']} events, {g['cases']} cases, {graph.number_of_nodes()} activities, "
        f"{graph.number_of_edges()} directly-follows pairs; times in {unit}",
    ]
    if "mean_service_time" in nodes.columns:
        lines.append(
            f"  {'activity':<16}{'events':>8}{'mean':>9}{'median':>9}{'p90':>9}{'max':>9}"
            "   service time"
        )
        for name, row in nodes.iterrows():
            lines.append(
                f"  {name!s:<16}{int(row['frequency']):>8}{fmt(row['mean_service_time']):>9}"
                f"{fmt(row['median_service_time']):>9}{fmt(row['p90_service_time']):>9}"
                f"{fmt(row['max_service_time']):>9}"
            )
    else:
        lines.append("  " + ", ".join(f"{n} {int(f)}" for n, f in nodes["frequency"].items()))
        lines.append("  (no --start: no service times)")
    lines.append(
        "Edge times are "
        + (
            "waiting times (start of B minus completion of A):"
            if waiting
            else "complete-to-complete times (completion of B minus completion of A; "
            "give --start for waiting times):"
        )
    )
    lines.append(
        f"  {'from -> to':<28}{'count':>7}{'share':>7}{'mean':>9}{'median':>9}{'p90':>9}{'max':>9}"
    )
    shown = edges if not top else edges.iloc[:top]
    for _, row in shown.iterrows():
        pair = f"{row['source']} -> {row['target']}"
        lines.append(
            f"  {pair:<28}{row['frequency']:>7}{row['probability']:7.2f}"
            f"{fmt(row['mean_time']):>9}{fmt(row['median_time']):>9}"
            f"{fmt(row['p90_time']):>9}{fmt(row['max_time']):>9}"
        )
    if len(shown) < len(edges):
        lines.append(f"  ... {len(edges) - len(shown)} more pairs")
    lead = g["case_lead_time"]
    lines.append(
        f"Case lead time ({unit}): mean {fmt(lead['mean'] / scale)}, median "
        f"{fmt(lead['median'] / scale)}, p90 {fmt(lead['p90'] / scale)}, max "
        f"{fmt(lead['max'] / scale)}, std {fmt(lead['std'] / scale)}"
    )
    starts = ", ".join(f"{k} {v}" for k, v in g["start_activities"].items())
    ends = ", ".join(f"{k} {v}" for k, v in g["end_activities"].items())
    lines.append(f"Cases start with: {starts}; end with: {ends}")
    return lines


def _eventlog_payload(graph: nx.DiGraph[Any], unit: str) -> dict[str, Any]:
    scale = SECONDS[unit]
    nodes, edges = eventlog_tables(graph, scale)
    g = graph.graph
    return {
        "time_unit": unit,
        "edge_time": g["edge_time"],
        "events": g["events"],
        "cases": g["cases"],
        "case_lead_time": {
            k: (v if k == "count" else v / scale) for k, v in g["case_lead_time"].items()
        },
        "start_activities": g["start_activities"],
        "end_activities": g["end_activities"],
        "activities": json_records(nodes),
        "edges": json_records(edges),
    }


def cmd_eventlog(args: argparse.Namespace, out: TextIO) -> int:
    log = read_table(args.file)
    for column in (args.case, args.activity, args.end, args.start):
        if column is not None:
            get_column(log, column, args.file)
    graph = process.from_event_log(
        log,
        case=args.case,
        activity=args.activity,
        end=args.end,
        start=args.start,
        calendar=_calendar(args.calendar),
    )
    if args.out is not None:
        target = Path(args.out)
        if target.suffix.lower() == ".json":
            text = json_text(_eventlog_payload(graph, args.time_unit))
            _write(args.out, lambda p: Path(p).write_text(text, encoding="utf-8"))
            out.write(f"performance graph written to {args.out}\n")
        else:
            nodes, edges = eventlog_tables(graph, SECONDS[args.time_unit])
            node_path = target.with_name(f"{target.stem}_activities{target.suffix or '.csv'}")
            _write(args.out, lambda p: edges.to_csv(p, index=False))
            _write(str(node_path), lambda p: nodes.to_csv(p))
            out.write(
                f"directly-follows pairs written to {args.out}, activities to {node_path} "
                f"(times in {args.time_unit}, edge times: {graph.graph['edge_time']})\n"
            )
        return 0
    if args.json:
        out.write(json_text(_eventlog_payload(graph, args.time_unit)))
        return 0
    out.write("\n".join(eventlog_lines(graph, args.time_unit, top=args.top)) + "\n")
    return 0


def _add_eventlog(commands: Any) -> None:
    p = commands.add_parser(
        "eventlog", help="directly-follows performance graph and lead times of an event log"
    )
    p.add_argument("file", metavar="FILE", help="a .csv or .parquet event log, one row per event")
    p.add_argument("--case", required=True, metavar="COL", help="case column")
    p.add_argument("--activity", required=True, metavar="COL", help="activity column")
    p.add_argument("--end", required=True, metavar="COL", help="completion timestamp column")
    p.add_argument(
        "--start",
        metavar="COL",
        help="start timestamp column: edge times become waiting times, activities get "
        "service times (without it: complete-to-complete times)",
    )
    p.add_argument(
        "--calendar", metavar="START-END", help="count working hours only, e.g. 8-17 (Mon-Fri)"
    )
    p.add_argument(
        "--time-unit", default="min", choices=tuple(SECONDS), help="unit of the times (min)"
    )
    p.add_argument(
        "--top",
        type=int,
        default=30,
        metavar="N",
        help="show the N most frequent pairs in the text report (30; 0: all)",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--out",
        metavar="OUT",
        help="write OUT.json (everything) or OUT.csv (pairs; activities to OUT_activities.csv)",
    )
    where.add_argument("--json", action="store_true", help="print the result as JSON")


# ---------------------------------------------------------------------------------------
# staffing
# ---------------------------------------------------------------------------------------


def _number(text: str, option: str) -> float:
    try:
        return real(text)
    except argparse.ArgumentTypeError:
        raise UsageError(
            f"{option} must be a number without FILE (or give FILE and a column name); got {text!r}"
        ) from None


def _is_number(text: str) -> bool:
    try:
        real(text)
    except argparse.ArgumentTypeError:
        return False
    return True


def _staffing_inputs(args: argparse.Namespace) -> tuple[Any, Any, list[str]]:
    """Arrivals per interval, handle times and interval labels, from FILE or the options."""
    if args.arrivals is None or args.handle_time is None:
        raise UsageError("staffing needs --arrivals and --handle-time")
    if args.file is None:
        if args.label is not None:
            raise UsageError("--label needs FILE")
        return _number(args.arrivals, "--arrivals"), _number(args.handle_time, "--handle-time"), []
    frame = read_table(args.file)
    arrivals = numeric_column(frame, args.arrivals, args.file)
    if args.handle_time not in frame.columns and _is_number(args.handle_time):
        handle = pd.Series(float(args.handle_time), index=frame.index)  # one AHT for all
    else:
        handle = numeric_column(frame, args.handle_time, args.file)
    if args.label is None:
        labels = [str(i) for i in range(1, len(frame) + 1)]
    else:
        labels = [str(v) for v in get_column(frame, args.label, args.file)]
    return arrivals.reset_index(drop=True), handle.reset_index(drop=True), labels


def _staffing_table(
    args: argparse.Namespace, arrivals: Any, handle: Any, labels: list[str], plan: Any
) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "arrivals": np.atleast_1d(arrivals),
            "handle_time": np.atleast_1d(handle),
            "traffic": np.atleast_1d(plan.traffic),
            "agents": np.atleast_1d(plan.agents),
            "scheduled_agents": np.atleast_1d(plan.scheduled_agents),
            "service_level": np.atleast_1d(plan.service_level),
            "asa": np.atleast_1d(plan.asa),
            "occupancy": np.atleast_1d(plan.occupancy),
            "p_wait": np.atleast_1d(plan.p_wait),
        }
    )
    if labels:
        table.insert(0, "interval", labels)
    return table


def staffing_lines(table: pd.DataFrame, minutes: float, unit: str) -> list[str]:
    """The text report of a staffing plan: the table, then the totals."""
    has_label = "interval" in table.columns
    lines = [
        f"  {'interval':<10}{'arrivals':>9}{'AHT':>7}{'load':>7}{'agents':>8}{'sched':>7}"
        f"{'SL':>8}{'ASA':>8}{'occ':>7}"
    ]
    labels = table["interval"] if has_label else pd.Series(range(1, len(table) + 1))
    for label, row in zip(labels, table.itertuples(index=False), strict=True):
        lines.append(
            f"  {label!s:<10}{fmt(row.arrivals):>9}{fmt(row.handle_time, 3):>7}"
            f"{row.traffic:7.2f}{row.agents:>8}{row.scheduled_agents:>7}"
            f"{row.service_level:8.1%}{fmt(row.asa, 3):>8}{row.occupancy:7.1%}"
        )
    hours = minutes / 60.0
    peak = int(np.argmax(table["agents"].to_numpy()))
    peak_label = table["interval"].iloc[peak] if has_label else str(peak + 1)
    arrivals = float(table["arrivals"].sum())
    answered = float((table["arrivals"] * table["service_level"]).sum())
    lines.append(
        f"Totals: {fmt(arrivals)} arrivals over {len(table)} interval(s) of {fmt(minutes)} min; "
        f"{fmt(table['agents'].sum() * hours)} agent-hours on duty, "
        f"{fmt(table['scheduled_agents'].sum() * hours)} scheduled"
    )
    lines.append(
        f"Peak: {table['agents'].iloc[peak]} agents ({table['scheduled_agents'].iloc[peak]} "
        f"scheduled) at {peak_label}; service level over the day "
        f"{(answered / arrivals if arrivals > 0 else 1.0):.1%} (AHT and ASA in {unit})"
    )
    return lines


def cmd_staffing(args: argparse.Namespace, out: TextIO) -> int:
    if args.interval_minutes <= 0:
        raise UsageError(f"--interval-minutes must be > 0 (got {fmt(args.interval_minutes)})")
    arrivals, handle, labels = _staffing_inputs(args)
    per_unit = args.interval_minutes * 60.0 / SECONDS[args.time_unit]  # time units per interval
    plan = queueing.staffing(
        arrivals / per_unit,
        handle,
        answer_time=args.answer_time,
        service_level=args.service_level,
        shrinkage=args.shrinkage,
        max_occupancy=args.max_occupancy,
        asa=args.asa,
    )
    table = _staffing_table(args, arrivals, handle, labels, plan)
    if args.plot is not None:
        from opsmodels import plotting

        write_plot(
            lambda: plotting.staffing_profile(
                plan,
                arrivals=table["arrivals"],
                intervals=labels or None,
                target=args.service_level,
            ),
            args.plot,
        )
    if args.out is not None:
        write_table(table, args.out, index=False)
        out.write(f"{len(table)} intervals: written to {args.out}\n")
    elif args.json:
        out.write(json_text(json_records(table)))
    else:
        out.write("\n".join(staffing_lines(table, args.interval_minutes, args.time_unit)) + "\n")
    return 0


def _add_staffing(commands: Any) -> None:
    p = commands.add_parser(
        "staffing", help="fewest agents per interval meeting a service level (Erlang C)"
    )
    p.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="a .csv or .parquet arrival profile, one row per interval (omit for one interval "
        "given by numbers)",
    )
    p.add_argument(
        "--arrivals", metavar="COL|N", help="arrivals per interval: a column of FILE, or a number"
    )
    p.add_argument(
        "--handle-time",
        metavar="COL|T",
        help="mean handle time: a column of FILE, or a number (the same in every interval)",
    )
    p.add_argument("--label", metavar="COL", help="column of interval labels (e.g. start times)")
    p.add_argument("--answer-time", type=real, metavar="T", help="service-level threshold")
    p.add_argument(
        "--service-level", type=real, metavar="P", help="share answered within it, e.g. 0.8"
    )
    p.add_argument("--asa", type=real, metavar="T", help="average-speed-of-answer target")
    p.add_argument("--max-occupancy", type=real, metavar="F", help="occupancy cap, e.g. 0.85")
    p.add_argument("--shrinkage", type=real, default=0.0, metavar="F", help="e.g. 0.3 (0)")
    p.add_argument(
        "--interval-minutes", type=real, default=30.0, metavar="M", help="interval length (30)"
    )
    p.add_argument(
        "--time-unit",
        default="s",
        choices=tuple(SECONDS),
        help="unit of handle, answer and ASA times (s)",
    )
    p.add_argument("--plot", metavar="PNG", help="draw the staffing profile to PNG")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--out", metavar="OUT", help="write the table to OUT (.csv or .json)")
    where.add_argument("--json", action="store_true", help="print the table as JSON records")


# ---------------------------------------------------------------------------------------
# demo
# ---------------------------------------------------------------------------------------


def _demo_shop(out_dir: Path | None) -> Section:
    from opsmodels import datasets

    graph = process.process_graph_from_frame(datasets.shop_steps())
    rate = datasets.SHOP_RELEASE_RATE
    result = constraints.bottleneck(graph, external_arrivals=rate)
    first = constraints.elevate(graph, result.bottleneck, servers=2, external_arrivals=rate)
    elevated = graph.copy()
    elevated.nodes[result.bottleneck]["servers"] = 2
    second = constraints.elevate(
        elevated, first.bottleneck_after, process_time=5.0, external_arrivals=rate
    )
    section = Section("A machine shop: bottleneck, capacity and what-if")
    section.add(
        "Six stations saw -> mill -> weld -> inspect -> paint -> pack; 15 % of inspected parts "
        "go back to weld, 2 % are scrapped.",
        "Process times in minutes; parts released at 0.12 per minute (7.2 an hour).",
        *bottleneck_lines(graph, result, first, unit="minute", arrivals=rate),
    )
    section.add(
        f"Per hour: capacity {result.capacity * 60:.2f} parts released; a second welder gives "
        f"{first.capacity_after * 60:.2f} and the constraint moves to {first.bottleneck_after};",
        f"  then {first.bottleneck_after} at 5.0 min gives {second.capacity_after * 60:.2f} "
        f"and it moves on to {second.bottleneck_after} (the five focusing steps: identify, "
        "exploit, subordinate, elevate, repeat).",
    )
    # factory physics of the line as a CONWIP loop: demand per part at every station
    visits = process.visit_ratios(graph)
    te = process.effective_process_times(graph)
    demands = (visits * te).to_numpy()
    servers = [int(graph.nodes[n].get("servers", 1)) for n in graph.nodes]
    wip = np.arange(1, 31)
    fp = constraints.factory_physics(demands, servers, wip, exact=True)
    section.add(
        "Factory physics of the line as a CONWIP loop (demand per part = visits x t_e):",
        f"  r_b = {fp.rb * 60:.2f} parts/h, T0 = {fp.t0:.1f} min, critical WIP W0 = {fp.w0:.2f}",
        f"  {'WIP':>5}{'TH best':>10}{'TH exact':>10}{'TH PWC':>10}{'CT best':>10}"
        f"{'CT exact':>10}   (parts/h, min)",
    )
    for w in (1, 3, 5, 10, 20, 30):
        i = w - 1
        section.add(
            f"  {w:>5}{fp.th_best[i] * 60:10.2f}{fp.th_exact[i] * 60:10.2f}"
            f"{fp.th_pwc[i] * 60:10.2f}{fp.ct_best[i]:10.1f}{fp.ct_exact[i]:10.1f}"
        )
    log = datasets.shop_event_log()
    observed = process.from_event_log(
        log, case="case", activity="activity", end="end", start="start"
    )
    lead = observed.graph["case_lead_time"]
    rework = observed.edges["inspect", "weld"]["probability"]
    weld_wait = observed.edges["mill", "weld"]["mean_time"] / 60
    section.add(
        f"Simulated event log ({observed.graph['events']} events, {observed.graph['cases']} "
        f"jobs): rework share at inspection {rework:.1%}; mean wait before weld "
        f"{weld_wait:.1f} min; lead time mean {lead['mean'] / 60:.0f} min, p90 "
        f"{lead['p90'] / 60:.0f} min.",
        "Same from files: opsmodels bottleneck steps.csv --arrivals 0.12 --elevate weld; "
        "opsmodels eventlog log.csv --case case --activity activity --start start --end end",
    )
    if out_dir is not None:
        from opsmodels import plotting

        save_plot(
            lambda: plotting.process_graph(graph, result), out_dir, "process_graph.png", section
        )
        save_plot(
            lambda: plotting.factory_physics_curves(fp), out_dir, "factory_physics.png", section
        )
    return section


def _demo_branch(out_dir: Path | None) -> Section:
    from opsmodels import datasets

    branch = datasets.branch_arrivals()
    target, within, shrinkage = 0.8, 5.0, 0.25
    plan = queueing.staffing(
        branch["arrivals"] / 15.0,
        branch["handle_time"],
        answer_time=within,
        service_level=target,
        shrinkage=shrinkage,
    )
    section = Section("A bank branch: teller staffing over the day")
    section.add(
        f"{int(branch['arrivals'].sum())} customers between 09:00 and 17:00 in 15-minute "
        f"intervals; handle times 4.5-6.5 min; target {target:.0%} served within "
        f"{within:g} min; shrinkage {shrinkage:.0%} (breaks, back-office work).",
        "Erlang C per interval (tellers = agents), hourly view:",
        f"  {'hour':<7}{'customers':>10}{'tellers':>9}{'scheduled':>11}{'worst SL':>10}",
    )
    hour = branch["interval"].str.slice(0, 2)
    frame = pd.DataFrame(
        {
            "hour": hour,
            "arrivals": branch["arrivals"],
            "agents": plan.agents,
            "scheduled": plan.scheduled_agents,
            "sl": plan.service_level,
        }
    )
    hourly = frame.groupby("hour", sort=True).agg(
        arrivals=("arrivals", "sum"),
        agents=("agents", "max"),
        scheduled=("scheduled", "max"),
        sl=("sl", "min"),
    )
    for row in hourly.itertuples():
        section.add(
            f"  {row.Index}:00{row.arrivals:>10}{row.agents:>9}{row.scheduled:>11}{row.sl:10.1%}"
        )
    answered = float((branch["arrivals"] * plan.service_level).sum())
    section.add(
        f"Teller-hours: {plan.agents.sum() / 4:g} at the counter, "
        f"{plan.scheduled_agents.sum() / 4:g} scheduled; peak {plan.agents.max()} tellers "
        f"({plan.scheduled_agents.max()} scheduled) at lunch; "
        f"{answered / branch['arrivals'].sum():.1%} of the day's customers served within "
        f"{within:g} min.",
        "Same from a file: opsmodels staffing branch.csv --arrivals arrivals --handle-time "
        "handle_time --label interval --interval-minutes 15 --time-unit min --answer-time 5 "
        "--service-level 0.8 --shrinkage 0.25",
    )
    if out_dir is not None:
        from opsmodels import plotting

        save_plot(
            lambda: plotting.staffing_profile(
                plan, arrivals=branch["arrivals"], intervals=branch["interval"], target=target
            ),
            out_dir,
            "teller_staffing.png",
            section,
        )
    return section


def add_commands(commands: Any) -> dict[str, Handler]:
    """Add ``bottleneck``, ``eventlog`` and ``staffing``; return their handlers."""
    _add_bottleneck(commands)
    _add_eventlog(commands)
    _add_staffing(commands)
    return {"bottleneck": cmd_bottleneck, "eventlog": cmd_eventlog, "staffing": cmd_staffing}


def demo_sections(out_dir: Path | None) -> list[Section]:
    """The process part of the demo report: the machine shop and the bank branch."""
    return [_demo_shop(out_dir), _demo_branch(out_dir)]
