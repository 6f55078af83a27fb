"""The ``opsmodels`` command.

Commands
--------
``opsmodels demo [--out DIR]``
    Analyse the built-in sample data and print a report (with ``--out``, also write
    ``DIR/report.html`` and the plots as PNG files beside it).
``opsmodels capability FILE --column C --lsl L --usl U [...]``
    Process capability of one column of a CSV or Parquet file.
``opsmodels chart FILE --type T --column C [...]``
    A control chart of one column, with the flagged points.
``opsmodels inventory FILE --policy P [--out OUT.csv|--json] [...]``
    Policy parameters for a table of SKUs (one row each): the table with new columns, as CSV
    (on stdout, or to ``--out``; JSON when OUT ends in ``.json``) or as JSON records.

A bad file or argument prints one line ``opsmodels: error: ...`` on stderr and exits with
code 2; ``--json`` prints the result's ``to_dict()`` as strict JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

import numpy as np
import pandas as pd

import opsmodels
from opsmodels import inventory as inv
from opsmodels import sixsigma as ss
from opsmodels.errors import OpsModelsError

__all__ = ["main"]

CHART_TYPES = ("imr", "xbar-r", "xbar-s", "p", "np", "c", "u", "ewma", "cusum")
SIGMA_METHODS = ("auto", "pooled", "rbar", "sbar", "moving_range", "median_moving_range", "mssd")
READERS = {".csv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet"}


class UsageError(Exception):
    """A bad file or argument: reported as one line on stderr, exit code 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, not usage plus message."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


# ---------------------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------------------


def read_table(path: str) -> pd.DataFrame:
    """Read a CSV or Parquet file (by extension) into a DataFrame, or raise UsageError."""
    file = Path(path)
    kind = READERS.get(file.suffix.lower())
    if kind is None:
        raise UsageError(
            f"cannot read {path}: unsupported file type {file.suffix or '(none)'!r} "
            "(use .csv or .parquet)"
        )
    if not file.exists():
        raise UsageError(f"cannot read {path}: no such file")
    if not file.is_file():
        raise UsageError(f"cannot read {path}: not a file")
    try:
        frame = pd.read_csv(file) if kind == "csv" else pd.read_parquet(file)
    except pd.errors.EmptyDataError:
        raise UsageError(f"cannot read {path}: the file is empty") from None
    except Exception as exc:  # any reader failure means an unreadable file
        raise UsageError(f"cannot read {path}: {_one_line(exc)}") from None
    if len(frame) == 0:
        raise UsageError(f"{path} has no data rows")
    return frame


def _column(frame: pd.DataFrame, column: str, path: str) -> pd.Series:
    if column not in frame.columns:
        shown = ", ".join(map(str, frame.columns[:20]))
        raise UsageError(f"column {column!r} not found in {path} (columns: {shown})")
    return frame[column]


def numeric_column(frame: pd.DataFrame, column: str, path: str) -> pd.Series:
    """A numeric column (float), with clear errors for missing or non-numeric values."""
    series = _column(frame, column, path)
    if pd.api.types.is_datetime64_any_dtype(series) or isinstance(
        series.dtype, pd.CategoricalDtype
    ):
        raise UsageError(f"column {column!r} of {path} is not numeric ({series.dtype})")
    values = pd.to_numeric(series, errors="coerce")
    bad = values.isna() & series.notna()
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise UsageError(
            f"column {column!r} of {path} has non-numeric values "
            f"(first: {series.iloc[pos]!r} in {_row(series, pos)})"
        )
    missing = values.isna()
    if missing.all():
        raise UsageError(f"column {column!r} of {path} has no values")
    if missing.any():
        pos = int(np.flatnonzero(missing.to_numpy())[0])
        raise UsageError(
            f"column {column!r} of {path} has {int(missing.sum())} missing value(s) "
            f"(first in {_row(series, pos)}); pass --dropna to drop those rows"
        )
    return values.astype(np.float64)


def _row(series: pd.Series, position: int) -> str:
    """'data row N' of the file (1-based, header excluded) for a position in ``series``."""
    label = series.index[position]
    number = int(label) + 1 if isinstance(label, int | np.integer) else position + 1
    return f"data row {number}"


def _select(
    frame: pd.DataFrame, columns: Sequence[str | None], path: str, dropna: bool
) -> pd.DataFrame:
    used = [c for c in dict.fromkeys(columns) if c is not None]
    for c in used:
        _column(frame, c, path)
    out = frame[used]
    if dropna:
        out = out.dropna()
        if len(out) == 0:
            raise UsageError(f"{path} has no rows without missing values in {', '.join(used)}")
    return out


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


# ---------------------------------------------------------------------------------------
# Output helpers
# ---------------------------------------------------------------------------------------


