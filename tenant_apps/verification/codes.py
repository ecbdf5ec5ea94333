"""Make and redeem voting codes."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.identity.actions import VerificationRefused, grant_verification, log_refusal
from shared_apps.identity.keys import identity_key
from shared_apps.identity.models import Verification
from shared_apps.identity.requirements import space_scope
from tenant_apps.actionlog.actions import log_action
from tenant_apps.spaces.models import Process
from tenant_apps.verification.models import VotingCode, VotingCodeBatch
from tenants.models import current_tenant

# No 0/O, 1/I/L: codes are typed from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12  # 31**12 ≈ 7.9e17: guessing within the throttle's limits is hopeless
MAX_BATCH = 5000


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_code(value: str) -> str:
    return "".join(char for char in value.upper() if char.isalnum())


def code_hash(raw: str) -> str:
    # Keyed by the installation secret and the tenant, so a code hash from one tenant's
    # dump matches nothing elsewhere.
    schema: str = connection.schema_name  # type: ignore[attr-defined]
    return identity_key(f"voting-code:{schema}", normalise_code(raw))


def create_batch(
    process: Process, size: int, *, by: Any, note: str = ""
) -> tuple[VotingCodeBatch, list[str]]:
    """Make `size` codes for the process; return the batch and the codes in clear (the
    only time they exist in clear)."""
    if not 1 <= size <= MAX_BATCH:
        raise ValidationError(_("Make between 1 and %(max)d codes at a time.") % {"max": MAX_BATCH})
    raw: set[str] = set()
    while len(raw) < size:
        raw.add("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))
    with transaction.atomic():
        batch = VotingCodeBatch.objects.create(process=process, size=size, note=note, created_by=by)
        VotingCode.objects.bulk_create(VotingCode(batch=batch, code_hash=code_hash(r)) for r in raw)
        log_action(by, "voting_codes.created", target=process.slug, batch=batch.pk, size=size)
    return batch, sorted(format_code(r) for r in raw)


def void_batch(batch: VotingCodeBatch, *, by: Any) -> None:
    """Stop a batch's unused codes working (e.g. a lost sheet); used ones stay valid."""
    with transaction.atomic():
        updated = VotingCodeBatch.objects.filter(pk=batch.pk, voided__isnull=True).update(
            voided=timezone.now()
        )
        if updated:
            log_action(by, "voting_codes.voided", target=batch.process.slug, batch=batch.pk)


def _process_end(process: Process) -> datetime:
    end = datetime.combine(process.ends + timedelta(days=1), time.min)
    return timezone.make_aware(end)


def redeem_code(user: Any, value: str, *, ip: str | None = None) -> Verification:
    """Use a code: mark it used and give the account the process's verification.

    Raises VerificationRefused (logged) for an unknown, used or voided code, or when the
    account already holds a code for that process. Two people typing the same code at
    once: the row lock lets one win; the other is told it is used.
    """
    tenant = current_tenant()
    try:
        with transaction.atomic():
            code = (
                VotingCode.objects.select_for_update(of=("self",))
                .select_related("batch__process")
                .filter(code_hash=code_hash(value))
                .first()
            )
            if code is None:
                raise VerificationRefused(
                    "code_unknown",
                    _("That code does not exist here. Check the letters and digits on your sheet."),
                )
            if code.batch.voided is not None:
                raise VerificationRefused(
                    "code_voided", _("That code has been withdrawn. Ask the staff for a new one.")
                )
            if code.redeemed_at is not None:
                raise VerificationRefused("code_used", _("That code has already been used."))
            process = code.batch.process
            scope = space_scope(process)
            if (
                Verification.objects.filter(user=user, handler="voting_code", scope=scope)
                .valid()
                .exists()
            ):
                raise VerificationRefused(
                    "code_already_held",
                    _(
                        "You already have a voting code for this process; "
                        "keep this one for someone else."
                    ),
                )
            code.redeemed_at = timezone.now()
            code.redeemed_by = user
            code.save(update_fields=["redeemed_at", "redeemed_by"])
            verification = grant_verification(
                user,
                "voting_code",
                scope=scope,
                tenant=tenant,
                expires=_process_end(process),
                evidence=f"batch {code.batch_id}",
                ip=ip,
            )
            log_action(user, "voting_codes.redeemed", target=process.slug, batch=code.batch_id)
    except VerificationRefused as refusal:
        log_refusal(refusal, user, "voting_code", ip=ip, tenant=tenant)
        raise
    return verification
