"""GET /programmes/{id}/summary: the figures equal sums of the rows, replayed on `as_of`."""

from datetime import UTC, datetime

import httpx
import pytest

from api.dashboard.schemas.summary import ProgrammeSummary, TeamFiguresPage
from tests.assertions import assert_problem
from tests.dashboard import oracle
from tests.dashboard.build import (
    build_programme,
    counts,
    delivered_by,
    paid_by,
    read,
    rows,
    support_totals,
    unpaid_on,
)
from tests.factories import (
    API,
    Row,
    make_award,
    make_evidence,
    make_milestone,
    make_payment,
    make_programme,
    make_support,
    make_team,
)

pytestmark = pytest.mark.anyio


async def per_team(client: httpx.AsyncClient, programme: Row, as_of: str) -> list[Row]:
    path = f"/programmes/{programme['id']}/team-figures"
    items: list[Row] = (await read(client, path, TeamFiguresPage, as_of=as_of))["items"]
    return items


async def summary(client: httpx.AsyncClient, programme: Row, as_of: str | None = None) -> Row:
    params = {"as_of": as_of} if as_of else {}
    return await read(client, f"/programmes/{programme['id']}/summary", ProgrammeSummary, **params)


def money(awards: list[Row], payments: list[Row], as_of: str) -> Row:
    awarded = [a for a in awards if a["award_date"] <= as_of]
    ids = {a["id"] for a in awarded}
    counted = [p for p in payments if p["award_id"] in ids]
    total = sum(a["amount_pence"] for a in awarded)
    paid = sum(p["amount_pence"] for p in counted if paid_by(p, as_of))
    return {
        "awarded_pence": total,
        "paid_pence": paid,
        "scheduled_unpaid_pence": sum(p["amount_pence"] for p in counted if unpaid_on(p, as_of)),
        "remaining_pence": total - paid,
    }


# The summary's team counts of a programme of synthetic, active teams (sustainability aside).
TEAMS = {"total": 0, "sourced": 0, "synthetic": 3, "active": 0, "completed": 0, "withdrawn": 0}
TEAMS |= {"status_undated": 0, "sustainability": None}


