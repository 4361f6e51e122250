from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import RuleBroken
from api.evidence.schemas import EvidenceRead
from api.kit.rules import WrongProgramme, team_in_programme
from api.kit.service import CrudService
from api.models import Evidence, SupportActivity


class UrlNotHttp(RuleBroken):
    type = "url-not-http"
    title = "Evidence links must be http(s) URLs"


class EvidenceService(CrudService[Evidence]):
    model = Evidence
    label = "evidence"
    read_schema = EvidenceRead
    filters = {
        "programme_id": lambda v: Evidence.programme_id == v,
        "team_id": lambda v: Evidence.team_id == v,
        "kind": lambda v: Evidence.kind == v,
        "is_exemplar": lambda v: Evidence.is_exemplar == v,
    }
    sortable = ("published_on", "title", "created_at")
    default_sort = "published_on"
    search = ("title",)

    async def validate(
        self,
        session: AsyncSession,
        obj: Evidence,
        links: dict[str, list[str]],
        before: dict[str, Any] | None,
    ) -> None:
        parts = urlsplit(obj.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UrlNotHttp(f"{obj.url!r} is not an http(s) URL", field="url")
        await team_in_programme(session, obj.team_id, obj.programme_id)
        if obj.support_activity_id is not None:
            owner = await session.scalar(
                select(SupportActivity.programme_id).where(
                    SupportActivity.id == obj.support_activity_id
                )
            )
            if owner != obj.programme_id:
                raise WrongProgramme(
                    "the support activity belongs to another programme",
                    field="support_activity_id",
                )


service = EvidenceService()
