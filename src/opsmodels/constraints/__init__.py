"""Theory of constraints: bottlenecks and capacity on process graphs, factory-physics curves,
data-driven bottleneck detection, product mix, CPM/PERT and drum-buffer-rope.

Every public name is listed in ``__all__``, gathered from the private modules' own lists.
"""

from __future__ import annotations

from opsmodels.constraints import (
    _bottleneck,
    _cpm,
    _dbr,
    _detection,
    _factory_physics,
    _mix_capacity,
    _product_mix,
)
from opsmodels.constraints._bottleneck import *  # noqa: F403
from opsmodels.constraints._cpm import *  # noqa: F403
from opsmodels.constraints._dbr import *  # noqa: F403
from opsmodels.constraints._detection import *  # noqa: F403
from opsmodels.constraints._factory_physics import *  # noqa: F403
from opsmodels.constraints._mix_capacity import *  # noqa: F403
from opsmodels.constraints._product_mix import *  # noqa: F403

__all__: list[str] = [
    *_factory_physics.__all__,
    *_cpm.__all__,
    *_product_mix.__all__,
    *_bottleneck.__all__,
    *_detection.__all__,
    *_dbr.__all__,
    *_mix_capacity.__all__,
]
