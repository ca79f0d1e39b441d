from .access import RecordAccess, StaffScope, user_scope_covers, user_sees_whole_province
from .clients import CaseNote, Client, ClientStatusChange, RegistrationSequence, normalize_name
from .imports import ClientImport
from .reference import AssistiveDevice, DisabilityKind, DisabilityType, PpksType
from .regions import District, Province, Regency, Village
from .units import ServiceUnit

__all__ = [
    "AssistiveDevice",
    "CaseNote",
    "Client",
    "ClientImport",
    "ClientStatusChange",
    "DisabilityKind",
    "DisabilityType",
    "District",
    "PpksType",
    "Province",
    "RecordAccess",
    "Regency",
    "RegistrationSequence",
    "ServiceUnit",
    "StaffScope",
    "Village",
    "normalize_name",
    "user_scope_covers",
    "user_sees_whole_province",
]
