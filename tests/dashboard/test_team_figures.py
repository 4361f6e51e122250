"""GET /programmes/{id}/team-figures: each team's figures on `as_of`, paged, sorted, filtered."""

import base64

import httpx
import orjson
import pytest

from api.dashboard.schemas.summary import TeamFiguresPage, TeamSort
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.dashboard import oracle
from tests.dashboard.build import build_programme, pages, read
from tests.factories import (
    API,
    make_award,
    make_milestone,
    make_payment,
    make_programme,
    make_team,
)

pytestmark = pytest.mark.anyio


def path(programme_id: str) -> str:
    return f"/programmes/{programme_id}/team-figures"


async def varied(client: httpx.AsyncClient) -> tuple[str, oracle.Data]:
    """Three full teams, two bare ones and a namesake of a full team with one late milestone:
    ties in every figure and in names, to test the tie-breaks."""
    built = await build_programme(client, 3)
    programme = built.programme
    await make_team(client, programme, name="A bare team")
    await make_team(client, programme, name="Z bare team")
    namesake = await make_team(client, programme, name=built.teams[1]["name"])
    await make_milestone(client, namesake, due_date="2013-01-31")
    award = await make_award(client, namesake, amount_pence=5_000_000)
    await make_payment(client, award, amount_pence=5_000_000, status="paid", paid_date="2013-02-01")
    return programme["id"], await oracle.gather(client, programme["id"])


async def three_teams(client: httpx.AsyncClient) -> str:
    programme = await make_programme(client)
    for name in ("A", "B", "C"):
        await make_team(client, programme, name=name)
    return str(programme["id"])


class TestPaging:
    async def test_the_figures_of_every_team_once_in_every_order(
        self, client: httpx.AsyncClient
    ) -> None:
        pid, data = await varied(client)
        for as_of in ("2012-05-31", "2013-07-05", "2016-01-01"):
            body = await read(client, path(pid), TeamFiguresPage, as_of=as_of)
            assert (body["as_of"], body["total"], body["next_cursor"]) == (as_of, 6, None)
            assert body["items"] == oracle.team_rows(data, as_of)
        for sort in TeamSort:
            found = await pages(
                client, path(pid), TeamFiguresPage, as_of="2014-01-01", limit=2, sort=sort.value
            )
            assert [len(p["items"]) for p in found] == [2, 2, 2], sort
            assert all(p["total"] == 6 for p in found)
            items = [t for p in found for t in p["items"]]
            assert items == oracle.team_rows(data, "2014-01-01", sort.value), sort

    async def test_a_cursor_belongs_to_its_sort(self, client: httpx.AsyncClient) -> None:
        pid = await three_teams(client)
        first = await read(client, path(pid), TeamFiguresPage, limit=1, sort="-paid_pence")
        response = await client.get(
            f"{API}{path(pid)}", params={"cursor": first["next_cursor"], "sort": "-late"}
        )
        assert_problem(response, 400, "invalid-cursor", loc=["query", "cursor"])


class TestFilters:
    async def test_q_matches_part_of_the_name_literally(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        a = await make_team(client, programme, name="North 50% Team")
        b = await make_team(client, programme, name="north_5 team")
        await make_team(client, programme, name="North5 Team")
        pid = programme["id"]
        found = await read(client, path(pid), TeamFiguresPage, q="NORTH")
        assert found["total"] == 3
        assert [
            t["id"] for t in (await read(client, path(pid), TeamFiguresPage, q="50%"))["items"]
        ] == [a["id"]]
        under = await read(client, path(pid), TeamFiguresPage, q="h_5")
        assert ([t["id"] for t in under["items"]], under["total"]) == ([b["id"]], 1)

    async def test_provenance(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        sourced = await make_team(
            client,
            programme,
            provenance="sourced",
            source_url="https://www.health.org.uk/improvement-projects/x",
        )
        await make_team(client, programme)
        pid = programme["id"]
        body = await read(client, path(pid), TeamFiguresPage, provenance="sourced", sort="-late")
        assert ([t["id"] for t in body["items"]], body["total"]) == ([sourced["id"]], 1)
        body = await read(client, path(pid), TeamFiguresPage, provenance="synthetic")
        assert body["total"] == 1 and body["items"][0]["provenance"] == "synthetic"


class TestScope:
    async def test_a_team_editor_sees_only_its_own_teams(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        built = await build_programme(client, 2)
        pid, mine = built.programme["id"], built.teams[1]
        editor = await as_role(Role.team_editor, [mine["id"]])
        for sort in ("name", "-awarded_pence", "late"):
            found = await pages(editor, path(pid), TeamFiguresPage, limit=1, sort=sort)
            assert [(p["total"], [t["id"] for t in p["items"]]) for p in found] == [
                (1, [mine["id"]])
            ]
        other = await read(editor, path(pid), TeamFiguresPage, q=built.teams[0]["name"])
        assert (other["total"], other["items"]) == (0, [])


class TestErrors:
    async def test_a_missing_programme_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}{path('nope')}")
        assert_problem(response, 404, "not-found", loc=["path", "programme_id"])

    @pytest.mark.parametrize(
        ("params", "status", "kind", "loc"),
        [
            ({"limit": "0"}, 422, "validation-error", ["query", "limit"]),
            ({"limit": "201"}, 422, "validation-error", ["query", "limit"]),
            ({"sort": "budget"}, 422, "validation-error", ["query", "sort"]),
            ({"sort": "name,id"}, 422, "validation-error", ["query", "sort"]),
            ({"provenance": "invented"}, 422, "validation-error", ["query", "provenance"]),
            ({"cursor": "bm9wZQ"}, 400, "invalid-cursor", ["query", "cursor"]),
            ({"as_of": "2014-02-30"}, 422, "validation-error", ["query", "as_of"]),
            ({"team_id": "x"}, 422, "validation-error", ["query", "team_id"]),
        ],
    )
    async def test_bad_parameters_are_refused(
        self,
        client: httpx.AsyncClient,
        params: dict[str, str],
        status: int,
        kind: str,
        loc: list[str],
    ) -> None:
        programme = await make_programme(client)
        response = await client.get(f"{API}{path(programme['id'])}", params=params)
        assert_problem(response, status, kind, loc=loc)

    async def test_a_tampered_cursor_value_is_refused(self, client: httpx.AsyncClient) -> None:
        pid = await three_teams(client)
        first = await read(client, path(pid), TeamFiguresPage, limit=1, sort="late")
        payload = orjson.loads(base64.urlsafe_b64decode(first["next_cursor"] + "=="))
        payload["v"][0] = "1; DROP TABLE teams"
        cursor = base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")
        response = await client.get(f"{API}{path(pid)}", params={"cursor": cursor, "sort": "late"})
        assert_problem(response, 400, "invalid-cursor", loc=["query", "cursor"])
