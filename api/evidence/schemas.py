from datetime import date

from pydantic import Field

from api.kit.schemas import EXAMPLE_ID, InSchema, RowRead, SearchParams
from api.models.enums import EvidenceKind


class EvidenceFields(InSchema):
    programme_id: str = Field(max_length=36, examples=[EXAMPLE_ID], description="The programme.")
    team_id: str | None = Field(
        None, max_length=36, examples=[EXAMPLE_ID], description="The team, if one."
    )
    kind: EvidenceKind = Field(description="What sort of evidence.", examples=["case_study"])
    title: str = Field(
        min_length=1,
        max_length=200,
        description="Title.",
        examples=["Value-based interviewing: a case study"],
    )
    url: str = Field(
        max_length=1000,
        description="Where to read it (http or https).",
        examples=["https://www.health.org.uk/"],
    )
    published_on: date = Field(description="Publication date.", examples=["2015-11-30"])
    summary: str = Field(
        "",
        max_length=5000,
        description="What it shows.",
        examples=["How HR and nursing redesigned recruitment together."],
    )
    is_exemplar: bool = Field(False, description="An exemplar of best practice.", examples=[True])
    support_activity_id: str | None = Field(
        None,
        max_length=36,
        examples=[EXAMPLE_ID],
        description="The support activity that produced it.",
    )


class EvidenceCreate(EvidenceFields):
    """A piece of evidence."""


class EvidenceRead(RowRead, EvidenceFields):
    """A piece of evidence of what works."""


class EvidenceParams(SearchParams):
    programme_id: str | None = Field(None, description="Only this programme's evidence.")
    team_id: str | None = Field(None, description="Only this team's evidence.")
    kind: EvidenceKind | None = Field(None, description="Only this kind.")
    is_exemplar: bool | None = Field(None, description="Only exemplars (true) or others (false).")
