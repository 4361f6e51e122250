"""The Shared Purpose seed and the demo generator, both written in the load format and loaded by
the import engine (README: the seed and the demo): idempotent, every row read back through the
API, every rule kept."""

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel
from sqlalchemy import text

from api.awards.schemas import AwardRead
from api.config import Settings
from api.db import Database
from api.evidence.schemas import EvidenceRead
from api.imports.commands import load_sources
from api.imports.readers import Source
from api.milestones.schemas import MilestoneRead
from api.models import Base
from api.models.enums import MilestoneStatus, QualityDimension, SupportType
from api.organisations.schemas import OrganisationRead
from api.payments.schemas import PaymentRead
from api.programmes.schemas import ProgrammeRead
from api.results.schemas import IndicatorRead, PeriodRead, QualityGoalRead
from api.seed.data import seed_document
from api.seed.demo import generate_demo
from api.seed.load import SeedError, load_seed, summary
from api.support.schemas import SupportActivityRead
from api.teams.schemas import PartnerRead, TeamRead
from tests.conftest import count_rows
from tests.factories import API, make_organisation

pytestmark = pytest.mark.anyio

Row = dict[str, Any]
SOURCE = (
    "https://www.health.org.uk/improvement-projects/"
    "using-value-based-interviewing-to-deliver-high-quality-health-care-and-improve"
)


