"""Organisation rules: org_identifier and ref are unique; an organisation in use stays."""

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import API, make_organisation, make_partner, make_programme, make_team

pytestmark = pytest.mark.anyio


def organisation_body(**kw: str) -> dict[str, str]:
    return {
        "name": "Oxford University Hospitals",
        "org_identifier": "GB-NHS-RTH",
        "kind": "nhs_trust",
    } | kw


class TestUniqueOrgIdentifier:
    async def test_duplicate_org_identifier_is_a_conflict(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await make_organisation(client, org_identifier="GB-NHS-RTH")
        async with unchanged(db, "organisations"):
            response = await client.post(f"{API}/organisations", json=organisation_body())
        assert_problem(response, 409, "conflict", "org_identifier")

    async def test_patch_to_a_taken_org_identifier_is_a_conflict(
        self, client: httpx.AsyncClient
    ) -> None:
        await make_organisation(client, org_identifier="GB-NHS-RTH")
        other = await make_organisation(client)
        url = f"{API}/organisations/{other['id']}"
        response = await client.patch(url, json={"org_identifier": "GB-NHS-RTH"})
        assert_problem(response, 409, "conflict", "org_identifier")
        assert (await client.get(url)).json()["org_identifier"] == other["org_identifier"]

    async def test_patch_keeping_its_own_org_identifier_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        org = await make_organisation(client)
        response = await client.patch(
            f"{API}/organisations/{org['id']}", json={"org_identifier": org["org_identifier"]}
        )
        assert response.status_code == 200, response.text

    async def test_malformed_org_identifier_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        async with unchanged(db, "organisations"):
            response = await client.post(
                f"{API}/organisations", json=organisation_body(org_identifier="RTH")
            )
        assert_problem(response, 422, "validation-error", "org_identifier")


class TestUniqueRef:
    async def test_duplicate_ref_is_a_conflict(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await make_organisation(client, ref="ouh")
        async with unchanged(db, "organisations"):
            response = await client.post(f"{API}/organisations", json=organisation_body(ref="ouh"))
        assert_problem(response, 409, "conflict", "ref")


class TestDelete:
    async def test_funder_of_a_programme_is_in_use(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        programme = await make_programme(client)
        async with unchanged(db, "organisations"):
            response = await client.delete(f"{API}/organisations/{programme['funder_id']}")
        assert_problem(response, 409, "in-use")

    async def test_lead_of_a_team_is_in_use(self, client: httpx.AsyncClient, db: Database) -> None:
        team = await make_team(client)
        async with unchanged(db, "organisations"):
            response = await client.delete(f"{API}/organisations/{team['lead_organisation_id']}")
        assert_problem(response, 409, "in-use")

    async def test_partner_of_a_team_is_in_use(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        partner = await make_partner(client)
        async with unchanged(db, "organisations", "team_partners"):
            response = await client.delete(f"{API}/organisations/{partner['organisation_id']}")
        assert_problem(response, 409, "in-use")

    async def test_unused_organisation_is_deleted(self, client: httpx.AsyncClient) -> None:
        org = await make_organisation(client)
        assert (await client.delete(f"{API}/organisations/{org['id']}")).status_code == 204
        assert (await client.get(f"{API}/organisations/{org['id']}")).status_code == 404
