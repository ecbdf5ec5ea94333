"""Where personal data lives: found by foreign keys to the user, plus what apps register.

Generic discovery (`user_links`) finds every model, in shared and tenant apps alike, with a
ForeignKey or OneToOneField to AUTH_USER_MODEL, so a new app's rows are exported and
anonymised without anyone remembering to add them here. What no user foreign key reaches
(sessions, the outbox, an e-mail address written into a log) is registered by the app
that owns it, in a `privacy.py` module the privacy app imports at start-up:

    from shared_apps.privacy.registry import Scope, register

    register("mail.OutgoingMail", Scope.PUBLIC, export=export_mail, erase=erase_mail)

An exporter returns the rows (JSON-ready dicts) for one archive file; an eraser removes or
scrubs the data and runs inside the deletion's transaction. Passing `replaces=True`
tells the generic step to leave that model to the eraser (use it for a model whose
non-nullable user foreign key must not simply delete the row).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

# Columns never written into an archive: credentials and secrets, not information about
# the person (a password hash or a session key in a downloadable file only helps thieves).
SECRET_FIELD_NAMES = frozenset({"password", "token_hash", "session_key", "secret"})
# Secrets whose column name is also used for plain data elsewhere ("key" of a follow is
# "proposal:12"; the key of a person's identity is a keyed hash).
SECRET_FIELDS = frozenset({"identity.PersonIdentity.key"})


class Scope(enum.Enum):
    PUBLIC = "public"
    TENANT = "tenant"


Row = dict[str, Any]
Exporter = Callable[[Any], Iterable[Row]]
Eraser = Callable[[Any], None]


@dataclass(frozen=True)
class Registration:
    name: str
    scope: Scope
    export: Exporter | None = None
    erase: Eraser | None = None
    # Model label ("app.Model") the eraser takes over from the generic step, if any.
    replaces: bool = False


_REGISTRY: dict[str, Registration] = {}


def register(
    name: str,
    scope: Scope,
    *,
    export: Exporter | None = None,
    erase: Eraser | None = None,
    replaces: bool = False,
) -> Registration:
    """Register an exporter and/or eraser under `name` (a model label or a source name)."""
    if name in _REGISTRY:
        raise ValueError(f"privacy source {name!r} is already registered")
    registration = Registration(name, scope, export, erase, replaces)
    _REGISTRY[name] = registration
    return registration


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def registrations(scope: Scope) -> list[Registration]:
    """Return the registrations for one kind of schema, in a stable order."""
    return sorted((r for r in _REGISTRY.values() if r.scope is scope), key=lambda r: r.name)


# --- generic discovery ------------------------------------------------------------------


@dataclass(frozen=True)
class UserLink:
    """A model and its foreign keys (ForeignKey/OneToOne) to the user model."""

    model: type[models.Model]
    fields: tuple[models.ForeignKey[Any, Any], ...]

    @property
    def label(self) -> str:
        return self.model._meta.label

    def rows_of(self, user_id: int) -> models.QuerySet[Any]:
        """Return the rows where any of the user foreign keys is `user_id`."""
        condition = models.Q()
        for field in self.fields:
            condition |= models.Q(**{field.attname: user_id})
        return self.model._base_manager.filter(condition)


def _scope_of(model: type[models.Model]) -> Scope | None:
    app_name = model._meta.app_config.name if model._meta.app_config else ""
    if app_name in settings.SHARED_APPS:
        return Scope.PUBLIC
    if app_name in settings.TENANT_APPS:
        return Scope.TENANT
    return None


def user_links(scope: Scope) -> list[UserLink]:
    """Return every model of the scope with a foreign key to the user model.

    Includes auto-created many-to-many tables (e.g. the user's groups) and excludes the
    user model itself, proxies and unmanaged models.
    """
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    links = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if model is user_model or meta.proxy or not meta.managed or _scope_of(model) is not scope:
            continue
        fields = tuple(
            field
            for field in meta.concrete_fields
            if isinstance(field, models.ForeignKey)  # OneToOneField is a ForeignKey
            and field.remote_field.model is user_model
        )
        if fields:
            links.append(UserLink(model, fields))
    return sorted(links, key=lambda link: link.label)


def replaced_labels() -> frozenset[str]:
    """Return the model labels whose erasure a registered eraser owns."""
    return frozenset(name for name, r in _REGISTRY.items() if r.replaces)


def serialize_rows(queryset: models.QuerySet[Any]) -> list[Row]:
    """Return the rows as dicts of their concrete columns, without secrets."""
    names = [
        field.attname
        for field in queryset.model._meta.concrete_fields
        if field.name not in SECRET_FIELD_NAMES
        and f"{queryset.model._meta.label}.{field.name}" not in SECRET_FIELDS
    ]
    return list(queryset.order_by("pk").values(*names))


def email_addresses(user: Any) -> list[str]:
    """Return every e-mail address of the account (its login and allauth's list)."""
    from allauth.account.models import EmailAddress

    addresses = {user.email.lower()}
    addresses.update(
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return sorted(addresses)
