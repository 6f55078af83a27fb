"""Segmentation commands of ``opsmodels``: ``rfm`` and ``clv`` over a transaction file, and the
customer section of the demo (a bank branch's transaction log)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from opsmodels import segmentation as seg
from opsmodels._results import jsonable
from opsmodels.cli._common import (
    Handler,
    Section,
    UsageError,
    fmt,
    get_column,
    json_records,
    json_text,
    read_table,
    real,
    save_plot,
    write_plot,
    write_table,
)

__all__ = ["add_commands", "demo_sections"]

MODELS = {"bgnbd": "BGNBD", "pnbd": "ParetoNBD"}


# ---------------------------------------------------------------------------------------
# Shared: the transaction file
# ---------------------------------------------------------------------------------------


def _transactions(args: argparse.Namespace) -> tuple[pd.DataFrame, pd.Timestamp]:
    """The log's customer, date and amount columns, and the observation end (default: the
    day of the last transaction)."""
    frame = read_table(args.file)
    for column in (args.customer, args.date, args.amount):
        get_column(frame, column, args.file)
    log = frame[list(dict.fromkeys([args.customer, args.date, args.amount]))]
    if args.dropna:
        log = log.dropna()
        if len(log) == 0:
            raise UsageError(f"{args.file} has no rows without missing values")
    if args.observation_end is not None:
        try:
            end = pd.Timestamp(args.observation_end)
        except (ValueError, TypeError):
            raise UsageError(f"--observation-end: not a date: {args.observation_end!r}") from None
        if pd.isna(end):
            raise UsageError(f"--observation-end: not a date: {args.observation_end!r}")
        return log, end
    dates = pd.to_datetime(log[args.date], errors="coerce", format=args.date_format)
    bad = dates.isna() & log[args.date].notna()
    if bad.any():
        first = log[args.date][bad].iloc[0]
        raise UsageError(
            f"column {args.date!r} of {args.file} has {int(bad.sum())} unparseable date(s) "
            f"(first: {first!r})"
        )
    if dates.notna().sum() == 0:
        raise UsageError(f"column {args.date!r} of {args.file} has no dates")
    last = dates.max()
    if isinstance(last, pd.Timestamp) and last.tzinfo is not None:
        last = last.tz_localize(None)
    return log, pd.Timestamp(last).normalize()


def _summary(
    args: argparse.Namespace, log: pd.DataFrame, end: pd.Timestamp, time_unit: str
) -> pd.DataFrame:
    return seg.customer_summary(
        log,
        customer=args.customer,
        date=args.date,
        amount=args.amount,
        observation_end=end,
        time_unit=time_unit,
        date_format=args.date_format,
        refunds="drop" if args.drop_refunds else "raise",
        nan_policy="omit" if args.dropna else "raise",
    )


# ---------------------------------------------------------------------------------------
# rfm
# ---------------------------------------------------------------------------------------


def rfm_table(summary: pd.DataFrame, *, bins: int, ties: str, segment_map: str) -> pd.DataFrame:
    """Per customer: the raw RFM values (days since the last purchase, transactions, total
    spend), the scores and the segment."""
    scores = seg.rfm_scores(summary, bins=bins, ties=ties)  # type: ignore[arg-type]
    segments = seg.rfm_segments(scores, segment_map=segment_map)
    table = pd.DataFrame(
        {
            "recency_days": summary["time_since_last"],
            "transactions": summary["n_transactions"],
            "total_amount": summary["total_amount"],
        },
        index=summary.index,
    )
    table = table.join(scores[["R", "F", "M", "FM", "rfm_code", "rfm_score"]])
    table["segment"] = segments.astype(str)
    return table


def segment_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Customers, share, mean raw values and revenue share per segment, largest first."""
    grouped = table.groupby(table["segment"], sort=False)
    out = pd.DataFrame(
        {
            "customers": grouped.size(),
            "mean_recency_days": grouped["recency_days"].mean(),
            "mean_transactions": grouped["transactions"].mean(),
            "mean_amount": grouped["total_amount"].mean(),
            "revenue": grouped["total_amount"].sum(),
        }
    )
    out = out.sort_values("customers", ascending=False, kind="stable")
    out.insert(1, "share", out["customers"] / out["customers"].sum())
    total = out["revenue"].sum()
    out["revenue_share"] = out["revenue"] / total if total > 0 else 0.0
    out.index.name = "segment"
    return out


