import pytest
from django.core.exceptions import ValidationError

from gtis.accounts.validators import CharacterClassValidator, validate_uscc


def test_a_valid_uscc_passes():
    validate_uscc("91110108MA01ABCD2H")


def test_a_wrong_check_digit_names_the_expected_one():
    with pytest.raises(ValidationError) as error:
        validate_uscc("91110108MA01ABCD2X")
    assert error.value.code == "uscc_checksum"
    assert "X" in error.value.messages[0] and "H" in error.value.messages[0]


def test_a_short_uscc_says_how_long_it_is():
    with pytest.raises(ValidationError) as error:
        validate_uscc("9111010")
    assert error.value.code == "uscc_length"
    assert "7" in error.value.messages[0]


def test_forbidden_letters_are_explained():
    with pytest.raises(ValidationError) as error:
        validate_uscc("91110108MA01OBCD2H")
    assert error.value.code == "uscc_format"


@pytest.mark.parametrize("password", ["alllowercase1", "ALLUPPER", "lowerUPPER"])
def test_passwords_mixing_fewer_than_three_classes_are_refused(password):
    with pytest.raises(ValidationError):
        CharacterClassValidator().validate(password)


def test_a_password_mixing_three_classes_passes():
    CharacterClassValidator().validate("lowerUPPER1")
