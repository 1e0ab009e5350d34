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
from gtis.assessment.models.resolutions import Outcome, PanelResolution
from gtis.assessment.models.schemes import Scheme, SchemeVersion

__all__ = [
    "Application",
    "ApplicationState",
    "AssessmentCertificate",
    "AssignmentState",
    "Campaign",
    "CampaignState",
    "Objection",
    "Outcome",
    "PanelAssignment",
    "PanelResolution",
    "Scheme",
    "SchemeVersion",
    "ScoreSheet",
    "Tier",
]
