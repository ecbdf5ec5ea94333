"""Every state change of an e-proposal, one function each (docs/eproposals.md).

Each takes the acting user, checks what it must, writes in one transaction with the row
locked where two people can act at once, appends the public history (Event), updates the
search index, and sends inbox entries through notify() inside the same transaction, so
mail goes out only after commit. The responsible tenant's steps are in handling.py, supports
in supports.py, comments in comments.py.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.usertext import clean_user_text
from shared_apps.eproposals import participation, search
from shared_apps.eproposals.access import is_officer
from shared_apps.eproposals.errors import EProposalRefused
from shared_apps.eproposals.models import (
    BODY_MAX_LENGTH,
    MAX_IMAGES,
    TITLE_MAX_LENGTH,
    AnswerDeadline,
    EProposal,
    EProposalImage,
    EProposalSettings,
    Event,
)
from shared_apps.eproposals.notices import EVENT, audience, supporter_ids, tell
from shared_apps.eproposals.verification import accepted_labels, verified_person
from shared_apps.vocabularies.models import Area, Category
from tenants.models import Tenant

S = EProposal.Status


def _lock(eproposal: EProposal) -> EProposal:
    return EProposal.objects.select_for_update().get(pk=eproposal.pk)


def _event(eproposal: EProposal, kind: str, actor: Any = None, **fields: Any) -> Event:
    return Event.objects.create(eproposal=eproposal, kind=kind, actor=actor, **fields)


def _require_officer(user: Any) -> None:
    if not is_officer(user):
        raise EProposalRefused(_("Only the city's e-proposal officers can do this."))


def submit(
    user: Any,
    *,
    title: str,
    body: str,
    area: Area | None = None,
    category: Category | None = None,
    place_name: str = "",
    latitude: Any = None,
    longitude: Any = None,
    images: list[tuple[UploadedFile, str]] | None = None,
) -> EProposal:
    """Submit a new e-proposal for review. `images` are (upload, description) pairs; each
    is checked by its content and re-encoded. Nothing is written when anything fails."""
    from tenant_apps.proposals.attachments import check_upload

    config = EProposalSettings.current()
    if verified_person(user, config.submit_verifications) is None:
        raise EProposalRefused(
            _("To submit an e-proposal you need to verify yourself with %(how)s.")
            % {"how": accepted_labels(config.submit_verifications)}
        )
    title = clean_user_text(title, max_length=TITLE_MAX_LENGTH, min_length=5, field=_("title"))
    body = clean_user_text(body, max_length=BODY_MAX_LENGTH, min_length=20, field=_("description"))
    images = images or []
    if len(images) > MAX_IMAGES:
        raise EProposalRefused(_("At most %(count)d images.") % {"count": MAX_IMAGES})
    checked = []
    for upload, description in images:
        result = check_upload(upload)
        if result.kind != "image":
            raise EProposalRefused(
                _("%(name)s is not an image (JPEG, PNG, GIF or WebP).") % {"name": result.title}
            )
        if not description.strip():
            raise EProposalRefused(
                _("Describe the image %(name)s for people who cannot see it.")
                % {"name": result.title}
            )
        checked.append((result, description.strip()[:200]))
    with transaction.atomic():
        eproposal = EProposal.objects.create(
            author=user,
            title=title,
            body=body,
            area=area,
            category=category,
            place_name=place_name.strip()[:200],
            latitude=latitude,
            longitude=longitude,
        )
        for result, description in checked:
            image = EProposalImage(
                eproposal=eproposal, alt_text=description, width=result.width, height=result.height
            )
            # The checked content has no name of its own; upload_to picks a random one.
            image.file.save("upload.jpg", result.content, save=False)
            image.save()
        _event(eproposal, Event.Kind.SUBMITTED, user)
        participation.noted(user, participation.SUBMITTED, eproposal)
    return eproposal


def suggested_tenant(eproposal: EProposal) -> Tenant | None:
    """Return the tenant the routing rules suggest for the e-proposal's area and category:
    the rule for both, else the category's, else the area's; only open tenants."""
    from shared_apps.eproposals.models import RoutingRule

    candidates = RoutingRule.objects.filter(tenant__in=Tenant.objects.ready()).select_related(
        "tenant"
    )
    pairs: list[tuple[int | None, int | None]] = [
        (eproposal.area_id, eproposal.category_id),
        (None, eproposal.category_id),
        (eproposal.area_id, None),
    ]
    for area, category in pairs:
        if area is None and category is None:
            continue
        rule = candidates.filter(
            area__isnull=area is None,
            category__isnull=category is None,
            **({"area_id": area} if area is not None else {}),
            **({"category_id": category} if category is not None else {}),
        ).first()
        if rule is not None:
            return rule.tenant
    return None


def publish(officer: Any, eproposal: EProposal, *, tenant: Tenant | None = None) -> EProposal:
    """Publish an e-proposal awaiting review: open it for support for the city's period
    and threshold (copied onto it), optionally routed at once."""
    _require_officer(officer)
    config = EProposalSettings.current()
    with transaction.atomic():
        target = _lock(eproposal)
        if target.status != S.PENDING:
            raise EProposalRefused(_("Only an e-proposal awaiting review can be published."))
        now = timezone.now()
        target.status = S.OPEN
        target.published_at = now
        target.support_ends = now + timedelta(days=config.support_days)
        target.threshold = config.threshold
        target.save(
            update_fields=["status", "published_at", "support_ends", "threshold", "modified"]
        )
        _event(target, Event.Kind.PUBLISHED, officer)
        if tenant is not None:
            _route(officer, target, tenant, reason="")
        search.index(target)
        if target.author_id:
            tell(
                target,
                EVENT.EPROPOSAL_PUBLISHED,
                gettext_noop("Your e-proposal “%(title)s” is published and open for support"),
                recipients=[target.author_id],
                actor=officer,
            )
    return target


def decline(officer: Any, eproposal: EProposal, *, rule: str, text: str = "") -> EProposal:
    """Refuse publication under one of the published rules, saying why."""
    _require_officer(officer)
    if rule not in EProposal.DeclineRule.values:
        raise EProposalRefused(_("Choose the rule the e-proposal breaks."))
    with transaction.atomic():
        target = _lock(eproposal)
        if target.status != S.PENDING:
            raise EProposalRefused(_("Only an e-proposal awaiting review can be declined."))
        target.status = S.DECLINED
        target.decline_rule = rule
        target.decline_text = text.strip()
        target.save(update_fields=["status", "decline_rule", "decline_text", "modified"])
        _event(target, Event.Kind.DECLINED, officer, reason=target.get_decline_rule_display())
        if target.author_id:
            tell(
                target,
                EVENT.EPROPOSAL_DECLINED,
                gettext_noop("Your e-proposal “%(title)s” was not published"),
                recipients=[target.author_id],
                actor=officer,
            )
    return target


def withdraw(user: Any, eproposal: EProposal) -> EProposal:
    """Let the proposer take the e-proposal back while it awaits review or support."""
    with transaction.atomic():
        target = _lock(eproposal)
        if target.author_id != getattr(user, "pk", None):
            raise EProposalRefused(_("Only the proposer can withdraw an e-proposal."))
        if target.status not in (S.PENDING, S.OPEN):
            raise EProposalRefused(
                _("An e-proposal can be withdrawn only before it reaches its supports.")
            )
        target.status = S.WITHDRAWN
        target.withdrawn_at = timezone.now()
        target.final_count = target.supports_count
        target.save(update_fields=["status", "withdrawn_at", "final_count", "modified"])
        _event(target, Event.Kind.WITHDRAWN, user)
        search.index(target)
        tell(
            target,
            EVENT.EPROPOSAL_UPDATE,
            gettext_noop("The e-proposal “%(title)s” was withdrawn by the proposer"),
            recipients=supporter_ids(target),
            actor=user,
        )
    return target


def answer_days(tenant: Tenant) -> int:
    own = AnswerDeadline.objects.filter(tenant=tenant).values_list("days", flat=True).first()
    return own or EProposalSettings.current().answer_days


def _forward(target: EProposal, actor: Any) -> None:
    """Put an e-proposal over its threshold in its tenant's queue, with the answer date."""
    assert target.tenant is not None
    now = timezone.now()
    target.status = S.FORWARDED
    target.forwarded_at = now
    target.answer_due = timezone.localdate(now) + timedelta(days=answer_days(target.tenant))
    target.received_at = target.investigating_at = None
    target.save(
        update_fields=[
            "status",
            "forwarded_at",
            "answer_due",
            "received_at",
            "investigating_at",
            "modified",
        ]
    )
    _event(target, Event.Kind.FORWARDED, actor, tenant=target.tenant)
    from shared_apps.accounts.models import Membership
    from shared_apps.eproposals.access import ANSWER_ROLES

    staff = Membership.objects.filter(tenant=target.tenant, role__in=ANSWER_ROLES).values_list(
        "user_id", flat=True
    )
    tell(
        target,
        EVENT.EPROPOSAL_FORWARDED,
        gettext_noop("The e-proposal “%(title)s” is sent to your administration for an answer"),
        recipients=list(staff),
        actor=actor,
    )


