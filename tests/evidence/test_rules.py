"""Evidence rules: links are http(s) URLs; team and support activity are the programme's own."""

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import API, evidence_body, make_evidence, make_support, make_team

pytestmark = pytest.mark.anyio


class TestUrlIsHttp:
    @pytest.mark.parametrize(
        "url",
        [
            "ftp://example.org/report.pdf",
            "javascript:alert(1)",
            "http://",
            "https:///no-host",
            "example.org/report.pdf",
            "mailto:team@example.org",
        ],
    )
    async def test_non_http_url_is_refused(
        self, client: httpx.AsyncClient, db: Database, url: str
    ) -> None:
        team = await make_team(client)
        async with unchanged(db, "evidence"):
            response = await client.post(f"{API}/evidence", json=evidence_body(team, url=url))
        assert_problem(response, 422, "url-not-http", "url")

    async def test_patch_to_a_non_http_url_is_refused(self, client: httpx.AsyncClient) -> None:
        evidence = await make_evidence(client)
        url = f"{API}/evidence/{evidence['id']}"
        response = await client.patch(url, json={"url": "javascript:alert(1)"})
        assert_problem(response, 422, "url-not-http", "url")
        assert (await client.get(url)).json()["url"] == evidence["url"]

    @pytest.mark.parametrize("url", ["http://example.org/a", "https://www.health.org.uk/x?y=1"])
    async def test_http_and_https_urls_are_accepted(
        self, client: httpx.AsyncClient, url: str
    ) -> None:
        evidence = await make_evidence(client, url=url)
        assert evidence["url"] == url


class TestWrongProgramme:
    async def test_team_of_another_programme_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        other = await make_team(client)
        async with unchanged(db, "evidence"):
            response = await client.post(
                f"{API}/evidence", json=evidence_body(team, team_id=other["id"])
            )
        assert_problem(response, 422, "wrong-programme", "team_id")

    async def test_support_activity_of_another_programme_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        activity = await make_support(client)
        body = evidence_body(team, support_activity_id=activity["id"])
        async with unchanged(db, "evidence"):
            response = await client.post(f"{API}/evidence", json=body)
        assert_problem(response, 422, "wrong-programme", "support_activity_id")

    async def test_programme_wide_evidence_is_accepted(self, client: httpx.AsyncClient) -> None:
        evidence = await make_evidence(client, team_id=None, is_exemplar=True)
        assert (evidence["team_id"], evidence["is_exemplar"]) == (None, True)


class TestReferences:
    async def test_missing_support_activity_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = evidence_body(team, support_activity_id="no-such-activity")
        async with unchanged(db, "evidence"):
            response = await client.post(f"{API}/evidence", json=body)
        assert_problem(response, 422, "invalid-reference", "support_activity_id")

    async def test_duplicate_ref_within_a_programme_is_a_conflict(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        await make_evidence(client, team, ref="case-study-1")
        async with unchanged(db, "evidence"):
            response = await client.post(
                f"{API}/evidence", json=evidence_body(team, ref="case-study-1")
            )
        assert_problem(response, 409, "conflict", "ref")
