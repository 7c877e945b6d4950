"""Every message exists in English, French and Spanish, and commands answer in the asker's language."""

from __future__ import annotations

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
    before = {p: p.read_text() for p in (ROOT / "bot" / "locale").rglob("*.po")}
    subprocess.run([str(ROOT / "scripts" / "update-catalogs")], check=True, cwd=ROOT,
                   env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
                        "PYBABEL": str(Path(sys.executable).parent / "pybabel")})
    after = {p: p.read_text() for p in (ROOT / "bot" / "locale").rglob("*.po")}
    strip = lambda text: "\n".join(l for l in text.splitlines() if not l.startswith('"POT-Creation-Date'))  # noqa: E731
    assert {p: strip(t) for p, t in before.items()} == {p: strip(t) for p, t in after.items()}


async def test_commands_answer_in_the_language_set_with_lang(chat):
    assert await chat.say("!lang") == "I answer you in English. Change it with !lang en|fr|es."
    assert await chat.say("!lang français") == "Désormais, je vous réponds en français."
    answer = await chat.say("!pathfinder Nepal")
    assert "Région: Asie et Pacifique" in answer and "Statut: plan d'action adopté" in answer
    assert "Ce que je sais faire" in await chat.say("!help")
    assert "Je ne connais pas la commande « frobnicate »." in await chat.say("!frobnicate")
    assert await chat.say("!lang es") == "A partir de ahora te respondo en español."
    assert "Fiyi" in await chat.say("!pathfinder list") and "julio de 2019 (por confirmar)" in await chat.say(
        "!pathfinder Fiji")
    assert "No he podido leer «el día de nunca» como una fecha." in await chat.say(
        "!action add Send the report due el día de nunca")
    assert (await chat.say("!lang klingon")).startswith("«klingon» no es un idioma que hable.")
    assert await chat.say("!lang en") == "From now on I answer you in English."


async def test_the_slack_locale_chooses_the_language_when_none_is_set(chat):
    answer = await chat.say("!pathfinder Chile", locale="es-ES")
    assert "Estado: hoja de ruta adoptada" in answer
