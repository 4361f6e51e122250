"""Every format loads: CSV in common dialects and encodings, XLSX, JSON, NDJSON; background jobs."""

import io
import json

import httpx
import openpyxl
import pytest
from fastapi import FastAPI

from api.db import Database
from tests.conftest import count_rows
from tests.factories import API
from tests.imports.data import load_programme, programme_files, table, upload
from tests.worker.running import work_off

pytestmark = pytest.mark.anyio

ORGS = [
    ["ref", "name", "org_identifier", "kind"],
    ["cafe", "Café Zoë Trust – “quoted” £", "GB-CHC-100001", "charity"],
    ["naive", "Naïve, Crème Brûlée Ltd", "GB-COH-100002", "company"],
]


async def names(client: httpx.AsyncClient) -> list[str]:
    body = (await client.get(f"{API}/organisations", params={"sort": "name"})).json()
    return [o["name"] for o in body["items"]]


class TestCsvDialectsAndEncodings:
    @pytest.mark.parametrize(
        ("delimiter", "encoding"),
        [(";", "utf-8"), ("\t", "utf-8"), (",", "utf-8-sig"), (";", "cp1252"), ("|", "utf-8")],
        ids=["semicolon", "tab", "utf8-bom", "cp1252", "pipe"],
    )
    async def test_loads_exactly(
        self, client: httpx.AsyncClient, delimiter: str, encoding: str
    ) -> None:
        body = table(ORGS, delimiter).encode(encoding)
        response = await upload(client, {"organisations.csv": body})
        assert response.status_code == 200, response.text
        assert response.json()["totals"]["created"] == 2
        assert await names(client) == sorted(row[1] for row in ORGS[1:])

    async def test_quoted_cells_with_delimiters_and_newlines(
        self, client: httpx.AsyncClient
    ) -> None:
        rows = [ORGS[0], ["multi", "Line one\nline two; with, commas", "GB-CHC-100003", "charity"]]
        response = await upload(client, {"organisations.csv": table(rows, ";")})
        assert response.status_code == 200, response.text
        assert await names(client) == ["Line one\nline two; with, commas"]


class TestShortRows:
    HEADER = [*ORGS[0], "postcode"]

    async def test_cells_left_off_the_end_are_not_given(self, client: httpx.AsyncClient) -> None:
        # As a key left out of a JSON row: an update keeps the stored value.
        await upload(client, {"organisations.csv": table([self.HEADER, [*ORGS[1], "OX3 9DU"]])})
        short = ["cafe", "Cafe", "GB-CHC-100001", "charity"]  # no postcode cell at all
        response = await upload(client, {"organisations.csv": table([self.HEADER, short])})
        assert response.json()["totals"]["updated"] == 1
        body = (await client.get(f"{API}/organisations")).json()["items"][0]
        assert (body["name"], body["postcode"]) == ("Cafe", "OX3 9DU")

    async def test_an_empty_cell_is_given(self, client: httpx.AsyncClient) -> None:
        await upload(client, {"organisations.csv": table([self.HEADER, [*ORGS[1], "OX3 9DU"]])})
        response = await upload(client, {"organisations.csv": table([self.HEADER, [*ORGS[1], ""]])})
        assert response.json()["totals"]["updated"] == 1
        assert (await client.get(f"{API}/organisations")).json()["items"][0]["postcode"] is None

    async def test_a_new_row_without_a_required_cell(self, client: httpx.AsyncClient) -> None:
        response = await upload(client, {"organisations.csv": table([self.HEADER, ORGS[1][:3]])})
        errors = response.json()["report"]["errors"]
        assert [(e["line"], e["field"], e["type"]) for e in errors] == [(2, "kind", "missing")]


