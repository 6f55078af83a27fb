"""Six-sigma commands of ``opsmodels``: ``capability`` and ``chart``, and the six-sigma demo."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from opsmodels import sixsigma as ss
from opsmodels.cli._common import (
    Handler,
    Section,
    UsageError,
    fmt,
    numeric_column,
    one_line,
    print_json,
    read_table,
    real,
    save_plot,
    select,
)

__all__ = ["add_commands", "capability_lines", "chart_lines", "demo_sections", "shift_point"]

CHART_TYPES = ("imr", "xbar-r", "xbar-s", "p", "np", "c", "u", "ewma", "cusum")
SIGMA_METHODS = ("auto", "pooled", "rbar", "sbar", "moving_range", "median_moving_range", "mssd")


def capability_lines(result: Any, *, name: str = "", unit: str = "") -> list[str]:
    """A readable summary of a CapabilityResult."""
    u = f" {unit}" if unit else ""
    confidence = 100 * float(getattr(result, "confidence", 0.95))
    lines = [
        f"Process capability{f' of {name!r}' if name else ''} (n = {result.n})",
        f"  specification: LSL {fmt(result.lsl, 6)}  target {fmt(result.target, 6)}  "
        f"USL {fmt(result.usl, 6)}{u}",
        f"  mean {fmt(result.mean, 6)}{u}   sigma within {fmt(result.sigma_within)}{u} "
        f"({result.sigma_method})   sigma overall {fmt(result.sigma_overall)}{u}",
        f"  {'index':<6}{'value':>8}   {confidence:.0f} % interval",
    ]
    intervals = getattr(result, "intervals", {}) or {}
    for field in ("cp", "cpl", "cpu", "cpk", "cpm", "pp", "ppl", "ppu", "ppk"):
        value = getattr(result, field, None)
        if value is None:
            continue
        bounds = intervals.get(field)
        shown = f"[{float(bounds[0]):.3f}, {float(bounds[1]):.3f}]" if bounds else ""
        label = field[0].upper() + field[1:]
        lines.append(f"  {label:<6}{float(value):8.3f}   {shown}")
    lines.append(
        f"  PPM out of spec: expected within {fmt(result.ppm_within, 5)}, "
        f"expected overall {fmt(result.ppm_overall, 5)}, observed {fmt(result.ppm_observed, 5)}"
    )
    lines.append(
        f"  Z.bench: within {fmt(result.z_bench_within, 3)}, overall {fmt(result.z_bench_overall, 3)}"
    )
    return lines


def _label(statistic: Any, position: int) -> str:
    """The point's label: its index value when the statistic is a labelled Series."""
    if isinstance(statistic, pd.Series) and not isinstance(statistic.index, pd.RangeIndex):
        value = statistic.index[position]
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
        return str(value)
    return str(position + 1)


def _limit_text(values: Any) -> str:
    arr = np.atleast_1d(np.asarray(values, dtype=np.float64))
    finite = arr[np.isfinite(arr)]
    if finite.size == 0:
        return "-"
    lo, hi = float(finite.min()), float(finite.max())
    return fmt(lo, 6) if lo == hi else f"{fmt(lo, 4)}..{fmt(hi, 4)} (varies)"


