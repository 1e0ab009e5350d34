"""Signed pledges on an application — the applicant's truthfulness pledge and, where the scheme
asks for one, the third-party evaluator's liability pledge — each stored as a SHA-256 hash of
what was signed, by whom and when."""

import datetime
import hashlib
import json
from typing import Any

from gtis.assessment.models import Application


def pledge_hash(
    application: Application, *, signer: str, at: datetime.datetime, **role: Any
) -> str:
    """SHA-256 over what was submitted, who signed and when, in canonical JSON; `role` adds
    what sets a pledge other than the applicant's apart (whose pledge it is, for whom)."""
    content = {
        "campaign": application.campaign_id,
        "version": application.campaign.version.label,
        "applicant": application.applicant_id,
        "subject": application.subject,
        "facts": application.facts,
        "mandatory": application.mandatory,
        "evidence": application.evidence,
        "signer": signer,
        "at": at.isoformat(),
        **role,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
