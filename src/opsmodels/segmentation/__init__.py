"""Customer segmentation and customer lifetime value: transaction summaries, RFM scores and
segments, lifecycle stages, cohorts, ABC of customers, k-means and BTYD models.

Every public name is listed in ``__all__``, gathered from the private modules' own lists.
"""

from __future__ import annotations

from opsmodels.segmentation import _btyd, _discrete, _rfm, _summary
from opsmodels.segmentation._btyd import *  # noqa: F403
from opsmodels.segmentation._discrete import *  # noqa: F403
from opsmodels.segmentation._rfm import *  # noqa: F403
from opsmodels.segmentation._summary import *  # noqa: F403

__all__: list[str] = [
    *_summary.__all__,
    *_btyd.__all__,
    *_discrete.__all__,
    *_rfm.__all__,
]
