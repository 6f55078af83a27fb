"""The ``opsmodels`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import opsmodels


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``opsmodels`` command."""
    parser = argparse.ArgumentParser(prog="opsmodels", description=opsmodels.__doc__)
    parser.add_argument("--version", action="version", version=opsmodels.__version__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="analyse the built-in sample data and print a report")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        sys.stdout.write("opsmodels demo\n")
    return 0
