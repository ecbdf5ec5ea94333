"""Periodic account housekeeping."""

from __future__ import annotations

from celery import shared_task

from shared_apps.accounts.handoff import purge_expired


@shared_task
def purge_expired_handoffs() -> int:
    """Delete sign-in hand-offs past their expiry; idempotent, runs in public."""
    return purge_expired()