def _route(officer: Any, target: EProposal, tenant: Tenant, reason: str) -> None:
    if not Tenant.objects.ready().filter(pk=tenant.pk).exists():
        raise EProposalRefused(
            _("%(name)s is not open (it is %(status)s) and cannot receive e-proposals.")
            % {"name": tenant.name, "status": tenant.get_status_display().lower()}
        )
    previous = target.tenant
    if previous is not None and previous.pk == tenant.pk:
        raise EProposalRefused(
            _("The e-proposal is already routed to %(name)s.") % {"name": tenant.name}
        )
    if previous is not None and not reason.strip():
        raise EProposalRefused(_("Say why the e-proposal goes to another administration."))
    target.tenant = tenant
    target.routed_at = timezone.now()
    target.save(update_fields=["tenant", "routed_at", "modified"])
    _event(
        target,
        Event.Kind.REROUTED if previous is not None else Event.Kind.ROUTED,
        officer,
        tenant=tenant,
        reason=reason.strip(),
    )
    if target.status in EProposal.AWAITING_ANSWER:
        _forward(target, officer)


def route(officer: Any, eproposal: EProposal, tenant: Tenant, *, reason: str = "") -> EProposal:
    """Choose (or change, with a reason) the tenant responsible for the e-proposal. One
    over its threshold goes to that tenant's queue at once, with a new answer date."""
    _require_officer(officer)
    with transaction.atomic():
        target = _lock(eproposal)
        if target.status not in (S.PENDING, S.OPEN, *EProposal.AWAITING_ANSWER):
            raise EProposalRefused(
                _("This e-proposal is %(status)s and cannot be routed.")
                % {"status": target.get_status_display().lower()}
            )
        _route(officer, target, tenant, reason)
    return target


