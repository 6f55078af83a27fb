"""Inventory policies: demand models, EOQ family, newsvendor, safety stock and reorder points,
(r,Q) and (s,S), lot sizing, multi-echelon systems, simulation and ABC/XYZ classification.

Every public name is listed in ``__all__``, gathered from the private modules' own lists.
"""

from __future__ import annotations

from opsmodels.inventory import (
    _classification,
    _demand,
    _distribution,
    _eoq,
    _gsm,
    _intermittent,
    _lot_sizing,
    _newsvendor,
    _periodic,
    _rq,
    _safety_stock,
    _serial,
    _simulation,
    _sku_table,
    _ss,
)
from opsmodels.inventory._classification import *  # noqa: F403
from opsmodels.inventory._demand import *  # noqa: F403
from opsmodels.inventory._distribution import *  # noqa: F403
from opsmodels.inventory._eoq import *  # noqa: F403
from opsmodels.inventory._gsm import *  # noqa: F403
from opsmodels.inventory._intermittent import *  # noqa: F403
from opsmodels.inventory._lot_sizing import *  # noqa: F403
from opsmodels.inventory._newsvendor import *  # noqa: F403
from opsmodels.inventory._periodic import *  # noqa: F403
from opsmodels.inventory._rq import *  # noqa: F403
from opsmodels.inventory._safety_stock import *  # noqa: F403
from opsmodels.inventory._serial import *  # noqa: F403
from opsmodels.inventory._simulation import *  # noqa: F403
from opsmodels.inventory._sku_table import *  # noqa: F403
from opsmodels.inventory._ss import *  # noqa: F403

__all__: list[str] = [
    *_demand.__all__,
    *_eoq.__all__,
    *_newsvendor.__all__,
    *_safety_stock.__all__,
    *_rq.__all__,
    *_serial.__all__,
    *_gsm.__all__,
    *_simulation.__all__,
    *_distribution.__all__,
    *_ss.__all__,
    *_periodic.__all__,
    *_lot_sizing.__all__,
    *_classification.__all__,
    *_intermittent.__all__,
    *_sku_table.__all__,
]
