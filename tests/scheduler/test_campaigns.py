"""Campaigns for international days (issue 17): started in a conversation for the day's next
occurrence, highlights and champions added by members, calls at the lead times and the compiled post
on the day, each once, across a restart and a second scheduler."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from bot.scheduler import Scheduler
from storage.models import Occurrence


async def test_a_campaign_for_child_labour_day_from_start_to_the_compiled_post(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2027, 5, 20, 12, 0, tzinfo=UTC))
    started = await bot.chat.say("!campaign start World Day Against Child Labour lead 7, 1")
    assert "Campaign C1 started." in started
    assert "Day: Saturday, 12 June 2027" in started  # what was read, before anything is posted
    assert "Calls for highlights: 5 June 2027, 11 June 2027" in started
    reply = await bot.chat.say("!highlight Viet Nam A hotline for child workers opened in Hanoi", as_user="ana")
    assert "Highlight H1 added to C1." in reply and "Country: Vietnam" in reply
    assert "Highlight: A hotline for child workers opened in Hanoi" in reply
    await bot.chat.say("!highlight Népal The national master plan was adopted", as_user="bob")
    await bot.chat.say("!highlight Nepal Twelve districts declared free of child labour", as_user="ana")
    reply = await bot.chat.say('!champion "Ana Pérez" ILO for leading the toolkit translation', as_user="bob")
    assert "Champion H4 added to C1." in reply and "Champion: Ana Pérez" in reply and "Organisation: ILO" in reply

    assert await bot.at(datetime(2027, 6, 5, 6, 59, tzinfo=UTC)) == []
    [call] = await bot.at(datetime(2027, 6, 5, 7, 0, tzinfo=UTC))  # 09:00 in Geneva, 7 days before
    assert "World Day Against Child Labour is on 12 June 2027" in call
    assert "So far: 3 highlights, 1 champions." in call
    [day_before] = await bot.at(datetime(2027, 6, 11, 7, 0, tzinfo=UTC))
    assert "World Day Against Child Labour is on 12 June 2027" in day_before
    [post] = await bot.at(datetime(2027, 6, 12, 7, 0, tzinfo=UTC))
    assert post.index("Nepal") < post.index("Vietnam")  # grouped by country
    assert post.count("Nepal") == 1 and "Twelve districts" in post and "national master plan" in post
    assert "A hotline for child workers opened in Hanoi — @ana" in post  # credited
    assert "Ana Pérez (ILO): for leading the toolkit translation — @bob" in post
    # a restart and a second scheduler on the same database post nothing again
    assert await Scheduler(bot.app).run_due() == 0
    assert await bot.at(datetime(2027, 6, 12, 7, 5, tzinfo=UTC)) == []
    kinds = [o.kind for o in await bot.occurrences() if o.kind == "campaign"]
    assert len(kinds) == 3  # two calls and the compiled post, once each
    assert all(o.state == "sent" for o in await bot.occurrences() if o.kind == "campaign")


async def test_export_as_markdown_and_csv_and_admins_remove_entries(bot):
    await bot.chat.say("!campaign start World Day Against Trafficking in Persons")
    await bot.chat.say("!highlight Chile Nueva ley contra la trata *aprobada*", as_user="ana")
    await bot.chat.say('!champion "Li Wei" UNODC [trained](https://evil.example) 300 officers', as_user="ana")
    [md] = await bot.chat.replies("!campaign export")
    text = md.attachment.content.decode()
    assert md.attachment.filename == "campaign-C1.md"
    assert "### Chile" in text and r"Nueva ley contra la trata \*aprobada\*" in text
    assert "](https://evil.example)" not in text  # user text cannot become a link in the toolkit
    [sheet] = await bot.chat.replies("!campaign export csv")
    rows = list(csv.reader(io.StringIO(sheet.attachment.content.decode())))
    assert rows[0][:3] == ["id", "kind", "country"] and rows[1][:3] == ["H1", "highlight", "Chile"]
    assert "Only whoever added H1 or an admin can remove it." in await bot.chat.say("!campaign remove H1",
                                                                                     as_user="bob")
    assert "H1 removed." in await bot.chat.say("!campaign remove H1", as_user="admin")
    assert "0 highlights, 1 champions" in await bot.chat.say("!campaign list")


async def test_three_languages_and_bad_input_change_nothing(bot):
    assert "No campaign is open here." in await bot.chat.say("!highlight Nepal something")
    assert 'There is no observance called "World Tea Day"' in await bot.chat.say("!campaign start World Tea Day")
    await bot.chat.say("!lang fr", as_user="marie")
    started = await bot.chat.say("!campaign start Journée mondiale contre le travail des enfants", as_user="marie")
    assert "Campagne C1 lancée." in started and "samedi 12 juin 2027" in started
    assert "Veuillez commencer par le pays" in await bot.chat.say("!highlight Narnia une victoire", as_user="marie")
    assert "Point fort H1 ajouté à C1." in await bot.chat.say("!highlight Pérou Une loi adoptée", as_user="marie")
    await bot.chat.say("!lang es", as_user="pablo")
    assert "Campeón H2 añadido a C1." in await bot.chat.say('!champion "Rosa Díaz" OIT por su trabajo',
                                                            as_user="pablo")
    assert "Indique el nombre" in await bot.chat.say("!champion Rosa", as_user="pablo")
    assert "1 highlights, 1 champions" in await bot.chat.say("!campaign list")
    async with bot.app.sessions() as session:
        from sqlalchemy import func, select

        assert await session.scalar(select(func.count()).select_from(Occurrence)) == 0  # nothing due yet


async def test_a_campaign_started_here_for_another_channel_posts_there(database_url, bot_factory):
    from tests.conftest import Chat

    bot = await bot_factory(database_url, now=datetime(2027, 5, 20, 12, 0, tzinfo=UTC))
    started = await bot.chat.say("!campaign start World Day Against Child Labour lead 1 in #comms")
    assert "Campaign C1 started." in started and "go to #comms" in started  # where it will post, shown
    comms = Chat(bot.app, bot.clock, channel="console:#comms")
    assert "Highlight H1 added to C1." in await comms.say("!highlight Nepal A plan was adopted", as_user="ana")
    assert "No campaign is open here." in await bot.chat.say("!campaign list")
    [call] = await bot.at(datetime(2027, 6, 11, 7, 0, tzinfo=UTC))
    [post] = await bot.at(datetime(2027, 6, 12, 7, 0, tzinfo=UTC))
    assert [p.channel for p in bot.adapter.posts] == ["console:#comms", "console:#comms"]
    assert "A plan was adopted" in post
    # a conversation is named as each platform names one; anything else is asked back
    reply = await bot.chat.say("!campaign start World Day against Trafficking in Persons in #")
    assert "C2" not in reply
    refused = await bot.chat.say("!campaign start World Day against Trafficking in Persons in !room:example.org")
    assert "not a conversation I can post in here" in refused and "C2" not in refused
    # a day whose name holds "in" is still read whole
    assert "Campaign C2 started." in await bot.chat.say("!campaign start World Day against Trafficking in Persons")
