"""Factories for surveys, called explicitly from test bodies inside a tenant schema."""

from __future__ import annotations

from typing import Any

from tenant_apps.spaces.models import Component, Process
from tenant_apps.surveys.actions import get_survey
from tenant_apps.surveys.models import Survey
from tests.forms.factories import make_question, option
from tests.spaces.factories import make_component, make_process

OPEN = {"answers_enabled": True, "results_published": False}


def make_survey(
    process: Process | None = None, *, settings: dict[str, Any] | None = None, **phase: Any
) -> Survey:
    """Create a published surveys component (answers open unless told otherwise)."""
    process = process or make_process("enkat")
    component = make_component(
        process, "surveys", name_sv="Parkenkäten", name_en="The park survey",
        settings=settings or {},
    )  # fmt: skip
    active = process.phases.get(is_active=True)
    component.phase_settings = {str(active.pk): {**OPEN, **phase}}
    component.save()
    return get_survey(component)


def add_cycling_questions(survey: Survey) -> dict[str, Any]:
    """Do you cycle? (required) -> (Yes) Which route? (required, conditional); a comment."""
    form = survey.form
    cycle = make_question(
        form, "single_choice", "Cyklar du?", options=["Ja", "Nej"], required=True,
        text_en="Do you cycle?",
    )  # fmt: skip
    route = make_question(
        form, "short_text", "Vilken väg cyklar du?", text_en="Which way do you cycle?",
        condition_choice=option(cycle, "Ja"), required=True,
    )  # fmt: skip
    comment = make_question(form, "long_text", "Övrigt", text_en="Anything else")
    return {"cycle": cycle, "route": route, "comment": comment,
            "yes": option(cycle, "Ja"), "no": option(cycle, "Nej")}  # fmt: skip


def component_of(survey: Survey) -> Component:
    return survey.component
