"""After designation: the scheme's duties become the holder's dated obligations; the holder
submits, staff accept or return; a miss after the grace suspends the designation until the
obligation is accepted; an active credit record suspends it until repaired; a re-review
suspends, lifts or removes; holders are reminded once before expiry and ask for renewal."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from gtis.assessment import decisions, duties, schemes
from gtis.assessment.models import (
    AssessmentCertificate,
    DesignationAction,
    Obligation,
    Reminder,
    RenewalRequest,
)
from gtis.core.actors import SYSTEM
from gtis.core.models import Attachment, Notification
from gtis.core.roles import Role
from gtis.registry import services as registry
from gtis.registry.models import Designation
from tests.assessment.duty_helpers import certify
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


@pytest.fixture
def certificate(office, panel):
    return certify(office, panel)


def first(certificate, duty=None):
    """The obligation (of `duty`) whose grace ends first."""
    obligations = certificate.obligations.order_by("grace_until", "pk")
    return (obligations.filter(duty=duty) if duty else obligations).first()


def status_of(certificate):
    return Designation.objects.get(pk=certificate.designation_id).status


# The scheme format --------------------------------------------------------------------------


def duty(**fields):
    values = {
        "code": "d",
        "name": schemes.Text("年报", "Report"),
        "every_months": 12,
        "due": "",
        "due_days": None,
        "grace_days": 0,
        "on_missed": "suspend",
        "source": "s",
    }
    return schemes.Duty(**(values | fields))


def test_a_day_of_the_year_falls_due_each_period_after_designation():
    start, until = datetime.date(2026, 6, 15), datetime.date(2029, 6, 15)
    assert duties.due_dates(duty(due="03-30"), start=start, until=until) == [
        datetime.date(2027, 3, 30),
        datetime.date(2028, 3, 30),
        datetime.date(2029, 3, 30),
    ]
    assert duties.due_dates(duty(due="01-15", every_months=6), start=start, until=until) == [
        datetime.date(2026, 7, 15),
        datetime.date(2027, 1, 15),
        datetime.date(2027, 7, 15),
        datetime.date(2028, 1, 15),
        datetime.date(2028, 7, 15),
        datetime.date(2029, 1, 15),
    ]


def test_days_after_each_period_and_open_ended_designations():
    start = datetime.date(2026, 1, 31)
    assert duties.due_dates(duty(due_days=30), start=start, until=datetime.date(2028, 3, 1)) == [
        datetime.date(2027, 3, 2),
        datetime.date(2028, 3, 1),
    ]
    assert duties.due_dates(duty(due="08-31", every_months=6), start=start, until=None) == [
        datetime.date(2026, 2, 28),
        datetime.date(2026, 8, 31),
        datetime.date(2027, 2, 28),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("due: 02-30", "line 3, duties[0].due: must be a day of the year written MM-DD"),
        ("due_days: 10\n    due: 03-30", "line 2, duties[0]: give either due"),
        ("due: 03-30\n    on_missed: warn", "duties[0].on_missed: must be one of suspend"),
    ],
)
def test_a_bad_duty_is_refused_naming_the_line(text, message):
    from tests.assessment.test_schemes import SCHEME

    block = (
        f"duties:\n  - code: annual\n    {text}\n    name: {{zh: 年报, en: Report}}\n"
        "    every_months: 12\n    source: s\n"
    )
    if "on_missed" not in text:
        block += "    on_missed: suspend\n"
    with pytest.raises(schemes.SchemeError) as error:
        schemes.parse(block + SCHEME, "x.yaml")
    assert message in str(error.value)


# Obligations ------------------------------------------------------------------------------


def test_the_decision_schedules_the_schemes_duties_over_the_validity(certificate):
    designation = certificate.designation
    scheme = certificate.application.campaign.scheme
    annual, half_yearly = scheme.duties
    rows = list(certificate.obligations.values_list("duty", "due_on", "grace_until", "state"))
    expected = [
        (d.code, day, day + datetime.timedelta(days=d.grace_days), "due")
        for d in (annual, half_yearly)
        for day in duties.due_dates(
            d, start=designation.designated_on, until=designation.valid_until
        )
    ]
    assert sorted(rows) == sorted(expected)
    assert (len(rows), designation.valid_until.year - designation.designated_on.year) == (9, 3)
    assert duties.schedule_obligations(actor=SYSTEM, certificate=certificate) == []


def test_the_holder_submits_and_staff_accept(certificate, member, office):
    obligation = first(certificate)
    upload = SimpleUploadedFile("dynamic.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    duties.submit_obligation(
        actor=member,
        obligation=obligation,
        report="全年能耗下降5%。",
        figures={"energy_per_output": "0.82"},
        file=upload,
    )
    obligation.refresh_from_db()
    assert (obligation.state, obligation.figures) == ("submitted", {"energy_per_output": "0.82"})
    assert Attachment.objects.for_object(obligation).get().original_name == "dynamic.pdf"
    duties.return_obligation(actor=office, obligation=obligation, comment="补充能源审计报告。")
    assert obligation.state == "returned"
    duties.submit_obligation(actor=member, obligation=obligation, report="已补充。")
    duties.accept_obligation(actor=office, obligation=obligation)
    obligation.refresh_from_db()
    assert (obligation.state, obligation.reviewed_by) == ("accepted", office)


def test_a_bad_submission_names_its_fields_and_changes_nothing(certificate, member):
    obligation = first(certificate)
    with pytest.raises(ValidationError) as error:
        duties.submit_obligation(
            actor=member, obligation=obligation, report=" ", figures={"energy": "about 5"}
        )
    assert error.value.message_dict == {
        "report": ["Write the report: what was done in the period."],
        "figures": ["Give each figure as a number: energy."],
    }
    obligation.refresh_from_db()
    assert (obligation.state, obligation.report, obligation.figures) == ("due", "", {})


def test_other_organisations_cannot_submit_and_holders_cannot_accept(certificate, member, office):
    obligation = first(certificate)
    stranger = UserFactory(
        username="stranger", role=Role.ORGANISATION_MEMBER, organisation=OrganisationFactory()
    )
    with pytest.raises(PermissionDenied):
        duties.submit_obligation(actor=stranger, obligation=obligation, report="冒名提交。")
    with pytest.raises(PermissionDenied):
        duties.submit_obligation(actor=office, obligation=obligation, report="代为提交。")
    duties.submit_obligation(actor=member, obligation=obligation, report="年度报告。")
    with pytest.raises(PermissionDenied):
        duties.accept_obligation(actor=member, obligation=obligation)
    with pytest.raises(PermissionDenied):
        duties.re_review(actor=member, certificate=certificate, outcome="remove", reason="自行")
    obligation.refresh_from_db()
    assert obligation.state == "submitted" and status_of(certificate) == "active"


# Missed, suspended, reinstated ----------------------------------------------------------------


def test_a_miss_after_the_grace_suspends_and_the_later_acceptance_reinstates(
    certificate, member, office, client
):
    obligation = first(certificate)
    assert duties.run_duties(today=obligation.grace_until).missed == 0
    run = duties.run_duties(today=obligation.grace_until + DAY)
    obligation.refresh_from_db()
    assert (obligation.state, obligation.missed_on) == ("missed", obligation.grace_until + DAY)
    assert status_of(certificate) == "suspended" and run.suspended == 1
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert 'data-testid="certificate-suspended"' in page
    assert decisions.verify(certificate.code)[1] == "suspended"
    again = duties.run_duties(today=obligation.grace_until + DAY)
    assert (again.suspended, DesignationAction.objects.count()) == (0, 1)

    duties.submit_obligation(actor=member, obligation=obligation, report="补报年度动态管理表。")
    duties.accept_obligation(actor=office, obligation=obligation, comment="已补报。")
    assert status_of(certificate) == "active"
    actions = list(
        DesignationAction.objects.order_by("pk").values_list("action", "cause", "obligation")
    )
    assert actions == [
        ("suspend", "missed_duty", obligation.pk),
        ("reinstate", "duty_accepted", obligation.pk),
    ]
    assert (
        'data-testid="certificate-valid"'
        in client.get(certificate.get_absolute_url()).content.decode()
    )


def test_a_duty_that_removes_on_a_miss_revokes_the_certificate(certificate):
    Obligation.objects.filter(certificate=certificate).update(on_missed="remove")
    obligation = first(certificate)
    run = duties.run_duties(today=obligation.grace_until + DAY)
    certificate.refresh_from_db()
    assert (run.removed, decisions.verify(certificate.code)[1]) == (1, "revoked")
    assert not certificate.obligations.filter(state__in=("due", "returned")).exists()


def test_an_active_credit_record_suspends_until_it_is_repaired(certificate, office):
    applicant = certificate.application.applicant
    record = registry.record_credit_event(
        actor=office,
        organisation=applicant,
        kind="environmental_violation",
        authority="常州市生态环境局",
        document_number="常环罚〔2026〕18号",
        decided_on=datetime.date.today(),
        summary="超标排放废水。",
    )
    run = duties.run_duties()
    assert (run.suspended, status_of(certificate)) == (1, "suspended")
    action = DesignationAction.objects.get()
    assert (action.cause, action.credit_record) == ("credit_record", record)
    assert "常环罚〔2026〕18号" in action.reason
    assert duties.run_duties().reinstated == 0
    registry.repair_credit_record(
        actor=office, record=record, repaired_on=datetime.date.today(), reason="已整改到位。"
    )
    assert duties.run_duties().reinstated == 1
    assert status_of(certificate) == "active"


def test_a_re_review_suspends_lifts_and_removes_with_a_public_reason(certificate, office, client):
    with pytest.raises(ValidationError) as error:
        duties.re_review(actor=office, certificate=certificate, outcome="pause", reason=" ")
    assert set(error.value.message_dict) == {"outcome", "reason"}
    duties.re_review(
        actor=office, certificate=certificate, outcome="suspend", reason="抽查发现能耗数据不符。"
    )
    assert status_of(certificate) == "suspended"
    duties.re_review(actor=office, certificate=certificate, outcome="reinstate", reason="已核实。")
    assert status_of(certificate) == "active"
    duties.re_review(
        actor=office, certificate=certificate, outcome="remove", reason="复核不再符合要求。"
    )
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and status_of(certificate) == "revoked"
    page = client.get("/assessment/designation-actions/").content.decode()
    assert page.count("复核不再符合要求。") == 1 and "抽查发现能耗数据不符。" in page
    assert (
        'data-testid="certificate-revoked"'
        in client.get(certificate.get_absolute_url()).content.decode()
    )


def test_a_re_review_cannot_lift_a_suspension_other_causes_keep(certificate, office):
    obligation = first(certificate)
    duties.run_duties(today=obligation.grace_until + DAY)
    with pytest.raises(ValidationError) as error:
        duties.re_review(actor=office, certificate=certificate, outcome="reinstate", reason="可")
    assert error.value.message_dict["outcome"] == [
        f"It stays suspended for: {obligation.name} due {obligation.due_on.isoformat()} missed."
    ]
    assert status_of(certificate) == "suspended"


# Reminders and renewal ------------------------------------------------------------------------


def run_on(day, capture):
    """The daily sweep as `day`, its notifications sent (they go once it commits)."""
    with capture(execute=True):
        duties.run_duties(today=day)


def test_expiry_reminders_go_once_at_90_and_30_days(
    certificate, member, django_capture_on_commit_callbacks
):
    valid_until = certificate.designation.valid_until
    capture = django_capture_on_commit_callbacks

    def expiry_notices():
        return list(
            Notification.objects.filter(kind="assessment.expiry", recipient=member)
            .order_by("pk")
            .values_list("title", flat=True)
        )

    run_on(valid_until - datetime.timedelta(days=91), capture)
    assert expiry_notices() == []
    run_on(valid_until - datetime.timedelta(days=80), capture)
    run_on(valid_until - datetime.timedelta(days=79), capture)
    assert len(expiry_notices()) == 1
    run_on(valid_until - datetime.timedelta(days=20), capture)
    run_on(valid_until - datetime.timedelta(days=10), capture)
    notices = expiry_notices()
    assert len(notices) == 2 and valid_until.isoformat() in notices[1]
    assert sorted(
        Reminder.objects.filter(key__startswith="expiry").values_list("key", flat=True)
    ) == ["expiry:30", "expiry:90"]


def test_obligations_due_soon_are_reminded_once(
    certificate, member, django_capture_on_commit_callbacks
):
    obligation = first(certificate, "indicators")
    for days in (10, 9):
        with django_capture_on_commit_callbacks(execute=True):
            call_command(
                "run-duties",
                today=obligation.due_on - datetime.timedelta(days=days),
                stdout=StringIO(),
            )
    titles = list(
        Notification.objects.filter(kind="assessment.obligation_due", recipient=member)
        .filter(url=obligation.get_absolute_url())
        .values_list("title", flat=True)
    )
    assert titles == [f"{obligation.name} is due on {obligation.due_on.isoformat()}"]


def test_renewal_is_asked_in_the_last_months_and_granted_after_re_review(
    certificate, member, office
):
    designation = certificate.designation
    old_end = designation.valid_until
    with pytest.raises(ValidationError) as error:
        duties.request_renewal(actor=member, certificate=certificate, statement="申请复核续期。")
    assert "Renewal may be asked for from" in error.value.message_dict["statement"][0]
    with freeze_time(old_end - datetime.timedelta(days=30)):
        renew_in_the_last_month(certificate, member, office, old_end)


def renew_in_the_last_month(certificate, member, office, old_end):
    designation = certificate.designation
    with pytest.raises(PermissionDenied):
        duties.request_renewal(actor=office, certificate=certificate, statement="代申请。")
    renewal = duties.request_renewal(
        actor=member, certificate=certificate, statement="三年来各项指标持续达标。"
    )
    with pytest.raises(ValidationError):
        duties.request_renewal(actor=member, certificate=certificate, statement="再次申请。")
    before = certificate.obligations.count()
    duties.decide_renewal(actor=office, renewal=renewal, grant=True, decision="复核合格，续期。")
    designation.refresh_from_db()
    assert designation.valid_until == old_end.replace(year=old_end.year + 3)
    assert designation.renewed_on == old_end - datetime.timedelta(days=30)
    assert certificate.obligations.count() == before + 9
    assert RenewalRequest.objects.get().state == "granted"
    assert DesignationAction.objects.get().action == "renew"
    assert decisions.verify(certificate.code)[1] == "valid"


def test_who_may_act_after_designation(certificate, users):
    from tests.helpers import assert_permission_matrix

    assert_permission_matrix(
        """
        permission                         | office | officer | member | expert | admin | anon
        assessment.view_obligation @o      | y      | n       | y      | n      | y     | n
        assessment.submit_obligation @o    | n      | n       | y      | n      | n     | n
        assessment.review_obligation @o    | y      | n       | n      | n      | y     | n
        assessment.re_review @c            | y      | n       | n      | n      | y     | n
        assessment.request_renewal @c      | n      | n       | y      | n      | n     | n
        assessment.view_designationaction  | y      | y       | y      | y      | y     | y
        """,
        users,
        {"o": first(certificate), "c": certificate},
    )


def test_the_registry_refuses_renewing_a_suspended_designation(certificate, office):
    designation = Designation.objects.get(pk=certificate.designation_id)
    registry.suspend(actor=office, designation=designation, reason="复核暂停。")
    with pytest.raises(ValidationError) as error:
        registry.suspend(actor=office, designation=designation, reason="再次暂停。")
    assert error.value.code == "status"
    with pytest.raises(ValidationError) as error:
        registry.renew(actor=office, designation=designation, renewed_on=datetime.date.today())
    assert error.value.messages == [
        "A suspended designation cannot be renewed until it is reinstated."
    ]
    registry.reinstate(actor=office, designation=designation, reason="整改完成。")
    designation.refresh_from_db()
    assert designation.status == "active"


def test_a_suspended_certificate_is_not_counted_in_force_then_or_now(certificate, office):
    from gtis.assessment.metrics import certificates_in_force

    code = certificate.application.campaign.version.scheme.code
    today = timezone.localdate()
    AssessmentCertificate.objects.update(issued_at=timezone.now() - 30 * DAY)
    assert certificates_in_force(code) == 1
    duties.re_review(actor=office, certificate=certificate, outcome="suspend", reason="抽查。")
    DesignationAction.objects.update(taken_on=today - 5 * DAY)
    assert certificates_in_force(code) == 0
    assert certificates_in_force(code, today - 6 * DAY) == 1
    assert certificates_in_force(code, today - 5 * DAY) == 0
    duties.re_review(actor=office, certificate=certificate, outcome="reinstate", reason="已核实。")
    assert certificates_in_force(code) == 1
    assert certificates_in_force(code, today) == 1
    assert certificates_in_force(code, today - 3 * DAY) == 0
