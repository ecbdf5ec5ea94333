"""The keyed hash that stands for a person's identifier in the database.

Only HMAC-SHA256(IDENTITY_HASH_KEY, kind + ":" + identifier) is stored. Without the key a
leaked table cannot be matched against a list of personal numbers; with it, the same person
gives the same key through every handler (e-ID, staff in person), so one person maps to
one account. Changing the key breaks every match: it is set once per installation.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def identity_key(kind: str, identifier: str) -> str:
    """Return the stored form of an identifier, e.g. identity_key("se-pnr", "19800101XXXX")."""
    message = f"{kind}:{identifier}".encode()
    return hmac.new(settings.IDENTITY_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()
