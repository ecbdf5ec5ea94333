"""Residents' e-proposal pages on the portal: the archive, one e-proposal, the rules.

Writes (support, withdraw, comments) are in views_actions.py, the submit form in
views_submit.py. Every page is portal-only: on a tenant host the URLs do not exist
(config/urls_tenant.py does not include them), and portal_only() says 404 besides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.translated import pick
from shared_apps.eproposals.access import get_public_eproposal
from shared_apps.eproposals.models import Comment, EProposal, EProposalSettings, Event, FollowUp
from shared_apps.eproposals.supports import supports
from shared_apps.eproposals.verification import verified_person
from shared_apps.identity.handlers import HANDLERS
from shared_apps.notifications.links import entry_url
from shared_apps.vocabularies.models import Area, Category
from tenants.links import portal_url, sign_in_url
from tenants.models import Tenant

S = EProposal.Status
PER_PAGE = 20

# Status groups of the archive filter.
GROUPS: dict[str, tuple[Any, ...]] = {
    "open": (S.OPEN,),
    "awaiting": EProposal.AWAITING_ANSWER,
    "answered": (S.DECIDED,),
    "closed": (S.CLOSED, S.WITHDRAWN),
}
GROUP_LABELS = [
    ("open", _("Open for support")),
    ("awaiting", _("Awaiting an answer")),
    ("answered", _("Answered")),
    ("closed", _("Closed or withdrawn")),
]
SORTS = [
    ("newest", _("Newest first")),
    ("supported", _("Most supported")),
    ("closing", _("Closing soon")),
]


def portal_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 404 on any host but the portal's."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if tenant is None or not tenant.is_public:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


# --- the archive ----------------------------------------------------------------------


def _filters(request: HttpRequest) -> dict[str, str]:
    get = request.GET
    sort = get.get("sort", "")
    return {
        "status": get.get("status", "") if get.get("status", "") in GROUPS else "",
        "area": get.get("area", "")[:60],
        "category": get.get("category", "")[:60],
        "tenant": get.get("tenant", "")[:60],
        "year": get.get("year", "") if get.get("year", "").isdigit() else "",
        "q": get.get("q", "").strip()[:100],
        "sort": sort if sort in dict(SORTS) else "newest",
    }


def _archive(filters: dict[str, str]) -> QuerySet[EProposal]:
    rows = EProposal.objects.public().select_related("area", "category", "tenant")
    now = timezone.now()
    if filters["status"] == "open":
        rows = rows.filter(status=S.OPEN, support_ends__gt=now)
    elif filters["status"] == "closed":
        # An open one past its deadline is closed in all but the periodic task's run.
        rows = rows.filter(Q(status__in=GROUPS["closed"]) | Q(status=S.OPEN, support_ends__lte=now))
    elif filters["status"]:
        rows = rows.filter(status__in=GROUPS[filters["status"]])
    if filters["area"]:
        rows = rows.filter(area__slug=filters["area"])
    if filters["category"]:
        rows = rows.filter(category__slug=filters["category"])
    if filters["tenant"]:
        rows = rows.filter(tenant__slug=filters["tenant"])
    if filters["year"]:
        rows = rows.filter(published_at__year=int(filters["year"]))
    if filters["q"]:
        for word in filters["q"].split()[:8]:
            rows = rows.filter(Q(title__icontains=word) | Q(body__icontains=word))
    if filters["sort"] == "supported":
        rows = rows.annotate(shown=Coalesce("final_count", "supports_count")).order_by(
            "-shown", "-published_at", "-pk"
        )
    elif filters["sort"] == "closing":
        open_first = Case(
            When(status=S.OPEN, support_ends__gt=now, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        rows = rows.annotate(open_first=open_first).order_by(
            "open_first", F("support_ends").asc(nulls_last=True), "-pk"
        )
    else:
        rows = rows.order_by(F("published_at").desc(nulls_last=True), "-pk")
    return rows


@portal_only
def eproposal_list(request: HttpRequest) -> HttpResponse:
    """List the public e-proposals with filters, sort and pages (no JavaScript needed)."""
    filters = _filters(request)
    page = Paginator(_archive(filters), PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for eproposal in page.object_list:
        eproposal.days_left = eproposal.days_left_at(now)  # type: ignore[attr-defined]
    years = [
        moment.year for moment in EProposal.objects.public().dates("published_at", "year", "DESC")
    ]
    query = urlencode({key: value for key, value in filters.items() if value})
    return render(
        request,
        "eproposals/eproposal_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "groups": GROUP_LABELS,
            "sorts": SORTS,
            "areas": Area.objects.all(),
            "categories": Category.objects.all(),
            "tenants": Tenant.objects.ready().order_by("name_sv"),
            "years": years,
        },
    )


# --- one e-proposal -------------------------------------------------------------------


@dataclass(frozen=True)
class WayToVerify:
    label: str
    proves: str
    url: str
    how_to: str


def ways_to_verify(request: HttpRequest, handlers: list[str], back: str) -> list[WayToVerify]:
    """Return each accepted verification with its link (or what to do in person)."""
    ways = []
    for name in handlers:
        handler = HANDLERS.get(name)
        if handler is None or not handler.enabled:
            continue
        url = ""
        if handler.url_name and handler.on_portal:
            url = portal_url(
                request,
                reverse(handler.url_name, urlconf="config.urls_public")
                + "?"
                + urlencode({"next": back}),
            )
        ways.append(WayToVerify(str(handler.label), str(handler.proves), url, str(handler.how_to)))
    return ways


@dataclass(frozen=True)
class SupportState:
    """What the support panel offers this person, or why it offers nothing."""

    can_support: bool = False
    supported: bool = False
    # "sign_in", "verify", "ended", "reached", "closed", "" (nothing to say).
    reason: str = ""
    ended_on: datetime | None = None


def support_state(request: HttpRequest, eproposal: EProposal, config: EProposalSettings) -> Any:
    user = request.user
    now = timezone.now()
    if eproposal.status in EProposal.HANDLING:
        return SupportState(reason="reached")
    if eproposal.status == S.OPEN and eproposal.support_ends and eproposal.support_ends <= now:
        return SupportState(reason="ended", ended_on=eproposal.support_ends)
    if eproposal.status != S.OPEN:
        return SupportState(reason="closed")
    if not user.is_authenticated:
        return SupportState(reason="sign_in")
    supported = supports(user, eproposal)
    if supported:
        return SupportState(supported=True)
    if verified_person(user, config.support_verifications) is None:
        return SupportState(reason="verify")
    return SupportState(can_support=True)


def _comment_thread(eproposal: EProposal) -> tuple[list[Comment], int]:
    """Return the top-level comments, each with `.thread_replies`, oldest first, in one
    query; and how many comments there are."""
    rows = list(Comment.objects.filter(eproposal=eproposal).select_related("author"))
    replies: dict[int, list[Comment]] = defaultdict(list)
    for row in rows:
        if row.parent_id:
            replies[row.parent_id].append(row)
    top = [row for row in rows if row.parent_id is None]
    for row in top:
        row.thread_replies = replies.get(row.pk, [])  # type: ignore[attr-defined]
    return top, len(rows)


def _follow_ups(request: HttpRequest, eproposal: EProposal) -> list[dict[str, Any]]:
    from tenant_apps.budgets.models import Project

    labels = dict(Project.Status.choices)
    return [
        {
            "title": pick(row, "title").text,
            "url": entry_url(request, row.tenant, row.path),
            "kind": row.get_kind_display(),
            "tenant": row.tenant.name,
            "status": labels.get(row.status, "") if row.status else "",
        }
        for row in FollowUp.objects.filter(eproposal=eproposal).select_related("tenant")
    ]


def detail_context(request: HttpRequest, eproposal: EProposal, **extra: Any) -> dict[str, Any]:
    """Return everything the detail page shows (also re-rendered by a refused comment)."""
    config = EProposalSettings.current()
    user = request.user
    is_proposer = bool(user.is_authenticated and eproposal.author_id == user.pk)
    back = eproposal.get_absolute_url()
    state = support_state(request, eproposal, config)
    thread, comment_count = _comment_thread(eproposal)
    can_comment = user.is_authenticated and eproposal.is_public and eproposal.status != S.WITHDRAWN
    context = {
        "eproposal": eproposal,
        "config": config,
        "is_proposer": is_proposer,
        "can_withdraw": is_proposer and eproposal.status in (S.PENDING, S.OPEN),
        "images": list(eproposal.images.all()),
        "events": list(Event.objects.filter(eproposal=eproposal).select_related("tenant")),
        "follow_ups": _follow_ups(request, eproposal),
        "support": state,
        "days_left": eproposal.days_left_at(timezone.now()),
        "ways": ways_to_verify(request, config.support_verifications, back)
        if state.reason == "verify"
        else [],
        "sign_in_url": sign_in_url(request, back),
        "verifications_url": reverse("identity:list"),
        "thread": thread,
        "comment_count": comment_count,
        "can_comment": can_comment,
        "alignments": Comment.Alignment.choices,
        "comment_form": {},
    }
    context.update(extra)
    form = context["comment_form"]
    context["checked_alignment"] = 0 if form.get("parent") else form.get("alignment", 0)
    return context


@portal_only
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one e-proposal: text, support, answer, follow-up, history and comments."""
    eproposal = get_public_eproposal(request.user, pk)
    return render(request, "eproposals/eproposal_detail.html", detail_context(request, eproposal))


