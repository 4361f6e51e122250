"""``/metrics``: Prometheus text counting every kind of request by route template, the pools, the
read-model cache and the import jobs; for admins only (issue 15, item 3)."""

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from api.db import Database
from api.models import ImportJob, ImportStatus
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import RoleClient, http
from tests.factories import API, make_team
from tests.server import free_port, running_server

pytestmark = pytest.mark.anyio
MISSING = "0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"
TEAM = f"{API}/teams/{{team_id}}"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def scrape(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return parse(response.text)


def requests(samples: Samples, route: str, method: str, status: int) -> float:
    labels = {"route": route, "method": method, "status": str(status)}
    return value(samples, "sp_http_requests_total", **labels)


async def test_a_request_of_each_kind_is_counted_by_route_template(
    client: httpx.AsyncClient, anon: httpx.AsyncClient
) -> None:
    team = await make_team(client)
    before = await scrape(client)
    assert (await client.get(f"{API}/teams/{team['id']}")).status_code == 200
    assert (await client.head(f"{API}/teams/{team['id']}")).status_code == 200
    assert_problem(await client.get(f"{API}/teams/{MISSING}"), 404, "not-found")
    assert_problem(await anon.get(f"{API}/teams/{team['id']}"), 401, "unauthenticated")
    assert_problem(await client.delete(f"{API}/teams"), 405, "method-not-allowed")
    assert (await client.get("/no/such/page")).status_code == 404
    after = await scrape(client)

    def more(route: str, method: str, status: int) -> float:
        return requests(after, route, method, status) - requests(before, route, method, status)

    assert more(TEAM, "GET", 200) == 1
    assert more(TEAM, "HEAD", 200) == 1
    assert more(TEAM, "GET", 404) == 1
    assert more(TEAM, "GET", 401) == 1
    # Refused before routing: under its documented template; a path matching none: one label.
    assert more(f"{API}/teams", "DELETE", 405) == 1
    assert more("unmatched", "GET", 404) == 1
    routes = {dict(labels).get("route") for (_, labels) in after}
    assert f"{API}/teams/{team['id']}" not in routes and "/no/such/page" not in routes
    # The latency histogram, by route and method.
    count = "sp_http_request_duration_seconds_count"
    assert (
        value(after, count, route=TEAM, method="GET")
        - value(before, count, route=TEAM, method="GET")
        == 3
    )
    bucket = value(after, "sp_http_request_duration_seconds_bucket", route=TEAM, method="GET",
                   le="+Inf")  # fmt: skip
    assert bucket == value(after, count, route=TEAM, method="GET")


async def test_made_up_methods_share_one_label(client: httpx.AsyncClient) -> None:
    """Callers cannot grow the series: any method but the usual ones counts as OTHER."""
    before = await scrape(client)
    for method in ("PROPFIND", "BREW", "MKCOL"):
        response = await client.request(method, f"{API}/teams")
        assert_problem(response, 405, "method-not-allowed")
    after = await scrape(client)
    added = requests(after, f"{API}/teams", "OTHER", 405) - requests(
        before, f"{API}/teams", "OTHER", 405
    )
    assert added == 3
    methods = {dict(labels).get("method") for (_, labels) in after}
    assert not methods & {"PROPFIND", "BREW", "MKCOL"}


async def test_the_pools_the_read_cache_and_the_import_jobs(
    client: httpx.AsyncClient, db: Database
) -> None:
    team = await make_team(client)
    async with db.sessionmaker() as session, session.begin():
        for status in (ImportStatus.running, ImportStatus.running, ImportStatus.failed):
            session.add(ImportJob(status=status, files=["a.csv"], bytes_total=1, created_by="t"))
    url = f"{API}/programmes/{team['programme_id']}/summary?as_of=2015-12-31"
    before = await scrape(client)
    assert (await client.get(url)).status_code == 200
    assert (await client.get(url)).status_code == 200  # the same version: from the cache
    after = await scrape(client)
    hits = value(after, "sp_read_cache_total", result="hit")
    assert hits - value(before, "sp_read_cache_total", result="hit") == 1
    misses = value(after, "sp_read_cache_total", result="miss")
    assert misses - value(before, "sp_read_cache_total", result="miss") == 1
    jobs = {s.value: value(after, "sp_import_jobs", status=s.value) for s in ImportStatus}
    assert jobs == {s.value: {"running": 2, "failed": 1}.get(s.value, 0) for s in ImportStatus}
    for pool in ("read", "write"):
        assert ("sp_db_connections_in_use", frozenset({("pool", pool)})) in after
    assert value(after, "sp_db_connections_in_use", pool="write") >= 0


async def test_anonymous_and_non_admin_scrapes_are_refused(
    app: FastAPI, anon: httpx.AsyncClient, as_role: RoleClient, public_read: None
) -> None:
    # Anonymous reads are open (SP_PUBLIC_READ), the metrics are not.
    body = assert_problem(await anon.get("/metrics"), 401, "unauthenticated")
    assert "admin" in body["detail"]
    for role in (Role.programme_manager, Role.finance):
        assert_problem(await (await as_role(role)).get("/metrics"), 403, "forbidden")
    async with http(app, "not-a-key") as stranger:
        assert_problem(await stranger.get("/metrics"), 401, "unauthenticated")


async def test_metrics_are_not_in_the_openapi_document(client: httpx.AsyncClient) -> None:
    spec = (await client.get(f"{API}/openapi.json")).json()
    assert "/metrics" not in spec["paths"]


async def test_with_a_metrics_address_the_api_answers_404(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    before = app.state.settings
    settings = before.model_copy(update={"metrics_address": "127.0.0.1:9100"})
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", "") != "/metrics"]
    from api.observe.exposition import add_metrics_route

    add_metrics_route(app, settings)
    try:
        body = assert_problem(await client.get("/metrics"), 404, "not-found")
        assert "SP_METRICS_ADDRESS" in body["detail"]
    finally:
        app.router.routes = [r for r in app.router.routes if getattr(r, "path", "") != "/metrics"]
        add_metrics_route(app, before)


def test_several_workers_add_up_in_one_scrape(tmp_path: Path) -> None:
    """Multiprocess mode: two processes count into one folder; one scrape reads both."""
    script = (
        "from api.observe import metrics\n"
        "metrics.REQUESTS.labels('/x', 'GET', '200').inc()\n"
        "metrics.IN_USE.labels('write').set(2)\n"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
    report = (
        "import sys\nfrom api.observe import metrics\nsys.stdout.write(metrics.render().decode())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", report], env=env, check=True, timeout=60, capture_output=True
    ).stdout.decode()
    samples = parse(out)
    assert requests(samples, "/x", "GET", 200) == 2
    # Gauges count live processes only: both have exited, without marking themselves dead,
    # so their values still add up here (a worker marks itself dead at shutdown).
    assert value(samples, "sp_db_connections_in_use", pool="write") == 4


async def test_two_workers_scraped_at_the_metrics_address(db_url: str, tmp_path: Path) -> None:
    """``serve --workers 2`` with ``SP_METRICS_ADDRESS``: one unauthenticated scrape there counts
    the requests both workers answered; the API's /metrics is 404; the folder goes at exit."""
    address = f"127.0.0.1:{free_port()}"
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {"SP_METRICS_ADDRESS": address, "TMPDIR": str(temp)}
    async with running_server(db_url, workers=2, env=env) as base:
        assert [p.name[:11] for p in temp.iterdir()] == ["sp-metrics-"]
        async with httpx.AsyncClient() as http_client:
            first = (await http_client.get(f"http://{address}/metrics")).text
            # /readyz, not /healthz: a start-up poll of /healthz that gave up client-side (a busy
            # machine) is still answered, and counted, after the first scrape.
            before = requests(parse(first), "/readyz", "GET", 200)
            # New connections each time, so the kernel spreads them over both workers.
            for _ in range(20):
                async with httpx.AsyncClient(base_url=base) as one:
                    assert (await one.get("/readyz")).status_code == 200
            scraped = await http_client.get(f"http://{address}/metrics")
            assert (await http_client.get(f"{base}/metrics")).status_code == 404
        samples = parse(scraped.text)
        assert requests(samples, "/readyz", "GET", 200) - before == 20
        assert value(samples, "sp_import_jobs", status="running") == 0
        assert ("sp_import_jobs", frozenset({("status", "failed")})) in samples
    assert list(temp.iterdir()) == []
