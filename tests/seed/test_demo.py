"""The demo generator: ``DEMO-<N>`` written in the load format and loaded by the import engine
(README: the seed and the demo are loads), every row read back through the API and keeping the
rules."""

from collections import Counter
from datetime import date

import httpx
import pytest
from pydantic import BaseModel

from api.awards.schemas import AwardRead
from api.budgets.schemas import BudgetLineRead
from api.config import Settings
from api.db import Database
from api.evidence.schemas import EvidenceRead
from api.milestones.schemas import MilestoneRead
from api.models.enums import MilestoneStatus
from api.organisations.schemas import OrganisationRead
from api.payments.schemas import PaymentRead
from api.programmes.schemas import ProgrammeRead
from api.reports.schemas import SpendLineRead, SpendReportRead
from api.results.schemas import IndicatorRead, PeriodRead, QualityGoalRead
from api.seed.demo import generate_demo
from api.seed.load import load_seed
from api.support.schemas import SupportActivityRead
from api.teams.schemas import PartnerRead, TeamRead
from tests.conftest import count_rows
from tests.seed.reads import get_all, programme, snapshot

pytestmark = pytest.mark.anyio

DEMO = 25
READS: dict[str, type[BaseModel]] = {
    "/programmes": ProgrammeRead,
    "/organisations": OrganisationRead,
    "/teams": TeamRead,
    "/quality-goals": QualityGoalRead,
    "/indicators": IndicatorRead,
    "/awards": AwardRead,
    "/budget-lines": BudgetLineRead,
    "/payments": PaymentRead,
    "/spend-reports": SpendReportRead,
    "/spend-lines": SpendLineRead,
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
            "budget_lines": 3 * DEMO,
            "award_amendments": 3,  # every tenth team's (1, 11, 21)
            "spend_reports": DEMO,  # the first half-year's, approved
            "spend_lines": 3 * DEMO,
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
        budgeted: Counter[str] = Counter()
        for line in await get_all(client, "/budget-lines"):
            award = awards[line["award_id"]]
            assert award["planned_start_date"] <= line["period_start"]
            assert line["period_end"] <= award["planned_end_date"]
            budgeted[line["award_id"]] += line["amount_pence"]
        assert budgeted == {a: award["amount_pence"] for a, award in awards.items()}
        # The amendments: an approved extension to the programme's end, else a rejected uplift.
        for amendment in await get_all(client, "/award-amendments"):
            award = awards[amendment["award_id"]]
            extended = amendment["status"] == "approved"
            assert amendment["kind"] == ("extension" if extended else "uplift")
            assert award["amended_end_date"] == (end if extended else award["planned_end_date"])
            assert award["amended_amount_pence"] == award["amount_pence"]
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
