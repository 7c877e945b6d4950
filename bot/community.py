"""Members and what they work on: the controlled list of themes, reading countries, languages and
themes as people write them in English, French or Spanish, which workspace a person belongs to,
and how opted-in members are paired for introductions.

Names come from Babel (countries, languages) and from the catalogs (themes); nothing is matched
loosely: an unknown word is asked back with the closest names.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale

from bot.i18n import N_, SUPPORTED, I18n
from bot.platforms import platform_of
from bot.matching import fold

# The meeting report's "full array of issues", as a controlled list (key → English name).
THEMES: dict[str, str] = {
    "child_labour": N_("child labour"),
    "forced_labour": N_("forced labour"),
    "human_trafficking": N_("human trafficking"),
    "modern_slavery": N_("modern slavery"),
    "migration": N_("migration"),
    "supply_chains": N_("supply chains"),
    "rule_of_law": N_("rule of law and governance"),
    "conflict": N_("conflict and humanitarian settings"),
    "communications": N_("communications"),
    "data": N_("data and measurement"),
}
# other ways people name them (folded), in the three languages
THEME_ALIASES: dict[str, str] = {
    "child labor": "child_labour", "forced labor": "forced_labour", "trafficking": "human_trafficking",
    "trafficking in persons": "human_trafficking", "traite": "human_trafficking", "trata": "human_trafficking",
    "slavery": "modern_slavery", "esclavage": "modern_slavery", "esclavitud": "modern_slavery",
    "migrants": "migration", "migracion": "migration", "supply chain": "supply_chains",
    "governance": "rule_of_law", "rule of law": "rule_of_law", "gouvernance": "rule_of_law",
    "etat de droit": "rule_of_law", "estado de derecho": "rule_of_law",
    "gobernanza": "rule_of_law", "conflict": "conflict", "humanitarian": "conflict", "conflits": "conflict",
    "conflictos": "conflict", "comms": "communications", "communication": "communications",
    "comunicacion": "communications", "data": "data", "measurement": "data", "statistics": "data",
    "donnees": "data", "datos": "data", "statistiques": "data", "estadisticas": "data",
}
# Codes Babel lists as territories that are not countries.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
SPLIT = re.compile(r"\s*(?:,|;|/|\s+and\s+|\s+et\s+|\s+y\s+|&)\s*", re.IGNORECASE)


class NotUnderstood(ValueError):
    """A name that is none of the known ones; ``suggestions`` are the closest."""

    def __init__(self, word: str, suggestions: list[str]) -> None:
        super().__init__(word)
        self.word = word
        self.suggestions = suggestions


def workspace_of(user_id: str) -> str:
    """Who may see a profile (a person's or a conversation's id): the same Slack workspace ("slack"; one per installation), the same
    Matrix homeserver ("matrix:example.org"), or the console. Each platform says (``Platform.workspace``)."""
    platform, native = platform_of(user_id)
    return platform.workspace_of(native) if platform is not None else user_id.partition(":")[0]


def parts(text: str) -> list[str]:
    """ "Nepal, Viet Nam and Chile" → ["Nepal", "Viet Nam", "Chile"]."""
    return [p.strip() for p in SPLIT.split(text.strip()) if p.strip()]


def _closest(word: str, names: Iterable[str], limit: int = 3) -> list[str]:
    from rapidfuzz import fuzz, process  # on first use: it costs a start 4 MiB

    found = process.extract(fold(word), {n: fold(n) for n in names}, scorer=fuzz.WRatio, limit=limit,
                            score_cutoff=70)
    return list(dict.fromkeys(name for _folded, _score, name in found))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded country names in English, French and Spanish (Babel's) → ISO code."""
    names: dict[str, str] = {}
    for lang in SUPPORTED:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES:
                names.setdefault(fold(name), code)
    names.setdefault("viet nam", "VN")
    return names


def read_countries(text: str, lang: str) -> list[str]:
    codes = []
    for part in parts(text):
        code = country_names().get(fold(part))
        if code is None:
            shown = {Locale.parse(lang).territories.get(c, c): c for c in set(country_names().values())}
            raise NotUnderstood(part, _closest(part, shown))
        codes.append(code)
    return list(dict.fromkeys(codes))


