"""Hostile files get a report: through the API (multipart and JSON body) a 4xx problem, through
the CLI exit code 1 and the report; never a 5xx, a traceback, a hang or mojibake."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.config import Settings
from api.db import Database
from api.imports import xlsx
from tests.conftest import count_rows
from tests.factories import API
from tests.imports.data import upload
from tests.imports.hostile import CORPUS, SHEET, Case, patched, sheet_data, workbook

pytestmark = pytest.mark.anyio
PROBLEM = "application/problem+json"
REFUSED_TYPES = {"unreadable", "invalid", "missing", "unknown-column", "missing-column"}


def assert_reported(response: httpx.Response, case: Case) -> dict[str, Any]:
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text
    if case.loads:
        assert response.status_code == 200, response.text
        return dict(response.json())
    assert response.status_code in (400, 413, 415, 422), response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    if body["type"] == "/problems/import-rejected":
        report = body["report"]
        assert report["written"] is False and report["errors"], report
        assert {e["type"] for e in report["errors"]} & REFUSED_TYPES, report["errors"]
    return dict(body)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", CORPUS, ids=[c.id for c in CORPUS])
async def test_the_api_reports_a_hostile_file(
    client: httpx.AsyncClient, db: Database, case: Case
) -> None:
    assert_reported(await upload(client, dict(case.files)), case)
    if not case.loads:
        assert await count_rows(db, "organisations") == 0
        assert await count_rows(db, "programmes") == 0


JSON_BODIES = [c for c in CORPUS if c.json_body]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", JSON_BODIES, ids=[c.id for c in JSON_BODIES])
async def test_the_api_reports_a_hostile_json_body(client: httpx.AsyncClient, case: Case) -> None:
    (body,) = case.files.values()
    headers = {"Content-Type": "application/json"}
    response = await client.post(f"{API}/imports", content=body, headers=headers)
    if not body.strip():
        assert response.status_code == 422 and response.json()["type"] == "/problems/not-an-import"
        return
    assert_reported(response, case)


def run_cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SP_DATABASE_URL": settings.database_url}
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )


@pytest.mark.timeout(300)
async def test_the_cli_reports_every_hostile_file(
    client: httpx.AsyncClient, settings: Settings, db: Database, tmp_path: Path
) -> None:
    # One run per case that needs parent files of its own; one run for all the others.
    single, paths = [], {}
    for n, case in enumerate(c for c in CORPUS if not c.loads):
        for name, body in case.files.items():
            stem, dot, ext = name.partition(".")
            path = tmp_path / str(n) / f"{stem}-{n}{dot}{ext}"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(body)
            paths.setdefault(case.id, []).append(path)
        if len(case.files) == 1:
            single.append(case.id)
    runs = [[p for cid in single for p in paths[cid]]]
    runs += [paths[cid] for cid in paths if cid not in single]
    for files in runs:
        out = tmp_path / "report.json"
        done = run_cli(settings, "load", *map(str, files), "--report", str(out))
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        report = json.loads(out.read_bytes())
        blamed = {e["file"].split("#")[0] for e in report["errors"]}
        named = {p.name for p in files if not p.name.startswith("organisations")}
        assert named <= blamed, sorted(named - blamed)
    assert await count_rows(db, "organisations") == 0


class TestNoMojibake:
    async def test_a_stray_byte_in_utf8_is_a_bad_line(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        body = (
            "ref,name,org_identifier,kind\r\na,Café Zoë,GB-CHC-1,charity\r\n".encode()
            + b"b,Caf\xe9,GB-CHC-2,charity\r\n"  # a Windows-1252 byte pasted into UTF-8
            + "c,Crème brûlée,GB-CHC-3,charity\r\n".encode()
        )
        response = await upload(client, {"organisations.csv": body})
        assert response.status_code == 422, response.text
        errors = response.json()["report"]["errors"]
        assert [(e["line"], e["field"], e["type"]) for e in errors] == [(3, "name", "unreadable")]
        assert "utf-8" in errors[0]["message"]
        assert await count_rows(db, "organisations") == 0

    async def test_a_windows_1252_file_still_loads(self, client: httpx.AsyncClient) -> None:
        body = (
            b"ref,name,org_identifier,kind\r\na,Caf\xe9 Zo\xeb \x93Q\x94 \xa35,GB-CHC-1,charity\r\n"
        )
        response = await upload(client, {"organisations.csv": body})
        assert response.status_code == 200, response.text
        names = (await client.get(f"{API}/organisations")).json()["items"]
        assert [o["name"] for o in names] == ["Café Zoë “Q” £5"]


class TestSpreadsheetBounds:
    @pytest.mark.timeout(30)
    async def test_a_zip_bomb_is_an_unreadable_file(
        self, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # 40 MB of sheet XML, a few tens of KB on disk, against a limit of 10 MB.
        limits = xlsx.Limits(1_048_576, 256, 20_000_000, 10_000, 10_000_000)
        monkeypatch.setattr(xlsx.Limits, "current", classmethod(lambda cls: limits))
        bomb = patched(workbook({"payments": [["ref"]]}), SHEET, sheet_data("<row/>" * 6_000_000))
        assert len(bomb) < 200_000
        response = await upload(client, {"payments.xlsx": bomb})
        errors = response.json()["report"]["errors"]
        assert [(e["type"], "SP_IMPORT_MAX_UNZIPPED_BYTES" in e["message"]) for e in errors] == [
            ("unreadable", True)
        ]

    @pytest.mark.timeout(30)
    async def test_a_huge_declared_sheet_is_refused_at_once(
        self, client: httpx.AsyncClient
    ) -> None:
        book = workbook({"payments": [["ref"], ["p1"]]})
        hostile = patched(book, SHEET, sheet_data('<row r="1"/>', "A1:XFD1048576"))
        assert len(hostile) < 10_000
        response = await upload(client, {"payments.xlsx": hostile})
        errors = response.json()["report"]["errors"]
        assert [(e["file"], e["line"], e["type"]) for e in errors] == [
            ("payments.xlsx", 1, "unreadable")
        ]
        assert "16,384 columns" in errors[0]["message"]

    async def test_workbooks_are_parsed_off_the_event_loop(
        self, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        threads = []
        opened = xlsx.Book.__init__

        def spy(self: xlsx.Book, *args: Any, **kw: Any) -> None:
            threads.append(threading.current_thread())
            opened(self, *args, **kw)

        monkeypatch.setattr(xlsx.Book, "__init__", spy)
        response = await upload(client, {"organisations.xlsx": workbook({"organisations": []})})
        assert response.status_code == 422
        assert threads and threading.main_thread() not in threads
