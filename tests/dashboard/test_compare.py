"""GET /programmes/{id}/compare: up to four teams side by side, in the order asked."""

import httpx
import pytest

from api.dashboard.compare_schemas import TeamComparison
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.dashboard.build import read
from tests.factories import (
    API,
    make_award,
    make_indicator,
    make_milestone,
    make_payment,
    make_period,
    make_programme,
    make_quality_goal,
    make_support,
    make_team,
)

pytestmark = pytest.mark.anyio


class TestCompare:
    async def test_teams_in_the_order_asked(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        a = await make_team(client, programme, name="A")
        b = await make_team(client, programme, name="B")
        award = await make_award(client, a, amount_pence=30_000_000)
        await make_payment(client, award, status="paid", paid_date="2012-07-03")
        await make_milestone(client, a, due_date="2013-01-31")  # late by 2014
        await make_support(client, b, status="delivered", type="coaching", hours=3)
        goal = await make_quality_goal(client, b)
        up = await make_indicator(client, goal, baseline_value=50, target_value=45)
        await make_period(client, up, actual_value=40)  # lower is better: improving, met
        pid = programme["id"]
        body = await read(
            client, f"/programmes/{pid}/compare", TeamComparison, team_id=[b["id"], a["id"]],
            as_of="2014-01-01",
        )  # fmt: skip
        first, second = body["teams"]
        assert [first["name"], second["name"]] == ["B", "A"]
        assert second["awarded_pence"] == 30_000_000
        assert second["paid_pence"] == 10_000_000
        assert second["remaining_pence"] == 20_000_000
        assert second["milestones"]["late"] == 1
        assert first["support"][3] == {"type": "coaching", "activities": 1, "hours": 3.0}
        assert first["indicators"]["improving"] == 1
        assert first["indicators"]["improving_since_previous"] == 1
        assert first["indicators"]["target_met"] == 1
        assert second["indicators"]["total"] == 0

    async def test_more_than_four_or_twice_is_refused(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        ids = [(await make_team(client, programme))["id"] for _ in range(5)]
        url = f"{API}/programmes/{programme['id']}/compare"
        five = await client.get(url, params={"team_id": ids})
        assert_problem(five, 422, "validation-error", loc=["query", "team_id"])
        twice = await client.get(url, params={"team_id": [ids[0], ids[0]]})
        assert_problem(twice, 422, "invalid-query", loc=["query", "team_id"])
        none = await client.get(url)
        assert_problem(none, 422, "validation-error", loc=["query", "team_id"])

    async def test_a_team_elsewhere_or_out_of_scope_is_missing(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        programme = await make_programme(client)
        mine = await make_team(client, programme)
        other = await make_team(client, programme)
        elsewhere = await make_team(client)
        url = f"{API}/programmes/{programme['id']}/compare"
        response = await client.get(url, params={"team_id": [mine["id"], elsewhere["id"]]})
        assert_problem(response, 404, "not-found", loc=["query", "team_id", 1])
        editor = await as_role(Role.team_editor, teams=[mine["id"]])
        response = await editor.get(url, params={"team_id": [other["id"]]})
        assert_problem(response, 404, "not-found", loc=["query", "team_id", 0])
        assert (await editor.get(url, params={"team_id": [mine["id"]]})).status_code == 200
