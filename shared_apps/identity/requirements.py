"""Per-action verification requirements of a component, checked at the moment of use.

A component's `permissions` hold, per action:

    {"vote": {"verifications": ["eid", "postal_code"],
              "options": {"postal_code": {"areas": ["centrum"]}, "eid": {"min_age": 16}}}}

Every listed handler must be satisfied by one valid (not revoked, not expired)
verification of the user whose attributes meet that handler's options.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _

from shared_apps.identity.handlers import AREAS, HANDLERS, MIN_AGE, RESIDENT, get_handler
from shared_apps.identity.models import Verification
from shared_apps.identity.personal_number import age_on

if TYPE_CHECKING:
    from tenant_apps.spaces.models import Component

_CACHE = "_torget_verifications"


@dataclass(frozen=True)
class Requirement:
    handler: str
    areas: tuple[str, ...] = ()
    min_age: int | None = None
    resident: bool = False

    @property
    def label(self) -> str:
        return str(get_handler(self.handler).label)

    def conditions(self) -> list[str]:
        """Return the options in words, e.g. ["lives in Centrum", "is at least 16"]."""
        from shared_apps.vocabularies.models import Area

        words = []
        if self.resident:
            words.append(_("lives in %(city)s") % {"city": settings.CITY_NAME})
        if self.areas:
            names = [area.name for area in Area.objects.filter(slug__in=self.areas)]
            words.append(_("lives in %(areas)s") % {"areas": _(" or ").join(names)})
        if self.min_age:
            words.append(_("is at least %(age)d years old") % {"age": self.min_age})
        return words

    def satisfied_by(self, verification: Verification, scope: str, today: date) -> bool:
        if verification.handler != self.handler:
            return False
        if get_handler(self.handler).scope == "process" and verification.scope != scope:
            return False
        attributes = verification.attributes
        if self.resident and attributes.get("municipality") != settings.CITY_MUNICIPALITY_CODE:
            return False
        if self.areas and attributes.get("area") not in self.areas:
            return False
        if self.min_age:
            born = attributes.get("birth_date")
            if not born or age_on(date.fromisoformat(born), today) < self.min_age:
                return False
        return True


def requirements_for(component: Component, action: str) -> list[Requirement]:
    """Return what the component's action requires (empty when it requires nothing)."""
    rule = component.permissions.get(action) or {}
    options = rule.get("options") or {}
    result = []
    for name in rule.get("verifications") or []:
        given = options.get(name) or {}
        result.append(
            Requirement(
                handler=name,
                areas=tuple(given.get(AREAS) or ()),
                min_age=given.get(MIN_AGE) or None,
                resident=bool(given.get(RESIDENT)),
            )
        )
    return result


def space_scope(space: Any) -> str:
    """Return the scope of a verification bound to one space (a process's voting code)."""
    schema: str = connection.schema_name  # type: ignore[attr-defined]
    return f"{schema}:{space.space_kind}:{space.pk}"


def valid_verifications(user: Any) -> list[Verification]:
    """Return the user's valid verifications, read once per request (cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if _CACHE not in user.__dict__:
        user.__dict__[_CACHE] = list(Verification.objects.filter(user=user).valid())
    cached: list[Verification] = user.__dict__[_CACHE]
    now = timezone.now()
    # Expiry and revocation are honoured at the moment of use, even within a request.
    return [verification for verification in cached if verification.is_valid(now)]


def forget_cached(user: Any) -> None:
    user.__dict__.pop(_CACHE, None)


def unmet_requirements(
    user: Any, component: Component, requirements: Iterable[Requirement]
) -> list[Requirement]:
    """Return the requirements no valid verification of the user meets."""
    held = valid_verifications(user)
    scope = space_scope(component.space)
    today = timezone.localdate()
    return [
        requirement
        for requirement in requirements
        if not any(requirement.satisfied_by(v, scope, today) for v in held)
    ]


def clean_permissions(actions: Iterable[str], data: Mapping[str, Any]) -> dict[str, Any]:
    """Return validated `permissions` for a component, or raise ValidationError."""
    from shared_apps.vocabularies.models import Area

    known_areas = set(Area.objects.values_list("slug", flat=True))
    actions = set(actions)
    cleaned: dict[str, Any] = {}
    for action, rule in data.items():
        if action not in actions:
            raise ValidationError(_("Unknown action: %(action)s") % {"action": action})
        names = list(dict.fromkeys(rule.get("verifications") or []))
        options: dict[str, dict[str, Any]] = {}
        for name in names:
            if name not in HANDLERS:
                raise ValidationError(_("Unknown verification: %(name)s") % {"name": name})
            handler = HANDLERS[name]
            given = (rule.get("options") or {}).get(name) or {}
            kept: dict[str, Any] = {}
            for option, value in given.items():
                if not value:
                    continue
                if option not in handler.options:
                    raise ValidationError(
                        format_lazy(
                            _("{handler} cannot prove “{option}”."),
                            handler=handler.label,
                            option=option,
                        )
                    )
                if option == AREAS:
                    unknown = set(value) - known_areas
                    if unknown:
                        raise ValidationError(
                            _("Unknown area: %(areas)s") % {"areas": ", ".join(sorted(unknown))}
                        )
                    kept[option] = sorted(value)
                elif option == MIN_AGE:
                    if not isinstance(value, int) or not 1 <= value <= 120:
                        raise ValidationError(_("The minimum age must be between 1 and 120."))
                    kept[option] = value
                elif option == RESIDENT:
                    kept[option] = True
            if kept:
                options[name] = kept
        if names:
            cleaned[action] = {"verifications": names, **({"options": options} if options else {})}
    return cleaned
