"""A picture in Slack: '/pathfinder timeline' uploads the PNG the current way (files_upload_v2:
getUploadURLExternal, the upload, completeUploadExternal) with its text alternative as alt_txt."""

from __future__ import annotations

import io

from PIL import Image

from tests.slack import signing


async def test_the_timeline_is_uploaded_with_its_text_alternative(workspace, fake_slack):
    await workspace.event(signing.message_event("pathfinder timeline", user="U0ANA", channel="D0ANA"))
    answer = await fake_slack.wait_for_call("chat.postMessage", timeout=10)
    assert "held and planned" in answer.args["text"]
    done = await fake_slack.wait_for_call("files.completeUploadExternal", timeout=20)
    [asked] = fake_slack.calls_to("files.getUploadURLExternal")
    assert asked.args["filename"] == "pathfinder-timeline.png"
    assert "Pathfinder country workshops" in asked.args["alt_txt"] and "Nepal" in asked.args["alt_txt"]
    file = fake_slack.files[asked_file_id(done)]
    assert file["completed"] and file["channels"] == ["D0ANA"]
    picture = Image.open(io.BytesIO(file["content"]))
    picture.load()
    assert picture.format == "PNG" and picture.size[0] == 1000


def asked_file_id(done) -> str:
    files = done.args["files"]
    if isinstance(files, str):  # the SDK sends the list as a JSON string in a form
        import json

        files = json.loads(files)
    return files[0]["id"]
