"""The field checks the market's services share: a required text and an amount in yuan."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def required_text(value: str, field: str, message: str) -> str:
    """`value` stripped; a ValidationError naming `field` with `message` when it is empty."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def yuan(value: Any, field: str, errors: dict[str, str]) -> Decimal:
    """`value` as an amount in yuan (not negative, whole fen); a bad one adds to `errors`."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = _("Give an amount in yuan, such as 1200000.00.")
        return Decimal(0)
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        errors[field] = _("Give an amount in yuan, such as 1200000.00.")
    return amount
