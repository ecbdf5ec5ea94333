"""The same resident sending a survey twice at the same moment: exactly one response
(the database's unique constraint on form and respondent key), and the other is told."""

from __future__ import annotations

import threading

from django.db import connection
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django_tenants.utils import schema_context

from tenant_apps.forms.build import build_form
from tenant_apps.forms.models import Answer, Response
from tenant_apps.surveys.actions import SurveyRefused, answer_survey, get_survey
from tenant_apps.surveys.models import Participant
from tests.conftest import LIVE_DB
from tests.surveys.factories import add_cycling_questions, make_survey

pytestmark = [LIVE_DB]


def test_two_parallel_answers_of_one_resident_store_exactly_one(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        q = add_cycling_questions(survey)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def send(comment: str) -> None:
        try:
            with schema_context(tenant_a.schema_name), translation.override("en"):
                fresh = get_survey(type(survey.component).objects.get(pk=survey.component.pk))
                form = build_form(
                    fresh.form,
                    MultiValueDict({q["cycle"].field_name: [str(q["no"].pk)],
                                    q["comment"].field_name: [comment]}),
                )  # fmt: skip
                assert form.is_valid(), form.errors
                barrier.wait()
                answer_survey(alice, fresh, form)
                outcomes.append("ok")
        except SurveyRefused as refused:
            outcomes.append(str(refused.message))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(f"Svar {n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["You have already answered this survey. Thank you!"] * 3 + ["ok"]
    with schema_context(tenant_a.schema_name):
        assert Response.objects.count() == 1
        assert Answer.objects.filter(question=q["comment"]).count() == 1
        assert Participant.objects.count() == 1
