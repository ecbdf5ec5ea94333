"""Process designs: exported without ids or participant data, saved as templates, started
again in another tenant, and refused with a readable message when broken."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership
from shared_apps.designs.models import CityTemplate
from tenant_apps.actionlog.models import Action
from tenant_apps.news.actions import save_post
from tenant_apps.pages.actions import update_page
from tenant_apps.spaces.actions import update_component
from tenant_apps.spaces.designs import (
    PHASE_TEXT_FIELDS,
    PROCESS_TEXT_FIELDS,
    design_of,
    instantiate_design,
    save_as_template,
    validate_design,
)
from tenant_apps.spaces.models import Component, Process, ProcessTemplate
from tenants.roles import grant_role
from tests.conftest import make_user
from tests.spaces.factories import BUDGET_DESIGN, make_component, make_process

START = date(2030, 1, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def build_process(by: Any) -> Process:
    """A process of three 30-day phases with a page (text, per-phase announcement) and a
    news component with one post: call inside tenant A's schema."""
    process = make_process(starts=START, days=90, phases=3, published=False,
                           description_sv="<p>Bakgrund</p>", subtitle_en="Subtitle")  # fmt: skip
    second = process.phases.get(position=1)
    page = make_component(process, "pages", name_sv="Regler", name_en="Rules")
    update_page(page.page, by=by, body_sv="<p>Regeltext</p>", body_en="<p>Rule text</p>")
    update_component(page, by=by, phase_settings={str(second.pk): {"announcement_sv": "Fas två!"}})
    news = make_component(process, "news", name_sv="Nyheter", published=False)
    update_component(news, by=by, settings={"posts_per_page": 5})
    save_post(
        news,
        by=by,
        data={"title_sv": "Hemligt inlägg", "body_sv": "<p>Deltagarnas röster: 4711</p>"},
    )
    return process


def all_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in all_keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in all_keys(item)}
    return set()


