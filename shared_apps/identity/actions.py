"""Grant, refuse and revoke verifications. Every handler ends in one of these."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shared_apps.identity.handlers import get_handler
from shared_apps.identity.keys import identity_key
from shared_apps.identity.models import (
    IdentityConflict,
    PersonIdentity,
    Verification,
    VerificationAttempt,
)
from shared_apps.identity.requirements import forget_cached

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from shared_apps.accounts.models import User
    from shared_apps.vocabularies.models import PostalCode
    from tenants.models import Tenant

logger = logging.getLogger("torget.identity")

IDENTITY_TAKEN = _(
    "This identity is already tied to another account. One person can have one account: "
    "sign in with that account, or contact the city if it is not yours."
)
OTHER_PERSON = _(
    "Your account is already verified as another person, so this verification was not "
    "saved. Contact the city if this is wrong."
)


class VerificationRefused(Exception):
    """A verification that is not recorded; `message` is for the resident."""

    def __init__(self, reason: str, message: str | _StrPromise, identity: Any = None):
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.identity = identity
        # False while the refusal still has to be written to the attempt log: a refusal
        # raised inside a caller's transaction is logged by that caller after it rolls back.
        self.logged = False


def log_refusal(
    refusal: VerificationRefused,
    user: User | None,
    handler: str,
    *,
    ip: str | None = None,
    tenant: Tenant | None = None,
) -> None:
    """Write a refusal to the attempt log once (call it outside any transaction)."""
    if not refusal.logged:
        record_refusal(
            user, handler, refusal.reason, ip=ip, tenant=tenant, identity=refusal.identity
        )
        refusal.logged = True


def record_refusal(
    user: User | None,
    handler: str,
    reason: str,
    *,
    ip: str | None = None,
    tenant: Tenant | None = None,
    identity: PersonIdentity | None = None,
) -> None:
    """Log a refused attempt (and a conflict when another account holds the identity)."""
    ip = ip or None  # the log column holds an address or nothing, never ""
    with transaction.atomic():
        VerificationAttempt.objects.create(
            user=user if user is not None and user.pk else None,
            handler=handler,
            outcome=VerificationAttempt.Outcome.REFUSED,
            reason=reason[:60],
            ip=ip,
            tenant=tenant,
        )
        if identity is not None and user is not None:
            IdentityConflict.objects.create(identity=identity, attempted_by=user, handler=handler)
    logger.warning(
        "verification refused",
        extra={"handler": handler, "reason": reason, "user_id": getattr(user, "pk", None)},
    )


def _link_identity(user: User, key: str, handler: str) -> PersonIdentity:
    """Tie the person to the account, or refuse when either side is tied elsewhere."""
    mine = PersonIdentity.objects.select_for_update().filter(user=user).first()
    if mine is not None:
        if mine.key != key:
            raise VerificationRefused("other_person", OTHER_PERSON)
        return mine
    try:
        with transaction.atomic():
            return PersonIdentity.objects.create(key=key, user=user, handler=handler)
    except IntegrityError:
        # The unique key is the guard: whoever committed first owns the identity, even
        # when two accounts verify the same person at the same moment.
        taken = PersonIdentity.objects.get(key=key)
        raise VerificationRefused("identity_taken", IDENTITY_TAKEN, identity=taken) from None


def residence_attributes(postal_code: PostalCode) -> dict[str, str]:
    """Return what a postal code in the city says: the code, its area, the municipality."""
    return {
        "postal_code": postal_code.code,
        "area": postal_code.area.slug,
        "municipality": settings.CITY_MUNICIPALITY_CODE,
    }


def grant_verification(
    user: User,
    handler: str,
    *,
    attributes: dict[str, Any] | None = None,
    identifier: tuple[str, str] | None = None,
    self_declared: bool = False,
    evidence: str = "",
    verified_by: User | None = None,
    tenant: Tenant | None = None,
    scope: str = "",
    expires: datetime | None = None,
    ip: str | None = None,
) -> Verification:
    """Record a completed verification, replacing the user's earlier one of the same
    handler and scope. `identifier` is (kind, value), e.g. ("se-pnr", "198001011234"):
    only its keyed hash is stored, and it ties this person to this account for good.

    Raises VerificationRefused (after logging it) when the identity belongs elsewhere.
    """
    definition = get_handler(handler)
    now = timezone.now()
    ip = ip or None
    if expires is None and definition.valid_for is not None:
        expires = now + definition.valid_for
    try:
        with transaction.atomic():
            identity = None
            if identifier is not None:
                identity = _link_identity(user, identity_key(*identifier), handler)
            Verification.objects.select_for_update().filter(
                user=user, handler=handler, scope=scope, revoked__isnull=True
            ).update(revoked=now, revoked_reason="replaced")
            verification = Verification.objects.create(
                user=user,
                handler=handler,
                scope=scope,
                identity=identity,
                attributes=attributes or {},
                self_declared=self_declared or definition.self_declared,
                evidence=evidence[:200],
                verified_by=verified_by,
                tenant=tenant,
                created=now,
                expires=expires,
            )
            VerificationAttempt.objects.create(
                user=user,
                handler=handler,
                outcome=VerificationAttempt.Outcome.VERIFIED,
                ip=ip,
                tenant=tenant,
            )
    except VerificationRefused as refusal:
        record_refusal(
            user, handler, refusal.reason, ip=ip, tenant=tenant, identity=refusal.identity
        )
        raise
    forget_cached(user)
    return verification


def revoke_verification(verification: Verification, *, reason: str) -> None:
    """Stop a verification counting from now on (idempotent)."""
    with transaction.atomic():
        Verification.objects.filter(pk=verification.pk, revoked__isnull=True).update(
            revoked=timezone.now(), revoked_reason=reason[:200]
        )
    forget_cached(verification.user)
