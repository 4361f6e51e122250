"""``/me/reminder-preferences``: each person's own, the defaults until changed, merge patch with
validation problems naming the field, refused (409) to an API key; fuzzed: never a 500."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from api.db import Database
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.auth.test_users import login
from tests.conftest import RoleClient, count_rows, http
from tests.factories import API
from tests.reminders.helpers import make_person

pytestmark = pytest.mark.anyio
URL = f"{API}/me/reminder-preferences"
DEFAULTS = {"enabled": True, "days_ahead": 14, "include_overdue": True}
MERGE = {"Content-Type": "application/merge-patch+json"}


async def signed_in(app: FastAPI, client: httpx.AsyncClient, role: str = "viewer") -> Any:
    person = await make_person(client, role)
    response = await login(app, person["email"])
    assert response.status_code == 200, response.text
    return response.json()["token"]


class TestPreferences:
    async def test_defaults_then_changes_each_person_their_own(
        self, app: FastAPI, client: httpx.AsyncClient, db: Database
    ) -> None:
        ann, bob = await signed_in(app, client), await signed_in(app, client, "finance")
        async with http(app, ann) as a, http(app, bob) as b:
            assert (await a.get(URL)).json() == DEFAULTS
            assert await count_rows(db, "reminder_preferences") == 0  # reading makes no row
            changed = await a.patch(URL, json={"days_ahead": 30}, headers=MERGE)
            assert changed.status_code == 200, changed.text
            assert changed.json() == DEFAULTS | {"days_ahead": 30}
            off = await a.patch(URL, json={"enabled": False, "include_overdue": False})
            assert off.json() == {"enabled": False, "days_ahead": 30, "include_overdue": False}
            assert (await a.get(URL)).json() == off.json()
            assert (await b.get(URL)).json() == DEFAULTS  # Bob's are his own
            back = await a.patch(URL, json={"days_ahead": None, "enabled": None})
            assert back.json() == {"enabled": True, "days_ahead": 14, "include_overdue": False}
        assert await count_rows(db, "reminder_preferences") == 1
        async with db.read_engine.connect() as conn:
            resources = (await conn.execute(text("SELECT resource FROM audit_events"))).scalars()
            assert "reminder-preferences" not in set(resources)  # no event type declared

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"days_ahead": 0}, "days_ahead"),
            ({"days_ahead": 91}, "days_ahead"),
            ({"days_ahead": 7.5}, "days_ahead"),
            ({"days_ahead": "7"}, "days_ahead"),
            ({"days_ahead": True}, "days_ahead"),
            ({"enabled": "yes"}, "enabled"),
            ({"include_overdue": 1}, "include_overdue"),
            ({"colour": "blue"}, "colour"),
        ],
    )
    async def test_bad_values_are_problems_naming_the_field(
        self, app: FastAPI, client: httpx.AsyncClient, body: dict[str, Any], field: str
    ) -> None:
        async with http(app, await signed_in(app, client)) as me:
            response = await me.patch(URL, json=body)
            assert_problem(response, 422, "validation-error", field)
            assert (await me.get(URL)).json() == DEFAULTS

    async def test_an_api_key_has_none(
        self, client: httpx.AsyncClient, as_role: RoleClient, anon: httpx.AsyncClient
    ) -> None:
        for caller in (client, await as_role(Role.viewer)):
            body = assert_problem(await caller.get(URL), 409, "not-a-user")
            assert "API key" in body["detail"]
            assert_problem(await caller.patch(URL, json={"enabled": False}), 409, "not-a-user")
        assert_problem(await anon.get(URL), 401, "unauthenticated")

    async def test_documented_in_openapi(self, client: httpx.AsyncClient) -> None:
        doc = (await client.get(f"{API}/openapi.json")).json()
        path = doc["paths"]["/api/v1/me/reminder-preferences"]
        assert set(path) >= {"get", "patch"}
        assert "409" in path["get"]["responses"] and "422" in path["patch"]["responses"]
        schema = doc["components"]["schemas"]["ReminderPreferencesUpdate"]["properties"]
        assert schema["days_ahead"]["anyOf"][0]["maximum"] == 90


JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)  # what JSON can carry
    | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
BODIES = (
    st.dictionaries(
        st.sampled_from(["enabled", "days_ahead", "include_overdue", "other"]), JSONISH, max_size=3
    )
    | JSONISH
)


PEOPLE: dict[int, str] = {}


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=BODIES)
async def test_any_body_is_a_change_or_a_problem(
    app: FastAPI, client: httpx.AsyncClient, body: Any
) -> None:
    if id(client) not in PEOPLE:  # one person for every example (the client wipes them after)
        PEOPLE[id(client)] = await signed_in(app, client)
    token = PEOPLE[id(client)]
    async with http(app, token) as me:
        response = await me.patch(URL, json=body, headers=MERGE)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        shown = response.json()
        assert set(shown) == set(DEFAULTS) and 1 <= shown["days_ahead"] <= 90
    else:
        assert response.headers["content-type"] == "application/problem+json"
