"""The members' directory asked in a question: "who works on forced labour in Asia?", "¿alguien de
la OIM que hable inglés?". Every name in the question must be one the directory knows (a theme, a
country, a region, an organisation a member gave, a language, a role, a member's full name);
"or" between two names takes either; anything else is declined, never matched loosely.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.community import Member, country_names, language_names, parts, theme_names
from bot.i18n import SUPPORTED, I18n
from bot.matching import fold

# The Alliance's regions (those of the pathfinder data and the ILO's regional offices) and the
# countries in each, by ISO 3166 code: a member "in Asia" works in one of these countries.
REGION_MEMBERS: dict[str, str] = {
    "Africa": """DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW
                 ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW EH""",
    "Americas": """AG AR BS BB BZ BO BR CA CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC VC SR
                   TT US UY VE PR""",
    "Arab States": "BH IQ JO KW LB OM QA SA SY AE YE PS",
    "Asia and Pacific": """AF AU BD BT BN KH CN CK FJ IN ID IR JP KI KR KP LA MY MV MH FM MN MM NR NP NZ PK PW PG
                           PH WS SG SB LK TH TL TO TV VU VN HK MO TW NU""",
    "Europe and Central Asia": """AL AD AM AT AZ BY BE BA BG HR CY CZ DK EE FI FR GE DE GR HU IS IE IL IT KZ KG LV
                                  LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SE CH TJ TR TM UA GB
                                  UZ XK""",
}
REGION_OF: dict[str, str] = {code: region for region, codes in REGION_MEMBERS.items() for code in codes.split()}
# parts of regions people name (folded), beyond the regions' own names in the three languages
REGION_ALIASES: dict[str, str] = {
    "asia": "Asia and Pacific", "asie": "Asia and Pacific", "pacific": "Asia and Pacific",
    "pacifique": "Asia and Pacific", "pacifico": "Asia and Pacific", "south asia": "Asia and Pacific",
    "southeast asia": "Asia and Pacific", "south east asia": "Asia and Pacific", "asie du sud": "Asia and Pacific",
    "asie du sud est": "Asia and Pacific", "sudeste asiatico": "Asia and Pacific", "asia del sur": "Asia and Pacific",
    "europe": "Europe and Central Asia", "europa": "Europe and Central Asia",
    "central asia": "Europe and Central Asia", "asie centrale": "Europe and Central Asia",
    "asia central": "Europe and Central Asia", "balkans": "Europe and Central Asia",
    "balcanes": "Europe and Central Asia",
    "america": "Americas", "amerique": "Americas", "amerique latine": "Americas", "latin america": "Americas",
    "america latina": "Americas", "latinoamerica": "Americas", "south america": "Americas",
    "amerique du sud": "Americas", "sudamerica": "Americas", "america del sur": "Americas",
    "caribbean": "Americas", "caraibes": "Americas", "caribe": "Americas", "central america": "Americas",
    "amerique centrale": "Americas", "centroamerica": "Americas", "america central": "Americas",
    "afrique": "Africa", "west africa": "Africa", "east africa": "Africa", "north africa": "Africa",
    "southern africa": "Africa", "sub saharan africa": "Africa", "afrique de l ouest": "Africa",
    "afrique de l est": "Africa", "afrique du nord": "Africa", "afrique subsaharienne": "Africa",
    "africa occidental": "Africa", "africa oriental": "Africa", "africa del norte": "Africa",
    "africa subsahariana": "Africa", "middle east": "Arab States", "moyen orient": "Arab States",
    "medio oriente": "Arab States", "oriente medio": "Arab States", "arab world": "Arab States",
    "monde arabe": "Arab States", "mundo arabe": "Arab States", "etats arabes": "Arab States",
    "estados arabes": "Arab States",
}
# Words that make a region's name a part of it ("West Africa", "South America"): such a part is
# not the region, so it is not read as one.
DIRECTION_WORDS = frozenset("south north east west southern central sud nord est ouest centrale del du de l "
                            "norte oriental occidental southeast subsaharienne subsahariana sub saharan".split())
LANGUAGE_ALIASES: dict[str, str] = {
    "francophone": "fr", "francophones": "fr", "francofono": "fr", "francofonos": "fr", "anglophone": "en",
    "anglophones": "en", "anglofono": "en", "anglofonos": "en", "hispanophone": "es", "hispanophones": "es",
    "hispanohablante": "es", "hispanohablantes": "es", "english speaker": "en", "english speaking": "en",
    "french speaker": "fr", "french speaking": "fr", "spanish speaker": "es", "spanish speaking": "es",
    "english speakers": "en", "french speakers": "fr", "spanish speakers": "es",
}
ROLE_WORDS = frozenset("focal focaux focales".split())
# roles people ask for by name: the members whose own role says so
ROLE_NAMES: dict[str, str] = {
    "focal point": "focal", "focal points": "focal", "focal pt": "focal", "national focal point": "focal",
    "national focal points": "focal", "point focal": "focal", "points focaux": "focal",
    "point focal national": "focal", "points focaux nationaux": "focal", "punto focal": "focal",
    "puntos focales": "focal", "punto focal nacional": "focal", "puntos focales nacionales": "focal",
}
# Asking for people: a word for people, or "who" with a verb of working, speaking or coming from.
PEOPLE_WORDS = frozenset("""
    anyone anybody someone somebody people ppl members member experts expert specialists specialist colleagues
    practitioners folks contacts speakers quelqu quelqun qqn gens personnes membres specialistes collegues
    locuteurs alguien gente personas miembros expertos especialistas colegas hablantes contactos
