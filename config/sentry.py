"""Send errors to Sentry, only when SENTRY_DSN is set (settings.py calls `init_sentry`).

Without a DSN this module is never imported, so sentry-sdk is neither loaded nor
initialised. With one, reports carry no personal data we can keep out: no user fields,
addresses or cookies (send_default_pii=False), no request bodies (residents write
proposals, identity flows carry personal numbers) and no local variables of the frames.
"""

from __future__ import annotations


def init_sentry(*, dsn: str, environment: str, release: str) -> None:
    """Initialise sentry-sdk with the Django and Celery integrations."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        # Errors only; performance tracing would send every request's timings.
        traces_sample_rate=0.0,
    )
