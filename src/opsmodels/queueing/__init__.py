"""Queueing models: Erlang B, C and A, M/M/c and M/M/c/K, M/G/1, Kingman/VUT, open (Jackson)
and closed (MVA) networks, and staffing.

Every public name is listed in ``__all__``, gathered from the private modules' own lists.
"""

from __future__ import annotations

from opsmodels.queueing import _erlang, _mva, _networks, _staffing, _stations
from opsmodels.queueing._erlang import *  # noqa: F403
from opsmodels.queueing._mva import *  # noqa: F403
from opsmodels.queueing._networks import *  # noqa: F403
from opsmodels.queueing._staffing import *  # noqa: F403
from opsmodels.queueing._stations import *  # noqa: F403

__all__ = [
    *_erlang.__all__,
    *_stations.__all__,
    *_staffing.__all__,
    *_mva.__all__,
    *_networks.__all__,
]
