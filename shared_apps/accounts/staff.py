"""What Torget asks more of staff: two-factor authentication and a shorter session.

Staff are people with any role in any tenant (whatever the role, including roles added
later) and platform operators (`is_staff`/`is_superuser`, who use the Django admin).
They reach staff pages (a tenant's /manage/, the portal's admin) only

1. with an activated authenticator app (TOTP), and
2. in a session that passed a two-factor step: allauth records an "mfa" authentication
   in the session when the code is entered at sign-in, at re-authentication, or (ours)
   when the app is activated, since entering its first code proves the same thing.

Their session ends STAFF_SESSION_SECONDS after sign-in, or after the request in which
they were first seen as staff (a role granted mid-session), whichever comes first.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from tenants.links import portal_url

# {"user": "<pk>", "until": <timestamp>}: this session belongs to staff and ends then.
STAFF_SESSION_KEY = "torget_staff_session"
# Where to go once two-factor authentication is set up (a path on the portal).
AFTER_TWO_FACTOR_KEY = "torget_after_two_factor"


def is_staff_user(user: Any) -> bool:
    """Return whether the user holds any role anywhere or operates the platform."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(user.roles_by_tenant())


def has_activated_totp(user: Any) -> bool:
    """Return whether the user has an authenticator app set up."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def passed_two_factor(request: HttpRequest) -> bool:
    """Return whether this session's sign-in included a two-factor step."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def is_staff_session(request: HttpRequest) -> bool:
    """Return whether the signed-in user is staff, remembered in the session once seen.

    Residents cost one query per request, so that a role granted mid-session counts at
    once; staff sessions are known from the session alone.
    """
    marker = request.session.get(STAFF_SESSION_KEY)
    if isinstance(marker, dict) and marker.get("user") == str(request.user.pk):
        return True
    return is_staff_user(request.user)


def limit_staff_session(request: HttpRequest) -> None:
    """End a staff session STAFF_SESSION_SECONDS after it was first seen as staff.

    Called on every staff request, so an expiry written later (allauth sets the
    "remember me" expiry after the sign-in itself) is brought back under the limit.
    """
    session = request.session
    marker = session.get(STAFF_SESSION_KEY)
    if isinstance(marker, dict) and marker.get("user") == str(request.user.pk):
        until = datetime.fromtimestamp(float(marker["until"]), tz=timezone.get_current_timezone())
    else:
        until = timezone.now() + timedelta(seconds=settings.STAFF_SESSION_SECONDS)
        session[STAFF_SESSION_KEY] = {"user": str(request.user.pk), "until": until.timestamp()}
    if session.get_expiry_date() > until:
        session.set_expiry(until)


def is_staff_page(request: HttpRequest) -> bool:
    """Return whether the request is for a staff page: /manage/ on a tenant host, the
    Django admin on the portal."""
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        return False
    if tenant.is_public:
        return request.path.startswith(
            reverse("ops:dashboard", urlconf=settings.PUBLIC_SCHEMA_URLCONF)
        )
    return request.path.startswith(reverse("manage:dashboard", urlconf=settings.ROOT_URLCONF))


def two_factor_redirect(request: HttpRequest) -> HttpResponseRedirect | None:
    """Return where a staff member must go before this staff page, or None if nowhere.

    Without an authenticator app: to its set-up on the portal. With one but a session
    that did not use it: to the portal's two-factor re-authentication. Both come back
    to the page afterwards (through the portal's sign-in hand-off for a tenant host).
    """
    if not has_activated_totp(request.user):
        view = "mfa_activate_totp"
    elif not passed_two_factor(request):
        view = "mfa_reauthenticate"
    else:
        return None
    tenant = getattr(request, "tenant", None)
    if tenant is not None and tenant.is_public:
        back = request.get_full_path()
    else:
        back = "/sign-in/handoff/?" + urlencode({"next": request.build_absolute_uri()})
    path = reverse(view, urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    return HttpResponseRedirect(portal_url(request, f"{path}?{urlencode({'next': back})}"))
