"""A worker's import task run by hand, against the test app's database."""

import uuid

import httpx
from fastapi import FastAPI

from api.worker.context import Clock, SystemClock, WorkerContext
from api.worker.imports import run_imports


async def work_off(app: FastAPI, clock: Clock | None = None, name: str = "") -> int:
    """Run every queued import as a worker would (``run_imports`` until none waits); how many."""
    async with httpx.AsyncClient() as http:
        ctx = WorkerContext(
            app.state.db,
            app.state.settings,
            http,
            clock or SystemClock(),
            name or f"test/{uuid.uuid4().hex[:8]}/0",
        )
        ran = 0
        while await run_imports(ctx):
            ran += 1
        return ran
