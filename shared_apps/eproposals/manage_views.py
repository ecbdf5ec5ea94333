"""The responsible tenant's e-proposal pages, on its own host under /manage/e-proposals/.

Admins and process admins of the tenant (access.can_answer) see the e-proposals routed to
it over the threshold and record the handling: received, under investigation, the
decision (or "not our responsibility", back to the city), a follow-up in one of the
tenant's processes or budget projects, and "carried out". Everyone else gets 404, on
this host and on every other. State changes go through shared_apps.eproposals.handling.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.eproposals import handling
from shared_apps.eproposals.access import can_answer, get_tenant_eproposal
from shared_apps.eproposals.errors import EProposalRefused, refusal_message
from shared_apps.eproposals.models import EProposal, FollowUp
from shared_apps.eproposals.staff_forms import DecisionForm, FollowUpForm
from tenants.links import portal_url

S = EProposal.Status
# Decided e-proposals shown on the queue (newest first); the count says how many in all.
DECIDED_LIMIT = 50


def _require_answerer(request: HttpRequest) -> Any:
    tenant = getattr(request, "tenant", None)
    if not can_answer(request.user, tenant):
        raise Http404
    return tenant


def queue(request: HttpRequest) -> HttpResponse:
    tenant = _require_answerer(request)
    listed = EProposal.objects.in_queue_of(tenant).select_related("area", "category")
    counts = listed.aggregate(
        forwarded=Count("pk", filter=Q(status=S.FORWARDED)),
        handling=Count("pk", filter=Q(status__in=(S.RECEIVED, S.INVESTIGATING))),
        decided=Count("pk", filter=Q(status=S.DECIDED)),
    )
    return render(
        request,
        "eproposals/manage_queue.html",
        {
            # Everything awaiting an answer is listed: it is what the tenant must do.
            "to_receive": listed.filter(status=S.FORWARDED).order_by("answer_due", "pk"),
            "in_progress": listed.filter(status__in=(S.RECEIVED, S.INVESTIGATING)).order_by(
                "answer_due", "pk"
            ),
            "decided": listed.filter(status=S.DECIDED).order_by("-decided_at", "-pk")[
                :DECIDED_LIMIT
            ],
            "counts": counts,
            "limit": DECIDED_LIMIT,
            "today": timezone.localdate(),
        },
    )


# --- follow-up targets: the tenant's own processes, assemblies and delivered projects ---


def _follow_up_targets() -> dict[str, dict[str, Any]]:
    """Return what a decided e-proposal can be carried on in, keyed "<kind>-<pk>", read
    in this tenant's schema (the request's), with the title and public path to copy."""
    from tenant_apps.budgets.delivery import DELIVERY_STATUSES, delivery_path
    from tenant_apps.budgets.models import Project
    from tenant_apps.spaces.models import Assembly, Process

    english = (get_language() or "sv").startswith("en")
    targets: dict[str, dict[str, Any]] = {}
    spaces = ((Process, FollowUp.Kind.PROCESS), (Assembly, FollowUp.Kind.ASSEMBLY))
    for model, key in spaces:
        for space in model.objects.filter(published=True).order_by("title_sv"):
            targets[f"{key}-{space.pk}"] = {
                "kind": key,
                "object_id": space.pk,
                "title_sv": space.title_sv,
                "title_en": space.title_en,
                "path": space.get_absolute_url(),
                "status": "",
                "label": str(space.title),
            }
    projects = (
        Project.objects.filter(status__in=DELIVERY_STATUSES, budget__component__published=True)
        .select_related("budget__component__process", "budget__component__assembly")
        .order_by("title_sv", "pk")
    )
    for project in projects:
        targets[f"project-{project.pk}"] = {
            "kind": FollowUp.Kind.PROJECT,
            "object_id": project.pk,
            "title_sv": project.title_sv,
            "title_en": project.title_en,
            "path": delivery_path(project),
            "status": project.status,
            "label": _("Project: %(title)s (%(status)s)")
            % {
                "title": (english and project.title_en) or project.title_sv,
                "status": project.get_status_display().lower(),
            },
        }
    return targets


def _follow_up_form(data: Any = None) -> tuple[FollowUpForm, dict[str, dict[str, Any]]]:
    targets = _follow_up_targets()
    choices = [(key, target["label"]) for key, target in targets.items()]
    return FollowUpForm(data, choices=choices), targets


def _project_status(value: str) -> str:
    from tenant_apps.budgets.models import Project

    return str(Project.Status(value).label) if value in Project.Status.values else value


def _detail(
    request: HttpRequest, eproposal: EProposal, *, status: int = 200, **forms: Any
) -> HttpResponse:
    decided = eproposal.status == S.DECIDED
    can_follow = decided and eproposal.decision != EProposal.Decision.REJECTED
    context: dict[str, Any] = {
        "eproposal": eproposal,
        "images": list(eproposal.images.all()),
        "history": list(eproposal.events.select_related("tenant")),
        "follow_ups": [(item, _project_status(item.status)) for item in eproposal.follow_ups.all()],
        "public_url": portal_url(request, eproposal.get_absolute_url()),
        "can_receive": eproposal.status == S.FORWARDED,
        "can_investigate": eproposal.status in (S.FORWARDED, S.RECEIVED),
        "decision_form": None,
        "follow_up_form": None,
        "can_carry_out": can_follow and eproposal.carried_out_at is None,
    }
    if eproposal.status in EProposal.AWAITING_ANSWER:
        context["decision_form"] = forms.get("decision_form") or DecisionForm()
    if can_follow:
        context["follow_up_form"] = forms.get("follow_up_form") or _follow_up_form()[0]
    return render(request, "eproposals/manage_detail.html", context, status=status)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_tenant_eproposal(request.user, request.tenant, pk))  # type: ignore[attr-defined]


def _step(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    eproposal = get_tenant_eproposal(request.user, request.tenant, pk)  # type: ignore[attr-defined]
    try:
        step(request.user, eproposal)
    except EProposalRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("eproposals_manage:detail", pk=pk)


@require_POST
def receive(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, handling.receive, _("Marked as received; the proposer is told."))


@require_POST
def investigate(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, handling.investigate, _("Marked as under investigation; the proposer is told.")
    )


@require_POST
def carried_out(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, handling.mark_carried_out, _("Marked as carried out; the proposer is told.")
    )


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    eproposal = get_tenant_eproposal(request.user, request.tenant, pk)  # type: ignore[attr-defined]
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            handling.decide(
                request.user,
                eproposal,
                decision=data["decision"],
                text=data["text"],
                decided_on=data["decided_on"],
                minutes_url=data["minutes_url"],
            )
        except (EProposalRefused, ValidationError) as error:
            form.add_error(None, refusal_message(error))
        else:
            if data["decision"] == handling.NOT_OURS:
                messages.success(
                    request, _("The e-proposal is sent back to the city to find who answers it.")
                )
                return redirect("eproposals_manage:queue")
            messages.success(request, _("The decision is published; the proposer is told."))
            return redirect("eproposals_manage:detail", pk=pk)
    return _detail(request, eproposal, status=400, decision_form=form)


@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    eproposal = get_tenant_eproposal(request.user, request.tenant, pk)  # type: ignore[attr-defined]
    form, targets = _follow_up_form(request.POST)
    if form.is_valid():
        target = targets[form.cleaned_data["target"]]
        try:
            handling.add_follow_up(
                request.user,
                eproposal,
                kind=target["kind"],
                object_id=target["object_id"],
                title_sv=target["title_sv"],
                title_en=target["title_en"],
                path=target["path"],
                status=target["status"],
            )
        except EProposalRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The follow-up is linked; the proposer is told."))
            return redirect("eproposals_manage:detail", pk=pk)
    if eproposal.status != S.DECIDED or eproposal.decision == EProposal.Decision.REJECTED:
        # No follow-up form on this page: say why where the messages show.
        messages.error(
            request,
            " ".join(str(e) for e in form.non_field_errors())
            or _("This e-proposal has nothing to follow up."),
        )
        return redirect("eproposals_manage:detail", pk=pk)
    return _detail(request, eproposal, status=400, follow_up_form=form)