@pytest.mark.django_db
def test_a_design_holds_texts_and_settings_but_no_ids_or_participant_data(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = build_process(bob)
        design = design_of(process)
        phase_ids = {str(pk) for pk in process.phases.values_list("pk", flat=True)}
        component_ids = {str(pk) for pk in process.components.values_list("pk", flat=True)}

    assert set(design) == {"version", "process", "phases", "components"}
    assert set(design["process"]) == set(PROCESS_TEXT_FIELDS) | {"duration_days"}
    assert design["process"]["description_sv"] == "<p>Bakgrund</p>"
    assert design["process"]["duration_days"] == 90
    assert [set(phase) for phase in design["phases"]] == [
        set(PHASE_TEXT_FIELDS) | {"offset_days", "duration_days"}
    ] * 3
    assert [(p["offset_days"], p["duration_days"]) for p in design["phases"]] == [
        (0, 30), (30, 30), (60, 30)
    ]  # fmt: skip
    assert not all_keys(design) & {"id", "pk", "process_id", "author", "created", "slug", "posts"}

    page, news = design["components"]
    assert page["content"] == {"body_sv": "<p>Regeltext</p>", "body_en": "<p>Rule text</p>"}
    # Per-phase settings are keyed by the phase's index, never its id.
    assert page["phase_settings"] == {"1": {"announcement_sv": "Fas två!", "announcement_en": ""}}
    assert not set(page["phase_settings"]) & phase_ids - {"1"}
    assert (news["type"], news["settings"], news["content"]) == ("news", {"posts_per_page": 5}, {})

    text = json.dumps(design, ensure_ascii=False)
    assert "Hemligt inlägg" not in text and "4711" not in text
    assert "bob@example.org" not in text and "Bob Berg" not in text
    assert not any(f'"{pk}"' in text for pk in (phase_ids | component_ids) - {"1", "2", "3"})


@pytest.mark.django_db
def test_save_as_template_locally_keeps_it_in_the_tenant_schema(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = build_process(bob)
        template = save_as_template(process, by=bob, name_sv="Parkmall", name_en="Park template")
        assert isinstance(template, ProcessTemplate)
        stored = ProcessTemplate.objects.get()
        assert stored.design == design_of(process)
        assert stored.created_by == bob
        assert stored.phase_count == 3
        action = Action.objects.get(verb="process.saved_as_template")
        assert action.data == {"template": "Parkmall", "city_wide": False}
    # The city-wide library in public holds no trace of it.
    assert not CityTemplate.objects.exists()


@pytest.mark.django_db
def test_save_as_template_city_wide_goes_to_public_with_its_source(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = build_process(bob)
        template = save_as_template(process, by=bob, name_sv="Stadsmall", city_wide=True)
        assert not ProcessTemplate.objects.exists()
        assert Action.objects.get(verb="process.saved_as_template").data["city_wide"] is True
    stored = CityTemplate.objects.get()
    assert stored.pk == template.pk
    assert stored.source_tenant == tenant_a
    assert stored.name_sv == "Stadsmall"
    assert [p["title_sv"] for p in stored.design["phases"]] == ["Fas 1", "Fas 2", "Fas 3"]


@pytest.mark.django_db
def test_a_process_admin_may_save_a_local_but_not_a_city_wide_template(tenant_a, bob, alice):
    process_admin = make_user("petra@example.org", "Petra Persson")
    grant_role(tenant_a, process_admin, Membership.Role.PROCESS_ADMIN)
    with schema_context(tenant_a.schema_name):
        process = build_process(bob)
        for city_wide in (False, True):  # a resident may save neither
            with pytest.raises(Http404):
                save_as_template(process, by=alice, name_sv="Nej", city_wide=city_wide)
        assert not ProcessTemplate.objects.exists()
        save_as_template(process, by=process_admin, name_sv="Lokal")
        with pytest.raises(Http404):
            save_as_template(process, by=process_admin, name_sv="Stad", city_wide=True)
        assert list(ProcessTemplate.objects.values_list("name_sv", flat=True)) == ["Lokal"]
        assert Action.objects.filter(verb="process.saved_as_template").count() == 1
    assert not CityTemplate.objects.exists()


@pytest.mark.django_db
def test_a_city_template_from_tenant_a_starts_the_same_process_in_tenant_b(
    tenant_a, tenant_b, bob, charlie
):
    with schema_context(tenant_a.schema_name):
        template = save_as_template(
            build_process(bob), by=bob, name_sv="Parkbudget", city_wide=True
        )
    new_start = date(2031, 3, 1)
    with schema_context(tenant_b.schema_name):
        process = instantiate_design(
            CityTemplate.objects.get(pk=template.pk).design,
            by=charlie,
            slug="fran-alfa",
            title_sv="Parken i Beta",
            title_en="The park in Beta",
            starts=new_start,
            template_name="Parkbudget",
        )
        process = Process.objects.get(pk=process.pk)
        assert not process.published
        assert process.template_name == "Parkbudget"
        assert (process.starts, process.ends) == (new_start, new_start + timedelta(days=89))
        assert (process.description_sv, process.subtitle_en) == ("<p>Bakgrund</p>", "Subtitle")

        phases = list(process.phases.order_by("position"))
        assert [(p.title_sv, p.title_en, p.position) for p in phases] == [
            ("Fas 1", "Phase 1", 0), ("Fas 2", "Phase 2", 1), ("Fas 3", "Phase 3", 2)
        ]  # fmt: skip
        assert [(p.starts, p.ends) for p in phases] == [
            (new_start + timedelta(days=30 * i), new_start + timedelta(days=30 * i + 29))
            for i in range(3)
        ]
        assert sum(p.is_active for p in phases) == 1

        page, news = process.components.order_by("position")
        assert (page.type, page.name_sv, page.name_en, page.published) == (
            "pages", "Regler", "Rules", True
        )  # fmt: skip
        assert (news.type, news.name_sv, news.published) == ("news", "Nyheter", False)
        assert news.settings == {"posts_per_page": 5}
        assert not news.posts.exists()
        assert page.phase_settings == {
            str(phases[1].pk): {"announcement_sv": "Fas två!", "announcement_en": ""}
        }
        assert page.current_settings(phases[1])["announcement_sv"] == "Fas två!"
        assert (page.page.body_sv, page.page.body_en) == ("<p>Regeltext</p>", "<p>Rule text</p>")
        action = Action.objects.get(verb="process.created_from_template")
        assert (action.actor, action.data) == (charlie, {"template": "Parkbudget"})
    with schema_context(tenant_a.schema_name):
        assert not Process.objects.filter(slug="fran-alfa").exists()


# --- validating designs -------------------------------------------------------------


NO_TITLE = "of the template has no title"
BAD_DATES = "of the template has impossible dates"


def broken(change: Any) -> dict[str, Any]:
    design = copy.deepcopy(BUDGET_DESIGN)
    change(design)
    return design


@pytest.mark.parametrize(
    ("design", "message"),
    [
        (broken(lambda d: d.update(version=2)), "not in a format this platform reads"),
        ([BUDGET_DESIGN], "not in a format this platform reads"),
        (
            broken(lambda d: d["components"][1].update(type="teleport")),
            "uses a component “teleport” that this platform does not have",
        ),
        (
            broken(lambda d: d["components"][1].update(settings={"posts_per_page": "many"})),
            "component “Nyheter” has invalid settings",
        ),
        (
            broken(lambda d: d["components"][1].update(settings={"unknown_setting": 1})),
            "component “Nyheter” has invalid settings",
        ),
        (
            broken(lambda d: d["components"][0]["phase_settings"].update({"4": {}})),
            "Settings for a phase the template does not have",
        ),
        (
            broken(lambda d: d["components"][0]["phase_settings"].update({"first": {}})),
            "Settings for a phase the template does not have",
        ),
        (
            broken(
                lambda d: d["components"][0]["phase_settings"].update(
                    {"0": {"announcement_sv": 7}}
                )
            ),
            "component “Så fungerar det” has invalid settings",
        ),
        (broken(lambda d: d["phases"][1].update(title_sv="  ")), f"Phase 2 {NO_TITLE}"),
        (broken(lambda d: d["phases"][3].pop("title_sv")), f"Phase 4 {NO_TITLE}"),
        (broken(lambda d: d["phases"][0].update(duration_days=0)), f"Phase 1 {BAD_DATES}"),
        (broken(lambda d: d["phases"][2].update(offset_days=-1)), f"Phase 3 {BAD_DATES}"),
    ],
)  # fmt: skip
def test_validate_design_refuses_broken_designs_with_a_readable_message(design, message):
    with pytest.raises(ValidationError) as caught:
        validate_design(design)
    assert message in caught.value.messages[0]


def test_validate_design_accepts_the_budget_design():
    validate_design(copy.deepcopy(BUDGET_DESIGN))


@pytest.mark.django_db
def test_nothing_is_created_when_a_design_is_refused(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        for design in (
            broken(lambda d: d["components"][1].update(type="teleport")),
            broken(lambda d: d["components"][1].update(settings={"posts_per_page": 0})),
            # Valid in shape, but the page text holds a script: refused while importing.
            broken(lambda d: d["components"][0]["content"].update(body_en="<script>x</script>")),
        ):
            with pytest.raises(ValidationError):
                instantiate_design(design, by=bob, slug="ny", title_sv="Ny", title_en="",
                                   starts=START)  # fmt: skip
        assert not Process.objects.exists()
        assert not Component.objects.exists()
        assert not Action.objects.filter(verb__startswith="process.").exists()


@pytest.mark.parametrize(
    "design",
    [
        broken(lambda d: d["phases"][0].update(duration_days="thirty")),
        broken(lambda d: d.update(phases=["Idéer", "Omröstning"])),
        broken(lambda d: d["components"][0].update(phase_settings=[{"announcement_sv": "x"}])),
    ],
    ids=["words-for-days", "phase-not-an-object", "phase-settings-a-list"],
)
def test_validate_design_refuses_malformed_json_with_a_validation_error(design):
    try:
        validate_design(design)
    except ValidationError:
        return
    pytest.fail("the malformed design was accepted")


def test_validate_design_refuses_overlapping_phases():
    design = broken(lambda d: d["phases"][1].update(offset_days=20))  # Ideas run to day 29
    with pytest.raises(ValidationError, match="Phases 1 and 2 of the template overlap"):
        validate_design(design)
    # Back to back is fine: Review starts the day after Ideas end.
    validate_design(broken(lambda d: d["phases"][1].update(offset_days=30)))
