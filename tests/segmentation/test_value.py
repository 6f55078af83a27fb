"""DERT of every model, sBG DEL/DERL and customer_lifetime_value: published formulas checked
against direct numerical discounting, laws, explicit units, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from opsmodels.errors import InvalidInputError
from opsmodels.segmentation import (
    BGBB,
    BGNBD,
    MBGNBD,
    GammaGamma,
    ParetoNBD,
    ShiftedBetaGeometric,
    customer_lifetime_value,
)

BG_CDNOW = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
MBG_CDNOW = {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}
PNBD_CDNOW = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
GG_CDNOW = {"p": 6.25, "q": 3.74, "gamma": 15.44}
BGBB_DONATIONS = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
WEEKLY_15 = math.log(1.15) / 52  # FHL (2005, JMR): 15% a year, continuously compounded, weeks

HISTORIES = [(0, 0.0, 38.86), (2, 30.43, 38.86), (5, 20.0, 30.0), (40, 38.0, 38.86)]


def _discounted_sum(model: object, x: float, t_x: float, T: float, delta: float, H: float) -> float:
    """Direct discounting: increments of E[Y(t) | history] on a fine grid (uniform in
    log(1 + t), 100,000 steps), each discounted at its midpoint."""
    reach = min(H, 60.0 / delta)
    t = np.expm1(np.linspace(0.0, math.log1p(reach), 100_001))
    e = model.conditional_expected_purchases(t, x, t_x, T)  # type: ignore[attr-defined]
    mid = (t[1:] + t[:-1]) / 2.0
    return float(np.sum(np.diff(e) * np.exp(-delta * mid)))


@pytest.mark.parametrize(
    "model",
    [
        ParetoNBD(params=PNBD_CDNOW),
        ParetoNBD(params={"r": 0.8, "alpha": 6.0, "s": 30.0, "beta": 2.0}),  # hyperu fails
        BGNBD(params=BG_CDNOW),
        MBGNBD(params=MBG_CDNOW),
    ],
    ids=["pnbd", "pnbd-large-s", "bgnbd", "mbgnbd"],
)
@pytest.mark.parametrize("horizon", [math.inf, 52.0, 5.0])
def test_dert_equals_direct_discounting(model: BGNBD | ParetoNBD, horizon: float) -> None:
    """DERT = int_0^H exp(-delta t) dE[Y(t) | x, t_x, T]: the closed form (Pareto/NBD) and
    the quadrature (BG/NBD, MBG/NBD) against direct discounting of the conditional
    expectation's increments."""
    for x, t_x, T in HISTORIES:
        expected = _discounted_sum(model, x, t_x, T, WEEKLY_15, horizon)
        got = model.discounted_expected_residual_transactions(
            x, t_x, T, discount_rate=WEEKLY_15, horizon=horizon
        )
        assert got == pytest.approx(expected, rel=1e-7, abs=1e-12)


def test_pareto_nbd_dert_published_form() -> None:
    """Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for customer base
    analysis", J. Marketing Research 42(4), eq. for DERT:
    alpha^r beta^s delta^(s-1) Gamma(r+x+1) Psi(s, s; delta(beta+T)) /
    (Gamma(r) (alpha+T)^(r+x+1) L), with their CDNOW estimates and the 15% annual rate as
    0.0027 a week. Our Kummer-transformed form gives the same numbers."""
    r, alpha, s, beta = PNBD_CDNOW.values()
    m = ParetoNBD(params=PNBD_CDNOW)
    for delta in (0.0027, WEEKLY_15, 0.05):
        for x, t_x, T in HISTORIES:
            log_l = m.log_likelihood_of(x, t_x, T)
            log_paper = (
                r * math.log(alpha)
                + s * math.log(beta)
                + (s - 1) * math.log(delta)
                + math.lgamma(r + x + 1)
                + math.log(special.hyperu(s, s, delta * (beta + T)))
                - math.lgamma(r)
                - (r + x + 1) * math.log(alpha + T)
                - log_l
            )
            got = m.discounted_expected_residual_transactions(x, t_x, T, discount_rate=delta)
            assert got == pytest.approx(math.exp(log_paper), rel=1e-10)


