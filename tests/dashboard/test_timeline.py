"""GET /programmes/{id}/timeline, and the milestone replay rule every read model shares."""

from typing import Any

import httpx
import pytest

from api.dashboard.schemas import ProgrammeSummary, ProgrammeTimeline, TeamSummary
from tests.assertions import assert_problem
from tests.dashboard.build import milestone_status, read
from tests.factories import API, Row, make_milestone, make_programme, make_team

pytestmark = pytest.mark.anyio


async def timeline(client: httpx.AsyncClient, programme_id: str, as_of: str = "2014-01-01") -> Row:
    path = f"/programmes/{programme_id}/timeline"
    return await read(client, path, ProgrammeTimeline, as_of=as_of)


class TestTimeline:
    async def test_every_milestone_of_the_programme_with_the_window(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        first = await make_milestone(client, team, due_date="2013-03-31")
        second = await make_milestone(
            client, team, due_date="2014-03-31", depends_on_ids=[first["id"]]
        )
        check_in = await make_milestone(client, team, kind="sustainability", due_date="2016-06-30")
        wide = await make_milestone(client, team, team_id=None, due_date="2015-12-31")
        other_programme = await make_milestone(client)

        body = await timeline(client, programme["id"], "2014-01-01")

        assert body["as_of"] == "2014-01-01"
        assert (body["programme"]["start_date"], body["programme"]["end_date"]) == (
            "2012-06-01",
            "2015-12-31",
        )
        ids = [m["id"] for m in body["milestones"]]
        assert ids == [wide["id"], first["id"], second["id"], check_in["id"]]
        assert other_programme["id"] not in ids
        by_id = {m["id"]: m for m in body["milestones"]}
        assert by_id[wide["id"]] == {
            "id": wide["id"],
            "team_id": None,
            "team_name": None,
            "title": wide["title"],
            "kind": "project",
            "due_date": "2015-12-31",
            "completed_date": None,
            "status": "planned",
            "depends_on_ids": [],
        }
        assert by_id[second["id"]]["depends_on_ids"] == [first["id"]]
        assert by_id[second["id"]]["team_name"] == team["name"]
        assert by_id[check_in["id"]]["kind"] == "sustainability"

    async def test_sorted_by_team_then_due_date(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        beta = await make_team(client, programme, name="Beta team")
        alpha = await make_team(client, programme, name="Alpha team")
        made = [
            await make_milestone(client, beta, due_date="2013-01-31"),
            await make_milestone(client, alpha, due_date="2015-01-31"),
            await make_milestone(client, alpha, due_date="2013-06-30"),
            await make_milestone(client, beta, team_id=None, due_date="2014-01-31"),
            await make_milestone(client, beta, team_id=None, due_date="2012-09-30"),
        ]
        body = await timeline(client, programme["id"])
        order = [(m["team_name"], m["due_date"]) for m in body["milestones"]]
        assert order == [
            (None, "2012-09-30"),
            (None, "2014-01-31"),
            ("Alpha team", "2013-06-30"),
            ("Alpha team", "2015-01-31"),
            ("Beta team", "2013-01-31"),
        ]
        assert len(made) == len(order)

    async def test_an_empty_programme_has_no_milestones(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        assert (await timeline(client, programme["id"]))["milestones"] == []

    async def test_a_missing_programme_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/programmes/nope/timeline")
        assert_problem(response, 404, "not-found", loc=["path", "programme_id"])

    async def test_a_bad_as_of_is_refused(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        response = await client.get(
            f"{API}/programmes/{programme['id']}/timeline", params={"as_of": "2014-13-01"}
        )
        assert_problem(response, 422, "validation-error", loc=["query", "as_of"])

    async def test_a_current_etag_is_not_modified(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        await make_milestone(client, team)
        url = f"{API}/programmes/{team['programme_id']}/timeline?as_of=2014-01-01"
        etag = (await client.get(url)).headers["ETag"]
        assert (await client.get(url, headers={"If-None-Match": etag})).status_code == 304


# (fields of the milestone, as_of, status on that day, completed_date shown on that day)
DUE = "2013-03-31"
CASES: list[tuple[str, dict[str, Any], str, str, str | None]] = [
    (
        "achieved early, the day before",
        {"status": "achieved", "completed_date": "2013-03-28"},
        "2013-03-27",
        "planned",
        None,
    ),
    (
        "achieved early, on its completed date",
        {"status": "achieved", "completed_date": "2013-03-28"},
        "2013-03-28",
        "achieved",
        "2013-03-28",
    ),
    (
        "achieved late, after the due date",
        {"status": "achieved", "completed_date": "2013-05-01"},
        "2013-04-15",
        "late",
        None,
    ),
    (
        "achieved late, once completed",
        {"status": "achieved", "completed_date": "2013-05-01"},
        "2013-05-01",
        "achieved",
        "2013-05-01",
    ),
    ("planned, on its due date", {"status": "planned"}, DUE, "planned", None),
    ("planned, the day after its due date", {"status": "planned"}, "2013-04-01", "late", None),
    (
        "in progress, before its due date",
        {"status": "in_progress"},
        "2013-01-01",
        "in_progress",
        None,
    ),
    ("in progress, past its due date", {"status": "in_progress"}, "2013-04-01", "late", None),
    ("missed, before its due date", {"status": "missed"}, "2013-01-01", "planned", None),
    ("missed, past its due date", {"status": "missed"}, "2013-04-01", "late", None),
    ("cancelled, past its due date", {"status": "cancelled"}, "2014-01-01", "cancelled", None),
    ("cancelled, before its due date", {"status": "cancelled"}, "2012-07-01", "cancelled", None),
    ("deferred, past its due date", {"status": "deferred"}, "2014-01-01", "deferred", None),
]


class TestReplayRule:
    @pytest.mark.parametrize(
        ("fields", "as_of", "status", "completed"),
        [case[1:] for case in CASES],
        ids=[case[0] for case in CASES],
    )
    async def test_status_on_the_day(
        self,
        client: httpx.AsyncClient,
        fields: dict[str, Any],
        as_of: str,
        status: str,
        completed: str | None,
    ) -> None:
        team = await make_team(client)
        milestone = await make_milestone(client, team, due_date=DUE, **fields)
        assert milestone_status(milestone, as_of) == status  # the tests' oracle agrees

        item = (await timeline(client, team["programme_id"], as_of))["milestones"][0]
        assert (item["status"], item["completed_date"]) == (status, completed)

        # The summaries count and list with the same rule.
        summary = await read(
            client, f"/programmes/{team['programme_id']}/summary", ProgrammeSummary, as_of=as_of
        )
        assert summary["milestones"][status] == summary["milestones"]["total"] == 1
        assert summary["by_team"][0]["milestones"][status] == 1
        team_view = await read(client, f"/teams/{team['id']}/summary", TeamSummary, as_of=as_of)
        assert team_view["milestones"] == [item]
        assert team_view["milestone_counts"][status] == 1
