from pal.models.advising import AdvisorNote, GradeRecord, YouthAdvisor
from pal.models.consent import ConsentText, ConsentVersion
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
    "ConsentText",
    "ConsentVersion",
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
