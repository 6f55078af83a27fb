"""Customer segmentation and customer lifetime value: transaction summaries, RFM scores and
segments, lifecycle stages, cohorts, ABC of customers, k-means and BTYD models.

Every public name is listed in ``__all__``, gathered from the private modules' own lists.

Modules:

* ``_summary``: :func:`customer_summary`, :func:`calibration_holdout` (pandas or Dask
  transaction logs -> one row per customer; BTYD columns plus RFM raw values).
* ``_fitting``: shared model machinery (the :class:`FittedModel` base of frozen fitted
  models, history checks and compression, the BFGS-on-log-parameters loop with boundary
  diagnosis, Hessian standard errors, "numeric in, same kind out" helpers).
* ``_btyd``: :class:`BGNBD`, :class:`MBGNBD`, :class:`ParetoNBD` (continuous time) and
  :class:`GammaGamma` (spend).
* ``_discrete``: :class:`BGBB` (discrete opportunities) and :class:`ShiftedBetaGeometric`
  (contractual retention).
* ``_rfm``: :func:`rfm_scores`, :func:`rfm_segments`, :data:`SEGMENT_MAPS`,
  :func:`segment_migration`.
* ``_lifecycle``: :func:`lifecycle_stages`, :data:`LIFECYCLE_STAGES`, :data:`LIFECYCLE_WINDOWS`.
* ``_cohorts``: :func:`cohort_retention`, :func:`customer_abc`, :func:`concentration`.
* ``_kmeans``: :func:`kmeans`, :func:`kmeans_selection`.
* ``_value``: :func:`customer_lifetime_value` (DERT x spend, explicit time units).
* ``_holdout``: :func:`holdout_validation`, :class:`HoldoutResult`.
"""

from __future__ import annotations

from opsmodels.segmentation import (
    _btyd,
    _cohorts,
    _discrete,
    _holdout,
    _kmeans,
    _lifecycle,
    _rfm,
    _summary,
    _value,
)
from opsmodels.segmentation._btyd import *  # noqa: F403
from opsmodels.segmentation._cohorts import *  # noqa: F403
from opsmodels.segmentation._discrete import *  # noqa: F403
from opsmodels.segmentation._holdout import *  # noqa: F403
from opsmodels.segmentation._kmeans import *  # noqa: F403
from opsmodels.segmentation._lifecycle import *  # noqa: F403
from opsmodels.segmentation._rfm import *  # noqa: F403
from opsmodels.segmentation._summary import *  # noqa: F403
from opsmodels.segmentation._value import *  # noqa: F403

__all__: list[str] = [
    *_summary.__all__,
    *_btyd.__all__,
    *_discrete.__all__,
    *_rfm.__all__,
    *_cohorts.__all__,
    *_lifecycle.__all__,
    *_kmeans.__all__,
    *_value.__all__,
    *_holdout.__all__,
]