def test_pareto_nbd_dert_closed_form_matches_quadrature() -> None:
    """The hyperu closed form and the quadrature fallback agree (s from 0.05 to 8)."""
    from opsmodels.segmentation._btyd import _discounted, _one_minus_power_over

    B = np.array([1.0, 12.0, 50.0, 400.0])
    for s in (0.05, 0.606, 1.0, 1.7, 8.0):
        for delta in (1e-4, WEEKLY_15, 0.3):
            for H in (math.inf, 10.0):
                closed = ParetoNBD(params={"r": 1.0, "alpha": 1.0, "s": s, "beta": 1.0})
                del closed

                def head(t: np.ndarray, s: float = s) -> np.ndarray:
                    b = B[:, None]
                    return b * _one_minus_power_over(s - 1.0, np.log(b) - np.log(b + t))

                from opsmodels.segmentation._btyd import _pnbd_discounted_survival

                quad = _discounted(head, B, delta, H, lambda: np.full_like(B, np.inf))
                np.testing.assert_allclose(
                    _pnbd_discounted_survival(s, B, delta, H), quad, rtol=1e-9
                )


def test_bgbb_dert_equals_direct_sum() -> None:
    """Fader, Hardie & Shang (2010), "Customer-base analysis in a discrete-time
    noncontractual setting", Marketing Science 29(6), DERT (2F1 closed form) with their
    donation estimates and d = 0.1, against the discounted increments of
    E[X(n, n + t) | x, t_x, n] summed term by term."""
    m = BGBB(params=BGBB_DONATIONS)
    for x, t_x in [(0, 0), (1, 1), (3, 5), (6, 6)]:
        steps = np.arange(0, 4001)
        e = m.conditional_expected_purchases(steps, x, t_x, 6)
        for horizon in (math.inf, 10):
            upto = 4000 if math.isinf(horizon) else horizon
            direct = np.sum(np.diff(e[: upto + 1]) / 1.1 ** np.arange(1, upto + 1))
            got = m.discounted_expected_residual_transactions(
                x, t_x, 6, discount_rate=0.1, horizon=horizon
            )
            assert got == pytest.approx(direct, rel=1e-9)


def test_bgbb_dert_undiscounted_limit() -> None:
    """With d = 0 and no horizon the DERT is the total expected future count (finite for
    gamma > 1, inf otherwise)."""
    m = BGBB(params=dict(BGBB_DONATIONS, gamma=1.657))
    far = m.conditional_expected_purchases(10**8, 3, 5, 6)
    assert m.discounted_expected_residual_transactions(3, 5, 6, discount_rate=0.0) == pytest.approx(
        far, rel=1e-3
    )
    assert (
        BGBB(params=BGBB_DONATIONS).discounted_expected_residual_transactions(
            3, 5, 6, discount_rate=0.0
        )
        == math.inf
    )


def test_sbg_del_and_derl() -> None:
    """Fader & Hardie (2010), "Customer-base valuation in a contractual setting: the perils
    of ignoring heterogeneity", Marketing Science 29(1): DEL = 2F1(1, beta; alpha+beta;
    1/(1+d)) and DERL for n-1 renewals = (beta+n-1)/(alpha+beta+n-1) 2F1(1, beta+n;
    alpha+beta+n; 1/(1+d)), checked against their defining sums with the "Regular"
    segment of Fader & Hardie (2007) and d = 0.1; DERL(0 renewals) = (1+d)(DEL - 1)."""
    m = ShiftedBetaGeometric(params={"alpha": 0.704, "beta": 1.182})
    t = np.arange(0, 20_000, dtype=float)
    survival = m.survival(t)
    direct_del = float(np.sum(survival * np.exp(-t * math.log(1.1))))
    assert m.discounted_expected_lifetime(discount_rate=0.1) == pytest.approx(direct_del, 1e-10)
    renewals = np.array([0, 1, 4, 10])
    derl = m.discounted_expected_residual_lifetime(renewals, discount_rate=0.1)
    for k, value in zip(renewals, derl, strict=True):
        j = np.arange(0, 20_000, dtype=float)
        direct = np.sum(m.survival(k + 1 + j) / m.survival(float(k)) * np.exp(-j * math.log(1.1)))
        assert value == pytest.approx(direct, rel=1e-9)
    assert derl[0] == pytest.approx(1.1 * (direct_del - 1.0), rel=1e-12)
    assert np.all(np.diff(derl) > 0)  # survivors are the better customers
    heavy = ShiftedBetaGeometric(params={"alpha": 3.0, "beta": 2.0})
    assert heavy.discounted_expected_lifetime(discount_rate=0.0) == heavy.expected_lifetime()
    assert heavy.discounted_expected_residual_lifetime(2, discount_rate=0.0) == pytest.approx(2.0)
    assert m.discounted_expected_lifetime(discount_rate=0.0) == math.inf


