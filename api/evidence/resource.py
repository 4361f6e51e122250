"""Evidence: case studies, reports and exemplars of what works."""

from api.auth.grants import EVERYONE, TEAM_WORK, Grant, R, W
from api.evidence.schemas import EvidenceCreate, EvidenceParams, EvidenceRead
from api.evidence.service import service
from api.kit.resource import Resource
from api.kit.scope import through
from api.models import Evidence

RESOURCE = Resource(
    name="evidence",
    service=service,
    create=EvidenceCreate,
    read=EvidenceRead,
    params=EvidenceParams,
    grant=Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    description="Case studies, reports and exemplars of what works.",
    owner=through(Evidence.team_id),
)
