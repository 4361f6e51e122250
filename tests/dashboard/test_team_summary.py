"""GET /teams/{id}/summary: one team, its organisations, goals, money, milestones, support and
evidence, replayed on `as_of`."""

import httpx
import pytest

from api.dashboard.schemas.summary import TeamFiguresPage
from api.dashboard.schemas.team import TeamSummary
from tests.assertions import assert_problem
from tests.dashboard.build import build_programme, counts, read, rows, support_totals
from tests.factories import (
    API,
    Row,
    make_award,
    make_evidence,
    make_indicator,
    make_organisation,
    make_partner,
    make_payment,
    make_period,
    make_programme,
    make_quality_goal,
    make_support,
    make_team,
)

pytestmark = pytest.mark.anyio
SOURCE = "https://www.health.org.uk/improvement-projects/using-value-based-interviewing"


async def team_summary(client: httpx.AsyncClient, team: Row, as_of: str = "2016-01-01") -> Row:
    return await read(client, f"/teams/{team['id']}/summary", TeamSummary, as_of=as_of)


class TestTheTeam:
    async def test_lead_organisation_partners_and_provenance(
        self, client: httpx.AsyncClient
    ) -> None:
        lead = await make_organisation(
            client, name="Oxford University Hospitals NHS Trust", org_identifier="GB-NHS-RTH"
        )
        nspcc = await make_organisation(
            client, name="NSPCC", org_identifier="GB-CHC-216401", kind="charity"
        )
        board = await make_organisation(
            client,
            name="Oxfordshire Adult Safeguarding Board",
            org_identifier="GB-TEST-OASB",
            kind="public_body",
        )
        team = await make_team(
            client, lead_organisation_id=lead["id"], provenance="sourced", source_url=SOURCE
        )
        await make_partner(client, team, organisation_id=nspcc["id"])
        await make_partner(client, team, organisation_id=board["id"])
        await make_partner(client, team, organisation_id=lead["id"], role="lead")

        body = await team_summary(client, team)

        assert body["team"]["provenance"] == "sourced"
        assert body["team"]["source_url"] == SOURCE
        assert body["team"]["name"] == team["name"]
        assert body["programme"]["id"] == team["programme_id"]
        assert body["lead_organisation"] == {
            "id": lead["id"],
            "name": "Oxford University Hospitals NHS Trust",
            "org_identifier": "GB-NHS-RTH",
            "kind": "nhs_trust",
        }
        assert [(p["name"], p["org_identifier"], p["role"]) for p in body["partners"]] == [
            ("Oxford University Hospitals NHS Trust", "GB-NHS-RTH", "lead"),
            ("NSPCC", "GB-CHC-216401", "partner"),
            ("Oxfordshire Adult Safeguarding Board", "GB-TEST-OASB", "partner"),
        ]

    async def test_quality_goals_with_both_sides_and_periods_up_to_as_of(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        goal = await make_quality_goal(
            client,
            team,
            corporate_services=["hr", "informatics"],
            clinical_services=["Nursing"],
            corporate_lead="Director of HR",
            clinical_lead="Chief Nurse",
        )
        indicator = await make_indicator(client, goal, baseline_value=21.5, target_value=12.0)
        early = await make_period(
            client, indicator, period_start="2013-01-01", period_end="2013-03-31"
        )
        await make_period(client, indicator, period_start="2013-04-01", period_end="2013-06-30")
        await make_quality_goal(client)  # another team's

        body = await team_summary(client, team, "2013-05-01")

        [found] = body["quality_goals"]
        assert found["corporate_services"] == ["hr", "informatics"]
        assert found["clinical_services"] == ["Nursing"]
        assert (found["corporate_lead"], found["clinical_lead"]) == (
            "Director of HR",
            "Chief Nurse",
        )
        [measured] = found["indicators"]
        assert (measured["id"], measured["baseline_value"], measured["target_value"]) == (
            indicator["id"],
            21.5,
            12.0,
        )
        assert [p["id"] for p in measured["periods"]] == [early["id"]]
        later = await team_summary(client, team, "2013-06-30")
        assert len(later["quality_goals"][0]["indicators"][0]["periods"]) == 2


class TestMoney:
    async def test_a_payment_paid_after_as_of_shows_as_scheduled(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        award = await make_award(client, team, amount_pence=30_000_000)
        first = await make_payment(
            client, award, amount_pence=10_000_000, status="paid", paid_date="2012-07-03"
        )
        second = await make_payment(
            client,
            award,
            instalment="interim",
            amount_pence=8_000_000,
            status="paid",
            paid_date="2013-07-10",
        )
        cancelled = await make_payment(client, award, amount_pence=1_000, status="cancelled")

        body = await team_summary(client, team, "2013-07-09")

        [shown] = body["awards"]
        payments = {p["id"]: p for p in shown["payments"]}
        assert (payments[first["id"]]["status"], payments[first["id"]]["paid_date"]) == (
            "paid",
            "2012-07-03",
        )
        assert (payments[second["id"]]["status"], payments[second["id"]]["paid_date"]) == (
            "scheduled",
            None,
        )
        assert payments[cancelled["id"]]["status"] == "cancelled"
        assert (shown["paid_pence"], shown["scheduled_unpaid_pence"]) == (10_000_000, 8_000_000)
        assert body["funding"] == {
            "currency": "GBP",
            "awards": 1,
            "awarded_pence": 30_000_000,
            "paid_pence": 10_000_000,
            "scheduled_unpaid_pence": 8_000_000,
            "remaining_pence": 20_000_000,
        }
        paid = (await team_summary(client, team, "2013-07-10"))["awards"][0]
        assert paid["paid_pence"] == 18_000_000
        assert {p["id"]: p["paid_date"] for p in paid["payments"]}[second["id"]] == "2013-07-10"

    async def test_an_award_made_after_as_of_is_not_shown(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        award = await make_award(client, team, award_date="2013-01-15")
        await make_payment(client, award, scheduled_date="2013-02-01")
        assert (await team_summary(client, team, "2013-01-14"))["awards"] == []
        assert (await team_summary(client, team, "2013-01-14"))["funding"]["awards"] == 0
        assert [a["id"] for a in (await team_summary(client, team, "2013-01-15"))["awards"]] == [
            award["id"]
        ]

    @pytest.mark.parametrize("as_of", ["2013-07-05", "2016-01-01"])
    async def test_the_team_figures_match_the_per_team_read_model(
        self, client: httpx.AsyncClient, as_of: str
    ) -> None:
        built = await build_programme(client, 2)
        path = f"/programmes/{built.programme['id']}/team-figures"
        programme = await read(client, path, TeamFiguresPage, as_of=as_of)
        for row in programme["items"]:
            body = await team_summary(client, {"id": row["id"]}, as_of)
            for key in ("awarded_pence", "paid_pence", "scheduled_unpaid_pence", "remaining_pence"):
                assert body["funding"][key] == row[key]
            assert body["milestone_counts"] == row["milestones"]
            assert body["support"] == row["support"]
            assert body["evidence_counts"] == row["evidence"]


class TestMilestonesSupportEvidence:
    async def test_the_rows_replayed_on_the_day(self, client: httpx.AsyncClient) -> None:
        built = await build_programme(client, 2)
        team = built.teams[1]
        as_of = "2014-01-01"
        milestones = await rows(client, "/milestones", team_id=team["id"])
        activities = await rows(client, "/support-activities", team_id=team["id"])
        evidence = await rows(client, "/evidence", team_id=team["id"])

        body = await team_summary(client, team, as_of)

        assert body["milestone_counts"] == counts(milestones, as_of)
        assert [m["id"] for m in body["milestones"]] == [
            m["id"] for m in sorted(milestones, key=lambda m: m["due_date"])
        ]
        assert body["support"] == support_totals(activities, as_of)
        assert sorted(a["id"] for a in body["support_activities"]) == sorted(
            a["id"] for a in activities
        )
        published = [e for e in evidence if e["published_on"] <= as_of]
        assert [e["id"] for e in body["evidence"]] == [e["id"] for e in published]
        assert body["evidence_counts"] == {"total": len(published), "exemplars": 1}
        assert body["evidence"][0]["is_exemplar"] is True

    async def test_support_not_yet_ended_is_planned(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        activity = await make_support(
            client, team, status="delivered", start_date="2013-02-01", end_date="2013-06-30"
        )
        cancelled = await make_support(client, team, status="cancelled")
        await make_support(client)  # another team's
        body = await team_summary(client, team, "2013-06-29")
        status = {a["id"]: a["status"] for a in body["support_activities"]}
        assert status == {activity["id"]: "planned", cancelled["id"]: "cancelled"}
        assert body["support"][3] == {"type": "coaching", "activities": 0, "hours": 0.0}
        later = await team_summary(client, team, "2013-06-30")
        assert {a["id"]: a["status"] for a in later["support_activities"]}[
            activity["id"]
        ] == "delivered"

    async def test_evidence_of_the_programme_or_other_teams_is_not_shown(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        other = await make_team(client, programme)
        mine = await make_evidence(client, team, is_exemplar=True)
        await make_evidence(client, other)
        await make_evidence(client, team, team_id=None)
        body = await team_summary(client, team)
        assert [(e["id"], e["is_exemplar"]) for e in body["evidence"]] == [(mine["id"], True)]


class TestErrors:
    async def test_a_missing_team_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/teams/nope/summary")
        assert_problem(response, 404, "not-found", loc=["path", "team_id"])

    async def test_a_bad_as_of_is_refused(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        response = await client.get(f"{API}/teams/{team['id']}/summary", params={"as_of": "soon"})
        assert_problem(response, 422, "validation-error", loc=["query", "as_of"])

    async def test_a_current_etag_is_not_modified(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        url = f"{API}/teams/{team['id']}/summary?as_of=2014-01-01"
        etag = (await client.get(url)).headers["ETag"]
        assert (await client.get(url, headers={"If-None-Match": etag})).status_code == 304
