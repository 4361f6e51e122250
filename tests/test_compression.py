"""Responses are compressed as ``Accept-Encoding`` asks (zstd, br, gzip; api/compression.py).

Each encoded body is decoded with the codec's own library and compared with the plain body;
``identity`` or no ``Accept-Encoding`` gives the plain body. ETags keep their value (a file's is
marked weak when compressed), 304s and HEAD stay right, and CSV exports stay streamed.
"""

import gzip
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import brotli
import httpx
import pytest
import zstandard
from fastapi import FastAPI

from api.compression import MINIMUM_SIZE
from api.config import Settings
from api.exports import writers
from api.main import create_app
from api.models.enums import Role
from tests.conftest import api_key
from tests.factories import API
from tests.imports.data import load_programme

pytestmark = pytest.mark.anyio


def unzstd(data: bytes) -> bytes:
    return zstandard.ZstdDecompressor().decompressobj().decompress(data)


DECODE: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.decompress,
    "br": brotli.decompress,
    "zstd": unzstd,
}


async def raw_get(
    client: httpx.AsyncClient, url: str, encoding: str | None, **headers: str
) -> tuple[httpx.Response, bytes]:
    """The response and its body as sent (not decoded); ``encoding`` None sends no
    ``Accept-Encoding`` at all."""
    request = client.build_request("GET", url, headers=headers)
    del request.headers["accept-encoding"]
    if encoding is not None:
        request.headers["accept-encoding"] = encoding
    response = await client.send(request, stream=True)
    body = b"".join([chunk async for chunk in response.aiter_raw()])
    await response.aclose()
    return response, body


async def assert_negotiated(client: httpx.AsyncClient, url: str) -> bytes:
    """Every encoding decodes to the plain body, with the same ETag; returns the plain body."""
    plain_response, plain = await raw_get(client, url, None)
    assert plain_response.status_code == 200, plain
    assert "content-encoding" not in plain_response.headers
    assert "accept-encoding" in plain_response.headers["vary"].lower()
    assert len(plain) >= MINIMUM_SIZE  # or nothing would be compressed
    identity, body = await raw_get(client, url, "identity")
    assert "content-encoding" not in identity.headers and body == plain
    for encoding, decode in DECODE.items():
        response, body = await raw_get(client, url, f"{encoding}, identity;q=0.5")
        assert response.status_code == 200
        assert response.headers["content-encoding"] == encoding
        assert "accept-encoding" in response.headers["vary"].lower()
        assert response.headers["etag"] == plain_response.headers["etag"]
        if "content-length" in response.headers:
            assert int(response.headers["content-length"]) == len(body)
        assert len(body) < len(plain)
        assert decode(body) == plain
    return plain


