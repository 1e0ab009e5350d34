"""Helpers of the after-designation tests: a decided green-factory campaign's certificate."""

import datetime

from gtis.assessment import campaigns, decisions
from gtis.assessment.models import AssessmentCertificate, Campaign
from tests.assessment.test_campaigns import sheet_for


def certify(office, panel) -> AssessmentCertificate:
    """The panel scores the application best, the notice runs out, the decision certifies."""
    application, drawn = panel
    scheme = application.campaign.scheme
    for assignment in drawn:
        campaigns.score_application(
            actor=assignment.expert.user,
            assignment=assignment,
            entries=sheet_for(scheme, "best"),
            comments={leaf.code: "好。" for leaf in scheme.leaves()},
        )
    campaign = application.campaign
    decisions.publish_notice(actor=office, campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(
        notice_ends_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    campaign.refresh_from_db()
    (certificate,) = decisions.decide_campaign(actor=office, campaign=campaign)
    return certificate
