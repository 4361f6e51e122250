"""Domain events: one for every committed write, in its own transaction (README, "Events and
the change feed"; ``api/events/outbox.py``), none for a refused one; the declared domain events
on their status changes (``api/events/types.py``)."""

import uuid
from typing import Any

import httpx
import pytest

from api.auth.keyring import rotate
from api.config import Settings
from api.db import Database
from api.events.types import DOMAIN, catalogue, fired, write_type
from api.resources import RESOURCES
from tests.factories import (
    API,
    make_amendment,
    make_milestone,
    make_payment,
    make_spend_report,
    make_team,
    milestone_body,
)
from tests.kit.test_conventions import one_of_each
from tests.reports.helpers import APPROVE, RETURN, SUBMIT

pytestmark = pytest.mark.anyio
FEED = f"{API}/events"
MERGE_PATCH = {"Content-Type": "application/merge-patch+json"}


async def feed(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    """Every event the caller may read, from the start, page by page."""
    items: list[dict[str, Any]] = []
    after = None
    while True:
        query = {"limit": 500, **params} | ({"after": after} if after else {})
        response = await client.get(FEED, params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        if not page["items"]:
            return items
        after = page["next"]


def of(events: list[dict[str, Any]], resource_id: str) -> list[str]:
    return [e["type"] for e in events if e["resource_id"] == resource_id]


class TestEveryWrite:
    @pytest.mark.parametrize("res", RESOURCES, ids=lambda r: r.name)
    async def test_create_update_delete(self, client: httpx.AsyncClient, res: Any) -> None:
        if res.name == "payments":  # a paid one (one_of_each's) is never changed again
            row, path = await make_payment(client), "/payments"
        else:
            row, path = await one_of_each(client, res.name)
        url = f"{API}{path}/{row['id']}"
        patched = await client.patch(url, json={"ref": f"r-{uuid.uuid4().hex[:8]}"})
        assert patched.status_code == 200, patched.text
        deleted = await client.delete(url)
        assert deleted.status_code == 204, deleted.text
        events = [e for e in await feed(client) if e["resource_id"] == row["id"]]
        one = res.one
        assert [e["type"] for e in events] == [f"{one}.created", f"{one}.updated", f"{one}.deleted"]
        created = events[0]
        assert created["data"] == row and created["resource"] == res.name
        assert events[-1]["data"] == patched.json()  # a delete carries the row before it
        positions = [e["position"] for e in events]
        assert positions == sorted(positions) and len(set(positions)) == len(positions)
        if "programme_id" in row:
            assert {e["programme_id"] for e in events} == {row["programme_id"]}

    async def test_programme_and_team_of_a_row_reached_through_its_parents(
        self, client: httpx.AsyncClient
    ) -> None:
        payment = await make_payment(client)
        events = await feed(client, type="payment.created")
        mine = next(e for e in events if e["resource_id"] == payment["id"])
        award = (await client.get(f"{API}/awards/{payment['award_id']}")).json()
        found = (await client.get(f"{API}/teams/{award['team_id']}")).json()
        assert mine["team_id"] == found["id"] and mine["programme_id"] == found["programme_id"]

    async def test_a_refused_write_leaves_no_event(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        before = await feed(client)
        refused = await client.post(f"{API}/milestones", json=milestone_body(team, team_id="x"))
        assert refused.status_code in (404, 409, 422), refused.text
        row = await make_milestone(client, team)
        stale = await client.patch(
            f"{API}/milestones/{row['id']}", json={"title": "x"}, headers={"If-Match": '"99"'}
        )
        assert stale.status_code == 412
        after = await feed(client)
        assert [e["type"] for e in after[len(before) :]] == ["milestone.created"]

    async def test_auth_and_calendar_writes(
        self, client: httpx.AsyncClient, db: Database, settings: Settings
    ) -> None:
        user = {"email": "ann@example.org", "name": "Ann", "password": "x" * 16, "role": "admin"}
        made = await client.post(f"{API}/users", json=user)
        assert made.status_code == 201, made.text
        key = await client.post(f"{API}/api-keys", json={"name": "ops", "role": "finance"})
        assert key.status_code == 201, key.text
        team = await make_team(client)
        token = await client.post(
            f"{API}/feed-tokens", json={"name": "mine", "programme_id": team["programme_id"]}
        )
        assert token.status_code == 201, token.text
        user_id, key_id, token_id = made.json()["id"], key.json()["id"], token.json()["id"]
        assert (await client.patch(f"{API}/users/{user_id}", json={"name": "Ann B"})).is_success
        assert (await client.delete(f"{API}/api-keys/{key_id}")).status_code == 204
        assert (await client.delete(f"{API}/feed-tokens/{token_id}")).status_code == 204
        async with db.sessionmaker() as session, session.begin():
            rotated = await rotate(session, settings, sign_everyone_out=False)
        events = await feed(client)
        assert of(events, user_id) == ["user.created", "user.updated"]
        assert of(events, key_id) == ["api-key.created", "api-key.updated"]
        assert of(events, token_id) == ["feed-token.created", "feed-token.updated"]
        assert of(events, rotated) == ["signing-key.rotated"]
        mine = next(e for e in events if e["resource_id"] == token_id)
        assert mine["programme_id"] == team["programme_id"]
        events = await feed(client, type="api-key.created,user.created")
        assert [e["data"]["name"] for e in events][-2:] == ["Ann", "ops"]  # after the test's key
        assert key.json()["key"] not in str(events) and "password" not in str(events)


class TestDomainEvents:
    async def test_milestone_achieved_once(self, client: httpx.AsyncClient) -> None:
        row = await make_milestone(client)
        url = f"{API}/milestones/{row['id']}"
        refused = await client.patch(url, json={"status": "achieved"})  # no completed_date
        assert refused.status_code == 422, refused.text
        done = {"status": "achieved", "completed_date": "2013-03-30"}
        assert (await client.patch(url, json=done)).status_code == 200
        assert (await client.patch(url, json={"title": "Renamed"})).status_code == 200
        events = await feed(client)
        assert of(events, row["id"]) == [
            "milestone.created", "milestone.updated", "milestone.achieved", "milestone.updated"
        ]  # fmt: skip
        achieved = next(e for e in events if e["type"] == "milestone.achieved")
        assert achieved["data"]["status"] == "achieved"
        assert achieved["team_id"] == row["team_id"]

    async def test_payment_approved_then_paid(self, client: httpx.AsyncClient) -> None:
        payment = await make_payment(client)
        url = f"{API}/payments/{payment['id']}"
        assert (await client.patch(url, json={"status": "approved"})).status_code == 200
        paid = {"status": "paid", "paid_date": "2012-07-03"}
        assert (await client.patch(url, json=paid)).status_code == 200, "paid"
        assert of(await feed(client), payment["id"]) == [
            "payment.created", "payment.updated", "payment.approved",
            "payment.updated", "payment.paid",
        ]  # fmt: skip

    async def test_created_paid_fires_paid(self, client: httpx.AsyncClient) -> None:
        payment = await make_payment(client, status="paid", paid_date="2012-07-03")
        assert of(await feed(client), payment["id"]) == ["payment.created", "payment.paid"]

    async def test_award_amended_on_approval(self, client: httpx.AsyncClient) -> None:
        amendment = await make_amendment(client)
        url = f"{API}/award-amendments/{amendment['id']}"
        approve = {"status": "approved", "decided_on": "2014-03-20"}
        assert (await client.patch(url, json=approve)).status_code == 200
        events = await feed(client)
        assert of(events, amendment["id"]) == [
            "award-amendment.created", "award-amendment.updated", "award.amended"
        ]  # fmt: skip
        amended = next(e for e in events if e["type"] == "award.amended")
        assert amended["data"]["amount_change_pence"] == amendment["amount_change_pence"]

    async def test_report_submitted_returned_submitted_approved(
        self, client: httpx.AsyncClient
    ) -> None:
        report = await make_spend_report(client)
        again, approve = (
            SUBMIT | {"submitted_on": "2014-05-08"},
            APPROVE | {"decided_on": "2014-05-12"},
        )
        for patch in (SUBMIT, RETURN, again, approve):
            response = await client.patch(f"{API}/spend-reports/{report['id']}", json=patch)
            assert response.status_code == 200, response.text
        domain = [t for t in of(await feed(client), report["id"]) if t.startswith("report.")]
        assert domain == [
            "report.submitted",
            "report.returned",
            "report.submitted",
            "report.approved",
        ]

    def test_rules_by_resource_and_status(self) -> None:
        """Keyed by name and value, so they hold for resources being added (spend reports)."""
        assert fired("spend-reports", {"status": "draft"}, {"status": "submitted"}) == [
            "report.submitted"
        ]
        assert fired("spend-reports", {"status": "submitted"}, {"status": "returned"}) == [
            "report.returned"
        ]
        assert fired("spend-reports", {"status": "returned"}, {"status": "returned"}) == []
        assert fired("award-amendments", None, {"status": "approved"}) == ["award.amended"]
        assert fired("award-amendments", {"status": "approved"}, None) == []
        assert write_type("support-activities", "update") == "support-activity.updated"
        assert write_type("imports", "create") == "import.completed"
        names = {t.type for t in catalogue()}
        assert {r.type for r in DOMAIN} <= names and len(names) == len(catalogue())
