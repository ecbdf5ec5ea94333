"""Registering, the waiting list, cancelling and promotion, entry codes and check-in."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from shared_apps.mail.models import OutgoingMail
from tenant_apps.actionlog.models import Action
from tenant_apps.meetings.codes import ALPHABET, normalise
from tenant_apps.meetings.models import Meeting, Registration
from tenant_apps.meetings.registering import (
    RegistrationRefused,
    cancel_registration,
    check_in,
    register,
)
from tests.conftest import make_user, tenant_for_module
from tests.meetings.factories import make_meeting, make_meetings_component

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup, django_db_blocker):
    """Tenant A, onboarded once for this module (see `tenant_for_module`)."""
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def residents(count: int) -> list:
    return [make_user(f"r{n}@example.org", f"Resident {n}") for n in range(count)]


def test_it_registers_up_to_capacity_then_waitlists_in_order(tenant_a):
    people = residents(5)
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component(), capacity=2)
        made = [register(person, meeting) for person in people]
        assert [r.status for r in made] == ["registered"] * 2 + ["waitlisted"] * 3
        assert [r.position for r in made] == [None, None, 1, 2, 3]
        assert len({r.code for r in made}) == 5
        verbs = list(Action.objects.order_by("pk").values_list("verb", flat=True))
        assert verbs == ["meetings.registered"] * 2 + ["meetings.waitlisted"] * 3


def test_it_refuses_a_second_registration_and_registration_after_the_start(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        meeting = make_meeting(component)
        register(alice, meeting)
        with pytest.raises(RegistrationRefused, match="already registered"):
            register(alice, meeting)
        started = make_meeting(component, "Pågår", starts=timezone.now())
        with pytest.raises(RegistrationRefused, match="has started"):
            register(alice, started)
        assert Registration.objects.filter(meeting=started).count() == 0


def test_the_phase_setting_and_an_unpublished_meeting_close_registration(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        closed = make_meeting(make_meetings_component(registrations_enabled=False))
        with pytest.raises(RegistrationRefused, match="not open in the current phase"):
            register(alice, closed)
        hidden = make_meeting(make_meetings_component(), published=False)
        with pytest.raises(RegistrationRefused, match="not published"):
            register(alice, hidden)
        assert Registration.objects.count() == 0


def test_cancelling_a_place_promotes_the_first_in_line_and_mails_them(tenant_a):
    first, second, third, fourth = residents(4)
    fourth.preferred_language = "en"
    fourth.save()
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component(), capacity=2)
        places = [register(person, meeting) for person in (first, second, third, fourth)]
        before = OutgoingMail.objects.count()
        promoted = cancel_registration(first, places[0])
        assert [r.user_id for r in promoted] == [third.pk]
        statuses = dict(Registration.objects.values_list("user_id", "status"))
        assert statuses[first.pk] == "cancelled"
        assert statuses[third.pk] == "registered"
        assert Registration.objects.get(user=fourth).position == 1
        mail = OutgoingMail.objects.order_by("pk").last()
        assert OutgoingMail.objects.count() == before + 1
        assert mail.to == [third.email] and mail.kind == "meeting_promotion"
        assert mail.subject.startswith("[Torget] ")
        # The person behind moves up again when a wait-listed one leaves.
        promoted = cancel_registration(second, places[1])
        assert [r.user_id for r in promoted] == [fourth.pk]
        mail = OutgoingMail.objects.order_by("pk").last()
        # In the resident's own language.
        assert mail.to == [fourth.email] and "You have a place" in mail.subject


def test_leaving_the_waiting_list_closes_the_gap(tenant_a):
    people = residents(4)
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component(), capacity=1)
        made = [register(person, meeting) for person in people]
        cancel_registration(people[1], made[1])
        positions = dict(
            Registration.objects.filter(status="waitlisted").values_list("user_id", "position")
        )
        assert positions == {people[2].pk: 1, people[3].pk: 2}


def test_more_places_promote_the_waiting_list(tenant_a, bob):
    people = residents(3)
    with schema_context(tenant_a.schema_name):
        from tenant_apps.meetings.actions import save_meeting

        meeting = make_meeting(make_meetings_component(), capacity=1)
        for person in people:
            register(person, meeting)
        data = {name: getattr(meeting, name) for name in ("title_sv", "starts", "ends", "place")}
        save_meeting(bob, meeting.component, {**data, "capacity": 2}, meeting)
        counts = dict(Registration.objects.values_list("status").annotate(n=Count("pk")))
        assert counts == {"registered": 2, "waitlisted": 1}
        assert Registration.objects.get(status="waitlisted").position == 1


def test_only_the_owner_cancels(tenant_a, alice):
    other = make_user("olle@example.org", "Olle")
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component())
        registration = register(alice, meeting)
        with pytest.raises(RegistrationRefused, match="not your registration"):
            cancel_registration(other, registration)
        assert Registration.objects.get().status == "registered"


def test_codes_are_readable_and_check_in_counts_attendance_once(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component())
        registration = register(alice, meeting)
        assert len(registration.code) == 8 and set(registration.code) <= set(ALPHABET)
        typed = registration.formatted_code.lower().replace("-", " ")
        assert normalise(typed) == registration.code
        checked = check_in(bob, meeting, typed)
        assert checked.status == "attended" and checked.attended_at is not None
        assert Meeting.objects.get(pk=meeting.pk).attendance_count == 1
        with pytest.raises(RegistrationRefused, match="already been used"):
            check_in(bob, meeting, registration.code)
        with pytest.raises(RegistrationRefused, match="No registration"):
            check_in(bob, meeting, "AAAA-AAAA")
        assert Meeting.objects.get(pk=meeting.pk).attendance_count == 1


def test_a_code_of_another_meeting_does_not_check_in(tenant_a, alice, bob):
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component()
        first, second = make_meeting(component), make_meeting(component, "Annat möte")
        registration = register(alice, first)
        with pytest.raises(RegistrationRefused):
            check_in(bob, second, registration.code)


def test_registering_costs_a_fixed_number_of_queries(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component(), capacity=1)
        register(make_user("first@example.org", "First"), meeting)
        with CaptureQueriesContext(connection) as captured:
            register(alice, meeting)
        assert len(captured) <= 20
