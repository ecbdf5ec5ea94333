"""Every voting URL answers 404 on another tenant's host, for unpublished components and
spaces, and for budgets and projects of another component, before sign-in or method
checks could reveal that it exists."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import host_of, sign_in
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db

SUFFIXES = [
    "",
    "{b}/",
    "{b}/add/",
    "{b}/remove/",
    "{b}/allocate/",
    "{b}/review/",
    "{b}/receipt/",
    "{b}/reopen/",
    "{b}/projects/{p}/",
]


def urls(component, budget, project) -> list[str]:
    base = component.get_absolute_url()
    return [base + suffix.format(b=budget.pk, p=project.pk) for suffix in SUFFIXES]


def clients(*users) -> list[Client]:
    made = [Client()]
    for user in users:
        client = Client()
        sign_in(client, user)
        made.append(client)
    return made


def setup(**process):
    component = make_budgets_component(make_process("budget", **process))
    budget = make_budget(component)
    return component, budget, make_project(budget, "Parken", 100)


def test_tenant_as_budgets_are_404_on_tenant_bs_host(tenant_a, tenant_b, alice, charlie):
    with schema_context(tenant_a.schema_name):
        component, budget, project = setup()
    for client in clients(alice, charlie):
        for url in urls(component, budget, project):
            for method in (client.get, client.post):
                response = method(url, {"project": project.pk}, HTTP_HOST=host_of(tenant_b))
                assert response.status_code == 404, (url, method)


def test_budgets_of_unpublished_processes_are_404_for_residents(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component, budget, project = setup(published=False)
    for client in clients(alice):
        for url in urls(component, budget, project):
            for method in (client.get, client.post):
                assert method(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url


def test_unpublished_components_are_404_for_residents(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component, budget, project = setup()
        component.published = False
        component.save()
    for client in clients(alice):
        for url in urls(component, budget, project):
            for method in (client.get, client.post):
                assert method(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url


def test_a_budget_or_project_of_another_component_is_404(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component, budget, project = setup()
        second = make_budgets_component(component.process)
        own_budget = make_budget(second)
    client = clients(alice)[1]
    for suffix in SUFFIXES[1:]:
        url = second.get_absolute_url() + suffix.format(b=budget.pk, p=project.pk)
        for method in (client.get, client.post):
            assert method(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url
    # A project of another budget under this component's budget.
    url = f"{own_budget.get_absolute_url()}projects/{project.pk}/"
    assert client.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 404
