"""Account views: the sign-in hand-off between hosts, sign-out on tenant hosts,
language choice and the resident's profile."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shared_apps.accounts.forms import ProfileForm
from shared_apps.accounts.handoff import (
    consume_handoff,
    issue_handoff,
    local_path,
    tenant_host_of,
)
from shared_apps.accounts.middleware import CHECKED_COOKIE
from shared_apps.accounts.models import Membership, User
from tenants.links import host_url, sign_in_url


@require_GET
def handoff_start(request: HttpRequest) -> HttpResponse:
    """(Portal) Send the visitor back to a tenant host, signed in if they are here."""
    next_url = request.GET.get("next", "")
    host = tenant_host_of(request, next_url)
    if host is None:
        return render(request, "accounts/handoff_invalid.html", status=400)
    path = local_path(next_url)
    if request.user.is_authenticated:
        token = issue_handoff(request, host)
        query = urlencode({"token": token, "next": path})
        return HttpResponseRedirect(host_url(request, host, f"/sign-in/accept/?{query}"))
    if request.GET.get("passive") == "1":
        query = urlencode({"anonymous": "1", "next": path})
        return HttpResponseRedirect(host_url(request, host, f"/sign-in/accept/?{query}"))
    login = settings.LOGIN_URL + "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(login)


@require_GET
def handoff_accept(request: HttpRequest) -> HttpResponse:
    """(Tenant host) Join the portal's session with a one-time token, then go on."""
    next_path = local_path(request.GET.get("next"))
    if request.GET.get("anonymous") == "1":
        response = HttpResponseRedirect(next_path)
    else:
        session_key = consume_handoff(
            request.GET.get("token", ""), request.get_host().split(":")[0]
        )
        if session_key is None:
            return render(
                request,
                "accounts/handoff_expired.html",
                {"sign_in_url": sign_in_url(request, next_path)},
                status=400,
            )
        response = HttpResponseRedirect(next_path)
        response.set_cookie(
            settings.SESSION_COOKIE_NAME,
            session_key,
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    response.set_cookie(CHECKED_COOKIE, "1", samesite="Lax", httponly=True)
    return response


@require_GET
def tenant_login(request: HttpRequest) -> HttpResponse:
    """(Tenant host) Sign-in lives on the portal: go there and come back to `next`."""
    return HttpResponseRedirect(sign_in_url(request, local_path(request.GET.get("next"))))


@require_http_methods(["GET", "POST"])
def tenant_logout(request: HttpRequest) -> HttpResponse:
    """(Tenant host) Sign out of the shared session, i.e. on every host at once."""
    if request.method == "POST":
        logout(request)
        messages.success(request, _("You have signed out."))
        response = redirect("/")
        response.set_cookie(CHECKED_COOKIE, "1", samesite="Lax", httponly=True)
        return response
    return render(request, "accounts/logout_tenant.html")


def remember_language(response: HttpResponse, language: str) -> None:
    """Switch this request to `language` and keep it for the browser on this host."""
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language for this browser, and remember it on the account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("That language is not available."))
        return response
    remember_language(response, language)
    if request.user.is_authenticated and request.user.preferred_language != language:
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language", "modified"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """(Portal) Show and edit the resident's display name and language."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        response = redirect("accounts:profile")
        remember_language(response, form.instance.preferred_language)
        messages.success(request, _("Your profile was saved."))
        return response
    memberships = (
        Membership.objects.filter(user=cast(User, request.user))
        .select_related("tenant")
        .order_by("tenant__name_sv")
    )
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})
