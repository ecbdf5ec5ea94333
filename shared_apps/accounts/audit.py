"""Log lines for failed and locked second factors: account, address, never the code.

allauth announces a wrong code with its `authentication_failed` signal, the only hook
it offers; the receivers here only write log lines.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.mfa import signals
from django.http import HttpRequest

from config.throttle import client_ip

logger = logging.getLogger("torget.security")


def log_wrong_code(
    sender: Any,
    request: HttpRequest | None,
    user: Any,
    authenticator: Any,
    reauthentication: bool = False,
    **kwargs: Any,
) -> None:
    """Write a warning for a wrong two-factor code (the code itself is never logged)."""
    logger.warning(
        "wrong two-factor code: account=%s ip=%s step=%s",
        getattr(user, "pk", None),
        client_ip(request) if request is not None else "-",
        "reauthentication" if reauthentication else "sign-in",
    )


def log_locked_out(user: Any, request: HttpRequest | None) -> None:
    """Write a warning for a code refused unread because the account's 2FA is locked."""
    logger.warning(
        "two-factor locked, code refused: account=%s ip=%s",
        getattr(user, "pk", None),
        client_ip(request) if request is not None else "-",
    )


def connect() -> None:
    """Connect the receivers (from AccountsConfig.ready)."""
    signals.authentication_failed.connect(log_wrong_code, dispatch_uid="torget-mfa-wrong-code")