def _segment_lines(summary: pd.DataFrame) -> list[str]:
    lines = [
        f"  {'segment':<21}{'customers':>10}{'share':>8}{'recency d':>11}"
        f"{'trans.':>8}{'spend':>10}{'revenue':>9}"
    ]
    for name, row in summary.iterrows():
        lines.append(
            f"  {name!s:<21}{int(row['customers']):>10}{100 * row['share']:>7.1f}%"
            f"{row['mean_recency_days']:>11.0f}{row['mean_transactions']:>8.1f}"
            f"{row['mean_amount']:>10.0f}{100 * row['revenue_share']:>8.1f}%"
        )
    return lines


def cmd_rfm(args: argparse.Namespace, out: TextIO) -> int:
    log, end = _transactions(args)
    summary = _summary(args, log, end, "D")
    table = rfm_table(summary, bins=args.bins, ties=args.ties, segment_map=args.segment_map)
    counts = segment_summary(table)
    if args.plot is not None:
        from opsmodels.plotting import rfm_grid

        scores = table[["R", "F", "M", "FM"]]
        write_plot(lambda: rfm_grid(scores, segment_map=args.segment_map), args.plot)
    if args.json:
        payload = {
            "observation_end": end.strftime("%Y-%m-%d"),
            "bins": args.bins,
            "ties": args.ties,
            "segment_map": args.segment_map,
            "segments": json_records(counts),
            "customers": json_records(table),
        }
        out.write(json_text(payload))
        return 0
    out.write(
        f"RFM of {len(table)} customers ({len(log)} transactions) up to "
        f"{end.strftime('%Y-%m-%d')}: {args.bins} score levels ({args.ties} ties), "
        f"segment map {args.segment_map}\n"
    )
    out.write("\n".join(_segment_lines(counts)) + "\n")
    if args.out is not None:
        write_table(table, args.out, index=True)
        out.write(f"Per-customer scores and segments written to {args.out}\n")
    else:
        out.write("\n")
        table.to_csv(out)
    return 0


# ---------------------------------------------------------------------------------------
# clv
# ---------------------------------------------------------------------------------------


def fit_models(summary: pd.DataFrame, model: str) -> tuple[Any, Any]:
    """The transaction model (BG/NBD or Pareto/NBD) and the Gamma-Gamma spend model."""
    cls = getattr(seg, MODELS[model])
    return cls.fit(summary), seg.GammaGamma.fit(summary)


def _param_lines(model: Any) -> list[str]:
    errors = model.standard_errors or {}
    lines = [f"  {type(model).__name__}: log-likelihood {fmt(model.log_likelihood, 8)}"]
    lines.append(
        "    "
        + "  ".join(
            f"{name} {fmt(value, 4)} (se {fmt(errors.get(name), 2)})"
            for name, value in model.params.items()
        )
    )
    return lines


def _horizon(text: str) -> Any:
    """The --horizon text as customer_lifetime_value takes it: math.inf for "inf", else the
    length of time as given ("52W", "365D", "12M", "1Y", ...)."""
    value = text.strip()
    return math.inf if value.lower() in ("inf", "infinity") else value


def clv_table(
    summary: pd.DataFrame,
    transactions: Any,
    spend: Any,
    *,
    horizon: Any,
    discount_rate: float,
    discount_unit: str = "Y",
    compounding: str = "effective",
    margin: float = 1.0,
) -> pd.DataFrame:
    """Per customer: history, P(alive), expected purchases over the horizon (undiscounted),
    discounted expected residual transactions, expected spend per purchase and CLV (by
    :func:`opsmodels.segmentation.customer_lifetime_value`), sorted by CLV."""
    value = seg.customer_lifetime_value(
        transactions,
        spend,
        summary,
        horizon=horizon,
        discount_rate=discount_rate,
        discount_unit=discount_unit,
        compounding=compounding,  # type: ignore[arg-type]
        margin=margin,
    )
    x, t_x, big_t = summary["frequency"], summary["recency"], summary["T"]
    table = summary[["frequency", "recency", "T", "monetary_value"]].copy()
    table["p_alive"] = transactions.p_alive(x, t_x, big_t)
    units = float(value.attrs["horizon"])
    if math.isfinite(units):
        table["expected_purchases"] = transactions.conditional_expected_purchases(
            units, x, t_x, big_t
        )
    table["dert"] = value["dert"]
    table["expected_spend"] = value["spend"]
    table["clv"] = value["clv"]
    table.attrs.update(value.attrs)
    return table.sort_values("clv", ascending=False, kind="stable")


