"""One leader at a time on PostgreSQL: a second process cannot lead while the first holds the
lead, and can as soon as the first one's connection ends (as when its process dies)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import create_async_engine

from storage import leadership


async def test_one_leader_at_a_time_and_the_lead_frees_when_its_connection_ends(pg_url):
    first, second = create_async_engine(pg_url), create_async_engine(pg_url)
    key = leadership.lock_key("alliance-bot:matrix:@bot:example.org")
    try:
        async with second.connect() as raw_b:
            b = await raw_b.execution_options(isolation_level="AUTOCOMMIT")
            async with first.connect() as raw_a:
                a = await raw_a.execution_options(isolation_level="AUTOCOMMIT")
                assert await leadership.try_lead(a, key)
                assert await leadership.still_leads(a, key)
                assert not await leadership.try_lead(b, key)
                assert not await leadership.still_leads(b, key)
            await first.dispose()  # the leader's connection ends: no goodbye needed
            assert await leadership.try_lead(b, key)
            assert await leadership.still_leads(b, key)
            await leadership.give_up(b, key)
            assert not await leadership.still_leads(b, key)
    finally:
        await first.dispose()
        await second.dispose()


def test_the_key_is_stable_and_differs_per_name():
    assert leadership.lock_key("alliance-bot:matrix:@a:x") == leadership.lock_key("alliance-bot:matrix:@a:x")
    assert leadership.lock_key("alliance-bot:matrix:@a:x") != leadership.lock_key("alliance-bot:matrix:@b:x")
