from gtis.assessment.models.campaigns import (
    Application,
    ApplicationState,
    AssignmentState,
    Campaign,
    CampaignState,
    PanelAssignment,
    ScoreSheet,
    Tier,
)
from gtis.assessment.models.schemes import Scheme, SchemeVersion

__all__ = [
    "Application",
    "ApplicationState",
    "AssignmentState",
    "Campaign",
    "CampaignState",
    "PanelAssignment",
    "Scheme",
    "SchemeVersion",
    "ScoreSheet",
    "Tier",
]