""".split())
WHO_WORDS = frozenset("who whos qui quien quienes".split())
DIRECTORY_VERBS = frozenset("""
    work works working worked speak speaks speaking based from travaille travaillent travaillant bosse
    bossent parle parlent parlant vient viennent basee base bases trabaja trabajan trabajando trabaje trabajen
    habla hablan hablando hable hablen viene vienen venga basado basada basados occupe occupent ocupa ocupan
    ocupe dedica dedican dedique covers covering cover knows know connait connaissent conoce conocen cubre
    cubren couvre couvrent
    handles focuses focusing
""".split())
# words that ask without naming what is asked for
DIRECTORY_FILLER = frozenset("""
    bot hi hello hey please thanks i me my we us our you your can could would do does did is are am be was s
    there here any the a an of in on at to for with and or about also other others that this these who whos
    which what list show find tell need looking know knows someone field area areas issue issues topic
    topics theme themes country countries language languages organisation organization org orgs interested
    involved active engaged deal deals dealing handle expertise experience related directory profile
    profiles team contact contacts talk help speaker speakers stuff things about tell have has got both
    dessus cela ca
    qui est sont ce c un une des les le la l de du d en au aux a sur dans et ou avec il y t ici je j me moi
    cherche besoin connait connais connaissez nous notre parmi quels quelles quel quelle langue langues pays
    theme themes thematique thematiques sujet sujets domaine domaines organisation organisme pour peut peux
    m aider qu interesse interessee interesses implique s est ce que questions vous
    quien quienes es son hay algun alguno alguna que de del el la los las en con sobre y o a al aqui se
    conoce conozco busco necesito muestra muestrame lista me mi nosotros tema temas pais paises idioma
    idiomas organizacion para puede ayudar por favor interesado interesada usted alguien tiene
