"""Respondent keys: what makes "one response per person" a database rule.

A key is HMAC-SHA256(IDENTITY_HASH_KEY, "forms.respondent:<schema>:<form id>:<subject>"),
where the subject is the account ("account:<id>") or, when the owner asks for one response
per verified person, the person's identity key (shared_apps.identity.PersonIdentity.key,
the same for every account and every handler of that person). The form's id and schema
are part of the message, so keys of two forms cannot be matched with each other, and
nobody without the installation's secret can compute a key from an account id. See
docs/adr/0019-forms-engine-and-anonymous-answers.md for what this does and does not hide.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db import connection

from shared_apps.identity.models import PersonIdentity


class NoVerifiedIdentity(Exception):
    """One response per verified person was asked for, and the account has no identity."""


def respondent_key(form: Any, user: Any, *, per_person: bool = False) -> str:
    """Return the key of `user`'s response to `form` (raises NoVerifiedIdentity when
    `per_person` and the account has not verified who they are)."""
    if per_person:
        identity = (
            PersonIdentity.objects.filter(user_id=user.pk).values_list("key", flat=True).first()
        )
        if not identity:
            raise NoVerifiedIdentity
        subject = f"person:{identity}"
    else:
        subject = f"account:{user.pk}"
    schema = getattr(connection, "schema_name", "public")
    message = f"forms.respondent:{schema}:{form.pk}:{subject}".encode()
    return hmac.new(settings.IDENTITY_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()
