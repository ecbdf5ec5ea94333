"""Who a ballot belongs to: the person, through their verified identity when they have one.

A submitted ballot is unique per (budget, voter_key) in the database. The key is the
keyed hash of the person's identity (shared_apps.identity.PersonIdentity), the same for
e-ID and in-person verification, so one person with two accounts still votes once; an
account without a verified identity votes as itself ("account:<id>"). Paper ballots
entered with a personal number get the same keyed hash, so a person who voted online and
on paper is caught.
"""

from __future__ import annotations

from typing import Any

from shared_apps.identity.keys import identity_key
from shared_apps.identity.models import PersonIdentity
from shared_apps.identity.personal_number import parse_personal_number


def voter_key(user: Any) -> str:
    """Return the key that makes the user's ballot one per person."""
    identity = PersonIdentity.objects.filter(user_id=user.pk).values_list("key", flat=True).first()
    return identity or f"account:{user.pk}"


def voter_key_for_personal_number(value: str) -> str:
    """Return the key of a person from their personal number (paper ballots); raises
    InvalidPersonalNumber (a ValueError with a message) when it is not valid."""
    return identity_key("se-pnr", parse_personal_number(value).digits)
