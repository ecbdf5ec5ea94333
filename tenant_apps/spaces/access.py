"""Access helpers: every view fetches spaces and components through these, which scope
to the current tenant and user and answer 404 for both "missing" and "not yours"."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest
from django.utils.crypto import constant_time_compare

from tenant_apps.spaces.models import ACTIVE_PHASE_PK, Assembly, Component, Phase, Process
from tenant_apps.spaces.permissions import has_perm, require

SPACE_MODELS: dict[str, type[Process] | type[Assembly]] = {
    "processes": Process,
    "assemblies": Assembly,
}


class SpaceKindConverter:
    """The URL segment naming a kind of space."""

    regex = "processes|assemblies"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def _preview_key(space: Process | Assembly) -> str:
    return f"preview:{space.space_kind}:{space.pk}"


def has_preview(request: HttpRequest, space: Process | Assembly) -> bool:
    """Accept the space's private preview link (`?preview=TOKEN`), remembered for the
    visit so its component pages open too; rotating the token revokes it."""
    offered = request.GET.get("preview") or request.session.get(_preview_key(space), "")
    if offered and constant_time_compare(offered, space.preview_token):
        if request.session.get(_preview_key(space)) != offered:
            request.session[_preview_key(space)] = offered
        return True
    return False


def get_space_for_user(request: HttpRequest, space_kind: str, slug: str) -> Any:
    """Return a published space, or an unpublished one for staff and preview links."""
    model = SPACE_MODELS[space_kind]
    space = model.objects.filter(slug=slug).prefetch_related("areas").first()
    if space is None:
        raise Http404
    if not has_perm(request.user, "spaces.view_space", space) and not has_preview(request, space):
        raise Http404
    return space


def get_component_for_user(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, type_name: str
) -> Component:
    """Return a component of the given type that the user may see (404 otherwise).

    One query reads the component with its space (component pages do not need the
    space's areas, which get_space_for_user prefetches for the space's own page).
    """
    space_field = SPACE_MODELS[space_kind]._meta.model_name
    components = Component.objects.filter(
        pk=component_id, type=type_name, **{f"{space_field}__slug": space_slug}
    ).select_related(space_field)
    if space_kind == "processes":
        # With the active phase's id, so current_settings() needs no query of its own.
        active = Phase.objects.filter(process=OuterRef("process"), is_active=True)
        components = components.annotate(**{ACTIVE_PHASE_PK: Subquery(active.values("pk")[:1])})
    component = components.first()
    if component is None:
        raise Http404
    space = component.space
    if not has_perm(request.user, "spaces.view_space", space) and not has_preview(request, space):
        raise Http404
    if not has_perm(request.user, "spaces.view_component", component) and not (
        component.published and has_preview(request, space)
    ):
        raise Http404
    return component


def get_space_for_manage(request: HttpRequest, space_kind: str, slug: str) -> Any:
    """Return a space the user may change (404 for everyone else)."""
    model = SPACE_MODELS[space_kind]
    space = model.objects.filter(slug=slug).first()
    if space is None:
        raise Http404
    require(request.user, space.change_rule, space)
    return space


def get_component_for_manage(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    type_name: str | None = None,
) -> Component:
    space = get_space_for_manage(request, space_kind, space_slug)
    components = space.components.filter(pk=component_id)
    if type_name is not None:
        components = components.filter(type=type_name)
    component = components.first()
    if component is None or not component.type_is_registered:
        raise Http404
    return component


def get_component_for_rule(
    request: HttpRequest,
    space_kind: str,
    slug: str,
    component_id: int,
    type_name: str,
    rule: str,
) -> Component:
    """Return a component of `type_name` if the user has `rule` on it (404 otherwise).

    For staff roles below space admin (evaluators answer proposals, verifiers enter paper
    ballots): they cannot change the space, so `get_component_for_manage` would refuse them.
    """
    space = SPACE_MODELS[space_kind].objects.filter(slug=slug).first()
    if space is None:
        raise Http404
    component = space.components.filter(pk=component_id, type=type_name).first()
    if component is None or not component.type_is_registered:
        raise Http404
    require(request.user, rule, component)
    return component
