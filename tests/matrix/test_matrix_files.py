"""A calendar file sent with "!event import" as its caption: downloaded and imported."""

from __future__ import annotations

import io

from nio import RoomSendResponse, UploadResponse

from talk import replies_to, room_with_bot
from tests.scheduler.test_ical import OUTSIDE_CALENDAR


async def send_file(person, room: str, name: str, data: bytes, mimetype: str, caption: str | None) -> str:
    uploaded, _keys = await person.client.upload(io.BytesIO(data), content_type=mimetype, filename=name,
                                                 filesize=len(data))
    assert isinstance(uploaded, UploadResponse), uploaded
    content = {"msgtype": "m.file", "body": caption or name, "filename": name, "url": uploaded.content_uri,
               "info": {"mimetype": mimetype, "size": len(data)}}
    resp = await person.client.room_send(room, "m.room.message", content)
    assert isinstance(resp, RoomSendResponse), resp
    return resp.event_id


async def test_a_calendar_sent_with_event_import_as_its_caption_is_imported(bot_factory, person_factory):
    bot = await bot_factory()
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)

    without_caption = await send_file(alice, room, "notes.ics", OUTSIDE_CALENDAR, "text/calendar", None)
    imported = await send_file(alice, room, "partners.ics", OUTSIDE_CALENDAR, "text/calendar", "!event import")
    answer = await alice.answer_to(imported, bot.user_id)
    assert "2 events added to the calendar." in answer["content"]["body"]

    listed = await alice.answer_to(await alice.say(room, "!event list all"), bot.user_id)
    assert "Human Rights Day webinar" in listed["content"]["body"]
    assert "Migrants Day campaign" in listed["content"]["body"]
    answered = [replies_to(n) for n in await alice.notices_from(room, bot.user_id)]
    assert without_caption not in answered  # a file on its own asks nothing


async def test_a_calendar_sent_in_an_encrypted_room_is_decrypted_and_imported(bot_factory, person_factory):
    bot = await bot_factory()
    alice = await person_factory("alice", encrypted=True)
    room = await room_with_bot(alice, bot, encrypted=True)
    await alice.answer_to(await alice.say(room, "!help"), bot.user_id)

    uploaded, keys = await alice.client.upload(io.BytesIO(OUTSIDE_CALENDAR), content_type="text/calendar",
                                               filename="partners.ics", encrypt=True,
                                               filesize=len(OUTSIDE_CALENDAR))
    assert isinstance(uploaded, UploadResponse), uploaded
    assert keys and keys["key"]["k"]  # the media repository holds only ciphertext
    content = {"msgtype": "m.file", "body": "!event import", "filename": "partners.ics",
               "file": {**keys, "url": uploaded.content_uri},
               "info": {"mimetype": "text/calendar", "size": len(OUTSIDE_CALENDAR)}}
    resp = await alice.client.room_send(room, "m.room.message", content, ignore_unverified_devices=True)
    assert isinstance(resp, RoomSendResponse), resp

    answer = await alice.answer_to(resp.event_id, bot.user_id)
    assert "2 events added to the calendar." in answer["content"]["body"]
