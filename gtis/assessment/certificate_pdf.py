"""An assessment certificate as the PDF its holder prints: its sealed contents in Chinese, and
again in English when the scheme issues English certificates, with a QR code to the public
page that verifies the seal; a revoked certificate prints as revoked."""

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from gtis.assessment.models import AssessmentCertificate, Tier
from gtis.core.certificate_pdf import CertificateDocument, CertificatePage, written_date

CHINESE, ENGLISH = "zh-hans", "en"


def languages(certificate: AssessmentCertificate) -> list[str]:
    """The languages the certificate is printed in: Chinese, and English where the scheme asks."""
    scheme = certificate.application.campaign.scheme
    return [CHINESE, ENGLISH] if scheme.english_certificate else [CHINESE]


def document(certificate: AssessmentCertificate, verification_url: str) -> CertificateDocument:
    """What the certificate's PDF prints, one page per language."""
    return CertificateDocument(
        title=certificate.number,
        code=certificate.code,
        verification_url=verification_url,
        pages=[_page(certificate, language) for language in languages(certificate)],
    )


def _page(certificate: AssessmentCertificate, language: str) -> CertificatePage:
    contents = certificate.contents
    organiser = certificate.application.campaign.organiser
    english = language == ENGLISH
    with translation.override(language):
        issuer = (organiser.name_en if english else organiser.name) or contents["organiser"]
        return CertificatePage(
            heading=_("Certificate of assessment"),
            subheading=contents["scheme_en"] if english else contents["scheme"],
            rows=[
                (_("Certificate number"), contents["number"]),
                (_("Holder"), contents["holder"]),
                (_("What is assessed"), contents["subject"]),
                (_("Tier"), _tier(contents.get("tier", ""))),
                (_("Standard or scheme version"), contents["version"]),
                (_("Campaign"), contents["campaign"]),
                (_("Designated on"), written_date(contents["designated_on"])),
                (_("Valid until"), written_date(contents["valid_until"]) or _("No expiry")),
                (_("Issuing department"), issuer),
            ],
            issuer=issuer,
            issued_on=written_date(contents["designated_on"]),
            verify_note=_(
                "Scan the QR code to check on the platform that this certificate is genuine "
                "and in force."
            ),
            code_label=_("Verification code"),
            revoked_notice=_revoked_notice(certificate),
            watermark=_("REVOKED") if certificate.revoked_at else "",
        )


def _tier(value: str) -> str:
    return str(Tier(value).label) if value in Tier.values else value


def _revoked_notice(certificate: AssessmentCertificate) -> str:
    if certificate.revoked_at is None:
        return ""
    return _("Revoked on %(day)s: %(reason)s") % {
        "day": formats.date_format(timezone.localdate(certificate.revoked_at), "DATE_FORMAT"),
        "reason": certificate.revoke_reason,
    }
