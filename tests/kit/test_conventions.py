"""The API conventions every resource shares (the README's "Conventions" under "The API in brief").

Lists, writes and errors are shown on milestones (the resource with the most filters); the nested
routes on team partners and indicator periods; read schemas and OpenAPI on every resource.
"""

import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pydantic import BaseModel

from api.db import Database
from api.resources import RESOURCES
from tests.assertions import PROBLEM_JSON, assert_problem, unchanged
from tests.factories import (
    API,
    Row,
    make_amendment,
    make_award,
    make_budget_line,
    make_checkin,
    make_evidence,
    make_indicator,
    make_milestone,
    make_organisation,
    make_partner,
    make_payment,
    make_period,
    make_programme,
    make_quality_goal,
    make_spend_line,
    make_spend_report,
    make_support,
    make_team,
    milestone_body,
)

pytestmark = pytest.mark.anyio

MILESTONES = f"{API}/milestones"


async def list_page(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get(MILESTONES, params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def walk(
    client: httpx.AsyncClient,
    params: dict[str, Any],
    between_pages: Callable[[], Awaitable[None]] | None = None,
) -> list[Row]:
    """Every row, page by page, following ``next_cursor``; ``between_pages`` runs after page 1."""
    rows: list[Row] = []
    cursor: str | None = None
    while True:
        page = await list_page(client, **params, **({"cursor": cursor} if cursor else {}))
        rows += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return rows
        if between_pages is not None:
            await between_pages()
            between_pages = None


def ids(rows: list[Row]) -> list[str]:
    return [r["id"] for r in rows]


# ---- the list envelope and keyset pagination -----------------------------------------------------


class TestListEnvelope:
    async def test_body_holds_items_and_next_cursor(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client)
        page = await list_page(client)
        assert set(page) == {"items", "next_cursor"}
        assert (ids(page["items"]), page["next_cursor"]) == ([milestone["id"]], None)

    async def test_empty_list(self, client: httpx.AsyncClient) -> None:
        assert await list_page(client) == {"items": [], "next_cursor": None}


# Each sort: its query, the order it promises (as a Python sort key over the rows) and two rows to
# insert mid-walk: ``ahead`` sorts after everything (the walk must reach it), ``behind`` before.
def by_due_date(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r["due_date"], r["id"]))


def by_due_date_descending(rows: list[Row]) -> list[Row]:
    return sorted(sorted(rows, key=lambda r: r["id"]), key=lambda r: r["due_date"], reverse=True)


def by_title_then_id_descending(rows: list[Row]) -> list[Row]:
    return sorted(sorted(rows, key=lambda r: r["id"], reverse=True), key=lambda r: r["title"])


SORTS = {
    "default": (
        {},
        by_due_date,
        {"due_date": "2015-12-31"},
        {"due_date": "2012-06-01"},
    ),
    "-due_date": (
        {"sort": "-due_date"},
        by_due_date_descending,
        {"due_date": "2012-06-01"},
        {"due_date": "2015-12-31"},
    ),
    "title,-id": (
        {"sort": "title,-id"},
        by_title_then_id_descending,
        {"title": "zulu"},
        {"title": "aardvark"},
    ),
}
DUE_DATES = ["2013-01-31", "2013-01-31", "2013-01-31", "2013-05-31", "2014-02-28", "2014-02-28"]
TITLES = ["bravo", "charlie", "bravo", "delta", "charlie", "bravo"]


async def seven_milestones(client: httpx.AsyncClient, team: Row) -> list[Row]:
    """Ties on both due_date and title, so the id tie-break is exercised."""
    rows = [
        await make_milestone(client, team, due_date=due, title=title)
        for due, title in zip(DUE_DATES, TITLES, strict=True)
    ]
    rows.append(await make_milestone(client, team, due_date="2013-05-31", title="echo"))
    return rows


class TestCursorPagination:
    @pytest.mark.parametrize("sort", list(SORTS))
    async def test_walk_returns_every_row_once_in_order(
        self, client: httpx.AsyncClient, sort: str
    ) -> None:
        query, order, _, _ = SORTS[sort]
        rows = await seven_milestones(client, await make_team(client))
        walked = await walk(client, {**query, "limit": 2})
        assert ids(walked) == ids(order(rows))

    @pytest.mark.parametrize("sort", list(SORTS))
    async def test_rows_inserted_between_pages_cause_no_duplicates_or_gaps(
        self, client: httpx.AsyncClient, sort: str
    ) -> None:
        query, order, ahead, behind = SORTS[sort]
        team = await make_team(client)
        rows = await seven_milestones(client, team)
        inserted: list[Row] = []

        async def insert() -> None:
            inserted.append(await make_milestone(client, team, **ahead))
            inserted.append(await make_milestone(client, team, **behind))

        walked = await walk(client, {**query, "limit": 3}, between_pages=insert)
        assert len(ids(walked)) == len(set(ids(walked)))
        assert set(ids(rows)) | {inserted[0]["id"]} == set(ids(walked))
        assert ids(walked) == ids(order(walked))

    @pytest.mark.parametrize(
        "sort",
        [
            "due_date",
            "-due_date",
            "title",
            "-title",
            "status",
            "-status",
            "created_at",
            "-created_at",
        ],
    )
    async def test_small_pages_agree_with_one_big_page(
        self, client: httpx.AsyncClient, sort: str
    ) -> None:
        team = await make_team(client)
        await seven_milestones(client, team)
        await make_milestone(client, team, status="achieved", completed_date="2013-01-01")
        whole = await list_page(client, sort=sort, limit=500)
        assert whole["next_cursor"] is None
        assert ids(await walk(client, {"sort": sort, "limit": 2})) == ids(whole["items"])

    async def test_page_size_is_the_limit(self, client: httpx.AsyncClient) -> None:
        await seven_milestones(client, await make_team(client))
        page = await list_page(client, limit=3)
        assert len(page["items"]) == 3
        assert page["next_cursor"]

    async def test_default_limit_is_fifty(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        for _ in range(51):
            await make_milestone(client, team)
        page = await list_page(client)
        assert (len(page["items"]), page["next_cursor"] is not None) == (50, True)


LINK = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')


class TestLinkHeader:
    async def test_link_points_at_the_next_page(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        rows = [await make_milestone(client, team) for _ in range(3)]
        first = await client.get(MILESTONES, params={"limit": 2, "team_id": team["id"]})
        match = LINK.match(first.headers["link"])
        assert match is not None, first.headers["link"]
        url = urlsplit(match["url"])
        assert url.path == MILESTONES
        assert parse_qs(url.query) == {
            "limit": ["2"],
            "team_id": [team["id"]],
            "cursor": [first.json()["next_cursor"]],
        }
        second = await client.get(match["url"])
        assert ids(first.json()["items"] + second.json()["items"]) == ids(by_due_date(rows))

    async def test_no_link_on_the_last_page(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        for _ in range(3):
            await make_milestone(client, team)
        first = (await client.get(MILESTONES, params={"limit": 2})).json()
        last = await client.get(MILESTONES, params={"limit": 2, "cursor": first["next_cursor"]})
        assert last.json()["next_cursor"] is None
        assert "link" not in last.headers


class TestBadQuery:
    async def test_unknown_sort_field(self, client: httpx.AsyncClient) -> None:
        response = await client.get(MILESTONES, params={"sort": "colour"})
        assert_problem(response, 422, "invalid-query", loc=["query", "sort"])

    async def test_garbage_cursor(self, client: httpx.AsyncClient) -> None:
        response = await client.get(MILESTONES, params={"cursor": "not-a-cursor"})
        assert_problem(response, 400, "invalid-cursor", loc=["query", "cursor"])

    async def test_cursor_of_another_sort(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        for _ in range(2):
            await make_milestone(client, team)
        cursor = (await list_page(client, limit=1))["next_cursor"]
        response = await client.get(MILESTONES, params={"cursor": cursor, "sort": "title"})
        assert_problem(response, 400, "invalid-cursor", loc=["query", "cursor"])

    @pytest.mark.parametrize("limit", [0, 501])
    async def test_limit_out_of_range(self, client: httpx.AsyncClient, limit: int) -> None:
        response = await client.get(MILESTONES, params={"limit": limit})
        assert_problem(response, 422, "validation-error", loc=["query", "limit"])

    async def test_unknown_query_parameter(self, client: httpx.AsyncClient) -> None:
        response = await client.get(MILESTONES, params={"colour": "red"})
        assert_problem(response, 422, "validation-error", loc=["query", "colour"])

    async def test_filter_of_the_wrong_type(self, client: httpx.AsyncClient) -> None:
        response = await client.get(MILESTONES, params={"due_from": "last tuesday"})
        assert_problem(response, 422, "validation-error", loc=["query", "due_from"])


class TestFilters:
    async def test_team_id(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        other = await make_team(client, programme)
        mine = await make_milestone(client, team)
        await make_milestone(client, other)
        page = await list_page(client, team_id=team["id"])
        assert ids(page["items"]) == [mine["id"]]

    async def test_status(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        await make_milestone(client, team)
        missed = await make_milestone(client, team, status="missed")
        page = await list_page(client, status="missed")
        assert ids(page["items"]) == [missed["id"]]

    async def test_due_from_and_due_to_are_inclusive(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        dues = ["2013-01-31", "2013-02-01", "2013-02-28", "2013-03-01"]
        rows = [await make_milestone(client, team, due_date=d) for d in dues]
        page = await list_page(client, due_from="2013-02-01", due_to="2013-02-28")
        assert ids(page["items"]) == ids(rows[1:3])

    async def test_filters_combine(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        other = await make_team(client, programme)
        await make_milestone(client, other, status="missed")
        await make_milestone(client, team)
        mine = await make_milestone(client, team, status="missed")
        page = await list_page(client, team_id=team["id"], status="missed")
        assert ids(page["items"]) == [mine["id"]]


class TestSearch:
    TITLES = (
        "Diagnostic report agreed",
        "100% of staff trained",
        "1000 staff trained",
        "peer_review done",
        "peerXreview done",
    )

    async def titled(self, client: httpx.AsyncClient) -> dict[str, str]:
        team = await make_team(client)
        return {t: (await make_milestone(client, team, title=t))["id"] for t in self.TITLES}

    async def test_case_insensitive(self, client: httpx.AsyncClient) -> None:
        rows = await self.titled(client)
        page = await list_page(client, q="DIAGNOSTIC")
        assert ids(page["items"]) == [rows["Diagnostic report agreed"]]

    async def test_percent_is_literal(self, client: httpx.AsyncClient) -> None:
        rows = await self.titled(client)
        page = await list_page(client, q="100%")
        assert ids(page["items"]) == [rows["100% of staff trained"]]

    async def test_underscore_is_literal(self, client: httpx.AsyncClient) -> None:
        rows = await self.titled(client)
        page = await list_page(client, q="peer_review")
        assert ids(page["items"]) == [rows["peer_review done"]]

    async def test_matches_anywhere_in_the_title(self, client: httpx.AsyncClient) -> None:
        rows = await self.titled(client)
        page = await list_page(client, q="staff trained")
        assert set(ids(page["items"])) == {
            rows["1000 staff trained"],
            rows["100% of staff trained"],
        }


# ---- writes, ETags and conditional requests ------------------------------------------------------


class TestCreate:
    async def test_created_with_location_and_etag(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        response = await client.post(MILESTONES, json=milestone_body(team))
        assert response.status_code == 201, response.text
        created = response.json()
        fetched = await client.get(response.headers["location"])
        assert response.headers["location"] == f"{MILESTONES}/{created['id']}"
        assert fetched.status_code == 200
        assert fetched.json() == created
        assert response.headers["etag"] == fetched.headers["etag"] == f'"{created["version"]}"'

    async def test_new_row_has_the_common_fields(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client)
        assert milestone["ref"] == milestone["id"]
        assert milestone["version"] == 1
        assert milestone["created_at"] <= milestone["updated_at"]
        assert milestone["created_at"].endswith(("+00:00", "Z"))

    async def test_unknown_body_field_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        async with unchanged(db, "milestones"):
            response = await client.post(MILESTONES, json=milestone_body(team, colour="red"))
        body = assert_problem(response, 422, "validation-error", "colour")
        assert [e["type"] for e in body["errors"]] == ["extra_forbidden"]

    async def test_missing_required_field_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = milestone_body(team)
        del body["title"]
        async with unchanged(db, "milestones"):
            response = await client.post(MILESTONES, json=body)
        assert_problem(response, 422, "validation-error", "title")

    async def test_malformed_json_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            MILESTONES, content=b"{not json", headers={"content-type": "application/json"}
        )
        assert_problem(response, 422, "validation-error")


class TestConditionalGet:
    async def test_row_with_current_etag_is_not_modified(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client)
        url = f"{MILESTONES}/{milestone['id']}"
        tag = (await client.get(url)).headers["etag"]
        response = await client.get(url, headers={"if-none-match": tag})
        assert (response.status_code, response.content) == (304, b"")
        assert response.headers["etag"] == tag

    async def test_row_with_stale_etag_is_sent(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client)
        url = f"{MILESTONES}/{milestone['id']}"
        tag = (await client.get(url)).headers["etag"]
        await client.patch(url, json={"title": "Changed"})
        response = await client.get(url, headers={"if-none-match": tag})
        assert response.status_code == 200
        assert response.json()["title"] == "Changed"

    async def test_list_with_current_etag_is_not_modified(self, client: httpx.AsyncClient) -> None:
        await make_milestone(client)
        tag = (await client.get(MILESTONES)).headers["etag"]
        response = await client.get(MILESTONES, headers={"if-none-match": tag})
        assert (response.status_code, response.content) == (304, b"")

    async def test_list_etag_changes_with_its_rows(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client)
        tag = (await client.get(MILESTONES)).headers["etag"]
        await client.patch(f"{MILESTONES}/{milestone['id']}", json={"title": "Changed"})
        response = await client.get(MILESTONES, headers={"if-none-match": tag})
        assert response.status_code == 200
        assert response.headers["etag"] != tag


class TestIfMatch:
    async def test_patch_with_stale_etag_is_refused(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client, title="Original")
        url = f"{MILESTONES}/{milestone['id']}"
        stale = (await client.get(url)).headers["etag"]
        await client.patch(url, json={"description": "someone else's change"})
        response = await client.patch(url, json={"title": "Mine"}, headers={"if-match": stale})
        assert_problem(response, 412, "precondition-failed", loc=["header", "If-Match"])
        after = (await client.get(url)).json()
        assert (after["title"], after["version"]) == ("Original", 2)

    async def test_patch_with_current_etag_bumps_the_version(
        self, client: httpx.AsyncClient
    ) -> None:
        milestone = await make_milestone(client)
        url = f"{MILESTONES}/{milestone['id']}"
        current = (await client.get(url)).headers["etag"]
        response = await client.patch(url, json={"title": "Mine"}, headers={"if-match": current})
        assert response.status_code == 200, response.text
        assert response.json()["version"] == milestone["version"] + 1
        assert response.headers["etag"] == f'"{milestone["version"] + 1}"'
        assert response.json()["updated_at"] > milestone["updated_at"]

    async def test_delete_with_stale_etag_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        milestone = await make_milestone(client)
        url = f"{MILESTONES}/{milestone['id']}"
        await client.patch(url, json={"title": "Changed"})
        async with unchanged(db, "milestones"):
            response = await client.delete(url, headers={"if-match": '"1"'})
        assert_problem(response, 412, "precondition-failed", loc=["header", "If-Match"])


class TestMergePatch:
    async def test_null_clears_an_optional_field(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client, status="in_progress", completed_date="2013-03-01")
        url = f"{MILESTONES}/{milestone['id']}"
        response = await client.patch(url, json={"completed_date": None, "team_id": None})
        assert response.status_code == 200, response.text
        after = (await client.get(url)).json()
        assert (after["completed_date"], after["team_id"]) == (None, None)

    async def test_null_for_a_required_field_is_refused(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client)
        url = f"{MILESTONES}/{milestone['id']}"
        response = await client.patch(url, json={"title": None})
        assert_problem(response, 422, "rule-broken", "title")
        assert (await client.get(url)).json()["title"] == milestone["title"]

    async def test_absent_fields_are_left_alone(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client, description="Keep me")
        response = await client.patch(
            f"{MILESTONES}/{milestone['id']}", json={"title": "New title"}
        )
        assert response.json()["description"] == "Keep me"
        assert response.json()["due_date"] == milestone["due_date"]

    async def test_merge_patch_media_type_is_accepted(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client)
        response = await client.patch(
            f"{MILESTONES}/{milestone['id']}",
            content=b'{"title": "Via merge patch"}',
            headers={"content-type": "application/merge-patch+json"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["title"] == "Via merge patch"

    async def test_unknown_body_field_is_refused(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client)
        response = await client.patch(f"{MILESTONES}/{milestone['id']}", json={"colour": "red"})
        body = assert_problem(response, 422, "validation-error", "colour")
        assert [e["type"] for e in body["errors"]] == ["extra_forbidden"]

    async def test_missing_row_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.patch(f"{MILESTONES}/no-such-milestone", json={"title": "x"})
        assert_problem(response, 404, "not-found", loc=["path", "milestone_id"])


class TestDelete:
    async def test_deleted_row_is_gone(self, client: httpx.AsyncClient, db: Database) -> None:
        milestone = await make_milestone(client)
        url = f"{MILESTONES}/{milestone['id']}"
        response = await client.delete(url)
        assert (response.status_code, response.content) == (204, b"")
        assert_problem(await client.get(url), 404, "not-found", loc=["path", "milestone_id"])

    async def test_delete_with_current_etag(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client)
        url = f"{MILESTONES}/{milestone['id']}"
        response = await client.delete(url, headers={"if-match": '"1"'})
        assert response.status_code == 204

    async def test_deleting_a_missing_row_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.delete(f"{MILESTONES}/no-such-milestone")
        assert_problem(response, 404, "not-found", loc=["path", "milestone_id"])

    async def test_over_long_id_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{MILESTONES}/{'x' * 37}")
        assert_problem(response, 422, "validation-error", loc=["path", "milestone_id"])


# ---- nested routes -------------------------------------------------------------------------------


class TestTeamPartners:
    async def test_list_shows_only_the_parents_rows(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        mine = await make_partner(client, team)
        await make_partner(client)
        page = (await client.get(f"{API}/teams/{team['id']}/partners")).json()
        assert ids(page["items"]) == [mine["id"]]

    async def test_create_takes_the_parent_from_the_path(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        org = await make_organisation(client)
        response = await client.post(
            f"{API}/teams/{team['id']}/partners",
            json={"organisation_id": org["id"], "role": "partner"},
        )
        assert response.status_code == 201, response.text
        assert response.json()["team_id"] == team["id"]
        fetched = await client.get(response.headers["location"])
        assert fetched.json() == response.json()

    async def test_parent_cannot_be_given_in_the_body(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        org = await make_organisation(client)
        response = await client.post(
            f"{API}/teams/{team['id']}/partners",
            json={"organisation_id": org["id"], "role": "partner", "team_id": team["id"]},
        )
        assert_problem(response, 422, "validation-error", "team_id")

    @pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
    async def test_row_of_another_parent_is_not_found(
        self, client: httpx.AsyncClient, db: Database, method: str
    ) -> None:
        partner = await make_partner(client)
        other = await make_team(client)
        url = f"{API}/teams/{other['id']}/partners/{partner['id']}"
        body = {"role": "other"} if method == "PATCH" else None
        async with unchanged(db, "team_partners"):
            response = await client.request(method, url, json=body)
        assert_problem(response, 404, "not-found", loc=["path", "partner_id"])
        own = f"{API}/teams/{partner['team_id']}/partners/{partner['id']}"
        assert (await client.get(own)).json()["role"] == "partner"

    async def test_list_under_a_missing_parent_is_not_found(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get(f"{API}/teams/no-such-team/partners")
        assert_problem(response, 404, "not-found", loc=["path", "team_id"])

    async def test_create_under_a_missing_parent_is_not_found(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        org = await make_organisation(client)
        async with unchanged(db, "team_partners"):
            response = await client.post(
                f"{API}/teams/no-such-team/partners",
                json={"organisation_id": org["id"], "role": "partner"},
            )
        assert_problem(response, 404, "not-found", loc=["path", "team_id"])


class TestIndicatorPeriods:
    async def test_list_shows_only_the_parents_rows(self, client: httpx.AsyncClient) -> None:
        indicator = await make_indicator(client)
        mine = await make_period(client, indicator)
        await make_period(client)
        page = (await client.get(f"{API}/indicators/{indicator['id']}/periods")).json()
        assert ids(page["items"]) == [mine["id"]]

    async def test_create_takes_the_parent_from_the_path(self, client: httpx.AsyncClient) -> None:
        indicator = await make_indicator(client)
        response = await client.post(
            f"{API}/indicators/{indicator['id']}/periods",
            json={"period_start": "2013-04-01", "period_end": "2013-06-30"},
        )
        assert response.status_code == 201, response.text
        assert response.json()["indicator_id"] == indicator["id"]
        fetched = await client.get(response.headers["location"])
        assert fetched.json() == response.json()

    @pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
    async def test_row_of_another_parent_is_not_found(
        self, client: httpx.AsyncClient, db: Database, method: str
    ) -> None:
        period = await make_period(client)
        other = await make_indicator(client)
        url = f"{API}/indicators/{other['id']}/periods/{period['id']}"
        body = {"comment": "moved"} if method == "PATCH" else None
        async with unchanged(db, "indicator_periods"):
            response = await client.request(method, url, json=body)
        assert_problem(response, 404, "not-found", loc=["path", "period_id"])

    async def test_list_under_a_missing_parent_is_not_found(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get(f"{API}/indicators/no-such-indicator/periods")
        assert_problem(response, 404, "not-found", loc=["path", "indicator_id"])

    async def test_create_under_a_missing_parent_is_not_found(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        async with unchanged(db, "indicator_periods"):
            response = await client.post(
                f"{API}/indicators/no-such-indicator/periods",
                json={"period_start": "2013-04-01", "period_end": "2013-06-30"},
            )
        assert_problem(response, 404, "not-found", loc=["path", "indicator_id"])


# ---- every response matches its documented schema ------------------------------------------------


async def one_of_each(client: httpx.AsyncClient, resource: str) -> tuple[Row, str]:
    """A row of ``resource`` with its optional parts filled in, and its collection's path."""
    team = await make_team(client)
    match resource:
        case "programmes":
            series = await make_programme(client)
            row = await make_programme(client, parent_id=series["id"], round=3, aims=["Exemplars"])
            return row, "/programmes"
        case "organisations":
            return await make_organisation(client, postcode="OX3 9DU"), "/organisations"
        case "teams":
            return team, "/teams"
        case "team-partners":
            return await make_partner(client, team), f"/teams/{team['id']}/partners"
        case "quality-goals":
            return await make_quality_goal(client, team, corporate_lead="HR"), "/quality-goals"
        case "indicators":
            return await make_indicator(client, baseline_value=21.5), "/indicators"
        case "indicator-periods":
            indicator = await make_indicator(client)
            return await make_period(client, indicator), f"/indicators/{indicator['id']}/periods"
        case "awards":
            return await make_award(client, team, amount_pence=40_000_000), "/awards"
        case "award-amendments":
            row = await make_amendment(client, new_end_date="2015-12-31")
            return row, "/award-amendments"
        case "budget-lines":
            row = await make_budget_line(client, description="Project nurse, 0.6 WTE")
            return row, "/budget-lines"
        case "spend-reports":
            row = await make_spend_report(client, narrative="On plan", submitted_on="2014-04-22")
            return row, "/spend-reports"
        case "spend-lines":
            return await make_spend_line(client, amount_pence=0), "/spend-lines"
        case "payments":
            return await make_payment(client, status="paid", paid_date="2012-07-03"), "/payments"
        case "milestones":
            first = await make_milestone(client, team)
            return await make_milestone(client, team, depends_on_ids=[first["id"]]), "/milestones"
        case "support-activities":
            row = await make_support(client, team, hours=12.5, participant_count=6)
            return row, "/support-activities"
        case "evidence":
            return await make_evidence(client, team, is_exemplar=True), "/evidence"
        case "sustainability-checkins":
            row = await make_checkin(client, team, note="Still running")
            return row, "/sustainability-checkins"
    raise AssertionError(f"one_of_each makes no row of {resource}: add one")


READ_SCHEMAS: dict[str, type[BaseModel]] = {res.name: res.read for res in RESOURCES}


class TestReadSchemas:
    @pytest.mark.parametrize("resource", list(READ_SCHEMAS))
    async def test_created_row_matches_the_read_schema(
        self, client: httpx.AsyncClient, resource: str
    ) -> None:
        row, _ = await one_of_each(client, resource)
        READ_SCHEMAS[resource].model_validate(row)

    @pytest.mark.parametrize("resource", list(READ_SCHEMAS))
    async def test_fetched_row_matches_the_read_schema(
        self, client: httpx.AsyncClient, resource: str
    ) -> None:
        row, path = await one_of_each(client, resource)
        fetched = (await client.get(f"{API}{path}/{row['id']}")).json()
        READ_SCHEMAS[resource].model_validate(fetched)
        assert fetched == row

    @pytest.mark.parametrize("resource", list(READ_SCHEMAS))
    async def test_listed_rows_match_the_read_schema(
        self, client: httpx.AsyncClient, resource: str
    ) -> None:
        row, path = await one_of_each(client, resource)
        page = (await client.get(f"{API}{path}", params={"limit": 500})).json()
        assert page["items"]
        for item in page["items"]:
            READ_SCHEMAS[resource].model_validate(item)
        assert row in page["items"]


# ---- the OpenAPI document ------------------------------------------------------------------------


async def openapi(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    spec: dict[str, Any] = response.json()
    return spec


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, ops in spec["paths"].items()
        if path.startswith(API)
        for method, op in ops.items()
    ]


NOT_CRUD = (
    "/auth/",
    "/users",
    "/api-keys",
    "/audit-events",
    "/feed-tokens",
    "/webhook-endpoints",
    "/me/",
)


def expected_problems(method: str, path: str) -> set[str]:
    """Which problem statuses an operation can return: 404 wherever a path id is looked up;
    400 (credentials in the URL), 401 and 403 everywhere but sign-in; 413/415 with a body."""
    if path == f"{API}/auth/login":
        return {"400", "401", "413", "415", "422", "429"}
    if path.startswith(f"{API}/calendar/"):
        # The token in the path is the only credential: unknown or revoked is a 404.
        return {"400", "404", "422"}
    refusals = {"400", "401", "403"}
    body = {"413", "415"} if method in ("POST", "PATCH") else set()
    on_item = path.endswith("}")
    if path.startswith(tuple(f"{API}{p}" for p in NOT_CRUD)):
        return refusals | body | {"422"} | ({"404"} if on_item else set())
    nested = path.count("{") - on_item > 0
    expected = {
        ("GET", False): {"422"},
        ("POST", False): {"409", "422"},
        ("GET", True): {"404", "422"},
        ("PATCH", True): {"404", "409", "412", "422"},
        ("DELETE", True): {"404", "409", "412", "422"},
    }[(method, on_item)]
    return expected | refusals | body | ({"404"} if nested else set())


class TestOpenAPI:
    async def test_every_operation_lists_its_problem_responses(
        self, client: httpx.AsyncClient
    ) -> None:
        spec = await openapi(client)
        missing = {
            f"{method} {path}": sorted(expected_problems(method, path) - set(op["responses"]))
            for method, path, op in operations(spec)
        }
        assert {k: v for k, v in missing.items() if v} == {}

    async def test_problem_responses_are_documented_as_problem_json(
        self, client: httpx.AsyncClient
    ) -> None:
        spec = await openapi(client)
        wrong = [
            f"{method} {path} {status}"
            for method, path, op in operations(spec)
            for status, response in op["responses"].items()
            if status.startswith(("4", "5"))
            and response.get("content")
            != {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        ]
        assert wrong == []

    async def test_every_schema_property_has_a_description(self, client: httpx.AsyncClient) -> None:
        schemas = (await openapi(client))["components"]["schemas"]

        def described(definition: dict[str, Any]) -> bool:
            # Pydantic leaves a $ref's description off when it repeats the target's own.
            target = definition.get("$ref", "").rpartition("/")[2]
            return bool(definition.get("description") or schemas.get(target, {}).get("description"))

        undescribed = [
            f"{name}.{prop}"
            for name, schema in schemas.items()
            for prop, definition in schema.get("properties", {}).items()
            if not described(definition)
        ]
        assert undescribed == []

    async def test_every_scalar_property_has_an_example(self, client: httpx.AsyncClient) -> None:
        schemas = (await openapi(client))["components"]["schemas"]

        def nested(definition: dict[str, Any]) -> bool:
            options = [definition, *definition.get("anyOf", [])]
            return any("$ref" in o or "$ref" in o.get("items", {}) for o in options)

        without = [
            f"{name}.{prop}"
            for name, schema in schemas.items()
            for prop, definition in schema.get("properties", {}).items()
            if not nested(definition) and not definition.get("examples")
        ]
        assert without == []

    async def test_every_resource_is_documented(self, client: httpx.AsyncClient) -> None:
        spec = await openapi(client)
        paths = {path for _, path, _ in operations(spec)}
        assert paths >= {
            f"{API}{p}"
            for p in (
                "/programmes",
                "/organisations",
                "/teams",
                "/teams/{team_id}/partners",
                "/quality-goals",
                "/indicators",
                "/indicators/{indicator_id}/periods",
                "/awards",
                "/payments",
                "/milestones",
                "/support-activities",
                "/evidence",
            )
        }
