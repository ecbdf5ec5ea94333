"""Who operates the platform, and the guard for the ops pages on the portal host.

Platform operators are accounts with `is_staff` (or `is_superuser`). Like all staff they
reach their pages only with two-factor authentication (shared_apps/accounts/staff.py
treats every path under /ops/ on the portal as a staff page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def is_platform_operator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or user.is_superuser))


def ops_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 404 unless the request is on the portal host by a platform operator.

    404 rather than 403: the ops pages do not exist for anyone else, as elsewhere.
    Two-factor authentication is enforced before the view by StaffSecurityMiddleware.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if tenant is None or not tenant.is_public or not is_platform_operator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
