"""Every surveys URL answers 404 on another tenant's host and for unpublished spaces;
residents get 404 on the staff pages (tests/spaces/test_outsiders.py has the /manage/
cases with the tenant's admin)."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tenant_apps.forms.build import AnswerValue
from tenant_apps.forms.saving import save_response
from tests.conftest import host_of, sign_in
from tests.spaces.factories import make_process
from tests.surveys.factories import add_cycling_questions, make_survey

pytestmark = pytest.mark.django_db

PUBLIC = ["", "answer/", "thanks/", "mine/", "results/"]
STAFF = ["", "questions/new/", "questions/{q}/", "results/", "results.csv", "files/{a}/"]


def clients(*users) -> list[Client]:
    made = [Client()]
    for user in users:
        client = Client()
        sign_in(client, user)
        made.append(client)
    return made


def world(process=None, **phase):
    survey = make_survey(process, results_published=True, **phase)
    q = add_cycling_questions(survey)
    save_response(survey.form, {q["cycle"].pk: AnswerValue(choices=[q["no"].pk])},
                  anonymous=True, respondent_key="someone")  # fmt: skip
    answer = survey.form.responses.get().answers.get()
    return survey, q["cycle"].pk, answer.pk


def test_tenant_as_surveys_are_404_on_tenant_bs_host(tenant_a, tenant_b, alice, bob, charlie):
    with schema_context(tenant_a.schema_name):
        survey, question, answer = world()
    public = survey.component.get_absolute_url()
    staff = survey.component.get_content_manage_url()
    public_urls = [public + p for p in PUBLIC]
    staff_urls = [staff + p.format(q=question, a=answer) for p in STAFF]
    everyone = clients(alice, bob, charlie)
    # Anonymous visitors are sent to sign in on staff pages, before any lookup.
    for client, urls in [(everyone[0], public_urls)] + [(c, public_urls + staff_urls)
                                                           for c in everyone[1:]]:  # fmt: skip
        for url in urls:
            for method in (client.get, client.post):
                response = method(url, HTTP_HOST=host_of(tenant_b))
                assert response.status_code == 404, (url, method)


def test_surveys_of_unpublished_processes_are_404_for_residents(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey, _question, _answer = world(make_process("utkast", published=False))
    for client in clients(alice):
        for path in PUBLIC:
            url = survey.component.get_absolute_url() + path
            for method in (client.get, client.post):
                assert method(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url


def test_residents_get_404_on_every_staff_page(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey, question, answer = world()
    client = clients(alice)[1]
    base = survey.component.get_content_manage_url()
    for path in [*STAFF, "questions/{q}/do/"]:
        url = base + path.format(q=question, a=answer)
        for method in (client.get, client.post):
            assert method(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url


def test_a_question_or_file_of_another_survey_is_404_even_for_the_admin(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        first, question, answer = world(process)
        second = make_survey(process)
    client = clients(bob)[1]
    base = second.component.get_content_manage_url()
    for path in ("questions/{q}/", "files/{a}/"):
        url = base + path.format(q=question, a=answer)
        assert client.get(url, HTTP_HOST=host_of(tenant_a)).status_code == 404, url
    url = base + f"questions/{question}/do/"
    assert client.post(url, {"action": "delete"}, HTTP_HOST=host_of(tenant_a)).status_code == 404
    del first
