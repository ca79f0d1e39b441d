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
from .marketing import (
    BusinessProfile,
    CatalogueVersion,
    MarketSupport,
    ProductPhoto,
    PublicationConsent,
    SuccessStory,
)
from .reference import FundingSource, SkillArea
from .training import Batch, Enrolment, TrainingProgram

__all__ = [
    "Batch",
    "Business",
    "BusinessProfile",
    "CatalogueVersion",
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
    "MarketSupport",
    "ProductPhoto",
    "PublicationConsent",
    "ResolutionDeadline",
    "SkillArea",
    "SuccessStory",
    "SupportKind",
    "TrainingProgram",
]
