from .businesses import Business, EquipmentCheck, FollowUpVisit, GranteeFollowUp, SupportKind
from .grants import EquipmentType, Grant, GrantItem
from .grievances import (
    Grievance,
    GrievanceAttachment,
    GrievanceCategory,
    GrievanceNote,
    Holiday,
    ResolutionDeadline,
)
from .reference import FundingSource, SkillArea
from .training import Batch, Enrolment, TrainingProgram

__all__ = [
    "Batch",
    "Business",
    "Enrolment",
    "EquipmentCheck",
    "EquipmentType",
    "FollowUpVisit",
    "FundingSource",
    "Grant",
    "GrantItem",
    "GranteeFollowUp",
    "Grievance",
    "GrievanceAttachment",
    "GrievanceCategory",
    "GrievanceNote",
    "Holiday",
    "ResolutionDeadline",
    "SkillArea",
    "SupportKind",
    "TrainingProgram",
]