@lru_cache(maxsize=1)
def language_names() -> dict[str, str]:
    """Folded language names and codes in the three languages → ISO 639-1 code."""
    names: dict[str, str] = {}
    for lang in SUPPORTED:
        for code, name in Locale.parse(lang).languages.items():
            if len(code) == 2:
                names.setdefault(fold(name), code)
                names.setdefault(code, code)
    return names


def read_languages(text: str, lang: str) -> list[str]:
    codes = []
    for part in parts(text):
        code = language_names().get(fold(part))
        if code is None:
            shown = {Locale.parse(lang).languages.get(c, c): c for c in ("en", "fr", "es", "ar", "pt", "ru", "zh")}
            raise NotUnderstood(part, _closest(part, shown))
        codes.append(code)
    return list(dict.fromkeys(codes))


def theme_names(i18n: I18n) -> dict[str, str]:
    """Folded theme names in the three languages, and their other names → key."""
    names = dict(THEME_ALIASES)
    for key, english in THEMES.items():
        for lang in SUPPORTED:
            names.setdefault(fold(i18n.get(lang).t(english)), key)
        names.setdefault(fold(key.replace("_", " ")), key)
    return names


def read_themes(text: str, i18n: I18n, lang: str) -> list[str]:
    known = theme_names(i18n)
    keys = []
    # names with "and" in them ("datos y medición", "conflict and humanitarian settings") first, whole,
    # so that the list is not split inside them
    plain = " ".join(unicodedata.normalize("NFKD", text.casefold().replace("'", " ").replace("’", " ")).split())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    whole: list[str] = []  # those found, each left in its place as "\0<n>\0" so the order typed is kept
    for name in sorted((n for n in known if SPLIT.search(f" {n} ")), key=len, reverse=True):
        found = re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", plain)
        if found:
            plain = f"{plain[:found.start()]},\0{len(whole)}\0,{plain[found.end():]}"
            whole.append(known[name])
    for part in parts(plain):
        placed = re.fullmatch(r"\0(\d+)\0", part)
        key = whole[int(placed.group(1))] if placed and int(placed.group(1)) < len(whole) else known.get(fold(part))
        if key is None:
            shown = [i18n.get(lang).t(name) for name in THEMES.values()]
            raise NotUnderstood(part, _closest(part, shown))
        keys.append(key)
    return list(dict.fromkeys(keys))


# introductions ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    user_id: str
    organisation: str
    countries: tuple[str, ...]
    themes: tuple[str, ...]
    languages: tuple[str, ...]
    role: str = ""


def _affinity(a: Member, b: Member) -> int:
    """Higher is a better pair: different organisations and countries, a theme or a language in common."""
    score = 0
    if fold(a.organisation) != fold(b.organisation) or not a.organisation:
        score += 4
    if not set(a.countries) & set(b.countries):
        score += 2
    if set(a.themes) & set(b.themes):
        score += 3
    if set(a.languages) & set(b.languages):
        score += 3
    return score


def pair_members(members: Sequence[Member], *, seed: str, last_partners: dict[str, str],
                 carried: Iterable[str] = ()) -> tuple[list[tuple[str, str]], list[str]]:
    """Pairs for one round, and who is left over (carried to the next round and paired first then).

    Greedy on the best affinity, deterministic for ``seed``; two members who were paired last round
    are never paired again, and members carried from the last round are placed first.
    """
    carried = set(carried)
    rng = random.Random(seed)
    order = sorted(members, key=lambda m: m.user_id)
    rng.shuffle(order)
    order.sort(key=lambda m: m.user_id not in carried)  # stable: those carried first
    free = {m.user_id: m for m in order}
    pairs: list[tuple[str, str]] = []
    for member in order:
        if member.user_id not in free:
            continue
        del free[member.user_id]
        options = [m for m in free.values() if last_partners.get(member.user_id) != m.user_id]
        if not options:
            free[member.user_id] = member  # try again later with whoever is left
            continue
        best = max(options, key=lambda m: _affinity(member, m))  # first of the best in the shuffled order
        del free[best.user_id]
        pairs.append((member.user_id, best.user_id))
    return pairs, sorted(free)
