"""Account data that no user foreign key reaches: the user row itself and sessions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.sessions.models import Session

from shared_apps.accounts.models import SignInHandoff, User
from shared_apps.privacy.registry import Row, Scope, register, serialize_rows


def export_user(user: Any) -> Iterable[Row]:
    return serialize_rows(User.objects.filter(pk=user.pk))


def erase_sessions(user: Any) -> None:
    """Sign the account out everywhere: delete its sessions and their hand-offs."""
    from shared_apps.privacy.actions import user_sessions

    keys = user_sessions(user)
    SignInHandoff.objects.filter(session_key__in=keys).delete()
    Session.objects.filter(session_key__in=keys).delete()


register("accounts.User", Scope.PUBLIC, export=export_user)
register("sessions.Session", Scope.PUBLIC, erase=erase_sessions)
