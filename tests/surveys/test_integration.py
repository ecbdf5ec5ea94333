"""Surveys in the portal catalog (open surveys), the city-wide search and residents'
participation index (rebuilt from Participant, never from the answers)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.participation.actions import rebuild_tenant
from shared_apps.participation.models import Participation
from shared_apps.portal.models import CatalogEntry
from shared_apps.search.models import SearchDocument
from tenant_apps.spaces.catalog import sync_space
from tenant_apps.surveys.actions import update_intro
from tenant_apps.surveys.models import Participant
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db


def test_an_open_survey_is_in_the_catalog_and_leaves_when_answers_close(tenant_a):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        process = survey.component.process
        sync_space(process)
        entry = CatalogEntry.objects.get(tenant=tenant_a, kind="survey")
        assert entry.title_sv == f"Parkenkäten – {process.title_sv}"
        assert entry.path == survey.component.get_absolute_url()
        component = survey.component
        active = process.phases.get(is_active=True)
        component.phase_settings = {str(active.pk): {"answers_enabled": False}}
        component.save()
        sync_space(process)
        assert not CatalogEntry.objects.filter(tenant=tenant_a, kind="survey").exists()


def test_the_survey_is_searchable_with_its_introduction(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        sync_space(survey.component.process)
        update_intro(bob, survey, intro_sv="Tyck till om cykelbanorna.", intro_en="Cycle lanes.")
        document = SearchDocument.objects.get(tenant=tenant_a, kind="survey")
        assert document.title_sv == "Parkenkäten"
        assert "cykelbanorna" in document.body_sv
        assert document.path == survey.component.get_absolute_url()


def test_participation_rows_are_rebuilt_from_who_answered(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        survey = make_survey()
        Participant.objects.create(survey=survey, user=alice, answered_on="2026-11-01")
        counts = rebuild_tenant(tenant_a)
        assert counts["survey_answer"] == 1
    row = Participation.objects.get(user=alice, kind="survey_answer")
    assert row.key == f"survey:{survey.pk}"
    assert row.title_en == "The park survey"
    assert timezone.localtime(row.created).date().isoformat() == "2026-11-01"
