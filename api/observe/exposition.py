"""Where the metrics are read: ``GET /metrics`` on the API, for admins, or (with
``SP_METRICS_ADDRESS=host:port``) a listener of their own that ``serve`` starts, without
authentication, for a private network, in which case the API answers ``/metrics`` with 404.

``/metrics`` is not in the OpenAPI document (it is not part of the API). An anonymous scrape gets
401 even with ``SP_PUBLIC_READ``, any role but ``admin`` 403.
"""

import logging
from typing import Any

from fastapi import FastAPI, Request
from prometheus_client import CONTENT_TYPE_LATEST, start_http_server
from prometheus_client.registry import Collector
from sqlalchemy import create_engine
from starlette.responses import Response

from api.auth.deps import current_principal
from api.config import Settings
from api.db import sync_url
from api.errors import Forbidden, NotFound, Unauthenticated
from api.models.enums import Role
from api.observe import metrics

log = logging.getLogger("api.metrics")


def add_metrics_route(app: FastAPI, settings: Settings) -> None:
    @app.get("/metrics", include_in_schema=False)
    async def scrape(request: Request) -> Response:
        if settings.metrics_address:
            raise NotFound(f"metrics are served at {settings.metrics_address} (SP_METRICS_ADDRESS)")
        principal = await current_principal(request, None)
        if principal.kind == "anonymous":
            raise Unauthenticated("scraping the metrics needs an admin's key or session")
        if principal.role != Role.admin:
            raise Forbidden("only an admin may scrape the metrics")
        db = request.app.state.db
        metrics.sample_pools(db)
        jobs = metrics.ImportJobs(await metrics.import_job_counts(db))
        return Response(metrics.render(jobs), media_type=CONTENT_TYPE_LATEST)


class ImportJobsNow(Collector):
    """``sp_import_jobs`` for the separate listener: counted with a blocking connection (the
    listener's thread has no event loop)."""

    def __init__(self, database_url: str) -> None:
        self.engine = create_engine(sync_url(database_url), pool_size=1, max_overflow=0)

    def collect(self) -> Any:
        try:
            with self.engine.connect() as conn:
                counts = [(s, n) for s, n in conn.execute(metrics.import_jobs_query()).all()]
        except Exception as exc:  # the database may be down: the other metrics still count
            log.warning("import jobs not counted: %s", type(exc).__name__)
            return iter(())
        return metrics.ImportJobs(counts).collect()


def serve_metrics(settings: Settings) -> None:
    """Start the separate listener (prometheus_client's, on a daemon thread of ``serve``)."""
    host, _, port = settings.metrics_address.rpartition(":")
    registry = metrics.registry()  # every worker's values in multiprocess mode
    registry.register(ImportJobsNow(settings.database_url))
    start_http_server(int(port), addr=host or "0.0.0.0", registry=registry)
