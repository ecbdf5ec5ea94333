"""(Portal) e-ID over OpenID Connect: the start of the flow and the provider's callback.

The start page explains what will be checked and, on POST, sends the resident to the
provider. Each flow's `state`, `nonce` and PKCE verifier live in the session, bound to the
signed-in account and the `next` URL; the callback spends them once, within
FLOW_SECONDS, whatever the outcome.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from config.throttle import client_ip, hit
from shared_apps.identity import oidc
from shared_apps.identity.actions import VerificationRefused, grant_verification, record_refusal
from shared_apps.identity.handlers import get_handler
from shared_apps.identity.next_url import safe_next

HANDLER = "eid"
SESSION_KEY = "identity_eid_flows"
# Long enough to sign in with BankID on a phone; short enough that a stolen state is stale.
FLOW_SECONDS = 600
# Flows started in other tabs stay usable, up to this many.
MAX_FLOWS = 5
# Starts per account and per address (wide: a library's residents share one address).
START_LIMITS = {"per_user": (10, 900), "per_ip": (200, 900)}

STALE = _("The e-ID check took too long or was already used. Please start again.")
CANCELLED = _("The e-ID check was cancelled, so you were not verified.")
PROVIDER_FAILED = _("The e-ID service could not complete the check, so you were not verified.")


def _safe_next(request: HttpRequest, value: str | None) -> str:
    return safe_next(request, value) or reverse("identity:list")


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("identity:eid_callback"))


def _enabled() -> None:
    if not get_handler(HANDLER).enabled:
        raise Http404


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Explain the check (GET); send the resident to the e-ID provider (POST)."""
    _enabled()
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "GET":
        return render(
            request,
            "identity/eid_start.html",
            {"next_url": next_url, "handler": get_handler(HANDLER)},
        )
    ip = client_ip(request)
    throttled = hit("verify-eid", user_id=request.user.pk, ip=ip, **START_LIMITS)
    if throttled is not None:
        record_refusal(request.user, HANDLER, "throttled", ip=ip)
        return _failed(request, throttled.message, next_url, status=429)
    flow = oidc.new_flow()
    try:
        url = oidc.authorization_url(
            flow, _redirect_uri(request), ui_locales=get_language() or settings.LANGUAGE_CODE
        )
    except oidc.EidError as error:
        record_refusal(request.user, HANDLER, error.reason, ip=client_ip(request))
        return _failed(request, error.message, next_url)
    flows: dict[str, dict[str, Any]] = request.session.get(SESSION_KEY, {})
    flows[flow.state] = {
        "nonce": flow.nonce,
        "verifier": flow.code_verifier,
        "next": next_url,
        "user": request.user.pk,
        "started": time.time(),
    }
    newest = sorted(flows.items(), key=lambda item: item[1]["started"])[-MAX_FLOWS:]
    request.session[SESSION_KEY] = dict(newest)
    return HttpResponseRedirect(url)


def _take_flow(request: HttpRequest, state: str) -> dict[str, Any] | None:
    """Remove and return the session's flow for `state` (single use), dropping stale ones."""
    flows: dict[str, dict[str, Any]] = request.session.get(SESSION_KEY, {})
    flow = flows.pop(state, None) if state else None
    now = time.time()
    request.session[SESSION_KEY] = {
        key: value for key, value in flows.items() if now - value["started"] < FLOW_SECONDS
    }
    return flow


def _failed(request: HttpRequest, message: Any, next_url: str, status: int = 400) -> HttpResponse:
    return render(
        request,
        "identity/eid_failed.html",
        {"message": message, "next_url": next_url},
        status=status,
    )


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Check the provider's answer and record the verification, or say why not."""
    _enabled()
    if not request.user.is_authenticated:
        # A flow is tied to a signed-in session; without one there is nothing to finish.
        record_refusal(None, HANDLER, "not_signed_in", ip=client_ip(request))
        return redirect_to_login(reverse("identity:eid_start"))
    user = request.user
    ip = client_ip(request)
    flow = _take_flow(request, request.GET.get("state", ""))
    if flow is None or flow["user"] != user.pk:
        reason = "missing_state" if not request.GET.get("state") else "state_mismatch"
        record_refusal(user, HANDLER, reason, ip=ip)
        return _failed(request, STALE, reverse("identity:list"))
    next_url = flow["next"]
    if time.time() - flow["started"] >= FLOW_SECONDS:
        record_refusal(user, HANDLER, "flow_expired", ip=ip)
        return _failed(request, STALE, next_url)
    error = request.GET.get("error")
    if error:
        reason = "access_denied" if error == "access_denied" else "provider_error"
        record_refusal(user, HANDLER, reason, ip=ip)
        return _failed(
            request, CANCELLED if error == "access_denied" else PROVIDER_FAILED, next_url
        )
    # RFC 9207: a provider that names itself in the response must be the one we asked.
    issuer = request.GET.get("iss")
    code = request.GET.get("code")
    try:
        if issuer is not None and issuer.rstrip("/") != settings.EID_OIDC_ISSUER:
            raise oidc.EidError("wrong_issuer")
        if not code:
            raise oidc.EidError("missing_code")
        id_token = oidc.exchange_code(code, _redirect_uri(request), flow["verifier"])
        claims = oidc.validate_id_token(id_token, nonce=flow["nonce"])
        person = oidc.person_from_claims(claims)
    except oidc.EidError as refused:
        record_refusal(user, HANDLER, refused.reason, ip=ip)
        return _failed(request, refused.message, next_url)
    try:
        grant_verification(
            user,
            HANDLER,
            identifier=("se-pnr", person.personal_number),
            attributes=person.attributes,
            evidence="OpenID Connect",
            ip=ip,
        )
    except VerificationRefused as refusal:
        # grant_verification has logged the attempt and, for a taken identity, the conflict.
        return render(
            request,
            "identity/eid_refused.html",
            {"message": refusal.message, "next_url": next_url},
            status=409,
        )
    messages.success(request, _("You are now verified with e-ID."))
    return HttpResponseRedirect(next_url)
