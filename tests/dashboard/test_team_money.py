"""GET /teams/{id}/money: each award's original and amended terms, its amendment history, its
budget lines against approved spend, by financial year, its payments, and the team's spend
reports, replayed on `as_of` (the data of ``money_build.build_money``, worked by hand)."""

from typing import Any

import httpx
import pytest

from api.dashboard.schemas.money import TeamMoneyDetail
from api.db import Database
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.dashboard.build import read
from tests.dashboard.money_build import Money, build_money
from tests.factories import API, make_award, make_spend_report
from tests.reports.helpers import RETURN, SUBMIT, moved

pytestmark = pytest.mark.anyio
M = 1_000_000


async def team_money(client: httpx.AsyncClient, team: Any, as_of: str) -> Any:
    return await read(client, f"/teams/{team['id']}/money", TeamMoneyDetail, as_of=as_of)


async def award_a(client: httpx.AsyncClient, built: Money, as_of: str) -> Any:
    body = await team_money(client, built.teams[0], as_of)
    assert [a["id"] for a in body["awards"]] == [built.awards[0]["id"]]
    return body["awards"][0]


def history(award: Any, built: Money) -> list[tuple[str, str, str | None, bool]]:
    names = {v: k for k, v in built.ids.items()}
    return [
        (names[a["id"]], a["status"], a["decided_on"], a["counts"]) for a in award["amendments"]
    ]


class TestAmendments:
    async def test_terms_and_history_before_and_after_approval(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        before = await award_a(client, built, "2014-03-19")
        assert before["original"] == {
            "amount_pence": 40 * M,
            "start_date": "2012-06-01",
            "end_date": "2015-12-31",
        }
        assert before["amended"] == before["original"]
        # In effective-date order: R (2014-01-01), U (2014-04-01), X (2014-06-01).
        assert history(before, built) == [
            ("R", "proposed", None, False),
            ("U", "proposed", None, False),
            ("X", "proposed", None, False),
        ]
        approved = await award_a(client, built, "2014-03-20")  # U approved, not yet effective
        assert history(approved, built)[1] == ("U", "approved", "2014-03-20", False)
        assert approved["amended"]["amount_pence"] == 40 * M

        after = await award_a(client, built, "2014-09-01")
        assert after["amended"] == {
            "amount_pence": 42_500_000,
            "start_date": "2012-06-01",
            "end_date": "2016-03-31",  # U's new end
        }
        assert history(after, built) == [
            ("R", "proposed", None, False),
            ("U", "approved", "2014-03-20", True),
            ("X", "approved", "2014-09-01", True),
        ]
        assert after["figures"]["unallocated_pence"] == 42_500_000 - 15 * M
        first = after["amendments"][1]
        assert (first["kind"], first["amount_change_pence"], first["effective_date"]) == (
            "uplift",
            2 * M,
            "2014-04-01",
        )


class TestBudgetAndSpend:
    async def test_lines_against_approved_spend_by_year_and_payments(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        award = await award_a(client, built, "2014-10-01")
        lines = [
            (x["category"], x["budgeted_pence"], x["spend_pence"], x["variance_pence"])
            for x in award["budget_lines"]
        ]
        assert lines == [("staff", 10 * M, 3 * M, 7 * M), ("training", 5 * M, 0, 5 * M)]
        assert [(y["year"], y["budgeted_pence"], y["spend_pence"]) for y in award["by_year"]] == [
            ("2013-14", 10 * M, 3 * M),
            ("2014-15", 5 * M, 0),
        ]
        figures = award["figures"]
        assert (figures["paid_pence"], figures["scheduled_unpaid_pence"]) == (10 * M, 8 * M)
        assert figures["variance_pence"] == 12 * M

    async def test_reports_with_status_and_flags(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        names = {v: k for k, v in built.ids.items()}
        body = await team_money(client, built.teams[0], "2014-04-26")
        found = [
            (names[r["id"]], r["status"], r["submitted_on"], r["spend_pence"], r["due_soon"])
            for r in body["report_list"]
        ]
        assert found == [
            ("S1", "approved", "2013-10-20", 3 * M, False),
            ("S2", "submitted", "2014-04-25", 4 * M, False),
            ("S3", "draft", None, 1 * M, False),
        ]
        assert body["reports"]["submitted"] == 1 and body["totals"]["spend_pence"] == 3 * M
        day_before = await team_money(client, built.teams[0], "2014-04-24")
        s2 = day_before["report_list"][1]
        assert (s2["status"], s2["submitted_on"], s2["due_soon"]) == ("draft", None, True)

    async def test_a_report_returned_then_submitted_again_is_returned_in_between(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        report = await moved(client, await make_spend_report(client, award), SUBMIT, RETURN)
        await moved(client, report, SUBMIT | {"submitted_on": "2014-05-08"})
        team = {"id": award["team_id"]}
        seen = [
            (await team_money(client, team, day))["report_list"][0]["status"]
            for day in ("2014-04-22", "2014-05-06", "2014-05-07", "2014-05-08")
        ]
        # The first submission's day is gone (submitted_on is the latest): a draft till then.
        assert seen == ["draft", "returned", "returned", "submitted"]

    async def test_a_returned_report_is_overdue_and_its_spend_does_not_count(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        built = await build_money(client, db)
        body = await team_money(client, built.teams[1], "2013-06-01")
        (s4,) = body["report_list"]
        assert (s4["status"], s4["decided_on"], s4["overdue"]) == ("returned", "2013-05-01", True)
        assert body["totals"]["spend_pence"] == 0 and body["reports"]["overdue"] == 1
        assert body["by_year"] == [
            {
                "year": "2012-13",
                "start": "2012-04-01",
                "budgeted_pence": 2 * M,
                "spend_pence": 0,
                "variance_pence": 2 * M,
            }
        ]

    async def test_a_team_without_awards(self, client: httpx.AsyncClient, db: Database) -> None:
        built = await build_money(client, db)
        body = await team_money(client, built.teams[2], "2014-10-01")
        assert (body["awards"], body["report_list"], body["by_year"]) == ([], [], [])
        assert set(body["totals"].values()) == {0}


class TestScopeAndErrors:
    async def test_a_team_editor_reads_its_own_team_only(
        self, client: httpx.AsyncClient, db: Database, as_role: RoleClient
    ) -> None:
        built = await build_money(client, db)
        editor = await as_role(Role.team_editor, [built.teams[1]["id"]])
        mine = await team_money(editor, built.teams[1], "2014-10-01")
        assert mine["team"]["name"] == "Team B"
        response = await editor.get(f"{API}/teams/{built.teams[0]['id']}/money")
        assert_problem(response, 404, "not-found", loc=["path", "team_id"])

    async def test_a_missing_team_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/teams/nope/money")
        assert_problem(response, 404, "not-found", loc=["path", "team_id"])
