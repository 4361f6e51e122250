"""Numbers have sane bounds: money is a strict integer up to MAX_PENCE, counts fit their column,
measures are finite and never −0.0. Whatever is sent, the answer is a 2xx or a 422 naming the
field, never a 500 or a silently converted value."""

import math
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from api.awards.schemas import AwardCreate
from api.kit.schemas import LOADING, MAX_COUNT, MAX_MEASURE, MAX_PENCE
from api.payments.schemas import PaymentCreate
from api.results.schemas import PeriodCreate
from tests.assertions import assert_problem
from tests.factories import (
    API,
    award_body,
    make_award,
    make_indicator,
    make_programme,
    make_support,
    make_team,
    payment_body,
)

pytestmark = pytest.mark.anyio
NOT_MONEY: list[Any] = [2**63, 2**64, 10**400 // 10**300, MAX_PENCE + 1, True, False, "100",
                        100.0, 1e30, "1e3", [], {}, -(2**63) - 1]  # fmt: skip


async def raw_post(client: httpx.AsyncClient, path: str, text: str) -> httpx.Response:
    headers = {"Content-Type": "application/json", "Idempotency-Key": text[:200].encode().hex()}
    return await client.post(f"{API}{path}", content=text, headers=headers)


class TestMoney:
    @pytest.mark.parametrize("amount", NOT_MONEY, ids=repr)
    async def test_anything_but_a_whole_number_of_pence_is_refused(
        self, client: httpx.AsyncClient, amount: Any
    ) -> None:
        award = await make_award(client)
        response = await client.post(
            f"{API}/payments", json=payment_body(award, amount_pence=amount)
        )
        assert_problem(response, 422, "validation-error", "amount_pence")
        programme = await client.post(
            f"{API}/awards", json=award_body(await make_team(client), amount_pence=amount)
        )
        assert_problem(programme, 422, "validation-error", "amount_pence")

    async def test_the_largest_awards_keep_every_summary_exact(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client, award_cap_pence=MAX_PENCE)
        for _ in range(2):
            team = await make_team(client, programme)
            award = await make_award(client, team, amount_pence=MAX_PENCE)
            await client.post(f"{API}/payments", json=payment_body(award, amount_pence=MAX_PENCE))
        summary = await client.get(f"{API}/programmes/{programme['id']}/summary")
        assert summary.status_code == 200, summary.text
        assert 2 * MAX_PENCE in _ints(summary.json())  # awarded, and paid, in total
        teams = await client.get(f"{API}/teams/{team['id']}/summary")
        assert teams.status_code == 200, teams.text
        assert MAX_PENCE in _ints(teams.json())

    async def test_a_null_in_a_merge_patch_is_a_422_not_a_500(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        response = await client.patch(f"{API}/awards/{award['id']}", json={"amount_pence": None})
        assert_problem(response, 422, "rule-broken", "amount_pence")
        support = await make_support(client)
        cleared = {"hours": None, "participant_count": None}
        response = await client.patch(f"{API}/support-activities/{support['id']}", json=cleared)
        assert_problem(response, 422, "rule-broken")

    async def test_a_cap_beyond_the_maximum_is_refused(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        too_big = {"award_cap_pence": MAX_PENCE + 1, "max_teams": MAX_COUNT + 1}
        response = await client.patch(f"{API}/programmes/{programme['id']}", json=too_big)
        body = assert_problem(response, 422, "validation-error", "award_cap_pence")
        assert ["body", "max_teams"] in [e["loc"] for e in body["errors"]]


def _ints(node: Any) -> list[int]:
    if isinstance(node, dict):
        return [i for v in node.values() for i in _ints(v)]
    if isinstance(node, list):
        return [i for v in node for i in _ints(v)]
    return [node] if isinstance(node, int) and not isinstance(node, bool) else []


class TestMeasures:
    @pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400", "true", '"5"'])
    async def test_not_a_finite_number_is_refused(
        self, client: httpx.AsyncClient, literal: str
    ) -> None:
        indicator = await make_indicator(client)
        text = '{"period_start": "2013-01-01", "period_end": "2013-03-31", "actual_value": %s}'
        response = await raw_post(client, f"/indicators/{indicator['id']}/periods", text % literal)
        assert_problem(response, 422, "validation-error", "actual_value")

    async def test_minus_zero_is_zero(self, client: httpx.AsyncClient) -> None:
        indicator = await make_indicator(client)
        text = '{"period_start": "2013-01-01", "period_end": "2013-03-31", "actual_value": -0.0}'
        response = await raw_post(client, f"/indicators/{indicator['id']}/periods", text)
        assert response.status_code == 201, response.text
        assert '"actual_value":0.0' in response.text.replace(" ", "")
        assert math.copysign(1, response.json()["actual_value"]) == 1


# ---- the schemas under generated input --------------------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
ID = "0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"


@settings(max_examples=300, deadline=None)
@given(amount=JSONISH | st.integers(min_value=-(2**70), max_value=2**70))
def test_money_is_a_bounded_integer_or_refused(amount: Any) -> None:
    body = {"award_id": ID, "instalment": "initial", "scheduled_date": "2013-01-01"}
    try:
        payment = PaymentCreate.model_validate({**body, "amount_pence": amount})
    except ValidationError:
        return
    assert type(amount) is int and payment.amount_pence == amount and 0 < amount <= MAX_PENCE


@settings(max_examples=200, deadline=None)
@given(cell=st.text(max_size=25) | st.from_regex(r"-?[0-9]{1,25}", fullmatch=True))
def test_a_loaded_cell_is_read_exactly_or_refused(cell: str) -> None:
    body = {"team_id": ID, "identifier": "360G-X", "award_date": "2013-01-01",
            "planned_start_date": "2013-01-01", "planned_end_date": "2014-01-01"}  # fmt: skip
    try:
        award = AwardCreate.model_validate({**body, "amount_pence": cell}, context=LOADING)
    except ValidationError:
        return
    assert award.amount_pence == int(cell) and 0 < award.amount_pence <= MAX_PENCE


@settings(max_examples=300, deadline=None)
@given(value=JSONISH)
def test_a_measure_is_finite_bounded_and_never_minus_zero(value: Any) -> None:
    body = {"period_start": "2013-01-01", "period_end": "2013-03-31", "actual_value": value}
    try:
        period = PeriodCreate.model_validate(body)
    except ValidationError:
        return
    got = period.actual_value
    if got is None:
        assert value is None
        return
    assert type(value) in (int, float) and math.isfinite(got) and abs(got) <= MAX_MEASURE
    assert got == value and math.copysign(1, got) == (1 if got == 0 else math.copysign(1, got))
