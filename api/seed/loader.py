"""``shared-purpose seed``: load the Shared Purpose programme through the services.

Every row goes through the same Create schema and service ``create``/``update`` as the HTTP API,
so every rule is checked, and all of them in one transaction, so a refused row leaves nothing
behind. Rows are upserted by ``ref`` within their parent (the ``(parent, ref)`` unique keys of
``api.models``): created when missing, updated (only the fields that differ) when changed, and
left alone otherwise, so a second run writes nothing and bumps no version.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.awards.schemas import AwardCreate
from api.awards.service import service as awards
from api.checkins.schemas import CheckinCreate
from api.checkins.service import service as checkins
from api.config import Settings
from api.db import Database
from api.errors import ProblemError
from api.evidence.schemas import EvidenceCreate
from api.evidence.service import service as evidence
from api.kit.schemas import InSchema, update_model
from api.kit.service import CrudService
from api.milestones.schemas import MilestoneCreate
from api.milestones.service import service as milestones
from api.models.base import RowMixin
from api.organisations.schemas import OrganisationCreate
from api.organisations.service import service as organisations
from api.payments.schemas import PaymentCreate
from api.payments.service import service as payments
from api.programmes.schemas import ProgrammeCreate
from api.programmes.service import service as programmes
from api.results.schemas import IndicatorCreate, PeriodCreate, QualityGoalCreate
from api.results.service import indicators, periods, quality_goals
from api.seed.data import KINDS, REF_FIELDS, Row, seed_rows
from api.support.schemas import SupportActivityCreate
from api.support.service import service as support
from api.teams.schemas import PartnerCreate, TeamCreate
from api.teams.service import partners
from api.teams.service import service as teams

OUTCOMES = ("created", "updated", "unchanged")


class SeedError(Exception):
    """A seed row was refused; the message names the row and the rule."""


@dataclass
class Resource:
    """How the HTTP API writes one resource: its service, its Create body and its PATCH body."""

    service: CrudService[Any]
    create: type[InSchema]
    parent: str | None = None  # refs are unique within this column's value (None: globally)
    nested: bool = False  # the parent comes from the URL path (the service's scope), not the body
    update: type[BaseModel] = field(init=False)

    def __post_init__(self) -> None:
        # The merge-patch body, built as ``crud_router`` builds it: every field optional.
        name = self.create.__name__.replace("Create", "Update")
        self.update = update_model(self.create, name, frozenset())


RESOURCES: dict[str, Resource] = {
    "organisation": Resource(organisations, OrganisationCreate),
    "programme": Resource(programmes, ProgrammeCreate),
    "team": Resource(teams, TeamCreate, "programme_id"),
    "checkin": Resource(checkins, CheckinCreate, "team_id"),
    "partner": Resource(partners, PartnerCreate, "team_id", nested=True),
    "milestone": Resource(milestones, MilestoneCreate, "programme_id"),
    "award": Resource(awards, AwardCreate, "team_id"),
    "payment": Resource(payments, PaymentCreate, "award_id"),
    "support_activity": Resource(support, SupportActivityCreate, "programme_id"),
    "quality_goal": Resource(quality_goals, QualityGoalCreate, "team_id"),
    "indicator": Resource(indicators, IndicatorCreate, "quality_goal_id"),
    "period": Resource(periods, PeriodCreate, "indicator_id", nested=True),
    "evidence": Resource(evidence, EvidenceCreate, "programme_id"),
}


@dataclass
class SeedReport:
    """What one run did: created / updated / unchanged rows per resource."""

    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {kind: Counter() for kind in KINDS}
    )

    def add(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    def summary(self) -> str:
        rows = sum(self.total(o) for o in OUTCOMES)
        lines = [
            f"Shared Purpose seed: {rows} rows, "
            + ", ".join(f"{self.total(o)} {o}" for o in OUTCOMES),
            f"  {'resource':<18}" + "".join(f"{o:>11}" for o in OUTCOMES),
        ]
        for kind, counter in self.counts.items():
            lines.append(f"  {kind:<18}" + "".join(f"{counter[o]:>11}" for o in OUTCOMES))
        return "\n".join(lines)


class Loader:
    """Upserts seed rows into one session, remembering each row's id by (kind, seed ref)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.ids: dict[tuple[str, str], str] = {}
        self.report = SeedReport()

    async def load(self, rows: list[Row]) -> SeedReport:
        for row in rows:
            try:
                await self.upsert(row)
            except ProblemError as exc:
                where = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors)
                at = f" (at {where})" if where else ""
                raise SeedError(f"{row.kind} {row.ref!r} refused, {exc.type}: {exc}{at}") from exc
            except ValidationError as exc:
                raise SeedError(f"{row.kind} {row.ref!r} is not valid: {exc}") from exc
        return self.report

    async def upsert(self, row: Row) -> None:
        res = RESOURCES[row.kind]
        values = self._resolve(row.fields)
        scope = {res.parent: values.pop(res.parent)} if res.nested and res.parent else None
        parent_id = (scope or values).get(res.parent) if res.parent else None
        data = res.create.model_validate({**values, "ref": row.ref})
        obj = await self._find(res, row.ref, parent_id)
        if obj is None:
            obj = await res.service.create(self.session, data, scope)
            outcome = "created"
        elif changes := await self._changes(res, obj, data):
            patch = res.update.model_validate(changes)
            obj = await res.service.update(self.session, obj.id, patch, None, scope)
            outcome = "updated"
        else:
            outcome = "unchanged"
        self.ids[(row.kind, row.ref)] = obj.id
        self.report.add(row.kind, outcome)

    def _resolve(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Seed refs in reference fields become the ids of the rows already loaded."""
        out: dict[str, Any] = {}
        for name, value in fields.items():
            kind = REF_FIELDS.get(name)
            if kind is None or value is None:
                out[name] = value
            elif isinstance(value, list):
                out[name] = [self._id(kind, v) for v in value]
            else:
                out[name] = self._id(kind, value)
        return out

    def _id(self, kind: str, ref: str) -> str:
        try:
            return self.ids[(kind, ref)]
        except KeyError:
            raise SeedError(f"{kind} {ref!r} is referred to before it is loaded") from None

    async def _find(self, res: Resource, ref: str, parent_id: str | None) -> RowMixin | None:
        table = res.service.table
        stmt = select(res.service.model).where(table.c.ref == ref)
        if res.parent:
            stmt = stmt.where(table.c[res.parent] == parent_id)
        found: RowMixin | None = (await self.session.execute(stmt)).scalar_one_or_none()
        return found

    async def _changes(self, res: Resource, obj: RowMixin, data: BaseModel) -> dict[str, Any]:
        """The fields whose seed value differs from the row's (link lists compared as sets)."""
        changes: dict[str, Any] = {}
        for name, value in data.model_dump().items():
            link = res.service.collections.get(name)
            if link is not None:
                stmt = select(link.value).where(link.owner == obj.id)
                current = sorted((await self.session.scalars(stmt)).all())
                if current != sorted(value):
                    changes[name] = value
            elif getattr(obj, name) != value:
                changes[name] = value
        return changes


async def load_seed(settings: Settings) -> SeedReport:
    """Load (or bring up to date) the Shared Purpose seed in one transaction."""
    db = Database(settings.database_url, settings)
    try:
        async with db.sessionmaker() as session, session.begin():
            return await Loader(session).load(seed_rows())
    finally:
        await db.dispose()
