"""Fixtures that run a real Synapse homeserver on loopback.

* ``synapse``                 - one server for the whole session (limits opened wide)
* ``synapse_server_factory``  - start extra servers, e.g. with real rate limits
* ``matrix_user_factory``     - register unique users on ``synapse``

Tests depending on these fixtures are skipped, with a visible reason, when
matrix-synapse is not installed.
"""

from __future__ import annotations

import importlib.util
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

try:  # tests/ laid out as packages
    from .synapse_server import SynapseServer
except ImportError:  # rootdir-relative "prepend" import mode (no __init__.py)
    _here = str(Path(__file__).resolve().parent)
    if _here not in sys.path:
        sys.path.insert(0, _here)
    from synapse_server import SynapseServer

# find_spec does not import synapse (which has side effects) into the test process;
# the server runs in a child process anyway.
SYNAPSE_AVAILABLE = importlib.util.find_spec("synapse") is not None
SKIP_REASON = "matrix-synapse not installed; install the test extra (pip install -e '.[test]')"


def _require_synapse() -> None:
    if not SYNAPSE_AVAILABLE:
        pytest.skip(SKIP_REASON)


@pytest.fixture(scope="session")
def synapse_server_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., SynapseServer]]:
    """Return ``make(name="hs", **kwargs) -> started SynapseServer``.

    Servers still running at the end of the session are stopped; callers may
    stop theirs earlier with ``server.stop()``.
    """
    _require_synapse()
    servers: list[SynapseServer] = []

    def make(name: str = "hs", **kwargs) -> SynapseServer:
        server = SynapseServer(tmp_path_factory.mktemp(name), **kwargs)
        servers.append(server)
        server.start()
        return server

    try:
        yield make
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="session")
def synapse(synapse_server_factory: Callable[..., SynapseServer]) -> SynapseServer:
    """The session's homeserver (all rate limits opened wide).

    Tests that ``stop()``/``restart()``/``pause()`` it must leave it running
    (and resumed) again; ``restart()`` keeps data dir and port.
    """
    return synapse_server_factory("synapse")


@pytest.fixture
def matrix_user_factory(synapse: SynapseServer) -> Callable[..., tuple[str, str]]:
    """Return ``make(prefix="user", admin=False) -> (user_id, password)``.

    Every call registers a fresh user with a unique localpart.
    """

    def make(prefix: str = "user", admin: bool = False) -> tuple[str, str]:
        # Heal a session server an earlier (failed) test left stopped or paused.
        synapse.resume()
        if not synapse.is_running:
            synapse.start()
        localpart = f"{prefix}-{uuid.uuid4().hex[:12]}"
        password = uuid.uuid4().hex
        user_id = synapse.register_user(localpart, password, admin=admin)
        return user_id, password

    return make
