"""The worker's loop (``api/worker/loop.py``): tasks in turn, a rest when a round found nothing,
a back-off after a task that raised, a graceful stop; with tasks of the tests' own, run against
the test database (both engines)."""

import asyncio
import logging
from collections.abc import Callable

import pytest
from sqlalchemy import text

from api.config import Settings
from api.worker.context import WorkerContext
from api.worker.loop import BACKOFF_MAX, Worker, runs_in_process, task_name

pytestmark = pytest.mark.anyio
WAIT = 10.0  # seconds a test waits at most for the worker to get somewhere


class Recording(Worker):
    """A worker whose rests are recorded, not waited: no test depends on time passing."""

    def __init__(self, settings: Settings, **kw: object) -> None:
        super().__init__(settings, **kw)  # type: ignore[arg-type]
        self.rests: list[tuple[int, float]] = []  # (rounds run before it, seconds)

    async def rest(self, seconds: float) -> None:
        self.rests.append((self.rounds, seconds))
        await asyncio.sleep(0)  # let the test's own coroutines run


async def run(worker: Worker) -> None:
    async with asyncio.timeout(WAIT):
        await worker.run()


def stop_after(worker: Worker, calls: int) -> Callable[[], bool]:
    """A counter that stops ``worker`` once called ``calls`` times; True while still going."""
    seen = [0]

    def tick() -> bool:
        seen[0] += 1
        if seen[0] >= calls:
            worker.stop()
        return seen[0] < calls

    return tick


class TestRounds:
    async def test_every_task_in_turn_and_a_rest_only_after_an_idle_round(
        self, settings: Settings
    ) -> None:
        calls: list[str] = []
        found = [3]  # items of due work the first task finds, one per call

        async def first(ctx: WorkerContext) -> int:
            calls.append("first")
            # The context's database is the worker's own, opened on the test database.
            async with ctx.db.read_engine.connect() as conn:
                assert (await conn.execute(text("SELECT 1"))).scalar_one() == 1
            if found[0]:
                found[0] -= 1
                return 1
            return 0

        worker = Recording(settings, tasks=[first])
        going = stop_after(worker, 6)

        async def second(ctx: WorkerContext) -> int:
            calls.append("second")
            going()
            return 0

        worker.tasks = [first, second]
        await run(worker)
        assert calls == ["first", "second"] * 6
        # Rounds 1-3 found work and went straight on; rounds 4 and 5 rested the poll interval
        # (the sixth was stopped in its last task).
        poll = settings.worker_poll_seconds
        assert worker.rests == [(4, poll), (5, poll)]

    async def test_contexts_side_by_side_each_named(self, settings: Settings) -> None:
        names: set[str] = set()
        both = asyncio.Event()

        async def task(ctx: WorkerContext) -> int:
            names.add(ctx.name)
            if len(names) == 3:
                both.set()
            await both.wait()  # every context is in a batch at once: they run side by side
            worker.stop()
            return 0

        worker = Recording(settings, concurrency=3, tasks=[task])
        await run(worker)
        assert len(names) == 3
        assert {n.rsplit("/", 1)[1] for n in names} == {"0", "1", "2"}

    def test_concurrency_is_at_least_one(self, settings: Settings) -> None:
        with pytest.raises(ValueError):
            Worker(settings, concurrency=0)


class TestFailures:
    async def test_a_task_that_raises_is_logged_and_backs_off_doubling(
        self, settings: Settings, caplog: pytest.LogCaptureFixture
    ) -> None:
        after: list[str] = []

        async def broken(ctx: WorkerContext) -> int:
            raise ConnectionRefusedError("the database is down")

        worker = Recording(settings, tasks=[broken], backoff=1.0)

        async def next_task(ctx: WorkerContext) -> int:
            after.append(ctx.name)  # the round goes on past the failure
            if len(after) == 8:
                worker.stop()
            return 0

        worker.tasks = [broken, next_task]
        with caplog.at_level(logging.ERROR, logger="api.worker"):
            await run(worker)
        assert len(after) == 8
        assert [s for _, s in worker.rests] == [1.0, 2.0, 4.0, 8.0, 16.0, BACKOFF_MAX, BACKOFF_MAX]
        failures = [r for r in caplog.records if r.name == "api.worker"]
        assert len(failures) == 8
        assert all(r.task.endswith("broken") for r in failures)  # type: ignore[attr-defined]
        assert all(r.exc_info and r.exc_info[0] is ConnectionRefusedError for r in failures)

    async def test_a_clean_round_ends_the_back_off(self, settings: Settings) -> None:
        outcomes: list[int | None] = [None, None, 1, 0, None, 0]  # None: raise

        async def flaky(ctx: WorkerContext) -> int:
            outcome = outcomes.pop(0)
            if not outcomes:
                worker.stop()
            if outcome is None:
                raise RuntimeError("flaky")
            return outcome

        worker = Recording(settings, tasks=[flaky], backoff=0.5)
        await run(worker)
        # fail, fail (doubling), work (no rest), idle (poll), fail (back to the first back-off).
        poll = settings.worker_poll_seconds
        assert [s for _, s in worker.rests] == [0.5, 1.0, poll, 0.5]


class TestStopping:
    async def test_the_current_batch_finishes_and_nothing_after_it(
        self, settings: Settings
    ) -> None:
        in_batch = asyncio.Event()
        may_finish = asyncio.Event()
        finished: list[str] = []

        async def slow(ctx: WorkerContext) -> int:
            in_batch.set()
            await may_finish.wait()
            finished.append("slow")
            return 1

        async def later(ctx: WorkerContext) -> int:
            finished.append("later")
            return 0

        worker = Worker(settings, tasks=[slow, later])
        running = asyncio.create_task(run(worker))
        async with asyncio.timeout(WAIT):
            await in_batch.wait()
        worker.stop()
        assert not running.done()  # still in its batch
        may_finish.set()
        await running
        assert finished == ["slow"]

    async def test_a_stop_cuts_a_rest_short(self, settings: Settings) -> None:
        resting = asyncio.Event()

        async def idle(ctx: WorkerContext) -> int:
            resting.set()
            return 0

        slow = settings.model_copy(update={"worker_poll_seconds": 60.0})
        worker = Worker(slow, tasks=[idle])
        running = asyncio.create_task(run(worker))
        async with asyncio.timeout(WAIT):
            await resting.wait()
            await asyncio.sleep(0)  # into its minute's rest
            worker.stop()
            await running  # well before the minute (WAIT bounds it)


class TestWhereItRuns:
    def test_in_process_by_default_on_sqlite_only(self, settings: Settings) -> None:
        unset = settings.model_copy(update={"worker_in_process": None})
        assert runs_in_process(unset) == settings.database_url.startswith("sqlite")
        for chosen in (True, False):
            picked = settings.model_copy(update={"worker_in_process": chosen})
            assert runs_in_process(picked) is chosen


def test_the_worker_runs_deliveries_reminders_and_imports() -> None:
    from api.worker.tasks import TASKS

    names = [task_name(t) for t in TASKS]
    assert names == [
        "api.webhooks.fanout.fan_out",  # events into deliveries, then sent in the same round
        "api.webhooks.flight.deliver_some",  # sends in flight across rounds
        "api.reminders.service.send_reminders",
        "api.worker.imports.run_imports",
    ]
