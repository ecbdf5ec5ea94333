"""Turn accepted proposals into items of another component (budget projects), keeping a
link both ways.

A receiving component type registers once, in its AppConfig.ready():

    register_receiver(Receiver(
        component_type="budgets", label=_("Budget projects"),
        create=create_projects_from_proposals,
    ))

`create(target_component, proposals, by)` runs inside the handover's transaction and
returns, per proposal, the new item's key, public path and title. Proposals already
handed to that component are skipped, so running the handover twice creates nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from tenant_apps.actionlog.actions import log_action
from tenant_apps.proposals.actions import ProposalRefused
from tenant_apps.proposals.models import Proposal, ProposalLink
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import require

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class CreatedItem:
    proposal: Proposal
    key: str
    path: str
    title: str


@dataclass(frozen=True)
class Receiver:
    component_type: str
    label: str | _StrPromise
    create: Callable[[Component, list[Proposal], Any], list[CreatedItem]]


_RECEIVERS: dict[str, Receiver] = {}


def register_receiver(receiver: Receiver) -> Receiver:
    if receiver.component_type in _RECEIVERS:
        raise ValueError(f"{receiver.component_type!r} already receives proposals")
    _RECEIVERS[receiver.component_type] = receiver
    return receiver


def unregister_receiver(component_type: str) -> None:
    _RECEIVERS.pop(component_type, None)


def receiving_components(component: Component) -> list[Component]:
    """Return the components in the same space that can receive proposals."""
    space = component.space
    return [c for c in space.components.all() if c.type in _RECEIVERS and c.pk != component.pk]


def hand_over(by: Any, component: Component, target: Component) -> list[ProposalLink]:
    """Create items in `target` from the accepted proposals not yet handed to it."""
    require(by, "proposals.manage_proposals", component)
    receiver = _RECEIVERS.get(target.type)
    if receiver is None or target not in receiving_components(component):
        raise ProposalRefused(_("That component cannot receive proposals."))
    with transaction.atomic():
        proposals = list(
            Proposal.objects.select_for_update()
            .filter(
                component=component, state=Proposal.State.ACCEPTED, withdrawn_at=None, hidden=False
            )
            .exclude(links__target_component=target)
            .order_by("pk")
        )
        if not proposals:
            return []
        created = receiver.create(target, proposals, by)
        links = ProposalLink.objects.bulk_create(
            ProposalLink(
                proposal=item.proposal,
                target_component=target,
                target_key=item.key,
                path=item.path,
                title=item.title[:200],
            )
            for item in created
        )
        log_action(
            by,
            "proposals.handed_over",
            target=component.space.slug,
            component=target.pk,
            proposals=[p.pk for p in proposals],
        )
    return links
