"""Posts the bot makes on its own are written in the language of whom they are for: the person
reminded, else the conversation."""

from __future__ import annotations

from datetime import UTC, datetime


async def test_a_reminder_speaks_its_persons_language_and_a_digest_its_conversations(bot):
    assert await bot.chat.say("!lang here fr") == "From now on I post in French in this conversation."
    assert "chaque lundi à 09:00" in await bot.chat.say("!digest subscribe Monday 9:00")
    assert "A partir de ahora" in await bot.chat.say("!lang es", as_user="bob")
    assert "Recordatorio R1 creado." in await bot.chat.say("!remind me tomorrow 9:00 llamar a la OIT", as_user="bob")

    [reminder] = await bot.at(datetime(2026, 11, 25, 8, 0, tzinfo=UTC))
    assert reminder.startswith("Recordatorio: llamar a la OIT\n@bob este es su recordatorio.")
    assert "[Posponer 1 hora]" in reminder

    [digest] = await bot.at(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
    assert digest.startswith("Résumé hebdomadaire · 30 novembre 2026")
    assert "Journées internationales des 30 prochains jours" in digest
    assert digest.endswith("!digest unsubscribe les arrête.")
