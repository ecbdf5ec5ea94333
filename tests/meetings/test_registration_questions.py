"""Registration questions: staff write them with the forms engine's editor; residents
answer them when they register, checked by the engine (required, conditional); the
answers stay with the registration and show in the staff list and the CSV."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tenant_apps.meetings.models import Registration
from tests.conftest import host_of, sign_in, sign_in_with_two_factor
from tests.meetings.factories import make_meeting, make_meetings_component

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    client.cookies["django_language"] = "en"
    return client


def test_staff_ask_questions_and_residents_answer_them_when_they_register(
    tenant_a, bob, alice, charlie
):
    host = host_of(tenant_a)
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component(), capacity=5)
    staff = Client()
    sign_in_with_two_factor(staff, bob)
    questions_url = f"{meeting.get_manage_url()}questions/"
    assert staff.get(questions_url, HTTP_HOST=host).status_code == 200
    response = staff.post(
        f"{questions_url}new/",
        {"type": "single_choice", "text_sv": "Äter du lunch?", "text_en": "Lunch?",
         "required": "on", "options_sv": "Ja\nNej", "options_en": "Yes\nNo"},
        HTTP_HOST=host,
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        meeting.refresh_from_db()
        lunch = meeting.registration_form.questions.get()
        yes = lunch.choices.get(label_sv="Ja")
    response = staff.post(
        f"{questions_url}new/",
        {"type": "short_text", "text_sv": "Vilken kost?", "text_en": "Which diet?",
         "required": "on", "max_length": "100", "condition": str(yes.pk)},
        HTTP_HOST=host,
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context(tenant_a.schema_name):
        diet = meeting.registration_form.questions.get(text_sv="Vilken kost?")

    resident = _client(alice)
    register_url = f"{meeting.get_absolute_url()}register/"
    page = resident.get(register_url, HTTP_HOST=host).content.decode()
    assert "Lunch?" in page and "Which diet?" in page
    # The conditional question is required when "Yes" is chosen: nothing is written.
    response = resident.post(register_url, {f"reg-{lunch.field_name}": str(yes.pk)}, HTTP_HOST=host)
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert not Registration.objects.exists()
    response = resident.post(
        register_url,
        {f"reg-{lunch.field_name}": str(yes.pk), f"reg-{diet.field_name}": "Vegetarisk"},
        HTTP_HOST=host,
    )
    assert response.status_code == 302
    # Another resident says no: the diet question is hidden, and not asked of them.
    no = _client(charlie)
    with schema_context(tenant_a.schema_name):
        no_choice = lunch.choices.get(label_sv="Nej")
    response = no.post(
        register_url,
        {f"reg-{lunch.field_name}": str(no_choice.pk), f"reg-{diet.field_name}": "ignoreras"},
        HTTP_HOST=host,
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        answers = {r.user.email: r.answers for r in Registration.objects.select_related("user")}
    assert answers[alice.email] == {"answers": [
        {"question": "Äter du lunch?", "answer": "Ja"},
        {"question": "Vilken kost?", "answer": "Vegetarisk"},
    ]}  # fmt: skip
    assert answers[charlie.email] == {"answers": [{"question": "Äter du lunch?", "answer": "Nej"}]}
    listing = staff.get(f"{meeting.get_manage_url()}registrations/", HTTP_HOST=host)
    assert "Vilken kost?: Vegetarisk" in listing.content.decode()
    csv_text = staff.get(f"{meeting.get_manage_url()}registrations.csv", HTTP_HOST=host)
    assert "Vegetarisk" in csv_text.content.decode()


def test_a_meeting_without_questions_asks_nothing(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component())
    resident = _client(alice)
    response = resident.post(
        f"{meeting.get_absolute_url()}register/", {}, HTTP_HOST=host_of(tenant_a)
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Registration.objects.get().answers == {}
