"""The demo city's vocabularies: Göteborg's ten former district areas (stadsdelar) and a
shared list of categories. `ensure_city_vocabularies()` creates what is missing."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction

from shared_apps.vocabularies.models import Area, Category, PostalCode

POSTAL_CODES = Path(__file__).parent / "data" / "goteborg_postal_codes.csv"

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
    if not PostalCode.objects.exists():
        load_postal_codes(POSTAL_CODES.read_text(encoding="utf-8").splitlines())


def load_postal_codes(lines: Iterable[str]) -> int:
    """Replace the postal code table from CSV lines `first,last,area-slug` (ranges, inclusive;
    lines starting with # are comments); return the number of codes. Unknown areas raise."""
    areas = {area.slug: area for area in Area.objects.all()}
    codes: dict[str, Area] = {}
    rows = csv.reader(line for line in lines if line.strip() and not line.startswith("#"))
    for number, (first, last, slug) in enumerate(rows, start=1):
        if slug not in areas:
            raise ValueError(f"line {number}: unknown area {slug!r}")
        if not (first.isdigit() and last.isdigit() and len(first) == len(last) == 5):
            raise ValueError(f"line {number}: postal codes are five digits")
        for code in range(int(first), int(last) + 1):
            codes[f"{code:05d}"] = areas[slug]
    with transaction.atomic():
        PostalCode.objects.all().delete()
        PostalCode.objects.bulk_create(PostalCode(code=c, area=a) for c, a in codes.items())
    return len(codes)


def area_for_postal_code(value: str) -> PostalCode | None:
    """Return the city's postal code row for '413 01', '41301' or None if not in the city."""
    code = "".join(value.split())
    if len(code) != 5 or not code.isdigit():
        return None
    return PostalCode.objects.select_related("area").filter(code=code).first()
