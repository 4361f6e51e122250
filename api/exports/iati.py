"""A programme's awards as IATI Standard 2.03 activities (``iati-activities`` XML).

One ``iati-activity`` per award: its identifier (the funder's org-id and the award's
``identifier``: an award's ``ref`` is unique only within its team, so two teams' awards could
share one), the funder as reporting and funding organisation, the team's lead organisation
(the award holder) as implementing organisation, the team's project as title and description,
the award's status and dates, budgets (its budget lines summed by period; without lines, the
award over its planned dates), transactions (the award as a commitment, each approved
amendment that changes its amount as a further commitment, each paid payment as a
disbursement) and results (the team's quality goals, their indicators with baseline, target
and measured periods). Money is in major units, converted from pence exactly (``Decimal``);
text XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF) is removed and
line ends become ``\\n``.

Amendments: IATI keeps the history, so the award's original amount is its first commitment
(on the award date) and each approved amendment with a money change is a commitment of that
change on its effective date (negative for a reduction, as IATI records a decrease); the
planned start and end dates are the amended ones (``api.awards.terms``), as is the amount a
budget spreads over them when the award has no budget lines. A proposed or rejected amendment
is not published.

The rows come from ``api.exports.iati_rows``, a chunk of awards at a time (five queries per
chunk), and each IATI element has its own function below. The document has no
``generated-datetime``: the same data gives the same bytes (a strong ETag; the CLI and the API
write the same file), and each activity's ``last-updated-datetime`` says when its rows last
changed. A programme without awards gives an ``iati-activities`` with none, which the schema
(one or more) does not accept: there is nothing to publish yet.
"""

import hashlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from math import isfinite
from typing import IO, Any
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from sqlalchemy.ext.asyncio import AsyncConnection

from api.exports import iati_rows
from api.exports.iati_budget import budget_periods, line_periods
from api.exports.iati_rows import find_programme as find_programme
from api.models.enums import AwardStatus, Direction, Measure, OrganisationKind

VERSION = "2.03"
CHUNK = 200
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="{VERSION}">\n'
TAIL = "</iati-activities>\n"

# IATI codelists: ActivityStatus, OrganisationType, IndicatorMeasure.
ACTIVITY_STATUS = {
    AwardStatus.awarded: "1",  # pipeline: committed, not yet started
    AwardStatus.active: "2",  # implementation
    AwardStatus.closed: "4",
    AwardStatus.withdrawn: "5",  # cancelled
}
ORGANISATION_TYPE = {
    OrganisationKind.nhs_trust: "15",  # other public sector
    OrganisationKind.charity: "22",  # national NGO
    OrganisationKind.company: "70",
    OrganisationKind.public_body: "15",
    OrganisationKind.funder: "60",  # foundation
    OrganisationKind.university: "80",
    OrganisationKind.other: "90",
}
MEASURE = {Measure.unit: "1", Measure.percentage: "2", Measure.qualitative: "5"}
# ActivityDateType, OrganisationRole, TransactionType, BudgetType/Status, ResultType.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
FUNDING, IMPLEMENTING = "1", "4"
COMMITMENT, DISBURSEMENT = "2", "3"
ORIGINAL, COMMITTED = "1", "2"
OUTCOME = "2"

