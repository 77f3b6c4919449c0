from pal.models.advising import AdvisorNote, GradeRecord, YouthAdvisor
from pal.models.enrollment import (
    ActivitySignup,
    EmergencyContact,
    Enrollment,
    Guardian,
    PickUpPerson,
)
from pal.models.terms import Campus, GradingPeriod, ProgramTerm, SummerActivity

__all__ = [
    "ActivitySignup",
    "AdvisorNote",
    "Campus",
    "EmergencyContact",
    "Enrollment",
    "GradeRecord",
    "GradingPeriod",
    "Guardian",
    "PickUpPerson",
    "ProgramTerm",
    "SummerActivity",
    "YouthAdvisor",
]
