"""Process graphs: the schema and validation of NetworkX process graphs, process graphs from
event logs with performance statistics, and flow balance (visit ratios, arrival rates).

Every public name is listed in ``__all__``, gathered from the private modules' own lists.
"""

from __future__ import annotations

__all__: list[str] = []
