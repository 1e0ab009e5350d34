"""Seals over documents the platform issues (transaction certificates, assessment
certificates): an HMAC of their contents under the platform's secret, shown as a short code,
so that only the platform can issue one and any change to the contents shows."""

import base64
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings


def seal(contents: dict[str, Any]) -> str:
    """The code sealing `contents`: XXXXX-XXXXX-XXXXX-XXXXX."""
    canonical = json.dumps(contents, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hmac.new(settings.SECRET_KEY.encode(), canonical.encode(), hashlib.sha256).digest()
    code = base64.b32encode(digest).decode()[:20]
    return "-".join(code[i : i + 5] for i in range(0, 20, 5))


def matches(contents: dict[str, Any], code: str) -> bool:
    """Whether `code` seals `contents`, compared in constant time."""
    return hmac.compare_digest(seal(contents), code.strip().upper())
