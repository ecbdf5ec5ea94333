"""A decided e-proposal followed up by a budget project keeps the project's delivery
status (tenant_apps.budgets.delivery calls handling.project_status_changed in its own
transaction), and a project done marks the e-proposal carried out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.eproposals.models import EProposal, FollowUp
from tenant_apps.budgets.delivery import set_delivery
from tenant_apps.budgets.models import Project
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import host_of, sign_in_with_two_factor
from tests.eproposals.factories import make_eproposal

pytestmark = pytest.mark.django_db


def test_the_projects_delivery_status_reaches_the_linked_eproposal(tenant_a, bob):
    eproposal = make_eproposal(
        status=EProposal.Status.DECIDED,
        tenant=tenant_a,
        decision="approved",
        decision_text="Vi bygger lekplatsen.",
        answer_due=timezone.localdate() + timedelta(days=5),
    )
    with schema_context(tenant_a.schema_name):
        project = make_project(
            make_budget(make_budgets_component()), "Lekplats", 100_000, status="selected"
        )
    client = Client()
    sign_in_with_two_factor(client, bob)
    client.cookies["django_language"] = "en"
    url = f"/manage/e-proposals/{eproposal.pk}/"
    body = client.get(url, HTTP_HOST=host_of(tenant_a)).content.decode()
    assert f'value="project-{project.pk}"' in body
    client.post(
        f"{url}follow-up/", {"target": f"project-{project.pk}"}, HTTP_HOST=host_of(tenant_a)
    )
    link = FollowUp.objects.get()
    assert (link.kind, link.object_id, link.status) == ("project", project.pk, "selected")
    assert link.path.endswith(f"/delivery/{project.pk}/")

    with schema_context(tenant_a.schema_name):
        set_delivery(bob, Project.objects.get(pk=project.pk), status="in_progress", progress=40)
    link.refresh_from_db()
    eproposal.refresh_from_db()
    assert link.status == "in_progress" and eproposal.carried_out_at is None
    assert "In progress" in client.get(url, HTTP_HOST=host_of(tenant_a)).content.decode()

    with schema_context(tenant_a.schema_name):
        set_delivery(bob, Project.objects.get(pk=project.pk), status="done", progress=0)
    link.refresh_from_db()
    eproposal.refresh_from_db()
    assert link.status == "done" and eproposal.carried_out_at is not None
    assert eproposal.events.filter(kind="carried_out").count() == 1
