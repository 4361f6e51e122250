"""Requests a list or a read never answers with a 5xx: tampered cursors (400), HEAD wherever GET
works, and CSV exports that stream to the end for every role."""

import base64
import csv
import io
import json
import random
import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st

from api.auth.permissions import PERMISSIONS
from api.models import Milestone
from api.models.enums import Role
from api.pagination import InvalidCursor, decode_cursor, parse_sort
from api.resources import RESOURCES
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.factories import (
    API,
    make_amendment,
    make_award,
    make_budget_line,
    make_checkin,
    make_evidence,
    make_indicator,
    make_milestone,
    make_payment,
    make_period,
    make_quality_goal,
    make_spend_line,
    make_support,
    make_team,
)

pytestmark = pytest.mark.anyio
MILESTONES = f"{API}/milestones"


def cursor(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def tampered_cursors() -> list[str]:
    """Cursors of the default milestone order (due_date, id) with every kind of wrong value,
    and random bytes: a generated corpus, the same on every run."""
    values: list[Any] = [None, True, 0, -1, 2**63, 10**40, 1.5, float("1e308"), "", "x" * 5000]
    values += ["a\x00b", "2013-13-45", "2013-01-01T00:00:00", [], {}, ["x"], {"a": 1}]
    out = [cursor({"s": "due_date,id", "v": [a, b]}) for a in values for b in values[::3]]
    out += [cursor({"s": "due_date,id", "v": v}) for v in ([], ["2013-01-01"], None, "x")]
    shapes: list[Any] = [None, [], "s", {"s": None}, {"v": []}]
    out += [cursor(x) for x in shapes]
    rng = random.Random(9)
    out += [base64.urlsafe_b64encode(rng.randbytes(rng.randint(0, 90))).decode() for _ in range(30)]
    out += ["%%%", "é", "====", "a" * 4000]
    return out


class TestCursors:
    async def test_a_tampered_cursor_is_a_400_on_every_engine(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        for _ in range(3):
            await make_milestone(client, team)
        good = (await client.get(MILESTONES, params={"limit": 1})).json()["next_cursor"]
        assert (await client.get(MILESTONES, params={"cursor": good})).status_code == 200
        corpus = tampered_cursors()
        assert len(corpus) > 100
        for bad in corpus:
            response = await client.get(MILESTONES, params={"cursor": bad, "limit": 2})
            if response.status_code != 200:  # a few are well-typed: a page after that point
                assert_problem(response, 400, "invalid-cursor", loc=["query", "cursor"])

    async def test_audit_trail_cursor_too(self, client: httpx.AsyncClient) -> None:
        bad = cursor({"s": "-occurred_at,-id", "v": ["2013-01-01T00:00:00", 7]})
        response = await client.get(f"{API}/audit-events", params={"cursor": bad})
        assert_problem(response, 400, "invalid-cursor", loc=["query", "cursor"])


_TABLE = Milestone.__table__
KEYS = parse_sort(None, {"due_date": _TABLE.c.due_date, "id": _TABLE.c.id}, "due_date")


@settings(max_examples=400, deadline=None)
@given(
    values=st.lists(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
        | st.dates().map(str) | st.datetimes().map(str),
        max_size=3,
    )
)  # fmt: skip
def test_decoding_a_cursor_gives_typed_values_or_invalid_cursor(values: list[Any]) -> None:
    try:
        decoded = decode_cursor(cursor({"s": "due_date,id", "v": values}), KEYS)
    except InvalidCursor:
        return
    for key, value in zip(KEYS, decoded, strict=True):
        assert value is None or isinstance(value, key.column.type.python_type)


class TestHead:
    async def test_head_answers_wherever_get_does(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        indicator = await make_indicator(client)
        ids = {"team_id": award["team_id"], "indicator_id": indicator["id"],
               "programme_id": (await client.get(f"{API}/teams/{award['team_id']}")).json()[
                   "programme_id"]}  # fmt: skip
        paths = [
            p for p, ops in app.openapi()["paths"].items() if "get" in ops and "{" not in p
        ] + [
            re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), award["id"])), p)
            for p, ops in app.openapi()["paths"].items()
            if "get" in ops and "{" in p
        ]
        assert len(paths) > 20
        for path in paths:
            got = await client.get(path)
            head = await client.head(path)
            assert head.status_code == got.status_code, (path, head.text)
            assert head.content == b"", path
            for name in ("content-type", "etag", "cache-control"):
                assert head.headers.get(name) == got.headers.get(name), (path, name)

    async def test_allow_lists_head(self, client: httpx.AsyncClient) -> None:
        response = await client.put(MILESTONES)
        assert_problem(response, 405, "method-not-allowed")
        assert "HEAD" in response.headers["allow"].split(", ")


LISTS = [res.name for res in RESOURCES if res.parent is None]  # the nested ones need a parent


class TestCsvForEveryRole:
    async def test_every_list_streams_to_the_end_for_every_role(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        teams = [await make_team(client), await make_team(client)]
        for team in teams:
            first = await make_milestone(client, team)
            await make_milestone(client, team, depends_on_ids=[first["id"]])
            await make_support(client, team)
            await make_evidence(client, team)
            goal = await make_quality_goal(client, team)
            await make_period(client, await make_indicator(client, goal))
            award = await make_award(client, team)
            await make_payment(client, award)
            await make_spend_line(client, budget_line=await make_budget_line(client, award))
            await make_amendment(client, award)
            await make_checkin(client, team)
        mine = teams[0]["id"]
        everything: dict[str, int] = {}
        for role in sorted(Role, key=lambda r: r != Role.admin):
            caller = await as_role(role, [mine] if role == Role.team_editor else [])
            for name in LISTS:
                response = await caller.get(f"{API}/{name}", params={"format": "csv"})
                assert response.status_code == 200, (role, name, response.text)
                rows = list(csv.DictReader(io.StringIO(response.text)))
                assert rows, (role, name)
                everything.setdefault(name, len(rows))  # the admin's, first
                if role == Role.team_editor and PERMISSIONS[name].team_scoped:
                    assert len(rows) == everything[name] // 2, (name, rows)  # its team's half
