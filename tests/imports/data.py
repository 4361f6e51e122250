"""Files for load tests: a programme of teams with one award each, and payments against them."""

import csv
import io
from typing import Any

import httpx

from tests.factories import API

TEAMS = 100
PAYMENT_COLUMNS = [
    "ref", "programme_ref", "team_ref", "award_ref", "instalment", "scheduled_date",
    "paid_date", "amount_pence", "currency", "status", "milestone_ref",
]  # fmt: skip


def table(rows: list[list[Any]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def programme_files(teams: int = TEAMS) -> dict[str, str]:
    """Organisations, a programme (no team limit), its teams and an award each."""
    return {
        "organisations.csv": table([
            ["ref", "name", "org_identifier", "kind", "postcode", "url"],
            ["thf", "The Health Foundation", "GB-CHC-286967", "funder", "", ""],
            ["lead", "Synthetic Trust (test)", "GB-NHS-TEST1", "nhs_trust", "OX3 9DU", ""],
        ]),
        "programmes.csv": table([
            ["ref", "code", "title", "funder_ref", "start_date", "end_date", "award_cap_pence"],
            ["sp", "CTG-SP", "Shared Purpose (test)", "thf", "2012-06-01", "2015-12-31", 42000000],
        ]),
        "teams.csv": table(
            [["ref", "programme_ref", "lead_organisation_ref", "name", "project_title",
              "provenance"]]
            + [[f"t{i:03d}", "sp", "lead", f"Team {i}", "Project", "synthetic"]
               for i in range(teams)]
        ),
        "awards.csv": table(
            [["ref", "programme_ref", "team_ref", "identifier", "amount_pence", "award_date",
              "planned_start_date", "planned_end_date"]]
            + [["award", "sp", f"t{i:03d}", f"360G-TEST-{i:03d}", 42000000, "2012-06-01",
                "2012-06-01", "2015-12-31"] for i in range(teams)]
        ),
    }  # fmt: skip


def payment_rows(n: int, teams: int = TEAMS) -> list[list[Any]]:
    """``n`` payments of £10 spread over the teams' awards, a third of them paid."""
    rows = []
    for k in range(n):
        paid = k % 3 == 0
        rows.append([
            f"p{k:05d}", "sp", f"t{k % teams:03d}", "award", "interim", "2013-07-01",
            "2013-07-02" if paid else "", 1000, "GBP", "paid" if paid else "scheduled", "",
        ])  # fmt: skip
    return rows


async def upload(
    client: httpx.AsyncClient, files: dict[str, str | bytes], **params: Any
) -> httpx.Response:
    parts = [("file", (name, body)) for name, body in files.items()]
    return await client.post(f"{API}/imports", files=parts, params=params)


async def load_programme(client: httpx.AsyncClient, teams: int = TEAMS) -> None:
    response = await upload(client, dict(programme_files(teams)))
    assert response.status_code == 200, response.text
    assert response.json()["totals"]["rejected"] == 0
