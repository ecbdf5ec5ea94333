"""A password validator for words anyone would guess on Torget (OWASP ASVS 5.0 V6.2.11).

The list is documented in docs/security.md. A password may contain such a word; it is
refused when what is left without it would be too short to stand on its own, so
"Torget2026!" is refused and "torget is our square, 1923" is not.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Names of the platform, the city and its parts that a password would be built on.
CONTEXT_WORDS = (
    "torget",
    "göteborg",
    "goteborg",
    "gothenburg",
    "göteborgsstad",
    "goteborgsstad",
    "stadshuset",
    "förvaltning",
    "forvaltning",
    "deltagande",
    "medborgarbudget",
)
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


class ContextWordsValidator:
    """Refuse a password that is mostly a context word plus digits or punctuation."""

    def __init__(self, min_rest: int = 8) -> None:
        self.min_rest = min_rest

    def validate(self, password: str, user: Any = None) -> None:
        folded = password.casefold()
        for word in CONTEXT_WORDS:
            if word in folded:
                rest = _NOT_LETTER_OR_DIGIT.sub("", folded.replace(word, ""))
                if len(rest) < self.min_rest:
                    raise ValidationError(
                        _("This password is built on a word everyone would guess here: %(word)s."),
                        code="password_context_word",
                        params={"word": word},
                    )

    def get_help_text(self) -> str:
        return _("Your password cannot be built on names such as Torget or Göteborg.")
