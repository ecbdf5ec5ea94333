"""Every proposals URL answers 404 on another tenant's host and for unpublished spaces,
before sign-in or method checks could reveal that it exists."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tests.conftest import host_of, sign_in
from tests.proposals.factories import make_proposal, make_proposals_component
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db

SUFFIXES = ["", "new/", "{p}/", "{p}/edit/", "{p}/withdraw/", "{p}/support/", "{p}/like/"]


def urls(component, proposal) -> list[str]:
    base = component.get_absolute_url()
    return [base + suffix.format(p=proposal.pk) for suffix in SUFFIXES]


def clients(*users) -> list[Client]:
    made = [Client()]
    for user in users:
        client = Client()
        sign_in(client, user)
        made.append(client)
    return made


def test_tenant_as_proposals_are_404_on_tenant_bs_host(tenant_a, tenant_b, alice, charlie):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        proposal = make_proposal(component, alice)
    for client in clients(alice, charlie):
        for url in urls(component, proposal):
            for method in (client.get, client.post):
                response = method(url, HTTP_HOST=host_of(tenant_b))
                assert response.status_code == 404, (url, method)


def test_proposals_of_unpublished_processes_are_404_for_residents(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(make_process("utkast", published=False))
        proposal = make_proposal(component, alice)
    for client in clients(alice):
        for url in urls(component, proposal):
            for method in (client.get, client.post):
                assert method(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url


def test_a_proposal_of_another_component_is_404(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        first = make_proposals_component(process)
        second = make_proposals_component(process)
        proposal = make_proposal(first, alice)
    client = clients(alice)[1]
    for suffix in SUFFIXES[2:]:
        url = second.get_absolute_url() + suffix.format(p=proposal.pk)
        assert client.post(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url
