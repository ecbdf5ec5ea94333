"""The portal's alerts page: tick areas, topics and administrations to hear about."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shared_apps.alerts import actions
from shared_apps.alerts.forms import AlertsForm
from shared_apps.notifications.views import signed_in


@signed_in
@require_http_methods(["GET", "POST"])
def alert_settings(request: HttpRequest) -> HttpResponse:
    """Show and save the resident's alerts; a refused form keeps every tick."""
    if request.method == "POST":
        form = AlertsForm(request.POST)
        if form.is_valid():
            actions.set_subscriptions(
                request.user,
                areas=form.cleaned_data["areas"],
                categories=form.cleaned_data["categories"],
                tenants=form.cleaned_data["tenants"],
            )
            messages.success(request, _("Your alerts are saved."))
            return redirect("alerts:settings")
        status = 400
    else:
        chosen = actions.subscriptions_of(request.user)
        form = AlertsForm(initial=chosen)
        status = 200
    return render(request, "alerts/alert_settings.html", {"form": form}, status=status)


@signed_in
@require_POST
def stop_all(request: HttpRequest) -> HttpResponse:
    if actions.unsubscribe_all(request.user):
        messages.success(request, _("You get no alerts any more."))
    return redirect("alerts:settings")
