"""Hypothesis fuzz of the query parameters of the exceptions, compare and changes read models:
whatever the query, the answer is a valid body or a problem, never a 5xx."""

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.dashboard.compare_schemas import ExceptionsPage, ProgrammeChanges, TeamComparison
from tests.factories import API, make_programme, make_team

pytestmark = pytest.mark.anyio

text = st.one_of(
    st.sampled_from(["2013-12-31", "2012-06-01", "-flag", "late", "red", "0", "201", "x"]),
    st.text(max_size=12),
)
PARAMS = ["as_of", "limit", "cursor", "sort", "flag", "q", "team_id", "from", "to", "other"]
queries = st.lists(st.tuples(st.sampled_from(PARAMS), text), max_size=5)
MODELS: dict[str, Any] = {
    "exceptions": ExceptionsPage,
    "compare": TeamComparison,
    "changes": ProgrammeChanges,
}


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(which=st.sampled_from(sorted(MODELS)), query=queries, with_team=st.booleans())
async def test_any_query_is_answered(
    client: httpx.AsyncClient, which: str, query: list[tuple[str, str]], with_team: bool
) -> None:
    programme = await make_programme(client)
    if with_team:
        team = await make_team(client, programme)
        query = [*query, ("team_id", team["id"])]
    params: list[tuple[str, str | int | float | bool | None]] = list(query)
    response = await client.get(f"{API}/programmes/{programme['id']}/{which}", params=params)
    assert response.status_code in (200, 400, 404, 422), response.text
    if response.status_code == 200:
        MODELS[which].model_validate(response.json())
    else:
        assert response.headers["content-type"] == "application/problem+json"
