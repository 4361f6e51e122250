"""GET /programmes/{id}/due: what is due or overdue on a day, its window, pages, scope and CSV."""

import csv
import io
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.dashboard.due_schemas import ProgrammeDue
from api.db import Database
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import QueryCounter, RoleClient
from tests.dashboard.build import pages, read
from tests.dashboard.test_queries import count_queries
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

DAY = "2013-03-15"


@dataclass
class Built:
    programme: Row
    alpha: Row
    beta: Row
    rows: dict[str, Row]


async def build(client: httpx.AsyncClient) -> Built:
    """Two teams with milestones, reports and payments on both sides of 15 March 2013."""
    programme = await make_programme(client)
    alpha = await make_team(client, programme, name="Alpha")
    beta = await make_team(client, programme, name="Beta")
    award = await make_award(client, alpha)
    rows = {
        "late": await make_milestone(client, alpha, due_date="2013-03-01", title="Plan"),
        "done": await make_milestone(
            client, alpha, due_date="2013-03-01", status="achieved", completed_date="2013-02-28"
        ),
        "done_after": await make_milestone(
            client, alpha, due_date="2013-03-10", status="achieved", completed_date="2013-03-20"
        ),
        "report": await make_milestone(
            client, beta, due_date=DAY, kind="reporting", title="Interim report"
        ),
        "edge": await make_milestone(client, beta, due_date="2013-04-14", status="in_progress"),
        "outside": await make_milestone(client, beta, due_date="2013-04-15"),
        "wide": await make_milestone(client, alpha, team_id=None, due_date="2013-03-20"),
        "p_late": await make_payment(client, award, scheduled_date="2013-03-01"),
        "p_paid": await make_payment(
            client, award, scheduled_date="2013-03-01", status="paid", paid_date="2013-03-05"
        ),
        "p_paid_after": await make_payment(
            client, award, scheduled_date="2013-03-02", status="paid", paid_date="2013-03-20"
        ),
        "p_due": await make_payment(
            client,
            award,
            instalment="interim",
            scheduled_date="2013-04-01",
            status="approved",
            amount_pence=1_234_567,
        ),
        "p_cancelled": await make_payment(
            client, award, scheduled_date="2013-03-20", status="cancelled"
        ),
    }
    await make_milestone(client, due_date=DAY)  # another programme's
    return Built(programme, alpha, beta, rows)


async def due(client: httpx.AsyncClient, built: Built, **params: Any) -> Row:
    path = f"/programmes/{built.programme['id']}/due"
    return await read(client, path, ProgrammeDue, **{"as_of": DAY, **params})


def names(built: Built, body: Row) -> list[str]:
    by_id = {r["id"]: name for name, r in built.rows.items()}
    return [by_id[i["id"]] for i in body["items"]]


class TestDueAndOverdue:
    async def test_on_a_chosen_day(self, client: httpx.AsyncClient) -> None:
        built = await build(client)
        body = await due(client, built)

        assert body["as_of"] == DAY
        assert body["window"] == {"from": None, "to": "2013-04-14"}
        # By due date, then id (ids follow creation).
        assert names(built, body) == [
            "late", "p_late", "p_paid_after", "done_after", "report", "wide", "p_due", "edge"
        ]  # fmt: skip
        assert body["counts"] == {
            "due": {"milestone": 2, "report": 1, "payment": 1, "total": 4},
            "overdue": {"milestone": 2, "report": 0, "payment": 2, "total": 4},
        }
        assert body["total"] == 8
        items = dict(zip(names(built, body), body["items"], strict=True))
        assert items["late"] | {"id": None} == {
            "id": None,
            "kind": "milestone",
            "title": "Plan",
            "team_id": built.alpha["id"],
            "team_name": "Alpha",
            "due_date": "2013-03-01",
            "amount_pence": None,
            "currency": None,
            "status": "late",
            "state": "overdue",
            "days_overdue": 14,
        }
        assert items["report"]["kind"] == "report"
        assert (items["report"]["state"], items["report"]["days_overdue"]) == ("due", None)
        assert items["wide"]["team_id"] is None
        assert items["edge"]["status"] == "in_progress"
        payment = items["p_due"]
        assert (payment["kind"], payment["title"], payment["status"]) == (
            "payment",
            "Interim payment",
            "approved",
        )
        assert (payment["amount_pence"], payment["currency"]) == (1_234_567, "GBP")
        # Paid on 20 March: still owed on the 15th.
        assert items["p_paid_after"]["status"] == "scheduled"
        assert items["p_paid_after"]["days_overdue"] == 13

    async def test_the_day_after_everything_is_done(self, client: httpx.AsyncClient) -> None:
        built = await build(client)
        body = await due(client, built, as_of="2013-03-21")
        got = names(built, body)
        assert "done_after" not in got and "p_paid_after" not in got
        assert "wide" in got  # due on the 20th, still planned: overdue
        assert body["items"][got.index("wide")]["state"] == "overdue"

    async def test_an_award_not_yet_made_owes_nothing(self, client: httpx.AsyncClient) -> None:
        built = await build(client)
        body = await due(client, built, as_of="2012-05-31", days=366)
        assert not any(i["kind"] == "payment" for i in body["items"])

    async def test_kind(self, client: httpx.AsyncClient) -> None:
        built = await build(client)
        assert names(built, await due(client, built, kind="report")) == ["report"]
        payments = await due(client, built, kind="payment")
        assert names(built, payments) == ["p_late", "p_paid_after", "p_due"]
        assert payments["counts"]["due"]["total"] == 1


