"""The portal's map, drawn on the server: tile images and marker links placed with CSS.

No JavaScript and no map library: the page computes which Web Mercator tiles cover the
entries' coordinates and where each marker falls on them. Without a tile server
(PORTAL_MAP_TILE_URL empty, the default) or without coordinates there is no map, and the
list grouped by area below it is the page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shared_apps.portal.models import CatalogEntry

COLUMNS = 4
ROWS = 3
MAX_ZOOM = 16


@dataclass(frozen=True)
class Tile:
    url: str
    left: float  # percent of the map's width
    top: float  # percent of the map's height


@dataclass(frozen=True)
class Marker:
    number: int
    entry: CatalogEntry
    url: str
    left: float
    top: float


@dataclass(frozen=True)
class TileMap:
    tiles: list[Tile]
    markers: list[Marker]


def _tile_xy(latitude: float, longitude: float, zoom: int) -> tuple[float, float]:
    """Return the point's position in tile units at `zoom` (Web Mercator)."""
    scale = 2**zoom
    latitude = max(min(latitude, 85.0511), -85.0511)
    rad = math.radians(latitude)
    x = (longitude + 180.0) / 360.0 * scale
    y = (1.0 - math.log(math.tan(rad) + 1.0 / math.cos(rad)) / math.pi) / 2.0 * scale
    return x, y


def tile_map(cards: Sequence[tuple[CatalogEntry, str]], url_template: str) -> TileMap | None:
    """Return the tiles and markers showing every card with coordinates, or None."""
    placed = [
        (entry, url)
        for entry, url in cards
        if entry.latitude is not None and entry.longitude is not None
    ]
    if not url_template or not placed:
        return None
    zoom = 0
    for candidate in range(MAX_ZOOM, -1, -1):
        points = [_tile_xy(e.latitude, e.longitude, candidate) for e, _ in placed]  # type: ignore[arg-type]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if max(xs) - min(xs) <= COLUMNS - 1 and max(ys) - min(ys) <= ROWS - 1:
            zoom = candidate
            break
    points = [_tile_xy(e.latitude, e.longitude, zoom) for e, _ in placed]  # type: ignore[arg-type]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0 = max(0, math.floor((min(xs) + max(xs)) / 2 - COLUMNS / 2 + 0.5))
    y0 = max(0, math.floor((min(ys) + max(ys)) / 2 - ROWS / 2 + 0.5))
    tiles = [
        Tile(
            url_template.replace("{z}", str(zoom))
            .replace("{x}", str(x0 + column))
            .replace("{y}", str(y0 + row)),
            left=column * 100 / COLUMNS,
            top=row * 100 / ROWS,
        )
        for row in range(ROWS)
        for column in range(COLUMNS)
        if x0 + column < 2**zoom and y0 + row < 2**zoom
    ]
    markers = [
        Marker(
            number,
            entry,
            url,
            left=round((x - x0) / COLUMNS * 100, 3),
            top=round((y - y0) / ROWS * 100, 3),
        )
        for number, ((entry, url), (x, y)) in enumerate(zip(placed, points, strict=True), 1)
    ]
    return TileMap(tiles, markers)


def area_groups(
    cards: Sequence[tuple[CatalogEntry, str]], areas: Mapping[str, Any]
) -> list[tuple[Any, list[tuple[CatalogEntry, str]]]]:
    """Group the cards by area, in the areas' own order; entries without an area (the
    whole city) come last under None. An entry in two areas is listed under both."""
    groups: dict[str, list[tuple[CatalogEntry, str]]] = {slug: [] for slug in areas}
    citywide: list[tuple[CatalogEntry, str]] = []
    for card in cards:
        known = [slug for slug in card[0].areas if slug in groups]
        for slug in known:
            groups[slug].append(card)
        if not known:
            citywide.append(card)
    result: list[tuple[Any, list[tuple[CatalogEntry, str]]]] = [
        (areas[slug], rows) for slug, rows in groups.items() if rows
    ]
    if citywide:
        result.append((None, citywide))
    return result
