"""Six sigma: process capability, control charts and run rules, DPMO and sigma levels,
gauge R&R and Pareto analysis.

Control charts return a :class:`ControlChart` (X-bar/R, X-bar/S and I-MR return a pair of them)
whose ``limits`` are saved as JSON and applied to new data with ``limits=`` (Phase II).

Every public name is listed in ``__all__``, gathered from the private modules' own lists.
"""

from __future__ import annotations

from opsmodels.sixsigma import (
    _arl,
    _attribute,
    _capability,
    _charts_attributes,
    _charts_multivariate,
    _charts_time_weighted,
    _charts_variables,
    _constants,
    _gauge,
    _limits,
    _nonnormal,
    _pareto,
    _rules,
)
from opsmodels.sixsigma._arl import *  # noqa: F403
from opsmodels.sixsigma._attribute import *  # noqa: F403
from opsmodels.sixsigma._capability import *  # noqa: F403
from opsmodels.sixsigma._charts_attributes import *  # noqa: F403
from opsmodels.sixsigma._charts_multivariate import *  # noqa: F403
from opsmodels.sixsigma._charts_time_weighted import *  # noqa: F403
from opsmodels.sixsigma._charts_variables import *  # noqa: F403
from opsmodels.sixsigma._constants import *  # noqa: F403
from opsmodels.sixsigma._gauge import *  # noqa: F403
from opsmodels.sixsigma._limits import *  # noqa: F403
from opsmodels.sixsigma._nonnormal import *  # noqa: F403
from opsmodels.sixsigma._pareto import *  # noqa: F403
from opsmodels.sixsigma._rules import *  # noqa: F403

__all__ = [
    *_constants.__all__,
    *_capability.__all__,
    *_nonnormal.__all__,
    *_rules.__all__,
    *_arl.__all__,
    *_attribute.__all__,
    *_gauge.__all__,
    *_pareto.__all__,
    *_limits.__all__,
    *_charts_variables.__all__,
    *_charts_attributes.__all__,
    *_charts_time_weighted.__all__,
    *_charts_multivariate.__all__,
]
