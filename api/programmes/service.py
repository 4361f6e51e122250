from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.rules import in_order
from api.kit.service import CrudService
from api.models import Programme
from api.programmes.schemas import ProgrammeRead


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


service = ProgrammeService()
