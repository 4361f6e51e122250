"""Award amendments' own rules (README › Domain rules): each kind's change agrees with its kind,
an extension ends later and a re-profile moves a date, the award's currency, dates in the
programme's window and in order, a decision needs its day, only finance or an admin decides,
and a decided amendment is locked."""

from typing import Any

import httpx
import pytest

from api.db import Database
from api.models.enums import Role
from tests.assertions import assert_problem, unchanged
from tests.conftest import RoleClient
from tests.factories import API, amendment_body, make_amendment, make_award

pytestmark = pytest.mark.anyio

URL = f"{API}/award-amendments"
DECIDED = {"status": "approved", "decided_on": "2014-03-20"}


async def refused(
    client: httpx.AsyncClient, db: Database, award: dict[str, Any], **kw: Any
) -> httpx.Response:
    """POST an amendment of ``award`` that must write nothing."""
    async with unchanged(db, "award_amendments"):
        return await client.post(URL, json=amendment_body(award, **kw))


class TestKindAndAmount:
    @pytest.mark.parametrize(
        ("kind", "change", "said"),
        [
            ("uplift", 0, "an uplift's amount_change_pence is more than 0, not 0"),
            ("uplift", -100, "an uplift's amount_change_pence is more than 0, not -100"),
            ("reduction", 0, "a reduction's amount_change_pence is less than 0, not 0"),
            ("reduction", 100, "a reduction's amount_change_pence is less than 0, not 100"),
            (
                "extension",
                100,
                "an extension's amount_change_pence is 0 (it moves dates only), not 100",
            ),
            (
                "reprofile",
                -1,
                "a re-profile's amount_change_pence is 0 (it moves dates only), not -1",
            ),
        ],
    )
    async def test_a_change_that_disagrees_with_its_kind_is_refused(
        self, client: httpx.AsyncClient, db: Database, kind: str, change: int, said: str
    ) -> None:
        award = await make_award(client, planned_end_date="2014-12-31")
        response = await refused(
            client,
            db,
            award,
            kind=kind,
            amount_change_pence=change,
            new_end_date="2015-06-30",
        )
        body = assert_problem(response, 422, "amendment-kind-mismatch", "amount_change_pence")
        assert body["detail"] == said

    async def test_an_extension_moves_the_end_only(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, planned_end_date="2014-12-31")
        response = await refused(
            client,
            db,
            award,
            kind="extension",
            amount_change_pence=0,
            new_start_date="2012-07-01",
            new_end_date="2015-06-30",
        )
        assert_problem(response, 422, "amendment-kind-mismatch", "new_start_date")

    async def test_each_kind_with_its_change_is_accepted(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client, amount_pence=30_000_000, planned_end_date="2014-12-31")
        made = [
            await make_amendment(client, award, kind="uplift", amount_change_pence=1),
            await make_amendment(client, award, kind="reduction", amount_change_pence=-1),
            await make_amendment(
                client, award, kind="extension", amount_change_pence=0, new_end_date="2015-03-31"
            ),
            await make_amendment(
                client, award, kind="reprofile", amount_change_pence=0, new_start_date="2012-09-01"
            ),
        ]
        assert [(a["kind"], a["status"]) for a in made] == [
            ("uplift", "proposed"),
            ("reduction", "proposed"),
            ("extension", "proposed"),
            ("reprofile", "proposed"),
        ]


