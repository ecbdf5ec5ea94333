"""The demo city's vocabularies: Göteborg's ten former district areas (stadsdelar) and a
shared list of categories. `ensure_city_vocabularies()` creates what is missing."""

from __future__ import annotations

from shared_apps.vocabularies.models import Area, Category

AREAS = [
    ("angered", "Angered", "Angered"),
    ("ostra-goteborg", "Östra Göteborg", "Eastern Gothenburg"),
    ("orgryte-harlanda", "Örgryte-Härlanda", "Örgryte-Härlanda"),
    ("centrum", "Centrum", "City Centre"),
    ("majorna-linne", "Majorna-Linné", "Majorna-Linné"),
    ("askim-frolunda-hogsbo", "Askim-Frölunda-Högsbo", "Askim-Frölunda-Högsbo"),
    ("vastra-goteborg", "Västra Göteborg", "Western Gothenburg"),
    ("vastra-hisingen", "Västra Hisingen", "Western Hisingen"),
    ("lundby", "Lundby", "Lundby"),
    ("norra-hisingen", "Norra Hisingen", "Northern Hisingen"),
]

CATEGORIES = [
    ("parker", "Parker och grönområden", "Parks and green spaces"),
    ("trafik", "Trafik och gator", "Traffic and streets"),
    ("kultur", "Kultur", "Culture"),
    ("idrott", "Idrott och fritid", "Sports and leisure"),
    ("barn-och-unga", "Barn och unga", "Children and young people"),
    ("trygghet", "Trygghet", "Safety"),
    ("miljo", "Miljö och klimat", "Environment and climate"),
    ("boende", "Boende", "Housing"),
    ("aldre", "Äldre", "Older people"),
]


def ensure_city_vocabularies() -> None:
    """Create the areas and categories that do not exist yet (by slug); idempotent."""
    for model, rows in ((Area, AREAS), (Category, CATEGORIES)):
        for position, (slug, name_sv, name_en) in enumerate(rows):
            model.objects.get_or_create(
                slug=slug, defaults={"name_sv": name_sv, "name_en": name_en, "position": position}
            )
