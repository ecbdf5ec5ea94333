"""Rich text that staff write as HTML: only a safe, allow-listed subset is accepted.

Anything outside the list (scripts, styles, event handlers, iframes, javascript: links) is
refused with a message naming it, rather than silently removed, so the author knows what
will not be published. What is accepted is still passed through nh3 before saving.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "a", "ul", "ol",
        "li", "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th",
        "td", "caption", "img", "figure", "figcaption", "abbr", "sub", "sup", "span",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "*": {"lang"},
}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# A URL's scheme as browsers read it (RFC 3986); "/a?b=c:d" has none.
URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


class _Inspector(HTMLParser):
    """Collect the tags, attributes and link schemes that the allow-list does not permit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f'{name}="…" on <{tag}>')
            elif name in {"href", "src"} and value:
                match = URL_SCHEME.match(value.strip())
                scheme = match.group(1).lower() if match else ""
                if scheme and scheme not in ALLOWED_SCHEMES:
                    self.problems.append(f"{scheme}: in {name}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def clean_rich_text(value: str) -> str:
    """Return the HTML, sanitised; raise ValidationError naming anything not allowed."""
    inspector = _Inspector()
    inspector.feed(value or "")
    inspector.close()
    if inspector.problems:
        unique = list(dict.fromkeys(inspector.problems))
        raise ValidationError(
            _("This HTML is not allowed: %(items)s. Remove it and save again.")
            % {"items": ", ".join(unique[:10])},
            code="unsafe_html",
        )
    return nh3.clean(
        value or "",
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    ).strip()