_history = st.tuples(st.integers(0, 300), st.floats(0.01, 1.0), st.floats(0.5, 200.0)).map(
    lambda h: (h[0], h[1] * h[2] if h[0] > 0 else 0.0, h[2])
)
_bg_params = st.fixed_dictionaries({k: st.floats(0.05, 20.0) for k in ("r", "alpha", "a", "b")})
_pn_params = st.fixed_dictionaries({k: st.floats(0.05, 20.0) for k in ("r", "alpha", "s", "beta")})


def _dert_laws(
    model: BGNBD | ParetoNBD | BGBB, x: int, t_x: float, third: float, rate: float
) -> None:
    """DERT >= 0 and finite, decreasing in the discount rate, increasing in the horizon;
    with rate 0 and a finite horizon it is the conditional expectation over that horizon
    (horizons are whole numbers, valid for the BG/BB's opportunities too)."""

    def dert(rate: float, horizon: float = math.inf) -> float:
        return float(
            model.discounted_expected_residual_transactions(
                x, t_x, third, discount_rate=rate, horizon=horizon
            )
        )

    base = dert(rate)
    assert 0.0 <= base < math.inf
    assert dert(2.0 * rate) <= base * (1 + 1e-9) + 1e-300  # decreasing in the rate
    short, longer = dert(rate, 10), dert(rate, 40)
    assert 0.0 <= short <= longer * (1 + 1e-9) + 1e-300 <= base * (1 + 1e-8) + 1e-300
    expected = model.conditional_expected_purchases(25, x, t_x, third)
    assert dert(0.0, 25) == pytest.approx(expected, rel=1e-12, abs=1e-300)


@settings(max_examples=50, deadline=None)
@given(params=_bg_params, history=_history, delta=st.floats(1e-4, 1.0), modified=st.booleans())
def test_bgnbd_dert_laws(
    params: dict[str, float], history: tuple[int, float, float], delta: float, modified: bool
) -> None:
    """DERT >= 0, decreasing in the discount rate, increasing in the horizon; with rate 0
    and a finite horizon it is the conditional expectation over that horizon."""
    model = (MBGNBD if modified else BGNBD)(params=params)
    _dert_laws(model, *history, delta)


@settings(max_examples=50, deadline=None)
@given(params=_pn_params, history=_history, delta=st.floats(1e-4, 1.0))
def test_pareto_nbd_dert_laws(
    params: dict[str, float], history: tuple[int, float, float], delta: float
) -> None:
    _dert_laws(ParetoNBD(params=params), *history, delta)


@settings(max_examples=50, deadline=None)
@given(
    params=st.fixed_dictionaries({k: st.floats(0.05, 20.0) for k in BGBB_DONATIONS}),
    n=st.integers(1, 30),
    d=st.floats(1e-3, 2.0),
    data=st.data(),
)
def test_bgbb_dert_laws(params: dict[str, float], n: int, d: float, data: st.DataObject) -> None:
    t_x = data.draw(st.integers(0, n))
    x = data.draw(st.integers(1, t_x)) if t_x > 0 else 0
    _dert_laws(BGBB(params=params), x, t_x, n, d)


# --------------------------------------------------------------------------------------
# customer_lifetime_value

SUMMARY = pd.DataFrame(
    {
        "frequency": [0.0, 2.0, 10.0],
        "recency": [0.0, 30.43, 38.0],
        "T": [38.86, 38.86, 38.86],
        "monetary_value": [0.0, 25.0, 40.0],
    },
    index=pd.Index(["a", "b", "c"], name="customer"),
)


