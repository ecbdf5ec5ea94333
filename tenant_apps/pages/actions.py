"""Edit a page's text."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from config.richtext import clean_rich_text
from tenant_apps.actionlog.actions import changes, log_action
from tenant_apps.pages.models import Page
from tenant_apps.pages.search import reindex_page
from tenant_apps.spaces.permissions import require


def update_page(page: Page, *, by: Any, body_sv: str, body_en: str) -> Page:
    """Save both texts after checking them for unsafe HTML (nothing is saved if either fails)."""
    space = page.component.space
    require(by, space.change_rule, space)
    errors = {}
    cleaned = {}
    for name, value in (("body_sv", body_sv), ("body_en", body_en)):
        try:
            cleaned[name] = clean_rich_text(value)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = {"body_sv": page.body_sv, "body_en": page.body_en}
        page.body_sv, page.body_en = cleaned["body_sv"], cleaned["body_en"]
        page.save()
        reindex_page(page)
        log_action(
            by,
            "page.updated",
            target=space.slug,
            component=page.component_id,
            changes=changes(before, cleaned),
        )
    return page
