"""Reference cases shown in the constraints validation table: (source, quantity, published,
ours, tolerance). Each mirrors a reference test under tests/constraints/, which cites the same
source; the Milwaukee Paper and P&Q data come from those tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import networkx as nx
import numpy as np
import pandas as pd
from tests.constraints.test_bottleneck import _line
from tests.constraints.test_cpm import milwaukee
from tests.constraints.test_product_mix import pq

from opsmodels import constraints as toc

Case = tuple[str, str, float, float, float]

HOPP = "Hopp & Spearman, *Factory Physics*, 3rd ed., ch. 7"
HEIZER = "Heizer, Render & Munson, *Operations Management*, 12th ed., ch. 3 (Milwaukee Paper)"


def factory_physics() -> Iterator[Case]:
    one = toc.factory_physics([2.0, 2.0, 2.0, 2.0], 1, np.arange(1.0, 9.0))
    src = f"{HOPP}, Penny Fab One"
    yield src, "rb (pennies/h)", 0.5, one.rb, 0.0
    yield src, "T0 (h)", 8.0, one.t0, 0.0
    yield src, "W0 (pennies)", 4.0, one.w0, 0.0
    yield src, "TH best, w = 4", 0.5, float(one.th_best[3]), 1e-12
    yield src, "CT best, w = 8", 16.0, float(one.ct_best[7]), 1e-12
    yield src, "TH practical worst, w = 4", 0.5 * 4 / 7, float(one.th_pwc[3]), 1e-12
    yield src, "CT practical worst, w = 4", 14.0, float(one.ct_pwc[3]), 1e-12
    two = toc.factory_physics([2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2], 8.0)
    src = f"{HOPP}, Penny Fab Two"
    yield src, "rb (pennies/h)", 0.4, two.rb, 1e-12
    yield src, "T0 (h)", 20.0, two.t0, 1e-12
    yield src, "W0 (pennies)", 8.0, two.w0, 1e-12


def bottlenecks() -> Iterator[Case]:
    fab = _line([2.0, 5.0, 10.0, 3.0], [1, 2, 6, 2])
    r = toc.bottleneck(fab)
    src = f"{HOPP}, Penny Fab Two as a process graph"
    yield src, "capacity rb (pennies/h)", 0.4, r.capacity, 1e-12
    at_rb = toc.bottleneck(fab, external_arrivals=0.4)
    yield src, "utilization of stamping at rb", 1.0, float(at_rb.utilization["s2"]), 1e-12
    yield src, "utilization of station 1 at rb", 0.8, float(at_rb.utilization["s1"]), 1e-12


def product_mix() -> Iterator[Case]:
    products, usage, capacity = pq()
    src = "Goldratt, *The Haystack Syndrome* (1990), P&Q problem"
    for method in ("toc", "lp"):
        r = toc.product_mix(products, usage, capacity, operating_expense=6000.0, method=method)
        yield src, f"P made ({method})", 100.0, float(r.quantities["P"]), 1e-9
        yield src, f"Q made ({method})", 30.0, float(r.quantities["Q"]), 1e-9
        yield src, f"net profit ({method})", 300.0, r.net_profit, 1e-6
    yield (
        src,
        "throughput per B-minute, P",
        3.0,
        float(r.throughput_per_constraint_minute["P"]),
        1e-12,
    )
    yield (
        src,
        "throughput per B-minute, Q",
        2.0,
        float(r.throughput_per_constraint_minute["Q"]),
        1e-12,
    )


def free_mix() -> Iterator[Case]:
    products, usage, capacity = pq()
    graphs = {}
    for product in usage.columns:
        g = nx.DiGraph(list(itertools.pairwise(usage.index)))
        nx.set_node_attributes(g, (usage[product] / capacity).to_dict(), "process_time")
        graphs[product] = g
    value = products["price"] - products["material_cost"]
    r = toc.mix_capacity(graphs, demand=products["demand"], value=value)
    src = "Goldratt, *The Haystack Syndrome* (1990), P&Q as two routings (free mix)"
    yield src, "P released per week", 100.0, float(r.release_rates["P"]), 1e-9
    yield src, "Q released per week", 30.0, float(r.release_rates["Q"]), 1e-9
    yield src, "throughput per week", 6300.0, r.objective, 1e-6


def projects() -> Iterator[Case]:
    g = milwaukee()
    cpm = toc.critical_path(g)
    yield HEIZER, "project duration (weeks)", 15.0, cpm.duration, 1e-12
    yield HEIZER, "slack of F", 6.0, cpm.slack["F"], 1e-12
    yield HEIZER, "latest start of D", 4.0, cpm.latest_start["D"], 1e-12
    r = toc.pert(g, due_date=16.0)
    yield HEIZER, "PERT variance", 3.11, r.variance, 5e-3
    yield HEIZER, "PERT sigma", 1.76, r.std, 5e-3
    yield HEIZER, "P(done within 16 weeks) (book rounds z)", 0.7157, r.probability or 0.0, 3e-3


def detection() -> Iterator[Case]:
    periods = pd.DataFrame(
        {
            "machine": ["M1", "M2", "M1", "M2"],
            "start": [0.0, 3.0, 12.0, 14.0],
            "end": [10.0, 15.0, 20.0, 16.0],
        }
    )
    r = toc.active_period(periods)
    src = "Roser, Nakano & Tanaka (2002), two-machine figure (reconstructed by hand)"
    yield src, "sole bottleneck time, M1", 7.0, float(r.sole_time["M1"]), 1e-12
    yield src, "sole bottleneck time, M2", 2.0, float(r.sole_time["M2"]), 1e-12
    yield src, "shifting bottleneck time, M1", 11.0, float(r.shifting_time["M1"]), 1e-12
    yield src, "shifting bottleneck time, M2", 11.0, float(r.shifting_time["M2"]), 1e-12


def cases() -> Iterator[Case]:
    for group in (factory_physics, bottlenecks, product_mix, free_mix, projects, detection):
        yield from group()
