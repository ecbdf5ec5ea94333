"""Periodic work of e-proposals (public schema; no tenant fan-out needed)."""

from __future__ import annotations

from celery import shared_task

from shared_apps.eproposals.actions import close_expired


@shared_task
def close_expired_eproposals() -> int:
    """Close the e-proposals whose support period ended; idempotent (only open rows with
    a past deadline are touched, under SKIP LOCKED)."""
    return close_expired()