def fmt(value: Any, digits: int = 4) -> str:
    """A number with ``digits`` significant digits ("-" for None, "inf" spelled out)."""
    if value is None:
        return "-"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if np.isnan(x):
        return "-"
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:.{digits}g}"


def _print_json(result: Any, out: TextIO) -> None:
    out.write(json.dumps(result.to_dict(), allow_nan=False, indent=2) + "\n")


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
    data = _select(frame, [args.subgroup, args.column], args.file, args.dropna)
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
        _print_json(result, out)
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
    data = _select(frame, [args.subgroup, args.size, args.column], args.file, args.dropna)
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
            raise UsageError(f"cannot write {args.save_limits}: {_one_line(exc)}") from None
    if args.json:
        _print_json(result, out)
        return 0
    point = "subgroup" if kind in ("xbar-r", "xbar-s") else "point"
    lines: list[str] = [f"Control chart of {args.column!r} in {args.file}"]
    for chart in result_charts(result):
        lines += chart_lines(chart, point=point)
    out.write("\n".join(lines) + "\n")
    return 0


SKU_COLUMNS = (
    "demand_mean",
    "demand_std",
    "lead_time",
    "holding_cost",
    "shortage_cost",
    "ordering_cost",
    "service_level",
)


def _sku_roles(policy: str, distribution: str) -> list[str]:
    """The column roles (see SKU_COLUMNS) that ``policy`` reads."""
    roles: list[str] = []
    for role in inv.SKU_POLICIES[policy][0]:
        if role == "demand":
            roles += ["demand_mean"] + (["demand_std"] if distribution == "normal" else [])
        else:
            roles.append(role)
    return roles


def _json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as strict-JSON records (the index as a column unless it is 0..n-1)."""
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None:
        frame = frame.reset_index()
    records: list[dict[str, Any]] = []
    for row in frame.to_dict(orient="records"):
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, float) and not np.isfinite(value):
                value = None if np.isnan(value) else ("inf" if value > 0 else "-inf")
            elif value is pd.NA or value is pd.NaT:
                value = None
            clean[str(key)] = value
        records.append(clean)
    return records


def cmd_inventory(args: argparse.Namespace, out: TextIO) -> int:
    frame = read_table(args.file)
    names = {role: getattr(args, role) for role in SKU_COLUMNS}
    used = [names[r] for r in _sku_roles(args.policy, args.distribution)]
    for column in used:
        _column(frame, column, args.file)
    if args.dropna:
        frame = frame.dropna(subset=list(dict.fromkeys(used)))
        if len(frame) == 0:
            raise UsageError(f"{args.file} has no rows without missing values in {', '.join(used)}")
    for column in dict.fromkeys(used):
        frame[column] = numeric_column(frame, column, args.file)
    options: dict[str, Any] = {} if args.method is None else {"method": args.method}
    table = inv.sku_policies(
        frame, policy=args.policy, distribution=args.distribution, **names, **options
    )
    if args.out is not None:
        target = Path(args.out)
        try:
            if target.suffix.lower() == ".json":
                text = json.dumps(_json_records(table), allow_nan=False, indent=2) + "\n"
                target.write_text(text, encoding="utf-8")
            else:
                table.to_csv(target, index=False)
        except OSError as exc:
            raise UsageError(f"cannot write {args.out}: {_one_line(exc)}") from None
        out.write(f"{len(table)} SKUs, policy {args.policy}: written to {args.out}\n")
    elif args.json:
        out.write(json.dumps(_json_records(table), allow_nan=False, indent=2) + "\n")
    else:
        table.to_csv(out, index=False)
    return 0


def _load_limits(path: str) -> Any:
    """Frozen chart limits saved by ``--save-limits`` (ChartLimits JSON)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"cannot read limits {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read limits {path}: {_one_line(exc)}") from None
    loader: Any = ss.ChartLimits
    return loader.from_json(text)


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    out_dir = None if args.out is None else Path(args.out)
    if out_dir is not None:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise UsageError(
                "--out needs matplotlib for the plots: pip install 'opsmodels[plot]'"
            ) from None
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create {out_dir}: {_one_line(exc)}") from None
    run_demo(out, out_dir)
    return 0


# ---------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------


