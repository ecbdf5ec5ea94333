"""Plain text for the index: tags stripped, entities decoded, control characters out."""

from __future__ import annotations

import re
from html import unescape

import nh3

# The longest body kept per language. Snippets come from the start of long texts anyway,
# and short vectors keep ranking a common word's many matches cheap (benchmarks/search.py).
BODY_MAX_LENGTH = 4000
TITLE_MAX_LENGTH = 300

# ts_headline marks hits with these two characters (queries.py); they are removed from
# every indexed text so a document can never fake a highlight.
MARK_START = "\x02"
MARK_END = "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


def plain_text(value: str, *, html: bool = False, limit: int = BODY_MAX_LENGTH) -> str:
    """Return `value` as one line of plain text, at most `limit` characters.

    `html=True` strips tags first (staff rich text, rendered resident Markdown); the
    contents of <script> and <style> go with them.
    """
    text = value or ""
    if html:
        text = unescape(nh3.clean(text, tags=set()))
    text = _CONTROL.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > limit // 2 else limit]
    return text
