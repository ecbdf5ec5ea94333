"""Amounts of money as residents read them, in the active language."""

from __future__ import annotations

from django.utils.formats import number_format

NO_BREAK_SPACE = "\u00a0"


def kronor(amount: int) -> str:
    """Return whole kronor with the active language's digit grouping and a no-break
    space before the unit, so the amount never wraps: "450 000 kr" in Swedish (grouped
    with no-break spaces), "450,000 kr" in English."""
    return f"{number_format(int(amount), force_grouping=True)}{NO_BREAK_SPACE}kr"
