"""The worker's way of delivering: each context keeps up to ``CONCURRENCY`` sends in flight
across its rounds and starts another as each slot frees up, so a slow receiver holds a few slots
(up to its timeout), never all of them.

``deliver_due`` (``api.webhooks.delivery``) claims a batch and returns once every send in it is
recorded: simple to call once (tests, a one-off run), but a batch waits for its slowest receiver,
so an endpoint that hangs would hold up every other endpoint for the length of its timeout.
``deliver_some``, the loop's task, does not wait for a batch. Each step waits until ``TOP_UP``
sends are done (at most ``worker_poll_seconds``), records them in one transaction, claims up to
``AHEAD`` deliveries once fewer than ``CONCURRENCY`` are waiting (one claim and its reads serve
several groups), and starts waiting ones in the free slots, at most ``PER_ENDPOINT`` to one
endpoint (a claim skips the endpoints at that limit), so an endpoint that hangs holds that many
slots and the others keep going. It steps on while there is work, for up to ``BUSY`` seconds,
then lets the round's other tasks run (fan-out first: new events wait at most that long).

Claims, leases and records are ``delivery``'s: a send in flight when the worker is killed is sent
again by another worker once its lease ends; a stopping worker records the sends in flight
(``drain``, each within the receiver's timeout) and leaves the claims not yet sent to their
leases.
"""

import asyncio
import logging
import time
from collections import Counter, deque
from dataclasses import dataclass, field

from api.config import Settings
from api.webhooks.delivery import CONCURRENCY, Job, attempt, claim, jobs_of, record
from api.webhooks.sender import Outcome
from api.worker.context import WorkerContext

log = logging.getLogger("api.worker")
TOP_UP = 8  # sends done before recording them (a group a transaction)
AHEAD = 64  # deliveries claimed ahead of the free slots: one claim serves several groups
PER_ENDPOINT = 4  # sends in flight to one endpoint: a slow one never takes every slot
BUSY = 0.25  # seconds a call goes on while there is work (new events wait at most this long)
STATE = "webhook-deliveries"
Send = asyncio.Task[tuple[Job, Outcome]]


@dataclass
class Flight:
    sends: dict[Send, str] = field(default_factory=dict)  # in flight → its endpoint
    waiting: deque[tuple[Job, float]] = field(default_factory=deque)  # claimed, and when

    def saturated(self) -> set[str]:
        counts = Counter(self.sends.values())
        return {endpoint for endpoint, n in counts.items() if n >= PER_ENDPOINT}


def flight(ctx: WorkerContext) -> Flight:
    """This context's sends in flight (made on first use, finished when the context stops)."""
    found = ctx.state.get(STATE)
    if isinstance(found, Flight):
        return found
    made = ctx.state[STATE] = Flight()
    ctx.closing.append(lambda: drain(ctx))
    return made


async def deliver_some(ctx: WorkerContext) -> int:
    """Record the finished sends and start new ones, again and again while there is work, for
    up to ``BUSY`` seconds (the round's other tasks run in between); how much was done."""
    done, began = 0, time.monotonic()
    while time.monotonic() - began < BUSY:
        did = await _step(ctx)
        if not did:
            break
        done += did
    return done


async def _step(ctx: WorkerContext) -> int:
    state = flight(ctx)
    if state.sends:  # a group to record (and as many slots to fill) at a time, not one by one
        await _some_done(state.sends, min(TOP_UP, len(state.sends)), ctx.settings)
    recorded = await _settle(ctx, [s for s in state.sends if s.done()])
    # A claim waiting past half its lease is let go: once the lease ends it is due again, for
    # this worker or another, rather than sent by two.
    fresh = time.monotonic() - ctx.settings.worker_lease_seconds / 2
    state.waiting = deque((job, at) for job, at in state.waiting if at > fresh)
    full = state.saturated()
    startable = sum(job.endpoint_id not in full for job, _ in state.waiting)
    claimed = []
    if startable < CONCURRENCY:
        claimed = await claim(ctx, limit=AHEAD - startable, skip=full)
        now = time.monotonic()
        state.waiting.extend((job, now) for job in await jobs_of(ctx, claimed))
    _start(ctx, state)
    return recorded + len(claimed)


def _start(ctx: WorkerContext, state: Flight) -> None:
    """Fill the free slots from the waiting claims, oldest first, ``PER_ENDPOINT`` at most."""
    counts = Counter(state.sends.values())
    kept: deque[tuple[Job, float]] = deque()
    for job, at in state.waiting:
        if len(state.sends) < CONCURRENCY and counts[job.endpoint_id] < PER_ENDPOINT:
            state.sends[asyncio.create_task(attempt(ctx, job))] = job.endpoint_id
            counts[job.endpoint_id] += 1
        else:
            kept.append((job, at))
    state.waiting = kept


async def _some_done(sends: dict[Send, str], count: int, settings: Settings) -> None:
    """Wait until ``count`` of ``sends`` are done, or ``worker_poll_seconds``."""
    deadline = time.monotonic() + settings.worker_poll_seconds
    while sum(s.done() for s in sends) < count:
        left = deadline - time.monotonic()
        pending = [s for s in sends if not s.done()]
        if left <= 0 or not pending:
            return
        await asyncio.wait(pending, timeout=left, return_when=asyncio.FIRST_COMPLETED)


async def drain(ctx: WorkerContext) -> None:
    """Wait for the sends in flight (each ends within the receiver's timeout) and record them;
    claims not yet sent are left to their leases (then another worker sends them)."""
    state = flight(ctx)
    state.waiting.clear()
    if state.sends:
        await asyncio.wait(state.sends)
        await _settle(ctx, list(state.sends))


async def _settle(ctx: WorkerContext, finished: list[Send]) -> int:
    """Record ``finished`` in one transaction; a send that raised is logged and left to its
    lease (another worker sends it again)."""
    sends = flight(ctx).sends
    results = []
    for send in finished:
        del sends[send]
        error = None if send.cancelled() else send.exception()
        if send.cancelled() or error is not None:
            log.error("webhook send failed", exc_info=error)
            continue
        results.append(send.result())
    return await record(ctx, results) if results else 0
