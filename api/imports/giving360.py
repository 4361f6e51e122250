"""Import a 360Giving file: its grants become organisations, programmes, teams, awards and
(from disbursements) paid payments, loaded by the same engine and rules as any other load.

A grant's funder and recipient are matched to organisations by org-id, its grant programme to
a programme by code (a new programme's window spans its grants' dates), and the grant to an
award by its ``360G-`` identifier (a new award gets a team of its own, led by the recipient).
Accepted: the JSON package (``{"grants": [...]}``) and the one-row-per-grant CSV whose columns
carry the standard's titles (``Identifier``, ``Amount Awarded``, ``Recipient Org:Identifier``…).
The grants of one file are held in memory while they are matched (publishers' files are
thousands of grants, not millions); the rows then load in batches like any other.

A file's amount and planned dates are the grant as it now stands (our own export writes an
award's amended terms), so for an award with approved amendments they are read back through
them: the original amount becomes the file's amount less the approved changes (the same file
changes nothing), and a planned date an amendment set must be the one it set (else the grant's
line is refused: change such a date with an amendment).
"""

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from anyio import to_thread
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.awards.terms import amended_amount, amended_end, amended_start
from api.imports.jsonstream import JSONStreamError, iter_json
from api.imports.readers import ReadError, Record, Section, Source, detect_encoding, json_keys
from api.imports.resources import ORDER, RESOURCES
from api.models import Award, Organisation, Programme, Team

KINDS = {"GB-CHC": "charity", "GB-SC": "charity", "GB-NIC": "charity", "GB-COH": "company",
         "GB-NHS": "nhs_trust", "GB-GOR": "public_body", "GB-LAE": "public_body",
         "GB-EDU": "university"}  # fmt: skip
TITLES = {
    "Identifier": "id", "Title": "title", "Description": "description", "Currency": "currency",
    "Amount Awarded": "amountAwarded", "Award Date": "awardDate", "Data Source": "dataSource",
    "URL": "url", "Planned Dates:Start Date": "plannedDates.startDate",
    "Planned Dates:End Date": "plannedDates.endDate",
    "Planned Dates:Duration (months)": "plannedDates.duration",
    "Actual Dates:Start Date": "actualDates.startDate",
    "Actual Dates:End Date": "actualDates.endDate",
    "Recipient Org:Identifier": "recipientOrganization.id",
    "Recipient Org:Name": "recipientOrganization.name",
    "Recipient Org:Postal Code": "recipientOrganization.postalCode",
    "Recipient Org:Web Address": "recipientOrganization.url",
    "Funding Org:Identifier": "fundingOrganization.id",
    "Funding Org:Name": "fundingOrganization.name",
    "Grant Programme:Code": "grantProgramme.code", "Grant Programme:Title": "grantProgramme.title",
}  # fmt: skip


def is_360giving(source: Source) -> bool:
    fmt = source.detect_format()
    if fmt == "json":
        keys, scalars = json_keys(source)
        return keys is not None and "grants" in keys
    if fmt == "csv":
        with source.open() as raw:
            head = raw.read(8192)
        first = head.decode(detect_encoding(head), errors="ignore").lstrip("\ufeff")
        return "Identifier" in first and "Amount Awarded" in first
    return False


def _grants(source: Source) -> Iterator[tuple[int, dict[str, Any]]]:
    if source.detect_format() == "json":
        with io.TextIOWrapper(source.open(), "utf-8-sig") as text:
            try:
                for key, line, item in iter_json(text):
                    if key == "grants" and isinstance(item, dict):
                        yield line, item
            except JSONStreamError as exc:
                raise ReadError(f"not valid JSON: {exc}", exc.line) from exc
        return
    with source.open() as raw:
        encoding = source.encoding or detect_encoding(raw.read(65536))
    with io.TextIOWrapper(source.open(), encoding, newline="") as text:
        reader = csv.DictReader(text)
        for row in reader:
            grant: dict[str, Any] = {}
            for title, value in row.items():
                path = TITLES.get((title or "").strip())
                if path is None or not value:
                    continue
                head, _, rest = path.partition(".")
                if rest:
                    grant.setdefault(head, [{}])[0][rest] = value
                else:
                    grant[head] = value
            yield reader.line_num, grant


def _slug(text: str, limit: int = 50) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:limit] or "grants"


def _day(value: Any) -> str | None:
    return str(value)[:10] if value else None


def _add_months(start: str, months: float) -> str:
    d = date.fromisoformat(start)
    total = d.month - 1 + round(months)
    year, month = d.year + total // 12, total % 12 + 1
    day = min(d.day, 28)
    return date(year, month, day).isoformat()


