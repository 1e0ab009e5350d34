"""A campaign's decision publishes a catalogue edition: when the campaign is set to publish one,
deciding it publishes an edition of that kind through the catalogue's own steps, one entry per
certified application, best first, each linked to its application; the campaign links to the
edition. Only someone who may publish catalogues decides such a campaign."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gtis.assessment import campaigns, decisions
from gtis.assessment.models import Campaign
from gtis.catalog.models import CatalogueEdition
from gtis.core.roles import Role
from tests.assessment.evaluation import evaluated
from tests.assessment.test_decisions import end_notice
from tests.assessment.test_rounds import ONE_ROUND, draw, score
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = datetime.date.today()


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


@pytest.fixture
def promotion(office, member, department, green_fields):
    """A campaign publishing the promotion catalogue, its notice over: 乙 (96) and 甲 (100)
    on the list, 丙 failed (below the pass mark)."""
    rival = UserFactory(
        username="rival",
        role=Role.ORGANISATION_MEMBER,
        organisation=OrganisationFactory(name="示例云膜分离技术有限公司"),
    )
    return noticed_campaign(
        office,
        department,
        green_fields,
        [("乙", member, "B"), ("甲", rival, "A"), ("丙", member, None)],
        title="2026年绿色技术推广目录遴选",
        publishes_catalogue="promotion",
    )


def noticed_campaign(office, department, green_fields, entries, **campaign_fields):
    """A one-round campaign whose notice is over, an application per (subject, applicant's
    user, grade) entry: scored at that grade, or failed below the pass mark when None."""
    from gtis.assessment import services
    from tests.assessment.test_campaigns import complete, expert

    other = OrganisationFactory(name="示例评审机构")
    person = expert("推广目录评审专家", other, [green_fields["1.1.1"]])
    person.user = UserFactory(username="promoter", role=Role.EXPERT)
    person.save()
    version = services.save_scheme_version(actor=office, source=ONE_ROUND)
    campaign = campaigns.create_campaign(
        actor=office,
        version=version,
        organiser=department,
        tier="national",
        opens_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=30),
        **campaign_fields,
    )
    campaigns.open_campaign(actor=office, campaign=campaign)
    applications = []
    for subject, applicant, _grade in entries:
        application = campaigns.save_application(
            actor=applicant,
            campaign=campaign,
            fields=[green_fields["1.1.1"]],
            **(complete(campaign) | {"subject": subject}),
        )
        evaluated(applicant, application)
        applications.append(
            campaigns.submit_application(actor=applicant, application=application, pledge=True)
        )
    campaigns.close_applications(actor=office, campaign=campaign)
    for application, (_subject, _applicant, grade) in zip(applications, entries, strict=True):
        draw(office, application)
        score(application, grade or "A", level="best" if grade else "worst")
    decisions.publish_notice(actor=office, campaign=campaign)
    end_notice(campaign)
    return campaign, applications


def test_a_campaign_kind_must_be_a_catalogue_kind(office, department, versions):
    version = versions["green-factory", "GB/T 36132-2018"]
    with pytest.raises(ValidationError) as error:
        campaigns.create_campaign(
            actor=office,
            version=version,
            title="推广目录",
            organiser=department,
            tier="national",
            opens_on=TODAY,
            closes_on=TODAY,
            publishes_catalogue="wish_list",
        )
    assert error.value.message_dict == {
        "publishes_catalogue": ["Choose one of the catalogue kinds, or none."]
    }
    assert not Campaign.objects.exists()


def test_the_decision_publishes_an_edition_whose_entries_link_to_their_applications(
    client, office, promotion
):
    campaign, (second, first, _failed) = promotion
    decisions.decide_campaign(actor=office, campaign=campaign)
    campaign.refresh_from_db()
    edition = campaign.edition
    assert (edition.kind, edition.title, edition.status, edition.published_on) == (
        "promotion",
        "2026年绿色技术推广目录遴选",
        "published",
        TODAY,
    )
    assert edition.notice_ends_on == campaign.notice_ends_on
    entries = list(edition.entries.order_by("key"))
    assert [(e.key, e.title, e.reference_url) for e in entries] == [
        ("1", "甲", first.get_absolute_url()),
        ("2", "乙", second.get_absolute_url()),
    ]
    first.refresh_from_db()
    assert entries[0].description == (
        f"示例云膜分离技术有限公司; panel score 100.00; certificate {first.certificate.number}"
    )
    assert [node.code for node in entries[0].nodes.all()] == ["1.1.1"]

    campaign_page = client.get(campaign.get_absolute_url()).content.decode()
    assert f'href="{edition.get_absolute_url()}"' in campaign_page
    edition_page = client.get(reverse("catalog:edition_detail", args=[edition.pk]))
    assert f'href="{first.get_absolute_url()}"' in edition_page.content.decode()


def test_a_new_edition_supersedes_the_one_in_force(office, promotion):
    from gtis.catalog import services as catalogue

    old = catalogue.create_edition(
        actor=office, kind="promotion", title="绿色技术推广目录（2022年）", year=2022
    )
    catalogue.save_entry(actor=office, edition=old, key="1", title="旧条目")
    catalogue.submit_for_review(actor=office, edition=old)
    catalogue.open_public_notice(
        actor=office, edition=old, starts_on=datetime.date(2022, 11, 1), days=7
    )
    catalogue.publish_edition(actor=office, edition=old, published_on=datetime.date(2022, 11, 30))
    campaign, _applications = promotion
    decisions.decide_campaign(actor=office, campaign=campaign)
    old.refresh_from_db()
    assert (old.status, old.superseded_on) == ("superseded", TODAY)


def test_only_who_may_publish_catalogues_decides_a_campaign_that_publishes_one(users, promotion):
    campaign, _applications = promotion
    with pytest.raises(PermissionDenied):
        decisions.decide_campaign(actor=users[Role.PLATFORM_ADMIN], campaign=campaign)
    campaign.refresh_from_db()
    assert (campaign.state, campaign.edition) == ("notice", None)
    assert not CatalogueEdition.objects.exists()


def test_a_campaign_that_publishes_nothing_makes_no_edition(office, scored):
    campaign = scored.campaign
    decisions.publish_notice(actor=office, campaign=campaign)
    end_notice(campaign)
    decisions.decide_campaign(actor=office, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.edition is None and not CatalogueEdition.objects.exists()


@pytest.fixture
def scored(panel):
    from tests.assessment.test_campaigns import sheet_for

    application, drawn = panel
    scheme = application.campaign.scheme
    for assignment in drawn:
        campaigns.score_application(
            actor=assignment.expert.user,
            assignment=assignment,
            entries=sheet_for(scheme, "best"),
            comments={leaf.code: "好。" for leaf in scheme.leaves()},
        )
    return application
