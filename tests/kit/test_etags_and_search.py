import httpx
import pytest

from tests.factories import make_award, make_payment, make_programme, make_team

pytestmark = pytest.mark.anyio
API = "/api/v1"


class TestComputedFieldsInTheETag:
    async def test_an_award_etag_changes_when_its_programme_cap_does(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        award = await make_award(
            client, await make_team(client, programme), amount_pence=40_000_000
        )
        first = await client.get(f"{API}/awards/{award['id']}")
        await client.patch(
            f"{API}/programmes/{programme['id']}", json={"award_cap_pence": 41_000_000}
        )
        again = await client.get(
            f"{API}/awards/{award['id']}", headers={"If-None-Match": first.headers["ETag"]}
        )
        assert again.status_code == 200
        assert again.json()["cap_difference_pence"] == 1_000_000
        assert again.json()["version"] == first.json()["version"]

    async def test_a_write_with_that_etag_checks_the_row_version(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        tag = (await client.get(f"{API}/awards/{award['id']}")).headers["ETag"]
        ok = await client.patch(
            f"{API}/awards/{award['id']}", json={"status": "active"}, headers={"If-Match": tag}
        )
        stale = await client.patch(
            f"{API}/awards/{award['id']}", json={"status": "closed"}, headers={"If-Match": tag}
        )
        assert (ok.status_code, stale.status_code) == (200, 412)


class TestSearchOnlyWhereThereIsText:
    async def test_q_on_a_list_without_text_is_refused(self, client: httpx.AsyncClient) -> None:
        await make_payment(client)
        response = await client.get(f"{API}/payments", params={"q": "anything"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["query", "q"]
