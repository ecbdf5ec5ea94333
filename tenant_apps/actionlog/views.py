"""The action log page: every admin action, who, what, when, before and after."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from config.query_params import DOTTED_NAME, matching_param
from tenant_apps.actionlog.models import Action
from tenant_apps.spaces.permissions import require

PER_PAGE = 50


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    """Show the log, newest first; it is read-only here and in the database."""
    require(request.user, "actionlog.view_action")
    actions = Action.objects.select_related("actor")
    verb = matching_param(request, "verb", DOTTED_NAME)
    if verb:
        actions = actions.filter(verb__startswith=verb)
    page = Paginator(actions, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({"verb": verb}) if verb else ""
    return render(request, "manage/action_list.html", {"page": page, "verb": verb, "query": query})
