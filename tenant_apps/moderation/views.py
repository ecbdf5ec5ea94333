"""The report page residents reach from the "Report" link next to content."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.throttle import client_ip
from tenant_apps.moderation import actions
from tenant_apps.moderation.access import get_moderated_for_user
from tenant_apps.moderation.forms import ReportForm
from tenant_apps.moderation.models import ModerationSettings
from tenant_apps.spaces.forms import apply_errors


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, type_name: str, object_id: int) -> HttpResponse:
    """Show the report form; on POST report the item and go back to it."""
    moderated_type, obj = get_moderated_for_user(request, type_name, object_id)
    back = moderated_type.url(obj)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report(
                request.user,
                type_name,
                obj,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            # The form keeps what was typed; the reason for the refusal shows above it.
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. The moderators will look at your report."))
            return redirect(back)
    return render(
        request,
        "moderation/report_form.html",
        {
            "form": form,
            "type": moderated_type,
            "object": obj,
            "title": moderated_type.title(obj),
            "back": back,
            "threshold": ModerationSettings.current().hide_after_reports,
        },
    )
