from gtis.roadmap.models.indicators import Indicator, IndicatorValue
from gtis.roadmap.models.meetings import CoordinationMeeting, Decision
from gtis.roadmap.models.plans import (
    Baseline,
    Deliverable,
    DeliverableDepartment,
    Part,
    Plan,
    StatusRules,
    Task,
    TaskLead,
)
from gtis.roadmap.models.reports import EscalationEvent, ProgressReport

__all__ = [
    "Baseline",
    "CoordinationMeeting",
    "Decision",
    "Deliverable",
    "DeliverableDepartment",
    "EscalationEvent",
    "Indicator",
    "IndicatorValue",
    "Part",
    "Plan",
    "ProgressReport",
    "StatusRules",
    "Task",
    "TaskLead",
]
