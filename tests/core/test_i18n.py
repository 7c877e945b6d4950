"""Every message exists in English, French and Spanish, and commands answer in the asker's language."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"t": None, "tn": (1, 2), "N_": None}


def messages_in_code() -> set:
    found = set()
    for folder in ("bot", "handlers", "storage"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            if message:
                found.add(message if isinstance(message, str) else tuple(message))
    return found


def catalog(lang: str):
    with (ROOT / "bot" / "locale" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def test_every_message_in_the_code_has_a_french_and_a_spanish_translation():
    wanted = messages_in_code()
    assert len(wanted) > 150
    for lang in ("fr", "es"):
        translated = {}
        for m in catalog(lang):
            if m.id and not m.fuzzy:
                key = m.id if isinstance(m.id, str) else tuple(m.id)
                strings = [m.string] if isinstance(m.string, str) else list(m.string)
                translated[key] = all(s.strip() for s in strings)
        missing = sorted(str(w) for w in wanted if not translated.get(w))
        assert not missing, f"untranslated in {lang} (run scripts/update-catalogs, then translate): {missing}"


def test_translations_keep_the_placeholders():
    import re

    for lang in ("fr", "es"):
        for m in catalog(lang):
            if not m.id:
                continue
            ids = [m.id] if isinstance(m.id, str) else list(m.id)
            strings = [m.string] if isinstance(m.string, str) else list(m.string)
            wanted = set(re.findall(r"\{(\w+)\}", ids[-1]))
            for s in strings:
                assert set(re.findall(r"\{(\w+)\}", s)) <= wanted | set(re.findall(r"\{(\w+)\}", ids[0])), (lang, m.id)


def test_the_catalog_script_is_idempotent(tmp_path):
    """Running scripts/update-catalogs on the current code changes no catalog (but its date).

    It runs on a copy of the sources in a temporary folder: tests never write into the checkout.
    """
    for folder in ("bot", "handlers", "storage", "scripts"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    copy = tmp_path / "bot" / "locale"
    before = {p.relative_to(copy): p.read_text() for p in [*copy.rglob("*.po"), *copy.glob("*.pot")]}
    subprocess.run([str(tmp_path / "scripts" / "update-catalogs")], check=True, cwd=tmp_path,
                   env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
                        "PYBABEL": str(Path(sys.executable).parent / "pybabel")})
    after = {p: (copy / p).read_text() for p in before}
    strip = lambda text: "\n".join(l for l in text.splitlines() if not l.startswith('"POT-Creation-Date'))  # noqa: E731
    assert before and {p: strip(t) for p, t in before.items()} == {p: strip(t) for p, t in after.items()}


async def test_commands_answer_in_the_language_set_with_lang(chat):
    assert await chat.say("!lang") == "I answer you in English. Change it with !lang en|fr|es."
    assert await chat.say("!lang français") == "Désormais, je vous réponds en français."
    answer = await chat.say("!pathfinder Nepal")
    # French puts a no-break space before the colon
    assert "Région\u00a0: Asie et Pacifique" in answer and "Statut\u00a0: plan d'action adopté" in answer
    assert "Ce que je sais faire" in await chat.say("!help")
    assert "Je ne connais pas la commande « frobnicate »." in await chat.say("!frobnicate")
    assert await chat.say("!lang es") == "A partir de ahora le respondo en español."
    assert "Fiyi" in await chat.say("!pathfinder list") and "julio de 2019 (por confirmar)" in await chat.say(
        "!pathfinder Fiji")
    assert "No he podido leer «el día de nunca» como una fecha." in await chat.say(
        "!action add Send the report due el día de nunca")
    assert (await chat.say("!lang klingon")).startswith("«klingon» no es un idioma que hable.")
    assert await chat.say("!lang en") == "From now on I answer you in English."


async def test_the_slack_locale_chooses_the_language_when_none_is_set(chat):
    answer = await chat.say("!pathfinder Chile", locale="es-ES")
    assert "Estado: hoja de ruta adoptada" in answer


async def test_a_french_reader_previews_the_digest_and_subscribes_in_french(chat):
    assert await chat.say("!lang fr") == "Désormais, je vous réponds en français."
    digest = await chat.say("!digest preview")
    assert digest.startswith("Résumé hebdomadaire · 24 novembre 2026")
    assert "Journées internationales des 30 prochains jours (3)" in digest
    assert "Journée internationale pour l'abolition de l'esclavage — 2 décembre 2026" in digest
    assert "À échéance cette semaine\u00a0: 0" in digest
    assert await chat.say("!digest subscribe lundi 9:00") == "Un résumé sera publié ici chaque lundi à 09:00."


async def test_a_spanish_speaker_sets_a_reminder_and_reads_it_in_spanish(chat):
    assert await chat.say("!lang es") == "A partir de ahora le respondo en español."
    reply = await chat.say("!remind me tomorrow 9:00 enviar el informe")
    assert reply.startswith("R1 · enviar el informe\nRecordatorio R1 creado.")
    assert "Cuándo: 25 de noviembre de 2026, 9:00 CET" in reply and "Para: @alice" in reply
    # snoozing a reminder that has not fired yet moves its next post later, never earlier (issue 11)
    assert await chat.say("!remind snooze R1 1h") == (
        "Se lo volveré a recordar el 25 de noviembre de 2026, 10:00 CET: enviar el informe")


async def test_a_french_reader_sees_the_zone_as_an_offset_from_utc_not_a_bare_number(chat):
    assert await chat.say("!lang fr") == "Désormais, je vous réponds en français."
    reply = await chat.say("!remind me tomorrow 9:00 envoyer le rapport")
    # French has no abbreviation for Central European Time in CLDR: "UTC+01:00", not "+0100"
    assert "25 novembre 2026, 09:00 UTC+01:00" in reply, reply
    assert "+0100" not in reply


async def test_a_schedule_the_bot_cannot_read_is_explained_in_french_and_changes_nothing(chat):
    await chat.say("!lang fr")
    assert "Le jour 30 n'existe pas dans ce mois." in await chat.say("!remind me every year on 30 February fête")
    assert "« yesterday 9:00 » (23 novembre 2026, 09:00) est dans le passé." in await chat.say(
        "!remind me yesterday 9:00 envoyer le rapport")
    assert "Veuillez indiquer l'objet du rappel, après l'heure." in await chat.say("!remind me tomorrow 9:00")
    assert "« Mars/Olympus » n'est pas un fuseau horaire que je connais." in await chat.say("!tz Mars/Olympus")
    assert (await chat.say("!remind list")).startswith("Rappels\nAucun rappel.")


async def test_every_command_in_help_says_what_it_is_for_in_each_language(chat):
    for switch in ("!lang en", "!lang fr", "!lang es"):
        await chat.say(switch)
        listed = [line for line in (await chat.say("!help")).splitlines() if line.startswith("• !")]
        assert len(listed) >= 20, listed
        bare = [line for line in listed if " — " not in line or not line.split(" — ", 1)[1].strip()]
        assert bare == [], (switch, bare)
