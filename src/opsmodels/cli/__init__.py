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
``opsmodels bottleneck FILE [--arrivals RATE] [--elevate NODE [--servers N]] [...]``
    Utilization per station, the bottleneck, near-bottlenecks, capacity and a what-if
    elevation of a process given as a steps table (routings in it or in ``--edges FILE``).
``opsmodels eventlog FILE --case C --activity A --end E [--start S] [...]``
    The directly-follows performance graph of an event log (activity and pair tables) and
    the case lead times.
``opsmodels staffing [FILE] --arrivals COL|N --handle-time COL|T --answer-time T
--service-level P [...]``
    Fewest agents per interval of an arrival profile (Erlang C), with shrinkage and totals.
``opsmodels rfm FILE --customer C --date D --amount A [...]``
    RFM scores and segments of a transaction log, with a segment summary.
``opsmodels clv FILE --customer C --date D --amount A [--model bgnbd|pnbd] [...]``
    BTYD and Gamma-Gamma fits; per customer P(alive), expected purchases and CLV.
``opsmodels oee FILE --ideal-cycle-time T|COL [--by COLS] [--categories MAP] [...]``
    OEE, TEEP and the six big losses per machine (and group) and overall from a state log.
``opsmodels waste FILE --case C --activity A --end E [--start S] [--standard-path ...]``
    The lean wastes of an event log (waiting, rework, overprocessing, WIP, hand-offs,
    overproduction), each with its evidence.

A bad file or argument prints one line ``opsmodels: error: ...`` on stderr and exits with
code 2; ``--json`` prints the result's ``to_dict()`` as strict JSON.

How a domain adds commands
--------------------------
Each domain has a module ``opsmodels.cli._<domain>`` that builds on
:mod:`opsmodels.cli._common` (reading files, columns, formatting, JSON, sections, plots) and
defines two functions:

``add_commands(commands) -> dict[str, Handler]``
    Adds its sub-parsers to ``commands`` (the sub-parsers action; ``commands.add_parser(...)``)
    and returns the handler of each command name: ``handler(args, out) -> exit code``.
``demo_sections(out_dir) -> list[Section]``
    Its part of the demo report; figures are saved with ``save_plot`` only when ``out_dir``
    is given. Section titles carry no number: the report numbers them.

The module is listed once in ``DOMAINS`` below, in report order.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import opsmodels
from opsmodels.cli import _inventory, _lean, _process, _segmentation, _sixsigma
from opsmodels.cli._common import Handler, Parser, Section, UsageError, one_line
from opsmodels.errors import OpsModelsError

__all__ = ["build_parser", "main", "run_demo"]

#: The domain modules, in the order of the demo report.
DOMAINS = (_sixsigma, _inventory, _process, _lean, _segmentation)


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    """``opsmodels demo``: check the output directory, then run the demo."""
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
            raise UsageError(f"cannot create {out_dir}: {one_line(exc)}") from None
    run_demo(out, out_dir)
    return 0


TITLE = "opsmodels demo: every domain on the built-in sample data"


def _html(sections: Sequence[Section]) -> str:
    import html

    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        "<title>opsmodels demo report</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "pre{background:#f6f8fa;padding:1em;overflow-x:auto;font-size:0.85em}"
        "img{max-width:100%;border:1px solid #ddd}</style></head><body>",
        f"<h1>{html.escape(TITLE)}</h1>",
        f"<p>opsmodels {html.escape(opsmodels.__version__)}</p>",
    ]
    for s in sections:
        parts.append(f"<h2>{html.escape(s.title)}</h2>")
        parts.append(f"<pre>{html.escape(chr(10).join(s.lines))}</pre>")
        parts.extend(
            f"<img src='{html.escape(name)}' alt='{html.escape(s.title)}'>" for name in s.figures
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def run_demo(out: TextIO, out_dir: Path | None = None) -> None:
    """Analyse the built-in sample data; print the report, and write it as HTML to out_dir."""
    if out_dir is not None:
        import matplotlib

        matplotlib.use("Agg")  # files only: never open a window
    sections = [s for domain in DOMAINS for s in domain.demo_sections(out_dir)]
    for number, s in enumerate(sections, start=1):
        s.title = f"{number}. {s.title}"
    out.write(TITLE + "\n")
    for s in sections:
        out.write(f"\n{s.title}\n{'-' * len(s.title)}\n" + "\n".join(s.lines) + "\n")
    if out_dir is not None:
        (out_dir / "report.html").write_text(_html(sections), encoding="utf-8")
        out.write(f"\nReport written to {out_dir / 'report.html'}\n")


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    """Return the argument parser of the ``opsmodels`` command and the handler by command."""
    parser = Parser(
        prog="opsmodels",
        description="Operations-management models from the command line.",
    )
    parser.add_argument("--version", action="version", version=opsmodels.__version__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser("demo", help="analyse the built-in sample data and print a report")
    demo.add_argument("--out", metavar="DIR", help="also write DIR/report.html and its plots")
    handlers: dict[str, Handler] = {"demo": cmd_demo}
    for domain in DOMAINS:
        handlers.update(domain.add_commands(commands))
    return parser, handlers


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Examples
    --------
    >>> main(["capability", "no-such-file.csv", "--column", "x"])
    2
    """
    try:
        parser, handlers = build_parser()
        args = parser.parse_args(argv)
        return handlers[args.command](args, sys.stdout)
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    except (UsageError, OpsModelsError) as exc:
        sys.stderr.write(f"opsmodels: error: {one_line(exc)}\n")
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0
    except Exception as exc:  # a bug in opsmodels: still one line, exit code 1
        sys.stderr.write(
            f"opsmodels: internal error: {type(exc).__name__}: {one_line(exc)} (please report it)\n"
        )
        return 1
