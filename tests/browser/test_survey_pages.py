"""Surveys in Chromium: a resident answers a survey with a conditional question with
JavaScript off (and the script hides and shows it when on), and every survey page passes
axe in Swedish and English."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.participation.models import Participation
from tenant_apps.forms.build import AnswerValue
from tenant_apps.forms.keys import respondent_key
from tenant_apps.forms.models import Answer, Response
from tenant_apps.forms.saving import save_response
from tests.browser.test_journeys import tenant_url
from tests.conftest import LIVE_DB, assert_accessible, make_user, sign_in, sign_in_with_two_factor
from tests.forms.factories import make_every_kind
from tests.spaces.factories import make_process
from tests.surveys.factories import add_cycling_questions, make_survey

pytestmark = [LIVE_DB, pytest.mark.browser]


def session(live_server, user, *, staff: bool = False) -> list[dict[str, str]]:
    client = Client()
    (sign_in_with_two_factor if staff else sign_in)(client, user)
    value = client.cookies["sessionid"].value
    return [{"name": "sessionid", "value": value, "url": tenant_url(live_server, "alfa", "/")}]


def test_a_resident_answers_a_conditional_survey_without_javascript(
    live_server, page, tenant_a, alice
):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        q = add_cycling_questions(survey)
        url = tenant_url(live_server, "alfa", survey.component.get_absolute_url())
    page.context.add_cookies(session(live_server, alice))
    page.goto(url)
    # Told before answering (ids, not words: the Swedish arrives with the translations).
    assert page.locator("#survey-privacy h2").is_visible()
    page.locator("a[href='answer/']").click()
    # Without JavaScript the conditional question shows, with a note saying when.
    route = page.get_by_label("Vilken väg cyklar du?")
    assert route.is_visible()
    note = page.locator(f"#question-{q['route'].pk} .condition-note").inner_text()
    assert "Ja" in note and "Cyklar du?" in note
    page.get_by_label("Ja").check()
    page.locator("form[data-conditions] button[type=submit]").click()
    # The conditional question was shown and required: refused, nothing saved.
    assert page.locator(".form-errors[role=alert]").is_visible()
    with schema_context(tenant_a.schema_name):
        assert not Response.objects.exists()
    page.get_by_label("Vilken väg cyklar du?").fill("Längs ån")
    page.locator("form[data-conditions] button[type=submit]").click()
    page.wait_for_url("**/thanks/")
    assert page.locator("h1").count() == 1
    with schema_context(tenant_a.schema_name):
        assert Answer.objects.get(question=q["route"]).text == "Längs ån"
        assert Response.objects.get().user_id is None
    assert Participation.objects.filter(user=alice, kind="survey_answer").exists()
    # Back to the survey: already answered.
    page.goto(url)
    assert page.locator(".notice[role=status]").first.is_visible()


def test_with_javascript_the_conditional_question_hides_until_it_applies(
    live_server, browser, tenant_a, alice
):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        q = add_cycling_questions(survey)
        url = tenant_url(live_server, "alfa", f"{survey.component.get_absolute_url()}answer/")
    context = browser.new_context(locale="sv-SE")
    context.add_cookies(session(live_server, alice))
    try:
        page = context.new_page()
        page.goto(url)
        route = page.locator(f"#question-{q['route'].pk}")
        assert route.is_hidden()
        page.get_by_label("Ja").check()
        assert route.is_visible()
        page.get_by_label("Nej").check()
        assert route.is_hidden()
    finally:
        context.close()


def test_every_survey_page_passes_axe(live_server, browser, tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        linked = make_survey(process, settings={"anonymous": False}, results_published=True)
        q = add_cycling_questions(linked)
        kinds = make_every_kind(linked.form)
        save_response(
            linked.form,
            {q["cycle"].pk: AnswerValue(choices=[q["yes"].pk]),
             q["route"].pk: AnswerValue(text="Längs ån"),
             kinds["number"].pk: AnswerValue(number=30)},
            user=alice, anonymous=False, respondent_key=respondent_key(linked.form, alice),
        )  # fmt: skip
        public = linked.component.get_absolute_url()
        manage = linked.component.get_content_manage_url()
        question = q["cycle"].pk
    resident = session(live_server, alice)
    staff = session(live_server, bob, staff=True)
    other = make_user("olle@example.org", "Olle Olsson")
    fresh = session(live_server, other)
    pages = [
        (public, resident), (f"{public}thanks/", resident), (f"{public}mine/", resident),
        (f"{public}results/", None), (public, None), (f"{public}answer/", fresh),
        (manage, staff), (f"{manage}questions/new/", staff),
        (f"{manage}questions/new/?type=matrix", staff), (f"{manage}questions/{question}/", staff),
        (f"{manage}results/", staff),
    ]  # fmt: skip
    for language in ("sv", "en"):
        for path, cookies in pages:
            assert_accessible(
                browser, tenant_url(live_server, "alfa", path), cookies=cookies, language=language
            )
