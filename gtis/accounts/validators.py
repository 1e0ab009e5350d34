import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc


def validate_uscc(value: str) -> None:
    """GB 32100-2015 unified social credit code; a wrong check digit names the right one."""
    number = uscc.compact(value)
    try:
        uscc.validate(number)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d.")
            % {"count": len(number)},
            code="uscc_length",
        ) from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError(
            _(
                "A unified social credit code starts with 8 digits and then uses only digits and "
                "capital letters other than I, O, Z, S and V."
            ),
            code="uscc_format",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _(
                "The check digit (the 18th character) is %(given)s, but the first 17 characters "
                "give %(expected)s: one of the characters was probably mistyped."
            )
            % {"given": number[-1], "expected": uscc.calc_check_digit(number)},
            code="uscc_checksum",
        ) from None


def normalise_uscc(value: str) -> str:
    return uscc.compact(value)


class CharacterClassValidator:
    """A password must mix at least three of: lower case, upper case, digits, symbols."""

    CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def validate(self, password: str, user: Any = None) -> None:
        present = sum(1 for pattern in self.CLASSES if re.search(pattern, password))
        if present < 3:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least three of: lower-case letters, upper-case letters, "
            "digits and symbols."
        )
