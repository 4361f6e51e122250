"""create_app(): routers, error handlers, middlewares, health checks, metrics, the dashboard."""

import asyncio
import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from starlette.responses import RedirectResponse, Response

from api.auth.authenticate import Authenticator
from api.config import Settings, get_settings
from api.db import Database
from api.errors import ServiceUnavailable
from api.events.webhooks import tidy, webhooks
from api.handlers import install_handlers, problem_content_only, responses
from api.http import stack
from api.http.routes_index import RoutesIndex
from api.imports import jobs, recovery
from api.observe import metrics, shutdown
from api.observe.exposition import add_metrics_route
from api.routers import ROUTERS, TAGS
from api.worker import loop as worker_loop


def lifespan_of(settings: Settings) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's start-up and shutdown: the database, the watch over abandoned imports, the pool
    gauges' sampler and, when it runs in the API's process (``worker_loop.runs_in_process``: on
    SQLite by default), the worker; at shutdown, after uvicorn has drained the requests in flight
    (``api.observe.shutdown``), the worker stops (releasing its running import) and the pools
    close."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.db = Database(settings.database_url, settings)
        await app.state.db.start()
        # Imports a dead process left running: checked in the background, so the process
        # starts (and /healthz answers) even while the database is down or busy.
        spools = jobs.spool_root(settings)
        app.state.recovery = asyncio.create_task(recovery.watch(app.state.db, spools))
        app.state.sampler = asyncio.create_task(metrics.sample_forever(app.state.db))
        app.state.worker = None
        if worker_loop.runs_in_process(settings):  # `make run`: deliveries with nothing extra
            app.state.worker = worker_loop.Worker(settings)
            app.state.worker_task = asyncio.create_task(app.state.worker.run())
        app.state.draining.stop()
        shutdown.watch_signals(app.state.draining)  # 503 from SIGTERM on (api/observe)
        # Everything built at start-up (models, schemas, routes) lives as long as the process:
        # keep it out of the collector's full passes, which otherwise show up as latency spikes.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            app.state.draining.start()
            if app.state.worker is not None:  # its running import is released at once
                await worker_loop.close(app.state.worker, app.state.worker_task)
            for task in (app.state.recovery, app.state.sampler):
                task.cancel()
            await asyncio.gather(app.state.recovery, app.state.sampler, return_exceptions=True)
            metrics.forget_process()
            await app.state.db.dispose()

    return lifespan


def add_health_checks(app: FastAPI) -> None:
    @app.get("/healthz", tags=["health"], operation_id="health-live")
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], operation_id="health-ready", responses=responses(503))
    async def readyz() -> dict[str, str]:
        """The database answers."""
        try:
            async with app.state.db.read_engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:
            raise ServiceUnavailable("the database is not reachable") from exc
        return {"status": "ok"}


def add_dashboard(app: FastAPI, settings: Settings) -> None:
    """The built dashboard at ``/``, or, without one, a redirect to the API's docs."""
    dist = Path(settings.frontend_dist)
    if (dist / "index.html").is_file():
        # Compressed like every response (api/compression.py).
        app.mount("/", StaticFiles(directory=dist, html=True), name="dashboard")
    else:

        @app.get("/", include_in_schema=False)
        async def root() -> Response:
            return RedirectResponse("/docs")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Shared Purpose Tracker API",
        version="1.0.0",
        summary="Programmes, teams, milestones, funding, support and results of an improvement "
        "programme such as the Health Foundation's Shared Purpose.",
        openapi_url=f"{settings.api_prefix}/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan_of(settings),
        openapi_tags=TAGS,
    )
    install_handlers(app)
    app.state.settings = settings
    app.state.auth = Authenticator(settings)
    # One index of the OpenAPI paths, for the middlewares (405s, body media types) and the 405
    # handler's ``Allow``.
    app.state.routes = RoutesIndex(lambda: app.openapi())
    app.state.draining = shutdown.Draining()
    stack.install(app, settings, app.state.routes, app.state.draining)  # in their documented order
    build_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = tidy(problem_content_only(build_openapi()))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    add_health_checks(app)
    add_metrics_route(app, settings)
    # Registered after the health checks: Starlette tries routes in order (see api/routers.py).
    for router in ROUTERS:
        app.include_router(router, prefix=settings.api_prefix)
    app.webhooks.include_router(webhooks())  # every event type's payload (api.events)
    add_dashboard(app, settings)
    return app
