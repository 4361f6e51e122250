"""The awards as 360Giving Data Standard 1.4.3 grants (JSON package or one-row-per-grant CSV).

Each award is a grant: its ``360G-`` identifier, the team's project as title and description,
the amount and disbursements in pounds (the standard's unit), award, planned and actual dates
(an award's activated_on and closed_on stand in for an actual start and end not recorded),
the team's lead organisation as recipient and the programme's funder as funding organisation
(both by org-id), the programme as grant programme, the paid payments as disbursements and the
latest change to the award, its payments or its approved amendments as ``dateModified``.
Awards stream a chunk at a time, with one query per chunk for their paid payments.

Amendments: the standard has one ``amountAwarded`` and one set of ``plannedDates`` per grant
and no history of changes, and asks for the grant as it now stands; so both are the award's
current terms (``api.awards.terms``: the original plus its approved amendments in order; a
proposed or rejected one changes nothing) and ``dateModified`` moves when one is approved.
The original amount and the amendments themselves are in the award-amendments export.
"""

from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import IO, Any

import orjson
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.awards.terms import amended_amount, amended_end, amended_start
from api.exports.writers import cell, csv_text
from api.models import Award, AwardAmendment, Organisation, Payment, Programme, Team
from api.models.enums import AmendmentStatus, PaymentStatus

VERSION = "1.4"  # the package's major.minor; the schema is 1.4.3
CHUNK = 500
CSV_COLUMNS = [
    ("Identifier", "id"),
    ("Title", "title"),
    ("Description", "description"),
    ("Currency", "currency"),
    ("Amount Awarded", "amountAwarded"),
    ("Amount Disbursed", "amountDisbursed"),
    ("Award Date", "awardDate"),
    ("Planned Dates:Start Date", "plannedDates.startDate"),
    ("Planned Dates:End Date", "plannedDates.endDate"),
    ("Actual Dates:Start Date", "actualDates.startDate"),
    ("Actual Dates:End Date", "actualDates.endDate"),
    ("Recipient Org:Identifier", "recipientOrganization.id"),
    ("Recipient Org:Name", "recipientOrganization.name"),
    ("Recipient Org:Postal Code", "recipientOrganization.postalCode"),
    ("Recipient Org:Web Address", "recipientOrganization.url"),
    ("Funding Org:Identifier", "fundingOrganization.id"),
    ("Funding Org:Name", "fundingOrganization.name"),
    ("Grant Programme:Code", "grantProgramme.code"),
    ("Grant Programme:Title", "grantProgramme.title"),
    ("Data Source", "dataSource"),
    ("Last Modified", "dateModified"),
]


def pounds(pence: int) -> int | float:
    """Pence to pounds as a JSON number (whole pounds stay integers)."""
    return pence // 100 if pence % 100 == 0 else pence / 100


def _awards() -> Any:
    recipient = Organisation.__table__.alias("recipient")
    funder = Organisation.__table__.alias("funder")
    return (
        select(
            Award.id,
            Award.identifier,
            amended_amount().label("amount_pence"),
            Award.currency,
            Award.award_date,
            amended_start().label("planned_start_date"),
            amended_end().label("planned_end_date"),
            # The standard has no status dates: the day an award became active or closed stands
            # in for an actual start or end that was not recorded.
            func.coalesce(Award.actual_start_date, Award.activated_on).label("actual_start_date"),
            func.coalesce(Award.actual_end_date, Award.closed_on).label("actual_end_date"),
            Award.updated_at,
            _amended_at(),
            Team.project_title,
            Team.summary,
            Team.source_url,
            recipient.c.org_identifier.label("recipient_id"),
            recipient.c.name.label("recipient_name"),
            recipient.c.postcode.label("recipient_postcode"),
            recipient.c.url.label("recipient_url"),
            funder.c.org_identifier.label("funder_id"),
            funder.c.name.label("funder_name"),
            Programme.code.label("programme_code"),
            Programme.title.label("programme_title"),
        )
        .join(Team, Team.id == Award.team_id)
        .join(Programme, Programme.id == Team.programme_id)
        .join(recipient, recipient.c.id == Team.lead_organisation_id)
        .join(funder, funder.c.id == Programme.funder_id)
        .order_by(Award.identifier)
    )


def _amended_at() -> Any:
    """When the award's approved amendments last changed (null without one)."""
    approved = (AwardAmendment.award_id == Award.id) & (
        AwardAmendment.status == AmendmentStatus.approved
    )
    latest = select(func.max(AwardAmendment.updated_at)).where(approved).scalar_subquery()
    return latest.label("amended_at")


