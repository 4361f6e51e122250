"""360Giving: the export validates against the standard's schema; a 360Giving file imports."""

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from api.db import Database
from tests.assertions import unchanged
from tests.conftest import count_rows, missing
from tests.factories import API, make_amendment, make_award, make_payment, make_team

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[2]
GRANT_1_4_2 = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"


def schema_dir() -> Path:
    folder = Path(os.environ.get("SP_360GIVING_SCHEMA_DIR") or ROOT / "../shared/data/360giving")
    if not (folder / "360-giving-package-schema.json").is_file():
        missing(f"the 360Giving schemas are not in {folder} (set SP_360GIVING_SCHEMA_DIR)")
    return folder


def validator() -> Draft202012Validator:
    """The package schema, its $ref to the grant schema resolved to the local copy."""
    folder = schema_dir()
    package = json.loads((folder / "360-giving-package-schema.json").read_text())
    # The files name their dialect by an http:// URI that ``referencing`` does not know.
    grant = DRAFT202012.create_resource(json.loads((folder / "360-giving-schema.json").read_text()))
    registry: Registry[Any] = Registry().with_resources(
        [(GRANT_1_4_2, grant), (grant.id() or "", grant)]
    )
    return Draft202012Validator(package, registry=registry, format_checker=FORMATS)


# The schema tells dates from date-times with ``oneOf: [{format: date-time}, {pattern: date}]``,
# which only works with formats checked, as 360Giving's own validator does.
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def is_date_time(value: object) -> bool:
    return not isinstance(value, str) or ("T" in value and bool(datetime.fromisoformat(value)))


@FORMATS.checks("uri")
def is_uri(value: object) -> bool:
    return not isinstance(value, str) or urlsplit(value).scheme in ("http", "https")


async def awarded(client: httpx.AsyncClient) -> dict[str, Any]:
    team = await make_team(
        client, summary="Recruiting for values.", source_url="https://example.org/t"
    )
    award = await make_award(client, team, amount_pence=41_999_950, actual_start_date="2012-07-01")
    await make_payment(
        client, award, status="paid", paid_date="2012-07-03", amount_pence=12_600_000
    )
    await make_payment(client, award, instalment="interim", amount_pence=100)
    return award


class TestExport:
    async def test_json_validates_against_the_standard(self, client: httpx.AsyncClient) -> None:
        check = validator()
        award = await awarded(client)
        await make_award(client)  # one with no payments
        response = await client.get(f"{API}/exports/360giving.json")
        assert response.status_code == 200
        package = response.json()
        errors = sorted(check.iter_errors(package), key=lambda e: list(e.path))
        assert errors == [], [e.message for e in errors]
        grant = next(g for g in package["grants"] if g["id"] == award["identifier"])
        assert grant["amountAwarded"] == 419_999.5
        assert grant["amountDisbursed"] == 126_000
        assert [t["value"] for t in grant["disbursementTransaction"]] == [126_000]
        assert grant["recipientOrganization"][0]["id"].startswith("GB-TEST-")
        assert grant["fundingOrganization"][0]["id"].startswith("GB-TEST-")
        assert grant["plannedDates"] == [{"startDate": "2012-06-01", "endDate": "2015-12-31"}]
        assert grant["dateModified"].endswith("+00:00")

    async def test_amounts_and_dates_are_the_amended_terms(self, client: httpx.AsyncClient) -> None:
        """The grant as it now stands: approved amendments count, a proposal does not; the
        approval moves dateModified."""
        check = validator()
        award = await make_award(client, amount_pence=30_000_000, planned_end_date="2014-12-31")
        decided = {"status": "approved", "decided_on": "2014-03-20"}
        await make_amendment(client, award, amount_change_pence=2_000_050, **decided)
        await make_amendment(client, award, amount_change_pence=5_000_000)  # proposed
        extension = await make_amendment(
            client,
            award,
            kind="extension",
            amount_change_pence=0,
            new_end_date="2015-06-30",
            **decided,
        )
        response = await client.get(f"{API}/exports/360giving.json")
        package = response.json()
        errors = sorted(check.iter_errors(package), key=lambda e: list(e.path))
        assert errors == [], [e.message for e in errors]
        (grant,) = (g for g in package["grants"] if g["id"] == award["identifier"])
        assert grant["amountAwarded"] == 320_000.5
        assert grant["plannedDates"] == [{"startDate": "2012-06-01", "endDate": "2015-06-30"}]
        assert grant["dateModified"] == extension["updated_at"].replace("Z", "+00:00")
        csv = await client.get(f"{API}/exports/360giving.csv")
        row = next(r for r in csv.text.splitlines() if r.startswith(award["identifier"]))
        assert ",320000.5," in row and ",2015-06-30," in row

    async def test_csv_has_the_standard_titles(self, client: httpx.AsyncClient) -> None:
        award = await awarded(client)
        response = await client.get(f"{API}/exports/360giving.csv")
        header, row = response.text.splitlines()[:2]
        assert header.startswith("Identifier,Title,Description,Currency,Amount Awarded")
        assert row.startswith(award["identifier"])


