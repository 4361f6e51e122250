"""GET /programmes/{id}/exceptions: each team flagged red, amber or green, with its reasons.

The fixture is built by hand and every expected flag is worked out here from the README's rules:
the window is 2012-06-01 to 2015-12-31 (1,308 days); on 2014-05-10, 708 days are gone: 54%.
So money is amber at a paid share of 34% or less (20 points behind), red at 14% or less, and no
support delivered is red (half the window gone).
"""

import httpx
import pytest

from api.dashboard.compare_schemas import ExceptionsPage
from api.dashboard.exceptions import elapsed_percent
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.dashboard.build import pages, read
from tests.factories import (
    API,
    Row,
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
DAY = "2014-05-10"
AWARD = 40_000_000


def path(programme_id: str) -> str:
    return f"/programmes/{programme_id}/exceptions"


async def funded(client: httpx.AsyncClient, team: Row, paid: int) -> None:
    award = await make_award(client, team, amount_pence=AWARD)
    await make_payment(client, award, amount_pence=paid, status="paid", paid_date="2012-07-03")


async def late(client: httpx.AsyncClient, team: Row, n: int) -> None:
    for due in ["2013-03-31", "2013-06-30", "2014-01-31"][:n]:
        await make_milestone(client, team, due_date=due)


async def delivered(client: httpx.AsyncClient, team: Row) -> None:
    await make_support(client, team, status="delivered")


async def indicators(client: httpx.AsyncClient, team: Row, values: list[float]) -> None:
    """Lower-is-better indicators with baseline 50, each measured once in 2013 Q1."""
    goal = await make_quality_goal(client, team)
    for value in values:
        made = await make_indicator(client, goal, baseline_value=50)
        await make_period(client, made, actual_value=value)


async def flagged_programme(client: httpx.AsyncClient) -> Row:
    programme = await make_programme(client)
    alpha = await make_team(client, programme, name="Alpha")
    await funded(client, alpha, AWARD // 2)  # 50%: on track
    await late(client, alpha, 3)  # red
    await delivered(client, alpha)
    bravo = await make_team(client, programme, name="Bravo")
    await funded(client, bravo, 4_000_000)  # 10%, 44 points behind: red
    await delivered(client, bravo)
    charlie = await make_team(client, programme, name="Charlie")
    await funded(client, charlie, 12_000_000)  # 30%, 24 behind: amber
    await late(client, charlie, 1)  # amber
    await indicators(client, charlie, [60])  # one worsening: amber
    # no support with 54% gone: red
    delta = await make_team(client, programme, name="Delta")
    await funded(client, delta, AWARD // 2)
    await delivered(client, delta)
    await indicators(client, delta, [60, 40])  # one worsening, one improving: amber
    echo = await make_team(client, programme, name="Echo")  # no award: not judged on money
    await delivered(client, echo)
    await make_milestone(client, echo, status="achieved", completed_date="2013-03-30")
    foxtrot = await make_team(client, programme, name="Foxtrot")
    await funded(client, foxtrot, 16_000_000)  # 40%, 14 behind: fine
    await late(client, foxtrot, 1)  # amber
    await delivered(client, foxtrot)
    await make_team(client, await make_programme(client), name="Elsewhere")
    return programme


EXPECTED = {
    "Alpha": ("red", ["3 milestones late"]),
    "Bravo": ("red", ["paid 10% with 54% of time gone"]),
    "Charlie": (
        "red",
        [
            "no support delivered with 54% of time gone",
            "1 milestone late",
            "paid 30% with 54% of time gone",
            "1 indicator worsening",
        ],
    ),
    "Delta": ("amber", ["1 indicator worsening"]),
    "Echo": ("green", []),
    "Foxtrot": ("amber", ["1 milestone late"]),
}


class TestExceptions:
    def test_time_gone(self) -> None:
        from datetime import date

        start, end = date(2012, 6, 1), date(2015, 12, 31)
        assert elapsed_percent(start, end, date(2014, 5, 10)) == 54  # 708 * 100 // 1308
        assert elapsed_percent(start, end, date(2011, 1, 1)) == 0
        assert elapsed_percent(start, end, date(2016, 6, 1)) == 100
        assert elapsed_percent(start, start, start) == 100

    async def test_flags_and_reasons_by_the_rules(self, client: httpx.AsyncClient) -> None:
        programme = await flagged_programme(client)
        body = await read(client, path(programme["id"]), ExceptionsPage, as_of=DAY)
        assert body["elapsed_percent"] == 54
        assert body["counts"] == {"red": 3, "amber": 2, "green": 1}
        assert body["total"] == 6
        got = {t["name"]: (t["flag"], t["reasons"]) for t in body["items"]}
        assert got == EXPECTED
        # -flag (the default): red first, then amber, then green; ties by name.
        order = ["Alpha", "Bravo", "Charlie", "Delta", "Foxtrot", "Echo"]
        assert [t["name"] for t in body["items"]] == order
        echo = next(t for t in body["items"] if t["name"] == "Echo")
        assert echo["awarded_pence"] is None
        assert echo["paid_percent"] is None
        charlie = next(t for t in body["items"] if t["name"] == "Charlie")
        assert charlie | {"id": None} == {
            "id": None,
            "name": "Charlie",
            "provenance": "synthetic",
            "flag": "red",
            "reasons": EXPECTED["Charlie"][1],
            "late": 1,
            "awarded_pence": AWARD,
            "paid_pence": 12_000_000,
            "paid_percent": 30,
            "worsening": 1,
            "support_delivered": 0,
        }

    async def test_sorts_filters_and_pages(self, client: httpx.AsyncClient) -> None:
        pid = (await flagged_programme(client))["id"]

        async def names(**params: object) -> list[str]:
            found = await pages(client, path(pid), ExceptionsPage, as_of=DAY, **params)
            return [t["name"] for p in found for t in p["items"]]

        assert await names(limit=2) == ["Alpha", "Bravo", "Charlie", "Delta", "Foxtrot", "Echo"]
        assert await names(sort="flag", limit=4) == [
            "Echo", "Delta", "Foxtrot", "Alpha", "Bravo", "Charlie"
        ]  # fmt: skip
        assert await names(sort="-late", limit=1) == [
            "Alpha", "Charlie", "Foxtrot", "Bravo", "Delta", "Echo"
        ]  # fmt: skip
        assert await names(sort="-name") == [
            "Foxtrot",
            "Echo",
            "Delta",
            "Charlie",
            "Bravo",
            "Alpha",
        ]
        assert await names(flag="amber") == ["Delta", "Foxtrot"]
        assert await names(q="ha") == ["Alpha", "Charlie"]
        body = await read(client, path(pid), ExceptionsPage, as_of=DAY, flag="red")
        assert body["total"] == 3
        assert body["counts"] == {"red": 3, "amber": 2, "green": 1}

    async def test_at_the_start_everyone_is_green(self, client: httpx.AsyncClient) -> None:
        pid = (await flagged_programme(client))["id"]
        body = await read(client, path(pid), ExceptionsPage, as_of="2012-06-01")
        assert body["elapsed_percent"] == 0
        assert body["counts"] == {"red": 0, "amber": 0, "green": 6}
        assert all(t["reasons"] == [] for t in body["items"])

    async def test_a_team_editor_sees_its_own_team(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        programme = await flagged_programme(client)
        first = await read(client, path(programme["id"]), ExceptionsPage, as_of=DAY)
        bravo = next(t for t in first["items"] if t["name"] == "Bravo")
        editor = await as_role(Role.team_editor, teams=[bravo["id"]])
        body = await read(editor, path(programme["id"]), ExceptionsPage, as_of=DAY)
        assert [t["name"] for t in body["items"]] == ["Bravo"]
        assert body["counts"] == {"red": 1, "amber": 0, "green": 0}

    async def test_etag_and_304(self, client: httpx.AsyncClient) -> None:
        pid = (await make_programme(client))["id"]
        url = f"{API}{path(pid)}?as_of={DAY}"
        first = await client.get(url)
        again = await client.get(url, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304

    @pytest.mark.parametrize(
        "params",
        [{"sort": "late_desc"}, {"flag": "blue"}, {"limit": "0"}, {"as_of": "1"}, {"x": "1"}],
    )
    async def test_bad_parameters_are_refused(
        self, client: httpx.AsyncClient, params: dict[str, str]
    ) -> None:
        pid = (await make_programme(client))["id"]
        response = await client.get(f"{API}{path(pid)}", params=params)
        assert_problem(response, 422, "validation-error", loc=["query", next(iter(params))])

    async def test_a_missing_programme_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}{path('nope')}")
        assert_problem(response, 404, "not-found", loc=["path", "programme_id"])
