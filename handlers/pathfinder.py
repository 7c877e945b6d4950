"""!pathfinder: status cards for pathfinder countries and regional bodies."""

from __future__ import annotations

import re

from bot.context import Context
from bot.i18n import N_, Translator
from bot.errors import NotFound, UsageError
from bot.forms import HomeSection
from bot.matching import NameIndex, fold
from bot.messages import Field, ListItem, Reply, Subject, Tone, label_separator, rich
from bot.router import command, Family
from bot.dates import check_sensible, strip_confirm
from handlers.common import check_length, read_back, require
from storage import data_versions, pathfinders
from storage.models import PathfinderCountry, PathfinderStatus, PathfinderUpdate, Precision

STATUS_LABELS = {
    PathfinderStatus.INTERESTED: N_("interested"),
    PathfinderStatus.WORKSHOP_PLANNED: N_("workshop planned"),
    PathfinderStatus.WORKSHOP_HELD: N_("workshop held"),
    PathfinderStatus.ROADMAP_ADOPTED: N_("roadmap adopted"),
    PathfinderStatus.ACTION_PLAN_ADOPTED: N_("action plan adopted"),
}
THEME_LABELS = {
    "child_labour": N_("Child labour"),
    "forced_labour": N_("Forced labour"),
    "trafficking_in_persons": N_("Trafficking in persons"),
    "migration": N_("Migration"),
    "modern_slavery": N_("Modern slavery"),
    "cross_cutting": N_("Cross-cutting"),
    "geographic": N_("Geographic priorities"),
}
# Regions as stored; listed here so their names are translated.
REGIONS = (N_("Africa"), N_("Americas"), N_("Arab States"), N_("Asia and Pacific"), N_("Europe and Central Asia"))
# "in" a region, as each language says it ("dans les Amériques", "en las Américas"); any other region: " in {region}"
IN_REGION = {"Africa": N_(" in Africa"), "Americas": N_(" in the Americas"), "Arab States": N_(" in the Arab States"),
             "Asia and Pacific": N_(" in Asia and the Pacific"), "Europe and Central Asia": N_(" in Europe and Central Asia")}
UPDATABLE = ("status", "workshop", "tbc", "focal-point", "region", "next-step", "challenge")


def in_region(ctx: Context, region: str) -> str:
    """ " in the Americas", with its leading space, in the reader's language."""
    return ctx.t(IN_REGION[region]) if region in IN_REGION else ctx.t(" in {region}", region=ctx.t(region))


def country_name(ctx: Context, country: PathfinderCountry) -> str:
    """The name in the asker's language: Babel's territory names, else the stored one."""
    return country_name_in(ctx.tr, country)


def country_name_in(tr: Translator, country: PathfinderCountry) -> str:
    if tr.lang != "en" and country.iso_code:
        babel_name = tr.babel_locale.territories.get(country.iso_code)
        if babel_name:
            return babel_name
    return country.name_in(tr.lang)


def status_label(ctx: Context, status: str) -> str:
    return ctx.t(STATUS_LABELS.get(PathfinderStatus(status), status))


def read_status(ctx: Context, value: str) -> str:
    """A status as typed: its stored name ("workshop_planned") or its label in any of the bot's
    languages ("atelier prévu"); otherwise refused with the labels in the reader's language."""
    translators = [ctx.i18n.get(lang) for lang in ("en", "fr", "es")] if ctx.i18n is not None else [ctx.tr]
    known = {s.value: s.value for s in PathfinderStatus}
    for status in PathfinderStatus:
        for tr in translators:
            known.setdefault(fold(tr.t(STATUS_LABELS.get(status, status.value))).replace(" ", "_"), status.value)
    wanted = fold(value).replace(" ", "_")
    if wanted not in known:
        raise UsageError(ctx.t('"{value}" is not a status.', value=value),
                         suggestions=[status_label(ctx, s.value) for s in PathfinderStatus])
    return known[wanted]


