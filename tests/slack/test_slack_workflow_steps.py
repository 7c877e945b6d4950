"""Workflow Builder steps ("Create action item", "Add event"): a workspace's workflow runs them;
Slack sends ``function_executed`` and waits for ``functions.completeSuccess`` (with the outputs
the manifest promises) or ``functions.completeError`` (with a message the workflow shows)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import yaml

import bot.adapters.slack.adapter as slack_adapter
from bot.app import build_router
from tests.slack.test_slack_commands import texts

MANIFEST = yaml.safe_load(Path(slack_adapter.__file__).with_name("manifest.yaml").read_text())


def required_outputs(callback_id: str) -> list[str]:
    return MANIFEST["functions"][callback_id]["output_parameters"]["required"]


async def run_step(workspace, fake_slack, callback_id: str, inputs: dict):
    event = fake_slack.function_executed(callback_id, inputs, required_outputs=required_outputs(callback_id))
    await workspace.event(event)
    for _ in range(100):  # until the step is completed or failed (bounded: 5 s)
        execution = fake_slack.function_executions[event["function_execution_id"]]
        if execution["state"] != "running":
            return event, execution
        await asyncio.sleep(0.05)
    raise AssertionError(f"step {callback_id} neither completed nor failed")


def test_the_manifest_offers_both_steps_with_inputs_and_outputs():
    functions = MANIFEST["functions"]
    assert {f["title"] for f in functions.values()} == {"Create action item", "Add event"}
    for callback_id, f in functions.items():
        assert set(f["input_parameters"]["required"]) <= set(f["input_parameters"]["properties"])
        assert set(f["output_parameters"]["required"]) == {"id", "summary"}
    assert {form.step for form in build_router().forms if form.step} == set(functions)
    assert "function_executed" in MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    assert MANIFEST["settings"]["function_runtime"] == "remote" and MANIFEST["settings"]["org_deploy_enabled"]


async def test_create_action_item_step_completes_with_the_new_id(workspace, fake_slack):
    event, execution = await run_step(workspace, fake_slack, "create_action_item_step", {
        "text": "Send the toolkit", "user": "U0ANA", "owners": ["U0BEN"], "due": "2026-12-14",
        "group": "communications and engagement", "channel": "C0GENERAL"})
    assert execution["state"] == "completed", execution
    assert execution["outputs"]["id"] == "A1" and "Send the toolkit" in execution["outputs"]["summary"]
    [done] = fake_slack.calls_to("functions.completeSuccess")
    assert done.token == event["bot_access_token"]  # with the token the workflow handed over
    post = await fake_slack.wait_for_call("chat.postMessage")
    assert post.args["channel"] == "C0GENERAL" and "<@U0BEN>" in texts(post.args["blocks"])
    assert "Communications and Engagement" in texts(post.args["blocks"])


async def test_add_event_step_reads_the_time_in_the_recorded_persons_zone(workspace, fake_slack):
    fake_slack.add_user("U0NY", name="nora", tz="America/New_York")
    _, execution = await run_step(workspace, fake_slack, "add_event_step", {
        "title": "Donor call", "date": "2027-01-14", "time": "15:00", "user": "U0NY"})
    assert execution["state"] == "completed", execution
    assert execution["outputs"]["id"] == "E1"
    from storage import events

    async with workspace.app.sessions() as session:
        event = await events.get(session, 1)
    assert event.start_at.isoformat().startswith("2027-01-14T20:00")  # 15:00 in New York


async def test_a_step_that_cannot_be_done_fails_with_a_clear_message_and_saves_nothing(workspace, fake_slack):
    for inputs, says in (({"text": "  ", "user": "U0ANA"}, "what needs doing"),
                         ({"text": "x" * 2500, "user": "U0ANA"}, "2500 characters"),
                         ({"text": "Fine", "user": "U0ANA", "group": "no-such-group"}, "no-such-group"),
                         ({"text": "Fine"}, "user")):
        _, execution = await run_step(workspace, fake_slack, "create_action_item_step", inputs)
        assert execution["state"] == "failed" and says in execution["error"], execution
    _, execution = await run_step(workspace, fake_slack, "add_event_step",
                                  {"title": "No date", "date": "not a date", "user": "U0ANA"})
    assert execution["state"] == "failed", execution
    assert fake_slack.calls_to("chat.postMessage") == []
    from storage import actions

    async with workspace.app.sessions() as session:
        assert await actions.count(session, actions.ItemQuery(statuses=())) == 0
