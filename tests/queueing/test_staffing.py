"""Staffing by Erlang C: against a one-agent-at-a-time scan, laws, scale, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.queueing import erlang_c, staffing


def _scan(lam: float, aht: float, t: float, target: float) -> int:
    a = lam * aht
    n = math.floor(a) + 1
    while True:
        c = erlang_c(a, n)
        if 1 - c * math.exp(-(n - a) * t / aht) >= target:
            return n
        n += 1


def test_call_centre_example() -> None:
    """The widely reproduced step-by-step Erlang C example (360 calls per half hour, 4-minute
    calls: A = 48 erlangs) with an 80/20 target, values from the Erlang C formula (Koole, Call
    Center Optimization, 2013, section 5.2): 54 agents give SL(20 s) = 1 - C(54, 48)
    e^(-6·20/240) = 0.817, and 53 fall short. With 30 % shrinkage, ceil(54/0.7) = 78."""
    r = staffing(360 / 1800, 240.0, answer_time=20.0, service_level=0.8, shrinkage=0.3)
    assert r.agents == 54
    assert r.scheduled_agents == 78
    c54 = erlang_c(48.0, 54)
    assert r.service_level == pytest.approx(1 - c54 * math.exp(-0.5), rel=1e-12)
    assert r.p_wait == pytest.approx(c54, rel=1e-12)
    assert r.asa == pytest.approx(c54 * 240 / 6, rel=1e-12)
    assert r.occupancy == pytest.approx(48 / 54)
    assert 1 - erlang_c(48.0, 53) * math.exp(-5 / 12) < 0.8


def test_call_centre_helper_worked_example() -> None:
    """Call Centre Helper, "Erlang C Formula - Made Simple With an Easy Worked Example"
    (callcentrehelper.com, article 121281; the same case is pyworkforce's documented
    ErlangC example): 100 calls per 30 minutes, 180-second handle time, 80 % within 20 s,
    85 % occupancy cap, 30 % shrinkage -> 10 erlangs, 14 agents, P(wait) = 17.4 %,
    service level 88.8 %, occupancy 71.4 %, 20 agents to schedule."""
    r = staffing(
        100 / 1800,
        180.0,
        answer_time=20.0,
        service_level=0.8,
        max_occupancy=0.85,
        shrinkage=0.3,
    )
    assert r.traffic == pytest.approx(10.0)
    assert r.agents == 14
    assert r.scheduled_agents == 20
    assert r.p_wait == pytest.approx(0.174, abs=5e-4)
    assert r.service_level == pytest.approx(0.888, abs=5e-4)
    assert r.occupancy == pytest.approx(0.714, abs=5e-4)


def test_matches_scan_over_a_day() -> None:
    lam = np.array([0.01, 0.05, 0.2, 0.5, 1.3, 4.0])
    got = staffing(lam, 180.0, answer_time=20.0, service_level=0.9).agents
    assert list(got) == [_scan(x, 180.0, 20.0, 0.9) for x in lam]


def test_asa_and_occupancy_targets() -> None:
    r = staffing(0.2, 240.0, asa=5.0)
    a = 48.0
    n = r.agents
    assert erlang_c(a, n) * 240 / (n - a) <= 5.0
    assert erlang_c(a, n - 1) * 240 / (n - 1 - a) > 5.0
    assert staffing(0.2, 240.0, max_occupancy=0.8).agents == 60
    both = staffing(0.2, 240.0, answer_time=20.0, service_level=0.8, max_occupancy=0.85)
    assert both.agents == 57  # ceil(48/0.85) = 57 > 54
    assert staffing(0.2, 240.0).agents == 49  # stability only


def test_shrinkage_is_exact_on_round_values() -> None:
    """8 agents at 20 % shrinkage schedule exactly 10 (no float round-up to 11)."""
    r = staffing(0.02, 240.0, answer_time=20.0, service_level=0.5, shrinkage=0.2)
    assert r.scheduled_agents == math.ceil(r.agents / 0.8 - 1e-9)


def test_series_profile_and_zero_traffic() -> None:
    lam = pd.Series([0.0, 0.1], index=pd.Index(["08:00", "08:30"], name="interval"))
    r = staffing(lam, 240.0, answer_time=20.0, service_level=0.8)
    assert list(r.agents.index) == ["08:00", "08:30"]
    assert r.agents.iloc[0] == 0
    assert r.service_level.iloc[0] == 1.0
    assert r.occupancy.iloc[0] == 0.0
    assert r.asa.iloc[0] == 0.0
    assert not r.to_frame().isna().any().any()


def test_large_loads_and_many_intervals() -> None:
    """Thousands of agents (A up to 9,000 erlangs) and 100,000 intervals in one call."""
    lam = np.linspace(0.0, 50.0, 100_000)
    r = staffing(lam, 180.0, answer_time=20.0, service_level=0.8)
    assert r.agents.shape == (100_000,)
    assert np.all(np.diff(r.agents) >= 0)  # more calls never need fewer agents
    big = r.agents[-1]
    assert erlang_c(9000.0, big) <= erlang_c(9000.0, big - 1)
    assert r.service_level[-1] >= 0.8
    sl_short = 1 - erlang_c(9000.0, big - 1) * math.exp(-(big - 1 - 9000.0) * 20 / 180)
    assert sl_short < 0.8


@settings(max_examples=40, deadline=None)
@given(
    lam=st.floats(0.001, 2.0),
    aht=st.floats(30.0, 600.0),
    t=st.floats(0.0, 60.0),
    target=st.floats(0.05, 0.99),
)
def test_fewest_agents_meeting_the_target(lam: float, aht: float, t: float, target: float) -> None:
    r = staffing(lam, aht, answer_time=t, service_level=target)
    a = lam * aht
    n = r.agents
    assert r.service_level >= target
    if n - 1 > a:  # one agent fewer is stable but misses the target
        assert 1 - erlang_c(a, n - 1) * math.exp(-(n - 1 - a) * t / aht) < target
    more = staffing(lam, aht, answer_time=t, service_level=min(target + 0.005, 0.995))
    assert more.agents >= n  # service level increasing in agents
    assert 0 <= r.p_wait <= 1
    assert 0 < r.occupancy < 1


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"arrival_rate": -1.0}, "arrival_rate"),
        ({"handle_time": 0.0}, "handle_time"),
        ({"service_level": 1.0}, "service_level"),
        ({"service_level": 1.5}, "service_level"),
        ({"shrinkage": 1.0}, "shrinkage"),
        ({"max_occupancy": 0.0}, "max_occupancy"),
        ({"asa": -3.0}, "asa"),
        ({"answer_time": -1.0}, "answer_time"),
        ({"answer_time": None}, "answer_time"),
    ],
)
def test_bad_input(kwargs: dict[str, object], name: str) -> None:
    call: dict[str, object] = {
        "arrival_rate": 0.2,
        "handle_time": 240.0,
        "answer_time": 20.0,
        "service_level": 0.8,
    }
    call.update(kwargs)
    with pytest.raises(InvalidInputError, match=name):
        staffing(**call)  # type: ignore[arg-type]