async def get_all(client: httpx.AsyncClient, path: str, **params: str) -> list[Row]:
    """Every row of a list, following ``next_cursor``."""
    items: list[Row] = []
    query: dict[str, str | int] = {"limit": 500, **params}
    while True:
        response = await client.get(f"{API}{path}", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        if body["next_cursor"] is None:
            return items
        query["cursor"] = body["next_cursor"]


async def programme(client: httpx.AsyncClient, code: str) -> Row:
    found = [p for p in await get_all(client, "/programmes", q=code) if p["code"] == code]
    assert len(found) == 1, code
    return found[0]


async def snapshot(db: Database) -> dict[str, dict[str, tuple[int, Any]]]:
    """Every resource row's version and updated_at, by table."""
    out = {}
    async with db.read_engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if "version" in table.c:
                sql = text(f'SELECT id, version, updated_at FROM "{table.name}"')
                out[table.name] = {r[0]: (r[1], r[2]) for r in await conn.execute(sql)}
    return out


@pytest.fixture
async def seeded(client: httpx.AsyncClient, settings: Settings) -> Row:
    """The seed loaded (``client`` wipes it afterwards); returns the Shared Purpose programme."""
    await load_seed(settings)
    return await programme(client, "CTG-SP")


class TestSeedContent:
    async def test_the_series_and_its_three_rounds(
        self, client: httpx.AsyncClient, seeded: Row
    ) -> None:
        series = await programme(client, "CTG")
        rounds = await get_all(client, "/programmes", parent_id=series["id"])
        assert [(r["round"], r["max_teams"], r["award_cap_pence"]) for r in rounds] == [
            (1, 11, None),
            (2, 7, None),
            (3, 9, 42_000_000),
        ]
        assert (seeded["start_date"], seeded["end_date"]) == ("2012-06-01", "2015-12-31")
        assert len(seeded["aims"]) == 3
        funder = await client.get(f"{API}/organisations/{seeded['funder_id']}")
        assert funder.json()["org_identifier"] == "GB-CHC-286967"

    async def test_nine_teams_one_sourced_eight_synthetic(
        self, client: httpx.AsyncClient, seeded: Row
    ) -> None:
        teams = await get_all(client, "/teams", programme_id=seeded["id"])
        assert len(teams) == 9
        sourced = [t for t in teams if t["provenance"] == "sourced"]
        assert [(t["project_title"], t["source_url"]) for t in sourced] == [
            (
                "Using value-based interviewing to deliver high-quality health care and "
                "improve patient experience",
                SOURCE,
            )
        ]
        synthetic = [t for t in teams if t["provenance"] == "synthetic"]
        assert len(synthetic) == 8
        assert all("(synthetic)" in t["name"] for t in synthetic)
        leads = {t["lead_organisation_id"] for t in synthetic}
        orgs = {o["id"]: o for o in await get_all(client, "/organisations")}
        assert all(orgs[i]["org_identifier"].startswith("XI-SYNTH-") for i in leads)
        partners = await get_all(client, f"/teams/{sourced[0]['id']}/partners")
        named = {orgs[p["organisation_id"]]["name"]: p["role"] for p in partners}
        assert named == {
            "Oxford University Hospitals NHS Trust": "lead",
            "NSPCC": "partner",
            "Oxfordshire Adult Safeguarding Board": "partner",
        }

    async def test_nine_awards_of_420000_pounds_and_payments_within_them(
        self, client: httpx.AsyncClient, seeded: Row
    ) -> None:
        awards = [
            a
            for a in await get_all(client, "/awards")
            if a["identifier"].startswith("360G-THF-SP-")
        ]
        assert sorted(a["identifier"] for a in awards) == [
            f"360G-THF-SP-{i:03d}" for i in range(1, 10)
        ]
        assert sum(a["amount_pence"] for a in awards) == 378_000_000
        assert all(a["cap_difference_pence"] == 0 for a in awards)
        payments = await get_all(client, "/payments")
        for award in awards:
            mine = [p for p in payments if p["award_id"] == award["id"]]
            live = sum(p["amount_pence"] for p in mine if p["status"] != "cancelled")
            assert live <= award["amount_pence"]
        statuses = Counter(p["status"] for p in payments)
        assert set(statuses) == {"paid", "approved", "scheduled", "cancelled"}
        assert all(p["paid_date"] for p in payments if p["status"] == "paid")

    async def test_goals_cover_the_six_dimensions_with_both_kinds_of_service(
        self, client: httpx.AsyncClient, seeded: Row
    ) -> None:
        goals = await get_all(client, "/quality-goals")
        assert {g["dimension"] for g in goals} == set(QualityDimension)
        assert all(g["corporate_services"] and g["clinical_services"] for g in goals)
        indicators = await get_all(client, "/indicators")
        with_values = [i for i in indicators if i["baseline_value"] is not None]
        assert len(with_values) == 8 and all(i["target_value"] is not None for i in with_values)
        after = [
            p
            for i in with_values
            for p in await get_all(client, f"/indicators/{i['id']}/periods", from_date="2016-01-01")
        ]
        assert after, "some periods fall after the funding (sustainability)"

    async def test_all_four_support_types(self, client: httpx.AsyncClient, seeded: Row) -> None:
        activities = await get_all(client, "/support-activities", programme_id=seeded["id"])
        assert {a["type"] for a in activities} == set(SupportType)
        for a in activities:
            assert "2012-06-01" <= a["start_date"] <= a["end_date"] <= "2015-12-31"
            if a["type"] in ("coaching", "diagnostic_needs_assessment"):
                assert len(a["team_ids"]) == 1
            if a["type"] == "learning_event":
                assert a["team_ids"]

    async def test_milestones_in_every_status(self, client: httpx.AsyncClient, seeded: Row) -> None:
        milestones = await get_all(client, "/milestones", programme_id=seeded["id"])
        assert {m["status"] for m in milestones} == set(MilestoneStatus)
        assert any(m["team_id"] is None for m in milestones)
        assert any(m["depends_on_ids"] for m in milestones)
        for m in milestones:
            if m["kind"] == "sustainability":
                assert m["due_date"] > "2015-12-31"
            else:
                assert "2012-06-01" <= m["due_date"] <= "2015-12-31"
            assert (m["completed_date"] is not None) == (m["status"] == "achieved")

    async def test_evidence_links_are_http_and_some_are_exemplars(
        self, client: httpx.AsyncClient, seeded: Row
    ) -> None:
        evidence = await get_all(client, "/evidence", programme_id=seeded["id"])
        assert any(e["is_exemplar"] for e in evidence)
        assert len({e["kind"] for e in evidence}) >= 5
        assert all(e["url"].startswith(("https://", "http://")) for e in evidence)
        assert [e["url"] for e in evidence if not e["url"].startswith("https://example.org/")] == [
            SOURCE
        ]


class TestSeedIsIdempotent:
    async def test_a_second_run_changes_nothing(
        self, client: httpx.AsyncClient, settings: Settings, db: Database
    ) -> None:
        first = await load_seed(settings)
        before = await snapshot(db)
        second = await load_seed(settings)
        assert await snapshot(db) == before
        assert first.total("created") == second.total("unchanged") > 250
        assert (second.total("created"), second.total("updated")) == (0, 0)
        assert "0 created, 0 updated, 296 unchanged" in summary(second)

    async def test_a_changed_row_is_put_back_and_nothing_else_moves(
        self, client: httpx.AsyncClient, settings: Settings, db: Database
    ) -> None:
        await load_seed(settings)
        sp = await programme(client, "CTG-SP")
        team = (await get_all(client, "/teams", programme_id=sp["id"], q="Synthetic Team A"))[0]
        patched = await client.patch(f"{API}/teams/{team['id']}", json={"summary": "edited"})
        assert patched.status_code == 200, patched.text
        before = await snapshot(db)
        report = await load_seed(settings)
        after = await snapshot(db)
        assert report.counts["teams"]["updated"] == 1 and report.total("updated") == 1
        restored = (await client.get(f"{API}/teams/{team['id']}")).json()
        assert restored["summary"] == team["summary"]
        assert restored["version"] == patched.json()["version"] + 1
        changed = {(t, i) for t in after for i in after[t] if after[t][i] != before[t][i]}
        assert changed == {("teams", team["id"])}

    async def test_the_written_document_loads_back_unchanged(
        self, client: httpx.AsyncClient, settings: Settings, db: Database, tmp_path: Path
    ) -> None:
        """``seed --write`` gives a file ``shared-purpose load`` reads (README: the seed)."""
        first = await load_seed(settings)
        path = tmp_path / "shared-purpose.json"
        path.write_bytes(seed_document().as_json())
        before = await snapshot(db)
        report = await load_sources(settings, [Source.path(path)])
        assert report.as_dict()["resources"] == {
            name: {"created": 0, "updated": 0, "unchanged": counts["created"], "rejected": 0}
            for name, counts in first.as_dict()["resources"].items()
        }
        assert await snapshot(db) == before
        events = await get_all(client, "/audit-events", resource="imports")
        assert [e["after"]["files"] for e in events] == [
            ["shared-purpose.json"],
            ["shared-purpose-seed.json"],
        ]

    async def test_a_refused_row_leaves_nothing_behind(
        self, client: httpx.AsyncClient, settings: Settings, db: Database
    ) -> None:
        # Someone already holds the funder's org-id under another ref: the seed is refused whole.
        await make_organisation(client, org_identifier="GB-CHC-286967", kind="funder")
        with pytest.raises(SeedError, match="org_identifier"):
            await load_seed(settings)
        assert await count_rows(db, "organisations") == 1
        assert await count_rows(db, "programmes") == 0


DEMO = 25
READS: dict[str, type[BaseModel]] = {
    "/programmes": ProgrammeRead,
    "/organisations": OrganisationRead,
    "/teams": TeamRead,
    "/quality-goals": QualityGoalRead,
    "/indicators": IndicatorRead,
    "/awards": AwardRead,
    "/payments": PaymentRead,
    "/milestones": MilestoneRead,
    "/support-activities": SupportActivityRead,
    "/evidence": EvidenceRead,
}


class TestDemo:
    async def test_counts(
        self, client: httpx.AsyncClient, settings: Settings, db: Database
    ) -> None:
        summary = await generate_demo(settings, DEMO, quiet=True)
        assert summary.startswith(f"DEMO-{DEMO}: {DEMO} synthetic teams")
        expected = {
            "programmes": 1,
            "programme_versions": 1,  # so its read models get cheap ETags and the cache
            "organisations": DEMO + 1,  # and the demo funder
            "teams": DEMO,
            "team_partners": DEMO,
            "awards": DEMO,
            "payments": 3 * DEMO,
            "milestones": 19 * DEMO + 22,
            "quality_goals": DEMO,
            "indicators": DEMO,
            "support_activities": 2 * DEMO + 7 + 1,  # per team, one cohort's 6+1, the synthesis
            "evidence": DEMO + 5,
        }
        assert {t: await count_rows(db, t) for t in expected} == expected
        periods = await count_rows(db, "indicator_periods")
        assert periods > 0 and periods % DEMO == 0

    async def test_every_row_reads_back_through_the_api(
        self, client: httpx.AsyncClient, settings: Settings, db: Database
    ) -> None:
        await generate_demo(settings, DEMO, quiet=True)
        for path, schema in READS.items():
            rows = await get_all(client, path)
            assert rows, path
            for row in rows:
                schema.model_validate(row)
        nested = 0
        for team in await get_all(client, "/teams"):
            for row in await get_all(client, f"/teams/{team['id']}/partners"):
                PartnerRead.model_validate(row)
                nested += 1
        for indicator in await get_all(client, "/indicators"):
            for row in await get_all(client, f"/indicators/{indicator['id']}/periods"):
                PeriodRead.model_validate(row)
                nested += 1
        assert nested == DEMO + await count_rows(db, "indicator_periods")

    async def test_every_row_keeps_the_rules(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        await generate_demo(settings, DEMO, quiet=True)
        prog = await programme(client, f"DEMO-{DEMO}")
        start, end = prog["start_date"], prog["end_date"]
        assert (prog["max_teams"], prog["award_cap_pence"]) == (DEMO, 42_000_000)
        assert len(await get_all(client, "/teams", programme_id=prog["id"])) <= DEMO
        awards = {a["id"]: a for a in await get_all(client, "/awards")}
        for a in awards.values():
            assert 0 < a["amount_pence"] <= 42_000_000
            dates = [a["award_date"], a["planned_start_date"], a["planned_end_date"]]
            assert all(start <= d <= end for d in dates)
            assert a["planned_start_date"] < a["planned_end_date"]
        committed: Counter[str] = Counter()
        for p in await get_all(client, "/payments"):
            assert (p["paid_date"] is not None) == (p["status"] == "paid")
            if p["status"] != "cancelled":
                committed[p["award_id"]] += p["amount_pence"]
        assert all(total <= awards[a]["amount_pence"] for a, total in committed.items())
        milestones = await get_all(client, "/milestones", programme_id=prog["id"])
        ids = {m["id"] for m in milestones}
        assert {m["status"] for m in milestones} == set(MilestoneStatus)
        for m in milestones:
            after = m["kind"] == "sustainability"
            assert m["due_date"] > end if after else start <= m["due_date"] <= end
            assert m["status"] != "achieved" or m["completed_date"] is not None
            assert set(m["depends_on_ids"]) <= ids
        for s in await get_all(client, "/support-activities", programme_id=prog["id"]):
            assert start <= s["start_date"] <= s["end_date"] <= end
            if s["type"] in ("coaching", "diagnostic_needs_assessment"):
                assert len(s["team_ids"]) == 1
            elif s["type"] == "learning_event":
                assert s["team_ids"]
        for goal in await get_all(client, "/quality-goals"):
            assert goal["corporate_services"] and goal["clinical_services"]
        for e in await get_all(client, "/evidence", programme_id=prog["id"]):
            assert e["url"].startswith("https://example.org/")

    async def test_running_again_the_same_day_changes_nothing(
        self, client: httpx.AsyncClient, settings: Settings, db: Database
    ) -> None:
        today = date(2025, 5, 14)
        first = await generate_demo(settings, DEMO, quiet=True, today=today)
        prog = await programme(client, f"DEMO-{DEMO}")
        before = await snapshot(db)
        rows = int(first.split(" rows (")[0].rsplit(" ", 1)[1].replace(",", ""))
        assert f"({rows:,} created, 0 updated, 0 unchanged)" in first
        again = await generate_demo(settings, DEMO, quiet=True, today=today)
        assert f"(0 created, 0 updated, {rows:,} unchanged)" in again
        assert await snapshot(db) == before
        assert (await programme(client, f"DEMO-{DEMO}"))["id"] == prog["id"]

    async def test_the_seed_and_a_demo_live_side_by_side(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        await load_seed(settings)
        await generate_demo(settings, 3, quiet=True)
        again = await load_seed(settings)
        assert (again.total("created"), again.total("updated")) == (0, 0)
        assert len(await get_all(client, "/teams")) == 9 + 3
        assert date.fromisoformat((await programme(client, "DEMO-3"))["end_date"]) > date.today()
