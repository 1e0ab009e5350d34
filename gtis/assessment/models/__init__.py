from gtis.assessment.models.campaigns import (
    Application,
    ApplicationState,
    AssessmentCertificate,
    AssignmentState,
    Campaign,
    CampaignState,
    Objection,
    PanelAssignment,
    ScoreSheet,
    Tier,
)
from gtis.assessment.models.schemes import Scheme, SchemeVersion

__all__ = [
    "Application",
    "ApplicationState",
    "AssessmentCertificate",
    "AssignmentState",
    "Campaign",
    "CampaignState",
    "Objection",
    "PanelAssignment",
    "Scheme",
    "SchemeVersion",
    "ScoreSheet",
    "Tier",
]
