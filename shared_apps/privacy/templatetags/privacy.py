"""{% load privacy %}{{ post.author|participant_name }} — "Deleted participant" for None."""

from __future__ import annotations

from django import template

from shared_apps.privacy.display import participant_name as _participant_name

register = template.Library()
register.filter("participant_name", _participant_name)
