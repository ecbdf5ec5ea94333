"""Create, change and withdraw proposals (the author's side)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.usertext import clean_user_text
from tenant_apps.actionlog.actions import changes, log_action, snapshot
from tenant_apps.proposals import events
from tenant_apps.proposals import participation as participation_index
from tenant_apps.proposals.attachments import check_uploads
from tenant_apps.proposals.models import Attachment, Proposal
from tenant_apps.proposals.search import reindex_proposal
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import check_action

EDITABLE = ["title", "body", "area_id", "category_id", "latitude", "longitude", "address"]


class ProposalRefused(Exception):
    """An action a resident may not take now; the message says why."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def _clean(component: Component, data: dict[str, Any]) -> dict[str, Any]:
    """Return the proposal fields cleaned, or raise one ValidationError naming each field."""
    settings = component.current_settings()
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name, limit, minimum in (
        ("title", 150, 5),
        ("body", settings["body_max_length"], 15),
    ):
        try:
            cleaned[name] = clean_user_text(
                data.get(name, ""), max_length=limit, min_length=minimum
            )
        except ValidationError as error:
            errors[name] = error.messages
    cleaned["area"] = data.get("area")
    cleaned["category"] = data.get("category")
    cleaned["address"] = (data.get("address") or "").strip()[:200]
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if not settings["place_enabled"]:
        latitude = longitude = None
        cleaned["address"] = ""
    if (latitude is None) != (longitude is None):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    cleaned["latitude"] = Decimal(latitude) if latitude is not None else None
    cleaned["longitude"] = Decimal(longitude) if longitude is not None else None
    if errors:
        raise ValidationError(errors)
    return cleaned


def _index(proposal: Proposal) -> None:
    # Swedish stemming first; titles weigh more than descriptions in ranking.
    Proposal.objects.filter(pk=proposal.pk).update(
        search_vector=SearchVector("title", weight="A", config="swedish")
        + SearchVector("body", weight="B", config="swedish")
    )


def _attach(proposal: Proposal, uploads: list[UploadedFile]) -> None:
    if not uploads:
        return
    if not proposal.component.current_settings()["attachments_enabled"]:
        raise ValidationError({"attachments": [_("Attachments are not accepted here.")]})
    try:
        checked = check_uploads(uploads, already=proposal.attachments.count())
    except ValidationError as error:
        raise ValidationError({"attachments": error.messages}) from None
    for item in checked:
        attachment = Attachment(
            proposal=proposal,
            kind=item.kind,
            title=item.title,
            size=item.size,
            width=item.width,
            height=item.height,
        )
        attachment.file.save("upload", item.content, save=False)
        attachment.save()


def create_proposal(
    user: Any,
    component: Component,
    data: dict[str, Any],
    uploads: list[UploadedFile] = (),  # type: ignore[assignment]
) -> Proposal:
    """Publish a resident's proposal; the author follows it from then on."""
    answer = check_action(user, component, "create")
    if not answer:
        raise ProposalRefused(answer.reason)
    cleaned = _clean(component, data)
    limit = component.current_settings()["proposal_limit"]
    with transaction.atomic():
        if limit:
            # One author's proposals are counted under a lock on their earlier ones, so
            # two quick submissions cannot both pass the limit.
            mine = Proposal.objects.select_for_update().filter(
                component=component, author=user, withdrawn_at__isnull=True
            )
            if len(mine) >= limit:
                raise ProposalRefused(
                    _("You have already made %(limit)s proposals here, the most allowed.")
                    % {"limit": limit}
                )
        proposal = Proposal.objects.create(component=component, author=user, **cleaned)
        _attach(proposal, list(uploads))
        _index(proposal)
        reindex_proposal(proposal)
        log_action(user, "proposals.created", target=component.space.slug, proposal=proposal.pk)
        events.proposal_created(proposal, user)
        participation_index.proposal_created(proposal)
    return proposal


def editable_until(proposal: Proposal) -> Any:
    minutes = proposal.component.current_settings()["edit_minutes"]
    return proposal.created + timedelta(minutes=minutes)


def can_edit(user: Any, proposal: Proposal) -> bool:
    """Return whether the author may still change the proposal."""
    return (
        getattr(user, "pk", None) is not None
        and proposal.author_id == user.pk
        and not proposal.is_withdrawn
        and not proposal.hidden
        and not proposal.state
        and proposal.supports_count == 0
        and timezone.now() < editable_until(proposal)
    )


def edit_proposal(
    user: Any,
    proposal: Proposal,
    data: dict[str, Any],
    uploads: list[UploadedFile] = (),  # type: ignore[assignment]
) -> Proposal:
    """Change the author's proposal within the component's edit window."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not can_edit(user, proposal):
            raise ProposalRefused(
                _(
                    "This proposal can no longer be changed: the time for changes is over, "
                    "or it already has supports or an answer."
                )
            )
        cleaned = _clean(proposal.component, data)
        before = snapshot(proposal, EDITABLE)
        for name, value in cleaned.items():
            setattr(proposal, name, value)
        proposal.save()
        _attach(proposal, list(uploads))
        _index(proposal)
        reindex_proposal(proposal)
        log_action(
            user,
            "proposals.edited",
            target=proposal.component.space.slug,
            proposal=proposal.pk,
            changes=changes(before, snapshot(proposal, EDITABLE)),
        )
        if before["title"] != proposal.title:
            participation_index.proposal_retitled(proposal)
    return proposal


def withdraw_proposal(user: Any, proposal: Proposal) -> Proposal:
    """Withdraw the author's proposal: it leaves the lists but its page stays, marked."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.author_id != getattr(user, "pk", None):
            raise ProposalRefused(_("Only the author can withdraw a proposal."))
        if proposal.is_withdrawn:
            raise ProposalRefused(_("This proposal is already withdrawn."))
        if proposal.state == Proposal.State.ACCEPTED:
            raise ProposalRefused(_("An accepted proposal cannot be withdrawn."))
        proposal.withdrawn_at = timezone.now()
        proposal.save(update_fields=["withdrawn_at", "modified"])
        reindex_proposal(proposal)
        log_action(
            user, "proposals.withdrawn", target=proposal.component.space.slug, proposal=proposal.pk
        )
        # Withdrawn proposals leave the lists, and the author's and supporters' pages.
        participation_index.sync_proposal(proposal)
    return proposal
