"""The scheduler: APScheduler drives time, the database holds what is due.

Each tick (every ``poll_interval_seconds``, and at the next due moment):

1. **plan** — create the occurrence rows due up to a short horizon ahead, from the
   last planned moment on (so downtime is caught up; the unique key makes it
   idempotent across processes);
2. **claim** due rows atomically (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite
   serves one process), **send** each through its platform's adapter with the
   occurrence key as the idempotency key, then **mark sent**. A process that dies
   mid-send leaves its rows ``sending``; when the lease runs out another process
   sends them again under the same key, and the adapter makes that a no-op if the
   first post went out.

Posts missed by less than the grace period go out late, marked as delayed; older
ones are gathered into one "while I was offline" message per channel.
"""

from bot.scheduler.running import (HORIZON, MAX_ROUNDS, OVERLAP, PREPARE_AHEAD, STATE_KEY, STATE_PLATFORM, Scheduler,
                                   default_worker_id)

__all__ = ["HORIZON", "MAX_ROUNDS", "OVERLAP", "PREPARE_AHEAD", "STATE_KEY", "STATE_PLATFORM", "Scheduler",
           "default_worker_id"]
