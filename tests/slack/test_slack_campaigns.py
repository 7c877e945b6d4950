"""Shared resources and campaigns typed in Slack as slash commands, sent as signed HTTP requests."""

from __future__ import annotations

from tests.slack.test_slack_commands import texts


async def test_a_resource_is_shared_and_found_from_slack(workspace):
    url = await workspace.slash("/resource", "add https://www.ilo.org/toolkit title Child labour in supply chains "
                                             "tags <!channel> due diligence")
    [saved] = await workspace.answers(url)
    shown = texts(saved["blocks"])
    assert "Resource L1 saved." in shown and "Child labour in supply chains" in shown
    assert "<!channel>" not in shown  # a tag can never ping the channel
    url = await workspace.slash("/resource", "find supply chain")
    [found] = await workspace.answers(url)
    assert "Child labour in supply chains" in texts(found["blocks"])


async def test_a_campaign_is_started_and_fed_from_slack(workspace):
    [started] = await workspace.answers(await workspace.slash("/campaign", "start World Day Against Child Labour"))
    assert "Campaign C1 started." in texts(started["blocks"])
    [added] = await workspace.answers(await workspace.slash("/highlight", "Nepal The master plan was adopted"))
    assert "Highlight H1 added to C1." in texts(added["blocks"])
    [champion] = await workspace.answers(await workspace.slash("/champion", '"Ana Pérez" ILO for the toolkit'))
    assert "Champion H2 added to C1." in texts(champion["blocks"])
    [listed] = await workspace.answers(await workspace.slash("/campaign", "list"))
    assert "1 highlights, 1 champions" in texts(listed["blocks"])
