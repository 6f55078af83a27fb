"""Erlang B, C and A: published and exactly computable values, laws, bad input."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from opsmodels.errors import InvalidInputError
from opsmodels.queueing import erlang_a, erlang_b, erlang_c


def _b_mp(a: float, n: int) -> float:
    """Erlang B in 50-digit arithmetic: A^N e^-A / Γ(N+1, A)."""
    with mpmath.workdps(50):
        a_mp = mpmath.mpf(a)
        return float(a_mp**n * mpmath.exp(-a_mp) / mpmath.gammainc(n + 1, a_mp))


def test_erlang_b_table_values() -> None:
    """Erlang B tables (e.g. Gross, Shortle, Thompson & Harris, Fundamentals of Queueing
    Theory, 4th ed., section 2.5; Bolch et al., Queueing Networks and Markov Chains, 2nd ed.,
    section 6.2): B(10, 5 E) = 0.01838, B(10, 10 E) = 0.2146, B(3, 2 E) = 4/19."""
    assert erlang_b(5.0, 10) == pytest.approx(0.018385, abs=5e-7)
    assert erlang_b(10.0, 10) == pytest.approx(0.214582, abs=5e-7)
    assert erlang_b(2.0, 3) == pytest.approx(4.0 / 19.0, rel=1e-14)
    assert erlang_b(3.0, 0) == 1.0
    assert erlang_b(0.0, 4) == 0.0


def test_erlang_b_exact_to_1e12_up_to_10000_servers() -> None:
    """Against 50-digit arithmetic, servers 1..10,000, light to heavy load."""
    cases = [(0.5, 1), (7.3, 12), (95.0, 100), (480.0, 500), (9500.0, 10_000), (12_000.0, 10_000)]
    a = np.array([c[0] for c in cases])
    n = np.array([c[1] for c in cases])
    ours = erlang_b(a, n)
    expected = np.array([_b_mp(x, k) for x, k in cases])
    np.testing.assert_allclose(ours, expected, rtol=1e-12)
    for (x, k), e in zip(cases, expected, strict=True):  # scalar path too
        assert erlang_b(x, k) == pytest.approx(e, rel=1e-12)


def test_erlang_c_exact_values() -> None:
    """C(3, 2 E) = 4/9 (Gross et al., 4th ed., section 2.3, by hand); C = 1 at A >= N; and the
    large case against 50-digit arithmetic through C = N B/(N - A(1 - B))."""
    assert erlang_c(2.0, 3) == pytest.approx(4.0 / 9.0, rel=1e-14)
    np.testing.assert_array_equal(erlang_c([3.0, 4.0], 3), [1.0, 1.0])
    b = _b_mp(9900.0, 10_000)
    expected = 10_000 * b / (10_000 - 9900.0 * (1 - b))
    assert erlang_c(9900.0, 10_000) == pytest.approx(expected, rel=1e-12)


def test_erlang_c_call_centre_example() -> None:
    """The widely reproduced step-by-step Erlang C example (360 calls per half hour, 4-minute
    calls, 55 agents): traffic intensity A = 48 erlangs, occupancy 0.873; P(wait) checked
    against the textbook definition summed term by term."""
    a, n = 360 / 30 * 4, 55
    assert a == 48.0
    terms = [a**k / math.factorial(k) for k in range(n)]
    top = a**n / math.factorial(n) * n / (n - a)
    expected = top / (sum(terms) + top)
    assert erlang_c(a, n) == pytest.approx(expected, rel=1e-12)
    assert 0.2 < expected < 0.3


def test_kinds_are_kept() -> None:
    s = pd.Series([1.0, 2.0], index=["a", "b"])
    out = erlang_c(s, 3)
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["a", "b"]
    assert isinstance(erlang_b(1.0, 2), float)
    assert erlang_b(np.ones((2, 3)), np.arange(1, 4)).shape == (2, 3)


@settings(max_examples=50, deadline=None)
@given(
    a=st.floats(0.0, 200.0),
    n=st.integers(1, 300),
)
def test_erlang_laws(a: float, n: int) -> None:
    b, c = erlang_b(a, n), erlang_c(a, n)
    assert 0.0 <= b <= 1.0
    assert 0.0 <= c <= 1.0
    assert c >= b - 1e-15
    assert erlang_b(a, n + 1) <= b + 1e-15  # more servers, less blocking


def _erlang_a_brute(lam: float, mu: float, theta: float, n: int, t: float) -> dict[str, float]:
    """The birth-death chain summed state by state (queue truncated far in the tail)."""
    a = lam / mu
    x, y = n * mu / theta, lam / theta
    logs_below = [k * math.log(a) - math.lgamma(k + 1) if a > 0 else 0.0 for k in range(n + 1)]
    j = np.arange(0, 20_000)
    log_tail = (
        logs_below[n] + j * math.log(y) - (special.gammaln(x + j + 1) - special.gammaln(x + 1))
    )
    top = max(max(logs_below), float(np.max(log_tail)))
    p_below = np.exp(np.array(logs_below[:n]) - top)
    p_tail = np.exp(log_tail - top)
    z = p_below.sum() + p_tail.sum()
    p_below, p_tail = p_below / z, p_tail / z
    served_given_j = x / (x + j + 1)
    p_wait = p_tail.sum()
    p_served_waited = float(np.sum(p_tail * served_given_j))
    sl = p_below.sum() + float(
        np.sum(p_tail * served_given_j * special.betainc(j + 1, x + 1, -math.expm1(-theta * t)))
    )
    harmonic = np.cumsum(1.0 / (x + j + 1))
    wait_served = float(np.sum(p_tail * served_given_j * harmonic)) / theta
    p_ab = p_wait - p_served_waited
    return {
        "p_wait": p_wait,
        "p_abandon": p_ab,
        "service_level": sl,
        "asa": wait_served / (1 - p_ab),
        "lq": float(np.sum(p_tail * j)),
    }


@pytest.mark.parametrize(
    ("lam", "mu", "theta", "n", "t"),
    [
        (2.0, 1.0, 1.0, 3, 0.5),
        (9.0, 1.0, 0.5, 10, 0.2),
        (48.0, 1.0, 0.1, 50, 0.25),
        (120.0, 1.0, 0.5, 100, 0.1),  # overloaded: stable through abandonment
        (95.0, 1.0, 0.02, 100, 0.05),
        (0.5, 2.0, 3.0, 1, 1.0),
    ],
)
def test_erlang_a_against_the_birth_death_chain(
    lam: float, mu: float, theta: float, n: int, t: float
) -> None:
    """Erlang A (Garnett, Mandelbaum & Reiman 2002; Palm's M/M/n+M) against the chain summed
    state by state: P(W>0), P(Ab), service level and E[Q] to 1e-10, ASA to 1e-6."""
    r = erlang_a(lam, mu, theta, n, answer_time=t)
    ref = _erlang_a_brute(lam, mu, theta, n, t)
    for field in ("p_wait", "p_abandon", "service_level", "lq"):
        assert getattr(r, field) == pytest.approx(ref[field], rel=1e-9, abs=1e-13), field
    assert r.asa == pytest.approx(ref["asa"], rel=1e-6)
    assert r.lq == pytest.approx(lam * r.wq, rel=1e-12)  # Little
    assert r.wq == pytest.approx(r.p_abandon / theta, rel=1e-12)


def test_erlang_a_theta_equal_mu_is_poisson() -> None:
    """With θ = μ the number in system is Poisson(λ/μ) (M/M/∞): P(W > 0) = P(N >= n)."""
    r = erlang_a(2.0, 1.0, 1.0, 3)
    assert r.p_wait == pytest.approx(1 - 5 * math.exp(-2), rel=1e-12)
    assert r.lq == pytest.approx(-1 + 9 * math.exp(-2), rel=1e-12)


def test_erlang_a_tends_to_erlang_c() -> None:
    """As patience grows (θ → 0) Erlang A tends to Erlang C: P(W>0) -> C, ASA -> C/(Nμ-λ)."""
    lam, n = 50.0, 55
    r = erlang_a(lam, 1.0, 1e-7, n, answer_time=0.5)
    c = erlang_c(lam, n)
    assert r.p_wait == pytest.approx(c, rel=1e-5)
    assert r.asa == pytest.approx(c / (n - lam), rel=1e-4)
    assert r.service_level == pytest.approx(1 - c * math.exp(-(n - lam) * 0.5), rel=1e-5)


def test_erlang_a_large_vectorized() -> None:
    r = erlang_a(np.array([1e4, 2e4]), 1.0, np.array([0.01, 1e-4]), np.array([9990, 19_000]))
    for field in ("p_wait", "p_abandon", "service_level", "asa", "utilization"):
        v = getattr(r, field)
        assert np.all(np.isfinite(v)), field
        assert np.all(v >= 0), field
    assert np.all(r.utilization <= 1)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: erlang_b(-1.0, 3), "traffic"),
        (lambda: erlang_b(1.0, 2.5), "servers"),
        (lambda: erlang_b(np.inf, 2), "traffic"),
        (lambda: erlang_c(1.0, 0), "servers"),
        (lambda: erlang_c([1.0, np.nan], 2), "traffic"),
        (lambda: erlang_a(0.0, 1.0, 1.0, 2), "arrival_rate"),
        (lambda: erlang_a(1.0, -1.0, 1.0, 2), "service_rate"),
        (lambda: erlang_a(1.0, 1.0, 0.0, 2), "abandonment_rate"),
        (lambda: erlang_a(1.0, 1.0, 1.0, 2, answer_time=-1.0), "answer_time"),
        (lambda: erlang_b([1.0, 2.0, 3.0], [1, 2]), "servers"),
    ],
)
def test_bad_input(call: object, name: str) -> None:
    with pytest.raises(InvalidInputError, match=name):
        call()  # type: ignore[operator]


@settings(max_examples=50, deadline=None)
@given(n=st.integers(64, 4000), load=st.floats(0.01, 3.0))
def test_fast_forms_agree_with_recursion(n: int, load: float) -> None:
    """The O(1) Poisson-ratio form and the overload continued fraction (N >= 64) agree with the
    recursion to 1e-12, light load to heavy overload."""
    from opsmodels.queueing._erlang import _erlang_b, _erlang_b_recursion

    a = np.array([n * load])
    k = np.array([float(n)])
    np.testing.assert_allclose(_erlang_b(a, k), _erlang_b_recursion(a, k), rtol=1e-12, atol=1e-300)


def test_light_load_many_servers_against_mpmath() -> None:
    """The hard cases: light load on many servers (tiny B), the cdf's far tail in overload
    (where scipy's pdtr loses digits and the continued fraction takes over), and just past the load."""
    cases = [
        (600.0, 12_000),
        (3000.0, 5000),
        (64.0 * 0.3, 64),
        (7000.0, 7001),
        (5884.3, 3971),
        (4757.8, 2601),
        (10_300.0, 10_000),
        (100.0 * 64, 64),
    ]
    ours = erlang_b(np.array([c[0] for c in cases]), np.array([c[1] for c in cases]))
    expected = np.array([_b_mp(a, n) for a, n in cases])
    np.testing.assert_allclose(ours, expected, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    lam=st.floats(0.1, 300.0),
    theta=st.floats(1e-3, 5.0),
    n=st.integers(1, 300),
    t=st.floats(0.0, 2.0),
)
def test_erlang_a_laws(lam: float, theta: float, n: int, t: float) -> None:
    r = erlang_a(lam, 1.0, theta, n, answer_time=t)
    for field in ("p_wait", "p_abandon", "service_level", "utilization"):
        value = getattr(r, field)
        assert 0.0 <= value <= 1.0, field
    assert r.p_abandon <= r.p_wait + 1e-12
    assert r.asa >= 0.0
    assert r.lq == pytest.approx(lam * r.wq, rel=1e-12, abs=1e-300)
    assert r.throughput == pytest.approx(r.utilization * n, rel=1e-9)
    more = erlang_a(lam, 1.0, theta, n + 1, answer_time=t)
    assert more.service_level >= r.service_level - 1e-9  # service level increasing in agents
    assert more.p_abandon <= r.p_abandon + 1e-12