class Amended:
    """An existing award's original and amended terms, to read a file's figures back through."""

    def __init__(self, row: Any) -> None:
        self.row = row

    def original(self, pence: int, start: str, end: str) -> tuple[int, str, str]:
        r = self.row
        kept = [
            _through(day, r[orig], r[amended], name)
            for day, orig, amended, name in (
                (start, "planned_start_date", "start", "plannedDates.startDate"),
                (end, "planned_end_date", "end", "plannedDates.endDate"),
            )
        ]
        return pence - (r["amount"] - r["amount_pence"]), kept[0], kept[1]


def _through(day: str, original: date, amended: date, name: str) -> str:
    """The original date a file's date stands for: itself, unless an amendment moved it."""
    if amended == original:
        return day
    if day != amended.isoformat():
        raise ValueError(
            f"{name} {day} is not {amended.isoformat()}, the date the award's approved "
            "amendments set; change it with an amendment"
        )
    return original.isoformat()


async def _terms(session: AsyncSession, identifiers: Any) -> dict[str, Amended]:
    """The awards' terms, for those that have approved amendments (one query)."""
    wanted = list(identifiers)
    if not wanted:
        return {}
    amount, start, end = amended_amount(), amended_start(), amended_end()
    stmt = select(
        Award.identifier,
        Award.amount_pence,
        Award.planned_start_date,
        Award.planned_end_date,
        amount.label("amount"),
        start.label("start"),
        end.label("end"),
    ).where(Award.identifier.in_(wanted))
    rows = (await session.execute(stmt)).mappings().all()
    return {
        r["identifier"]: Amended(r)
        for r in rows
        if (r["amount"], r["start"], r["end"])
        != (r["amount_pence"], r["planned_start_date"], r["planned_end_date"])
    }


def _grant_dates(g: dict[str, Any]) -> tuple[str, str, str, str | None, str | None]:
    """(award date, planned start, planned end, actual start, actual end) of a grant; an end
    may come from a duration in months."""
    planned = (g.get("plannedDates") or [{}])[0]
    start = _day(planned.get("startDate")) or _day(g["awardDate"])
    end = _day(planned.get("endDate"))
    if end is None and planned.get("duration") and start:
        end = _add_months(start, float(planned["duration"]))
    if start is None or end is None:
        raise ValueError("plannedDates needs a start date and an end date or duration")
    actual = (g.get("actualDates") or [{}])[0]
    award_date = _day(g["awardDate"]) or start
    return award_date, start, end, _day(actual.get("startDate")), _day(actual.get("endDate"))


