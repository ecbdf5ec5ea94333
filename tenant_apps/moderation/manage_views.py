"""The moderators' pages at /manage/moderation/: the queue, one item, blocked accounts
and the tenant's settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.usertext import render_user_text
from tenant_apps.moderation import actions
from tenant_apps.moderation.access import get_moderated_for_manage
from tenant_apps.moderation.forms import ReasonForm, SettingsForm
from tenant_apps.moderation.models import Block, ModerationSettings, Report
from tenant_apps.moderation.queue import QueueItem, load_items, open_items
from tenant_apps.spaces.forms import apply_errors
from tenant_apps.spaces.permissions import require

PER_PAGE = 20
BLOCKS_PER_PAGE = 50


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """List the items with open reports, most reported first."""
    require(request.user, "moderation.moderate")
    page = Paginator(open_items(), PER_PAGE).get_page(request.GET.get("page"))
    items = load_items(list(page.object_list))
    return render(
        request,
        "manage/moderation_queue.html",
        {"page": page, "items": items, "back": request.get_full_path()},
    )


@login_required
def item(request: HttpRequest, type_name: str, object_id: int) -> HttpResponse:
    """Show one item with its open reports, a link to where it is shown and the actions."""
    moderated_type, obj = get_moderated_for_manage(request, type_name, object_id)
    reports = Report.objects.filter(target_type=type_name, target_id=obj.pk)
    author_id = getattr(obj, "author_id", None)
    open_reports = list(reports.filter(resolved_at__isnull=True))
    for report in open_reports:
        report.details_html = render_user_text(report.details)  # type: ignore[attr-defined]
    entry = QueueItem(
        type_name,
        obj.pk,
        obj.reports_count,
        type=moderated_type,
        obj=obj,
        reports=open_reports,
        author_blocked=Block.objects.filter(user_id=author_id or 0).exists(),
    )
    return render(
        request,
        "manage/moderation_item.html",
        {
            "item": entry,
            "url": moderated_type.url(obj),
            "resolved": reports.filter(resolved_at__isnull=False).count(),
            "back": request.get_full_path(),
        },
    )


def _back(request: HttpRequest) -> str:
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return back
    return "/manage/moderation/"


@require_POST
@login_required
def item_action(request: HttpRequest, type_name: str, object_id: int) -> HttpResponse:
    """Hide (with a reason), unhide, dismiss the reports or block the author."""
    _type, obj = get_moderated_for_manage(request, type_name, object_id)
    action = request.POST.get("action", "")
    try:
        if action == "hide":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(list(form.errors["reason"]))
            actions.hide(request.user, type_name, obj, reason=form.cleaned_data["reason"])
            messages.success(request, _("The content is hidden."))
        elif action == "unhide":
            actions.unhide(request.user, type_name, obj)
            messages.success(request, _("The content is shown again."))
        elif action == "dismiss":
            actions.dismiss_reports(request.user, type_name, obj)
            messages.success(request, _("The reports are dismissed."))
        elif action == "block":
            if getattr(obj, "author", None) is None:
                raise Http404
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(list(form.errors["reason"]))
            actions.block_user(request.user, obj.author, reason=form.cleaned_data["reason"])
            messages.success(request, _("The author's account is blocked here."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(_back(request))


@login_required
def blocks(request: HttpRequest) -> HttpResponse:
    """List the accounts blocked in this tenant, newest first."""
    require(request.user, "moderation.moderate")
    listed = Block.objects.select_related("user", "blocked_by")
    page = Paginator(listed, BLOCKS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "manage/moderation_blocks.html", {"page": page})


@require_POST
@login_required
def unblock(request: HttpRequest, block_id: int) -> HttpResponse:
    require(request.user, "moderation.moderate")
    block = Block.objects.select_related("user").filter(pk=block_id).first()
    if block is None:
        raise Http404
    actions.unblock_user(request.user, block.user)
    messages.success(request, _("The account may take part again."))
    return redirect("manage:moderation_blocks")


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    """Let a tenant admin set how many reports hide content pending review."""
    require(request.user, "moderation.change_settings")
    form = SettingsForm(request.POST or None, instance=ModerationSettings.current())
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_settings(
                request.user, hide_after_reports=form.cleaned_data["hide_after_reports"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The moderation settings are saved."))
            return redirect("manage:moderation_settings")
    return render(
        request,
        "manage/form_page.html",
        {
            "form": form,
            "heading": _("Moderation settings"),
            "intro": _(
                "Residents report content that breaks the rules. Once enough different "
                "people have reported an item, it is hidden until a moderator decides."
            ),
            "submit": _("Save"),
        },
    )
