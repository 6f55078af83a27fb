r"""Capacity of a process shared by several products, when the mix is free: a linear program
over the products' release rates, built from each product's routing graph."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy.optimize import linprog

from opsmodels._results import Result
from opsmodels._validation import invalid
from opsmodels.constraints._bottleneck import _unit_loads

__all__ = ["MixCapacityResult", "mix_capacity"]

_FUNC = "mix_capacity"
_TOL = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class MixCapacityResult(Result):
    """The best product mix a shared process can run, its binding stations and their prices.

    Attributes
    ----------
    release_rates : Series
        :math:`x_j` by product: units released per time unit at the optimum.
    good_output : Series
        :math:`y_j x_j` by product: good units leaving per time unit (:math:`y_j` the fraction of
        released units of *j* that leave good, after scrap).
    objective : float
        :math:`\\sum_j v_j y_j x_j`: good output per time unit weighted by ``value`` (the total
        good output when no value is given); ``inf`` when some product with positive value
        loads no station and has no demand bound.
    utilization : Series
        :math:`\\sum_j L_{ij} x_j` by station at the optimum.
    load_per_unit : DataFrame
        :math:`L_{ij}`, stations x products: busy time of one server of station *i* per unit of
        product *j* released (visit ratio x effective process time / servers).
    constraints : list
        The binding stations (utilization 1 with a positive shadow price), highest price first.
    shadow_prices : Series
        By station: the objective gained per unit of extra station capacity (one more unit of
        utilization, i.e. one more server's worth of time per time unit); 0 at slack stations.
    demand_limited : list
        Products released at their demand bound.
    """

    release_rates: pd.Series
    good_output: pd.Series
    objective: float
    utilization: pd.Series
    load_per_unit: pd.DataFrame
    constraints: list[Any]
    shadow_prices: pd.Series
    demand_limited: list[Any]

    def to_frame(self) -> pd.DataFrame:
        """One row per product: release rate and good output.

        Returns
        -------
        pandas.DataFrame
        """
        return pd.DataFrame({"release_rate": self.release_rates, "good_output": self.good_output})


def _by_product(name: str, values: Any, products: list[Any], lower: float) -> np.ndarray:
    """A number per product from a mapping or Series (missing products: not allowed)."""
    if not isinstance(values, Mapping | pd.Series):
        raise invalid(_FUNC, name, "a mapping or Series product -> number", values)
    out = np.empty(len(products))
    for k, p in enumerate(products):
        if p not in values:
            raise invalid(_FUNC, name, f"a number for every product (missing {p!r})", values)
        raw = values[p]
        if isinstance(raw, bool) or not isinstance(raw, int | float | np.integer | np.floating):
            raise invalid(_FUNC, name, f"numbers (for product {p!r})", raw)
        x = float(raw)
        if np.isnan(x) or x < lower or (name == "value" and not np.isfinite(x)):
            allowed = "finite numbers" if name == "value" else f"numbers >= {lower:g} (inf allowed)"
            raise invalid(_FUNC, name, f"{allowed} (for product {p!r})", raw)
        out[k] = x
    return out


def mix_capacity(
    graphs: Mapping[Any, nx.DiGraph[Any]],
    *,
    demand: Mapping[Any, float] | pd.Series | None = None,
    value: Mapping[Any, float] | pd.Series | None = None,
    probability: Any = "probability",
    yield_: Any = "yield",
    process_time: Any = "process_time",
    rate: Any = "rate",
    servers: Any = "servers",
    availability: Any = "availability",
    setup_time: Any = "setup_time",
    batch_size: Any = "batch_size",
) -> MixCapacityResult:
    r"""The capacity of a process shared by several products when the mix is free.

    Each product has its own routing graph over shared stations (the same node names). The
    release rates that maximize (value-weighted) good output, with no station loaded beyond
    its capacity and no product beyond its demand, solve a linear program; its dual prices
    say what one more unit of capacity at each station is worth. With a fixed mix, use
    :func:`bottleneck` with ``mix=``; with prices and material costs per product (throughput
    accounting), :func:`product_mix`.

    Parameters
    ----------
    graphs : mapping product -> networkx.DiGraph
        One process graph per product (schema: :mod:`opsmodels.process`), each with a single
        source where its units are released. Station attributes (process time, servers, ...)
        are read from each product's own graph. Not modified.
    demand : mapping or Series product -> float, optional
        Upper bound on each product's release rate (>= 0; ``inf`` for none). Default: none.
    value : mapping or Series product -> float, optional
        Weight of one good unit of each product in the objective (e.g. throughput per unit);
        default 1 (maximize the total good output).
    probability, yield_, process_time, rate, servers, availability, setup_time, batch_size
        Attribute names, as in :func:`opsmodels.process.arrival_rates`.

    Returns
    -------
    MixCapacityResult

    Raises
    ------
    InvalidInputError
        For an empty mapping, a graph that fails the process-graph checks or has no single
        source, or demand/value that miss a product or hold bad numbers.

    Notes
    -----
    With :math:`L_{ij}` the load of station *i* per unit of product *j* released (visit ratio
    times effective process time over servers, from the product's graph alone) and
    :math:`y_j` the good fraction,

    .. math::

        \max_x \sum_j v_j y_j x_j \quad \text{s.t.} \quad \sum_j L_{ij} x_j \le 1 \;\forall i,
        \quad 0 \le x_j \le d_j,

    solved by HiGHS (``scipy.optimize.linprog``). A single product gives the graph's capacity
    :math:`1/\max_i L_i` (the bottleneck's), and the P&Q problem of Goldratt (1990) gives the
    throughput-optimal mix. The objective is ``inf`` when a product with positive value loads
    no station and has no demand bound.

    References
    ----------
    .. [1] Hopp, W. J., & Spearman, M. L. (2008). *Factory Physics* (3rd ed.). McGraw-Hill,
       ch. 7 (capacity of multi-product lines).
    .. [2] Goldratt, E. M. (1990). *The Haystack Syndrome*. North River Press (the P&Q problem).

    Examples
    --------
    >>> import networkx as nx
    >>> def line(times):
    ...     g = nx.DiGraph([("A", "B")])
    ...     nx.set_node_attributes(g, times, "process_time")
    ...     return g
    >>> r = mix_capacity({"p": line({"A": 1.0, "B": 2.0}), "q": line({"A": 2.0, "B": 1.0})})
    >>> r.release_rates.round(4).to_dict()
    {'p': 0.3333, 'q': 0.3333}
    >>> r.constraints
    ['A', 'B']
    """
    if not isinstance(graphs, Mapping) or not graphs:
        raise invalid(_FUNC, "graphs", "a non-empty mapping product -> DiGraph", graphs)
    names = {
        "probability": probability,
        "yield_": yield_,
        "process_time": process_time,
        "rate": rate,
        "servers": servers,
        "availability": availability,
        "setup_time": setup_time,
        "batch_size": batch_size,
    }
    products = list(graphs)
    loads: dict[Any, pd.Series] = {}
    good = np.empty(len(products))
    for k, p in enumerate(products):
        g = graphs[p]
        if not isinstance(g, nx.DiGraph):
            raise invalid(_FUNC, "graphs", f"DiGraphs (for product {p!r})", g)
        _, _, loads[p], _, good[k] = _unit_loads(_FUNC, g, None, names)
    load = pd.DataFrame(loads).fillna(0.0)
    bound = (
        np.full(len(products), np.inf)
        if demand is None
        else _by_product("demand", demand, products, 0.0)
    )
    weight = (
        np.ones(len(products)) if value is None else _by_product("value", value, products, -np.inf)
    )
    if np.isinf(load.to_numpy()).any():
        raise invalid(
            _FUNC,
            "graphs",
            "routings whose units all leave (no rework loop without exit)",
            "<a product with an infinite load>",
        )
    coef = weight * good
    free = (load.to_numpy() <= 0).all(axis=0) & np.isinf(bound) & (coef > 0)
    if free.any():  # the LP is unbounded: report it as inf rather than failing
        rates = pd.Series(np.where(free, np.inf, 0.0), index=products, dtype=float)
        return MixCapacityResult(
            release_rates=rates,
            good_output=rates * good,
            objective=np.inf,
            utilization=pd.Series(0.0, index=load.index),
            load_per_unit=load,
            constraints=[],
            shadow_prices=pd.Series(0.0, index=load.index),
            demand_limited=[],
        )
    upper: list[float | None] = [None if np.isinf(b) else float(b) for b in bound]
    res = linprog(
        -coef,
        A_ub=load.to_numpy(dtype=float),
        b_ub=np.ones(len(load)),
        bounds=[(0.0, u) for u in upper],
        method="highs",
    )
    x = np.clip(np.asarray(res.x, dtype=float), 0.0, None)
    prices = pd.Series(-np.asarray(res.ineqlin.marginals, dtype=float) + 0.0, index=load.index)
    prices = prices.clip(lower=0.0)
    util = pd.Series(load.to_numpy() @ x, index=load.index)
    order = np.argsort(-np.round(prices.to_numpy(), 12), kind="stable")
    binding = [load.index[k] for k in order if prices.iloc[k] > _TOL and util.iloc[k] >= 1 - 1e-7]
    rates = pd.Series(x, index=products, dtype=float)
    return MixCapacityResult(
        release_rates=rates,
        good_output=rates * good,
        objective=float(coef @ x),
        utilization=util,
        load_per_unit=load,
        constraints=binding,
        shadow_prices=prices,
        demand_limited=[
            p
            for p, xi, b in zip(products, x, bound, strict=True)
            if np.isfinite(b) and xi >= b - 1e-9 * max(1.0, b)
        ],
    )