def cmd_clv(args: argparse.Namespace, out: TextIO) -> int:
    if not args.discount_rate >= 0:
        raise UsageError(f"--discount-rate: must be >= 0, got {args.discount_rate:g}")
    if not args.margin > 0:
        raise UsageError(f"--margin: must be > 0, got {args.margin:g}")
    log, end = _transactions(args)
    summary = _summary(args, log, end, args.time_unit)
    transactions, spend = fit_models(summary, args.model)
    table = clv_table(
        summary,
        transactions,
        spend,
        horizon=_horizon(args.horizon),
        discount_rate=args.discount_rate,
        discount_unit=args.discount_unit,
        compounding=args.compounding,
        margin=args.margin,
    )
    units = float(table.attrs["horizon"])
    if args.plot is not None:
        from opsmodels.plotting import p_alive_matrix

        age = float(summary["T"].median())
        write_plot(lambda: p_alive_matrix(transactions, T=age), args.plot)
    if args.json:
        payload = {
            "observation_end": end.strftime("%Y-%m-%d"),
            "time_unit": args.time_unit,
            "horizon": args.horizon,
            "horizon_in_time_units": jsonable(units),
            "discount_rate": args.discount_rate,
            "discount_unit": args.discount_unit,
            "compounding": args.compounding,
            "margin": args.margin,
            "transaction_model": transactions.to_dict() | {"name": type(transactions).__name__},
            "spend_model": spend.to_dict() | {"name": "GammaGamma"},
            "customers": json_records(table),
        }
        out.write(json_text(payload))
        return 0
    unit = args.time_unit
    out.write(
        f"CLV of {len(table)} customers ({len(log)} transactions) up to "
        f"{end.strftime('%Y-%m-%d')}, time unit {unit}: horizon {args.horizon} "
        f"({fmt(units)} {unit}), discount rate {fmt(args.discount_rate)} per "
        f"{args.discount_unit} ({args.compounding}), margin {fmt(args.margin)}\n"
    )
    out.write("\n".join(_param_lines(transactions) + _param_lines(spend)) + "\n")
    purchases = (
        f"expected purchases {fmt(table['expected_purchases'].sum(), 6)}, "
        if "expected_purchases" in table.columns
        else ""
    )
    out.write(
        f"  total: {purchases}discounted {fmt(table['dert'].sum(), 6)}, "
        f"CLV {fmt(table['clv'].sum(), 6)}; mean P(alive) {fmt(table['p_alive'].mean(), 3)}\n"
    )
    if args.out is not None:
        write_table(table, args.out, index=True)
        out.write(f"Per-customer P(alive), expected purchases and CLV written to {args.out}\n")
    else:
        out.write("\n")
        table.to_csv(out)
    return 0


# ---------------------------------------------------------------------------------------
# Parsers
# ---------------------------------------------------------------------------------------


def _log_arguments(parser: Any) -> None:
    parser.add_argument("file", metavar="FILE", help="a .csv or .parquet transaction log")
    parser.add_argument("--customer", required=True, metavar="COL", help="customer column")
    parser.add_argument("--date", required=True, metavar="COL", help="transaction date column")
    parser.add_argument("--amount", required=True, metavar="COL", help="transaction value column")
    parser.add_argument(
        "--observation-end",
        metavar="DATE",
        help="end of the observation period (default: the day of the last transaction)",
    )
    parser.add_argument("--date-format", metavar="FMT", help="strftime format of the dates")
    parser.add_argument(
        "--drop-refunds", action="store_true", help="leave out negative amounts (refunds)"
    )
    parser.add_argument("--dropna", action="store_true", help="drop rows with missing values")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--out", metavar="OUT", help="write the per-customer table to OUT (.csv or .json)"
    )
    where.add_argument("--json", action="store_true", help="print everything as JSON")


