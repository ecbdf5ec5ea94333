"""Staff pages of a survey: the introduction, the question editor (types, choices,
conditions, order, the lock once answers exist), results with charts and the CSV, with
query budgets that do not grow with the responses."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tenant_apps.actionlog.models import Action
from tenant_apps.forms.build import AnswerValue
from tenant_apps.forms.models import Choice, Question
from tenant_apps.forms.saving import save_response
from tests.conftest import host_of, sign_in_with_two_factor
from tests.surveys.factories import add_cycling_questions, make_survey

pytestmark = pytest.mark.django_db

RESULTS_CEILING = 18
EXPORT_CEILING = 15


def staff(bob) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    sign_in_with_two_factor(client, bob)
    return client


def test_staff_build_a_survey_with_choices_and_a_condition(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
    host = host_of(tenant_a)
    client = staff(bob)
    base = survey.component.get_content_manage_url()
    assert (
        "What kind of question?"
        in client.get(f"{base}questions/new/", HTTP_HOST=host).content.decode()
    )
    response = client.post(
        f"{base}questions/new/",
        {"type": "single_choice", "text_sv": "Cyklar du?", "options_sv": "Ja\nNej",
         "options_en": "Yes\nNo", "required": "on"},
        HTTP_HOST=host,
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    with schema_context(tenant_a.schema_name):
        cycle = Question.objects.get(text_sv="Cyklar du?")
        yes = cycle.choices.get(label_sv="Ja")
        assert cycle.required and yes.label_en == "Yes"
    # Too few options is refused with a message; nothing is added.
    refused = client.post(
        f"{base}questions/new/",
        {"type": "multiple_choice", "text_sv": "Vad?", "options_sv": "Bara en"},
        HTTP_HOST=host,
    )
    assert refused.status_code == 400
    assert "Give at least two options" in refused.content.decode()
    response = client.post(
        f"{base}questions/new/",
        {"type": "short_text", "text_sv": "Vilken väg?", "max_length": "200",
         "condition": str(yes.pk)},
        HTTP_HOST=host,
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        route = Question.objects.get(text_sv="Vilken väg?")
        assert route.condition_choice_id == yes.pk and route.position == 1
    # Moving the conditional question above the one it depends on is refused.
    client.post(f"{base}questions/{route.pk}/do/", {"action": "up"}, HTTP_HOST=host)
    with schema_context(tenant_a.schema_name):
        assert Question.objects.get(pk=route.pk).position == 1
        # So is deleting the question it depends on.
    client.post(f"{base}questions/{cycle.pk}/do/", {"action": "delete"}, HTTP_HOST=host)
    with schema_context(tenant_a.schema_name):
        assert Question.objects.filter(pk=cycle.pk).exists()
        verbs = set(Action.objects.values_list("verb", flat=True))
        assert {"forms.question_added"} <= verbs
    page = client.get(base, HTTP_HOST=host).content.decode()
    assert "only when “Ja” in “Cyklar du?”" in page


def test_once_answered_only_texts_can_change(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        q = add_cycling_questions(survey)
        save_response(survey.form, {q["cycle"].pk: AnswerValue(choices=[q["no"].pk])},
                      anonymous=True, respondent_key="x")  # fmt: skip
    host = host_of(tenant_a)
    client = staff(bob)
    base = survey.component.get_content_manage_url()
    url = f"{base}questions/{q['cycle'].pk}/"
    fixed = client.post(url, {"text_sv": "Cyklar du ofta?", "options_sv": "Ja!\nNej!",
                              "required": "on"}, HTTP_HOST=host)  # fmt: skip
    assert fixed.status_code == 302
    added = client.post(url, {"text_sv": "Cyklar du?", "options_sv": "Ja\nNej\nKanske",
                              "required": "on"}, HTTP_HOST=host)  # fmt: skip
    assert added.status_code == 400
    assert "keep their number" in added.content.decode()
    deleted = client.post(f"{base}questions/{q['comment'].pk}/do/", {"action": "delete"},
                          HTTP_HOST=host)  # fmt: skip
    assert deleted.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Question.objects.get(pk=q["cycle"].pk).text_sv == "Cyklar du ofta?"
        assert Choice.objects.filter(question=q["cycle"]).count() == 2
        assert Question.objects.filter(pk=q["comment"].pk).exists()


def count_queries(client: Client, url: str, host: str) -> int:
    """Return the queries of one GET of `url`, after a warm-up GET: host routing and
    staff checks are cached for a while, and a cold request costs a few more."""
    client.get(url, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    return len(captured)


def test_results_page_and_csv_cost_the_same_for_1_and_200_responses(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        survey = make_survey(results_published=True)
        q = add_cycling_questions(survey)

        def answer(n: int) -> None:
            save_response(
                survey.form,
                {q["cycle"].pk: AnswerValue(choices=[q["yes"].pk]),
                 q["route"].pk: AnswerValue(text=f"Väg {n}")},
                anonymous=n % 2 == 1, respondent_key=f"r{n}",
            )  # fmt: skip

        answer(0)
    host = host_of(tenant_a)
    client = staff(bob)
    base = survey.component.get_content_manage_url()
    public = f"{survey.component.get_absolute_url()}results/"
    first = [
        count_queries(client, url, host)
        for url in (f"{base}results/", f"{base}results.csv", public)
    ]
    with schema_context(tenant_a.schema_name):
        for n in range(1, 200):
            answer(n)
    again = [
        count_queries(client, url, host)
        for url in (f"{base}results/", f"{base}results.csv", public)
    ]
    assert first == again, (first, again)
    assert (
        first[0] <= RESULTS_CEILING and first[1] <= EXPORT_CEILING and first[2] <= RESULTS_CEILING
    )
    csv_text = client.get(f"{base}results.csv", HTTP_HOST=host).content.decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == 201
    page = client.get(f"{base}results/", HTTP_HOST=host).content.decode()
    assert "200 responses." in page and "<svg" in page and "Väg 198" in page
    print("queries (staff results, CSV, public results):", first)
