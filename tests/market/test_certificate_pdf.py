"""The transaction certificate as a PDF: anyone holding a genuine code downloads it from the
verification page or the deal's `certificate.pdf_url`, printed by the renderer assessment
certificates share (the Chinese font embedded, a QR code to the verification page); an
unknown or altered code finds nothing."""

import re

import pytest
from rest_framework.test import APIClient

from gtis.market import certificate_pdf, deals
from gtis.market.models import Certificate
from tests.market.test_deals import closed
from tests.market.test_listings import published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def certificate(buyer, seller, office, organisation, green_fields):
    listing = published(seller, office, organisation, [green_fields["1.1.1"]])
    deal = deals.open_inquiry(actor=buyer, listing=listing, message="能否提供示范项目数据？")
    closed(deal, buyer, seller)
    return Certificate.objects.get()


def test_the_deal_links_a_pdf_of_its_certificate_that_anyone_downloads(api_as, buyer, certificate):
    found = api_as(buyer).get(f"/api/market/deals/{certificate.deal_id}/").json()["certificate"]
    page = APIClient().get(found["verification_url"]).content.decode()

    response = APIClient().get(found["pdf_url"])

    pdf_path = f"/market/certificates/{certificate.code}/pdf/"
    assert found["pdf_url"] == f"http://testserver{pdf_path}"
    assert f'href="{pdf_path}"' in page
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"+NotoSerifCJKSC" in response.content
    assert f"/URI ({found['verification_url']})".encode() in response.content
    assert len(re.findall(rb"/Type /Page\b", response.content)) == 1


def test_the_pdf_prints_the_sealed_contents(certificate):
    url = f"http://testserver/market/certificates/{certificate.code}/"

    document = certificate_pdf.document(certificate, url)

    (page,) = document.pages
    assert (document.code, document.verification_url) == (certificate.code, url)
    contents = certificate.contents
    values = [value for _label, value in page.rows]
    assert values[:5] == [
        contents["number"],
        contents["listing"],
        contents["seller"],
        contents["buyer"],
        contents["price_yuan"],
    ]
    assert (page.revoked_notice, page.watermark) == ("", "")


def test_an_unknown_or_altered_code_has_no_pdf(certificate):
    client = APIClient()
    code = certificate.code
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert client.get(f"/market/certificates/{forged}/pdf/").status_code == 404
    certificate.contents["price_yuan"] = "1.00"
    certificate.save()
    assert client.get(f"/market/certificates/{code}/pdf/").status_code == 404
