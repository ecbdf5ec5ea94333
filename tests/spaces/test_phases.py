"""Phases: their dates, their order and the one active phase, by hand or by the calendar."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.portal.models import CatalogEntry
from tenant_apps.actionlog.models import Action
from tenant_apps.spaces.actions import set_space_published
from tenant_apps.spaces.models import Phase, Process
from tenant_apps.spaces.phases import (
    activate_phase,
    advance_phases,
    delete_phase,
    move_phase,
    save_phase,
    validate_phase_dates,
)
from tests.conftest import LIVE_DB
from tests.spaces.factories import make_process

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = date(2030, 1, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=STOCKHOLM)


def active_titles(process: Process) -> list[str]:
    return list(process.phases.filter(is_active=True).values_list("title_en", flat=True))


def positions(process: Process) -> list[tuple[str, int]]:
    return list(process.phases.order_by("position").values_list("title_en", "position"))


# --- validate_phase_dates -----------------------------------------------------------


@pytest.mark.django_db
def test_validate_phase_dates_refuses_inverted_overlapping_and_outside_dates(tenant_a):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, days=60, phases=2)  # Phase 2: Jan 31 - Mar 1

        def refusal(starts: date, ends: date) -> ValidationError:
            phase = Phase(process=process, title_sv="Ny", starts=starts, ends=ends)
            with pytest.raises(ValidationError) as caught:
                validate_phase_dates(process, phase)
            return caught.value

        inverted = refusal(date(2030, 1, 10), date(2030, 1, 3))
        assert set(inverted.message_dict) == {"ends"}
        assert "cannot end before it starts" in inverted.message_dict["ends"][0]

        overlap = refusal(date(2030, 2, 20), date(2030, 3, 1)).messages[0]
        assert "overlap the phase “Phase 2” (Jan. 31, 2030 – March 1, 2030)" in overlap
        assert "Phase 1" not in overlap

        for starts, ends in [
            (date(2029, 12, 31), date(2030, 1, 10)),  # begins before the process
            (date(2030, 2, 25), date(2030, 3, 5)),  # ends after it (Mar 1)
        ]:
            outside = refusal(starts, ends).messages[0]
            assert "must lie within the process's dates" in outside
            assert "Jan. 1, 2030 – March 1, 2030" in outside

        # A phase never clashes with itself when its own dates are checked again.
        own = process.phases.get(position=1)
        own.ends = date(2030, 2, 28)
        validate_phase_dates(process, own)


# --- save, activate, move, delete ---------------------------------------------------


@pytest.mark.django_db
def test_save_phase_adds_phases_at_the_end_and_refuses_an_overlap(tenant_a, bob):
    with (
        schema_context(tenant_a.schema_name),
        time_machine.travel(at_noon(date(2030, 1, 15)), tick=False),
    ):
        process = make_process(starts=START, days=90, phases=0, published=False)
        for index, (first, last) in enumerate([(1, 30), (31, 60), (61, 90)]):
            save_phase(
                process,
                by=bob,
                data={
                    "title_sv": f"Steg {index + 1}",
                    "title_en": f"Step {index + 1}",
                    "starts": START + timedelta(days=first - 1),
                    "ends": START + timedelta(days=last - 1),
                },
            )
        assert positions(process) == [("Step 1", 0), ("Step 2", 1), ("Step 3", 2)]
        assert active_titles(process) == ["Step 1"]
        assert Action.objects.filter(verb="phase.saved", target=process.slug).count() == 3

        # Moving Step 2 into Step 1's dates is refused, and nothing is saved or logged.
        second = process.phases.get(position=1)
        with pytest.raises(ValidationError, match="Step 1"):
            save_phase(process, by=bob, phase=second, data={"starts": date(2030, 1, 20)})
        second.refresh_from_db()
        assert second.starts == date(2030, 1, 31)
        assert Action.objects.filter(verb="phase.saved").count() == 3


@pytest.mark.django_db
def test_activate_phase_makes_exactly_one_active_and_switches_to_manual(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, days=90, phases=3, published=False)
        set_space_published(process, True, by=bob)
        assert process.phase_mode == Process.PhaseMode.DATES
        third = process.phases.get(position=2)

        activate_phase(third, by=bob)

        process.refresh_from_db()
        assert process.phase_mode == Process.PhaseMode.MANUAL
        assert active_titles(process) == ["Phase 3"]
        entry = CatalogEntry.objects.get(tenant=tenant_a, path="/processes/parken/")
        assert (entry.phase_sv, entry.phase_en) == ("Fas 3", "Phase 3")
        action = Action.objects.get(verb="phase.activated")
        assert action.data["changes"] == {"active_phase": ["Fas 1", "Fas 3"]}

        activate_phase(process.phases.get(position=1), by=bob)
        assert active_titles(process) == ["Phase 2"]


@pytest.mark.django_db
def test_the_database_refuses_a_second_active_phase(tenant_a):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, days=60, phases=2)
        second = process.phases.get(position=1)
        with pytest.raises(IntegrityError, match="one_active_phase"), transaction.atomic():
            Phase.objects.filter(pk=second.pk).update(is_active=True)
        assert active_titles(process) == ["Phase 1"]
        # Another process may have its own active phase.
        other = make_process("torget", starts=START, days=60, phases=2)
        assert active_titles(other) == ["Phase 1"]


@pytest.mark.django_db
def test_move_phase_up_and_down(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, days=90, phases=3, published=False)
        first, second, third = process.phases.order_by("position")

        move_phase(third, -1, by=bob)
        assert positions(process) == [("Phase 1", 0), ("Phase 3", 1), ("Phase 2", 2)]
        move_phase(first, +1, by=bob)
        assert positions(process) == [("Phase 3", 0), ("Phase 1", 1), ("Phase 2", 2)]

        # Past either end nothing moves and nothing is logged.
        logged = Action.objects.filter(verb="phase.moved").count()
        move_phase(second, +1, by=bob)
        third.refresh_from_db()
        move_phase(third, -1, by=bob)
        assert positions(process) == [("Phase 3", 0), ("Phase 1", 1), ("Phase 2", 2)]
        assert Action.objects.filter(verb="phase.moved").count() == logged == 2


@pytest.mark.django_db
def test_delete_phase_renumbers_the_rest_and_keeps_one_active(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, days=90, phases=3, published=False)
        delete_phase(process.phases.get(position=1), by=bob)
        assert positions(process) == [("Phase 1", 0), ("Phase 3", 1)]
        assert Action.objects.filter(verb="phase.deleted").get().data == {"title": "Fas 2"}

        # Deleting the active phase (manual mode) leaves the first one active.
        activate_phase(process.phases.get(position=1), by=bob)
        delete_phase(process.phases.get(position=1), by=bob)
        assert positions(process) == [("Phase 1", 0)]
        assert active_titles(process) == ["Phase 1"]


@pytest.mark.django_db
def test_delete_phase_refuses_the_only_phase_of_a_published_process(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        published = make_process(starts=START, days=30, phases=1, published=False)
        set_space_published(published, True, by=bob)
        with pytest.raises(ValidationError, match="at least one phase"):
            delete_phase(published.phases.get(), by=bob)
        assert published.phases.count() == 1
        assert not Action.objects.filter(verb="phase.deleted").exists()

        draft = make_process("utkast", starts=START, days=30, phases=1, published=False)
        delete_phase(draft.phases.get(), by=bob)
        assert draft.phases.count() == 0


# --- advancing by date --------------------------------------------------------------


@pytest.mark.django_db
def test_advance_phases_moves_dated_processes_once_and_leaves_manual_ones(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        with time_machine.travel(at_noon(date(2030, 1, 10)), tick=False):
            process = make_process(starts=START, days=120, phases=4, published=False)
            set_space_published(process, True, by=bob)
            manual = make_process("manuell", starts=START, days=120, phases=4)
            activate_phase(manual.phases.get(position=1), by=bob)
            assert (
                CatalogEntry.objects.get(tenant=tenant_a, path="/processes/parken/").phase_sv
                == "Fas 1"
            )
            assert advance_phases() == []

        with time_machine.travel(at_noon(date(2030, 3, 5)), tick=False):  # in phase 3
            assert advance_phases() == [process.slug]
            assert active_titles(process) == ["Phase 3"]
            entry = CatalogEntry.objects.get(tenant=tenant_a, path="/processes/parken/")
            assert (entry.phase_sv, entry.phase_starts) == ("Fas 3", date(2030, 3, 2))
            logged = Action.objects.filter(verb="phase.activated_by_date")
            assert [a.data for a in logged] == [{"phase": "Fas 3"}]
            assert logged.get().actor is None

            # Idempotent: a second run changes nothing and logs nothing.
            assert advance_phases() == []
            assert active_titles(process) == ["Phase 3"]
            assert Action.objects.filter(verb="phase.activated_by_date").count() == 1

        with time_machine.travel(at_noon(date(2031, 6, 1)), tick=False):  # after the end
            assert advance_phases() == [process.slug]
            assert active_titles(process) == ["Phase 4"]

        # The process an admin steers by hand was never moved.
        assert active_titles(manual) == ["Phase 2"]
        assert not Action.objects.filter(verb="phase.activated_by_date", target="manuell").exists()


@pytest.mark.django_db
def test_the_daily_task_advances_phases_and_the_catalog_in_one_tenant(tenant_a, bob):
    from tenant_apps.spaces.tasks import advance_phases_in_tenant

    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, days=120, phases=4, published=False)
        set_space_published(process, True, by=bob)
    with time_machine.travel(at_noon(date(2030, 2, 15)), tick=False):
        assert advance_phases_in_tenant(tenant_a.schema_name) == [process.slug]
    assert CatalogEntry.objects.get(tenant=tenant_a, path="/processes/parken/").phase_sv == "Fas 2"
    with schema_context(tenant_a.schema_name):
        assert active_titles(process) == ["Phase 2"]


# --- concurrency --------------------------------------------------------------------


@LIVE_DB
def test_two_admins_activating_different_phases_at_once_leave_one_active(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process(starts=START, days=90, phases=3, published=False)
        second, third = process.phases.filter(position__gt=0).order_by("position")

    def activate(phase: Phase, barrier: threading.Barrier, errors: list[BaseException]) -> None:
        try:
            with schema_context(tenant_a.schema_name):
                barrier.wait(timeout=10)
                activate_phase(phase, by=bob)
        except BaseException as error:  # reported to the test thread
            errors.append(error)
        finally:
            connection.close()

    for _round in range(3):
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []
        threads = [
            threading.Thread(target=activate, args=(phase, barrier, errors))
            for phase in (second, third)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert not any(thread.is_alive() for thread in threads)
        assert errors == []
        with schema_context(tenant_a.schema_name):
            assert len(active_titles(process)) == 1
            assert active_titles(process)[0] in {"Phase 2", "Phase 3"}
            assert Process.objects.get(pk=process.pk).phase_mode == Process.PhaseMode.MANUAL
    with schema_context(tenant_a.schema_name):
        assert Action.objects.filter(verb="phase.activated").count() == 6
