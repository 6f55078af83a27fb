"""Reference and property tests of the exact control-chart constants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmodels.errors import InvalidInputError
from opsmodels.sixsigma import control_constants

# Montgomery, Introduction to Statistical Quality Control, 7th ed. (Wiley, 2013), Appendix
# Table VI "Factors for constructing variables control charts" (3-decimal rounding; c4 to 4).
TABLE_VI = {
    2: dict(A2=1.880, A3=2.659, c4=0.7979, B3=0.0, B4=3.267, d2=1.128, d3=0.853, D3=0.0, D4=3.267),
    5: dict(A2=0.577, A3=1.427, c4=0.9400, B3=0.0, B4=2.089, d2=2.326, d3=0.864, D3=0.0, D4=2.114),
    10: dict(
        A2=0.308, A3=0.975, c4=0.9727, B3=0.284, B4=1.716, d2=3.078, d3=0.797, D3=0.223, D4=1.777
    ),
    25: dict(
        A2=0.153, A3=0.606, c4=0.9896, B3=0.565, B4=1.435, d2=3.931, d3=0.708, D3=0.459, D4=1.541
    ),
}


@pytest.mark.parametrize("n", sorted(TABLE_VI))
def test_montgomery_table_vi(n: int) -> None:
    """Every constant matches Montgomery's Appendix VI to the table's rounding."""
    k = control_constants(n)
    for name, published in TABLE_VI[n].items():
        assert getattr(k, name) == pytest.approx(published, abs=6e-4), name


def test_closed_forms_for_small_n() -> None:
    """d2(2) = 2/sqrt(pi), d3(2) = sqrt(2 - 4/pi), d2(3) = 3/sqrt(pi) (range of normals)."""
    assert control_constants(2).d2 == pytest.approx(2 / math.sqrt(math.pi), rel=1e-12)
    assert control_constants(2).d3 == pytest.approx(math.sqrt(2 - 4 / math.pi), rel=1e-9)
    assert control_constants(3).d2 == pytest.approx(3 / math.sqrt(math.pi), rel=1e-12)
    assert control_constants(7).E2 == pytest.approx(3 * math.sqrt(math.pi) / 2, rel=1e-12)


def test_large_n_agrees_with_harter() -> None:
    """Mean range of large samples: Harter (1960), Annals of Mathematical Statistics 31(4),
    d2(100) = 5.0152; Tippett (1925), Biometrika 17(3/4), d2(1000) = 6.4829."""
    k = control_constants([100, 1000])
    np.testing.assert_allclose(k.d2, [5.0152, 6.4829], atol=1e-4)


def test_monte_carlo_agreement() -> None:
    """Mean and SD of the range of 7 normals agree with d2, d3 within 5 standard errors."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((200_000, 7))
    r = np.ptp(x, axis=1)
    k = control_constants(7)
    assert abs(r.mean() - k.d2) < 5 * r.std() / math.sqrt(r.size)
    assert abs(r.std() - k.d3) < 0.01


def test_vectorized_shape_and_scalar_kind() -> None:
    k = control_constants(np.array([[2, 3], [4, 5]]))
    assert k.d2.shape == (2, 2)
    assert k.d2[1, 1] == pytest.approx(control_constants(5).d2)
    scalar = control_constants(5)
    assert isinstance(scalar.d2, float)
    assert isinstance(scalar.n, int)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=2, max_value=400))
def test_laws(n: int) -> None:
    """d2 grows with n, c4 lies in (0, 1) and grows, D3 <= 1 <= D4, B3 <= 1 <= B4."""
    k, k1 = control_constants(n), control_constants(n + 1)
    assert k1.d2 > k.d2
    assert 0 < k.c4 < k1.c4 < 1
    assert 0 <= k.D3 <= 1 <= k.D4
    assert 0 <= k.B3 <= 1 <= k.B4
    assert k.A2 * k.d2 * math.sqrt(n) == pytest.approx(3.0)


@pytest.mark.parametrize("bad", [1, 0, -3, 2.5, float("nan"), [2, 1], "5", None])
def test_bad_n(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="'n' parameter of control_constants"):
        control_constants(bad)  # type: ignore[arg-type]
