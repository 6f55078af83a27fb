"""Six sigma: process capability, control charts and run rules, DPMO and sigma levels,
gauge R&R and Pareto analysis.

Every public name is listed in ``__all__``, gathered from the private modules' own lists.
"""

from __future__ import annotations

from opsmodels.sixsigma import _constants
from opsmodels.sixsigma._constants import *  # noqa: F403
from opsmodels.sixsigma import _capability
from opsmodels.sixsigma._capability import *  # noqa: F403
from opsmodels.sixsigma import _nonnormal
from opsmodels.sixsigma._nonnormal import *  # noqa: F403
from opsmodels.sixsigma import _rules
from opsmodels.sixsigma._rules import *  # noqa: F403
from opsmodels.sixsigma import _arl
from opsmodels.sixsigma._arl import *  # noqa: F403
from opsmodels.sixsigma import _attribute
from opsmodels.sixsigma._attribute import *  # noqa: F403
from opsmodels.sixsigma import _gauge
from opsmodels.sixsigma._gauge import *  # noqa: F403
from opsmodels.sixsigma import _pareto
from opsmodels.sixsigma._pareto import *  # noqa: F403
from opsmodels.sixsigma import _charts
from opsmodels.sixsigma._charts import *  # noqa: F403

__all__ = [
    *_constants.__all__,
    *_capability.__all__,
    *_nonnormal.__all__,
    *_rules.__all__,
    *_arl.__all__,
    *_attribute.__all__,
    *_gauge.__all__,
    *_pareto.__all__,
    *_charts.__all__,
]