def test_clv_units_and_gamma_gamma() -> None:
    """CLV = DERT(delta) x E[M | x, m_x]: FHL (2005, JMR)'s weekly model with 15% a year
    over 52-week years is the continuous weekly rate ln(1.15)/52; a mean Gregorian year
    (the "Y" unit) is 52.18 weeks."""
    pnbd, gg = ParetoNBD(params=PNBD_CDNOW), GammaGamma(params=GG_CDNOW)
    before = SUMMARY.copy()
    clv = customer_lifetime_value(
        pnbd,
        gg,
        SUMMARY,
        horizon=math.inf,
        discount_rate=0.15,
        discount_unit="52W",
        time_unit="W",
    )
    pd.testing.assert_frame_equal(SUMMARY, before)  # input untouched
    assert list(clv.columns) == ["dert", "spend", "clv"]
    assert clv.index.equals(SUMMARY.index)
    dert = pnbd.discounted_expected_residual_transactions(
        SUMMARY["frequency"], SUMMARY["recency"], SUMMARY["T"], discount_rate=WEEKLY_15
    )
    spend = gg.conditional_expected_spend(SUMMARY["frequency"], SUMMARY["monetary_value"])
    np.testing.assert_allclose(clv["dert"], dert, rtol=1e-12)
    np.testing.assert_allclose(clv["clv"], dert * spend, rtol=1e-12)
    assert clv.attrs["discount_rate"] == pytest.approx(WEEKLY_15, rel=1e-12)
    yearly = customer_lifetime_value(
        pnbd, gg, SUMMARY, horizon=math.inf, discount_rate=0.15, discount_unit="Y", time_unit="W"
    )
    assert yearly.attrs["discount_rate"] == pytest.approx(math.log(1.15) * 7 / 365.2425)
    continuous = customer_lifetime_value(
        pnbd,
        gg,
        SUMMARY,
        horizon=math.inf,
        discount_rate=math.log(1.15),
        discount_unit="364D",
        time_unit="1W",
        compounding="continuous",
    )
    np.testing.assert_allclose(continuous["clv"], clv["clv"], rtol=1e-12)


def test_clv_finite_horizon_without_discount_is_expected_purchases() -> None:
    """discount_rate=0 over a finite horizon: CLV = E[Y(H) | history] x spend, in whatever
    units the horizon is given."""
    bg = BGNBD(params=BG_CDNOW)
    in_days = BGNBD(params=dict(BG_CDNOW, alpha=BG_CDNOW["alpha"] * 7))  # the same model, days
    days = SUMMARY.assign(recency=SUMMARY["recency"] * 7, T=SUMMARY["T"] * 7)
    clv = customer_lifetime_value(
        in_days, 20.0, days, horizon="26W", discount_rate=0.0, discount_unit="Y", time_unit="D"
    )
    expected = bg.conditional_expected_purchases(
        26.0, SUMMARY["frequency"], SUMMARY["recency"], SUMMARY["T"]
    )
    np.testing.assert_allclose(clv["dert"], expected, rtol=1e-10)
    np.testing.assert_allclose(clv["clv"], 20.0 * expected, rtol=1e-10)
    assert clv.attrs["horizon"] == 182.0


@settings(max_examples=30, deadline=None)
@given(spend=st.floats(0.01, 1e4), factor=st.floats(0.1, 10.0), margin=st.floats(0.05, 1.0))
def test_clv_linear_in_spend(spend: float, factor: float, margin: float) -> None:
    pnbd = ParetoNBD(params=PNBD_CDNOW)
    kwargs = {"horizon": "2Y", "discount_rate": 0.1, "discount_unit": "Y", "time_unit": "W"}
    one = customer_lifetime_value(pnbd, spend, SUMMARY, margin=margin, **kwargs)
    scaled = customer_lifetime_value(pnbd, spend * factor, SUMMARY, margin=margin, **kwargs)
    np.testing.assert_allclose(scaled["clv"], factor * one["clv"], rtol=1e-12)
    np.testing.assert_allclose(one["clv"], one["dert"] * spend * margin, rtol=1e-12)


def test_clv_spend_as_series_and_array() -> None:
    pnbd = ParetoNBD(params=PNBD_CDNOW)
    kwargs = {"horizon": "1Y", "discount_rate": 0.1, "discount_unit": "Y", "time_unit": "W"}
    by_label = pd.Series([30.0, 10.0, 20.0], index=["c", "a", "b"])
    from_series = customer_lifetime_value(pnbd, by_label, SUMMARY, **kwargs)
    from_array = customer_lifetime_value(pnbd, np.array([10.0, 20.0, 30.0]), SUMMARY, **kwargs)
    pd.testing.assert_frame_equal(from_series, from_array)


