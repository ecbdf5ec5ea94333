"""E-mail to voters: the receipt of a submitted ballot and the reminder of an unfinished one.

Both go through `queue_mail` in the resident's language and are sent after the caller's
transaction commits. Neither lists the projects chosen: the outbox lives in the public
schema and is read by the platform's operators, so a ballot's content stays in the
tenant; the receipt page (signed in) shows it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from shared_apps.mail.actions import queue_mail
from shared_apps.mail.models import OutgoingMail
from shared_apps.notifications.links import mail_url
from tenant_apps.budgets.models import Ballot
from tenants.models import current_tenant


def _language(user: Any) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def queue_receipt(user: Any, ballot: Ballot) -> OutgoingMail | None:
    """Queue the receipt of a just-submitted ballot (inside the submitting transaction)."""
    if not user.email:
        return None
    budget = ballot.budget
    with translation.override(_language(user)):
        context = {
            "user": user,
            "budget": budget,
            "space": budget.component.space,
            "code": ballot.receipt_code,
            "submitted_at": ballot.submitted_at,
            "link": mail_url(current_tenant(), f"{budget.get_absolute_url()}receipt/"),
        }
        return queue_mail(
            to=[user.email],
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
            + _("Your vote is counted: %(budget)s") % {"budget": budget.title.text},
            body_text=render_to_string("budgets/receipt_email.txt", context),
            kind="budget_receipt",
        )


def queue_reminder(user: Any, ballot: Ballot) -> OutgoingMail | None:
    """Queue a reminder that the resident's ballot is not submitted yet."""
    if not user.email:
        return None
    budget = ballot.budget
    space = budget.component.space
    phase = getattr(space, "active_phase", None)
    with translation.override(_language(user)):
        context = {
            "user": user,
            "budget": budget,
            "space": space,
            "ends": phase.ends if phase is not None else None,
            "link": mail_url(current_tenant(), budget.get_absolute_url()),
        }
        return queue_mail(
            to=[user.email],
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
            + _("Your vote is not submitted yet: %(budget)s") % {"budget": budget.title.text},
            body_text=render_to_string("budgets/reminder_email.txt", context),
            kind="budget_reminder",
        )
