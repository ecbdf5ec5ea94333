"""The verification handlers: what each one proves, for how long, and where a resident
goes to complete it. Requirements (requirements.py) name handlers from this registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# Requirement options a handler can answer, by the attribute its verifications carry.
AREAS = "areas"  # attributes["area"] is one of a set of area slugs
MIN_AGE = "min_age"  # attributes["birth_date"] shows an age of at least N
RESIDENT = "resident"  # attributes["municipality"] is the city's own


@dataclass(frozen=True)
class Handler:
    name: str
    label: str | _StrPromise
    # What a completed verification tells, in words for the resident.
    proves: str | _StrPromise
    options: frozenset[str] = field(default_factory=frozenset)
    valid_for: timedelta | None = None
    # "city": one verification serves every tenant; "process": only the process it was for.
    scope: str = "city"
    # How the resident completes it: the URL name of the page, and on which host.
    url_name: str = ""
    on_portal: bool = True
    # Said instead of a link when a person must act (e.g. visit a service point).
    how_to: str | _StrPromise = ""
    self_declared: bool = False

    @property
    def enabled(self) -> bool:
        if self.name == "eid":
            return bool(settings.EID_OIDC_ISSUER)
        return True


HANDLERS: dict[str, Handler] = {}


def register(handler: Handler) -> Handler:
    if handler.name in HANDLERS:
        raise ValueError(f"verification handler {handler.name!r} is already registered")
    HANDLERS[handler.name] = handler
    return handler


def get_handler(name: str) -> Handler:
    try:
        return HANDLERS[name]
    except KeyError:
        raise LookupError(f"no verification handler {name!r}") from None


def handler_choices() -> list[tuple[str, str | _StrPromise]]:
    return [(handler.name, handler.label) for handler in HANDLERS.values()]


register(
    Handler(
        name="eid",
        label=_("e-ID (BankID or Freja)"),
        proves=_("who you are, your age, and where you are registered as living"),
        options=frozenset({AREAS, MIN_AGE, RESIDENT}),
        valid_for=timedelta(days=settings.EID_VALID_DAYS),
        url_name="identity:eid_start",
    )
)
register(
    Handler(
        name="postal_code",
        label=_("Postal code (your own statement)"),
        proves=_("which part of the city you say you live in"),
        options=frozenset({AREAS, RESIDENT}),
        valid_for=timedelta(days=365),
        url_name="identity:postal_code",
        self_declared=True,
    )
)
register(
    Handler(
        name="in_person",
        label=_("In person at a service point"),
        proves=_("who you are and where you live, checked by staff against your ID document"),
        options=frozenset({AREAS, MIN_AGE, RESIDENT}),
        valid_for=timedelta(days=2 * 365),
        how_to=_(
            "Bring an ID document to a library or service point that helps with "
            "participation; the staff there verify you."
        ),
    )
)
register(
    Handler(
        name="voting_code",
        label=_("Voting code"),
        proves=_("that you received a code for this process"),
        scope="process",
        url_name="verification:redeem_code",
        on_portal=False,
    )
)
