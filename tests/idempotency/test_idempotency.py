"""Idempotency-Key on POST: a retry replays the first response and writes nothing; another body
with the same key is refused (422); a duplicate still running gets 409; keys live in the database
for 24 hours per principal; money (awards, payments) cannot be created without one."""

import asyncio
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import insert, select, update

from api.config import Settings
from api.db import Database
from api.main import create_app
from api.models import IdempotencyKey
from api.models.base import utcnow
from api.models.enums import Role
from tests.assertions import assert_problem, unchanged
from tests.conftest import RoleClient, count_rows
from tests.factories import API, award_body, make_award, make_team, milestone_body

pytestmark = pytest.mark.anyio
MILESTONES = f"{API}/milestones"


def keyed(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


class TestReplay:
    async def test_same_key_same_body_replays_without_writing(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        body = milestone_body(await make_team(client))
        first = await client.post(MILESTONES, json=body, headers=keyed("k-1"))
        async with unchanged(db, "milestones", "audit_events"):
            again = await client.post(MILESTONES, json=body, headers=keyed("k-1"))
        assert (again.status_code, again.json()) == (201, first.json())
        assert again.headers["location"] == first.headers["location"]
        assert again.headers["etag"] == first.headers["etag"]
        assert again.headers["idempotent-replayed"] == "true"
        assert "idempotent-replayed" not in first.headers

    async def test_the_same_json_in_another_order_or_spacing_is_the_same_body(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        body = milestone_body(await make_team(client))
        await client.post(MILESTONES, json=body, headers=keyed("k-2"))
        reordered = "{\n" + ",".join(f'"{k}": "{v}"' for k, v in reversed(body.items())) + "}"
        headers = {**keyed("k-2"), "Content-Type": "application/json"}
        async with unchanged(db, "milestones"):
            again = await client.post(MILESTONES, content=reordered, headers=headers)
        assert again.headers["idempotent-replayed"] == "true"

    async def test_another_body_with_the_same_key_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        await client.post(MILESTONES, json=milestone_body(team), headers=keyed("k-3"))
        async with unchanged(db, "milestones"):
            other = await client.post(MILESTONES, json=milestone_body(team), headers=keyed("k-3"))
            path = await client.post(f"{API}/evidence", json={}, headers=keyed("k-3"))
        assert_problem(other, 422, "idempotency-key-reused", loc=["header", "Idempotency-Key"])
        assert_problem(path, 422, "idempotency-key-reused")

    async def test_keys_belong_to_their_principal(
        self, client: httpx.AsyncClient, as_role: RoleClient, db: Database
    ) -> None:
        team = await make_team(client)
        editor = await as_role(Role.team_editor, [team["id"]])
        body = milestone_body(team)
        await client.post(MILESTONES, json=body, headers=keyed("shared"))
        theirs = await editor.post(MILESTONES, json=body, headers=keyed("shared"))
        assert theirs.status_code == 201 and "idempotent-replayed" not in theirs.headers
        assert await count_rows(db, "milestones") == 2

    async def test_kept_in_the_database_for_every_process(
        self, client: httpx.AsyncClient, settings: Settings, db: Database
    ) -> None:
        body = milestone_body(await make_team(client))
        first = await client.post(MILESTONES, json=body, headers=keyed("k-4"))
        other_process = create_app(settings)
        async with other_process.router.lifespan_context(other_process):
            transport = httpx.ASGITransport(app=other_process)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://t", headers=dict(client.headers)
            ) as elsewhere:
                again = await elsewhere.post(MILESTONES, json=body, headers=keyed("k-4"))
        assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"

    async def test_forgotten_after_24_hours(self, client: httpx.AsyncClient, db: Database) -> None:
        body = milestone_body(await make_team(client))
        await client.post(MILESTONES, json=body, headers=keyed("k-5"))
        async with db.read_engine.connect() as conn:
            row = (await conn.execute(select(IdempotencyKey))).one()
        assert row.expires_at - row.created_at == timedelta(hours=24)
        async with db.write_engine.begin() as conn:
            await conn.execute(update(IdempotencyKey).values(expires_at=utcnow()))
        again = await client.post(MILESTONES, json=body, headers=keyed("k-5"))
        assert again.status_code == 201 and "idempotent-replayed" not in again.headers
        assert await count_rows(db, "milestones") == 2


class TestFailures:
    async def test_a_failed_request_can_be_retried_with_its_key(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        late = milestone_body(team, due_date="2030-01-01")
        assert (await client.post(MILESTONES, json=late, headers=keyed("k-6"))).status_code == 422
        again = await client.post(MILESTONES, json=late, headers=keyed("k-6"))
        assert_problem(again, 422, "outside-window")  # run again, not replayed
        fixed = await client.post(MILESTONES, json=milestone_body(team), headers=keyed("k-6"))
        assert fixed.status_code == 201
        assert await count_rows(db, "idempotency_keys") == 1

    async def test_a_duplicate_still_running_gets_409(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        me = (await client.get(f"{API}/auth/me")).json()
        now = utcnow()
        async with db.write_engine.begin() as conn:  # the first request, still in flight
            await conn.execute(
                insert(IdempotencyKey).values(
                    principal_id=me["id"],
                    key="k-7",
                    fingerprint="in flight",
                    state="in_progress",
                    created_at=now,
                    locked_until=now + timedelta(seconds=60),
                    expires_at=now + timedelta(hours=24),
                )
            )
        body = milestone_body(await make_team(client))
        async with unchanged(db, "milestones"):
            response = await client.post(MILESTONES, json=body, headers=keyed("k-7"))
        assert_problem(response, 422, "idempotency-key-reused")
        async with db.write_engine.begin() as conn:
            await conn.execute(update(IdempotencyKey).values(fingerprint=fingerprint_of(body)))
        async with unchanged(db, "milestones"):
            response = await client.post(MILESTONES, json=body, headers=keyed("k-7"))
        assert_problem(response, 409, "idempotency-in-progress")
        assert response.headers["retry-after"] == "1"
        async with db.write_engine.begin() as conn:  # the first request's process died
            await conn.execute(update(IdempotencyKey).values(locked_until=utcnow()))
        taken = await client.post(MILESTONES, json=body, headers=keyed("k-7"))
        assert taken.status_code == 201

    async def test_concurrent_duplicates_write_once(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        body = milestone_body(await make_team(client))
        responses = await asyncio.gather(
            *(client.post(MILESTONES, json=body, headers=keyed("k-8")) for _ in range(4))
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses.count(201) >= 1 and set(statuses) <= {201, 409}, statuses
        created = [r for r in responses if r.status_code == 201]
        assert len({r.json()["id"] for r in created}) == 1
        assert await count_rows(db, "milestones") == 1

    @pytest.mark.parametrize("key", ["", "x" * 256, "with space", "tab\tin"])
    async def test_a_malformed_key_is_refused(self, client: httpx.AsyncClient, key: str) -> None:
        team = await make_team(client)
        response = await client.post(MILESTONES, json=milestone_body(team), headers=keyed(key))
        assert_problem(response, 422, "invalid-idempotency-key", loc=["header", "Idempotency-Key"])


class TestRequiredForMoney:
    @pytest.mark.parametrize("path", ["/awards", "/award-amendments", "/budget-lines", "/payments"])
    async def test_400_without_a_key(
        self, app: FastAPI, client: httpx.AsyncClient, db: Database, path: str
    ) -> None:
        award = await make_award(client)
        body = (
            award_body(await make_team(client)) if path == "/awards" else {"award_id": award["id"]}
        )
        transport = httpx.ASGITransport(app=app)  # without the test client's automatic keys
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers=dict(client.headers)
        ) as bare:
            async with unchanged(db, "awards", "award_amendments", "budget_lines", "payments"):
                response = await bare.post(f"{API}{path}", json=body)
        assert_problem(response, 400, "idempotency-key-required", loc=["header", "Idempotency-Key"])

    async def test_documented_as_required(self, client: httpx.AsyncClient) -> None:
        spec = (await client.get(f"{API}/openapi.json")).json()
        cases = [("/awards", True), ("/award-amendments", True), ("/budget-lines", True)]
        cases.append(("/payments", True))
        for path, required in [*cases, ("/milestones", False)]:
            params = spec["paths"][f"{API}{path}"]["post"]["parameters"]
            header = next(p for p in params if p["name"] == "Idempotency-Key")
            assert (header["in"], header["required"]) == ("header", required)


def fingerprint_of(body: dict[str, object]) -> str:
    import orjson

    from api.idempotency.service import fingerprint, json_digest

    return fingerprint("POST", MILESTONES, [], json_digest(orjson.dumps(body)))
