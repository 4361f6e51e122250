"""No temporary file outlives its upload: after a load, a refusal, a failure, a replay, a client
that went away, a malformed body or a background job."""

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api.imports.service import Loader
from tests.assertions import assert_problem
from tests.factories import API
from tests.imports.data import programme_files
from tests.imports.test_uploads import IMPORTS, ORGS, form_type, leftovers, multipart, spool_into
from tests.worker.running import work_off

pytestmark = pytest.mark.anyio


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return spool_into(tmp_path, monkeypatch)


def orgs(boundary: bytes = b"b0undary", content: bytes = ORGS.encode()) -> bytes:
    return multipart([(b"organisations.csv", content)], boundary)


class TestTemporaryFilesGo:
    async def test_after_a_load_and_its_replay(
        self, client: httpx.AsyncClient, folder: Path
    ) -> None:
        headers = {**form_type(), "Idempotency-Key": "k"}
        first = await client.post(IMPORTS, content=orgs(), headers=headers)
        again = await client.post(IMPORTS, content=orgs(), headers=headers)
        assert (first.status_code, again.headers["idempotent-replayed"]) == (200, "true")
        assert leftovers(folder) == []

    async def test_after_rows_are_refused(self, client: httpx.AsyncClient, folder: Path) -> None:
        bad = ORGS.replace("charity", "not-a-kind").encode()
        response = await client.post(IMPORTS, content=orgs(content=bad), headers=form_type())
        assert_problem(response, 422, "import-rejected")
        assert leftovers(folder) == []

    async def test_after_a_reused_key(self, client: httpx.AsyncClient, folder: Path) -> None:
        headers = {**form_type(), "Idempotency-Key": "k"}
        await client.post(IMPORTS, content=orgs(), headers=headers)
        other = orgs(content=ORGS.replace("First", "1st").encode())
        response = await client.post(IMPORTS, content=other, headers=headers)
        assert_problem(response, 422, "idempotency-key-reused")
        assert leftovers(folder) == []

    @pytest.mark.parametrize(
        ("body", "content_type", "status", "rule"),
        [
            (b"--b0undary\r\nno headers end", "multipart/form-data; boundary=b0undary", 400,
             "malformed-upload"),
            (b"x", "multipart/form-data", 400, "malformed-upload"),
            (multipart([]), "multipart/form-data; boundary=b0undary", 422, "not-an-import"),
            (b"  \n", "application/json", 422, "not-an-import"),
        ],
        ids=["truncated", "no-boundary", "no-file", "empty-json"],
    )  # fmt: skip
    async def test_after_a_malformed_body(
        self, client: httpx.AsyncClient, folder: Path, body: bytes, content_type: str,
        status: int, rule: str,
    ) -> None:  # fmt: skip
        response = await client.post(IMPORTS, content=body, headers={"Content-Type": content_type})
        assert_problem(response, status, rule)
        assert leftovers(folder) == []

    async def test_after_a_load_that_fails(
        self, app: FastAPI, client: httpx.AsyncClient, folder: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        async def broken(*_args: object) -> None:
            raise RuntimeError("the disk went away")

        monkeypatch.setattr(Loader, "load", broken)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers=dict(client.headers)
        ) as c:
            response = await c.post(IMPORTS, content=orgs(), headers=form_type())
        assert response.status_code == 500
        assert leftovers(folder) == []

    async def test_after_the_client_goes_away(
        self, app: FastAPI, client: httpx.AsyncClient, folder: Path
    ) -> None:
        body = orgs()
        messages = [
            {"type": "http.request", "body": body[: len(body) // 2], "more_body": True},
            {"type": "http.disconnect"},
        ]

        async def receive() -> dict[str, object]:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(_message: object) -> None:
            pass

        headers = [(k.lower().encode(), v.encode()) for k, v in client.headers.items()]
        headers += [(b"content-type", form_type()["Content-Type"].encode())]
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "POST", "scheme": "http", "path": IMPORTS, "raw_path": IMPORTS.encode(),
            "root_path": "", "query_string": b"", "headers": headers,
            "client": ("127.0.0.1", 1), "server": ("testserver", 80),
        }  # fmt: skip
        await app(scope, receive, send)  # answered to no one
        assert leftovers(folder) == []

    async def test_after_a_background_job(
        self, client: httpx.AsyncClient, app: FastAPI, folder: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        monkeypatch.setattr(app.state.settings, "import_background_bytes", 100)
        files = [("file", (name, body)) for name, body in programme_files(teams=3).items()]
        response = await client.post(IMPORTS, files=files)
        assert response.status_code == 202, response.text
        # The upload waits for a worker in a folder named after the job, with its manifest.
        job_id = response.headers["Location"].rsplit("/", 1)[1]
        assert leftovers(folder)[0] == f"sp-import-{job_id}"
        assert f"sp-import-{job_id}/manifest.json" in leftovers(folder)
        assert await work_off(app) == 1
        job = (await client.get(response.headers["Location"])).json()
        assert job["status"] == "succeeded", job
        assert leftovers(folder) == []
        assert (await client.get(f"{API}/teams")).json()["items"]
