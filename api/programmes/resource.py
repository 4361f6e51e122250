"""Programmes: a funder's programme, or a round of a series."""

from api.auth.grants import EVERYONE, MANAGERS, Grant, R, W
from api.kit.resource import Resource
from api.programmes.schemas import ProgrammeCreate, ProgrammeParams, ProgrammeRead
from api.programmes.service import service

RESOURCE = Resource(
    name="programmes",
    service=service,
    create=ProgrammeCreate,
    read=ProgrammeRead,
    params=ProgrammeParams,
    grant=Grant({R: EVERYONE, W: MANAGERS}, public=True),
    description="Programmes and the series they are rounds of.",
)