# What XML 1.0 cannot hold: C0 controls but tab, LF and CR; surrogates; U+FFFE and U+FFFF.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` as XML 1.0 can carry it: unwritable characters removed, CR LF and CR as LF
    (a parser would turn a raw CR into LF anyway)."""
    return _UNWRITABLE.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


def money(pence: int) -> str:
    """Pence as a decimal in major units, exactly: 41999950 -> ``419999.50``."""
    return str(Decimal(pence).scaleb(-2))


def number(value: float | None) -> str | None:
    """A measured value as an ``xsd:decimal`` (no exponent); None when there is none."""
    if value is None or not isfinite(value):
        return None
    return format(Decimal(repr(value)).normalize(), "f")


def _narrative(parent: Element, tag: str, text: str) -> Element:
    element = SubElement(parent, tag)
    SubElement(element, "narrative").text = xml_text(text)
    return element


def _org(parent: Element, tag: str, ref: str, kind: str, name: str, **attrs: str) -> Element:
    element = SubElement(parent, tag, {"ref": xml_text(ref), **attrs})
    element.set("type", ORGANISATION_TYPE[OrganisationKind(kind)])
    SubElement(element, "narrative").text = xml_text(name)
    return element


def _value(parent: Element, pence: int, currency: str, on: date) -> None:
    attrs = {"currency": currency, "value-date": on.isoformat()}
    SubElement(parent, "value", attrs).text = money(pence)


def identifier(award: Any) -> str:
    return xml_text(f"{award.funder_id}-{award.identifier}")


def _funder(parent: Element, tag: str, award: Any, **attrs: str) -> None:
    _org(parent, tag, award.funder_id, award.funder_kind, award.funder_name, **attrs)


def _holder(parent: Element, tag: str, award: Any, **attrs: str) -> None:
    _org(parent, tag, award.lead_id, award.lead_kind, award.lead_name, **attrs)


def participating_orgs(activity: Element, award: Any) -> None:
    _funder(activity, "participating-org", award, role=FUNDING)
    _holder(activity, "participating-org", award, role=IMPLEMENTING)


def activity_dates(activity: Element, award: Any) -> None:
    # As in the 360Giving export: the day an award became active or closed stands in for an
    # actual start or end that was not recorded.
    dates = [
        (PLANNED_START, award.amended_start_date),
        (ACTUAL_START, award.actual_start_date or award.activated_on),
        (PLANNED_END, award.amended_end_date),
        (ACTUAL_END, award.actual_end_date or award.closed_on),
    ]
    for kind, day in dates:
        if day is not None:
            SubElement(activity, "activity-date", {"iso-date": day.isoformat(), "type": kind})


def budgets(activity: Element, award: Any, lines: list[Any]) -> None:
    """The award's budget lines by period, or, without lines, the amended award over its
    amended dates (``api.exports.iati_budget``: periods of at most a year that never overlap)."""
    if lines:
        periods = line_periods((x.period_start, x.period_end, x.amount_pence) for x in lines)
    else:
        start, end = award.amended_start_date, award.amended_end_date
        periods = budget_periods(start, end, award.amended_amount_pence)
    for first, last, pence in periods:
        budget = SubElement(activity, "budget", {"type": ORIGINAL, "status": COMMITTED})
        SubElement(budget, "period-start", {"iso-date": first.isoformat()})
        SubElement(budget, "period-end", {"iso-date": last.isoformat()})
        _value(budget, pence, award.currency, first)


def _transaction(
    activity: Element, award: Any, kind: str, pence: int, currency: str, on: date, ref: str
) -> None:
    transaction = SubElement(activity, "transaction", {"ref": xml_text(ref)})
    SubElement(transaction, "transaction-type", {"code": kind})
    SubElement(transaction, "transaction-date", {"iso-date": on.isoformat()})
    _value(transaction, pence, currency, on)
    _funder(transaction, "provider-org", award)
    _holder(transaction, "receiver-org", award)


def transactions(activity: Element, award: Any, paid: list[Any], amended: list[Any]) -> None:
    """The award as a commitment, each approved change of its amount as another (signed), each
    paid payment as a disbursement."""
    amount, on = award.amount_pence, award.award_date
    _transaction(activity, award, COMMITMENT, amount, award.currency, on, award.identifier)
    for a in amended:
        if a.amount_change_pence:
            ref, change, day = (
                f"{award.identifier}-{a.ref}",
                a.amount_change_pence,
                a.effective_date,
            )
            _transaction(activity, award, COMMITMENT, change, a.currency, day, ref)
    for p in paid:
        ref = f"{award.identifier}-{p.ref}"
        _transaction(activity, award, DISBURSEMENT, p.amount_pence, p.currency, p.paid_date, ref)


def _measured(parent: Element, tag: str, measure: str, value: float | None, note: str) -> None:
    element = SubElement(parent, tag)
    shown = number(value)
    if shown is not None and measure != MEASURE[Measure.qualitative]:
        element.set("value", shown)  # IATI: a qualitative indicator's values are comments
    elif shown is not None:
        note = f"{shown} {note}".strip()
    if note:
        _narrative(element, "comment", note)


def _periods(indicator: Element, row: Any, periods: list[Any], start: date, measure: str) -> None:
    spans = [(p.period_start, p.period_end, p) for p in periods]
    target = row.target_date if number(row.target_value) is not None else None
    if target is not None and not any(a <= target <= b for a, b, _ in spans):
        # A target day outside every measured period gets a period of its own.
        first = row.baseline_date if row.baseline_date and row.baseline_date < target else start
        spans.append((min(first, target), target, None))
    for first, last, p in sorted(spans, key=lambda s: (s[0], s[1])):
        period = SubElement(indicator, "period")
        SubElement(period, "period-start", {"iso-date": first.isoformat()})
        SubElement(period, "period-end", {"iso-date": last.isoformat()})
        if target is not None and first <= target <= last:
            _measured(period, "target", measure, row.target_value, "")
            target = None
        if p is not None and (p.actual_value is not None or p.comment):
            _measured(period, "actual", measure, p.actual_value, p.comment or "")


def results(activity: Element, award: Any, goals: list[Any], periods: dict[str, list[Any]]) -> None:
    """One outcome per quality goal, with its indicators (a goal without one is left out: IATI
    needs at least one)."""
    by_goal: dict[str, list[Any]] = {}
    for row in goals:
        by_goal.setdefault(row.goal_id, []).append(row)
    for rows in by_goal.values():
        result = SubElement(activity, "result", {"type": OUTCOME})
        _narrative(result, "title", rows[0].statement)
        _narrative(
            result, "description", f"Quality dimension: {rows[0].dimension.replace('_', '-')}"
        )
        for row in rows:
            measure = MEASURE[Measure(row.measure)]
            ascending = "1" if row.direction == Direction.higher_is_better else "0"
            indicator = SubElement(
                result, "indicator", {"measure": measure, "ascending": ascending}
            )
            _narrative(indicator, "title", row.title)
            _narrative(indicator, "description", f"Unit: {row.unit}")
            if row.baseline_date is not None:
                baseline = SubElement(indicator, "baseline", {"year": str(row.baseline_date.year)})
                baseline.set("iso-date", row.baseline_date.isoformat())
                shown = number(row.baseline_value)
                if shown is not None and measure != MEASURE[Measure.qualitative]:
                    baseline.set("value", shown)
            mine = periods.get(row.indicator_id, [])
            _periods(indicator, row, mine, award.planned_start_date, measure)


@dataclass
class Rows:
    """What one award's activity shows besides the award."""

    budget: list[Any] = field(default_factory=list)  # its budget lines, summed by period
    paid: list[Any] = field(default_factory=list)
    goals: list[Any] = field(default_factory=list)  # the team's goals, a row per indicator
    periods: dict[str, list[Any]] = field(default_factory=dict)  # by indicator id
    amended: list[Any] = field(default_factory=list)  # its approved amendments, in order

    def last_updated(self, award: Any) -> datetime:
        stamps: list[datetime] = [award.updated_at, award.team_updated_at]
        stamps += [row.updated_at for row in (*self.budget, *self.paid, *self.amended)]
        stamps += [t for g in self.goals for t in (g.goal_updated_at, g.indicator_updated_at)]
        stamps += [p.updated_at for rows in self.periods.values() for p in rows]
        return max(stamps)


