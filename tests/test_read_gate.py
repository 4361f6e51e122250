"""PostgreSQL reads queue for a connection first come, first served (``Database.reader``).

asyncpg's pool alone hands a returned connection to whichever request asks next, so under load
a few requests waited seconds while newer ones went ahead: p99 tens of times p50.
"""

import asyncio

import pytest
from sqlalchemy import exc

from api.config import Settings
from api.db import Database, PooledReader, unavailable

pytestmark = pytest.mark.anyio


async def database(url: str, size: int, timeout: float = 10.0) -> Database:
    db = Database(url, Settings(database_url=url, db_pool_size=size, db_pool_timeout=timeout))
    await db.start()
    return db


class TestReadGate:
    async def test_reads_are_served_in_the_order_they_arrive(self, postgres_url: str) -> None:
        db = await database(postgres_url, size=2)
        try:
            # Both connections opened first: opening one takes a varying time, which would
            # reorder requests before they ever wait.
            warm = [await db.reader(), await db.reader()]
            for reader in warm:
                await reader.release()
            arrived: list[int] = []
            served: list[int] = []

            async def read(i: int) -> None:
                arrived.append(i)
                reader = await db.reader()
                served.append(i)
                assert (await reader.fetch("SELECT 1"))[0][0] == 1
                await reader.release()

            tasks = []
            for i in range(200):  # a new request every turn of the loop, as under load
                tasks.append(asyncio.create_task(read(i)))
                await asyncio.sleep(0)
            await asyncio.gather(*tasks)
            # asyncpg's pool alone let newer requests take returned connections: one request
            # here lost hundreds of places.
            assert served == arrived
            assert db.read_gate._value == 2  # every place given back
        finally:
            await db.dispose()

    async def test_a_read_waits_at_most_the_pool_timeout(self, postgres_url: str) -> None:
        db = await database(postgres_url, size=1, timeout=0.05)
        try:
            held: PooledReader = await db.reader()
            with pytest.raises(exc.TimeoutError) as caught:
                await db.reader()
            assert unavailable(caught.value) == "busy"  # a 503, as for a full write pool
            await held.release()
            again = await db.reader()  # the one that timed out left no place taken
            await again.release()
            assert db.read_gate._value == 1
        finally:
            await db.dispose()
