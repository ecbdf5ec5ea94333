"""Every meetings page passes axe in Swedish and English, for visitors, residents and
staff (JavaScript on; the `page` fixture's pages without it are in test_views)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.forms.models import Choice, Question
from tenant_apps.meetings.models import AgendaItem
from tenant_apps.meetings.registering import register
from tenant_apps.meetings.registration_form import registration_form_of
from tests.browser.test_journeys import tenant_url
from tests.conftest import (
    LIVE_DB,
    assert_accessible,
    make_user,
    sign_in,
    sign_in_with_two_factor,
)
from tests.meetings.factories import make_meeting, make_meetings_component

pytestmark = [LIVE_DB, pytest.mark.browser]


def session(live_server, user, *, staff: bool = False) -> list[dict[str, str]]:
    client = Client()
    (sign_in_with_two_factor if staff else sign_in)(client, user)
    value = client.cookies["sessionid"].value
    return [{"name": "sessionid", "value": value, "url": tenant_url(live_server, "alfa", "/")}]


def test_the_meetings_pages_pass_axe(live_server, browser, tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component(meeting_proposals_enabled=True)
        meeting = make_meeting(
            component, "Stormöte om Slottsskogen", kind="hybrid", capacity=1,
            online_url="https://meet.example/rum", latitude="57.686", longitude="11.943",
            accessibility_sv="Hiss och hörslinga.", description_sv="Vi pratar om **parken**.",
        )  # fmt: skip
        AgendaItem.objects.create(meeting=meeting, title_sv="Välkommen", title_en="Welcome")
        register(alice, meeting)
        register(make_user("w@example.org", "Wilma Väntar"), meeting)
        past = make_meeting(
            component, "Förra mötet", starts=timezone.now() - timedelta(days=7),
            minutes="Vi beslöt **bänkar**.", attendance_count=14, closing_report="Tack!",
            closed_at=timezone.now(),
        )  # fmt: skip
        # A meeting that asks questions at registration, one of them conditional.
        asking = make_meeting(component, "Workshop om lekplatsen", capacity=30)
        form = registration_form_of(asking)
        lunch = Question.objects.create(
            form=form, type="single_choice", text_sv="Äter du lunch?", text_en="Lunch?",
            required=True, position=0,
        )  # fmt: skip
        yes = Choice.objects.create(question=lunch, position=0, label_sv="Ja", label_en="Yes")
        Choice.objects.create(question=lunch, position=1, label_sv="Nej", label_en="No")
        diet = Question.objects.create(
            form=form, type="short_text", text_sv="Vilken kost?", text_en="Which diet?",
            required=True, position=1, condition_choice=yes, max_length=100,
        )  # fmt: skip
    base = component.get_absolute_url()
    page = meeting.get_absolute_url()
    manage = component.get_content_manage_url()
    resident = session(live_server, alice)
    staff = session(live_server, bob, staff=True)
    visitor_pages = [base, f"{base}?when=past", page, past.get_absolute_url(), f"{base}new/"]
    resident_pages = [base, page, f"{page}register/", f"{page}cancel/", f"{page}registration/",
                      f"{base}new/", f"{asking.get_absolute_url()}register/"]  # fmt: skip
    staff_pages = [
        manage, f"{manage}new/", f"{manage}{meeting.pk}/", f"{manage}{meeting.pk}/agenda/",
        f"{manage}{meeting.pk}/registrations/", f"{manage}{meeting.pk}/check-in/",
        f"{manage}{meeting.pk}/report/", f"{manage}{past.pk}/report/",
        f"{manage}{asking.pk}/questions/", f"{manage}{asking.pk}/questions/new/",
        f"{manage}{asking.pk}/questions/new/?type=single_choice",
        f"{manage}{asking.pk}/questions/{diet.pk}/",
    ]  # fmt: skip
    for language in ("sv", "en"):
        for path in visitor_pages:
            assert_accessible(browser, tenant_url(live_server, "alfa", path), language=language)
        for path in resident_pages:
            assert_accessible(
                browser, tenant_url(live_server, "alfa", path), cookies=resident, language=language
            )
        for path in staff_pages:
            assert_accessible(
                browser, tenant_url(live_server, "alfa", path), cookies=staff, language=language
            )
