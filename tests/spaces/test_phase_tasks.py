"""The hourly phase job runs in a real Celery worker, in each tenant's own schema."""

from __future__ import annotations

import time

import pytest
from django_tenants.utils import schema_context

from shared_apps.portal.models import CatalogEntry
from tenant_apps.spaces.actions import set_space_published
from tenant_apps.spaces.models import Phase
from tenant_apps.spaces.tasks import advance_phases_everywhere, reconcile_catalog
from tests.conftest import LIVE_DB
from tests.spaces.factories import make_process

pytestmark = [LIVE_DB, pytest.mark.worker]


def test_the_worker_moves_each_tenant_to_the_phase_its_dates_say(
    celery_worker, tenant_a, tenant_b, bob
):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken", published=False, days=60, phases=2)
        set_space_published(process, True, by=bob)
        # The dates say phase 1 (started 5 days ago); pretend the job missed a day.
        Phase.objects.filter(process=process).update(is_active=False)
        Phase.objects.filter(process=process, position=1).update(is_active=True)
    CatalogEntry.objects.filter(tenant=tenant_a).update(phase_sv="Fas 2")

    assert advance_phases_everywhere.delay().get(timeout=30) == 2
    with schema_context(tenant_a.schema_name):
        for _attempt in range(200):
            active = Phase.objects.get(process=process, is_active=True)
            if active.position == 0:
                break
            time.sleep(0.1)
    assert active.position == 0
    assert CatalogEntry.objects.get(tenant=tenant_a).phase_sv == "Fas 1"

    CatalogEntry.objects.all().delete()
    # One repair task per tenant (both), each rebuilding its own tenant's rows.
    assert reconcile_catalog.delay().get(timeout=30) == 2
    for _attempt in range(200):
        if CatalogEntry.objects.filter(tenant=tenant_a).exists():
            break
        time.sleep(0.1)
    assert CatalogEntry.objects.get(tenant=tenant_a).phase_sv == "Fas 1"
