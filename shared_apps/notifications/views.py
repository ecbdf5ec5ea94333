"""The inbox and e-mail settings (on every host) and following (on tenant hosts)."""

from __future__ import annotations

from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shared_apps.accounts.models import User
from shared_apps.notifications import actions, followables
from shared_apps.notifications.access import get_follow_for_user, get_notification_for_user
from shared_apps.notifications.forms import EmailChoiceForm
from shared_apps.notifications.links import entry_url, safe_path
from shared_apps.notifications.models import Follow, Notification
from tenants.links import sign_in_url

PER_PAGE = 20


def signed_in(view: Any) -> Any:
    """Send visitors to sign in (through the portal's hand-off on tenant hosts) first."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            next_path = request.get_full_path() if request.method == "GET" else None
            return redirect(sign_in_url(request, next_path))
        return view(request, *args, **kwargs)

    return wrapper


def _tenant_or_404(request: HttpRequest) -> Any:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.is_public:
        raise Http404
    return tenant


@signed_in
@require_http_methods(["GET"])
def inbox(request: HttpRequest) -> HttpResponse:
    """List the resident's entries from every tenant, newest first, unread ones marked."""
    entries = Notification.objects.filter(user=cast(User, request.user)).select_related("tenant")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@signed_in
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = actions.mark_all_read(request.user)
    if count:
        messages.success(request, _("All entries are marked as read."))
    return redirect("notifications:inbox")


@signed_in
@require_http_methods(["GET", "POST"])
def open_entry(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the entry read and go to what it is about, on its tenant's host."""
    entry = get_notification_for_user(request, notification_id)
    actions.mark_read(entry)
    # The host comes from the tenant row, the path is reduced to a local path.
    return HttpResponseRedirect(entry_url(request, entry.tenant, entry.path))


@signed_in
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Choose how often to get e-mail; list what the resident follows."""
    if request.method == "POST":
        form = EmailChoiceForm(request.POST)
        if form.is_valid():
            actions.set_email_choice(request.user, form.cleaned_data["email"])
            messages.success(request, _("Your e-mail choice is saved."))
            return redirect("notifications:settings")
    else:
        form = EmailChoiceForm(initial={"email": actions.email_choice(request.user)})
    follows = Follow.objects.filter(user=cast(User, request.user)).select_related("tenant")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "follows": [(f, entry_url(request, f.tenant, f.path)) for f in follows]},
    )


@signed_in
@require_POST
def remove_follow(request: HttpRequest, follow_id: int) -> HttpResponse:
    record = get_follow_for_user(request, follow_id)
    actions.unfollow(request.user, record.key, tenant=record.tenant)
    messages.success(request, _("You no longer follow “%(title)s”.") % {"title": record.title})
    return redirect("notifications:settings")


@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """(Tenant hosts) Follow or stop following the thing `key` names, then go back."""
    tenant = _tenant_or_404(request)
    key = request.POST.get("key", "")
    thing = followables.resolve(request.user, key)
    if thing is None:
        raise Http404
    back = safe_path(request.POST.get("next") or thing.path)
    if not request.user.is_authenticated:
        return redirect(sign_in_url(request, back))
    if request.POST.get("follow") == "0":
        actions.unfollow(request.user, key, tenant=tenant)
        messages.success(request, _("You no longer follow this."))
    else:
        actions.follow(
            request.user,
            key,
            title_sv=thing.title_sv,
            title_en=thing.title_en,
            path=thing.path,
            tenant=tenant,
        )
        messages.success(
            request, _("You follow this now. New events show up in your notifications.")
        )
    return redirect(back)
