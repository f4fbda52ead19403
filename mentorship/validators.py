from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits, weights):
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    """ИНН of an organisation (10 digits) or of a person / sole trader (12 digits), with checksums."""
    if not value.isdigit() or len(value) not in (10, 12):
        return False
    digits = [int(c) for c in value]
    if len(digits) == 10:
        return _check_digit(digits, _INN10_WEIGHTS) == digits[9]
    return (
        _check_digit(digits, _INN12_WEIGHTS_11) == digits[10] and _check_digit(digits, _INN12_WEIGHTS_12) == digits[11]
    )


def validate_inn(value):
    if not value:
        return
    if not value.isdigit() or len(value) not in (10, 12):
        raise ValidationError(_("The INN must have 10 or 12 digits."), code="inn_length")
    if not inn_is_valid(value):
        raise ValidationError(_("The INN check digits are wrong: check the number."), code="inn_checksum")