# Why each rule exists, said to the resident (templates/eproposals/rules.html).
RULE_TEXTS: dict[str, Any] = {
    EProposal.DeclineRule.PERSONAL: _(
        "An e-proposal must not name, describe or point out individual people, such as a "
        "neighbour, an employee or a politician. Everyone has a right to privacy, and people "
        "who are named cannot answer on this page. Write about the problem, not the person."
    ),
    EProposal.DeclineRule.OFFENSIVE: _(
        "We do not publish text that insults, threatens or discriminates against anyone, for "
        "example because of their origin, religion, sex, sexual orientation, disability or age."
    ),
    EProposal.DeclineRule.COMMERCIAL: _(
        "An e-proposal must not advertise a company, a product or a service, or ask the city "
        "to buy from a particular seller. The city must treat all companies the same way."
    ),
    EProposal.DeclineRule.UNLAWFUL: _(
        "We do not publish e-proposals that ask the city to break the law, or that contain "
        "anything that is a crime to publish."
    ),
    EProposal.DeclineRule.NOT_CITY: _(
        "The city can only answer about what it decides itself. Matters for the state, the "
        "region or private owners (for example the police, health care or a private "
        "property) are not accepted. Where we can, we tell you who decides instead."
    ),
    EProposal.DeclineRule.DUPLICATE: _(
        "If an e-proposal about the same thing is already open for support, we do not "
        "publish a second one: the supports would be split. Support the existing one instead."
    ),
    EProposal.DeclineRule.UNCLEAR: _(
        "Others must be able to understand what you propose in order to support it. Say "
        "what you want the city to do, and where."
    ),
    EProposal.DeclineRule.AUTHORITY: _(
        "E-proposals cannot ask for a decision about one person or one case, such as a "
        "building permit, a school place or financial support. Those are handled by the "
        "administration concerned, under the law, and you contact it directly."
    ),
}


@portal_only
def rules(request: HttpRequest) -> HttpResponse:
    """Show the moderation rules in plain language, one section per decline rule."""
    config = EProposalSettings.current()
    return render(
        request,
        "eproposals/rules.html",
        {
            "config": config,
            "decline_rules": [
                (value, label, RULE_TEXTS.get(value, ""))
                for value, label in EProposal.DeclineRule.choices
            ],
            "verifications_url": reverse("identity:list"),
            "submit_ways": ways_to_verify(request, config.submit_verifications, request.path),
            "support_ways": ways_to_verify(request, config.support_verifications, request.path),
        },
    )
