"""Inventory commands of ``opsmodels``: ``inventory`` over a table of SKUs, and the demo section."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from opsmodels import inventory as inv
from opsmodels.cli._common import (
    Handler,
    Section,
    UsageError,
    get_column,
    json_records,
    json_text,
    numeric_column,
    read_table,
    write_table,
)

__all__ = ["add_commands", "demo_sections"]


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


def cmd_inventory(args: argparse.Namespace, out: TextIO) -> int:
    frame = read_table(args.file)
    names = {role: getattr(args, role) for role in SKU_COLUMNS}
    used = [names[r] for r in _sku_roles(args.policy, args.distribution)]
    for column in used:
        get_column(frame, column, args.file)
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
        write_table(table, args.out, index=False)
        out.write(f"{len(table)} SKUs, policy {args.policy}: written to {args.out}\n")
    elif args.json:
        out.write(json_text(json_records(table)))
    else:
        table.to_csv(out, index=False)
    return 0


def _demo_inventory() -> Section:
    from opsmodels import datasets

    table = datasets.skus().iloc[:5].assign(service_level=0.95)
    section = Section("Inventory policies for five sample SKUs")
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


def add_commands(commands: Any) -> dict[str, Handler]:
    """Add ``inventory`` to the sub-parsers; return its handler."""
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
    return {"inventory": cmd_inventory}


def demo_sections(out_dir: Path | None) -> list[Section]:
    """The inventory part of the demo report (text only)."""
    return [_demo_inventory()]
