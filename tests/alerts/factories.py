"""Areas and categories for alert tests, called explicitly from test bodies."""

from __future__ import annotations

from shared_apps.vocabularies.models import Area, Category


def make_area(slug: str, name_sv: str, name_en: str = "") -> Area:
    return Area.objects.get_or_create(
        slug=slug, defaults={"name_sv": name_sv, "name_en": name_en or name_sv}
    )[0]


def make_category(slug: str, name_sv: str, name_en: str = "") -> Category:
    return Category.objects.get_or_create(
        slug=slug, defaults={"name_sv": name_sv, "name_en": name_en or name_sv}
    )[0]
