"""Every reply kind and view the bot can produce, with a large data set (300 action items and
300 events with long texts, mentions and mrkdwn control characters), sent through signed HTTP to
the bot and checked by the fake Slack, which refuses what Slack refuses (``block_kit.py``)."""

from __future__ import annotations

import time
from datetime import date, timedelta

from tests.slack import signing

try:
    from . import block_kit
except ImportError:
    import block_kit

APOLOGY = "Sorry, I could not answer just now"
CHECKED = ("chat.postMessage", "chat.postEphemeral", "chat.update", "response_url", "views.open",
           "views.publish", "views.update")


async def seed_large(app, n: int = 300) -> None:
    from storage import actions, events, groups
    from storage.models import CalendarEvent

    long = ("Review <@slack:U0BEN>'s due diligence report & <compare> it with the ILO *toolkit* "
            "at https://ilo.org/kit?a=1&b=2 ")
    async with app.sessions.begin() as session:
        group = (await groups.all_groups(session))[0]
        for i in range(n):
            text = (f"{i}: " + long * 30)[:2000]
            await actions.add(session, text=text, created_by="slack:U0ANA", created_platform="slack",
                              owners=[("slack:U0ANA", True), ("slack:U0BEN", True), ("UNICEF & <ILO>", False)],
                              group_id=group.id, due_date=date(2026, 12, 1) + timedelta(days=i % 40))
            start = date(2026, 12, 1) + timedelta(days=i % 60)
            await events.add(session, CalendarEvent(
                title=(f"{i}: " + long * 10)[:500], starts_on=start, ends_on=start, place=("Abidjan & <" * 30)[:300],
                description=long * 20, link="https://example.org/" + "x" * 900, group_id=group.id,
                created_by="slack:U0ANA", created_platform="slack", channel_id="slack:C0GENERAL"))


def refused(fake, start: int = 0) -> list:
    return [(c.method, c.response) for c in fake.calls[start:]
            if c.method in CHECKED and c.status is not None and not c.ok]


async def test_every_reply_and_view_with_a_large_data_set_is_accepted_by_slack(workspace, fake_slack):
    await seed_large(workspace.app)
    commands = [
        ("/action", "list"), ("/action", "list all"), ("/action", "list mine"), ("/action", "list overdue"),
        ("/action", "show A1"), ("/action", "show A300"), ("/action", "done A2"), ("/action", "list done"),
        ("/action", "frobnicate"), ("/action", ""), ("/event", "list"), ("/event", "list upcoming"),
        ("/event", "show E1"), ("/event", "list past"), ("/pathfinder", "list"), ("/pathfinder", "Nepal"),
        ("/a87help", ""), ("/a87help", "action"), ("/a87help", "event"), ("/digest", "preview"),
        ("/a87remind", "list"), ("/a87remind", "A1 on Friday"), ("/a87lang", ""), ("/a87tz", ""),
        ("/ask", "what is due this week?"), ("/ask", "how is Nepal doing?"), ("/event", "export"),
    ]
    for command, text in commands:
        url = await workspace.slash(command, text)
        answers = await workspace.answers(url)
        assert answers and not any(APOLOGY in (a.get("text") or "") for a in answers), (command, text)

    # a mention and a DM answer, posted with chat.postMessage
    await workspace.event(signing.message_event("<@UBOT> action list all", user="U0ANA") | {"type": "app_mention"})
    await fake_slack.wait_for_call("chat.postMessage", lambda c: "action items" in (c.args.get("text") or ""))

    # the Home tab, and both forms
    await workspace.event({"type": "app_home_opened", "user": "U0ANA", "channel": "D0ANA", "tab": "home",
                           "event_ts": f"{time.time():.6f}"})
    home = await fake_slack.wait_for_call("views.publish")
    for command in ("/action", "/event"):
        await workspace.slash(command, "add", trigger_id=fake_slack.new_trigger_id())
    await fake_slack.wait_for_call("views.open", lambda c: c.args["view"]["callback_id"] == "event_modal")

    # a row button in the long list
    listing = next(c for c in fake_slack.calls if c.method == "response_url"
                   and "Open action items" in (c.args.get("text") or ""))
    message = fake_slack.channel_messages("C0GENERAL")[-1] if listing.args.get("response_type") == "in_channel" \
        else None
    if message and message.get("blocks"):
        row = next(b for b in message["blocks"] if isinstance(b.get("accessory"), dict))
        payload = signing.block_actions_payload(row["accessory"]["action_id"], row["accessory"]["value"],
                                                user_id="U0ANA", block_id=row["block_id"],
                                                message_ts=message["ts"], message=message)
        await workspace.interact(payload)
        await fake_slack.wait_for_call("chat.update")

    assert refused(fake_slack) == []
    assert home.ok
    # and the oracle agrees with itself: every payload sent is clean by Slack's rules
    for call in fake_slack.calls:
        if call.method in ("views.open", "views.publish"):
            assert block_kit.view_problems(call.args["view"], home=call.method == "views.publish") == []
        elif call.method in CHECKED and call.args.get("blocks") is not None:
            assert block_kit.problems(call.args["blocks"]) == []