def chart_lines(chart: Any, *, point: str = "point") -> list[str]:
    """A readable summary of one ControlChart: limits and flagged points with their rules."""
    from opsmodels.plotting._charts import TITLES

    name = TITLES.get(str(chart.chart), str(chart.chart))
    n = len(chart.statistic)
    lines = [
        f"{name} ({n} {point}s, phase {chart.phase}): CL {_limit_text(chart.center)}, "
        f"LCL {_limit_text(chart.lcl)}, UCL {_limit_text(chart.ucl)}"
    ]
    violations = chart.violations
    flagged = np.unique(np.asarray(violations.index))
    texts: dict[int, str] = violations._texts() if hasattr(violations, "_texts") else {}
    rule_set = {"western_electric": "Western Electric", "nelson": "Nelson"}.get(
        violations.rule_set, str(violations.rule_set)
    )
    applied = ", ".join(str(r) for r in sorted(texts)) or "?"
    if flagged.size == 0:
        lines.append(f"  no {point} flagged ({rule_set} rules applied: {applied})")
        return lines
    plural = "" if flagged.size == 1 else "s"
    lines.append(f"  {flagged.size} {point}{plural} flagged ({rule_set} rules applied: {applied}):")
    rules = np.asarray(violations.rule)
    index = np.asarray(violations.index)
    values = np.asarray(chart.statistic, dtype=np.float64)
    for p in flagged.tolist()[:40]:
        broken = ", ".join(str(r) for r in sorted(set(rules[index == p].tolist())))
        word = "rules" if "," in broken else "rule"
        lines.append(
            f"    {point} {_label(chart.statistic, p)} = {fmt(values[p], 6)}: {word} {broken}"
        )
    if flagged.size > 40:
        lines.append(f"    ... and {flagged.size - 40} more")
    for r in sorted(set(rules.tolist())):
        lines.append(f"  rule {r}: {texts.get(r, '')}")
    return lines


def result_charts(result: Any) -> list[Any]:
    """The ControlChart objects of a chart result (one, or the two of a paired chart)."""
    from opsmodels.plotting._charts import pair_fields

    fields = pair_fields(result)
    if fields is None:
        return [result]
    return [getattr(result, f) for f in fields]


# ---------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------


def cmd_capability(args: argparse.Namespace, out: TextIO) -> int:

    frame = read_table(args.file)
    data = select(frame, [args.subgroup, args.column], args.file, args.dropna)
    values = numeric_column(data, args.column, args.file)
    options: dict[str, Any] = {
        "lsl": args.lsl,
        "usl": args.usl,
        "target": args.target,
        "sigma_method": args.sigma_method,
        "confidence": args.confidence,
    }
    if args.subgroup is not None:
        grouped = pd.DataFrame({"subgroup": data[args.subgroup], "value": values})
        result = ss.capability(grouped, value="value", subgroup="subgroup", **options)
    else:
        result = ss.capability(values, **options)
    if args.json:
        print_json(result, out)
    else:
        out.write("\n".join(capability_lines(result, name=args.column)) + "\n")
    return 0


def _require(args: argparse.Namespace, option: str, chart: str) -> Any:
    value = getattr(args, option)
    if value is None:
        raise UsageError(f"--type {chart} needs --{option.replace('_', '-')}")
    return value


def cmd_chart(args: argparse.Namespace, out: TextIO) -> int:

    kind = args.type
    frame = read_table(args.file)
    data = select(frame, [args.subgroup, args.size, args.column], args.file, args.dropna)
    x = numeric_column(data, args.column, args.file)
    rules: dict[str, Any] = {} if args.rules is None else {"rules": args.rules}
    if args.limits is not None:
        rules["limits"] = _load_limits(args.limits)
    if args.revise:
        if kind in ("ewma", "cusum"):
            raise UsageError(f"--revise does not apply to --type {kind}")
        rules["revise"] = True
    result: Any
    if kind in ("xbar-r", "xbar-s"):
        subgroup = _require(args, "subgroup", kind)
        grouped = pd.DataFrame({"subgroup": data[subgroup], "value": x})
        paired: Callable[..., Any] = ss.xbar_r_chart if kind == "xbar-r" else ss.xbar_s_chart
        result = paired(grouped, value="value", subgroup="subgroup", **rules)
    elif kind == "imr":
        result = ss.imr_chart(x, **rules)
    elif kind in ("p", "np", "u"):
        size = numeric_column(data, _require(args, "size", kind), args.file)
        sized: Callable[..., Any] = {"p": ss.p_chart, "np": ss.np_chart, "u": ss.u_chart}[kind]
        result = sized(x, size, **rules)
    elif kind == "c":
        result = ss.c_chart(x, **rules)
    elif kind == "ewma":
        options = {"target": args.target, "sigma": args.sigma, "lam": args.lam, "L": args.L}
        result = ss.ewma_chart(x, **{k: v for k, v in options.items() if v is not None}, **rules)
    else:  # cusum
        options = {"target": args.target, "sigma": args.sigma, "k": args.k, "h": args.h}
        result = ss.cusum_chart(x, **{k: v for k, v in options.items() if v is not None}, **rules)
    if args.save_limits is not None:
        try:
            Path(args.save_limits).write_text(result.limits.to_json() + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.save_limits}: {one_line(exc)}") from None
    if args.json:
        print_json(result, out)
        return 0
    point = "subgroup" if kind in ("xbar-r", "xbar-s") else "point"
    lines: list[str] = [f"Control chart of {args.column!r} in {args.file}"]
    for chart in result_charts(result):
        lines += chart_lines(chart, point=point)
    out.write("\n".join(lines) + "\n")
    return 0


