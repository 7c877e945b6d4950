"""Times in the reader's zone: an event set at 15:00 in New York is shown with Slack's
``<!date^…>`` (each reader's own zone), its fallback in the reader's zone, one style everywhere;
a form's time is read in the submitter's zone."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

from tests.slack import signing
from tests.slack.test_slack_commands import texts

DATE_TOKEN = re.compile(r"<!date\^(\d+)\^\{date_short_pretty\} \{time\}\|([^>]+)>")


async def add_event_by_form(workspace, fake_slack, user: str) -> None:
    trigger = fake_slack.new_trigger_id()
    await workspace.slash("/event", "add", user=user, trigger_id=trigger)
    opened = await fake_slack.wait_for_call("views.open", lambda c: c.args["trigger_id"] == trigger)
    values = {
        "title": {"value": {"type": "plain_text_input", "value": "Donor call"}},
        "date": {"value": {"type": "datepicker", "selected_date": "2027-01-14"}},
        "time": {"value": {"type": "timepicker", "selected_time": "15:00"}},
    }
    submit = signing.view_submission_payload("event_modal", values, user_id=user,
                                             private_metadata=opened.args["view"]["private_metadata"])
    assert await workspace.interact(submit) == 200
    await fake_slack.wait_for_call("chat.postMessage", lambda c: "Donor call" in c.args.get("text", ""))


async def test_an_event_time_is_shown_in_each_readers_zone(workspace, fake_slack):
    fake_slack.add_user("U0NY", name="nora", tz="America/New_York")
    fake_slack.add_user("U0TOKYO", name="taro", tz="Asia/Tokyo")
    await add_event_by_form(workspace, fake_slack, "U0NY")  # 15:00 in New York = 20:00 UTC in January
    instant = int(datetime(2027, 1, 14, 20, 0, tzinfo=UTC).timestamp())

    for user, local in (("U0NY", "15:00"), ("U0ANA", "21:00"), ("U0TOKYO", "05:00")):
        url = await workspace.slash("/event", "show E1", user=user)
        [card] = await workspace.answers(url)
        [(epoch, fallback)] = DATE_TOKEN.findall(texts(card["blocks"]))
        assert int(epoch) == instant  # Slack shows each reader the instant in their own zone
        assert local in fallback, (user, fallback)  # and the fallback is in the asker's zone
        url = await workspace.slash("/event", "list", user=user)
        [listing] = await workspace.answers(url)
        assert [int(e) for e, _ in DATE_TOKEN.findall(texts(listing["blocks"]))] == [instant]

    await workspace.event({"type": "app_home_opened", "user": "U0TOKYO", "channel": "D0TOKYO", "tab": "home",
                           "event_ts": f"{time.time():.6f}"})
    home = await fake_slack.wait_for_call("views.publish")
    assert [int(e) for e, _ in DATE_TOKEN.findall(texts(home.args["view"]["blocks"]))] == [instant]


async def test_a_reminder_time_uses_the_same_style(workspace, fake_slack):
    url = await workspace.slash("/a87remind", "here tomorrow 9:00 send the toolkit")
    [card] = await workspace.answers(url)
    assert DATE_TOKEN.search(texts(card["blocks"])), texts(card["blocks"])