class TestImport:
    async def test_a_360giving_file_creates_then_matches(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await awarded(client)
        exported = (await client.get(f"{API}/exports/360giving.json")).content
        csv_export = (await client.get(f"{API}/exports/360giving.csv")).content
        from tests.conftest import wipe

        await wipe(db)
        from api.models.enums import Role
        from tests.conftest import api_key

        client.headers["Authorization"] = f"Bearer {await api_key(db, Role.admin)}"
        first = await client.post(f"{API}/imports", files=[("file", ("grants.json", exported))])
        assert first.status_code == 200, first.text
        assert first.json()["resources"] == {
            "organisations": {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0},
            "programmes": {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0},
            "teams": {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0},
            "awards": {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0},
            "payments": {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0},
        }
        award = (await client.get(f"{API}/awards")).json()["items"][0]
        assert (award["amount_pence"], award["actual_start_date"]) == (41_999_950, "2012-07-01")
        again = await client.post(f"{API}/imports", files=[("file", ("grants.json", exported))])
        assert again.json()["totals"]["unchanged"] == 5  # the programme is matched, not re-sent
        as_csv = await client.post(f"{API}/imports", files=[("file", ("grants.csv", csv_export))])
        assert as_csv.status_code == 200, as_csv.text
        assert as_csv.json()["totals"]["created"] == 0
        assert await count_rows(db, "awards") == 1

    async def test_an_amended_awards_own_export_reloads_through_its_amendments(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        """The file holds the grant as it now stands; read back, the award's original figures
        stay as they were (the amendments are not counted twice)."""
        award = await make_award(client, amount_pence=30_000_000, planned_end_date="2014-12-31")
        decided = {"status": "approved", "decided_on": "2014-03-20"}
        await make_amendment(client, award, amount_change_pence=2_000_050, **decided)
        extension = {"kind": "extension", "amount_change_pence": 0, "new_end_date": "2015-06-30"}
        await make_amendment(client, award, **extension, **decided)
        package = (await client.get(f"{API}/exports/360giving.json")).json()

        def upload(grants: list[dict[str, object]]) -> dict[str, object]:
            return {"file": ("grants.json", json.dumps({"grants": grants}).encode())}

        (grant,) = (g for g in package["grants"] if g["id"] == award["identifier"])
        same = await client.post(f"{API}/imports", files=upload([grant]))
        assert same.status_code == 200, same.text
        assert same.json()["resources"]["awards"]["unchanged"] == 1
        read = (await client.get(f"{API}/awards/{award['id']}")).json()
        assert (read["amount_pence"], read["planned_end_date"]) == (30_000_000, "2014-12-31")
        assert (read["amended_amount_pence"], read["amended_end_date"]) == (
            32_000_050,
            "2015-06-30",
        )

        # The file's own change of amount lands in the original, so the grant then stands at it.
        more = await client.post(
            f"{API}/imports", files=upload([grant | {"amountAwarded": 330_000.5}])
        )
        assert more.status_code == 200, more.text
        read = (await client.get(f"{API}/awards/{award['id']}")).json()
        assert (read["amount_pence"], read["amended_amount_pence"]) == (31_000_000, 33_000_050)

        # A date an amendment set cannot be moved by a file: that is an amendment's to do.
        moved = grant | {"plannedDates": [{"startDate": "2012-06-01", "endDate": "2015-09-30"}]}
        async with unchanged(db, "awards"):
            refused = await client.post(f"{API}/imports", files=upload([moved]))
        assert refused.status_code == 422, refused.text
        assert "change it with an amendment" in refused.text
