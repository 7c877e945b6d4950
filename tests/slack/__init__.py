"""Fake Slack servers and request builders for the test suite (import as ``tests.slack.fake_slack``)."""
