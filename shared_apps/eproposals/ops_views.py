"""The city officers' e-proposal pages on the portal host, under /ops/e-proposals/.

Every view starts with `officer_only` (404 on tenant hosts and for everyone but the city's
officers); /ops/ itself asks staff for two-factor authentication. State changes go through
shared_apps.eproposals.actions and .comments; a refused step re-renders the page with the
action's message and the officer's input kept, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.models import Membership, User
from shared_apps.eproposals import actions, comments
from shared_apps.eproposals.access import get_officer_eproposal, officer_only
from shared_apps.eproposals.errors import EProposalRefused, refusal_message
from shared_apps.eproposals.models import (
    AnswerDeadline,
    Comment,
    CommentReport,
    EProposal,
    EProposalSettings,
    RoutingRule,
)
from shared_apps.eproposals.staff_forms import (
    AnswerDeadlineForm,
    DeclineForm,
    HideCommentForm,
    OfficerForm,
    PublishForm,
    RouteForm,
    RoutingRuleForm,
    SettingsForm,
)
from tenants import audit
from tenants.actions import ensure_public_tenant

S = EProposal.Status
# Each section of the queue shows at most this many rows (oldest first) and says how many
# there are in all, so the page costs the same however long the queue grows.
SECTION_LIMIT = 50


@officer_only
def queue(request: HttpRequest) -> HttpResponse:
    listed = EProposal.objects.select_related("area", "category", "tenant").order_by(
        "created", "pk"
    )
    pending = listed.filter(status=S.PENDING)
    routing = listed.filter(
        Q(status=S.FORWARDED, tenant__isnull=True) | Q(status=S.OPEN, tenant__isnull=True)
    ).order_by("-status", "created", "pk")  # over the threshold ("forwarded") first
    overdue = listed.filter(pk__in=EProposal.objects.overdue().values("pk")).order_by(
        "answer_due", "pk"
    )
    reported = Comment.objects.filter(
        pk__in=CommentReport.objects.filter(resolved_at__isnull=True).values("comment_id")
    )
    reports = (
        reported.select_related("eproposal", "author")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=CommentReport.objects.filter(resolved_at__isnull=True).order_by("pk"),
                to_attr="unresolved",
            )
        )
        .order_by("created", "pk")
    )
    counts = EProposal.objects.aggregate(
        pending=Count("pk", filter=Q(status=S.PENDING)),
        routing=Count(
            "pk",
            filter=Q(status__in=(S.FORWARDED, S.OPEN), tenant__isnull=True),
        ),
    )
    return render(
        request,
        "eproposals/ops_queue.html",
        {
            "pending": pending[:SECTION_LIMIT],
            "routing": routing[:SECTION_LIMIT],
            "overdue": overdue[:SECTION_LIMIT],
            "reported": reports[:SECTION_LIMIT],
            "pending_count": counts["pending"],
            "routing_count": counts["routing"],
            "overdue_count": EProposal.objects.overdue().count(),
            "reported_count": reported.count(),
            "limit": SECTION_LIMIT,
            "hide_form": HideCommentForm(),
        },
    )


def _review(
    request: HttpRequest, eproposal: EProposal, *, status: int = 200, **forms: Any
) -> HttpResponse:
    suggestion = actions.suggested_tenant(eproposal)
    can_route = eproposal.status in (S.PENDING, S.OPEN, *EProposal.AWAITING_ANSWER)
    context: dict[str, Any] = {
        "eproposal": eproposal,
        "images": list(eproposal.images.all()),
        "history": list(eproposal.events.select_related("tenant")),
        "comments": list(
            eproposal.comments.select_related("author").annotate(
                open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
            )
        ),
        "author": eproposal.author,
        "suggestion": suggestion,
        "awaiting_answer": eproposal.status in EProposal.AWAITING_ANSWER,
        "publish_form": None,
        "decline_form": None,
        "route_form": None,
        "hide_form": forms.get("hide_form") or HideCommentForm(),
        "hide_comment": forms.get("hide_comment"),
    }
    if eproposal.status == S.PENDING:
        context["publish_form"] = forms.get("publish_form") or PublishForm(suggestion=suggestion)
        context["decline_form"] = forms.get("decline_form") or DeclineForm()
    if can_route:
        context["route_form"] = forms.get("route_form") or RouteForm(
            initial={"tenant": None if eproposal.tenant_id else getattr(suggestion, "pk", None)}
        )
    return render(request, "eproposals/ops_review.html", context, status=status)


@officer_only
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, _eproposal(pk))


def _eproposal(pk: int) -> EProposal:
    eproposal = get_officer_eproposal(pk)
    # The proposer's e-mail is for contact: only officers see it, here.
    eproposal.author = (
        User.objects.filter(pk=eproposal.author_id).first() if eproposal.author_id else None
    )
    return eproposal


@officer_only
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    eproposal = _eproposal(pk)
    form = PublishForm(request.POST, suggestion=actions.suggested_tenant(eproposal))
    if form.is_valid():
        try:
            actions.publish(request.user, eproposal, tenant=form.cleaned_data["tenant"])
        except (EProposalRefused, ValidationError) as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, _("The e-proposal is published and open for support."))
            return redirect("eproposals_ops:review", pk=pk)
    return _review(request, eproposal, status=400, publish_form=form)


@officer_only
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    eproposal = _eproposal(pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            actions.decline(
                request.user,
                eproposal,
                rule=form.cleaned_data["rule"],
                text=form.cleaned_data["text"],
            )
        except (EProposalRefused, ValidationError) as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, _("The e-proposal is not published; the proposer is told."))
            return redirect("eproposals_ops:review", pk=pk)
    return _review(request, eproposal, status=400, decline_form=form)


@officer_only
@require_POST
def route(request: HttpRequest, pk: int) -> HttpResponse:
    eproposal = _eproposal(pk)
    form = RouteForm(request.POST)
    if form.is_valid():
        try:
            actions.route(
                request.user,
                eproposal,
                form.cleaned_data["tenant"],
                reason=form.cleaned_data["reason"],
            )
        except (EProposalRefused, ValidationError) as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(
                request,
                _("The e-proposal is routed to %(name)s.")
                % {"name": form.cleaned_data["tenant"].name},
            )
            return redirect("eproposals_ops:review", pk=pk)
    return _review(request, eproposal, status=400, route_form=form)


def _comment(pk: int) -> Comment:
    comment = Comment.objects.select_related("eproposal").filter(pk=pk).first()
    if comment is None:
        raise Http404
    return comment


def _back(request: HttpRequest, comment: Comment) -> HttpResponse:
    if request.POST.get("next") == "queue":
        return redirect("eproposals_ops:queue")
    return redirect("eproposals_ops:review", pk=comment.eproposal_id)


@officer_only
@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(pk)
    form = HideCommentForm(request.POST)
    if form.is_valid():
        try:
            comments.hide_comment(request.user, comment, reason=form.cleaned_data["reason"])
        except EProposalRefused as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, _("The comment is hidden."))
            return _back(request, comment)
    return _review(
        request, _eproposal(comment.eproposal_id), status=400, hide_form=form, hide_comment=pk
    )


@officer_only
@require_POST
def comment_restore(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(pk)
    comments.restore_comment(request.user, comment)
    messages.success(request, _("The comment is shown and its reports are closed."))
    return _back(request, comment)


# --- settings ----------------------------------------------------------------------------


def _settings_page(request: HttpRequest, *, status: int = 200, **forms: Any) -> HttpResponse:
    config = EProposalSettings.current()
    return render(
        request,
        "eproposals/ops_settings.html",
        {
            "settings_form": forms.get("settings_form") or SettingsForm(instance=config),
            "rule_form": forms.get("rule_form") or RoutingRuleForm(),
            "deadline_form": forms.get("deadline_form") or AnswerDeadlineForm(),
            "rules": RoutingRule.objects.select_related("area", "category", "tenant").order_by(
                "tenant__name_sv", "pk"
            ),
            "deadlines": AnswerDeadline.objects.select_related("tenant").order_by(
                "tenant__name_sv"
            ),
            "config": config,
        },
        status=status,
    )


@officer_only
def settings_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _settings_page(request)
    config = EProposalSettings.current()
    names = list(SettingsForm.Meta.fields)
    before = {name: getattr(config, name) for name in names}
    form = SettingsForm(request.POST, instance=config)
    if not form.is_valid():
        return _settings_page(request, status=400, settings_form=form)
    with transaction.atomic():
        form.save()
        changed = {
            name: [before[name], getattr(config, name)]
            for name in names
            if before[name] != getattr(config, name)
        }
        if changed:
            audit.record("eproposals.settings_changed", by=request.user, changes=changed)
    messages.success(request, _("The settings are saved."))
    return redirect("eproposals_ops:settings")


@officer_only
@require_POST
def rule_add(request: HttpRequest) -> HttpResponse:
    form = RoutingRuleForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, status=400, rule_form=form)
    with transaction.atomic():
        rule = form.save()
        audit.record(
            "eproposals.rule_added",
            by=request.user,
            tenant=rule.tenant,
            area=rule.area.slug if rule.area else "",
            category=rule.category.slug if rule.category else "",
        )
    messages.success(request, _("The routing rule is added."))
    return redirect("eproposals_ops:settings")


@officer_only
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = RoutingRule.objects.select_related("area", "category", "tenant").filter(pk=pk).first()
    if rule is None:
        raise Http404
    with transaction.atomic():
        audit.record(
            "eproposals.rule_deleted",
            by=request.user,
            tenant=rule.tenant,
            area=rule.area.slug if rule.area else "",
            category=rule.category.slug if rule.category else "",
        )
        rule.delete()
    messages.success(request, _("The routing rule is deleted."))
    return redirect("eproposals_ops:settings")


@officer_only
@require_POST
def deadline_set(request: HttpRequest) -> HttpResponse:
    form = AnswerDeadlineForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, status=400, deadline_form=form)
    with transaction.atomic():
        row = form.save()
        audit.record("eproposals.deadline_set", by=request.user, tenant=row.tenant, days=row.days)
    messages.success(request, _("The days to answer are saved."))
    return redirect("eproposals_ops:settings")


@officer_only
@require_POST
def deadline_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = AnswerDeadline.objects.select_related("tenant").filter(pk=pk).first()
    if row is None:
        raise Http404
    with transaction.atomic():
        audit.record("eproposals.deadline_removed", by=request.user, tenant=row.tenant)
        row.delete()
    messages.success(
        request, _("%(name)s now has the city's days to answer.") % {"name": row.tenant.name}
    )
    return redirect("eproposals_ops:settings")


# --- officers -----------------------------------------------------------------------------


def _operator_only(request: HttpRequest) -> None:
    """Only platform operators appoint officers (an officer cannot appoint another)."""
    if not (request.user.is_staff or request.user.is_superuser):
        raise Http404


def _officers_page(
    request: HttpRequest, form: OfficerForm | None = None, *, status: int = 200
) -> HttpResponse:
    memberships = (
        Membership.objects.filter(
            tenant=ensure_public_tenant(),
            role__in=(Membership.Role.ADMIN, Membership.Role.MODERATOR),
        )
        .select_related("user")
        .order_by("user__email", "role")
    )
    return render(
        request,
        "eproposals/ops_officers.html",
        {"memberships": memberships, "form": form or OfficerForm()},
        status=status,
    )


@officer_only
def officers(request: HttpRequest) -> HttpResponse:
    _operator_only(request)
    if request.method != "POST":
        return _officers_page(request)
    form = OfficerForm(request.POST)
    if form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            form.add_error("email", _("There is no account with this e-mail address."))
        else:
            with transaction.atomic():
                _membership, created = Membership.objects.get_or_create(
                    user=user, tenant=ensure_public_tenant(), role=Membership.Role.MODERATOR
                )
                if created:
                    audit.record("eproposals.officer_granted", by=request.user, user=user.email)
            user.forget_roles()
            if created:
                messages.success(
                    request, _("%(email)s is now an e-proposal officer.") % {"email": user.email}
                )
            else:
                messages.info(
                    request,
                    _("%(email)s is already an e-proposal officer.") % {"email": user.email},
                )
            return redirect("eproposals_ops:officers")
    return _officers_page(request, form, status=400)


@officer_only
@require_POST
def officer_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _operator_only(request)
    membership = (
        Membership.objects.filter(
            pk=pk,
            tenant=ensure_public_tenant(),
            role__in=(Membership.Role.ADMIN, Membership.Role.MODERATOR),
        )
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404
    user = membership.user
    with transaction.atomic():
        audit.record(
            "eproposals.officer_revoked", by=request.user, user=user.email, role=membership.role
        )
        membership.delete()
    user.forget_roles()
    messages.success(
        request, _("%(email)s is no longer an e-proposal officer.") % {"email": user.email}
    )
    return redirect("eproposals_ops:officers")
