"""(Tenant host) What an action requires and how to get it; redeeming a voting code."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from config.throttle import client_ip, hit
from shared_apps.accounts.handoff import local_path
from shared_apps.identity.actions import VerificationRefused, record_refusal
from shared_apps.identity.handlers import get_handler
from shared_apps.identity.requirements import requirements_for, unmet_requirements
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import check_action, has_perm
from tenant_apps.verification.codes import redeem_code
from tenant_apps.verification.forms import RedeemCodeForm
from tenants.links import portal_url, sign_in_url

# Codes are long and random; these limits stop scripted guessing, and the per-IP limit
# leaves room for a library where many residents redeem codes on one network.
CODE_LIMITS = {"per_user": (10, 900), "per_ip": (100, 900)}


def _component_for_user(request: HttpRequest, component_id: int) -> Component:
    component = (
        Component.objects.select_related("process", "assembly").filter(pk=component_id).first()
    )
    if component is None or not has_perm(request.user, "spaces.view_component", component):
        raise Http404
    return component


def _verify_link(request: HttpRequest, handler_name: str, back: str) -> str:
    handler = get_handler(handler_name)
    if not handler.url_name:
        return ""
    query = urlencode({"next": back})
    if handler.on_portal:
        return portal_url(
            request, reverse(handler.url_name, urlconf="config.urls_public") + "?" + query
        )
    return reverse(handler.url_name) + "?" + query


@require_GET
def needed(request: HttpRequest, component_id: int, action: str) -> HttpResponse:
    """Explain what taking part requires, offer each way to verify, and send the resident
    back to what they were doing once everything is in place."""
    component = _component_for_user(request, component_id)
    if action not in component.component_type.actions:
        raise Http404
    target = local_path(request.GET.get("next") or component.get_absolute_url())
    answer = check_action(request.user, component, action)
    if answer.allowed:
        return HttpResponseRedirect(target)
    here = request.build_absolute_uri(request.get_full_path())
    requirements = requirements_for(component, action)
    unmet = set(unmet_requirements(request.user, component, requirements))
    rows: list[dict[str, Any]] = [
        {
            "requirement": requirement,
            "handler": get_handler(requirement.handler),
            "met": requirement not in unmet,
            "link": _verify_link(request, requirement.handler, here),
        }
        for requirement in requirements
    ]
    return render(
        request,
        "verification/needed.html",
        {
            "component": component,
            "space": component.space,
            "answer": answer,
            "rows": rows,
            "target": target,
            "sign_in": sign_in_url(request, request.get_full_path()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def redeem(request: HttpRequest) -> HttpResponse:
    """Use a voting code from a printed sheet."""
    form = RedeemCodeForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        throttled = hit("redeem-code", user_id=request.user.pk, ip=ip, **CODE_LIMITS)
        if throttled is not None:
            record_refusal(request.user, "voting_code", "throttled", ip=ip)  # type: ignore[arg-type]
            form.add_error(None, throttled.message)
        else:
            try:
                redeem_code(request.user, form.cleaned_data["code"], ip=ip)
            except VerificationRefused as refusal:
                form.add_error("code", refusal.message)
            else:
                messages.success(request, _("The code is accepted: you can take part now."))
                return HttpResponseRedirect(local_path(form.cleaned_data["next"] or "/"))
    return render(request, "verification/redeem.html", {"form": form})