def test_clv_bgbb_opportunities() -> None:
    """BG/BB: the rate becomes one per opportunity and the horizon whole opportunities."""
    m = BGBB(params=BGBB_DONATIONS)
    donors = pd.DataFrame({"frequency": [0, 3, 6], "recency": [0, 5, 6], "n": [6, 6, 6]})
    clv = customer_lifetime_value(
        m, 50.0, donors, horizon="5Y", discount_rate=0.1, discount_unit="Y", time_unit="Y"
    )
    dert = m.discounted_expected_residual_transactions(
        donors["frequency"], donors["recency"], donors["n"], discount_rate=0.1, horizon=5
    )
    np.testing.assert_allclose(clv["clv"], 50.0 * np.asarray(dert), rtol=1e-10)
    assert clv.attrs["horizon"] == 5


def test_clv_time_unit_from_fit(cdnow_calibration: pd.DataFrame) -> None:
    """A model fitted on a customer_summary frame records its unit; the summary's attrs
    carry it too, so time_unit may be left out, and a contradicting one is refused."""
    model = BGNBD.fit(cdnow_calibration)
    assert model.time_unit == "W"
    assert GammaGamma.fit(cdnow_calibration).time_unit is None
    gg = GammaGamma.fit(cdnow_calibration)
    clv = customer_lifetime_value(
        model, gg, cdnow_calibration, horizon="1Y", discount_rate=0.15, discount_unit="Y"
    )
    assert clv.index.equals(cdnow_calibration.index)
    assert clv.attrs["time_unit"] == "W"
    assert (clv["clv"] >= 0).all()
    assert np.isfinite(clv["clv"]).all()
    with pytest.raises(InvalidInputError, match="time_unit"):
        customer_lifetime_value(
            model,
            gg,
            cdnow_calibration,
            horizon="1Y",
            discount_rate=0.15,
            discount_unit="Y",
            time_unit="D",
        )


_GOOD = {"horizon": "1Y", "discount_rate": 0.1, "discount_unit": "Y", "time_unit": "W"}


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"horizon": 52}, "horizon"),  # a bare number has no unit
        ({"horizon": "52"}, "horizon"),  # nor a number in text (pandas reads nanoseconds)
        ({"horizon": -math.inf}, "horizon"),
        ({"horizon": "soon"}, "horizon"),
        ({"horizon": "-2Y"}, "horizon"),
        ({"discount_rate": -0.1}, "discount_rate"),
        ({"discount_rate": math.nan}, "discount_rate"),
        ({"discount_rate": "10%"}, "discount_rate"),
        ({"discount_unit": 1.0}, "discount_unit"),
        ({"discount_unit": "0D"}, "discount_unit"),
        ({"time_unit": None}, "time_unit"),  # no unit anywhere
        ({"time_unit": "fortnight"}, "time_unit"),
        ({"compounding": "simple"}, "compounding"),
        ({"margin": 0.0}, "margin"),
    ],
)
def test_clv_bad_options(change: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        customer_lifetime_value(
            ParetoNBD(params=PNBD_CDNOW), 10.0, SUMMARY, **dict(_GOOD, **change)
        )


def test_clv_bad_models_spend_and_summary() -> None:
    pnbd = ParetoNBD(params=PNBD_CDNOW)
    with pytest.raises(InvalidInputError, match="transaction_model"):
        customer_lifetime_value(GammaGamma(params=GG_CDNOW), 10.0, SUMMARY, **_GOOD)
    with pytest.raises(InvalidInputError, match="spend_model"):
        customer_lifetime_value(pnbd, -5.0, SUMMARY, **_GOOD)
    with pytest.raises(InvalidInputError, match="spend_model"):
        customer_lifetime_value(pnbd, [1.0, 2.0], SUMMARY, **_GOOD)
    with pytest.raises(InvalidInputError, match="spend_model"):
        customer_lifetime_value(pnbd, pd.Series([1.0], index=["a"]), SUMMARY, **_GOOD)
    with pytest.raises(InvalidInputError, match="summary"):
        customer_lifetime_value(pnbd, 1.0, SUMMARY.drop(columns="T"), **_GOOD)
    with pytest.raises(InvalidInputError, match="summary"):
        customer_lifetime_value(
            pnbd, GammaGamma(params=GG_CDNOW), SUMMARY.drop(columns="monetary_value"), **_GOOD
        )
    with pytest.raises(InvalidInputError, match="summary"):
        customer_lifetime_value(pnbd, 1.0, SUMMARY.iloc[:0], **_GOOD)
    with pytest.raises(InvalidInputError, match="recency"):
        customer_lifetime_value(pnbd, 1.0, SUMMARY.assign(recency=50.0), **_GOOD)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"discount_rate": -0.01}, "discount_rate"),
        ({"discount_rate": math.inf}, "discount_rate"),
        ({"discount_rate": 0.1, "horizon": -1.0}, "horizon"),
        ({"discount_rate": 0.1, "horizon": math.nan}, "horizon"),
        ({"discount_rate": 0.1, "horizon": [1.0]}, "horizon"),
    ],
)
def test_dert_bad_arguments(kwargs: dict[str, object], match: str) -> None:
    for model in (BGNBD(params=BG_CDNOW), ParetoNBD(params=PNBD_CDNOW)):
        with pytest.raises(InvalidInputError, match=match):
            model.discounted_expected_residual_transactions(2, 10.0, 20.0, **kwargs)
    with pytest.raises(InvalidInputError, match=match):
        BGBB(params=BGBB_DONATIONS).discounted_expected_residual_transactions(2, 3, 6, **kwargs)


