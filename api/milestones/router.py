from api.kit.router import crud_router
from api.milestones.schemas import MilestoneCreate, MilestoneParams, MilestoneRead
from api.milestones.service import service

router = crud_router(
    prefix="/milestones",
    tag="milestones",
    service=service,
    create=MilestoneCreate,
    read=MilestoneRead,
    params=MilestoneParams,
)
