"""Open networks: Jackson (exact) and QNA (Whitt's linking equations)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.queueing import jackson_network, kingman, mmc, qna_network


def test_jackson_feedback_example() -> None:
    """Jackson's theorem (Kleinrock, Queueing Systems vol. 1, 1975, section 4.8; Bolch et
    al., Queueing Networks and Markov Chains, 2nd ed., section 7.3.4), worked by hand: two
    single servers in series (mu = 2 and 3), a quarter of the jobs return to the first,
    gamma = 1: lambda = 4/3 at both, L = 2 + 0.8, W = 2.8."""
    r = jackson_network([1.0, 0.0], [[0.0, 1.0], [0.25, 0.0]], [2.0, 3.0], [1, 1])
    np.testing.assert_allclose(r.arrival_rates, [4 / 3, 4 / 3], rtol=1e-14)
    np.testing.assert_allclose(r.l, [2.0, 0.8], rtol=1e-13)
    assert r.system_w == pytest.approx(2.8, rel=1e-13)
    assert r.system_w == pytest.approx(float(np.sum(r.visits * r.w)), rel=1e-13)


def test_jackson_three_station_textbook_problems() -> None:
    """Two published three-node problems, answers worked by hand:

    * the open Jackson network lab of health-data-science-OR/stochastic_systems: external
      rates a = (1, 4, 3), p12 = 0.6, p13 = 0.3, p21 = 0.1, p23 = 0.3, p31 = 0.4, p32 = 0.4
      give lambda = (5, 10, 7.5);
    * S. M. Ross, Introduction to Probability Models, chapter 6 exercise (three stations,
      Poisson arrivals 5, 10, 15, exponential service 10, 50, 100; station 1 sends a third to
      2, a third to 3; 2 always to 3; 3 half to 2): lambda = (5, 40, 170/3),
      L = 1 + 4 + 17/13, W = L/30.
    """
    p = np.array([[0.0, 0.6, 0.3], [0.1, 0.0, 0.3], [0.4, 0.4, 0.0]])
    r = jackson_network([1.0, 4.0, 3.0], p, [10.0, 10.0, 10.0], [1, 2, 1])
    np.testing.assert_allclose(r.arrival_rates, [5.0, 10.0, 7.5], rtol=1e-13)
    np.testing.assert_allclose(r.l, [1.0, 4.0 / 3.0, 3.0], rtol=1e-12)
    assert r.system_w == pytest.approx((1.0 + 4.0 / 3.0 + 3.0) / 8.0, rel=1e-12)
    third = 1.0 / 3.0
    p = np.array([[0.0, third, third], [0.0, 0.0, 1.0], [0.0, 0.5, 0.0]])
    r = jackson_network([5.0, 10.0, 15.0], p, [10.0, 50.0, 100.0], 1)
    np.testing.assert_allclose(r.arrival_rates, [5.0, 40.0, 170.0 / 3.0], rtol=1e-13)
    assert r.system_l == pytest.approx(5.0 + 17.0 / 13.0, rel=1e-12)
    assert r.system_w == pytest.approx((5.0 + 17.0 / 13.0) / 30.0, rel=1e-12)


def test_jackson_job_shop_with_multi_servers() -> None:
    """Three multi-server work centres with rework: per node, the M/M/m values at the
    arrival rates of the traffic equations (Jackson's theorem)."""
    gamma = np.array([2.0, 1.0, 0.0])
    p = np.array([[0.0, 0.6, 0.3], [0.0, 0.0, 0.8], [0.1, 0.0, 0.0]])
    mu = np.array([1.5, 1.0, 2.0])
    m = np.array([2, 3, 2])
    r = jackson_network(gamma, p, mu, m)
    lam = np.linalg.solve(np.eye(3) - p.T, gamma)
    np.testing.assert_allclose(r.arrival_rates, lam, rtol=1e-13)
    np.testing.assert_allclose(r.wq, mmc(lam, mu, m).wq, rtol=1e-13)
    np.testing.assert_allclose(r.l, r.arrival_rates * r.w, rtol=1e-13)
    assert r.throughput == 3.0


def test_unstable_node_is_inf() -> None:
    r = jackson_network([1.0, 0.0], [[0.0, 1.0], [0.0, 0.0]], [2.0, 1.0], [1, 1])
    assert np.isinf(r.w[1])
    assert r.system_l == np.inf
    assert r.system_w == np.inf
    assert np.isfinite(r.w[0])
    assert r.to_dict()["system_w"] == "inf"


def test_series_names_nodes() -> None:
    names = pd.Index(["lathe", "mill"])
    r = jackson_network(
        pd.Series([1.0, 0.5], index=names),
        pd.DataFrame([[0.0, 0.5], [0.0, 0.0]], index=names, columns=names),
        pd.Series([3.0, 2.0], index=names),
        1,
    )
    assert list(r.l.index) == ["lathe", "mill"]
    assert list(r.to_frame().index) == ["lathe", "mill"]


def _random_network(n: int, seed: int) -> tuple[np.ndarray, sp.csr_array, np.ndarray]:
    rng = np.random.default_rng(seed)
    rows = np.repeat(np.arange(n), 3)
    cols = rng.integers(0, n, rows.size)
    probs = rng.uniform(0.05, 0.25, rows.size)
    p = sp.csr_array((probs, (rows, cols)), shape=(n, n))
    p.sum_duplicates()
    gamma = rng.uniform(0.0, 1.0, n)
    lam = jackson_network(gamma, p, 1.0, 1).arrival_rates  # the traffic equations only
    mu = lam / rng.uniform(0.3, 0.9, n)
    return gamma, p, mu


def test_large_sparse_network() -> None:
    """10,000 nodes with a sparse, well-mixed routing matrix (where a direct sparse LU fills
    in: about a minute) and a 100,000-station line with rework loops (where Krylov solvers
    crawl), both solved in well under a second; same as dense at 600 nodes."""
    gamma, p, mu = _random_network(10_000, 1)
    r = jackson_network(gamma, p, mu, 1)
    assert np.all(np.isfinite(r.w))
    np.testing.assert_allclose(r.arrival_rates, gamma + p.T @ r.arrival_rates, rtol=1e-10)
    gamma, p, mu = _random_network(600, 2)
    dense = np.linalg.solve(np.eye(600) - p.toarray().T, gamma)
    np.testing.assert_allclose(jackson_network(gamma, p, mu, 1).arrival_rates, dense, rtol=1e-10)
    n = 100_000
    i = np.arange(n - 1)
    rows = np.r_[i, i[10:]]
    cols = np.r_[i + 1, i[10:] - 10]
    vals = np.r_[np.full(n - 1, 0.9), np.full(n - 11, 0.05)]
    line = sp.csr_array((vals, (rows, cols)), shape=(n, n))
    start = np.zeros(n)
    start[0] = 1.0
    lam = jackson_network(start, line, 1.0, 1).arrival_rates
    np.testing.assert_allclose(lam, start + line.T @ lam, rtol=1e-10, atol=1e-14)
    q_sparse = qna_network(gamma, p, mu, 1, service_scv=0.5)
    q_dense = qna_network(gamma[:400], p.toarray()[:400, :400], mu[:400] * 2, 1, service_scv=0.5)
    assert np.all(np.isfinite(q_sparse.wq))
    assert np.all(np.isfinite(q_dense.wq))


def test_qna_tandem_line_linking_equation() -> None:
    """Hopp & Spearman, Factory Physics, 3rd ed., section 8.6: in a line the
    departures of station 1 are the arrivals of station 2, c_d^2 = u^2 c_e^2 + (1 - u^2) c_a^2
    (single machines), and each station waits by Kingman's VUT equation."""
    ra, ca2 = 0.4, 2.0
    te = np.array([2.0, 2.2])
    ce2 = np.array([0.5, 1.5])
    r = qna_network(
        [ra, 0.0],
        [[0.0, 1.0], [0.0, 0.0]],
        1 / te,
        1,
        arrival_scv=[ca2, 1.0],
        service_scv=ce2,
        waiting="kingman",
    )
    u = ra * te
    cd2 = u[0] ** 2 * ce2[0] + (1 - u[0] ** 2) * ca2
    np.testing.assert_allclose(r.arrival_scv, [ca2, cd2], rtol=1e-13)
    expected = [kingman(ca2, ce2[0], u[0], te[0]), kingman(cd2, ce2[1], u[1], te[1])]
    np.testing.assert_allclose(r.wq, expected, rtol=1e-13)
    np.testing.assert_allclose(r.w, r.wq + te, rtol=1e-14)


def test_qna_whitt_merge_weights() -> None:
    """Whitt (1983), section 4 (merging): two Poisson streams merging at node 2 stay Poisson
    (c_a^2 = 1), and with exponential service everywhere QNA is the Jackson network."""
    r = qna_network([0.3, 0.2, 0.0], [[0, 0, 1.0], [0, 0, 1.0], [0, 0, 0]], 1.0, 1)
    np.testing.assert_allclose(r.arrival_scv, 1.0, rtol=1e-13)
    low = qna_network(
        [0.3, 0.2, 0.0], [[0, 0, 1.0], [0, 0, 1.0], [0, 0, 0]], 1.0, 1, service_scv=0.0
    )
    assert np.all(low.wq <= r.wq)


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(1, 6),
    seed=st.integers(0, 10_000),
    servers=st.integers(1, 4),
)
def test_qna_with_unit_scvs_is_jackson(n: int, seed: int, servers: int) -> None:
    rng = np.random.default_rng(seed)
    p = rng.uniform(0, 1, (n, n)) * (rng.uniform(size=(n, n)) < 0.5)
    p = p / np.maximum(p.sum(axis=1, keepdims=True), 1.0) * 0.9
    gamma = rng.uniform(0.0, 1.0, n)
    gamma[0] += 0.1
    lam = np.linalg.solve(np.eye(n) - p.T, gamma)
    mu = lam / (servers * rng.uniform(0.2, 0.95, n))
    j = jackson_network(gamma, p, mu, servers)
    q = qna_network(gamma, p, mu, servers)
    np.testing.assert_allclose(q.arrival_scv, 1.0, rtol=1e-9)
    np.testing.assert_allclose(q.wq, j.wq, rtol=1e-9)
    assert q.system_w == pytest.approx(j.system_w, rel=1e-9)
    np.testing.assert_allclose(j.l, j.arrival_rates * j.w, rtol=1e-12)
    assert j.system_l == pytest.approx(j.throughput * j.system_w, rel=1e-12)


