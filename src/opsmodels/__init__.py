"""opsmodels: operations-management models for lean, six sigma, theory of constraints,
queueing, inventory and customer segmentation.

Examples
--------
>>> import opsmodels as om
>>> round(om.sixsigma.control_constants(5).d2, 3)
2.326
"""

from __future__ import annotations

from opsmodels import (
    constraints,
    datasets,
    errors,
    inventory,
    lean,
    process,
    queueing,
    segmentation,
    sixsigma,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "constraints",
    "datasets",
    "errors",
    "inventory",
    "lean",
    "process",
    "queueing",
    "segmentation",
    "sixsigma",
]
