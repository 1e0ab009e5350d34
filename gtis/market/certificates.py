"""Transaction certificates (交易凭证): issued when a deal closes, sealed with a code over their
contents that only the platform can compute, and verified publicly by that code."""

from django.utils import timezone

from gtis.core.seals import matches, seal
from gtis.market.models import Certificate, Deal


def issue(deal: Deal) -> Certificate:
    """The transaction certificate of a closed deal, sealed with a code over its contents."""
    number = f"GTIS-{timezone.localdate():%Y}-{deal.pk:06d}"
    contents = {
        "number": number,
        "listing": deal.listing.title,
        "buyer": f"{deal.buyer.name} {deal.buyer.credit_code}".strip(),
        "seller": f"{deal.seller.name} {deal.seller.credit_code}".strip(),
        "price_yuan": str(deal.price),
        "mode": deal.mode,
        "contract_type": deal.contract_type,
        "signed_on": deal.contract_signed_on.isoformat() if deal.contract_signed_on else "",
        "registration_number": deal.registration_number,
        "closed_on": timezone.localdate().isoformat(),
    }
    return Certificate.objects.create(
        deal=deal, number=number, code=seal(contents), contents=contents
    )


def verified(code: str) -> Certificate | None:
    """The certificate with this verification code, if its contents still match the code;
    None otherwise (no such code, or contents changed since it was issued)."""
    wanted = code.strip().upper()
    certificate = Certificate.objects.filter(code=wanted).first()
    if certificate is None or not matches(certificate.contents, wanted):
        return None
    return certificate