GOOD = {
    "external_arrivals": [1.0, 0.0],
    "routing": [[0.0, 0.5], [0.0, 0.0]],
    "service_rates": [2.0, 2.0],
    "servers": [1, 1],
}


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"routing": [[0.0, 0.5, 0.0], [0.0, 0.0, 0.0]]}, "routing"),
        ({"routing": [[0.0, 1.5], [0.0, 0.0]]}, "routing"),
        ({"routing": [[0.0, -0.5], [0.0, 0.0]]}, "routing"),
        ({"routing": [[0.6, 0.5], [0.0, 0.0]]}, "routing"),
        ({"routing": [[0.0, 1.0], [1.0, 0.0]]}, "routing"),
        ({"routing": [[0.0, np.nan], [0.0, 0.0]]}, "routing"),
        ({"external_arrivals": [-1.0, 0.0]}, "external_arrivals"),
        ({"external_arrivals": [0.0, 0.0]}, "external_arrivals"),
        ({"service_rates": [2.0, 0.0]}, "service_rates"),
        ({"service_rates": [2.0, 2.0, 2.0]}, "service_rates"),
        ({"servers": [1, 0]}, "servers"),
    ],
)
def test_bad_input(change: dict[str, object], name: str) -> None:
    for func in (jackson_network, qna_network):
        with pytest.raises(InvalidInputError, match=name):
            func(**{**GOOD, **change})  # type: ignore[arg-type]


def test_qna_bad_options() -> None:
    with pytest.raises(InvalidInputError, match="waiting"):
        qna_network(**GOOD, waiting="whitt")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="service_scv"):
        qna_network(**GOOD, service_scv=-1.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="arrival_scv"):
        qna_network(**GOOD, arrival_scv=[1.0, 1.0, 1.0])  # type: ignore[arg-type]
