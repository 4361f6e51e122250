"""Uploads to POST /imports are bounded and streamed: 413 past SP_IMPORT_MAX_BYTES with or without
a Content-Length, never held whole in memory, any file name, no temporary file left behind."""

import tempfile
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import API
from tests.imports.data import table

pytestmark = pytest.mark.anyio
IMPORTS = f"{API}/imports"
ORGS = table([
    ["ref", "name", "org_identifier", "kind"],
    ["o1", "First Trust", "GB-CHC-200001", "charity"],
    ["o2", "Second Trust", "GB-CHC-200002", "charity"],
])  # fmt: skip


def multipart(files: list[tuple[bytes, bytes]], boundary: bytes = b"b0undary") -> bytes:
    """A multipart/form-data body of ``file`` parts (raw file name, content)."""
    out = b""
    for filename, content in files:
        out += (
            b"--" + boundary + b"\r\n"
            b'Content-Disposition: form-data; name="file"; filename="' + filename + b'"\r\n'
            b"Content-Type: text/csv\r\n\r\n" + content + b"\r\n"
        )
    return out + b"--" + boundary + b"--\r\n"


def form_type(boundary: bytes = b"b0undary") -> dict[str, str]:
    return {"Content-Type": f"multipart/form-data; boundary={boundary.decode()}"}


async def streamed(head: bytes, filler: int, chunk: int = 1 << 16) -> AsyncIterator[bytes]:
    """``head`` then ``filler`` more bytes, sent chunked: no Content-Length."""
    yield head
    while filler > 0:
        yield b"x" * min(chunk, filler)
        filler -= chunk


def spool_into(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every temporary file or folder the app makes goes here, to check it is gone after."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def small_cap(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> int:
    """SP_IMPORT_MAX_BYTES of 64 KiB, for the app and its middleware (one Settings object)."""
    monkeypatch.setattr(app.state.settings, "import_max_bytes", 1 << 16)
    return 1 << 16


class TestSizeLimit:
    async def test_413_with_a_content_length(
        self, client: httpx.AsyncClient, db: Database, small_cap: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        folder = spool_into(tmp_path, monkeypatch)
        body = multipart([(b"organisations.csv", ORGS.encode() + b"\r\n" * small_cap)])
        async with unchanged(db, "organisations"):
            response = await client.post(IMPORTS, content=body, headers=form_type())
        assert_problem(response, 413, "payload-too-large")
        assert leftovers(folder) == []

    @pytest.mark.parametrize("kind", ["multipart", "json"])
    async def test_413_without_a_content_length(
        self, client: httpx.AsyncClient, db: Database, small_cap: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, kind: str,
    ) -> None:  # fmt: skip
        folder = spool_into(tmp_path, monkeypatch)
        if kind == "multipart":
            head = multipart([(b"organisations.csv", ORGS.encode())])[:-20]
            headers = form_type()
        else:
            head, headers = b'{"organisations": [', {"Content-Type": "application/json"}
        body = streamed(head, 4 * small_cap)
        async with unchanged(db, "organisations"):
            response = await client.post(IMPORTS, content=body, headers=headers)
        assert "content-length" not in response.request.headers
        assert_problem(response, 413, "payload-too-large")
        assert leftovers(folder) == []

    async def test_uploads_may_be_larger_than_a_json_body(
        self, client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        padding = b"\r\n" * app.state.settings.max_body_bytes  # blank lines are skipped
        body = multipart([(b"organisations.csv", ORGS.encode() + padding)])
        response = await client.post(IMPORTS, content=body, headers=form_type())
        assert response.status_code == 200, response.text
        assert response.json()["totals"]["created"] == 2


class TestMemory:
    async def test_a_30_mb_upload_is_never_held_in_memory(
        self, client: httpx.AsyncClient, app: FastAPI, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        monkeypatch.setattr(app.state.settings, "import_background_bytes", 1 << 30)
        size = 30 << 20
        path = tmp_path / "big.csv"
        with path.open("wb") as out:  # not a resource: refused once spooled, without reading
            for _ in range(size >> 20):
                out.write(b"x" * (1 << 20))
        warm_up = [("file", ("notes.csv", b"x"))]  # first-use caches are not the upload's
        await client.post(IMPORTS, files=warm_up, headers={"Idempotency-Key": "warm-up"})
        headers = {"Idempotency-Key": "big-upload"}  # the fingerprint once read the whole body
        with path.open("rb") as file:
            tracemalloc.start()
            try:
                response = await client.post(
                    IMPORTS, files=[("file", ("notes.csv", file))], headers=headers
                )
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
        assert_problem(response, 422, "import-rejected")
        assert response.json()["report"]["errors"][0]["file"] == "notes.csv"
        assert peak < 2 << 20, f"peak {peak / 2**20:.1f} MiB for a {size >> 20} MiB upload"


NAMES = {
    "5000 characters": "organisations-" + "é" * 4982 + ".csv",
    "directories": "../../etc/organisations.csv",
    "windows": "C:\\Users\\zoë\\organisations.csv",
    "unicode": "organisations ☃ “2013” 日本.csv",
    "nul and newline": "organisations\x00\n.csv",
}


class TestFileNames:
    @pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
    async def test_any_name(
        self, client: httpx.AsyncClient, name: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        folder = spool_into(tmp_path, monkeypatch)
        body = multipart([(name.encode(), ORGS.encode())])
        response = await client.post(IMPORTS, content=body, headers=form_type())
        assert response.status_code == 200, response.text
        assert response.json()["totals"]["created"] == 2
        [shown] = response.json()["files"]
        assert shown.startswith("organisations") and shown.endswith(".csv")
        assert not {"/", "\\", "\x00", "\n"} & set(shown)
        assert leftovers(folder) == []

    async def test_a_long_name_is_kept_whole(self, client: httpx.AsyncClient) -> None:
        name = NAMES["5000 characters"]
        response = await client.post(
            IMPORTS, files=[("file", (name, ORGS.encode()))], params={"dry_run": "true"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["files"] == [name]
