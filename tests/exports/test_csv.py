"""GET /api/v1/<resource>?format=csv: every matching row, streamed, formulas escaped."""

import csv
import io

import httpx
import pytest

from tests.factories import API, make_milestone, make_team
from tests.imports.data import load_programme

pytestmark = pytest.mark.anyio


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


class TestCsvExport:
    async def test_format_csv_streams_every_row(self, client: httpx.AsyncClient) -> None:
        await load_programme(client, teams=60)
        response = await client.get(f"{API}/teams", params={"format": "csv"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        got = rows(response.text)
        assert len(got) == 60  # not a page: limit and cursor do not apply
        assert got[0]["programme_ref"] == "sp" and got[0]["lead_organisation_ref"] == "lead"

    async def test_accept_text_csv(self, client: httpx.AsyncClient) -> None:
        await load_programme(client, teams=2)
        response = await client.get(f"{API}/awards", headers={"Accept": "text/csv"})
        assert [r["identifier"] for r in rows(response.text)] == ["360G-TEST-000", "360G-TEST-001"]

    async def test_filters_apply(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        other = await make_team(client)
        await make_milestone(client, team, title="mine")
        await make_milestone(client, other, title="theirs")
        response = await client.get(
            f"{API}/milestones", params={"format": "csv", "team_id": team["id"]}
        )
        assert [r["title"] for r in rows(response.text)] == ["mine"]

    async def test_unknown_format_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/teams", params={"format": "xml"})
        assert response.status_code == 422

    @pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)"])
    async def test_formula_injection_is_escaped(self, client: httpx.AsyncClient, text: str) -> None:
        await make_milestone(client, title=text)
        response = await client.get(f"{API}/milestones", params={"format": "csv"})
        assert rows(response.text)[0]["title"] == "'" + text

    async def test_numbers_are_not_escaped(self, client: httpx.AsyncClient) -> None:
        await load_programme(client, teams=1)
        got = rows((await client.get(f"{API}/awards", params={"format": "csv"})).text)
        assert got[0]["amount_pence"] == "42000000"
