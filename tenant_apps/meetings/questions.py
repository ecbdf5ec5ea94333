"""The hook for registration questions (an optional form a meeting asks when residents
register), to be filled by the forms engine (tenant_apps/forms) when it is attached.

Meetings know nothing of how questions are defined. A provider answers two calls:

    class Provider:
        def form(self, meeting, data=None) -> django.forms.Form | None:
            # The bound (data given) or unbound form of the meeting's questions, or None
            # when the meeting asks none.
        def answers(self, meeting, form) -> dict:
            # JSON-ready answers of the valid form, kept on the Registration
            # (Registration.answers).

and is installed once, from the providing app's AppConfig.ready():

    from tenant_apps.meetings.questions import set_provider
    set_provider(FormsEngineQuestions())

The register view (`views.meeting_register`) shows `form` on the registration page, and
on POST refuses an invalid form with its messages (status 400, nothing written). Valid
answers go to `registering.register(..., answers=...)`, which stores them on the
registration in the same transaction as the place itself. The provider is the forms
engine (tenant_apps/meetings/registration_form.py, installed by MeetingsConfig); a meeting
without questions asks nothing and `answers` stays empty.
"""

from __future__ import annotations

from typing import Any, Protocol

from django import forms

from tenant_apps.meetings.models import Meeting


class QuestionsProvider(Protocol):
    def form(self, meeting: Meeting, data: Any = None) -> forms.Form | None: ...

    def answers(self, meeting: Meeting, form: forms.Form) -> dict[str, Any]: ...


_provider: QuestionsProvider | None = None


def set_provider(provider: QuestionsProvider | None) -> None:
    """Install (or, with None, remove) the registration questions provider."""
    global _provider
    _provider = provider


def registration_questions(meeting: Meeting, data: Any = None) -> forms.Form | None:
    """Return the meeting's registration form (bound when `data` is given), or None."""
    return _provider.form(meeting, data) if _provider is not None else None


def registration_answers(meeting: Meeting, form: forms.Form | None) -> dict[str, Any]:
    """Return the answers of a valid registration form as JSON-ready data."""
    if _provider is None or form is None:
        return {}
    return _provider.answers(meeting, form)
