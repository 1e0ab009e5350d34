"""Transaction certificates (交易凭证): issued when a deal closes, sealed with a code over their
contents that only the platform can compute, and verified publicly by that code."""

import base64
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.utils import timezone

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


def seal(contents: dict[str, Any]) -> str:
    """The verification code of a certificate's contents: an HMAC of them under the platform's
    secret, so that only the platform can issue one and any change to them shows."""
    canonical = json.dumps(contents, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hmac.new(settings.SECRET_KEY.encode(), canonical.encode(), hashlib.sha256).digest()
    code = base64.b32encode(digest).decode()[:20]
    return "-".join(code[i : i + 5] for i in range(0, 20, 5))


def verified(code: str) -> Certificate | None:
    """The certificate with this verification code, if its contents still match the code;
    None otherwise (no such code, or contents changed since it was issued)."""
    wanted = code.strip().upper()
    certificate = Certificate.objects.filter(code=wanted).first()
    if certificate is None or not hmac.compare_digest(seal(certificate.contents), wanted):
        return None
    return certificate
