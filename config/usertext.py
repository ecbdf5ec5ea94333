"""Text that residents write (proposals, comments, reports): plain text or a small Markdown
subset, never HTML.

The text is stored exactly as typed. It is rendered for display by markdown-it with raw
HTML switched off (so `<script>` arrives as the literal characters), then the result goes
through nh3 with a short allow-list, so even a bug in the Markdown step cannot let markup
through. Links get `rel="nofollow ugc noopener"` and only http, https and mailto schemes.
"""

from __future__ import annotations

from functools import lru_cache
from html import unescape

import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# Control characters other than tab and newlines: they render as nothing and hide text.
_CONTROL = {codepoint: None for codepoint in range(32) if chr(codepoint) not in "\t\n\r"}

HELP_TEXT = _(
    "Plain text. You may use *italic*, **bold**, lists, > quotes and links; HTML is shown as typed."
)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "zero" then enable: only the listed rules exist (no tables, images or raw HTML).
    return MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
        ["emphasis", "list", "blockquote", "link", "backticks", "fence", "code", "newline"]
    )


def clean_user_text(value: object, *, max_length: int, min_length: int = 1, field: str = "") -> str:
    """Return the text trimmed, without invisible control characters, or raise a
    ValidationError that says what is wrong (empty, too short, too long)."""
    if not isinstance(value, str):
        raise ValidationError(_("Enter text."), code="type")
    text = value.translate(_CONTROL).replace("\r\n", "\n").strip()
    if len(text) < min_length:
        if not text:
            raise ValidationError(_("This cannot be empty."), code="required")
        raise ValidationError(
            _("Write at least %(limit)s characters."), code="short", params={"limit": min_length}
        )
    if len(text) > max_length:
        raise ValidationError(
            _("Use at most %(limit)s characters (this has %(count)s)."),
            code="long",
            params={"limit": max_length, "count": len(text)},
        )
    return text


def render_user_text(text: str) -> SafeString:
    """Return the resident's text as safe HTML (Markdown subset, sanitised)."""
    html = _parser().render(text or "")
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="nofollow ugc noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 output with the allow-list above


def plain_excerpt(text: str, length: int = 200) -> str:
    """Return the text without Markdown marks, cut at a word, for lists and e-mails."""
    html = _parser().render(text or "")
    words = unescape(nh3.clean(html, tags=set())).split()
    excerpt = ""
    for word in words:
        if len(excerpt) + len(word) + 1 > length:
            return excerpt + "…"
        excerpt = f"{excerpt} {word}" if excerpt else word
    return excerpt
