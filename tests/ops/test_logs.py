"""One log line per request, as JSON (``SP_LOG_FORMAT=json``) or text, with the request id the
response header and any problem document carry; never a key, a token or a query value (issue 15,
item 4)."""

import io
import json
import logging
import logging.config
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.config import Settings
from api.observe.logs import config
from tests.assertions import assert_problem
from tests.factories import API, make_team

pytestmark = pytest.mark.anyio
MISSING = "0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"
Capture = Callable[[str], io.StringIO]


@pytest.fixture
def capture() -> Iterator[Capture]:
    """``capture("json")``: ``api.access`` written through ``serve``'s logging configuration (its
    formatter and handler, into a buffer) instead of the root logger's."""
    access = logging.getLogger("api.access")
    saved = (access.handlers[:], access.level, access.propagate)

    def start(log_format: str) -> io.StringIO:
        stream = io.StringIO()
        settings = Settings(log_format=log_format, log_level="info")  # type: ignore[arg-type]
        document = config(settings)
        document["handlers"]["default"]["stream"] = stream
        del document["root"]
        document["loggers"] = {"api.access": {"handlers": ["default"], "level": "INFO"}}
        logging.config.dictConfig(document)
        access.propagate = False
        return stream

    yield start
    access.handlers, access.level, access.propagate = saved


def lines(stream: io.StringIO) -> list[str]:
    return [line for line in stream.getvalue().splitlines() if line]


async def test_each_request_logs_one_json_line_with_its_request_id(
    client: httpx.AsyncClient, anon: httpx.AsyncClient, capture: Capture
) -> None:
    team = await make_team(client)
    key = client.headers["Authorization"].removeprefix("Bearer ")
    stream = capture("json")
    ok = await client.get(f"{API}/teams/{team['id']}")
    missing = await client.get(f"{API}/teams/{MISSING}", headers={"X-Request-ID": "mine-42"})
    refused = await anon.get(f"{API}/teams", params={"api_key": "sekrit-value"})
    records = [json.loads(line) for line in lines(stream)]
    assert len(records) == 3, records
    for response, record in zip((ok, missing, refused), records, strict=True):
        assert record["request_id"] == response.headers["X-Request-ID"]
        assert record["status"] == response.status_code
        assert record["method"] == "GET"
        assert isinstance(record["duration_ms"], int | float) and record["duration_ms"] >= 0
        assert {"time", "level", "logger", "message"} <= set(record)
        assert datetime.strptime(record["time"], "%Y-%m-%dT%H:%M:%S%z")
        assert record["logger"] == "api.access" and record["level"] == "INFO"
    assert records[0]["route"] == records[1]["route"] == f"{API}/teams/{{team_id}}"
    assert records[2]["route"] == f"{API}/teams"
    assert records[0]["principal_kind"] == "api_key" and records[0]["principal_id"]
    assert (records[2]["principal_kind"], records[2]["principal_id"]) == ("anonymous", None)
    # The caller's own id is kept, and the problem documents quote the same id.
    assert records[1]["request_id"] == "mine-42"
    assert assert_problem(missing, 404, "not-found")["request_id"] == "mine-42"
    body = assert_problem(refused, 400, "credentials-in-query")
    assert body["request_id"] == refused.headers["X-Request-ID"]
    text = stream.getvalue()
    for secret in (key, "sekrit-value", team["id"]):
        assert secret not in text


async def test_text_lines_carry_the_same_fields(
    client: httpx.AsyncClient, capture: Capture
) -> None:
    stream = capture("text")
    response = await client.get(f"{API}/teams/{MISSING}")
    [line] = lines(stream)
    assert f"GET {API}/teams/{{team_id}} 404" in line
    assert f"request_id={response.headers['X-Request-ID']}" in line
    for field in ("route=", "status=404", "duration_ms=", "principal_kind=api_key"):
        assert field in line
    with pytest.raises(json.JSONDecodeError):
        json.loads(line)


def test_the_configuration_sends_every_logger_through_one_handler() -> None:
    document: dict[str, Any] = config(Settings(log_format="json", log_level="warning"))
    assert document["root"] == {"handlers": ["default"], "level": "WARNING"}
    assert document["formatters"]["default"]["()"] == "pythonjsonlogger.json.JsonFormatter"
    for name in ("uvicorn", "uvicorn.error", "api"):
        assert document["loggers"][name]["propagate"] is True
    text = config(Settings())
    assert text["formatters"]["default"] == {"()": "api.observe.logs.TextFormatter"}


def test_the_image_logs_json_and_make_run_text() -> None:
    root = Path(__file__).resolve().parents[2]
    env = [
        line for line in (root / "Dockerfile").read_text().splitlines() if "SP_LOG_FORMAT" in line
    ]
    assert [line.strip().rstrip(" \\") for line in env if not line.lstrip().startswith("#")] == [
        "SP_LOG_FORMAT=json"
    ]
    assert "SP_LOG_FORMAT" not in (root / "Makefile").read_text()
    assert Settings().log_format == "text"
