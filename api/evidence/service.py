from collections.abc import Sequence
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import RuleBroken
from api.evidence.schemas import EvidenceRead
from api.kit.changes import Change, Memo, Verdicts, each
from api.kit.rules import WrongProgramme, programme_of_teams, team_in_programme
from api.kit.service import CrudService
from api.models import Evidence, SupportActivity


class UrlNotHttp(RuleBroken):
    type = "url-not-http"
    title = "Evidence links must be http(s) URLs"


class EvidenceService(CrudService[Evidence]):
    model = Evidence
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

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        teams = await programme_of_teams(session, (c.row["team_id"] for c in changes))
        wanted = {c.row["support_activity_id"] for c in changes} - {None}
        activities: dict[str, str] = {}
        if wanted:
            stmt = select(SupportActivity.id, SupportActivity.programme_id).where(
                SupportActivity.id.in_(wanted)
            )
            activities = dict((await session.execute(stmt)).all())

        def check(change: Change) -> None:
            row = change.row
            parts = urlsplit(row["url"])
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise UrlNotHttp(f"{row['url']!r} is not an http(s) URL", field="url")
            team_in_programme(teams, row["team_id"], row["programme_id"])
            activity = row["support_activity_id"]
            if activity is not None and activities.get(activity) != row["programme_id"]:
                raise WrongProgramme(
                    "the support activity belongs to another programme",
                    field="support_activity_id",
                )

        return each(changes, check)


service = EvidenceService()
