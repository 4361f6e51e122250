"""One request down each database path of the app, for a fault to be tried against."""

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.engine import make_url

from api.models import ImportJob, ImportStatus
from tests.conftest import missing
from tests.factories import API, make_organisation, make_programme, n
from tests.faults.proxy import Proxy


@dataclass
class Probe:
    name: str
    method: str
    path: str
    body: dict[str, Any] | None = None
    ok: int = 200  # the answer when the database is well

    async def send(self, client: httpx.AsyncClient) -> httpx.Response:
        body = dict(self.body) if self.body is not None else None
        if body is not None and "org_identifier" in body:
            body["org_identifier"] = f"GB-TEST-F{n()}"  # each create a new row
        response = await client.request(self.method, self.path, json=body)
        if response.status_code >= 500:
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["status"] == response.status_code
        return response


async def probes(app: FastAPI, client: httpx.AsyncClient) -> list[Probe]:
    """Rows to read and write, and a request for each path (made while the database is up)."""
    org = await make_organisation(client)
    programme = await make_programme(client)
    async with app.state.db.sessionmaker() as session, session.begin():
        job = ImportJob(status=ImportStatus.running, files=["a.csv"], created_by="test")
        session.add(job)
    new_org = {"name": "Fault probe", "org_identifier": "", "kind": "charity"}
    return [
        Probe("list (read pool)", "GET", f"{API}/organisations"),
        Probe("get (read pool)", "GET", f"{API}/organisations/{org['id']}"),
        Probe("create (write session)", "POST", f"{API}/organisations", new_org, 201),
        Probe("update (write session)", "PATCH", f"{API}/organisations/{org['id']}", {"url": None}),
        Probe("read model (snapshot)", "GET", f"{API}/programmes/{programme['id']}/summary"),
        Probe("import status (read session)", "GET", f"{API}/imports/{job.id}"),
    ]


def through(url: str, proxy: Proxy) -> str:
    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(False)


def target(url: str) -> int:
    parsed = make_url(url)
    if parsed.host not in ("127.0.0.1", "localhost"):
        missing("faults are only injected on 127.0.0.1: point SP_TEST_DATABASE_URL at it")
    return parsed.port or 5432


async def all_answer(client: httpx.AsyncClient, checks: list[Probe]) -> None:
    for probe in checks:
        response = await probe.send(client)
        assert response.status_code == probe.ok, (probe.name, response.text)