def reached_threshold(target: EProposal, actor: Any) -> None:
    """Stop counting at the threshold and send the e-proposal on (called by support()
    under the row lock); without a routing yet, it waits in the officers' queue."""
    now = timezone.now()
    target.threshold_reached_at = now
    target.final_count = target.supports_count
    target.status = S.FORWARDED
    target.save(update_fields=["threshold_reached_at", "final_count", "status", "modified"])
    _event(target, Event.Kind.THRESHOLD, None)
    tell(
        target,
        EVENT.EPROPOSAL_THRESHOLD,
        gettext_noop("The e-proposal “%(title)s” reached its supports and goes on for an answer"),
        recipients=audience(target),
        actor=None,
    )
    if target.tenant is not None:
        _forward(target, None)


def close_expired(now: Any = None) -> int:
    """Close every open e-proposal whose support period has ended, keeping its final
    count; return how many. Idempotent and safe to run in parallel (SKIP LOCKED)."""
    now = now or timezone.now()
    closed = 0
    while True:
        with transaction.atomic():
            batch = list(
                EProposal.objects.select_for_update(skip_locked=True)
                .filter(status=S.OPEN, support_ends__lte=now)
                .order_by("pk")[:100]
            )
            for target in batch:
                target.status = S.CLOSED
                target.final_count = target.supports_count
                target.closed_at = now
                target.save(update_fields=["status", "final_count", "closed_at", "modified"])
                _event(target, Event.Kind.CLOSED, None)
                search.index(target)
                if target.author_id:
                    tell(
                        target,
                        EVENT.EPROPOSAL_CLOSED,
                        gettext_noop(
                            "The support period of “%(title)s” ended without enough support"
                        ),
                        recipients=[target.author_id],
                    )
        closed += len(batch)
        if len(batch) < 100:
            return closed
