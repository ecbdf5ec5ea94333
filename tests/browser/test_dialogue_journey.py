"""A resident's citizen dialogue in Chromium, in one process: register for a meeting
(with a registration question), take the iCal file and get the reminder e-mail from the
real worker; answer a survey whose follow-up question depends on an answer; and argue in
a debate. Swedish pages, as residents see them."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.participation.models import Participation
from tenant_apps.comments.models import Comment
from tenant_apps.forms.models import Answer, Question
from tenant_apps.meetings.models import Registration
from tenant_apps.meetings.registration_form import registration_form_of
from tenant_apps.meetings.tasks import send_meeting_reminders
from tests.browser.test_journeys import tenant_url
from tests.conftest import LIVE_DB, sign_in
from tests.debates.factories import make_debate, make_debates_component
from tests.meetings.factories import make_meeting, make_meetings_component
from tests.spaces.factories import make_process
from tests.surveys.factories import add_cycling_questions, make_survey

pytestmark = [LIVE_DB, pytest.mark.browser]


def test_a_resident_takes_part_in_a_meeting_a_survey_and_a_debate(
    live_server, page, client, tenant_a, alice, celery_worker, mail_sink
):
    with schema_context(tenant_a.schema_name):
        process = make_process("dialog")
        meeting = make_meeting(
            make_meetings_component(process, settings={"reminder_hours": 24}),
            title="Dialogmöte om parken",
            starts=timezone.now() + timedelta(hours=5),
            capacity=20,
        )
        Question.objects.create(
            form=registration_form_of(meeting), type="short_text", text_sv="Matpreferens",
            text_en="Food", position=0, max_length=100,
        )  # fmt: skip
        survey = make_survey(process)
        cycling = add_cycling_questions(survey)
        debate = make_debate(make_debates_component(process))
    sign_in(client, alice)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": tenant_url(live_server, "alfa", "/"),
            }
        ]
    )

    # 1. The meeting: register with the question answered, see the entry code.
    meeting_url = tenant_url(live_server, "alfa", meeting.get_absolute_url())
    page.goto(meeting_url)
    page.locator("#registration a.button").click()
    page.get_by_label("Matpreferens").fill("Vegetarisk")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/registration/")
    with schema_context(tenant_a.schema_name):
        registration = Registration.objects.get(user=alice)
    assert registration.status == "registered"
    assert registration.answers == {
        "answers": [{"question": "Matpreferens", "answer": "Vegetarisk"}]
    }
    assert registration.formatted_code in page.locator(".entry-code").inner_text()
    # The iCal file, as the browser downloads it from the meeting page's link.
    page.goto(meeting_url)
    with page.expect_download() as download:
        page.locator("a[href='meeting.ics']").click()
    ics = download.value.path().read_bytes().decode("utf-8")
    unfolded = ics.replace("\r\n ", "").replace("\n ", "")
    assert ics.startswith("BEGIN:VCALENDAR\r\n")
    assert "SUMMARY;LANGUAGE=sv:Dialogmöte om parken\r\n" in unfolded, unfolded
    # The reminder, sent by the worker's beat task, reaches the resident.
    assert send_meeting_reminders.delay(tenant_a.schema_name).get(timeout=30) == 1
    # The sink keeps the whole session's mail: wait for this meeting's reminder.
    reminder = None
    deadline = time.monotonic() + 30
    while reminder is None and time.monotonic() < deadline:
        reminder = next(
            (m for m in mail_sink.messages
             if alice.email in m.get("To", "") and "Dialogmöte om parken" in m["Subject"]),
            None,
        )  # fmt: skip
        time.sleep(0.2)
    assert reminder is not None, [m["Subject"] for m in mail_sink.messages]
    assert "meeting.ics" in reminder.get_payload(decode=True).decode()

    # 2. The survey: the follow-up question is required once "Ja" is chosen.
    page.goto(tenant_url(live_server, "alfa", f"{survey.component.get_absolute_url()}answer/"))
    page.get_by_label("Ja").check()
    page.get_by_label("Vilken väg cyklar du?").fill("Längs Säveån")
    page.locator("form[data-conditions] button[type=submit]").click()
    page.wait_for_url("**/thanks/")
    with schema_context(tenant_a.schema_name):
        assert Answer.objects.get(question=cycling["route"]).text == "Längs Säveån"

    # 3. The debate: an argument in favour.
    page.goto(tenant_url(live_server, "alfa", debate.get_absolute_url()))
    page.fill("textarea[name=body]", "Söndagsöppet gör biblioteket till allas vardagsrum.")
    page.check("input[name=alignment][value='1']")
    page.click("form[aria-labelledby=comment-form-heading] button[type=submit]")
    page.wait_for_url("**#comment-*")
    with schema_context(tenant_a.schema_name):
        assert Comment.objects.get(author=alice).alignment == 1

    # All three are on the resident's "my participation" page.
    kinds = set(Participation.objects.filter(user=alice).values_list("kind", flat=True))
    assert {"registration", "survey_answer", "comment"} <= kinds
