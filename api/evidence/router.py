from api.evidence.schemas import EvidenceCreate, EvidenceParams, EvidenceRead
from api.evidence.service import service
from api.kit.router import crud_router

router = crud_router(
    prefix="/evidence",
    tag="evidence",
    service=service,
    create=EvidenceCreate,
    read=EvidenceRead,
    params=EvidenceParams,
)
