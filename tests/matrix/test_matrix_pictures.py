"""A picture in Matrix: '!pathfinder timeline' uploads the PNG to the media repository of a real
Synapse and sends an m.image whose body is the text alternative and whose info gives its size."""

from __future__ import annotations

import io

from PIL import Image
from talk import WAIT, room_with_bot


async def test_the_timeline_is_an_image_message_with_its_text_alternative(bot_factory, person_factory):
    from nio import DownloadResponse

    bot = await bot_factory()
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)
    asked = await alice.say(room, "!pathfinder timeline")
    answer = await alice.answer_to(asked, bot.user_id)
    assert "held and planned" in answer["content"]["body"]
    image = (await alice.wait_for(lambda r, e: r == room and getattr(e, "sender", None) == bot.user_id
                                  and e.source["content"].get("msgtype") == "m.image", WAIT)).source["content"]
    assert image["info"]["mimetype"] == "image/png"
    assert "Pathfinder country workshops" in image["body"] and "Nepal" in image["body"]  # read aloud by clients
    assert image["url"].startswith("mxc://")
    downloaded = await alice.client.download(mxc=image["url"])
    assert isinstance(downloaded, DownloadResponse), downloaded
    picture = Image.open(io.BytesIO(downloaded.body))
    picture.load()
    assert picture.format == "PNG" and picture.size == (image["info"]["w"], image["info"]["h"])
    assert image["info"]["size"] == len(downloaded.body)
