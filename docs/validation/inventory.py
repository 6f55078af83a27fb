"""Reference cases shown in the inventory validation table: (source, quantity, published, ours,
tolerance). Each mirrors a reference test under tests/inventory/, which cites the same source."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from opsmodels import inventory as inv

Case = tuple[str, str, float, float, float]

SS = "Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed."


def _example_6_5() -> nx.DiGraph:
    g = nx.DiGraph([(1, 3), (3, 2), (3, 4)])
    nx.set_node_attributes(g, {1: 2, 3: 1, 2: 1, 4: 1}, "processing_time")
    nx.set_node_attributes(g, {1: 1, 3: 2, 2: 3, 4: 3}, "holding_cost")
    nx.set_node_attributes(g, {2: 1.0, 4: 1.0}, "demand_std")
    nx.set_node_attributes(g, {2: 0, 4: 1}, "external_service_time")
    g.nodes[1]["inbound_service_time"] = 1
    return g


def cases() -> Iterator[Case]:
    e = inv.eoq(1300, 8, 0.225)
    yield f"{SS}, Example 3.1 (EOQ)", "Q*", 304.05, e.order_quantity, 5e-3
    yield f"{SS}, Example 3.1 (EOQ)", "cost g*", 68.41, e.total_cost, 5e-3
    nv = inv.newsvendor(0.18, 0.70, inv.Normal(50, 8))
    yield f"{SS}, Example 4.3 (newsvendor)", "S*", 56.60, nv.order_up_to, 5e-3
    yield f"{SS}, Example 4.3 (newsvendor)", "g(S*)", 1.9976, nv.expected_cost, 5e-5
    rq = inv.rq_policy(20, 150, 100, inv.Poisson(1.5), 2)
    yield f"{SS}, Example 5.8 (exact (r,Q), Poisson)", "r*", 3.0, float(rq.reorder_point), 0.0
    yield f"{SS}, Example 5.8 (exact (r,Q), Poisson)", "Q*", 5.0, float(rq.order_quantity), 0.0
    yield f"{SS}, Example 5.8 (exact (r,Q), Poisson)", "cost", 107.9236, rq.expected_cost, 5e-5
    zf = inv.ss_policy(1, 9, 64, inv.Poisson(10.0))
    src = "Zheng & Federgruen (1991), *Oper. Res.* 39(4), K = 64, mean 10"
    yield src, "s*", 6.0, float(zf.reorder_point), 0.0
    yield src, "S*", 40.0, float(zf.order_up_to), 0.0
    yield src, "cost", 35.02, zf.expected_cost, 5e-3
    ww = inv.wagner_whitin(
        [69, 29, 36, 61, 61, 26, 34, 67, 45, 67, 79, 56],
        [85, 102, 102, 101, 98, 114, 105, 86, 119, 110, 98, 114],
        1,
    )
    yield "Wagner & Whitin (1958), *Mgmt. Sci.* 5(1), 12 months", "cost", 864.0, ww.total_cost, 0.0
    serial = inv.serial_base_stock([3.0, 2.0, 2.0], 37.12, inv.Normal(5, 1), [1, 1, 2])
    src = f"{SS}, Example 6.1 (serial, Clark-Scarf)"
    for i, published in enumerate([6.49, 12.02, 22.71]):
        yield src, f"echelon S{i + 1}*", published, float(serial.echelon_base_stock[i]), 6e-3
    yield src, "cost (book discretized)", 47.65, serial.expected_cost, 0.015
    gsm = inv.gsm_tree(_example_6_5(), z=1.0)
    yield f"{SS}, Example 6.5 (guaranteed service)", "cost", 8.2779, gsm.total_cost, 5e-5
