"""Demo survey for `seed_demo`: in the idrott dialogue (spontanidrott-angered), an open,
anonymous survey with a conditional question (asked only of those who use the area in
the evening), answered by the demo residents through the same action as the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from tenant_apps.forms.build import build_form
from tenant_apps.forms.editor import save_question
from tenant_apps.proposals.demo import RESIDENTS
from tenant_apps.spaces.actions import add_component, set_component_published
from tenant_apps.spaces.models import Process
from tenant_apps.surveys.actions import answer_survey, get_survey, update_intro

PROCESS = "spontanidrott-angered"

# Each resident's answers: (when they come, what they do there, evening wish or "").
ANSWERS = [
    ("Kvällar", ["Fotboll", "Basket"], "Belysning till kl. 23"),
    ("Helger", ["Skateboard"], ""),
    ("Kvällar", ["Utegym"], "Fler bänkar och en vattenpost"),
    ("Dagtid", ["Fotboll"], ""),
]


def seed_tenant_surveys(admin: Any, account: Callable[..., Any]) -> int:
    """Add the demo survey if the demo process has none yet; return how many."""
    process = Process.objects.filter(slug=PROCESS).first()
    if process is None or process.components.filter(type="surveys").exists():
        return 0
    residents = [account(email, name) for email, name in RESIDENTS]
    with transaction.atomic():
        component = add_component(
            process, by=admin, type="surveys", name_sv="Enkät om platsen", name_en="Survey"
        )
        phase = process.phases.get(is_active=True)
        component.phase_settings = {str(phase.pk): {"answers_enabled": True}}
        component.save(update_fields=["phase_settings"])
        survey = get_survey(component)
        update_intro(
            admin,
            survey,
            intro_sv="Berätta hur du använder spontanidrottsplatsen. Det tar två minuter.",
            intro_en="Tell us how you use the street sports area. It takes two minutes.",
        )
        form = survey.form
        when = save_question(admin, form, None, {
            "type": "single_choice", "required": True,
            "text_sv": "När brukar du vara på platsen?", "text_en": "When are you there?",
            "options_sv": "Dagtid\nKvällar\nHelger", "options_en": "Daytime\nEvenings\nWeekends",
        })  # fmt: skip
        save_question(admin, form, None, {
            "type": "multiple_choice", "required": True, "max_choices": 2,
            "text_sv": "Vad gör du där? Välj högst två.",
            "text_en": "What do you do there? Choose at most two.",
            "options_sv": "Fotboll\nBasket\nSkateboard\nUtegym",
            "options_en": "Football\nBasketball\nSkateboarding\nOutdoor gym",
        })  # fmt: skip
        evenings = when.choices.get(label_sv="Kvällar")
        save_question(admin, form, None, {
            "type": "long_text", "required": True, "condition": evenings,
            "text_sv": "Vad skulle göra platsen bättre på kvällen?",
            "text_en": "What would make the place better in the evening?",
        })  # fmt: skip
        set_component_published(component, True, by=admin)
        questions = list(form.questions.order_by("position"))
        for resident, (moment, activities, wish) in zip(residents, ANSWERS, strict=False):
            data: dict[str, Any] = {
                questions[0].field_name: str(questions[0].choices.get(label_sv=moment).pk),
                questions[1].field_name: [
                    str(questions[1].choices.get(label_sv=label).pk) for label in activities
                ],
            }
            if wish:
                data[questions[2].field_name] = wish
            response_form = build_form(form, data)
            if response_form.is_valid():
                answer_survey(resident, survey, response_form)
    return 1