def country_status(ctx: Context, country: PathfinderCountry) -> str:
    """A country's status as recorded; a workshop still "planned" for a date gone by says so, so the
    status never reads as something still to come."""
    label = status_label(ctx, country.status)
    if (country.status == PathfinderStatus.WORKSHOP_PLANNED and country.workshop_start is not None
            and (country.workshop_end or country.workshop_start) < ctx.today):
        return ctx.t("{status} (for a date gone by; not recorded as held)", status=label)
    return label


def workshop_text(ctx: Context, country: PathfinderCountry) -> str:
    return workshop_text_in(ctx.tr, country)


def workshop_text_in(tr: Translator, country: PathfinderCountry) -> str:
    if country.workshop_start is None:
        return tr.t("no date recorded")
    text = tr.span(country.workshop_start, country.workshop_end, country.workshop_precision)
    return tr.t("{when} (to be confirmed)", when=text) if country.workshop_tbc else text


def source_line(ctx: Context, country: PathfinderCountry) -> str:
    """Where the country's status and workshop date come from and as of when
    ("Source: GCG4 meeting report, section II (April 2019)."), or "" when nothing is recorded."""
    source = source_text(ctx, country)
    return ctx.t("Source: {source}.", source=source) if source else ""


def source_text(ctx: Context, country: PathfinderCountry) -> str:
    """The source and as of when ("GCG4 meeting report, section II (April 2019)"), or ""."""
    if not country.source or country.source_date is None:
        return ""
    # seeded sources are dated to their month (the first); a change through the bot to its day
    precision = Precision.MONTH if country.source_date.day == 1 else Precision.DAY
    return f"{country.source} ({ctx.tr.span(country.source_date, None, precision)})"


def update_text(ctx: Context, update: PathfinderUpdate) -> str:
    when = ctx.tr.span(update.date, None, update.date_precision)
    return f"{when}{label_separator(ctx.lang)}{update.text}" + (f" ({update.author})" if update.author else "")


def join_items(items: list[str]) -> str:
    """Join list items for one field: sentences follow each other with a space, short phrases with "; "."""
    parts = [item.strip() for item in items if item.strip()]
    if parts and all(part[-1] in ".!?…" for part in parts):
        return " ".join(parts)
    return "; ".join(part.rstrip(".;") if part[-1] in ".;" else part for part in parts)


def card(ctx: Context, country: PathfinderCountry, headline: str | None = None) -> Reply:
    fields = [
        Field(ctx.t("Region"), rich(ctx.t(country.region))),
        Field(ctx.t("Workshop"), rich(workshop_text(ctx, country))),
        Field(ctx.t("Status"), rich(country_status(ctx, country))),
        Field(ctx.t("National focal point"), rich(country.focal_point or ctx.t("not recorded"))),
    ]
    themes: dict[str, list[str]] = {}
    for priority in country.priorities:
        themes.setdefault(priority.theme, []).append(priority.text)
    for theme, texts in themes.items():
        label = ctx.t("Priorities: {theme}", theme=ctx.t(THEME_LABELS.get(theme, theme)))
        fields.append(Field(label, rich(join_items(texts))))
    if country.next_steps:
        fields.append(Field(ctx.t("Next steps"), rich(join_items(country.next_steps))))
    if country.challenges:
        fields.append(Field(ctx.t("Challenges"), rich(join_items(country.challenges))))
    if country.updates:
        fields.append(Field(ctx.t("Latest update"), rich(update_text(ctx, country.updates[-1]))))
    if source := source_text(ctx, country):  # the field's label says "Source" already
        fields.append(Field(ctx.t("Source"), rich(source)))
    return Reply(
        title=country_name(ctx, country),
        body=(rich(headline),) if headline else (),
        fields=tuple(fields),
        tone=Tone.SUCCESS if headline else Tone.INFO,
        subject=Subject("pathfinder", country.name),
    )


