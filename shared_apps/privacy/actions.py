"""State changes of the privacy app: data exports, account deletion and terms."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from shared_apps.mail.actions import queue_mail
from shared_apps.privacy.models import (
    DataExport,
    TenantTerms,
    TermsAcceptance,
    hash_download_token,
)
from shared_apps.privacy.registry import (
    Scope,
    UserLink,
    registrations,
    replaced_labels,
    user_links,
)
from shared_apps.privacy.schemas import tenants_with_schema
from tenant_apps.actionlog.actions import log_action
from tenants.models import Tenant

logger = logging.getLogger(__name__)


def private_storage() -> Any:
    """Return the storage for files no URL may serve (see config/storage.py)."""
    return storages["private"]


# --- data export ----------------------------------------------------------------------


def request_data_export(user: User, *, site_url: str) -> DataExport:
    """Create an export for `user` and build it in a Celery task after commit.

    An export still waiting or running is returned instead of starting a second one.
    """
    from shared_apps.privacy.tasks import build_data_export

    with transaction.atomic():
        # Lock the account row so two quick clicks cannot both start an export.
        User.objects.select_for_update().get(pk=user.pk)
        running = DataExport.objects.filter(
            user=user, status__in=[DataExport.Status.PENDING, DataExport.Status.RUNNING]
        ).first()
        if running is not None:
            return running
        export = DataExport.objects.create(user=user, site_url=site_url)
        transaction.on_commit(lambda: build_data_export.delay(export.pk))
    return export


def finish_data_export(export: DataExport, content: bytes) -> str:
    """Store the archive, issue its download token and e-mail the owner the link.

    Return the token (only its hash is stored; "" when the export is gone); the e-mail
    goes out after commit.
    """
    token = secrets.token_urlsafe(32)
    storage = private_storage()
    # A random name as well as private storage: nothing about the file is guessable.
    name = storage.save(
        f"exports/{export.public_id}/{secrets.token_urlsafe(12)}.zip", ContentFile(content)
    )
    with transaction.atomic():
        current = (
            DataExport.objects.select_for_update().select_related("user").filter(pk=export.pk)
        ).first()
        if current is None:
            # The account was deleted while the archive was being built.
            transaction.on_commit(lambda: storage.delete(name))
            return ""
        export = current
        old_name = export.file_name
        export.file_name = name
        export.token_hash = hash_download_token(token)
        export.status = DataExport.Status.DONE
        export.steps_done = export.steps_total
        export.finished = timezone.now()
        export.expires = export.finished + timedelta(days=settings.DATA_EXPORT_DAYS)
        export.save(
            update_fields=["file_name", "token_hash", "status", "steps_done", "finished", "expires"]
        )
        user = export.user
        link = f"{export.site_url}/account/data/{export.public_id}/download/?token={token}"
        with translation.override(user.preferred_language or "sv"):
            context = {"user": user, "link": link, "expires": export.expires}
            queue_mail(
                to=[user.email],
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Your data is ready to download"),
                body_text=render_to_string("privacy/export_ready_email.txt", context),
                kind="data_export_ready",
            )
    if old_name and old_name != name:
        storage.delete(old_name)
    return token


def purge_expired_exports() -> int:
    """Delete the archives of expired exports and mark them expired; return how many."""
    storage = private_storage()
    count = 0
    for export in DataExport.objects.expired().exclude(status=DataExport.Status.EXPIRED):
        if export.file_name:
            storage.delete(export.file_name)
        export.file_name = ""
        export.token_hash = ""
        export.status = DataExport.Status.EXPIRED
        export.save(update_fields=["file_name", "token_hash", "status"])
        count += 1
    return count


# --- account deletion -------------------------------------------------------------------


def _erase_links(links: list[UserLink], user_id: int) -> None:
    """Cut every link to the user in the current schema.

    A nullable foreign key is set to NULL, so what the person wrote or decided stays (and
    reads as "deleted participant"). A row with a non-nullable one is the user's own
    (a membership, an e-mail address, an authenticator) and is deleted, unless a
    registered eraser took that model over.
    """
    replaced = replaced_labels()
    for link in links:
        if link.label in replaced:
            continue
        required = [field for field in link.fields if not field.null]
        if required:
            UserLink(link.model, tuple(required)).rows_of(user_id).delete()
        for field in link.fields:
            if field.null:
                link.model._base_manager.filter(**{field.attname: user_id}).update(
                    **{field.attname: None}
                )


def user_sessions(user: User) -> list[str]:
    """Return the keys of the user's unexpired sessions (session data is not indexed, so
    this reads every live session once; it runs only when an account is deleted)."""
    keys = []
    live = Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=2000)
    for session in live:
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            keys.append(session.session_key)
    return keys


def delete_account(user: User, *, confirmation: str) -> None:
    """Anonymise and delete the account across the public schema and every tenant schema.

    In one transaction (all schemas live in one database): every row linking to the user
    loses the link (nullable foreign keys) or is deleted (the user's own rows), each
    registered eraser runs, and then the user row is deleted. Foreign-key constraints are
    checked at commit, so a link anything missed makes the whole deletion roll back
    rather than leave a half-deleted account. See docs/adr/0009.
    """
    if confirmation.strip().lower() != user.email.lower():
        raise ValidationError(_("Type your e-mail address exactly to confirm."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        file_names = [
            name for name in user.data_exports.values_list("file_name", flat=True) if name
        ]
        tenant_links = user_links(Scope.TENANT)
        for tenant in tenants_with_schema():
            with schema_context(tenant.schema_name):
                # Erasers first: they may still need the links (e.g. to find rows).
                for registration in registrations(Scope.TENANT):
                    if registration.erase is not None:
                        registration.erase(user)
                _erase_links(tenant_links, user.pk)
        with schema_context("public"):
            for registration in registrations(Scope.PUBLIC):
                if registration.erase is not None:
                    registration.erase(user)
            _erase_links(user_links(Scope.PUBLIC), user.pk)
            # Not user.delete(): Django's collector would look for tenant tables'
            # rows in public, where those tables do not exist.
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM accounts_user WHERE id = %s", [user.pk])
        storage = private_storage()
        transaction.on_commit(lambda: [storage.delete(name) for name in file_names])
    logger.info("account %s deleted", user.pk)


# --- terms of participation -------------------------------------------------------------


def save_terms(
    tenant: Tenant, *, text_sv: str, text_en: str, new_version: bool, by: Any
) -> TenantTerms:
    """Create or change the tenant's terms; with `new_version`, everyone accepts again."""
    with transaction.atomic():
        terms = TenantTerms.objects.select_for_update().filter(tenant=tenant).first()
        if terms is None:
            terms = TenantTerms(tenant=tenant, version=1)
            verb = "terms.created"
        elif new_version:
            terms.version += 1
            verb = "terms.new_version"
        else:
            verb = "terms.edited"
        terms.text_sv = text_sv
        terms.text_en = text_en
        terms.save()
        with schema_context(tenant.schema_name):
            log_action(by, verb, target=f"v{terms.version}")
    return terms


def accept_terms(user: User, tenant: Tenant) -> TermsAcceptance | None:
    """Record that `user` accepts the tenant's current terms (idempotent)."""
    terms = TenantTerms.objects.filter(tenant=tenant).first()
    if terms is None:
        return None
    acceptance, _created = TermsAcceptance.objects.get_or_create(
        user=user, tenant=tenant, version=terms.version
    )
    return acceptance