def test_discrete_bad_arguments() -> None:
    m = BGBB(params=BGBB_DONATIONS)
    with pytest.raises(InvalidInputError, match="horizon"):
        m.discounted_expected_residual_transactions(2, 3, 6, discount_rate=0.1, horizon=2.5)
    sbg = ShiftedBetaGeometric(params={"alpha": 0.704, "beta": 1.182})
    with pytest.raises(InvalidInputError, match="renewals"):
        sbg.discounted_expected_residual_lifetime(1.5, discount_rate=0.1)
    with pytest.raises(InvalidInputError, match="discount_rate"):
        sbg.discounted_expected_lifetime(discount_rate=-0.1)


def test_dert_numeric_in_same_kind_out() -> None:
    m = ParetoNBD(params=PNBD_CDNOW)
    assert isinstance(
        m.discounted_expected_residual_transactions(1, 2.0, 5.0, discount_rate=0.01), float
    )
    series = m.discounted_expected_residual_transactions(
        SUMMARY["frequency"], SUMMARY["recency"], SUMMARY["T"], discount_rate=0.01
    )
    assert isinstance(series, pd.Series)
    assert series.index.equals(SUMMARY.index)
    arr = BGNBD(params=BG_CDNOW).discounted_expected_residual_transactions(
        np.array([0, 400, 5000]), np.array([0.0, 38.0, 38.5]), 38.86, discount_rate=0.01
    )
    assert isinstance(arr, np.ndarray)
    assert np.all(np.isfinite(arr))  # large frequencies stay finite


def test_clv_summary_in_a_timedelta_unit() -> None:
    """A summary made with time_unit=pd.Timedelta(days=7) records the unit as text
    ("7 days 00:00:00"); it is read back as a week."""
    log = pd.DataFrame(
        {
            "id": [1, 1, 1, 2, 2, 3],
            "day": pd.to_datetime(
                ["2024-01-01", "2024-02-01", "2024-03-01", "2024-01-10", "2024-01-20", "2024-02-02"]
            ),
            "spend": [10.0, 20.0, 30.0, 5.0, 7.0, 9.0],
        }
    )
    from opsmodels.segmentation import customer_summary

    weekly = customer_summary(
        log, customer="id", date="day", observation_end="2024-03-31", time_unit="W"
    )
    as_timedelta = customer_summary(
        log,
        customer="id",
        date="day",
        observation_end="2024-03-31",
        time_unit=pd.Timedelta(days=7),
    )
    pnbd = ParetoNBD(params=PNBD_CDNOW)
    options = {"horizon": "1Y", "discount_rate": 0.1, "discount_unit": "Y"}
    expected = customer_lifetime_value(pnbd, 10.0, weekly, **options)
    got = customer_lifetime_value(pnbd, 10.0, as_timedelta, **options)
    np.testing.assert_allclose(got["clv"], expected["clv"], rtol=1e-12)
    assert got.attrs["time_unit"] == "7 days 00:00:00"
