"""The one error type of backups, restores and exports."""

from __future__ import annotations


class BackupError(Exception):
    """A backup, restore or export cannot go on; the message says why, for an operator."""
