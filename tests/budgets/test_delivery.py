"""Delivery of selected projects: status and progress, milestones, updates that reach
followers, and the public pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.notifications.actions import follow
from shared_apps.notifications.models import Notification
from tenant_apps.actionlog.models import Action
from tenant_apps.budgets.delivery import add_milestone, add_update, set_delivery
from tenant_apps.budgets.models import Project
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import host_of, sign_in_with_two_factor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def selected_project(title="Lekplats", **fields):
    budget = make_budget(make_budgets_component())
    return make_project(budget, title, 100_000, status="selected", **fields)


def test_status_progress_and_updates_reach_followers(tenant_a, bob, alice):
    with schema_context(tenant_a.schema_name):
        project = selected_project()
        follow(alice, project.follow_key, title_sv=project.title_sv, path="/")
        set_delivery(bob, project, status="in_progress", progress=30)
        add_milestone(bob, project, title_sv="Bygglov", due=date(2027, 3, 1))
        add_update(bob, project, text_sv="Nu gräver vi.", text_en="Digging now.")
        set_delivery(bob, Project.objects.get(pk=project.pk), status="done", progress=0)
        with pytest.raises(ValidationError, match="cannot go from"):
            set_delivery(bob, Project.objects.get(pk=project.pk), status="cancelled", progress=0)
        project.refresh_from_db()
        assert (project.status, project.progress) == ("done", 100)
        verbs = set(
            Action.objects.filter(verb__startswith="budgets.").values_list("verb", flat=True)
        )
        assert verbs == {
            "budgets.delivery_changed",
            "budgets.milestone_added",
            "budgets.update_posted",
        }
    entries = Notification.objects.filter(user=alice, event="project_update").order_by("pk")
    assert [e.text_en for e in entries] == [
        "New status: In progress",
        "Digging now.",
        "New status: Done",
    ]
    assert entries[0].path.endswith(f"/delivery/{project.pk}/")


def test_only_selected_projects_are_delivered(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        project = selected_project(title="Simhall")
        Project.objects.filter(pk=project.pk).update(status="not_selected")
        project.refresh_from_db()
        with pytest.raises(ValidationError, match="Only selected projects"):
            set_delivery(bob, project, status="in_progress", progress=10)
        with pytest.raises(ValidationError, match="Only selected projects"):
            add_update(bob, project, text_sv="Hej")
        url = f"{project.budget.component.get_absolute_url()}delivery/{project.pk}/"
    response = Client().get(url, HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 404


def test_the_staff_page_and_the_public_pages(tenant_a, bob, django_assert_max_num_queries):
    with schema_context(tenant_a.schema_name):
        project = selected_project()
        component = project.budget.component
        component.get_absolute_url()  # loads the space
    manage = (
        f"{component.get_content_manage_url()}{project.budget_id}/projects/{project.pk}/delivery/"
    )
    client = Client()
    sign_in_with_two_factor(client, bob)
    client.cookies["django_language"] = "en"
    host = host_of(tenant_a)
    assert client.get(manage, HTTP_HOST=host).status_code == 200
    assert (
        client.post(manage, {"status": "in_progress", "progress": "40"}, HTTP_HOST=host).status_code
        == 302
    )
    bad = client.post(manage, {"status": "in_progress", "progress": "140"}, HTTP_HOST=host)
    assert bad.status_code == 400
    data = {"milestone-title_sv": "Bygglov", "milestone-due": "2027-03-01"}
    assert client.post(f"{manage}milestones/", data, HTTP_HOST=host).status_code == 302
    data = {"update-text_sv": "Nu gräver vi."}
    assert client.post(f"{manage}updates/", data, HTTP_HOST=host).status_code == 302
    with schema_context(tenant_a.schema_name):
        milestone = project.milestones.get()
    done = client.post(f"{manage}milestones/{milestone.pk}/", {"action": "done"}, HTTP_HOST=host)
    assert done.status_code == 302
    visitor = Client()
    visitor.cookies["django_language"] = "en"
    page = visitor.get(f"{component.get_absolute_url()}delivery/{project.pk}/", HTTP_HOST=host)
    body = page.content.decode()
    assert "Bygglov" in body and "Nu gräver vi." in body and 'value="40"' in body
    listing = f"{component.get_absolute_url()}delivery/"
    visitor.get(listing, HTTP_HOST=host)
    with django_assert_max_num_queries(15) as few:
        assert visitor.get(listing, HTTP_HOST=host).status_code == 200
    with schema_context(tenant_a.schema_name):
        for number in range(30):
            make_project(project.budget, f"Projekt {number}", 1000, status="in_progress")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Projekt 29" in visitor.get(listing, HTTP_HOST=host).content.decode()
