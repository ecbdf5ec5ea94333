"""Test data for identity: valid personal numbers and ready-made verifications."""

from __future__ import annotations


def personal_number(birth: str, serial: str = "001") -> str:
    """Return a valid personal number YYYYMMDD-NNNN for a birth date and a 3-digit serial."""
    nine = birth[2:] + serial
    total = 0
    for index, char in enumerate(nine):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return f"{birth}-{serial}{(10 - total % 10) % 10}"
