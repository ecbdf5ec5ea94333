"""Staff verify a resident in person, at a library or service point."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from shared_apps.identity.actions import (
    VerificationRefused,
    grant_verification,
    log_refusal,
    residence_attributes,
)
from shared_apps.identity.models import Verification
from shared_apps.identity.personal_number import PersonalNumber
from shared_apps.vocabularies.models import PostalCode
from tenant_apps.actionlog.actions import log_action
from tenants.models import current_tenant


def verify_in_person(
    resident: Any,
    *,
    by: Any,
    personal_number: PersonalNumber,
    postal_code: PostalCode | None,
    evidence: str,
    ip: str | None = None,
) -> Verification:
    """Record that `by` checked the resident's ID document; log who, when and on what.

    Raises VerificationRefused when the person is tied to another account (logged, and a
    conflict is recorded for platform ops).
    """
    attributes: dict[str, str] = {"birth_date": personal_number.birth_date.isoformat()}
    if postal_code is not None:
        attributes.update(residence_attributes(postal_code))
    tenant = current_tenant()
    try:
        with transaction.atomic():
            verification = grant_verification(
                resident,
                "in_person",
                identifier=("se-pnr", personal_number.digits),
                attributes=attributes,
                evidence=evidence,
                verified_by=by,
                tenant=tenant,
                ip=ip,
            )
            # The log names the account by number only: it is append-only, and an e-mail
            # address there would outlive the account.
            log_action(
                by,
                "verification.in_person",
                target=f"account {resident.pk}",
                evidence=evidence,
                verification=verification.pk,
            )
    except VerificationRefused as refusal:
        log_refusal(refusal, resident, "in_person", ip=ip, tenant=tenant)
        raise
    return verification