class TestDatesMove:
    EXTENSION = {"kind": "extension", "amount_change_pence": 0}

    @pytest.mark.parametrize("new_end", [None, "2014-12-31", "2014-06-30"])
    async def test_an_extension_not_ending_later_is_refused(
        self, client: httpx.AsyncClient, db: Database, new_end: str | None
    ) -> None:
        award = await make_award(client, planned_end_date="2014-12-31")
        response = await refused(client, db, award, **self.EXTENSION, new_end_date=new_end)
        body = assert_problem(response, 422, "extension-not-later", "new_end_date")
        assert body["detail"] == (
            f"award {award['identifier']} ends on 2014-12-31; an extension's new_end_date is "
            f"later ({new_end or 'none given'})"
        )

    async def test_an_extension_is_later_than_the_amended_end(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        """An approved extension earlier in order moved the end: the next one goes past it."""
        award = await make_award(client, planned_end_date="2014-12-31")
        await make_amendment(
            client,
            award,
            **self.EXTENSION,
            **DECIDED,
            new_end_date="2015-06-30",
            effective_date="2014-01-01",
        )
        response = await refused(client, db, award, **self.EXTENSION, new_end_date="2015-03-31")
        body = assert_problem(response, 422, "extension-not-later", "new_end_date")
        assert "ends on 2015-06-30" in body["detail"]
        later = await make_amendment(client, award, **self.EXTENSION, new_end_date="2015-09-30")
        assert later["new_end_date"] == "2015-09-30"

    @pytest.mark.parametrize(
        "dates",
        [{}, {"new_start_date": "2012-06-01"}, {"new_end_date": "2015-12-31"}],
    )
    async def test_a_reprofile_that_moves_nothing_is_refused(
        self, client: httpx.AsyncClient, db: Database, dates: dict[str, str]
    ) -> None:
        award = await make_award(client)  # planned 2012-06-01 – 2015-12-31
        response = await refused(
            client, db, award, kind="reprofile", amount_change_pence=0, **dates
        )
        field = "new_start_date" if "new_start_date" in dates else "new_end_date"
        body = assert_problem(response, 422, "reprofile-moves-nothing", field)
        assert body["detail"] == (
            f"award {award['identifier']} runs 2012-06-01 – 2015-12-31; give a new_start_date "
            "or new_end_date that differs"
        )


class TestCurrencyAndDates:
    async def test_a_currency_other_than_the_awards_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client)
        response = await refused(client, db, award, currency="EUR")
        body = assert_problem(response, 422, "currency-mismatch", "currency")
        assert body["detail"] == "the award is in GBP, not EUR"

    @pytest.mark.parametrize(
        ("field", "day"),
        [
            ("effective_date", "2016-01-01"),
            ("effective_date", "2012-05-31"),
            ("new_end_date", "2016-01-31"),
            ("new_start_date", "2012-05-01"),
        ],
    )
    async def test_a_date_outside_the_programme_window_is_refused(
        self, client: httpx.AsyncClient, db: Database, field: str, day: str
    ) -> None:
        award = await make_award(client)
        body = {"kind": "reprofile", "amount_change_pence": 0, field: day}
        response = await refused(client, db, award, **body)
        problem = assert_problem(response, 422, "outside-window", field)
        assert problem["detail"].startswith(f"{field} {day} is outside")

    async def test_new_dates_out_of_order_are_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client)
        response = await refused(
            client,
            db,
            award,
            kind="reprofile",
            amount_change_pence=0,
            new_start_date="2014-01-01",
            new_end_date="2013-12-31",
        )
        body = assert_problem(response, 422, "dates-out-of-order", "new_end_date")
        assert body["detail"] == "new_end_date 2013-12-31 must be after 2014-01-01"

    async def test_effective_before_the_award_was_made_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, award_date="2013-01-15")
        response = await refused(client, db, award, effective_date="2013-01-14")
        body = assert_problem(response, 422, "dates-out-of-order", "effective_date")
        assert body["detail"] == (
            "effective_date 2013-01-14 is before the award was made (2013-01-15)"
        )


class TestDecision:
    @pytest.mark.parametrize("status", ["approved", "rejected"])
    async def test_a_decision_without_its_day_is_refused(
        self, client: httpx.AsyncClient, db: Database, status: str
    ) -> None:
        award = await make_award(client, amount_pence=30_000_000)
        response = await refused(client, db, award, status=status)
        body = assert_problem(response, 422, "decision-needs-date", "decided_on")
        assert body["detail"] == f"an amendment {status} needs decided_on"

    async def test_a_proposal_has_no_decision_day(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, amount_pence=30_000_000)
        response = await refused(client, db, award, decided_on="2014-03-20")
        assert_problem(response, 422, "date-without-decision", "decided_on")

    async def test_a_decision_in_the_future_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, amount_pence=30_000_000)
        response = await refused(client, db, award, status="rejected", decided_on="2999-01-01")
        assert_problem(response, 422, "date-in-future", "decided_on")


