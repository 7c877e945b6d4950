"""Counts of generated inputs, printed at the end of the run; and the platform fixtures the
reliability tests share with tests/slack and tests/matrix.

Imported here, the Matrix fixtures are this directory's own: its session homeserver is a
second one, which the outage test stops and starts without disturbing the Matrix tests.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.matrix.conftest import (  # noqa: F401
    bot_factory,
    matrix_user_factory,
    person_factory,
    synapse,
    synapse_server_factory,
)
from tests.slack.conftest import fake_slack, workspace  # noqa: F401

COUNTS = pytest.StashKey[Counter]()


@pytest.fixture
def generated(request) -> Counter:
    """Add to ``generated[layer]`` for every generated input a test feeds to the bot."""
    return request.config.stash.setdefault(COUNTS, Counter())


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    counts = config.stash.get(COUNTS, None)
    if counts:
        parts = ", ".join(f"{layer} {n:,}" for layer, n in sorted(counts.items()))
        terminalreporter.write_line(f"hostile inputs generated: {sum(counts.values()):,} ({parts})")