class TestRefusals:
    async def test_unknown_column_is_refused(self, client: httpx.AsyncClient, db: Database) -> None:
        rows = [[*ORGS[0], "colour"], [*ORGS[1], "blue"]]
        response = await upload(client, {"organisations.csv": table(rows)})
        assert response.status_code == 422
        errors = response.json()["report"]["errors"]
        assert [(e["line"], e["field"], e["type"]) for e in errors] == [
            (1, "colour", "unknown-column")
        ]
        assert await count_rows(db, "organisations") == 0

    async def test_unknown_json_key_is_refused(self, client: httpx.AsyncClient) -> None:
        doc = {"organisations": [{"ref": "a", "name": "A", "org_identifier": "GB-CHC-1",
                                  "kind": "charity", "colour": "blue"}]}  # fmt: skip
        response = await client.post(f"{API}/imports", json=doc)
        assert response.status_code == 422
        errors = response.json()["report"]["errors"]
        assert [(e["field"], e["type"]) for e in errors] == [("colour", "unknown-column")]

    async def test_missing_required_column_is_refused(self, client: httpx.AsyncClient) -> None:
        rows = [["ref", "name", "kind"], ["a", "A", "charity"]]
        response = await upload(client, {"organisations.csv": table(rows)})
        errors = response.json()["report"]["errors"]
        assert [(e["field"], e["type"]) for e in errors] == [("org_identifier", "missing-column")]

    @pytest.mark.parametrize("name", ["organisations.csv", "organisations.ndjson"])
    async def test_bad_bytes_past_the_sniffed_sample(
        self, client: httpx.AsyncClient, db: Database, name: str
    ) -> None:
        # The encoding is guessed from the first 64 KiB; a byte further on that does not
        # decode is a file error naming the line, not a crash, and nothing is written.
        rows = [[f"o{i}", f"Organisation {i}", f"GB-CHC-{i:06d}", "charity"] for i in range(2000)]
        if name.endswith(".csv"):
            lines = [table([ORGS[0], *rows])]
        else:
            lines = [json.dumps(dict(zip(ORGS[0], r, strict=True))) + "\n" for r in rows]
        body = "".join(lines).encode() + b"bad,\xff\xfe,GB-CHC-999999,charity\n"
        response = await upload(client, {name: body})
        assert response.status_code == 422, response.text
        errors = response.json()["report"]["errors"]
        line = 2001 if name.endswith("json") else 2002
        assert [(e["line"], e["type"]) for e in errors] == [(line, "unreadable")]
        assert "utf-8" in errors[0]["message"]
        assert await count_rows(db, "organisations") == 0

    async def test_bad_bytes_in_a_json_file(self, client: httpx.AsyncClient) -> None:
        rows = [dict(zip(ORGS[0], [f"o{i}", "O", f"GB-CHC-{i:06d}", "charity"], strict=True))
                for i in range(2000)]  # fmt: skip
        body = json.dumps({"organisations": rows}).encode()[:-2] + b', {"ref": "\xff"}]}'
        response = await upload(client, {"organisations.json": body})
        assert response.status_code == 422, response.text
        errors = response.json()["report"]["errors"]
        assert [(e["type"], "UTF-8" in e["message"]) for e in errors] == [("unreadable", True)]

    async def test_file_not_named_after_a_resource(self, client: httpx.AsyncClient) -> None:
        response = await upload(client, {"stuff.csv": table(ORGS)})
        assert response.status_code == 422
        assert response.json()["report"]["errors"][0]["type"] == "unreadable"


class TestOtherFormats:
    async def test_xlsx_one_sheet_per_resource(self, client: httpx.AsyncClient) -> None:
        book = openpyxl.Workbook()
        book.remove(book.active)
        files = programme_files(teams=2)
        for name in ("awards", "teams", "programmes", "organisations"):  # any sheet order
            sheet = book.create_sheet(name)
            for row in csv_rows(files[f"{name}.csv"]):
                sheet.append([int(c) if c.isdigit() else c for c in row])
        out = io.BytesIO()
        book.save(out)
        response = await upload(client, {"programme.xlsx": out.getvalue()})
        assert response.status_code == 200, response.text
        assert response.json()["resources"]["awards"]["created"] == 2
        assert list(response.json()["resources"]) == [
            "organisations", "programmes", "teams", "awards"
        ]  # fmt: skip

    async def test_ndjson(self, client: httpx.AsyncClient) -> None:
        lines = [json.dumps(dict(zip(ORGS[0], row, strict=True))) for row in ORGS[1:]]
        response = await upload(client, {"organisations.ndjson": "\n".join(lines) + "\n"})
        assert response.status_code == 200, response.text
        assert response.json()["totals"]["created"] == 2

    async def test_json_document_body(self, client: httpx.AsyncClient) -> None:
        doc = {"organisations": [dict(zip(ORGS[0], row, strict=True)) for row in ORGS[1:]]}
        first = await client.post(f"{API}/imports", json=doc)
        again = await client.post(f"{API}/imports", json=doc)
        assert first.json()["totals"]["created"] == 2
        assert again.json()["totals"]["unchanged"] == 2

    async def test_exports_load_back_unchanged(self, client: httpx.AsyncClient) -> None:
        await load_programme(client, teams=3)
        for resource in ("organisations", "programmes", "teams", "awards"):
            csv_text = (await client.get(f"{API}/{resource}", params={"format": "csv"})).text
            response = await upload(client, {f"{resource}.csv": csv_text})
            assert response.json()["totals"]["unchanged"] > 0, resource
            assert response.json()["totals"]["created"] == 0, resource


def csv_rows(text: str) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(text)))


class TestBackgroundJobs:
    async def test_a_large_upload_runs_as_a_job(
        self, client: httpx.AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(app.state.settings, "import_background_bytes", 100)
        response = await upload(client, dict(programme_files(teams=3)))
        assert response.status_code == 202, response.text
        location = response.headers["Location"]
        assert response.json()["status"] == "queued"
        assert (await client.get(location)).json()["status"] == "queued"  # until a worker runs
        assert await work_off(app) == 1  # as a worker does (api/worker/imports.py)
        job = (await client.get(location)).json()
        assert job["status"] == "succeeded", job
        assert job["report"]["totals"]["created"] == 9
        assert job["rows_read"] == 9

    async def test_unknown_job_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/imports/nope")
        assert response.status_code == 404