async def country_index(ctx: Context) -> NameIndex[int]:
    """Every country's names: kept by the app at the data version this command read (no query while the
    countries stay unchanged), else built once per distinct set of names."""
    version = ctx.versions.get(data_versions.PATHFINDER)
    kept = ctx.kept.countries_at(version) if version is not None else None
    if kept is not None and kept.index is not None:
        return kept.index
    rows = tuple(await pathfinders.names(ctx.session))
    cache = ctx.kept.country_names
    found = cache.get(rows)
    if found is None:
        cache.clear()
        found = cache[rows] = NameIndex((i, name, [fr, es, iso, *aliases]) for i, name, fr, es, iso, aliases in rows)
    if kept is not None:
        kept.index = found
    return found


async def find_country(ctx: Context, name: str, *, to_change: bool = False) -> PathfinderCountry:
    """The country ``name`` names, with its priorities and timeline. To be shown, it comes from what the app
    keeps at the data version this command read (read once per version, then kept out of any session);
    ``to_change``, it is read in this command's session."""
    names = await country_index(ctx)
    match = names.exact(name)  # by name, French or Spanish name, ISO code or alias; anything less is asked back
    if match is None:
        raise NotFound(
            ctx.t('"{name}" is not a pathfinder country I know.', name=name.strip()),
            suggestions=[f"pathfinder {s}" for s in names.suggestions(name)],
            usage="pathfinder list",
        )
    version = ctx.versions.get(data_versions.PATHFINDER)
    kept = ctx.kept.countries_at(version) if version is not None and not to_change else None
    country = kept.countries.get(match.key) if kept is not None else None
    if country is None:
        country = await pathfinders.get(ctx.session, match.key)
        assert country is not None
        if kept is not None:
            # out of the session, with its priorities and updates: its transaction's end leaves it as read
            ctx.session.expunge(country)
            kept.countries[match.key] = country
    return country


def split_country_and_field(ctx: Context, args: str) -> tuple[str, str, str]:
    pattern = re.compile(rf"\s({'|'.join(re.escape(f) for f in UPDATABLE)})(?:\s+|$)", re.I)
    found = pattern.search(f" {args} ")
    if not found:
        raise UsageError(ctx.t("Please name the field to change."), usage="pathfinder update",
                         examples=f"!pathfinder update Nepal status action_plan_adopted ({', '.join(UPDATABLE)})")
    text = f" {args} "
    return text[: found.start()].strip(), found.group(1).lower(), text[found.end():].strip()


HELP_POSITION = 40  # where these commands come in !help
PATHFINDER_FAMILY = Family("pathfinder", N_("Pathfinder countries: workshops, priorities, next steps"),
              when_empty="list", otherwise="show", aliases={"ls": "list"})
COUNTRIES_AT_HOME = HomeSection("pathfinder", "list")


@command("pathfinder", "show", usage="<country>", summary=N_("The status card of a country"))
async def show(ctx: Context, args: str) -> Reply:
    return card(ctx, await find_country(ctx, args))


@command("pathfinder", "list", usage="list [region <region>|status <status>]",
                summary=N_("Pathfinder countries by region"))
async def list_(ctx: Context, args: str) -> Reply:
    word, _, value = args.strip().partition(" ")
    title = ctx.t("Pathfinder countries")
    if word.lower() == "region" and value:
        regions = await pathfinders.regions(ctx.session)
        match = NameIndex((r, r, [ctx.t(r)]) for r in regions).best(value, cutoff=70)
        if match is None:
            raise NotFound(ctx.t('There is no region "{name}".', name=value), suggestions=regions)
        countries = await pathfinders.all_countries(ctx.session, details=False, region=match.key)
        title = f"{title} · {ctx.t(match.key)}"
    elif word.lower() == "status" and value:
        wanted = read_status(ctx, value)
        countries = await pathfinders.all_countries(ctx.session, details=False, status=wanted)
        title = f"{title} · {status_label(ctx, wanted)}"
    elif word:
        raise UsageError(ctx.t("List by region or by status."), usage="pathfinder list")
    else:
        countries = await pathfinders.all_countries(ctx.session, details=False)
    items = tuple(
        ListItem(rich(country_name(ctx, c)),
                 rich(ctx.t(c.region), " · ", workshop_text(ctx, c), " · ", country_status(ctx, c)))
        for c in countries
    )
    if not items:
        return Reply(title=title, body=(rich(ctx.t("Nothing here.")),))
    return Reply(title=f"{title} ({len(items)})", items=items)


