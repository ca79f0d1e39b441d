from .businesses import Business, EquipmentCheck, FollowUpVisit, GranteeFollowUp, SupportKind
from .grants import EquipmentType, Grant, GrantItem
from .reference import FundingSource, SkillArea
from .report_summaries import ReportClientFacts, ReportSummary
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
    "ReportClientFacts",
    "ReportSummary",
    "SkillArea",
    "SupportKind",
    "TrainingProgram",
]
