from datetime import date

from pydantic import Field

from api.kit.schemas import EXAMPLE_ID, InSchema, ListParams, RowRead, SearchParams
from api.models.enums import PartnerRole, Provenance, SustainabilityStatus, TeamStatus


class TeamFields(InSchema):
    programme_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The programme that funds the team."
    )
    lead_organisation_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The award holder's id."
    )
    name: str = Field(
        min_length=1,
        max_length=200,
        description="Team name.",
        examples=["Oxford University Hospitals value-based interviewing team"],
    )
    project_title: str = Field(
        min_length=1,
        max_length=140,
        description="Project title (at most 140 characters).",
        examples=["Using value-based interviewing to deliver high-quality health care"],
    )
    summary: str = Field(
        "",
        max_length=5000,
        description="What the project does.",
        examples=["Recruiting nurses for their values as well as their skills."],
    )
    status: TeamStatus = Field(TeamStatus.active, description="Where the team is.")
    provenance: Provenance = Field(
        description="`sourced` from a published page, or `synthetic` (made up for the demo).",
        examples=["sourced"],
    )
    source_url: str | None = Field(
        None,
        max_length=500,
        pattern=r"^https?://\S+$",
        description="Where the facts come from; required when sourced.",
        examples=["https://www.health.org.uk/improvement-projects/"],
    )
    status_changed_on: date | None = Field(
        None,
        description="When it became completed or withdrawn (null while active, or when not "
        "recorded: the dashboard then shows the status on every day, flagged).",
        examples=["2015-12-18"],
    )


class TeamCreate(TeamFields):
    """A new award-holder team."""


class TeamRead(RowRead, TeamFields):
    """An award-holder team."""

    sustainability_status: SustainabilityStatus = Field(
        description="Its latest sustainability check-in's status (`not_assessed` without one); "
        "read-only: record a check-in at `/sustainability-checkins`.",
        examples=["continuing"],
    )


class TeamParams(SearchParams):
    programme_id: str | None = Field(None, description="Only this programme's teams.")
    status: TeamStatus | None = Field(None, description="Only teams with this status.")
    provenance: Provenance | None = Field(None, description="Only sourced or synthetic teams.")


class PartnerFields(InSchema):
    organisation_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The partner organisation's id."
    )
    role: PartnerRole = Field(description="Its role in the team.", examples=["partner"])


class PartnerCreate(PartnerFields):
    """Adds an organisation to a team."""


class PartnerRead(RowRead, PartnerFields):
    """An organisation's part in a team."""

    team_id: str = Field(description="The team's id.", examples=[EXAMPLE_ID])


class PartnerParams(ListParams):
    role: PartnerRole | None = Field(None, description="Only partners with this role.")
