"""A campaign's decision published as a catalogue edition: the promotion catalogue, say, is
chosen this way (provinces recommend within quotas, experts review, the list is noticed and
published). Each entry is one passed application, linked to its page, ranked by panel score."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.assessment.models import Application, Campaign
from gtis.catalog.models import CatalogueEdition
from gtis.catalog.settled import SettledEntry, publish_settled_edition


def publish_edition(*, actor: Any, campaign: Campaign) -> CatalogueEdition:
    """Within the decision (which checked the actor): the campaign's certified applications as
    an edition of the kind it publishes, its notice the campaign's."""
    today = timezone.localdate()
    return publish_settled_edition(
        actor=actor,
        kind=campaign.publishes_catalogue,
        title=campaign.title,
        year=today.year,
        owner_department=campaign.organiser,
        entries=[
            _entry(number, application)
            for number, application in enumerate(_certified(campaign), start=1)
        ],
        notice_ended_on=campaign.notice_ends_on or today - datetime.timedelta(days=1),
        notice_days=campaign.scheme.notice_days,
        published_on=today,
    )


def _certified(campaign: Campaign) -> list[Application]:
    return list(
        campaign.applications.filter(certificate__isnull=False, certificate__revoked_at=None)
        .select_related("applicant", "certificate")
        .prefetch_related("fields__taxonomy")
        .order_by("-panel_score", "pk")
    )


def _entry(number: int, application: Application) -> SettledEntry:
    certificate = application.certificate
    return SettledEntry(
        key=str(number),
        title=application.subject,
        record=application,
        label=f"{application.applicant.name}: {application.subject}",
        description=_("%(applicant)s; panel score %(score)s; certificate %(number)s")
        % {
            "applicant": application.applicant.name,
            "score": application.panel_score,
            "number": certificate.number,
        },
        node_codes=[f"{node.taxonomy.code}:{node.code}" for node in application.fields.all()],
    )
