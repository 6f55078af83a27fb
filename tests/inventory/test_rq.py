"""(r,Q) policies: Snyder & Shen's chapter 5 examples, optimality laws and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from opsmodels.errors import InvalidInputError
from opsmodels.inventory import Discrete, Empirical, Normal, Poisson, rq_cost, rq_policy

FAST = settings(max_examples=25, deadline=None)
EXAMPLE = (0.225, 7.5, 8, Normal(1300, 150), 1 / 12)  # h, p, K, demand per year, L (years)


def test_exact_cost_examples_5_1_and_5_8() -> None:
    """Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019: Example 5.1,
    C(126.8, 328.5) = 78.0712 (h = 0.225, p = 7.5, K = 8, lambda = 1300, tau = 150,
    L = 1/12); Example 5.8 (Poisson, h = 20, p = 150, K = 100, lambda = 1.5, L = 2):
    C(3, 5) = 107.9236 (stockpyl's documented values)."""
    h, p, k, d, lead = EXAMPLE
    assert rq_cost(126.8, 328.5, h, p, k, d, lead) == pytest.approx(78.07116250928294, rel=1e-9)
    assert rq_cost(3, 5, 20, 150, 100, Poisson(1.5), 2) == pytest.approx(
        107.92358063314975, rel=1e-12
    )


def test_approximations_examples_5_2_5_5_5_6() -> None:
    """Snyder & Shen, 2nd ed.: EOQB (Example 5.2): r = 128.64, Q = 308.57; EOQ+SS
    (Example 5.5): r = 190.34, Q = 304.05; loss-function approximation (Example 5.6):
    r = 126.87, Q = 328.45; EIL approximation: r = 213.97, Q = 318.59."""
    expected = {
        "eoqb": (128.63781442427097, 308.5737801203754),
        "eoqss": (190.3369965715624, 304.0467800264368),
        "loss_function": (126.8670634479628, 328.4491421980451),
        "eil": (213.97044213580244, 318.5901810768729),
    }
    for method, (r, q) in expected.items():
        res = rq_policy(*EXAMPLE, method=method)  # type: ignore[arg-type]
        assert res.reorder_point == pytest.approx(r, rel=1e-6), method
        assert res.order_quantity == pytest.approx(q, rel=1e-6), method
        assert res.expected_cost == pytest.approx(
            rq_cost(res.reorder_point, res.order_quantity, *EXAMPLE)
        )


def test_exact_continuous_beats_a_general_optimizer() -> None:
    res = rq_policy(*EXAMPLE)
    best = optimize.minimize(
        lambda x: rq_cost(x[0], max(x[1], 1e-6), *EXAMPLE),
        [150.0, 300.0],
        method="Nelder-Mead",
        options={"xatol": 1e-9, "fatol": 1e-13, "maxiter": 5000},
    )
    assert res.expected_cost <= best.fun * (1 + 1e-10)
    assert res.expected_cost <= rq_policy(*EXAMPLE, method="eoqb").expected_cost


def test_exact_poisson_example_5_8_and_large_mean() -> None:
    """Federgruen-Zheng on Snyder & Shen's Example 5.8: (r, Q) = (3, 5), cost 107.9236; a
    Poisson mean of 10,000 stays exact and finite."""
    res = rq_policy(20, 150, 100, Poisson(1.5), 2)
    assert (res.reorder_point, res.order_quantity) == (3.0, 5.0)
    assert res.expected_cost == pytest.approx(107.92358063314975, rel=1e-12)
    # stockpyl's r_q_poisson_exact(1, 9, 64, 10, 1) gives (6, 39, 35.18707)
    ten = rq_policy(1, 9, 64, Poisson(10.0), 1)
    assert (ten.reorder_point, ten.order_quantity) == (6.0, 39.0)
    assert ten.expected_cost == pytest.approx(35.18706500778506, rel=1e-12)
    big = rq_policy(1, 9, 64, Poisson(10_000.0), 1)
    assert np.isfinite(big.expected_cost)
    for dr, dq in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        assert big.expected_cost <= rq_cost(
            big.reorder_point + dr, big.order_quantity + dq, 1, 9, 64, Poisson(10_000.0), 1
        )


@FAST
@given(
    mean=st.floats(0.2, 30.0),
    h=st.floats(0.1, 5.0),
    p=st.floats(0.5, 50.0),
    k=st.floats(0.5, 200.0),
)
def test_exact_poisson_is_the_grid_optimum(mean: float, h: float, p: float, k: float) -> None:
    res = rq_policy(h, p, k, Poisson(mean), 1.0)
    rs = np.arange(-5.0, 80.0)[:, None]
    qs = np.arange(1.0, 120.0)[None, :]
    grid = rq_cost(rs, qs, h, p, k, Poisson(mean), 1.0)
    assert res.expected_cost <= grid.min() * (1 + 1e-12)


@settings(max_examples=8, deadline=None)
@given(
    means=st.lists(st.floats(0.5, 40.0), min_size=1, max_size=4),
    h=st.floats(0.1, 5.0),
    p=st.floats(0.5, 50.0),
)
def test_batched_exact_equals_loop(means: list[float], h: float, p: float) -> None:
    vector = rq_policy(h, p, 50.0, Poisson(np.array(means)), 1.0)
    for j, m in enumerate(means):
        scalar = rq_policy(h, p, 50.0, Poisson(m), 1.0)
        assert vector.reorder_point[j] == scalar.reorder_point
        assert vector.order_quantity[j] == scalar.order_quantity
    normal = rq_policy(h, p, 50.0, Normal(np.array(means) * 10, 5.0), 0.5)
    for j, m in enumerate(means):
        scalar = rq_policy(h, p, 50.0, Normal(m * 10, 5.0), 0.5)
        assert normal.expected_cost[j] == pytest.approx(scalar.expected_cost, rel=1e-9)


def test_bad_input() -> None:
    h, p, k, d, lead = EXAMPLE
    with pytest.raises(InvalidInputError, match="method"):
        rq_policy(h, p, k, d, lead, method="best")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="ordering_cost"):
        rq_policy(h, p, 0.0, d, lead)
    with pytest.raises(InvalidInputError, match="lead_time"):
        rq_policy(h, p, k, d, 0.0)
    with pytest.raises(InvalidInputError, match="order_quantity"):
        rq_cost(3, 2.5, 20, 150, 100, Poisson(1.5), 2)
    with pytest.raises(InvalidInputError, match="reorder_point"):
        rq_cost(np.inf, 5, 20, 150, 100, Poisson(1.5), 2)
    with pytest.raises(InvalidInputError, match="demand"):
        rq_policy(h, p, k, Poisson(0.0), lead)


def test_exact_discrete_rows_equal_one_sku_at_a_time() -> None:
    """Batched Federgruen-Zheng over per-SKU pmf rows and over empirical histories."""
    probs = np.array([[0.1, 0.2, 0.3, 0.2, 0.2], [0.3, 0.3, 0.2, 0.1, 0.1]])
    values = [0, 1, 2, 3, 5]
    batch = rq_policy(1, 9, 20, Discrete(values, probs), 1)
    for j in range(2):
        one = rq_policy(1, 9, 20, Discrete(values, probs[j]), 1)
        assert batch.reorder_point[j] == one.reorder_point
        assert batch.order_quantity[j] == one.order_quantity
        assert batch.expected_cost[j] == pytest.approx(one.expected_cost, rel=1e-12)
    history = np.array([[1, 2, 3, 4, 6], [0, 0, 1, 2, 9]])
    many = rq_policy(1, 9, 20, Empirical(history), 2)
    single = rq_policy(1, 9, 20, Empirical(history[1]), 2)
    assert (many.reorder_point[1], many.order_quantity[1]) == (
        single.reorder_point,
        single.order_quantity,
    )
