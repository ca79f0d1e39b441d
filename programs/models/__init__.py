from .grants import EquipmentType, Grant, GrantItem
from .reference import FundingSource, SkillArea
from .training import Batch, Enrolment, TrainingProgram

__all__ = [
    "Batch",
    "Enrolment",
    "EquipmentType",
    "FundingSource",
    "Grant",
    "GrantItem",
    "SkillArea",
    "TrainingProgram",
]
