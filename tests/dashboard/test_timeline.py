"""GET /programmes/{id}/timeline, and the milestone replay rule every read model shares."""

from typing import Any

import httpx
import pytest

from api.dashboard.schemas.summary import ProgrammeSummary, TeamFiguresPage
from api.dashboard.schemas.team import TeamSummary
from api.dashboard.schemas.timeline import ProgrammeTimeline
from tests.assertions import assert_problem
from tests.dashboard.build import milestone_status, pages, read
from tests.factories import API, Row, make_milestone, make_programme, make_team

pytestmark = pytest.mark.anyio


async def timeline(
    client: httpx.AsyncClient, programme_id: str, as_of: str = "2014-01-01", **params: Any
) -> Row:
    path = f"/programmes/{programme_id}/timeline"
    return await read(client, path, ProgrammeTimeline, as_of=as_of, **params)


def ids(items: list[Row]) -> list[str]:
    return [m["id"] for m in items]


class TestTimeline:
    async def test_programme_wide_milestones_then_each_team_by_name(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme, name="Beta")
        first = await make_milestone(client, team, due_date="2013-03-31")
        second = await make_milestone(
            client, team, due_date="2014-03-31", depends_on_ids=[first["id"]]
        )
        check_in = await make_milestone(client, team, kind="sustainability", due_date="2016-06-30")
        wide = await make_milestone(client, team, team_id=None, due_date="2015-12-31")
        early = await make_milestone(client, team, team_id=None, due_date="2012-09-30")
        alpha = await make_team(client, programme, name="Alpha")
        idle = await make_team(client, programme, name="Gamma")  # no milestones: listed, empty
        alpha_one = await make_milestone(client, alpha, due_date="2015-01-31")
        other_programme = await make_milestone(client)

        body = await timeline(client, programme["id"], "2014-01-01")

        assert body["as_of"] == "2014-01-01"
        assert body["window"] == {"from": None, "to": None}
        assert body["total_teams"] == 3
        assert body["next_cursor"] is None
        assert (body["programme"]["start_date"], body["programme"]["end_date"]) == (
            "2012-06-01",
            "2015-12-31",
        )
        assert ids(body["programme_milestones"]) == [early["id"], wide["id"]]
        assert [(t["id"], t["name"], ids(t["milestones"])) for t in body["teams"]] == [
            (alpha["id"], "Alpha", [alpha_one["id"]]),
            (team["id"], "Beta", [first["id"], second["id"], check_in["id"]]),
            (idle["id"], "Gamma", []),
        ]
        assert other_programme["id"] not in str(body)
        assert body["programme_milestones"][1] == {
            "id": wide["id"],
            "team_id": None,
            "team_name": None,
            "title": wide["title"],
            "kind": "project",
            "due_date": "2015-12-31",
            "completed_date": None,
            "status": "planned",
            "status_undated": False,
            "decided_on": None,
            "decision_reason": "",
            "depends_on_ids": [],
        }
        beta = body["teams"][1]["milestones"]
        assert beta[1]["depends_on_ids"] == [first["id"]]
        assert beta[1]["team_name"] == "Beta"
        assert beta[2]["kind"] == "sustainability"

    async def test_pages_of_teams_in_name_order(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        names = ["delta", "Alpha", "charlie", "Bravo", "echo"]
        teams = {name: await make_team(client, programme, name=name) for name in names}
        for team in teams.values():
            await make_milestone(client, team)
        await make_milestone(client, teams["echo"], team_id=None)
        path = f"/programmes/{programme['id']}/timeline"
        found = await pages(client, path, ProgrammeTimeline, limit=2)
        assert [len(p["teams"]) for p in found] == [2, 2, 1]
        assert [t["name"] for p in found for t in p["teams"]] == sorted(names)
        assert all(p["total_teams"] == 5 for p in found)
        # Programme-wide milestones come once, on the first page.
        assert [len(p["programme_milestones"]) for p in found] == [1, 0, 0]
        assert all(len(t["milestones"]) == 1 for p in found for t in p["teams"])

    async def test_a_window_of_due_dates(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        made = {
            d: await make_milestone(client, team, due_date=d)
            for d in ("2013-01-01", "2013-06-30", "2013-12-31", "2014-01-01")
        }
        wide = await make_milestone(client, team, team_id=None, due_date="2013-07-01")
        pid = team["programme_id"]
        body = await timeline(client, pid, **{"from": "2013-06-30", "to": "2013-12-31"})
        assert body["window"] == {"from": "2013-06-30", "to": "2013-12-31"}
        assert ids(body["teams"][0]["milestones"]) == [
            made["2013-06-30"]["id"],
            made["2013-12-31"]["id"],
        ]
        assert ids(body["programme_milestones"]) == [wide["id"]]
        open_start = await timeline(client, pid, to="2013-06-30")
        assert ids(open_start["teams"][0]["milestones"]) == ids(list(made.values())[:2])
        assert open_start["programme_milestones"] == []
        open_end = await timeline(client, pid, **{"from": "2014-01-01"})
        assert ids(open_end["teams"][0]["milestones"]) == [made["2014-01-01"]["id"]]

    async def test_q_and_team_id_pick_teams(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        a = await make_team(client, programme, name="North 50% Team")
        b = await make_team(client, programme, name="North 5 Team")
        await make_team(client, programme, name="South")
        pid = programme["id"]
        found = await timeline(client, pid, q="north")
        assert [t["id"] for t in found["teams"]] == [b["id"], a["id"]]
        assert found["total_teams"] == 2
        literal = await timeline(client, pid, q="50%")
        assert [t["id"] for t in literal["teams"]] == [a["id"]]
        one = await timeline(client, pid, team_id=b["id"])
        assert ([t["id"] for t in one["teams"]], one["total_teams"]) == ([b["id"]], 1)

    async def test_an_empty_programme_has_no_teams(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        body = await timeline(client, programme["id"])
        assert (body["teams"], body["programme_milestones"], body["total_teams"]) == ([], [], 0)

    async def test_a_missing_programme_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/programmes/nope/timeline")
        assert_problem(response, 404, "not-found", loc=["path", "programme_id"])

    @pytest.mark.parametrize(
        ("params", "status", "kind", "loc"),
        [
            ({"as_of": "2014-13-01"}, 422, "validation-error", ["query", "as_of"]),
            ({"from": "2014-01-02", "to": "2014-01-01"}, 422, "invalid-query", ["query", "from"]),
            ({"from": "0"}, 422, "validation-error", ["query", "from"]),
            ({"limit": "0"}, 422, "validation-error", ["query", "limit"]),
            ({"limit": "101"}, 422, "validation-error", ["query", "limit"]),
            ({"cursor": "nonsense"}, 400, "invalid-cursor", ["query", "cursor"]),
            ({"sort": "name"}, 422, "validation-error", ["query", "sort"]),
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
        response = await client.get(f"{API}/programmes/{programme['id']}/timeline", params=params)
        assert_problem(response, status, kind, loc=loc)

    async def test_a_current_etag_is_not_modified(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        await make_milestone(client, team)
        url = f"{API}/programmes/{team['programme_id']}/timeline?as_of=2014-01-01"
        etag = (await client.get(url)).headers["ETag"]
        assert (await client.get(url, headers={"If-None-Match": etag})).status_code == 304


# (fields of the milestone, as_of, status on that day, completed_date shown on that day)
DUE = "2013-03-31"
MISSED = {"status": "missed", "decided_on": "2013-04-14"}
CANCELLED = {"status": "cancelled", "decided_on": "2012-06-15", "decision_reason": "Not needed."}
DEFERRED = {"status": "deferred", "decided_on": "2013-06-01", "decision_reason": "Data late."}


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
    ("missed, before its due date", MISSED, "2013-01-01", "planned", None),
    ("missed, past its due date", MISSED, "2013-04-01", "late", None),
    ("cancelled, past its due date", CANCELLED, "2014-01-01", "cancelled", None),
    ("cancelled, before its due date", CANCELLED, "2012-07-01", "cancelled", None),
    ("cancelled, before the decision", CANCELLED, "2012-06-14", "planned", None),
    ("deferred, past its due date", DEFERRED, "2014-01-01", "deferred", None),
    ("deferred, past its due date, before the decision", DEFERRED, "2013-05-31", "late", None),
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

        item = (await timeline(client, team["programme_id"], as_of))["teams"][0]["milestones"][0]
        assert (item["status"], item["completed_date"]) == (status, completed)

        # The summaries count and list with the same rule.
        summary = await read(
            client, f"/programmes/{team['programme_id']}/summary", ProgrammeSummary, as_of=as_of
        )
        assert summary["milestones"][status] == summary["milestones"]["total"] == 1
        path = f"/programmes/{team['programme_id']}/team-figures"
        figures = await read(client, path, TeamFiguresPage, as_of=as_of)
        assert figures["items"][0]["milestones"][status] == 1
        team_view = await read(client, f"/teams/{team['id']}/summary", TeamSummary, as_of=as_of)
        assert team_view["milestones"] == [item]
        assert team_view["milestone_counts"][status] == 1
