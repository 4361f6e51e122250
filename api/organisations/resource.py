"""Organisations: funders, award holders and partners, named by org-id."""

from api.auth.grants import EVERYONE, MANAGERS, Grant, R, W
from api.kit.resource import Resource
from api.organisations.schemas import OrganisationCreate, OrganisationParams, OrganisationRead
from api.organisations.service import service

RESOURCE = Resource(
    name="organisations",
    service=service,
    create=OrganisationCreate,
    read=OrganisationRead,
    params=OrganisationParams,
    grant=Grant({R: EVERYONE, W: MANAGERS}, public=True),
    description="Funders, award holders and partners (org-ids).",
)