def activity(award: Any, rows: Rows) -> Element:
    """One award as an ``iati-activity``, its elements in the schema's order."""
    stamp = rows.last_updated(award).isoformat()
    out = Element("iati-activity", {"last-updated-datetime": stamp})
    out.set(LANG, "en")
    out.set("default-currency", award.currency)
    SubElement(out, "iati-identifier").text = identifier(award)
    _funder(out, "reporting-org", award)
    _narrative(out, "title", award.project_title)
    _narrative(out, "description", award.summary or award.project_title).set("type", "1")
    participating_orgs(out, award)
    SubElement(out, "activity-status", {"code": ACTIVITY_STATUS[AwardStatus(award.status)]})
    activity_dates(out, award)
    budgets(out, award, rows.budget)
    transactions(out, award, rows.paid, rows.amended)
    results(out, award, rows.goals, rows.periods)
    return out


async def _chunk(conn: AsyncConnection, awards: list[Any]) -> list[Element]:
    """A chunk of awards as activities: five queries, whatever its size."""
    if not awards:
        return []
    ids = [a.id for a in awards]
    budget = await iati_rows.budgets(conn, ids)
    paid = await iati_rows.paid(conn, ids)
    amended = await iati_rows.amendments(conn, ids)
    goals = await iati_rows.goals(conn, sorted({a.team_id for a in awards}))
    indicators = [row.indicator_id for rows in goals.values() for row in rows]
    periods = await iati_rows.periods(conn, indicators)
    out = []
    for a in awards:
        mine = goals.get(a.team_id, [])
        theirs = {row.indicator_id: periods.get(row.indicator_id, []) for row in mine}
        rows = Rows(budget.get(a.id, []), paid.get(a.id, []), mine, theirs, amended.get(a.id, []))
        out.append(activity(a, rows))
    return out


def etag(programme_id: str, version: str) -> str:
    """The document's ETag: its programme's data version (every write to it renews that)."""
    key = f"{VERSION}:{programme_id}:{version}".encode()
    return '"iati-' + hashlib.blake2b(key, digest_size=12).hexdigest() + '"'


def file_name(ref: str) -> str:
    return "iati-" + re.sub(r"[^A-Za-z0-9._-]", "_", ref) + ".xml"


async def xml_chunks(conn: AsyncConnection, programme_id: str) -> AsyncIterator[bytes]:
    """The programme's ``iati-activities`` document, a chunk of activities at a time."""
    yield HEAD.encode()
    chunk: list[Any] = []
    stream = await conn.stream(iati_rows.awards(programme_id).execution_options(yield_per=CHUNK))
    async for award in stream:
        chunk.append(award)
        if len(chunk) >= CHUNK:
            yield _serialise(await _chunk(conn, chunk))
            chunk = []
    if chunk:
        yield _serialise(await _chunk(conn, chunk))
    yield TAIL.encode()


def _serialise(activities: list[Element]) -> bytes:
    parts = []
    for element in activities:
        indent(element, space=" ", level=1)
        parts.append(" " + tostring(element, encoding="unicode") + "\n")
    return "".join(parts).encode()


async def write_activities(conn: AsyncConnection, programme_id: str, out: IO[bytes]) -> int:
    """Write the document to ``out``; the number of activities."""
    n = 0
    async for data in xml_chunks(conn, programme_id):
        out.write(data)
        n += data.count(b"<iati-activity ")
    return n
