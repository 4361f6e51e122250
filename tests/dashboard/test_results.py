"""GET /programmes/{id}/results: the programme's indicators counted by trend and target."""

import httpx
import pytest

from api.dashboard.schemas.results import ProgrammeResults
from tests.assertions import assert_problem
from tests.dashboard.build import read
from tests.factories import (
    API,
    Row,
    make_indicator,
    make_period,
    make_programme,
    make_quality_goal,
    make_team,
)

pytestmark = pytest.mark.anyio
ZERO = dict.fromkeys(
    [
        "total",
        "improving",
        "worsening",
        "no_change",
        "no_data",
        "improving_since_previous",
        "target_met",
        "target_not_met",
    ],
    0,
)


async def results(client: httpx.AsyncClient, programme_id: str, as_of: str) -> Row:
    path = f"/programmes/{programme_id}/results"
    return await read(client, path, ProgrammeResults, as_of=as_of)


async def indicator(
    client: httpx.AsyncClient, goal: Row, values: list[float | None], **kw: object
) -> Row:
    """An indicator with quarterly periods from 2013-01-01 holding ``values``."""
    made = await make_indicator(client, goal, **kw)
    quarters = [("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30"), ("10-01", "12-31")]
    for (start, end), value in zip(quarters, values, strict=False):
        await make_period(
            client, made, period_start=f"2013-{start}", period_end=f"2013-{end}", actual_value=value
        )
    return made


class TestResults:
    async def test_latest_value_against_baseline_and_target(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        safe = await make_quality_goal(client, team, dimension="safe")
        up = {"direction": "higher_is_better"}
        await indicator(client, safe, [15, 25, None], **up, baseline_value=10, target_value=20)
        await indicator(client, safe, [21.5], baseline_value=21.5, target_value=12)
        await indicator(client, safe, [10], target_value=12)  # no baseline
        await indicator(client, safe, [5], **up, baseline_value=10)  # no target
        other = await make_team(client, programme)
        await make_quality_goal(client, other, dimension="equitable")  # no indicators
        await indicator(client, await make_quality_goal(client), [1], baseline_value=2)  # elsewhere

        mid = await results(client, programme["id"], "2013-06-30")
        assert mid["as_of"] == "2013-06-30"
        assert mid["programme"]["id"] == programme["id"]
        expected = ZERO | {
            "total": 4,
            "improving": 1,  # 25 > 10
            "worsening": 1,  # 5 < 10, higher is better
            "no_change": 1,
            "no_data": 1,
            "improving_since_previous": 1,  # 25 > 15, the period before
            "target_met": 2,  # 25 >= 20; 10 <= 12 without a baseline
            "target_not_met": 1,  # 21.5 > 12
        }
        assert mid["indicators"] == expected
        assert [d["dimension"] for d in mid["by_dimension"]] == [
            "safe",
            "effective",
            "person_centred",
            "timely",
            "efficient",
            "equitable",
        ]
        assert mid["by_dimension"][0] == {"dimension": "safe", "goals": 1} | expected
        assert mid["by_dimension"][5] == {"dimension": "equitable", "goals": 1} | ZERO
        assert all(
            d == {"dimension": d["dimension"], "goals": 0} | ZERO for d in mid["by_dimension"][1:5]
        )

        early = await results(client, programme["id"], "2013-05-01")  # only Q1 ended
        assert early["indicators"] == ZERO | {
            "total": 4,
            "improving": 1,  # 15 > 10
            "worsening": 1,
            "no_change": 1,
            "no_data": 1,
            "improving_since_previous": 1,  # one period: the baseline is the one before
            "target_met": 1,
            "target_not_met": 2,  # 15 < 20; 21.5 > 12
        }
        before = await results(client, programme["id"], "2013-03-30")
        assert before["indicators"] == ZERO | {"total": 4, "no_data": 4}

    async def test_improving_since_previous_needs_both(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        timely = await make_quality_goal(client, team, dimension="timely")
        down = {"direction": "lower_is_better", "baseline_value": 50}
        await indicator(client, timely, [40, 45], **down)  # better than baseline, worse than 40
        await indicator(client, timely, [45, 30], **down)  # better than both
        await indicator(client, timely, [60, 55], **down)  # better than before, worse than base
        body = await results(client, programme["id"], "2013-12-31")
        timely_counts = body["by_dimension"][3]
        assert timely_counts["dimension"] == "timely"
        assert timely_counts["improving"] == 2
        assert timely_counts["worsening"] == 1
        assert timely_counts["improving_since_previous"] == 1
        assert body["indicators"]["improving_since_previous"] == 1

    async def test_an_empty_programme(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        body = await results(client, programme["id"], "2014-01-01")
        assert body["indicators"] == ZERO
        assert [d["goals"] for d in body["by_dimension"]] == [0] * 6

    async def test_a_missing_programme_is_not_found(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/programmes/nope/results")
        assert_problem(response, 404, "not-found", loc=["path", "programme_id"])

    @pytest.mark.parametrize("params", [{"as_of": "1"}, {"limit": "5"}])
    async def test_bad_parameters_are_refused(
        self, client: httpx.AsyncClient, params: dict[str, str]
    ) -> None:
        programme = await make_programme(client)
        response = await client.get(f"{API}/programmes/{programme['id']}/results", params=params)
        assert_problem(response, 422, "validation-error", loc=["query", next(iter(params))])
