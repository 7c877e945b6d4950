"""Wiring and the one way through: Incoming → router → handler → Reply.

``BotApp.handle`` runs every command as one transaction: the handler's changes
and its audit entries commit together, or nothing does.
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.context import Clock, Context, Kept, SystemClock
from bot.dates import DateReader
from bot.errors import NotFound, PermissionDenied, UsageError
from bot.error_replies import error_reply, usage_reply
from bot.forms import Form, HomeSection, MessageAction
from bot.i18n import I18n, Translator, normalise_locale
from bot.logging_setup import correlation_id
from bot.messages import Incoming, Reply, first_control_char
from bot.observability import Metrics
from bot.platform_records import PlatformRecords
from bot.platforms import platforms
from bot.router import Route, Router, handler_modules
from bot.settings import Settings
from storage import audit, db, deliveries, profiles, seed

if TYPE_CHECKING:
    from bot.adapters import Adapter

log = logging.getLogger("alliance_bot")


def build_router() -> Router:
    """Every command the handler modules declare (``handlers/*.py``), found without a list to edit."""
    import handlers

    return Router().load(handler_modules(handlers))


@dataclass(frozen=True)
class Wanted:
    """What a message asks of the bot: the command ``name`` with its ``args``, or (no name) a question."""

    name: str | None
    args: str


class BotApp(PlatformRecords):
    def __init__(
        self,
        settings: Settings,
        *,
        engine: AsyncEngine | None = None,
        clock: Clock | None = None,
        router: Router | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine or db.create_engine(settings.database_url, echo=settings.database.echo)
        self.sessions = db.create_sessionmaker(self.engine)
        self.clock = clock or SystemClock()
        self._router = router
        self.i18n = I18n()
        self.dates = DateReader()
        self.kept = Kept()  # what questions and names are read from, kept between messages
        # platform name → running adapter, filled by the runner; the scheduler posts through these
        self.adapters: dict[str, Adapter] = {}
        # changes made through commands here, so cached views of the data know they are stale:
        # to action items, and to everything else
        self.item_changes = 0
        # ids of action items changed through this app and not yet seen by the questions' catalogue
        self.changed_items: set[int] = set()
        self.changes = 0
        # called after each command that changed something (the scheduler plans what it added)
        self.change_listeners: list[Callable[[], None]] = []
        self.metrics = Metrics()
        # messages being handled right now, so a shutdown can let them finish
        self.in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.accepting = True
        self.metrics.watch_queue("handling", lambda: self.in_flight)

    @property
    def router(self) -> Router:
        """Every command, found on first use (``build_router`` imports every handler module, and what
        they import): the runner has it found once the platforms are ready, or the first message does."""
        if self._router is None:
            self._router = build_router()
        return self._router

    async def start(self, *, seed_reference: bool = True) -> None:
        """Migrate to head and apply the reference seed. On PostgreSQL under the start-up
        lock, so any number of processes may start together: one does the work, the
        others wait and find it done."""
        async with db.startup_lock(self.engine):
            await db.upgrade(self.engine)
            if seed_reference:
                async with self.sessions.begin() as session:
                    await seed.apply_reference(session)
                    # correct what an older seed got wrong in the report's rows, if they were loaded
                    await seed.apply_meeting_report(session, insert_missing=False)

    async def close(self) -> None:
        await self.engine.dispose()

    # ------------------------------------------------------------------
    def command_labels(self, platform: str) -> dict[str, str]:
        """How commands are written on ``platform`` when it names them itself (Slack's slash commands)."""
        declared = platforms().get(platform)
        return declared.command_labels(self.settings) if declared is not None else {}

    def wants(self, incoming: Incoming) -> Wanted | None:
        """What a message asks of the bot: a command, a question, or nothing (None: not for the bot)."""
        if incoming.command:
            return Wanted(incoming.command, incoming.text)
        addressed = incoming.is_direct or incoming.mentions_bot
        found = self.router.command_name(incoming.text, self.settings.bot.command_prefix, bare_words=addressed)
        if not found and not addressed:
            found = self.router.overheard_route(incoming.text)
        if found:
            return Wanted(*found)
        return Wanted(None, incoming.text) if addressed and incoming.text.strip() else None

    async def translator_for(self, session: AsyncSession, incoming: Incoming) -> tuple[Translator, str]:
        return self.choose_translator(await profiles.preferences(session, incoming.user_id, incoming.channel_id),
                                      incoming)

    def choose_translator(self, found: dict[str, tuple[str, str]], incoming: Incoming) -> tuple[Translator, str]:
        """The language and zone from stored preferences (``profiles.preferences``): the person's,
        else their platform's, else the conversation's, else the defaults."""
        user, channel = found.get("user", ("", "")), found.get("channel", ("", ""))
        lang = user[0] or incoming.locale or channel[0] or self.settings.bot.locale
        tz = user[1] or incoming.timezone or channel[1] or self.settings.bot.timezone
        try:
            ZoneInfo(tz)
        except Exception:
            tz = self.settings.bot.timezone
        return self.i18n.get(normalise_locale(lang, self.settings.bot.locale)), tz

    async def translator_of(self, *, user_id: str = "", channel_id: str = "", locale: str | None = None) -> Translator:
        """The language for words an adapter writes itself (a notice, a form, the Home tab): the person's
        choice, else their platform's locale, else the conversation's, else the default."""
        async with self.sessions() as session:
            tr, _tz = await self.translator_for(session, Incoming(
                platform=channel_id.partition(":")[0], user_id=user_id, channel_id=channel_id, text="", locale=locale))
        return tr

    async def handle(self, incoming: Incoming) -> list[Reply]:
        if incoming.command and incoming.command == self.router.ask_command:
            # the command that asks a question ("/ask …"): the text as said to the bot in a direct chat
            incoming = dataclasses.replace(incoming, command="", is_direct=True)
        route = self.wants(incoming)
        if route is None or not await self.claim(incoming):
            return []  # not for the bot, or a delivery already handled (a platform's retry)
        token = correlation_id.set(incoming.correlation_id or uuid.uuid4().hex[:12])
        self.in_flight += 1
        self._idle.clear()
        started = time.perf_counter()
        labels = ["ask" if route.name is None else self.command_label(route.name)]
        outcome = "error"
        try:
            log.debug("handling %s from %s via %s", labels[0], incoming.user_id, incoming.platform)
            outcome, replies = await self._handle(incoming, route, labels)
            if outcome != "ok":  # the person was told nothing changed: a redelivery must not run it again
                await self.finish(incoming)
            return replies
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.command_handled(labels[-1], outcome, elapsed)
            log.info("handled %s from %s via %s: %s in %.1f ms", labels[-1], incoming.user_id, incoming.platform,
                     outcome, elapsed * 1000)
            self.in_flight -= 1
            if not self.in_flight:
                self._idle.set()
            correlation_id.reset(token)

    @property
    def forms(self) -> Sequence[Form]:
        return self.router.forms

    @property
    def message_actions(self) -> Sequence[MessageAction]:
        return self.router.message_actions

    @property
    def home_sections(self) -> Sequence[HomeSection]:
        return self.router.home_sections

    def command_label(self, name: str) -> str:
        """The metrics label for a command: its name, or "unknown" (user text must not make new series)."""
        return name if name in self.router.commands else "unknown"

    async def _handle(self, incoming: Incoming, route: Wanted,
                      labels: list[str]) -> tuple[str, list[Reply]]:
        """(outcome, replies) for one message; every failure becomes a friendly reply.
        Appends "command subcommand" to ``labels`` once the route is resolved."""
        tr = self.i18n.get(incoming.locale or self.settings.bot.locale)
        if not self.accepting:
            return "shutting_down", [error_reply(tr.t("I'm restarting, so nothing was changed. "
                                                     "Please try again in a minute."), tr.lang)]
        mutated = False
        try:
            async with self.sessions() as session:
                async with session.begin():
                    found, versions = await profiles.preferences_and_versions(session, incoming.user_id,
                                                                              incoming.channel_id)
                    tr, tz = self.choose_translator(found, incoming)
                    refused = self.refused_text(incoming, tr)  # in the person's language, before any work
                    if refused is not None:
                        return "usage_error", [error_reply(refused, tr.lang)]
                    ctx = self.context(session, incoming, tr, tz)
                    ctx.versions = versions
                    ctx.own_language = bool(found.get("user", ("", ""))[0])
                    if route.name is None:  # a question
                        assert self.router.ask is not None
                        result = await self.router.ask(ctx, incoming.text)
                    elif (resolved := (self.router.resolve_known(route.name, route.args) if self.bare_word(incoming)
                                       else self.router.resolve(route.name, route.args))) is None:
                        # "event E2 details" written to the bot: it begins with a command's name and goes on
                        # with none of its subcommands; answered as a question when it is one
                        assert self.router.ask is not None
                        result = await self.router.ask(ctx, incoming.text)
                        if all(r.declined for r in (result if isinstance(result, list) else [result])):
                            try:
                                self.router.resolve(route.name, route.args)  # not a question either: its usage
                            except UsageError as exc:
                                exc.declined = True
                                raise
                    else:
                        labels.append(f"{resolved.command.name} {resolved.subcommand.name}".strip())
                        try:
                            result = await resolved.subcommand.handler(ctx, resolved.args)
                        except NotFound:
                            if not self.began_with_a_word(incoming, resolved) or self.router.ask is None:
                                raise
                            # "pathfinder workshops in May" written to the bot: a question that begins with
                            # a command's name, and names nothing that command knows
                            result = await self.router.ask(ctx, incoming.text)
                        mutated = resolved.subcommand.mutating
                    # the platform delivery this answers is done in the same commit as its effects
                    if incoming.delivery_id:
                        await deliveries.finish(session, incoming.platform, incoming.delivery_id)
            # after the commit: the action items it wrote, for what questions keep in memory
            self.changed_items.update(session.info.get("changed_items", ()))
            if mutated:  # after the commit: a question asked from now on sees the change
                if route.name == "action":
                    self.item_changes += 1
                else:
                    self.changes += 1
                for listener in self.change_listeners:
                    listener()
            # written in the asker's language (or the question's): adapters add their own words in it
            return "ok", [r if r.lang else dataclasses.replace(r, lang=ctx.lang)
                          for r in (result if isinstance(result, list) else [result])]
        except UsageError as exc:
            self.forget_cached_rows()
            usage = usage_reply(exc, tr, commands=self.router.commands, labels=self.command_labels(incoming.platform),
                                prefix=self.settings.bot.command_prefix)
            return "usage_error", [dataclasses.replace(usage, declined=exc.declined)]
        except PermissionDenied as exc:
            self.forget_cached_rows()
            await self.record_refusal(incoming, exc)
            return "denied", [error_reply(exc.message, tr.lang)]
        except (OperationalError, DBAPIError, OSError, TimeoutError) as exc:
            self.forget_cached_rows()
            log.error("database unavailable: %s", exc)
            return "db_unavailable", [error_reply(tr.t(
                "I can't reach my database right now, so nothing was changed. Please try again in a minute."),
                tr.lang)]
        except Exception:
            self.forget_cached_rows()
            log.exception("unexpected error")
            return "error", [error_reply(tr.t("Something went wrong on my side, so nothing was changed. "
                                             "The team has the details in the log."), tr.lang)]

    def refused_text(self, incoming: Incoming, tr: Translator) -> str | None:
        """Why a message is refused before it is read: far too long, or a control character in it."""
        if len(incoming.text) > self.settings.bot.max_text_length * 2 + 200:
            return tr.t("Your message is {n} characters long; the limit is {limit}.",
                        n=len(incoming.text), limit=self.settings.bot.max_text_length)
        typed = [incoming.text, *(str(v) for v in (incoming.form or {}).values())]
        bad = next((c for c in map(first_control_char, typed) if c), None)
        if bad:
            return tr.t("Your message contains a control character ({code}) that I can't store, so nothing was "
                        "changed. Please remove it and try again.", code=f"U+{ord(bad):04X}")
        return None

    def bare_word(self, incoming: Incoming) -> bool:
        """The message named a command by its bare name: no prefix, no slash."""
        return not incoming.command and not incoming.text.lstrip().startswith(self.settings.bot.command_prefix)

    def began_with_a_word(self, incoming: Incoming, resolved: Route) -> bool:
        """The message named a command by its bare name (no prefix, no slash) and went to the command's
        catch-all ("pathfinder <anything>"), not to one of its subcommands."""
        return (self.bare_word(incoming) and resolved.command.otherwise is not None
                and resolved.subcommand.name == resolved.command.otherwise)

    def context(self, session: AsyncSession, incoming: Incoming, tr: Translator, tz: str) -> Context:
        return Context(incoming=incoming, session=session, settings=self.settings, now=self.clock.now(), tr=tr, tz=tz,
                       dates=self.dates, command_labels=self.command_labels(incoming.platform),
                       kept=self.kept, i18n=self.i18n, changes=self.changes, item_changes=self.item_changes,
                       changed_items=self.changed_items, commands=self.router.commands)

    async def member_joined(self, incoming: Incoming) -> list[Reply]:
        """Someone joined a conversation the bot is in (``incoming`` names them and the conversation):
        the conversation's greeting, once per person ever, in one transaction; [] when there is none."""
        greet = self.router.greet
        if greet is None:
            return []
        try:
            if not await self.claim(incoming):
                return []
            async with self.sessions() as session:
                async with session.begin():
                    tr, tz = await self.translator_for(session, incoming)
                    reply = await greet(self.context(session, incoming, tr, tz))
                    if incoming.delivery_id:
                        await deliveries.finish(session, incoming.platform, incoming.delivery_id)
        except Exception:
            self.forget_cached_rows()
            log.exception("could not greet %s in %s", incoming.user_id, incoming.channel_id)
            await self.finish(incoming)
            return []
        return [dataclasses.replace(reply, lang=tr.lang)] if reply is not None else []

    def forget_cached_rows(self) -> None:
        """A rolled-back transaction expires the rows it read, and rows kept between messages (what
        questions are answered from) may be among them: they are read again for the next message."""
        self.changes += 1
        self.item_changes += 1

    # shutting down ---------------------------------------------------------
    def stop_accepting(self) -> None:
        """New messages get a "try again" reply from now on; those in flight finish."""
        self.accepting = False

    async def drain(self, timeout: float) -> bool:
        """Wait (at most ``timeout`` seconds) until no message is being handled."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except (TimeoutError, asyncio.TimeoutError):
            return False
        return True

    async def record_refusal(self, incoming: Incoming, exc: PermissionDenied) -> None:
        log.warning("refused %s on %s for %s via %s", exc.action, exc.subject, incoming.user_id, incoming.platform)
        try:
            async with self.sessions.begin() as session:
                audit.record(session, actor=incoming.user_id, platform=incoming.platform, action=exc.action,
                             subject=exc.subject, outcome="denied", at=self.clock.now())
        except Exception:
            log.exception("could not write the audit entry for a refusal")
