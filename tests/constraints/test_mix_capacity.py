"""Capacity of a shared process under a free product mix: references, laws and bad input."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.constraints import bottleneck, mix_capacity, product_mix
from opsmodels.errors import InvalidInputError

from .test_product_mix import pq


def _serial(times: dict[str, float], **attrs: dict[str, float]) -> nx.DiGraph:
    nodes = list(times)
    g = nx.DiGraph(list(itertools.pairwise(nodes)))
    g.add_nodes_from(nodes)
    nx.set_node_attributes(g, times, "process_time")
    for name, values in attrs.items():
        nx.set_node_attributes(g, values, name)
    return g


def test_goldratt_pq_as_routings_matches_the_lp_product_mix() -> None:
    """Goldratt, The Haystack Syndrome (1990), P&Q: each product's routing visits resources
    A-D for its minutes per unit; capacity 2,400 min/week (the time unit is a week). Valued at
    throughput per unit (P 45, Q 60) with demand 100 and 50, the optimum is 100 P and 30 Q
    (throughput 6,300), B is the only constraint, and it equals product_mix's LP."""
    products, usage, capacity = pq()
    graphs = {p: _serial((usage[p] / 2400.0).to_dict()) for p in usage.columns}
    throughput = products["price"] - products["material_cost"]
    r = mix_capacity(graphs, demand=products["demand"], value=throughput)
    lp = product_mix(products, usage, capacity, method="lp")
    assert r.release_rates.to_dict() == pytest.approx({"P": 100.0, "Q": 30.0})
    assert r.release_rates.to_dict() == pytest.approx(lp.quantities.to_dict())
    assert r.objective == pytest.approx(6300.0)
    assert r.constraints == ["B"]
    assert r.demand_limited == ["P"]
    # one more B-minute a week (1/2400 of a week of B) is worth Q's 60 / 30 = 2
    assert r.shadow_prices["B"] / 2400.0 == pytest.approx(2.0)
    assert r.utilization["B"] == pytest.approx(1.0)


def test_one_product_gives_the_bottleneck_capacity() -> None:
    """With one product the LP optimum is the graph's capacity 1 / max load (with scrap: the
    good output is the good fraction of it)."""
    g = _serial({"a": 1.0, "b": 3.0, "c": 2.0}, servers={"b": 2}, **{"yield": {"c": 0.9}})
    r = mix_capacity({"only": g})
    b = bottleneck(g)
    assert r.release_rates["only"] == pytest.approx(b.capacity)
    assert r.good_output["only"] == pytest.approx(b.throughput_capacity)
    assert r.constraints == [b.bottleneck]


def test_a_product_that_loads_nothing_is_unbounded() -> None:
    free = _serial({"a": 0.0, "b": 0.0})
    r = mix_capacity({"free": free, "busy": _serial({"a": 1.0})})
    assert r.objective == np.inf
    assert r.release_rates["free"] == np.inf
    bounded = mix_capacity(
        {"free": free, "busy": _serial({"a": 1.0})}, demand={"free": 3, "busy": 9}
    )
    assert bounded.release_rates.to_dict() == pytest.approx({"free": 3.0, "busy": 1.0})


def test_graphs_are_not_modified() -> None:
    g = _serial({"a": 1.0, "b": 2.0})
    before = nx.node_link_data(g, edges="edges")
    mix_capacity({"p": g})
    assert nx.node_link_data(g, edges="edges") == before


@settings(max_examples=40, deadline=None)
@given(
    times=st.lists(st.lists(st.floats(0.1, 5.0), min_size=3, max_size=3), min_size=1, max_size=4),
    mix=st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4),
)
def test_feasible_and_no_fixed_mix_does_better(times: list[list[float]], mix: list[float]) -> None:
    """The optimum loads no station beyond 1, and every fixed mix scaled to its capacity (the
    bottleneck analysis with mix=) has at most the LP's total output."""
    graphs = {f"p{k}": _serial(dict(zip("abc", t, strict=True))) for k, t in enumerate(times)}
    r = mix_capacity(graphs)
    assert (r.utilization <= 1 + 1e-7).all()
    assert (r.release_rates >= 0).all()
    shares = {p: mix[k] for k, p in enumerate(graphs)}
    fixed = bottleneck(graphs, mix=shares)
    assert fixed.throughput_capacity <= r.objective * (1 + 1e-7)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"graphs": {}}, "graphs"),
        ({"graphs": [nx.DiGraph()]}, "graphs"),
        ({"graphs": {"p": "not a graph"}}, "graphs"),
        ({"demand": {"p": -1.0}}, "demand"),
        ({"demand": {"q": 1.0}}, "demand"),
        ({"demand": {"p": float("nan")}}, "demand"),
        ({"value": {"p": float("inf")}}, "value"),
        ({"value": {"p": "x"}}, "value"),
        ({"value": 3.0}, "value"),
    ],
)
def test_bad_input(kwargs: dict[str, object], match: str) -> None:
    call: dict[str, object] = {"graphs": {"p": _serial({"a": 1.0})}}
    call.update(kwargs)
    with pytest.raises(InvalidInputError, match=match):
        mix_capacity(**call)  # type: ignore[arg-type]


def test_series_inputs() -> None:
    graphs = {"p": _serial({"a": 1.0}), "q": _serial({"a": 2.0})}
    r = mix_capacity(graphs, value=pd.Series({"p": 1.0, "q": 3.0}))
    assert r.release_rates.to_dict() == pytest.approx({"p": 0.0, "q": 0.5})
    assert list(r.to_frame().columns) == ["release_rate", "good_output"]
