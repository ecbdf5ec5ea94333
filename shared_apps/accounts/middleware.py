"""Per-request account behaviour: the user's language, sign-in across hosts, and what
staff need before staff pages."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation

from shared_apps.accounts import staff
from tenants.links import portal_url

# Set on a tenant host once the portal has answered "nobody is signed in", so an
# anonymous visitor is bounced through the portal at most once per browser session.
CHECKED_COOKIE = "torget_signin_checked"
_NO_CHECK_PREFIXES = ("/sign-in/", "/static/", "/media/", "/accounts/", "/healthz", "/readyz")


class UserLanguageMiddleware:
    """Use a signed-in user's preferred language unless this browser chose another."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class CrossHostSignInMiddleware:
    """On a tenant host, ask the portal once whether the visitor is signed in.

    Only plain page views from a browser are bounced (GET, Accept: text/html, no session
    cookie yet, not asked before); the portal answers at once with a hand-off token or
    with "anonymous", so the visitor sees no sign-in page. Works without JavaScript.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._should_ask_portal(request):
            query = urlencode({"next": request.build_absolute_uri(), "passive": "1"})
            return HttpResponseRedirect(portal_url(request, f"/sign-in/handoff/?{query}"))
        return self.get_response(request)

    @staticmethod
    def _should_ask_portal(request: HttpRequest) -> bool:
        tenant = getattr(request, "tenant", None)
        return (
            tenant is not None
            and not tenant.is_public
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CHECKED_COOKIE not in request.COOKIES
            and "text/html" in request.headers.get("Accept", "")
            and not request.path.startswith(_NO_CHECK_PREFIXES)
        )


class StaffSecurityMiddleware:
    """Keep staff sessions short and send staff without two-factor authentication to it.

    See shared_apps/accounts/staff.py. The session limit is applied before the view (a
    role granted mid-session) and again after it when the view signed someone in, so the
    sign-in response already carries the short cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user_before = request.user.pk if request.user.is_authenticated else None
        if user_before is not None and staff.is_staff_session(request):
            staff.limit_staff_session(request)
            if staff.is_staff_page(request):
                redirect = staff.two_factor_redirect(request)
                if redirect is not None:
                    return redirect
        response = self.get_response(request)
        user = request.user
        if user.is_authenticated and user.pk != user_before and staff.is_staff_user(user):
            staff.limit_staff_session(request)
        return response
