"""Answered surveys in residents' participation index (shared_apps.participation).

The row says that the resident answered and on which day, never what: it is written from
`Participant`, which is not linked to the response.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

from django.utils import timezone

from shared_apps.participation import actions
from shared_apps.participation.kinds import Kind, Row, registry
from tenant_apps.surveys.models import Participant, Survey

KIND = "survey_answer"


def _titles(survey: Survey) -> tuple[str, str]:
    component = survey.component
    return component.name_sv, component.name_en or component.name_sv


def answered(user: Any, survey: Survey, when: datetime) -> None:
    """Note the resident's answer; call inside the answering transaction."""
    title_sv, title_en = _titles(survey)
    actions.record(
        user,
        KIND,
        survey.follow_key,
        title_sv=title_sv,
        title_en=title_en,
        path=survey.component.get_absolute_url(),
        when=when,
    )


def _rows() -> Iterator[Row]:
    participants = Participant.objects.filter(user__isnull=False).select_related(
        "survey__component__process", "survey__component__assembly"
    )
    for participant in participants.iterator(chunk_size=2000):
        assert participant.user_id is not None
        survey = participant.survey
        title_sv, title_en = _titles(survey)
        yield Row(
            user_id=participant.user_id,
            key=survey.follow_key,
            title_sv=title_sv,
            title_en=title_en,
            path=survey.component.get_absolute_url(),
            created=timezone.make_aware(datetime.combine(participant.answered_on, time())),
        )


def register_all() -> None:
    from django.utils.translation import gettext_lazy as _

    registry.register(Kind(KIND, _("Surveys you answered"), position=45, rows=_rows))
