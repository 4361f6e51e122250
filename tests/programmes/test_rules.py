"""Programme rules: the window's dates in order, unique codes, references and deletes."""

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import (
    API,
    make_award,
    make_organisation,
    make_programme,
    make_team,
    programme_body,
)

pytestmark = pytest.mark.anyio


class TestDatesInOrder:
    async def test_start_equal_to_end_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        funder = await make_organisation(client, kind="funder")
        body = programme_body(funder, start_date="2012-06-01", end_date="2012-06-01")
        async with unchanged(db, "programmes"):
            response = await client.post(f"{API}/programmes", json=body)
        assert_problem(response, 422, "dates-out-of-order", "end_date")

    async def test_start_after_end_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        funder = await make_organisation(client, kind="funder")
        body = programme_body(funder, start_date="2015-12-31", end_date="2012-06-01")
        async with unchanged(db, "programmes"):
            response = await client.post(f"{API}/programmes", json=body)
        assert_problem(response, 422, "dates-out-of-order", "end_date")

    async def test_patch_moving_end_before_start_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        url = f"{API}/programmes/{programme['id']}"
        response = await client.patch(url, json={"end_date": "2012-01-01"})
        assert_problem(response, 422, "dates-out-of-order", "end_date")
        assert (await client.get(url)).json()["end_date"] == programme["end_date"]

    async def test_start_before_end_is_accepted(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client, start_date="2012-06-01", end_date="2012-06-02")
        assert programme["end_date"] == "2012-06-02"


class TestTermsStillFitTheRows:
    async def test_max_teams_below_the_teams_it_has_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client, max_teams=3)
        await make_team(client, programme)
        await make_team(client, programme)
        url = f"{API}/programmes/{programme['id']}"
        response = await client.patch(url, json={"max_teams": 1})
        assert_problem(response, 409, "too-many-teams", "max_teams")
        assert (await client.get(url)).json()["max_teams"] == 3

    async def test_max_teams_equal_to_the_teams_it_has_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client, max_teams=3)
        await make_team(client, programme)
        await make_team(client, programme)
        response = await client.patch(f"{API}/programmes/{programme['id']}", json={"max_teams": 2})
        assert response.status_code == 200, response.text

    async def test_currency_change_under_existing_awards_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        team = (await client.get(f"{API}/teams/{award['team_id']}")).json()
        url = f"{API}/programmes/{team['programme_id']}"
        response = await client.patch(url, json={"currency": "EUR"})
        assert_problem(response, 422, "currency-mismatch", "currency")
        assert (await client.get(url)).json()["currency"] == "GBP"

    async def test_currency_change_without_awards_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        await make_team(client, programme)
        response = await client.patch(
            f"{API}/programmes/{programme['id']}", json={"currency": "EUR"}
        )
        assert response.status_code == 200, response.text


class TestUniqueKeys:
    async def test_duplicate_code_is_a_conflict(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        existing = await make_programme(client)
        funder = await make_organisation(client, kind="funder")
        async with unchanged(db, "programmes"):
            response = await client.post(
                f"{API}/programmes", json=programme_body(funder, code=existing["code"])
            )
        assert_problem(response, 409, "conflict", "code")

    async def test_duplicate_ref_is_a_conflict(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await make_programme(client, ref="shared-purpose")
        funder = await make_organisation(client, kind="funder")
        async with unchanged(db, "programmes"):
            response = await client.post(
                f"{API}/programmes", json=programme_body(funder, ref="shared-purpose")
            )
        assert_problem(response, 409, "conflict", "ref")


class TestReferences:
    async def test_missing_funder_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        body = programme_body({"id": "no-such-organisation"})
        async with unchanged(db, "programmes"):
            response = await client.post(f"{API}/programmes", json=body)
        assert_problem(response, 422, "invalid-reference", "funder_id")

    async def test_missing_parent_programme_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        funder = await make_organisation(client, kind="funder")
        body = programme_body(funder, parent_id="no-such-programme")
        async with unchanged(db, "programmes"):
            response = await client.post(f"{API}/programmes", json=body)
        assert_problem(response, 422, "invalid-reference", "parent_id")


class TestDelete:
    async def test_programme_with_teams_is_in_use(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        async with unchanged(db, "programmes", "teams"):
            response = await client.delete(f"{API}/programmes/{team['programme_id']}")
        assert_problem(response, 409, "in-use")

    async def test_series_with_rounds_is_in_use(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        series = await make_programme(client)
        await make_programme(client, parent_id=series["id"], round=3)
        async with unchanged(db, "programmes"):
            response = await client.delete(f"{API}/programmes/{series['id']}")
        assert_problem(response, 409, "in-use")

    async def test_unused_programme_is_deleted(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        programme = await make_programme(client)
        response = await client.delete(f"{API}/programmes/{programme['id']}")
        assert response.status_code == 204
        assert (await client.get(f"{API}/programmes/{programme['id']}")).status_code == 404
