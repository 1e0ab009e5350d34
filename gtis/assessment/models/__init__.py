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
from gtis.assessment.models.tiers import RecommendationQuota

__all__ = [
    "Application",
    "ApplicationState",
    "AssessmentCertificate",
    "AssignmentState",
    "Campaign",
    "CampaignState",
    "Objection",
    "PanelAssignment",
    "RecommendationQuota",
    "Scheme",
    "SchemeVersion",
    "ScoreSheet",
    "Tier",
]
