"""The map page: a list by area always; tiles and markers only with a tile server."""

from __future__ import annotations

import pytest
from django.test import override_settings

from shared_apps.vocabularies.city import ensure_city_vocabularies
from tests.portal.factories import make_entry

pytestmark = pytest.mark.django_db


def test_without_a_tile_server_it_is_a_list_by_area(client, tenant_a):
    ensure_city_vocabularies()
    make_entry(
        tenant_a, "a", title_sv="I Angered", areas=["angered"], latitude=57.8, longitude=12.05
    )
    make_entry(tenant_a, "b", title_sv="Hela staden")
    response = client.get("/map/", HTTP_HOST="localhost")
    body = response.content.decode()
    assert response.context["map"] is None
    assert "<img" not in body.split('id="main"')[1]
    assert body.index("Angered") < body.index("I Angered") < body.index("Hela staden")


@override_settings(PORTAL_MAP_TILE_URL="https://tiles.example/{z}/{x}/{y}.png")
def test_with_a_tile_server_markers_sit_on_the_tiles(
    client, tenant_a, django_assert_max_num_queries
):
    make_entry(tenant_a, "a", title_sv="Norr", latitude=57.80, longitude=12.05)
    make_entry(tenant_a, "b", title_sv="Söder", latitude=57.65, longitude=11.95)
    make_entry(tenant_a, "c", title_sv="Utan plats")
    client.get("/map/", HTTP_HOST="localhost")
    with django_assert_max_num_queries(4):
        response = client.get("/map/", HTTP_HOST="localhost")
    tile_map = response.context["map"]
    assert [m.entry.title_sv for m in tile_map.markers] == ["Norr", "Söder"]
    for marker in tile_map.markers:
        assert 0 <= marker.left <= 100 and 0 <= marker.top <= 100
    north, south = tile_map.markers
    assert north.top < south.top and north.left > south.left
    assert tile_map.tiles[0].url.startswith("https://tiles.example/")
    assert 'href="http://alfa.localhost/processes/a/"' in response.content.decode()
