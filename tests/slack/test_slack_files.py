"""A calendar file shared with "event import": read with the bot token and imported."""

from __future__ import annotations

from tests.scheduler.test_ical import OUTSIDE_CALENDAR
from tests.slack import signing


async def test_a_calendar_shared_in_a_direct_message_with_event_import_is_imported(workspace, fake_slack):
    file = fake_slack.share_file("partners.ics", OUTSIDE_CALENDAR, "text/calendar", user="U0ANA")
    await workspace.event(signing.message_event("event import", user="U0ANA", channel="D0ANA",
                                                subtype="file_share", files=[file]))
    answer = await fake_slack.wait_for_call("chat.postMessage", timeout=10)
    assert "2 events added to the calendar." in answer.args["text"]
    [download] = fake_slack.calls_to("files-pri")
    assert download.headers["Authorization"] == "Bearer xoxb-test"

    await workspace.event(signing.message_event("event list all", user="U0ANA", channel="D0ANA"))
    listing = await fake_slack.wait_for_call("chat.postMessage", lambda c: "Human Rights Day webinar" in c.args["text"])
    assert "Migrants Day campaign" in listing.args["text"]


async def test_a_file_slack_will_not_hand_over_gets_the_usual_answer(workspace, fake_slack):
    file = fake_slack.share_file("partners.ics", OUTSIDE_CALENDAR, "text/calendar", user="U0ANA")
    # the file was deleted meanwhile: Slack answers the download with its sign-in page
    file["url_private_download"] = file["url_private_download"].replace(file["id"], "F0GONE")
    await workspace.event(signing.message_event("<@UBOT> event import", user="U0ANA", channel="C0GENERAL",
                                                type="app_mention", files=[file]))
    answer = await fake_slack.wait_for_call("chat.postEphemeral", timeout=10)
    assert "Give the address of an .ics calendar, or attach one." in answer.args["text"]
