"""The closed vocabularies of the domain, as string enums stored by value."""

from enum import StrEnum
from typing import Any

from sqlalchemy import Enum as SAEnum


def enum_column(enum: type[StrEnum]) -> SAEnum:
    """Stored as VARCHAR (no native type, no CHECK) so adding a value needs no table rebuild."""
    return SAEnum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=40,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class OrganisationKind(StrEnum):
    nhs_trust = "nhs_trust"
    charity = "charity"
    company = "company"
    public_body = "public_body"
    funder = "funder"
    university = "university"
    other = "other"


class TeamStatus(StrEnum):
    active = "active"
    completed = "completed"
    withdrawn = "withdrawn"


class Provenance(StrEnum):
    sourced = "sourced"
    synthetic = "synthetic"


class SustainabilityStatus(StrEnum):
    not_assessed = "not_assessed"
    continuing = "continuing"
    partly_continuing = "partly_continuing"
    stopped = "stopped"


class PartnerRole(StrEnum):
    lead = "lead"
    partner = "partner"
    funder = "funder"
    other = "other"


class QualityDimension(StrEnum):
    """The Health Foundation's six dimensions of quality."""

    safe = "safe"
    effective = "effective"
    person_centred = "person_centred"
    timely = "timely"
    efficient = "efficient"
    equitable = "equitable"


class CorporateService(StrEnum):
    finance = "finance"
    hr = "hr"
    it = "it"
    estates = "estates"
    procurement = "procurement"
    informatics = "informatics"


class Measure(StrEnum):
    unit = "unit"
    percentage = "percentage"
    qualitative = "qualitative"


class Direction(StrEnum):
    higher_is_better = "higher_is_better"
    lower_is_better = "lower_is_better"


class AwardStatus(StrEnum):
    awarded = "awarded"
    active = "active"
    closed = "closed"
    withdrawn = "withdrawn"


class Instalment(StrEnum):
    initial = "initial"
    interim = "interim"
    final = "final"


class PaymentStatus(StrEnum):
    scheduled = "scheduled"
    approved = "approved"
    paid = "paid"
    cancelled = "cancelled"


class MilestoneKind(StrEnum):
    project = "project"
    learning = "learning"
    reporting = "reporting"
    evaluation = "evaluation"
    sustainability = "sustainability"


class MilestoneStatus(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    achieved = "achieved"
    missed = "missed"
    deferred = "deferred"
    cancelled = "cancelled"


class SupportType(StrEnum):
    diagnostic_needs_assessment = "diagnostic_needs_assessment"
    knowledge_capture = "knowledge_capture"
    learning_event = "learning_event"
    coaching = "coaching"


class SupportFormat(StrEnum):
    in_person = "in_person"
    online = "online"
    blended = "blended"


class ActivityStatus(StrEnum):
    planned = "planned"
    delivered = "delivered"
    cancelled = "cancelled"


class EvidenceKind(StrEnum):
    case_study = "case_study"
    report = "report"
    toolkit = "toolkit"
    publication = "publication"
    presentation = "presentation"
    dataset = "dataset"


class Role(StrEnum):
    """What a user or API key may do; see ``api.auth.permissions`` for the full table."""

    admin = "admin"
    programme_manager = "programme_manager"
    finance = "finance"
    team_editor = "team_editor"
    viewer = "viewer"


def values(enum: type[StrEnum]) -> list[Any]:
    return [m.value for m in enum]


class BudgetCategory(StrEnum):
    """What a budget line pays for."""

    staff = "staff"
    backfill = "backfill"  # cover for clinical or corporate staff released to the project
    training = "training"
    evaluation = "evaluation"
    equipment = "equipment"
    other = "other"


class AmendmentKind(StrEnum):
    """How an amendment changes an award's terms."""

    uplift = "uplift"  # more money (amount_change_pence > 0)
    reduction = "reduction"  # less money (amount_change_pence < 0)
    extension = "extension"  # a later planned end, the money unchanged
    reprofile = "reprofile"  # the planned dates moved, the money unchanged


class AmendmentStatus(StrEnum):
    proposed = "proposed"
    approved = "approved"  # counts in the award's terms from its effective date
    rejected = "rejected"


class ReportStatus(StrEnum):
    """A spend report's way from the team to finance: draft → submitted → approved, or
    submitted → returned (with comments) → submitted again."""

    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    approved = "approved"
