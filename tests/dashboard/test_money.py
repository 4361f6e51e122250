"""GET /programmes/{id}/money: budget against approved spend and payments, by category and
financial year, reports due and overdue, and a page of teams, replayed on `as_of`. The figures
are worked out by hand from ``money_build.build_money`` (M = £10,000 in pence)."""

from typing import Any

import httpx
import pytest

from api.dashboard.schemas.money import ProgrammeMoney
from api.dashboard.schemas.summary import ProgrammeSummary, TeamFiguresPage
from api.dashboard.schemas.team import TeamSummary
from api.db import Database
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.dashboard.build import pages, read
from tests.dashboard.money_build import Money, add_rows, amendment, build_money
from tests.factories import API

pytestmark = pytest.mark.anyio
M = 1_000_000


def path(built: Money) -> str:
    return f"/programmes/{built.programme['id']}/money"


async def money(client: httpx.AsyncClient, built: Money, as_of: str, **params: Any) -> Any:
    return await read(client, path(built), ProgrammeMoney, as_of=as_of, **params)


def figures(awarded: int, budgeted: int, spend: int, paid: int, unpaid: int) -> dict[str, int]:
    return {
        "awarded_pence": awarded * M,
        "budgeted_pence": budgeted * M,
        "unallocated_pence": (awarded - budgeted) * M,
        "spend_pence": spend * M,
        "paid_pence": paid * M,
        "scheduled_unpaid_pence": unpaid * M,
        "variance_pence": (budgeted - spend) * M,
    }


