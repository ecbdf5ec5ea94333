"""Surveys: one questionnaire per surveys component, answered once per resident.

The questions and answers live in the forms engine (tenant_apps.forms); a Survey adds the
introduction, the rules frozen by the first answer, and `Participant`, the list of who
answered (for "my participation"), kept apart from the answers: nothing joins a
participant to a response, so an anonymous answer stays unlinked (docs/adr/0019).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick
from tenant_apps.forms.models import Form


class Survey(models.Model):
    component = models.OneToOneField(
        "spaces.Component", on_delete=models.CASCADE, related_name="survey"
    )
    form = models.OneToOneField(Form, on_delete=models.PROTECT, related_name="survey")
    intro_sv = models.TextField(_("introduction in Swedish"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)
    # Copied from the component's settings by the first answer: what residents were told
    # (anonymous or linked) and how "once" is counted cannot change under their answers.
    frozen_anonymous = models.BooleanField(null=True, blank=True)
    frozen_one_per = models.CharField(max_length=10, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"survey of component {self.component_id}"

    @property
    def intro(self) -> Translated:
        return pick(self, "intro")

    @property
    def follow_key(self) -> str:
        return f"survey:{self.pk}"


class Participant(models.Model):
    """Someone answered the survey; when to the day only. Never linked to the answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_participant_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} answered {self.survey_id}"
