"""Inventory closed forms against the plain numpy expression of the same formula (and stockpyl).

* EOQ over 10 million SKUs: ``eoq(D, K, h)`` vs ``q = sqrt(2KD/h); q/D; h q``.
* Normal newsvendor over 10 million SKUs: ``newsvendor(h, p, Normal(mu, sigma))`` vs
  ``z = ndtri(p/(p+h)); mu + sigma z; (h+p) sigma phi(z)``.
* Reorder point by cycle service level over 10 million SKUs vs ``mu L + z sigma sqrt(L)``.
* Fill-rate reorder points (loss-function inversion) over 1 million SKUs: time per SKU.
* Poisson quantiles over 1 million SKUs vs ``scipy.stats.poisson.ppf``.
* stockpyl (if importable, e.g. run with ``/work/peers/bin/python``): its scalar EOQ and normal
  newsvendor over 20,000 SKUs in a loop, compared per SKU.

Run by hand: ``python benchmarks/bench_inventory.py`` (prints ours/floor and ours/peer ratios).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from scipy import special, stats

sys.path.insert(0, str(Path(__file__).parent))
from _harness import best_time, report

from opsmodels.inventory import Normal, Poisson, eoq, newsvendor, reorder_point, rq_policy

N = 10_000_000


def main() -> None:
    rng = np.random.default_rng(0)
    demand = rng.uniform(100.0, 10_000.0, N)
    order_cost = rng.uniform(5.0, 50.0, N)
    hold = rng.uniform(0.1, 5.0, N)

    def eoq_floor() -> None:
        q = np.sqrt(2.0 * order_cost * demand / hold)
        q / demand
        hold * q

    floor = best_time(eoq_floor)
    ours = best_time(lambda: eoq(demand, order_cost, hold))
    report("eoq, 1e7 SKUs", ours, floor)

    mu = rng.uniform(10.0, 500.0, N)
    sigma = mu * rng.uniform(0.1, 0.5, N)
    short = rng.uniform(0.5, 20.0, N)

    def newsvendor_floor() -> None:
        z = special.ndtri(short / (short + hold))
        mu + sigma * z
        (hold + short) * sigma * np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)

    floor = best_time(newsvendor_floor, repeat=3)
    ours = best_time(lambda: newsvendor(hold, short, Normal(mu, sigma)), repeat=3)
    report("normal newsvendor, 1e7 SKUs, per-SKU costs", ours, floor)

    def newsvendor_floor_scalar() -> None:
        z = special.ndtri(0.9)
        mu + sigma * z
        10.0 * sigma * np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)

    floor = best_time(newsvendor_floor_scalar, repeat=3)
    ours = best_time(lambda: newsvendor(1.0, 9.0, Normal(mu, sigma)), repeat=3)
    report("normal newsvendor, 1e7 SKUs, common costs", ours, floor)

    lead = rng.uniform(1.0, 8.0, N)
    alpha = rng.uniform(0.8, 0.99, N)

    def rop_floor() -> None:
        mu * lead + special.ndtri(alpha) * sigma * np.sqrt(lead)

    floor = best_time(rop_floor, repeat=3)
    ours = best_time(
        lambda: reorder_point(Normal(mu, sigma), lead, cycle_service_level=alpha), repeat=3
    )
    report("reorder point (cycle service level), 1e7 SKUs", ours, floor)

    m = 1_000_000
    t = best_time(
        lambda: reorder_point(
            Normal(mu[:m], sigma[:m]), lead[:m], fill_rate=alpha[:m], order_quantity=mu[:m] * 4
        ),
        repeat=3,
    )
    print(f"reorder point (fill rate, Newton on log L), 1e6 SKUs: {t * 1e3:.1f} ms")

    means = rng.uniform(1.0, 100.0, m)
    q = rng.uniform(0.5, 0.999, m)
    scipy_time = best_time(lambda: stats.poisson.ppf(q, means), repeat=2)
    ours = best_time(lambda: Poisson(means).ppf(q), repeat=3)
    report(
        "Poisson ppf, 1e6 SKUs (means 1-100)",
        ours,
        scipy_time,
        None,
    )
    print("  (floor here is scipy.stats.poisson.ppf)")

    rq_means = np.linspace(1.0, 100.0, 1000)
    rq_time = best_time(lambda: rq_policy(1.0, 9.0, 64.0, Poisson(rq_means), 1.0), repeat=3)
    print(f"exact Poisson (r,Q), 1000 SKUs (means 1-100, K=64, h=1, p=9): {rq_time * 1e3:.1f} ms")
    normal_rq = best_time(
        lambda: rq_policy(1.0, 9.0, 64.0, Normal(rq_means * 10, rq_means), 1.0), repeat=3
    )
    print(f"exact normal (r,Q), 1000 SKUs: {normal_rq * 1e3:.1f} ms")

    try:
        from stockpyl.eoq import economic_order_quantity
        from stockpyl.newsvendor import newsvendor_normal
        from stockpyl.rq import r_q_poisson_exact
    except Exception:  # stockpyl lives in a separate venv
        print("stockpyl not importable: peer ratios skipped")
        return
    peer_rq = best_time(lambda: r_q_poisson_exact(1.0, 9.0, 64.0, 10.0, 1.0), repeat=3)
    ours_rq = best_time(lambda: rq_policy(1.0, 9.0, 64.0, Poisson(10.0), 1.0), repeat=3)
    print(
        f"exact Poisson (r,Q), mean 10: stockpyl {peer_rq * 1e3:.1f} ms per SKU, ours "
        f"{ours_rq * 1e3:.2f} ms alone, {rq_time / 1000 * 1e3:.3f} ms per SKU in the batch "
        f"of 1000 (peer/ours per SKU {peer_rq / (rq_time / 1000):.0f}x)"
    )
    k = 20_000

    def peer_eoq() -> None:
        for j in range(k):
            economic_order_quantity(order_cost[j], hold[j], demand[j])

    def peer_nv() -> None:
        for j in range(k):
            newsvendor_normal(hold[j], short[j], mu[j], sigma[j])

    for name, peer_loop, ours_call, floor_call in (
        ("eoq", peer_eoq, lambda: eoq(demand, order_cost, hold), eoq_floor),
        (
            "normal newsvendor",
            peer_nv,
            lambda: newsvendor(hold, short, Normal(mu, sigma)),
            newsvendor_floor,
        ),
    ):
        peer = best_time(peer_loop, repeat=2) / k
        ours = best_time(ours_call, repeat=3) / N
        floor = best_time(floor_call, repeat=3) / N
        print(
            f"{name} per SKU: ours {ours * 1e9:.1f} ns, floor {floor * 1e9:.1f} ns, "
            f"stockpyl {peer * 1e9:.0f} ns (Python loop of {k}), ours/peer {ours / peer:.5f}"
        )


def multi_echelon() -> None:
    """Serial Clark-Scarf, GSM on trees, METRIC and simulation (section of the multi-echelon
    and simulation engineer); stockpyl's serial solver fails on numpy 2 (the copy keyword),
    its GSM tree DP is timed when importable."""
    import networkx as nx

    from opsmodels.inventory import (
        BaseStock,
        distribution_base_stock,
        gsm_tree,
        serial_base_stock,
        simulate,
    )

    example = ([3.0, 2.0, 2.0], 37.12, Normal(5.0, 1.0), [1, 1, 2])
    t = best_time(lambda: serial_base_stock(*example), repeat=5)
    fine = serial_base_stock(*example, step=0.0005).expected_cost
    err = abs(serial_base_stock(*example).expected_cost - fine)
    print(
        f"serial Clark-Scarf, 3 stages (S&S Example 6.1): {t * 1e3:.1f} ms, |cost error| {err:.1e}"
    )
    t = best_time(lambda: serial_base_stock([1.0] * 10, 50.0, Poisson(20.0), [2] * 10), repeat=3)
    print(f"serial Clark-Scarf, 10 stages, Poisson(20) (exact, unit grid): {t * 1e3:.1f} ms")

    rng = np.random.default_rng(0)

    def tree(size: int) -> nx.DiGraph[int]:
        graph: nx.DiGraph[int] = nx.DiGraph(nx.bfs_tree(nx.random_labeled_tree(size, seed=1), 0))
        for node in graph:
            graph.nodes[node]["processing_time"] = int(rng.integers(0, 3))
            graph.nodes[node]["holding_cost"] = 1.0 + graph.in_degree(node)
            if graph.out_degree(node) == 0:
                graph.nodes[node]["demand_std"] = 1.0
        return graph

    for size in (1_000, 10_000):
        graph = tree(size)
        t = best_time(lambda: gsm_tree(graph, z=1.645), repeat=2)  # noqa: B023
        print(f"GSM tree DP, {size} nodes (random distribution tree): {t:.2f} s")
    size = 300
    graph = tree(size)
    try:
        from stockpyl.demand_source import DemandSource
        from stockpyl.gsm_tree import optimize_committed_service_times
        from stockpyl.supply_chain_network import SupplyChainNetwork
        from stockpyl.supply_chain_node import SupplyChainNode
    except Exception:
        print("stockpyl not importable: GSM peer ratio skipped")
    else:
        network = SupplyChainNetwork()
        nodes = {}
        for node in graph.nodes:
            data = graph.nodes[node]
            nodes[node] = SupplyChainNode(
                index=node + 1,
                network=network,
                processing_time=data["processing_time"],
                local_holding_cost=data["holding_cost"],
                demand_bound_constant=1.645,
                external_inbound_cst=0,
                external_outbound_cst=0 if graph.out_degree(node) == 0 else None,
            )
            if graph.out_degree(node) == 0:
                nodes[node].demand_source = DemandSource(type="N", mean=0, standard_deviation=1.0)
            network.add_node(nodes[node])
        for a, b in graph.edges:
            network.add_edge(a + 1, b + 1)
        start = time.perf_counter()
        _, peer_cost = optimize_committed_service_times(network)
        peer = time.perf_counter() - start
        ours_result = gsm_tree(graph, z=1.645)
        ours = best_time(lambda: gsm_tree(graph, z=1.645), repeat=2)
        print(
            f"GSM tree, {size} nodes: ours {ours:.2f} s, stockpyl {peer:.2f} s, ours/peer "
            f"{ours / peer:.3f}; costs {ours_result.total_cost:.4f} vs {peer_cost:.4f}"
        )

    t = best_time(
        lambda: distribution_base_stock(
            rng.uniform(0.5, 5.0, 100),
            2.0,
            5.0,
            warehouse_holding_cost=1.0,
            retailer_holding_costs=1.5,
            shortage_costs=20.0,
        ),
        repeat=3,
    )
    print(f"distribution (Graves two-moment), 1 warehouse x 100 retailers: {t * 1e3:.1f} ms")

    skus = 1_000
    means = rng.uniform(5.0, 50.0, skus)
    levels = newsvendor(1.0, 9.0, Poisson(means), lead_time=2).order_up_to
    t = best_time(
        lambda: simulate(
            BaseStock(levels),
            Poisson(means),
            periods=1_000,
            lead_time=2,
            holding_cost=1.0,
            shortage_cost=9.0,
            replications=20,
            rng=0,
        ),
        repeat=2,
    )
    cells = skus * 20 * 1_100
    print(
        f"simulate base stock, {skus} SKUs x 20 replications x 1,100 periods: {t:.2f} s "
        f"({t / cells * 1e9:.0f} ns per SKU-replication-period)"
    )


def _python_ss(h: float, p: float, k: float, mean: float) -> tuple[int, int, float]:
    """A per-SKU pure-Python Zheng-Federgruen search (cost of each candidate from scratch,
    the textbook way), the baseline the brief compares the batched search with."""
    import math

    top = int(mean + 12 * math.sqrt(mean) + 30)
    pmf = [math.exp(-mean + j * math.log(mean) - math.lgamma(j + 1)) for j in range(top + 1)]

    def g(y: int) -> float:
        return sum(pj * (h * max(y - j, 0) + p * max(j - y, 0)) for j, pj in enumerate(pmf))

    def cost(s: int, big: int) -> float:
        m = [1.0 / (1.0 - pmf[0])]
        for j in range(1, big - s):
            m.append(sum(pmf[i] * m[j - i] for i in range(1, min(j, top) + 1)) / (1.0 - pmf[0]))
        return (k + sum(m[j] * g(big - j) for j in range(big - s))) / sum(m)

    ystar = min(range(top + 1), key=g)
    s = ystar - 1
    while cost(s, ystar) > g(s):
        s -= 1
    best_s, best_big, best = s, ystar, cost(s, ystar)
    big = ystar + 1
    while g(big) <= best:
        c = cost(s, big)
        if c < best:
            best_big = big
            while cost(s, best_big) <= g(s + 1):
                s += 1
            best_s, best = s, cost(s, best_big)
        big += 1
    return best_s, best_big, best


def policies_and_lot_sizing() -> None:
    """(s,S), finite-horizon and lot-sizing timings (brief O)."""
    from opsmodels.inventory import (
        abc_classes,
        croston,
        finite_horizon_dp,
        ss_policy,
        wagner_whitin,
    )

    means = np.linspace(1.0, 100.0, 1000)
    ours = best_time(lambda: ss_policy(1.0, 9.0, 64.0, Poisson(means)), repeat=3)
    sample = means[::50]  # 20 SKUs spread over the same range
    start = time.perf_counter()
    for mean in sample:
        _python_ss(1.0, 9.0, 64.0, float(mean))
    python_per_sku = (time.perf_counter() - start) / sample.size
    print(
        f"exact Poisson (s,S), 1000 SKUs (means 1-100, K=64, h=1, p=9): {ours * 1e3:.0f} ms, "
        f"{ours / 1000 * 1e3:.3f} ms per SKU; per-SKU pure-Python Zheng-Federgruen "
        f"{python_per_sku * 1e3:.0f} ms per SKU (ratio {python_per_sku / (ours / 1000):.0f}x)"
    )
    big = best_time(lambda: ss_policy(1.0, 9.0, 64.0, Poisson(10_000.0)), repeat=3)
    print(f"exact Poisson (s,S), mean 10,000: {big * 1e3:.1f} ms")
    try:
        from stockpyl.ss import s_s_discrete_exact
    except Exception:
        print("stockpyl not importable: (s,S) peer ratio skipped")
    else:
        peer = best_time(lambda: s_s_discrete_exact(1, 9, 64, True, 10), repeat=3)
        print(
            f"(s,S) mean 10: stockpyl {peer * 1e3:.0f} ms per SKU, ours "
            f"{ours / 1000 * 1e3:.3f} ms per SKU in the batch (peer/ours {peer / (ours / 1000):.0f}x)"
        )
    rng = np.random.default_rng(0)
    demand = rng.integers(0, 200, (10_000, 52)).astype(float)
    t = best_time(lambda: wagner_whitin(demand, 300.0, 1.0), repeat=3)
    print(f"Wagner-Whitin, 10,000 SKUs x 52 periods: {t:.2f} s")
    history = rng.poisson(0.3, (100_000, 104)).astype(float)
    t = best_time(lambda: croston(history), repeat=3)
    print(f"Croston, 100,000 SKUs x 104 periods: {t * 1e3:.0f} ms")
    values = rng.lognormal(3.0, 1.5, 10_000_000)
    t = best_time(lambda: abc_classes(values), repeat=3)
    print(f"ABC classes, 1e7 items: {t:.2f} s")
    t = best_time(
        lambda: finite_horizon_dp(1.0, 20.0, Poisson(np.full(52, 100.0)), ordering_cost=50.0),
        repeat=3,
    )
    print(f"finite-horizon DP, 52 periods, Poisson(100): {t * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
    multi_echelon()
    policies_and_lot_sizing()
