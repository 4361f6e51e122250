"""IATI 2.03: a programme's awards as activities, valid against the standard's schema (README:
Loading and exporting data, IATI; ``api/exports/iati.py``)."""

import os
import sys
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, fromstring, tostring

import anyio
import httpx
import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from api.config import Settings
from api.db import Database
from api.exports.iati import money, number, xml_text
from api.exports.iati_budget import budget_periods, line_periods
from api.seed.load import load_seed
from tests.conftest import missing
from tests.factories import (
    API,
    make_amendment,
    make_award,
    make_budget_line,
    make_indicator,
    make_organisation,
    make_payment,
    make_period,
    make_programme,
    make_quality_goal,
    make_team,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = "iati-activities-schema.xsd"


def schema_dir() -> Path:
    folder = Path(os.environ.get("SP_IATI_SCHEMA_DIR") or ROOT / "../shared/data/iati")
    if not (folder / SCHEMA).is_file():
        missing(f"the IATI 2.03 schema is not in {folder} (set SP_IATI_SCHEMA_DIR)")
    return folder


@cache
def _schema(folder: Path) -> xmlschema.XMLSchema10:
    # Read in place: its include (iati-common.xsd) and import (xml.xsd) are relative paths.
    return xmlschema.XMLSchema10(str(folder / SCHEMA))


def assert_valid(document: bytes) -> None:
    schema = _schema(schema_dir())
    errors = [f"{e.path}: {e.reason}" for e in schema.iter_errors(document.decode())]
    assert errors == []


async def export(client: httpx.AsyncClient, programme_id: str) -> httpx.Response:
    return await client.get(f"{API}/exports/iati.xml", params={"programme_id": programme_id})


def activity_of(document: bytes, identifier: str) -> Element:
    root = fromstring(document)
    found = [a for a in root if a.findtext("iati-identifier") == identifier]
    assert len(found) == 1, identifier
    return found[0]


async def programme_with_a_grant(client: httpx.AsyncClient) -> tuple[dict[str, Any], ...]:
    funder = await make_organisation(client, kind="funder", name="Test Funder")
    programme = await make_programme(client, funder_id=funder["id"])
    holder = await make_organisation(client, name="Test Trust", kind="nhs_trust")
    team = await make_team(client, programme, lead_organisation_id=holder["id"])
    award = await make_award(client, team, amount_pence=41_999_950, status="active")
    await make_payment(
        client, award, status="paid", paid_date="2012-07-03", amount_pence=12_600_050
    )
    await make_payment(client, award, instalment="interim", amount_pence=100)  # not paid: left out
    goal = await make_quality_goal(client, team, dimension="safe")
    indicator = await make_indicator(
        client,
        goal,
        measure="unit",
        baseline_value=6.8,
        baseline_date="2012-12-31",
        target_value=4.5,
        target_date="2015-12-31",
    )
    await make_period(client, indicator, actual_value=6.4, comment="First half of 2013.")
    return funder, programme, award


class TestShape:
    async def test_the_seeded_programme_validates(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        await load_seed(settings)
        listed = (await client.get(f"{API}/programmes", params={"q": "CTG-SP"})).json()["items"]
        response = await export(client, next(p["id"] for p in listed if p["code"] == "CTG-SP"))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/xml"
        assert_valid(response.content)
        root = fromstring(response.content)
        assert (root.tag, root.get("version"), len(root)) == ("iati-activities", "2.03", 9)
        first = activity_of(response.content, "GB-CHC-286967-360G-THF-SP-001")
        assert first.find("reporting-org").attrib == {"ref": "GB-CHC-286967", "type": "60"}  # type: ignore[union-attr]
        budgets = [b.findtext("value") for b in first.iter("budget")]
        # The seed's budget lines by financial year, summing to the award's £420,000.
        assert budgets == ["60446.71", "122420.06", "133610.23", "103523.00"]

    async def test_one_grant_exactly(self, client: httpx.AsyncClient) -> None:
        funder, programme, award = await programme_with_a_grant(client)
        response = await export(client, programme["id"])
        assert_valid(response.content)
        item = activity_of(response.content, f"{funder['org_identifier']}-{award['identifier']}")
        assert item.find("activity-status").get("code") == "2"  # type: ignore[union-attr]
        kinds = [(d.get("type"), d.get("iso-date")) for d in item.iter("activity-date")]
        assert kinds == [("1", "2012-06-01"), ("3", "2015-12-31")]
        moves = [
            (t.find("transaction-type").get("code"), t.findtext("value"), t.find("value").attrib)  # type: ignore[union-attr]
            for t in item.iter("transaction")
        ]
        assert moves == [
            ("2", "419999.50", {"currency": "GBP", "value-date": "2012-06-01"}),
            ("3", "126000.50", {"currency": "GBP", "value-date": "2012-07-03"}),
        ]
        roles = [(o.get("role"), o.findtext("narrative")) for o in item.iter("participating-org")]
        assert roles == [("1", "Test Funder"), ("4", "Test Trust")]
        indicator = item.find("result/indicator")
        assert indicator is not None and indicator.attrib == {"measure": "1", "ascending": "0"}
        baseline = indicator.find("baseline")
        assert baseline is not None
        assert baseline.attrib == {"year": "2012", "iso-date": "2012-12-31", "value": "6.8"}
        periods = [
            (
                p.find("period-start").get("iso-date"),  # type: ignore[union-attr]
                p.find("period-end").get("iso-date"),  # type: ignore[union-attr]
                [(m.tag, m.get("value")) for m in p if m.tag in ("target", "actual")],
            )
            for p in indicator.iter("period")
        ]
        # The target day is in no measured period: it has one of its own, from the baseline.
        assert periods == [
            ("2012-12-31", "2015-12-31", [("target", "4.5")]),
            ("2013-01-01", "2013-03-31", [("actual", "6.4")]),
        ]

    async def test_budget_lines_are_budget_periods(self, client: httpx.AsyncClient) -> None:
        _, programme, award = await programme_with_a_grant(client)
        before = await export(client, programme["id"])
        item = fromstring(before.content)[0]
        # No lines yet: the award over its planned dates, a year at a time.
        assert [b.findtext("value") for b in item.iter("budget")] == [
            "117112.16",
            "117112.16",
            "117112.16",
            "68663.02",
        ]
        await make_budget_line(client, award, amount_pence=10_000_000)  # 2013-04-01..2014-03-31
        await make_budget_line(
            client, award, category="evaluation", period_end="2015-03-31", amount_pence=5_000_001
        )
        after = await export(client, programme["id"])
        assert_valid(after.content)
        budgets = [
            (
                b.find("period-start").get("iso-date"),  # type: ignore[union-attr]
                b.find("period-end").get("iso-date"),  # type: ignore[union-attr]
                b.findtext("value"),
            )
            for b in fromstring(after.content)[0].iter("budget")
        ]
        # The two-year line is shared by days over the two years the other line marks out.
        assert budgets == [
            ("2013-04-01", "2014-03-31", "125000.00"),
            ("2014-04-01", "2015-03-31", "25000.01"),
        ]

    async def test_approved_amendments_are_commitments_and_amend_the_dates(
        self, client: httpx.AsyncClient
    ) -> None:
        """The original commitment, then each approved change of the amount on its effective
        date (a reduction negative); the planned end and the budgets follow the amended terms;
        a proposal or a rejection is not published."""
        funder, programme, award = await programme_with_a_grant(client)
        decided = {"status": "approved", "decided_on": "2014-03-20"}
        cut = {"kind": "reduction", "amount_change_pence": -1_999_950}
        await make_amendment(client, award, ref="cut", **cut, **decided)
        uplift = {"amount_change_pence": 1_000_000, "effective_date": "2014-06-01"}
        await make_amendment(client, award, ref="more", **uplift, **decided)
        reprofile = {"kind": "reprofile", "amount_change_pence": 0, "new_end_date": "2015-09-30"}
        await make_amendment(client, award, ref="earlier", **reprofile, **decided)
        await make_amendment(client, award, ref="asked", amount_change_pence=5)  # proposed
        await make_amendment(
            client, award, ref="no", **cut, status="rejected", decided_on="2014-03-20"
        )
        response = await export(client, programme["id"])
        assert_valid(response.content)
        item = activity_of(response.content, f"{funder['org_identifier']}-{award['identifier']}")
        moves = [
            (
                t.find("transaction-type").get("code"),  # type: ignore[union-attr]
                t.get("ref"),
                t.findtext("value"),
                t.find("transaction-date").get("iso-date"),  # type: ignore[union-attr]
            )
            for t in item.iter("transaction")
        ]
        ident = award["identifier"]
        assert [(code, value, day) for code, _, value, day in moves] == [
            ("2", "419999.50", "2012-06-01"),
            ("2", "-19999.50", "2014-04-01"),
            ("2", "10000.00", "2014-06-01"),
            ("3", "126000.50", "2012-07-03"),
        ]
        assert [ref for _, ref, _, _ in moves[:3]] == [ident, f"{ident}-cut", f"{ident}-more"]
        kinds = [(d.get("type"), d.get("iso-date")) for d in item.iter("activity-date")]
        assert kinds == [("1", "2012-06-01"), ("3", "2015-09-30")]
        budgets = [
            (b.find("period-end").get("iso-date"), Decimal(b.findtext("value") or ""))  # type: ignore[union-attr]
            for b in item.iter("budget")
        ]
        assert budgets[-1][0] == "2015-09-30"
        assert sum(v for _, v in budgets) == Decimal("410000.00")

    async def test_a_programme_without_awards_has_no_activities(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        response = await export(client, programme["id"])
        assert response.status_code == 200
        assert response.content == b'<?xml version="1.0" encoding="UTF-8"?>\n' + (
            b'<iati-activities version="2.03">\n</iati-activities>\n'
        )

    async def test_an_unknown_programme_is_a_404_problem(self, client: httpx.AsyncClient) -> None:
        response = await export(client, "no-such-programme")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert (body["type"], body["errors"][0]["loc"]) == (
            "/problems/not-found",
            ["query", "programme_id"],
        )

    async def test_the_etag_follows_the_programme(self, client: httpx.AsyncClient) -> None:
        _, programme, award = await programme_with_a_grant(client)
        first = await export(client, programme["id"])
        tag = first.headers["etag"]
        again = await client.get(
            f"{API}/exports/iati.xml",
            params={"programme_id": programme["id"]},
            headers={"If-None-Match": tag},
        )
        assert (again.status_code, again.headers["etag"]) == (304, tag)
        await make_payment(client, award, status="paid", paid_date="2013-01-02", amount_pence=1)
        after = await export(client, programme["id"])
        assert after.status_code == 200 and after.headers["etag"] != tag
        assert after.content.count(b"<transaction ") == 3


class TestAccess:
    async def test_anonymous_callers_get_what_360giving_gives_them(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient
    ) -> None:
        _, programme, _ = await programme_with_a_grant(client)
        iati = await export(anon, programme["id"])
        giving = await anon.get(f"{API}/exports/360giving.json")
        assert (iati.status_code, giving.status_code) == (401, 401)

    @pytest.mark.usefixtures("public_read")
    async def test_with_public_reads_anyone_may_read_it(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient
    ) -> None:
        _, programme, _ = await programme_with_a_grant(client)
        iati = await export(anon, programme["id"])
        giving = await anon.get(f"{API}/exports/360giving.json")
        assert (iati.status_code, giving.status_code) == (200, 200)
        assert iati.content == (await export(client, programme["id"])).content


class TestCommandLine:
    async def test_the_cli_writes_the_same_document(
        self, client: httpx.AsyncClient, settings: Settings, tmp_path: Path
    ) -> None:
        _, programme, _ = await programme_with_a_grant(client)
        served = (await export(client, programme["id"])).content
        out = tmp_path / "iati.xml"
        command = [sys.executable, "-m", "api.cli", "export", "iati"]
        command += ["--programme", programme["code"], "--out", str(out)]
        env = {**os.environ, "SP_DATABASE_URL": settings.database_url}
        done = await anyio.run_process(command, env=env, check=False)
        assert done.returncode == 0, done.stderr.decode()
        assert done.stderr.decode().strip() == "Exported 1 activities."
        assert out.read_bytes() == served


HOSTILE = "<b>&amp; \"quotes\" 'n' ]]> \x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff end\r\nnext\rlast 😀"
CLEANED = "<b>&amp; \"quotes\" 'n' ]]>  end\nnext\nlast 😀"


class TestHostileText:
    async def test_text_xml_cannot_hold_is_removed(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        _, programme, award = await programme_with_a_grant(client)
        # Written around the API, as an old load or another tool might have left it.
        async with db.write_engine.begin() as conn:
            await conn.execute(
                text("UPDATE teams SET project_title = :t, summary = :s WHERE id = :id"),
                {"t": HOSTILE, "s": HOSTILE, "id": award["team_id"]},
            )
            await conn.execute(text("UPDATE quality_goals SET statement = :t"), {"t": HOSTILE})
            await conn.execute(text("UPDATE indicator_periods SET comment = :t"), {"t": HOSTILE})
        response = await export(client, programme["id"])
        assert response.status_code == 200
        assert_valid(response.content)
        item = fromstring(response.content)[0]
        assert item.findtext("title/narrative") == CLEANED
        assert item.findtext("description/narrative") == CLEANED
        assert item.findtext("result/title/narrative") == CLEANED
        assert item.findtext("result/indicator/period/actual/comment/narrative") == CLEANED


class TestPieces:
    def test_money_is_exact(self) -> None:
        assert [money(p) for p in (41_999_950, 1, 0, 9_223_372_036_854_775_807)] == [
            "419999.50",
            "0.01",
            "0.00",
            "92233720368547758.07",
        ]

    def test_numbers_have_no_exponent(self) -> None:
        assert [number(v) for v in (6.0, 1e-05, 1e20, 4.5, None, float("nan"))] == [
            "6",
            "0.00001",
            "100000000000000000000",
            "4.5",
            None,
            None,
        ]

    def test_a_budget_is_split_into_years_that_sum_exactly(self) -> None:
        periods = budget_periods(date(2012, 2, 29), date(2014, 3, 1), 100_001)
        assert periods == [
            (date(2012, 2, 29), date(2013, 2, 28), 50_000),  # 366 of 732 days, rounded down
            (date(2013, 3, 1), date(2014, 2, 28), 49_864),
            (date(2014, 3, 1), date(2014, 3, 1), 137),
        ]
        assert sum(p for _, _, p in periods) == 100_001

    def test_overlapping_lines_become_periods_that_do_not_overlap(self) -> None:
        lines = [
            (date(2012, 9, 1), date(2013, 3, 31), 3_000_000),
            (date(2012, 9, 1), date(2015, 11, 30), 1_000_001),  # longer than a year
            (date(2013, 4, 1), date(2014, 3, 31), 7_000_000),
        ]
        periods = line_periods(lines)
        assert periods == [
            # The long line's 1,186 days: 212, 365, 365 and 244 in the four periods.
            (date(2012, 9, 1), date(2013, 3, 31), 3_178_752),
            (date(2013, 4, 1), date(2014, 3, 31), 7_307_757),
            (date(2014, 4, 1), date(2015, 3, 31), 307_758),
            (date(2015, 4, 1), date(2015, 11, 30), 205_734),
        ]
        assert sum(p for _, _, p in periods) == 11_000_001

    @settings(max_examples=300, deadline=None)
    @given(st.text(st.characters(exclude_categories=())))  # surrogates and controls too
    def test_any_text_serialises_to_xml_that_parses_back(self, value: str) -> None:
        element = Element("narrative")
        SubElement(element, "n", {"a": xml_text(value)}).text = xml_text(value)
        parsed = fromstring(tostring(element, encoding="unicode").encode())[0]
        assert (parsed.text or "", parsed.get("a")) == (xml_text(value), xml_text(value))
