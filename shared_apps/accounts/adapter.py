"""Connect allauth to Torget: its mail goes through our outbox and a Celery task, its
rate limits key on the same client address as ours, and staff keep their 2FA."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.throttle import client_ip
from shared_apps.accounts.staff import is_staff_user
from shared_apps.mail.actions import queue_mail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render the message now (in the request's language), send it after commit."""
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        queue_mail(
            to=list(message.to),
            subject=message.subject,
            body_text=str(message.body),
            body_html=html,
            kind=template_prefix.rsplit("/", 1)[-1],
        )

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return True

    def get_client_ip(self, request: HttpRequest) -> str:
        """Key allauth's rate limits on the address config.throttle trusts."""
        return client_ip(request)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Staff accounts must keep two-factor authentication. For a new phone, ask the "
            "platform operators to reset it."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Refuse to turn off the authenticator app of staff: staff pages need it."""
        if authenticator.type == Authenticator.Type.TOTP and is_staff_user(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
