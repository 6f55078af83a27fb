"""Shared fixtures: one distributed.LocalCluster (worker processes) for the whole session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A distributed Client on a LocalCluster of two single-threaded worker processes.

    Tests that prove an entry point runs on worker processes take this fixture; the cluster is
    started once per session (a random dashboard port, so parallel runs do not collide).
    """
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