class TestLocked:
    @pytest.mark.parametrize("status", ["approved", "rejected"])
    async def test_a_decided_amendment_is_never_edited_nor_deleted(
        self, client: httpx.AsyncClient, status: str
    ) -> None:
        award = await make_award(client, amount_pence=30_000_000)
        made = await make_amendment(client, award, status=status, decided_on="2014-03-20")
        url = f"{URL}/{made['id']}"
        loc = ["path", "award_amendment_id"]
        response = await client.patch(url, json={"reason": "Changed my mind"})
        body = assert_problem(response, 409, "amendment-locked", loc=loc)
        assert body["detail"] == f"this amendment is {status}; propose another amendment instead"
        response = await client.delete(url)
        assert_problem(response, 409, "amendment-locked", loc=loc)
        assert (await client.get(url)).json() == made

    async def test_a_proposal_is_edited_decided_and_deleted(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=30_000_000)
        made = await make_amendment(client, award)
        url = f"{URL}/{made['id']}"
        response = await client.patch(url, json={"amount_change_pence": 3_000_000})
        assert response.status_code == 200, response.text
        other = await make_amendment(client, award)
        assert (await client.delete(f"{URL}/{other['id']}")).status_code == 204
        response = await client.patch(url, json=DECIDED)
        assert response.status_code == 200, response.text
        assert (response.json()["status"], response.json()["amount_change_pence"]) == (
            "approved",
            3_000_000,
        )

    async def test_the_award_cannot_be_changed(self, client: httpx.AsyncClient) -> None:
        made = await make_amendment(client)
        other = await make_award(client)
        response = await client.patch(f"{URL}/{made['id']}", json={"award_id": other["id"]})
        body = assert_problem(response, 422, "validation-error", "award_id")
        assert body["errors"][0]["type"] == "extra_forbidden"


class TestWhoDecides:
    """A programme manager proposes; only finance or an admin approves or rejects."""

    @pytest.mark.parametrize("status", ["approved", "rejected"])
    async def test_a_programme_manager_may_not_decide(
        self, client: httpx.AsyncClient, db: Database, as_role: RoleClient, status: str
    ) -> None:
        award = await make_award(client, amount_pence=30_000_000)
        manager = await as_role(Role.programme_manager)
        decision = {"status": status, "decided_on": "2014-03-20"}
        async with unchanged(db, "award_amendments"):
            response = await manager.post(URL, json=amendment_body(award, **decision))
        body = assert_problem(response, 403, "amendment-decision-forbidden", "status")
        assert body["detail"] == (
            f"the programme_manager role may not set an award amendment {status}"
        )
        proposed = await manager.post(URL, json=amendment_body(award))
        assert proposed.status_code == 201, proposed.text
        url = f"{URL}/{proposed.json()['id']}"
        response = await manager.patch(url, json=decision)
        assert_problem(response, 403, "amendment-decision-forbidden", "status")
        finance = await as_role(Role.finance)
        response = await finance.patch(url, json=decision)
        assert response.status_code == 200, response.text

    async def test_a_team_editor_may_not_propose(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        award = await make_award(client, amount_pence=30_000_000)
        editor = await as_role(Role.team_editor, [award["team_id"]])
        response = await editor.post(URL, json=amendment_body(award))
        assert_problem(response, 403, "forbidden")

    async def test_anyone_may_read(self, client: httpx.AsyncClient, as_role: RoleClient) -> None:
        made = await make_amendment(client)
        viewer = await as_role(Role.viewer)
        response = await viewer.get(URL, params={"award_id": made["award_id"]})
        assert [a["id"] for a in response.json()["items"]] == [made["id"]]


class TestAuditTrail:
    async def test_its_events_carry_the_awards_team(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client, amount_pence=30_000_000)
        made = await make_amendment(client, award)
        response = await client.patch(f"{URL}/{made['id']}", json=DECIDED)
        assert response.status_code == 200, response.text
        response = await client.get(
            f"{API}/audit-events",
            params={"resource": "award-amendments", "resource_id": made["id"]},
        )
        trail = response.json()["items"]
        assert [(e["action"], e["team_id"]) for e in trail] == [
            ("update", award["team_id"]),
            ("create", award["team_id"]),
        ]
        assert trail[1]["after"] == made
