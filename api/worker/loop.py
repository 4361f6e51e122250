"""The worker's loop: every task of ``api.worker.tasks.TASKS`` in turn, forever.

``Worker(settings, concurrency)`` opens a database of its own and one HTTP client, and runs
``concurrency`` contexts side by side (each named ``host/pid/n``: who holds a claim). A round
calls every task once; a round in which no task found due work rests ``worker_poll_seconds``,
so an idle worker costs one cheap query per task that often, and new work waits about that long.
A task that raises is logged (logger ``api.worker``, field ``task``) and the context rests
``BACKOFF`` (doubling while rounds keep failing, up to ``BACKOFF_MAX``): a database that is down
neither stops the worker nor makes it spin.

``stop()`` lets each task finish its current batch, releases a running import (see
``api.worker.imports``) and ends the loop; claims it did not finish expire with their leases
and another worker takes them up (at-least-once).
"""

import asyncio
import logging
import signal
import time
from collections.abc import Sequence

import httpx

from api.config import Settings
from api.db import Database, async_url
from api.worker import imports
from api.worker.context import Clock, SystemClock, Task, WorkerContext, worker_name

log = logging.getLogger("api.worker")
BACKOFF = 1.0  # seconds after a round in which a task raised
BACKOFF_MAX = 30.0
STOP_WAIT = 10.0  # seconds ``close`` waits for the current batches before cancelling them


def runs_in_process(settings: Settings) -> bool:
    """Whether the API's processes run a worker too: ``worker_in_process``, or, unset, on SQLite
    (``make run``: nothing else to start)."""
    if settings.worker_in_process is not None:
        return settings.worker_in_process
    return async_url(settings.database_url).get_backend_name() == "sqlite"


def client(settings: Settings, concurrency: int) -> httpx.AsyncClient:
    """The worker's one HTTP client: a connection kept for each request a context may have in
    flight (httpx keeps 20 by default, so a busy worker would open and close the rest each
    time); never a proxy from the environment (a delivery goes to the address it checked)."""
    from api.webhooks.delivery import CONCURRENCY

    most = CONCURRENCY * concurrency
    limits = httpx.Limits(max_connections=most, max_keepalive_connections=most)
    return httpx.AsyncClient(
        timeout=settings.webhook_timeout_seconds, trust_env=False, limits=limits
    )


def task_name(task: Task) -> str:
    return f"{getattr(task, '__module__', '?')}.{getattr(task, '__qualname__', repr(task))}"


class Worker:
    """The loop of one process (see the module's docstring)."""

    def __init__(
        self,
        settings: Settings,
        concurrency: int = 1,
        *,
        tasks: Sequence[Task] | None = None,
        clock: Clock | None = None,
        backoff: float = BACKOFF,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.settings = settings
        self.concurrency = concurrency
        self.tasks = tasks
        self.clock = clock or SystemClock()
        self.backoff = backoff
        self.stopping = asyncio.Event()
        self.contexts: list[WorkerContext] = []
        self.rounds = 0  # full rounds run, by every context (tests and logs)

    async def run(self) -> None:
        """Run until ``stop()``; the database and the HTTP client close on the way out."""
        from api.worker.tasks import TASKS  # late: the task modules import much of the API

        tasks = list(TASKS if self.tasks is None else self.tasks)
        db = Database(self.settings.database_url, self.settings)
        http = client(self.settings, self.concurrency)
        try:
            await db.start()
            self.contexts = [
                WorkerContext(db, self.settings, http, self.clock, worker_name(n))
                for n in range(self.concurrency)
            ]
            for ctx in self.contexts:
                imports.forget_release(ctx.name)
            names = ", ".join(task_name(t) for t in tasks)
            log.info("worker started: %d x [%s]", self.concurrency, names)
            await asyncio.gather(*(self._loop(ctx, tasks) for ctx in self.contexts))
        finally:
            await http.aclose()
            await db.dispose()
            log.info("worker stopped")

    def stop(self) -> None:
        """End after the current batches; a running import is released at once."""
        self.stopping.set()
        for ctx in self.contexts:
            imports.release(ctx.name)

    async def rest(self, seconds: float) -> None:
        """Wait ``seconds``, or less if told to stop (tests override it to count the rests)."""
        try:
            async with asyncio.timeout(seconds):
                await self.stopping.wait()
        except TimeoutError:
            pass

    async def _loop(self, ctx: WorkerContext, tasks: Sequence[Task]) -> None:
        try:
            await self._rounds(ctx, tasks)
        finally:
            for close in ctx.closing:  # e.g. record the deliveries still in flight
                await close()

    async def _rounds(self, ctx: WorkerContext, tasks: Sequence[Task]) -> None:
        failing = 0  # rounds in a row in which a task raised
        while not self.stopping.is_set():
            done, failed = 0, False
            for task in tasks:
                if self.stopping.is_set():
                    return
                try:
                    done += await task(ctx)
                except Exception as exc:  # logged; the loop goes on after a back-off
                    failed = True
                    extra = {"task": task_name(task), "worker": ctx.name}
                    log.error("worker task %s failed", extra["task"], exc_info=exc, extra=extra)
            self.rounds += 1
            if self.stopping.is_set():
                return
            if failed:
                failing += 1
                await self.rest(min(self.backoff * 2 ** (failing - 1), BACKOFF_MAX))
            else:
                failing = 0
                if done == 0:
                    await self.rest(self.settings.worker_poll_seconds)


async def run_until_signalled(settings: Settings, concurrency: int) -> None:
    """``shared-purpose worker``: the loop until SIGTERM or SIGINT (then a graceful stop)."""
    worker = Worker(settings, concurrency)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, _stop_on_signal, worker, sig)
    await worker.run()


def _stop_on_signal(worker: Worker, sig: signal.Signals) -> None:
    log.info("worker stopping (%s): finishing the current batches", sig.name)
    worker.stop()


async def close(worker: Worker, running: "asyncio.Task[None]", wait: float = STOP_WAIT) -> None:
    """Stop a worker started as a background task (the API's lifespan) and wait for it."""
    worker.stop()
    began = time.monotonic()
    try:
        async with asyncio.timeout(wait):
            await asyncio.shield(running)
    except TimeoutError:
        log.warning("worker still busy after %.0f s: cancelled", time.monotonic() - began)
        running.cancel()
    except Exception as exc:  # it failed while running: already its own problem
        log.error("worker ended with an error", exc_info=exc)
    await asyncio.gather(running, return_exceptions=True)