""".split()) | PEOPLE_WORDS | WHO_WORDS | DIRECTORY_VERBS
DIRECTORY_OR = frozenset("or ou o".split())
MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class DirectoryFilter:
    kind: str  # "theme", "country", "region", "organisation", "language", "role", "person"
    value: str  # theme key, ISO code, region name, organisation as written, language code, role word, user id


@dataclass(frozen=True)
class DirectoryQuestion:
    """A question that asks for members ("who works on forced labour in Asia?"): what it names, and
    the words that are none of the names the directory knows (then it is not answered)."""

    filters: tuple[DirectoryFilter, ...]
    unknown: tuple[str, ...]
    any_of: bool  # "Nepal or India": a member matches one of the values of a kind

    def matches(self, member: Member) -> bool:
        by_kind: dict[str, list[bool]] = {}
        for f in self.filters:
            by_kind.setdefault(f.kind, []).append(_has(member, f))
        return all((any if self.any_of else all)(found) for found in by_kind.values())


def _has(member: Member, wanted: DirectoryFilter) -> bool:
    if wanted.kind == "theme":
        return wanted.value in member.themes
    if wanted.kind == "country":
        return wanted.value in member.countries
    if wanted.kind == "region":
        return any(REGION_OF.get(c) == wanted.value for c in member.countries)
    if wanted.kind == "language":
        return wanted.value in member.languages
    if wanted.kind == "role":
        return wanted.value in fold(member.role)
    if wanted.kind == "person":
        return member.user_id == wanted.value
    return fold(member.organisation) == fold(wanted.value)


# "persons" in the name of a crime is no question about people: "traite des personnes"
TRAFFICKING_IN_PERSONS = re.compile(r"\b(?:trafficking in|traite des|trata de|trafic de) (?:persons|personnes|personas)\b")


def may_ask_for_people(text: str) -> bool:
    """Cheap first look: only a question with a word for people or "who" can ask the directory."""
    words = TRAFFICKING_IN_PERSONS.sub(" ", fold(text)).split()
    return not set(words).isdisjoint(PEOPLE_WORDS | WHO_WORDS | ROLE_WORDS)


def directory_names(i18n: I18n, organisations: Iterable[str],
                    organisation_aliases: dict[str, str] | None = None,
                    people: Iterable[tuple[str, str]] = ()) -> dict[str, DirectoryFilter]:
    """Every folded name a question may use for a directory filter → the filter: also the
    organisations members gave (and their name before a comma or a bracket: "Ministry of Labour"),
    and members by their full name (``people``: user id, display name)."""
    names = dict(_place_and_theme_names(i18n))
    written = {fold(o): o for o in organisations if o}
    for organisation in list(written.values()):
        short = fold(re.split(r"[,(]", organisation, maxsplit=1)[0])
        if len(short.split()) >= 2:
            written.setdefault(short, organisation)
    for name, organisation in written.items():
        names[name] = DirectoryFilter("organisation", organisation)
    for user_id, display_name in people:
        if len(fold(display_name).split()) >= 2:  # a full name, never a lone first name
            names.setdefault(fold(display_name), DirectoryFilter("person", user_id))
    for alias, organisation in (organisation_aliases or {}).items():
        if fold(organisation) in written:  # profile "IOM", asked "OIM"
            names[alias] = DirectoryFilter("organisation", written[fold(organisation)])
        elif alias in written:  # profile "OIT", asked "ILO"
            names.setdefault(fold(organisation), DirectoryFilter("organisation", written[alias]))
    return names


@lru_cache(maxsize=4)
def _place_and_theme_names(i18n: I18n) -> dict[str, DirectoryFilter]:
    names: dict[str, DirectoryFilter] = {}
    for name, code in language_names().items():
        if len(name) > 2:
            names.setdefault(name, DirectoryFilter("language", code))
    for name, code in LANGUAGE_ALIASES.items():
        names[name] = DirectoryFilter("language", code)
    for name, code in country_names().items():
        names.setdefault(name, DirectoryFilter("country", code))
    for region in REGION_MEMBERS:
        for lang in SUPPORTED:
            names[fold(i18n.get(lang).t(region))] = DirectoryFilter("region", region)
    for name, region in REGION_ALIASES.items():
        if not set(name.split()) & DIRECTION_WORDS:  # "West Africa" is not all of Africa: asked back
            names[name] = DirectoryFilter("region", region)
    for name, key in theme_names(i18n).items():
        names[name] = DirectoryFilter("theme", key)
    for name, role in ROLE_NAMES.items():
        names[name] = DirectoryFilter("role", role)
    return names


def read_directory_question(text: str, names: dict[str, DirectoryFilter], *,
                            fragment: bool = False) -> DirectoryQuestion | None:
    """The directory filters a question names, when it asks for people; None when it does not.

    Names are matched whole (longest first) and never loosely; a word that is neither a name nor a
    word of asking is kept as unknown. ``fragment``: the words are taken as directory terms whatever
    asks ("!people forced labour in Nepal").
    """
    tokens = fold(text.replace("’", "'")).split()
    filters: list[DirectoryFilter] = []
    rest: list[str] = []
    n = 0
    while n < len(tokens):
        for size in range(min(MAX_NAME_WORDS, len(tokens) - n), 0, -1):
            found = names.get(" ".join(tokens[n:n + size]))
            if found is not None and not (size == 1 and tokens[n] in DIRECTORY_FILLER - PEOPLE_WORDS):
                filters.append(found)
                n += size
                break
        else:
            rest.append(tokens[n])
            n += 1
    unknown = tuple(t for t in rest if t not in DIRECTORY_FILLER and not t.isdigit())
    # "anyone from IOM?", "who works on migration?"; a "who" that names nothing ("qui s'en occupe ?")
    # is not asking the directory
    who = any(t in WHO_WORDS for t in rest)
    asks_people = (fragment or any(t in PEOPLE_WORDS for t in rest)
                   or any(f.kind in ("person", "role") for f in filters)
                   or (bool(filters or unknown) and who and any(t in DIRECTORY_VERBS for t in rest))
                   or (bool(filters) and who and not unknown))  # "who's in Viet Nam?"
    if not asks_people:
        return None
    return DirectoryQuestion(tuple(dict.fromkeys(filters)), unknown, any(t in DIRECTORY_OR for t in rest))
