"""Supporting an e-proposal: the write that races, so it locks the e-proposal's row.

Invariants, under any number of parallel requests: `supports_count` equals the Support
rows; one Support per person (the verified identity's key) and per account, enforced by
unique constraints as well as checked first for a readable message; no support is taken
after the deadline or beyond the threshold, and the threshold moment happens once.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from shared_apps.eproposals import participation
from shared_apps.eproposals.actions import reached_threshold
from shared_apps.eproposals.errors import EProposalRefused
from shared_apps.eproposals.models import EProposal, EProposalSettings, Support
from shared_apps.eproposals.verification import accepted_labels, verified_person

S = EProposal.Status


def _check_open(target: EProposal) -> None:
    now = timezone.now()
    if target.status == S.OPEN and target.support_ends and target.support_ends <= now:
        ended = formats.date_format(timezone.localtime(target.support_ends), "DATE_FORMAT")
        raise EProposalRefused(
            _("The support period ended on %(date)s; supports are no longer taken.")
            % {"date": ended}
        )
    if target.status in EProposal.HANDLING:
        raise EProposalRefused(
            _("This e-proposal already has the supports it needed and has gone on for an answer.")
        )
    if target.status != S.OPEN:
        raise EProposalRefused(
            _("This e-proposal is %(status)s and takes no supports.")
            % {"status": target.get_status_display().lower()}
        )


def support(user: Any, eproposal: EProposal) -> Support:
    """Add the user's support as the verified person behind the account."""
    config = EProposalSettings.current()
    person = verified_person(user, config.support_verifications)
    if person is None:
        raise EProposalRefused(
            _("To support an e-proposal you need to verify yourself with %(how)s.")
            % {"how": accepted_labels(config.support_verifications)}
        )
    try:
        with transaction.atomic():
            # The row lock serialises every support of this e-proposal: the count, the
            # deadline check and the threshold moment are decided by one writer at a time.
            target = EProposal.objects.select_for_update().get(pk=eproposal.pk)
            _check_open(target)
            mine = Support.objects.filter(eproposal=target)
            if mine.filter(user=user).exists():
                raise EProposalRefused(_("You already support this e-proposal."))
            if mine.filter(person_key=person.key).exists():
                raise EProposalRefused(
                    _(
                        "The person your verification belongs to has already supported this "
                        "e-proposal from another account. Each person supports once."
                    )
                )
            row = Support.objects.create(
                eproposal=target, user=user, person_key=person.key, area_slug=person.area
            )
            target.supports_count += 1
            target.save(update_fields=["supports_count", "modified"])
            participation.noted(user, participation.SUPPORTED, target)
            if target.threshold and target.supports_count >= target.threshold:
                reached_threshold(target, user)
    except IntegrityError:
        # Only reachable if the checks above were bypassed; the constraint is the last word.
        raise EProposalRefused(_("You already support this e-proposal.")) from None
    return row


def withdraw_support(user: Any, eproposal: EProposal) -> None:
    """Take the user's support back while the e-proposal is open for support."""
    with transaction.atomic():
        target = EProposal.objects.select_for_update().get(pk=eproposal.pk)
        _check_open(target)
        deleted, _rows = Support.objects.filter(eproposal=target, user=user).delete()
        if not deleted:
            raise EProposalRefused(_("You do not support this e-proposal."))
        target.supports_count -= 1
        target.save(update_fields=["supports_count", "modified"])
        participation.forgotten(user, participation.SUPPORTED, target)


def supports(user: Any, eproposal: EProposal) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Support.objects.filter(eproposal=eproposal, user=user).exists()
