"""Permissions as named rules (`app.verb_model`), one place for views, API and templates.

A rule is a function of a `Who` (the user, their roles in this tenant, their
verifications) and an optional object. Views call `has_perm`/`require`; templates use
`{% can "spaces.change_process" process as allowed %}`; the authentication backend makes
`user.has_perm("spaces.change_process", process)` answer the same thing.

Component actions (voting, supporting, commenting...) go through `check_action`, which
also looks at the space's active phase and the verifications the component requires, and
says why an action is not possible so the page can tell the resident.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.models import Membership
from shared_apps.identity.requirements import Requirement, requirements_for, unmet_requirements
from shared_apps.privacy.terms import has_accepted_terms
from tenants.models import current_tenant

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from tenant_apps.spaces.models import Component

ADMIN = Membership.Role.ADMIN
PROCESS_ADMIN = Membership.Role.PROCESS_ADMIN
MODERATOR = Membership.Role.MODERATOR
EVALUATOR = Membership.Role.EVALUATOR


@dataclass
class Who:
    """The user as permissions see them, in the current tenant."""

    user: Any
    roles: frozenset[str]

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


def who(user: Any) -> Who:
    """Return the user's roles in the connection's tenant, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return Who(user, frozenset())
    tenant = current_tenant()
    if tenant is None:
        return Who(user, frozenset())
    cache: dict[int, Who] = user.__dict__.setdefault("_torget_who", {})
    if tenant.pk not in cache:
        cache[tenant.pk] = Who(user, frozenset(user.roles_in(tenant)))
    return cache[tenant.pk]


def is_blocked(user: Any) -> bool:
    """Return whether the user is blocked from taking part in the connection's tenant
    (moderation.Block), cached on the user object: one query per request at most."""
    if not getattr(user, "is_authenticated", False):
        return False
    schema = getattr(connection, "schema_name", "public")
    if schema == "public":
        return False
    cache: dict[str, bool] = user.__dict__.setdefault("_torget_blocked", {})
    if schema not in cache:
        # Imported on use: moderation imports this module for its rules.
        from tenant_apps.moderation.models import Block

        cache[schema] = Block.objects.filter(user_id=user.pk).exists()
    return cache[schema]


Rule = Callable[[Who, Any], bool]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(function: Rule) -> Rule:
        if name in RULES:
            raise ValueError(f"rule {name!r} is already defined")
        RULES[name] = function
        return function

    return register


def has_perm(user: Any, name: str, obj: Any = None) -> bool:
    """Return whether the user may do `name` (to `obj`) in the current tenant."""
    try:
        check = RULES[name]
    except KeyError:
        raise LookupError(f"no permission rule {name!r}") from None
    return check(who(user), obj)


def require(user: Any, name: str, obj: Any = None) -> None:
    """Raise 404 unless allowed: staff pages do not reveal themselves to others."""
    if not has_perm(user, name, obj):
        raise Http404


class RulesBackend:
    """Let `user.has_perm("spaces.change_process", obj)` answer from the rules."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in RULES and has_perm(user_obj, perm, obj)


# --- the rules --------------------------------------------------------------------


@rule("spaces.view_manage")
def _view_manage(who: Who, obj: Any) -> bool:
    return bool(who.roles)


@rule("spaces.add_process")
def _add_process(who: Who, obj: Any) -> bool:
    return who.has_role(ADMIN, PROCESS_ADMIN)


@rule("spaces.change_process")
def _change_process(who: Who, obj: Any) -> bool:
    return who.has_role(ADMIN, PROCESS_ADMIN)


@rule("spaces.change_assembly")
def _change_assembly(who: Who, obj: Any) -> bool:
    return who.has_role(ADMIN, PROCESS_ADMIN)


@rule("spaces.view_space")
def _view_space(who: Who, space: Any) -> bool:
    """Published spaces are public; unpublished ones only for staff (or a preview link)."""
    return bool(space is not None and space.published) or bool(who.roles)


@rule("spaces.view_component")
def _view_component(who: Who, component: Any) -> bool:
    if who.roles:
        return True
    return bool(component.published and component.space.published)


@rule("spaces.add_city_template")
def _add_city_template(who: Who, obj: Any) -> bool:
    """Only a tenant admin adds to the city-wide library every tenant sees."""
    return who.has_role(ADMIN)


@rule("accounts.change_membership")
def _change_membership(who: Who, obj: Any) -> bool:
    return who.has_role(ADMIN)


@rule("actionlog.view_action")
def _view_action(who: Who, obj: Any) -> bool:
    return who.has_role(ADMIN, PROCESS_ADMIN)


# --- component actions -------------------------------------------------------------


@dataclass(frozen=True)
class ActionCheck:
    """The answer to "may this user do this in this component now?", with the reason."""

    allowed: bool
    reason: str | _StrPromise = ""
    # What would unlock it: "sign_in", "accept_terms", "verify:<handler>", or "" when
    # nothing can.
    fix: str = ""
    # The verification requirements still unmet, for the page that explains them.
    unmet: tuple[Requirement, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed


def check_action(
    user: Any, component: Component, action: str, *, settings: Mapping[str, Any] | None = None
) -> ActionCheck:
    """Check a resident action against visibility, the active phase, sign-in, a block
    by the tenant's moderators and the verifications the component requires for it.

    `settings` is `component.current_settings()` when the caller has read it already
    (it costs a query for the active phase)."""
    component_type = component.component_type
    if action not in component_type.actions:
        raise LookupError(f"{component.type} has no action {action!r}")
    if not has_perm(user, "spaces.view_component", component):
        return ActionCheck(False, _("This is not published."))
    gate = component_type.actions[action]
    if gate is not None and not (
        settings if settings is not None else component.current_settings()
    ).get(gate):
        return ActionCheck(False, _("This is not open in the current phase."))
    current = who(user)
    if not current.is_authenticated:
        return ActionCheck(False, _("Sign in to take part."), "sign_in")
    # Blocked by this tenant's moderators; nothing the person can do about it here.
    if is_blocked(current.user):
        return ActionCheck(False, _("Your account is blocked from taking part here."))
    # The tenant's own terms of participation (shared_apps.privacy), if it has any.
    if not has_accepted_terms(current.user):
        return ActionCheck(False, _("Accept the terms of participation first."), "accept_terms")
    required = requirements_for(component, action)
    unmet = tuple(unmet_requirements(current.user, component, required)) if required else ()
    if unmet:
        return ActionCheck(
            False, _("You need to verify your identity first."), f"verify:{unmet[0].handler}", unmet
        )
    return ActionCheck(True)
