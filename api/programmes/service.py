from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import ProblemError
from api.kit.rules import in_order
from api.kit.service import CrudService
from api.models import Programme
from api.programmes.schemas import ProgrammeRead


class ParentCycle(ProblemError):
    status = 409
    type = "parent-cycle"
    title = "A programme cannot be its own ancestor"


class ProgrammeService(CrudService[Programme]):
    model = Programme
    label = "programme"
    read_schema = ProgrammeRead
    filters = {
        "parent_id": lambda v: Programme.parent_id == v,
        "funder_id": lambda v: Programme.funder_id == v,
    }
    sortable = ("code", "title", "start_date", "created_at")
    default_sort = "start_date"
    search = ("title", "code")

    async def validate(
        self,
        session: AsyncSession,
        obj: Programme,
        links: dict[str, list[str]],
        before: dict[str, Any] | None,
    ) -> None:
        in_order(obj.start_date, obj.end_date, "end_date")
        # A series is a tree: walking up from the new parent must never reach this programme.
        parent_id = obj.parent_id
        while parent_id is not None:
            if parent_id == obj.id:
                raise ParentCycle("a programme cannot be its own ancestor", field="parent_id")
            parent_id = await session.scalar(
                select(Programme.parent_id).where(Programme.id == parent_id)
            )


service = ProgrammeService()
