"""Fixed-window rate limits with their counters in the database, so every process shares them.

One atomic upsert per counted key (``INSERT … ON CONFLICT DO UPDATE … RETURNING``, on SQLite and
PostgreSQL alike), in its own short transaction: an attempt counts even when the request it
belongs to fails and rolls back.
"""

import hashlib
import math
from datetime import timedelta

from sqlalchemy import case, delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from api.db import Database
from api.errors import TooManyRequests
from api.models import RateLimit
from api.models.base import utcnow


def counter_key(kind: str, value: str) -> str:
    """``login:email:<digest>``: the counters hold no e-mail address or IP in clear."""
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()[:40]}"


async def hit(db: Database, limits: dict[str, int], window_seconds: int) -> None:
    """Count one attempt against each key; 429 with ``Retry-After`` once any is over its limit."""
    now = utcnow()
    window = timedelta(seconds=window_seconds)
    insert = sqlite_insert if db.is_sqlite else pg_insert
    wait = 0.0
    async with db.write_engine.begin() as conn:
        for key, limit in limits.items():
            stale = RateLimit.window_start <= now - window
            upsert = insert(RateLimit).values(key=key, window_start=now, count=1)
            stmt = upsert.on_conflict_do_update(
                index_elements=[RateLimit.key],
                set_={
                    "count": case((stale, 1), else_=RateLimit.count + 1),
                    "window_start": case((stale, now), else_=RateLimit.window_start),
                },
            ).returning(RateLimit.count, RateLimit.window_start)
            count, started = (await conn.execute(stmt)).one()
            if count > limit:
                wait = max(wait, (started + window - now).total_seconds())
        # Forget counters whose window closed long ago (cheap: indexed, and logins are rare).
        await conn.execute(delete(RateLimit).where(RateLimit.window_start < now - 2 * window))
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise TooManyRequests(
            f"too many attempts; try again in {seconds} seconds",
            headers={"Retry-After": str(seconds)},
        )
