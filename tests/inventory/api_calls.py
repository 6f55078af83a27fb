"""One valid call per public inventory function, for the public-API sweep (tests/test_public_api.py).

Keyword arguments are listed in full (options included) so that the sweep tries bad values on
every parameter.
"""

from __future__ import annotations

from typing import Any

from opsmodels.inventory import Poisson

VALID_CALLS: dict[str, dict[str, Any]] = {
    "as_demand": {"demand": Poisson(4.0)},
}
