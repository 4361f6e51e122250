"""A programme with budgets, amendments and spend reports, for the money read models.

Awards, budget lines and payments go through the API; amendments, spend reports and spend lines
are written as rows (their resources and rules are built elsewhere; the read models only read
them), through the ORM so the programme's data version moves as on any write.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from api.db import Database
from api.models import AwardAmendment, SpendLine, SpendReport
from api.models.enums import AmendmentKind, AmendmentStatus, ReportStatus
from tests.factories import (
    Row,
    make_award,
    make_budget_line,
    make_payment,
    make_programme,
    make_team,
    n,
)


def day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


async def add_rows(db: Database, *rows: Any) -> None:
    async with db.sessionmaker() as session, session.begin():
        session.add_all(rows)


def amendment(award: Row, kind: str, change: int, effective: str, status: str, **kw: Any) -> Any:
    return AwardAmendment(
        award_id=award["id"],
        ref=f"AM-{n()}",
        kind=AmendmentKind(kind),
        amount_change_pence=change,
        currency="GBP",
        new_start_date=day(kw.get("new_start_date")),
        new_end_date=day(kw.get("new_end_date")),
        reason=kw.get("reason", "Plans changed."),
        effective_date=day(effective),
        status=AmendmentStatus(status),
        decided_on=day(kw.get("decided_on")),
    )


def report(award: Row, period: tuple[str, str], due: str, status: str, **kw: Any) -> Any:
    return SpendReport(
        award_id=award["id"],
        ref=f"SR-{n()}",
        period_start=day(period[0]),
        period_end=day(period[1]),
        due_date=day(due),
        status=ReportStatus(status),
        narrative="",
        submitted_on=day(kw.get("submitted_on")),
        decided_on=day(kw.get("decided_on")),
        review_comment="",
    )


def spend(spend_report: Any, line: Row, pence: int) -> Any:
    return SpendLine(
        report_id=spend_report.id,
        ref=f"SL-{n()}",
        budget_line_id=line["id"],
        amount_pence=pence,
        currency="GBP",
    )


@dataclass
class Money:
    programme: Row
    teams: list[Row] = field(default_factory=list)
    awards: list[Row] = field(default_factory=list)
    lines: list[Row] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # amendments and reports by name


async def build_money(client: httpx.AsyncClient, db: Database) -> Money:
    """Team A (award 40M with two lines, three amendments, three reports), team B (award 20M,
    one line, one returned report) and team C (no award): the cases of ``test_money``."""
    programme = await make_programme(client)
    built = Money(programme)
    for name in ("A", "B", "C"):
        built.teams.append(await make_team(client, programme, name=f"Team {name}"))
    a, b = built.teams[0], built.teams[1]
    a1 = await make_award(client, a, amount_pence=40_000_000)
    b1 = await make_award(
        client,
        b,
        amount_pence=20_000_000,
        award_date="2013-01-01",
        planned_start_date="2013-01-01",
        planned_end_date="2014-12-31",
    )
    built.awards = [a1, b1]
    l1 = await make_budget_line(client, a1, amount_pence=10_000_000)
    l2 = await make_budget_line(
        client,
        a1,
        category="training",
        period_start="2014-04-01",
        period_end="2015-03-31",
        amount_pence=5_000_000,
    )
    l3 = await make_budget_line(
        client,
        b1,
        category="equipment",
        period_start="2013-01-01",
        period_end="2013-03-31",
        amount_pence=2_000_000,
    )
    built.lines = [l1, l2, l3]
    await make_payment(client, a1, status="paid", paid_date="2012-07-03")
    await make_payment(
        client, a1, instalment="interim", scheduled_date="2014-07-01", amount_pence=8_000_000
    )
    await make_payment(
        client,
        b1,
        scheduled_date="2013-02-01",
        paid_date="2013-02-01",
        status="paid",
        amount_pence=5_000_000,
    )
    await _amend_and_report(db, built)
    return built


async def _amend_and_report(db: Database, built: Money) -> None:
    a1, b1 = built.awards
    l1, l2, l3 = built.lines
    rows = {
        "U": amendment(
            a1,
            "uplift",
            2_000_000,
            "2014-04-01",
            "approved",
            decided_on="2014-03-20",
            new_end_date="2016-03-31",
        ),
        "R": amendment(a1, "reduction", -1_000_000, "2014-01-01", "proposed"),
        "X": amendment(a1, "uplift", 500_000, "2014-06-01", "approved", decided_on="2014-09-01"),
        "S1": report(
            a1,
            ("2013-04-01", "2013-09-30"),
            "2013-10-31",
            "approved",
            submitted_on="2013-10-20",
            decided_on="2013-11-15",
        ),
        "S2": report(
            a1, ("2013-10-01", "2014-03-31"), "2014-04-30", "submitted", submitted_on="2014-04-25"
        ),
        "S3": report(a1, ("2014-04-01", "2014-09-30"), "2014-10-31", "draft"),
        "S4": report(
            b1,
            ("2013-01-01", "2013-03-31"),
            "2013-04-30",
            "returned",
            submitted_on="2013-04-20",
            decided_on="2013-05-01",
        ),
    }
    await add_rows(db, *rows.values())
    built.ids = {name: row.id for name, row in rows.items()}
    await add_rows(
        db,
        spend(rows["S1"], l1, 3_000_000),
        spend(rows["S2"], l1, 4_000_000),
        spend(rows["S3"], l2, 1_000_000),
        spend(rows["S4"], l3, 1_500_000),
    )
