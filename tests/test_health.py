import httpx
import pytest

from api.config import Settings
from api.main import create_app

pytestmark = pytest.mark.anyio


class TestHealth:
    async def test_live(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    async def test_ready_when_the_database_answers(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/readyz")
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "url",
        [
            "sqlite:////nonexistent-dir/for/sure/db.sqlite",
            "postgresql+psycopg://nobody@127.0.0.1:1/none",
        ],
    )
    async def test_not_ready_without_a_database(self, url: str) -> None:
        app = create_app(Settings(database_url=url, db_pool_timeout=2))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                response = await client.get("/readyz")
                live = await client.get("/healthz")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["status"] == 503
        assert "Traceback" not in response.text and "127.0.0.1:1" not in response.text
        assert live.status_code == 200
