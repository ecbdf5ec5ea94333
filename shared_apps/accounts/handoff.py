"""Issue and consume sign-in hand-offs between the portal and tenant hosts.

Browsers keep cookies per host, and `localhost` or a tenant's custom domain share no
parent domain with the portal, so a session cookie cannot simply be shared. Instead the
portal hands the target host a one-time token naming the signed-in session; the target
host trades it for its own cookie with the same session key. One server-side session
therefore backs every host, and signing out anywhere ends it everywhere.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from shared_apps.accounts.models import SignInHandoff, hash_handoff_token
from tenants.links import scheme_and_port
from tenants.models import Domain


def tenant_host_of(request: HttpRequest, url: str) -> str | None:
    """Return the host of `url` if it is a ready tenant host of ours on our scheme and port.

    This is the open-redirect guard: the portal only ever sends people, and tokens, to
    hosts in the Domain table, with the scheme and port the platform itself uses.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme, expected_port = scheme_and_port(request)
    if parts.scheme != scheme or not parts.hostname:
        return None
    if (f":{port}" if port else "") != expected_port:
        return None
    host = parts.hostname.lower()
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    if domain is None or domain.tenant.is_public or domain.tenant.status != "ready":
        return None
    return host


def local_path(url: str | None) -> str:
    """Return the path, query and fragment of a URL, or "/" when it is not a safe path."""
    if not url:
        return "/"
    parts = urlsplit(url)
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path + (f"?{parts.query}" if parts.query else "")


def issue_handoff(request: HttpRequest, host: str) -> str:
    """Return a new one-time token that lets `host` join the request's session."""
    if request.session.session_key is None:
        request.session.save()
    session_key = str(request.session.session_key)
    token = secrets.token_urlsafe(32)
    SignInHandoff.objects.create(
        token_hash=hash_handoff_token(token),
        session_key=session_key,
        host=host,
        expires=timezone.now() + timedelta(seconds=settings.SIGN_IN_HANDOFF_SECONDS),
    )
    return token


def consume_handoff(token: str, host: str) -> str | None:
    """Spend a token on `host`; return the signed-in session key, or None if unusable.

    The row is deleted in the same transaction that reads it, so a token works once
    even when two requests race to spend it.
    """
    with transaction.atomic():
        handoff = (
            SignInHandoff.objects.select_for_update()
            .filter(token_hash=hash_handoff_token(token), host=host)
            .first()
        )
        if handoff is None:
            return None
        handoff.delete()
    if handoff.expires <= timezone.now():
        return None
    session = SessionStore(session_key=handoff.session_key)
    if not session.exists(handoff.session_key) or SESSION_KEY not in session.load():
        return None
    return handoff.session_key


def purge_expired() -> int:
    """Delete expired hand-offs; return how many."""
    deleted, _ = SignInHandoff.objects.filter(expires__lte=timezone.now()).delete()
    return deleted
