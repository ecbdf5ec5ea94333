"""The one exception e-proposal actions raise for a refusal the resident must read, and
how a view turns any refusal (ours, or a ValidationError from clean_user_text) into text."""

from django.core.exceptions import ValidationError


class EProposalRefused(Exception):
    """An action was refused; `str(error)` says why, in the active language."""


def refusal_message(error: Exception) -> str:
    """Return what to tell the person: a ValidationError's messages, else the error's text."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
