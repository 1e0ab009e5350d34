"""The certificate as a PDF: anyone downloads a genuine one from its verification page or the
API's `pdf_url`; it embeds the Chinese font, carries a QR code to the verification page, has an
English page only where the scheme asks, prints a revoked certificate as revoked, and an
unknown or altered code finds nothing."""

import re

import pytest
from rest_framework.test import APIClient

from gtis.assessment import campaigns, certificate_pdf, decisions, services
from gtis.assessment.models import AssessmentCertificate
from gtis.core import certificate_pdf as renderer
from tests.assessment.test_campaigns import campaign_of, sheet_for
from tests.assessment.test_decisions import end_notice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def office(users):
    from gtis.core.roles import Role

    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    from gtis.core.roles import Role

    return users[Role.ORGANISATION_MEMBER]


@pytest.fixture
def english_certificates():
    """Whether the scheme version of the campaign issues English certificates too."""
    return False


@pytest.fixture
def factory_campaign(office, department, versions, english_certificates):
    """The green-factory campaign the `panel` fixture applies to; with English certificates,
    under a version of the scheme that asks for them."""
    version = versions["green-factory", "GB/T 36132-2018"]
    if english_certificates:
        version = services.save_scheme_version(
            actor=office,
            source=version.source.replace(
                "english_certificate: false", "english_certificate: true"
            ).replace("version: GB/T 36132-2018", "version: GB/T 36132-2018 bilingual"),
        )
    return campaign_of(office, department, version)


@pytest.fixture
def certificate(office, panel):
    application, drawn = panel
    scheme = application.campaign.scheme
    for assignment in drawn:
        campaigns.score_application(
            actor=assignment.expert.user,
            assignment=assignment,
            entries=sheet_for(scheme, "best"),
            comments={leaf.code: "好。" for leaf in scheme.leaves()},
        )
    decisions.publish_notice(actor=office, campaign=application.campaign)
    end_notice(application.campaign)
    (issued,) = decisions.decide_campaign(actor=office, campaign=application.campaign)
    return issued


def pdf_url(certificate):
    return f"/assessment/certificates/{certificate.code}/pdf/"


def verification_url(certificate):
    return f"http://testserver/assessment/certificates/{certificate.code}/"


def pages(body):
    return len(re.findall(rb"/Type /Page\b", body))


def test_anyone_downloads_a_chinese_certificate_with_the_font_and_the_qr_code(
    certificate, monkeypatch
):
    encoded = []
    make = renderer.segno.make
    monkeypatch.setattr(
        renderer.segno, "make", lambda url, **kw: encoded.append(url) or make(url, **kw)
    )

    response = APIClient().get(pdf_url(certificate))

    body = response.content
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{certificate.number}.pdf"'
    assert body.startswith(b"%PDF-")
    assert b"+NotoSerifCJKSC" in body and b"/FontFile3" in body
    assert encoded == [verification_url(certificate)]
    assert f"/URI ({verification_url(certificate)})".encode() in body
    assert pages(body) == 1


def test_the_pdf_prints_the_sealed_contents_in_chinese(certificate):
    document = certificate_pdf.document(certificate, verification_url(certificate))

    (page,) = document.pages
    assert (document.code, document.verification_url) == (
        certificate.code,
        verification_url(certificate),
    )
    contents = certificate.contents
    assert page.subheading == contents["scheme"]
    assert [value for _label, value in page.rows[:3]] == [
        contents["number"],
        contents["holder"],
        contents["subject"],
    ]
    day = certificate.designation.designated_on
    assert page.issued_on == f"{day.year}年{day.month}月{day.day}日"
    assert page.issuer == "中华人民共和国科学技术部"
    assert (page.revoked_notice, page.watermark) == ("", "")


@pytest.mark.parametrize("english_certificates", [True])
def test_a_scheme_that_asks_for_english_gets_an_english_page(certificate):
    document = certificate_pdf.document(certificate, verification_url(certificate))
    chinese, english = document.pages

    body = APIClient().get(pdf_url(certificate)).content

    assert pages(body) == 2
    assert certificate_pdf.languages(certificate) == ["zh-hans", "en"]
    assert (chinese.subheading, english.subheading) == (
        certificate.contents["scheme"],
        certificate.contents["scheme_en"],
    )
    assert english.heading == "Certificate of assessment"
    assert english.issuer == "Ministry of Science and Technology"
    assert dict(english.rows)["Certificate number"] == certificate.contents["number"]


def test_a_revoked_certificate_prints_as_revoked(office, certificate):
    genuine = APIClient().get(pdf_url(certificate)).content
    decisions.revoke_certificate(actor=office, certificate=certificate, reason="复核不合格。")
    certificate.refresh_from_db()

    response = APIClient().get(pdf_url(certificate))

    (page,) = certificate_pdf.document(certificate, verification_url(certificate)).pages
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert page.watermark and page.revoked_notice.endswith("复核不合格。")
    # The watermark is drawn translucent: only the revoked certificate has a soft fill.
    assert b"/ca 0.18" in response.content and b"/ca 0.18" not in genuine


def test_an_unknown_or_altered_code_has_no_pdf(certificate):
    client = APIClient()
    code = certificate.code
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert client.get(f"/assessment/certificates/{forged}/pdf/").status_code == 404
    AssessmentCertificate.objects.filter(pk=certificate.pk).update(
        contents={**certificate.contents, "holder": "冒名公司"}
    )
    assert client.get(pdf_url(certificate)).status_code == 404


def test_the_verification_page_and_the_api_link_the_pdf(certificate):
    client = APIClient()
    page = client.get(verification_url(certificate)).content.decode()
    (row,) = client.get("/api/assessment/certificates/").json()["results"]
    assert f'href="{pdf_url(certificate)}"' in page
    assert row["pdf_url"] == "http://testserver" + pdf_url(certificate)


def test_a_character_the_font_lacks_prints_as_a_box_and_the_pdf_is_made():
    rare = "\U00020000"  # CJK Extension B, outside the shipped subset
    page = renderer.CertificatePage(
        heading="证书",
        subheading="绿色工厂",
        rows=[("持有单位", f"{rare}能科技有限公司")],
        issuer="科技部",
        issued_on="2026年11月27日",
        verify_note="扫码核验",
        code_label="核验码",
    )
    document = renderer.CertificateDocument(
        title="T", code="ABCDE", verification_url="http://testserver/v/", pages=[page]
    )
    body = renderer.render(document)
    pdf = renderer.FPDF()
    pdf.add_font(renderer.FAMILY, fname=str(renderer.FONT))
    assert body.startswith(b"%PDF-")
    assert renderer.printable(pdf, f"{rare}堃喆A，。") == "□堃喆A，。"


def gb2312(code_point):
    try:
        chr(code_point).encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def test_the_shipped_font_covers_gb2312_and_the_basic_block_of_hanzi():
    from fontTools.ttLib import TTFont

    cmap = TTFont(renderer.FONT, lazy=True).getBestCmap()
    # Noto CJK has the basic block as of Unicode 10; the 21 hanzi added since are rare.
    basic_block = range(0x4E00, 0x9FEB)
    assert all(c in cmap for c in basic_block)
    assert sum(1 for c in basic_block if gb2312(c)) == 6763
    assert all(ord(c) in cmap for c in "，。、；：“”（）《》【】—…·℃№□")
    assert all(c in cmap for c in range(0x21, 0x7F))
