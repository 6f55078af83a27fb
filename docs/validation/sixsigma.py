"""Reference cases shown in the six-sigma validation table (source, quantity, published, ours,
tolerance). Each mirrors a reference test under tests/sixsigma/."""

from __future__ import annotations

from collections.abc import Iterator

from opsmodels import sixsigma as ss

MONTGOMERY_VI = "Montgomery, *Introduction to SQC*, 7th ed., App. Table VI"


def cases() -> Iterator[tuple[str, str, float, float, float]]:
    k2, k5, k10 = ss.control_constants(2), ss.control_constants(5), ss.control_constants(10)
    yield MONTGOMERY_VI, "d2(5)", 2.326, k5.d2, 5e-4
    yield MONTGOMERY_VI, "d3(5)", 0.864, k5.d3, 5e-4
    yield MONTGOMERY_VI, "A2(5)", 0.577, k5.A2, 5e-4
    yield MONTGOMERY_VI, "D4(2)", 3.267, k2.D4, 5e-4
    yield MONTGOMERY_VI, "c4(10)", 0.9727, k10.c4, 5e-5
    yield MONTGOMERY_VI, "B3(10)", 0.284, k10.B3, 5e-4