class Translation:
    """The rows a 360Giving file stands for, by resource, in load order."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.rows: dict[str, list[Record]] = {name: [] for name in RESOURCES}
        self.orgs: dict[str, str] = {}  # org-id → ref
        self.problems: list[tuple[int, str]] = []
        self.terms: dict[str, Amended] = {}  # existing awards with approved amendments

    async def run(self, session: AsyncSession) -> None:
        # Parsed on a worker thread: a large file must not stall the event loop.
        grants = await to_thread.run_sync(lambda: list(_grants(self.source)))
        ids = {i for _, g in grants if isinstance(i := g.get("id"), str)}
        org_ids = {
            i
            for _, g in grants
            for k in ("recipientOrganization", "fundingOrganization")
            if isinstance(orgs := g.get(k), list)
            for o in orgs
            if isinstance(o, dict) and isinstance(i := o.get("id"), str)
        }
        found = await session.execute(
            select(Organisation.org_identifier, Organisation.ref, Organisation.kind).where(
                Organisation.org_identifier.in_(org_ids)
            )
        )
        known_orgs = {o: (ref, kind) for o, ref, kind in found.all()}
        stmt = (
            select(Award.identifier, Award.ref, Team.ref, Programme.code, Programme.ref)
            .join(Team, Team.id == Award.team_id)
            .join(Programme, Programme.id == Team.programme_id)
            .where(Award.identifier.in_(ids))
        )
        awards = {r[0]: r[1:] for r in (await session.execute(stmt)).all()}
        self.terms = await _terms(session, awards.keys())
        programmes = dict((await session.execute(select(Programme.code, Programme.ref))).all())
        windows: dict[str, list[str]] = {}
        plans: dict[str, dict[str, Any]] = {}
        for line, g in grants:
            try:
                self.grant(line, g, known_orgs, awards, programmes, windows, plans)
            except (KeyError, IndexError, ValueError, TypeError, AttributeError) as exc:
                self.problems.append((line, f"grant {g.get('id', '?')!r}: {exc}"))
        for code, plan in plans.items():
            if code not in programmes and windows.get(code):
                plan["start_date"], plan["end_date"] = min(windows[code]), max(windows[code])
                self.rows["programmes"].append(Record(plan.pop("_line"), plan))

    def org(self, line: int, org: dict[str, Any], known: dict[str, Any], funder: bool) -> str:
        """The organisation's ref; a new one is added (an existing one keeps its kind)."""
        org_id = str(org["id"])
        if org_id in self.orgs:
            return self.orgs[org_id]
        ref, kind = known.get(org_id) or (_slug(org_id, 100), None)
        row: dict[str, Any] = {"ref": ref, "name": str(org["name"])[:200], "org_identifier": org_id}
        prefix = "-".join(org_id.split("-")[:2])
        row["kind"] = kind or ("funder" if funder else KINDS.get(prefix, "other"))
        if org_id not in known:
            if org.get("postalCode"):
                row["postcode"] = str(org["postalCode"])[:10]
            if org.get("url"):
                row["url"] = org["url"]
        self.rows["organisations"].append(Record(line, row))
        self.orgs[org_id] = ref
        return ref

    def grant(
        self,
        line: int,
        g: dict[str, Any],
        known_orgs: dict[str, Any],
        awards: dict[str, Any],
        programmes: dict[str, str],
        windows: dict[str, list[str]],
        plans: dict[str, dict[str, Any]],
    ) -> None:
        identifier = str(g["id"])
        funder = self.org(line, g["fundingOrganization"][0], known_orgs, True)
        recipient = self.org(line, g["recipientOrganization"][0], known_orgs, False)
        programme = (g.get("grantProgramme") or [{}])[0]
        code = _slug(str(programme.get("code") or f"{funder}-grants"))
        existing = awards.get(identifier)
        if existing is not None:
            award_ref, team_ref, code, prog_ref = existing
        else:
            award_ref, team_ref = "award", _slug(identifier, 100)
            prog_ref = programmes.get(code) or code.lower()
        if code not in programmes and code not in plans:
            title = str(programme.get("title") or code)[:200]
            plans[code] = {"_line": line, "ref": prog_ref, "code": code, "title": title,
                           "funder_ref": funder, "currency": g["currency"]}  # fmt: skip
        award_date, start, end, actual_start, actual_end = _grant_dates(g)
        windows.setdefault(code, []).extend(
            d for d in (award_date, start, end, actual_start, actual_end) if d
        )
        source_url = g.get("url") or g.get("dataSource")
        self.rows["teams"].append(Record(line, {
            "ref": team_ref, "programme_ref": prog_ref, "lead_organisation_ref": recipient,
            "name": str(g["recipientOrganization"][0]["name"])[:200],
            "project_title": str(g["title"])[:140],
            "summary": str(g.get("description") or "")[:5000],
            "provenance": "sourced" if source_url else "synthetic", "source_url": source_url,
        }))  # fmt: skip
        pence = round(float(g["amountAwarded"]) * 100)
        if identifier in self.terms:
            pence, start, end = self.terms[identifier].original(pence, start, end)
        self.rows["awards"].append(Record(line, {
            "ref": award_ref, "programme_ref": prog_ref, "team_ref": team_ref,
            "identifier": identifier, "amount_pence": pence, "currency": g["currency"],
            "award_date": award_date, "planned_start_date": start, "planned_end_date": end,
            "actual_start_date": actual_start, "actual_end_date": actual_end,
        }))  # fmt: skip
        refs = {"programme_ref": prog_ref, "team_ref": team_ref, "award_ref": award_ref}
        self.payments(line, g, award_date, refs)

    def payments(self, line: int, g: dict[str, Any], award_date: str, refs: dict[str, str]) -> None:
        """The grant's disbursements, as paid payments of its award."""
        identifier = str(g["id"])
        paid = g.get("disbursementTransaction") or []
        for n, t in enumerate(paid):
            instalment = "initial" if n == 0 else "final" if n == len(paid) - 1 else "interim"
            ref = str(t.get("id") or f"d{n + 1}").removeprefix(f"{identifier}-")
            day = _day(t.get("transactionDate")) or award_date
            self.rows["payments"].append(Record(line, {
                "ref": _slug(ref, 100), **refs, "instalment": instalment, "scheduled_date": day,
                "paid_date": day, "amount_pence": round(float(t["value"]) * 100),
                "currency": t.get("currency") or g["currency"], "status": "paid",
            }))  # fmt: skip

    def sections(self) -> list[tuple[int, Any]]:
        out = []
        for name, records in self.rows.items():
            if records:
                res = RESOURCES[name]

                def opener(res: Any = res, records: list[Record] = records) -> Iterator[Section]:
                    yield Section(self.source.name, res, iter(_dedupe(records)))

                out.append((ORDER[name], opener))
        return out


def _dedupe(records: list[Record]) -> list[Record]:
    """A team or programme named by several grants is one row (the first grant's)."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for record in records:
        row = record.values
        assert isinstance(row, dict)  # made from the grants, as typed rows
        key = (row.get("programme_ref"), row.get("team_ref"), row.get("award_ref"), row["ref"])
        if key not in seen:
            seen.add(key)
            out.append(record)
    return out
