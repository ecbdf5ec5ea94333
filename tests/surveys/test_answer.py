"""Answering a survey through its pages: told anonymous or linked before answering, a
conditional question, the receipt, answering twice, one answer per verified person, the
per-action verification requirement, closed phases, one's own linked answers and the
published results; storage of anonymous and linked answers."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.identity.actions import grant_verification
from shared_apps.participation.models import Participation
from tenant_apps.actionlog.models import Action
from tenant_apps.forms.models import Answer, Response
from tenant_apps.surveys.models import Participant, Survey
from tests.conftest import host_of, make_user
from tests.surveys.factories import add_cycling_questions, make_survey

pytestmark = pytest.mark.django_db


def english(user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def post_answers(client, survey, host, data):
    return client.post(f"{survey.component.get_absolute_url()}answer/", data, HTTP_HOST=host)


def test_the_survey_page_says_before_answering_that_answers_are_anonymous(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        add_cycling_questions(survey)
        url = survey.component.get_absolute_url()
    host = host_of(tenant_a)
    for path in ("", "answer/"):
        body = english(alice).get(url + path, HTTP_HOST=host).content.decode()
        assert "Your answers are anonymous" in body
        assert "Each account answers once." in body
    body = english(alice).get(url, HTTP_HOST=host).content.decode()
    assert "3 questions." in body and 'href="answer/"' in body


def test_the_page_says_when_answers_are_linked_to_the_account(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey = make_survey(settings={"anonymous": False, "one_per": "person"})
        url = survey.component.get_absolute_url()
    body = english(alice).get(url + "answer/", HTTP_HOST=host_of(tenant_a)).content.decode()
    assert "Your answers are linked to your account" in body
    assert "Each verified person answers once, whichever account they use." in body


def test_a_resident_answers_with_a_conditional_question_and_gets_a_receipt(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        q = add_cycling_questions(survey)
    host = host_of(tenant_a)
    client = english(alice)
    # Yes, but the conditional question left out: refused with a message, nothing kept.
    response = post_answers(client, survey, host, {q["cycle"].field_name: str(q["yes"].pk)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was saved" in body and "Answer this question." in body
    with schema_context(tenant_a.schema_name):
        assert not Response.objects.exists() and not Participant.objects.exists()
    response = post_answers(
        client, survey, host,
        {q["cycle"].field_name: str(q["yes"].pk), q["route"].field_name: "Längs ån"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/")
    thanks = client.get(response["Location"], HTTP_HOST=host).content.decode()
    assert "Your answers to “The park survey” are saved." in thanks
    assert "not linked to your account" in thanks
    with schema_context(tenant_a.schema_name):
        stored = Response.objects.get()
        assert stored.anonymous and stored.user_id is None
        assert dict(Answer.objects.values_list("question_id", "text")) == {
            q["cycle"].pk: "", q["route"].pk: "Längs ån"
        }  # fmt: skip
        action = Action.objects.get(verb="surveys.answered")
        assert action.actor_id == alice.pk
        assert "Längs ån" not in str(action.data) and str(stored.pk) not in str(action.data)
        assert Participant.objects.get().user_id == alice.pk
    row = Participation.objects.get(user=alice)
    assert (row.kind, row.key) == ("survey_answer", f"survey:{survey.pk}")
    assert "Längs ån" not in row.title_sv + row.title_en


def test_answering_twice_gets_a_clear_message_and_keeps_the_first(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        q = add_cycling_questions(survey)
    host = host_of(tenant_a)
    client = english(alice)
    no = {q["cycle"].field_name: str(q["no"].pk), q["comment"].field_name: "Först"}
    assert post_answers(client, survey, host, no).status_code == 302
    again = post_answers(client, survey, host, {**no, q["comment"].field_name: "Igen"})
    assert again.status_code == 409
    assert "You have already answered this survey." in again.content.decode()
    page = client.get(survey.component.get_absolute_url(), HTTP_HOST=host).content.decode()
    assert "You have already answered this survey." in page
    with schema_context(tenant_a.schema_name):
        assert Response.objects.count() == 1
        assert Answer.objects.filter(text="Igen").count() == 0
        assert Participant.objects.count() == 1


def test_one_answer_per_verified_person_across_two_accounts(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey = make_survey(settings={"one_per": "person"})
        q = add_cycling_questions(survey)
    host = host_of(tenant_a)
    data = {q["cycle"].field_name: str(q["no"].pk)}
    unverified = post_answers(english(alice), survey, host, data)
    assert unverified.status_code == 400
    assert "Only verified persons can answer this survey." in unverified.content.decode()
    grant_verification(alice, "eid", identifier=("se-pnr", "198001010019"))
    assert post_answers(english(alice), survey, host, data).status_code == 302
    # The same person's second account: the first account is deleted, the person makes a
    # new one and verifies again (the identity moves with them).
    from shared_apps.identity.models import PersonIdentity

    PersonIdentity.objects.filter(user=alice).delete()
    second = make_user("alice2@example.org", "Alice again")
    grant_verification(second, "eid", identifier=("se-pnr", "198001010019"))
    again = post_answers(english(second), survey, host, data)
    assert again.status_code == 409
    assert "You have already answered this survey." in again.content.decode()
    with schema_context(tenant_a.schema_name):
        assert Response.objects.count() == 1


def test_the_per_action_verification_requirement_applies_to_answering(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        q = add_cycling_questions(survey)
        survey.component.permissions = {"answer": {"verifications": ["eid"]}}
        survey.component.save()
    host = host_of(tenant_a)
    page = english(alice).get(survey.component.get_absolute_url(), HTTP_HOST=host)
    assert "You need to verify your identity first." in page.content.decode()
    refused = post_answers(english(alice), survey, host, {q["cycle"].field_name: str(q["no"].pk)})
    assert refused.status_code == 403
    grant_verification(alice, "eid", identifier=("se-pnr", "198001010019"))
    ok = post_answers(english(alice), survey, host, {q["cycle"].field_name: str(q["no"].pk)})
    assert ok.status_code == 302


def test_closed_phases_and_anonymous_visitors_cannot_answer(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey = make_survey(answers_enabled=False)
        q = add_cycling_questions(survey)
    host = host_of(tenant_a)
    data = {q["cycle"].field_name: str(q["no"].pk)}
    page = english(alice).get(survey.component.get_absolute_url(), HTTP_HOST=host)
    assert "This survey is not open for answers now." in page.content.decode()
    assert post_answers(english(alice), survey, host, data).status_code == 403
    with schema_context(tenant_a.schema_name):
        Survey.objects.filter(pk=survey.pk)  # still open to nobody
        component = survey.component
        active = component.process.phases.get(is_active=True)
        component.phase_settings = {str(active.pk): {"answers_enabled": True}}
        component.save()
    visitor = post_answers(english(), survey, host, data)
    assert visitor.status_code == 403
    assert "Sign in to take part." in visitor.content.decode()
    with schema_context(tenant_a.schema_name):
        assert not Response.objects.exists()


def test_a_linked_answer_can_be_seen_by_its_author_only(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey = make_survey(settings={"anonymous": False})
        q = add_cycling_questions(survey)
    host = host_of(tenant_a)
    data = {q["cycle"].field_name: str(q["yes"].pk), q["route"].field_name: "Längs ån"}
    assert post_answers(english(alice), survey, host, data).status_code == 302
    mine = english(alice).get(f"{survey.component.get_absolute_url()}mine/", HTTP_HOST=host)
    assert mine.status_code == 200
    body = mine.content.decode()
    assert "Which way do you cycle?" in body and "Längs ån" in body
    other = make_user("eve@example.org", "Eve")
    assert (
        english(other)
        .get(f"{survey.component.get_absolute_url()}mine/", HTTP_HOST=host)
        .status_code
        == 404
    )
    with schema_context(tenant_a.schema_name):
        assert Response.objects.get().user_id == alice.pk
        # The rules are fixed by the first answer.
        survey.refresh_from_db()
        assert (survey.frozen_anonymous, survey.frozen_one_per) == (False, "account")


def test_an_anonymous_answer_has_no_mine_page(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        q = add_cycling_questions(survey)
    host = host_of(tenant_a)
    assert post_answers(english(alice), survey, host, {q["cycle"].field_name: str(q["no"].pk)}
                        ).status_code == 302  # fmt: skip
    mine = english(alice).get(f"{survey.component.get_absolute_url()}mine/", HTTP_HOST=host)
    assert mine.status_code == 404


def test_results_are_public_only_when_the_phase_publishes_them(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        q = add_cycling_questions(survey)
    host = host_of(tenant_a)
    assert post_answers(english(alice), survey, host, {q["cycle"].field_name: str(q["no"].pk),
                        q["comment"].field_name: "Hemligt ord"}).status_code == 302  # fmt: skip
    url = f"{survey.component.get_absolute_url()}results/"
    assert english(alice).get(url, HTTP_HOST=host).status_code == 404
    with schema_context(tenant_a.schema_name):
        component = survey.component
        active = component.process.phases.get(is_active=True)
        component.phase_settings = {str(active.pk): {"results_published": True}}
        component.save()
    page = english().get(url, HTTP_HOST=host)
    assert page.status_code == 200
    body = page.content.decode()
    assert "1 response." in body and "Do you cycle?" in body
    # Written answers may name people: the public page shows counts only.
    assert "Hemligt ord" not in body
