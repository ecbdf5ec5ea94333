"""The responsible tenant's handling of an e-proposal in its queue: received, under
investigation, the decision (or "not our responsibility", back to routing), follow-ups and
carried out. One function per step, like actions.py: the row locked, the public history
written, proposer and supporters told in the same transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shared_apps.eproposals import search
from shared_apps.eproposals.access import can_answer
from shared_apps.eproposals.actions import _event, _lock
from shared_apps.eproposals.errors import EProposalRefused
from shared_apps.eproposals.models import EProposal, Event, FollowUp
from shared_apps.eproposals.notices import EVENT, audience, tell
from tenants.models import Tenant

S = EProposal.Status

# What "not our responsibility" is called in the decision form (not a Decision value:
# it sends the e-proposal back to routing instead of deciding it).
NOT_OURS = "not_ours"


def _require_answerer(user: Any, eproposal: EProposal) -> None:
    if not can_answer(user, eproposal.tenant):
        raise EProposalRefused(_("Only the responsible administration can do this."))


def _handling(user: Any, eproposal: EProposal, allowed: tuple[str, ...]) -> EProposal:
    target = _lock(eproposal)
    _require_answerer(user, target)
    if target.status not in allowed:
        raise EProposalRefused(
            _("This e-proposal is %(status)s; that step is not possible now.")
            % {"status": target.get_status_display().lower()}
        )
    return target


def receive(user: Any, eproposal: EProposal) -> EProposal:
    """Record that the responsible tenant has received the e-proposal."""
    with transaction.atomic():
        target = _handling(user, eproposal, (S.FORWARDED,))
        target.status = S.RECEIVED
        target.received_at = timezone.now()
        target.save(update_fields=["status", "received_at", "modified"])
        _event(target, Event.Kind.RECEIVED, user, tenant=target.tenant)
        _tell_audience(target, user, gettext_noop("“%(title)s” is received by %(body)s"))
    return target


def investigate(user: Any, eproposal: EProposal) -> EProposal:
    """Record that the responsible tenant is investigating the e-proposal."""
    with transaction.atomic():
        target = _handling(user, eproposal, (S.FORWARDED, S.RECEIVED))
        now = timezone.now()
        target.status = S.INVESTIGATING
        target.received_at = target.received_at or now
        target.investigating_at = now
        target.save(update_fields=["status", "received_at", "investigating_at", "modified"])
        _event(target, Event.Kind.INVESTIGATING, user, tenant=target.tenant)
        _tell_audience(target, user, gettext_noop("“%(title)s” is under investigation by %(body)s"))
    return target


def decide(
    user: Any,
    eproposal: EProposal,
    *,
    decision: str,
    text: str,
    decided_on: date | None,
    minutes_url: str = "",
) -> EProposal:
    """Record the responsible tenant's decision with its text, date and minutes, or
    ("not_ours") hand the e-proposal back to routing with the reason."""
    text = (text or "").strip()
    if not text:
        raise EProposalRefused(
            _("Write the decision (or why it is not your responsibility); residents read it.")
        )
    if decision != NOT_OURS and decision not in EProposal.Decision.values:
        raise EProposalRefused(_("Choose the decision."))
    if decision != NOT_OURS and decided_on is None:
        raise EProposalRefused(_("Give the date of the decision."))
    if decided_on is not None and decided_on > timezone.localdate():
        raise EProposalRefused(_("The date of the decision cannot be in the future."))
    with transaction.atomic():
        target = _handling(user, eproposal, EProposal.AWAITING_ANSWER)
        tenant = target.tenant
        if decision == NOT_OURS:
            target.status = S.FORWARDED
            target.tenant = None
            target.answer_due = None
            target.forwarded_at = target.received_at = target.investigating_at = None
            target.save(
                update_fields=[
                    "status",
                    "tenant",
                    "answer_due",
                    "forwarded_at",
                    "received_at",
                    "investigating_at",
                    "modified",
                ]
            )
            _event(target, Event.Kind.RETURNED, user, tenant=tenant, reason=text)
            return target
        target.status = S.DECIDED
        target.decision = decision
        target.decision_text = text
        target.decision_date = decided_on
        target.minutes_url = minutes_url.strip()
        target.decided_at = timezone.now()
        target.save(
            update_fields=[
                "status",
                "decision",
                "decision_text",
                "decision_date",
                "minutes_url",
                "decided_at",
                "modified",
            ]
        )
        _event(
            target, Event.Kind.DECIDED, user, tenant=tenant, reason=target.get_decision_display()
        )
        search.index(target)
        tell(
            target,
            EVENT.EPROPOSAL_ANSWERED,
            gettext_noop("The e-proposal “%(title)s” has an answer"),
            recipients=audience(target),
            actor=user,
        )
    return target


def add_follow_up(
    user: Any,
    eproposal: EProposal,
    *,
    kind: str,
    object_id: int,
    title_sv: str,
    title_en: str,
    path: str,
    status: str = "",
) -> FollowUp:
    """Link a decided e-proposal to a process or a delivered project of the responsible
    tenant (the caller resolves the object in its own schema and passes its copy)."""
    with transaction.atomic():
        target = _handling(user, eproposal, (S.DECIDED,))
        if target.decision == EProposal.Decision.REJECTED:
            raise EProposalRefused(_("A rejected e-proposal has nothing to follow up."))
        assert target.tenant is not None
        follow_up, created = FollowUp.objects.get_or_create(
            eproposal=target,
            tenant=target.tenant,
            kind=kind,
            object_id=object_id,
            defaults={"title_sv": title_sv, "title_en": title_en, "path": path, "status": status},
        )
        if not created:
            raise EProposalRefused(_("That follow-up is already linked."))
        _event(target, Event.Kind.FOLLOW_UP, user, tenant=target.tenant, reason=title_sv)
        tell(
            target,
            EVENT.EPROPOSAL_UPDATE,
            gettext_noop("The e-proposal “%(title)s” is followed up"),
            recipients=audience(target),
            actor=user,
        )
    return follow_up


def mark_carried_out(user: Any, eproposal: EProposal) -> EProposal:
    """Record that what was decided has been carried out."""
    with transaction.atomic():
        target = _handling(user, eproposal, (S.DECIDED,))
        if target.decision == EProposal.Decision.REJECTED:
            raise EProposalRefused(_("A rejected e-proposal cannot be carried out."))
        if target.carried_out_at is not None:
            raise EProposalRefused(_("It is already marked as carried out."))
        _carry_out(target, user)
    return target


def _carry_out(target: EProposal, user: Any) -> None:
    target.carried_out_at = timezone.now()
    target.save(update_fields=["carried_out_at", "modified"])
    _event(target, Event.Kind.CARRIED_OUT, user, tenant=target.tenant)
    tell(
        target,
        EVENT.EPROPOSAL_UPDATE,
        gettext_noop("The e-proposal “%(title)s” is carried out"),
        recipients=audience(target),
        actor=user,
    )


def project_status_changed(tenant: Tenant, project_id: int, status: str, actor: Any) -> None:
    """Keep follow-ups of a budget project current (called by tenant_apps.budgets.delivery
    in its own transaction); a project done carries its decided e-proposals out."""
    links = FollowUp.objects.filter(tenant=tenant, kind=FollowUp.Kind.PROJECT, object_id=project_id)
    if not links.exists():
        return
    links.update(status=status)
    if status != "done":
        return
    ids = links.values_list("eproposal_id", flat=True)
    for target in EProposal.objects.select_for_update().filter(
        pk__in=ids, status=S.DECIDED, carried_out_at__isnull=True
    ):
        _carry_out(target, actor)


def _tell_audience(target: EProposal, user: Any, message: str) -> None:
    """Tell proposer and supporters of a handling step; `message` names the tenant."""
    tell(
        target,
        EVENT.EPROPOSAL_UPDATE,
        message,
        recipients=audience(target),
        actor=user,
        body=target.tenant,
    )