@command("pathfinder", "update", usage="update <country> <field> <value>",
                summary=N_("Change a field (admins)"), mutating=True)
async def update(ctx: Context, args: str) -> Reply:
    name, field_name, value = split_country_and_field(ctx, args)
    country = await find_country(ctx, name, to_change=True)
    require(ctx, ctx.is_admin, action="pathfinder.update", subject=country.name,
            message=ctx.t("Only admins can change pathfinder fields."))
    value = check_length(ctx, value, field_name)
    if not value:
        raise UsageError(ctx.t("Please give a value."), usage="pathfinder update")
    if field_name == "status":
        country.status = read_status(ctx, value)
    elif field_name == "workshop":  # a workshop may have been held: only a date years ahead is asked back
        text, confirmed = strip_confirm(value)
        when = ctx.read_date(text, prefer_future=False)
        if not confirmed:
            check_sensible(when, now=ctx.now, tz=ctx.tz, past=False)
        country.workshop_start, country.workshop_end = when.start, when.end
        country.workshop_precision = when.precision
    elif field_name == "tbc":
        country.workshop_tbc = fold(value) in ("yes", "true", "on", "oui", "si", "1")
    elif field_name == "focal-point":
        country.focal_point = value
    elif field_name == "region":
        country.region = value
    elif field_name == "next-step":
        country.next_steps = [*country.next_steps, value]
    elif field_name == "challenge":
        country.challenges = [*country.challenges, value]
    country.updated_at = ctx.now
    # the report no longer vouches for the card: its source is now this change
    country.source = f"!pathfinder update, {ctx.incoming.user_name or ctx.user}"[:300]
    country.source_date = ctx.today
    ctx.audit("pathfinder.update", country.name, field=field_name, value=value)
    reply = card(ctx, country, ctx.t("{country} updated.", country=country_name(ctx, country)))
    return read_back(ctx, reply, when) if field_name == "workshop" else reply


@command("pathfinder", "note", usage="note <country> <text>",
                summary=N_("Add a dated update to a country's timeline"), mutating=True)
async def note(ctx: Context, args: str) -> Reply:
    names = await country_index(ctx)
    words = args.split()
    # the longest leading run of words that names a country
    for cut in range(min(4, len(words)), 0, -1):
        match = names.exact(" ".join(words[:cut]))
        if match:
            country = await pathfinders.get(ctx.session, match.key)
            assert country is not None  # its id was just read with the countries' names, as find_country's
            text = " ".join(words[cut:])
            break
    else:
        country = await find_country(ctx, words[0] if words else "", to_change=True)
        text = " ".join(words[1:])
    text = check_length(ctx, text, ctx.t("note"))
    if not text:
        raise UsageError(ctx.t("Please write the note after the country."), usage="pathfinder note")
    pathfinders.add_update(country, PathfinderUpdate(
        date=ctx.today, date_precision=Precision.DAY, author=ctx.incoming.user_name or ctx.user,
        source=ctx.incoming.permalink or ctx.incoming.platform, text=text, created_at=ctx.now))
    ctx.audit("pathfinder.note", country.name, text=text)
    return card(ctx, country, ctx.t("Note added to {country}.", country=country_name(ctx, country)))
