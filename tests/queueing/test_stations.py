"""M/M/c, M/M/1, M/M/c/K, M/G/1, M/D/1 and Kingman: textbook values, laws, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.queueing import ggc, kingman, md1, mg1, mm1, mmc, mmck


def test_mm1_textbook() -> None:
    """M/M/1 (Kleinrock, Queueing Systems vol. 1, 1975, section 3.2): rho = 0.75 gives
    L = rho/(1-rho) = 3, W = 1/(mu-lambda) = 4, Lq = rho^2/(1-rho) = 2.25."""
    r = mm1(0.75, 1.0)
    assert (r.l, r.w, r.lq, r.wq, r.p_wait) == pytest.approx((3.0, 4.0, 2.25, 3.0, 0.75))


def test_mmc_textbook() -> None:
    """M/M/c (Gross, Shortle, Thompson & Harris, Fundamentals of Queueing Theory, 4th ed.,
    section 2.3), worked by hand for lambda = 2, mu = 1, c = 3:
    p0 = 1/9, C = 4/9, Lq = 8/9, Wq = 4/9, W = 13/9, L = 26/9."""
    r = mmc(2.0, 1.0, 3)
    expected = (4 / 9, 8 / 9, 4 / 9, 26 / 9, 13 / 9, 2 / 3)
    got = (r.p_wait, r.lq, r.wq, r.l, r.w, r.utilization)
    assert got == pytest.approx(expected, rel=1e-13)


def test_mmc_bank_example() -> None:
    """A five-teller bank (lambda = 9/h, mu = 2/h): Lq and P(wait) against the textbook
    closed form through p0 (Gross et al., 4th ed., section 2.3) summed term by term."""
    lam, mu, c = 9.0, 2.0, 5
    a = lam / mu
    p = [a**n / math.factorial(n) for n in range(c)]
    tail = a**c / math.factorial(c) / (1 - a / c)
    p0 = 1 / (sum(p) + tail)
    lq = p0 * a**c * (a / c) / (math.factorial(c) * (1 - a / c) ** 2)
    r = mmc(lam, mu, c)
    assert r.lq == pytest.approx(lq, rel=1e-12)
    assert r.p_wait == pytest.approx(p0 * tail, rel=1e-12)


def test_unstable_is_inf_never_nan() -> None:
    r = mmc(np.array([2.0, 3.0, 4.0]), 1.0, 3)
    assert np.isinf(r.wq[1:]).all()
    assert np.isinf(r.l[1:]).all()
    assert not np.isnan(r.to_frame().to_numpy(dtype=float)).any()
    assert np.isinf(mg1(1.0, 1.0, 0.5).wq)
    assert kingman(1.0, 1.0, 1.0, 2.0) == math.inf
    assert r.to_dict()["wq"][2] == "inf"


def test_mg1_pollaczek_khinchine() -> None:
    """Pollaczek-Khinchine (Kleinrock vol. 1, section 5.6, Hopp & Spearman 3rd ed. section 8.4):
    cs2 = 1 gives M/M/1, cs2 = 0 half its queueing delay (M/D/1)."""
    assert mg1(0.8, 1.0, 1.0).wq == pytest.approx(mm1(0.8, 1.0).wq, rel=1e-14)
    assert md1(0.8, 1.0).wq == pytest.approx(0.5 * mm1(0.8, 1.0).wq, rel=1e-14)
    # lambda = 1/2, E[S] = 1, Var[S] = 2: Wq = lambda E[S^2]/(2(1-rho)) = 0.5*3/1 = 1.5
    assert mg1(0.5, 1.0, 2.0).wq == pytest.approx(1.5, rel=1e-14)


def test_kingman_reduces_to_mm1_and_sakasegawa() -> None:
    """Kingman's VUT with ca2 = ce2 = 1 is exact for M/M/1 (Hopp & Spearman, 3rd ed.,
    section 8.5); the Sakasegawa multi-server form is close to M/M/m for Poisson input."""
    assert kingman(1.0, 1.0, 0.8, 10.0) == pytest.approx(mm1(0.08, 0.1).wq, rel=1e-13)
    approx = kingman(1.0, 1.0, 0.9, 1.0, servers=4)
    exact = mmc(3.6, 1.0, 4).wq
    assert approx == pytest.approx(exact, rel=0.05)
    assert isinstance(kingman(1.0, 1.0, 0.5, 1.0), float)


def _mmck_brute(lam: float, mu: float, c: int, k: int) -> dict[str, float]:
    w = np.array(
        [
            math.log(lam / mu) * n - math.lgamma(min(n, c) + 1) - max(n - c, 0) * math.log(c)
            for n in range(k + 1)
        ]
    )
    p = np.exp(w - w.max())
    p /= p.sum()
    n = np.arange(k + 1)
    lq = float(np.sum(np.maximum(n - c, 0) * p))
    lam_eff = lam * (1 - p[-1])
    return {
        "blocking_probability": p[-1],
        "lq": lq,
        "l": float(np.sum(n * p)),
        "effective_arrival_rate": lam_eff,
    }


@pytest.mark.parametrize(
    ("lam", "mu", "c", "k"),
    [
        (1.0, 1.0, 1, 3),
        (2.0, 1.0, 1, 5),
        (3.0, 1.0, 2, 10),
        (50.0, 1.0, 40, 300),
        (40.0, 1.0, 40, 100),
        (40.0 * (1 + 1e-6), 1.0, 40, 400),
        (5.0, 2.0, 3, 3),
    ],
)
def test_mmck_against_direct_sums(lam: float, mu: float, c: int, k: int) -> None:
    """M/M/c/K (Gross et al., 4th ed., section 2.5) against the state probabilities summed
    directly, including rho = 1 (+1e-6) and rho > 1 with a long buffer."""
    r = mmck(lam, mu, c, k)
    ref = _mmck_brute(lam, mu, c, k)
    for field, value in ref.items():
        assert getattr(r, field) == pytest.approx(value, rel=1e-9, abs=1e-14), field
    assert r.l == pytest.approx(r.effective_arrival_rate * r.w, rel=1e-12)


def test_mmck_rho_one_single_server() -> None:
    """M/M/1/3 at rho = 1: the four states are equally likely."""
    r = mmck(1.0, 1.0, 1, 3)
    assert (r.blocking_probability, r.l, r.lq) == pytest.approx((0.25, 1.5, 0.75))


def test_series_in_series_out() -> None:
    lam = pd.Series([1.0, 2.0], index=["teller", "atm"])
    r = mmc(lam, 1.5, 2)
    assert isinstance(r.wq, pd.Series)
    assert list(r.wq.index) == ["teller", "atm"]
    frame = r.to_frame()
    assert list(frame.index) == ["teller", "atm"]


@settings(max_examples=50, deadline=None)
@given(
    lam=st.floats(0.0, 50.0),
    mu=st.floats(0.1, 5.0),
    c=st.integers(1, 60),
    extra=st.integers(0, 50),
)
def test_littles_law_everywhere(lam: float, mu: float, c: int, extra: int) -> None:
    for r in (mmc(lam, mu, c), mg1(lam, mu * c, 0.7)):
        if np.isfinite(r.l):
            assert r.l == pytest.approx(lam * r.w, rel=1e-9, abs=1e-12)
            assert r.lq == pytest.approx(lam * r.wq, rel=1e-9, abs=1e-12)
            assert 0 <= r.p_wait <= 1
        else:
            assert r.utilization >= 1
            assert np.isinf(r.w)
    f = mmck(lam, mu, c, c + extra)
    assert f.l == pytest.approx(f.effective_arrival_rate * f.w, rel=1e-9, abs=1e-12)
    assert 0 <= f.blocking_probability <= 1
    assert 0 <= f.p_wait <= 1
    assert f.utilization <= 1 + 1e-12


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: mmc(-1.0, 1.0, 2), "arrival_rate"),
        (lambda: mmc(1.0, 0.0, 2), "service_rate"),
        (lambda: mmc(1.0, 1.0, 0), "servers"),
        (lambda: mmc(1.0, 1.0, 1.5), "servers"),
        (lambda: mm1(1.0, -2.0), "service_rate"),
        (lambda: mmck(1.0, 1.0, 3, 2), "capacity"),
        (lambda: mg1(1.0, 2.0, -0.5), "service_scv"),
        (lambda: md1(np.nan, 1.0), "arrival_rate"),
        (lambda: kingman(1.0, 1.0, -0.1, 1.0), "utilization"),
        (lambda: kingman(1.0, 1.0, 0.5, 0.0), "process_time"),
        (lambda: kingman(-1.0, 1.0, 0.5, 1.0), "ca2"),
        (lambda: kingman(1.0, 1.0, 0.5, 1.0, servers=0), "servers"),
    ],
)
def test_bad_input(call: object, name: str) -> None:
    with pytest.raises(InvalidInputError, match=name):
        call()  # type: ignore[operator]


def test_ggc_reduces_to_exact_cases() -> None:
    """Allen-Cunneen (Bolch et al., 2nd ed., section 6.3.6) is exact for M/M/c (SCVs 1) and
    for M/G/1 (Pollaczek-Khinchine); the Kingman method equals kingman()."""
    np.testing.assert_allclose(ggc(2.0, 1.0, 3).wq, mmc(2.0, 1.0, 3).wq, rtol=1e-14)
    assert ggc(0.7, 1.0, 1, service_scv=0.3).wq == pytest.approx(mg1(0.7, 1.0, 0.3).wq)
    r = ggc(1.8, 1.0, 2, arrival_scv=0.5, service_scv=2.0, method="kingman")
    assert r.wq == pytest.approx(kingman(0.5, 2.0, 0.9, 1.0, servers=2), rel=1e-14)
    assert r.l == pytest.approx(1.8 * r.w, rel=1e-14)
    assert ggc(2.0, 1.0, 2).wq == math.inf
    with pytest.raises(InvalidInputError, match="method"):
        ggc(1.0, 2.0, 1, method="whitt")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="arrival_scv"):
        ggc(1.0, 2.0, 1, arrival_scv=-1.0)
