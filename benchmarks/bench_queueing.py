"""Queueing models against plain numpy/scipy floors doing the same arithmetic.

* Erlang C over 100,000 items with 5,000-10,000 servers: ``erlang_c`` vs the bare Poisson
  ratio ``exp(poisson.logpmf(N, A))/pdtr(N, A)`` turned into C (less exact: its log pmf
  cancels; and in overload its pdtr loses digits), overloaded, and a batch of 50-400 servers
  near the load (partly on the recursion path).
* Erlang B over the same 100,000 items in overload (the ratio form and, in the cdf's far tail
  where pdtr loses digits, the continued fraction).
* Erlang C at 10,000 servers, one scalar call.
* Staffing over 100,000 half-hour intervals (80/20 target, ASA and occupancy caps): the whole
  search vs a single vectorized Erlang C evaluation at one agent count per interval (so the
  ratio is the cost of the search in units of one evaluation).
* Exact MVA, population 10,000 over 100 single-server stations vs the bare numpy loop of the
  single-server recursion; and with two multi-server stations (stable p(0|n)).
* Jackson network on a 100,000-station line with rework loops vs scipy's spsolve alone.

Run by hand: ``python benchmarks/bench_queueing.py`` (prints ours/floor ratios).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy import special, stats

sys.path.insert(0, str(Path(__file__).parent))
from _harness import best_time, report

from opsmodels.queueing import erlang_b, erlang_c, jackson_network, mva, staffing


def _erlang_c_floor(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    b = np.exp(stats.poisson.logpmf(n, a)) / special.pdtr(n, a)
    return n * b / (n - a * (1.0 - b))


def main() -> None:
    rng = np.random.default_rng(0)

    n = rng.integers(5000, 10_001, 100_000).astype(np.float64)
    a = n * rng.uniform(0.8, 0.99, n.size)
    floor = best_time(lambda: _erlang_c_floor(a, n))
    ours = best_time(lambda: erlang_c(a, n))
    report("erlang_c, 1e5 items, 5,000-10,000 servers", ours, floor)

    over = a * rng.uniform(1.0, 1.3, a.size) / 0.9
    floor = best_time(lambda: _erlang_c_floor(over, n))
    ours = best_time(lambda: erlang_c(over, n))
    report("erlang_c, 1e5 items, 5,000-10,000 servers, overloaded", ours, floor)

    def erlang_b_floor() -> None:
        np.exp(stats.poisson.logpmf(n, over)) / special.pdtr(n, over)

    floor = best_time(erlang_b_floor)
    ours = best_time(lambda: erlang_b(over, n))
    report("erlang_b, 1e5 items, 5,000-10,000 servers, overloaded", ours, floor)

    n_small = rng.integers(50, 400, 10_000).astype(np.float64)
    a_over = n_small * rng.uniform(0.9, 1.5, n_small.size)
    floor = best_time(lambda: _erlang_c_floor(a_over, n_small))
    ours = best_time(lambda: erlang_c(a_over, n_small))
    report("erlang_c, 1e4 items, 50-400 servers near/over load", ours, floor)

    floor = best_time(lambda: _erlang_c_floor(np.array([9900.0]), np.array([10_000.0])))
    ours = best_time(lambda: erlang_c(9900.0, 10_000))
    report("erlang_c, one call at 10,000 servers", ours, floor)

    lam = rng.uniform(0.0, 2.0, 100_000)  # calls per second, 100,000 intervals
    aht = 240.0
    agents_guess = np.floor(lam * aht) + 5.0

    def staffing_floor() -> None:
        _erlang_c_floor(lam * aht, agents_guess)

    floor = best_time(staffing_floor)
    ours = best_time(
        lambda: staffing(
            lam, aht, answer_time=20.0, service_level=0.8, asa=15.0, max_occupancy=0.9
        ),
        repeat=3,
    )
    report("staffing, 1e5 intervals (A up to 480 erlangs)", ours, floor)

    demands = rng.uniform(0.01, 1.0, 100)

    def mva_floor() -> None:
        q = np.zeros(demands.size)
        x_all = np.empty(10_000)
        q_all = np.empty((10_000, demands.size))
        for pop in range(1, 10_001):
            r = demands * (1.0 + q)
            x = pop / r.sum()
            q = x * r
            x_all[pop - 1] = x
            q_all[pop - 1] = q

    floor = best_time(mva_floor, repeat=3)
    ours = best_time(lambda: mva(demands, 1, 10_000), repeat=3)
    report("mva, N = 10,000, 100 single-server stations", ours, floor)
    servers = np.ones(100)
    servers[:2] = [4.0, 16.0]
    ours = best_time(lambda: mva(demands * servers, servers, 10_000), repeat=3)
    report("mva, N = 10,000, 100 stations, 2 multi-server", ours, floor)

    size = 100_000
    i = np.arange(size - 1)
    rows = np.r_[i, i[10:]]
    cols = np.r_[i + 1, i[10:] - 10]
    vals = np.r_[np.full(size - 1, 0.9), np.full(size - 11, 0.05)]
    line = sp.csr_array((vals, (rows, cols)), shape=(size, size))
    gamma = np.zeros(size)
    gamma[0] = 1.0
    mu = np.full(size, 2.0)

    def jackson_floor() -> None:
        spla.spsolve(sp.identity(size, format="csc") - line.T.tocsc(), gamma)

    floor = best_time(jackson_floor, repeat=3)
    ours = best_time(lambda: jackson_network(gamma, line, mu, 1), repeat=3)
    report("jackson_network, 100,000-station line with rework", ours, floor)


if __name__ == "__main__":
    main()