class TestFigures:
    @pytest.mark.parametrize("as_of", ["2012-05-31", "2013-07-05", "2013-07-10", "2016-01-01"])
    async def test_every_figure_is_the_sum_of_the_rows(
        self, client: httpx.AsyncClient, as_of: str
    ) -> None:
        built = await build_programme(client, 3)
        pid = built.programme["id"]
        teams = await rows(client, "/teams", programme_id=pid)
        awards = [a for t in teams for a in await rows(client, "/awards", team_id=t["id"])]
        payments = [p for a in awards for p in await rows(client, "/payments", award_id=a["id"])]
        milestones = await rows(client, "/milestones", programme_id=pid)
        activities = await rows(client, "/support-activities", programme_id=pid)
        evidence = await rows(client, "/evidence", programme_id=pid)
        published = [e for e in evidence if e["published_on"] <= as_of]

        body = await summary(client, built.programme, as_of)

        assert body["as_of"] == as_of
        assert body["teams"] | {"sustainability": None} == TEAMS | {"total": 3, "active": 3}
        awarded = [a for a in awards if a["award_date"] <= as_of]
        assert body["funding"] == {"currency": "GBP", "awards": len(awarded)} | money(
            awards, payments, as_of
        )
        assert body["milestones"] == counts(milestones, as_of)
        assert body["support"] == support_totals(activities, as_of)
        assert body["evidence"] == {
            "total": len(published),
            "exemplars": sum(1 for e in published if e["is_exemplar"]),
        }
        expected = oracle.summary(await oracle.gather(client, pid), as_of)
        assert {k: v for k, v in body.items() if k not in ("as_of", "programme")} == expected

    async def test_the_programme_basics(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client, code="CTG-SP", max_teams=9)
        body = await summary(client, programme, "2013-01-01")
        assert body["programme"] == {
            "id": programme["id"],
            "code": "CTG-SP",
            "title": programme["title"],
            "start_date": "2012-06-01",
            "end_date": "2015-12-31",
            "currency": "GBP",
            "award_cap_pence": 42_000_000,
            "max_teams": 9,
        }

    async def test_an_empty_programme_has_zero_figures(self, client: httpx.AsyncClient) -> None:
        body = await summary(client, await make_programme(client), "2014-01-01")
        assert body["teams"] | {"sustainability": None} == TEAMS | {"synthetic": 0}
        assert body["funding"]["awarded_pence"] == body["funding"]["paid_pence"] == 0
        assert body["milestones"]["total"] == 0
        assert [s["activities"] for s in body["support"]] == [0, 0, 0, 0]
        assert body["funding_by_month"] == body["milestones_by_month"] == []
        distributions = body["team_distributions"]
        assert [b["teams"] for b in distributions["paid_share"]] == [0] * 10
        assert distributions["not_awarded"] == 0
        assert distributions["late_milestones"] == [{"late": k, "teams": 0} for k in range(4)]
        assert body["most_late"] == {"teams": [], "others_teams": 0, "others_late": 0}

    async def test_teams_are_counted_by_provenance(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        await make_team(
            client,
            programme,
            provenance="sourced",
            source_url="https://www.health.org.uk/improvement-projects/x",
        )
        await make_team(client, programme)
        await make_team(client, programme)
        body = await summary(client, programme)
        assert body["teams"] | {"sustainability": None} == TEAMS | {
            "total": 3,
            "sourced": 1,
            "synthetic": 2,
            "active": 3,
        }

    async def test_a_shared_learning_event_counts_once_for_the_programme(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        teams = [await make_team(client, programme) for _ in range(3)]
        await make_support(
            client,
            teams[0],
            type="learning_event",
            team_ids=[t["id"] for t in teams],
            status="delivered",
            hours=6.0,
        )
        body = await summary(client, programme, "2014-01-01")
        event = {"type": "learning_event", "activities": 1, "hours": 6.0}
        assert event in body["support"]
        assert all(event in t["support"] for t in await per_team(client, programme, "2014-01-01"))

    async def test_programme_wide_rows_count_for_the_programme_only(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        await make_milestone(client, team, team_id=None, due_date="2013-01-31")
        await make_evidence(client, team, team_id=None, is_exemplar=True, published_on="2013-01-01")
        body = await summary(client, {"id": team["programme_id"]}, "2014-01-01")
        assert body["milestones"]["late"] == body["milestones"]["total"] == 1
        assert body["evidence"] == {"total": 1, "exemplars": 1}
        [row] = await per_team(client, {"id": team["programme_id"]}, "2014-01-01")
        assert row["milestones"]["total"] == 0
        assert row["evidence"] == {"total": 0, "exemplars": 0}

    async def test_as_of_defaults_to_today(self, client: httpx.AsyncClient) -> None:
        body = await summary(client, await make_programme(client))
        assert body["as_of"] == datetime.now(UTC).date().isoformat()


class TestBoundedAggregates:
    async def test_payments_fall_in_the_month_they_were_paid_or_are_due(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        award = await make_award(client, team, amount_pence=40_000_000)
        await make_payment(
            client, award, scheduled_date="2013-06-15", status="paid", paid_date="2013-07-10"
        )
        await make_payment(client, award, instalment="interim", scheduled_date="2013-06-30")
        await make_payment(
            client, award, instalment="interim", scheduled_date="2014-01-31", status="approved"
        )
        await make_payment(
            client, award, instalment="final", scheduled_date="2015-01-31", status="cancelled"
        )
        programme = {"id": team["programme_id"]}
        before = (await summary(client, programme, "2013-07-09"))["funding_by_month"]
        after = (await summary(client, programme, "2013-07-10"))["funding_by_month"]
        assert before == [
            {"month": "2013-06", "paid_pence": 0, "scheduled_unpaid_pence": 20_000_000},
            {"month": "2014-01", "paid_pence": 0, "scheduled_unpaid_pence": 10_000_000},
        ]
        assert after == [
            {"month": "2013-06", "paid_pence": 0, "scheduled_unpaid_pence": 10_000_000},
            {"month": "2013-07", "paid_pence": 10_000_000, "scheduled_unpaid_pence": 0},
            {"month": "2014-01", "paid_pence": 0, "scheduled_unpaid_pence": 10_000_000},
        ]
        # An award made after as_of: none of its payments.
        assert (await summary(client, programme, "2012-05-31"))["funding_by_month"] == []

    async def test_milestones_by_due_month_with_their_status_on_the_day(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        await make_milestone(client, team, due_date="2013-03-01")
        await make_milestone(
            client, team, due_date="2013-03-31", status="achieved", completed_date="2013-03-20"
        )
        await make_milestone(
            client,
            team,
            team_id=None,
            due_date="2013-05-15",
            status="deferred",
            decided_on="2013-01-10",
            decision_reason="Moved to the summer.",
        )
        body = await summary(client, {"id": team["programme_id"]}, "2013-03-15")
        zero = dict.fromkeys(["planned", "in_progress", "achieved", "late"], 0)
        zero |= {"deferred": 0, "cancelled": 0}
        assert body["milestones_by_month"] == [
            zero | {"month": "2013-03", "late": 1, "planned": 1, "total": 2},
            zero | {"month": "2013-05", "deferred": 1, "total": 1},
        ]

    async def test_teams_by_paid_share(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        shares = {"none": 0, "half": 20_000_000, "all": 40_000_000, "tenth": 4_000_000}
        for name, paid in shares.items():
            team = await make_team(client, programme, name=name)
            award = await make_award(client, team, amount_pence=40_000_000)
            if paid:
                await make_payment(
                    client, award, amount_pence=paid, status="paid", paid_date="2013-01-01"
                )
        await make_team(client, programme, name="no award")
        late = await make_team(client, programme, name="awarded later")
        await make_award(client, late, award_date="2014-06-01")
        distributions = (await summary(client, programme, "2014-01-01"))["team_distributions"]
        assert [b["teams"] for b in distributions["paid_share"]] == [1, 1, 0, 0, 0, 1, 0, 0, 0, 1]
        assert distributions["paid_share"][9] == {"from_percent": 90, "to_percent": 100, "teams": 1}
        assert distributions["not_awarded"] == 2

    async def test_the_ten_teams_most_late_then_all_others(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client, max_teams=20)
        late = {f"Team {i:02d}": 1 for i in range(12)} | {"Team 07": 3, "Team 11": 2}
        late |= {"On time": 0}
        for name, n in late.items():
            team = await make_team(client, programme, name=name)
            for _ in range(n):
                await make_milestone(client, team, due_date="2013-01-31")
        body = await summary(client, programme, "2014-01-01")
        assert body["most_late"] == {
            "teams": [
                {"id": body["most_late"]["teams"][i]["id"], "name": name, "late": n}
                for i, (name, n) in enumerate(
                    [("Team 07", 3), ("Team 11", 2)]
                    + [(f"Team {i:02d}", 1) for i in (0, 1, 2, 3, 4, 5, 6, 8)]
                )
            ],
            "others_teams": 2,
            "others_late": 2,
        }
        assert body["team_distributions"]["late_milestones"] == [
            {"late": 0, "teams": 1},
            {"late": 1, "teams": 10},
            {"late": 2, "teams": 1},
            {"late": 3, "teams": 1},
        ]


class TestAsOf:
    async def test_a_payment_paid_after_as_of_is_not_paid_yet(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        award = await make_award(client, team, amount_pence=30_000_000)
        await make_payment(
            client, award, amount_pence=10_000_000, status="paid", paid_date="2012-07-03"
        )
        await make_payment(
            client,
            award,
            instalment="interim",
            amount_pence=8_000_000,
            status="paid",
            paid_date="2013-07-10",
        )
        programme = {"id": team["programme_id"]}

        before = await summary(client, programme, "2013-07-09")
        on_the_day = await summary(client, programme, "2013-07-10")

        assert before["funding"]["paid_pence"] == 10_000_000
        assert before["funding"]["scheduled_unpaid_pence"] == 8_000_000
        assert before["funding"]["remaining_pence"] == 20_000_000
        assert on_the_day["funding"]["paid_pence"] == 18_000_000
        assert on_the_day["funding"]["scheduled_unpaid_pence"] == 0
        assert on_the_day["funding"]["remaining_pence"] == 12_000_000
        assert (await per_team(client, programme, "2013-07-09"))[0]["paid_pence"] == 10_000_000
        assert (await per_team(client, programme, "2013-07-10"))[0]["paid_pence"] == 18_000_000

    async def test_an_award_made_after_as_of_is_not_counted_nor_its_payments(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        award = await make_award(client, team, award_date="2013-01-15")
        await make_payment(client, award, scheduled_date="2013-02-01")
        programme = {"id": team["programme_id"]}
        before = await summary(client, programme, "2013-01-14")
        after = await summary(client, programme, "2013-01-15")
        assert before["funding"] == {
            "currency": "GBP",
            "awards": 0,
            "awarded_pence": 0,
            "paid_pence": 0,
            "scheduled_unpaid_pence": 0,
            "remaining_pence": 0,
        }
        assert after["funding"]["awarded_pence"] == 42_000_000
        assert after["funding"]["scheduled_unpaid_pence"] == 10_000_000

    async def test_cancelled_payments_count_nowhere(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        await make_payment(client, award, status="cancelled")
        team = (await client.get(f"{API}/teams/{award['team_id']}")).json()
        body = await summary(client, {"id": team["programme_id"]}, "2016-01-01")
        assert body["funding"]["paid_pence"] == body["funding"]["scheduled_unpaid_pence"] == 0

    async def test_support_counts_once_delivered_and_ended(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        activity = await make_support(
            client, team, status="delivered", start_date="2013-02-01", end_date="2013-06-30"
        )
        assert delivered_by(activity, "2013-06-30")
        programme = {"id": team["programme_id"]}
        coaching = {"before": "2013-06-29", "on": "2013-06-30"}
        found = {
            k: (await summary(client, programme, d))["support"][3] for k, d in coaching.items()
        }
        assert found["before"] == {"type": "coaching", "activities": 0, "hours": 0.0}
        assert found["on"]["activities"] == 1

    async def test_evidence_counts_once_published(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        await make_evidence(client, team, published_on="2014-03-01", is_exemplar=True)
        programme = {"id": team["programme_id"]}
        assert (await summary(client, programme, "2014-02-28"))["evidence"]["total"] == 0
        assert (await summary(client, programme, "2014-03-01"))["evidence"] == {
            "total": 1,
            "exemplars": 1,
        }


class TestErrors:
    async def test_a_missing_programme_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/programmes/nope/summary")
        assert_problem(response, 404, "not-found", loc=["path", "programme_id"])

    @pytest.mark.parametrize("as_of", ["2013-02-30", "31/12/2013", "yesterday", ""])
    async def test_a_bad_as_of_is_refused(self, client: httpx.AsyncClient, as_of: str) -> None:
        programme = await make_programme(client)
        response = await client.get(
            f"{API}/programmes/{programme['id']}/summary", params={"as_of": as_of}
        )
        assert_problem(response, 422, "validation-error", loc=["query", "as_of"])


class TestETag:
    async def test_a_current_etag_is_not_modified(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        url = f"{API}/programmes/{programme['id']}/summary?as_of=2014-01-01"
        first = await client.get(url)
        etag = first.headers["ETag"]
        again = await client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.headers["ETag"] == etag
        assert again.content == b""

    async def test_the_etag_changes_with_the_figures_and_the_day(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        url = f"{API}/programmes/{team['programme_id']}/summary"
        first = (await client.get(url, params={"as_of": "2014-01-01"})).headers["ETag"]
        other_day = (await client.get(url, params={"as_of": "2014-01-02"})).headers["ETag"]
        await make_award(client, team)
        changed = await client.get(
            url, params={"as_of": "2014-01-01"}, headers={"If-None-Match": first}
        )
        assert len({first, other_day, changed.headers["ETag"]}) == 3
        assert changed.status_code == 200
