"""A transaction certificate (交易凭证) as the PDF the parties print: its sealed contents in
Chinese with a QR code to the public page that verifies it, printed by the renderer that
assessment certificates share."""

from django.utils import translation
from django.utils.translation import gettext as _

from gtis.core.certificate_pdf import CertificateDocument, CertificatePage, written_date
from gtis.market.models import Certificate


def document(certificate: Certificate, verification_url: str) -> CertificateDocument:
    """What the certificate's PDF prints: one page, in Chinese."""
    return CertificateDocument(
        title=certificate.number,
        code=certificate.code,
        verification_url=verification_url,
        pages=[_page(certificate)],
    )


def _page(certificate: Certificate) -> CertificatePage:
    contents, deal = certificate.contents, certificate.deal
    with translation.override("zh-hans"):
        return CertificatePage(
            heading=_("Transaction certificate"),
            subheading=contents["listing"],
            rows=[
                (_("Certificate number"), contents["number"]),
                (_("Technology"), contents["listing"]),
                (_("Seller"), contents["seller"]),
                (_("Buyer"), contents["buyer"]),
                (_("Agreed price (yuan)"), contents["price_yuan"]),
                (_("Transfer mode"), str(deal.get_mode_display())),
                (_("Contract type"), str(deal.get_contract_type_display())),
                (_("Signed on"), written_date(contents["signed_on"])),
                (_("Registration number (技术合同登记)"), contents["registration_number"]),
                (_("Closed on"), written_date(contents["closed_on"])),
            ],
            issuer=_("Green technology trading market"),
            issued_on=written_date(contents["closed_on"]),
            verify_note=_(
                "Scan the QR code to check on the platform that this certificate is genuine."
            ),
            code_label=_("Verification code"),
        )