def _bins(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if not 2 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be in 2..100: {value}")
    return value


def add_commands(commands: Any) -> dict[str, Handler]:
    """Add ``rfm`` and ``clv`` to the sub-parsers; return their handlers."""
    rfm = commands.add_parser(
        "rfm",
        help="RFM scores and segments of a transaction log",
        description="Recency (days since the last purchase), frequency (transactions) and "
        "monetary (total spend) scores of every customer, their segment, and a summary per "
        "segment. The summary is printed, followed by the per-customer table as CSV unless "
        "--out writes it to a file; --json prints both as one JSON object.",
    )
    _log_arguments(rfm)
    rfm.add_argument("--bins", type=_bins, default=5, help="score levels (default: 5)")
    rfm.add_argument(
        "--ties",
        choices=("value", "rank"),
        default="value",
        help="value breakpoints keep ties together; rank makes equal-size bins (default: value)",
    )
    rfm.add_argument(
        "--segment-map",
        choices=tuple(seg.SEGMENT_MAPS),
        default="rf10",
        help="rf10: 10 segments on R x F; rfm11: 11 segments on R x FM (default: rf10)",
    )
    rfm.add_argument("--plot", metavar="PNG", help="also draw the RFM segment grid to PNG")

    clv = commands.add_parser(
        "clv",
        help="BTYD fit, P(alive), expected purchases and CLV of a transaction log",
        description="Fits a BG/NBD or Pareto/NBD model of the purchases and a Gamma-Gamma "
        "model of the spend on the customer summary (in --time-unit), prints their "
        "parameters, standard errors and log-likelihoods, then the per-customer P(alive), "
        "expected purchases over --horizon, discounted expected residual transactions (DERT), "
        "expected spend and CLV as CSV (to --out, or as JSON with --json), highest CLV first.",
    )
    _log_arguments(clv)
    clv.add_argument(
        "--model",
        choices=tuple(MODELS),
        default="bgnbd",
        help="transaction model: BG/NBD or Pareto/NBD (default: bgnbd)",
    )
    clv.add_argument(
        "--time-unit",
        default="W",
        metavar="UNIT",
        help="time unit of recency, T and the models: D, W or a fixed-length pandas offset "
        "such as 14D (default: W)",
    )
    clv.add_argument(
        "--horizon",
        default="52W",
        help="how far ahead to count purchases: a length of time such as 52W, 365D, 12M, 1Y, "
        "or inf for the whole residual lifetime (default: 52W)",
    )
    clv.add_argument(
        "--discount-rate",
        type=real,
        default=0.0,
        help="discount rate per --discount-unit (default: 0, no discounting)",
    )
    clv.add_argument(
        "--discount-unit",
        default="Y",
        metavar="UNIT",
        help="period of the discount rate: Y (a year), M, W, D ... (default: Y)",
    )
    clv.add_argument(
        "--compounding",
        choices=("effective", "continuous"),
        default="effective",
        help="the rate is an effective rate per period or a continuous one (default: effective)",
    )
    clv.add_argument(
        "--margin",
        type=real,
        default=1.0,
        help="share of the spend that is profit (default: 1, the spend itself)",
    )
    clv.add_argument(
        "--plot",
        metavar="PNG",
        help="also draw the P(alive) matrix at the median customer age T to PNG",
    )
    return {"rfm": cmd_rfm, "clv": cmd_clv}


# ---------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------


def _demo_customers(out_dir: Path | None) -> Section:
    from opsmodels import datasets

    log = datasets.bank_transactions()
    end = pd.Timestamp(log.attrs["observation_end"])
    section = Section("Customers of a bank branch: RFM, lifecycle, cohorts and CLV")
    section.add(
        f"Synthetic log: {len(log)} transactions of {log['customer'].nunique()} customers at "
        f"{log['branch'].nunique()} branches, {log['date'].min():%Y-%m-%d} to {end:%Y-%m-%d}.",
        "",
    )
    daily = seg.customer_summary(
        log, customer="customer", date="date", amount="amount", observation_end=end
    )
    table = rfm_table(daily, bins=5, ties="value", segment_map="rf10")
    section.add("RFM segments (quintile scores, 10-segment R x F map):")
    section.add(*_segment_lines(segment_summary(table)))

    stages = seg.lifecycle_stages(
        log, customer="customer", date="date", as_of=end, windows="banking"
    )
    section.add(
        "",
        "Lifecycle stages, banking windows (inactive after 12 months, dormant after 24):",
        "  " + "  ".join(f"{k} {v}" for k, v in stages.counts.items() if k != "prospect"),
    )
    branch = seg.lifecycle_stages(
        log, customer="customer", date="date", as_of=end, windows=(90.0, 90.0, 90.0)
    ).counts
    returning = branch["active"] + branch["reactivated"]
    section.add(
        "Branch view of the last 90 days: "
        f"{branch['new']} new customers, {returning} returning, "
        f"{branch['lapsed'] + branch['dormant'] + branch['at_risk']} of the existing base "
        "not seen",
    )

    cohorts = seg.cohort_retention(log, customer="customer", date="date", period="Q")
    shown = cohorts.retention.iloc[:6, :6]
    section.add(
        "",
        "Quarterly cohort retention (% of each cohort active k quarters after joining):",
        f"  {'cohort':<8}{'size':>6}" + "".join(f"{f'k={k}':>7}" for k in shown.columns),
    )
    sizes = cohorts.cohort_sizes.to_numpy()
    for i, (label, row) in enumerate(shown.iterrows()):
        cells = "".join(
            f"{100 * v:>6.0f}%" if np.isfinite(v) else f"{'':>7}" for v in row.to_numpy()
        )
        section.add(f"  {label!s:<8}{int(sizes[i]):>6}" + cells)

    spend = daily["total_amount"]
    conc = seg.concentration(spend, top=0.2)
    abc = seg.customer_abc(spend)
    classes = pd.Series(np.asarray(abc.classes)).value_counts()
    section.add(
        "",
        f"Concentration: the top 20 % of customers bring {100 * conc.top_share:.0f} % of the "
        f"value (Gini {conc.gini:.2f}); ABC classes (80/95 %): "
        + ", ".join(f"{k} {int(classes.get(k, 0))}" for k in ("A", "B", "C")),
    )

    weekly = seg.customer_summary(
        log,
        customer="customer",
        date="date",
        amount="amount",
        observation_end=end,
        time_unit="W",
    )
    transactions, value = fit_models(weekly, "bgnbd")
    clv = clv_table(
        weekly,
        transactions,
        value,
        horizon=_horizon("52W"),
        discount_rate=0.10,
        discount_unit="Y",
    )
    truth = log.attrs["true_params"]
    section.add(
        "",
        "BG/NBD and Gamma-Gamma fits on the weekly summary (true values of the simulation):",
        "  BG/NBD: "
        + "  ".join(f"{k} {v:.3g} ({truth[k]:g})" for k, v in transactions.params.items())
        + f"  log-likelihood {transactions.log_likelihood:.1f}",
        "  Gamma-Gamma: "
        + "  ".join(f"{k} {v:.3g} ({truth[k]:g})" for k, v in value.params.items()),
        "Top customers by CLV over the next 52 weeks, discounted at 10 % a year (t_x, T in weeks):",
        f"  {'customer':<9}{'x':>4}{'t_x':>7}{'T':>7}{'P(alive)':>10}{'E[purch.]':>10}"
        f"{'E[spend]':>10}{'CLV':>10}",
    )
    for name, row in clv.head(5).iterrows():
        section.add(
            f"  {name!s:<9}{int(row['frequency']):>4}{row['recency']:>7.1f}{row['T']:>7.1f}"
            f"{row['p_alive']:>10.3f}{row['expected_purchases']:>10.2f}"
            f"{row['expected_spend']:>10.2f}{row['clv']:>10.0f}"
        )
    calibration = seg.calibration_holdout(
        log,
        customer="customer",
        date="date",
        calibration_end="2024-12-31",
        observation_end=end,
        time_unit="W",
    )
    calibrated = seg.BGNBD.fit(calibration[["frequency", "recency", "T"]])
    holdout = seg.holdout_validation(calibrated, calibration)
    metrics = holdout.metrics
    section.add(
        "Holdout check: BG/NBD fitted on 2023-2024, predicted against actual purchases in "
        f"2025 of those {len(calibration)} customers: {metrics['total_predicted']:.0f} "
        f"predicted, {metrics['total_actual']:.0f} actual ({metrics['total_error_pct']:+.1f} %); "
        f"mean per customer by calibration frequency off by {metrics['mae']:.2f} (MAE).",
    )
    section.add(
        "Same from a file: opsmodels rfm log.csv --customer customer --date date --amount amount"
        " ; opsmodels clv log.csv ... --model bgnbd --horizon 52W --discount-rate 0.1"
    )

    def draw_rfm() -> Any:
        from opsmodels.plotting import rfm_grid

        return rfm_grid(table[["R", "F"]])

    def draw_cohorts() -> Any:
        return cohorts.plot()

    def draw_alive() -> Any:
        from opsmodels.plotting import p_alive_matrix

        return p_alive_matrix(transactions, T=104.0)

    save_plot(draw_rfm, out_dir, "rfm_segments.png", section)
    save_plot(draw_cohorts, out_dir, "cohort_retention.png", section)
    save_plot(draw_alive, out_dir, "p_alive.png", section)
    save_plot(holdout.plot, out_dir, "holdout.png", section)
    return section


def demo_sections(out_dir: Path | None) -> list[Section]:
    """The segmentation part of the demo report."""
    return [_demo_customers(out_dir)]