class TestWindow:
    async def test_days(self, client: httpx.AsyncClient) -> None:
        built = await build(client)
        today = await due(client, built, days=0)
        assert today["window"]["to"] == DAY
        assert names(built, today) == ["late", "p_late", "p_paid_after", "done_after", "report"]
        assert "outside" in names(built, await due(client, built, days=31))

    async def test_from_and_to(self, client: httpx.AsyncClient) -> None:
        built = await build(client)
        body = await due(client, built, **{"from": "2013-03-02", "to": "2013-03-20"})
        assert body["window"] == {"from": "2013-03-02", "to": "2013-03-20"}
        assert names(built, body) == ["p_paid_after", "done_after", "report", "wide"]

    @pytest.mark.parametrize(
        ("params", "field", "rule"),
        [
            ({"days": 5, "to": "2013-04-01"}, "days", "invalid-query"),
            ({"from": "2013-05-01"}, "from", "invalid-query"),
            ({"days": -1}, "days", "validation-error"),
            ({"days": 367}, "days", "validation-error"),
            ({"kind": "award"}, "kind", "validation-error"),
            ({"format": "xml"}, "format", "validation-error"),
            ({"to": "2013-13-01"}, "to", "validation-error"),
            ({"sort": "due_date"}, "sort", "validation-error"),
        ],
    )
    async def test_refused(
        self, client: httpx.AsyncClient, params: Row, field: str, rule: str
    ) -> None:
        built = await build(client)
        url = f"{API}/programmes/{built.programme['id']}/due"
        response = await client.get(url, params={"as_of": DAY, **params})
        body = assert_problem(response, 422, rule, loc=["query", field])
        assert body["errors"][0]["loc"] == ["query", field]


