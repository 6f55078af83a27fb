"""Plots of opsmodels results (the ``plot`` extra: matplotlib, imported lazily).

Every plot takes ``ax=None`` (a new figure when None) and returns the Axes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["plot"]


def plot(result: Any, ax: Any = None, **kwargs: Any) -> Any:
    """Draw any plottable opsmodels result; dispatches on the result's type."""
    raise TypeError(f"opsmodels has no plot for {type(result).__name__}")
