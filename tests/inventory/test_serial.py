"""Serial systems (Clark-Scarf / Chen-Zheng): Snyder & Shen's Example 6.1, laws, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import Normal, Poisson, newsvendor, serial_base_stock, serial_cost

FAST = settings(max_examples=20, deadline=None)
EXAMPLE = ([3.0, 2.0, 2.0], 37.12, Normal(5, 1), [1, 1, 2])


def test_example_6_1() -> None:
    """Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019, Example 6.1:
    3 stages, echelon holding costs (3, 2, 2) from the customer up, p = 37.12, N(5, 1)
    demand, lead times (1, 1, 2): S* = (6.49, 12.02, 22.71), local (6.49, 5.53, 10.69),
    cost 47.65 (the book's discretized value; stockpyl's grid gives 47.67, the converged
    recursion 47.660)."""
    r = serial_base_stock(*EXAMPLE)
    np.testing.assert_allclose(r.echelon_base_stock, [6.49, 12.02, 22.71], atol=0.006)
    np.testing.assert_allclose(r.local_base_stock, [6.49, 5.53, 10.69], atol=0.011)
    assert r.expected_cost == pytest.approx(47.65, abs=0.015)


def test_stockpyl_readme_instance() -> None:
    """stockpyl's documented serial example (echelon h = (4, 3, 1), lead times (1, 1, 2),
    p = 40, N(10, 2)): S* = (12.765, 23.497, 46.280), C* = 86.025 from its grid of about
    0.05 units; the converged recursion agrees within that grid."""
    r = serial_base_stock([4.0, 3.0, 1.0], 40.0, Normal(10, 2), [1, 1, 2])
    np.testing.assert_allclose(r.echelon_base_stock, [12.765, 23.497, 46.280], atol=0.05)
    assert r.expected_cost == pytest.approx(86.025, abs=0.02)


def test_example_6_1_converged_to_1e_3_fast() -> None:
    """Exact to 1e-3: the default grid agrees with a 5x finer one."""
    r = serial_base_stock(*EXAMPLE)
    fine = serial_base_stock(*EXAMPLE, step=0.001)
    assert abs(r.expected_cost - fine.expected_cost) < 1e-4
    np.testing.assert_allclose(r.echelon_base_stock, fine.echelon_base_stock, atol=1e-3)


@FAST
@given(
    mean=st.floats(0.5, 30),
    h=st.floats(0.1, 5),
    p=st.floats(0.5, 50),
    lead=st.integers(1, 3),
)
def test_one_stage_is_the_newsvendor(mean: float, h: float, p: float, lead: int) -> None:
    """One stage with lead time L is the newsvendor over L periods (Snyder & Shen's chapter 6
    timing: L periods of chapter 6 are L - 1 of chapter 4's base-stock convention)."""
    r = serial_base_stock([h], p, Poisson(mean), [lead])
    nv = newsvendor(h, p, Poisson(mean), lead_time=lead - 1)
    assert r.echelon_base_stock[0] == nv.order_up_to
    assert r.expected_cost == pytest.approx(nv.expected_cost, rel=1e-9, abs=1e-9)


@FAST
@given(
    h=st.lists(st.floats(0.1, 4), min_size=2, max_size=4),
    p=st.floats(1, 40),
    mean=st.floats(1, 10),
    seed=st.integers(0, 1000),
)
def test_optimum_is_no_worse_than_perturbations(
    h: list[float], p: float, mean: float, seed: int
) -> None:
    """Integer demand: the optimal levels cost no more than any neighbour (exact evaluation)."""
    lead = [1 + (seed + j) % 2 for j in range(len(h))]
    r = serial_base_stock(h, p, Poisson(mean), lead)
    assert serial_cost(r.echelon_base_stock, h, p, Poisson(mean), lead) == pytest.approx(
        r.expected_cost, rel=1e-9
    )
    rng = np.random.default_rng(seed)
    for _ in range(4):
        other = r.echelon_base_stock + rng.integers(-2, 3, size=len(h))
        assert serial_cost(other, h, p, Poisson(mean), lead) >= r.expected_cost - 1e-9


def test_local_levels_sum_to_echelon_levels() -> None:
    r = serial_base_stock([1.0, 0.5, 0.25, 0.25], 20.0, Poisson(12.0), [1, 2, 0, 3])
    np.testing.assert_allclose(np.cumsum(r.local_base_stock), r.echelon_base_stock)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"lead_times": [1, -1, 2]}, "lead_times"),
        ({"lead_times": [1, 1.5, 2]}, "lead_times"),
        ({"lead_times": [1, 1]}, "lead_times"),
        ({"echelon_holding_costs": [3.0, -2.0, 2.0]}, "echelon_holding_costs"),
        ({"shortage_cost": 0.0}, "shortage_cost"),
        ({"demand": Normal([5.0, 6.0], 1.0)}, "demand"),
        ({"demand": "normal"}, "demand"),
        ({"step": -0.1}, "step"),
    ],
)
def test_bad_input(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = dict(
        echelon_holding_costs=EXAMPLE[0],
        shortage_cost=EXAMPLE[1],
        demand=EXAMPLE[2],
        lead_times=EXAMPLE[3],
    )
    args.update(kwargs)
    with pytest.raises(InvalidInputError, match=name):
        serial_base_stock(**args)  # type: ignore[arg-type]


def test_bad_levels() -> None:
    with pytest.raises(InvalidInputError, match="echelon_base_stock"):
        serial_cost([6.0, 12.0], *EXAMPLE)