class TestPagesAndScope:
    async def test_pages_hold_every_item_once_in_order(self, client: httpx.AsyncClient) -> None:
        built = await build(client)
        whole = await due(client, built)
        path = f"/programmes/{built.programme['id']}/due"
        found = await pages(client, path, ProgrammeDue, as_of=DAY, limit=3)
        assert len(found) == 3
        assert [i for p in found for i in p["items"]] == whole["items"]
        assert {p["total"] for p in found} == {8}

    async def test_a_team(self, client: httpx.AsyncClient) -> None:
        built = await build(client)
        body = await due(client, built, team_id=built.beta["id"])
        assert names(built, body) == ["report", "edge"]  # no programme-wide milestones

    async def test_a_team_editor_sees_its_teams_and_the_programme(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        built = await build(client)
        editor = await as_role(Role.team_editor, [built.beta["id"]])
        body = await due(editor, built)
        assert names(built, body) == ["report", "wide", "edge"]
        assert (await due(editor, built, team_id=built.alpha["id"]))["items"] == []

    async def test_304_until_a_write(self, client: httpx.AsyncClient) -> None:
        built = await build(client)
        url = f"{API}/programmes/{built.programme['id']}/due"
        first = await client.get(url, params={"as_of": DAY})
        tag = first.headers["etag"]
        again = await client.get(url, params={"as_of": DAY}, headers={"If-None-Match": tag})
        assert again.status_code == 304
        await make_milestone(client, built.beta, due_date="2013-03-16")
        changed = await client.get(url, params={"as_of": DAY}, headers={"If-None-Match": tag})
        assert changed.status_code == 200 and changed.json()["total"] == 9

    async def test_unknown_programme(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/programmes/nope/due")
        assert_problem(response, 404, "not-found")
        csv_ = await client.get(f"{API}/programmes/nope/due", params={"format": "csv"})
        assert_problem(csv_, 404, "not-found")


class TestCost:
    async def test_2_teams_and_6_teams_cost_the_same(
        self, client: httpx.AsyncClient, queries: QueryCounter, db: Database
    ) -> None:
        """The programme, the counts and a page: a fixed number of queries, whatever the teams."""
        found = []
        for n in (2, 6):
            programme = await make_programme(client)
            for _ in range(n):
                team = await make_team(client, programme)
                await make_milestone(client, team, due_date="2014-01-10")
                await make_payment(
                    client, await make_award(client, team), scheduled_date="2013-12-01"
                )
            url = f"{API}/programmes/{programme['id']}/due"
            found.append(await count_queries(client, queries, db, url, limit=3))
        assert found[0] == found[1]


class TestCsv:
    @pytest.mark.parametrize("how", ["format", "accept"])
    async def test_every_item_with_labels(self, client: httpx.AsyncClient, how: str) -> None:
        built = await build(client)
        url = f"{API}/programmes/{built.programme['id']}/due"
        params: dict[str, Any] = {"as_of": DAY, "limit": 1}
        if how == "format":
            response = await client.get(url, params={**params, "format": "csv"})
        else:
            response = await client.get(url, params=params, headers={"Accept": "text/csv"})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/csv")
        assert 'filename="due-2013-03-15.csv"' in response.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == [
            "Kind", "Title", "Team", "Due date", "Amount (£)", "State", "Days overdue", "Status"
        ]  # fmt: skip
        assert len(rows) == 9  # every item, whatever the limit
        assert rows[1] == ["Milestone", "Plan", "Alpha", "2013-03-01", "", "Overdue", "14", "Late"]
        assert ["Report", "Interim report", "Beta", DAY, "", "Due", "", "Planned"] in rows
        assert ["Payment", "Interim payment", "Alpha", "2013-04-01", "12345.67", "Due", "",
                "Approved"] in rows  # fmt: skip
        assert any(r[2] == "Programme-wide" for r in rows)
        assert any(r[7] == "In progress" for r in rows)


text = st.one_of(
    st.sampled_from(["2013-03-15", "2012-06-01", "0", "30", "366", "367", "-1", "csv", "json"]),
    st.sampled_from(["report", "payment", "milestone", "x", "", "9" * 30, "2013-02-30"]),
    st.text(max_size=12),
)
PARAMS = ["as_of", "days", "from", "to", "team_id", "kind", "limit", "cursor", "format", "other"]
queries = st.lists(st.tuples(st.sampled_from(PARAMS), text), max_size=5)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=queries, with_team=st.booleans())
async def test_any_query_is_answered(
    client: httpx.AsyncClient, query: list[tuple[str, str]], with_team: bool
) -> None:
    """Whatever the query, a valid body, a CSV or a problem: never a 5xx."""
    programme = await make_programme(client)
    team = await make_team(client, programme)
    await make_milestone(client, team, due_date="2013-03-20", kind="reporting")
    if with_team:
        query = [*query, ("team_id", team["id"])]
    response = await client.get(
        f"{API}/programmes/{programme['id']}/due", params=httpx.QueryParams(query)
    )
    assert response.status_code in (200, 400, 404, 422), response.text
    if response.status_code != 200:
        assert response.headers["content-type"] == "application/problem+json"
    elif response.headers["content-type"].startswith("application/json"):
        ProgrammeDue.model_validate(response.json())
    else:
        assert response.text.startswith("Kind,Title,Team")
