"""Every portal page lives on the portal host only: on a tenant host it is 404."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PORTAL_PATHS = [
    "/administrations/", "/calendar/", "/calendar.ics", "/map/",
    "/feeds/new.atom", "/feeds/open.atom",
]  # fmt: skip


@pytest.mark.parametrize("path", PORTAL_PATHS)
def test_it_is_404_on_a_tenant_host(client, tenant_a, path):
    assert client.get(path, HTTP_HOST="localhost").status_code == 200
    assert client.get(path, HTTP_HOST="alfa.localhost").status_code == 404


def test_the_tenant_hosts_processes_page_is_its_own_not_the_portals(client, tenant_a, tenant_b):
    from tests.portal.factories import make_entry

    make_entry(tenant_b, "process:1", title_sv="Betas process")
    assert "Betas process" in client.get("/processes/", HTTP_HOST="localhost").content.decode()
    response = client.get("/processes/", HTTP_HOST="alfa.localhost")
    assert "Betas process" not in response.content.decode()
    assert "portal/entry_list.html" not in [t.name for t in response.templates]
