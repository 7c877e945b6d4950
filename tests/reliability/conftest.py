"""Counts of generated inputs, printed at the end of the run."""

from __future__ import annotations

from collections import Counter

import pytest

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


# The bot on a fake Slack, as in tests/slack (HTTP mode, signed requests).
from tests.slack.conftest import fake_slack, workspace  # noqa: E402,F401
