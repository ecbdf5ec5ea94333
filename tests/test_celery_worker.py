"""A real Celery worker process on the real broker runs each task in its sender's schema."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from shared_apps.mail.models import OutgoingMail
from tenant_apps.actionlog.models import Action
from tenants.tasks import probe_worker
from tests.conftest import LIVE_DB, wait_for_mail

pytestmark = [LIVE_DB, pytest.mark.worker]


def test_tasks_run_in_the_schema_they_were_sent_from(celery_worker, tenant_a, tenant_b):
    public = probe_worker.delay("from public").get(timeout=30)
    assert public == {"schema": "public"}
    with schema_context(tenant_a.schema_name):
        in_a = probe_worker.delay("from alfa").get(timeout=30)
    with schema_context(tenant_b.schema_name):
        in_b = probe_worker.delay("from beta").get(timeout=30)
    assert in_a["schema"] == "t_alfa"
    assert in_b["schema"] == "t_beta"
    # The worker wrote into each tenant's own table, and nowhere else.
    with schema_context(tenant_a.schema_name):
        assert list(Action.objects.values_list("target", flat=True)) == ["from alfa"]
    with schema_context(tenant_b.schema_name):
        assert list(Action.objects.values_list("target", flat=True)) == ["from beta"]
    assert connection.schema_name == "public"


def test_the_worker_sends_queued_mail_to_smtp(celery_worker, mail_sink, portal):
    from shared_apps.mail.actions import queue_mail

    mail = queue_mail(to=["worker-test@example.org"], subject="Från arbetaren", body_text="Hej!")
    message = wait_for_mail(mail_sink, "worker-test@example.org")
    assert message["Subject"] == "Från arbetaren"
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT
