"""Small synthetic sample data sets, generated deterministically in code (no file is read).

Six sigma: :func:`diameters` (subgrouped measurements with a mean shift), :func:`defects`
(daily inspection counts with varying sample sizes and a defect-type breakdown) and
:func:`gauge_study` (a crossed gauge R&R study).
Inventory: :func:`skus` (a table of SKUs with demand, costs, lead times and service targets).
Lean: :func:`machine_states` (a machine state log with counts), :func:`order_events` (an order
event log with waste), :func:`value_stream_steps` and :func:`assembly_tasks` (a line to balance).
Segmentation: :func:`bank_transactions` (a bank-branch transaction log with cohorts).
Process: :func:`shop_steps` and :func:`shop_event_log` (a machine shop's routing and an event
log of it) and :func:`branch_arrivals` (a bank branch's arrivals over a day).
"""

from __future__ import annotations

from opsmodels.datasets import _inventory, _lean, _process, _segmentation, _sixsigma
from opsmodels.datasets._inventory import *  # noqa: F403
from opsmodels.datasets._lean import *  # noqa: F403
from opsmodels.datasets._process import *  # noqa: F403
from opsmodels.datasets._segmentation import *  # noqa: F403
from opsmodels.datasets._sixsigma import *  # noqa: F403

__all__ = [
    *_sixsigma.__all__,
    *_inventory.__all__,
    *_lean.__all__,
    *_segmentation.__all__,
    *_process.__all__,
]