def _load_limits(path: str) -> Any:
    """Frozen chart limits saved by ``--save-limits`` (ChartLimits JSON)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"cannot read limits {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read limits {path}: {one_line(exc)}") from None
    loader: Any = ss.ChartLimits
    return loader.from_json(text)


def shift_point(values: Any) -> tuple[int, float]:
    """Most likely position of a single step change in the mean, and the step size.

    The split k maximising k(n-k)/n·(mean of the first k - mean of the rest)² (the likelihood
    ratio of one mean shift in normal data); returns the 0-based position of the first point
    after the change and the difference of the means after minus before.

    Examples
    --------
    >>> shift_point([0.0, 0.1, -0.1, 0.0, 2.0, 2.1, 1.9])
    (4, 2.0)
    """
    x = np.asarray(values, dtype=np.float64)
    n = x.size
    k = np.arange(1, n)
    head = np.cumsum(x)[:-1]
    before, after = head / k, (x.sum() - head) / (n - k)
    best = int(np.argmax(k * (n - k) / n * (before - after) ** 2))
    return best + 1, round(float(after[best] - before[best]), 12)


def _demo_capability(out_dir: Path | None) -> tuple[Section, Any]:
    from opsmodels import datasets, plotting

    d = datasets.diameters()
    spec = datasets.DIAMETER_SPEC
    section = Section("Machined diameters: process capability")
    result = ss.capability(
        d, value="diameter", subgroup="subgroup", lsl=spec.lsl, usl=spec.usl, target=spec.target
    )
    section.add(
        f"{d['subgroup'].nunique()} subgroups of {d.groupby('subgroup').size().iloc[0]} parts, "
        f"specification {spec.lsl}-{spec.usl} {spec.unit}, target {spec.target} {spec.unit}.",
        "",
        *capability_lines(result, name="diameter", unit=spec.unit),
    )
    cpk, ppk = float(result.cpk), float(result.ppk)  # type: ignore[arg-type]
    verdict = (
        "capable (Cpk >= 1.33)"
        if cpk >= 1.33
        else ("marginal (1 <= Cpk < 1.33)" if cpk >= 1.0 else "not capable (Cpk < 1)")
    )
    section.add("", f"Verdict: the process is {verdict}.")
    if ppk < 0.9 * cpk:
        section.add(
            f"Ppk {ppk:.2f} is well below Cpk {cpk:.2f}: the process varies more "
            "over time than within subgroups; it is not stable (see the control chart)."
        )
    save_plot(
        lambda: plotting.capability_histogram(
            d["diameter"],
            result,
            xlabel=f"diameter [{spec.unit}]",
            title="Diameter: process capability",
        ),
        out_dir,
        "capability.png",
        section,
    )
    return section, result


def _demo_chart(out_dir: Path | None) -> Section:
    from opsmodels import datasets, plotting

    d = datasets.diameters()
    section = Section("X-bar/R chart of the diameters (Nelson rules)")
    chart = ss.xbar_r_chart(d, value="diameter", subgroup="subgroup", rules="nelson")
    for c in result_charts(chart):
        section.add(*chart_lines(c, point="subgroup"))
    means = np.asarray(chart.xbar.statistic, dtype=np.float64)
    first, step = shift_point(means)
    sigma = float(chart.limits.value("sigma"))
    label = _label(chart.xbar.statistic, first)
    flagged = np.unique(np.asarray(chart.xbar.violations.index))
    late = flagged[flagged >= first]
    section.add(
        "",
        f"SHIFT: the process mean shifts by {step:+.4f} mm ({step / sigma:+.1f} sigma within) "
        f"from subgroup {label} on: {late.size} of the {means.size - first} later subgroups "
        f"are flagged while the R chart stays in control (the spread did not change).",
    )
    if first >= 10:
        base = d[d["subgroup"].isin(np.asarray(chart.xbar.statistic.index)[:first])]
        phase1 = ss.xbar_r_chart(base, value="diameter", subgroup="subgroup")
        rest = d[~d.index.isin(base.index)]
        phase2 = ss.xbar_r_chart(
            rest, value="diameter", subgroup="subgroup", limits=phase1.limits, rules="nelson"
        )
        beyond = np.unique(np.asarray(phase2.xbar.violations.index)).size
        section.add(
            f"Limits from the {first} subgroups before the shift (Phase I: CL "
            f"{fmt(phase1.xbar.center, 6)}, UCL {fmt(phase1.xbar.ucl, 6)}) flag {beyond} of "
            f"the {len(phase2.xbar.statistic)} later subgroups (Phase II): find and remove the "
            "cause (tool wear, a new material lot, an offset change) before recomputing the "
            "limits.",
        )
    save_plot(
        lambda: plotting.paired_chart(chart, ylabel="diameter [mm]"),
        out_dir,
        "xbar_r_chart.png",
        section,
    )
    return section


def _demo_normality(cap: Any, out_dir: Path | None) -> Section:
    from opsmodels import datasets, plotting

    d = datasets.diameters()
    spec = datasets.DIAMETER_SPEC
    section = Section("Is the normal model right? (non-normal check)")
    test = ss.normality_test(d["diameter"])
    verdict = "consistent with" if test.pvalue >= 0.05 else "NOT consistent with"
    section.add(
        f"Anderson-Darling: A² = {test.statistic:.3f}, p = {fmt(test.pvalue, 3)}: the diameters "
        f"are {verdict} a normal distribution at the 5 % level."
    )
    result = ss.nonnormal_capability(d["diameter"], lsl=spec.lsl, usl=spec.usl, target=spec.target)
    section.add(
        f"nonnormal_capability (automatic choice): method {result.method!r}, model "
        f"{result.distribution!r}. {result.reason}",
        f"  Ppk {fmt(result.ppk, 3)} (normal: {fmt(cap.ppk, 3)}), expected PPM "
        f"{fmt(result.ppm_total, 5)} (normal overall: {fmt(cap.ppm_overall, 5)}).",
    )
    shift = int(d.attrs["shift_from_subgroup"])
    before = ss.normality_test(d.loc[d["subgroup"] < shift, "diameter"])
    section.add(
        f"Before the shift (subgroups 1-{shift - 1}) the diameters look normal (AD p = "
        f"{fmt(before.pvalue, 3)}): the departure from normality comes from the mean shift, which "
        "mixes two normal populations. Fix the process first; capability indices describe a "
        "stable process only."
        if before.pvalue >= 0.05
        else f"Before the shift (subgroups 1-{shift - 1}) AD p = {fmt(before.pvalue, 3)}."
    )
    save_plot(
        lambda: plotting.nonnormal_histogram(
            d["diameter"],
            result,
            xlabel=f"diameter [{spec.unit}]",
            title=f"Diameter: non-normal capability ({result.method})",
        ),
        out_dir,
        "nonnormal_capability.png",
        section,
    )
    return section


def _demo_defects(out_dir: Path | None) -> tuple[Section, Section]:
    from opsmodels import datasets, plotting

    daily = datasets.defects()
    section = Section("Daily final inspection: p chart (varying sample sizes)")
    defective = daily.set_index("day")["defective"]
    inspected = daily.set_index("day")["inspected"]
    chart = ss.p_chart(defective, inspected)
    section.add(
        f"{len(daily)} days, {int(daily['inspected'].sum())} units inspected "
        f"({int(daily['inspected'].min())}-{int(daily['inspected'].max())} a day), "
        f"{int(daily['defective'].sum())} defective.",
        *chart_lines(chart, point="day"),
    )
    for p in np.unique(np.asarray(chart.violations.index)).tolist():
        section.add(
            f"  -> {_label(chart.statistic, p)}: {int(defective.iloc[p])} defective of "
            f"{int(inspected.iloc[p])} ({100 * defective.iloc[p] / inspected.iloc[p]:.1f} %): "
            "a special cause to investigate (e.g. that day's material lot)."
        )
    save_plot(
        lambda: plotting.control_chart(chart, ylabel="fraction defective"),
        out_dir,
        "p_chart.png",
        section,
    )

    pareto_section = Section("Defect types: Pareto analysis")
    kinds = datasets.defects(by_type=True).groupby("defect_type", sort=False)["defects"].sum()
    result = ss.pareto(kinds)
    pareto_section.add(*pareto_lines(result))
    save_plot(
        lambda: plotting.pareto_chart(result, title="Defect types (Pareto)"),
        out_dir,
        "pareto.png",
        pareto_section,
    )
    return section, pareto_section


def pareto_lines(result: Any) -> list[str]:
    """A readable table of a Pareto result (category, count, percent, cumulative percent)."""
    from opsmodels.plotting._pareto import _pareto_parts

    labels, counts, cumulative, threshold, vital = _pareto_parts(result)
    total = float(counts.sum())
    width = max(map(len, labels), default=8)
    lines = [f"  {'category':<{width}} {'count':>7} {'%':>6} {'cum %':>6}"]
    for label, count, cum, v in zip(
        labels, counts.tolist(), cumulative.tolist(), vital.tolist(), strict=True
    ):
        star = "  *" if v else ""
        lines.append(
            f"  {label:<{width}} {count:7g} {100 * count / total:6.1f} {100 * cum:6.1f}{star}"
        )
    few = [label for label, v in zip(labels, vital.tolist(), strict=True) if v]
    if few:
        share = 100 * float(counts[vital].sum()) / total
        goal = f" (threshold {100 * threshold:.0f} %)" if threshold is not None else ""
        lines.append(
            f"Vital few (*){goal}: {', '.join(few)} make {share:.0f} % of the defects: "
            "attack these first."
        )
    return lines


def _demo_gauge(out_dir: Path | None) -> Section:
    from opsmodels import datasets, plotting

    g = datasets.gauge_study()
    section = Section("Gauge R&R of the bore gauge (ANOVA, crossed)")
    result = ss.gauge_rr(
        g, part="part", operator="operator", value="value", tolerance=datasets.GAUGE_TOLERANCE
    )
    verdict = plotting.gauge_verdict(result.pct_study_var_grr)
    section.add(
        f"{result.n_parts} parts x {result.n_operators} operators x {result.n_trials} trials; "
        f"interaction p = {fmt(result.p_interaction, 3)} "
        f"({'pooled into repeatability' if result.interaction_pooled else 'kept'}).",
        f"  {'source':<16}{'% contribution':>15}{'% study var':>13}{'% tolerance':>13}",
    )
    tolerance = result.tolerance
    for name, var in (
        ("Gauge R&R", result.var_grr),
        ("  Repeatability", result.var_repeatability),
        ("  Reproducibility", result.var_reproducibility),
        ("Part-to-part", result.var_part),
    ):
        pct_tol = 100 * result.study_multiplier * np.sqrt(var) / tolerance if tolerance else np.nan
        section.add(
            f"  {name:<16}{100 * var / result.var_total:15.1f}"
            f"{100 * np.sqrt(var / result.var_total):13.1f}{pct_tol:13.1f}"
        )
    section.add(
        f"Number of distinct categories ndc = {fmt(result.ndc)} (AIAG wants >= 5).",
        f"Verdict (AIAG: < 10 % acceptable, 10-30 % marginal, > 30 % unacceptable): %GRR = "
        f"{result.pct_study_var_grr:.1f} % of study variation -> {verdict.upper()}"
        f" ({fmt(result.pct_tolerance_grr, 3)} % of the tolerance).",
    )
    save_plot(lambda: plotting.gauge_rr_plot(result), out_dir, "gauge_rr.png", section)
    return section


def _demo_sigma(cap: Any) -> Section:
    from opsmodels import datasets

    daily = datasets.defects()
    section = Section("Sigma levels (with the conventional 1.5 sigma shift)")
    opportunities = len(datasets.DEFECT_TYPES)
    defects = int(daily["defects"].sum())
    units = int(daily["inspected"].sum())
    rate = float(ss.dpmo(defects, units, opportunities))
    section.add(
        f"Final inspection: {defects} defects on {units} units x {opportunities} opportunities "
        f"-> DPMO {rate:,.0f} -> sigma level {float(ss.dpmo_to_sigma(rate)):.2f}.",
        f"Diameters: expected {float(cap.ppm_overall):,.0f} PPM out of specification (overall) "
        f"-> sigma level {float(ss.dpmo_to_sigma(cap.ppm_overall)):.2f}; observed "
        f"{float(cap.ppm_observed):,.0f} PPM.",
    )
    return section


def add_commands(commands: Any) -> dict[str, Handler]:
    """Add ``capability`` and ``chart`` to the sub-parsers; return their handlers."""
    cap = commands.add_parser("capability", help="process capability of a column")
    cap.add_argument("file", metavar="FILE", help="a .csv or .parquet file")
    cap.add_argument("--column", required=True, help="column of the measurements")
    cap.add_argument("--lsl", type=real, help="lower specification limit")
    cap.add_argument("--usl", type=real, help="upper specification limit")
    cap.add_argument("--target", type=real, help="target value")
    cap.add_argument("--subgroup", metavar="COL", help="column of the subgroup labels")
    cap.add_argument(
        "--sigma-method",
        default="auto",
        choices=SIGMA_METHODS,
        help="within-subgroup sigma estimator (default: auto)",
    )
    cap.add_argument(
        "--confidence",
        type=real,
        default=0.95,
        help="confidence level of the intervals (default: 0.95)",
    )
    cap.add_argument("--dropna", action="store_true", help="drop rows with missing values")
    cap.add_argument("--json", action="store_true", help="print the result as JSON")

    chart = commands.add_parser("chart", help="control chart of a column")
    chart.add_argument("file", metavar="FILE", help="a .csv or .parquet file")
    chart.add_argument("--type", required=True, choices=CHART_TYPES, help="chart type")
    chart.add_argument(
        "--column", required=True, help="column of the measurements, defectives or defect counts"
    )
    chart.add_argument("--subgroup", metavar="COL", help="subgroup labels (xbar-r, xbar-s)")
    chart.add_argument("--size", metavar="COL", help="sample sizes (p, np) or units (u)")
    chart.add_argument("--target", type=real, help="target mean (ewma, cusum)")
    chart.add_argument("--sigma", type=real, help="process sigma (ewma, cusum)")
    chart.add_argument("--lam", type=real, help="EWMA weight lambda (default 0.2)")
    chart.add_argument("--L", type=real, help="EWMA limit width in sigmas (default 3)")
    chart.add_argument("--k", type=real, help="CUSUM reference value")
    chart.add_argument("--h", type=real, help="CUSUM decision interval")
    chart.add_argument(
        "--rules",
        choices=("western_electric", "nelson"),
        help="apply every run rule of this set (default: points beyond limits)",
    )
    chart.add_argument(
        "--revise",
        action="store_true",
        help="Phase I: drop out-of-control points and recompute the limits",
    )
    chart.add_argument(
        "--save-limits", metavar="JSON", help="save the chart's limits (for Phase II) to JSON"
    )
    chart.add_argument(
        "--limits", metavar="JSON", help="chart against limits saved with --save-limits"
    )
    chart.add_argument("--dropna", action="store_true", help="drop rows with missing values")
    chart.add_argument("--json", action="store_true", help="print the result as JSON")

    return {"capability": cmd_capability, "chart": cmd_chart}


def demo_sections(out_dir: Path | None) -> list[Section]:
    """The six-sigma part of the demo report."""
    cap_section, cap = _demo_capability(out_dir)
    sections = [cap_section, _demo_chart(out_dir), _demo_normality(cap, out_dir)]
    return [*sections, *_demo_defects(out_dir), _demo_gauge(out_dir), _demo_sigma(cap)]
