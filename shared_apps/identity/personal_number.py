"""Swedish personal identity numbers (personnummer) and coordination numbers
(samordningsnummer): parse, check and read the birth date.

The number is only ever held in memory: `shared_apps.identity.keys.identity_key` turns it
into the keyed hash that is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_SHAPE = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$")


class InvalidPersonalNumber(ValueError):
    pass


@dataclass(frozen=True)
class PersonalNumber:
    digits: str  # twelve digits, YYYYMMDDNNNN
    birth_date: date

    @property
    def is_coordination_number(self) -> bool:
        return int(self.digits[6:8]) > 60


def _luhn_ok(ten_digits: str) -> bool:
    total = 0
    for index, char in enumerate(ten_digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def parse_personal_number(value: str, *, today: date | None = None) -> PersonalNumber:
    """Return the number in twelve-digit form, or raise InvalidPersonalNumber.

    Accepts YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN and YYMMDD+NNNN (the plus marks a
    person of 100 years or more); coordination numbers have 60 added to the day.
    """
    match = _SHAPE.match(re.sub(r"\s", "", value or ""))
    if not match:
        raise InvalidPersonalNumber(_("Write the personal identity number as YYYYMMDD-NNNN."))
    century, yy, mm, dd, sign, tail = match.groups()
    today = today or timezone.localdate()
    if century is None:
        year = 2000 + int(yy)
        if year > today.year:
            year -= 100
        if sign == "+":
            year -= 100
    else:
        year = int(century + yy)
    day = int(dd) - 60 if int(dd) > 60 else int(dd)
    try:
        born = date(year, int(mm), day)
    except ValueError:
        raise InvalidPersonalNumber(
            _("The date in the personal identity number does not exist.")
        ) from None
    if born > today:
        raise InvalidPersonalNumber(_("The date in the personal identity number is in the future."))
    if not _luhn_ok(f"{yy}{mm}{dd}{tail}"):
        raise InvalidPersonalNumber(
            _("The personal identity number is not valid: check the digits.")
        )
    return PersonalNumber(digits=f"{year:04d}{mm}{dd}{tail}", birth_date=born)


def age_on(birth_date: date, day: date) -> int:
    """Return the age in whole years on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
