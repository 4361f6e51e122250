"""A TCP proxy on 127.0.0.1 between the app and PostgreSQL, told to fail: drop every connection
it carries, refuse new ones (nothing listens) or accept them and never answer. PostgreSQL looks
down to the app while the shared server keeps running."""

import asyncio
from types import TracebackType
from typing import Literal, Self

Mode = Literal["up", "refuse", "hang"]


class Proxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.mode: Mode = "up"
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()
        self.tasks: set[asyncio.Task[None]] = set()
        self.accepted = 0

    async def __aenter__(self) -> Self:
        await self._listen()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.drop()
        await self._stop_listening()

    async def _listen(self) -> None:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _stop_listening(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
            self.server = None

    async def drop(self) -> int:
        """Cut every connection now (as a failover or a restart would); returns how many."""
        cut = len(self.writers)
        for writer in list(self.writers):
            writer.transport.abort()
        if self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
        return cut

    async def set(self, mode: Mode) -> None:
        """``refuse``: nothing listens (connection refused); ``hang``: connections are accepted
        and never answered; ``up``: connections reach PostgreSQL again."""
        self.mode = mode
        if mode == "refuse":
            await self._stop_listening()
        elif self.server is None:
            await self._listen()
        if mode == "up":
            await self.drop()  # connections held while hanging

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.tasks.add(task)
        self.writers.add(writer)
        self.accepted += 1
        upstream: asyncio.StreamWriter | None = None
        try:
            if self.mode == "hang":
                await reader.read()  # until the client gives up or drop() cuts it
                return
            up_reader, upstream = await asyncio.open_connection(*self.target)
            self.writers.add(upstream)
            await asyncio.gather(_pipe(reader, upstream), _pipe(up_reader, writer))
        except OSError:
            pass
        finally:
            for end in (writer, upstream):
                if end is not None:
                    self.writers.discard(end)
                    end.transport.abort()
            self.tasks.discard(task)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.transport.abort()  # one side gone: the other goes too, as with a dead server
