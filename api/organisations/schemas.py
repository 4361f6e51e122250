from pydantic import Field

from api.kit.schemas import InSchema, RowRead, SearchParams
from api.models.enums import OrganisationKind

ORG_ID_PATTERN = r"^[A-Z]{2,4}-[A-Z0-9]{2,10}-[A-Za-z0-9._-]+$"


class OrganisationFields(InSchema):
    name: str = Field(
        min_length=1,
        max_length=200,
        description="Legal or common name.",
        examples=["Oxford University Hospitals NHS Foundation Trust"],
    )
    org_identifier: str = Field(
        max_length=100,
        pattern=ORG_ID_PATTERN,
        description="org-id.guide identifier: registry prefix then the registry's id.",
        examples=["GB-NHS-RTH"],
    )
    kind: OrganisationKind = Field(description="What sort of body it is.", examples=["nhs_trust"])
    postcode: str | None = Field(
        None, max_length=10, description="UK postcode.", examples=["OX3 9DU"]
    )
    url: str | None = Field(
        None,
        max_length=500,
        pattern=r"^https?://\S+$",
        description="Web site.",
        examples=["https://www.ouh.nhs.uk"],
    )


class OrganisationCreate(OrganisationFields):
    """A new organisation."""


class OrganisationRead(RowRead, OrganisationFields):
    """An organisation: funder, award holder or partner."""


class OrganisationParams(SearchParams):
    kind: OrganisationKind | None = Field(None, description="Only organisations of this kind.")
    org_identifier: str | None = Field(None, description="Exact org-id.", examples=["GB-NHS-RTH"])
