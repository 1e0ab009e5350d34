"""The actions on a campaign, an application and a panel assignment as the API offers them
(and the pages may): each its service, the permission it needs on the record and the states it
may be taken in. The services check both again; these lists only say what a reader may do now."""

from typing import Any

from gtis.assessment import campaigns, decisions, rounds
from gtis.assessment.models import (
    Application,
    ApplicationState,
    AssignmentState,
    Campaign,
    CampaignState,
    PanelAssignment,
)
from gtis.core.actions import Action, available

# Each service takes the actor, the campaign and the action's data.
CAMPAIGN_ACTIONS = {
    "open": Action(campaigns.open_campaign, "assessment.change_campaign", (CampaignState.DRAFT,)),
    "close": Action(
        campaigns.close_applications, "assessment.change_campaign", (CampaignState.OPEN,)
    ),
    "notice": Action(
        decisions.publish_notice, "assessment.change_campaign", (CampaignState.REVIEWING,)
    ),
    "decide": Action(
        decisions.decide_campaign, "assessment.change_campaign", (CampaignState.NOTICE,)
    ),
    "archive": Action(
        decisions.close_campaign, "assessment.change_campaign", (CampaignState.DECIDED,)
    ),
    "close_round": Action(
        rounds.close_round,
        "assessment.change_campaign",
        (CampaignState.REVIEWING,),
        when=lambda campaign: not campaign.scheme.is_last_round(campaign.round_number),
    ),
}

# Each service takes the actor, the application and the action's data.
APPLICATION_ACTIONS = {
    "submit": Action(
        campaigns.submit_application,
        "assessment.change_application",
        (ApplicationState.DRAFT, ApplicationState.RETURNED),
    ),
    "withdraw": Action(
        campaigns.withdraw_application,
        "assessment.change_application",
        (ApplicationState.DRAFT, ApplicationState.SUBMITTED, ApplicationState.RETURNED),
    ),
    "return": Action(
        campaigns.return_application,
        "assessment.decide_application",
        (ApplicationState.SUBMITTED,),
    ),
    "assign": Action(
        campaigns.assign_panel, "assessment.decide_application", (ApplicationState.SUBMITTED,)
    ),
    "resolve": Action(
        rounds.record_resolution,
        "assessment.change_campaign",
        (ApplicationState.SUBMITTED,),
        when=rounds.in_last_round,
    ),
}

# Each service takes the actor, the assignment and the action's data.
ASSIGNMENT_ACTIONS = {
    "declare_no_conflict": Action(
        campaigns.declare_no_conflict, "assessment.answer_assignment", (AssignmentState.INVITED,)
    ),
    "decline": Action(
        campaigns.decline_assignment, "assessment.answer_assignment", (AssignmentState.INVITED,)
    ),
}


def campaign_actions(user: Any, campaign: Campaign) -> list[str]:
    """The actions `user` may take on `campaign` now."""
    return available(CAMPAIGN_ACTIONS, user, campaign)


def application_actions(user: Any, application: Application) -> list[str]:
    """The actions `user` may take on `application` now."""
    return available(APPLICATION_ACTIONS, user, application)


def assignment_actions(user: Any, assignment: PanelAssignment) -> list[str]:
    """The answers the expert may give now, and `score` while their sheet is open: they
    declared no conflict, the campaign is under review and the application still submitted."""
    found = available(ASSIGNMENT_ACTIONS, user, assignment)
    application = assignment.application
    if (
        assignment.state == AssignmentState.ACCEPTED
        and application.state == ApplicationState.SUBMITTED
        and application.campaign.state == CampaignState.REVIEWING
        and user.has_perm("assessment.answer_assignment", assignment)
    ):
        found.append("score")
    return found