class TestTotals:
    async def test_end_of_2013(self, client: httpx.AsyncClient, db: Database) -> None:
        built = await build_money(client, db)
        body = await money(client, built, "2013-12-31")
        # A1 40 + B1 20 (no amendment decided yet); lines 10 + 5 + 2; only S1 (3) approved;
        # paid 10 + 5, the 8 scheduled for 2014 unpaid.
        assert body["totals"] == figures(60, 17, 3, 15, 8)
        assert body["reports"] == {
            "draft": 2,  # S2 (submitted only in 2014) and S3
            "submitted": 0,
            "returned": 1,  # S4, due 2013-04-30: overdue
            "approved": 1,
            "due_soon": 0,
            "overdue": 1,
        }

    async def test_an_amendment_counts_from_its_effective_date_once_approved(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        # U (+2) approved 2014-03-20, effective 2014-04-01; X (+0.5) effective 2014-06-01 but
        # approved only 2014-09-01; R (-1) never approved.
        awarded = {
            day: (await money(client, built, day))["totals"]["awarded_pence"]
            for day in ("2014-03-31", "2014-04-01", "2014-08-31", "2014-09-01")
        }
        assert awarded == {
            "2014-03-31": 60 * M,
            "2014-04-01": 62 * M,
            "2014-08-31": 62 * M,
            "2014-09-01": 62 * M + 500_000,
        }

    async def test_spend_counts_from_its_report_s_approval(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        before = await money(client, built, "2013-11-14")  # S1 submitted, not yet approved
        after = await money(client, built, "2013-11-15")
        assert (before["totals"]["spend_pence"], after["totals"]["spend_pence"]) == (0, 3 * M)
        assert (before["reports"]["submitted"], after["reports"]["approved"]) == (1, 1)

    async def test_due_soon_within_30_days_and_overdue(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        reports = (await money(client, built, "2014-10-01"))["reports"]
        # S3 (draft) is due 2014-10-31, the 30th day: due soon; S2 submitted in time.
        assert reports == {
            "draft": 1,
            "submitted": 1,
            "returned": 1,
            "approved": 1,
            "due_soon": 1,
            "overdue": 1,
        }
        later = (await money(client, built, "2014-11-01"))["reports"]
        assert (later["due_soon"], later["overdue"]) == (0, 2)

    async def test_by_category_and_financial_year(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        body = await money(client, built, "2014-12-31")
        pence = {
            c["category"]: (c["budgeted_pence"], c["spend_pence"]) for c in body["by_category"]
        }
        assert pence == {
            "staff": (10 * M, 3 * M),  # S2's 4 on staff is submitted, not approved
            "backfill": (0, 0),
            "training": (5 * M, 0),  # S3's 1 is a draft
            "evaluation": (0, 0),
            "equipment": (2 * M, 0),  # S4's 1.5 was returned
            "other": (0, 0),
        }
        years = [
            (y["year"], y["start"], y["budgeted_pence"], y["spend_pence"]) for y in body["by_year"]
        ]
        # B's line starts 2013-01-01: 2012-13. S1's period ends 2013-09-30: 2013-14.
        assert years == [
            ("2012-13", "2012-04-01", 2 * M, 0),
            ("2013-14", "2013-04-01", 10 * M, 3 * M),
            ("2014-15", "2014-04-01", 5 * M, 0),
        ]
        assert all(
            y["variance_pence"] == y["budgeted_pence"] - y["spend_pence"] for y in body["by_year"]
        )

    async def test_an_award_made_later_counts_nowhere(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        body = await money(client, built, "2012-12-31")  # B1 is awarded 2013-01-01
        assert body["totals"] == figures(40, 15, 0, 10, 8)
        assert body["reports"]["returned"] == 0 and body["reports"]["draft"] == 3


class TestTeams:
    async def test_each_team_s_row(self, client: httpx.AsyncClient, db: Database) -> None:
        built = await build_money(client, db)
        body = await money(client, built, "2014-10-01")
        rows = {
            t["name"]: [
                t[k]
                for k in (
                    "awarded_pence",
                    "budgeted_pence",
                    "unallocated_pence",
                    "spend_pence",
                    "paid_pence",
                    "variance_pence",
                    "overdue_reports",
                )
            ]
            for t in body["items"]
        }
        assert rows == {
            "Team A": [42_500_000, 15 * M, 27_500_000, 3 * M, 10 * M, 12 * M, 0],
            "Team B": [20 * M, 2 * M, 18 * M, 0, 5 * M, 2 * M, 1],
            "Team C": [0, 0, 0, 0, 0, 0, 0],
        }
        assert body["total"] == 3 and body["next_cursor"] is None

    @pytest.mark.parametrize(
        ("sort", "order"),
        [
            ("name", "ABC"),
            ("-name", "CBA"),
            ("-awarded_pence", "ABC"),
            ("budgeted_pence", "CBA"),
            ("-spend_pence", "ABC"),  # B and C tie at 0: by name
            ("paid_pence", "CBA"),
            ("variance_pence", "CBA"),
            ("-overdue_reports", "BAC"),
        ],
    )
    async def test_sorted_and_paged(
        self, client: httpx.AsyncClient, db: Database, sort: str, order: str
    ) -> None:
        built = await build_money(client, db)
        found = await pages(
            client, path(built), ProgrammeMoney, limit=2, sort=sort, as_of="2014-10-01"
        )
        assert [len(p["items"]) for p in found] == [2, 1]
        assert "".join(t["name"][-1] for p in found for t in p["items"]) == order
        assert found[0]["totals"] == found[1]["totals"]

    async def test_q_narrows_the_page_not_the_totals(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        body = await money(client, built, "2013-12-31", q="team b")
        assert [t["name"] for t in body["items"]] == ["Team B"] and body["total"] == 1
        assert body["totals"]["awarded_pence"] == 60 * M


class TestScope:
    async def test_a_team_editor_pages_only_its_teams_over_the_programme_s_totals(
        self, client: httpx.AsyncClient, db: Database, as_role: RoleClient
    ) -> None:
        built = await build_money(client, db)
        editor = await as_role(Role.team_editor, [built.teams[1]["id"]])
        for sort in ("name", "-awarded_pence", "variance_pence"):
            body = await money(editor, built, "2013-12-31", sort=sort)
            assert [t["name"] for t in body["items"]] == ["Team B"] and body["total"] == 1
            assert body["totals"] == figures(60, 17, 3, 15, 8)


class TestErrors:
    async def test_a_missing_programme_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/programmes/nope/money")
        assert_problem(response, 404, "not-found", loc=["path", "programme_id"])

    @pytest.mark.parametrize(
        ("params", "loc"),
        [
            ({"limit": "201"}, ["query", "limit"]),
            ({"sort": "budget"}, ["query", "sort"]),
            ({"as_of": "2014-02-30"}, ["query", "as_of"]),
        ],
    )
    async def test_bad_queries(
        self, client: httpx.AsyncClient, db: Database, params: dict[str, str], loc: list[str]
    ) -> None:
        built = await build_money(client, db)
        response = await client.get(f"{API}{path(built)}", params=params)
        assert_problem(response, 422, "validation-error", loc=loc)

    async def test_anonymous_is_refused(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        response = await anon.get(f"{API}{path(built)}")
        assert response.status_code == 401


class TestTheOtherModelsAgree:
    @pytest.mark.parametrize("as_of", ["2014-03-31", "2014-04-01", "2014-09-01"])
    async def test_summary_team_figures_and_team_summary_count_the_amended_amount(
        self, client: httpx.AsyncClient, db: Database, as_of: str
    ) -> None:
        built = await build_money(client, db)
        body = await money(client, built, as_of)
        pid, team_a = built.programme["id"], built.teams[0]
        summary = await read(client, f"/programmes/{pid}/summary", ProgrammeSummary, as_of=as_of)
        assert summary["funding"]["awarded_pence"] == body["totals"]["awarded_pence"]
        assert summary["funding"]["paid_pence"] == body["totals"]["paid_pence"]
        figures_page = await read(
            client, f"/programmes/{pid}/team-figures", TeamFiguresPage, as_of=as_of
        )
        assert [t["awarded_pence"] for t in figures_page["items"]] == [
            t["awarded_pence"] for t in body["items"]
        ]
        team = await read(client, f"/teams/{team_a['id']}/summary", TeamSummary, as_of=as_of)
        amended = body["items"][0]["awarded_pence"]
        assert [a["amount_pence"] for a in team["awards"]] == [amended]
        assert team["funding"]["awarded_pence"] == amended


class TestCaching:
    async def test_304_until_an_amendment_is_written_then_the_new_figure(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        url = f"{API}{path(built)}"
        params = {"as_of": "2014-12-31"}
        first = await client.get(url, params=params)
        tag = first.headers["etag"]
        again = await client.get(url, params=params, headers={"If-None-Match": tag})
        assert again.status_code == 304
        await add_rows(
            db,
            amendment(
                built.awards[1],
                "uplift",
                250_000,
                "2014-06-01",
                "approved",
                decided_on="2014-05-01",
            ),
        )
        after = await client.get(url, params=params, headers={"If-None-Match": tag})
        assert after.status_code == 200 and after.headers["etag"] != tag
        awarded = (first.json()["totals"]["awarded_pence"], after.json()["totals"]["awarded_pence"])
        assert awarded == (62_500_000, 62_750_000)
