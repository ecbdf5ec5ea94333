"""Which person stands behind an account, as e-proposals require it.

The city configures which verification handlers count (EProposalSettings): any one valid
verification from that list that carries a checked identity makes the account a
verified person. The person's key is the keyed hash of that identity
(shared_apps.identity.PersonIdentity), the same whichever handler proved it, so one
person with two accounts still supports once. With no handler configured, signing in
is enough and the key is the account's own ("account:<id>").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from shared_apps.identity.handlers import HANDLERS
from shared_apps.identity.models import PersonIdentity
from shared_apps.identity.requirements import valid_verifications


@dataclass(frozen=True)
class Person:
    key: str
    # The area the verification proved (for statistics), or "".
    area: str = ""


def accepted_labels(handlers: list[str]) -> str:
    """Return the accepted verifications in words ("e-ID (BankID or Freja) or …")."""
    labels = [str(HANDLERS[name].label) for name in handlers if name in HANDLERS]
    return _(" or ").join(labels)


def verified_person(user: Any, handlers: list[str]) -> Person | None:
    """Return the person behind the account as `handlers` require, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not handlers:
        identity = (
            PersonIdentity.objects.filter(user_id=user.pk).values_list("key", flat=True).first()
        )
        return Person(key=identity or f"account:{user.pk}")
    held = [v for v in valid_verifications(user) if v.handler in handlers and v.identity_id]
    if not held:
        return None
    key = (
        PersonIdentity.objects.filter(pk=int(held[0].identity_id or 0))
        .values_list("key", flat=True)
        .first()
    )
    if key is None:
        return None
    area = next((v.attributes.get("area", "") for v in held if v.attributes.get("area")), "")
    return Person(key=key, area=area)
