"""The built dashboard is served at / (compressed, as the API's own responses are through
``api.compression``; a body as small as the health check's goes out as it is)."""

from pathlib import Path

import httpx
import pytest

from api.config import Settings
from api.main import create_app

pytestmark = pytest.mark.anyio


async def test_the_dashboard_is_served_compressed(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>Shared Purpose</title>")
    (tmp_path / "app.js").write_text("console.log('shared purpose');\n" * 200)
    app = create_app(
        Settings(database_url=f"sqlite:///{tmp_path}/db.sqlite", frontend_dist=str(tmp_path))
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        index = await client.get("/")
        script = await client.get("/app.js", headers={"Accept-Encoding": "gzip"})
        health = await client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert index.status_code == 200 and "Shared Purpose" in index.text
    assert script.headers["content-encoding"] == "gzip"
    assert script.text.startswith("console.log")
    assert "content-encoding" not in health.headers
