"""What a delivery and a platform keep in the database, asked through the core: an adapter gets no
session (``bot.adapters.Core``). ``BotApp`` has these from ``PlatformRecords``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.context import Clock
from bot.messages import Incoming, Reply, reactions_of
from storage import deliveries, groups

log = logging.getLogger("alliance_bot")


class PlatformRecords:
    """Once-only deliveries, a platform's small values, posted messages and their reactions."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock

    async def claim(self, incoming: Incoming) -> bool:
        """False when this delivery was claimed before (a platform's retry of one handled or being handled).
        The claim commits on its own, before the work, so a concurrent retry sees it."""
        if not incoming.delivery_id:
            return True
        async with self.sessions.begin() as session:
            fresh = await deliveries.claim(session, incoming.platform, incoming.delivery_id, now=self.clock.now())
        if not fresh:
            log.info("%s delivery %s already handled", incoming.platform, incoming.delivery_id)
        return fresh

    async def finish(self, incoming: Incoming) -> None:
        """Mark a delivery done on its own, when its command's transaction did not (it failed and said so)."""
        if not incoming.delivery_id:
            return
        try:
            async with self.sessions.begin() as session:
                await deliveries.finish(session, incoming.platform, incoming.delivery_id)
        except (OperationalError, DBAPIError, OSError, TimeoutError) as exc:  # left "processing": may run again
            log.error("could not mark %s delivery %s done: %s", incoming.platform, incoming.delivery_id, exc)

    async def platform_state(self, platform: str, key: str) -> str | None:
        async with self.sessions.begin() as session:
            return await deliveries.get_state(session, platform, key)

    async def set_platform_state(self, platform: str, key: str, value: str) -> None:
        async with self.sessions.begin() as session:
            await deliveries.set_state(session, platform, key, value)

    async def remember_post(self, platform: str, message_id: str, channel_id: str, reply: Reply, *,
                            reactions: dict[str, str] | None = None) -> None:
        reactions = reactions_of(reply) if reactions is None else reactions
        if reply.subject is None and not reactions:
            return  # about nothing a reaction could change
        subject = (reply.subject.kind, reply.subject.ref) if reply.subject else None
        async with self.sessions.begin() as session:
            await deliveries.remember_post(session, platform, message_id, channel_id, subject, now=self.clock.now(),
                                           reactions=reactions)

    async def reaction_command(self, platform: str, message_id: str, key: str) -> str | None:
        async with self.sessions.begin() as session:
            return await deliveries.reaction_command(session, platform, message_id, key)

    async def first_requests(self, platform: str, keys: Sequence[str], *, keep_for: timedelta) -> set[str]:
        async with self.sessions.begin() as session:
            return await deliveries.remember_each(session, platform, list(keys), now=self.clock.now(),
                                                  keep_for=keep_for)

    async def tidy_platform(self, platform: str, *, keep_posts: timedelta, release_unfinished: bool) -> None:
        now = self.clock.now()
        async with self.sessions.begin() as session:
            await deliveries.purge_expired(session, now)
            await deliveries.forget_posts_before(session, now - keep_posts)
            if release_unfinished:
                await deliveries.release_unfinished(session, platform)

    async def group_choices(self, lang: str) -> list[tuple[str, str]]:
        async with self.sessions() as session:
            return [(g.key, g.name_in(lang)) for g in await groups.all_groups(session)]
