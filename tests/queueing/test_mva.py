"""Exact MVA: Hopp & Spearman's practical worst case, the product form summed state by state,
laws (Little, monotone bounded throughput), scale and bad input."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.queueing import mva


def test_practical_worst_case_penny_fab() -> None:
    """Hopp & Spearman, Factory Physics, 3rd ed., section 7.3: a balanced line of single
    exponential machines is the practical worst case, TH(w) = w rb/(W0 + w - 1), CT(w) =
    T0 + (w - 1)/rb. Penny Fab One: four stations of 2 h, rb = 0.5/h, T0 = 8 h, W0 = 4."""
    r = mva([2.0, 2.0, 2.0, 2.0], 1, 12)
    w = np.arange(1, 13)
    np.testing.assert_allclose(r.throughput, w * 0.5 / (4 + w - 1), rtol=1e-14)
    np.testing.assert_allclose(r.response_time, 8.0 + (w - 1) / 0.5, rtol=1e-14)


def _product_form(demands: list[float], servers: list[float], n: int) -> tuple[float, np.ndarray]:
    """Throughput and queue lengths by summing the product-form distribution state by state."""

    def factor(d: float, m: float, k: int) -> float:
        if math.isinf(m):
            return d**k / math.factorial(k)
        return math.prod(d / min(j, m) for j in range(1, k + 1))

    def moments(pop: int) -> tuple[float, np.ndarray]:
        g, q = 0.0, np.zeros(len(demands))
        for state in itertools.product(range(pop + 1), repeat=len(demands)):
            if sum(state) != pop:
                continue
            weight = math.prod(
                factor(d, m, k) for d, m, k in zip(demands, servers, state, strict=True)
            )
            g += weight
            q += weight * np.array(state)
        return g, q / g

    g_prev, _ = moments(n - 1)
    g, q = moments(n)
    return g_prev / g, q


@pytest.mark.parametrize("n", [1, 2, 5, 7])
def test_multi_server_and_delay_against_product_form(n: int) -> None:
    """Load-dependent MVA (Reiser & Lavenberg 1980; Bolch et al., Queueing Networks and Markov
    Chains, 2nd ed., section 8.2) against the product-form solution summed state by state:
    a single server, a 4-server and a 2-server station and a delay station."""
    demands = [1.0, 3.0, 2.0, 1.5]
    servers = [1, 4, 2, math.inf]
    r = mva(demands, np.array(servers, dtype=float), n)
    x, q = _product_form(demands, servers, n)
    assert r.throughput[-1] == pytest.approx(x, rel=1e-12)
    np.testing.assert_allclose(r.queue_lengths[-1], q, rtol=1e-11)


def test_think_time_is_a_delay_station() -> None:
    a = mva([1.0, 2.0], 1, 6, think_time=5.0)
    b = mva([1.0, 2.0, 5.0], np.array([1.0, 1.0, np.inf]), 6)
    np.testing.assert_allclose(a.throughput, b.throughput, rtol=1e-14)
    np.testing.assert_allclose(a.population, a.throughput * (a.response_time + 5.0), rtol=1e-13)


def test_machine_repairman() -> None:
    """M/M/1//N (Kleinrock vol. 1, section 3.10): 3 machines, mean up time 4, repair 1:
    p0 = 1/Σ_k N!/(N-k)! (1/4)^k and throughput = (1 - p0)/1."""
    terms = [math.factorial(3) / math.factorial(3 - k) * 0.25**k for k in range(4)]
    p0 = 1 / sum(terms)
    r = mva([1.0], 1, 3, think_time=4.0)
    assert r.throughput[-1] == pytest.approx(1 - p0, rel=1e-14)


def test_scale_10000_jobs_100_stations() -> None:
    demands = np.linspace(0.01, 1.0, 100)
    r = mva(demands, 1, 10_000)
    assert r.queue_lengths.shape == (10_000, 100)
    assert r.throughput[-1] == pytest.approx(1.0, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(
    demands=st.lists(st.floats(0.01, 5.0), min_size=1, max_size=6),
    servers=st.lists(st.sampled_from([1.0, 1.0, 2.0, 3.0, 8.0, math.inf]), min_size=6, max_size=6),
    n=st.integers(1, 60),
    think=st.floats(0.0, 10.0),
)
def test_mva_laws(demands: list[float], servers: list[float], n: int, think: float) -> None:
    d = np.array(demands)
    m = np.array(servers[: d.size])
    r = mva(d, m, n, think_time=think)
    x = r.throughput
    assert np.all(np.diff(x) >= -1e-12 * x[1:])  # nondecreasing in the population
    queueing = np.isfinite(m)
    if queueing.any():
        assert np.all(x <= 1 / np.max(d[queueing] / m[queueing]) * (1 + 1e-12))
    np.testing.assert_allclose(r.population, x * (r.response_time + think), rtol=1e-10)
    np.testing.assert_allclose(r.queue_lengths.sum(axis=1) + x * think, r.population, rtol=1e-10)
    assert np.all(r.utilization <= 1 + 1e-9)
    assert np.all(r.utilization >= 0)
    assert r.utilization.shape == d.shape


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"demands": [1.0, -1.0]}, "demands"),
        ({"demands": [0.0, 0.0]}, "demands"),
        ({"demands": [[1.0, 2.0]]}, "demands"),
        ({"servers": [1, 2, 3]}, "servers"),
        ({"servers": 0}, "servers"),
        ({"servers": 1.5}, "servers"),
        ({"population": 0}, "population"),
        ({"population": 2.5}, "population"),
        ({"think_time": -1.0}, "think_time"),
    ],
)
def test_bad_input(kwargs: dict[str, object], name: str) -> None:
    call: dict[str, object] = {"demands": [1.0, 2.0], "servers": 1, "population": 3}
    call.update(kwargs)
    with pytest.raises(InvalidInputError, match=name):
        mva(**call)  # type: ignore[arg-type]


def test_multi_server_near_saturation_is_stable() -> None:
    """The original load-dependent recursion computes p(0|n) as 1 − Σ p(j|n), which loses all
    accuracy near saturation (here throughput fell from 15.8 to 13 as the population grew);
    the complementary-network product keeps it exact: monotone, towards the bound 16, and
    the queues of the two equally fast stations balance."""
    r = mva([1.0, 0.0625], np.array([16.0, 1.0]), 2000)
    x = r.throughput
    assert np.all(np.diff(x) >= 0)
    assert 15.99 < x[-1] <= 16.0
    q = r.queue_lengths[-1]
    assert abs(q[0] - q[1]) < 0.05 * q.sum()
    x100, q100 = _product_form([1.0, 0.0625], [16, 1], 40)
    assert r.throughput[39] == pytest.approx(x100, rel=1e-10)
    np.testing.assert_allclose(r.queue_lengths[39], q100, rtol=1e-9)


def test_many_multi_server_stations_fall_back_to_the_utilization_law(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Above the complementary-network limit, p(0|n) comes from the utilization law; away
    from saturation it matches the stable form."""
    from opsmodels.queueing import _mva

    demands = [1.0, 3.0, 2.0, 0.5]
    servers = np.array([1.0, 4.0, 2.0, 3.0])
    stable = mva(demands, servers, 8)
    monkeypatch.setattr(_mva, "_MAX_STABLE_MULTI", 0)
    fallback = mva(demands, servers, 8)
    np.testing.assert_allclose(fallback.throughput, stable.throughput, rtol=1e-10)
    np.testing.assert_allclose(fallback.queue_lengths, stable.queue_lengths, rtol=1e-10)


def test_to_frame_is_one_row_per_population_even_when_stations_equal_population() -> None:
    """With K == N stations, the per-station utilization must not become a column."""
    r = mva([1.0, 2.0, 3.0], 1, 3)
    frame = r.to_frame()
    assert list(frame.columns) == ["throughput", "response_time"]
    assert list(frame.index) == [1, 2, 3]
    assert frame.index.name == "population"
