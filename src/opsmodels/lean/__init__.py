"""Lean waste metrics: OEE and the ISO 22400 KPIs, flow metrics, value streams, waste from event
logs, yields, kanban sizing and line balancing.

Every public name is listed in ``__all__``, gathered from the private modules' own lists.
"""

from __future__ import annotations

from opsmodels._yields import normalized_yield, rolled_throughput_yield
from opsmodels.lean import (
    _flow,
    _flow_metrics,
    _iso22400,
    _kanban,
    _line_balancing,
    _oee,
    _vsm,
    _waste,
)
from opsmodels.lean._flow import *  # noqa: F403
from opsmodels.lean._flow_metrics import *  # noqa: F403
from opsmodels.lean._iso22400 import *  # noqa: F403
from opsmodels.lean._kanban import *  # noqa: F403
from opsmodels.lean._line_balancing import *  # noqa: F403
from opsmodels.lean._oee import *  # noqa: F403
from opsmodels.lean._vsm import *  # noqa: F403
from opsmodels.lean._waste import *  # noqa: F403

__all__ = [
    *_oee.__all__,
    *_iso22400.__all__,
    *_flow.__all__,
    *_flow_metrics.__all__,
    *_kanban.__all__,
    *_line_balancing.__all__,
    *_vsm.__all__,
    *_waste.__all__,
    "normalized_yield",
    "rolled_throughput_yield",
]
