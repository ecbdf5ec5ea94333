from datetime import date

import pytest
from django.utils import translation

from shared_apps.identity.personal_number import (
    InvalidPersonalNumber,
    age_on,
    parse_personal_number,
)
from tests.identity.factories import personal_number

TODAY = date(2026, 11, 26)


def test_it_reads_the_long_and_short_forms_to_twelve_digits():
    for written in ("19800101-0019", "198001010019", "800101-0019", "8001010019", " 19800101 0019"):
        number = parse_personal_number(written, today=TODAY)
        assert number.digits == "198001010019"
        assert number.birth_date == date(1980, 1, 1)


def test_a_plus_sign_means_a_hundred_years_or_more():
    number = parse_personal_number("200101+" + personal_number("19200101", "123")[-4:], today=TODAY)
    assert number.birth_date == date(1920, 1, 1)


def test_a_coordination_number_has_sixty_added_to_the_day():
    digits = personal_number("19800161", "234")  # day 61 = the 1st
    number = parse_personal_number(digits, today=TODAY)
    assert number.birth_date == date(1980, 1, 1)
    assert number.is_coordination_number


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("", "Write the personal identity number as YYYYMMDD-NNNN."),
        ("19800101-001", "Write the personal identity number as YYYYMMDD-NNNN."),
        ("abc", "Write the personal identity number as YYYYMMDD-NNNN."),
        ("19800101-0018", "The personal identity number is not valid: check the digits."),
        ("19800230-0010", "The date in the personal identity number does not exist."),
        ("20300101-0010", "The date in the personal identity number is in the future."),
    ],
)
def test_bad_numbers_are_refused_with_a_reason(written, message):
    with translation.override("en"):
        with pytest.raises(InvalidPersonalNumber) as refused:
            parse_personal_number(written, today=TODAY)
        assert str(refused.value.args[0]) == message


def test_age_counts_whole_years():
    assert age_on(date(2010, 11, 27), TODAY) == 15
    assert age_on(date(2010, 11, 26), TODAY) == 16