class _Section:
    """One part of the demo report: a title, text lines and an optional figure file."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.lines: list[str] = []
        self.figure: str | None = None

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)


def _save(draw: Callable[[], Any], out_dir: Path | None, name: str, section: _Section) -> None:
    """Draw a plot and save it as out_dir/name, then close it (nothing without out_dir).

    ``draw`` returns an Axes or a tuple of them; matplotlib is needed only with out_dir.
    """
    if out_dir is None:
        return
    import matplotlib.pyplot as plt

    ax = draw()
    figure = (ax[0] if isinstance(ax, tuple) else ax).figure
    figure.savefig(out_dir / name, dpi=110)
    plt.close(figure)
    section.figure = name


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


def _demo_capability(out_dir: Path | None) -> tuple[_Section, Any]:
    from opsmodels import datasets, plotting

    d = datasets.diameters()
    spec = datasets.DIAMETER_SPEC
    section = _Section("1. Machined diameters: process capability")
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
    _save(
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


def _demo_chart(out_dir: Path | None) -> _Section:
    from opsmodels import datasets, plotting

    d = datasets.diameters()
    section = _Section("2. X-bar/R chart of the diameters (Nelson rules)")
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
    _save(
        lambda: plotting.paired_chart(chart, ylabel="diameter [mm]"),
        out_dir,
        "xbar_r_chart.png",
        section,
    )
    return section


def _demo_normality(cap: Any, out_dir: Path | None) -> _Section:
    from opsmodels import datasets, plotting

    d = datasets.diameters()
    spec = datasets.DIAMETER_SPEC
    section = _Section("3. Is the normal model right? (non-normal check)")
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
    _save(
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


def _demo_defects(out_dir: Path | None) -> tuple[_Section, _Section]:
    from opsmodels import datasets, plotting

    daily = datasets.defects()
    section = _Section("4. Daily final inspection: p chart (varying sample sizes)")
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
    _save(
        lambda: plotting.control_chart(chart, ylabel="fraction defective"),
        out_dir,
        "p_chart.png",
        section,
    )

    pareto_section = _Section("5. Defect types: Pareto analysis")
    kinds = datasets.defects(by_type=True).groupby("defect_type", sort=False)["defects"].sum()
    result = ss.pareto(kinds)
    pareto_section.add(*pareto_lines(result))
    _save(
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


def _demo_gauge(out_dir: Path | None) -> _Section:
    from opsmodels import datasets, plotting

    g = datasets.gauge_study()
    section = _Section("6. Gauge R&R of the bore gauge (ANOVA, crossed)")
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
    _save(lambda: plotting.gauge_rr_plot(result), out_dir, "gauge_rr.png", section)
    return section


def _demo_sigma(cap: Any) -> _Section:
    from opsmodels import datasets

    daily = datasets.defects()
    section = _Section("7. Sigma levels (with the conventional 1.5 sigma shift)")
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


def _demo_inventory() -> _Section:
    from opsmodels import datasets

    table = datasets.skus().iloc[:5].assign(service_level=0.95)
    section = _Section("8. Inventory policies for five sample SKUs")
    eoq = inv.sku_policies(table, policy="eoq")
    rop = inv.sku_policies(table, policy="reorder_point")
    rq = inv.sku_policies(table, policy="rq")
    section.add(
        "Weekly demand ~ Normal(mean, std); lead time L in weeks; h, p per unit per week, "
        "K per order.",
        "EOQ Q*, safety stock SS and reorder point at 95 % cycle service; exact (r,Q) with "
        "backorders.",
        f"  {'SKU':<8}{'mean':>7}{'std':>6}{'L':>3}{'EOQ':>8}{'SS 95%':>8}{'r 95%':>8}"
        f"{'(r,Q) r':>9}{'Q':>8}{'cost/wk':>9}",
    )
    for sku in table.index:
        row = table.loc[sku]
        section.add(
            f"  {sku!s:<8}{row['demand_mean']:7g}{row['demand_std']:6g}"
            f"{row['lead_time']:3g}{eoq.loc[sku, 'order_quantity']:8.1f}"
            f"{rop.loc[sku, 'safety_stock']:8.1f}{rop.loc[sku, 'reorder_point']:8.1f}"
            f"{rq.loc[sku, 'reorder_point']:9.1f}{rq.loc[sku, 'order_quantity']:8.1f}"
            f"{rq.loc[sku, 'expected_cost']:9.2f}"
        )
    section.add(
        "Same table from a file: opsmodels inventory skus.csv --policy rq --out policies.csv"
    )
    return section


def _html(sections: Sequence[_Section]) -> str:
    import html

    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        "<title>opsmodels demo report</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "pre{background:#f6f8fa;padding:1em;overflow-x:auto;font-size:0.85em}"
        "img{max-width:100%;border:1px solid #ddd}</style></head><body>",
        "<h1>opsmodels demo: six sigma and inventory on the built-in sample data</h1>",
        f"<p>opsmodels {html.escape(opsmodels.__version__)}</p>",
    ]
    for s in sections:
        parts.append(f"<h2>{html.escape(s.title)}</h2>")
        parts.append(f"<pre>{html.escape(chr(10).join(s.lines))}</pre>")
        if s.figure is not None:
            parts.append(f"<img src='{html.escape(s.figure)}' alt='{html.escape(s.title)}'>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def run_demo(out: TextIO, out_dir: Path | None = None) -> None:
    """Analyse the built-in sample data; print the report, and write it as HTML to out_dir."""
    if out_dir is not None:
        import matplotlib

        matplotlib.use("Agg")  # files only: never open a window
    cap_section, cap = _demo_capability(out_dir)
    sections = [cap_section, _demo_chart(out_dir), _demo_normality(cap, out_dir)]
    sections += [*_demo_defects(out_dir), _demo_gauge(out_dir), _demo_sigma(cap)]
    sections.append(_demo_inventory())
    out.write("opsmodels demo: six sigma and inventory on the built-in sample data\n")
    for s in sections:
        out.write(f"\n{s.title}\n{'-' * len(s.title)}\n" + "\n".join(s.lines) + "\n")
    if out_dir is not None:
        (out_dir / "report.html").write_text(_html(sections), encoding="utf-8")
        out.write(f"\nReport written to {out_dir / 'report.html'}\n")


# ---------------------------------------------------------------------------------------
# Parser and entry point
# ---------------------------------------------------------------------------------------


def _real(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not np.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``opsmodels`` command."""
    parser = _Parser(
        prog="opsmodels",
        description=(
            "Operations-management models: six-sigma and inventory analyses from the command line."
        ),
    )
    parser.add_argument("--version", action="version", version=opsmodels.__version__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="analyse the built-in sample data and print a report")
    demo.add_argument("--out", metavar="DIR", help="also write DIR/report.html and its plots")

    cap = commands.add_parser("capability", help="process capability of a column")
    cap.add_argument("file", metavar="FILE", help="a .csv or .parquet file")
    cap.add_argument("--column", required=True, help="column of the measurements")
    cap.add_argument("--lsl", type=_real, help="lower specification limit")
    cap.add_argument("--usl", type=_real, help="upper specification limit")
    cap.add_argument("--target", type=_real, help="target value")
    cap.add_argument("--subgroup", metavar="COL", help="column of the subgroup labels")
    cap.add_argument(
        "--sigma-method",
        default="auto",
        choices=SIGMA_METHODS,
        help="within-subgroup sigma estimator (default: auto)",
    )
    cap.add_argument(
        "--confidence",
        type=_real,
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
    chart.add_argument("--target", type=_real, help="target mean (ewma, cusum)")
    chart.add_argument("--sigma", type=_real, help="process sigma (ewma, cusum)")
    chart.add_argument("--lam", type=_real, help="EWMA weight lambda (default 0.2)")
    chart.add_argument("--L", type=_real, help="EWMA limit width in sigmas (default 3)")
    chart.add_argument("--k", type=_real, help="CUSUM reference value")
    chart.add_argument("--h", type=_real, help="CUSUM decision interval")
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

    sku = commands.add_parser("inventory", help="policy parameters for a table of SKUs")
    sku.add_argument("file", metavar="FILE", help="a .csv or .parquet file, one row per SKU")
    sku.add_argument(
        "--policy", required=True, choices=tuple(inv.SKU_POLICIES), help="inventory policy"
    )
    sku.add_argument(
        "--distribution",
        default="normal",
        choices=("normal", "poisson"),
        help="demand per period (default: normal, from demand_mean and demand_std)",
    )
    sku.add_argument("--method", help="method of the rq or ss policy (default: exact)")
    for role in SKU_COLUMNS:
        sku.add_argument(
            f"--{role.replace('_', '-')}",
            dest=role,
            metavar="COL",
            default=role,
            help=f"column of the {role.replace('_', ' ')} (default: {role})",
        )
    sku.add_argument("--dropna", action="store_true", help="drop rows with missing values")
    where = sku.add_mutually_exclusive_group()
    where.add_argument(
        "--out", metavar="OUT", help="write the table to OUT (.csv, or .json for JSON records)"
    )
    where.add_argument("--json", action="store_true", help="print the table as JSON records")
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "demo": cmd_demo,
    "capability": cmd_capability,
    "chart": cmd_chart,
    "inventory": cmd_inventory,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Examples
    --------
    >>> main(["capability", "no-such-file.csv", "--column", "x"])
    2
    """
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args, sys.stdout)
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    except (UsageError, OpsModelsError) as exc:
        sys.stderr.write(f"opsmodels: error: {_one_line(exc)}\n")
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0
    except Exception as exc:  # a bug in opsmodels: still one line, exit code 1
        sys.stderr.write(
            f"opsmodels: internal error: {type(exc).__name__}: {_one_line(exc)} "
            "(please report it)\n"
        )
        return 1
