"""Shared parts of the ``opsmodels`` command: reading files, formatting, demo sections.

Every domain module of :mod:`opsmodels.cli` builds on these.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

import numpy as np
import pandas as pd

from opsmodels._results import jsonable

__all__ = [
    "Handler",
    "Parser",
    "Section",
    "UsageError",
    "fmt",
    "get_column",
    "json_records",
    "json_text",
    "numeric_column",
    "one_line",
    "print_json",
    "read_table",
    "real",
    "save_plot",
    "select",
    "write_plot",
    "write_table",
]

#: A command handler: parsed arguments and the output stream in, exit code out.
Handler = Callable[[argparse.Namespace, TextIO], int]

READERS = {".csv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet"}


class UsageError(Exception):
    """A bad file or argument: reported as one line on stderr, exit code 2."""


class Parser(argparse.ArgumentParser):
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
        raise UsageError(f"cannot read {path}: {one_line(exc)}") from None
    if len(frame) == 0:
        raise UsageError(f"{path} has no data rows")
    return frame


def get_column(frame: pd.DataFrame, column: str, path: str) -> pd.Series:
    """The column of ``frame`` named ``column``, or a UsageError listing the columns."""
    if column not in frame.columns:
        shown = ", ".join(map(str, frame.columns[:20]))
        raise UsageError(f"column {column!r} not found in {path} (columns: {shown})")
    return frame[column]


def numeric_column(frame: pd.DataFrame, column: str, path: str) -> pd.Series:
    """A numeric column (float), with clear errors for missing or non-numeric values."""
    series = get_column(frame, column, path)
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


def select(
    frame: pd.DataFrame, columns: Sequence[str | None], path: str, dropna: bool
) -> pd.DataFrame:
    """The named columns (None skipped), checked; rows with missing values dropped if asked."""
    used = [c for c in dict.fromkeys(columns) if c is not None]
    for c in used:
        get_column(frame, c, path)
    out = frame[used]
    if dropna:
        out = out.dropna()
        if len(out) == 0:
            raise UsageError(f"{path} has no rows without missing values in {', '.join(used)}")
    return out


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (its type name when the message is empty)."""
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


def json_text(payload: Any) -> str:
    """Strict, indented JSON of a payload (values made JSON-safe by ``jsonable``), one line end."""
    return json.dumps(jsonable(payload), allow_nan=False, indent=2) + "\n"


def print_json(result: Any, out: TextIO) -> None:
    """Write a result's ``to_dict()`` as strict, indented JSON."""
    out.write(json_text(result.to_dict()))


def write_table(table: pd.DataFrame, target: str, *, index: bool) -> None:
    """Write a table to ``target`` (a command's ``--out``): JSON records when the name ends in
    ``.json``, else CSV (with the index when ``index``); UsageError when it cannot be written."""
    path = Path(target)
    try:
        if path.suffix.lower() == ".json":
            path.write_text(json_text(json_records(table)), encoding="utf-8")
        else:
            table.to_csv(path, index=index)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {one_line(exc)}") from None


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
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


# ---------------------------------------------------------------------------------------
# Demo
# ---------------------------------------------------------------------------------------


class Section:
    """One part of the demo report: a title, text lines and an optional figure file."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.lines: list[str] = []
        self.figures: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)


def _draw_to(draw: Callable[[], Any], path: str | Path) -> None:
    """Draw (``draw`` returns an Axes or a tuple of them), save the figure to ``path``, close it."""
    import matplotlib.pyplot as plt

    ax = draw()
    figure = (ax[0] if isinstance(ax, tuple) else ax).figure
    try:
        figure.savefig(path, dpi=110)
    finally:
        plt.close(figure)


def save_plot(draw: Callable[[], Any], out_dir: Path | None, name: str, section: Section) -> None:
    """Draw a plot and save it as out_dir/name, then close it (nothing without out_dir).

    ``draw`` returns an Axes or a tuple of them; matplotlib is needed only with out_dir.
    """
    if out_dir is None:
        return
    _draw_to(draw, out_dir / name)
    section.figures.append(name)


def write_plot(draw: Callable[[], Any], path: str) -> None:
    """Draw a plot and save it to ``path`` (a command's ``--plot`` option), then close it.

    Raises UsageError when matplotlib is missing or the file cannot be written.
    """
    try:
        import matplotlib
    except ImportError:
        raise UsageError("--plot needs matplotlib: pip install 'opsmodels[plot]'") from None
    matplotlib.use("Agg")
    try:
        _draw_to(draw, path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {one_line(exc)}") from None


def real(text: str) -> float:
    """An argparse type: a finite number."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not np.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return value
