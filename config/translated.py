"""Content written in Swedish and English: pick the visitor's language, fall back visibly.

Models keep one column per language (`title_sv`, `title_en`). Swedish is the platform's
first language, so it is required; English may be missing and then the Swedish text is
shown, marked with its language so screen readers pronounce it right and readers see why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

LANGUAGES = ("sv", "en")


def current_language() -> str:
    """Return "en" when English is active, else "sv"."""
    return "en" if (get_language() or "sv").startswith("en") else "sv"


@dataclass(frozen=True)
class Translated:
    """A text in the language it is actually written in."""

    text: str
    language: str
    # True when the visitor's language was missing and another language stands in.
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def pick(obj: Any, field: str, language: str | None = None) -> Translated:
    """Return `obj.<field>_<language>`, or the other language's text when it is empty."""
    wanted = language or current_language()
    order = [wanted] + [code for code in LANGUAGES if code != wanted]
    for code in order:
        text = getattr(obj, f"{field}_{code}", "") or ""
        if text.strip():
            return Translated(text, code, code != wanted)
    return Translated("", wanted, False)


def in_both_languages(render: Any) -> tuple[str, str]:
    """Return (Swedish, English) of a text made by `render()` under each language, for
    what is stored in both (inbox entries): lazy strings, labels and %-formatting alike."""
    from django.utils import translation

    texts = []
    for language in ("sv", "en"):
        with translation.override(language):
            texts.append(str(render()))
    return texts[0], texts[1]
