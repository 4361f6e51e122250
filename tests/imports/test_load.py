"""Loads through POST /imports: all or nothing, every bad row named, upserts by ref."""

import httpx
import pytest

from api.db import Database
from tests.conftest import count_rows
from tests.factories import API
from tests.imports.data import PAYMENT_COLUMNS, load_programme, payment_rows, table, upload

pytestmark = pytest.mark.anyio

# Line (header = line 1, row k = line k + 2) → (column, bad value, the column blamed, problem).
BAD = {
    19: ("amount_pence", "-5", "amount_pence", "invalid"),
    2502: ("team_ref", "t999", "award_ref", "invalid-reference"),
    4001: ("team_ref", "", "award_ref", "ambiguous-reference"),
    5002: ("paid_date", "", "paid_date", "paid-needs-date"),
    7779: ("scheduled_date", "2013-02-30", "scheduled_date", "invalid"),
    9999: ("amount_pence", "50000000", "amount_pence", "payment-exceeds-award"),
}


def payments_file(bad: bool) -> str:
    rows = payment_rows(10_000)
    if bad:
        for line, (column, value, _, _) in BAD.items():
            rows[line - 2][PAYMENT_COLUMNS.index(column)] = value
        rows[5000][PAYMENT_COLUMNS.index("status")] = "paid"  # line 5002: paid, no date
    return table([PAYMENT_COLUMNS, *rows])


class TestTenThousandRows:
    async def test_bad_rows_write_nothing_and_are_all_named(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await load_programme(client)
        response = await upload(client, {"payments.csv": payments_file(bad=True)})
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["type"] == "/problems/import-rejected"
        report = problem["report"]
        assert report["written"] is False
        assert report["totals"]["rejected"] == len(BAD)
        found = {(e["line"], e["field"], e["type"]) for e in report["errors"]}
        assert found == {(line, field, kind) for line, (_, _, field, kind) in BAD.items()}
        assert all(e["file"] == "payments.csv" and e["message"] for e in report["errors"])
        assert {tuple(e["loc"]) for e in problem["errors"]} == {
            ("payments.csv", line, field) for line, (_, _, field, _) in BAD.items()
        }
        assert await count_rows(db, "payments") == 0

    async def test_fixed_file_loads_then_loads_again_unchanged(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await load_programme(client)
        good = payments_file(bad=False)
        first = await upload(client, {"payments.csv": good})
        assert first.status_code == 200, first.text
        assert first.json()["totals"] == {
            "created": 10_000, "updated": 0, "unchanged": 0, "rejected": 0
        }  # fmt: skip
        assert await count_rows(db, "payments") == 10_000
        page = (await client.get(f"{API}/payments", params={"limit": 1})).json()["items"][0]
        second = await upload(client, {"payments.csv": good})
        assert second.json()["totals"] == {
            "created": 0, "updated": 0, "unchanged": 10_000, "rejected": 0
        }  # fmt: skip
        again = (await client.get(f"{API}/payments/{page['id']}")).json()
        assert (again["version"], again["updated_at"]) == (page["version"], page["updated_at"])

    async def test_a_changed_row_is_updated_and_bumps_its_version(
        self, client: httpx.AsyncClient
    ) -> None:
        await load_programme(client, teams=2)
        rows = payment_rows(4, teams=2)
        await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
        rows[1][PAYMENT_COLUMNS.index("amount_pence")] = 2000
        response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
        assert response.json()["totals"] == {
            "created": 0, "updated": 1, "unchanged": 3, "rejected": 0
        }  # fmt: skip
        listed = (await client.get(f"{API}/payments", params={"limit": 10})).json()["items"]
        changed = [p for p in listed if p["ref"] == "p00001"]
        assert (changed[0]["amount_pence"], changed[0]["version"]) == (2000, 2)


class TestDryRun:
    async def test_counts_without_writing(self, client: httpx.AsyncClient, db: Database) -> None:
        await load_programme(client, teams=2)
        body = table([PAYMENT_COLUMNS, *payment_rows(10, teams=2)])
        response = await upload(client, {"payments.csv": body}, dry_run="true")
        assert response.status_code == 200
        assert response.json()["totals"]["created"] == 10
        assert response.json()["written"] is False
        assert await count_rows(db, "payments") == 0

    async def test_reports_rejections_with_200(self, client: httpx.AsyncClient) -> None:
        await load_programme(client, teams=2)
        rows = payment_rows(3, teams=2)
        rows[0][PAYMENT_COLUMNS.index("amount_pence")] = "many"
        response = await upload(
            client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])}, dry_run="true"
        )
        assert response.status_code == 200
        assert response.json()["status"] == "rejected"
        assert response.json()["totals"]["rejected"] == 1


class TestRulesAcrossRows:
    async def test_payments_in_one_file_cannot_overdraw_their_award(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await load_programme(client, teams=1)
        rows = payment_rows(3, teams=1)
        for row in rows:
            row[PAYMENT_COLUMNS.index("amount_pence")] = 20_000_000  # 3 × £200k > £420k
        response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
        assert response.status_code == 422
        errors = response.json()["report"]["errors"]
        assert [(e["line"], e["type"]) for e in errors] == [(4, "payment-exceeds-award")]
        assert await count_rows(db, "payments") == 0

    async def test_a_ref_given_twice_is_refused(self, client: httpx.AsyncClient) -> None:
        await load_programme(client, teams=1)
        rows = payment_rows(2, teams=1)
        rows[1][0] = rows[0][0]
        response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
        errors = response.json()["report"]["errors"]
        assert [(e["line"], e["field"], e["type"]) for e in errors] == [(3, "ref", "duplicate-ref")]

    async def test_a_ref_given_again_after_a_refused_row_is_named(
        self, client: httpx.AsyncClient
    ) -> None:
        await load_programme(client, teams=1)
        rows = payment_rows(2, teams=1)
        rows[0][PAYMENT_COLUMNS.index("amount_pence")] = "-5"
        rows[1][0] = rows[0][0]
        response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
        errors = response.json()["report"]["errors"]
        assert [(e["line"], e["field"], e["type"]) for e in errors] == [
            (2, "amount_pence", "invalid"),
            (3, "ref", "duplicate-ref"),
        ]

    async def test_milestones_may_name_earlier_rows_of_the_same_file(
        self, client: httpx.AsyncClient
    ) -> None:
        await load_programme(client, teams=1)
        body = table([
            ["ref", "programme_ref", "team_ref", "title", "kind", "due_date", "depends_on_refs"],
            ["m1", "sp", "t000", "Plan", "project", "2013-01-31", ""],
            ["m2", "sp", "t000", "Report", "reporting", "2013-06-30", "m1"],
            ["m3", "sp", "", "Close", "project", "2015-12-31", "m1|m2"],
        ])  # fmt: skip
        response = await upload(client, {"milestones.csv": body})
        assert response.status_code == 200, response.text
        listed = (await client.get(f"{API}/milestones", params={"sort": "due_date"})).json()
        ids = {m["ref"]: m["id"] for m in listed["items"]}
        m3 = next(m for m in listed["items"] if m["ref"] == "m3")
        assert sorted(m3["depends_on_ids"]) == sorted([ids["m1"], ids["m2"]])
        assert m3["team_id"] is None


class TestAudit:
    async def test_a_load_is_one_audit_event(self, client: httpx.AsyncClient) -> None:
        await load_programme(client, teams=1)
        events = (await client.get(f"{API}/audit-events", params={"resource": "imports"})).json()
        assert len(events["items"]) == 1
        assert events["items"][0]["after"]["totals"]["created"] == 5
