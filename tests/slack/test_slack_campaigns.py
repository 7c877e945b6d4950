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


async def test_the_save_as_resource_shortcut_shares_the_link_in_a_message(workspace, fake_slack):
    import time

    msg = fake_slack.add_message("C0GENERAL", "Useful for country teams: <https://www.ilo.org/r|the ILO guide> <!here>",
                                 user="U0BEN")
    payload = {
        "type": "message_action", "callback_id": "save_as_resource", "token": "x",
        "trigger_id": fake_slack.new_trigger_id(), "action_ts": f"{time.time():.6f}",
        "team": {"id": "TFAKE", "domain": "fake-workspace"}, "user": {"id": "U0ANA", "name": "ana"},
        "channel": {"id": "C0GENERAL", "name": "general"}, "message_ts": msg["ts"], "message": msg,
        "response_url": fake_slack.new_response_url(channel="C0GENERAL"),
    }
    assert await workspace.interact(payload) == 200
    post = await fake_slack.wait_for_call("chat.postMessage")
    shown = texts(post.args["blocks"])
    assert post.args["thread_ts"] == msg["ts"]
    assert "Resource L1 saved." in shown and "https://www.ilo.org/r" in shown
    assert "Useful for country teams" in shown  # the words around the link are its title, never fields
    assert "<!here>" not in shown
    without = fake_slack.add_message("C0GENERAL", "no link here", user="U0BEN")
    await workspace.interact({**payload, "message_ts": without["ts"], "message": without,
                              "action_ts": f"{time.time():.6f}", "trigger_id": fake_slack.new_trigger_id()})
    refusal = await fake_slack.wait_for_call("chat.postEphemeral")
    assert "This message has no web link to share." in refusal.args["text"]


async def test_the_add_as_highlight_shortcut_adds_a_message_to_the_campaign(workspace, fake_slack):
    import time

    await workspace.answers(await workspace.slash("/campaign", "start World Day Against Child Labour"))
    msg = fake_slack.add_message("C0GENERAL", "Nepal declared twelve districts free of child labour", user="U0BEN")
    payload = {
        "type": "message_action", "callback_id": "add_as_highlight", "token": "x",
        "trigger_id": fake_slack.new_trigger_id(), "action_ts": f"{time.time():.6f}",
        "team": {"id": "TFAKE", "domain": "fake-workspace"}, "user": {"id": "U0ANA", "name": "ana"},
        "channel": {"id": "C0GENERAL", "name": "general"}, "message_ts": msg["ts"], "message": msg,
        "response_url": fake_slack.new_response_url(channel="C0GENERAL"),
    }
    assert await workspace.interact(payload) == 200
    post = await fake_slack.wait_for_call("chat.postMessage")
    shown = texts(post.args["blocks"])
    assert "Highlight H1 added to C1." in shown and "*Country*\nNepal" in shown
    assert "*Highlight*\ndeclared twelve districts free of child labour" in shown


async def test_a_campaign_for_another_channel_picked_from_the_list(workspace):
    # Slack sends a channel picked from the # list as <#C…|name>
    [started] = await workspace.answers(await workspace.slash(
        "/campaign", "start World Day Against Child Labour in <#C0RANDOM|random>"))
    shown = texts(started["blocks"])
    assert "Campaign C1 started." in shown and "go to" in shown
    [here] = await workspace.answers(await workspace.slash("/campaign", "list"))
    assert "No campaign is open here." in texts(here["blocks"])
    [there] = await workspace.answers(await workspace.slash("/campaign", "list", channel="C0RANDOM"))
    assert "C1" in texts(there["blocks"])
    [typed] = await workspace.answers(await workspace.slash(
        "/campaign", "start World Day against Trafficking in Persons in #random"))
    assert "Pick it from the # list" in texts(typed["blocks"])  # a typed name is not a channel Slack picked
