"""Torget's project package (the design card's `platform/`; see README for the name)."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
