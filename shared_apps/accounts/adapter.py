"""Connect allauth to Torget: its mail goes through our outbox and a Celery task."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

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
