"""Process graphs: the schema and validation of NetworkX process graphs, process graphs from
event logs with performance statistics, and flow balance (visit ratios, arrival rates).

The schema of a process graph (node and edge attributes, how units enter and leave) is
described in :mod:`opsmodels.process._schema` and in :func:`validate_process_graph`.

Every public name is listed in ``__all__``, gathered from the private modules' own lists.
"""

from __future__ import annotations

from opsmodels.process import _eventlog, _flow, _schema
from opsmodels.process._eventlog import *  # noqa: F403
from opsmodels.process._flow import *  # noqa: F403
from opsmodels.process._schema import *  # noqa: F403

__all__ = [
    *_schema.__all__,
    *_eventlog.__all__,
    *_flow.__all__,
]
