"""News: a component of dated posts (what happened, what comes next)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick


class PostQuerySet(models.QuerySet["Post"]):
    def visible(self) -> PostQuerySet:
        """Posts whose publication time has come (later ones wait, scheduled)."""
        return self.filter(published_at__lte=timezone.now())

    def public(self) -> PostQuerySet:
        """Visible posts of published news components in published spaces."""
        return (
            self.visible()
            .filter(component__published=True, component__type="news")
            .filter(
                models.Q(component__process__published=True)
                | models.Q(component__assembly__published=True)
            )
        )


class Post(models.Model):
    component = models.ForeignKey(
        "spaces.Component", on_delete=models.CASCADE, related_name="posts"
    )
    title_sv = models.CharField(_("title in Swedish"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    # Safe HTML, cleaned by config.richtext before it is saved.
    body_sv = models.TextField(_("text in Swedish"))
    body_en = models.TextField(_("text in English"), blank=True)
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_("The post is shown from this time; a later time schedules it."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["component", "-published_at"])]

    def __str__(self) -> str:
        return self.title.text

    def get_absolute_url(self) -> str:
        return f"{self.component.get_absolute_url()}{self.pk}/"

    @property
    def title(self) -> Translated:
        return pick(self, "title")

    @property
    def body(self) -> Translated:
        return pick(self, "body")
