"""Surveys' actions: create one with its component, change its introduction, answer it.

Answering is one transaction (tenant_apps.forms.saving.save_response): the response, its
answers and files, the survey's frozen rules, the participant row, the action log (no
content) and the resident's participation row commit together or not at all.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.actionlog.actions import log_action
from tenant_apps.forms.build import ResponseForm
from tenant_apps.forms.keys import NoVerifiedIdentity, respondent_key
from tenant_apps.forms.models import Form, Response
from tenant_apps.forms.saving import AlreadyAnswered, save_response, submitted_time
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import check_action
from tenant_apps.surveys import participation as participation_index
from tenant_apps.surveys.component import ONE_PER_PERSON
from tenant_apps.surveys.models import Participant, Survey
from tenant_apps.surveys.search import reindex_survey


class SurveyRefused(Exception):
    """An answer the resident may not give now; the message says why."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def create_survey(component: Component) -> Survey:
    """Give a new surveys component its survey and empty form (in its creating transaction)."""
    return Survey.objects.create(component=component, form=Form.objects.create())


def get_survey(component: Component) -> Survey:
    """Return the component's survey, making it if an older component lacks one."""
    survey = Survey.objects.select_related("form").filter(component=component).first()
    if survey is None:
        with transaction.atomic():
            survey = create_survey(component)
    survey.component = component
    return survey


def rules(survey: Survey, settings: dict[str, Any] | None = None) -> tuple[bool, str]:
    """Return (anonymous, one_per) as they apply now: frozen by the first answer, else
    the component's settings."""
    if survey.frozen_one_per:
        return bool(survey.frozen_anonymous), survey.frozen_one_per
    values = settings if settings is not None else survey.component.current_settings()
    return bool(values["anonymous"]), str(values["one_per"])


def update_intro(actor: Any, survey: Survey, *, intro_sv: str, intro_en: str) -> None:
    with transaction.atomic():
        survey.intro_sv, survey.intro_en = intro_sv.strip(), intro_en.strip()
        survey.save(update_fields=["intro_sv", "intro_en", "modified"])
        log_action(
            actor, "surveys.intro_changed", target=survey.component.space.slug, survey=survey.pk
        )
        reindex_survey(survey)


def key_for(survey: Survey, user: Any, one_per: str) -> str:
    """Return the user's respondent key for the survey (raises NoVerifiedIdentity)."""
    return respondent_key(survey.form, user, per_person=one_per == ONE_PER_PERSON)


def has_answered(survey: Survey, user: Any, one_per: str) -> bool:
    """Return whether this account, or the verified person behind it, has answered."""
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        key = key_for(survey, user, one_per)
    except NoVerifiedIdentity:
        return False
    return Response.objects.filter(form_id=survey.form_id, respondent_key=key).exists()


def own_response(survey: Survey, user: Any) -> Response | None:
    """Return the user's linked response (anonymous ones are never looked up)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Response.objects.filter(form_id=survey.form_id, user=user, anonymous=False).first()


def answer_survey(user: Any, survey: Survey, response_form: ResponseForm) -> Response:
    """Store a resident's valid answers; raise SurveyRefused saying why when refused."""
    component = survey.component
    settings = component.current_settings()
    allowed = check_action(user, component, "answer", settings=settings)
    if not allowed:
        raise SurveyRefused(allowed.reason)
    anonymous, one_per = rules(survey, settings)
    try:
        key = key_for(survey, user, one_per)
    except NoVerifiedIdentity:
        raise SurveyRefused(
            _("Only verified persons can answer this survey. Verify your identity first.")
        ) from None

    def then(response: Response) -> None:
        # The first answer fixes what residents were told: anonymous or linked, and how
        # "once" is counted. A conditional UPDATE, so parallel first answers agree.
        Survey.objects.filter(pk=survey.pk, frozen_one_per="").update(
            frozen_anonymous=anonymous, frozen_one_per=one_per
        )
        frozen = Survey.objects.filter(pk=survey.pk).values_list(
            "frozen_anonymous", "frozen_one_per"
        )[0]
        if frozen != (anonymous, one_per):
            raise SurveyRefused(_("The survey's rules changed just now; please send it again."))
        day = timezone.localdate()
        Participant.objects.bulk_create(
            [Participant(survey=survey, user=user, answered_on=day)], ignore_conflicts=True
        )
        log_action(
            user,
            "surveys.answered",
            target=component.space.slug,
            survey=survey.pk,
            anonymous=anonymous,
        )
        participation_index.answered(user, survey, submitted_time(True))

    try:
        return save_response(
            survey.form,
            response_form.answers,
            user=user,
            anonymous=anonymous,
            respondent_key=key,
            then=then,
        )
    except AlreadyAnswered:
        raise SurveyRefused(_("You have already answered this survey. Thank you!")) from None
