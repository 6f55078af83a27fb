"""Control charts: variables (X-bar/R, X-bar/S, I-MR), attributes (p, np, c, u, Laney p'/u',
g), time-weighted (EWMA, CUSUM) and multivariate (Hotelling T²), with frozen limits for
Phase II.

Every chart returns a :class:`ControlChart` (the X-bar/R, X-bar/S and I-MR charts return a
pair of them) whose ``limits`` can be saved as JSON and applied to new data with ``limits=``.
"""

from __future__ import annotations

from opsmodels.sixsigma import (
    _charts_attributes,
    _charts_multivariate,
    _charts_time_weighted,
    _charts_variables,
    _limits,
)
from opsmodels.sixsigma._charts_attributes import *  # noqa: F403
from opsmodels.sixsigma._charts_multivariate import *  # noqa: F403
from opsmodels.sixsigma._charts_time_weighted import *  # noqa: F403
from opsmodels.sixsigma._charts_variables import *  # noqa: F403
from opsmodels.sixsigma._limits import *  # noqa: F403

__all__ = [
    *_limits.__all__,
    *_charts_variables.__all__,
    *_charts_attributes.__all__,
    *_charts_time_weighted.__all__,
    *_charts_multivariate.__all__,
]
