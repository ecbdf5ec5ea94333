"""Test data for e-proposals: verified residents, officers, and e-proposals in any state."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from shared_apps.accounts.models import Membership
from shared_apps.eproposals.models import EProposal, EProposalSettings, Event
from shared_apps.identity.actions import grant_verification
from shared_apps.vocabularies.city import ensure_city_vocabularies
from shared_apps.vocabularies.models import Area, Category
from tenants.actions import ensure_public_tenant
from tests.conftest import make_user
from tests.identity.factories import personal_number

_serial = iter(range(100, 999))


def verify(user: Any, birth: str = "19800101", serial: str | None = None, area: str = "centrum"):
    """Give the user an in-person verification with a checked identity (a new person
    unless `serial` names one already used)."""
    serial = serial or f"{next(_serial):03d}"
    return grant_verification(
        user,
        "in_person",
        attributes={"area": area, "municipality": "1480", "birth_date": "1980-01-01"},
        identifier=("se-pnr", personal_number(birth, serial).replace("-", "")),
    )


def verified_resident(email: str, name: str = "Resident") -> Any:
    user = make_user(email, name)
    verify(user)
    return user


def officer(email: str = "officer@example.org") -> Any:
    """Return a city e-proposal officer: the moderator role in the portal's tenant."""
    user = make_user(email, "Officer")
    Membership.objects.get_or_create(
        user=user, tenant=ensure_public_tenant(), role=Membership.Role.MODERATOR
    )
    user.forget_roles()
    return user


def settings_row(**values: Any) -> EProposalSettings:
    row = EProposalSettings.current()
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return row


def make_eproposal(
    author: Any = None,
    *,
    status: str = EProposal.Status.OPEN,
    title: str = "Fler parkbänkar i Slottsskogen",
    body: str = "Det behövs fler bänkar längs gångvägarna så att äldre kan vila.",
    area: str | None = "centrum",
    category: str | None = "parker",
    threshold: int = 200,
    days_left: int = 60,
    tenant: Any = None,
    **fields: Any,
) -> EProposal:
    """Create an e-proposal directly in a state (tests of later steps start here)."""
    ensure_city_vocabularies()
    now = timezone.now()
    published = status not in (EProposal.Status.PENDING, EProposal.Status.DECLINED)
    eproposal = EProposal.objects.create(
        author=author,
        title=title,
        body=body,
        area=Area.objects.get(slug=area) if area else None,
        category=Category.objects.get(slug=category) if category else None,
        status=status,
        published_at=now - timedelta(days=10) if published else None,
        support_ends=now + timedelta(days=days_left) if published else None,
        threshold=threshold,
        tenant=tenant,
        **fields,
    )
    Event.objects.create(eproposal=eproposal, kind=Event.Kind.SUBMITTED, actor=author)
    return eproposal
