"""Calendar feed tokens (made, listed, revoked; hashed at rest; good for one feed only) and the
iCalendar feed they open."""

import hashlib
from datetime import date

import httpx
import pytest
from icalendar import Calendar
from sqlalchemy import select

from api.db import Database
from api.models import AuditEvent, FeedToken
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.factories import (
    API,
    Row,
    make_award,
    make_milestone,
    make_payment,
    make_programme,
    make_team,
)

pytestmark = pytest.mark.anyio
TOKENS = f"{API}/feed-tokens"


async def make_token(client: httpx.AsyncClient, programme: Row, team: Row | None = None) -> Row:
    body = {"name": "My calendar", "programme_id": programme["id"]}
    if team is not None:
        body["team_id"] = team["id"]
    response = await client.post(TOKENS, json=body)
    assert response.status_code == 201, response.text
    made: Row = response.json()
    return made


def secret_of(token: Row) -> str:
    return str(token["url"]).rsplit("/", 1)[1].removesuffix(".ics")


async def feed(client: httpx.AsyncClient, token: Row) -> Calendar:
    response = await client.get(f"http://testserver{token['url']}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


class TestLifecycle:
    async def test_made_listed_revoked(self, client: httpx.AsyncClient, db: Database) -> None:
        programme = await make_programme(client)
        token = await make_token(client, programme)
        secret = secret_of(token)
        assert token["url"].startswith("/api/v1/calendar/spf_")
        assert token["team_id"] is None and token["last_used_at"] is None
        listed = (await client.get(TOKENS)).json()["items"]
        assert [t["id"] for t in listed] == [token["id"]]
        assert "url" not in listed[0] and secret not in str(listed)
        # At rest: the SHA-256 only, nowhere the secret (nor in the audit trail).
        async with db.read_engine.connect() as conn:
            row = (await conn.execute(select(FeedToken))).one()
            events = (await conn.execute(select(AuditEvent.after))).all()
        assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in str(row) and secret not in str(events)
        assert row.token_hash not in str(events)

        assert (await client.delete(f"{TOKENS}/{token['id']}")).status_code == 204
        assert (await client.get(TOKENS)).json()["items"] == []
        gone = await client.get(f"http://testserver{token['url']}")
        assert_problem(gone, 404, "not-found")
        assert_problem(await client.delete(f"{TOKENS}/{token['id']}"), 404, "not-found")
        trail = await client.get(f"{API}/audit-events", params={"resource": "feed-tokens"})
        assert [e["action"] for e in trail.json()["items"]] == ["update", "create"]

    async def test_each_caller_sees_and_revokes_only_its_own(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        programme = await make_programme(client)
        mine = await make_token(client, programme)
        viewer = await as_role(Role.viewer)
        theirs = await make_token(viewer, programme)
        assert [t["id"] for t in (await viewer.get(TOKENS)).json()["items"]] == [theirs["id"]]
        assert_problem(await viewer.delete(f"{TOKENS}/{mine['id']}"), 404, "not-found")

    async def test_a_team_editor_only_for_its_teams(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        programme = await make_programme(client)
        own, other = await make_team(client, programme), await make_team(client, programme)
        editor = await as_role(Role.team_editor, [own["id"]])
        assert (await make_token(editor, programme, own))["team_id"] == own["id"]
        body = {"name": "x", "programme_id": programme["id"]}
        refused = await editor.post(TOKENS, json={**body, "team_id": other["id"]})
        assert_problem(refused, 422, "invalid-reference", "team_id")
        assert_problem(await editor.post(TOKENS, json=body), 422, "rule-broken", "team_id")

    async def test_references(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        elsewhere = await make_team(client)
        body = {"name": "x", "programme_id": "nope"}
        response = await client.post(TOKENS, json=body)
        assert_problem(response, 422, "invalid-reference", "programme_id")
        body = {"name": "x", "programme_id": programme["id"], "team_id": elsewhere["id"]}
        response = await client.post(TOKENS, json=body)
        assert_problem(response, 422, "invalid-reference", "team_id")
        response = await client.post(TOKENS, json={**body, "extra": 1})
        assert response.status_code == 422

    async def test_anonymous_callers_have_none(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient, public_read: None
    ) -> None:
        assert_problem(await anon.get(TOKENS), 401, "unauthenticated")


class TestGrantsOneFeedOnly:
    async def test_not_a_bearer_token_anywhere(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        secret = secret_of(await make_token(client, programme))
        headers = {"Authorization": f"Bearer {secret}"}
        for path in ("/milestones", f"/programmes/{programme['id']}/due", "/feed-tokens"):
            response = await anon.get(f"{API}{path}", headers=headers)
            assert_problem(response, 401, "unauthenticated")
        in_query = await anon.get(f"{API}/milestones", params={"token": secret})
        assert in_query.status_code == 400

    async def test_unknown_tokens(self, anon: httpx.AsyncClient) -> None:
        for token in ("spf_nope", "nope", "spk_" + "a" * 40):
            response = await anon.get(f"{API}/calendar/{token}.ics")
            assert_problem(response, 404, "not-found", loc=["path", "token"])


class TestFeed:
    async def test_events(self, client: httpx.AsyncClient, anon: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme, name="Alpha")
        report = await make_milestone(client, team, kind="reporting", title="Interim report")
        wide = await make_milestone(client, team, team_id=None, due_date="2014-01-31")
        await make_milestone(
            client,
            team,
            status="cancelled",
            decided_on="2013-01-01",
            decision_reason="Merged",
            title="Dropped",
        )
        award = await make_award(client, team)
        payment = await make_payment(client, award, amount_pence=1_234_567)
        token = await make_token(client, programme)

        cal = await feed(anon, token)

        events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
        assert set(events) == {
            f"report-{report['id']}@shared-purpose-tracker",
            f"milestone-{wide['id']}@shared-purpose-tracker",
            f"payment-{payment['id']}@shared-purpose-tracker",
        }
        shown = events[f"report-{report['id']}@shared-purpose-tracker"]
        assert str(shown["summary"]) == "Report due: Interim report"
        assert shown.decoded("dtstart") == date(2013, 3, 31)
        assert shown.decoded("dtend") == date(2013, 4, 1)
        assert "Team: Alpha" in str(shown["description"])
        assert shown.decoded("dtstamp").tzinfo is not None
        paid = events[f"payment-{payment['id']}@shared-purpose-tracker"]
        assert str(paid["summary"]) == "Payment due: Initial payment"
        assert "Amount: £12,345.67" in str(paid["description"])
        assert "Programme-wide" in str(events[f"milestone-{wide['id']}@shared-purpose-tracker"][
            "description"])  # fmt: skip
        assert str(cal["version"]) == "2.0" and "prodid" in cal

    async def test_a_team_feed(self, client: httpx.AsyncClient, anon: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        alpha, beta = await make_team(client, programme), await make_team(client, programme)
        mine = await make_milestone(client, alpha)
        await make_milestone(client, beta)
        await make_milestone(client, alpha, team_id=None)
        cal = await feed(anon, await make_token(client, programme, alpha))
        assert [str(e["uid"]) for e in cal.walk("VEVENT")] == [
            f"milestone-{mine['id']}@shared-purpose-tracker"
        ]

    async def test_last_use_and_304(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        await make_milestone(client, await make_team(client, programme))
        token = await make_token(client, programme)
        url = f"http://testserver{token['url']}"
        first = await anon.get(url)
        again = await anon.get(url, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
        listed = (await client.get(TOKENS)).json()["items"]
        assert listed[0]["last_used_at"] is not None
        assert (await anon.get(url, params={"x": "1"})).status_code == 422


def test_logs_never_carry_a_feed_token() -> None:
    from api.handlers import loggable_path

    assert loggable_path("/api/v1/calendar/s3cr3t-token_x.ics") == "/api/v1/calendar/***.ics"
    assert loggable_path("/api/v1/teams/abc") == "/api/v1/teams/abc"
