"""The process yields shared by the six-sigma and lean domains."""

from __future__ import annotations

import pandas as pd
import pytest

from opsmodels import lean, sixsigma


def test_one_function_under_both_domains() -> None:
    assert lean.rolled_throughput_yield is sixsigma.rolled_throughput_yield
    assert lean.normalized_yield is sixsigma.normalized_yield


def test_rty_of_a_four_step_process() -> None:
    """Pyzdek & Keller, The Six Sigma Handbook, 4th ed.: RTY is the product of the steps'
    first-time yields (0.98 x 0.95 x 0.97 x 0.99 = 0.894), the normalized yield its geometric
    mean."""
    yields = [0.98, 0.95, 0.97, 0.99]
    assert lean.rolled_throughput_yield(yields) == pytest.approx(0.98 * 0.95 * 0.97 * 0.99)
    assert lean.normalized_yield(yields) == pytest.approx((0.98 * 0.95 * 0.97 * 0.99) ** 0.25)
    frame = pd.DataFrame([yields, [1.0, 1.0, 1.0, 0.5]], index=["line a", "line b"])
    out = lean.rolled_throughput_yield(frame)
    assert list(out.index) == ["line a", "line b"]
    assert out["line b"] == 0.5
