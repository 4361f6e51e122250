"""Hardening (the middlewares of api/http/stack.py, and settings): exact CORS, security headers
everywhere, request ids, body size and type, NUL characters, 405 with Allow, the order of the
refusals, errors that leak nothing, production settings that refuse placeholders, secrets kept
out of logs."""

import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable

import httpx
import pytest
from fastapi import FastAPI, Request
from pydantic import ValidationError

from api.config import Settings
from api.db import Database
from api.main import create_app
from api.milestones.service import service as milestones
from tests.assertions import PROBLEM_JSON, assert_problem, unchanged
from tests.factories import API, make_team, milestone_body

pytestmark = pytest.mark.anyio
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def assert_secured(response: httpx.Response, api: bool = True) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.headers)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-request-id"]
    if api:
        assert response.headers["cache-control"] == "no-store"


class TestSecurityHeaders:
    async def test_on_every_kind_of_response(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        responses = [
            await client.get(f"{API}/teams/{team['id']}"),  # 200
            await client.get(f"{API}/teams/no-such-team"),  # 404
            await client.put(f"{API}/teams"),  # 405
            await anon.get(f"{API}/teams"),  # 401
            await client.post(f"{API}/teams", content=b"x", headers={"content-type": "text/plain"}),
            await client.get(f"{API}/teams", params={"colour": "red"}),  # 422
            await client.get(f"{API}/nowhere"),  # 404 from routing
        ]
        for response in responses:
            assert_secured(response)
        assert_secured(await client.get("/docs"), api=False)
        assert_secured(await client.get("/healthz"), api=False)

    async def test_a_request_id_is_kept_or_made(self, client: httpx.AsyncClient) -> None:
        given = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
        assert given.headers["x-request-id"] == "abc-123"
        odd = await client.get("/healthz", headers={"X-Request-ID": "no spaces <allowed>"})
        made = odd.headers["x-request-id"]
        assert re.fullmatch("[0-9a-f]{12}7[0-9a-f]{19}", made)  # a UUIDv7's 32 hex digits
        later = (await client.get("/healthz")).headers["x-request-id"]
        assert made < later  # the ids a process makes sort by time (api/ids.py)


class TestBodies:
    async def test_too_large(self, client: httpx.AsyncClient, settings: Settings) -> None:
        big = b'{"title": "' + b"x" * settings.max_body_bytes + b'"}'
        headers = {"content-type": "application/json"}
        response = await client.post(f"{API}/milestones", content=big, headers=headers)
        assert_problem(response, 413, "payload-too-large")
        assert_secured(response)

    async def test_too_large_without_a_length(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(settings.max_body_bytes // 65536 + 2):
                yield b"x" * 65536

        headers = {"content-type": "application/json"}
        response = await client.post(f"{API}/milestones", content=chunks(), headers=headers)
        assert_problem(response, 413, "payload-too-large")

    @pytest.mark.parametrize("content_type", ["text/plain", "application/xml", None])
    async def test_not_json(self, client: httpx.AsyncClient, content_type: str | None) -> None:
        team = await make_team(client)
        headers = {"content-type": content_type} if content_type else {}
        body = httpx.Request("POST", "/", json=milestone_body(team)).content
        response = await client.post(f"{API}/milestones", content=body, headers=headers)
        assert_problem(response, 415, "unsupported-media-type", loc=["header", "Content-Type"])

    async def test_an_upload_past_its_limit_while_it_streams(
        self, app: FastAPI, client: httpx.AsyncClient, db: Database,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        """No Content-Length to refuse up front: the upload's reads are counted, and the read
        past ``SP_IMPORT_MAX_BYTES`` is answered 413 by the app's problem handler."""
        limit = 1 << 16
        monkeypatch.setattr(app.state.settings, "import_max_bytes", limit)

        async def chunks() -> AsyncIterator[bytes]:
            yield b'{"organisations": [{"ref": "o1", "name": "'
            for _ in range(4):
                yield b"x" * limit

        headers = {"content-type": "application/json"}
        async with unchanged(db, "organisations"):
            response = await client.post(f"{API}/imports", content=chunks(), headers=headers)
        assert "content-length" not in response.request.headers
        assert_problem(response, 413, "payload-too-large")
        assert_secured(response)

    async def test_merge_patch_and_charset_are_json(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        for content_type in ("application/merge-patch+json", "application/json; charset=utf-8"):
            response = await client.patch(
                f"{API}/teams/{team['id']}",
                content=b'{"summary": "ok"}',
                headers={"content-type": content_type},
            )
            assert response.status_code == 200, response.text


class TestNulCharacters:
    async def test_in_a_json_body(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        body = json.dumps(milestone_body(team, title="Caf\x00e")).encode()
        assert b"\\u0000" in body  # as JSON writes it: an escape, not the byte
        headers = {"content-type": "application/json"}
        response = await client.post(f"{API}/milestones", content=body, headers=headers)
        assert_problem(response, 422, "nul-character", loc=["body"])

    async def test_an_escaped_backslash_before_u0000_is_text(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        response = await client.post(
            f"{API}/milestones", json=milestone_body(team, title="C:\\u0000")
        )
        assert response.status_code == 201, response.text
        assert response.json()["title"] == "C:\\u0000"

    @pytest.mark.parametrize(
        ("url", "where"), [("/teams/a%00b", "path"), ("/teams?q=a%00b", "query")]
    )
    async def test_in_the_url(self, client: httpx.AsyncClient, url: str, where: str) -> None:
        response = await client.get(f"{API}{url}")
        assert_problem(response, 422, "nul-character", loc=[where])
        assert_secured(response)


class TestRefusalOrder:
    """The middlewares refuse in the order api/http/stack.py lists them."""

    async def test_credentials_in_the_query_before_the_method(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.put(f"{API}/teams", params={"access_token": "x"})
        assert_problem(response, 400, "credentials-in-query", loc=["query"])

    async def test_a_nul_in_the_url_before_the_media_type(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            f"{API}/milestones?q=%00", content=b"x", headers={"content-type": "text/plain"}
        )
        assert_problem(response, 422, "nul-character", loc=["query"])

    async def test_the_media_type_before_the_size(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        big = b"x" * (settings.max_body_bytes + 1)
        headers = {"content-type": "text/plain"}
        response = await client.post(f"{API}/milestones", content=big, headers=headers)
        assert_problem(response, 415, "unsupported-media-type", loc=["header", "Content-Type"])


class TestMethods:
    @pytest.mark.parametrize(
        ("method", "path", "allow"),
        [
            ("PUT", "/milestones", "GET, HEAD, POST"),
            ("PUT", "/milestones/some-id", "DELETE, GET, HEAD, PATCH"),
            ("POST", "/teams/some-id/summary", "GET, HEAD"),
            ("DELETE", "/audit-events", "GET, HEAD"),
        ],
    )
    async def test_405_with_allow(
        self, client: httpx.AsyncClient, method: str, path: str, allow: str
    ) -> None:
        response = await client.request(method, f"{API}{path}")
        assert response.status_code == 405
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.headers["allow"] == allow


class TestCors:
    @pytest.fixture
    async def cors_app(self, settings: Settings) -> AsyncIterator[FastAPI]:
        app = create_app(settings.model_copy(update={"cors_origins": ["https://dash.example.org"]}))
        async with app.router.lifespan_context(app):
            yield app

    async def test_exact_origins_only(self, cors_app: FastAPI, client: httpx.AsyncClient) -> None:
        transport = httpx.ASGITransport(app=cors_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            ok = await c.get("/healthz", headers={"Origin": "https://dash.example.org"})
            evil = await c.get("/healthz", headers={"Origin": "https://evil.example.org"})
            preflight = await c.options(
                f"{API}/milestones",
                headers={
                    "Origin": "https://dash.example.org",
                    "Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": "authorization, idempotency-key",
                },
            )
        assert ok.headers["access-control-allow-origin"] == "https://dash.example.org"
        assert "access-control-allow-origin" not in evil.headers
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://dash.example.org"
        assert "access-control-allow-credentials" not in preflight.headers
        assert_secured(preflight)

    async def test_none_by_default(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/healthz", headers={"Origin": "https://dash.example.org"})
        assert "access-control-allow-origin" not in response.headers


class TestErrorsLeakNothing:
    async def test_an_unexpected_error(
        self,
        client: httpx.AsyncClient,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        async def broken(*_args: object, **_kw: object) -> None:
            raise RuntimeError("SELECT secret FROM t WHERE f = '/srv/app/api/kit/reads.py'")

        monkeypatch.setattr(milestones, "list_page", broken)
        key = client.headers["authorization"].removeprefix("Bearer ")
        with caplog.at_level(logging.DEBUG):
            response = await client.get(f"{API}/milestones")
        assert response.status_code == 500
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.json()["status"] == 500
        for leak in ("Traceback", "SELECT", "/srv/", ".py", "RuntimeError"):
            assert leak not in response.text
        assert_secured(response)
        assert response.headers["x-request-id"] in response.json()["detail"]  # to find the log
        assert caplog.text.count("unhandled error on GET /api/v1/milestones") == 1  # for us
        assert key not in caplog.text

    async def test_an_unexpected_error_on_a_head(
        self, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """HEAD is answered as the GET is, without the body: the 500 too."""

        async def broken(*_args: object, **_kw: object) -> None:
            raise RuntimeError("boom")

        monkeypatch.setattr(milestones, "list_page", broken)
        response = await client.head(f"{API}/milestones")
        assert (response.status_code, response.content) == (500, b"")
        assert response.headers["content-type"] == PROBLEM_JSON
        assert_secured(response)

    async def test_the_apps_own_fallback_answers_alike(
        self, app: FastAPI, caplog: pytest.LogCaptureFixture
    ) -> None:
        """What escapes the middleware reaches the app's ``Exception`` handler: the same answer
        and log line (a feed's token kept out of it)."""
        scope = {
            "type": "http",
            "method": "GET",
            "path": f"{API}/calendar/spf_secret.ics",
            "headers": [],
            "query_string": b"",
            "state": {"request_id": "req-1"},
        }
        handler = app.exception_handlers[Exception]
        with caplog.at_level(logging.DEBUG):
            answer = handler(Request(scope), RuntimeError("SELECT secret"))
            assert isinstance(answer, Awaitable)  # the handler is async
            response = await answer
        assert response.status_code == 500
        assert json.loads(bytes(response.body))["detail"] == (
            "An unexpected error occurred (request req-1); it has been logged."
        )
        assert "unhandled error on GET /api/v1/calendar/***.ics" in caplog.text
        assert "spf_secret" not in caplog.text

    async def test_a_bad_body_names_no_internals(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            f"{API}/milestones", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert response.status_code == 422 and "Traceback" not in response.text


class TestSecretsStayOutOfLogs:
    async def test_keys_tokens_and_passwords(
        self, app: FastAPI, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        password = "a password nobody should read"
        with caplog.at_level(logging.DEBUG):
            key = (await client.post(f"{API}/api-keys", json={"name": "k", "role": "admin"})).json()
            user = {"email": "a@example.org", "name": "A", "password": password, "role": "admin"}
            await client.post(f"{API}/users", json=user)
            login = await client.post(
                f"{API}/auth/login", json={"email": "a@example.org", "password": password}
            )
            await client.post(
                f"{API}/auth/login", json={"email": "a@example.org", "password": "no"}
            )
            await client.get(f"{API}/milestones", params={"access_token": key["key"]})
        # The server's logs: httpx's are the caller's own (it logs the URL it was given, which is
        # why the server refuses keys in URLs).
        server = "\n".join(r.getMessage() for r in caplog.records if r.name != "httpx")
        secrets = [password, key["key"], login.json()["token"], client.headers["authorization"]]
        assert [s for s in secrets if s in server] == []


class TestProductionSettings:
    @pytest.mark.parametrize("env", ["development", "test", "production"])
    @pytest.mark.parametrize(
        "secret", ["", "changeme", "change-me-please-to-something-long!!", "too-short-secret"]
    )
    def test_refuse_a_placeholder_secret_in_every_environment(self, env: str, secret: str) -> None:
        with pytest.raises(ValidationError, match="SP_SECRET_KEY") as caught:
            Settings(env=env, secret_key=secret)
        if secret:
            assert secret not in str(caught.value)

    def test_without_a_secret_the_installation_makes_its_own(self) -> None:
        assert Settings(env="production").secret_key is None

    def test_start_with_one(self) -> None:
        secret = "x8Qm2Vt7Lr4Np9Ks1Wz6Yb3Hd5Fj0Gc8Ae2Ru"
        assert Settings(env="production", secret_key=secret).env == "production"

    def test_refuse_a_wildcard_origin(self) -> None:
        secret = "x8Qm2Vt7Lr4Np9Ks1Wz6Yb3Hd5Fj0Gc8Ae2Ru"
        with pytest.raises(ValidationError, match="exact origins"):
            Settings(env="production", secret_key=secret, cors_origins=["*"])

    def test_development_is_the_default(self) -> None:
        assert Settings().env == "development"

    def test_cors_origins_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SP_CORS_ORIGINS", "https://a.example.org, https://b.example.org")
        assert Settings().cors_origins == ["https://a.example.org", "https://b.example.org"]
