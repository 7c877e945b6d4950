"""Slack at its worst, through signed HTTP into the running bot and a fake Slack that fails
on purpose: one event delivered four times while the first is still being answered, and a
storm of rate limits, server errors, timeouts and lost answers on chat.postMessage.

(Single failures - one 429, one 5xx, one lost answer, one timeout - are in
tests/slack/test_slack_reliability.py.)
"""

from __future__ import annotations

import asyncio
from collections import Counter

from sqlalchemy import func, select

from bot.messages import Reply, Target, rich
from storage.models import ActionItem
from tests.slack import signing

STORM_SEED = 87
STORM_CHANNELS = ("C0GENERAL", "C0MIGRATION", "C0SUPPLY", "C0CHILD")
STORM_POSTS = 60
STORM_CONCURRENCY = 10
STORM_FAULTS = {"ratelimit": 0.2, "server_error": 0.12, "timeout": 0.06, "disconnect_after": 0.05,
                "disconnect": 0.04}
SEND_ROUNDS = 6  # like the scheduler: a send that fails is tried again later with the same key


def dm(text: str, **kw):
    return signing.message_event(text, user="U0ANA", channel="D0ANA", **kw)


async def action_items(workspace) -> int:
    async with workspace.app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(ActionItem))


async def test_one_event_delivered_four_times_while_the_first_is_still_answering_has_one_effect(
    workspace, fake_slack
):
    # Slack is busy: the first answer waits out a 429 with Retry-After, so the event is still
    # being handled when Slack, which saw no answer in time, sends it again - three times.
    fake_slack.inject("chat.postMessage", "ratelimit", retry_after=3)
    event = dm("action add Book the venue for the supply chain workshop", ts="1764000000.000700")
    await workspace.event(event, event_id="Ev0FOURTIMES")
    await fake_slack.wait_for_call("chat.postMessage", include_faulted=True)  # the first is mid-answer

    await asyncio.gather(*(workspace.event(event, event_id="Ev0FOURTIMES", retry_num=n) for n in (1, 2, 3)))
    assert fake_slack.calls_to("chat.postMessage") == []  # the retries came while the first was running

    answer = await fake_slack.wait_for_call("chat.postMessage", timeout=15)
    assert "A1 · Book the venue for the supply chain workshop" in answer.args["text"]
    await workspace.event(dm("action list all"))
    listing = await fake_slack.wait_for_call("chat.postMessage", lambda c: "All action items" in c.args["text"])

    assert "(1)" in listing.args["text"]
    assert await action_items(workspace) == 1
    replies = [m for m in fake_slack.channel_messages("D0ANA") if m.get("thread_ts") == "1764000000.000700"]
    assert len(replies) == 1
    assert len([c for c in fake_slack.calls_to("chat.postMessage", include_faulted=True) if c.faulted]) == 1


async def test_every_post_lands_exactly_once_through_a_storm_of_failures(workspace, fake_slack):
    for channel in STORM_CHANNELS[1:]:
        fake_slack.add_channel(channel)
    fake_slack.inject_at_random("chat.postMessage", STORM_FAULTS, seed=STORM_SEED, hold=4)
    adapter = workspace.adapter
    gate = asyncio.Semaphore(STORM_CONCURRENCY)

    async def post(n: int) -> int:
        """One scheduled post; like the scheduler, a failed send is tried again with its key."""
        channel = STORM_CHANNELS[n % len(STORM_CHANNELS)]
        reply = Reply(title=f"Reminder {n}", body=(rich(f"Storm post number {n}."),))
        async with gate:
            for attempt in range(1, SEND_ROUNDS + 1):
                try:
                    await adapter.send(Target("slack", f"slack:{channel}"), reply, key=f"storm-{n}")
                    return attempt
                except Exception:
                    continue
        raise AssertionError(f"post {n} did not land in {SEND_ROUNDS} rounds")

    rounds = await asyncio.wait_for(asyncio.gather(*(post(n) for n in range(STORM_POSTS))), timeout=120)
    fake_slack.clear_faults()

    landed: Counter[str] = Counter()
    for channel in STORM_CHANNELS:
        for message in fake_slack.channel_messages(channel):
            key = ((message.get("metadata") or {}).get("event_payload") or {}).get("key")
            landed[key] += 1
            assert message["text"].startswith(f"Reminder {key.removeprefix('storm-')}\n")
    assert landed == Counter({f"storm-{n}": 1 for n in range(STORM_POSTS)})

    faulted = Counter(c.faulted for c in fake_slack.calls_to("chat.postMessage", include_faulted=True) if c.faulted)
    assert set(faulted) == set(STORM_FAULTS), faulted  # the storm had every kind of failure in it
    metrics = workspace.app.metrics
    for reason in ("ratelimited", "server_error", "timeout"):
        assert metrics.value("alliance_bot_retries_total", {"platform": "slack", "reason": reason}) >= 1, reason
    assert metrics.value("alliance_bot_deliveries_total", {"platform": "slack", "outcome": "ok"}) == STORM_POSTS
    print(f"\n{STORM_POSTS} posts through {sum(faulted.values())} injected failures "
          f"({', '.join(f'{k} {v}' for k, v in sorted(faulted.items()))}); "
          f"{sum(r > 1 for r in rounds)} needed a second send; 0 duplicates, 0 lost")
