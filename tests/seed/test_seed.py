"""The Shared Purpose seed: a load document loaded by the import engine (README: the seed and the
demo are loads), idempotent, its published facts read back through the API."""

import json
from collections import Counter
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app
from api.config import Settings
from api.db import Database
from api.imports.commands import load_sources
from api.imports.readers import Source
from api.models.enums import MilestoneStatus, QualityDimension, SupportType
from api.seed.data import seed_document
from api.seed.load import SeedError, load_seed, summary
from tests.conftest import count_rows
from tests.factories import API, make_organisation
from tests.seed.reads import Row, get_all, programme, snapshot

pytestmark = pytest.mark.anyio

SOURCE = (
    "https://www.health.org.uk/improvement-projects/"
    "using-value-based-interviewing-to-deliver-high-quality-health-care-and-improve"
)


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
        # Each award's synthetic budget: eight lines adding up to the award.
        lines = await get_all(client, "/budget-lines")
        for award in awards:
            mine = [line for line in lines if line["award_id"] == award["id"]]
            assert len(mine) == 8
            assert sum(line["amount_pence"] for line in mine) == 42_000_000
            assert all(line["description"].startswith("Synthetic: ") for line in mine)
        assert all(p["paid_date"] for p in payments if p["status"] == "paid")

    async def test_two_extensions_approved_and_an_uplift_rejected(
        self, client: httpx.AsyncClient, seeded: Row
    ) -> None:
        """Every award is at the cap and fully committed, so only dates could move: two awards
        end a month later, an uplift was declined; the money stays £420,000 each."""
        amendments = await get_all(client, "/award-amendments", programme_id=seeded["id"])
        assert sorted((a["kind"], a["status"]) for a in amendments) == [
            ("extension", "approved"),
            ("extension", "approved"),
            ("uplift", "rejected"),
        ]
        assert all(a["reason"].startswith("Synthetic: ") for a in amendments)
        awards = {a["id"]: a for a in await get_all(client, "/awards", programme_id=seeded["id"])}
        extended = {a["award_id"] for a in amendments if a["status"] == "approved"}
        for award in awards.values():
            assert award["amended_amount_pence"] == award["amount_pence"] == 42_000_000
            end = "2015-12-31" if award["id"] in extended else award["planned_end_date"]
            assert award["amended_end_date"] == end

    async def test_spend_reports_approved_submitted_and_owed(
        self, client: httpx.AsyncClient, seeded: Row
    ) -> None:
        """Each award: two approved reports with lines (the second satisfying the interim
        report's milestone where it was achieved), one awaiting review, one draft past due."""
        reports = await get_all(client, "/spend-reports", programme_id=seeded["id"])
        lines = await get_all(client, "/spend-lines")
        milestones = {m["id"]: m for m in await get_all(client, "/milestones")}
        by_award: dict[str, list[Row]] = {}
        for report in reports:
            by_award.setdefault(report["award_id"], []).append(report)
            assert report["narrative"].startswith("Synthetic: ")
            if report["milestone_id"] is not None:
                milestone = milestones[report["milestone_id"]]
                assert (milestone["kind"], milestone["status"]) == ("reporting", "achieved")
                assert report["status"] == "approved"
                assert report["decided_on"] <= milestone["completed_date"]
        assert len(by_award) == 9
        for mine in by_award.values():
            assert [r["status"] for r in mine] == ["approved", "approved", "submitted", "draft"]
            assert all(any(ln["report_id"] == r["id"] for ln in lines) for r in mine)
        linked = Counter(
            milestones[r["milestone_id"]]["title"] for r in reports if r["milestone_id"]
        )
        assert linked == {"Baseline measures agreed": 9, "Interim report submitted": 7}

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


class TestSeedDocument:
    def test_seed_write_writes_the_load_document(self, tmp_path: Path) -> None:
        """``shared-purpose seed --write FILE`` writes the document the seed loads."""
        path = tmp_path / "seed.json"
        result = CliRunner().invoke(app, ["seed", "--write", str(path)])
        assert result.exit_code == 0, result.output
        assert path.read_bytes() == seed_document().as_json()
        body = json.loads(path.read_bytes())
        assert {name: len(rows) for name, rows in body.items()} == {
            "organisations": 20,
            "programmes": 4,
            "teams": 9,
            "team-partners": 19,
            "quality-goals": 9,
            "indicators": 9,
            "indicator-periods": 62,
            "milestones": 75,
            "awards": 9,
            "award-amendments": 3,
            "budget-lines": 72,
            "spend-reports": 36,
            "spend-lines": 90,
            "payments": 29,
            "support-activities": 26,
            "evidence": 11,
            "sustainability-checkins": 14,
        }
        assert body["payments"][0] == {
            "ref": "sp-ouh-pay-initial",
            "programme_ref": "ctg-sp",
            "team_ref": "sp-ouh",
            "award_ref": "sp-ouh-award",
            "instalment": "initial",
            "scheduled_date": "2012-09-03",
            "paid_date": "2012-09-14",
            "amount_pence": 12_600_000,
            "currency": "GBP",
            "status": "paid",
            "milestone_ref": None,
        }


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
        assert "0 created, 0 updated, 497 unchanged" in summary(second)

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