async def assert_304_and_head(client: httpx.AsyncClient, url: str) -> None:
    first, body = await raw_get(client, url, "gzip")
    etag = first.headers["etag"]
    again, empty = await raw_get(client, url, "gzip", **{"If-None-Match": etag})
    assert again.status_code == 304 and empty == b""
    assert again.headers["etag"] == etag
    assert "accept-encoding" in again.headers["vary"].lower()
    head = await client.head(url, headers={"Accept-Encoding": "gzip"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-encoding"] == "gzip"
    assert head.headers["content-length"] == str(len(body))
    assert head.headers["etag"] == etag


class TestJson:
    async def test_a_list_page(self, client: httpx.AsyncClient) -> None:
        await load_programme(client, teams=12)
        url = f"{API}/teams?limit=50"
        plain = await assert_negotiated(client, url)
        assert plain.count(b'"project_title"') == 12
        await assert_304_and_head(client, url)

    async def test_a_read_model(self, client: httpx.AsyncClient) -> None:
        await load_programme(client, teams=12)
        programme = (await client.get(f"{API}/programmes")).json()["items"][0]
        url = f"{API}/programmes/{programme['id']}/summary"
        await assert_negotiated(client, url)
        await assert_304_and_head(client, url)

    async def test_small_bodies_go_plain(self, client: httpx.AsyncClient) -> None:
        response, body = await raw_get(client, "/healthz", "gzip, br, zstd")
        assert len(body) < MINIMUM_SIZE and body.startswith(b"{")
        assert "content-encoding" not in response.headers
        assert "accept-encoding" in response.headers["vary"].lower()


class Decoder:
    """An incremental decoder of one encoding."""

    def __init__(self, encoding: str) -> None:
        if encoding == "gzip":
            self.feed: Callable[[bytes], bytes] = zlib.decompressobj(wbits=31).decompress
        elif encoding == "br":
            self.feed = brotli.Decompressor().process
        else:
            self.feed = zstandard.ZstdDecompressor().decompressobj().decompress


async def stream_csv(
    app: FastAPI, key: str, encoding: str
) -> tuple[dict[str, str], list[bytes], list[bytes]]:
    """The export as the server sends it: headers, encoded chunks, and each chunk decoded as it
    arrives."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
        "root_path": "",
        "path": f"{API}/teams",
        "raw_path": f"{API}/teams".encode(),
        "query_string": b"format=csv",
        "headers": [
            (b"host", b"testserver"),
            (b"authorization", f"Bearer {key}".encode()),
            (b"accept-encoding", encoding.encode()),
        ],
    }
    decoder = Decoder(encoding)
    start: dict[str, str] = {}
    sent: list[bytes] = []
    decoded: list[bytes] = []

    requested = False
    done = anyio.Event()

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()  # the client stays connected until the response is complete
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update({k.decode(): v.decode() for k, v in message["headers"]})
        elif message.get("body"):
            sent.append(message["body"])
            decoded.append(decoder.feed(message["body"]))

    await app(scope, receive, send)
    done.set()
    return start, sent, decoded


class TestCsvExport:
    @pytest.mark.parametrize("encoding", ["gzip", "br", "zstd"])
    async def test_stays_streamed(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        monkeypatch: pytest.MonkeyPatch,
        encoding: str,
    ) -> None:
        monkeypatch.setattr(writers, "CHUNK_ROWS", 4)  # 12 teams: four chunks of CSV
        await load_programme(client, teams=12)
        _, plain = await raw_get(client, f"{API}/teams?format=csv", None)
        key = await api_key(app.state.db, Role.viewer)
        headers, sent, decoded = await stream_csv(app, key, encoding)
        assert headers["content-encoding"] == encoding
        assert "content-length" not in headers
        assert "accept-encoding" in headers["vary"].lower()
        # Each chunk the export yields is sent (and decodes) before the next is built.
        assert len(sent) >= 4
        assert decoded[0] and plain.startswith(decoded[0]) and len(decoded[0]) < len(plain)
        assert b"".join(decoded) == plain
        assert DECODE[encoding](b"".join(sent)) == plain


class TestDashboardAssets:
    @pytest.fixture
    async def assets(self, tmp_path: Path) -> httpx.AsyncClient:
        dist = tmp_path / "dist"
        dist.mkdir()
        (dist / "index.html").write_text("<!doctype html><title>Shared Purpose</title>")
        (dist / "app.js").write_text("console.log('shared purpose');\n" * 200)
        app = create_app(
            Settings(database_url=f"sqlite:///{tmp_path}/db.sqlite", frontend_dist=str(dist))
        )
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")

    async def test_an_asset_in_every_encoding(self, assets: httpx.AsyncClient) -> None:
        async with assets:
            plain_response, plain = await raw_get(assets, "/app.js", None)
            assert plain.startswith(b"console.log") and len(plain) >= MINIMUM_SIZE
            etag = plain_response.headers["etag"]
            assert not etag.startswith("W/")
            for encoding, decode in DECODE.items():
                response, body = await raw_get(assets, "/app.js", encoding)
                assert response.headers["content-encoding"] == encoding
                assert "accept-encoding" in response.headers["vary"].lower()
                assert decode(body) == plain
                # Weak: a range of the plain file never completes a compressed copy.
                assert response.headers["etag"] == f"W/{etag}"
                again, empty = await raw_get(
                    assets, "/app.js", encoding, **{"If-None-Match": f"W/{etag}"}
                )
                assert again.status_code == 304 and empty == b""
            ranged, part = await raw_get(
                assets, "/app.js", "gzip", Range="bytes=0-9", **{"If-Range": f"W/{etag}"}
            )
            assert ranged.status_code == 200  # the weak tag does not match: the whole file