def _dates(start: date | None, end: date | None) -> list[dict[str, str]]:
    if start is None:
        return []
    event = {"startDate": start.isoformat()}
    if end is not None:
        event["endDate"] = end.isoformat()
    return [event]


def grant(award: Any, paid: list[Any]) -> dict[str, Any]:
    stamps = [award.updated_at, award.amended_at, *(p.updated_at for p in paid)]
    modified: datetime = max(s for s in stamps if s is not None)
    recipient = {"id": award.recipient_id, "name": award.recipient_name}
    if award.recipient_postcode:
        recipient["postalCode"] = award.recipient_postcode
    if award.recipient_url:
        recipient["url"] = award.recipient_url
    out: dict[str, Any] = {
        "id": award.identifier,
        "title": award.project_title,
        "description": award.summary or award.project_title,
        "currency": award.currency,
        "amountAwarded": pounds(award.amount_pence),
        "awardDate": award.award_date.isoformat(),
        "plannedDates": _dates(award.planned_start_date, award.planned_end_date),
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": award.funder_id, "name": award.funder_name}],
        "grantProgramme": [{"code": award.programme_code, "title": award.programme_title}],
        "dateModified": modified.isoformat(),
    }
    if award.actual_start_date is not None:
        out["actualDates"] = _dates(award.actual_start_date, award.actual_end_date)
    if paid:
        out["amountDisbursed"] = pounds(sum(p.amount_pence for p in paid))
        out["disbursementTransaction"] = [
            {
                "id": f"{award.identifier}-{p.ref}",
                "transactionDate": p.paid_date.isoformat(),
                "value": pounds(p.amount_pence),
                "currency": p.currency,
            }
            for p in paid
        ]
    if award.source_url:
        out["dataSource"] = award.source_url
    return out


async def grants(conn: AsyncConnection) -> AsyncIterator[dict[str, Any]]:
    chunk: list[Any] = []
    async for award in await conn.stream(_awards().execution_options(yield_per=CHUNK)):
        chunk.append(award)
        if len(chunk) >= CHUNK:
            for item in await _with_payments(conn, chunk):
                yield item
            chunk = []
    for item in await _with_payments(conn, chunk):
        yield item


async def _with_payments(conn: AsyncConnection, awards: list[Any]) -> list[dict[str, Any]]:
    if not awards:
        return []
    stmt = (
        select(Payment.award_id, Payment.ref, Payment.amount_pence, Payment.currency)
        .add_columns(Payment.paid_date, Payment.updated_at)
        .where(Payment.award_id.in_([a.id for a in awards]))
        .where(Payment.status == PaymentStatus.paid)
        .order_by(Payment.paid_date, Payment.ref)
    )
    paid: dict[str, list[Any]] = {}
    for p in (await conn.execute(stmt)).all():
        paid.setdefault(p.award_id, []).append(p)
    return [grant(a, paid.get(a.id, [])) for a in awards]


def _flat(item: dict[str, Any], path: str) -> Any:
    head, _, rest = path.partition(".")
    value = item.get(head)
    if rest:
        return value[0].get(rest) if value else None
    return value


async def json_chunks(conn: AsyncConnection) -> AsyncIterator[bytes]:
    yield b'{"version": "' + VERSION.encode() + b'", "grants": ['
    first = True
    async for item in grants(conn):
        yield (b"\n" if first else b",\n") + orjson.dumps(item)
        first = False
    yield b"\n]}\n"


async def csv_chunks(conn: AsyncConnection) -> AsyncIterator[str]:
    yield csv_text([[title for title, _ in CSV_COLUMNS]])
    rows: list[list[str]] = []
    async for item in grants(conn):
        rows.append([cell(_flat(item, path)) for _, path in CSV_COLUMNS])
        if len(rows) >= CHUNK:
            yield csv_text(rows)
            rows = []
    if rows:
        yield csv_text(rows)


async def write_grants(conn: AsyncConnection, fmt: str, out: IO[bytes]) -> int:
    n = 0
    if fmt == "json":
        async for data in json_chunks(conn):
            out.write(data)
            n += data.count(b'"awardDate"')
    else:
        async for text in csv_chunks(conn):
            out.write(text.encode())
            n += text.count("\r\n")
        n -= 1
    return n
